-- assay.read: encodings, HTML, traditional -> simplified.
local t = require "assay.testing"
local read = require "assay.read"

-- Encoded copies made with iconv (glibc), independent of ICU.
local function iconv (s, to)
  local src = t.tmpfile(s)
  local p = io.popen("iconv -f UTF-8 -t " .. to .. " " .. src)
  local out = p:read("a"); p:close(); os.remove(src)
  return out
end

local ZH = "聊城市五年内投入扶贫资金5574万元，实施产业项目46个，带动贫困户7502户全部脱贫。"
local TW = "臺東縣五年內投入扶貧資金五千萬元，實施產業項目，貧困戶全部脫貧。"

t.test("detect: BOM, valid UTF-8, meta charset, uchardet", function ()
  t.eq({ read.detect("\xEF\xBB\xBFabc") }, { "UTF-8", "bom" })
  t.eq({ read.detect("\xFF\xFEa\0") }, { "UTF-16LE", "bom" })
  t.eq({ read.detect("\xFE\xFF\0a") }, { "UTF-16BE", "bom" })
  t.eq({ read.detect(ZH) }, { "UTF-8", "utf8" })
  t.eq({ read.detect("") }, { "UTF-8", "utf8" })
  t.eq({ read.detect(iconv(ZH, "GB18030")) }, { "GB18030", "uchardet" })
  t.eq({ read.detect(iconv(ZH, "GBK")) }, { "GB18030", "uchardet" })
  t.eq({ read.detect(iconv(TW, "BIG5")) }, { "Big5", "uchardet" })
  local page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>' ..
    iconv("短", "GB18030") .. "</body></html>"
  t.eq({ read.detect(page, true) }, { "GB18030", "meta" })
  -- a page that says gb2312 but is UTF-8 (re-saved by a crawler) is UTF-8
  t.eq({ read.detect('<meta charset="gbk">' .. ZH, true) }, { "UTF-8", "utf8" })
  -- cut in the middle of the last character: still UTF-8
  t.eq({ read.detect("abc\xE4\xB8") }, { "UTF-8", "utf8" })
  t.eq({ read.detect(ZH .. "\xE4") }, { "UTF-8", "utf8" })
  t.raises(function () read.detect({}) end, "bad argument #1")
end)

t.test("decode: every encoding to UTF-8, invalid bytes counted", function ()
  local s, e, n = read.decode(ZH)
  t.eq({ s, e, n }, { ZH, "UTF-8", 0 })
  t.eq({ read.decode("\xEF\xBB\xBF" .. ZH) }, { ZH, "UTF-8", 0 })
  for _, enc in ipairs{ "GB18030", "GBK", "UTF-16LE", "UTF-16BE" } do
    local raw = iconv(ZH, enc)
    if enc:find("UTF%-16") then raw = (enc == "UTF-16LE" and "\xFF\xFE" or "\xFE\xFF") .. raw end
    local u, got, bad = read.decode(raw)
    t.eq(u, ZH, enc); t.eq(bad, 0, enc)
    t.eq(got, enc == "GBK" and "GB18030" or enc, enc)
  end
  t.eq({ read.decode(iconv(TW, "BIG5")) }, { TW, "Big5", 0 })
  -- forced encoding, with names as pages spell them
  t.eq({ read.decode(iconv(ZH, "GBK"), "gb2312") }, { ZH, "GB18030", 0 })
  t.eq({ read.decode(iconv(TW, "BIG5"), "big5") }, { TW, "Big5", 0 })
  -- bad bytes become U+FFFD, counted; never an error
  t.eq({ read.decode("abc\xE4\xB8") }, { "abc\u{FFFD}", "UTF-8", 1 })
  t.eq({ read.decode("a\xFFb\xFEc", "UTF-8") }, { "a\u{FFFD}b\u{FFFD}c", "UTF-8", 2 })
  local gb = iconv(ZH, "GB18030")
  local u, _, bad = read.decode(gb:sub(1, -2), "GB18030")        -- truncated at EOF
  t.eq(bad, 1); t.eq(u:sub(-3), "\u{FFFD}")
  t.eq({ read.decode("") }, { "", "UTF-8", 0 })
  t.raises(function () read.decode("x", "no-such-encoding") end, "unknown encoding 'no-such-encoding'")
  t.raises(function () read.decode(nil) end, "bad argument #1")
  t.raises(function () read.decode("x", {}) end, "bad argument #2")
end)

t.test("decode: a long input converts in chunks", function ()
  local big = ZH:rep(20000)                       -- ~2.6 MB
  local gb = iconv(big, "GB18030")
  local u, e, bad = read.decode(gb)
  t.eq(#u, #big); t.ok(u == big, "round trip"); t.eq(e, "GB18030"); t.eq(bad, 0)
end)

t.test("html: text without boilerplate, title and date from the head", function ()
  local txt, m = read.html([[<!DOCTYPE html><html><head><title> 青山县扶贫纪实 </title>
    <meta name="publishdate" content="2020-11-03 09:15:00"><style>p{}</style>
    <script>var x = "投入99万元";</script></head><body>
    <div class="main-nav">首页 | 新闻</div><nav>导航</nav><header>站头</header>
    <h1>青山县扶贫纪实</h1><p>第一段  投入资金２５００万元。</p>
    <p>第二段<br>换行</p><aside>侧栏</aside><div id="Copyright">版权所有</div>
    <footer>页脚</footer></body></html>]])
  t.eq(txt, "青山县扶贫纪实\n第一段 投入资金２５００万元。\n第二段\n换行")
  t.eq(m, { title = "青山县扶贫纪实", date = "2020-11-03 09:15:00" })
  t.eq({ read.html("") }, { "", {} })
  local og, m2 = read.html('<meta property="og:title" content="OG"><p>x</p>')
  t.eq(og, "x"); t.eq(m2.title, "OG")
  local broken = read.html("<p>未闭合<div><b>加粗<p>下一段")   -- libxml2 recovers
  t.ok(broken:find("未闭合", 1, true) and broken:find("下一段", 1, true), broken)
  t.raises(function () read.html(5 < 3) end, "bad argument #1")
end)

t.test("html tables: one line per row, its cells apart by a space", function ()
  local txt = read.html([[<body><p>脱贫成效</p><table><tr><th>指标</th><th>数值</th></tr>
    <tr><td>脱贫人口</td><td>8.6万人</td></tr><tr><td> 退出贫困村 </td><td>126个</td></tr></table>
    <table><tr><td><p>第一段</p><p>第二段</p></td></tr></table></body>]])
  t.eq(txt, "脱贫成效\n指标 数值\n脱贫人口 8.6万人\n退出贫困村 126个\n第一段\n第二段")
end)

t.test("simplify: t2s with positions kept", function ()
  local s, segs = read.simplify(TW)
  t.eq(s, "台东县五年内投入扶贫资金五千万元，实施产业项目，贫困户全部脱贫。")
  t.eq(segs, nil)                                  -- same shape: no map needed
  t.eq(#s, #TW)
  local same = "简体字不变。"
  local s2 = read.simplify(same)
  t.eq(s2, same)
  t.eq({ read.simplify("") }, { "", nil })
  t.raises(function () read.simplify() end, "bad argument #1")
  -- many lines, one converter per state
  local many = (TW .. "\n"):rep(200)
  t.eq(#read.simplify(many), #many)
end)

t.test("ICU, uchardet, libxml2 and OpenCC are loaded on first use, not at start", function ()
  local code = [[
    local function mapped (n)
      for l in io.lines("/proc/self/maps") do if l:find(n, 1, true) then return true end end
      return false
    end
    local read = require "assay.read"
    read.decode("plain UTF-8 text")
    print(mapped("libicuuc"), mapped("libxml2"), mapped("libopencc"), mapped("libuchardet"))
    read.decode("\205\226", "GB18030")
    print(mapped("libicuuc"), mapped("libxml2"))
    read.html("<p>x</p>")
    print(mapped("libxml2"))
    read.simplify("x")
    print(mapped("libopencc"))
  ]]
  local out, status = t.sh(t.bin() .. " -e " .. t.q(code))
  t.eq(status, 0)
  t.eq(out, "false\tfalse\tfalse\tfalse\ntrue\tfalse\ntrue\ntrue\n")
end)

t.test("format, binary, plain: the reader's predicates", function ()
  t.eq(read.format("a/b.HTM"), "html"); t.eq(read.format("x.jsonl"), "jsonl")
  t.eq(read.format("x.NDJSON"), "jsonl"); t.eq(read.format("x.TsV"), "tsv"); t.eq(read.format("x."), "txt")
  t.eq(read.format("x.txt"), "txt"); t.eq(read.format("x.txt", "\xEF\xBB\xBF \n<!DOCTYPE HTML><p>"), "html")
  t.eq(read.format("x.txt", "<p>没有页面</p>"), "txt"); t.eq(read.format("noext", "<html>"), "html")
  t.eq(read.binary("%PDF-1.4"), "binary file (PDF document)")
  t.eq(read.binary("正文\0"), "binary file (NUL bytes)")
  t.eq(read.binary("\xFF\xFEa\0"), nil); t.eq(read.binary("BZh9"), nil); t.eq(read.binary(""), nil)
  t.eq(read.binary(("正"):rep(3000) .. "\0"), nil)            -- a NUL past 8 KiB
  t.eq(read.plain("投入资金3万元。\nabc"), true)
  t.eq(read.plain(""), true)
  for _, s in ipairs{ "\xEF\xBB\xBF正文", "  <p>正文", "正文\0", "\x89PNG", "全角１２", "一\u{3000}二", "坏\xff" } do
    t.eq(read.plain(s), false, s)
  end
  t.raises(function () read.plain(nil) end, "bad argument #1 to 'plain'")
  t.raises(function () read.format(nil) end, "bad argument #1 to 'format'")
end)

t.test("read.traditional counts the characters t2s would change, up to a limit", function ()
  local read = require "assay.read"
  t.eq(read.traditional("贫困户脱贫，投入资金5万元"), 0)
  t.eq(read.traditional("貧困戶脫貧，投入資金5萬元"), 6)            -- 貧 戶 脫 貧 資 萬
  t.eq(read.traditional("貧困戶脫貧，投入資金5萬元", 3), 3)          -- the scan stops at the limit
  t.eq(read.traditional("abc\xE9\x80", 5), 0)                     -- a truncated character
  t.eq(read.traditional("\xE8\xB2x\xE8\xB2\xA7"), 1)            -- a broken one, then 貧
  t.eq(read.traditional(""), 0)
  t.raises(function () read.traditional({}) end, "bad argument #1 to 'traditional'")
  t.raises(function () read.traditional("x", -1) end, "must not be negative")
end)

t.test("read.traditional and read.plain's count: every character of U+4E00..U+9FFF as t2s changes it alone", function ()
  -- (tradbits.h was made from read.simplify; the count reads it 64 bits at a time)
  local read = require "assay.read"
  local total, parts = 0, {}
  for cp = 0x4E00, 0x9FFF do
    local c = utf8.char(cp)
    local n = read.traditional(c)
    if n ~= ((read.simplify(c) ~= c) and 1 or 0) then t.eq(n, 1 - n, ("U+%04X"):format(cp)) end
    total = total + n
    parts[#parts + 1] = c
  end
  t.eq(total, 3553)
  local all = table.concat(parts)
  t.eq(read.traditional(all), 3553)
  t.eq({ read.plain(all, 5000) }, { true, 3553 })
  t.eq({ read.plain("a" .. all, 5000) }, { true, 3553 })       -- another alignment of the pairs
  local edges = "\u{4DFF}\u{4DC0}\u{A000}\u{A03F}\u{3400}\u{E000}\u{FFFF}\u{800}"
  t.eq(read.traditional(edges), 0)
  t.eq({ read.plain(edges, 9) }, { true, 0 })
end)

t.test("read.plain(s, enough) counts traditional characters in its one pass, as read.traditional does", function ()
  local read = require "assay.read"
  t.eq({ read.plain("貧困戶脫貧，投入資金5萬元", 100) }, { true, 6 })
  t.eq({ read.plain("貧困戶脫貧，投入資金5萬元", 4) }, { true, 4 })
  t.eq({ read.plain("坏\xff貧", 10) }, { false, nil })
  t.eq({ read.plain("", 3) }, { true, 0 })
  t.raises(function () read.plain("x", -1) end, "must not be negative")
  -- random texts: ASCII runs, simplified and traditional characters, the
  -- lead bytes the two-at-a-time loop sends to the slow path (E0, E3, ED,
  -- EF), 2- and 4-byte characters, at every alignment
  local pieces = { "a", "12 ", "\n", "贫", "貧", "戶", "户", "資", "资", "萬", "万", "ࠀ", "、", "。", "퟿",
                   "x﹐", "é", "𠀀", "一", "龜", "丟", "x貧y", "가", "ꀀ", "豈", "鿿", "䷿" }
  math.randomseed(20261207)
  for round = 1, 400 do
    local parts = {}
    for k = 1, math.random(0, 40) do parts[k] = pieces[math.random(#pieces)] end
    local s = table.concat(parts)
    local enough = math.random(0, 12)
    local plain, n = read.plain(s, enough)
    t.eq(plain, true, s)
    t.eq(n, math.min(read.traditional(s), enough), s)
    if not t.ok(n == math.min(read.traditional(s), enough), "round " .. round) then break end
  end
end)

t.test("read.plain's one pass against a plain Lua reference: random and broken byte strings", function ()
  local read = require "assay.read"
  -- the reference: strict UTF-8 (Lua's utf8.len: no overlongs, surrogates
  -- or code points past U+10FFFF), no NUL, none of the characters the width
  -- fold changes; the traditional count as read.traditional gives it
  local function folds (cp)
    return cp == 0x3000 or (cp >= 0xFF10 and cp <= 0xFF19) or (cp >= 0xFF21 and cp <= 0xFF3A)
           or (cp >= 0xFF41 and cp <= 0xFF5A)
  end
  local function ref (s, enough)
    if not utf8.len(s) or s:find("\0", 1, true) then return false end
    for _, cp in utf8.codes(s) do if folds(cp) then return false end end
    return true, math.min(read.traditional(s, enough), enough)
  end
  local pieces = {
    "a", "7 ", "\n", "贫", "貧", "萬", "万", "，", "。", "、", "“", "”", "…", "é", "𠀀", "﹐",
    "\u{3001}", "\u{FF0F}", "\u{FF1A}", "\u{FF20}", "\u{FF3B}", "\u{FF40}", "\u{FF5B}", "\u{FFFF}",
    "\u{800}", "\u{FF0C}", "\u{FF01}", "\u{3002}", "\u{30FF}",
    "\u{D7FF}", "\u{E000}", "\u{10FFFF}", "\u{4E00}", "\u{9FFF}", "\u{A000}", "\u{4DFF}",
  }
  local broken = {      -- not plain (one at most a string: else most strings fail early)
    "\u{3000}", "\u{FF10}", "\u{FF19}", "\u{FF21}", "\u{FF3A}", "\u{FF41}", "\u{FF5A}",
    "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xE0\x9F\xBF", "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF",
    "\xED\xA0\x80", "\xED\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xF7\xBF\xBF\xBF",
    "\xE4\xB8", "\xF0\x9F\x98", "\xC3", "\x80", "\xBF", "\xFE", "\xFF", "\0", "\xE3\x80", "\xEF\xBC",
    "\xE5\x80\x41", "\xE6\x41\x80",
  }
  math.randomseed(1207)
  for round = 1, 3000 do
    local parts = { "正" }                         -- (no magic number, BOM or markup at the start)
    for k = 2, math.random(1, 30) do parts[k] = pieces[math.random(#pieces)] end
    if math.random(2) == 1 then table.insert(parts, math.random(2, #parts + 1), broken[math.random(#broken)]) end
    local s = table.concat(parts)
    local enough = math.random(0, 4)
    local got = { read.plain(s, enough) }
    local want = { ref(s, enough) }
    if not want[1] then want[2] = nil end
    t.eq(got, want, ("%q"):format(s))
  end
  -- a valid text of every kind of character cut at every byte, and one
  -- broken byte put at every place
  local text = "正文abc，貧困戶脱贫。\u{3001}é𠀀\u{FF0F}\u{FFFF}萬元 12\u{10FFFF}…\u{800}"
  for k = 1, #text do
    local cut = text:sub(1, k)
    t.eq({ read.plain(cut, 9) }, { ref(cut, 9) }, k)
    local broken = text:sub(1, k) .. "\xFF" .. text:sub(k + 1)
    t.eq({ read.plain(broken, 9) }, { false, nil }, k)
  end
end)

t.done()
