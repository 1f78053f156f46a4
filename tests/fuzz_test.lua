-- The fuzz targets (tests/fuzz/targets.lua) replayed on their seeds and on
-- every input `make fuzz` once found crashing (tests/fuzz/crashes/TARGET/):
-- a regression test for each, in the plain, ASan and valgrind runs.
local t = require "assay.testing"
local host = require "assay.host"
local T = dofile("tests/fuzz/targets.lua")

local function files (dir)
  local out = {}
  local st = host.stat(dir)
  if not st or st.type ~= "dir" then return out end
  for _, e in ipairs(assert(host.dir(dir))) do
    if e.type == "file" then out[#out + 1] = dir .. "/" .. e.name end
  end
  return out
end

local n = 0
for name, fn in pairs(T) do
  for _, kind in ipairs { "seeds", "crashes" } do
    for _, path in ipairs(files("tests/fuzz/" .. kind .. "/" .. name)) do
      n = n + 1
      t.test("fuzz " .. name .. ": " .. path, function ()
        local f = assert(io.open(path, "rb")); local s = f:read("a"); f:close()
        pcall(fn, s)                        -- refusing is fine; crashing is not
        t.ok(true)
      end)
    end
  end
end
t.test("every fuzz target has a seed", function ()
  for name in pairs(T) do t.ok(#files("tests/fuzz/seeds/" .. name) > 0, name) end
  t.ok(n >= 7, "inputs replayed: " .. n)
end)
t.done()
