-- scripts/dates.lua FILE...: every date and clock time in the files as TSV
--   doc  line  surface  value
-- doc is the file's base name, line is 1-based (split on \n only), surface
-- the exact text, value in the gold's ISO-like shapes (2019, 2016/2020,
-- 2017-12, --06, --12-09, T19:00, --Q2, ...), as in the gold set
-- (shared/gold/README.md).  An unreadable file is reported on stderr and makes
-- the exit status 1; the other files are still processed.
local cn = require "assay.cn"

local out = { "doc\tline\tsurface\tvalue\n" }
local status = 0

local function base (path) return (path:match("([^/]*)$")) end

local function read (path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local data, rerr = f:read("a")
  f:close()
  if not data then return nil, path .. ": " .. tostring(rerr) end
  return data
end

if #arg == 0 then
  io.stderr:write("usage: assay scripts/dates.lua FILE...\n")
  os.exit(2)
end

for _, path in ipairs(arg) do
  local text, err = read(path)
  if not text then
    io.stderr:write("dates.lua: cannot read ", tostring(err), "\n")
    status = 1
  else
    local doc = base(path)
    local line, pos = 1, 1
    for _, m in ipairs(cn.dates(text)) do
      while true do
        local nl = text:find("\n", pos, true)
        if not nl or nl >= m.start then break end
        line = line + 1
        pos = nl + 1
      end
      out[#out + 1] = table.concat({ doc, line, m.surface, m.value }, "\t") .. "\n"
      if #out > 4096 then io.stdout:write(table.concat(out)); out = {} end
    end
  end
end
io.stdout:write(table.concat(out))
io.stdout:flush()
os.exit(status)
