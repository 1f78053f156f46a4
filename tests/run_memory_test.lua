-- What a batch run's writer keeps between batches (assay.run.writer): with
-- workers its state collects after each writer.COLLECT bytes of results,
-- so the results it has written do not pile up to the collector's pause
-- (2x the heap) whatever the heap holds besides.
-- test: no-valgrind
local t = require "assay.testing"
local run = require "assay.run"
local writer = require "assay.run.writer"
local inputs = require "assay.inputs"

local dir = t.tmpdir()
local corpus = dir .. "/corpus"
os.execute("mkdir -p " .. corpus)
local rules = dir .. "/rules.lua"
t.write(rules, [[rule "n" { pattern = "(\\d+)户", emit = function (m) return { value = tonumber(m[1]) } end }]])
-- ~9 MB of texts (stored: each batch's result holds them), 60 KB a file
local line = "全县共有贫困户1200户，其中已脱贫800户，年底前全部脱贫。\n"
local text = line:rep(60000 // #line)
for i = 1, 150 do t.write(("%s/%04d.txt"):format(corpus, i), text) end

t.test("with workers, the writer's heap does not keep the results it has written", function ()
  -- a heap of 6 MB besides: at Lua's 2x pause, 6 MB of written results
  -- would wait for the next collection
  local ballast = {}
  for i = 1, 6 * 1024 do ballast[i] = ("x"):rep(1000) .. i end
  collectgarbage(); collectgarbage()
  local base = collectgarbage("count")
  local max = base
  local keyer = assert(inputs.keyer(nil))
  local o = { db = dir .. "/facts.db", jobs = 2, rules = { rules }, inputs = { corpus }, keyer = keyer,
              instructions = 200000000, memory = 512, quiet = true }
  local r = run.batch(o, { "run" }, {
    say = function () end,
    progress = function () max = math.max(max, collectgarbage("count")) end,
  })
  t.eq(r.failed, nil)
  t.eq(r.summary.docs, 150)
  local grew = (max - base) / 1024
  -- a batch's result (~512 KiB of texts) and what COLLECT lets wait, the
  -- database's objects, not 6 MB
  t.ok(grew < 3 * writer.COLLECT / 1048576 + 1, ("the heap grew by %.1f MiB"):format(grew))
  t.ok(#ballast > 0)
end)

os.execute("rm -rf " .. dir)
t.done()
