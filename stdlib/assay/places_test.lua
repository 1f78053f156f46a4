-- Tests of assay.places.  The gazetteer is build/gazetteer.sqlite (`make
-- data`, which `make test` runs first): when it is missing the tests fail,
-- unless the build recorded that npm could not reach the registry
-- (build/.gazetteer-offline), in which case they are skipped loudly.
local t = require "assay.testing"
local places = require "assay.places"
local host = require "assay.host"

local GAZ = "build/gazetteer.sqlite"
local have = host.stat(GAZ) ~= nil
local offline = host.stat("build/.gazetteer-offline") ~= nil

if not have then
  if offline then
    t.skip("places: no gazetteer (npm could not reach the registry during make data); gazetteer tests skipped")
  else
    t.test("the gazetteer is built", function ()
      t.ok(false, GAZ .. " is missing: run make data")
    end)
  end
end

-- A test that needs the gazetteer.
local function gt (name, fn)
  if not have then return end
  t.test(name, function ()
    -- loading takes 0.4 s (much more under valgrind): once, not per test
    if places.path() ~= GAZ then t.ok(places.open(GAZ)) end
    fn()
  end)
end

local function names (ms)
  local out = {}
  for i, m in ipairs(ms) do out[i] = m.name end
  return out
end

local function codes (chain)
  local out = {}
  for i, p in ipairs(chain) do out[i] = p.code end
  return out
end

local function find (s, opts)
  local ms, err = places.find(s, opts)
  t.ok(ms, err)
  for _, m in ipairs(ms) do
    t.eq(s:sub(m.start, m.stop), m.name, "span of " .. m.name)
  end
  return ms
end

---------------------------------------------------------------------------
-- Zones, counties, towns, villages

gt("a development zone: city short form + 高新区, parent the city", function ()
  local s = "聊城高新区2016年以来累计投入扶贫资金5574万元"
  local ms = find(s)
  t.eq(#ms, 1)
  local m = ms[1]
  t.eq({ m.start, m.stop, m.name, m.level, m.code }, { 1, 15, "聊城高新区", "zone", nil })
  t.eq(codes(m.parents), { "37", "3715" })
  t.eq(m.parents[2], { name = "聊城市", code = "3715", level = "city" })
end)

gt("a city without counties is stored twice (city and county-level unit): the city", function ()
  local ms = find("东莞市对口帮扶河池市，中山市对口帮扶昭通市")
  t.eq(names(ms), { "东莞市", "河池市", "中山市", "昭通市" })
  t.eq({ ms[1].level, ms[1].code }, { "city", "4419" })
  t.eq({ ms[3].level, ms[3].code }, { "city", "4420" })
  t.eq(codes(ms[1].parents), { "44" })
end)

gt("a county page that never writes its county in full: its short form opening clauses", function ()
  local s = "近年来，宁陕大力发展林下经济，该县贫困户人均增收千元。宁陕农商行发放陕西省扶贫贷款"
  local ms = find(s)
  t.eq(names(ms), { "宁陕", "宁陕", "陕西省" })
  t.eq({ ms[1].level, ms[1].code, ms[1].full, ms[1].as_written }, { "county", "610923", "宁陕县", true })
  -- not where the page names no place the county lies in (平安建设…,平安创建… is no page about 平安区)
  t.eq(#find("近年来，宁陕大力发展林下经济，该县贫困户人均增收千元。宁陕农商行发放扶贫贷款"), 0)
  -- not once only, not without a county referred to, not where a county is named in full
  t.eq(#find("近年来，宁陕大力发展林下经济，该县贫困户人均增收千元。"), 0)
  t.eq(#find("近年来，宁陕大力发展林下经济。宁陕农商行发放扶贫贷款"), 0)
  t.eq(names(find("石泉县近年来，宁陕大力发展林下经济，该县贫困户增收。宁陕农商行发放贷款")), { "石泉县" })
end)

gt("a zone the gazetteer has under its long name gets its code", function ()
  local ms = find("烟台开发区潮水镇")
  t.eq(names(ms), { "烟台开发区", "潮水镇" })
  t.eq({ ms[1].level, ms[1].code, ms[1].full }, { "zone", "370676", "烟台经济技术开发区" })
  t.eq(codes(ms[1].parents), { "37", "3706" })
  -- 潮水镇 exists elsewhere too; the zone's city decides
  t.eq(ms[2].code, "370614103")
end)

gt("villages one after the other: each name starts after what is taken before it", function ()
  -- (one pass over the mentions and the villages taken, in text order)
  local function spans (ms)
    local out = {}
    for _, m in ipairs(ms) do out[#out + 1] = m.name .. "@" .. m.start .. "-" .. m.stop end
    return out
  end
  local ms = find("刘屯村巨野县刘屯村刘屯村")
  t.eq(spans(ms), { "刘屯村@1-9", "巨野县@10-18", "刘屯村@19-27", "刘屯村@28-36" })
  t.eq(ms[4].code, "371724110207")
  t.eq(spans(find("莘县妹冢镇刘屯村刘屯村的贫困户")), { "莘县@1-6", "妹冢镇@7-15", "刘屯村@16-24", "刘屯村@25-33" })
  -- a hit inside a mention is none (妹冢镇刘屯村村民: the 村 of 村民 follows a village)
  t.eq(spans(find("莘县妹冢镇刘屯村村民")), { "莘县@1-6", "妹冢镇@7-15", "刘屯村@16-24" })
end)

gt("a zone written with the short form of a city far down the gazetteer gets its code", function ()
  -- (the short form comes from the names read at load; a query per zone
  -- scanned the whole names table for it)
  local ms = find("拉萨经开区新建项目12个，酒泉开发区3个")
  t.eq(names(ms), { "拉萨经开区", "酒泉开发区" })
  t.eq({ ms[1].full, ms[1].code }, { "拉萨经济技术开发区", "540172" })
  t.eq({ ms[2].full, ms[2].code }, { "酒泉经济技术开发区", "620902403" })
end)

gt("a zone after a full city name swallows the city mention", function ()
  local ms = find("聊城市经济技术开发区")
  t.eq(names(ms), { "聊城市经济技术开发区" })
  t.eq(ms[1].level, "zone")
  t.eq(codes(ms[1].parents), { "37", "3715" })
end)

gt("a county with its city: 滨州市滨城区", function ()
  local ms = find("近年来，滨州市滨城区全面贯彻落实精准扶贫方略")
  t.eq(names(ms), { "滨州市", "滨城区" })
  t.eq({ ms[1].level, ms[1].code }, { "city", "3716" })
  t.eq({ ms[2].level, ms[2].code, ms[2].full }, { "county", "371602", "滨城区" })
  t.eq(codes(ms[2].parents), { "37", "3716" })
end)

gt("a town in its county: 莘县妹冢镇", function ()
  local ms = find("莘县妹冢镇：步步为营抓脱贫")
  t.eq(names(ms), { "莘县", "妹冢镇" })
  t.eq({ ms[2].level, ms[2].code }, { "town", "371522114" })
  t.eq(ms[2].parents, {
    { name = "山东省", code = "37", level = "province" },
    { name = "聊城市", code = "3715", level = "city" },
    { name = "莘县", code = "371522", level = "county" },
  })
end)

gt("a 街道 in a county-level city", function ()
  local ms = find("临清市新华路街道建立了扶贫车间")
  t.eq(names(ms), { "临清市", "新华路街道" })
  t.eq(ms[2].code, "371581002")
  t.ok(#places.lookup("新华路街道") > 5, "新华路街道 is common")
end)

gt("a village name many villages share: the one under the named county or town, none on a tie", function ()
  t.ok(#places.lookup("刘屯村") > 20, "刘屯村 names many villages")
  local ms = find("巨野县刘屯村")
  t.eq(names(ms), { "巨野县", "刘屯村" })
  t.eq(ms[2].code, "371724110207")
  -- two counties that each have one: no village
  t.eq(names(find("商水县和虞城县的刘屯村")), { "商水县", "虞城县" })
  -- two in one county: the town decides
  t.eq(names(find("柘城县刘屯村")), { "柘城县" })
  ms = find("柘城县惠济乡刘屯村")
  t.eq(ms[3].code, "411424208227")
  -- the same name again, resolved again in another text
  t.eq(find("巨野县刘屯村")[2].code, "371724110207")
end)

gt("a village in context, not alone", function ()
  local ms = find("刘丽丽是莘县妹冢镇刘屯村建档立卡贫困户")
  t.eq(names(ms), { "莘县", "妹冢镇", "刘屯村" })
  t.eq({ ms[3].level, ms[3].code }, { "village", "371522114254" })
  t.eq(ms[3].parents[4].name, "妹冢镇")
  t.ok(#places.lookup("刘屯村") > 1, "刘屯村 is not unique")
  t.eq(find("刘丽丽是刘屯村建档立卡贫困户"), {})
  -- generic village words never become villages
  t.eq(names(find("莘县妹冢镇的贫困村和行政村")), { "莘县", "妹冢镇" })
end)

gt("an ambiguous county is resolved by the other places of the text", function ()
  t.ok(#places.lookup("鼓楼区") >= 4, "several 鼓楼区")
  local ms = find("鼓楼区开展结对帮扶")
  t.eq(#ms, 1)
  t.eq({ ms[1].code, ms[1].level, ms[1].parents }, { nil, "county", {} })
  t.ok(ms[1].candidates >= 4, "candidate count")
  ms = find("南京市今年脱贫攻坚成效明显，鼓楼区开展结对帮扶")
  t.eq(ms[2].code, "320106")
  ms = find("福建省扶贫办通报：鼓楼区开展结对帮扶")
  t.eq(ms[2].code, "350102")
  -- context given by the caller
  ms = find("鼓楼区开展结对帮扶", { context = { "开封市" } })
  t.eq(ms[1].code, "410204")
end)

gt("an ambiguous town takes the county right before it", function ()
  local ms = find("沾化区古城镇、惠民县李庄镇")
  t.eq(names(ms), { "沾化区", "古城镇", "惠民县", "李庄镇" })
  t.eq(ms[2].code, "371603102")
  t.eq(ms[4].code, "371621105")
  -- and the caller's context when the text has none
  ms = find("古城镇", { context = { "沾化区" } })
  t.eq(ms[1].code, "371603102")
  -- a context name that is itself ambiguous still gives what its places share
  ms = find("滨城区", { context = { "古城镇" } })
  t.eq(ms[1].code, "371602")
end)

gt("short forms: provinces and cities", function ()
  local ms = find("聊城观摩团来到滨州，山东脱贫攻坚")
  t.eq(names(ms), { "聊城", "滨州", "山东" })
  t.eq({ ms[1].code, ms[1].full, ms[1].level }, { "3715", "聊城市", "city" })
  t.eq({ ms[3].code, ms[3].level }, { "37", "province" })
  -- autonomous prefectures by their usual short name
  ms = find("凉山州昭觉县、湘西土家族苗族自治州花垣县")
  t.eq(names(ms), { "凉山州", "昭觉县", "湘西土家族苗族自治州", "花垣县" })
  t.eq({ ms[1].code, ms[1].full }, { "5134", "凉山彝族自治州" })
  t.eq(ms[4].code, "433124")
  -- 吉林 is a province and a city: the province
  t.eq(find("吉林")[1].code, "22")
  t.eq(find("吉林市")[1].code, "2202")
end)

---------------------------------------------------------------------------
-- False positives

gt("common words ending in 区 市 县 乡 are not places", function ()
  t.eq(find("全市各社区、园区、景区和市场，本市该县城区和山区"), {})
  t.eq(find("推进城乡融合，发展乡村产业"), {})
  t.eq(find("提高县域经济发展水平"), {})
  t.eq(find("开发区坚持精准扶贫，物流园区、各乡镇"), {})
end)

gt("a contracted banner is found, and written as the text writes it", function ()
  local got = places.find("察右前旗光伏扶贫成效显著，土左旗投入资金")
  t.eq(#got, 2)
  t.eq({ got[1].name, got[1].full, got[1].as_written }, { "察右前旗", "察哈尔右翼前旗", true })
  t.eq({ got[2].name, got[2].full, got[2].code }, { "土左旗", "土默特左旗", "150121" })
end)

gt("short forms inside words are not places", function ()
  t.eq(find("经济南部"), {})
  t.eq(find("在中山大学召开"), {})
  t.eq(find("黄河南岸"), {})
  t.eq(find("推广安置点就业模式"), {})                 -- 推广 + 安置, not 广安
  t.eq(find("住在大青山东麓的村民"), {})               -- the side of a mountain, not 山东
  t.eq(names(find("渭河西岸的山西省运城市")), { "山西省", "运城市" })
end)

gt("a generic gazetteer name needs its parent in the text", function ()
  t.eq(find("城区"), {})
  local ms = find("阳泉市城区")
  t.eq(names(ms), { "阳泉市", "城区" })
  t.eq(ms[2].code, "140302")
end)

gt("a unique town name that contradicts the text is dropped", function ()
  -- 富强镇 is a town in Heilongjiang only; here it is 致富 + 强镇
  t.eq(names(find("滨州市走出了一条产业助推脱贫致富强镇的道路")), { "滨州市" })
end)

---------------------------------------------------------------------------
-- lookup, parent_chain

gt("lookup: full names, short forms, nothing", function ()
  local c = places.lookup("聊城")
  t.eq(#c, 1)
  t.eq({ c[1].full, c[1].code, c[1].level, c[1].short }, { "聊城市", "3715", "city", true })
  c = places.lookup("妹冢镇")
  t.eq(#c, 1)
  t.eq({ c[1].code, c[1].short }, { "371522114", false })
  t.eq(codes(c[1].parents), { "37", "3715", "371522" })
  t.eq(places.lookup("没有这个地方"), {})
  t.eq(places.lookup(""), {})
  t.eq(#places.lookup("北京市"), 1)
end)

gt("parent_chain", function ()
  t.eq(codes(places.parent_chain("371522114254")), { "37", "3715", "371522", "371522114" })
  t.eq(places.parent_chain("37"), {})
  -- a district of a municipality: no pseudo-city 市辖区 in between
  t.eq(codes(places.parent_chain("110105")), { "11" })
  local r, msg = places.parent_chain("999999")
  t.eq(r, nil); t.eq(msg, "unknown code '999999'")
  t.eq(codes(places.parent_chain(3715)), { "37" })
end)

gt("by_code: a place's record by its code, as lookup gives it", function ()
  t.eq(places.by_code("3715"), places.lookup("聊城市")[1])
  t.eq(places.by_code("37"), { full = "山东省", level = "province", code = "37", short = false, parents = {} })
  local town = places.by_code("371522114")
  t.eq({ town.full, town.level }, { "妹冢镇", "town" })
  t.eq(codes(town.parents), { "37", "3715", "371522" })
  t.eq(places.by_code(3715).full, "聊城市")
  -- GB/T 2260's six digits (a fact's region_code) of a province and a city
  t.eq(places.by_code("370000"), places.by_code("37"))
  t.eq(places.by_code("371500").code, "3715")
  t.eq(codes(places.parent_chain("371500")), { "37" })
  -- a code the gazetteer has is that place (东莞市 the county, under 东莞市 the city)
  t.eq({ places.by_code("441900").level, places.by_code("441900").code }, { "county", "441900" })
  for _, bad in ipairs({ "999999", "100000", "", "3" }) do
    t.eq({ places.by_code(bad) }, { nil, "unknown code '" .. bad .. "'" })
  end
  -- the 31 provinces' full names (the fupin pack's labels)
  local full = {}
  for code in ("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65")
              :gmatch("%d+") do
    local p = places.by_code(code)
    t.eq(p.level, "province", code)
    full[#full + 1] = p.full
  end
  t.eq(#full, 31)
  t.eq({ full[1], full[5], full[20], full[29], full[31] },
       { "北京市", "内蒙古自治区", "广西壮族自治区", "青海省", "新疆维吾尔自治区" })
end)

---------------------------------------------------------------------------
-- Arguments and odd input

gt("bad arguments raise", function ()
  t.raises(function () places.find() end, "bad argument #1 to 'find' (string expected, got no value)")
  t.raises(function () places.find({}) end, "bad argument #1 to 'find' (string expected, got table)")
  t.raises(function () places.find("x", 5) end, "bad argument #2 to 'find' (table expected, got number)")
  t.raises(function () places.find("x", { contxt = {} }) end, "unknown option 'contxt'")
  t.raises(function () places.find("x", { context = "聊城" }) end, "context must be a table")
  t.raises(function () places.find("x", { context = { 1 } }) end, "context[1] is not a string")
  t.raises(function () places.lookup(nil) end, "bad argument #1 to 'lookup'")
  t.raises(function () places.lookup(true) end, "string expected, got boolean")
  t.raises(function () places.parent_chain({}) end, "bad argument #1 to 'parent_chain'")
  t.raises(function () places.by_code() end, "bad argument #1 to 'by_code' (string expected, got no value)")
  t.raises(function () places.open(false) end, "bad argument #1 to 'open'")
end)

gt("invalid UTF-8, empty and non-Chinese text", function ()
  t.eq(find(""), {})
  t.eq(find("no places here, 123"), {})
  local ms = find("\xff聊城市\xe8\x84滨州市\x80")
  t.eq(names(ms), { "聊城市", "滨州市" })
  t.eq(find("\xe5\xb8\x82\xe5"), {})                 -- 市 and a truncated character
  t.eq(places.lookup("\xff"), {})
end)

---------------------------------------------------------------------------
-- No gazetteer

t.test("a missing gazetteer gives nil and a message, never an error", function ()
  local ok, err = places.open("/nonexistent/gazetteer.sqlite")
  t.eq(ok, nil)
  t.ok(err:find("gazetteer not found: run make data", 1, true), err)
  for _, call in ipairs({ function () return places.find("聊城市") end,
                          function () return places.lookup("聊城市") end,
                          function () return places.parent_chain("37") end,
                          function () return places.by_code("37") end,
                          function () return places.path() end }) do
    local r, msg = call()
    t.eq(r, nil)
    t.eq(msg, err)
  end
  -- a file that is not a gazetteer
  local f = t.tmpfile("not a database")
  ok, err = places.open(f)
  os.remove(f)
  t.eq(ok, nil)
  t.ok(err:find("gazetteer:", 1, true), err)
end)

t.test("a database without the gazetteer's tables is refused", function ()
  local db = require "assay.db"
  local f = os.tmpname()
  do local d <close> = assert(db.open(f)); d:exec("create table x(y)") end
  local ok, err = places.open(f)
  os.remove(f)
  t.eq(ok, nil)
  t.ok(err:find("is not a gazetteer", 1, true), err)
end)

t.test("ASSAY_GAZETTEER and the path beside the binary", function ()
  local bin = t.bin()
  local code = [[local p = require "assay.places"; print(p.path()); print(p.find("聊城市"))]]
  local out = t.sh("ASSAY_GAZETTEER=/nonexistent/g.sqlite " .. bin .. " -e " .. t.q(code))
  t.ok(out:find("gazetteer not found: run make data", 1, true), out)
  t.ok(out:find("/nonexistent/g.sqlite", 1, true), out)
  local dir = bin:match("^(.*)/")
  local beside = dir .. "/build/gazetteer.sqlite"
  if not host.stat(beside) then beside = dir .. "/../gazetteer.sqlite" end   -- build/asan/assay
  out = t.sh("env -u ASSAY_GAZETTEER " .. bin .. " -e " .. t.q([[print(require "assay.places".path())]]))
  if host.stat(beside) then
    t.eq(out, beside .. "\n")
  else
    t.ok(out:find("gazetteer not found", 1, true), out)
  end
end)

---------------------------------------------------------------------------
-- The regions of the gold facts are found in the seed documents

gt("seed documents: every region of the gold facts is found", function ()
  local seeds, gold = "/work/shared/corpus/seeds/", "/work/shared/gold/seeds.facts.tsv"
  local gf = io.open(gold, "rb")
  if not gf or not host.stat(seeds) then
    if gf then gf:close() end
    t.skip("places: " .. seeds .. " or " .. gold .. " absent; seed check skipped")
    return
  end
  local want, header = {}, true
  for line in gf:lines() do
    if header then header = false
    else
      local doc, region = line:match("^([^\t]*)\t[^\t]*\t[^\t]*\t([^\t]*)")
      if doc and region ~= "" then
        want[doc] = want[doc] or {}
        want[doc][region] = true
      end
    end
  end
  gf:close()
  local checked = 0
  for doc, regions in pairs(want) do
    local f = assert(io.open(seeds .. doc, "rb"))
    local s = f:read("a"); f:close()
    local ms = find(s)
    for region in pairs(regions) do
      -- the region read alone is a run of mentions covering it (烟台开发区潮水镇
      -- is a zone and a town), and the document names each of them as the
      -- same place (the same code, or for a zone the same parent city)
      local parts = find(region)
      local p = 1
      for _, part in ipairs(parts) do
        if part.start == p then p = part.stop + 1 end
      end
      t.eq(p, #region + 1, doc .. ": " .. region .. " read as places")
      local found = #parts > 0
      for _, part in ipairs(parts) do
        t.ok(part.code or #part.parents > 0, region .. ": " .. part.name .. " resolved")
        local hit = false
        for _, m in ipairs(ms) do
          if m.name == part.name and m.code == part.code and m.level == part.level
             and t.deepeq(m.parents, part.parents) then hit = true end
        end
        if not hit then found = false end
      end
      t.ok(found, doc .. ": region " .. region)
      checked = checked + 1
    end
  end
  t.ok(checked >= 10, "regions checked: " .. checked)
end)

t.test("short forms of autonomous areas, and county short forms the text confirms", function ()
  local places = require "assay.places"
  t.eq(places.short_form("黔东南苗族侗族自治州"), "黔东南州")
  t.eq(places.short_form("城步苗族自治县"), "城步县")
  t.eq(places.short_form("东乡族自治县"), "东乡县")
  t.eq(places.short_form("积石山保安族东乡族撒拉族自治县"), "积石山县")
  t.eq(places.short_form("鄂伦春自治旗"), "鄂伦春旗")
  t.eq(places.short_form("莘县"), nil)
  t.eq(places.short_form("自治县"), nil)
  t.raises(function () places.short_form({}) end, "bad argument #1 to 'short_form'")
  local function names (s)
    local out = {}
    for _, m in ipairs(assert(places.find(s))) do out[#out + 1] = m.name .. "=" .. (m.code or "?") end
    return table.concat(out, " ")
  end
  -- the derived forms resolve to the county
  t.eq(names("城步县新建扶贫车间"), "城步县=430529")
  t.eq(names("临夏州东乡县"), "临夏州=6229 东乡县=622926")
  -- a county's short form only where the text names the county in full
  t.eq(names("湖北郧西建安置点，郧西县搬迁群众"), "湖北=42 郧西=420322 郧西县=420322")
  t.eq(names("郧西建安置点"), "")
  t.eq(names("汉寿县汉寿人汉寿"), "汉寿县=430722 汉寿=430722")
  -- or right after its province or city: then it is the name as written
  t.eq(names("河北赤城发展蔬菜，赤城有贫困村"), "河北=13 赤城=130732 赤城=130732")
  t.eq(names("张家口赤城"), "张家口=1307 赤城=130732")
  local m = assert(places.find("重庆奉节实现脱贫"))[2]
  t.eq(m.name .. " " .. m.full .. " " .. m.level .. " " .. tostring(m.as_written), "奉节 奉节县 county true")
  t.eq(assert(places.find("郧西县，郧西"))[2].as_written, nil)
  t.eq(names("四川南部山区"), "四川=51")
  t.eq(names("河北赤城县"), "河北=13 赤城县=130732")
end)

t.done()
