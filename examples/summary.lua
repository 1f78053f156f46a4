-- An example report: facts per document and kind.
--   ./assay report examples/summary.lua --db build/demo.db [--format md|csv|json]
report:heading("Facts by document and kind")
local rows = {}
for r in db:rows([[SELECT d.name AS document, f.kind, f.qualifier, count(*) AS facts, sum(f.value) AS total, f.unit
                   FROM facts f JOIN docs d ON d.id = f.doc_id
                   GROUP BY d.name, f.kind, f.qualifier ORDER BY d.name, f.kind]]) do
  rows[#rows + 1] = r
end
report:table{ columns = { "document", "kind", "qualifier", "facts", "total", "unit" }, rows = rows }
report:text("Figures qualified min (多/余/以上) are lower bounds: they are not added to exact figures.")
