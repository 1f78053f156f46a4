-- Period of an indicator (used by figure.lua): the year or year range the
-- figure is about, "2016/2020" for a range.  Read from the dates the
-- sentence writes before the figure:
--   2016-2020年 ... 5574万元            -> 2016/2020
--   2019、2020年 ... 596个               -> 2019/2020 (a list of years)
--   2018年以来 ... 40个                  -> 2018/Y   (Y: the year of the report)
--   比2016年增加5420元                   -> 2016/Y   (growth since a base year)
--   2019、2020年 ... 人均纯收入达到10045元 -> 2020     (a level reached: the end)
--   截至2019年底，由2014年的35.9%下降到1.2% -> 2014 for 35.9%, 2019 for 1.2%
-- Without a date: 五年来/五年内 -> (Y-4)/Y and 目前 -> Y, each up to the next
-- ；.  Otherwise (累计 without a start year, per-unit rules, stocks): none.
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

-- The year of the report: its date, else the last year it writes as YYYY年.
local function report_year (doc, art)
  if doc._fupin_year ~= nil then return doc._fupin_year or nil end
  local y = art and art.date and tonumber(art.date:match("^(%d%d%d%d)"))
  if not y and doc.meta.date then y = tonumber(tostring(doc.meta.date):match("^(%d%d%d%d)")) end
  if not y then
    for _, d in ipairs(cn.dates(doc.text)) do
      local a, b = years(d.value)
      if a and d.surface:find("年", 1, true) and (not y or b > y) then y = b end
    end
  end
  doc._fupin_year = y or false
  return y
end

-- sent: the sentence text; qa: the figure's first byte in it
return function (doc, sent, qa, art)
  local Y = report_year(doc, art)
  local last, prev
  for _, d in ipairs(cn.dates(sent)) do
    if d.stop < qa and years(d.value) then prev, last = last, d end
  end
  if last then
    -- "由2014年的35.9%下降到1.2%": a date after 由/从 is the base of the figure
    -- right after it; a figure past the change (到/至, or a later clause)
    -- belongs to the date that governs the sentence (截至2019年底), else to
    -- the report's year
    local lead = sent:sub(math.max(1, last.start - 3), last.start - 1)
    if lead == "由" or lead == "从" then
      local between = sent:sub(last.stop + 1, qa - 1)
      if between:find("到", 1, true) or between:find("至", 1, true) or between:find("，", 1, true) then
        if prev then last, prev = prev, nil
        else return Y and span(Y, Y) or nil end
      end
    end
    local a, b = years(last.value)
    if prev and sent:sub(prev.stop + 1, last.start - 1):find("^、$") then
      a = years(prev.value)                   -- 2019、2020年
    end
    local after = sent:sub(last.stop + 1, last.stop + 6)
    local before = sent:sub(math.max(1, last.start - 3), last.start - 1)
    if (after:find("^以来") or before == "比" or after:find("^来")) and Y and Y > b then b = Y end
    local clause = L.after_last(sent:sub(1, qa - 1), { "，", ",", "；", ";" })
    if a ~= b and clause:find("达到", 1, true) then a = b end
    return span(a, b)
  end
  if not Y then return nil end
  local head = L.after_last(sent:sub(1, qa - 1), { "；", ";" })
  if head:find("五年来", 1, true) or head:find("五年内", 1, true) then
    -- for the clause that says it and the next one
    local rest = head:match("五年[来内](.*)$") or ""
    local commas = L.count_any(rest, { "，", "," })
    if rest:find("^，") or rest:find("^,") then commas = commas - 1 end
    if commas <= 1 then return span(Y - 4, Y) end
  end
  if head:find("目前", 1, true) then return span(Y, Y) end
  return nil
end
