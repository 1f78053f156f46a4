-- Helpers of the shard/merge tests (tests/scale_test.lua, tests/scale_ssh.lua):
-- dofile("tests/scale_common.lua") from the repository root.
local t = require "assay.testing"
local db = require "assay.db"
local host = require "assay.host"

local C = {}
C.bin, C.sh, C.q = t.bin(), t.sh, t.q

function C.mkdir ()
  local d = os.tmpname(); os.remove(d); assert(os.execute("mkdir -p " .. d)); return d
end
function C.write (path, s) local f = assert(io.open(path, "wb")); f:write(s); f:close() end
function C.read (path) local f = assert(io.open(path, "rb")); local s = f:read("a"); f:close(); return s end
function C.exists (path) return host.stat(path) ~= nil end

-- A corpus of mb MiB made by the benchmark kit's generator (deterministic):
-- dir/c/*.txt and dir/c.jsonl (the same documents as records).
function C.corpus (dir, mb)
  local gen = "../shared/bench/gen-corpus"
  if not host.stat(gen) then return nil, "no " .. gen end
  local _, code, err = C.sh(string.format("python3 %s --mb %s --seed 5 --out %s --jsonl %s", gen, mb,
                                           C.q(dir .. "/c"), C.q(dir .. "/c.jsonl")))
  if code ~= 0 then return nil, err end
  return dir .. "/c"
end

-- The content of a facts database as a single run would leave it, ids
-- aside: every document (by key: name, hash, bytes, encoding, title, date,
-- source, meta, text, rules hash, the key of the document it duplicates),
-- its facts in order, its articles and errors.  -> digest, documents, facts
function C.digest (path)
  local d = assert(db.open(path, { readonly = true, create = false }))
  local parts, ndocs, nfacts = {}, 0, 0
  local function add (...)
    local n = select("#", ...)
    for i = 1, n do
      local v = select(i, ...)
      parts[#parts + 1] = v == nil and "\1" or tostring(v)
    end
    parts[#parts + 1] = "\n"
  end
  for r in d:rows([[SELECT x.*, o.key AS dup_key FROM docs x LEFT JOIN docs o ON o.id = x.dup_of
                    ORDER BY x.key]]) do
    ndocs = ndocs + 1
    add("D", r.key, r.name, r.hash, r.bytes, r.encoding, r.title, r.date, r.source, r.meta, r.text,
        r.rules_hash, r.dup_key)
    for f in d:rows("SELECT * FROM facts WHERE id BETWEEN ? AND ? AND doc_id = ? ORDER BY seq",
                    r.first_fact or 0, r.last_fact or -1, r.id) do
      nfacts = nfacts + 1
      add("F", f.seq, f.rule, f.kind, math.type(f.value) or type(f.value), f.value, f.unit, f.qualifier,
          f.surface, f.start, f.stop, f.sentence, f.region, f.period, f.extra)
    end
    for a in d:rows("SELECT * FROM articles WHERE doc_id = ? ORDER BY seq", r.id) do
      add("A", a.seq, a.start, a.stop, a.title, a.date, a.source, a.authors, a.boilerplate)
    end
    for e in d:rows("SELECT rule, message FROM errors WHERE doc_id = ? ORDER BY rule, message", r.id) do
      add("E", e.rule, e.message)
    end
  end
  -- every fact belongs to a document's range
  local all = d:val("SELECT count(*) FROM facts")
  d:close()
  if all ~= nfacts then add("orphan facts", all - nfacts) end
  return host.hash(table.concat(parts)), ndocs, nfacts
end

-- A server started in the background (its output to log): its PID, to
-- stop it by (C.stop).
function C.spawn (cmd, log)
  local out = C.sh(cmd .. " </dev/null >" .. C.q(log) .. " 2>&1 & echo $!")
  return math.tointeger(tonumber(out))
end

-- Stops the servers of pids and waits (bounded) until they are gone.
function C.stop (pids)
  for _, pid in ipairs(pids) do if pid then os.execute("kill " .. pid .. " 2>/dev/null") end end
  for _, pid in ipairs(pids) do
    if pid then
      C.wait_for(function ()
        -- gone, or a zombie waiting for its parent (the shell of C.spawn)
        local st = C.sh("ps -o stat= -p " .. pid)
        return not st:find("%S") or st:find("Z", 1, true) ~= nil
      end, 50)
    end
  end
end

-- Waits (bounded: tries times 0.2 s) until check() is true; its result.
function C.wait_for (check, tries)
  for _ = 1, tries or 100 do
    if check() then return true end
    os.execute("sleep 0.2")
  end
  return check()
end

-- assay run in dir: the command line after "run"; -> stdout, code, stderr
function C.run (dir, args)
  return C.sh("cd " .. C.q(dir) .. " && " .. C.bin .. " run " .. args)
end

function C.merge (dir, args)
  return C.sh("cd " .. C.q(dir) .. " && " .. C.bin .. " merge " .. args)
end

return C
