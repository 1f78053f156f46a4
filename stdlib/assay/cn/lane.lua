-- assay/cn/lane.lua: the fast lane of cn.quantities, a part of assay.cn
-- (docs/cn.md): the commonest mention shape decided inline, in Lua (lane)
-- and in C (engine/lcn.c, assay.cn_c, given the tables of the other parts).
-- The Lua lane and scan_at are the reference the C lane is tested against
-- (tests/cn_c_test.lua).  assay.cn calls the function this chunk returns
-- with its module table (cn.lanes) and the table the parts share; it adds
-- lane and the C lanes (nil without assay.cn_c) to P.
local string, math = string, math
local byte, sub, find = string.byte, string.sub, string.find
local type, tonumber, pcall, require, ipairs, next = type, tonumber, pcall, require, ipairs, next
local tointeger = math.tointeger

local _ENV <const> = nil

return function (M, P)
  local X = P.X
  local key_at, key_before, key3, K, charset = P.key_at, P.key_before, P.key3, P.K, P.charset
  local DIGIT, BIG, FIN, NUMSTART, RANGE_SEP, P10, K_ONE, tonum =
    P.DIGIT, P.BIG, P.FIN, P.NUMSTART, P.RANGE_SEP, P.P10, P.K_ONE, P.tonum
  local unit_at, UNIT_AT, UNIT_OF, GE_AT, FUZZ, NEXT_BAD, CHENG_BAD, KOU_THING =
    P.unit_at, P.UNIT_AT, P.UNIT_OF, P.GE_AT, P.FUZZ, P.NEXT_BAD, P.CHENG_BAD, P.KOU_THING
  local prefix_qual, in_title, in_short_quote = P.prefix_qual, P.in_title, P.in_short_quote
  local K_NIAN, K_FEN, K_REN = K"年", K"分", K"人"
  local K_YI3, K_SHANG, K_XIA, K_NEI, K_NEI2, K_ZUO, K_YOU = K"以", K"上", K"下", K"内", K"內", K"左", K"右"

  -- The fast lane: the commonest mention shape (5574万元, 46个, 90%) decided
  -- inline.  Units here have no longer written form starting with the same
  -- character except through the characters in LANE_STOP, which send the
  -- mention to the general path, as do all the characters before the numeral
  -- that a rule looks at (第, 约, 近, codes ...).
  local LANE_UNIT, LANE_WRITTEN = {}, {}
  for _, u in ipairs { "元", "个", "個", "人", "名", "位", "户", "戶", "家", "次", "%", "％", "项", "項",
                       "岁", "歲", "种", "種", "条", "條", "台", "只", "头", "頭", "吨", "噸", "亩", "畝" } do
    LANE_UNIT[K(u)] = unit_at(u, 1, true)
    LANE_WRITTEN[K(u)] = u
  end
  -- per unit: characters after it that make a longer unit or need the general
  -- path (个月, 人次 is handled in the lane, 一年半 ...)
  -- characters after a unit that the general path reads: 一年多, 3年--5年,
  -- 個(gè)百分點, 三元五角 (also given to assay.cn_c)
  X.AFTER_UNIT = charset("半多余餘上整")
  for k in next, BIG do X.AFTER_UNIT[k] = true end
  for k in next, RANGE_SEP do X.AFTER_UNIT[k] = true end
  for k in next, X.GLOSS_OPEN do X.AFTER_UNIT[k] = true end
  -- canonical units whose mentions the general path decides (周年: not a
  -- quantity in running text; 毛, 角: tenths of 元; 斤: 3斤5两; 番: after 翻)
  X.GENERAL_UNIT = { ["周年"] = true, ["毛"] = true, ["角"] = true, ["旬"] = true, ["斤"] = true, ["番"] = true }
  -- canonical units after which a Chinese digit goes on the amount (三元五角, 三块二)
  X.MONEY_TAIL = { ["元"] = true, ["块"] = true }
  -- after one Chinese digit: what sends it to the general path (ranges,
  -- 三点二, 200来, 一半, enumerations, glosses, spaces) ...
  X.SINGLE_NEXT = charset("点點来來、和与與及/半 \u{A0}\u{3000}")
  for k in next, RANGE_SEP do X.SINGLE_NEXT[k] = true end
  for k in next, X.GLOSS_OPEN do X.SINGLE_NEXT[k] = true end
  -- ... before it (约莫, 低于, 超, 只有一, 每周一次, 前三名, .8) and the digit itself (俩)
  X.SINGLE_PREV = charset("莫于於超少多概 \u{A0}\u{3000})）】")
  X.SINGLE_DIGIT = charset("俩倆")
  local LANE_STOP = {}
  for k in next, LANE_UNIT do
    local t = {}
    for k2 in next, X.AFTER_UNIT do t[k2] = true end
    for _, e in ipairs(UNIT_AT[k] or {}) do
      if #e[1] > 3 then t[key_at(e[1], 4)] = true end
    end
    LANE_STOP[k] = t
  end
  for _, ch in ipairs { "个", "個" } do
    local t = LANE_STOP[K(ch)]
    for k2 in next, GE_AT do t[k2] = true end
  end
  local LANE_PREV = charset("第.-/:－．莫于於超少多概)）】")
  for sep in next, X.GROUP_SEP do LANE_PREV[K(sep)] = true end   -- 1 200: digits grouped by threes
  local PREFIX_END = charset("約约近逾过過破到足")
  local K_CI = K"次"
  local NO_BAD = {}

  -- The fast lane: Arabic digits [. digits] [万|亿] [多|余 [万|亿]] unit [以上 ...]
  -- with a common unit and nothing before the numeral that a rule looks at.
  -- Returns the next scan position, or nil to let the general path decide.
  local function lane (s, a, b, out, titles)
    -- bytes around the run: the three before it, its first; its last three, the next three
    local p3, p2, p1, c0, t3, t2, t1, f1, f2, f3
    if a > 3 then p3, p2, p1, c0 = byte(s, a - 3, a) else c0 = byte(s, a); p1 = a > 1 and byte(s, a - 1) or nil end
    if c0 > 57 then return nil end
    if b > 2 then t3, t2, t1, f1, f2, f3 = byte(s, b - 2, b + 3) else t1, f1, f2, f3 = byte(s, b, b + 3) end
    local e, big = b, 1
    if t1 >= 0x80 then
      big = BIG[(t3 * 256 + t2) * 256 + t1]
      if not big then return nil end
      e = b - 3
    end
    local n = e - a + 1
    if n < 1 or n > 15 or (n > 1 and c0 == 48) then return nil end
    local v
    if n <= 6 then                                  -- one byte() call, no substring
      local d1, d2, d3, d4, d5, d6 = byte(s, a, e)
      v = d1 - 48
      if d2 then v = v * 10 + d2 - 48 end
      if d3 then v = v * 10 + d3 - 48 end
      if d4 then v = v * 10 + d4 - 48 end
      if d5 then v = v * 10 + d5 - 48 end
      if d6 then v = v * 10 + d6 - 48 end
      if (d2 and (d2 < 48 or d2 > 57)) or (d3 and (d3 < 48 or d3 > 57)) or (d4 and (d4 < 48 or d4 > 57))
         or (d5 and (d5 < 48 or d5 > 57)) or (d6 and (d6 < 48 or d6 > 57)) then
        return nil                                  -- Chinese numerals inside the run
      end
    else
      v = tointeger(tonumber(sub(s, a, e)))
      if not v then return nil end
    end
    local S, p = 0, b + 1
    local k = f1
    if f1 and f1 >= 0x80 then k = (f1 * 256 + (f2 or 0)) * 256 + (f3 or 0) end
    if (k == 45 or k == 47) and n == 4 and big == 1 then
      -- 2020-10-16, 2019/01/22: a date, which scan_at would read as no quantity
      local c1, c2, c3 = byte(s, p + 1, p + 3)
      if c1 and c1 >= 48 and c1 <= 57 and (c2 == k or c2 and c2 >= 48 and c2 <= 57 and c3 == k) then return p end
    end
    if k == 46 and big == 1 then                    -- decimals
      local _, fe = find(s, "^%d+", p + 1)
      if not fe then return nil end
      S = fe - p
      if S > 6 or n + S > 15 then return nil end
      v = v * P10[S] + tonumber(sub(s, p + 1, fe))
      p = fe + 1
      k = key3(s, p)
      local bg = BIG[k]
      if bg then big = bg; p = p + 3; k = key3(s, p) end
    end
    if k == K_NIAN then                             -- a calendar year: not a quantity
      if n == 4 and S == 0 and big == 1 and v >= 1000 and v <= 2999 then return p + 3 end
      return nil
    end
    local fz = false
    if FUZZ[k] then
      fz = true
      p = p + 3
      k = key3(s, p)
      if big == 1 then
        local bg = BIG[k]
        if bg then big = bg; p = p + 3; k = key3(s, p) end
      end
    end
    if k == nil then return nil end
    local unit = LANE_UNIT[k]
    local up, nk, written = p, nil, LANE_WRITTEN[k]
    if unit then
      p = p + (k < 0x80 and 1 or 3)
      local n1, n2, n3 = byte(s, p, p + 2)
      nk = n1
      if n1 and n1 >= 0x80 then nk = (n1 * 256 + (n2 or 0)) * 256 + (n3 or 0) end
      if k == K_REN and nk == K_CI then
        unit = UNIT_OF.renci; written = UNIT_OF.renci; p = p + 3; nk = key3(s, p)
      elseif (NEXT_BAD[k] or NO_BAD)[nk] or LANE_STOP[k][nk] then
        return nil
      end
    else
      -- the other written units (周岁, 件套, 平米, 课时 ...); 年 and the units
      -- with rules of their own (分: clock minutes; 成, 口, 期: not in UNIT_AT)
      if k == K_NIAN or k == K_FEN or not UNIT_AT[k] then return nil end
      unit, p = unit_at(s, p, true)
      if not unit or X.GENERAL_UNIT[unit] then return nil end
      written = sub(s, up, p - 1)
      nk = key3(s, p)
      if X.AFTER_UNIT[nk] then return nil end
    end
    local sq, ue = nil, p
    if nk == K_YI3 then
      local k2 = key3(s, p + 3)
      if k2 == K_SHANG then sq = "min"; p = p + 6
      elseif k2 == K_XIA or k2 == K_NEI or k2 == K_NEI2 then sq = "max"; p = p + 6 end
    elseif nk == K_ZUO and key3(s, p + 3) == K_YOU then
      sq = "approx"; p = p + 6
    end
    local start, pq = a, nil
    if p1 then
      local pk = p1
      if p1 >= 0x80 then pk = p3 and (p3 * 256 + p2) * 256 + p1 or key_before(s, a) end
      if LANE_PREV[pk] or (pk >= 65 and pk <= 90) or (pk >= 97 and pk <= 122) then return nil end
      if pk == X.K_QIAN2 and (unit == UNIT_OF.kou or unit == UNIT_OF.ge) then return nil end   -- 前10名
      if PREFIX_END[pk] then
        local pst
        pst, pq = prefix_qual(s, pk, a - 3)
        if pst then start = pst end
      end
    end
    if titles and in_title(s, a) or in_short_quote(s, a, ue) then return nil end
    if (v + 0.0) * big >= 9.2e18 then return nil end   -- beyond the integers: the parser refuses it
    local m = v * big
    out[#out + 1] = { start = start, stop = p - 1, surface = sub(s, start, p - 1), value = S == 0 and m or tonum(m, S),
                      unit = unit, qualifier = pq or sq or (fz and "min") or "exact", unit_written = written,
                      multiplier = big > 1 and big or nil }
    return p
  end

  -- The candidate search and the lane in C (engine/lcn.c), given the tables
  -- of the parts so that every character is defined in Lua only.  The Lua
  -- loop (cn.quantities in cn.lua: lane above, scan_at in scan.lua) stays the
  -- reference and the fallback: tests/cn_c_test.lua checks that both give
  -- the same mentions.  Over the bench corpus the C path takes the
  -- candidate search (PCRE2, a call per run) and the lane, two thirds of the
  -- time, off Lua.  Only beside assay.re: the C search reproduces QRUN_RE,
  -- which on invalid UTF-8 differs from the Lua search without it.
  local LANES = (function ()
    local ok, cnc = pcall(require, "assay.cn_c")
    if not (ok and type(cnc) == "table" and P.re) then return nil end
    local Q_FOLLOW, BIG_END, YUE_WORD, JIN_WORD, INDEF, ONE_PREV, LEX_AT = P.Q_FOLLOW, P.BIG_END, P.YUE_WORD,
      P.JIN_WORD, P.INDEF, P.ONE_PREV, P.LEX_AT
    local TIME_UNIT, HALF_UNIT, INFIX_UNIT, TITLE, QUOTES, QUOTE_MAX = P.TIME_UNIT, P.HALF_UNIT, P.INFIX_UNIT,
      P.TITLE, P.QUOTES, P.QUOTE_MAX
    local cand = { [48] = true, [49] = true, [50] = true, [51] = true, [52] = true,
                   [53] = true, [54] = true, [55] = true, [56] = true, [57] = true }
    for k in next, NUMSTART do cand[k] = true end
    local made, lanes = pcall(cnc.new, {
      cand = cand, follow = Q_FOLLOW, big_end = BIG_END, big = BIG, fuzz = FUZZ,
      dun_follow = X.DUN_FOLLOW, dian_follow = X.DIAN_FOLLOW, space_follow = X.SPACE_FOLLOW,
      lane_unit = LANE_UNIT, lane_written = LANE_WRITTEN, next_bad = NEXT_BAD, lane_stop = LANE_STOP,
      unit_at = UNIT_AT, lane_prev = LANE_PREV, prefix_end = PREFIX_END,
      yue_word = YUE_WORD, jin_word = JIN_WORD, digit = DIGIT, fin = FIN, range_sep = RANGE_SEP,
      ge_at = GE_AT, cheng_bad = CHENG_BAD, kou_thing = KOU_THING, indef = INDEF, one_prev = ONE_PREV,
      lex_at = LEX_AT, time_unit = TIME_UNIT, half_unit = HALF_UNIT, infix_unit = INFIX_UNIT,
      unit_of = UNIT_OF, title = TITLE, quotes = QUOTES, quote_max = QUOTE_MAX,
      after_unit = X.AFTER_UNIT, single_next = X.SINGLE_NEXT, single_prev = X.SINGLE_PREV,
      single_digit = X.SINGLE_DIGIT, dig19 = X.DIG19, zero_prev = X.ZERO_PREV, general_unit = X.GENERAL_UNIT,
      money_tail = X.MONEY_TAIL, one_only = X.ONE_ONLY, place_end = X.PLACE_END,
      keys = { nian = K_NIAN, fen = K_FEN, ren = K_REN, ci = K_CI, ban = K"半", yi3 = K_YI3,
               shang = K_SHANG, xia = K_XIA, nei = K_NEI, nei2 = K_NEI2, zuo = K_ZUO, you = K_YOU,
               yue = K"约", yue2 = K"約", da = K"大", jin = K"近", yu3 = K"逾", guo = K"过",
               guo2 = K"過", chao = K"超", chao2 = K"超", bu = K"不", po = K"破", tu = K"突",
               dao = K"到", zu = K"足", ge = K"个", ge2 = K"個", cheng = K"成", kou = K"口", qi = K"期",
               month = K"月", zhi = K"之", zhong = K"钟", zhong2 = K"鐘", xiao = K"小",
               one = K_ONE, di = K"第", jie = X.K_JIE, bi = X.K_BI, jiang = X.K_JIANG, jiang2 = X.K_JIANG2,
               you2 = X.K_YOU2, mei = X.K_MEI, zhou = X.K_ZHOU, zhou2 = X.K_ZHOU2, de = X.K_DE, qian = X.K_QIAN2 },
    })
    return made and lanes or nil
  end)()
  -- "c" when cn.quantities runs its hot path in C, "lua" otherwise
  M.lanes = LANES and "c" or "lua"
  -- both candidate searches, for tests/cn_c_test.lua (not an interface)
  M._impl = { next_qcand = P.next_qcand, lanes = LANES }

  P.lane, P.LANES = lane, LANES
end
