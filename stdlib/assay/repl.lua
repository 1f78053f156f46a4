-- assay/repl.lua: the interactive prompt of `assay repl`.
--
--   repl.pretty(v [, opts]) -> string      values as the prompt prints them
--   repl.grid(rows, columns) -> string     rows (arrays or records) as an aligned table
--   repl.rows(list, columns) -> list       marks a list of records to print as a table
--   repl.complete(before, env) -> insert, listing   what Tab does
--   repl.incomplete(msg) -> bool           is a syntax error "the chunk is not finished"?
--   repl.new{db =, out =} -> session       the helpers' environment (session.env)
--   repl.start{db =, scripts =, ...} -> exit status   the loop (terminal or piped)
--
-- The terminal side (libedit, Ctrl-C) is engine/repl.c, require "assay.repl_c".
local text = require "assay.text"
local re = require "assay.re"
local host = require "assay.host"

local M = {}

local MAX_STRING = 200       -- bytes of a string shown before it is cut
local MAX_DEPTH = 4          -- nesting shown before "{...}"
local MAX_ITEMS = 100        -- entries of one table shown
local MAX_CELL = 40          -- columns of one table cell
local MAX_FIELD = 200        -- columns of one value of a row printed as a record
local MAX_ROWS = 50          -- rows of a grid shown

-- {====== pretty printer ======

local function cut_utf8 (s, n)      -- at most n bytes of s, never half a character
  if #s <= n then return s end
  local i = n
  while i > 0 and (s:byte(i + 1) or 0) & 0xC0 == 0x80 do i = i - 1 end
  return s:sub(1, i)
end

local ESC = { ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ['"'] = '\\"', ["\\"] = "\\\\" }

local function quote (s)
  local shown, more = s, 0
  if #s > MAX_STRING then shown = cut_utf8(s, MAX_STRING); more = #s - #shown end
  local q = '"' .. shown:gsub('[%c"\\]', function (c) return ESC[c] or string.format("\\%d", c:byte()) end) .. '"'
  if more > 0 then q = q .. "...(" .. more .. " more bytes)" end
  return q
end

local function is_ident (k)
  return type(k) == "string" and k:match("^[%a_][%w_]*$") ~= nil
end

local TYPE_ORDER = { number = 1, string = 2, boolean = 3 }
local function key_less (a, b)
  local ta, tb = type(a), type(b)
  if ta == tb and (ta == "number" or ta == "string") then return a < b end
  if ta ~= tb then return (TYPE_ORDER[ta] or 9) < (TYPE_ORDER[tb] or 9) end
  return tostring(a) < tostring(b)
end

local Rows = {}                      -- metatable of lists printed as tables
Rows.__name = "assay.rows"

local function scalar (v)
  if type(v) == "string" then return quote(v) end
  if math.type(v) == "float" and v == math.floor(v) and v > -1e15 and v < 1e15 then
    return string.format("%.1f", v)
  end
  return tostring(v)
end

local pretty

local function table_str (t, depth, seen, indent)
  if seen[t] then return "<cycle: " .. tostring(t) .. ">" end
  if depth > MAX_DEPTH then return "{...}" end
  seen[t] = true
  local n = #t
  local keys = {}
  for k in pairs(t) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, key_less)
  local items, shown = {}, 0
  for i = 1, n do
    if shown >= MAX_ITEMS then break end
    items[#items + 1] = pretty(t[i], depth + 1, seen, indent .. "  ")
    shown = shown + 1
  end
  for _, k in ipairs(keys) do
    if shown >= MAX_ITEMS then break end
    local ks = is_ident(k) and k or "[" .. pretty(k, depth + 1, seen, indent .. "  ") .. "]"
    items[#items + 1] = ks .. " = " .. pretty(t[k], depth + 1, seen, indent .. "  ")
    shown = shown + 1
  end
  local total = n + #keys
  if total > shown then items[#items + 1] = "...(" .. (total - shown) .. " more)" end
  seen[t] = nil
  if #items == 0 then return "{}" end
  local one = "{" .. table.concat(items, ", ") .. "}"
  if #one <= 72 and not one:find("\n", 1, true) then return one end
  return "{\n" .. indent .. "  " .. table.concat(items, ",\n" .. indent .. "  ") .. "\n" .. indent .. "}"
end

local screen                                   -- terminal columns for this print, or nil
pretty = function (v, depth, seen, indent)
  if type(v) == "table" then
    if getmetatable(v) == Rows then return M.grid(v, v.columns, depth == 1 and screen or nil) end
    local mt = getmetatable(v)
    if mt and mt.__tostring then return tostring(v) end
    return table_str(v, depth, seen, indent)
  end
  return scalar(v)
end

-- repl.pretty(v [, columns]): one value as the prompt prints it; rows wider
-- than columns (the terminal's) print as one record per row.
function M.pretty (v, columns)
  screen = columns
  local ok, s = pcall(pretty, v, 1, {}, "")
  screen = nil
  if not ok then error(s, 0) end
  return s
end

-- }======

-- {====== tables of rows ======

-- a value as one line of text, whole (a table cuts it: term.cut)
local function cell (v)
  if v == nil then return "" end
  local s = type(v) == "string" and v or scalar(v)
  s = s:gsub("[\r\n\t]", " ")
  if text.valid(s) ~= true then s = text.sanitize(s) end
  return s
end

local pad = require("assay.term").pad
local cut = require("assay.term").cut

-- repl.grid(rows, columns [, screen]) -> string: rows as records (or
-- arrays, in column order) under a header; widths in terminal columns (CJK
-- counts two).  A table wider than screen (the terminal's width) would
-- wrap, and its columns no longer line up: each row is then a block, as a
-- report shows such a table (assay.report's expanded_table, psql's \x auto).
function M.grid (rows, columns, screen)
  columns = columns or {}
  if #columns == 0 then                          -- union of the records' keys, id first
    local seen = {}
    for _, r in ipairs(rows) do
      if type(r) == "table" then
        for k in pairs(r) do if type(k) == "string" and not seen[k] then seen[k] = true; columns[#columns + 1] = k end end
      end
    end
    table.sort(columns, function (a, b)
      if a == "id" or b == "id" then return a == "id" and b ~= "id" end
      return a < b
    end)
  end
  local body, whole, numeric = {}, {}, {}     -- whole: the cells before the grid cuts them
  for i, c in ipairs(columns) do numeric[i] = true; body[1] = body[1] or {}; body[1][i] = c end
  local nshown = math.min(#rows, rawget(rows, "max_rows") or MAX_ROWS)
  for r = 1, nshown do
    local row, line, full = rows[r], {}, {}
    for i, c in ipairs(columns) do
      local v = row[c]
      if v == nil then v = row[i] end
      if v ~= nil and type(v) ~= "number" then numeric[i] = false end
      full[i] = cell(v)
      line[i] = cut(full[i], MAX_CELL)
    end
    body[#body + 1], whole[r] = line, full
  end
  if #columns == 0 then return "(" .. #rows .. " rows)" end
  local widths = {}
  for i = 1, #columns do
    local w = 0
    for _, line in ipairs(body) do w = math.max(w, text.width(line[i])) end
    widths[i] = w
  end
  local out = {}
  local total = 3 * (#columns - 1)
  for i = 1, #columns do total = total + widths[i] end
  if screen and #columns > 1 and total > screen then
    require("assay.report").expanded_table(body[1], whole, screen, out, MAX_FIELD)
    if #out > 0 then out[#out + 1] = "" end
    body = {}
  end
  for n, line in ipairs(body) do
    local parts = {}
    for i = 1, #columns do parts[i] = pad(line[i], widths[i], n > 1 and numeric[i]) end
    out[#out + 1] = (table.concat(parts, " │ "):gsub("%s+$", ""))
    if n == 1 then
      local rule = {}
      for i = 1, #columns do rule[i] = string.rep("─", widths[i]) end
      out[#out + 1] = table.concat(rule, "─┼─")
    end
  end
  local tail = #rows == 1 and "(1 row)" or "(" .. #rows .. " rows)"
  -- rows not shown: cut here, or left in the database by a helper's limit
  local more = #rows - nshown + (rawget(rows, "more") or 0)
  if more > 0 then
    tail = string.format("… %s more row%s (%s in all); _:show(n) / limit = n", M.thousands(more),
                         more == 1 and "" or "s", M.thousands(nshown + more))
  end
  out[#out + 1] = tail
  return table.concat(out, "\n")
end

-- 1234567 -> "1,234,567"
function M.thousands (n)
  local s = tostring(math.tointeger(n) or n)
  local sign, digits = s:match("^(%-?)(%d+)$")
  if not digits then return s end
  return sign .. digits:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
end

-- repl.rows(list, columns): mark list so the prompt prints it as a table.
function M.rows (list, columns)
  list.columns = columns
  return setmetatable(list, Rows)
end
Rows.__index = {
  columns = nil,
  -- rows:show(n): the same rows printed n at a time (all without n)
  show = function (self, n)
    if n ~= nil and (math.type(n) ~= "integer" or n < 1) then
      error("bad argument #1 to 'show' (positive integer expected, got " .. tostring(n) .. ")", 2)
    end
    local view = table.move(self, 1, #self, 1, {})
    view.columns, view.more, view.max_rows = rawget(self, "columns"), rawget(self, "more"), n or #self
    return setmetatable(view, Rows)
  end,
}

-- }======

-- {====== completion ======

local KEYWORDS = { "and", "break", "do", "else", "elseif", "end", "false", "for", "function",
  "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while" }

-- The fields a value offers: table keys, and the __index table of its
-- metatable (methods of userdata, string methods), followed up the chain.
local function fields (v, methods_only, out, depth)
  out = out or {}
  depth = depth or 0
  if depth > 5 then return out end
  if type(v) == "table" then
    for k, x in next, v do
      if is_ident(k) and (not methods_only or type(x) == "function") then out[k] = true end
    end
  end
  local mt = (type(v) == "table" or type(v) == "userdata" or type(v) == "string") and getmetatable(v)
  if type(mt) == "table" then
    local idx = rawget(mt, "__index")
    if type(idx) == "table" then fields(idx, methods_only, out, depth + 1) end
  end
  return out
end

local function common_prefix (list)
  local p = list[1] or ""
  for i = 2, #list do
    local s = list[i]
    local n = 0
    while n < #p and n < #s and p:byte(n + 1) == s:byte(n + 1) do n = n + 1 end
    p = p:sub(1, n)
  end
  return p
end

local function columns_listing (names)
  local w = 0
  for _, n in ipairs(names) do w = math.max(w, #n) end
  w = w + 2
  local per = math.max(1, 78 // w)
  local lines, line = {}, {}
  for _, n in ipairs(names) do
    line[#line + 1] = n .. string.rep(" ", w - #n)
    if #line == per then lines[#lines + 1] = table.concat(line):gsub("%s+$", ""); line = {} end
  end
  if #line > 0 then lines[#lines + 1] = table.concat(line):gsub("%s+$", "") end
  return table.concat(lines, "\n") .. "\n"
end

-- repl.complete(before, env) -> text to insert, listing (or nil).
-- before is the line up to the cursor; the word completed is the trailing
-- chain of names joined by '.' or ':' (`re.com`, `db:ro`, `string.fo`).
function M.complete (before, env)
  local chain = before:match("[%a_][%w_%.:]*$") or ""
  if chain == "" and before:match("[%.:]$") then return "", nil end
  local path, sep, partial = chain:match("^(.-)([%.:])([%w_]*)$")
  local names = {}
  if not path then
    partial = chain
    -- after `f().` or `s:` the value is not a name chain: nothing to offer
    if before:sub(1, #before - #chain):match("[%w_%]%)\"'%.:]$") then return "", nil end
    for k in pairs(fields(env)) do names[k] = true end
    local mt = getmetatable(env)
    if mt and type(mt.__index) == "table" then for k in pairs(fields(mt.__index)) do names[k] = true end end
    for _, k in ipairs(KEYWORDS) do names[k] = true end
  else
    if path == "" or path:find(":", 1, true) then return "", nil end
    local v = env
    for part in path:gmatch("[^%.]+") do
      if not part:match("^[%a_][%w_]*$") then return "", nil end
      local ok, x = pcall(function () return v[part] end)
      if not ok or x == nil then return "", nil end
      v = x
    end
    names = fields(v, sep == ":")
  end
  local list = {}
  for k in pairs(names) do
    if k:sub(1, #partial) == partial then list[#list + 1] = k end
  end
  table.sort(list)
  if #list == 0 then return "", nil end
  if #list == 1 then return list[1]:sub(#partial + 1), nil end
  local cp = common_prefix(list)
  if #cp > #partial then return cp:sub(#partial + 1), nil end
  return "", columns_listing(list)
end

-- }======

-- {====== evaluation ======

-- A syntax error that says the chunk ended too early: wait for more lines.
function M.incomplete (msg)
  return type(msg) == "string" and msg:find("<eof>$") ~= nil
end

-- Compile a statement: an expression first ("return " .. src, so `1+1`
-- prints 2), else a chunk.  Returns fn, or nil, msg, incomplete.  An
-- unfinished expression (`1 +`, `"a" ..`) is incomplete too, with its own
-- message: as a statement it is only "unexpected symbol near '1'".
function M.compile (src, env, name)
  local fn, eerr = load("return " .. src, name, "t", env)
  if fn then return fn end
  local err
  fn, err = load(src, name, "t", env)
  if fn then return fn end
  if not M.incomplete(err) and M.incomplete(eerr) then return nil, eerr, true end
  return nil, err, M.incomplete(err)
end

-- Keep the traceback of an error up to the REPL's own frames.
local function trim_traceback (msg)
  msg = tostring(msg)
  local out, in_trace = {}, false
  for line in (msg .. "\n"):gmatch("(.-)\n") do
    if in_trace and (line:find("assay.repl", 1, true) or line:find("/assay/repl.lua:", 1, true)   -- ASSAY_PATH's
                     or line:find("in function 'xpcall'", 1, true)
                     or line:find("%[C%]: in %?$")) then break end
    if line == "stack traceback:" then in_trace = true end
    out[#out + 1] = line
  end
  -- a traceback of C frames only ([C]: in function 'error') says nothing
  local n = #out
  while n > 0 and out[n]:find("^%s+%[C%]: ") do n = n - 1 end
  if out[n] == "stack traceback:" then for i = #out, n, -1 do out[i] = nil end end
  return table.concat(out, "\n")
end
M.trim_traceback = trim_traceback

-- A typo of a helper's name, "attempt to call a nil value (global 'facs')",
-- names the global it is nearest to: (did you mean 'facts'?)
local function with_guess (msg, env)
  local name = msg:match("^[^\n]-a nil value %(global '([%w_]+)'%)")
  if not name or env[name] ~= nil then return msg end
  local names = {}
  for k in pairs(env) do if type(k) == "string" then names[#names + 1] = k end end
  for k in pairs(_G) do if type(k) == "string" and rawget(env, k) == nil then names[#names + 1] = k end end
  table.sort(names)
  local g = require("assay.term").suggest(name, names)
  if not g then return msg end
  return (msg:gsub("%(global '[%w_]+'%)", "%0 (did you mean '" .. g .. "'?)", 1))
end

-- }======

-- {====== helpers ======

local HELP = {
  help = "help(), help(name): this text, or one helper's",
  db = "db: the database opened with --db (assay.db handle; db:rows, db:one, db:val, db:exec ...)",
  q = "q(sql, ...): run a query and show its rows as a table (the result is the list of rows)",
  docs = "docs{like =, key =, limit = 20}: documents (id, key, title, date, bytes, facts)",
  facts = "facts{kind =, region =, period =, doc =, rule =, limit = 50}: stored facts",
  show = "show(fact_id): the fact in its sentence, span marked, with document and line",
  grep = "grep(pattern [, limit]): lines of docs.text that match; literals of 3+ characters\n" ..
         "  use an FTS5 trigram index (built on first use, rebuilt when docs change),\n" ..
         "  other patterns are PCRE2 regexes, 1-2 character literals a plain scan",
  try = "try(pattern, text_or_doc_id): every match of the pattern (or of a loaded rule,\n" ..
        "  by name) in the text or the document, marked, with its captures",
  rules = "rules(): the rules of the loaded rule pack (.load FILE or assay repl RULES)",
  reload = "reload(): load the rule pack again from its files",
  [".load"] = ".load FILE: run a Lua file here, or load it as the rule pack when it defines rules",
  [".quit"] = ".quit (or Ctrl-D): leave",
  re = "re: require 'assay.re' (PCRE2)", text = "text: require 'assay.text' (UTF-8)",
  cn = "cn: require 'assay.cn' (numbers, quantities, dates), a global of rule files too",
  pretty = "pretty(v): the string the prompt would print for v",
}
local HELP_ORDER = { "db", "q", "docs", "facts", "show", "grep", "try", "rules", "reload",
                     "pretty", "re", "text", "cn", ".load", ".quit", "help" }

local function need_db (s)
  if not s.db then error("no database open: start with assay repl --db FILE", 3) end
  return s.db
end

local function color_on (s)
  return s.color
end

local mark = require("assay.provenance").mark

local function is_literal (p)
  return not p:find("[%^%$%*%+%?%.%(%)%[%]%{%}|\\]")
end

-- The docs_fts trigram index, created on first use and rebuilt when the docs
-- changed since (a signature of ids and hashes kept in docs_fts_state).
-- All of it goes through the database file attached a second time as
-- ay_fts and detached after: the assay.db this was written against finalizes
-- every statement of its connection at close, FTS5's own among them, and
-- FTS5 then frees them again when the table disconnects; a detached schema
-- has no table left connected.  (main's assay.db finalizes only its own
-- statements since; the detour can go once both meet.)
-- Returns the ids of the documents that may hold the literal, or nil when
-- the index cannot be used (a database in memory, read-only, no FTS5).
local function fts_ids (s, literal)
  local d = s.db
  local path = d:path()
  if path == nil or path == "" or path == ":memory:" then return nil end
  if not pcall(d.exec, d, "ATTACH ? AS ay_fts", path) then return nil end
  local ok, res = pcall(function ()
    d:exec([[CREATE VIRTUAL TABLE IF NOT EXISTS ay_fts.docs_fts USING
             fts5(text, content='docs', content_rowid='id', tokenize='trigram')]])
    d:exec("CREATE TABLE IF NOT EXISTS ay_fts.docs_fts_state(sig TEXT)")
    local sig = host.hash(d:val("SELECT coalesce(group_concat(id || '=' || hash, ','), '') FROM ay_fts.docs") or "")
    if d:val("SELECT sig FROM ay_fts.docs_fts_state") ~= sig then
      d:exec("BEGIN")
      d:exec("INSERT INTO ay_fts.docs_fts(docs_fts) VALUES('rebuild')")
      d:exec("DELETE FROM ay_fts.docs_fts_state")
      d:exec("INSERT INTO ay_fts.docs_fts_state(sig) VALUES (?)", sig)
      d:exec("COMMIT")
      s.fts_rebuilt = (s.fts_rebuilt or 0) + 1
    end
    local ids = {}
    for r in d:rows("SELECT rowid AS id FROM ay_fts.docs_fts WHERE docs_fts MATCH ? ORDER BY rowid",
                    '"' .. literal:gsub('"', '""') .. '"') do
      ids[#ids + 1] = r.id
    end
    return ids
  end)
  if not ok then
    pcall(d.exec, d, "ROLLBACK")
    collectgarbage()                 -- a rows loop cut short holds a statement on ay_fts
  end
  pcall(d.exec, d, "DETACH ay_fts")
  if ok then return res end
  if tostring(res):find("interrupted", 1, true) then error(res, 0) end
  return nil
end

-- Candidate documents for grep: ids, and the method used.
local function grep_candidates (s, pattern)
  local d = s.db
  if is_literal(pattern) then
    if (text.len(pattern) or 0) >= 3 then
      local ids = fts_ids(s, pattern)
      if ids then return ids, "fts" end
    end
    local ids = {}
    for r in d:rows("SELECT id FROM docs WHERE instr(text, ?) > 0 ORDER BY id", pattern) do ids[#ids + 1] = r.id end
    return ids, "scan"
  end
  local ids = {}
  for r in d:rows("SELECT id FROM docs ORDER BY id") do ids[#ids + 1] = r.id end
  return ids, "regex"
end

-- re.compile for a helper: a pattern that does not compile is the helper's
-- error ("grep: re.compile: ... in '('"), not one at a line of this file.
local function compile (who, pattern)
  local ok, rx = pcall(re.compile, pattern)
  if ok then return rx end
  error(who .. ": " .. (tostring(rx):gsub("^.-(re%.compile: )", "%1")), 0)
end

local function grep (s, pattern, limit)
  if type(pattern) ~= "string" or pattern == "" then
    error("bad argument #1 to 'grep' (non-empty string expected, got " .. type(pattern) .. ")", 2)
  end
  limit = limit or 100
  local d = need_db(s)
  local ids, how = grep_candidates(s, pattern)
  local rx = how == "regex" and compile("grep", pattern) or nil
  local out = {}
  for _, id in ipairs(ids) do
    local doc = d:one("SELECT key, text FROM docs WHERE id = ?", id)
    local str = doc and doc.text or ""
    for ls, le, lineno in text.lines(str) do
      local line = str:sub(ls, le)
      local a, b
      if rx then a, b = rx:find(line) else a, b = line:find(pattern, 1, true) end
      if a then
        if #out >= limit then break end
        -- a window of the line around the match keeps rows readable
        local from = math.max(1, a - 30)
        while from > 1 and (line:byte(from) or 0) & 0xC0 == 0x80 do from = from - 1 end
        local to = math.min(#line, b + 30)
        while to < #line and (line:byte(to + 1) or 0) & 0xC0 == 0x80 do to = to + 1 end
        out[#out + 1] = { doc = id, key = doc.key, line = lineno,
                          text = mark(line:sub(from, to), a - from + 1, b - from + 1, false) }
      end
    end
    if #out >= limit then break end
  end
  s.last_grep = how
  return M.rows(out, { "doc", "key", "line", "text" })
end

-- The options table of a helper; a key it does not know is an error that
-- names the valid ones (valid: a sorted list).
local function opt_table (name, o, valid)
  if o == nil then return {} end
  if type(o) ~= "table" then
    error("bad argument #1 to '" .. name .. "' (table expected, got " .. type(o) .. ")", 3)
  end
  for k in pairs(o) do
    local known = false
    for _, v in ipairs(valid) do if v == k then known = true; break end end
    if not known then
      local guess = type(k) == "string" and require("assay.term").suggest(k, valid)
      error(string.format("%s: unknown key %s%s (valid keys: %s)", name,
        type(k) == "string" and "'" .. k .. "'" or tostring(k),
        guess and " (did you mean '" .. guess .. "'?)" or "", table.concat(valid, ", ")), 3)
    end
  end
  if o.limit ~= nil and (math.type(o.limit) ~= "integer" or o.limit < 0) then
    error(name .. ": limit must be a non-negative integer, got " .. tostring(o.limit), 3)
  end
  return o
end

-- Rows of a helper's query with LIMIT: when the limit cut the result,
-- rows.more says how many more the database holds (count_sql counts all).
local function limited (rows, limit, d, count_sql, ...)
  if #rows > limit then
    rows[#rows] = nil
    rows.more = d:val(count_sql, ...) - limit
  end
  return rows
end

local function query_rows (d, sql, ...)
  local st = d:prepare(sql)
  local cols = st:columns()
  local out = {}
  for r in st:irows(...) do
    local rec = {}
    for i, c in ipairs(cols) do rec[c] = r[i] end
    out[#out + 1] = rec
  end
  st:close()
  return M.rows(out, cols)
end

local function docs_helper (s, o)
  o = opt_table("docs", o, { "id", "key", "like", "limit" })
  local d = need_db(s)
  local where, args = {}, {}
  if o.id then where[#where + 1] = "d.id = ?"; args[#args + 1] = o.id end
  if o.key then where[#where + 1] = "d.key = ?"; args[#args + 1] = o.key end
  if o.like then where[#where + 1] = "(d.key LIKE ? OR d.title LIKE ?)"
    args[#args + 1] = "%" .. o.like .. "%"; args[#args + 1] = "%" .. o.like .. "%" end
  local limit = o.limit or 20
  local cond = #where > 0 and " WHERE " .. table.concat(where, " AND ") or ""
  local sql = "SELECT d.id, d.key, d.title, d.date, d.bytes, " ..
              "(SELECT count(*) FROM facts f WHERE f.doc_id = d.id) AS facts FROM docs d" ..
              cond .. " ORDER BY d.id LIMIT ?"
  local n = #args
  args[n + 1] = limit + 1
  return limited(query_rows(d, sql, table.unpack(args)), limit, d,
                 "SELECT count(*) FROM docs d" .. cond, table.unpack(args, 1, n))
end

local function facts_helper (s, o)
  o = opt_table("facts", o, { "doc", "kind", "limit", "period", "qualifier", "region", "rule", "unit" })
  local d = need_db(s)
  local where, args = {}, {}
  for _, k in ipairs({ "kind", "region", "period", "rule", "unit", "qualifier" }) do
    if o[k] ~= nil then where[#where + 1] = "f." .. k .. " = ?"; args[#args + 1] = o[k] end
  end
  if o.doc ~= nil then
    if math.type(o.doc) == "integer" then where[#where + 1] = "f.doc_id = ?"
    else where[#where + 1] = "f.doc_id IN (SELECT id FROM docs WHERE key = ? OR name = ?)"; args[#args + 1] = o.doc end
    args[#args + 1] = o.doc
  end
  local limit = o.limit or 50
  local cond = #where > 0 and " WHERE " .. table.concat(where, " AND ") or ""
  local sql = "SELECT f.id, f.doc_id AS doc, f.kind, f.value, f.unit, f.qualifier, f.surface, " ..
              "f.region, f.period FROM facts f" .. cond .. " ORDER BY f.id LIMIT ?"
  local n = #args
  args[n + 1] = limit + 1
  return limited(query_rows(d, sql, table.unpack(args)), limit, d,
                 "SELECT count(*) FROM facts f" .. cond, table.unpack(args, 1, n))
end

-- The text of a doc id (from the db) or a string.
local function subject (s, x, fname)
  if type(x) == "string" then return x end
  if math.type(x) == "integer" then
    local t = need_db(s):val("SELECT text FROM docs WHERE id = ?", x)
    if not t then error(fname .. ": no document with id " .. x, 3) end
    return t
  end
  error("bad argument #2 to '" .. fname .. "' (string or document id expected, got " .. type(x) .. ")", 3)
end

local function try_helper (s, pattern, x)
  local str = subject(s, x, "try")
  local write = s.write
  if type(pattern) ~= "string" then
    error("bad argument #1 to 'try' (string expected, got " .. type(pattern) .. ")", 2)
  end
  if s.rules and s.rules.byname[pattern] then       -- a rule of the loaded pack
    local engine = require "assay.engine"
    local r = s.rules.byname[pattern]
    -- with the rules it runs after, as in a run (the pack's figure rule
    -- needs the articles): their facts are not shown, their errors are
    local all, errs = engine.process(require("assay.rules").subset(s.rules, r),
                                     { text = str, key = "(try)", name = "(try)", path = "(try)", meta = {} },
                                     { instructions = 200000000 })
    for _, e in ipairs(errs) do write("error in rule ", e.rule, ": ", e.message, "\n") end
    all = engine.expand(all, str)                 -- a pattern rule's matches come as one block
    local found = {}
    for _, f in ipairs(all) do if f.rule == pattern then found[#found + 1] = f end end
    local cols = { "kind", "value", "unit", "qualifier", "surface", "start", "stop" }
    for _, c in ipairs { "region", "period" } do       -- what a rule of the fupin pack's kind sets
      for _, f in ipairs(found) do
        if f[c] ~= nil then cols[#cols + 1] = c; break end
      end
    end
    return M.rows(found, cols)
  end
  local rx = compile("try", pattern)
  local n = 0
  for a, b in rx:gfind(str) do
    n = n + 1
    local lineno, ls, le = text.lineno(str, a)
    local line = str:sub(ls, math.max(le, b))
    local caps = select(3, rx:exec(str, a)) or {}
    local named = {}
    for k, v in pairs(caps) do
      if type(k) == "string" then named[#named + 1] = k .. "=" .. tostring(v) end
    end
    table.sort(named)
    write(lineno, ": ", mark(line, a - ls + 1, b - ls + 1, color_on(s)),
          #named > 0 and "  [" .. table.concat(named, " ") .. "]" or "", "\n")
  end
  write(n == 1 and "1 match\n" or n .. " matches\n")
  return n
end

-- The rule pack at paths; an error in it (its message names the file and
-- line) is raised without the loader's frames.
local function load_rules (paths)
  local ok, set = pcall(require("assay.rules").load, paths)
  if not ok then error(set, 0) end
  return set
end

local function looks_like_rules (path)
  local st = host.stat(path)
  if st and st.type == "dir" then return true end
  local f = io.open(path, "rb")
  if not f then return false end
  local src = f:read("a") or ""
  f:close()
  return src:find("^%s*rule%s*[\"'%(]") ~= nil or src:find("\n%s*rule%s*[\"'%(]") ~= nil
end

-- }======

-- {====== session ======

local Session = {}
Session.__index = Session

-- repl.new{db =, write =, ewrite =, color =} -> session with .env, the prompt's globals.
function M.new (o)
  o = o or {}
  local s = setmetatable({ db = o.db, color = o.color, failed = 0, rule_paths = nil }, Session)
  -- what documents hold reaches the terminal with its escape codes escaped
  s.write = o.write or function (...) io.stdout:write(text.printable(table.concat({ ... }), true)) end
  s.ewrite = o.ewrite or function (...) io.stderr:write(...) end
  local env = setmetatable({}, { __index = _G })
  s.env = env
  env._G = env
  env.db = o.db
  env.re = re
  env.text = text
  env.cn = require "assay.cn"                     -- rule files have it as a global too
  env.pretty = M.pretty
  env.q = function (sql, ...)
    if type(sql) ~= "string" then error("bad argument #1 to 'q' (string expected, got " .. type(sql) .. ")", 2) end
    return query_rows(need_db(s), sql, ...)
  end
  env.docs = function (opts) return docs_helper(s, opts) end
  env.facts = function (opts) return facts_helper(s, opts) end
  env.show = function (id)
    if math.type(id) ~= "integer" then
      error("bad argument #1 to 'show' (fact id expected, got " .. (math.type(id) or type(id)) .. ")", 2)
    end
    local str, err = require("assay.provenance").fact(need_db(s), id, s.color)
    if not str then error("show: " .. err, 2) end
    s.write(str, "\n")
  end
  env.grep = function (pattern, limit) return grep(s, pattern, limit) end
  env.try = function (pattern, x) return try_helper(s, pattern, x) end
  env.rules = function ()
    if not s.rules then error("no rule pack loaded: .load FILE or assay repl RULES", 2) end
    local out = {}
    for _, r in ipairs(s.rules.list) do
      out[#out + 1] = { name = r.name, kind = r.kind, scope = r.scope, where = r.where,
                        doc = r.doc }
    end
    return M.rows(out, { "name", "kind", "scope", "where", "doc" })
  end
  env.reload = function ()
    if not s.rule_paths then error("no rule pack loaded: .load FILE or assay repl RULES", 2) end
    s.rules = load_rules(s.rule_paths)
    return #s.rules.list .. " rules loaded"
  end
  env.help = function (name)
    if name == nil then
      s.write("assay repl: Lua 5.4 with the assay modules. A bare expression prints its value;\n",
              "an unfinished statement continues on the next line; Tab completes names;\n",
              "Ctrl-C stops a running statement; Ctrl-D or .quit leaves.\n\n")
      for _, k in ipairs(HELP_ORDER) do s.write("  ", (HELP[k]:gsub("\n", "\n  ")), "\n") end
      return
    end
    local key = name
    if type(name) == "function" or type(name) == "table" then      -- help(q), help(re)
      for k, v in pairs(env) do if v == name and HELP[k] then key = k end end
    end
    if HELP[key] then s.write(HELP[key], "\n") else s.write("no help for ", tostring(name), "\n") end
  end
  s.help = env.help
  return s
end

-- .load FILE: a rule pack (a directory, or a file with rule "x" {...}) or a script
function Session:load (path)
  if type(path) == "table" then              -- several rule packs, loaded as one (their after lists
    self.rules = load_rules(path)            -- may name each other's rules), as assay run loads them
    self.rule_paths = path
    self.write(#self.rules.list, " rules loaded from ", table.concat(path, ", "), "\n")
    return
  end
  if looks_like_rules(path) then return self:load({ path }) end
  local fn, err = loadfile(path, "t", self.env)
  if not fn then error(err, 0) end
  fn()
end

-- Print the results of a statement (the values after the ok flag).
function Session:print_results (n, ...)
  if n == 0 then return end
  local parts, multiline = {}, false
  for i = 1, n do
    parts[i] = M.pretty((select(i, ...)), self.columns and self.columns())
    if parts[i]:find("\n", 1, true) then multiline = true end
  end
  self.write(table.concat(parts, multiline and "\n" or "\t"), "\n")
end

-- Run one complete statement (or a dot command).  Returns false after an error.
function Session:run (src, pcall_fn)
  pcall_fn = pcall_fn or function (f, ...) return xpcall(f, debug.traceback, ...) end
  local cmd, rest = src:match("^%s*%.(%a+)%s*(.-)%s*$")
  if cmd then
    if cmd == "quit" or cmd == "exit" then self.quit = true; return true end
    if cmd == "help" then self.env.help(rest ~= "" and rest or nil); return true end
    if cmd == "load" then
      if rest == "" then self.write("usage: .load FILE\n"); return false end
      -- .load A B: rule packs loaded as one (a path with spaces is one FILE when it exists)
      local what = rest
      if not host.stat(rest) and rest:find("%s") then
        what = {}
        for w in rest:gmatch("%S+") do
          if not looks_like_rules(w) then
            self.ewrite(".load: ", w, " is not a rule pack (several files load only as one pack)\n")
            return false
          end
          what[#what + 1] = w
        end
      end
      local ok, err = pcall_fn(function () self:load(what) end)
      if not ok then self.ewrite(trim_traceback(err), "\n"); return false end
      return true
    end
    self.ewrite("unknown command ." .. cmd .. " (.load FILE, .quit, .help)\n")
    return false
  end
  -- help, quit and exit typed bare (as in Python's prompt) do what they say,
  -- not print "function: 0x..." or nil
  local word = src:match("^%s*(%a+)%s*$")
  if word == "help" and self.env.help == self.help then self.help(); return true end
  if (word == "quit" or word == "exit") and self.env[word] == nil then self.quit = true; return true end
  local fn, err = M.compile(src, self.env, "=stdin")
  if not fn then self.ewrite(err, "\n"); return false end
  local function after (ok, ...)
    if not ok then
      self.ewrite(with_guess(trim_traceback((...)), self.env), "\n")
      return false
    end
    if select("#", ...) > 0 and (...) ~= nil then self.env._ = (...) end
    -- printing runs a value's __tostring and formats big grids: it can be
    -- interrupted (and fail) like the statement
    local n, res = select("#", ...), table.pack(...)
    local okp, perr = pcall_fn(function () self:print_results(n, table.unpack(res, 1, n)) end)
    if not okp then self.ewrite(trim_traceback(perr), "\n"); return false end
    return true
  end
  return after(pcall_fn(fn))
end

-- }======

-- {====== loops ======

local function history_path ()
  local p = os.getenv("ASSAY_HISTORY")
  if p then return p end
  local home = os.getenv("HOME")
  return home and home .. "/.assay_history" or nil
end

-- One line of input, for both loops: returns the chunk still incomplete
-- (a continuation line follows), or nil once a statement ran.  on_complete
-- sees a complete statement before it runs (history).
local function feed (s, rc, buf, line, on_complete)
  local src = buf and buf .. "\n" .. line or line
  if src:match("^%s*$") then return nil end
  local _, _, incomplete = M.compile(src, s.env, "=stdin")
  if incomplete and not src:match("^%s*%.") then return src end
  if on_complete then on_complete(src) end
  if not s:run(src, rc.pcall) then s.failed = s.failed + 1 end
  io.stdout:flush()
  return nil
end

local function interactive (s, rc)
  s.columns = function () return host.columns(1) end   -- asked at each print: a resized window is followed
  local ed = rc.open{ history = history_path(), size = 1000,
                      complete = function (before) return M.complete(before, s.env) end }
  s.write("assay ", _ASSAY_VERSION or "", " (", _VERSION, ")  help() for the helpers, Ctrl-D to leave\n")
  if s.db then s.write("db: ", s.db:path(), "\n") end
  local buf = nil
  while not s.quit do
    local line, why = ed:read(buf and ">> " or "> ")
    if line == nil then
      if why == "interrupt" then
        s.write("\n")
        buf = nil
      else
        s.write("\n")
        break
      end
    else
      buf = feed(s, rc, buf, line, function (src) ed:add(src) end)
    end
  end
  ed:close()
  return 0
end

local function piped (s, rc)
  local buf = nil
  for line in io.stdin:lines() do
    buf = feed(s, rc, buf, line)
    if s.quit then break end
  end
  if buf then
    local _, err = M.compile(buf, s.env, "=stdin")
    io.stderr:write(tostring(err), " (the input ended inside an unfinished statement)\n")
    s.failed = s.failed + 1
  end
  return s.failed > 0 and 1 or 0
end

-- repl.start{db =, scripts =, tty =} -> exit status.  Scripts (rule packs
-- or Lua files) load first; a failing one makes the status 1.
function M.start (o)
  local rc = require "assay.repl_c"
  local tty = o.tty
  if tty == nil then tty = host.isatty(0) end
  local s = M.new{ db = o.db, color = tty and require("assay.term").color(1) }
  -- the rule packs among the scripts are one pack, loaded where the first is
  local packs, items = {}, {}
  for _, path in ipairs(o.scripts or {}) do
    if looks_like_rules(path) then
      if #packs == 0 then items[#items + 1] = packs end
      packs[#packs + 1] = path
    else
      items[#items + 1] = path
    end
  end
  for _, item in ipairs(items) do
    local ok, err = rc.pcall(function () s:load(item) end)
    if not ok then io.stderr:write("assay repl: ", trim_traceback(err), "\n"); s.failed = s.failed + 1 end
  end
  if tty then return interactive(s, rc) end
  return piped(s, rc)
end

-- }======

return M
