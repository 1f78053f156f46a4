-- Articles: a document (a newspaper page, a web page, a bulletin) holds
-- several pieces.  This rule cuts it into articles and emits one fact of
-- kind "article" per piece: its title (the fact's span), range (a_start,
-- a_stop), source outlet, reporters, date, main region, and whether it is
-- about poverty alleviation at all (relevant).  The figure, region and
-- period rules read these facts.
local L = include "_lib.lua"
local R = include "_region.lua"

-- lines that belong to no article: site navigation, footers, report hotlines
local BOILER = re.compile([[版权声明|举报|返回首页|客户端下载|^编辑\s*[:：]|本站|官网|网址|ICP|Copyright|©|[>＞].*[>＞]|\|.*\|]], "i")
-- bylines: 记者 张超 / 通讯员 赛家豪 赵韬 / 来源:水母网 / 齐鲁晚报·齐鲁壹点
local BYLINE = re.compile([[^(?:来源|稿源|作者|文/|记者|通讯员|本报记者)|(?:记者|通讯员)[\s　]+\p{sc=Han}{2,4}|^[\p{sc=Han}]{2,8}[·•][\p{sc=Han}]{2,8}$]])
local REPORTER = re.compile([[(?:记者|通讯员|作者)[\s　:：]+((?:\p{sc=Han}{2,4}[\s　、]*)+)]])
-- a paragraph that ends with its authors in brackets: (孙宏钰 秦晓丹)
local ATTRIB = re.compile([[[(（]\s*(\p{sc=Han}{2,4}(?:[\s　、]+\p{sc=Han}{2,4}){0,3})\s*[)）]\s*$]])
local SOURCE = re.compile([[来源\s*[:：]\s*([^\s　]+)|^(\p{sc=Han}{2,8}[·•]\p{sc=Han}{2,8})|(\p{sc=Han}{1,6}网)\d{1,2}月\d{1,2}日讯]])
-- what an outlet's name looks like (a spam "来源" is not one)
local OUTLET = re.compile([[(?:网|报|台|社|刊|点|新闻|简报|期|客户端|[·•]\p{sc=Han}+)$]])
-- (not a photo's date in a credit line: （2015年9月14日摄）新华社记者 吴刚摄)
local DATE = re.compile([[(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})(?!\d)(?!日?\s*(?:拍)?摄)日?(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?]])

-- the keywords a page lists under its article (关键词:内蒙古 易地扶贫搬迁 20万贫困人口)
local KEYWORDS = re.compile([=[^\s*(?:关键词|关键字|标签)\s*[:：]]=])
local PAGE_TITLE = re.compile([=[^\s*标题\s*[:：]]=])
local KICKER = re.compile([[(?:——|[:：])\s*$|^【]])

-- "付玉成 陈玥君" / "李策新、李志刚" -> names.  A regex split: a Lua
-- pattern class like [^　、] works on bytes and would cut characters.
local ROLE = { ["记者"] = true, ["通讯员"] = true, ["编辑"] = true, ["实习生"] = true,
               ["摄影"] = true, ["责任编辑"] = true, ["见习记者"] = true }
local SEP = re.compile([[[\s\x{3000}、，,]+]])
local function names (s)
  local out = {}
  for _, n in ipairs(SEP:split(s)) do
    if n ~= "" and not ROLE[n] then out[#out + 1] = n end
  end
  return out
end

-- the kind of a paragraph: boiler, byline, heading or body
local STOPS = { "。", "！", "？" }
local function classify (p)
  if p:find("^TITLE:") then return "heading" end    -- a saved page's title line
  if KEYWORDS:find(p) then return "keywords" end
  local n = utf8.len(p) or #p
  if n <= 80 and BOILER:find(p) then return "boiler" end
  if n <= 60 and BYLINE:find(p) and not p:find("。", 1, true) then return "byline" end
  if n <= 40 and DATE:find(p) then return "byline" end
  if n < 40 and not L.has_any(p, STOPS) then return "heading" end
  return "body"
end

-- Region label as the gold set writes it: a town with its county
-- (莘县妹冢镇), a zone as the text writes it (聊城高新区), else the full name.
local function label (m, zone)
  if m.level == "town" then
    if zone and not m.county_named then return zone .. m.name end
    local county = m.parents and m.parents[#m.parents]
    if county and county.level == "county" then return county.name .. m.full end
    return m.full
  end
  if m.level == "zone" then return m.name end
  return m.full
end

-- place mentions between a and b (no villages: too fine for indicators)
-- (all is in text order: from the first starting at a, binary-searched)
local function mentions (all, a, b)
  local out = {}
  for i = R.first_from(all, a), #all do
    local m = all[i]
    if m.start > b then break end
    if m.stop <= b and m.level ~= "village" and m.parents then out[#out + 1] = m end
  end
  return out
end
L.mentions = mentions

-- zones of one city and type are the same zone, however written
local function zone_key (m)
  local t = m.name:find("高新", 1, true) and "高新" or (m.name:find("开发区", 1, true) or m.name:find("经开区", 1, true)) and "经开" or m.name
  local city = m.parents and m.parents[2] and m.parents[2].name or ""
  return city .. t
end

local DEPTH = { province = 1, city = 2, county = 3, zone = 3, town = 4 }

-- The main region of an article: the deepest place in its header (title,
-- kicker, byline), else the first place of its first paragraph followed
-- by the places written right after it (滨州市滨城区 -> 滨城区).
local function city_of (m)
  if m.level == "city" then return m.full end
  return m.parents and m.parents[2] and m.parents[2].name or nil
end

-- A TITLE: line that only repeats the start of the body (a saved page
-- whose title is its first sentence) is not a headline.
local function repeats_body (s, h, art)
  if not art.b_start then return false end
  local t = s:sub(h[1], h[2])
  local n = math.min(#t, 45)
  return n >= 15 and s:sub(art.b_start, art.b_start + n - 1) == t:sub(1, n)
end

-- A heading that is a place name alone (a site's channel line, 河南, in
-- the furniture above a national report's headline) names no subject.
local function lone_place (s, h, all)
  local t = s:sub(h[1], h[2])
  local a = t:find("%S")
  if not a then return false end
  local ms = mentions(all, h[1], h[2])
  return #ms == 1 and ms[1].start == h[1] + a - 1 and t:sub(ms[1].stop - h[1] + 2):find("^%s*$") ~= nil
end

local function main_region (doc, art, prev)
  local s = doc.text
  local all = R.mentions(doc).places          -- no dateline places
  -- a town or county in a headline must lie in a city the body names too
  -- (芒果飘香富山乡 is a phrase, not the town of that name far away)
  local cities = {}
  for _, m in ipairs(mentions(all, art.h_stop + 1, art.a_stop)) do
    if city_of(m) then cities[city_of(m)] = true end
  end
  local heads = {}
  for _, h in ipairs(art.headings) do
    if not repeats_body(s, h, art) and not lone_place(s, h, all) then heads[#heads + 1] = h end
  end
  for _, b in ipairs(art.bylines) do heads[#heads + 1] = b end
  local best
  for _, h in ipairs(heads) do
    for _, m in ipairs(mentions(all, h[1], h[2])) do
      local ok = (DEPTH[m.level] or 0) <= 2 or cities[city_of(m)] or next(cities) == nil
      -- (an example, 龙江等10个县退出…, 甲县、乙县…: not the subject)
      local nxt = s:sub(m.stop + 1, m.stop + 3)
      if nxt == "等" or nxt == "、" then ok = false end
      if ok and (not best or (DEPTH[m.level] or 0) > (DEPTH[best.level] or 0)) then best = m end
    end
  end
  if best then return best end
  -- a section of an article that no byline or attribution closed
  if prev and not prev.closed then return nil, true end
  return nil, false, R.dominant(doc, art.b_start or art.a_start, art.a_stop, heads)
end

rule "article" {
  doc = "Cut a document into articles; per article: title, source, reporters, date, region, relevant",
  kind = "article",
  match = function (doc)
    local s = doc.text
    local arts, cur, last_body = {}, nil, nil
    local function open (p, kind)
      cur = { a_start = p[1], a_stop = p[2], h_start = p[1], h_stop = p[1] - 1,
              headings = {}, bylines = {}, reporters = {}, body = false }
      arts[#arts + 1] = cur
    end
    for _, p in ipairs(L.paragraphs(doc)) do
      local t = s:sub(p[1], p[2])
      local kind = classify(t)
      if kind == "boiler" then
        if cur and cur.body then cur.closed = true end
      elseif kind == "keywords" then
        -- (part of the article before it, after its byline; its figures count)
        if cur then cur.a_stop = math.max(cur.a_stop, p[2]) end
      elseif kind == "heading" and last_body and PAGE_TITLE:find(t) then
        -- (a content farm's title line under the article, 标题:…, after its editor and source lines:
        -- the article's own headline again, its figures the article's)
        last_body.a_stop = p[2]
      elseif kind == "heading" then
        if not cur or cur.body then open(p) end
        local _, te = t:find("^TITLE:%s*")
        cur.headings[#cur.headings + 1] = { p[1] + (te or 0), p[2] }
        cur.h_stop, cur.a_stop = p[2], p[2]
      elseif kind == "byline" then
        if not cur then open(p) end
        if not cur.body then cur.h_stop = p[2]; cur.bylines[#cur.bylines + 1] = { p[1], p[2] } end
        cur.a_stop = math.max(cur.a_stop, p[2])
        local a, b, c = SOURCE:match(t)
        local src = a or b or c
        if src and not cur.source and OUTLET:find(src) then cur.source = src end
        for r in REPORTER:gmatch(t) do
          for _, n in ipairs(names(r)) do cur.reporters[#cur.reporters + 1] = n end
        end
        local y, mo, d, hm = DATE:match(t)
        if y and not cur.date then
          cur.date = string.format("%s-%02d-%02d", y, tonumber(mo), tonumber(d)) .. (hm and ("T" .. hm) or "")
        end
        if cur.body then cur.closed = true end
      else
        if not cur or cur.closed then open(p) end
        if not cur.body then cur.b_start, cur.b_stop = p[1], p[2] end
        cur.body = true
        last_body = cur
        cur.a_stop = p[2]
        -- (plain finds first: the third form needs 网, an attribution a
        -- closing bracket; most paragraphs have neither, and both
        -- patterns would be tried at every character of them)
        local src3
        if t:find("网", 1, true) then src3 = select(3, SOURCE:match(t)) end
        if src3 and not cur.source then cur.source = src3 end
        local who = (t:find(")", 1, true) or t:find("）", 1, true)) and ATTRIB:match(t)
        if who then
          for _, n in ipairs(names(who)) do cur.reporters[#cur.reporters + 1] = n end
          cur.closed = true
        end
      end
    end

    local all = R.mentions(doc).places
    doc._fupin_artinfo = {}
    local out, prev_region, prev_info, prev_art, prev_code = {}, nil, nil, nil, nil
    local arts_done = {}
    for _, a in ipairs(arts) do
      if a.body then
        local body = s:sub(a.a_start, a.a_stop)
        local chars = utf8.len(body) or #body
        local hits = L.count_any(body, L.POVERTY) + L.count_any(body, L.RURAL_INCOME) + L.count_any(body, L.PAIRED_AID)
        -- relevance by density: at least 1 poverty word per 200 characters,
        -- and 2 in all unless the piece is very short
        local relevant = hits >= 1 and hits * 200 >= chars and (hits >= 2 or chars < 150)
        -- title: the longest heading that is not a kicker (ending in —— or :)
        local title
        for _, h in ipairs(a.headings) do
          local t = s:sub(h[1], h[2])
          if not KICKER:find(t) then
            if not title or (h[2] - h[1]) > (title[2] - title[1]) then title = h end
          end
        end
        title = title or a.headings[1]
        local ts, te = a.a_start, a.a_start + 2
        if title then ts, te = title[1], title[2] else
          local _, first = L.sentence_at(doc, a.b_start)
          if first then ts, te = first[1], first[2] end
        end
        local m, inherit, dom = main_region(doc, a, prev_art)
        local region, info, code = prev_region, prev_info, prev_code
        if dom then region, info, code = dom[1], dom.place, dom[2] end
        if m then
          -- the zone is written in several ways (聊城高新技术产业开发区,
          -- 聊城高新区): keep the form the article uses most
          if m.level == "zone" then
            local n, key = {}, zone_key(m)
            for _, x in ipairs(mentions(all, a.a_start, a.a_stop)) do
              if x.level == "zone" and zone_key(x) == key then n[x.name] = (n[x.name] or 0) + 1 end
            end
            local bestn = m.name
            for k, v in pairs(n) do if v > (n[bestn] or 0) then bestn = k end end
            m = { name = bestn, full = m.full, level = "zone", parents = m.parents, code = m.code }
          end
          region = label(m)
          info = m
          code = R.gbcode(m.code)
        end
        doc._fupin_artinfo[a.a_start] = info
        a.via = m and "head" or inherit and "inherit" or "body"
        arts_done[#arts_done + 1] = a
        prev_region, prev_info, prev_art, prev_code = region, info, a, code
        out[#out + 1] = {
          kind = "article", start = ts, stop = te, value = relevant and 1 or 0,
          a_start = a.a_start, a_stop = a.a_stop, title = s:sub(ts, te),
          source = a.source, reporters = a.reporters, date = a.date, region = region,
          region_level = info and info.level, region_full = info and info.full,
          region_city = info and info.parents and info.parents[2] and info.parents[2].name
                        or (info and info.level == "city" and info.full) or nil,
          region_code = code,
          relevant = relevant, poverty_words = hits, chars = chars,
        }
      end
    end
    -- sections that no byline closed share the main place of the article
    -- they continue, found over all of them when its headline names none
    local i = 1
    while i <= #out do
      local j = i
      while arts_done[j + 1] and arts_done[j + 1].via == "inherit" do j = j + 1 end
      if j > i and arts_done[i].via == "body" then
        local dom = R.dominant(doc, arts_done[i].b_start or arts_done[i].a_start, arts_done[j].a_stop)
        if dom then
          for k = i, j do
            out[k].region, out[k].region_code = dom[1], dom[2]
            out[k].region_level = dom.place and dom.place.level
            doc._fupin_artinfo[arts_done[k].a_start] = dom.place
          end
        end
      end
      i = j + 1
    end
    -- the document's metadata: from its first relevant article
    for _, f in ipairs(out) do
      if f.relevant then
        doc.meta.title = doc.meta.title or f.title
        doc.meta.date = doc.meta.date or f.date
        doc.meta.source = doc.meta.source or f.source
        break
      end
    end
    return out
  end,
  examples = {
    { "聊城高新区:产业扶贫五年投入5574万元\n\n齐鲁晚报·齐鲁壹点 记者 张超\n\n2016-2020年,聊城高新区产业扶贫资金投入每年增长,帮扶贫困户脱贫。",
      { kind = "article", title = "聊城高新区:产业扶贫五年投入5574万元", source = "齐鲁晚报·齐鲁壹点",
        region = "聊城高新区", relevant = true } },
    { "走进体彩开奖大厅\n\n12月9日,41人观摩团来到中国体育彩票开奖大厅,现场观看开奖过程,见证阳光开奖流程。",
      { kind = "article", relevant = false } },
    { "莘县妹冢镇:巩固提升扶贫成效\n\n妹冢镇对贫困户现状动态掌控,让脱贫成果更稳固。(秦晓丹 孙宏钰)",
      { kind = "article", region = "莘县妹冢镇", relevant = true } },
  },
}
