-- The command line's manners: exit statuses, one-line errors, folded rule
-- errors, a busy database, progress, Ctrl-C, --json, man page and completions.
-- test: no-valgrind
local t = require "assay.testing"
local db = require "assay.db"
local host = require "assay.host"
local bin, sh, q = t.bin(), t.sh, t.q

local function mkdir () local d = os.tmpname(); os.remove(d); assert(os.execute("mkdir -p " .. d)); return d end
local function write (path, s) local f = assert(io.open(path, "wb")); f:write(s); f:close() end
local function read (path) local f = io.open(path, "rb"); if not f then return nil end
  local s = f:read("a"); f:close(); return s end
local function exists (path) return host.stat(path) ~= nil end

-- Wait (bounded, polling) until pred() is true; no assumption on how fast
-- a busy machine gets there.
local function wait_for (pred, what, seconds)
  local deadline = host.clock() + (seconds or 60)
  while host.clock() < deadline do
    if pred() then return true end
    os.execute("sleep 0.05")
  end
  error("timed out waiting for " .. what, 2)
end

local RULES = [[
rule "money" { pattern = [=[(\d+)万元]=], value = 1 }
]]

local function corpus (n)
  local dir = mkdir()
  os.execute("mkdir -p " .. q(dir .. "/docs") .. " " .. q(dir .. "/empty"))
  for i = 1, n or 3 do
    write(string.format("%s/docs/d%02d.txt", dir, i), "第" .. i .. "村今年投入帮扶资金" .. i .. "万元。\n")
  end
  write(dir .. "/rules.lua", RULES)
  return dir
end

local function run_in (dir, args)
  return sh("cd " .. q(dir) .. " && " .. bin .. " run " .. args)
end

t.test("run: an input that cannot be read is exit 2, and no database is left", function ()
  local dir = corpus()
  local _, code, err = run_in(dir, "--db f.db rules.lua -- nothere.txt")
  t.eq(code, 2, err)
  t.ok(err:find("skipped nothere.txt: No such file or directory", 1, true), err)
  t.ok(err:find("1 input could not be read", 1, true), err)
  t.ok(not exists(dir .. "/f.db"), "no database for a run that read nothing")
  _, code, err = run_in(dir, "--db f.db rules.lua -- 'docs/*.pdf'")
  t.eq(code, 2, err)
  t.ok(err:find("no file matches the pattern", 1, true), err)
  -- the others are still processed, the status is still 2
  _, code, err = run_in(dir, "--db f.db rules.lua -- docs nothere.txt")
  t.eq(code, 2, err)
  t.ok(err:find("3 documents processed", 1, true), err)
  os.execute("rm -rf " .. q(dir))
end)

t.test("run: nothing processed is exit 1 without an empty database", function ()
  local dir = corpus()
  local _, code, err = run_in(dir, "--db f.db rules.lua -- empty")
  t.eq(code, 1, err)
  t.ok(err:find("no document was processed: no file in empty (hidden files are passed over)\n", 1, true), err)
  t.ok(not exists(dir .. "/f.db") and not exists(dir .. "/f.db-wal"), "no empty database")
  write(dir .. "/list", "")
  _, code, err = run_in(dir, "--db f.db rules.lua --files-from list")
  t.eq(code, 1, err); t.ok(err:find("no document was processed: the inputs name no file\n", 1, true), err)
  -- every file skipped (binary, a NUL byte): no empty database either
  os.execute("mkdir -p " .. q(dir .. "/bin"))
  write(dir .. "/bin/a.txt", "\127ELF\2\1\1" .. string.rep("\0", 100))
  write(dir .. "/bin/b.txt", "投入资金3万元\0。\n")
  _, code, err = run_in(dir, "--db f.db rules.lua -- bin")
  t.eq(code, 1, err)
  t.ok(err:find("2 inputs not read", 1, true) and err:find("(no database written)", 1, true), err)
  t.ok(err:find("no document was processed\n", 1, true), err)
  t.ok(not exists(dir .. "/f.db") and not exists(dir .. "/f.db-wal"), "no empty database for skipped files")
  _, code, err = run_in(dir, "-j 1 --db f.db rules.lua -- bin")
  t.eq(code, 1, err); t.ok(not exists(dir .. "/f.db"), "nor at -j 1")
  -- unchanged documents count as processed: a re-run is a success
  t.eq(select(2, run_in(dir, "-q --db f.db rules.lua -- docs")), 0)
  local _, code2, err2 = run_in(dir, "--db f.db rules.lua -- docs")
  t.eq(code2, 0, err2); t.ok(err2:find("3 unchanged skipped", 1, true), err2)
  os.execute("rm -rf " .. q(dir))
end)

t.test("run: identical rule errors fold into one line; a rule failing everywhere is exit 1", function ()
  local dir = corpus(30)
  write(dir .. "/bad.lua", RULES .. [[
rule "boom" { pattern = "万元", emit = function (m) error("no value here") end }
rule "some" { pattern = "第1\\d村", emit = function (m) error("only in the teens") end }
]])
  for _, j in ipairs({ "-j 1", "-j 2" }) do
    local _, code, err = run_in(dir, j .. " --db " .. j:sub(-1) .. ".db bad.lua -- docs")
    t.eq(code, 1, err)
    t.ok(err:find("assay run: rule 'boom' failed on 30 documents: bad.lua:2: no value here; first: d01.txt\n",
                  1, true), err)
    t.ok(err:find("rule 'some' failed on 10 documents: bad.lua:3: only in the teens; first: d10.txt", 1, true), err)
    t.ok(err:find("assay run: rule 'boom' failed on all 30 documents it ran on\n", 1, true), err)
    t.ok(not err:find("'some' failed on all", 1, true), err)
    local n = select(2, err:gsub("no value here", ""))
    t.eq(n, 1, "one line for 30 errors: " .. err)
  end
  -- a rule whose need words are in one document of 30: not "every document (1)"
  write(dir .. "/one.lua", RULES .. 'rule "seven" { need = { "第7村" }, pattern = "万元", emit = function () error("x") end }\n')
  local _, code, err = run_in(dir, "--db one.db one.lua -- docs")
  t.eq(code, 1, err)
  t.ok(err:find("assay run: rule 'seven' failed on the one document it ran on\n", 1, true), err)
  -- a rule failing on some documents only: status 0, the error on its document
  write(dir .. "/some.lua", RULES .. [[
rule "one" { pattern = "第7村", emit = function (m) error("seven") end }
]])
  local _, code, err = run_in(dir, "--db s.db some.lua -- docs")
  t.eq(code, 0, err)
  t.ok(err:find("assay run: d07.txt: rule 'one': some.lua:2: seven\n", 1, true), err)
  os.execute("rm -rf " .. q(dir))
end)

t.test("run: a database another process writes is waited for, with a message", function ()
  local dir = corpus()
  t.eq(select(2, run_in(dir, "-q --db f.db rules.lua -- docs")), 0)
  -- a writer holding the lock until the file 'go' exists
  local holder = t.tmpfile([[
local d = require("assay.db").open("f.db")
d:exec("BEGIN IMMEDIATE")
io.open("locked", "w"):close()
while not io.open("go") do os.execute("sleep 0.05") end
d:exec("COMMIT")
]], ".lua")
  os.execute("cd " .. q(dir) .. " && (" .. bin .. " " .. q(holder) .. " &)")
  wait_for(function () return exists(dir .. "/locked") end, "the lock holder")
  os.execute("cd " .. q(dir) .. " && (" .. bin .. " run --force --db f.db rules.lua -- docs 2> run.err; " ..
             "echo $? > run.status) &")
  wait_for(function () return (read(dir .. "/run.err") or ""):find("waiting", 1, true) end, "the message")
  t.ok(read(dir .. "/run.err"):find("assay run: f.db is being written by another process; waiting up to 60 s",
                                    1, true), read(dir .. "/run.err"))
  write(dir .. "/go", "")
  wait_for(function () return read(dir .. "/run.status") end, "the second run")
  t.eq(read(dir .. "/run.status"), "0\n", read(dir .. "/run.err"))
  t.ok(not read(dir .. "/run.err"):find("traceback", 1, true), read(dir .. "/run.err"))
  os.remove(holder)
  os.execute("rm -rf " .. q(dir))
end)

t.test("unknown commands are named with the closest one, exit 2", function ()
  local out, code, err = sh(bin .. " rn")
  t.eq(code, 2); t.eq(out, "")
  t.eq(err, "assay: unknown command 'rn' (did you mean 'run'?)\n")
  _, code, err = sh(bin .. " tset x")
  t.eq(code, 2); t.eq(err, "assay: unknown command 'tset' (did you mean 'test'?)\n")
  _, code, err = sh(bin .. " zzzzzz")
  t.eq(code, 2); t.eq(err, "assay: unknown command 'zzzzzz' (see assay --help)\n")
  _, code, err = sh(bin .. " help rpel")
  t.eq(code, 2); t.ok(err:find("did you mean 'repl'", 1, true), err)
  -- a script path is still a script
  local f = t.tmpfile("print('script ran')", ".lua")
  out, code = sh(bin .. " " .. q(f))
  t.eq(out, "script ran\n"); t.eq(code, 0)
  os.remove(f)
end)

t.test("a mistyped option is named with the closest one of the command's help, exit 2", function ()
  for _, c in ipairs({ { "run --bd x.db r -- d", "assay run: unknown option '--bd' (did you mean '--db'?)" },
                       { "run --jbos 2 r -- d", "assay run: unknown option '--jbos' (did you mean '--jobs'?)" },
                       { "report --fromat csv x.lua", "assay report: unknown option '--fromat' (did you mean '--format'?)" },
                       { "show --jsno 1", "assay show: unknown option '--jsno' (did you mean '--json'?)" },
                       { "try --cuont x", "assay try: unknown option '--cuont' (did you mean '--count'?)" },
                       { "test --verbsoe r", "assay test: unknown option '--verbsoe' (did you mean '--verbose'?)" },
                       { "repl --bd=x.db", "assay repl: unknown option '--bd=x.db' (did you mean '--db'?)" },
                       { "merge --quite a.db b.db", "assay merge: unknown option '--quite' (did you mean '--quiet'?)" },
                       { "diff --limt 3 a.db b.db", "assay diff: unknown option '--limt' (did you mean '--limit'?)" },
                       { "eval --gld g.tsv --db f.db", "assay eval: unknown option '--gld' (did you mean '--gold'?)" },
                       { "run --zzzzzzzz r -- d", "assay run: unknown option '--zzzzzzzz'\n" } }) do
    local _, code, err = sh(bin .. " " .. c[1] .. " < /dev/null")
    t.eq(code, 2, c[1] .. ": " .. err)
    t.ok(err:find(c[2], 1, true), c[1] .. ": " .. err)
  end
end)

t.test("a file that is not an assay database is named in one line, never a traceback", function ()
  local dir = corpus()
  local other = assert(db.open(dir .. "/other.db")); other:exec("CREATE TABLE t(x)"); other:close()
  write(dir .. "/junk.db", "this is no database at all, not even SQLite\n" .. string.rep("x", 2000))
  for _, f in ipairs({ "other.db", "junk.db" }) do
    local want = f .. " is not an assay facts database"
    for _, cmd in ipairs({ "run --db " .. f .. " rules.lua -- docs", "show --db " .. f .. " 1",
                           "report x.lua --db " .. f, "repl --db " .. f .. " < /dev/null",
                           "merge " .. f .. " shard.db", "eval --db " .. f .. " --gold rules.lua",
                           "diff " .. f .. " " .. f }) do
      local _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " " .. cmd)
      t.eq(code, cmd:match("^diff") and 2 or 1, cmd)
      t.ok(err:find(want, 1, true), cmd .. ": " .. err)
      t.ok(not err:find("traceback", 1, true), cmd .. ": " .. err)
      t.eq(select(2, err:gsub("\n", "")), 1, "one line: " .. err)
    end
  end
  -- as a shard: no SQL of the merge in the message
  local _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " merge m.db junk.db")
  t.eq(code, 1, err); t.eq(err, "assay merge: junk.db is not an assay facts database\n")
  -- a directory given as the database: said so (SQLite's own words were "disk I/O error")
  os.execute("mkdir -p " .. q(dir .. "/adir"))
  for _, cmd in ipairs({ "run --db adir rules.lua -- docs", "show --db adir 1", "report x.lua --db adir",
                         "repl --db adir < /dev/null", "merge adir shard.db", "merge m.db adir",
                         "eval --db adir --gold rules.lua", "diff adir adir" }) do
    _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " " .. cmd)
    t.eq(code, cmd:match("^diff") and 2 or 1, cmd)
    t.ok(err:find("adir is a directory, not a database file\n", 1, true), cmd .. ": " .. err)
    t.eq(select(2, err:gsub("\n", "")), 1, "one line: " .. err)
  end
  -- nor is a directory a list of files
  _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " run --db f.db --files-from adir rules.lua")
  t.eq(code, 2, err); t.eq(err, "assay run: --files-from: adir: Is a directory\n")
  os.execute("rm -rf " .. q(dir))
end)

t.test("a database given without --db is a usage error that says how to give it", function ()
  local dir = corpus()
  local _, code, err = run_in(dir, "-q --db reports.db rules.lua -- docs")
  t.eq(code, 0, err)
  for _, c in ipairs({ { "report x.lua reports.db", "report" }, { "show reports.db 1", "show" },
                       { "repl reports.db < /dev/null", "repl" } }) do
    local _, code2, err2 = sh("cd " .. q(dir) .. " && " .. bin .. " " .. c[1])
    t.eq(code2, 2, c[1])
    t.eq(err2, "assay " .. c[2] .. ": reports.db is a database: give it with --db (assay " .. c[2] ..
               " --db reports.db ...)\n", c[1])
  end
  os.execute("rm -rf " .. q(dir))
end)

t.test("a database that does not exist is named, with what writes one", function ()
  local dir = corpus()
  for _, cmd in ipairs({ "show 1", "show --db nope.db 1", "report x.lua --db nope.db", "repl --db nope.db < /dev/null",
                         "eval --db nope.db --gold rules.lua", "diff nope.db nope.db" }) do
    local _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " " .. cmd)
    local f = cmd:find("nope", 1, true) and "nope.db" or "facts.db"
    t.eq(code, cmd:match("^diff") and 2 or 1, cmd)
    t.ok(err:find("no database " .. f .. " (assay run --db " .. f .. " writes one; --db FILE names another)", 1, true),
         cmd .. ": " .. err)
    t.eq(select(2, err:gsub("\n", "")), 1, "one line: " .. err)
  end
  t.ok(not exists(dir .. "/nope.db") and not exists(dir .. "/facts.db"), "nothing created")
  -- a database to write in a directory that does not exist
  for _, cmd in ipairs({ "run --db no/dir/f.db rules.lua -- docs", "merge no/dir/f.db shard.db" }) do
    local _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " " .. cmd)
    t.eq(code, 1, cmd)
    t.ok(err:find("no/dir/f.db: no directory no/dir\n", 1, true), cmd .. ": " .. err)
  end
  os.execute("rm -rf " .. q(dir))
end)

t.test("report: a report script not found, or none given, lists the shipped reports", function ()
  local dir = corpus()
  t.eq(select(2, run_in(dir, "-q --db f.db rules.lua -- docs")), 0)
  -- (from the source tree: the list is what rules.shipped finds, beside ./assay, which
  -- build/asan/assay is not)
  local _, code, err = sh(bin .. " report by_region --db " .. q(dir .. "/f.db"))
  t.eq(code, 1)
  t.ok(err:find("^assay report: cannot open by_region: No such file or directory; the reports shipped: " ..
                "[^\n]*scripts/reports/by_region.lua, by_year.lua, [^\n]*dashboard.lua"), err)
  t.ok(not err:find("_figures", 1, true), "a helper (_NAME.lua) is no report: " .. err)
  _, code, err = sh(bin .. " report --db " .. q(dir .. "/f.db"))
  t.eq(code, 2)
  t.ok(err:find("^assay report: no report script given %(assay report REPORT.lua %[%-%-db FILE%]; " ..
                "the reports shipped: [^\n]*by_region.lua"), err)
  -- a script that exists but does not compile: its own error, no list
  write(dir .. "/bad.lua", "report:text(\n")
  _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " report bad.lua --db f.db")
  t.eq(code, 1); t.ok(err:find("bad.lua:2:", 1, true) and not err:find("shipped", 1, true), err)
  os.execute("rm -rf " .. q(dir))
end)

local have_script = os.execute("command -v script >/dev/null 2>&1")

t.test("run: progress (done/total, MB/s) only on a terminal; the ETA", function ()
  local dir = corpus(12)
  local _, _, err = run_in(dir, "--db p.db rules.lua -- docs")
  t.ok(not err:find("\r", 1, true) and not err:find("/12 documents", 1, true), "no progress into a pipe: " .. err)
  if have_script then
    os.remove(dir .. "/p.db")
    local out = sh("cd " .. q(dir) .. " && TERM=xterm script -qec " .. q(bin .. " run --db p.db rules.lua -- docs") ..
                   " /dev/null")
    t.ok(out:find("\r\27%[K12/12 documents, 12 facts, [%d.]+ MB/s"), out)
  else
    t.ok(false, "script (util-linux) not found: the terminal test needs it")
  end
  local run = require "assay.cmd.run"
  local s = { docs = 200, skipped = 50, ignored = 0, facts = 900, bytes = 50 * 1048576 }
  t.eq(run.progress_line(s, 1000, 10), "250/1000 documents, 900 facts, 5.0 MB/s, ETA 0:30")
  t.eq(run.progress_line(s, nil, 10), "200 documents, 50 skipped, 900 facts, 5.0 MB/s")
  -- the total counts what the run counts done: a skipped input too (a
  -- broken symlink once made the last line 13/12 documents)
  os.execute("ln -s nowhere.txt " .. q(dir .. "/docs/gone.txt"))
  t.eq(run.count_inputs({ dir .. "/docs" }), 13)
  if have_script then
    os.remove(dir .. "/p.db")
    local out = sh("cd " .. q(dir) .. " && TERM=xterm script -qec " .. q(bin .. " run --db p.db rules.lua -- docs") ..
                   " /dev/null")
    t.ok(out:find("\r\27[K13/13 documents, 12 facts", 1, true) and not out:find("/12 documents", 1, true), out)
    -- a message during the run starts a line of its own: the re-run draws
    -- the progress for the unchanged first record of a.jsonl before it
    -- meets z.txt (it was once written after "0.0 MB/s" on the same line)
    os.execute("mkdir -p " .. q(dir .. "/j") .. " && ln -s nowhere.txt " .. q(dir .. "/j/z.txt"))
    write(dir .. "/j/a.jsonl", '{"id":"r1","text":"投入资金5万元。"}\n{"id":"r2","text":"投入资金6万元。"}\n')
    run_in(dir, "-q --db j.db rules.lua -- j")
    out = sh("cd " .. q(dir) .. " && TERM=xterm script -qec " .. q(bin .. " run --db j.db rules.lua -- j") ..
             " /dev/null")
    t.ok(out:find("1 skipped, 0 facts, 0.0 MB/s\r\27[Kassay run: skipped j/z.txt: broken symlink", 1, true), out)
  end
  os.execute("rm -rf " .. q(dir))
end)

t.test("run: Ctrl-C commits what was written and says so; a re-run completes", function ()
  local dir = corpus(20)
  -- the 12th document (second batch) holds the run until 'go' exists;
  -- a busy loop in Lua, as os.execute would ignore SIGINT meanwhile
  write(dir .. "/docs/d12.txt", "HOLD 投入12万元\n")
  write(dir .. "/hold.lua", RULES .. [[
rule "hold" { pattern = "HOLD", emit = function ()
  io.open("held", "w"):close()
  while not io.open("go") do end
  return { value = 1 }
end }
]])
  os.execute("cd " .. q(dir) .. " && (" .. bin .. " run --allow-io -j 1 --db f.db hold.lua -- docs 2> run.err & " ..
             "echo $! > run.pid; wait $!; echo $? > run.status) &")
  wait_for(function () return exists(dir .. "/held") and read(dir .. "/run.pid") end, "the held document")
  os.execute("kill -INT " .. read(dir .. "/run.pid"):match("%d+"))
  write(dir .. "/go", "")
  wait_for(function () return read(dir .. "/run.status") end, "the run to stop")
  local err = read(dir .. "/run.err")
  t.eq(read(dir .. "/run.status"), "130\n", err)
  t.ok(err:find("assay run: interrupted: 8 documents committed; re-run to continue\n", 1, true), err)
  local d = assert(db.open(dir .. "/f.db"))
  t.eq(d:val("SELECT count(*) FROM docs"), 8)
  -- the run is recorded with its counts but not as finished, so that a
  -- shard interrupted this way is not merged as if it were complete
  t.eq(d:val("SELECT count(*) FROM runs WHERE finished IS NULL AND docs = 8"), 1)
  d:close()
  local _, mcode, merr = sh("cd " .. q(dir) .. " && " .. bin .. " merge m.db f.db")
  t.eq(mcode, 1, merr)
  t.ok(merr:find("f.db: its last run did not finish", 1, true), merr)
  local _, code, err2 = run_in(dir, "--allow-io -j 1 --db f.db hold.lua -- docs")
  t.eq(code, 0, err2)
  t.ok(err2:find("12 documents processed, 8 unchanged skipped", 1, true), err2)
  _, mcode, merr = sh("cd " .. q(dir) .. " && " .. bin .. " merge m.db f.db")
  t.eq(mcode, 0, merr)
  os.execute("rm -rf " .. q(dir))
end)

t.test("run: the first 20 inputs not read are named, the rest counted by reason in one line", function ()
  local dir = corpus(2)
  for i = 1, 24 do write(string.format("%s/docs/bin%02d.txt", dir, i), "PNG\0\0\0binary") end
  for i = 1, 3 do os.execute("ln -s nowhere " .. q(string.format("%s/docs/zz%d.txt", dir, i))) end
  local _, code, err = run_in(dir, "--db f.db rules.lua -- docs")
  t.eq(code, 0, err)
  t.eq(select(2, err:gsub("assay run: skipped ", "")), 20, err)
  t.ok(err:find("assay run: ... and 7 more inputs not read: binary file: 7\n", 1, true), err)
  t.ok(err:find("2 documents processed, 0 unchanged skipped, 27 inputs not read", 1, true), err)
  os.execute("rm -rf " .. q(dir))
end)

t.test("run --json: the summary and folded errors as JSON Lines on stdout", function ()
  local dir = corpus(4)
  write(dir .. "/bad.lua", RULES .. 'rule "boom" { pattern = "万元", emit = function () error("x") end }\n')
  local out, code = run_in(dir, "-q --json --db f.db bad.lua -- docs")
  t.eq(code, 1)
  local json = require "assay.json"
  local lines = {}
  for l in out:gmatch("[^\n]+") do lines[#lines + 1] = json.decode(l) end
  t.eq(#lines, 2, out)
  t.eq(lines[1].type, "rule_error"); t.eq(lines[1].data.documents, 4); t.eq(lines[1].data.first, "d01.txt")   -- keys relative to docs/
  t.eq(lines[2].type, "summary"); t.eq(lines[2].data.documents, 4); t.eq(lines[2].data.facts, 4)
  t.eq(lines[2].data.status, 1); t.eq(lines[2].data.database, "f.db")
  os.execute("rm -rf " .. q(dir))
end)

t.test("assay test: rules without examples named, a failure at its own line, a diff per field", function ()
  local dir = mkdir()
  write(dir .. "/pack.lua", [==[
-- money with a wrong example (the second)
rule "money" {
  pattern = [=[(\d+)(万)?元]=],
  emit = function (m) return { value = tonumber(m[1]) * (m[2] and 10000 or 1), unit = "元" } end,
  examples = {
    { "投入资金500万元", { value = 5000000, unit = "元" } },  -- a comment { with a brace
    {
      "发放'补贴'3元",
      { value = 4, unit = "元", qualifier = "exact" },
    },
    { [[长字符串
里的5元]], { value = 5 } },
    { "没有钱", false },
  },
}
rule "plain" { pattern = "户" }
rule "other" { pattern = "村" }
]==])
  local out, code = sh(bin .. " test --color=never " .. q(dir .. "/pack.lua"))
  t.eq(code, 1, out)
  t.ok(out:find(dir .. "/pack.lua:7: FAIL money example 2\n  input:    发放'补贴'3元\n", 1, true), out)
  t.ok(out:find("  diff:\n    qualifier: expected \"exact\"\n               got      nil\n" ..
                "    value:     expected 4\n               got      3\n", 1, true), out)
  t.ok(not out:find("unit:", 1, true), "only the fields that differ: " .. out)
  t.ok(out:find("note: 2 rules without examples: plain, other\n3 passed, 1 failed\n", 1, true), out)
  -- the lines of every example, through comments, nested tables and long strings
  local lines = require("assay.cmd.test").example_lines(read(dir .. "/pack.lua"), 2)
  t.eq(lines, { 6, 7, 11, 13 })
  out = sh(bin .. " test --color=always " .. q(dir .. "/pack.lua"))
  t.ok(out:find("\27[1;31mFAIL\27[0m", 1, true), out)
  -- --json: one object per example, the rules without, the summary
  out, code = sh(bin .. " test --json " .. q(dir .. "/pack.lua"))
  t.eq(code, 1)
  local json = require "assay.json"
  local recs = {}
  for l in out:gmatch("[^\n]+") do recs[#recs + 1] = json.decode(l) end
  t.eq(#recs, 7, out)
  t.eq(recs[2].type, "example"); t.eq(recs[2].data.status, "fail"); t.eq(recs[2].data.where, dir .. "/pack.lua:7")
  t.eq(recs[2].data.diff[2], { field = "value", expected = 4, got = 3 })
  t.eq(recs[7].type, "summary"); t.eq(recs[7].data, { passed = 3, failed = 1, without_examples = { "plain", "other" } })
  os.execute("rm -rf " .. q(dir))
end)

t.test("assay test: a group the pattern does not have is an error at the emit's line, no engine frames", function ()
  local dir = mkdir()
  write(dir .. "/pack.lua", [==[
rule "money" {
  pattern = [=[(?<num>\d+)(?<more>多|余)?元(?<above>以上)?]=],
  emit = function (m)
    return { value = tonumber(m.num), qualifier = (m.more or m.abvoe) and "min" or "exact" }
  end,
  examples = { { "增收3500元以上", { value = 3500, qualifier = "min" } } },
}
rule "n" { pattern = [=[(\d+)户]=], emit = function (m) return { value = m[2] } end,
           examples = { { "搬迁54户", { value = 54 } } } }
rule "nan" { pattern = [=[(\d+)人]=], emit = function (m) return { value = 0/0 } end,
             examples = { { "帮扶54人", { value = 54 } } } }
rule "div" { need = { "分红", "元" }, pattern = [=[(\d+)元]=], value = 1,
             examples = { { "每户每年3500元", { value = 3500 } } } }
-- an emit shared by rules whose patterns differ: rawget reads a group some lack
local function amount (m) return { value = tonumber(m.num), qualifier = rawget(m, "about") and "approx" or "exact" } end
rule "sa" { pattern = [=[(?<about>约)?(?<num>\d+)亩]=], emit = amount, examples = { { "约3亩", { value = 3, qualifier = "approx" } } } }
rule "sb" { pattern = [=[(?<num>\d+)间]=], emit = amount, examples = { { "3间", { value = 3, qualifier = "exact" } } } }
]==])
  local out, code = sh(bin .. " test --color=never " .. q(dir .. "/pack.lua"))
  t.eq(code, 1, out)
  -- a typo was a nil, read as "the group did not take part": an exact figure
  t.ok(out:find("error: " .. dir .. "/pack.lua:4: m.abvoe: the pattern of rule 'money' has no group 'abvoe' " ..
                "(named groups: above, more, num;", 1, true), out)
  t.ok(out:find("error: " .. dir .. "/pack.lua:8: m[2]: the pattern of rule 'n' has 1 group\n", 1, true), out)
  t.ok(out:find("stack traceback:\n\t" .. dir .. "/pack.lua:4: in local 'emit'\n", 1, true), out)
  t.ok(not out:find("assay.engine", 1, true) and not out:find("in function 'error'", 1, true), out)
  -- a NaN value passed any expected number (and was stored as NULL)
  t.ok(out:find("FAIL nan example 1", 1, true) and out:find("must be a finite number", 1, true), out)
  -- no facts because the rule never ran: say which need word the input lacks
  t.ok(out:find('got no facts (the rule did not run: the input lacks its need word "分红")', 1, true), out)
  t.ok(out:find("2 passed, 4 failed", 1, true), out)
  -- --rule NAME: that rule's examples only
  out, code = sh(bin .. " test --color=never --rule div --rule nan " .. q(dir .. "/pack.lua"))
  t.eq(code, 1, out)
  t.ok(out:find("FAIL div example 1", 1, true) and out:find("FAIL nan example 1", 1, true), out)
  t.ok(not out:find("FAIL money", 1, true) and out:find("\n0 passed, 2 failed\n", 1, true), out)
  local _, c2, err = sh(bin .. " test --rule dvi " .. q(dir .. "/pack.lua"))
  t.eq(c2, 2); t.ok(err:find("assay test: --rule dvi: no such rule (did you mean 'div'?)", 1, true), err)
  os.execute("rm -rf " .. q(dir))
end)

t.test("a bad pattern points at its line and column in the rule file, with a caret", function ()
  local dir = mkdir()
  write(dir .. "/long.lua", 'rule "ok" { pattern = "x" }\nrule "bad" {\n  pattern = [[(\\d+万元]],\n}\n')
  write(dir .. "/quoted.lua", 'rule "bad2" {\n  doc = "quoted",\n  pattern = "(\\\\d+)万元[",\n}\n')
  write(dir .. "/first.lua", 'rule "bad3" {\n  pattern = [=[\n投入(?<n\\d+)元]=],\n}\n')
  local _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " test long.lua")
  t.eq(code, 1)
  t.eq(err, "assay test: long.lua:3:21: rule 'bad': re.compile: missing closing parenthesis at offset 10 " ..
            "in '(\\d+万元'\n    pattern = [[(\\d+万元]],\n                        ^\n")
  _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " run --db f.db quoted.lua -- .")
  t.eq(code, 1)
  t.ok(err:find("quoted.lua:3:23: rule 'bad2': re.compile: missing terminating ] for character class at offset 12",
                1, true), err)
  t.ok(err:find('\n    pattern = "(\\\\d+)万元[",\n                          ^\n', 1, true), err)
  _, code, err = sh("cd " .. q(dir) .. " && " .. bin .. " test first.lua")
  t.ok(err:find("first.lua:3:7: rule 'bad3'", 1, true), err)
  t.ok(err:find("\n  投入(?<n\\d+)元]=],\n          ^\n", 1, true), err)
  os.execute("rm -rf " .. q(dir))
end)

t.test("assay try --expect: what was expected, where the pattern stopped; exit 1 only when nothing matched", function ()
  local out, code = sh(bin .. " try --color=never '投入\\d+亿元' --expect '累计投入11.63亿元'")
  t.eq(code, 1)
  t.eq(out, "expected: 累计投入11.63亿元\n" ..
            "  no match: the pattern got furthest from byte 7: it matched »投入11« and stopped at '.' (byte 15)\n" ..
            "  累计投入11.63亿元\n      ~~~~~~^\n")
  out, code = sh(bin .. " try --color=never '投入\\d+亿元' --expect '累计投入11亿元'")
  t.eq(code, 0, out)
  t.ok(out:find("the pattern matches it: 累计»投入11亿元«", 1, true), out)
  out, code = sh(bin .. " try 'xyz' --expect '累计投入11亿元'")
  t.eq(code, 1); t.ok(out:find("cannot even start a match", 1, true), out)
  -- inputs match, the expected text does not: something matched, status 0
  local f = t.tmpfile("今年投入12亿元。\n")
  out, code = sh(bin .. " try --color=never '投入\\d+亿元' --expect '投入1.5亿元' " .. q(f))
  t.eq(code, 0, out)
  t.ok(out:find(":1: 今年»投入12亿元«。", 1, true), out)
  -- a bad --color value is a usage error
  local _, code2, err = sh(bin .. " try --color=sometimes x " .. q(f))
  t.eq(code2, 2); t.ok(err:find("--color takes auto, always or never", 1, true), err)
  os.remove(f)
end)

t.test("assay try --rules PACK NAME: the rule's own pattern and flags", function ()
  local dir = mkdir()
  write(dir .. "/base.lua", 'rule "base" { pattern = [=[(\\d+)户]=], value = 1 }\n')
  write(dir .. "/mine.lua", [==[
rule "sites" { after = { "base" }, pattern = [=[(\d+)(?:个|处)安置(?:点|区)]=] }
rule "Shout" { pattern = "fupin", flags = "i" }
rule "m" { match = function () end }
]==])
  write(dir .. "/doc.txt", "新建36处安置点，搬迁120户。\nFUPIN\n")
  local rules = " --rules " .. q(dir .. "/base.lua") .. " --rules " .. q(dir .. "/mine.lua")
  local out, code = sh(bin .. " try --color=never" .. rules .. " sites " .. q(dir .. "/doc.txt"))
  t.eq(code, 0, out)
  t.ok(out:find("doc.txt:1: 新建»36处安置点«，搬迁120户。", 1, true), out)
  out, code = sh(bin .. " try --color=never" .. rules .. " Shout " .. q(dir .. "/doc.txt"))
  t.eq(code, 0, out)
  t.ok(out:find("doc.txt:2: »FUPIN«", 1, true), out)           -- the rule's flags: i
  local _, c2, err = sh(bin .. " try" .. rules .. " site " .. q(dir .. "/doc.txt"))
  t.eq(c2, 2); t.ok(err:find("no rule 'site' in " .. dir .. "/base.lua " .. dir .. "/mine.lua (did you mean 'sites'?)", 1, true), err)
  _, c2, err = sh(bin .. " try" .. rules .. " m " .. q(dir .. "/doc.txt"))
  t.eq(c2, 2); t.ok(err:find("rule 'm' has no pattern (a match rule)", 1, true), err)
  _, c2, err = sh(bin .. " try --rules " .. q(dir .. "/mine.lua") .. " sites " .. q(dir .. "/doc.txt"))
  t.eq(c2, 2); t.ok(err:find("runs after unknown rule 'base'", 1, true), err)
  os.execute("rm -rf " .. q(dir))
end)

t.test("--json on try and show: JSON Lines with byte offsets", function ()
  local dir = corpus(2)
  write(dir .. "/docs/d02.txt", "第一行没有。\n村里投入帮扶资金2万元，又发放3万元。\n")
  local json = require "assay.json"
  local out, code = sh("cd " .. q(dir) .. " && " .. bin .. " try --json '(?<n>\\d+)万元' docs")
  t.eq(code, 0)
  local recs = {}
  for l in out:gmatch("[^\n]+") do recs[#recs + 1] = json.decode(l) end
  t.eq(#recs, 4, out)
  local m = recs[2].data
  t.eq(recs[2].type, "match"); t.eq(m.path.text, "docs/d02.txt"); t.eq(m.line_number, 2)
  local doc = read(dir .. "/docs/d02.txt")
  t.eq(m.absolute_offset, #"第一行没有。\n")
  local sm = m.submatches[1]
  t.eq(doc:sub(m.absolute_offset + sm.start + 1, m.absolute_offset + sm["end"]), "2万元")
  t.eq(sm.match.text, "2万元"); t.eq(sm.captures, { n = "2" })
  t.eq(recs[4], { type = "summary", data = { matches = 3 } })
  -- show --json: the fact with the byte span of its surface in the text
  t.eq(select(2, run_in(dir, "-q --db f.db rules.lua -- docs")), 0)
  out, code = sh("cd " .. q(dir) .. " && " .. bin .. " show --json --db f.db 2 3")
  t.eq(code, 0, out)
  local f2 = json.decode(out:match("^[^\n]+"))
  t.eq(f2.type, "fact"); t.eq(f2.data.id, 2); t.eq(f2.data.key, "d02.txt"); t.eq(f2.data.line_number, 2)
  t.eq(doc:sub(f2.data.start + 1, f2.data["end"]), f2.data.surface)
  t.eq(f2.data.surface, "2万元")
  t.eq(doc:sub(f2.data.sentence.start + 1, f2.data.sentence["end"]), f2.data.sentence.text)
  -- --color: always colours into a pipe, never does not; NO_COLOR beside auto
  out = sh("cd " .. q(dir) .. " && " .. bin .. " show --color=always --db f.db 2")
  t.ok(out:find("\27[1;31m2万元\27[0m", 1, true), out)
  out = sh("cd " .. q(dir) .. " && NO_COLOR=1 " .. bin .. " try --color=always 万元 docs")
  t.ok(out:find("\27[1;31m", 1, true), "--color=always wins over NO_COLOR: " .. out)
  if os.execute("command -v script >/dev/null 2>&1") then
    out = sh("cd " .. q(dir) .. " && NO_COLOR=1 TERM=xterm script -qec " .. q(bin .. " try 万元 docs") .. " /dev/null")
    t.ok(out:find("»万元«", 1, true) and not out:find("\27[1;31m", 1, true), "NO_COLOR on a terminal: " .. out)
    out = sh("cd " .. q(dir) .. " && TERM=xterm script -qec " .. q(bin .. " try --color=never 万元 docs") .. " /dev/null")
    t.ok(not out:find("\27[1;31m", 1, true), "--color=never on a terminal: " .. out)
    out = sh("cd " .. q(dir) .. " && TERM=xterm script -qec " .. q(bin .. " try 万元 docs") .. " /dev/null")
    t.ok(out:find("\27[1;31m万元", 1, true), "auto on a terminal: " .. out)
  end
  os.execute("rm -rf " .. q(dir))
end)

t.test("every help text fits 80 columns (a terminal's, and the man page's lines)", function ()
  local text = require "assay.text"
  local cmd = require "assay.cmd"
  local names = { "" }
  for _, c in ipairs(cmd.COMMANDS) do names[#names + 1] = c[1] end
  for _, name in ipairs(names) do
    local out, code = sh(bin .. " " .. name .. " --help")
    t.eq(code, 0, name)
    for line in out:gmatch("[^\n]+") do
      t.ok(text.width(line) <= 80, "assay " .. name .. " --help: " .. text.width(line) .. " columns: " .. line)
    end
  end
end)

t.test("help, man page and completions come from the same option tables", function ()
  local cmd = require "assay.cmd"
  local man = sh(bin .. " help --man")
  local bash = sh(bin .. " help --completion bash")
  local zsh = sh(bin .. " help --completion zsh")
  local fish = sh(bin .. " help --completion fish")
  t.ok(man:find('^%.TH ASSAY 1'), man:sub(1, 80))
  local total = 0
  for _, c in ipairs(cmd.COMMANDS) do
    local help = require("assay.cmd." .. c[1]).help
    t.eq(sh(bin .. " " .. c[1] .. " --help"), help .. "\n")
    local opts = cmd.options(help)
    t.ok(#opts >= 2, c[1] .. " has its options read")
    for _, o in ipairs(opts) do
      total = total + 1
      t.ok(o.arg == nil or o.arg:match("^%u[%u/]*$"), c[1] .. ": an argument is upper-case (K/N allowed): " .. tostring(o.arg))
      t.ok(o.desc ~= "", c[1] .. " " .. tostring(o.long) .. " is described")
      local long = o.long and (o.long .. (o.eq and "=" or ""))
      for _, f in ipairs({ o.short, long }) do
        t.ok(man:find(f:gsub("%-", "\\-"):gsub("=$", ""), 1, true), c[1] .. " " .. f .. " in the man page")
        t.ok(bash:find(f, 1, true), f .. " in bash")
        t.ok(zsh:find(f, 1, true), f .. " in zsh")
      end
      if o.long then t.ok(fish:find("from " .. c[1] .. "' .-%-l " .. o.long:sub(3):gsub("%-", "%%-")), o.long .. " in fish") end
      -- and the command's parser knows every option its help names
      if o.long and o.long ~= "--help" then
        local a = long .. (o.arg and (o.eq and "never" or " 1") or "")
        local _, _, err = sh(bin .. " " .. c[1] .. " " .. a .. " < /dev/null")
        t.ok(not err:find("unknown option", 1, true), c[1] .. " " .. a .. ": " .. err)
      end
    end
  end
  t.ok(total > 30, "options found: " .. total)
  t.ok(man:find("\\-\\-version", 1, true) and man:find("EXIT STATUS", 1, true), "top-level options and status")
  -- the top-level --help is the same text
  t.eq(sh(bin .. " --help"), cmd.USAGE .. "\n")
  -- the scripts parse in their shells
  local dir = mkdir()
  write(dir .. "/a.bash", bash); write(dir .. "/_assay", zsh); write(dir .. "/a.fish", fish)
  t.eq(select(2, sh("bash -n " .. q(dir .. "/a.bash"))), 0)
  local out = sh("bash -c " .. q("source " .. dir .. "/a.bash; COMP_WORDS=(assay run --jo); COMP_CWORD=2; _assay; " ..
                                 "echo ${COMPREPLY[@]}; COMP_WORDS=(assay tr); COMP_CWORD=1; _assay; echo ${COMPREPLY[@]}"))
  t.eq(out, "--jobs\ntry\n")
  for _, sh_ in ipairs({ { "zsh", "_assay" }, { "fish", "a.fish" } }) do
    if os.execute("command -v " .. sh_[1] .. " >/dev/null 2>&1") then
      local _, code, err = sh(sh_[1] .. " -n " .. q(dir .. "/" .. sh_[2]))
      t.eq(code, 0, sh_[1] .. ": " .. err)
    else
      t.skip(sh_[1] .. " not installed: its completion script is not syntax-checked")
    end
  end
  if os.execute("command -v man >/dev/null 2>&1") then
    write(dir .. "/assay.1", man)
    local page, code, err = sh("MANWIDTH=80 man --warnings -l " .. q(dir .. "/assay.1") .. " 2>&1 >/dev/null; " ..
                               "MANWIDTH=80 man -l " .. q(dir .. "/assay.1"))
    t.eq(code, 0, err)
    t.ok(page:find("assay run", 1, true) and page:find("--expect TEXT", 1, true), page:sub(1, 400))
    t.ok(not page:find("warning", 1, true), page:sub(1, 400))
  end
  os.execute("rm -rf " .. q(dir))
end)

t.test("make install puts the binary, man page and completions under DESTDIR/PREFIX", function ()
  local root = os.getenv("PWD")
  local dest = mkdir()
  local out, code, err = sh("cd " .. q(root) .. " && make -s install DESTDIR=" .. q(dest) .. " PREFIX=/opt/x")
  t.eq(code, 0, out .. err)
  for _, f in ipairs({ "bin/assay", "share/man/man1/assay.1", "share/bash-completion/completions/assay",
                       "share/zsh/site-functions/_assay", "share/fish/vendor_completions.d/assay.fish" }) do
    t.ok(exists(dest .. "/opt/x/" .. f), f)
  end
  out, code = sh(q(dest .. "/opt/x/bin/assay") .. " --version")
  t.eq(code, 0); t.ok(out:find("^assay "), out)
  t.eq(read(dest .. "/opt/x/share/man/man1/assay.1"), (sh(q(dest .. "/opt/x/bin/assay") .. " help --man")))
  -- the pack and the reports of the README's commands, in any directory
  local work = mkdir()
  os.execute("mkdir -p " .. q(work .. "/docs"))
  write(work .. "/docs/a.txt", "滨州市今年投入扶贫资金3200万元，帮扶贫困户1200户。\n")
  local inst = q(dest .. "/opt/x/bin/assay")
  _, code, err = sh("cd " .. q(work) .. " && " .. inst .. " run -q --db r.db scripts/fupin -- docs")
  t.eq(code, 0, err)
  out, code, err = sh("cd " .. q(work) .. " && " .. inst .. " report scripts/reports/by_region.lua --db r.db --format csv")
  t.eq(code, 0, err); t.ok(out:find("3200", 1, true) or out:find("32000000", 1, true), out)
  -- a path that exists here wins over the shipped one
  os.execute("mkdir -p " .. q(work .. "/scripts/reports"))
  write(work .. "/scripts/reports/by_region.lua", "report:text('mine')\n")
  out = sh("cd " .. q(work) .. " && " .. inst .. " report scripts/reports/by_region.lua --db r.db")
  t.eq(out, "mine\n")
  os.execute("rm -rf " .. q(dest) .. " " .. q(work))
end)

t.test("counts and limits: a bad value is a usage error naming the option and the value", function ()
  for _, c in ipairs {
    { "diff --limit x a.db b.db", "assay diff: --limit needs a count (0: all), got 'x'" },
    { "eval --limit -1 --gold g.tsv --db f.db", "assay eval: --limit needs a count (0: all), got '-1'" },
    { "run -j 0 r.lua -- x", "assay run: option -j needs a positive integer, got '0'" },
    { "run --jobs 2.5 r.lua -- x", "assay run: option --jobs needs a positive integer, got '2.5'" },
  } do
    local _, code, err = sh(bin .. " " .. c[1])
    t.eq(code, 2, c[1])
    t.ok(err:find(c[2], 1, true), err)
  end
end)

t.done()
