-- Tests of assay.text (engine/ltext.c): characters, fold maps, span scanners.
local t = require "assay.text"
local T = require "assay.testing"
local eq, ok, raises = T.eq, T.ok, T.raises

local FFFD = "\u{FFFD}"

-- all values of an iterator, each call's results packed in a table
local function collect (iter)
  local out = {}
  while true do
    local r = table.pack(iter())
    if r[1] == nil then return out end
    r.n = nil
    out[#out + 1] = r
  end
end

-- spans as the strings they cover
local function texts (s, iter)
  local out = {}
  for a, b in iter do out[#out + 1] = s:sub(a, b) end
  return out
end

local function flat_texts (s, spans)
  local out = {}
  for k = 1, #spans, 2 do out[#out + 1] = s:sub(spans[k], spans[k + 1]) end
  return out
end

-- deterministic pseudo-random byte strings mixing ASCII, Chinese and bad bytes
local seed = 12345
local function rnd (n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end
local PIECES = { "a", "Z", " ", "\n", "\r\n", "中", "文", "。", "！", "”", "é", "😀",
  "\xff", "\x80", "\xe8\x84", "\xf0\x9f", "\xc0\xaf", "\xed\xa0\x80", "\xe0\x80\x80",
  "\xf4\x90\x80\x80", "\u{3000}", "？", "!", "１", "Ａ", "％" }
local function randstr (maxpieces)
  local p = {}
  for k = 1, rnd(maxpieces + 1) - 1 do p[k] = PIECES[rnd(#PIECES)] end
  return table.concat(p)
end

------------------------------------------------------------------ len
T.test("len counts characters; the README example", function ()
  eq(t.len("脱贫攻坚"), 4)
  eq(t.width("脱贫ab"), 6)
  eq(t.len(""), 0)
  eq(t.len("abc"), 3)
  eq(t.len("脱贫ab😀"), 5)
  local out, code = T.sh(T.bin() .. " -e " ..
    T.q('local t = require "assay.text"; print(t.len("脱贫攻坚"), t.width("脱贫ab"))'))
  eq(code, 0); eq(out, "4\t6\n")
end)

T.test("len with byte ranges agrees with utf8.len", function ()
  local s = "a中b文😀c"
  for i = -#s - 1, #s + 1 do
    for j = -#s - 1, #s do
      local ok1, r1, p1 = pcall(utf8.len, s, i, j)
      local ok2, r2, p2 = pcall(t.len, s, i, j)
      eq(ok2, ok1, ("ok i=%d j=%d"):format(i, j))
      if ok1 then eq({r2, p2}, {r1, p1}, ("i=%d j=%d"):format(i, j)) end
    end
  end
end)

T.test("len returns nil and the first bad byte", function ()
  eq({t.len("ab\xffcd")}, {nil, 3})
  eq({t.len("中\xe8\x84")}, {nil, 4})              -- truncated at the end
  eq({t.len("\xc0\x80")}, {nil, 1})                -- overlong
  eq({t.len("\xed\xa0\x80")}, {nil, 1})            -- surrogate
  eq({t.len("\xf4\x90\x80\x80")}, {nil, 1})        -- > U+10FFFF
  eq(t.len("ab\xffcd", 4), 2)                       -- bad byte outside i..j
  eq({t.len("中文", 2)}, {nil, 2})                  -- i inside a character
end)

T.test("len raises on bad arguments", function ()
  raises(function () t.len() end, "bad argument #1 to 'len' (string expected, got no value)")
  raises(function () t.len({}) end, "bad argument #1 to 'len' (string expected, got table)")
  raises(function () t.len("abc", 5) end, "bad argument #2 to 'len' (initial position out of bounds)")
  raises(function () t.len("abc", 0) end, "bad argument #2 to 'len' (initial position out of bounds)")
  raises(function () t.len("abc", 1, 4) end, "bad argument #3 to 'len' (final position out of bounds)")
  raises(function () t.len("abc", "x") end, "bad argument #2 to 'len' (number expected, got string)")
  raises(function () t.len("abc", 1.5) end, "bad argument #2 to 'len' (number has no integer representation)")
  eq(t.len("abc", 4), 0)
  eq(t.len(123), 3)                                 -- numbers convert, as in string.len
end)

------------------------------------------------------------------ sub
T.test("sub agrees with string.sub on ASCII", function ()
  for i = -7, 7 do for j = -7, 7 do
    eq(t.sub("hello", i, j), ("hello"):sub(i, j), ("i=%d j=%d"):format(i, j))
  end end
  for i = -3, 3 do eq(t.sub("", i), "") end
  eq(t.sub("hello", math.mininteger, math.maxinteger), "hello")
  eq(t.sub("hello", math.maxinteger), "")
  eq(t.sub("hello", 2, math.mininteger), "")
end)

T.test("sub counts characters in Chinese text", function ()
  local s = "脱贫攻坚战"
  eq(t.sub("中文字", 2, 3), "文字")
  eq(t.sub(s, 1, 2), "脱贫")
  eq(t.sub(s, -2), "坚战")
  eq(t.sub(s, -3, -2), "攻坚")
  eq(t.sub(s, 2, -2), "贫攻坚")
  eq(t.sub(s, -4, 3), "贫攻")
  eq(t.sub(s, 4, 2), "")
  eq(t.sub(s, 6), "")
  eq(t.sub(s, -10, 1), "脱")
  eq(t.sub("a中b😀c", 2, 4), "中b😀")
  -- against a per-character reference on a mixed string
  local mixed = "a中b文😀c。"
  local cs = {}
  for _, c in utf8.codes(mixed) do cs[#cs + 1] = utf8.char(c) end
  local n = #cs
  for i = -n - 2, n + 2 do for j = -n - 2, n + 2 do
    local a = i < 0 and math.max(n + i + 1, 1) or math.max(i, 1)
    local b = j < 0 and n + j + 1 or math.min(j, n)
    eq(t.sub(mixed, i, j), table.concat(cs, "", a, math.max(b, a - 1)), ("i=%d j=%d"):format(i, j))
  end end
end)

T.test("sub returns s itself for the whole string", function ()
  local s = "整个字符串"
  eq(t.sub(s, 1), s); eq(t.sub(s, 1, -1), s); eq(t.sub(s, -100, 100), s)
end)

T.test("sub raises on invalid UTF-8 inside the range only", function ()
  raises(function () t.sub("a\xffb", 1, 3) end, "bad argument #1 to 'sub' (invalid UTF-8)")
  raises(function () t.sub("中\xe8\x84", 2) end, "bad argument #1 to 'sub' (invalid UTF-8)")
  raises(function () t.sub("中\xe8\x84", -1) end, "bad argument #1 to 'sub' (invalid UTF-8)")
  -- outside the range a bad unit counts as one character, as text.chars counts it
  eq(t.sub("a\xffbc", 3), "bc")
  eq(t.sub("a\xff中文", -2), "中文")
  eq(t.sub("中文\xe8\x84", 1, 2), "中文")
  eq(t.sub("中文\xe8\x84", -3, -2), "中文")
  eq(t.sub("\x80\x80中", -1), "中")
  eq(t.sub("\x80\x80中", 3), "中")
end)

T.test("sub never splits a character", function ()
  for _ = 1, 300 do
    local s = randstr(12)
    local pos = {}
    for _, p in t.chars(s) do pos[p] = true end
    pos[#s + 1] = true
    for i = -8, 8 do
      local okk, r = pcall(t.sub, s, i, i + 2)
      if okk and #r > 0 then
        local a = s:find(r, 1, true)
        ok(a and pos[a], "sub starts on a character boundary")
      else
        ok(okk or r:find("invalid UTF-8", 1, true), r)
      end
    end
  end
end)

T.test("sub raises on bad arguments", function ()
  raises(function () t.sub("abc") end, "bad argument #2 to 'sub' (number expected, got no value)")
  raises(function () t.sub(nil, 1) end, "bad argument #1 to 'sub' (string expected, got nil)")
  raises(function () t.sub("abc", 1, {}) end, "bad argument #3 to 'sub' (number expected, got table)")
end)

------------------------------------------------------------------ offset
T.test("offset agrees with utf8.offset on valid text", function ()
  local s = "a中b文😀c"
  for n = -8, 8 do
    for i = 1, #s + 1 do
      local ok1, r1 = pcall(utf8.offset, s, n, i)
      local ok2, r2 = pcall(t.offset, s, n, i)
      eq(ok2, ok1, ("ok n=%d i=%d"):format(n, i))
      if ok1 then eq(r2, r1, ("n=%d i=%d"):format(n, i)) end
    end
    eq(t.offset(s, n), utf8.offset(s, n), "n=" .. n)
  end
  eq(t.offset("中文字", 3), 7)
  eq(t.offset("中文字", -1), 7)
  eq(t.offset("中文字", 4), 10)
  eq(t.offset("中文字", 5), nil)
  eq(t.offset("中文字", 0, 5), 4)
  eq(t.offset("", 1), 1)
  eq(t.offset("", -1), nil)
end)

T.test("offset steps over bad units like chars does", function ()
  local s = "a\xff\xe8\x84中\x80"
  local starts = {}
  for _, p in t.chars(s) do starts[#starts + 1] = p end
  eq(starts, {1, 2, 3, 5, 8})
  for k = 1, #starts do
    eq(t.offset(s, k), starts[k], "forward " .. k)
    eq(t.offset(s, -k), starts[#starts - k + 1], "backward " .. k)
  end
  eq(t.offset(s, 0, 4), 3)                          -- inside the truncated unit
  eq(t.offset(s, 0, 8), 8)                          -- a stray continuation is its own unit
end)

T.test("offset raises on bad positions", function ()
  raises(function () t.offset("abc", 1, 5) end, "bad argument #3 to 'offset' (position out of bounds)")
  raises(function () t.offset("abc", 1, 0) end, "bad argument #3 to 'offset' (position out of bounds)")
  raises(function () t.offset("中文", 1, 2) end,
    "bad argument #3 to 'offset' (initial position is a continuation byte)")
  raises(function () t.offset("abc") end, "bad argument #2 to 'offset' (number expected, got no value)")
  eq(t.offset("abc", 1, -1), 3)
  eq(t.offset("abc", math.mininteger), nil)
  eq(t.offset("abc", math.maxinteger), nil)
end)

------------------------------------------------------------------ chars
T.test("chars yields characters and byte positions", function ()
  eq(collect(t.chars("a中😀")), {{"a", 1}, {"中", 2}, {"😀", 5}})
  eq(collect(t.chars("")), {})
  local n = 0
  for c, p in t.chars("脱贫攻坚") do n = n + 1; eq(p, 3 * n - 2); eq(#c, 3) end
  eq(n, 4)
end)

T.test("chars yields U+FFFD for each bad unit instead of raising", function ()
  eq(collect(t.chars("a\xffb")), {{"a", 1}, {FFFD, 2}, {"b", 3}})
  eq(collect(t.chars("中\xe8\x84")), {{"中", 1}, {FFFD, 4}})        -- truncated at end: one unit
  eq(collect(t.chars("\xe8\x84中")), {{FFFD, 1}, {"中", 3}})
  eq(collect(t.chars("\xc0\xaf")), {{FFFD, 1}, {FFFD, 2}})          -- overlong: byte by byte
  eq(collect(t.chars("\xed\xa0\x80")), {{FFFD, 1}, {FFFD, 2}, {FFFD, 3}})
  eq(collect(t.chars("\xf0\x9f\x98")), {{FFFD, 1}})
  eq(collect(t.chars("\x80\x80")), {{FFFD, 1}, {FFFD, 2}})
end)

T.test("chars keeps its string alive and ignores extra arguments", function ()
  local it = t.chars(("x"):rep(3) .. "中")
  collectgarbage(); collectgarbage()
  eq({it()}, {"x", 1}); eq({it("junk", 99)}, {"x", 2}); it(); eq({it()}, {"中", 4})
  eq(it(), nil); eq(it(), nil)
  raises(function () t.chars() end, "bad argument #1 to 'chars' (string expected, got no value)")
end)

------------------------------------------------------------------ width
T.test("width counts display columns", function ()
  eq(t.width(""), 0)
  eq(t.width("abc"), 3)
  eq(t.width("脱贫攻坚"), 8)
  eq(t.width("ＡＢ１"), 6)                           -- full-width
  eq(t.width("e\u{301}"), 1)                         -- combining accent
  eq(t.width("，。"), 4)
  eq(t.width("a\tb\n"), 2)                           -- controls take no column
  eq(t.width("a\xffb\xe8\x84"), 4)                  -- each bad unit counts 1
  raises(function () t.width(true) end, "bad argument #1 to 'width' (string expected, got boolean)")
end)

------------------------------------------------------------------ valid / sanitize
T.test("valid reports the first bad byte", function ()
  eq({t.valid("")}, {true})
  eq({t.valid("脱贫ab😀")}, {true})
  eq({t.valid("ab\xc0\x80")}, {false, 3})
  eq({t.valid("中文\xe8\x84")}, {false, 7})
  eq({t.valid(("a"):rep(20) .. "\xff")}, {false, 21})  -- past the 8-byte ASCII fast path
  raises(function () t.valid() end, "bad argument #1 to 'valid'")
end)

T.test("sanitize replaces each bad unit with U+FFFD", function ()
  local s = "已经很好"
  local r, n = t.sanitize(s)
  eq(n, 0); ok(rawequal(r, s))
  eq({t.sanitize("")}, {"", 0})
  eq({t.sanitize("a\xffb")}, {"a" .. FFFD .. "b", 1})
  eq({t.sanitize("中文\xe8\x84")}, {"中文" .. FFFD, 1})
  eq({t.sanitize("\xc0\xaf中")}, {FFFD .. FFFD .. "中", 2})
  eq({t.sanitize("\xff\xfe\xfd")}, {FFFD:rep(3), 3})
  raises(function () t.sanitize({}) end, "bad argument #1 to 'sanitize'")
end)

T.test("units agree: chars, sanitize, valid, len on random bytes", function ()
  for _ = 1, 400 do
    local s = randstr(10)
    local parts, bad = {}, 0
    for c in t.chars(s) do parts[#parts + 1] = c; if c == FFFD then bad = bad + 1 end end
    local clean, n = t.sanitize(s)
    eq(table.concat(parts), clean, "chars == sanitize")
    eq(n, bad, "replacement count")
    local v, vp = t.valid(s)
    local l, lp = t.len(s)
    eq(v, bad == 0, "valid")
    eq(l ~= nil, v, "len fails iff invalid")
    eq(lp, vp, "same first bad byte")
    if v then
      eq(l, #parts); eq(l, utf8.len(s))
      eq(t.width(s) >= 0, true)
    end
    ok(t.valid(clean), "sanitized text is valid")
  end
end)

------------------------------------------------------------------ fold
T.test("fold alnum: digits, letters and U+3000 only", function ()
  eq({t.fold("２０２０年实现ＧＤＰ增长")}, {"2020年实现GDP增长", 7})
  eq({t.fold("ａｂｃ　ｘｙｚ")}, {"abc xyz", 7})
  eq({t.fold("１００％，（一）")}, {"100％，（一）", 3})
  eq({t.fold("０９ＡＺａｚ")}, {"09AZaz", 6})
  local s = "他说：“好。”，、"
  local r, n = t.fold(s)
  eq(n, 0); ok(rawequal(r, s), "unchanged string is s itself")
  eq({t.fold("")}, {"", 0})
end)

T.test("fold ascii: the whole FF01..FF5E block", function ()
  eq({t.fold("１００％，（一）！～", "ascii")}, {"100%,(一)!~", 9})
  eq({t.fold("“好。”、", "ascii")}, {"“好。”、", 0})            -- Chinese punctuation untouched
  eq({t.fold("\u{FF00}\u{FF5F}\u{FF01}\u{FF5E}", "ascii")}, {"\u{FF00}\u{FF5F}!~", 2})
end)

T.test("fold passes invalid bytes through", function ()
  eq({t.fold("\xef\xbc１\xef")}, {"\xef\xbc1\xef", 1})
  eq({t.fold("\xe3\x80\xe3\x80\x80")}, {"\xe3\x80 ", 1})
end)

T.test("fold map and fold_spans map folded positions back", function ()
  local s = "ｘ＝１２３好　"
  local f, m = t.fold(s, "alnum", true)
  eq(f, "x＝123好 ")
  eq(#m, 5); ok(tostring(m):find("assay.foldmap (5 folds)", 1, true), tostring(m))
  local f2, back = t.fold_spans(s)
  eq(f2, f)
  eq(back(1), 1); eq(back(1, true), 3)
  eq(back(2), 4); eq(back(4), 6); eq(back(4, true), 6)   -- ＝ is not folded
  eq(back(5), 7); eq(back(6), 10); eq(back(7, true), 15)
  eq(back(8), 16); eq(back(#f + 1), #s + 1)
  eq(t.unmap(m, 6), 10); eq(m(6, true), 12)
  -- a span of the folded text maps to the same text in the original
  local a, b = f:find("123")
  eq(s:sub(back(a), back(b, true)), "１２３")
end)

T.test("fold map round trip on every character", function ()
  local samples = { "", "abc", "２０２０年ＧＤＰ增长１２．５％，　总计５５７４万元。",
    "ＡＢＣ", "一二三", "\xff１\xe8\x84２" }
  for _ = 1, 100 do samples[#samples + 1] = randstr(10) end
  for _, mode in ipairs{ "alnum", "ascii" } do
    for _, s in ipairs(samples) do
      local f, back = t.fold_spans(s, mode)
      local starts = {}
      for _, p in t.chars(f) do starts[#starts + 1] = p end
      starts[#starts + 1] = #f + 1
      local k = 0
      for c, p in t.chars(f) do
        k = k + 1
        local a, b = back(p), back(starts[k + 1] - 1, true)
        local orig = s:sub(a, b)
        if c == FFFD then
          ok(not t.valid(orig) or orig == FFFD, "bad unit maps to bad bytes")
        else
          eq((t.fold(orig, mode)), c, ("mode %s char %q at %d"):format(mode, c, p))
        end
      end
      eq(back(#f + 1), #s + 1)
    end
  end
end)

T.test("fold raises on bad arguments", function ()
  raises(function () t.fold("x", "nfkc") end, "bad argument #2 to 'fold' (invalid option 'nfkc')")
  raises(function () t.fold(nil) end, "bad argument #1 to 'fold'")
  raises(function () t.fold_spans("x", 1) end, "bad argument #2 to 'fold_spans' (invalid option '1')")
  local _, back = t.fold_spans("１２")
  raises(function () back(0) end, "bad argument #1 to 'back' (position out of range)")
  raises(function () back(4) end, "position out of range")
  raises(function () back("x") end, "number expected, got string")
  local _, m = t.fold("１２", nil, true)
  raises(function () t.unmap(m, 0) end, "bad argument #2 to 'unmap' (position out of range)")
  raises(function () t.unmap({}, 1) end, "bad argument #1 to 'unmap' (assay.foldmap expected, got table)")
  raises(function () t.unmap(io.stdout, 1) end, "bad argument #1 to 'unmap' (assay.foldmap expected")
  eq(t.unmap(m, 3), 7)
end)

------------------------------------------------------------------ trim
T.test("trim drops ASCII and CJK whitespace at both ends", function ()
  eq(t.trim("  好 "), "好")
  eq(t.trim("\u{3000}\u{3000}脱贫　攻坚\u{3000}"), "脱贫　攻坚")
  eq(t.trim("\u{FEFF}标题\r\n"), "标题")
  eq(t.trim("\u{A0}\t a b \v\f"), "a b")
  eq(t.trim(""), ""); eq(t.trim(" \t\n\u{3000}\u{A0}"), "")
  local s = "不变"
  ok(rawequal(t.trim(s), s))
  eq(t.trim("\xe3\x80"), "\xe3\x80")                 -- half a U+3000 is not whitespace
  eq(t.trim("\xff "), "\xff")
  raises(function () t.trim() end, "bad argument #1 to 'trim' (string expected, got no value)")
end)

------------------------------------------------------------------ sentences
T.test("sentences split at Chinese and ASCII terminators", function ()
  local s = "脱贫攻坚取得胜利。全省投入5574万元！是否完成？已完成；OK!Really?yes;end"
  eq(texts(s, t.sentences(s)), { "脱贫攻坚取得胜利。", "全省投入5574万元！", "是否完成？",
    "已完成；", "OK!", "Really?", "yes;", "end" })
  eq(texts("增长11.63亿元，同比", t.sentences("增长11.63亿元，同比")), { "增长11.63亿元，同比" })
end)

T.test("a closing quote after a terminator stays with the sentence", function ()
  local s = "他说：“好。”下一句"
  eq(texts(s, t.sentences(s)), { "他说：“好。”", "下一句" })
  s = "《决定》指出（见附件。）】他问：‘真的吗？’「是。」『对！』 \"Yes.\" 'no!' (ok?) end"
  eq(texts(s, t.sentences(s)), { "《决定》指出（见附件。）】", "他问：‘真的吗？’",
    "「是。」", "『对！』", "\"Yes.\" 'no!'", "(ok?)", "end" })
  -- an ASCII quote right after a terminator is taken as closing, even when it
  -- opens the next sentence: ASCII quotes do not say which way they face
  s = "对！\"Yes\""
  eq(texts(s, t.sentences(s)), { "对！\"", "Yes\"" })
  -- runs of terminators stay together
  s = "真的吗？！不会吧。。。好!!"
  eq(texts(s, t.sentences(s)), { "真的吗？！", "不会吧。。。", "好!!" })
end)

T.test("line ends end sentences; whitespace is not part of a sentence", function ()
  local s = "  第一行没有句号\r\n\u{3000}\u{3000}第二行。第三句 \n\n\n  \u{3000}\n最后一行"
  eq(texts(s, t.sentences(s)), { "第一行没有句号", "第二行。", "第三句", "最后一行" })
  s = "标题\n正文。\n"
  eq(texts(s, t.sentences(s)), { "标题", "正文。" })
end)

T.test("sentences: empty input, whitespace, only terminators", function ()
  eq(collect(t.sentences("")), {})
  eq(collect(t.sentences("  \n\u{3000}\r\n\t")), {})
  eq(collect(t.sentences("。。！？!?;；")), {})
  eq(collect(t.sentences("。\n”\n；")), {})
  eq(texts("好。\n。\n”好", t.sentences("好。\n。\n”好")), { "好。", "”好" })
  eq(t.sentence_spans(""), {})
  eq(t.sentence_spans("。。。"), {})
end)

T.test("sentences at the end of the text and around bad bytes", function ()
  eq(texts("好。”", t.sentences("好。”")), { "好。”" })
  eq(texts("完。\xe8\x84", t.sentences("完。\xe8\x84")), { "完。", "\xe8\x84" })
  eq(texts("a\xff。b", t.sentences("a\xff。b")), { "a\xff。", "b" })
  eq(texts("好\xe3\x80", t.sentences("好\xe3\x80")), { "好\xe3\x80" })    -- truncated 。
  eq(texts("好\xef\xbc", t.sentences("好\xef\xbc")), { "好\xef\xbc" })    -- truncated ！
  eq(texts("好。\xe2\x80", t.sentences("好。\xe2\x80")), { "好。", "\xe2\x80" })
end)

T.test("sentences with init and stop scan only that part", function ()
  local s = "一。二。三。"
  -- 一 1-3, 。 4-6, 二 7-9, 。 10-12, 三 13-15, 。 16-18
  eq(collect(t.sentences(s, 4)), {{7, 12}, {13, 18}})          -- a lone 。 is skipped
  eq(collect(t.sentences(s, 7)), {{7, 12}, {13, 18}})
  eq(collect(t.sentences(s, 7, 12)), {{7, 12}})
  eq(collect(t.sentences(s, 1, 9)), {{1, 6}, {7, 9}})
  eq(collect(t.sentences(s, 1, 8)), {{1, 6}, {7, 8}})
  eq(collect(t.sentences(s, 1, 11)), {{1, 6}, {7, 11}})        -- a cut 。 is just bytes
  eq(collect(t.sentences(s, -6)), {{13, 18}})
  eq(collect(t.sentences(s, 100)), {})
  eq(collect(t.sentences(s, 5, 2)), {})
  eq(collect(t.sentences(s, -100, 100)), collect(t.sentences(s)))
  eq(t.sentence_spans(s, 4, 9), {7, 9})
  raises(function () t.sentences(s, "x") end, "bad argument #2 to 'sentences' (number expected, got string)")
  raises(function () t.sentence_spans(s, 1, {}) end, "bad argument #3 to 'sentence_spans' (number expected, got table)")
  raises(function () t.sentences() end, "bad argument #1 to 'sentences' (string expected, got no value)")
  raises(function () t.sentence_spans(nil) end, "bad argument #1 to 'sentence_spans' (string expected, got nil)")
end)

T.test("sentence_spans equals the iterator; spans are trimmed, ordered, disjoint", function ()
  local seeds = {}
  local p = io.popen("ls /work/shared/corpus/seeds/*.txt 2>/dev/null")
  for f in p:lines() do seeds[#seeds + 1] = f end
  p:close()
  local docs = {}
  for k = 1, math.min(#seeds, 3) do
    local h = io.open(seeds[k], "rb"); docs[#docs + 1] = h:read("a"); h:close()
  end
  if #docs == 0 then T.skip("corpus seeds not found") end
  for _ = 1, 200 do docs[#docs + 1] = randstr(20) end
  for _, s in ipairs(docs) do
    local flat = t.sentence_spans(s)
    local it = {}
    for a, b in t.sentences(s) do it[#it + 1] = a; it[#it + 1] = b end
    eq(flat, it)
    local last = 0
    for k = 1, #flat, 2 do
      local a, b = flat[k], flat[k + 1]
      ok(a > last and b >= a and b <= #s, "ordered, non-empty, in range")
      local piece = s:sub(a, b)
      eq(t.trim(piece), piece, "trimmed")
      ok(not piece:find("\n", 1, true), "no line break inside")
      last = b
    end
  end
end)

------------------------------------------------------------------ paragraphs
T.test("paragraphs are non-blank lines, trimmed", function ()
  local s = "\u{3000}\u{3000}第一段。第一段续。\r\n\r\n  \n\u{3000}第二段\n第三段\u{3000}"
  eq(texts(s, t.paragraphs(s)), { "第一段。第一段续。", "第二段", "第三段" })
  eq(flat_texts(s, t.paragraph_spans(s)), { "第一段。第一段续。", "第二段", "第三段" })
  eq(collect(t.paragraphs("")), {})
  eq(collect(t.paragraphs(" \n\u{3000}\n\r\n")), {})
  eq(collect(t.paragraphs("a")), {{1, 1}})
  eq(collect(t.paragraphs("a\nbb\n", 3)), {{3, 4}})
  raises(function () t.paragraphs(false) end, "bad argument #1 to 'paragraphs' (string expected, got boolean)")
end)

------------------------------------------------------------------ lines
T.test("lines yield start, stop, lineno without the line break", function ()
  eq(collect(t.lines("a\nbb\r\n\nc")), {{1, 1, 1}, {3, 4, 2}, {7, 6, 3}, {8, 8, 4}})
  eq(collect(t.lines("一\n二\n")), {{1, 3, 1}, {5, 7, 2}})   -- no empty line after the last \n
  eq(collect(t.lines("")), {})
  eq(collect(t.lines("\n")), {{1, 0, 1}})
  eq(collect(t.lines("\r\n\r\n")), {{1, 0, 1}, {3, 2, 2}})
  eq(collect(t.lines("a\rb")), {{1, 3, 1}})                   -- a lone \r is not a break
  eq(collect(t.lines("last\r")), {{1, 5, 1}})
  raises(function () t.lines(nil) end, "bad argument #1 to 'lines' (string expected, got nil)")
end)

T.test("lines agree with a string.find reference", function ()
  local function ref (s)
    local out, pos, n = {}, 1, 0
    while pos <= #s do
      local nl = s:find("\n", pos, true)
      local stop = nl and nl - 1 or #s
      if nl and stop >= pos and s:sub(stop, stop) == "\r" then stop = stop - 1 end
      n = n + 1
      out[#out + 1] = {pos, stop, n}
      pos = nl and nl + 1 or #s + 1
    end
    return out
  end
  for _ = 1, 300 do
    local s = randstr(12)
    eq(collect(t.lines(s)), ref(s), ("%q"):format(s))
  end
end)

------------------------------------------------------------------ lineno
T.test("lineno finds the line of a byte", function ()
  local s = "第一行\r\n第二行\n\n末行"
  eq({t.lineno(s, 1)}, {1, 1, 9})
  eq({t.lineno(s, 9)}, {1, 1, 9})
  eq({t.lineno(s, 10)}, {1, 1, 9})                  -- the \r
  eq({t.lineno(s, 11)}, {1, 1, 9})                  -- the \n belongs to the line it ends
  eq({t.lineno(s, 12)}, {2, 12, 20})
  eq({t.lineno(s, 22)}, {3, 22, 21})                -- an empty line
  eq({t.lineno(s, 23)}, {4, 23, 28})
  eq({t.lineno(s, -1)}, {4, 23, 28})
  eq({t.lineno("x", 1)}, {1, 1, 1})
  -- agrees with text.lines for every byte
  for _ = 1, 100 do
    local r = randstr(8)
    for a, b, n in t.lines(r) do
      local nl = r:find("\n", b + 1, true)
      local last = nl or #r
      for pos = a, last do eq({t.lineno(r, pos)}, {n, a, b}, ("%q at %d"):format(r, pos)) end
    end
  end
end)

T.test("lineno raises on positions out of range", function ()
  raises(function () t.lineno("abc", 4) end, "bad argument #2 to 'lineno' (position out of range)")
  raises(function () t.lineno("abc", 0) end, "bad argument #2 to 'lineno' (position out of range)")
  raises(function () t.lineno("abc", -4) end, "bad argument #2 to 'lineno' (position out of range)")
  raises(function () t.lineno("", 1) end, "bad argument #2 to 'lineno' (position out of range)")
  raises(function () t.lineno("abc") end, "bad argument #2 to 'lineno' (number expected, got no value)")
  raises(function () t.lineno({}, 1) end, "bad argument #1 to 'lineno' (string expected, got table)")
end)

T.test("clause_spans cuts at every delimiter, delimiters excluded", function ()
  eq(flat_texts("你好。世界！！\nab;c?", t.clause_spans("你好。世界！！\nab;c?")), { "你好", "世界", "ab", "c" })
  eq(t.clause_spans(""), {})
  eq(t.clause_spans("。！？；!?;\n"), {})
  -- nothing is trimmed and closing quotes are not special: the bench's definition
  eq(flat_texts(" 他说：“好。”下一句 ", t.clause_spans(" 他说：“好。”下一句 ")), { " 他说：“好", "”下一句 " })
  -- init/stop bound the scan
  eq(flat_texts("一。二。三", t.clause_spans("一。二。三", 7, 9)), { "二" })
  -- invalid UTF-8 never raises
  eq(#t.clause_spans("a\xE3\x80。b"), 4)
  raises(function () t.clause_spans(nil) end, "bad argument #1 to 'clause_spans'")
end)

T.test("clause_spans agrees with a byte-by-byte reference on random text", function ()
  -- the scanner skips eight bytes at a time; the reference looks at each
  local DELIMS = { "\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F", "\xEF\xBC\x9B", "!", "?", ";", "\n" }
  local function reference (s)
    local out, start, i = {}, 1, 1
    while i <= #s do
      local n = 0
      for _, d in ipairs(DELIMS) do
        if s:sub(i, i + #d - 1) == d then n = #d; break end
      end
      if n > 0 then
        if i > start then out[#out + 1] = start; out[#out + 1] = i - 1 end
        i = i + n
        start = i
      else
        i = i + 1
      end
    end
    if #s >= start then out[#out + 1] = start; out[#out + 1] = #s end
    return out
  end
  local extra = { "；", ";", "?", "中文中文中文中文", "abcdefgh", "\xE3", "\xEF\xBC" }
  for _ = 1, 400 do
    local p = {}
    for k = 1, rnd(40) do
      p[k] = rnd(3) == 1 and extra[rnd(#extra)] or PIECES[rnd(#PIECES)]
    end
    local s = table.concat(p)
    eq(t.clause_spans(s), reference(s))
  end
end)

T.test("spans packs the spans of each kind as int32 pairs", function ()
  local s = "第一句。第二句！\n\n  第三行  \n"
  local function unpack_all (p)
    local out = {}
    for i = 1, #p // 4 do out[i] = (string.unpack("=i4", p, 4 * i - 3)) end
    return out
  end
  eq(unpack_all(t.spans(s, "sentence")), t.sentence_spans(s))
  eq(unpack_all(t.spans(s, "clause")), t.clause_spans(s))
  eq(unpack_all(t.spans(s, "paragraph")), t.paragraph_spans(s))
  local lines = {}
  for a, b in t.lines(s) do if b >= a then lines[#lines + 1] = a; lines[#lines + 1] = b end end
  eq(unpack_all(t.spans(s, "line")), lines)
  eq(t.spans("", "sentence"), "")
  raises(function () t.spans(s, "word") end, "invalid option 'word'")
  raises(function () t.spans(nil, "line") end, "bad argument #1 to 'spans'")
end)

T.done()
