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

local passed, failed = t.counts()
io.stdout:write(("%d passed, %d failed\n"):format(passed, failed))
if failed > 0 then os.exit(1) end
