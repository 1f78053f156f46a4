-- assay/articles.lua: cuts a document into articles.
--
--   articles.split(s) -> array of {start =, stop =, title =, title_start =,
--       title_stop =, date =, source =, authors = {names}, boilerplate = bool}
--
-- Spans are 1-based inclusive byte positions in s; together the articles
-- cover every non-blank line of s, in order.  The splitter works on lines,
-- classified by assay.meta.classify (boilerplate, byline, heading, body):
--
-- * a run of headings opens an article (kicker, title, subtitle); bylines
--   and date lines right after it are the article's header;
-- * a bracketed attribution at the end of a paragraph ("(秦晓丹)") or a
--   byline block after the text ends the article;
-- * a heading in the middle of an article is a subheading, unless it reads
--   like a new item: "地名:标题", its first paragraph opens with a date
--   ("12月9日，"), or its section ends with an attribution;
-- * text after an ended article opens an untitled one;
-- * runs of boilerplate lines (navigation, footers, notices) are articles
--   marked boilerplate = true.
--
-- A rule pack can replace the splitter: set doc.meta.articles itself.
--
--   articles.records(s) -> records, n: the same articles as meta_c.split's
--       packed records (engine/lmeta.c), without a Lua table per article
--   articles.lazy(records, n) -> an array of the n articles whose tables are
--       made when first read: doc:articles() returns one.  Indexing, #,
--       ipairs, pairs and table.* see the articles; the first write to a
--       missing key (or pairs) makes them all and leaves a plain table.
--       The run's writer (assay.wire) reads the records it was not asked
--       for from its metatable instead of making their tables.
local re = require "assay.re"
local meta = require "assay.meta"
local meta_c = require "assay.meta_c"

local M = {}

local COLON_TITLE = re.compile([=[^[^:：]{2,14}[:：]\s*[^\s]]=])
local DATE_LEAD = re.compile([=[^(?:\d{1,2}月\d{1,2}日|\p{sc=Han}{0,8}\d{1,2}月\d{1,2}日(?:讯|电))]=])
local KICKER_END = re.compile([=[(?:——|—|:|：|-)$]=])
local PARALLEL = re.compile([=[[^\s][ 　]+[^\s]]=])   -- (\S did not match CJK in assay.re)
-- what every match of each holds one of (the C skips a line without any)
local prefilter = require "assay.prefilter"
local LITERALS = {}
for name, r in pairs{ colon_title = COLON_TITLE, date_lead = DATE_LEAD, kicker_end = KICKER_END,
                      parallel = PARALLEL } do
  LITERALS[name] = prefilter.literals(r:pattern()) or false
end

-- The splitter is C (meta_c.split, engine/lmeta.c: the one definition),
-- over the patterns of assay.meta (the same table while they are the
-- same) and the regexes above.
local last_patterns, P
local function records (s, name)
  if type(s) ~= "string" then
    error("bad argument #1 to '" .. name .. "' (string expected, got " .. type(s) .. ")", 3)
  end
  local mp = meta.patterns()
  if mp ~= last_patterns then
    P = {}
    for k, v in pairs(mp) do P[k] = v end
    P.colon_title, P.date_lead, P.kicker_end, P.parallel = COLON_TITLE, DATE_LEAD, KICKER_END, PARALLEL
    P.literals = LITERALS
    last_patterns = mp
  end
  return meta_c.split(s, P)
end

function M.records (s)
  return records(s, "records")
end

function M.split (s)
  return (meta_c.unpack((records(s, "split"))))
end

-- {====== lazy arrays ======
-- The metatable of each (one per array) holds records, n, and how far
-- they are made: done (articles) and pos (the next record's byte).
local unpack = meta_c.unpack
local rawget, rawset, getmetatable, setmetatable, mtype = rawget, rawset, getmetatable, setmetatable, math.type
local LAZY = setmetatable({}, { __mode = "k" })   -- the metatables articles.lazy made
local function upto (t, m, i)
  while m.done < i do
    local a, p = unpack(m.records, m.pos)
    if a == nil then m.n = m.done; return end
    m.done, m.pos = m.done + 1, p
    if rawget(t, m.done) == nil then rawset(t, m.done, a) end
  end
end
local function whole (t)
  local m = getmetatable(t)
  upto(t, m, m.n)
  setmetatable(t, nil)
end

-- articles.whole(t): t, when it is an articles.lazy array, made a plain
-- table with every article (the engine copies a rule's values raw).
function M.whole (t)
  if type(t) == "table" and LAZY[getmetatable(t)] then whole(t) end
end
local LAZY_INDEX = function (t, i)
  local m = getmetatable(t)
  if mtype(i) ~= "integer" or i < 1 or i > m.n then return nil end
  upto(t, m, i)
  return rawget(t, i)
end
local LAZY_LEN = function (t) return getmetatable(t).n end
local LAZY_PAIRS = function (t) whole(t); return next, t, nil end
local LAZY_NEWINDEX = function (t, k, v) whole(t); t[k] = v end

function M.lazy (recs, n)
  if type(recs) ~= "string" then
    error("bad argument #1 to 'lazy' (string expected, got " .. type(recs) .. ")", 2)
  end
  if mtype(n) ~= "integer" or n < 0 then
    error("bad argument #2 to 'lazy' (a count of articles expected, got " .. tostring(n) .. ")", 2)
  end
  local m = { __name = "assay.articles", __index = LAZY_INDEX, __len = LAZY_LEN, __pairs = LAZY_PAIRS,
              __newindex = LAZY_NEWINDEX, records = recs, n = n, done = 0, pos = 1 }
  LAZY[m] = true
  return setmetatable({}, m)
end
-- }======

-- The article whose span holds byte pos (binary search), or nil.
function M.at (arts, pos)
  local lo, hi = 1, #arts
  while lo <= hi do
    local mid = (lo + hi) // 2
    local a = arts[mid]
    if pos < a.start then hi = mid - 1
    elseif pos > a.stop then lo = mid + 1
    else return a, mid end
  end
  return nil
end

return M
