-- The demo: what assay stored after `assay run`, as a table.
--   ./assay examples/demo.lua demo.db
local db = require "assay.db"
local text = require "assay.text"

local path = arg[1] or "demo.db"
local d = assert(db.open(path, { readonly = true, create = false }))

local function pad (s, w)                 -- pad to w terminal columns (CJK = 2)
  s = tostring(s)
  return s .. string.rep(" ", math.max(0, w - text.width(s)))
end

print(pad("document", 22) .. pad("kind", 12) .. pad("surface", 14) .. pad("value", 12) .. "qualifier")
for f in d:rows([[SELECT d.name, f.kind, f.surface, f.value, f.qualifier
                  FROM facts f JOIN docs d ON d.id = f.doc_id ORDER BY f.id]]) do
  print(pad(f.name, 22) .. pad(f.kind, 12) .. pad(f.surface, 14) .. pad(f.value, 12) .. (f.qualifier or ""))
end
print()
for r in d:rows([[SELECT kind, unit, qualifier, count(*) AS n, sum(value) AS total FROM facts
                  GROUP BY kind, unit, qualifier ORDER BY kind, qualifier]]) do
  print(string.format("%-12s %-9s %3d facts, sum %s %s", r.kind, r.qualifier or "", r.n,
        math.tointeger(r.total) or r.total, r.unit or ""))
end
d:close()
