-- assay show: a stored fact in its sentence, with provenance.
local text = require "assay.text"

local M = {}

M.help = [[
usage: assay show [OPTIONS] FACT_ID...

Prints each fact with its document, line and sentence; the fact's span is
marked (bold on a terminal, between » and « otherwise).

options:
  --db FILE       database written by assay run (default: facts.db)
  --json          one JSON object per line on stdout: {"type":"fact","data":
                  {...}} with the fact's fields, path, key, line_number and
                  the byte span (start 0-based, end exclusive) in the text
  --color=WHEN    mark the span in colour: auto (a terminal), always, never
exit status: 0, 1 when a fact does not exist or the database cannot be
read, 2 on usage errors.]]

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
    if doc.hash == f.hash then return doc.text end          -- the key is relative to a root
  end
  return nil
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
    local ss, se = sentence_around(f.text, f.start, f.stop)
    r.sentence = { text = f.text:sub(ss, se), start = ss - 1, ["end"] = se }
  end
  return require("assay.json").encode({ type = "fact", data = r })
end

function M.format (d, id, color)
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
    local ss, se = sentence_around(f.text, f.start, f.stop)
    local sent = M.mark(f.text:sub(ss, se), f.start - ss + 1, f.stop - ss + 1, color)
    add("sentence", text.trim(sent))
  else
    add("document", where(f))
    add("surface", f.surface)
  end
  return table.concat(out, "\n")
end

function M.main (...)
  local args = { ... }
  local cmd = require "assay.cmd"
  local path, ids, as_json, color_mode = "facts.db", {}, false, nil
  local i = 1
  while i <= #args do
    local a = args[i]
    local okc, mode = pcall(cmd.color_option, a)
    if not okc then io.stderr:write("assay show: ", mode.usage, "\n"); return 2 end
    if mode then color_mode = mode
    elseif a == "--json" then as_json = true
    elseif a == "--db" then i = i + 1; path = args[i]
      if not path then io.stderr:write("assay show: option --db needs a value\n"); return 2 end
    elseif a:match("^%-%-db=") then path = a:sub(6)
    elseif math.tointeger(tonumber(a)) then ids[#ids + 1] = math.tointeger(tonumber(a))
    else io.stderr:write("assay show: not a fact id: '", a, "'\n"); return 2 end
    i = i + 1
  end
  if #ids == 0 then io.stderr:write("assay show: no fact id given (assay show FACT_ID)\n"); return 2 end
  local d, err = require("assay.cmd").open_facts(path, { readonly = true, create = false })
  if not d then io.stderr:write("assay show: ", err, "\n"); return 1 end
  local color = cmd.color(color_mode, 1)
  local status = 0
  for n, id in ipairs(ids) do
    local s, ferr
    if as_json then s, ferr = M.json(d, id) else s, ferr = M.format(d, id, color) end
    if s then
      if n > 1 and not as_json then io.write("\n") end
      io.write(as_json and s or text.printable(s, true), "\n")      -- a document's escape codes, escaped
    else
      io.stderr:write("assay show: ", ferr, "\n")
      status = 1
    end
  end
  d:close()
  return status
end

return M
