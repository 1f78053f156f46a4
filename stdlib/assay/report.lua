-- assay/report.lua: reports as a list of blocks, rendered in one of
-- several formats.  A report script (run by `assay report SCRIPT`) gets a
-- global `report` (a fresh Report) and `db`, and adds blocks:
--
--   report:heading("Indicators by region")
--   report:text("Sums of exact figures; 多/余 figures are lower bounds.")
--   report:table{ columns = { "region", "kind", "value" }, rows = rows,
--                 align = { value = "right" }, facts = "fact_ids" }
--   report:chart{ type = "bar", title = "...", x = {...}, series = { {name=, data={...}} } }
--
-- Renderers: "table" (terminal, CJK-width aligned), "md", "csv", "json",
-- "html" (self-contained; see assay.report.html).  Cells are strings,
-- numbers or rich cells {text =, v = sort value, facts = {fact ids}}; a row
-- may also carry the fact ids behind the whole row (row[facts_field] =
-- {id, ...}).  The HTML report links each figure to its sentences.
--
-- Helpers for report scripts: report.figure(value, unit, qualifier) ->
-- "≥ 860万元"; report.load(db) -> docs, articles and facts in one table
-- (see docs/reports.md).  Parts: assay.report.data (that table, from the
-- database) and assay.report.html (the page); this file is the block
-- model and the text renderers, and the face scripts require.
local text = require "assay.text"
local json = require "assay.json"

local M = {}
local Report = {}
Report.__index = Report

function M.new (meta)
  return setmetatable({ blocks = {}, meta = meta or {} }, Report)
end

local function check (cond, msg) if not cond then error(msg, 3) end end

function Report:heading (s, level)
  check(type(s) == "string", "report:heading: text must be a string")
  self.blocks[#self.blocks + 1] = { type = "heading", text = s, level = level or 2 }
end

function Report:text (s)
  check(type(s) == "string", "report:text: text must be a string")
  self.blocks[#self.blocks + 1] = { type = "text", text = s }
end

-- t = {columns = {names} or {{key=, title=}...}, rows = {row tables}, title =,
-- align = {key = "left"|"right"}, facts = field holding fact id arrays}
function Report:table (t)
  check(type(t) == "table" and type(t.rows) == "table", "report:table: needs {columns =, rows =}")
  local cols = {}
  if t.columns then
    for i, c in ipairs(t.columns) do
      if type(c) == "string" then cols[i] = { key = c, title = c }
      else cols[i] = { key = c.key or c[1], title = c.title or c.key or c[1] } end
    end
  else
    local r1 = t.rows[1] or {}
    local keys = {}
    for k in pairs(r1) do if k ~= t.facts then keys[#keys + 1] = k end end
    table.sort(keys, function (a, b) return tostring(a) < tostring(b) end)
    for i, k in ipairs(keys) do cols[i] = { key = k, title = tostring(k) } end
  end
  local long = t.long
  check(long == nil or (type(long) == "table" and type(long.columns) == "table" and type(long.rows) == "table"),
        "report:table: long must be {columns = {names}, rows = {...}}")
  self.blocks[#self.blocks + 1] = { type = "table", title = t.title, columns = cols, rows = t.rows,
                                    align = t.align or {}, facts = t.facts, note = t.note, long = long }
end

function Report:chart (c)
  check(type(c) == "table" and c.series, "report:chart: needs {type =, x =, series =}")
  self.blocks[#self.blocks + 1] = { type = "chart", chart = c }
end

-- {====== cell formatting ======
local cell
function cell (v)
  if v == nil then return "" end
  if type(v) == "table" and getmetatable(v) == nil and (v.text ~= nil or v.facts) then
    return cell(v.text)
  end
  if math.type(v) == "float" then
    if v == math.floor(v) and math.abs(v) < 2 ^ 53 then return string.format("%d", v) end
    return (string.format("%.4f", v):gsub("0+$", ""):gsub("%.$", ""))
  end
  if type(v) == "table" then return json.encode(v) end
  return tostring(v)
end
M.cell = cell

local function isnum (v)
  if type(v) == "table" and getmetatable(v) == nil then v = v.v end
  return type(v) == "number"
end
-- }======

-- {====== terminal ======
local pad = require("assay.term").pad
M.pad = pad

local function term_table (b, out)
  if b.title then out[#out + 1] = b.title end
  local w = {}
  for i, c in ipairs(b.columns) do w[i] = text.width(c.title) end
  local cells = {}
  for r, row in ipairs(b.rows) do
    cells[r] = {}
    for i, c in ipairs(b.columns) do
      local s = cell(row[c.key]):gsub("[\r\n\t]", " ")
      cells[r][i] = s
      w[i] = math.max(w[i], text.width(s))
    end
  end
  local function right (i, v)
    local a = b.align[b.columns[i].key]
    if a then return a == "right" end
    return isnum(v)
  end
  local line = {}
  for i, c in ipairs(b.columns) do line[i] = pad(c.title, w[i]) end
  out[#out + 1] = (table.concat(line, "  "):gsub("%s+$", ""))
  for i = 1, #b.columns do line[i] = string.rep("-", w[i]) end
  out[#out + 1] = table.concat(line, "  ")
  for r, row in ipairs(b.rows) do
    for i, c in ipairs(b.columns) do line[i] = pad(cells[r][i], w[i], right(i, row[c.key])) end
    out[#out + 1] = (table.concat(line, "  "):gsub("%s+$", ""))
  end
  if b.note then out[#out + 1] = b.note end
end

function M.render_table (blocks)
  local out = {}
  for _, b in ipairs(blocks) do
    if #out > 0 then out[#out + 1] = "" end
    if b.type == "heading" then
      out[#out + 1] = b.text
      out[#out + 1] = string.rep(b.level <= 1 and "=" or "-", text.width(b.text))
    elseif b.type == "text" then out[#out + 1] = b.text
    elseif b.type == "table" then term_table(b, out)
    elseif b.type == "chart" then
      out[#out + 1] = "(chart: " .. (b.chart.title or b.chart.type or "") .. " — see --format html)"
    end
  end
  return table.concat(out, "\n") .. "\n"
end
-- }======

-- {====== markdown ======
local function md_escape (s) return (s:gsub("|", "\\|"):gsub("[\r\n]", " ")) end

function M.render_md (blocks)
  local out = {}
  for _, b in ipairs(blocks) do
    if b.type == "heading" then out[#out + 1] = string.rep("#", b.level) .. " " .. b.text
    elseif b.type == "text" then out[#out + 1] = b.text
    elseif b.type == "table" then
      if b.title then out[#out + 1] = "**" .. md_escape(b.title) .. "**\n" end
      local head, sep = {}, {}
      for i, c in ipairs(b.columns) do
        head[i] = md_escape(c.title)
        local r = b.align[c.key] == "right" or (b.align[c.key] == nil and b.rows[1] and isnum(b.rows[1][c.key]))
        sep[i] = r and "---:" or "---"
      end
      local t = { "| " .. table.concat(head, " | ") .. " |", "|" .. table.concat(sep, "|") .. "|" }
      for _, row in ipairs(b.rows) do
        local cs = {}
        for i, c in ipairs(b.columns) do cs[i] = md_escape(cell(row[c.key])) end
        t[#t + 1] = "| " .. table.concat(cs, " | ") .. " |"
      end
      out[#out + 1] = table.concat(t, "\n")
      if b.note then out[#out + 1] = b.note end
    elseif b.type == "chart" then
      out[#out + 1] = "_(chart: " .. (b.chart.title or b.chart.type or "") .. ")_"
    end
  end
  return table.concat(out, "\n\n") .. "\n"
end
-- }======

-- {====== csv (RFC 4180) ======
local function csv_field (s)
  if s:find('[,"\r\n]') then return '"' .. s:gsub('"', '""') .. '"' end
  return s
end

-- a number in full: the shortest form that reads back as the same value
local function exact (v)
  if math.type(v) == "integer" then return string.format("%d", v) end
  if v == math.floor(v) and math.abs(v) < 2 ^ 53 then return string.format("%d", v) end
  local s = string.format("%.15g", v)
  if tonumber(s) ~= v then s = string.format("%.17g", v) end
  return s
end
M.exact = exact

-- the table csv and json export: the long form when the script gave one
local function export (b)
  if not b.long then return b end
  local cols = {}
  for i, c in ipairs(b.long.columns) do cols[i] = { key = c, title = c } end
  return { columns = cols, rows = b.long.rows, title = b.title }
end

function M.render_csv (blocks)
  local out = {}
  for _, b0 in ipairs(blocks) do
    if b0.type == "table" then
      local b = export(b0)
      if #out > 0 then out[#out + 1] = "" end
      local head = {}
      for i, c in ipairs(b.columns) do head[i] = csv_field(c.title) end
      out[#out + 1] = table.concat(head, ",")
      for _, row in ipairs(b.rows) do
        local cs = {}
        for i, c in ipairs(b.columns) do
          local v = row[c.key]
          cs[i] = csv_field(type(v) == "number" and exact(v) or cell(v))
        end
        out[#out + 1] = table.concat(cs, ",")
      end
    end
  end
  return table.concat(out, "\r\n") .. "\r\n"
end
-- }======

function M.render_json (blocks, meta)
  local out = {}
  for i, b0 in ipairs(blocks) do
    if b0.type == "table" then
      local b = export(b0)
      local rows = {}
      for r, row in ipairs(b.rows) do
        local o = {}
        for _, c in ipairs(b.columns) do o[c.title] = row[c.key] end
        if b.facts and row[b.facts] then o.facts = row[b.facts] end
        rows[r] = o
      end
      local cols = {}
      for k, c in ipairs(b.columns) do cols[k] = c.title end
      out[i] = { type = "table", title = b.title, columns = cols, rows = json.array(rows) }
    elseif b0.type == "chart" then
      -- one point per label, null where a series has none (a sparse
      -- array would become an object)
      local c, series = b0.chart, {}
      local nx = #(c.x or {})
      for k, s in ipairs(c.series) do
        local d, fs = {}, {}
        for j = 1, nx do
          local v = s.data and s.data[j]
          d[j] = v == nil and json.null or v
          local ids = s.facts and s.facts[j]
          fs[j] = type(ids) == "table" and json.array(ids) or json.null
        end
        series[k] = { name = s.name, data = json.array(d), facts = json.array(fs) }
      end
      local o = {}
      for k, v in pairs(c) do o[k] = v end
      o.series = json.array(series)
      out[i] = { type = "chart", chart = o }
    else
      out[i] = b0
    end
  end
  return json.encode({ report = meta and meta.title, blocks = json.array(out) }) .. "\n"
end

-- {====== helpers for report scripts ======

-- a number as people write it: 55740000 元 -> "5574万元", 1163000000 -> "11.63亿元"
local function short (v, digits)
  return (string.format("%." .. (digits or 4) .. "f", v):gsub("0+$", ""):gsub("%.$", ""))
end

-- digits: decimals kept (default 4: exact for 万元 amounts given to the 元)
function M.amount (v, unit, digits)
  unit = unit or ""
  if type(v) ~= "number" then return cell(v) .. unit end
  local a = math.abs(v)
  if unit == "元" or unit == "人" or unit == "人次" then
    if a >= 1e8 then return short(v / 1e8, digits) .. "亿" .. unit end
    if a >= 1e5 then return short(v / 1e4, digits) .. "万" .. unit end
  end
  if digits and math.type(v) == "float" then return short(v, digits) .. unit end
  return cell(v) .. unit
end

local QUAL = { min = "≥ ", max = "≤ ", approx = "≈ " }
-- a figure with its qualifier: min -> "≥ 860万元" (a lower bound)
function M.figure (v, unit, qualifier)
  return (QUAL[qualifier] or "") .. M.amount(v, unit)
end

-- the report data (facts database -> docs, articles, facts): assay.report.data
local data = require "assay.report.data"
M.has_table, M.columns, M.decode, M.KINDS = data.has_table, data.columns, data.decode, data.KINDS
M.load, M.data, M.doc_text = data.load, data.data, data.doc_text

local function near (a, b) return math.abs(a - b) <= 1e-9 * math.max(1, math.abs(a), math.abs(b)) end
M.near = near

-- the fact kinds that are figures (not slogans or metadata)
function M.is_figure (f)
  return f.kind ~= "slogan" and f.kind ~= "meta" and f.kind ~= "article" and type(f.value) == "number"
end

-- ids of an array of facts, for rich cells
function M.ids (facts)
  local t = {}
  for i, f in ipairs(facts) do t[i] = f.id end
  return t
end
-- }======

M.FORMATS = { table = true, md = true, csv = true, json = true, html = true }

function M.render (rep, format, opts)
  if format == "table" then return M.render_table(rep.blocks) end
  if format == "md" then return M.render_md(rep.blocks) end
  if format == "csv" then return M.render_csv(rep.blocks) end
  if format == "json" then return M.render_json(rep.blocks, rep.meta) end
  if format == "html" then return require("assay.report.html").render(rep, opts or {}, M) end
  error("unknown report format '" .. tostring(format) .. "' (table, md, csv, json, html)", 2)
end

return M
