-- Every quantity of assay.cn as a fact: the cn benchmark as a batch run
-- (assay run -j N, one fact per quantity into SQLite, like the kit's T2).
rule "quantity" {
  doc = "every quantity cn.quantities finds, with value, unit and qualifier",
  match = function (doc)
    local out = {}
    for i, q in ipairs(cn.quantities(doc.text)) do
      out[i] = { start = q.start, stop = q.stop, value = q.value, unit = q.unit, qualifier = q.qualifier }
    end
    return out
  end,
  examples = {
    { "累计投入资金11.63亿元，帮扶7502户", { { value = 1163000000, unit = "元" }, { value = 7502, unit = "户" } } },
  },
}
