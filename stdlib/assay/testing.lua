-- assay/testing.lua: a small test harness for the project's own tests and
-- for rule examples.  A test file:
--
--   local t = require "assay.testing"
--   t.test("len counts characters", function ()
--     t.eq(text.len("脱贫"), 2)
--   end)
--   t.done()          -- prints "N passed, N failed", exits 1 if any failed
--
-- Checks raise a table error that t.test catches; any other error inside a
-- test is a failure too, reported with its traceback.
local M = {}

local passed, failed = 0, 0
local FAIL = {}                                   -- marks check failures

local function show (v)
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) ~= "table" then return tostring(v) end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function (a, b)
    if type(a) == type(b) and (type(a) == "number" or type(a) == "string") then return a < b end
    return type(a) < type(b)
  end)
  local parts = {}
  for _, k in ipairs(keys) do
    local ks = type(k) == "string" and k:match("^[%a_][%w_]*$") and k or "[" .. show(k) .. "]"
    parts[#parts + 1] = ks .. " = " .. show(v[k])
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end
M.show = show

local function deepeq (a, b, seen)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then
    return type(a) == "number" and type(b) == "number" and a ~= a and b ~= b
  end
  seen = seen or {}
  if seen[a] == b then return true end
  seen[a] = b
  for k, v in pairs(a) do if not deepeq(v, b[k], seen) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end
M.deepeq = deepeq

local function fail (msg, level)
  local info = debug.getinfo((level or 2) + 1, "Sl")
  local where = info and (info.short_src .. ":" .. info.currentline .. ": ") or ""
  error(setmetatable({ msg = where .. msg }, FAIL), 0)
end

function M.eq (actual, expected, what)
  if not deepeq(actual, expected) then
    fail((what and what .. ": " or "") .. "expected " .. show(expected) .. ", got " .. show(actual), 2)
  end
end

function M.ok (v, what)
  if not v then fail((what or "expected a true value") .. ", got " .. show(v), 2) end
  return v
end

-- t.raises(fn, pattern_plain): fn() must raise an error whose message
-- contains the plain text `needle`; returns the message.
function M.raises (fn, needle, ...)
  local ok, err = pcall(fn, ...)
  if ok then fail("expected an error" .. (needle and " containing '" .. needle .. "'" or "") .. ", none raised", 2) end
  local msg = tostring(type(err) == "table" and err.msg or err)
  if needle and not msg:find(needle, 1, true) then
    fail("expected an error containing '" .. needle .. "', got: " .. msg, 2)
  end
  return msg
end

function M.test (name, fn)
  local ok, err = xpcall(fn, function (e)
    if getmetatable(e) == FAIL then return e.msg end
    return debug.traceback(tostring(e), 2)
  end)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
    io.stdout:write("FAIL ", name, "\n  ", (tostring(err):gsub("\n", "\n  ")), "\n")
  end
end

-- The binary under test (tests/run.sh sets ASSAY_BIN), for subprocess tests.
function M.bin ()
  local b = os.getenv("ASSAY_BIN") or "./assay"
  if b:sub(1, 1) ~= "/" then b = (os.getenv("PWD") or ".") .. "/" .. b:gsub("^%./", "") end
  return b
end

-- t.sh(cmd) -> stdout, exit status, stderr (stderr through a temp file).
function M.sh (cmd)
  local errf = os.tmpname()
  local p = io.popen(cmd .. " 2>" .. errf, "r")
  local out = p:read("a")
  local _, _, code = p:close()
  local f = io.open(errf, "rb")
  local err = f and f:read("a") or ""
  if f then f:close() end
  os.remove(errf)
  return out, code, err
end

-- Shell-quote a string for t.sh.
function M.q (s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

-- Write a temporary file with the given content; returns its path.
function M.tmpfile (content, suffix)
  local name = os.tmpname()
  if suffix then os.remove(name); name = name .. suffix end
  local f = assert(io.open(name, "wb"))
  f:write(content or "")
  f:close()
  return name
end

-- A new empty directory; the test removes it (os.execute("rm -rf " .. t.q(d))).
function M.tmpdir ()
  local d = os.tmpname()
  os.remove(d)
  assert(os.execute("mkdir -p " .. M.q(d)))
  return d
end

-- Write s to path (the whole file).
function M.write (path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

-- t.require_without(name, missing) -> ok, module: a fresh copy of module
-- `name` loaded while `require(missing)` raises (to test a fallback path);
-- package.loaded is left as it was, so later requires get the usual copy.
function M.require_without (name, missing)
  local mod = package.loaded[name]
  local pre, loaded = package.preload[missing], package.loaded[missing]
  package.loaded[name], package.loaded[missing] = nil, nil
  package.preload[missing] = function () error(missing .. " disabled for this test") end
  local ok, fresh = pcall(require, name)
  package.preload[missing], package.loaded[missing] = pre, loaded
  package.loaded[name] = mod
  return ok, fresh
end

-- A message on stderr for checks skipped because something outside the
-- repository is absent; still visible in the log.
function M.skip (why)
  io.stderr:write("SKIP ", why, "\n")
  io.stdout:write("SKIP ", why, "\n")
end

function M.counts () return passed, failed end

function M.done ()
  io.stdout:write(string.format("%d passed, %d failed\n", passed, failed))
  io.stdout:flush()
  os.exit(failed == 0 and 0 or 1, true)
end

return M
