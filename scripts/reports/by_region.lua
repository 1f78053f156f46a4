-- Indicators by region: a table of regions x kinds of fact.
--
-- A cell shows the largest total a sentence states or the figure model
-- allows (scripts/reports/_figures.lua), then the figures that were not
-- added to it.  Facts are added only within one document, with the same
-- region, kind, unit, qualifier and period, in kinds that count separate
-- things, when they count the same thing (the same name, from its verb:
-- never 实施产业扶贫项目 with 产业基地 nor with 完成产业扶贫项目; for money the
-- same fund or use: never 投入财政专项扶贫资金 with 整合涉农资金; a figure whose
-- name is not read, with nothing); never rates, per-unit amounts, the parts of a stated total, a
-- figure inside the span of a cumulative total, a repeat, nor a target (计划, 力争 …: marked
-- "(plan)").  Figures by region and year: by_year.lua.  Regions are
-- never rolled up: a county's figures stay out of its city's.
--   ./assay report scripts/reports/by_region.lua --db facts.db [--format ...]
-- csv and json give the long form: one row per figure (region, kind,
-- period, value, unit, qualifier, how it was made, fact ids, sentences).
local R = require "assay.report"
local dir = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local F = dofile(dir .. "_figures.lua")
local m = F.model(db)
local data = m.data
local regions, cells = F.region_cells(m)

local rows, long = {}, {}
for _, r in ipairs(regions) do
  local row = { region = r, within = data.city[r] or "", n = 0 }
  for _, k in ipairs(data.kinds) do
    local c = cells[r][k]
    if c then
      row[k] = F.rich(c)
      row.n = row.n + c.n
      for _, x in ipairs(F.long_rows(m, c, r, k)) do long[#long + 1] = x end
    end
  end
  rows[#rows + 1] = row
end

local cols = { "region", { key = "within", title = "in" } }
for _, k in ipairs(data.kinds) do cols[#cols + 1] = k end
cols[#cols + 1] = { key = "n", title = "facts" }
report:heading("Indicators by region")
report:table{ columns = cols, rows = rows, long = { columns = F.LONG, rows = long } }
report:text("Each cell: the largest figure a sentence states, or a sum of comparable figures " ..
            "(\"sum of N\": one document, same region, kind, unit, qualifier and period, and the same " ..
            "thing counted, named as the text names it from its verb: 实施产业扶贫项目 never with 产业基地 " ..
            "nor with 完成产业扶贫项目, and for money the same fund or use, never 投入财政专项扶贫资金 with " ..
            "整合涉农资金; a figure whose name is not read is added to nothing), then the figures not " ..
            "added to it (hover: why). " .. F.MARKS .. " Households, persons, " ..
            "villages, income and other are listed, not added. Figures of different documents or " ..
            "periods stand side by side, never added. Regions are not rolled up: a county's figures " ..
            "are not in its city's.")

-- funds by region (万元): the cell's total and its largest lower bound, as in the table
local x, exact, lower, fe, fl = {}, {}, {}, {}, {}
local function wan (v) return v / 1e4 end
for _, r in ipairs(regions) do
  local c = cells[r].funds
  if c and r ~= F.NOREGION then
    local h = c.head and c.head.unit == "元" and c.head or nil
    local l = c.lower and c.lower.unit == "元" and c.lower or nil
    if h or l then
      -- (the bars of a cumulative over five years and of one year stand side by
      -- side: the label says each bar's period, as by_year's rows do:
      -- 吕梁市 [cumulative], 延安市 [2016/2020], 西吉县 [2020 (cumulative)])
      local ps, seen = {}, {}
      for _, y in ipairs({ h or false, l or false }) do
        local p = y and F.row_period(y.facts[1])
        if p == F.NOPERIOD then p = F.cumulative(y.facts[1]) and "cumulative" or nil end
        if p and not seen[p] then seen[p] = true; ps[#ps + 1] = p end
      end
      x[#x + 1] = #ps > 0 and (r .. " [" .. table.concat(ps, ", ") .. "]") or r
      exact[#x] = h and wan(h.value) or nil; fe[#x] = h and R.ids(h.facts) or nil
      lower[#x] = l and wan(l.value) or nil; fl[#x] = l and R.ids(l.facts) or nil
    end
  end
end
if #x > 0 then
  report:chart{ type = "bar", title = "Funds by region (万元)", unit = "万元", xname = "region", x = x, log = true,
                series = { { name = "total (stated or allowed sum)", data = exact, facts = fe },
                           { name = "lower bound (≥)", data = lower, facts = fl } } }
end
