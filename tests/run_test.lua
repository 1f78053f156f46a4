-- Batch runs end to end: assay run / test / try / show as a user calls them.
-- test: no-valgrind
local t = require "assay.testing"
local db = require "assay.db"
local bin, sh, q = t.bin(), t.sh, t.q

local function mkdir () local d = os.tmpname(); os.remove(d); assert(os.execute("mkdir -p " .. d)); return d end
local function write (path, s) local f = assert(io.open(path, "wb")); f:write(s); f:close() end
local function read (path) local f = assert(io.open(path, "rb")); local s = f:read("a"); f:close(); return s end

local RULES = [[
rule "money" {
  doc = "amounts of money",
  need = { "元" },
  pattern = [=[(?<num>\d+(?:\.\d+)?)(?<more>多|余)?(?<mult>万|亿)?(?<more2>多|余)?元]=],
  emit = function (m)
    local mult = ({ ["万"] = 10000, ["亿"] = 100000000 })[m.mult] or 1
    local v = tonumber(m.num) * mult
    return { value = math.tointeger(v) or v, unit = "元", qualifier = (m.more or m.more2) and "min" or "exact" }
  end,
  examples = {
    { "累计投入资金11.63亿元。", { value = 1163000000, unit = "元", surface = "11.63亿元" } },
    { "预计新增收入1200多万元", { value = 12000000, qualifier = "min" } },
    { "没有钱", false },
  },
}
rule "households" {
  pattern = [=[(\d+)户]=],
  emit = function (m) return { value = math.tointeger(tonumber(m[1])), unit = "户" } end,
}
rule "tagged" {
  doc = "marks money facts that sit in a sentence with 扶贫",
  after = { "money" },
  match = function (doc)
    for _, f in ipairs(doc.facts) do
      if f.kind == "money" then
        f.poverty = doc.text:sub(1, f.stop):find("扶贫", 1, true) ~= nil
      end
    end
  end,
}
]]

local DOCS = {
  ["a.txt"] = "高新区脱贫攻坚稳步推进。\n五年来累计投入扶贫资金5574万元，实施项目46个。\n帮扶贫困户7502户。\n",
  ["b.txt"] = "滨州市累计投入11.63亿元扶贫资金。预计新增国补收入1200多万元。\n",
  ["sub/c.txt"] = "这是一篇关于公园的文章，没有金额。\n",
}

local function corpus ()
  local dir = mkdir()
  os.execute("mkdir -p " .. dir .. "/docs/sub")
  for name, s in pairs(DOCS) do write(dir .. "/docs/" .. name, s) end
  write(dir .. "/rules.lua", RULES)
  return dir
end

local function run (dir, extra, dbname)
  return sh("cd " .. q(dir) .. " && " .. bin .. " run --db " .. (dbname or "f.db") .. " " .. (extra or "") ..
            " rules.lua -- docs")
end

-- the content a user queries, without run bookkeeping
local function dump (path)
  local d = assert(db.open(path))
  local out = {}
  for r in d:rows("SELECT id, key, hash, text, rules_hash FROM docs ORDER BY id") do
    out[#out + 1] = table.concat({ r.id, r.key, r.hash, r.rules_hash, #r.text }, "|")
  end
  for r in d:rows("SELECT * FROM facts ORDER BY id") do
    out[#out + 1] = table.concat({ r.id, r.doc_id, r.seq, r.rule, r.kind, tostring(r.value), tostring(r.unit),
      tostring(r.qualifier), tostring(r.surface), tostring(r.start), tostring(r.stop), tostring(r.sentence),
      tostring(r.extra) }, "|")
  end
  d:close()
  return table.concat(out, "\n")
end

t.test("run stores documents and facts with spans that give back the surface", function ()
  local dir = corpus()
  local _, code, err = run(dir, "-j 1")
  t.eq(code, 0, err)
  t.ok(err:find("3 documents processed", 1, true), err)
  local d = assert(db.open(dir .. "/f.db"))
  t.eq(d:val("SELECT count(*) FROM docs"), 3)
  t.eq(d:val("PRAGMA user_version"), 5)   -- 4: portable keys, dup_of, origin; 5: region_code (docs/schema.md)
  local n = 0
  for f in d:rows("SELECT f.*, d.text FROM facts f JOIN docs d ON d.id = f.doc_id") do
    n = n + 1
    t.eq(f.text:sub(f.start, f.stop), f.surface, "span of fact " .. f.id)
  end
  t.eq(n, 4)
  local big = d:one("SELECT * FROM facts WHERE surface = '11.63亿元'")
  t.eq(big.value, 1163000000); t.eq(math.type(big.value), "integer"); t.eq(big.unit, "元")
  local more = d:one("SELECT * FROM facts WHERE surface = '1200多万元'")
  t.eq(more.qualifier, "min")
  t.eq(more.extra, '{"poverty":true}', "after-rule tagged the fact")
  t.eq(d:val("SELECT count(*) FROM runs WHERE finished IS NOT NULL"), 1)
  t.ok(d:val("SELECT count(*) FROM rule_stats") >= 3)
  d:close()
  os.execute("rm -rf " .. dir)
end)

t.test("re-run is incremental: unchanged skipped, changed redone alone, new rules redo all", function ()
  local dir = corpus()
  t.eq(select(2, run(dir, "-j 1")), 0)
  local before = dump(dir .. "/f.db")
  local _, code, err = run(dir, "-j 1")
  t.eq(code, 0)
  t.ok(err:find("0 documents processed, 3 unchanged skipped", 1, true), err)
  t.eq(dump(dir .. "/f.db"), before, "a no-op re-run changes nothing")
  write(dir .. "/docs/b.txt", "滨州市累计投入12亿元。\n")
  _, code, err = run(dir, "-j 1")
  t.ok(err:find("1 documents processed, 2 unchanged skipped", 1, true), err)
  local d = assert(db.open(dir .. "/f.db"))
  t.eq(d:val("SELECT count(*) FROM facts WHERE surface = '11.63亿元'"), 0)
  t.eq(d:val("SELECT count(*) FROM facts WHERE surface = '12亿元'"), 1)
  d:close()
  -- the document holding the largest fact ids changes: its old facts go
  -- first, so the new ones get other ids than predicted; the ranges follow
  write(dir .. "/docs/b.txt", "滨州市另投入3万元和4万元，帮扶9户。\n")   -- b was redone last: top ids
  _, code, err = run(dir, "-j 1")
  t.ok(err:find("1 documents processed, 2 unchanged skipped", 1, true), err)
  d = assert(db.open(dir .. "/f.db"))
  t.eq(d:val([[SELECT count(*) FROM docs d WHERE first_fact IS NOT NULL AND
    (SELECT count(*) FROM facts f WHERE f.doc_id = d.id AND f.id BETWEEN d.first_fact AND d.last_fact)
    != (SELECT count(*) FROM facts f WHERE f.doc_id = d.id)]]), 0, "every document's facts lie in its range")
  t.eq(d:val("SELECT count(*) FROM facts f JOIN docs d ON d.id = f.doc_id WHERE d.key LIKE '%b.txt'"), 3)
  t.eq(d:val("SELECT count(*) FROM facts WHERE surface = '12亿元'"), 0)
  d:close()
  write(dir .. "/rules.lua", RULES .. "\n-- changed\n")
  _, code, err = run(dir, "-j 1")
  t.ok(err:find("3 documents processed, 0 unchanged skipped", 1, true), err)
  d = assert(db.open(dir .. "/f.db"))
  t.eq(d:val("SELECT count(*) FROM facts"), 5, "facts replaced, never doubled")
  t.eq(d:val("SELECT count(*) FROM docs"), 3)
  d:close()
  os.execute("rm -rf " .. dir)
end)

t.test("a changed included helper file redoes every document, as a changed rule file does", function ()
  local dir = corpus()
  os.execute("mkdir -p " .. q(dir .. "/pack"))
  write(dir .. "/pack/_unit.lua", 'return "户"\n')
  write(dir .. "/pack/count.lua", 'local unit = include "_unit.lua"\n' ..
        'rule "count" { pattern = [=[(\\d+)户]=], emit = function (m) return { value = tonumber(m[1]), unit = unit } end }\n')
  local function go () return sh("cd " .. q(dir) .. " && " .. bin .. " run -j 1 --db p.db pack -- docs") end
  local _, code, err = go()
  t.eq(code, 0, err)
  _, code, err = go()
  t.ok(err:find("0 documents processed, 3 unchanged skipped", 1, true), err)
  write(dir .. "/pack/_unit.lua", 'return "households"\n')
  _, code, err = go()
  t.ok(err:find("3 documents processed, 0 unchanged skipped", 1, true), err)
  local d = assert(db.open(dir .. "/p.db"))
  t.eq(d:val("SELECT group_concat(DISTINCT unit) FROM facts"), "households", "facts from the changed helper")
  d:close()
  os.execute("rm -rf " .. dir)
end)

t.test("a version 1 database is migrated in place and re-runs replace facts by id range", function ()
  local dir = corpus()
  -- a database as assay 0.1 with schema 1 left it: one document, two facts
  local d = assert(db.open(dir .. "/old.db"))
  d:exec([[
CREATE TABLE docs (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, path TEXT NOT NULL,
  name TEXT NOT NULL, hash TEXT NOT NULL, bytes INTEGER NOT NULL, encoding TEXT, title TEXT,
  date TEXT, source TEXT, meta TEXT, text TEXT NOT NULL, rules_hash TEXT NOT NULL);
CREATE TABLE facts (id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, rule TEXT NOT NULL, kind TEXT NOT NULL, value, unit TEXT, qualifier TEXT,
  surface TEXT, start INTEGER, stop INTEGER, sentence INTEGER, region TEXT, period TEXT, extra TEXT,
  UNIQUE (doc_id, seq));
CREATE INDEX facts_kind ON facts(kind);
CREATE TABLE runs (id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, rules_hash TEXT NOT NULL,
  args TEXT, docs INTEGER, skipped INTEGER, facts INTEGER, errors INTEGER, ignored INTEGER);
CREATE TABLE rule_stats (run_id INTEGER NOT NULL REFERENCES runs(id), rule TEXT NOT NULL, docs INTEGER NOT NULL,
  matches INTEGER NOT NULL, facts INTEGER NOT NULL, seconds REAL NOT NULL, errors INTEGER NOT NULL,
  PRIMARY KEY (run_id, rule));
CREATE TABLE errors (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id), doc_id INTEGER,
  path TEXT, rule TEXT, message TEXT NOT NULL);
INSERT INTO docs VALUES (1, 'docs/b.txt', 'docs/b.txt', 'b.txt', 'old', 3, 'UTF-8', NULL, NULL, NULL, NULL, 'x', 'old');
INSERT INTO facts(id, doc_id, seq, rule, kind, surface) VALUES (1, 1, 1, 'money', 'money', 'a'), (2, 1, 2, 'money', 'money', 'b');
INSERT INTO runs(started, rules_hash, args) VALUES ('2026-01-01', 'old', '["--db","old.db","rules.lua","--","docs"]');
PRAGMA user_version = 1;]])
  d:close()
  local _, code, err = run(dir, "-j 1", "old.db")
  t.eq(code, 0, err)
  d = assert(db.open(dir .. "/old.db"))
  t.eq(d:val("PRAGMA user_version"), 5)
  -- the region code a rule sets is a column (a virtual one over extra)
  d:exec([[INSERT INTO facts(id, doc_id, seq, rule, kind, extra) VALUES (999, 1, 99, 'r', 'k', '{"region_code":"513300"}')]])
  t.eq(d:val("SELECT region_code FROM facts WHERE id = 999"), "513300")
  d:exec("DELETE FROM facts WHERE id = 999")
  t.eq(d:val("SELECT count(*) FROM facts WHERE surface IN ('a', 'b')"), 0, "old facts of b.txt replaced")
  t.eq(d:val("SELECT key FROM docs WHERE id = 1"), "b.txt", "schema 4 rekeyed docs/b.txt under the old run's input docs")
  t.eq(d:val("SELECT count(*) FROM docs"), 3)
  t.eq(d:val("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'facts'"), 0)
  -- every document's facts are its id range
  for r in d:rows("SELECT id, first_fact, last_fact FROM docs") do
    local n = d:val("SELECT count(*) FROM facts WHERE doc_id = ?", r.id)
    if n > 0 then
      t.eq(r.last_fact - r.first_fact + 1, n, "range of doc " .. r.id)
      t.eq(d:val("SELECT count(*) FROM facts WHERE id BETWEEN ? AND ? AND doc_id = ?", r.first_fact, r.last_fact, r.id), n)
    else
      t.eq(r.first_fact, nil)
    end
  end
  d:close()
  -- a newer schema is refused, not damaged
  d = assert(db.open(dir .. "/old.db")); d:exec("PRAGMA user_version = 99"); d:close()
  _, code, err = run(dir, "-j 1", "old.db")
  t.eq(code, 1); t.ok(err:find("newer than this assay", 1, true), err)
  os.execute("rm -rf " .. dir)
end)

t.test("-j 1 and -j 3 give identical databases", function ()
  local dir = corpus()
  for i = 1, 40 do
    write(dir .. "/docs/gen" .. string.format("%03d", i) .. ".txt",
      string.rep("第" .. i .. "批投入" .. (i * 7) .. "万元，帮扶" .. i .. "户。\n", i % 5 + 1))
  end
  t.eq(select(2, run(dir, "-j 1", "one.db")), 0)
  t.eq(select(2, run(dir, "-j 3", "three.db")), 0)
  local a, b = dump(dir .. "/one.db"), dump(dir .. "/three.db")
  t.ok(#a > 1000, "something was stored")
  t.eq(a, b)
  -- the per-rule counts too (the workers add them up per batch of files)
  local function counts (path)
    local d = assert(db.open(path))
    local out = {}
    for r in d:rows("SELECT rule, docs, matches, facts, errors FROM rule_stats ORDER BY rule") do
      out[#out + 1] = table.concat({ r.rule, r.docs, r.matches, r.facts, r.errors }, " ")
    end
    d:close()
    return out
  end
  local ca = counts(dir .. "/one.db")
  t.ok(#ca >= 2, "rule stats stored")
  t.eq(ca, counts(dir .. "/three.db"))
  -- without metadata the writer of -j N takes its C path (store.put); every
  -- column of docs and facts must equal what -j 1 writes
  local function all (path)
    local d = assert(db.open(path))
    local out = {}
    for _, tbl in ipairs({ "docs", "facts" }) do
      local cols = {}
      for c in d:rows("PRAGMA table_info(" .. tbl .. ")") do cols[#cols + 1] = "quote(" .. c.name .. ")" end
      for r in d:irows("SELECT " .. table.concat(cols, " || '|' || ") .. " FROM " .. tbl .. " ORDER BY id") do
        out[#out + 1] = r[1]
      end
    end
    d:close()
    return out
  end
  for _, flags in ipairs({ "--no-meta", "--no-meta --no-text" }) do
    t.eq(select(2, run(dir, "-j 1 " .. flags, "n1.db")), 0)
    t.eq(select(2, run(dir, "-j 3 " .. flags, "n3.db")), 0)
    local x, y = all(dir .. "/n1.db"), all(dir .. "/n3.db")
    t.ok(#x > 40, flags)
    t.eq(x, y, flags)
    -- --force redoes every document through the general writer (the keys
    -- exist): the rows are those the C path wrote, but for the fact ids
    local function rows (path)
      local d = assert(db.open(path))
      local out = {}
      for r in d:irows([[SELECT quote(id) || quote(key) || quote(path) || quote(name) || quote(hash) ||
          quote(bytes) || quote(encoding) || quote(title) || quote(date) || quote(source) ||
          quote(meta) || quote(text) || quote(rules_hash) || quote(last_fact - first_fact) FROM docs
          ORDER BY id]]) do out[#out + 1] = r[1] end
      for r in d:irows([[SELECT quote(doc_id) || quote(seq) || quote(rule) || quote(kind) ||
          quote(value) || quote(unit) || quote(qualifier) || quote(surface) || quote(start) ||
          quote(stop) || quote(sentence) || quote(region) || quote(period) || quote(extra)
          FROM facts ORDER BY doc_id, seq]]) do out[#out + 1] = r[1] end
      d:close()
      return out
    end
    for _, j in ipairs({ "-j 1", "-j 3" }) do
      t.eq(select(2, run(dir, j .. " --force " .. flags, "n1.db")), 0)
      t.eq(rows(dir .. "/n1.db"), rows(dir .. "/n3.db"), j .. " --force " .. flags)
    end
    os.remove(dir .. "/n1.db"); os.remove(dir .. "/n3.db")
  end
  os.execute("rm -rf " .. dir)
end)

t.test("kill -9 at random moments, re-run: the database equals an uninterrupted run", function ()
  local dir = corpus()
  -- a slow rule so that the kills land in the middle of the work
  write(dir .. "/rules.lua", RULES .. [[
rule "slow" { match = function (doc) local x = 0 for i = 1, 2000000 do x = x + i end end }
]])
  for i = 1, 200 do
    write(dir .. "/docs/k" .. string.format("%03d", i) .. ".txt",
      "第" .. i .. "份报告：投入" .. i .. ".5万元，帮扶" .. (i * 3) .. "户。\n")
  end
  t.eq(select(2, run(dir, "-j 2", "ref.db")), 0)
  local ref = dump(dir .. "/ref.db")
  math.randomseed(os.time())
  local kills = 0
  for round = 1, 5 do
    local delay = 0.05 + math.random() * 0.4
    local cmd = "cd " .. q(dir) .. " && (" .. bin .. " run -q -j 2 --db crash.db rules.lua -- docs & " ..
      "pid=$!; sleep " .. string.format("%.2f", delay) .. "; kill -9 $pid 2>/dev/null && echo killed; wait $pid 2>/dev/null; true)"
    local out = sh(cmd)
    if out:find("killed") then kills = kills + 1 end
    local d = assert(db.open(dir .. "/crash.db"))
    -- whatever was committed is whole: every stored doc has all its facts
    -- (a run killed before it created the schema leaves no tables at all)
    local has_docs = d:val("SELECT count(*) FROM sqlite_master WHERE name = 'docs'") == 1
    for r in d:rows(has_docs and "SELECT id, text FROM docs WHERE key LIKE '%/k%'" or "SELECT 1 WHERE 0") do
      local want = select(2, r.text:gsub("%d+%.?%d*万元", "")) + select(2, r.text:gsub("%d+户", ""))
      local got = d:val("SELECT count(*) FROM facts WHERE doc_id = ? AND kind IN ('money','households')", r.id)
      t.eq(got, want, "doc " .. r.id .. " after kill " .. round)
    end
    d:close()
  end
  t.ok(kills >= 1, "at least one run was killed mid-way (got " .. kills .. ")")
  local _, code = run(dir, "-j 2", "crash.db")
  t.eq(code, 0)
  t.eq(dump(dir .. "/crash.db"), ref)
  os.execute("rm -rf " .. dir)
end)

t.test("a new database is made while the first batches run; one that cannot be made is a clear error", function ()
  local dir = corpus()
  for _, j in ipairs{ "-j 1", "-j 2" } do
    -- a directory that does not exist: status 1, the path named, nothing written
    local _, status, err = sh("cd " .. q(dir) .. " && " .. bin .. " run -q " .. j ..
                              " --db no/such/dir/f.db rules.lua -- docs")
    t.eq(status, 1, j)
    t.ok(err:find("assay run: cannot open database", 1, true) and err:find("no/such/dir/f.db: no directory no/such/dir", 1, true), err)
    t.ok(not err:find(".tmp-", 1, true), "names the database, not its temporary file: " .. err)
    -- no input at all: status 1, and no empty database left behind
    local _, st2, err2 = sh("cd " .. q(dir) .. " && mkdir -p empty && " .. bin .. " run " .. j ..
                            " --db e.db rules.lua -- empty")
    t.eq(st2, 1, err2)
    t.ok(err2:find("assay run: no document was processed", 1, true), err2)
    t.eq(io.open(dir .. "/e.db"), nil, "no database created for an empty run")
    -- an existing database records the empty run (and the status is still 1)
    t.eq(select(2, sh("cd " .. q(dir) .. " && " .. bin .. " run -q " .. j .. " --db e.db rules.lua -- docs")), 0)
    t.eq(select(2, sh("cd " .. q(dir) .. " && " .. bin .. " run -q " .. j .. " --db e.db rules.lua -- empty")), 1)
    local d = assert(db.open(dir .. "/e.db"))
    t.eq(d:val("SELECT count(*) FROM runs WHERE finished IS NOT NULL AND docs = 0"), 1, j)
    t.eq(d:val("PRAGMA page_size"), 8192, "a new database has 8 KiB pages")
    -- written without a WAL under its temporary name, it is sealed as one
    t.eq(d:val("PRAGMA journal_mode"), "wal", "a new database ends in WAL mode")
    t.eq(d:val("PRAGMA integrity_check"), "ok")
    d:close()
    os.remove(dir .. "/e.db")
  end
  os.execute("rm -rf " .. dir)
end)

t.test("a rule error is recorded and the run goes on; --strict stops with status 1", function ()
  local dir = corpus()
  write(dir .. "/rules.lua", RULES .. [[
rule "fragile" { match = function (doc) if doc.text:find("滨州", 1, true) then error("cannot handle 滨州") end end }
]])
  local _, code, err = run(dir, "-j 1")
  t.eq(code, 0)
  t.ok(err:find("1 rule errors", 1, true), err)
  t.ok(err:find("rule 'fragile': ", 1, true), err)
  local d = assert(db.open(dir .. "/f.db"))
  local e = d:one("SELECT * FROM errors")
  t.eq(e.rule, "fragile"); t.ok(e.path:find("b.txt", 1, true))
  t.ok(e.message:find("cannot handle 滨州", 1, true), e.message)
  t.ok(e.message:find("stack traceback", 1, true), "message has a traceback")
  t.eq(d:val("SELECT count(*) FROM docs"), 3, "the other documents were stored")
  d:close()
  _, code, err = run(dir, "-j 1 --strict --force", "strict.db")
  t.eq(code, 1); t.ok(err:find("--strict", 1, true), err)
  os.execute("rm -rf " .. dir)
end)

t.test("facts with fields of the wrong type are rule errors, not a dead writer", function ()
  local dir = corpus()
  write(dir .. "/rules.lua", [[
rule "bad" { pattern = [=[\d+万元]=], emit = function () return { region = {}, unit = 5 } end }
rule "span" { pattern = [=[\d+户]=], emit = function () return { start = "x", stop = 2 } end }
]])
  for _, j in ipairs({ "1", "2" }) do
    local _, code, err = run(dir, "-j " .. j .. " --force", "f" .. j .. ".db")
    t.eq(code, 0, err)
    local d = assert(db.open(dir .. "/f" .. j .. ".db"))
    t.eq(d:val("SELECT count(*) FROM errors WHERE message LIKE '%field ''region'' must be a string%'"), 1)
    t.eq(d:val("SELECT count(*) FROM errors WHERE rule = 'span'"), 1)
    t.eq(d:val("SELECT unit FROM facts WHERE rule = 'bad'"), "5")
    t.eq(d:val("SELECT count(*) FROM docs"), 3)
    d:close()
  end
  os.execute("rm -rf " .. dir)
end)

t.test("hostile rules: unprintable errors, cycles, stack overflow, huge numbers", function ()
  local dir = corpus()
  write(dir .. "/rules.lua", [[
rule "tostr" { match = function () error(setmetatable({}, { __tostring = function () error("again") end })) end }
rule "bigemit" { pattern = [=[\d+户]=], emit = function () return { value = 2^70, unit = "\xff\xfe" } end }
rule "selfref" { match = function () local t = {} t.t = t return { { value = t, note = t } } end }
rule "deep" { match = function () local function f(n) return f(n + 1) + 1 end return f(1) end }
rule "fn" { match = function () return { { value = print } } end }
]])
  local dumps = {}
  for _, j in ipairs({ "1", "2" }) do
    local _, code, err = run(dir, "-j " .. j .. " --no-meta", "h" .. j .. ".db")
    t.eq(code, 1, err)                       -- rules failed on every document
    t.ok(err:find("rule 'deep' failed on all 3 documents it ran on", 1, true), err)
    local d = assert(db.open(dir .. "/h" .. j .. ".db"))
    t.eq(d:val("SELECT count(*) FROM docs"), 3, "every document stored")
    for _, r in ipairs({ "tostr", "deep", "selfref", "fn" }) do
      t.ok(d:val("SELECT count(*) FROM errors WHERE rule = ?", r) >= 1, r .. " recorded as a rule error")
    end
    t.eq(d:val("SELECT typeof(value) FROM facts WHERE rule = 'bigemit'"), "real")
    t.eq(d:val("SELECT typeof(unit) FROM facts WHERE rule = 'bigemit'"), "blob", "invalid UTF-8 kept as bytes")
    d:close()
    dumps[#dumps + 1] = dump(dir .. "/h" .. j .. ".db")
  end
  t.eq(dumps[1], dumps[2], "-j 1 and -j 2 store the same")
  os.execute("rm -rf " .. dir)
end)

t.test("budgets: an endless loop and a memory hog are stopped, even under pcall", function ()
  local dir = corpus()
  write(dir .. "/rules.lua", [[
rule "spin" { match = function () while true do pcall(function () while true do end end) end end }
rule "hog" { match = function () local t = {} for i = 1, 1e9 do t[i] = string.rep("x", 1000) .. i end end }
rule "fine" { pattern = [=[\d+户]=] }
]])
  local _, code, err = run(dir, "-j 2 --instructions 2000000 --memory 16")
  t.eq(code, 1, err)                         -- spin and hog failed on every document
  -- (the line where it was stopped: in the inner loop, where the budget ran out)
  t.ok(err:find("rule 'spin' failed on 3 documents: rules.lua:1: instruction budget exceeded (limit is "
                .. "2000000 instructions); first: ", 1, true), err)
  local d = assert(db.open(dir .. "/f.db"))
  local spin = d:one("SELECT * FROM errors WHERE rule = 'spin'")
  t.eq(spin and spin.message, "rules.lua:1: instruction budget exceeded (limit is 2000000 instructions)")
  local hog = d:one("SELECT * FROM errors WHERE rule = 'hog'")
  t.eq(hog and hog.message, "rules.lua:2: memory budget exceeded (limit is 16777216 bytes)")
  t.eq(d:val("SELECT count(*) FROM facts WHERE rule = 'fine'"), 1, "other rules still ran")
  d:close()
  os.execute("rm -rf " .. dir)
end)

t.test("--match-limit stops a catastrophic pattern with an error naming the limit", function ()
  local dir = corpus()
  write(dir .. "/docs/a.txt", string.rep("a", 40) .. "b\n")
  write(dir .. "/rules.lua", [[rule "cata" { pattern = "(a+)+$", scope = "document" }
rule "fine" { pattern = "b" }]])
  for _, j in ipairs({ "1", "2" }) do
    local _, code, err = run(dir, "-j " .. j .. " --no-meta --match-limit 10000", "m" .. j .. ".db")
    t.eq(code, 0, err)
    local d = assert(db.open(dir .. "/m" .. j .. ".db"))
    local e = d:val("SELECT message FROM errors WHERE rule = 'cata'")
    t.ok(e and e:find("match limit exceeded", 1, true), tostring(e))
    t.eq(d:val("SELECT count(*) FROM facts WHERE rule = 'fine'"), 1)
    d:close()
  end
  os.execute("rm -rf " .. dir)
end)

t.test("rules run without io and os.execute unless --allow-io", function ()
  local dir = corpus()
  write(dir .. "/rules.lua", [[rule "io" { match = function () io.open("/tmp/x", "w") end }]])
  local _, _, err = run(dir, "-j 1")
  t.ok(err:find("unknown global 'io'", 1, true), err)
  write(dir .. "/rules.lua", [[rule "exec" { match = function () os.execute("true") end }]])
  _, _, err = run(dir, "-j 1 --force")
  t.ok(err:find("execute", 1, true), err)
  write(dir .. "/rules.lua", [[rule "exec" { match = function () assert(os.execute("true")) end }]])
  local _, code
  _, code, err = run(dir, "-j 1 --allow-io --force", "io.db")
  t.eq(code, 0); t.ok(err:find("0 rule errors", 1, true), err)
  os.execute("rm -rf " .. dir)
end)

t.test("rule set errors: duplicates name both files, cycles name the cycle, typos the line", function ()
  local dir = mkdir()
  write(dir .. "/a.lua", 'rule "x" { pattern = "a" }\n')
  write(dir .. "/b.lua", '\nrule "x" { pattern = "b" }\n')
  local _, code, err = sh(bin .. " run --db " .. dir .. "/f.db " .. dir .. " -- " .. dir)
  t.eq(code, 1)
  t.ok(err:find("duplicate rule 'x'", 1, true) and err:find("a.lua:1", 1, true) and err:find("b.lua:2", 1, true), err)
  os.remove(dir .. "/b.lua")
  write(dir .. "/a.lua", [[
rule "p" { after = { "q" }, match = function () end }
rule "q" { after = { "p" }, match = function () end }
]])
  _, code, err = sh(bin .. " run --db " .. dir .. "/f.db " .. dir .. " -- " .. dir)
  t.eq(code, 1); t.ok(err:find("rule cycle: p -> q -> p", 1, true), err)
  write(dir .. "/a.lua", 'rule "x" { patern = "a" }\n')
  _, code, err = sh(bin .. " run --db " .. dir .. "/f.db " .. dir .. " -- " .. dir)
  t.eq(code, 1); t.ok(err:find("a.lua:1: rule 'x': unknown field 'patern' (did you mean 'pattern'?)", 1, true), err)
  write(dir .. "/a.lua", 'rule "x" { pattern = "a", examplez = {}, Unit = "元" }\n')
  _, code, err = sh(bin .. " run --db " .. dir .. "/f.db " .. dir .. " -- " .. dir)
  t.eq(code, 1); t.ok(err:find("(did you mean 'examples'?)", 1, true) or err:find("(did you mean 'unit'?)", 1, true), err)
  write(dir .. "/a.lua", 'rule "x" { pattern = "a", regex = "b" }\n')
  _, code, err = sh(bin .. " run --db " .. dir .. "/f.db " .. dir .. " -- " .. dir)
  t.eq(code, 1); t.ok(err:find("unknown field 'regex' (fields: after, doc, emit, ", 1, true), err)
  write(dir .. "/a.lua", 'rule "x" { pattern = "(a" }\n')
  _, code, err = sh(bin .. " run --db " .. dir .. "/f.db " .. dir .. " -- " .. dir)
  t.eq(code, 1); t.ok(err:find("re.compile", 1, true), err)
  os.execute("rm -rf " .. dir)
end)

t.test("a new database's temporary file left by a killed run is removed by the next run, a live run's kept", function ()
  local dir = corpus()
  local host = require "assay.host"
  write(dir .. "/f.db.tmp-99999999", "half a database")                       -- no such process
  write(dir .. "/f.db.tmp-99999999-wal", "its log")
  local live = dir .. "/f.db.tmp-" .. host.pid()                              -- this test: alive
  write(live, "another run's")
  local _, code, err = run(dir)
  t.eq(code, 0, err)
  t.ok(err:find("assay run: removed f.db.tmp-99999999, the unfinished new database of a run that was killed", 1, true), err)
  t.ok(not io.open(dir .. "/f.db.tmp-99999999") and not io.open(dir .. "/f.db.tmp-99999999-wal"), "removed")
  t.eq(read(live), "another run's")
  os.execute("rm -rf " .. dir)
end)

t.test("the documents given as the rules: one line that says the rules come first", function ()
  local dir = corpus()
  for _, args in ipairs({ "docs -- rules.lua", "docs/a.txt -- rules.lua" }) do
    local _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " run --db f.db " .. args)
    t.eq(code, 1, args)
    t.ok(err:find("(rules are Lua files, given before the '--' and the documents)\n", 1, true), args .. ": " .. err)
    t.eq(select(2, err:gsub("\n", "")), 1, "one line: " .. err)
  end
  t.ok(not io.open(dir .. "/f.db"), "no database")
  os.execute("rm -rf " .. dir)
end)

t.test("the example pack stores a decimal figure exactly: 2.01万元 is 20100, not 20099.999999999996", function ()
  local dir = mkdir()
  write(dir .. "/a.txt", "投入资金2.01万元，其中1.13亿元用于产业，4.35亿元用于基础设施。\n")
  local _, code, err = sh(bin .. " run -q --no-meta --db " .. q(dir .. "/f.db") .. " examples/rules -- " .. q(dir .. "/a.txt"))
  t.eq(code, 0, err)
  local d = assert(db.open(dir .. "/f.db"))
  local got = {}
  for r in d:rows("SELECT surface, printf('%.17g', value) AS v FROM facts WHERE rule = 'money' ORDER BY start") do
    got[#got + 1] = r.surface .. "=" .. r.v
  end
  d:close()
  t.eq(got, { "2.01万元=20100", "1.13亿元=113000000", "4.35亿元=435000000" })
  os.execute("rm -rf " .. q(dir))
end)

t.test("usage errors exit 2 with one line", function ()
  local cases = {
    { "run", "no rules given" }, { "run rules.lua", "missing '--'" },
    { "run rules.lua --", "no inputs given" }, { "run --bogus r -- x", "unknown option '--bogus'" },
    { "run -j x r -- x", "positive integer" }, { "run --db", "needs a value" },
  }
  for _, c in ipairs(cases) do
    local _, code, err = sh(bin .. " " .. c[1])
    t.eq(code, 2, c[1]); t.ok(err:find(c[2], 1, true), c[1] .. ": " .. err)
    t.eq(select(2, err:gsub("\n", "")), 1, "one line: " .. err)
  end
  -- the '--' forgotten (a new user's first run): the command with it, before the first
  -- argument that holds no rules, options kept
  local dir = mkdir()
  os.execute("mkdir -p " .. q(dir .. "/pack") .. " " .. q(dir .. "/my docs"))
  write(dir .. "/pack/r.lua", 'rule "x" { pattern = "a" }\n')
  write(dir .. "/my docs/a.txt", "a\n")
  local _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " run --db f.db pack 'my docs' b.txt")
  t.eq(code, 2)
  t.eq(err, "assay run: missing '--' between the rules and the inputs; did you mean: " ..
            "assay run --db f.db pack -- 'my docs' b.txt\n")
  os.execute("mkdir -p " .. q(dir .. "/pack2"))
  write(dir .. "/pack2/r.lua", 'rule "y" { pattern = "b" }\n')
  _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " run pack pack2")   -- both hold rules
  t.eq(code, 2); t.eq(err, "assay run: missing '--' between the rules and the inputs\n")
  os.execute("rm -rf " .. q(dir))
  for _, cmd in ipairs({ "run", "test", "try", "show" }) do
    local out, code = sh(bin .. " " .. cmd .. " --help")
    t.eq(code, 0); t.ok(out:find("usage: assay " .. cmd, 1, true), cmd)
  end
end)

t.test("inputs: globs, stdin, missing files, broken symlinks and binary files", function ()
  local dir = corpus()
  write(dir .. "/docs/image.txt", "PNG\0\0\0binary")
  os.execute("ln -s /nonexistent " .. dir .. "/docs/broken.txt")
  local _, code, err = sh("cd " .. q(dir) .. " && printf '投入8万元' | " .. bin ..
    " run -j 1 --db f.db rules.lua -- 'docs/*.txt' - missing.txt")
  t.eq(code, 2, err)                         -- an input named that cannot be read, as rg
  t.ok(err:find("1 input could not be read", 1, true), err)
  t.ok(err:find("skipped docs/image.txt: binary file", 1, true), err)
  t.ok(err:find("skipped docs/broken.txt: broken symlink", 1, true), err)
  t.ok(err:find("skipped missing.txt", 1, true), err)
  t.ok(err:find("3 documents processed", 1, true), err)
  t.ok(err:find("3 inputs not read", 1, true), err)
  local d = assert(db.open(dir .. "/f.db"))
  t.eq(d:val("SELECT count(*) FROM facts WHERE surface = '8万元'"), 1, "stdin was read")
  d:close()
  os.execute("rm -rf " .. dir)
end)

t.test("--profile prints a table per rule", function ()
  local dir = corpus()
  local out, code = run(dir, "-j 1 --profile")
  t.eq(code, 0)
  t.ok(out:find("rule%s+docs%s+matches%s+facts%s+total s%s+mean ms%s+share"), out)
  t.ok(out:find("\nmoney%s+2%s+3%s+3"), out)
  os.execute("rm -rf " .. dir)
end)

t.test("assay show prints the fact with path, line and its sentence marked", function ()
  local dir = corpus()
  run(dir, "-j 1")
  local d = assert(db.open(dir .. "/f.db"))
  local id = d:val("SELECT id FROM facts WHERE surface = '5574万元'")
  d:close()
  local out, code = sh("cd " .. q(dir) .. " && " .. bin .. " show --db f.db " .. id)
  t.eq(code, 0)
  t.ok(out:find("docs/a.txt:2", 1, true), out)
  t.ok(out:find("五年来累计投入扶贫资金»5574万元«，实施项目46个。", 1, true), out)
  local _, code2, err = sh("cd " .. q(dir) .. " && " .. bin .. " show --db f.db 99999")
  t.eq(code2, 1); t.ok(err:find("no fact with id 99999", 1, true), err)
  local _, code3, err3 = sh(bin .. " show --db /nonexistent/x.db 1")
  t.eq(code3, 1); t.ok(err3:find("/nonexistent/x.db", 1, true), err3)
  os.execute("rm -rf " .. dir)
end)

t.test("--no-text keeps facts and spans; assay show re-reads the file", function ()
  local dir = corpus()
  local _, code = run(dir, "-j 2 --no-text")
  t.eq(code, 0)
  local d = assert(db.open(dir .. "/f.db"))
  t.eq(d:val("SELECT max(length(text)) FROM docs"), 0)
  local id = d:val("SELECT id FROM facts WHERE surface = '5574万元'")
  d:close()
  local out = sh("cd " .. q(dir) .. " && " .. bin .. " show --db f.db " .. id)
  t.ok(out:find("»5574万元«", 1, true), out)
  write(dir .. "/docs/a.txt", "changed")
  out = sh("cd " .. q(dir) .. " && " .. bin .. " show --db f.db " .. id)
  t.ok(out:find("file changed or is gone", 1, true), out)
  os.execute("rm -rf " .. dir)
end)

t.test("assay test runs examples, prints a diff and the summary", function ()
  local dir = corpus()
  local out, code = sh(bin .. " test " .. dir .. "/rules.lua")
  t.eq(code, 0, out)
  t.ok(out:find("3 passed, 0 failed\n$"), out)
  write(dir .. "/bad.lua", [[
rule "wrong" { pattern = [=[(\d+)户]=], emit = function (m) return { value = tonumber(m[1]) } end,
  examples = { { "帮扶7502户", { value = 7503 } }, { "帮扶7502户", { value = 7502 } } } }
]])
  out, code = sh(bin .. " test " .. dir .. "/bad.lua")
  t.eq(code, 1)
  t.ok(out:find("FAIL wrong example 1", 1, true), out)
  t.ok(out:find("expected a fact {value = 7503}", 1, true), out)
  t.ok(out:find("value = 7502", 1, true), out)
  t.ok(out:find("1 passed, 1 failed\n$"), out)
  os.execute("rm -rf " .. dir)
end)

t.test("assay try shows matches with file:line and explains a miss", function ()
  local dir = corpus()
  local out, code = sh("cd " .. q(dir) .. " && " .. bin .. " try '\\d+万元' docs")
  t.eq(code, 0)
  t.ok(out:find("docs/a.txt:2: 五年来累计投入扶贫资金»5574万元«，实施项目46个。", 1, true), out)
  out, code = sh(bin .. " try '投入\\d+亿元' --expect '累计投入11.63亿元'")
  t.eq(code, 1)
  t.ok(out:find("got furthest", 1, true) and out:find("投入11", 1, true), out)
  out = sh("cd " .. q(dir) .. " && " .. bin .. " try '投入\\d+亿元' --expect 11.63 docs")
  t.ok(out:find("docs/b.txt:1: no match in this line", 1, true), out)
  local _, code2, err = sh(bin .. " try '(unclosed'")
  t.eq(code2, 2); t.ok(err:find("re.compile", 1, true), err)
  os.execute("rm -rf " .. dir)
end)

t.test("a line a rule file prints while it loads shows once, whatever -j and however often it is included", function ()
  local dir = corpus()
  os.execute("mkdir -p " .. q(dir .. "/pack"))
  write(dir .. "/pack/_warn.lua", 'print("pack: no gazetteer here")\nreturn {}\n')
  write(dir .. "/pack/one.lua", 'include "_warn.lua"\nrule "one" { pattern = [=[(\\d+)户]=] }\n')
  write(dir .. "/pack/two.lua", 'include "_warn.lua"\nrule "two" { pattern = [=[(\\d+)元]=] }\n')
  for _, j in ipairs({ "1", "2", "3" }) do
    local _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " run -q -j " .. j .. " --db j" .. j .. ".db pack -- docs")
    t.eq(code, 0, err)
    local n = select(2, err:gsub("pack: no gazetteer here", ""))
    t.eq(n, 1, "-j " .. j .. ": printed " .. n .. " times: " .. err)
  end
  -- a print while a rule runs is not a load's: every document's shows
  write(dir .. "/talk.lua", 'rule "talk" { match = function (doc) print("saw " .. #doc.text) end }\n')
  local _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " run -q -j 2 --db talk.db talk.lua -- docs")
  t.eq(code, 0, err)
  t.eq(select(2, err:gsub("saw %d+", "")), 3, err)
  os.execute("rm -rf " .. dir)
end)

t.test("a document another build of assay read is redone: the rules hash holds the build", function ()
  local dir = corpus()
  t.eq(select(2, run(dir, "-j 1")), 0)
  local rules = require "assay.rules"
  local here = rules.load({ dir .. "/rules.lua" }).hash
  local d = assert(db.open(dir .. "/f.db"))
  t.eq(d:val("SELECT count(DISTINCT rules_hash) FROM docs"), 1)
  t.eq(d:val("SELECT rules_hash FROM docs LIMIT 1"), here, "the hash of these rules and this build")
  t.ok(#_ASSAY_BUILD == 16 and _ASSAY_BUILD:match("^%x+$"), _ASSAY_BUILD)
  local build = _ASSAY_BUILD
  _ASSAY_BUILD = "0123456789abcdef"
  local other = rules.load({ dir .. "/rules.lua" }).hash
  _ASSAY_BUILD = build
  t.ok(other ~= here, "another build, another hash")
  d:exec("UPDATE docs SET rules_hash = '" .. other .. "'")
  d:close()
  local _, code, err = run(dir, "-j 1")
  t.eq(code, 0)
  t.ok(err:find("3 documents processed, 0 unchanged skipped", 1, true), err)
  local out = sh(bin .. " --version")
  t.ok(out:find("build " .. build, 1, true), out)
  os.execute("rm -rf " .. dir)
end)

t.done()
