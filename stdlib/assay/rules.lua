-- assay/rules.lua: the rule DSL, and loading rule files and packs.
--
-- A rule file is Lua run in a sandbox whose globals are the safe parts of
-- the standard library, the assay modules (re, text, cn when present) and
-- the function `rule`:
--
--   rule "funds" {
--     doc     = "Money put into poverty alleviation",
--     kind    = "funds",                     -- default: the rule's name
--     need    = { "元" },                    -- literals that must all occur
--     pattern = [[(?:投入|整合)[^。；]{0,20}?(?<amount>\d+(?:\.\d+)?[万亿]?[多余]?元)]],
--     flags   = "",                          -- re.compile flags
--     scope   = "sentence",                  -- "sentence" | "clause" | "line" | "document"
--     emit    = function (m, doc) return { quantity = m.amount } end,
--     -- or, without emit: value = 1 (group 1 as a number), scale = {2, {万 = 1e4}}
--     examples = { { "五年内投入5574万元", { kind = "funds", value = 55740000 } } },
--   }
--
--   rule "region" { after = { "funds" }, match = function (doc) ... end }
--
-- `match(doc)` rules may return an array of facts or call doc:emit(fact);
-- rules listed in `after` run first, and their facts are in doc.facts.
-- Unknown globals raise (a typo is an error, not a nil); os.execute,
-- io.popen and file writes exist only with allow_io.
local re = require "assay.re"
local host = require "assay.host"

local M = {}

local FIELDS = {
  doc = "string", kind = "string", need = "table", pattern = "string", flags = "string",
  scope = "string", emit = "function", match = "function", examples = "table",
  after = "table", enabled = "boolean", tags = "table", value = "group", scale = "table",
}
local SCOPES = { sentence = true, clause = true, line = true, document = true }

local function readfile (path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local s = f:read("a")
  f:close()
  return s
end

-- The sandbox: a fresh table per rule set; reading an unknown name raises.
local function sandbox (allow_io, define, dir)
  local env = {
    assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs,
    pcall = pcall, xpcall = xpcall, select = select, tonumber = tonumber,
    tostring = tostring, type = type, rawequal = rawequal, rawget = rawget,
    rawlen = rawlen, rawset = rawset, setmetatable = setmetatable,
    getmetatable = getmetatable, print = function (...)
      local t = table.pack(...)
      for i = 1, t.n do t[i] = tostring(t[i]) end
      io.stderr:write(table.concat(t, "\t"), "\n")
    end,
    string = string, table = table, math = math, utf8 = utf8,
    os = { time = os.time, date = os.date, clock = os.clock, getenv = os.getenv,
           difftime = os.difftime },
    re = re, text = require "assay.text",
    rule = define,
  }
  env.require = function (name)
    if type(name) == "string" and (name:match("^assay%.") or allow_io) then return require(name) end
    error("require '" .. tostring(name) .. "' is not allowed in rules (only assay.* modules"
      .. " without --allow-io)", 2)
  end
  if allow_io then env.io = io; env.os = os end
  -- include "helpers.lua": run a file of the same pack in this sandbox.
  -- The name is relative to the file that includes it (an included file's
  -- own includes to its directory), so one pack can include another's
  -- helpers (include "../fupin/_locate.lua").
  local cur = dir
  env.include = function (name)
    if type(name) ~= "string" then error("include: file name expected, got " .. type(name), 2) end
    local path = name:sub(1, 1) == "/" and name or (cur .. "/" .. name)
    local src, err = readfile(path)
    if not src then error("include: " .. err, 2) end
    local chunk, cerr = load(src, "@" .. path, "t", env)
    if not chunk then error(cerr, 0) end
    local saved = cur
    cur = path:match("^(.*)/[^/]*$") or "."
    local ok, res = pcall(chunk)
    cur = saved
    if not ok then error(res, 0) end
    return res
  end
  env._G = env
  return setmetatable(env, {
    __index = function (t, k)
      -- cn (assay.cn) is loaded when a rule file first reads it: most do
      -- not, and every worker thread loads the rules
      if k == "cn" then
        local okcn, cn = pcall(require, "assay.cn")
        if okcn then rawset(t, "cn", cn); return cn end
      end
      error("unknown global '" .. tostring(k) .. "'", 2)
    end,
  })
end

local function check_rule (name, spec, where)
  local function bad (msg) error(where .. ": rule '" .. name .. "': " .. msg, 0) end
  if type(spec) ~= "table" then bad("definition must be a table, got " .. type(spec)) end
  for k, v in pairs(spec) do
    local want = FIELDS[k]
    if not want then bad("unknown field '" .. tostring(k) .. "'") end
    if want == "group" then
      if math.type(v) ~= "integer" and type(v) ~= "string" then
        bad("field '" .. k .. "' must be a group number or name, got " ..
            (type(v) == "number" and tostring(v) or type(v)))
      end
    elseif type(v) ~= want then bad("field '" .. k .. "' must be a " .. want .. ", got " .. type(v)) end
  end
  if not spec.pattern and not spec.match then bad("needs a pattern or a match function") end
  if spec.pattern and spec.match then bad("has both pattern and match; use one") end
  if spec.scope and not SCOPES[spec.scope] then
    bad("scope must be sentence, clause, line or document, got '" .. spec.scope .. "'")
  end
  if spec.need then
    for i, lit in ipairs(spec.need) do
      if type(lit) ~= "string" or lit == "" then bad("need[" .. i .. "] must be a non-empty string") end
    end
  end
  if spec.after then
    for i, a in ipairs(spec.after) do
      if type(a) ~= "string" then bad("after[" .. i .. "] must be a rule name") end
    end
  end
  local rule = {
    name = name, doc = spec.doc, kind = spec.kind or name, need = spec.need or {},
    pattern = spec.pattern, flags = spec.flags or "", scope = spec.scope or "sentence",
    emit = spec.emit, match = spec.match, examples = spec.examples or {},
    after = spec.after or {}, where = where, tags = spec.tags,
    enabled = spec.enabled ~= false,
  }
  if rule.pattern then
    local ok, rx = pcall(re.compile, rule.pattern, rule.flags)
    if not ok then bad(tostring(rx)) end
    rule.regex = rx
    local names
    rule.ngroups, names = rx:groups()
    -- value = G: the value is group G read as a number (its text when it is
    -- not one); scale = {G2, {text = factor}}: times the factor of group
    -- G2's text (1.0 when G2 did not match or its text is not listed)
    local function group (g, what)
      if type(g) == "string" then
        if not names[g] then bad(what .. ": the pattern has no group named '" .. g .. "'") end
        return names[g]
      end
      if math.type(g) ~= "integer" or g < 1 or g > rule.ngroups then
        bad(what .. ": the pattern has no group " .. tostring(g) .. " (it has " .. rule.ngroups .. ")")
      end
      return g
    end
    if spec.value ~= nil then rule.value_group = group(spec.value, "value") end
    rule.value_named = names.value               -- without emit or value: group "value", else 1
    if spec.scale ~= nil then
      local sc = spec.scale
      if spec.value == nil then bad("scale needs value (the group it multiplies)") end
      if type(sc[2]) ~= "table" then bad("scale must be {group, {text = factor, ...}}") end
      rule.scale_group = group(sc[1], "scale")
      rule.factors = {}
      for k, f in pairs(sc[2]) do
        if type(k) ~= "string" or type(f) ~= "number" then
          bad("scale: factors must map texts to numbers, got " .. type(k) .. " = " .. type(f))
        end
        rule.factors[k] = f
      end
    end
  elseif spec.value ~= nil or spec.scale ~= nil then
    bad("value and scale take groups of a pattern")
  end
  if spec.emit and (spec.value ~= nil or spec.scale ~= nil) then
    bad("has emit and value/scale; emit sets the value itself")
  end
  return rule
end

-- Order rules so that each runs after the rules in its `after` list; keep
-- the definition order otherwise.  A cycle is an error naming it.
local function order (list, byname)
  local state, out = {}, {}
  local function visit (r, path)
    if state[r] == "done" or not r.enabled then return end
    if state[r] == "visiting" then
      local cyc = {}
      local start = false
      for _, n in ipairs(path) do
        if n == r.name then start = true end
        if start then cyc[#cyc + 1] = n end
      end
      cyc[#cyc + 1] = r.name
      error("rule cycle: " .. table.concat(cyc, " -> "), 0)
    end
    state[r] = "visiting"
    path[#path + 1] = r.name
    for _, dep in ipairs(r.after) do
      local d = byname[dep]
      if not d then error(r.where .. ": rule '" .. r.name .. "' runs after unknown rule '" .. dep .. "'", 0) end
      visit(d, path)
    end
    path[#path] = nil
    state[r] = "done"
    out[#out + 1] = r
  end
  for _, r in ipairs(list) do visit(r, {}) end
  return out
end

-- Expand rule arguments (files and directories) into a sorted file list.
local function rule_files (paths)
  local files = {}
  local function add (p)
    local st, err = host.stat(p)
    if not st then error("cannot read rules " .. err, 0) end
    if st.type == "dir" then
      local entries = assert(host.dir(p))
      for _, e in ipairs(entries) do
        local full = p:gsub("/$", "") .. "/" .. e.name
        if e.type == "dir" or e.type == "linkdir" then add(full)
        elseif e.name:match("%.lua$") and not e.name:match("_test%.lua$")
               and not e.name:match("^_") then
          files[#files + 1] = full
        end
      end
    else
      files[#files + 1] = p
    end
  end
  for _, p in ipairs(paths) do add(p) end
  return files
end
M.rule_files = rule_files

-- Rule packs built into the binary, loaded before the user's rules unless
-- opts.meta == false (assay run --no-meta).
M.DEFAULTS = { "assay.defaults.meta" }

-- The source of a built-in rule file (embedded, or from ASSAY_PATH).
function M.builtin_source (name)
  local root = os.getenv("ASSAY_PATH")
  if root and root ~= "" then
    local s = readfile(root .. "/" .. name:gsub("%.", "/") .. ".lua")
    if s then return s end
  end
  return host.stdlib_source(name)
end

-- rules.load(paths, opts) -> set: {list = rules in run order, byname =,
-- files =, hash = content hash of every file}.  Raises with file:line on
-- errors in the rule files.  opts.allow_io opens io/os to the rules.
function M.load (paths, opts)
  opts = opts or {}
  if type(paths) == "string" then paths = { paths } end
  local list, byname, parts = {}, {}, {}
  local files = rule_files(paths)
  if #files == 0 then error("no rule files in " .. table.concat(paths, ", "), 0) end
  local sources = {}
  if opts.meta ~= false then
    -- the built-in metadata pack (stdlib/assay/defaults/meta.lua), first
    for _, name in ipairs(M.DEFAULTS) do
      table.insert(files, 1, "[assay] " .. name)
      sources["[assay] " .. name] = assert(M.builtin_source(name))
    end
  end
  for _, path in ipairs(files) do
    local src, err = sources[path], nil
    if not src then src, err = readfile(path) end
    if not src then error("cannot read rules " .. err, 0) end
    parts[#parts + 1] = path .. "\0" .. src
    local dir = path:match("^(.*)/[^/]*$") or "."
    local function define (name)
      if type(name) ~= "string" or name == "" then
        error("rule: a rule needs a name: rule \"name\" { ... }", 2)
      end
      local info = debug.getinfo(2, "Sl")
      local where = info.short_src .. ":" .. (info.currentline or 0)
      return function (spec)
        if byname[name] then
          error("duplicate rule '" .. name .. "': defined in " .. byname[name].where ..
                " and in " .. where, 0)
        end
        local r = check_rule(name, spec, where)
        byname[name] = r
        list[#list + 1] = r
        return r
      end
    end
    local env = sandbox(opts.allow_io, define, dir)
    local chunk, cerr = load(src, sources[path] and "=" .. path or "@" .. path, "t", env)
    if not chunk then error(cerr, 0) end
    local ok, rerr = pcall(chunk)
    if not ok then error(tostring(rerr), 0) end
  end
  return {
    list = order(list, byname), byname = byname, files = files,
    hash = host.hash(table.concat(parts, "\0") .. "\0" .. (opts.salt or "")),
  }
end

return M
