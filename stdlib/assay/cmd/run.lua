-- assay run: apply rules to documents and store documents and facts in SQLite.
local rules = require "assay.rules"
local store = require "assay.store"
local reader = require "assay.reader"
local worker = require "assay.worker"
local host = require "assay.host"
local json = require "assay.json"

local sunpack = string.unpack
local DEPTH = 8                              -- batches in flight per worker

local M = {}

M.help = [[
usage: assay run [OPTIONS] RULES... -- INPUT...

Applies the rules (files, or directories of rule files) to every input
document and stores each document and its facts in an SQLite database.
Inputs: files, directories (recursive, sorted by name), globs, '-' (stdin).
Re-running is incremental: documents whose content and rules did not
change are skipped; a changed document is redone alone; changed rules redo
everything.  A document commits together with its facts: an interrupted
run leaves no half-written document, and a re-run completes the work.

options:
  --db FILE           database to write (default: facts.db)
  -j, --jobs N        worker threads (default: number of CPUs); -j 1 runs
                      everything in one thread
  --strict            stop at the first rule error, exit status 1
  --profile           print a per-rule time table at the end
  --force             process every document even when unchanged
  --allow-io          let rules use io, os.execute and io.popen
  --no-meta           leave out the built-in metadata and article rules
                      (title, date, source, authors, articles)
  --no-text           do not store the documents' texts (docs.text is empty;
                      assay show re-reads the file): for corpora too big to
                      keep twice
  --instructions N    per rule and document instruction budget (default 200000000)
  --memory MB         per rule and document memory budget in MiB (default 512)
  --match-limit N     PCRE2 match limit for rule patterns
  --encoding ENC      input encoding (default: auto; e.g. GB18030, Big5, UTF-16LE)
  --text-field NAME   JSONL/CSV field holding the text (default: text)
  --id-field NAME     JSONL/CSV field naming the record (default: id; else the line)
  --simplify          rules match every text converted to simplified characters
                      (OpenCC t2s); facts still point into the original.  By
                      default only texts in traditional or mixed script are
  --no-simplify       converted; with --no-simplify none is
  -q, --quiet         no summary on stderr
  -h, --help          this text

exit status: 0 success (rule errors are recorded in the errors table and
counted in the summary), 1 rule errors with --strict or a failure to read
rules or open the database, 2 usage error.]]

local function usage_error (msg)
  io.stderr:write("assay run: ", msg, "\n")
  return 2
end

local function parse (args)
  local o = { db = "facts.db", jobs = host.cpus(), rules = {}, inputs = {},
              instructions = 200000000, memory = 512 }
  local i, seen_sep = 1, false
  local function value (name)
    i = i + 1
    local v = args[i]
    if v == nil then error({ usage = "option " .. name .. " needs a value" }) end
    return v
  end
  local function number (name)
    local v = value(name)
    local n = math.tointeger(tonumber(v))
    if not n or n < 1 then error({ usage = "option " .. name .. " needs a positive integer, got '" .. v .. "'" }) end
    return n
  end
  while i <= #args do
    local a = args[i]
    if seen_sep then o.inputs[#o.inputs + 1] = a
    elseif a == "--" then seen_sep = true
    elseif a == "--db" then o.db = value(a)
    elseif a:match("^%-%-db=") then o.db = a:sub(6)
    elseif a == "-j" or a == "--jobs" then o.jobs = number(a)
    elseif a:match("^%-j%d+$") then o.jobs = math.tointeger(tonumber(a:sub(3)))
    elseif a == "--strict" then o.strict = true
    elseif a == "--profile" then o.profile = true
    elseif a == "--force" then o.force = true
    elseif a == "--allow-io" then o.allow_io = true
    elseif a == "--no-text" then o.no_text = true
    elseif a == "--no-meta" then o.no_meta = true
    elseif a == "--instructions" then o.instructions = number(a)
    elseif a == "--memory" then o.memory = number(a)
    elseif a == "--match-limit" then o.match_limit = number(a)
    elseif a == "-q" or a == "--quiet" then o.quiet = true
    elseif a == "--encoding" then o.encoding = value(a)
    elseif a == "--text-field" then o.text_field = value(a)
    elseif a == "--id-field" then o.id_field = value(a)
    elseif a == "--simplify" then o.simplify = true
    elseif a == "--no-simplify" then o.simplify = false
    elseif a:sub(1, 1) == "-" and a ~= "-" then error({ usage = "unknown option '" .. a .. "'" })
    else o.rules[#o.rules + 1] = a end
    i = i + 1
  end
  if #o.rules == 0 then error({ usage = "no rules given (assay run RULES... -- INPUT...)" }) end
  if not seen_sep then error({ usage = "missing '--' between the rules and the inputs" }) end
  if #o.inputs == 0 then error({ usage = "no inputs given after '--'" }) end
  if o.jobs < 1 then o.jobs = 1 end
  if o.encoding then
    local okenc = pcall(require("assay.read").decode, "\xB0\xA1", o.encoding)
    if not okenc then error({ usage = "unknown encoding '" .. o.encoding .. "'" }) end
  end
  return o
end

local function fmt_bytes (n)
  if n >= 1048576 then return string.format("%.1f MB", n / 1048576) end
  if n >= 1024 then return string.format("%.1f KB", n / 1024) end
  return n .. " B"
end

local function profile_table (stats, total)
  local names = {}
  for n in pairs(stats) do names[#names + 1] = n end
  table.sort(names, function (a, b) return stats[a].seconds > stats[b].seconds end)
  local lines = { string.format("%-24s %8s %9s %9s %10s %10s %6s", "rule", "docs", "matches",
                               "facts", "total s", "mean ms", "share") }
  for _, n in ipairs(names) do
    local s = stats[n]
    lines[#lines + 1] = string.format("%-24s %8d %9d %9d %10.3f %10.3f %5.1f%%", n, s.docs,
      s.matches, s.facts, s.seconds, s.docs > 0 and s.seconds / s.docs * 1000 or 0,
      total > 0 and s.seconds / total * 100 or 0)
  end
  return table.concat(lines, "\n")
end

-- from: stats by rule name (an inline run), or 5 numbers per rule in the
-- rule set's order (from a worker: see worker.pack_result).
local function add_stats (into, from, order)
  if from.flat then
    if from[1] == nil then return end          -- counted with its batch
    for i, name in ipairs(order) do
      local k = 5 * (i - 1)
      local t = into[name]
      if not t then t = { docs = 0, matches = 0, facts = 0, seconds = 0, errors = 0 }; into[name] = t end
      if from[k + 1] then
        t.docs = t.docs + from[k + 1]; t.matches = t.matches + from[k + 2]
        t.facts = t.facts + from[k + 3]; t.seconds = t.seconds + from[k + 4]
        t.errors = t.errors + from[k + 5]
      end
    end
    return
  end
  for name, s in pairs(from) do
    local t = into[name]
    if not t then t = { docs = 0, matches = 0, facts = 0, seconds = 0, errors = 0 }; into[name] = t end
    t.docs = t.docs + s.docs; t.matches = t.matches + s.matches
    t.facts = t.facts + s.facts; t.seconds = t.seconds + s.seconds; t.errors = t.errors + s.errors
  end
end

function M.main (...)
  local args = { ... }
  local okp, o = pcall(parse, args)
  if not okp then
    if type(o) == "table" and o.usage then return usage_error(o.usage) end
    error(o, 0)
  end
  if o.match_limit then require("assay.re").limits(o.match_limit) end
  local ropts = { encoding = o.encoding, text_field = o.text_field, id_field = o.id_field,
                  simplify = o.simplify }
  local wopts = { ropts = ropts, rules = o.rules, allow_io = o.allow_io, meta = not o.no_meta,
                  no_text = o.no_text,
                  limits = { instructions = o.instructions, memory = o.memory * 1048576 },
                  match_limit = o.match_limit }
  local okr, set = pcall(rules.load, o.rules, { allow_io = o.allow_io, meta = not o.no_meta })
  if not okr then
    io.stderr:write("assay run: ", tostring(set), "\n")
    return 1
  end
  local order = {}
  for i, r in ipairs(set.list) do order[i] = r.name end
  -- The workers start first: they load the rules while the database opens.
  -- -j 1: the same jobs and results, run in this thread as they are submitted.
  -- The writer (this thread) is the serial stage: the workers run at a
  -- lower priority (nice 4), so that on a machine with as many cores as
  -- workers the scheduler does not give it a third of a core while it holds
  -- them all up; 8 batches in flight per worker keep them busy meanwhile.
  local pool
  if o.jobs > 1 then
    pool = require("assay.pool").new{ workers = o.jobs, module = "assay.worker",
                                      arg = json.encode(wopts), depth = DEPTH, nice = 4,
                                      wait = false }   -- they start while we go on
  else
    pool = worker.inline_pool(json.encode(wopts))
  end
  -- The database: a new one is created once the first results are back
  -- (~8 ms the workers spend on the first batches meanwhile); an existing
  -- one opens now, to look up what it knows of each input.
  local d, run_id
  local function opendb ()
    local db, derr = store.open(o.db)
    if not db then return nil, derr end
    -- WAL checkpoints (copying the log into the database, two fsyncs) run
    -- in a thread of their own, not in the middle of the writer's work
    db:checkpointer(1000)
    d, run_id = db, store.begin_run(db, set.hash, args)
    return d
  end
  local function need_db ()
    if d then return end
    local ok, derr = opendb()
    if not ok then error({ dbopen = derr }, 0) end
  end
  local function cannot_open (derr)
    pool:close()
    io.stderr:write("assay run: cannot open database ", derr, "\n")
    return 1
  end
  -- a database without documents knows none of the inputs: no lookup per
  -- input (a file named twice in such a run is processed twice; the
  -- second write replaces the first)
  local fresh = not host.stat(o.db)
  if not fresh then
    local ok, derr = opendb()
    if not ok then return cannot_open(derr) end
    fresh = d:val("SELECT count(*) FROM (SELECT 1 FROM docs LIMIT 1)") == 0
  end
  local function lookup (key)
    if o.force or fresh then return nil end
    return store.lookup(d, key)
  end
  local t0 = host.clock()
  local summary = { docs = 0, skipped = 0, facts = 0, errors = 0, ignored = 0, bytes = 0 }
  local stats = {}
  local tty = host.isatty(2) and os.getenv("TERM") ~= "dumb" and not o.quiet
  local last_progress = 0

  local function progress (final)
    if not tty then return end
    local now = host.clock()
    if not final and now - last_progress < 0.25 then return end
    last_progress = now
    local el = now - t0
    io.stderr:write(string.format("\r\27[K%d documents, %d skipped, %d facts, %.1f MB/s",
      summary.docs, summary.skipped, summary.facts, el > 0 and summary.bytes / 1048576 / el or 0))
    if final then io.stderr:write("\r\27[K") end
  end

  -- the writer: one transaction per batch of documents
  local in_tx, batch_n, batch_t = false, 0, host.clock()
  local function commit ()
    if in_tx then d:exec("COMMIT"); in_tx = false end
    batch_n = 0; batch_t = host.clock()
  end
  local function begin ()
    if not in_tx then need_db(); store.begin(d); in_tx = true end
  end
  local stop_now = false
  -- documents went in (either path): count them, commit every 1024 or 1 s
  -- (each commit rewrites the last, half-filled page of each table into the WAL)
  local function written (nfacts, bytes, ndocs)
    ndocs = ndocs or 1
    summary.docs = summary.docs + ndocs
    summary.facts = summary.facts + nfacts
    summary.bytes = summary.bytes + bytes
    batch_n = batch_n + ndocs
    if batch_n >= 1024 or host.clock() - batch_t > 1 then commit() end
    progress(false)
  end
  local function write (doc, blob, nfacts, errors, wstats, meta)
    begin()
    for k, v in pairs(doc.meta or {}) do if meta[k] == nil then meta[k] = v end end
    doc.rules_hash = set.hash
    for _, e in ipairs(errors) do
      if not o.quiet then
        io.stderr:write(string.format("assay run: %s: rule '%s': %s\n", doc.key, e.rule,
          (e.message:gsub("\n.*", ""))))
      end
    end
    if o.no_text then meta.text_stored = false end
    store.write_doc(d, run_id, doc, blob, nfacts, errors, meta, o.no_text and "" or nil)
    add_stats(stats, wstats, order)
    summary.errors = summary.errors + #errors
    if o.strict and #errors > 0 then stop_now = true end
    written(nfacts, doc.bytes)
  end

  -- the meta column of a document without metadata (write's and
  -- write_doc's result for it, which store.put must equal)
  local fast_meta = o.no_text and '{"text_stored":false}' or nil
  -- batches submitted and not yet written: -j 1 writes each as it is done
  local inflight = o.jobs > 1 and o.jobs * DEPTH or 1
  local fifo, head, tail = {}, 1, 0        -- jobs submitted, awaiting results
  local on_skip
  -- one document's result, res:sub(pos, stop): ok false when the worker
  -- raised (res is then the message); declined: store.put_batch already
  -- found it is not for the C path
  local function handle (rec, ok, res, pos, stop, declined)
    if type(rec) == "string" then rec = { path = rec } end    -- a file job: its path
    pos, stop = pos or 1, stop or #res
    local tag = res:sub(pos, pos)
    if ok and tag == "X" then ok, res, pos, stop = false, res:sub(pos + 1, stop), 1, stop - pos end
    if not ok then
      local doc = rec.doc or { key = rec.path, path = rec.path, name = reader.basename(rec.path),
                               text = "", bytes = 0, hash = "", meta = {} }
      write(doc, "", 0, { { rule = "(worker)", message = res:sub(pos, stop) } }, {}, {})
      return
    end
    if tag == "S" then
      summary.skipped = summary.skipped + 1
      progress(false)
    elseif tag == "E" then
      on_skip(rec.path, res:sub(pos + 1, stop))
    else
      if not rec.doc and not declined then
        -- most results (no errors, no metadata) go into the database from C
        begin()
        local n, bytes = store.put(d, res, pos, stop, set.hash, fast_meta)
        if n then return written(n, bytes) end
      end
      local doc, p = worker.unpack_doc(res, pos + 1)
      if rec.doc then doc.meta = rec.doc.meta end    -- what the reader found
      write(doc, worker.unpack_result(res, p, stop))
    end
  end
  local function drain (all)
    while pool:pending() > 0 do
      if not all and pool:pending() < inflight then return end
      local ok, res = pool:take()
      local rec = fifo[head]; fifo[head] = nil; head = head + 1
      if rec.batch and not ok then
        for _, r in ipairs(rec.batch) do
          if stop_now then return end
          handle(r, false, res)
        end
      elseif rec.batch then
        -- runs of results without errors or metadata go in from C
        -- (store.put_batch); the others one by one
        local i, pos, n = 1, 6, #rec.batch
        while i <= n and not stop_now do
          begin()
          local docs, facts, bytes
          i, pos, docs, facts, bytes = store.put_batch(d, res, i, pos, set.hash, fast_meta)
          if docs > 0 then written(facts, bytes, docs) end
          if i <= n then
            local len = sunpack("<I4", res, pos)
            handle(rec.batch[i], true, res, pos + 4, pos + 3 + len, true)
            i, pos = i + 1, pos + 4 + len
          end
        end
        if stop_now then return end
        add_stats(stats, (worker.unpack_stats(res, pos)), order)
      else
        handle(rec, ok, res)
      end
      if stop_now then return end
    end
  end
  local function submit (job, rec)
    while not pool:submit(job) do drain(false) end
    tail = tail + 1
    fifo[tail] = rec
    if pool:pending() >= inflight then drain(false) end
  end
  -- files to read go to the workers several at a time (see worker.batch_job):
  -- about 512 KiB of input per batch at the mean document size seen so far
  -- (at most 64 files, 8 before anything is known), so that small files
  -- pay few thread hand-offs and big ones do not pile up in memory
  local function batch_size ()
    if summary.docs < 16 then return 8 end
    local mean = summary.bytes / summary.docs
    return math.max(1, math.min(64, 524288 // math.max(mean, 1)))
  end
  -- the batch being filled: its jobs (framed, see worker.file_entry), their
  -- paths, and how many files it takes
  local batch_jobs, batch_recs, batch_n, batch_max = {}, {}, 0, 8
  local function flush ()
    if batch_n == 0 then return end
    local jobs, recs = batch_jobs, batch_recs
    batch_jobs, batch_recs, batch_n, batch_max = {}, {}, 0, batch_size()
    submit(worker.batch_of(jobs, #recs), { batch = recs })
  end

  on_skip = function (path, reason)
    summary.ignored = summary.ignored + 1
    io.stderr:write("assay run: skipped ", path, ": ", reason, "\n")
  end
  local function on_doc (doc)
    if stop_now then return end
    local known = lookup(doc.key)
    if known and known.hash == doc.hash and known.rules_hash == set.hash then
      summary.skipped = summary.skipped + 1
      progress(false)
    else
      local job = worker.doc_job(doc)
      doc.meta._normalize = nil           -- a request to the worker, not metadata
      doc.text = nil                      -- the result brings it back
      flush()                             -- results come back in submission order
      submit(job, { doc = doc, path = doc.path })
    end
  end
  local SINGLE = { txt = true, html = true }
  local function on_file (path)
    if stop_now then return end
    if path ~= "-" and SINGLE[reader.format(path)] then
      -- one document per file: the worker reads it (and skips it when unchanged)
      local known = lookup(path)
      batch_n = batch_n + 1
      batch_jobs[batch_n] = worker.file_entry(path, known and known.hash, known and known.rules_hash)
      batch_recs[batch_n] = path
      if batch_n >= batch_max then flush() end
      return
    end
    local n, err = reader.each(path, ropts, on_doc, on_skip)
    if not n then return on_skip(path, err) end
  end

  local okw, werr = pcall(function ()
    reader.walk(o.inputs, on_file, on_skip)
    if not stop_now then flush(); drain(true) end
    need_db()                              -- a run with no document is recorded too
  end)
  pool:close()
  if not okw then
    -- a failure may come in the middle of a document's rows: the open
    -- transaction goes (a re-run redoes its documents), nothing half-written stays
    if in_tx then pcall(d.exec, d, "ROLLBACK"); in_tx = false end
    if type(werr) == "table" and werr.dbopen then return cannot_open(werr.dbopen) end
    io.stderr:write("assay run: ", tostring(werr), "\n")
    return 1
  end
  commit()
  progress(true)
  local elapsed = host.clock() - t0
  store.finish_run(d, run_id, summary, stats)
  d:close()
  if not o.quiet then
    io.stderr:write(string.format(
      "assay run: %d documents processed, %d unchanged skipped, %d inputs not read, %d facts, %d rule errors; %s in %.2f s -> %s\n",
      summary.docs, summary.skipped, summary.ignored, summary.facts, summary.errors,
      fmt_bytes(summary.bytes), elapsed, o.db))
  end
  if o.profile then
    local total = 0
    for _, s in pairs(stats) do total = total + s.seconds end
    io.stdout:write(profile_table(stats, total), "\n")
  end
  if stop_now then
    io.stderr:write("assay run: stopped at the first rule error (--strict)\n")
    return 1
  end
  return 0
end

return M
