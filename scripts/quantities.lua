-- scripts/quantities.lua FILE...: every quantity in the files as TSV
--   doc  line  surface  value  unit  qualifier
-- doc is the file's base name, line is 1-based (split on \n only), surface
-- the exact text, value a plain decimal (ranges low-high), as in the gold set
-- (shared/gold/README.md).  An unreadable file is reported on stderr and makes
-- the exit status 1; the other files are still processed.
local cn = require "assay.cn"

require("assay.tsv").mentions {
  name = "quantities.lua", files = arg,
  header = { "doc", "line", "surface", "value", "unit", "qualifier" },
  find = cn.quantities,
  row = function (m)
    local value = m.high and (cn.format(m.low) .. "-" .. cn.format(m.high)) or cn.format(m.value)
    return { m.surface, value, m.unit, m.qualifier }
  end,
}
