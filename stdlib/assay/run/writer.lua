-- assay/run/writer.lua: the writer of a batch run (assay.run), in the
-- main thread: it owns the database connection and the summary.
--
--   writer.new(o, set, args, pool, hooks) -> W
--
-- W.submit(job, rec) hands a job to the pool (and writes the results that
-- are due); W.drain(true) writes the rest.  Results go into the database
-- from C when they can (store.put_batch: no rule errors, a new key), the
-- others through store.write_doc; one transaction per 1024 documents or
-- second.  W.summary (docs, skipped, facts, errors, ignored, bytes,
-- unreadable), W.stats (by rule), W.folder (rule errors folded), W.stop_now
-- and W.interrupted say how it went; W.d, W.run_id, W.dbfile, W.fresh,
-- W.existed the database.  hooks: say(line) (a message for the user),
-- progress(summary, final).
local store = require "assay.run.store"
local reader = require "assay.reader"
local wire = require "assay.wire"
local host = require "assay.host"

local M = {}

-- batches in flight per worker: one running, the others waiting for it
-- (the writer hands the next one as it takes a result); each result
-- waiting to be written is ~1 MB. 2 cost -j2 ~10 % (T2 100 MB bare
-- 0.33-0.37 s against 0.29-0.31 at 4 and at 8: a worker waits while the
-- writer is descheduled) for ~1 MB less peak; 8 let ~16 MB wait on a busy
-- machine
M.DEPTH = 4
-- bytes of results done and not yet written past which no worker starts
-- a batch (assay.pool's hold): with the texts stored a result is ~0.4 MB,
-- and a worker the machine deschedules let the other finish up to 7 more,
-- which waited: the peak memory grew with the length of the run (T2 -j2
-- defaults 15.6-18.1 MB over 100 MB against 14.6-14.8 over 10; with the
-- bound 14.8-15.5, as fast); results without texts (~20 KB) never reach it
M.HOLD = 1024 * 1024
-- with workers, the writer's state collects after this many bytes of results
M.COLLECT = 256 * 1024

-- from: stats by rule name (an inline run), or 6 numbers per rule in the
-- rule set's order (from a worker: see assay.wire's STATS).
local function add_stats (into, from, order)
  if from.flat then
    if from[1] == nil then return end          -- counted with its batch
    for i, name in ipairs(order) do
      local k = 6 * (i - 1)
      local t = into[name]
      if not t then t = { docs = 0, matches = 0, facts = 0, seconds = 0, errors = 0, skipped = 0 }; into[name] = t end
      if from[k + 1] then
        t.docs = t.docs + from[k + 1]; t.matches = t.matches + from[k + 2]
        t.facts = t.facts + from[k + 3]; t.seconds = t.seconds + from[k + 4]
        t.errors = t.errors + from[k + 5]; t.skipped = t.skipped + from[k + 6]
      end
    end
    return
  end
  for name, s in pairs(from) do
    local t = into[name]
    if not t then t = { docs = 0, matches = 0, facts = 0, seconds = 0, errors = 0, skipped = 0 }; into[name] = t end
    t.docs = t.docs + s.docs; t.matches = t.matches + s.matches
    t.facts = t.facts + s.facts; t.seconds = t.seconds + s.seconds; t.errors = t.errors + s.errors
    t.skipped = t.skipped + (s.skipped or 0)
  end
end

-- Rule errors folded by rule and message: note(key, rule, message [,
-- reason]) as they come, then lines() once at the end.  Reason "off": the
-- rule was not run on the document (turned off, see assay.engine).
function M.error_folder ()
  local groups, order = {}, {}
  local F = {}
  function F.note (key, rule, message, reason)
    message = message:gsub("\n.*", "")
    local id = rule .. "\0" .. message
    local g = groups[id]
    if not g then
      g = { rule = rule, message = message, count = 0, first = key, not_run = reason == "off" or nil }
      groups[id] = g; order[#order + 1] = g
    end
    g.count = g.count + 1
  end
  function F.groups () return order end
  function F.lines ()
    local out = {}
    for _, g in ipairs(order) do
      if g.not_run then
        out[#out + 1] = string.format("rule '%s' not run on %d document%s: %s; first: %s", g.rule, g.count,
                                      g.count == 1 and "" or "s", g.message, g.first)
      elseif g.count == 1 then
        out[#out + 1] = string.format("%s: rule '%s': %s", g.first, g.rule, g.message)
      else
        out[#out + 1] = string.format("rule '%s' failed on %d documents: %s; first: %s", g.rule,
                                      g.count, g.message, g.first)
      end
    end
    return out
  end
  return F
end

-- An existing database another process is writing: say so and wait up to
-- BUSY_WAIT seconds for its lock, then go on with that busy timeout.
local BUSY_WAIT = 60
function M.is_busy (msg)
  msg = tostring(msg)
  return msg:find("database is locked", 1, true) or msg:find("database is busy", 1, true)
end
local function wait_unlocked (d, path, quiet, say)
  d:busy_timeout(0)
  local ok, err = pcall(d.exec, d, "BEGIN IMMEDIATE")
  if not ok and M.is_busy(err) then
    if not quiet then
      say(path .. " is being written by another process; waiting up to " .. BUSY_WAIT .. " s")
    end
    d:busy_timeout(BUSY_WAIT * 1000)
    ok, err = pcall(d.exec, d, "BEGIN IMMEDIATE")
  end
  d:busy_timeout(BUSY_WAIT * 1000)
  if not ok then
    if M.is_busy(err) then return nil, path .. " is still locked by another process after " .. BUSY_WAIT .. " s" end
    return nil, path .. ": " .. tostring(err):gsub("\n.*", "")
  end
  d:exec("ROLLBACK")
  return true
end


M.SHOWN_SKIPS = 20

function M.new (o, set, args, pool, hooks)
  local W = { summary = { docs = 0, skipped = 0, facts = 0, errors = 0, ignored = 0, bytes = 0,
                          unreadable = 0 },
              stats = {}, folder = M.error_folder(), stop_now = false, interrupted = false,
              waited = 0, takes = 0 }
  local summary, stats, folder = W.summary, W.stats, W.folder
  local order = {}
  for i, r in ipairs(set.list) do order[i] = r.name end
  local function progress (final) hooks.progress(summary, final) end
  local turned_off                         -- (below)

  -- The database: a new one is created once the first results are back
  -- (~8 ms the workers spend on the first batches meanwhile); an existing
  -- one opens now (W.open), to look up what it knows of each input.
  -- A new database is written under a temporary name (see assay.run).
  W.fresh = not host.stat(o.db)
  W.existed = not W.fresh
  W.dbfile = W.fresh and store.temp_name(o.db) or o.db
  if W.fresh then
    for _, f in ipairs(store.stale_temps(o.db)) do
      store.remove_files(f)
      hooks.say("removed " .. f .. ", the unfinished new database of a run that was killed")
    end
  end
  local d
  function W.open ()
    local okopen, db, derr = pcall(store.open, W.dbfile, { scratch = W.fresh })
    if not okopen then db, derr = nil, tostring(db):gsub("\n.*", "") end
    if not db then return nil, derr end
    local unlocked, lerr = wait_unlocked(db, o.db, o.quiet, hooks.say)
    if not unlocked then db:close(); return nil, lerr end
    -- WAL checkpoints (copying the log into the database, two fsyncs) run
    -- in a thread of their own, not in the middle of the writer's work
    db:checkpointer(1000)
    -- a page cache of 512 KiB, not SQLite's 2 MB: the run appends (its
    -- pages are written once), and a run over a big corpus fills whatever
    -- cache it has with pages it will not read again
    db:exec("PRAGMA cache_size=-512")
    d = db
    W.d, W.run_id = db, store.begin_run(db, set.hash, args)
    return d
  end
  function W.need_db ()
    if d then return end
    local ok, derr = W.open()
    if not ok then error({ dbopen = derr }, 0) end
  end
  -- what the database knows of a document (nil: nothing, or --force); a
  -- database without documents knows none of the inputs: no lookup per input
  function W.lookup (key)
    if o.force or W.fresh then return nil end
    return store.lookup(d, key)
  end

  -- one transaction per batch of documents
  local in_tx, batch_n, batch_t = false, 0, host.clock()
  -- a new database's pages go to disk as the run goes (d:writeback starts
  -- it and returns), not all in the fsync of store.seal at the end, while
  -- no other thread works (15-30 ms of a 0.3 s run)
  local scratch = W.dbfile ~= o.db
  function W.commit ()
    if in_tx then
      d:exec("COMMIT"); in_tx = false
      if scratch then d:writeback() end
    end
    batch_n = 0; batch_t = host.clock()
  end
  function W.rollback ()
    if in_tx then pcall(d.exec, d, "ROLLBACK"); in_tx = false end
  end
  local function begin ()
    if not in_tx then W.need_db(); store.begin(d); in_tx = true end
  end
  -- documents went in (either path): count them, commit every 1024 or 1 s
  -- (each commit rewrites the last, half-filled page of each table into the WAL)
  local function written (nfacts, bytes, ndocs)
    ndocs = ndocs or 1
    summary.docs = summary.docs + ndocs
    summary.facts = summary.facts + nfacts
    summary.bytes = summary.bytes + bytes
    batch_n = batch_n + ndocs
    if batch_n >= 1024 or host.clock() - batch_t > 1 then W.commit() end
    progress(false)
    if host.interrupted() then W.interrupted = true; W.stop_now = true end
  end
  -- A rule turned off (assay.engine's give_up) was not run on doc: said
  -- at once, the first time; counted (W.off, by rule: the exit status);
  -- the document is stored without the rule set's hash, so that the next
  -- run redoes it even when the rules did not change.
  W.off = {}
  turned_off = function (doc, e)
    doc.rules_hash = ""
    local n = W.off[e.rule]
    W.off[e.rule] = (n or 0) + 1
    if n then return end
    local at, after = e.message:match("^([^\n]-:%d+): not run: the rule was turned off (after [^\n]*)$")
    hooks.say(at and string.format("rule '%s' (%s) turned off from %s on, %s; the documents it is not "
                                   .. "run on are recorded in the errors table and redone by the next run",
                                   e.rule, at, doc.key, after)
                 or string.format("rule '%s' turned off from %s on: %s", e.rule, doc.key, e.message))
  end
  -- a result the C path of the writer (store.put) did not take: errors,
  -- stats, or a key the database has
  local function write (doc, blob, nfacts, errors, wstats, row)
    begin()
    doc.rules_hash = set.hash
    for _, e in ipairs(errors) do
      folder.note(doc.key, e.rule, e.message, e.reason)
      if e.reason == "off" then turned_off(doc, e) end
    end
    store.write_doc(d, W.run_id, doc, blob, nfacts, errors, row)
    add_stats(stats, wstats, order)
    summary.errors = summary.errors + #errors
    if o.strict and #errors > 0 then W.stop_now = true end
    written(nfacts, doc.bytes)
  end

  -- an input not read
  -- the first M.SHOWN_SKIPS inputs not read are named as they come; the
  -- rest are counted by reason (W.more_skips) for one line at the end
  W.more_skips = {}
  function W.skip (path, reason)
    summary.ignored = summary.ignored + 1
    if summary.ignored <= M.SHOWN_SKIPS then return hooks.say("skipped " .. path .. ": " .. reason) end
    local why = reason:gsub(" %(.*$", "")               -- binary file (ELF executable): binary file
    W.more_skips[why] = (W.more_skips[why] or 0) + 1
  end
  -- an unchanged document the database has
  function W.unchanged ()
    summary.skipped = summary.skipped + 1
    progress(false)
  end

  -- batches submitted and not yet written: -j 1 writes each as it is done
  local inflight = o.jobs > 1 and o.jobs * M.DEPTH or 1
  local collect, uncollected = o.jobs > 1, 0
  local fifo, head, tail = {}, 1, 0        -- jobs submitted, awaiting results
  -- one document's result, res:sub(pos, stop) (assay.wire's): ok false
  -- when the worker raised (res is then the message); declined:
  -- store.put_batch already found it is not for the C path
  local function handle (rec, ok, res, pos, stop, declined)
    pos, stop = pos or 1, stop or #res
    local tag = res:sub(pos, pos)
    if ok and tag == "X" then ok, res, pos, stop = false, res:sub(pos + 1, stop), 1, stop - pos end
    if not ok then
      local doc = rec.doc or { key = rec.key or rec.path, path = rec.path, name = reader.basename(rec.path),
                               bytes = 0, hash = "" }
      doc.text = ""
      write(doc, "", 0, { { rule = "(worker)", message = res:sub(pos, stop) } }, {},
            wire.row(nil, doc.meta, o.no_text))
      return
    end
    if tag == "S" then
      W.unchanged()
    elseif tag == "E" then
      W.skip(rec.path, res:sub(pos + 1, stop))
    else
      if not declined then
        -- most results (no errors) go into the database from C
        begin()
        local n, bytes = store.put(d, res, pos, stop, set.hash)
        if n then return written(n, bytes) end
      end
      write(wire.unpack_result(res, pos, stop))
    end
  end
  function W.drain (all)
    while pool:pending() > 0 do
      if not all and pool:pending() < inflight then return end
      if host.interrupted() then W.interrupted = true; W.stop_now = true; return end
      local t = W.mark and host.clock()     -- (assay.run's trace: how long the writer waits)
      local ok, res, rlen = pool:take()   -- rlen: res is a box (-j 1's batches, see assay.wire)
      if t then
        W.waited = W.waited + (host.clock() - t); W.takes = W.takes + 1
        if W.takes == 1 then W.mark("first result") end
      end
      -- -j 1 runs the job in take: an interrupt while it ran leaves its
      -- result unwritten, as when it ran at submit, before the check above
      if pool.runs_in_take and host.interrupted() then W.interrupted = true; W.stop_now = true; return end
      local rec = fifo[head]; fifo[head] = nil; head = head + 1
      if rec.batch and not ok then
        for i, r in ipairs(rec.batch) do
          if W.stop_now then return end
          handle({ path = r, key = rec.keys[i] }, false, res)
        end
      elseif rec.batch then
        -- runs of results without errors go in from C
        -- (store.put_batch); the others one by one
        local _, pos = wire.first(res, rlen)
        local i, n = 1, #rec.batch
        while i <= n and not W.stop_now do
          begin()
          local docs, facts, bytes
          i, pos, docs, facts, bytes = store.put_batch(d, res, i, pos, set.hash, rlen)
          if docs > 0 then written(facts, bytes, docs) end
          if i <= n then
            local from, to
            from, to, pos = wire.next(res, pos, rlen)
            local one = wire.sub(res, from, to, rlen)
            handle({ path = rec.batch[i], key = rec.keys[i] }, true, one, 1, #one, true)
            i = i + 1
          end
        end
        if W.stop_now then return end
        add_stats(stats, (wire.unpack_stats(res, pos, rlen)), order)
      else
        handle(rec, ok, res)
      end
      if W.stop_now then return end
      -- with workers this state only writes: what it holds between
      -- batches is small, its garbage is mostly the results written
      -- (~1 MB a batch); collected once COLLECT bytes of them wait (each
      -- batch that stores its texts), not when 2x the heap has piled up
      -- (nor after each result: a JSONL file's records come one a job)
      if collect then
        uncollected = uncollected + (rlen or #res)
        if uncollected >= M.COLLECT then uncollected = 0; res = nil; collectgarbage() end
      end
    end
  end
  function W.submit (job, rec)
    while not pool:submit(job) do W.drain(false) end
    tail = tail + 1
    fifo[tail] = rec
    if pool:pending() >= inflight then W.drain(false) end
  end
  return W
end

return M
