-- assay eval: the facts of rules (or of a database) scored against a gold
-- TSV in the formats of the project's gold sets, as their scorer score.py
-- does it (the same matching, figures and rounding).
local re = require "assay.re"
local text = require "assay.text"
local show = require "assay.cmd.show"

local M = {}

M.help = [[
usage: assay eval [OPTIONS] RULES... --gold GOLD.tsv -- INPUT...
       assay eval [OPTIONS] --db FILE --gold GOLD.tsv

Scores facts against a gold TSV: runs RULES on the inputs (as assay run
does, into a temporary database), or reads the facts of a
database written by assay run (--db), and prints what the gold's scorer
(score.py) prints: precision, recall and F1 of the matching, the accuracy of
value, unit, qualifier (and, for facts, kind, region, period) over matched
rows, the strict F1 (kind and value right too) and its one-line summary;
then P/R/F1 per kind, and the misses and false positives with their
sentences.

Gold formats (tab-separated, header line optional):
  facts       doc line kind region period value unit qualifier surface
  quantities  doc line surface value unit qualifier
A fact is a row: doc is the base name of its document's file (file#id for
a JSONL/CSV record, file#line without an id), line its 1-based line (lines
end at \n), surface its text.  A row matches a gold row with the same doc,
line and surface, one to one; values compare as decimals, regions after
the short-form mapping of autonomous areas and provinces
(黔东南苗族侗族自治州 = 黔东南州, 山东省 = 山东).

Scored facts: those of the kinds the gold has and every fact with a unit
(a figure of a kind the gold never uses is a false positive); --kind
chooses the kinds instead.

options:
  --gold FILE       the gold TSV (required)
  --db FILE         score this database instead of running rules
  --mode M          facts or quantities (default: from the gold's header)
  --kind KIND       score only facts of this kind (repeatable; or KIND,KIND)
  --docs FILE       only the documents named in FILE (as score.py --docs)
  --limit N         misses and false positives listed (default 15; 0: all)
  --pred FILE       also write the predicted rows as TSV (score.py reads it)
  --simplify        rules match every text converted to simplified characters
                    (default: only texts in traditional or mixed script, as
                    assay run and scripts/facts.lua do)
  --no-simplify     rules match the text as written, even a traditional one
  -j, --jobs N      worker threads of the run

exit status: 0 scored, 1 the run or a file failed, 2 usage error.]]

local COLUMNS = {
  quantities = { "doc", "line", "surface", "value", "unit", "qualifier" },
  facts = { "doc", "line", "kind", "region", "period", "value", "unit", "qualifier", "surface" },
}
M.COLUMNS = COLUMNS

-- {====== score.py, line for line ======

-- str.strip(): the characters Python's str.isspace() calls white
local WHITE = { [0x85] = true, [0xa0] = true, [0x1680] = true, [0x2028] = true, [0x2029] = true,
                [0x202f] = true, [0x205f] = true, [0x3000] = true }
for c = 9, 13 do WHITE[c] = true end
for c = 28, 32 do WHITE[c] = true end
for c = 0x2000, 0x200a do WHITE[c] = true end

local function pystrip (s)
  local first, last
  for p, c in utf8.codes(s) do
    if not WHITE[c] then
      first = first or p
      last = p
    end
  end
  if not first then return "" end
  return s:sub(first, (utf8.offset(s, 2, last) or #s + 1) - 1)
end

local function split_tab (l)
  local out, i = {}, 1
  while true do
    local j = l:find("\t", i, true)
    if not j then out[#out + 1] = l:sub(i); return out end
    out[#out + 1] = l:sub(i, j - 1)
    i = j + 1
  end
end

-- M.read(path, mode [, docs]) -> rows | nil, message: score.py's read():
-- blank lines skipped, an optional header (starting doc, line) names the
-- columns, else they are the mode's; docs (a set) keeps those docs only.
function M.read (path, mode, docs)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local s, rerr = f:read("a")               -- nil for a directory
  f:close()
  if not s then return nil, path .. ": " .. tostring(rerr) end
  if not utf8.len(s) then return nil, path .. ": not UTF-8" end
  s = s:gsub("\r\n?", "\n")                 -- Python's universal newlines
  local lines = {}
  for l in s:gmatch("[^\n]*") do
    if pystrip(l) ~= "" then lines[#lines + 1] = l end
  end
  local cols, first = COLUMNS[mode], 1
  if lines[1] then
    local h = split_tab(lines[1])
    if h[1] == "doc" and h[2] == "line" then cols, first = h, 2 end
  end
  local rows = {}
  for i = first, #lines do
    local v, r = split_tab(lines[i]), { _n = i }
    for j, c in ipairs(cols) do if v[j] ~= nil and r[c] == nil then r[c] = v[j] end end
    if docs == nil or (r.doc and docs[r.doc]) then rows[#rows + 1] = r end
  end
  return rows, cols
end

-- int(line) of Python, as a string ("012" -> "12"); nil when not a number
local function pyint (s)
  if s == nil or s == "" then return "0" end
  s = pystrip(s)
  local sign, digits = s:match("^([+-]?)(%d[%d_]*)$")
  if not digits or digits:find("__", 1, true) or digits:sub(-1) == "_" then return nil end
  digits = digits:gsub("_", ""):gsub("^0+", "")
  if digits == "" then return "0" end
  return (sign == "-" and "-" or "") .. digits
end

-- A decimal string (Python's Decimal syntax) as sign, digits, exponent
-- with no leading or trailing zeros: equal numbers give equal triples.
local function decimal (s)
  s = pystrip(s)
  local sign, body = s:match("^([+-]?)(.*)$")
  local low = body:lower()
  if low == "inf" or low == "infinity" then return sign == "-" and "-inf" or "inf" end
  if low == "nan" or low == "snan" or low:match("^s?nan%d+$") then return "nan" end
  local ip, fp, ex = body:match("^(%d[%d_]*)%.?(%d*[%d_]*)([eE]?[+-]?%d*)$")
  if not ip then
    ip, fp, ex = "", body:match("^%.(%d[%d_]*)([eE]?[+-]?%d*)$")
    if not fp then return nil end
  end
  for _, part in ipairs({ ip, fp }) do
    if part:find("__", 1, true) or part:sub(-1) == "_" or part:sub(1, 1) == "_" then return nil end
  end
  if ex ~= "" and not ex:match("^[eE][+-]?%d+$") then return nil end
  local digits = (ip .. fp):gsub("_", "")
  local e = -#(fp:gsub("_", "")) + (ex ~= "" and tonumber(ex:sub(2)) or 0)
  digits = digits:gsub("^0+", "")
  if digits == "" then return "0" end
  local trail = #digits - #digits:gsub("0+$", "")
  digits = digits:sub(1, #digits - trail)
  return (sign == "-" and "-" or "") .. digits .. "e" .. (e + trail)
end

-- score.py's num_eq: Decimal equality, else the stripped strings
function M.num_eq (a, b)
  local x, y = a and decimal(a), b and decimal(b)
  if x and y then return x == y and x ~= "nan" end
  return pystrip(a or "") == pystrip(b or "")
end

-- The 55 nationalities and the region patterns of score.py.
local ETHNIC = {}
for n in ([[蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山
  拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米
  塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺]]):gmatch("%S+") do
  ETHNIC[#ETHNIC + 1] = n
end
local order = {}
for i, n in ipairs(ETHNIC) do order[n] = i end
local sorted = { table.unpack(ETHNIC) }
-- Python's sorted(key=len, reverse=True) is stable: equal lengths keep their order
table.sort(sorted, function (a, b)
  local la, lb = utf8.len(a), utf8.len(b)
  if la ~= lb then return la > lb end
  return order[a] < order[b]
end)
local ETH = table.concat(sorted, "|")
local AUTO = re.compile("((?:(?:" .. ETH .. ")族|哈萨克|柯尔克孜|蒙古|锡伯|塔吉克|鄂伦春)*)自治([州县旗])")
local FIRST = re.compile("^(?:" .. ETH .. ")")
local AREG = re.compile("(内蒙古|广西|西藏|宁夏|新疆)(?:壮族|回族|维吾尔族|维吾尔)?自治区")
local PROV = re.compile("^(北京|天津|上海|重庆)市|^(河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|"
  .. "湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾)省")
local SUFFIX = {}
for _, c in utf8.codes("省市州盟县区旗镇乡村") do SUFFIX[utf8.char(c)] = true end

-- the character before byte pos of s
local function char_before (s, pos)
  local i = pos - 1
  while i > 1 and (s:byte(i) & 0xC0) == 0x80 do i = i - 1 end
  return s:sub(i, pos - 1)
end

function M.norm_region (r)
  r = pystrip(r or "")
  r = AREG:gsub(r, "%1")
  r = PROV:gsub(r, function (a, b) return a or b end, 1)
  local out, i = {}, 1
  while true do
    local s, e, run, suffix = AUTO:find(r, i)
    if not s then break end
    out[#out + 1] = r:sub(i, s - 1)
    if run ~= "" and (s == 1 or SUFFIX[char_before(r, s)]) then
      out[#out + 1] = FIRST:match(run) .. suffix
    else
      out[#out + 1] = suffix
    end
    i = e + 1
  end
  out[#out + 1] = r:sub(i)
  return table.concat(out)
end

local function same (c)
  if c == "value" then return M.num_eq end
  if c == "region" then return function (a, b) return M.norm_region(a) == M.norm_region(b) end end
  return function (a, b) return (a or "") == (b or "") end
end

-- M.score(pred, gold, mode) -> result: score.py's matching and figures.
--   gold, pred, tp, P, R, F, acc (by column), cols, strict (facts), pairs, fn, fp
function M.score (pred, gold, mode)
  local function key (r)
    local line = pyint(r.line)
    if not line then error("line is not a number: '" .. tostring(r.line) .. "' (" .. tostring(r.doc) .. ")", 0) end
    return tostring(r.doc) .. "\0" .. line .. "\0" .. tostring(r.surface)
  end
  local pool, keys = {}, {}
  for _, g in ipairs(gold) do
    local k = key(g)
    if not pool[k] then pool[k] = { i = 1 }; keys[#keys + 1] = k end
    local l = pool[k]
    l[#l + 1] = g
  end
  local pairs_, fp = {}, {}
  for _, p in ipairs(pred) do
    local l = pool[key(p)]
    if l and l.i <= #l then
      pairs_[#pairs_ + 1] = { p, l[l.i] }
      l.i = l.i + 1
    else
      fp[#fp + 1] = p
    end
  end
  local fn = {}
  for _, k in ipairs(keys) do
    local l = pool[k]
    for i = l.i, #l do fn[#fn + 1] = l[i] end
  end
  local r = { gold = #gold, pred = #pred, tp = #pairs_, pairs = pairs_, fn = fn, fp = fp, acc = {} }
  r.P = #pred > 0 and r.tp / #pred or 0.0
  r.R = #gold > 0 and r.tp / #gold or 0.0
  r.F = (r.P + r.R ~= 0) and 2 * r.P * r.R / (r.P + r.R) or 0.0
  r.cols = { "value", "unit", "qualifier" }
  if mode == "facts" then for _, c in ipairs({ "kind", "region", "period" }) do r.cols[#r.cols + 1] = c end end
  for _, c in ipairs(r.cols) do
    local eq, ok = same(c), 0
    for _, pg in ipairs(pairs_) do if eq(pg[1][c], pg[2][c]) then ok = ok + 1 end end
    r.acc[c] = r.tp > 0 and ok / r.tp or 0.0
  end
  if mode == "facts" then
    local st = 0
    for _, pg in ipairs(pairs_) do
      if pg[1].kind == pg[2].kind and M.num_eq(pg[1].value, pg[2].value) then st = st + 1 end
    end
    local sp = #pred > 0 and st / #pred or 0.0
    local sr = #gold > 0 and st / #gold or 0.0
    r.strict = { P = sp, R = sr, F = (sp + sr ~= 0) and 2 * sp * sr / (sp + sr) or 0.0 }
  end
  return r
end

-- The figures as score.py prints them (its listings of misses aside), and
-- its last line.
function M.scorepy_lines (r)
  local f = string.format
  local out = { f("gold %d  pred %d  matched %d  P %.3f  R %.3f  F1 %.3f", r.gold, r.pred, r.tp, r.P, r.R, r.F) }
  for _, c in ipairs(r.cols) do out[#out + 1] = f("  %-9s accuracy %.3f", c, r.acc[c]) end
  if r.strict then
    out[#out + 1] = f("  strict (kind+value) P %.3f R %.3f F1 %.3f", r.strict.P, r.strict.R, r.strict.F)
  end
  local summary = f("P=%.3f R=%.3f F1=%.3f value_acc=%.3f", r.P, r.R, r.F, r.acc.value)
  if r.strict then
    summary = summary .. f(" strictF1=%.3f kind_acc=%.3f region_acc=%.3f period_acc=%.3f", r.strict.F,
                           r.acc.kind, r.acc.region, r.acc.period)
  end
  return out, summary
end

-- }======

local function fmtv (v)
  if v == nil then return "" end
  if type(v) == "number" then return require("assay.cn").format(v) end
  return tostring(v)
end
local function clean (v) return (tostring(v or ""):gsub("[\t\n\r]", " ")) end

-- M.predictions(d, mode, kinds, gold_kinds) -> rows, texts: the facts of the
-- database as gold rows (in document order, then by span), with _text (the
-- document's text), _start, _stop; kinds: a set, or nil for the default.
function M.predictions (d, kinds, gold_kinds)
  local rows, texts = {}, {}
  local cur, text_, line, pos
  for f in d:rows([[SELECT f.doc_id AS doc_id, f.kind AS kind, f.region AS region, f.period AS period,
      f.value AS value, f.unit AS unit, f.qualifier AS qualifier, f.surface AS surface, f.start AS start,
      f.stop AS stop, docs.key AS key, docs.path AS path FROM docs JOIN facts f ON f.id BETWEEN docs.first_fact AND docs.last_fact
      AND f.doc_id = docs.id WHERE f.start IS NOT NULL ORDER BY docs.id, f.start, f.seq]]) do
    local keep
    if kinds then keep = kinds[f.kind] else keep = gold_kinds[f.kind] or f.unit ~= nil end
    if keep then
      if f.doc_id ~= cur then
        cur = f.doc_id
        text_ = d:val("SELECT text FROM docs WHERE id = ?", cur)
        line, pos = 1, 1
      end
      while true do
        local nl = text_:find("\n", pos, true)
        if not nl or nl >= f.start then break end
        line, pos = line + 1, nl + 1
      end
      -- a record (key dir/#id, or file#line without an id) is named as
      -- scripts/facts.lua and the gold name it: file#id
      local id = f.key:match("^[^#]*#(.*)$")
      local name = id and (f.path:match("([^/]+)$") or f.path) .. "#" .. id or f.key:match("([^/]+)$") or f.key
      texts[name] = texts[name] or text_
      rows[#rows + 1] = { doc = name, line = tostring(line), kind = f.kind, region = clean(f.region),
                          period = clean(f.period), value = clean(fmtv(f.value)), unit = clean(f.unit),
                          qualifier = clean(f.qualifier), surface = clean(f.surface),
                          _start = f.start, _stop = f.stop }
    end
  end
  return rows, texts
end

-- The sentence of a row: its span when known, else its surface on its line.
function M.sentence_of (row, texts)
  local s = texts[row.doc]
  if not s or s == "" then return nil end
  local a, b = row._start, row._stop
  if not a then
    local n, ls = 1, 1
    local want = math.tointeger(tonumber(row.line))
    if not want then return nil end
    while n < want do
      local nl = s:find("\n", ls, true)
      if not nl then return nil end
      n, ls = n + 1, nl + 1
    end
    local le = (s:find("\n", ls, true) or #s + 1) - 1
    local at = row.surface and row.surface ~= "" and s:sub(ls, le):find(row.surface, 1, true)
    if not at then return text.trim(s:sub(ls, le)) end
    a, b = ls + at - 1, ls + at + #row.surface - 2
  end
  if a < 1 or b > #s then return nil end
  local ss, se = show.sentence_around(s, a, b)
  return text.trim(show.mark(s:sub(ss, se), a - ss + 1, b - ss + 1))
end

local function per_kind (pred, gold, mode)
  local kinds, seen = {}, {}
  for _, side in ipairs({ gold, pred }) do
    for _, r in ipairs(side) do
      if r.kind and not seen[r.kind] then seen[r.kind] = true; kinds[#kinds + 1] = r.kind end
    end
  end
  table.sort(kinds)
  local out = {}
  for _, k in ipairs(kinds) do
    local p, g = {}, {}
    for _, r in ipairs(pred) do if r.kind == k then p[#p + 1] = r end end
    for _, r in ipairs(gold) do if r.kind == k then g[#g + 1] = r end end
    local s = M.score(p, g, mode)
    out[#out + 1] = { kind = k, gold = #g, pred = #p, tp = s.tp, P = s.P, R = s.R, F = s.F }
  end
  return out
end

function M.report (r, pred, gold, mode, texts, limit)
  local out = {}
  local lines, summary = M.scorepy_lines(r)
  for _, l in ipairs(lines) do out[#out + 1] = l end
  if mode == "facts" then
    out[#out + 1] = ""
    out[#out + 1] = "per kind (a row matches a gold row of its own kind):"
    out[#out + 1] = string.format("  %-12s %6s %6s %7s %6s %6s %6s", "kind", "gold", "pred", "matched", "P", "R", "F1")
    for _, k in ipairs(per_kind(pred, gold, mode)) do
      out[#out + 1] = string.format("  %-12s %6d %6d %7d %6.3f %6.3f %6.3f", k.kind, k.gold, k.pred, k.tp, k.P, k.R, k.F)
    end
  end
  local function list (name, rows)
    out[#out + 1] = ""
    local n = (limit == 0 or limit > #rows) and #rows or limit
    out[#out + 1] = string.format("%s (%d%s):", name, #rows, n < #rows and (", first " .. n) or "")
    for i = 1, n do
      local row = rows[i]
      local cols = { row.doc .. ":" .. tostring(row.line), row.surface or "" }
      for _, c in ipairs({ "kind", "value", "unit", "qualifier", "region", "period" }) do
        if row[c] and row[c] ~= "" then cols[#cols + 1] = c .. "=" .. row[c] end
      end
      out[#out + 1] = "  " .. table.concat(cols, "  ")
      local s = M.sentence_of(row, texts)
      if s then out[#out + 1] = "      " .. s end
    end
  end
  list("missed", r.fn)
  list("false positives", r.fp)
  -- matched rows whose other columns differ
  local wrong = {}
  for _, pg in ipairs(r.pairs) do
    local diffs = {}
    for _, c in ipairs(r.cols) do
      if not same(c)(pg[1][c], pg[2][c]) then
        diffs[#diffs + 1] = c .. " " .. tostring(pg[1][c] or "") .. " (gold " .. tostring(pg[2][c] or "") .. ")"
      end
    end
    if #diffs > 0 then
      local row = { doc = pg[1].doc, line = pg[1].line, surface = pg[1].surface, _start = pg[1]._start,
                    _stop = pg[1]._stop, diffs = table.concat(diffs, "; ") }
      wrong[#wrong + 1] = row
    end
  end
  out[#out + 1] = ""
  local n = (limit == 0 or limit > #wrong) and #wrong or limit
  out[#out + 1] = string.format("matched with other columns wrong (%d%s):", #wrong, n < #wrong and (", first " .. n) or "")
  for i = 1, n do
    local w = wrong[i]
    out[#out + 1] = "  " .. w.doc .. ":" .. w.line .. "  " .. w.surface .. "  " .. w.diffs
    local s = M.sentence_of(w, texts)
    if s then out[#out + 1] = "      " .. s end
  end
  out[#out + 1] = summary
  return table.concat(out, "\n")
end

local function usage (msg)
  io.stderr:write("assay eval: ", msg, "\n")
  return 2
end

local function parse (args)
  local o = { rules = {}, inputs = {}, limit = 15 }
  local i, sep = 1, false
  local function value (name)
    i = i + 1
    if args[i] == nil then error({ usage = "option " .. name .. " needs a value" }) end
    return args[i]
  end
  while i <= #args do
    local a = args[i]
    if sep then o.inputs[#o.inputs + 1] = a
    elseif a == "--" then sep = true
    elseif a == "--gold" then o.gold = value(a)
    elseif a == "--db" then o.db = value(a)
    elseif a == "--mode" then
      o.mode = value(a)
      if not COLUMNS[o.mode] then error({ usage = "--mode is facts or quantities, not '" .. o.mode .. "'" }) end
    elseif a == "--kind" then
      o.kinds = o.kinds or {}
      for k in value(a):gmatch("[^,]+") do o.kinds[k] = true end
    elseif a == "--docs" then o.docs = value(a)
    elseif a == "--pred" then o.pred = value(a)
    elseif a == "--limit" then
      o.limit = require("assay.cmd").integer(value(a), 0, "--limit needs a count (0: all)")
    elseif a == "--simplify" then o.simplify = true
    elseif a == "--no-simplify" then o.simplify = false
    elseif a == "-j" or a == "--jobs" then
      o.jobs = value(a)
      if not math.tointeger(tonumber(o.jobs)) then error({ usage = "-j needs a number, got '" .. o.jobs .. "'" }) end
    elseif a:sub(1, 1) == "-" then error({ usage = require("assay.cmd").unknown_option(a, M.help) })
    else o.rules[#o.rules + 1] = a end
    i = i + 1
  end
  if not o.gold then error({ usage = "no gold given (--gold GOLD.tsv)" }) end
  if o.db then
    if #o.rules > 0 or sep then error({ usage = "--db scores a database: no RULES or inputs with it" }) end
  else
    if #o.rules == 0 then error({ usage = "no rules given (assay eval RULES... --gold GOLD.tsv -- INPUT...)" }) end
    if not sep then error({ usage = "missing '--' between the rules and the inputs" }) end
    if #o.inputs == 0 then error({ usage = "no inputs given after '--'" }) end
  end
  return o
end

local function write_pred (path, rows, mode)
  local f, err = io.open(path, "wb")
  if not f then return nil, err end
  local cols = COLUMNS[mode]
  f:write(table.concat(cols, "\t"), "\n")
  for _, r in ipairs(rows) do
    local v = {}
    for i, c in ipairs(cols) do v[i] = r[c] or "" end
    f:write(table.concat(v, "\t"), "\n")
  end
  f:close()
  return true
end

function M.main (...)
  local okp, o = pcall(parse, { ... })
  if not okp then
    if type(o) == "table" then return usage(o.usage) end
    error(o, 0)
  end
  -- the gold first: a bad gold file fails before a long run
  local mode = o.mode
  if not mode then
    local f, ferr = io.open(o.gold, "rb")
    if not f then return usage("cannot read the gold " .. ferr) end      -- FILE: why
    local head = f:read("l") or ""
    f:close()
    local h = split_tab(head)
    if h[1] == "doc" and h[2] == "line" then
      mode = head:find("\tkind", 1, true) and "facts" or "quantities"
    else
      mode = #h >= 9 and "facts" or "quantities"
    end
  end
  local docs
  if o.docs then
    local f, err = io.open(o.docs, "rb")
    if not f then return usage("--docs: " .. err) end
    local s, rerr = f:read("a")             -- nil for a directory
    f:close()
    if not s then return usage("--docs: " .. o.docs .. ": " .. tostring(rerr)) end
    docs = {}
    for w in s:gmatch("%S+") do docs[w] = true end
  end
  local gold, gerr = M.read(o.gold, mode, docs)
  if not gold then return usage("gold: " .. gerr) end
  local gold_kinds = {}
  for _, g in ipairs(gold) do if g.kind then gold_kinds[g.kind] = true end end
  local path, remove = o.db, false
  if not path then
    path, remove = os.tmpname(), true
    os.remove(path)
    local args = { "--db", path, "-q" }
    if o.simplify ~= nil then args[#args + 1] = o.simplify and "--simplify" or "--no-simplify" end
    if o.jobs then args[#args + 1] = "-j"; args[#args + 1] = o.jobs end
    for _, r in ipairs(o.rules) do args[#args + 1] = r end
    args[#args + 1] = "--"
    for _, r in ipairs(o.inputs) do args[#args + 1] = r end
    local status = require("assay.cmd.run").main(table.unpack(args))
    if status ~= 0 then
      for _, sfx in ipairs({ "", "-wal", "-shm" }) do os.remove(path .. sfx) end
      io.stderr:write("assay eval: the run failed\n")
      return 1
    end
  end
  local d, derr = require("assay.cmd").open_facts(path, { readonly = true, create = false })
  if not d then io.stderr:write("assay eval: ", derr, "\n"); return 1 end
  local okq, pred, texts = pcall(M.predictions, d, o.kinds, gold_kinds)
  d:close()
  if remove then for _, sfx in ipairs({ "", "-wal", "-shm" }) do os.remove(path .. sfx) end end
  if not okq then io.stderr:write("assay eval: ", path, ": ", tostring(pred), "\n"); return 1 end
  if docs then
    local keep = {}
    for _, p in ipairs(pred) do if docs[p.doc] then keep[#keep + 1] = p end end
    pred = keep
  end
  if o.pred then
    local ok, err = write_pred(o.pred, pred, mode)
    if not ok then io.stderr:write("assay eval: --pred: ", err, "\n"); return 1 end
  end
  local oks, r = pcall(M.score, pred, gold, mode)
  if not oks then io.stderr:write("assay eval: ", o.gold, ": ", tostring(r), "\n"); return 1 end
  io.write(M.report(r, pred, gold, mode, texts, o.limit), "\n")
  return 0
end

return M
