-- assay/tsv.lua: the evaluation scripts' common loop (scripts/quantities.lua,
-- scripts/dates.lua): mentions found in files, printed as TSV rows
-- `doc line ...` with doc the file's base name and line the 1-based line
-- (split on \n only) where the mention starts, as the gold sets count them.
--
--   tsv.mentions{ name = "quantities.lua", header = {...}, files = arg,
--                 find = function (text) -> mentions with .start,
--                 row = function (m) -> array of the columns after doc, line }
--
-- Files are read through assay.reader, as `assay run` reads them: any
-- encoding (GBK, Big5, UTF-16 ...) is decoded to UTF-8, an HTML page gives
-- its text (no <script>, <style> or tags), a JSONL or CSV file gives one
-- document per record (doc is then the record's id).  Lines are those of
-- the decoded text, which for a UTF-8 .txt file is the file itself.
-- An unreadable file is reported on stderr and makes the exit status 1; the
-- other files are still processed.  No files: usage on stderr, status 2.
local reader = require "assay.reader"

local M = {}

function M.mentions (o)
  if #o.files == 0 or o.files[1] == "-h" or o.files[1] == "--help" then
    io.stderr:write("usage: assay scripts/", o.name, " FILE...\n",
                    "  prints `", table.concat(o.header, " "), "` as TSV; files are read as `assay run` reads them\n")
    os.exit(#o.files == 0 and 2 or 0)
  end
  local out = { table.concat(o.header, "\t") .. "\n" }
  local status = 0
  local function skip (path, why)
    io.stderr:write(o.name, ": cannot read ", tostring(path), ": ", tostring(why), "\n")
    status = 1
  end
  local function on_doc (d)
    local text = d.text
    local line, pos = 1, 1
    for _, m in ipairs(o.find(text)) do
      while true do                               -- mentions come in text order
        local nl = text:find("\n", pos, true)
        if not nl or nl >= m.start then break end
        line = line + 1
        pos = nl + 1
      end
      out[#out + 1] = d.name .. "\t" .. line .. "\t" .. table.concat(o.row(m), "\t") .. "\n"
      if #out > 4096 then io.stdout:write(table.concat(out)); out = {} end
    end
  end
  for _, path in ipairs(o.files) do
    local n, err = reader.each(path, {}, on_doc, skip)
    if not n then skip(path, err) end
  end
  io.stdout:write(table.concat(out))
  io.stdout:flush()
  os.exit(status)
end

return M
