-- tests/fuzz/targets.lua: what each fuzz target does with one input (a
-- string).  Used by the libFuzzer harness (tests/fuzz/fuzz.c, `make fuzz`)
-- and by tests/fuzz_test.lua, which replays the seeds and every input that
-- once crashed (tests/fuzz/crashes/TARGET/*).  A target may raise: only a
-- crash, a sanitizer report or a hang is a finding.
local re = require "assay.re"
local text = require "assay.text"
local read = require "assay.read"
local json = require "assay.json"

local T = {}

-- The input split at its first NUL: pattern, subject.
local function two (s)
  local i = s:find("\0", 1, true)
  if not i then return s, s end
  return s:sub(1, i - 1), s:sub(i + 1)
end

local FLAGS = { "", "i", "m", "s", "x", "u", "im", "isx" }

function T.re (s)
  local pat, subj = two(s)
  local flags = FLAGS[(#s % #FLAGS) + 1]
  local ok, rx = pcall(re.compile, pat, flags)
  if not ok then return end
  rx:limits(10000, 1000)
  pcall(rx.match, rx, subj)
  pcall(rx.exec, rx, subj, 1)
  pcall(function () for _ in rx:gfind(subj) do end end)
  pcall(rx.gsub, rx, subj, "<%0>")
  pcall(rx.split, rx, subj)
  pcall(rx.count, rx, subj)
  local okp, sp = pcall(text.spans, subj, "sentence")
  if okp then
    pcall(rx.scan, rx, subj, sp, true, { 1 })
    pcall(rx.matches, rx, subj, sp)
  end
end

function T.text (s)
  text.len(s); text.valid(s); text.sanitize(s); text.printable(s); text.printable(s, true)
  local v = text.valid(s) and s or text.sanitize(s)
  text.width(v); text.trim(v)
  text.sub(v, 2, -2)
  text.fold(v, "alnum"); text.fold(v, "alnum", true)
  for _, scope in ipairs { "sentence", "clause", "line" } do pcall(text.spans, v, scope) end
  for _ in text.sentences(v) do end
  for _ in text.lines(v) do end
  pcall(text.lineno, v, #v // 2 + 1)
end

local cn
function T.cn (s)
  cn = cn or require "assay.cn"
  local v = text.valid(s) and s or text.sanitize(s)
  cn.quantities(v)
  pcall(cn.dates, v)
  pcall(cn.number, v)
  pcall(cn.quantity, v)
end

function T.read (s)
  pcall(read.detect, s)
  pcall(read.decode, s)
  pcall(read.decode, s, "GB18030")
  pcall(read.decode, s, "Big5")
  pcall(read.html, s)
  local ok, doc = pcall(read.html, s)
  if ok then pcall(read.simplify, doc) end
end

local tmp
function T.records (s)
  local reader = require "assay.reader"
  tmp = tmp or os.tmpname()
  for _, ext in ipairs { ".jsonl", ".csv" } do
    local f = assert(io.open(tmp .. ext, "wb")); f:write(s); f:close()
    pcall(reader.each, tmp .. ext, {}, function () end, function () end, function () end)
    os.remove(tmp .. ext)
  end
  pcall(reader.csv_fields, s, ",")
end

function T.json (s)
  local ok, v = pcall(json.decode, s)
  if ok then pcall(json.encode, v) end
  pcall(json.decode_lua, s)
end

local fdb, ins
function T.factpack (s)
  local factpack = require "assay.factpack"
  if not fdb then
    local db = require "assay.db"
    fdb = assert(db.open(":memory:"))
    fdb:exec([[CREATE TABLE facts(id INTEGER PRIMARY KEY, doc_id, seq, rule, kind NOT NULL, value,
      unit, qualifier, surface, start, stop, sentence, region, period, extra)]])
    ins = fdb:prepare([[INSERT INTO facts(id, doc_id, seq, rule, kind, value, unit, qualifier,
      surface, start, stop, sentence, region, period, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)]])
  end
  pcall(factpack.insert, ins, s, 1)
  -- and as hits of a block over a text
  pcall(factpack.pack, { { block = true, rule = "r", kind = "k", hits = s, width = 3 + 2 * (#s % 3),
                           numeric = true, factors = { x = 2 } } }, "投入5万元，又投入3亿元")
  fdb:exec("DELETE FROM facts")
end

-- the batch run's wire format (assay.wire): a worker's result, a batch of
-- them, a job, read back and put into a database by the writer's C path
local wdb, wst
function T.wire (s)
  local wire = require "assay.wire"
  local factpack = require "assay.factpack"
  if not wdb then
    local db = require "assay.db"
    wdb = assert(db.open(":memory:"))
    wdb:exec([[CREATE TABLE docs(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, path, name, hash,
      bytes, encoding, title, date, source, meta, text, rules_hash, first_fact, last_fact);
      CREATE TABLE facts(id INTEGER PRIMARY KEY, doc_id, seq, rule, kind, value, unit, qualifier,
      surface, start, stop, sentence, region, period, extra);
      CREATE TABLE articles(doc_id, seq, start, stop, title, date, source, authors, boilerplate)]])
    wst = { ins_doc = wdb:prepare([[INSERT INTO docs(key, path, name, hash, bytes, encoding, title, date,
      source, meta, text, rules_hash, first_fact, last_fact) VALUES (:key, :path, :name, :hash, :bytes,
      :encoding, :title, :date, :source, :meta, :text, :rules_hash, :first_fact, :last_fact)
      ON CONFLICT(key) DO NOTHING]]),
      ins_facts = wdb:prepare("INSERT INTO facts VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
      ins_article = wdb:prepare("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?)"),
      fix_range = wdb:prepare("UPDATE docs SET first_fact = ?, last_fact = ? WHERE id = ?") }
  end
  pcall(wire.unpack_result, s)
  pcall(wire.unpack_doc, s, 2)
  pcall(wire.file_job, s)
  if #s > 0 then pcall(factpack.put, wst, s, 1, #s, "rh", 1) end
  local ok, n, pos = pcall(wire.first, s)
  if ok then
    pcall(factpack.put_batch, wst, s, 1, pos, "rh", 1)
    for _ = 1, math.min(n, 64) do
      local ok2, _, _, nxt = pcall(wire.next, s, pos)
      if not ok2 then break end
      pos = nxt
    end
    pcall(wire.unpack_stats, s, pos)
  end
  wdb:exec("DELETE FROM docs; DELETE FROM facts; DELETE FROM articles")
end

return T
