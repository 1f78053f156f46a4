-- A rule over its budget document after document is turned off
-- (assay run --give-up-after K, default 3; assay.engine, assay.run.writer):
-- said at once, each document it skips recorded in the errors table and
-- stored without the rule set's hash, so the next run redoes it.  Budgets
-- in instructions (counted from the start below 20,000,000): no test here
-- depends on time.
-- test: no-valgrind
local t = require "assay.testing"
local db = require "assay.db"
local bin, sh, q = t.bin(), t.sh, t.q

local SPIN = [[
local function spin (n)
  while true do n = n + 1 end
end

rule "spin" {
  need = { "扶贫" },
  match = function (doc) spin(0) end,
}

rule "money" { pattern = [=[(\d+)万元]=] }
]]

local AT = "rules.lua:2: "
local BUDGET = AT .. "instruction budget exceeded (limit is 100000 instructions) in function 'spin'"
local OFF = AT .. "not run: the rule was turned off after its budget was exceeded on 3 documents in a row "
            .. "(instruction budget exceeded (limit is 100000 instructions) in function 'spin')"

-- 8 documents d1..d8, each with the need word and one figure
local function corpus (rules)
  local dir = t.tmpdir()
  os.execute("mkdir -p " .. q(dir .. "/docs"))
  t.write(dir .. "/rules.lua", rules or SPIN)
  for i = 1, 8 do
    t.write(string.format("%s/docs/d%d.txt", dir, i), string.format("第%d村扶贫资金%d0万元。\n", i, i))
  end
  return dir
end

local function run (dir, extra, dbname)
  return sh("cd " .. q(dir) .. " && " .. bin .. " run --db " .. (dbname or "f.db") .. " --instructions 100000 "
            .. (extra or "") .. " rules.lua -- docs")
end

-- a run that ends with exit status 1 (a rule turned off or failing): its stderr, stdout
local function run1 (dir, extra, dbname)
  local out, code, err = run(dir, extra, dbname)
  t.eq(code, 1, err)
  return err, out
end

-- key -> the spin errors of the last run, and each document's rules hash
-- ("" or "set")
local function state (dir, dbname)
  local d = assert(db.open(dir .. "/" .. (dbname or "f.db")))
  local run_id = d:val("SELECT max(id) FROM runs")
  local set = d:val("SELECT rules_hash FROM runs WHERE id = ?", run_id)
  local errs, hashes = {}, {}
  for r in d:rows([[SELECT d.key, e.message FROM errors e JOIN docs d ON d.id = e.doc_id
                    WHERE e.run_id = ? AND e.rule = 'spin' ORDER BY d.key]], run_id) do
    errs[#errs + 1] = r.key .. " " .. r.message
  end
  for r in d:rows("SELECT key, rules_hash FROM docs ORDER BY key") do
    hashes[#hashes + 1] = r.key .. " " .. (r.rules_hash == set and "set" or r.rules_hash)
  end
  local money = d:val("SELECT count(*) FROM facts WHERE rule = 'money'")
  d:close()
  return errs, hashes, money
end

local function rows (from, to, msg)
  local out = {}
  for i = from, to do out[#out + 1] = "d" .. i .. ".txt " .. msg end
  return out
end

local function concat (a, b) return table.move(b, 1, #b, #a + 1, table.move(a, 1, #a, 1, {})) end

local ANNOUNCE = "assay run: rule 'spin' (rules.lua:2) turned off from %s on, after its budget was exceeded "
                 .. "on 3 documents in a row (instruction budget exceeded (limit is 100000 instructions) in "
                 .. "function 'spin'); the documents it is not run on are recorded in the errors table and "
                 .. "redone by the next run\n"

t.test("an endless loop is turned off after 3 documents, recorded, and redone by the next run", function ()
  local dir = corpus()
  local _, code, err = run(dir, "-j 1")
  t.eq(code, 1, err)
  local say = string.format(ANNOUNCE, "d4.txt")
  local at = err:find(say, 1, true)
  t.ok(at, err)
  t.ok(at < err:find("documents processed", 1, true), "said before the summary:\n" .. err)
  t.ok(err:find("assay run: rule 'spin' not run on 5 documents: " .. OFF .. "; first: d4.txt\n", 1, true), err)
  t.ok(err:find("assay run: rule 'spin' was turned off: 5 documents lack its facts (errors table; the next run "
                .. "redoes them)\n", 1, true), err)
  local errs, hashes, money = state(dir)
  t.eq(errs, concat(rows(1, 3, BUDGET), rows(4, 8, OFF)))
  t.eq(hashes, concat(rows(1, 3, "set"), rows(4, 8, "")))
  t.eq(money, 8, "the other rules ran on every document")
  -- the same rules again: only the documents the rule skipped are redone
  -- (it loops again: three more over budget, then off)
  _, code, err = run(dir, "-j 1")
  t.eq(code, 1, err)
  t.ok(err:find("5 documents processed, 3 unchanged skipped", 1, true), err)
  t.ok(err:find(string.format(ANNOUNCE, "d7.txt"), 1, true), err)
  errs, hashes = state(dir)
  t.eq(errs, concat(rows(4, 6, BUDGET), rows(7, 8, OFF)))
  t.eq(hashes, concat(rows(1, 6, "set"), rows(7, 8, "")))
  -- the rule fixed: every document redone (changed rules), none left out
  t.write(dir .. "/rules.lua", (SPIN:gsub("while true do n = n %+ 1 end", "return n")))
  _, code, err = run(dir, "-j 1")
  t.eq(code, 0, err)
  t.ok(err:find("8 documents processed, 0 unchanged skipped", 1, true), err)
  t.ok(not err:find("turned off", 1, true), err)
  errs, hashes, money = state(dir)
  t.eq(errs, {})
  t.eq(hashes, rows(1, 8, "set"))
  t.eq(money, 8)
  os.execute("rm -rf " .. q(dir))
end)

t.test("only budgets exceeded in a row count: a rule slow on some documents stays on", function ()
  -- loops on the odd documents only; the even ones end the streak
  local dir = corpus([[
rule "spin" {
  need = { "扶贫" },
  match = function (doc)
    local i = tonumber(doc.text:match("第(%d+)村"))
    while i % 2 == 1 do end
  end,
}
]])
  local _, code, err = run(dir, "-j 1")
  t.eq(code, 0, err)                         -- (it failed on some documents only)
  t.ok(not err:find("turned off", 1, true), err)
  local msg = "rules.lua:5: instruction budget exceeded (limit is 100000 instructions)"
  t.eq((state(dir)), { "d1.txt " .. msg, "d3.txt " .. msg, "d5.txt " .. msg, "d7.txt " .. msg })
  -- documents its need words keep it from do not end a streak: with the
  -- even ones lacking 扶贫, the odd ones are in a row
  for i = 2, 8, 2 do t.write(string.format("%s/docs/d%d.txt", dir, i), "第" .. i .. "村。\n") end
  _, code, err = run(dir, "-j 1", "g.db")
  t.eq(code, 1, err)
  t.ok(err:find("rule 'spin' (rules.lua:5) turned off from d7.txt on", 1, true), err)
  os.execute("rm -rf " .. q(dir))
end)

t.test("--give-up-after K: 0 never turns a rule off, 1 at the first; bad values are usage errors", function ()
  local dir = corpus()
  local err = run1(dir, "-j 1 --give-up-after 0")   -- (failed on every document it ran on)
  t.ok(not err:find("turned off", 1, true), err)
  t.eq((state(dir)), rows(1, 8, BUDGET))
  err = run1(dir, "-j 1 --give-up-after 1", "one.db")
  t.ok(err:find("rule 'spin' (rules.lua:2) turned off from d2.txt on, after its budget was exceeded on 1 "
                .. "document (", 1, true), err)
  local errs = state(dir, "one.db")
  t.eq(#errs, 8)
  t.eq(errs[1], "d1.txt " .. BUDGET)
  t.ok(errs[2]:find("d2.txt " .. AT .. "not run: ", 1, true), errs[2])
  for _, bad in ipairs({ "-1", "x", "" }) do
    local _, code
    _, code, err = run(dir, "--give-up-after " .. q(bad), "bad.db")
    t.eq(code, 2, err)
    t.ok(err:find("option --give-up-after needs a number >= 0, got '" .. bad .. "'", 1, true), err)
  end
  os.execute("rm -rf " .. q(dir))
end)

t.test("-j 2: each worker turns the rule off; every document it skipped is recorded", function ()
  local dir = corpus()
  local err = run1(dir, "-j 2")
  t.ok(err:find("turned off from d", 1, true), err)
  local errs, hashes, money = state(dir)
  t.eq(#errs, 8, table.concat(errs, "\n"))
  local budget, off = 0, 0
  for i, e in ipairs(errs) do
    t.ok(e:find("^d" .. i .. "%.txt "), e)
    local m = e:gsub("^%S+ ", "")
    if m == BUDGET then budget = budget + 1 elseif m == OFF then off = off + 1 end
  end
  t.eq(budget + off, 8, table.concat(errs, "\n"))
  t.ok(budget >= 3 and budget <= 6, "3 per worker at most: " .. budget)
  local blank = 0
  for _, h in ipairs(hashes) do if h:match(" $") then blank = blank + 1 end end
  t.eq(blank, off, "the documents skipped are the ones the next run redoes")
  t.eq(money, 8)
  os.execute("rm -rf " .. q(dir))
end)

t.test("--strict still stops at the first error; --json marks the documents not run", function ()
  local dir = corpus()
  local err = run1(dir, "-j 1 --strict")
  t.ok(err:find("stopped at the first rule error (--strict)", 1, true), err)
  t.ok(not err:find("turned off", 1, true), err)
  local out
  err, out = run1(dir, "-j 1 -q --json", "j.db")
  t.ok(out:find('{"data":{"documents":5,"first":"d4.txt","message":' .. require("assay.json").encode(OFF)
                .. ',"not_run":true,"rule":"spin"},"type":"rule_error"}', 1, true), out)
  os.execute("rm -rf " .. q(dir))
end)

t.test("assay merge refuses a shard whose documents lack a rule that was turned off", function ()
  local dir = corpus()
  run1(dir, "-j 1 --shard 0/1", "s0.db")
  local _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " merge out.db s0.db")
  t.eq(code, 1, err)
  t.ok(err:find("s0.db: 5 documents lack the facts of a rule the run turned off (its budget exceeded "
                .. "document after document): fix the rule and run the shard again", 1, true), err)
  os.execute("rm -rf " .. q(dir))
end)

t.done()
