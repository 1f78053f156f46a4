-- assay show: a stored fact in its sentence, with provenance.
local db = require "assay.db"
local text = require "assay.text"

local M = {}

M.help = [[
usage: assay show [--db FILE] FACT_ID...

Prints each fact with its document, line and sentence; the fact's span is
marked (bold on a terminal, between » and « otherwise).

options:
  --db FILE   database written by assay run (default: facts.db)]]

-- The sentence around byte span [a, b] of s (sentence spans from assay.text).
local function sentence_around (s, a, b)
  for ss, se in text.sentences(s) do
    if se >= a and ss <= a then return ss, math.max(se, b) end
    if ss > b then break end
  end
  local _, ls, le = text.lineno(s, a)
  return ls, math.max(le, b)
end
M.sentence_around = sentence_around

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

function M.format (d, id, color)
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
    local ss, se = sentence_around(f.text, f.start, f.stop)
    local sent = M.mark(f.text:sub(ss, se), f.start - ss + 1, f.stop - ss + 1, color)
    add("sentence", text.trim(sent))
  else
    add("document", f.key)
    add("surface", f.surface)
  end
  return table.concat(out, "\n")
end

function M.main (...)
  local args = { ... }
  local path, ids = "facts.db", {}
  local i = 1
  while i <= #args do
    local a = args[i]
    if a == "--db" then i = i + 1; path = args[i]
      if not path then io.stderr:write("assay show: option --db needs a value\n"); return 2 end
    elseif a:match("^%-%-db=") then path = a:sub(6)
    elseif math.tointeger(tonumber(a)) then ids[#ids + 1] = math.tointeger(tonumber(a))
    else io.stderr:write("assay show: not a fact id: '", a, "'\n"); return 2 end
    i = i + 1
  end
  if #ids == 0 then io.stderr:write("assay show: no fact id given (assay show FACT_ID)\n"); return 2 end
  local d, err = db.open(path, { readonly = true, create = false })
  if not d then io.stderr:write("assay show: ", err, "\n"); return 1 end
  local color = require("assay.host").isatty(1) and not os.getenv("NO_COLOR") and os.getenv("TERM") ~= "dumb"
  local status = 0
  for n, id in ipairs(ids) do
    local s, ferr = M.format(d, id, color)
    if s then
      if n > 1 then io.write("\n") end
      io.write(text.printable(s, true), "\n")      -- a document's escape codes, escaped
    else
      io.stderr:write("assay show: ", ferr, "\n")
      status = 1
    end
  end
  d:close()
  return status
end

return M
