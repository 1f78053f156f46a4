-- Every chart of every report shows the same numbers as the tables: the
-- series are parsed out of the HTML page (the ECharts options in its data
-- block) and compared with the data table under the chart, with the JSON
-- export of the same report, and with the report's own table (by_region:
-- each region's total and lower bound; timeline: the counts per period).
-- On the demo corpus, on tests/fixtures/figures (regions with missing
-- years and lower bounds: series whose first point is empty) and on the
-- report fixture.
-- test: no-valgrind
local t = require "assay.testing"
local json = require "assay.json"
local bin, sh, q = t.bin(), t.sh, t.q

local dir = os.tmpname(); os.remove(dir); os.execute("mkdir -p " .. q(dir))
local CORPORA = {
  { name = "demo", pack = "scripts/fupin", input = "examples/corpus" },
  { name = "gaps", pack = "scripts/fupin", input = "tests/fixtures/figures" },
  { name = "fixture", pack = "tests/fixtures/reports/pack", input = "tests/fixtures/reports/corpus" },
}
local REPORTS = { "by_region", "by_year", "timeline", "checks", "overview", "slogans", "coverage", "dashboard" }

local function unescape (s)
  return (s:gsub("<[^>]*>", ""):gsub("&lt;", "<"):gsub("&gt;", ">"):gsub("&quot;", '"'):gsub("&#39;", "'")
           :gsub("&amp;", "&"))
end

-- the data table under chart i: rows of {label, values (number or false)}
local function chart_table (html, i)
  local a = html:find('<div class="chartdata" data-chart="' .. i .. '">', 1, true)
  if not a then return nil end
  local b = html:find("</table>", a, true)
  local tb = html:sub(a, b)
  local rows = {}
  for tr in tb:match("<tbody>(.*)$"):gmatch("<tr>(.-)</tr>") do
    local cells = {}
    for attrs, body in tr:gmatch("<td([^>]*)>(.-)</td>") do
      local v = attrs:match('data%-v="([^"]*)"')
      cells[#cells + 1] = { text = unescape(body), v = v and tonumber(v) }
    end
    rows[#rows + 1] = cells
  end
  return rows
end

local function same (a, b)
  if a == nil or a == json.null then return b == nil or b == json.null end
  if type(a) ~= "number" or type(b) ~= "number" then return false end
  return math.abs(a - b) <= 1e-9 * math.max(1, math.abs(a), math.abs(b))
end

local function num (v) return (v == nil or v == json.null) and "null" or tostring(v) end

local checked = {}

local function check_report (c, db, name)
  local html, code, err = sh(bin .. " report scripts/reports/" .. name .. ".lua --db " .. q(db) .. " --format html")
  t.eq(code, 0, err)
  local data = json.decode(html:match('<script type="application/json" id="assay%-data">(.-)</script>'))
  local js, code2 = sh(bin .. " report scripts/reports/" .. name .. ".lua --db " .. q(db) .. " --format json")
  t.eq(code2, 0)
  local jv = json.decode(js)
  local jcharts = {}
  for _, b in ipairs(jv.blocks) do if b.type == "chart" then jcharts[#jcharts + 1] = b.chart end end
  t.eq(#data.charts, #jcharts, c.name .. " " .. name .. ": as many charts in html as in json")
  for i, ch in ipairs(data.charts) do
    local opt = ch.option
    local axis = (opt.xAxis and opt.xAxis.type == "category") and opt.xAxis or opt.yAxis
    local x = axis and axis.data or {}
    local rows = chart_table(html, i - 1)
    local what = c.name .. " " .. name .. " chart " .. i .. " (" .. tostring(opt.title.text) .. ")"
    t.ok(rows, what .. ": a data table")
    t.eq(#rows, #x, what .. ": a row per label")
    local jc = jcharts[i]
    for k, s in ipairs(opt.series) do
      t.eq(#s.data, #x, what .. " series " .. s.name .. ": a point per label")
      local nonempty = 0
      for j = 1, #x do
        local v = s.data[j]
        local cell = rows[j] and rows[j][k + 1]
        t.eq(rows[j] and rows[j][1].text, x[j], what .. ": label " .. j)
        t.ok(cell and same(v, cell.v), what .. " " .. s.name .. " at " .. tostring(x[j]) .. ": chart " .. num(v) ..
             ", table " .. num(cell and cell.v))
        t.ok(same(v, jc.series[k].data[j]), what .. " " .. s.name .. " at " .. tostring(x[j]) .. ": json " ..
             num(jc.series[k].data[j]))
        if v ~= json.null then nonempty = nonempty + 1 end
      end
      t.ok(nonempty > 0, what .. ": series " .. s.name .. " has points")
    end
    checked[#checked + 1] = what
  end
  return data, jv
end

-- by_region's chart against its table (the long rows of the json export)
local function check_by_region (c, data, jv)
  local long = jv.blocks[2].rows
  local want = {}
  for _, r in ipairs(long) do
    if r.kind == "funds" and r.unit == "元" and r.region ~= "(no region)" then
      want[r.region] = want[r.region] or {}
      if r.shown == "total" then want[r.region].total = r.value / 1e4 end
      if r.shown == "lower bound" then want[r.region].lower = r.value / 1e4 end
    end
  end
  local ch = data.charts[1]
  t.ok(ch and ch.option.title.text:find("Funds by region", 1, true), c.name .. ": the funds chart")
  local x = ch.option.xAxis.data
  local seen = {}
  for j, label in ipairs(x) do
    -- (a label is the region and the period of its bars: 吕梁市 [2016/2020])
    local region, per = label:match("^(.-) %[(.*)%]$")
    region = region or label
    -- (a total to date is marked: 2020 (cumulative), or cumulative alone)
    if per then
      per = per:gsub(" %(cumulative%)", ""):gsub("^cumulative, ", ""):gsub(", cumulative$", "")
      if per == "cumulative" then per = nil end
    end
    seen[region] = true
    local lr = {}
    for _, r in ipairs(long) do
      if r.region == region and r.kind == "funds" and r.unit == "元" and (r.shown == "total" or r.shown == "lower bound")
         and r.period ~= "" and not lr[r.period] then lr[#lr + 1] = r.period; lr[r.period] = true end
    end
    t.eq(per, #lr > 0 and table.concat(lr, ", ") or nil, c.name .. " " .. label .. ": the periods of its bars")
    local w = want[region] or {}
    t.ok(same(ch.option.series[1].data[j], w.total), c.name .. " " .. region .. ": total " ..
         num(ch.option.series[1].data[j]) .. " = table " .. num(w.total))
    t.ok(same(ch.option.series[2].data[j], w.lower), c.name .. " " .. region .. ": lower bound " ..
         num(ch.option.series[2].data[j]) .. " = table " .. num(w.lower))
  end
  for region, w in pairs(want) do
    t.ok(seen[region] or (w.total == nil and w.lower == nil), c.name .. ": " .. region .. " is in the chart")
  end
end

-- timeline's figures-per-period chart against its table
local function check_timeline (c, data, jv)
  local tb = jv.blocks[2]
  local ch = data.charts[1]
  if not ch then return end
  for k, s in ipairs(ch.option.series) do
    for j, p in ipairs(ch.option.xAxis.data) do
      local row
      for _, r in ipairs(tb.rows) do if r.period == p then row = r end end
      local cell = row and row[s.name]
      local n = type(cell) == "table" and cell.v or 0
      t.eq(s.data[j], n, c.name .. " timeline " .. s.name .. " " .. p)
    end
  end
end

for _, c in ipairs(CORPORA) do
  t.test("charts agree with their tables: " .. c.name, function ()
    local db = dir .. "/" .. c.name .. ".db"
    local _, code, err = sh(bin .. " run -q --db " .. q(db) .. " " .. c.pack .. " -- " .. c.input)
    t.eq(code, 0, err)
    for _, name in ipairs(REPORTS) do
      local data, jv = check_report(c, db, name)
      if name == "by_region" then check_by_region(c, data, jv) end
      if name == "timeline" then check_timeline(c, data, jv) end
    end
  end)
end

t.test("the gaps corpus has the series the old charts lost", function ()
  local html = sh(bin .. " report scripts/reports/dashboard.lua --db " .. q(dir .. "/gaps.db") .. " --format html")
  local data = json.decode(html:match('<script type="application/json" id="assay%-data">(.-)</script>'))
  local by_title = {}
  for _, ch in ipairs(data.charts) do by_title[ch.option.title.text] = ch.option end
  local f = by_title["Funds by region (万元)"]
  -- the first region has no lower bound, a later one has
  t.eq(f.series[2].data[1], json.null)
  local any = false
  for _, v in ipairs(f.series[2].data) do any = any or v ~= json.null end
  t.ok(any, "a lower bound after an empty first point")
  local y
  for title, o in pairs(by_title) do if title:find("Funds per year", 1, true) then y = o end end
  t.ok(y, "funds per year chart")
  local first_empty = 0
  for _, s in ipairs(y.series) do if s.data[1] == json.null then first_empty = first_empty + 1 end end
  t.ok(first_empty >= 1, "a region whose first year is empty keeps its series")
  t.ok(#checked >= 9, "charts compared: " .. #checked)
end)

os.execute("rm -rf " .. q(dir))
t.done()
