-- assay/inputs.lua: what `assay run` makes of its inputs beyond reading
-- them: portable document keys, shards, --files-from lists.
--
--   inputs.keyer(root [, cwd]) -> keyer | nil, message
--       keyer:key(path, input) -> key | nil, reason
--       A document's key is its path relative to a corpus root, never an
--       absolute path: root (--root DIR) when given, else the input
--       directory the file was found under ("corpus/2020/a.txt" found
--       under "corpus" or "./corpus/" or "/abs/corpus" -> "2020/a.txt"; a
--       file given by itself -> its name).  Paths are made absolute and
--       normalised ("." and "..") without looking at the disk.
--   inputs.normalize(path [, cwd]) -> absolute path
--   inputs.shard_of(key, n) -> 0..n-1 (by a hash of the key: a document
--       stays in its shard as the corpus grows)
--   inputs.parse_shard("K/N") -> k, n | nil, message
--   inputs.files_from(file) -> array of paths | nil, message ('-': stdin)
local host = require "assay.host"

local M = {}

function M.normalize (path, cwd)
  if path:sub(1, 1) ~= "/" then path = (cwd or assert(host.cwd())) .. "/" .. path end
  local parts = {}
  for seg in path:gmatch("[^/]+") do
    if seg == ".." then parts[#parts] = nil
    elseif seg ~= "." then parts[#parts + 1] = seg end
  end
  return "/" .. table.concat(parts, "/")
end

-- rel(root, abs): abs relative to root ("" when equal), or nil
local function rel (root, abs)
  if abs == root then return "" end
  local prefix = root == "/" and "/" or root .. "/"
  if abs:sub(1, #prefix) == prefix then return abs:sub(#prefix + 1) end
  return nil
end

local function basename (p) return (p:match("([^/]+)/*$")) or p end

function M.keyer (root, cwd)
  cwd = cwd or host.cwd()
  if not cwd then return nil, "cannot find the current directory" end
  local k = { root = root and M.normalize(root, cwd), cwd = cwd }
  -- per input (argument or glob match): the number of bytes of a path
  -- found under it that the key drops, and what it puts before the rest
  local cache = {}
  local function of (input)
    local c = cache[input]
    if c then return c end
    local strip = #(input:gsub("/+$", "")) + 1
    if input:find("^/+$") then strip = 1 end
    c = { strip = strip, base = "" }
    if k.root then
      local r = rel(k.root, M.normalize(input, cwd))
      if not r then c.err = "not under the root " .. k.root .. " (--root)"
      elseif r ~= "" then c.base = r .. "/"; c.self = r
      else c.self = basename(input) end
    end
    cache[input] = c
    return c
  end
  -- key(path, input): path as the walk gave it, found under input
  function k.key (_, path, input)
    if path == "-" then return "-" end
    input = input or path
    local c = of(input)
    if c.err then return nil, c.err end
    if path == input then return c.self or basename(path) end       -- the file itself
    return c.base .. path:sub(c.strip + 1)
  end
  -- check(input) -> true | nil, reason: an input outside the root
  function k.check (_, input)
    if input == "-" or input:find("[*?[]") then return true end
    local c = of(input)
    if c.err then return nil, c.err end
    return true
  end
  return k
end

function M.shard_of (key, n)
  return tonumber(host.hash(key):sub(1, 8), 16) % n
end

function M.parse_shard (s)
  local k, n = s:match("^(%d+)/(%d+)$")
  k, n = math.tointeger(tonumber(k)), math.tointeger(tonumber(n))
  if not k or not n or n < 1 or k >= n then
    return nil, "--shard needs K/N with 0 <= K < N (e.g. 0/4), got '" .. s .. "'"
  end
  return k, n
end

function M.files_from (file)
  local f, err
  if file == "-" then f = io.stdin else f, err = io.open(file, "rb") end
  if not f then return nil, "--files-from: " .. err end
  local probe, perr = f:read(0)              -- a directory: nil, "Is a directory" (f:lines() would raise)
  if probe == nil and perr then
    if f ~= io.stdin then f:close() end
    return nil, "--files-from: " .. file .. ": " .. perr
  end
  local list = {}
  for line in f:lines() do
    line = line:gsub("\r$", "")
    if line ~= "" then list[#list + 1] = line end
  end
  if f ~= io.stdin then f:close() end
  return list
end

return M
