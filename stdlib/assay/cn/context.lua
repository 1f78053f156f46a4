-- assay/cn/context.lua: the words around a numeral, a part of assay.cn
-- (docs/cn.md): qualifiers before it (约, 近, 超过 ...), the words that make
-- 一 an article, fixed terms whose numerals count nothing, short quotations
-- and titles, and the unit a noun gives a number written without one.
-- assay.cn calls the function this chunk returns with its module table and
-- the table the parts share (P, its X the rules added for real documents);
-- it adds these rules and tables to P.
local string, utf8 = string, utf8
local sub, find, gmatch = string.sub, string.find, string.gmatch
local ipairs = ipairs
local charpattern = utf8.charpattern

local _ENV <const> = nil

return function (M, P)
  local W, X = P.W, P.X
  local key_at, key_before, K, charset, is_adigit = P.key_at, P.key_before, P.K, P.charset, P.is_adigit
  local DIGIT, SMALL, BIG, NUMSTART = P.DIGIT, P.SMALL, P.BIG, P.NUMSTART
  local K_REN, K_KOU, K_DA = K"人", K"口", K"大"

  local K_YUE, K_YUE2, K_JIN, K_YU3, K_GUO, K_GUO2, K_CHAO, K_CHAO2, K_BU, K_PO, K_TU, K_DAO, K_ZU =
    K"约", K"約", K"近", K"逾", K"过", K"過", K"超", K"超", K"不", K"破", K"突", K"到", K"足"
  local YUE_WORD = charset("签簽预預合节節制公条條邀特履违違契相赴失爽毁毀解续續守定隐隱婉简簡规規")
  local JIN_WORD = charset("最附靠亲親邻鄰就贴貼走拉远遠临臨接将將")
  local TIME_UNIT = { ["年"] = true, ["月"] = true, ["天"] = true, ["周"] = true, ["小时"] = true, ["季度"] = true }
  local HALF_UNIT = { ["年"] = true, ["天"] = true, ["小时"] = true, ["斤"] = true, ["公斤"] = true, ["亩"] = true,
                      ["公里"] = true, ["米"] = true, ["吨"] = true }     -- 一年半, 三斤半
  local INFIX_UNIT = { ["项"] = true, ["类"] = true }                     -- 三大项
  -- 一 right after these is an article or part of a word (是一个, 统一, 每一)
  local ONE_PREV = charset("是为為这這那又了着著过過出成有如像作做给給另每统統唯逐万萬之同单單专專划劃归歸" ..
                           "合整均其始纯純惟若独獨择擇初周週期星拜第任某哪的样樣")
  -- classifiers that make 一 an indefinite article (一条路, 一张名片, 一场车祸)
  local INDEF = charset("条條张張场場批种種份片道股阵陣幅封把句声聲身副套堂面支根层層颗顆首部篇本件门門度起组組" ..
                        "队隊包单單处處类類轮輪番笔筆座家间間趟")
  local PEOPLE_AT = {}
  for _, w in ipairs(W.PEOPLE) do
    local k = K(w)
    PEOPLE_AT[k] = PEOPLE_AT[k] or {}
    local l = PEOPLE_AT[k]
    l[#l + 1] = w
  end
  local PUNCT_STOP = charset("，。、；：！？（）()《》“”,;:!?")

  -- Fixed policy terms, slogans and idioms whose numerals count nothing.  This
  -- is domain vocabulary (nationwide campaign names and proverbs), indexed by
  -- each numeral character they contain.
  -- LEX_AT[numeral][next character] -> { {term, offset of the numeral, length} ... };
  -- next character 0 when the numeral ends the term
  local LEX_AT = {}
  for _, w in ipairs(W.LEXICON) do
    local off = 0
    for ch in gmatch(w, charpattern) do
      local k = K(ch)
      if DIGIT[k] or SMALL[k] or BIG[k] then
        local nk = key_at(w, off + #ch + 1) or 0
        LEX_AT[k] = LEX_AT[k] or {}
        local byk = LEX_AT[k]
        byk[nk] = byk[nk] or {}
        local l = byk[nk]
        l[#l + 1] = { w, off, #w }
      end
      off = off + #ch
    end
  end

  local function lex_match (s, a, l)
    if not l then return nil end
    for j = 1, #l do
      local e = l[j]
      local st = a - e[2]
      if st >= 1 and sub(s, st, st + e[3] - 1) == e[1] then return st + e[3] end
    end
    return nil
  end

  -- the end (exclusive) of a lexicon term that covers the numeral at a, or nil
  local function lexicon_at (s, a)
    local k, q = key_at(s, a)
    local byk = LEX_AT[k]
    if not byk then return nil end
    return lex_match(s, a, byk[key_at(s, q)]) or lex_match(s, a, byk[0])
  end

  -- Short quotations (slogans, terms: “六个精准”) and titles in 《》 of the
  -- current text, found with plain find the first time a mention needs them
  -- and walked with cursors, since mentions come left to right.
  local C_text, C_quotes, C_titles
  local TITLE = { open = "《", close = "》", max = 600 }    -- also given to assay.cn_c
  local QUOTES = { { "“", "”" }, { "‘", "’" }, { "「", "」" }, { "『", "』" } }
  local QUOTE_MAX = 48             -- 16 characters: “两年打基础、三年见成效”

  -- spans of open..close in s: { o1, c1, o2, c2, ..., cursor = 1 }
  local function spans_of (s, open, close, maxlen)
    local t, init = { cursor = 1 }, 1
    local nl = 0
    while true do
      local o = find(s, open, init, true)
      if not o then break end
      local c = find(s, close, o + #open, true)
      if not c then break end
      if nl and nl < o then nl = find(s, "\n", o, true) end
      if c - o - #open <= maxlen and not (nl and nl < c) then
        t[#t + 1] = o; t[#t + 1] = c
        init = c + #close
      else
        init = o + #open
      end
    end
    return t
  end

  -- is [a, e) inside one of the spans? (a never decreases between calls)
  local function within (t, a, e)
    local i = t.cursor
    while t[i] and t[i + 1] < a do i = i + 2 end
    t.cursor = i
    while t[i] and t[i] < a do
      if e <= t[i + 1] then return true end
      i = i + 2
    end
    return false
  end

  local function in_short_quote (s, a, e)
    if C_text ~= s then C_text, C_quotes, C_titles = s, nil, nil end
    if not C_quotes then
      C_quotes = {}
      for _, q in ipairs(QUOTES) do
        if find(s, q[1], 1, true) then C_quotes[#C_quotes + 1] = spans_of(s, q[1], q[2], QUOTE_MAX) end
      end
    end
    for i = 1, #C_quotes do
      if within(C_quotes[i], a, e) then return true end
    end
    return false
  end

  local NO_SPANS = { cursor = 1 }
  local function in_title (s, a)
    if C_text ~= s then C_text, C_quotes, C_titles = s, nil, nil end
    if not C_titles then
      C_titles = find(s, TITLE.open, 1, true) and spans_of(s, TITLE.open, TITLE.close, TITLE.max) or NO_SPANS
    end
    if C_titles[1] == nil then return false end
    return within(C_titles, a, a)
  end

  -- The unit of a number written without one (8.1万脱贫享受政策人口, 自筹85万,
  -- 1.2万余脱贫户): a people or household noun after it in the same clause
  -- (right after it when the number has no 万/亿), else, for 万/亿, a money
  -- word or a people or household noun just before it, else the implicit
  -- unit of the number just before in the same clause (由2.28万下降到1.36万).
  X.HOUSE = charset("户戶")
  X.HOUSE_NOT = charset("籍口主均")         -- 户籍, 户口, 户均: not households
  X.MONEY_NEXT = { ["贷款"] = true, ["貸款"] = true, ["资金"] = true, ["資金"] = true }
  X.MONEY_BY_LAST = {}
  for _, w in ipairs(W.MONEY) do
    local k = key_before(w, #w + 1)
    X.MONEY_BY_LAST[k] = X.MONEY_BY_LAST[k] or {}
    local l = X.MONEY_BY_LAST[k]
    l[#l + 1] = w
  end
  -- what may follow a number without 万/亿 whose unit a noun gives (1870贫困群众)
  X.NOUN_NEXT = charset("贫貧群农農脱脫居职職游遊学學劳勞人户戶大")
  X.SENTENCE_END = charset("。！？；!?;\n《》“”「」")
  X.DATE_WORD = charset("年月日")
  X.STEP_BACK = charset("逾约約近超过過破突达達到了共计計累不足于於低莫接逼将將")

  -- a people (人) or household (户) noun at i -> unit, or nil
  function X.noun_at (s, i, k)
    local l = PEOPLE_AT[k]
    if l then
      for t = 1, #l do
        if sub(s, i, i + #l[t] - 1) == l[t] then return "人" end
      end
    end
    if X.HOUSE[k] then
      local k2, j = key_at(s, i + 3)
      if X.HOUSE_NOT[k2] then return nil end
      if k2 == K_REN and key_at(s, j) == K_KOU then return "人" end    -- 农户人口
      return "户"
    end
    return nil
  end

  -- the name of a five-year plan ending right before byte e (十二五, ‘十三五’, “十三五”) -> its start, or nil
  X.PLANS = {}
  for _, n in ipairs({ "十一五", "十二五", "十三五", "十四五" }) do
    for _, q in ipairs({ { "", "" }, { "‘", "’" }, { "“", "”" }, { '"', '"' }, { "'", "'" } }) do
      X.PLANS[#X.PLANS + 1] = q[1] .. n .. q[2]
    end
  end
  X.PLAN_END = charset("五’”\"'")
  function X.plan_before (s, e)
    local k = key_before(s, e)
    if not X.PLAN_END[k] then return nil end
    for _, w in ipairs(X.PLANS) do
      if e > #w and sub(s, e - #w, e - 1) == w then return e - #w end
    end
    return nil
  end

  function X.implicit (s, a, p, big, out, direct)
    local i = p
    if direct then                                   -- 千万群众, 百万贫困人口
      i = X.gloss_end(s, p) or p
      if X.POOR[sub(s, i, i + 5)] then i = i + 6 end
      return X.noun_at(s, i, key_at(s, i))
    end
    -- a money noun right after a number with 万/亿 (获1500万贷款; not 1.2万贷款户, the borrowers)
    if big and X.MONEY_NEXT[sub(s, p, p + 5)] and not X.HOUSE[key_at(s, p + 6)] then return "元" end
    for n = 1, big and 12 or 3 do
      local k, j = key_at(s, i)
      local g = X.GLOSS_OPEN[k] and X.gloss_end(s, i)
      if not g and (k == nil or PUNCT_STOP[k] or k == 10 or is_adigit(k) or NUMSTART[k]) then break end
      if g then
        j = g
      else
        local u = X.noun_at(s, i, k)
        if u then return u end
        if not big and n == 3 then break end
      end
      i = j
    end
    if not big then return nil end
    -- before: a money word ending right before the number (qualifiers and 达/了 between)
    local e = a
    for _ = 1, 3 do
      local k, st = key_before(s, e)
      local l = X.MONEY_BY_LAST[k]
      if l then
        for t = 1, #l do
          local w = l[t]
          if e > #w and sub(s, e - #w, e - 1) == w then return "元" end
        end
      end
      if not X.STEP_BACK[k] then break end
      e = st
    end
    -- a people or household noun shortly before, in the same sentence
    -- (贫困人口61.7万; 建档立卡贫困人口5.6万，其中已脱贫4.8万)
    -- (a noun before a comma is another clause's: past one, only the unit of
    -- a number without one carries over)
    -- (a year or a date between is stepped over: 贫困人口由2013年的157万)
    -- (and an inline gloss: 貧困人口數(shù)量由86萬)
    e = a
    local crossed, prevk = false, nil
    for _ = 1, 16 do
      -- (a plan period's name is stepped over as a date: 贫困人口从‘十二五’初的438万)
      e = X.plan_before(s, e) or e
      local k, st = key_before(s, e)
      if X.GLOSS_CLOSES[k] then k, st = X.prev_key(s, e) end
      if k == nil or X.SENTENCE_END[k] then return nil end
      if PUNCT_STOP[k] then crossed = true end
      if is_adigit(k) and X.DATE_WORD[prevk] then
        repeat
          e = st
          k, st = key_before(s, e)
        until not is_adigit(k)
        if k == nil or X.SENTENCE_END[k] then return nil end
        if PUNCT_STOP[k] then crossed = true end
      end
      if is_adigit(k) or NUMSTART[k] then
        local m = out[#out]
        if m and m.unit_written == "" and m.stop >= st and m.stop < a then return m.unit end
        return nil
      end
      if not crossed and (PEOPLE_AT[k] or X.HOUSE[k]) then
        local u = X.noun_at(s, st, k)
        if u then return u end
      end
      prevk = k
      e = st
    end
    return nil
  end

  -- qualifier word right before the numeral at a -> start, qualifier, is 近
  X.K_MO, X.K_JIE, X.K_BI, X.K_JIANG, X.K_JIANG2 = K"莫", K"接", K"逼", K"将", K"將"
  X.K_YU4, X.K_YU5, X.K_DI3, X.K_GAO, X.K_GAO2 = K"于", K"於", K"低", K"高", K"髙"
  X.K_ZHENG, X.K_HAN = K"整", K"含"
  X.K_SHAO, X.K_ZHI2, X.K_ZUI, X.K_DUO2, X.K_GAI = K"少", K"至", K"最", K"多", K"概"
  local function prefix_qual (s, k, i)
    if k == K_YUE or k == K_YUE2 then
      local k2, i2 = key_before(s, i)
      if k2 == K_DA then return i2, "approx" end
      if YUE_WORD[k2] then return nil end
      return i, "approx"
    elseif k == K_JIN then
      local k2, i2 = key_before(s, i)
      if k2 == X.K_JIE or k2 == X.K_BI or k2 == X.K_JIANG or k2 == X.K_JIANG2 then return i2, "approx" end
      if JIN_WORD[k2] then return nil end
      return i, "approx", true
    elseif k == K_YU3 then
      return i, "min"
    elseif k == K_GUO or k == K_GUO2 then
      local k2, i2 = key_before(s, i)
      if k2 == K_CHAO or k2 == K_CHAO2 then
        local k3, i3 = key_before(s, i2)
        if k3 == K_BU then return i3, "max" end
        return i2, "min"
      end
    elseif k == K_CHAO then
      return i, "min"
    elseif k == K_PO then
      local k2, i2 = key_before(s, i)
      if k2 == K_TU then
        local k3, i3 = key_before(s, i2)
        if k3 == K_BU then return i3, "max" end
        return i2, "min"
      end
    elseif k == K_DAO or k == K_ZU then
      local k2, i2 = key_before(s, i)
      if k2 == K_BU then return i2, "max" end
    elseif k == X.K_MO then
      local k2, i2 = key_before(s, i)
      if k2 == K_YUE or k2 == K_YUE2 then return i2, "approx" end
    elseif k == X.K_YU4 or k == X.K_YU5 then    -- 低于 max, 高于 min; 不低于 min, 不高于 max; 少于, 多于
      local k2, i2 = key_before(s, i)
      if k2 == X.K_DI3 or k2 == X.K_GAO or k2 == X.K_GAO2 then
        local k3, i3 = key_before(s, i2)
        local low = k2 == X.K_DI3
        if k3 == K_BU then return i3, low and "min" or "max" end
        return i2, low and "max" or "min"
      end
      -- 少于 max, 多于 min; 不少于 min, 不多于 max (脱贫人口不少于120万)
      if k2 == X.K_SHAO or k2 == X.K_DUO2 then
        local k3, i3 = key_before(s, i2)
        local low = k2 == X.K_SHAO
        if k3 == K_BU then return i3, low and "min" or "max" end
        return i2, low and "max" or "min"
      end
    elseif k == X.K_SHAO then                   -- 至少, 最少
      local k2, i2 = key_before(s, i)
      if k2 == X.K_ZHI2 or k2 == X.K_ZUI then return i2, "min" end
    elseif k == X.K_DUO2 then                   -- 最多
      local k2, i2 = key_before(s, i)
      if k2 == X.K_ZUI then return i2, "max" end
    elseif k == X.K_GAI then                    -- 大概
      local k2, i2 = key_before(s, i)
      if k2 == K_DA then return i2, "approx" end
    end
    return nil
  end

  -- }======

  -- a new text: forget the quotations and titles of the last one
  local function new_text () C_text, C_quotes, C_titles = nil, nil, nil end

  P.YUE_WORD, P.JIN_WORD, P.TIME_UNIT, P.HALF_UNIT, P.INFIX_UNIT, P.ONE_PREV, P.INDEF, P.PEOPLE_AT, P.PUNCT_STOP =
    YUE_WORD, JIN_WORD, TIME_UNIT, HALF_UNIT, INFIX_UNIT, ONE_PREV, INDEF, PEOPLE_AT, PUNCT_STOP
  P.LEX_AT, P.TITLE, P.QUOTES, P.QUOTE_MAX = LEX_AT, TITLE, QUOTES, QUOTE_MAX
  P.lexicon_at, P.in_short_quote, P.in_title, P.new_text, P.prefix_qual =
    lexicon_at, in_short_quote, in_title, new_text, prefix_qual
end
