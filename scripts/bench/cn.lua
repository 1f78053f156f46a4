-- cn.quantities over a corpus folder (issue: faster than the T2 peer in
-- Python, which does far less): read every document, extract every
-- quantity, print the count and the time of the extraction alone.
--   assay scripts/bench/cn.lua CORPUS_DIR
local cn = require "assay.cn"
local host = require "assay.host"

local dir = assert(arg[1], "usage: assay scripts/bench/cn.lua CORPUS_DIR")
local t0 = host.clock()
local n, bytes, busy = 0, 0, 0
for _, e in ipairs(assert(host.dir(dir))) do
  if e.name:sub(-4) == ".txt" then
    local s = assert(host.readfile(dir .. "/" .. e.name))
    bytes = bytes + #s
    local c = host.clock()
    n = n + #cn.quantities(s)
    busy = busy + (host.clock() - c)
  end
end
local total = host.clock() - t0
io.write(string.format("quantities\t%d\nbytes\t%d\nextract_s\t%.3f\t%.1f MiB/s\ntotal_s\t%.3f\n",
                       n, bytes, busy, bytes / 1048576 / busy, total))
