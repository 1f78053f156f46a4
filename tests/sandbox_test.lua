-- The rule sandbox (issue 12): what a rule file can reach without
-- --allow-io, that one rule file cannot change what other files or the
-- engine see, and that every budget holds.  Each check here passed a
-- hostile rule pack before the fix.
-- test: no-valgrind
local t = require "assay.testing"
local rules = require "assay.rules"
local engine = require "assay.engine"
local factpack = require "assay.factpack"
local bin, sh, q = t.bin(), t.sh, t.q

local mkdir, write = t.tmpdir, t.write

-- load rule sources (one file each, in this order) from a fresh folder
local function load (srcs, opts)
  local d = mkdir()
  for i, src in ipairs(srcs) do write(string.format("%s/r%02d.lua", d, i), src) end
  opts = opts or {}
  if opts.meta == nil then opts.meta = false end
  local ok, set = pcall(rules.load, { d }, opts)
  os.execute("rm -rf " .. q(d))
  return ok, set
end

local function facts (set, s, limits)
  local items, errors = engine.process(set, { text = s, key = "k", meta = {} }, limits or {})
  return engine.expand(items, s), errors
end

for _, name in ipairs { "assay.testing", "assay.rules", "assay.host", "assay.db", "assay.pool",
                        "assay.reader", "assay.run.store", "assay.run", "assay.factpack", "io", "os", "debug",
                        "assay.nosuchmodule" } do
  t.test("require " .. name .. " is refused in a rule file", function ()
    local ok, err = load { 'local m = require "' .. name .. '"\nrule "x" { pattern = "a" }' }
    t.eq(ok, false)
    t.ok(tostring(err):find("rules may require only", 1, true), tostring(err))
  end)
end

t.test("a module in the working directory is not loaded by a rule's require", function ()
  local d = mkdir()
  assert(os.execute("mkdir -p " .. q(d .. "/assay")))
  write(d .. "/assay/evil.lua", 'io.open(' .. string.format("%q", d .. "/pwned") .. ', "w"):close() return {}')
  write(d .. "/r.lua", 'require "assay.evil"\nrule "x" { pattern = "a" }')
  local out, code, err = sh("cd " .. q(d) .. " && " .. q(bin) .. " test r.lua")
  local f = io.open(d .. "/pwned")
  if f then f:close() end
  os.execute("rm -rf " .. q(d))
  t.eq(f, nil, "the module ran")
  t.eq(code, 1)
  t.ok((out .. err):find("rules may require only", 1, true), out .. err)
end)

t.test("assay test and assay run -j2 refuse a pack that runs a shell command", function ()
  local d = mkdir()
  local marker = d .. "/ran"
  write(d .. "/r.lua", 'require("assay.testing").sh("touch ' .. marker .. '")\nrule "x" { pattern = "a" }')
  write(d .. "/doc.txt", "a a a\n")
  local _, c1, e1 = sh(q(bin) .. " test " .. q(d .. "/r.lua"))
  local _, c2, e2 = sh(q(bin) .. " run -q -j 2 --db " .. q(d .. "/f.db") .. " " .. q(d .. "/r.lua") .. " -- " .. q(d .. "/doc.txt"))
  local f = io.open(marker)
  if f then f:close() end
  os.execute("rm -rf " .. q(d))
  t.eq(f, nil, "the shell command ran")
  t.ok(c1 ~= 0 and e1:find("rules may require only", 1, true), e1)
  t.ok(c2 ~= 0 and e2:find("rules may require only", 1, true), e2)
end)

t.test("the REPL's .load and reload() load rule packs in the sandbox too", function ()
  local repl = require "assay.repl"
  local d = mkdir()
  write(d .. "/r.lua", 'rule "x" { pattern = "a" }\n')
  local out = {}
  local s = repl.new { write = function (...) out[#out + 1] = table.concat({ ... }) end,
                       ewrite = function () end }
  s:load(d .. "/r.lua")
  write(d .. "/r.lua", 'rule "x" { pattern = "a" }\nrequire("assay.testing").sh("true")\n')
  local ok, err = pcall(s.env.reload)
  local ok2, err2 = pcall(s.load, s, d .. "/r.lua")
  os.execute("rm -rf " .. q(d))
  t.eq(ok, false)
  t.ok(tostring(err):find("rules may require only", 1, true), tostring(err))
  t.eq(ok2, false)
  t.ok(tostring(err2):find("rules may require only", 1, true), tostring(err2))
end)

t.test("the allowed modules load, places without open, no os.getenv, io only with allow_io", function ()
  local ok, set = load { [[
    local places = require "assay.places"
    local json = require "assay.json"
    assert(require "assay.re" and require "assay.text" and require "assay.cn" and require "assay.meta")
    assert(require "assay.articles" and require "string" == string)
    assert(places.open == nil and places.find ~= nil and places.by_code ~= nil)
    assert(rawget(os, "getenv") == nil and rawget(os, "execute") == nil and rawget(_G, "io") == nil)
    local okg, eg = pcall(function () return os.getenv("HOME") end)   -- an error, not a call of nil
    assert(not okg and eg:find("os.getenv is not available to rules (only os.time, os.date, os.clock, "
                                 .. "os.difftime); --allow-io gives them all of os", 1, true), eg)
    assert(json.decode("[1]")[1] == 1)
    rule "x" { pattern = "a" }
  ]] }
  t.ok(ok, tostring(set))
  local ok2, err = load { 'local f = io.open("/etc/passwd")\nrule "x" { pattern = "a" }' }
  t.eq(ok2, false)
  t.ok(tostring(err):find("unknown global 'io' (rules get it with --allow-io)", 1, true), tostring(err))
  local ok3 = load({ 'assert(io.open and os.execute)\nrule "x" { pattern = "a" }' }, { allow_io = true })
  t.ok(ok3, "allow_io gives io and os")
end)

t.test("a rule pack folder with a symlink loop loads once; print escapes terminal codes", function ()
  local d = mkdir()
  write(d .. "/r.lua", 'print("x\\27]0;title\\7y") rule "x" { pattern = "a" }\n')
  assert(os.execute("ln -s . " .. q(d .. "/self")))
  local _, code, err = sh(q(bin) .. " test " .. q(d))
  os.execute("rm -rf " .. q(d))
  t.eq(code, 0, err)
  t.ok(err:find("x\\x1B]0;title\\x07y", 1, true), err)
end)

t.test("include reads only Lua files", function ()
  for _, name in ipairs { "../../etc/passwd", "/etc/shadow", "/etc/hostname", "x.lua.txt" } do
    local ok, err = load { 'include "' .. name .. '"\nrule "x" { pattern = "a" }' }
    t.eq(ok, false)
    t.ok(tostring(err):find("must name a .lua file", 1, true), tostring(err))
  end
end)

t.test("an include that cannot be read names the including line and the file", function ()
  -- a folder named like a Lua file opened but did not read: the message
  -- was "attempt to concatenate a nil value" from assay.rules
  local d = mkdir()
  assert(os.execute("mkdir " .. q(d .. "/sub.lua")))
  write(d .. "/r.lua", 'rule "x" { pattern = "a" }\ninclude "sub.lua"\n')
  write(d .. "/s.lua", 'include "none.lua"\nrule "x" { pattern = "a" }\n')
  local _, code, err = sh(q(bin) .. " test " .. q(d .. "/r.lua"))
  local _, code2, err2 = sh(q(bin) .. " test " .. q(d .. "/s.lua"))
  os.execute("rm -rf " .. q(d))
  t.eq(code, 1, err)
  t.ok(err:find("r.lua:2: include: cannot read " .. d .. "/sub.lua: Is a directory", 1, true), err)
  t.eq(code2, 1, err2)
  t.ok(err2:find("s.lua:1: include: cannot read " .. d .. "/none.lua: No such file or directory", 1, true), err2)
end)

t.test("an included file with a syntax error is named with its line", function ()
  local d = mkdir()
  write(d .. "/part.lua", "local x = (\n")
  write(d .. "/r.lua", 'include "part.lua"\nrule "x" { pattern = "a" }\n')
  local _, code, err = sh(q(bin) .. " test " .. q(d .. "/r.lua"))
  os.execute("rm -rf " .. q(d))
  t.eq(code, 1, err)
  t.ok(err:find("part.lua:2:", 1, true), err)
  t.ok(not err:find("attempt to index", 1, true), err)
end)

t.test("errors the engine raises for a rule name the rule's file and line", function ()
  local ok, set = load { [[
rule "span" { match = function (doc) doc:emit { kind = "x", start = 0, stop = 3 } end }
rule "ret" { match = function (doc) return "x" end }
rule "emit" { pattern = "a", emit = function (m) return 42 end }
rule "own" { pattern = "a", emit = function (m) error("mine") end }
rule "cat" { pattern = [=[(?:\S+\s?)+\d{30}]=], scope = "document" }
rule "mixed" { match = function (doc) return { { start = 1, stop = 1 }, "x" } end }
rule "emitx" { match = function (doc) doc:emit("x") end }
rule "qty" { pattern = "a1", emit = function (m) return { quantity = "1.2亿" } end }
]] }
  t.ok(ok, tostring(set))
  local _, errors = facts(set, ("a1 "):rep(60), { match_limit = 10000 })
  local by = {}
  for _, e in ipairs(errors) do by[e.rule] = e.message:match("^[^\n]*") end
  local function says (rule, msg)
    t.ok(by[rule] and by[rule]:find("/r01.lua:" .. msg, 1, true) and by[rule]:sub(1, 1) == "/", tostring(by[rule]))
  end
  says("span", "1: a fact span is outside the document")          -- one first line for every document
  local span = errors[1].rule == "span" and errors[1].message or ""
  t.ok(span:find("\nfact span 0..3, document 1..180", 1, true), span)
  says("ret", "2: match must return a fact table, an array of facts or nil, got string")
  says("emit", "3: emit must return a fact table, an array of facts or nil, got number")
  says("own", "4: mine")
  says("cat", "5: re: match limit exceeded")
  -- both were "attempt to index a string value (local 'f')", from the engine's code
  says("mixed", "6: match returned an array whose item 2 is a string, not a fact table")
  says("emitx", "7: bad argument #1 to 'emit' (a fact table expected, got string)")
  -- a quantity assay.cn cannot read left the fact without a value, silently
  says("qty", '8: quantity = "1.2亿": not a quantity: "1.2亿"')
end)

t.test("a rule that runs after a rule of a pack not loaded says to give that pack", function ()
  local ok, err = load { 'rule "loans" { after = { "article" }, match = function () end }\n' }
  t.eq(ok, false)
  t.ok(tostring(err):find("r01.lua:1: rule 'loans' runs after unknown rule 'article' (the rules of `after` " ..
                          "must be loaded with it: give their pack too", 1, true), tostring(err))
end)

t.test("a rule file saved in GBK is an error naming its line; a UTF-8 BOM is read as lua reads it", function ()
  -- need = {"投入"} in GBK would never match a document (all are UTF-8 by then)
  local ok, err = load { '-- 资金\nrule "g" { need = { "\205\182\200\235" }, pattern = "a" }\n' }
  t.eq(ok, false)
  t.ok(tostring(err):find("r01.lua:2: not UTF-8 (byte 0xC8", 1, true), tostring(err))
  local ok2, set = load { '\239\187\191rule "b" { pattern = [[(\\d+)元]], value = 1 }\n' }
  t.ok(ok2, tostring(set))
  t.eq(facts(set, "发放3元")[1].value, 3)
  -- a bad pattern on its first line: the column and the line shown as without the BOM
  local ok3, e3 = load { '\239\187\191rule "b" { pattern = "a(b" }\n' }
  t.eq(ok3, false)
  t.ok(tostring(e3):find("r01.lua:1:26: rule 'b': re.compile: missing closing parenthesis", 1, true), tostring(e3))
  t.ok(tostring(e3):find("\n  rule \"b\"", 1, true), tostring(e3))
  local d = mkdir()
  write(d .. "/_part.lua", 'return { word = "\205\182\200\235" }\n')
  write(d .. "/r.lua", 'local p = include "_part.lua"\nrule "x" { pattern = "a" }\n')
  local _, code, e = sh(q(bin) .. " test " .. q(d .. "/r.lua"))
  os.execute("rm -rf " .. q(d))
  t.eq(code, 1, e)
  t.ok(e:find("r.lua:1: include: " .. d .. "/_part.lua:1: not UTF-8", 1, true), e)
end)

t.test("a file that replaces string.find or re.compile changes only itself", function ()
  local ok, set = load {
    [[string.find = function () return nil end
      string.gsub = function () return "", 0 end
      re.compile = function () error("hijacked") end
      local mt = getmetatable("")
      assert(mt == nil, "a rule sees the string metatable")
      rule "a" { pattern = "x" }]],
    [[rule "b" { pattern = "(\\d+)元", emit = function (m)
        assert(("12元"):find("元", 1, true) and string.find("12元", "元", 1, true))
        return { value = tonumber(m[1]), unit = re.compile("元"):match("元") }
      end }]],
  }
  t.ok(ok, tostring(set))
  local fs, errs = facts(set, "投入12元和30元。")
  t.eq(#errs, 0, errs[1] and errs[1].message)
  t.eq(#fs, 2)
  t.eq(fs[2].value, 30)
  t.ok(("abc"):find("b", 1, true) == 2 and string.find ~= nil, "the engine's string table")
end)

t.test("rules cannot change the metatables of documents, strings or regexes", function ()
  local ok, set = load { [[
    rule "m" { match = function (doc)
      assert(getmetatable(doc) == nil and getmetatable(re.compile("a")) == nil)
      local ok = pcall(setmetatable, doc, {})
      assert(not ok, "setmetatable(doc)")
      -- shadowing a method the engine calls changes nothing for the engine
      rawset(doc, "packed_spans", function () error("hijacked") end)
      rawset(doc, "key", "another-document")
      doc.text = "forged"
    end }
    rule "p" { pattern = "元" }
  ]] }
  t.ok(ok, tostring(set))
  local items, errors, _, doc = engine.process(set, { text = "投入12元。", key = "k", meta = {} }, {})
  t.eq(#errors, 0, errors[1] and errors[1].message)
  t.eq(engine.count(items), 1)
  t.eq(doc.key, "k")
  t.eq(doc.text, "投入12元。")
end)

t.test("after rules cannot store a span outside the document or a forged surface", function ()
  local ok, set = load { [[
    rule "p" { pattern = "(\\d+)元", emit = function (m) return { value = tonumber(m[1]) } end }
    rule "forge" { after = { "p" }, match = function (doc)
      doc.facts[1].start, doc.facts[1].stop = 1, 100000
      doc.facts[2].surface = "999亿元"
    end }
  ]] }
  t.ok(ok, tostring(set))
  local s = "投入12元和30元。"
  local items, errors = engine.process(set, { text = s, key = "k", meta = {} }, {})
  t.eq(#items, 1)
  t.eq(items[1].surface, "30元")
  t.eq(#errors, 1)
  t.ok(errors[1].message:find("outside the document", 1, true), errors[1].message)
end)

t.test("a fact whose kind is not a string is an error of its rule, not of the batch", function ()
  local ok, set = load { [[
    rule "p" { pattern = "(\\d+)元", emit = function (m)
      local f = { value = tonumber(m[1]) }
      if m[1] == "12" then f.kind = false end
      return f end }
  ]] }
  t.ok(ok, tostring(set))
  local items, errors = engine.process(set, { text = "投入12元和30元。", key = "k", meta = {} }, {})
  t.eq(#items, 1)
  t.eq(items[1].kind, "p")
  t.eq(#errors, 1)
  t.eq(errors[1].rule, "p")
  t.ok(errors[1].message:find("'kind' must be a string", 1, true), errors[1].message)
end)

t.test("facts with the same bad field: one error in the document, at the rule's line", function ()
  local ok, set = load { [[
    rule "q" { pattern = "(\\d+)元", emit = function (m) return { value = tonumber(m[1]), qualifier = true } end }
  ]] }
  t.ok(ok, tostring(set))
  local items, errors = engine.process(set, { text = "投入12元、30元和5元。", key = "k", meta = {} }, {})
  t.eq(#engine.expand(items, "投入12元、30元和5元。"), 3)    -- kept, without the field
  t.eq(#errors, 1)                                           -- was 3: "failed on 3 documents" for one
  t.ok(errors[1].message:find("/r01.lua:1: fact field 'qualifier' must be a string, got boolean", 1, true),
       errors[1].message)
end)

t.test("doc.meta.date set to a table is an error of its rule, not 'table: 0x...' in docs.date", function ()
  local ok, set = load { [[
    rule "m" { match = function (doc) doc.meta.date = { 2019 }; doc.meta.title = 5; doc.meta.source = "x" end }
  ]] }
  t.ok(ok, tostring(set))
  local _, errors, _, doc = engine.process(set, { text = "正文。", key = "k", meta = {} }, {})
  t.eq({ doc.meta.date, doc.meta.title, doc.meta.source }, { nil, "5", "x" })
  t.eq(#errors, 1)
  t.ok(errors[1].message:find("/r01.lua:1: doc.meta.date must be a string, got table", 1, true), errors[1].message)
end)

t.test("a fact put into doc.facts without a rule is dropped with an error (it stopped the run)", function ()
  local ok, set = load { [[
    rule "listed" { match = function (doc) doc.facts[#doc.facts + 1] = { kind = "listed", value = 1 } end }
    rule "named" { match = function (doc) doc.facts[#doc.facts + 1] = { kind = "named", rule = "named" } end }
  ]] }
  t.ok(ok, tostring(set))
  local items, errors = engine.process(set, { text = "投入12元。", key = "k", meta = {} }, {})
  t.eq(#items, 1)
  t.eq(items[1].kind, "named")
  t.eq(errors, { { rule = "?", message = "fact field 'rule' must be a string, got nil", reason = "error" } })
end)

t.test("assay run: a fact without a string kind fails its document's rule, the batch is stored", function ()
  local d = mkdir()
  write(d .. "/r.lua", [[rule "p" { pattern = "(\\d+)元", emit = function (m)
      local f = { value = tonumber(m[1]) }
      if m[1] == "12" then f.kind = false end
      return f end }]])
  write(d .. "/a.txt", "投入12元。\n"); write(d .. "/b.txt", "投入30元。\n"); write(d .. "/c.txt", "投入40元。\n")
  local _, code, err = sh(q(bin) .. " run -q -j 2 --db " .. q(d .. "/f.db") .. " " .. q(d .. "/r.lua")
                          .. " -- " .. q(d .. "/a.txt") .. " " .. q(d .. "/b.txt") .. " " .. q(d .. "/c.txt"))
  local h = require("assay.db").open(d .. "/f.db")
  local docs, facts, errs = h:val("SELECT count(*) FROM docs"), h:val("SELECT count(*) FROM facts"),
                            h:val("SELECT count(*) FROM errors")
  h:close()
  os.execute("rm -rf " .. q(d))
  t.eq(code, 0, err)
  t.eq({ docs, facts, errs }, { 3, 2, 1 })
end)

t.test("metamethods of rule-made facts do not run in the writer", function ()
  local ok, set = load { [[
    rule "p" { pattern = "元", emit = function (m)
      return setmetatable({ value = 1 }, { __index = function (_, k)
        if k == "unit" then while true do end end
        if k == "region" or k == "period" then return ("x"):rep(3) .. k end
      end })
    end }
  ]] }
  t.ok(ok, tostring(set))
  local s = "投入12元。"
  local items, errors = engine.process(set, { text = s, key = "k", meta = {} }, { instructions = 1000000 })
  t.eq(#errors, 0)
  local blob, n = factpack.pack(items, s)
  t.eq(n, 1)
  t.ok(not blob:find("xxx", 1, true), "an __index value was stored")
end)

t.test("a string field over 1 MiB is an error of its rule, not copied by the writer", function ()
  local ok, set = load { [[
    local big = ("x"):rep(2 * 1048576)
    rule "p" { pattern = "(\\d+)元", emit = function (m) return { value = big, unit = "元" } end }
  ]] }
  t.ok(ok, tostring(set))
  local items, errors = engine.process(set, { text = "投入12元和30元。", key = "k", meta = {} }, {})
  t.eq(#items, 0)
  t.eq(#errors, 2)
  t.ok(errors[1].message:find("at most 1048576", 1, true), errors[1].message)
end)

t.test("an xpcall handler that loops is stopped by the budget", function ()
  local ok, set = load { [[
    rule "m" { match = function (doc)
      xpcall(function () local n = 0; while true do n = n + 1 end end,
             function () local n = 0; while true do n = n + 1 end end)
    end }
  ]] }
  t.ok(ok, tostring(set))
  local _, errors = engine.process(set, { text = "x", key = "k", meta = {} }, { instructions = 1000000 })
  t.eq(#errors, 1)
  t.eq(errors[1].reason, "instructions")
end)

t.test("a budget error starts with the line where the rule was stopped", function ()
  local ok, set = load { [[
local function spin (n)
  while true do n = n + 1 end
end
rule "helper" { match = function (doc) spin(0) end }
local json = require "assay.json"
rule "lib" { match = function (doc)
  local v = json.decode_lua("[" .. ("1,"):rep(1000000) .. "1]")
  return nil, v
end }
rule "hog" {
  match = function (doc)
    local t = {}
    for i = 1, 1e9 do t[i] = ("x"):rep(1000) .. i end
  end }
]] }
  t.ok(ok, tostring(set))
  local _, errors = engine.process(set, { text = "扶贫资金30万元，覆盖120户。", key = "k", meta = {} },
                                   { instructions = 1000000, memory = 16 * 1048576 })
  local got = {}
  for _, e in ipairs(errors) do got[e.rule] = e.message:gsub("^.*/", "") end
  t.eq(got, {
    -- a function of the rule file, named
    helper = "r01.lua:2: instruction budget exceeded (limit is 1000000 instructions) in function 'spin'",
    -- stopped inside assay.json: the rule's line, and the function it called
    lib = "r01.lua:7: instruction budget exceeded (limit is 1000000 instructions) in a call to 'decode_lua'",
    -- no hook sees where an allocation failed: the rule's own line
    hog = "r01.lua:10: memory budget exceeded (limit is 16777216 bytes)",
  })
end)

t.test("__gc finalizers are refused in rules", function ()
  local ok, err = load { 'setmetatable({}, { __gc = function () while true do end end })\nrule "x" { pattern = "a" }' }
  t.eq(ok, false)
  t.ok(tostring(err):find("__gc is not allowed", 1, true), tostring(err))
end)

t.test("a rule file's top-level code runs under a budget", function ()
  local ok, err = load({ 'local n = 0\nwhile true do n = n + 1 end' },
                       { load_limits = { instructions = 1000000, memory = 64 * 1048576 } })
  t.eq(ok, false)
  t.ok(tostring(err):find("/r01.lua:2: loading the rules: instruction budget exceeded (limit is 1000000 "
                          .. "instructions)", 1, true), tostring(err))
  local ok2, err2 = load({ 'local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(1000) .. i end' },
                         { load_limits = { instructions = 1e12, memory = 16 * 1048576 } })
  t.eq(ok2, false)
  t.ok(tostring(err2):find("/r01.lua: loading the rules: memory budget exceeded (limit is 16777216 bytes)", 1, true),
       tostring(err2))
end)

t.test("a Lua loop stops at the time budget", function ()
  local ok, set = load { 'rule "m" { match = function () while true do end end }' }
  t.ok(ok, tostring(set))
  local _, errors = engine.process(set, { text = "x", key = "k", meta = {} }, { seconds = 0.2 })
  t.eq(#errors, 1)
  t.eq(errors[1].reason, "seconds")
  -- (ASSAY_TIME_SCALE, under ASan and valgrind, scales the limit)
  t.ok(errors[1].message:find("/r01%.lua:1: time budget exceeded %(limit is [%d.]+ s%)$"), errors[1].message)
end)

t.test("a Lua string pattern stuck in C ends the process with the rule's name", function ()
  local d = mkdir()
  write(d .. "/r.lua", [[rule "slow" { match = function (doc)
      return { value = (doc.text:rep(400)):find(".-.-.-.-.-b") } end }]])
  write(d .. "/doc.txt", ("a"):rep(40) .. "\n")
  local _, code, err = sh(q(bin) .. " run -q -j 1 --seconds 0.2 --db " .. q(d .. "/f.db") .. " "
                          .. q(d .. "/r.lua") .. " -- " .. q(d .. "/doc.txt"))
  os.execute("rm -rf " .. q(d))
  t.eq(code, 3)
  t.ok(err:find("rule 'slow' ran past its time budget", 1, true), err)
end)

t.test("rules cannot raise the PCRE2 limits", function ()
  local ok, err = load { 're.limits(1e9)\nrule "x" { pattern = "a" }' }
  t.eq(ok, false)
  t.ok(tostring(err):find("cannot be raised", 1, true), tostring(err))
  local ok2, err2 = load { 're.compile("a"):limits(4294967295)\nrule "x" { pattern = "a" }' }
  t.eq(ok2, false)
  t.ok(tostring(err2):find("cannot be raised", 1, true), tostring(err2))
  local ok3 = load { 're.compile("a"):limits(1000)\nrule "x" { pattern = "a" }' }
  t.ok(ok3, "lowering is allowed")
end)

t.test("memory a rule keeps from one document to the next is counted", function ()
  local ok, set = load { [[
    local kept = {}
    rule "m" { match = function (doc) kept[#kept + 1] = ("x"):rep(1048576) .. #kept end }
  ]] }
  t.ok(ok, tostring(set))
  local reasons = {}
  for i = 1, 40 do
    local _, errors = engine.process(set, { text = "doc " .. i, key = "k" .. i, meta = {} },
                                     { memory = 8 * 1048576 })
    if errors[1] then reasons[#reasons + 1] = errors[1].reason end
  end
  t.ok(#reasons > 0 and reasons[1] == "memory", "40 MiB kept under an 8 MiB budget")
end)

t.done()
