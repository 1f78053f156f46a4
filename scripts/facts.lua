-- facts.lua: the poverty-alleviation indicators of documents as TSV.
--
--   ./assay scripts/facts.lua [--all] [--simplify | --no-simplify] FILE...
--
-- Runs the rule pack scripts/fupin (beside this script) on each input and
-- prints one row per indicator fact with the columns of the gold set
-- (../shared/gold/seeds.facts.tsv):
--   doc line kind region period value unit qualifier surface
-- doc is the input's base name (a JSONL/CSV record: name#id), line the
-- 1-based line of the fact in the document's text (for a .txt file: the
-- line in the file).  --all adds the article and slogan facts.
-- A document in traditional or mixed script is matched as simplified
-- (the reader's default: its t2s step, spans still into the original);
-- --simplify converts every document, --no-simplify none.
local rules = require "assay.rules"
local engine = require "assay.engine"
local reader = require "assay.reader"
local okcn, cn = pcall(require, "assay.cn")

local here = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local pack = here .. "/fupin"

local INDICATOR = {}
for k in ([[funds income households persons jobs projects villages housing education
            health training other]]):gmatch("%S+") do INDICATOR[k] = true end

local function fmt (v)
  if v == nil then return "" end
  if type(v) == "number" and okcn then return cn.format(v) end
  if math.type(v) == "float" and v == math.floor(v) then return string.format("%d", v) end
  return tostring(v)
end

local function clean (v) return (tostring(v or ""):gsub("[\t\n\r]", " ")) end

local all, simplify, files = false, nil, {}
for _, a in ipairs(arg) do
  if a == "--all" then all = true
  elseif a == "--no-simplify" then simplify = false
  elseif a == "--simplify" then simplify = true
  elseif a == "-h" or a == "--help" then
    io.write("usage: assay scripts/facts.lua [--all] [--simplify | --no-simplify] FILE...\n"); os.exit(0)
  else files[#files + 1] = a end
end
if #files == 0 then
  io.stderr:write("usage: assay scripts/facts.lua [--all] [--simplify | --no-simplify] FILE...\n")
  os.exit(2)
end

local set = rules.load({ pack })
io.write("doc\tline\tkind\tregion\tperiod\tvalue\tunit\tqualifier\tsurface\n")
local status = 0
for _, path in ipairs(files) do
  local docs, err = reader.read(path, { simplify = simplify })
  if not docs then
    io.stderr:write("facts: ", path, ": ", tostring(err), "\n"); status = 1
  else
    for _, d in ipairs(docs) do
      local items, errors, _, pdoc = engine.process(set, d, { instructions = 1000000000 })
      for _, e in ipairs(errors) do
        io.stderr:write("facts: ", d.key, ": rule ", e.rule, ": ", e.message, "\n"); status = 1
      end
      local s = (pdoc and pdoc.text) or d.text
      local name = d.key:match("([^/]+)$") or d.key
      -- line numbers by one pass over the text
      local facts = engine.expand(items, s)
      table.sort(facts, function (x, y) return (x.start or 0) < (y.start or 0) end)
      local line, pos = 1, 1
      for _, f in ipairs(facts) do
        if f.start and (all or INDICATOR[f.kind]) then
          while true do
            local nl = s:find("\n", pos, true)
            if not nl or nl >= f.start then break end
            line, pos = line + 1, nl + 1
          end
          io.write(name, "\t", line, "\t", f.kind, "\t", clean(f.region), "\t", clean(f.period), "\t",
                   clean(fmt(f.value)), "\t", clean(f.unit), "\t", clean(f.qualifier), "\t",
                   clean(f.surface), "\n")
        end
      end
    end
  end
end
os.exit(status)
