-- Regex scan through assay.re (issue: within 1.5x of the raw PCRE2 JIT
-- loop of ../shared/bench/limits/pcre2_scan): count the matches of the T2
-- money pattern over every document of a corpus folder, and print the scan
-- time alone (documents already in memory) the way pcre2_scan does.
--   assay scripts/bench/scan.lua CORPUS_DIR
local re = require "assay.re"
local host = require "assay.host"

local dir = assert(arg[1], "usage: assay scripts/bench/scan.lua CORPUS_DIR")
local docs, bytes = {}, 0
for _, e in ipairs(assert(host.dir(dir))) do
  if e.name:sub(-4) == ".txt" then
    local s = assert(host.readfile(dir .. "/" .. e.name))
    docs[#docs + 1] = s
    bytes = bytes + #s
  end
end
local rx = re.compile([[(\d+(?:\.\d+)?)(万|亿)?(多|余)?元]])
local best = math.huge
local n
for _ = 1, 3 do                       -- best of three, as the machine is shared
  local t0 = host.clock()
  n = 0
  for i = 1, #docs do
    for _ in rx:gfind(docs[i]) do n = n + 1 end
  end
  best = math.min(best, host.clock() - t0)
end
io.write(string.format("matches\t%d\nbytes\t%d\njit_scan_s\t%.4f\t%.0f MiB/s\n", n, bytes, best,
                       bytes / 1048576 / best))
