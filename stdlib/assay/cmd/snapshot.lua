-- assay/cmd/snapshot.lua: `assay test --snapshot DIR RULES -- INPUT...`: the
-- facts of a rule pack on a sample corpus, kept as a TSV in the repository
-- (DIR/facts.tsv, one fact a row, sorted by document and position); a run
-- whose facts differ fails with the rows that changed until --update
-- writes the new snapshot.
local db = require "assay.db"
local eval = require "assay.cmd.eval"

local M = {}

M.help = [[

snapshot: assay test --snapshot DIR [--update] [-j N] [--simplify] RULES...
                -- INPUT...
  Runs the rules on the inputs and compares their facts with DIR/facts.tsv
  (columns: doc line rule kind surface value unit qualifier region period
  extra; doc is the key less the input directory).  Prints the rows added,
  removed and changed, each with its sentence, and exits 1 when any
  differs; --update writes the facts as the new snapshot (review it with
  git diff).  A missing snapshot fails until --update creates it.]]

M.COLUMNS = { "doc", "line", "rule", "kind", "surface", "value", "unit", "qualifier", "region", "period", "extra" }
M.FILE = "facts.tsv"

local function clean (v) return (tostring(v or ""):gsub("[\t\n\r]", " ")) end
local function fmtv (v)
  if type(v) == "number" then return require("assay.cn").format(v) end
  return v
end

-- the name of a document in the snapshot: its key less the input it came
-- from, so that the snapshot does not depend on where the corpus lies
local function docname (key, inputs)
  for _, inp in ipairs(inputs) do
    local dir = inp:gsub("/+$", "")
    if key:sub(1, #dir + 1) == dir .. "/" then return key:sub(#dir + 2) end
    if key == dir or key:sub(1, #dir + 1) == dir .. "#" then
      return (dir:match("([^/]+)$") or dir) .. key:sub(#dir + 1)
    end
  end
  return key
end

-- M.rows(d, inputs) -> rows, texts: the facts of database d as snapshot
-- rows (tables by column, with _start, _stop), and the texts by doc name
function M.rows (d, inputs)
  local rows, texts = {}, {}
  local cur, text_, line, pos, name
  for f in d:rows([[SELECT f.*, docs.key AS key FROM docs JOIN facts f ON f.id BETWEEN docs.first_fact
      AND docs.last_fact AND f.doc_id = docs.id ORDER BY docs.key, f.start, f.seq]]) do
    if f.doc_id ~= cur then
      cur = f.doc_id
      text_ = d:val("SELECT text FROM docs WHERE id = ?", cur)
      line, pos = 1, 1
      name = docname(f.key, inputs)
      texts[name] = text_
    end
    if f.start then
      while true do
        local nl = text_:find("\n", pos, true)
        if not nl or nl >= f.start then break end
        line, pos = line + 1, nl + 1
      end
    end
    local r = { doc = name, line = f.start and tostring(line) or "", _start = f.start, _stop = f.stop }
    for _, c in ipairs(M.COLUMNS) do
      if c ~= "doc" and c ~= "line" then r[c] = clean(fmtv(f[c])) end
    end
    rows[#rows + 1] = r
  end
  return rows, texts
end

local function line_of (r)
  local v = {}
  for i, c in ipairs(M.COLUMNS) do v[i] = r[c] or "" end
  return table.concat(v, "\t")
end

function M.encode (rows)
  local out = { table.concat(M.COLUMNS, "\t") }
  for _, r in ipairs(rows) do out[#out + 1] = line_of(r) end
  return table.concat(out, "\n") .. "\n"
end

-- rows of a snapshot file (nil, message when it is not one)
function M.decode (s, path)
  local rows, n = {}, 0
  for l in s:gmatch("([^\n]*)\n") do
    n = n + 1
    if n == 1 then
      if l ~= table.concat(M.COLUMNS, "\t") then
        return nil, path .. ":1: not a snapshot header (expected: " .. table.concat(M.COLUMNS, " ") .. ")"
      end
    elseif l ~= "" then
      local r, i = {}, 1
      for v in (l .. "\t"):gmatch("([^\t]*)\t") do r[M.COLUMNS[i] or "_"] = v; i = i + 1 end
      if i - 1 ~= #M.COLUMNS then
        return nil, string.format("%s:%d: %d columns, expected %d", path, n, i - 1, #M.COLUMNS)
      end
      rows[#rows + 1] = r
    end
  end
  return rows
end

-- M.compare(old, new) -> changes: { what, old, new } in the order of the
-- rows; rows are matched by doc, rule, line and surface (in order among
-- equal ones), a matched pair differing in another column is "changed"
function M.compare (old, new)
  local function key (r) return table.concat({ r.doc, r.rule, r.line, r.surface }, "\t") end
  local pool = {}
  for i, r in ipairs(old) do
    local k = key(r)
    pool[k] = pool[k] or { at = 1 }
    table.insert(pool[k], i)
  end
  local matched, changes = {}, {}
  for _, r in ipairs(new) do
    local l = pool[key(r)]
    if l and l.at <= #l then
      local o = old[l[l.at]]
      matched[l[l.at]] = true
      l.at = l.at + 1
      if line_of(o) ~= line_of(r) then changes[#changes + 1] = { what = "changed", old = o, new = r } end
    else
      changes[#changes + 1] = { what = "added", new = r }
    end
  end
  for i, r in ipairs(old) do
    if not matched[i] then changes[#changes + 1] = { what = "removed", old = r } end
  end
  local function pos (c)
    local r = c.new or c.old
    return r.doc, math.tointeger(tonumber(r.line)) or 0
  end
  table.sort(changes, function (a, b)
    local da, la = pos(a)
    local db_, lb = pos(b)
    if da ~= db_ then return da < db_ end
    if la ~= lb then return la < lb end
    local ra, rb = (a.new or a.old), (b.new or b.old)
    if ra.surface ~= rb.surface then return ra.surface < rb.surface end
    return a.what < b.what
  end)
  return changes
end

function M.format (changes, texts)
  local out = {}
  local n = { added = 0, removed = 0, changed = 0 }
  for _, c in ipairs(changes) do
    n[c.what] = n[c.what] + 1
    local r = c.new or c.old
    local head = r.doc .. ":" .. r.line .. "  " .. r.rule .. "  " .. r.surface
    if c.what == "changed" then
      local diffs = {}
      for _, col in ipairs(M.COLUMNS) do
        if c.old[col] ~= c.new[col] then
          diffs[#diffs + 1] = col .. ": " .. (c.old[col] == "" and "-" or c.old[col]) .. " -> "
            .. (c.new[col] == "" and "-" or c.new[col])
        end
      end
      out[#out + 1] = "  ~ " .. head .. "  " .. table.concat(diffs, "; ")
    else
      local parts = {}
      for _, col in ipairs({ "kind", "value", "unit", "qualifier", "region", "period", "extra" }) do
        if r[col] ~= "" then parts[#parts + 1] = col .. "=" .. r[col] end
      end
      out[#out + 1] = "  " .. (c.what == "added" and "+" or "-") .. " " .. head .. "  " .. table.concat(parts, " ")
    end
    local s = eval.sentence_of({ doc = r.doc, line = r.line, surface = r.surface, _start = c.new and r._start,
                                 _stop = c.new and r._stop }, texts)
    if s then out[#out + 1] = "      " .. s end
  end
  return table.concat(out, "\n"), n
end

local function usage (msg)
  io.stderr:write("assay test: ", msg, "\n")
  return 2
end

-- assay test --snapshot ...: args are the test command's
function M.main (...)
  local args = { ... }
  local o = { rules = {}, inputs = {} }
  local i, sep = 1, false
  while i <= #args do
    local a = args[i]
    if sep then o.inputs[#o.inputs + 1] = a
    elseif a == "--" then sep = true
    elseif a == "--snapshot" then
      i = i + 1
      o.dir = args[i]
      if not o.dir then return usage("--snapshot needs a directory") end
    elseif a == "--update" then o.update = true
    elseif a == "--simplify" or a == "--no-meta" or a == "--allow-io" then o[#o + 1] = a
    elseif a == "-j" or a == "--jobs" then
      i = i + 1
      if not math.tointeger(tonumber(args[i] or "")) then return usage("-j needs a number") end
      o[#o + 1] = "-j"; o[#o + 1] = args[i]
    elseif a:sub(1, 1) == "-" then return usage("unknown option '" .. a .. "' with --snapshot")
    else o.rules[#o.rules + 1] = a end
    i = i + 1
  end
  if #o.rules == 0 then return usage("no rules given (assay test --snapshot DIR RULES... -- INPUT...)") end
  if not sep or #o.inputs == 0 then return usage("--snapshot needs the inputs after '--'") end
  local file = o.dir:gsub("/+$", "") .. "/" .. M.FILE
  local old
  local f = io.open(file, "rb")
  if f then
    local s = f:read("a")
    f:close()
    local err
    old, err = M.decode(s, file)
    if not old then io.stderr:write("assay test: ", err, "\n"); return 1 end
  elseif not o.update then
    io.stderr:write("assay test: no snapshot ", file, " yet; --update creates it\n")
    return 1
  end
  local path = os.tmpname()
  os.remove(path)
  local function cleanup () for _, sfx in ipairs({ "", "-wal", "-shm" }) do os.remove(path .. sfx) end end
  local rargs = { "--db", path, "-q" }
  for _, a in ipairs(o) do rargs[#rargs + 1] = a end
  for _, r in ipairs(o.rules) do rargs[#rargs + 1] = r end
  rargs[#rargs + 1] = "--"
  for _, r in ipairs(o.inputs) do rargs[#rargs + 1] = r end
  local status = require("assay.cmd.run").main(table.unpack(rargs))
  if status ~= 0 then cleanup(); io.stderr:write("assay test: the run failed\n"); return 1 end
  local d, derr = db.open(path, { readonly = true, create = false })
  if not d then cleanup(); io.stderr:write("assay test: ", derr, "\n"); return 1 end
  local okr, new, texts = pcall(M.rows, d, o.inputs)
  d:close()
  cleanup()
  if not okr then error(new, 0) end
  if o.update then
    os.execute("mkdir -p '" .. o.dir:gsub("'", "'\\''") .. "'")
    local w, werr = io.open(file, "wb")
    if not w then io.stderr:write("assay test: ", werr, "\n"); return 1 end
    w:write(M.encode(new))
    w:close()
    local changes = old and M.compare(old, new) or {}
    io.write(string.format("snapshot %s: %d facts written%s\n", file, #new,
      old and string.format(" (%d rows changed)", #changes) or ""))
    return 0
  end
  local changes = M.compare(old, new)
  if #changes == 0 then
    io.write(string.format("snapshot %s: %d facts, unchanged\n", file, #new))
    return 0
  end
  local listing, n = M.format(changes, texts)
  io.write(string.format("snapshot %s: the facts differ: %d added, %d removed, %d changed\n", file,
    n.added, n.removed, n.changed))
  io.write(listing, "\n")
  io.write("if the change is right, accept it: assay test --snapshot ", o.dir, " --update ",
    table.concat(o.rules, " "), " -- ", table.concat(o.inputs, " "), "\n")
  return 1
end

return M
