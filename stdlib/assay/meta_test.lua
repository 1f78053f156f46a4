local t = require "assay.testing"
local meta = require "assay.meta"

-- lines of each class, written for this test
local LINES = {
  { "本报记者 王建国 李明", "byline" },
  { "来源：县融媒体中心", "byline" },
  { "2021-03-05 09:30", "byline" },
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

t.done()
