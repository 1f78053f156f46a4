-- assay merge: shard databases (assay run --shard K/N, or any runs over
-- parts of a corpus) into one database.
local store = require "assay.run.store"
local host = require "assay.host"
local json = require "assay.json"
local inputs = require "assay.inputs"

local M = {}

M.help = [[
usage: assay merge [OPTIONS] OUT.db SHARD.db...

Merges the databases of runs over parts of a corpus (assay run --shard K/N,
or --files-from lists) into OUT.db: documents, facts, articles, errors, runs
and rule stats, with new ids (a document's facts keep their contiguous ids).
Each document and run keeps the shard it came from (docs.origin,
runs.origin: the shard's file name).

Merging is incremental: a shard merged again replaces the documents it
brought before (so re-run a failed or changed shard and merge it again); a
document whose key is already in OUT.db from elsewhere is replaced.  Every
shard is checked before anything is written: a shard of another schema
version, whose last run did not finish, or made with other rules or
options than OUT.db (or the first shard) is refused, naming it.  A new
OUT.db is written to a temporary file and renamed at the end; into an
existing one, each shard goes in one transaction (an interrupted merge
leaves whole shards; merging again completes it).

options:
  -q, --quiet   no summary on stderr
  -h, --help    this text

exit status: 0 merged, 1 a shard refused or a database error, 2 usage error.
See docs/scale.md.]]

-- The options of a run (runs.args) that change what it stores: shards
-- made with different ones cannot be merged.
local CONTENT = { ["--simplify"] = 0, ["--no-meta"] = 0, ["--no-text"] = 0, ["--allow-io"] = 0,
                  ["--encoding"] = 1, ["--text-field"] = 1, ["--id-field"] = 1,
                  ["--instructions"] = 1, ["--memory"] = 1, ["--match-limit"] = 1 }

local function options_of (args)
  local ok, a = pcall(json.decode, args or "[]")
  if not ok or type(a) ~= "table" then return "" end
  local out, i = {}, 1
  while i <= #a and a[i] ~= "--" do
    local n = CONTENT[a[i]]
    if n then
      out[#out + 1] = a[i] .. (n == 1 and "=" .. tostring(a[i + 1]) or "")
      i = i + n
    end
    i = i + 1
  end
  table.sort(out)
  return table.concat(out, " ")
end

local function fail (msg)
  io.stderr:write("assay merge: ", msg, "\n")
  return 1
end


-- Every shard checked against the first (or OUT.db's documents): nil or
-- the message naming the shard.
local function check_shards (d, shards)
  local ref = d:val("SELECT rules_hash FROM main.docs WHERE rules_hash <> '' LIMIT 1")
  local ref_from = ref and "the documents already in the output" or nil
  local ref_opts
  local labels = {}
  for _, sh in ipairs(shards) do
    local st = host.stat(sh)
    if st and st.type == "dir" then return sh .. " is a directory, not a database file" end
    if not st or st.type ~= "file" then return sh .. ": no such database file" end
    local label = sh:match("([^/]+)$")
    if labels[label] then
      return sh .. ": has the same file name as " .. labels[label] .. " (the name marks a shard's documents)"
    end
    labels[label] = sh
    local oka, aerr = pcall(d.exec, d, "ATTACH DATABASE ? AS s", sh)
    if not oka then return store.open_error(sh, aerr) end   -- "X is not an assay facts database"
    local okp, why, last = pcall(store.shard_problem, d, "s")
    d:exec("DETACH DATABASE s")
    if not okp then return store.open_error(sh, why) end
    if why then return sh .. ": " .. why end
    if not ref then ref, ref_from = last.rules_hash, sh end
    if last.rules_hash ~= ref then
      return string.format("%s: made with other rules (rules hash %s) than %s (%s): run it again with "
        .. "the same rules, or merge into a new database", sh, last.rules_hash, ref_from, ref)
    end
    local opts = options_of(last.args)
    if ref_opts == nil then ref_opts = { opts, sh } end
    if opts ~= ref_opts[1] then
      return string.format("%s: made with other options (%s) than %s (%s)", sh,
        opts == "" and "none" or opts, ref_opts[2], ref_opts[1] == "" and "none" or ref_opts[1])
    end
  end
  return nil, ref
end

function M.main (...)
  local args = { ... }
  local files, quiet = {}, false
  for _, a in ipairs(args) do
    if a == "-q" or a == "--quiet" then quiet = true
    elseif a:sub(1, 1) == "-" then
      io.stderr:write("assay merge: ", require("assay.cmd").unknown_option(a, M.help), "\n")
      return 2
    else files[#files + 1] = a end
  end
  if #files < 2 then
    io.stderr:write("assay merge: usage: assay merge OUT.db SHARD.db... (assay merge --help)\n")
    return 2
  end
  local out = table.remove(files, 1)
  local outn = inputs.normalize(out)
  for _, sh in ipairs(files) do
    if inputs.normalize(sh) == outn then return fail(sh .. ": is the output database") end
  end
  local t0 = host.clock()
  local fresh = not host.stat(out)
  local file = fresh and store.temp_name(out) or out
  local d, err = store.open(file)
  if not d then return fail(require("assay.cmd").open_error(out, err, file)) end
  -- a new output is a temporary file until the rename: no journal to
  -- write every page twice into, no sync per shard (a failure deletes the
  -- file); the last commit, with synchronous=FULL, syncs it before the rename
  if fresh then d:exec("PRAGMA journal_mode=OFF"); d:exec("PRAGMA synchronous=OFF") end
  local function abort (msg)
    d:close()
    if fresh then store.remove_files(file) end
    return fail(msg)
  end
  local bad, rules_hash = check_shards(d, files)
  if bad then return abort(bad) end
  local total = { docs = 0, facts = 0, moved = 0 }
  d:exec("INSERT INTO runs(started, rules_hash, args) VALUES (datetime('now'), ?, ?)",
         rules_hash, json.encode({ "merge", ... }))
  local run_id = d:last_id()
  for _, sh in ipairs(files) do
    local label = sh:match("([^/]+)$")
    local ok, merr = pcall(function ()
      d:exec("ATTACH DATABASE ? AS s", sh)
      local okm, e2 = pcall(store.without_fk, d, function ()
        local nd, nf, moved = store.merge_shard(d, label)
        total.docs, total.facts, total.moved = total.docs + nd, total.facts + nf, total.moved + moved
      end)
      d:exec("DETACH DATABASE s")
      if not okm then error(e2, 0) end
    end)
    if not ok then return abort(sh .. ": " .. tostring(merr)) end
  end
  local _, dups = d:tx(function () return store.mark_dups(d) end)
  local docs_now = d:val("SELECT count(*) FROM docs")
  d:exec("PRAGMA synchronous=FULL")
  d:exec("UPDATE runs SET finished = datetime('now'), docs = ?, facts = ?, errors = 0, skipped = 0, "
         .. "ignored = 0 WHERE id = ?", total.docs, total.facts, run_id)
  d:close()
  if fresh then
    local okr, rerr = os.rename(file, out)
    if not okr then store.remove_files(file); return fail("cannot rename the new database to " .. out .. ": " .. tostring(rerr)) end
  end
  local el = host.clock() - t0
  if not quiet then
    io.stderr:write(string.format(
      "assay merge: %d shards, %d documents and %d facts merged (%.0f rows/s)%s%s; %d documents in %s, %.2f s\n",
      #files, total.docs, total.facts, el > 0 and (total.docs + total.facts) / el or 0,
      total.moved > 0 and string.format(", %d documents replaced that came from elsewhere", total.moved) or "",
      dups > 0 and string.format(", %d with the same text as another (docs.dup_of)", dups) or "",
      docs_now, out, el))
  end
  return 0
end

return M
