-- The figure model of the poverty-alleviation reports: which facts may be
-- added up, and what a table cell shows when they may not.
--
-- Facts are added only when they are comparable: same document, region,
-- kind, unit, qualifier (exact, ≥, ≤, ≈) and period, in a kind that counts
-- separate things (ADDITIVE), and counting the same thing: the same name
-- (实施产业扶贫项目 with 实施产业扶贫项目, never with 产业基地 nor with
-- 完成产业扶贫项目) or, for money, the same fund or use (never 投入财政专项扶贫资金
-- with 整合涉农资金: two streams may overlap and the text does not state
-- their total); a figure whose name was not read is never added.  Never
-- added: rates and shares, per-unit amounts (人均, 户均, 每县, 标准 ...), the
-- parts of a stated total (其中 ...), a figure inside the span of a
-- cumulative total of the same kind, a repeat of a figure, and a target or
-- plan (F.plan: read here from the text, the pack does not record it).  These attributes come from ../fupin/_measure.lua: the
-- pack stores them at fact time (extra.fig); for facts stored without them
-- (older databases, other packs) the same code runs here over the text.
--
-- Figures that cannot be added (other documents, other periods, other
-- qualifiers, other things counted) stand side by side: a cell shows the largest total a
-- sentence states or the model allows, and lists the others.
--
--   local F = dofile(dir .. "_figures.lua")   (scripts/reports/*.lua)
--   local m = F.model(db)
--   F.why(m, f)           -> reason the fact is not added (nil: it may be), the related fact
--   F.counts(f)           -> what the figure counts (项目, 涉农资金 …), nil when not read
--   F.cell(m, facts [, {row_period = true}])
--                         -> cell {figures, head, lower, text, how, v, facts}
--                            (row_period: the facts share a period a row names: no [period] marks)
--   F.region_cells(m)     -> regions (sorted), cells[region][kind]
--   F.long_rows(m, cell)  -> rows of the long export (one per figure)
--   F.totals(m)           -> stated totals with their parts (>= 2)
--   F.plan(m, f)          -> the word that makes f a target (计划, 力争 …), nil
--   F.poor(m, f)          -> persons/households: "poor" (counted) or "lifted out", nil
--   F.row_period(f)       -> the period f is shown under by year ("2020 (cumulative)" …), sort key
--   F.sort_periods(ps, keys) sorts those labels by their keys
--   F.cumulative(f)       -> the word or span that makes f a total to date, nil
--   F.text_of(m, f, a, b) -> bytes a .. b of f's document, sanitized, in simplified script
if package.loaded["assay-reports.figures"] then return package.loaded["assay-reports.figures"] end

local R = require "assay.report"
local text = require "assay.text"
local dir = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local measure = dofile(dir .. "../fupin/_measure.lua")
-- (the names a figure counts are read in simplified characters, as the pack
-- read them from its normalized text: the stored text may be traditional)
do
  local ok, read = pcall(require, "assay.read")
  if ok and type(read) == "table" and read.simplify then
    measure.simplify = function (s) return read.simplify(s) or s end
  end
end

local F = {}
F.measure = measure

-- kinds that count separate things: their figures may be added; the
-- others restate one population or are per head (income)
F.ADDITIVE = measure.ADDITIVE
F.NOREGION = "(no region)"

local loaded = setmetatable({}, { __mode = "k" })

-- the model of a database: the report data, every figure with .fig
function F.model (db)
  local m = loaded[db]
  if m then return m end
  local data = R.data(db)
  m = { db = db, data = data, by_n = {} }
  local per_doc = {}
  for _, f in ipairs(data.facts) do
    if R.is_figure(f) and f.doc then
      per_doc[f.doc] = per_doc[f.doc] or {}
      table.insert(per_doc[f.doc], f)
    end
  end
  for doc, fs in pairs(per_doc) do
    local stored, counted = true, true
    for _, f in ipairs(fs) do
      local g = f.extra.fig
      if type(g) ~= "table" or math.type(g.n) ~= "integer" then stored = false; break end
      if type(g.counts) ~= "string" then counted = false end
    end
    if stored then
      -- (a database the pack wrote before it read what figures count: that
      -- one attribute is read here, by the same function)
      local t = not counted and R.doc_text(db, doc)
      for _, f in ipairs(fs) do
        f.fig = f.extra.fig
        if type(f.fig.counts) ~= "string" then f.fig.counts = measure.counts(t, f) end
      end
    else
      measure.annotate(R.doc_text(db, doc), fs)
    end
    local by = {}
    for _, f in ipairs(fs) do
      f.fig = f.fig or {}
      if f.fig.n then by[f.fig.n] = f end
    end
    m.by_n[doc.id] = by
  end
  loaded[db] = m
  return m
end

local function rel (m, f, n) return n and m.by_n[f.doc.id] and m.by_n[f.doc.id][n] end

-- a rate, a per-unit amount or a per-head income: the reason, else nil
function F.per_unit (f)
  local g = f.fig or {}
  if g.rate then return "a rate or share" end
  if g.per then return "per unit (" .. g.per .. ")" end
  if f.kind == "income" then return "income is per head" end
end

-- Why fact f is not added to others, and the fact it relates to; nil when it may be.
function F.why (m, f)
  local g = f.fig or {}
  local s = rel(m, f, g.same_as)
  if s then return "a repeat", s end
  local pu = F.per_unit(f)
  if pu then return pu end
  if g.prior then return "an earlier year's figure (" .. g.prior .. ")" end
  local w = F.plan(m, f)
  if w then return "a target or plan (" .. w .. ")" end
  if not F.ADDITIVE[f.kind] then return f.kind .. " restate one population" end
  local t = rel(m, f, g.part_of)
  if t and (t.region or "") == (f.region or "") then return "part of a stated total", t end
  local c = rel(m, f, g.within)
  if c then return "inside the span of a cumulative total", c end
  return nil
end

-- {====== what a figure says about time: a target, a cumulative ======
-- A target or plan: a word of intent in the figure's own clause (计划投入,
-- 力争, 预计, 目标, 拟, 确保; 计划完成 too), not a programme's name (雨露计划,
-- 行动计划, "雨露计划"补助; 计划外 is money beyond the plan, spent) nor what was done
-- under a plan (已完成计划搬迁…, 规划建设了:
-- 规划 and 争取 are left out, 争取资金 is money secured).  The word, else nil.
-- (Read here from the text: the pack does not record it; the figure is
-- shown marked, never taken for what was achieved.)
local re = require "assay.re"
local PLAN = re.compile([=[(?<!雨露|行动)(?:计划(?![”"」』外内])|力争|目标|预计|拟|确保)]=])
local DONE = re.compile([[(?:已|完成)\p{Han}*?(?:计划|力争|目标|预计|拟|确保)]])
local CUT = re.compile([=[^.*[，,；;：:。！？!?\n]]=], "s")
local SENTENCE = re.compile([=[^.*[。！？!?\n]]=], "s")
local LATER = re.compile([[已|实际|目前|其中|截至|共|累计]])

-- Bytes a .. b of f's document as the report reads words in them: a
-- character cut at either end dropped, in simplified script (as the pack
-- read its normalized text).
function F.text_of (m, f, a, b)
  local s = text.sanitize(R.doc_text(m.db, f.doc):sub(math.max(1, a), b))
  return measure.simplify and measure.simplify(s) or s
end
-- the clause s ends with (after its last ，；：or full stop)
local function last_clause (s)
  local cut = CUT:match(s)
  return cut and s:sub(#cut + 1) or s
end

function F.plan (m, f)
  if f.plan_word ~= nil then return f.plan_word or nil end
  local w = false
  if f.doc and f.start then
    local clause = last_clause(F.text_of(m, f, f.start - 60, f.start - 1))
    local hit = PLAN:match(clause)
    if hit and not DONE:find(clause) then w = hit end
    -- (a sentence that opens with its intent governs the list after it:
    -- 今年将确保100个贫困村出列,5852人脱贫,… — unless a clause says what was
    -- done: 已, 完成, 实际)
    if not w then
      local head = F.text_of(m, f, f.start - 150, f.start - 1)
      local scut = SENTENCE:match(head)
      head = scut and head:sub(#scut + 1) or head
      local first = head:match("^[^，,；;：:]*")
      local opening = first and #first < #head and PLAN:match(first)
      if opening and not DONE:find(head) and not LATER:find(head) then w = opening end
    end
  end
  f.plan_word = w
  return w or nil
end

-- Households and persons are both the poor counted and the poor lifted out
-- (the pack's kinds hold both): which one, read from the figure's clause.
--   "poor"        a level or a base: 由2014年的2.4万户…, 下降到6000户, 减至50.9万人
--                 (not 由于, 从事, 从而 …),
--                 剩余/尚有/还有/现有/共有 …, 有9237个贫困村、698万贫困人口
--   "lifted out"  减少贫困人口1.2万人, 582.4万人脱贫, 实现…脱贫, 减贫, 摘帽, 出列, 退出
-- nil when the clause says neither (or both).  (Read here from the text, as
-- F.plan: the pack does not record it.)
local LEVEL = re.compile([[(?<!自|理|经)由(?!于|此)|从(?!事|而|业|中|严|小)|(?:降|减|少)(?:到|至|为)|剩余|尚有|还有|现有|共有|仍有|^有|[，,、]有]])
local TO = re.compile([[到|至|为]])
local OUT_BEFORE = re.compile([[减少|减贫|脱贫|摘帽|出列|退出|越线]])
local OUT_AFTER = re.compile([[^[^，,；;。]{0,12}?(?:脱贫|减贫|摘帽|出列|退出|越线|越过)]])
function F.poor (m, f)
  if f.kind ~= "persons" and f.kind ~= "households" then return nil end
  if f.poor_word ~= nil then return f.poor_word or nil end
  local w = false
  if f.doc and f.start and f.unit ~= "%" then
    local clause = last_clause(F.text_of(m, f, f.start - 60, f.start - 1))
    local post = F.text_of(m, f, f.stop + 1, f.stop + 45)
    local level = LEVEL:find(clause)
    local out = OUT_BEFORE:find(clause) or OUT_AFTER:find(post)
    if level and not (OUT_BEFORE:find(clause) and not TO:find(clause)) then w = "poor"
    elseif out then w = "lifted out" end
  end
  f.poor_word = w
  return w or nil
end

-- A cumulative to date (累计, 以来, 年来, 先后, 历年, 至今; a span of years):
-- the word or the span, else nil.  A 共计/共有/全年 total is not one.
local TO_DATE = { ["累计"] = true, ["累积"] = true, ["以来"] = true, ["年来"] = true, ["先后"] = true,
                  ["历年"] = true, ["至今"] = true }
function F.cumulative (f)
  local g = f.fig or {}
  if type(g.total) == "string" and TO_DATE[g.total] then return g.total end
  local p = f.period and tostring(f.period) or ""
  if p:find("^%d%d%d%d%D+%d%d%d%d") then return p end
end

-- The period a figure is shown under when figures are set out by year, and
-- a sort key: "2019" a year's own figures; "2020 (cumulative)" a total to
-- date stated for 2020 (累计, 以来 …: it holds earlier years, so it is never
-- one of 2020's figures); "2016/2020" a span, never split; "(no period)"
-- none stated, never put in a year.
F.NOPERIOD = "(no period)"
function F.row_period (f)
  local p = (f.period and f.period ~= "") and tostring(f.period) or nil
  if not p then return F.NOPERIOD, { math.huge, 0, 0 } end
  local a, b = measure.years(p)
  if not a then return p, { math.huge - 1, 0, 0 } end
  if a == b and F.cumulative(f) then return p .. " (cumulative)", { a, b, 1 } end
  return p, { a, b, 0 }
end
-- sorts period labels in place by the keys F.row_period gave them (a year,
-- then its total to date, spans by start and end, no period last)
function F.sort_periods (labels, keys)
  table.sort(labels, function (x, y)
    local a, b = keys[x], keys[y]
    for i = 1, 3 do if a[i] ~= b[i] then return a[i] < b[i] end end
    return x < y
  end)
  return labels
end
-- }======

local function qual (f) return f.qualifier or "exact" end
-- what the figure counts (实施产业扶贫项目, 整合涉农资金 …), nil when it was not read
function F.counts (f)
  local c = f.fig and f.fig.counts
  return (type(c) == "string" and c ~= "") and c or nil
end
local function period (f) return (f.period and f.period ~= "") and tostring(f.period) or "" end

-- the sentence of a fact, whole
function F.sentence (m, f)
  if not (f.doc and f.start) then return f.surface or "" end
  local t = R.doc_text(m.db, f.doc)
  local show = require "assay.provenance"
  local a, b = show.sentence_around(t, f.start, f.stop)
  return (text.sanitize(t:sub(a, b)):gsub("%s+", " "))
end

function F.where (m, f)
  local t = R.doc_text(m.db, f.doc)
  return f.doc.label .. (f.start <= #t and ":" .. text.lineno(t, f.start) or "")
end

local function ftext (x)
  local s = R.figure(x.value, x.unit, x.qualifier)
  return s
end

-- A cell: the figures of a set of facts (one region and kind, say).
--   figures  {how = "stated"|"sum", value, unit, qualifier, period, facts, why, rel}
--   head     the largest exact figure that may stand for the cell (stated or
--            an allowed sum) in its main unit; lower: the largest lower bound
function F.cell (m, facts, opts)
  local figures, groups, order = {}, {}, {}
  local here = {}
  for _, f in ipairs(facts) do here[f] = true end
  for _, f in ipairs(facts) do
    local why, r = F.why(m, f)
    -- (a part of a total, or a figure inside a cumulative, is kept out of
    -- that total: when the total is not in these facts, in another year's
    -- row of by_year say, the figure is its own year's figure)
    if r and not here[r] and (why == "part of a stated total" or why == "inside the span of a cumulative total") then
      why, r = nil, nil
    end
    if why then
      figures[#figures + 1] = { how = "stated", value = f.value, unit = f.unit, qualifier = qual(f),
                                period = period(f), facts = { f }, why = why, rel = r }
    else
      -- (and what it counts: a figure whose noun or fund was not read stands alone)
      local c = F.counts(f)
      local k = table.concat({ f.doc.id, f.unit or "", qual(f), period(f), c or ("\1" .. tostring(f.id or f)) }, "\0")
      if not groups[k] then groups[k] = {}; order[#order + 1] = k end
      table.insert(groups[k], f)
    end
  end
  local added = {}
  for _, k in ipairs(order) do
    local fs, sum = groups[k], 0
    for _, f in ipairs(fs) do sum = sum + f.value end
    added[#added + 1] = { how = #fs > 1 and "sum" or "stated", value = sum, unit = fs[1].unit,
                          qualifier = qual(fs[1]), period = period(fs[1]), facts = fs }
  end
  -- the main unit: the one most figures that may be added are in (first seen on a tie)
  local count, main = {}, nil
  for _, x in ipairs(added) do
    count[x.unit or ""] = (count[x.unit or ""] or 0) + #x.facts
    if not main or count[x.unit or ""] > count[main] then main = x.unit or "" end
  end
  local head, lower
  for _, x in ipairs(added) do
    if (x.unit or "") == main then
      if x.qualifier == "exact" and (not head or x.value > head.value) then head = x end
      if x.qualifier == "min" and (not lower or x.value > lower.value) then lower = x end
    end
  end
  local cell = { figures = {}, head = head, lower = lower }
  if head then cell.figures[1] = head end
  for _, x in ipairs(added) do if x ~= head then cell.figures[#cell.figures + 1] = x end end
  for _, x in ipairs(figures) do cell.figures[#cell.figures + 1] = x end
  -- text: the head, then the others (marked), at most 5 of them
  local function show (x)
    local s = ftext(x)
    -- (every figure with a period says it: 880万人 of 2012 is not today's; a
    -- figure without one has no bracket, and is of no year)
    if x.period ~= "" and not (opts and opts.row_period) then s = s .. " [" .. (F.row_period(x.facts[1])) .. "]" end
    if x.how == "sum" then s = s .. " (sum of " .. #x.facts .. ")" end
    local poor = F.poor(m, x.facts[1])
    if poor then s = s .. (poor == "poor" and " (贫困)" or " (脱贫)") end
    if x.why then
      if x.why:find("^a rate") or x.why:find("^per unit") then s = s .. "*"
      elseif x.why:find("^part of") or x.why:find("^inside") then s = s .. " ⊂"
      elseif x.why == "a repeat" then
        -- (a repeat of a target, or a target repeated, is still a target)
        s = s .. " =" .. ((F.plan(m, x.facts[1]) or (x.rel and F.plan(m, x.rel))) and " (plan)" or "")
      elseif x.why:find("^a target") then s = s .. " (plan)"
      end
    end
    return s
  end
  -- (the same figure stated by several documents is one entry that says so,
  -- "8.6亿元 [2020] (2 documents)": a reprint is no second confirmation and
  -- the figure is not twice in the cell)
  local parts, hows = {}, {}
  local entries, at = {}, {}
  for _, x in ipairs(cell.figures) do
    local s = show(x)
    local e = at[s]
    if e and not e.docs[x.facts[1].doc] then
      e.docs[x.facts[1].doc] = true; e.n = e.n + 1
    elseif not e then
      e = { s = s, docs = { [x.facts[1].doc] = true }, n = 1 }
      at[s] = e; entries[#entries + 1] = e
    else
      entries[#entries + 1] = { s = s, docs = {}, n = 1 }
    end
  end
  for i, e in ipairs(entries) do
    if i > 5 then parts[#parts + 1] = "…+" .. (#entries - 5); break end
    parts[#parts + 1] = e.s .. (e.n > 1 and (" (" .. e.n .. " documents)") or "")
  end
  for i, x in ipairs(cell.figures) do
    local h
    if x == head then
      h = x.how == "sum" and ("sum of " .. #x.facts .. " comparable figures, all " .. ((x.unit or "") == "元" and "" or "counting ")
                                 .. F.counts(x.facts[1])) or "stated"
    elseif x.why then
      h = "not added: " .. x.why
      if x.why == "a repeat" and (F.plan(m, x.facts[1]) or (x.rel and F.plan(m, x.rel))) then
        h = h .. " (of a target or plan)"
      end
    else h = (x.how == "sum" and ("sum of " .. #x.facts .. ", ") or "") .. "not added: " .. F.apart(x, head) end
    local poor = F.poor(m, x.facts[1])
    if poor then h = h .. (poor == "poor" and " (the poor counted: a level or a base)" or " (lifted out of poverty)") end
    x.note = h
    hows[i] = ftext(x) .. (x.period ~= "" and (" [" .. x.period .. "]") or "") .. ": " .. h
  end
  cell.text = table.concat(parts, "; ")
  cell.how = table.concat(hows, "; ")
  local first = head or cell.figures[1]
  cell.v = first and first.value
  local ids = {}
  for _, x in ipairs(cell.figures) do for _, f in ipairs(x.facts) do ids[#ids + 1] = f.id end end
  cell.facts = ids
  return cell
end

-- why figure x stands beside the cell's total h instead of in it
function F.apart (x, h)
  if not h then return "no total to add it to" end
  local f, g = x.facts[1], h.facts[1]
  if (x.unit or "") ~= (h.unit or "") then return "another unit" end
  if x.qualifier ~= h.qualifier then
    return x.qualifier == "min" and "a lower bound (added only to lower bounds)" or "another qualifier"
  end
  if f.doc ~= g.doc then return "another document" end
  if x.period ~= h.period then return "another period" end
  -- (420个 projects and 30个 bases are not 450 of either)
  local a, b = F.counts(f), F.counts(g)
  local money = (x.unit or "") == "元"
  if a and b and a ~= b then
    return money and ("another fund or use (" .. a .. ", not " .. b .. ")") or ("counts " .. a .. ", not " .. b)
  end
  if not a then return money and "its fund or use is not read" or "what it counts is not read" end
  if not b then
    return (money and "its fund or use is " or "it counts ") .. a .. "; the total's is not read"
  end
  return "another figure"
end

-- what the marks of a cell mean (the legend of every table of cells)
F.MARKS = "≥ a lower bound (多/余/以上), ≤ an upper bound, ≈ approximate; [2016/2020] the period " ..
          "(none: the sentence states none; [2020 (cumulative)] a total to date); * a rate or per-unit amount (人均, 户均, 每县 …); ⊂ part of a " ..
          "stated total or inside the span of a cumulative total; = a repeat; (plan) a target or plan " ..
          "(计划, 力争, 预计 …), not what was done, never the total; (脱贫) persons or households lifted " ..
          "out of poverty, (贫困) the poor counted (a level such as 减少到 or 剩余, or the base of a " ..
          "change, 由…); neither mark: the clause does not say which (read the sentence); (2 documents) " ..
          "the same figure stated by two documents, shown once (a reprint is no second confirmation)."

-- a rich cell for report:table
function F.rich (cell)
  return { text = cell.text, v = cell.v, facts = cell.facts, how = cell.how }
end

-- the facts a region report covers: figures in articles about poverty alleviation
function F.in_scope (f)
  local a = f.article
  return R.is_figure(f) and a ~= nil and a.poverty ~= false and not a.boilerplate
end

-- sorts region names in place: a city first, then the places in it; no region last
function F.sort_regions (data, regions)
  table.sort(regions, function (a, b)
    if (a == F.NOREGION) ~= (b == F.NOREGION) then return b == F.NOREGION end
    local ca, cb = data.city[a] or a, data.city[b] or b
    if ca ~= cb then return ca < cb end
    if (ca == a) ~= (cb == b) then return ca == a end
    return a < b
  end)
  return regions
end

-- regions (a city first, then the places in it) and their cells by kind
function F.region_cells (m)
  if m.region_cells then return m.regions, m.region_cells end
  local data = m.data
  local facts, regions = {}, {}
  for _, f in ipairs(data.facts) do
    if F.in_scope(f) then
      local r = (f.region and f.region ~= "") and f.region or F.NOREGION
      if not facts[r] then facts[r] = {}; regions[#regions + 1] = r end
      facts[r][f.kind] = facts[r][f.kind] or {}
      table.insert(facts[r][f.kind], f)
    end
  end
  F.sort_regions(data, regions)
  local cells = {}
  for _, r in ipairs(regions) do
    cells[r] = {}
    for k, fs in pairs(facts[r]) do cells[r][k] = F.cell(m, fs); cells[r][k].n = #fs end
  end
  m.regions, m.region_cells = regions, cells
  return regions, cells
end

local function code (f)
  local e = f.extra or {}
  local c = e.region_code or e.code
  return (type(c) == "string" or type(c) == "number") and c or nil
end

-- One row per figure of a cell, for csv and json: numbers as numbers,
-- every fact id, every sentence.
function F.long_rows (m, cell, region, kind)
  local rows = {}
  for _, x in ipairs(cell.figures) do
    local ids, sents, seen = {}, {}, {}
    for _, f in ipairs(x.facts) do
      ids[#ids + 1] = f.id
      local s = F.sentence(m, f)
      if not seen[s] then seen[s] = true; sents[#sents + 1] = s end
    end
    local f1 = x.facts[1]
    rows[#rows + 1] = {
      region = region or f1.region or "", region_code = code(f1) or "", kind = kind or f1.kind,
      period = x.period, value = x.value, unit = x.unit or "", qualifier = x.qualifier,
      shown = x == cell.head and "total" or (x == cell.lower and "lower bound" or "listed"),
      how = x.how == "sum" and ("sum of " .. #x.facts) or "stated",
      not_added = x.why or ((x == cell.head or not cell.head) and "" or F.apart(x, cell.head)),
      -- (what the cell's marks say, as columns to filter on: (plan), (脱贫)/(贫困), a total to date)
      target = F.plan(m, f1) or (x.why == "a repeat" and x.rel and F.plan(m, x.rel)) or "",
      sense = F.poor(m, f1) or "", to_date = F.cumulative(f1) or "",
      related = x.rel and x.rel.id or "", document = f1.doc.label,
      facts = table.concat(ids, " "), sentence = table.concat(sents, " ‖ "),
    }
  end
  return rows
end
F.LONG = { "region", "region_code", "kind", "period", "value", "unit", "qualifier", "shown", "how",
           "not_added", "target", "sense", "to_date", "related", "document", "facts", "sentence" }

-- Half a unit of the last digit a figure is written to, in its unit: 113万人
-- -> 5000, 6.03亿元 -> 500万, 13140户 -> 0.5; 0 when the surface gives no
-- digits to read (三万人).  A figure written so is that value give or take it.
local MULT = { ["万"] = 1e4, ["萬"] = 1e4, ["亿"] = 1e8, ["億"] = 1e8, ["千"] = 1e3 }
function F.rounding (f)
  local s = type(f.surface) == "string" and f.surface:gsub(",", "") or ""
  local int, dec, rest = s:match("(%d+)%.?(%d*)(.*)")
  if not int or math.type(f.value) == nil then return 0 end
  local mult = 1
  for k, v in pairs(MULT) do if rest:sub(1, #k) == k then mult = v end end
  -- (a value the surface does not give back, a reading of its own: not known)
  if math.abs(tonumber(int .. (dec ~= "" and ("." .. dec) or "")) * mult - f.value) > 1e-6 * math.max(1, math.abs(f.value)) then
    return 0
  end
  return 0.5 * mult * 10 ^ -#dec
end

-- Stated totals followed by at least two of their parts (其中 ...).
-- -> {total = fact, parts = {facts}, sum, lower (a part is a lower bound),
--     status = ok|rounded|over|short, slack (the rounding of the figures as written)}
-- "rounded": the parts and the total differ by no more than the figures'
-- rounding (113万人 and 26.65万 + 58.12万 + 18.69万 + 9.5万 = 112.96万人)
function F.totals (m)
  if m.totals then return m.totals end
  local out, by = {}, {}
  for _, f in ipairs(m.data.facts) do
    local t = f.fig and rel(m, f, f.fig.part_of)
    if t then
      if not by[t] then by[t] = { total = t, parts = {} }; out[#out + 1] = by[t] end
      table.insert(by[t].parts, f)
    end
  end
  local keep = {}
  for _, x in ipairs(out) do
    if #x.parts >= 2 and qual(x.total) == "exact" then
      local sum, lower = 0, false
      for _, p in ipairs(x.parts) do sum = sum + p.value; lower = lower or qual(p) == "min" end
      local slack = F.rounding(x.total)
      for _, p in ipairs(x.parts) do slack = slack + F.rounding(p) end
      x.sum, x.lower, x.slack = sum, lower, slack
      x.status = R.near(sum, x.total.value) and "ok"
              or math.abs(sum - x.total.value) <= slack + 1e-9 * math.max(1, sum) and "rounded"
              or (sum > x.total.value and "over" or "short")
      if lower and x.status == "short" then x.status = "ok" end
      keep[#keep + 1] = x
    end
  end
  table.sort(keep, function (a, b) return a.total.id < b.total.id end)
  m.totals = keep
  return keep
end

package.loaded["assay-reports.figures"] = F
return F
