-- A copied document is counted once: a corpus with one file copied under a
-- second name and a third path (docs.dup_of), run under three spellings of
-- the corpus path, gives every report in every format, the indicator_figures
-- view and the SQL examples of docs/fupin.md the same figures as the corpus
-- without the copies; so does `assay run --prune` after the copies are gone.
-- test: no-valgrind
local t = require "assay.testing"
local json = require "assay.json"
local dbm = require "assay.db"
local bin, sh, q = t.bin(), t.sh, t.q

local cwd = assert(os.getenv("PWD"))
local dir = t.tmpdir()
local SRC = "tests/fixtures/figures"
local COPIED = "huining-review.txt"
-- the copies sort after every original key, so the originals keep their ids
local COPIES = { "zz-copy.txt", "zz/again.txt" }
os.execute("mkdir -p " .. q(dir .. "/base") .. " " .. q(dir .. "/dup/zz"))
os.execute("cp " .. q(SRC) .. "/*.txt " .. q(dir .. "/base/") .. " && cp " .. q(SRC) .. "/*.txt " .. q(dir .. "/dup/"))
for _, c in ipairs(COPIES) do os.execute("cp " .. q(SRC .. "/" .. COPIED) .. " " .. q(dir .. "/dup/" .. c)) end

local function run (db, input, extra)
  local _, code, err = sh("cd " .. q(dir) .. " && " .. q(bin) .. " run " .. (extra or "") ..
                          " --db " .. q(db) .. " " .. q(cwd .. "/scripts/fupin") .. " -- " .. q(input))
  assert(code == 0, err)
  return err
end

local function val (db, sql)
  local d = assert(dbm.open(dir .. "/" .. db, { readonly = true }))
  local v = d:val(sql)
  d:close()
  return v
end

local REPORTS = { "overview", "by_region", "by_year", "timeline", "slogans", "checks", "coverage", "dashboard" }
local FORMATS = { "table", "csv", "json", "html" }
local function report (db, name, fmt)
  local out, code, err = sh(bin .. " report scripts/reports/" .. name .. ".lua --db " .. q(dir .. "/" .. db) ..
                            " --format " .. fmt)
  assert(code == 0, name .. " " .. fmt .. ": " .. tostring(err))
  -- the HTML page holds the database's path and a fresh nonce; the
  -- overview's note says what was left out
  out = out:gsub(dir:gsub("%p", "%%%0") .. "/%w+%.db", "DB"):gsub("nonce%-%w+", "nonce"):gsub('nonce="%w+"', "nonce")
  return (out:gsub(" %d+ documents with the same text as another left out %(docs%.dup_of%)%.", ""))
end

-- the view and every ```sql statement of docs/fupin.md, rows as JSON text
local function sql_results (db)
  local f = assert(io.open("docs/fupin.md")); local page = f:read("a"); f:close()
  f = assert(io.open("scripts/fupin/indicator_figures.sql")); local view = f:read("a"); f:close()
  local d = assert(dbm.open(dir .. "/" .. db))
  d:exec(view)
  local stmts = { "SELECT * FROM indicator_figures ORDER BY id" }
  for body in page:gmatch("```sql\n(.-)```") do
    for s in body:gsub("%-%-[^\n]*", ""):gmatch("([^;]+);") do
      if s:find("%S") then stmts[#stmts + 1] = s end
    end
  end
  local out = {}
  for i, s in ipairs(stmts) do
    local rows = {}
    for r in d:rows(s) do rows[#rows + 1] = json.encode(r) end
    out[i] = s .. "\n" .. table.concat(rows, "\n")
  end
  d:close()
  return out, #stmts
end

run("base.db", "base")
local want = {}
for _, name in ipairs(REPORTS) do
  for _, fmt in ipairs(FORMATS) do want[name .. " " .. fmt] = report("base.db", name, fmt) end
end
local want_sql, nsql = sql_results("base.db")
local ndocs = val("base.db", "SELECT count(*) FROM docs")

local function same_reports (db)
  for _, name in ipairs(REPORTS) do
    for _, fmt in ipairs(FORMATS) do
      local k = name .. " " .. fmt
      t.ok(report(db, name, fmt) == want[k], k .. " differs from the corpus without the copies")
    end
  end
  local got = sql_results(db)
  for i = 1, nsql do t.eq(got[i], want_sql[i]) end
end

t.test("the copies are marked, whatever the spelling of the corpus path", function ()
  t.ok(ndocs == 4 and nsql >= 7, ndocs .. " documents, " .. nsql .. " SQL statements")
  t.ok(#want_sql[1] > 2000 and want["by_region csv"]:find("funds", 1, true), "the base has figures")
  local err = run("dup.db", "dup")
  t.ok(err:find("zz-copy.txt: same text as " .. COPIED, 1, true), err)
  run("dup.db", "./dup/")
  run("dup.db", dir .. "/dup")
  t.eq(val("dup.db", "SELECT count(*) FROM docs"), ndocs + 2)
  t.eq(val("dup.db", "SELECT group_concat(key, ' ') FROM (SELECT key FROM docs WHERE dup_of IS NOT NULL ORDER BY key)"),
       table.concat(COPIES, " "))
  t.ok(val("dup.db", "SELECT count(*) FROM facts f JOIN docs d ON d.id = f.doc_id WHERE d.dup_of IS NOT NULL") > 0,
       "the copies have facts in the database")
end)

t.test("every report, format and SQL example counts the copied document once", function ()
  same_reports("dup.db")
  local out = report("dup.db", "overview", "table")
  t.ok(out:find(ndocs .. " documents,", 1, true), out)
  out = sh(bin .. " report scripts/reports/overview.lua --db " .. q(dir .. "/dup.db"))
  t.ok(out:find("2 documents with the same text as another left out (docs.dup_of).", 1, true), out)
end)

t.test("--prune after deleting the copies leaves the reports unchanged", function ()
  for _, c in ipairs(COPIES) do os.remove(dir .. "/dup/" .. c) end
  local err = run("dup.db", "dup", "--prune")
  t.ok(err:find("pruned 2 documents", 1, true), err)
  t.eq(val("dup.db", "SELECT count(*) FROM docs"), ndocs)
  same_reports("dup.db")
  local out = sh(bin .. " report scripts/reports/overview.lua --db " .. q(dir .. "/dup.db"))
  t.ok(not out:find("same text", 1, true), out)
end)

os.execute("rm -rf " .. q(dir))
t.done()
