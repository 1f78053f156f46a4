-- assay/provenance.lua: a stored fact in its sentence (what `assay show`
-- prints, what the reports and the REPL link to).
--
--   provenance.sentence_around(s, a, b) -> start, stop: the sentence of s
--       holding byte a (through b), else the line
--   provenance.mark(s, a, b [, color]) -> s with bytes a..b marked: bold red
--       when color, else between » and «
--   provenance.fact(d, id [, color]) -> the fact's lines (rule, kind, value,
--       ..., document:line, surface, marked sentence) | nil, "no fact with id N"
local text = require "assay.text"

local M = {}

function M.sentence_around (s, a, b)
  for ss, se in text.sentences(s) do
    if se >= a and ss <= a then return ss, math.max(se, b) end
    if ss > b then break end
  end
  local _, ls, le = text.lineno(s, a)
  return ls, math.max(le, b)
end

function M.mark (s, a, b, color)
  local open, close = "»", "«"
  if color then open, close = "\27[1;31m", "\27[0m" end
  return s:sub(1, a - 1) .. open .. s:sub(a, b) .. close .. s:sub(b + 1)
end

-- The text of a document stored with --no-text: read the file again, when
-- it is still there and unchanged.
local function reread (f)
  local reader = require "assay.reader"
  local docs = reader.read(f.path)
  for _, doc in ipairs(docs or {}) do
    if doc.key == f.key and doc.hash == f.hash then return doc.text end
  end
  return nil
end

function M.fact (d, id, color)
  local f = d:one([[SELECT f.*, docs.path AS path, docs.key AS key, docs.text AS text, docs.hash AS hash,
                    docs.bytes AS bytes FROM facts f JOIN docs ON docs.id = f.doc_id WHERE f.id = ?]], id)
  if not f then return nil, "no fact with id " .. tostring(id) end
  if f.text == "" and f.bytes > 0 then
    f.text = reread(f) or ""
    if f.text == "" then f.note = "(text not stored and the file changed or is gone)" end
  end
  local out = {}
  local function add (k, v) if v ~= nil then out[#out + 1] = string.format("%-10s %s", k, tostring(v)) end end
  add("fact", f.id)
  add("rule", f.rule); add("kind", f.kind); add("value", f.value); add("unit", f.unit)
  add("qualifier", f.qualifier); add("region", f.region); add("period", f.period)
  add("extra", f.extra)
  add("note", f.note)
  if f.start and f.stop and f.stop >= f.start - 1 and f.stop <= #f.text then
    local line = text.lineno(f.text, f.start)
    add("document", f.key .. ":" .. line .. " (bytes " .. f.start .. "-" .. f.stop .. ")")
    add("surface", f.surface)
    local ss, se = M.sentence_around(f.text, f.start, f.stop)
    local sent = M.mark(f.text:sub(ss, se), f.start - ss + 1, f.stop - ss + 1, color)
    add("sentence", text.trim(sent))
  else
    add("document", f.key)
    add("surface", f.surface)
  end
  return table.concat(out, "\n")
end

return M
