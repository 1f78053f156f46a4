-- cn.quantities has two paths: the candidate search and the lane in C
-- (engine/lcn.c, assay.cn_c) and the Lua reference in stdlib/assay/cn/ (lane.lua, scan.lua).
-- This is a differential test: the same mentions, field for field (number
-- subtypes included), on the seed documents, the example corpus, edge
-- strings and generated text (invalid UTF-8, truncated numbers, full-width
-- digits, long digit runs), and the same candidate runs from every start.
local t = require "assay.testing"
local host = require "assay.host"
local cn = require "assay.cn"

-- the reference: assay.cn loaded again without assay.cn_c
local ok, ref = t.require_without("assay.cn", "assay.cn_c")
assert(ok, ref)

-- first difference between x and y, or nil: types, number subtypes and
-- values, and keys both ways
local function diff (x, y, path)
  if type(x) ~= type(y) then return path .. ": " .. type(x) .. " vs " .. type(y) end
  if type(x) == "number" then
    if math.type(x) ~= math.type(y) then return path .. ": " .. math.type(x) .. " vs " .. math.type(y) end
    if x ~= y and not (x ~= x and y ~= y) then return path .. ": " .. tostring(x) .. " vs " .. tostring(y) end
    return nil
  end
  if type(x) ~= "table" then
    if x ~= y then return path .. ": " .. string.format("%q vs %q", tostring(x), tostring(y)) end
    return nil
  end
  for k, v in pairs(x) do
    local d = diff(v, y[k], path .. "." .. tostring(k))
    if d then return d end
  end
  for k in pairs(y) do
    if x[k] == nil then return path .. "." .. tostring(k) .. ": missing in the C path's result" end
  end
  return nil
end

local compared = 0
local function same_quantities (s, what)
  local c, l = cn.quantities(s), ref.quantities(s)
  compared = compared + 1
  local d = diff(c, l, "mentions")
  if d then t.eq(d, nil, (what or "") .. " " .. string.format("%q", s):sub(1, 300)) end
  return #c
end

local function read (path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

local function texts_in (dir, pattern)
  local out = {}
  local list = host.dir(dir)
  if not list then return out end
  local names = {}
  for _, e in ipairs(list) do
    if e.name:match(pattern) then names[#names + 1] = e.name end
  end
  table.sort(names)
  for _, n in ipairs(names) do out[#out + 1] = { n, read(dir .. "/" .. n) } end
  return out
end

t.test("the C path is in use", function ()
  t.eq(cn.lanes, "c")
  t.eq(ref.lanes, "lua")
  t.eq(ref.engine, cn.engine)
end)

local SEEDS = "../shared/corpus/seeds"
local seeds = texts_in(SEEDS, "%.txt$")
if #seeds == 0 then
  t.skip("cn_c_test: " .. SEEDS .. " is absent: the seed documents are NOT compared")
end

t.test("seed documents and the example corpus: the same mentions", function ()
  local n = 0
  for _, d in ipairs(seeds) do n = n + same_quantities(d[2], d[1]) end
  for _, d in ipairs(texts_in("examples/corpus", ".")) do n = n + same_quantities(d[2], d[1]) end
  t.ok(#seeds == 0 or n > 300, "mentions found: " .. n)
end)

-- the 30 real documents of the development set and the forms of real text
local DEV = "../shared/corpus/dev"
local devdocs = texts_in(DEV, "%.txt$")
local FORMS = "../shared/gold/dev/forms.tsv"
local forms = {}
do
  local f = io.open(FORMS)
  if f then
    for line in f:lines() do
      local text = line:match("^[^\t]*\t([^\t]*)\t")
      if text then forms[#forms + 1] = text end
    end
    f:close()
  end
end
if #devdocs == 0 or #forms == 0 then
  t.skip("cn_c_test: " .. DEV .. " or " .. FORMS .. " is absent: the real documents are NOT compared")
end

t.test("real documents and forms: the same mentions", function ()
  local n = 0
  for _, d in ipairs(devdocs) do n = n + same_quantities(d[2], d[1]) end
  for _, s in ipairs(forms) do n = n + same_quantities(s, "form") end
  t.ok(#devdocs == 0 or n > 400, "mentions found: " .. n)
end)

t.test("edge strings: the same mentions", function ()
  local edge = {
    "", "5", "5元", "元", "5.", "5.元", ".5元", "5..5元", "5,000元", "5，000元", "1.2345678元", "1.234567元",
    "0元", "00元", "05元", "0.5元", "0.50元", "123456789012345元", "1234567890123456元",
    "123456789012345亿元", "99999999999999.9万元", "999999999999999亿亿元", "1.5亿万元",
    "2020年", "2020年底", "999年", "3000年", "20年", "5年半", "5个月", "5个多月", "5多个",
    "5人次", "5人民", "5%以上", "5%以", "5%左", "5%左右", "5名以下", "5户以内",
    "约5元", "大约5元", "签约5元", "近5天", "附近5家", "逾5人", "超过5人", "不超过5人", "过5人",
    "突破5家", "破5家", "不到5户", "到5户", "不足5亩", "足5亩", "第5名", "A5名", "z5名", "-5名", "/5名",
    "5万", "5万元", "5万多元", "5多万元", "5余万余元", "5万多万元", "5万余亿人", "5.5万余万元", "5周岁", "5平米", "5平方米以上", "5课时", "5件套",
    "5分", "5分钟", "5成", "5口", "5期", "5大项", "5千米", "5千克", "5千瓦时", "5km",
    "１２３户", "３５％", "１．５万元", "1，000元", "5０元",
    "《5元》", "《5元", "5元》", "《\n5元》", "《5元\n》", "《《5元》", string.rep("《", 300) .. "5元" .. "》",
    "《" .. string.rep("字", 250) .. "》5元", "《" .. string.rep("字", 150) .. "5元》",
    "《5元" .. string.rep("a", 596) .. "》", "《5元" .. string.rep("a", 597) .. "》",   -- titles of 600, 601 bytes
    "\xff5元", "5\xff元", "5元\xff", "\xe4\xb85元", "5\xe5\x85", "5\xe5", "\xe5\x85\x835\xe5\x85\x83",
    "\x805元", "5\x80元", "\xf0\x9f\x98\x805个", "5个\xf0\x9f\x98\x80", "\xed\xa0\x805元", "5\xc0\xaf元",
    "\xe0\x80\x805元", "\xc3\xa95元", "5\xe4\xb8\x87", "5\xe4\xb8", "\xe4\xb8\x87", "万元",
    -- a run with no follower: 3000 digits, as the reference search (PCRE2 tries
    -- every start; under valgrind without JIT each try reads the whole run) is quadratic
    string.rep("9", 100000) .. "元", string.rep("9", 3000), "1" .. string.rep("0", 40) .. "万元",
    "1." .. string.rep("5", 1000) .. "元", string.rep("5元", 5000), string.rep("１", 5000) .. "元",
    string.rep("一二三", 2000) .. "个", string.rep("\xe4\xb8", 3000) .. "5元",
    -- the forms of real documents: glosses, spaces, spoken money, enumerations, zero
    "436萬(wàn)元", "27個(gè)", "1.7個(gè)百分點(diǎn)", "5項(xiàng)目", "5塊(kuài)錢(qián)", "126 户", "约 6 小时",
    "2.6 亿元", "9 成以上", "一年多", "5年多", "5年多次", "两个多星期", "4個多小時", "三点二万元", "3点2万元",
    "三元五角", "三块二", "两块七八", "八毛", "3元5角", "一万二", "卖了一万二", "为0", "为05", "降为0。", "为零",
    "零户", "俩", "他俩", "一半", "一半以上", "另一半", "半年", "上半年", "1/5", "3/8", "2019/5", "1、2、3户",
    "3.5、4.5、6米", "2019、2020年", "20万元——50万元", "3年--5年", "160元-200元", "接近300万元",
    "逼近万元", "将近5人", "约莫二十公里", "低于1%", "超万名", "超5人", "不突破100平方米", "只有一个", "仅有一台",
    "每周一次", "前10名", "前三名", "60周年", "五周年", ".8万人次", "百亩", "上万亩", "十几户", "几十户",
    "200来块钱", "二十来岁", "1870贫困群众", "23万人口", "自筹85万", "年逾七旬", "3镇11村", "15-30kw", "30双",
    "15℃以下", "十五分钟", "两个钟头", "984台套",
    "至少八千块钱以上", "不到2.5万台币", "从6500到2万元", "3——5万元", "伍佰陆拾萬圆整", "三个亿", "3个亿", "两毛五",
    "一块零五", "四斤半", "40岁上下", "3个上午", "最多30人", "大概两百元", "二十摄氏度", "零点六公里", "五块三一斤",
    "70周岁（含）以上", "50万元(含)以下", "5个(含)以上", "一个（含）以上", "0.5mg", "5m", "户均增收1.5万", "五天多雨",
    -- issue 13, second round: glosses before qualifiers, vague 數, cents, 角, 斤两, g
    "280個(gè)左右", "28個(gè)以上", "二十個(gè)左右", "兩個(gè)多月", "5個(gè)多", "5個(gè)", "百分之八", "占百分之八十",
    "數百块", "数百块", "数十亿元", "三块四分", "五块七毛八", "九元零八分", "五块六角钱", "两角五分", "3角", "三角",
    "一角", "五角星", "人民币三十万", "4斤3两", "七斤二两", "六斤8兩", "3斤两斤", "5斤5", "3g", "0.6g左右",
    "5g网络", "5gb", "a5g", "5G", "3.5斤", "3斤半", "一块三毛六", "两毛五分", "两毛五分钟",
    "2万(含)-8万元", "3万元（含）-6万元", "4万(含)以上", "3万(含)", "2万(含)-1万元", "5(含)-8人", "5人(含)-8人",
    "「奋进40年」", "“3类重点户”", "『1户1策』", "“5个”", "“5元以上”", "“5元", "5元”", "“" .. string.rep("字", 16) .. "5元”",
    "“" .. string.rep("字", 14) .. "5元”", "“50万元”和“60万元”", "「5」元", "“5户”“6户\n”",
    "○○县投入5万元", "○ 投入5万元", "一○五人", "二○二○年", "○个", "5○个", "1.3本项目", "3本台账",
    "千万不要让群众失望", "千万群众", "百万贫困人口", "千萬(wàn)減貧任務", "减贫1000万", "千万别忘了，减贫",
    "最显著的一年", "过去的一年", "最难忘的一天", "最好的一个", "最高兴的，一年", "最的一年", "的一年",
    "水窖12口", "打井三口", "井三口人", "3口之家", "池5口", "水窖一口", "窖 三口",
    "用了一个半月", "两个半小时", "3个半月以上", "1个半", "两个半百分点", "一个半月多", "一個(gè)半月", "5个半星期",
    "百分之十四点五", "百分之零点三", "百分之零", "千分之三点五", "百分之五点", "百分之12.5", "三点五分之一",
    "十九届四中全会", "十三届全国人大", "连续三届获评", "35千伏", "10kV", "630kVA", "1千伏安", "5千人", "3千瓦", "千伏",
    "九成五", "九成五以上", "近九成五", "七成三的", "三成五年", "十成", "9成5", "六成零", "九成五成", "一成二三",
    "百分之七八十", "百分之七八十以上", "三分之一二", "百分之十几", "百分之几十", "百分之几", "百分之零到五",
    "人民幣3.14", "港幣3.14", "人民币5000，", "币5000，", "货币3.14", "人民币3-5，", "人民币3多，", "人民币 5.5",
    "約(yuē)300人", "超過(guò)5萬人", "近(jìn)千戶", "突破(pò)100萬元", "兩(liǎng)個(gè)", "第(dì)3名", "（2019年）3个",
    "3（含）个", "(a)5人", "约(yuē) 300人", "3個(gè)多(duō)月", "三個多(duō)月", "(yuē)三个", "5(", "五（", "五【xiàng】",
    "十(银)行包十县", "千企帮千村", "每名干部包三个村", "一个单位包十户", "十家企业帮扶十户", "十，包十户", "三帮三个",
    "八亩地村", "三间房乡", "五个新村", "三个乡村", "八亩地，村", "两名村干部", "三户村民", "二道沟村", "5亩地村",
    "三口井村", "三年级村", "八亩地", "八亩地村" .. "\xe6", "一间房村",
    "壹餘【xiàng】元", "两多 小时", "三餘(wàn)家", "人民币壹期间", "三多、四个",
    "1.2万和3.4万户", "3000和5000元", "第3和第5", "2019和2020年", "三和五个", "和5个", "3与5户", "3及5", "三及", "3和",
    "发生率降至0。", "率降到0", "人口减少到零", "从3到0", "至0", "到零户", "率至00", "到0.5",
    "逾三分一的", "四分三", "十分一致", "三分一致", "二分一", "一分一秒", "两分一", "三分一以上", "三分五", "九分八厘",
    "1 万(含)-5 万元", "3 万-5 万元", "2.5 万——4 万元", "3 万-5 亿元", "5 万-3 万元", "1 万-5万元", "3 万-5 万",
    "3 万(含)-5 万", "3 万-05 万元", "3 万-5.5 万元", "3 万-5十 万元", "3 万-", "3 万(含)", "3  万-5  万元",
    "两块三到两块九毛五", "三块五到两块", "五元六角-五元七毛八分", "五块六到五块七毛八分钱", "三元五角到四元", "三元五角到四万元",
  }
  for _, s in ipairs(edge) do same_quantities(s, "edge") end
end)

-- pieces of text that reach every rule of the lane and many of the general path
local PIECES = {
  "0", "1", "2", "3", "5", "7", "9", "0", "1", "2", "4", "6", "8", "０", "５", "９", ".", "．", ",", "，",
  "一", "二", "两", "三", "五", "十", "百", "千", "万", "亿", "萬", "億", "零", "〇", "几", "壹", "贰", "拾",
  "元", "个", "個", "人", "次", "人次", "名", "位", "户", "家", "%", "％", "项", "岁", "种", "条", "台",
  "只", "头", "吨", "亩", "月", "年", "天", "周", "周岁", "小时", "分", "分钟", "成", "口", "期", "大",
  "小", "米", "千米", "克", "瓦", "平方米", "公里", "倍", "层", "百分点", "度", "多", "余", "餘", "半",
  "以上", "以下", "以内", "以", "左右", "左", "约", "約", "近", "逾", "超过", "不超过", "突破", "不到",
  "不足", "大约", "签约", "第", "数", "之", "分之", "是", "统一", "条件", "年级", "人民", "元旦", "底",
  "《", "》", "“", "”", "\n", " ", "。", "、", "-", "~", "～", "至", "到", "—", "/", ":", "A", "x", "e",
  "\xff", "\x80", "\xbf", "\xe4\xb8", "\xe4", "\xf0\x9f\x98\x80", "\xf0\x9f", "\xc3\xa9", "\xed\xa0\x80",
  "\xc0\xaf", "\xe0\x80\x80", "\xe4\xb8\x07", "\xef\xbc",
  "‘", "’", "「", "」", "『", "』", "两不愁三保障", "五个一批", "一户一策", "十三五", "千方百计", "一次性",
  "张", "场", "批", "这", "每", "个月", "个多月", "个百分点", "个小时", "个工作日", "个礼拜", "口井", "口人",
  "期间", "大项", "小类", "大批", "壹", "叁", "九", "七八", "百余", "十多",
  "(wàn)", "(gè)", "（gè）", "【xiàng】", "(ab)", "点", "點", "来", "來", "、", "俩", "一半", "角", "毛", "块",
  "块钱", "旬", "周年", "前", "有", "只有", "每周", "为", "接近", "逼近", "约莫", "低于", "超", "不突破", "\u{3000}",
  "\u{A0}", "贫困", "群众", "人口", "户", "投入", "卖了", "镇", "村", "县", "省市", "kw", "双", "--", "——", "率",
  -- issue 13, second round
  "○", "數", "钱", "斤", "两", "兩", "g", "kV", "千伏", "(含)", "（含）", "人民币", "港幣", "水窖", "井", "届", "最",
  "的", "包", "帮", "地", "乡", "(yuē)", "(duō)", "）", "百分之", "本", "减贫", "千万", ")", "】", "不要", "和", "与",
}

local function generated (rng, n)
  local parts = {}
  for i = 1, n do parts[i] = PIECES[rng(#PIECES)] end
  return table.concat(parts)
end

t.test("generated text: the same mentions", function ()
  math.randomseed(20261122)
  local rng = math.random
  for _ = 1, 3000 do same_quantities(generated(rng, rng(40)), "generated") end
end)

-- one Chinese digit with what a rule of scan_at looks at around it
t.test("one Chinese digit in context: the same mentions", function ()
  local before = { "", "第", "约", "大约", "签约", "近", "附近", "逾", "超过", "不超过", "突破", "不到", "不足",
                   "约莫", "低于", "超", "接近", "不突破", "只有", "有", "每周", "周", "前", ".", " ", "卖了", "为",
                   "是", "每", "统", "数", "A", "-", "5-", "5.", "５－", "“", "《", "两不愁", "五个", "十三", "\xff", "\xe4" }
  local digits = { "一", "两", "三", "四", "五", "九", "壹", "零", "〇", "几" }
  local middle = { "", "", "", "多", "余", "多万", "余亿", "万", "-", "至", "点五", "来", " ", "(wàn)", "、三" }
  local units = { "个", "个月", "个多月", "个余月", "个百分点", "个小时", "个星期", "成", "成为", "口", "口井", "期", "期间",
                  "期5", "大项", "小类", "大批", "年", "天", "小时", "元", "条", "张", "项", "人", "分", "分钟",
                  "分之一", "三个", "周岁", "平方米", "批", "份", "家", "次", "人次", "一批", "保障", "户一策", "",
                  "周年", "毛", "块", "块钱", "元五角", "块二", "旬", "个(gè)", "个多小时", "年多", "年多次", "村", "镇",
                  "年--五年", "元-九元", "星期", "钟头" }
  local after = { "", "", "以上", "以下", "以内", "以", "左右", "左", "半", "半以上", "”", "》", "\n", "\xe4\xb8", "群众", "代表",
                  "农民" }
  math.randomseed(11)
  local rng = math.random
  for _ = 1, 4000 do
    local s = before[rng(#before)] .. digits[rng(#digits)] .. middle[rng(#middle)] .. units[rng(#units)]
              .. after[rng(#after)]
    if rng(4) == 1 then s = "“" .. s .. "”" end
    if rng(6) == 1 then s = "《" .. s .. "》" end
    same_quantities(s, "one digit")
  end
end)

t.test("seed documents with bytes cut, doubled and swapped: the same mentions", function ()
  math.randomseed(5)
  local rng = math.random
  for _, d in ipairs(seeds) do
    local s = d[2]
    for _ = 1, 40 do
      local i = rng(#s)
      local piece = s:sub(i, i + rng(2000))
      local j = rng(#piece)
      local how = rng(3)
      if how == 1 then piece = piece:sub(1, j - 1) .. piece:sub(j + 1)
      elseif how == 2 then piece = piece:sub(1, j) .. piece:sub(j)
      else piece = piece:sub(1, j - 1) .. string.char(rng(0, 255)) .. piece:sub(j + 1) end
      same_quantities(piece, d[1] .. " mutated")
    end
  end
end)

t.test("the candidate search: the same runs as the PCRE2 pattern from every start", function ()
  local lanes, lua_find = cn._impl.lanes, cn._impl.next_qcand
  math.randomseed(77)
  local rng = math.random
  local subjects = { "", "5", "5元", "\xe4\xb8\x87", "\xe4\xb85元", "万万元", "5万" }
  for _ = 1, 400 do subjects[#subjects + 1] = generated(rng, rng(30)) end
  for _, s in ipairs(subjects) do
    for i = 1, #s + 1 do
      local a1, b1 = lanes:next_run(s, i)
      local a2, b2 = lua_find(s, i)
      if a1 ~= a2 or b1 ~= b2 then
        t.eq({ a1, b1 }, { a2, b2 }, string.format("next_run(%q, %d)", s, i))
      end
    end
  end
  t.eq({ lanes:next_run("共5个", 99) }, {})
  t.raises(function () lanes:next_run("5个", 0) end, "positive position expected")
end)

t.test("misuse raises", function ()
  local lanes = cn._impl.lanes
  t.raises(function () lanes:quantities("5年", {}, function () return 1 end) end,
           "cn.quantities: the general path stopped at byte 1")
  t.raises(function () lanes:quantities("5年", {}, function () return "x" end) end, "general path stopped")
  t.raises(function () lanes:quantities("5年", {}, function () error("boom") end) end, "boom")
  t.raises(function () lanes:quantities("5年", nil, print) end, "table expected")
  t.raises(function () require("assay.cn_c").new({}) end, "cn_c.new: cfg.cand is not a table")
end)

t.test("every string was compared", function ()
  t.ok(compared > 7000, "strings compared: " .. compared)
end)

local passed, failed = t.counts()
io.stdout:write(("%d passed, %d failed\n"):format(passed, failed))
if failed > 0 then os.exit(1) end
