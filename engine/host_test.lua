-- Tests of the binary itself: command line, arg table, exit codes, module loading.
-- test: no-valgrind
local t = require "assay.testing"
local bin, sh, q = t.bin(), t.sh, t.q

t.test("--version prints the version", function ()
  local out, code = sh(bin .. " --version")
  t.eq(code, 0); t.ok(out:match("^assay %d+%.%d+%.%d+"), "version line: " .. out)
end)

t.test("--help prints usage and exits 0", function ()
  local out, code = sh(bin .. " --help")
  t.eq(code, 0); t.ok(out:find("usage: assay", 1, true))
end)

t.test("-e runs code with varargs and arg", function ()
  local out, code = sh(bin .. " -e " .. q("print(select('#', ...), arg[1], ...)") .. " x y")
  t.eq(code, 0); t.eq(out, "2\tx\tx\ty\n")
end)

t.test("-e without code is a usage error", function ()
  local _, code, err = sh(bin .. " -e")
  t.eq(code, 2); t.ok(err:find("'-e' needs an argument", 1, true), err)
end)

t.test("unknown option is a usage error", function ()
  local _, code, err = sh(bin .. " --frobnicate")
  t.eq(code, 2); t.ok(err:find("unknown option '--frobnicate'", 1, true), err)
end)

t.test("script gets arg table like lua", function ()
  local f = t.tmpfile("print(arg[0] ~= nil, arg[1], arg[2], select('#', ...))", ".lua")
  local out, code = sh(bin .. " " .. f .. " a b")
  os.remove(f)
  t.eq(code, 0); t.eq(out, "true\ta\tb\t2\n")
end)

t.test("a script error exits 1 with file:line and traceback on stderr", function ()
  local f = t.tmpfile("local x = 1\nerror('boom')\n", ".lua")
  local _, code, err = sh(bin .. " " .. f)
  os.remove(f)
  t.eq(code, 1)
  t.ok(err:find("^assay: .-:2: boom"), err)
  t.ok(err:find("stack traceback", 1, true), err)
end)

t.test("a syntax error names file and line", function ()
  local f = t.tmpfile("x = = 1\n", ".lua")
  local _, code, err = sh(bin .. " " .. f)
  os.remove(f)
  t.eq(code, 1); t.ok(err:find(":1:", 1, true), err)
end)

t.test("a missing script is reported", function ()
  local _, code, err = sh(bin .. " /nonexistent/x.lua")
  t.eq(code, 1); t.ok(err:find("cannot open /nonexistent/x.lua", 1, true), err)
end)

t.test("script from stdin", function ()
  local out, code = sh("echo 'print(6*7)' | " .. bin .. " -")
  t.eq(code, 0); t.eq(out, "42\n")
end)

t.test("error objects that are not strings are reported", function ()
  local _, code, err = sh(bin .. " -e 'error({})'")
  t.eq(code, 1); t.ok(err:find("error object is a table value", 1, true), err)
end)

t.test("assay help lists commands; unknown help topic exits 2", function ()
  local out, code = sh(bin .. " help")
  t.eq(code, 0); t.ok(out:find("run", 1, true))
  local _, code2, err = sh(bin .. " help nosuch")
  t.eq(code2, 2); t.ok(err:find("unknown command 'nosuch'", 1, true), err)
end)

t.test("embedded stdlib loads; ASSAY_PATH overrides it", function ()
  local out, code = sh(bin .. " -e " .. q("print(type(require 'assay.testing'))"))
  t.eq(code, 0); t.eq(out, "table\n")
  local dir = os.tmpname(); os.remove(dir)
  os.execute("mkdir -p " .. dir .. "/assay")
  local f = assert(io.open(dir .. "/assay/testing.lua", "w"))
  f:write("return 'from tree'"); f:close()
  local out2 = sh("ASSAY_PATH=" .. dir .. " " .. bin .. " -e " .. q("print((require 'assay.testing'))"))
  os.execute("rm -rf " .. dir)
  t.eq(out2, "from tree\n")
end)

t.test("unknown module error is clear", function ()
  local _, code, err = sh(bin .. " -e " .. q("require 'assay.nosuch'"))
  t.eq(code, 1); t.ok(err:find("module 'assay.nosuch' not found", 1, true), err)
end)

t.test("the stdlib is loaded as bytecode compiled at build time, with its line information", function ()
  local json = require "assay.json"
  local info = debug.getinfo(json.encode, "S")
  t.eq(info.source, "=[assay] assay.json")
  t.ok(info.linedefined > 0, "line numbers kept")
  -- an error inside a stdlib function names the module and line
  local ok, err = pcall(require("assay.rules").load, { "/nonexistent/rules.lua" })
  t.eq(ok, false)
  t.ok(tostring(err):find("nonexistent", 1, true), err)
  local _, _, e2 = sh(bin .. " -e " .. q("require('assay.json').decode(nil)"))
  t.ok(e2:find("[assay] assay.json:", 1, true), e2)
  -- the source is still there for what reads it (the built-in rule pack)
  t.ok(require("assay.host").stdlib_source("assay.json"):find("function M.encode", 1, true) ~= nil)
end)

t.done()
