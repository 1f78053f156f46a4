-- Tests of assay.prefilter (engine/lac.c): required literals of patterns,
-- the automaton, and the promise the engine relies on: a pattern's hits
-- over the prefiltered spans are its hits over all the spans.
local t = require "assay.testing"
local re = require "assay.re"
local pf = require "assay.prefilter"
local text = require "assay.text"

local function sorted (l)
  if l == nil then return nil end
  table.sort(l)
  return l
end

local function lits (p, fl) return sorted(pf.literals(p, fl)) end

t.test("literals: plain text, alternations, classes, quantifiers", function ()
  t.eq(lits "扶贫资金", { "扶贫资金" })
  t.eq(lits [[(\d+(?:\.\d+)?)(万|亿)?元]], { "元" })
  t.eq(lits "贫困户|脱贫户", { "脱贫户", "贫困户" })
  t.eq(lits "[万亿]元", { "万元", "亿元" })
  t.eq(lits "(?:投入|安排)资金", { "安排资金", "投入资金" })
  t.eq(lits "产业(?:扶贫|帮扶)+项目", { "产业帮扶", "产业扶贫" })
  t.eq(lits "a{3}", { "aaa" })
  t.eq(lits "a{2,5}b", { "aa" })
  t.eq(lits "x?元", { "元" })
  t.eq(lits [[\x{5143}]], { "元" })
  t.eq(lits [[a\.b]], { "a.b" })
  t.eq(lits [[ab\Qc.d\E]], { "abc.d" })
  t.eq(lits "(?<year>\\d{4})年", { "年" })
  t.eq(lits "(?'year'\\d{4})年", { "年" })
  t.eq(lits "(?P<year>\\d{4})年", { "年" })
  t.eq(lits "(?m)^第.章$", { "第" })
end)

t.test("literals: none when there is no guarantee, or the analysis gives up", function ()
  t.eq(lits [[\d+]], nil)
  t.eq(lits "a|", nil)                       -- the empty branch
  t.eq(lits "(元)?", nil)
  t.eq(lits "元*", nil)
  t.eq(pf.literals("abc", "msU"), { "abc" }) -- flags that keep literals
  t.eq(pf.literals("a b", "x"), nil)         -- extended: spaces are not literal
  t.eq(lits "(?i)\\Qab\\E", nil)            -- quoted letters where case is blind
  t.eq(lits "(?i)µ", nil)                    -- a letter whose other cases are not known here
  t.eq(lits "(?i)ｂ", nil)
  t.eq(lits "(?i)a(?x)b", nil)
  t.eq(lits [[(a)\1]], nil)                 -- backreferences: gives up
  t.eq(lits [[\1]], nil)
  t.eq(lits "(*UCP)abc", nil)
  t.eq(lits "(?(1)a|b)", nil)
  t.eq(lits "(?R)", nil)
  t.eq(lits "a{,3}", nil)                    -- not a quantifier in every PCRE2
  t.eq(lits "[abc", nil)
  t.eq(lits "(abc", nil)
  t.eq(lits "abc)", nil)
  t.eq(lits [[\Qab\E+]], nil)
  t.eq(lits "元(?#note)?", nil)              -- the ? would apply to 元
  t.eq(lits "元(?m)*", nil)
  t.eq(lits "元(?#note)", { "元" })
  t.eq(lits "[[:digit:]]+元", { "元" })
  t.eq(lits "[[:]a:]]b", nil)                -- not a POSIX class: PCRE2 reads it otherwise
  t.eq(lits "", nil)
  t.eq(lits "(?<=扶贫)资金", { "资金" })       -- a lookbehind's text may be outside the segment
  t.eq(lits "(?=资金)", nil)
  t.eq(lits "(?!资金)贫", { "贫" })
  t.eq(lits(("(" ):rep(40) .. "a" .. (")"):rep(40)), nil)   -- too deep
end)

t.test("literals: case-blind parts stand for every case form", function ()
  local AB = { "AB", "Ab", "aB", "ab" }
  t.eq(lits("ab", "i"), AB)
  t.eq(lits "(?i)ab", AB)
  t.eq(lits "(?i:ab)", AB)
  t.eq(lits "(?mi)ab", AB)
  t.eq(lits "x(?i)y", { "xY", "xy" })
  t.eq(lits "(x(?i)y)z", { "xYz", "xyz" })         -- to the group's end only
  t.eq(lits "x(?i)y|z", { "Z", "xY", "xy", "z" })  -- and its later branches
  t.eq(lits "(?i)(?-i)ab", { "ab" })
  t.eq(lits "(?i)(?^)ab", { "ab" })
  t.eq(lits("(?-i:ab)", "i"), { "ab" })
  t.eq(lits "(?i)[ab]元", { "A元", "B元", "a元", "b元" })
  t.eq(lits "(?i)扶贫资金", { "扶贫资金" })          -- Han, kana, CJK punctuation have no case
  t.eq(lits "(?i)\\Q扶贫。\\E", { "扶贫。" })
  t.eq(lits "(?i)ｂ元", { "元" })                  -- full-width Latin has cases: skipped
  -- PCRE2's UTF caseless k and s meet the Kelvin and long-s signs
  t.eq(lits "(?i)k", { "K", "k", "\u{212A}" })
  t.eq(lits "(?i)s", { "S", "s", "\u{17F}" })
  -- 2^9 forms of a long word: the longest run that fits (16 forms of 4 letters)
  local l = pf.literals "(?i:copyright)"
  t.eq(#l, 16)
  for _, x in ipairs(l) do t.eq(x:lower(), "copy") end
end)

t.test("literals: long texts are cut, never invented", function ()
  local long = ("扶贫"):rep(20)              -- 120 bytes
  local l = pf.literals(long)
  t.eq(#l, 1)
  t.ok(#l[1] <= 48 and long:find(l[1], 1, true) == 1)
  local l2 = pf.literals("\\Q" .. long .. "\\Ex")
  t.ok(long:find(l2[1], 1, true) == 1, "a prefix of the quoted text")
end)

t.test("literals: bad arguments", function ()
  t.raises(function () pf.literals() end, "bad argument #1")
  t.raises(function () pf.literals("a", {}) end, "bad argument #2")
end)

-- Random patterns over a small alphabet: whenever one matches a text, one
-- of its literals occurs in the text.
local ATOMS = { "a", "b", "c", "扶", "贫", "元", ".", "\\d", "[ab]", "[^a]", "[扶贫]", "\\w", "\\.",
                "^", "$", "\\b", "x", "(?#c)", "(?s)", "\\Qa.\\E", "\\K", "\\E", "[元]", "\\x{5143}",
                "\\W", "\\D", "\\S", "\\p{Han}", "[\\p{L}1]", "\\X", "\\R", "[[:alpha:]]", "\\h",
                "(?i)", "(?-i)", "k", "S", "[kB]", "\\Qk\\E", "µ", "ｋ" }
local QUANT = { "", "", "", "?", "*", "+", "{2}", "{1,3}", "{0,2}", "+?", "{2,}" }
local rnd = math.random
-- a string of lo..hi pieces drawn from the list alpha
local function rstring (alpha, lo, hi)
  local x = {}
  for i = 1, rnd(lo, hi) do x[i] = alpha[rnd(1, #alpha)] end
  return table.concat(x)
end

local function rpattern (depth)
  local n = rnd(1, 4)
  local parts = {}
  for _ = 1, n do
    local a
    local r = rnd(1, 10)
    if r <= 2 and depth < 3 then
      local open = ({ "(", "(?:", "(?>", "(?=", "(?!", "(?<x" .. rnd(1, 1e6) .. ">", "(?'q" .. rnd(1, 1e6) .. "'",
                      "(?P<p" .. rnd(1, 1e6) .. ">", "(?|", "(?<=", "(?<!", "(?i:", "(?-i:" })[rnd(1, 13)]
      local inner = rpattern(depth + 1)
      if rnd(1, 3) == 1 then inner = inner .. "|" .. rpattern(depth + 1) end
      a = open .. inner .. ")"
    else a = ATOMS[rnd(1, #ATOMS)] end
    parts[#parts + 1] = a .. QUANT[rnd(1, #QUANT)]
  end
  local p = table.concat(parts)
  if depth == 0 and rnd(1, 4) == 1 then p = p .. "|" .. rpattern(1) end
  return p
end

local CHARS = { "a", "b", "c", "扶", "贫", "元", "1", "2", ".", " ", "x", "。", "１", "é", "\n", "e\u{301}", "\r\n",
                "A", "B", "k", "K", "s", "S", "\u{212A}", "\u{17F}", "ｋ", "Ｋ", "µ", "μ", "Μ" }
local function rtext (n)
  local out = {}
  for i = 1, rnd(0, n) do out[i] = CHARS[rnd(1, #CHARS)] end
  return table.concat(out)
end

local function contains_one (s, l)
  for _, x in ipairs(l) do if s:find(x, 1, true) then return true end end
  return false
end

t.test("literals: random patterns never miss a match", function ()
  math.randomseed(20)
  local tried, with = 0, 0
  for k = 1, 3000 do
    local p, fl = rpattern(0), k % 3 == 0 and "i" or ""
    local ok, rx = pcall(re.compile, p, fl)
    if ok then
      tried = tried + 1
      local l = pf.literals(p, fl)
      if l then
        with = with + 1
        for _ = 1, 30 do
          local s = rtext(10)
          if rx:find(s) and not contains_one(s, l) then
            error(("pattern %q (flags %q) matches %q but none of its literals {%s} occurs"):format(p, fl, s,
              table.concat(l, ",")))
          end
        end
      end
    end
  end
  t.ok(tried > 1000 and with > 300, ("patterns tried %d, with literals %d"):format(tried, with))
end)

t.test("automaton: which rules' literals occur in which segment", function ()
  local a = pf.new { { "扶贫" }, false, { "元", "万" }, { "ab" } }
  t.eq({ a:rules() }, { 4, 3, 15 })     -- 1 + 6 + 3 + 3 + 2 bytes
  local s = "扶贫资金。共3元。ab。无。"
  local sp = text.spans(s, "sentence")
  local hits = a:scan(s, sp)
  local function segs (i)
    local o, skipped = a:spans(hits, sp, i)
    local out = {}
    for k = 1, #o // 8 do
      local x, y = string.unpack("=i4i4", o, 8 * k - 7)
      out[k] = y >= x and s:sub(x, y) or false
    end
    return out, skipped
  end
  t.eq({ segs(1) }, { { "扶贫资金。", false, false, false }, 3 })
  t.eq({ segs(2) }, { { "扶贫资金。", "共3元。", "ab。", "无。" }, 0 })
  t.eq({ segs(3) }, { { false, "共3元。", false, false }, 3 })
  t.eq({ segs(4) }, { { false, false, "ab。", false }, 3 })
  local none = pf.new { { "zzz" } }
  local h2 = none:scan(s, sp)
  t.eq({ none:spans(h2, sp, 1) }, { "", 4 })
  t.ok(tostring(a):find("4 rules, 3 with literals"))
end)

t.test("automaton: overlapping literals and suffixes", function ()
  local a = pf.new { { "she" }, { "he" }, { "hers" }, { "e" } }
  local s = "ushers"
  local sp = string.pack("=i4i4", 1, #s)
  local h = a:scan(s, sp)
  for i = 1, 4 do t.eq(select(2, a:spans(h, sp, i)), 0, "rule " .. i) end
  local s2 = "xhx"
  local sp2 = string.pack("=i4i4", 1, #s2)
  local h2 = a:scan(s2, sp2)
  for i = 1, 4 do t.eq(select(2, a:spans(h2, sp2, i)), 1, "rule " .. i) end
end)

t.test("automaton: bad input", function ()
  t.raises(function () pf.new(1) end, "bad argument #1")
  t.raises(function () pf.new { { "" } } end, "literal 1 of rule 1 is empty")
  t.raises(function () pf.new { {} } end, "empty literal list")
  t.raises(function () pf.new { true } end, "rule 1: an array of literals or false")
  t.raises(function () pf.new { { 1 } } end, "not a string")
  local a = pf.new { { "a" } }
  t.raises(function () a:spans("", "", 2) end, "no rule 2")
  t.raises(function () a:spans("x", "", 1) end, "hits of other spans")
  t.raises(function () a:scan(1) end, "bad argument")
  -- spans past the text, or reversed, are empty segments, not errors
  local sp = string.pack("=i4i4i4i4i4i4", 5, 2, -3, 100, 1, 1)
  local h = a:scan("abc", sp)
  t.eq(#h, 3)
  t.eq(select(2, a:spans(h, sp, 1)), 1)
end)

-- Random texts (with flags: also lines, and every tenth text not valid
-- UTF-8) scanned by prefilter a: rule i's hits over its prefiltered spans
-- must equal its hits over all spans.  Returns the comparisons and the
-- segments skipped.
local function compare_scans (a, pats, rxs, rounds, flags)
  local compared, skipped = 0, 0
  for round = 1, rounds do
    local parts = {}
    for k = 1, rnd(1, 6) do parts[k] = rtext(8) end
    if flags and round % 10 == 0 then parts[#parts + 1] = "\xff\xe6a" end
    local s = table.concat(parts, flags and ({ "。", "\n" })[rnd(1, 2)] or "。")
    local sp = text.spans(s, ({ "sentence", "clause", "line" })[rnd(1, 3)])
    local h = a:scan(s, sp)
    for i, rx in ipairs(rxs) do
      local fsp, sk = a:spans(h, sp, i)
      skipped = skipped + sk
      -- (a pattern past PCRE2's match limit on the whole raises there: only
      -- the skipped segments could differ, see docs/rules.md)
      local okf, full = pcall(rx.scan, rx, s, sp, true)
      if okf and full ~= rx:scan(s, fsp, true) then
        error(("pattern %q (flags %q) on %q: prefiltered hits differ"):format(pats[i], flags and flags[i] or "", s))
      end
      compared = compared + 1
    end
  end
  return compared, skipped
end

-- The engine's promise: for random patterns and texts, a pattern's hits
-- over the prefiltered spans equal its hits over all spans.
t.test("automaton: prefiltered scans equal full scans (random patterns)", function ()
  math.randomseed(2020)
  local pats, rxs, list = {}, {}, {}
  while #pats < 60 do
    local p = rpattern(0)
    local ok, rx = pcall(re.compile, p)
    if ok then
      pats[#pats + 1] = p; rxs[#rxs + 1] = rx
      list[#list + 1] = pf.literals(p) or false
    end
  end
  local a = pf.new(list)
  local compared, skipped = compare_scans(a, pats, rxs, 200)
  t.ok(skipped > 0, "some segments were skipped")
  t.eq(compared, 200 * 60)
end)

-- The Vectorscan backend (engine/lhs.c, when built in) keeps the promise
-- too: whole patterns (with re.compile's flags) where Vectorscan takes
-- them, their literals or every segment where it does not, and the
-- automaton for a text that is not valid UTF-8.
local HAS_HS = false
for _, b in ipairs(pf.backends()) do HAS_HS = HAS_HS or b == "hs" end
if HAS_HS then
  t.test("vectorscan: prefiltered scans equal full scans (random patterns and flags)", function ()
    math.randomseed(2026)
    local FLAGS = { "", "", "m", "s", "u", "ms", "i", "x", "U" }
    local pats, rxs, list, fls = {}, {}, {}, {}
    while #pats < 60 do
      local p, fl = rpattern(0), FLAGS[rnd(1, #FLAGS)]
      local ok, rx = pcall(re.compile, p, fl)
      if ok then
        pats[#pats + 1] = p; rxs[#rxs + 1] = rx; fls[#fls + 1] = fl
        list[#list + 1] = pf.literals(p, fl) or false
      end
    end
    local a = pf.new(list, { patterns = pats, flags = fls, backend = "hs" })
    local name, bypat, bylit, always = a:backend()
    t.eq(name, "hs")
    t.eq(bypat + bylit + always, 60)
    t.ok(bypat > 10 and always < 60, ("by pattern %d, by literals %d, always %d"):format(bypat, bylit, always))
    local compared, skipped = compare_scans(a, pats, rxs, 300, fls)
    t.ok(skipped > 0, "some segments were skipped")
    t.eq(compared, 300 * 60)
  end)

  t.test("vectorscan: a rule it rejects falls back to its literals or runs always", function ()
    -- (?|...) is PCRE2's alone; \\b looks outside its match; a pattern
    -- matching the empty text is never filtered
    local pats = { "共(\\d+)\\b元", "(?|(a)|(b))x", "元?", "\\d+元", "\\d{2}" }
    local list = {}
    for i, p in ipairs(pats) do list[i] = pf.literals(p) or false end
    local a = pf.new(list, { patterns = pats, backend = "hs" })
    t.eq({ a:backend() }, { "hs", 2, 2, 1 })
    local s = "共3元。无。"
    local sp = text.spans(s, "sentence")
    local h = a:scan(s, sp)
    t.eq(select(2, a:spans(h, sp, 1)), 1)      -- by its literal 元 (all Vectorscan's)
    t.eq(select(2, a:spans(h, sp, 2)), 2)      -- by its literal x
    t.eq(select(2, a:spans(h, sp, 3)), 0)      -- always
    t.eq(select(2, a:spans(h, sp, 4)), 1)      -- by its pattern
    t.eq(select(2, a:spans(h, sp, 5)), 2)      -- by its pattern, which has no literal
    t.ok(tostring(a):find(", hs$"))
    -- spans out of order or overlapping: the automaton scans them (rule 5,
    -- without literals, then runs in all of them)
    local back = string.pack("=i4i4i4i4i4i4", 11, 16, 1, 10, 4, 12)   -- 无。, 共3元。, 3元。无
    local hb = a:scan(s, back)
    -- rule 1's literal is 共 (the first of the two it needs), rule 4's 元
    t.eq({ select(2, a:spans(hb, back, 1)), select(2, a:spans(hb, back, 3)), select(2, a:spans(hb, back, 4)),
           select(2, a:spans(hb, back, 5)) }, { 2, 0, 1, 0 })
    -- so does a text that is not valid UTF-8
    local bad = "共3元。\xff。"
    local bsp = text.spans(bad, "sentence")
    local hbad = a:scan(bad, bsp)
    t.eq({ select(2, a:spans(hbad, bsp, 4)), select(2, a:spans(hbad, bsp, 5)) }, { 1, 0 })
  end)

  t.test("vectorscan: one compiled set serves every prefilter made of the same rules", function ()
    local pats, list = { "\\d+元", "\\d+户" }, { { "元" }, { "户" } }
    local s = "共3元。5户。无。"
    local sp = text.spans(s, "sentence")
    local function kept (a, i) return select(2, a:spans(a:scan(s, sp), sp, i)) end
    local a = pf.new(list, { patterns = pats, backend = "hs" })
    local b = pf.new(list, { patterns = pats, backend = "hs" })
    local c = pf.new(list, { patterns = { "\\d+元", "户" }, backend = "hs" })
    a = nil
    collectgarbage()                           -- a's end leaves b's database alone
    t.eq({ kept(b, 1), kept(b, 2), kept(c, 1), kept(c, 2) }, { 2, 2, 2, 2 })
    b, c = nil, nil
    collectgarbage()
    local d = pf.new(list, { patterns = pats, backend = "hs" })   -- compiled again
    t.eq(kept(d, 2), 2)
    t.eq(a, nil)
  end)
else
  t.skip("Vectorscan is not built in (no libvectorscan-dev when this assay was built): its backend is not tested")
end

t.test("backends: ac always, auto is ac, an unknown one is an error", function ()
  t.eq(pf.backends()[1], "ac")
  local pats = { "\\d+元", "\\d+户" }
  local list = { { "元" }, { "户" } }
  t.eq(pf.new(list, { patterns = pats }):backend(), "ac")
  t.eq(pf.new(list, { patterns = pats, backend = "ac" }):backend(), "ac")
  t.raises(function () pf.new(list, { backend = "re2" }) end, "unknown prefilter backend 're2' (auto, ac or hs)")
  t.raises(function () pf.new(list, 3) end, "bad argument #2")
  t.raises(function () pf.new(list, { patterns = { 1 }, backend = "hs" }) end,
           HAS_HS and "patterns[1]: a string or false expected" or "prefilter backend 'hs' (Vectorscan): ")
end)

t.test("automaton: too many literals is an error; rules.load then runs without", function ()
  local list = {}
  for i = 1, 3000 do
    local l = {}
    for k = 1, 16 do l[k] = ("%d-%d-"):format(i, k):rep(6) .. string.char(i % 256) end
    list[i] = l
  end
  t.raises(function () pf.new(list) end, "too many literals")
  local rules = {}
  for i = 1, 3000 do rules[i] = { pattern = "x", literals = list[i] } end
  t.eq(require("assay.rules").prefilter(rules), nil)
  -- one rule with literals gets none (its own regex search does the same work), two get one
  t.eq(require("assay.rules").prefilter({ { pattern = "x", literals = { "x" } } }), nil)
  t.eq(require("assay.rules").prefilter({ { pattern = "x", literals = { "x" } }, { pattern = "y" } }), nil)
  t.ok(require("assay.rules").prefilter({ { pattern = "x", literals = { "x" } },
                                          { pattern = "y", literals = { "y" } } }) ~= nil)
end)

t.test("words: leftmost-longest occurrences, one after the other", function ()
  local ws = pf.words({ "聊城", "聊城市", "山东", "东阿", "市" })
  t.eq(ws:find_all("山东省聊城市东阿县"), { 1, 6, 10, 18, 19, 24 })
  -- 山东阿: 山东 is taken, so 东阿 (overlapping it) is not
  t.eq(ws:find_all("山东阿"), { 1, 6 })
  t.eq(ws:find_all("聊城市", 4), { 7, 9 })
  t.eq(ws:find_all(""), {})
  t.eq(ws:find_all("abc"), {})
  -- a word never starts at a continuation byte, and invalid bytes do not match
  local ws2 = pf.words({ "\x81a", "b" })
  t.eq(ws2:find_all("\xe8\x81ab\xffb"), { 4, 4, 6, 6 })
  t.ok(tostring(ws):find("^assay.words: 5 words"))
  t.eq(pf.words({}):find_all("聊城"), {})
end)

t.test("words: bad input", function ()
  t.raises(function () pf.words("聊城") end, "table expected")
  t.raises(function () pf.words({ "a", 3 }) end, "word 2 is not a string")
  t.raises(function () pf.words({ "a", "" }) end, "word 2 is empty")
  t.raises(function () pf.words({ ("x"):rep(1025) }) end, "longer than 1024")
  local ws = pf.words({ "a" })
  t.raises(function () ws:find_all(nil) end, "string expected")
  t.raises(function () ws:find_all("a", 0) end, "at least 1")
  t.raises(function () ws.find_all({}, "a") end, "assay.words expected")
end)

t.test("words: what gfind of the alternation, longer words first, finds (random words and texts)", function ()
  local alpha = { "聊", "城", "山", "东", "a", "b", "市", "\xe5", "\x80", "\xff", "\xe8\x81", "é" }
  local function rstr (n)
    local x = {}
    for i = 1, n do x[i] = alpha[rnd(1, #alpha)] end
    return table.concat(x)
  end
  local compared = 0
  for _ = 1, 400 do
    local words, seen = {}, {}
    for _ = 1, rnd(1, 8) do
      local w = rstr(rnd(1, 3))
      if utf8.len(w) and not seen[w] then seen[w] = true; words[#words + 1] = w end
    end
    if #words > 0 then
      table.sort(words, function (a, b) return #a > #b end)
      local esc = {}
      for i, w in ipairs(words) do esc[i] = re.escape(w) end
      local rx, ws = re.compile(table.concat(esc, "|")), pf.words(words)
      for _ = 1, 20 do
        local s = rstr(rnd(0, 30))
        local want = {}
        for a, b in rx:gfind(s) do want[#want + 1] = a; want[#want + 1] = b end
        t.eq(ws:find_all(s), want, ("%q in %q"):format(table.concat(words, "|"), s))
        compared = compared + 1
      end
    end
  end
  t.ok(compared > 5000)
end)

t.test("words: a walk starts where a word's first two bytes are, or a one-byte word is", function ()
  -- (each set keeps the pairs of bytes its words start with, and skips the
  -- other places: a one-byte word, or a pair cut by the range's end, must
  -- still be found)
  local ws = pf.words({ "ab", "a", "扶贫" })
  t.eq({ ws:first("xab") }, { 1, 2 })
  t.eq({ ws:first("xab", 1, 2) }, { 2, 2 })               -- (the range ends inside ab: a alone)
  t.eq(pf.words({ "ab" }):first("xab", 1, 2), nil)
  t.eq(ws:count("aab扶贫扶"), 4)                           -- a twice, ab, 扶贫 (扶 alone is none)
  t.eq({ ws:last_end("扶贫扶", 1, 7) }, { 6, 1 })
  t.eq(ws:find_all("a扶贫\xe6"), { 1, 1, 2, 7 })
  t.eq(pf.words({ "扶贫" }):find_all("扶扶贫扶"), { 4, 9 })
  t.eq(pf.words({ "贫" }):count("扶贫贫困"), 2)             -- (no two words share a pair: 贫 alone)
end)

t.test("words: first, count and last_end are what loops of plain finds over the list give", function ()
  local ws = pf.words({ "脱贫", "贫", "困难群众", "贫" })
  t.eq({ ws:first("建档立卡贫困户脱贫") }, { 1, 22 })     -- the first word listed, where it first occurs
  t.eq({ ws:first("贫困户") }, { 2, 1 })
  t.eq(ws:first("致富"), nil)
  t.eq({ ws:first("脱贫贫", 4) }, { 2, 4 })               -- only in s[i..j]
  t.eq(ws:first("脱贫贫", 1, 5), nil)
  t.eq(ws:count("脱贫贫困难群众"), 4)                     -- 脱贫, 贫 twice, 困难群众 (贫 listed twice: once)
  t.eq(ws:count("脱贫", 4), 1)
  t.eq({ ws:last_end("脱贫，困难群众。") }, { 21, 10 })
  t.eq({ pf.words({ "分别", "分别为", "其中" }):last_end("分别为其中") }, { 15, 10 })
  t.eq({ ws:last_end("致富路") }, { 0, nil })
  t.eq({ ws:last_end("致富路", 4) }, { 3, nil })             -- i - 1 when none
  t.eq(pf.words({}):first("贫"), nil)
  t.eq(pf.words({ "aa" }):count("aaaa"), 2)               -- a word's occurrences do not overlap
  t.eq(pf.words({ "aa" }):last_end("aaa"), 2)
  t.raises(function () ws:first(nil) end, "string expected")
  t.raises(function () ws.count({}, "a") end, "assay.words expected")
  t.raises(function () ws:last_end("a", "x") end, "number expected")
  -- a node with many edges (a character's second or third byte) steps by a table
  local many = {}
  for c = 0x80, 0xBF do many[#many + 1] = "\xe4\xb8" .. string.char(c) end
  local wm = pf.words(many)
  t.eq(wm:find_all("\xe4\xb8\x80\xe4\xb8\xbf\xe4\xb9\x80"), { 1, 3, 4, 6 })
  t.eq({ wm:first("\xe4\xb8\xbf\xe4\xb8\x81") }, { 2, 4 })
  t.eq(wm:count("\xe4\xb8\xbf\xe4\xb8\x81"), 2)
  -- random lists (duplicates, prefixes, invalid bytes) and ranges against the loops
  local alpha = { "a", "b", "aa", "贫", "困", "\xe8", "\x80" }
  local function first (s, words)
    for k, w in ipairs(words) do
      local p = s:find(w, 1, true)
      if p then return k, p end
    end
  end
  local function each (s, words, f)
    local seen = {}
    for _, w in ipairs(words) do
      if not seen[w] then
        seen[w] = true
        local i = 1
        while true do
          local a, b = s:find(w, i, true)
          if not b then break end
          f(b, a); i = b + 1
        end
      end
    end
  end
  local function rstr (lo, hi) return rstring(alpha, lo, hi) end
  for _ = 1, 3000 do
    local words = {}
    for i = 1, rnd(1, 6) do words[i] = rstr(1, 3) end
    local s = rstr(0, 12)
    local i, j = rnd(1, #s + 2), rnd(0, #s + 2)
    local sub = s:sub(i, j)
    local w = pf.words(words)
    local k, p = first(sub, words)
    local label = ("%q in %q (%d, %d)"):format(table.concat(words, "|"), s, i, j)
    t.eq({ w:first(s, i, j) }, { k, p and p + i - 1 }, label)
    local n, last, lasta = 0, 0, nil
    each(sub, words, function (b, a)
      n = n + 1
      if b > last then last = b end
      if not lasta or a > lasta then lasta = a end
    end)
    t.eq(w:count(s, i, j), n, label)
    t.eq({ w:last_end(s, i, j) }, { last + i - 1, lasta and lasta + i - 1 }, label)
  end
end)

t.test("dict: keys by a range of a text", function ()
  local d = pf.dict({ ["聊城市"] = 1, ["山东"] = 6, x = true, [""] = 9 })
  t.eq(tostring(d), "assay.dict: 3 keys")
  t.eq(d:get("聊城市"), 1)
  t.eq(d:get("山东省聊城市", 10, 18), 1)
  t.eq(d:get("山东省聊城市", 1, 6), 6)
  t.eq(d:get("山东省聊城市", -9), 1)
  t.eq(d:get("x"), 1)
  t.eq(d:get(""), nil)
  t.eq(d:get("山东省"), nil)
  t.eq(d:get("山东省聊城市", 7, 3), nil)
  t.eq(pf.dict({}):get("a"), nil)
  t.raises(function () pf.dict({ [1] = 2 }) end, "not a string")
  t.raises(function () pf.dict({ a = "b" }) end, "not an integer")
  t.raises(function () pf.dict({ a = 1.5 }) end, "not an integer")
  t.raises(function () d:get(nil) end, "string expected")
end)

t.test("dict: before_hits, the longest key before each word", function ()
  local d = pf.dict({ ["聊城市"] = 1, ["东昌府区"] = 1, ["城市"] = 2, ["聊城"] = 2 })
  local tails = pf.dict({ ["城市"] = true, ["府区"] = true, ["昌府区"] = true })
  local ws = pf.words({ "市", "区", "高新区" })
  -- 市 at 7..9: 聊城市 (flag 1); 区 at 22..24: 东昌府区; 高新区 (zone word,
  -- nothing looked up: ks[3] = 0)
  local s = "聊城市东昌府区高新区"
  t.eq(d:before_hits(s, ws, { 2, 3, 0 }, 1, tails), { 7, 9, 1, 1, 19, 21, 2, 10, 22, 30, 3, 0 })
  -- want 2: 城市, not 聊城市
  t.eq(d:before_hits(s, ws, { 2, 3, 0 }, 2, tails), { 7, 9, 1, 4, 19, 21, 2, 0, 22, 30, 3, 0 })
  -- at most one character before 市
  t.eq(d:before_hits(s, ws, { 1, 3, 0 }, 1, tails), { 7, 9, 1, 0, 19, 21, 2, 10, 22, 30, 3, 0 })
  -- tails: 昌府区 is not a tail, the walk stops before 东昌府区
  t.eq(d:before_hits(s, ws, { 2, 3, 0 }, 1, pf.dict({ ["城市"] = true, ["府区"] = true })),
       { 7, 9, 1, 1, 19, 21, 2, 0, 22, 30, 3, 0 })
  -- outside: the key ends right before the word (聊城 before 市)
  t.eq(d:before_hits(s, ws, { 2, 3, 0 }, 2, nil, true), { 7, 9, 1, 1, 19, 21, 2, 0, 22, 30, 3, 0 })
  -- a byte that starts no ideograph (U+4E00..U+9FFF) stops the walk
  t.eq(d:before_hits("聊a城市", ws, { 3 }, 3), { 8, 10, 1, 5 })
  t.eq(d:before_hits("聊\xe6\xa0城市", ws, { 3 }, 3), { 9, 11, 1, 6 })
  t.eq(d:before_hits("", ws, {}, 1), {})
  t.raises(function () d:before_hits(s, d, {}, 1) end, "assay.words expected")
  t.raises(function () d:before_hits(s, ws, {}, 1, ws) end, "assay.dict expected")
end)

t.test("dict: before_hits is the loop of lookups it replaced (random texts)", function ()
  -- (the Lua that assay.places ran before: longest_before over find_all's hits)
  local function longest_before (names, s, a, stop, k, want, tails)
    local best
    local st = a
    for i = 1, k do
      st = st - 3
      if st < 1 then break end
      local x, y, z = s:byte(st, st + 2)
      if not (x and x >= 0xE4 and x <= 0xE9 and y and y >= 0x80 and y <= 0xBF and z and z >= 0x80 and z <= 0xBF) then
        break
      end
      local nm = s:sub(st, stop)
      local f = names[nm]
      if f and f & want ~= 0 then best = st end
      if tails and i <= 2 and not tails[nm] then break end
    end
    return best
  end
  local chars = { "甲", "乙", "丙", "市", "县", "新区", "a", "，", "\xe6", "\xff" }
  math.randomseed(7)
  local function rstr (lo, hi) return rstring(chars, lo, hi) end
  for _ = 1, 2000 do
    local names, tails = {}, {}
    for _ = 1, rnd(0, 8) do names[rstr(1, 4)] = rnd(1, 3) end
    for _ = 1, rnd(0, 4) do tails[rstr(1, 3)] = true end
    local words = { "市", "县", "新区" }
    local ks = { rnd(0, 4), rnd(0, 4), rnd(0, 4) }
    local want, outside = rnd(1, 3), rnd(0, 1) == 1
    local use_tails = rnd(0, 1) == 1
    local s = rstr(0, 14)
    local want_hits = {}
    local hits = pf.words(words):find_all(s)
    for i = 1, #hits, 2 do
      local a, b = hits[i], hits[i + 1]
      local w = s:sub(a, b) == "市" and 1 or s:sub(a, b) == "县" and 2 or 3
      local st = longest_before(names, s, a, outside and a - 1 or b, ks[w], want, use_tails and tails or nil)
      for _, v in ipairs({ a, b, w, st or 0 }) do want_hits[#want_hits + 1] = v end
    end
    local got = pf.dict(names):before_hits(s, pf.words(words), ks, want, use_tails and pf.dict(tails) or nil, outside)
    t.eq(got, want_hits, ("%q"):format(s))
  end
end)

local passed, failed = t.counts()
io.stdout:write(("%d passed, %d failed\n"):format(passed, failed))
if failed > 0 then os.exit(1) end
