-- The fupin pack on a page that comes as one line (a scraped page whose
-- body has no line break): the same facts as the same text in lines, within
-- the default instruction budget of `assay run` (docs/rules.md).  Before,
-- the figure rule looked for a place from the paragraph's start for every
-- figure (the whole body, on one line) and the article rule scanned the
-- text again for every county a village was written after: both grew with
-- the square of the text, and a 300 KB page ran past the budget with no
-- facts at all.  Instruction budgets are deterministic: no timing here.
-- (Lua only, and two runs of up to 200 M instructions each: too slow under
-- valgrind; the plain and asan runs cover it.)
-- test: no-valgrind
local t = require "assay.testing"
local rules = require "assay.rules"
local engine = require "assay.engine"

local PACK = os.getenv("FUPIN_PACK") or "scripts/fupin"   -- (another copy of the pack, to compare)
local set = rules.load({ PACK })

-- a paragraph of our own, its figures varied by i: a county with a village
-- the gazetteer lacks written after it and named again alone, sentences
-- whose figures have no place of their own, a breakdown after 其中
local function paragraph (i)
  return ("%d月以来，会泽县大海乡青杠坪村把产业扶贫作为脱贫攻坚的主抓手。" ..
          "村里投入扶贫资金%d万元，新建蔬菜大棚%d个，带动贫困户%d户增收。" ..
          "青杠坪村的合作社吸纳贫困劳动力%d人务工，人均月收入达到%d元。" ..
          "驻村工作队组织技能培训%d期，参训群众%d人次。" ..
          "当年完成危房改造%d户，其中C级危房%d户、D级危房%d户。")
    :format(i % 12 + 1, 100 + i, 10 + i % 50, 200 + i, 30 + i % 70, 2000 + i, 3 + i % 9, 150 + i,
            40 + i, 10 + i, 30)
end

local function run (text)
  local items, errors = engine.process(set, { key = "page.txt", text = text, meta = {} },
                                       { instructions = 200000000 })
  local n, rows = 0, {}
  for _, f in ipairs(engine.expand(items, text)) do
    if f.kind ~= "article" then
      n = n + 1
      rows[#rows + 1] = table.concat({ f.kind, tostring(f.region), tostring(f.period), tostring(f.value),
                                       tostring(f.unit) }, "|")
    end
  end
  table.sort(rows)
  return n, errors, rows
end

t.test("a 300 KB page on one line gives the facts of its lines, within the budget", function ()
  local ps = {}
  local size = 0
  while size < 300000 do
    ps[#ps + 1] = paragraph(#ps + 1)
    size = size + #ps[#ps]
  end
  local head = "会泽县大海乡青杠坪村产业扶贫见成效\n"
  local lines = head .. table.concat(ps, "\n") .. "\n"
  local one = head .. table.concat(ps) .. "\n"
  local n1, e1, rows1 = run(lines)
  local n2, e2, rows2 = run(one)
  t.eq(#e1, 0, e1[1] and (e1[1].rule .. ": " .. e1[1].message))
  t.eq(#e2, 0, e2[1] and (e2[1].rule .. ": " .. e2[1].message))
  t.ok(n1 >= 8 * #ps, "the lines: about ten facts a paragraph, got " .. n1 .. " for " .. #ps)
  t.eq(n2, n1, "one line: as many facts as in lines")
  local diff = 0
  for i = 1, math.max(#rows1, #rows2) do if rows1[i] ~= rows2[i] then diff = diff + 1 end end
  t.eq(diff, 0, "the same kinds, regions, periods and values")
end)

t.test("a district the gazetteer lacks, named after its city in every paragraph: linear", function ()
  -- (each mention of the city scanned the rest of the text for the district
  -- again: 600 short paragraphs, 36 KB, ran past a budget five times this one)
  local ps = {}
  for i = 1, 600 do
    ps[i] = ("曲靖市青松湾区今年投入扶贫资金%d万元，帮扶贫困户%d户。"):format(10 + i, 3 + i)
  end
  local n, errors, rows = run(table.concat(ps, "\n") .. "\n")
  t.eq(#errors, 0, errors[1] and (errors[1].rule .. ": " .. errors[1].message))
  t.eq(n, 1200, "two facts a paragraph")
  t.ok(rows[1] and rows[1]:find("|青松湾区|", 1, true), rows[1])
end)

t.done()
