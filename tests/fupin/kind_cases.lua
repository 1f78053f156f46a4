-- Small documents for tests/fupin_test.lua ("small documents"): what the kind
-- rules of scripts/fupin must do, one form per case, figures invented.
-- want: surface -> "kind region period" (- for empty), or false: not a fact.
return {
  { name = "monitored households are other, the unstable lifted-out among them lifted out",
    text = "TITLE: 丽江市防返贫动态监测工作通报\n\n2021年末，丽江市纳入监测对象共3120户10450人（脱贫不稳定户1210户4230人、"
      .. "边缘易致贫户980户3370人、突发严重困难户930户2850人），占脱贫人口总数的8.12%；累计消除风险1460户4980人。\n",
    want = { ["3120户"] = "other 丽江市 2021", ["10450人"] = "other 丽江市 2021",
             ["1210户"] = "households 丽江市 2021", ["4230人"] = "persons 丽江市 2021",
             ["980户"] = "other 丽江市 2021", ["2850人"] = "other 丽江市 2021",
             ["8.12%"] = "other 丽江市 2021", ["1460户"] = "other 丽江市 2021", ["4980人"] = "other 丽江市 2021" } },
  { name = "lifted-out workers in work are jobs, and so is the count's change",
    text = "2022年，云南省帮扶脱贫劳动力实现务工就业320万人，比上年增加12万人、增长3.9%。\n",
    want = { ["320万人"] = "jobs 云南省 2022", ["12万人"] = "jobs 云南省 2022", ["3.9%"] = "jobs 云南省 2022" } },
}
