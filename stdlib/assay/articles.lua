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
local text = require "assay.text"
local re = require "assay.re"
local meta = require "assay.meta"

local M = {}

local COLON_TITLE = re.compile([=[^[^:：]{2,14}[:：]\s*[^\s]]=])
local DATE_LEAD = re.compile([=[^(?:\d{1,2}月\d{1,2}日|\p{Han}{0,8}\d{1,2}月\d{1,2}日(?:讯|电))]=])
local KICKER_END = re.compile([=[(?:——|—|:|：|-)$]=])
local PARALLEL = re.compile([=[[^\s][ 　]+[^\s]]=])   -- (\S did not match CJK in assay.re)

-- Lines with their trimmed spans and classes.
local function lines_of (s)
  local out = {}
  for a, b in text.lines(s) do
    if b >= a then
      local line = s:sub(a, b)
      local t = text.trim(line)
      if t ~= "" then
        local off = line:find(t, 1, true)
        local la = a + off - 1
        out[#out + 1] = { a = la, b = la + #t - 1, s = t, kind = meta.classify_trimmed(t) }
      end
    end
  end
  return out
end

-- Whether the heading run starting at line i opens a new article.
local function opens_article (L, i)
  if COLON_TITLE:find(L[i].s) and not KICKER_END:find(L[i].s) then return true end
  local j = i
  while L[j] and L[j].kind == "heading" do j = j + 1 end
  while L[j] and L[j].kind == "byline" do j = j + 1 end
  if not L[j] or L[j].kind ~= "body" then return false end
  if DATE_LEAD:find(text.fold(L[j].s)) then return true end
  local last
  while L[j] and L[j].kind == "body" do last = L[j]; j = j + 1 end
  return last ~= nil and meta.attribution(last.s) ~= nil
end

-- The title among the headline lines: the first that is neither a kicker
-- ("...——", "...:") nor a column label ("【...】", "X·Y"), preferring
-- one without a space-separated parallel phrase ("尽锐出战 精准务实").
local function pick_title (heads)
  local plain, first
  for _, h in ipairs(heads) do
    local s = h.s
    local label = s:find("^【") or s:find("·", 1, true)
    if not KICKER_END:find(s) and not label then
      first = first or h
      if not PARALLEL:find(s) then plain = plain or h end
    end
  end
  return plain or first or heads[1]
end

local function finish (art, s)
  if not art then return end
  local head = {}
  for _, h in ipairs(art.heads) do head[#head + 1] = h.s end
  for _, b in ipairs(art.bylines) do head[#head + 1] = b.s end
  if art.first_body then head[#head + 1] = art.first_body.s:sub(1, 120) end
  local hs = table.concat(head, "\n")
  if not art.boilerplate then
    local t = #art.heads > 0 and pick_title(art.heads)
    if t then art.title, art.title_start, art.title_stop = t.s, t.a, t.b end
    art.date = meta.date(hs)
    art.source = meta.source(hs)
    local names, seen = {}, {}
    local by = {}
    for _, b in ipairs(art.bylines) do by[#by + 1] = b.s end
    if art.first_body then by[#by + 1] = art.first_body.s:sub(1, 160) end
    meta.authors(table.concat(by, "\n"), names, seen)
    for _, n in ipairs(art.attributed) do
      if not seen[n] then seen[n] = true; names[#names + 1] = n end
    end
    art.authors = names
  else
    art.authors = {}
  end
  art.text = nil
  art.heads, art.bylines, art.first_body, art.attributed, art.body, art.ended = nil
  return art
end

function M.split (s)
  if type(s) ~= "string" then
    error("bad argument #1 to 'split' (string expected, got " .. type(s) .. ")", 2)
  end
  local L = lines_of(s)
  local out, cur = {}, nil
  local function open (line, boiler)
    if cur then out[#out + 1] = finish(cur, s) end
    cur = { start = line.a, stop = line.b, heads = {}, bylines = {}, attributed = {},
            body = 0, ended = false, boilerplate = boiler or false }
  end
  for i, line in ipairs(L) do
    local k = line.kind
    if k == "boilerplate" then
      if not (cur and cur.boilerplate) then open(line, true) end
    elseif k == "heading" then
      if not cur or cur.boilerplate or cur.ended then open(line)
      elseif cur.body > 0 and opens_article(L, i) then open(line) end
      if cur.body == 0 then cur.heads[#cur.heads + 1] = line end
    elseif k == "byline" then
      if not cur or cur.boilerplate then open(line) end
      cur.bylines[#cur.bylines + 1] = line
      if cur.body > 0 then cur.ended = true end      -- a byline after the text closes it
    else
      if not cur or cur.boilerplate or cur.ended then open(line) end
      cur.body = cur.body + 1
      cur.first_body = cur.first_body or line
      local names = meta.attribution(line.s)
      if names then
        for _, n in ipairs(names) do cur.attributed[#cur.attributed + 1] = n end
        cur.ended = true
      end
    end
    cur.stop = line.b
  end
  if cur then out[#out + 1] = finish(cur, s) end
  return out
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
