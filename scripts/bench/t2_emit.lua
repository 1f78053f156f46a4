-- Benchmark task T2 (../shared/bench/README.md) with an emit function: the
-- same facts as scripts/bench/t2.lua, the value computed in Lua per match
-- (make bench times both: what a Lua callback per match costs).
local MULT = { ["万"] = 1e4, ["亿"] = 1e8 }

rule "money" {
  doc = "amounts of money, value in yuan as a double",
  need = { "元" },
  scope = "clause",
  pattern = [[(\d+(?:\.\d+)?)(万|亿)?(多|余)?元]],
  emit = function (m)
    return { value = tonumber(m[1]) * (MULT[m[2]] or 1.0) }
  end,
  examples = {
    { "投入资金11.63亿元", { value = 1163000000.0, surface = "11.63亿元" } },
    { "3万余元", { value = 30000.0 } },
    { "没有金额", false },
  },
}
