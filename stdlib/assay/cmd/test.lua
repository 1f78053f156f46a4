-- assay test: run the examples of rules as tests.
local rules = require "assay.rules"
local engine = require "assay.engine"
local show = require("assay.testing").show

local M = {}

M.help = [[
usage: assay test [OPTIONS] RULES...

Runs each rule's `examples` as tests.  An example is { INPUT, EXPECTED }:
  EXPECTED a fact table     the rule emits a fact with all these fields
  EXPECTED an array         the rule emits exactly these facts, in order
  EXPECTED false or {}      the rule emits nothing
Rules listed in a rule's `after` run first on the example, as in a real run.
A failure is printed with the example's own FILE:LINE, the input and a
diff per field (expected / got); the rules without examples are named.
Ends with "N passed, N failed"; exit status 1 when an example fails, 2 on
usage errors.

options:
  -v, --verbose   print every example, not only failures
  --rule NAME     only the examples of rule NAME (again for more): a pack of
                  your own loaded with the one it runs after
  --no-meta       leave out the built-in metadata rules
  --allow-io      as for assay run
  --json          JSON Lines on stdout: one "example" object per example,
                  "no_examples" per rule without, then "summary"
  --color=WHEN    colour FAIL and the diff: auto (a terminal), always, never]]
M.help = M.help .. require("assay.cmd.snapshot").help

-- The fields where fact differs from want: { field =, expected =, got = }.
-- Is a fact's field got what an example expects (numbers within 1e-9,
-- relative)?  NaN is nothing expected (it compared as "within").
local function same (got, v)
  if type(v) == "number" and type(got) == "number" then
    return math.abs(got - v) <= 1e-9 * math.max(1, math.abs(v))
  end
  return got == v
end

local function field_diff (fact, want)
  local out = {}
  for k, v in pairs(want) do
    local got = fact[k]
    if not same(got, v) then out[#out + 1] = { field = k, expected = v, got = got } end
  end
  table.sort(out, function (a, b) return tostring(a.field) < tostring(b.field) end)
  return out
end

local function matches (fact, want)
  for k, v in pairs(want) do
    if not same(fact[k], v) then return false end
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

local subset = rules.subset

-- The fact of list closest to want (fewest differing fields), its diff.
local function closest (list, want)
  local best, bestd
  for _, f in ipairs(list) do
    local d = field_diff(f, want)
    if not bestd or #d < #bestd then best, bestd = f, d end
  end
  return best, bestd
end

-- A rule's error as an example shows it: the traceback without the frames
-- of assay's own code (the engine, this command, `error` itself), which
-- say nothing about the rule file.
local function rule_frames (msg)
  local first, tb = msg:match("^(.-)\nstack traceback:\n(.*)$")
  if not first then return msg end
  local own = os.getenv("ASSAY_PATH")
  local keep = {}
  for line in tb:gmatch("[^\n]+") do
    if not (line:find("^%s*%[assay%]") or line:find("^%s*%(%.%.%.tail calls%.%.%.%)")
            or line:find("^%s*%[C%]: in function '(error)'") or line:find("^%s*%[C%]: in function 'assay%.host%.call'")
            or (own and own ~= "" and line:find(own, 1, true))) then
      keep[#keep + 1] = line
    end
  end
  if #keep == 0 then return first end
  return first .. "\nstack traceback:\n" .. table.concat(keep, "\n")
end

local function check (set, rule, ex)
  local input, want = ex[1], ex[2]
  if type(input) ~= "string" then return false, "example input must be a string" end
  local facts, errors = engine.process(subset(set, rule), { text = input, key = "example", name = "example" },
                                       { instructions = 100000000 })
  facts = engine.expand(facts, input)
  for _, e in ipairs(errors) do
    if e.rule == rule.name then return false, "error: " .. rule_frames(e.message) end
  end
  local mine = {}
  for _, f in ipairs(facts) do if f.rule == rule.name then mine[#mine + 1] = clean(f) end end
  local function got () 
    if #mine == 0 then
      -- a rule whose need words the input lacks does not run at all
      local missing = {}
      for _, w in ipairs(rule.need or {}) do
        if not input:find(w, 1, true) then missing[#missing + 1] = string.format("%q", w) end
      end
      if #missing > 0 then
        return "no facts (the rule did not run: the input lacks its need word" .. (#missing > 1 and "s " or " ")
               .. table.concat(missing, ", ") .. ")"
      end
      return "no facts"
    end
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
        return false, "fact " .. i .. ": expected " .. show(w) .. "\n    got " .. got(), field_diff(mine[i], w)
      end
    end
    return true
  end
  for _, f in ipairs(mine) do if matches(f, want) then return true end end
  local _, diff = closest(mine, want)
  return false, "expected a fact " .. show(want) .. "\n    got " .. got(), diff
end

-- {====== where each example is written ======

-- Lua source from byte i: skips a string or comment starting there and
-- returns the byte after it, or nil when none starts at i.
local function skip_token (src, i)
  local c = src:sub(i, i)
  if c == '"' or c == "'" then
    local j = i + 1
    while j <= #src do
      local d = src:sub(j, j)
      if d == "\\" then j = j + 2
      elseif d == c or d == "\n" then return j + 1
      else j = j + 1 end
    end
    return #src + 1
  end
  local long = src:match("^%[(=*)%[", i)
  if long then
    local _, e = src:find("]" .. long .. "]", i, true)
    return (e or #src) + 1
  end
  if src:sub(i, i + 1) == "--" then
    local lc = src:match("^%-%-%[(=*)%[", i)
    if lc then
      local _, e = src:find("]" .. lc .. "]", i, true)
      return (e or #src) + 1
    end
    local e = src:find("\n", i, true)
    return e or #src + 1
  end
  return nil
end

-- The line of each element of the `examples = { ... }` table of the rule
-- defined at line from of src (a rule file); nil when it cannot be found.
local function example_lines (src, from)
  local pos, line = 1, 1
  while line < from do
    local nl = src:find("\n", pos, true)
    if not nl then return nil end
    pos, line = nl + 1, line + 1
  end
  local i = pos
  local depth, lines, in_ex = 0, {}, false
  while i <= #src do
    local after = skip_token(src, i)
    if after then
      local _, n = src:sub(i, after - 1):gsub("\n", "")
      if in_ex and depth == 1 and src:sub(i, i):match("[\"'%[]") and lines.pending then
        lines[#lines + 1] = line; lines.pending = false
      end
      line = line + n
      i = after
    else
      local c = src:sub(i, i)
      if c == "\n" then line = line + 1
      elseif not in_ex and src:match("^examples%s*=%s*{", i) then
        in_ex = true
        i = src:find("{", i, true)
        depth = 1
        lines.pending = true
      elseif in_ex and c == "{" then
        if depth == 1 and lines.pending ~= false then lines[#lines + 1] = line end
        lines.pending = false
        depth = depth + 1
      elseif in_ex and c == "}" then
        depth = depth - 1
        if depth == 0 then lines.pending = nil; return lines end
      elseif in_ex and depth == 1 and c == "," then
        lines.pending = true
      elseif in_ex and depth == 1 and lines.pending and c:match("%S") then
        lines[#lines + 1] = line; lines.pending = false
      end
      i = i + 1
    end
  end
  return nil
end
M.example_lines = example_lines

-- FILE:LINE of each example of rule (the rule's own where when the source
-- cannot be read or scanned).
local function example_wheres (rule, cache)
  local file, ln = rule.where:match("^(.*):(%d+)$")
  local out = {}
  local lines
  if file and not file:match("^%[") then
    if cache[file] == nil then
      cache[file] = rules.source(file) or false
    end
    if cache[file] then lines = example_lines(cache[file], tonumber(ln)) end
  end
  if lines and #lines ~= #rule.examples then lines = nil end
  for i = 1, #rule.examples do
    out[i] = lines and (file .. ":" .. lines[i]) or rule.where
  end
  return out
end

-- }======

local function diff_lines (diff, paint)
  local out, w = {}, 0
  for _, d in ipairs(diff or {}) do w = math.max(w, #tostring(d.field)) end
  for _, d in ipairs(diff or {}) do
    local pad = string.rep(" ", w - #tostring(d.field))
    out[#out + 1] = string.format("    %s:%s %s %s\n    %s %s %s\n", tostring(d.field), pad,
      paint("32", "expected"), show(d.expected), string.rep(" ", w + 1), paint("31", "got     "), show(d.got))
  end
  return table.concat(out)
end

function M.main (...)
  for _, a in ipairs({ ... }) do
    if a == "--snapshot" then return require("assay.cmd.snapshot").main(...) end
  end
  local cmd = require "assay.cmd"
  local json = require "assay.json"
  local paths, allow_io, verbose, no_meta, as_json, color_mode = {}, false, false, false, false, nil
  local only = nil                                  -- --rule NAME: {name = true}
  local args, i = { ... }, 0
  while i < #args do
    i = i + 1
    local a = args[i]
    local okc, mode = pcall(cmd.color_option, a)
    if not okc then io.stderr:write("assay test: ", mode.usage, "\n"); return 2 end
    if mode then color_mode = mode
    elseif a == "--allow-io" then allow_io = true
    elseif a == "--no-meta" then no_meta = true
    elseif a == "--json" then as_json = true
    elseif a == "-v" or a == "--verbose" then verbose = true
    elseif a == "--rule" then
      i = i + 1
      if not args[i] then io.stderr:write("assay test: --rule needs a rule name\n"); return 2 end
      only = only or {}
      only[args[i]] = true
    elseif a:sub(1, 1) == "-" then
      io.stderr:write("assay test: ", cmd.unknown_option(a, M.help), "\n")
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
  for name in pairs(only or {}) do
    if not set.byname[name] then
      local names = {}
      for k, r in ipairs(set.list) do names[k] = r.name end
      local near = cmd.suggest(name, names)
      io.stderr:write("assay test: --rule ", name, ": no such rule", near and (" (did you mean '" .. near .. "'?)") or "",
                      "\n")
      return 2
    end
  end
  local color = cmd.color(color_mode, 1)
  local function paint (code, s) return color and ("\27[" .. code .. "m" .. s .. "\27[0m") or s end
  local function emit (kind, data) io.write(json.encode({ type = kind, data = data }), "\n") end
  local passed, failed, without = 0, 0, {}
  local sources = {}
  for _, rule in ipairs(set.list) do
    if only and not only[rule.name] then goto next_rule end
    -- the built-in rules ([assay] ...) are not the user's to give examples
    if #rule.examples == 0 and not rule.where:match("^%[") then
      without[#without + 1] = rule.name
      if as_json then emit("no_examples", { rule = rule.name, where = rule.where }) end
    end
    local wheres = example_wheres(rule, sources)
    for i, ex in ipairs(rule.examples) do
      local good, why, diff = check(set, rule, ex)
      if good then passed = passed + 1 else failed = failed + 1 end
      if as_json then
        local jd = {}
        for k, d in ipairs(diff or {}) do jd[k] = { field = d.field, expected = d.expected, got = d.got } end
        emit("example", { rule = rule.name, example = i, where = wheres[i], input = tostring(ex[1]),
                          status = good and "pass" or "fail", message = why, diff = #jd > 0 and jd or nil })
      elseif good then
        if verbose then io.write("ok   ", rule.name, " example ", i, " (", wheres[i], ")\n") end
      else
        io.write(string.format("%s: %s %s example %d\n  input:    %s\n  %s\n%s", wheres[i], paint("1;31", "FAIL"),
          rule.name, i, tostring(ex[1]), why, diff and #diff > 0 and ("  diff:\n" .. diff_lines(diff, paint)) or ""))
      end
    end
    ::next_rule::
  end
  if as_json then
    emit("summary", { passed = passed, failed = failed, without_examples = #without > 0 and without or nil })
  else
    if #without > 0 then
      io.write(string.format("note: %d rule%s without examples: %s\n", #without, #without == 1 and "" or "s",
                             table.concat(without, ", ")))
    end
    io.write(string.format("%d passed, %d failed\n", passed, failed))
  end
  return failed == 0 and 0 or 1
end

return M
