-- Timeline: what was reported for each year or range of years (the facts'
-- period column: "2019", "2016/2020"), by kind, and the funds of single
-- years by region (regions side by side, never added to each other).
--   ./assay report scripts/reports/timeline.lua --db facts.db [--format ...]
local R = require "assay.report"
local F = dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./") .. "_figures.lua")
local m = F.model(db)
local data = m.data
local NOPERIOD = F.NOPERIOD

-- (periods as by_year shows them: a total to date stated for 2020 is
-- "2020 (cumulative)", never one of 2020's own figures)
local cells, periods, total, keys = {}, {}, {}, {}
for _, f in ipairs(data.facts) do
  if F.in_scope(f) then
    local p, key = F.row_period(f)
    if not cells[p] then cells[p] = {}; periods[#periods + 1] = p; total[p] = {}; keys[p] = key end
    cells[p][f.kind] = cells[p][f.kind] or {}
    table.insert(cells[p][f.kind], f)
    table.insert(total[p], f)
  end
end
F.sort_periods(periods, keys)

local rows = {}
for _, p in ipairs(periods) do
  local row = { period = p, all = { text = #total[p], v = #total[p], facts = R.ids(total[p]) } }
  for _, k in ipairs(data.kinds) do
    local fs = cells[p][k]
    if fs then row[k] = { text = #fs, v = #fs, facts = R.ids(fs) } end
  end
  rows[#rows + 1] = row
end
local cols = { "period" }
for _, k in ipairs(data.kinds) do cols[#cols + 1] = k end
cols[#cols + 1] = { key = "all", title = "facts" }
report:heading("Timeline")
report:table{ columns = cols, rows = rows }
report:text("Figures reported per period and kind (a range such as 2016/2020 is its own row: " ..
            "it is not split into years; \"2020 (cumulative)\" the totals to date stated for 2020, " ..
            "累计, 以来 …, which hold earlier years).")

-- figures per period, stacked by kind (counts of figures add up)
local x, series = {}, {}
for _, p in ipairs(periods) do if p ~= NOPERIOD then x[#x + 1] = p end end
if #x > 0 then
  for _, k in ipairs(data.kinds) do
    local s = { name = k, data = {}, facts = {} }
    local any = false
    for i, p in ipairs(x) do
      local fs = cells[p][k]
      s.data[i] = fs and #fs or 0
      s.facts[i] = fs and R.ids(fs) or nil
      any = any or fs ~= nil
    end
    if any then series[#series + 1] = s end
  end
  report:chart{ type = "bar", stack = "kinds", title = "Figures reported per period", x = x, series = series,
                xname = "period", integer = true }
end

-- funds of single years per region (万元): the total of each region and
-- year as the figure model gives it (the largest stated figure or allowed
-- sum; regions and documents side by side, never added to each other; a
-- total to date is no year's figure)
local years, regions, by = {}, {}, {}
for _, p in ipairs(periods) do
  if p:find("^%d%d%d%d$") and cells[p].funds then
    for _, f in ipairs(cells[p].funds) do
      if f.region and f.region ~= "" then
        if not by[f.region] then by[f.region] = {}; regions[#regions + 1] = f.region end
        by[f.region][p] = by[f.region][p] or {}
        table.insert(by[f.region][p], f)
      end
    end
  end
end
local sums = {}
for _, r in ipairs(regions) do
  sums[r] = {}
  for p, fs in pairs(by[r]) do
    local c = F.cell(m, fs)
    if c.head and c.head.unit == "元" then sums[r][p] = c.head; years[p] = true end
  end
end
local yx = {}
for _, p in ipairs(periods) do if years[p] then yx[#yx + 1] = p end end
if #yx > 0 then
  table.sort(regions)
  local fseries = {}
  for _, r in ipairs(regions) do
    local s = { name = r, data = {}, facts = {} }
    local any = false
    for i, p in ipairs(yx) do
      local h = sums[r][p]
      s.data[i] = h and h.value / 1e4 or nil
      s.facts[i] = h and R.ids(h.facts) or nil
      any = any or h ~= nil
    end
    if any then fseries[#fseries + 1] = s end
  end
  report:chart{ type = "bar", title = "Funds per year by region (total stated or allowed sum, 万元)", unit = "万元", log = true,
                x = yx, series = fseries, xname = "year" }
end
