-- Tests of assay.job (engine/ljob.c): a worker's batch of file jobs done in
-- C when every rule is a pattern rule without emit.  Both paths write
-- their results with assay.wire (one definition of the bytes); the C path
-- must find what the Lua path (run/worker.lua's `one`, engine.process) finds:
-- the same document, facts, errors and row, stats aside from their
-- seconds, and hand every file it does not fully understand to Lua.
local t = require "assay.testing"
local worker = require "assay.run.worker"
local rules = require "assay.rules"
local json = require "assay.json"
local jobc = require "assay.job"
local host = require "assay.host"
local wire = require "assay.wire"

local function mkdir () local d = os.tmpname(); os.remove(d); assert(os.execute("mkdir -p " .. d)); return d end
local function write (path, s) local f = assert(io.open(path, "wb")); f:write(s); f:close() end

local DIR = mkdir()

-- Every kind of plain-pattern rule: value/scale, the default value of a
-- group (named or not), no groups, needs, each scope, a kind.
local RULES = DIR .. "/rules.lua"
write(RULES, [==[
rule "money" {
  need = { "元" }, scope = "clause",
  pattern = [[(\d+(?:\.\d+)?)(万|亿)?(多|余)?元]],
  value = 1, scale = { 2, { ["万"] = 1e4, ["亿"] = 100000000 } },
}
rule "households" { kind = "count", pattern = [[(\d+)户]], value = 1 }
rule "persons" { pattern = [[(?<value>\d+)(?:名|人)]] }
rule "year" { scope = "line", pattern = [[(?:19|20)\d\d年]] }
rule "title" { scope = "document", pattern = [[《[^《》]{1,40}》]] }
rule "para" { scope = "sentence", need = { "扶贫", "村" }, pattern = [[(\d+)个(\p{Han}{0,6}?)村]] }
rule "word" { pattern = [[[a-z]+]], flags = "i" }
rule "lead" { scope = "line", pattern = [[^\d+(?!\d)|(?<![\d.])\d+$]] }
]==])

local SAMPLES = {}
for _, dir in ipairs{ "examples/corpus", "../shared/corpus/seeds" } do
  local entries = host.dir(dir)
  if entries then
    table.sort(entries, function (a, b) return a.name < b.name end)
    for _, e in ipairs(entries) do
      if e.type == "file" then SAMPLES[#SAMPLES + 1] = dir .. "/" .. e.name end
    end
  elseif dir:find("shared") then
    t.skip("../shared/corpus/seeds is absent: only examples/corpus is compared")
  end
end

-- Files the C path must leave to Lua, and plain ones it must take.
local EDGE = {
  { "empty.txt", "", true },
  { "plain.txt", "2020年投入资金11.63亿元，帮扶7502户13955名群众。\n第二行 abc 3万余元；《脱贫攻坚》", true },
  { "lines.txt", "\n\n12户\r\n\n34人\n", true },
  { "noext", "投入5万元", true },
  { "dot.d/file", "投入6万元", true },
  { "bom.txt", "\xEF\xBB\xBF投入5万元", false },
  { "fullwidth.txt", "投入５万元", false },
  { "ideospace.txt", "投入\xE3\x80\x805万元", false },
  { "nul.txt", "投入5万元\0", false },
  { "latenul.txt", ("投入5万元。"):rep(1000) .. "\0", false },
  { "invalid.txt", "投入5万元\xFF", false },
  { "gbk.txt", "\xCD\xB6\xC8\xEB5\xCD\xF2\xD4\xAA", false },
  { "page.txt", "  \n<html><body>投入5万元</body></html>", false },
  { "page.HTML", "<p>投入5万元</p>", false },
  { "data.jsonl", '{"id":"a","text":"投入5万元"}\n', false },
  { "pdf.txt", "%PDF-1.4 投入5万元", false },
  { "elf.txt", "\x7F" .. "ELF投入5万元", false },
  { "utf16.txt", "\xFF\xFE5\0\0", false },
  { "lt.txt", "<5万元", false },
  { "ltlater.txt", "5万元 <b>", true },
  { "trad.txt", "貧困戶脫貧，投入資金5萬元", false },        -- traditional: the Lua path converts it
  { "twotrad.txt", "貧困户脱贫，投入资金5万元", true },       -- a stray traditional character or two: plain
  -- a saved page's header (its metadata, a boilerplate article of its own)
  { "saved.txt", "URL: http://news.example.cn/2021/03/05/a.html\nTITLE: 河湾县投入5万元\n\n河湾县投入5万元。\n", true },
}
os.execute("mkdir -p " .. DIR .. "/dot.d")
for _, e in ipairs(EDGE) do write(DIR .. "/" .. e[1], e[2]) end

-- What the C path takes, said in Lua: a .txt-like file that is valid
-- UTF-8 without BOM, NUL, magic number or leading markup, with nothing to
-- fold, not in traditional script.
local function lua_plain (path)
  local reader, text = require "assay.reader", require "assay.text"
  local raw = io.open(path, "rb"):read("a")
  return reader.format(path, raw) == "txt" and text.valid(raw) and not raw:find("^\xEF\xBB\xBF")
    and not raw:find("\0", 1, true) and not reader.binary_reason(raw)
    and select(2, text.fold(raw)) == 0 and not raw:find("^%s*<")
    and require("assay.read").traditional(raw, reader.TRADITIONAL_MIN) < reader.TRADITIONAL_MIN
end

local function opts (extra)
  local o = { rules = { RULES }, meta = false, ropts = {} }
  for k, v in pairs(extra or {}) do o[k] = v end
  return o
end

-- The results of a batch answer: each job's bytes, and the stats (seconds
-- left out: they are measured).
local function split (res, nrules)
  local n, pos = string.unpack("<I4", res, 2)
  local out = {}
  for i = 1, n do out[i], pos = string.unpack("<s4", res, pos) end
  local stats = wire.unpack_stats(res, pos)
  for i = 4, 6 * nrules, 6 do stats[i] = 0 end
  return out, stats
end

-- a file job, unframed
local function file_job (p, h, r) return wire.file_entry(p, h, r):sub(5) end

-- a batch of jobs (unframed)
local function batch_job (jobs)
  local e = {}
  for i, j in ipairs(jobs) do e[i] = string.pack("<s4", j) end
  return wire.batch(e, #e)
end

local function batch (paths, known)
  local jobs = {}
  for i, p in ipairs(paths) do
    local k = known and known[i]
    jobs[i] = file_job(p, k and k[1], k and k[2])
  end
  return batch_job(jobs)
end

local function both (o, b)
  local c = worker.init(json.encode(opts(o)))
  local lo = opts(o); lo.lua_only = true
  local l = worker.init(json.encode(lo))
  local rc, nc = c(b)
  local rl, nl = l(b)
  return rc, nc, rl, nl
end

local set = rules.load({ RULES }, { meta = false })
local NR = #set.list

t.test("each segment is a subject of its own: ^ and lookbehind see only it", function ()
  local engine = require "assay.engine"
  local s = "\n\n12户\r\n\n34人 5\n"
  local got = {}
  for _, f in ipairs(engine.expand(engine.process(set, { text = s, key = "k", meta = {} }, {}), s)) do
    if f.rule == "lead" then got[#got + 1] = f.surface end
  end
  t.eq(got, { "12", "34", "5" })
end)

t.test("a plan is made for pattern rules only, and only without reader work", function ()
  t.ok(worker.plan(set, opts()) ~= nil, "plain patterns: a plan")
  t.eq(worker.plan(set, opts({ lua_only = true })), nil)
  t.eq(worker.plan(set, opts({ ropts = { simplify = true } })), nil)
  t.eq(worker.plan(set, opts({ ropts = { simplify = false } })), nil)
  t.eq(worker.plan(set, opts({ ropts = { encoding = "GB18030" } })), nil)
  t.ok(worker.plan(set, opts({ ropts = { encoding = "auto" } })) ~= nil, "auto encoding: a plan")
  local f = DIR .. "/emit.lua"
  write(f, [[rule "e" { pattern = "a", emit = function (m) return { value = 1 } end }]])
  t.eq(worker.plan(rules.load({ f }, { meta = false }), opts()), nil)
  write(f, [[rule "m" { match = function (doc) end }]])
  t.eq(worker.plan(rules.load({ f }, { meta = false }), opts()), nil)
  write(f, [[rule "a" { pattern = "a" }
rule "b" { pattern = "b", after = { "a" } }]])
  t.eq(worker.plan(rules.load({ f }, { meta = false }), opts()), nil)
  -- the built-in metadata rules are match functions the C path runs itself
  local withmeta = rules.load({ RULES }, { meta = true })
  t.ok(withmeta.byname.articles.builtin and withmeta.byname.doc_meta.builtin, "marked built in")
  t.ok(worker.plan(withmeta, opts()) ~= nil, "a plan with the metadata rules")
  -- a rule file's own match function is not built in, even under that name
  write(f, [[rule "articles" { match = function (doc) end }]])
  t.eq(rules.load({ f }, { meta = false }).byname.articles.builtin, nil)
  t.eq(worker.plan(rules.load({ f }, { meta = false }), opts()), nil)
end)

t.test("the C path gives the Lua path's bytes on the samples and every edge file", function ()
  local paths = {}
  for _, p in ipairs(SAMPLES) do paths[#paths + 1] = p end
  for _, e in ipairs(EDGE) do paths[#paths + 1] = DIR .. "/" .. e[1] end
  paths[#paths + 1] = DIR .. "/missing.txt"            -- unreadable: Lua says why
  paths[#paths + 1] = DIR .. "/dot.d"                  -- a directory
  for _, o in ipairs{ {}, { no_text = true }, { meta = true }, { meta = true, no_text = true } } do
    local rc, nc, rl, nl = both(o, batch(paths))
    local NR = o.meta and NR + 2 or NR
    local oc, sc = split(rc, NR)
    local ol, sl = split(rl, NR)
    t.eq(#oc, #paths)
    for i = 1, #paths do t.eq(oc[i], ol[i], paths[i]) end
    t.eq(sc, sl, "stats")
    t.eq(nl, 0, "the Lua-only worker did nothing in C")
    local plain = 0
    for _, p in ipairs(SAMPLES) do if lua_plain(p) then plain = plain + 1 end end
    for _, e in ipairs(EDGE) do if e[3] then plain = plain + 1 end end
    t.eq(nc, plain, "C did the plain files")
  end
  -- exactly which edge files C takes
  for _, e in ipairs(EDGE) do
    local _, nc = worker.init(json.encode(opts()))(batch({ DIR .. "/" .. e[1] }))
    t.eq(nc, e[3] and 1 or 0, e[1])
  end
end)

t.test("the literal prefilter changes no result, only the skipped counts", function ()
  local paths = {}
  for _, p in ipairs(SAMPLES) do paths[#paths + 1] = p end
  for _, e in ipairs(EDGE) do paths[#paths + 1] = DIR .. "/" .. e[1] end
  local b = batch(paths)
  local with = worker.init(json.encode(opts()))
  local without = worker.init(json.encode(opts({ prefilter = false })))
  local lua_without = worker.init(json.encode(opts({ prefilter = false, lua_only = true })))
  local ow, sw = split(with(b), NR)
  local oo, so = split(without(b), NR)
  local ol = split(lua_without(b), NR)
  t.eq(ow, oo)
  t.eq(ow, ol)
  local skipped = 0
  for i = 1, NR do
    t.eq(so[6 * i], 0, "nothing skipped without the prefilter")
    skipped = skipped + sw[6 * i]
    sw[6 * i], so[6 * i] = 0, 0
  end
  t.eq(sw, so, "the other stats")
  t.ok(skipped > 0, "segments were skipped: " .. skipped)
end)

t.test("random texts: C takes exactly the plain ones, with the Lua path's bytes", function ()
  -- pieces that stress the one-pass check: CJK, punctuation led by E3/EF,
  -- full-width forms that fold and some that do not, U+3000, E0/ED
  -- edges, 2- and 4-byte characters, invalid and truncated bytes, NUL
  local SAFE = { "扶贫", "投入", "5万元", "，", "。", "、", "“", "”", "《", "》", "（", "）", "：",
    "！", "＃", "\xE3\x80\x81", "\xEF\xBD\x9F", "\xE0\xA0\x80", "\xED\x9F\xBF", "é", "😀",
    "abc ", "12户", "\n", ";", "1.5亿元", "\xEF\xBC\x8F", "\xEF\xBD\x80", "\xEF\xBC\xBB" }
  local BAD = { "５", "Ａ", "ｚ", "\xEF\xBC\x90", "\xEF\xBC\x99", "\xEF\xBC\xA1", "\xEF\xBC\xBA",
    "\xEF\xBD\x81", "\xEF\xBD\x9A", "\xE3\x80\x80", "\xED\xA0\x80", "\xE0\x9F\xBF",
    "\xF4\x90\x80\x80", "\xC0\xAF", "\xFF", "\x80", "\xE4\xB8", "\0" }
  local seed = 11
  local function rnd (k) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k + 1 end
  local paths, nplain = {}, 0
  for i = 1, 300 do
    local parts = {}
    for _ = 1, rnd(60) do parts[#parts + 1] = SAFE[rnd(#SAFE)] end
    if i % 3 == 0 then                                -- a third get one bad piece somewhere
      table.insert(parts, rnd(#parts + 1), BAD[rnd(#BAD)])
    end
    local p = DIR .. "/r" .. i .. ".txt"
    write(p, "x" .. table.concat(parts))
    paths[i] = p
    if lua_plain(p) then nplain = nplain + 1 end
  end
  local rc, nc, rl = both(nil, batch(paths))
  local oc = split(rc, NR)
  local ol = split(rl, NR)
  local diff = 0
  for i = 1, #paths do
    if oc[i] ~= ol[i] then
      diff = diff + 1
      print(("%q"):format(io.open(paths[i], "rb"):read("a")))
    end
  end
  t.eq(diff, 0, "results that differ")
  t.eq(nc, nplain, "files C took")
  t.ok(nplain > 50 and nplain < 250, "both kinds were generated: " .. nplain .. " plain")
end)

t.test("unchanged files are skipped the same way; a changed rule set redoes them", function ()
  local p = DIR .. "/plain.txt"
  local raw = io.open(p, "rb"):read("a")
  local h = host.hash(raw)
  local rc, nc, rl = both(nil, batch({ p, p, p }, { { h, set.hash }, { h, "other" }, { "x", set.hash } }))
  local oc = split(rc, NR)
  local ol = split(rl, NR)
  t.eq(oc, ol)
  t.eq(oc[1], "S")
  t.eq(oc[2]:sub(1, 1), "R")
  t.eq(oc[3]:sub(1, 1), "R")
  t.eq(nc, 3)
end)

t.test("a rule that blows a PCRE2 limit: the Lua path records the error, the batch goes on", function ()
  local f = DIR .. "/slow.lua"
  write(f, [[rule "slow" { pattern = "(a+)+$" }
rule "ok" { pattern = "b" }]])
  local doc = DIR .. "/slow.txt"
  write(doc, ("a"):rep(40) .. "!b")
  local o = { rules = { f }, meta = false, ropts = {}, match_limit = 1000 }
  local c = worker.init(json.encode(o))
  o.lua_only = true
  local l = worker.init(json.encode(o))
  local b = batch({ doc, DIR .. "/plain.txt" })
  local rc, nc = c(b)
  local rl = l(b)
  local oc, sc = split(rc, 2)
  local ol, sl = split(rl, 2)
  t.eq(oc, ol)
  t.eq(sc, sl)
  t.eq(nc, 1, "the second file went through C")
  local _, _, nf, errors = wire.unpack_result(oc[1])
  t.eq({ nf, #errors }, { 1, 1 })
  t.ok(oc[1]:find("match limit exceeded", 1, true), "the error names the limit")
end)

t.test("-j 1's inline pool: a batch's result is the plan's box, each job run when its result is taken", function ()
  local p1, p2 = {}, {}
  for i = 1, 6 do p1[i] = SAMPLES[(i - 1) % #SAMPLES + 1]; p2[i] = SAMPLES[i % #SAMPLES + 1] end
  p2[7] = DIR .. "/no-such-file.txt"
  local b1, b2 = batch(p1), batch(p2)
  local arg = json.encode(opts())
  local run = worker.init(arg)
  local w1, w2 = run(b1), run(b2)
  local pool = worker.inline_pool(arg)
  t.ok(pool:submit(b1))
  t.ok(pool:submit(b2))               -- two waiting: the box is written when each is taken
  t.eq(pool:pending(), 2)
  for _, want in ipairs{ w1, w2 } do
    local ok, box, n = pool:take()
    t.ok(ok, box)
    t.eq(type(box), "userdata")
    local og, sg = split(wire.sub(box, 1, n, n), NR)
    local ow, sw = split(want, NR)
    t.eq(og, ow)
    t.eq(sg, sw)
  end
  t.eq(pool:pending(), 0)
  -- a document job's result, and a job that raised, come as before
  t.ok(pool:submit(wire.doc_job{ key = "k", name = "n", path = "p", text = "投入5万元。", hash = "h", bytes = 15,
                                 meta = {} }))
  t.ok(pool:submit("M\2\0\0\0"))
  local ok, r = pool:take()
  t.ok(ok and type(r) == "string" and r:sub(1, 1) == "R", r)
  ok, r = pool:take()
  t.eq({ ok, type(r) }, { false, "string" })
end)

t.test("a boxed batch: the same bytes through the pool, and no string of the result's size", function ()
  local paths = {}
  for i = 1, 40 do paths[i] = SAMPLES[(i - 1) % #SAMPLES + 1] end
  local b = batch(paths)
  local arg = json.encode(opts())
  local want = worker.init(arg)(b)
  t.ok(#want > 4096, "a result of some size")
  -- the pool's workers take it as the plan's box and its length
  local p <close> = require("assay.pool").new{ workers = 1, module = "assay.run.worker", arg = arg }
  t.ok(p:submit(b))
  local ok, got = p:take()
  t.ok(ok, got)
  t.eq(#got, #want)
  local og, sg = split(got, NR)            -- the stats' seconds differ
  local ow, sw = split(want, NR)
  t.eq(og, ow)
  t.eq(sg, sw)
  -- the box is the plan's, rewritten batch after batch: what a batch
  -- allocates leaves out the result (a string of its size before)
  local run = worker.init(arg)
  run(b, true); run(b)                     -- boxes and buffers grown
  local function allocated (boxed)
    collectgarbage(); collectgarbage("stop")
    local k0 = collectgarbage("count")
    local r, n = run(b, boxed)
    local kb = collectgarbage("count") - k0
    collectgarbage("restart")
    return kb, r, n
  end
  local kb_str = allocated(false)
  local kb_box, box, n = allocated(true)
  t.eq(type(box), "userdata")
  t.eq(n, #want)
  -- (less 512 bytes: an incidental allocation in one of the two, a short
  -- string interned or a cache's entry, moved the difference by ~40 bytes
  -- either way of the result's size; the string is 130 KiB)
  t.ok(kb_str - kb_box >= (#want - 512) / 1024, ("%.0f KiB a string batch, %.0f KiB a boxed one, result %d bytes")
       :format(kb_str, kb_box, #want))
end)

t.test("a file job reads back as it was made", function ()
  for i, p in ipairs{ "a.txt", "dir/b.txt", ("x"):rep(300) } do
    local e = wire.file_entry(p, i == 2 and "0123456789abcdef" or nil, i == 2 and "rules" or nil,
                              i == 3 and "key" or nil)
    t.eq(string.unpack("<I4", e), #e - 4, "framed")
    t.eq({ wire.file_job(e:sub(5)) }, { p, i == 2 and "0123456789abcdef" or "", i == 2 and "rules" or "",
                                        i == 3 and "key" or "" })
  end
  t.raises(function () wire.file_job("Fxx") end, "a corrupt file job")
end)

t.test("other jobs and broken batches", function ()
  local plan = worker.plan(set, opts())
  local calls = {}
  local function one (j, acc)
    calls[#calls + 1] = j
    if j == "Dboom" then error("boom") end
    return "Z"
  end
  local b = batch_job({ "Dboom", "Dx", file_job(DIR .. "/plain.txt") })
  local acc = {}
  local res, nc = jobc.batch(plan, b, one, acc, { "money" })
  t.eq(nc, 1)
  t.eq(#calls, 2)
  t.eq(res:sub(1, 5), b:sub(1, 5), "the batch's tag and count")
  local r1, p = string.unpack("<s4", res, 6)
  local r2
  r2, p = string.unpack("<s4", res, p)
  t.ok(r1:find("^Xengine/ljob_test.lua:%d+: boom"), r1)
  t.eq(r2, "Z")
  local r3
  r3, p = string.unpack("<s4", res, p)
  t.eq(r3:sub(1, 1), "R", "the file done in C")
  t.ok(acc.money and acc.money.docs == 1 and acc.money.facts == 2, "C's stats added into acc")
  -- the batch's stats follow its results: acc's, in the order given
  local st, stop = wire.unpack_stats(res, p)
  t.eq(stop, #res + 1, "nothing after the stats")
  t.eq({ st[1], st[2], st[3] }, { 1, 2, 2 }, "docs, matches, facts of money")
  local bare = jobc.batch(plan, b, one, {})
  t.eq(bare:sub(-4), "\0\0\0\0", "without an order: a count of no stats")
  t.eq(#bare, p + 3, "the same results")
  -- without a plan everything goes to one
  calls = {}
  local _, n0 = jobc.batch(nil, b, one, {})
  t.eq({ n0, #calls }, { 0, 3 })
  t.raises(function () jobc.batch(plan, "X", one, {}) end, "a batch job expected")
  t.raises(function () jobc.batch(plan, "M\5\0\0\0", one, {}) end, "the batch is truncated")
  t.raises(function () jobc.batch(plan, b:sub(1, -3), one, {}) end, "the batch is truncated")
  t.raises(function () jobc.batch(plan, b, nil, {}) end, "bad argument #3")
  -- a batch that raises after a document done in C: its stats do not leak
  -- into the next batch's
  local fj = file_job(DIR .. "/plain.txt")
  local broken = "M" .. string.pack("<I4s4", 2, fj) .. "\9\0"
  t.raises(function () jobc.batch(plan, broken, one, {}) end, "the batch is truncated")
  local acc2 = {}
  jobc.batch(plan, batch_job({ fj }), one, acc2)
  t.eq(acc2.money and acc2.money.docs, 1)
  t.raises(function () jobc.plan{ rules = {} } end, "field 'rules_hash' must be a string")
  t.raises(function () jobc.plan{ rules = { { name = "x" } }, rules_hash = "h" } end, "assay.regex expected")
  t.raises(function () jobc.plan{ rules = { { name = 1 } }, rules_hash = "h" } end, "field 'name' must be a string")
  t.raises(function () jobc.plan{ rules = 5 } end, "a rules array expected")
  t.raises(function ()
    jobc.plan{ rules = { { name = "x", kind = "k", regex = require("assay.re").compile("a"), scope = "page" } },
               rules_hash = "h" }
  end, "invalid option 'page'")
end)

t.test("the batch result's box, kept from batch to batch, grows inside a document and serves the next", function ()
  -- 64 KiB to start: a text of ~300 KB grows it while the C path writes
  -- it; the batches after it (small, big, mixed with the Lua path's
  -- results) read back as the Lua path writes them
  local big = DIR .. "/big.txt"
  write(big, ("村里投入资金5万元修路，新建校舍3所。\n"):rep(6000))
  local c = worker.init(json.encode(opts()))
  local lo = opts(); lo.lua_only = true
  local l = worker.init(json.encode(lo))
  local batches = {
    batch({ DIR .. "/plain.txt", big, DIR .. "/plain.txt" }),
    batch({ DIR .. "/plain.txt" }),
    batch({ DIR .. "/gbk.txt", big, DIR .. "/page.txt", DIR .. "/plain.txt" }),
    batch({ big, big }),
  }
  for k, b in ipairs(batches) do
    local rc, nc = c(b)
    local rl = l(b)
    local n = string.unpack("<I4", b, 2)
    local oc, sc = split(rc, NR)
    local ol, sl = split(rl, NR)
    t.eq(#oc, n, "batch " .. k .. ": a result per job")
    t.eq(oc, ol, "batch " .. k)
    t.eq(sc, sl, "batch " .. k .. ": stats")
    t.ok(nc > 0, "batch " .. k .. " went through C")
  end
end)

t.test("a box an outsized batch grew is not kept for the batches after it", function ()
  -- a text of 4.5 MB grows the box past the 4 MiB kept (AY_JOB_KEEP): the
  -- next batch starts a small one, so the heap does not keep 8 MiB
  local huge = DIR .. "/huge.txt"
  write(huge, ("村里投入资金5万元修路，新建校舍3所。\n"):rep(90000))
  local c = worker.init(json.encode(opts()))
  local small = batch({ DIR .. "/plain.txt" })
  local function after (b)                  -- the heap once b and then small went through
    c(b)
    c(small)
    collectgarbage(); collectgarbage()
    return collectgarbage("count")
  end
  local base = after(small)
  local grown = after(batch({ huge })) - base
  t.ok(grown < 1024, ("%.0f KiB more kept after a 4.5 MB document"):format(grown))
  os.remove(huge)
end)

t.test("mutated sub-jobs: an answer for each, never a crash", function ()
  local plan = worker.plan(set, opts())
  local seed = 7
  local function rnd (k) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k + 1 end
  local good = file_job(DIR .. "/plain.txt", "h", "r")
  for _ = 1, 500 do
    local bytes = { good:byte(1, -1) }
    for _ = 1, rnd(3) do bytes[rnd(#bytes)] = rnd(256) - 1 end
    local job = string.char(table.unpack(bytes))
    local res = jobc.batch(plan, batch_job({ job }), function () return "L" end, {})
    local r = string.unpack("<s4", res, 6)
    t.ok(r == "L" or r:sub(1, 1) == "R" or r == "S", "an answer: " .. r:sub(1, 20))
  end
end)

os.execute("rm -rf " .. DIR)
local passed, failed = t.counts()
io.stdout:write(("%d passed, %d failed\n"):format(passed, failed))
if failed > 0 then os.exit(1) end
