-- assay/run/store.lua: the facts database (SQLite) of `assay run`: schema,
-- migrations (PRAGMA user_version), and the writes of a batch run.
-- The schema is a public interface, documented in docs/schema.md.
local db = require "assay.db"
local factpack = require "assay.factpack"

local M = {}

M.VERSION = 5

local SCHEMA_1 = [[
CREATE TABLE IF NOT EXISTS docs (
  id         INTEGER PRIMARY KEY,
  key        TEXT NOT NULL UNIQUE,   -- path, or path#id for records of a JSONL/CSV file
  path       TEXT NOT NULL,          -- the input file
  name       TEXT NOT NULL,          -- base name of the file (or the record id)
  hash       TEXT NOT NULL,          -- content hash of the raw bytes
  bytes      INTEGER NOT NULL,       -- size of the raw input in bytes
  encoding   TEXT,                   -- encoding the reader found (UTF-8, GB18030, ...)
  title      TEXT,
  date       TEXT,
  source     TEXT,
  meta       TEXT,                   -- JSON: everything else the reader and rules set
  text       TEXT NOT NULL,          -- the document's text as UTF-8; fact spans index into it
  rules_hash TEXT NOT NULL           -- rule set that produced its facts
);
CREATE TABLE IF NOT EXISTS facts (
  id         INTEGER PRIMARY KEY,
  doc_id     INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,       -- 1.. within the document, in rule order then text order
  rule       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  value,                             -- integer, real or text as the rule emitted it
  unit       TEXT,
  qualifier  TEXT,                   -- exact | min | max | approx
  surface    TEXT,                   -- the document's own text at [start, stop]
  start      INTEGER,                -- 1-based byte offset of the first byte in docs.text
  stop       INTEGER,                -- 1-based byte offset of the last byte (inclusive)
  sentence   INTEGER,                -- 0-based index of the segment the match came from
  region     TEXT,
  period     TEXT,
  extra      TEXT,                   -- JSON object of the rule's other fields
  UNIQUE (doc_id, seq)
);
CREATE INDEX IF NOT EXISTS facts_kind ON facts(kind);
CREATE TABLE IF NOT EXISTS runs (
  id         INTEGER PRIMARY KEY,
  started    TEXT NOT NULL,
  finished   TEXT,                   -- NULL: the run was interrupted
  rules_hash TEXT NOT NULL,
  args       TEXT,                   -- JSON array of the command line
  docs       INTEGER,                -- documents processed
  skipped    INTEGER,                -- documents unchanged since an earlier run
  facts      INTEGER,
  errors     INTEGER,
  ignored    INTEGER                 -- inputs not read (binary, unreadable, ...)
);
CREATE TABLE IF NOT EXISTS rule_stats (
  run_id     INTEGER NOT NULL REFERENCES runs(id),
  rule       TEXT NOT NULL,
  docs       INTEGER NOT NULL,       -- documents the rule ran on (its `need` literals present)
  matches    INTEGER NOT NULL,
  facts      INTEGER NOT NULL,
  seconds    REAL NOT NULL,
  errors     INTEGER NOT NULL,
  PRIMARY KEY (run_id, rule)
);
CREATE TABLE IF NOT EXISTS errors (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES runs(id),
  doc_id     INTEGER,
  path       TEXT,
  rule       TEXT,
  message    TEXT NOT NULL
);
]]

-- 2: the articles a document was cut into (assay.articles), by span
local SCHEMA_2 = [[
CREATE TABLE IF NOT EXISTS articles (
  doc_id      INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,      -- 1.. in text order
  start       INTEGER NOT NULL,      -- 1-based byte span in docs.text, inclusive
  stop        INTEGER NOT NULL,
  title       TEXT,
  date        TEXT,
  source      TEXT,
  authors     TEXT,                  -- JSON array of names
  boilerplate INTEGER NOT NULL DEFAULT 0,  -- 1: navigation, footer, notices
  PRIMARY KEY (doc_id, seq)
);
]]

-- 3: no index on facts but its rowid, so that a run inserts facts at the
-- rate SQLite appends rows (the (doc_id, seq) and kind indexes made the
-- writer 2.5x slower).  A document's facts have contiguous ids (they are
-- written in one transaction); docs.first_fact/last_fact say which, and a
-- re-run deletes them by that range.
local SCHEMA_3 = [[
CREATE TABLE facts_v3 (
  id         INTEGER PRIMARY KEY,
  doc_id     INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  rule       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  value,
  unit       TEXT,
  qualifier  TEXT,
  surface    TEXT,
  start      INTEGER,
  stop       INTEGER,
  sentence   INTEGER,
  region     TEXT,
  period     TEXT,
  extra      TEXT
);
INSERT INTO facts_v3 SELECT id, doc_id, seq, rule, kind, value, unit, qualifier, surface, start,
  stop, sentence, region, period, extra FROM facts;
DROP TABLE facts;
ALTER TABLE facts_v3 RENAME TO facts;
ALTER TABLE docs ADD COLUMN first_fact INTEGER;
ALTER TABLE docs ADD COLUMN last_fact INTEGER;
UPDATE docs SET first_fact = (SELECT min(id) FROM facts WHERE doc_id = docs.id),
                last_fact = (SELECT max(id) FROM facts WHERE doc_id = docs.id);
]]

-- 4: portable keys (a document's key is its path relative to a corpus
-- root: see assay.inputs; the old keys are rewritten below), documents
-- with the same bytes as another (dup_of), and where a merged document and
-- run came from (origin: the shard database, see `assay merge`)
local SCHEMA_4 = [[
ALTER TABLE docs ADD COLUMN dup_of INTEGER;
ALTER TABLE docs ADD COLUMN origin TEXT;
ALTER TABLE runs ADD COLUMN origin TEXT;
CREATE INDEX IF NOT EXISTS docs_hash ON docs(hash);
]]

-- 5: the administrative code of a fact's region (GB/T 2260), which a rule
-- sets as the field region_code (kept in extra): a column, so that reports
-- group 甘孜州 and 甘孜藏族自治州 as one place.  Virtual: nothing is stored
-- twice and the writer is unchanged.
local SCHEMA_5 = [[
ALTER TABLE facts ADD COLUMN region_code TEXT
  GENERATED ALWAYS AS (json_extract(extra, '$.region_code')) VIRTUAL;
]]

local MIGRATIONS = { [1] = SCHEMA_1, [2] = SCHEMA_2, [3] = SCHEMA_3, [4] = SCHEMA_4, [5] = SCHEMA_5 }

-- store.open(path [, opts]) -> handle, migrated to the current version.  A
-- database from a newer assay is refused rather than damaged.
-- opts.scratch: path is a new database under a temporary name
-- (store.temp_name) that nobody reads until the run renames it into place:
-- it is written without the WAL and without fsyncs (each page once, where
-- the WAL writes it twice: ~0.3 s of system time per 100 MB of stored
-- text), rollbacks still work (the journal is a file: in memory it held
-- a copy of every index page a transaction changed, and the docs_hash
-- index grows with the documents: ~0.8 MB more at 100 MB of corpus than
-- at 10), and store.seal makes it an ordinary, durable WAL database (which
-- removes the journal) before the rename.
-- A crash leaves only the temporary file, as before.
function M.open (path, opts)
  local d, err = db.open(path)
  if not d then return nil, err end
  -- 8 KiB pages for a new database (an existing one keeps its own): half
  -- the WAL frames, and the writes, of 4 KiB ones; T2 of the bench 5% faster
  d:exec("PRAGMA page_size=8192")
  if opts and opts.scratch then
    d:exec("PRAGMA journal_mode=TRUNCATE")
    d:exec("PRAGMA synchronous=OFF")
  else
    d:exec("PRAGMA journal_mode=WAL")
    d:exec("PRAGMA synchronous=NORMAL")
  end
  local v = d:val("PRAGMA user_version")
  if v > M.VERSION then
    d:close()
    return nil, path .. ": database schema version " .. v .. " is newer than this assay (" .. M.VERSION .. ")"
  end
  if v == 0 then
    local n = d:val("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
    if n > 0 and not d:one("SELECT 1 FROM sqlite_master WHERE name = 'docs'") then
      d:close()
      return nil, path .. ": not an assay database (it has other tables)"
    end
  end
  -- every step in one transaction: a new database (or an old one) is
  -- migrated whole or not at all, and pays one commit
  if v < M.VERSION then
    d:exec("PRAGMA foreign_keys = OFF")    -- rekey deletes documents (see drop_docs)
    local ok, err = pcall(d.tx, d, function ()
      for ver = v + 1, M.VERSION do
        d:exec(MIGRATIONS[ver])
        if ver == 4 and v > 0 then M.rekey(d) end
      end
      d:exec("PRAGMA user_version = " .. M.VERSION)
    end)
    d:exec("PRAGMA foreign_keys = ON")
    if not ok then d:close(); return nil, path .. ": migration failed: " .. tostring(err) end
  end
  -- a new database takes only new documents, each row's doc_id the one
  -- just inserted, and deletes none: nothing for the foreign keys to
  -- check or cascade, where checking cost a look-up in docs for every
  -- article and fact (~1.5 us a row, 10% of the rows' time).  Any other
  -- database (re-runs delete and replace rows) keeps them on.
  if opts and opts.scratch then d:exec("PRAGMA foreign_keys = OFF") end
  return d
end

-- store.drop_docs(d, ids) -> n: deletes the documents of the array ids
-- with their facts (by their id ranges), articles and errors, inside the
-- caller's transaction.  The caller turns foreign keys off (with them on,
-- each document's delete would scan facts for its doc_id: there is no
-- index on it).
function M.drop_docs (d, ids)
  if #ids == 0 then return 0 end
  d:exec("CREATE TEMP TABLE IF NOT EXISTS gone (id INTEGER PRIMARY KEY)")
  d:exec("DELETE FROM temp.gone")
  local add = d:prepare("INSERT OR IGNORE INTO temp.gone VALUES (?)")
  for _, id in ipairs(ids) do add:exec(id) end
  local del = d:prepare("DELETE FROM facts WHERE id BETWEEN ? AND ? AND doc_id = ?")
  local ranges = {}
  for r in d:rows([[SELECT id, first_fact, last_fact FROM docs WHERE first_fact IS NOT NULL
                    AND id IN (SELECT id FROM temp.gone)]]) do ranges[#ranges + 1] = r end
  for _, r in ipairs(ranges) do del:exec(r.first_fact, r.last_fact, r.id) end
  d:exec("DELETE FROM articles WHERE doc_id IN (SELECT id FROM temp.gone)")
  d:exec("DELETE FROM errors WHERE doc_id IN (SELECT id FROM temp.gone)")
  d:exec("UPDATE docs SET dup_of = NULL WHERE dup_of IN (SELECT id FROM temp.gone)")
  d:exec("DELETE FROM docs WHERE id IN (SELECT id FROM temp.gone)")
  local n = d:changes()
  d:exec("DELETE FROM temp.gone")
  return n
end

-- store.without_fk(d, fn) -> fn's results: fn in a transaction with
-- foreign keys off (a pragma that only works outside one)
function M.without_fk (d, fn)
  d:exec("PRAGMA foreign_keys = OFF")
  local r = table.pack(pcall(d.tx, d, fn))
  d:exec("PRAGMA foreign_keys = ON")
  if not r[1] then error(r[2], 0) end
  return table.unpack(r, 2, r.n)
end

-- Migration 4: the keys of schema 3 were the paths as the run was given
-- them (corpus/x.txt, ./corpus/x.txt, /abs/corpus/x.txt: three rows for
-- one file) and path#id for records.  Each becomes what assay.inputs now
-- makes of it, relative to the longest input of an earlier run (runs.args)
-- it was found under: a file given by itself, its name.  Several rows
-- with one new key: the newest (largest id) stays.  A key no input
-- explains stays as it is (a run lists it among the documents that are
-- not among its inputs; --prune removes it).
function M.rekey (d)
  local json = require "assay.json"
  local roots = {}
  for r in d:rows("SELECT args FROM runs") do
    local ok, args = pcall(json.decode, r.args or "[]")
    if ok and type(args) == "table" then
      local after = false
      for _, a in ipairs(args) do
        if after then roots[#roots + 1] = (a:gsub("/+$", "")) end
        if a == "--" then after = true end
      end
    end
  end
  table.sort(roots, function (a, b) return #a > #b end)      -- longest first
  local function file_key (path)
    for _, r in ipairs(roots) do
      if path == r then return (path:match("([^/]+)$")) end
      if r ~= "" and path:sub(1, #r + 1) == r .. "/" then return path:sub(#r + 2) end
    end
    return nil
  end
  local new, keep = {}, {}
  for r in d:rows("SELECT id, key, path, name, meta FROM docs ORDER BY id DESC") do
    local fk = file_key(r.path)
    local key
    if fk and r.key == r.path then key = fk
    elseif fk and r.key:sub(1, #r.path + 1) == r.path .. "#" then
      local line = r.meta and r.meta:match('"line":(%d+)')
      if line and r.name == line then key = fk .. "#" .. line
      else key = (fk:match("^(.*/)") or "") .. "#" .. r.name end
    end
    if key and key ~= r.key then
      if keep[key] or d:val("SELECT 1 FROM docs WHERE key = ?", key) then
        new[#new + 1] = { id = r.id }                           -- an older row of the same
      else
        keep[key] = true
        new[#new + 1] = { id = r.id, key = key }
      end
    end
  end
  local drop = {}
  for _, n in ipairs(new) do if not n.key then drop[#drop + 1] = n.id end end
  M.drop_docs(d, drop)
  local upd = d:prepare("UPDATE docs SET key = ? WHERE id = ?")
  for _, n in ipairs(new) do if n.key then upd:exec(n.key, n.id) end end
end

-- store.mark_dups(d [, fresh]) -> new, total: marks documents with the same bytes
-- (docs.hash) as another: dup_of is the id of the one with the smallest
-- key (so any run or merge of the same corpus marks the same ones).  new:
-- {key, of} of those not marked before; total: how many are marked.
-- fresh: no document of d has dup_of set yet (a database this run
-- created).  Only the rows of a repeated hash are read, through the
-- docs_hash index: a scan of docs reads the leaf pages its texts' first
-- parts fill (4 scans were ~8 % of the system time of a default run);
-- what was marked before is read, and cleared, by a scan unless fresh.
local DUP_HASHES = "SELECT hash FROM docs WHERE hash <> '' GROUP BY hash HAVING count(*) > 1"
function M.mark_dups (d, fresh)
  -- a new database without a repeated hash has nothing to mark: one pass
  -- over the index (~2 ms at 12,400 documents), not the update's and the
  -- select's (10-50 ms, at the end of the run where no other thread works)
  if fresh and d:val(DUP_HASHES .. " LIMIT 1") == nil then return {}, 0 end
  local before = {}
  if not fresh then
    for r in d:rows("SELECT id, dup_of FROM docs WHERE dup_of IS NOT NULL") do before[r.id] = r.dup_of end
    d:exec("UPDATE docs SET dup_of = NULL WHERE dup_of IS NOT NULL")
  end
  d:exec("WITH g AS (SELECT hash, min(key) AS k FROM docs WHERE hash IN (" .. DUP_HASHES .. [[)
                      GROUP BY hash)
           UPDATE docs SET dup_of = (SELECT o.id FROM g JOIN docs o ON o.key = g.k
                                     WHERE g.hash = docs.hash)
            WHERE hash IN (SELECT hash FROM g) AND key NOT IN (SELECT k FROM g)]])
  local new, total = {}, 0
  -- every marked row is one of a repeated hash: the others were cleared
  for r in d:rows([[SELECT x.id, x.key, x.dup_of, o.key AS of FROM docs x JOIN docs o ON o.id = x.dup_of
                    WHERE x.hash IN (]] .. DUP_HASHES .. ") ORDER BY x.key") do
    total = total + 1
    if before[r.id] ~= r.dup_of then new[#new + 1] = { key = r.key, of = r.of } end
  end
  return new, total
end

-- A new database is written under a temporary name beside its own
-- (store.temp_name) and renamed when complete; remove_files deletes one
-- with its WAL and shared-memory files.
function M.temp_name (path)
  return path .. ".tmp-" .. require("assay.host").pid()
end

-- store.stale_temps(path) -> the temporary databases of path (temp_name)
-- whose run is gone (no /proc/PID: killed before it could rename or remove
-- its file); nobody will finish them, and each may hold gigabytes
function M.stale_temps (path)
  local host = require "assay.host"
  local dir, base = path:match("^(.*)/([^/]*)$")
  if not dir then dir, base = ".", path end
  local out = {}
  for _, e in ipairs(host.dir(dir == "" and "/" or dir) or {}) do
    local pid = e.name:sub(1, #base + 5) == base .. ".tmp-" and e.name:sub(#base + 6):match("^(%d+)$")
    if pid and not host.stat("/proc/" .. pid) then out[#out + 1] = (dir == "." and "" or dir .. "/") .. e.name end
  end
  return out
end

function M.remove_files (path)
  for _, suffix in ipairs{ "", "-wal", "-shm", "-journal" } do os.remove(path .. suffix) end
end

-- store.open_facts(path, opts) -> database | nil, message: an existing
-- database written by assay run, as the commands that read one open it
-- (opts as db.open's; no migration); any other file, SQLite or not, is
-- "FILE is not an assay facts database".
-- store.open_error(path, err[, file]) -> the message for a database at path
-- that db.open could not open (err), naming path even when the file opened
-- was a temporary one beside it (file).
function M.open_error (path, err, file)
  err = tostring(err):gsub("^db%.open: ", "")
  if err:find("file is not a database", 1, true) or err:find("not an assay", 1, true) then
    return path .. " is not an assay facts database"
  end
  local st = require("assay.host").stat(path)
  if st and st.type == "dir" then          -- SQLite says "disk I/O error" or "unable to open"
    return path .. " is a directory, not a database file"
  end
  local dir = path:match("^(.*)/[^/]*$")
  if dir and dir ~= "" and err:find("unable to open database file", 1, true) and not require("assay.host").stat(dir) then
    return path .. ": no directory " .. dir
  end
  local at = file and file ~= path and err:find(file, 1, true)
  if at then err = err:sub(1, at - 1) .. path .. err:sub(at + #file) end
  return err
end

function M.open_facts (path, opts)
  local d, err = db.open(path, opts)
  if not d and not require("assay.host").stat(path) then    -- the default facts.db, or a typo
    return nil, "no database " .. path .. " (assay run --db " .. path .. " writes one; --db FILE names another)"
  end
  if not d then return nil, M.open_error(path, err) end
  local ok, has = pcall(d.val, d, "SELECT count(*) FROM sqlite_master WHERE name IN ('docs', 'facts')")
  if not ok or has ~= 2 then
    d:close()
    return nil, path .. " is not an assay facts database"
  end
  return d
end


-- store.seal(d): a database opened with opts.scratch becomes what
-- store.open makes of any other (WAL, synchronous=NORMAL), and all of it
-- reaches the disk (the switch is a commit under synchronous=FULL) before
-- the caller renames it into place.  Outside any transaction.
function M.seal (d)
  d:exec("PRAGMA synchronous=FULL")
  d:exec("PRAGMA journal_mode=WAL")
  d:exec("PRAGMA synchronous=NORMAL")
end

function M.begin_run (d, rules_hash, args)
  local json = require "assay.json"
  d:exec("INSERT INTO runs(started, rules_hash, args) VALUES (datetime('now'), ?, ?)",
         rules_hash, json.encode(args))
  return d:last_id()
end

-- What the database knows of a document key: id, hash, rules_hash or nil.
function M.lookup (d, key)
  return d:one("SELECT id, hash, rules_hash FROM docs WHERE key = ?", key)
end

-- Prepared statements and the next fact id, per handle.
local PER = setmetatable({}, { __mode = "k" })

local function per (d)
  local p = PER[d]
  if not p then
    p = {
      prev = d:prepare("SELECT id, first_fact, last_fact FROM docs WHERE key = ?"),
      -- named parameters: factpack.put and write_doc bind by name
      ins_doc = d:prepare([[INSERT INTO docs(key, path, name, hash, bytes, encoding, title, date,
        source, meta, text, rules_hash, first_fact, last_fact) VALUES (:key, :path, :name, :hash,
        :bytes, :encoding, :title, :date, :source, :meta, :text, :rules_hash, :first_fact,
        :last_fact) ON CONFLICT(key) DO NOTHING]]),
      -- (a document merged from a shard and written again here is no longer the shard's)
      upd_doc = d:prepare([[UPDATE docs SET path = ?, name = ?, hash = ?, bytes = ?, encoding = ?,
        title = ?, date = ?, source = ?, meta = ?, text = ?, rules_hash = ?, first_fact = ?,
        last_fact = ?, origin = NULL WHERE id = ?]]),
      del_facts = d:prepare("DELETE FROM facts WHERE id BETWEEN ? AND ? AND doc_id = ?"),
      fix_range = d:prepare("UPDATE docs SET first_fact = ?, last_fact = ? WHERE id = ?"),
      ins_article = d:prepare([[INSERT INTO articles(doc_id, seq, start, stop, title, date, source,
        authors, boilerplate) VALUES (?,?,?,?,?,?,?,?,?)]]),
      -- (factpack.put: a document's articles 8 rows per statement)
      ins_articles = d:prepare("INSERT INTO articles(doc_id, seq, start, stop, title, date, source, "
        .. "authors, boilerplate) VALUES " .. ("(?,?,?,?,?,?,?,?,?)"):rep(8, ",")),
      ins_facts = d:prepare([[INSERT INTO facts(id, doc_id, seq, rule, kind, value, unit, qualifier,
        surface, start, stop, sentence, region, period, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)]]),
      rows = {},
    }
    -- the facts of blocks (pattern matches) go in 16 rows per statement
    -- (see factpack.put_batch): n = 16, 8, 4, 2, 1 rows of 9 values
    for _, n in ipairs{ 16, 8, 4, 2, 1 } do
      p.rows[n] = d:prepare("INSERT INTO facts(doc_id, seq, rule, kind, value, surface, start, stop, "
        .. "sentence) VALUES " .. ("(?,?,?,?,?,?,?,?,?)"):rep(n, ","))
    end
    PER[d] = p
  end
  return p
end

-- store.begin(d): open the write transaction of a batch of documents.  A
-- document's facts get the ids after the largest one in the table: we
-- hold the write lock until the commit, so nobody else takes them, and
-- docs.first_fact/last_fact are known before the facts are written.
function M.begin (d)
  d:exec("BEGIN IMMEDIATE")
  per(d).next_fact = d:val("SELECT coalesce(max(id), 0) + 1 FROM facts")
end

-- The id the next fact will get (see store.begin).
local function next_fact (p, who)
  local first = p.next_fact
  if not first then error("store." .. who .. ": outside store.begin's transaction", 3) end
  return first
end

-- After the n facts of document id went in, got the last rowid: facts take
-- SQLite's ids (max(id) + 1 each: an append, where explicit ids cost a
-- seek per row), which are first..first + n - 1 as predicted unless a
-- deletion in this transaction lowered max(id); then the document's range
-- is fixed.
local function settle (p, id, first, n, got)
  if n == 0 then return end
  if got ~= first + n - 1 then p.fix_range:exec(got - n + 1, got, id) end
  p.next_fact = got + 1
end

-- Write one processed document and its facts (inside store.begin's
-- transaction): replaces an earlier version of the same key.  facts is
-- the string of assay.factpack.pack, holding nfacts facts; row is the
-- document row's metadata as assay.wire gives it (wire.unpack_result's
-- row, or wire.row(meta)): title, date, source, meta (JSON), articles
-- (records) and narts.
function M.write_doc (d, run_id, doc, facts, nfacts, errors, row)
  local p = per(d)
  local first = nfacts > 0 and next_fact(p, "write_doc") or nil
  local last = first and first + nfacts - 1
  local title, date, source, metajson = row.title, row.date, row.source, row.meta
  -- a new key inserts (one statement); a known one replaces its old version
  local id
  local null = db.null
  local function v (x) if x == nil then return null end return x end
  if p.ins_doc:exec{ key = v(doc.key), path = v(doc.path), name = v(doc.name), hash = v(doc.hash),
                     bytes = v(doc.bytes), encoding = v(doc.encoding), title = v(title), date = v(date),
                     source = v(source), meta = v(metajson), text = v(doc.text),
                     rules_hash = v(doc.rules_hash), first_fact = v(first), last_fact = v(last) } == 1 then
    id = d:last_id()
  else
    local prev = p.prev:one(doc.key)
    id = prev.id
    if prev.first_fact then p.del_facts:exec(prev.first_fact, prev.last_fact, id) end
    d:exec("DELETE FROM articles WHERE doc_id = ?", id)
    p.upd_doc:exec(doc.path, doc.name, doc.hash, doc.bytes, doc.encoding, title, date, source,
                   metajson, doc.text, doc.rules_hash, first, last, id)
  end
  if nfacts > 0 then
    local n = factpack.insert(p.ins_facts, facts, id)       -- ids left to SQLite
    if n ~= nfacts then
      error(string.format("store.write_doc: %d facts expected, %d written", nfacts, n), 2)
    end
    settle(p, id, first, n, d:last_id())
  end
  if (row.narts or 0) > 0 then factpack.articles(p.ins_article, row.articles, row.narts, id) end
  for _, e in ipairs(errors) do
    d:exec("INSERT INTO errors(run_id, doc_id, path, rule, message) VALUES (?,?,?,?,?)",
           run_id, id, doc.key, e.rule, e.message)
  end
  return id
end

-- store.put(d, res, pos, stop, rules_hash) -> nfacts, bytes | nil
-- The fast path of the writer: a worker's result res[pos..stop] without
-- errors or stats goes in from C (assay.factpack.put); nil when it is not
-- such a result or its key exists (then write_doc is the way).
function M.put (d, res, pos, stop, rules_hash)
  local p = per(d)
  local id, n, bytes, nextid = factpack.put(p, res, pos, stop, rules_hash, next_fact(p, "put"))
  if not id then return nil end
  p.next_fact = nextid
  return n, bytes
end

-- store.put_batch(d, res, i, pos, rules_hash [, n]) -> i, pos, docs, facts, bytes
-- store.put for a batch's results (assay.wire's "M" result: a string, or a
-- box and its length n, see assay.wire) from result
-- i, whose length prefix is at byte pos: those that qualify go in, up to
-- the first that does not (returned, i > count when none is left; the
-- caller takes it the general way), with how many documents, facts and
-- input bytes went in.
function M.put_batch (d, res, i, pos, rules_hash, n)
  local p = per(d)
  local docs, facts, bytes, first
  i, pos, docs, facts, bytes, first = factpack.put_batch(p, res, i, pos, rules_hash,
                                                         next_fact(p, "put_batch"), n)
  p.next_fact = first
  return i, pos, docs, facts, bytes
end

-- {====== merging shard databases (assay merge) ======

-- store.shard_problem(d, alias) -> nil | why the database attached as
-- alias cannot be merged: another schema version, no finished run, or
-- documents of several rule sets.  Otherwise also returns its last run
-- {rules_hash =, args =}.
function M.shard_problem (d, alias)
  if not d:one("SELECT 1 FROM " .. alias .. ".sqlite_master WHERE name = 'docs'") then
    return "not an assay database (no docs table)"
  end
  local v = d:val("PRAGMA " .. alias .. ".user_version")
  if v ~= M.VERSION then
    return string.format("schema version %d, this assay writes %d: run the shard again with this assay",
                         v, M.VERSION)
  end
  local last = d:one("SELECT rules_hash, finished, args FROM " .. alias .. ".runs ORDER BY id DESC LIMIT 1")
  if not last then return "no run recorded in it" end
  if not last.finished then return "its last run did not finish: run the shard again" end
  -- (an empty hash: a rule was turned off for the document, see assay.run.writer)
  local off = d:val("SELECT count(*) FROM " .. alias .. ".docs WHERE rules_hash = ''")
  if off > 0 then
    return off .. (off == 1 and " document lacks" or " documents lack") .. " the facts of a rule the run "
           .. "turned off (its budget exceeded document after document): fix the rule and run the shard again"
  end
  for r in d:rows("SELECT DISTINCT rules_hash FROM " .. alias .. ".docs") do
    if r.rules_hash ~= last.rules_hash then
      return "its documents come from several rule sets: run the shard again"
    end
  end
  return nil, last
end

-- INSERT INTO main.tbl SELECT ... FROM s.tbl: the columns both have, with
-- expressions for some (over[col]: an SQL expression, or false to leave
-- the column out).
local function copy_table (d, tbl, over, ...)
  local have = {}
  for r in d:rows("PRAGMA s.table_info(" .. tbl .. ")") do have[r.name] = true end
  local cols, exprs = {}, {}
  for r in d:rows("PRAGMA main.table_info(" .. tbl .. ")") do
    local e = over[r.name]
    if e ~= false and (e or have[r.name]) then
      cols[#cols + 1] = r.name
      exprs[#exprs + 1] = e or r.name
    end
  end
  d:exec("INSERT INTO main." .. tbl .. "(" .. table.concat(cols, ", ") .. ") SELECT "
         .. table.concat(exprs, ", ") .. " FROM s." .. tbl .. " ORDER BY rowid", ...)
  return d:changes()
end

-- store.merge_shard(d, label) -> docs, facts, moved: the database attached
-- as "s" goes into d (inside the caller's transaction, foreign keys off:
-- see without_fk).  Its documents, facts, articles, runs, rule stats and
-- errors are copied with their ids shifted past d's (a shard's facts keep
-- their contiguous ranges); label (the shard's file name) marks them
-- (docs.origin, runs.origin).  What an earlier merge of the same label
-- brought goes first (a re-merged shard replaces its documents), and so
-- does a document of the same key from elsewhere (moved: counted).
function M.merge_shard (d, label)
  local ids = {}
  for r in d:rows("SELECT id FROM main.docs WHERE origin = ?", label) do ids[#ids + 1] = r.id end
  local own = #ids
  for r in d:rows([[SELECT m.id FROM main.docs m JOIN s.docs x ON x.key = m.key
                    WHERE m.origin IS NOT ?]], label) do ids[#ids + 1] = r.id end
  M.drop_docs(d, ids)
  local runs = "(SELECT id FROM main.runs WHERE origin = ?)"
  d:exec("DELETE FROM main.errors WHERE run_id IN " .. runs, label)
  d:exec("DELETE FROM main.rule_stats WHERE run_id IN " .. runs, label)
  d:exec("DELETE FROM main.runs WHERE origin = ?", label)
  local function shift (tbl)
    return math.tointeger(d:val("SELECT coalesce((SELECT max(id) FROM main." .. tbl .. "), 0) - "
                                .. "coalesce((SELECT min(id) FROM s." .. tbl .. "), 1) + 1"))
  end
  local dd, fd, rd = shift("docs"), shift("facts"), shift("runs")
  copy_table(d, "runs", { id = "id + " .. rd, origin = "?" }, label)
  copy_table(d, "rule_stats", { run_id = "run_id + " .. rd })
  local docs = copy_table(d, "docs", { id = "id + " .. dd, first_fact = "first_fact + " .. fd,
                                       last_fact = "last_fact + " .. fd, dup_of = "NULL", origin = "?" },
                          label)
  local facts = copy_table(d, "facts", { id = "id + " .. fd, doc_id = "doc_id + " .. dd })
  copy_table(d, "articles", { doc_id = "doc_id + " .. dd })
  copy_table(d, "errors", { id = false, run_id = "run_id + " .. rd, doc_id = "doc_id + " .. dd })
  return docs, facts, #ids - own
end
-- }======

-- The run's counts and rule stats; `finished` stays NULL when the run stopped
-- before its end (Ctrl-C, --strict): assay merge must not take it as complete.
function M.finish_run (d, run_id, summary, stats, stopped)
  d:tx(function ()
    d:exec([[UPDATE runs SET finished = CASE WHEN ? THEN NULL ELSE datetime('now') END, docs = ?,
             skipped = ?, facts = ?, errors = ?, ignored = ? WHERE id = ?]],
           stopped and 1 or 0, summary.docs, summary.skipped, summary.facts, summary.errors, summary.ignored, run_id)
    local names = {}
    for name in pairs(stats) do names[#names + 1] = name end
    table.sort(names)
    for _, name in ipairs(names) do
      local s = stats[name]
      d:exec([[INSERT OR REPLACE INTO rule_stats(run_id, rule, docs, matches, facts, seconds, errors)
               VALUES (?,?,?,?,?,?,?)]], run_id, name, s.docs, s.matches, s.facts, s.seconds, s.errors)
    end
  end)
end

return M
