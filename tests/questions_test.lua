-- The analyst questions of ../shared/gold/seeds.questions.md that
-- tests/fupin_test.lua does not ask (Q9, Q17-Q19, Q21, Q23, Q25), answered
-- the way an analyst would in `assay repl`: SQL over the facts database of
-- the seeds, plus each fact's sentence for the questions about a topic.
-- test: no-valgrind
local t = require "assay.testing"
local db = require "assay.db"
local report = require "assay.report"
local show = require "assay.cmd.show"

local SEEDS = "../shared/corpus/seeds"
local host = require "assay.host"
if not host.stat(SEEDS) then
  t.skip("../shared/corpus/seeds is absent: the seed questions are not asked")
  t.done()
end

local dir = os.tmpname(); os.remove(dir); os.execute("mkdir -p " .. dir)
local path = dir .. "/seeds.db"
local _, code, err = t.sh(t.bin() .. " run -q --db " .. path .. " scripts/fupin -- " .. SEEDS)
assert(code == 0, err)
local d = assert(db.open(path, { readonly = true }))

-- facts of a document prefix ("002") as a set of "surface" -> fact
local function rows (sql, ...)
  local out = {}
  for r in d:rows(sql, ...) do out[#out + 1] = r end
  return out
end

local function surfaces (list)
  local s = {}
  for _, r in ipairs(list) do s[#s + 1] = r.surface end
  table.sort(s)
  return s
end

-- does the document of fact f write s?
local function f_text_has (f, s) return f.text:find(s, 1, true) ~= nil end

-- the sentence a fact sits in
local function sentence (f)
  local a, b = show.sentence_around(f.text, f.start, f.stop)
  return f.text:sub(a, b)
end

local ALL = [[SELECT f.*, d.name AS doc, d.text AS text FROM facts f JOIN docs d ON d.id = f.doc_id
              WHERE f.kind NOT IN ('article', 'slogan')]]

t.test("Q9 per-capita income and income-gain figures by region", function ()
  local got = rows(ALL .. " AND f.kind = 'income' AND d.name LIKE '002%' ORDER BY f.id")
  local by = {}
  for _, r in ipairs(got) do by[#by + 1] = r.region .. " " .. r.surface end
  table.sort(by)
  t.eq(by, { "惠民县李庄镇 3万余元", "沾化区古城镇 9637.9元", "滨城区 300元", "滨州市 10045元",
             "滨州市 1629元", "滨州市 5420元" })
  local gain = rows(ALL .. " AND f.surface = '3万余元'")[1]
  t.eq(gain.value, 30000); t.eq(gain.qualifier, "min")
end)

t.test("Q17 beneficiaries implied by 滨州市's 2020 project returns", function ()
  local total = rows(ALL .. " AND f.region = '滨州市' AND f.period = '2020' AND f.surface = '1.3亿元'")[1]
  local per = rows(ALL .. " AND f.region = '滨州市' AND f.period = '2020' AND f.kind = 'income' AND f.surface = '1629元'")[1]
  t.ok(total and per, "both figures are facts")
  local people = total.value / per.value
  t.eq(math.floor(people / 100 + 0.5) * 100, 79800)
  -- consistent with the 8.1万 poverty population of the same city
  local pop = rows(ALL .. " AND f.region = '滨州市' AND f.surface = '8.1万'")
  t.ok(#pop >= 1 and math.abs(pop[1].value - people) / pop[1].value < 0.05, "fits 8.1万")
end)

t.test("Q18 聊城市's commitments to the financing-guarantee scheme", function ()
  local got = rows(ALL .. " AND d.name LIKE '004%' AND f.kind = 'funds' ORDER BY f.start")
  t.eq(surfaces(got), surfaces({ { surface = "10万元" }, { surface = "5000万元" }, { surface = "1000万元" },
                                 { surface = "500万元" }, { surface = "50亿元以上" } }))
  for _, r in ipairs(got) do
    t.ok(sentence(r):find("融资", 1, true) or sentence(r):find("贷款", 1, true) or sentence(r):find("增信", 1, true),
         r.surface .. " in a sentence about the scheme")
  end
  local min = rows(ALL .. " AND f.surface = '50亿元以上'")[1]
  t.eq(min.qualifier, "min"); t.eq(min.value, 5000000000)
end)

t.test("Q19 cadre-to-household pairing", function ()
  -- 聊城市's quotas (10户, 5个, 1个 per cadre) are per-unit policy parameters: not facts;
  -- the analyst reads them in the sentence of the 399 villages' paragraph
  local q = rows(ALL .. " AND d.name LIKE '004%' AND f.kind = 'households' ORDER BY f.start")
  t.eq(surfaces(q), {})
  local v = rows(ALL .. " AND d.name LIKE '004%' AND f.surface = '399个'")[1]
  t.ok(v and f_text_has(v, "结对帮扶10户"), "the quotas are in the text of the 399 villages' document")
  local cadres = rows(ALL .. " AND f.region = '滨城区' AND f.surface = '1325名'")[1]
  local hh = rows(ALL .. " AND f.region = '滨城区' AND f.surface = '4190户'")[1]
  t.ok(cadres and hh)
  t.eq(string.format("%.2f", hh.value / cadres.value), "3.16")
end)

t.test("Q21 photovoltaic figures", function ()
  local pv = {}
  for _, r in ipairs(rows(ALL .. " ORDER BY f.id")) do
    if sentence(r):find("光伏", 1, true) then pv[#pv + 1] = r.doc:sub(1, 3) .. " " .. r.surface end
  end
  for _, want in ipairs({ "000 14个", "002 623个", "002 1200多万元", "002 65个" }) do
    local found = false
    for _, g in ipairs(pv) do if g == want then found = true end end
    t.ok(found, want .. " among the 光伏 figures: " .. table.concat(pv, ", "))
  end
end)

t.test("Q23 per-unit rates and quotas are told apart from totals", function ()
  local F = dofile("scripts/reports/_figures.lua")
  local m = F.model(d)
  local per, total = {}, {}
  for _, f in ipairs(m.data.facts) do
    if report.is_figure(f) then
      local key = (f.doc and f.doc.name or "?"):sub(1, 3) .. " " .. f.surface
      if F.per_unit(f) then per[key] = true else total[key] = true end
    end
  end
  for _, k in ipairs({ "002 1629元", "002 300元", "002 3万余元", "002 10045元", "002 9637.9元",
                       "001 16.7%", "002 90%以上", "000 80%" }) do
    t.ok(per[k], k .. " is a rate or per-unit figure")
  end
  for _, k in ipairs({ "002 11.63亿元", "000 5574万元", "002 7502户" }) do
    t.ok(total[k], k .. " is a total")
  end
end)

t.test("Q25 disability-related help", function ()
  local dis = {}
  for _, r in ipairs(rows(ALL .. " ORDER BY f.id")) do
    local s = sentence(r)
    if s:find("残疾", 1, true) or s:find("无障碍", 1, true) or s:find("辅具", 1, true) then
      dis[#dis + 1] = r.doc:sub(1, 3) .. " " .. r.surface
    end
  end
  for _, want in ipairs({ "003 103名", "003 116件套", "003 119名", "003 205个", "002 101人次" }) do
    local found = false
    for _, g in ipairs(dis) do if g == want then found = true end end
    t.ok(found, want .. " among the disability figures: " .. table.concat(dis, ", "))
  end
end)

d:close()
os.execute("rm -rf " .. dir)
t.done()
