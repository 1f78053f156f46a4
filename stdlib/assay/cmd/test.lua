-- assay test: run the examples of rules as tests.
local rules = require "assay.rules"
local engine = require "assay.engine"
local show = require("assay.testing").show

local M = {}

M.help = [[
usage: assay test [--allow-io] [-v] RULES...

Runs each rule's `examples` as tests.  An example is { INPUT, EXPECTED }:
  EXPECTED a fact table     the rule emits a fact with all these fields
  EXPECTED an array         the rule emits exactly these facts, in order
  EXPECTED false or {}      the rule emits nothing
Rules listed in a rule's `after` run first on the example, as in a real run.
Prints a diff for every failure and ends with "N passed, N failed";
exit status 1 when an example fails, 2 on usage errors.

options:
  -v, --verbose   print every example, not only failures
  --no-meta       leave out the built-in metadata rules
  --allow-io      as for assay run]]
M.help = M.help .. require("assay.snapshot").help

local function matches (fact, want)
  for k, v in pairs(want) do
    local got = fact[k]
    if type(v) == "number" and type(got) == "number" then
      if math.abs(got - v) > 1e-9 * math.max(1, math.abs(v)) then return false end
    elseif got ~= v then
      return false
    end
  end
  return true
end

-- a fact as the rule wrote it: the fields the engine moved into extra
-- (JSON) are fields again, so examples can name them
local function clean (f)
  local c = {}
  for k, v in pairs(f) do
    if k ~= "rule" and k ~= "seq" and k ~= "extra" then c[k] = v end
  end
  if type(f.extra) == "string" then
    local x = require("assay.json").decode(f.extra)
    if type(x) == "table" then for k, v in pairs(x) do if c[k] == nil then c[k] = v end end end
  end
  return c
end

-- the rule and, first, what it runs after
local function subset (set, rule)
  local list, seen = {}, {}
  local function add (r)
    if seen[r] then return end
    seen[r] = true
    for _, a in ipairs(r.after) do add(set.byname[a]) end
    list[#list + 1] = r
  end
  add(rule)
  return { list = list, byname = set.byname }
end

local function check (set, rule, ex)
  local input, want = ex[1], ex[2]
  if type(input) ~= "string" then return false, "example input must be a string" end
  local facts, errors = engine.process(subset(set, rule), { text = input, key = "example", name = "example" },
                                       { instructions = 100000000 })
  facts = engine.expand(facts, input)
  for _, e in ipairs(errors) do
    if e.rule == rule.name then return false, "error: " .. e.message end
  end
  local mine = {}
  for _, f in ipairs(facts) do if f.rule == rule.name then mine[#mine + 1] = clean(f) end end
  local function got () 
    if #mine == 0 then return "no facts" end
    local parts = {}
    for i, f in ipairs(mine) do parts[i] = show(f) end
    return #mine .. " fact(s):\n      " .. table.concat(parts, "\n      ")
  end
  if want == false or (type(want) == "table" and next(want) == nil) then
    if #mine == 0 then return true end
    return false, "expected no facts, got " .. got()
  end
  if type(want) ~= "table" then return false, "example expectation must be a table or false" end
  if want[1] ~= nil then
    if #want ~= #mine then
      return false, "expected " .. #want .. " fact(s), got " .. got()
    end
    for i, w in ipairs(want) do
      if not matches(mine[i], w) then
        return false, "fact " .. i .. ": expected " .. show(w) .. "\n    got " .. got()
      end
    end
    return true
  end
  for _, f in ipairs(mine) do if matches(f, want) then return true end end
  return false, "expected a fact " .. show(want) .. "\n    got " .. got()
end

function M.main (...)
  for _, a in ipairs({ ... }) do
    if a == "--snapshot" then return require("assay.snapshot").main(...) end
  end
  local paths, allow_io, verbose, no_meta = {}, false, false, false
  for _, a in ipairs({ ... }) do
    if a == "--allow-io" then allow_io = true
    elseif a == "--no-meta" then no_meta = true
    elseif a == "-v" or a == "--verbose" then verbose = true
    elseif a:sub(1, 1) == "-" then
      io.stderr:write("assay test: unknown option '", a, "'\n")
      return 2
    else paths[#paths + 1] = a end
  end
  if #paths == 0 then
    io.stderr:write("assay test: no rules given (assay test RULES...)\n")
    return 2
  end
  local ok, set = pcall(rules.load, paths, { allow_io = allow_io, meta = not no_meta })
  if not ok then
    io.stderr:write("assay test: ", tostring(set), "\n")
    return 1
  end
  local passed, failed, without = 0, 0, 0
  for _, rule in ipairs(set.list) do
    if #rule.examples == 0 then without = without + 1 end
    for i, ex in ipairs(rule.examples) do
      local good, why = check(set, rule, ex)
      if good then
        passed = passed + 1
        if verbose then io.write("ok   ", rule.name, " example ", i, "\n") end
      else
        failed = failed + 1
        io.write(string.format("FAIL %s example %d (%s)\n  input:    %s\n  %s\n", rule.name, i,
          rule.where, tostring(ex[1]), why))
      end
    end
  end
  if without > 0 then
    io.write(string.format("note: %d rule(s) have no examples\n", without))
  end
  io.write(string.format("%d passed, %d failed\n", passed, failed))
  return failed == 0 and 0 or 1
end

return M
