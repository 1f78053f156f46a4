-- Region of a figure: the most specific administrative unit that governs
-- it, as the gold set writes it, with its code (GB/T 2260 for province,
-- city and county: 6 digits; the statistical 9- and 12-digit codes for
-- towns and villages; 100000 for 全国).  Looked for, in order:
--   1. the figure's own clause, before it: the nearest place or reference
--      word (全省/我县/该市/全国 ...);
--   2. its sentence, before the clause: the nearest such word or place
--      (first in its piece after a semicolon);
--   3. its paragraph, before the sentence: the nearest place or word
--      (渠县县委书记说,... 。县里...), not one of a breakdown after 其中;
--   4. the figure's clause, after it: the first place or reference word
--      (投入资金447万元对全县…);
--   5. the main place of the passage (its article, or the articles before
--      it that no byline closed): the deepest place that at least 60% of
--      the passage's place mentions lie in, the title counting three times;
--      全国 when national words (two at least) outnumber places.
-- On an east-west cooperation page the helper's figures go to the helped
-- place (helped(), below).
-- Places in datelines, bylines and photo captions (新华社海口4月9日电,
-- 中新网兰州…电, （记者 王明）, 图为…) are not subjects and are skipped.  A place followed by 等
-- lists examples (汕尾陆河、云浮新兴等16个县): it does not govern.
-- Reference words take the level they name (省/市/州/县/区/镇/乡/村) from the
-- nearest place before them, else from the main place: 与朱岗村一样,全省
-- -> the province of 朱岗村.
--
--   R.locate(doc, pos [, art]) -> label, code   (nil when the text never says where)
local places = require "assay.places"
local L = include "_lib.lua"

-- The gazetteer is read now, with the rules (under the load budget), not by the
-- first document's rule: that load (~0.2 s) would otherwise count against one
-- document's budgets and outlast its uncounted trial (docs/rules.md).  Without a
-- gazetteer the pack still runs, but gives no region below a province: it says so.
do
  local ok, err = places.path()
  if not ok then print("fupin: " .. err .. "; facts get regions from province names only") end
end

local R = {}

local NATION_CODE = "100000"

-- datelines and bylines: their places are where the reporter was
-- (the alternatives of one regex, each with the words every match of it
-- holds: a text is scanned only with those whose words it has, the same
-- matches, as the others match nowhere in it; the first tried at every
-- character of a long text was 3 % of the pack)
local DATELINE_PARTS = {
  { [[[^\s，。,：:（(）)]{0,24}?[0-9]{1,2}月[0-9]{1,2}日(?:电|讯|消息|電|訊)]], { "日电", "日讯", "日消息", "日電", "日訊" } },
  { [[(?:新华社|中新社|中新网|人民网|新华网|央视网|本报|新華社|中新網|人民網|新華網|央視網|本報)\p{Han}{2,4}?(?:电|讯|電|訊)]],
    { "新华社", "中新社", "中新网", "人民网", "新华网", "央视网", "本报", "新華社", "中新網", "人民網", "新華網", "央視網", "本報" } },
  { [[[（(](?:本报|本報)?(?:记者|記者)[^）)\n]{0,40}[）)]|(?:本报|本刊|本報)?(?:记者|記者)[\s　]*\p{Han}{2,4}(?:[\s　、]+\p{Han}{2,4})*[\s　]*(?:报道|摄|報道|攝)]],
    { "记者", "記者" } },
}
local DATELINE_RX = {}                  -- mask of the parts a text may match -> their regex
-- the datelines and bylines of s: {start, stop} in text order
-- (read through inline glosses: 本報(bào)濟(jì)南訊)
local function datelines (s)
  local mask, parts = 0, {}
  for i, p in ipairs(DATELINE_PARTS) do
    for _, w in ipairs(p[2]) do
      if s:find(w, 1, true) then mask = mask | (1 << (i - 1)); parts[#parts + 1] = p[1]; break end
    end
  end
  local out = {}
  if mask == 0 then return out end
  local rx = DATELINE_RX[mask]
  if not rx then rx = re.compile(table.concat(parts, "|")); DATELINE_RX[mask] = rx end
  local t, back = L.unglossed(s)
  for a, b in rx:gfind(t) do out[#out + 1] = { back(a - 1) + 1, back(b) } end
  return out
end
R.datelines = datelines
-- photo captions: the place of a picture is not the article's
local CAPTION = re.compile([=[(?m)^(?:拼版)?(?:照片|图片|图)[:：][^\n]*|[（(]\s*图为[^）)\n]*[）)]|^图为[^\n]*|[（(][^（()）\n]{0,30}摄[）)]]=])
-- a note in brackets after a count of places (1个贫困县(甲县)): the text inside it
local COUNT_NOTE = re.compile([=[(?<=[0-9一二两三四五六七八九十]个)[^，,。；;()（）0-9\n]{0,8}?(?:县|市|区|乡|镇|村|旗)[(（][^()（）\n]{1,60}[)）]]=])
local BREADCRUMB = re.compile([[(?m)^\s*(?:当前位置|您现在的位置|您的位置|當前位置|您現在的位置)[^\n]{0,80}$]])
-- titles in 《》, and the words that say the document is applied
local DOC_TITLE = re.compile([[《[^《》\n]{1,80}》]])
local APPLIED_BEFORE = re.compile([[(?:根据|按照|依据|遵照|对照|贯彻|落实|执行|实施)[^，,。；;《》]{0,4}$]])
local APPLIED_AFTER = re.compile([[^(?:[(（][^)）]{0,12}[)）])?(?:执法检查|(?:贯彻)?(?:实施|执行|落实)情况)]])
-- the nation's macro-regions (东部地区, 中西部地区, 西部省份)
local MACRO_REGION = re.compile([[(?:东中部|東中部|中西部|东部|東部|中部|西部)(?:地区|地區|省份|省区|省區|省市)]])
local UNIT_END = { ["省"] = true, ["市"] = true, ["县"] = true, ["縣"] = true, ["州"] = true, ["区"] = true, ["區"] = true,
                   ["盟"] = true, ["旗"] = true }
-- 市直 after a city's name: the city's own organs and units (市直各单位, 市直机关)
local CITY_ORGANS = re.compile([[^直(?:各|单位|單位|机关|機關|部门|部門|有关|有關|相关|相關|帮扶|幫扶|[、和及与與，,])]])
-- words that refer to a place by its level
local REFWORD = re.compile([[全国(?!扶贫开发信息系统|扶贫信息系统|人大|政协|劳动模范|劳模|先进|总工会|妇联|工商联|扶贫日|脱贫攻坚奖|脱贫攻坚先进|优秀|文明|重点)|我国|(?:全|我|本|该)(?:省|市|州|县|区|旗|盟|镇|乡|村)|(?:省|市|县)里|州级|(?<!\p{Han})(?:开发区|高新区|经开区)]])
-- a reference word after these is a scope of comparison (在全省率先, 占全县的), not the subject,
-- and so are a place and its reference word after them (在黑龙江全省率先)
-- (and so with a time word between: 仅为当年全国农民人均纯收入的18%, 占同期全省的)
local SCOPE_TIME = re.compile([[(?:在|为|占|于|比|居|较|超|低|高)(?:当年|同年|同期|当期|今年|去年|上年)$]])
local SCOPE_BEFORE = { ["在"] = true, ["为"] = true, ["占"] = true, ["于"] = true, ["比"] = true, ["居"] = true,
                       ["较"] = true, ["超"] = true, ["低"] = true, ["高"] = true }
-- 全国 as the yardstick of a comparison about the subject (凉山是全国最大的…、
-- 全国脱贫攻坚主战场, 居全国之首), not the place the figures are about
-- and 全国 in the name of a class of places (我省是全国扶贫开发重点省份)
local NATION_SCOPE_AFTER = re.compile([[^(?:最|第|之首|首位|前列|唯一|[0-9一二两三四五六七八九十]+个\p{Han}{0,12}之一|(?:扶贫开发|扶贫)?(?:工作)?重点(?:省|县|市|旗|地区))]])
-- (but a scope right before a count is that count's place, and that count's
-- only: 是全国11个片区之一, 在中国11个片区中 -> 11个 全国;
-- 比全国11个片区平均高1.2个百分点 -> 1.2个百分点 the subject's)
local COUNT_NEXT = re.compile([[^[0-9一二两三四五六七八九十]+个(?!百分点)]])
local CHINA_COUNT = re.compile([[中国(?=[0-9一二两三四五六七八九十]+个(?!百分点))]])
-- (and the nation where a place lies, 青海地处我国西部, 位于中国西南: a
-- description of the subject, not a subject)
local LOCATED = re.compile([[(?:地处|位于|处于|地跨|位居)$]])
local function national_scope (s, a, b)
  local w = s:sub(a, b)
  if (w == "我国" or w == "全国" or w == "中国") and LOCATED:find(s:sub(math.max(1, a - 6), a - 1)) then return true end
  if w ~= "全国" then return false end
  local before = a > 3 and s:sub(a - 3, a - 1)
  return before == "是" or before == "、" or NATION_SCOPE_AFTER:find((L.unglossed(s:sub(b + 1, b + 90)))) ~= nil
end
local AROUND = { ["周边"] = true, ["周围"] = true, ["附近"] = true, ["周邊"] = true, ["周圍"] = true }
-- (and the one of its kind, 是甲县全县唯一的产煤乡镇)
local SUPERLATIVE = re.compile([[^\p{Han}{0,2}?(?:最[大多高好早快]|第一|唯一)]])
-- after byte e of s (the regex only where its words are: it is asked at
-- every place mention and reference word)
local function superlative_after (s, e)
  local t = s:sub(e + 1, e + 12)
  return (t:find("最", 1, true) or t:find("第一", 1, true) or t:find("唯一", 1, true)) and SUPERLATIVE:find(t) ~= nil
end
-- (and the nation's units: 中央金融单位, 中央和国家机关; a count of the
-- nation's key counties, 592个国家扶贫开发工作重点县: hundreds, where a
-- province has fewer than a hundred)
-- (hundreds of them counted after the noun, 国家级贫困县有310多个, say 全国
-- where they stand, as a reference word would)
local NATION_COUNT = re.compile([[(?:国家级|国定|国家扶贫开发工作重点)贫困县(?=(?:有|达|共有|共)?[0-9]{3})]])
local NATION_COUNTIES = re.compile([[(?<![0-9.])[1-9][0-9]{2}(?=\s*(?:个|個)(?:国家级|國家級|国定|國定|深度|重点|重點)?(?:贫困|貧困)(?:县|縣))]])
-- (and ten provinces or more, 覆盖22个省(区、市)的1400个县: the provinces'
-- noun after the count, for the figures after it)
local PROVINCE_COUNT = re.compile([[(?<=[1-9][0-9]个)省(?:份|区市|区|市|[（(](?:自治)?区、(?:直辖)?市[）)])]])
local NATIONAL = re.compile([[全国|我国|国务院|国家扶贫办|中央财政|中国(?!\p{Han}{0,3}(?:网|社|报))|中央\p{Han}{0,6}?(?:单位|机关)|[0-9]{3}个国家(?:级|扶贫开发工作重点)]])

-- the contiguous poor areas (集中连片特困地区) named as such: regions of
-- several provinces that the press reports on as one (六盘山片区; not
-- 大别山区, more often where a county lies than a subject); and 南疆四地州,
-- the four prefectures of southern Xinjiang (also 新疆南部四地州)
local AREA = re.compile([[(?:六盘山|秦巴山|武陵山|乌蒙山|滇桂黔石漠化|滇西边境山|大兴安岭南麓|燕山—?太行山|吕梁山|大别山|罗霄山)片区|(?:南疆|新疆南部)(?:四|4)地州]])
local AREA_NAME = { ["新疆南部四地州"] = "南疆四地州", ["新疆南部4地州"] = "南疆四地州", ["南疆4地州"] = "南疆四地州" }
local AREA_BEFORE = re.compile([[(?:地处|位于|属于|地跨|是|属|处|成为|作为)$]])   -- (成为…片区…的品牌: a yardstick)
local AREA_AFTER = re.compile([[^(?:的|腹地|深处|腹心|中心|贫困县|[0-9一二三四五六七八九十]+个)]])

-- level of a reference word -> test on a place of the chain
local function level_test (w)
  if w:find("区$") and #w > 6 then return "Z" end
  local c = w:sub(-3)
  if w:find("里$") or w:find("级$") then c = w:sub(1, 3) end   -- 县里, 州级
  return c
end

-- code as stored: GB/T 2260's 6 digits down to county level
local function gbcode (code)
  if not code then return nil end
  if #code < 6 then return code .. string.rep("0", 6 - #code) end
  return code
end

local GLOSS = L.GLOSS

-- a county's short name opening a part of a breakdown, right before its figure (、甲城4200人)
local BREAKDOWN_SHORT = re.compile([[(?<=[（(、，,：:；;])\p{Han}{2}(?=[0-9])]])
-- two-character names joined by 、 before the count of counties they make (甲城、乙山、丙水3县)
-- (written tight, N县 with no 个: 我州甲江、乙江两个县 after a reference word is left as it was)
local SHORT_LIST = re.compile([[(?:\p{Han}{2}、){1,12}\p{Han}{2}(?=[0-9一二两三四五六七八九十]+县)]])
-- a town and/or village name as written after a county or town
local WRITTEN = re.compile([[^(?:(\p{Han}{1,3}?(?:镇|乡))(\p{Han}{1,4}?村)?|(?:)(\p{Han}{1,4}?村))(?![民委级庄里部])]])
local TOWN_END = { ["乡"] = true, ["镇"] = true }
-- a district name as written after its city (not a noun: 山区, 城区, 辖区…)
local DISTRICT = re.compile([[^\p{Han}{2,3}区(?![域级内外划])]])
local NOT_DISTRICT = re.compile([[^(?:各|全|该|每|本|城|市|县|乡|镇|村|的|和|与|及|在|有|等|贫困|农村|中心|主城|老城|[0-9一二两三四五六七八九十])|(?:城|市|山|辖|社|园|景|片|地|库|矿|林|牧|灾|老|小|街|郊|县|乡|镇|村|校|开发|高新|经开)区$]])
local NOT_WRITTEN = re.compile([[^(?:各|全|该|每|本|乡|镇|贫困|农村|城|县|的|和|与|及|在|有|等)|(?:新农村|行政村|自然村|贫困村)$]])

-- Places of a text whose names may carry inline pinyin glosses
-- (內(nèi)蒙古) or variant characters the t2s step leaves (陜西): found in
-- a copy without them, positions mapped back.
local VARIANT = { ["陜"] = "陕" }
-- A one-character county (代县, 滑县) is found only when the text names its
-- city too (高县 in 提高县域 is no place); one that opens a clause at least
-- twice (代县产业化铺就致富路 … ,代县县委…) is passed to places.find as known.
local SHORT_COUNTY = re.compile([[(?:^|(?<=[\s，,。；;：:！？、“”（）()]))(\p{Han}县)(?![城域级里内外])]], "m")
-- (and one named with its own organs once is known too: 2019年陇县人民政府工作报告, 陇县第十七届
-- 人民代表大会, 在滑县县委…; not 我代表县人民政府, where 表县 is no place)
local ORGAN_COUNTY = re.compile([[(?:(?<!\p{Han})|(?<=[年在是向对由经与和及于据为]))(\p{Han}县)(?=人民政府|人民代表大会|第[一二三四五六七八九十]+届人民代表大会|人大常委会|政协|县委|委员会)]])
local function short_counties (t)
  local n, out = {}, {}
  for a, b in SHORT_COUNTY:gfind(t) do
    local w = t:sub(a, b)
    n[w] = (n[w] or 0) + 1
    if n[w] == 2 then out[#out + 1] = w end
  end
  if t:find("县", 1, true) then
    for a, b in ORGAN_COUNTY:gfind(t) do
      local w = t:sub(a, b)
      if (n[w] or 0) < 2 and n[w] ~= -1 then n[w] = -1; out[#out + 1] = w end
    end
  end
  return out
end
local function find_in (t)
  local ctx = short_counties(t)
  if #ctx > 0 then return places.find(t, { context = ctx }) or {} end
  return places.find(t) or {}
end
local function find_places (s)
  -- (plain finds: the Lua set "[(（【]" matched a byte of every 、 and 。)
  if not s:find("(", 1, true) and not s:find("（", 1, true) and not s:find("【", 1, true)
     and not s:find("陜", 1, true) then return find_in(s) end
  local t, back = L.unglossed(s)
  for k, v in pairs(VARIANT) do t = t:gsub(k, v) end
  local out = find_in(t)
  for _, m in ipairs(out) do
    m.start, m.stop = back(m.start), back(m.stop)
  end
  return out
end

-- what joins the places of a list (a web copy may double the 、 with a comma: 甲县,、乙县)
local LIST_AND = { ["、"] = true, ["和"] = true, ["及"] = true, ["与"] = true, [",、"] = true, ["，、"] = true }
-- is s[i..j] one of them (a longer gap is not cut out of s, nor hashed as a key)
local LIST_AND_MAX = 0
for w in pairs(LIST_AND) do LIST_AND_MAX = math.max(LIST_AND_MAX, #w) end
local function list_and (s, i, j)
  return j - i < LIST_AND_MAX and LIST_AND[s:sub(i, j)] or nil
end

-- whether mention b follows a with at most a character or a pinyin gloss
-- between them (榜羅鎮(zhèn)四新村)
local function adjacent (s, a, b)
  if b.start - a.stop - 1 > 24 then return false end   -- (no copy of a long gap, nor its hash)
  local gap = s:sub(a.stop + 1, b.start - 1)
  if LIST_AND[gap] then return false end   -- a list, not a chain
  return #gap <= 4 or (#gap <= 24 and GLOSS:gsub(gap, "") == "")
end

-- the usable place mentions of the document (no datelines), cached
local function mentions (doc)
  local c = doc._fupin_rmentions
  if c then return c end
  local s = doc.text
  local all = doc._fupin_places
  if not all then all = find_places(s); doc._fupin_places = all end
  local skip = datelines(s)
  for a, b in CAPTION:gfind(s) do skip[#skip + 1] = { a, b } end
  -- (a page's breadcrumb, 当前位置: 安徽新闻网 > 今日头条: the site's sections, not the subject)
  if s:find("位置", 1, true) then
    for a, b in BREADCRUMB:gfind(s) do skip[#skip + 1] = { a, b } end
  end
  -- (a place in the title of a document applied, 贯彻实施《甲省扶贫开发条例》, 按照《乙市…
  -- 实施方案》, 关于《甲省…条例》执法检查情况的报告, is where it was issued, not the
  -- subject; a document that reports, 《甲省政府工作报告》提出…, 《…》白皮书介绍, is left)
  if s:find("《", 1, true) then
    for a, b in DOC_TITLE:gfind(s) do
      if APPLIED_BEFORE:find(s:sub(math.max(1, a - 24), a - 1)) or APPLIED_AFTER:find(s:sub(b + 1, b + 60)) then
        skip[#skip + 1] = { a, b }
      end
    end
  end
  -- (the places a count lists in brackets after it, 剩余的1个贫困县(甲县)和…, 3个村(甲村、乙村、丙村),
  -- are the items counted: the count is the place's that has them, as 等 lists examples)
  if s:find("个", 1, true) and (s:find("(", 1, true) or s:find("（", 1, true)) then
    for a, b in COUNT_NOTE:gfind(s) do skip[#skip + 1] = { a, b } end
  end
  local out = {}
  for _, m in ipairs(all) do
    local dropped = false
    for _, k in ipairs(skip) do
      if m.start >= k[1] and m.stop <= k[2] then dropped = true; break end
    end
    -- a scope of a superlative (甘肃省体量最大的村级光伏电站) is not the subject
    if not dropped and superlative_after(s, m.stop) then dropped = true end
    -- nor the place a region lies around (是京津周边贫困县最集中的地区之一, 北京周边的县区)
    if not dropped and AROUND[s:sub(m.stop + 1, m.stop + 6)] then dropped = true end
    if not dropped and m.parents and (m.code or m.level == "zone") then
      m.key = m.code or ("Z" .. m.name)
      out[#out + 1] = m
    end
  end
  -- a province's short name read as a prefecture's (海南 as 海南州, where 青海 is named too)
  -- is the province between two provinces of a list or a table (宁夏 | … ⏎ 海南 | … ⏎ 西藏 | …)
  for i, m in ipairs(out) do
    local p0, p1 = out[i - 1], out[i + 1]
    if m.level == "city" and m.name ~= m.full and p0 and p1 and p0.level == "province" and p1.level == "province" then
      for _, c in ipairs(places.lookup(m.name) or {}) do
        if c.level == "province" and c.short then
          m.full, m.level, m.code, m.parents, m.key = c.full, c.level, c.code, c.parents, c.code
          break
        end
      end
    end
  end
  -- the contiguous poor areas, as written (六盘山片区), unless
  -- they only describe where a place lies (地处大别山区腹地)
  local narea = #out
  for a, b in AREA:gfind(s) do
    if not AREA_BEFORE:find(s:sub(math.max(1, a - 9), a - 1)) and not AREA_AFTER:find(s:sub(b + 1, b + 12)) then
      local w = s:sub(a, b)
      w = AREA_NAME[w] or w
      out[#out + 1] = { start = a, stop = b, name = w, full = w, level = "area", parents = {}, key = "A" .. w }
    end
  end
  if #out > narea then table.sort(out, function (x, y) return x.start < y.start end) end
  -- counties written by their short names in a breakdown, each right before
  -- its figure (全市贫困人口9800人(甲城4200人、乙山3100人…)): two counties or
  -- more of a city the text names, kept as written; each is the place of its
  -- own figure only
  local cities, parts = {}, {}
  for _, m in ipairs(out) do if m.level == "city" and m.code then cities[m.code] = true end end
  for a, b in BREAKDOWN_SHORT:gfind(next(cities) and s or "") do
    local hit
    for _, c in ipairs(places.lookup(s:sub(a, b)) or {}) do
      if c.short and c.level == "county" and cities[c.code:sub(1, 4)] then hit = hit == nil and c or false end
    end
    if hit then
      local city = hit.code:sub(1, 4)
      parts[city] = parts[city] or { n = 0, seen = {} }
      local pc = parts[city]
      if not pc.seen[hit.code] then pc.seen[hit.code] = true; pc.n = pc.n + 1 end
      pc[#pc + 1] = { start = a, stop = b, name = s:sub(a, b), full = hit.full, level = "county", code = hit.code,
                      parents = hit.parents, as_written = true, part = true }
    end
  end
  local nbefore = #out
  for _, pc in pairs(parts) do
    if pc.n >= 2 then
      for _, m in ipairs(pc) do out[#out + 1] = m end
    end
  end
  -- counties written by their short names in a list their count sums (碌曲、玛曲、夏河、卓尼、迭部5县),
  -- all of one city the text names before them: counties as written, a list
  local city_at = {}                    -- (where the text first names each city)
  for _, m in ipairs(out) do
    if m.level == "city" and m.code and not city_at[m.code] then city_at[m.code] = m.start end
  end
  for a, b in SHORT_LIST:gfind(next(cities) and s or "") do
    local got, city = {}, nil
    local i = a
    for w in s:sub(a, b):gmatch("[^、]+") do
      local hit
      for _, c in ipairs(places.lookup(w) or {}) do
        if c.short and c.level == "county" and cities[c.code:sub(1, 4)] then hit = hit == nil and c or false end
      end
      -- (the city named before the list: a source line at the end names no subject)
      if not hit or (city and hit.code:sub(1, 4) ~= city) or city_at[hit.code:sub(1, 4)] > a then got = nil; break end
      city = hit.code:sub(1, 4)
      got[#got + 1] = { start = i, stop = i + #w - 1, name = w, full = hit.full, level = "county", code = hit.code,
                        parents = hit.parents, as_written = true, key = hit.code }
      i = i + #w + #"、"
    end
    for _, m in ipairs(got or {}) do
      local seen = false
      for _, o in ipairs(out) do if o.start <= m.stop and o.stop >= m.start then seen = true; break end end
      if not seen then out[#out + 1] = m end
    end
  end
  if #out > nbefore then table.sort(out, function (x, y) return x.start < y.start end) end
  -- a town or village written right after its county or town that the
  -- gazetteer lacks (普格县耶底乡各洛村): kept as written
  local written = {}
  -- (what a place named again adds is added once: the first such place
  -- names every later one; a scan of the text for each would grow with
  -- the square of a text that repeats it)
  local added = {}
  local function first_time (k)
    if added[k] then return false end
    added[k] = true
    return true
  end
  for i, m in ipairs(out) do
    local nxt = out[i + 1]
    if (m.level == "county" or m.level == "town") and not (nxt and adjacent(s, m, nxt)) then
      local tail, back = L.unglossed(s:sub(m.stop + 1, m.stop + 60))
      local t, v, v2 = WRITTEN:match(tail)
      if not v or v == "" then v = v2 end
      if t == false then t = nil end
      if v == false then v = nil end
      local w = (t or "") .. (v or "")
      if w ~= "" and not NOT_WRITTEN:find(w) then
        local lvl = (v and v ~= "") and "village" or "town"
        local parents = {}
        for _, p in ipairs(m.parents) do parents[#parents + 1] = p end
        parents[#parents + 1] = { name = m.full, code = m.code, level = m.level }
        local wm = { start = m.stop + 1, stop = m.stop + back(#w), name = w, full = w, level = lvl,
                     parents = parents, key = "W" .. m.key .. w, written_after = m }
        written[#written + 1] = wm
        -- the village named again alone further on (各洛村的村址…) is the same
        -- place, and so is the town (耶底乡党委书记说…)
        local function again (name, full, level, key)
          if not first_time(key .. "\0" .. name) then return end
          local i = wm.stop + 1
          while true do
            local a, b = s:find(name, i, true)
            if not a then break end
            i = b + 1
            written[#written + 1] = { start = a, stop = b, name = name, full = full, level = level, parents = parents,
                                      key = key, written_after = m, again = true }
          end
        end
        if v and v ~= "" and utf8.len(v) >= 3 then again(v, w, lvl, wm.key) end
        if t and utf8.len(t) >= 3 then again(t, t, "town", "W" .. m.key .. t) end
        -- and the county written again with the town's stem, as local news
        -- heads its stories (霞浦崇儒：… for 霞浦县崇儒乡): that town
        local st = t and utf8.len(t) >= 3 and first_time("S" .. m.key .. "\0" .. t) and t:sub(1, -4)
        for _, c in ipairs(st and out or {}) do
          local e = c.stop + #st
          if c.key == m.key and s:sub(c.stop + 1, e) == st and not TOWN_END[s:sub(e + 1, e + 3)] then
            written[#written + 1] = { start = c.stop + 1, stop = e, name = t, full = t, level = "town", parents = parents,
                                      key = "W" .. m.key .. t, written_after = c, again = true }
          end
        end
      end
    end
  end
  -- a district written right after its city that the gazetteer lacks, an
  -- area the city runs (甲市仙鹤湖区…;该区…): a county, kept as written; named
  -- again alone further on, the same place
  for i, m in ipairs(out) do
    local nxt = out[i + 1]
    if m.level == "city" and not (nxt and adjacent(s, m, nxt)) then
      local tail, back = L.unglossed(s:sub(m.stop + 1, m.stop + 40))
      local d = DISTRICT:match(tail)
      if d and not NOT_DISTRICT:find(d) then
        local parents = {}
        for _, p in ipairs(m.parents) do parents[#parents + 1] = p end
        parents[#parents + 1] = { name = m.full, code = m.code, level = m.level }
        local key = "W" .. m.key .. d
        written[#written + 1] = { start = m.stop + 1, stop = m.stop + back(#d), name = d, full = d, level = "county",
                                  parents = parents, key = key }
        -- (the mentions after the first are found by the first one's scan:
        -- first_time, as for the towns above)
        local j = first_time("D" .. key) and m.stop + back(#d) + 1
        while j do
          local a, b = s:find(d, j, true)
          if not a then break end
          j = b + 1
          written[#written + 1] = { start = a, stop = b, name = d, full = d, level = "county", parents = parents,
                                    key = key, again = true }
        end
      end
    end
  end
  -- (a place mentioned again must not overlap a place the gazetteer found:
  -- out is in text order, so one does when the furthest end among those
  -- starting up to its end reaches its start; a binary search)
  local reach, kept = {}, {}
  for i, o in ipairs(out) do reach[i] = math.max(reach[i - 1] or 0, o.stop) end
  for _, w in ipairs(written) do
    local lo, hi = 1, #out
    if w.again then
      while lo <= hi do
        local mid = (lo + hi) // 2
        if out[mid].start <= w.stop then lo = mid + 1 else hi = mid - 1 end
      end
    end
    if not (w.again and lo > 1 and reach[lo - 1] >= w.start) then kept[#kept + 1] = w end
  end
  written = kept
  if #written > 0 then
    for _, w in ipairs(written) do out[#out + 1] = w end
    table.sort(out, function (x, y) return x.start < y.start end)
  end
  -- a village whose town is written right before it, unrecognised alone
  -- (茅坪乡神山村): the town is part of its label
  for _, m in ipairs(out) do
    if m.level == "village" and m.parents then
      local town = m.parents[#m.parents]
      -- (the gazetteer's 茅坪镇 may be the text's 茅坪乡: the stem decides)
      if town and town.level == "town" and m.start > #town.name then
        local w = s:sub(m.start - #town.name, m.start - 1)
        local last = w:sub(-3)
        if w:sub(1, -4) == town.name:sub(1, -4) and (last == "乡" or last == "镇") then
          m.town_written = w
        end
      end
    end
  end
  -- chains written together (凉山州普格县耶底乡各洛村): each mention knows
  -- the one right before it
  for i = 2, #out do
    if adjacent(s, out[i - 1], out[i]) then out[i].prev = out[i - 1] end
  end
  -- a village named again alone keeps the town written with it before
  -- (云龙县长新乡佳局村村民… 佳局村有500多农户: 云龙县长新乡佳局村)
  local town_of = {}
  for _, m in ipairs(out) do
    if m.level == "village" and m.code then
      local t = (m.prev and m.prev.level == "town" and m.prev.full) or m.town_written
      if t then town_of[m.code] = town_of[m.code] or t
      elseif town_of[m.code] then m.town_written = town_of[m.code] end
    end
  end
  -- a county the text writes only as written (土左旗, never 土默特左旗) is so
  -- written in the path of its towns and villages (土左旗察素齐镇西柜村)
  local county_as = {}
  for _, m in ipairs(out) do
    if m.level == "county" and m.code then
      local w = county_as[m.code]
      county_as[m.code] = m.as_written and (w == nil or w == m.name) and m.name or false
    end
  end
  for _, m in ipairs(out) do
    if (m.level == "town" or m.level == "village") and m.parents then
      for _, p in ipairs(m.parents) do
        if p.level == "county" and county_as[p.code] then m.county_as = county_as[p.code] end
      end
    end
  end
  -- a city the text never writes in full (甲州扶贫车间…, never 甲州市) is
  -- written as the text writes it, as a county is (河北赤城); once the text
  -- writes 甲州市, every mention of it is 甲州市
  -- (甲州市直各单位, 中直、省直及甲州市直: 市直, the city's own organs, is one word after
  -- the short name; the full name is not written there)
  local city_as = {}
  for _, m in ipairs(out) do
    if m.level == "city" and m.code and m.full and m.name == m.full and m.full:find("市$")
       and CITY_ORGANS:find(s:sub(m.stop + 1, m.stop + 12)) then
      m.name = m.full:sub(1, -4)
    end
    if m.level == "city" and m.code and m.full and m.full:find("市$") then
      local w = city_as[m.code]
      city_as[m.code] = m.name ~= m.full and (w == nil or w == m.name) and m.name or false
    end
  end
  for _, m in ipairs(out) do
    if m.level == "city" and city_as[m.code] then m.as_written = true end
  end
  local refs = {}
  local placed = {}                      -- (a place right before a reference word: 在黑龙江全省率先)
  for _, m in ipairs(out) do placed[m.stop] = m end
  for a, b in REFWORD:gfind(s) do
    local f = placed[a - 1] and placed[a - 1].start or a
    local scope = (f > 3 and SCOPE_BEFORE[s:sub(f - 3, f - 1)]) or national_scope(s, a, b)
                  or (f > 9 and SCOPE_TIME:find(s:sub(math.max(1, f - 12), f - 1)))
    local count = COUNT_NEXT:find(s:sub(b + 1, b + 12)) and b + 1
    if (not scope or count) and not superlative_after(s, b) then
      refs[#refs + 1] = { start = a, stop = b, word = s:sub(a, b), only = scope and count or nil }
    end
  end
  local nref = #refs
  for a, b in CHINA_COUNT:gfind(s) do refs[#refs + 1] = { start = a, stop = b, word = "全国", only = b + 1 } end
  for a, b in NATION_COUNT:gfind(s) do refs[#refs + 1] = { start = a, stop = b, word = "全国" } end
  -- (hundreds of poor counties counted before the noun, 有832个贫困县: the nation's, for that
  -- count only; a reference placed on the byte before it)
  for a in NATION_COUNTIES:gfind(s) do
    if a > 1 then refs[#refs + 1] = { start = a - 1, stop = a - 1, word = "全国", only = a } end
  end
  -- (两省 of a cooperation pair, 苏陕两省共建园区40个: the writer's own
  -- province where own_province finds it, else no place)
  local i = s:find("我省", 1, true) and 1
  while i do
    local a, b = s:find("两省", i, true)
    if not a then break end
    refs[#refs + 1] = { start = a, stop = b, word = "两省", pair = true }
    i = b + 1
  end
  for a, b in PROVINCE_COUNT:gfind(s) do refs[#refs + 1] = { start = a, stop = b, word = "全国" } end
  -- (and the nation's macro-regions, 东中部地区人均7000元, 西部地区…: the nation's, unless
  -- a place or a unit's word stands right before, 吉林东部地区, 我省西部地区)
  for a, b in MACRO_REGION:gfind(s) do
    if not placed[a - 1] and not UNIT_END[s:sub(math.max(1, a - 3), a - 1)] then
      refs[#refs + 1] = { start = a, stop = b, word = "全国" }
    end
  end
  if #refs > nref then table.sort(refs, function (x, y) return x.start < y.start end) end
  c = { places = out, refs = refs, city_as = city_as }
  doc._fupin_rmentions = c
  return c
end

-- Label of a mention as the gold writes it: a town or village from its
-- county down (渠县渠南乡大山村; a town only when the text writes it), a
-- zone as written, else the full name.
local label
function label (m)
  if m.level == "zone" or m.level == "area" then return m.name end
  if m.written_after then
    local base = m.written_after
    if base.level == "county" then return base.full .. m.full end
    return label(base) .. m.full
  end
  if m.again then return m.full end
  if m.as_written then return m.name end        -- 河北赤城: the text never writes 赤城县
  if m.level ~= "town" and m.level ~= "village" then return m.full end
  local county
  for _, p in ipairs(m.parents) do if p.level == "county" then county = m.county_as or p.name end end
  local town = ""
  if m.level == "village" and m.prev and m.prev.level == "town" then town = m.prev.full
  elseif m.town_written then town = m.town_written end
  return (county or "") .. town .. m.full
end

local function chain_codes (m)
  local out = {}
  for _, p in ipairs(m.parents) do out[#out + 1] = p end
  out[#out + 1] = m
  return out
end

-- the place of the level a reference word names, in the chain of m
local WANT_LEVEL = { ["省"] = "province", ["县"] = "county", ["旗"] = "county",
                     ["镇"] = "town", ["乡"] = "town", ["村"] = "village" }
local function at_level (m, w)
  local c = level_test(w)
  local want = WANT_LEVEL[c]
  local ps = m.parents                 -- (m's chain, read from m up: no table made per call)
  local n = #ps
  for i = n + 1, 1, -1 do
    local p = i > n and m or ps[i]
    local name = p.full or p.name       -- (a mention's name may be as written: 海伦 in 海伦市委)
    if want then
      if p.level == want then return p end
    elseif c == "市" then
      if (p.level == "city" or p.level == "county" or p.level == "province") and name:find("市$") then return p end
    elseif c == "州" or c == "盟" then
      if p.level == "city" and name:find(c .. "$") then return p end
    elseif c == "Z" then
      if p.level == "zone" then return p end
    elseif c == "区" then
      -- (全区 in 和田地区 is the autonomous region's; a prefecture says 全地区;
      -- and after 乌蒙山片区, a place of the area's: the area is no unit)
      if name:find("区$") and not name:find("地区$") and p.level ~= "area" then return p end
    end
  end
  return nil
end

local function result_of_place (p, doc)
  if p.full then return label(p), gbcode(p.code) end
  -- (an ancestor city the text writes only by its short name: as written, 六安)
  local w = doc and p.level == "city" and mentions(doc).city_as[p.code]
  return w or p.name, gbcode(p.code)            -- an ancestor {name, code, level}
end

-- Is the mention m the start of an organisation's name (北京首农集团,
-- 山东省扶贫基金会)?
local ORG = re.compile([[^\p{Han}{0,8}?(?:集团|公司|银行|大学|学院|学校|医院|基金会|协会|商会|研究院|办事处|人民政府)|^(?:省|市)?(?:援助|支援|援建|捐赠|捐助)]])
local function organisation (s, m)
  local o = m._org                       -- (asked for every figure near m: kept on m)
  if o == nil then
    o = ORG:find(s:sub(m.stop + 1, m.stop + 30)) ~= nil
    m._org = o
  end
  return o
end
-- (a government that approves, in its own clause, is its place: 甲省人民政府
-- 批准乙县等31个县退出 -> 甲省; in the sentences after, 经甲省人民政府批准
-- 退出。…129个 is still not their subject)
local APPROVES = re.compile([[^(?:人民)?政府(?:正式|已)?(?:批准|同意)]])

-- Is the mention m (in a text starting at lo) a place whose requirements a
-- clause follows (根据甘肃省、庆阳市要求,…): the one who asks is not the subject.
local DIRECTIVE_BEFORE = re.compile([[(?:根据|按照|遵照|依据)[^，,。；;]{0,30}$]])
local DIRECTIVE_AFTER = re.compile([[^[^，,。；;]{0,24}?(?:要求|部署|安排|精神|意见)]])
local function directive (s, m, lo)
  return DIRECTIVE_BEFORE:find(s:sub(math.max(lo, m.start - 45), m.start - 1)) ~= nil
         and DIRECTIVE_AFTER:find(s:sub(m.stop + 1, m.stop + 72)) ~= nil
end

-- The dominant place of the text between ps and pe (headings, a list of
-- {start, stop}, count three times): the deepest place that at least 60%
-- of the place mentions lie in; {"全国"} when national words (two at
-- least) outnumber places.  -> {label, code, place = mention | ancestor} or nil
function R.dominant (doc, ps, pe, heads)
  local M = mentions(doc)
  local weight, info, total = {}, {}, 0
  local function in_head (m)
    for _, h in ipairs(heads or {}) do
      if m.start >= h[1] and m.stop <= h[2] then return true end
    end
    return false
  end
  for i, m in ipairs(M.places) do
    local nxt = M.places[i + 1]
    local last_of_chain = not (nxt and nxt.prev == m)
    if m.start >= ps and m.stop <= pe and last_of_chain and not organisation(doc.text, m) then
      local w = in_head(m) and 3 or 1
      total = total + w
      for _, p in ipairs(chain_codes(m)) do
        local k = p.key or p.code
        weight[k] = (weight[k] or 0) + w
        if p == m or not info[k] then info[k] = p end
      end
    end
  end
  local nat = 0
  for a, b in NATIONAL:gfind(doc.text:sub(ps, pe)) do
    if not national_scope(doc.text, ps + a - 1, ps + b - 1) then nat = nat + 1 end
  end
  if nat >= 2 and nat >= total then return { "全国", NATION_CODE } end
  local best
  for code, w in pairs(weight) do
    if w >= 0.6 * total then
      if not best or #code > #best or (#code == #best and w > weight[best]) then best = code end
    end
  end
  if not best then return nil end
  local p = info[best]
  local lab, code = result_of_place(p, doc)
  return { lab, code, place = p }
end

-- the provinces (first two digits of the code): one-character names (the full
-- name is the gazetteer's: places.by_code)
local PROVINCE = {
  ["11"] = "京", ["12"] = "津", ["13"] = "冀", ["14"] = "晋", ["15"] = "蒙", ["21"] = "辽", ["22"] = "吉",
  ["23"] = "黑", ["31"] = "沪", ["32"] = "苏", ["33"] = "浙", ["34"] = "皖", ["35"] = "闽", ["36"] = "赣",
  ["37"] = "鲁", ["41"] = "豫", ["42"] = "鄂", ["43"] = "湘", ["44"] = "粤", ["45"] = "桂", ["46"] = "琼",
  ["50"] = "渝", ["51"] = "川蜀", ["52"] = "黔贵", ["53"] = "滇云", ["54"] = "藏", ["61"] = "陕秦陜",
  ["62"] = "甘陇", ["63"] = "青", ["64"] = "宁", ["65"] = "新",
}
local ABBR_OF = {}                       -- one-character name -> code prefix
for k, v in pairs(PROVINCE) do
  for _, c in utf8.codes(v) do ABBR_OF[utf8.char(c)] = k end
end

-- East-west cooperation written from the helped side: the pair is written
-- by its one-character names (苏陕两省, 苏陕协作, 闽宁对口), the helper in
-- full, and the writer's own province only as 我省, set against the helper
-- in a sentence (江苏省共向我省投入…, 江苏省…来我省挂职, 我省…向江苏省送电).
-- 我省 is then the pair's other province, and so is the page's main place
-- where the places it names lie in the helper's province.
-- -> { label, code, place } or false
local PAIR = re.compile([[(\p{Han})(\p{Han})(?=两省|两地|扶贫协作|协作|合作|对口)]])
local SET_AGAINST = { ["向"] = true, ["来"] = true, ["到"] = true, ["赴"] = true, ["和"] = true, ["与"] = true,
                      ["同"] = true, ["对"] = true, ["在"] = true }
local function own_province (doc)
  local o = doc._fupin_own
  if o ~= nil then return o end
  o = false
  local s = doc.text
  local pairs_ = {}
  if s:find("我省", 1, true) then
    for a, b in PAIR:gfind(s) do
      local x, y = ABBR_OF[s:sub(a, a + 2)], ABBR_OF[s:sub(a + 3, b)]
      if x and y and x ~= y then pairs_[x] = y; pairs_[y] = x end
    end
  end
  if next(pairs_) then
    for _, m in ipairs(mentions(doc).places) do
      local pm = m.code and m.code:sub(1, 2)
      local other = pm and pairs_[pm]
      local _, sp = L.sentence_at(doc, m.start)
      if other and sp then
        local sent = s:sub(sp[1], sp[2])
        local i, against = 1, false
        while not against do
          local w = sent:find("我省", i, true)
          if not w then break end
          i = w + 1
          local at = sp[1] + w - 1
          if at > m.stop and SET_AGAINST[s:sub(at - 3, at - 1)] then against = true end
          if at < m.start and SET_AGAINST[s:sub(m.start - 3, m.start - 1)] then against = true end
        end
        if against then
          local code = other .. "0000"
          local full = places.by_code(other).full
          o = { full, code, place = { name = full, full = full, code = code, level = "province", parents = {} } }
          break
        end
      end
    end
  end
  doc._fupin_own = o
  return o
end

-- Does the text say where the place of code is?  Not when it is only
-- inferred from the places it holds (滨州、德州… listed, never 山东; 我市 of
-- a page naming the city's counties, never the city): the spec's empty
-- region, and 全省/我市 there stay empty.  Said: a place the text writes,
-- datelines included, in full or short form; a province written by its
-- one-character name before 省 (云省人民政府); and the units above a main
-- place the text writes (全省 of a page on 甲县: 甲县's province; named()).
local function written (doc, code)
  local w = doc._fupin_written
  if not w then
    w = {}
    for _, m in ipairs(doc._fupin_places or {}) do if m.code then w[gbcode(m.code)] = true end end
    for _, m in ipairs(mentions(doc).places) do if m.code then w[gbcode(m.code)] = true end end
    doc._fupin_written = w
  end
  if w[code] == nil and #code == 6 and code:sub(3) == "0000" then
    local yes = false
    local own = own_province(doc)
    if own and own[2] == code then yes = true end
    for _, c in utf8.codes(PROVINCE[code:sub(1, 2)] or "") do
      if doc.text:find(utf8.char(c) .. "省", 1, true) then yes = true end
    end
    w[code] = yes
  end
  return w[code] == true
end
-- The main place of the article holding pos (article.lua decides it):
-- {label, code, place} or nil; nil too when the text does not write it
-- (the province of the cities a page lists: written(), above).
local function main_place (doc, pos)
  local art = L.article_at(doc, pos)
  local own = own_province(doc)
  if own and not (art and art.region_code and art.region_code:sub(1, 2) == own[2]:sub(1, 2)) then return own end
  if not art or not art.region then return nil end
  if art.region_code and art.region_code ~= NATION_CODE and not written(doc, art.region_code) then return nil end
  local info = doc._fupin_artinfo and doc._fupin_artinfo[art.a_start]
  -- (a county the text never writes in full is its name as written: 山西岢岚)
  if info and info.as_written and art.region == info.full then return { info.name, art.region_code, place = info } end
  return { art.region, art.region_code, place = info }
end

-- (the index of the first of list, in text order, that starts at or after a;
-- each figure asks several times: a list keeps an index of where each run
-- of FROM_BYTES bytes starts in it, and the few places of a run are walked)
local FROM_BYTES = 256
local FROM_INDEX = setmetatable({}, { __mode = "k" })
local function first_from (list, a)
  local n = #list
  local ix = FROM_INDEX[list]
  if not ix or ix.n ~= n then
    ix = { n = n }
    local i = 1
    for k = 0, n > 0 and list[n].start // FROM_BYTES or -1 do
      local lo = k * FROM_BYTES
      while i <= n and list[i].start < lo do i = i + 1 end
      ix[k] = i
    end
    FROM_INDEX[list] = ix
  end
  local i = ix[a // FROM_BYTES]
  if not i then return a < 0 and 1 or n + 1 end      -- (past the last start: none at or after a)
  while i <= n and list[i].start < a do i = i + 1 end
  return i
end

-- Is the mention m the object of a help word (甲市对口乙县, 帮扶宁夏)?  It
-- governs its own clause (福建还帮助宁夏新建学校214所), not the sentences
-- after a list of such pairs (…,淄博市对口石柱县。目前,两地结对20个), and
-- is not what 该市 after it means (甲市对口帮扶乙市,该市11个镇… -> 甲市).
local HELP_WORD = re.compile([[(?:帮扶|援助|支援|帮助|支持|拨付|援建|对口)$]])
local function help_object (s, m)
  while m.prev do m = m.prev end               -- (对口重庆石柱县: the chain's head)
  local h = m._help                            -- (asked for every place before a reference word: kept on m)
  if h == nil then
    local before = s:sub(math.max(1, m.start - 30), m.start - 1)
    if before:find("[)）]") then before = L.unglossed(before) end   -- 對(duì)口
    h = HELP_WORD:find(before) ~= nil
    m._help = h
  end
  return h
end

-- (a unit above a place named near a reference word is what it means only
-- when the text says where that is: named)
local function named (doc, code, pos)
  if code == nil or code == NATION_CODE or written(doc, code) then return true end
  local main = main_place(doc, pos)
  local mp = main and main.place
  for _, p in ipairs(mp and mp.code and (mp.parents or places.parent_chain(mp.code)) or {}) do
    if gbcode(p.code) == code then return true end
  end
  return false
end


-- The place a reference word at r stands for: the nearest place before it
-- that has a unit of that level, else the main place's; false when that is
-- a place the text does not name (全市 of a page that names only the
-- city's counties): the figure's region is empty, no place further off.
local function resolve_ref (doc, r, pos)
  if r.word == "全国" or r.word == "我国" then return "全国", NATION_CODE end
  local own = own_province(doc)
  if own and (r.word == "我省" or r.pair) then return own[1], own[2] end
  local M = mentions(doc)
  local unnamed = false
  local function from_nearest ()
    for i = first_from(M.places, r.start) - 1, 1, -1 do
      local m = M.places[i]
      -- (not one of a list of places of one level: 甲县、乙市于2019年退出。…全市)
      local p0, p1 = M.places[i - 1], M.places[i + 1]
      local listed = (p0 and p0.level == m.level and list_and(doc.text, p0.stop + 1, m.start - 1))
                     or (p1 and p1.level == m.level and list_and(doc.text, m.stop + 1, p1.start - 1))
      if m.stop < r.start and not help_object(doc.text, m) and not listed then
        local p = at_level(m, r.word)
        if p and named(doc, gbcode(p.code), pos) then return result_of_place(p, doc) end
        if p then unnamed = true; return nil end
      end
    end
  end
  local main = main_place(doc, pos)
  local art = L.article_at(doc, pos)
  if not main and art and art.region then unnamed = true end
  local function from_main ()
    local mp = main and main.place
    -- (a place the passage's mentions vote for may be an ancestor, with
    -- no chain of its own: 大理州 of a page listing its counties; 全省 is
    -- still its province)
    if mp and not mp.parents and mp.code then
      mp = { name = mp.name, code = mp.code, level = mp.level, parents = places.parent_chain(mp.code) }
    end
    if mp and mp.parents then
      local p = at_level(mp, r.word)
      if p then return result_of_place(p, doc) end
    end
  end
  local lab, code
  -- a place of that level named earlier in the same sentence is the one meant
  -- (西藏自治区今年…,全区74个县全部摘帽 in an article about 和田地区)
  local _, sp = L.sentence_at(doc, r.start)
  if sp then
    for i = first_from(M.places, r.start) - 1, 1, -1 do
      local m = M.places[i]
      if m.start < sp[1] then break end
      if m.stop < r.start and not help_object(doc.text, m) then
        local p = at_level(m, r.word)
        if p and p.code == m.code then lab, code = result_of_place(p, doc); break end
      end
    end
  end
  if lab then return lab, code end
  if r.word:find("^该") then
    lab, code = from_nearest()
    if not lab then lab, code = from_main() end
  else
    lab, code = from_main()
    if not lab then lab, code = from_nearest() end
  end
  if lab then return lab, code end
  if unnamed then return false end
  if main then return main[1], main[2] end
  return nil
end

-- Is the mention m excepted (除凉山州外,…2个州): what is left out is not the subject.
local EXCEPT_AFTER = re.compile([[^(?:以外|之外|外)]])
local function excepted (s, m)
  local before = s:sub(math.max(1, m.start - 6), m.start - 1)
  return (before:sub(-3) == "除" or before == "除了") and EXCEPT_AFTER:find(s:sub(m.stop + 1, m.stop + 6)) ~= nil
end

local CLAUSE_END = re.compile("[，,；;。]")
-- Does a count of places of m's own level follow m (…福贡县、兰坪县9个贫困县):
-- then m ends the list the count sums, and governs nothing.
local LIST_COUNT = re.compile([[^[0-9一二两三四五六七八九十]+个(?:国家级|省级|国家扶贫开发工作|省定|国定|市定)?(?:深度)?(?:贫困|重点)?(县|市|区|旗|州)]])
local COUNT_LEVEL = { ["县"] = "county", ["旗"] = "county", ["区"] = "county", ["市"] = "county", ["州"] = "city" }
local function sums_list (after, level)
  local _, _, noun = LIST_COUNT:find(after)
  return noun ~= nil and (COUNT_LEVEL[noun] == level or (noun == "市" and level == "city"))
end

-- Is the mention m one of a list of examples (…、梅州蕉岭等16个县)?
-- after: the text after it in its own clause, up to limit
local function listed (s, m, after)
  -- (a pinyin gloss may stand between: 青川縣(xiàn)、)
  if after:find("^[(（]") then after = L.unglossed(after) end
  return after:find("^、") ~= nil or after:find("等", 1, true) ~= nil
         or sums_list((L.unglossed(s:sub(m.stop + 1, m.stop + 60))), m.level)
end
local function example (s, m, limit)
  -- (where m's clause ends is kept on m: every figure after m asks, with
  -- its own limit; when the clause ends before the limit, so does the answer)
  local ce = m._ce
  if s:sub(m.stop + 1, m.stop + 4) == ",、" or s:sub(m.stop + 1, m.stop + 6) == "，、" then return true end
  if ce == nil then
    ce = CLAUSE_END:find(s, m.stop + 1) or false
    m._ce = ce
  end
  if ce and ce < limit then
    local ex = m._ex
    if ex == nil then
      ex = listed(s, m, s:sub(m.stop + 1, ce - 1))
      m._ex = ex
    end
    return ex
  end
  return listed(s, m, s:sub(m.stop + 1, limit - 1))
end

-- the nearest place or reference word in [a, b) (with first: the first):
-- label, code.  With parallel, places of the same level in different
-- clauses (在许营镇…,韩集镇…) are a list and give nothing.
-- Is the mention m one of a breakdown after 其中 in its sentence (…1623户,其中
-- 甲镇1539户,乙乡84户。)?  It does not govern the sentences after it.
local function in_breakdown (doc, m)
  local b = m._bd                        -- (asked by every later figure: kept on m)
  if b == nil then
    local _, msp = L.sentence_at(doc, m.start)
    b = msp ~= nil and doc.text:sub(msp[1], m.start - 1):find("其中", 1, true) ~= nil
    m._bd = b
  end
  return b
end

-- Is the mention m one member of a whole a clause before it in [a, m) divides (全州8县市中,
-- 甲市于2017年率先摘帽,2018年…5县申请摘帽,5县…均降至2%以下)?  It governs its own clause only.
local MEMBERS = re.compile([=[(?:[0-9一二两三四五六七八九十]+个?|各)(?:县市区|县市|县区|市县|县|区|乡镇|镇|乡|村)中[，,]]=])
local function member_of (s, a, m)
  local i = s:find("中", a, true)          -- (a plain find first: asked for every place searched)
  if not i or i >= m.start then return false end
  return MEMBERS:find(s:sub(a, m.start - 1)) ~= nil
end

-- Is the mention m the part of a share after 其中 (…300亿元,其中甲地占85%,同年退出…)?
-- It governs its own clause only.
local SHARE_PART = re.compile([[其中[^，,；;。]{0,6}$]])
local function share_part (s, m)
  return s:sub(m.stop + 1, m.stop + 3) == "占" and SHARE_PART:find(s:sub(math.max(1, m.start - 24), m.start - 1)) ~= nil
end

-- Is the mention m where people from elsewhere go to work (转移贫困劳动力
-- 到苏州就业2100人, 在东莞务工), or where migrants a place receives come
-- from (接收宁夏南部山区移民1.2万人)?  The figure is about the other end.
local WORK_AFTER = re.compile([[^\p{Han}{0,3}?(?:务工|就业|打工)]])
local MIGRANTS_AFTER = re.compile([[^\p{Han}{0,10}?移民]])
local VENUE_AFTER = re.compile([[^\p{Han}{0,2}?(?:举行|召开|举办|开幕)]])
local function workplace (s, m)
  local before = s:sub(math.max(1, m.start - 6), m.start - 1)
  local b3 = before:sub(-3)
  -- (and where a meeting is held: 推进会在南宁举行 is about no figure of Nanning)
  if b3 == "在" and VENUE_AFTER:find(s:sub(m.stop + 1, m.stop + 12)) then return true end
  if (before == "接收" or before == "接纳") and MIGRANTS_AFTER:find(s:sub(m.stop + 1, m.stop + 40)) then return true end
  return (b3 == "到" or b3 == "赴" or b3 == "往" or b3 == "在" or before == "前往") and WORK_AFTER:find(s:sub(m.stop + 1, m.stop + 15)) ~= nil
end

-- (a cooperative named after a place that holds the article's place,
-- 甲县某某专业合作社 in an article on 甲县乙乡, is of that deeper place; its
-- name in quotes too, 甲县“某某专业合作社”)
local COOP = re.compile([[^[“"「]?\p{Han}{0,10}?合作社]])
local function outer_coop (doc, s, m, pos)
  local c = m._coop                      -- (asked for every figure near m: kept on m)
  if c == nil then
    c = COOP:find((L.unglossed(s:sub(m.stop + 1, m.stop + 90)))) ~= nil
    m._coop = c
  end
  if not c then return false end
  local main = main_place(doc, pos)
  local p = main and main.place
  if not (p and p.parents and m.code) then return false end
  for _, a in ipairs(p.parents) do if a.code == m.code then return true end end
  return p.written_after ~= nil and p.written_after.code == m.code
end

-- (with outside, a place or reference word after 是 is the scope of the
-- sentence's subject, 甲村是全县有名的贫困村, 是广西深贫地区的典型: not the
-- subject of the clauses after it; in its own clause it is the count's,
-- 是我省10个深度贫困县之一; and a place after 把 is an object, 新疆集中力量
-- 把南疆四地州作为攻坚重点,当年…40万人 -> 新疆; so is a place after 向, where
-- help goes, 甲市…资金主要投向乙县。此外还争取到…2600万元 -> 甲市)
local OBJECT_BEFORE = { ["是"] = true, ["把"] = true, ["向"] = true }
-- (and a place joined by 和 to a figure of the whole, with a figure of its
-- own, 全国…12000个贫困村和西藏60个贫困乡镇: a part named beside it, for
-- its own figure only)
local JOINED = { ["和"] = true, ["及"] = true }
local function nearest (doc, a, b, first, parallel, outside, later)
  local M = mentions(doc)
  local s = doc.text
  local bestm, bestr, bi
  local listed                    -- the level of a list of places (甲县、乙县和丙县)
  local listed_parents            -- the ancestors of its first place
  local levels, nlev = {}, 0
  -- (M.places is in text order: only those starting in a..b-1 can lie in it)
  local ps = M.places
  for i = first_from(ps, a), #ps do
    local m = ps[i]
    if m.start >= b then break end
    -- (a chain written together is an example when its last place is: 怒江州福贡县、)
    local last, j = m, i
    while ps[j + 1] and ps[j + 1].prev == last and ps[j + 1].stop < b do
      j = j + 1; last = ps[j]
    end
    -- (the 等 of a place named later in the clause is that place's: 甲省人民
    -- 政府批准乙县等31个县 -> 乙县 the example, 甲省 not; unless a list runs
    -- on between them, 甲市某村杨梅节、乙市某村黄桃节等10余场)
    local upto, nx = b, ps[j + 1]
    local gap = nx and nx.start < b and s:sub(last.stop + 1, nx.start - 1)
    if gap and not (#gap <= LIST_AND_MAX and LIST_AND[gap]) and not gap:find("等", 1, true) and not gap:find("、", 1, true) then upto = nx.start end
    -- (the last of a list of places of one level, 甲县、乙县和丙县共有…, is no
    -- more the subject than the others: the list as a whole is)
    local p0 = ps[i - 1]
    local closes = p0 and p0.level == m.level and p0.key ~= m.key and list_and(s, p0.stop + 1, m.start - 1)
    -- (and so is a chain of a list of chains, their heads of one level, joined by 、: 新疆和田、
    -- 西藏拉萨的53个县; 北京与内蒙古兴安盟签下… is a pair, not a list)
    if not closes and p0 then
      local hi = i
      while hi > 1 and ps[hi].prev == ps[hi - 1] do hi = hi - 1 end
      local e0 = ps[hi - 1]
      if e0 and (hi < i or e0.prev) then
        local ei = hi - 1
        while ei > 1 and ps[ei].prev == ps[ei - 1] do ei = ei - 1 end
        local h, g = ps[hi], ps[ei]
        local gap = h.start - e0.stop <= 7 and s:sub(e0.stop + 1, h.start - 1)
        closes = g.level == h.level and g.key ~= h.key and (gap == "、" or gap == ",、" or gap == "，、")
      end
    end
    if closes and m.start >= a and m.stop < b then listed = m.level end
    if m.start >= a and m.stop < b and not closes and not (m.part and b ~= m.stop + 1) and not example(s, last, upto)
       and not (organisation(s, m) and (outside or not APPROVES:find(s:sub(m.stop + 1, m.stop + 24))))
       and not outer_coop(doc, s, m, b)
       and not directive(s, m, a) and not excepted(s, m) and not (outside and help_object(s, m))
       and not (later and in_breakdown(doc, m)) and not (outside and share_part(s, m)) and not workplace(s, m)
       and not (outside and member_of(s, a, m))
       and not (outside and OBJECT_BEFORE[s:sub(math.max(1, m.start - 3), m.start - 1)])
       and not (outside and JOINED[s:sub(math.max(1, m.start - 3), m.start - 1)] and s:find("^[0-9]", m.stop + 1)
                and not (p0 and p0.stop == m.start - 4))
       and not (s:sub(m.stop + 1, m.stop + 3) == "全" and SCOPE_BEFORE[s:sub(math.max(1, m.start - 3), m.start - 1)])
       and s:sub(math.max(1, m.start - 6), m.start - 1) ~= "以及" then   -- (…3个国定贫困县以及涿鹿县某区: a list)
      if first then
        if not bestm then bestm, bi = m, i end
      else bestm = m end
      local nxt = M.places[i + 1]
      if not (nxt and nxt.prev == m) then
        if levels[m.level] and levels[m.level] ~= m.key then nlev = nlev + 1 end
        levels[m.level] = m.key
      end
    end
  end
  if parallel and nlev > 0 then bestm = nil end
  -- a chain written together is its last place (惠民县李庄镇)
  while first and bestm and M.places[bi + 1] and M.places[bi + 1].prev == bestm
        and M.places[bi + 1].stop < b do
    bi = bi + 1; bestm = M.places[bi]
  end
  -- (M.refs is in text order too; a reference word to a place the text
  -- does not name gives false: no place)
  local rs = M.refs
  for i = first_from(rs, a), #rs do
    local r = rs[i]
    if r.start >= b then break end
    if r.stop < b and not (r.only and r.only ~= b) and not (outside and s:sub(math.max(1, r.start - 3), r.start - 1) == "是")
       and not (r.pair and not own_province(doc)) then
      if first then bestr = bestr or r else bestr = r end
    end
  end
  if bestr and (not bestm or (first and bestr.start < bestm.start) or (not first and bestr.start > bestm.stop)) then
    -- (every figure after a reference word asks for it: its answer is kept
    -- on it, for the article b lies in, which is all b decides there)
    local art = L.article_at(doc, b) or false
    local c = bestr._res
    if not (c and c.art == art and c.region == (art and art.region) and c.code == (art and art.region_code)) then
      c = { art = art, region = art and art.region, code = art and art.region_code }
      c[1], c[2] = resolve_ref(doc, bestr, b)
      bestr._res = c
    end
    return c[1], c[2]
  end
  -- nothing else: a list of places is the place they all lie in, the
  -- deepest (安康市石泉县、汉阴县和宁陕县共有… -> 安康市)
  -- (not a list of examples of a larger set, 甲区、乙县等24个县: where the
  -- others lie is not said); an area written right before the list is
  -- theirs (武陵山片区酉阳县、秀山县、彭水县…)
  if not bestm and listed then
    local common, first_m
    for i = first_from(ps, a), #ps do
      local m = ps[i]
      if m.start >= b then break end
      if m.level == listed and m.start >= a and s:sub(m.stop + 1, m.stop + 3) == "等" then common = nil; break end
      if m.level == listed and m.start >= a then
        first_m = first_m or m
        local pa = m.parents or {}
        if not common then common = #pa
        else
          local k = 0
          while k < common and pa[k + 1] and pa[k + 1].code == listed_parents[k + 1].code do k = k + 1 end
          common = k
        end
        listed_parents = listed_parents or pa
      end
    end
    if common and first_m.prev and first_m.prev.level == "area" then return result_of_place(first_m.prev, doc) end
    if common and common > 0 then return result_of_place(listed_parents[common], doc) end
  end
  if bestm then
    -- a town of the zone the article is about, written without its county
    -- (潮水镇 in an article on 烟台开发区): 烟台开发区潮水镇
    if bestm.level == "town" and not (bestm.prev and bestm.prev.level == "county") then
      local main = main_place(doc, b)
      local z = main and main.place
      if z and z.level == "zone" and z.parents and z.parents[2] and bestm.parents[2]
         and z.parents[2].code == bestm.parents[2].code then
        return main[1] .. bestm.full, gbcode(bestm.code)
      end
    end
    return result_of_place(bestm, doc)
  end
  return nil
end

-- start of the clause that holds pos
local CUT = { ["，"] = true, ["；"] = true, ["："] = true, ["。"] = true, ["！"] = true, ["？"] = true }
local CUT1 = { [","] = true, [";"] = true, [":"] = true, ["\n"] = true }
-- (the byte after the last CUT or CUT1 in lo..pos-1, found with plain
-- finds rather than by stepping back a byte at a time)
local CUTS = {}
for c in pairs(CUT) do CUTS[#CUTS + 1] = c end
for c in pairs(CUT1) do CUTS[#CUTS + 1] = c end
local function clause_start (s, pos, lo)
  if pos <= lo then return pos end
  return L.after_last_at(s, CUTS, lo, pos - 1)
end

-- East-west cooperation (东西部扶贫协作, 对口帮扶): a place helping a place
-- of another province, the helped one written right after the help word
-- (东莞市对口帮扶河池市, 福建…援助7亿元帮扶宁夏, 山东拨付重庆资金…), after
-- 向 with the help later in its clause (甲省向乙市捐赠…, 帮扶资金向甲州、乙州
-- 倾斜) or after 对 with the help right after it (拿出5亿元对甘肃开展帮扶).  On such a page the figures are about the helped place, wherever
-- the helper is their subject (浙江帮扶资金县均4600万元, 转移贫困人口到山东
-- 就业530名 -> the helped place); only a count of the helper's own units
-- stays with it (浙江9市56个县市区已与…结对).
-- -> { label, code, helpers = { [province code] = true } } or false
local HELP_AFTER_TO = re.compile([[^[^，,。；;]{0,40}?(?:帮扶|援助|支援|捐赠|捐助|倾斜)]])
local HELP_AFTER_DUI = re.compile([[^(?:进行|开展|实施)?(?:对口)?(?:帮扶|援助|支援)]])
local function province_of (m)
  local p = m.parents and m.parents[1] or m               -- (a mention, or an ancestor: the chain's head)
  return p and p.code and p.code:sub(1, 2), p
end
local function helped (doc)
  local h = doc._fupin_help
  if h ~= nil then return h end
  h = false
  local s, ps = doc.text, mentions(doc).places
  local helpers, targets, seen = {}, {}, {}
  for i, y in ipairs(ps) do
    local py = province_of(y)
    local before = s:sub(math.max(1, y.start - 12), y.start - 1)
    if py and (help_object(s, y) or
               (before:sub(-3) == "向" and HELP_AFTER_TO:find(s:sub(y.stop + 1, y.stop + 120))) or
               (before:sub(-3) == "对" and HELP_AFTER_DUI:find((L.unglossed(s:sub(y.stop + 1, y.stop + 40)))))) then
      local cs = clause_start(s, y.start, 1)
      for j = i - 1, 1, -1 do
        local x = ps[j]
        if x.start < cs then break end
        local px = province_of(x)
        if px and px ~= py then
          helpers[px] = true
          -- (and the others of a list of helpers before it: 上海、广东向云南累计投入…)
          for k = j - 1, 1, -1 do
            local w, nx = ps[k], ps[k + 1]
            if w.start < cs or not list_and(s, w.stop + 1, nx.start - 1) then break end
            local pw = province_of(w)
            if pw and pw ~= py then helpers[pw] = true end
          end
          -- (the first of a list, 向甲州、乙州倾斜: their province)
          targets[#targets + 1] = s:sub(y.stop + 1, y.stop + 3) == "、" and select(2, province_of(y)) or y
          seen[py] = true
          break
        end
      end
    end
  end
  for p in pairs(seen) do helpers[p] = nil end
  -- (a page about the helped place names it at least half as often as the
  -- helper: a helper's own report that names one partner once is not one)
  local nh, ny = 0, 0
  for _, m in ipairs(ps) do
    local pm = province_of(m)
    if pm and helpers[pm] then nh = nh + 1 elseif pm and seen[pm] then ny = ny + 1 end
  end
  if #targets > 0 and next(helpers) and 2 * ny >= nh then
    -- the helped place: the one named, else their province
    local one, prov = targets[1], province_of(targets[1])
    for _, y in ipairs(targets) do
      if one and (y.key or y.code) ~= (one.key or one.code) then one = nil end
      if province_of(y) ~= prov then prov = nil end
    end
    local lab, code
    if one then lab, code = result_of_place(one, doc)
    elseif prov then lab, code = result_of_place(select(2, province_of(targets[1]))) end
    if lab then h = { lab, code, helpers = helpers } end
  end
  doc._fupin_help = h
  return h
end
-- a count of places (浙江9市56个县市区, 山东省14个市): the helper's own units;
-- and the units that pair up, before 结对 in their clause (甲市120个街镇、95个村结对
-- 乙省…, 860家企业在乙省结对…; not 10个结对县, the pairs' counties)
local OWN_UNITS = re.compile([[^[0-9.]+(?:个|個)?(?:设区|設區)?(?:市|县|縣|区|區|镇|鎮|乡|鄉|州)|^[0-9.]+(?:个|個|家)(?!结对|結對)[^，,。；;]{0,30}?(?:结对|結對)]])
-- a count of provinces, three or more (拨付3个省区的…, 帮扶的甲、乙、丙3省区): a sentence on
-- the helper's partners as a group, whose figures stay the helper's (两省 is the pair)
local PARTNERS = re.compile([[(?<![0-9.])(?:[3-9]|[1-9][0-9]|[三四五六七八九十])个?省(?:区|市|份)?(?![长委级内])]])

local PARA_BACK = 20
local function locate (doc, pos)
  local s = doc.text
  local si, sp = L.sentence_at(doc, pos)
  if not sp then
    local main = main_place(doc, pos)
    if main then return main[1], main[2] end
    return nil
  end
  local cs = clause_start(s, pos, sp[1])
  local lab, code = nearest(doc, cs, pos)
  if lab ~= nil then return lab or nil, code end
  -- (a piece of the sentence after a semicolon has its own subject:
  -- …;延长县某乡养殖项目,苏陕资金安排130万元)
  local ps = L.after_last_at(s, L.PIECE_SEPS, sp[1], cs - 1)
  if ps > sp[1] then
    lab, code = nearest(doc, ps, cs, false, true, true)
    if lab ~= nil then return lab or nil, code end
  end
  lab, code = nearest(doc, sp[1], cs, false, true, true)
  if lab ~= nil then return lab or nil, code end
  -- (a sentence of parallel places gives no subject, but a clause with no
  -- place continues the clause right before it when that one has a figure:
  -- 甲县某小学安排260万元,乙县敬老院安排140万元,新增床位80张 -> 乙县;
  -- not after clauses without one, 甲镇发展茶叶,乙镇发展养殖,产业覆盖率达90%)
  local pc = clause_start(s, cs - 1, sp[1])
  if pc < cs and s:sub(pc, cs - 1):find("%d") then
    lab, code = nearest(doc, pc, cs, false, false, true)
    if lab ~= nil then return lab or nil, code end
  end
  local para = L.paragraphs(doc)[sp.para]
  if para and para[1] < sp[1] then
    -- (at most PARA_BACK sentences back: a page that comes as one line is
    -- one paragraph, and a scan from its start for every figure grows with
    -- the square of its length; the answer is the sentence's, kept for the
    -- figures after the first)
    local by = doc._fupin_paranear
    if not by then by = {}; doc._fupin_paranear = by end
    local c = by[si]
    if c == nil then
      local back = L.sentences(doc)[math.max(1, si - PARA_BACK)][1]
      lab, code = nearest(doc, math.max(para[1], back), sp[1], false, false, true, true)
      c = lab ~= nil and { lab or nil, code } or false
      by[si] = c
    end
    if c then return c[1], c[2] end
  end
  -- nothing before it: the first place or reference word later in its
  -- clause (投入资金447万元对全县…监测户给予扶持)
  lab, code = nearest(doc, pos, CLAUSE_END:find(s, pos) or sp[2], true)
  if lab ~= nil then return lab or nil, code end
  -- (and in its sentence past its clause: 硬化公路12公里,…,使甲村的村容村貌…改善 ->
  -- 甲村; not an object, 向乙县, nor a part after 其中)
  lab, code = nearest(doc, pos, sp[2], true, false, true, true)
  if lab ~= nil then return lab or nil, code end
  local main = main_place(doc, pos)
  if main then return main[1], main[2] end
  return nil
end

-- (a count of places after a help word in its clause is of the places helped, not the
-- helper's own: 在原先结对40个县的基础上新增28个县)
local HELPED_COUNT = re.compile([[(?:结对|結對|帮扶|幫扶|对口|對口)]])
local function own_units (doc, pos)
  local s = doc.text
  if not OWN_UNITS:find((L.unglossed(s:sub(pos, pos + 120)))) then return false end
  local _, sp = L.sentence_at(doc, pos)
  return not (sp and HELPED_COUNT:find((L.unglossed(s:sub(clause_start(s, pos, sp[1]), pos - 1)))))
end

-- Does the sentence around pos name two helpers or more (上海、广东已向云南…;…280家医院…结对)?
-- Their units counted together are no one helper's own: the helped place's.
local function joint_helpers (doc, pos, helpers)
  local _, sp = L.sentence_at(doc, pos)
  if not sp then return false end
  local ps, seen, n = mentions(doc).places, {}, 0
  for i = first_from(ps, sp[1]), #ps do
    local m = ps[i]
    if m.start > sp[2] then break end
    local pm = province_of(m)
    if pm and helpers[pm] and not seen[pm] then seen[pm] = true; n = n + 1 end
  end
  return n >= 2
end

function R.locate (doc, pos)
  local lab, code = locate(doc, pos)
  local h = helped(doc)
  if h and (not lab or (code and h.helpers[code:sub(1, 2)]))
     and not (own_units(doc, pos) and not joint_helpers(doc, pos, h.helpers)) then
    local _, sp = L.sentence_at(doc, pos)
    if not (sp and PARTNERS:find((L.unglossed(doc.text:sub(sp[1], sp[2]))))) then lab, code = h[1], h[2] end
  end
  return lab, code
end

-- Is the count of provinces at pos a province's partners (江苏省与对口帮扶支援合作的8个省份, 江苏对口的
-- 8个省份)?  A province named in the clause before it, a help word between: the count is that
-- province's, not the nation's (figure.lua reads other counts of provinces as national)
local PARTNERS_BEFORE = re.compile([[(?:对口|對口|帮扶|幫扶|协作|協作|合作|结对|結對)[^，,。；;]{0,12}的$]])
function R.partner_provinces (doc, pos)
  local s = doc.text
  local _, sp = L.sentence_at(doc, pos)
  if not sp then return false end
  local cs = clause_start(s, pos, sp[1])
  if not PARTNERS_BEFORE:find(s:sub(cs, pos - 1)) then return false end
  local ps = mentions(doc).places
  for i = first_from(ps, cs), #ps do
    local m = ps[i]
    if m.start >= pos then break end
    if m.level == "province" then return true end
  end
  return false
end

R.mentions = mentions
R.first_from = first_from
R.label = label
R.gbcode = gbcode
return R
