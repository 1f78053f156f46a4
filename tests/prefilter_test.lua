-- The literal prefilter (engine/lac.c, docs/rules.md) end to end: assay run
-- stores the very same facts with and without it (--no-prefilter), on the
-- example corpus with the example rules and the built-in packs, on the
-- fupin pack, and on a slice of the bench corpus with the T3 rules (-j 1:
-- the batch C path; -j 2 too); --profile shows the skipped segments.
-- test: no-valgrind
local t = require "assay.testing"
local db = require "assay.db"
local bin, sh, q = t.bin(), t.sh, t.q

local function mkdir () local d = os.tmpname(); os.remove(d); assert(os.execute("mkdir -p " .. d)); return d end
local DIR = mkdir()

-- Every fact of a database, one line each, in document and fact order.
local function facts (path)
  local d = db.open(path)
  local out = {}
  for r in d:rows([[SELECT d.key, f.seq, f.rule, f.kind, quote(f.value), f.unit, f.qualifier, f.surface,
                           f.start, f.stop, f.sentence, f.region, f.period, f.extra
                    FROM facts f JOIN docs d ON d.id = f.doc_id ORDER BY d.key, f.seq]]) do
    local row = {}
    for i = 1, 14 do row[i] = tostring(r[i]) end
    out[#out + 1] = table.concat(row, "\t")
  end
  d:close()
  return out
end

local n = 0
local function run (args)
  n = n + 1
  local path = DIR .. "/" .. n .. ".db"
  local out, code, err = sh(q(bin) .. " run -q --db " .. q(path) .. " " .. args)
  t.eq(code, 0, args .. ": " .. err .. out)
  return path, out
end

local function same (rules_corpus, jobs, what)
  local with = facts(run("-j " .. jobs .. " " .. rules_corpus))
  local without = facts(run("-j " .. jobs .. " --no-prefilter " .. rules_corpus))
  t.ok(#with > 0, what .. ": some facts")
  t.eq(#with, #without, what .. ": as many facts")
  for i = 1, #with do
    if with[i] ~= without[i] then t.eq(with[i], without[i], what .. ": fact " .. i) break end
  end
end

t.test("example corpus, example rules and the built-in packs: the same facts", function ()
  same("examples/rules -- examples/corpus", 1, "examples -j1")
  same("examples/rules -- examples/corpus", 2, "examples -j2")
end)

t.test("the fupin pack: the same facts", function ()
  same("scripts/fupin -- examples/corpus", 1, "fupin -j1")
end)

local KIT = "../shared/bench"
local gen = io.open(KIT .. "/gen-corpus", "r")
if gen then
  gen:close()
  t.test("a slice of the bench corpus, T3 rules: the same facts, the batch C path too", function ()
    local corpus = DIR .. "/corpus"
    local _, code, err = sh("python3 " .. q(KIT .. "/gen-corpus") .. " --mb 1 --seed 20 --out " .. q(corpus))
    t.eq(code, 0, err)
    same("--no-meta scripts/bench/t3.lua -- " .. q(corpus), 1, "T3 -j1")
    same("--no-meta --no-text scripts/bench/t3.lua -- " .. q(corpus), 2, "T3 -j2 --no-text")
  end)
else
  t.skip(KIT .. " is absent: the bench slice is not compared")
end

t.test("--profile shows the segments each rule skipped", function ()
  local _, out = run("--profile --no-meta scripts/bench/t3.lua -- examples/corpus")
  local header = out:match("[^\n]*rule +docs[^\n]*")
  t.ok(header and header:find("skipped", 1, true), "a skipped column: " .. out)
  local line = out:match("\nprecise_kw +[^\n]*")
  t.ok(line, "a line for precise_kw: " .. out)
  t.ok(tonumber(line:match("(%d+)%s*$")) > 0, "precise_kw skipped segments: " .. line)
  local _, out2 = run("--profile --no-prefilter --no-meta scripts/bench/t3.lua -- examples/corpus")
  local line2 = out2:match("\nprecise_kw +[^\n]*")
  t.eq(tonumber(line2:match("(%d+)%s*$")), 0, "nothing skipped without the prefilter")
end)

local passed, failed = t.counts()
io.stdout:write(("%d passed, %d failed\n"):format(passed, failed))
if failed > 0 then os.exit(1) end
