-- assay.host and assay.pool
local t = require "assay.testing"
local host = require "assay.host"
local pool = require "assay.pool"

-- "FILE:LINE: " of a line of this file, as a budget's message starts (the
-- innermost frame of the caller's code where the hook stopped it)
local SRC = debug.getinfo(1, "S").short_src
local function at (line) return SRC .. ":" .. line .. ": " end
local function here () return debug.getinfo(2, "l").currentline end

t.test("clock is monotonic", function ()
  local a = host.clock(); local b = host.clock()
  t.ok(b >= a); t.eq(math.type(a), "float")
end)

t.test("hash: 16 hex digits, stable, sensitive to every byte and length", function ()
  local h = host.hash("脱贫攻坚")
  t.ok(h:match("^%x+$") and #h == 16, h)
  t.eq(host.hash("脱贫攻坚"), h)
  local seen = {}
  for n = 0, 40 do
    local s = string.rep("a", n)
    t.ok(not seen[host.hash(s)], "length " .. n); seen[host.hash(s)] = true
  end
  local base = string.rep("x", 37)
  for i = 1, #base do
    local s = base:sub(1, i - 1) .. "y" .. base:sub(i + 1)
    t.ok(host.hash(s) ~= host.hash(base), "byte " .. i)
  end
  t.raises(function () host.hash({}) end, "bad argument #1 to 'hash'")
end)

t.test("list: the names sorted bytewise and one kind letter each, as dir says", function ()
  local d = os.tmpname(); os.remove(d); os.execute("mkdir -p " .. d .. "/sub")
  -- names that share 8-byte prefixes, differ past them, are shorter than
  -- 8 bytes, and sort by bytes above 0x7F (the prefix keys and the radix
  -- sort must give strcmp's order)
  local names = { "b.txt", "a.txt", "abcdefgh2", "abcdefgh10", "abcdefgh", "abc", "é.txt", "z",
                  "Z", "d0000002.txt", "d0000010.txt", "d0000001.txt", "\xFFx", "0" }
  for _, n in ipairs(names) do local f = io.open(d .. "/" .. n, "w"); f:write("x"); f:close() end
  for i = 1, 300 do local f = io.open(string.format("%s/n%05d-%d", d, (i * 7919) % 1000, i), "w"); f:close() end
  os.execute("ln -s /nonexistent " .. d .. "/zz; ln -s a.txt " .. d .. "/la; ln -s sub " .. d .. "/ls; mkfifo " .. d .. "/ff")
  local listing, k = assert(host.list(d))
  local n = {}
  for i = 1, #listing do n[i] = listing[i] end
  t.eq({ listing[0], listing[#listing + 1], listing.x }, {})
  local e = assert(host.dir(d))
  t.eq(#n, #e)
  t.eq(#k, #n)
  local sorted = {}
  for i = 1, #n do sorted[i] = n[i] end
  table.sort(sorted, function (a, b)                -- bytewise, whatever the locale
    for i = 1, math.min(#a, #b) do
      local x, y = a:byte(i), b:byte(i)
      if x ~= y then return x < y end
    end
    return #a < #b
  end)
  t.eq(n, sorted)
  local letter = { file = "f", dir = "d", link = "l", linkdir = "L", broken = "b", fifo = "o" }
  for i = 1, #e do
    t.eq(n[i], e[i].name)
    t.eq(k:sub(i, i), letter[e[i].type] or "o", e[i].name)
  end
  local pos = {}
  for i = 1, #n do pos[n[i]] = i end
  t.eq({ k:sub(pos["la"], pos["la"]), k:sub(pos["ls"], pos["ls"]), k:sub(pos["zz"], pos["zz"]),
         k:sub(pos["sub"], pos["sub"]), k:sub(pos["ff"], pos["ff"]) }, { "l", "L", "b", "d", "o" })
  local full = assert(host.list(d, d .. "/"))
  t.eq(#full, #n)
  for i = 1, #n do t.eq(full[i], d .. "/" .. n[i]) end
  local long = assert(host.list(d, ("x"):rep(2000)))   -- past the stack buffer
  t.eq(long[1], ("x"):rep(2000) .. n[1])
  local nn, nerr = host.list(d .. "/nope")
  t.eq(nn, nil); t.ok(nerr:find("nope", 1, true))
  os.execute("rm -rf " .. d)
  t.raises(function () host.list() end, "bad argument #1 to 'list'")
end)

t.test("list: thousands of names sharing their first 8 bytes; no descriptor left open by a memory error", function ()
  local d = os.tmpname(); os.remove(d); os.execute("mkdir -p " .. d)
  -- names alike for 8 bytes and more sort by strcmp inside their run
  assert(os.execute("cd " .. d .. " && for i in $(seq 1 1500); do : > document_$(( (i * 7919) % 1500 )).txt; "
                    .. ": > 2020-01-01-$i; done"))
  -- the names live outside the collector's heap (a run walks its corpus
  -- directory in a state that collects at 4x what it keeps): what the
  -- listing keeps there is its kinds string, a byte a name, and a header
  collectgarbage(); collectgarbage()
  local kb0 = collectgarbage("count")
  local listing, kinds = assert(host.list(d))
  collectgarbage(); collectgarbage()
  local kept = (collectgarbage("count") - kb0) * 1024
  t.ok(kept < #kinds + 1024, "bytes kept in the heap for " .. #kinds .. " names: " .. kept)
  local names = {}
  for i = 1, #listing do names[i] = listing[i] end
  t.ok(#names >= 2900, "files made: " .. #names)
  for i = 2, #names do
    local a, b = names[i - 1], names[i]
    local before = false
    for k = 1, math.min(#a, #b) do
      local x, y = a:byte(k), b:byte(k)
      if x ~= y then before = x < y; break end
      if k == math.min(#a, #b) then before = #a < #b end
    end
    if not before then t.ok(false, a .. " before " .. b); break end
  end
  -- a memory budget hit while listing: the error, and no descriptor leaked
  -- counted from inside (host.dir's own descriptor each time): an `ls` of
  -- /proc/PID/fd through popen raced with popen closing the pipe's other end
  local function fds () return #assert(host.dir("/proc/self/fd")) end
  local before = fds()
  for _ = 1, 20 do
    local ok, _, reason = host.call(function () return host.list(d) end, { memory = 60000 })
    t.eq({ ok, reason }, { false, "memory" })
  end
  t.eq(fds(), before)
  os.execute("rm -rf " .. d)
end)

t.test("dir lists sorted entries with types; stat and glob", function ()
  local d = os.tmpname(); os.remove(d); os.execute("mkdir -p " .. d .. "/sub")
  for _, n in ipairs({ "b.txt", "a.txt" }) do local f = io.open(d .. "/" .. n, "w"); f:write("x"); f:close() end
  os.execute("ln -s /nonexistent " .. d .. "/zz")
  local e = assert(host.dir(d))
  t.eq(#e, 4)
  t.eq(e[1], { name = "a.txt", type = "file" }); t.eq(e[2].name, "b.txt")
  t.eq(e[3], { name = "sub", type = "dir" }); t.eq(e[4], { name = "zz", type = "broken" })
  local st = assert(host.stat(d .. "/a.txt"))
  t.eq(st.type, "file"); t.eq(st.size, 1)
  local none, err = host.stat(d .. "/nope")
  t.eq(none, nil); t.ok(err:find("No such file", 1, true), err)
  local nd, derr = host.dir(d .. "/nope")
  t.eq(nd, nil); t.ok(derr:find("nope", 1, true))
  t.eq(#host.glob(d .. "/*.txt"), 2)
  t.eq(host.glob(d .. "/*.none"), {})
  os.execute("rm -rf " .. d)
  t.raises(function () host.dir() end, "bad argument #1 to 'dir'")
end)

t.test("readfile: whole file, NUL flag, errors; stdlib_source", function ()
  local f = t.tmpfile("脱贫攻坚\n")
  local s, nul = host.readfile(f)
  t.eq(s, "脱贫攻坚\n"); t.eq(nul, false)
  local g = t.tmpfile("PNG\0\0data")
  t.eq(select(2, host.readfile(g)), true)
  local e = t.tmpfile("")
  t.eq(host.readfile(e), "")
  os.remove(f); os.remove(g); os.remove(e)
  local none, err = host.readfile("/nonexistent/x")
  t.eq(none, nil); t.ok(err:find("/nonexistent/x", 1, true), err)
  local d, derr = host.readfile("/tmp")
  t.eq(d, nil); t.ok(derr:find("not a regular file", 1, true), derr)
  t.raises(function () host.readfile() end, "bad argument #1 to 'readfile'")
  t.ok(host.stdlib_source("assay.defaults.meta"):find('rule "articles"', 1, true))
  t.eq(host.stdlib_source("assay.nosuch"), nil)
end)

t.test("isatty, cpus, memory, getenv", function ()
  t.eq(type(host.isatty(1)), "boolean")
  -- no terminal, no width; a terminal's width is a positive integer
  t.eq(host.columns(-1), nil)
  t.eq(host.columns(0) == nil or host.columns(0) > 0, true)
  t.ok(host.cpus() >= 1)
  local used, peak = host.memory()
  t.ok(used > 0 and peak >= used)
  t.eq(host.getenv("ASSAY_SURELY_UNSET_VAR"), nil)
end)

t.test("call: results, errors with traceback, instruction and memory budgets", function ()
  t.eq({ host.call(function (a, b) return a + b, "x" end, {}, 1, 2) }, { true, 3, "x" })
  local ok, msg, why = host.call(function () error("boom") end, {})
  t.eq(ok, false); t.eq(why, "error"); t.ok(msg:find("boom", 1, true) and msg:find("traceback", 1, true), msg)
  ok, msg, why = host.call(function () while true do end end, { instructions = 100000 }); local l = here()
  t.eq(ok, false); t.eq(why, "instructions")
  t.eq(msg, at(l) .. "instruction budget exceeded (limit is 100000 instructions)")
  -- a pcall inside cannot swallow the budget
  ok, msg, why = host.call(function ()
    for _ = 1, 1e9 do pcall(function () while true do end end) end
  end, { instructions = 100000 })
  t.eq(ok, false); t.eq(why, "instructions")
  ok, msg, why = host.call(function () local x = {} for i = 1, 1e8 do x[i] = i end end, { memory = 1000000 })
  -- (no hook sees where an allocation failed: no position)
  t.eq(ok, false); t.eq(why, "memory"); t.eq(msg, "memory budget exceeded (limit is 1000000 bytes)")
  -- after a budget, the state works normally again
  local s = {} for i = 1, 100000 do s[i] = i end
  t.eq(#s, 100000)
  t.eq({ host.call(function () return 1 end, { instructions = 10 }) }, { true, 1 })
  t.raises(function () host.call(print, nil) end, "bad argument #2 to 'call'")
  t.raises(function () host.call(print, { instructions = -1 }) end, "instructions must be >= 0")
end)

t.test("pool: ordered results from threads, errors per job, back-pressure", function ()
  local d = os.tmpname(); os.remove(d); os.execute("mkdir -p " .. d .. "/assay")
  local f = io.open(d .. "/assay/pooltest.lua", "w")
  local g = io.open(d .. "/assay/nomodtable.lua", "w"); g:write("return true"); g:close()
  f:write([[return { init = function (arg)
    if arg == "fail" then error("init refused") end
    return function (job)
      if job == "bad" then error("bad job") end
      if job == "box" then return io.stdout, 0 end            -- a userdata's first 0 bytes
      if job == "overbox" then return io.stdout, 1 << 40 end   -- more than it holds
      if job == "nice" then                 -- this thread's nice value (Linux)
        local f = io.open("/proc/thread-self/stat")
        local st = f and f:read("a") or ""
        return st:gsub("^.*%) ", ""):match("^%S+" .. (" %S+"):rep(16)):match("(%S+)$")
      end
      local n = 0 for i = 1, (#job * 1000) do n = n + i end
      return job:upper() .. arg
    end end }]])
  f:close()
  local out = t.sh("ASSAY_PATH=" .. d .. " " .. t.bin() .. " -e " .. t.q([[
    local pool = require "assay.pool"
    local p <close> = pool.new{ workers = 3, module = "assay.pooltest", arg = "!" }
    local jobs, got = {}, {}
    for i = 1, 50 do jobs[i] = string.rep("ab", 51 - i) .. i end
    jobs[7] = "bad"
    local i = 1
    while i <= #jobs do
      if p:submit(jobs[i]) then i = i + 1 else got[#got + 1] = { p:take() } end
    end
    while p:pending() > 0 do got[#got + 1] = { p:take() } end
    print(#got, got[1][1], got[1][2] == jobs[1]:upper() .. "!", got[7][1], got[7][2]:match("bad job") ~= nil,
          got[50][2] == jobs[50]:upper() .. "!", p:take())
    print(tostring(p):match("3 workers") ~= nil)
    local ok, err = pcall(pool.new, { workers = 2, module = "assay.pooltest", arg = "fail" })
    print(ok, err:match("init refused") ~= nil)
    local ok2, err2 = pcall(pool.new, { workers = 1, module = "assay.nomodtable" })
    print(ok2, err2:match("must return a table with init") ~= nil)
    p:close(); p:close()
    print(pcall(p.submit, p, "x"))
    -- depth: how many jobs submit takes before a take; nice: the workers' priority
    local q <close> = pool.new{ workers = 2, module = "assay.pooltest", arg = "", depth = 3, nice = 5 }
    local n = 0
    while q:submit("nice") do n = n + 1 end
    local ok3, v = q:take()
    -- wait = false: the init failure comes from submit or take
    local w <close> = pool.new{ workers = 2, module = "assay.pooltest", arg = "fail", wait = false }
    local oks, es = pcall(w.submit, w, "x")
    local okt, et = pcall(w.take, w)
    local e = oks and et or es
    print(not oks or not okt, tostring(e):match("init refused") ~= nil)
    local st = io.open("/proc/thread-self/stat"):read("a")
    local mine = tonumber(st:gsub("^.*%) ", ""):match("^%S+" .. (" %S+"):rep(16)):match("(%S+)$"))
    print(n, ok3, tonumber(v) == math.min(19, mine + 5))
    local g <close> = pool.new{ workers = 2, module = "assay.pooltest", arg = "+", wait = false }
    g:submit("ab")
    print(g:take())
    g:submit("box"); g:submit("overbox")
    local okb, vb = g:take()
    local oko, vo = g:take()
    print(okb, vb == "", oko, vo)
  ]]))
  os.execute("rm -rf " .. d)
  local lines = {}
  for l in out:gmatch("[^\n]+") do lines[#lines + 1] = l end
  t.eq(lines[1], "50\ttrue\ttrue\tfalse\ttrue\ttrue\tnil")
  t.eq(lines[2], "true")
  t.eq(lines[3], "false\ttrue")
  t.eq(lines[4], "false\ttrue")
  t.ok(lines[5] and lines[5]:find("pool is closed", 1, true), out)
  t.eq(lines[6], "true\ttrue")
  t.eq(lines[7], "6\ttrue\ttrue")
  t.eq(lines[8], "true\tAB+")
  t.eq(lines[9], "true\ttrue\tfalse\tprocess must return a string, or a box and a byte count")
  t.raises(function () pool.new{ workers = 1, module = "x", depth = 0 } end, "depth must be between 1 and 64")
  t.raises(function () pool.new{ workers = 1, module = "x", nice = 20 } end, "nice must be between 0 and 19")
  t.raises(function () pool.new{ workers = 1, module = "x", nice = -1 } end, "nice must be between 0 and 19")
  t.raises(function () pool.new{ workers = 0, module = "x" } end, "workers must be between 1 and 256")
  t.raises(function () pool.new{ workers = 1 } end, "bad argument")
  t.raises(function () pool.new() end, "bad argument #1 to 'new'")
end)

t.test("pool: hold bounds the bytes of results done and not taken", function ()
  -- each job reads how many results the caller has taken (a file the
  -- caller rewrites after each take) when it starts; with hold = 1 no
  -- worker starts a job while a result waits, so job j (2 workers) starts
  -- once j - 2 were taken (the file may lag one take behind); without it
  -- all 8 jobs finish during the caller's pause before its first take
  local d = os.tmpname(); os.remove(d); os.execute("mkdir -p " .. d .. "/assay")
  local f = io.open(d .. "/assay/holdtest.lua", "w")
  f:write([[return { init = function (arg)
    return function (job)
      local h = io.open(arg); local n = h:read("n"); h:close()
      return job .. ":" .. n .. ":" .. string.rep("x", 100)
    end end }]])
  f:close()
  local out, _, err = t.sh("ASSAY_PATH=" .. d .. " " .. t.bin() .. " -e " .. t.q([[
    local taken = ]] .. string.format("%q", d .. "/taken") .. [[
    local function note (n)              -- whole, for a worker reading it meanwhile
      local h = io.open(taken .. ".new", "w"); h:write(n); h:close(); os.rename(taken .. ".new", taken)
    end
    note(0)
    local pool = require "assay.pool"
    for _, hold in ipairs({ 1, 0 }) do
      local p <close> = pool.new{ workers = 2, module = "assay.holdtest", arg = taken, depth = 4, hold = hold }
      local n = 0
      while p:submit(tostring(n + 1)) do n = n + 1 end
      os.execute("sleep 0.3")
      local late, lines = 0, {}
      for i = 1, n do
        local ok, r = p:take()
        note(i)
        local j, seen = r:match("^(%d+):(%d+):")
        if not ok or tonumber(j) ~= i then lines[#lines + 1] = "out of order: " .. tostring(r) end
        if not seen or tonumber(seen) < i - 3 then late = late + 1 end
      end
      note(0)
      print(hold, n, late, #lines)
    end
  ]]))
  out = out .. (err or "")
  os.execute("rm -rf " .. d)
  local lines = {}
  for l in out:gmatch("[^\n]+") do lines[#lines + 1] = l end
  t.eq(lines[1], "1\t8\t0\t0", out)                -- no job started ahead of the bound
  t.ok(lines[2] and lines[2]:match("^0\t8\t[1-9]%d*\t0$"), out)   -- unbounded: they did
  t.raises(function () pool.new{ workers = 1, module = "x", hold = -1 } end, "hold must be a byte count")
end)

t.test("pool: stop lets the jobs submitted finish, in order, and refuses more", function ()
  local d = os.tmpname(); os.remove(d); os.execute("mkdir -p " .. d .. "/assay")
  local f = io.open(d .. "/assay/stoptest.lua", "w")
  f:write([[return { init = function ()
    return function (job) local n = 0 for i = 1, 20000 do n = n + i end return job .. "!" end end }]])
  f:close()
  local out, _, err = t.sh("ASSAY_PATH=" .. d .. " " .. t.bin() .. " -e " .. t.q([[
    local p = require("assay.pool").new{ workers = 2, module = "assay.stoptest", depth = 4 }
    local n = 0
    while p:submit("j" .. (n + 1)) do n = n + 1 end
    p:stop(); p:stop()
    local got = {}
    while p:pending() > 0 do local ok, r = p:take(); got[#got + 1] = tostring(ok) .. r end
    print(n, table.concat(got, " "), p:take())
    print(pcall(p.submit, p, "more"))
    p:close(); p:close()
  ]]))
  os.execute("rm -rf " .. d)
  t.eq(out, "8\ttruej1! truej2! truej3! truej4! truej5! truej6! truej7! truej8!\tnil\n"
         .. "false\tpool.submit: the pool was stopped\n", err)
end)

t.test("call: a nested call cannot raise the budget; a time budget stops a loop", function ()
  -- before: the inner call's budget replaced the outer one, so a rule with
  -- host.call{instructions = maxint} ran for ever
  local ok, msg, reason = host.call(function ()
    return host.call(function () local n = 0; while true do n = n + 1 end end,
                     { instructions = math.maxinteger })
  end, { instructions = 1000000 })
  t.eq({ ok, reason }, { false, "instructions" }, msg)
  -- what inner calls use counts outside
  ok, msg, reason = host.call(function ()
    for _ = 1, 1000 do host.call(function () for _ = 1, 20000 do end end, { instructions = 1000000 }) end
  end, { instructions = 1000000 })
  t.eq({ ok, reason }, { false, "instructions" }, msg)
  ok, msg, reason = host.call(function () while true do end end, { seconds = 0.1 }); local l = here()
  t.eq({ ok, reason }, { false, "seconds" }, msg)
  -- (ASSAY_TIME_SCALE, under ASan and valgrind, scales the limit)
  t.ok(msg:find("^" .. at(l):gsub("%p", "%%%0") .. "time budget exceeded %(limit is [%d.]+ s%)$"), msg)
  t.raises(function () host.call(print, { seconds = -1 }) end, "seconds must be >= 0")
end)

t.test("call: a budget's message says where it stopped the caller's code", function ()
  -- a function of the caller's own code called from its own code is named
  local function spin () local n = 0; while true do n = n + 1 end end; local l = here()
  local ok, msg, why = host.call(function () spin() end, { instructions = 100000 })
  t.eq({ ok, msg, why }, { false, at(l) .. "instruction budget exceeded (limit is 100000 instructions) in function 'spin'",
                           "instructions" })
  -- stopped inside assay's stdlib (json.decode_lua is Lua): the caller's
  -- line, naming the library function it called
  local json = require "assay.json"
  local big = "[" .. string.rep("1,", 1000000) .. "1]"
  l = here() + 1
  ok, msg, why = host.call(function () local v = json.decode_lua(big); return v end, { instructions = 100000 })
  t.eq({ ok, msg, why }, { false, at(l) .. "instruction budget exceeded (limit is 100000 instructions) "
                                  .. "in a call to 'decode_lua'", "instructions" })
  -- spent by a nested call: where the outer code was when it stopped
  l = here() + 2
  ok, msg, why = host.call(function ()
    while true do host.call(function () for _ = 1, 20000 do end end, { instructions = 1000000 }) end
  end, { instructions = 1000000 })
  t.eq({ ok, why }, { false, "instructions" }, msg)
  t.ok(msg == at(l) .. "instruction budget exceeded (limit is 1000000 instructions)", msg)
end)

t.test("call: a time-only budget runs without a count hook; an instruction budget with one", function ()
  local function hook () local _, mask, count = debug.gethook(); return mask or "", count or 0 end
  t.eq({ host.call(hook, { seconds = 30 }) }, { true, "", 0 })
  t.eq({ host.call(function () return host.call(hook, { seconds = 30 }) end, { seconds = 30 }) },
       { true, true, "", 0 })
  t.eq({ host.call(hook, { instructions = 1000000, seconds = 30 }) }, { true, "", 1000 })
  -- (inside a counted call a time-only one is counted too: what it runs counts outside)
  t.eq({ host.call(function () return host.call(hook, { seconds = 30 }) end, { instructions = 1000000 }) },
       { true, true, "", 1000 })
  -- the hook is gone after the call
  t.eq({ hook() }, { "", 0 })
end)

t.test("call: a trial without the count hook, then redo and a counted run", function ()
  local function hook () local _, mask, count = debug.gethook(); return mask or "", count or 0 end
  local runs, redone = 0, {}
  local function redo (...) redone[#redone + 1] = { ... } end
  local function twice (a, b) runs = runs + 1; return a + b, runs end
  -- trial = 0: the trial never counts, fn runs again after redo(args); what
  -- the call gives is the second run's (the trial may be stopped before its
  -- first instruction, as the watchdog may end a 0 s trial at once: then fn
  -- ran once to its end, so runs is 1 or 2, and the result holds it)
  local r = { host.call(twice, { instructions = 1000, redo = redo, trial = 0 }, 1, 2) }
  t.eq(r, { true, 3, runs })
  t.ok(runs == 1 or runs == 2, runs)
  t.eq(redone, { { 1, 2 } })
  -- the second run is the counted one
  t.eq({ host.call(hook, { instructions = 1000000, redo = redo, trial = 0 }) }, { true, "", 1000 })
  -- a budget too small for a trial (1000 instructions: 0.1 us) counts from the start
  runs, redone = 0, {}
  t.eq({ host.call(twice, { instructions = 1000, redo = redo }, 1, 2) }, { true, 3, 1 })
  t.eq(redone, {})
  -- a large budget: the trial runs without a hook (100 s of trial)
  t.eq({ host.call(hook, { instructions = 1e12, redo = redo }) }, { true, "", 0 })
  -- without redo, or inside a budgeted call, no trial
  t.eq({ host.call(hook, { instructions = 1e12 }) }, { true, "", 1000 })
  t.eq({ host.call(function () return host.call(hook, { instructions = 1e12, redo = redo }) end,
                   { instructions = 1e12 }) }, { true, true, "", 1000 })
  t.eq({ hook() }, { "", 0 })
  -- an endless loop: stopped at the end of its trial, then by its budget,
  -- with today's message, also under pcall
  local l = here() + 1
  local ok, msg, why = host.call(function () while true do end end,
                                 { instructions = 100000, redo = redo, trial = 0 })
  t.eq({ ok, msg, why }, { false, at(l) .. "instruction budget exceeded (limit is 100000 instructions)", "instructions" })
  l = here() + 2
  ok, msg, why = host.call(function ()
    for _ = 1, 1e9 do pcall(function () while true do end end) end
  end, { instructions = 100000, redo = redo, trial = 0 })
  t.eq({ ok, msg, why }, { false, at(l) .. "instruction budget exceeded (limit is 100000 instructions)", "instructions" })
  -- a call inside a trial puts back the hook it found, but not past the trial's end
  l = here() + 1
  ok, msg, why = host.call(function () while true do host.call(function () for _ = 1, 2000 do end end, {}) end end,
                           { instructions = 100000, seconds = 30, redo = redo, trial = 0 })
  t.eq({ ok, msg, why }, { false, at(l) .. "instruction budget exceeded (limit is 100000 instructions)", "instructions" })
  -- an error in the counted run; an error in redo is the call's error
  ok, msg, why = host.call(function () error("boom") end, { instructions = 1000, redo = redo, trial = 0 })
  t.eq({ ok, why }, { false, "error" }); t.ok(msg:find("boom", 1, true), msg)
  local function fails () error("undo failed") end
  ok, msg, why = host.call(twice, { instructions = 1000, redo = fails, trial = 0 }, 1, 2)
  t.eq({ ok, why }, { false, "error" }); t.ok(msg:find("undo failed", 1, true), msg)
  ok, msg, why = host.call(function () while true do end end, { instructions = 1000, redo = fails, trial = 0 })
  t.eq({ ok, why }, { false, "error" }); t.ok(msg:find("undo failed", 1, true), msg)
  -- the memory budget holds in both runs
  ok, msg, why = host.call(function () local x = {} for i = 1, 1e8 do x[i] = i end end,
                           { instructions = 1e12, memory = 1000000, redo = redo, trial = 0 })
  t.eq({ ok, msg, why }, { false, "memory budget exceeded (limit is 1000000 bytes)", "memory" })
  t.raises(function () host.call(print, { redo = 1 }) end, "redo must be a function")
  t.raises(function () host.call(print, { trial = -1 }) end, "trial must be >= 0")
end)

t.test("host.cwd is the working directory, host.pid the process id", function ()
  local host = require "assay.host"
  local p = io.popen("pwd -P")
  local pwd = p:read("l"); p:close()
  t.eq(host.cwd(), pwd)
  local f = io.open("/proc/self/stat")
  local pid = math.tointeger(host.pid())
  t.ok(pid and pid > 0, tostring(pid))
  if f then
    local line = f:read("l"); f:close()
    t.eq(tonumber(line:match("^(%d+)")), pid)
  end
end)

t.test("threads: assay's own threads block every signal, so Ctrl-C's SIGINT goes to the main thread", function ()
  -- the watchdog (a time budget), two pool workers and a database's
  -- checkpointer; then each thread's mask from /proc (SigBlk, hex)
  local d = os.tmpname(); os.remove(d); os.execute("mkdir -p " .. d .. "/assay")
  local f = io.open(d .. "/assay/idle.lua", "w")
  f:write("return { init = function () return function (job) return job end end }")
  f:close()
  local out = t.sh("ASSAY_PATH=" .. d .. " " .. t.bin() .. " -e " .. t.q([[
    local host = require "assay.host"
    host.call(function () end, { seconds = 30 })
    local p <close> = require("assay.pool").new{ workers = 2, module = "assay.idle" }
    local db = require("assay.db").open("]] .. d .. [[/x.db")
    db:exec("PRAGMA journal_mode=WAL")
    assert(db:checkpointer(4))
    local me = io.open("/proc/self/stat"):read("a"):match("^(%d+)")
    for tid in io.popen("ls /proc/" .. me .. "/task"):lines() do
      local st = io.open("/proc/" .. me .. "/task/" .. tid .. "/status")
      if st then
        local blk = st:read("a"):match("SigBlk:%s*(%x+)")
        print(tid == me and "main" or "other", blk)
        st:close()
      end
    end
  ]]))
  os.execute("rm -rf " .. d)
  local others, main = 0, 0
  for who, blk in out:gmatch("(%a+)%s+(%x+)") do
    local mask = tonumber(blk:sub(-8), 16)
    if who == "main" then main = main + 1
    else
      others = others + 1
      t.ok(mask & 0x2 ~= 0 and mask & 0x4000 ~= 0, "a thread of assay's takes SIGINT or SIGTERM: " .. blk)
    end
  end
  t.eq(main, 1, out)
  t.ok(others >= 4, "watchdog, 2 workers, checkpointer: " .. out)
end)

t.done()
