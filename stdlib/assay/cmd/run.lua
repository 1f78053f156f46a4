-- assay run: apply rules to documents and store documents and facts in SQLite.
local rules = require "assay.rules"
local store = require "assay.run.store"
local reader = require "assay.reader"
local worker = require "assay.run.worker"
local wire = require "assay.wire"
local host = require "assay.host"
local json = require "assay.json"
local inputs = require "assay.inputs"

local DEPTH = 8                              -- batches in flight per worker

local M = {}

M.help = [[
usage: assay run [OPTIONS] RULES... -- INPUT...
       assay run [OPTIONS] RULES... --files-from FILE

Applies the rules (files, or directories of rule files) to every input
document and stores each document and its facts in an SQLite database.
Inputs: files, directories (recursive, sorted by name), globs, '-' (stdin).
A document's key (docs.key) is its path relative to the corpus root
(--root; default: the input directory it was found under, or the
directory of a file given by itself), so the same file has one key however
its path is spelled; a JSONL/CSV record's key is its id.  A new database
is written to a temporary file and renamed when the run succeeds: it is
complete or absent.
Re-running is incremental: documents whose content and rules did not
change are skipped; a changed document is redone alone; changed rules redo
everything.  A document commits together with its facts: an interrupted
run leaves no half-written document, and a re-run completes the work.

options:
  --db FILE           database to write (default: facts.db)
  --root DIR          corpus root: document keys are paths relative to it
                      (every input must be under it)
  --files-from FILE   read the inputs from FILE, one path per line ('-':
                      stdin), besides those after '--'
  --shard K/N         process only the documents of shard K of N (0 <= K < N,
                      by a hash of the key: stable as the corpus grows); merge
                      the shard databases with assay merge
  --prune             remove documents no longer among the inputs (of this
                      shard) from the database
  -j, --jobs N        worker threads (default: number of CPUs); -j 1 runs
                      everything in one thread
  --strict            stop at the first rule error, exit status 1
  --profile           print a per-rule time table at the end (skipped: segments
                      the literal prefilter spared the rule's pattern)
  --no-prefilter      run every pattern in every segment (see docs/rules.md)
  --force             process every document even when unchanged
  --allow-io          let rules use io, os.execute and io.popen
  --no-meta           leave out the built-in metadata and article rules
                      (title, date, source, authors, articles)
  --no-text           do not store the documents' texts (docs.text is empty;
                      assay show re-reads the file): for corpora too big to
                      keep twice
  --instructions N    per rule and document instruction budget (default 200000000)
  --memory MB         per rule and document memory budget in MiB (default 512)
  --seconds S         per rule and document time budget (default 60)
  --match-limit N     PCRE2 match limit for rule patterns
  --encoding ENC      input encoding (default: auto; e.g. GB18030, Big5, UTF-16LE)
  --text-field NAME   JSONL/CSV field holding the text (default: text)
  --id-field NAME     JSONL/CSV field naming the record (default: id; else the line)
  --simplify          rules match every text converted to simplified characters
                      (OpenCC t2s); facts still point into the original.  By
                      default only texts in traditional or mixed script are
                      converted
  --no-simplify       convert no text, not even one in traditional script
  --json              the summary (and folded rule errors) as JSON Lines on
                      stdout (see docs/rules.md)
  -q, --quiet         no summary on stderr
  -h, --help          this text

On a terminal, stderr shows progress: documents done / total, MB/s and an
ETA.  Identical rule errors are folded into one line per rule and message
(rule x failed on N documents: MESSAGE; first: FILE).  Ctrl-C stops the
run: what was written is committed (a re-run continues from there); a
second Ctrl-C kills at once.  A database another run is writing is waited
for (up to 60 s, with a message).

exit status: 0 success (rule errors are recorded in the errors table and
counted in the summary); 1 no document was processed (nothing is created),
a rule failed on every document, rule errors with --strict, or a failure
to read rules or open the database; 2 usage error, or an input that cannot
be read (a missing path, a glob without a match); 130 interrupted.  See
docs/scale.md for runs over many machines.]]

local function usage_error (msg)
  io.stderr:write("assay run: ", msg, "\n")
  return 2
end

-- {====== inputs: keys, shards, prune ======

-- The inputs of --files-from, the corpus root and the shard: usage errors
-- raise {usage =}.
local function resolve_inputs (o)
  if o.files_from then
    local list, err = inputs.files_from(o.files_from)
    if not list then error({ usage = err }) end
    table.move(list, 1, #list, #o.inputs + 1, o.inputs)
  end
  if o.shard then
    local k, n = inputs.parse_shard(o.shard)
    if not k then error({ usage = n }) end
    o.shard_k, o.shard_n = k, n
  end
  if o.root then
    local st = host.stat(o.root)
    if not st or st.type ~= "dir" then error({ usage = "--root " .. o.root .. ": not a directory" }) end
  end
  local keyer, err = inputs.keyer(o.root)
  if not keyer then error({ usage = err }) end
  for _, p in ipairs(o.inputs) do
    local ok, why = keyer:check(p)
    if not ok then error({ usage = "input " .. p .. " is " .. why }) end
  end
  o.keyer = keyer
end

-- The keys of a run: each document's key, once.  claim(key, from) -> true
-- (new), false (the same input again: leave it), or nil, message (another
-- input with the same key: two directories given without a --root above
-- them).  from: the path (and line) it was read from.  mine(key): in this
-- run's shard.  The keys seen let --prune find the documents no longer
-- among the inputs.
local function key_claims (o)
  local seen, c = {}, {}
  c.seen = seen
  function c.claim (key, from)
    local had = seen[key]
    if had == nil then seen[key] = from; return true end
    if had == from or inputs.normalize(had) == inputs.normalize(from) then return false end
    return nil, "same key '" .. key .. "' as " .. had .. " (give --root, a directory above both)"
  end
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
    if claims.seen[r.key] == nil and claims.mine(r.key) then ids[#ids + 1] = r.id; keys[#keys + 1] = r.key end
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
  local new, total = d:tx(function () return store.mark_dups(d) end)
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
    return require("assay.cmd").integer(value(name), 1, "option " .. name .. " needs a positive integer")
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
    elseif a == "--no-prefilter" then o.no_prefilter = true
    elseif a == "--instructions" then o.instructions = number(a)
    elseif a == "--memory" then o.memory = number(a)
    elseif a == "--seconds" then
      local v = value(a)
      o.seconds = tonumber(v)
      if not o.seconds or o.seconds <= 0 then
        error({ usage = "option --seconds needs a positive number, got '" .. v .. "'" })
      end
    elseif a == "--match-limit" then o.match_limit = number(a)
    elseif a == "-q" or a == "--quiet" then o.quiet = true
    elseif a == "--json" then o.json = true
    elseif a == "--encoding" then o.encoding = value(a)
    elseif a == "--text-field" then o.text_field = value(a)
    elseif a == "--id-field" then o.id_field = value(a)
    elseif a == "--simplify" then o.simplify = true
    elseif a == "--root" then o.root = value(a)
    elseif a == "--files-from" then o.files_from = value(a)
    elseif a == "--shard" then o.shard = value(a)
    elseif a == "--prune" then o.prune = true
    elseif a == "--no-simplify" then o.simplify = false
    elseif a:sub(1, 1) == "-" and a ~= "-" then error({ usage = "unknown option '" .. a .. "'" })
    else o.rules[#o.rules + 1] = a end
    i = i + 1
  end
  if #o.rules == 0 then error({ usage = "no rules given (assay run RULES... -- INPUT...)" }) end
  if not seen_sep and not o.files_from then
    error({ usage = "missing '--' between the rules and the inputs" })
  end
  if #o.inputs == 0 and not o.files_from then error({ usage = "no inputs given after '--'" }) end
  resolve_inputs(o)
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
  local lines = { string.format("%-24s %8s %9s %9s %10s %10s %6s %10s", "rule", "docs", "matches",
                               "facts", "total s", "mean ms", "share", "skipped") }
  for _, n in ipairs(names) do
    local s = stats[n]
    lines[#lines + 1] = string.format("%-24s %8d %9d %9d %10.3f %10.3f %5.1f%% %10d", n, s.docs,
      s.matches, s.facts, s.seconds, s.docs > 0 and s.seconds / s.docs * 1000 or 0,
      total > 0 and s.seconds / total * 100 or 0, s.skipped or 0)
  end
  return table.concat(lines, "\n")
end

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

-- {====== errors, exit status, progress (small pieces of M.main) ======

-- Rule errors folded by rule and message: note(key, rule, message) as they
-- come, then lines() once at the end.
local function error_folder ()
  local groups, order = {}, {}
  local F = {}
  function F.note (key, rule, message)
    message = message:gsub("\n.*", "")
    local id = rule .. "\0" .. message
    local g = groups[id]
    if not g then
      g = { rule = rule, message = message, count = 0, first = key }
      groups[id] = g; order[#order + 1] = g
    end
    g.count = g.count + 1
  end
  function F.groups () return order end
  function F.lines ()
    local out = {}
    for _, g in ipairs(order) do
      if g.count == 1 then
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
local function exit_status (summary, stats, strict_stop, shard)
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
    why[#why + 1] = "rule '" .. name .. "' failed on every document (" .. stats[name].docs .. ")"
  end
  if strict_stop then why[#why + 1] = "stopped at the first rule error (--strict)" end
  return #why > 0 and 1 or 0, why
end

-- Files and bytes the inputs name (for the progress line's total), or nil
-- when a file holds many documents (JSONL, CSV) and the count is unknown.
local SINGLE_DOC = { txt = true, html = true }
local function count_inputs (inputs)
  local files, bytes = 0, 0
  for _, p in ipairs(inputs) do if p == "-" then return nil end end
  local many = false
  reader.walk(inputs, function (path)
    files = files + 1
    local st = host.stat(path)
    bytes = bytes + (st and st.size or 0)
    if not SINGLE_DOC[reader.format(path)] then many = true end
  end, function () end)
  if many then return nil end
  return files, bytes
end

local function clock_str (s)
  s = math.max(0, math.floor(s + 0.5))
  if s >= 3600 then return string.format("%d:%02d:%02d", s // 3600, s // 60 % 60, s % 60) end
  return string.format("%d:%02d", s // 60, s % 60)
end

-- The progress line: done / total documents, facts, MB/s, ETA.
local function progress_line (summary, total, elapsed)
  local done = summary.docs + summary.skipped + summary.ignored
  local rate = elapsed > 0 and summary.bytes / 1048576 / elapsed or 0
  local s
  if total and total > 0 then
    s = string.format("%d/%d documents, %d facts, %.1f MB/s", done, total, summary.facts, rate)
    if done > 0 and elapsed > 0.5 then
      s = s .. ", ETA " .. clock_str(elapsed / done * math.max(0, total - done))
    end
  else
    s = string.format("%d documents, %d skipped, %d facts, %.1f MB/s", summary.docs, summary.skipped,
                      summary.facts, rate)
  end
  return s
end
M.progress_line = progress_line

-- An existing database another process is writing: say so and wait up to
-- BUSY_WAIT seconds for its lock, then go on with that busy timeout.
local BUSY_WAIT = 60
local function is_busy (msg)
  msg = tostring(msg)
  return msg:find("database is locked", 1, true) or msg:find("database is busy", 1, true)
end
local function wait_unlocked (d, path, quiet)
  d:busy_timeout(0)
  local ok, err = pcall(d.exec, d, "BEGIN IMMEDIATE")
  if not ok and is_busy(err) then
    if not quiet then
      io.stderr:write("assay run: ", path, " is being written by another process; waiting up to ",
                      BUSY_WAIT, " s\n")
    end
    d:busy_timeout(BUSY_WAIT * 1000)
    ok, err = pcall(d.exec, d, "BEGIN IMMEDIATE")
  end
  d:busy_timeout(BUSY_WAIT * 1000)
  if not ok then
    if is_busy(err) then return nil, path .. " is still locked by another process after " .. BUSY_WAIT .. " s" end
    return nil, path .. ": " .. tostring(err):gsub("\n.*", "")
  end
  d:exec("ROLLBACK")
  return true
end

-- }======

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
                  prefilter = not o.no_prefilter,
                  no_text = o.no_text,
                  limits = { instructions = o.instructions, memory = o.memory * 1048576,
                             seconds = o.seconds },
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
    pool = require("assay.pool").new{ workers = o.jobs, module = "assay.run.worker",
                                      arg = json.encode(wopts), depth = DEPTH, nice = 4,
                                      wait = false }   -- they start while we go on
  else
    pool = worker.inline_pool(json.encode(wopts))
  end
  -- The database: a new one is created once the first results are back
  -- (~8 ms the workers spend on the first batches meanwhile); an existing
  -- one opens now, to look up what it knows of each input.
  local d, run_id
  -- a new database is written under a temporary name (see finish)
  local fresh = not host.stat(o.db)
  local dbfile = fresh and store.temp_name(o.db) or o.db
  local function opendb ()
    local okopen, db, derr = pcall(store.open, dbfile)
    if not okopen then db, derr = nil, tostring(db):gsub("\n.*", "") end
    if not db then return nil, derr end
    local unlocked, lerr = wait_unlocked(db, o.db, o.quiet)
    if not unlocked then db:close(); return nil, lerr end
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
    if d then d:close() end
    if dbfile ~= o.db then store.remove_files(dbfile) end
    -- the user's path, not the temporary file a new database is written to
    derr = require("assay.cmd").open_error(o.db, derr, dbfile)
    io.stderr:write("assay run: cannot open database: ", derr, "\n")
    return 1
  end
  -- a database without documents knows none of the inputs: no lookup per
  -- input
  local claims = key_claims(o)
  local existed = not fresh
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
  local summary = { docs = 0, skipped = 0, facts = 0, errors = 0, ignored = 0, bytes = 0,
                    unreadable = 0 }
  local stats = {}
  local folder = error_folder()
  local tty = host.isatty(2) and os.getenv("TERM") ~= "dumb" and not o.quiet
  local last_progress = 0
  local total = tty and count_inputs(o.inputs) or nil
  local interrupted = false
  host.catch_interrupt()

  local function progress (final)
    if not tty then return end
    local now = host.clock()
    if not final and now - last_progress < 0.25 then return end
    last_progress = now
    io.stderr:write("\r\27[K", progress_line(summary, total, now - t0))
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
    if host.interrupted() then interrupted = true; stop_now = true end
  end
  -- a result the C path of the writer (store.put) did not take: errors,
  -- stats, or a key the database has
  local function write (doc, blob, nfacts, errors, wstats, row)
    begin()
    doc.rules_hash = set.hash
    for _, e in ipairs(errors) do folder.note(doc.key, e.rule, e.message) end
    store.write_doc(d, run_id, doc, blob, nfacts, errors, row)
    add_stats(stats, wstats, order)
    summary.errors = summary.errors + #errors
    if o.strict and #errors > 0 then stop_now = true end
    written(nfacts, doc.bytes)
  end

  -- batches submitted and not yet written: -j 1 writes each as it is done
  local inflight = o.jobs > 1 and o.jobs * DEPTH or 1
  local fifo, head, tail = {}, 1, 0        -- jobs submitted, awaiting results
  local on_skip
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
      summary.skipped = summary.skipped + 1
      progress(false)
    elseif tag == "E" then
      on_skip(rec.path, res:sub(pos + 1, stop))
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
  local function drain (all)
    while pool:pending() > 0 do
      if not all and pool:pending() < inflight then return end
      if host.interrupted() then interrupted = true; stop_now = true; return end
      local ok, res = pool:take()
      local rec = fifo[head]; fifo[head] = nil; head = head + 1
      if rec.batch and not ok then
        for i, r in ipairs(rec.batch) do
          if stop_now then return end
          handle({ path = r, key = rec.keys[i] }, false, res)
        end
      elseif rec.batch then
        -- runs of results without errors go in from C
        -- (store.put_batch); the others one by one
        local _, pos = wire.first(res)
        local i, n = 1, #rec.batch
        while i <= n and not stop_now do
          begin()
          local docs, facts, bytes
          i, pos, docs, facts, bytes = store.put_batch(d, res, i, pos, set.hash)
          if docs > 0 then written(facts, bytes, docs) end
          if i <= n then
            local from, to
            from, to, pos = wire.next(res, pos)
            handle({ path = rec.batch[i], key = rec.keys[i] }, true, res, from, to, true)
            i = i + 1
          end
        end
        if stop_now then return end
        add_stats(stats, (wire.unpack_stats(res, pos)), order)
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
    submit(wire.batch(jobs, #recs), { batch = recs, keys = keys })
  end

  on_skip = function (path, reason)
    summary.ignored = summary.ignored + 1
    io.stderr:write("assay run: skipped ", path, ": ", reason, "\n")
  end
  local function on_doc (doc)
    if host.interrupted() then interrupted = true; stop_now = true end
    if stop_now then return end
    local new, why = claims.claim(doc.key, doc.path .. ":" .. tostring(doc.meta and doc.meta.line or ""))
    if not new then
      if why then on_skip(doc.path .. (doc.meta and doc.meta.line and ":" .. doc.meta.line or ""), why) end
      return
    end
    if not claims.mine(doc.key) then return end
    local known = lookup(doc.key)
    if known and known.hash == doc.hash and known.rules_hash == set.hash then
      summary.skipped = summary.skipped + 1
      progress(false)
    else
      local job = wire.doc_job(doc)
      doc.meta._normalize = nil           -- a request to the worker, not metadata
      doc.text = nil                      -- the result brings it back
      flush()                             -- results come back in submission order
      submit(job, { doc = doc, path = doc.path })
    end
  end
  local SINGLE = { txt = true, html = true }
  local function on_file (path, input)
    if host.interrupted() then interrupted = true; stop_now = true end
    if stop_now then return end
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
      local known = lookup(key)
      batch_n = batch_n + 1
      batch_jobs[batch_n] = wire.file_entry(path, known and known.hash, known and known.rules_hash, key)
      batch_recs[batch_n] = path
      batch_keys[batch_n] = key
      if batch_n >= batch_max then flush() end
      return
    end
    ropts.key = key                        -- records are keyed by their ids (reader.each)
    local n, err = reader.each(path, ropts, on_doc, on_skip, function (where, msg)
      io.stderr:write("assay run: warning: ", where, ": ", msg, "\n")
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
    if not stop_now then flush(); drain(true) end
    -- a run with no document is recorded in an existing database; none is created for it
    if existed or summary.docs > 0 or o.shard then need_db() end
  end)
  pool:close()
  if not okw then
    -- a failure may come in the middle of a document's rows: the open
    -- transaction goes (a re-run redoes its documents), nothing half-written stays
    if in_tx then pcall(d.exec, d, "ROLLBACK"); in_tx = false end
    if type(werr) == "table" and werr.dbopen then return cannot_open(werr.dbopen) end
    if is_busy(werr) then werr = o.db .. " is locked by another process (" .. tostring(werr):gsub("\n.*", "") .. ")" end
    if d then d:close() end
    if dbfile ~= o.db then store.remove_files(dbfile) end          -- a new database: none at all
    io.stderr:write("assay run: ", tostring(werr), "\n")
    return 1
  end
  commit()
  progress(true)
  local settled = (stop_now or not d) and {} or settle_docs(d, o, claims, summary, fresh)
  local elapsed = host.clock() - t0
  local removed = false
  if d then
    store.finish_run(d, run_id, summary, stats)
    d:close()
    if dbfile ~= o.db then
      if stop_now and not interrupted then                 -- --strict stopped it: no half a database
        store.remove_files(dbfile); removed = true
      else                                                 -- complete, or interrupted with each document whole
        -- the last close folds the WAL into the database; should a log be
        -- left (a close that could not checkpoint), it goes along, first
        if host.stat(dbfile .. "-wal") then os.rename(dbfile .. "-wal", o.db .. "-wal") end
        os.remove(dbfile .. "-shm")
        local okr, rerr = os.rename(dbfile, o.db)
        if not okr then
          store.remove_files(dbfile)
          io.stderr:write("assay run: cannot rename the new database to ", o.db, ": ", tostring(rerr), "\n")
          return 1
        end
      end
    end
  end
  if not o.quiet then
    for _, line in ipairs(settled) do io.stderr:write("assay run: ", line, "\n") end
  end
  if not o.quiet then
    for _, line in ipairs(folder.lines()) do io.stderr:write("assay run: ", line, "\n") end
    io.stderr:write(string.format(
      "assay run: %d documents processed, %d unchanged skipped, %d inputs not read, %d facts, %d rule errors; %s in %.2f s -> %s\n",
      summary.docs, summary.skipped, summary.ignored, summary.facts, summary.errors,
      fmt_bytes(summary.bytes), elapsed, (d and not removed) and o.db or "(no database written)"))
  end
  if o.profile then
    local total_s = 0
    for _, s in pairs(stats) do total_s = total_s + s.seconds end
    io.stdout:write(profile_table(stats, total_s), "\n")
  end
  if interrupted then
    io.stderr:write("assay run: interrupted: ", summary.docs, " documents committed; re-run to continue\n")
    return 130
  end
  local status, why = exit_status(summary, stats, stop_now and not interrupted, o.shard)
  if o.json then
    for _, g in ipairs(folder.groups()) do
      io.stdout:write(json.encode({ type = "rule_error", data = { rule = g.rule, message = g.message,
                                    documents = g.count, first = g.first } }), "\n")
    end
    io.stdout:write(json.encode({ type = "summary", data = {
      documents = summary.docs, skipped = summary.skipped, not_read = summary.ignored,
      unreadable = summary.unreadable, facts = summary.facts, rule_errors = summary.errors,
      bytes = summary.bytes, seconds = elapsed, database = (d and not removed) and o.db or json.null,
      status = status, reasons = #why > 0 and why or nil } }), "\n")
  end
  for _, line in ipairs(why) do io.stderr:write("assay run: ", line, "\n") end
  return status
end

return M
