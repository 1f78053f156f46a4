-- assay/json.lua: JSON for facts' extra fields, metadata and reports.
--   json.encode(v) -> string: objects with sorted keys (stable output),
--     arrays for tables with keys 1..n, integers stay integers, floats
--     keep 17 significant digits; NaN/inf, functions and cycles raise.
--   json.decode(s) -> value | nil, msg "json: <what> at byte N"; null -> json.null
local M = {}
local null = setmetatable({}, { __tostring = function () return "null" end })
M.null = null

local concat, sort, fmt, mtype = table.concat, table.sort, string.format, math.type

M.array_mt = {}
function M.array (t) return setmetatable(t or {}, M.array_mt) end

-- The encoder is C (engine/ljson.c, json_c.encode): its header says the
-- output exactly.
local C = require "assay.json_c"
local cencode = C.encode
function M.encode (v)
  return cencode(v, null, M.array_mt)
end

-- {====== decode ======
local function decoder (s)
  local pos = 1
  local function fail (what) error({ json = "json: " .. what .. " at byte " .. pos }, 0) end
  local function ws () pos = s:find("[^ \t\r\n]", pos) or #s + 1 end
  local value
  local function str ()
    pos = pos + 1
    local parts = {}
    while true do
      local a = s:find('[%z\1-\31"\\]', pos)
      if not a then fail("unterminated string") end
      parts[#parts + 1] = s:sub(pos, a - 1)
      if s:byte(a) < 32 then pos = a; fail("control character in a string (escape it)") end
      if s:sub(a, a) == '"' then pos = a + 1; break end
      local e = s:sub(a + 1, a + 1)
      local simple = ({ ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f',
                        n = '\n', r = '\r', t = '\t' })[e]
      if simple then parts[#parts + 1] = simple; pos = a + 2
      elseif e == "u" then
        local hex = s:match("^%x%x%x%x", a + 2)
        if not hex then pos = a; fail("bad \\u escape") end
        local cp = tonumber(hex, 16)
        pos = a + 6
        if cp >= 0xD800 and cp <= 0xDBFF then       -- a surrogate pair, or an error
          local lo = s:match("^\\u(%x%x%x%x)", pos)
          lo = lo and tonumber(lo, 16)
          if not lo or lo < 0xDC00 or lo > 0xDFFF then pos = a; fail("lone surrogate in \\u escape") end
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
          pos = pos + 6
        elseif cp >= 0xDC00 and cp <= 0xDFFF then
          pos = a; fail("lone surrogate in \\u escape")
        end
        parts[#parts + 1] = utf8.char(cp)
      else pos = a; fail("bad escape") end
    end
    return concat(parts)
  end
  value = function ()
    ws()
    local c = s:sub(pos, pos)
    if c == "{" then
      pos = pos + 1
      local t = {}
      ws()
      if s:sub(pos, pos) == "}" then pos = pos + 1; return t end
      while true do
        ws()
        if s:sub(pos, pos) ~= '"' then fail("expected a string key") end
        local k = str()
        ws()
        if s:sub(pos, pos) ~= ":" then fail("expected ':'") end
        pos = pos + 1
        t[k] = value()
        ws()
        local d = s:sub(pos, pos)
        pos = pos + 1
        if d == "}" then return t end
        if d ~= "," then pos = pos - 1; fail("expected ',' or '}'") end
      end
    elseif c == "[" then
      pos = pos + 1
      local t = M.array({})
      ws()
      if s:sub(pos, pos) == "]" then pos = pos + 1; return t end
      while true do
        t[#t + 1] = value()
        ws()
        local d = s:sub(pos, pos)
        pos = pos + 1
        if d == "]" then return t end
        if d ~= "," then pos = pos - 1; fail("expected ',' or ']'") end
      end
    elseif c == '"' then return str()
    elseif s:find("^true", pos) then pos = pos + 4; return true
    elseif s:find("^false", pos) then pos = pos + 5; return false
    elseif s:find("^null", pos) then pos = pos + 4; return null
    else
      -- -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][-+]?[0-9]+)?, as RFC 8259 has it
      local num = s:match("^-?0", pos) or s:match("^-?[1-9]%d*", pos)
      if not num then fail("unexpected character") end
      local frac = s:match("^%.%d*", pos + #num)
      if frac then
        if #frac == 1 then pos = pos + #num; fail("bad number") end
        num = num .. frac
      end
      local ex = s:match("^[eE][-+]?%d*", pos + #num)
      if ex then
        if not ex:find("%d") then pos = pos + #num; fail("bad number") end
        num = num .. ex
      end
      pos = pos + #num
      local v = math.tointeger(tonumber(num)) and not num:find("[.eE]") and math.tointeger(tonumber(num)) or tonumber(num)
      if v == nil then fail("bad number") end
      return v
    end
  end
  return function ()
    local v = value()
    ws()
    if pos <= #s then fail("trailing characters") end
    return v
  end
end

-- jansson (engine/ljson.c) decodes; this Lua decoder runs when it refuses,
-- for the message with the byte.
local okc = true

function M.decode (s)
  if type(s) ~= "string" then error("bad argument #1 to 'decode' (string expected, got " .. type(s) .. ")", 2) end
  if okc then
    local ok, v = pcall(C.decode, s, null, M.array_mt)   -- raises past its nesting limit
    if ok and v ~= nil then return v end
  end
  return M.decode_lua(s)
end

-- The Lua decoder alone (tests compare it with the C one).
function M.decode_lua (s)
  local ok, v = pcall(decoder(s))
  if ok then return v end
  if type(v) == "table" and v.json then return nil, v.json end
  error(v, 0)
end
-- }======

return M
