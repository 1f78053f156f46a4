-- Tests of assay/cn/number.lua's interface to the other parts of assay.cn:
-- numeral_at's shortcuts (one Chinese digit, the common Arabic shape) give
-- what the parser gives, value for value; numeral() hands out the parser's
-- registers.  The public functions (cn.number, cn.quantities ...) are
-- tested in stdlib/assay/cn_test.lua.
local t = require "assay.testing"

-- the part loaded on its own, as assay.cn loads it
local P = {}
for name, f in next, (require "assay.cn.keys") do P[name] = f end
local M = {}
require("assay.cn.number")(M, P)
local parse_number, numeral, numeral_at, year_shaped = P.parse_number, P.numeral, P.numeral_at, P.year_shaped

-- what the parser reads at 1 in the shape numeral_at returns, or nil
local function parsed (s)
  local q = parse_number(s, 1)
  if not q then return nil end
  local v = { q, numeral() }                      -- v[19], the trailing product, numeral_at has not
  local lo, S, range, arabic, positional, nint, _, _, _, _, _, _, _, ntok = numeral()
  local year = nil
  if ntok == 1 and nint == 4 then year = year_shaped() end
  v[19], v[20] = year, false
  assert(lo and S ~= nil and range ~= nil and arabic ~= nil and positional ~= nil)
  return v
end

local function same (s, what)
  local got = { numeral_at(s, 1, #s) }
  local want = parsed(s)
  t.eq(#got, #want, what .. " " .. s .. ": count")
  for i = 1, 20 do t.eq(got[i], want[i], what .. " " .. s .. ": value " .. i) end
end

t.test("one Chinese digit: the shortcut gives the parser's registers", function ()
  for _, s in ipairs { "一", "二", "两", "兩", "俩", "仨", "三", "叁", "四", "五", "伍", "六", "七", "八", "九",
                       "玖", "幺", "壹" } do
    same(s, "digit")
  end
end)

t.test("Arabic digits with or without 万/亿: the shortcut gives the parser's registers", function ()
  for _, s in ipairs { "7", "46", "2020", "1999", "3000", "0012", "5574万", "12亿", "3萬", "9億", "2020万",
                       "123456789012345", "99999999999999万", "9999999999亿" } do
    same(s, "arabic")
  end
  -- generated: 1 to 15 digits, leading zeros, an optional 万 or 亿 (the
  -- product within the integers: the parser says "too large" beyond)
  local seed = 12345
  local function rnd (n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n end
  for _ = 1, 400 do
    local big = ({ "", "", "万", "亿" })[1 + rnd(4)]
    local d = {}
    for i = 1, 1 + rnd(big == "" and 15 or big == "万" and 14 or 10) do d[i] = tostring(rnd(10)) end
    same(table.concat(d) .. big, "generated")
  end
end)

t.test("a year-shaped numeral is flagged, a count of four digits not", function ()
  t.eq(select(19, numeral_at("2019", 1, 4)), true)
  t.eq(select(19, numeral_at("5000", 1, 4)), false)
  t.eq(select(19, numeral_at("46", 1, 2)), nil)
  t.eq(select(19, numeral_at("二〇一九", 1, 12)), true)      -- positional, by the parser
end)

t.test("半 alone is half of one; no numeral gives nil", function ()
  local q, lo, S = numeral_at("半年", 1, 3)
  t.eq({ q, lo, S, select(20, numeral_at("半年", 1, 3)) }, { 4, 5, 1, true })
  t.eq(numeral_at("几", 1, 3), nil)
  t.eq(numeral_at("1234567890123456789", 1, 19), nil)      -- longer than 18 digits
end)

t.test("the parts add what they share, and cn.number and cn.format to the module", function ()
  t.eq(type(M.number), "function")
  t.eq(type(M.format), "function")
  for _, name in ipairs { "DIGIT", "SMALL", "BIG", "FIN", "NUMSTART", "RANGE_SEP", "P10", "adig", "digits_" } do
    t.ok(P[name] ~= nil, name)
  end
end)

t.test("adig, digits_: what the Lua they replaced gave (random bytes, every position)", function ()
  local byte = string.byte
  local function ladig (s, p)
    local c = byte(s, p)
    if c == nil then return nil end
    if c >= 48 and c <= 57 then return c - 48, 1 end
    if c == 0xEF then
      local c2, c3 = byte(s, p + 1, p + 2)
      if c2 == 0xBC and c3 and c3 >= 0x90 and c3 <= 0x99 then return c3 - 0x90, 3 end
    end
    return nil
  end
  local function ldigits (s, p)
    local v, n = 0, 0
    while n < 18 do
      local d, w = ladig(s, p)
      if not d then break end
      v = v * 10 + d; n = n + 1; p = p + w
    end
    return v, n, p
  end
  local pieces = { "0", "7", "９", "０", "\xEF\xBC", "\xEF", "\xEF\xBC\x8F", "\xEF\xBC\x9A", "万", "a" }
  math.randomseed(5)
  local texts = { string.rep("9", 20), string.rep("８", 19) }     -- (18 digits at most)
  while #texts < 3000 do
    local x = {}
    for i = 1, math.random(0, 24) do x[i] = pieces[math.random(#pieces)] end
    texts[#texts + 1] = table.concat(x)
  end
  for _, s in ipairs(texts) do
    for i = -#s - 2, #s + 2 do
      t.eq(table.pack(P.adig(s, i)), table.pack(ladig(s, i)), ("adig(%q, %d)"):format(s, i))
      t.eq({ P.digits_(s, i) }, { ldigits(s, i) }, ("digits_(%q, %d)"):format(s, i))
    end
  end
  t.eq({ P.digits_(string.rep("9", 20), 1) }, { 999999999999999999, 18, 19 })
end)

local passed, failed = t.counts()
io.stdout:write(("%d passed, %d failed\n"):format(passed, failed))
if failed > 0 then os.exit(1) end
