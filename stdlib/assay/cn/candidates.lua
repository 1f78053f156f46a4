-- assay/cn/candidates.lua: where a quantity or a date can start, a part of
-- assay.cn (docs/cn.md): the runs of numeral characters, found with PCRE2
-- (assay.re) when the build has it, else with a Lua scan that does the same
-- job more slowly.  assay.cn calls the function this chunk returns with its
-- module table (cn.engine) and the table the parts share; it adds the
-- candidate searches (next_cand, next_qcand, next_dcand) and the tables the
-- C lane reproduces to P.
local string, table = string, table
local byte, find, format = string.byte, string.find, string.format
local type, pcall, require, ipairs, next = type, pcall, require, ipairs, next
local sort, concat = table.sort, table.concat

local _ENV <const> = nil

return function (M, P)
  local X = P.X
  local key_at, key_before, K, charset, is_adigit = P.key_at, P.key_before, P.K, P.charset, P.is_adigit
  local DIGIT, BIG, NUMSTART, CAND_CLASS, RANGE_SEP, K_LING = P.DIGIT, P.BIG, P.NUMSTART, P.CAND_CLASS, P.RANGE_SEP, P.K_LING
  local UNIT_AT, FUZZ = P.UNIT_AT, P.FUZZ

  -- assay.re (PCRE2, JIT) finds candidates fast; without it a Lua scan does the
  -- same job more slowly, so the module works in any build.  (Required here,
  -- each time assay.cn loads: a test loads it again without assay.re.)
  local re do
    local ok, m = pcall(require, "assay.re")
    if ok and type(m) == "table" and type(m.compile) == "function" then re = m end
  end

  -- A numeral run is a maximal run of numeral characters.  PCRE2 (one
  -- precompiled pattern per task, JIT) finds the runs that can start a
  -- quantity (or a date): those followed by a character a quantity needs.
  -- Everything after that is byte checks.  Without assay.re, Lua's find on
  -- lead bytes and the same checks in Lua.

  -- key of the character ending at byte b (the last of a candidate run)
  local function tail_key (s, b)
    local c = byte(s, b)
    if c < 0x80 then return c end
    local c1, c2 = byte(s, b - 2, b - 1)
    return (c1 * 256 + c2) * 256 + c
  end
  -- ... or that ends in these (万, and 俩 半, whose mentions need no unit: 俩, 一半以上)
  local BIG_END = { [K"万"] = true, [K"萬"] = true, [K"亿"] = true, [K"億"] = true, [K"俩"] = true, [K"倆"] = true,
                    [K"半"] = true }
  -- characters that can follow the numeral run of a quantity
  local Q_FOLLOW = {}
  for k in next, UNIT_AT do Q_FOLLOW[k] = true end
  for k in next, RANGE_SEP do Q_FOLLOW[k] = true end
  for k in next, FUZZ do Q_FOLLOW[k] = true end
  for k in next, X.GLOSS_OPEN do Q_FOLLOW[k] = true end      -- 兩(liǎng)個
  for _, ch in ipairs { "个", "個", "成", "分", "口", "期", "大", "小", "米", "克", "瓦", "伏", ".", ",", "．", "，",
                       "来", "來", "/", "半",
                       -- nouns that give a number its unit (1870贫困群众, 2万脱贫户)
                       "贫", "貧", "群", "农", "農", "脱", "脫", "居", "职", "職", "游", "遊", "学", "學", "劳", "勞" } do
    Q_FOLLOW[K(ch)] = true
  end
  -- ... and these only before a numeral: 、 and 和 (120、86和54户), 点 before a
  -- Chinese digit (三点二万元)
  X.DUN_FOLLOW, X.DIAN_FOLLOW = X.ENUM_JOIN, charset("点點")
  -- ... and a space before a character that is not ASCII (126 户, 2.6 亿元)
  X.SPACE_FOLLOW = charset(" \u{A0}\u{3000}")
  -- ... and of a date (a run of exactly four ASCII digits is a candidate too)
  local D_FOLLOW = charset("年月日号號时時点點季-/.:：－~～至到—– )）")

  -- a set of keys as a PCRE2 class of \x{...} escapes
  local function class_of (set)
    local cps = {}
    for k in next, set do
      local cp
      if k < 0x80 then cp = k
      elseif k < 0x10000 then cp = ((k >> 8) & 0x1F) << 6 | (k & 0x3F)
      elseif k < 0x1000000 then cp = ((k >> 16) & 0x0F) << 12 | ((k >> 8) & 0x3F) << 6 | (k & 0x3F)
      end
      if cp then cps[#cps + 1] = cp end
    end
    sort(cps)
    local parts = {}
    for i, cp in ipairs(cps) do parts[i] = format("\\x{%x}", cp) end
    return "[" .. concat(parts) .. "]"
  end

  local RUN_RE, QRUN_RE, DRUN_RE
  X.DIG19 = {}
  for k, v in next, DIGIT do if v > 0 then X.DIG19[k] = true end end
  if re then
    local XC = CAND_CLASS
    local ok, r = pcall(re.compile, XC .. "+")
    if ok then RUN_RE = r end
    -- no lookbehind before the run: it would disable PCRE2's start-character
    -- search, and a possessive run that fails at its start fails inside too
    -- (also a run ending in 万 and a digit, 一万二, and a lone 0 after 为: 降为0)
    ok, r = pcall(re.compile, XC .. "++(?:(?=" .. class_of(Q_FOLLOW) .. "|" .. class_of(X.DUN_FOLLOW) .. XC .. "|"
                  .. class_of(X.DIAN_FOLLOW) .. class_of(DIGIT) .. "|" .. class_of(X.SPACE_FOLLOW) .. "[^\\x00-\\x7f]"
                  .. ")|(?<=" .. class_of(BIG_END) .. ")|(?<=" .. class_of(BIG) .. class_of(X.DIG19) .. "))|(?<="
                  .. class_of(X.ZERO_PREV) .. ")[0零](?!" .. XC .. ")")
    if ok then QRUN_RE = r end
    ok, r = pcall(re.compile, "[0-9](?<!" .. XC .. "[0-9])[0-9]{3}(?!" .. XC .. ")|" .. XC .. "++(?=" .. class_of(D_FOLLOW) .. ")")
    if ok then DRUN_RE = r end
    if not (RUN_RE and QRUN_RE and DRUN_RE) then RUN_RE, QRUN_RE, DRUN_RE = nil, nil, nil end
  end

  local function isnum (s, i)
    local c = byte(s, i)
    if c == nil then return false end
    if c < 0x80 then return c >= 48 and c <= 57 end
    return NUMSTART[key_at(s, i)] == true
  end

  -- next numeral run at or after init -> start, stop
  local next_cand
  if RUN_RE then
    next_cand = function (s, init) return RUN_RE:find(s, init) end
  else
    next_cand = function (s, init)
      while true do
        local a = find(s, "[0-9\227-\233\239]", init)
        if a == nil then return nil end
        if isnum(s, a) then
          local _, b = key_at(s, a)
          while isnum(s, b) do local _, nb = key_at(s, b); b = nb end
          return a, b - 1
        end
        init = a + 1
      end
    end
  end

  -- next run (starting a run, not inside one) that may start a quantity / a date
  local next_qcand, next_dcand
  if QRUN_RE then
    next_qcand = function (s, init) return QRUN_RE:find(s, init) end
    next_dcand = function (s, init) return DRUN_RE:find(s, init) end
  else
    local function filtered (ok)
      return function (s, init)
        while true do
          local a, b = next_cand(s, init)
          if a == nil then return nil end
          local pk, ps = key_before(s, a)
          if not (pk and (is_adigit(pk) or NUMSTART[pk]) and ps >= init) and ok(s, a, b) then return a, b end
          init = b + 1
        end
      end
    end
    next_qcand = filtered(function (s, a, b)
      local k, q = key_at(s, b + 1)
      if Q_FOLLOW[k] or BIG_END[tail_key(s, b)] then return true end
      if X.DUN_FOLLOW[k] and isnum(s, q) or X.DIAN_FOLLOW[k] and DIGIT[key_at(s, q)] then return true end
      if X.SPACE_FOLLOW[k] and (byte(s, q) or 0) >= 0x80 then return true end
      if b - a >= 5 and X.DIG19[tail_key(s, b)] and BIG[tail_key(s, b - 3)] then return true end
      return (a == b and byte(s, a) == 48 or b == a + 2 and key_at(s, a) == K_LING)
        and X.ZERO_PREV[key_before(s, a)] == true
    end)
    next_dcand = filtered(function (s, a, b)
      if b - a == 3 and byte(s, a) < 0x80 and byte(s, b) < 0x80 then return true end
      return D_FOLLOW[key_at(s, b + 1)]
    end)
  end

  M.engine = QRUN_RE and "pcre2" or "lua"

  P.re, P.Q_FOLLOW, P.BIG_END = re, Q_FOLLOW, BIG_END
  P.next_cand, P.next_qcand, P.next_dcand = next_cand, next_qcand, next_dcand
end
