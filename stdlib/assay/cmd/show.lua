-- assay show: a stored fact in its sentence, with provenance.
local db = require "assay.db"
local provenance = require "assay.provenance"
local term = require "assay.term"

local M = {}

M.help = [[
usage: assay show [--db FILE] FACT_ID...

Prints each fact with its document, line and sentence; the fact's span is
marked (bold on a terminal, between » and « otherwise).

options:
  --db FILE   database written by assay run (default: facts.db)]]

-- The helpers live in assay.provenance (and are kept here for scripts
-- that still require assay.cmd.show).
M.sentence_around = provenance.sentence_around
M.mark = provenance.mark
M.format = provenance.fact

function M.main (...)
  local args = { ... }
  local path, ids = "facts.db", {}
  local i = 1
  while i <= #args do
    local a = args[i]
    if a == "--db" then i = i + 1; path = args[i]
      if not path then io.stderr:write("assay show: option --db needs a value\n"); return 2 end
    elseif a:match("^%-%-db=") then path = a:sub(6)
    elseif math.tointeger(tonumber(a)) then ids[#ids + 1] = math.tointeger(tonumber(a))
    else io.stderr:write("assay show: not a fact id: '", a, "'\n"); return 2 end
    i = i + 1
  end
  if #ids == 0 then io.stderr:write("assay show: no fact id given (assay show FACT_ID)\n"); return 2 end
  local d, err = db.open(path, { readonly = true, create = false })
  if not d then io.stderr:write("assay show: ", err, "\n"); return 1 end
  local color = term.color(1)
  local status = 0
  for n, id in ipairs(ids) do
    local s, ferr = provenance.fact(d, id, color)
    if s then
      if n > 1 then io.write("\n") end
      io.write(s, "\n")
    else
      io.stderr:write("assay show: ", ferr, "\n")
      status = 1
    end
  end
  d:close()
  return status
end

return M
