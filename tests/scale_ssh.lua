-- GNU parallel over SSH (docs/scale.md), on loopback only: two sshd started
-- here on 127.0.0.2 and 127.0.0.3 (own configuration and host key, key
-- authentication only), each for a user of its own with its own home, and
-- a dead host (127.0.0.4) in the list.  The rule pack (a tar file of its
-- directory) and the binary go over with --basefile, the corpus is read where it lies (as from shared
-- storage), each shard database comes back with --return, --cleanup leaves
-- the homes as they were.  The merge equals a run on this machine; so do
-- the keys.
-- Run by `make test-ssh` (part of `make test`): ./assay tests/scale_ssh.lua
-- Skips LOUDLY (exit 0) where sshd, parallel or rsync is missing or we are
-- not root (users are needed); every process it starts is stopped by PID.
local t = require "assay.testing"
local host = require "assay.host"
local C = dofile("tests/scale_common.lua")
local sh, q, write = C.sh, C.q, C.write

local function skip (why)
  t.skip("scale_ssh: " .. why .. ": the SSH recipe of docs/scale.md is NOT TESTED here")
  t.done()
end

for _, tool in ipairs{ "/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/parallel", "/usr/bin/rsync",
                       "/usr/sbin/useradd" } do
  if not host.stat(tool) then skip(tool .. " is not installed (tools/deps.sh test installs it)") end
end
if sh("id -u"):gsub("%s", "") ~= "0" then skip("not root (the test makes two users)") end

local dir = C.mkdir()
os.execute("chmod 755 " .. q(dir))
local PORT = 22000 + host.pid() % 3000
local pids, users = {}, {}

local function cleanup ()
  C.stop(pids)
  for _, u in ipairs(users) do os.execute("userdel -r " .. u .. " >/dev/null 2>&1") end
  os.execute("rm -rf " .. q(dir))
end

t.test("GNU parallel over SSH to two sshd with a dead host: shards merged == a local run", function ()
  -- a client key; a host key; users with homes of their own
  assert(sh(string.format("ssh-keygen -q -t ed25519 -N '' -f %s/id && ssh-keygen -q -t ed25519 -N '' -f %s/hostkey",
                          dir, dir)) ~= nil)
  os.execute("mkdir -p /run/sshd && chmod 755 /run/sshd")
  local logins = {}
  for i, addr in ipairs{ "127.0.0.2", "127.0.0.3" } do
    local user = string.format("assayw%d%d", i, host.pid() % 10000)
    local home = dir .. "/home" .. i
    local _, code, uerr = sh(string.format("useradd -m -p '*' -d %s -s /bin/sh %s", q(home), user))
    t.eq(code, 0, uerr)
    users[#users + 1] = user
    write(dir .. "/keys" .. i, C.read(dir .. "/id.pub"))
    os.execute(string.format("chown %s %s/keys%d && chmod 600 %s/keys%d", user, dir, i, dir, i))
    write(dir .. "/sshd" .. i .. ".conf", table.concat({
      "ListenAddress " .. addr .. ":" .. PORT, "HostKey " .. dir .. "/hostkey",
      "AuthorizedKeysFile " .. dir .. "/keys" .. i, "AllowUsers " .. user,
      "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PubkeyAuthentication yes",
      "StrictModes no", "UsePAM no", "PidFile none", "LogLevel ERROR", "" }, "\n"))
    pids[#pids + 1] = C.spawn(string.format("/usr/sbin/sshd -D -f %s/sshd%d.conf -E %s/sshd%d.log", dir, i, dir, i),
                              dir .. "/sshd" .. i .. ".out")
    logins[i] = user .. "@" .. addr
  end
  write(dir .. "/ssh_config", table.concat({
    "Host *", "  Port " .. PORT, "  IdentityFile " .. dir .. "/id", "  IdentitiesOnly yes",
    "  StrictHostKeyChecking no", "  UserKnownHostsFile /dev/null", "  BatchMode yes",
    "  ConnectTimeout 3", "  LogLevel ERROR", "" }, "\n"))
  local ssh = "ssh -F " .. dir .. "/ssh_config"
  -- wait for the servers (bounded)
  for _, login in ipairs(logins) do
    t.ok(C.wait_for(function () return sh(ssh .. " " .. login .. " echo up"):find("up", 1, true) end, 50),
         "sshd for " .. login .. " answers")
  end
  -- what the homes hold before the jobs
  local function listing (i) return (sh("cd " .. q(dir .. "/home" .. i) .. " && find . | sort")) end
  local before = { listing(1), listing(2) }
  -- the work: a corpus, the rules, this binary
  local work = dir .. "/work"
  os.execute("mkdir -p " .. work .. "/corpus/sub")
  for i = 1, 30 do
    write(string.format("%s/corpus/%s/p%02d.txt", work, i % 3 == 0 and "sub" or ".", i),
          string.format("第%d批：投入扶贫资金%d万元，带动%d户。\n", i, i * 11, i * 3))
  end
  -- a rule pack directory, sent as a tar file (parallel's --cleanup removes files, not directories)
  sh("mkdir -p " .. q(work .. "/pack") .. " && cp scripts/bench/t3.lua " .. q(work .. "/pack/t3.lua")
     .. " && cp " .. q(C.bin) .. " " .. q(work .. "/assay"))
  write(work .. "/pack/more.lua", 'rule "hu" { pattern = [[(\\d+)户]], value = 1 }\n')
  sh("cd " .. q(work) .. " && tar cf pack.tar pack")
  local _, code, rerr = C.run(work, "-q --db one.db --root corpus pack -- corpus")
  t.eq(code, 0, rerr)
  local slf = dir .. "/sshlogins"
  write(slf, table.concat({ "1/" .. logins[1], "1/" .. logins[2], "1/nobody@127.0.0.4" }, "\n") .. "\n")
  local cmd = table.concat({
    "cd " .. q(work) .. " && parallel --ssh " .. q(ssh) .. " --sshloginfile " .. q(slf),
    "--filter-hosts --retries 3 --joblog jobs.log",
    "--basefile assay --basefile pack.tar --return shard_{}.db --cleanup",
    -- each job unpacks the pack in a directory of its own and removes it;
    -- the corpus: on storage every worker reads (here: this directory, by
    -- its absolute path, while the local run named it relatively)
    q("p=$(mktemp -d) && tar xf pack.tar -C $p && ./assay run -q --strict --root " .. work .. "/corpus"
      .. " --shard {}/4 --db shard_{}.db $p/pack -- " .. work .. "/corpus; s=$?; rm -rf $p; exit $s"),
    "::: 0 1 2 3" }, " ")
  local out
  out, code, rerr = sh(cmd)
  t.eq(code, 0, "every job exits 0: " .. rerr .. out)
  local log = C.read(work .. "/jobs.log")
  local hosts = {}
  for line in log:gmatch("[^\n]+") do
    local seq, login, exit = line:match("^(%d+)\t(%S+)\t.-\t.-\t.-\t.-\t(%d+)\t")
    if seq then t.eq(exit, "0", line); hosts[login] = true end
  end
  t.ok(not hosts["nobody@127.0.0.4"], "the dead host ran nothing")
  t.ok(hosts[logins[1]] or hosts[logins[2]], "the jobs ran remotely: " .. log)
  _, code, rerr = C.merge(work, "merged.db shard_0.db shard_1.db shard_2.db shard_3.db")
  t.eq(code, 0, rerr)
  t.eq(C.digest(work .. "/merged.db"), C.digest(work .. "/one.db"), "merge of the remote shards == local run")
  t.eq(before, { listing(1), listing(2) }, "the remote homes are as they were")
end)
if not os.getenv("KEEP") then cleanup() end
t.done()
