-- Overview: one row per article (per document when the database has no
-- articles table): title, date, source, reporters, main region, whether it
-- is about poverty alleviation, and how many facts the rules found in it.
--   ./assay report scripts/reports/overview.lua --db facts.db [--format md|csv|json|html]
local R = require "assay.report"
local data = R.data(db)

-- the region named by most of an article's facts (ties: the first named)
local function main_region (a)
  if a.region then return a.region end
  local n, first, best = {}, {}, nil
  for i, f in ipairs(a.facts) do
    if f.region and f.region ~= "" and f.kind ~= "slogan" then
      n[f.region] = (n[f.region] or 0) + 1
      first[f.region] = first[f.region] or i
      if not best or n[f.region] > n[best] or (n[f.region] == n[best] and first[f.region] < first[best]) then
        best = f.region
      end
    end
  end
  return best
end

local rows, boiler, inferred = {}, 0, false
for _, a in ipairs(data.articles) do
  if a.boilerplate then
    boiler = boiler + 1
  else
    local figures = {}
    for _, f in ipairs(a.facts) do if R.is_figure(f) then figures[#figures + 1] = f end end
    local poverty
    if a.poverty == true then poverty = "yes"
    elseif a.poverty == false then poverty = "no"
    else poverty = #figures > 0 and "(yes)" or "(no)"; inferred = true end
    local many = #a.doc.articles > 1
    rows[#rows + 1] = {
      document = a.doc.label .. (many and ("#" .. a.seq) or ""),
      title = a.title or "", date = a.date or a.doc.date or "", source = a.source or a.doc.source or "",
      reporters = table.concat(a.authors or {}, " "),
      region = main_region(a) or "",
      poverty = poverty,
      facts = { text = #figures, v = #figures, facts = R.ids(figures) },
    }
  end
end

report:heading("Articles")
report:table{
  columns = { "document", "title", "date", "source", "reporters", { key = "region", title = "main region" },
              "poverty", "facts" },
  rows = rows, align = { facts = "right" },
}
local notes = {}
notes[#notes + 1] = string.format("%d documents, %d articles%s, %d facts.", #data.docs, #rows,
  boiler > 0 and string.format(" (and %d boilerplate parts left out)", boiler) or "", #data.facts)
if data.dups > 0 then
  notes[#notes + 1] = string.format("%d documents with the same text as another left out (docs.dup_of).", data.dups)
end
if inferred then
  notes[#notes + 1] = "poverty in parentheses: not stated by the rules, guessed from whether any figure was found."
end
report:text(table.concat(notes, " "))
