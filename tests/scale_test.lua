-- Beyond one machine (docs/scale.md): portable document keys, --root,
-- --files-from, --prune, the same text under two keys, --shard K/N and
-- assay merge, a database complete or absent, GNU parallel on this machine.
-- (Over SSH: tests/scale_ssh.lua, `make test-ssh`.)
-- test: no-valgrind
local t = require "assay.testing"
local db = require "assay.db"
local C = dofile("tests/scale_common.lua")
local sh, q, run, merge = C.sh, C.q, C.run, C.merge
local write, mkdir, exists = C.write, C.mkdir, C.exists

local RULES = [==[
rule "money" {
  pattern = [=[(\d+(?:\.\d+)?)(万|亿)?元]=],
  emit = function (m)
    local v = tonumber(m[1]) * (({ ["万"] = 10000, ["亿"] = 100000000 })[m[2]] or 1)
    return { value = math.tointeger(v) or v, unit = "元" }
  end,
}
]==]

local DOCS = {
  ["a.txt"] = "县里投入扶贫资金300万元，修路12公里。\n",
  ["b.txt"] = "合作社分红共计45万元。\n",
  ["sub/c.txt"] = "易地搬迁安置点建设投入1.2亿元。\n",
}

local function small ()
  local dir = mkdir()
  os.execute("mkdir -p " .. dir .. "/corpus/sub")
  for name, s in pairs(DOCS) do write(dir .. "/corpus/" .. name, s) end
  write(dir .. "/rules.lua", RULES)
  return dir
end

local function keys (path)
  local d = assert(db.open(path, { readonly = true, create = false }))
  local out = {}
  for r in d:rows("SELECT key FROM docs ORDER BY key") do out[#out + 1] = r.key end
  d:close()
  return out
end

local function count (path, sql)
  local d = assert(db.open(path, { readonly = true, create = false }))
  local n = d:val(sql or "SELECT count(*) FROM docs")
  d:close()
  return n
end

t.test("one document, one key: three spellings of the path, two working directories", function ()
  local dir = small()
  local _, code, err = run(dir, "-q --db f.db rules.lua -- corpus")
  t.eq(code, 0, err)
  t.eq(keys(dir .. "/f.db"), { "a.txt", "b.txt", "sub/c.txt" })
  run(dir, "-q --db f.db rules.lua -- ./corpus/")
  run(dir, "-q --db f.db rules.lua -- " .. q(dir .. "/corpus"))
  t.eq(count(dir .. "/f.db"), 3, "three spellings, three documents")
  -- a file given by itself is keyed by its name; with --root by its path under the root
  _, code, err = run(dir, "--db f.db --root corpus rules.lua -- corpus/a.txt ./corpus/b.txt "
                     .. q(dir .. "/corpus/sub/c.txt"))
  t.eq(code, 0, err)
  t.ok(err:find("0 documents processed, 3 unchanged skipped", 1, true), err)
  t.eq(count(dir .. "/f.db"), 3)
  -- another working directory, the same keys
  os.execute("mkdir -p " .. dir .. "/elsewhere/deeper")
  _, code, err = sh("cd " .. q(dir .. "/elsewhere/deeper") .. " && " .. C.bin .. " run -q --db ../g.db "
                    .. "../../rules.lua -- ../../corpus")
  t.eq(code, 0, err)
  t.eq(keys(dir .. "/elsewhere/g.db"), keys(dir .. "/f.db"))
  -- the rules' hash does not depend on how their path was spelled either
  _, code, err = run(dir, "--db f.db " .. q(dir .. "/rules.lua") .. " -- corpus")
  t.ok(err:find("3 unchanged skipped", 1, true), err)
  os.execute("rm -rf " .. dir)
end)

t.test("schema 4 rekeys a version 3 database: three spellings of one file become one document", function ()
  local dir = small()
  -- an empty database of today's schema (a run over no document creates none)
  assert(require("assay.run.store").open(dir .. "/old.db")):close()
  local d = assert(db.open(dir .. "/old.db"))
  d:exec([[DROP INDEX docs_hash; ALTER TABLE docs DROP COLUMN dup_of; ALTER TABLE docs DROP COLUMN origin;
           ALTER TABLE runs DROP COLUMN origin; ALTER TABLE facts DROP COLUMN region_code;
           DELETE FROM runs; PRAGMA user_version = 3]])
  local abs = dir .. "/corpus"
  for _, args in ipairs{ '["rules.lua","--","corpus"]', '["rules.lua","--","./corpus/"]',
                         '["rules.lua","--","' .. abs .. '"]', '["rules.lua","--","feed/r.jsonl"]' } do
    d:exec("INSERT INTO runs(started, finished, rules_hash, args) VALUES ('2026-01-01', '2026-01-01', 'old', ?)", args)
  end
  local id = 0
  local function doc (key, path, name, meta)
    id = id + 1
    d:exec([[INSERT INTO docs(id, key, path, name, hash, bytes, meta, text, rules_hash, first_fact, last_fact)
             VALUES (?, ?, ?, ?, 'h' || ?, 1, ?, 'x', 'old', ?, ?)]], id, key, path, name, id, meta, id, id)
    d:exec("INSERT INTO facts(id, doc_id, seq, rule, kind, surface) VALUES (?, ?, 1, 'money', 'money', 'old')", id, id)
  end
  doc("corpus/a.txt", "corpus/a.txt", "a.txt")
  doc("./corpus/a.txt", "./corpus/a.txt", "a.txt")
  doc(abs .. "/a.txt", abs .. "/a.txt", "a.txt")
  doc("corpus/sub/c.txt", "corpus/sub/c.txt", "c.txt")
  doc("feed/r.jsonl#k9", "feed/r.jsonl", "k9", '{"line":1}')
  doc("feed/r.jsonl#2", "feed/r.jsonl", "2", '{"line":2}')
  doc("/elsewhere/z.txt", "/elsewhere/z.txt", "z.txt")
  d:close()
  _, code, err = run(dir, "--db old.db rules.lua -- corpus")
  t.eq(code, 0, err)
  t.eq(keys(dir .. "/old.db"), { "#k9", "/elsewhere/z.txt", "a.txt", "b.txt", "r.jsonl#2", "sub/c.txt" })
  t.eq(count(dir .. "/old.db", "SELECT id FROM docs WHERE key = 'a.txt'"), 3, "the newest of the three stays")
  t.eq(count(dir .. "/old.db", "SELECT count(*) FROM facts WHERE doc_id IN (1, 2)"), 0, "the others' facts went")
  t.ok(err:find("3 documents in the database are not among the inputs", 1, true), err)
  os.execute("rm -rf " .. dir)
end)

t.test("--root: inputs outside it are a usage error; --files-from lists, '-' is stdin", function ()
  local dir = small()
  local _, code, err = run(dir, "--db f.db --root corpus/sub rules.lua -- corpus")
  t.eq(code, 2); t.ok(err:find("input corpus is not under the root", 1, true), err)
  _, code, err = run(dir, "--db f.db --root nowhere rules.lua -- corpus")
  t.eq(code, 2); t.ok(err:find("--root nowhere: not a directory", 1, true), err)
  _, code, err = run(dir, "--db f.db --files-from missing.txt rules.lua")
  t.eq(code, 2); t.ok(err:find("--files-from: missing.txt", 1, true), err)
  for _, bad in ipairs{ "4/4", "a", "1/0", "-1/2", "1/2/3" } do
    _, code, err = run(dir, "--db f.db --shard " .. bad .. " rules.lua -- corpus")
    t.eq(code, 2, bad)
    t.ok(err:find("--shard needs K/N with 0 <= K < N (e.g. 0/4), got '" .. bad .. "'", 1, true), err)
  end
  t.ok(not exists(dir .. "/f.db"), "no database after a usage error")
  _, code, err = sh("cd " .. q(dir) .. " && find corpus -name '*.txt' | " .. C.bin
                    .. " run -q --db f.db --root corpus --files-from - rules.lua")
  t.eq(code, 0, err)
  t.eq(keys(dir .. "/f.db"), { "a.txt", "b.txt", "sub/c.txt" })
  write(dir .. "/list", "corpus/a.txt\n\n./corpus/sub/c.txt\n")
  _, code, err = run(dir, "--db f.db --root corpus --files-from list rules.lua")
  t.eq(code, 0, err)
  t.ok(err:find("0 documents processed, 2 unchanged skipped", 1, true), err)
  t.ok(err:find("1 documents in the database are not among the inputs (--prune removes them)", 1, true), err)
  os.execute("rm -rf " .. dir)
end)

t.test("two inputs whose files would get one key: the second is not read, the message says why", function ()
  local dir = small()
  os.execute("mkdir -p " .. dir .. "/other && cp " .. dir .. "/corpus/a.txt " .. dir .. "/other/a.txt")
  write(dir .. "/other/a.txt", "另一篇：投入50万元。\n")
  local _, code, err = run(dir, "--db f.db rules.lua -- corpus other")
  t.eq(code, 0, err)
  t.ok(err:find("skipped other/a.txt: same key 'a.txt' as corpus/a.txt (give --root", 1, true), err)
  t.ok(err:find("1 inputs not read", 1, true), err)
  -- with a root above both, both are documents
  _, code, err = run(dir, "--db g.db --root . rules.lua -- corpus other")
  t.eq(code, 0, err)
  t.eq(keys(dir .. "/g.db"), { "corpus/a.txt", "corpus/b.txt", "corpus/sub/c.txt", "other/a.txt" })
  -- one directory given twice: its files once, no message
  _, code, err = run(dir, "--db h.db rules.lua -- corpus ./corpus/")
  t.eq(code, 0, err)
  t.ok(err:find("3 documents processed", 1, true) and not err:find("assay run: skipped", 1, true), err)
  os.execute("rm -rf " .. dir)
end)

t.test("--prune removes documents no longer among the inputs; the same text under two keys is marked", function ()
  local dir = small()
  run(dir, "-q --db f.db rules.lua -- corpus")
  os.remove(dir .. "/corpus/b.txt")
  write(dir .. "/corpus/copy.txt", DOCS["a.txt"])
  local _, code, err = run(dir, "--db f.db rules.lua -- corpus")
  t.eq(code, 0, err)
  t.ok(err:find("1 documents in the database are not among the inputs (--prune removes them)", 1, true), err)
  t.ok(err:find("copy.txt: same text as a.txt", 1, true), err)
  t.ok(err:find("1 documents have the same text as another (docs.dup_of", 1, true), err)
  t.eq(count(dir .. "/f.db"), 4)
  t.eq(count(dir .. "/f.db", "SELECT o.key FROM docs x JOIN docs o ON o.id = x.dup_of WHERE x.key = 'copy.txt'"),
       "a.txt")
  -- what reports count: one row per text
  t.eq(count(dir .. "/f.db", "SELECT sum(f.value) FROM facts f JOIN docs d ON d.id = f.doc_id WHERE d.dup_of IS NULL"),
       3000000 + 120000000 + 450000)
  _, code, err = run(dir, "--db f.db --prune rules.lua -- corpus")
  t.eq(code, 0, err)
  t.ok(err:find("pruned 1 documents no longer among the inputs", 1, true), err)
  t.eq(keys(dir .. "/f.db"), { "a.txt", "copy.txt", "sub/c.txt" })
  t.eq(count(dir .. "/f.db", "SELECT count(*) FROM facts"), 3, "b.txt's fact went with it")
  -- a prune while an input cannot be read removes nothing
  os.remove(dir .. "/corpus/sub/c.txt")
  _, code, err = run(dir, "--db f.db --prune rules.lua -- corpus missing.txt")
  t.ok(err:find("--prune does not prune while 1 inputs could not be read", 1, true), err)
  t.eq(count(dir .. "/f.db"), 3)
  -- the original goes: the copy is no longer marked
  os.remove(dir .. "/corpus/a.txt")
  _, code, err = run(dir, "--db f.db --prune rules.lua -- corpus")
  t.eq(code, 0, err)
  t.eq(keys(dir .. "/f.db"), { "copy.txt" })
  t.eq(count(dir .. "/f.db", "SELECT count(*) FROM docs WHERE dup_of IS NOT NULL"), 0)
  os.execute("rm -rf " .. dir)
end)

t.test("JSONL records are keyed by their ids: a file split in two keeps its keys", function ()
  local dir = small()
  local recs = {}
  for i = 1, 6 do recs[i] = string.format('{"id": "r%d", "text": "第%d批资金%d万元。"}', i, i, i * 10) end
  write(dir .. "/corpus/all.jsonl", table.concat(recs, "\n") .. '\n{"text": "没有编号的记录，投入8万元。"}\n')
  local _, code, err = run(dir, "-q --db f.db rules.lua -- corpus/all.jsonl")
  t.eq(code, 0, err)
  t.eq(keys(dir .. "/f.db"), { "#r1", "#r2", "#r3", "#r4", "#r5", "#r6", "all.jsonl#7" })
  os.execute("mkdir -p " .. dir .. "/split")
  write(dir .. "/split/shard_00.jsonl", table.concat(recs, "\n", 1, 3) .. "\n")
  write(dir .. "/split/shard_01.jsonl", table.concat(recs, "\n", 4, 6) .. "\n")
  _, code, err = run(dir, "--db f.db rules.lua -- split")
  t.eq(code, 0, err)
  t.ok(err:find("0 documents processed, 6 unchanged skipped", 1, true), err)
  -- an id twice: the second record is not read
  write(dir .. "/split/shard_02.jsonl", recs[1] .. "\n")
  _, code, err = run(dir, "--db f.db rules.lua -- split")
  t.ok(err:find("skipped split/shard_02.jsonl:1: same key '#r1' as split/shard_00.jsonl:1", 1, true), err)
  os.execute("rm -rf " .. dir)
end)

t.test("a new database is complete or absent; --strict: exit 1, the summary says so", function ()
  local dir = small()
  write(dir .. "/bad.lua", [[rule "bad" { pattern = "万元", emit = function () error("boom") end }]])
  local _, code, err = run(dir, "--db f.db --strict bad.lua -- corpus")
  t.eq(code, 1)
  t.ok(err:find("stopped at the first rule error (--strict)", 1, true), err)
  t.ok(err:find("-> (no database written)", 1, true), err)
  t.ok(not exists(dir .. "/f.db"), "no half-written database")
  local left = sh("ls " .. q(dir))
  t.ok(not left:find("tmp", 1, true), "no temporary file left: " .. left)
  -- without --strict the errors are recorded, exit 0
  _, code, err = run(dir, "--db f.db bad.lua -- corpus")
  t.eq(code, 0, err)
  t.eq(count(dir .. "/f.db", "SELECT count(*) FROM errors"), 2)
  -- rules that do not load: no database
  write(dir .. "/broken.lua", "rule 'x' {")
  _, code = run(dir, "--db g.db broken.lua -- corpus")
  t.eq(code, 1)
  t.ok(not exists(dir .. "/g.db"))
  os.execute("rm -rf " .. dir)
end)

t.test("assay merge refuses a shard of other rules, options or schema, or an unfinished run, naming it", function ()
  local dir = small()
  run(dir, "-q --db s0.db --shard 0/2 rules.lua -- corpus")
  run(dir, "-q --db s1.db --shard 1/2 rules.lua -- corpus")
  write(dir .. "/rules2.lua", RULES .. "\n-- changed\n")
  run(dir, "-q --db other.db --shard 1/2 rules2.lua -- corpus")
  run(dir, "-q --db simp.db --shard 1/2 --simplify rules.lua -- corpus")
  local _, code, err = merge(dir, "out.db s0.db other.db")
  t.eq(code, 1)
  t.ok(err:find("assay merge: other.db: made with other rules", 1, true), err)
  t.ok(not exists(dir .. "/out.db"), "nothing written")
  _, code, err = merge(dir, "out.db s0.db simp.db")
  t.eq(code, 1); t.ok(err:find("simp.db: made with other options (--simplify) than s0.db (none)", 1, true), err)
  sh("cp " .. q(dir .. "/s1.db") .. " " .. q(dir .. "/old.db"))
  local d = assert(db.open(dir .. "/old.db")); d:exec("PRAGMA user_version = 3"); d:close()
  _, code, err = merge(dir, "out.db s0.db old.db")
  t.eq(code, 1); t.ok(err:find("old.db: schema version 3, this assay writes 5", 1, true), err)
  sh("cp " .. q(dir .. "/s1.db") .. " " .. q(dir .. "/cut.db"))
  d = assert(db.open(dir .. "/cut.db")); d:exec("UPDATE runs SET finished = NULL"); d:close()
  _, code, err = merge(dir, "out.db s0.db cut.db")
  t.eq(code, 1); t.ok(err:find("cut.db: its last run did not finish", 1, true), err)
  _, code, err = merge(dir, "out.db s0.db nope.db")
  t.eq(code, 1); t.ok(err:find("nope.db: no such database file", 1, true), err)
  write(dir .. "/junk.db", ("not a database\n"):rep(100))
  _, code, err = merge(dir, "out.db s0.db junk.db")
  t.eq(code, 1); t.ok(err:find("junk.db is not an assay facts database", 1, true), err)
  _, code, err = merge(dir, "out.db s0.db rules.lua")
  t.eq(code, 1); t.ok(err:find("rules.lua is not an assay facts database", 1, true), err)
  _, code, err = merge(dir, "--bogus out.db s0.db")
  t.eq(code, 2); t.ok(err:find("unknown option '--bogus'", 1, true), err)
  _, code, err = merge(dir, "s0.db s0.db")
  t.eq(code, 1); t.ok(err:find("s0.db: is the output database", 1, true), err)
  _, code = merge(dir, "out.db")
  t.eq(code, 2)
  -- a good merge, then a refused one leaves the output as it was
  _, code, err = merge(dir, "out.db s0.db s1.db")
  t.eq(code, 0, err)
  local before = C.digest(dir .. "/out.db")
  _, code = merge(dir, "out.db other.db")
  t.eq(code, 1)
  t.eq(C.digest(dir .. "/out.db"), before)
  -- provenance: each document names its shard, until a run here writes it again
  t.eq(count(dir .. "/out.db", "SELECT count(*) FROM docs WHERE origin IN ('s0.db', 's1.db')"), 3)
  write(dir .. "/corpus/a.txt", "县里投入扶贫资金310万元。\n")
  _, code, err = run(dir, "--db out.db rules.lua -- corpus")
  t.ok(err:find("1 documents processed", 1, true), err)
  t.eq(count(dir .. "/out.db", "SELECT origin IS NULL FROM docs WHERE key = 'a.txt'"), 1)
  t.eq(count(dir .. "/out.db", "SELECT count(*) FROM runs WHERE origin IS NOT NULL"), 2, "the shards' runs")
  os.execute("rm -rf " .. dir)
end)

-- The 4 shards of a corpus, merged, equal one run over it (docs, facts,
-- errors; ids aside); a changed document's shard re-run and re-merged
-- equals a fresh single run.
t.test("shards 0..3 of 4, merged, equal a single run; incremental re-merge", function ()
  local dir = mkdir()
  local corpus, why = C.corpus(dir, 10)
  if not corpus then t.skip("scale_test: cannot generate the corpus: " .. tostring(why)); return end
  sh("cp scripts/bench/t3.lua " .. q(dir .. "/t3.lua"))
  write(dir .. "/money.lua", (RULES:gsub('rule "money"', 'rule "amount"')))
  os.execute("mkdir -p " .. dir .. "/recs && cp " .. dir .. "/c.jsonl " .. dir .. "/recs/")
  local rules = "t3.lua money.lua"
  local _, code, err = run(dir, "-q --db one.db " .. rules .. " -- c recs")
  t.eq(code, 0, err)
  local shards = {}
  for k = 0, 3 do
    _, code, err = run(dir, string.format("-q --shard %d/4 --db shard_%d.db %s -- c recs", k, k, rules))
    t.eq(code, 0, err)
    shards[#shards + 1] = "shard_" .. k .. ".db"
    t.ok(count(dir .. "/shard_" .. k .. ".db") > 0, "shard " .. k .. " has documents")
  end
  _, code, err = merge(dir, "merged.db " .. table.concat(shards, " "))
  t.eq(code, 0, err)
  local one, ndocs, nfacts = C.digest(dir .. "/one.db")
  t.ok(ndocs > 2000 and nfacts > 100000, ndocs .. " documents, " .. nfacts .. " facts")
  t.eq(C.digest(dir .. "/merged.db"), one, "merge of 4 shards == single run")
  -- the shards are stable as the corpus grows: a new file changes one shard only
  local before = {}
  for k = 0, 3 do before[k] = keys(dir .. "/shard_" .. k .. ".db") end
  -- incremental: change one document, re-run its shard, re-merge
  local victim = "d0000007.txt"
  local f = assert(io.open(corpus .. "/" .. victim, "ab")); f:write("\n追加投入资金77万元。\n"); f:close()
  local shard
  for k = 0, 3 do
    for _, key in ipairs(before[k]) do if key == victim then shard = k end end
  end
  t.ok(shard ~= nil, "the victim is in a shard")
  _, code, err = run(dir, string.format("--shard %d/4 --db shard_%d.db %s -- c recs", shard, shard, rules))
  t.eq(code, 0, err)
  t.ok(err:find("1 documents processed", 1, true), err)
  _, code, err = merge(dir, "merged.db shard_" .. shard .. ".db")
  t.eq(code, 0, err)
  _, code, err = run(dir, "-q --db fresh.db " .. rules .. " -- c recs")
  t.eq(code, 0, err)
  local fresh = C.digest(dir .. "/fresh.db")
  t.ok(fresh ~= one, "the change shows")
  t.eq(C.digest(dir .. "/merged.db"), fresh, "re-merged == fresh single run")
  os.execute("rm -rf " .. dir)
end)

-- GNU parallel on this machine: 4 shards on 2 job slots; a shard that
-- fails once (a marker file makes one rule raise under --strict) leaves no
-- database, and --resume-failed re-runs just it.
t.test("GNU parallel: shards, a failure, --resume-failed, merge == single run", function ()
  if not sh("command -v parallel"):find("parallel", 1, true) then
    t.skip("scale_test: GNU parallel is not installed (tools/deps.sh test installs it): parallel test NOT RUN")
    return
  end
  local dir = mkdir()
  os.execute("mkdir -p " .. dir .. "/corpus")
  for i = 1, 40 do
    write(string.format("%s/corpus/n%02d.txt", dir, i), string.format("第%d号文件：投入资金%d万元，帮扶%d户。\n", i, i * 7, i))
  end
  write(dir .. "/corpus/n13.txt", "这一篇会失败一次：投入13万元。\n")
  write(dir .. "/rules.lua", RULES .. [[
rule "flaky" {
  pattern = "失败一次",
  emit = function () if io.open("FAIL-ONCE") then error("marker present") end return { value = 1 } end,
}
]])
  local _, code, err = run(dir, "-q --allow-io --db one.db rules.lua -- corpus")
  t.eq(code, 0, err)
  write(dir .. "/FAIL-ONCE", "")
  local cmd = "parallel -j 2 --joblog jobs.log " .. C.bin
    .. " run -q --allow-io --strict --shard {}/4 --db shard_{}.db rules.lua -- corpus ::: 0 1 2 3"
  _, code = sh("cd " .. q(dir) .. " && " .. cmd)
  t.eq(code, 1, "one job failed: parallel's exit status is the number of failed jobs")
  local present = 0
  for k = 0, 3 do if exists(dir .. "/shard_" .. k .. ".db") then present = present + 1 end end
  t.eq(present, 3, "the failed shard left no database")
  local _, mcode, merr = merge(dir, "partial.db shard_0.db shard_1.db shard_2.db shard_3.db")
  t.eq(mcode, 1); t.ok(merr:find("no such database file", 1, true), merr)
  os.remove(dir .. "/FAIL-ONCE")
  local out
  out, code, err = sh("cd " .. q(dir) .. " && " .. cmd:gsub("%-%-joblog", "--resume-failed --joblog"))
  t.eq(code, 0, err .. out)
  local log = C.read(dir .. "/jobs.log")
  local _, lines = log:gsub("\n", "")
  t.eq(lines, 6, "4 jobs, then the failed one again: " .. log)
  _, code, err = merge(dir, "merged.db shard_0.db shard_1.db shard_2.db shard_3.db")
  t.eq(code, 0, err)
  t.eq(C.digest(dir .. "/merged.db"), C.digest(dir .. "/one.db"))
  os.execute("rm -rf " .. dir)
end)

t.done()
