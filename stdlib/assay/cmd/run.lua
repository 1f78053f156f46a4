-- assay run: apply rules to documents and store documents and facts in
-- SQLite.  The options and what is printed; the run itself is assay.run.
local run = require "assay.run"
local reader = require "assay.reader"
local host = require "assay.host"
local json = require "assay.json"
local inputs = require "assay.inputs"

local M = {}

M.help = [[
usage: assay run [OPTIONS] RULES... -- INPUT...
       assay run [OPTIONS] RULES... --files-from FILE

Applies the rules (files, or directories of rule files) to every input
document and stores each document and its facts in an SQLite database.
Inputs: files, directories (recursive, sorted by name), globs, '-' (stdin).
A document's key (docs.key) is its path relative to the corpus root
(--root; default: the input directory it was found under, or the
directory of a file given by itself), so the same file has one key however
its path is spelled; a JSONL/CSV record's key is its id.  A new database
is written to a temporary file and renamed when the run succeeds: it is
complete or absent.
Re-running is incremental: documents whose content and rules did not
change are skipped; a changed document is redone alone; changed rules redo
everything (a rule file or a file it includes).  A document commits
together with its facts: an interrupted run leaves no half-written
document, and a re-run completes the work.

options:
  --db FILE           database to write (default: facts.db)
  --root DIR          corpus root: document keys are paths relative to it
                      (every input must be under it)
  --files-from FILE   read the inputs from FILE, one path per line ('-':
                      stdin), besides those after '--'
  --shard K/N         process only the documents of shard K of N (0 <= K < N,
                      by a hash of the key: stable as the corpus grows); merge
                      the shard databases with assay merge
  --prune             remove documents no longer among the inputs (of this
                      shard) from the database
  -j, --jobs N        worker threads (default: number of CPUs); -j 1 runs
                      everything in one thread
  --strict            stop at the first rule error, exit status 1
  --profile           print a per-rule time table at the end (skipped: segments
                      the literal prefilter spared the rule's pattern)
  --no-prefilter      run every pattern in every segment (see docs/rules.md);
                      ASSAY_PREFILTER=ac|hs|auto picks its backend (hs:
                      Vectorscan, when built in; auto, the default: ac)
  --force             process every document even when unchanged
  --allow-io          let rules use io, os.execute and io.popen
  --no-meta           leave out the built-in metadata and article rules
                      (title, date, source, authors, articles)
  --no-text           do not store the documents' texts (docs.text is empty;
                      assay show re-reads the file): for corpora too big to
                      keep twice
  --instructions N    per rule and document instruction budget (default
                      200000000; a rule still running after N / 1e10 s of
                      CPU runs again, counted: docs/rules.md)
  --memory MB         per rule and document memory budget in MiB (default 512)
  --seconds S         per rule and document time budget (default 60)
  --give-up-after K   turn a rule off once it has exceeded a budget on K
                      documents in a row (default 3; 0: never): it is said at
                      once, each document it then skips is recorded in the
                      errors table and redone by the next run, and the exit
                      status is 1.  A rule slow on one document stays on.
                      With -j N each worker counts its own documents
  --match-limit N     PCRE2 match limit for rule patterns
  --encoding ENC      input encoding (default: auto; e.g. GB18030, Big5,
                      UTF-16LE)
  --text-field NAME   JSONL/CSV field holding the text (default: text)
  --id-field NAME     JSONL/CSV field naming the record (default: id; else
                      the line)
  --simplify          rules match every text converted to simplified characters
                      (OpenCC t2s); facts still point into the original.  By
                      default only texts in traditional or mixed script are
                      converted
  --no-simplify       convert no text, not even one in traditional script
  --json              the summary (and folded rule errors) as JSON Lines on
                      stdout (see docs/rules.md)
  -q, --quiet         no summary on stderr
  -h, --help          this text

On a terminal, stderr shows progress: documents done / total, MB/s and an
ETA.  Identical rule errors are folded into one line per rule and message
(rule x failed on N documents: MESSAGE; first: FILE).  Ctrl-C stops the
run: what was written is committed (a re-run continues from there); a
second Ctrl-C kills at once.  A database another run is writing is waited
for (up to 60 s, with a message).

exit status: 0 success (rule errors are recorded in the errors table and
counted in the summary); 1 no document was processed (nothing is created),
a rule failed on every document, a rule was turned off (--give-up-after),
rule errors with --strict, or a failure to read rules or open the
database; 2 usage error, or an input that cannot be read (a missing path,
a glob without a match); 130 interrupted.  See docs/scale.md for runs
over many machines.]]

local function usage_error (msg)
  io.stderr:write("assay run: ", msg, "\n")
  return 2
end

-- {====== inputs ======

-- The inputs of --files-from, the corpus root and the shard: usage errors
-- raise {usage =}.
local function resolve_inputs (o)
  if o.files_from then
    local list, err = inputs.files_from(o.files_from)
    if not list then error({ usage = err }) end
    table.move(list, 1, #list, #o.inputs + 1, o.inputs)
  end
  if o.shard then
    local k, n = inputs.parse_shard(o.shard)
    if not k then error({ usage = n }) end
    o.shard_k, o.shard_n = k, n
  end
  if o.root then
    local st = host.stat(o.root)
    if not st or st.type ~= "dir" then error({ usage = "--root " .. o.root .. ": not a directory" }) end
  end
  local keyer, err = inputs.keyer(o.root)
  if not keyer then error({ usage = err }) end
  for _, p in ipairs(o.inputs) do
    local ok, why = keyer:check(p)
    if not ok then error({ usage = "input " .. p .. " is " .. why }) end
  end
  o.keyer = keyer
end

-- }======

-- Is path a rule file or a rule pack (a directory with a .lua file)?
local function holds_rules (path)
  path = require("assay.rules").shipped(path)
  local st = host.stat(path)
  if not st then return false end
  if st.type ~= "dir" then return path:match("%.lua$") ~= nil end
  for _, e in ipairs(host.dir(path) or {}) do
    if e.name:match("%.lua$") then return true end
  end
  return false
end

-- `assay run scripts/fupin ~/reports`: the command with '--' before the first
-- argument after the rules that holds none, or "" when none does
local function missing_sep (args, rules, rule_at)
  for k = 2, #rules do
    if not holds_rules(rules[k]) then
      local words = {}
      for j, a in ipairs(args) do
        if j == rule_at[k] then words[#words + 1] = "--" end
        words[#words + 1] = a:find("[^%w%-_./=:,+@%%]") and "'" .. a:gsub("'", "'\\''") .. "'" or a
      end
      return "; did you mean: assay run " .. table.concat(words, " ")
    end
  end
  return ""
end

local function parse (args)
  local o = { db = "facts.db", jobs = host.cpus(), rules = {}, inputs = {},
              instructions = 200000000, memory = 512, give_up = 3 }
  local i, seen_sep, rule_at = 1, false, {}
  local function value (name)
    i = i + 1
    local v = args[i]
    if v == nil then error({ usage = "option " .. name .. " needs a value" }) end
    return v
  end
  local function number (name)
    return require("assay.cmd").integer(value(name), 1, "option " .. name .. " needs a positive integer")
  end
  while i <= #args do
    local a = args[i]
    if seen_sep then o.inputs[#o.inputs + 1] = a
    elseif a == "--" then seen_sep = true
    elseif a == "--db" then o.db = value(a)
    elseif a:match("^%-%-db=") then o.db = a:sub(6)
    elseif a == "-j" or a == "--jobs" then o.jobs = number(a)
    elseif a:match("^%-j%d+$") then o.jobs = math.tointeger(tonumber(a:sub(3)))
    elseif a == "--strict" then o.strict = true
    elseif a == "--profile" then o.profile = true
    elseif a == "--force" then o.force = true
    elseif a == "--allow-io" then o.allow_io = true
    elseif a == "--no-text" then o.no_text = true
    elseif a == "--no-meta" then o.no_meta = true
    elseif a == "--no-prefilter" then o.no_prefilter = true
    elseif a == "--instructions" then o.instructions = number(a)
    elseif a == "--memory" then o.memory = number(a)
    elseif a == "--give-up-after" then
      o.give_up = require("assay.cmd").integer(value(a), 0, "option " .. a .. " needs a number >= 0")
    elseif a == "--seconds" then
      local v = value(a)
      o.seconds = tonumber(v)
      if not o.seconds or o.seconds <= 0 then
        error({ usage = "option --seconds needs a positive number, got '" .. v .. "'" })
      end
    elseif a == "--match-limit" then o.match_limit = number(a)
    elseif a == "-q" or a == "--quiet" then o.quiet = true
    elseif a == "--json" then o.json = true
    elseif a == "--encoding" then o.encoding = value(a)
    elseif a == "--text-field" then o.text_field = value(a)
    elseif a == "--id-field" then o.id_field = value(a)
    elseif a == "--simplify" then o.simplify = true
    elseif a == "--root" then o.root = value(a)
    elseif a == "--files-from" then o.files_from = value(a)
    elseif a == "--shard" then o.shard = value(a)
    elseif a == "--prune" then o.prune = true
    elseif a == "--no-simplify" then o.simplify = false
    elseif a:sub(1, 1) == "-" and a ~= "-" then error({ usage = require("assay.cmd").unknown_option(a, M.help) })
    else o.rules[#o.rules + 1] = a; rule_at[#o.rules] = i end
    i = i + 1
  end
  if #o.rules == 0 then error({ usage = "no rules given (assay run RULES... -- INPUT...)" }) end
  if not seen_sep and not o.files_from then
    error({ usage = "missing '--' between the rules and the inputs" .. missing_sep(args, o.rules, rule_at) })
  end
  if #o.inputs == 0 and not o.files_from then error({ usage = "no inputs given after '--'" }) end
  resolve_inputs(o)
  if o.jobs < 1 then o.jobs = 1 end
  if o.encoding then
    local okenc = pcall(require("assay.read").decode, "\xB0\xA1", o.encoding)
    if not okenc then error({ usage = "unknown encoding '" .. o.encoding .. "'" }) end
  end
  return o
end

local function fmt_bytes (n)
  if n >= 1048576 then return string.format("%.1f MB", n / 1048576) end
  if n >= 1024 then return string.format("%.1f KB", n / 1024) end
  return n .. " B"
end

local PREFILTER_NAMES = { ac = "ac (the automaton)", hs = "hs (Vectorscan)" }

local function profile_table (stats, total)
  local names = {}
  for n in pairs(stats) do names[#names + 1] = n end
  table.sort(names, function (a, b) return stats[a].seconds > stats[b].seconds end)
  local lines = { string.format("%-24s %8s %9s %9s %10s %10s %6s %10s", "rule", "docs", "matches",
                               "facts", "total s", "mean ms", "share", "skipped") }
  for _, n in ipairs(names) do
    local s = stats[n]
    lines[#lines + 1] = string.format("%-24s %8d %9d %9d %10.3f %10.3f %5.1f%% %10d", n, s.docs,
      s.matches, s.facts, s.seconds, s.docs > 0 and s.seconds / s.docs * 1000 or 0,
      total > 0 and s.seconds / total * 100 or 0, s.skipped or 0)
  end
  return table.concat(lines, "\n")
end

-- {====== progress ======

-- Files and bytes the inputs name (for the progress line's total), or nil
-- when a file holds many documents (JSONL, CSV) and the count is unknown.
local SINGLE_DOC = { txt = true, html = true }
local function count_inputs (inputs)
  local files, bytes = 0, 0
  for _, p in ipairs(inputs) do if p == "-" then return nil end end
  local many = false
  reader.walk(inputs, function (path)
    files = files + 1
    local st = host.stat(path)
    bytes = bytes + (st and st.size or 0)
    if not SINGLE_DOC[reader.format(path)] then many = true end
  end, function () files = files + 1 end)    -- counted done when skipped (a broken symlink)
  if many then return nil end
  return files, bytes
end
M.count_inputs = count_inputs

local function clock_str (s)
  s = math.max(0, math.floor(s + 0.5))
  if s >= 3600 then return string.format("%d:%02d:%02d", s // 3600, s // 60 % 60, s % 60) end
  return string.format("%d:%02d", s // 60, s % 60)
end

-- The progress line: done / total documents, facts, MB/s, ETA.
local function progress_line (summary, total, elapsed)
  local done = summary.docs + summary.skipped + summary.ignored
  local rate = elapsed > 0 and summary.bytes / 1048576 / elapsed or 0
  local s
  if total and total > 0 then
    s = string.format("%d/%d documents, %d facts, %.1f MB/s", done, total, summary.facts, rate)
    if done > 0 and elapsed > 0.5 then
      s = s .. ", ETA " .. clock_str(elapsed / done * math.max(0, total - done))
    end
  else
    s = string.format("%d documents, %d skipped, %d facts, %.1f MB/s", summary.docs, summary.skipped,
                      summary.facts, rate)
  end
  return s
end
M.progress_line = progress_line

-- }======
function M.main (...)
  local args = { ... }
  local okp, o = pcall(parse, args)
  if not okp then
    if type(o) == "table" and o.usage then return usage_error(o.usage) end
    error(o, 0)
  end
  local tty = host.isatty(2) and os.getenv("TERM") ~= "dumb" and not o.quiet
  local total = tty and count_inputs(o.inputs) or nil
  local t0, last_progress = host.clock(), 0
  local hooks = {
    say = function (line)                        -- on its own line, not after the progress
      io.stderr:write(tty and "\r\27[K" or "", "assay run: ", line, "\n")
    end,
    progress = function (summary, final)
      if not tty then return end
      local now = host.clock()
      if not final and now - last_progress < 0.25 then return end
      last_progress = now
      io.stderr:write("\r\27[K", progress_line(summary, total, now - t0))
      if final then io.stderr:write("\r\27[K") end
    end,
  }
  local r = run.batch(o, args, hooks)
  if r.failed then
    io.stderr:write("assay run: ", r.failed, "\n")
    return 1
  end
  local summary, stats, folder = r.summary, r.stats, r.folder
  if not o.quiet then
    local more, n = {}, 0
    for why, k in pairs(r.more_skips) do more[#more + 1] = why .. ": " .. k; n = n + k end
    table.sort(more)
    if n > 0 then io.stderr:write("assay run: ... and ", n, " more inputs not read: ", table.concat(more, ", "), "\n") end
    for _, line in ipairs(r.settled) do io.stderr:write("assay run: ", line, "\n") end
  end
  if not o.quiet then
    for _, line in ipairs(folder.lines()) do io.stderr:write("assay run: ", line, "\n") end
    io.stderr:write(string.format(
      "assay run: %d documents processed, %d unchanged skipped, %d inputs not read, %d facts, %d rule errors; %s in %.2f s -> %s\n",
      summary.docs, summary.skipped, summary.ignored, summary.facts, summary.errors,
      fmt_bytes(summary.bytes), r.elapsed, r.database or "(no database written)"))
  end
  if o.profile then
    local total_s = 0
    for _, s in pairs(stats) do total_s = total_s + s.seconds end
    io.stdout:write(profile_table(stats, total_s), "\n")
    local pf = r.prefilter
    io.stdout:write(pf and string.format("prefilter: %s, %d rules by their pattern, %d by their literals, %d always run\n",
                                         PREFILTER_NAMES[pf[1]], pf[2], pf[3], pf[4])
                       or "prefilter: none\n")
  end
  if r.interrupted then
    io.stderr:write("assay run: interrupted: ", summary.docs, " documents committed; re-run to continue\n")
    return 130
  end
  local status, why = run.exit_status(summary, stats, r.strict_stop, o.shard, r.off)
  if why[1] == "no document was processed" and summary.ignored == 0 and summary.unreadable == 0 then
    -- nothing skipped either: the inputs held no file (an empty directory, a list of none)
    local named = {}
    for k = 1, math.min(#o.inputs, 3) do named[k] = o.inputs[k] end
    why[1] = why[1] .. (#named == 0 and ": the inputs name no file"
                        or ": no file in " .. table.concat(named, ", ") .. (#o.inputs > 3 and ", ..." or "")
                           .. " (hidden files are passed over)")
  end
  if o.json then
    for _, g in ipairs(folder.groups()) do
      io.stdout:write(json.encode({ type = "rule_error", data = { rule = g.rule, message = g.message,
                                    documents = g.count, first = g.first, not_run = g.not_run } }), "\n")
    end
    io.stdout:write(json.encode({ type = "summary", data = {
      documents = summary.docs, skipped = summary.skipped, not_read = summary.ignored,
      unreadable = summary.unreadable, facts = summary.facts, rule_errors = summary.errors,
      bytes = summary.bytes, seconds = r.elapsed, database = r.database or json.null,
      status = status, reasons = #why > 0 and why or nil } }), "\n")
  end
  for _, line in ipairs(why) do io.stderr:write("assay run: ", line, "\n") end
  return status
end

return M
