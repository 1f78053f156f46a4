-- assay/cmd.lua: dispatches `assay COMMAND ARGS...` to assay.cmd.COMMAND.
-- Each command module returns a table with main(...) -> exit status and
-- help (a string printed by `assay COMMAND --help`).
--
-- The help texts are the one source of the commands' options: their
-- "options:" sections (lines "  -s, --long ARG   description") are read by
-- cmd.options(help), from which `assay help --man` writes the man page and
-- `assay help --completion bash|zsh|fish` the shell completions (make
-- builds both; see the Makefile's install target).
local M = {}

local COMMANDS = {
  { "run",    "apply rules to documents and store facts in SQLite" },
  { "merge",  "merge shard databases (assay run --shard) into one" },
  { "test",   "run the examples of rules as tests" },
  { "try",    "show what a pattern matches in files, and why not" },
  { "show",   "print a stored fact in its sentence" },
  { "diff",   "the facts that differ between two runs, or a run and new rules" },
  { "eval",   "score the rules' facts against a gold TSV: P/R/F1, accuracies" },
  { "report", "run a report script over a database" },
  { "repl",   "interactive Lua with everything loaded" },
}
M.COMMANDS = COMMANDS

-- `assay --help`; its options: section is the man page's OPTIONS
M.USAGE = [[
usage: assay SCRIPT.lua [ARGS...]     run a Lua script with the assay modules
       assay -e CODE [ARGS...]        run a chunk of Lua
       assay - [ARGS...]              run a script read from standard input
       assay COMMAND [ARGS...]        run a command (assay help COMMAND):
$COMMANDS
       assay help --man | --completion bash|zsh|fish   man page, completions

options:
  -e CODE             run a chunk of Lua
  -v, --version       print the version
  -h, --help          this text

Exit status: 0 success; 1 a script raised an error, a test failed, no document
was processed or a rule failed on every document; 2 usage error or an input
that cannot be read; 130 interrupted (Ctrl-C).  try, show, test and run take
--json (JSON Lines on stdout); try, show and test take --color=auto|always|never
(NO_COLOR set means never unless --color=always).

Modules: require "assay.re" (PCRE2), "assay.text" (UTF-8), "assay.db" (SQLite).
ASSAY_PATH=DIR loads the stdlib modules from DIR (a source tree's stdlib/)
instead of the copies compiled into the binary.]]
do
  local lines = {}
  for i, c in ipairs(COMMANDS) do lines[i] = string.format("         %-8s %s", c[1], c[2]) end
  M.USAGE = M.USAGE:gsub("%$COMMANDS", function () return table.concat(lines, "\n") end)
end

local function load_command (name)
  local ok, mod = pcall(require, "assay.cmd." .. name)
  if ok then return mod end
  if tostring(mod):find("module 'assay.cmd." .. name .. "' not found", 1, true) then
    return nil
  end
  error(mod, 0)
end

-- cmd.suggest(word, names): term.suggest, for the commands
M.suggest = require("assay.term").suggest

local function unknown (name)
  local names = {}
  for i, c in ipairs(COMMANDS) do names[i] = c[1] end
  local s = M.suggest(name, names)
  io.stderr:write("assay: unknown command '", name, "'",
                  s and (" (did you mean '" .. s .. "'?)") or " (see assay --help)", "\n")
  return 2
end

-- cmd.integer(v, min, need) -> the option value v as an integer >= min,
-- else a usage error "NEED, got 'v'" (options' counts and limits)
function M.integer (v, min, need)
  local n = math.tointeger(tonumber(v))
  if not n or n < min then error({ usage = need .. ", got '" .. tostring(v) .. "'" }) end
  return n
end

-- {====== --color ======

-- cmd.color_option(a) -> mode when a is --color=MODE (or errors on a bad
-- mode), nil for any other argument
function M.color_option (a)
  local mode = a:match("^%-%-color=(.*)$")
  if not mode then return nil end
  if mode ~= "auto" and mode ~= "always" and mode ~= "never" then
    error({ usage = "--color takes auto, always or never, got '" .. mode .. "'" })
  end
  return mode
end

-- cmd.color(mode, fd) -> bool: always / never; auto (or nil) = fd is a
-- terminal, NO_COLOR unset and TERM not dumb
function M.color (mode, fd)
  if mode == "always" then return true end
  if mode == "never" then return false end
  return require("assay.term").color(fd)
end

-- }======

-- cmd.database_given(a, cmdname) -> nil, or when the argument a is an SQLite
-- file (a database given without --db) the usage error that says so
function M.database_given (a, cmdname)
  local f = io.open(a, "rb")
  local head = f and f:read(16)
  if f then f:close() end
  if head ~= "SQLite format 3\0" then return nil end
  return a .. " is a database: give it with --db (assay " .. cmdname .. " --db " .. a .. " ...)"
end

-- cmd.open_facts(path, opts), cmd.open_error(path, err[, file]): those of
-- assay.run.store, for the commands
local store = require "assay.run.store"
M.open_facts, M.open_error = store.open_facts, store.open_error

-- {====== option tables, man page, completions ======

-- cmd.options(help) -> list of { short =, long =, arg =, desc = } from the
-- help text's option lines (an indented line starting with '-').
function M.options (help)
  local out, cur = {}, nil
  local in_opts = false
  for line in (help .. "\n"):gmatch("(.-)\n") do
    if line:match("^options:") then in_opts = true
    elseif in_opts and line:match("^%S") then in_opts = false; cur = nil
    elseif in_opts then
      local spec, desc = line:match("^  (%-%S.-)%s%s+(%S.*)$")
      if not spec then spec = line:match("^  (%-%S.-)%s*$") end
      if spec then
        cur = { desc = desc or "" }
        for part in spec:gmatch("[^,]+") do
          part = part:match("^%s*(.-)%s*$")
          local flag, sep, arg = part:match("^(%-%-?[%w][%w%-]*)([ =]?)(.*)$")
          if flag then
            if flag:sub(1, 2) == "--" then cur.long = flag else cur.short = flag end
            if arg ~= "" then cur.arg = arg; cur.eq = sep == "=" or nil end
          end
        end
        out[#out + 1] = cur
      elseif cur and line:match("^%s+%S") then
        cur.desc = cur.desc .. " " .. line:match("^%s*(.-)%s*$")
      end
    end
  end
  return out
end

-- cmd.unknown_option(a, help) -> "unknown option 'a'", with the long option
-- of the help text nearest to it when one is close: --bd (did you mean '--db'?)
function M.unknown_option (a, help)
  local names = {}
  for _, o in ipairs(M.options(help)) do names[#names + 1] = o.long end
  local s = a:sub(1, 2) == "--" and M.suggest(a:match("^[^=]*"), names)
  return "unknown option '" .. a .. "'" .. (s and (" (did you mean '" .. s .. "'?)") or "")
end

local function commands_with_options ()
  local list = {}
  for _, c in ipairs(COMMANDS) do
    local mod = load_command(c[1])
    if mod then
      list[#list + 1] = { name = c[1], summary = c[2], help = mod.help, options = M.options(mod.help) }
    end
  end
  return list
end

local function roff (s)
  s = s:gsub("\\", "\\e"):gsub("%-", "\\-")
  return (s:gsub("\n%.", "\n\\&."):gsub("^%.", "\\&."):gsub("\n'", "\n\\&'"))
end

-- cmd.man() -> the man page (roff) of assay and its commands
function M.man ()
  local out = {}
  local function w (...) for _, s in ipairs({ ... }) do out[#out + 1] = s end end
  w('.TH ASSAY 1 "" "assay ', _ASSAY_VERSION or "", '" "User Commands"\n',
    ".SH NAME\nassay \\- Lua\\-scriptable analysis of document corpora into SQLite facts\n",
    ".SH SYNOPSIS\n.B assay\n.I SCRIPT.lua\n[ARGS...]\n.br\n.B assay \\-e\n.I CODE\n.br\n",
    ".B assay\n.I COMMAND\n[OPTIONS] [ARGS...]\n",
    ".SH DESCRIPTION\nassay applies extraction rules written in Lua to documents and stores ",
    "every fact, with the sentence it came from, in an SQLite database.\n")
  local function opts (list)
    for _, o in ipairs(list) do
      local names = {}
      if o.short then names[#names + 1] = "\\fB" .. roff(o.short) .. "\\fR" end
      if o.long then names[#names + 1] = "\\fB" .. roff(o.long) .. "\\fR" end
      w(".TP\n", table.concat(names, ", "), o.arg and ((o.eq and "=" or " ") .. "\\fI" .. roff(o.arg) .. "\\fR") or "", "\n",
        roff(o.desc), "\n")
    end
  end
  w(".SH OPTIONS\n")
  opts(M.options(M.USAGE))
  w(".SH COMMANDS\n")
  for _, c in ipairs(commands_with_options()) do
    w(".SS assay ", c.name, "\n", roff(c.summary), ".\n")
    -- the help text in its order: usage, paragraphs, the options (as
    -- tagged paragraphs), paragraphs after them
    local para, in_opts, opts_done = {}, false, false
    local function flush ()
      if #para > 0 then w(".PP\n", roff(table.concat(para, "\n")), "\n"); para = {} end
    end
    for line in (c.help .. "\n"):gmatch("(.-)\n") do
      local usage = line:match("^usage: (.*)$")
      if usage then w(".PP\n.B ", roff(usage), "\n")
      elseif line:match("^options:") then
        flush(); in_opts = true
      elseif in_opts and (line:match("^%s") or line == "") then
        if not opts_done then opts(c.options); opts_done = true end
      else
        in_opts = false
        if line == "" then flush() else para[#para + 1] = line end
      end
    end
    flush()
  end
  w(".SH ENVIRONMENT\n.TP\n.B NO_COLOR\nno colour when set (unless \\fB\\-\\-color=always\\fR)\n",
    ".TP\n.B ASSAY_PATH\nload the stdlib Lua modules from this directory instead of the binary\n",
    ".TP\n.B ASSAY_HISTORY\nhistory file of \\fBassay repl\\fR (default ~/.assay_history)\n",
    ".TP\n.B ASSAY_PREFILTER\nthe literal prefilter's backend: \\fBauto\\fR (the default: ac), \\fBac\\fR (its automaton) ",
    "or \\fBhs\\fR (Vectorscan, when the build found libvectorscan-dev)\n",
    ".SH EXIT STATUS\n0 success; 1 a script raised an error, a test failed, nothing was processed ",
    "or a rule failed on every document; 2 usage error or an input that cannot be read.\n",
    ".SH SEE ALSO\n\\fBsqlite3\\fR(1), \\fBpcre2pattern\\fR(3)\n")
  return table.concat(out)
end

local function flags_of (o)
  local f = {}
  if o.short then f[#f + 1] = o.short end
  if o.long then f[#f + 1] = o.long .. (o.eq and "=" or "") end
  return f
end

-- cmd.completion(shell) -> the completion script for bash, zsh or fish
function M.completion (shell)
  local cmds = commands_with_options()
  local out = {}
  local function w (...) for _, s in ipairs({ ... }) do out[#out + 1] = s end end
  local names = {}
  for i, c in ipairs(cmds) do names[i] = c.name end
  if shell == "bash" then
    w("# bash completion for assay (generated by assay help --completion bash)\n",
      "_assay() {\n  local cur=\"${COMP_WORDS[COMP_CWORD]}\" cmd=\"${COMP_WORDS[1]}\"\n",
      "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n",
      "    COMPREPLY=($(compgen -W \"", table.concat(names, " "), " help --help --version -e\" -- \"$cur\"))\n",
      "    [ ${#COMPREPLY[@]} -eq 0 ] && COMPREPLY=($(compgen -f -- \"$cur\"))\n    return\n  fi\n",
      "  local opts=\n  case \"$cmd\" in\n")
    for _, c in ipairs(cmds) do
      local fl = {}
      for _, o in ipairs(c.options) do for _, f in ipairs(flags_of(o)) do fl[#fl + 1] = f end end
      w("    ", c.name, ") opts=\"", table.concat(fl, " "), "\" ;;\n")
    end
    w("    help) COMPREPLY=($(compgen -W \"", table.concat(names, " "), "\" -- \"$cur\")); return ;;\n",
      "  esac\n  if [[ \"$cur\" == -* ]]; then\n    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n",
      "  else\n    COMPREPLY=($(compgen -f -- \"$cur\"))\n  fi\n}\ncomplete -o filenames -F _assay assay\n")
  elseif shell == "zsh" then
    local function zq (s) return (s:gsub("[%[%]:'\\]", function (c) return c == "'" and "'\\''" or "\\" .. c end)) end
    w("#compdef assay\n# zsh completion for assay (generated by assay help --completion zsh)\n",
      "_assay() {\n  local -a cmds\n  cmds=(\n")
    for _, c in ipairs(cmds) do w("    '", c.name, ":", zq(c.summary), "'\n") end
    w("  )\n  if (( CURRENT == 2 )); then\n    _describe 'command' cmds\n    _files\n    return\n  fi\n",
      "  case $words[2] in\n")
    for _, c in ipairs(cmds) do
      w("    ", c.name, ")\n      _arguments -s")
      for _, o in ipairs(c.options) do
        local fl = flags_of(o)
        local spec = #fl > 1 and ("'(" .. table.concat(fl, " ") .. ")'{" .. table.concat(fl, ",") .. "}")
                     or fl[1]
        w(" \\\n        ", spec, "'[", zq(o.desc:sub(1, 60)), "]",
          o.arg and (":" .. zq(o.arg) .. ":" .. (o.eq and "" or "_files")) or "", "'")
      end
      w(" \\\n        '*:file:_files' ;;\n")
    end
    w("  esac\n}\n_assay \"$@\"\n")
  elseif shell == "fish" then
    w("# fish completion for assay (generated by assay help --completion fish)\n",
      "complete -c assay -n __fish_use_subcommand -s h -l help -d 'help'\n",
      "complete -c assay -n __fish_use_subcommand -s v -l version -d 'version'\n")
    local function fq (s) return "'" .. s:gsub("\\", "\\\\"):gsub("'", "\\'") .. "'" end
    for _, c in ipairs(cmds) do
      w("complete -c assay -n __fish_use_subcommand -f -a ", c.name, " -d ", fq(c.summary), "\n")
      for _, o in ipairs(c.options) do
        w("complete -c assay -n '__fish_seen_subcommand_from ", c.name, "'")
        if o.short and #o.short == 2 then w(" -s ", o.short:sub(2)) end
        if o.long then w(" -l ", o.long:sub(3)) end
        if o.arg then w(" -r") end
        w(" -d ", fq(o.desc:sub(1, 60)), "\n")
      end
    end
  else
    return nil, "unknown shell '" .. tostring(shell) .. "' (bash, zsh, fish)"
  end
  return table.concat(out)
end

-- }======

function M.main (name, ...)
  if name == nil then name = "repl" end
  if name == "--help" or name == "-h" then io.write(M.USAGE, "\n"); return 0 end
  if name == "help" then
    local topic, arg2 = ...
    if topic == "--man" then io.write(M.man()); return 0 end
    if topic == "--completion" then
      local s, err = M.completion(arg2)
      if not s then io.stderr:write("assay help: ", err, "\n"); return 2 end
      io.write(s)
      return 0
    end
    if topic then
      local cmd = load_command(topic)
      if not cmd then return unknown(topic) end
      io.write(cmd.help, "\n")
      return 0
    end
    io.write("assay commands:\n")
    for _, c in ipairs(COMMANDS) do io.write(string.format("  %-8s %s\n", c[1], c[2])) end
    io.write("\nassay COMMAND --help for a command's options; assay help --man prints the man\n",
             "page, assay help --completion bash|zsh|fish a shell completion script.\n")
    return 0
  end
  local cmd = load_command(name)
  if not cmd then return unknown(name) end
  local first = ...
  if first == "--help" or first == "-h" then
    io.write(cmd.help, "\n")
    return 0
  end
  return cmd.main(...)
end

return M
