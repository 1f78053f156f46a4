-- A rule that runs twice (engine/lhost.c, RATE_MAX): host.call runs a
-- rule first without the count hook and, when that trial runs too long to
-- prove the instruction budget held, again from the start under the hook.
-- limits.trial = 0 (engine) and ASSAY_BUDGET_TRIAL=0 (assay run) make
-- every trial run twice, so these tests take the second run whatever the
-- machine's speed; trial = false and ASSAY_BUDGET_TRIAL=off never take it.
-- Both must give what a counted run gives.
local t = require "assay.testing"
local rules = require "assay.rules"
local engine = require "assay.engine"
local db = require "assay.db"
local bin, sh, q = t.bin(), t.sh, t.q

local RULES = [[
local runs = 0
rule "runs" {
  doc = "state of its own across runs: not undone (docs/rules.md)",
  match = function (doc) runs = runs + 1; doc:emit{ value = runs } end,
}
rule "meta" {
  match = function (doc)
    doc.meta.n = (doc.meta.n or 0) + 1
    doc.note = (doc.note or "") .. "x"
    doc.meta = doc.meta
    doc:emit{ value = doc.meta.n, qualifier = doc.note }
  end,
}
rule "listed" {
  doc = "a fact put straight into the list of the document's facts",
  match = function (doc) doc.facts[#doc.facts + 1] = { kind = "listed", rule = "listed", value = #doc.facts } end,
}
rule "spin" {
  match = function (doc)
    doc:emit{ value = 1 }
    doc.meta.spun = (doc.meta.spun or 0) + 1
    while true do pcall(function () while true do end end) end
  end,
}
rule "households" {
  pattern = [=[(\d+)户]=],
  emit = function (m, doc) return { value = math.tointeger(tonumber(m[1])), unit = "户", qualifier = doc.meta.spun } end,
}
]]

local TEXT = "全村脱贫户312户，监测户27户。\n"

local function load ()
  local d = t.tmpdir()
  t.write(d .. "/rules.lua", RULES)
  local set = rules.load({ d }, { meta = false })
  os.execute("rm -rf " .. q(d))
  return set, d
end

local function process (trial)
  local set, dir = load()
  local items, errors, _, doc = engine.process(set, { text = TEXT, key = "k", meta = {} },
                                               { instructions = 1000000, trial = trial })
  local facts = {}
  for _, f in ipairs(engine.expand(items, TEXT)) do
    facts[#facts + 1] = { f.rule, f.value, f.unit, f.qualifier, f.surface, f.start, f.stop }
  end
  -- (the rule file's directory, a new one each time, out of the messages)
  for _, e in ipairs(errors) do e.message = e.message:gsub("^" .. dir:gsub("%p", "%%%0") .. "/", "") end
  return facts, errors, doc.meta, rawget(doc, "note")
end

t.test("a rule run twice gives the facts, errors and meta of one counted run", function ()
  local f0, e0, m0, n0 = process(false)
  local f1, e1, m1, n1 = process(0)
  -- the first fact counts the runs: proof that the second run was taken
  t.eq(f0[1], { "runs", 1 }); t.eq(f1[1], { "runs", 2 })
  table.remove(f0, 1); table.remove(f1, 1)
  t.eq(f1, f0)
  t.eq(f1, { { "meta", 1, nil, "x" }, { "listed", 2 },
             { "households", 312, "户", "1", "312户", 16, 21 }, { "households", 27, "户", "1", "27户", 34, 38 } })
  t.eq(e1, e0)
  t.eq(e1, { { rule = "spin", reason = "instructions",
               message = "rules.lua:22: instruction budget exceeded (limit is 1000000 instructions)" } })
  t.eq(m1, m0); t.eq(m1, { n = 1, spun = 1 })
  t.eq({ n1 }, { n0 })
end)

t.test("assay run: a rule over its budget is reported and stored as a counted run does", function ()
  local dir = t.tmpdir()
  os.execute("mkdir -p " .. q(dir .. "/docs"))
  t.write(dir .. "/rules.lua", RULES)
  t.write(dir .. "/docs/a.txt", TEXT)
  t.write(dir .. "/docs/b.txt", "帮扶贫困户7502户。\n")
  local dumps = {}
  for _, mode in ipairs({ "off", "0" }) do
    for _, j in ipairs({ "1", "2" }) do
      local name = "f" .. mode .. j .. ".db"
      local _, code, err = sh("cd " .. q(dir) .. " && ASSAY_BUDGET_TRIAL=" .. mode .. " " .. bin ..
                              " run -q --no-meta --instructions 1000000 -j " .. j .. " --db " .. name ..
                              " rules.lua -- docs")
      t.eq(code, 1, err)
      t.ok(err:find("rule 'spin' failed on all 2 documents it ran on", 1, true), err)
      local d = assert(db.open(dir .. "/" .. name))
      local rows = {}
      for r in d:rows([[SELECT d.key, f.rule, f.value, f.unit, f.qualifier, f.surface FROM facts f
                        JOIN docs d ON d.id = f.doc_id WHERE f.rule <> 'runs' ORDER BY d.key, f.seq]]) do
        rows[#rows + 1] = table.concat({ r.key, r.rule, tostring(r.value), tostring(r.unit),
                                         tostring(r.qualifier), tostring(r.surface) }, "|")
      end
      for r in d:rows([[SELECT d.key, e.rule, e.message FROM errors e JOIN docs d ON d.id = e.doc_id
                        ORDER BY d.key, e.rule]]) do
        rows[#rows + 1] = r.key .. "|" .. r.rule .. "|" .. r.message
      end
      if j == "1" then                         -- (at -j 2 the workers share the documents)
        t.eq(d:val("SELECT max(value) FROM facts WHERE rule = 'runs'"), mode == "0" and 4 or 2, "runs")
      end
      d:close()
      dumps[#dumps + 1] = table.concat(rows, "\n")
    end
  end
  t.ok(dumps[1]:find("a.txt|spin|rules.lua:22: instruction budget exceeded (limit is 1000000 instructions)\n", 1, true),
       dumps[1])
  t.ok(not dumps[1]:find("|spin|1", 1, true), "no partial facts of the rule over its budget")
  for i = 2, #dumps do t.eq(dumps[i], dumps[1]) end
  os.execute("rm -rf " .. q(dir))
end)

t.done()
