-- Rules whose value comes from a group without an emit function (value =,
-- scale =): the values `assay test` sees (engine.expand) equal those a run
-- stores (factpack.pack, then insert) -- one C definition since
-- factpack.expand; this checks the two ends -- and bad specifications are
-- errors naming the rule.
local t = require "assay.testing"
local rules = require "assay.rules"
local engine = require "assay.engine"
local factpack = require "assay.factpack"
local db = require "assay.db"

local function tmpfile (src)
  local p = os.tmpname()
  local f = assert(io.open(p, "wb")); f:write(src); f:close()
  return p
end

local function load (src)
  local p = tmpfile(src)
  local ok, set = pcall(rules.load, { p }, { meta = false })
  os.remove(p)
  return ok, set
end

-- facts of one text as the engine makes them, and as the database stores them
local function both (set, s)
  local items = engine.process(set, { text = s, key = "k", meta = {} }, {})
  local lua = engine.expand(items, s)
  local d = assert(db.open(":memory:"))
  d:exec([[CREATE TABLE facts(id INTEGER PRIMARY KEY, doc_id, seq, rule, kind, value, unit,
    qualifier, surface, start, stop, sentence, region, period, extra)]])
  local ins = d:prepare([[INSERT INTO facts(id, doc_id, seq, rule, kind, value, unit, qualifier,
    surface, start, stop, sentence, region, period, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)]])
  local blob = factpack.pack(items, s)
  factpack.insert(ins, blob, 1, 1)
  local stored = {}
  for r in d:rows("SELECT rule, surface, value, typeof(value) AS vt FROM facts ORDER BY id") do
    stored[#stored + 1] = r
  end
  d:close()
  return lua, stored
end

local SQLTYPE = { integer = "integer", float = "real" }

local function check_same (lua, stored)
  t.eq(#lua, #stored)
  for i, f in ipairs(lua) do
    local r = stored[i]
    t.eq({ f.rule, f.surface, f.value }, { r.rule, r.surface, r.value })
    local want = f.value == nil and "null" or type(f.value) == "string" and "text"
                 or SQLTYPE[math.type(f.value)]
    t.eq(r.vt, want, f.rule .. " " .. tostring(f.value))
  end
end

t.test("value = group as a number, scale = factor of another group's text", function ()
  local ok, set = load([[
rule "money" { scope = "clause", pattern = [=[(\d+(?:\.\d+)?)(万|亿)?(多|余)?元]=],
               value = 1, scale = { 2, { ["万"] = 1e4, ["亿"] = 1e8 } } }
rule "count" { pattern = [=[(?<n>\d+)(?<u>户|人)]=], value = "n", scale = { "u", { ["户"] = 3 } } }
rule "plain" { pattern = [=[第(\d+)批]=], value = 1 }
rule "word" { pattern = [=[第(.)期]=], value = 1 }
rule "text" { pattern = [=[(?<value>\d+)年]=] }
rule "first" { pattern = [=[(\d+)(\.\d+)?%]=] }
]])
  t.ok(ok, tostring(set))
  local s = "投入11.63亿元，又3万余元和1200元；帮扶5户12人。第7批第三期，2019年增长3.5%。"
  local lua, stored = both(set, s)
  local by = {}
  for _, f in ipairs(lua) do by[f.rule .. ":" .. f.surface] = f.value end
  t.eq(by["money:11.63亿元"], 1163000000.0)
  t.eq(math.type(by["money:1200元"]), "float")            -- times 1.0 when group 2 is unset
  t.eq(by["money:3万余元"], 30000.0)
  t.eq({ by["count:5户"], math.type(by["count:5户"]) }, { 15, "integer" })  -- integer times integer
  t.eq({ by["count:12人"], math.type(by["count:12人"]) }, { 12.0, "float" })
  t.eq({ by["plain:第7批"], math.type(by["plain:第7批"]) }, { 7, "integer" })
  t.eq(by["word:第三期"], "三")                              -- not a number: the text
  t.eq(by["text:2019年"], "2019")                            -- no value field: group "value", as text
  t.eq(by["first:3.5%"], "3")                                -- no value field: group 1, as text
  check_same(lua, stored)
end)

-- the decimal text shifted k places to the right, as a decimal text: "2.01", 4 -> "20100"
local function shifted (num, k)
  local int, frac = num:match("^(%d+)%.(%d+)$")
  if not int then return num .. string.rep("0", k) end
  if #frac <= k then return int .. frac .. string.rep("0", k - #frac) end
  return int .. frac:sub(1, k) .. "." .. frac:sub(k + 1)
end

t.test("a decimal times 万/亿 is the double nearest the exact figure, not the doubles' product", function ()
  local ok, set = load([[
rule "money" { scope = "clause", pattern = [=[(\d+(?:\.\d+)?)(万|亿)?元]=],
               value = 1, scale = { 2, { ["万"] = 1e4, ["亿"] = 100000000 } } }
rule "unit" { scope = "clause", pattern = [=[(\d+(?:\.\d+)?)(万|亿)?亩]=],
              value = 1, scale = { 2, { ["万"] = 10000 } }, unit = "亩" }
]])
  t.ok(ok, tostring(set))
  -- 2.01 * 1e4 and 1.13 * 1e8 as doubles are 20099.999999999996 and 112999999.99999999
  local s = "投入2.01万元，1.13亿元，4.35亿元，0.29亿元，8.2亿元，3.14159万元，1.5元，种植2.01万亩。"
  local lua, stored = both(set, s)
  local want = { 20100.0, 113000000.0, 435000000.0, 29000000.0, 820000000.0, 31415.9, 1.5, 20100.0 }
  t.eq(#lua, #want)
  for i, f in ipairs(lua) do
    t.eq({ f.surface, string.format("%.17g", f.value), math.type(f.value) },
         { f.surface, string.format("%.17g", want[i]), "float" })
  end
  check_same(lua, stored)
  -- random figures: always the decimal text's own double, shifted by the factor's zeros
  math.randomseed(12)
  local parts, exact = {}, {}
  for i = 1, 400 do
    local num = tostring(math.random(0, 99999)) .. "." .. string.format("%0" .. math.random(1, 6) .. "d",
                                                                        math.random(0, 999999) % 10 ^ 6)
    local mult = ({ "万", "亿", "" })[i % 3 + 1]
    parts[i] = num .. mult .. "元"
    exact[i] = tonumber(shifted(num, mult == "万" and 4 or mult == "亿" and 8 or 0))
  end
  lua, stored = both(set, table.concat(parts, "，"))
  t.eq(#lua, #parts)
  for i, f in ipairs(lua) do
    t.eq({ f.surface, string.format("%.17g", f.value) }, { parts[i], string.format("%.17g", exact[i]) })
  end
  check_same(lua, stored)
end)

t.test("full-width digits: the value from the folded text, the span in the original", function ()
  local ok, set = load([[
rule "money" { pattern = [=[(\d+)(万)?元]=], value = 1, scale = { 2, { ["万"] = 1e4 } } }
]])
  t.ok(ok, tostring(set))
  local s = "投入１２万元，再投入３元"
  local items = engine.process(set, { text = s, key = "k", meta = {} }, {})
  local facts = engine.expand(items, s)
  t.eq(#facts, 2)
  t.eq({ facts[1].value, facts[1].surface }, { 120000.0, "１２万元" })
  t.eq({ facts[2].value, facts[2].surface }, { 3.0, "３元" })
  t.eq(s:sub(facts[1].start, facts[1].stop), "１２万元")
  local _, stored = both(set, s)
  t.eq({ stored[1].value, stored[1].surface, stored[2].value }, { 120000.0, "１２万元", 3.0 })
end)

t.test("qualifier = {min = groups}: 多/余/以上 figures are lower bounds, values as without it", function ()
  local pat = [=[(?<n>\d+(?:\.\d+)?)(?<more>多|余)?(?<w>万|亿)?(?<more2>多|余)?元(?<above>以上)?]=]
  local ok, set = load([[
rule "q" { pattern = ]] .. "[[" .. pat .. "]]" .. [[, value = "n", scale = { "w", { ["万"] = 1e4, ["亿"] = 10^8 } },
           qualifier = { min = { "more", "more2", "above" } } }
rule "v" { pattern = ]] .. "[[" .. pat .. "]]" .. [[, value = "n", scale = { "w", { ["万"] = 1e4, ["亿"] = 10^8 } } }
rule "c" { pattern = [=[(\d+)(余)?户]=], value = 1, qualifier = { min = 2 }, unit = "户" }
rule "u" { pattern = [=[(\d+)(万)?亩]=], value = 1, scale = { 2, { ["万"] = 10000 } }, unit = "亩" }
rule "p" { pattern = [=[(约)?(\d+)(余)?人]=], value = 2, qualifier = { approx = 1, min = 3 } }
]])
  t.ok(ok, tostring(set))
  local s = "投入5000多万元，人均3500元以上；又860万余元和1.2亿元，搬迁54户、200余户，约300余人、约80人，种植3万亩。"
  local lua, stored = both(set, s)
  local q, v, c = {}, {}, {}
  for _, f in ipairs(lua) do
    local into = f.rule == "q" and q or f.rule == "v" and v or c
    into[f.surface] = f
  end
  t.eq({ c["约300余人"].qualifier, c["约80人"].qualifier }, { "min", "approx" })   -- min before approx
  t.eq({ q["5000多万元"].value, q["5000多万元"].qualifier }, { 50000000.0, "min" })
  t.eq({ q["3500元以上"].value, q["3500元以上"].qualifier }, { 3500.0, "min" })
  t.eq({ q["860万余元"].value, q["860万余元"].qualifier }, { 8600000.0, "min" })
  t.eq({ q["1.2亿元"].value, q["1.2亿元"].qualifier }, { 120000000.0, "exact" })
  for surface, f in pairs(q) do                  -- the value is the one a rule without qualifier gets
    t.eq({ f.value, math.type(f.value) }, { v[surface].value, math.type(v[surface].value) }, surface)
  end
  t.eq({ c["54户"].value, math.type(c["54户"].value), c["54户"].qualifier, c["54户"].unit }, { 54, "integer", "exact", "户" })
  t.eq({ c["3万亩"].value, c["3万亩"].unit, c["3万亩"].qualifier }, { 30000, "亩", nil })   -- a unit, no qualifier
  t.eq(q["5000多万元"].unit, nil)
  t.eq({ c["200余户"].value, c["200余户"].qualifier }, { 200, "min" })
  check_same(lua, stored)
end)

t.test("bad value/scale specifications are errors naming the rule", function ()
  local cases = {
    { 'rule "r" { pattern = "(a)(b)", value = 5 }', "rule 'r': value: the pattern has no group 5 (it has 2)" },
    { 'rule "r" { pattern = "(a)", value = "nope" }', "value: the pattern has no group named 'nope'" },
    { 'rule "r" { pattern = "(a)", value = 1.5 }', "field 'value' must be a group number or name, got 1.5" },
    { 'rule "r" { pattern = "(a)", value = {} }', "field 'value' must be a group number or name, got table" },
    { 'rule "r" { pattern = "(a)(b)", scale = { 2, {} } }', "scale needs value" },
    { 'rule "r" { pattern = "(a)(b)", value = 1, scale = { 2, "x" } }', "scale must be {group, {text = factor, ...}}" },
    { 'rule "r" { pattern = "(a)(b)", value = 1, scale = { 3, {} } }', "scale: the pattern has no group 3" },
    { 'rule "r" { pattern = "(a)(b)", value = 1, scale = { 2, { x = "y" } } }', "scale: factors must map texts to numbers" },
    { 'rule "r" { match = function () end, value = 1 }', "value, scale, qualifier and unit take groups of a pattern" },
    { 'rule "r" { pattern = "(a)", unit = "元" }', "unit needs value" },
    { 'rule "r" { pattern = "(a)", value = 1, unit = 1 }', "field 'unit' must be a string" },
    { 'rule "r" { pattern = "(a)(b)", qualifier = { min = 2 } }', "qualifier needs value" },
    { 'rule "r" { pattern = "(a)(b)", value = 1, qualifier = { min = 3 } }', "qualifier min: the pattern has no group 3" },
    { 'rule "r" { pattern = "(a)(b)", value = 1, qualifier = { more = 2 } }', 'qualifier: unknown key "more"' },
    { 'rule "r" { pattern = "(a)", value = 1, qualifier = { min = 1 }, emit = function () end }',
      "has emit and value/scale/qualifier" },
    { 'rule "r" { pattern = "(a)", value = 1, emit = function () end }', "has emit and value/scale" },
  }
  for _, c in ipairs(cases) do
    local ok, err = load(c[1])
    t.eq(ok, false, c[1])
    t.ok(tostring(err):find(c[2], 1, true), c[1] .. " -> " .. tostring(err))
  end
end)

t.test("assay run stores the same values with -j 1 and -j 2", function ()
  local dir = os.tmpname(); os.remove(dir)
  assert(os.execute("mkdir -p " .. dir .. "/docs"))
  local function write (p, s) local f = assert(io.open(p, "wb")); f:write(s); f:close() end
  write(dir .. "/r.lua", [[
rule "money" { scope = "clause", pattern = [=[(\d+(?:\.\d+)?)(万|亿)?元]=], value = 1,
               scale = { 2, { ["万"] = 1e4, ["亿"] = 1e8 } } }
]])
  for i = 1, 30 do
    write(dir .. "/docs/d" .. string.format("%02d", i) .. ".txt",
          "第" .. i .. "年投入" .. i .. ".5万元，另" .. (i * 3) .. "元；共" .. i .. "亿元。\n")
  end
  local function run (j, name)
    local _, code = t.sh(t.bin() .. " run -q --no-meta -j " .. j .. " --db " .. dir .. "/" .. name ..
                         " " .. dir .. "/r.lua -- " .. dir .. "/docs")
    t.eq(code, 0)
    local d = assert(db.open(dir .. "/" .. name))
    local out = {}
    for r in d:rows([[SELECT d.name, f.surface, f.value, typeof(f.value) AS vt FROM facts f
                      JOIN docs d ON d.id = f.doc_id ORDER BY d.name, f.seq]]) do
      out[#out + 1] = r.name .. " " .. r.surface .. " " .. tostring(r.value) .. " " .. r.vt
    end
    d:close()
    return out
  end
  local a, b = run(1, "a.db"), run(2, "b.db")
  t.eq(#a, 90)
  t.eq(a, b)
  t.ok(a[1]:find("d01.txt 1.5万元 15000.0 real", 1, true), a[1])
  os.execute("rm -rf " .. dir)
end)

local passed, failed = t.counts()
io.stdout:write(("%d passed, %d failed\n"):format(passed, failed))
if failed > 0 then os.exit(1) end
