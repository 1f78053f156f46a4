-- Tests of assay/cn/keys.lua: characters as keys, the base of every part of
-- assay.cn.  A key is the number made of a character's UTF-8 bytes.
local t = require "assay.testing"
local keys = require "assay.cn.keys"
local key_at, key_before, key3, K, charset = keys.key_at, keys.key_before, keys.key3, keys.K, keys.charset

t.test("key_at: the key of the character at i and the index after it", function ()
  t.eq({ key_at("a万", 1) }, { 97, 2 })
  t.eq({ key_at("a万", 2) }, { 0xE4B887, 5 })
  t.eq({ key_at("é", 1) }, { 0xC3A9, 3 })
  t.eq({ key_at("😀", 1) }, { 0xF09F9880, 5 })
  t.eq({ key_at("ab", 3) }, { nil, 3 })                -- past the end
  t.eq({ key_at("\xE4\xB8", 1) }, { -1, 2 })            -- truncated: matches nothing
  t.eq({ key_at("\x80a", 1) }, { -1, 2 })               -- stray continuation byte
end)

t.test("key_before: the key of the character that ends at i - 1, and where it starts", function ()
  t.eq({ key_before("a万b", 5) }, { 0xE4B887, 2 })
  t.eq({ key_before("a万b", 2) }, { 97, 1 })
  t.eq({ key_before("a万", 1) }, { nil, 1 })             -- nothing before
  t.eq({ key_before("a\xB8", 3) }, { -1, 2 })           -- a stray byte
end)

t.test("key3, K, charset", function ()
  t.eq(key3("万", 1), K"万")
  t.eq(key3("x", 1), 120)
  t.eq(key3("", 1), nil)
  t.eq(charset("万亿"), { [K"万"] = true, [K"亿"] = true })
  t.eq(charset("元", 3), { [K"元"] = 3 })
  t.ok(keys.is_cjk(K"万") and not keys.is_cjk(K"、"))
  t.ok(keys.is_adigit(K"５") and keys.is_adigit(57) and not keys.is_adigit(K"五"))
  t.ok(keys.is_alpha(90) and not keys.is_alpha(48))
end)

t.test("key_at, key_before: what the Lua they replaced gave (random bytes, every position)", function ()
  local byte = string.byte
  local function lkey_at (s, i)
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
    return -1, i + 1
  end
  local function lkey_before (s, i)
    local j = i - 1
    if j < 1 then return nil, i end
    local c = byte(s, j)
    if c < 0x80 then return c, j end
    local k = j
    while k > 1 and k > j - 3 and c >= 0x80 and c < 0xC0 do
      k = k - 1
      c = byte(s, k)
    end
    local key, nxt = lkey_at(s, k)
    if nxt ~= i then return -1, j end
    return key, k
  end
  local pieces = { "a", "万", "é", "😀", "\xE4\xB8", "\x80", "\xC3", "\xF0\x9F", "\xFF", "，" }
  math.randomseed(11)
  for _ = 1, 3000 do
    local x = {}
    for i = 1, math.random(0, 6) do x[i] = pieces[math.random(#pieces)] end
    local s = table.concat(x)
    for i = -#s - 2, #s + 2 do
      t.eq({ key_at(s, i) }, { lkey_at(s, i) }, ("key_at(%q, %d)"):format(s, i))
      if i <= #s + 1 then
        t.eq({ key_before(s, i) }, { lkey_before(s, i) }, ("key_before(%q, %d)"):format(s, i))
      end
    end
  end
  t.raises(function () key_before("ab", 4) end, "no byte 3")
  t.raises(function () key_at(nil, 1) end, "string expected")
end)

local passed, failed = t.counts()
io.stdout:write(("%d passed, %d failed\n"):format(passed, failed))
if failed > 0 then os.exit(1) end
