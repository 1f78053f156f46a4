-- The literal prefilter (engine/lac.c, docs/rules.md) end to end: assay run
-- stores the very same facts with and without it (--no-prefilter), on the
-- example corpus with the example rules and the built-in packs, on the
-- fupin pack, and on a slice of the bench corpus with the T3 rules (-j 1:
-- the batch C path; -j 2 too); --profile shows the skipped segments.
-- Where Vectorscan is built in, the T3 slice and random rules give the same
-- facts with ASSAY_PREFILTER=hs as with ac; without it that part is skipped.
-- test: no-valgrind
local t = require "assay.testing"
local db = require "assay.db"
local bin, sh, q = t.bin(), t.sh, t.q

local function mkdir () local d = os.tmpname(); os.remove(d); assert(os.execute("mkdir -p " .. d)); return d end
local DIR = mkdir()

-- Every fact of a database, one line each, in document and fact order.
local function facts (path)
  local d = db.open(path)
  local out = {}
  for r in d:rows([[SELECT d.key, f.seq, f.rule, f.kind, quote(f.value), f.unit, f.qualifier, f.surface,
                           f.start, f.stop, f.sentence, f.region, f.period, f.extra
                    FROM facts f JOIN docs d ON d.id = f.doc_id ORDER BY d.key, f.seq]]) do
    local row = {}
    for i = 1, 14 do row[i] = tostring(r[i]) end
    out[#out + 1] = table.concat(row, "\t")
  end
  d:close()
  return out
end

local n = 0
local function run (args, backend)
  n = n + 1
  local path = DIR .. "/" .. n .. ".db"
  local out, code, err = sh("ASSAY_PREFILTER=" .. (backend or "") .. " " .. q(bin) .. " run -q --db " .. q(path)
                            .. " " .. args)
  t.eq(code, 0, args .. ": " .. err .. out)
  return path, out
end

local function eqfacts (with, without, what)
  t.ok(#with > 0, what .. ": some facts")
  t.eq(#with, #without, what .. ": as many facts")
  for i = 1, #with do
    if with[i] ~= without[i] then t.eq(with[i], without[i], what .. ": fact " .. i) break end
  end
end

local function same (rules_corpus, jobs, what)
  eqfacts(facts(run("-j " .. jobs .. " " .. rules_corpus)), facts(run("-j " .. jobs .. " --no-prefilter " .. rules_corpus)),
          what)
end

-- The Vectorscan backend (ASSAY_PREFILTER=hs, docs/internals.md) where built in.
local HAS_HS = false
for _, b in ipairs(require("assay.prefilter").backends()) do HAS_HS = HAS_HS or b == "hs" end
if not HAS_HS then
  t.skip("Vectorscan is not built in (no libvectorscan-dev when this assay was built): hs is not compared with ac")
end
local function backends_same (rules_corpus, jobs, what)
  local ac = facts(run("-j " .. jobs .. " " .. rules_corpus, "ac"))
  eqfacts(facts(run("-j " .. jobs .. " " .. rules_corpus, "hs")), ac, what .. ", hs against ac")
  eqfacts(facts(run("-j " .. jobs .. " --no-prefilter " .. rules_corpus)), ac, what .. ", none against ac")
end

t.test("example corpus, example rules and the built-in packs: the same facts", function ()
  same("examples/rules -- examples/corpus", 1, "examples -j1")
  same("examples/rules -- examples/corpus", 2, "examples -j2")
end)

t.test("the fupin pack: the same facts", function ()
  same("scripts/fupin -- examples/corpus", 1, "fupin -j1")
end)

local KIT = "../shared/bench"
local gen = io.open(KIT .. "/gen-corpus", "r")
if gen then
  gen:close()
  t.test("a slice of the bench corpus, T3 rules: the same facts, the batch C path too", function ()
    local corpus = DIR .. "/corpus"
    local _, code, err = sh("python3 " .. q(KIT .. "/gen-corpus") .. " --mb 1 --seed 20 --out " .. q(corpus))
    t.eq(code, 0, err)
    same("--no-meta scripts/bench/t3.lua -- " .. q(corpus), 1, "T3 -j1")
    same("--no-meta --no-text scripts/bench/t3.lua -- " .. q(corpus), 2, "T3 -j2 --no-text")
    if HAS_HS then
      backends_same("--no-meta --no-text scripts/bench/t3.lua -- " .. q(corpus), 1, "T3 -j1 --no-text")
      backends_same("scripts/bench/t3.lua -- " .. q(corpus), 2, "T3 -j2 with meta")
    end
  end)
else
  t.skip(KIT .. " is absent: the bench slice is not compared")
end

if HAS_HS then
  -- random rules, a file of texts in their alphabet (a few lines not UTF-8)
  t.test("random rules under both backends: the same facts", function ()
    math.randomseed(7)
    local ATOMS = { "扶", "贫", "元", "户", "\\d", "[一-龥]", "[^。]", ".", "村", "(?:万|亿)", "\\b", "^", "$",
                    "(?=元)", "(?<!万)", "“", "”", "[0-9]" }
    local QUANT = { "", "", "?", "+", "*", "{1,3}", "{0,4}?" }
    local lines = {}
    for i = 1, 40 do
      local p = {}
      for k = 1, math.random(1, 5) do p[k] = ATOMS[math.random(#ATOMS)] .. QUANT[math.random(#QUANT)] end
      local fl = ({ "", "", "m", "s", "u" })[math.random(5)]
      lines[i] = ("rule %q { scope = %q, pattern = %q, flags = %q }"):format("r" .. i,
        ({ "sentence", "clause", "line", "document" })[math.random(4)], table.concat(p), fl)
    end
    local ok = {}
    for _, l in ipairs(lines) do
      local f = load("local r = {}; local function rule (n) return function (s) r[n] = s end end; " .. l
                     .. "; return r")
      local spec = select(2, next(f()))
      if pcall(require("assay.re").compile, spec.pattern, spec.flags) then ok[#ok + 1] = l end
    end
    local rf = io.open(DIR .. "/random.lua", "w"); rf:write(table.concat(ok, "\n"), "\n"); rf:close()
    local CH = { "扶", "贫", "元", "户", "万", "亿", "村", "1", "2", "。", "，", "“", "”", "\n", " ", "a" }
    local cdir = DIR .. "/rc"; assert(os.execute("mkdir -p " .. q(cdir)))
    for d = 1, 20 do
      local b = {}
      for k = 1, 400 do b[k] = CH[math.random(#CH)] end
      if d % 5 == 0 then b[#b + 1] = "\xff\xfe元" end
      local f = io.open(("%s/%02d.txt"):format(cdir, d), "wb"); f:write(table.concat(b)); f:close()
    end
    t.ok(#ok > 20, #ok .. " random rules compile")
    backends_same("--no-meta " .. q(DIR .. "/random.lua") .. " -- " .. q(cdir), 1, "random rules -j1")
  end)
end

t.test("ASSAY_PREFILTER: an unknown backend is an error naming it", function ()
  local out, code, err = sh("ASSAY_PREFILTER=fast " .. q(bin) .. " run -q --db " .. q(DIR .. "/bad.db")
                            .. " scripts/bench/t3.lua -- examples/corpus")
  t.eq(code, 1, out .. err)
  t.ok(err:find("ASSAY_PREFILTER=fast: unknown prefilter backend 'fast' (auto, ac or hs)", 1, true), err)
  if not HAS_HS then
    _, code, err = sh("ASSAY_PREFILTER=hs " .. q(bin) .. " run -q --db " .. q(DIR .. "/bad.db")
                      .. " scripts/bench/t3.lua -- examples/corpus")
    t.eq(code, 1)
    t.ok(err:find("built without Vectorscan", 1, true) or err:find("(Vectorscan): cannot load ", 1, true), err)
  end
end)

-- libhs is not linked: dlopen'ed (engine/dlib.c) when a rule set asks for hs,
-- never by the default backend or ac; one that cannot be loaded is an error
-- naming it and the loader's reason, for hs only.
if HAS_HS then
  local MAPPED = [[
local function mapped ()
  for l in io.lines("/proc/self/maps") do if l:find("/libhs[^/]*$") then return l:match("(/%S+)$") end end
  return "none"
end
local pf = require "assay.prefilter"
local list, pats = { { "元" }, { "户" } }, { "\\d+元", "\\d+户" }
pf.new(list, { patterns = pats })
pf.new(list, { patterns = pats, backend = "ac" })
require("assay.rules").load("scripts/bench/t3.lua")
print(mapped())
print((pf.new(list, { patterns = pats, backend = "hs" }):backend()))
print(mapped())
]]
  t.test("libhs: loaded only when hs is asked for", function ()
    local out, code, err = sh("ASSAY_PREFILTER= " .. q(bin) .. " -e " .. q(MAPPED))
    t.eq(code, 0, err)
    local before, backend, after = out:match("^(%S+)\n(%S+)\n(%S+)\n$")
    t.eq(before, "none", out)
    t.eq(backend, "hs", out)
    t.ok(after and after:find("/libhs", 1, true), out)
    -- the soname the build found: the name the loader looked up
    local so = sh("objdump -p " .. q(after or "") .. " | awk '/SONAME/ {print $2}'"):match("%S+")
    t.ok(so and so:find("^libhs%."), "objdump names the soname of " .. tostring(after))
    if not so then return end
    local empty, other = mkdir(), mkdir()
    io.open(empty .. "/" .. so, "w"):close()           -- not a library
    local libm
    for l in io.lines("/proc/self/maps") do libm = libm or l:match("(/%S*/libm[.-]%S*)$") end
    t.ok(libm, "libm is mapped")
    assert(os.execute("cp " .. q(libm) .. " " .. q(other .. "/" .. so)))   -- a library without hs_*
    local T3 = " run -q -j 2 --db " .. q(DIR .. "/nolib.db") .. " scripts/bench/t3.lua -- examples/corpus"
    for dir, why in pairs({ [empty] = empty .. "/" .. so .. ": ", [other] = "no symbol hs_valid_platform" }) do
      local env = "LD_LIBRARY_PATH=" .. q(dir) .. " "
      _, code, err = sh(env .. "ASSAY_PREFILTER=hs " .. q(bin) .. T3)
      t.eq(code, 1, err)
      t.ok(err:find("ASSAY_PREFILTER=hs: prefilter backend 'hs' (Vectorscan): cannot load " .. so .. ": " .. why,
                    1, true), err)
      for _, b in ipairs({ "", "auto", "ac" }) do
        os.remove(DIR .. "/nolib.db")
        _, code, err = sh(env .. "ASSAY_PREFILTER=" .. b .. " " .. q(bin) .. T3)
        t.eq(code, 0, "ASSAY_PREFILTER=" .. b .. ": " .. err)
      end
      out = sh(env .. q(bin) .. " -e 'local l, v = require(\"assay.prefilter\").backends() print(#l, v)'")
      t.eq(out, "1\tnil\n", "backends() without a loadable libhs")
    end
  end)
end

t.test("--profile names the backend", function ()
  local _, out = run("--profile --no-meta scripts/bench/t3.lua -- examples/corpus", "ac")
  t.ok(out:find("\nprefilter: ac (the automaton), 0 rules by their pattern, 20 by their literals, 0 always run\n",
                1, true), out)
  if HAS_HS then
    _, out = run("--profile --no-meta scripts/bench/t3.lua -- examples/corpus", "hs")
    -- persons' (?!次) looks past its match: Vectorscan gets its literals
    t.ok(out:find("\nprefilter: hs (Vectorscan), 19 rules by their pattern, 1 by their literals, 0 always run\n",
                  1, true), out)
  else
    t.skip("Vectorscan is not built in: --profile under hs is not tested")
  end
  _, out = run("--profile --no-prefilter --no-meta scripts/bench/t3.lua -- examples/corpus")
  t.ok(out:find("\nprefilter: none\n", 1, true), out)
end)

t.test("--profile shows the segments each rule skipped", function ()
  local _, out = run("--profile --no-meta scripts/bench/t3.lua -- examples/corpus")
  local header = out:match("[^\n]*rule +docs[^\n]*")
  t.ok(header and header:find("skipped", 1, true), "a skipped column: " .. out)
  local line = out:match("\nprecise_kw +[^\n]*")
  t.ok(line, "a line for precise_kw: " .. out)
  t.ok(tonumber(line:match("(%d+)%s*$")) > 0, "precise_kw skipped segments: " .. line)
  local _, out2 = run("--profile --no-prefilter --no-meta scripts/bench/t3.lua -- examples/corpus")
  local line2 = out2:match("\nprecise_kw +[^\n]*")
  t.eq(tonumber(line2:match("(%d+)%s*$")), 0, "nothing skipped without the prefilter")
end)

local passed, failed = t.counts()
io.stdout:write(("%d passed, %d failed\n"):format(passed, failed))
if failed > 0 then os.exit(1) end

t.test("the automaton's scan: each segment's bits as a literal search of it gives them, for any number "
       .. "and lengths of segments (lac.c scans them in up to four runs side by side)", function ()
  local prefilter = require "assay.prefilter"
  local rules = { { "ab", "ba" }, { "abc" }, { "c" }, { "截至", "至今" }, { "bb", "a截" }, { "zz" },
                  { "aaaa" }, { "cab", "bca" }, { "至" } }
  local a = prefilter.new(rules, { backend = "ac" })
  local pieces = { "a", "b", "c", "截", "至", "今", " ", "z" }
  local row = (#rules + 7) // 8
  math.randomseed(11)
  for _ = 1, 400 do
    local b = {}
    for i = 1, math.random(0, 60) do b[i] = pieces[math.random(#pieces)] end
    local s = table.concat(b)
    local spans, want = {}, {}
    for g = 1, math.random(0, 12) do
      local x = math.random(-2, #s + 2)
      local y = math.max(0, x + math.random(-3, 25))   -- (a stop below 0 reads as the end: segbytes)
      spans[g] = string.pack("=i4i4", x, y)
      local lo, hi = math.max(x, 1), math.min(y, #s)
      while hi >= lo and hi < #s and (s:byte(hi + 1) & 0xC0) == 0x80 do hi = hi + 1 end
      local seg = hi >= lo and s:sub(lo, hi) or nil
      local bits = {}
      for k = 1, row do bits[k] = 0 end
      for i, lits in ipairs(rules) do
        for _, l in ipairs(lits) do
          if seg and seg:find(l, 1, true) then
            bits[(i - 1) // 8 + 1] = bits[(i - 1) // 8 + 1] | (1 << ((i - 1) % 8))
            break
          end
        end
      end
      want[g] = string.char(table.unpack(bits))
    end
    t.eq(a:scan(s, table.concat(spans)), table.concat(want), s)
  end
end)
