-- Every SQL example of docs/fupin.md, run on the example corpus (the
-- database of `make demo` with scripts/fupin/indicator_figures.sql), with
-- its figures checked against the reports' figure model: the view says
-- what the model says about each figure, its sums are figures by_region
-- shows, and the funds per region are by_region's totals.
-- test: no-valgrind
local t = require "assay.testing"
local json = require "assay.json"
local dbm = require "assay.db"
local bin, sh, q = t.bin(), t.sh, t.q

local dir = os.tmpname(); os.remove(dir); os.execute("mkdir -p " .. q(dir))
local path = dir .. "/facts.db"
local _, code, err = sh(bin .. " run -q --db " .. q(path) .. " scripts/fupin -- examples/corpus")
assert(code == 0, err)

-- the report's long rows (by_region --format json), before the view exists
local out = sh(bin .. " report scripts/reports/by_region.lua --db " .. q(path) .. " --format json")
local long = json.decode(out).blocks[2].rows

local f = assert(io.open("docs/fupin.md"))
local doc = f:read("a")
f:close()
local sf = assert(io.open("scripts/fupin/indicator_figures.sql"))
local view_sql = sf:read("a")
sf:close()

-- the SQL of the page: ```sql blocks cut into statements, and the
-- sqlite3 one-liners of the ```sh blocks
local examples = {}
for lang, body in doc:gmatch("```(%w+)\n(.-)```") do
  if lang == "sql" then
    local cur = {}
    for line in (body .. "\n"):gmatch("([^\n]*)\n") do
      if not line:find("^%s*%-%-") and line:find("%S") then
        cur[#cur + 1] = line
        if line:find(";%s*$") then examples[#examples + 1] = table.concat(cur, "\n"); cur = {} end
      end
    end
    assert(#cur == 0, "a statement without ; in docs/fupin.md: " .. table.concat(cur, " "))
  elseif lang == "sh" then
    for s in body:gmatch('sqlite3 facts%.db "([^"]+)"') do examples[#examples + 1] = s end
  end
end

local d = assert(dbm.open(path))
d:exec(view_sql)

local function rows (sql)
  local r = {}
  for x in d:rows(sql) do r[#r + 1] = x end
  return r
end

t.test("docs/fupin.md has SQL examples and each one runs and returns rows", function ()
  t.ok(#examples >= 7, "examples found: " .. #examples)
  for _, s in ipairs(examples) do
    local ok, r = pcall(rows, s)
    t.ok(ok, tostring(r) .. "\n" .. s)
    t.ok(ok and #r > 0, "rows from: " .. s)
  end
end)

local function find (pat)
  for _, s in ipairs(examples) do if s:find(pat) then return s end end
  error("no example matching " .. pat)
end

-- by_region's figures: key -> long row
local function key (r, value)
  return table.concat({ r.document, r.region or "", r.kind, r.period or "", r.unit or "", r.qualifier,
                        string.format("%.17g", value) }, "|")
end
local shown = {}
for _, r in ipairs(long) do shown[key(r, r.value)] = r end

t.test("the sums the view allows are figures by_region shows (stated or sums of the same facts)", function ()
  local r = rows(find("sum%(value%) AS total, count%(%*%) AS figures"))
  t.ok(#r >= 20, #r .. " sums")
  for _, x in ipairs(r) do
    local lr = shown[key(x, x.total)]
    t.ok(lr, "by_region shows " .. key(x, x.total))
    if lr then
      t.eq(lr.how, x.figures > 1 and ("sum of " .. x.figures) or "stated", key(x, x.total))
      -- (beside the total for F.apart's reasons only: another document, period, unit,
      -- qualifier, thing counted, or what it counts not read)
      local na = lr.not_added
      t.ok(na == "" or na:find("^another") or na:find("^a lower bound") or na:find("^counts ")
           or na:find("^what it counts is not read") or na:find("^its fund or use is") or na:find("^it counts "),
           "an added figure: " .. na)
    end
  end
end)

t.test("the one-line example: exact funds sums, each a figure by_region shows", function ()
  local r = rows(find("^select region, period, counts, sum%(value%) as funds"))
  t.ok(#r >= 10, #r .. " rows")
  for _, x in ipairs(r) do
    local hit
    for _, l in ipairs(long) do
      if l.kind == "funds" and l.unit == "元" and l.qualifier == "exact" and l.region == x.region
         and l.period == (x.period or "") and l.value == x.funds then hit = l end
    end
    t.ok(hit, "by_region shows " .. tostring(x.region) .. " " .. tostring(x.period) .. " " .. x.funds)
  end
end)

t.test("each region's funds: the view's largest exact sum is by_region's total", function ()
  local r = rows(find("max%(total%) AS funds"))
  local want = {}
  for _, x in ipairs(long) do
    if x.kind == "funds" and x.shown == "total" and x.unit == "元" and x.qualifier == "exact" then
      want[x.region] = x.value
    end
  end
  local got = {}
  for _, x in ipairs(r) do got[x.region or "(no region)"] = x.funds end
  t.eq(got, want)
  t.eq(got["阜平县"], 7860000000)      -- not 81.8亿: the 3.2亿元 may be inside the 2012-2020 cumulative
  -- 整合涉农资金1.47亿元: the 财政专项扶贫资金6238万元 of its sentence is another fund (the two
  -- may overlap, the text states no total), never added to it; 860余万元 is a lower bound
  t.eq(got["聊城高新区"], 147000000)
  t.eq(got["吕梁市"], 21000000000)
end)

t.test("the view and the reports' model give every figure the same reason", function ()
  local F = dofile("scripts/reports/_figures.lua")
  local m = F.model(d)
  local byid = {}
  for _, f in ipairs(m.data.facts) do byid[f.id] = f end
  local n = 0
  for _, x in ipairs(rows("SELECT * FROM indicator_figures")) do
    local why, rel = F.why(m, byid[x.id])
    t.eq(x.not_added, why, "fact " .. x.id .. " " .. x.surface)
    t.eq(x.related, rel and rel.id, "fact " .. x.id .. " related")
    n = n + 1
  end
  t.ok(n > 100, n .. " figures compared")
  local no = rows(find("f%.not_added IS NOT NULL"))
  local seen = {}
  for _, x in ipairs(no) do seen[x.surface] = x.not_added end
  local p = d:val("SELECT coalesce(period, '') FROM facts WHERE surface = '３．２亿元'")
  if p == "" or p == "2012/2020" then t.eq(seen["３．２亿元"], "inside the span of a cumulative total") end
  t.eq(seen["8000元"], "per unit (户均)")
end)

d:close()
os.execute("rm -rf " .. q(dir))
t.done()
