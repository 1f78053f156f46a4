-- Benchmark task T1 (../shared/bench/README.md) as a plain assay script:
-- count the lines containing 扶贫 over a corpus folder, with assay.re.
--   assay scripts/bench/t1.lua CORPUS_DIR
local re = require "assay.re"
local host = require "assay.host"

local dir = assert(arg[1], "usage: assay scripts/bench/t1.lua CORPUS_DIR")
local rx = re.compile("扶贫")
local lines = 0
for _, e in ipairs(assert(host.dir(dir))) do
  if e.name:sub(-4) == ".txt" then
    local f = assert(io.open(dir .. "/" .. e.name, "rb"))
    local s = f:read("a")
    f:close()
    local pos = 1
    while true do
      local a = rx:find(s, pos)
      if not a then break end
      lines = lines + 1
      local nl = s:find("\n", a, true)       -- one count per line: go to the next one
      if not nl then break end
      pos = nl + 1
    end
  end
end
io.write("lines\t", lines, "\n")
