-- The fupin pack's helpers that were rewritten for speed give what the
-- plain way gave: each rewritten helper against a copy of the old body
-- (kept here as the reference), on random texts of the pack's genre with
-- odd bytes, blank runs and long lines.
local t = require "assay.testing"
local json = require "assay.json"
local M = dofile("scripts/fupin/_measure.lua")

-- random texts from pieces: words, every mark the helpers cut at, blanks,
-- line breaks, long lines, stray UTF-8 bytes
local PIECES = { "全县", "贫困户", "脱贫", "投入资金", "3.4亿元", "12个", "。", "！", "？", "!", "?", "，", ",", "、",
                 "；", ";", "：", ":", "”", "）", ")", "…", "】", "\n", "\n", "\n\n", " ", "\t", "　", "\r\n", "\v",
                 string.rep("扶贫", 21), string.rep("字", 39), "a", "URL:http://x/2019/05/01/a.html\n",
                 "TITLE:标题\n", "\x80", "\xE5\x85", "\xBF", "2019年", "其中", "每户", "累计" }
local function random_text (rng, n)
  local parts = {}
  for i = 1, n do parts[i] = PIECES[rng(#PIECES)] end
  return table.concat(parts)
end
local function rng_of (seed)
  local x = seed
  return function (n) x = (x * 1103515245 + 12345) % 2147483648; return x % n + 1 end
end

-- {====== _measure.sentences (old body) ======
local ENDS = { "。", "！", "？", "!", "?" }
local FINAL = { ["。"] = true, ["！"] = true, ["？"] = true, ["!"] = true, ["?"] = true, ["”"] = true,
                ["）"] = true, [")"] = true, ["…"] = true, ["】"] = true }
local function old_sentences (t)
  local cuts = {}
  for _, e in ipairs(ENDS) do
    local i = 1
    while true do
      local a, b = t:find(e, i, true)
      if not a then break end
      cuts[#cuts + 1] = b
      i = b + 1
    end
  end
  local ls = 1
  while true do
    local nl = t:find("\n", ls, true)
    if not nl then break end
    local line = t:sub(ls, nl - 1)
    line = line:sub(1, #line - #line:reverse():match("^%s*"))
    local lastp = utf8.offset(line, -1)
    local last = lastp and line:sub(lastp) or ""
    local n = utf8.len(line) or #line
    local open = (n >= 40 and not FINAL[last]) or last == "," or last == "，" or last == "、"
    if not open then cuts[#cuts + 1] = nl end
    ls = nl + 1
  end
  table.sort(cuts)
  local out, s = {}, 1
  for _, c in ipairs(cuts) do
    if c >= s then
      if t:sub(s, c):find("%S") then out[#out + 1] = { s, c } end
      s = c + 1
    end
  end
  if s <= #t and t:sub(s):find("%S") then out[#out + 1] = { s, #t } end
  return out
end
-- }======

local function same_pairs (a, b)
  if #a ~= #b then return false end
  for i = 1, #a do
    for k, v in pairs(a[i]) do if b[i][k] ~= v then return false end end
    for k, v in pairs(b[i]) do if a[i][k] ~= v then return false end end
  end
  return true
end

t.test("_measure.sentences: as the old body, on 3,000 random texts", function ()
  local rng = rng_of(7)
  for _, s in ipairs({ "", "\n", "   ", "\n\n\n", "句。", "\x80\n", "\x80\x80", "。\n  \n", string.rep("字", 40) .. "\n" }) do
    t.ok(same_pairs(M.sentences(s), old_sentences(s)), ("%q"):format(s))
  end
  for i = 1, 3000 do
    local s = random_text(rng, 1 + rng(60))
    if not same_pairs(M.sentences(s), old_sentences(s)) then
      t.ok(false, ("text %d: %q"):format(i, s))
      break
    end
  end
  -- the check can fail: a changed cut is seen
  t.ok(not same_pairs(M.sentences("一。二"), old_sentences("一。二。")))
end)

-- _lib.lua as the rules load it (include, re)
local function load_pack (name)
  local env
  env = setmetatable({ re = require "assay.re",
                       include = function (n) return assert(loadfile("scripts/fupin/" .. n, "t", env))() end },
                     { __index = _G })
  return assert(loadfile("scripts/fupin/" .. name, "t", env))()
end
local L = load_pack("_lib.lua")

-- {====== _lib.paragraphs (old body) ======
local PFINAL = { ["。"] = true, ["！"] = true, ["？"] = true, ["”"] = true, ["）"] = true,
                 [")"] = true, ["!"] = true, ["?"] = true, ["…"] = true, ["】"] = true }
local function last_char (s)
  local p = utf8.offset(s, -1)
  return p and s:sub(p) or ""
end
local function old_paragraphs (s)
  local out, cur = {}, nil
  local pos = 1
  while pos <= #s do
    local e = s:find("\n", pos, true) or (#s + 1)
    local line = s:sub(pos, e - 1)
    local lead, trail = line:match("^(%s*)"), line:reverse():match("^%s*")
    local meta_line = line:find("^URL:") or line:find("^TITLE:")
    if meta_line then cur = nil end
    if line:find("^URL:") then
    elseif line:find("%S") then
      local ls, le = pos + #lead, e - 1 - #trail
      if cur then cur[2] = le else cur = { ls, le } out[#out + 1] = cur end
      local body = s:sub(ls, le)
      local n = utf8.len(body) or #body
      local lc = last_char(body)
      local open = (n >= 40 and not PFINAL[lc]) or lc == "," or lc == "，" or lc == "、"
      if not open or meta_line then cur = nil end
    end
    pos = e + 1
  end
  return out
end
-- }======

t.test("_lib.paragraphs: as the old body, on 3,000 random texts", function ()
  local rng = rng_of(11)
  local function same (s) return same_pairs(L.paragraphs({ text = s }), old_paragraphs(s)) end
  for _, s in ipairs({ "", "\n", " \t\n", "URL:x", "TITLE:", "TITLE:t\n正文", "URL", "\x80", "a\x80\x80\n",
                       string.rep("字", 40) .. " \n续" }) do
    t.ok(same(s), ("%q"):format(s))
  end
  for i = 1, 3000 do
    local s = random_text(rng, 1 + rng(60))
    if not same(s) then t.ok(false, ("text %d: %q"):format(i, s)); break end
  end
  t.ok(not same_pairs(L.paragraphs({ text = "一\n二" }), old_paragraphs("一\n\n三")))
end)

-- _lib.article_at (old body): the last article fact whose range holds pos
local function old_article_at (facts, pos)
  local best
  for _, f in ipairs(facts) do
    if f.kind == "article" and f.a_start <= pos and pos <= f.a_stop then best = f end
  end
  return best
end

t.test("_lib.article_at: as the old body, ranges in order or not", function ()
  local rng = rng_of(5)
  for i = 1, 2000 do
    local facts, at = {}, 1
    local mode = rng(4)                  -- 1, 2: in order; 3: overlapping; 4: any order, empty ranges
    for _ = 1, rng(8) - 1 do
      local a, b
      if mode <= 2 then a = at + rng(5) - 1; b = a + rng(20) - 1; at = b + rng(3)
      elseif mode == 3 then a = rng(100); b = a + rng(40)
      else a = rng(100); b = a + rng(40) - 20 end
      if rng(5) == 1 then facts[#facts + 1] = { kind = "funds", a_start = 1, a_stop = 200 } end
      facts[#facts + 1] = { kind = "article", a_start = a, a_stop = b }
    end
    if mode == 2 and facts[1] then facts[#facts + 1] = facts[1] end       -- a repeat: out of order
    local doc = { facts = facts }
    for pos = 0, 110, 3 do
      if L.article_at(doc, pos) ~= old_article_at(facts, pos) then
        t.ok(false, ("case %d, pos %d"):format(i, pos)); return
      end
    end
    -- a new facts table is read again
    doc.facts = { { kind = "article", a_start = 1, a_stop = 5 } }
    t.eq(L.article_at(doc, 3), doc.facts[1])
  end
  t.eq(L.article_at({ facts = {} }, 1), nil)
end)

-- engine.process copies what rules hand back into plain tables (its
-- `plain`, whose table of copies is now made only when a field is a
-- table): shared tables stay shared, a cycle is an error of the rule, a
-- table deeper than MAX_DEPTH is left out, metatables are not run.
-- The rules of src (a rule file's text), loaded from a temporary file.
local function load_rules (src)
  local p = t.tmpfile(src, ".lua")
  local set = require("assay.rules").load({ p }, { meta = false })
  os.remove(p)
  return set
end

t.test("engine: the raw copy of facts and meta", function ()
  local engine = require "assay.engine"
  local set = load_rules([[
rule "shared" { kind = "k", match = function (doc)
  local x = { 1, 2 }
  local deep = {}
  local d = deep
  for _ = 1, 40 do d.d = {}; d = d.d end
  doc.meta.tag = { x = x, y = x }
  return { { value = 1, start = 1, stop = 3, note = { a = x, b = x }, deep = deep, n = 5 },
           setmetatable({ value = 2, start = 1, stop = 3 }, { __pairs = function () error("ran") end }) }
end }
rule "cycle" { kind = "k", match = function () local c = {} c.c = c return { { value = 3, note = c } } end }
]])
  local items, errors, _, doc = engine.process(set, { text = "一二三", key = "k", meta = {} }, {})
  local by = {}
  for _, it in ipairs(items) do if it.rule == "shared" then by[#by + 1] = it end end
  t.eq(#by, 2)
  local note = json.decode(by[1].extra).note
  t.eq(note.a[2], 2); t.eq(note.b[1], 1)
  t.eq(by[1].extra:find('"deep"', 1, true) ~= nil, true)
  t.eq(select(2, by[1].extra:gsub('"d":', "")) < 40, true, "cut at MAX_DEPTH")
  t.eq(by[2].value, 2)
  t.eq(getmetatable(by[2]), nil)
  t.eq(doc.meta.tag.x, doc.meta.tag.y, "a table met twice is copied once")
  t.eq(#errors, 1); t.eq(errors[1].rule, "cycle")
end)

t.test("engine: a fact's string field over MAX_FIELD is its rule's error (the surface is cut again)", function ()
  local engine = require "assay.engine"
  local set = load_rules([[
local big = ("x"):rep(1048577)
rule "big" { kind = "k", match = function ()
  return { { value = 1, start = 1, stop = 3, note = big },
           { value = 2, start = 1, stop = 3, surface = big, note = "ok" },
           { value = 3, surface = big } }
end }
]])
  local items, errors = engine.process(set, { text = "一二三", key = "k", meta = {} }, {})
  t.eq(#items, 1); t.eq(items[1].value, 2); t.eq(items[1].surface, "一")
  t.eq(#errors, 2)
  t.eq(errors[1].message, "fact field 'note' is 1048577 bytes (at most 1048576)")
  t.eq(errors[2].message, "fact surface is 1048577 bytes (at most 1048576)")
end)

-- _lib.has_any: the first listed word that occurs (a loop of plain finds)
t.test("_lib.has_any: the first listed word found, as plain finds give it", function ()
  local rng = rng_of(3)
  local lists = { { "脱贫", "贫", "扶" }, { "。", "！" }, { "累计", "以来", "年来" }, { "\n" }, { "x" } }
  for i = 1, 3000 do
    local s = random_text(rng, rng(30))
    for _, words in ipairs(lists) do
      local want
      for _, w in ipairs(words) do if s:find(w, 1, true) then want = w; break end end
      if L.has_any(s, words) ~= want or select("#", L.has_any(s, words)) ~= 1 then
        t.ok(false, ("text %d: %q"):format(i, s)); return
      end
      local w, p = M.has(s, words)
      t.eq(w, want)
      if w then t.eq(p, s:find(w, 1, true)) end
    end
  end
end)

-- article.lua reads an outlet (…网9月8日讯) and an attribution in brackets
-- only in paragraphs holding 网 or a closing bracket (plain finds gate the
-- two patterns): both still read, in either bracket
t.test("article rule: outlet and bracketed authors of a body paragraph", function ()
  local rules, engine = require "assay.rules", require "assay.engine"
  local set = rules.load({ "scripts/fupin" }, {})
  local s = "甲县扶贫车间带动增收\n\n新闻网9月8日讯 甲县建成扶贫车间12个，带动贫困户就业300人，帮助脱贫户持续增收。(张三 李四)\n\n"
            .. "乙县易地搬迁\n\n乙县完成易地扶贫搬迁1200户，贫困群众住上新房，脱贫成效明显。（王五）\n"
            .. "丙县产业发展\n\n丙县种植果树3000亩，带动脱贫户增收，网络销售额明显增长。\n"
  local items = engine.process(set, { text = s, key = "k", meta = {} }, {})
  local arts = {}
  for _, f in ipairs(items) do if f.kind == "article" then arts[#arts + 1] = json.decode(f.extra) end end
  t.eq(#arts, 3)
  t.eq(arts[1].source, "新闻网"); t.eq(arts[1].reporters, { "张三", "李四" })
  t.eq(arts[2].source, nil); t.eq(arts[2].reporters, { "王五" })
  t.eq(arts[3].source, nil); t.eq(#arts[3].reporters, 0)
end)

-- _region.lua's datelines: a text is scanned only with the alternatives
-- whose words it holds; the matches are those of the one regex (the old
-- DATELINE, kept here as the reference)
local R = load_pack("_region.lua")
local OLD_DATELINE = require("assay.re").compile([[[^\s，。,：:（(）)]{0,24}?[0-9]{1,2}月[0-9]{1,2}日(?:电|讯|消息)|(?:新华社|中新社|中新网|人民网|新华网|央视网|本报)\p{Han}{2,4}?(?:电|讯)|[（(](?:本报)?记者[^）)\n]{0,40}[）)]|(?:本报|本刊)?记者[\s　]*\p{Han}{2,4}(?:[\s　、]+\p{Han}{2,4})*[\s　]*(?:报道|摄)]])
local DPIECES = { "新华社", "本报", "本刊", "人民网", "记者", "甲县", "乙市", "电", "讯", "消息", "报道", "摄", "9月", "12月", "8日",
                  "日电", "日讯", "（", "(", "）", ")", "，", "。", " ", "　", "、", "\n", "3", "张三", "扶贫", "\x80" }
t.test("_region.datelines: the matches of the one regex, on 3,000 random texts", function ()
  local rng = rng_of(11)
  local function same (s)
    local want = {}
    for a, b in OLD_DATELINE:gfind(s) do want[#want + 1] = { a, b } end
    return same_pairs(R.datelines(s), want), #want
  end
  local found = 0
  for i = 1, 3000 do
    local parts = {}
    for k = 1, 1 + rng(40) do parts[k] = DPIECES[rng(#DPIECES)] end
    local s = table.concat(parts)
    local ok, n = same(s)
    if not ok then t.ok(false, ("text %d: %q"):format(i, s)); return end
    found = found + n
  end
  t.ok(found > 300, "the texts hold datelines: " .. found)
  for _, s in ipairs({ "", "本报北京9月8日电 记者张三报道", "（记者 李四）", "新华社北京12月3日电", "无" }) do
    t.ok(same(s), s)
  end
  t.eq(#R.datelines("新华社北京12月3日电（记者张三）"), 2)
end)

-- _region.first_from: the first of a list in text order starting at or
-- after a (was a binary search, kept here as the reference)
local function old_first_from (list, a)
  local lo, hi = 1, #list + 1
  while lo < hi do
    local mid = (lo + hi) // 2
    if list[mid].start < a then lo = mid + 1 else hi = mid end
  end
  return lo
end
t.test("_region.first_from: as the binary search, on random lists", function ()
  local rng = rng_of(13)
  for i = 1, 500 do
    local list, at = {}, 1
    for k = 1, rng(30) - 1 do
      at = at + rng(rng(2) == 1 and 40 or 900) - 1          -- (equal starts, runs far apart)
      list[k] = { start = at }
    end
    for a = -300, at + 600, 1 + rng(7) do
      if R.first_from(list, a) ~= old_first_from(list, a) then
        t.ok(false, ("list %d, a %d"):format(i, a)); return
      end
    end
  end
  t.eq(R.first_from({}, 5), 1)
  -- a list grown after a call is indexed again
  local list = { { start = 10 } }
  t.eq(R.first_from(list, 11), 2)
  list[2] = { start = 20 }
  t.eq(R.first_from(list, 11), 2); t.eq(R.first_from(list, 21), 3)
end)

t.done()
