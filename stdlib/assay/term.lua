-- assay/term.lua: what a command or the REPL needs to talk to a person at
-- a terminal.
--
--   term.color([fd]) -> whether to colour what goes to fd (default 1, stdout):
--       a terminal, NO_COLOR unset or empty (no-color.org), TERM not "dumb"
--   term.pad(s, width [, right]) -> s padded with spaces to width terminal
--       columns (a CJK character counts two), on the left when right
--   term.cut(s, width) -> s cut to at most width terminal columns, "…" its
--       last one when it is cut
--   term.columns([fd [, always]]) -> the width to fit what goes to fd
--       (default 1): nil when fd is no terminal (unless always); else
--       $COLUMNS when a positive number (as psql does), else the
--       terminal's own width, else 80
--   term.suggest(word, names) -> the name of names closest to word within
--       2 edits, or nil: "did you mean ...?"
local host = require "assay.host"
local text = require "assay.text"

local M = {}

function M.color (fd)
  local nc = os.getenv("NO_COLOR")
  return host.isatty(fd or 1) and (nc == nil or nc == "") and os.getenv("TERM") ~= "dumb"
end

function M.columns (fd, always)
  fd = fd or 1
  local tty = host.isatty(fd)
  if not tty and not always then return nil end
  local c = math.tointeger(tonumber(os.getenv("COLUMNS") or ""))
  if c and c > 0 then return c end
  return tty and host.columns(fd) or 80
end

-- Levenshtein distance of two short ASCII words
local function distance (a, b)
  local prev = {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    local cur = { [0] = i }
    for j = 1, #b do
      local cost = a:byte(i) == b:byte(j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[#b]
end

function M.suggest (word, names)
  local best, bestd = nil, 3
  for _, n in ipairs(names) do
    local d = distance(word, n)
    if d < bestd then best, bestd = n, d end
  end
  return best
end

function M.pad (s, w, right)
  local gap = string.rep(" ", w - text.width(s))
  return right and gap .. s or s .. gap
end

function M.cut (s, w)
  if text.width(s) <= w then return s end
  local out, n = {}, 0
  for ch in text.chars(s) do
    local cw = text.width(ch)
    if n + cw > w - 1 then break end
    out[#out + 1] = ch; n = n + cw
  end
  return table.concat(out) .. "…"
end

return M
