-- What a figure measures, so reports add only figures that can be added.
-- Loaded by figure.lua (at fact time: the attributes go into the fact's
-- extra as `fig`) and by scripts/reports/_figures.lua (for facts stored
-- without them).  Plain Lua: it runs in the rules' sandbox and outside it.
--
--   M.annotate(text, facts)  sets f.fig on every figure fact (a number
--   value and a span in `text`), a table of:
--     n        the figure's ordinal among the document's figures (the
--              relations below name figures by it: byte offsets move when
--              a normalized text is mapped back)
--     rate     true: a rate, share or multiple (%, ‰, 倍), never added
--     per      the word that makes it a per-unit amount (人均, 户均, 每县,
--              标准 ...): an amount per person, household, county, year
--     total    the word that makes it a cumulative or stated total (累计,
--              以来, 共, 合计 ...)
--     span     the years a cumulative covers ("2012/2020"; "" unknown)
--     part_of  n of the stated total it is a part of (其中, 包括, 分别)
--     within   n of a cumulative total of the same kind, unit, region,
--              qualifier and period (or this figure's period is unknown):
--              the figure may be inside it
--     prior    the word that makes it the figure of an earlier year, given
--              for comparison (上年投入100万元, 去年同期): never added
--     same_as  n of an earlier figure with the same kind, value, unit,
--              qualifier, region and period (a repeat), or of the stated
--              total it would be a part of and equals (a sum restated
--              after the parts, …其中…，共计 the total's value)
local M = {}
local prefilter = require "assay.prefilter"

-- Word lists, scanned in one pass each: a list's trie (assay.prefilter's
-- word set) is made on its first use, so a list must not change after it
-- (the lists are constants; _lib.lua's has_any, count_any and after_last
-- are these).
local SETS = setmetatable({}, { __mode = "k" })
local function set_of (words)
  local ws = SETS[words]
  if not ws then ws = prefilter.words(words); SETS[words] = ws end
  return ws
end

-- the first of the words (in list order) that occurs in s, and where
-- (these helpers run for every figure, many times: the set is looked up
-- inline, without a call)
local function has (s, words)
  local k, p = (SETS[words] or set_of(words)):first(s)
  if k then return words[k], p end
end
M.has = has

-- the word only (_lib.lua's has_any)
function M.has_word (s, words)
  local k = (SETS[words] or set_of(words)):first(s)
  if k then return words[k] end
  return nil
end

-- number of occurrences of the words in s (each word's not overlapping)
function M.count (s, words)
  return (SETS[words] or set_of(words)):count(s)
end

-- the text of s after the last of the separators, and the byte before it
local function after_last (s, seps)
  local best = (SETS[seps] or set_of(seps)):last_end(s)
  return s:sub(best + 1), best
end
M.after_last = after_last

-- the byte after the last of the separators in s[i..j] (i when none), and
-- where the last-starting of them starts: after_last without cutting s
-- the text of s before the first of the separators (all of s if none):
-- plain finds, as a Lua set of multi-byte marks would cut a character
local function before_first (s, seps)
  for _, c in ipairs(seps) do
    local at = s:find(c, 1, true)
    if at then s = s:sub(1, at - 1) end
  end
  return s
end
M.before_first = before_first

local function after_last_in (s, seps, i, j)
  local e, a = (SETS[seps] or set_of(seps)):last_end(s, i, j)
  return e + 1, a
end
M.after_last_in = after_last_in

local ENDS = { "。", "！", "？", "!", "?" }
local FINAL = { ["。"] = true, ["！"] = true, ["？"] = true, ["!"] = true, ["?"] = true, ["”"] = true,
                ["）"] = true, [")"] = true, ["…"] = true, ["】"] = true }

-- Lines are read in place, by bytes: no copy of a line, none reversed.
local byte = string.byte

-- The end of t[ls..e] without its trailing blanks (%s: 9..13 and 32);
-- ls - 1 when it is all blank.
local function trim_end (t, ls, e)
  while e >= ls do
    local c = byte(t, e)
    if c ~= 32 and (c < 9 or c > 13) then break end
    e = e - 1
  end
  return e
end
M.trim_end = trim_end

-- Does the line t[ls..e] (trailing blanks left out) go on on the next
-- line?  When it ends with a comma or 、, or is long (40 characters or
-- more) without final punctuation: some sources wrap lines inside
-- sentences.  A blank line (e < ls) does not.
local function goes_on (t, ls, e)
  if e < ls then return false end
  local p, c = e, byte(t, e)                  -- the start of its last character
  while p > ls and c >= 0x80 and c < 0xC0 do p = p - 1; c = byte(t, p) end
  local last = t:sub(p, e)
  if last == "," or last == "，" or last == "、" then return true end
  return not FINAL[last] and (utf8.len(t, ls, e) or (e - ls + 1)) >= 40
end
M.goes_on = goes_on

-- Sentences of t: {start, stop} pairs in text order.  A sentence ends after
-- 。！？!? and at a line break unless the line goes on (goes_on).
function M.sentences (t)
  local cuts = {}
  for _, e in ipairs(ENDS) do                  -- (after each mark)
    local _, b = t:find(e, 1, true)
    while b do
      cuts[#cuts + 1] = b
      _, b = t:find(e, b + 1, true)
    end
  end
  local ls, nl = 1, t:find("\n", 1, true)
  while nl do                                 -- (at each line break that no line goes on over)
    if not goes_on(t, ls, trim_end(t, ls, nl - 1)) then cuts[#cuts + 1] = nl end
    ls = nl + 1
    nl = t:find("\n", ls, true)
  end
  table.sort(cuts)
  local out, s = {}, 1
  local ns = 0                                -- the first non-blank byte at or after s (0: not looked for)
  for _, c in ipairs(cuts) do
    if c >= s then
      if ns < s then ns = t:find("%S", s) or (#t + 1) end
      if ns <= c then out[#out + 1] = { s, c } end
      s = c + 1
    end
  end
  if s <= #t and t:find("%S", s) then out[#out + 1] = { s, #t } end
  return out
end

local function sentence_index (ss, pos)
  local lo, hi = 1, #ss
  while lo <= hi do
    local mid = (lo + hi) // 2
    if pos < ss[mid][1] then hi = mid - 1
    elseif pos > ss[mid][2] then lo = mid + 1
    else return mid end
  end
end

local REACH = 600
local CLAUSE = { "，", ",", "；", ";", "：", ":" }
local PIECE = { "；", ";" }
-- per head, per household, per unit, a standard rate: in the clause before the figure
local PER = { "人均", "户均", "村均", "县均", "亩均", "人年均", "平均", "年均", "月均", "日均", "标准" }
-- 每 + a unit of distribution; 每年/每月 only in the figure's own clause
local UNIT_CHAR = { ["县"] = true, ["户"] = true, ["人"] = true, ["村"] = true, ["名"] = true, ["个"] = true,
                    ["位"] = true, ["家"] = true, ["亩"] = true, ["年"] = true, ["月"] = true, ["天"] = true,
                    ["日"] = true, ["季"] = true, ["周"] = true, ["乡"] = true, ["镇"] = true, ["所"] = true,
                    ["套"] = true, ["间"] = true, ["头"] = true, ["只"] = true, ["次"] = true, ["项"] = true }
local PER_TIME = { ["年"] = true, ["月"] = true, ["天"] = true, ["日"] = true, ["季"] = true, ["周"] = true }
local TOTAL = { "累计", "累积", "共计", "总计", "合计", "以来", "年来", "先后", "历年", "至今",
                "总投资", "总投入", "总额", "总量", "总数", "总规模", "全年", "共投入", "共发放", "共有",
                "共落实", "共争取", "共筹集", "共整合", "共完成", "共帮助", "共带动", "共实施", "共建成" }
local WHOLE = { "全县", "全市", "全区", "全州", "全省", "全镇", "全乡", "全旗", "全村" }
local CUES = { "其中", "包括", "分别为", "分别是", "分别" }
-- the year before, given for comparison
local PRIOR = { "上年", "去年", "上一年", "前一年", "同期" }
-- a total opening the sentence (2012年以来,…)
local SINCE = { "以来", "年来", "累计" }

-- the 每 that governs s ("每县配套"), not 每…都 ("每个村都…") nor, unless
-- own, 每年/每月 (每年增长 …, 五年内投入X: X is not per year)
local CLAUSE_CUTS = { "，", ",", "；", ";", "：", ":" }
local function per_each (s, own)
  local i = 1
  while true do
    local a, b = s:find("每", i, true)
    if not a then return nil end
    local nextc = s:sub(b + 1):match("^[%z\1-\127\194-\244][\128-\191]*") or ""
    local rest = s:sub(b + 1)
    local clause_rest = before_first(rest, CLAUSE_CUTS)
    if not clause_rest:find("都", 1, true) and (own or not PER_TIME[nextc]) then
      -- the word as written: 每县, 每户, 每个, else 每 and a two-character verb (每吸纳)
      if UNIT_CHAR[nextc] then return "每" .. nextc end
      return "每" .. (rest:match("^([%z\1-\127\194-\244][\128-\191]*[%z\1-\127\194-\244][\128-\191]*)") or nextc)
    end
    i = b + 1
  end
end

-- "2016/2020" -> 2016, 2020; "2019" -> 2019, 2019; else nil
local function years (p)
  if type(p) ~= "string" and type(p) ~= "number" then return nil end
  local a, b = tostring(p):match("^(%d%d%d%d)%D*(%d*)")
  a = tonumber(a)
  if not a then return nil end
  return a, tonumber(b) or a
end
M.years = years

local function qual (f) return f.qualifier or "exact" end
local function reg (f) return f.region or "" end
local function per (f) return f.period and tostring(f.period) or "" end

-- the attributes of one figure from its sentence (relations come after)
local function attributes (t, f, sent)
  local fig = {}
  if f.unit == "%" or f.unit == "‰" or f.unit == "倍" then fig.rate = true end
  -- (at most REACH bytes back: a text without full stops is one long "sentence")
  local e = f.start - 1
  local ps = after_last_in(t, PIECE, math.max(sent[1], f.start - REACH), e)
  local own = t:sub((after_last_in(t, CLAUSE, ps, e)), e)
  local w = has(own, PER)
  -- (the poverty line, not a rate per unit: 现行标准下…8502个贫困村全部出列, 按国家扶贫标准)
  if w == "标准" and (own:find("标准下", 1, true) or own:find("贫标准", 1, true)) then w = nil end
  w = w or per_each(own, true)
  local tw = has(own, TOTAL)
  -- a 每 earlier in the sentence governs the clauses after it (每县配套…,
  -- 其余县配套…), not a clause with its own subject (全县…) or total
  if not w and not tw and not has(own, WHOLE) then w = per_each(t:sub(ps, e), false) end
  if not w and f.unit == "元" and t:sub(f.stop + 1, f.stop + 3) == "/" then w = "/" end
  fig.per = w
  fig.prior = has(own, PRIOR)
  -- a total word in the figure's own clause, or opening its sentence (2012年以来,…)
  tw = tw or has(t:sub(sent[1], math.min(sent[1] + 59, f.start - 1)), SINCE)
  if tw then fig.total = tw end
  local a, b = years(f.period)
  if a and b > a then fig.span = per(f)
  elseif tw then fig.span = per(f) end
  return fig
end

local function cumulative (f) return f.fig.span ~= nil end

-- would cumulative c be added to figure g (same period, or g's unknown)?
-- A figure of one year inside c's span is never added to c anyway: its
-- period differs; it may still be added to other figures of its year.
local function holds (c, g)
  return per(g) == "" or per(g) == per(c)
end

-- What a figure counts, so that 420 projects and 30 bases are not added
-- into "450": the thing it counts, named by a noun (项目, 基地, 车间, 合作社,
-- 岗位, 学校 …) with the words before the noun that say which (产业扶贫项目,
-- 产业基地, 扶贫车间: the words right before the figure, 扶贫车间达到86个, else
-- the first such noun in the words right after it, 30个产业基地), and for
-- money the fund or use named right before it (财政专项扶贫资金, 涉农资金).
-- A name starts at the last verb before it, kept (整合涉农资金, 新建扶贫车间:
-- 实施 and 完成 name two sets, one perhaps inside the other), or after the
-- last cue (累计|, 其中|, 黄桃等|产业基地).  "" when none is read: then the
-- figure is never added.
-- Not read: people and households (贫困人口, 贫困户 …: those of two
-- measures are often the same people), and money named only 资金 or 投资
-- (投资2500万元，用于…: the use comes after, and differs).  The words are
-- read in simplified characters (a traditional text gives the same names:
-- the pack reads the normalized text, the reports the stored one).
local HEADS = { "项目", "基地", "车间", "工厂", "作坊", "合作社", "联合社", "岗位", "企业", "公司", "园区", "产业园",
                "示范园", "示范点", "示范区", "电站", "安置点", "安置区", "学校", "小学", "中学", "幼儿园", "卫生室",
                "卫生院", "医院", "工程", "大棚", "超市", "农场", "牧场", "养殖场", "服务站", "服务中心", "就业点",
                "危房", "住房", "安置房", "房屋" }
local MONEY_HEADS = { "资金", "贷款", "信贷", "经费", "基金", "善款", "捐款", "补助", "补贴", "奖补", "资本", "投资",
                      "资产", "款项" }
-- verbs that open a name, kept in it (实施产业项目 and 完成产业项目 are two sets, one
-- perhaps inside the other; 投入… and 下达… two flows), and cues that end a
-- name from the left, left out (累计|投入…, 其中|…, 黄桃等|产业基地)
local VERBS = { "投入", "整合", "争取", "下达", "下拨", "拨付", "发放", "筹集", "筹措", "落实", "安排", "使用",
                "支出", "撬动", "募集", "捐赠", "捐助", "吸引", "引进", "招引", "完成", "新增", "获得", "申请",
                "投放", "兑现", "统筹", "注入", "设立", "引导", "援助", "提供", "用于", "实施", "建成", "新建",
                "建设", "建立", "发展", "培育", "扶持", "创建", "打造", "开发", "成立", "组建", "认定", "带动",
                "吸纳", "改造", "援建", "开工", "启动", "规范", "竣工", "完工", "验收", "投产" }
local NAME_CUTS = { "累计", "达到", "超过", "合计", "总计", "共计", "到位", "其中", "包括", "共", "达", "为", "是",
                    "约", "有", "等" }
for _, w in ipairs(VERBS) do NAME_CUTS[#NAME_CUTS + 1] = w end
-- money named by these alone names no fund nor use
local BARE = { ["资金"] = true, ["投资"] = true, ["总投资"] = true, ["资本"] = true, ["资产"] = true, ["款项"] = true }
local DIVISION = { ["省"] = true, ["市"] = true, ["州"] = true, ["县"] = true, ["区"] = true, ["旗"] = true,
                   ["乡"] = true, ["镇"] = true, ["村"] = true }
-- words between a noun and its figure (扶贫车间达到86个, 建成了30个基地)
local FILLERS = { "达到", "共计", "累计", "总计", "合计", "超过", "总数", "数量", "总量", "已达", "分别", "达", "共",
                  "为", "有", "约", "近", "逾", "计", "各", "已", "了" }
-- the traditional forms of the characters of the words above
local T2S = {}
for a, b in ("項项車车間间資资崗岗產产業业貸贷專专財财農农貧贫園园區区電电廠厂場场點点戶户個个設设務务費费補补貼贴"
             .. "獎奖發发勞劳動动衛卫學学醫医養养幫帮協协統统籌筹撥拨達达實实總总計计數数與与為为約约庫库範范隊队"
             .. "獲获請请導导際际億亿萬万應应環环護护態态種种舊旧黨党幹干眾众員员級级縣县鄉乡鎮镇災灾險险"
            ):gmatch("(" .. utf8.charpattern .. ")(" .. utf8.charpattern .. ")") do
  T2S[a] = b
end
local T2S_FORMS = {}
for a in pairs(T2S) do T2S_FORMS[#T2S_FORMS + 1] = a end
table.sort(T2S_FORMS)
-- (M.simplify, when set, converts instead: the reports set it to the
-- reader's own conversion, the one that gave the pack its text)
-- (most texts are simplified already: a text with none of T2S's forms,
-- found in one scan, is returned as it is, not rebuilt character by character)
local function simplified (s)
  if M.simplify then return M.simplify(s) end
  if not has(s, T2S_FORMS) then return s end
  return (s:gsub(utf8.charpattern, T2S))
end

-- the Han characters (U+3400-4DBF, U+4E00-9FFF; 3 bytes each) of t right
-- after byte i / right before byte j, at most n of them, read by bytes: any
-- other byte ends them (inline: this runs for every figure)
local function han3 (x, y, z)
  if not z or x < 0xE3 or x > 0xE9 or y < 0x80 or y > 0xBF or z < 0x80 or z > 0xBF then return false end
  local c = ((x & 0x0F) << 12) | ((y & 0x3F) << 6) | (z & 0x3F)
  return (c >= 0x4E00 and c <= 0x9FFF) or (c >= 0x3400 and c <= 0x4DBF)
end
local function han_after (t, i, n)
  local p = i + 1
  while n > 0 and han3(byte(t, p, p + 2)) do p = p + 3; n = n - 1 end
  return t:sub(i + 1, p - 1)
end
local function han_before (t, j, n)
  local p = j
  while n > 0 and p >= 3 and han3(byte(t, p - 2, p)) do p = p - 3; n = n - 1 end
  return t:sub(p + 1, j)
end

-- the longest of the words that s ends with: a list's words by length,
-- longest first, looked up by s's tail of each length (lists are
-- constants, as the word sets above)
local TAILS = setmetatable({}, { __mode = "k" })
local function tails (words)
  local ts = TAILS[words]
  if not ts then
    ts = { set = {}, lens = {} }
    local seen = {}
    for _, w in ipairs(words) do
      ts.set[w] = true
      if not seen[#w] then seen[#w] = true; ts.lens[#ts.lens + 1] = #w end
    end
    table.sort(ts.lens, function (a, b) return a > b end)
    TAILS[words] = ts
  end
  return ts
end
local function ends_with (s, words)
  local ts = TAILS[words] or tails(words)
  local n, set = #s, ts.set
  for _, k in ipairs(ts.lens) do
    if k <= n then
      local tail = s:sub(-k)
      if set[tail] then return tail end
    end
  end
end
-- the longest of the words that s has at byte i
local function word_at (s, i, words)
  local ts = TAILS[words] or tails(words)
  for _, k in ipairs(ts.lens) do
    local w = s:sub(i, i + k - 1)
    if #w == k and ts.set[w] then return w end
  end
end

-- kinds that count separate things: their figures may be added (the
-- reports' model, scripts/reports/_figures.lua); the others restate one
-- population or are per head (income), so what they count is not read
M.ADDITIVE = { funds = true, projects = true, jobs = true, training = true, housing = true,
               education = true, health = true }

function M.counts (t, f)
  if not M.ADDITIVE[f.kind] then return "" end
  if type(t) ~= "string" or math.type(f.start) ~= "integer" or math.type(f.stop) ~= "integer" then return "" end
  local before = simplified(han_before(t, f.start - 1, 30))
  -- fillers between a name and its figure left out (扶贫车间达到86个)
  local cut = true
  while cut do
    cut = ends_with(before, FILLERS)
    if cut then before = before:sub(1, -#cut - 1) end
  end
  -- the name before it: from its verb, or after the last cue (noun: without the verb)
  local noun, at = after_last(before, NAME_CUTS)
  local verb = ends_with(before:sub(1, at), VERBS) or ""
  if f.unit == "元" then
    if not ends_with(noun, MONEY_HEADS) or BARE[noun] then return "" end
    -- (无棣县投资, 全县资金: a place before a bare word names no fund either)
    for w in pairs(BARE) do
      if #noun > #w and noun:sub(-#w) == w and DIVISION[noun:sub(-#w - 3, -#w - 1)] then return "" end
    end
    return verb .. noun
  end
  if ends_with(noun, HEADS) then return verb .. noun end
  -- else the first noun in the words after it (建成30个产业基地), within 8 characters,
  -- with the verb right before the figure
  if noun ~= "" then verb = "" end
  local near = simplified(han_after(t, f.stop, 8))
  -- (the noun that ends first; no noun of HEADS begins or ends another)
  local best
  for p in utf8.codes(near) do
    if p > 1 and ends_with(near:sub(1, p - 1), HEADS) then best = p - 1; break end
  end
  if not best and ends_with(near, HEADS) then best = #near end
  -- (a noun that goes on: 光伏电站项目 counts 项目)
  while best do
    local w = word_at(near, best + 1, HEADS)
    if not w then return verb .. near:sub(1, best) end
    best = best + #w
  end
  return ""
end

function M.annotate (t, facts)
  if type(t) ~= "string" then return end
  local figs = {}
  for _, f in ipairs(facts) do
    if type(f.value) == "number" and math.type(f.start) == "integer" and math.type(f.stop) == "integer"
       and f.start >= 1 and f.stop <= #t and f.kind ~= "article" and f.kind ~= "slogan" then
      figs[#figs + 1] = f
    end
  end
  table.sort(figs, function (x, y) return x.start < y.start end)
  local ss = M.sentences(t)
  for i, f in ipairs(figs) do
    local si = sentence_index(ss, f.start) or 0
    f.fig = ss[si] and attributes(t, f, ss[si]) or {}
    f.fig.n = i
    f.fig.counts = M.counts(t, f)
    f._si = si
  end
  for i, p in ipairs(figs) do
    -- part of a stated total: a cue before it in its sentence (or opening
    -- it: 其中… continues the sentence before), the total before the cue
    local si = p._si
    local sent = ss[si]
    if sent then
      local _, cue = after_last_in(t, CUES, math.max(sent[1], p.start - REACH), p.start - 1)
      if cue then
        local from = sent[1]
        if t:sub(sent[1], cue - 1):find("^%s*$") and ss[si - 1] then from = ss[si - 1][1] end
        from = math.max(from, cue - REACH)
        for j = i - 1, 1, -1 do
          local q = figs[j]
          if q.start < from then break end
          if q.start < cue and q.unit == p.unit and q.kind == p.kind and not q.fig.rate and not q.fig.per then
            -- (the total's own value is the total again, not one more part
            -- of it: a sum restated after the parts, …；丙捐赠300万元，共计
            -- 860万元, or the total named again: a repeat)
            if p.value == q.value then p.fig.same_as = q.fig.n else p.fig.part_of = q.fig.n end
            break
          end
        end
      end
    end
  end
  -- repeats and cumulatives, by what must be equal (linear in the figures)
  local first, cums = {}, {}
  for _, c in ipairs(figs) do
    local k = table.concat({ c.kind or "", c.unit or "", reg(c), qual(c) }, "\0")
    c._k = k
    if cumulative(c) and not c.fig.part_of and not c.fig.same_as and not c.fig.per and not c.fig.rate and not c.fig.prior then
      cums[k] = cums[k] or {}
      table.insert(cums[k], c)
    end
  end
  for _, g in ipairs(figs) do
    local rk = g._k .. "\0" .. per(g) .. "\0" .. tostring(g.value)
    local f = first[rk]
    if f then g.fig.same_as = g.fig.same_as or f.fig.n elseif not g.fig.same_as then first[rk] = g end
    if not g.fig.part_of and not g.fig.same_as and not g.fig.rate and not g.fig.per and not g.fig.prior then
      local best
      for _, c in ipairs(cums[g._k] or {}) do
        if c ~= g and (c.value > g.value or (c.value == g.value and c.start < g.start))
           and holds(c, g) and not (c._si == g._si and per(c) == per(g)) then
          if not best or c.value > best.value then best = c end
        end
      end
      if best then g.fig.within = best.fig.n end
    end
  end
  for _, f in ipairs(figs) do f._si, f._k = nil, nil end
  return figs
end

return M
