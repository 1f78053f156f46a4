-- assay diff: the facts that differ between two databases of assay run,
-- matched by document key and span; or (--rerun) between a stored run and
-- the same documents run again with other rules.
local text = require "assay.text"
local json = require "assay.json"
local show = require "assay.cmd.show"

local M = {}

M.help = [[
usage: assay diff [OPTIONS] A.db B.db
       assay diff --rerun [OPTIONS] RULES... DB

Compares the facts of two databases written by assay run (A, the old one;
B, the new one).  Documents are matched by key (the input path, path#id for
records); a document's facts are matched by rule and span (a rule's facts
on one span are taken in order).  A matched pair whose kind, value, unit,
qualifier, region, period or extra fields differ is "changed"; the others
are "added" (only in B) or "removed" (only in A).

Prints a summary of counts per rule, then the changes per document with
their line and sentence (the fact's span between » and «).

--rerun runs RULES on the documents of DB (their files, under the same
corpus root, with the content options of DB's last run: not its --shard,
--json or --prune) into a temporary database and compares DB with it; DB
is only read.  Relative file names are found from the current directory,
else from DB's own.

options:
  --rule NAME      only facts of this rule (repeat, or NAME,NAME)
  --kind KIND      only facts of this kind, on either side (repeat, or K,K)
  --limit N        list at most N changes (default 100; 0: all); the
                   summary always counts them all
  --json           one JSON object instead of text
  --rerun          see above
  --keep FILE      with --rerun: write the new database to FILE and keep it
  -j, --jobs N     with --rerun: worker threads of the run

exit status: 0 no fact differs, 1 some differ, 2 usage error or a database
that cannot be read.]]

local FIELDS = { "kind", "value", "unit", "qualifier", "region", "period", "extra" }

local function open (path)
  local d, err = require("assay.cmd").open_facts(path, { readonly = true, create = false })
  if not d then return nil, err end
  local v = d:val("PRAGMA user_version")
  local want = require("assay.run.store").VERSION
  if v ~= want then
    d:close()
    return nil, path .. ": schema version " .. tostring(v) .. ", assay diff reads version " .. want
      .. " (a run of this assay on it migrates it)"
  end
  return d
end

local function list_sql (col, names)
  if not names or #names == 0 then return "1" end
  local q = {}
  for i, n in ipairs(names) do q[i] = "'" .. n:gsub("'", "''") .. "'" end
  return col .. " IN (" .. table.concat(q, ",") .. ")"
end

-- M.compare(apath, bpath, opts) -> result | nil, message
-- opts: rules, kinds (arrays of names), limit (0: all).  result:
--   rules   array of { rule, added, removed, changed } by rule name
--   docs    { a, b, only_a, only_b, text_changed, with_changes }
--   changes array (at most limit) of { what, rule, key, line, surface,
--           sentence, a = fact fields, b = fact fields }, by key then span
--   total   { added, removed, changed }
function M.compare (apath, bpath, opts)
  opts = opts or {}
  local d, err = open(apath)
  if not d then return nil, err end
  local okb, berr = open(bpath)
  if not okb then d:close(); return nil, berr end
  okb:close()
  local ok, res = pcall(function ()
    d:exec("ATTACH ? AS b", bpath)
    -- the temporary tables (up to ~100 MB for a million changed facts) stay in memory
    d:exec("PRAGMA temp.cache_size = -262144")
    -- documents by key; a pair's facts are the id ranges first..last
    d:exec([[
      CREATE TEMP TABLE pairs (pid INTEGER PRIMARY KEY, a, b, key, afirst, alast, bfirst, blast, ahash, bhash);
      INSERT INTO pairs(a, b, key, afirst, alast, bfirst, blast, ahash, bhash)
        SELECT x.id, y.id, x.key, x.first_fact, x.last_fact, y.first_fact, y.last_fact, x.hash, y.hash
          FROM main.docs x LEFT JOIN b.docs y ON y.key = x.key
        UNION ALL
        SELECT NULL, y.id, y.key, NULL, NULL, y.first_fact, y.last_fact, NULL, y.hash
          FROM b.docs y WHERE NOT EXISTS (SELECT 1 FROM main.docs x WHERE x.key = y.key);]])
    -- the documents whose facts may differ: those on one side only, with
    -- another number of facts, or whose facts differ taken in id order
    -- (most documents of two runs of similar rules have equal facts: one
    -- lookup by rowid per fact decides)
    local cmp = {}
    for i, c in ipairs({ "rule", "start", "stop", table.unpack(FIELDS) }) do
      cmp[i] = "f." .. c .. " IS NOT g." .. c
    end
    d:exec([[
      CREATE TEMP TABLE changed (pid INTEGER PRIMARY KEY);
      INSERT INTO changed SELECT pid FROM pairs p WHERE
        (a IS NULL OR b IS NULL) AND coalesce(afirst, bfirst) IS NOT NULL
        OR coalesce(alast - afirst, -1) <> coalesce(blast - bfirst, -1)
        OR (a IS NOT NULL AND b IS NOT NULL AND afirst IS NOT NULL AND EXISTS (
          SELECT 1 FROM main.facts f JOIN b.facts g ON g.id = f.id - p.afirst + p.bfirst
           WHERE f.id BETWEEN p.afirst AND p.alast
             AND (f.doc_id <> p.a OR g.doc_id <> p.b OR ]] .. table.concat(cmp, " OR ") .. ")));")
    -- in those, the blocks of facts of one rule (a document's facts are in
    -- rule order: a rule's are one block) that differ: on one side only,
    -- of another size, or differing taken in id order
    local rule_ok = list_sql("f.rule", opts.rules)
    for _, side in ipairs({ { "ba", "main", "a", "afirst", "alast" }, { "bb", "b", "b", "bfirst", "blast" } }) do
      local t, schema, id, first, last = table.unpack(side)
      d:exec(string.format([[
        CREATE TEMP TABLE %s AS SELECT c.pid AS pid, f.rule AS rule, min(f.id) AS lo, max(f.id) AS hi,
            count(*) AS n
          FROM changed c JOIN pairs p ON p.pid = c.pid
          JOIN %s.facts f ON f.id BETWEEN p.%s AND p.%s AND f.doc_id = p.%s
         WHERE %s GROUP BY c.pid, f.rule;
        CREATE INDEX temp.%s_key ON %s(pid, rule);]], t, schema, first, last, id, rule_ok, t, t))
    end
    cmp[#cmp + 1] = "f.rule IS NOT x.rule OR g.rule IS NOT x.rule"
    d:exec([[
      CREATE TEMP TABLE blk AS
        SELECT x.pid AS pid, x.rule AS rule, x.lo AS alo, x.hi AS ahi, y.lo AS blo, y.hi AS bhi
          FROM ba x LEFT JOIN bb y ON y.pid = x.pid AND y.rule = x.rule
         WHERE y.n IS NULL OR y.n <> x.n OR x.hi - x.lo <> x.n - 1 OR y.hi - y.lo <> y.n - 1
            OR EXISTS (SELECT 1 FROM main.facts f JOIN b.facts g ON g.id = f.id - x.lo + y.lo
                        WHERE f.id BETWEEN x.lo AND x.hi AND (]] .. table.concat(cmp, " OR ") .. [[))
        UNION ALL
        SELECT y.pid, y.rule, NULL, NULL, y.lo, y.hi FROM bb y
         WHERE NOT EXISTS (SELECT 1 FROM ba x WHERE x.pid = y.pid AND x.rule = y.rule);]])
    -- their facts, numbered among those of the same rule and span
    for _, side in ipairs({ { "fa", "main", "alo", "ahi" }, { "fb", "b", "blo", "bhi" } }) do
      local t, schema, lo, hi = table.unpack(side)
      d:exec(string.format([[
        CREATE TEMP TABLE %s AS SELECT k.pid AS pid, f.rule AS rule, coalesce(f.start, 0) AS start,
            coalesce(f.stop, 0) AS stop,
            row_number() OVER (PARTITION BY k.pid, f.rule, f.start, f.stop ORDER BY f.seq) AS n, f.id AS id,
            f.kind AS kind
          FROM blk k CROSS JOIN %s.facts f ON f.id BETWEEN k.%s AND k.%s AND +f.rule = k.rule;
        CREATE INDEX temp.%s_key ON %s(pid, rule, start, stop, n);]], t, schema, lo, hi, t, t))
    end
    local differ = {}
    for i, c in ipairs(FIELDS) do differ[i] = "f." .. c .. " IS NOT g." .. c end
    local kind_ok, kind_a, kind_b = "1", "1", "1"
    if opts.kinds and #opts.kinds > 0 then
      kind_a, kind_b = list_sql("x.kind", opts.kinds), list_sql("y.kind", opts.kinds)
      kind_ok = "(" .. kind_a .. " OR " .. kind_b .. ")"
    end
    d:exec([[
      CREATE TEMP TABLE chg AS
        SELECT 'removed' AS what, x.pid AS pid, x.rule AS rule, x.start AS start, x.stop AS stop,
               x.n AS n, x.id AS aid, NULL AS bid
          FROM fa x LEFT JOIN fb y USING (pid, rule, start, stop, n)
         WHERE y.id IS NULL AND ]] .. kind_a .. [[
        UNION ALL
        SELECT 'added', y.pid, y.rule, y.start, y.stop, y.n, NULL, y.id
          FROM fb y LEFT JOIN fa x USING (pid, rule, start, stop, n)
         WHERE x.id IS NULL AND ]] .. kind_b .. [[
        UNION ALL
        SELECT 'changed', x.pid, x.rule, x.start, x.stop, x.n, x.id, y.id
          FROM fa x JOIN fb y USING (pid, rule, start, stop, n) CROSS JOIN main.facts f CROSS JOIN b.facts g
         WHERE f.id = x.id AND g.id = y.id AND (]] .. table.concat(differ, " OR ") .. ") AND " .. kind_ok)
    local r = { rules = {}, total = { added = 0, removed = 0, changed = 0 }, changes = {} }
    local byrule = {}
    for row in d:rows("SELECT rule, what, count(*) AS n FROM chg GROUP BY rule, what ORDER BY rule") do
      local e = byrule[row.rule]
      if not e then
        e = { rule = row.rule, added = 0, removed = 0, changed = 0 }
        byrule[row.rule] = e
        r.rules[#r.rules + 1] = e
      end
      e[row.what] = row.n
      r.total[row.what] = r.total[row.what] + row.n
    end
    r.docs = d:one([[SELECT count(a) AS a, count(b) AS b, count(*) - count(b) AS only_a,
      count(*) - count(a) AS only_b, sum(a IS NOT NULL AND b IS NOT NULL AND ahash IS NOT bhash) AS text_changed,
      (SELECT count(DISTINCT pid) FROM chg) AS with_changes FROM pairs]])
    r.docs.text_changed = r.docs.text_changed or 0
    r.docs.per = {}
    for row in d:rows([[SELECT p.key AS key, sum(what = 'added') AS added, sum(what = 'removed') AS removed,
        sum(what = 'changed') AS changed FROM chg JOIN pairs p USING (pid) GROUP BY p.key ORDER BY p.key]]) do
      r.docs.per[#r.docs.per + 1] = row
    end
    -- the listed changes, with their documents' lines and sentences
    local limit = opts.limit or 100
    local texts = {}
    local function doctext (schema, id)
      local k = schema .. id
      if texts[k] == nil then
        local row = d:one("SELECT text, path, key, hash, bytes FROM " .. schema .. ".docs WHERE id = ?", id)
        local s = row.text
        if s == "" and row.bytes > 0 then
          -- stored with --no-text: the file again, when it is unchanged
          local okr, docs = pcall(require("assay.reader").read, row.path)
          for _, doc in ipairs(okr and docs or {}) do
            if doc.key == row.key and doc.hash == row.hash then s = doc.text end
          end
        end
        texts[k] = s
      end
      return texts[k]
    end
    local function fields (schema, id)
      if not id then return nil end
      local f = d:one("SELECT * FROM " .. schema .. ".facts WHERE id = ?", id)
      local o = { id = id, surface = f.surface, start = f.start, stop = f.stop }
      for _, c in ipairs(FIELDS) do o[c] = f[c] end
      return o, f.doc_id
    end
    local sql = [[SELECT c.what AS what, c.rule AS rule, c.aid AS aid, c.bid AS bid, p.key AS key
      FROM chg c JOIN pairs p USING (pid) ORDER BY p.key, c.start, c.stop, c.rule, c.n, c.what DESC]]
    if limit > 0 then sql = sql .. " LIMIT " .. math.tointeger(limit) end
    for row in d:rows(sql) do
      local a, adoc = fields("main", row.aid)
      local b, bdoc = fields("b", row.bid)
      local f, s = b or a, (bdoc and doctext("b", bdoc)) or doctext("main", adoc)
      local c = { what = row.what, rule = row.rule, key = row.key, a = a, b = b, surface = f.surface }
      if s ~= "" and f.start and f.stop and f.start >= 1 and f.stop <= #s and f.stop >= f.start - 1 then
        c.line = text.lineno(s, f.start)
        local ss, se = show.sentence_around(s, f.start, f.stop)
        c.sentence = text.trim(show.mark(s:sub(ss, se), f.start - ss + 1, f.stop - ss + 1, opts.color))
      end
      r.changes[#r.changes + 1] = c
    end
    r.count = r.total.added + r.total.removed + r.total.changed
    return r
  end)
  d:close()
  if not ok then return nil, tostring(res) end
  return res
end

local function val (v)
  if v == nil then return "" end
  if math.type(v) == "float" and v == math.floor(v) and math.abs(v) < 2^53 then
    return string.format("%.1f", v)
  end
  return tostring(v)
end

local function describe (f)
  local parts = {}
  for _, c in ipairs(FIELDS) do
    if f[c] ~= nil then parts[#parts + 1] = c .. "=" .. val(f[c]) end
  end
  return table.concat(parts, " ")
end

-- The text form of compare's result.
function M.format (r, apath, bpath)
  local out = {}
  local function add (...) out[#out + 1] = table.concat({ ... }) end
  add(string.format("A %s: %d documents   B %s: %d documents (%d only in A, %d only in B, %d with other text)",
    apath, r.docs.a, bpath, r.docs.b, r.docs.only_a, r.docs.only_b, r.docs.text_changed))
  if r.count == 0 then
    add("no fact differs")
    return table.concat(out, "\n")
  end
  add(string.format("%-28s %8s %8s %8s", "rule", "added", "removed", "changed"))
  for _, e in ipairs(r.rules) do
    add(string.format("%-28s %8d %8d %8d", e.rule, e.added, e.removed, e.changed))
  end
  add(string.format("%-28s %8d %8d %8d   in %d documents", "total", r.total.added, r.total.removed,
    r.total.changed, r.docs.with_changes))
  local per = {}
  for _, p in ipairs(r.docs.per) do per[p.key] = p end
  local key
  for _, c in ipairs(r.changes) do
    if c.key ~= key then
      key = c.key
      local p = per[key]
      add("")
      add(string.format("%s: +%d -%d ~%d", key, p.added, p.removed, p.changed))
    end
    local where = c.line and ("line " .. c.line) or "no span"
    if c.what == "changed" then
      local diffs = {}
      for _, f in ipairs(FIELDS) do
        if c.a[f] ~= c.b[f] then
          diffs[#diffs + 1] = f .. ": " .. (c.a[f] == nil and "-" or val(c.a[f])) .. " -> "
            .. (c.b[f] == nil and "-" or val(c.b[f]))
        end
      end
      add("  ~ ", c.rule, "  ", where, "  ", c.surface or "", "  ", table.concat(diffs, "; "))
    else
      add("  ", c.what == "added" and "+" or "-", " ", c.rule, "  ", where, "  ", c.surface or "", "  ",
          describe(c.b or c.a))
    end
    if c.sentence then add("      ", c.sentence) end
  end
  if #r.changes < r.count then
    add("")
    add(string.format("(%d of %d changes listed; --limit 0 lists all)", #r.changes, r.count))
  end
  return table.concat(out, "\n")
end

function M.json (r, apath, bpath)
  local changes = {}
  for i, c in ipairs(r.changes) do
    changes[i] = { change = c.what, rule = c.rule, doc = c.key, line = c.line, surface = c.surface,
                   sentence = c.sentence, a = c.a, b = c.b }
  end
  return json.encode({ a = apath, b = bpath, equal = r.count == 0, total = r.total,
                       rules = json.array(r.rules), documents = r.docs.per[1] and r.docs.per or json.array(),
                       docs = { a = r.docs.a, b = r.docs.b, only_a = r.docs.only_a, only_b = r.docs.only_b,
                                text_changed = r.docs.text_changed, with_changes = r.docs.with_changes },
                       changes = json.array(changes), listed = #changes })
end

local function usage (msg)
  io.stderr:write("assay diff: ", msg, "\n")
  return 2
end

-- The options of the last run stored in path (the command line of assay
-- run less --db, the rules and the inputs), for a run of other rules on
-- its documents.
local VALUED = { ["-j"] = true, ["--jobs"] = true, ["--instructions"] = true, ["--memory"] = true,
                 ["--seconds"] = true, ["--match-limit"] = true, ["--encoding"] = true,
                 ["--text-field"] = true, ["--id-field"] = true, ["--db"] = true, ["--root"] = true,
                 ["--files-from"] = true, ["--shard"] = true }
-- Not repeated: where the run wrote and which documents it took (the
-- rerun names its documents' files and root), and how it reported.
local DROPPED = { ["--db"] = true, ["-j"] = true, ["--jobs"] = true, ["--root"] = true,
                  ["--files-from"] = true, ["--shard"] = true, ["-q"] = true, ["--quiet"] = true,
                  ["--profile"] = true, ["--force"] = true, ["--json"] = true, ["--prune"] = true }
local function stored_options (d)
  local args = d:val("SELECT args FROM runs ORDER BY id DESC LIMIT 1")
  local out = {}
  local list = args and json.decode(args)
  if type(list) ~= "table" then return out end
  local i = 1
  while i <= #list and list[i] ~= "--" do
    local a = list[i]
    if VALUED[a] then
      if not DROPPED[a] then out[#out + 1] = a; out[#out + 1] = list[i + 1] end
      i = i + 1
    elseif type(a) == "string" and a:sub(1, 1) == "-" and not a:match("^%-%-db=") and not a:match("^%-j%d")
      and not DROPPED[a] then
      out[#out + 1] = a
    end
    i = i + 1
  end
  return out
end

-- --rerun: rules on the documents of stored into a new database (keep, or a
-- temporary one); returns its path, whether to remove it, or nil, message.
local function rerun (rules, stored, keep, jobs)
  local d, err = open(stored)
  if not d then return nil, err end
  local args = { "--db", nil, "-q", "--force" }
  for _, a in ipairs(stored_options(d)) do args[#args + 1] = a end
  if jobs then args[#args + 1] = "-j"; args[#args + 1] = jobs end
  for _, r in ipairs(rules) do args[#args + 1] = r end
  args[#args + 1] = "--"
  -- The files are named one by one, so the corpus root their keys were made
  -- under (2020/a.txt) is given too: the path less the key's file part.
  -- A relative path is relative to the directory the run was made in,
  -- which the database does not record: the current one, else the
  -- database's own (where `--db f.db` puts it); else say so.
  local host = require "assay.host"
  local first = d:val("SELECT path FROM docs WHERE path NOT LIKE '/%' ORDER BY id LIMIT 1")
  local prefix = ""
  if first and not host.stat(first) then
    local dbdir = stored:match("^(.*)/[^/]*$")
    if dbdir and host.stat(dbdir .. "/" .. first) then prefix = dbdir .. "/"
    else
      d:close()
      return nil, stored .. "'s documents are named relative to the directory its run was made in (" .. first ..
                  "), which is neither this one nor the database's: run assay diff --rerun from there"
    end
  end
  local n, root, nested = 0, nil, false
  for row in d:rows("SELECT path, key FROM docs ORDER BY id") do
    if prefix ~= "" and row.path:sub(1, 1) ~= "/" then row.path = prefix .. row.path end
    local file = row.key:match("^(.-)#") or row.key
    local dir = row.path:match("^(.*/)") or ""
    local base = file == "" and dir or file:sub(-1) == "/" and dir or row.path
    local r = base:sub(-#file) == file and base:sub(1, #base - #file) or nil
    if file:find("/", 1, true) then nested = true end
    if r then r = r:gsub("(.)/$", "%1"); if r == "" then r = "." end end
    if root == nil then root = r elseif root ~= r then root = false end
    if args[#args] ~= row.path then args[#args + 1] = row.path; n = n + 1 end
  end
  d:close()
  if n == 0 then return nil, stored .. ": no documents" end
  if nested and root then
    table.insert(args, 5, "--root"); table.insert(args, 6, root)
  end
  local out = keep
  if not out then out = os.tmpname() end
  os.remove(out)
  args[2] = out
  local status = require("assay.cmd.run").main(table.unpack(args))
  if status ~= 0 then
    os.remove(out)
    return nil, "the run of " .. table.concat(rules, " ") .. " on the documents of " .. stored .. " failed"
  end
  return out, not keep
end

function M.main (...)
  local args = { ... }
  local o = { rules = {}, kinds = {}, limit = 100 }
  local pos = {}
  local i = 1
  local function value (name)
    i = i + 1
    if args[i] == nil then error({ usage = "option " .. name .. " needs a value" }) end
    return args[i]
  end
  local function names (into, v) for n in v:gmatch("[^,]+") do into[#into + 1] = n end end
  local okp, perr = pcall(function ()
    while i <= #args do
      local a = args[i]
      if a == "--rule" then names(o.rules, value(a))
      elseif a == "--kind" then names(o.kinds, value(a))
      elseif a == "--limit" then
        o.limit = require("assay.cmd").integer(value(a), 0, "--limit needs a count (0: all)")
      elseif a == "--json" then o.json = true
      elseif a == "--rerun" then o.rerun = true
      elseif a == "--keep" then o.keep = value(a)
      elseif a == "-j" or a == "--jobs" then
        o.jobs = value(a)
        if not math.tointeger(tonumber(o.jobs)) then error({ usage = "-j needs a number, got '" .. o.jobs .. "'" }) end
      elseif a:sub(1, 1) == "-" then error({ usage = require("assay.cmd").unknown_option(a, M.help) })
      else pos[#pos + 1] = a end
      i = i + 1
    end
  end)
  if not okp then
    if type(perr) == "table" then return usage(perr.usage) end
    error(perr, 0)
  end
  local apath, bpath, remove
  if o.rerun then
    if #pos < 2 then return usage("--rerun needs RULES... and a database (assay diff --rerun RULES DB)") end
    apath = table.remove(pos)
    local err
    bpath, err = rerun(pos, apath, o.keep, o.jobs)
    if not bpath then io.stderr:write("assay diff: ", err, "\n"); return 2 end
    remove = err
  else
    if o.keep or o.jobs then return usage("--keep and -j go with --rerun") end
    if #pos ~= 2 then return usage("two databases needed (assay diff A.db B.db)") end
    apath, bpath = pos[1], pos[2]
  end
  o.color = not o.json and require("assay.host").isatty(1) and not os.getenv("NO_COLOR")
            and os.getenv("TERM") ~= "dumb"
  local r, err = M.compare(apath, bpath, o)
  if remove then
    for _, sfx in ipairs({ "", "-wal", "-shm" }) do os.remove(bpath .. sfx) end
  end
  if not r then io.stderr:write("assay diff: ", err, "\n"); return 2 end
  local shown = bpath
  if remove then shown = "(rerun of " .. table.concat(pos, " ") .. ")" end
  if o.json then io.write(M.json(r, apath, shown), "\n")
  else io.write(M.format(r, apath, shown), "\n") end
  return r.count == 0 and 0 or 1
end

return M
