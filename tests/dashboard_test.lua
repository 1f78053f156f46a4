-- The HTML dashboard in a real browser: headless Chromium (Debian's
-- chromium, driven by playwright-core from npm) opens it from a file:// URL.
-- Fails, not skips, when Chromium or playwright-core is missing: `make test`
-- installs both (tools/deps.sh test, npm ci).
-- test: no-valgrind
local t = require "assay.testing"
local json = require "assay.json"
local bin, sh, q = t.bin(), t.sh, t.q
local root = os.getenv("PWD")

local dir = os.tmpname(); os.remove(dir); os.execute("mkdir -p " .. q(dir))
local db, html = dir .. "/f.db", dir .. "/report.html"
local result

t.test("chromium and playwright-core are installed", function ()
  local f = io.open(os.getenv("CHROMIUM") or "/usr/bin/chromium")
  t.ok(f, "no /usr/bin/chromium: run tools/deps.sh test (apt-get install chromium chromium-driver)")
  if f then f:close() end
  local p = io.open(root .. "/node_modules/playwright-core/package.json")
  t.ok(p, "no node_modules/playwright-core: run npm ci (make build/echarts.min.js does)")
  if p then p:close() end
  local e = io.open(root .. "/build/echarts.min.js")
  t.ok(e, "no build/echarts.min.js: make build/echarts.min.js")
  if e then e:close() end
end)

t.test("the dashboard of the fixture corpus renders", function ()
  local _, code = sh(bin .. " run -q --db " .. q(db) .. " tests/fixtures/reports/pack -- tests/fixtures/reports/corpus")
  t.eq(code, 0)
  local _, code2, err = sh("ASSAY_ECHARTS=" .. q(root .. "/build/echarts.min.js") .. " " .. bin ..
                          " report scripts/reports/dashboard.lua --db " .. q(db) .. " -o " .. q(html))
  t.eq(code2, 0, err)
end)

t.test("headless chromium: no errors, no dialogs, charts drawn, provenance shown", function ()
  os.execute("mkdir -p build")
  local out, code, err = sh("node tests/dashboard.mjs " .. q(html) .. " build/dashboard.png")
  t.eq(code, 0, err)
  result = json.decode(out)
  t.ok(type(result) == "table", "node printed no JSON: " .. tostring(out) .. tostring(err))
  if type(result) ~= "table" then return end
  t.ok(result.ok, tostring(result.fatal))
  t.eq(#result.errors, 0, "console errors: " .. table.concat(result.errors, " | "))
  t.eq(#result.dialogs, 0, "dialogs fired: " .. table.concat(result.dialogs, " | "))
  t.eq(#result.requests, 0, "network requests: " .. table.concat(result.requests, " | "))
  t.eq(result.charts, "drawn")
  t.ok(#result.canvases >= 3, "at least three charts")
  for i, c in ipairs(result.canvases) do
    t.ok(c.ink > 500 and c.colours >= 3, "chart " .. i .. " is not blank (" .. c.ink .. " ink samples, " ..
         c.colours .. " colours)")
  end
  t.eq(result.injected.img, 0, "no <img> from document text")
  t.eq(result.injected.scripts, 3, "only the page's own scripts")
  t.eq(result.injected.bold, 0, "no markup from document text")
  t.ok(result.links >= 10, "provenance links")
  t.eq(result.shown, math.min(result.links, 25), "every clicked link showed its sentence")
  t.ok(result.first.sentence:find(result.first.mark, 1, true), "the mark is inside the sentence")
  t.ok(result.hostile.panelText:find('<img src=x onerror=alert(2)>', 1, true), "hostile text shown as text")
  for i = 2, #result.sort.asc do t.ok(result.sort.asc[i - 1] <= result.sort.asc[i], "ascending sort") end
  for i = 2, #result.sort.desc do t.ok(result.sort.desc[i - 1] >= result.sort.desc[i], "descending sort") end
  local png = io.open("build/dashboard.png", "rb")
  t.ok(png and png:read(8) == "\137PNG\r\n\26\n", "screenshot saved to build/dashboard.png")
  if png then png:close() end
end)

-- the demo's dashboard (make demo): every series of every chart is drawn
-- in its colour (log axes for money: 860万 beside 210亿); the screenshot
-- is build/dashboard-demo.png
t.test("headless chromium: the demo dashboard draws every series", function ()
  local ddb, dhtml = dir .. "/demo.db", dir .. "/demo.html"
  local _, code, err = sh(bin .. " run -q --db " .. q(ddb) .. " scripts/fupin -- examples/corpus")
  t.eq(code, 0, err)
  _, code, err = sh("ASSAY_ECHARTS=" .. q(root .. "/build/echarts.min.js") .. " " .. bin ..
                    " report scripts/reports/dashboard.lua --db " .. q(ddb) .. " -o " .. q(dhtml))
  t.eq(code, 0, err)
  local out
  out, code, err = sh("node tests/dashboard.mjs " .. q(dhtml) .. " build/dashboard-demo.png")
  t.eq(code, 0, err)
  local r = json.decode(out)
  t.ok(type(r) == "table" and r.ok, tostring(r and r.fatal))
  if type(r) ~= "table" or not r.series then return end
  t.eq(#r.errors, 0, "console errors: " .. table.concat(r.errors, " | "))
  t.ok(#r.series >= 4, "the demo's charts")
  for _, c in ipairs(r.series) do
    t.ok(not c.missing, c.title .. ": drawn")
    for _, s in ipairs(c.series) do
      if s.points > 0 then
        t.ok(s.pixels >= 20, c.title .. ": series " .. s.name .. " (" .. s.points .. " points) shows (" ..
             s.pixels .. " pixels of its colour)")
      end
    end
  end
end)

os.execute("rm -rf " .. q(dir))
t.done()
