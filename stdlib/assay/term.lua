-- assay/term.lua: what a command needs of the terminal.
--
--   term.color([fd]) -> whether to colour what goes to fd (default 1, stdout):
--       a terminal, NO_COLOR unset, TERM not "dumb"
--   term.pad(s, width [, right]) -> s padded with spaces to width terminal
--       columns (a CJK character counts two), on the left when right
local host = require "assay.host"
local text = require "assay.text"

local M = {}

function M.color (fd)
  return host.isatty(fd or 1) and not os.getenv("NO_COLOR") and os.getenv("TERM") ~= "dumb"
end

function M.pad (s, w, right)
  local gap = string.rep(" ", w - text.width(s))
  return right and gap .. s or s .. gap
end

return M
