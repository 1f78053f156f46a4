-- assay/rules.lua: the rule DSL, and loading rule files and packs.
--
-- A rule file is Lua run in a sandbox whose globals are the safe parts of
-- the standard library, the assay modules (re, text, cn when present) and
-- the function `rule`:
--
--   rule "funds" {
--     doc     = "Money put into poverty alleviation",
--     kind    = "funds",                     -- default: the rule's name
--     need    = { "元" },                    -- literals that must all occur
--     pattern = [[(?:投入|整合)[^。；]{0,20}?(?<amount>\d+(?:\.\d+)?[万亿]?[多余]?元)]],
--     flags   = "",                          -- re.compile flags
--     scope   = "sentence",                  -- "sentence" | "clause" | "line" | "document"
--     emit    = function (m, doc) return { quantity = m.amount } end,
--     -- or, without emit: value = 1 (group 1 as a number), scale = {2, {万 = 1e4}}
--     examples = { { "五年内投入5574万元", { kind = "funds", value = 55740000 } } },
--   }
--
--   rule "region" { after = { "funds" }, match = function (doc) ... end }
--
-- `match(doc)` rules may return an array of facts or call doc:emit(fact);
-- rules listed in `after` run first, and their facts are in doc.facts.
-- Unknown globals raise (a typo is an error, not a nil); os.execute,
-- io.popen and file writes exist only with allow_io.
local re = require "assay.re"
local prefilter = require "assay.prefilter"
local host = require "assay.host"
local text = require "assay.text"
local factpack = require "assay.factpack"

local M = {}

local FIELDS = {
  doc = "string", kind = "string", need = "table", pattern = "string", flags = "string",
  scope = "string", emit = "function", match = "function", examples = "table",
  after = "table", enabled = "boolean", tags = "table", value = "group", scale = "table",
  qualifier = "table", unit = "string",
}
local SCOPES = { sentence = true, clause = true, line = true, document = true }

-- a file's bytes, or nil and "PATH: REASON" (a folder opens but does not read)
local function readfile (path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local s, rerr = f:read("a")
  f:close()
  if not s then return nil, path .. ": " .. tostring(rerr) end
  return s
end

-- The text of a rule file, or of one it includes: the only reader of both.
-- A UTF-8 BOM is dropped, as lua does; bytes that are not UTF-8 (a file
-- saved in GBK) are an error naming the line: a literal in another encoding
-- would never match.  nil and "cannot read [WHAT]PATH: REASON" or
-- "PATH:LINE: not UTF-8 ..." when it cannot be used.
local function source (path, what)
  local s, err = readfile(path)
  if not s then return nil, "cannot read " .. (what or "") .. err end
  if s:sub(1, 3) == "\239\187\191" then s = s:sub(4) end
  local ok, bad = utf8.len(s)
  if ok then return s end
  local line = select(2, s:sub(1, bad):gsub("\n", "")) + 1
  return nil, string.format("%s:%d: not UTF-8 (byte 0x%02X at byte %d); rule files are UTF-8: "
                            .. "convert it (iconv -f GBK -t UTF-8)", path, line, s:byte(bad), bad)
end

-- {====== the sandbox ======
-- A rule file runs with its own globals (reading an unknown name raises)
-- and a `require` that knows only the modules below: no searcher, no file.
-- Every table it gets is its own copy, so a file that replaces
-- string.find or re.compile changes only what that file sees; the
-- engine's objects (documents, regexes, strings) keep their metatables.
-- Only opts.allow_io (assay run --allow-io) adds io, the whole os and the
-- real require.  docs/rules.md states this contract; keep them together.

-- A copy of t: tables inside are copied too (the module's own functions
-- keep using the originals), functions and other values are shared.
local function copy (t, keep, seen)
  seen = seen or {}
  if seen[t] then return seen[t] end
  local c = {}
  seen[t] = c
  for k, v in next, t do
    if type(v) == "table" and not (keep and keep[v]) then v = copy(v, keep, seen) end
    c[k] = v
  end
  return c
end

-- The fields of a module a rule may use (nil: all of them).
local function pick (names)
  return function (m)
    local c = {}
    for _, n in ipairs(names) do c[n] = m[n] end
    return c
  end
end

-- name -> how a rule's copy is made from the module.  Left out on
-- purpose: assay.host (files, directories, budgets), assay.db (any SQLite
-- file), assay.testing (shell commands), assay.rules (loading rules with
-- io), assay.pool, assay.read/reader (files), assay.run*, assay.report,
-- assay.repl, assay.cmd*, and the C internals (assay.*_c, assay.job,
-- assay.factpack).
local SAFE = {
  ["assay.re"] = pick { "compile", "count", "escape", "exec", "find", "gfind", "gmatch", "gsub",
                        "limits", "match", "split", "version", "jit" },  -- not usejit (the state's)
  ["assay.text"] = copy,
  ["assay.cn"] = pick { "dates", "format", "number", "quantities", "quantity", "resolve_date" },
  -- places: no open (it opens any SQLite file)
  ["assay.places"] = pick { "find", "lookup", "by_code", "parent_chain", "path" },
  ["assay.json"] = function (m)
    return copy(m, { [m.null] = true, [m.array_mt] = true })  -- sentinels keep their identity
  end,
  ["assay.meta"] = copy,
  ["assay.articles"] = copy,
  -- word sets (one pass of a trie for a list of literal words) and a
  -- pattern's required literals: pure functions of their arguments
  ["assay.prefilter"] = pick { "literals", "words" },
}
M.SAFE_MODULES = {}
for name in pairs(SAFE) do M.SAFE_MODULES[#M.SAFE_MODULES + 1] = name end
table.sort(M.SAFE_MODULES)

local STD = { string = string, table = table, math = math, utf8 = utf8 }

-- Metatables set by rule code: the only ones a rule's getmetatable returns
-- (a string's, a regex's or a document's would let it change them for all).
local made = setmetatable({}, { __mode = "k" })

local function rule_setmetatable (t, mt)
  if type(t) ~= "table" then
    error("bad argument #1 to 'setmetatable' (table expected, got " .. type(t) .. ")", 2)
  end
  if mt ~= nil and type(mt) ~= "table" then
    error("bad argument #2 to 'setmetatable' (nil or table expected)", 2)
  end
  local cur = getmetatable(t)
  if cur ~= nil and not made[cur] then
    error("setmetatable: this table's metatable is not the rule's to change", 2)
  end
  -- finalizers run with the budget's hook off, at any later time
  if mt ~= nil and rawget(mt, "__gc") ~= nil then error("setmetatable: __gc is not allowed in rules", 2) end
  if mt ~= nil then made[mt] = true end
  return setmetatable(t, mt)
end

local function rule_getmetatable (v)
  local mt = getmetatable(v)
  if mt ~= nil and made[mt] then return mt end
  return nil
end

-- xpcall's handler runs where the error is raised; when that is the
-- budget's hook, hooks are off and a looping handler would never stop.
-- The rule's handler runs after the unwinding instead, under the budget.
local function rule_xpcall (f, handler, ...)
  if type(handler) ~= "function" then
    error("bad argument #2 to 'xpcall' (function expected, got " .. type(handler) .. ")", 2)
  end
  local r = table.pack(pcall(f, ...))
  if r[1] then return table.unpack(r, 1, r.n) end
  return false, handler(r[2])
end

-- While rules.load runs: {quiet =, said = lines printed}.  A rule file's
-- top level (a warning about what it found) prints a line once per load,
-- however many files include it, and not at all in a load marked quiet:
-- a run's workers load the files the main thread loaded, and printed, first.
local LOADING

local function sandbox (allow_io, define, dir, included)
  local mods = {}                               -- this sandbox's copies
  local function module (name)
    local m = mods[name]
    if m == nil then
      local make = SAFE[name]
      if STD[name] then m = copy(STD[name])
      elseif make then m = make(require(name)) end
      mods[name] = m
    end
    return m
  end
  local env = {
    assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs,
    pcall = pcall, xpcall = rule_xpcall, select = select, tonumber = tonumber,
    tostring = tostring, type = type, rawequal = rawequal, rawget = rawget,
    rawlen = rawlen, rawset = rawset, setmetatable = rule_setmetatable,
    getmetatable = rule_getmetatable, print = function (...)
      local t = table.pack(...)
      for i = 1, t.n do t[i] = tostring(t[i]) end
      local line = text.printable(table.concat(t, "\t"), true)
      if LOADING then             -- (while the rules load: see M.load's opts.quiet)
        if LOADING.quiet or LOADING.said[line] then return end
        LOADING.said[line] = true
      end
      io.stderr:write(line, "\n")
    end,
    string = module("string"), table = module("table"), math = module("math"),
    utf8 = module("utf8"),
    os = setmetatable({ time = os.time, date = os.date, clock = os.clock, difftime = os.difftime }, {
      __index = function (_, k)
        error("os." .. tostring(k) .. " is not available to rules (only os.time, os.date, os.clock, "
              .. "os.difftime); --allow-io gives them all of os", 2)
      end }),
    re = module("assay.re"), text = module("assay.text"),
    rule = define,
  }
  env.require = function (name)
    if allow_io then return require(name) end
    local m = type(name) == "string" and module(name)
    if m then return m end
    error("require '" .. tostring(name) .. "': rules may require only " ..
          table.concat(M.SAFE_MODULES, ", ") .. " (and string, table, math, utf8);" ..
          " other modules need --allow-io", 2)
  end
  if allow_io then env.io = io; env.os = os end
  -- include "helpers.lua": run a file of the same pack in this sandbox.
  -- The name is relative to the file that includes it (an included file's
  -- own includes to its directory), so one pack can include another's
  -- helpers (include "../fupin/_locate.lua").
  local cur = dir
  env.include = function (name)
    -- only Lua source files: include cannot read other files (their text
    -- would come back in a syntax error's message)
    if type(name) ~= "string" or not name:match("%.lua$") then
      error("include: '" .. tostring(name) .. "' must name a .lua file (relative to the including file)", 2)
    end
    local path = name:sub(1, 1) == "/" and name or (cur .. "/" .. name)
    -- (an error names the include's own file and line first)
    local src, err = source(path)
    if not src then error("include: " .. err, 2) end
    -- what a rule file includes is part of its rules: a changed helper
    -- changes the set's hash, so a re-run redoes the documents
    if included then included(name, src) end
    local chunk, cerr = load(src, "@" .. path, "t", env)
    if not chunk then error(cerr, 0) end
    local saved = cur
    cur = path:match("^(.*)/[^/]*$") or "."
    local ok, res = pcall(chunk)
    cur = saved
    if not ok then error(res, 0) end
    return res
  end
  env._G = env
  return setmetatable(env, {
    __index = function (t, k)
      -- cn (assay.cn) is loaded when a rule file first reads it: most do
      -- not, and every worker thread loads the rules
      if k == "cn" then
        local okcn, cn = pcall(module, "assay.cn")
        if okcn then rawset(t, "cn", cn); return cn end
      end
      error("unknown global '" .. tostring(k) .. "'" .. (k == "io" and " (rules get it with --allow-io)" or ""), 2)
    end,
  })
end
-- }======

-- {====== a bad pattern, pointed at in its rule file ======

-- Byte position in src of pattern byte off (0-based) of the string literal
-- whose opening quote or bracket is at q, or nil.
local function literal_pos (src, q, off)
  local long = src:match("^%[(=*)%[", q)
  if long then
    local p = q + #long + 2
    if src:sub(p, p) == "\n" then p = p + 1 end       -- Lua drops a first newline
    return p + off
  end
  local quote = src:sub(q, q)
  local i, n = q + 1, 0
  while i <= #src do
    if n >= off then return i end
    local c = src:sub(i, i)
    if c == quote or c == "\n" then return i end
    if c == "\\" then
      local e = src:sub(i + 1, i + 1)
      if e:match("%d") then i = i + #src:match("^%d%d?%d?", i + 1) + 1
      elseif e == "x" then i = i + 4
      elseif e == "z" then i = (src:find("%S", i + 2) or #src + 1); n = n - 1
      elseif e == "u" then i = (src:find("}", i, true) or i + 1) + 1
      else i = i + 2 end
    else
      i = i + 1
    end
    n = n + 1
  end
  return nil
end

-- "FILE:LINE:COL: rule 'x': MESSAGE" and the source line with a caret
-- under the pattern's offset (from the message, "at offset N"), or nil
-- when the pattern is no literal after the rule's line of its file.
local function pattern_error (where, name, msg)
  local file, ln = where:match("^(.*):(%d+)$")
  local off = tonumber(msg:match("at offset (%d+)"))
  if not file or not off or file:match("^%[") then return nil end
  local src = source(file)                   -- (the text the rules were loaded from: no BOM)
  if not src then return nil end
  local pos, line = 1, 1
  while line < tonumber(ln) do
    local nl = src:find("\n", pos, true)
    if not nl then return nil end
    pos, line = nl + 1, line + 1
  end
  local _, e = src:find("pattern%s*=%s*", pos)
  if not e then return nil end
  local at = literal_pos(src, e + 1, off)
  if not at then return nil end
  local upto = src:sub(1, at - 1)
  local ls = upto:match(".*\n()") or 1
  line = select(2, upto:gsub("\n", "")) + 1
  local le = (src:find("\n", at, true) or #src + 1) - 1
  local text = require "assay.text"
  local before = src:sub(ls, at - 1)
  local col = (text.len(before) or #before) + 1
  return string.format("%s:%d:%d: rule '%s': %s\n  %s\n  %s^", file, line, col, name, msg,
                       src:sub(ls, le), string.rep(" ", text.width(before) or #before))
end

-- }======

-- qualifier = { min = G or {G, ...}, max = ..., approx = ... }: the
-- qualifier of a value/scale rule's fact is the first of min, max, approx
-- one of whose groups took part in the match, else "exact".  Returns
-- {{"min", {g, ...}}, ...} with the groups as numbers.
local QUALIFIERS = { "min", "max", "approx" }
local function qualifier_groups (spec, group, bad)
  for k in pairs(spec) do
    if k ~= "min" and k ~= "max" and k ~= "approx" then
      bad("qualifier: unknown key " .. string.format("%q", tostring(k))
          .. " (qualifier = { min = GROUP or {GROUP, ...}, max = ..., approx = ... })")
    end
  end
  local out = {}
  for _, q in ipairs(QUALIFIERS) do
    local gs = spec[q]
    if gs ~= nil then
      if type(gs) ~= "table" then gs = { gs } end
      local nums = {}
      for i, g in ipairs(gs) do nums[i] = group(g, "qualifier " .. q) end
      out[#out + 1] = { q, nums }
    end
  end
  return out
end

-- The emit of a value/scale rule with a qualifier or a unit: the value as
-- a rule without emit gets it (factpack.expand on the match's one hit: one
-- definition of value * scale), the qualifier from the groups that took
-- part ("exact" when no group says otherwise; none without `qualifier`),
-- the unit as given.  Such a rule runs in Lua, an emit call per match.
local function qualified_emit (rule, quals, unit)
  local vg, sg = rule.value_group, rule.scale_group
  local block = { width = sg and 7 or 5, numeric = true, factors = rule.factors, kind = "", rule = "" }
  local none = next(quals) == nil
  return function (m)
    local q = "exact"
    for _, e in ipairs(quals) do
      for _, g in ipairs(e[2]) do
        if m[g] then q = e[1]; break end
      end
      if q ~= "exact" then break end
    end
    if none then q = nil end
    local v = m[vg]
    if not v then return { qualifier = q, unit = unit } end
    local sc = sg and m[sg] or nil
    local s = sc and v .. sc or v
    if sg then
      block.hits = string.pack("i4i4i4i4i4i4i4", 1, #s, 0, 1, #v, sc and #v + 1 or 0, sc and #s or -1)
    else
      block.hits = string.pack("i4i4i4i4i4", 1, #s, 0, 1, #v)
    end
    return { value = factpack.expand(block, s)[1].value, qualifier = q, unit = unit }
  end
end

local function check_rule (name, spec, where)
  local function bad (msg) error(where .. ": rule '" .. name .. "': " .. msg, 0) end
  if type(spec) ~= "table" then bad("definition must be a table, got " .. type(spec)) end
  for k, v in pairs(spec) do
    local want = FIELDS[k]
    if not want then
      local names = {}
      for f in pairs(FIELDS) do names[#names + 1] = f end
      table.sort(names)
      local near = type(k) == "string" and require("assay.term").suggest(k:lower(), names)
      bad("unknown field '" .. tostring(k) .. "'" .. (near and " (did you mean '" .. near .. "'?)"
          or " (fields: " .. table.concat(names, ", ") .. ")"))
    end
    if want == "group" then
      if math.type(v) ~= "integer" and type(v) ~= "string" then
        bad("field '" .. k .. "' must be a group number or name, got " ..
            (type(v) == "number" and tostring(v) or type(v)))
      end
    elseif type(v) ~= want then bad("field '" .. k .. "' must be a " .. want .. ", got " .. type(v)) end
  end
  if not spec.pattern and not spec.match then bad("needs a pattern or a match function") end
  if spec.pattern and spec.match then bad("has both pattern and match; use one") end
  if spec.scope and not SCOPES[spec.scope] then
    bad("scope must be sentence, clause, line or document, got '" .. spec.scope .. "'")
  end
  if spec.need then
    for i, lit in ipairs(spec.need) do
      if type(lit) ~= "string" or lit == "" then bad("need[" .. i .. "] must be a non-empty string") end
    end
  end
  if spec.after then
    for i, a in ipairs(spec.after) do
      if type(a) ~= "string" then bad("after[" .. i .. "] must be a rule name") end
    end
  end
  -- the engine's own copies (raw): a rule's tables may have metatables
  local function list (t)
    local c = {}
    for i = 1, t and rawlen(t) or 0 do c[i] = rawget(t, i) end
    return c
  end
  local rule = {
    name = name, doc = spec.doc, kind = spec.kind or name, need = list(spec.need),
    pattern = spec.pattern, flags = spec.flags or "", scope = spec.scope or "sentence",
    emit = spec.emit, match = spec.match, examples = spec.examples or {},
    after = list(spec.after), where = where, tags = spec.tags,
    enabled = spec.enabled ~= false,
  }
  if rule.pattern then
    local ok, rx = pcall(re.compile, rule.pattern, rule.flags)
    if not ok then
      local pointed = pattern_error(where, name, tostring(rx))
      if pointed then error(pointed, 0) end
      bad(tostring(rx))
    end
    rule.regex = rx
    -- literals every match contains (nil: none known, the rule runs in
    -- every segment); see docs/rules.md, "The literal prefilter"
    rule.literals = prefilter.literals(rule.pattern, rule.flags)
    local names
    rule.ngroups, names = rx:groups()
    -- value = G: the value is group G read as a number (its text when it is
    -- not one); scale = {G2, {text = factor}}: times the factor of group
    -- G2's text (1.0 when G2 did not match or its text is not listed)
    local function group (g, what)
      if type(g) == "string" then
        if not names[g] then bad(what .. ": the pattern has no group named '" .. g .. "'") end
        return names[g]
      end
      if math.type(g) ~= "integer" or g < 1 or g > rule.ngroups then
        bad(what .. ": the pattern has no group " .. tostring(g) .. " (it has " .. rule.ngroups .. ")")
      end
      return g
    end
    if spec.value ~= nil then rule.value_group = group(spec.value, "value") end
    rule.value_named = names.value               -- without emit or value: group "value", else 1
    if spec.scale ~= nil then
      local sc = spec.scale
      if spec.value == nil then bad("scale needs value (the group it multiplies)") end
      if type(sc[2]) ~= "table" then bad("scale must be {group, {text = factor, ...}}") end
      rule.scale_group = group(sc[1], "scale")
      rule.factors = {}
      for k, f in pairs(sc[2]) do
        if type(k) ~= "string" or type(f) ~= "number" then
          bad("scale: factors must map texts to numbers, got " .. type(k) .. " = " .. type(f))
        end
        rule.factors[k] = f
      end
    end
    if spec.qualifier ~= nil or spec.unit ~= nil then
      if spec.value == nil then
        bad((spec.qualifier ~= nil and "qualifier" or "unit") .. " needs value (the group of the figure)")
      end
      rule.emit = qualified_emit(rule, qualifier_groups(spec.qualifier or {}, group, bad), spec.unit)
    end
  elseif spec.value ~= nil or spec.scale ~= nil or spec.qualifier ~= nil or spec.unit ~= nil then
    bad("value, scale, qualifier and unit take groups of a pattern")
  end
  if spec.emit and (spec.value ~= nil or spec.scale ~= nil or spec.qualifier ~= nil or spec.unit ~= nil) then
    bad("has emit and value/scale/qualifier/unit; emit sets the value itself")
  end
  return rule
end

-- Order rules so that each runs after the rules in its `after` list; keep
-- the definition order otherwise.  A cycle is an error naming it.
local function order (list, byname)
  local state, out = {}, {}
  local function visit (r, path)
    if state[r] == "done" or not r.enabled then return end
    if state[r] == "visiting" then
      local cyc = {}
      local start = false
      for _, n in ipairs(path) do
        if n == r.name then start = true end
        if start then cyc[#cyc + 1] = n end
      end
      cyc[#cyc + 1] = r.name
      error("rule cycle: " .. table.concat(cyc, " -> "), 0)
    end
    state[r] = "visiting"
    path[#path + 1] = r.name
    for _, dep in ipairs(r.after) do
      local d = byname[dep]
      if not d then
        error(r.where .. ": rule '" .. r.name .. "' runs after unknown rule '" .. dep .. "' (the rules of "
              .. "`after` must be loaded with it: give their pack too, assay test scripts/fupin mypack)", 0)
      end
      visit(d, path)
    end
    path[#path] = nil
    state[r] = "done"
    out[#out + 1] = r
  end
  for _, r in ipairs(list) do visit(r, {}) end
  return out
end

-- rules.subset(set, rule) -> a rule set of the rule and, first, the rules it
-- runs after (theirs too), in run order: what assay test and the repl's
-- try(rule_name, text) run on a text, as a real run would
function M.subset (set, rule)
  local list, seen = {}, {}
  local function add (r)
    if seen[r] then return end
    seen[r] = true
    for _, a in ipairs(r.after) do add(set.byname[a]) end
    list[#list + 1] = r
  end
  add(rule)
  return { list = list, byname = set.byname }
end

-- rules.shipped(path) -> path; for a relative path that does not exist here,
-- the copy shipped with assay when there is one: beside the binary (a source
-- tree: ./assay) or in PREFIX/share/assay (make install), so that
-- `assay run scripts/fupin` and `assay report scripts/reports/...` work in
-- any directory.  A path that exists here wins.
function M.shipped (path)
  if path:sub(1, 1) == "/" or host.stat(path) then return path end
  local dir = host.exepath():match("^(.*)/[^/]*$") or "."
  for _, base in ipairs({ dir, dir .. "/../share/assay" }) do
    if host.stat(base .. "/" .. path) then return base .. "/" .. path end
  end
  return path
end

-- Expand rule arguments (files and directories) into a sorted file list.
local function rule_files (paths)
  local files = {}
  local seen = {}                          -- device:inode of the folders read (symlink loops)
  local function add (p)
    p = M.shipped(p)
    local st, err = host.stat(p)
    if not st then error("cannot read rules " .. err, 0) end
    if st.type == "dir" then
      if seen[st.id] then return end
      seen[st.id] = true
      local entries = assert(host.dir(p))
      for _, e in ipairs(entries) do
        local full = p:gsub("/$", "") .. "/" .. e.name
        if e.type == "dir" or e.type == "linkdir" then add(full)
        elseif e.name:match("%.lua$") and not e.name:match("_test%.lua$")
               and not e.name:match("^_") then
          files[#files + 1] = full
        end
      end
    else
      files[#files + 1] = p
    end
  end
  for _, p in ipairs(paths) do add(p) end
  return files
end
M.rule_files = rule_files
M.source = source          -- (assay test finds its examples' lines in the same text)

-- Rule packs built into the binary, loaded before the user's rules unless
-- opts.meta == false (assay run --no-meta).
M.DEFAULTS = { "assay.defaults.meta" }

-- The source of a built-in rule file (embedded, or from ASSAY_PATH).
function M.builtin_source (name)
  local root = os.getenv("ASSAY_PATH")
  if root and root ~= "" then
    local s = readfile(root .. "/" .. name:gsub("%.", "/") .. ".lua")
    if s then return s end
  end
  return host.stdlib_source(name)
end

-- rules.load(paths, opts) -> set: {list = rules in run order, byname =,
-- files =, hash = content hash of every file and its name, and of the build}.  Raises with file:line on
-- errors in the rule files.  opts.allow_io opens io/os to the rules; opts.quiet
-- drops what the files print while they load (LOADING above).
M.LOAD_LIMITS = { instructions = 2000000000, memory = 1024 * 1048576, seconds = 60 }

-- what a rules path that holds no Lua (a folder of documents) most likely means
local SWAPPED = " (rules are Lua files, given before the '--' and the documents)"

local function load_set (paths, opts)
  -- from here on no regex of this state gets PCRE2 limits above the
  -- current ones (re.limits and r:limits may only lower them)
  if not opts.allow_io then re.lock_limits() end
  if type(paths) == "string" then paths = { paths } end
  local list, byname, parts = {}, {}, {}
  local set_made = false
  local files = rule_files(paths)
  if #files == 0 then error("no rule files (*.lua) in " .. table.concat(paths, ", ") .. SWAPPED, 0) end
  local sources = {}
  if opts.meta ~= false then
    -- the built-in metadata pack (stdlib/assay/defaults/meta.lua), first
    for _, name in ipairs(M.DEFAULTS) do
      table.insert(files, 1, "[assay] " .. name)
      sources["[assay] " .. name] = assert(M.builtin_source(name))
    end
  end
  for _, path in ipairs(files) do
    local src, err = sources[path], nil
    if not src then
      src, err = source(path, "rules ")
      if not src then error(err .. (path:match("%.lua$") and "" or SWAPPED), 0) end
    end
    -- the file's name, not its path: the same pack given as rules/, ./rules
    -- or an absolute path (on another machine) has one hash
    parts[#parts + 1] = (path:match("([^/]+)$") or path) .. "\0" .. src
    local dir = path:match("^(.*)/[^/]*$") or "."
    local function define (name)
      if type(name) ~= "string" or name == "" then
        error("rule: a rule needs a name: rule \"name\" { ... }", 2)
      end
      local info = debug.getinfo(2, "Sl")
      local where = info.short_src .. ":" .. (info.currentline or 0)
      return function (spec)
        if byname[name] then
          error("duplicate rule '" .. name .. "': defined in " .. byname[name].where ..
                " and in " .. where, 0)
        end
        local r = check_rule(name, spec, where)
        r.builtin = sources[path] ~= nil or nil   -- assay's own rules (M.DEFAULTS): trusted code
        byname[name] = r
        list[#list + 1] = r
        return r
      end
    end
    -- (an include while the rules load; one while a rule runs comes after
    -- the hash is taken and cannot change it)
    local env = sandbox(opts.allow_io, define, dir, function (name, isrc)
      if not set_made then parts[#parts + 1] = name .. "\0" .. isrc end
    end)
    local chunk, cerr = load(src, sources[path] and "=" .. path or "@" .. path, "t", env)
    if not chunk and not sources[path] and not path:match("%.lua$") then cerr = cerr .. SWAPPED end
    if not chunk then error(cerr, 0) end
    -- a rule file's own code (and what it requires) runs under a budget too
    local ok, rerr, reason = host.call(chunk, opts.load_limits or M.LOAD_LIMITS)
    if not ok then
      rerr = tostring(rerr):gsub("\nstack traceback:.*$", "")
      if reason ~= "error" then       -- (a budget: where host.call's hook stopped it, else the file)
        local at, what = rerr:match("^([^\n]-:%d+): (.*)$")
        rerr = (at or path) .. ": loading the rules: " .. (what or rerr)
      end
      error(rerr, 0)
    end
  end
  local set = {
    list = order(list, byname), byname = byname, files = files,
    -- (and the build: another assay may read the same rules differently,
    -- so a document an older build read is not "unchanged" to a newer one)
    hash = host.hash(table.concat(parts, "\0") .. "\0" .. (opts.salt or "") .. "\0" .. (_ASSAY_BUILD or "")),
  }
  set_made = true
  if opts.prefilter ~= false then set.prefilter = M.prefilter(set.list) end
  return set
end

function M.load (paths, opts)
  opts = opts or {}
  LOADING = { quiet = opts.quiet, said = {} }
  local ok, set = pcall(load_set, paths, opts)
  LOADING = nil
  if not ok then error(set, 0) end
  return set
end

-- The literal prefilter of a rule list (assay.prefilter): one automaton
-- over every pattern rule's literals, rule i of the list being rule i of
-- the automaton; nil when fewer than two rules have literals (one rule's
-- scan for its literals would only repeat what PCRE2's own start-of-match
-- search does: T2 of the bench, one rule, ran 1.2x slower with it), or when they are
-- too many for one automaton (then every rule runs in every segment, as
-- without).  The backend: $ASSAY_PREFILTER (auto, ac or hs: Vectorscan,
-- given the whole patterns; docs/internals.md), an unknown one an error.
function M.prefilter (list)
  local lits, pats, flags, n = {}, {}, {}, 0
  for i, r in ipairs(list) do
    lits[i] = r.pattern and r.literals or false
    pats[i], flags[i] = r.pattern or false, r.flags or ""
    if lits[i] then n = n + 1 end
  end
  local opts = { patterns = pats, flags = flags, backend = os.getenv("ASSAY_PREFILTER") }
  if opts.backend == "" then opts.backend = nil end
  local function make (l)
    local ok, a = pcall(prefilter.new, l, opts)
    if not ok and tostring(a):find("prefilter backend", 1, true) then
      error("ASSAY_PREFILTER=" .. opts.backend .. ": " .. tostring(a), 0)
    end
    return ok and a or nil
  end
  if n < 2 then make({}); return nil end   -- (only to raise for a bad $ASSAY_PREFILTER)
  return make(lits)
end

return M
