-- assay/worker.lua: one batch-run worker.  Used two ways:
--   * by assay.pool threads: init(arg) -> process(job) with packed strings;
--   * inline (-j 1): worker.new(opts) -> process_doc(doc) with tables.
-- Jobs and results are packed with string.pack so they cross threads as
-- plain bytes (see pack_doc / unpack_result).
local rules = require "assay.rules"
local engine = require "assay.engine"
local json = require "assay.json"

local M = {}
local spack, sunpack = string.pack, string.unpack

-- Columns of the facts table; every other field a rule sets goes to extra.
M.STD = engine.COLUMNS

local function packval (v)
  local mt = math.type(v)
  if mt == "integer" then return spack("<Bj", 1, v) end
  if mt == "float" then return spack("<Bn", 2, v) end
  if type(v) == "string" then return spack("<Bs4", 3, v) end
  if type(v) == "boolean" then return spack("<Bj", 1, v and 1 or 0) end
  if v == nil then return spack("<B", 0) end
  return spack("<Bs4", 3, json.encode(v))
end

local function unpackval (s, pos)
  local tag
  tag, pos = sunpack("<B", s, pos)
  if tag == 0 then return nil, pos end
  if tag == 1 or tag == 2 then return sunpack(tag == 1 and "<j" or "<n", s, pos) end
  return sunpack("<s4", s, pos)
end

local function str (v) if v == nil then return "" end return tostring(v) end

-- {====== jobs ======
-- A job is "D" .. a packed document (the main thread read it: records of a
-- JSONL/CSV file, stdin), or "F" .. a file to read here (so reading,
-- decoding and hashing run on the workers too): path, and what the
-- database knows of it (hash, rules hash) to skip it when unchanged.
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
           encoding = enc ~= "" and enc or nil, meta = json.decode(meta) or {} }, pos
end

function M.file_job (path, known_hash, known_rules)
  return "F" .. spack("<s4s4s4", path, known_hash or "", known_rules or "")
end

function M.doc_job (d) return "D" .. M.pack_doc(d) end
-- }======

-- {====== results ======
-- A result: counts, then each item (tag 1: a fact, tag 2: a block of
-- positions as r:scan packs them), the errors, the stats, and meta as JSON.
local FMT = {}                               -- "<" .. ("jjjnj"):rep(n), by n
local function statfmt (n)
  local f = FMT[n]
  if not f then f = "<" .. ("jjjnj"):rep(n); FMT[n] = f end
  return f
end

-- order: the rule names in the rule set's order (main and workers load the
-- same set, so the stats travel as numbers only, 5 per rule).
function M.pack_result (items, errors, stats, meta, order)
  local out = { spack("<I4I4", #items, #errors) }
  for _, f in ipairs(items) do
    if f.block then
      out[#out + 1] = spack("<Bs4s4s4", 2, f.rule, f.kind, f.hits)
    else
      -- engine.process made f.extra the JSON of the fields beyond the columns
      out[#out + 1] = spack("<Bs4s4", 1, str(f.rule), str(f.kind)) .. packval(f.value) ..
        spack("<s4s4s4jjjs4s4s4", str(f.unit), str(f.qualifier), str(f.surface),
              f.start or -1, f.stop or -1, f.sentence or -1, str(f.region), str(f.period),
              str(f.extra))
    end
  end
  for _, e in ipairs(errors) do
    out[#out + 1] = spack("<s4s4s4", e.rule, e.message, e.reason or "error")
  end
  order = order or {}
  local flat, k = {}, 0
  for _, name in ipairs(order) do
    local st = stats[name]
    if st then
      flat[k + 1], flat[k + 2], flat[k + 3], flat[k + 4], flat[k + 5] =
        st.docs, st.matches, st.facts, st.seconds, st.errors
    else
      flat[k + 1], flat[k + 2], flat[k + 3], flat[k + 4], flat[k + 5] = 0, 0, 0, 0.0, 0
    end
    k = k + 5
  end
  out[#out + 1] = spack("<I4", #order)
  if #order > 0 then out[#out + 1] = spack(statfmt(#order), table.unpack(flat)) end
  out[#out + 1] = json.encode(meta or {})
  return table.concat(out)
end

local function nz (s) if s == "" then return nil end return s end

function M.unpack_result (s, pos)
  local nf, ne
  nf, ne, pos = sunpack("<I4I4", s, pos)
  local items, errors = {}, {}
  for i = 1, nf do
    local tag
    tag, pos = sunpack("<B", s, pos)
    if tag == 2 then
      local rule, kind, packed
      rule, kind, packed, pos = sunpack("<s4s4s4", s, pos)
      items[i] = { block = true, rule = rule, kind = kind, hits = packed }
    else
      local f = {}
      f.rule, f.kind, pos = sunpack("<s4s4", s, pos)
      f.value, pos = unpackval(s, pos)
      local unit, qual, surface, start, stop, sent, region, period, extra
      unit, qual, surface, start, stop, sent, region, period, extra, pos =
        sunpack("<s4s4s4jjjs4s4s4", s, pos)
      f.unit, f.qualifier = nz(unit), nz(qual)
      f.surface = (start >= 0 or surface ~= "") and surface or nil   -- no span, no surface: NULL
      if start >= 0 then f.start, f.stop = start, stop end
      if sent >= 0 then f.sentence = sent end
      f.region, f.period, f.extra = nz(region), nz(period), nz(extra)
      items[i] = f
    end
  end
  for i = 1, ne do
    local r, m, reason
    r, m, reason, pos = sunpack("<s4s4s4", s, pos)
    errors[i] = { rule = r, message = m, reason = reason }
  end
  -- stats: 5 numbers per rule, in the rule set's order (see pack_result)
  local ns
  ns, pos = sunpack("<I4", s, pos)
  local stats = { flat = true }
  if ns > 0 then
    local vals = table.pack(sunpack(statfmt(ns), s, pos))
    pos = vals[vals.n]
    for i = 1, 5 * ns do stats[i] = vals[i] end
  end
  return items, errors, stats, json.decode(s:sub(pos)) or {}
end

-- The facts of an inline run in the form unpack_result gives: the fields
-- outside the facts columns folded into f.extra (JSON), seq numbered.
function M.normalize (facts)
  -- engine.process already checked the fields and moved the extra ones into
  -- f.extra; what is left: empty strings are NULL, as unpack_result makes them
  for _, f in ipairs(facts) do
    if not f.block then
      if f.unit == "" then f.unit = nil end
      if f.qualifier == "" then f.qualifier = nil end
      if f.region == "" then f.region = nil end
      if f.period == "" then f.period = nil end
      if f.extra == "" then f.extra = nil end
    end
  end
  return facts
end

-- worker.new(opts) -> function(doc) -> facts, errors, stats, meta
-- opts: rules (paths), allow_io, limits = {instructions =, memory =}.
function M.new (opts)
  -- the PCRE2 limits apply to the rule patterns compiled from here on
  if opts.match_limit then require("assay.re").limits(opts.match_limit) end
  local set = rules.load(opts.rules, { allow_io = opts.allow_io, salt = opts.salt, meta = opts.meta })
  return function (doc)
    local stats = {}
    local facts, errors, _, d = engine.process(set, doc, opts.limits, stats)
    return facts, errors, stats, d.meta
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
  return function (job)
    local doc
    if job:sub(1, 1) == "F" then
      local path, khash, krules = sunpack("<s4s4s4", job, 2)
      local docs, err = reader.read(path, ropts)
      if not docs then return "E" .. tostring(err) end
      doc = docs[1]
      if not doc then return "E" .. "no document in the file" end
      if khash == doc.hash and krules == set.hash then return "S" end
    else
      doc = M.unpack_doc(job, 2)
    end
    local facts, errors, stats, meta = process(doc)
    doc.meta = {}                          -- meta travels in the result
    return "R" .. M.pack_doc(doc) .. M.pack_result(facts, errors, stats, meta, order)
  end
end



return M
