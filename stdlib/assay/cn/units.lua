-- assay/cn/units.lua: measure words, a part of assay.cn (docs/cn.md): the
-- written unit after a numeral -> its canonical unit (unit_at), with the
-- tables of the characters that have rules of their own (个, 成, 分, 口, 期)
-- and the inline pinyin glosses and spaces a unit may carry.  assay.cn calls
-- the function this chunk returns with its module table and the table the
-- parts share (P, its X the rules added for real documents); it adds unit_at
-- and its tables to P.
local string, table = string, table
local byte, sub = string.byte, string.sub
local ipairs, next = ipairs, next
local sort = table.sort

local _ENV <const> = nil

return function (M, P)
  local W, X = P.W, P.X
  local key_at, key_before, K, charset, is_cjk = P.key_at, P.key_before, P.K, P.charset, P.is_cjk
  local K_FEN, K_ZHI = K"分", K"之"

  -- written measure word -> canonical unit (gold README); the first character
  -- indexes a list of candidates, longest first.

  local UNIT_AT = {}
  for _, u in ipairs(W.UNITS) do
    local k = K(u[1])
    local list = UNIT_AT[k]
    if not list then list = {}; UNIT_AT[k] = list end
    list[#list + 1] = { u[1], u[2], #u[1] }
  end
  for _, list in next, UNIT_AT do
    sort(list, function (x, y) return x[3] > y[3] end)
  end

  local K_GE, K_GE2, K_MONTH = K"个", K"個", K"月"
  local FUZZ = charset("多余餘")
  local K_CHENG, K_KOU, K_QI, K_ZHONG, K_ZHONG2 = K"成", K"口", K"期", K"钟", K"鐘"
  local GE_AT = {}
  for _, u in ipairs { { "月", "月" }, { "百分点", "百分点" }, { "百分點", "百分点" }, { "小时", "小时" },
                       { "小時", "小时" }, { "工作日", "工作日" }, { "星期", "星期" }, { "礼拜", "周" },
                       { "禮拜", "周" }, { "季度", "季度" }, { "钟头", "钟头" }, { "鐘頭", "钟头" } } do
    local k = K(u[1])
    GE_AT[k] = GE_AT[k] or {}
    local l = GE_AT[k]
    l[#l + 1] = { u[1], u[2], #u[1] }
  end
  local KOU_THING = charset("井塘池窖水锅鍋缸气氣罐")
  -- 成 is a verb or noun prefix far more often than "tenths" when these follow
  local CHENG_BAD = charset("为為立功效本绩績员員果就长長交都熟型品才套片批了")
  -- single-character units that start a word with the next character
  local NEXT_BAD = {}
  for u, nxt in next, {
    ["年"] = "级級代", ["位"] = "数數置于於", ["户"] = "籍口主", ["名"] = "单單称稱义義额額字",
    ["元"] = "旦素化结結论論户戶", ["天"] = "然津下空地气氣堂府使", ["周"] = "边邊围圍末到期", ["週"] = "边邊围圍末到期",
    ["所"] = "有以在属屬得谓謂需长長", ["批"] = "准准复複评評", ["门"] = "户戶口诊診店槛檻", ["門"] = "户戶口诊診店槛檻",
    ["起"] = "来來步点點草诉訴", ["组"] = "织織建成长長合团團", ["組"] = "织織建成长長合团團",
    ["队"] = "伍员員长長", ["隊"] = "伍员員长長", ["本"] = "地身质質次着來来届科市县縣项項计計村镇鎮乡鄉办辦案",
    ["片"] = "区區", ["笔"] = "记記", ["场"] = "所景合地馆館", ["場"] = "所景合地馆館",
    ["层"] = "次面级級", ["層"] = "次面级級", ["支"] = "出付持撑撐部", ["处"] = "理置于在长長",
    ["處"] = "理置于在长長", ["只"] = "有是能要会會需", ["款"] = "项項式待额額", ["条"] = "件例款幅", ["條"] = "件例款幅",
    ["种"] = "植养養子苗", ["種"] = "植养養子苗", ["台"] = "湾灣阶階上", ["项"] = "目", ["項"] = "目",
    ["次"] = "日要数數", ["头"] = "号號条條部脑腦", ["家"] = "庭乡鄉属屬", ["类"] = "似型", ["類"] = "似型",
    ["例"] = "如", ["度"] = "过過假", ["间"] = "隔接", ["間"] = "隔接", ["人"] = "民口", ["米"] = "粮糧面",
    ["省"] = "级級委长長份会會内內外直钱錢力事心标標", ["市"] = "民级級委长長场場政区區县縣属屬镇鎮郊内內外直辖轄容中值面",
    ["县"] = "城级級委长長域区區乡鄉里志", ["縣"] = "城级級委长長域区區乡鄉里志",
    ["镇"] = "级級委长長政区區街党黨", ["鎮"] = "级級委长長政区區街党黨", ["乡"] = "村镇鎮亲親土下级級委长長里愁情",
    ["鄉"] = "村镇鎮亲親土下级級委长長里愁情", ["村"] = "民委级級庄莊部干幹组組务務镇鎮集貌容落里寨子",
    ["瓦"] = "房片解", ["届"] = "一二三四五六七八九人全中党", ["屆"] = "一二三四五六七八九人全中黨", ["克"] = "服难難隆", ["双"] = "方向重手边邊胞语語赢贏", ["雙"] = "方向重手边邊胞语語赢贏",
    ["对"] = "象于照接口应應外比待话話手策标標称稱", ["對"] = "象于照接口应應外比待话話手策标標称稱",
    ["g"] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_网網信基手用覆",
    ["毛"] = "巾衣皮泽澤病笔筆主驴驢", ["角"] = "形星楼樓落度色尺膜质質逐斗力钢鋼",
  } do NEXT_BAD[K(u)] = charset(nxt) end

  -- the units of the characters with rules of their own (also given to assay.cn_c)
  local UNIT_OF = { month = "月", ge = "个", cheng = "%", fenzhong = "分钟", fen = "分", kou_thing = "口",
                    kou = "人", qi = "期",
                    renci = "人次",        -- 人 then 次, read by the lane
                    money = "元" }         -- the one unit of financial capitals (壹佰元)

  -- An inline pinyin gloss at p, (wàn) （gè） 【xiàng】: lower-case Latin
  -- letters with at least one tone mark -> the index after it, or nil.
  X.GLOSS_CLOSE = { [40] = 41, [0xEFBC88] = 0xEFBC89, [0xE38090] = 0xE38091 }
  X.GLOSS_OPEN = { [40] = true, [0xEFBC88] = true, [0xE38090] = true }
  function X.gloss_end (s, p)
    local c = byte(s, p)
    if c ~= 40 and c ~= 0xEF and c ~= 0xE3 then return nil end
    local k, i = key_at(s, p)
    local close = X.GLOSS_CLOSE[k]
    if not close then return nil end
    local tone, n = false, 0
    while n < 8 do
      local c = byte(s, i)
      if c == nil then return nil end
      if c >= 97 and c <= 122 then i = i + 1
      elseif c >= 0xC3 and c <= 0xC9 or c == 0xCC then   -- ā á ǎ à ü ... and combining marks
        local c2 = byte(s, i + 1)
        if c2 == nil or c2 < 0x80 or c2 > 0xBF then return nil end
        tone = true; i = i + 2
      else break end
      n = n + 1
    end
    if not tone then return nil end
    local k2, q = key_at(s, i)
    if k2 ~= close then return nil end
    return q
  end

  -- p past a gloss or up to two spaces (ASCII, no-break, ideographic)
  X.SPACE = { [32] = true, [0xC2A0] = true, [0xE38080] = true }
  function X.skip (s, p)
    local e = X.gloss_end(s, p)
    if e then return e end
    for _ = 1, 2 do
      local k, q = key_at(s, p)
      if not X.SPACE[k] then break end
      p = q
    end
    return p
  end

  -- the key before the numeral at a and where it starts, past one space or a
  -- gloss (第 3 名, 约 6 小时, 約(yuē)300人, 超過(guò)5萬人)
  X.GLOSS_CLOSES = { [41] = true, [0xEFBC89] = true, [0xE38091] = true }
  function X.prev_key (s, a)
    local k, st = key_before(s, a)
    if X.SPACE[k] then return key_before(s, st) end
    if X.GLOSS_CLOSES[k] then
      for o = st - 1, st > 24 and st - 24 or 1, -1 do      -- the longest gloss: 【 + 8 letters of 2 bytes
        local c = byte(s, o)
        if (c == 40 or c == 0xEF or c == 0xE3) and X.GLOSS_OPEN[key_at(s, o)] then
          if X.gloss_end(s, o) == a then return key_before(s, o) end
          break
        end
      end
    end
    return k, st
  end

  -- the written form w at p, glosses between its characters allowed -> end or nil
  function X.match_glossed (s, p, w)
    local i = 1
    while i <= #w do
      local k, ni = key_at(w, i)
      local k2, q = key_at(s, p)
      if k ~= k2 then return nil end
      i, p = ni, q
      if i <= #w then p = X.gloss_end(s, p) or p end
    end
    return p
  end

  X.BAIFEN = "百分点"

  -- unit at p -> canonical, index after it, extra qualifier, special kind
  local function unit_at (s, p, arabic)
    local k, q = key_at(s, p)
    if k == nil then return nil end
    if k == K_GE or k == K_GE2 then
      local qg = X.gloss_end(s, q) or q
      local k2, q2 = key_at(s, qg)
      local xq
      if FUZZ[k2] then
        q2 = X.gloss_end(s, q2) or q2
        if key_at(s, q2) == K_MONTH then return UNIT_OF.month, q2 + 3, "min" end
        xq = "min"; qg = q2; k2 = key_at(s, q2)          -- 4个多小时
      end
      local list = GE_AT[k2]
      if list then
        for j = 1, #list do
          local e = list[j]
          local eq = sub(s, qg, qg + e[3] - 1) == e[1] and qg + e[3] or X.match_glossed(s, qg, e[1])
          if eq then
            if e[2] == X.BAIFEN then eq = X.gloss_end(s, eq) or eq end
            return e[2], eq, xq
          end
        end
      end
      return UNIT_OF.ge, q
    elseif k == K_CHENG then
      if CHENG_BAD[key_at(s, q)] then return nil end
      return UNIT_OF.cheng, q, nil, "成"
    elseif k == K_FEN then
      local k2, q2 = key_at(s, q)
      if k2 == K_ZHONG or k2 == K_ZHONG2 then return UNIT_OF.fenzhong, q2 end
      if k2 == K_ZHI or not arabic then return nil end
      return UNIT_OF.fen, q
    elseif k == K_KOU then
      -- 三口之家, 5口人: people; 3口井, 一口气: something else
      if KOU_THING[key_at(s, q)] then return UNIT_OF.kou_thing, q end
      return UNIT_OF.kou, q
    elseif k == K_QI then
      if is_cjk(key_at(s, q)) then return nil end
      return UNIT_OF.qi, q
    end
    local list = UNIT_AT[k]
    if not list then return nil end
    local c = byte(s, q)
    local glossed = (c == 40 or c == 0xEF or c == 0xE3) and X.GLOSS_OPEN[key_at(s, q)]
    for j = 1, #list do
      local e = list[j]
      if e[3] == q - p then
        local bad = NEXT_BAD[k]
        if bad and bad[key_at(s, glossed and X.gloss_end(s, q) or q)] then return nil end
        return e[2], q
      end
      if sub(s, p, p + e[3] - 1) == e[1] then
        local eq = p + e[3]
        if e[2] == X.BAIFEN then eq = X.gloss_end(s, eq) or eq end
        return e[2], eq
      end
      if glossed then
        local eq = X.match_glossed(s, p, e[1])
        if eq then
          if e[2] == X.BAIFEN then eq = X.gloss_end(s, eq) or eq end
          return e[2], eq
        end
      end
    end
    return nil
  end

  -- }======

  P.UNIT_AT, P.GE_AT, P.FUZZ, P.KOU_THING, P.CHENG_BAD, P.NEXT_BAD, P.UNIT_OF, P.unit_at =
    UNIT_AT, GE_AT, FUZZ, KOU_THING, CHENG_BAD, NEXT_BAD, UNIT_OF, unit_at
end
