-- assay report and the report module's renderers.
-- test: no-valgrind
local t = require "assay.testing"
local report = require "assay.report"
local bin, sh, q = t.bin(), t.sh, t.q

local function sample ()
  local r = report.new({ title = "t" })
  r:heading("按地区汇总")
  r:table{ columns = { "region", "value", "note" }, rows = {
    { region = "滨州市", value = 1163000000, note = 'a|b, "c"' },
    { region = "聊城高新区", value = 12.5, note = "多行\n文本" },
  } }
  r:text("下限值不求和。")
  return r
end

t.test("terminal tables align CJK text by display width", function ()
  local out = report.render(sample(), "table")
  local lines = {}
  for l in out:gmatch("[^\n]*") do lines[#lines + 1] = l end
  -- header, rule, two rows: the value column ends at the same display column
  local text = require "assay.text"
  local row1 = out:match("滨州市[^\n]*"); local row2 = out:match("聊城高新区[^\n]*")
  local c1 = text.width(row1:match("^(.-1163000000)")); local c2 = text.width(row2:match("^(.-12%.5)"))
  t.eq(c1, c2, "numbers right-aligned in one column")
  t.ok(out:find("多行 文本", 1, true), "line breaks in cells flattened")
end)

t.test("markdown escapes pipes and right-aligns numbers", function ()
  local out = report.render(sample(), "md")
  t.ok(out:find("## 按地区汇总", 1, true))
  t.ok(out:find("|---|---:|---|", 1, true), out)
  t.ok(out:find('a\\|b, "c"', 1, true), out)
end)

t.test("csv quotes fields with commas, quotes and newlines", function ()
  local out = report.render(sample(), "csv")
  t.eq(out, 'region,value,note\r\n滨州市,1163000000,"a|b, ""c"""\r\n聊城高新区,12.5,"多行\n文本"\r\n')
end)

t.test("json keeps numbers as numbers", function ()
  local json = require "assay.json"
  local v = json.decode(report.render(sample(), "json"))
  t.eq(v.blocks[2].rows[1].value, 1163000000)
  t.eq(math.type(v.blocks[2].rows[1].value), "integer")
end)

t.test("bad uses raise with the function named", function ()
  local r = report.new()
  t.raises(function () r:table{} end, "report:table: needs")
  t.raises(function () r:heading(3) end, "report:heading")
  t.raises(function () report.render(r, "pdf") end, "unknown report format 'pdf'")
end)

t.test("the example pack (the README's rule): its examples pass, no 多/余/以上 amount is exact", function ()
  local out, code = sh(bin .. " test examples/rules")
  t.eq(code, 0, out)
  local dir = os.tmpname(); os.remove(dir); os.execute("mkdir -p " .. dir)
  local _, c2, err = sh(bin .. " run -q --db " .. q(dir .. "/f.db") .. " examples/rules -- examples/corpus")
  t.eq(c2, 0, err)
  local db = require("assay.db").open(dir .. "/f.db")
  -- an amount followed by 以上 in its text (3500元以上) was stored as an exact 3500
  t.eq(db:val([[SELECT group_concat(f.surface) FROM facts f JOIN docs d ON d.id = f.doc_id
                WHERE f.rule = 'money' AND f.qualifier <> 'min'
                AND (substr(CAST(d.text AS BLOB), f.stop + 1, 6) = CAST('以上' AS BLOB)
                     OR f.surface LIKE '%以上' OR f.surface LIKE '%多%' OR f.surface LIKE '%余%')]]), nil)
  t.ok(db:val("SELECT count(*) FROM facts WHERE rule = 'money' AND surface LIKE '%以上' AND qualifier = 'min'") >= 3)
  db:close()
  os.execute("rm -rf " .. q(dir))
end)

t.test("assay report runs a script over a database in every format", function ()
  local dir = os.tmpname(); os.remove(dir); os.execute("mkdir -p " .. dir)
  local _, code = sh("cd " .. q(dir) .. " && " .. bin .. " run -q --db f.db " .. q(os.getenv("PWD") .. "/examples/rules") ..
                     " -- " .. q(os.getenv("PWD") .. "/examples/corpus"))
  t.eq(code, 0)
  local out
  out, code = sh(bin .. " report examples/summary.lua --db " .. dir .. "/f.db")
  t.eq(code, 0); t.ok(out:find("gaoxin%-2020%.txt%s+money%s+min%s+1%s+8600000"), out)
  for _, f in ipairs({ "md", "csv", "json" }) do
    out, code = sh(bin .. " report examples/summary.lua --db " .. dir .. "/f.db --format " .. f)
    t.eq(code, 0, f); t.ok(#out > 50, f)
  end
  local _, code2, err = sh(bin .. " report examples/summary.lua --db " .. dir .. "/f.db -o " .. dir .. "/r.md")
  t.eq(code2, 0); t.ok(err:find("wrote", 1, true))
  local f = io.open(dir .. "/r.md"); local md = f:read("a"); f:close()
  t.ok(md:find("| document |", 1, true), md)
  _, code2, err = sh(bin .. " report examples/summary.lua --db " .. dir .. "/f.db --format pdf")
  t.eq(code2, 2); t.ok(err:find("unknown format 'pdf'", 1, true))
  -- an extension that names no format is not given the terminal table
  _, code2, err = sh(bin .. " report examples/summary.lua --db " .. dir .. "/f.db -o " .. dir .. "/r.xlsx")
  t.eq(code2, 2); t.ok(err:find("cannot tell a format from '.xlsx': give --format", 1, true), err)
  t.ok(not io.open(dir .. "/r.xlsx"), "nothing written")
  _, code2, err = sh(bin .. " report examples/summary.lua --db " .. dir .. "/f.db -o " .. dir .. "/r.xlsx --format csv")
  t.eq(code2, 0, err)
  _, code2, err = sh(bin .. " report examples/summary.lua --db /nonexistent.db")
  t.eq(code2, 1); t.ok(err:find("/nonexistent.db", 1, true), err)
  local bad = t.tmpfile("report:table(42)", ".lua")
  _, code2, err = sh(bin .. " report " .. bad .. " --db " .. dir .. "/f.db")
  t.eq(code2, 1); t.ok(err:find("report:table: needs", 1, true), err)
  os.remove(bad)
  -- a script's error: its message and its own frames, not assay's
  bad = t.tmpfile("local function f () local x; return x.y end\nf()\n", ".lua")
  _, code2, err = sh(bin .. " report " .. bad .. " --db " .. dir .. "/f.db")
  t.eq(code2, 1); t.ok(err:find(":1: attempt to index a nil value (local 'x')", 1, true), err)
  t.ok(err:find(":2: in main chunk", 1, true), err)
  t.ok(not err:find("xpcall", 1, true) and not err:find("assay.cmd", 1, true), err)
  _, code2 = sh(bin .. " report")
  t.eq(code2, 2)
  os.remove(bad)
  os.execute("rm -rf " .. dir)
end)

t.done()
