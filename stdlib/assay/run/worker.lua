-- assay/run/worker.lua: one batch-run worker: init(arg) -> process(job) with
-- packed strings, run by assay.pool's threads, or (-j 1) by inline_pool in
-- the calling thread.
local rules = require "assay.rules"
local engine = require "assay.engine"
local json = require "assay.json"
local factpack = require "assay.factpack"
local jobc = require "assay.job"
local wire = require "assay.wire"

local M = {}

-- Jobs and results are assay.wire's (engine/lwire.c: the one definition
-- of the bytes, which the C path of assay.job writes and the writer's
-- factpack.put reads): a file job "F" (the worker reads, decodes and hashes
-- the file, and skips it when the database has it with the same hash and
-- rules), a document job "D" (the main thread read it: records of a
-- JSONL/CSV file, stdin), a batch "M" of either; a result "R" (the
-- document, its facts, errors, stats and the row's metadata), "S"
-- (unchanged, skipped), "E" (why the file could not be read), "X" (the job
-- raised).  A batch hands several jobs to a thread at once: a hand-off
-- costs two wake-ups of a sleeping thread, as much as the work on a small
-- document.

-- worker.new(opts) -> function(doc [, stats]) -> facts blob, n, errors, stats, meta
-- (the document's rule stats are added into stats when given)
-- opts: rules (paths), allow_io, limits = {instructions =, memory =}.
function M.new (opts)
  -- the PCRE2 limits apply to the rule patterns compiled from here on
  if opts.match_limit then require("assay.re").limits(opts.match_limit) end
  -- (quiet: the run loaded these files once before, and showed what they printed)
  local set = rules.load(opts.rules, { allow_io = opts.allow_io, salt = opts.salt, meta = opts.meta,
                                       prefilter = opts.prefilter, quiet = true })
  return function (doc, stats)
    stats = stats or {}
    local facts, errors, _, d = engine.process(set, doc, opts.limits, stats)
    local blob, n = factpack.pack(facts, d.text)
    return blob, n, errors, stats, d.meta
  end, set
end

-- Pool entry point: arg is the JSON of the options (rules, limits, and
-- ropts: the reader's options).
function M.init (arg)
  local reader = require "assay.reader"
  local opts = assert(json.decode(arg))
  local process, set = M.new(opts)
  local ropts = opts.ropts or {}
  local order = {}
  for i, r in ipairs(set.list) do order[i] = r.name end
  -- one job; within a batch (acc) its stats add to the batch's
  local function one (job, acc)
    local doc, reader_meta
    if job:sub(1, 1) == "F" then
      local path, khash, krules, key = wire.file_job(job)
      local docs, err = reader.read(path, ropts)
      if not docs then return "E" .. tostring(err) end
      doc = docs[1]
      if not doc then return "E" .. "no document in the file" end
      if key ~= "" then doc.key = key end
      if khash == doc.hash and krules == set.hash then return "S" end
    else
      doc = wire.unpack_doc(job, 2)
      -- a record's fields from the reader (its line, ...) that a rule
      -- removes are stored all the same
      if next(doc.meta) then
        reader_meta = {}
        for k, v in pairs(doc.meta) do reader_meta[k] = v end
      end
    end
    local blob, n, errors, stats, meta = process(doc, acc)   -- a batch's stats add up in acc
    if acc then stats = nil end
    return wire.result(doc, blob, n, errors, stats, meta, order, reader_meta, opts.no_text)
  end
  -- a batch: the results, then the stats of all its documents (so the
  -- writer adds them up once per batch, not per document).  assay.job runs
  -- the loop, does in C the file jobs the plan covers (how many: the
  -- second result) and writes the batch's result, stats included.
  -- boxed (assay.pool's workers): the result as the plan's box and its
  -- length, which the pool copies out, not as a string of the batch's
  -- size left to this state's collector (~1 MB a batch)
  local plan = M.plan(set, opts)
  return function (job, boxed)
    if job:sub(1, 1) ~= "M" then return one(job) end
    return jobc.batch(plan, job, one, {}, order, boxed)
  end
end

-- The assay.job plan of a rule set, or nil when some rule needs Lua (an
-- emit or match function, rules running after others) or the reader has
-- work to do on every text (an encoding to convert from, --simplify or
-- --no-simplify), or opts.lua_only asks for the Lua path (tests compare
-- the two).  By default the plan leaves a text in traditional script to
-- the Lua path, which converts it (reader.TRADITIONAL_MIN).  The match
-- rules built into assay (the metadata rules of assay/defaults/meta.lua,
-- r.builtin: trusted code) are the exception: the C path calls those very
-- functions on a document object (engine.new_doc), so the default rule set
-- still scans its patterns in C.
function M.plan (set, opts)
  local ro = opts.ropts or {}
  if opts.lua_only or ro.simplify ~= nil or (ro.encoding and ro.encoding ~= "auto") then return nil end
  local spec, lua = {}, false
  for i, r in ipairs(set.list) do
    if r.builtin and r.match and not r.pattern and not r.emit then
      spec[i] = { name = r.name, kind = r.kind, match = r.match, need = r.need }
      lua = true
    else
      if not r.pattern or r.emit or r.match or #r.after > 0 then return nil end
      local groups, numeric = engine.block_groups(r)
      spec[i] = { name = r.name, kind = r.kind, regex = r.regex, scope = r.scope, need = r.need,
                  groups = groups, numeric = numeric, factors = r.factors }
    end
  end
  return jobc.plan{ rules = spec, rules_hash = set.hash, no_text = opts.no_text, prefilter = set.prefilter,
                    traditional_min = require("assay.reader").TRADITIONAL_MIN,
                    newdoc = lua and function (text) return engine.new_doc{ text = text, meta = {} } end or nil }
end

-- A pool of no threads (-j 1): each job runs when its result is taken, in
-- order, as assay.pool's would come.  A batch's result is the plan's box
-- and its length (take -> ok, box, n; see assay.job's boxed batch), not a
-- copy of it as a string: the box is written again by the next batch, so
-- a job runs only once the writer is done with the result before it (it
-- takes the next one); a string result (one document's job, an error)
-- comes as before.
function M.inline_pool (arg)
  local run = M.init(arg)
  local q, head, tail = {}, 1, 0
  local p = { runs_in_take = true }     -- (the writer checks for an interrupt after take)
  function p.submit (_, job)
    tail = tail + 1
    q[tail] = job
    return true
  end
  function p.pending () return tail - head + 1 end
  function p.take ()
    local job = q[head]
    q[head] = nil
    head = head + 1
    local ok, res, n = pcall(run, job, true)
    if ok and type(res) ~= "string" then return ok, res, n end
    return ok, res
  end
  function p.stop () end
  function p.close () end
  return p
end


return M
