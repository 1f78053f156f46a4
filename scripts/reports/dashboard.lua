-- Dashboard: every report of this folder on one page.  Meant for HTML:
--   ./assay report scripts/reports/dashboard.lua --db facts.db -o report.html
-- The page is one file that opens offline: ECharts is inlined, tables sort
-- when their header is clicked, and every underlined figure shows the
-- sentence it came from (hover or click).
local dir = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
report.meta.title = "Poverty alleviation: indicators and checks"

for _, name in ipairs({ "by_region", "by_year", "timeline", "checks", "overview", "slogans", "coverage" }) do
  local chunk, err = loadfile(dir .. name .. ".lua", "t", _ENV)
  if not chunk then error(err, 0) end
  chunk()
end
