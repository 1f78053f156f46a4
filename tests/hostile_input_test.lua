-- Hostile and odd inputs (issue 12): symlink loops, fifos and devices, deep
-- HTML, JSONL/CSV records sharing an id, a NUL in a JSONL record, a CSV
-- quote never closed.  Each check failed before its fix.
-- test: no-valgrind
local t = require "assay.testing"
local db = require "assay.db"
local reader = require "assay.reader"
local read = require "assay.read"
local bin, sh, q = t.bin(), t.sh, t.q

local mkdir, write = t.tmpdir, t.write

local function run (d, inputs)
  local _, code, err = sh(q(bin) .. " run -q -j 2 --db " .. q(d .. "/f.db")
                         .. " examples/rules -- " .. inputs)
  local keys = {}
  local h = assert(db.open(d .. "/f.db"))
  for r in h:rows("SELECT key FROM docs ORDER BY key") do keys[#keys + 1] = r.key end
  h:close()
  return keys, code, err
end

t.test("symlink loops and second links: each file once, the loop reported", function ()
  local d = mkdir()
  assert(os.execute("mkdir -p " .. q(d .. "/a/b")))
  write(d .. "/a/x.txt", "投入5万元。\n")
  write(d .. "/a/b/y.txt", "投入6万元。\n")
  assert(os.execute("ln -s . " .. q(d .. "/a/self") .. " && ln -s .. " .. q(d .. "/a/b/up")
                    .. " && ln -s a " .. q(d .. "/link")))
  local keys, code, err = run(d, q(d .. "/a") .. " " .. q(d .. "/link"))
  os.execute("rm -rf " .. q(d))
  t.eq(code, 0, err)
  t.eq(keys, { "b/y.txt", "x.txt" })              -- keys relative to the input a/
  t.ok(err:find("a symlink loop or a second link", 1, true), err)
end)

t.test("a fifo and /dev/zero are skipped, not read", function ()
  local d = mkdir()
  assert(os.execute("mkfifo " .. q(d .. "/fifo")))
  write(d .. "/x.txt", "投入5万元。\n")
  local keys, code, err = run(d, q(d .. "/fifo") .. " /dev/zero " .. q(d .. "/x.txt"))
  os.execute("rm -rf " .. q(d))
  t.eq(code, 2, err)                 -- named inputs that cannot be read; the others are stored
  t.eq(keys, { "x.txt" })
  t.ok(err:find("fifo: not a regular file", 1, true), err)
  t.ok(err:find("/dev/zero: not a regular file", 1, true), err)
  t.eq(reader.read("/dev/zero"), nil)
end)

t.test("HTML nested deeper than 256 (or 1000) keeps all its text", function ()
  local parts = { "<html><body>" }
  for i = 1, 400 do parts[#parts + 1] = "<font>第" .. i .. "项投入" .. i .. "万元" end
  local s = read.html(table.concat(parts) .. "</body></html>")
  local n = 0
  for _ in s:gmatch("万元") do n = n + 1 end
  t.eq(n, 400)
  local deep = read.html("<html><body>" .. ("<div>x"):rep(50000) .. "投入9万元</body></html>")
  t.ok(deep:find("投入9万元", 1, true), "the text after 50000 open elements")
  t.eq(read.html("<p>一</p><div><p>二</p>三</div><b>四</b>"), "一\n二\n三\n四")
end)

t.test("JSONL and CSV records sharing an id are all kept, and a warning names them", function ()
  local d = mkdir()
  write(d .. "/a.jsonl", '{"id":"x","text":"投入1万元"}\n{"id":"x","text":"投入2万元"}\n'
                         .. '{"id":"x","text":"投入3万元"}\n')
  write(d .. "/b.csv", "id,text\n7,投入4万元\n7,投入5万元\n")
  local keys, code, err = run(d, q(d .. "/a.jsonl") .. " " .. q(d .. "/b.csv"))
  os.execute("rm -rf " .. q(d))
  t.eq(code, 0, err)
  t.eq(keys, { "#7", "#7~2", "#x", "#x~2", "#x~3" })      -- records are keyed by id
  t.ok(err:find("a.jsonl:2: id 'x' already used on line 1: stored as 'x~2'", 1, true), err)
end)

t.test("a NUL in a JSONL record skips that record, not the file", function ()
  local d = mkdir()
  write(d .. "/a.jsonl", '{"id":"1","text":"投入1万元"}\n{"id":"2","text":"投入\0002万元"}\n'
                         .. '{"id":"3","text":"投入3万元"}\n')
  local keys, code, err = run(d, q(d .. "/a.jsonl"))
  os.execute("rm -rf " .. q(d))
  t.eq(code, 0, err)
  t.eq(keys, { "#1", "#3" })
  t.ok(err:find("a.jsonl:2: NUL byte in the record", 1, true), err)
end)

t.test("a CSV quote never closed costs its record, not the rest of the file", function ()
  local d = mkdir()
  local rows = { "id,text" }
  for i = 1, 50 do
    rows[#rows + 1] = i .. "," .. (i == 10 and '"投入' or "投入") .. i .. "万元"
  end
  rows[#rows + 1] = '51,"两行的\n投入51万元"'
  write(d .. "/a.csv", table.concat(rows, "\n") .. "\n")
  local keys, code, err = run(d, q(d .. "/a.csv"))
  os.execute("rm -rf " .. q(d))
  t.eq(code, 0, err)
  t.eq(#keys, 50)
  t.ok(err:find("a.csv:11: a quoted field is not closed", 1, true), err)
end)

t.test("text.printable escapes what a terminal would obey, keeps colours when asked", function ()
  local text = require "assay.text"
  t.eq(text.printable("a\27]0;x\7b\27[2Jc\r\194\155d\127\tz\n"),
       "a\\x1B]0;x\\x07b\\x1B[2Jc\\x0D\\u{9B}d\\x7F\tz\n")
  t.eq(text.printable("\27[1;31m脱贫\27[0m\27[2J", true), "\27[1;31m脱贫\27[0m\\x1B[2J")
  local s = "投入5万元"
  t.ok(rawequal(text.printable(s), s), "nothing to escape: the same string")
end)

t.test("assay show, try and the REPL print a document's escape codes escaped", function ()
  local d = mkdir()
  write(d .. "/x.txt", "投入5万元，\27]0;pwned\7清屏\27[2J又\194\155投入6万元。\n")
  run(d, q(d .. "/x.txt"))
  local show = sh(q(bin) .. " show --db " .. q(d .. "/f.db") .. " 1")
  local try = sh(q(bin) .. " try 万元 " .. q(d .. "/x.txt"))
  local repl = sh("echo 'grep(\"万元\")' | " .. q(bin) .. " repl --db " .. q(d .. "/f.db"))
  os.execute("rm -rf " .. q(d))
  for name, out in pairs { show = show, try = try, repl = repl } do
    t.ok(out:find("万元", 1, true), name .. ": " .. out)
    t.ok(not out:find("[\27\7]") and not out:find("\194\155", 1, true), name .. " wrote a raw escape code")
    t.ok(out:find("\\x1B", 1, true), name .. ": " .. out)
  end
end)

t.test("a WAL database on read-only media opens for show and report", function ()
  local d = mkdir()
  if not os.execute("mount -t tmpfs -o size=8m tmpfs " .. q(d) .. " 2>/dev/null") then
    os.execute("rm -rf " .. q(d))
    t.skip("cannot mount a tmpfs here: the read-only WAL database is NOT checked")
    return
  end
  write(d .. "/x.txt", "投入5万元。\n")
  run(d, q(d .. "/x.txt"))
  local ro = os.execute("mount -o remount,ro " .. q(d))
  local show, c1, e1 = sh(q(bin) .. " show --db " .. q(d .. "/f.db") .. " 1")
  local rep, c2, e2 = sh(q(bin) .. " report scripts/reports/overview.lua --db " .. q(d .. "/f.db"))
  os.execute("umount " .. q(d) .. " && rmdir " .. q(d))
  t.ok(ro, "remount read-only")
  t.eq(c1, 0, e1)
  t.ok(show:find("5万元", 1, true), show)
  t.eq(c2, 0, e2)
  t.ok(rep:find("x.txt", 1, true), rep)
end)

t.done()
