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

-- A table as wide as the region report's: figure lists with their marks,
-- CJK names, a long sentence, numbers.  A report script, so that assay
-- report can run it too; it returns its rows and columns for the checks.
local WIDE = [==[
report:heading("各地指标")
local rows = {
  { region = "青石县", within = "云岭市", funds = "12.4亿元 [2016/2020]; 3.5亿元 [2016/2020] ⊂; 8600万元 ⊂",
    income = "≥ 9600元*; 11.5% [2019]*", households = "2380户", persons = "1.26万人", jobs = "≥ 1500人; 320个 [2020]",
    projects = "186个 (sum of 3)", villages = "42个", housing = "5600人 =", education = "38000人次",
    health = "≤ 8%*", training = "46期; 2300人次", other = "≈ 1200亩; 36公里; 27家", n = 21 },
  { region = "白沙河镇花园村", within = "青石县", funds = "450万元", income = "≥ 12000元*",
    other = "村里通过发展食用菌产业带动128户脱贫，人均年收入由3200元增加到9800元以上", n = 3 },
  { region = "云岭市", within = "", funds = "56.65亿元; 5.97亿元 ⊂", persons = "18.3万人", n = 2 },
}
local cols = { "region", { key = "within", title = "in" } }
for _, k in ipairs({ "funds", "income", "households", "persons", "jobs", "projects", "villages", "housing",
                     "education", "health", "training", "other" }) do cols[#cols + 1] = k end
cols[#cols + 1] = { key = "n", title = "facts" }
report:table{ columns = cols, rows = rows }
report:text("多/余/以上为下限；同一文件同一地区同类同单位同期的数字才相加。")
return rows, cols
]==]
local function wide ()
  local r = report.new({ title = "w" })
  local rows, cols = assert(load(WIDE, "=wide", "t", setmetatable({ report = r }, { __index = _G })))()
  return r, rows, cols
end
local text = require "assay.text"
local function lines_of (s)
  local ls = {}
  for l in s:gmatch("([^\n]*)\n") do ls[#ls + 1] = l end
  return ls
end
local function widest (s)
  local m = 0
  for _, l in ipairs(lines_of(s)) do m = math.max(m, text.width(l)) end
  return m
end
-- every figure of every cell ("; " between them) whole on one line, and
-- every cell's text in the output once the breaks and padding are gone
local function all_there (out, rows, cols, glued)
  local ls = lines_of(out)
  local flat = out:gsub("%s", "")
  for _, row in ipairs(rows) do
    for _, c in ipairs(cols) do
      local v = report.cell(row[type(c) == "table" and c.key or c])
      for fig in (v .. "; "):gmatch("(.-); ") do
        if not fig:find("，", 1, true) then
          local found = false
          for _, l in ipairs(ls) do if l:find(fig, 1, true) then found = true end end
          t.ok(found, "figure cut: " .. fig)
        end
      end
      if glued then t.ok(flat:find(v:gsub("%s", ""), 1, true), "cell text missing: " .. v) end
    end
  end
end

t.test("a table wider than the width: expanded at 80, no line wider, every figure whole", function ()
  local r, rows, cols = wide()
  local plain = report.render(r, "table")
  t.ok(widest(plain) > 200, "the sample is wide")
  local out = report.render(r, "table", { width = 80 })
  t.ok(widest(out) <= 80, "widest line " .. widest(out))
  all_there(out, rows, cols, true)
  -- each row a block under its first cell; empty cells left out; names aligned
  t.ok(out:find("\n青石县\n  in          云岭市\n  funds       12.4亿元 [2016/2020]; 3.5亿元 [2016/2020] ⊂; 8600万元 ⊂\n", 1, true), out)
  t.ok(out:find("\n云岭市\n  funds       56.65亿元; 5.97亿元 ⊂\n  persons     18.3万人\n  facts       2\n", 1, true), out)
  -- a long value wraps beside its name, between Chinese characters, not in 3200元 or 9800元
  t.ok(out:find("\n  other       村里通过发展", 1, true), out)
  t.ok(out:find("\n              [^ ]", 1) ~= nil, "continuation under the value")
  -- the text block is wrapped too; the report's other blocks are there
  t.ok(out:find("各地指标\n--------", 1, true))
end)

t.test("a table that can be narrowed: wrapped in its columns, aligned in display columns", function ()
  local r = report.new()
  local rows = {
    { doc = "a.txt", title = "青石县五年来累计投入财政专项扶贫资金12.4亿元，实施产业项目186个", date = "2020-11-05", n = 12 },
    { doc = "b.txt", title = "花园村食用菌产业带动128户脱贫", date = "2019-03-12", n = 3 },
  }
  r:table{ columns = { "doc", "title", "date", "n" }, rows = rows }
  local out = report.render(r, "table", { width = 60 })
  t.ok(widest(out) <= 60, out)
  local ls = lines_of(out)
  t.ok(#ls > 4, "the first title wraps: " .. out)
  -- the date column starts at one display column on every line that has one
  local at
  for _, l in ipairs(ls) do
    local pre = l:match("^(.-)%d%d%d%d%-%d%d%-%d%d")
    if pre then at = at or text.width(pre); t.eq(text.width(pre), at, l) end
  end
  t.ok(at, out)
  t.ok(out:find("12.4亿元", 1, true), "a figure is never cut: " .. out)
  all_there(out, rows, { "doc", "title", "date", "n" })
  -- forced: the same table wrapped although it fits 200, and expanded
  local forced = report.render(r, "table", { width = 60, layout = "wrap" })
  t.eq(forced, out)
  local x = report.render(r, "table", { width = 200, layout = "expanded" })
  t.ok(x:find("^a%.txt\n  title  青石县"), x)
end)

t.test("wrapped: a figure list's lines flush left in a right-aligned cell, the first column whole", function ()
  local r = report.new()
  local rows = {
    { region = "白沙河镇花园村委会", a = { text = "11000人; ≥ 600人; 36000人次; 4200万元 [2020]; 15.6亿元 ⊂", v = 11000 }, b = "青石县", c = "云岭市",
      d = "村集体经济收入年均增长百分之十二以上，带动周边农户发展特色种植", e = 3 },
    { region = "青石县", a = { text = "2380户", v = 2380 }, b = "", c = "", d = "", e = 12 },
  }
  r:table{ columns = { "region", "a", "b", "c", "d", "e" }, rows = rows }
  local out = report.render(r, "table", { width = 100 })
  t.ok(widest(out) <= 100, out)
  t.ok(out:find("\n白沙河镇花园村委会  ", 1, true), "the first column is not wrapped: " .. out)
  local at = {}
  for _, f in ipairs({ "11000人;", "4200万元 [2020];" }) do   -- the cell's two lines start together
    for _, l in ipairs(lines_of(out)) do
      local pre = l:match("^(.-)" .. f:gsub("[%-%.%+%[%]%(%)%$%^%%%?%*]", "%%%0"))
      if pre then at[#at + 1] = text.width(pre) end
    end
  end
  t.eq(#at, 2, out); t.eq(at[1], at[2], out)
  -- expanded: a row whose first cell is empty is headed by the column's name; a chart line wraps
  local x = report.new()
  x:table{ columns = { "region", "n" }, rows = { { region = "", n = 1 } } }
  x:chart{ type = "bar", title = string.rep("各地扶贫资金", 12), series = {} }
  local xo = report.render(x, "table", { width = 40, layout = "expanded" })
  t.ok(xo:find("^%(region empty%)\n  n  1\n"), xo)
  t.ok(widest(xo) <= 40, xo)
end)

t.test("odd cells: a run with no break, bad UTF-8, controls, brackets that never close", function ()
  local r = report.new()
  r:table{ columns = { "a", "b", "c" }, rows = {
    { a = string.rep("x", 3000), b = "\xff\xfe 坏 \x01\x02 字", c = string.rep("(", 300) .. string.rep("中", 200) },
    { a = "", b = string.rep("[", 50) .. " a b ] ] ]", c = 1e300 },
    { a = "   ", b = "e\u{301}\u{301} 组合", c = string.rep("≥ ", 100) },
  } }
  for _, o in ipairs({ { width = 20 }, { width = 80 }, { width = 80, layout = "wrap" }, { width = 80, layout = "expanded" } }) do
    local out = report.render(r, "table", o)
    t.ok(widest(out) <= o.width, (o.layout or "auto") .. " " .. o.width .. ": " .. widest(out))
    local _, xs = out:gsub("x", "")
    t.eq(xs, 3000, "the long run is cut, not lost")
  end
end)

t.test("a table that fits, and every table without a width, are as before", function ()
  local r = sample()
  t.eq(report.render(r, "table", { width = 80 }), report.render(r, "table"))
  t.eq(report.render(r, "table", { width = 80, layout = "auto" }), report.render(r, "table"))
  local w = wide()
  t.eq(report.render(w, "table", { width = 80, layout = "wide" }), report.render(w, "table"))
  t.eq(report.render(w, "table", {}), report.render(w, "table"))
  -- the other formats take no notice of a width
  for _, f in ipairs({ "md", "csv", "json" }) do
    t.eq(report.render(w, f, { width = 80, layout = "expanded" }), report.render(w, f), f)
  end
end)

t.test("wrapping never cuts a figure from its qualifier or marks", function ()
  local function pieces (s, w) return table.concat(report.wrap(s, w), "|") end
  t.eq(pieces("78.6亿元; 3.2亿元 ⊂; 1.26亿元 ⊂", 12), "78.6亿元;|3.2亿元 ⊂;|1.26亿元 ⊂")
  t.eq(pieces("≥ 860万元; ≈ 12.5%; 8000元 [2020]*; 5600人 =", 20), "≥ 860万元; ≈ 12.5%;|8000元 [2020]*;|5600人 =")
  t.eq(pieces("38个 + 15个", 4), "38个|+|15个")   -- only when it cannot be helped: wider than the width
  t.eq(pieces("全县582.4万人脱贫，88县摘帽", 10), "全县|582.4万人|脱贫，88县|摘帽")
  t.eq(pieces("186个 (sum of 3)", 10), "186个 (sum|of 3)")
  t.eq(pieces("", 10), "")
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

t.test("assay report: fitted on a terminal, as before on a pipe, --layout / -x / --width force", function ()
  local dir = t.tmpdir()
  local _, code = sh(bin .. " run -q --db " .. q(dir .. "/f.db") .. " examples/rules -- examples/corpus")
  t.eq(code, 0)
  local script = dir .. "/wide.lua"
  t.write(script, WIDE)
  local base = bin .. " report " .. q(script) .. " --db " .. q(dir .. "/f.db")
  local plain = report.render((wide()), "table")
  -- a pipe gets today's lines, whatever COLUMNS says
  local out, c, err = sh(base)
  t.eq(c, 0, err); t.eq(out, plain)
  out = sh("COLUMNS=80 " .. base); t.eq(out, plain)
  -- --width fits the table to it, on a pipe too
  out, c = sh(base .. " --width 80")
  t.eq(c, 0); t.eq(out, report.render((wide()), "table", { width = 80 }))
  t.ok(widest(out) <= 80 and out:find("\n青石县\n  in          云岭市\n", 1, true), out)
  -- forced layouts: expanded at COLUMNS (or 80), wrap, wide
  out = sh("COLUMNS=100 " .. base .. " -x")
  t.eq(out, report.render((wide()), "table", { width = 100, layout = "expanded" }))
  t.eq(sh(base .. " --layout expanded"), report.render((wide()), "table", { width = 80, layout = "expanded" }))
  out = sh(base .. " --layout wrap --width 250")
  t.ok(widest(out) <= 250 and #lines_of(out) > #lines_of(plain), out)
  t.eq(sh(base .. " --layout wide --width 80"), plain)
  t.eq(sh(base .. " --layout auto"), plain)
  -- the other formats are not shaped
  local _, c2, err2 = sh(base .. " --format csv --layout wrap")
  t.eq(c2, 2); t.ok(err2:find("--layout shapes the table format, not csv", 1, true), err2)
  _, c2, err2 = sh(base .. " --layout tall")
  t.eq(c2, 2); t.ok(err2:find("unknown layout 'tall' (auto, wide, wrap, expanded)", 1, true), err2)
  for _, bad in ipairs({ "12", "80x", "-3" }) do
    _, c2, err2 = sh(base .. " --width " .. bad)
    t.eq(c2, 2, bad); t.ok(err2:find("--width needs a number of columns, at least 20, not '" .. bad .. "'", 1, true), err2)
  end
  _, c2, err2 = sh(base .. " --width")
  t.eq(c2, 2); t.ok(err2:find("option --width needs a value", 1, true), err2)
  local help = sh(bin .. " report --help")
  t.ok(help:find("--layout LAYOUT", 1, true) and help:find("-x, --expanded", 1, true) and help:find("--width N", 1, true), help)
  -- a terminal: its width (COLUMNS unset), or COLUMNS
  if os.execute("command -v script >/dev/null 2>&1") then
    local function tty (cols, env)
      local o = sh((env or "env -u COLUMNS") .. " script -qec " .. q("stty cols " .. cols .. "; " .. base) .. " /dev/null")
      return (o:gsub("\r\n", "\n"))
    end
    t.eq(tty(120), report.render((wide()), "table", { width = 120 }))
    t.ok(widest(tty(120)) <= 120)
    t.eq(tty(500), plain)
    t.eq(tty(500, "COLUMNS=90"), report.render((wide()), "table", { width = 90 }))
  else
    t.skip("no script(1): the terminal case is not run")
  end
  os.execute("rm -rf " .. q(dir))
end)

t.done()
