-- Tests of assay.factpack (engine/lfacts.c): a document's facts packed into
-- one string by a worker and inserted from it by the writer.
local t = require "assay.testing"
local db = require "assay.db"
local factpack = require "assay.factpack"

local INSERT = [[INSERT INTO facts(id, doc_id, seq, rule, kind, value, unit, qualifier,
  surface, start, stop, sentence, region, period, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)]]

local function facts_db ()
  local d = assert(db.open(":memory:"))
  d:exec([[CREATE TABLE facts(id INTEGER PRIMARY KEY, doc_id, seq, rule, kind, value, unit,
    qualifier, surface, start, stop, sentence, region, period, extra)]])
  return d, d:prepare(INSERT)
end

-- facts_db plus a docs table and run/store.lua's insert of a new document
local function docs_db ()
  local d, ins = facts_db()
  d:exec([[CREATE TABLE docs(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, path, name, hash,
    bytes, encoding, title, date, source, meta, text, rules_hash, first_fact, last_fact)]])
  d:exec([[CREATE TABLE articles(doc_id, seq, start, stop, title, date, source, authors, boilerplate)]])
  local ins_doc = d:prepare([[INSERT INTO docs(key, path, name, hash, bytes, encoding, title, date,
    source, meta, text, rules_hash, first_fact, last_fact) VALUES (:key, :path, :name, :hash, :bytes,
    :encoding, :title, :date, :source, :meta, :text, :rules_hash, :first_fact, :last_fact)
    ON CONFLICT(key) DO NOTHING]])
  return d, ins, ins_doc
end

-- the statements factpack.put and put_batch take (run/store.lua's)
local function stmts (d, ins, ins_doc, rows)
  return { ins_doc = ins_doc, ins_facts = ins, rows = rows,
           ins_article = d:prepare("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?)"),
           fix_range = d:prepare("UPDATE docs SET first_fact = ?, last_fact = ? WHERE id = ?") }
end

-- run/store.lua's multi-row INSERTs of block facts: n = 16, 8, 4, 2, 1 rows
local function row_stmts (d)
  local r = {}
  for _, n in ipairs{ 16, 8, 4, 2, 1 } do
    r[n] = d:prepare("INSERT INTO facts(doc_id, seq, rule, kind, value, surface, start, stop, sentence) VALUES "
                     .. ("(?,?,?,?,?,?,?,?,?)"):rep(n, ","))
  end
  return r
end

local function rows (d)
  local out = {}
  for r in d:rows([[SELECT id, doc_id, seq, rule, kind, value, typeof(value) AS vt, unit,
      qualifier, surface, typeof(surface) AS st, start, stop, sentence, region, period, extra
      FROM facts ORDER BY id]]) do
    out[#out + 1] = r
  end
  return out
end

local TEXT = "投入5万元，又投入3亿元"

t.test("pack and insert: every column, in order, with the ids asked for", function ()
  local d, ins = facts_db()
  local hits = string.pack("=i4i4i4", 7, 13, 0) .. string.pack("=i4i4i4", 26, 32, 1)
  local items = {
    { rule = "money", kind = "funds", value = 50000, unit = "元", qualifier = "exact",
      surface = "5万元", start = 7, stop = 13, sentence = 0, region = "县", period = "2019",
      extra = '{"a":1}' },
    { rule = "r2", kind = "k", value = 1.5, surface = "x" },
    { block = true, rule = "blk", kind = "b", hits = hits },
    { rule = "r3", kind = "k", value = "text value", start = 1, stop = 0, surface = "" },
  }
  local blob, n = factpack.pack(items, TEXT)
  t.eq(n, 5)
  t.eq(factpack.insert(ins, blob, 42, 100), 5)
  local r = rows(d)
  t.eq(#r, 5)
  t.eq({ r[1].id, r[1].doc_id, r[1].seq, r[1].rule, r[1].kind, r[1].value, r[1].vt },
       { 100, 42, 1, "money", "funds", 50000, "integer" })
  t.eq({ r[1].unit, r[1].qualifier, r[1].surface, r[1].start, r[1].stop, r[1].sentence },
       { "元", "exact", "5万元", 7, 13, 0 })
  t.eq({ r[1].region, r[1].period, r[1].extra }, { "县", "2019", '{"a":1}' })
  t.eq({ r[2].value, r[2].vt, r[2].unit, r[2].start, r[2].sentence }, { 1.5, "real", nil, nil, nil })
  -- the block's facts: surfaces cut from the text, NULL value
  t.eq({ r[3].id, r[3].seq, r[3].rule, r[3].surface, r[3].start, r[3].sentence, r[3].vt },
       { 102, 3, "blk", "5万元", 7, 0, "null" })
  t.eq({ r[4].surface, r[4].sentence, r[4].seq }, { "3亿元", 1, 4 })
  -- an empty surface with a span stays an empty string
  t.eq({ r[5].value, r[5].surface, r[5].st, r[5].start, r[5].stop }, { "text value", "", "text", 1, 0 })
end)

t.test("pack: numbers in text fields become text, booleans 1/0, empty optional fields NULL", function ()
  local d, ins = facts_db()
  local blob, n = factpack.pack({
    { rule = "r", kind = 5, unit = 2.0, qualifier = "", region = "", period = "", extra = "",
      value = true, surface = "" },
    { rule = "r", kind = "k", value = false, unit = 1e300 },
    "not a table", 7,
    { block = true, rule = "b", kind = "b", hits = "12345" },          -- not int32 triples
    { block = true, rule = "b", kind = "b" },                          -- no hits
  }, TEXT)
  t.eq(n, 2)
  t.eq(factpack.insert(ins, blob, 1), 2)
  local r = rows(d)
  t.eq({ r[1].kind, r[1].unit, r[1].value, r[1].qualifier, r[1].region, r[1].period, r[1].extra },
       { "5", "2.0", 1, nil, nil, nil, nil })
  t.eq(r[1].surface, nil)                      -- empty and no span: NULL
  t.eq({ r[2].value, r[2].unit }, { 0, "1e+300" })
  -- first_id nil: SQLite picks the ids
  t.eq({ r[1].id, r[2].id, r[1].seq, r[2].seq }, { 1, 2, 1, 2 })
end)

t.test("insert: invalid UTF-8 and NUL bytes are stored as BLOBs, never as broken TEXT", function ()
  local d, ins = facts_db()
  local blob = factpack.pack({ { rule = "r", kind = "k", surface = "a\xffb", value = "x\0y" } }, TEXT)
  factpack.insert(ins, blob, 1, 1)
  local r = d:one("SELECT typeof(surface) AS s, typeof(value) AS v, length(CAST(surface AS BLOB)) AS n FROM facts")
  t.eq({ r.s, r.v, r.n }, { "blob", "blob", 3 })
end)

t.test("insert: corrupt or foreign blobs raise a clear error and leave the statement usable", function ()
  local d, ins = facts_db()
  local good = factpack.pack({ { rule = "r", kind = "k", value = 1 } }, TEXT)
  t.raises(function () factpack.insert(ins, good:sub(1, #good - 3), 1, 1) end,
           "factpack.insert: corrupt fact (fact 1)")
  t.raises(function () factpack.insert(ins, "Zgarbage", 1, 1) end, "factpack.insert: corrupt")
  -- a block whose hits fall outside the text is left out when packed
  local far, nfar = factpack.pack({ { block = true, rule = "b", kind = "b",
                                      hits = string.pack("=i4i4i4", 5, 9999, 0) } }, TEXT)
  t.eq({ far, nfar }, { "", 0 })
  local blk = factpack.pack({ { block = true, rule = "b", kind = "b",
                                hits = string.pack("=i4i4i4", 7, 13, 0) } }, TEXT)
  t.raises(function () factpack.insert(ins, blk:sub(1, #blk - 1), 1, 1) end, "corrupt block")
  -- a statement with other parameters is refused
  local other = d:prepare("INSERT INTO facts(id) VALUES (?)")
  t.raises(function () factpack.insert(other, good, 1, 1) end, "must have 15 parameters")
  t.raises(function () factpack.insert(ins, good, "x", 1) end, "bad argument #3")
  t.raises(function () factpack.insert({}, good, 1, 1) end, "bad argument #1")
  -- a duplicate id is an SQLite error, named
  t.eq(factpack.insert(ins, good, 1, 7), 1)
  t.raises(function () factpack.insert(ins, good, 1, 7) end, "UNIQUE constraint failed")
  -- after all that the statement still works
  t.eq(factpack.insert(ins, good, 1, 8), 1)
  t.eq(d:val("SELECT count(*) FROM facts"), 2)
  t.eq(factpack.insert(ins, "", 1, 9), 0)
end)

t.test("pack: an empty list packs to nothing", function ()
  local blob, n = factpack.pack({}, TEXT)
  t.eq({ blob, n }, { "", 0 })
  t.raises(function () factpack.pack("x", TEXT) end, "bad argument #1")
  t.raises(function () factpack.pack({}) end, "bad argument #2")
end)

t.test("pack and check read facts raw: an __index returning fresh strings is never used", function ()
  -- before: the strings __index made were collected before being copied
  -- (ASan: heap-use-after-free in fp_pack), or freed bytes were stored
  local calls = 0
  local mt = { __index = function (_, k)
    calls = calls + 1
    collectgarbage()
    return ("fresh " .. k):rep(64)
  end }
  local items = {}
  for i = 1, 20 do
    items[i] = setmetatable({ rule = "r", kind = "k", start = 1, stop = 3 }, mt)
  end
  items[21] = setmetatable({ block = true, rule = "r" }, mt)     -- its hits, kind from __index
  setmetatable(items, { __index = function () calls = calls + 1 end,
                        __len = function () calls = calls + 1; return 0 end })
  factpack.check(items, {}, function () return "{}" end)
  local blob, n = factpack.pack(items, TEXT)
  t.eq(n, 20)
  t.eq(calls, 0, "metamethods called")
  t.ok(not blob:find("fresh", 1, true), "a string from __index was packed")
  local d = facts_db()
  factpack.insert(d:prepare(INSERT), blob, 1, 1)
  t.eq(d:val("SELECT count(*) FROM facts WHERE unit IS NULL AND region IS NULL"), 20)
end)

t.test("check: facts made to fit the columns, what cannot be stored reported", function ()
  local json = require "assay.json"
  local cyc = {}; cyc.self = cyc
  local blockhits = string.pack("=i4i4i4", 1, 3, 0)
  local items = {
    { rule = "a", kind = 5, unit = 2.5, value = true, sentence = 1.5, start = 1, stop = 3,
      region = { "x" }, note = "n", [7] = "seven" },
    { rule = "b", kind = "k", value = { 1, 2 }, extra = { z = 1 } },
    { rule = "c", kind = "k", value = cyc, start = 1.0, stop = 2 },
    { kind = "k", start = 4, weird = cyc },
    { block = true, rule = "blk", kind = "b", hits = blockhits, odd = {} },
    "not a fact",
  }
  local errors = {}
  factpack.check(items, errors, json.encode)
  local a = items[1]
  t.eq({ a.kind, a.unit, a.value, a.sentence, a.start, a.stop, a.region, a.note, a[7] },
       { "5", "2.5", 1, nil, 1, 3, nil, nil, nil })
  t.eq(json.decode(a.extra), { note = "n", ["7"] = "seven" })
  t.eq({ items[2].value, items[2].extra }, { "[1,2]", '{"z":1}' })
  t.eq({ items[3].value, items[3].start, items[3].stop }, { nil, nil, nil })
  t.eq({ items[4].start, items[4].weird, items[4].extra }, { nil, nil, nil })
  t.eq(items[5].odd, {})                                   -- blocks are left alone
  local msgs = {}
  for i, e in ipairs(errors) do msgs[i] = e.rule .. ": " .. e.message; t.eq(e.reason, "error") end
  table.sort(msgs)
  t.eq(msgs, {
    "?: fact fields: json.encode: cycle in table",
    "?: fact span must be integers, got number, nil",
    "a: fact field 'region' must be a string, got table",
    "c: fact span must be integers, got number, number",
    "c: fact value: json.encode: cycle in table",
  })
  t.raises(function () factpack.check(items, errors) end, "bad argument #3")
  -- NaN and infinities: SQLite stored NaN as NULL, a value silently gone
  local nf = { { rule = "n", kind = "k", value = 0/0 }, { rule = "i", kind = "k", value = -math.huge },
               { rule = "f", kind = "k", value = 1.5 }, { rule = "m", kind = "k", value = math.mininteger } }
  local errs = {}
  factpack.check(nf, errs, json.encode)
  t.eq({ nf[1].value, nf[2].value, nf[3].value, nf[4].value }, { nil, nil, 1.5, math.mininteger })
  t.eq(#errs, 2)
  t.eq({ errs[1].rule, errs[2].rule }, { "n", "i" })
  t.ok(errs[1].message:find("^fact value must be a finite number, got %-?nan"), errs[1].message)
  t.eq(errs[2].message, "fact value must be a finite number, got -inf")
end)

t.test("put: a worker's result goes in from C; anything else is left to the caller", function ()
  local wire = require "assay.wire"
  local d, ins, ins_doc = docs_db()
  local S = stmts(d, ins, ins_doc)
  local doc = { key = "k1", name = "n", path = "p", text = TEXT, hash = "h", bytes = #TEXT,
                encoding = "UTF-8" }
  local blob, n = factpack.pack({ { rule = "r", kind = "k", value = 5, surface = "5万元", start = 7,
                                    stop = 13, sentence = 0 } }, TEXT)
  local res = wire.result(doc, blob, n, {}, nil, { x = 1 })
  local id, nf, bytes, nxt = factpack.put(S, res, 1, #res, "rh", 1)
  t.eq({ id, nf, bytes, nxt }, { 1, 1, #TEXT, 2 })
  local r = d:one("SELECT * FROM docs")
  t.eq({ r.key, r.name, r.path, r.hash, r.encoding, r.meta, r.text, r.rules_hash, r.first_fact, r.last_fact },
       { "k1", "n", "p", "h", "UTF-8", '{"x":1}', TEXT, "rh", 1, 1 })
  t.eq(d:val("SELECT surface FROM facts WHERE doc_id = 1"), "5万元")
  -- the same key again: nothing written, nil
  t.eq(factpack.put(S, res, 1, #res, "rh", 2), nil)
  t.eq(d:val("SELECT count(*) FROM facts"), 1)
  -- results with errors or stats, and other tags: nil, nothing written
  local doc2 = { key = "k2", name = "n", path = "p", text = "", hash = "h", bytes = 0 }
  local witherr = wire.result(doc2, "", 0, { { rule = "r", message = "m" } }, nil, {})
  t.eq(factpack.put(S, witherr, 1, #witherr, "rh", 2), nil)
  local withstats = wire.result(doc2, "", 0, {}, { r = { docs = 1, matches = 0, facts = 0, seconds = 0,
                                                         errors = 0 } }, {}, { "r" })
  t.eq(factpack.put(S, withstats, 1, #withstats, "rh", 2), nil)
  t.eq(factpack.put(S, "S", 1, 1, "rh", 2), nil)
  t.eq(d:val("SELECT count(*) FROM docs"), 1)
  -- metadata goes in: title, date, source, the rest as JSON, the articles
  local withmeta = wire.result(doc2, "", 0, {}, nil, { title = "t", date = 2020, authors = { "甲" },
    articles = { { start = 1, stop = 2, title = "a", authors = { "乙", "丙" } }, "not one",
                 { start = 3, stop = 4, boilerplate = true } } }, nil, nil, true)
  t.ok(factpack.put(S, withmeta, 1, #withmeta, "rh", 2))
  r = d:one("SELECT * FROM docs WHERE key = 'k2'")
  t.eq({ r.title, r.date, r.source, r.meta, r.text }, { "t", "2020", nil, '{"authors":["甲"],"text_stored":false}', "" })
  local arts = {}
  for a in d:rows("SELECT * FROM articles ORDER BY seq") do arts[#arts + 1] = a end
  t.eq(arts, { { doc_id = 2, seq = 1, start = 1, stop = 2, title = "a", authors = '["乙","丙"]', boilerplate = 0 },
               { doc_id = 2, seq = 3, start = 3, stop = 4, boilerplate = 1 } })
  -- corrupt results and misuse raise
  t.raises(function () factpack.put(S, "Rgarbage", 1, 8, "rh", 2) end, "factpack.put: corrupt result")
  t.raises(function () factpack.put(S, res, 1, #res + 5, "rh", 2) end, "out of bounds")
  t.raises(function () factpack.put(stmts(d, ins_doc, ins), res, 1, #res, "rh", 2) end,
           "the document statement has no parameter :key")
  t.raises(function () factpack.put(stmts(d, ins_doc, ins_doc), res, 1, #res, "rh", 2) end,
           "the facts statement must have 15 parameters")
  -- 19 articles: 8 and 8 by the 8-row INSERT, 3 one by one; the same rows as one at a time
  local many = {}
  for i = 1, 19 do many[i] = { start = i, stop = i + 1, title = "t" .. i, authors = i % 3 == 0 and { "甲" .. i } or nil,
                               boilerplate = i % 5 == 0 } end
  local got = {}
  for v = 1, 2 do
    local d2, ins2, ins_doc2 = docs_db()
    local S2 = stmts(d2, ins2, ins_doc2)
    if v == 2 then
      S2.ins_articles = d2:prepare("INSERT INTO articles VALUES " .. ("(?,?,?,?,?,?,?,?,?)"):rep(8, ","))
    end
    local r19 = wire.result({ key = "k", text = "" }, "", 0, {}, nil, { articles = many })
    t.ok(factpack.put(S2, r19, 1, #r19, "rh", 1))
    got[v] = {}
    for a in d2:rows("SELECT * FROM articles ORDER BY seq") do got[v][#got[v] + 1] = a end
  end
  t.eq(#got[1], 19)
  t.eq(got[2], got[1])
  local bad8 = stmts(d, ins, ins_doc)
  bad8.ins_articles = ins_doc
  t.raises(function () factpack.put(bad8, res, 1, #res, "rh", 2) end, "ins_articles must insert 8 rows of 9 values")
  local badart = stmts(d, ins, ins_doc)
  badart.ins_article = ins_doc
  t.raises(function () factpack.put(badart, res, 1, #res, "rh", 2) end, "the articles statement must have 9 parameters")
  t.raises(function () factpack.put({}, res, 1, #res, "rh", 2) end, "bad argument")
  -- the row binds by name: columns in another order still get their values
  d:exec("DELETE FROM docs")
  local shuffled = d:prepare([[INSERT INTO docs(text, meta, rules_hash, last_fact, first_fact, bytes, source,
    date, title, encoding, hash, name, path, key) VALUES (:text, :meta, :rules_hash, :last_fact, :first_fact,
    :bytes, :source, :date, :title, :encoding, :hash, :name, :path, :key) ON CONFLICT(key) DO NOTHING]])
  local res2 = wire.result(doc, blob, n, {}, nil, { y = 2, source = "s" })
  -- (7 predicted, SQLite gave 2: the range is fixed)
  t.eq(select(4, factpack.put(stmts(d, ins, shuffled), res2, 1, #res2, "rh", 7)), 3)
  r = d:one("SELECT * FROM docs")
  t.eq({ r.key, r.name, r.path, r.hash, r.bytes, r.encoding, r.meta, r.text, r.rules_hash, r.first_fact, r.source },
       { "k1", "n", "p", "h", #TEXT, "UTF-8", '{"y":2}', TEXT, "rh", 2, "s" })
  local partial = d:prepare("INSERT INTO docs(key, path, name, hash, bytes, text, rules_hash) VALUES (:key, :path, :name, :hash, :bytes, :text, :rules_hash)")
  t.raises(function () factpack.put(stmts(d, ins, partial), res, 1, #res, "rh", 2) end,
           "the document statement has no parameter :encoding")
end)

t.test("put_batch: runs of a batch's plain results go in from C, up to the first other one", function ()
  local wire = require "assay.wire"
  local d, ins, ins_doc = docs_db()
  local S = stmts(d, ins, ins_doc)
  local function result (key, facts, errors, meta)
    local doc = { key = key, name = key, path = "p/" .. key, text = TEXT, hash = "h", bytes = #TEXT,
                  encoding = "UTF-8" }
    local blob, n = factpack.pack(facts, TEXT)
    return wire.result(doc, blob, n, errors or {}, nil, meta or {})
  end
  local F = { { rule = "r", kind = "k", value = 5, surface = "5万元", start = 7, stop = 13, sentence = 0 } }
  local F2 = { F[1], { rule = "r", kind = "k", value = 3, surface = "3亿元", start = 26, stop = 32, sentence = 1 } }
  local parts = { result("a", F), result("b", {}), result("c", F2), "S",
                  result("d", F, { { rule = "r", message = "m" } }), result("e", F, nil, { m = 1 }), result("a", F) }
  local batch = { "M", string.pack("<I4", #parts) }
  for _, r in ipairs(parts) do batch[#batch + 1] = string.pack("<s4", r) end
  batch[#batch + 1] = wire.stats(nil, {})
  local res = table.concat(batch)
  -- a, b, c go in; "S" stops the run
  local i, pos, docs, facts, bytes, first = factpack.put_batch(S, res, 1, 6, "rh", 1)
  t.eq({ i, docs, facts, bytes, first }, { 4, 3, 3, 3 * #TEXT, 4 })
  t.eq(res:sub(pos + 4, pos + 4), "S")
  -- from the "S" on: nothing (it is not a document result)
  local i2, pos2, docs2 = factpack.put_batch(S, res, i, pos, "rh", first)
  t.eq({ i2, pos2, docs2 }, { 4, pos, 0 })
  -- after it: d has an error (stops at once), e goes in, a again exists (stops)
  local len = string.unpack("<I4", res, pos)
  i, pos = i + 1, pos + 4 + len
  t.eq({ factpack.put_batch(S, res, i, pos, "rh", first) }, { i, pos, 0, 0, 0, first })
  len = string.unpack("<I4", res, pos)
  i, pos, docs, facts, bytes, first = factpack.put_batch(S, res, i + 1, pos + 4 + len, "rh", first)
  t.eq({ i, docs, facts, first }, { 7, 1, 1, 5 })
  t.eq(d:val("SELECT group_concat(key || ':' || coalesce(first_fact, '-') || '-' || coalesce(last_fact, '-'), ' ') FROM docs"),
       "a:1-1 b:--- c:2-3 e:4-4")
  t.eq(d:val("SELECT meta FROM docs WHERE key = 'e'"), '{"m":1}')
  -- past the end: nothing left
  len = string.unpack("<I4", res, pos)
  local i3, _, docs3 = factpack.put_batch(S, res, 8, pos + 4 + len, "rh", first)
  t.eq({ i3, docs3 }, { 8, 0 })
  -- the same batch as a box and its length (-j 1's writer) goes in alike
  local jobc = require "assay.job"
  local k = 0
  local box, n = jobc.batch(nil, wire.batch({ ("\0"):rep(4 * #parts) }, #parts),
                            function () k = k + 1; return parts[k] end, {}, nil, true)
  t.eq(wire.sub(box, 1, n, n), res)
  local d2, ins2, ins_doc2 = docs_db()
  local S2 = stmts(d2, ins2, ins_doc2)
  t.eq({ factpack.put_batch(S2, box, 1, 6, "rh", 1, n) }, { factpack.put_batch(stmts(docs_db()), res, 1, 6, "rh", 1) })
  t.eq(d2:val("SELECT group_concat(key || ':' || first_fact || '-' || last_fact, ' ') FROM docs"), "a:1-1 c:2-3")
  t.raises(function () factpack.put_batch(S2, box, 1, 6, "rh", 1, n + (1 << 30)) end, "length out of the box")
  -- a predicted id taken (a deletion lowered max(id)): the range is fixed
  d:exec("DELETE FROM facts WHERE id >= 4")
  d:exec("DELETE FROM docs WHERE key = 'e'")
  local one = { "M", string.pack("<I4", 1), string.pack("<s4", result("f", F2)), wire.stats(nil, {}) }
  local r1 = table.concat(one)
  local _, _, _, f1, _, nxt = factpack.put_batch(S, r1, 1, 6, "rh", 10)
  t.eq({ f1, nxt }, { 2, 6 })
  t.eq(d:val("SELECT first_fact || '-' || last_fact FROM docs WHERE key = 'f'"), "4-5")
  -- misuse and corrupt batches raise
  t.raises(function () factpack.put_batch(S, "R", 1, 6, "rh", 1) end, "a batch result expected")
  t.raises(function () factpack.put_batch(S, r1, 1, #r1 + 9, "rh", 1) end, "out of bounds")
  t.raises(function () factpack.put_batch(S, "M\2\0\0\0\9\0\0\0R", 1, 6, "rh", 1) end, "corrupt batch")
  local badfix = stmts(d, ins, ins_doc)
  badfix.fix_range = ins
  t.raises(function () factpack.put_batch(badfix, r1:gsub("f", "g"), 1, 6, "rh", 1) end,
           "fix_range must have 3 parameters")
  t.raises(function () factpack.put_batch(stmts(d, ins_doc, ins), r1:gsub("f", "g"), 1, 6, "rh", 1) end,
           "the document statement has no parameter :key")
end)

t.test("put with the multi-row INSERTs: the same rows as one at a time, any mix of blocks and facts", function ()
  local wire = require "assay.wire"
  local seed = 5
  local function rnd (k) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k + 1 end
  local TEXTS = "投入5万元，又投入3亿元，共计11.63亿元"
  for round = 1, 40 do
    -- a random mix: blocks of 0..40 hits (widths 3, 5, 7), fact tables between them
    local items = {}
    for _ = 1, rnd(6) do
      local kind = rnd(3)
      if kind == 1 then
        items[#items + 1] = { rule = "f" .. rnd(3), kind = "k", value = rnd(2) == 1 and rnd(100) or "v" .. rnd(9),
                              surface = "5万元", start = 7, stop = 13, sentence = 0, unit = rnd(2) == 1 and "元" or nil }
      else
        local w = ({ 3, 5, 7 })[rnd(3)]
        local hits = {}
        for _ = 1, rnd(41) - 1 do
          local h = { 7, 13, rnd(5) - 1 }
          if w >= 5 then h[4], h[5] = 7, 7 end
          if w == 7 then h[6], h[7] = 8, 10 end
          hits[#hits + 1] = string.pack("=" .. ("i4"):rep(w), table.unpack(h))
        end
        items[#items + 1] = { block = true, rule = "b" .. rnd(3), kind = "b", width = w, numeric = rnd(2) == 1,
                              factors = { ["万"] = 1e4 }, hits = table.concat(hits) }
      end
    end
    local blob, n = factpack.pack(items, TEXTS)
    local doc = { key = "k" .. round, name = "n", path = "p", text = TEXTS, hash = "h", bytes = #TEXTS }
    local res = wire.result(doc, blob, n, {}, nil, {})
    local got = {}
    for v = 1, 2 do
      local d, ins, ins_doc = docs_db()
      local id, nf = factpack.put(stmts(d, ins, ins_doc, v == 2 and row_stmts(d) or nil), res, 1, #res, "rh", 1)
      t.eq({ id, nf }, { 1, n })
      got[v] = rows(d)
    end
    t.eq(got[2], got[1], "round " .. round)
  end
  local d, ins, ins_doc = docs_db()
  local bad = row_stmts(d)
  bad[4] = bad[8]
  t.raises(function () factpack.put(stmts(d, ins, ins_doc, bad), "S", 1, 1, "rh", 1) end,
           "rows[4] must insert 4 rows of 9 values")
  t.raises(function () factpack.put(stmts(d, ins, ins_doc, {}), "S", 1, 1, "rh", 1) end, "bad argument")
end)

t.test("mutated results and blobs: a clear error or a row, never a crash", function ()
  local wire = require "assay.wire"
  local d, ins, ins_doc = docs_db()
  local S, SM = stmts(d, ins, ins_doc), stmts(d, ins, ins_doc, row_stmts(d))
  local items = {
    { rule = "r", kind = "k", value = 5, surface = "5万元", start = 7, stop = 13, sentence = 0, extra = "{}" },
    { block = true, rule = "b", kind = "b", width = 7, numeric = true, factors = { ["万"] = 1e4 },
      hits = string.pack("=i4i4i4i4i4i4i4", 7, 13, 0, 7, 7, 8, 10) },
    { block = true, rule = "c", kind = "c", hits = string.pack("=i4i4i4", 26, 32, 1) },
  }
  local blob, n = factpack.pack(items, TEXT)
  t.eq(n, 3)
  local seed = 99
  local function rnd (k) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k + 1 end
  local unexpected = {}
  local function expect (ok, err)
    if not ok and not tostring(err):find("factpack%.") then unexpected[#unexpected + 1] = tostring(err) end
  end
  for i = 1, 1500 do
    local doc = { key = "k" .. i, name = "n", path = "p", text = TEXT, hash = "h", bytes = #TEXT }
    local res = wire.result(doc, blob, n, {}, nil, { title = "t", authors = { "甲" },
                                                    articles = { { start = 1, stop = 3, title = "a" } } })
    local b = { res:byte(1, -1) }
    for _ = 1, rnd(4) do b[rnd(#b)] = rnd(256) - 1 end
    if rnd(3) == 1 then for _ = 1, rnd(8) do table.remove(b, rnd(#b)) end end
    local s = string.char(table.unpack(b))
    expect(pcall(factpack.put, S, s, 1, #s, "rh", 1))
    expect(pcall(factpack.put, SM, s, 1, #s, "rh", 1))
    local mb = "M" .. string.pack("<I4s4", rnd(3), s) .. s:sub(1, rnd(#s))
    expect(pcall(factpack.put_batch, S, mb, 1, 6, "rh", 1))
    expect(pcall(factpack.put_batch, SM, mb, 1, 6, "rh", 1))
    local bb = { blob:byte(1, -1) }
    for _ = 1, rnd(3) do bb[rnd(#bb)] = rnd(256) - 1 end
    expect(pcall(factpack.insert, ins, string.char(table.unpack(bb)), 1))
  end
  t.eq(unexpected, {})
  t.ok(d:val("SELECT count(*) FROM docs") > 0, "some mutations are still valid results")
end)

t.test("expand: a block's facts as tables, values as pack stores them; a bad block raises", function ()
  local s = "投入3.5万元和12元"
  local a1, e1 = s:find("3.5万元", 1, true)
  local a2, e2 = s:find("12元", 1, true)
  local hits = string.pack("=i4i4i4i4i4i4i4", a1, e1, 0, a1, a1 + 2, a1 + 3, a1 + 5)
            .. string.pack("=i4i4i4i4i4i4i4", a2, e2, 0, a2, a2 + 1, 0, -1)
  local b = { block = true, rule = "money", kind = "money", hits = hits, width = 7, numeric = true,
              factors = { ["万"] = 1e4 } }
  local facts = factpack.expand(b, s)
  t.eq(#facts, 2)
  t.eq(facts[1].value, 35000.0); t.eq(facts[1].surface, "3.5万元"); t.eq(facts[1].sentence, 0)
  t.eq(facts[2].value, 12.0); t.eq(math.type(facts[2].value), "float")
  t.eq(factpack.expand({ rule = "r", kind = "k", hits = string.pack("=i4i4i4", 1, 3, 2) }, s, { "x" })[2].surface,
       s:sub(1, 3))
  t.raises(function () factpack.expand({ hits = string.pack("=i4i4i4", 1, 999, 0) }, s) end,
           "factpack.expand: a block of hits")
  t.raises(function () factpack.expand({ hits = "xx", width = 4 }, s) end, "factpack.expand")
  t.raises(function () factpack.expand(b, nil) end, "bad argument #2 to 'expand'")
end)

-- factpack.plain: engine.lua's copy of what rules hand back (facts, blocks, meta)
t.test("plain: a raw copy, array_mt kept, deep tables cut, shared tables shared", function ()
  local amt, other = {}, {}
  local shared = { 1, 2 }
  local v = setmetatable({ a = 1, s = "x", arr = setmetatable({ 3, 4 }, amt), o = setmetatable({ 5 }, other),
                           p = shared, q = shared, [{}] = "table key", [7] = true }, other)
  local c, big = factpack.plain(v, 32, amt)
  t.eq(big, false)
  t.eq(getmetatable(c), nil); t.eq(getmetatable(c.arr), amt); t.eq(getmetatable(c.o), nil)
  t.eq(c.arr[2], 4); t.eq(c.o[1], 5); t.eq(c.a, 1); t.eq(c.s, "x"); t.eq(c[7], true)
  t.eq(c.p == shared, false, "a copy"); t.eq(c.p, c.q, "met twice: one copy")
  local n = 0
  for k in pairs(c) do n = n + 1; t.eq(type(k) ~= "table", true) end
  t.eq(n, 7, "the table key dropped")
  -- a cycle stays a cycle in the copy
  local cyc = {}; cyc.self = cyc
  local cc = factpack.plain({ x = cyc }, 32, amt)
  t.eq(cc.x.self, cc.x)
  -- depth: the top table is at depth 0; a table at maxdepth is nil
  local deep = { d = { d = { d = {} } } }
  local cd = factpack.plain(deep, 2, amt)
  t.eq(type(cd.d), "table"); t.eq(cd.d.d, nil)
  t.eq(factpack.plain(deep, 0, amt), nil)
  -- no table: itself, no second result
  t.eq({ factpack.plain("s", 32, amt) }, { "s" }); t.eq(select("#", factpack.plain(nil, 32, amt)), 2)
  -- __metatable: the array_mt test sees what getmetatable sees
  t.eq(getmetatable(factpack.plain(setmetatable({}, { __metatable = amt }), 32, amt)), amt)
  t.eq(getmetatable(factpack.plain(setmetatable({}, amt), 32, {})), nil)
  -- metamethods are not run
  local c2 = factpack.plain(setmetatable({ k = 1 }, { __pairs = function () error("ran") end,
                                                     __index = function () error("ran") end }), 32, amt)
  t.eq(c2.k, 1)
end)

t.test("plain: big tells a string field over maxs, the surface and nested fields aside", function ()
  local amt = {}
  t.eq(select(2, factpack.plain({ note = "12345" }, 32, amt, 4)), true)
  t.eq(select(2, factpack.plain({ note = "1234" }, 32, amt, 4)), false)
  t.eq(select(2, factpack.plain({ surface = "12345" }, 32, amt, 4)), false)
  t.eq(select(2, factpack.plain({ ["surface\0x"] = "12345" }, 32, amt, 4)), true)
  t.eq(select(2, factpack.plain({ n = { note = "12345" } }, 32, amt, 4)), false)
  t.eq(select(2, factpack.plain({ [1] = "12345" }, 32, amt, 4)), true)
  t.eq(select(2, factpack.plain({ note = "12345" }, 32, amt)), false)
end)

t.test("plain: bad arguments are named", function ()
  local function err (f, ...) local ok, e = pcall(f, ...); t.eq(ok, false); return tostring(e) end
  t.ok(err(factpack.plain, {}, "x", {}):find("bad argument #2 to 'assay.factpack.plain' (number expected", 1, true))
  t.ok(err(factpack.plain, {}, -1, {}):find("depth out of range", 1, true))
  t.ok(err(factpack.plain, {}, 32, nil):find("bad argument #3 to 'assay.factpack.plain' (table expected", 1, true))
  t.ok(err(factpack.plain, {}, 32, {}, -5):find("length out of range", 1, true))
end)

local passed, failed = t.counts()
io.stdout:write(("%d passed, %d failed\n"):format(passed, failed))
if failed > 0 then os.exit(1) end
