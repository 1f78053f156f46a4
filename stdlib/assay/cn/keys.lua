-- assay/cn/keys.lua: characters as keys, the base of every part of assay.cn
-- (docs/cn.md).  A character is identified by a number made of its UTF-8
-- bytes (its "key"), so the hot loops never build substrings.  Stateless:
-- the parts share this one table.
local string, utf8 = string, utf8
local byte, gmatch = string.byte, string.gmatch
local charpattern = utf8.charpattern
local text = require "assay.text"

local _ENV <const> = nil

-- key_at(s, i) -> the key of the character at byte i (-1 for a stray or
-- truncated byte, one byte long) and where the next one starts; nil, i
-- past the end.  key_before(s, i) -> the key of the character that ends
-- at i - 1 and its first byte (-1, i - 1 when those bytes are no whole
-- character); nil, i when i - 1 < 1.  In C (engine/ltext.c): the parts
-- call them at nearly every character they look at.
local key_at, key_before = text.key_at, text.key_before

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
