-- Timeline: what was reported for each year or range of years (the facts'
-- period column: "2019", "2016/2020"), by kind, and the funds of single
-- years by region (regions side by side, never added to each other).
--   ./assay report scripts/reports/timeline.lua --db facts.db [--format ...]
local R = require "assay.report"
local data = R.data(db)
local NOPERIOD = "(no period)"

local function span (p)
  local a, b = p:match("^(%d%d%d%d)%D*(%d*)")
  a = tonumber(a)
  return a, tonumber(b) or a
end

local cells, periods, total = {}, {}, {}
for _, f in ipairs(data.facts) do
  local a = f.article
  if R.is_figure(f) and a and a.poverty ~= false and not a.boilerplate then
    local p = (f.period and f.period ~= "") and tostring(f.period) or NOPERIOD
    if not cells[p] then cells[p] = {}; periods[#periods + 1] = p; total[p] = {} end
    cells[p][f.kind] = cells[p][f.kind] or {}
    table.insert(cells[p][f.kind], f)
    table.insert(total[p], f)
  end
end
table.sort(periods, function (x, y)
  local xa, xb = span(x); local ya, yb = span(y)
  if not xa or not ya then return xa ~= nil and ya == nil or (not xa and not ya and x < y) end
  if xa ~= ya then return xa < ya end
  if xb ~= yb then return xb < yb end
  return x < y
end)

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
            "it is not split into years).")

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

-- funds of single years, exact, per region (万元)
local years, regions, sums, ids = {}, {}, {}, {}
for _, p in ipairs(periods) do
  local a, b = span(p)
  if a and a == b and cells[p].funds then
    for _, f in ipairs(cells[p].funds) do
      if f.unit == "元" and (f.qualifier or "exact") == "exact" and f.region and not R.per_unit(db, f) then
        if not sums[f.region] then sums[f.region] = {}; ids[f.region] = {}; regions[#regions + 1] = f.region end
        sums[f.region][p] = (sums[f.region][p] or 0) + f.value
        ids[f.region][p] = ids[f.region][p] or {}
        table.insert(ids[f.region][p], f.id)
        years[p] = true
      end
    end
  end
end
local yx = {}
for _, p in ipairs(periods) do if years[p] then yx[#yx + 1] = p end end
if #yx > 0 then
  table.sort(regions)
  local fseries = {}
  for _, r in ipairs(regions) do
    local s = { name = r, data = {}, facts = {} }
    for i, p in ipairs(yx) do
      local v = sums[r][p]
      s.data[i] = v and math.floor(v / 100 + 0.5) / 100 or nil
      s.facts[i] = ids[r][p]
    end
    fseries[#fseries + 1] = s
  end
  report:chart{ type = "bar", title = "Funds per year by region (exact, 万元)", unit = "万元", x = yx,
                series = fseries, xname = "year" }
end
