local t = require "assay.testing"
local meta = require "assay.meta"

-- lines of each class, written for this test
local LINES = {
  { "本报记者 王建国 李明", "byline" },
  { "来源：县融媒体中心", "byline" },
  { "2021-03-05 09:30", "byline" },
  -- a saved page's info line: two labelled fields, a time's colon inside one
  { "时间：2021-03-05 09:30  作者：李明  点击：次", "byline" },
  { "发布日期:2021-03-05 浏览次数:128", "byline" },
  { "时间紧任务重", "heading" },
  { "版权所有 © 某某日报社", "boilerplate" },
  { "首页 > 新闻 > 本地", "boilerplate" },
  { "乡村振兴看今朝", "heading" },
  { "全县今年新修通村道路四十公里，带动两百户群众增收。", "body" },
  { ("脱贫户养殖规模逐年扩大，合作社统一收购，"):rep(8), "body" },
  { "2021", "body" },
  { "", "blank" },
}

t.test("classify and classify_trimmed agree, on trimmed and padded lines", function ()
  for _, c in ipairs(LINES) do
    t.eq(meta.classify(c[1]), c[2], c[1])
    t.eq(meta.classify("  " .. c[1] .. "\t"), c[2], c[1])
    t.eq(meta.classify_trimmed(c[1]), c[2], c[1])
  end
end)

t.test("classify: a pack raising BYLINE_MAX past the boilerplate limit still gets bylines", function ()
  local long = "记者 王建国" .. ("，"):rep(0) .. ("报道"):rep(60)
  local old = meta.BYLINE_MAX
  t.eq(meta.classify(long), "body")
  meta.BYLINE_MAX = 200
  local ok, got = pcall(meta.classify, long)
  meta.BYLINE_MAX = old
  t.ok(ok, got)
  t.eq(got, "byline")
end)

t.test("attribution: names in brackets at the end; the quick reject keeps a replaced pattern working", function ()
  t.eq(meta.attribution("合作社带动全村增收。（王建国 李明）"), { "王建国", "李明" })
  t.eq(meta.attribution("合作社带动全村增收。(王建国)  "), { "王建国" })
  t.eq(meta.attribution("合作社带动全村增收。"), nil)
  local old = meta.ATTRIBUTION
  meta.ATTRIBUTION = [=[【(?<names>\p{Han}{2,4})】$]=]       -- no round bracket at all
  local ok, got = pcall(meta.attribution, "合作社带动全村增收。【王建国】")
  meta.ATTRIBUTION = old
  t.ok(ok, got)
  t.eq(got, { "王建国" })
end)

t.test("source: the first pattern over every line wins, lines trimmed", function ()
  t.eq(meta.source("乡村振兴看今朝\n  来源：县融媒体中心  \n"), "县融媒体中心")
  t.eq(meta.source("新华社讯 本报记者\n来源:某某网"), "某某网")
  t.eq(meta.source("没有来源的一行"), nil)
end)

t.test("lines: spans of the trimmed non-blank lines, their classes, attributions", function ()
  local s = "  乡村振兴看今朝 \r\n\n本报记者 王建国\n合作社今年带动全村一百二十户群众种植中药材，户均增收三千余元，脱贫成果进一步巩固。（王建国 李明）\n\t\n版权所有 © 某某日报社"
  local p = meta.lines(s)
  t.eq(#p, 4 * 16)
  local rows = {}
  for i = 1, 4 do rows[i] = { string.unpack("=i4i4i4i4", p, 16 * i - 15) } end
  t.eq(s:sub(rows[1][1], rows[1][2]), "乡村振兴看今朝"); t.eq(rows[1][3], 3); t.eq(rows[1][4], 0)
  t.eq(s:sub(rows[2][1], rows[2][2]), "本报记者 王建国"); t.eq(rows[2][3], 2)
  t.eq(rows[3][3], 4); t.eq(rows[3][4], 1)
  t.eq(s:sub(rows[4][1], rows[4][2]), "版权所有 © 某某日报社"); t.eq(rows[4][3], 1)
  t.eq(meta.lines(""), "")
end)

t.test("lines and classify on text that is not valid UTF-8: a third of the bytes counts", function ()
  local bad = "乡村\xff振兴"                    -- 13 bytes: 4 "characters", a heading
  t.eq(meta.classify(bad), "heading")
  local p = meta.lines("正文\n" .. bad)
  t.eq(select(3, string.unpack("=i4i4i4i4", p, 17)), 3)
end)

t.test("classify: a line's characters counted and its last character read as the C's first version did", function ()
  -- the reference: the character count (a third of the bytes when the line
  -- is not valid UTF-8) and the end compared byte for byte, from the last
  -- lead byte, with the closers skipped
  local finals = { ["。"] = 1, ["！"] = 1, ["？"] = 1, ["；"] = 1, ["!"] = 1, ["?"] = 1, [";"] = 1,
                   ["，"] = 1, [","] = 1, ["、"] = 1, ["…"] = 1 }
  local closers = { ["”"] = 1, ["’"] = 1, ["」"] = 1, ["』"] = 1, ["）"] = 1, [")"] = 1, ['"'] = 1 }
  local function final (s)
    local n = #s
    while n > 0 do
      local i = n
      while i > 1 and s:byte(i) >= 0x80 and s:byte(i) < 0xC0 do i = i - 1 end
      local c = s:sub(i, n)
      if not closers[c] then return finals[c] ~= nil end
      n = i - 1
    end
    return false
  end
  local function expect (s)
    local n = utf8.len(s) or #s // 3
    if n <= meta.HEADING_MAX and not final(s) and s:find("[^%d%p%s]") then return "heading" end
    return "body"
  end
  -- 1- to 4-byte characters, the finals and closers, bytes that break a
  -- character; lines around HEADING_MAX characters, at every alignment
  local pieces = { "a", "7", "é", "田", "𠀀", "。", "！", "，", ",", "…", "”", "）", ")", '"', "’", "」",
                   "\xE3\x80", "\x82", "\xFF", "\xE2\x80\xA6\x80", "ß", "-" }
  math.randomseed(1207)
  for round = 1, 1500 do
    local parts = { "田" }
    for k = 2, math.random(1, 48) do parts[k] = pieces[math.random(#pieces)] end
    local s = table.concat(parts)
    if not t.ok(meta.classify_trimmed(s) == expect(s), s) then break end
  end
  for _, s in ipairs{ "标题。", "标题。”", "标题”。", "标题）", "标题\xE3\x80", "标题。\x82", "标题\x82\x82",
                      "\x80", "题……", "题…\x80", ("田"):rep(40), ("田"):rep(41), ("田"):rep(39) .. "𠀀",
                      ("é"):rep(40), ("é"):rep(41), "题！」』", "题\"\"" } do
    t.eq(meta.classify_trimmed(s), expect(s), s)
  end
end)

t.test("meta_c: bad arguments are named", function ()
  local c = require "assay.meta_c"
  t.raises(function () c.lines(nil, {}, {}, 40, 60) end, "bad argument #1 to 'lines'")
  t.raises(function () c.classify("x", { "not a regex" }, {}, 40, 60) end,
           "pattern 1 of argument #2 is not an assay.regex")
  t.raises(function () c.classify("x", {}, {}, "forty", 60) end, "bad argument #4 to 'classify'")
  t.raises(function () c.lines("x", {}, {}, 40, 60, "nope") end, "bad argument #6 to 'lines'")
end)

t.test("date, source, authors: what the header of an article gives", function ()
  t.eq(meta.date("２０２１年３月５日 9:05\n乡村振兴看今朝"), "2021-03-05 09:05")
  t.eq(meta.date("本报3月5日讯 记者"), "--03-05")
  t.eq(meta.date("2021年13月40日，2021年4月1日"), "2021-04-01")      -- an impossible date is passed over
  t.eq(meta.date("没有日期"), nil)
  -- day.month.year as some sites print it; not a version number or a decimal
  t.eq(meta.date("数说成就\n14.07.2021  08:45"), "2021-07-14 08:45")
  t.eq(meta.date("发布 3.1.2019"), "2019-01-03")
  t.eq(meta.date("版本 2.1.2020.5"), nil)
  -- a photo's date in its credit is not the document's
  t.eq(meta.date("图为合作社社员在采茶（2016年5月3日摄）。新华社记者 李四摄"), nil)
  t.eq(meta.date("牧民在草场放牧(2016年5月3日 拍摄)。\n2019年10月5日 10:30 来源：某报"), "2019-10-05 10:30")
  t.eq(meta.authors("本报记者 王建国 李明 赵强\n合作社带动群众增收。（李明 孙强）"), { "王建国", "李明", "赵强", "孙强" })
  local out, seen = { "张三" }, { ["张三"] = true, ["王建国"] = true }
  t.eq(meta.authors("记者 王建国 张三 钱七", out, seen), { "张三", "钱七" })
  t.eq(meta.authors(""), {})
  -- CJK punctuation is not a letter of a name: PCRE2's \p{Han} takes 、 and 。 (Han is among their
  -- script extensions), \p{sc=Han} does not
  t.eq(meta.authors("通讯员 陈晓东 刘芳、周强"), { "陈晓东", "刘芳", "周强" })
  t.eq(meta.authors("记者 陈晓东、刘芳。"), { "陈晓东", "刘芳" })
  t.eq(meta.authors("村里的新变化。（刘芳、周）"), {})
end)

t.test("a replaced pattern that can match empty moves on instead of looping", function ()
  local old = meta.AUTHORS
  meta.AUTHORS = { [=[(?<names>)]=] }
  local ok, got = pcall(meta.authors, "记者 王建国")
  meta.AUTHORS = old
  t.ok(ok, got)
  t.eq(got, {})
  local c = require "assay.meta_c"
  t.raises(function () c.authors("x", {}, "nope", {}, {}) end, "bad argument #3 to 'authors'")
  t.raises(function () c.date("x", {}, nil) end, "bad argument #3 to 'date'")
  t.raises(function () c.attribution("（王建国）", require("assay.re").compile("（.+）")) end,
           "group 'names' did not take part")
end)

t.test("literal arrays are read once each: more arrays than the cache holds, a changed array", function ()
  local c = require "assay.meta_c"
  local re = require "assay.re"
  local fold = require("assay.text").fold
  -- 150 pattern lists (more than the C's cache of 64 arrays holds), each
  -- with its literals and without: the same date every time
  local s = "本报讯 2021年3月5日 上午，县里召开会议。"
  local lists = {}
  for i = 1, 150 do
    local year = i % 2 == 0 and "2021" or "2020"
    local p = "(?<y>" .. year .. ")年(?<mo>\\d{1,2})月(?<d>\\d{1,2})日"
    lists[i] = { re.compile(p), literals = { { year .. "年" } } }
    local bare = { re.compile(p) }
    local want = c.date(s, bare, fold)
    t.eq(c.date(s, lists[i], fold), want, p)
    t.eq(want, i % 2 == 0 and "2021-03-05" or nil, p)
  end
  for round = 1, 3 do                                -- again, in another order
    for i = 150, 1, -3 do t.eq(c.date(s, lists[i], fold), i % 2 == 0 and "2021-03-05" or nil, i) end
  end
  -- an array changed in place after its first use: what was read stays
  -- (until the cache starts over; docs say not to), its strings valid
  -- through a collection (under ASan and valgrind too)
  local l = { re.compile("(?<y>2021)年(?<mo>\\d{1,2})月(?<d>\\d{1,2})日"), literals = { { ("年"):rep(1) .. "3" } } }
  t.eq(c.date(s, l, fold), "2021-03-05")
  l.literals[1][1] = ("无关"):rep(3)
  collectgarbage(); collectgarbage()
  t.eq(c.date(s, l, fold), "2021-03-05")
end)

t.test("the literal gate finds a literal at every place in a subject: start, end, across 16-byte blocks", function ()
  local c = require "assay.meta_c"
  local re = require "assay.re"
  -- source patterns (group src) with literals of 1, 2, 3 and 7 bytes whose
  -- last bytes are common (·: C2 B7; 网: E7 BD 91) or ASCII
  local cases = { { "(?<src>报·网)", "报·网" }, { "(?<src>a·)", "·" }, { "(?<src>\\|)", "|" },
                  { "(?<src>网)", "网" }, { "(?<src>xy)", "xy" } }
  local fillers = { "", "a", "网", "·", "报", "y", "扶贫", "x·" }
  for _, k in ipairs(cases) do
    local gated = { re.compile(k[1]), literals = { { k[2] } } }
    local bare = { re.compile(k[1]) }
    for before = 0, 40 do
      for after = 0, 3 do
        local f1 = fillers[before % #fillers + 1]
        local s = ("田"):rep(before // 3) .. ("b"):rep(before % 3) .. f1 .. k[2] .. ("a"):rep(after)
        t.eq(c.source(s, gated), c.source(s, bare), s)
        local miss = ("田"):rep(before // 3) .. f1 .. k[2]:sub(1, -2) .. ("a"):rep(after)
        t.eq(c.source(miss, gated), c.source(miss, bare), miss)
      end
    end
  end
end)

t.test("an article's authors: each name once, in order, however many (a byline's, then its attributions')", function ()
  local articles = require "assay.articles"
  local names = { "王建国", "李明", "赵强", "孙强", "钱七", "周八", "吴九", "郑十", "冯一", "陈二" }
  local doc = "乡村振兴看今朝\n本报记者 王建国 李明 赵强 孙强 钱七 周八 吴九 郑十 王建国 冯一 陈二 李明\n"
    .. "合作社今年带动全村一百二十户群众种植中药材，户均增收三千余元，全村的产业路也修好了。（孙强 褚三 王建国 卫四）\n"
    .. "村里新修了产业路，果子运得出去了，全村人均收入翻了一番还多。"
  local a = articles.split(doc)
  local want = { table.unpack(names) }
  want[#want + 1] = "褚三"; want[#want + 1] = "卫四"
  t.eq(#a, 2)
  t.eq(a[1].authors, want)
  t.eq(a[2].authors, {})
  t.eq(meta.authors("记者 王建国 李明 赵强 孙强 钱七 周八 吴九 郑十 王建国 冯一 陈二 李明"), names)
  -- fewer: the same
  a = articles.split("乡村振兴看今朝\n本报记者 王建国 李明 王建国\n合作社今年带动全村一百二十户群众种植中药材，户均增收三千余元。")
  t.eq(a[1].authors, { "王建国", "李明" })
end)

t.test("articles.split (C) follows the patterns a pack changes", function ()
  local articles = require "assay.articles"
  local doc = "乡村振兴看今朝\n通稿 王建国\n合作社今年带动全村一百二十户群众种植中药材，户均增收三千余元，脱贫成果进一步巩固。"
  local a = articles.split(doc)
  t.eq(#a, 1); t.eq(a[1].title, "乡村振兴看今朝"); t.eq(a[1].authors, {})
  local by, au = meta.BYLINE, meta.AUTHORS      -- compiled once per table: a pack sets new ones
  meta.BYLINE = { [=[^通稿 ]=], table.unpack(by) }
  meta.AUTHORS = { [=[通稿 (?<names>\p{Han}{2,4})]=], table.unpack(au) }
  local ok, b = pcall(articles.split, doc)
  meta.BYLINE, meta.AUTHORS = by, au
  t.ok(ok, b)
  t.eq(b[1].authors, { "王建国" })
  t.eq(articles.split(doc), a)                  -- the old tables again: as before
  -- meta.patterns() is one table while its fields are the same, a new one
  -- (which the splitter reads anew) when one is set
  local P = meta.patterns()
  t.ok(meta.patterns() == P)
  local hmax = meta.HEADING_MAX
  meta.HEADING_MAX = 3                          -- the title is longer: no heading, no title
  local ok2, d = pcall(articles.split, doc)
  t.ok(meta.patterns() ~= P)
  meta.HEADING_MAX = hmax
  t.ok(ok2, d)
  t.eq(d[1].title, nil)
  t.eq(articles.split(doc), a)
  t.eq(articles.split(""), {})
  t.raises(function () articles.split(nil) end, "bad argument #1 to 'split'")
  t.raises(function () require("assay.meta_c").split("x", {}) end, "bad argument")
end)

t.test("a plain text (read.plain marks it so) is not searched for characters to fold: the same articles", function ()
  local articles = require "assay.articles"
  local read = require "assay.read"
  local body = ("全村群众种植中药材，户均增收三千余元，合作社统一收购。"):rep(2)
  local T = "乡村振兴看今朝\n2021年3月5日 记者 王建国\n" .. body
  local want = articles.split(T)
  t.eq(want[1].date, "2021-03-05")
  t.ok(read.plain(T))
  t.eq(articles.split(T), want)
  t.eq(meta.date(T:sub(1, 60)), "2021-03-05")
  local F = "乡村振兴看今朝\n２０２１年３月５日 记者 王建国\n" .. body
  t.eq(read.plain(F), false)                -- full-width digits: not plain (nor marked so)
  t.eq(articles.split(F)[1].date, "2021-03-05")
  t.eq(meta.date(F:sub(1, 60)), "2021-03-05")
end)

t.test("split: its regexes are checked once per call (not per match): a wrong or closed one still raises", function ()
  local c = require "assay.meta_c"
  local re = require "assay.re"
  local function with (k, v)
    local P = {}
    for key, val in pairs(meta.patterns()) do P[key] = val end
    for key, r in pairs{ colon_title = "^x:", date_lead = "^1月", kicker_end = "—$", parallel = "x y" } do
      P[key] = re.compile(r)
    end
    P[k] = v
    return P
  end
  local doc = "乡村振兴看今朝\n\n记者 王建国\n\n" .. ("合作社带动全村群众种植中药材，"):rep(3) .. "户均增收三千余元。（王建国）"
  t.eq(#c.split(doc, with("parallel", re.compile("x y"))), 1)
  t.raises(function () c.split(doc, with("parallel", "x y")) end, "bad argument")
  t.raises(function () c.split(doc, with("date", { "(?<mo>1)月" })) end, "not an assay.regex")
  local closed = re.compile("(?<names>王建国)")
  closed:close()
  t.raises(function () c.split(doc, with("attribution", closed)) end, "closed")
end)

t.test("split and lines share one working room: nested calls, a raise, a text past the room kept", function ()
  local articles = require "assay.articles"
  local c = require "assay.meta_c"
  local text = require "assay.text"
  -- a full-width date in the header, so the splitter calls fold
  local doc = "合作社带动群众增收\n记者 王建国\n２０２１年３月５日\n全村一百二十户群众种植中药材，户均增收三千余元。（秦晓丹）\n" ..
              "首页 > 新闻 > 本地\n村里新修了道路\n１２月９日，道路通车，群众出行更方便了。"
  local other = "扶贫车间里机器轰鸣\n来源：县融媒体中心\n车间吸纳脱贫劳动力六十余人，人均月收入两千元。"
  local want, want_other = articles.split(doc), articles.split(other)
  t.eq(want[1].date, "2021-03-05")
  local P = meta.patterns()
  local function withfold (f)
    local Q = {}
    for k, v in pairs(P) do Q[k] = v end
    local re = require "assay.re"        -- the splitter's own regexes (articles.lua), ungated
    for name, r in pairs(articles.OWN) do Q[name] = re.compile(r:pattern()) end
    Q.fold = f
    return Q
  end
  -- a fold that splits another text and asks for its lines meanwhile
  local inner = {}
  local got = c.split(doc, withfold(function (s, mode)
    inner[#inner + 1] = articles.split(other)
    t.eq(meta.lines(other), meta.lines(other))
    return text.fold(s, mode)
  end))
  t.eq(got, want)
  t.ok(#inner > 0)
  for _, a in ipairs(inner) do t.eq(a, want_other) end
  -- a raise in the middle of a split leaves the next ones right
  t.raises(function () c.split(doc, withfold(function () error("fold gave up") end)) end, "fold gave up")
  t.eq(articles.split(other), want_other)
  t.eq(articles.split(doc), want)
  -- a text whose lines need more room than is kept, then small ones again
  local big = ("乡村振兴看今朝\n全村群众种植中药材，户均增收三千余元，合作社统一收购，脱贫成果进一步巩固，群众日子越过越红火。（秦晓丹）\n"):rep(30000)
  local lines = meta.lines(big)
  t.eq(#lines, 60000 * 16)
  local arts = articles.split(big)
  t.eq(#arts, 30000)
  t.eq(arts[30000].title, "乡村振兴看今朝")
  t.eq(arts[30000].stop, #big - 1)
  t.eq(articles.split(doc), want)
  t.eq(meta.lines(big), lines)
  t.eq(articles.split(other), want_other)
end)

t.test("the working room kept between documents is small: one outsized document does not stay", function ()
  local articles = require "assay.articles"
  local small = "扶贫车间里机器轰鸣\n来源：县融媒体中心\n车间吸纳脱贫劳动力六十余人，人均月收入两千元。"
  local mid = ("产业帮扶见实效\n村里的食用菌大棚今年又添了十座，带动周边农户务工增收。\n"):rep(2000)
  local want = articles.split(small)
  local function after (s)                  -- the heap once s and then small were split
    articles.split(s)
    t.eq(articles.split(small), want)
    collectgarbage(); collectgarbage()
    return collectgarbage("count")
  end
  local base = after(small)
  local grown = after(mid) - base           -- 4000 lines: a room of 256 KiB while in use
  t.ok(grown < 64, ("%.0f KiB more kept after a 4000-line document"):format(grown))
  t.eq(#meta.lines(mid), 4000 * 16)
end)

t.test("a case-blind word's literals: assay.prefilter's case forms, the Kelvin and long-s signs too", function ()
  local P = meta.patterns()
  local lits
  for i = 1, #meta.BOILERPLATE do
    if meta.BOILERPLATE[i] == "(?i:copyright)" then lits = P.boiler.literals[i] end
  end
  t.ok(lits and #lits == 16, "copyright has literals")
  local seen = {}
  for _, l in ipairs(lits or {}) do seen[l] = true end
  t.ok(seen.copy and seen.COPY and seen.cOpY)
  local old = meta.BOILERPLATE
  meta.BOILERPLATE = { "(?i:keyword)", "(?i:cop)", "(?i:sk)" }
  local ok, Q = pcall(meta.patterns)
  meta.BOILERPLATE = old
  t.ok(ok, Q)
  t.eq(#Q.boiler.literals[1], 16)          -- "word" in its 16 forms (k e y: 12 shorter ones)
  t.eq(#Q.boiler.literals[2], 8)
  t.eq(#Q.boiler.literals[3], 9)           -- s S ſ times k K and the Kelvin sign
  t.eq(meta.classify("Copyright © 2020"), "boilerplate")
  t.eq(meta.classify("本站 cOPYRIGHT 所有"), "boilerplate")
  meta.BOILERPLATE = { "(?i:sk)" }
  local ok2, kelvin = pcall(meta.classify, "本站 ſ\u{212A} 所有")
  meta.BOILERPLATE = old
  meta.patterns()
  t.eq(ok2 and kelvin, "boilerplate")
end)

t.test("lines: the literal gate (automaton or each pattern's literals, attribution_ends) changes no class", function ()
  local c = require "assay.meta_c"
  local P = meta.patterns()
  -- lines of every class, short and long, with and without the literals
  -- (and those of the header gates: each date and source literal)
  local pieces = { "新华社·北京", "本报讯", "5月6日电", "来源:人民网", "1998年", "网·", "日讯", "首页 > 新闻 > 本地", "记者 王建国 李明", "来源：新华网", "文/图 赵六", "2020年5月6日",
    "合作社带动全村群众种植中药材，户均增收三千余元。", "（孙宏钰 秦晓丹）", "版权所有 ©", "Copyright 2020",
    "乡村振兴看今朝", "关于我们 | 联系我们", "扶贫车间里机器轰鸣", "12月9日，", "(秦晓丹)", "  ", "责任编辑：王五",
    "（王建国）合作社", "增收3成（约2万元）", "（李明）　", "COPYRIGHT", "cOpYrIgHt 2021", "copy", "Cop" }
  local seed = 17
  local function rnd (k) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k + 1 end
  -- articles.split (every gate) against meta_c.split with a P of no literals
  local function split_alike (s, plain, plainy)
    local articles = require "assay.articles"
    local gated = articles.split(s)
    local bare = {}
    for k, v in pairs(P) do bare[k] = v end
    bare.boiler, bare.byline, bare.attribution_literals, bare.lines_automaton = plain, plainy, nil, nil
    bare.attribution_ends = nil
    for _, k in ipairs{ "date", "source", "authors" } do
      bare[k] = { literals = {} }
      for i, r in ipairs(P[k]) do bare[k][i] = r end
    end
    local re = require "assay.re"
    for name, r in pairs(articles.OWN) do bare[name] = re.compile(r:pattern()) end
    t.eq(c.split(s, bare), gated)
  end
  for _ = 1, 200 do
    local lines = {}
    for i = 1, rnd(12) do
      local parts = {}
      for _ = 1, rnd(rnd(3) == 1 and 40 or 3) do parts[#parts + 1] = pieces[rnd(#pieces)] end
      lines[i] = table.concat(parts, rnd(2) == 1 and "" or " ")
    end
    local s = table.concat(lines, "\n")
    local plain = { literals = {} }
    for i, r in ipairs(P.boiler) do plain[i] = r end
    local plainy = { literals = {} }
    for i, r in ipairs(P.byline) do plainy[i] = r end
    local want = c.lines(s, plain, plainy, P.heading_max, P.byline_max, P.attribution)
    t.eq(c.lines(s, P.boiler, P.byline, P.heading_max, P.byline_max, P.attribution, P.attribution_literals), want)
    t.eq(c.lines(s, P.boiler, P.byline, P.heading_max, P.byline_max, P.attribution, P.attribution_literals,
                 P.lines_automaton), want)
    -- the splitter with every gate against the splitter with none
    split_alike(s, plain, plainy)
  end
  -- a pack's source pattern with two more last bytes of literals (10: the
  -- header gates' scan a byte at a time, not 16 against 8)
  local old = meta.SOURCE
  meta.SOURCE = { [=[(?:稿源|来自)\s*(?<src>\p{Han}{2,8}报)]=], table.unpack(old) }
  local ok, err = pcall(function ()
    P = meta.patterns()
    pieces[#pieces + 1] = "稿源东岭日报"
    pieces[#pieces + 1] = "来自山南晚报"
    for _ = 1, 100 do
      local lines = {}
      for i = 1, rnd(8) do
        local parts = {}
        for _ = 1, rnd(4) do parts[#parts + 1] = pieces[rnd(#pieces)] end
        lines[i] = table.concat(parts, rnd(2) == 1 and "" or " ")
      end
      local plain, plainy = { literals = {} }, { literals = {} }
      for i, r in ipairs(P.boiler) do plain[i] = r end
      for i, r in ipairs(P.byline) do plainy[i] = r end
      split_alike(table.concat(lines, "\n"), plain, plainy)
    end
  end)
  meta.SOURCE = old
  t.ok(ok, err)
end)

t.test("lines: a line just under or over the longest class, in characters and in bytes, with and without the automaton", function ()
  local c = require "assay.meta_c"
  local P = meta.patterns()
  local plain, plainy = { literals = {} }, { literals = {} }
  for i, r in ipairs(P.boiler) do plain[i] = r end
  for i, r in ipairs(P.byline) do plainy[i] = r end
  local most = math.max(P.heading_max, P.byline_max, 120)
  local lines = {}
  for n = most - 3, most + 3 do
    for _, tail in ipairs{ "（王建国）", "版权所有", "(李明)", "" } do
      local body = n - utf8.len(tail)
      for _, unit in ipairs{ "田", "a", "𠀀" } do
        lines[#lines + 1] = unit:rep(body) .. tail                     -- n characters
        lines[#lines + 1] = ("a"):rep(body // 2) .. unit:rep(body - body // 2) .. tail
      end
    end
  end
  local s = table.concat(lines, "\n")
  local want = c.lines(s, plain, plainy, P.heading_max, P.byline_max, P.attribution)
  t.eq(c.lines(s, P.boiler, P.byline, P.heading_max, P.byline_max, P.attribution, P.attribution_literals,
               P.lines_automaton), want)
  local attributed = 0
  for i = 1, #want // 16 do attributed = attributed + select(4, string.unpack("=i4i4i4i4", want, 16 * i - 15)) end
  t.ok(attributed > 0, "some lines have an attribution")
end)

t.test("lines: a line past 4 bytes a character of the longest class is body uncounted, the others counted once: as classify", function ()
  local c = require "assay.meta_c"
  local P = meta.patterns()
  local KINDS = { "boilerplate", "byline", "heading", "body" }
  for _, limits in ipairs{ { 40, 60 }, { 150.5, 60 }, { 40, 300 }, { 300, 20 } } do
    local most = math.floor(math.max(limits[1], limits[2], 120))
    local lines = {}
    for _, n in ipairs{ most - 1, most, most + 1 } do
      lines[#lines + 1] = ("𠀀"):rep(n)                           -- 4 bytes a character: 4 * most bytes at n = most
      lines[#lines + 1] = "版权所有" .. ("𠀀"):rep(n - 4)
      lines[#lines + 1] = "记者 王建国" .. ("𠀀"):rep(n - 6)
      lines[#lines + 1] = ("田"):rep(n - 5) .. "（王建国）"
      lines[#lines + 1] = ("a"):rep(n) .. ("田"):rep(n)
    end
    for _, broken in ipairs{ "", "\xff" } do                      -- valid, then not valid UTF-8
      local ls = {}
      for i, l in ipairs(lines) do ls[i] = l .. broken end
      local q = c.lines(table.concat(ls, "\n"), P.boiler, P.byline, limits[1], limits[2], P.attribution,
                        P.attribution_literals, P.lines_automaton)
      t.eq(#q, 16 * #ls)
      for i, l in ipairs(ls) do
        local k = select(3, string.unpack("=i4i4i4i4", q, 16 * i - 15))
        t.eq(KINDS[k], c.classify(l, P.boiler, P.byline, limits[1], limits[2]), limits[1] .. "/" .. limits[2] .. ": " .. l)
      end
    end
  end
  -- the bound itself: 4 * 150 bytes in 150 characters is a heading when HEADING_MAX is 150.5
  local q = c.lines(("𠀀"):rep(150), P.boiler, P.byline, 150.5, 60, P.attribution, P.attribution_literals,
                    P.lines_automaton)
  t.eq(select(3, string.unpack("=i4i4i4i4", q)), 3)
end)

t.test("date, source, authors of the document's start (text:sub(1, n)) as of any copy", function ()
  -- read.decode marks the text it checked as valid UTF-8; a copy of its
  -- start is then known valid (cut between characters) or not (cut inside
  -- one) without a check: the results must be those of the checked path
  local read = require "assay.read"
  local T = "首页 > 新闻\n乡村振兴看今朝\n本报记者 王建国 李明\n来源：县融媒体中心\n" ..
            "２０２１年３月５日 09:30\n全县新修通村道路四十公里，2020年10月16日通车。（王建国）\n"
  local other = "另一篇文字。"
  local function all (n)
    local h = T:sub(1, n)
    return { meta.date(h) or false, meta.source(h) or false, meta.authors(h) }
  end
  local want = {}
  read.decode(other)                      -- the mark elsewhere: each start is checked
  for n = 0, #T do want[n] = all(n) end
  t.eq(want[#T][1], "2021-03-05 09:30")
  t.eq(want[#T][2], "县融媒体中心")
  t.eq(want[#T][3], { "王建国", "李明" })
  read.decode(T)
  for n = 0, #T do t.eq(all(n), want[n], n) end
end)

t.test("BOILERPLATE: each word list keeps its literals (the C's gate), every word still makes boilerplate", function ()
  local prefilter = require "assay.prefilter"
  for i = 1, #meta.BOILERPLATE - 1 do
    t.ok(prefilter.literals(meta.BOILERPLATE[i]), "pattern " .. i .. " has literals")
  end
  for _, line in ipairs{ "版权所有：县融媒体中心", "客户端下载", "官网微博 官网微信", "责编：李明",
                         "编辑：王芳", "COPYRIGHT 2021 县融媒体中心", "Copyright © 2021", "ICP证 000000号" } do
    t.eq(meta.classify(line), "boilerplate", line)
  end
  t.eq(meta.classify("记者李明编辑整理的材料显示，全县新修道路四十公里。"), "body")
end)

t.test("classify: a page's datelines and labelled bylines are bylines, a breadcrumb's label boilerplate", function ()
  for _, line in ipairs{ "2021-03-05 09:30 来源:东岭网", "2021-03-05 09:30:12浏览:128 来源:东岭网",
                         "东岭日报  2021-03-05 09:30:12", "王立新    2021-03-05 09:30    东岭网",
                         "http://www.example.cn   2021-03-05 09:30", "2021年03月05日 09时30分",
                         "东岭日报 2021年03月05日 星期五", "2021-03-05 东岭日报", "作者:东岭日报记者王立新",
                         "发布时间:2021-03-05", "日期:2021-03-05", "东岭日报记者 王立新 李青" } do
    t.eq(meta.classify(line), "byline", line)
  end
  -- a headline that starts with a date, an event's time label, a caption's credit
  for _, line in ipairs{ "2021年10月17日是东岭县第一个扶贫日", "时间:2021年1月28日",
                         "图为东岭村新建的扶贫车间。 东岭日报记者 王立新 摄" } do
    t.eq(meta.classify(line), "heading", line)
  end
  for _, line in ipairs{ "您的位置: 首页 > 本地", "当前位置:", "您当前的位置 : 东岭网" } do
    t.eq(meta.classify(line), "boilerplate", line)
  end
end)

t.test("authors: not a verb after the role (记者从…获悉), not a label after the names", function ()
  t.eq(meta.authors("记者从县扶贫办获悉，全县今年"), {})
  t.eq(meta.authors("记者在东岭村看到"), {})
  t.eq(meta.authors("作者:王立新 通讯员 李青 来源:东岭日报"), { "王立新", "李青" })
  t.eq(meta.authors("记者 从玉华 摄"), { "从玉华" })
  t.eq(meta.authors("(记者王立新)记者从县里获悉"), { "王立新" })
end)

t.test("articles: the title is the heading nearest the byline, not a site's lines, a kicker or a deck", function ()
  local articles = require "assay.articles"
  local BODY = "\n全县新建扶贫车间十二个，带动一千二百人就业。"
  local H = "河湾县新建扶贫车间十二个"
  -- { the lines above the text, the title }
  for _, c in ipairs{
    -- a site's lines above the headline, the dateline under it
    { "东岭网移动版\n分享\n" .. H .. "\n2021-03-05 09:30 来源:东岭网", H },
    { "欢迎来到东岭网\n" .. H .. "\n东岭日报  2021-03-05 09:30", H },
    -- a kicker above, a deck (a parallel slogan, a dashed subtitle) below
    { "产业兴旺——\n" .. H .. "\n十二车间 千人增收\n记者 王立新", H },
    { H .. "\n——东岭村产业路纪实\n记者 王立新", H },
    -- a headline of two clauses is no slogan; a column's tag before it keeps it
    { "河湾县新建扶贫车间12个 带动1200人就业\n2021-03-05 09:30", "河湾县新建扶贫车间12个 带动1200人就业" },
    { "【东岭发布】" .. H .. "\n2021-03-05 09:30", "【东岭发布】" .. H },
    -- no byline: the site's furniture is passed over
    { "(上接1版)\n家业兴旺 致富有方", "家业兴旺 致富有方" },
    { "EN\nhttp://www.example.cn/\n" .. H, H },
    { "第04版:要闻\n" .. H, H },
    -- furniture alone is no title
    { "本篇文章335字,读完约1分钟", nil }, { "分享", nil }, { "图为东岭村新建的扶贫车间", nil },
    { "zz@example.cn\n2021-03-05 09:30", nil }, { "下一篇:东岭村扶贫车间开工", nil },
  } do
    t.eq(articles.split(c[1] .. BODY)[1].title, c[2], c[1])
  end
  -- a heading of the text with a byline under it opens an article of its own
  local a = articles.split(H .. BODY .. "\n石桥镇扶贫车间开工\n2021-03-06 10:00 来源:东岭网" .. BODY)
  t.eq(#a, 2)
  t.eq({ a[1].title, a[2].title, a[2].date }, { H, "石桥镇扶贫车间开工", "2021-03-06 10:00" })
end)

t.test("a copy of the text's start cut inside a character: the JIT on the rest finds what the checked path finds", function ()
  -- assay.re runs a subject cut inside its last character on the valid
  -- part with PCRE2_NOTEOL (JIT) when the pattern allows, else on the whole
  -- with MATCH_INVALID_UTF; both must find what the unmarked copy finds
  local read = require "assay.read"
  local re = require "assay.re"
  local c = require "assay.meta_c"
  local T = "来源：新华网\n记者 王立新 李青\n合作社带动全村增收。（王立新）\n网站地图 关于我们"
  local pats = { [[(?<src>\S+)$]], [[(?<src>\p{Han}+)\z]], [[(?<src>\p{Han}+)\Z]], [[(?<src>新华网)(?!\p{Han})]],
                 [[(?<src>网.?)]], [[(?<src>关于我们|)]], [[(?m)(?<src>\S+)$]], [[(?<src>\S+?)\b]],
                 [[(?<src>[^\s]+?)(?:\s|$)]], [[(?<src>\p{Han}{2})(?=\p{Han}|$)]] }
  local lists = {}
  for i, p in ipairs(pats) do lists[i] = { re.compile(p) } end
  local function all (n)
    local h, out = T:sub(1, n), {}
    for i, l in ipairs(lists) do out[i] = c.source(h, l) or false end
    return out
  end
  local want = {}
  read.decode("另一篇文字。")
  for n = 0, #T do want[n] = all(n) end
  read.decode(T)
  for n = 0, #T do t.eq(all(n), want[n], n) end
end)

t.done()
