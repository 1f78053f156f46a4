-- assay/reader.lua: the reader stage of a batch run: input arguments ->
-- files -> documents.  Small interface, so formats and encodings can be
-- added without touching the runner:
--
--   reader.walk(inputs, on_file, on_skip)   files, directories (recursive,
--       sorted), globs and "-" (stdin); calls on_file(path) in order and
--       on_skip(path, reason) for what cannot be read
--   reader.read(path, opts) -> array of docs | nil, reason
--       doc = {key =, path =, name =, text = UTF-8, bytes =, hash =,
--              encoding =, meta = {}}
local host = require "assay.host"
local text = require "assay.text"

local M = {}

local function basename (p) return (p:match("([^/]+)/*$")) or p end
M.basename = basename

function M.walk (inputs, on_file, on_skip)
  local function visit (p, explicit)
    local st, err = host.stat(p)
    if not st then
      local lst = host.stat(p, true)
      on_skip(p, lst and "broken symlink" or (err:match(": (.*)$") or err))
      return
    end
    if st.type == "dir" then
      local entries, derr = host.dir(p)
      if not entries then on_skip(p, derr); return end
      for _, e in ipairs(entries) do
        if e.name:sub(1, 1) ~= "." then
          local full = (p:gsub("/+$", "")) .. "/" .. e.name
          if e.type == "broken" then on_skip(full, "broken symlink")
          else visit(full, false) end
        end
      end
    elseif st.type == "file" then
      on_file(p)
    elseif explicit then
      on_file(p)                     -- a fifo or device named on the command line
    end
  end
  for _, p in ipairs(inputs) do
    if p == "-" then on_file("-")
    elseif p:find("[*?[]") and not host.stat(p) then
      local matches = host.glob(p)
      if #matches == 0 then on_skip(p, "no file matches the pattern") end
      for _, m in ipairs(matches) do visit(m, true) end
    else
      visit(p, true)
    end
  end
end

local function slurp (path)
  if path == "-" then return io.stdin:read("a") end
  local s, nul = host.readfile(path)
  if s then return s, nul end
  local f, err = io.open(path, "rb")
  if not f then return nil, (err:gsub("^[^:]*: ", "")) end
  local s, rerr = f:read("a")
  f:close()
  if not s then return nil, rerr end
  return s
end

-- A file is binary when it has NUL bytes in its first 8 KB (UTF-16 with a
-- BOM is text, handled by the encodings reader).
local function is_binary (s)
  local head = s:sub(1, 8192)
  if head:find("^\xFF\xFE") or head:find("^\xFE\xFF") then return false end
  return head:find("\0", 1, true) ~= nil
end

function M.read (path, opts)
  opts = opts or {}
  local raw, nul = slurp(path)
  if not raw then return nil, nul end
  if (nul ~= false and is_binary(raw)) and not (raw:find("^\xFF\xFE") or raw:find("^\xFE\xFF")) then
    return nil, "binary file (NUL bytes)"
  end
  local txt, bad = raw, 0
  if raw:sub(1, 3) == "\xEF\xBB\xBF" then txt = raw:sub(4) end
  if not text.valid(txt) then txt, bad = text.sanitize(txt) end
  local name = path == "-" and "stdin" or basename(path)
  return { {
    key = path == "-" and "-" or path, path = path, name = name, text = txt,
    bytes = #raw, hash = host.hash(raw), encoding = "UTF-8",
    meta = bad > 0 and { invalid_bytes = bad } or {},
  } }
end

return M
