-- Benchmark task T2 (../shared/bench/README.md): every money amount, value in
-- yuan, matched sentence by sentence.  The bench's sentences are cut at every
-- delimiter, delimiters excluded: that is the "clause" scope.
--
-- value = 1 reads group 1 as a number; scale multiplies it by the factor of
-- group 2's text, 1.0 when group 2 did not match: the value is
-- tonumber(m[1]) * (MULT[m[2]] or 1.0), computed in C for every match (an
-- emit function doing the same is scripts/bench/t2_emit.lua), except that
-- a decimal times 1e4/1e8 is the double nearest the exact figure (863200.0
-- where the doubles' product is 863199.9999999999: 3.3 % of the standard
-- corpus's rows differ so in the last bit; the kit's digest, in fen, is the same).
rule "money" {
  doc = "amounts of money, value in yuan as a double",
  need = { "元" },
  scope = "clause",
  pattern = [[(\d+(?:\.\d+)?)(万|亿)?(多|余)?元]],
  value = 1,
  scale = { 2, { ["万"] = 1e4, ["亿"] = 1e8 } },
  examples = {
    { "投入资金11.63亿元", { value = 1163000000.0, surface = "11.63亿元" } },
    { "3万余元", { value = 30000.0 } },
    { "1200元", { value = 1200.0 } },
    { "没有金额", false },
  },
}
