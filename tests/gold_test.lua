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

t.test("scripts read files as assay run does: GBK and HTML give the quantities of the UTF-8 text", function ()
  local text = "全镇共有贫困户126户、403人，\n去年投入帮扶资金2.6亿元，户均增收3000元以上。\n"
  local utf8f = t.tmpfile(text, ".txt")
  local want = lines_of((sh(bin .. " scripts/quantities.lua " .. q(utf8f))))
  t.eq(#want, 5, "rows of the UTF-8 text")
  local gbk = t.tmpfile("", ".txt")
  local _, pc = sh("python3 -c " .. q("import sys; open(sys.argv[2],'wb').write(open(sys.argv[1],encoding='utf-8').read().encode('gbk'))")
                   .. " " .. q(utf8f) .. " " .. q(gbk))
  local html = t.tmpfile("<html><head><title>T</title><script>var s = '全年投入999亿元';</script></head><body><p>"
                         .. text:gsub("\n", "<br>\n") .. "</p></body></html>", ".html")
  local function rows (path)
    local out, code, err = sh(bin .. " scripts/quantities.lua " .. q(path))
    t.eq(code, 0, err)
    local r = {}
    for i, l in ipairs(lines_of(out)) do if i > 1 then r[#r + 1] = l:gsub("^[^\t]*\t[^\t]*\t", "") end end
    return r
  end
  local plain = {}
  for i, l in ipairs(want) do if i > 1 then plain[#plain + 1] = l:gsub("^[^\t]*\t[^\t]*\t", "") end end
  if pc == 0 then t.eq(rows(gbk), plain, "GBK") else t.skip("gold_test: python3 absent, GBK not written") end
  t.eq(rows(html), plain, "HTML: no 999亿元 from the <script>")
  os.remove(utf8f); os.remove(gbk); os.remove(html)
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

-- The development set (30 real documents) and the forms of real text
-- (../shared/gold/dev): every form reads as expected; dev scores.
local FORMS = GOLD .. "/dev/forms.tsv"
local DEV = "../shared/corpus/dev"
if not exists(FORMS) then
  t.skip("gold_test: " .. FORMS .. " is absent: the forms of real documents are NOT checked")
else
  t.test("forms.tsv: every form gives its expected reading", function ()
    local cn = require "assay.cn"
    local f = assert(io.open(FORMS))
    f:read("l")
    local n = 0
    for line in f:lines() do
      local id, text, exp = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)")
      if id then
        n = n + 1
        local got = {}
        for _, m in ipairs(cn.quantities(text)) do
          local v = m.high and (cn.format(m.low) .. "-" .. cn.format(m.high)) or cn.format(m.value)
          got[#got + 1] = m.surface .. "=" .. v .. " " .. m.unit .. " " .. m.qualifier
        end
        t.eq(#got == 0 and "-" or table.concat(got, "; "), (exp:gsub(" %(.*$", "")), id .. " " .. text)
        if exp:find("no date", 1, true) then t.eq(#cn.dates(text), 0, id .. " dates") end
      end
    end
    f:close()
    t.ok(n >= 75, "forms read: " .. n)
  end)
end

-- a multiset match of (doc, line, surface) -> precision, recall, share of
-- matched rows whose other columns are all equal
local function tsv_score (pred, gold)
  local function rows (s)
    local r = {}
    for i, l in ipairs(lines_of(s)) do
      if i > 1 and l ~= "" then
        local c = {}
        for x in (l .. "\t"):gmatch("([^\t]*)\t") do c[#c + 1] = x end
        r[#r + 1] = c
      end
    end
    return r
  end
  local g, p = rows(gold), rows(pred)
  local pool = {}
  for _, c in ipairs(g) do
    local k = c[1] .. "\t" .. c[2] .. "\t" .. c[3]
    pool[k] = pool[k] or {}
    table.insert(pool[k], table.concat(c, "\t", 4))
  end
  local matched, same = 0, 0
  for _, c in ipairs(p) do
    local l = pool[c[1] .. "\t" .. c[2] .. "\t" .. c[3]]
    if l and #l > 0 then
      matched = matched + 1
      local rest = table.concat(c, "\t", 4)
      local hit
      for i, v in ipairs(l) do if v == rest then hit = i; break end end
      if hit then same = same + 1 end
      table.remove(l, hit or 1)
    end
  end
  return matched / math.max(#p, 1), matched / math.max(#g, 1), matched > 0 and same / matched or 0
end

local read_all = require("assay.host").readfile

if not (exists(GOLD .. "/dev.quantities.tsv") and exists(DEV .. "/dA01.txt")) then
  t.skip("gold_test: the development set (" .. DEV .. ") is absent: its scores are NOT checked")
else
  t.test("dev quantities: precision >= 0.95, recall >= 0.96, every matched value right", function ()
    local out, code, err = sh(bin .. " scripts/quantities.lua " .. DEV .. "/*.txt")
    t.eq(code, 0, err)
    local P, R = tsv_score(out, read_all(GOLD .. "/dev.quantities.tsv"))
    t.ok(P >= 0.95 and R >= 0.96, ("P %.3f R %.3f"):format(P, R))
  end)

  -- score.py has no dates mode: the same multiset match, values compared as strings
  t.test("dev dates: precision and recall >= 0.95, every matched value right", function ()
    local out, code, err = sh(bin .. " scripts/dates.lua " .. DEV .. "/*.txt")
    t.eq(code, 0, err)
    local P, R, V = tsv_score(out, read_all(GOLD .. "/dev.dates.tsv"))
    t.ok(P >= 0.95 and R >= 0.95, ("P %.3f R %.3f"):format(P, R))
    t.eq(V, 1.0, "value accuracy")
  end)
end

-- Not t.done(): its os.exit skips freeing the host's state, which
-- LeakSanitizer and valgrind report; returning lets main close it.
local passed, failed = t.counts()
io.stdout:write(("%d passed, %d failed\n"):format(passed, failed))
if failed > 0 then os.exit(1) end
