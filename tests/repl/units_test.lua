-- assay.repl and assay.repl_c in-process: printer, grids, completion, the
-- statement compiler, rc.pcall.  (The terminal itself: tests/repl_test.lua.)
local t = require "assay.testing"
local repl = require "assay.repl"
local rc = require "assay.repl_c"
local text = require "assay.text"
local db = require "assay.db"

t.test("pretty: scalars, strings quoted and escaped", function ()
  t.eq(repl.pretty(1), "1"); t.eq(repl.pretty(1.5), "1.5"); t.eq(repl.pretty(2.0), "2.0")
  t.eq(repl.pretty(nil), "nil"); t.eq(repl.pretty(true), "true")
  t.eq(repl.pretty("a\n\"b\"\\\0"), '"a\\n\\"b\\"\\\\\\0"')
  t.eq(repl.pretty("脱贫"), '"脱贫"')
  t.ok(repl.pretty(print):match("^function: "), repl.pretty(print))
end)

t.test("pretty: tables with sorted keys, arrays first, nested, multi-line when long", function ()
  t.eq(repl.pretty({}), "{}")
  t.eq(repl.pretty({ 3, 2, z = 1, a = 2, [10] = "x", ["not id"] = 1 }),
       '{3, 2, [10] = "x", a = 2, ["not id"] = 1, z = 1}')   -- numbers, then strings
  local long = {}
  for i = 1, 30 do long["key" .. string.format("%02d", i)] = i end
  local s = repl.pretty(long)
  t.ok(s:find("^{\n  key01 = 1,\n  key02 = 2,"), s)
  t.ok(s:find("\n}$"), s)
  local nested = repl.pretty({ a = { string.rep("x", 80) } })
  t.ok(nested:find('{\n  a = {\n    "xxx', 1, false), nested)
end)

t.test("pretty: cycles, depth limit, item limit, long strings", function ()
  local c = {}; c.me = c; c.list = { c }
  local s = repl.pretty(c):gsub("%s+", "")          -- one line or several, by address length
  t.ok(s:match("^{list={<cycle:table:0x%x+>},me=<cycle:table:0x%x+>}$"), s)
  local shared = { 1 }
  t.eq(repl.pretty({ shared, shared }), "{{1}, {1}}")            -- shared is not a cycle
  t.eq(repl.pretty({ { { { { { 1 } } } } } }), "{{{{{...}}}}}")
  local big = {}
  for i = 1, 150 do big[i] = i end
  t.ok(repl.pretty(big):find("...(50 more)", 1, true))
  local ls = repl.pretty(string.rep("ab", 300))
  t.eq(ls:sub(-20), '"...(400 more bytes)', ls)
  local cjk = repl.pretty(string.rep("字", 100))
  t.ok(text.valid(cjk), "cut on a character boundary")
  t.ok(cjk:find("(102 more bytes)", 1, true), cjk)
  local obj = setmetatable({}, { __tostring = function () return "<obj>" end })
  t.eq(repl.pretty(obj), "<obj>")
end)

t.test("grid: aligned columns, CJK two columns wide, numbers right-aligned, limits", function ()
  local g = repl.grid({ { name = "脱贫攻坚", n = 1 }, { name = "ab", n = 22 } }, { "name", "n" })
  t.eq(g, "name     │ n\n" ..
          "─────────┼───\n" ..
          "脱贫攻坚 │  1\n" ..
          "ab       │ 22\n" ..
          "(2 rows)")
  -- columns from the records when not given: id first, then sorted
  t.ok(repl.grid({ { b = 1, id = 2, a = "x" } }):find("^id │ a │ b\n"), repl.grid({ { b = 1, id = 2, a = "x" } }))
  -- cells: newlines flattened, long text cut to 40 columns with an ellipsis
  local cell = repl.grid({ { v = "a\nb" }, { v = string.rep("长", 50) } }, { "v" })
  t.ok(cell:find("a b", 1, true), cell)
  for line in cell:gmatch("[^\n]+") do t.ok(text.width(line) <= 40, line) end
  t.ok(cell:find("…", 1, true), cell)
  local many = {}
  for i = 1, 60 do many[i] = { i = i } end
  local g = repl.grid(many, { "i" })
  t.eq(g:sub(-55), "\n50\n… 10 more rows (60 in all); _:show(n) / limit = n", g)
  t.ok(not g:find("\n51\n", 1, true), g)
  -- rows:show(n): the same rows, n shown; a helper's limit adds what the database holds
  local rows = repl.rows(many, { "i" })
  g = repl.pretty(rows:show(55))
  t.ok(g:find("\n55\n… 5 more rows (60 in all)", 1, true), g)
  t.eq(repl.pretty(rows:show()):sub(-13), "\n60\n(60 rows)", "all rows")
  rows.more = 1174
  t.ok(repl.pretty(rows):find("… 1,184 more rows (1,234 in all); _:show(n) / limit = n", 1, true))
  t.eq(repl.thousands(1234567), "1,234,567"); t.eq(repl.thousands(999), "999"); t.eq(repl.thousands(-1000), "-1,000")
  t.raises(function () rows:show(0) end, "positive integer expected")
  t.eq(repl.grid({}, {}), "(0 rows)")
  -- rows() marks a list so pretty prints it as a grid
  t.eq(repl.pretty(repl.rows({ { x = 1 } }, { "x" })), "x\n─\n1\n(1 row)")
end)

t.test("complete: globals, module fields, methods, listings, keywords", function ()
  local env = setmetatable({ re = require "assay.re", mine = { alpha = 1, alps = 2, beta = 3 },
                             d = db.open(":memory:") }, { __index = _G })
  t.eq(select(1, repl.complete("re.com", env)), "pile")
  t.eq(select(1, repl.complete("x = re.com", env)), "pile")
  t.eq(select(1, repl.complete("d:ro", env)), "ws")
  t.eq(select(1, repl.complete("mine.be", env)), "ta")
  local ins, list = repl.complete("mine.al", env)
  t.eq(ins, "p"); t.eq(list, nil)                                     -- common prefix alp
  ins, list = repl.complete("mine.alp", env)
  t.eq(ins, ""); t.eq(list, "alpha  alps\n")
  t.eq(select(1, repl.complete("pri", env)), "nt")                    -- from _G
  t.eq(select(1, repl.complete("functi", env)), "on")                 -- keyword
  t.eq(select(1, repl.complete("(''):up", env)), "")                  -- not a name chain
  t.eq(select(1, repl.complete("nope.x", env)), "")
  t.eq(select(1, repl.complete("d:rows():x", env)), "")
  t.eq(select(1, repl.complete("mine.alpha.x", env)), "")             -- a number has no fields
  ins, list = repl.complete("d:", env)
  t.eq(ins, ""); t.ok(list:find("interrupt", 1, true) and list:find("rows", 1, true), list)
  env.d:close()
end)

t.test("complete: an __index function is not called; errors in lookups are swallowed", function ()
  local called = false
  local env = { p = setmetatable({}, { __index = function () called = true; error("no") end }) }
  t.eq(select(1, repl.complete("p.x", env)), "")
  local bad = { q = setmetatable({}, { __index = function () error("boom") end }) }
  t.eq(select(1, repl.complete("q.a.b", bad)), "")
  t.ok(called or true)
end)

t.test("compile: expressions first, statements, incomplete chunks", function ()
  local env = {}
  local f = repl.compile("1 + 1", env, "=t")
  t.eq(f(), 2)
  f = repl.compile("x = 5", env, "=t"); f(); t.eq(env.x, 5)
  local fn, err, inc = repl.compile("function g()", env, "=t")
  t.eq(fn, nil); t.ok(inc, err)
  fn, err, inc = repl.compile("x = = 1", env, "=t")
  t.eq(fn, nil); t.ok(not inc, err); t.ok(err:find("unexpected symbol", 1, true), err)
  t.ok(select(3, repl.compile("s = [[abc", env, "=t")))
  t.ok(select(3, repl.compile("if x then", env, "=t")))
  t.ok(repl.incomplete("t:1: 'end' expected near <eof>"))
  t.ok(not repl.incomplete("t:1: unexpected symbol near 'x'"))
  t.ok(not repl.incomplete(nil))
end)

t.test("trim_traceback keeps the message and the user's frames", function ()
  local msg = "stdin:1: boom\nstack traceback:\n\t[C]: in function 'error'\n\tstdin:1: in main chunk\n" ..
              "\t[C]: in function 'assay.repl_c.pcall'\n\t[assay] assay.repl:400: in method 'run'"
  t.eq(repl.trim_traceback(msg), "stdin:1: boom\nstack traceback:\n\t[C]: in function 'error'\n\tstdin:1: in main chunk")
  t.eq(repl.trim_traceback("[assay] assay.repl:1: x"), "[assay] assay.repl:1: x")
end)

t.test("rc.pcall: results, errors with traceback, bad arguments", function ()
  t.eq({ rc.pcall(function (a, b) return a + b, "x" end, 1, 2) }, { true, 3, "x" })
  local ok, err = rc.pcall(function () error("boom") end)
  t.eq(ok, false); t.ok(err:find("boom", 1, true) and err:find("stack traceback:", 1, true), err)
  ok, err = rc.pcall(function () error({}) end)
  t.eq(ok, false); t.ok(err:find("error object is a table value", 1, true), err)
  ok, err = rc.pcall(42)
  t.eq(ok, false); t.ok(err:find("attempt to call a number value", 1, true), err)
  t.raises(function () rc.pcall() end, "bad argument #1 to 'pcall'")
  -- nested calls restore the outer state
  t.eq({ rc.pcall(function () return rc.pcall(function () return 7 end) end) }, { true, true, 7 })
end)

t.test("rc.pcall: SIGINT from the process itself interrupts Lua and SQLite", function ()
  local host = require "assay.host"
  -- a child that kills us is not available without io.popen timing games;
  -- raise the signal with os.execute from inside the statement instead
  local pid = io.open("/proc/self/stat") and io.open("/proc/self/stat"):read("l"):match("^(%d+)")
  if not pid then t.skip("no /proc/self/stat"); return end
  local ok, err = rc.pcall(function ()
    -- in the background: system() ignores SIGINT while it waits
    os.execute("(sleep 0.2; kill -INT " .. pid .. ") &")
    local t0 = host.clock()
    while host.clock() - t0 < 10 do end
    return "not interrupted"
  end)
  t.eq(ok, false); t.ok(tostring(err):find("interrupted!", 1, true), err)
  rc.catch_sqlite()
  local d = db.open(":memory:")
  ok, err = rc.pcall(function ()
    os.execute("(sleep 0.2; kill -INT " .. pid .. ") &")
    return d:val("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
  end)
  t.eq(ok, false); t.ok(tostring(err):find("interrupt", 1, true), err)
  t.eq(d:val("SELECT 41 + 1"), 42)                    -- the connection works afterwards
  d:close()
  t.eq({ rc.pcall(function () return 1 end) }, { true, 1 })   -- flag and hook are reset
end)

t.test("rc.open: needs a terminal and checks its options", function ()
  t.raises(function () rc.open() end, "bad argument #1 to 'open'")
  t.raises(function () rc.open{ size = 0 } end, "history size out of range")
  t.raises(function () rc.open{ complete = 1 } end, "function expected")
  t.raises(function () rc.open{ history = string.rep("x", 5000) } end, "history path too long")
  if not require("assay.host").isatty(0) then
    t.raises(function () rc.open{} end, "standard input is not a terminal")
  end
  t.ok(rc.utf8_locale():lower():find("utf%-?8"), rc.utf8_locale())
end)

t.test("session: helpers without a database raise, help prints", function ()
  local out = {}
  local errs = {}
  local s = repl.new{ write = function (...) for _, v in ipairs({ ... }) do out[#out + 1] = tostring(v) end end,
                      ewrite = function (...) errs[#errs + 1] = table.concat({ ... }) end }
  t.raises(function () s.env.q("SELECT 1") end, "no database open")
  t.raises(function () s.env.q(1) end, "bad argument #1 to 'q'")
  t.raises(function () s.env.docs(5) end, "bad argument #1 to 'docs'")
  t.raises(function () s.env.show("x") end, "bad argument #1 to 'show'")
  t.raises(function () s.env.grep("") end, "bad argument #1 to 'grep'")
  t.raises(function () s.env.try(1, "x") end, "bad argument #1 to 'try'")
  t.raises(function () s.env.reload() end, "no rule pack loaded")
  s.env.help()
  t.ok(table.concat(out):find("grep(pattern", 1, true))
  out = {}
  s.env.help(s.env.grep)
  t.ok(table.concat(out):find("^grep%(pattern"), table.concat(out))
  t.eq(s:run("1 + 1"), true); t.eq(s:run("error('x')"), false)
  t.ok(errs[1]:find("stdin:1: x\nstack traceback:", 1, true), errs[1])
  t.eq(s:run(".quit"), true); t.ok(s.quit)
end)

t.test("session: helpers over an in-memory facts database", function ()
  local d = db.open(":memory:")
  d:exec("CREATE TABLE docs(id INTEGER PRIMARY KEY, key TEXT, path TEXT, name TEXT, hash TEXT, bytes INT, " ..
         "title TEXT, date TEXT, text TEXT)")
  d:exec("CREATE TABLE facts(id INTEGER PRIMARY KEY, doc_id INT, rule TEXT, kind TEXT, value, unit TEXT, " ..
         "qualifier TEXT, surface TEXT, start INT, stop INT, region TEXT, period TEXT, extra TEXT)")
  local body = "第一行\n投入扶贫资金3.2亿元。\n"
  d:exec("INSERT INTO docs VALUES (1, 'a.txt', 'a.txt', 'a.txt', 'h', ?, '标题', NULL, ?)", #body, body)
  local a = body:find("3.2", 1, true)
  d:exec("INSERT INTO facts VALUES (1, 1, 'money', 'money', 320000000, '元', 'exact', '3.2亿元', ?, ?, '滨州', '2020', NULL)",
         a, a + #"3.2亿元" - 1)
  local out = {}
  local s = repl.new{ db = d, write = function (...) for _, v in ipairs({ ... }) do out[#out + 1] = tostring(v) end end }
  t.eq(#s.env.docs(), 1); t.eq(s.env.docs{ like = "标题" }[1].title, "标题")
  t.eq(#s.env.docs{ like = "zzz" }, 0)
  t.eq(s.env.facts{ region = "滨州" }[1].value, 320000000)
  t.eq(#s.env.facts{ period = "2019" }, 0)
  t.eq(s.env.q("SELECT count(*) AS n FROM facts").columns, { "n" })
  s.env.show(1)
  t.ok(table.concat(out):find("»3.2亿元«", 1, true), table.concat(out))
  t.raises(function () s.env.show(2) end, "no fact with id 2")
  -- in memory: no FTS index, plain scan for literals; regex otherwise
  local g = s.env.grep("扶贫资金")
  t.eq(#g, 1); t.eq(g[1].line, 2); t.ok(g[1].text:find("»扶贫资金«", 1, true), g[1].text)
  t.eq(#s.env.grep("\\d+亿"), 1); t.eq(#s.env.grep("行"), 1); t.eq(#s.env.grep("无此"), 0)
  out = {}
  t.eq(s.env.try("\\d", 1), 2)
  t.ok(table.concat(out):find("2 matches", 1, true))
  d:close()
end)

t.done()
