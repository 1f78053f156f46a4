-- Tests of assay.wire (engine/lwire.c): the one definition of the bytes a
-- batch run's jobs and results are made of.  What goes in comes back out;
-- a result's ROW is the document row as the writer stores it.
local t = require "assay.testing"
local wire = require "assay.wire"

local DOC = { key = "a/b.txt", name = "b.txt", path = "/c/a/b.txt", text = "投入5万元。\n第二行", hash = "0123",
              bytes = 99, encoding = "GB18030", meta = { line = 3, tag = "x" } }

t.test("a document job reads back as it was made", function ()
  local job = wire.doc_job(DOC)
  t.eq(job:sub(1, 1), "D")
  local d, pos = wire.unpack_doc(job, 2)
  t.eq(pos, #job + 1)
  t.eq(d, DOC)
  local d2 = wire.unpack_doc(wire.doc_job{ key = "k", text = "t" }, 2)
  t.eq(d2, { key = "k", name = "", path = "", text = "t", hash = "", bytes = 1, meta = {} })
  t.raises(function () wire.doc_job{ text = "t" } end, "the document has no key")
  t.raises(function () wire.doc_job{ key = "k" } end, "the document has no text")
  t.raises(function () wire.unpack_doc("Dxx", 2) end, "a corrupt document")
end)

t.test("a result reads back: document, facts, errors, stats, row", function ()
  local errors = { { rule = "r", message = "boom" }, { rule = "s", message = "slow", reason = "timeout" } }
  local stats = { r = { docs = 1, matches = 2, facts = 3, seconds = 0.5, errors = 1, skipped = 4 } }
  local res = wire.result(DOC, "BLOB", 7, errors, stats, { title = "标题" }, { "r", "s" })
  t.eq(res:sub(1, 1), "R")
  local d, blob, n, errs, st, row = wire.unpack_result(res)
  t.eq({ d.key, d.text, d.bytes, d.encoding, d.meta }, { DOC.key, DOC.text, 99, "GB18030", nil })
  t.eq({ blob, n }, { "BLOB", 7 })
  t.eq(errs, { { rule = "r", message = "boom", reason = "error" }, { rule = "s", message = "slow", reason = "timeout" } })
  t.eq(st, { flat = true, 1, 2, 3, 0.5, 1, 4, 0, 0, 0, 0.0, 0, 0 })
  t.eq({ row.title, row.narts }, { "标题", 0 })
  -- inside a longer string, by range
  local framed = "xx" .. res .. "yy"
  t.eq((wire.unpack_result(framed, 3, 2 + #res)).key, DOC.key)
  t.raises(function () wire.unpack_result(res:sub(1, -2)) end, "a corrupt result")
  t.raises(function () wire.unpack_result("S") end, "a corrupt result")
  -- no_text: the text does not travel
  t.eq((wire.unpack_result(wire.result(DOC, "", 0, {}, nil, {}, nil, nil, true))).text, "")
  t.raises(function () wire.result(DOC, "", 0, "x") end, "bad argument #4")
end)

t.test("the row: what store.write_doc stored of a meta table", function ()
  local row = wire.row({ title = 5, date = true, source = "来源", authors = { "甲", "乙" }, n = 1.5,
                         articles = { { start = 1, stop = 9, title = "t", date = "2020-01-02", authors = { "甲" } },
                                      { start = 1.5, stop = 3 }, 7,
                                      { start = 10, stop = 20, boilerplate = true, authors = {}, source = 3 } } })
  t.eq({ row.title, row.date, row.source, row.meta, row.narts }, { "5", "true", "来源", '{"authors":["甲","乙"],"n":1.5}', 2 })
  t.eq(row.articles, table.concat{
    string.pack("<i8i8i8", 1, 1, 9), "s", string.pack("=I4", 1), "t", "s", string.pack("=I4", 10), "2020-01-02", "-",
    "s", string.pack("=I4", 7), '["甲"]', "\0",
    string.pack("<i8i8i8", 4, 10, 20), "-", "-", "i", string.pack("=i8", 3), "-", "\1" })
  -- nothing: no meta; the reader's fields a rule removed come back; text_stored
  t.eq(wire.row(nil), { meta = nil, articles = "", narts = 0 })
  t.eq(wire.row({}, { line = 3, _normalize = { "fold" }, title = "r" }).meta, '{"line":3}')
  t.eq(wire.row({ line = 4 }, { line = 3 }, true).meta, '{"line":4,"text_stored":false}')
  -- what cannot be stored raises
  t.raises(function () wire.row({ articles = { { start = 1, stop = 2, title = {} } } }) end, "title: cannot store a table")
  t.raises(function () wire.row({ x = print }) end, "json.encode")
end)

t.test("the row's meta column and authors are json.encode's bytes (one encoder, called from C)", function ()
  local json = require "assay.json"
  math.randomseed(71207)
  local words = { "甲", "王建国", "a\"b", "x\ny", ("长"):rep(120), "", "\1", "é" }
  local function value (depth)
    local k = math.random(depth > 2 and 4 or 7)
    if k == 1 then return words[math.random(#words)]
    elseif k == 2 then return math.random(-5, 5) * (math.random(2) == 1 and 1 or 0.25)
    elseif k == 3 then return math.random(2) == 1
    elseif k == 4 then return json.null
    elseif k == 5 then return json.array()
    elseif k == 6 then
      local a = {}
      for i = 1, math.random(0, 4) do a[i] = value(depth + 1) end
      return a
    end
    local o = {}
    for _ = 1, math.random(0, 4) do o[words[math.random(#words)] .. math.random(3)] = value(depth + 1) end
    return o
  end
  for round = 1, 300 do
    local m, rest = {}, {}
    for _ = 1, math.random(0, 5) do
      local key = ({ "authors", "n", "tags", "x", "来源地" })[math.random(5)]
      m[key] = value(1); rest[key] = m[key]
    end
    local authors = {}
    for i = 1, math.random(1, 70) do authors[i] = words[math.random(#words)] .. i end
    m.articles = { { start = 1, stop = 2, authors = authors } }
    local row = wire.row(m)
    local want = next(rest) and json.encode(rest) or nil
    t.eq(row.meta, want, "round " .. round)
    local aj = json.encode(authors)
    t.eq(row.articles:sub(25 + 3 + 1, 25 + 3 + 4), string.pack("=I4", #aj))
    t.eq(row.articles:sub(25 + 3 + 5, 25 + 3 + 4 + #aj), aj)
  end
end)

t.test("file jobs, batches and stats", function ()
  local e1, e2 = wire.file_entry("a.txt"), wire.file_entry("b.txt", "h", "r", "k")
  local b = wire.batch({ e1, e2 }, 2)
  t.eq(b, "M" .. string.pack("<I4", 2) .. e1 .. e2)
  t.eq({ wire.file_job(e2:sub(5)) }, { "b.txt", "h", "r", "k" })
  local s = wire.stats({ a = { docs = 2, matches = 1, facts = 1, seconds = 0.25, errors = 0 } }, { "a", "z" })
  local st, pos = wire.unpack_stats("xy" .. s, 3)
  t.eq(pos, #s + 3)
  t.eq(st, { flat = true, 2, 1, 1, 0.25, 0, 0, 0, 0, 0, 0.0, 0, 0 })
  t.eq((wire.unpack_stats(wire.stats(nil, {}), 1)), { flat = true })
  t.raises(function () wire.unpack_stats(string.pack("<I4", 3), 1) end, "corrupt stats")
  -- walking a batch
  local n, pos = wire.first(b)
  t.eq(n, 2)
  local f, to
  f, to, pos = wire.next(b, pos)
  t.eq(b:sub(f, to), e1:sub(5))
  f, to, pos = wire.next(b, pos)
  t.eq({ b:sub(f, to), pos }, { e2:sub(5), #b + 1 })
  t.raises(function () wire.next(b, pos) end, "a truncated batch")
  t.raises(function () wire.next(b:sub(1, -2), 6 + #e1) end, "a truncated batch")
  t.raises(function () wire.first("R") end, "a batch expected")
end)

t.test("a batch result as a box and its length reads as its string does (-j 1's writer takes the box)", function ()
  local jobc = require "assay.job"
  local b = wire.batch({ wire.file_entry("a.txt"), wire.file_entry("b.txt") }, 2)
  local function one (job) return job:find("a.txt", 1, true) and "S" or "Eno such file" end
  local s = jobc.batch(nil, b, one, {})
  local box, n = jobc.batch(nil, b, one, {}, nil, true)
  t.eq(type(box), "userdata")
  t.eq(n, #s)
  t.eq(wire.sub(box, 1, n, n), s)
  t.eq({ wire.first(box, n) }, { wire.first(s) })
  local _, pos = wire.first(s)
  for _ = 1, 2 do
    local f, to, p2 = wire.next(s, pos)
    t.eq({ wire.next(box, pos, n) }, { f, to, p2 })
    t.eq(wire.sub(box, f, to, n), s:sub(f, to))
    pos = p2
  end
  t.eq({ wire.unpack_stats(box, pos, n) }, { wire.unpack_stats(s, pos) })
  t.eq(wire.sub(s, 3, 2), "")
  -- the length is the caller's, within the box; bounds hold as for a string
  t.raises(function () wire.first(box) end, "number expected")
  t.raises(function () wire.first(box, n + (1 << 30)) end, "length out of the box")
  t.raises(function () wire.first(box, -1) end, "length out of the box")
  t.raises(function () wire.next(box, n + 2, n) end, "out of bounds")
  t.raises(function () wire.sub(box, 1, n + 1, n) end, "out of bounds")
  t.raises(function () wire.sub(s, 0, 1) end, "out of bounds")
  -- a userdata with a metatable is no box
  t.raises(function () wire.first(io.stdout, 1) end, "string expected")
end)

t.test("mutated results: an error or a result, never a crash", function ()
  local res = wire.result(DOC, "BLOB", 1, { { rule = "r", message = "m" } }, nil,
                          { title = "t", articles = { { start = 1, stop = 2, title = "a" } } })
  local seed = 3
  local function rnd (k) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k + 1 end
  for _ = 1, 2000 do
    local b = { res:byte(1, -1) }
    for _ = 1, rnd(4) do b[rnd(#b)] = rnd(256) - 1 end
    local ok, err = pcall(wire.unpack_result, string.char(table.unpack(b)))
    t.ok(ok or tostring(err):find("wire.unpack_result", 1, true), tostring(err))
  end
end)

local passed, failed = t.counts()
io.stdout:write(("%d passed, %d failed\n"):format(passed, failed))
if failed > 0 then os.exit(1) end
