-- assay report: run a report script over a facts database.
local report = require "assay.report"
local host = require "assay.host"

local M = {}

M.help = [[
usage: assay report REPORT.lua [--db FILE] [--format FORMAT] [-o FILE]
                    [--layout LAYOUT] [-x] [--width N] [ARGS...]

Runs a report script with the globals `db` (the database, read-only),
`report` (add blocks: report:heading, :text, :table, :chart) and `args`
(the remaining arguments), then prints or writes the report.

options:
  --db FILE            database written by assay run (default: facts.db)
  -f, --format FORMAT  table (terminal, default), md, csv, json or html
  -o, --output FILE    write to FILE instead of stdout; the format follows
                       the extension (.md .csv .json .html .txt) unless
                       --format is given
  --layout LAYOUT      how the table format shows a table wider than the
                       terminal: auto (default), wide, wrap or expanded.
                       auto: wide when the table fits; else wrap when
                       its columns can be narrowed enough (to 16 display
                       columns, 12 if need be, never below a figure) and
                       that is no taller than expanded; else expanded.
                       wide: one line a row, however long (what a pipe
                       or a file gets unless --layout or --width says).
                       wrap: cells wrapped within their columns.
                       expanded: each row a block, its first cell as the
                       heading, then a `column  value` line for each
                       cell that is not empty.  Lines break at spaces and
                       between Chinese characters, never inside a figure
                       with its marks ("≥ 860万元", "8000元 [2020]*").
  -x, --expanded       --layout expanded
  --width N            the width to fit (at least 20), on a pipe too;
                       default: $COLUMNS, else the terminal's width (80
                       off a terminal, where only --layout asks for it)
exit status: 0 success, 1 the script failed or the database cannot be
read, 2 usage error.]]

local EXT = { md = "md", markdown = "md", csv = "csv", json = "json", html = "html", htm = "html",
              txt = "table" }

-- "; the reports shipped: scripts/reports/by_region.lua, by_year.lua, ..." (those a
-- report path not found may have meant), or "" when there are none
local function shipped_list ()
  local dir = require("assay.rules").shipped("scripts/reports")
  local entries = host.dir(dir)
  if not entries then return "" end
  local names = {}
  for _, e in ipairs(entries) do
    if e.name:match("%.lua$") and not e.name:match("^_") and not e.name:match("_test%.lua$") then
      names[#names + 1] = e.name
    end
  end
  if #names == 0 then return "" end
  table.sort(names)
  return "; the reports shipped: " .. dir .. "/" .. table.concat(names, ", ")
end

function M.main (...)
  local args = { ... }
  local script, path, format, output, rest = nil, "facts.db", nil, nil, {}
  local layout, width
  local i = 1
  while i <= #args do
    local a = args[i]
    local function val ()
      i = i + 1
      if args[i] == nil then error({ usage = "option " .. a .. " needs a value" }) end
      return args[i]
    end
    local ok, err = pcall(function ()
      if a == "--db" then path = val()
      elseif a == "--format" or a == "-f" then format = val()
      elseif a == "-o" or a == "--output" then output = val()
      elseif a == "--layout" then
        layout = val()
        if not report.LAYOUTS[layout] then
          error({ usage = "unknown layout '" .. layout .. "' (auto, wide, wrap, expanded)" })
        end
      elseif a == "-x" or a == "--expanded" then layout = "expanded"
      elseif a == "--width" then
        local v = val()
        width = math.tointeger(tonumber(v))
        if not width or width < 20 then error({ usage = "--width needs a number of columns, at least 20, not '" .. v .. "'" }) end
      elseif a:sub(1, 2) == "--" and not script then error({ usage = require("assay.cmd").unknown_option(a, M.help) })
      elseif not script then script = a
      else rest[#rest + 1] = a end
    end)
    if not ok then
      io.stderr:write("assay report: ", type(err) == "table" and err.usage or tostring(err), "\n")
      return 2
    end
    i = i + 1
  end
  if not script then
    io.stderr:write("assay report: no report script given (assay report REPORT.lua [--db FILE]", shipped_list(), ")\n")
    return 2
  end
  script = require("assay.rules").shipped(script)         -- scripts/reports/... from anywhere
  if not format then
    local ext = output and output:match("%.(%w+)$")
    format = ext and EXT[ext:lower()] or "table"
    if ext and not EXT[ext:lower()] then    -- report.xlsx would hold the terminal table
      io.stderr:write("assay report: cannot tell a format from '.", ext, "': give --format (table, md, csv, json, html)\n")
      return 2
    end
  end
  if not report.FORMATS[format] then
    io.stderr:write("assay report: unknown format '", format, "' (table, md, csv, json, html)\n")
    return 2
  end
  if format ~= "table" and (layout or width) then
    io.stderr:write("assay report: ", layout and "--layout" or "--width", " shapes the table format, not ", format, "\n")
    return 2
  end
  -- on a terminal a wide table is fitted to it; a pipe or a file gets
  -- one line a row unless --layout or --width asks otherwise
  local term = require "assay.term"
  width = width or (not output and term.columns(1)) or (layout and layout ~= "auto" and layout ~= "wide" and term.columns(1, true))
  local d, err = require("assay.cmd").open_facts(path, { readonly = true, create = false })
  if not d then
    for _, a in ipairs(rest) do             -- assay report SCRIPT reports.db: the db among the script's args
      local given = require("assay.cmd").database_given(a, "report")
      if given then io.stderr:write("assay report: ", given, "\n"); return 2 end
    end
    io.stderr:write("assay report: ", err, "\n"); return 1
  end
  local rep = report.new({ title = script:match("([^/]+)%.lua$") or script, db = path })
  local env = setmetatable({ db = d, report = rep, args = rest }, { __index = _G })
  local chunk, lerr = loadfile(script, "t", env)
  if not chunk then
    -- `assay report by_region`: name the reports there are
    local missing = not host.stat(script)
    io.stderr:write("assay report: ", lerr, missing and shipped_list() or "", "\n"); d:close(); return 1
  end
  local ok, rerr = xpcall(chunk, debug.traceback, table.unpack(rest))
  if not ok then
    -- the script's own frames, not assay's (as assay SCRIPT.lua and the repl)
    io.stderr:write("assay report: ", require("assay.repl").trim_traceback(rerr), "\n"); d:close(); return 1
  end
  local okr, out = pcall(report.render, rep, format, { db = d, title = rep.meta.title, layout = layout, width = width })
  d:close()
  if not okr then io.stderr:write("assay report: ", tostring(out), "\n"); return 1 end
  if output then
    local f, ferr = io.open(output, "wb")
    if not f then io.stderr:write("assay report: cannot write ", ferr, "\n"); return 1 end
    f:write(out)
    f:close()
    io.stderr:write("assay report: wrote ", output, "\n")
  else
    io.write(out)
  end
  return 0
end

return M
