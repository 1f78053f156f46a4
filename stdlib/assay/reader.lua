-- assay/reader.lua: the reader stage of a batch run: input arguments ->
-- files -> documents.  Small interface, so formats and encodings can be
-- added without touching the runner:
--
--   reader.walk(inputs, on_file, on_skip)   files, directories (recursive,
--       sorted), globs and "-" (stdin); calls on_file(path, input) in order
--       (input: the argument or glob match the path was found under, for
--       its key: see assay.inputs) and on_skip(path, reason) for what
--       cannot be read
--   reader.read(path, opts) -> array of docs | nil, reason
--       doc = {key =, path =, name =, text = UTF-8, bytes =, hash =,
--              encoding =, meta = {}}
--   reader.each(path, opts, on_doc, on_skip)  the same, streamed: one
--       on_doc per document, so JSONL/CSV files of any size read in the
--       memory of their largest record
--   reader.normalize(text, steps) -> text, back, applied  what rules match
-- Formats: txt, html (assay.read.html), jsonl, csv/tsv; encodings through
-- assay.read.decode.  See docs/ingest.md.
local host = require "assay.host"
local text = require "assay.text"
local read = require "assay.read"
local json = require "assay.json"

local M = {}

local function basename (p) return (p:match("([^/]+)/*$")) or p end
M.basename = basename

function M.walk (inputs, on_file, on_skip)
  local seen = {}                    -- device:inode of each directory entered
  local input
  local function visit (p, explicit)
    local st, err = host.stat(p)
    if not st then
      local lst = host.stat(p, true)
      on_skip(p, lst and "broken symlink" or (err:match(": (.*)$") or err))
      return
    end
    if st.type == "dir" then
      -- a symlink back up the tree (ln -s . self) or a second link to a
      -- directory: its files are read once, where it was first met
      if seen[st.id] then               -- an input given twice is read once, silently
        if not explicit then
          on_skip(p, "directory already read as " .. seen[st.id] .. " (a symlink loop or a second link)")
        end
        return
      end
      seen[st.id] = p
      local prefix = (p:gsub("/+$", "")) .. "/"
      local paths, kinds = host.list(p, prefix)       -- sorted; one letter per name
      if not paths then on_skip(p, kinds); return end
      local byte, F, B, DOT, at = string.byte, string.byte("f"), string.byte("b"), string.byte("."), #prefix + 1
      for i = 1, #paths do
        local full = paths[i]
        if byte(full, at) ~= DOT then
          local k = byte(kinds, i)
          if k == F then on_file(full, input)         -- host.list knows: no second stat
          elseif k == B then on_skip(full, "broken symlink")
          else visit(full, false) end
        end
      end
    elseif st.type == "file" then
      if seen[st.id] then return end  -- a symlink to a file already read
      seen[st.id] = p
      on_file(p, input)
    elseif explicit then
      -- a fifo could block for ever, /dev/zero never ends: only regular
      -- files (and "-", standard input) are documents
      on_skip(p, "not a regular file (a fifo, device or socket)")
    end
  end
  for _, p in ipairs(inputs) do
    if p == "-" then on_file("-", "-")
    elseif p:find("[*?[]") and not host.stat(p) then
      local matches = host.glob(p)
      if #matches == 0 then on_skip(p, "no file matches the pattern") end
      for _, m in ipairs(matches) do input = m; visit(m, true) end
    else
      input = p
      visit(p, true)
    end
  end
end

-- The biggest document file read whole (bytes): past it a clear error,
-- not a machine out of memory.
M.MAX_BYTES = 1024 * 1048576

local function slurp (path)
  if path == "-" then                       -- bounded too: stdin may be /dev/zero
    local parts, n = {}, 0
    while true do
      local c = io.stdin:read(1048576)
      if not c then break end
      n = n + #c
      if n > M.MAX_BYTES then
        return nil, string.format("standard input over %d MiB: documents are at most that", M.MAX_BYTES // 1048576)
      end
      parts[#parts + 1] = c
    end
    return table.concat(parts)
  end
  local st = host.stat(path)
  if st and st.type == "file" and st.size > M.MAX_BYTES then
    return nil, string.format("file of %d MiB: documents are at most %d MiB", st.size // 1048576,
                              M.MAX_BYTES // 1048576)
  end
  -- one read, of regular files only (a fifo may block for ever, /dev/zero never ends)
  local whole, err = host.readfile(path)
  if whole then return whole end
  return nil, (err:gsub("^[^:]*: ", ""))
end

-- Why a file is binary, or nil (a magic number, or NUL bytes in the first
-- 8 KiB unless a UTF-16 BOM opens it), and its format by extension or first
-- bytes: assay.read's, the one definition the batch run's C path uses too.
local binary_reason = read.binary
M.binary_reason = binary_reason

-- Is enc a UTF-16 or UTF-32 encoding (--encoding UTF-16LE)?  Its text has
-- NUL bytes: they do not make the file binary.
local function wide (enc)
  local e = type(enc) == "string" and enc:upper():gsub("[-_]", "") or ""
  return e:find("^UTF16") or e:find("^UTF32") or e:find("^UCS")
end

-- Why a file of the encoding asked for is binary, or nil; NUL bytes nearly
-- all at odd or nearly all at even offsets of the first 4 KiB (ASCII in
-- UTF-16; a CJK character's byte is 00 now and then) are named as what they
-- most likely are: UTF-16 without a BOM
local function not_text (raw, enc)
  if wide(enc) then return nil end
  local why = binary_reason(raw)
  if why ~= "binary file (NUL bytes)" then return why end
  local head, odd, even = raw:sub(1, 4096), 0, 0
  for i in head:gmatch("()\0") do if i % 2 == 0 then odd = odd + 1 else even = even + 1 end end
  if #head % 2 == 0 and math.max(odd, even) >= 8 * math.min(odd, even) + 8 then
    return why .. ": UTF-16 without a BOM? --encoding UTF-16" .. (odd > even and "LE" or "BE") .. " reads it"
  end
  return why
end

-- The format of a file: by extension, else "html" when it starts like a
-- page, else "txt".
M.format = read.format

-- Options that change the text of a document also change its hash, so
-- that a re-run with other options redoes the document.
local function opt_salt (opts)
  if opts.simplify == nil and (opts.encoding == nil or opts.encoding == "auto") then return "" end
  local parts = {}
  if opts.encoding and opts.encoding ~= "auto" then parts[#parts + 1] = "enc=" .. opts.encoding end
  if opts.simplify == true then parts[#parts + 1] = "t2s" end
  if opts.simplify == false then parts[#parts + 1] = "no-t2s" end
  if #parts == 0 then return "" end
  return "\0" .. table.concat(parts, ",")
end

local function hash (raw, opts)
  local salt = opt_salt(opts)
  if salt == "" then return host.hash(raw) end
  return host.hash(raw .. salt)
end

-- A text with this many traditional characters (read.traditional) is
-- traditional or mixed: by default (opts.simplify nil) rules see it
-- converted to simplified; simplify = true converts every text, false none.
M.TRADITIONAL_MIN = 3

local function new_doc (key, path, name, txt, raw, enc, meta, opts)
  if opts.simplify or (opts.simplify == nil and read.traditional(txt, M.TRADITIONAL_MIN) >= M.TRADITIONAL_MIN) then
    meta._normalize = "t2s"
  end
  return { key = key, path = path, name = name, text = txt, bytes = #raw,
           hash = hash(raw, opts), encoding = enc, meta = meta }
end

-- One text or HTML file -> doc | nil, reason
local function whole_file (path, raw, fmt, opts)
  local txt, enc, bad
  if fmt ~= "html" and (opts.encoding == nil or opts.encoding == "auto") and read.plain(raw) then
    txt, enc, bad = raw, "UTF-8", 0           -- what decode gives a plain text (read.plain)
  else
    local why = not_text(raw, opts.encoding)
    if why then return nil, why end
    txt, enc, bad = read.decode(raw, opts.encoding, fmt == "html")
  end
  local meta = {}
  if bad > 0 then meta.invalid_bytes = bad end
  if fmt == "html" then
    local m
    txt, m = read.html(txt)
    meta.title, meta.date = m.title, m.date
    meta.format = "html"
  end
  local name = path == "-" and "stdin" or basename(path)
  return new_doc(opts.key or path, path, name, txt, raw, enc, meta, opts)
end

-- {====== JSONL ======

-- Scalars of a record other than the text and id fields become metadata.
local function record_meta (rec, skip1, skip2)
  local meta = {}
  for k, v in pairs(rec) do
    if k ~= skip1 and k ~= skip2 and type(k) == "string" then
      local tv = type(v)
      if tv == "string" or tv == "number" or tv == "boolean" then meta[k] = v
      elseif tv == "table" then meta[k] = json.encode(v) end
    end
  end
  return meta
end

-- Ids of the records of one file: a second record with an id already
-- seen keeps its text under the id with "~2" ("~3"...) appended, and the
-- warning names both lines (the records are not merged nor dropped).
local function id_keeper (path, on_warn)
  local seen = {}                          -- id -> line of its first record
  return function (id, n, meta)
    if not seen[id] then seen[id] = n; return id end
    local k, new = 2, nil
    repeat new = id .. "~" .. k; k = k + 1 until not seen[new]
    seen[new] = n
    meta.duplicate_id = id
    on_warn(path .. ":" .. n, "id '" .. id .. "' already used on line " .. seen[id] .. ": stored as '" .. new .. "'")
    return new
  end
end

local function record_id (v)
  if type(v) == "string" and v ~= "" then return v end
  if type(v) == "number" then return tostring(v) end
  return nil
end

-- The name of a record (docs.name): its id, else its file's base name and
-- line ("a.jsonl#17"; a bare 17 said nothing in a report's table).
local function record_name (path, id, line)
  return id or ((path == "-" and "stdin" or basename(path)) .. "#" .. line)
end

-- The key of a record of the file whose key is fkey (opts.key; nil: the
-- path as given, path#id as before keys were portable): its id after
-- the file's directory ("#A17", "news/#A17": splitting or renaming the
-- file keeps it), or the file's key and the record's line ("a.jsonl#17").
local function record_key (path, fkey, id, line)
  if not fkey then return path .. "#" .. (id or line) end
  if id then return (fkey:match("^(.*/)") or "") .. "#" .. id end
  return fkey .. "#" .. line
end

-- Lines of a JSONL file, one at a time (memory: the longest line).  A file
-- with a UTF-16 BOM is decoded whole first (rare; its lines are not
-- byte-separable).
local function jsonl_lines (path)
  local f, err = io.open(path, "rb")
  if not f then return nil, (err:gsub("^[^:]*: ", "")) end
  local head = f:read(2) or ""
  f:seek("set", 0)
  if head == "\xFF\xFE" or head == "\xFE\xFF" then
    local all = f:read("a"); f:close()
    local txt = read.decode(all)
    local pos, n = 1, 0
    return function ()
      if pos > #txt then return nil end
      local e = txt:find("\n", pos, true) or #txt
      local line = txt:sub(pos, e); pos = e + 1; n = n + 1
      return line, n
    end, "UTF-16"
  end
  local n = 0
  return function ()
    local line = f:read("L")
    if not line then f:close(); return nil end
    n = n + 1
    return line, n
  end
end

local function each_jsonl (path, opts, on_doc, on_skip, on_warn)
  local lines, err = jsonl_lines(path)
  if not lines then return nil, err end
  local keep_id = id_keeper(path, on_warn)
  local tf, idf = opts.text_field or "text", opts.id_field or "id"
  local count = 0
  for line, n in lines do
    if n == 1 then line = line:gsub("^\xEF\xBB\xBF", "") end
    if line:find("%S") then
      local txt, enc = line, "UTF-8"
      if not text.valid(line) then txt, enc = read.decode(line, opts.encoding) end
      local okj, rec, jerr = pcall(json.decode, txt)
      local where = path .. ":" .. n
      if line:find("\0", 1, true) and enc == "UTF-8" then
        on_skip(where, "NUL byte in the record")     -- this record only, not the file
      elseif not okj or type(rec) ~= "table" then
        on_skip(where, "malformed JSON: " .. tostring(okj and (jerr or "not an object") or rec):gsub("\n.*", ""))
      elseif type(rec[tf]) ~= "string" then
        on_skip(where, "no string field '" .. tf .. "' in the record")
      else
        local id = record_id(rec[idf])
        local meta = record_meta(rec, tf, idf)
        if id then id = keep_id(id, n, meta) end   -- records without an id are keyed by line
        local body = rec[tf]
        local nbad = 0
        if not text.valid(body) then body, nbad = text.sanitize(body) end
        if nbad > 0 then meta.invalid_bytes = nbad end
        meta.line = n
        count = count + 1
        on_doc(new_doc(record_key(path, opts.key, id, n), path, record_name(path, id, n), body, line, enc, meta,
                       opts))
      end
    end
  end
  return count
end
-- }======

-- {====== CSV ======

-- Splits one CSV record (complete: quotes balanced) into fields.
local function csv_fields (rec, sep)
  local fields, pos, len = {}, 1, #rec
  rec = rec:gsub("\r?\n$", "")
  len = #rec
  while true do
    if rec:sub(pos, pos) == '"' then
      local buf, i = {}, pos + 1
      while true do
        local q = rec:find('"', i, true)
        if not q then buf[#buf + 1] = rec:sub(i); pos = len + 1; break end
        buf[#buf + 1] = rec:sub(i, q - 1)
        if rec:sub(q + 1, q + 1) == '"' then buf[#buf + 1] = '"'; i = q + 2
        else pos = q + 1; break end
      end
      fields[#fields + 1] = table.concat(buf)
      local nxt = rec:find(sep, pos, true)
      if not nxt then break end
      pos = nxt + 1
    else
      local nxt = rec:find(sep, pos, true)
      fields[#fields + 1] = rec:sub(pos, (nxt or len + 1) - 1)
      if not nxt then break end
      pos = nxt + 1
    end
  end
  return fields
end
M.csv_fields = csv_fields

-- Records of a CSV file: lines joined while a quoted field is open.  A
-- quoted field ends at a quote followed by the separator or the end of the
-- line ("" is a quote inside it).  One left open -- to the end of the
-- file, past MAX_QUOTED bytes or lines, or running into a quote that can
-- only open a field (",\"text") -- is reported: the iterator gives the
-- record's first line with bad = true and reads on from the line after it,
-- so one stray quote costs one record, not the rest of the file.
M.MAX_QUOTED = 16 * 1048576
local MAX_QUOTED_LINES = 100000

-- Scan line l from pos in quoted state inq: returns inq after the line,
-- or nil when a quote inside a quoted field is followed by text.
local function csv_scan (l, inq, sep)
  local pos, len = 1, #l
  while pos <= len do
    if inq then
      local qp = l:find('"', pos, true)
      if not qp then return true end
      local c = l:sub(qp + 1, qp + 1)
      if c == '"' then pos = qp + 2
      elseif c == sep or c == "" or c == "\r" or c == "\n" then inq = false; pos = qp + 1
      else return nil end
    else
      if l:sub(pos, pos) == '"' then inq = true; pos = pos + 1
      else
        local sp = l:find(sep, pos, true)
        if not sp then return false end
        pos = sp + 1
      end
    end
  end
  return inq
end

local function csv_records (f, sep)
  local n = 0
  local back = {}                          -- lines given back after a bad record, in reverse
  local function line ()
    local l = back[#back]
    if l then back[#back] = nil; return l end
    return f:read("L")
  end
  return function ()
    local parts, inq, first, bytes = {}, false, nil, 0
    while true do
      local l = line()
      if not l then
        if #parts == 0 then return nil end
        break
      end
      n = n + 1
      first = first or n
      parts[#parts + 1] = l
      bytes = bytes + #l
      local st = csv_scan(l, inq, sep)
      if st == nil then
        if #parts > 1 then inq = true; break end   -- the field opened earlier never closed
        st = false                                 -- one line: lenient, as csv_fields reads it
      end
      inq = st
      if not inq then break end
      if bytes > M.MAX_QUOTED or #parts > MAX_QUOTED_LINES then break end
    end
    if inq and #parts > 1 then
      for i = #parts, 2, -1 do back[#back + 1] = parts[i] end
      n = first
      return parts[1], first, true
    end
    return table.concat(parts), first, inq
  end
end

local function each_csv (path, opts, on_doc, on_skip, on_warn, sep)
  local f, err = io.open(path, "rb")
  if not f then return nil, (err:gsub("^[^:]*: ", "")) end
  local head = f:read(65536) or ""
  f:seek("set", 0)
  local why = not_text(head, opts.encoding)
  if why then f:close(); return nil, why end
  local enc = read.detect(head)
  if opts.encoding and opts.encoding ~= "auto" then enc = opts.encoding end
  local tf, idf = opts.text_field or "text", opts.id_field or "id"
  local records = csv_records(f, sep)
  local hdr = records()
  if not hdr then f:close(); return 0 end
  hdr = read.decode(hdr:gsub("^\xEF\xBB\xBF", ""), enc)
  local cols = csv_fields(hdr, sep)
  local tcol, icol = nil, nil
  for i, c in ipairs(cols) do
    c = text.trim(c); cols[i] = c
    if c == tf then tcol = i end
    if c == idf then icol = i end
  end
  if not tcol then
    f:close()
    return nil, "no column '" .. tf .. "' in the header (columns: " .. table.concat(cols, ", ") .. ")"
  end
  local count = 0
  local keep_id = id_keeper(path, on_warn)
  for raw, n, bad_quote in records do
    if bad_quote then
      on_skip(path .. ":" .. n, "a quoted field is not closed (an unbalanced \")")
    elseif raw:find("%S") then
      local rec, renc, bad = read.decode(raw, enc)
      local fields = csv_fields(rec, sep)
      if #fields < tcol then
        on_skip(path .. ":" .. n, "record has " .. #fields .. " fields, the text is field " .. tcol)
      else
        local id = icol and fields[icol] ~= "" and fields[icol] or nil
        local meta = { line = n }
        if id then id = keep_id(id, n, meta) end   -- records without an id are keyed by line
        for i, c in ipairs(cols) do
          if i ~= tcol and i ~= icol and fields[i] ~= nil and c ~= "" then meta[c] = fields[i] end
        end
        if bad > 0 then meta.invalid_bytes = bad end
        count = count + 1
        on_doc(new_doc(record_key(path, opts.key, id, n), path, record_name(path, id, n), fields[tcol], raw,
                       renc, meta, opts))
      end
    end
  end
  f:close()
  return count
end
-- }======

-- reader.each(path, opts, on_doc, on_skip) -> count | nil, reason
-- Streams the documents of one input: on_doc(doc) per document (a JSONL
-- line, a CSV record, or the whole file), on_skip(where, reason) per bad
-- record ("path:line"), on_warn(where, message) per record kept with a
-- changed id (a duplicate).  Returns nil, reason when the file itself cannot
-- be read or is binary.  opts: encoding ("auto"), text_field ("text"),
-- id_field ("id"), simplify (bool), format (override the extension), key
-- (the file's key, see assay.inputs; default: the path as given).
function M.each (path, opts, on_doc, on_skip, on_warn)
  opts = opts or {}
  on_skip = on_skip or function () end
  on_warn = on_warn or function () end
  local fmt = opts.format or M.format(path)
  if path ~= "-" and (fmt == "jsonl" or fmt == "csv" or fmt == "tsv") then
    if fmt == "jsonl" then
      local f = io.open(path, "rb")
      if f then
        local head = f:read(8192) or ""; f:close()
        local why = binary_reason(head, true)        -- a NUL: that line is skipped
        if why then return nil, why end
      end
      return each_jsonl(path, opts, on_doc, on_skip, on_warn)
    end
    return each_csv(path, opts, on_doc, on_skip, on_warn, fmt == "tsv" and "\t" or ",")
  end
  local raw, err = slurp(path)
  if not raw then return nil, err end
  if not opts.format and fmt == "txt" then fmt = M.format(path, raw) end
  local doc, why = whole_file(path, raw, fmt, opts)
  if not doc then return nil, why end
  on_doc(doc)
  return 1
end

-- reader.read(path, opts) -> array of docs | nil, reason (all records of
-- a JSONL/CSV file in memory: use each for big files).  Bad records are
-- left out; opts.on_skip sees them.
function M.read (path, opts)
  opts = opts or {}
  local docs = {}
  local n, err = M.each(path, opts, function (d) docs[#docs + 1] = d end, opts.on_skip)
  if not n then return nil, err end
  return docs
end

-- {====== normalisation for matching ======

-- Back map of read.simplify's segments: position in the simplified text
-- -> position in its input.
local function seg_back (segs)
  local n = #segs // 4
  return function (pos, last)
    local lo, hi, k = 1, n, 0
    while lo <= hi do                      -- last segment starting at or before pos
      local mid = (lo + hi) // 2
      if segs[4 * mid - 3] <= pos then k = mid; lo = mid + 1 else hi = mid - 1 end
    end
    if k == 0 then return pos end
    local ns, nl, os_, ol = segs[4 * k - 3], segs[4 * k - 2], segs[4 * k - 1], segs[4 * k]
    if pos < ns + nl then return last and os_ + ol - 1 or os_ end
    return pos + (os_ + ol) - (ns + nl)
  end
end
M.seg_back = seg_back

-- reader.normalize(s [, steps]) -> text, back | nil, applied | nil
-- The text rules match: full-width digits, letters and spaces folded to
-- ASCII (always), then traditional -> simplified when steps contains
-- "t2s".  back(pos [, last]) maps a byte position of the result to the
-- original (last: the last byte of the original character, for the stop
-- of a span); nil when nothing changed.  applied: "fold", "t2s" or
-- "fold,t2s" -- the steps that changed something.
function M.normalize (s, steps)
  local t2s = steps and steps:find("t2s", 1, true)
  if not t2s then
    local _, n = text.fold(s, "alnum")     -- most texts: nothing to fold, no map to make
    if n == 0 then return s, nil, nil end
  end
  local applied = {}
  local f, fmap = text.fold(s, "alnum", true)
  local fback
  if #fmap > 0 then
    applied[#applied + 1] = "fold"
    fback = function (pos, last) return text.unmap(fmap, pos, last) end
  end
  local out, sback = f, nil
  if t2s then
    local simp, segs = read.simplify(f)
    if simp and simp ~= f then
      applied[#applied + 1] = "t2s"
      out = simp
      if segs then sback = seg_back(segs) end
    end
  end
  if #applied == 0 then return s, nil, nil end
  local back
  if fback and sback then back = function (pos, last) return fback(sback(pos, last), last) end
  elseif fback then back = fback
  elseif sback then back = sback
  else back = function (pos) return pos end end
  return out, back, table.concat(applied, ",")
end
-- }======

return M
