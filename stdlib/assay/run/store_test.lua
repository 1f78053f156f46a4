-- Tests of assay.run.store: marking the documents that have the same text
-- as another (store.mark_dups), on a new database (fresh: read through the
-- hash index only) and on one marked before.
local t = require "assay.testing"
local store = require "assay.run.store"

local dir = t.tmpdir()
local n = 0
-- a new database holding docs {key, hash}, in order
local function new_db (docs)
  n = n + 1
  local d = assert(store.open(dir .. "/d" .. n .. ".db"))
  d:tx(function ()
    for _, k in ipairs(docs) do
      d:exec([[INSERT INTO docs(key, path, name, hash, bytes, text, rules_hash)
               VALUES (?, ?, ?, ?, 0, ?, 'r')]], k[1], k[1], k[1], k[2], string.rep("字", 3000))
    end
  end)
  return d
end

local function marks (d)
  local out = {}
  for r in d:rows("SELECT key, dup_of FROM docs ORDER BY key") do
    out[#out + 1] = r.key .. "=" .. tostring(r.dup_of)
  end
  return table.concat(out, " ")
end

local function keys (new)
  local out = {}
  for _, p in ipairs(new) do out[#out + 1] = p.key .. "<" .. p.of end
  return table.concat(out, " ")
end

local DOCS = { { "c", "h1" }, { "a", "h1" }, { "b", "h2" }, { "d", "h1" }, { "e", "h3" }, { "f", "h3" },
               { "g", "" }, { "h", "" } }

t.test("a new database: the copies of the smallest key are marked, fresh or not", function ()
  local want
  for _, fresh in ipairs{ true, false } do
    local d = new_db(DOCS)
    local new, total = d:tx(function () return store.mark_dups(d, fresh) end)
    -- ids: c 1, a 2, b 3, d 4, e 5, f 6; "a" has the smallest key of h1, "e" of h3
    t.eq(marks(d), "a=nil b=nil c=2 d=2 e=nil f=5 g=nil h=nil")
    t.eq(total, 3)
    t.eq(keys(new), "c<a d<a f<e")
    want = want or marks(d)
    t.eq(marks(d), want)
    d:close()
  end
end)

t.test("a database marked before: stale marks cleared, only the new ones reported", function ()
  local d = new_db(DOCS)
  d:tx(function () return store.mark_dups(d, true) end)
  -- h3's copy is gone, a new copy of h2 comes, and a stale mark on b
  d:exec("DELETE FROM docs WHERE key = 'f'")
  d:exec([[INSERT INTO docs(key, path, name, hash, bytes, text, rules_hash) VALUES ('bb', 'bb', 'bb', 'h2', 0, 'x', 'r')]])
  d:exec("UPDATE docs SET dup_of = 5 WHERE key = 'e'")
  local new, total = d:tx(function () return store.mark_dups(d) end)
  t.eq(marks(d), "a=nil b=nil bb=3 c=2 d=2 e=nil g=nil h=nil")
  t.eq(total, 3)
  t.eq(keys(new), "bb<b")
  -- the same database again: nothing new, the same marks
  new, total = d:tx(function () return store.mark_dups(d) end)
  t.eq(#new, 0)
  t.eq(total, 3)
  d:close()
end)

t.test("no repeated hash: nothing marked", function ()
  -- (a new database takes a shortcut then; texts without a hash are no copies)
  for _, fresh in ipairs{ true, false } do
    local d = new_db{ { "x", "h1" }, { "y", "h2" }, { "g", "" }, { "h", "" } }
    local new, total = d:tx(function () return store.mark_dups(d, fresh) end)
    t.eq(#new, 0)
    t.eq(total, 0)
    t.eq(marks(d), "g=nil h=nil x=nil y=nil")
    d:close()
  end
end)

t.test("a scratch database journals to a file, which remove_files removes", function ()
  local path = dir .. "/scratch.db"
  local d = assert(store.open(path, { scratch = true }))
  -- in memory, the journal held every index page a transaction changed
  -- (docs_hash grows with the documents)
  t.eq(d:val("PRAGMA journal_mode"), "truncate")
  d:tx(function ()
    d:exec([[INSERT INTO docs(key, path, name, hash, bytes, text, rules_hash) VALUES ('k', 'p', 'n', 'h', 0, 't', 'r')]])
  end)
  d:close()
  local f = io.open(path .. "-journal")
  t.ok(f ~= nil, "the journal file is there")
  if f then f:close() end
  store.remove_files(path)
  t.eq(io.open(path .. "-journal"), nil)
  t.eq(io.open(path), nil)
end)

t.test("a new database (scratch) loads without foreign key checks; any other keeps them", function ()
  local path = dir .. "/fk.db"
  local d = assert(store.open(path, { scratch = true }))
  t.eq(d:val("PRAGMA foreign_keys"), 0)
  d:close()
  d = assert(store.open(path))
  t.eq(d:val("PRAGMA foreign_keys"), 1)
  t.raises(function ()        -- an article of no document: refused
    d:exec("INSERT INTO articles(doc_id, seq, start, stop) VALUES (12345, 1, 1, 1)")
  end, "FOREIGN KEY")
  d:close()
  store.remove_files(path)
end)

t.done()
