-- scripts/fupin/_measure.lua on sentences of our own: what a figure
-- measures (rate, per unit, cumulative, part of a total, last year's, a
-- repeat), whatever the rule pack emits as facts.
local t = require "assay.testing"
local M = dofile("scripts/fupin/_measure.lua")

-- facts for the given surfaces of text s (first occurrence after the previous one)
local function facts (s, specs)
  local out, pos = {}, 1
  for _, sp in ipairs(specs) do
    local a, b = s:find(sp[1], pos, true)
    assert(a, sp[1])
    out[#out + 1] = { start = a, stop = b, surface = sp[1], value = sp[2], unit = sp[3], kind = sp[4] or "funds",
                      region = sp.region or "甲县", period = sp.period, qualifier = sp.qualifier or "exact" }
    pos = b + 1
  end
  M.annotate(s, out)
  local by = {}
  for _, f in ipairs(out) do by[f.surface] = f.fig end
  return by, out
end

t.test("per unit: the clause's own words, and a 每 that governs the clauses after it", function ()
  local g = facts("省里安排专项资金8000万元，5个试点县每县配套600万元，其余县配套300万元；力争带动社会投资20亿元以上。",
    { { "8000万元", 80000000, "元" }, { "600万元", 6000000, "元" }, { "300万元", 3000000, "元" },
      { "20亿元以上", 2000000000, "元", qualifier = "min" } })
  t.eq(g["8000万元"].per, nil)
  t.eq(g["600万元"].per, "每县")
  t.eq(g["300万元"].per, "每县", "其余县… after 每县 in the same sentence")
  t.eq(g["20亿元以上"].per, nil, "after the ；")
  local v = facts("每带动一名贫困劳动力务工，给予企业奖补3000元。", { { "3000元", 3000, "元" } })
  t.eq(v["3000元"].per, "每带动")
  local h = facts("贫困户户均增收3200元，人均纯收入达到9860元，补助标准为每人每年1200元。",
    { { "3200元", 3200, "元", "income" }, { "9860元", 9860, "元", "income" }, { "1200元", 1200, "元" } })
  t.eq(h["3200元"].per, "户均"); t.eq(h["9860元"].per, "人均"); t.eq(h["1200元"].per, "标准")
  -- 每年增长 in an earlier clause is not "per year"; 每个村都 is "every"; 全县 opens its own subject
  local k = facts("县里的扶贫投入每年增长，三年内投入2680万元。每个村都建起了车间，全县带动就业1200人，每村安排资金50万元，全县发放补贴300万元。",
    { { "2680万元", 26800000, "元" }, { "1200人", 1200, "人", "jobs" }, { "50万元", 500000, "元" },
      { "300万元", 3000000, "元" } })
  t.eq(k["2680万元"].per, nil); t.eq(k["1200人"].per, nil); t.eq(k["50万元"].per, "每村")
  t.eq(k["300万元"].per, nil)
  -- the poverty line is no rate per unit: 现行标准下, 按国家扶贫标准
  local l = facts("现行标准下全省累计减贫86万人，投入资金12亿元；按国家扶贫标准剩余贫困人口3.1万人。",
    { { "86万人", 860000, "人", "persons" }, { "12亿元", 1200000000, "元" }, { "3.1万人", 31000, "人", "persons" } })
  t.eq(l["86万人"].per, nil); t.eq(l["3.1万人"].per, nil)
end)

t.test("rates, multiples and last year's figure", function ()
  local g = facts("2020年投入资金120万元，比上年增长20%，上年投入100万元，总量是2015年的2.5倍。",
    { { "120万元", 1200000, "元", period = "2020" }, { "20%", 20, "%", period = "2020" },
      { "100万元", 1000000, "元", period = "2020" }, { "2.5倍", 2.5, "倍", period = "2020" } })
  t.eq(g["20%"].rate, true); t.eq(g["2.5倍"].rate, true); t.eq(g["120万元"].rate, nil)
  t.eq(g["100万元"].prior, "上年"); t.eq(g["120万元"].prior, nil)
end)

t.test("parts of a stated total, in its sentence or the next one opening with 其中", function ()
  local g = facts("累计投入资金12.5亿元，其中中央资金5.2亿元、省级资金3.1亿元，带动就业3000人。实施项目138个。其中产业项目85个，基础设施项目53个。",
    { { "12.5亿元", 1250000000, "元" }, { "5.2亿元", 520000000, "元" }, { "3.1亿元", 310000000, "元" },
      { "3000人", 3000, "人", "jobs" }, { "138个", 138, "个", "projects" }, { "85个", 85, "个", "projects" },
      { "53个", 53, "个", "projects" } })
  t.eq(g["5.2亿元"].part_of, g["12.5亿元"].n); t.eq(g["3.1亿元"].part_of, g["12.5亿元"].n)
  t.eq(g["3000人"].part_of, nil, "another unit and kind: not a part")
  t.eq(g["85个"].part_of, g["138个"].n); t.eq(g["53个"].part_of, g["138个"].n)
  t.eq(g["12.5亿元"].total, "累计")
end)

t.test("a total restated after its parts (共计, 合计) or named again is the total, not one more part", function ()
  local _, l = facts("去年全镇共筹集帮扶资金860万元。其中，甲公司捐赠300万元；乙商会捐赠260万元；丙基金会捐赠300万元，共计860万元。",
    { { "860万元", 8600000, "元" }, { "300万元", 3000000, "元" }, { "260万元", 2600000, "元" },
      { "300万元", 3000000, "元" }, { "860万元", 8600000, "元" } })
  t.eq(l[2].fig.part_of, l[1].fig.n); t.eq(l[3].fig.part_of, l[1].fig.n); t.eq(l[4].fig.part_of, l[1].fig.n)
  t.eq(l[5].fig.part_of, nil, "共计 after the parts: the total restated")
  t.eq(l[5].fig.same_as, l[1].fig.n, "a repeat of the total, added once")
  -- in one sentence, with 合计 and another region on the parts' total
  local _, m = facts("全县新建扶贫车间45个，其中东片区18个、西片区15个、南片区12个，合计45个。",
    { { "45个", 45, "个", "projects" }, { "18个", 18, "个", "projects" }, { "15个", 15, "个", "projects" },
      { "12个", 12, "个", "projects" }, { "45个", 45, "个", "projects", region = "乙县" } })
  t.eq(m[4].fig.part_of, m[1].fig.n)
  t.eq(m[5].fig.part_of, nil); t.eq(m[5].fig.same_as, m[1].fig.n, "the same total, whatever region the row got")
  -- the other way round: a sum with 共计 opening the list after 其中 is a part, with its own parts
  -- after it; and a later sum of another value in the list stays a part of the total
  local _, n = facts("全年投入资金900万元，其中产业项目共计500万元，种植200万元、养殖300万元；基础设施共计400万元。",
    { { "900万元", 9000000, "元" }, { "500万元", 5000000, "元" }, { "200万元", 2000000, "元" },
      { "300万元", 3000000, "元" }, { "400万元", 4000000, "元" } })
  t.eq(n[2].fig.part_of, n[1].fig.n, "a sum right after 其中: a part")
  t.eq(n[2].fig.same_as, nil)
  t.eq(n[5].fig.part_of, n[1].fig.n, "another value than the total's: a part")
  t.eq(n[5].fig.same_as, nil)
  -- the total's value after 其中 with no sum word: a part as large as the whole is the whole again
  local _, o = facts("共投入资金200万元，其中省级资金120万元、县级资金80万元，一期工程投入200万元。",
    { { "200万元", 2000000, "元" }, { "120万元", 1200000, "元" }, { "80万元", 800000, "元" }, { "200万元", 2000000, "元" } })
  t.eq(o[4].fig.part_of, nil); t.eq(o[4].fig.same_as, o[1].fig.n)
end)

t.test("cumulatives: what may lie inside them, what is parallel, what is a repeat", function ()
  local s = "2016年以来，全县累计投入扶贫资金12.5亿元，整合涉农资金4亿元。2020年投入资金9500万元。县里投入资金3.2亿元。全县投入资金3.2亿元。"
  local g = facts(s, {
    { "12.5亿元", 1250000000, "元", period = "2016/2020" }, { "4亿元", 400000000, "元", period = "2016/2020" },
    { "9500万元", 95000000, "元", period = "2020" }, { "3.2亿元", 320000000, "元" }, { "3.2亿元", 320000000, "元" } })
  t.eq(g["12.5亿元"].span, "2016/2020")
  t.eq(g["4亿元"].within, nil, "same sentence and period: a parallel item")
  t.eq(g["9500万元"].within, nil, "one year: another period, never added to the span anyway")
  local _, list = facts(s, {
    { "12.5亿元", 1250000000, "元", period = "2016/2020" }, { "4亿元", 400000000, "元", period = "2016/2020" },
    { "9500万元", 95000000, "元", period = "2020" }, { "3.2亿元", 320000000, "元" }, { "3.2亿元", 320000000, "元" } })
  t.eq(list[4].fig.within, list[1].fig.n, "unknown period beside a cumulative: may be inside it")
  t.eq(list[5].fig.same_as, list[4].fig.n, "a repeat")
end)

t.test("what a figure counts: the noun after or before it, the fund before money", function ()
  local s = "2019年，乙县建成中药材种植基地12个，扶贫车间达到35个，新建8家农民专业合作社，开发公益岗位640个，" ..
            "带动务工1300人，帮扶贫困户2100户；整合涉农资金9600万元，投入东西部协作资金2100万元，投入4500万元用于" ..
            "道路建设，投资800万元新建饮水工程，投入资金600万元，全县资金700万元。"
  local g = facts(s, { { "12个", 12, "个", "projects" }, { "35个", 35, "个", "projects" }, { "8家", 8, "家", "projects" },
                       { "640个", 640, "个", "jobs" }, { "1300人", 1300, "人", "jobs" }, { "2100户", 2100, "户", "other" },
                       { "9600万元", 96000000, "元" }, { "2100万元", 21000000, "元" }, { "4500万元", 45000000, "元" },
                       { "800万元", 8000000, "元" }, { "600万元", 6000000, "元" }, { "700万元", 7000000, "元" } })
  t.eq(g["12个"].counts, "建成中药材种植基地", "from the verb 建成")
  t.eq(g["35个"].counts, "扶贫车间", "达到 between noun and figure")
  t.eq(g["8家"].counts, "新建农民专业合作社", "the noun after the figure, the verb before it")
  t.eq(g["640个"].counts, "开发公益岗位")
  t.eq(g["1300人"].counts, "", "no noun: not read")
  t.eq(g["2100户"].counts, "", "households: not read (two measures often reach the same ones)")
  t.eq(g["9600万元"].counts, "整合涉农资金"); t.eq(g["2100万元"].counts, "投入东西部协作资金")
  t.eq(g["4500万元"].counts, "", "a use after the figure is not read: nothing before it")
  t.eq(g["800万元"].counts, "", "投资 names no fund"); t.eq(g["600万元"].counts, "", "资金 alone names no fund")
  t.eq(g["700万元"].counts, "", "nor a place and 资金")
  -- the same names from a text in traditional characters (the reports read the stored text)
  local tr = facts("丙縣實施產業扶貧項目57個，建成扶貧車間11個，整合涉農資金3200萬元。",
    { { "57個", 57, "个", "projects" }, { "11個", 11, "个", "projects" }, { "3200萬元", 32000000, "元" } })
  t.eq(tr["57個"].counts, "实施产业扶贫项目"); t.eq(tr["11個"].counts, "建成扶贫车间")
  t.eq(tr["3200萬元"].counts, "整合涉农资金")
  -- projects begun and projects finished are two sets (one perhaps inside the other);
  -- a cue before the name is left out (累计, 其中, 等)
  local st = facts("丁县累计实施产业项目40个，完成产业项目25个，其中村级光伏电站12个，茶叶、核桃等种植基地9个。",
    { { "40个", 40, "个", "projects" }, { "25个", 25, "个", "projects" }, { "12个", 12, "个", "projects" },
      { "9个", 9, "个", "projects" } })
  t.eq(st["40个"].counts, "实施产业项目"); t.eq(st["25个"].counts, "完成产业项目")
  t.eq(st["12个"].counts, "村级光伏电站"); t.eq(st["9个"].counts, "种植基地")
  -- a byte that is not UTF-8 before the name, a figure at the start of a text: no error
  local odd = facts("\255\254扶贫资金80万元", { { "80万元", 800000, "元" } })
  t.eq(odd["80万元"].counts, "扶贫资金")
  local first = facts("30个", { { "30个", 30, "个", "projects" } })
  t.eq(first["30个"].counts, "")
end)

t.test("sentences and odd input", function ()
  local ss = M.sentences("第一句。第二句！\n短标题\n很长的一行没有句号但是下一行还在继续同一个句子所以不断开这一行要超过四十个字才行呢呢呢呢呢\n续上。")
  t.eq(#ss, 4)
  t.eq(M.annotate(nil, {}), nil)
  local out = { { start = 1, stop = 99, value = 5, unit = "元", kind = "funds" },      -- span past the text
                { start = 1, stop = 2, value = "1-2", unit = "元", kind = "funds" } } -- a range
  M.annotate("ab", out)
  t.eq(out[1].fig, nil); t.eq(out[2].fig, nil)
end)

t.done()
