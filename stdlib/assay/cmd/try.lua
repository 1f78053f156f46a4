-- assay try: what a pattern matches, line by line, and why it does not.
local re = require "assay.re"
local text = require "assay.text"
local reader = require "assay.reader"

local M = {}

M.help = [[
usage: assay try [OPTIONS] PATTERN [INPUT...]
       assay try [OPTIONS] --rules RULES NAME [INPUT...]

Shows every match of the PCRE2 pattern in the inputs (files, directories,
globs; standard input when none) as FILE:LINE: followed by the sentence
with the match marked (colour on a terminal, »match« otherwise), and the
named captures.

options:
  -f, --flags FLAGS   re.compile flags (i x m s u U)
  --rules RULES       PATTERN is the name of a rule of the pack RULES (a file
                      or directory, as assay run takes it; give --rules again
                      for a pack its rules run after): its pattern and flags,
                      without copying them out of the Lua file
  --expect TEXT       say whether the pattern matches TEXT and, when not,
                      where it stopped: how far it got (PCRE2 partial
                      matching), with a caret under the character where it
                      failed; with inputs, also the lines that contain TEXT
  -c, --count         only print the number of matches per input
  --json              JSON Lines on stdout, as rg --json: "match" objects
                      (path, line_number, absolute_offset, submatches with
                      byte start/end and captures), "expect", "summary"
  --color=WHEN        mark matches in colour: auto (a terminal), always, never
  -h, --help          this text
exit status: 0 when something matched (in the inputs or the --expect text),
1 when nothing did, 2 on usage errors or an input that cannot be read.]]

local mark = require("assay.provenance").mark

-- Where does rx get furthest in subject s?  For each start character, the
-- longest prefix of s[start..] that the pattern can still extend (partial)
-- or match; returns start, reach (byte of the last character consumed).
function M.progress (rx, s)
  local best_start, best_reach = nil, -1
  local starts = {}
  for _, pos in text.chars(s) do starts[#starts + 1] = pos end
  local ends = {}
  for i = 2, #starts do ends[#ends + 1] = starts[i] - 1 end
  ends[#ends + 1] = #s
  for _, st in ipairs(starts) do
    -- binary search is wrong for regexes (partial is not monotonic), so
    -- scan ends from the longest down and stop at the first hit
    for k = #ends, 1, -1 do
      local e = ends[k]
      if e < st then break end
      if e - st + 1 <= best_reach - (best_start or 0) then break end
      -- the search is not anchored: a (partial) match found further on
      -- belongs to that later start, examined in its own turn
      local status, ps = rx:partial(s:sub(1, e), st)
      if status and ps == st then
        if e - st > best_reach - (best_start or st) then best_start, best_reach = st, e end
        break
      end
    end
  end
  return best_start, best_reach
end

-- Why rx does or does not match s: a sentence, and a table
-- { matched =, start =, reach =, next = } (bytes; start/reach nil when the
-- pattern cannot start anywhere).
function M.explain (rx, s, color)
  local a, b = rx:find(s)
  if a then
    return "the pattern matches it: " .. mark(s, a, b, color), { matched = true, start = a, stop = b }
  end
  local st, reach = M.progress(rx, s)
  if not st then
    return "the pattern cannot even start a match anywhere in it (check its first element)", { matched = false }
  end
  local nextc = s:match("^[%z\1-\127\194-\244][\128-\191]*", reach + 1)
  local info = { matched = false, start = st, reach = reach, next = nextc }
  if reach < st then
    return string.format("the pattern starts at byte %d but cannot match its first character %s",
      st, nextc and "'" .. nextc .. "'" or "(end of text)"), info
  end
  return string.format("the pattern got furthest from byte %d: it matched %s and stopped %s",
    st, mark(s:sub(st, reach), 1, reach - st + 1, color),
    nextc and "at '" .. nextc .. "' (byte " .. (reach + 1) .. ")" or "at the end of the text (it wants more)"), info
end

-- The text and, under it, a caret line: ~ under what the pattern matched
-- from info.start, ^ under the character where it stopped.
function M.caret (s, info)
  if not info.start or s:find("\n", 1, true) then return nil end
  local pre = text.width(s:sub(1, info.start - 1))
  local got = info.reach >= info.start and text.width(s:sub(info.start, info.reach)) or 0
  return s .. "\n" .. string.rep(" ", pre) .. string.rep("~", got) .. "^"
end

function M.main (...)
  local cmd = require "assay.cmd"
  local json = require "assay.json"
  local args = { ... }
  local flags, expect, count_only, as_json, color_mode = "", nil, false, false, nil
  local packs = {}
  local pattern, inputs = nil, {}
  local i = 1
  while i <= #args do
    local a = args[i]
    local okc, mode = pcall(cmd.color_option, a)
    if not okc then io.stderr:write("assay try: ", mode.usage, "\n"); return 2 end
    if mode then color_mode = mode
    elseif a == "--json" then as_json = true
    elseif a == "-f" or a == "--flags" then i = i + 1; flags = args[i] or ""
    elseif a == "--rules" then i = i + 1; packs[#packs + 1] = args[i]
      if not args[i] then io.stderr:write("assay try: --rules needs a rule pack (a file or directory)\n"); return 2 end
    elseif a == "--expect" then i = i + 1; expect = args[i]
      if not expect then io.stderr:write("assay try: --expect needs a text\n"); return 2 end
    elseif a == "-c" or a == "--count" then count_only = true
    elseif a == "--" then
      for k = i + 1, #args do if not pattern then pattern = args[k] else inputs[#inputs + 1] = args[k] end end
      break
    elseif a:sub(1, 1) == "-" and a ~= "-" and pattern == nil and #a > 1 and not a:match("^%-%d") then
      io.stderr:write("assay try: ", cmd.unknown_option(a, M.help), "\n"); return 2
    elseif not pattern then pattern = a
    else inputs[#inputs + 1] = a end
    i = i + 1
  end
  if not pattern then io.stderr:write("assay try: no pattern given (assay try PATTERN [INPUT...])\n"); return 2 end
  if #packs > 0 then                             -- the pattern of a rule
    local pack = table.concat(packs, " ")
    local okl, set = pcall(require("assay.rules").load, packs, { meta = false })
    if not okl then io.stderr:write("assay try: ", tostring(set), "\n"); return 2 end
    local r = set.byname[pattern]
    if not r then
      local names = {}
      for k, x in ipairs(set.list) do names[k] = x.name end
      local near = cmd.suggest(pattern, names)
      io.stderr:write("assay try: no rule '", pattern, "' in ", pack,
                      near and (" (did you mean '" .. near .. "'?)") or (" (rules: " .. table.concat(names, ", ") .. ")"), "\n")
      return 2
    end
    if not r.pattern then
      io.stderr:write("assay try: rule '", pattern, "' has no pattern (a match rule): in assay repl ", pack,
                      ", try('", pattern, "', TEXT) runs it\n")
      return 2
    end
    pattern, flags = r.pattern, r.flags
  end
  local ok, rx = pcall(re.compile, pattern, flags)
  if not ok then io.stderr:write("assay try: ", tostring(rx), "\n"); return 2 end
  local color = not as_json and cmd.color(color_mode, 1)
  local total = 0
  -- documents may hold terminal escape codes: shown escaped, our colours kept
  local function out (...) io.write(text.printable(table.concat({ ... }), true)) end
  local function emit (kind, data) io.write(json.encode({ type = kind, data = data }), "\n") end
  if expect then
    local why, info = M.explain(rx, expect, color)
    if info.matched then total = total + 1 end
    if as_json then
      emit("expect", { text = expect, matched = info.matched,
                       start = info.start and info.start - 1, ["end"] = info.stop,
                       reach = info.reach, next = info.next })
    else
      out("expected: ", expect, "\n  ", info.matched and "" or "no match: ", why, "\n")
      local c = not info.matched and M.caret(expect, info)
      if c then out("  ", (c:gsub("\n", "\n  ")), "\n") end
    end
  end
  local function scan (name, s)
    local n = 0
    for ls, le, lineno in text.lines(s) do
      local line = s:sub(ls, le)
      local shown = false
      for a, b in rx:gfind(line) do
        n = n + 1
        if as_json and not count_only then
          local caps = select(3, rx:exec(line, a))
          local named = {}
          for k, v in pairs(caps or {}) do if type(k) == "string" then named[k] = v end end
          emit("match", { path = { text = name }, lines = { text = line }, line_number = lineno,
                          absolute_offset = ls - 1,
                          submatches = { { match = { text = line:sub(a, b) }, start = a - 1, ["end"] = b,
                                           captures = next(named) and named or nil } } })
        elseif not count_only then
          local caps = select(3, rx:exec(line, a))
          local named = {}
          for k, v in pairs(caps or {}) do
            if type(k) == "string" then named[#named + 1] = k .. "=" .. tostring(v) end
          end
          table.sort(named)
          -- show the sentence holding the match
          local ss, se = 1, #line
          for sa, sb in text.sentences(line) do
            if sa <= a and sb >= a then ss, se = sa, math.max(sb, b); break end
          end
          out(name, ":", lineno, ": ", mark(line:sub(ss, se), a - ss + 1, b - ss + 1, color),
                   #named > 0 and ("  [" .. table.concat(named, " ") .. "]") or "", "\n")
          shown = true
        end
      end
      if expect and not shown and not count_only and not as_json and line:find(expect, 1, true) then
        out(name, ":", lineno, ": no match in this line, which contains the expected text: ",
            (M.explain(rx, line, color)), "\n")
      end
    end
    if count_only and as_json then emit("count", { path = { text = name }, matches = n })
    elseif count_only then out(name, ": ", n, "\n") end
    total = total + n
  end
  if #inputs == 0 and not expect then inputs = { "-" } end
  local status_read = 0
  reader.walk(inputs, function (path)
    local docs, err = reader.read(path)
    if not docs then io.stderr:write("assay try: ", path, ": ", err, "\n"); status_read = 2; return end
    for _, d in ipairs(docs) do scan(d.key == "-" and "(stdin)" or d.key, d.text) end
  end, function (path, reason)
    io.stderr:write("assay try: ", path, ": ", reason, "\n"); status_read = 2
  end)
  if as_json then emit("summary", { matches = total }) end
  if status_read ~= 0 then return status_read end
  return total > 0 and 0 or 1
end

return M
