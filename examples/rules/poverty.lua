-- Example rule pack: money, households and persons in poverty-alleviation reports.
-- Run:  ./assay run --db demo.db examples/rules -- examples/corpus
-- Test: ./assay test examples/rules
-- an amount in 元 with its 万/亿 multiplier and 多/余/以上 ("more than") qualifier:
-- a lower bound is never stored as an exact figure (reports would add it to others).
-- cn.number reads "2.01万" exactly: 20100 (tonumber("2.01") * 10000 is 20099.999999999996)
local function amount (m)
  return { value = cn.number(m.num .. (m.mult or "")), unit = "元",
           qualifier = (m.more or m.more2 or m.above) and "min" or (m.about and "approx" or "exact") }
end

rule "money" {
  doc = "Amounts of money: 6238万元, 1.47亿元, 860余万元, 3500元以上, 约2800元",
  need = { "元" },
  pattern = [[(?<about>约)?(?<num>\d+(?:\.\d+)?)(?<more>多|余)?(?<mult>万|亿)?(?<more2>多|余)?元(?<above>以上)?]],
  emit = amount,
  examples = {
    { "累计投入财政专项扶贫资金6238万元", { value = 62380000, unit = "元", qualifier = "exact" } },
    { "发放小额信贷资金860余万元", { value = 8600000, qualifier = "min", surface = "860余万元" } },
    { "整合涉农资金1.47亿元", { value = 147000000 } },
    { "发放补贴2.01万元", { value = 20100, surface = "2.01万元" } },   -- exactly, not 20099.999999999996
    { "户均年增收约2800元", { value = 2800, qualifier = "approx", surface = "约2800元" } },
    { "带动贫困户人均增收1500元以上", { value = 1500, qualifier = "min", surface = "1500元以上" } },
  },
}

rule "households" {
  doc = "Counts of households: 3806户, 612户",
  need = { "户" },
  pattern = [[(?<num>\d+)(?<more>多|余)?户(?!均)]],
  emit = function (m)
    return { value = math.tointeger(tonumber(m.num)), unit = "户", qualifier = m.more and "min" or "exact" }
  end,
  examples = {
    { "全区3806户7125名建档立卡贫困人口", { value = 3806, unit = "户" } },
    { "户均年增收约2800元", false },
  },
}

rule "persons" {
  doc = "Counts of people: 7125名, 1403人, 8900余人次 is not persons",
  pattern = [[(?<num>\d+)(?<more>多|余)?(?:名|人(?!次))]],
  emit = function (m)
    return { value = math.tointeger(tonumber(m.num)), unit = "人", qualifier = m.more and "min" or "exact" }
  end,
  examples = {
    { "惠及贫困户612户、1403人", { value = 1403, unit = "人" } },
    { "为1200多名贫困群众办理了特惠保险", { value = 1200, qualifier = "min" } },
    { "培训贫困劳动力8900余人次", false },
  },
}
