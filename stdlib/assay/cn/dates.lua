-- assay/cn/dates.lua: calendar and clock expressions in report text, a part
-- of assay.cn (cn.dates, cn.resolve_date; docs/cn.md).  assay.cn calls the
-- function this chunk returns with its module table and the numeral parser,
-- character tables and helpers it shares (P): one definition of each.
local string, table = string, table
local byte, sub, find, format = string.byte, string.sub, string.find, string.format
local type, error, tonumber, ipairs = type, error, tonumber, ipairs
local sort = table.sort

local _ENV <const> = nil

return function (M, P)
  local K, charset, key_at, key_before = P.K, P.charset, P.key_at, P.key_before
  local is_adigit, is_alpha, adig, digits_ = P.is_adigit, P.is_alpha, P.adig, P.digits_
  -- parse_number(s, i) -> index after the numeral; numeral() -> its registers
  -- (value, scale, range, Arabic, positional, integer digits)
  local parse_number, numeral = P.parse_number, P.numeral
  local check_opts, next_dcand, drop_urls = P.check_opts, P.next_dcand, P.drop_urls
  local DIGIT, SMALL, BIG, FUZZ, NUMSTART, UNIT_AT, RANGE_SEP =
    P.DIGIT, P.SMALL, P.BIG, P.FUZZ, P.NUMSTART, P.UNIT_AT, P.RANGE_SEP
  local K_NIAN, K_MONTH, K_DI, K_SHANG, K_XIA, K_ZUO, K_YOU, K_BAN = K"年", K"月", K"第", K"上", K"下", K"左", K"右", K"半"
  local K_DIAN, K_DIAN2, K_SHI, K_SHI2, K_SHI3, K_FEN = K"点", K"點", K"十", K"时", K"時", K"分"
  local K_ZHONG, K_ZHONG2, K_GE, K_GE2, K_CHENG, K_KOU, K_QI = K"钟", K"鐘", K"个", K"個", K"成", K"口", K"期"

  local K_RI, K_HAO, K_HAO2, K_FEN3 = K"日", K"号", K"號", K"份"
  local K_XU, K_XU2, K_ZHENG, K_MIAO, K_DUO = K"许", K"許", K"整", K"秒", K"多"
  local K_WU2, K_WAN = K"午", K"晚"
  local K_JI, K_DU = K"季", K"度"
  local K_DI2, K_CHU, K_MO = K"底", K"初", K"末"
  local K_WU, K_YI = K"五", K"一"
  local DAYTIME = charset("午晚晨早夜")
  local HOLIDAY = { { "元旦", "-01-01" }, { "国庆", "-10-01" }, { "國慶", "-10-01" } }

  local function two (v) return format("%02d", v) end
  local K_DAI, K_ZUO2, K_JIN2 = K"代", K"昨", K"今"
  -- 号 before these numbers a thing, not a day (2号楼, 1号文件)
  local HAO_NOT = charset("楼樓线線院文令码碼机機床房门門车車馆館店仓倉井站桥橋口位台桩樁")
  local CENTURY = { { "上世纪", 1900 }, { "上世紀", 1900 }, { "20世纪", 1900 }, { "20世紀", 1900 },
                    { "二十世纪", 1900 }, { "二十世紀", 1900 }, { "本世纪", 2000 }, { "本世紀", 2000 },
                    { "21世纪", 2000 }, { "21世紀", 2000 }, { "二十一世纪", 2000 }, { "二十一世紀", 2000 } }

  -- a small numeral (Arabic 1-2 digits, or Chinese) at p -> value, next index
  local function small_num (s, p)
    if adig(s, p) then
      local v, n, q = digits_(s, p)
      if n > 2 then return nil end
      return v, q
    end
    if not NUMSTART[key_at(s, p)] then return nil end
    local q = parse_number(s, p)
    local R_lo, R_scale, R_range, R_arabic, R_positional = numeral()
    if not q or R_range or R_arabic or R_scale ~= 0 or R_positional then return nil end
    return R_lo, q
  end

  -- 许 / 左右 after a clock time belong to its surface
  local function time_suffix (s, e)
    local k, q = key_at(s, e)
    if k == K_XU or k == K_XU2 or k == K_DUO then return q end      -- 19时许, 8点多
    if k == K_ZUO and key_at(s, q) == K_YOU then return q + 3 end
    return e
  end

  -- clock time at p -> "Thh:mm[:ss]", next index; loose: 点 needs no proof it is a time
  local function time_at (s, p, loose)
    local h, n, q = digits_(s, p)
    if n == 0 or n > 2 or h > 24 then return nil end
    if byte(s, q) == 32 then                     -- 晚上 8 点
      local k = key_at(s, q + 1)
      if k == K_DIAN or k == K_DIAN2 or k == K_SHI2 or k == K_SHI3 then q = q + 1 end
    end
    local c = byte(s, q)
    local cw = c == 58 and 1 or (c == 0xEF and byte(s, q + 1) == 0xBC and byte(s, q + 2) == 0x9A and 3) or 0
    if cw > 0 then
      local mm, n2, q2 = digits_(s, q + cw)
      if n2 ~= 2 or mm > 59 then return nil end
      local v = "T" .. two(h) .. ":" .. two(mm)
      if byte(s, q2) == 58 then
        local ss, n3, q3 = digits_(s, q2 + 1)
        if n3 == 2 and ss <= 59 then v = v .. ":" .. two(ss); q2 = q3 end
      end
      return v, q2
    end
    local k, q1 = key_at(s, q)
    local ishour = k == K_SHI2 or k == K_SHI3
    if not ishour and k ~= K_DIAN and k ~= K_DIAN2 then return nil end
    local mm, n2, q2 = digits_(s, q1)
    if n2 >= 1 and n2 <= 2 and mm <= 59 and key_at(s, q2) == K_FEN then
      local v, e = "T" .. two(h) .. ":" .. two(mm), q2 + 3
      local ss, n3, q3 = digits_(s, e)
      if n3 >= 1 and n3 <= 2 and ss <= 59 and key_at(s, q3) == K_MIAO then v = v .. ":" .. two(ss); e = q3 + 3 end
      return v, time_suffix(s, e)
    end
    local k2, q3 = key_at(s, q1)
    if k2 == K_BAN then return "T" .. two(h) .. ":30", time_suffix(s, q3) end
    if ishour or loose or k2 == K_ZHENG or k2 == K_XU or k2 == K_XU2 or k2 == K_ZHONG or k2 == K_ZHONG2 then
      local e = q1
      if k2 == K_ZHENG or k2 == K_ZHONG or k2 == K_ZHONG2 then e = q3 end
      return "T" .. two(h) .. ":00", time_suffix(s, e)
    end
    return nil
  end

  local function emit_date (out, s, a, e, v)
    out[#out + 1] = { start = a, stop = e - 1, surface = sub(s, a, e - 1), value = v }
    return e
  end

  -- after "MM月" (p just past 月): day, 份/底/初/末, time after a full date
  local function month_tail (s, p, ys, mo)
    local pre = ys and (ys .. "-") or "--"
    local k, q = key_at(s, p)
    if k == K_FEN3 or k == K_DI2 or k == K_CHU or k == K_MO then return q, pre .. two(mo) end
    local dv, dq = small_num(s, byte(s, p) == 32 and p + 1 or p)
    if dv and dv >= 1 and dv <= 31 then
      if byte(s, dq) == 32 then dq = dq + 1 end
      local k2, q2 = key_at(s, dq)
      if k2 == K_RI or k2 == K_HAO or k2 == K_HAO2 then
        local v = pre .. two(mo) .. "-" .. two(dv)
        if ys then
          local tp = q2
          if byte(s, tp) == 32 then tp = tp + 1 end
          local tv, tq = time_at(s, tp, false)
          if tv then return tq, v .. tv end
        end
        return q2, v
      end
    end
    return p, pre .. two(mo)
  end

  -- after "YYYY年" (p just past 年)
  local function year_tail (s, a, p, y, out)
    local ys = format("%04d", y)
    local k, q = key_at(s, p)
    local w = RANGE_SEP[k]
    if w then
      local v2, n2, q2 = digits_(s, q)
      if n2 == 4 and v2 > y and key_at(s, q2) == K_NIAN then
        return emit_date(out, s, a, q2 + 3, ys .. "/" .. format("%04d", v2))
      end
    end
    if k == K_DU then return emit_date(out, s, a, q, ys) end
    if k == K_NIAN then                          -- 2018年年底
      local k2, q2 = key_at(s, q)
      if k2 == K_DI2 or k2 == K_MO then return emit_date(out, s, a, q2, ys .. "-12") end
      if k2 == K_CHU then return emit_date(out, s, a, q2, ys .. "-01") end
    end
    if k == K_DI2 or k == K_MO then return emit_date(out, s, a, q, ys .. "-12") end
    if k == K_CHU then return emit_date(out, s, a, q, ys .. "-01") end
    local ps = k == 32 and q or p                -- 2020 年 3 月
    local mv, mq = small_num(s, ps)
    if mv and mv >= 1 and mv <= 12 then
      if byte(s, mq) == 32 and key_at(s, mq + 1) == K_MONTH then mq = mq + 1 end
      if key_at(s, mq) == K_MONTH then
        local e, v = month_tail(s, mq + 3, ys, mv)
        return emit_date(out, s, a, e, v)
      end
    end
    local k2, q2 = key_at(s, q)
    if k == K_WU and k2 == K_YI then return emit_date(out, s, a, q2, ys .. "-05-01") end
    if k == K_SHI and k2 == K_YI and key_at(s, q2) ~= K_MONTH then
      return emit_date(out, s, a, q2, ys .. "-10-01")
    end
    for _, h in ipairs(HOLIDAY) do
      if sub(s, p, p + #h[1] - 1) == h[1] then return emit_date(out, s, a, p + #h[1], ys .. h[2]) end
    end
    return emit_date(out, s, a, p, ys)
  end

  -- a four-digit number standing alone as a year (决胜2020, 2019、2020年)
  local function bare_year_ok (s, a, q)
    local k = key_at(s, q)
    if k ~= nil and (is_adigit(k) or is_alpha(k) or k == 46 or k == 37 or k == 45 or k == 47 or k == 58
        or UNIT_AT[k] or FUZZ[k] or BIG[k] or SMALL[k] or DIGIT[k] or k == K_GE or k == K_GE2
        or k == K_CHENG or k == K_FEN or k == K_KOU or k == K_QI or k == K_MONTH or k == K_RI
        or k == K_HAO or k == K_NIAN or k == 0xEFBC8D) then
      return false
    end
    local pk = key_before(s, a)
    return not (pk == K_DI or pk == 45 or pk == 47 or pk == 58 or pk == 46 or pk == 0xEFBC8D)
  end

  -- the number v at a followed by k at q1: 6月 (with its day ...), 二季度 -> the
  -- scan's next position, or nil
  local function month_or_quarter (s, a, pk, pstart, k, q1, v, out)
    if k == K_NIAN and key_at(s, q1) == K_DAI and v >= 10 and v <= 90 and v % 10 == 0 then
      local y, st = 1900, a                      -- 90年代, 上世纪九十年代: a decade
      for _, c in ipairs(CENTURY) do
        if a > #c[1] and sub(s, a - #c[1], a - 1) == c[1] then y, st = c[2], a - #c[1]; break end
      end
      return emit_date(out, s, st, q1 + 3, format("%04d/%04d", y + v, y + v + 9))
    end
    if k == K_MONTH and v >= 1 and v <= 12 then
      local e, val = month_tail(s, q1, nil, v)
      return emit_date(out, s, a, e, val)
    end
    if k == K_JI and key_at(s, q1) == K_DU and v >= 1 and v <= 4 then
      return emit_date(out, s, pk == K_DI and pstart or a, q1 + 3, "--Q" .. v)
    end
    return nil
  end

  local function date_at (s, a, out)
    local pk, pstart = key_before(s, a)
    if adig(s, a) then
      local v, n, q = digits_(s, a)
      if is_alpha(pk) or pk == 46 or is_adigit(key_at(s, q)) then return q end
      if (pk == 58 or pk == 0xEFBC9A) and is_adigit(key_before(s, pstart)) then return q end   -- 09:24:00: not 24:00
      if pk == 45 or pk == 47 or pk == 0xEFBC8D then
        if is_adigit(key_before(s, pstart)) then return q end
      end
      if n == 4 then
        local c = byte(s, q)
        if c == 45 or c == 47 or c == 46 then        -- 2020-10-16, 2020/10/16, 2020.10.16
          local mo, n2, q2 = digits_(s, q + 1)
          if n2 >= 1 and n2 <= 2 and mo >= 1 and mo <= 12 then
            local c2 = byte(s, q2)
            if c2 == c then
              local dd, n3, q3 = digits_(s, q2 + 1)
              if n3 >= 1 and n3 <= 2 and dd >= 1 and dd <= 31 and not adig(s, q3) then
                local val, e = format("%04d-%02d-%02d", v, mo, dd), q3
                local c3 = byte(s, q3)
                if c3 == 32 or c3 == 84 then
                  local tv, tq = time_at(s, q3 + 1, false)
                  if tv and byte(s, tq - 1) ~= 0x8B then val = val .. tv; e = tq end
                end
                return emit_date(out, s, a, e, val)
              end
              local d2 = n3 > 2 and c ~= 46 and tonumber(sub(s, q2 + 1, q2 + 2))
              if d2 and d2 >= 1 and d2 <= 31 then           -- 2020-07-14286: a page counter glued on
                return emit_date(out, s, a, q2 + 3, format("%04d-%02d-%02d", v, mo, d2))
              end
            elseif c ~= 46 and c2 ~= 46 and not adig(s, q2) and not (c2 == 45 or c2 == 47) then
              return emit_date(out, s, a, q2, format("%04d-%02d", v, mo))
            end
          end
        end
        local k, q1 = key_at(s, q)
        local w = RANGE_SEP[k]
        if w then                                    -- 2016-2020年, 2016至2020年
          local v2, n2, q2 = digits_(s, q1)
          if n2 == 4 and v2 > v and not adig(s, q2) and v >= 1000 and v2 <= 2999 then
            local e = q2
            if key_at(s, q2) == K_NIAN then e = q2 + 3
            elseif v < 1900 or v2 > 2099 then return q end
            return emit_date(out, s, a, e, format("%04d/%04d", v, v2))
          end
        end
        if k == 32 and key_at(s, q1) == K_NIAN then k, q1 = K_NIAN, q1 + 3 end      -- 2020 年
        if k == K_NIAN and v >= 1000 and v <= 2999 then
          if byte(s, q1) == 32 and adig(s, q1 + 1) then q1 = q1 + 1 end
          return year_tail(s, a, q1, v, out)
        end
        if v >= 1950 and v <= 2049 and bare_year_ok(s, a, q) then
          return emit_date(out, s, a, q, format("%04d", v))
        end
        return q
      elseif n <= 2 then
        local k, q1 = key_at(s, q)
        local mq = month_or_quarter(s, a, pk, pstart, k, q1, v, out)
        if mq then return mq end
        if (k == 41 or k == 0xEFBC89) and (pk == 40 or pk == 0xEFBC88) and key_at(s, q1) == K_RI
           and v >= 1 and v <= 31 then                                  -- 昨(9)日
          local kd, sd = key_before(s, pstart)
          if kd == K_ZUO2 or kd == K_JIN2 then return emit_date(out, s, sd, q1 + 3, "---" .. two(v)) end
        end
        if (k == K_RI or (k == K_HAO or k == K_HAO2) and not HAO_NOT[key_at(s, q1)]) and v >= 1 and v <= 31
           and pk ~= 45 and pk ~= 47 then
          return emit_date(out, s, a, q1, "---" .. two(v))          -- 23日: a day, no month
        end
        if k == 45 and v >= 1 and v <= 12 then                         -- 10-18 15:03:11
          local dd, n2, q2 = digits_(s, q1)
          if n2 >= 1 and n2 <= 2 and dd >= 1 and dd <= 31 and byte(s, q2) == 32 then
            local tv, tq = time_at(s, q2 + 1, false)
            if tv and (byte(s, q2 + 2) == 58 or byte(s, q2 + 3) == 58) then   -- hh:mm, not 8点
              return emit_date(out, s, a, tq, "--" .. two(v) .. "-" .. two(dd) .. tv)
            end
          end
        end
        local pk2, ps2 = pk, pstart
        if pk2 == 32 then pk2, ps2 = key_before(s, pstart) end
        local pb = key_before(s, ps2)
        local loose = DAYTIME[pk2] or (pk2 == K_SHANG and DAYTIME[pb])
        local tv, tq = time_at(s, a, loose)
        if tv then
          -- 下午3点, 晚上 8 点: the 24-hour clock
          if (pk2 == K_WU2 and pb == K_XIA or pk2 == K_SHANG and pb == K_WAN or pk2 == K_WAN) and v < 12 then
            tv = "T" .. two(v + 12) .. tv:sub(4)
          end
          return emit_date(out, s, a, tq, tv)
        end
      end
      return q
    end
    local q = parse_number(s, a)
    if not q then
      local _, nx = key_at(s, a)
      return nx
    end
    local R_lo, R_scale, R_range, R_arabic, R_positional, R_nint = numeral()
    local k, q1 = key_at(s, q)
    if R_positional and R_nint == 4 and k == K_NIAN then return year_tail(s, a, q1, R_lo, out) end
    if not R_range and not R_arabic and not R_positional and R_scale == 0 then
      local mq = month_or_quarter(s, a, pk, pstart, k, q1, R_lo, out)
      if mq then return mq end
    end
    return q
  end

  local RELATIVE = { { "今年", 0 }, { "本年", 0 }, { "去年", -1 }, { "上年", -1 }, { "明年", 1 },
                     { "前年", -2 }, { "后年", 2 }, { "後年", 2 } }

  local function doc_year (doc_date, fname, arg)
    if type(doc_date) ~= "string" then
      error("bad argument #" .. arg .. " to '" .. fname .. "' (date string expected, got " .. type(doc_date) .. ")", 3)
    end
    local y = doc_date:match("^(%d%d%d%d)")
    if not y or not (doc_date:match("^%d%d%d%d$") or doc_date:match("^%d%d%d%d%-%d%d$")
                     or doc_date:match("^%d%d%d%d%-%d%d%-%d%d$")) then
      error("bad argument #" .. arg .. " to '" .. fname .. "' (doc_date must be YYYY, YYYY-MM or YYYY-MM-DD, got "
            .. format("%q", doc_date) .. ")", 3)
    end
    return tonumber(y)
  end

  local function resolve (value, rel, doc_date, y)
    if rel then return format("%04d", y + rel) end
    local q = value:match("^%-%-Q(%d)$")
    if q then return format("%04d-Q%s", y, q) end
    local mo, d = value:match("^%-%-(%d%d)%-(%d%d)$")
    if mo then return format("%04d-%s-%s", y, mo, d) end
    mo = value:match("^%-%-(%d%d)$")
    if mo then return format("%04d-%s", y, mo) end
    if value:sub(1, 1) == "T" then
      if doc_date:match("^%d%d%d%d%-%d%d%-%d%d$") then return doc_date .. value end
      return nil
    end
    return value
  end

  function M.resolve_date (m, doc_date)
    local value, rel
    if type(m) == "table" then
      value, rel = m.value, m.relative
      if type(value) ~= "string" then
        error("bad argument #1 to 'resolve_date' (mention without a string value)", 2)
      end
    elseif type(m) == "string" then
      value = m
    else
      error("bad argument #1 to 'resolve_date' (mention table or value string expected, got " .. type(m) .. ")", 2)
    end
    local y = doc_year(doc_date, "resolve_date", 2)
    return resolve(value, rel, doc_date, y)
  end

  function M.dates (s, opts)
    if type(s) ~= "string" then
      error("bad argument #1 to 'dates' (string expected, got " .. type(s) .. ")", 2)
    end
    check_opts(opts, "dates")
    local doc_date = opts and opts.doc_date
    local y
    if doc_date ~= nil then y = doc_year(doc_date, "dates", 2) end
    local out, pos, n = {}, 1, #s
    while pos <= n do
      local a = next_dcand(s, pos)
      if a == nil then break end
      pos = date_at(s, a, out)
    end
    if y then
      local nrel = 0
      for _, r in ipairs(RELATIVE) do
        local init = 1
        while true do
          local i, j = find(s, r[1], init, true)
          if not i then break end
          local e = j + 1
          if key_at(s, e) == K_DU then e = e + 3 end
          out[#out + 1] = { start = i, stop = e - 1, surface = sub(s, i, e - 1), value = format("%04d", y + r[2]),
                            relative = r[2] }
          nrel = nrel + 1
          init = e
        end
      end
      if nrel > 0 then sort(out, function (x, z) return x.start < z.start end) end
      for _, m in ipairs(out) do m.resolved = resolve(m.value, m.relative, doc_date, y) end
    end
    return drop_urls(s, out)
  end
end
