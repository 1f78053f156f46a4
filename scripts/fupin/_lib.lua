-- Helpers shared by the fupin rules (loaded with  local L = include "_lib.lua").
-- Positions are byte offsets in doc.text (1-based, inclusive), as in the engine.
local L = {}
local measure = include "_measure.lua"

-- Words that mark text about poverty alleviation.  An article is relevant
-- when they are dense enough (article.lua); a sentence must hold one for
-- its figures to count as indicators (figure.lua).
L.POVERTY = { "贫", "扶", "脱贫", "低保", "特困", "帮包", "兜底", "摘帽", "困难群众",
              "建档立卡", "雨露", "小康", "救助", "帮助", "穷苦", "穷困",
              "经济困难", "困难学生", "助学金" }   -- (student aid: 家庭经济困难学生每生每年资助1500元)

-- Rural income statistics: an article about them is about poverty
-- alleviation too (its relevance counts them with L.POVERTY).
L.RURAL_INCOME = { "农村居民人均", "农民人均", "人均可支配收入", "人均纯收入" }

-- Paired aid to the western regions (对口支援, 援疆, 援藏): the other half of
-- east-west poverty-alleviation cooperation; an article about it is relevant
-- too, and its sentences are about indicators.
L.PAIRED_AID = { "对口支援", "援疆", "援藏", "援青" }

-- Word lists are scanned in one pass (_measure.lua's word sets): a list
-- must not change after its first use.
-- number of occurrences of any of the words in s
L.count_any = measure.count

-- the first of the words that occurs in s, or nil
L.has_any = measure.has_word

-- Paragraphs: runs of non-blank lines.  A line continues on the next
-- non-blank line when it is long (>= 40 characters) or ends with a comma
-- without closing its sentence: the seeds break sentences across lines,
-- even across blank lines ("挂图作\n\n战,确保").  A short line without
-- final punctuation (a heading, a byline) is a paragraph of its own.
-- (A line goes on as a sentence does: measure.goes_on.)
function L.paragraphs (doc)
  local c = doc._fupin_paras
  if c then return c end
  local s, out, cur = doc.text, {}, nil
  local pos = 1
  while pos <= #s do
    local e = s:find("\n", pos, true) or (#s + 1)
    local url = s:sub(pos, pos + 3) == "URL:"
    local meta_line = url or s:sub(pos, pos + 5) == "TITLE:"
    if meta_line then cur = nil end
    if url then
      -- the address of a saved page: metadata, not text (L.doc_year reads it)
    else
      local _, ls = s:find("^[\t\v\f\r ]*", pos)     -- (%s but the line break)
      ls = ls + 1
      if ls < e then                         -- not blank: ls..le, its trailing blanks left out
        local le = measure.trim_end(s, ls, e - 1)
        if cur then cur[2] = le else cur = { ls, le } out[#out + 1] = cur end
        if meta_line or not measure.goes_on(s, ls, le) then cur = nil end
      end
    end
    pos = e + 1
  end
  doc._fupin_paras = out
  return out
end

-- A ? that stands for a character the page lost, before that character's
-- pinyin gloss (總?cè)藬?shù)88036人: 總人(rén)數(shù)): no question mark, no cut.
local LOST = [[\?(?=[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}[)）])]]
L.LOST = LOST

-- Sentences: paragraphs cut after 。！？!?  -> array of {start, stop, para = index}
local SENT_RE = re.compile("(?:[^。！？!?]|" .. LOST .. ")+(?:(?!" .. LOST .. ")[。！？!?])*|[。！？!?]+")
function L.sentences (doc)
  local c = doc._fupin_sents
  if c then return c end
  local out, s = {}, doc.text
  for pi, p in ipairs(L.paragraphs(doc)) do
    local sub = s:sub(p[1], p[2])
    for a, b in SENT_RE:gfind(sub) do
      out[#out + 1] = { p[1] + a - 1, p[1] + b - 1, para = pi }
    end
  end
  doc._fupin_sents = out
  return out
end

-- the text of sentence i (cut once per document: the figures of a
-- paragraph read the sentences before them again and again)
function L.sentence_text (doc, i)
  local c = doc._fupin_stexts
  if not c then c = {}; doc._fupin_stexts = c end
  local t = c[i]
  if not t then
    local sp = L.sentences(doc)[i]
    t = doc.text:sub(sp[1], sp[2])
    c[i] = t
  end
  return t
end

-- index of the sentence holding byte pos (binary search), or nil
-- (the last answer is tried first: the figures of a sentence ask in turn)
function L.sentence_at (doc, pos)
  local ss = L.sentences(doc)
  local k = doc._fupin_sat
  if k then
    local sk = ss[k]
    if pos >= sk[1] and pos <= sk[2] then return k, sk end
  end
  local lo, hi = 1, #ss
  while lo <= hi do
    local mid = (lo + hi) // 2
    if pos < ss[mid][1] then hi = mid - 1
    elseif pos > ss[mid][2] then lo = mid + 1
    else doc._fupin_sat = mid; return mid, ss[mid] end
  end
  return nil
end

-- Clauses of s: cut at ，,；;：:。！？, not at 、 (which lists things
-- inside one clause), nor at a comma doubling a 、 (义务教育,、基本医疗, as
-- reposts double their marks), nor at line breaks (the seeds break lines anywhere).
-- -> array of {start, stop} in s.
-- (memoised per text: the figures of a sentence ask for its clauses one
-- after the other; callers must not change the array)
local CLAUSE_RE = re.compile("(?:[^，,；;：:。！？!?]|[，,](?=、)|" .. LOST .. ")+")
local CLAUSE_MEMO, clause_n = {}, 0
function L.clauses (s)
  local out = CLAUSE_MEMO[s]
  if out then return out end
  out = {}
  for a, b in CLAUSE_RE:gfind(s) do out[#out + 1] = { a, b } end
  if clause_n >= 1024 then CLAUSE_MEMO, clause_n = {}, 0 end
  CLAUSE_MEMO[s], clause_n = out, clause_n + 1
  return out
end

-- s without one clause separator (，,；;) at its end, and the blanks after it
-- (plain compares: a Lua byte set would cut a character in two)
function L.drop_last_sep (s)
  local t = s:gsub("%s+$", "")
  for _, c in ipairs({ "，", ",", "；", ";" }) do
    if t:sub(-#c) == c then return t:sub(1, -#c - 1) end
  end
  return s
end

-- the text of s before the first of the separators (all of s if none)
L.before_first = measure.before_first

-- the text of s after the last of the separators (all of s if none)
function L.after_last (s, seps)
  return (measure.after_last(s, seps))
end

-- the first byte of s[i..j] after the last of the separators there (i if
-- none): where L.after_last(s:sub(i, j), seps) starts, without the copy
function L.after_last_at (s, seps, i, j)
  return (measure.after_last_in(s, seps, i, j))
end

-- what cuts a clause off the text before it, and a piece (；) off a sentence
L.CLAUSE_SEPS = { "，", ",", "；", ";" }
L.PIECE_SEPS = { "；", ";" }

-- The article fact (kind "article", from article.lua) whose range holds pos.
-- (the article facts of doc.facts are listed once per facts table: every
-- figure asks)
function L.article_at (doc, pos)
  local facts, c = doc.facts, doc._fupin_arts
  if not c or c.facts ~= facts then
    c = { facts = facts }
    for _, f in ipairs(facts) do
      if f.kind == "article" then c[#c + 1] = f end
    end
    -- (ranges in order, none overlapping the next: then at most one holds
    -- pos, found by a binary search; else every range is tried, the last
    -- holding pos wins)
    local sorted = true
    for i = 1, #c do
      local a, b = c[i].a_start, c[i].a_stop
      if math.type(a) == nil or math.type(b) == nil or a > b or (i > 1 and a <= c[i - 1].a_stop) then
        sorted = false
        break
      end
    end
    c.sorted = sorted
    doc._fupin_arts = c
  end
  if c.sorted then
    local f = c.last                         -- (the last answer first: the figures of an article ask in turn)
    if f and f.a_start <= pos and pos <= f.a_stop then return f end
    local lo, hi = 1, #c + 1                 -- (lo: the first range starting after pos)
    while lo < hi do
      local mid = (lo + hi) // 2
      if c[mid].a_start <= pos then lo = mid + 1 else hi = mid end
    end
    f = c[lo - 1]
    if f and pos <= f.a_stop then c.last = f; return f end
    return nil
  end
  local best
  for i = 1, #c do
    local f = c[i]
    if f.a_start <= pos and pos <= f.a_stop then best = f end
  end
  return best
end

-- The year a document was written: a date in its URL line (/2020/05/19/,
-- /201512/03/, 2017-01/01, 20170915, t20151203, 2019101673989: a mirror's
-- stray crawl date above the headline is not the page's), else its
-- metadata date, else the date of its dateline or byline (2019年02月15日
-- 17:29, 09.09.2017  10:36), else nil.
-- Relative expressions (今年, 去年, 五年来) are resolved from it.
local URLDATE = re.compile([[(?<![0-9])((?:19|20)[0-9]{2})(?:[-/_]?(?:0[1-9]|1[0-2]))(?:[-/_]?(?:0[1-9]|[12][0-9]|3[01]))?(?![0-9])]])
-- (an id that opens with the date and goes on with a number of its own:
-- 2019101673989.html, 20181014034102, a time stamp)
local URLSTAMP = re.compile([[(?<![0-9])((?:19|20)[0-9]{2})(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])(?=[0-9]{2,10}(?![0-9]))]])
-- (not a photo's date: （2015年9月14日摄）)
-- (not a tally's date: 截至2017年12月31日,全市已建成… dates the figures, not the page)
local TEXTDATE = re.compile([[(?<![0-9])(?<!截至|截止)((?:19|20)[0-9]{2})(?:\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日(?!\s*(?:拍)?摄)|([-/.])[0-9]{1,2}\2[0-9]{1,2}(?![0-9.]))]])
-- (a day.month.year time line: 09.09.2017  10:36)
local DMYDATE = re.compile([[(?m)^\s*(?:0?[1-9]|[12][0-9]|3[01])\.(?:0?[1-9]|1[0-2])\.((?:19|20)[0-9]{2})(?:\s+[0-9]{1,2}:[0-9]{2})?\s*$]])
-- (the year of the event a news lead was learnt at: 记者从2020年全省扶贫工作会议上获悉)
local LEAD_YEAR = re.compile([[记者从((?:19|20)[0-9]{2})年[^。，,；;]{0,60}?(?:获悉|了解到)]])
local STARTED_SINCE = re.compile([[(?:自|从)((?:19|20)[0-9]{2})年(?:起|开始|以来)?[^。！？\n]{0,120}[。！？]?[^。！？\n]{0,12}?(?<![0-9])([0-9]{1,2}|[一二两三四五六七八九十]{1,3})年(?:来|间)]])
local SMALL = { ["一"] = 1, ["二"] = 2, ["两"] = 2, ["三"] = 3, ["四"] = 4, ["五"] = 5, ["六"] = 6,
                ["七"] = 7, ["八"] = 8, ["九"] = 9 }
-- 一…九十九 written in Chinese (五, 十二, 二十二), else nil
function L.small_number (s)
  if SMALL[s] then return SMALL[s] end
  local t, u = s:match("^(.-)十(.*)$")
  if not t then return nil end
  t = (t == "" and 1) or SMALL[t]
  u = (u == "" and 0) or SMALL[u]
  if t and u then return t * 10 + u end
  return nil
end

function L.doc_year (doc)
  if doc._fupin_year ~= nil then return doc._fupin_year or nil end
  local y
  local s = doc.text
  local url = s:match("^URL:[^\n]*") or s:match("\nURL:[^\n]*")
  if url then
    local a = URLDATE:match(url) or URLSTAMP:match(url)
    y = a and tonumber(a)
  end
  -- (a metadata date without a year, --09-08 from 本报北京9月8日电, is none)
  local md = doc.meta and doc.meta.date
  if not y and md then y = tonumber(tostring(md):match("^(%d%d%d%d)")) end
  if not y then
    -- a date written in full in the head of the text (a byline's)
    local head = s:sub(1, 1500)
    local a = TEXTDATE:match(head) or DMYDATE:match(head) or LEAD_YEAR:match(head)
    y = a and tonumber(a)
  end
  if not y then
    -- an undated text that counts the years since a start it names:
    -- 自1994年起实施…。22年来 -> 2016
    local a, n = STARTED_SINCE:match(s)
    n = n and (tonumber(n) or L.small_number(n))
    if a and n then y = tonumber(a) + n end
  end
  doc._fupin_year = y or false
  return y
end

-- Kinds of indicator facts (everything the figure rule emits).
L.INDICATOR = {}
for k in ([[funds income households persons jobs projects villages housing education
            health training other]]):gmatch("%S+") do L.INDICATOR[k] = true end

-- A text that ends where a level reached follows (减少到, 下降至): the figure
-- after it is the level, not the change.
L.TO_LEVEL = re.compile([[(?:减少|下降|降|减|增加|增长|增|提高|上升)(?:到|至)$]])

-- An inline pinyin gloss (發(fā)生率, 項(xiàng)目, 紧【jǐn】, and a lost character's
-- ?shù)): what a reader of the page skips; words of the pack are looked for
-- without them.
L.GLOSS = re.compile([=[[(（【?][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}[)）】]]=])

-- s without its glosses: t, back, fwd. back(n): the byte count of s that
-- gives the first n bytes of t; fwd(p): the position in t of byte p of s
-- (a byte after the glosses before it).
local function same (n) return n end
local last_s, last_t, last_back, last_fwd     -- (the figure rule asks twice per figure)
local unglossed
function L.unglossed (s)
  if s == last_s then return last_t, last_back, last_fwd end
  last_s, last_t, last_back, last_fwd = s, unglossed(s)
  return last_t, last_back, last_fwd
end
function unglossed (s)
  -- (plain finds of the four openers: the pattern "[(（【?]" is a class of
  -- their bytes, which every 、 and 。 share)
  if not (s:find("(", 1, true) or s:find("（", 1, true) or s:find("【", 1, true) or s:find("?", 1, true)) then
    return s, same, same
  end
  local cuts, parts, last, removed = {}, {}, 1, 0
  for a, b in L.GLOSS:gfind(s) do
    parts[#parts + 1] = s:sub(last, a - 1)
    cuts[#cuts + 1] = { a - 1 - removed, b - a + 1, b }     -- bytes kept before it, its length, its end
    removed = removed + (b - a + 1)
    last = b + 1
  end
  if removed == 0 then return s, same, same end
  parts[#parts + 1] = s:sub(last)
  -- (the glosses' lengths summed up to each, and a binary search for the
  -- last gloss before a position: a page with glosses throughout asks for
  -- every place in it)
  local sum = {}
  for i, c in ipairs(cuts) do sum[i] = (sum[i - 1] or 0) + c[2] end
  local function upto (field, x)         -- the glosses' length whose field is < x
    local lo, hi = 1, #cuts
    while lo <= hi do
      local mid = (lo + hi) // 2
      if cuts[mid][field] < x then lo = mid + 1 else hi = mid - 1 end
    end
    return sum[hi] or 0
  end
  return table.concat(parts), function (n)
    return n + upto(1, n)
  end, function (p)
    return p - upto(3, p)
  end
end

return L
