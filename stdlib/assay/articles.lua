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
local sunpack = string.unpack

local M = {}

local COLON_TITLE = re.compile([=[^[^:：]{2,14}[:：]\s*[^\s]]=])
local DATE_LEAD = re.compile([=[^(?:\d{1,2}月\d{1,2}日|\p{Han}{0,8}\d{1,2}月\d{1,2}日(?:讯|电))]=])
local KICKER_END = re.compile([=[(?:——|—|:|：|-)$]=])
local PARALLEL = re.compile([=[[^\s][ 　]+[^\s]]=])   -- (\S did not match CJK in assay.re)

-- The non-blank lines of s (meta.lines: one C call), as parallel arrays
-- indexed by line number: A, B the trimmed span, K the class, T whether a
-- body line ends with an attribution; n lines.  A line's text is cut from
-- s only where the splitter reads it (headings, bylines, first lines).
local KIND = { "boilerplate", "byline", "heading", "body" }
local CHUNK = 32                                   -- lines per string.unpack
local FMT = "=" .. ("i4"):rep(4 * CHUNK)
local function lines_of (s)
  local p = meta.lines(s)
  local n = #p // 16
  local A, B, K, T = {}, {}, {}, {}
  local i = 0
  while i < n do
    local m = n - i < CHUNK and n - i or CHUNK
    local v = { sunpack(m == CHUNK and FMT or "=" .. ("i4"):rep(4 * m), p, 16 * i + 1) }
    for q = 1, 4 * m, 4 do
      i = i + 1
      A[i], B[i], K[i], T[i] = v[q], v[q + 1], KIND[v[q + 2]], v[q + 3] == 1
    end
  end
  return { A = A, B = B, K = K, T = T, n = n, s = s }
end

local function text_of (L, i) return L.s:sub(L.A[i], L.B[i]) end

-- Whether the heading run starting at line i opens a new article.
local function opens_article (L, i)
  local line = text_of(L, i)
  if COLON_TITLE:find(line) and not KICKER_END:find(line) then return true end
  local K, n = L.K, L.n
  local j = i
  while j <= n and K[j] == "heading" do j = j + 1 end
  while j <= n and K[j] == "byline" do j = j + 1 end
  if j > n or K[j] ~= "body" then return false end
  if DATE_LEAD:find(text.fold(text_of(L, j))) then return true end
  local last
  while j <= n and K[j] == "body" do last = j; j = j + 1 end
  return last ~= nil and L.T[last]
end

-- The title among the headline lines: the first that is neither a kicker
-- ("...——", "...:") nor a column label ("【...】", "X·Y"), preferring
-- one without a space-separated parallel phrase ("尽锐出战 精准务实").
-- heads: line numbers; returns one.
local function pick_title (L, heads)
  local plain, first
  for _, h in ipairs(heads) do
    local s = text_of(L, h)
    local label = s:find("^【") or s:find("·", 1, true)
    if not KICKER_END:find(s) and not label then
      first = first or h
      if not PARALLEL:find(s) then plain = plain or h end
    end
  end
  return plain or first or heads[1]
end

local function finish (art, L)
  if not art then return end
  local head = {}
  for _, h in ipairs(art.heads) do head[#head + 1] = text_of(L, h) end
  for _, b in ipairs(art.bylines) do head[#head + 1] = text_of(L, b) end
  local first_body = art.first_body and text_of(L, art.first_body)
  if first_body then head[#head + 1] = first_body:sub(1, 120) end
  local hs = table.concat(head, "\n")
  if not art.boilerplate then
    local t = #art.heads > 0 and pick_title(L, art.heads)
    if t then art.title, art.title_start, art.title_stop = text_of(L, t), L.A[t], L.B[t] end
    art.date = meta.date(hs)
    art.source = meta.source(hs)
    local names, seen = {}, {}
    local by = {}
    for _, b in ipairs(art.bylines) do by[#by + 1] = text_of(L, b) end
    if first_body then by[#by + 1] = first_body:sub(1, 160) end
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
  local A, B, K, T = L.A, L.B, L.K, L.T
  local out, cur = {}, nil
  local function open (i, boiler)
    if cur then out[#out + 1] = finish(cur, L) end
    cur = { start = A[i], stop = B[i], heads = {}, bylines = {}, attributed = {},
            body = 0, ended = false, boilerplate = boiler or false }
  end
  for i = 1, L.n do
    local k = K[i]
    if k == "boilerplate" then
      if not (cur and cur.boilerplate) then open(i, true) end
    elseif k == "heading" then
      if not cur or cur.boilerplate or cur.ended then open(i)
      elseif cur.body > 0 and opens_article(L, i) then open(i) end
      if cur.body == 0 then cur.heads[#cur.heads + 1] = i end
    elseif k == "byline" then
      if not cur or cur.boilerplate then open(i) end
      cur.bylines[#cur.bylines + 1] = i
      if cur.body > 0 then cur.ended = true end      -- a byline after the text closes it
    else
      if not cur or cur.boilerplate or cur.ended then open(i) end
      cur.body = cur.body + 1
      cur.first_body = cur.first_body or i
      local names = T[i] and meta.attribution(text_of(L, i))
      if names then
        for _, n in ipairs(names) do cur.attributed[#cur.attributed + 1] = n end
        cur.ended = true
      end
    end
    cur.stop = B[i]
  end
  if cur then out[#out + 1] = finish(cur, L) end
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
