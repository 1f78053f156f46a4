-- assay/articles.lua: cuts a document into articles.
--
--   articles.split(s) -> array of {start =, stop =, title =, title_start =,
--       title_stop =, date =, source =, authors = {names}, boilerplate = bool}
--   articles.page(arts, s) -> the page's article (its headline's), or nil
--
-- Spans are 1-based inclusive byte positions in s; together the articles
-- cover every non-blank line of s, in order.  The splitter works on lines,
-- classified by assay.meta.classify (boilerplate, byline, heading, body):
--
-- * a run of headings opens an article (kicker, title, subtitle); bylines
--   and date lines right after it are the article's header;
-- * its title is the heading nearest above its first byline or dateline
--   that reads as a headline (a site's lines above the headline, a kicker,
--   are farther from the byline); without a byline, the first that reads
--   as one; in either, a headline before a deck (PARALLEL: a parallel
--   slogan, a subtitle opening with a dash), a deck before a column's
--   label (【…】, X·Y), a label before a kicker (KICKER_END); site
--   furniture (FURNITURE, and the shapes engine/lmeta.c's furnished reads:
--   at most four characters, a word without a Han character, an aside in
--   brackets) is never the title: an article whose headings are all
--   furniture has none;
-- * a bracketed attribution at the end of a paragraph ("(秦晓丹)") or a
--   byline block after the text ends the article;
-- * a heading in the middle of an article is a subheading, unless it reads
--   like a new item: "地名:标题", a byline under it, its first paragraph
--   opens with a date ("12月9日，"), or its section ends with an attribution;
-- * text after an ended article opens an untitled one;
-- * runs of boilerplate lines (navigation, footers, notices) are articles
--   marked boilerplate = true;
-- * a saved page's header block (URL: ..., TITLE: ... at the very start,
--   then a blank line: assay.meta.header) is the first article, marked
--   boilerplate = true and header = true: its lines are not an article's
--   headline or body.
--
-- A rule pack can replace the splitter: set doc.meta.articles itself.
local re = require "assay.re"
local meta = require "assay.meta"
local meta_c = require "assay.meta_c"

local M = {}

local COLON_TITLE = re.compile([=[^[^:：]{2,14}[:：]\s*[^\s]]=])
local DATE_LEAD = re.compile([=[^(?:\d{1,2}月\d{1,2}日|\p{sc=Han}{0,8}\d{1,2}月\d{1,2}日(?:讯|电))]=])
local KICKER_END = re.compile([=[(?:——|—|:|：|-)$]=])
-- a deck, no headline: a parallel slogan of short phrases (尽锐出战 精准务实),
-- a subtitle opening with a dash (——记东岭村第一书记)
local PARALLEL = re.compile([=[^(?:——|—)|^\p{sc=Han}{2,8}(?:[ 　]+\p{sc=Han}{2,8})+$]=])
-- never a headline: a site's furniture of words (an e-paper's page and its
-- links: 第04版:要闻, 上一版, 下一篇:…; a count of characters: 本篇文章335字), a
-- photo's caption (图为…).  (Its shapes, a line of at most four characters,
-- a word without a Han character, an aside in brackets, are the splitter's:
-- engine/lmeta.c, furnished.)
local FURNITURE = re.compile([=[^(?:图为|第\s*\d+\s*版|[上下]一[版篇]|本篇文章\d+字)]=])
-- what every match of each holds one of (the C skips a line without any)
local prefilter = require "assay.prefilter"
local find = string.find
-- how far into the article after a saved page's header its TITLE is looked for
local TITLE_NEAR = 600
-- the splitter's own regexes, by the names meta_c.split reads them under
M.OWN = { colon_title = COLON_TITLE, date_lead = DATE_LEAD, kicker_end = KICKER_END, parallel = PARALLEL,
          furniture = FURNITURE }
local LITERALS = {}
for name, r in pairs(M.OWN) do
  LITERALS[name] = prefilter.literals(r:pattern()) or false
end

-- The splitter's parameters: meta.patterns() and the regexes above, one
-- table while meta.patterns() gives the same one (meta_c.split reads a
-- table once: a new one for each document cost as much as a short
-- document's split).
local base, params
local function patterns ()
  local P = meta.patterns()
  if P == base then return params end
  base, params = P, {}
  for k, v in pairs(P) do params[k] = v end
  params.colon_title, params.date_lead, params.kicker_end, params.parallel, params.furniture =
    COLON_TITLE, DATE_LEAD, KICKER_END, PARALLEL, FURNITURE
  params.literals = LITERALS
  return params
end

-- The splitter is C (meta_c.split, engine/lmeta.c: the one definition),
-- over the patterns of assay.meta and the regexes above.
function M.split (s)
  if type(s) ~= "string" then
    error("bad argument #1 to 'split' (string expected, got " .. type(s) .. ")", 2)
  end
  local P = patterns()
  local head, hstop = meta.header(s)
  if not head then return meta_c.split(s, P) end
  -- the header's bytes as blanks (the same length: spans index into s)
  local arts = meta_c.split(s:sub(1, hstop):gsub("[^\n]", " ") .. s:sub(hstop + 1), P)
  table.insert(arts, 1, { start = 1, stop = hstop, authors = {}, boilerplate = true, header = true })
  -- the header's TITLE is the headline of the page's article (M.page: past
  -- menus, a line of keywords): the line the splitter would pick there is
  -- often a byline, a caption or a counter (时间:… 来源:…, 图为…摄,
  -- 本篇文章335字).  Its span: the headline where the article's first lines
  -- repeat it, else the TITLE: line's value.
  local a = head.title and M.page(arts, s)
  if a then
    local at = find(s, head.title, a.start, true)
    if not (at and at + #head.title - 1 <= a.stop and at - a.start < TITLE_NEAR) then
      at = find(s, head.title, (find(s, "TITLE:", 1, true)), true)   -- (the value as written)
    end
    a.title, a.title_start, a.title_stop = head.title, at, at + #head.title - 1
  end
  return arts
end

-- The page's article among arts (articles.split(s)'s), or nil: the first
-- that is not boilerplate and holds a sentence (。) or a date, or the
-- nearest titled article above it that holds neither (a headline that
-- furniture cut from its text); the articles before it that hold neither
-- are the site's lines (its menus, a line of keywords).  When none holds
-- one, the first that is not boilerplate.
function M.page (arts, s)
  local first, titled
  for _, a in ipairs(arts) do
    if not a.boilerplate then
      first = first or a
      if a.title then titled = a end
      local at = not a.date and find(s, "。", a.start, true)
      if at == nil then return first end               -- (no sentence after it)
      if not at or at <= a.stop then return titled or first end
    end
  end
  return first
end

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
