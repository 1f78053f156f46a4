-- assay/cmd.lua: dispatches `assay COMMAND ARGS...` to assay.cmd.COMMAND.
-- Each command module returns a table with main(...) -> exit status and
-- help (a string printed by `assay COMMAND --help`).
local M = {}

local COMMANDS = {
  { "run",    "apply rules to documents and store facts in SQLite" },
  { "test",   "run the examples of rules as tests" },
  { "try",    "show what a pattern matches in files, and why not" },
  { "show",   "print a stored fact in its sentence" },
  { "diff",   "the facts that differ between two runs (or a run and other rules)" },
  { "eval",   "score the rules' facts against a gold TSV: P/R/F1, accuracies" },
  { "report", "run a report script over a database" },
  { "repl",   "interactive Lua with everything loaded" },
}

local function load_command (name)
  local ok, mod = pcall(require, "assay.cmd." .. name)
  if ok then return mod end
  if tostring(mod):find("module 'assay.cmd." .. name .. "' not found", 1, true) then
    return nil
  end
  error(mod, 0)
end

function M.main (name, ...)
  if name == nil then name = "repl" end
  if name == "help" then
    local topic = ...
    if topic then
      local cmd = load_command(topic)
      if not cmd then
        io.stderr:write("assay: unknown command '", topic, "'\n")
        return 2
      end
      io.write(cmd.help, "\n")
      return 0
    end
    io.write("assay commands:\n")
    for _, c in ipairs(COMMANDS) do io.write(string.format("  %-8s %s\n", c[1], c[2])) end
    io.write("\nassay COMMAND --help for a command's options.\n")
    return 0
  end
  local cmd = load_command(name)
  if not cmd then
    io.stderr:write("assay: command '", name, "' is not available in this build\n")
    return 2
  end
  local first = ...
  if first == "--help" or first == "-h" then
    io.write(cmd.help, "\n")
    return 0
  end
  return cmd.main(...)
end

return M
