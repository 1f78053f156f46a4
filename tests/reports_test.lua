-- The report scripts (scripts/reports) over a fixture corpus, and the HTML
-- renderer's escaping of untrusted document text.
-- test: no-valgrind
local t = require "assay.testing"
local json = require "assay.json"
local report = require "assay.report"
local html = require "assay.report.html"
local bin, sh, q = t.bin(), t.sh, t.q

local dir = os.tmpname(); os.remove(dir); os.execute("mkdir -p " .. q(dir))
local db = dir .. "/f.db"
local _, code = sh(bin .. " run -q --db " .. q(db) .. " tests/fixtures/reports/pack -- tests/fixtures/reports/corpus")
assert(code == 0, "fixture run failed")

local function run (name, fmt, extra)
  local out, c, err = sh(bin .. " report scripts/reports/" .. name .. ".lua --db " .. q(db) ..
                         (fmt and (" --format " .. fmt) or "") .. (extra or ""))
  return out, c, err
end
-- the JSON of a report: its tables by title (or the heading before them)
local function tables (name)
  local out, c, err = run(name, "json")
  assert(c == 0, err)
  local v = assert(json.decode(out))
  local ts = {}
  for _, b in ipairs(v.blocks) do if b.type == "table" then ts[#ts + 1] = b end end
  return ts, v
end
local function row (tb, col, val)
  for _, r in ipairs(tb.rows) do if r[col] == val then return r end end
end
local function txt (c) return type(c) == "table" and c.text or c end

t.test("every report runs in every format", function ()
  for _, name in ipairs({ "overview", "by_region", "by_year", "timeline", "slogans", "checks", "coverage", "dashboard" }) do
    for _, fmt in ipairs({ "table", "md", "csv", "json", "html" }) do
      local out, c, err = run(name, fmt)
      t.eq(c, 0, name .. " " .. fmt .. ": " .. tostring(err))
      t.ok(#out > 40, name .. " " .. fmt)
    end
  end
end)

t.test("overview: one row per article with metadata, poverty and fact counts", function ()
  local ts = tables("overview")
  local a = row(ts[1], "document", "a-city.txt")
  t.eq(a.title, "滨州市五年脱贫攻坚综述"); t.eq(a.date, "2020-11-05 10:00:00"); t.eq(a.source, "滨河日报")
  t.eq(a.reporters, "赵志强 钱文"); t.eq(a["main region"], "滨州市"); t.eq(a.poverty, "yes")
  t.eq(txt(a.facts), 11); t.eq(#a.facts.facts, 11)
  t.eq(row(ts[1], "document", "d-lottery.txt").poverty, "no")
end)

-- the long rows of by_region (csv/json) for a region and kind
local function figures (ts, region, kind)
  local out = {}
  for _, r in ipairs(ts[1].rows) do if r.region == region and r.kind == kind then out[#out + 1] = r end end
  return out
end
local function shown (rows, what)
  for _, r in ipairs(rows) do if r.shown == what then return r end end
end

t.test("by_region: a total only where a sentence states it or the model allows a sum", function ()
  local ts = tables("by_region")
  local w = figures(ts, "无棣县", "funds")
  -- 120万元 (2019) stands alone: 上年投入100万元 is last year's, 860余万元 a lower bound,
  -- 77万元 and 9万元 are in another document, 50% a rate
  local tot = shown(w, "total")
  t.eq(tot.value, 1200000); t.eq(tot.how, "stated"); t.eq(tot.period, "2019")
  t.eq(math.type(tot.value), "integer", "numbers as numbers")
  local low = shown(w, "lower bound")
  t.eq(low.value, 8600000); t.eq(low.qualifier, "min")
  local why = {}
  for _, r in ipairs(w) do why[r.value] = r.not_added end
  t.eq(why[1000000], "an earlier year's figure (上年)")
  t.eq(why[770000], "another document")
  t.eq(why[50], "a rate or share")
  -- 46个 with its parts 13+2+1+11+5+14: the parts are listed, not added again
  local p = figures(ts, "滨州市", "projects")
  t.eq(shown(p, "total").value, 46)
  t.eq(#p, 7)
  for _, r in ipairs(p) do if r.value ~= 46 then t.eq(r.not_added, "part of a stated total", r.value) end end
  -- income is per head: listed, never a total
  local inc = figures(ts, "滨州市", "income")
  t.eq(#inc, 1); t.eq(inc[1].shown, "listed"); t.eq(inc[1].not_added, "per unit (人均)")
  -- every row: its fact ids and its whole sentence
  for _, r in ipairs(ts[1].rows) do
    t.ok(r.facts:find("^%d+[%d ]*$") and #r.sentence > 0, r.region .. " " .. r.kind)
  end
  -- the display: the total first, the rest marked
  local out = run("by_region")
  t.ok(out:find("120万元 [2019]; ≥ 860万元", 1, true), out)
  t.ok(out:find("46个; 13个 ⊂", 1, true), out)
  -- HTML: each cell says how it was made (on hover) and links to its facts
  local page = run("by_region", "html")
  t.ok(page:find('title="120万元 %[2019%]: stated; ≥ 860万元: not added: a lower bound'), "how, on hover")
  t.ok(page:find('<a class="prov" href="#" data%-facts="[%d ]+">120万元 %[2019%]'), "linked to its facts")
  local regions = {}
  for _, r in ipairs(ts[1].rows) do regions[r.region] = true end
  t.eq(regions, { ["无棣县"] = true, ["滨州市"] = true }, "one region each, no total row")
end)

t.test("checks: totals and parts, conflicting values, growth rates", function ()
  local ts = tables("checks")
  local parts = ts[1]
  local ok = row(parts, "total", nil) or parts.rows[1]
  t.eq(txt(ok.parts), "13个 + 2个 + 1个 + 11个 + 5个 + 14个"); t.eq(ok.status, "ok")
  t.eq(parts.rows[2].status, "parts short by 3个 (a partial list?)")
  local conf = ts[2]
  local c = row(conf, "region", "滨州市")
  t.ok(c and txt(c.values):find("350万元", 1, true) and txt(c.values):find("380万元", 1, true), "350 vs 380")
  local g = ts[3]
  local g1 = row(g, "region", "滨州市")
  t.eq(txt(g1.previous), "≈ 299.9万元 (implied)")
  local g2 = row(g, "region", "无棣县")
  t.eq(g2.computed, "+20.0%"); t.eq(g2.status, "contradicts the figures")
end)

t.test("checks: a document whose only figure is a growth rate, and texts not stored", function ()
  -- the growth check once looked up the sentence of a lone rate in "" (it reads
  -- a text only with two figures) and of any rate of a --no-text run: a traceback
  local d2 = dir .. "/lone"
  os.execute("mkdir -p " .. q(d2 .. "/docs"))
  local f = assert(io.open(d2 .. "/docs/lone.txt", "wb"))
  f:write("滨州市扶贫资金投入今年增长12%。\n"); f:close()
  for _, opt in ipairs({ "", "--no-text " }) do
    local _, c1, e1 = sh(bin .. " run -q --force " .. opt .. "--db " .. q(d2 .. "/f.db") ..
                         " tests/fixtures/reports/pack -- " .. q(d2 .. "/docs"))
    t.eq(c1, 0, e1)
    for _, name in ipairs({ "checks", "dashboard" }) do
      local out, c, err = sh(bin .. " report scripts/reports/" .. name .. ".lua --db " .. q(d2 .. "/f.db"))
      t.eq(c, 0, opt .. name .. ": " .. err); t.ok(#out > 40, name)
    end
  end
  -- --no-text: the reports read the file again for its sentences ...
  local out = sh(bin .. " report scripts/reports/by_region.lua --format csv --db " .. q(d2 .. "/f.db"))
  t.ok(out:find("滨州市扶贫资金投入今年增长12%。", 1, true), out)
  -- ... and without it show the figure alone
  os.remove(d2 .. "/docs/lone.txt")
  for _, name in ipairs({ "checks", "dashboard", "by_region", "coverage" }) do
    local _, c, err = sh(bin .. " report scripts/reports/" .. name .. ".lua --format html --db " .. q(d2 .. "/f.db"))
    t.eq(c, 0, "file gone: " .. name .. ": " .. err)
  end
  out = sh(bin .. " report scripts/reports/by_region.lua --format csv --db " .. q(d2 .. "/f.db"))
  t.ok(out:find(",12,%,exact,", 1, true) and not out:find("增长12%。", 1, true), out)
  os.execute("rm -rf " .. q(d2))
end)

t.test("two documents of one file name (two folders' index.txt) are named by their keys", function ()
  local d2 = dir .. "/same"
  os.execute("mkdir -p " .. q(d2 .. "/docs/x") .. " " .. q(d2 .. "/docs/y"))
  for _, sub in ipairs({ "x", "y" }) do
    local f = assert(io.open(d2 .. "/docs/" .. sub .. "/index.txt", "wb"))
    f:write("滨州市今年投入扶贫资金" .. (sub == "x" and "300" or "500") .. "万元。\n"); f:close()
  end
  local _, c1, e1 = sh(bin .. " run -q --db " .. q(d2 .. "/f.db") .. " tests/fixtures/reports/pack -- " .. q(d2 .. "/docs"))
  t.eq(c1, 0, e1)
  local out = sh(bin .. " report scripts/reports/overview.lua --format csv --db " .. q(d2 .. "/f.db"))
  t.ok(out:find("\nx/index.txt,", 1, true) and out:find("\ny/index.txt,", 1, true), out)
  out = sh(bin .. " report scripts/reports/by_region.lua --format html --db " .. q(d2 .. "/f.db"))
  local names = {}
  for n in out:gmatch('"name":"([^"]*)"') do names[n] = true end
  t.ok(names["x/index.txt"] and names["y/index.txt"] and not names["index.txt"], out:sub(1, 300))
  os.execute("rm -rf " .. q(d2))
end)

t.test("timeline, slogans, coverage", function ()
  local tl = tables("timeline")
  t.eq(txt(row(tl[1], "period", "2019").funds), 7)
  local sl = tables("slogans")
  local s = row(sl[1], "slogan", "两不愁三保障")
  t.eq(s.documents, 3); t.eq(txt(s.mentions), 3)
  t.ok(s.variants:find("两不愁、三保障", 1, true))
  local cv = tables("coverage")
  -- with assay.cn: 8.1万 (persons) has no rule in the fixture pack; 五年 is a duration, not listed
  t.eq(row(cv[1], "document", "a-city.txt").missed, 1)
  t.eq(row(cv[2], "where", "a-city.txt:11").quantity, "8.1万")
  t.ok(not row(cv[1], "document", "d-lottery.txt"), "articles not about poverty are left out")
end)

t.test("escape and json_script leave nothing for the HTML parser", function ()
  t.eq(html.escape([[<a href="x" onclick='y'>&</a>]]), "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
  local j = html.json_script({ s = "</script><!-- \226\128\168\226\128\169 &" })
  t.ok(not j:find("<", 1, true) and not j:find(">", 1, true) and not j:find("&", 1, true), j)
  t.ok(not j:find("\226\128\168", 1, true) and not j:find("\226\128\169", 1, true))
  t.eq(json.decode(j).s, "</script><!-- \226\128\168\226\128\169 &")
end)

t.test("a document with <script> and onerror payloads appears only escaped", function ()
  local out, c = run("dashboard", "html")
  t.eq(c, 0)
  t.eq(select(2, out:gsub("<script", "")), 3, "only the page's own script elements")
  -- the page less its own scripts (ECharts' source has "<img" in a string)
  local page = out:gsub('<script nonce="[%w]+">.-</script>', "")
  t.ok(not page:find("<script>alert", 1, true))
  t.ok(not page:find("<img", 1, true))
  t.ok(not page:find("<b>", 1, true))
  t.ok(not page:find("[^;]onerror") or not page:find("<[^>]*onerror"), "no element with onerror")
  -- the title is in the overview table, escaped
  t.ok(out:find("无棣县扶贫工作&lt;img src=x onerror=alert(2)&gt;", 1, true))
  -- the sentence is in the JSON block, escaped
  local data = out:match('<script type="application/json" id="assay%-data">(.-)</script>')
  t.ok(data and data:find("\\u003c/script\\u003e\\u003cscript\\u003ealert(3)", 1, true))
  t.ok(data:find([[\"\u003e\u003cimg src=x onerror=alert(4)\u003e]], 1, true), "attribute breakout escaped")
  t.ok(not data:find("\226\128\168", 1, true), "U+2028 escaped in the JSON")
  local v = json.decode(data)
  local found
  for _, f in pairs(v.facts) do if f.after and f.after:find("<script>alert(3)", 1, true) then found = f end end
  t.ok(found, "the payload is data, intact")
  t.ok(out:find("Content-Security-Policy", 1, true) and out:find("script-src 'nonce-", 1, true))
end)

t.test("html without ECharts: charts become tables, with a note", function ()
  local d = require("assay.db").open(db, { readonly = true })
  local r = report.new({ title = "t" })
  r:chart{ type = "bar", title = "c", x = { "a", "b" }, series = { { name = "s", data = { 1, 2 }, facts = { { 1 } } } } }
  local out = html.render(r, { db = d, echarts = false }, report)
  d:close()
  t.ok(out:find("chart not drawn", 1, true))
  t.ok(out:find('data-facts="1"', 1, true))
  t.eq(select(2, out:gsub("<script", "")), 2)
end)

t.test("figure and amount", function ()
  t.eq(report.figure(55740000, "元", "exact"), "5574万元")
  t.eq(report.figure(8600000, "元", "min"), "≥ 860万元")
  t.eq(report.figure(1163000000, "元"), "11.63亿元")
  t.eq(report.figure(92263114, "元"), "9226.3114万元")
  t.eq(report.figure(12, "个", "approx"), "≈ 12个")
  t.eq(report.amount(2999143.0, "元", 1), "299.9万元")
  -- a figure is written exactly, never rounded to 4 decimals of its scale:
  -- 12345.67万元 is not 1.2346亿元 (a value the text never stated)
  t.eq(report.figure(123456700, "元"), "1.234567亿元")
  t.eq(report.figure(123456789, "元", "min"), "≥ 1.23456789亿元")
  t.eq(report.figure(123456789.5, "元"), "12345.67895万元")
  t.eq(report.amount(123456700, "元", 2), "1.23亿元", "decimals asked for: rounded")
  t.eq(report.figure(31415900000, "人"), "314.159亿人")
  t.eq(report.figure(1069300, "户"), "106.93万户", "households as the texts write them")
  t.eq(report.figure(21000, "户"), "21000户")
  t.eq(report.cell({ text = "x", v = 1, facts = { 1 } }), "x")
end)

os.execute("rm -rf " .. q(dir))
t.done()
