-- Consistency checks over the stored figures:
--   1. totals and their parts: "项目46个……其中种植项目13个、…" — do the parts
--      add up to the stated total?
--   2. the same indicator (kind, region, period, unit, and the words right
--      before the number; a total to date, a target, the poor counted or
--      lifted out each its own) reported with different values in different
--      documents;
--   3. growth rates against the figures they relate: "350万元，比上年增长
--      16.7%" implies last year's figure (≈ 299.9万元); when last year's
--      figure is given too, the rate is recomputed and compared;
--   3b. a share of a whole (占, 发生率, 覆盖率 …) above 100%;
--   4. every refusal of the figure model (_figures.lua) to add two figures
--      of one region and kind, with both sentences.
--   ./assay report scripts/reports/checks.lua --db facts.db [--format ...]
local R = require "assay.report"
local text = require "assay.text"
local re = require "assay.re"
local show = require "assay.provenance"
local F = dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./") .. "_figures.lua")
local m = F.model(db)
local data = m.data

local function where (f) return F.where(m, f) end
local function fig (f) return R.figure(f.value, f.unit, f.qualifier) end
local function cellf (f) return { text = fig(f), v = f.value, facts = { f.id } } end

-- {====== 1. totals and parts ======
local rows = {}
for _, t in ipairs(F.totals(m)) do
  local ps, ids = {}, { t.total.id }
  for i, p in ipairs(t.parts) do      -- in 万/亿 as the total is: 5.97亿元 + 5430万元, not 597000000 + 54300000
    ps[i] = (p.qualifier == "min" and "≥" or "") .. R.amount(p.value, p.unit); ids[#ids + 1] = p.id
  end
  local diff = t.sum - t.total.value
  local status = t.status == "ok" and "ok"
              or t.status == "rounded" and ("ok: they differ by " .. R.amount(math.abs(diff), t.total.unit) ..
                                            ", within the rounding of the figures as written (± " ..
                                            R.amount(t.slack, t.total.unit) .. ")")
              or t.status == "over" and ("parts exceed the total by " .. R.amount(diff, t.total.unit))
              or ("parts short by " .. R.amount(-diff, t.total.unit) .. " (a partial list?)")
  rows[#rows + 1] = { where = where(t.total), kind = t.total.kind, region = t.total.region or "",
                      total = cellf(t.total),
                      parts = { text = table.concat(ps, " + "), facts = ids },
                      sum = { text = (t.lower and "≥ " or "") .. R.amount(t.sum, t.total.unit), v = t.sum },
                      status = status }
end
report:heading("Consistency checks")
report:table{ title = "Totals and their parts", rows = rows,
              columns = { "where", "kind", "region", "total", "parts", "sum", "status" } }
if #rows == 0 then report:text("No stated total followed by its parts (其中/包括/分别) was found.") end
-- }======

-- {====== 2. one indicator, different values ======
local HAN = re.compile([[(\p{sc=Han}{2,4})(?:约|近|超|达|为|共|计)?$]])
local function label (f)
  if f.extra and type(f.extra.indicator) == "string" then return f.extra.indicator end
  -- (the words before it as F.text_of gives them: simplified, so 貧困人口 and
  -- 贫困人口 in two documents are one indicator)
  return HAN:match(F.text_of(m, f, f.start - 18, f.start - 1)) or ""
end

local groups, order = {}, {}
for _, f in ipairs(data.facts) do
  local a = f.article
  if R.is_figure(f) and f.start and a and a.poverty ~= false and not a.boilerplate and f.region and f.region ~= "" then
    local lab = label(f)
    if lab ~= "" then
      -- (one measure: a total to date is not the year's figure, a target not
      -- what was done, the poor counted not the poor lifted out)
      local k = table.concat({ f.kind, f.region, (F.row_period(f)), f.unit or "", lab, F.plan(m, f) and "plan" or "",
                               F.poor(m, f) or "" }, "\0")
      if not groups[k] then groups[k] = { label = lab, facts = {} }; order[#order + 1] = k end
      table.insert(groups[k].facts, f)
    end
  end
end
local crow = {}
for _, k in ipairs(order) do
  local g = groups[k]
  local docs, values, clash = {}, {}, false
  for _, f in ipairs(g.facts) do docs[f.doc.id] = true end
  local ndocs = 0
  for _ in pairs(docs) do ndocs = ndocs + 1 end
  if ndocs > 1 then
    for i = 1, #g.facts do
      for j = i + 1, #g.facts do
        local a, b = g.facts[i], g.facts[j]
        if a.doc.id ~= b.doc.id then
          local qa, qb = a.qualifier or "exact", b.qualifier or "exact"
          if qa == "exact" and qb == "exact" and not R.near(a.value, b.value) then clash = true end
          if qa == "exact" and qb == "min" and a.value < b.value then clash = true end
          if qb == "exact" and qa == "min" and b.value < a.value then clash = true end
        end
      end
    end
    if clash then
      local vs, ids = {}, {}
      for _, f in ipairs(g.facts) do vs[#vs + 1] = fig(f) .. " (" .. where(f) .. ")"; ids[#ids + 1] = f.id end
      local f1 = g.facts[1]
      local sense = F.poor(m, f1)
      crow[#crow + 1] = { kind = f1.kind, region = f1.region, period = (F.row_period(f1)),
                          indicator = g.label .. (F.plan(m, f1) and " (plan)" or "") ..
                                      (sense and (sense == "poor" and " (贫困)" or " (脱贫)") or ""),
                          values = { text = table.concat(vs, "; "), facts = ids } }
    end
  end
end
report:table{ title = "One indicator, different values in different documents", rows = crow,
              columns = { "kind", "region", "period", "indicator", "values" } }
if #crow == 0 then report:text("No indicator is reported with different values in different documents.") end
-- }======

-- {====== 3. growth rates ======
local UP = { "增长", "增加", "提高", "上升", "增幅" }
local DOWN = { "下降", "减少", "降低", "下滑" }
local PREV = { "上年", "去年", "上一年", "前一年" }
local function has (s, ws) for _, w in ipairs(ws) do if s:find(w, 1, true) then return true end end end

-- half a unit of the last digit written: "16.7%" -> 0.05, "50%" -> 0.5
local function tolerance (surface)
  local dec = (surface or ""):match("%d+%.(%d+)")
  return 0.5 * 10 ^ -(dec and #dec or 0) + 1e-9
end

-- a level, not a change: the rate after 下降到/降至/提高到/增长为 … (贫困发生率
-- 由8.79%下降到1.21%: 1.21% is where it fell to, not by how much)
local LEVEL = re.compile([[(?:降|减|增|升|提高)[^，,；;\d]{0,3}?(?:到|至|为)[^，,；;]*$]])
-- the last place in s where one of words starts, or nil
local function last_of (s, words)
  local last
  for _, w in ipairs(words) do
    for a in s:gmatch("()" .. w) do if not last or a > last then last = a end end
  end
  return last
end
-- the base of a change: 由/从 … 到/至 (由2001年的373万人下降到268.26万人)
local function base_of (t, ss, figs, v)
  local s = t:sub(ss, v.start - 1)
  local from = last_of(s, { "由", "从" })
  if not from then return nil end
  local to = s:find("到", from, true) or s:find("至", from, true)
  if not to then return nil end
  for _, f in ipairs(figs) do
    local at = f.start - ss + 1
    if at > from and at < to and f.unit == v.unit and f ~= v then return f end
  end
end

local grow = {}
for _, doc in ipairs(data.docs) do
  local figs = {}
  for _, a in ipairs(doc.articles) do
    if a.poverty ~= false and not a.boilerplate then
      for _, f in ipairs(a.facts) do if R.is_figure(f) and f.start then figs[#figs + 1] = f end end
    end
  end
  table.sort(figs, function (x, y) return x.start < y.start end)
  local t = #figs > 1 and R.doc_text(db, doc) or ""
  for i, r in ipairs(figs) do
    if r.unit == "%" then
      local ss, se = show.sentence_around(t, r.start, r.stop)
      local pre = t:sub(math.max(ss, r.start - 24), r.start - 1)
      local down = has(pre, DOWN)
      if (down or has(pre, UP)) and not LEVEL:find(text.sanitize(pre)) then
        local v, prev, base
        -- 下降到70.67万户、268.26万人,分别下降了33.9%和28.1%: the i-th rate of a
        -- 分别 list is about the i-th of the figures before 分别
        local resp = last_of(t:sub(ss, r.start - 1), { "分别", "分別" })
        resp = resp and ss + resp - 1
        if resp then
          local before, rates, k = {}, 0, 0
          for j = 1, #figs do
            local f = figs[j]
            if f.start >= ss and f.stop <= se then
              if f.start < resp and f.unit ~= "%" then before[#before + 1] = f
              elseif f.start > resp and f.unit == "%" and (k == 0 or k == rates) then
                rates = rates + 1
                if f == r then k = rates end
              elseif f.start > resp and f.unit ~= "%" and k > 0 then break
              end
            end
          end
          -- (the list right before 分别: figures joined by 、和及与 only; a list
          -- of another length, a headline cut short, pairs nothing)
          local list = { before[#before] }
          for j = #before - 1, 1, -1 do
            local gap = t:sub(before[j].stop + 1, list[1].start - 1)
            for _, w in ipairs({ "、", "和", "及", "与", " " }) do gap = gap:gsub(w, "") end
            if gap ~= "" then break end
            table.insert(list, 1, before[j])
          end
          if k > 0 then
            if #list == rates then v = list[k] else v = false end
          end
        end
        for j = i - 1, 1, -1 do            -- the figure the rate is about: the nearest one before it
          local f = figs[j]
          if f.start < ss then break end
          if f.unit ~= "%" then
            local fpre = t:sub(math.max(ss, f.start - 15), f.start - 1)
            if has(fpre, PREV) then prev = prev or f elseif v == nil then v = f end
          end
        end
        for j = i + 1, #figs do            -- "比上年增长50%，上年投入100万元"
          local f = figs[j]
          if f.start > se then break end
          if f.unit ~= "%" and has(t:sub(math.max(ss, f.start - 15), f.start - 1), PREV) then prev = prev or f end
        end
        if v == false then v = nil end
        -- (the figure of the rate's clause or the clause before it: 51个贫困县全部摘帽,
        -- 贫困发生率从13.43%降至0.36%,人均收入年均增长14.6% is not about the 51)
        if v and not resp then
          local gap, cuts = t:sub(v.stop + 1, r.start - 1), 0
          for _, w in ipairs({ "，", ",", "；", ";" }) do
            for _ in gap:gmatch(w) do cuts = cuts + 1 end
          end
          if cuts > 1 then v = nil end
        end
        -- an average yearly rate (年均增长8%) over several years implies no one
        -- previous year; 比2011年增长47.5% implies 2011's figure
        local avg = has(pre, { "年均", "平均" })
        local since = pre:match("较(%d%d%d%d)年") or pre:match("比(%d%d%d%d)年")
        -- (三年内减少了90%: a change over the rate's span, not from last year)
        local a, b = F.measure.years(r.period)
        if not since and not has(pre, PREV) and a and b > a then since = "before " .. r.period end
        if v and prev and prev.unit ~= v.unit then prev = nil end
        if v and not prev then prev = base_of(t, ss, figs, v); base = prev ~= nil end
        if v then
          local rate = down and -r.value or r.value
          local row = { where = where(r), region = r.region or v.region or "", figure = cellf(v),
                        rate = { text = (down and "−" or "+") .. R.cell(r.value) .. "%", v = rate, facts = { r.id } } }
          if prev and prev.value ~= 0 then
            local actual = (v.value - prev.value) / prev.value * 100
            row.previous = cellf(prev)
            if base then row.previous.text = row.previous.text .. " (base)" end
            row.computed = string.format("%+.1f%%", actual)
            local ok = math.abs(actual - rate) <= tolerance(r.surface)
            row.status = ok and "ok" or "contradicts the figures"
          elseif avg then
            row.previous = ""
            row.computed = ""
            row.status = "an average yearly rate (no one previous year)"
          else
            local implied = v.value / (1 + rate / 100)
            row.previous = { text = "≈ " .. R.amount(implied, v.unit, 1) .. " (implied" ..
                                    (since and (", " .. since) or "") .. ")", v = implied }
            row.computed = ""
            row.status = since and ((since:find("^before") and ("the figure " .. since) or (since .. "'s figure")) ..
                                    " not given") or "previous year not given"
          end
          grow[#grow + 1] = row
        end
      end
    end
  end
end
report:table{ title = "Growth rates and the figures they relate", rows = grow,
              columns = { "where", "region", "figure", "rate", "previous", "computed", "status" } }
if #grow == 0 then report:text("No growth rate next to the figure it relates to was found.") end
-- }======

-- {====== 3b. shares above 100% ======
-- A share of a whole (占…的, 发生率, 覆盖率, 比例, 比重, 入学率 …) cannot pass
-- 100%: a misread figure or a typo in the text.  A rate of change (增长150%)
-- or of a target's fulfilment (完成年度任务的227%, 超额完成) can, and is not
-- flagged.
local SHARE = re.compile([[(?:占|发生率|覆盖率|比例|比重|入学率|巩固率|参合率|参保率|参保|贫困率|达标率)[^，,；;]{0,12}$]])
local NOT_SHARE = re.compile([[增|提高|上升|完成|超|是|为上年|同比|倍]])
local shares = {}
for _, f in ipairs(data.facts) do
  if F.in_scope(f) and f.unit == "%" and type(f.value) == "number" and f.value > 100 and f.start then
    local pre = F.text_of(m, f, f.start - 45, f.start - 1)
    local clause = pre:match("[^，,；;]*$") or pre
    if SHARE:find(pre) and not NOT_SHARE:find(clause) then
      shares[#shares + 1] = { where = where(f), kind = f.kind, region = f.region or "", figure = cellf(f),
                              sentence = F.sentence(m, f) }
    end
  end
end
report:table{ title = "Shares above 100%", rows = shares, columns = { "where", "kind", "region", "figure", "sentence" } }
if #shares == 0 then report:text("No share of a whole (占, 发生率, 覆盖率, 比例 …) above 100% was found.") end
-- }======

-- {====== 4. figures not added ======
-- For every cell of the region table: each figure not added to the cell's
-- total (or to the figure it relates to), why, and both sentences.
local refused = {}
local regions, cells = F.region_cells(m)
for _, r in ipairs(regions) do
  for _, k in ipairs(data.kinds) do
    local c = cells[r][k]
    local head = c and c.head
    if c then
      for _, x in ipairs(c.figures) do
        local other = x.rel or (x ~= head and head and head.facts[1]) or nil
        if x ~= head and other and F.ADDITIVE[k] and other.unit == x.unit then
          local f = x.facts[1]
          local o = x.rel and { value = other.value, unit = other.unit, qualifier = other.qualifier or "exact",
                                period = tostring(other.period or ""), facts = { other } } or head
          refused[#refused + 1] = {
            region = r, kind = k,
            figure = { text = R.figure(x.value, x.unit, x.qualifier) .. (x.period ~= "" and (" [" .. x.period .. "]") or ""),
                       v = x.value, facts = R.ids(x.facts) },
            ["not added to"] = { text = R.figure(o.value, o.unit, o.qualifier) ..
                                        (o.period ~= "" and (" [" .. o.period .. "]") or "") ..
                                        (#o.facts > 1 and (" (sum of " .. #o.facts .. ")") or ""),
                                 v = o.value, facts = R.ids(o.facts) },
            why = x.why or F.apart(x, head),
            where = where(f), sentence = F.sentence(m, f),
            ["its where"] = where(other), ["its sentence"] = F.sentence(m, other),
          }
        end
      end
    end
  end
end
report:table{ title = "Figures not added (the region table shows them side by side)", rows = refused,
              columns = { "region", "kind", "figure", "not added to", "why", "where", "sentence", "its where",
                          "its sentence" } }
if #refused == 0 then report:text("Every figure of a region and kind was added to its total.") end
-- }======
