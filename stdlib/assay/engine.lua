-- assay/engine.lua: applies a loaded rule set to one document.
--
--   engine.process(set, doc, limits, stats) -> items, errors, stats, doc
--
-- items are facts and blocks of pattern hits (engine.expand makes facts of
-- them); doc is the document as the rules left it (its meta).
-- doc = {text =, key =, name =, path =, meta = {}}: the text is UTF-8 (the
-- reader made it so).  Every rule runs under host.call with the limits
-- ({instructions =, memory =, seconds =, trial =}: trial = 0 runs every
-- rule with Lua twice, false never, see "a rule that runs twice" below);
-- an error or a blown budget in one rule is
-- recorded in `errors` ({rule =, message =}) and the other rules still run.
-- facts are tables with kind, value, unit, qualifier, surface, start, stop
-- (1-based inclusive byte span in doc.text), sentence, rule, and any other
-- fields the rule set (kept as extra).  stats[rule] = {matches =, facts =,
-- seconds =}.
local text = require "assay.text"
local host = require "assay.host"

local M = {}

-- A state that runs rules collects garbage when its heap reaches 4x what
-- the last collection kept (Lua's default: 2x): rule packs that make many
-- short-lived tables (assay.places, scripts/fupin) spend ~10 % less CPU,
-- for a larger heap (the fupin pack at -j 2: 115 MB peak instead of 70).
-- A rule's memory budget still holds: a failed allocation collects in
-- full before it gives up.
M.GC_PAUSE = 400
collectgarbage("incremental", M.GC_PAUSE)

-- assay.cn, loaded on the first fact with a quantity (most rule sets have
-- none, and every worker thread would pay for loading it)
local cn_ok, cn

-- Byte spans of the segments a rule matches in, packed as native int32
-- pairs (text.spans), computed once per document and scope.
local spans, sunpack = text.spans, string.unpack
local SPLIT = {
  sentence = function (s) return spans(s, "sentence") end,
  clause = function (s) return spans(s, "clause") end,
  line = function (s) return spans(s, "line") end,
  document = function (s) return #s > 0 and string.pack("=i4i4", 1, #s) or "" end,
}

local json = require "assay.json"
local factpack = require "assay.factpack"

local Doc = {}
Doc.__index = Doc

-- doc:emit(fact) from match functions.
function Doc:emit (f)
  if type(f) ~= "table" then
    error("bad argument #1 to 'emit' (a fact table expected, got " .. type(f) .. ")", 2)
  end
  self._emitted[#self._emitted + 1] = f
  return f
end

-- The packed spans of a scope (what r:scan takes), cached per document
-- where rules cannot reach (a forged cache would feed r:scan other spans).
local SPANS = setmetatable({}, { __mode = "k" })
function Doc:packed_spans (scope)
  scope = scope or "sentence"
  local cache = SPANS[self]
  if not cache then cache = {}; SPANS[self] = cache end
  local c = cache[scope]
  if not c then
    c = SPLIT[scope](self.text)
    cache[scope] = c
  end
  return c
end

-- doc:spans(scope) -> flat array {s1, e1, s2, e2, ...}
function Doc:spans (scope)
  local p = self:packed_spans(scope)
  local out = {}
  for i = 1, #p // 4 do out[i] = (sunpack("=i4", p, 4 * i - 3)) end
  return out
end

-- The articles of the document (assay.articles.split, once per document):
-- array of {start =, stop =, title =, date =, source =, authors =,
-- boilerplate =}, spans in doc.text.
function Doc:articles ()
  local a = self._articles
  if not a then a = require("assay.articles").split(self.text); self._articles = a end
  return a
end

-- Iterate the sentences: for i, start, stop in doc:sentences() do
function Doc:sentences (scope)
  local p = self:packed_spans(scope)
  local i, n = 0, #p // 8
  return function ()
    i = i + 1
    if i <= n then return i, sunpack("=i4i4", p, 8 * i - 7) end
  end
end


-- Why a fact's span start..stop does not fit text, or nil when it does.
-- The numbers go on a second line: a run folds a rule's errors by their
-- first line, and one line per document said the same thing 10,000 times.
local function span_error (a, b, s)
  if math.type(a) ~= "integer" or math.type(b) ~= "integer" or a < 1 or b > #s or b < a - 1 then
    return "a fact span is outside the document\nfact span " .. tostring(a) .. ".." .. tostring(b)
           .. ", document 1.." .. #s
  end
end

-- Fill in what a rule's fact may leave out.
local function complete (f, rule, doc, m)
  if f.kind == nil then f.kind = rule.kind end
  if m then
    if f.start == nil then f.start, f.stop = m.start, m.stop end
    if f.sentence == nil then f.sentence = m.sentence end
  end
  if f.quantity ~= nil then
    if cn_ok == nil then cn_ok, cn = pcall(require, "assay.cn") end
    if not cn_ok then error("quantity = needs the assay.cn module", 0) end
    local q, why = f.quantity, nil
    if type(q) ~= "table" then q, why = cn.quantity(tostring(q)) end
    -- a fact without its value would be stored silently: an error of the rule
    if not q then error("quantity = " .. string.format("%q", tostring(f.quantity)) .. ": " .. tostring(why), 0) end
    if f.value == nil then f.value = q.value end
    if f.unit == nil then f.unit = q.unit end
    if f.qualifier == nil then f.qualifier = q.qualifier end
    if type(f.quantity) == "string" and f.surface == nil and f.start and m then
      -- the quantity's own span inside the match, when it occurs there
      local i = doc.text:find(f.quantity, f.start, true)
      if i and i + #f.quantity - 1 <= f.stop then
        f.start, f.stop = i, i + #f.quantity - 1
      end
    end
    f.quantity = nil
  end
  if f.start ~= nil then
    local bad = span_error(f.start, f.stop, doc.text)
    if bad then error(bad, 0) end
    if f.surface == nil then f.surface = doc.text:sub(f.start, f.stop) end
  end
  f.rule = rule.name
  return f
end

local function add_result (out, r, rule, doc, m)
  if r == nil or r == false then return 0 end
  if type(r) ~= "table" then
    error((rule.emit and "emit" or "match") .. " must return a fact table, an array of facts or nil, got "
          .. type(r), 0)
  end
  if next(r) == nil then return 0 end       -- an empty array: no facts
  if r[1] ~= nil and type(r[1]) == "table" then
    for i, f in ipairs(r) do
      if type(f) ~= "table" then
        error((rule.emit and "emit" or "match") .. " returned an array whose item " .. i
              .. " is a " .. type(f) .. ", not a fact table", 0)
      end
      out[#out + 1] = complete(f, rule, doc, m)
    end
    return #r
  end
  out[#out + 1] = complete(r, rule, doc, m)
  return 1
end

local function has_needs (rule, s)
  for _, lit in ipairs(rule.need) do
    if not s:find(lit, 1, true) then return false end
  end
  return true
end

-- The groups whose spans r:scan packs with each hit of a rule without
-- emit, and whether the value is a number: value = G (and scale's group),
-- else group "value", else group 1, as text; nil without groups.  (Also
-- what assay.job's plan takes.)
function M.block_groups (rule)
  if rule.value_group then return { rule.value_group, rule.scale_group }, true end
  if rule.ngroups > 0 then return { rule.value_named or 1 }, false end
  return nil, false
end

-- A match object's metatable: reading a group its pattern does not have
-- (m.abvoe for m.above, m[3] with two groups) is an error naming the rule,
-- not a nil that an emit takes for "the group did not take part" (and so
-- for an exact figure).  Groups that did not take part are false.
local MATCH_MT = setmetatable({}, { __mode = "k" })   -- rule -> metatable
local function match_mt (rule)
  local mt = MATCH_MT[rule]
  if mt then return mt end
  local n, names = rule.regex:groups()
  local list = {}
  for k in pairs(names) do list[#list + 1] = k end
  table.sort(list)
  local named = #list > 0 and "named groups: " .. table.concat(list, ", ") or "no named groups"
  mt = { __index = function (_, k)
    if math.type(k) == "integer" then
      error(string.format("m[%d]: the pattern of rule '%s' has %d group%s", k, rule.name, n,
                          n == 1 and "" or "s"), 2)
    end
    error(string.format("m.%s: the pattern of rule '%s' has no group '%s' (%s; fields: start, stop, "
                        .. "text, sentence, span_start, span_stop; an emit shared by rules reads a group "
                        .. "some lack with rawget(m, %q))", tostring(k), rule.name, tostring(k), named, tostring(k)), 2)
  end }
  MATCH_MT[rule] = mt
  return mt
end

-- One C call finds every match in every segment: r:scan for positions
-- (and the spans of the value groups), r:matches for the match objects an
-- emit function takes: m.start, m.stop (doc bytes), m.text, m[1..n],
-- m.name, m.sentence (0-based segment index), m.span_start/m.span_stop.
local function run_pattern (rule, doc, out, sp)
  local s = doc.text
  sp = sp or Doc.packed_spans(doc, rule.scope)   -- not doc:, which a rule may shadow
  local rx = rule.regex
  local emit = rule.emit
  local kind, name = rule.kind, rule.name
  if not emit then
    -- facts that are just the matches (and a value from a group) stay a
    -- block of positions: int32 start, stop, segment, then the spans of the
    -- value group and the scale group; factpack makes the facts in C
    local groups, numeric = M.block_groups(rule)
    local hits = rx:scan(s, sp, true, groups)
    local width = 3 + 2 * (groups and #groups or 0)
    if #hits > 0 then
      out[#out + 1] = { block = true, rule = name, kind = kind, hits = hits, width = width,
                        numeric = numeric, factors = rule.factors }
    end
    return #hits // (4 * width)
  end
  -- match objects made in C, one call per document (r:matches)
  local ms = rx:matches(s, sp)
  local mt = match_mt(rule)
  for i = 1, #ms do
    local m = setmetatable(ms[i], mt)
    add_result(out, emit(m, doc), rule, doc, m)
  end
  return #ms
end

-- The facts of a block, as tables: factpack.expand, the C that also
-- gives factpack.pack its values (one definition of a block fact's value).
local block_facts = factpack.expand

-- items (facts and blocks) -> facts only
function M.expand (items, s)
  local out = {}
  for i = 1, rawlen(items) do                 -- raw: rules may have set metatables
    local f = rawget(items, i)
    if type(f) == "table" and rawget(f, "block") == true then block_facts(f, s, out)
    else out[#out + 1] = f end
  end
  return out
end

-- Number of facts in an item list.
function M.count (items)
  local n = 0
  for _, f in ipairs(items) do n = n + (f.block and #f.hits // (4 * (f.width or 3)) or 1) end
  return n
end

-- {====== the literal prefilter (assay.prefilter, engine/lac.c) ======
-- set.prefilter scans the segments of each scope once per document for
-- every rule's literals; rule i's pattern then runs only in the segments
-- where one of its literals occurs (the others become empty spans, so the
-- segment numbers stay).  Returns the spans for rule i and how many
-- segments it skips.
local HITS = setmetatable({}, { __mode = "k" })   -- doc -> {scope = hits}
local function prefiltered_spans (set, doc, i, rule)
  local sp = Doc.packed_spans(doc, rule.scope)
  local a = set.prefilter
  if not a then return sp, 0 end
  local by = HITS[doc]
  if not by then by = {}; HITS[doc] = by end
  local h = by[rule.scope]
  if not h then h = a:scan(doc.text, sp); by[rule.scope] = h end
  return a:spans(h, sp, i)
end
M.prefiltered_spans = prefiltered_spans
-- }======

local function run_match (rule, doc, out)
  doc._emitted = {}
  local r = rule.match(doc)
  local n = 0
  if r ~= nil then n = n + add_result(out, r, rule, doc, nil) end
  for _, f in ipairs(doc._emitted) do out[#out + 1] = complete(f, rule, doc, nil); n = n + 1 end
  doc._emitted = {}
  return n
end

function M.new_doc (d)
  d._emitted = {}
  d.meta = d.meta or {}
  d.facts = {}
  return setmetatable(d, Doc)
end

-- Spans found in the normalized text, mapped to the original: facts get
-- their surface re-cut from the original, articles their title.
local function map_back (doc, original, back)
  for _, f in ipairs(doc.facts) do
    if math.type(f.start) == "integer" and math.type(f.stop) == "integer" then
      local a = back(f.start)
      local b = f.stop >= f.start and back(f.stop, true) or a - 1
      f.start, f.stop, f.surface = a, b, original:sub(a, b)
    end
    -- other positions a rule put in a fact (an article's a_start/a_stop:
    -- fields ending in _start/_stop, in the fact's extra JSON by now)
    local e = f.extra
    if type(e) == "string" and (e:find('_start":', 1, true) or e:find('_stop":', 1, true)) then
      local ok, t = pcall(json.decode, e)
      if ok and type(t) == "table" then
        local changed = false
        for k, v in pairs(t) do
          if type(k) == "string" and math.type(v) == "integer" and v >= 1 and v <= #doc.text then
            local w = k:find("._start$") and back(v) or k:find("._stop$") and back(v, true) or v
            if w ~= v then t[k], changed = w, true end
          end
        end
        if changed then f.extra = json.encode(t) end
      end
    end
  end
  local arts = doc.meta.articles
  if type(arts) == "table" then
    for _, a in ipairs(arts) do
      if math.type(a.start) == "integer" and math.type(a.stop) == "integer" then
        a.start, a.stop = back(a.start), a.stop >= a.start and back(a.stop, true) or back(a.start) - 1
      end
      if math.type(a.title_start) == "integer" and math.type(a.title_stop) == "integer" then
        a.title_start, a.title_stop = back(a.title_start), back(a.title_stop, true)
        a.title = original:sub(a.title_start, a.title_stop)
      end
    end
  end
end

-- {====== what rules hand back ======
-- Facts, blocks and meta are rule-made tables: a rule may have given them
-- metatables (whose __index, __len or __pairs would run later, in the
-- writer, outside every budget), rewritten the spans of earlier facts, or
-- made strings far bigger than the document.  After the rules they are
-- copied into plain tables with raw reads (no metamethod runs), spans
-- checked against the text and surfaces cut from it.

local IDENT = { "key", "name", "path", "hash", "bytes", "encoding", "original" }
M.MAX_FIELD = 1048576      -- bytes of one string field of a fact (not surface)
M.MAX_DEPTH = 32           -- nesting of the tables in a fact's value, extra or meta
M.SECONDS = 60             -- default time budget of a rule on a document

-- A raw copy of v (tables without metatables, json.array_mt kept); nil
-- for a table nested deeper than MAX_DEPTH; a table met twice is copied
-- once.  With maxs (a fact), also whether a string field of v but its
-- surface is longer than maxs bytes.  In C: factpack.plain (engine/lfacts.c).
local type, next, rawget = type, next, rawget    -- (read for every field of every fact)
local fp_plain = factpack.plain
local function plain (v, maxs)
  return fp_plain(v, M.MAX_DEPTH, json.array_mt, maxs)
end

-- Fields of a block the writer reads.
local BLOCK = { "block", "rule", "kind", "hits", "width", "numeric", "factors" }

local function plain_facts (items, text, errors)
  local out, max_field = {}, M.MAX_FIELD
  local function drop (f, msg)
    local r = rawget(f, "rule")
    errors[#errors + 1] = { rule = type(r) == "string" and r or "?", message = msg, reason = "error" }
  end
  for i = 1, rawlen(items) do
    local f = rawget(items, i)
    if type(f) ~= "table" then goto next end
    if rawget(f, "block") == true then
      local b = {}
      for _, k in ipairs(BLOCK) do b[k] = plain(rawget(f, k)) end
      if type(b.kind) ~= "string" or type(b.rule) ~= "string" then
        drop(b, "a block of facts needs a kind and a rule (strings)")
      else out[#out + 1] = b end
      goto next
    end
    do
      local c, big = plain(f, max_field)
      if math.type(c.kind) then c.kind = tostring(c.kind) end
      if type(c.kind) ~= "string" then
        drop(c, "fact field 'kind' must be a string, got " .. type(c.kind))
        goto next
      end
      if type(c.rule) ~= "string" then            -- (put into doc.facts by a rule, not emitted)
        drop(c, "fact field 'rule' must be a string, got " .. type(c.rule))
        goto next
      end
      if big then                                 -- (the first too long in the copy's order)
        for k, v in next, c do
          if type(v) == "string" and #v > max_field and k ~= "surface" then
            drop(c, "fact field '" .. tostring(k) .. "' is " .. #v .. " bytes (at most " .. M.MAX_FIELD .. ")")
            goto next
          end
        end
      end
      if c.start ~= nil or c.stop ~= nil then
        local bad = span_error(c.start, c.stop, text)
        if bad then drop(c, bad); goto next end
        c.surface = text:sub(c.start, c.stop)      -- the text there, whatever a rule wrote
      elseif type(c.surface) == "string" and #c.surface > M.MAX_FIELD then
        drop(c, "fact surface is " .. #c.surface .. " bytes (at most " .. M.MAX_FIELD .. ")")
        goto next
      end
      out[#out + 1] = c
    end
    ::next::
  end
  return out
end

-- {====== a rule that runs twice ======
-- host.call may run a rule twice: first without counting instructions,
-- then, when that trial ran too long to be sure the budget held, again
-- from the start under the count hook (engine/lhost.c, RATE_MAX).  Before
-- the second run `redo` puts back what the engine keeps for the document
-- and the first run changed: the facts it emitted (out), the document's
-- own fields, those of its meta table and the list of earlier facts
-- (doc.facts), saved before the call.  What a rule changed deeper down
-- (inside an earlier fact, a table in meta) or in its own state
-- (upvalues, globals) stays: docs/rules.md.
local function copy (t)
  local c = {}
  for k, v in next, t do c[k] = v end
  return c
end

local function put_back (t, saved)
  for k in next, t do
    if saved[k] == nil then rawset(t, k, nil) end
  end
  for k, v in next, saved do rawset(t, k, v) end
end

local function redo (_, doc, out, _, saved, saved_meta, items, saved_items)
  for i = rawlen(out), 1, -1 do rawset(out, i, nil) end
  put_back(doc, saved)
  if saved_meta then put_back(saved.meta, saved_meta) end
  put_back(items, saved_items)
end
-- }======

-- The host.call limits of each rule (by rule): the caller's, a default
-- time budget, the rule's name for the watchdog's message, redo (the rule
-- may run twice), and a memory ceiling: what the state held when it
-- processed its first document plus the budget (and room for the
-- document), so memory a rule keeps from one document to the next is
-- counted too.
local base_memory
local LIMITS = setmetatable({}, { __mode = "k" })
local function rule_limits (limits, textlen)
  local by = LIMITS[limits]
  if not by then
    local shared = {}                             -- the ceiling, per document
    local mt = { __index = shared }
    by = setmetatable({}, { __index = function (t, rule)
      local l = setmetatable({ instructions = limits.instructions, memory = limits.memory,
                               seconds = limits.seconds or M.SECONDS,
                               label = "rule '" .. rule.name .. "'",
                               redo = limits.trial ~= false and redo or nil,
                               trial = limits.trial or nil }, mt)
      t[rule] = l
      return l
    end })
    by.shared = shared
    LIMITS[limits] = by
  end
  if limits.memory and limits.memory > 0 then
    base_memory = base_memory or host.memory()
    by.shared.ceiling = base_memory + limits.memory + 4 * textlen
  end
  return by
end
-- }======

-- A rule's error as the run reports it: one the engine raised for the rule
-- (a span outside the text, a wrong return, a PCRE2 limit in its scan)
-- names the rule's file and line, as errors in the rule's own code do.
-- A budget error (reason other than "error") starts with the line where
-- host.call's hook stopped the rule (its own code's innermost frame); the
-- memory budget's, which no hook sees, with the rule's line.
local function located (rule, msg, reason)
  if rule.builtin or type(rule.where) ~= "string" then return msg end
  if reason ~= "error" then
    if msg:match("^[^\n]-:%d+: ") then return msg end
    return rule.where .. ": " .. msg
  end
  local rest = msg:match("^%[assay%] assay%.engine:%d+: (.*)$")       -- built in, or ASSAY_PATH's
    or msg:match("^[^\n:]*/assay/engine%.lua:%d+: (.*)$")
  if rest then return rule.where .. ": " .. rest end
  if msg:match("^[^\n]-:%d+: ") then return msg end     -- the rule's own position (or a module's)
  return rule.where .. ": " .. msg
end

-- {====== a rule that exceeds its budget document after document ======
-- With limits.give_up = K (assay run --give-up-after K), a rule whose
-- budget (instructions, memory, time) is exceeded on K documents in a row
-- (of those it runs on, in the order this state sees them) is turned off
-- for the rest of the state's documents: an endless loop would otherwise
-- cost a budget per document, hours over a corpus.  A document it then
-- does not run on gets an error of reason "off" (the writer prints the
-- first at once, counts them, and keeps the document for the next run:
-- assay.run.writer).  A success or another error ends the streak, so a
-- rule slow on one large document stays on.  Per rule set, i.e. per
-- worker state: with -j N each worker counts its own documents.
local BUDGET = { instructions = true, memory = true, seconds = true }
local STREAKS = setmetatable({}, { __mode = "k" })

-- The streak state of the rule set's rules ({[rule] = {n =, off =}}), or
-- nil when rules are never turned off.
local function streaks_of (set, limits)
  local k = limits.give_up
  if not k or k <= 0 then return nil end
  local by = STREAKS[set]
  if not by then by = {}; STREAKS[set] = by end
  return by
end

-- After a rule ran: a budget error lengthens its streak, anything else
-- ends it; the Kth budget error in a row turns it off (off = the message
-- of the documents it then skips).
local function count_streak (by, rule, k, reason, msg)
  local s = by[rule]
  if not (reason and BUDGET[reason]) then
    if s then s.n = 0 end
    return
  end
  if not s then s = { n = 0 }; by[rule] = s end
  s.n = s.n + 1
  if s.n >= k then
    local at, what = msg:match("^([^\n]-:%d+): ([^\n]*)")
    s.off = (at or rule.where or rule.name) .. ": not run: the rule was turned off after its budget was exceeded on "
            .. k .. (k == 1 and " document" or " documents in a row") .. " (" .. (what or msg:match("^[^\n]*")) .. ")"
  end
end
-- }======

-- doc.meta's title, date and source are columns of text: a number is
-- written as text, anything else (a table: "table: 0x55d1..." was stored)
-- is an error of the rule that set it, and the field is dropped.
local META_TEXT = { "title", "date", "source" }
local function check_meta (doc, rule, errors)
  local meta = rawget(doc, "meta")
  if type(meta) ~= "table" then return end
  for _, k in ipairs(META_TEXT) do
    local v = rawget(meta, k)
    if type(v) == "number" then
      rawset(meta, k, tostring(v))
    elseif v ~= nil and type(v) ~= "string" then
      rawset(meta, k, nil)
      errors[#errors + 1] = { rule = rule.name, reason = "error",
        message = located(rule, "doc.meta." .. k .. " must be a string, got " .. type(v), "error") }
    end
  end
end

-- engine.process(set, doc, limits, stats) -> items, errors, stats, doc.
-- items are facts (tables) and blocks {block = true, rule, kind, hits} of
-- pattern matches without emit (positions only, expanded by M.expand); a
-- rule with `after` sees every earlier fact as a table in doc.facts.
local normalize                                   -- assay.reader.normalize, on first use
function M.process (set, doc, limits, stats)
  normalize = normalize or require("assay.reader").normalize
  doc = M.new_doc(doc)
  -- rules match a normalized text (width fold; t2s when the reader asked
  -- for it); spans are mapped back to the original after the rules
  local original, back = doc.text, nil
  do
    local steps = doc.meta._normalize
    doc.meta._normalize = nil
    local ntext, b, applied = normalize(original, steps)
    if b then
      doc.original, doc.text, back = original, ntext, b
      doc.meta.normalized = applied
    end
  end
  limits = limits or {}
  stats = stats or {}
  local errors = {}
  local clock = host.clock
  local items = doc.facts
  -- what rules must not change for the engine, the writer and later rules
  local ident = {}
  for _, k in ipairs(IDENT) do ident[k] = rawget(doc, k) end
  local text = doc.text
  local lims = rule_limits(limits, #text)
  local streaks = streaks_of(set, limits)
  for i, rule in ipairs(set.list) do
    local st = stats[rule.name]
    if not st then
      st = { docs = 0, matches = 0, facts = 0, seconds = 0, errors = 0, skipped = 0 }
      stats[rule.name] = st
    end
    if #rule.after > 0 then
      items = M.expand(items, doc.text)
      doc.facts = items
    end
    local off = streaks and streaks[rule] and streaks[rule].off
    if off and has_needs(rule, doc.text) then      -- turned off: recorded, not run
      errors[#errors + 1] = { rule = rule.name, message = off, reason = "off" }
    elseif has_needs(rule, doc.text) then
      local t0 = clock()
      local out = {}
      local ok, n, reason
      local sp, skipped
      if rule.pattern then
        sp, skipped = prefiltered_spans(set, doc, i, rule)
        st.skipped = (st.skipped or 0) + skipped
      end
      if sp == "" then
        ok, n = true, 0                           -- no segment has one of its literals
      elseif rule.pattern and not rule.emit then
        -- no Lua of the rule runs (the scan is C, bounded by the PCRE2
        -- limits): no budgets to arm
        ok, n = pcall(run_pattern, rule, doc, out, sp)
        reason = "error"
      else
        local run, l = rule.pattern and run_pattern or run_match, lims[rule]
        if l.redo then                            -- what redo puts back, saved before the call
          local meta = rawget(doc, "meta")
          ok, n, reason = host.call(run, l, rule, doc, out, sp,
                                    copy(doc), type(meta) == "table" and copy(meta) or nil, items, copy(items))
        else
          ok, n, reason = host.call(run, l, rule, doc, out, sp)
        end
        rawset(doc, "text", text)
      end
      st.seconds = st.seconds + (clock() - t0)
      st.docs = st.docs + 1
      if ok then
        st.matches = st.matches + n
        st.facts = st.facts + M.count(out)
        for _, f in ipairs(out) do rawset(items, rawlen(items) + 1, f) end
      else
        st.errors = st.errors + 1
        errors[#errors + 1] = { rule = rule.name, message = located(rule, tostring(n), reason), reason = reason }
      end
      if streaks then count_streak(streaks, rule, limits.give_up, not ok and reason, not ok and errors[#errors].message) end
      if not rule.builtin then check_meta(doc, rule, errors) end
    end
  end
  for k, v in pairs(ident) do rawset(doc, k, v) end
  items = plain_facts(items, text, errors)
  doc.facts = items
  local meta = plain(rawget(doc, "meta"))
  rawset(doc, "meta", type(meta) == "table" and meta or {})
  -- the columns of a fact take text or numbers: what else a rule (or an
  -- after-rule changing facts) put there is an error of that rule, not of
  -- the writer (see assay.factpack.check)
  local before = #errors
  factpack.check(items, errors, json.encode)
  -- it reports each fact with a bad field: one error per rule and message
  -- in a document (a run counts errors as documents), at the rule's line
  local found, seen = table.move(errors, before + 1, #errors, 1, {}), {}
  for i = #errors, before + 1, -1 do errors[i] = nil end
  for _, e in ipairs(found) do
    local r = set.byname and set.byname[e.rule]
    if r then e.message = located(r, e.message, e.reason) end
    local key = tostring(e.rule) .. "\0" .. e.message
    if not seen[key] then seen[key] = true; errors[#errors + 1] = e end
  end
  if back then
    -- block positions index the normalized text: make them facts to map
    doc.facts = M.expand(items, doc.text)
    map_back(doc, original, back)
    doc.text = original
    SPANS[doc] = nil
    HITS[doc] = nil
    items = doc.facts
  end
  return items, errors, stats, doc
end

return M
