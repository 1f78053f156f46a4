-- assay/cn.lua: Chinese numerals, quantities and dates in report text.
--
--   cn.number(s)            -> number | nil, msg
--   cn.quantity(s)          -> {value, low, high, unit, qualifier, ...} | nil, msg
--   cn.quantities(s [, o])  -> array of mentions with byte spans
--   cn.dates(s [, o])       -> array of {start, stop, surface, value, ...}
--   cn.resolve_date(m, doc_date) -> full date string
--   cn.format(v)            -> plain decimal string (no exponent, no ".0")
--
-- Conventions (units, qualifiers, spans, date shapes) are those of the gold
-- set's README (shared/gold/README.md); docs/cn.md is the reference.
-- Everything works on raw UTF-8 bytes: a character is identified by a number
-- made of its bytes ("key"), so the hot loops never build substrings.
local string, math, utf8, table = string, math, utf8, table
local byte, sub, find, format, gmatch = string.byte, string.sub, string.find, string.format, string.gmatch
local type, error, tostring, tonumber, pcall, require, ipairs, next =
  type, error, tostring, tonumber, pcall, require, ipairs, next
local sort, concat = table.sort, table.concat
local tointeger, huge, floor = math.tointeger, math.huge, math.floor
local charpattern = utf8.charpattern

-- assay.re (PCRE2, JIT) finds candidates fast; without it a Lua scan does the
-- same job more slowly, so the module works in any build.
local re do
  local ok, m = pcall(require, "assay.re")
  if ok and type(m) == "table" and type(m.compile) == "function" then re = m end
end

local _ENV <const> = nil

local M = {}
local W = require "assay.cn.words"     -- the vocabulary (measure words, nouns, terms)

-- {====== characters as keys ======

local function key_at (s, i)
  local c = byte(s, i)
  if c == nil then return nil, i end
  if c < 0x80 then return c, i + 1 end
  if c >= 0xE0 and c < 0xF0 then
    local c2, c3 = byte(s, i + 1, i + 2)
    if c3 then return (c * 256 + c2) * 256 + c3, i + 3 end
  elseif c >= 0xC0 and c < 0xE0 then
    local c2 = byte(s, i + 1)
    if c2 then return c * 256 + c2, i + 2 end
  elseif c >= 0xF0 then
    local c2, c3, c4 = byte(s, i + 1, i + 3)
    if c4 then return ((c * 256 + c2) * 256 + c3) * 256 + c4, i + 4 end
  end
  return -1, i + 1          -- stray or truncated byte: matches nothing
end

-- key of the character that ends at i - 1, and its first byte
local function key_before (s, i)
  local j = i - 1
  if j < 1 then return nil, i end
  local c = byte(s, j)
  if c < 0x80 then return c, j end
  local k = j
  while k > 1 and k > j - 3 and c >= 0x80 and c < 0xC0 do
    k = k - 1
    c = byte(s, k)
  end
  local key, nxt = key_at(s, k)
  if nxt ~= i then return -1, j end
  return key, k
end

-- key of the character at i assuming UTF-8 of at most 3 bytes (others get
-- keys that no table holds)
local function key3 (s, i)
  local c1, c2, c3 = byte(s, i, i + 2)
  if c1 == nil or c1 < 0x80 then return c1 end
  return (c1 * 256 + (c2 or 0)) * 256 + (c3 or 0)
end

local function K (ch) return (key_at(ch, 1)) end

-- set or map from a string of characters
local function charset (chars, v)
  local t = {}
  for ch in gmatch(chars, charpattern) do t[K(ch)] = v == nil and true or v end
  return t
end

local function is_cjk (k)          -- CJK ideographs (basic block and extension A)
  return k ~= nil and k >= 0xE39080 and k <= 0xE9BFBF
end

local function is_alpha (k) return k ~= nil and ((k >= 65 and k <= 90) or (k >= 97 and k <= 122)) end
local function is_adigit (k) return k ~= nil and ((k >= 48 and k <= 57) or (k >= 0xEFBC90 and k <= 0xEFBC99)) end

-- }======

-- {====== numeral tables ======

local DIGIT = {}
for v, chars in ipairs { [1] = "一壹幺", [2] = "二两兩俩倆贰貳", [3] = "三叁參仨", [4] = "四肆",
                         [5] = "五伍", [6] = "六陆陸", [7] = "七柒", [8] = "八捌", [9] = "九玖" } do
  for ch in gmatch(chars, charpattern) do DIGIT[K(ch)] = v end
end
DIGIT[K"零"] = 0; DIGIT[K"〇"] = 0; DIGIT[K"○"] = 0      -- ○ (a circle) for 〇: 二○一八年
local SMALL = { [K"十"] = 10, [K"拾"] = 10, [K"百"] = 100, [K"佰"] = 100, [K"千"] = 1000, [K"仟"] = 1000 }
local BIG = { [K"万"] = 10000, [K"萬"] = 10000, [K"亿"] = 100000000, [K"億"] = 100000000 }
local VAGUE = charset("几幾")
local FIN = charset("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟")
local K_ONE, K_LING, K_ZERO = K"一", K"零", K"〇"

local P10 = { [0] = 1 }
for i = 1, 18 do P10[i] = P10[i - 1] * 10 end

-- candidate characters: where a number can start
local CAND_CLASS = "[0-9０-９零〇○一二两兩俩倆仨三四五六七八九十拾百佰千仟万萬亿億壹贰貳叁參肆伍陆陸柒捌玖几幾半]"
local NUMSTART = {}
for ch in gmatch("０１２３４５６７８９零〇○一二两兩俩倆仨三四五六七八九十拾百佰千仟万萬亿億壹贰貳叁參肆伍陆陸柒捌玖几幾半",
                 charpattern) do NUMSTART[K(ch)] = true end

-- }======

-- {====== the numeral parser ======
-- parse_number(s, i) reads the longest numeral at i and leaves its value in
-- the R_ registers below (module locals: no table per number).  Values are
-- integers scaled by 10^R_scale, so "11.63亿" is exact.

local R_lo, R_hi, R_scale, R_range, R_vague
local R_arabic         -- first token is Arabic digits
local R_nint, R_lead0, R_sep, R_dec   -- of the first Arabic token
local R_positional     -- Chinese digits read one by one (二〇二〇)
local R_units          -- count of 十/百/千/万/亿 tokens
local R_hasbig         -- a 万/亿 token occurs
local R_tailall, R_tailbig  -- product of the trailing unit tokens / of the trailing 万/亿 tokens
local R_fin            -- all numeral characters are financial capitals
local R_ntok, R_bare   -- token count; a lone 百/千/万/亿 with no digit
local R_onlyone        -- the numeral is the single character 一
local R_err

local D, A, P, U, B, Z = 1, 2, 3, 4, 5, 6
local TT, TV, TW, TD = {}, {}, {}, {}

-- ASCII or full-width digit at p -> value, byte width
local function adig (s, p)
  local c = byte(s, p)
  if c == nil then return nil end
  if c >= 48 and c <= 57 then return c - 48, 1 end
  if c == 0xEF then
    local c2, c3 = byte(s, p + 1, p + 2)
    if c2 == 0xBC and c3 and c3 >= 0x90 and c3 <= 0x99 then return c3 - 0x90, 3 end
  end
  return nil
end

-- Arabic number at p: digits, thousands separators (1,000 / 1，000), one
-- decimal point (. or ．) -> mantissa, decimals, next index, integer digits,
-- leading zero, had separators.  nil when longer than 18 digits.
local function arabic (s, p)
  local m, nd, nint, total = 0, 0, 0, 0
  local lead0 = byte(s, p) == 48 or (byte(s, p) == 0xEF and byte(s, p + 2) == 0x90)
  local sep, frac = false, false
  while true do
    local d, w = adig(s, p)
    if d then
      m = m * 10 + d; total = total + 1
      if frac then nd = nd + 1 else nint = nint + 1 end
      if total > 18 then return nil end
      p = p + w
    else
      local c = byte(s, p)
      local w = 0
      if c == 44 then w = 1 elseif c == 0xEF and byte(s, p + 1) == 0xBC and byte(s, p + 2) == 0x8C then w = 3 end
      if w > 0 and not frac and (sep or nint <= 3) and not lead0 then
        -- a separator only when exactly three digits follow it
        local q, ok = p + w, true
        for _ = 1, 3 do
          local d2, w2 = adig(s, q)
          if not d2 then ok = false; break end
          q = q + w2
        end
        if ok and not adig(s, q) then
          sep = true
          p = p + w
        else
          break
        end
      else
        local dw = 0
        if c == 46 then dw = 1 elseif c == 0xEF and byte(s, p + 1) == 0xBC and byte(s, p + 2) == 0x8E then dw = 3 end
        if dw > 0 and not frac and adig(s, p + dw) then
          frac = true
          p = p + dw
        else
          break
        end
      end
    end
  end
  return m, nd, p, nint, lead0, sep
end

-- plain digit run (no separators, no decimals) -> value, count, next index
local function digits_ (s, p)
  local v, n = 0, 0
  while n < 18 do
    local d, w = adig(s, p)
    if not d then break end
    v = v * 10 + d; n = n + 1; p = p + w
  end
  return v, n, p
end

local K_QIAN, K_BAI, K_SHI, K_FEN, K_DIAN, K_ZHI = K"千", K"百", K"十", K"分", K"点", K"之"
local KM_STOP = charset("米克瓦伏")     -- 千米 千克 千瓦 千伏: units, not 1000

local function eval (n, S, hi)
  local total, mid, sec, dig = 0, 0, 0, nil
  local lastu, zero, dchinese = 0, false, false
  local one = P10[S]
  for t = 1, n do
    local ty = TT[t]
    if ty == A then
      dig = TV[t] * P10[S - TD[t]]; dchinese = false
    elseif ty == D then
      dig = TV[t] * one; dchinese = true
    elseif ty == P then
      dig = (hi and TW[t] or TV[t]) * one; dchinese = true
    elseif ty == Z then
      zero = true; dig = nil
    else
      local u = TV[t]
      if ty == U then
        local x = (dig or one)
        if x > 9.2e18 / u then return nil end
        sec = sec + x * u
      elseif u == 10000 then
        local x = sec + (dig or 0)
        if x == 0 then x = one end
        if x > 9.2e18 / u then return nil end
        mid = mid + x * u
        sec = 0
      else
        local x = total + mid + sec + (dig or 0)
        if x == 0 then x = one end
        if x > 9.2e18 / u then return nil end
        total = x * u
        mid, sec = 0, 0
      end
      dig = nil; lastu = u; zero = false
    end
  end
  -- 一万二 = 12000, 三百五 = 350: a bare last digit counts in the next lower place
  if dig and dchinese and not zero and lastu >= 100 then
    dig = dig * (lastu // 10)
  end
  return total + mid + sec + (dig or 0)
end

-- Reads a numeral at i; returns the index after it (nil when there is none)
-- and sets the R_ registers.
local function parse_number (s, i)
  local n, p = 0, i
  local units, lastsmall, lastbig, pairs_ = 0, huge, 0, 0
  local fin, vague, sawfin = true, false, false
  local hasdig = false
  R_nint, R_lead0, R_sep, R_dec, R_arabic = 0, false, false, false, false
  while true do
    local c = byte(s, p)
    if c == nil then break end
    local prev = n > 0 and TT[n] or 0
    local d, _ = adig(s, p)
    if d then
      if prev == D or prev == A or prev == P then break end
      local m, nd, q, nint, lead0, sep = arabic(s, p)
      if not m then R_err = "numeral too long"; return nil end
      n = n + 1; TT[n] = A; TV[n] = m; TD[n] = nd
      if n == 1 then R_arabic = true; R_nint = nint; R_lead0 = lead0; R_sep = sep; R_dec = nd > 0 end
      fin = false; hasdig = true
      p = q
    else
      local k, q = key_at(s, p)
      local v = DIGIT[k]
      if v then
        if prev == A or prev == P then break end
        if prev == D and units > 0 then
          -- 十七八: juxtaposed consecutive digits after a unit are a range
          if TV[n] ~= 0 and v == TV[n] + 1 and pairs_ == 0 then
            TT[n] = P; TW[n] = v; pairs_ = 1
          else
            break
          end
        elseif v == 0 and (prev == U or prev == B) then
          n = n + 1; TT[n] = Z; TV[n] = 0
        else
          n = n + 1; TT[n] = D; TV[n] = v
        end
        if not FIN[k] and k ~= K_LING then fin = false end
        if FIN[k] then sawfin = true end
        hasdig = true
        p = q
      elseif VAGUE[k] then
        -- 十几, 二十几万: a bounded vague numeral is its stated part (the
        -- caller reads it as a lower bound); 几十, 几百 have no value
        if prev == A or prev == P or prev == D then break end
        if n == 0 then R_err = "vague numeral (几) without a value"; return nil end
        n = n + 1; TT[n] = D; TV[n] = 0
        vague = true; fin = false; hasdig = true
        p = q
      else
        local u = SMALL[k]
        if u then
          local k2, q2 = key_at(s, q)
          if u == 1000 and KM_STOP[k2] then break end
          if u == 100 and k2 == K_FEN and key_at(s, q2) == K_DIAN then break end
          if u == 10 and n == 0 and k2 == K_FEN and key_at(s, q2) ~= K_ZHI then break end
          if u >= lastsmall then break end
          if prev == Z then n = n - 1 end           -- 零 before a unit is noise
          n = n + 1; TT[n] = U; TV[n] = u
          units = units + 1; lastsmall = u
          if not FIN[k] then fin = false else sawfin = true end
          p = q
        else
          u = BIG[k]
          if not u then break end
          if prev == B and TV[n] >= u then break end
          if prev == Z then n = n - 1 end
          n = n + 1; TT[n] = B; TV[n] = u
          units = units + 1; lastsmall = huge; lastbig = u
          fin = false
          p = q
        end
      end
    end
  end
  while n > 0 and TT[n] == Z do n = n - 1 end
  if n == 0 then R_err = "not a numeral"; return nil end
  -- digits before the first unit: 七八 (range), 三五 (range), 二〇二〇 (positional)
  local run = 0
  while run < n and TT[run + 1] == D do run = run + 1 end
  R_positional = false
  if run >= 2 then
    local a, b = TV[1], TV[2]
    if run == 2 and ((b == a + 1 and a > 0) or (a == 3 and b == 5)) and pairs_ == 0 then
      TT[1] = P; TW[1] = b
      for t = 2, n - 1 do TT[t] = TT[t + 1]; TV[t] = TV[t + 1]; TW[t] = TW[t + 1]; TD[t] = TD[t + 1] end
      n = n - 1; pairs_ = 1
    elseif run == n then
      local v = 0
      for t = 1, n do v = v * 10 + TV[t] end
      if n > 18 then R_err = "numeral too long"; return nil end
      TT[1] = A; TV[1] = v; TD[1] = 0; n = 1
      R_positional = true; R_nint = run
    else
      R_err = "digits in a row before a unit"; return nil
    end
  end
  if vague and units == 0 then R_err = "vague numeral (几) without a value"; return nil end
  if pairs_ > 1 then R_err = "more than one range in a numeral"; return nil end
  local S = 0
  for t = 1, n do if TT[t] == A and TD[t] > S then S = TD[t] end end
  local lo = eval(n, S, false)
  if lo == nil then R_err = "numeral too large"; return nil end
  local hi = lo
  if pairs_ == 1 then hi = eval(n, S, true) end
  -- trailing unit products, for 3-5万 (the 万 belongs to both ends)
  local tall, tbig, t = 1, 1, n
  while t >= 1 and (TT[t] == U or TT[t] == B) do
    tall = tall * TV[t]
    if TT[t] == B then tbig = tbig * TV[t] end
    t = t - 1
  end
  R_lo, R_hi, R_scale, R_range, R_vague = lo, hi, S, pairs_ == 1, vague
  R_units, R_hasbig, R_tailall, R_tailbig = units, lastbig > 0, tall, tbig
  R_fin, R_ntok = fin and hasdig and sawfin, n
  R_bare = n == 1 and (TT[1] == U or TT[1] == B) and TV[1] >= 100
  R_onlyone = n == 1 and TT[1] == D and TV[1] == 1 and key_at(s, i) == K_ONE
  return p
end

-- scaled integer -> Lua number (integer when integral)
local function tonum (m, S)
  while S > 0 and m % 10 == 0 do m = m // 10; S = S - 1 end
  if S == 0 then return m end
  return m / P10[S]
end

-- }======

-- {====== plain decimal formatting ======

function M.format (v)
  if type(v) ~= "number" then
    error("bad argument #1 to 'format' (number expected, got " .. type(v) .. ")", 2)
  end
  local i = tointeger(v)
  if i then return format("%d", i) end
  if v ~= v or v == huge or v == -huge then return tostring(v) end
  if v == floor(v) and (v >= 2^63 or v < -2^63) then return format("%.0f", v) end
  local str
  for prec = 15, 17 do
    str = format("%." .. prec .. "g", v)
    if tonumber(str) == v then break end
  end
  local mant, exp = str:match("^(-?[%d.]+)e([-+]%d+)$")
  if mant then                        -- expand the exponent by hand
    local neg = mant:sub(1, 1) == "-"
    if neg then mant = mant:sub(2) end
    local ip, fp = mant:match("^(%d*)%.?(%d*)$")
    local digits, e = ip .. fp, tonumber(exp) + #ip
    if e <= 0 then
      str = "0." .. ("0"):rep(-e) .. digits
    elseif e >= #digits then
      str = digits .. ("0"):rep(e - #digits)
    else
      str = digits:sub(1, e) .. "." .. digits:sub(e + 1)
    end
    str = str:gsub("^0+(%d)", "%1")
    if str:find(".", 1, true) then str = str:gsub("0+$", ""):gsub("%.$", "") end
    if neg then str = "-" .. str end
  end
  return str
end

-- }======

-- {====== cn.number ======

local K_FU, K_FU2 = K"负", K"負"

function M.number (s)
  if type(s) ~= "string" then
    error("bad argument #1 to 'number' (string expected, got " .. type(s) .. ")", 2)
  end
  local i, j = 1, #s
  while i <= j and find(sub(s, i, i), "^%s") do i = i + 1 end
  while j >= i and find(sub(s, j, j), "^%s") do j = j - 1 end
  if i > j then return nil, "empty string" end
  local neg = false
  local k, q = key_at(s, i)
  if k == 45 or k == 0xEFBC8D or k == K_FU or k == K_FU2 then      -- -5, 负三, 负 1,200,000
    neg = true; i = q
    while i < j and (byte(s, i) == 32 or key_at(s, i) == 0xE38080) do i = key_at(s, i) == 32 and i + 1 or i + 3 end
  end
  k = key_at(s, i)
  if byte(s, i) == 46 and adig(s, i + 1) or (k == K_DIAN or k == 0xE9BB9E) and DIGIT[key_at(s, i + 3)] then
    local v, err = M.number((k == 46 and "0" or "零") .. sub(s, i, j))   -- .77, 点五
    if not v then return nil, err end
    return neg and -v or v
  end
  -- Latin multipliers after Arabic digits: Duckling's K M G, cn2an's k w (100K, 1.2M, .0012G, 3w)
  local c = byte(s, j)
  local lm = (c == 75 or c == 107) and 1000 or c == 77 and 1000000 or c == 71 and 1000000000
             or (c == 87 or c == 119) and 10000
  if lm and j > i and adig(s, j - 1) then
    local t = sub(s, i, j - 1)
    if byte(t, 1) == 46 then t = "0" .. t end
    local e = parse_number(t, 1)
    if not e or e ~= #t + 1 or not R_arabic or R_range or R_units > 0 then
      return nil, "not a numeral: " .. format("%q", sub(s, i, j))
    end
    if (R_lo + 0.0) * lm >= 9.2e18 then return nil, "numeral too large" end
    local v = tonum(R_lo * lm, R_scale)
    return neg and -v or v
  end
  local e = parse_number(s, i)
  if not e then return nil, R_err end
  if R_range then return nil, "a range, not a single number (use cn.quantity)" end
  if R_vague then return nil, "a vague numeral, not a number (use cn.quantity)" end
  local lo, S = R_lo, R_scale
  local kd, q1 = key_at(s, e)
  if (kd == K_DIAN or kd == 0xE9BB9E) and not R_arabic and S == 0 and DIGIT[key_at(s, q1)] then
    local nd = 0                                            -- 一点二三: Chinese decimals
    e = q1
    while DIGIT[key_at(s, e)] do
      if nd >= 15 or lo > 9e16 then return nil, "numeral too long" end
      lo = lo * 10 + DIGIT[key_at(s, e)]; nd = nd + 1; e = e + 3
    end
    S = nd
  end
  if e ~= j + 1 then return nil, "not a numeral: " .. format("%q", sub(s, e, j)) end
  local v = tonum(lo, S)
  if neg then v = -v end
  return v
end

-- }======

-- {====== units ======
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
local K_CHENG, K_KOU, K_QI, K_REN, K_ZHONG, K_ZHONG2 = K"成", K"口", K"期", K"人", K"钟", K"鐘"
local K_DA, K_XIAO, K_BAN = K"大", K"小", K"半"
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
  ["處"] = "理置于在长長", ["只"] = "有是能要会會需", ["条"] = "件例款幅", ["條"] = "件例款幅",
  ["种"] = "植养養子苗", ["種"] = "植养養子苗", ["台"] = "湾灣阶階上", ["项"] = "目", ["項"] = "目",
  ["次"] = "日要数數", ["头"] = "号號条條部脑腦", ["家"] = "庭乡鄉属屬", ["类"] = "似型", ["類"] = "似型",
  ["例"] = "如", ["度"] = "过過假", ["间"] = "隔接", ["間"] = "隔接", ["人"] = "民均口", ["米"] = "粮糧面",
  ["省"] = "级級委长長份会會内內外直钱錢力事心", ["县"] = "城级級委长長域区區乡鄉里志", ["縣"] = "城级級委长長域区區乡鄉里志",
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

-- The rules added for real documents (glosses, spaces, spoken money ...)
-- keep their tables and helpers in X: the main chunk is at Lua's limit of
-- 200 locals.
local X = {}

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

-- {====== context rules ======

local K_DI, K_SHU, K_YUE, K_YUE2, K_JIN, K_YU3, K_GUO, K_GUO2, K_CHAO, K_CHAO2, K_BU, K_PO, K_TU, K_DAO, K_ZU =
  K"第", K"数", K"约", K"約", K"近", K"逾", K"过", K"過", K"超", K"超", K"不", K"破", K"突", K"到", K"足"
local K_YI3, K_SHANG, K_XIA, K_NEI, K_NEI2, K_ZUO, K_YOU = K"以", K"上", K"下", K"内", K"內", K"左", K"右"
local K_XING, K_DIAN2, K_SHI2, K_SHI3 = K"性", K"點", K"时", K"時"
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
                      "队隊包单單处處类類轮輪番笔筆座家间間")
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

function X.implicit (s, a, p, big, out, direct)
  local i = p
  if direct then                                   -- 千万群众, 百万贫困人口
    i = X.gloss_end(s, p) or p
    if X.POOR[sub(s, i, i + 5)] then i = i + 6 end
    return X.noun_at(s, i, key_at(s, i))
  end
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
  e = a
  local crossed = false
  for _ = 1, 16 do
    local k, st = key_before(s, e)
    if k == nil or X.SENTENCE_END[k] then return nil end
    if PUNCT_STOP[k] then crossed = true end
    if is_adigit(k) or NUMSTART[k] then
      local m = out[#out]
      if m and m.unit_written == "" and m.stop >= st and m.stop < a then return m.unit end
      return nil
    end
    if not crossed and (PEOPLE_AT[k] or X.HOUSE[k]) then
      local u = X.noun_at(s, st, k)
      if u then return u end
    end
    e = st
  end
  return nil
end

-- qualifier word right before the numeral at a -> start, qualifier, is 近
X.K_MO, X.K_JIE, X.K_BI, X.K_JIANG, X.K_JIANG2 = K"莫", K"接", K"逼", K"将", K"將"
X.K_YU4, X.K_YU5, X.K_DI3 = K"于", K"於", K"低"
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
  elseif k == X.K_YU4 or k == X.K_YU5 then
    local k2, i2 = key_before(s, i)
    if k2 == X.K_DI3 then return i2, "max" end
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

-- {====== quantities ======

local RANGE_SEP = { [45] = 1, [126] = 1, [0xEFBC8D] = 3, [0xEFBD9E] = 3, [K"至"] = 3, [K"到"] = 3,
                    [0xE28094] = 3, [0xE28093] = 3 }
local K_NIAN = K"年"
local YEAR_DATE_NEXT = charset("底初末度")

local function year_shaped ()
  if R_positional then return R_nint == 4 end
  return R_arabic and R_ntok == 1 and R_nint == 4 and not R_dec and not R_sep
    and R_lo >= 1000 and R_lo <= 2999
end

-- value scaled by 10^S times mult -> Lua number
local function scaled (m, S, mult)
  if mult ~= 1 then
    if (m + 0.0) * mult < 9.2e18 then m = m * mult
    else return m / P10[S] * mult end
  end
  return tonum(m, S)
end

-- The common case without the tokenizer: a run [a, b] of ASCII digits,
-- possibly ending in one 万/亿, not followed by a decimal point or separator.
local function fast_number (s, a, b)
  local c = byte(s, b + 1)
  if c == 46 or c == 44 or c == 0xEF then return nil end
  local big, e = 1, b
  if byte(s, b) >= 0x80 then
    big = BIG[key_at(s, b - 2)]
    if not big then return nil end
    e = b - 3
  end
  local v = 0
  for i = a, e do
    local d = byte(s, i) - 48
    if d < 0 or d > 9 then return nil end
    v = v * 10 + d
  end
  local n = e - a + 1
  if n < 1 or n > 15 then return nil end
  v = v * big
  R_lo, R_hi, R_scale, R_range, R_vague = v, v, 0, false, false
  R_arabic, R_nint, R_lead0, R_sep, R_dec = true, n, byte(s, a) == 48, false, false
  R_positional, R_fin, R_bare, R_onlyone = false, false, false, false
  R_units, R_hasbig, R_tailall, R_tailbig = big > 1 and 1 or 0, big > 1, big, big
  R_ntok = big > 1 and 2 or 1
  TT[1] = A
  return b + 1
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
    if not e or R_range or R_arabic ~= arabic then return nil end
    local tb = R_tailbig
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
  if not e2 or R_range or R_vague or R_arabic or R_tailbig > 1 then return nil, e end
  local v = scaled(R_lo, R_scale, 1)
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
  if not e or R_range or not R_arabic or R_lead0 or R_units > 0 then return nil end
  local p3 = X.skip(s, e)
  if p3 == e or BIG[key_at(s, p3)] ~= b then return nil end
  return R_lo, R_scale, p3 + 3, b
end

-- (含) or （含） at p ("included") -> the index after it, or nil
function X.han_end (s, p)
  local k, q = key_at(s, p)
  if not (k == 40 or k == 0xEFBC88) or key_at(s, q) ~= X.K_HAN then return nil end
  local k2, q2 = key_at(s, q + 3)
  if k2 == 41 or k2 == 0xEFBC89 then return q2 end
  return nil
end

-- Reads a quantity whose numeral starts at a; appends a mention to out when
-- there is one.  Returns where the scan goes on.
local function scan_at (s, a, b, ctx, out)
  local q
  if b == a + 2 then                 -- one Chinese character: 一 两 三 百 万 ...
    local k = key3(s, a)
    local v = DIGIT[k]
    if v and v > 0 then
      R_lo, R_hi, R_scale, R_range, R_vague = v, v, 0, false, false
      R_arabic, R_nint, R_lead0, R_sep, R_dec = false, 0, false, false, false
      R_positional, R_fin, R_bare, R_onlyone = false, FIN[k] == true, false, k == K_ONE
      R_units, R_hasbig, R_tailall, R_tailbig, R_ntok = 0, false, 1, 1, 1
      TT[1] = D
      q = b + 1
    end
  end
  local halfonly = false
  if not q and key3(s, a) == K_BAN then      -- 半年, 半天: half of one
    R_lo, R_hi, R_scale, R_range, R_vague = 5, 5, 1, false, false
    R_arabic, R_nint, R_lead0, R_sep, R_dec = false, 0, false, false, false
    R_positional, R_fin, R_bare, R_onlyone = false, false, false, false
    R_units, R_hasbig, R_tailall, R_tailbig, R_ntok = 0, false, 1, 1, 1
    TT[1] = D
    q = a + 3
    halfonly = true
  end
  q = q or fast_number(s, a, b) or parse_number(s, a)
  if not q then return b + 1 end          -- no numeral here (too long, vague ...): skip the run
  local lo, hi, S, isrange = R_lo, R_hi, R_scale, R_range
  local arabic, lead0, nint, positional = R_arabic, R_lead0, R_nint, R_positional
  local bare, onlyone, fin, hasbig = R_bare, R_onlyone, R_fin, R_hasbig
  local vague = R_vague
  local firsttok_unit = TT[1] == U or TT[1] == B
  local ystart, yend = nil, nil
  if R_ntok == 1 and R_nint == 4 then ystart = year_shaped(); yend = ystart end
  local tailbig = R_tailbig
  local onechar = R_ntok == 1 and q == a + 3
  local unitsonly = not arabic and R_units == R_ntok      -- 千万, 百万: no digit
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
      local first_units, first_big = R_units, R_hasbig
      local q2 = parse_number(s, q1)
      if q2 and not R_range and R_arabic == arabic and not lead0 and not R_lead0 then
        local mul = 1
        if first_units == 0 then mul = R_tailall elseif not first_big then mul = R_tailbig end
        local S2 = R_scale
        local Sm = S > S2 and S or S2
        local l, h = lo * P10[Sm - S], R_lo * P10[Sm - S2]
        if mul > 1 and (l + 0.0) * mul >= h and l < h then mul = 1 end     -- 从8500到3万
        if (l + 0.0) * mul < 9e18 and l * mul < h then
          lo, hi, S, isrange = l * mul, h, Sm, true
          yend = year_shaped()
          hasbig = hasbig or R_hasbig
          tailbig = R_tailbig
          p = q2
          k = key3(s, p); q1 = p + (k and k < 0x80 and 1 or 3)
        end
      end
    end
    if not isrange then k, q1 = k0, q10 end
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
    if not q3 or R_range and (R_lo == 0 or R_vague) then return q1 end
    local nm, ns = R_lo, R_scale
    if R_range then pcthi = X.percent(tonum(R_hi, ns), tonum(lo, S)) end      -- 百分之七八十
    if R_vague then vague = true end                                            -- 百分之十几: min
    if not R_arabic and ns == 0 and X.K_DIAN_ANY[key_at(s, q3)] and DIGIT[key_at(s, q3 + 3)] then
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
        elseif not (big or arabic and X.NOUN_NEXT[k]) or lead0 then return p end
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
      if pk == K_DI or is_alpha(pk) then return uq end
      if pk == 46 or pk == 0xEFBC8E then return uq end       -- .8万: a number that lost digits
      if pk == 45 or pk == 0xEFBC8D or pk == 47 then
        local k0 = key_before(s, pkst)
        if is_adigit(k0) then return uq end            -- 0535-6631311, codes
      end
      if pk == X.K_QIAN2 and (unit == "人" or unit == "个") then return uq end   -- 前10名: a rank
      if arabic and (pk == 58 or pk == 0xEFBC9A) and is_adigit(key_before(s, pkst)) then return uq end  -- 15:57
      if lead0 and nint >= 2 then return uq end
      if fin and unit ~= UNIT_OF.money then return uq end
      if onlyone and not fz and mult == 1 and not pct and not half then     -- (用了一个半月 counts)
        if infix or INDEF[key_at(s, up)] then return uq end
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
      if e2 and not R_range and R_arabic == arabic and not R_vague then
        local l2, S2 = R_lo, R_scale
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
  out[#out + 1] = m
  return e
end

-- {====== candidates ======
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

local function check_opts (opts, fname)
  if opts ~= nil and type(opts) ~= "table" then
    error("bad argument #2 to '" .. fname .. "' (table expected, got " .. type(opts) .. ")", 3)
  end
end

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
-- quantity in running text; 毛, 角: tenths of 元; 斤: 3斤5两)
X.GENERAL_UNIT = { ["周年"] = true, ["毛"] = true, ["角"] = true, ["旬"] = true, ["斤"] = true }
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
  local m = v * big
  out[#out + 1] = { start = start, stop = p - 1, surface = sub(s, start, p - 1), value = S == 0 and m or tonum(m, S),
                    unit = unit, qualifier = pq or sq or (fz and "min") or "exact", unit_written = written,
                    multiplier = big > 1 and big or nil }
  return p
end

-- The candidate search and the lane in C (engine/lcn.c), given the tables
-- above so that every character is defined here only.  The Lua loop below
-- stays the reference and the fallback: tests/cn_c_test.lua checks that
-- both give the same mentions.  Over the bench corpus the C path takes the
-- candidate search (PCRE2, a call per run) and the lane, two thirds of the
-- time, off Lua.  Only beside assay.re: the C search reproduces QRUN_RE,
-- which on invalid UTF-8 differs from the Lua search without it.
-- (a function of its own: the main chunk is at its 200-local limit)
local LANES = (function ()
  local ok, cnc = pcall(require, "assay.cn_c")
  if not (ok and type(cnc) == "table" and re) then return nil end
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
    keys = { nian = K_NIAN, fen = K_FEN, ren = K_REN, ci = K_CI, ban = K_BAN, yi3 = K_YI3,
             shang = K_SHANG, xia = K_XIA, nei = K_NEI, nei2 = K_NEI2, zuo = K_ZUO, you = K_YOU,
             yue = K_YUE, yue2 = K_YUE2, da = K_DA, jin = K_JIN, yu3 = K_YU3, guo = K_GUO,
             guo2 = K_GUO2, chao = K_CHAO, chao2 = K_CHAO2, bu = K_BU, po = K_PO, tu = K_TU,
             dao = K_DAO, zu = K_ZU, ge = K_GE, ge2 = K_GE2, cheng = K_CHENG, kou = K_KOU, qi = K_QI,
             month = K_MONTH, zhi = K_ZHI, zhong = K_ZHONG, zhong2 = K_ZHONG2, xiao = K_XIAO,
             one = K_ONE, di = K_DI, jie = X.K_JIE, bi = X.K_BI, jiang = X.K_JIANG, jiang2 = X.K_JIANG2,
             you2 = X.K_YOU2, mei = X.K_MEI, zhou = X.K_ZHOU, zhou2 = X.K_ZHOU2, de = X.K_DE, qian = X.K_QIAN2 },
  })
  return made and lanes or nil
end)()
-- "c" when cn.quantities runs its hot path in C, "lua" otherwise
M.lanes = LANES and "c" or "lua"
-- both candidate searches, for tests/cn_c_test.lua (not an interface)
M._impl = { next_qcand = next_qcand, lanes = LANES }

-- Numbers inside a web address are no quantities or dates (…/2020/0815/36.html,
-- percent-encoding %E6%89): mentions that start in one are dropped.  A web
-- address runs from its scheme (http://) to the first space, control
-- character or non-ASCII character.
function X.drop_urls (s, out)
  local init = find(s, "://", 1, true)
  if not init or #out == 0 then return out end
  local spans = {}
  while init do
    local a = init
    while a > 1 and find(sub(s, a - 1, a - 1), "^[%a%d+.-]") do a = a - 1 end
    local _, e = find(s, "^[!-~]*", init)
    spans[#spans + 1] = a; spans[#spans + 1] = e
    init = find(s, "://", e + 1, true)
  end
  local kept, j = {}, 1
  for _, m in ipairs(out) do
    while spans[j] and spans[j + 1] < m.start do j = j + 2 end
    if not (spans[j] and spans[j] <= m.start) then kept[#kept + 1] = m end
  end
  return kept
end

function M.quantities (s, opts)
  if type(s) ~= "string" then
    error("bad argument #1 to 'quantities' (string expected, got " .. type(s) .. ")", 2)
  end
  check_opts(opts, "quantities")
  local ctx = not (opts and opts.context == false)
  local out, pos, n = {}, 1, #s
  C_text, C_quotes, C_titles = nil, nil, nil
  if ctx and LANES then
    LANES:quantities(s, out, function (a, b) return scan_at(s, a, b, true, out) end)
  else
    local titles = find(s, TITLE.open, 1, true) ~= nil
    while pos <= n do
      local a, b = next_qcand(s, pos)
      if a == nil then break end
      pos = ctx and lane(s, a, b, out, titles) or scan_at(s, a, b, ctx, out)
    end
  end
  C_text, C_quotes, C_titles = nil, nil, nil
  return X.drop_urls(s, out)
end

function M.quantity (s)
  if type(s) ~= "string" then
    error("bad argument #1 to 'quantity' (string expected, got " .. type(s) .. ")", 2)
  end
  local a = next_cand(s, 1)
  if a == nil then return nil, "no numeral in " .. format("%q", s) end
  local out = {}
  local _, b = next_cand(s, 1)
  scan_at(s, a, b, false, out)
  local m = out[1]
  if m == nil then return nil, "not a quantity: " .. format("%q", s) end
  if m.start ~= 1 or m.stop ~= #s then
    return nil, "not a single quantity: " .. format("%q", s) .. " (read " .. format("%q", m.surface) .. ")"
  end
  m.start, m.stop, m.surface = nil, nil, nil
  m.text = s
  return m
end

-- }======

-- {====== dates ======
-- in assay/cn/dates.lua, given the parser and the tables it shares
require("assay.cn.dates")(M, {
  K = K, charset = charset, key_at = key_at, key_before = key_before, is_adigit = is_adigit, is_alpha = is_alpha,
  adig = adig, digits_ = digits_, parse_number = parse_number,
  numeral = function () return R_lo, R_scale, R_range, R_arabic, R_positional, R_nint end,
  check_opts = check_opts, next_dcand = next_dcand, drop_urls = X.drop_urls,
  DIGIT = DIGIT, SMALL = SMALL, BIG = BIG, FUZZ = FUZZ, NUMSTART = NUMSTART, UNIT_AT = UNIT_AT, RANGE_SEP = RANGE_SEP,
})
-- }======

return M
