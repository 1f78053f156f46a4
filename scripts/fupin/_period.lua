-- Period of an indicator (used by figure.lua): the year or year range the
-- figure is about, "2016/2020" for a range.  Read from the time marks of
-- its sentence before it -- dates, and relative expressions resolved from
-- the document's year Y (L.doc_year: URL, metadata, dateline):
--   2016-2020年 ... 5574万元            -> 2016/2020
--   2019、2020年 ... 596个               -> 2019/2020 (a list of years)
--   2018年以来 ... 40个                  -> 2018/Y   (Y: the year of the report)
--   比2016年增加5420元                   -> 2016/Y   (growth since a base year)
--   2019、2020年 ... 人均纯收入达到10045元 -> 2020     (a level reached in money: the end)
--   截至2019年底，由2014年的35.9%下降到1.2% -> 2014 for 35.9%, 2019 for 1.2%
--   从1996年开始…截至2015年底,95.8万     -> 1996/2015 (a start and an end)
--   今年 Y, 去年 Y-1, 前年 Y-2, "十三五"期间 2016/2020, 五年来/近3年/过去五年间
--   (Y-N+1)/Y (5年多来 (Y-N)/Y; 过去一年 Y-1; 过去三年 after 今年 (Y-3)/(Y-1)),
--   目前/至今/年内/春节后/截至9月底 Y.
--   自1994年起…22年来 -> 1994/2016; 到2018年底…三年内 -> 2016/2018
--   由2015年的…增加到2020年的…,年均增长10.5% -> 2015/2020
-- Without a mark in its sentence, the last mark of the sentences before it
-- in the same paragraph governs (2018年,全镇…。新建大棚60个 -> 2018).
-- Headings carry nothing.  Otherwise (累计 without a start, stocks): none.
local L = include "_lib.lua"

local function years (v)
  local a, b = tostring(v):match("^(%d%d%d%d)/(%d%d%d%d)")
  if a then return tonumber(a), tonumber(b) end
  a = tostring(v):match("^(%d%d%d%d)")
  if a then return tonumber(a), tonumber(a) end
  return nil
end

local function span (a, b)
  if not a then return nil end
  if a == b then return tostring(a) end
  return a .. "/" .. b
end

-- The year of the report: L.doc_year, the article's date, else the last
-- year the text writes as YYYY年.
-- Second result: whether the year is the document's date (relative
-- expressions need it; the last year written only bounds 以来 and 比 ranges).
-- An undated page whose lead tells of a year's meeting held on the day it
-- is dated by (8日,岚皋县2020年…现场会在…召开; 10月13日,在…举行的2020年…推进会上)
-- is of that year (not 2019年度…总结会, a year's review held the next year).
local EVENT_DAY = re.compile([[(?:^|[\s:：])(?:[0-9]{1,2}月)?[0-9]{1,2}日[,，]\s*[^。，,；;]{0,20}?((?:19|20)[0-9]{2})年(?![0-9度])[^。，,；;]{0,30}?会(?:议)?(?:上|在[^。，,；;]{1,20}?(?:召开|举行|开幕)|召开|举行|开幕)]])
-- (and so is one whose lead tells of a year's programme issued in the last days: 日前,…县发布2018年
-- 脱贫攻坚动员令; 近日,…印发了《2016年…实施方案》)
local ISSUED = re.compile([[(?:^|[\s:：])(?:日前|近日)[,，]\s*[^。；;]{0,30}?(?:发布|印发|出台|下发)了?\s*《?((?:19|20)[0-9]{2})年(?![0-9度])[^。，,；;《》]{0,30}?(?:动员令|方案|计划)]])
local function report_year (doc, art)
  local y = L.doc_year(doc)
  if y then return y, true end
  y = art and art.date and tonumber(art.date:match("^(%d%d%d%d)"))
  if y then return y, true end
  if doc._fupin_eyear == nil then
    y = EVENT_DAY:match(doc.text:sub(1, 1500)) or ISSUED:match(doc.text:sub(1, 1500))
    doc._fupin_eyear = y and tonumber(y) or false
  end
  if doc._fupin_eyear then return doc._fupin_eyear, true end
  if doc._fupin_ryear ~= nil then return doc._fupin_ryear or nil, false end
  if not y then
    for _, d in ipairs(cn.dates(doc.text)) do
      local a, b = years(d.value)
      if a and d.surface:find("年", 1, true) and (not y or b > y) then y = b end
    end
  end
  doc._fupin_ryear = y or false
  return y, false
end

-- Blanks set between figures and words (2018 年末,贫困人口从2012 年末的 9899 万人减少至 1660 万人,
-- a typeset page's text) are read as if not there: the words around a date (从, 截至, 至) are
-- next to it, as written without them.  -> the text without them, and qa in it
local SPACED = re.compile([[(?<=[0-9])[ \t\x{a0}]+(?=\p{Han})|(?<=\p{Han})[ \t\x{a0}]+(?=[0-9])]])
local function unspaced (t, qa)
  if not t:find("[0-9][ \t]") and not t:find("[ \t][0-9]") and not t:find("\u{a0}", 1, true) then return t, qa end
  local parts, at, nqa = {}, 1, qa
  for a, b in SPACED:gfind(t) do
    parts[#parts + 1] = t:sub(at, a - 1)
    if b < qa then nqa = nqa - (b - a + 1) end
    at = b + 1
  end
  if at == 1 then return t, qa end
  parts[#parts + 1] = t:sub(at)
  return table.concat(parts), nqa
end

local NUM = { ["一"] = 1, ["二"] = 2, ["两"] = 2, ["三"] = 3, ["四"] = 4, ["五"] = 5, ["六"] = 6,
              ["七"] = 7, ["八"] = 8, ["九"] = 9, ["十"] = 10 }
local function small (s)
  if s:find("^%d+$") then return tonumber(s) end
  return NUM[s] or L.small_number(s)
end

-- relative expressions: pattern, function(Y, capture) -> a, b
local CONGRESS = { ["十八大"] = 2012, ["十九大"] = 2017 }
local PLAN = { ["十一五"] = 2006, ["十二五"] = 2011, ["十三五"] = 2016, ["十四五"] = 2021 }
local RELATIVE = re.compile([[(十[一二三四]五)|(?:党的)?十[八九]大以来|今年|本年|年初(?:以来|至今)|(去年|前年|明年)|(?:近|过去|这|经过)([0-9]{1,2}|[一二两三四五六七八九十])年|([0-9]{1,2}|[一二两三四五六七八九十])年多?(?:来|间|以来|内)|(目前|至今(?!年)|当前|截至目前|如今|现已|现在)|(?:上半年|下半年|前三季度|年内|春节(?:前|后|期间)|疫情期间)|截[至止](?:[0-9]{1,2}|[一二三四五六七八九十]{1,2})月(?:底|末|份)?|(?<![0-9年])(?:1|一)\s*(?:-|—|–|－|~|至|到)\s*(?:[0-9]{1,2}|[二三四五六七八九十]{1,2})月(?:份)?|近日|(?<![0-9一二三四五六七八九十节])日前|前不久|近年来|近几年来?|近些年来?|(?<![0-9一二三四五六七八九十])多年来]])
-- the moments of the report's own year: 年内完成, 春节后, 疫情期间
local THIS_YEAR = { ["今年"] = true, ["本年"] = true, ["年初以来"] = true, ["年初至今"] = true, ["上半年"] = true, ["下半年"] = true, ["前三季度"] = true,
                    ["年内"] = true, ["春节前"] = true, ["春节后"] = true, ["春节期间"] = true,
                    ["疫情期间"] = true }
local NOW_WORDS = { ["目前"] = true, ["至今"] = true, ["当前"] = true, ["截至目前"] = true, ["如今"] = true,
                    ["现已"] = true, ["现在"] = true }
-- (截至11月26日: a day without a year, no period, and nothing carried over it;
-- 截至9月底 is the report's year)
-- (近日/日前/前不久: a day without a year too, as 记者3日获悉)
local DAY_AGO = { ["近日"] = true, ["日前"] = true, ["前不久"] = true }
-- (近年来, 近几年, 多年来: recent years, no span stated: no period, and nothing carried
-- over it, nor the headline's year: 近年来,全县累计投入…亿元 -> none)
local VAGUE = { ["近年来"] = true, ["近几年"] = true, ["近几年来"] = true, ["近些年"] = true, ["近些年来"] = true, ["多年来"] = true }
local DAY_NEXT = re.compile([[\G(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})日]])
-- what makes N年内 the years gone by: a change done in its clause (5年内完成了, 三年内累计投入)
local DONE_AFTER = re.compile([[\G[^，,。；;！!？?]*?(?:了|已|累计|累計|共)]])
local PLAN_SINCE = re.compile([[\G[”"」]?\s*(?:以来|以來)]])
-- (a plan's first or last year: “十二五”初 2011, ‘十二五’末 2015, 十三五期末 2020; a
-- point year as 2015年末, its quotes in it, so that 从‘十二五’初的… reads as 从2011年初的…)
local PLAN_EDGE = re.compile([[\G[”"’」』]?(?:(初期|初|开局之年)|(期末|末|收官之年))]])
local PLAN_OPEN = { ["“"] = true, ["‘"] = true, ["「"] = true, ["『"] = true, ['"'] = true }
local function plan_edge (sent, a, b, plan)
  local _, e, first, last = PLAN_EDGE:find(sent, b + 1)
  if not e then return nil end
  local q = sent:sub(math.max(1, a - 3), a - 1)
  if PLAN_OPEN[q] then a = a - #q elseif PLAN_OPEN[sent:sub(a - 1, a - 1)] then a = a - 1 end
  local y = first and plan or plan + 4
  return { start = a, stop = e, value = span(y, y) }
end
local function relative_marks (sent, Y)
  local out = {}
  if not Y then
    for a, b in RELATIVE:gfind(sent) do
      local p = sent:sub(a, b)
      local plan = PLAN[p:sub(1, 9)]
      -- (“十三五”以来 in an undated text: a start with no end known, as N年以来)
      if plan and PLAN_SINCE:find(sent, b + 1) then
        out[#out + 1] = { start = a, stop = b, unknown = true, relative = true, start_only = true }
      elseif plan and plan_edge(sent, a, b, plan) then out[#out + 1] = plan_edge(sent, a, b, plan)
      elseif plan then out[#out + 1] = { start = a, stop = b, value = span(plan, plan + 4), relative = true }
      else
        local n = p:gsub("^近", ""):gsub("^过去", ""):gsub("^这", ""):gsub("^经过", ""):match("^(.-)年")
        -- (十八大以来 in an undated text: a start known, its end unknown)
        out[#out + 1] = { start = a, stop = b, unknown = true, relative = true, years = n and small(n),
                          past = p:find("^过去") ~= nil, since = CONGRESS[p:gsub("^党的", ""):sub(1, 9)] }
      end
    end
    return out
  end
  for a, b in RELATIVE:gfind(sent) do
    local p = sent:sub(a, b)
    local v
    local plan = PLAN[p:sub(1, 9)]
    -- (“十三五”以来: from the plan's start up to the report's year)
    if plan and PLAN_SINCE:find(sent, b + 1) then v = span(plan, math.max(plan, Y))
    elseif plan and plan_edge(sent, a, b, plan) then out[#out + 1] = plan_edge(sent, a, b, plan)
    elseif plan then v = span(plan, plan + 4)
    elseif CONGRESS[p:gsub("^党的", ""):sub(1, 9)] then
      local c = CONGRESS[p:gsub("^党的", ""):sub(1, 9)]
      v = span(c, math.max(c, Y))                               -- 十八大以来: 2012/Y
    elseif DAY_AGO[p] or VAGUE[p] or p:find("^截") and DAY_NEXT:find(sent, b + 1) then
      out[#out + 1] = { start = a, stop = b, unknown = true, relative = true }
    elseif THIS_YEAR[p] or p:find("^截") or p:find("月") then v = span(Y, Y)   -- (截至9月底, 1-9月: this year's)
    -- (去年以来 as 2021年以来: from then up to the report's year)
    elseif p == "去年" then v = span(Y - 1, sent:sub(b + 1, b + 6) == "以来" and Y or Y - 1)
    elseif p == "前年" then v = span(Y - 2, sent:sub(b + 1, b + 6) == "以来" and Y or Y - 2)
    elseif p == "明年" then v = span(Y + 1, Y + 1)
    elseif NOW_WORDS[p] then v = span(Y, Y)
    else
      -- 近3年/五年来: the last N years, this one included; 过去三年: the N
      -- years before this one; 5年多来: a year more
      local n, past = p, false
      for _, w in ipairs({ "近", "过去", "这", "经过" }) do
        if n:sub(1, #w) == w then n, past = n:sub(#w + 1), w == "过去" end
      end
      local more = n:find("年多", 1, true) ~= nil
      n = n:match("^(.-)年")
      n = n and small(n)
      local excl
      if n and past and n == 1 then v = span(Y - 1, Y - 1)
      elseif n == 1 and not more and p:find("来$") then v = span(Y, Y)   -- 一年来: the report's year
      elseif n and n >= 2 and n <= 30 and p:find("内$") and not DONE_AFTER:find(sent, b + 1) then
        v = span(Y, Y + n - 1)          -- (辽宁5年内…全脱贫: the years ahead, this one first)
      elseif n and n >= 2 and n <= 30 then v = span(Y - n + (more and 0 or 1), Y) end
      if n and past then excl = span(Y - n, Y - 1) end
      if v then out[#out + 1] = { start = a, stop = b, value = v, relative = true, years = n, past = past, excl = excl }; v = nil end
    end
    local now = NOW_WORDS[p] == true
    if v then out[#out + 1] = { start = a, stop = b, value = v, relative = true, now = now } end
  end
  return out
end

-- a start named by an event with no year, opening its clause (脱贫攻坚战打响以来, 自精准扶贫
--工作开展以来, 改革开放以来): the years since are not said, no period, and nothing carried over
-- it (as 近年来); not 十八大以来 or “十三五”以来 (relative marks), nor a season, 入汛以来 (two
-- characters: the report's year)
local EVENT_SINCE = re.compile([[(?:^|(?<=[，,。；;：:\s）)”"]))(?:[自从從]\s*)?[^，,。；;：:\s0-9０-９年]{3,30}?(?:以来|以來)(?=\s*[，,])]])
local EVENT_NAMED = re.compile([[十[一二三四]五|十[八九]大]])
local function event_since (sent, out)
  if not sent:find("以来", 1, true) and not sent:find("以來", 1, true) then return end
  for a, b in EVENT_SINCE:gfind(sent) do
    local w = sent:sub(a, b):gsub("以[来來]$", "")
    if not EVENT_NAMED:find(w) then
      out[#out + 1] = { start = a, stop = b, unknown = true, relative = true, event = true }
    end
  end
end

-- time marks of sent: dates with a year and relative expressions, in order
-- (memoised per text and year: a paragraph's sentences are read again
-- for every figure after them)
local BOOK_TITLE = re.compile([[《[^《》]*》]])
local LIST_NEXT = re.compile([[\G\s*(?:、|-|—|–|－|至|到|年)]])
-- (or a year's end written without 年: 到2017底, 截至2018末)
local END_NEXT = re.compile([[\G(?:底|末)]])
local DOC_DATE = re.compile([[\G[^，,。；;《》]{0,8}?的《]])
local STAMP = re.compile([[(?:时间|日期)\s*[:：]\s*$]])
local MEMO = {}                   -- Y (false: none) -> sent -> marks
local memo_n = 0
local function marks (sent, Y)
  local by = MEMO[Y or false]
  local hit = by and by[sent]
  if hit then return hit end
  if memo_n > 4096 then MEMO = {}; memo_n = 0; by = nil end
  if not by then by = {}; MEMO[Y or false] = by end
  local out = {}
  local titles = {}
  for a, b in BOOK_TITLE:gfind(sent) do titles[#titles + 1] = { a, b } end
  for _, d in ipairs(cn.dates(sent)) do
    -- (a date in a document's title is no time mark: 《…规划(2010-2020)》)
    for _, t in ipairs(titles) do
      if d.start >= t[1] and d.stop <= t[2] then goto next_date end
    end
    -- (nor the date of a document named after it: 按照2018年印发的《…办法》,…)
    if DOC_DATE:find(sent, d.stop + 1) then goto next_date end
    -- (nor a page's stamp: 时间:2018-12-28 作者:…)
    if STAMP:find(sent:sub(math.max(1, d.start - 15), d.start - 1)) then goto next_date end
    -- (a bare number read as a year is a year only in a list or range: 2019、2020年;
    -- not 2000 只蛋鸡)
    if years(d.value) and not (d.surface:find("^%d+$") and not LIST_NEXT:find(sent, d.stop + 1)
                               and not (#d.surface == 4 and END_NEXT:find(sent, d.stop + 1))) then
      out[#out + 1] = d
    end
    ::next_date::
  end
  -- (a relative expression when the document's year is unknown: a mark
  -- with no value, so that no earlier year is carried over it)
  -- (nor a relative one: 《…“十三五”…规划》)
  local rel = relative_marks(sent, Y)
  event_since(sent, rel)
  for _, m in ipairs(rel) do
    local inside = false
    for _, d in ipairs(out) do
      if not d.relative and m.start <= d.stop and m.stop >= d.start then inside = true end
    end
    for _, t in ipairs(titles) do
      if m.start >= t[1] and m.stop <= t[2] then inside = true end
    end
    if not inside then out[#out + 1] = m end
  end
  table.sort(out, function (x, y) return x.start < y.start end)
  by[sent] = out
  memo_n = memo_n + 1
  return out
end

-- words of a change between two years
-- (下降了33.9% is a change; 下降到1.2% is the level reached)
local CHANGED = { "下降了", "减少了", "增长了", "提高了", "增加了", "分别下降", "分别增长", "降幅", "减幅", "增幅" }


-- a level reached, not a change (贫困村从56个减少到3个)
local TO_LEVEL = L.TO_LEVEL
local CHANGE_WORDS = { "年均", "增长", "下降", "减少", "提高", "增加", "降幅", "减幅", "增幅" }
local function with (list, more)
  local out = table.move(list, 1, #list, 1, {})
  return table.move(more, 1, #more, #out + 1, out)
end
local CHANGED_OVER = with(CHANGE_WORDS, { "幅度" })
-- (and a later clause on the same change: ,年增速19.8%,高于全省2.5个百分点)
local CHANGE_GOES_ON = with(CHANGE_WORDS, { "增速", "高于", "低于", "快于" })

-- what puts a figure past the base a 由/从 date is (由2017年底的2.57%下降为1.21%;
-- 从2013年的…到…, and a later sentence part; an ASCII comma does not: 从2014年
-- 的12.9万人,建档立卡的…有4.5527万人,下降到… is still the base's)
local PAST_BASE = re.compile([[到|至|，|；|;|(?:下降|减少|增加|提高|上升|增长|降低|降|减|增|变)为]])

-- the start of a from-to named without its year (由建档立卡时的9.1%降至…)
local START_NAMED = re.compile([[[由从][^0-9，,；;。]{1,8}(?:时|初|前)的$]])
-- a change stated right before its figure (…减少至42万人,累计减少468万人; 年均下降1.65个百分点)
local CHANGE_BY = re.compile([[(?:减少|下降|增加|增长|提高|降低|减贫)了?$]])
-- the 由/从 that a mark follows (由2014年的, 从2013年末的)
local function from_lead (t, m)
  local l = t:sub(math.max(1, m.start - 3), m.start - 1)
  return l == "由" or l == "从"
end

-- a count of years in a clause (6年时间, 连续6年, 五年来)
local YEARS_COUNTED = re.compile([[(?:连续|連續)([0-9]{1,2}|[两三四五六七八九十])年|([0-9]{1,2}|[两三四五六七八九十])年(?:时间|時間|来|來|间|間|内|內)]])
-- (用3年时间, 未来3年, 今后三年: the years of a plan from its start)
local PLAN_YEARS = re.compile([[(?:用|未来|今后)([0-9]{1,2}|[两三四五六七八九十])年(?:时间|左右)?]])

local BEGAN = re.compile([[^[^。；;]{0,30}?(?:开始|启动|开启|起步)]])

-- the word before a comparison's base year (较2014年, 比上年, 由2013年的)
local BASE = { ["比"] = true, ["较"] = true, ["由"] = true, ["从"] = true }
local SINCE_LATER = re.compile([[\G[^，,。；;]{1,12}?以来]])
-- (a longer one in a clause that 自/从 opens: 自2016年3月县扶贫工作队进驻石门村以来)
local SINCE_LONG = re.compile([[\G[^，,。；;]{1,40}?以来]])
local OPENS_FROM = re.compile([[(?:^|[，,。；;：:])\s*[自从][^，,。；;]{0,30}$]])
-- Is the year mark m of t the start of a span up to now (…以来)?
-- (read through inline glosses: 2016年脫貧攻堅(jiān)戰(zhàn)以來)
local function since_mark (t, m)
  if t:sub(m.stop + 1, m.stop + 6) == "以来" then return true end
  local rest = t:sub(m.stop + 1, m.stop + 240)
  if rest:find("(", 1, true) then rest = L.unglossed(rest) end
  return SINCE_LATER:find(rest) ~= nil
         or SINCE_LONG:find(rest) ~= nil and OPENS_FROM:find(t:sub(1, m.start - 1)) ~= nil
end
-- Does the text write the year y as a year it reports on, not only as a start
-- (2019年以来,…。2019年,全区…: yes; 2016年以来,… alone: no)?  For an undated text
-- whose last year written is y (kept per document)
local function point_year (doc, y)
  if not y then return false end
  local by = doc._fupin_ypoint
  if not by then by = {}; doc._fupin_ypoint = by end
  if by[y] == nil then
    local s, yes = doc.text, false
    for _, d in ipairs(cn.dates(s)) do
      local a, b = years(d.value)
      if a == y and b == y and d.surface:find("年", 1, true) then
        local lead = s:sub(math.max(1, d.start - 3), d.start - 1)
        local after = s:sub(d.stop + 1, d.stop + 6)
        if lead ~= "自" and lead ~= "从" and not after:find("^起") and not after:find("^开始")
           and not after:find("^来") and not since_mark(s, d) then yes = true; break end
      end
    end
    by[y] = yes
  end
  return by[y]
end
-- Is the mark m of t the base of a share: 占 before it in its clause
-- (占2020年末脱贫人口的5%, 占全县2014年末农业人口的1%)?
-- (m is one of marks(t), memoised per text: the answer is kept on m, as
-- every figure after it asks)
local function share_base (t, m)
  if m.relative then return false end
  local b = m._share
  if b == nil then
    b = L.after_last(t:sub(math.max(1, m.start - 40), m.start - 1), L.CLAUSE_SEPS):find("占", 1, true) ~= nil
    m._share = b
  end
  return b
end
-- Is the mark m of t the base of 和/与…相比 (和2014年建档立卡初期相比,…)?
local COMPARED_LATER = re.compile([[\G[^，,。；;]{0,24}?相比]])
local function compared (t, m)
  local lead = t:sub(math.max(1, m.start - 3), m.start - 1)
  return not m.relative and (lead == "和" or lead == "与" or lead == "同") and COMPARED_LATER:find(t, m.stop + 1) ~= nil
end
-- Is the mark m of t a comparison's base: after 比/较/由/从, or 是…的 (是2017年的6倍),
-- a share's, or 与…相比?
local function is_base (t, m)
  local b = m._base                  -- (kept on m, as share_base's answer)
  if b == nil then
    local lead = t:sub(math.max(1, m.start - 3), m.start - 1)
    b = (BASE[lead] or (lead == "是" and t:sub(m.stop + 1, m.stop + 3) == "的") or share_base(t, m) or compared(t, m)) and true or false
    m._base = b
  end
  return b
end

-- A start year written before a count of years: 自1994年起…22年来 -> 1994/2016;
-- an end year: 到2018年底…三年内减少了 -> 2016/2018.  m: the year's mark in
-- text t; nil when it is a comparison's base.
local function anchored (t, m, d)
  local a, b = years(m.value)
  if not a or m.relative then return nil end
  if a ~= b then return span(a, b) end           -- 2016-2020年,…五年内: the written years stand
  local lead = t:sub(math.max(1, m.start - 3), m.start - 1)
  local after = t:sub(m.stop + 1, m.stop + 6)
  if lead == "自" or lead == "从" or lead == "于" or after:find("^起") or after:find("^开始") or after:find("^以来") then
    -- (近三年 is the last three years whatever started before it)
    local w = t:sub(d.start, d.stop)
    if w:find("^近") or w:find("^这") then return nil end
    return span(a, a + d.years)
  end
  if BASE[lead] then return nil end
  if d.past then return span(a - d.years, a - 1) end
  return span(a - d.years + 1, a)
end

local DESCRIBED = re.compile([[^\s*是[^，,。；;]{0,12}$]])
local OF_NOUN = re.compile([[\G[^，,。；;的]{1,20}的(?![0-9])]])
-- a tally's word (累计投入…)
local TALLY = { "累计", "累計" }
-- "the date that governs the sentence": a year carried from before, else the report's
local NOW = "now"

-- a note in brackets shut before the figure (龙陵县813户<2018年提前实施>、昌宁县1116户):
-- its year is its own, not the time of what follows (a lost character's gloss
-- opens with ?: 總?cè)藬?shù))
local NOTE_SHUT = re.compile([=[^[^(（<〈?)）>〉]{0,20}[)）>〉]]=])
-- period from the marks of sent before qa (nil when none)
local function from_sentence (sent, qa, Y, unit, Yrel, this_year_told, carry_end, ypoint)
  local last, prev
  for _, d in ipairs(marks(sent, Yrel)) do
    -- (2021年末,…占2020年末脱贫人口的5%;累计…: the share's base is no time of the sentence)
    if d.stop < qa and not share_base(sent, d) and not NOTE_SHUT:find(sent:sub(d.stop + 1, qa - 1)) then
      prev, last = last, d
    end
  end
  -- 比去年同期增长15%, 较去年增加: a comparison's base is no period of the figure
  if last and last.relative and BASE[sent:sub(math.max(1, last.start - 3), last.start - 1)] then
    last, prev = prev, nil
  end
  -- 是2017年的6倍, 是去年的2.25倍: the base of a multiple, not the time of what follows it
  if last and sent:sub(math.max(1, last.start - 3), last.start - 1) == "是"
     and is_base(sent, last) then
    last, prev = prev, nil
  end
  -- 较2016年增长2.8亿元,实施项目166个: a comparison's base governs its change only,
  -- not a later clause that states none (比上年增加1200元,增长8.5% is still the change)
  local lead1 = last and sent:sub(math.max(1, last.start - 3), last.start - 1)
  if last and not last.relative and (lead1 == "比" or lead1 == "较") then
    local rest = sent:sub(last.stop + 1, qa - 1)
    -- (nor one past a ；: 较2011年增长47.5%;贫困农民人均纯收入增幅高于全市2个百分点 is the year's)
    if L.has_any(rest, L.CLAUSE_SEPS) and (not L.has_any(L.after_last(rest, L.CLAUSE_SEPS), CHANGE_GOES_ON)
                                          or L.has_any(rest, L.PIECE_SEPS)) then
      last, prev = prev, nil
    end
  end
  -- 和2014年…相比,脱贫1.1万户,…仅剩498户: the clause right after the comparison is the
  -- change since its base, up to the year the sentence is about (written before it, else
  -- carried); a later clause is not the base's
  if last and compared(sent, last) then
    local _, cend = COMPARED_LATER:find(sent, last.stop + 1)
    local after = sent:sub(cend + 1, qa - 1)
    local base = years(last.value)
    local e = prev and not prev.relative and select(2, years(prev.value)) or (carry_end and carry_end())
    if base and e and e > base and L.count_any(after, L.CLAUSE_SEPS) <= 1 then return span(base, e) end
    last, prev = prev, nil
  end
  -- (是广东2017年进驻云南的第一家企业,员工每月能拿到3000多元: a year inside a description of
  -- the subject, 是…YYYY年…的+noun, dates that description, not a later clause's figure)
  if last and not last.relative and DESCRIBED:find(sent:sub(L.after_last_at(sent, L.CLAUSE_SEPS, 1, last.start - 1), last.start - 1))
     and OF_NOUN:find(sent, last.stop + 1) and L.has_any(sent:sub(last.stop + 1, qa - 1), L.CLAUSE_SEPS) then
    last, prev = nil, nil
  end
  if not last then return nil end
  -- 目前…中,低保人口236人;…办理慢性病治疗76人次: a status word's time ends at its
  -- ；, what follows is no status (截至目前, a tally up to now, goes on)
  -- (nor a piece that tallies on: 目前,…已累计投入…;累计选派837名干部 is up to now too)
  if last.now and sent:sub(last.start, last.stop) ~= "截至目前"
     and L.has_any(sent:sub(last.stop + 1, qa - 1), L.PIECE_SEPS)
     and not L.has_any(L.after_last(sent:sub(last.stop + 1, qa - 1), L.PIECE_SEPS), TALLY) then
    if not prev then return false end
    last, prev = prev, nil
  end
  -- 从2013年末的346万人减至目前的50.9万人,贫困发生率从9.2%下降至1.38%:
  -- a figure right after 从/由 is at the start the sentence named
  -- (从 26.8%: a blank before the figure)
  local lead0 = sent:sub(1, qa - 1):gsub("%s+$", ""):sub(-3)
  local clause0 = sent:sub(L.after_last_at(sent, L.CLAUSE_SEPS, 1, qa - 1), qa - 1)   -- (no copy of the text before)
  if lead0 == "从" or lead0 == "由" or START_NAMED:find(clause0) then
    local start
    for _, d in ipairs(marks(sent, Yrel)) do
      local dl = sent:sub(math.max(1, d.start - 3), d.start - 1)
      if d.stop < qa and not d.relative and (dl == "从" or dl == "由") then start = d end
    end
    if start then return span(years(start.value)) end
  end
  -- 今年…。而在过去三年: this year was told apart, the three years are the ones before it
  if last.excl and this_year_told then return last.excl end
  if last.years and prev and last.years >= 2 then
    local v = anchored(sent, prev, last)
    -- (…至2014年的2.6万人,4年来共减少2.9万人,发生率从21.4%降到11.9%: a level reached is at the end)
    if v and TO_LEVEL:find(clause0) then
      local _, e = years(v)
      return span(e, e)
    end
    if v then return v end
  end
  if last.unknown and last.start_only then return false end    -- (“十三五”以来 undated: not the year before it)
  if last.unknown then
    -- 2016-2020年,…五年内投入: the written years stand; alone, no period
    -- (2016年至今 in an undated text: a start with no end known, no period)
    -- (“十三五”期间,…,近日,据…消息,…80个县全部摘帽: the news's day, the span stands)
    if prev and not prev.unknown and (not prev.relative or DAY_AGO[sent:sub(last.start, last.stop)])
       and not BASE[sent:sub(math.max(1, prev.start - 3), prev.start - 1)]
       and not (prev.stop + 1 >= last.start and sent:sub(last.start, last.stop) == "至今") then last, prev = prev, nil
    else return false end
  end
  -- "由2014年的35.9%下降到1.2%": a date after 由/从 is the base of the figure
  -- right after it; a figure past the change (到/至, or a later clause)
  -- belongs to the date that governs the sentence (截至2019年底), else to
  -- the report's year
  local lead = sent:sub(math.max(1, last.start - 3), last.start - 1)
  -- (从2002年至2010年 is a span written as one date: no base; 从2016年起，/开始，/开展…以来，
  -- a start)
  local la, lb = years(last.value)
  local begins = sent:sub(last.stop + 1, last.stop + 6)
  begins = begins:find("^起") or begins:find("^开始") or begins:find("^以来") or SINCE_LATER:find(sent, last.stop + 1)
  if (lead == "由" or lead == "从") and la == lb and not begins then
    if PAST_BASE:find(sent:sub(last.stop + 1, qa - 1)) then
      local base, base_stop = years(last.value), last.stop
      -- (截至2017年末,…从2012年末的…;发生率从2012年末的10.2%下降至3.1%: the date
      -- that governs the sentence, not the base of its first pair)
      local gov = prev and not compared(sent, prev) and prev or nil
      for _, d in ipairs(marks(sent, Yrel)) do
        if d.stop < last.start and not from_lead(sent, d) and not share_base(sent, d) and not compared(sent, d) then
          gov = d
        end
      end
      if gov then last, prev = gov, nil
      else return NOW end
      -- 2007年末,…由2001年的…下降到…,分别下降了33.9%: a change over the two
      -- (and 截至2019年末,…从2013年末的…减少至…,累计减少468万人; not a change after a ；)
      local gy = years(last.value)
      if base and gy and base < gy
         and ((unit == "%" or unit == "倍") and L.has_any(clause0, CHANGED)
              or CHANGE_BY:find(clause0) and not L.has_any(sent:sub(base_stop + 1, qa - 1), L.PIECE_SEPS)) then
        return span(base, gy)
      end
    end
  end
  -- 由2015年的6800元增加到2020年的11200元,年均增长10.5%: a change over the two
  -- (从2012年的9899万人减少到2018年的1660万人,6年时间减少8000多万人)
  -- (由2014年…的320万人降至2019年底的…,发生率由…降至2019年底的0.15%,年均下降1.65个百分点:
  -- the start is the nearest 由/从 date; 由2013年底的…减少到2019年底的…,累计减贫155万人)
  -- (the change is the figure's own clause: 由2013年的…减少至2019年底的…,发生率由…下降到…,
  -- 剩余的676个贫困村全部出列 is what remains at the end, 2019)
  if prev and not last.relative and (lead == "到" or lead == "至") then
    local start
    for _, d in ipairs(marks(sent, Yrel)) do
      if d.stop < last.start and not d.relative and from_lead(sent, d) then start = d end
    end
    local pa, gy = start and years(start.value), years(last.value)
    if pa and gy and pa < gy
       and (L.has_any(L.after_last(sent:sub(last.stop + 1, qa - 1), L.CLAUSE_SEPS), CHANGED_OVER)
            or CHANGE_BY:find(clause0))
       and not TO_LEVEL:find(clause0) then
      -- (the figure's clause counting the years of the change, 从2012年的…减少到2018年的…,6年时间
      -- 减少了8000多万人, 连续6年平均每年减贫…: those years, up to the later one)
      local n1, n2 = YEARS_COUNTED:match(clause0)
      local n = small(n1 or n2 or "")
      if n and n >= 1 and gy - n + 1 > pa then return span(gy - n + 1, gy) end
      return span(pa, gy)
    end
  end
  -- 自2002年至今 / 2016年至今: from the year to the document's
  if prev and not prev.relative and last.now and prev.stop + 1 >= last.start
     and sent:sub(last.start, last.stop) == "至今" then
    local pa = years(prev.value)
    local _, e = years(last.value)
    if pa and e and pa < e then return span(pa, e) end
  end
  local a, b = years(last.value)
  if prev and sent:sub(prev.stop + 1, last.start - 1):find("^、$") then
    a = years(prev.value)                   -- 2019、2020年
  elseif prev and not prev.relative and (lead == "至" or lead == "到" or sent:sub(math.max(1, last.start - 6), last.start - 1) == "截至") then
    -- 从1996年开始…截至2015年底 / 于2009年启动…截至去年: a start and an end
    local pa = years(prev.value)
    local plead = sent:sub(math.max(1, prev.start - 3), prev.start - 1)
    local pafter = sent:sub(prev.stop + 1, prev.stop + 6)
    local starts = pafter:find("^起") or pafter:find("^开始") or pafter:find("^以来")
                   or BEGAN:find(sent:sub(prev.stop + 1, last.start - 1))     -- 2013年,我市开始实施…截至2015年底
    -- (从2013年至去年, 自2014年到2019年: written as one span)
    -- (2015年10月至2016年1月底: two dates joined by 至 are a range too)
    local joined = sent:sub(prev.stop + 1, last.start - 1) == lead
                   and (plead == "从" or plead == "自" or lead == "至" or lead == "到")
    if pa and pa < a and (starts or joined or (plead == "于" and not pafter:find("^的"))) then
      a = pa
    end
  elseif prev and prev.relative and (prev.value or prev.since) and sent:sub(prev.start, prev.stop):find("以来$")
         and (lead == "到" or lead == "至" or sent:sub(math.max(1, last.start - 6), last.start - 1) == "截至") then
    -- 十九大以来,截至2018年年底 / 十八大以来,到2020年底: the congress is the start, the date the end
    local pa = prev.since or years(prev.value)
    if pa and pa < a then a = pa end
  elseif prev and prev.years and prev.years >= 2 and not prev.past and a == b
         and (lead == "到" or lead == "至" or sent:sub(math.max(1, last.start - 6), last.start - 1) == "截至") then
    -- 经过6年努力,到今年底 / 五年来,截至2019年底: the years counted end at the date
    a = b - prev.years + 1
  end
  local after = sent:sub(last.stop + 1, last.stop + 6)
  local before = sent:sub(math.max(1, last.start - 3), last.start - 1)
  -- 2016年起启动…,计划用3年时间搬迁…: the years of the plan from its start (2016/2018;
  -- 从2019年起,未来3年 2019/2021)
  if not last.relative and a == b and (after:find("^起") or after:find("^开始") or before == "自" or before == "从") then
    local n = PLAN_YEARS:match(sent:sub(last.stop + 1, qa - 1))
    n = n and small(n)
    if n and n >= 2 then return span(a, a + n - 1) end
  end
  -- (自1996年开展以来, 2014年建档立卡以来: a verb between the start year and its 以来)
  -- (从1996年起 / 2016年起 / 从2016年开始 as 以来: up to the document's year)
  local since = after:find("^以来") or after:find("^起") or since_mark(sent, last)
                or ((before == "自" or before == "从") and after:find("^开始"))
  -- (2016年以来 in an undated text that writes a later year: a start with no end
  -- known, no period; 2019年以来 where 2019 is the last year written, and written
  -- as a year the text reports on too (ypoint): 2019; but 从2017年起/开始, a rule from
  -- then on, has no end even so, nor 2016年…以来 where 2016 is only ever a start)
  local from_on = after:find("^起") or ((before == "自" or before == "从") and after:find("^开始"))
  if not last.relative and since and not Yrel and Y and (Y > b or from_on or not ypoint) then return false end
  if not last.relative and (since or before == "比" or before == "较" or after:find("^来")) and Y and Y > b then
    -- 2011年,…较2006年增长2.47倍: up to the year the sentence is about (去年,…;
    -- written before it, else carried: 2021年…。3130万人…,比2020年增长3.6%)
    local comp = before == "比" or before == "较"
    -- (2014年,…较2011年增长47.5%,…较2011年降低了8.3个百分点: the year before the
    -- bases, not the first base)
    local gov = prev
    if comp and prev and is_base(sent, prev) then
      gov = nil
      for _, d in ipairs(marks(sent, Yrel)) do
        if d.stop < last.start and not is_base(sent, d) then gov = d end
      end
    end
    local _, gy = years(comp and gov and gov.value or "")
    if comp and not gy and carry_end then gy = carry_end() end
    b = (gy and gy > b) and gy or Y
    -- (比2017年增长11% in a sentence of 2018: a base one year back, the year's own change)
    if comp and b == a + 1 then a = b end
  end
  local clause = clause0
  -- a level reached (人均纯收入达到10045元, 种植面积达到36万亩) is at the end; not a cumulative
  -- (累计达到) or a share's change
  if a ~= b and clause:find("达到", 1, true) and not clause:find("累计", 1, true)
     and (unit == "元" or not L.has_any(clause, CHANGED_OVER)) then a = b end
  return span(a, b)
end

local DURATION = { ["年"] = true, ["月"] = true, ["周"] = true, ["天"] = true, ["日"] = true, ["岁"] = true }
-- a sentence about an earlier time than the one before it
-- (or on a day without a year: 12月10日,考评组一行13人…)
local AGO = re.compile([[^\s*(?:此前|之前|以前|早前|此后|[0-9]{1,2}月[0-9]{1,2}日)]])

-- a count of years (22年来, 21年间) opening a sentence that writes no year
-- before it counts from the start the sentence before names (自1994年起…。
-- 22年来 -> 1994/2016; 1996年,…开启了…。21年间 -> 1996/2017)
local STARTED = re.compile([[^(?:起|开始|以来)|开启|开始|启动|起步]])
local function counted_from_before (doc, sent, qa, si, Yrel)
  local ms, d = marks(sent, Yrel), nil
  for _, m in ipairs(ms) do
    if m.stop < qa then
      if not m.relative then return nil end
      d = m
    end
  end
  if not (d and d.years and d.years >= 2 and not d.past) then return nil end
  -- (近三年/这五年 are the last years, not years counted from a start)
  local w = sent:sub(d.start, d.stop)
  if w:find("^近") or w:find("^这") then return nil end
  local ss = L.sentences(doc)
  local o = si and si > 1 and ss[si - 1]
  if not o or o.para ~= ss[si].para then return nil end
  local t = L.sentence_text(doc, si - 1)
  local found
  for _, m in ipairs(marks(t, Yrel)) do
    local a, b = years(m.value)
    local lead = t:sub(math.max(1, m.start - 3), m.start - 1)
    if a and a == b and not m.relative and (lead == "自" or lead == "从" or STARTED:find(t:sub(m.stop + 1))) then
      found = span(a, a + d.years)
    end
  end
  return found
end

local carried
-- The figures text t states (memo): false none, "rates" rates only (…贫困发生率
-- 达37.5%; durations aside), true others.
local FIGS, figs_n = {}, 0
local function figures_in (t)
  local r = FIGS[t]
  if r == nil then
    r = false
    for _, q in ipairs(cn.quantities(t)) do
      if q.unit ~= "%" and not DURATION[q.unit] then r = true; break end
      if q.unit == "%" then r = "rates" end
    end
    if figs_n > 4096 then FIGS = {}; figs_n = 0 end
    FIGS[t], figs_n = r, figs_n + 1
  end
  return r
end
local PLAN_CLAUSE = re.compile([[(?:^|[，,；;：:])[^，,；;。]{0,9}?(?:将|力争|计划)]])
-- (what cuts a headline's words, and a sentence's clause, off the text before)
local AHEAD = re.compile([[^[^，,；;]{0,9}?(?:将|要|力争|确保|计划)]])
local HEAD_SEPS = { "，", ",", "；", ";", " ", "　" }
local SENT_SEPS = { "，", ",", "；", ";", "。" }
local HEAD_YEARS = re.compile([[(?<![0-9第续])([0-9]{1,2}|[两三四五六七八九十])年(?=[0-9]|[实投减完建脱帮增累近超逾时])]])
local FORECAST = re.compile([[预计(?:到|在|于)?$]])
-- a year a sentence names as what the passage is about (2019年是脱贫攻坚决战决胜年, 2018年是…最繁重的一年;
-- a work report's 2018年,是极不平凡的一年 with a comma)
local YEAR_IS = re.compile([[^\s*(?:[，,]\s*)?(?:是|为)[^，,。；;！!]{0,30}?(?:之年|一年|年)(?:[，,。；;！!”"」]|$)]])
-- a year that opens a clause (,2018年实现…)
local YEAR_OPENS = re.compile([[[，,；;]\s*$]])
local THAT_YEAR = re.compile([[当年|同年|这一年|该年]])
-- a year's programme or meeting named right after the year, no comma between (谈及2018年精准脱贫工作时,
-- 发布2018年脱贫攻坚动员令, 召开2020年贫困村退出审定会): the year of the work the passage goes on to tell
local PROGRAMME = re.compile([[^[^，,。；;、：:\s]{0,14}?(?:工作|動員令|动员令|行动计划|行動計劃|计划|計劃|方案|审定会|審定會|推进会|推進會|部署会|部署會)]])
local REMAINING = re.compile([[剩余(?!劳动力|劳力)|尚余|尚有|仍有|还剩]])
-- paragraphs that go on with the one before (its year goes on too)
-- (and a report's next point: 发布会通报,…; 会议通报,…)
local GOES_ON = re.compile([[^\s*(?:此外|其次|再次|同时|与此同时|另外|还有|最后|其中|(?:新闻)?发布会(?:上)?通报|会议通报)]])

-- A list page's own time line, the nearest before the figure over short
-- lines only (数说…: "2015年以来" ⏎ 累计退出贫困村600个 ⏎ 脱贫64.8万人): its
-- period, before the headline's (false: none; nil: no such line).
local TIME_LINE = re.compile([[^\s*[“"]?(?:[0-9]{4}年(?:以来|来|底|末|全年)?|十[一二三四]五(?:以来|期间|时期)?)[”"]?\s*$]])
local LIST_LINE = 30                    -- characters: a longer line is prose, not a list page
local function time_line (doc, si, art, Y, unit, Yrel)
  if not si or not art or not art.start then return nil end
  local ss, s = L.sentences(doc), doc.text
  local para = ss[si].para
  for j = si - 1, 1, -1 do
    local o = ss[j]
    if o[1] < art.start then break end
    local t = s:sub(o[1], o[2])
    if (utf8.len(t) or 99) > LIST_LINE then break end
    if o.para ~= para and TIME_LINE:find(t) then
      -- (N年以来 in an undated text: a start with no end known, no period)
      if not Yrel and (t:find("以来", 1, true) or t:find("年来", 1, true)) then return false end
      local p = from_sentence(t, #t + 1, Y, unit, Yrel, nil, nil, not Yrel and point_year(doc, Y))
      if p == NOW then p = Y and span(Y, Y) end
      return p or false
    end
  end
  return nil
end

-- A table written as `|`-separated lines (省份 | 2016年脱贫人口目标 | ⏎ 湖北 | 力争实现147万… |):
-- the header, the first line of the run, names the year of every row below it when it
-- states one year or one span (a table headed 乡镇 | 退出村名单 | states none).  The
-- row's line start ls -> the header's period, or false (kept per document: every
-- figure of a row asks, and a row's answer is its line's before it)
local function cells (line)
  local _, n = line:gsub("|", "")
  return n >= 2
end
local function table_year (doc, pos, Yrel)
  local s = doc.text
  local ls = pos
  while ls > 1 and s:byte(ls - 1) ~= 10 do ls = ls - 1 end
  local t = doc._fupin_table            -- line start -> its run's first line; that line -> its period
  if not t then t = { head = {}, year = {} }; doc._fupin_table = t end
  local cur = t.head[ls]
  if cur == nil then
    local le = s:find("\n", ls, true) or #s + 1
    local seen = { ls }
    cur = ls
    if cells(s:sub(ls, le - 1)) then
      while cur > 1 do
        local ps = cur - 1
        while ps > 1 and s:byte(ps - 1) ~= 10 do ps = ps - 1 end
        if not cells(s:sub(ps, cur - 2)) then break end
        if t.head[ps] then cur = t.head[ps]; break end
        seen[#seen + 1] = ps
        cur = ps
      end
    end
    for _, l in ipairs(seen) do t.head[l] = cur end
  end
  if cur == ls then return false end     -- (not a row, or the header's own figures)
  local v = t.year[cur]
  if v == nil then
    local head = s:sub(cur, (s:find("\n", cur, true) or #s + 1) - 1)
    local one
    for _, m in ipairs(marks(head, Yrel)) do
      if m.relative or one ~= nil then one = false; break end
      one = m
    end
    local val = one and tostring(one.value) or ""
    v = (val:find("^%d%d%d%d$") or val:find("^%d%d%d%d/%d%d%d%d$")) and val or false
    t.year[cur] = v
  end
  return v
end

-- the period a short headline states for its article (过去一年江苏做了这些事)
local UNTIL = re.compile([[(?:至|到|截止)\s*$]])
local function headline_period (doc, art, Y, unit, Yrel, sent)
  if not art or not art.start then return nil end
  local h = doc.text:sub(art.start, art.stop)
  if (utf8.len(h) or 99) > 30 or h:find("。", 1, true) then return nil end
  local p = from_sentence(h, #h + 1, Y, unit, Yrel, nil, nil, not Yrel and point_year(doc, Y))
  if p == NOW then p = Y and span(Y, Y) end
  -- (only a year the headline reports on: not a span or a start, 十二五期间…, 2018年以来…,
  -- 今年起…, nor a year ahead, …今年将基本脱贫; but the headline's own figure takes it)
  if sent:find(h, 1, true) or sent:find((unspaced(h, 1)), 1, true) then return p or nil end
  local a, b = years(p or "")
  if a ~= b then return nil end
  local ms = marks(h, Yrel)
  local after = ms[#ms] and h:sub(ms[#ms].stop + 1) or ""
  if after:find("^起") or after:find("^以来") or after:find("^开始") or AHEAD:find(after) then return nil end
  -- (nor the end of a count up to a date, 至2018年底,…累计150万人脱贫: a total, not a year's)
  if ms[#ms] and UNTIL:find(h:sub(1, ms[#ms].start - 1)) then return nil end
  return p or nil
end


-- The last mark of sentence text t that is no comparison's base (较2014年,
-- 比上年, 由2013年的 govern nothing after them): what `carried` reads
local function last_mark (t, Yrel)
  local last
  for _, m in ipairs(marks(t, Yrel)) do
    if not is_base(t, m) then last = m end
  end
  return last
end
-- Does sentence text t name its last mark as the year of the passage (2019年是…决战决胜年,
-- 2018年是…最繁重的一年,…)?  (last: that mark, when known)
local function year_named (t, Yrel, last)
  last = last or last_mark(t, Yrel)
  return last ~= nil and not last.relative and YEAR_IS:find(t:sub(last.stop + 1)) ~= nil
end
-- 一年来 after a year named as the passage's (2018年,是极不平凡的一年。一年来,…): that year,
-- not the report's (a review read out the next year, or a copy dated later); the sentences
-- between may say 一年来 again; in its paragraph only (2021年是…第一年。⏎他表示,一年来,… at a
-- press conference the next year is up to that day).  m: the mark 一年来 of sentence si
-- (text t); nil when it is not one, or no such year is named
local ONE_YEAR = { ["一年来"] = true, ["1年来"] = true }
local function named_year_back (doc, si, t, m, Yrel)
  if not (si and m.relative and ONE_YEAR[t:sub(m.start, m.stop)]) then return nil end
  local ss = L.sentences(doc)
  for j = si - 1, 1, -1 do
    if ss[j].para ~= ss[si].para then return nil end
    local u = L.sentence_text(doc, j)
    local last = last_mark(u, Yrel)
    if last then
      if year_named(u, Yrel, last) then
        local a, b = years(last.value)
        return a and a == b and span(a, a) or nil
      end
      if not (last.relative and ONE_YEAR[u:sub(last.start, last.stop)]) then return nil end
    end
  end
  return nil
end

-- Does sentence j have no mark that `carried` below stops at?  blank_run:
-- the first of the run of such sentences that ends at k, within a paragraph
-- and those it goes on with (kept per document: every figure of a paragraph
-- asks, and a page on one line is one long paragraph)
local function blank (doc, j, Yrel)
  local last = last_mark(L.sentence_text(doc, j), Yrel)
  return not last or last.now
end
local function blank_run (doc, k, Yrel)
  local ss, s = L.sentences(doc), doc.text
  local by = doc._fupin_blank
  if not by then by = {}; doc._fupin_blank = by end
  local runs = by[Yrel or false]
  if not runs then runs = {}; by[Yrel or false] = runs end
  local seen, j = {}, k
  while not runs[j] do
    seen[#seen + 1] = j
    local o = ss[j - 1]
    if not (o and blank(doc, j - 1, Yrel)) then runs[j] = j; break end
    if o.para ~= ss[j].para and not (o.para == ss[j].para - 1 and GOES_ON:find(s:sub(ss[j][1], ss[j][2]))) then
      runs[j] = j; break
    end
    j = j - 1
  end
  for _, i in ipairs(seen) do runs[i] = runs[j] end
  return runs[k]
end

-- The last mark of the earlier sentences of its paragraph (and of the
-- paragraph before when this one goes on with it: 此外, 与此同时): a
-- year carried from a sentence that states figures after it, not from an
-- event's date (2017年,X镇划归开发区管辖。).  false: a mark that stops it.
function carried (doc, sent, si, Y, unit, Yrel, named)
  local ss = L.sentences(doc)
  local cur = si and ss[si]
  if not cur then return nil end
  if AGO:find(sent) then return false end
  local s = doc.text
  local para = cur.para
  local from = si - 1
  if from >= 1 and ss[from].para == para and blank(doc, from, Yrel) then
    from = blank_run(doc, from, Yrel) - 1           -- (the sentences between carry nothing)
    para = ss[from + 1].para
  end
  for j = from, 1, -1 do
    local o = ss[j]
    if o.para ~= para then
      local first = ss[j + 1]
      if o.para == para - 1 and GOES_ON:find(s:sub(first[1], first[2])) then para = o.para
      -- (a paragraph that ends naming its year, 2018年是…最繁重的一年,…。, governs the next)
      elseif o.para == para - 1 and year_named(L.sentence_text(doc, j), Yrel) then para = o.para
      else break end
    end
    local t = L.sentence_text(doc, j)
    local last = last_mark(t, Yrel)
    if last then
      if last.now then goto continue end          -- 截至目前: a moment, not a passage's year
      -- (截至2015年底,全省共有…。我省提出,将通过…实现150万人脱贫: a tally's date is no time of a plan)
      local tally = t:sub(math.max(1, last.start - 6), last.start - 1)
      if (tally == "截至" or tally == "截止") and PLAN_CLAUSE:find(sent) then
        return false
      end
      -- (预计2018年底可实现…。累计解决…: a forecast's year is no time of what follows)
      if FORECAST:find(t:sub(math.max(1, last.start - 9), last.start - 1)) then return false end
      local fkey = t:sub(last.stop + 1)
      -- (a year of a rate's own, 2015年贫困发生率达37.5%。为确保如期出列,…组建14个: the
      -- base it states is no time of the counts after it; 2018年,…降至1.2%。… goes on)
      local figures = figures_in(fkey)
      if not last.relative and not fkey:find("^%s*[，,]") and figures == "rates" then return false end
      figures = figures ~= false
      -- a count of years frames what follows (1996年,…。21年间,…。6万多名…)
      -- (一年来,…着力…。全面建立…,近70%的…: the report's year)
      if last.years and last.years >= 1 and not last.past then
        local named_y = named_year_back(doc, j, t, last, Yrel)
        if named_y then return named_y end
        local p = counted_from_before(doc, t, last.stop + 1, j, Yrel) or from_sentence(t, last.stop + 1, Y, unit, Yrel, nil, nil,
                                                                                  not Yrel and point_year(doc, Y))
        if p == NOW then p = nil end
        return p or false
      end
      -- (a year's programme frames what follows: 实施了2019年的产业扶贫项目。投入…)
      -- (当年/同年 name the year before, whatever its sentence states)
      -- (and so does a year's change told before its figures: 2018年全县贫困人口全面减少。
      -- 东片区…减少1200人)
      -- (and so does a start the passage runs from: 自2015年5月工作队进驻…以来,工作队坚持…。
      -- 硬化公路12公里 -> 2015/Y)
      local since = not last.relative and since_mark(t, last)
      -- (and so does a year the sentence names as the passage's: 2019年是…决战决胜年。…完成13万人…)
      if not figures and not since and not fkey:find("^的") and not named and not L.has_any(fkey, CHANGE_WORDS)
         and (last.relative or not PROGRAMME:find(fkey))
         and not year_named(t, Yrel, last) then
        return false
      end
      local p = from_sentence(t, last.stop + 1, Y, unit, Yrel, nil, nil, not Yrel and point_year(doc, Y))
      if p == NOW then p = Y and span(Y, Y) end
      return p or false
    end
    ::continue::
  end
  return nil
end

-- 全年 with no year in its paragraph: the year last stated before it in the
-- article, in an earlier paragraph too (2021年末,监测对象…。⏎(二)…全年开展
-- 月监测10次 -> 2021); nil when that mark is no single year
local function whole_year (doc, si, art, Yrel)
  local ss = L.sentences(doc)
  for j = si - 1, 1, -1 do
    if art and art.start and ss[j][1] < art.start then return nil end
    local t = L.sentence_text(doc, j)
    local last
    for _, m in ipairs(marks(t, Yrel)) do
      if not is_base(t, m) then last = m end
    end
    if last then
      local a, b = years(last.value)
      return a and a == b and span(a, a) or nil
    end
  end
  return nil
end

-- doc, sentence index si (L.sentences), the sentence text sent and the
-- figure's first byte qa in it, its article, its unit
-- a note right after the figure that names its year (龙陵县813户<2018年提前实施>)
local NOTE_AFTER = re.compile([=[\G[0-9.,，万亿千百余多]+\s*[^\s0-9(（<〈，,。；;、]{1,3}[(（<〈]((?:19|20)[0-9]{2})年[^)）>〉0-9]{0,12}[)）>〉]]=])
-- the contiguous poor areas counted as a class (全国14个集中连片特困地区, 11个片区): the
-- nation's standing division, of no year, whatever year governs the text around it
local AREA_CLASS = re.compile([[\G[0-9一二两三四五六七八九十]+个(?:集中)?连片特(?:殊)?困(?:难)?地?区|\G[0-9一二两三四五六七八九十]+个(?:集中连片)?(?:特困|贫困)?片区]])
-- Is the figure at qa of sent a count of poor counties the clause says there are (有75个贫困县,
-- 还有17个插花类贫困县, 58个县市被列为…贫困县), with no change in the clause?
local COUNTY_COUNT = re.compile([[\G[0-9一二两三四五六七八九十百]+\s*个]])
local COUNTY_CHANGE = { "摘帽", "退出", "脱贫", "出列", "摘掉", "申请", "验收", "减少", "实现", "达到", "增加" }
local function standing_counties (sent, qa)
  if not sent:find("贫困县", 1, true) or not COUNTY_COUNT:find(sent, qa) then return false end
  local cs = L.after_last_at(sent, L.CLAUSE_SEPS, 1, qa - 1)
  local before = sent:sub(cs, qa - 1)
  local clause = before .. L.before_first(sent:sub(qa), L.CLAUSE_SEPS)
  if not clause:find("贫困县", 1, true) or L.has_any(clause, COUNTY_CHANGE) then return false end
  return before:find("有%s*$") ~= nil or clause:find("列为", 1, true) ~= nil
end

-- A from-to of no year of its own (贫困发生率由12.6%降低到5.7%,降低了6.9个百分点) in the sentence
-- right after one whose from-to names both ends (贫困人口从‘十二五’初的438万,降低至‘十二五’末的
-- 204万。, 从2012年末的…减少至2016年末的…。): the same ends, the start's for the figure after
-- 由/从, the end's for the level reached, both for the change (nil: not that form)
local FROM_TO_FIG = re.compile([=[[由从]\s*[0-9][0-9.,，万亿]*[^，,。；;]{0,12}?(?:到|至)\s*[0-9]]=])
local LOWERED_TO = re.compile([[降低(?:到|至)$]])
local function from_to_before (doc, sent, qa, si, Yrel)
  local ss = L.sentences(doc)
  if not si or si < 2 or ss[si - 1].para ~= ss[si].para or not FROM_TO_FIG:find(sent) then return nil end
  local clause0 = sent:sub(L.after_last_at(sent, L.CLAUSE_SEPS, 1, qa - 1), qa - 1)
  local lead0 = sent:sub(1, qa - 1):gsub("%s+$", ""):sub(-3)
  local role
  if (lead0 == "由" or lead0 == "从") and FROM_TO_FIG:find(sent:sub(qa - 3)) then role = "from"
  elseif (TO_LEVEL:find(clause0) or LOWERED_TO:find(clause0)) and FROM_TO_FIG:find(clause0 .. sent:sub(qa, qa)) then
    role = "to"
  elseif CHANGE_BY:find(clause0) and FROM_TO_FIG:find(sent:sub(1, qa - 1)) then role = "change"
  else return nil end
  local t = L.sentence_text(doc, si - 1)
  local f, e
  for _, m in ipairs(marks(t, Yrel)) do
    local a, b = years(m.value)
    if not m.relative and a and a == b then
      if from_lead(t, m) then f, e = f or a, nil
      elseif f then
        local l = t:sub(math.max(1, m.start - 3), m.start - 1)
        if l == "到" or l == "至" then e = a end
      end
    end
  end
  if not (f and e and f < e) then return nil end
  if role == "from" then return span(f, f) end
  if role == "to" then return span(e, e) end
  return span(f, e)
end

local DONE_AT = re.compile([[\G(?:[0-9]{1,2}月(?:[0-9]{1,2}日)?(?:底|末)?)?[^，,。；;0-9]{0,6}?(?:并网|並網|建成|竣工|投运|投運|投产|投產|完工)]])
local function completed (sent, qa, Yrel)
  for _, d in ipairs(marks(sent, Yrel)) do
    if d.start > qa and not d.relative and DONE_AT:find(sent, d.stop + 1) then
      local a, b = years(d.value)
      if a and a == b then return span(a, a) end
    end
    if d.start > qa then break end
  end
  return nil
end

local function period_at (doc, sent, qa, art, si, unit)
  local note = NOTE_AFTER:match(sent, qa)
  if note then return note end
  if AREA_CLASS:find(sent, qa) then return nil end
  local Y, dated = report_year(doc, art)
  local Yrel = dated and Y or nil
  local p = counted_from_before(doc, sent, qa, si, Yrel)
  if p then return p end
  local told = false
  if Yrel and si and sent:find("过去", 1, true) then       -- (only 过去N年 asks)
    local ss = L.sentences(doc)
    local first = si
    while first > 1 and ss[first - 1].para == ss[si].para do first = first - 1 end
    local before = doc.text:sub(ss[first][1], ss[si][1] - 1) .. sent:sub(1, qa - 1)
    -- (told apart: 今年 with figures of its own, not 今年是收官之年。过去五年…)
    local at = before:find("今年", 1, true)
    if at then
      for _, q in ipairs(cn.quantities(before:sub(at))) do
        if not DURATION[q.unit] then told = true; break end
      end
    end
  end
  do                                  -- (一年来 after 2018年,是…一年: 2018)
    local last
    for _, m in ipairs(marks(sent, Yrel)) do
      if m.stop < qa and not is_base(sent, m) then last = m end
    end
    local named_y = last and named_year_back(doc, si, sent, last, Yrel)
    if named_y then return named_y end
  end
  p = from_sentence(sent, qa, Y, unit, Yrel, told, function ()
    local _, e = years(carried(doc, sent, si, Y, unit, Yrel) or "")
    return e or Yrel
  end, not Yrel and point_year(doc, Y))
  -- a headline's count of years is the last years (汉寿3年实施159个产业扶贫项目, 五年时间减少53万)
  if p == nil and Yrel and (utf8.len(sent) or 99) <= 40 and not sent:find("。", 1, true) then
    -- (with the figure's first character: 5年近300万人, where 近 opens the figure)
    local n = HEAD_YEARS:match(sent:sub(L.after_last_at(sent, HEAD_SEPS, 1, qa - 1), qa + 2))
    n = n and small(n)
    if n and n >= 2 then return span(Yrel - n + 1, Yrel) end
  end
  if p == NOW then
    -- 到2018年底,…。贫困发生率从2015年底的4.9%下降到0.5%: the year carried, else the report's
    local _, e = years(carried(doc, sent, si, Y, unit, Yrel) or "")
    e = e or Y
    return e and span(e, e) or nil
  end
  if p ~= nil then return p or nil end
  -- 剩余7.7万贫困人口: a stock that remains is the report's
  -- (and so is what is going on as it is written: 正在举办的博览会上,1200多家企业参展)
  -- (but a stock that a plan goes on to lay out by years, the first of them before the
  -- page's date, 瞄准剩余的28.56万贫困人口…,2018年实现15万人脱贫…;2019年…, is at that first
  -- year: the plan was written then)
  if Yrel and (REMAINING:find(sent:sub(L.after_last_at(sent, SENT_SEPS, 1, qa - 1), qa - 1))
               or sent:sub(1, qa - 1):find("正在", 1, true)) then
    for _, d in ipairs(marks(sent, Yrel)) do
      if d.start > qa and not d.relative then
        local a, b = years(d.value)
        if a and a == b and a < Yrel and YEAR_OPENS:find(sent:sub(math.max(1, d.start - 6), d.start - 1)) then
          return span(a, a)
        end
        break
      end
    end
    return span(Yrel, Yrel)
  end
  -- a year written later in the figure's own clause, none before it in its sentence
  -- (至少24个省份在2016年工作安排中提出…): the clause's year
  do
    local ce = L.before_first(sent:sub(qa), L.CLAUSE_SEPS)
    for _, d in ipairs(marks(sent, Yrel)) do
      if d.start > qa and d.stop < qa + #ce and not d.relative and not is_base(sent, d)
         and not since_mark(sent, d) and sent:sub(math.max(1, d.start - 3), d.start - 1) == "在" then
        local a, b = years(d.value)
        if a and a == b then return span(a, a) end
      end
    end
  end
  do
    local ft = from_to_before(doc, sent, qa, si, Yrel)
    if ft then return ft end
  end
  -- a standing count of poor counties, no year in its sentence before it (全省86个县市有75个
  -- 贫困县,其中58个县市被列为…贫困县): the class as it stands, of no year the sentence before
  -- names (2013年,全省共确认贫困人口…。); a change carries it (…。全省有18个贫困县摘帽)
  if standing_counties(sent, qa) then return nil end
  -- a facility counted, then dated by its completion later in its sentence, none before it
  -- (…200户光伏项目2018年5月20日并网运行, 建成…电站,并于2019年12月全部并网发电)
  do
    local y = completed(sent, qa, Yrel)
    if y then return y end
  end
  p = carried(doc, sent, si, Y, unit, Yrel, THAT_YEAR:find(sent:sub(1, qa - 1)) ~= nil)
  if p ~= nil then return p or nil end
  if si and sent:find("|", 1, true) then
    p = table_year(doc, L.sentences(doc)[si][1] + qa - 1, Yrel)
    if p then return p end
  end
  p = time_line(doc, si, art, Y, unit, Yrel)
  if p ~= nil then return p or nil end
  if si and sent:sub(1, qa - 1):find("全年", 1, true) then
    p = whole_year(doc, si, art, Yrel)
    if p then return p end
  end
  return headline_period(doc, art, Y, unit, Yrel, sent)
end

return function (doc, sent, qa, art, si, unit)
  sent, qa = unspaced(sent, qa)
  return period_at(doc, sent, qa, art, si, unit)
end
