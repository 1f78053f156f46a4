-- assay show: a stored fact in its sentence, with provenance.
local text = require "assay.text"
local provenance = require "assay.provenance"

local M = {}

M.help = [[
usage: assay show [OPTIONS] FACT_ID...

Prints each fact with its document, line and sentence; the fact's span is
marked (bold on a terminal, between » and « otherwise).

options:
  --db FILE       database written by assay run (default: facts.db)
  --json          one JSON object per line on stdout: {"type":"fact","data":
                  {...}} with the fact's fields, path, key, line_number and
                  the byte span (start 0-based, end exclusive) in the text
  --color=WHEN    mark the span in colour: auto (a terminal), always, never
exit status: 0, 1 when a fact does not exist or the database cannot be
read, 2 on usage errors.]]

-- The helpers live in assay.provenance (and are kept here for scripts
-- that still require assay.cmd.show).
M.sentence_around = provenance.sentence_around
M.mark = provenance.mark
M.format = provenance.fact
M.json = provenance.json

function M.main (...)
  local args = { ... }
  local cmd = require "assay.cmd"
  local path, ids, as_json, color_mode = "facts.db", {}, false, nil
  local i = 1
  while i <= #args do
    local a = args[i]
    local okc, mode = pcall(cmd.color_option, a)
    if not okc then io.stderr:write("assay show: ", mode.usage, "\n"); return 2 end
    if mode then color_mode = mode
    elseif a == "--json" then as_json = true
    elseif a == "--db" then i = i + 1; path = args[i]
      if not path then io.stderr:write("assay show: option --db needs a value\n"); return 2 end
    elseif a:match("^%-%-db=") then path = a:sub(6)
    elseif math.tointeger(tonumber(a)) then ids[#ids + 1] = math.tointeger(tonumber(a))
    elseif a:sub(1, 2) == "--" then io.stderr:write("assay show: ", cmd.unknown_option(a, M.help), "\n"); return 2
    else io.stderr:write("assay show: ", cmd.database_given(a, "show") or ("not a fact id: '" .. a .. "'"), "\n"); return 2 end
    i = i + 1
  end
  if #ids == 0 then io.stderr:write("assay show: no fact id given (assay show FACT_ID)\n"); return 2 end
  local d, err = require("assay.cmd").open_facts(path, { readonly = true, create = false })
  if not d then io.stderr:write("assay show: ", err, "\n"); return 1 end
  local color = cmd.color(color_mode, 1)
  local status = 0
  for n, id in ipairs(ids) do
    local s, ferr
    if as_json then s, ferr = M.json(d, id) else s, ferr = M.format(d, id, color) end
    if s then
      if n > 1 and not as_json then io.write("\n") end
      io.write(as_json and s or text.printable(s, true), "\n")      -- a document's escape codes, escaped
    else
      io.stderr:write("assay show: ", ferr, "\n")
      status = 1
    end
  end
  d:close()
  return status
end

return M
