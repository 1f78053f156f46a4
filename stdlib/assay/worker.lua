-- assay/worker.lua: one batch-run worker: init(arg) -> process(job) with
-- packed strings, run by assay.pool's threads, or (-j 1) by inline_pool in
-- the calling thread.
-- Jobs and results are packed with string.pack so they cross threads as
-- plain bytes (see pack_doc / unpack_result).
local rules = require "assay.rules"
local engine = require "assay.engine"
local json = require "assay.json"
local factpack = require "assay.factpack"
local jobc = require "assay.job"

local M = {}
local spack, sunpack = string.pack, string.unpack


-- {====== jobs ======
-- A job is "D" .. a packed document (the main thread read it: records of a
-- JSONL/CSV file, stdin), or "F" .. a file to read here (so reading,
-- decoding and hashing run on the workers too): path, what the database
-- knows of it (hash, rules hash) to skip it when unchanged, and its key.
-- A result is "R" .. packed document .. packed result, "S" (unchanged,
-- skipped), or "E" .. the reason the file could not be read.
local DOCFMT = "<s4s4s4s4s4js4s4"

function M.pack_doc (d)
  return spack(DOCFMT, d.key, d.name or "", d.path or "", d.text, d.hash or "", d.bytes or #d.text,
               d.encoding or "", json.encode(d.meta or {}))
end

function M.unpack_doc (s, pos)
  local key, name, path, txt, hash, bytes, enc, meta
  key, name, path, txt, hash, bytes, enc, meta, pos = sunpack(DOCFMT, s, pos)
  return { key = key, name = name, path = path, text = txt, hash = hash, bytes = bytes,
           encoding = enc ~= "" and enc or nil, meta = meta == "{}" and {} or json.decode(meta) or {} }, pos
end

-- key: the document's key (see assay.inputs; nil: the path)
function M.file_job (path, known_hash, known_rules, key)
  return spack("<Bs4s4s4s4", 70, path, known_hash or "", known_rules or "", key or "")   -- 70: "F"
end

-- A file job framed as batch_job frames it (its length first), in one
-- string.pack: a batch run makes one per input file.
function M.file_entry (path, known_hash, known_rules, key)
  known_hash, known_rules, key = known_hash or "", known_rules or "", key or ""
  return spack("<I4Bs4s4s4s4", 17 + #path + #known_hash + #known_rules + #key, 70, path, known_hash,
               known_rules, key)
end

function M.doc_job (d) return "D" .. M.pack_doc(d) end

-- Several jobs in one: "M" .. count .. each job.  Handing a job to a
-- thread and its result back costs two wake-ups of a sleeping thread (tens
-- of microseconds on a virtual machine), as much as the work on a small
-- document; a batch pays them once.  Its result is "M" .. each result,
-- where a job that raised gives "X" .. the message.
function M.batch_job (jobs)
  local parts = { "M", spack("<I4", #jobs) }
  for i, j in ipairs(jobs) do parts[i + 2] = spack("<s4", j) end
  return table.concat(parts)
end

-- The same from n jobs already framed (file_entry).
function M.batch_of (entries, n)
  return "M" .. spack("<I4", n) .. table.concat(entries)
end

-- }======

-- {====== results ======
-- A result: the facts packed by assay.factpack (one string: the writer
-- inserts them from C, no table per fact), the errors, the stats, and meta
-- as JSON.
local FMT = {}                               -- "<" .. ("jjjnj"):rep(n), by n
local function statfmt (n)
  local f = FMT[n]
  if not f then f = "<" .. ("jjjnjj"):rep(n); FMT[n] = f end
  return f
end

-- order: the rule names in the rule set's order (main and workers load the
-- same set, so the stats travel as numbers only, 5 per rule).
function M.pack_result (blob, nfacts, errors, stats, meta, order)
  local out = { spack("<I4I4s4", nfacts, #errors, blob) }
  for _, e in ipairs(errors) do
    out[#out + 1] = spack("<s4s4s4", e.rule, e.message, e.reason or "error")
  end
  out[#out + 1] = M.pack_stats(stats, order or {})
  out[#out + 1] = next(meta or {}) and json.encode(meta) or "{}"
  return table.concat(out)
end

-- The stats {name = {docs, matches, facts, seconds, errors, skipped}} as a
-- count and 6 numbers per rule of order (nil stats: a count of 0; skipped:
-- segments the literal prefilter skipped).
function M.pack_stats (stats, order)
  if not stats then return spack("<I4", 0) end
  local flat, k = {}, 0
  for _, name in ipairs(order) do
    local st = stats[name]
    if st then
      flat[k + 1], flat[k + 2], flat[k + 3], flat[k + 4], flat[k + 5], flat[k + 6] =
        st.docs, st.matches, st.facts, st.seconds, st.errors, st.skipped or 0
    else
      flat[k + 1], flat[k + 2], flat[k + 3], flat[k + 4], flat[k + 5], flat[k + 6] = 0, 0, 0, 0.0, 0, 0
    end
    k = k + 6
  end
  if #order == 0 then return spack("<I4", 0) end
  return spack("<I4", #order) .. spack(statfmt(#order), table.unpack(flat))
end

-- unpack_stats(s, pos) -> {flat = true, 6 numbers per rule}, pos
function M.unpack_stats (s, pos)
  local ns
  ns, pos = sunpack("<I4", s, pos)
  local stats = { flat = true }
  if ns > 0 then
    local vals = table.pack(sunpack(statfmt(ns), s, pos))
    pos = vals[vals.n]
    for i = 1, 6 * ns do stats[i] = vals[i] end
  end
  return stats, pos
end

-- unpack_result(s, pos [, stop]) -> facts blob, number of facts, errors,
-- stats, meta; the result is s:sub(pos, stop).
function M.unpack_result (s, pos, stop)
  local nf, ne, blob
  nf, ne, blob, pos = sunpack("<I4I4s4", s, pos)
  local errors = {}
  for i = 1, ne do
    local r, m, reason
    r, m, reason, pos = sunpack("<s4s4s4", s, pos)
    errors[i] = { rule = r, message = m, reason = reason }
  end
  -- stats: 6 numbers per rule, in the rule set's order (see pack_result)
  local stats
  stats, pos = M.unpack_stats(s, pos)
  local mj = s:sub(pos, stop)
  return blob, nf, errors, stats, mj == "{}" and {} or json.decode(mj) or {}
end

-- worker.new(opts) -> function(doc [, stats]) -> facts blob, n, errors, stats, meta
-- (the document's rule stats are added into stats when given)
-- opts: rules (paths), allow_io, limits = {instructions =, memory =}.
function M.new (opts)
  -- the PCRE2 limits apply to the rule patterns compiled from here on
  if opts.match_limit then require("assay.re").limits(opts.match_limit) end
  local set = rules.load(opts.rules, { allow_io = opts.allow_io, salt = opts.salt, meta = opts.meta,
                                       prefilter = opts.prefilter })
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
    local doc
    if job:sub(1, 1) == "F" then
      local path, khash, krules, at = sunpack("<s4s4s4", job, 2)
      local key = at <= #job and sunpack("<s4", job, at) or ""
      local docs, err = reader.read(path, ropts)
      if not docs then return "E" .. tostring(err) end
      doc = docs[1]
      if not doc then return "E" .. "no document in the file" end
      if key ~= "" then doc.key = key end
      if khash == doc.hash and krules == set.hash then return "S" end
    else
      doc = M.unpack_doc(job, 2)
    end
    local blob, n, errors, stats, meta = process(doc, acc)   -- a batch's stats add up in acc
    doc.meta = {}                          -- meta travels in the result
    if opts.no_text then doc.text = "" end -- the facts carry their surfaces
    if acc then stats = nil end
    return "R" .. M.pack_doc(doc) .. M.pack_result(blob, n, errors, stats, meta, order)
  end
  -- a batch: the results, then the stats of all its documents (so the
  -- writer adds them up once per batch, not per document).  assay.job runs
  -- the loop, and does in C the file jobs the plan covers (how many: the
  -- second result).
  local plan = M.plan(set, opts)
  return function (job)
    if job:sub(1, 1) ~= "M" then return one(job) end
    local acc = {}
    local body, nc = jobc.batch(plan, job, one, acc)
    return job:sub(1, 5) .. body .. M.pack_stats(acc, order), nc
  end
end

-- The assay.job plan of a rule set, or nil when some rule needs Lua (an
-- emit or match function, rules running after others) or the reader has
-- work to do on every text (an encoding to convert from, --simplify or
-- --no-simplify), or opts.lua_only asks for the Lua path (tests compare
-- the two).  By default the plan leaves a text in traditional script to
-- the Lua path, which converts it (reader.TRADITIONAL_MIN).
function M.plan (set, opts)
  local ro = opts.ropts or {}
  if opts.lua_only or ro.simplify ~= nil or (ro.encoding and ro.encoding ~= "auto") then return nil end
  local spec = {}
  for i, r in ipairs(set.list) do
    if not r.pattern or r.emit or r.match or #r.after > 0 then return nil end
    local groups, numeric = engine.block_groups(r)
    spec[i] = { name = r.name, kind = r.kind, regex = r.regex, scope = r.scope, need = r.need,
                groups = groups, numeric = numeric, factors = r.factors }
  end
  return jobc.plan{ rules = spec, rules_hash = set.hash, no_text = opts.no_text, prefilter = set.prefilter,
                    traditional_min = require("assay.reader").TRADITIONAL_MIN }
end

-- A pool of no threads (-j 1): each job runs when submitted, its result
-- waits to be taken, in order, as assay.pool's would.
function M.inline_pool (arg)
  local run = M.init(arg)
  local q, head, tail = {}, 1, 0
  local p = {}
  function p.submit (_, job)
    local ok, res = pcall(run, job)
    tail = tail + 1
    q[tail] = { ok, res }
    return true
  end
  function p.pending () return tail - head + 1 end
  function p.take ()
    local e = q[head]
    q[head] = nil
    head = head + 1
    return e[1], e[2]
  end
  function p.close () end
  return p
end


return M
