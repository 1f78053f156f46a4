-- assay/cn/keys.lua: characters as keys, the base of every part of assay.cn
-- (docs/cn.md).  A character is identified by a number made of its UTF-8
-- bytes (its "key"), so the hot loops never build substrings.  Stateless:
-- the parts share this one table.
local string, utf8 = string, utf8
local byte, gmatch = string.byte, string.gmatch
local charpattern = utf8.charpattern

local _ENV <const> = nil

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

return {
  key_at = key_at, key_before = key_before, key3 = key3, K = K, charset = charset,
  is_cjk = is_cjk, is_alpha = is_alpha, is_adigit = is_adigit,
}
