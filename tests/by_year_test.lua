-- The region × year report (scripts/reports/by_year.lua) and what the
-- figure model says about time, on tests/fixtures/by_year (one county's
-- invented review, and a brief that restates some of it): a figure of one
-- year stays in its year's row; a
-- cumulative total to date (截至2020年底累计…) in a row of its own, never
-- beside the year's own figures as if it were one; a target (计划2021年投入…)
-- marked and never the total; a figure with no time in "(no period)".
-- And the growth-rate check: a level (下降到0.6%) is no rate of change, the
-- rates of a 分别 list go with the figures of the list before it, in order,
-- and a base (由2014年的…下降到…) is the figure the rate is recomputed from;
-- a total and its parts that differ by less than the rounding of the
-- figures as written (4.2亿元 and 4.205亿元) agree.
-- test: no-valgrind
local t = require "assay.testing"
local json = require "assay.json"
local bin, sh, q = t.bin(), t.sh, t.q

local dir = os.tmpname(); os.remove(dir); os.execute("mkdir -p " .. q(dir))
local db = dir .. "/y.db"
local _, code, err = sh(bin .. " run -q --db " .. q(db) .. " scripts/fupin -- tests/fixtures/by_year")
assert(code == 0, err)

local function report (name, fmt, extra)
  local out, c, e = sh(bin .. " report scripts/reports/" .. name .. ".lua --db " .. q(db) ..
                       " --format " .. fmt .. (extra or ""))
  assert(c == 0, e)
  return out
end
local function block (name, title)
  local v = assert(json.decode(report(name, "json")))
  for _, b in ipairs(v.blocks) do
    if b.type == "table" and (not title or b.title == title) then return b.rows end
  end
  error("no table " .. tostring(title) .. " in " .. name, 0)
end
local function find (rows, pred)
  local out = {}
  for _, r in ipairs(rows) do if pred(r) then out[#out + 1] = r end end
  return out
end

t.test("by_year: a year's row holds that year's figures, a cumulative its own row", function ()
  local rows = block("by_year")
  local function at (kind, value)
    return find(rows, function (r) return r.kind == kind and r.value == value end)[1]
  end
  -- 2.4亿 in 2019, 3.1亿 in 2020: each in its year
  t.eq(at("funds", 240000000).row, "2019"); t.eq(at("funds", 310000000).row, "2020")
  -- the 累计 8.6亿 (to the end of 2020) is not a figure of 2020 alone
  local cum = at("funds", 860000000)
  t.eq(cum.row, "2020 (cumulative)", "a cumulative to date in a row of its own")
  t.eq(cum.shown, "total")
  t.eq(#find(rows, function (r) return r.row == "2020" and r.value == 860000000 end), 0,
       "no cumulative in the year's row")
  t.eq(at("projects", 460).row, "2020 (cumulative)")
  -- a target is marked and never the total of its row
  local plan = at("funds", 350000000)
  t.eq(plan.row, "2021"); t.eq(plan.not_added, "a target or plan (计划)"); t.eq(plan.shown, "listed")
  -- the long form's columns say what the marks say
  t.eq(cum.to_date, "累计"); t.eq(at("funds", 240000000).to_date, "")
  for _, r in ipairs(find(rows, function (r) return r.value == 350000000 end)) do
    t.eq(r.target, "计划", "a target and its repeat: " .. r.facts)
  end
  t.eq(at("funds", 240000000).target, "")
  -- a sentence that opens with its intent: every figure of its list is a target
  -- (2021年计划完成…800户,新建集中安置点6个); 计划外追加资金 is money spent
  t.eq(at("housing", 800).target, "计划"); t.eq(at("housing", 6).target, "计划")
  t.eq(at("funds", 20000000).target, ""); t.eq(at("funds", 20000000).not_added ~= "a target or plan (计划)", true)
  t.eq(at("persons", 12000).sense, "lifted out"); t.eq(at("persons", 19200).sense, "poor")
  t.eq(at("funds", 240000000).sense, "")
  -- a figure whose sentence names no time is in no year
  t.eq(at("projects", 12).row, "(no period)")
  t.eq(at("projects", 12).period, "")
end)

t.test("by_year: a year's figure is its year's total though a cumulative holds it", function ()
  local rows = block("by_year")
  -- 3.1亿 (财政专项, 2020) lies inside the 累计 8.6亿 to 2020, which is in its own row:
  -- in the 2020 row it is a figure of 2020; 整合涉农资金4.2亿 is another fund beside it
  local tot = find(rows, function (r) return r.row == "2020" and r.kind == "funds" and r.shown == "total" end)
  t.eq(#tot, 1); t.eq(tot[1].value, 420000000)
  local fin = find(rows, function (r) return r.row == "2020" and r.value == 310000000 end)[1]
  t.eq(fin.not_added, "another fund or use (投入财政专项扶贫资金, not 整合涉农资金)")
  -- its parts (其中 2.36亿 …) stay parts
  t.eq(find(rows, function (r) return r.value == 236000000 end)[1].not_added, "part of a stated total")
end)

t.test("timeline: funds per year never show a total to date as a year's", function ()
  local v = assert(json.decode(report("timeline", "json")))
  local chart
  for _, b in ipairs(v.blocks) do
    if b.type == "chart" and b.chart.title:find("^Funds per year") then chart = b.chart end
  end
  assert(chart, "the funds chart")
  local at = {}
  for i, x in ipairs(chart.x) do at[x] = chart.series[1].data[i] end
  -- (2019: the larger of the two documents' figures, 2.6亿; checks flags the pair)
  t.eq(at["2019"], 26000); t.eq(at["2020"], 42000, "2020's own figure (万元), not the 累计 86000")
  t.eq(at["2021"], nil, "a target is no year's funds")
  local rows
  for _, b in ipairs(v.blocks) do if b.type == "table" then rows = b.rows end end
  local periods = {}
  for _, r in ipairs(rows) do periods[#periods + 1] = r.period end
  t.eq(table.concat(periods, ","), "2014,2014/2019,2016/2019,2018,2018/2020,2019,2019/2020,2020,2020 (cumulative),2021,(no period)")
end)

t.test("persons and households: lifted out or the poor counted", function ()
  local out = report("by_year", "table", " --layout wide")
  -- 减少农村贫困人口1.2万人 (lifted out) and 下降到…1.92万人 (still poor) in one year's cell
  t.ok(out:find("12000人 (脱贫); 19200人 (贫困)", 1, true), "2019's persons")
  t.ok(out:find("24000户 (贫困)", 1, true), "a base (由2014年的2.4万户)")
  t.ok(out:find("9800人 (脱贫)", 1, true))
  t.ok(out:find("(脱贫) persons or households lifted out", 1, true), "the legend")
  local dbm = require "assay.db"
  local d = assert(dbm.open(db, { readonly = true }))
  local F = dofile("scripts/reports/_figures.lua")
  local m = F.model(d)
  for _, f in ipairs(m.data.facts) do
    if f.kind == "funds" then t.eq(F.poor(m, f), nil, "only persons and households") end
    if f.surface == "6000户" then t.eq(F.poor(m, f), "poor", "下降到…6000户: a level") end
    -- 从事 is no 从…到 base, 由于 no 由…到 base
    if f.surface == "3500户" then t.eq(F.poor(m, f), nil, "从事种养业的贫困户") end
    if f.surface == "2100人" then t.eq(F.poor(m, f), "lifted out", "由于…减少贫困人口") end
  end
  d:close()
end)

t.test("a cell says each figure's period, even when they share one", function ()
  -- (2.4亿元 of 2019 alone in a cell was "2.4亿元": read as today's)
  local dbm = require "assay.db"
  local d = assert(dbm.open(db, { readonly = true }))
  local F = dofile("scripts/reports/_figures.lua")
  local m = F.model(d)
  local one, none, cum
  for _, f in ipairs(m.data.facts) do
    if f.value == 240000000 then one = f end
    if f.surface == "12个" then none = f end
    if f.value == 860000000 and not cum then cum = f end
  end
  t.eq(F.cell(m, { one }).text, "2.4亿元 [2019]")
  t.eq(F.cell(m, { none }).text, "12个", "no period stated: no bracket")
  t.eq(F.cell(m, { cum }).text, "8.6亿元 [2020 (cumulative)]")
  t.eq(F.cell(m, { one }, { row_period = true }).text, "2.4亿元", "a row that names the period")
  d:close()
end)

t.test("by_year: the table's cells say what the rows hold", function ()
  local out = report("by_year", "table", " --layout wide")
  local lines = {}
  for l in out:gmatch("[^\n]+") do lines[#lines + 1] = l end
  local function line (period)
    for _, l in ipairs(lines) do
      if l:find("岷县", 1, true) and l:find("  " .. period .. "  ", 1, true) then return l end
    end
  end
  local y2020 = assert(line("2020"), "a 2020 row")
  t.ok(y2020:find("3.1亿元", 1, true) and not y2020:find("8.6亿元", 1, true), y2020)
  t.ok(assert(line("2020 (cumulative)")):find("8.6亿元", 1, true))
  t.ok(assert(line("2021")):find("3.5亿元 (plan); 3.5亿元 = (plan)", 1, true), "the target and its repeat marked")
  t.ok(assert(line("(no period)")):find("12个", 1, true))
  t.ok(out:find("(plan) a target or plan", 1, true), "the legend says what (plan) is")
  -- html: the same cells
  local page = report("by_year", "html")
  t.ok(page:find("3.5亿元 (plan)", 1, true) and page:find("2020 (cumulative)", 1, true), "html cells")
end)

t.test("by_region: a target is never the total of its cell", function ()
  local rows = block("by_region")
  local tot = find(rows, function (r) return r.kind == "funds" and r.shown == "total" end)
  t.eq(#tot, 1); t.eq(tot[1].value, 860000000)
  local plan = find(rows, function (r) return r.value == 350000000 end)[1]
  t.eq(plan.not_added, "a target or plan (计划)")
  local out = report("by_region", "table", " --layout wide")
  t.ok(out:find("3.5亿元 [2021] (plan)", 1, true), "marked in the cell")
  -- the 累计 8.6亿元 the review and the brief both state: once, saying so, and
  -- saying it is a total to date
  t.ok(out:find("8.6亿元 [2020 (cumulative)] (2 documents); 2.4亿元 [2019]", 1, true), "one entry for two documents")
  t.ok(out:find("(2 documents) the same figure stated by two documents", 1, true), "the legend")
  local y = report("by_year", "table", " --layout wide")
  t.ok(y:find("8.6亿元 (2 documents)", 1, true))
  -- the funds chart's bar is the 累计 to 2020: its label says so
  local v = assert(json.decode(report("by_region", "json")))
  local x
  for _, b in ipairs(v.blocks) do if b.type == "chart" then x = b.chart.x end end
  t.eq(x and x[1], "岷县 [2020 (cumulative)]")
end)

t.test("checks: growth rates, levels, 分别 lists and bases", function ()
  local rows = block("checks", "Growth rates and the figures they relate")
  local by = {}
  for _, r in ipairs(rows) do by[r.rate.text] = r end
  -- 贫困发生率由2019年的2.8%下降到0.6%: 0.6% is a level, not a fall of 0.6%
  t.eq(by["−0.6%"], nil, "a level is no rate")
  -- 由2014年的2.4万户、9.6万人,下降到…6000户、1.92万人,分别下降了75%和80%
  local h, p = by["−75%"], by["−80%"]
  t.ok(h and p, "both rates of the list")
  t.eq(h.figure.text, "6000户"); t.eq(h.previous.text, "24000户 (base)"); t.eq(h.status, "ok")
  t.eq(p.figure.text, "19200人"); t.eq(p.previous.text, "96000人 (base)"); t.eq(p.status, "ok")
  -- 比上年增长9.5% with no figure of last year: the implied one
  t.eq(by["+9.5%"].figure.text, "9200元"); t.eq(by["+9.5%"].status, "previous year not given")
  -- 比2016年增长35%: the implied figure is 2016's, not last year's
  t.eq(by["+35%"].previous.text, "≈ 6592.6元 (implied, 2016)"); t.eq(by["+35%"].status, "2016's figure not given")
  -- 三年内减少了85%: a change over the rate's span (2018/2020), not from last year
  t.eq(by["−85%"].previous.text, "≈ 8000人 (implied, before 2018/2020)")
  t.eq(by["−85%"].status, "the figure before 2018/2020 not given")
  t.eq(#rows, 5)
end)

t.test("checks: a total and its parts within the rounding of the figures as written", function ()
  local rows = block("checks", "Totals and their parts")
  local by = {}
  for _, r in ipairs(rows) do by[r.total.text] = r end
  -- 4.2亿元 (written to the 千万), parts 2.36亿 + 1.21亿 + 6350万 = 4.205亿: they agree
  local f = assert(by["4.2亿元"], "the funds total")
  t.ok(f.status:find("^ok: they differ by 50万元, within the rounding"), f.status)
  -- 46 projects, parts 30 + 20: counts are exact, the parts exceed it
  t.eq(assert(by["46个"], "the projects total").status, "parts exceed the total by 4个")
  -- the model: F.rounding is half a unit of the last digit written
  local dbm = require "assay.db"
  local d = assert(dbm.open(db, { readonly = true }))
  local F = dofile("scripts/reports/_figures.lua")
  local m = F.model(d)
  local seen = 0
  for _, x in ipairs(m.data.facts) do
    if x.surface == "4.2亿元" then t.eq(F.rounding(x), 5e6); seen = seen + 1 end
    if x.surface == "6350万元" then t.eq(F.rounding(x), 5e3); seen = seen + 1 end
    if x.surface == "46个" then t.eq(F.rounding(x), 0.5); seen = seen + 1 end
  end
  t.eq(seen, 3)
  t.eq(F.rounding({ surface = "三万人", value = 30000 }), 0, "no digits: not known")
  t.eq(F.rounding({ surface = "113萬人", value = 1130000 }), 5000)
  t.eq(F.rounding({ surface = "1,250户", value = 1250 }), 0.5)
  d:close()
end)

t.test("checks: one indicator, different values: of one measure only", function ()
  -- minxian-brief.txt restates the county: its 2.6亿元 for 2019 disagrees with the
  -- review's 2.4亿元 (flagged); its 累计 8.6亿元 to 2020 is not 2020's 3.1亿元, and its
  -- 尚有…1.5万人 (the poor counted) is not the review's 减少…1.2万人 (lifted out)
  local rows = block("checks", "One indicator, different values in different documents")
  t.eq(#rows, 1)
  t.eq(rows[1].period, "2019"); t.eq(rows[1].indicator, "扶贫资金")
  t.ok(rows[1].values.text:find("2.4亿元", 1, true) and rows[1].values.text:find("2.6亿元", 1, true))
end)

t.test("checks: a share of a whole above 100%, not a target's fulfilment", function ()
  local rows = block("checks", "Shares above 100%")
  t.eq(#rows, 1)
  t.eq(rows[1].figure.text, "112%", "覆盖率达到112%")
  t.ok(rows[1].sentence:find("覆盖率", 1, true))
  -- 完成年度任务的135% is no share: not flagged (the table holds one row)
end)

t.test("dashboard: holds the region × year table", function ()
  local v = assert(json.decode(report("dashboard", "json")))
  local seen = false
  for _, b in ipairs(v.blocks) do if b.type == "heading" and b.text == "Indicators by region and year" then seen = true end end
  t.ok(seen)
end)

t.test("a province is in no city", function ()
  -- an article whose region is a province but whose place, read deeper, lies in a
  -- city (the pack can say both): the province is listed on its own, not "in" the city
  local dbm = require "assay.db"
  local copy = dir .. "/p.db"
  os.execute("cp " .. q(db) .. " " .. q(copy))
  local d = assert(dbm.open(copy))
  d:exec([[UPDATE facts SET region = '甘肃省' WHERE region = '岷县']])
  d:exec([[UPDATE facts SET extra = json_set(extra, '$.region_level', 'province', '$.region_code', '620000',
                                             '$.region_city', '定西市') WHERE kind = 'article']])
  d:close()
  local out, c, e = sh(bin .. " report scripts/reports/by_region.lua --db " .. q(copy) .. " --format md")
  t.eq(c, 0, e)
  t.ok(out:find("| 甘肃省 |  |", 1, true), "甘肃省 in no city")
  t.ok(not out:find("| 甘肃省 | 定西市 |", 1, true), out:sub(1, 400))
  -- a county stays in its city
  local out2 = report("by_region", "md")
  t.ok(out2:find("| 岷县 | 定西市 |", 1, true), out2:sub(1, 400))
end)

os.execute("rm -rf " .. q(dir))
t.done()
