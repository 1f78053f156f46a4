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
-- made of its bytes ("key", cn/keys.lua), so the hot loops never build
-- substrings.
--
-- The module is assembled here from its parts under assay/cn/ (docs/cn.md
-- says which part owns what).  Each part's chunk returns a function that
-- this file calls once per load, in order, with the module table M (for the
-- functions it defines) and the table P the parts share: it reads what the
-- parts before it added to P, keeps it in locals (upvalues of its hot
-- functions) and adds its own.  State lives in the part that owns it: the
-- numeral parser's registers in number.lua (read through its numeral()),
-- the quotations of the current text in context.lua.
local string, table = string, table
local sub, find, format = string.sub, string.find, string.format
local type, error, ipairs, next, require = type, error, ipairs, next, require

local _ENV <const> = nil

local M = {}

-- shared by the parts: the character keys, the vocabulary (measure words,
-- nouns, terms), and X, the tables and helpers of the rules added for real
-- documents (glosses, spaces, spoken money ...)
local P = { W = require "assay.cn.words", X = {} }
for name, f in next, (require "assay.cn.keys") do P[name] = f end

require("assay.cn.number")(M, P)         -- numerals: tables, parser; cn.number, cn.format
require("assay.cn.units")(M, P)          -- measure words -> canonical units
require("assay.cn.context")(M, P)        -- the words around a numeral
require("assay.cn.scan")(M, P)           -- one quantity: scan_at
require("assay.cn.candidates")(M, P)     -- where to look: PCRE2 or Lua (cn.engine)
require("assay.cn.lane")(M, P)           -- the fast lane in Lua and in C (cn.lanes)

-- {====== quantities ======

local scan_at, lane, LANES, next_cand, next_qcand = P.scan_at, P.lane, P.LANES, P.next_cand, P.next_qcand
local new_text, TITLE = P.new_text, P.TITLE

local function check_opts (opts, fname)
  if opts ~= nil and type(opts) ~= "table" then
    error("bad argument #2 to '" .. fname .. "' (table expected, got " .. type(opts) .. ")", 3)
  end
end

-- Numbers inside a web address are no quantities or dates (…/2020/0815/36.html,
-- percent-encoding %E6%89): mentions that start in one are dropped.  A web
-- address runs from its scheme (http://) to the first space, control
-- character or non-ASCII character.
local function drop_urls (s, out)
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
  new_text()
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
  new_text()
  return drop_urls(s, out)
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
-- in assay/cn/dates.lua, given the parser and the tables the parts share
P.check_opts, P.drop_urls = check_opts, drop_urls
require("assay.cn.dates")(M, P)
-- }======

return M
