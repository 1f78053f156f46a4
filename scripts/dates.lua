-- scripts/dates.lua FILE...: every date and clock time in the files as TSV
--   doc  line  surface  value
-- doc is the file's base name, line is 1-based (split on \n only), surface
-- the exact text, value in the gold's ISO-like shapes (2019, 2016/2020,
-- 2017-12, --06, --12-09, T19:00, --Q2, ...), as in the gold set
-- (shared/gold/README.md).  An unreadable file is reported on stderr and makes
-- the exit status 1; the other files are still processed.
local cn = require "assay.cn"

require("assay.tsv").mentions {
  name = "dates.lua", files = arg,
  header = { "doc", "line", "surface", "value" },
  find = cn.dates,
  row = function (m) return { m.surface, m.value } end,
}
