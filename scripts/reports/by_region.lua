-- Indicators by region: a table of regions x kinds of fact.
--
-- What is added up, and what is not:
--   * only exact figures with the same unit, in the kinds that count
--     separate things (funds, projects, jobs, training, housing, education,
--     health); households, persons, villages and income figures of one region
--     mostly restate one population, so they are listed, not added;
--   * 多/余/以上 figures are lower bounds: summed apart and shown as "≥ N",
--     never added to exact figures (≈ and ≤ likewise apart);
--   * rates, shares and per-head amounts (%, 人均, 每月 ...) are never added;
--   * the parts of a stated total (46个, 其中 13个 2个 …) are not added again,
--     and one figure reported twice (same value, unit, period) counts once;
--   * regions are never rolled up: a county's figures stay out of its city's.
--   ./assay report scripts/reports/by_region.lua --db facts.db [--format ...]
local R = require "assay.report"
local data = R.data(db)

local ADDITIVE = { funds = true, projects = true, jobs = true, training = true, housing = true,
                   education = true, health = true }
local NOREGION = "(no region)"

local part = {}
for _, t in ipairs(R.totals(db, data)) do
  for _, p in ipairs(t.parts) do part[p.id] = true end
end

local cells, regions, nfacts = {}, {}, {}
for _, f in ipairs(data.facts) do
  local a = f.article
  if R.is_figure(f) and a and a.poverty ~= false and not a.boilerplate then
    local r = (f.region and f.region ~= "") and f.region or NOREGION
    if not cells[r] then cells[r] = {}; regions[#regions + 1] = r; nfacts[r] = 0 end
    cells[r][f.kind] = cells[r][f.kind] or {}
    table.insert(cells[r][f.kind], f)
    nfacts[r] = nfacts[r] + 1
  end
end
-- a city first, then the places inside it (data.city: where the rules said)
table.sort(regions, function (a, b)
  if (a == NOREGION) ~= (b == NOREGION) then return b == NOREGION end
  local ca, cb = data.city[a] or a, data.city[b] or b
  if ca ~= cb then return ca < cb end
  if (ca == a) ~= (cb == b) then return ca == a end
  return a < b
end)

local MARK = { min = "≥ ", approx = "≈ ", max = "≤ " }

-- the text of one cell and its sort value
local function summarize (kind, facts)
  local seen, groups, order, listed = {}, {}, {}, {}
  local sortv
  for _, f in ipairs(facts) do
    local q = f.qualifier or "exact"
    local key = table.concat({ tostring(f.value), f.unit or "", q, f.period or "" }, "\0")
    if not seen[key] then
      seen[key] = true
      if ADDITIVE[kind] and not part[f.id] and not R.per_unit(db, f) then
        local g = (f.unit or "") .. "\0" .. q
        if not groups[g] then
          groups[g] = { unit = f.unit, q = q, sum = 0, n = 0 }
          order[#order + 1] = g
        end
        groups[g].sum = groups[g].sum + f.value
        groups[g].n = groups[g].n + 1
      elseif not part[f.id] then
        listed[#listed + 1] = f
      end
    end
  end
  -- exact first, then the bounds; within them the unit seen first
  table.sort(order, function (a, b)
    local ga, gb = groups[a], groups[b]
    if (ga.q == "exact") ~= (gb.q == "exact") then return ga.q == "exact" end
    return false
  end)
  local parts = {}
  for _, g in ipairs(order) do
    local x = groups[g]
    parts[#parts + 1] = (MARK[x.q] or "") .. R.amount(x.sum, x.unit) .. (x.n > 1 and (" (" .. x.n .. ")") or "")
    if not sortv and x.q == "exact" then sortv = x.sum end
  end
  local shown = 0
  for _, f in ipairs(listed) do
    shown = shown + 1
    if shown > 3 then parts[#parts + 1] = "…+" .. (#listed - 3); break end
    parts[#parts + 1] = R.figure(f.value, f.unit, f.qualifier) .. (R.per_unit(db, f) and kind ~= "income" and "*" or "")
    if not sortv then sortv = f.value end
  end
  return table.concat(parts, "; "), sortv
end

local rows = {}
for _, r in ipairs(regions) do
  local row = { region = r, n = nfacts[r], within = data.city[r] or "" }
  for _, k in ipairs(data.kinds) do
    local fs = cells[r][k]
    if fs then
      local s, v = summarize(k, fs)
      row[k] = { text = s, v = v, facts = R.ids(fs) }
    end
  end
  rows[#rows + 1] = row
end

local cols = { "region", { key = "within", title = "in" } }
for _, k in ipairs(data.kinds) do cols[#cols + 1] = k end
cols[#cols + 1] = { key = "n", title = "facts" }
report:heading("Indicators by region")
report:table{ columns = cols, rows = rows }
report:text("Sums of distinct exact figures with the same unit (N) = how many were added; ≥ a lower bound " ..
            "(多/余/以上 figures, added only to each other); * a rate or per-head figure (not added); " ..
            "households, persons, villages, income and other are listed, not added; parts of a stated total " ..
            "are left out. Regions are not rolled up: a county's figures are not in its city's.")

-- funds by region: exact sums and lower bounds, in 万元
local x, exact, lower, fe, fl = {}, {}, {}, {}, {}
for _, r in ipairs(regions) do
  local fs = cells[r].funds
  if fs and r ~= NOREGION then
    local e, l, ei, li, seen = 0, 0, {}, {}, {}
    for _, f in ipairs(fs) do
      local key = tostring(f.value) .. (f.qualifier or "") .. (f.period or "")
      if f.unit == "元" and not part[f.id] and not R.per_unit(db, f) and not seen[key] then
        seen[key] = true
        if f.qualifier == "min" then l = l + f.value; li[#li + 1] = f.id
        elseif (f.qualifier or "exact") == "exact" then e = e + f.value; ei[#ei + 1] = f.id end
      end
    end
    if e > 0 or l > 0 then
      x[#x + 1] = r
      exact[#x] = math.floor(e / 100 + 0.5) / 100; fe[#x] = ei
      lower[#x] = l > 0 and math.floor(l / 100 + 0.5) / 100 or nil; fl[#x] = li
    end
  end
end
if #x > 0 then
  report:chart{ type = "bar", title = "Funds by region (万元)", unit = "万元", xname = "region", x = x,
                series = { { name = "exact", data = exact, facts = fe },
                           { name = "lower bounds (≥)", data = lower, facts = fl } } }
end
