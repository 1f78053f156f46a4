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
local cut = require("assay.term").cut

-- A cell's text as pieces a line may break between, each with its width
-- and the spaces before it (dropped when a line breaks there).  A line
-- breaks at a space, unless the space joins a qualifier to its figure
-- ("≥ 860万元"), a figure to its marks ("8000元 [2020]*", "3.2亿元 ⊂") or
-- sits inside a short ( ) or [ ] group; and between CJK characters, unless they belong to
-- a figure ("582.4万人": a number, the character after it and the unit
-- characters after that) or a closing mark would start a line.  So a
-- figure is never cut, and "; " (how reports list figures) always breaks.
local QUAL = {}       -- a space after these joins: a qualifier or an operator
for c in text.chars("≥≤≈<>=+−-×~±⊂") do QUAL[c] = true end
local MARK = {}       -- a space before these joins: a mark that follows a figure
for c in text.chars("[(⊂⊃*=≈+−×~±") do MARK[c] = true end
local NOSTART = {}    -- never starts a line (closing punctuation)
for c in text.chars(",.;:?!)]%*，。、；：？！）」』”’》〉】…") do NOSTART[c] = true end
local NOEND = {}      -- never ends a line (opening brackets and quotes)
for c in text.chars("([（「『“‘《〈【≥≤≈<>±−") do NOEND[c] = true end
local UNIT = {}       -- characters of a number's unit, after its first character
for c in text.chars("万亿千百十多余元人户个次亩家座所项名公里米平方吨斤分点倍间套台辆头只条处期批栋年月日度岁") do
  UNIT[c] = true
end

local GROUP = 18      -- a bracketed group up to this wide is not broken

local DIGIT = {}
for d = 0, 9 do DIGIT[tostring(d)] = true end

-- loose: every space breaks, held groups too (for a piece wider than a
-- line).  The pieces as three arrays (many cells are long: no table each):
-- {text = {...}, w = {...}, sp = {...}}
local function pieces (s, loose)
  local chars, ws = {}, {}
  for ch in text.chars(s) do chars[#chars + 1] = ch; ws[#chars] = text.width(ch) end
  -- held[i]: char i is inside a short ( ) or [ ] group
  local held, open = {}, {}
  if not loose and s:find("[%(%[]") then
    for i, ch in ipairs(chars) do
      if ch == "(" or ch == "[" then open[#open + 1] = i
      elseif (ch == ")" or ch == "]") and #open > 0 then
        local o = table.remove(open)
        local gw = 0
        for k = o, i do gw = gw + ws[k] end
        if gw <= GROUP then for k = o + 1, i do held[k] = true end end
      end
    end
  end
  local ts, tw, tsp, n = {}, {}, {}, 0
  local buf, w = nil, 0
  local prev, pw, space, fig, sp = nil, 0, nil, false, ""
  for i, ch in ipairs(chars) do
    if ch == " " then
      if prev then space = (space or "") .. " " end
    else
      local cw = ws[i]
      local unit = fig and cw == 2 and not space and (DIGIT[prev] or UNIT[ch])
      local brk = false
      if prev and (loose or not held[i]) then
        if space then
          brk = loose or (not QUAL[prev] and not MARK[ch])
        else
          brk = cw > 0 and (pw == 2 or cw == 2) and not NOSTART[ch] and not NOEND[prev] and not unit
        end
      end
      if brk then
        n = n + 1; ts[n], tw[n], tsp[n] = buf, w, sp
        buf, w, sp = ch, cw, space or ""
      else
        if space then buf = buf .. space; w = w + #space end
        buf = buf and buf .. ch or ch; w = w + cw
      end
      space = nil
      fig = DIGIT[ch] or (fig and ch == ".") or unit
      prev, pw = ch, cw
    end
  end
  if buf then n = n + 1; ts[n], tw[n], tsp[n] = buf, w, sp end
  return { text = ts, w = tw, sp = tsp }
end

-- pieces(s) remembered while a table is fitted (a cell is measured, then
-- wrapped, then wrapped again for the other form)
local memo
local function pieces_of (s)
  local ps = memo and memo[s]
  if not ps then
    ps = pieces(s)
    if memo then memo[s] = ps end
  end
  return ps
end

-- the widest piece of s: the narrowest s can be wrapped without a cut;
-- s's own width when that is at most floor (all a caller needs to know)
local function narrowest (s, floor)
  local m = text.width(s)
  if m <= (floor or 0) then return m end
  m = 0
  for _, pw in ipairs(pieces_of(s).w) do m = math.max(m, pw) end
  return m
end

-- s as lines of at most w columns.  A piece wider than w breaks at its
-- spaces, then (the last resort, a run with no break in it) between any
-- two characters.
local function wrap (s, w)
  if text.width(s) <= w then return { s } end
  local lines, cur, cw = {}, {}, 0
  local function add (t, tw) cur[#cur + 1] = t; cw = cw + tw end
  local function push () lines[#lines + 1] = table.concat(cur); cur, cw = {}, 0 end
  local function fill (ps, loose)
    for k, pt in ipairs(ps.text) do
      local pw, sp = ps.w[k], ps.sp[k]
      local gap = cw > 0 and #sp or 0
      if cw > 0 and cw + gap + pw > w then push(); gap = 0 end
      if pw <= w then
        if gap > 0 then add(sp, gap) end
        add(pt, pw)
      elseif not loose then
        local sub = pieces(pt, true)
        sub.sp[1] = sp
        fill(sub, true)
      else
        if cw > 0 then push() end
        for ch in text.chars(pt) do
          local chw = text.width(ch)
          if cw > 0 and cw + chw > w then push() end
          add(ch, chw)
        end
      end
    end
  end
  fill(pieces_of(s))
  if cw > 0 or #lines == 0 then push() end
  return lines
end
M.wrap = wrap

-- a line of text into out, wrapped when wider than width (if given)
local function put (out, s, width)
  if not width or text.width(s) <= width then out[#out + 1] = s; return end
  for _, l in ipairs(wrap(s, width)) do out[#out + 1] = l end
end

-- a wrapped column is never narrower (unless all of it is): 16, else 12
-- when that is what it takes to fit
local WRAP_MIN = { 16, 12 }

-- today's form: one line a row, as wide as it takes
local function wide_table (b, cells, w, right, out)
  local line = {}
  for i, c in ipairs(b.columns) do line[i] = pad(c.title, w[i]) end
  out[#out + 1] = (table.concat(line, "  "):gsub("%s+$", ""))
  for i = 1, #b.columns do line[i] = string.rep("-", w[i]) end
  out[#out + 1] = table.concat(line, "  ")
  for r, row in ipairs(b.rows) do
    for i, c in ipairs(b.columns) do line[i] = pad(cells[r][i], w[i], right(i, row[c.key])) end
    out[#out + 1] = (table.concat(line, "  "):gsub("%s+$", ""))
  end
end

-- the widths of the columns wrapped to fit width, or nil when they cannot
-- be narrowed enough (unless force): none below its widest piece or floor; the room
-- above that shared evenly, so a column that wants a little gets it all
local function wrap_widths (natural, widest, width, force, floor)
  local n = #natural
  local least, want, room, wanted = {}, {}, width - 2 * (n - 1), 0
  for i = 1, n do
    -- the first column names the row: kept whole up to a fifth of the width
    least[i] = math.min(natural[i], math.max(widest[i], floor, i == 1 and width // 5 or 0))
    want[i] = natural[i] - least[i]
    room, wanted = room - least[i], wanted + want[i]
  end
  if room < 0 and not force then return nil end
  while room < 0 do                     -- forced: the widest give way, cutting pieces, down to 4
    local k
    for i = 1, n do if least[i] > math.min(natural[i], 4) and (not k or least[i] > least[k]) then k = i end end
    if not k then break end
    least[k], room = least[k] - 1, room + 1
  end
  local w = {}
  for i = 1, n do w[i] = least[i] end
  for _ = 1, math.min(math.max(room, 0), wanted) do  -- a column at a time to the one given least
    local k
    for i = 1, n do if w[i] < natural[i] and (not k or w[i] - least[i] < w[k] - least[k]) then k = i end end
    w[k] = w[k] + 1
  end
  return w
end

-- cells wrapped within their columns; the title row wraps too
local function wrapped_table (b, cells, w, right, out)
  local function emit (texts, row)
    local ls, lw, h = {}, {}, 1
    for i = 1, #b.columns do
      ls[i], lw[i] = wrap(texts[i], w[i]), 0
      for _, l in ipairs(ls[i]) do lw[i] = math.max(lw[i], text.width(l)) end
      h = math.max(h, #ls[i])
    end
    for j = 1, h do
      local line = {}
      for i, c in ipairs(b.columns) do   -- a right-aligned cell's lines: a block, flush left within it
        local l = ls[i][j] or ""
        if row and right(i, row[c.key]) then line[i] = pad(pad(l, lw[i]), w[i], true)
        else line[i] = pad(l, w[i]) end
      end
      out[#out + 1] = (table.concat(line, "  "):gsub("%s+$", ""))
    end
  end
  local titles = {}
  for i, c in ipairs(b.columns) do titles[i] = c.title end
  emit(titles)
  local line = {}
  for i = 1, #b.columns do line[i] = string.rep("-", w[i]) end
  out[#out + 1] = table.concat(line, "  ")
  for r, row in ipairs(b.rows) do emit(cells[r], row) end
end

-- each row a block: its first cell as the heading, then one "column  value"
-- line per cell that is not empty, values wrapped beside their names (cut
-- to maxw columns first when given).  titles: the columns' names; cells[r][i]:
-- texts.  The only "\x auto" form: the REPL's rows wider than the terminal too.
local function expanded_table (titles, cells, width, out, maxw)
  local lw = 0
  for i = 2, #titles do lw = math.max(lw, text.width(titles[i])) end
  lw = math.min(lw, width // 3)
  local vw = math.max(width - 2 - lw - 2, 1)
  for r = 1, #cells do
    if r > 1 then out[#out + 1] = "" end
    local row = cells[r]
    if maxw then
      row = {}
      for i = 1, #titles do row[i] = cut(cells[r][i], maxw) end
    end
    local key = row[1] ~= "" and row[1] or "(" .. titles[1] .. " empty)"
    put(out, key, width)
    for i = 2, #titles do
      if row[i] ~= "" then
        local ls, vs = wrap(titles[i], lw), wrap(row[i], vw)
        for j = 1, math.max(#ls, #vs) do
          out[#out + 1] = ("  " .. pad(ls[j] or "", lw) .. "  " .. (vs[j] or "")):gsub("%s+$", "")
        end
      end
    end
  end
end

M.expanded_table = expanded_table

M.LAYOUTS = { auto = true, wide = true, wrap = true, expanded = true }

-- opts.width: the columns to fit (nil: no limit); opts.layout: "auto" (wide
-- when the table fits, else wrapped when the columns can be narrowed
-- enough and that is no taller, else expanded), "wide", "wrap" or "expanded"
local function term_table (b, out, opts)
  local width, layout = opts.width, opts.layout or "auto"
  if b.title then put(out, b.title, width) end
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
  if layout == "auto" then
    local total = 2 * (#w - 1)
    for i = 1, #w do total = total + w[i] end
    layout = (not width or total <= width) and "wide" or "fit"
  end
  local titles = {}
  for i, c in ipairs(b.columns) do titles[i] = c.title end
  local ww
  if layout == "fit" or layout == "wrap" then
    local widest, floor = {}, WRAP_MIN[#WRAP_MIN]   -- each column's widest piece
    memo = {}
    for i, c in ipairs(b.columns) do
      widest[i] = narrowest(c.title, floor)
      for r = 1, #cells do widest[i] = math.max(widest[i], narrowest(cells[r][i], floor)) end
    end
    for k, floor in ipairs(WRAP_MIN) do
      ww = ww or wrap_widths(w, widest, width or 80, layout == "wrap" and k == #WRAP_MIN, floor)
    end
  end
  if layout == "fit" and ww then         -- wrapped unless that is taller than expanded
    local a, x = {}, {}
    wrapped_table(b, cells, ww, right, a)
    expanded_table(titles, cells, width, x)
    for _, l in ipairs(#a <= #x and a or x) do out[#out + 1] = l end
  elseif ww then wrapped_table(b, cells, ww, right, out)
  elseif layout == "wide" then wide_table(b, cells, w, right, out)
  else expanded_table(titles, cells, width or 80, out) end
  memo = nil
  if b.note then put(out, b.note, width) end
end

-- opts as term_table's; text blocks wider than opts.width are wrapped
function M.render_table (blocks, opts)
  opts = opts or {}
  local out = {}
  for _, b in ipairs(blocks) do
    if #out > 0 then out[#out + 1] = "" end
    if b.type == "heading" then
      out[#out + 1] = b.text
      out[#out + 1] = string.rep(b.level <= 1 and "=" or "-", text.width(b.text))
    elseif b.type == "text" then put(out, b.text, opts.width)
    elseif b.type == "table" then term_table(b, out, opts)
    elseif b.type == "chart" then
      put(out, "(chart: " .. (b.chart.title or b.chart.type or "") .. " — see --format html)", opts.width)
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

-- v in units of scale, exactly: the fewest decimals (4 to 8) that give v back
-- (12345.67万元 is 1.2345667亿元, never 1.2346亿元), else nil
local function exact_in (v, scale)
  for d = 4, 8 do
    local s = short(v / scale, d)
    local back = tonumber(s) * scale
    if math.abs(back - v) <= 1e-9 * math.max(1, math.abs(v)) then return s end
  end
end

-- digits: decimals kept (rounded: for a figure the text does not state);
-- without it the figure is written exactly, in 亿 or 万 when that is exact
-- to 8 decimals, else in full
function M.amount (v, unit, digits)
  unit = unit or ""
  if type(v) ~= "number" then return cell(v) .. unit end
  local a = math.abs(v)
  -- (in 万/亿 as the texts write them: 106.93万户, not 1069300户)
  if unit == "元" or unit == "人" or unit == "人次" or unit == "户" then
    for _, sc in ipairs({ { 1e8, "亿" }, { 1e4, "万" } }) do
      if a >= sc[1] * (sc[1] == 1e4 and 10 or 1) then
        local s
        if digits then s = short(v / sc[1], digits) else s = exact_in(v, sc[1]) end
        if s then return s .. sc[2] .. unit end
      end
    end
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
  if format == "table" then return M.render_table(rep.blocks, opts) end
  if format == "md" then return M.render_md(rep.blocks) end
  if format == "csv" then return M.render_csv(rep.blocks) end
  if format == "json" then return M.render_json(rep.blocks, rep.meta) end
  if format == "html" then return require("assay.report.html").render(rep, opts or {}, M) end
  error("unknown report format '" .. tostring(format) .. "' (table, md, csv, json, html)", 2)
end

return M
