-- Indicators by region and year: one row per region and period, a column
-- per kind of fact ("funds invested by province and year", "persons lifted
-- out of poverty by province and year" in one table).
--
-- A row's period is what the sentence says, never made up:
--   2018                   figures of that one year;
--   2018 (cumulative)      totals to date given in 2018 (截至2018年底累计…,
--                          2014年以来…, 先后…): they hold earlier years, so
--                          they never stand in the year's row;
--   2016/2020              a span of years (a cumulative or a plan period),
--                          never split into years;
--   (no period)            figures whose sentence names no time: never put
--                          in a year.
-- Each cell is the figure model's cell (scripts/reports/_figures.lua, as in
-- by_region): the largest figure a sentence states or a sum of comparable
-- figures of one document, then the others side by side, marked: ≥ ≤ ≈, *
-- a rate or per-unit amount, ⊂ a part of a stated total or inside a
-- cumulative, = a repeat, (plan) a target or plan (计划, 力争, 预计 …),
-- never taken for what was done; persons and households (脱贫) lifted out
-- or (贫困) the poor counted, when the clause says which (F.MARKS).
-- Regions are never rolled up.
--   ./assay report scripts/reports/by_year.lua --db facts.db [--format ...]
-- csv and json give the long form (one row per figure, with its row's period).
local R = require "assay.report"
local dir = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local F = dofile(dir .. "_figures.lua")
local m = F.model(db)
local data = m.data

local row_period = F.row_period

local facts, regions, keys = {}, {}, {}
for _, f in ipairs(data.facts) do
  if F.in_scope(f) then
    local r = (f.region and f.region ~= "") and f.region or F.NOREGION
    local p, key = row_period(f)
    if not facts[r] then facts[r] = {}; regions[#regions + 1] = r end
    if not facts[r][p] then facts[r][p] = {} end
    keys[p] = key
    facts[r][p][f.kind] = facts[r][p][f.kind] or {}
    table.insert(facts[r][p][f.kind], f)
  end
end
F.sort_regions(data, regions)

local rows, long = {}, {}
for _, r in ipairs(regions) do
  local ps = {}
  for p in pairs(facts[r]) do ps[#ps + 1] = p end
  F.sort_periods(ps, keys)
  for _, p in ipairs(ps) do
    local row = { region = r, within = data.city[r] or "", period = p, n = 0 }
    for _, k in ipairs(data.kinds) do
      local fs = facts[r][p][k]
      if fs then
        local c = F.cell(m, fs, { row_period = true })
        row[k] = F.rich(c)
        row.n = row.n + #fs
        for _, x in ipairs(F.long_rows(m, c, r, k)) do x.row = p; long[#long + 1] = x end
      end
    end
    rows[#rows + 1] = row
  end
end

local cols = { "region", { key = "within", title = "in" }, "period" }
for _, k in ipairs(data.kinds) do cols[#cols + 1] = k end
cols[#cols + 1] = { key = "n", title = "facts" }
local lcols = { "row" }
for _, c in ipairs(F.LONG) do lcols[#lcols + 1] = c end
report:heading("Indicators by region and year")
report:table{ columns = cols, rows = rows, long = { columns = lcols, rows = long } }
report:text("One row per region and period as the sentences give it: a year (2018) holds the figures " ..
            "of that year; \"2018 (cumulative)\" the totals to date stated that year (累计, 以来, 先后 …), " ..
            "which hold earlier years; a span (2016/2020) is never split into years; \"(no period)\" " ..
            "figures whose sentence names no time. Each cell as in the region table: the largest figure a " ..
            "sentence states or a sum of comparable figures of one document (\"sum of N\"), then the others " ..
            "(hover: why). " .. F.MARKS .. " Figures of different documents stand side by side, never " ..
            "added; a county's figures are not in its city's or province's.")
