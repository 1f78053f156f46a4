-- assay/meta.lua: document metadata from the text of Chinese news pages:
-- date, source outlet, authors, and the line classes the article splitter
-- (assay.articles) uses.  The patterns are tables below: a rule pack can
-- add to them or replace them (they are plain PCRE2 patterns); the default
-- rules that call these functions are in assay/defaults/meta.lua (see docs/ingest.md).
-- The functions are C (assay.meta_c); a table is compiled on its first use,
-- so change it before the first document, or set a new table.
--
--   meta.date(s)    -> "2020-10-16 15:31:26" | "2020-10-16" | "--10-16" | nil
--   meta.source(s)  -> outlet | nil           ("来源:水母网", "齐鲁晚报·齐鲁壹点")
--   meta.authors(s) -> array of names          ("记者 张超", "(秦晓丹)")
--   meta.classify(line) -> "boilerplate" | "byline" | "heading" | "body"
--   meta.lines(s) -> every non-blank line's span, class and attribution (packed)
--   meta.attribution(line) -> array of names | nil   (a paragraph's "(孙宏钰 秦晓丹)")
--   meta.extract(s) -> {date =, source =, authors =}  all of the above on a header
--   meta.header(s) -> {url =, title =, date =, source =}, stop | nil
--                      a saved page's header lines (URL: ..., TITLE: ...)
--   meta.url_date(url) -> "2020-12-17" | nil   a date in an address (/2020/12/17/)
--   meta.untallied(s) -> s with a tally's year made xxxx (截至2017年…: the figures' date)
--   meta.patterns() -> the tables above compiled, as assay.articles hands them to C
local re = require "assay.re"
local text = require "assay.text"
local meta_c = require "assay.meta_c"

local M = {}
local find = string.find

-- Dates, first match wins.  Named groups y, mo, d, h, mi, s; y may be absent.
M.DATE = {
  -- (not a photo's date in its credit: （2015年9月14日摄）)
  [=[(?<y>(?:19|20)\d\d)\s*[-/.年]\s*(?<mo>\d{1,2})\s*[-/.月]\s*(?<d>\d{1,2})(?!\d)(?!日?\s*(?:拍)?摄)日?(?:\s*(?<h>\d{1,2})[:：时](?<mi>\d\d)(?:[:：分](?<s>\d\d))?)?]=],
  [=[(?<mo>\d{1,2})月(?<d>\d{1,2})日(?:电|讯)]=],
  -- day.month.year, as some sites print it (30.09.2020  11:50)
  [=[(?<![\d.])(?<d>\d{1,2})\.(?<mo>\d{1,2})\.(?<y>(?:19|20)\d\d)(?![\d.])(?:\s*(?<h>\d{1,2})[:：](?<mi>\d\d))?]=],
}

-- Source outlets; group src.
M.SOURCE = {
  [=[来源[:：]\s*(?<src>[^\s|｜]+?)(?:\s|$|[|｜])]=],
  [=[^(?<src>\p{sc=Han}{2,8}(?:报|网|台|社|刊)·\p{sc=Han}{2,8})]=],
  [=[^(?<src>\p{sc=Han}{2,8}?(?:报|网|台|社))(?:记者|讯)]=],
  [=[^(?<src>\p{sc=Han}{2,8}?(?:报|网|台|社))\d{1,2}月\d{1,2}日讯]=],
}

-- Authors: a role followed by names separated by spaces (group names).
-- (Not 记者从省扶贫办获悉: a name written right after the role does not
-- open with 从 or 在; nor a label after the names: 来源:, 责任编辑.)
M.AUTHORS = {
  [=[(?:记者|通讯员|实习生|撰稿|作者)(?:[:：][ 　]*|[ 　]+|(?![从在]))(?<names>\p{sc=Han}{2,4}(?:[ 　、]+(?!记者|通讯员|实习生|撰稿|作者|来源|责任|编辑)\p{sc=Han}{2,4})*)]=],
}

-- A paragraph that ends with names in brackets: the article's authors.
M.ATTRIBUTION = [=[[（(](?<names>\p{sc=Han}{2,4}(?:[ 　]\p{sc=Han}{2,4}){0,3})[)）]\s*$]=]

-- Page furniture: navigation, footers, notices.  A line is boilerplate
-- when one of them matches.  (The words are cut into lists of at most 16
-- literals, and "copyright" in any case is apart: assay.prefilter.literals
-- gives up past 16, and a list without literals goes to PCRE2 for every
-- short line, where one with them goes only for the lines holding one.)
M.BOILERPLATE = {
  [=[版权声明|版权所有|举报电话|举报邮箱|举报中心|举报专区|网站地图|ICP[备证]|©|]=] ..
  [=[关于我们|联系我们|广告服务|返回首页|客户端下载]=],
  [=[(?:[>»|｜][^>»|｜]*){2,}]=],       -- "首页 > 新闻 > 本地", "关于 | 广告 | 联系"
  [=[官方网址|爆料热线|官网微信|官网微博|扫一扫|分享到|挂失声明|遗失声明|声明作废|免责声明|]=] ..
  [=[^(?:责任)?编辑[:：]|^责编[:：]]=],
  -- a breadcrumb's label (您的位置: 首页 > 本地, 当前位置:)
  [=[^(?:您的当前|您当前的|您现在的|您的|当前|所在)位置\s*[:：]]=],
  [=[(?i:copyright)]=],
}

-- Lines that name the outlet, the reporters or the source.
M.BYLINE = {
  -- (an outlet's reporters too, at the line's start: 东岭日报记者 王立新 李青)
  [=[(?:^|[ 　·])(?:本报)?(?:记者|通讯员|实习生|特约记者)[:：]?[ 　]*\p{sc=Han}{2,4}|]=] ..
  [=[^\p{sc=Han}{2,8}[报网台社]记者[ 　]*\p{sc=Han}{2,4}]=],
  -- (and a labelled date: 发布时间:2020-03-04)
  [=[^(?:来源|作者|日期|发布时间|发布日期|发表时间|发表于|更新时间)[:：]]=],
  [=[^(?:文|图|文/图|文图)[/／:：]]=],
  [=[^\p{sc=Han}{2,8}(?:报|网|台|社|刊)·\p{sc=Han}{2,8}$]=],
  -- a page's dateline: a date with its clock time, after at most a few words
  -- (2019-01-31 16:47:37 来源:东岭网, 东岭日报  2019-05-07 09:10, 王立新 2020-04-26 18:48 东岭网),
  -- or with only an outlet, a source or the weekday beside it (东岭日报 2017年08月17日 星期四)
  [=[^(?:\p{sc=Han}{1,12}(?:网|报|社|台|刊|频道|客户端|中心)[ 　]+)?(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}日?]=] ..
  [=[(?:\s*\d{1,2}[:：时]\d\d|(?:[ 　]*(?:星期|周)[一二三四五六日天])?]=] ..
  [=[(?:(?:[ 　]+|[ 　]*来源[:：][ 　]*)\p{sc=Han}{1,12}(?:网|报|社|台|刊|频道|客户端|中心))?$)|]=] ..
  [=[^\D{1,24}(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?\s*\d{1,2}[:：时]\d\d]=],
  -- a saved page's info line: two labelled fields (时间:2019-10-29 11:36 来源:互联网 作者:… 点击:次)
  [=[(?:时间|日期|来源|作者|点击|浏览|阅读|字号)(?:次数|量)?[:：](?:[^:：]|\d:\d)*?(?:时间|日期|来源|作者|点击|浏览|阅读|字号|编辑)(?:次数|量)?[:：]]=],
}

M.HEADING_MAX = 40          -- characters: a longer line is text
M.BYLINE_MAX = 60

-- A list compiled, with c.literals[i]: what every match of pattern i
-- contains one of (assay.prefilter's analysis; false: nothing known), so
-- that the C functions skip the regex on a line holding none of them.
local prefilter = require "assay.prefilter"
local cache = setmetatable({}, { __mode = "k" })
local function compiled (list)
  local c = cache[list]
  if not c then
    c = { literals = {} }
    for i, p in ipairs(list) do
      c[i] = re.compile(p)
      c.literals[i] = prefilter.literals(p) or false
    end
    cache[list] = c
  end
  return c
end
local lits_cache = {}
local function literals (p)
  local l = lits_cache[p]
  if l == nil then l = prefilter.literals(p) or false; lits_cache[p] = l end
  return l
end
-- One automaton of the line patterns' literals (boilerplate, byline,
-- attribution, in that order), so that meta_c.lines finds which a line
-- may match in one pass over the text (assay.prefilter); nil when it
-- cannot be made (the C then searches each pattern's literals).
local auto_key, auto
local function lines_automaton ()
  local b, y, a = compiled(M.BOILERPLATE), compiled(M.BYLINE), literals(M.ATTRIBUTION)
  if auto_key and auto_key[1] == b and auto_key[2] == y and auto_key[3] == M.ATTRIBUTION then return auto end
  local list = {}
  for i = 1, #b do list[#list + 1] = b.literals[i] end
  for i = 1, #y do list[#list + 1] = y.literals[i] end
  list[#list + 1] = a
  local ok, made = pcall(prefilter.new, list)
  auto_key, auto = { b, y, M.ATTRIBUTION }, ok and made or nil
  return auto
end

local one_cache = {}
local function rx (p)
  local r = one_cache[p]
  if not r then r = re.compile(p); one_cache[p] = r end
  return r
end

-- The functions are C (assay.meta_c, engine/lmeta.c: the one definition);
-- the patterns are the tables above, compiled here.
function M.date (s)
  return meta_c.date(s, compiled(M.DATE), text.fold)
end

function M.source (s)
  return meta_c.source(s, compiled(M.SOURCE))
end

-- The words before a tally's date (截至2017年12月31日,全市已建成…): that
-- date is the figures', not the page's; meta.untallied(s) makes the year
-- after each (then blanks) "xxxx", so that meta.date passes it by.
M.TALLY = { "截至", "截止" }

function M.untallied (s)
  return meta_c.untallied(s, M.TALLY)
end

function M.authors (s, out, seen)
  return meta_c.authors(s, compiled(M.AUTHORS), rx(M.ATTRIBUTION), out or {}, seen or {})
end

-- (A line without a closing bracket cannot match the built-in pattern:
-- that test is a plain search, the regex a call into PCRE2.)
local DEFAULT_ATTRIBUTION = M.ATTRIBUTION
function M.attribution (line)
  if M.ATTRIBUTION == DEFAULT_ATTRIBUTION and not find(line, ")", 1, true)
     and not find(line, "）", 1, true) then return nil end
  return meta_c.attribution(line, rx(M.ATTRIBUTION))
end

-- The classes of lines (the logic is assay.meta_c's, in C; the patterns
-- are the tables above).
function M.classify_trimmed (line)
  return meta_c.classify(line, compiled(M.BOILERPLATE), compiled(M.BYLINE), M.HEADING_MAX,
                         M.BYLINE_MAX)
end

-- Every non-blank line of s: packed int32 start, stop (of the trimmed
-- line), class (1 boilerplate, 2 byline, 3 heading, 4 body), and for body
-- lines whether meta.attribution finds names in it (1 or 0).
function M.lines (s)
  return meta_c.lines(s, compiled(M.BOILERPLATE), compiled(M.BYLINE), M.HEADING_MAX,
                      M.BYLINE_MAX, rx(M.ATTRIBUTION), literals(M.ATTRIBUTION), lines_automaton())
end

-- The compiled patterns and limits the article splitter (meta_c.split)
-- reads, and text.fold.  attribution_ends: what the last character of a
-- line the built-in ATTRIBUTION matches is (a trimmed line: its
-- `[)）]\s*$`), so that the C skips the regex on the other lines; false
-- for any other pattern.
-- The same table while the fields it is made of are the same (the key
-- below: every field of M read here is in it); not to be changed.
local ATTRIBUTION_ENDS = { ")", "）" }
local made, made_of = nil, {}
function M.patterns ()
  local k = made_of
  if made and k[1] == M.BOILERPLATE and k[2] == M.BYLINE and k[3] == M.HEADING_MAX
     and k[4] == M.BYLINE_MAX and k[5] == M.ATTRIBUTION and k[6] == M.DATE and k[7] == M.SOURCE
     and k[8] == M.AUTHORS and k[9] == text.fold then
    return made
  end
  made_of = { M.BOILERPLATE, M.BYLINE, M.HEADING_MAX, M.BYLINE_MAX, M.ATTRIBUTION, M.DATE, M.SOURCE,
              M.AUTHORS, text.fold }
  made = { boiler = compiled(M.BOILERPLATE), byline = compiled(M.BYLINE), heading_max = M.HEADING_MAX,
           byline_max = M.BYLINE_MAX, attribution = rx(M.ATTRIBUTION),
           attribution_literals = literals(M.ATTRIBUTION),
           attribution_ends = M.ATTRIBUTION == DEFAULT_ATTRIBUTION and ATTRIBUTION_ENDS,
           lines_automaton = lines_automaton(),
           date = compiled(M.DATE),
           source = compiled(M.SOURCE), authors = compiled(M.AUTHORS), fold = text.fold }
  return made
end

function M.classify (line)
  return M.classify_trimmed(text.trim(line))
end

function M.extract (s)
  return { date = M.date(s), source = M.source(s), authors = M.authors(s) }
end

-- {====== a saved page's header ======
-- Saved web pages often start with lines `URL: ...` and `TITLE: ...`,
-- then a blank line.  The header is such a block at the very start of
-- the text: lines `KEY: value` (KEY as written here, upper case, then a
-- colon and a blank; the value may be empty), at most HEADER_MAX of them, ended by a
-- blank line or the end of the text.  Anything else (a line of another
-- form, a key not listed, text before the block) means no header: a
-- `Title:` line in mid-text is text.
M.HEADER_KEYS = { URL = "url", TITLE = "title", DATE = "date", SOURCE = "source" }
M.HEADER_MAX = 16

-- meta.header(s) -> fields, stop | nil: fields {url =, title =, date =,
-- source =} (the values as written, trimmed; empty ones left out; the
-- first of a key repeated), stop the last byte of the block's last line
-- but its trailing blanks.
function M.header (s)
  local b = s:byte(1)
  if not b or b < 65 or b > 90 then return nil end          -- (A-Z: most texts stop here)
  local out, pos, stop = {}, 1, nil
  for i = 1, M.HEADER_MAX + 1 do
    local e = find(s, "\n", pos, true) or #s + 1
    local line = s:sub(pos, e - 1)
    if not find(line, "[^ \t\r]") then return stop and out, stop end   -- the blank line ends it
    if i > M.HEADER_MAX then return nil end
    local key, val = line:match("^(%u+):[ \t]+(.-)[ \t\r]*$")   -- a blank after the colon,
    if not key then key, val = line:match("^(%u+):\r?$"), "" end     -- or nothing
    local field = key and M.HEADER_KEYS[key]
    if not field then return nil end
    if val ~= "" and out[field] == nil then out[field] = val end
    stop = pos + #line:match("^(.-)[ \t\r]*$") - 1
    if e > #s then return out, stop end                      -- the text ends with it
    pos = e + 1
  end
end

-- Dates in addresses, first match wins: year, month and day, each part
-- after a separator (- / _) or none (/2020/12/17/, /201512/03/,
-- t20151203_7298125, 2017-01-01); not inside a longer number
-- (2019101673989 is an id).  Named groups y, mo, d.
M.URL_DATE = {
  [=[(?<![0-9])(?<y>(?:19|20)\d\d)[-/_]?(?<mo>0[1-9]|1[0-2])[-/_]?(?<d>0[1-9]|[12]\d|3[01])(?![0-9])]=],
}

function M.url_date (url)
  for _, r in ipairs(compiled(M.URL_DATE)) do
    local _, _, c = r:exec(url)
    if c then return string.format("%s-%s-%s", c.y, c.mo, c.d) end
  end
  return nil
end
-- }======

return M
