-- assay/cn/scan.lua: one quantity, a part of assay.cn (docs/cn.md): scan_at
-- reads the quantity whose numeral starts at a candidate run (ranges,
-- fractions and percentages, spoken money, halves, enumerations, the unit a
-- noun gives) and decides with the context rules whether it counts.  It is
-- the general path of cn.quantities and the Lua reference of the C lane.
-- assay.cn calls the function this chunk returns with its module table and
-- the table the parts share (P, its X the rules added for real documents);
-- it adds scan_at to P.
local string, math = string, math
local byte, sub, format, find = string.byte, string.sub, string.format, string.find
local tonumber = tonumber
local tointeger, floor = math.tointeger, math.floor

local _ENV <const> = nil

return function (M, P)
  local X = P.X
  local key_at, key_before, key3, K, charset = P.key_at, P.key_before, P.key3, P.K, P.charset
  local is_cjk, is_alpha, is_adigit = P.is_cjk, P.is_alpha, P.is_adigit
  -- parse_number(s, i) -> index after the numeral, numeral() -> its registers;
  -- numeral_at(s, a, b) -> both, for the numeral of a candidate (number.lua)
  local parse_number, numeral_at, numeral, year_shaped = P.parse_number, P.numeral_at, P.numeral, P.year_shaped
  local digits_, tonum = P.digits_, P.tonum
  local DIGIT, SMALL, BIG, NUMSTART, RANGE_SEP, P10 = P.DIGIT, P.SMALL, P.BIG, P.NUMSTART, P.RANGE_SEP, P.P10
  local unit_at, UNIT_OF, GE_AT, FUZZ, KOU_THING = P.unit_at, P.UNIT_OF, P.GE_AT, P.FUZZ, P.KOU_THING
  local ONE_PREV, INDEF, PEOPLE_AT, PUNCT_STOP, TIME_UNIT, HALF_UNIT, INFIX_UNIT =
    P.ONE_PREV, P.INDEF, P.PEOPLE_AT, P.PUNCT_STOP, P.TIME_UNIT, P.HALF_UNIT, P.INFIX_UNIT
  local lexicon_at, in_short_quote, in_title, prefix_qual = P.lexicon_at, P.in_short_quote, P.in_title, P.prefix_qual
  local K_GE, K_GE2, K_MONTH, K_FEN, K_ZHI, K_DIAN, K_DIAN2, K_SHI2, K_SHI3 =
    K"个", K"個", K"月", K"分", K"之", K"点", K"點", K"时", K"時"
  local K_DA, K_XIAO, K_BAN, K_DI, K_SHU = K"大", K"小", K"半", K"第", K"数"
  local K_YI3, K_SHANG, K_XIA, K_NEI, K_NEI2, K_ZUO, K_YOU = K"以", K"上", K"下", K"内", K"內", K"左", K"右"

  local YEAR_DATE_NEXT = charset("底初末度")

  -- value scaled by 10^S times mult -> Lua number
  local function scaled (m, S, mult)
    if mult ~= 1 then
      if (m + 0.0) * mult < 9.2e18 then m = m * mult
      else return m / P10[S] * mult end
    end
    return tonum(m, S)
  end

  X.K_DUN, X.K_SLASH, X.K_LAI, X.K_LAI2, X.K_QIAN2 = K"、", 47, K"来", K"來", K"前"
  X.ENUM_JOIN = charset("、和与與及")        -- 120、86和54户
  X.K_DIAN_ANY = { [K"点"] = true, [K"點"] = true }
  X.K_LIA = { [K"俩"] = true, [K"倆"] = true }
  X.K_JIAO = { [K"角"] = true, [K"毛"] = true }
  X.MONEY_W = charset("元圆块塊")
  X.KUAI_W = charset("块塊")
  -- 多 after the unit is "more than" (一年多, 五亩多) unless a word goes on (一年多次)
  X.FUZZ_AFTER_BAD = charset("次种種个個项項家样樣元方少人户戶名位所条條数數年天月处處批起种件只头则則" ..
                              "雨云雲发發彩功渠措部层層点點重维維边邊劳勞")
  X.HALF_PREV = charset("上下前后後大多一过過")        -- 上半年: a half of the calendar
  X.HALF_OK = { ["年"] = true, ["天"] = true, ["月"] = true, ["小时"] = true, ["钟头"] = true }
  X.MEASURE = { ["亩"] = true, ["平方米"] = true, ["公里"] = true, ["米"] = true, ["吨"] = true, ["公斤"] = true,
                ["斤"] = true, ["千瓦"] = true, ["平方公里"] = true, ["公顷"] = true, ["立方米"] = true }
  X.ONE_ONLY = charset("只仅僅就才少")     -- 只有一个: a count, not an article
  -- classifiers of things after which 一 closing its clause counts (电排一座，; not
  -- 批: 发展生产脱贫一批, the 五个一批 of policy)
  X.COUNT_AFTER = charset("座条條张張间間处處家部件支根颗顆套份场場")
  X.K_YOU2, X.K_MEI, X.K_ZHOU, X.K_ZHOU2, X.K_DE = K"有", K"每", K"周", K"週", K"的"
  X.ZERO_PREV = charset("为為是至到")        -- 为零, 降为0, 降至0
  X.K_LV, X.K_LV2 = K"率", K"率"
  X.K_SHU2 = K"數"
  X.POOR = { ["贫困"] = true, ["貧困"] = true }
  X.K_LIANG, X.K_LIANG2 = K"两", K"兩"
  X.QIAN_W = charset("钱錢")
  X.FEN_ONE_WORD = charset("致般样樣直定切次些点點半旦刻秒时時")  -- 三分一致? no: 一 opens a word
  X.FEN_WORD = charset("之钟鐘")    -- 三分之一, 五分钟: no cents
  X.YI3_NEXT = charset("上下内內")     -- 以上 以下 以内

  -- the unit shared by the members of an enumeration 120、86、54户 (from the
  -- member at p on) -> unit, its multiplier
  function X.enum_unit (s, p, arabic)
    for _ = 1, 12 do
      local k = key_at(s, p)
      if not (arabic and is_adigit(k) or not arabic and NUMSTART[k] and not is_adigit(k)) then return nil end
      local e = parse_number(s, p)
      local _, _, range, ar, _, _, _, _, _, _, _, tb = numeral()
      if not e or range or ar ~= arabic then return nil end
      local k2, q2 = key_at(s, e)
      if not X.ENUM_JOIN[k2] then
        local u = unit_at(s, e, arabic)
        if not u or u == "%" and not arabic then return nil end
        return u, tb
      end
      p = q2
    end
    return nil
  end

  -- tenths and hundredths of money after 元/块 (三元五角, 三百零六元四角五分,
  -- 三块二, 两块七八, 五块七毛八, 三块四分, 三块零四) -> index after them
  -- (and after 钱), tenths low, tenths high, hundredths
  function X.money_tail (s, p, kuai)
    local e, lo, hi, h = X.money_cents(s, p, kuai)
    if e and X.QIAN_W[key_at(s, e)] then e = e + 3 end      -- 五块六角钱
    return e, lo, hi, h
  end
  function X.money_cents (s, p, kuai)
    local lo = DIGIT[key_at(s, p)]
    if not lo then return nil end
    local hi, q = lo, p + 3                  -- one digit, or two in a row (七八)
    local d2 = DIGIT[key_at(s, q)]
    if d2 and d2 == lo + 1 then hi = d2; q = q + 3 end
    local k, q1 = key_at(s, q)
    if hi == lo and k == K_FEN and not X.FEN_WORD[key_at(s, q1)] then return q1, 0, 0, lo end   -- 三块四分
    if lo == 0 and hi == 0 then                -- 三块零四, 三元零五分
      local d3 = DIGIT[k]
      if not d3 or d3 == 0 then return nil end
      if key_at(s, q1) == K_FEN and not X.FEN_WORD[key_at(s, q1 + 3)] then return q1 + 3, 0, 0, d3 end
      if kuai and not unit_at(s, q1, false) then return q1, 0, 0, d3 end
      return nil
    end
    if X.K_JIAO[k] then
      if hi ~= lo then return nil end
      local k3, q3 = key_at(s, q1)
      local d3 = DIGIT[k3]
      if d3 and key_at(s, q3) == K_FEN then return q3 + 3, lo, hi, d3 end
      if d3 and d3 > 0 and not unit_at(s, q3, false) and not DIGIT[key_at(s, q3)] then   -- 五块七毛八
        return q3, lo, hi, d3
      end
      return q1, lo, hi, 0
    end
    if kuai and not unit_at(s, q, false) and not FUZZ[k] and not BIG[k] then return q, lo, hi, 0 end
    return nil
  end

  -- the high end of a range of spoken amounts, its numeral at p, above low ->
  -- value, index after it; or nil, e when there is none
  function X.money_high (s, p, low, e)
    local k = key_at(s, p)
    if not NUMSTART[k] or is_adigit(k) then return nil, e end
    local e2 = parse_number(s, p)
    local lo, S, range, ar, _, _, _, vague, _, _, _, tb = numeral()
    if not e2 or range or vague or ar or tb > 1 then return nil, e end
    local v = scaled(lo, S, 1)
    local kw = key_at(s, e2)
    if not X.MONEY_W[kw] then return nil, e end
    local e3, tlo, thi, h = X.money_tail(s, e2 + 3, X.KUAI_W[kw])
    if e3 and thi ~= tlo then return nil, e end
    if e3 then v = tonumber(format("%.2f", v + tlo / 10 + h / 100)) end
    if v <= low then return nil, e end
    return v, e3 or e2 + 3
  end

  -- is there a 最 in the clause before i (最显著的一年)?
  function X.superlative (s, i)
    for _ = 1, 12 do
      local k, st = key_before(s, i)
      if k == nil or PUNCT_STOP[k] or X.SENTENCE_END[k] then return false end
      if k == X.K_ZUI then return true end
      i = st
    end
    return false
  end

  -- the unit of a currency written right before the number at a (人民币, 港币), or nil
  X.CURRENCY = { ["人民币"] = "元", ["人民幣"] = "元", ["港币"] = "港元", ["港幣"] = "港元" }
  function X.currency_before (s, a)
    local k, st = key_before(s, a)
    if k ~= 0xE5B881 and k ~= 0xE5B9A3 then return nil end     -- 币 幣
    return X.CURRENCY[sub(s, st - 3, a - 1)] or st > 6 and X.CURRENCY[sub(s, st - 6, a - 1)] or nil
  end

  -- 百企帮百村, 十(银)行包十县: a campaign slogan pairs the same numeral on both
  -- sides of its verb; is numeral k within six characters before i (this clause)?
  X.SLOGAN_VERB = charset("包帮幫联聯结結带帶进進扶")
  X.CLAUSE_END = charset("，、；。！？,;!?\n")
  function X.paired (s, i, k)
    if not (SMALL[k] or BIG[k]) then return false end
    for _ = 1, 6 do
      local kb, st = key_before(s, i)
      if kb == nil or X.CLAUSE_END[kb] then return false end
      if kb == k then return true end
      i = st
    end
    return false
  end

  -- 八亩地村, 三间房乡: a numeral and its measure word open a place's name
  -- when one more character and 村/镇/乡 … follow (not 五个新村, 三个乡村)
  X.PLACE_END = charset("村镇鎮乡鄉屯庄莊铺鋪寨")
  function X.place_name (s, uq)
    local k1, n1 = key_at(s, uq)
    return is_cjk(k1) and not NUMSTART[k1] and not X.PLACE_END[k1] and X.PLACE_END[key_at(s, n1)] == true
  end

  -- num / den as a percentage, to 6 decimals
  function X.percent (num, den)
    if den == 100 then return num end
    local pct = num * 100 / den
    if pct ~= floor(pct) then pct = tonumber(format("%.6f", pct)) end
    return pct
  end

  -- after an Arabic low end at p: " 万[(含)]-5 万" -> the high end's mantissa, its
  -- scale, the index after its 万/亿, the factor; nil when not so
  function X.spaced_range (s, p)
    local p1 = X.skip(s, p)
    local b = p1 > p and BIG[key_at(s, p1)]
    if not b then return nil end
    local ks, qs = key_at(s, X.han_end(s, p1 + 3) or p1 + 3)
    if not RANGE_SEP[ks] then return nil end
    local k2, q2 = key_at(s, qs)
    if RANGE_SEP[k2] and ks ~= 0xE588B0 and ks ~= 0xE887B3 then qs = q2; k2 = key_at(s, qs) end   -- 1 万——5 万
    if not is_adigit(k2) then return nil end
    local e = parse_number(s, qs)
    local lo, S, range, ar, _, _, _, _, lead0, units = numeral()
    if not e or range or not ar or lead0 or units > 0 then return nil end
    local p3 = X.skip(s, e)
    if p3 == e or BIG[key_at(s, p3)] ~= b then return nil end
    return lo, S, p3 + 3, b
  end

  -- (含) or （含） at p ("included") -> the index after it, or nil
  function X.han_end (s, p)
    local k, q = key_at(s, p)
    if not (k == 40 or k == 0xEFBC88) or key_at(s, q) ~= X.K_HAN then return nil end
    local k2, q2 = key_at(s, q + 3)
    if k2 == 41 or k2 == 0xEFBC89 then return q2 end
    return nil
  end

  -- Digits grouped by threes with a space (GB/T 15835, as journals print them:
  -- 1 200多人, 12 345 678元, 1 000人; a space or a thin space): a mention m
  -- whose numeral at a is a group of exactly three digits takes in the groups
  -- before it, back to a lead of one to three digits, when no digit, letter,
  -- point, separator or 第 comes before the lead and no mention ends there
  -- (a prefix qualifier before the lead joins it: 约1 200人).  The lanes leave
  -- a numeral after a space to scan_at (LANE_PREV).  Returns false for a group
  -- with a leading zero (000人) that joins nothing: no mention.
  local GROUP_SEP = { [" "] = 1, ["\u{2009}"] = 3, ["\u{202F}"] = 3 }
  local function group_sep (s, p)        -- the length of a separator ending at p - 1, or nil
    if p > 1 and GROUP_SEP[sub(s, p - 1, p - 1)] == 1 then return 1 end
    if p > 3 and GROUP_SEP[sub(s, p - 3, p - 1)] == 3 then return 3 end
    return nil
  end
  X.GROUP_SEP = GROUP_SEP
  function X.after_group (s, a)           -- a three-digit group at a follows a digit and a separator
    local sep = group_sep(s, a)
    return sep and find(s, "^%d", a - sep - 1) and find(s, "^%d%d%d[^%d/]", a) and true or false
  end
  local function join_group (s, m, a, out)
    if m.high or not X.after_group(s, a) then return true end
    local st, add, scale = a, 0, 1000 * (m.multiplier or 1)
    while true do
      local sep = group_sep(s, st)
      if not sep then break end
      local ge = st - sep - 1
      if ge < 1 or not find(s, "^%d", ge) then break end
      local gs = ge
      while gs > 1 and ge - gs < 3 and find(s, "^%d", gs - 1) do gs = gs - 1 end
      if ge - gs == 3 then st = a; break end           -- four digits: a year, a code
      local g = tonumber(sub(s, gs, ge))
      if (g + 0.0) * scale + add + m.value >= 9e18 then st = a; break end   -- beyond the integers
      add = add + g * scale
      st = gs
      if ge - gs < 2 or byte(s, gs) == 48 then break end   -- the lead
      scale = scale * 1000
    end
    local sep = group_sep(s, st)
    local prev = out[#out]
    if st < a and byte(s, st) ~= 48 and not find(sub(s, st - 1, st - 1), "^[%w.,/:%-]")
       and sub(s, st > 3 and st - 3 or 1, st - 1) ~= "第" and not (sep and find(s, "^%d", st - sep - 1))
       and (prev == nil or prev.stop < st) then
      if m.start == a then
        local k, kst = key_before(s, st)
        local pst, pq = prefix_qual(s, k, kst)
        if pst and (prev == nil or prev.stop < pst) then st = pst; m.qualifier = pq end
        m.start, m.surface = st, sub(s, st, m.stop)
      end
      m.value = m.value + add
      return true
    end
    return byte(s, a) ~= 48
  end

  -- Reads a quantity whose numeral starts at a; appends a mention to out when
  -- there is one.  Returns where the scan goes on.
  local function scan_at (s, a, b, ctx, out)
    local q, lo, S, isrange, arabic, positional, nint, hi, vague, lead0, units, hasbig, tailbig, fin, ntok, bare,
      onlyone, firsttok_unit, ystart, halfonly = numeral_at(s, a, b)
    if not q then return b + 1 end          -- no numeral here (too long, vague ...): skip the run
    local yend = ystart
    local onechar = ntok == 1 and q == a + 3
    local unitsonly = not arabic and units == ntok      -- 千万, 百万: no digit
    local p = q
    local k = key3(s, p)
    local q1 = p + (k and k < 0x80 and 1 or 3)

    -- 三点二万元, 四点五个百分点: a decimal point in Chinese
    local dmult = 1
    if not arabic and (k == 0xE782B9 or k == 0xE9BB9E) and not isrange and not positional and not vague  -- 点 點
       and DIGIT[key_at(s, q1)] then
      local m, nd, i = lo, 0, q1
      while nd < 6 do
        local dv = DIGIT[key_at(s, i)]
        if not dv then break end
        m = m * 10 + dv; nd = nd + 1; i = i + 3
      end
      local kn = key_at(s, i)
      if not (BIG[kn] or unit_at(s, i, false)) then return i end
      lo, hi, S, tailbig, onechar = m, m, S + nd, 1, false
      if BIG[kn] then dmult = BIG[kn]; i = i + 3 end
      p = i; k = key3(s, p); q1 = p + (k and k < 0x80 and 1 or 3)
    end

    -- 1 万(含)-5 万元, 3 万-5 万元: Arabic ends with a space before the same 万/亿
    if arabic and X.SPACE[k] and not isrange and tailbig == 1 and dmult == 1 then
      local hi2, S2, e2, b = X.spaced_range(s, p)
      if hi2 then
        local Sm = S > S2 and S or S2
        local l, h = lo * P10[Sm - S], hi2 * P10[Sm - S2]
        if l < h then
          lo, hi, S, isrange, hasbig, dmult = l, h, Sm, true, true, b
          p = e2; k = key3(s, p); q1 = p + (k and k < 0x80 and 1 or 3)
        end
      end
    end
    -- 3-5万元, 3至5万, 两到三万: a range of two numerals (1万(含)-5万元: the low end included)
    local sepw = RANGE_SEP[k]
    local k0, q10 = k, q1
    if not sepw and not isrange and (k == 40 or k == 0xEFBC88) then
      local hq = X.han_end(s, p)
      if hq and RANGE_SEP[key_at(s, hq)] then k, q1 = key_at(s, hq); sepw = RANGE_SEP[k] end
    end
    if sepw and not isrange then
      local k2, q1b = key_at(s, q1)
      if RANGE_SEP[k2] and k2 ~= 0xE588B0 and k2 ~= 0xE887B3 then q1 = q1b; k2 = key_at(s, q1) end   -- 2——3万 (not 至/到 twice)
      if (arabic and is_adigit(k2)) or (not arabic and NUMSTART[k2] and not is_adigit(k2)) then
        local q2 = parse_number(s, q1)
        local lo2, S2, range2, arabic2, _, _, _, _, lead02, _, hasbig2, tailbig2, _, _, _, _, _, tailall2 = numeral()
        if q2 and not range2 and arabic2 == arabic and not lead0 and not lead02 then
          local mul = 1
          if units == 0 then mul = tailall2 elseif not hasbig then mul = tailbig2 end
          local Sm = S > S2 and S or S2
          local l, h = lo * P10[Sm - S], lo2 * P10[Sm - S2]
          if mul > 1 and (l + 0.0) * mul >= h and l < h then mul = 1 end     -- 从8500到3万
          if (l + 0.0) * mul < 9e18 and l * mul < h then
            lo, hi, S, isrange = l * mul, h, Sm, true
            yend = year_shaped()
            hasbig = hasbig or hasbig2
            tailbig = tailbig2
            p = q2
            k = key3(s, p); q1 = p + (k and k < 0x80 and 1 or 3)
          end
        end
      end
      if not isrange then k, q1 = k0, q10 end
    end

    -- 两、三千元, 七、八十人: a digit, 、, a greater digit with its place: a range
    -- in that place (as 两三千元; 一、二、三 or 三、4千 stay an enumeration)
    if not sepw and not isrange and k == X.K_DUN and onechar and not arabic and DIGIT[key_at(s, a)]
       and key_before(s, a) ~= X.K_DUN then
      local q2 = parse_number(s, q1)
      local lo2, S2, range2, arabic2, _, _, _, vague2, _, _, _, tailbig2, _, _, _, _, _, tailall2 = numeral()
      if q2 and not range2 and not arabic2 and not vague2 and S2 == 0 and tailall2 > 1 and lo2 % tailall2 == 0
         and lo2 // tailall2 > lo and lo2 // tailall2 <= 9 and not X.ENUM_JOIN[key_at(s, q2)] then
        lo, hi, isrange, hasbig, tailbig = lo * tailall2, lo2, true, hasbig or tailbig2 > 1, tailbig2
        p = q2; k = key3(s, p); q1 = p + (k and k < 0x80 and 1 or 3)
      end
    end

    local fz, mult, pct, lai = false, dmult, nil, false
    local half, pcthi = false, nil
    local pk, pkst
    local up                                  -- where the unit starts
    local pe = p                              -- where the numeral ends
    local unit, uq, xqual, special
    -- 百分之九十, 四分之三: fractions are percentages
    if k == K_FEN and key_at(s, q1) == K_ZHI and not isrange then
      local q3 = parse_number(s, q1 + 3)
      local nm, ns, range3, arabic3, _, _, hi3, vague3 = numeral()
      if not q3 or range3 and (nm == 0 or vague3) then return q1 end
      if range3 then pcthi = X.percent(tonum(hi3, ns), tonum(lo, S)) end      -- 百分之七八十
      if vague3 then vague = true end                                            -- 百分之十几: min
      if not arabic3 and ns == 0 and X.K_DIAN_ANY[key_at(s, q3)] and DIGIT[key_at(s, q3 + 3)] then
        q3 = q3 + 3                                           -- 百分之十二点五, 百分之零点五
        while DIGIT[key_at(s, q3)] and ns < 6 do nm = nm * 10 + DIGIT[key_at(s, q3)]; ns = ns + 1; q3 = q3 + 3 end
      end
      if nm == 0 then return q1 end
      pct = X.percent(tonum(nm, ns), tonum(lo, S))
      unit, uq, up = "%", q3, p
    elseif k == K_FEN and onechar and not arabic and lo >= 2 and lo <= 9 and DIGIT[key_at(s, q1)]
           and DIGIT[key_at(s, q1)] > 0 and DIGIT[key_at(s, q1)] < lo and not X.FEN_ONE_WORD[key_at(s, q1 + 3)] then
      -- 三分一, 四分三 (Hong Kong usage): 三分之一
      pct, unit, up, uq = X.percent(DIGIT[key_at(s, q1)], lo), "%", p, q1 + 3
    elseif k == X.K_SLASH and arabic and not isrange and S == 0 and tailbig == 1 then
      -- 1/5, 3/8: a fraction, as a percentage
      local den, nd, q3 = digits_(s, q1)
      local kb = key_before(s, a)
      if nd == 0 or nd > 4 or den <= lo or lo == 0 or is_adigit(kb) or kb == 47 or kb == 46
         or is_adigit(key_at(s, q3)) or byte(s, q3) == 47 or byte(s, q3) == 46 then
        return q1
      end
      pct = lo * 100 / den
      if pct ~= floor(pct) then pct = tonumber(format("%.6f", pct)) end
      if pct == floor(pct) then pct = tointeger(pct) or pct end
      unit, uq, up = "%", q3, p
    elseif onlyone and not isrange and k == K_BAN then
      -- 一半 (以上): fifty per cent
      if ctx and ONE_PREV[key_before(s, a)] then return q1 end
      pct, unit, up, uq = 50, "%", p, q1
    else
      local g = (k == 40 or k == 0xEFBC88 or k == 0xE38090) and X.gloss_end(s, p)   -- ( （ 【
      if g then p = g; pe = g; k = key3(s, p); q1 = p + (k and k < 0x80 and 1 or 3) end
      if X.SPACE[k] then p = X.skip(s, p); k = key3(s, p); q1 = p + (k and k < 0x80 and 1 or 3) end
      if p > pe and BIG[k] and mult == 1 and tailbig == 1 then     -- 2.6 亿元
        mult = BIG[k]; p = q1; pe = p; k = key3(s, p); q1 = p + (k and k < 0x80 and 1 or 3)
      elseif (k == K_GE or k == K_GE2) and BIG[key3(s, q1)] and mult == 1 and tailbig == 1 then   -- 两个亿
        mult = BIG[key3(s, q1)]; p = q1 + 3; pe = p; k = key3(s, p); q1 = p + (k and k < 0x80 and 1 or 3)
      end
      if FUZZ[k] then
        fz = true
        p = q1
        k = key3(s, p); q1 = p + (k and k < 0x80 and 1 or 3)
        local bm = BIG[k]
        if bm then
          mult = bm
          p = q1
          k = key3(s, p); q1 = p + (k and k < 0x80 and 1 or 3)
        end
        pe = p
      elseif k == 0xE69DA5 or k == 0xE4BE86 then      -- 来 來: 200来块钱, 二十来岁
        lai = true; p = q1; pe = p; k = key3(s, p); q1 = p + (k and k < 0x80 and 1 or 3)
      end
      if not fz and FUZZ[k] then fz = true; p = q1; pe = p; k = key3(s, p); q1 = p + (k and k < 0x80 and 1 or 3) end
      if p > pe or fz or lai then
        g = (k == 40 or k == 0xEFBC88 or k == 0xE38090) and X.gloss_end(s, p)
        if g then p = g; pe = g; k = key3(s, p); q1 = p + (k and k < 0x80 and 1 or 3) end
        if X.SPACE[k] then p = X.skip(s, p); k = key3(s, p); q1 = p + (k and k < 0x80 and 1 or 3) end
      end
      up = p
      if not halfonly or X.HALF_OK[unit_at(s, p, false)] then
        unit, uq, xqual, special = unit_at(s, p, arabic)
      end
      if halfonly then
        if not X.HALF_OK[unit] or fz or lai then return q end
        if ctx and X.HALF_PREV[key_before(s, a)] then return uq end
      end
      local infix = false
      if not unit and (k == K_DA or k == K_XIAO) then
        local u2, uq2 = unit_at(s, q1, arabic)
        if INFIX_UNIT[u2] then unit, uq, infix = u2, uq2, true end
      end
      if not unit then
        if not ctx or positional or lai then return p end
        if X.ENUM_JOIN[k] and not isrange and not fz then          -- 、 和
          local u, eb = X.enum_unit(s, q1, arabic)
          if not u or u == "年" and ystart then return p end
          if eb > 1 and not hasbig and mult == 1 then mult = eb end
          unit, uq, up = u, pe, pe
        elseif onechar and X.K_LIA[key_at(s, a)] then     -- 俩 = 两个
          unit, uq, up = UNIT_OF.ge, pe, pe
        elseif lo == 0 and not isrange and X.ZERO_PREV[key_before(s, a)] then     -- 为零, 为0
          local e, u = a, nil
          for _ = 1, 12 do
            local kb, st = key_before(s, e)
            if kb == nil or PUNCT_STOP[kb] or kb == 10 then break end
            if kb == X.K_LV then u = "%"; break end
            if PEOPLE_AT[kb] or X.HOUSE[kb] then u = X.noun_at(s, st, kb); if u then break end end
            e = st
          end
          if not u then return p end
          unit, uq, up = u, pe, pe
        else
          local big = mult > 1 or tailbig > 1 or hasbig
          local cu = arabic and not isrange and not fz and X.currency_before(s, a)     -- 人民币3.14, 港幣2960
          if cu then
            unit, uq, up = cu, pe, pe
          elseif not (big or arabic and X.NOUN_NEXT[k]) or (lead0 and nint >= 2) then return p end
          -- 千万群众; but 千万不要…群众 (by all means): a numeral of units alone needs its noun right after
          if not cu then
            local u = X.implicit(s, a, pe, big, out, unitsonly)
            if not u then return p end
            unit, uq, up = u, pe, pe
          end
        end
      end
      pk, pkst = X.prev_key(s, a)
      -- calendar years and dates are not quantities (2019年, 2016-2020年, 17年底)
      if unit == "年" then
        if ystart or yend then return uq end
        if arabic and nint <= 2 and not isrange then
          local nk = key_at(s, uq)
          if YEAR_DATE_NEXT[nk] then return uq end
          if is_adigit(nk) then
            local _, _, dq = digits_(s, uq)
            if key_at(s, dq) == K_MONTH then return uq end
          end
        end
      end
      if positional then return uq end
      if unit == UNIT_OF.ge and key_at(s, uq) == K_BAN and not isrange and not fz and mult == 1 then
        local list = GE_AT[key_at(s, uq + 3)]                   -- 一个半月, 两个半小时
        for j = 1, list and #list or 0 do
          local e = list[j]
          if e[2] ~= X.BAIFEN and sub(s, uq + 3, uq + 2 + e[3]) == e[1] then
            unit = e[2]; half = true; uq = uq + 3 + e[3]
            break
          end
        end
      end
      if unit == UNIT_OF.kou and KOU_THING[pk] then unit = UNIT_OF.kou_thing end   -- 水窖12口: wells, not people
      if special == "成" then
        if lo > 10 * P10[S] or hi > 10 * P10[S] then return uq end
        mult = mult * 10
        local d = not arabic and not isrange and S == 0 and lo < 10 and DIGIT[key_at(s, uq)]
        if d and d > 0 and not NUMSTART[key_at(s, uq + 3)] and not unit_at(s, uq + 3, false) then
          lo, hi, S, uq = lo * 10 + d, hi * 10 + d, 1, uq + 3          -- 九成五: 95 %
        end
      end
      if unit == "分" then
        if pk == K_DIAN or pk == K_DIAN2 or pk == K_SHI2 or pk == K_SHI3 or pk == 58 then return uq end
      end
      if ctx then
        if unit == "周年" then return uq end                  -- anniversaries
        if unit == "番" then                                  -- 翻一番, 翻了近两番: doublings
          if not X.after_fan(s, a) then return uq end        -- (一番努力, 三番五次: no)
          onlyone = false
        end
        if pk == K_DI or is_alpha(pk) then return uq end
        if pk == 46 or pk == 0xEFBC8E then return uq end       -- .8万: a number that lost digits
        if pk == 45 or pk == 0xEFBC8D or pk == 47 then
          local k0 = key_before(s, pkst)
          if is_adigit(k0) then return uq end            -- 0535-6631311, codes
        end
        if pk == X.K_QIAN2 and (unit == "人" or unit == "个") then return uq end   -- 前10名: a rank
        if arabic and (pk == 58 or pk == 0xEFBC9A) and is_adigit(key_before(s, pkst)) then return uq end  -- 15:57
        if lead0 and nint >= 2 and not (nint == 3 and arabic and X.after_group(s, a)) then return uq end
        if fin and unit ~= UNIT_OF.money then return uq end
        if onlyone and not fz and mult == 1 and not pct and not half then     -- (用了一个半月 counts)
          -- (an article needs its noun after it: a classifier of things that
          -- closes its clause counts, 新建电排一座，; not in a word, 一起 一道 一把,
          -- nor as the "each" of a price, 两角五分一张，)
          local ku1 = key_at(s, up)
          if infix or INDEF[ku1] and not (X.COUNT_AFTER[ku1] and X.CLAUSE_END[key_at(s, uq) or 10]
                                          and not (out[#out] and out[#out].stop == a - 1)) then
            return uq
          end
          if ONE_PREV[pk] then
            local k2 = key_before(s, pkst)
            if not (pk == X.K_YOU2 and X.ONE_ONLY[k2] or (pk == X.K_ZHOU or pk == X.K_ZHOU2) and k2 == X.K_MEI
                    or pk == X.K_DE and unit ~= UNIT_OF.ge and not X.superlative(s, pkst)) then
              -- 的一个: an article; 过去的一年: a year; 最难忘的一年: a kind of year
              return uq
            end
          end
        end
        if (pk == K_SHU or pk == X.K_SHU2) and firsttok_unit then return uq end   -- 数十, 數百: vague
        if onechar and X.SLOGAN_VERB[pk] and X.paired(s, pkst, key3(s, a)) then return uq end  -- 十行包十县
        if not arabic and unit ~= UNIT_OF.ge and unit ~= UNIT_OF.kou and X.place_name(s, uq) then return uq end
        if not arabic then
          local le = lexicon_at(s, a)
          if le then return le > uq and le or uq end
        end
        if in_short_quote(s, a, uq) then return uq end     -- 「壮丽70年」, “两年打基础”: slogans
        if in_title(s, a) then return uq end
      end
    end

    -- 一年半: half a unit more
    local tenjin
    local ku = key_at(s, uq)
    if ku == K_BAN and HALF_UNIT[unit] and not half and not isrange and not pct then
      half = true; uq = uq + 3; ku = key_at(s, uq)
    end
    -- 3斤5两, 六斤八两: tenths of a jin
    if unit == "斤" and not half and not isrange and not pct and not fz then
      local kd, qd = key_at(s, uq)
      local d = DIGIT[kd] or is_adigit(kd) and (kd < 0x80 and kd - 48 or kd - 0xEFBC90)
      local kl, ql = key_at(s, qd)
      if d and (kl == X.K_LIANG or kl == X.K_LIANG2) and not NUMSTART[key_at(s, ql)] and not is_adigit(key_at(s, ql)) then
        tenjin = d; uq = ql; ku = key_at(s, uq)
      end
    end
    -- money in yuan and tenths: 三元五角, 三块二
    local tenlo, tenhi, hund
    local ku0 = not arabic and not pct and not isrange and mult == 1 and key3(s, up)
    if ku0 and X.MONEY_W[ku0] then
      local e2
      e2, tenlo, tenhi, hund = X.money_tail(s, uq, X.KUAI_W[ku0])
      if e2 then unit = "元"; uq = e2; ku = key_at(s, uq) else tenlo = nil end
    end
    if unit == "角" then          -- 2角, 两角五分: money; 三角, 一角 alone: a corner
      local d = not arabic and DIGIT[ku]
      if not (arabic or d and key_at(s, uq + 3) == K_FEN) or pct or isrange or mult > 1 then return uq end
      unit = "毛"
    end
    if unit == "毛" then                                        -- 八毛: 0.8 元; 两毛五: 0.25
      unit = "元"; S = S + 1
      local d = not pct and not isrange and not arabic and S == 1 and DIGIT[ku]
      if d and not unit_at(s, uq + 3, false) and not DIGIT[key_at(s, uq + 3)] then
        lo = lo * 10 + d; S = 2; uq = uq + 3; ku = key_at(s, uq)
        if ku == K_FEN and not X.FEN_WORD[key_at(s, uq + 3)] then uq = uq + 3; ku = key_at(s, uq) end   -- 两角五分
      end
    end
    if unit == "旬" then unit = "岁"; lo, hi = lo * 10, hi * 10 end   -- 年逾七旬: 70 岁
    -- 20万元——50万元, 3年--5年: a range with the unit written twice
    local high2
    if tenlo and tenhi == tenlo and RANGE_SEP[ku] then    -- 五元六角-五元七毛八分, 五块六到五块七毛八
      high2, uq = X.money_high(s, uq + RANGE_SEP[ku], scaled(lo, S, 1) + tenlo / 10 + hund / 100, uq)
      ku = key_at(s, uq)
    end
    local hq = (ku == 40 or ku == 0xEFBC88) and X.han_end(s, uq)      -- 1万元(含)-5万元
    local ks = hq and key_at(s, hq) or ku
    if RANGE_SEP[ks] and not isrange and not pct and not tenlo and not special and not half then
      local sq1 = (hq or uq) + RANGE_SEP[ks]
      local k2, q2 = key_at(s, sq1)
      if RANGE_SEP[k2] then sq1 = q2; k2 = key_at(s, q2) end
      if (arabic and is_adigit(k2)) or (not arabic and NUMSTART[k2] and not is_adigit(k2)) then
        local e2 = parse_number(s, sq1)
        local l2, S2, range2, arabic2, _, _, _, vague2 = numeral()
        if e2 and not range2 and arabic2 == arabic and not vague2 then
          local u2, uq2 = unit_at(s, e2, arabic)
          if u2 == unit and sub(s, e2, uq2 - 1) == sub(s, up, uq - 1) then
            local v1, v2 = scaled(lo, S, mult), scaled(l2, S2, 1)
            if v2 > v1 then high2 = v2; uq = uq2; ku = key_at(s, uq) end
          end
        end
      end
    end
    -- 280個(gè)左右: a gloss after the unit is outside the surface, unless a
    -- qualifier of the mention follows it
    local uwe
    if X.GLOSS_OPEN[ku] and not high2 then
      local g = X.gloss_end(s, uq)
      local kg, ng = key_at(s, g or uq)
      local kg2 = g and key_at(s, ng)
      if g and (FUZZ[kg] and not fz and not pct and not X.FUZZ_AFTER_BAD[kg2] or kg == K_YI3 and X.YI3_NEXT[kg2]
                or kg == K_ZUO and kg2 == K_YOU or kg == K_SHANG and kg2 == K_XIA) then
        uwe = uq; uq = g; ku = kg
      end
    end
    -- 一年多, 五亩多: more than, after the unit
    if FUZZ[ku] and not fz and not pct and not high2 and not X.FUZZ_AFTER_BAD[key_at(s, uq + 3)] then
      fz = true; uq = uq + 3; ku = key_at(s, uq)
    end
    -- suffix qualifier
    local e, sq = uq, nil
    local k1, n1 = ku, uq + (ku and ku < 0x80 and 1 or 3)
    if k1 == K_YI3 then
      local k2, n2 = key_at(s, n1)
      if k2 == K_SHANG then sq = "min"; e = n2
      elseif k2 == K_XIA then sq = "max"; e = n2
      elseif k2 == K_NEI or k2 == K_NEI2 then sq = "max"; e = n2 end
    elseif k1 == K_ZUO and key_at(s, n1) == K_YOU then
      sq = "approx"; e = n1 + 3
    elseif k1 == K_SHANG and key_at(s, n1) == K_XIA then      -- 50岁上下
      sq = "approx"; e = n1 + 3
    elseif k1 == X.K_ZHENG and unit == "元" and uq > up then    -- 叁拾萬圆整 (not 341亿整治)
      e = n1
    elseif k1 == 40 or k1 == 0xEFBC88 then   -- 70周岁（含）以上
      local n2 = X.han_end(s, uq)
      local k3, n3 = key_at(s, n2 or uq)
      if n2 and k3 == K_YI3 then
        local k4, n4 = key_at(s, n3)
        if k4 == K_SHANG then sq = "min"; e = n4
        elseif k4 == K_XIA or k4 == K_NEI or k4 == K_NEI2 then sq = "max"; e = n4 end
      end
    end
    if not pk then
      pk, pkst = X.prev_key(s, a)
    end
    local pst, pq, isjin = prefix_qual(s, pk, pkst)
    if isjin and TIME_UNIT[unit] then pst, pq = nil, nil end      -- 近三年: the last three years
    -- 上 before a lone 百/千/万 counting money, people or things is a lower bound, as 超 is
    -- (上万元, 上千个; not 上万亩, a size; but a measure closing its clause is an amount: 药品上百吨，)
    if bare and not pq and pk == K_SHANG and (not X.MEASURE[unit] or X.CLAUSE_END[key_at(s, e) or 10]) then
      pst, pq = pkst, "min"
    end
    -- a lone 百/千/万 counts with a qualifier or a measure (突破万亩, 百亩); alone
    -- before a count it names a campaign (千名干部)
    if ctx and bare and not pct and not fz and not pq and not sq and (not X.MEASURE[unit] or pk == K_SHANG) then
      return e
    end
    local qual = pq or sq or (lai and "approx") or ((fz or xqual or vague) and "min") or "exact"
    local start = pst or a
    local m = {
      start = start, stop = e - 1, surface = sub(s, start, e - 1),
      unit = unit, qualifier = qual, unit_written = sub(s, up, (uwe or uq) - 1),
    }
    if pct then
      m.value = pct
      if pcthi then m.low, m.high = pct, pcthi end
    else
      local v = scaled(lo, S, mult)
      if half then v = v + 0.5 end
      if tenjin then v = tonumber(format("%.1f", v + tenjin / 10)) end
      if tenlo then v = tonumber(format("%.2f", v + tenlo / 10 + hund / 100)) end
      m.value = v
      if isrange then
        m.low = v
        m.high = scaled(hi, S, mult)
      elseif high2 then
        m.low, m.high = v, high2
      elseif tenlo and tenhi ~= tenlo then
        m.low, m.high = v, tonumber(format("%.2f", scaled(lo, S, mult) + tenhi / 10))
      end
      local mw = (mult > 1 and mult or 1) * (tailbig > 1 and tailbig or 1)
      if special == "成" then mw = mw // 10 end
      if mw > 1 then m.multiplier = mw end
    end
    if arabic and group_sep(s, a) and not join_group(s, m, a, out) then return e end   -- 1 200多人
    out[#out + 1] = m
    return e
  end

  -- 番 counts doublings only after 翻 (翻一番, 翻了两番, 翻了近两番)
  X.K_FAN = charset("翻")
  X.FAN_BETWEEN = charset("了近约約超过過逾将將接")
  function X.after_fan (s, a)
    local e = a
    for _ = 1, 4 do
      local k, st = key_before(s, e)
      if X.K_FAN[k] then return true end
      if not X.FAN_BETWEEN[k] then return false end
      e = st
    end
    return false
  end

  P.scan_at = scan_at
end
