-- assay/run.lua: `assay run` as a library: the inputs, in batches, through
-- a pool of workers (assay.run.worker), into the writer (assay.run.writer,
-- over assay.run.store).  cmd/run.lua parses the options and prints.
--
--   run.batch(o, args, hooks) -> result
--
-- o: the options (cmd/run.lua's parse: rules, inputs, keyer, db, jobs,
-- no_meta, no_text, ...); args: the command line, stored with the run;
-- hooks: say(line) for messages to the user (an input skipped, a warning,
-- a wait for a lock), progress(summary, final).  result: failed = the line
-- to print when the run could not go on (nothing else then); else
-- summary, stats (by rule), folder (rule errors folded), settled (lines
-- about the documents: pruned, duplicates), elapsed, database (o.db, or
-- nil when none was written), interrupted, strict_stop.
--   run.exit_status(summary, stats, strict_stop, shard) -> status, why
local rules = require "assay.rules"
local store = require "assay.run.store"
local writer = require "assay.run.writer"
local worker = require "assay.run.worker"
local reader = require "assay.reader"
local wire = require "assay.wire"
local host = require "assay.host"
local json = require "assay.json"
local inputs = require "assay.inputs"

local M = {}

-- $ASSAY_TRACE_RUN set: the run's phases, with host.clock() times, on
-- stderr (a debugging aid: where a short run's wall time goes)
local TRACE = host.getenv("ASSAY_TRACE_RUN")
local function mark (what)
  if TRACE then io.stderr:write(string.format("%.4f %s\n", host.clock(), what)) end
end

-- {====== keys, shards, prune ======

-- The keys of a run: each document's key, once.  claim(key, from) -> true
-- (new), false (the same input again: leave it), or nil, message (another
-- input with the same key: two directories given without a --root above
-- them).  from: the path (and line) it was read from.  mine(key): in this
-- run's shard.  seen(key): claimed in this run; the keys seen let --prune
-- find the documents no longer among the inputs.  close() when done.
-- The keys are kept in a private temporary database, not in a table: its
-- pages go to a temporary file past 256 KiB, so that a run's memory does
-- not grow with the number of its documents (~1.3 us a key).
local function key_claims (o)
  local kd = assert(require("assay.db").open(""))
  kd:exec("PRAGMA cache_size=-256")
  kd:exec("CREATE TABLE seen (key TEXT PRIMARY KEY, src TEXT NOT NULL) WITHOUT ROWID")
  kd:exec("BEGIN")                         -- never committed: it goes with the connection
  local c = {}
  function c.claim (key, from)
    kd:exec("INSERT OR IGNORE INTO seen VALUES (?, ?)", key, from)
    if kd:changes() > 0 then return true end
    local had = kd:val("SELECT src FROM seen WHERE key = ?", key)
    if had == from or inputs.normalize(had) == inputs.normalize(from) then return false end
    return nil, "same key '" .. key .. "' as " .. had .. " (give --root, a directory above both)"
  end
  function c.seen (key) return kd:val("SELECT 1 FROM seen WHERE key = ?", key) ~= nil end
  function c.close () kd:close() end
  local k, n = o.shard_k, o.shard_n
  if n and n > 1 then
    local shard_of = inputs.shard_of
    function c.mine (key) return shard_of(key, n) == k end
  else
    function c.mine () return true end
  end
  return c
end

-- Documents in the database that are not among this run's inputs (in its
-- shard): their ids and keys.
local function stale_docs (d, claims)
  local ids, keys = {}, {}
  for r in d:rows("SELECT id, key FROM docs") do
    if claims.mine(r.key) and not claims.seen(r.key) then ids[#ids + 1] = r.id; keys[#keys + 1] = r.key end
  end
  return ids, keys
end

-- After the documents: --prune, the same texts, and what the summary
-- says of them (lines).
local function settle_docs (d, o, claims, summary, fresh)
  local lines = {}
  if not fresh then
    local ids = stale_docs(d, claims)
    if o.prune and #ids > 0 and summary.ignored > 0 then
      lines[#lines + 1] = string.format("%d documents not among the inputs kept: --prune does not "
        .. "prune while %d inputs could not be read", #ids, summary.ignored)
    elseif o.prune and #ids > 0 then
      local n = store.without_fk(d, function () return store.drop_docs(d, ids) end)
      lines[#lines + 1] = string.format("pruned %d documents no longer among the inputs", n)
    elseif #ids > 0 then
      lines[#lines + 1] = string.format("%d documents in the database are not among the inputs "
        .. "(--prune removes them)", #ids)
    end
  end
  local new, total = d:tx(function () return store.mark_dups(d, fresh) end)
  for i, p in ipairs(new) do
    if i > 20 then lines[#lines + 1] = string.format("... and %d more", #new - 20); break end
    lines[#lines + 1] = p.key .. ": same text as " .. p.of
  end
  if total > 0 then
    lines[#lines + 1] = string.format("%d documents have the same text as another (docs.dup_of; "
      .. "reports count them once)", total)
  end
  return lines
end

-- }======

-- The rules that failed on every document they ran on (stats by rule name).
local function always_failed (stats)
  local out = {}
  for name, s in pairs(stats) do
    if s.docs > 0 and s.errors >= s.docs then out[#out + 1] = name end
  end
  table.sort(out)
  return out
end

-- The exit status of a finished run and the lines that explain it.
-- off: documents each rule was not run on (turned off: assay.engine).
function M.exit_status (summary, stats, strict_stop, shard, off)
  local why = {}
  if summary.unreadable > 0 then
    why[#why + 1] = summary.unreadable .. (summary.unreadable == 1 and " input" or " inputs") ..
                    " could not be read"
    return 2, why
  end
  -- a shard may hold no document of a small corpus: its (empty) database is its result
  if summary.docs + summary.skipped == 0 and not shard then
    return 1, { "no document was processed" }
  end
  local failed = always_failed(stats)
  for _, name in ipairs(failed) do
    local n = stats[name].docs                 -- those its `need` words let it run on, not the corpus
    why[#why + 1] = "rule '" .. name .. "' failed on " .. (n == 1 and "the one document" or "all " .. n .. " documents")
                    .. " it ran on"
  end
  -- a rule turned off leaves documents without its facts: not a success
  local names = {}
  for name in pairs(off or {}) do names[#names + 1] = name end
  table.sort(names)
  for _, name in ipairs(names) do
    local n = off[name]
    why[#why + 1] = "rule '" .. name .. "' was turned off: " .. n .. (n == 1 and " document lacks" or " documents lack")
                    .. " its facts (errors table; the next run redoes " .. (n == 1 and "it" or "them") .. ")"
  end
  if strict_stop then why[#why + 1] = "stopped at the first rule error (--strict)" end
  return #why > 0 and 1 or 0, why
end


function M.batch (o, args, hooks)
  mark("batch")
  -- with workers, this state is the writer's alone: it collects at Lua's
  -- default pause (2x what the last collection kept), not a rule state's 4x
  -- (assay.engine), so that the results it frees (texts and facts, ~1 MB a
  -- batch) do not pile up to 4x its heap; at -j 1 the rules run here too
  -- and keep the rule states' pause (2x costs the fupin pack ~15% CPU)
  if o.jobs > 1 then collectgarbage("incremental", 200) end
  if o.match_limit then require("assay.re").limits(o.match_limit) end
  local ropts = { encoding = o.encoding, text_field = o.text_field, id_field = o.id_field,
                  simplify = o.simplify }
  local wopts = { ropts = ropts, rules = o.rules, allow_io = o.allow_io, meta = not o.no_meta,
                  prefilter = not o.no_prefilter,
                  no_text = o.no_text,
                  limits = { instructions = o.instructions, memory = o.memory * 1048576,
                             seconds = o.seconds, give_up = o.give_up },
                  match_limit = o.match_limit }
  local okr, set = pcall(rules.load, o.rules, { allow_io = o.allow_io, meta = not o.no_meta })
  if not okr then return { failed = tostring(set) } end
  mark("rules loaded")
  -- The workers start first: they load the rules while the database opens.
  -- -j 1: the same jobs and results, run in this thread as they are submitted.
  -- The writer (this thread) is the serial stage: the workers run at a
  -- lower priority (nice 4), so that on a machine with as many cores as
  -- workers the scheduler does not give it a third of a core while it holds
  -- them all up; a batch waiting per worker (writer.DEPTH) keeps them busy meanwhile.
  local pool
  if o.jobs > 1 then
    pool = require("assay.pool").new{ workers = o.jobs, module = "assay.run.worker",
                                      arg = json.encode(wopts), depth = writer.DEPTH, nice = 4,
                                      hold = writer.HOLD,
                                      wait = false }   -- they start while we go on
  else
    pool = worker.inline_pool(json.encode(wopts))
  end
  mark("pool started")
  local W = writer.new(o, set, args, pool, hooks)
  W.mark = TRACE and mark
  local summary = W.summary
  local function cannot_open (derr)
    pool:close()
    if W.d then W.d:close() end
    if W.dbfile ~= o.db then store.remove_files(W.dbfile) end
    -- the user's path, not the temporary file a new database is written to
    derr = store.open_error(o.db, derr, W.dbfile)
    return { failed = "cannot open database: " .. derr }
  end
  local claims = key_claims(o)
  if W.existed then
    local ok, derr = W.open()
    if not ok then return cannot_open(derr) end
    W.fresh = W.d:val("SELECT count(*) FROM (SELECT 1 FROM docs LIMIT 1)") == 0
  end
  local t0 = host.clock()
  host.catch_interrupt()
  local function stopping ()
    if host.interrupted() then W.interrupted = true; W.stop_now = true end
    return W.stop_now
  end

  -- files to read go to the workers several at a time (see assay.wire's "M"):
  -- about 512 KiB of input per batch at the mean document size seen so far
  -- (at most 64 files, 8 before anything is known), so that small files
  -- pay few thread hand-offs and big ones do not pile up in memory
  local function batch_size ()
    if summary.docs < 16 then return 8 end
    local mean = summary.bytes / summary.docs
    return math.max(1, math.min(64, 524288 // math.max(mean, 1)))
  end
  -- the batch being filled: its jobs (framed, see wire.file_entry), their
  -- paths and keys, and how many files it takes
  local batch_jobs, batch_recs, batch_keys, batch_n, batch_max = {}, {}, {}, 0, 8
  local function flush ()
    if batch_n == 0 then return end
    local jobs, recs, keys = batch_jobs, batch_recs, batch_keys
    batch_jobs, batch_recs, batch_keys, batch_n, batch_max = {}, {}, {}, 0, batch_size()
    W.submit(wire.batch(jobs, #recs), { batch = recs, keys = keys })
  end

  local on_skip = W.skip
  local function on_doc (doc)
    if stopping() then return end
    local new, why = claims.claim(doc.key, doc.path .. ":" .. tostring(doc.meta and doc.meta.line or ""))
    if not new then
      if why then on_skip(doc.path .. (doc.meta and doc.meta.line and ":" .. doc.meta.line or ""), why) end
      return
    end
    if not claims.mine(doc.key) then return end
    local known = W.lookup(doc.key)
    if known and known.hash == doc.hash and known.rules_hash == set.hash then
      W.unchanged()
    else
      local job = wire.doc_job(doc)
      doc.meta._normalize = nil           -- a request to the worker, not metadata
      doc.text = nil                      -- the result brings it back
      flush()                             -- results come back in submission order
      W.submit(job, { doc = doc, path = doc.path })
    end
  end
  local SINGLE = { txt = true, html = true }
  local function on_file (path, input)
    if stopping() then return end
    local key, kerr = o.keyer:key(path, input)
    if not key then return on_skip(path, kerr) end
    if path ~= "-" and SINGLE[reader.format(path)] then
      -- one document per file: the worker reads it (and skips it when unchanged)
      local new, why = claims.claim(key, path)
      if not new then
        if why then on_skip(path, why) end
        return
      end
      if not claims.mine(key) then return end
      local known = W.lookup(key)
      batch_n = batch_n + 1
      batch_jobs[batch_n] = wire.file_entry(path, known and known.hash, known and known.rules_hash, key)
      batch_recs[batch_n] = path
      batch_keys[batch_n] = key
      if batch_n >= batch_max then flush() end
      return
    end
    ropts.key = key                        -- records are keyed by their ids (reader.each)
    local n, err = reader.each(path, ropts, on_doc, on_skip, function (where, msg)
      hooks.say("warning: " .. where .. ": " .. msg)
    end)
    ropts.key = nil
    if not n then return on_skip(path, err) end
  end

  -- an input named on the command line (a path, a glob) that cannot be
  -- read: exit status 2; what a directory holds is only skipped
  local named = {}
  for _, p in ipairs(o.inputs) do named[p] = true end
  local function on_unreadable (path, reason)
    if named[path] then summary.unreadable = summary.unreadable + 1 end
    on_skip(path, reason)
  end
  local okw, werr = pcall(function ()
    reader.walk(o.inputs, on_file, on_unreadable)
    mark("walked")
    if not W.stop_now then flush(); W.drain(true) end
    mark(string.format("drained (the writer waited %.4f s in %d takes)", W.waited, W.takes))
    -- every result written: the workers close their states while this
    -- thread finishes the database (~1-10 ms less at the end of a run);
    -- joined by pool:close at the end
    if pool:pending() == 0 then pool:stop() end
    -- a run with no document is recorded in an existing database; none is created for it
    if W.existed or summary.docs > 0 or o.shard then W.need_db() end
  end)
  local d, dbfile = W.d, W.dbfile
  if not okw or pool:pending() > 0 then pool:close() end    -- stopped early: the jobs left are dropped
  if not okw then
    -- a failure may come in the middle of a document's rows: the open
    -- transaction goes (a re-run redoes its documents), nothing half-written stays
    W.rollback()
    if type(werr) == "table" and werr.dbopen then return cannot_open(werr.dbopen) end
    if writer.is_busy(werr) then werr = o.db .. " is locked by another process (" .. tostring(werr):gsub("\n.*", "") .. ")" end
    if d then d:close() end
    if dbfile ~= o.db then store.remove_files(dbfile) end          -- a new database: none at all
    return { failed = tostring(werr) }
  end
  W.commit()
  mark("committed")
  hooks.progress(summary, true)
  local settled = (W.stop_now or not d) and {} or settle_docs(d, o, claims, summary, W.fresh)
  claims.close()
  mark("settled")
  local elapsed = host.clock() - t0
  local removed = false
  if d then
    store.finish_run(d, W.run_id, summary, W.stats, W.stop_now)
    mark("run finished")
    if dbfile ~= o.db then store.seal(d) end
    mark("sealed")
    d:close()
    mark("closed")
    if dbfile ~= o.db then
      if W.stop_now and not W.interrupted then             -- --strict stopped it: no half a database
        store.remove_files(dbfile); removed = true
      elseif summary.docs == 0 and not o.shard then        -- every input skipped (binary, unreadable):
        store.remove_files(dbfile); removed = true         -- no empty database, as for an empty directory
      else                                                 -- complete, or interrupted with each document whole
        -- the last close folds the WAL into the database; should a log be
        -- left (a close that could not checkpoint), it goes along, first
        if host.stat(dbfile .. "-wal") then os.rename(dbfile .. "-wal", o.db .. "-wal") end
        os.remove(dbfile .. "-shm")
        local okr, rerr = os.rename(dbfile, o.db)
        if not okr then
          pool:close()
          store.remove_files(dbfile)
          return { failed = "cannot rename the new database to " .. o.db .. ": " .. tostring(rerr) }
        end
      end
    end
  end
  mark("renamed")
  pool:close()
  mark("pool closed")
  return { summary = summary, stats = W.stats, folder = W.folder, settled = settled, elapsed = elapsed,
           more_skips = W.more_skips, off = W.off,
           database = (d and not removed) and o.db or nil, interrupted = W.interrupted,
           strict_stop = W.stop_now and not W.interrupted,
           -- the backend the workers' rule sets chose (the same rules, the same $ASSAY_PREFILTER)
           prefilter = not o.no_prefilter and set.prefilter and { set.prefilter:backend() } or nil }
end

return M
