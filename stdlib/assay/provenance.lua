-- assay/provenance.lua: a stored fact in its sentence (what `assay show`
-- prints, what the reports and the REPL link to).
--
--   provenance.sentence_around(s, a, b) -> start, stop: the sentence of s
--       holding byte a (through b), else the line
--   provenance.mark(s, a, b [, color]) -> s with bytes a..b marked: bold red
--       when color, else between » and «
--   provenance.fact(d, id [, color]) -> the fact's lines (rule, kind, value,
--       ..., document:line, surface, marked sentence) | nil, "no fact with id N"
--   provenance.json(d, id) -> the fact as one JSON Lines record (byte offsets
--       into the document's text) | nil, "no fact with id N"
--   provenance.doc_text(d, id) -> a document's text (read again with --no-text)
local text = require "assay.text"

local M = {}

-- The sentence around byte span [a, b] of s (sentence spans from assay.text);
-- a span past the end of s (a text not stored, a file gone) is its own sentence.
function M.sentence_around (s, a, b)
  if a > #s then return a, b end
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
    if doc.hash == f.hash then return doc.text end          -- the key is relative to a root
  end
  return nil
end

-- provenance.doc_text(d, id) -> the text of document id: docs.text, or the
-- file read again when the run did not store texts (--no-text) and it is
-- unchanged; "" when it is gone or changed
function M.doc_text (d, id)
  local r = d:one("SELECT text, path, hash, bytes FROM docs WHERE id = ?", id)
  if not r then return "" end
  if r.text == "" and r.bytes > 0 then return reread(r) or "" end
  return r.text
end

-- The document as a user finds it: the file it was read from (docs.path;
-- the key is relative to the corpus root), and a record's key after it.
local function where (f)
  if f.key:find("#", 1, true) then return f.path .. " " .. f.key end
  return f.path
end

-- The fact id with its document's path, key and text (nil, message when
-- there is none).
local function fetch (d, id)
  local f = d:one([[SELECT f.*, docs.path AS path, docs.key AS key, docs.text AS text, docs.hash AS hash,
                    docs.bytes AS bytes FROM facts f JOIN docs ON docs.id = f.doc_id WHERE f.id = ?]], id)
  if not f then return nil, "no fact with id " .. tostring(id) end
  if f.text == "" and f.bytes > 0 then
    f.text = reread(f) or ""
    if f.text == "" then f.note = "(text not stored and the file changed or is gone)" end
  end
  return f
end

-- The fact as a JSON Lines record (offsets in bytes of the document's text).
function M.json (d, id)
  local f, err = fetch(d, id)
  if not f then return nil, err end
  local r = { id = f.id, rule = f.rule, kind = f.kind, value = f.value, unit = f.unit,
              qualifier = f.qualifier, region = f.region, period = f.period, extra = f.extra,
              path = f.path, key = f.key, surface = f.surface, note = f.note }
  if f.start and f.stop and f.stop >= f.start - 1 and f.stop <= #f.text then
    r.line_number = text.lineno(f.text, f.start)
    r.start, r["end"] = f.start - 1, f.stop
    local ss, se = M.sentence_around(f.text, f.start, f.stop)
    r.sentence = { text = f.text:sub(ss, se), start = ss - 1, ["end"] = se }
  end
  return require("assay.json").encode({ type = "fact", data = r })
end

function M.fact (d, id, color)
  local f, err = fetch(d, id)
  if not f then return nil, err end
  local out = {}
  local function add (k, v) if v ~= nil then out[#out + 1] = string.format("%-10s %s", k, tostring(v)) end end
  add("fact", f.id)
  add("rule", f.rule); add("kind", f.kind); add("value", f.value); add("unit", f.unit)
  add("qualifier", f.qualifier); add("region", f.region); add("period", f.period)
  add("extra", f.extra)
  add("note", f.note)
  if f.start and f.stop and f.stop >= f.start - 1 and f.stop <= #f.text then
    local line = text.lineno(f.text, f.start)
    -- an HTML page's lines are those of its extracted text, not of the file
    -- (a docs table without meta, as a test's in-memory one, says nothing)
    local okm, meta = pcall(function ()
      return require("assay.json").decode(d:val("SELECT meta FROM docs WHERE id = ?", f.doc_id) or "")
    end)
    local html = okm and type(meta) == "table" and meta.format == "html"
    add("document", where(f) .. ":" .. line .. " (" .. (html and ("line " .. line .. " of the extracted text, ") or "") ..
        "bytes " .. f.start .. "-" .. f.stop .. ")")
    add("surface", f.surface)
    local ss, se = M.sentence_around(f.text, f.start, f.stop)
    local sent = M.mark(f.text:sub(ss, se), f.start - ss + 1, f.stop - ss + 1, color)
    add("sentence", text.trim(sent))
  else
    add("document", where(f))
    add("surface", f.surface)
  end
  return table.concat(out, "\n")
end

return M
