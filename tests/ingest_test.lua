-- Ingestion end to end: encodings, formats, bad inputs, normalisation with
-- spans mapped back, metadata and articles (docs/ingest.md).
-- test: no-valgrind
local t = require "assay.testing"
local db = require "assay.db"
local reader = require "assay.reader"
local articles = require "assay.articles"
local meta = require "assay.meta"
local bin, sh, q = t.bin(), t.sh, t.q

local FIX = "tests/fixtures/ingest/"
local function mkdir () local d = os.tmpname(); os.remove(d); assert(os.execute("mkdir -p " .. d)); return d end
local function write (path, s) local f = assert(io.open(path, "wb")); f:write(s); f:close() end
local function read (path) local f = assert(io.open(path, "rb")); local s = f:read("a"); f:close(); return s end
local function iconv (s, to)
  local src = t.tmpfile(s)
  local p = io.popen("iconv -f UTF-8 -t " .. to .. " " .. src)
  local out = p:read("a"); p:close(); os.remove(src)
  return out
end

local MONEY = [=[
rule "money" {
  need = { "元" },
  pattern = [[(?<num>\d+(?:\.\d+)?)(?<more>多|余)?(?<mult>万|亿)?元]],
  emit = function (m)
    local v = tonumber(m.num) * (({ ["万"] = 10000, ["亿"] = 100000000 })[m.mult] or 1)
    return { value = math.tointeger(v) or v, unit = "元" }
  end,
}
]=]

local ZH = "河湾县投入扶贫资金3860万元，带动贫困户412户增收。\n"
local TW = "臺東縣投入扶貧資金１２００萬元，幫助貧困戶穩定增收。\n"

-- {====== the reader in process ======
t.test("reader: formats and encodings of single files", function ()
  local dir = mkdir()
  local cases = {
    { "utf8.txt", ZH, "UTF-8" },
    { "bom.txt", "\xEF\xBB\xBF" .. ZH, "UTF-8" },
    { "le.txt", "\xFF\xFE" .. iconv(ZH, "UTF-16LE"), "UTF-16LE" },
    { "be.txt", "\xFE\xFF" .. iconv(ZH, "UTF-16BE"), "UTF-16BE" },
    { "gb18030.txt", iconv(ZH, "GB18030"), "GB18030" },
    { "gbk.txt", iconv(ZH, "GBK"), "GB18030" },
    { "big5.txt", iconv(TW, "BIG5"), "Big5", TW, { _normalize = "t2s" } },   -- traditional: converted by default
  }
  for _, c in ipairs(cases) do
    write(dir .. "/" .. c[1], c[2])
    local docs, err = reader.read(dir .. "/" .. c[1])
    t.ok(docs, err)
    t.eq(#docs, 1, c[1])
    t.eq(docs[1].text, c[4] or ZH, c[1])
    t.eq(docs[1].encoding, c[3], c[1])
    t.eq(docs[1].bytes, #c[2], c[1])
    t.eq(docs[1].meta, c[5] or {}, c[1])
  end
  -- traditional script: simplified for the rules by default, never with
  -- simplify = false, always with simplify = true (and the hash says which)
  local auto = reader.read(dir .. "/big5.txt")[1]
  local off = reader.read(dir .. "/big5.txt", { simplify = false })[1]
  local on = reader.read(dir .. "/utf8.txt", { simplify = true })[1]
  t.eq(off.meta, {})
  t.eq(on.meta, { _normalize = "t2s" })
  t.ok(auto.hash ~= off.hash, "--no-simplify is another reading of the file")
  t.eq(reader.read(dir .. "/utf8.txt")[1].meta, {}, "simplified text: nothing to convert")
  -- the forced encoding wins over detection
  local d = reader.read(dir .. "/gbk.txt", { encoding = "GBK" })
  t.eq(d[1].text, ZH); t.eq(d[1].encoding, "GB18030")
  t.ok(d[1].hash ~= reader.read(dir .. "/gbk.txt")[1].hash, "options that change the text change the hash")
end)

t.test("reader: empty, truncated, binary, missing", function ()
  local dir = mkdir()
  write(dir .. "/empty.txt", "")
  local d = reader.read(dir .. "/empty.txt")
  t.eq(#d, 1); t.eq(d[1].text, ""); t.eq(d[1].bytes, 0)
  write(dir .. "/cut.txt", ZH .. "\xE8\x84")
  d = reader.read(dir .. "/cut.txt")
  t.eq(d[1].encoding, "UTF-8"); t.eq(d[1].text, ZH .. "\u{FFFD}"); t.eq(d[1].meta.invalid_bytes, 1)
  write(dir .. "/img.png", "\x89PNG\r\n\26\n\0\0\0\rIHDR")
  t.eq({ reader.read(dir .. "/img.png") }, { nil, "binary file (PNG image)" })
  write(dir .. "/nul.txt", "abc\0def")
  t.eq({ reader.read(dir .. "/nul.txt") }, { nil, "binary file (NUL bytes)" })
  write(dir .. "/doc.pdf", "%PDF-1.4\n")
  t.eq({ reader.read(dir .. "/doc.pdf") }, { nil, "binary file (PDF document)" })
  t.eq({ reader.read(dir .. "/none.txt") }, { nil, "No such file or directory" })
end)

t.test("reader: HTML page", function ()
  local d = assert(reader.read(FIX .. "page.html"))
  t.eq(#d, 1)
  t.eq(d[1].text, "青山县扶贫工作纪实\n来源:青山新闻网 2020-11-03 09:15\n" ..
    "今年以来，青山县投入扶贫资金２５００万元，实施项目18个。\n全县1200户贫困户实现稳定增收。\n" ..
    "驻村工作队走访农户3000余次。")
  t.eq(d[1].meta, { title = "青山县扶贫工作纪实 - 青山新闻网", date = "2020-11-03 09:15:00", format = "html" })
  -- a GB18030 page with <meta charset>
  local page = '<html><head><meta charset="gb2312"><title>' .. iconv("标题", "GB18030") ..
    '</title></head><body><p>' .. iconv(ZH, "GB18030") .. "</p></body></html>"
  local path = t.tmpfile(page, ".htm")
  local g = assert(reader.read(path))
  t.eq(g[1].encoding, "GB18030"); t.eq(g[1].text, ZH:sub(1, -2)); t.eq(g[1].meta.title, "标题")
end)

t.test("reader.each: JSONL streamed, malformed line reported with file:line, mixed encodings", function ()
  local skips, docs = {}, {}
  local n = reader.each(FIX .. "records.jsonl", {}, function (d) docs[#docs + 1] = d end,
                        function (where, why) skips[#skips + 1] = where .. ": " .. why end)
  t.eq(n, 3)
  t.eq(#skips, 1)
  t.ok(skips[1]:find("^tests/fixtures/ingest/records.jsonl:2: malformed JSON"), skips[1])
  t.eq(docs[1].key, FIX .. "records.jsonl#a1"); t.eq(docs[1].name, "a1")
  t.eq(docs[1].text, "东坡村投入资金120万元，修建道路3公里。")
  t.eq(docs[1].meta, { title = "东坡村脱贫记", site = "东坡网", line = 1 })
  t.eq(docs[3].key, FIX .. "records.jsonl#5")        -- no id: the line number
  t.eq(docs[3].name, "records.jsonl#5", "no id: the file and line name it")
  -- one file, lines in UTF-8, GB18030 and Big5
  local mixed = '{"id":1,"text":"' .. ZH:sub(1, -2) .. '"}\n' ..
    iconv('{"id":2,"text":"南山镇整合资金340万元，建成光伏电站2座，带动贫困户全部脱贫增收。"}', "GB18030") .. "\n" ..
    iconv('{"id":3,"text":"臺東縣投入扶貧資金，幫助貧困戶穩定增收，實現全部脫貧。"}', "BIG5") .. "\n"
  local path = t.tmpfile(mixed, ".jsonl")
  local got = assert(reader.read(path))
  t.eq(#got, 3)
  t.eq({ got[1].encoding, got[2].encoding, got[3].encoding }, { "UTF-8", "GB18030", "Big5" })
  t.eq(got[2].text, "南山镇整合资金340万元，建成光伏电站2座，带动贫困户全部脱贫增收。")
  t.eq(got[3].text, "臺東縣投入扶貧資金，幫助貧困戶穩定增收，實現全部脫貧。")
  -- --text-field / --id-field
  local other = t.tmpfile('{"key":"k1","body":"正文"}\n{"key":"k2"}\n', ".jsonl")
  local sk = {}
  local o = reader.read(other, { text_field = "body", id_field = "key", on_skip = function (w, why) sk[#sk + 1] = why end })
  t.eq(#o, 1); t.eq(o[1].key, other .. "#k1"); t.eq(o[1].text, "正文")
  t.eq(sk, { "no string field 'body' in the record" })
end)

t.test("reader.each: CSV with header, quoted multi-line fields", function ()
  local docs = assert(reader.read(FIX .. "records.csv"))
  t.eq(#docs, 3)
  t.eq(docs[1].key, FIX .. "records.csv#r1")
  t.eq(docs[1].text, "北川乡投入资金80万元，\n新建\"扶贫车间\"1个。")
  t.eq(docs[1].meta, { title = "北川乡简报", date = "2020-05-01", line = 2 })
  t.eq(docs[2].meta.line, 4)
  t.eq(docs[3].text, ",以逗号开头，投入5万元。")
  t.eq(reader.csv_fields('a,"b,""c""",,d\r\n', ","), { "a", 'b,"c"', "", "d" })
  local nohdr = t.tmpfile("id,body\n1,x\n", ".csv")
  t.eq({ reader.read(nohdr) }, { nil, "no column 'text' in the header (columns: id, body)" })
  local gb = t.tmpfile(iconv("id,text\n1,南山镇整合资金340万元，建成光伏电站2座，带动贫困户全部脱贫。\n", "GB18030"), ".csv")
  local g = assert(reader.read(gb))
  t.eq(g[1].text, "南山镇整合资金340万元，建成光伏电站2座，带动贫困户全部脱贫。"); t.eq(g[1].encoding, "GB18030")
end)

t.test("normalize: fold and t2s with a back map to the original", function ()
  local s = "臺東縣投入１２００萬元"
  local n, back, applied = reader.normalize(s, "t2s")
  t.eq(n, "台东县投入1200万元"); t.eq(applied, "fold,t2s")
  local a, b = n:find("1200万元", 1, true)
  t.eq(s:sub(back(a), back(b, true)), "１２００萬元")
  t.eq({ reader.normalize("普通文本") }, { "普通文本", nil, nil })
  local n2, back2, ap2 = reader.normalize("投入１２万元")
  t.eq({ n2, ap2 }, { "投入12万元", "fold" })
  t.eq(back2(7), 7); t.eq(back2(8, true), 12)
  -- segments from read.simplify where a character changed byte length:
  -- new 4..6 (3 bytes) came from old 4..7 (4 bytes)
  local sb = reader.seg_back({ 4, 3, 4, 4 })
  t.eq({ sb(1), sb(4), sb(6, true), sb(7), sb(10) }, { 1, 4, 7, 8, 11 })
end)
-- }======

-- {====== metadata and articles ======
t.test("meta: dates, sources, authors, line classes", function ()
  t.eq(meta.date("2020-10-16 15:31:26"), "2020-10-16 15:31:26")
  t.eq(meta.date("水母网10月16日讯(通讯员 赛家豪)"), "--10-16")
  t.eq(meta.date("２０２１年３月５日"), "2021-03-05")
  t.eq(meta.date("2016-2020年"), nil)
  t.eq(meta.source("来源:东岭在线   通讯员 李青"), "东岭在线")
  t.eq(meta.source("东岭日报·东岭在线 记者 王立新"), "东岭日报·东岭在线")
  t.eq(meta.authors("记者 王立新 通讯员 李青 赵一"), { "王立新", "李青", "赵一" })
  t.eq(meta.authors("增收4000元。(周敏 陈晓)"), { "周敏", "陈晓" })
  t.eq(meta.classify("版权所有 东岭在线 ICP备12345678号"), "boilerplate")
  t.eq(meta.classify("首页 > 新闻 > 本地"), "boilerplate")
  t.eq(meta.classify("记者 王立新"), "byline")
  t.eq(meta.classify("特色种植托起致富梦"), "heading")
  t.eq(meta.classify("全县整合涉农资金。"), "body")
end)

t.test("articles: a multi-article file", function ()
  local s = read(FIX .. "multi.txt")
  local arts = articles.split(s)
  t.eq(#arts, 4)
  local a1, a2, a3, a4 = arts[1], arts[2], arts[3], arts[4]
  t.eq({ a1.title, a1.source, a1.authors, a1.boilerplate }, { "特色种植托起致富梦", "东岭日报·东岭在线", { "王立新", "李青" }, false })
  t.eq(s:sub(a1.title_start, a1.title_stop), a1.title)
  t.eq(s:sub(a1.start, a1.start + 9), "河湾县:")
  t.ok(s:sub(a1.start, a1.stop):find("230人。$"), "article 1 ends with its text")
  t.eq({ a2.title, a2.authors }, { "石桥镇:小额信贷助力脱贫", { "周敏", "陈晓" } })
  t.eq({ a3.title, a3.boilerplate }, { nil, false })          -- an item without a headline
  t.ok(s:sub(a3.start, a3.stop):find("^5月12日"), "article 3")
  t.eq(a4.boilerplate, true)
  t.ok(s:sub(a4.start, a4.stop):find("举报电话"), "footer")
  t.eq(articles.at(arts, a2.start + 3), a2)
  t.eq(articles.split(""), {})
  t.raises(function () articles.split(nil) end, "bad argument #1 to 'split'")
end)

t.test("meta.header: a saved page's KEY: value lines at the very start, then a blank line", function ()
  local function h (s) return { meta.header(s) } end
  t.eq(h("URL: http://a.example.cn/2021/03/05/x.html\nTITLE: 河湾县脱贫攻坚纪实\n\n正文。"),
       { { url = "http://a.example.cn/2021/03/05/x.html", title = "河湾县脱贫攻坚纪实" },
         #"URL: http://a.example.cn/2021/03/05/x.html\nTITLE: 河湾县脱贫攻坚纪实" })
  -- an empty value is left out; CRLF lines; trailing blanks are not the block's
  t.eq(h("URL: http://a.example.cn/x\r\nTITLE: \r\n\r\n正文"), { { url = "http://a.example.cn/x" },
                                                                   #"URL: http://a.example.cn/x\r\nTITLE:" })
  t.eq(h("TITLE:  标题  \nDATE: 2021-03-05\nSOURCE: 河湾日报\nURL: u\n \t\n正文"),
       { { title = "标题", date = "2021-03-05", source = "河湾日报", url = "u" },
         #"TITLE:  标题  \nDATE: 2021-03-05\nSOURCE: 河湾日报\nURL: u" })
  t.eq(h("TITLE: 只有标题"), { { title = "只有标题" }, 19 })          -- the text ends with it
  t.eq(h("TITLE: 一\nTITLE: 二\n\n"), { { title = "一" }, #"TITLE: 一\nTITLE: 二" })     -- the first of a key repeated
  -- not a header: no blank line after it, a line of another form, another
  -- key, another case, text before it
  for _, s in ipairs({ "TITLE: 标题\n正文。\n", "URL: u\n正文：说明\n\n正文", "AUTHOR: 张三\n\n正文",
                       "Title: 标题\n\n正文", "title: 标题\n\n正文", " TITLE: 标题\n\n正文",
                       "\nTITLE: 标题\n\n正文", "正文。\nTITLE: 标题\n\n正文", "", "URL:u",
                       ("URL: u\n"):rep(meta.HEADER_MAX + 1) .. "\n正文" }) do
    t.eq(h(s), {}, s)
  end
  t.eq(h(("URL: u\n"):rep(meta.HEADER_MAX) .. "\n正文")[2], meta.HEADER_MAX * 7 - 1)
end)

t.test("meta.url_date: a date in an address", function ()
  for url, want in pairs({
    ["http://a.example.cn/2021/03/05/x.html"] = "2021-03-05",
    ["http://a.example.cn/roll/201512/03/t20151203_7298125.shtml"] = "2015-12-03",
    ["http://a.example.cn/html/2020-10/21/content_527203.htm"] = "2020-10-21",
    ["http://a.example.cn/a/2019/0301/134270_4.html"] = "2019-03-01",
    ["http://a.example.cn/20170915/31417713.html"] = "2017-09-15",
    ["http://a.example.cn/news/2019101673989.html"] = false,      -- an id that starts like a date
    ["http://a.example.cn/2020/13/01/x.html"] = false,            -- no month 13
    ["http://a.example.cn/news/show-77026.html"] = false,
    ["http://218.28.6.71:81/Detail?id=2020"] = false,
  }) do
    t.eq(meta.url_date(url) or false, want, url)
  end
end)

t.test("meta.untallied: the year after 截至/截止 (then blanks) made xxxx, as the Lua gsub it replaced", function ()
  local function ref (s)
    for _, w in ipairs(meta.TALLY) do
      s = s:gsub(w .. "%s*%d%d%d%d", function (m) return (m:gsub("%d", "x")) end)
    end
    return s
  end
  local cases = { "截至2016年末，全村已有", "截止 2020年6月底，累计", "截至\t2019年", "截至201年", "截至20",
                  "截至", "", "2015年截至2018年底截止2019年", "截至截至2017年", "截止９月", "截至 \n 2017",
                  "同比截至xxxx年", "截至20180", "截2018至" }
  for _, s in ipairs(cases) do t.eq(meta.untallied(s), ref(s), s) end
  local s = "全县未摘帽。"                             -- none: the string itself, not a copy
  t.eq(meta.untallied(s), s)
  local pieces = { "截至", "截止", "截", "至", " ", "\t", "2", "0", "1", "9", "年", "x", "，" }
  math.randomseed(7)
  for _ = 1, 300 do
    local b = {}
    for i = 1, math.random(0, 14) do b[i] = pieces[math.random(#pieces)] end
    local s = table.concat(b)
    t.eq(meta.untallied(s), ref(s), s)
  end
end)

t.test("articles: a saved page's header block is a boilerplate article of its own, spans unchanged", function ()
  local s = "URL: http://a.example.cn/2021/03/05/x.html\nTITLE: 河湾县投入资金300万元\n\n"
            .. "河湾县投入资金300万元\n记者 王立新\n\n今年全县投入资金300万元，帮扶120户。\n"
  local arts = articles.split(s)
  t.eq({ arts[1].start, arts[1].stop, arts[1].boilerplate, arts[1].header, arts[1].title },
       { 1, s:find("\n\n", 1, true) - 1, true, true, nil })
  t.eq(#arts, 2)
  local a = arts[2]
  t.eq({ a.title, a.authors, a.boilerplate }, { "河湾县投入资金300万元", { "王立新" }, false })
  t.eq(s:sub(a.title_start, a.title_stop), a.title)
  t.eq(a.title_start, select(2, s:find("\n\n", 1, true)) + 1, "the body's headline, not the TITLE: line")
  t.ok(s:sub(a.start, a.stop):find("120户。$"), "the article ends with its text")
  -- without the header the body splits as before, at the same positions
  local body = s:sub(select(2, s:find("\n\n", 1, true)) + 1)
  local plain = articles.split(body)
  t.eq(#plain, 1)
  t.eq(plain[1].title_start + (#s - #body), a.title_start)
  -- a Title: line in mid-text is text
  local mid = "河湾县投入资金300万元\n\nTITLE: 另一篇\n\n全县帮扶120户。\n"
  for _, x in ipairs(articles.split(mid)) do t.eq(x.header, nil) end
end)

t.test("articles: a saved page's TITLE heads the first article when its own first line is a byline or a counter", function ()
  local s = "URL: http://b.example.cn/2019/10/29/y.html\nTITLE: 石岭乡种植中药材脱贫\n\n"
            .. "时间:2019-10-29 11:36 来源:网络 作者:编辑 点击:次\n\n石岭乡今年种植中药材800亩，带动65户增收。\n"
  local arts = articles.split(s)
  local a = arts[2]
  t.eq({ a.title, a.boilerplate }, { "石岭乡种植中药材脱贫", false })
  -- the body does not repeat it: the span is the TITLE line's value
  t.eq(s:sub(a.title_start, a.title_stop), a.title)
  t.eq(a.title_start, select(2, s:find("TITLE: ", 1, true)) + 1)
  -- the same body without the header keeps the splitter's own pick
  local plain = articles.split(s:sub(select(2, s:find("\n\n", 1, true)) + 1))
  t.ok(plain[1].title ~= "石岭乡种植中药材脱贫", plain[1].title)
end)

t.test("articles: a saved page's TITLE heads the page's article, not a line of keywords above it", function ()
  local s = "URL: http://b.example.cn/x.html\nTITLE: 河湾县新建扶贫车间十二个\n\n"
            .. "热门推荐,精彩视频,在线观看,高清图片,免费下载,最新资讯,热点专题,更多精彩内容尽在东岭网频道\n"
            .. "河湾县新建扶贫车间十二个\n2021-03-05 09:30 来源:东岭网\n全县投入资金300万元，新建扶贫车间十二个。\n"
  local arts = articles.split(s)
  t.eq(#arts, 3)
  t.eq({ arts[2].title, arts[3].title }, { nil, "河湾县新建扶贫车间十二个" })
  t.eq(articles.page(arts, s), arts[3])
  t.eq(arts[3].title_start, select(2, s:find("频道\n", 1, true)) + 1, "the body's headline")
  t.eq(articles.page({}, ""), nil)
end)

t.test("assay run: a page without a header: docs.title is the headline under the site's lines, never another item's", function ()
  local dir = mkdir()
  os.execute("mkdir -p " .. q(dir .. "/docs"))
  write(dir .. "/money.lua", MONEY)
  local ITEM = "河湾县新建扶贫车间十二个\n2021-03-05 09:30 来源:东岭网\n全县投入资金300万元，新建扶贫车间十二个。\n"
  -- the site's lines (an account's link, a hotline), its breadcrumb, then the item
  write(dir .. "/docs/a.txt", "东岭网帐号登录\n新闻热线 0000-1234567\n首页 > 新闻 > 本地\n" .. ITEM)
  -- a line of keywords (body by its length, no sentence) above the headline
  write(dir .. "/docs/b.txt", "热门推荐,精彩视频,在线观看,高清图片,免费下载,最新资讯,热点专题,更多精彩内容尽在东岭网频道\n" .. ITEM)
  -- a text without a headline, then another item: that item's title is not the page's
  write(dir .. "/docs/c.txt", "全县今年投入资金300万元。\n" .. ITEM)
  local _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " run -q -j 1 --db f.db money.lua -- docs")
  t.eq(code, 0, err)
  local d = assert(db.open(dir .. "/f.db"))
  local rows = {}
  for r in d:rows("SELECT key, title, date, source FROM docs ORDER BY key") do
    rows[#rows + 1] = { r.key, r.title or false, r.date or false, r.source or false }
  end
  t.eq(rows, {
    { "a.txt", "河湾县新建扶贫车间十二个", "2021-03-05 09:30", "东岭网" },
    { "b.txt", "河湾县新建扶贫车间十二个", "2021-03-05 09:30", "东岭网" },
    { "c.txt", false, "2021-03-05 09:30", "东岭网" },
  })
  d:close()
  os.execute("rm -rf " .. q(dir))
end)

t.test("assay run: a saved page's header fills docs.title, date, source and meta.url; it is no article's body", function ()
  local dir = mkdir()
  os.execute("mkdir -p " .. q(dir .. "/docs"))
  write(dir .. "/money.lua", MONEY)
  local BODY = "河湾县投入资金300万元\n记者 王立新\n\n今年全县投入资金300万元，帮扶120户。\n"
  write(dir .. "/docs/a.txt", "URL: http://a.example.cn/roll/202103/05/t20210305_1.shtml\n"
                               .. "TITLE: 河湾县投入资金300万元\n\n" .. BODY)
  -- DATE: and SOURCE: lines win over the address; an empty TITLE: gives way to the headline
  write(dir .. "/docs/b.txt", "URL: http://a.example.cn/2020/01/02/b.html\nTITLE: \nDATE: 2021年3月6日\n"
                               .. "SOURCE: 河湾日报\n\n" .. BODY)
  -- traditional script: the title as the page writes it (the rules see it simplified)
  write(dir .. "/docs/c.txt", "URL: http://a.example.cn/c.html\nTITLE: 臺東縣扶貧工作報告\n\n"
                               .. "臺東縣投入資金300萬元，幫扶120戶。\n")
  -- a TITLE: line after the text's start is text
  write(dir .. "/docs/d.txt", "全县投入资金300万元。\nTITLE: 河湾县投入资金300万元\n\n帮扶120户。\n")
  local _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " run -q -j 1 --db f.db money.lua -- docs")
  t.eq(code, 0, err)
  local d = assert(db.open(dir .. "/f.db"))
  local rows = {}
  for r in d:rows("SELECT key, title, date, source, json_extract(meta, '$.url') AS url FROM docs ORDER BY key") do
    rows[#rows + 1] = { r.key, r.title or false, r.date or false, r.source or false, r.url or false }
  end
  t.eq(rows, {
    { "a.txt", "河湾县投入资金300万元", "2021-03-05", false, "http://a.example.cn/roll/202103/05/t20210305_1.shtml" },
    { "b.txt", "河湾县投入资金300万元", "2021-03-06", "河湾日报", "http://a.example.cn/2020/01/02/b.html" },
    { "c.txt", "臺東縣扶貧工作報告", false, false, "http://a.example.cn/c.html" },
    { "d.txt", false, false, false, false },
  })
  -- the text is whole; the header is article 1 (boilerplate), so a query
  -- over the articles' bodies counts the headline's figure once, not twice
  local text = d:val("SELECT text FROM docs WHERE key = 'a.txt'")
  t.ok(text:find("^URL: http"), "docs.text keeps the header")
  t.eq(d:val([[SELECT count(*) FROM facts f JOIN docs d ON d.id = f.doc_id WHERE d.key = 'a.txt']]), 3)
  local arts = {}
  for r in d:rows([[SELECT a.seq, a.start, a.stop, a.title, a.boilerplate FROM articles a JOIN docs d
                    ON d.id = a.doc_id WHERE d.key = 'a.txt' ORDER BY a.seq]]) do
    arts[#arts + 1] = { r.seq, r.boilerplate, r.title or false, text:sub(r.start, r.start + 2) }
  end
  t.eq(arts, { { 1, 1, false, "URL" }, { 2, 0, "河湾县投入资金300万元", "河" } })
  local surfaces = {}
  for r in d:rows([[SELECT f.surface, f.start FROM facts f JOIN docs d ON d.id = f.doc_id
                    JOIN articles a ON a.doc_id = f.doc_id AND f.start BETWEEN a.start AND a.stop
                    WHERE d.key = 'a.txt' AND a.boilerplate = 0 ORDER BY f.start]]) do
    surfaces[#surfaces + 1] = r.surface
  end
  t.eq(surfaces, { "300万元", "300万元" }, "the headline's and the text's, not the TITLE: line's")
  t.eq(d:val([[SELECT count(*) FROM articles a JOIN docs d ON d.id = a.doc_id
               WHERE d.key = 'd.txt' AND a.boilerplate = 1]]), 0)
  d:close()
  os.execute("rm -rf " .. q(dir))
end)

local SEEDS = "../shared/corpus/seeds/"
t.test("articles: the seed corpus", function ()
  local f = io.open(SEEDS .. "000_fc0604a895fcbabd.txt", "rb")
  if not f then t.skip("../shared/corpus/seeds is absent: seed article counts not checked"); return end
  f:close()
  local function titles (name)
    local arts = articles.split(read(SEEDS .. name))
    local out, boiler = {}, 0
    for _, a in ipairs(arts) do
      if a.boilerplate then boiler = boiler + 1 else out[#out + 1] = a.title or false end
    end
    return out, boiler, arts
  end
  local t0, b0 = titles("000_fc0604a895fcbabd.txt")
  t.eq(#t0, 10); t.eq(b0, 1)                 -- main report, nine short items, a notice
  t.eq(t0[1], "脱贫攻坚工作稳步推进,不断迈向新台阶")
  t.eq(t0[2], "摘掉贫困帽 身残志坚好榜样")
  t.eq(t0[3], false)
  t.eq(t0[10], "聊城位山:风沙地打造成生态旅游名片")
  local t1 = titles("001_5fbb3e3ff43be7e7.txt")
  t.eq(t1, { "聊城经济技术开发区脱贫质量进一步提升", "走进体彩开奖大厅 聊城观摩团见证阳光开奖" })
  local t2, _, a2 = titles("002_ed52a4f7d5c47ab9.txt")
  t.eq(t2, { "滨州市脱贫攻坚战取得全面胜利", "滨城区扶贫工作重点村如期“摘帽”",
             "向群众交出合格的扶贫答卷", "“绳网+互联网”织就特色扶贫路" })
  t.eq(a2[1].authors, { "宋延武", "付玉成", "陈玥君" })
  local t3, b3, a3 = titles("003_943bab47138fada1.txt")
  t.eq(t3, { "烟台开发区:奋力书写脱贫攻坚“收官答卷”" }); t.eq(b3, 2)
  t.eq({ a3[2].date, a3[2].source, a3[2].authors }, { "2020-10-16 15:31:26", "水母网", { "赛家豪", "赵韬" } })
  local t4, b4 = titles("004_2e2d8f6b2087e67d.txt")
  t.eq(t4, { "山东脱贫攻坚简报第8期" }); t.eq(b4, 2)
end)
-- }======

-- {====== assay run over a folder mixing everything ======
local function corpus ()
  local dir = mkdir()
  local docs = dir .. "/docs"
  os.execute("mkdir -p " .. docs)
  write(dir .. "/money.lua", MONEY)
  write(docs .. "/a_utf8.txt", read(FIX .. "multi.txt"))
  write(docs .. "/b_bom.txt", "\xEF\xBB\xBF" .. ZH)
  write(docs .. "/c_le.txt", "\xFF\xFE" .. iconv(ZH, "UTF-16LE"))
  write(docs .. "/d_be.txt", "\xFE\xFF" .. iconv(ZH, "UTF-16BE"))
  write(docs .. "/e_gb18030.txt", iconv(ZH, "GB18030"))
  write(docs .. "/f_gbk.txt", iconv(ZH, "GBK"))
  write(docs .. "/g_big5.txt", iconv(TW, "BIG5"))
  write(docs .. "/h_page.html", read(FIX .. "page.html"))
  write(docs .. "/i_records.jsonl", read(FIX .. "records.jsonl"))
  write(docs .. "/j_records.csv", read(FIX .. "records.csv"))
  write(docs .. "/k_trad.txt", read(FIX .. "trad.txt"))
  write(docs .. "/l_empty.txt", "")
  write(docs .. "/m_cut.txt", ZH .. "\xE8\x84")
  write(docs .. "/n_image.png", "\x89PNG\r\n\26\n\0\0\0\rIHDR\0\0")
  write(docs .. "/o_nul.dat", "text\0with NUL")
  write(docs .. "/p_locked.txt", ZH)
  os.execute("chmod 000 " .. q(docs .. "/p_locked.txt"))
  os.execute("ln -s nowhere " .. q(docs .. "/q_dangling.txt"))
  return dir
end

local function is_root ()
  local p = io.popen("id -u"); local u = p:read("a"); p:close()
  return tonumber(u) == 0
end

t.test("assay run: a folder of every kind of input", function ()
  local dir = corpus()
  local _, code, err = sh("cd " .. q(dir) .. " && " .. bin ..
    " run --db f.db -j 2 --simplify money.lua -- docs")
  t.eq(code, 0, err)
  t.ok(err:find("skipped docs/n_image.png: binary file (PNG image)", 1, true), err)
  t.ok(err:find("skipped docs/o_nul.dat: binary file (NUL bytes)", 1, true), err)
  t.ok(err:find("skipped docs/q_dangling.txt: broken symlink", 1, true), err)
  t.ok(err:find("skipped docs/i_records.jsonl:2: malformed JSON", 1, true), err)
  local root = is_root()
  if not root then t.ok(err:find("skipped docs/p_locked.txt: Permission denied", 1, true), err) end
  local d = assert(db.open(dir .. "/f.db"))
  local enc = {}
  for r in d:rows("SELECT key, encoding FROM docs") do enc[r.key] = r.encoding end
  t.eq(enc["b_bom.txt"], "UTF-8"); t.eq(enc["c_le.txt"], "UTF-16LE")
  t.eq(enc["d_be.txt"], "UTF-16BE"); t.eq(enc["e_gb18030.txt"], "GB18030")
  t.eq(enc["f_gbk.txt"], "GB18030"); t.eq(enc["g_big5.txt"], "Big5")
  t.eq(enc["#a3"], "UTF-8"); t.eq(enc["#r1"], "UTF-8")
  t.eq(enc["l_empty.txt"], "UTF-8")
  t.eq(enc["p_locked.txt"] ~= nil, root, "a chmod 000 file is read only by root")
  t.eq(d:val("SELECT count(*) FROM docs"), (root and 18 or 17))
  -- every text is the original as UTF-8; every surface is the text at its span
  t.eq(d:val("SELECT text FROM docs WHERE key = 'e_gb18030.txt'"), ZH)
  t.eq(d:val("SELECT text FROM docs WHERE key = 'k_trad.txt'"), read(FIX .. "trad.txt"))
  local n = 0
  for f in d:rows("SELECT f.surface, f.start, f.stop, d.text FROM facts f JOIN docs d ON d.id = f.doc_id") do
    n = n + 1
    t.eq(f.text:sub(f.start, f.stop), f.surface)
  end
  t.ok(n >= 15, "facts: " .. n)
  -- full-width digits and traditional characters matched, original kept
  local trad = d:one([[SELECT f.surface, f.value FROM facts f JOIN docs d ON d.id = f.doc_id
                       WHERE d.key = 'k_trad.txt']])
  t.eq({ trad.surface, trad.value }, { "１２００萬元", 12000000 })
  local big5 = d:one([[SELECT f.surface FROM facts f JOIN docs d ON d.id = f.doc_id WHERE d.key = 'g_big5.txt']])
  t.eq(big5.surface, "１２００萬元")
  local html = d:one([[SELECT f.surface, f.value FROM facts f JOIN docs d ON d.id = f.doc_id
                       WHERE d.key = 'h_page.html' ORDER BY f.start LIMIT 1]])
  t.eq({ html.surface, html.value }, { "２５００万元", 25000000 })
  -- assay show: an HTML page's line is a line of the extracted text
  local hid = d:val([[SELECT f.id FROM facts f JOIN docs d ON d.id = f.doc_id
                      WHERE d.key = 'h_page.html' ORDER BY f.start LIMIT 1]])
  local shown = sh("cd " .. q(dir) .. " && " .. bin .. " show --db f.db " .. hid)
  t.ok(shown:find("docs/h_page.html:%d+ %(line %d+ of the extracted text, bytes"), shown)
  local tid = d:val([[SELECT f.id FROM facts f JOIN docs d ON d.id = f.doc_id WHERE d.key = 'k_trad.txt']])
  t.ok(not sh("cd " .. q(dir) .. " && " .. bin .. " show --db f.db " .. tid):find("extracted", 1, true))
  t.eq(d:val("SELECT count(*) FROM facts WHERE value = 999990000"), 0)    -- the <script> is gone
  local trow = d:one("SELECT meta FROM docs WHERE key = 'k_trad.txt'")
  t.ok(trow.meta:find('"normalized":"fold,t2s"', 1, true), trow.meta)
  -- metadata and articles
  local a = d:one("SELECT title, date, source, meta FROM docs WHERE key = 'a_utf8.txt'")
  t.eq({ a.title, a.source }, { "特色种植托起致富梦", "东岭日报·东岭在线" })
  t.ok(a.meta:find('"authors":["王立新","李青"]', 1, true), a.meta)
  local h = d:one("SELECT title, date FROM docs WHERE key = 'h_page.html'")
  t.eq({ h.title, h.date }, { "青山县扶贫工作纪实 - 青山新闻网", "2020-11-03 09:15:00" })
  local arts = {}
  for r in d:rows([[SELECT a.* FROM articles a JOIN docs d ON d.id = a.doc_id
                    WHERE d.key = 'a_utf8.txt' ORDER BY seq]]) do arts[#arts + 1] = r end
  t.eq(#arts, 4)
  t.eq({ arts[2].title, arts[2].authors, arts[4].boilerplate }, { "石桥镇:小额信贷助力脱贫", '["周敏","陈晓"]', 1 })
  -- a fact belongs to the article whose span holds its start
  local fa = d:one([[SELECT a.seq FROM facts f JOIN docs d ON d.id = f.doc_id
    JOIN articles a ON a.doc_id = d.id AND f.start BETWEEN a.start AND a.stop
    WHERE d.key = 'a_utf8.txt' AND f.surface = '860余万元']])
  t.eq(fa.seq, 2)
  -- article spans of a normalized document are spans of the original
  local ta = d:one([[SELECT a.start, a.stop, a.title, d.text FROM articles a JOIN docs d ON d.id = a.doc_id
                     WHERE d.key = 'k_trad.txt' AND a.seq = 1]])
  t.eq(ta.title, "臺東縣扶貧工作報告")
  t.eq(ta.text:sub(ta.start, ta.start + #ta.title - 1), ta.title)
  d:close()
  -- a second run skips everything; without --simplify the trad doc is redone
  local _, c2, e2 = sh("cd " .. q(dir) .. " && " .. bin ..
    " run --db f.db -j 1 --simplify money.lua -- docs")
  t.eq(c2, 0, e2)
  t.ok(e2:find("0 documents processed", 1, true), e2)
  os.execute("chmod 644 " .. q(dir .. "/docs/p_locked.txt"))
end)

t.test("assay run: --encoding, --text-field, --id-field, bad option values", function ()
  local dir = mkdir()
  write(dir .. "/money.lua", MONEY)
  write(dir .. "/x.jsonl", '{"no":"n1","body":"投入５万元"}\n')
  write(dir .. "/g.txt", iconv("投入扶贫资金3万元。", "GBK"))
  local _, code, err = sh("cd " .. q(dir) .. " && " .. bin ..
    " run --db f.db -j 1 --text-field body --id-field no money.lua -- x.jsonl")
  t.eq(code, 0, err)
  local d = assert(db.open(dir .. "/f.db"))
  local r = d:one("SELECT d.key, f.surface FROM facts f JOIN docs d ON d.id = f.doc_id")
  t.eq({ r.key, r.surface }, { "#n1", "５万元" })
  d:close()
  local _, c2, e2 = sh("cd " .. q(dir) .. " && " .. bin .. " run --db g.db --encoding GBK money.lua -- g.txt")
  t.eq(c2, 0, e2)
  d = assert(db.open(dir .. "/g.db"))
  t.eq(d:val("SELECT surface FROM facts"), "3万元")
  t.eq(d:val("SELECT encoding FROM docs"), "GB18030")
  d:close()
  -- UTF-16 without a BOM: its NUL bytes name the encoding that reads it, and
  -- with that --encoding the file is text (it was skipped as binary)
  local u16 = "URL: http://example.org/a.html\n全县投入扶贫资金3万元,帮扶贫困户120户。\n"
  write(dir .. "/le.txt", iconv(u16, "UTF-16LE")); write(dir .. "/be.txt", iconv(u16, "UTF-16BE"))
  t.eq({ reader.read(dir .. "/le.txt") },
       { nil, "binary file (NUL bytes): UTF-16 without a BOM? --encoding UTF-16LE reads it" })
  t.eq({ reader.read(dir .. "/be.txt") },
       { nil, "binary file (NUL bytes): UTF-16 without a BOM? --encoding UTF-16BE reads it" })
  t.eq(reader.read(dir .. "/be.txt", { encoding = "UTF-16BE" })[1].text, u16)
  local _, c5, e5 = sh("cd " .. q(dir) .. " && " .. bin .. " run --db le.db --encoding UTF-16LE money.lua -- le.txt")
  t.eq(c5, 0, e5)
  d = assert(db.open(dir .. "/le.db"))
  t.eq(d:val("SELECT surface FROM facts"), "3万元"); t.eq(d:val("SELECT encoding FROM docs"), "UTF-16LE")
  d:close()
  local _, c3, e3 = sh("cd " .. q(dir) .. " && " .. bin .. " run --encoding klingon money.lua -- g.txt")
  t.eq(c3, 2); t.ok(e3:find("unknown encoding 'klingon'", 1, true), e3)
  local _, c4, e4 = sh("cd " .. q(dir) .. " && " .. bin .. " run --text-field money.lua --")
  t.eq(c4, 2); t.ok(e4:find("no rules given", 1, true), e4)
end)

t.test("assay run: a 20 MB line without a newline", function ()
  local dir = mkdir()
  write(dir .. "/money.lua", MONEY)
  local unit = "脱贫攻坚持续推进，巩固成果不断提升"              -- no 元: few matches
  local big = unit:rep(20 * 1048576 // #unit) .. "投入5万元"
  write(dir .. "/long.txt", big)
  local t0 = os.time()
  local _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " run --db f.db -j 1 money.lua -- long.txt")
  t.eq(code, 0, err)
  local d = assert(db.open(dir .. "/f.db"))
  t.eq(d:val("SELECT bytes FROM docs"), #big)
  t.eq(d:val("SELECT surface FROM facts"), "5万元")
  d:close()
  t.ok(os.time() - t0 < 60, "took " .. (os.time() - t0) .. " s")
end)
-- }======

t.done()
