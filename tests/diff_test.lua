-- Changing a rule safely: assay diff (two databases, --rerun), assay test
-- --snapshot, and assay eval against ../shared/gold's scorer.
-- test: no-valgrind
local t = require "assay.testing"
local db = require "assay.db"
local json = require "assay.json"
local bin, sh, q = t.bin(), t.sh, t.q

local function mkdir () local d = os.tmpname(); os.remove(d); assert(os.execute("mkdir -p " .. d)); return d end
local function write (path, s) local f = assert(io.open(path, "wb")); f:write(s); f:close() end
local function read (path) local f = assert(io.open(path, "rb")); local s = f:read("a"); f:close(); return s end

-- {====== a small pack whose every change is known ======

local PACK = [[
rule "money" {
  need = { "元" },
  pattern = [=[(\d+)(万)?元]=],
  emit = function (m)
    return { kind = "funds", value = tonumber(m[1]) * (m[2] and 10000 or 1), unit = "元", qualifier = "exact" }
  end,
}
rule "count" {
  pattern = [=[(\d+)(户|人)]=],
  emit = function (m)
    return { kind = m[2] == "户" and "households" or "persons", value = math.tointeger(tonumber(m[1])), unit = m[2] }
  end,
}
]]

local DOCS = {
  ["a.txt"] = "全县投入资金300万元。\n帮扶贫困户120户，带动就业45人。\n",
  ["b.txt"] = "村里修路花了8万元。\n",
  ["c.txt"] = "这是一篇没有数字的文章。\n",
}

local function setup ()
  local dir = mkdir()
  os.execute("mkdir -p " .. dir .. "/docs")
  for name, s in pairs(DOCS) do write(dir .. "/docs/" .. name, s) end
  write(dir .. "/old.lua", PACK)
  -- one rule changed: 户 counts become villages, 人 counts are gone, and
  -- money also counts bare 元 figures twice (a second fact on one span)
  local new = PACK:gsub('m%[2%] == "户" and "households" or "persons"', 'm[2] == "户" and "villages" or nil')
  new = new:gsub("return { kind = m%[2%]", "if m[2] == \"人\" then return nil end\n    return { kind = m[2]")
  write(dir .. "/new.lua", new)
  return dir
end

local function run (dir, rules, dbname)
  local out, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " run -q -j 1 --db " .. dbname .. " " .. rules .. " -- docs")
  assert(code == 0, "run failed: " .. out .. err)
end

local dir = setup()
run(dir, "old.lua", "a.db")
run(dir, "new.lua", "b.db")

local function diff (args)
  return sh("cd " .. q(dir) .. " && " .. bin .. " diff " .. args)
end

t.test("diff: the changed and removed facts, per rule, with their sentences", function ()
  local out, code = diff("a.db b.db")
  t.eq(code, 1, "exit status when different")
  t.ok(out:find("count%s+0%s+1%s+1"), "count: 0 added, 1 removed, 1 changed\n" .. out)
  t.ok(not out:find("\nmoney "), "money did not change\n" .. out)
  t.ok(out:find("a.txt: +0 -1 ~1", 1, true), out)
  t.ok(out:find("~ count  line 2  120户  kind: households -> villages", 1, true), out)
  t.ok(out:find("- count  line 2  45人  kind=persons value=45 unit=人", 1, true), out)
  t.ok(out:find("帮扶贫困户»120户«，带动就业45人。", 1, true), "sentence with the span marked\n" .. out)
  t.ok(not out:find("b.txt", 1, true), "b.txt has no change")
end)

t.test("diff: equal databases exit 0; --json; --rule and --kind filter", function ()
  local out, code = diff("a.db a.db")
  t.eq(code, 0)
  t.ok(out:find("no fact differs", 1, true), out)
  out, code = diff("--json --limit 0 a.db b.db")
  t.eq(code, 1)
  local r = json.decode(out)
  t.eq(r.equal, false)
  t.eq(r.total, { added = 0, removed = 1, changed = 1 })
  t.eq(#r.changes, 2)
  local byw = {}
  for _, c in ipairs(r.changes) do byw[c.change] = c end
  t.eq(byw.changed.a.kind, "households"); t.eq(byw.changed.b.kind, "villages")
  t.eq(byw.changed.line, 2); t.eq(byw.changed.doc, "a.txt")
  t.eq(byw.removed.b, nil); t.eq(byw.removed.a.value, 45)
  out, code = diff("--rule money a.db b.db")
  t.eq(code, 0, "no change of rule money")
  out, code = diff("--kind villages --json a.db b.db")
  t.eq(code, 1)
  t.eq(json.decode(out).total, { added = 0, removed = 0, changed = 1 }, "a kind matches either side")
  out, code = diff("--kind persons --json b.db a.db")
  t.eq(json.decode(out).total, { added = 1, removed = 0, changed = 0 }, "reversed: the 人 fact is added")
  out = diff("--limit 1 a.db b.db")
  t.ok(out:find("(1 of 2 changes listed", 1, true), out)
end)

t.test("diff: documents on one side only; two facts on one span", function ()
  local d2 = setup()
  os.remove(d2 .. "/docs/b.txt")
  write(d2 .. "/docs/d.txt", "新增投入5万元。\n")
  -- a rule with two facts on one span: the second is added
  write(d2 .. "/twice.lua", PACK:gsub('kind = "funds", value = tonumber%(m%[1%]%) %* %(m%[2%] and 10000 or 1%), unit = "元", qualifier = "exact" }',
    '{ kind = "funds", value = tonumber(m[1]) * (m[2] and 10000 or 1), unit = "元", qualifier = "exact" }, { kind = "funds", value = 0, unit = "元" } }'))
  run(d2, "old.lua", "a.db")
  run(d2, "twice.lua", "c.db")
  os.execute("cp " .. q(dir .. "/a.db") .. " " .. q(d2 .. "/orig.db"))
  local out, code = sh("cd " .. q(d2) .. " && " .. bin .. " diff --json --limit 0 a.db c.db")
  t.eq(code, 1, out)
  local r = json.decode(out)
  t.eq(r.total, { added = 2, removed = 0, changed = 0 }, "a second fact on each money span")
  for _, c in ipairs(r.changes) do t.eq(c.b.value, 0) end
  out, code = sh("cd " .. q(d2) .. " && " .. bin .. " diff --json --limit 0 orig.db a.db")
  r = json.decode(out)
  t.eq(r.docs.only_a, 1); t.eq(r.docs.only_b, 1)
  t.eq(r.total, { added = 1, removed = 1, changed = 0 }, "b.txt's fact removed, d.txt's added")
end)

t.test("diff: facts without a span are matched in order", function ()
  local d3 = mkdir()
  os.execute("mkdir -p " .. d3 .. "/docs")
  write(d3 .. "/docs/a.txt", "投入资金300万元。\n")
  local r = [=[rule "note" { match = function (doc) return { { kind = "note", value = 1 }, { kind = "note", value = 2 }EXTRA } end }
rule "m" { pattern = [[(\d+)万元]] }]=]
  write(d3 .. "/r1.lua", (r:gsub("EXTRA", "")))
  write(d3 .. "/r2.lua", (r:gsub("EXTRA", ', { kind = "note", value = 3 }')))
  run(d3, "r1.lua", "a.db")
  run(d3, "r2.lua", "b.db")
  local out, code = sh("cd " .. q(d3) .. " && " .. bin .. " diff --json a.db b.db")
  t.eq(code, 1)
  local j = json.decode(out)
  t.eq(j.total, { added = 1, removed = 0, changed = 0 })
  t.eq(j.changes[1].b.value, 3)
end)

t.test("diff: bad arguments and databases", function ()
  local out, code, err = diff("a.db")
  t.eq(code, 2); t.ok(err:find("two databases", 1, true), err)
  _, code, err = diff("a.db missing.db")
  t.eq(code, 2); t.ok(err:find("missing.db", 1, true), err)
  write(dir .. "/plain.db", "")
  db.open(dir .. "/other.db"):exec("CREATE TABLE x(y)")
  _, code, err = diff("a.db other.db")
  t.eq(code, 2); t.ok(err:find("other.db is not an assay facts database", 1, true), err)
  _, code, err = diff("--limit x a.db b.db")
  t.eq(code, 2); t.ok(err:find("--limit", 1, true), err)
  _, code, err = diff("--frob a.db b.db")
  t.eq(code, 2); t.ok(err:find("unknown option '--frob'", 1, true), err)
  _, code, err = diff("--rerun a.db")
  t.eq(code, 2); t.ok(err:find("--rerun needs", 1, true), err)
end)

t.test("diff --rerun: new rules on the stored documents; the database untouched", function ()
  local before = read(dir .. "/a.db")
  local out, code = diff("--rerun new.lua a.db")
  t.eq(code, 1, out)
  t.ok(out:find("~ count  line 2  120户  kind: households -> villages", 1, true), out)
  t.eq(read(dir .. "/a.db"), before, "a.db unchanged")
  out, code = diff("--rerun old.lua a.db")
  t.eq(code, 0, out)
  out, code = diff("--rerun --keep kept.db new.lua a.db")
  t.eq(code, 1)
  local d = db.open(dir .. "/kept.db")
  t.eq(d:val("SELECT count(*) FROM facts WHERE kind = 'villages'"), 1)
  d:close()
end)

t.test("diff --rerun from another directory: paths relative to the database's; elsewhere a clear error", function ()
  local other = mkdir()
  local out, code, err = sh("cd " .. q(other) .. " && " .. bin .. " diff --rerun " .. q(dir .. "/new.lua") .. " " ..
                            q(dir .. "/a.db"))
  t.eq(code, 1, out .. err)
  t.ok(out:find("~ count  line 2  120户  kind: households -> villages", 1, true), out .. err)
  -- the database moved away from the run's directory: nothing to find
  os.execute("cp " .. q(dir .. "/a.db") .. " " .. q(other .. "/moved.db"))
  out, code, err = sh("cd " .. q(other) .. " && " .. bin .. " diff --rerun " .. q(dir .. "/new.lua") .. " moved.db")
  t.eq(code, 2, out .. err)
  t.ok(err:find("moved.db's documents are named relative to the directory its run was made in (docs/", 1, true), err)
  t.ok(err:find("run assay diff --rerun from there", 1, true), err)
  os.execute("rm -rf " .. q(other))
end)

t.test("diff --rerun: a corpus with subdirectories, a shard, --json: the same rules differ in nothing", function ()
  os.execute("mkdir -p " .. q(dir .. "/nested/2020") .. " " .. q(dir .. "/nested/2021"))
  write(dir .. "/nested/2020/a.txt", DOCS["a.txt"])
  write(dir .. "/nested/2021/b.txt", DOCS["b.txt"])
  for _, opts in ipairs({ "", "--json", "--shard 0/1", "--shard 0/1 --prune --profile" }) do
    os.remove(dir .. "/n.db")
    local out, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " run -q " .. opts .. " --db n.db old.lua -- nested")
    t.eq(code, 0, err)
    out, code, err = diff("--rerun old.lua n.db")
    t.eq(code, 0, opts .. ": " .. out .. err)
    t.ok(out:find("0 only in A, 0 only in B", 1, true), opts .. ": " .. out)
    t.ok(not out:find("{", 1, true), opts .. ": no JSON from the rerun\n" .. out)
  end
  os.remove(dir .. "/n.db")
end)

-- }======

-- {====== one rule of a copy of the fupin pack changed ======

-- the edit: households by default (unit 户 without a topic) become villages
local EDIT_FROM, EDIT_TO = '["户"] = "households"', '["户"] = "villages"'

t.test("fupin: diff and --snapshot report exactly the facts one changed rule moved", function ()
  local w = mkdir()
  os.execute("cp -r scripts/fupin " .. q(w .. "/fupin") .. " && rm -rf " .. q(w .. "/fupin/snapshot"))
  local src = read(w .. "/fupin/figure.lua")
  local s, e = src:find(EDIT_FROM, 1, true)
  t.ok(s, "the test's edit no longer applies to scripts/fupin/figure.lua: choose another in tests/diff_test.lua")
  write(w .. "/fupin/figure.lua", src:sub(1, s - 1) .. EDIT_TO .. src:sub(e + 1))
  local corpus = os.getenv("PWD") .. "/examples/corpus"
  local function frun (pack, name)
    local out, code, err = sh(bin .. " run -q --db " .. q(w .. "/" .. name) .. " " .. pack .. " -- " .. q(corpus))
    assert(code == 0, out .. err)
  end
  frun("scripts/fupin", "a.db")
  frun(q(w .. "/fupin"), "b.db")
  -- what changed, read from the two databases here
  local function facts (name)
    local d = db.open(w .. "/" .. name)
    local m = {}
    for r in d:rows("SELECT d.key, f.* FROM facts f JOIN docs d ON d.id = f.doc_id") do
      m[table.concat({ r.key, r.rule, r.start, r.stop, r.seq }, "|")] = r
    end
    d:close()
    return m
  end
  local A, B = facts("a.db"), facts("b.db")
  local want = {}
  for k, a in pairs(A) do
    local b = B[k]
    t.ok(b, "no fact disappears: " .. k)
    if b.kind ~= a.kind then
      t.eq(a.kind, "households"); t.eq(b.kind, "villages")
      want[#want + 1] = a.key .. "|" .. a.surface
    end
  end
  for k in pairs(B) do t.ok(A[k], "no fact appears: " .. k) end
  t.ok(#want > 0, "the edit changes some facts of examples/corpus")
  table.sort(want)
  -- assay diff lists exactly these, each with its sentence
  local out, code = sh(bin .. " diff --json --limit 0 " .. q(w .. "/a.db") .. " " .. q(w .. "/b.db"))
  t.eq(code, 1)
  local r = json.decode(out)
  t.eq(r.total, { added = 0, removed = 0, changed = #want })
  local got = {}
  for _, c in ipairs(r.changes) do
    got[#got + 1] = c.doc .. "|" .. c.surface
    t.eq(c.rule, "figure")
    t.ok(c.sentence and c.sentence:find("»" .. c.surface .. "«", 1, true), "sentence of " .. c.surface)
  end
  table.sort(got)
  t.eq(got, want)
  -- the snapshot: taken with the pack, then checked with the changed copy
  local snap = w .. "/snap"
  local _, c1 = sh(bin .. " test --snapshot " .. q(snap) .. " --update scripts/fupin -- " .. q(corpus))
  t.eq(c1, 0)
  local sout, c2 = sh(bin .. " test --snapshot " .. q(snap) .. " " .. q(w .. "/fupin") .. " -- " .. q(corpus))
  t.eq(c2, 1, "a changed snapshot fails")
  t.ok(sout:find(string.format("0 added, 0 removed, %d changed", #want), 1, true), sout)
  local rows = {}
  for doc, surface, line in sout:gmatch("\n  ~ ([^:\n]+):%d+  figure  ([^ \n]+)  kind: households %-> villages\n      ([^\n]+)") do
    rows[#rows + 1] = doc .. "|" .. surface
    t.ok(line:find("»" .. surface .. "«", 1, true), "sentence of " .. surface)
  end
  table.sort(rows)
  t.eq(#rows, #want, sout)
  for i, k in ipairs(rows) do t.ok(want[i]:sub(-#k) == k, want[i] .. " vs " .. k) end
  -- accepted with --update, it passes again
  t.eq(select(2, sh(bin .. " test --snapshot " .. q(snap) .. " --update " .. q(w .. "/fupin") .. " -- " .. q(corpus))), 0)
  t.eq(select(2, sh(bin .. " test --snapshot " .. q(snap) .. " " .. q(w .. "/fupin") .. " -- " .. q(corpus))), 0)
end)

t.test("--snapshot: a missing or damaged snapshot, bad arguments", function ()
  local w = mkdir()
  local _, code, err = sh(bin .. " test --snapshot " .. q(w .. "/none") .. " " .. q(dir .. "/old.lua") .. " -- " .. q(dir .. "/docs"))
  t.eq(code, 1); t.ok(err:find("no snapshot", 1, true) and err:find("--update", 1, true), err)
  os.execute("mkdir -p " .. q(w .. "/bad"))
  write(w .. "/bad/facts.tsv", "doc\tline\n")
  _, code, err = sh(bin .. " test --snapshot " .. q(w .. "/bad") .. " " .. q(dir .. "/old.lua") .. " -- " .. q(dir .. "/docs"))
  t.eq(code, 1); t.ok(err:find("facts.tsv:1: not a snapshot header", 1, true), err)
  _, code, err = sh(bin .. " test --snapshot " .. q(w .. "/x") .. " " .. q(dir .. "/old.lua"))
  t.eq(code, 2); t.ok(err:find("inputs after '--'", 1, true), err)
  -- names without the input directory: a snapshot does not depend on where the corpus is
  _, code = sh(bin .. " test --snapshot " .. q(w .. "/ok") .. " --update " .. q(dir .. "/old.lua") .. " -- " .. q(dir .. "/docs/"))
  t.eq(code, 0)
  local s = read(w .. "/ok/facts.tsv")
  t.ok(s:find("\na.txt\t1\tmoney\tfunds\t300万元\t3000000\t元\texact\t", 1, true), s)
end)

-- }======

-- {====== eval agrees with ../shared/gold/score.py ======

local GOLD = "../shared/gold"
local have_gold = io.open(GOLD .. "/score.py", "rb")
if have_gold then have_gold:close() end
local _, pycode = sh("python3 -c 'import decimal'")
if not have_gold then
  t.skip("eval vs score.py: ../shared/gold is absent")
elseif pycode ~= 0 then
  t.skip("eval vs score.py: no python3")
else
  -- the figure lines of score.py's output and its last line
  local function figures (out)
    local keep = {}
    for l in out:gmatch("[^\n]+") do
      if l:match("^gold %d") or l:match("accuracy %d") or l:match("^  strict") or l:match("^P=") then
        keep[#keep + 1] = l
      end
    end
    return table.concat(keep, "\n")
  end
  for _, set in ipairs({ { "seeds", "../shared/corpus/seeds" }, { "dev", "../shared/corpus/dev/*.txt" } }) do
    t.test("eval prints score.py's figures on the " .. set[1] .. " set", function ()
      local pred = os.tmpname()
      local gold = GOLD .. "/" .. set[1] .. ".facts.tsv"
      local out, code, err = sh(bin .. " eval --pred " .. pred .. " scripts/fupin --gold " .. gold .. " -- " .. set[2])
      t.eq(code, 0, err)
      local py = sh("python3 " .. GOLD .. "/score.py facts " .. pred .. " " .. gold)
      os.remove(pred)
      t.ok(#figures(py) > 100, py)
      t.eq(figures(out), figures(py))
      t.ok(out:find("per kind", 1, true) and out:find("false positives (", 1, true), out)
    end)
  end
  t.test("eval's region mapping and value comparison are score.py's", function ()
    local eval = require "assay.cmd.eval"
    local regions = { "黔东南苗族侗族自治州", "城步苗族自治县儒林镇", "鄂温克族自治旗", "内蒙古自治区呼和浩特市",
      "广西壮族自治区百色市", "新疆维吾尔自治区", "山东省聊城市", "重庆市", "黑龙江省", "山东", "伊犁哈萨克自治州",
      "鄂伦春自治旗", "湖南省湘西土家族苗族自治州", "延边朝鲜族自治州", " 聊城 ", "", "全国", "自治县", "省市" }
    local values = { { "100", "100.0" }, { "1e2", "100" }, { "7-8", "7-8" }, { "7-8", "7 - 8" }, { " 5", "5" },
      { "0.50", ".5" }, { "-0", "0" }, { "NaN", "NaN" }, { "1_000", "1000" }, { "inf", "Infinity" },
      { "abc", "abc" }, { "", "" }, { "1.", "1" }, { "12000000", "1.2e7" }, { "3", "4" } }
    local lines = {}
    for _, r in ipairs(regions) do lines[#lines + 1] = "R\t" .. r end
    for _, v in ipairs(values) do lines[#lines + 1] = "V\t" .. v[1] .. "\t" .. v[2] end
    local input = t.tmpfile(table.concat(lines, "\n") .. "\n")
    local script = t.tmpfile([[
import sys
sys.path.insert(0, sys.argv[1])
from score import norm_region, num_eq
for l in open(sys.argv[2], encoding='utf-8'):
    f = l.rstrip('\n').split('\t')
    print(norm_region(f[1]) if f[0] == 'R' else ('1' if num_eq(f[1], f[2]) else '0'))
]])
    local py = sh("python3 " .. script .. " " .. GOLD .. " " .. input)
    os.remove(script); os.remove(input)
    local mine = {}
    for _, r in ipairs(regions) do mine[#mine + 1] = eval.norm_region(r) end
    for _, v in ipairs(values) do mine[#mine + 1] = eval.num_eq(v[1], v[2]) and "1" or "0" end
    t.eq(table.concat(mine, "\n") .. "\n", py)
  end)
end

t.test("eval: bad arguments and gold files", function ()
  local _, code, err = sh(bin .. " eval scripts/fupin -- examples/corpus")
  t.eq(code, 2); t.ok(err:find("--gold", 1, true), err)
  _, code, err = sh(bin .. " eval --db x.db scripts/fupin --gold g.tsv")
  t.eq(code, 2); t.ok(err:find("no RULES", 1, true), err)
  _, code, err = sh(bin .. " eval --mode dates --db x.db --gold g.tsv")
  t.eq(code, 2); t.ok(err:find("facts or quantities", 1, true), err)
  -- a gold or --docs file that cannot be read: named with the reason, one line, no traceback
  _, code, err = sh(bin .. " eval scripts/fupin --gold /nonexistent/g.tsv -- examples/corpus")
  t.eq(code, 2); t.eq(err, "assay eval: cannot read the gold /nonexistent/g.tsv: No such file or directory\n")
  local d = os.tmpname(); os.remove(d); os.execute("mkdir -p " .. q(d))
  _, code, err = sh(bin .. " eval scripts/fupin --gold " .. q(d) .. " -- examples/corpus")
  t.eq(code, 2); t.eq(err, "assay eval: gold: " .. d .. ": Is a directory\n")
  _, code, err = sh(bin .. " eval --db x.db --gold examples/gold.facts.tsv --docs " .. q(d))
  t.eq(code, 2); t.eq(err, "assay eval: --docs: " .. d .. ": Is a directory\n")
  os.execute("rm -rf " .. q(d))
  local g = t.tmpfile("doc\tline\tkind\tregion\tperiod\tvalue\tunit\tqualifier\tsurface\na.txt\tx\tfunds\t\t\t1\t元\texact\t1元\n")
  _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " eval --db a.db --gold " .. q(g))
  os.remove(g)
  t.eq(code, 1); t.ok(err:find("line is not a number: 'x'", 1, true), err)
  -- a small gold scored over a database
  g = t.tmpfile("doc\tline\tkind\tregion\tperiod\tvalue\tunit\tqualifier\tsurface\n" ..
                "a.txt\t1\tfunds\t\t\t3000000\t元\texact\t300万元\na.txt\t2\thouseholds\t\t\t120\t户\texact\t120户\n" ..
                "b.txt\t1\tfunds\t\t\t80000\t元\tmin\t8万元\n")
  local out
  out, code = sh("cd " .. q(dir) .. " && " .. bin .. " eval --db b.db --gold " .. q(g))
  os.remove(g)
  t.eq(code, 0)
  t.ok(out:find("gold 3  pred 3  matched 3  P 1.000  R 1.000  F1 1.000", 1, true), out)
  t.ok(out:find("  kind      accuracy 0.667", 1, true), out)
  t.ok(out:find("  qualifier accuracy 0.333", 1, true), out)
  t.ok(out:find("a.txt:2  120户  qualifier  (gold exact); kind villages (gold households)\n      帮扶贫困户»120户«", 1, true), out)
  t.ok(out:find("b.txt:1  8万元  qualifier exact (gold min)", 1, true), out)
end)

t.test("eval: a JSONL record is file#id (file#line without an id), as scripts/facts.lua and the gold name it", function ()
  local d = mkdir()
  os.execute("mkdir -p " .. d .. "/docs/news")
  write(d .. "/docs/news/r.jsonl", '{"id":"A17","text":"投入资金300万元。"}\n{"text":"修路花了8万元。"}\n')
  write(d .. "/old.lua", PACK)
  write(d .. "/g.tsv", "doc\tline\tkind\tregion\tperiod\tvalue\tunit\tqualifier\tsurface\n" ..
        "r.jsonl#A17\t1\tfunds\t\t\t3000000\t元\texact\t300万元\n" ..
        "r.jsonl#2\t1\tfunds\t\t\t80000\t元\texact\t8万元\n")
  local out, code, err = sh("cd " .. q(d) .. " && " .. bin .. " eval -j 1 --gold g.tsv old.lua -- docs")
  t.eq(code, 0, err)
  t.ok(out:find("gold 2  pred 2  matched 2", 1, true), out)
  os.execute("rm -rf " .. q(d))
end)

t.test("eval: --no-simplify and --simplify reach the run (a traditional text)", function ()
  local d = mkdir()
  os.execute("mkdir -p " .. d .. "/docs")
  write(d .. "/docs/t.txt", "該縣投入扶貧資金300萬元。\n")
  write(d .. "/old.lua", PACK)
  local g = d .. "/g.tsv"
  write(g, "doc\tline\tkind\tregion\tperiod\tvalue\tunit\tqualifier\tsurface\n" ..
           "t.txt\t1\tfunds\t\t\t3000000\t元\texact\t300萬元\n")
  local function ev (opt)
    local out, code, err = sh("cd " .. q(d) .. " && " .. bin .. " eval " .. opt .. " -j 1 --gold g.tsv old.lua -- docs")
    t.eq(code, 0, err)
    return out
  end
  -- by default, as assay run: a traditional text is matched simplified
  t.ok(ev(""):find("pred 1  matched 1", 1, true))
  t.ok(ev("--simplify"):find("pred 1  matched 1", 1, true))
  -- --no-simplify: 萬 is not 万, so nothing matches
  local out = ev("--no-simplify")
  t.ok(out:find("gold 1  pred 0  matched 0", 1, true), out)
  os.execute("rm -rf " .. q(d))
end)

-- }======

t.done()
