-- assay/cn/number.lua: Chinese and Arabic numerals, a part of assay.cn
-- (cn.number, cn.format; docs/cn.md): the numeral tables, the parser and its
-- registers.  assay.cn calls the function this chunk returns with its module
-- table and the table the parts share; it adds the tables and the parser the
-- other parts read numerals with (parse_number, numeral_at, numeral ...).
local string, math, utf8 = string, math, utf8
local byte, sub, find, format, gmatch = string.byte, string.sub, string.find, string.format, string.gmatch
local type, error, tostring, tonumber, ipairs = type, error, tostring, tonumber, ipairs
local tointeger, huge, floor = math.tointeger, math.huge, math.floor
local charpattern = utf8.charpattern
local text = require "assay.text"

local _ENV <const> = nil

-- (the shared table is `shared` here: P is a token type below)
return function (M, shared)
  local key_at, key3, K, charset = shared.key_at, shared.key3, shared.K, shared.charset

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
  local K_ONE, K_LING = K"一", K"零"

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
  -- the R_ registers below (locals of this part: no table per number).  Values are
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

  -- ASCII or full-width digit at p -> value, byte width | nil; the run of
  -- at most 18 of them at p (no separators, no decimals) -> value, count,
  -- next index.  In C (engine/ltext.c): every numeral is read by them.
  local adig, digits_ = text.adigit, text.adigits

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

  local K_FEN, K_DIAN, K_ZHI = K"分", K"点", K"之"
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
          -- (the spoken 一万四 is no form of an Arabic number: 47万四川 is 47万, then 四川)
          if prev == B and R_arabic and not SMALL[key_at(s, q)] then break end
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

  -- range separators between two numerals (3-5万, 3至5万), their byte widths
  local RANGE_SEP = { [45] = 1, [126] = 1, [0xEFBC8D] = 3, [0xEFBD9E] = 3, [K"至"] = 3, [K"到"] = 3,
                      [0xE28094] = 3, [0xE28093] = 3 }

  local function year_shaped ()
    if R_positional then return R_nint == 4 end
    return R_arabic and R_ntok == 1 and R_nint == 4 and not R_dec and not R_sep
      and R_lo >= 1000 and R_lo <= 2999
  end

  -- The common case without the tokenizer: a run [a, b] of ASCII digits,
  -- possibly ending in one 万/亿, not followed by a decimal point or separator
  -- -> value, digit count, 万/亿 factor; nil when not so.
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
    if (v + 0.0) * big >= 9.2e18 then return nil end   -- the parser's "numeral too large"
    return v * big, n, big
  end

  -- The numeral of a candidate run [a, b] of cn.quantities (scan.lua): one
  -- Chinese digit, 半 (half of one), the common Arabic shape, else the
  -- parser -> the index after it (nil when there is none), value, scale,
  -- range, Arabic, positional, integer digits, high end, vague, leading zero,
  -- count of units, a 万/亿 token, trailing 万/亿 product, financial capitals,
  -- token count, bare unit, the single 一, first token a unit, shaped like a
  -- year (nil: not four digits), 半 alone.  Returned, not left in the
  -- registers: the scanner keeps them in locals with no call more.
  local K_BAN = K"半"
  local function numeral_at (s, a, b)
    if b == a + 2 then                 -- one Chinese character: 一 两 三 百 万 ...
      local k = key3(s, a)
      local v = DIGIT[k]
      if v and v > 0 then
        return b + 1, v, 0, false, false, false, 0, v, false, false, 0, false, 1, FIN[k] == true, 1, false,
          k == K_ONE, false, nil, false
      end
    end
    if key3(s, a) == K_BAN then        -- 半年, 半天: half of one
      return a + 3, 5, 1, false, false, false, 0, 5, false, false, 0, false, 1, false, 1, false, false, false, nil, true
    end
    local v, n, big = fast_number(s, a, b)
    if v then
      local year = nil
      if big == 1 and n == 4 then year = v >= 1000 and v <= 2999 end
      return b + 1, v, 0, false, true, false, n, v, false, byte(s, a) == 48, big > 1 and 1 or 0, big > 1, big, false,
        big > 1 and 2 or 1, false, false, false, year, false
    end
    local q = parse_number(s, a)
    if not q then return nil end
    local year = nil
    if R_ntok == 1 and R_nint == 4 then year = year_shaped() end
    local t1 = TT[1]
    return q, R_lo, R_scale, R_range, R_arabic, R_positional, R_nint, R_hi, R_vague, R_lead0, R_units, R_hasbig,
      R_tailbig, R_fin, R_ntok, R_bare, R_onlyone, t1 == U or t1 == B, year, false
  end

  -- The registers of the numeral parse_number read last, for the parts that
  -- read numerals: value, scale, range, Arabic, positional,
  -- integer digits; high end, vague, leading zero, count of units, a 万/亿
  -- token, trailing 万/亿 product, financial capitals, token count, bare unit,
  -- the single 一, first token a unit, trailing unit product.
  local function numeral ()
    local t1 = TT[1]
    return R_lo, R_scale, R_range, R_arabic, R_positional, R_nint, R_hi, R_vague, R_lead0, R_units, R_hasbig,
      R_tailbig, R_fin, R_ntok, R_bare, R_onlyone, t1 == U or t1 == B, R_tailall
  end

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

  shared.DIGIT, shared.SMALL, shared.BIG, shared.FIN, shared.NUMSTART, shared.CAND_CLASS, shared.RANGE_SEP =
    DIGIT, SMALL, BIG, FIN, NUMSTART, CAND_CLASS, RANGE_SEP
  shared.P10, shared.K_ONE, shared.K_LING = P10, K_ONE, K_LING
  shared.adig, shared.digits_, shared.parse_number, shared.numeral_at, shared.numeral, shared.year_shaped, shared.tonum =
    adig, digits_, parse_number, numeral_at, numeral, year_shaped, tonum
end
