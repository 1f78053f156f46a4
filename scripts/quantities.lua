-- scripts/quantities.lua FILE...: every quantity in the files as TSV
--   doc  line  surface  value  unit  qualifier
-- doc is the file's base name, line is 1-based (split on \n only), surface
-- the exact text, value a plain decimal (ranges low-high), as in the gold set
-- (shared/gold/README.md).  An unreadable file is reported on stderr and makes
-- the exit status 1; the other files are still processed.
local cn = require "assay.cn"

local out = { "doc\tline\tsurface\tvalue\tunit\tqualifier\n" }
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
  io.stderr:write("usage: assay scripts/quantities.lua FILE...\n")
  os.exit(2)
end

for _, path in ipairs(arg) do
  local text, err = read(path)
  if not text then
    io.stderr:write("quantities.lua: cannot read ", tostring(err), "\n")
    status = 1
  else
    local doc = base(path)
    local line, pos = 1, 1
    for _, m in ipairs(cn.quantities(text)) do
      while true do
        local nl = text:find("\n", pos, true)
        if not nl or nl >= m.start then break end
        line = line + 1
        pos = nl + 1
      end
      local value = m.high and (cn.format(m.low) .. "-" .. cn.format(m.high)) or cn.format(m.value)
      out[#out + 1] = table.concat({ doc, line, m.surface, value, m.unit, m.qualifier }, "\t") .. "\n"
      if #out > 4096 then io.stdout:write(table.concat(out)); out = {} end
    end
  end
end
io.stdout:write(table.concat(out))
io.stdout:flush()
os.exit(status)
