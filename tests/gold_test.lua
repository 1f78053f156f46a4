-- scripts/quantities.lua and scripts/dates.lua: their command-line contract,
-- and their scores on the gold set (../shared/gold, scored by its own
-- check_gold.py).  Run from the repository root.
-- test: no-valgrind
local t = require "assay.testing"
local bin, sh, q = t.bin(), t.sh, t.q

local GOLD = "../shared/gold"
local SEEDS = "../shared/corpus/seeds"

local function exists (path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

local function lines_of (s)
  local out = {}
  for l in s:gmatch("([^\n]*)\n") do out[#out + 1] = l end
  return out
end

t.test("quantities.lua: header, columns, lines, values", function ()
  local f = t.tmpfile("第一行\n投入资金1200多万元，覆盖3-5万元\n\n受益群众2363户、5178人", ".txt")
  local out, code, err = sh(bin .. " scripts/quantities.lua " .. q(f))
  os.remove(f)
  t.eq(code, 0, err)
  local base = f:match("([^/]*)$")
  t.eq(lines_of(out), {
    "doc\tline\tsurface\tvalue\tunit\tqualifier",
    base .. "\t2\t1200多万元\t12000000\t元\tmin",
    base .. "\t2\t3-5万元\t30000-50000\t元\texact",
    base .. "\t4\t2363户\t2363\t户\texact",
    base .. "\t4\t5178人\t5178\t人\texact",
  })
end)

t.test("dates.lua: header, columns, lines, values", function ()
  local f = t.tmpfile("2019、2020年\n\n12月9日19时许，2017年底", ".txt")
  local out, code, err = sh(bin .. " scripts/dates.lua " .. q(f))
  os.remove(f)
  t.eq(code, 0, err)
  local base = f:match("([^/]*)$")
  t.eq(lines_of(out), {
    "doc\tline\tsurface\tvalue",
    base .. "\t1\t2019\t2019",
    base .. "\t1\t2020年\t2020",
    base .. "\t3\t12月9日\t--12-09",
    base .. "\t3\t19时许\tT19:00",
    base .. "\t3\t2017年底\t2017-12",
  })
end)

t.test("scripts: an unreadable file is named on stderr, the others still run, exit 1", function ()
  local f = t.tmpfile("共5个村", ".txt")
  for _, script in ipairs { "quantities", "dates" } do
    local out, code, err = sh(bin .. " scripts/" .. script .. ".lua /nonexistent/a.txt " .. q(f))
    t.eq(code, 1, script)
    t.ok(err:find("/nonexistent/a.txt", 1, true), "stderr names the file: " .. err)
    t.ok(out:find("^doc\tline\tsurface\tvalue"), "header still printed: " .. out)
    if script == "quantities" then t.ok(out:find("5个\t5\t个\texact", 1, true), out) end
  end
  os.remove(f)
end)

t.test("scripts: no file is a usage error", function ()
  for _, script in ipairs { "quantities", "dates" } do
    local _, code, err = sh(bin .. " scripts/" .. script .. ".lua")
    t.eq(code, 2, script)
    t.ok(err:find("usage:", 1, true), err)
  end
end)

-- check_gold.py's report -> table of numbers
local function scores (report)
  local r = {}
  r.precision = tonumber(report:match("precision=([%d.]+)"))
  r.recall = tonumber(report:match("recall=([%d.]+)"))
  r.all = tonumber(report:match("all%-fields accuracy %(of matched%) = ([%d.]+)"))
  r.matched = tonumber(report:match("matched=(%d+)"))
  return r
end

local have_gold = exists(GOLD .. "/check_gold.py") and exists(GOLD .. "/seeds.quantities.tsv")
local _, pycode = sh("python3 -c 'import decimal'")
if not have_gold then
  t.skip("gold_test: " .. GOLD .. " is absent: the gold-set scores are NOT checked")
elseif pycode ~= 0 then
  t.skip("gold_test: python3 is absent: the gold-set scores are NOT checked")
else
  local files = SEEDS .. "/*.txt"

  t.test("gold quantities: precision >= 0.98, recall >= 0.97, every matched field right", function ()
    local tsv = os.tmpname()
    local _, code, err = sh(bin .. " scripts/quantities.lua " .. files .. " > " .. tsv)
    t.eq(code, 0, err)
    local report = sh("python3 " .. GOLD .. "/check_gold.py score " .. tsv)
    os.remove(tsv)
    local r = scores(report)
    t.ok(r.precision and r.precision >= 0.98, "precision: " .. report)
    t.ok(r.recall and r.recall >= 0.97, "recall: " .. report)
    t.eq(r.all, 1.0, "all-fields accuracy: " .. report)
  end)

  t.test("gold dates: precision and recall >= 0.95", function ()
    local tsv = os.tmpname()
    local _, code, err = sh(bin .. " scripts/dates.lua " .. files .. " > " .. tsv)
    t.eq(code, 0, err)
    local report = sh("python3 " .. GOLD .. "/check_gold.py score-dates " .. tsv)
    os.remove(tsv)
    local r = scores(report)
    t.ok(r.precision and r.precision >= 0.95, "precision: " .. report)
    t.ok(r.recall and r.recall >= 0.95, "recall: " .. report)
    t.eq(r.all, 1.0, "value accuracy: " .. report)
  end)

  t.test("gold quantities: score.py agrees", function ()
    if not exists(GOLD .. "/score.py") then
      t.skip("gold_test: score.py absent")
      return
    end
    local tsv = os.tmpname()
    sh(bin .. " scripts/quantities.lua " .. files .. " > " .. tsv)
    local report = sh("python3 " .. GOLD .. "/score.py quantities " .. tsv .. " " .. GOLD .. "/seeds.quantities.tsv")
    os.remove(tsv)
    local P = tonumber(report:match("P=([%d.]+)"))
    local R = tonumber(report:match("R=([%d.]+)"))
    t.ok(P and P >= 0.98 and R and R >= 0.97, report)
  end)
end

-- Not t.done(): its os.exit skips freeing the host's state, which
-- LeakSanitizer and valgrind report; returning lets main close it.
local passed, failed = t.counts()
io.stdout:write(("%d passed, %d failed\n"):format(passed, failed))
if failed > 0 then os.exit(1) end
