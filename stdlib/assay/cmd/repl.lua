-- assay repl: interactive Lua with the assay modules and helpers (assay.repl).
local M = {}

M.help = [[
usage: assay repl [--db FILE] [SCRIPT...]

A Lua prompt with the assay modules loaded and helpers for exploring a
corpus and a facts database: help() lists them.  A bare expression prints
its value; an unfinished statement continues on the next line; Tab
completes globals, module fields and methods; Ctrl-C stops a running
statement; Ctrl-D or .quit leaves.  History: ~/.assay_history (or the
file named by $ASSAY_HISTORY), 1000 lines.

Each SCRIPT is loaded first: a rule pack (a directory, or a file defining
rules) becomes the pack of rules() / reload() / try(rule_name, ...), and
several are one pack, as assay run loads them (assay repl scripts/fupin
mypack); another Lua file runs in the prompt's globals.

When standard input is not a terminal, statements are read from it without
prompts or line editing and their results printed; an error prints its
message and the next statement runs.

options:
  --db FILE   open this database (written by assay run) as `db`
  -h, --help  this text

exit status: 0, or 1 when a piped statement or a SCRIPT failed (or the
database cannot be opened), 2 on usage errors.]]

function M.main (...)
  local args = { ... }
  local path, scripts = nil, {}
  local i = 1
  while i <= #args do
    local a = args[i]
    if a == "--db" then
      i = i + 1; path = args[i]
      if not path then io.stderr:write("assay repl: option --db needs a value\n"); return 2 end
    elseif a:match("^%-%-db=") then path = a:sub(6)
    elseif a:sub(1, 1) == "-" and #a > 1 then
      io.stderr:write("assay repl: ", require("assay.cmd").unknown_option(a, M.help), "\n"); return 2
    else
      local given = require("assay.cmd").database_given(a, "repl")
      if given then io.stderr:write("assay repl: ", given, "\n"); return 2 end
      scripts[#scripts + 1] = a
    end
    i = i + 1
  end
  -- before any connection opens: Ctrl-C must reach SQLite statements too
  require("assay.repl_c").catch_sqlite()
  local d
  if path then
    local err
    d, err = require("assay.cmd").open_facts(path, { create = false })
    if not d then io.stderr:write("assay repl: ", err, "\n"); return 1 end
  end
  local status = require("assay.repl").start{ db = d, scripts = scripts }
  if d then d:close() end
  return status
end

return M
