-- assay/tsv.lua: the evaluation scripts' common loop (scripts/quantities.lua,
-- scripts/dates.lua): mentions found in files, printed as TSV rows
-- `doc line ...` with doc the file's base name and line the 1-based line
-- (split on \n only) where the mention starts, as the gold sets count them.
--
--   tsv.mentions{ name = "quantities.lua", header = {...}, files = arg,
--                 find = function (text) -> mentions with .start,
--                 row = function (m) -> array of the columns after doc, line }
--
-- An unreadable file is reported on stderr and makes the exit status 1; the
-- other files are still processed.  No files: usage on stderr, status 2.
local M = {}

local function base (path) return (path:match("([^/]*)$")) end

local function read (path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local data, rerr = f:read("a")
  f:close()
  if not data then return nil, path .. ": " .. tostring(rerr) end
  return data
end

function M.mentions (o)
  if #o.files == 0 then
    io.stderr:write("usage: assay scripts/", o.name, " FILE...\n")
    os.exit(2)
  end
  local out = { table.concat(o.header, "\t") .. "\n" }
  local status = 0
  for _, path in ipairs(o.files) do
    local text, err = read(path)
    if not text then
      io.stderr:write(o.name, ": cannot read ", tostring(err), "\n")
      status = 1
    else
      local doc = base(path)
      local line, pos = 1, 1
      for _, m in ipairs(o.find(text)) do
        while true do                             -- mentions come in text order
          local nl = text:find("\n", pos, true)
          if not nl or nl >= m.start then break end
          line = line + 1
          pos = nl + 1
        end
        out[#out + 1] = doc .. "\t" .. line .. "\t" .. table.concat(o.row(m), "\t") .. "\n"
        if #out > 4096 then io.stdout:write(table.concat(out)); out = {} end
      end
    end
  end
  io.stdout:write(table.concat(out))
  io.stdout:flush()
  os.exit(status)
end

return M
