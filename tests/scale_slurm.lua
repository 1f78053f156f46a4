-- The Slurm recipe of docs/scale.md on a single-node Slurm started here
-- (munged, slurmctld and slurmd with a configuration of their own, on
-- ports of their own; stopped by PID at the end): a job array of 4
-- shards and a merge job that waits for it (afterok).  A task that fails
-- leaves no shard database and the merge never starts; the task alone
-- resubmitted, then the merge, equals a single run.
-- Run by `make test-ssh` (part of `make test`): ./assay tests/scale_slurm.lua
-- Skips LOUDLY (exit 0) where Slurm or munge is not installed.
local t = require "assay.testing"
local host = require "assay.host"
local C = dofile("tests/scale_common.lua")
local sh, q, write = C.sh, C.q, C.write

local function skip (why)
  t.skip("scale_slurm: " .. why .. ": the Slurm recipe of docs/scale.md is NOT TESTED here")
  t.done()
end
for _, tool in ipairs{ "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch", "/usr/sbin/munged",
                       "/etc/munge/munge.key" } do
  if not host.stat(tool) then skip(tool .. " is not installed (apt-get install slurmctld slurmd slurm-client munge)") end
end
if sh("id -u"):gsub("%s", "") ~= "0" then skip("not root (slurmd runs jobs as their users)") end

local dir = C.mkdir()
os.execute("chmod 755 " .. q(dir))
local pids = {}
local PORT = 26000 + host.pid() % 3000
local env = "SLURM_CONF=" .. q(dir .. "/slurm.conf") .. " "

local function cleanup ()
  local mpid = io.open(dir .. "/msock/pid")
  if mpid then pids[#pids + 1] = math.tointeger(tonumber(mpid:read("a"))); mpid:close() end
  sh(env .. "scancel --user=root 2>/dev/null")
  C.stop(pids)
  os.execute("rm -rf " .. q(dir))
end

t.test("Slurm: a job array of shards and an afterok merge; a failed task resubmitted alone", function ()
  -- munge with a socket of its own (as the munge user, as it insists)
  os.execute(string.format("mkdir -p %s/munge %s/msock %s/state %s/spool && cp /etc/munge/munge.key %s/munge/ && "
    .. "chown -R munge:munge %s/munge %s/msock && chmod 700 %s/munge && chmod 755 %s/msock",
    dir, dir, dir, dir, dir, dir, dir, dir, dir))
  local _, code, err = sh(string.format("su -s /bin/sh munge -c 'munged --key-file=%s/munge/munge.key "
    .. "--socket=%s/msock/sock --pid-file=%s/msock/pid --log-file=%s/munge/log --seed-file=%s/munge/seed'",
    dir, dir, dir, dir, dir))
  t.eq(code, 0, err)
  local hostname = sh("hostname"):gsub("%s", "")
  write(dir .. "/slurm.conf", table.concat({
    "ClusterName=assaytest", "SlurmctldHost=" .. hostname .. "(127.0.0.1)",
    "SlurmctldPort=" .. PORT, "SlurmdPort=" .. PORT + 1,
    "AuthType=auth/munge", "AuthInfo=socket=" .. dir .. "/msock/sock", "CredType=cred/munge",
    "SlurmUser=root", "SlurmdUser=root",
    "StateSaveLocation=" .. dir .. "/state", "SlurmdSpoolDir=" .. dir .. "/spool",
    "SlurmctldPidFile=" .. dir .. "/slurmctld.pid", "SlurmdPidFile=" .. dir .. "/slurmd.pid",
    "SlurmctldLogFile=" .. dir .. "/slurmctld.log", "SlurmdLogFile=" .. dir .. "/slurmd.log",
    "ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none", "JobAcctGatherType=jobacct_gather/none",
    "AccountingStorageType=accounting_storage/none", "SelectType=select/cons_tres",
    "SelectTypeParameters=CR_CPU", "MpiDefault=none", "ReturnToService=2", "SchedulerType=sched/builtin",
    "NodeName=" .. hostname .. " NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN",
    "PartitionName=debug Nodes=" .. hostname .. " Default=YES MaxTime=INFINITE State=UP", "" }, "\n"))
  pids[#pids + 1] = C.spawn("slurmctld -D -f " .. q(dir .. "/slurm.conf"), dir .. "/ctld.out")
  pids[#pids + 1] = C.spawn("slurmd -D -f " .. q(dir .. "/slurm.conf"), dir .. "/slurmd.out")
  t.ok(C.wait_for(function () return sh(env .. "sinfo -h -o %T"):find("idle", 1, true) end, 100),
       "the node is up: " .. sh("cat " .. q(dir .. "/slurmctld.log") .. " | tail -5"))
  -- the work: the recipe's shards.sbatch, assay on the PATH
  local work = dir .. "/work"
  os.execute("mkdir -p " .. work .. "/corpus " .. work .. "/bin " .. work .. "/logs " .. work .. "/shards")
  for i = 1, 24 do
    write(string.format("%s/corpus/p%02d.txt", work, i),
          string.format("第%d批：投入扶贫资金%d万元，带动%d户。\n", i, i * 13, i * 2))
  end
  write(work .. "/corpus/p05.txt", "第5批：失败一次，投入5万元。\n")
  write(work .. "/rules.lua", C.read("scripts/bench/t3.lua") .. [[
rule "flaky" {
  pattern = "失败一次",
  emit = function () if io.open("FAIL-ONCE") then error("marker present") end return { value = 1 } end,
}
]])
  sh("cp " .. q(C.bin) .. " " .. q(work .. "/bin/assay"))
  write(work .. "/shards.sbatch", [[
#!/bin/sh
#SBATCH --job-name=assay-shard
#SBATCH --array=0-3
#SBATCH --cpus-per-task=1
#SBATCH --output=logs/shard_%a.out
set -e
cd "$SLURM_SUBMIT_DIR"
tmp=${TMPDIR:-/tmp}/assay_shard_${SLURM_ARRAY_TASK_ID}_$$.db
assay run -q --strict --allow-io --root corpus --shard "$SLURM_ARRAY_TASK_ID/4" -j "$SLURM_CPUS_PER_TASK" \
  --db "$tmp" rules.lua -- corpus
mv "$tmp" "shards/shard_${SLURM_ARRAY_TASK_ID}.db"
]])
  local _, rc, rerr = C.run(work, "-q --allow-io --root corpus --db one.db rules.lua -- corpus")
  t.eq(rc, 0, rerr)
  local senv = "cd " .. q(work) .. " && PATH=" .. q(work .. "/bin") .. ":$PATH ASSAY_PATH= " .. env
  local function submit (args)
    local out, c, e = sh(senv .. "sbatch --parsable " .. args)
    t.eq(c, 0, e)
    return (out:gsub("%s", ""))
  end
  local function queue_empty () return sh(env .. "squeue -h -t PD,R,CG"):find("%S") == nil end
  local function state (jid) return (sh(env .. "squeue -h -j " .. jid .. " -o %r"):gsub("%s", "")) end
  -- first round: the task with p05.txt fails
  write(work .. "/FAIL-ONCE", "")
  local jid = submit("shards.sbatch")
  local mid = submit("--dependency=afterok:" .. jid .. " --job-name=assay-merge --output=logs/merge.out "
                     .. "--wrap 'assay merge facts.db shards/shard_*.db'")
  t.ok(C.wait_for(function () return state(mid) == "DependencyNeverSatisfied" end, 300),
       "the merge waits for ever once a task failed: " .. state(mid))
  local made, failed = 0, nil
  for k = 0, 3 do
    if C.exists(work .. "/shards/shard_" .. k .. ".db") then made = made + 1 else failed = k end
  end
  t.eq(made, 3, "the failed task left no database")
  t.ok(not C.exists(work .. "/facts.db"), "no merge")
  sh(env .. "scancel " .. mid)
  -- the failed task alone, then the merge
  os.remove(work .. "/FAIL-ONCE")
  local again = submit("--array=" .. tostring(failed) .. " shards.sbatch")
  submit("--dependency=afterok:" .. again .. " --job-name=assay-merge --output=logs/merge.out "
         .. "--wrap 'assay merge facts.db shards/shard_*.db'")
  t.ok(C.wait_for(queue_empty, 300), "the jobs finished")
  t.ok(C.exists(work .. "/facts.db"), "merged: " .. sh("cat " .. q(work) .. "/logs/*"))
  if C.exists(work .. "/facts.db") then
    t.eq(C.digest(work .. "/facts.db"), C.digest(work .. "/one.db"), "merge == single run")
  end
end)
cleanup()
t.done()
