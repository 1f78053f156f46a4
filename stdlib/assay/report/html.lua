-- assay/report/html.lua: a report as one self-contained HTML page (a part
-- of assay.report: report.render(rep, "html", opts) calls it).
--
--   require("assay.report.html").render(rep, opts, cells) -> string
--     cells         what formats a value: cells.cell(v), cells.exact(v), cells.figure(value,
--                   unit, qualifier) (assay.report passes itself: this
--                   module does not require it back)
--     opts.db       the open facts database: each fact id behind a cell or a
--                   chart point is embedded with its sentence (provenance)
--     opts.title    page title (default rep.meta.title)
--     opts.echarts  path of echarts.min.js (default: $ASSAY_ECHARTS, then
--                   build/echarts.min.js beside the assay binary, then
--                   PREFIX/share/assay/echarts.min.js (make install), then in
--                   the current directory; false: none); without it charts
--                   become tables
--
-- Document text is untrusted.  Every string goes into the page either
-- through esc() (element content and attribute values) or inside the JSON
-- data block, where json_script() leaves no "<", ">", "&" or line/paragraph
-- separator for the HTML parser or an old JS engine to act on; the page's
-- own script builds the provenance panel with textContent only.  A
-- Content-Security-Policy with a per-page nonce is the second wall: scripts
-- without the nonce, inline event handlers and every network load are
-- refused, so the file works offline and an escaping slip cannot run code.
local json = require "assay.json"
local text = require "assay.text"

local M = {}

local ESC = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }

-- Text for element content and quoted attribute values.
function M.escape (s)
  return (tostring(s):gsub("[&<>\"']", ESC))
end
local esc = M.escape

-- JSON safe inside <script type="application/json">: "</script>" and "<!--"
-- cannot occur, and U+2028/2029 are escaped for JS engines that treat them
-- as line ends.  These characters only ever occur inside JSON strings, where
-- \uXXXX means the same.
function M.json_script (v)
  return (json.encode(v):gsub("[<>&]", { ["<"] = "\\u003c", [">"] = "\\u003e", ["&"] = "\\u0026" })
                        :gsub("\226\128\168", "\\u2028"):gsub("\226\128\169", "\\u2029"))
end

local function readfile (p)
  local f = p and io.open(p, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

function M.find_echarts (opts)
  if opts and opts.echarts == false then return nil, "nowhere: charts switched off" end
  local tried = {}
  local cands = { opts and opts.echarts, os.getenv("ASSAY_ECHARTS") }
  local ok, host = pcall(require, "assay.host")
  if ok and host.exepath then
    local exe = host.exepath()
    local dir = exe and exe:match("^(.*)/[^/]*$")
    if dir then
      cands[#cands + 1] = dir .. "/build/echarts.min.js"
      cands[#cands + 1] = dir .. "/../share/assay/echarts.min.js"       -- make install
    end
  end
  cands[#cands + 1] = "build/echarts.min.js"
  for i = 1, 5 do
    local p = cands[i]
    if p then
      tried[#tried + 1] = p
      local s = readfile(p)
      -- the library is inlined in a <script>: it must not close it
      if s and #s > 0 and not s:lower():find("</script", 1, true) then return s, p end
    end
  end
  return nil, table.concat(tried, ", ")
end

-- {====== provenance ======
local CONTEXT = 240        -- bytes of sentence kept on each side of a span

-- cut s to at most n bytes at its start (tail = true: at its end), on a
-- character boundary, marking the cut with an ellipsis
local function clip (s, n, tail)
  if #s <= n then return s end
  if tail then
    local i = #s - n + 1
    while i <= #s and s:byte(i) >= 0x80 and s:byte(i) < 0xC0 do i = i + 1 end
    return "…" .. s:sub(i)
  end
  local j = n
  while j > 0 and s:byte(j + 1) and s:byte(j + 1) >= 0x80 and s:byte(j + 1) < 0xC0 do j = j - 1 end
  return s:sub(1, j) .. "…"
end

local cells                        -- render's argument: cell and figure
local function figure (f)
  return cells.figure(f.value, f.unit, f.qualifier)
end

-- One fact as the page shows it: where, what, and its sentence in three
-- parts (before, the span, after).
local function provenance (d, id)
  local f = d:one([[SELECT f.id, f.kind, f.value, f.unit, f.qualifier, f.surface, f.start, f.stop,
                    f.region, f.period, f.rule, d.id AS doc_id, d.key, d.name, d.title, d.text
                    FROM facts f JOIN docs d ON d.id = f.doc_id WHERE f.id = ?]], id)
  if not f then return nil end
  local show = require "assay.provenance"
  local t = f.text or ""
  local p = { doc = f.key, name = require("assay.report.data").doc_label(d, f.name, f.key), title = f.title, kind = f.kind, rule = f.rule,
              figure = figure(f), surface = f.surface, region = f.region, period = f.period,
              doc_id = f.doc_id }
  if f.start and f.stop and f.start >= 1 and f.stop <= #t and f.stop >= f.start then
    p.line = text.lineno(t, f.start)
    local ss, se = show.sentence_around(t, f.start, f.stop)
    local sent = t:sub(ss, se)
    local a, b = f.start - ss + 1, f.stop - ss + 1
    p.before = clip((sent:sub(1, a - 1):gsub("^%s+", "")), CONTEXT, true)
    p.match = sent:sub(a, b)
    p.after = clip((sent:sub(b + 1):gsub("%s+$", "")), CONTEXT)
  else
    p.before, p.match, p.after = "", f.surface or "", ""
  end
  for k, v in pairs(p) do                           -- invalid bytes would break the JSON's UTF-8
    if type(v) == "string" then p[k] = (text.sanitize(v)) end
  end
  return p
end
-- }======

-- {====== blocks ======
local report_cell

local function cell_parts (v)
  if type(v) == "table" and getmetatable(v) == nil and (v.text ~= nil or v.facts) then
    return report_cell(v.text), v.v, v.facts, type(v.how) == "string" and v.how or nil
  end
  return report_cell(v), type(v) == "number" and v or nil, nil
end

local function prov_link (label, ids, want)
  local parts = {}
  for i, id in ipairs(ids) do
    if math.type(id) == "integer" then parts[#parts + 1] = tostring(id); want[id] = true end
    if i > 200 then break end
  end
  if #parts == 0 then return esc(label) end
  return '<a class="prov" href="#" data-facts="' .. table.concat(parts, " ") .. '">' .. esc(label) .. "</a>"
end

local function html_table (b, out, want)
  out[#out + 1] = '<div class="tablewrap">'
  if b.title then out[#out + 1] = "<h3>" .. esc(b.title) .. "</h3>" end
  out[#out + 1] = '<table class="sortable"><thead><tr>'
  local rowfacts = b.facts
  for i, c in ipairs(b.columns) do
    out[#out + 1] = '<th data-col="' .. (i - 1) .. '" title="sort">' .. esc(c.title) .. "</th>"
  end
  if rowfacts then out[#out + 1] = '<th data-col="' .. #b.columns .. '">sources</th>' end
  out[#out + 1] = "</tr></thead><tbody>"
  for _, row in ipairs(b.rows) do
    out[#out + 1] = "<tr>"
    for _, c in ipairs(b.columns) do
      local s, v, ids, how = cell_parts(row[c.key])
      local right = b.align[c.key] == "right" or (b.align[c.key] == nil and v ~= nil)
      local attrs = right and ' class="num"' or (#s <= 48 and ' class="nw"' or "")
      if v ~= nil then
        attrs = attrs .. ' data-v="' .. esc(type(v) == "number" and cells.exact(v) or report_cell(v)) .. '"'
      end
      if how then attrs = attrs .. ' title="' .. esc(how) .. '"' end
      local body = ids and #ids > 0 and prov_link(s, ids, want) or esc(s)
      out[#out + 1] = "<td" .. attrs .. ">" .. body .. "</td>"
    end
    if rowfacts then
      local ids = row[rowfacts]
      if type(ids) == "table" and #ids > 0 then
        out[#out + 1] = '<td class="num" data-v="' .. #ids .. '">' ..
                        prov_link(#ids == 1 and "1 fact" or (#ids .. " facts"), ids, want) .. "</td>"
      else
        out[#out + 1] = "<td></td>"
      end
    end
    out[#out + 1] = "</tr>"
  end
  out[#out + 1] = "</tbody></table>"
  if b.note then out[#out + 1] = '<p class="note">' .. esc(b.note) .. "</p>" end
  out[#out + 1] = "</div>"
end

-- distinct colours: the kinds of fact are up to 12 series in one chart
local PALETTE = { "#3b6ea8", "#d9822b", "#4a9c5d", "#b5493c", "#7b5ea7", "#8c6d46",
                  "#c45c9b", "#6f7f8f", "#b3a23a", "#3aa7b3", "#1c2f5e", "#e8c468",
                  "#6bd08f", "#5a1d2a", "#f29fc6", "#000000" }

-- ECharts options from a chart block (data only: no functions, so they
-- travel as JSON)
local function echarts_option (c)
  local horizontal = c.horizontal
  local cat = { type = "category", data = json.array(c.x or {}), axisLabel = { interval = 0, rotate = (not horizontal and #(c.x or {}) > 6) and 30 or 0 } }
  -- log = true: a logarithmic value axis, so that amounts of different
  -- magnitudes (860万 beside 210亿) all show
  local val = { type = c.log and "log" or "value", name = c.unit,
                minInterval = (c.integer and not c.log) and 1 or nil }
  local series = {}
  for i, s in ipairs(c.series) do
    -- one point per label, empty ones as null (not ipairs: a series whose
    -- first point is empty would lose all of them)
    local data, sd = {}, s.data or {}
    for j = 1, #(c.x or {}) do data[j] = sd[j] ~= nil and sd[j] or json.null end
    series[i] = { type = c.type or "bar", name = s.name, data = json.array(data), stack = c.stack,
                  emphasis = { focus = "series" } }
    if c.type == "pie" then
      local pd = {}
      for j = 1, #(c.x or {}) do pd[j] = { name = c.x[j], value = sd[j] ~= nil and sd[j] or json.null } end
      series[i].data = json.array(pd)
      series[i].radius = "60%"
    end
  end
  local opt = { animation = false, color = PALETTE, title = { text = c.title, left = "center",
                textStyle = { fontSize = 14 } },
                tooltip = { trigger = c.type == "pie" and "item" or "axis" },
                legend = { top = 26, type = "scroll" },
                grid = { left = 10, right = 30, top = 70, bottom = 10, containLabel = true },
                series = json.array(series) }
  if c.type ~= "pie" then
    if horizontal then opt.yAxis, opt.xAxis = cat, val else opt.xAxis, opt.yAxis = cat, val end
  end
  return opt
end

-- the data behind a chart as a table (shown when ECharts is missing, and
-- under each chart for screen readers and copying)
local function chart_table (c)
  local cols = { { key = 1, title = c.xname or "" } }
  for i, s in ipairs(c.series) do cols[#cols + 1] = { key = i + 1, title = s.name or ("series " .. i) } end
  local rows = {}
  for j, x in ipairs(c.x or {}) do
    local r = { x }
    for i, s in ipairs(c.series) do
      local ids = s.facts and s.facts[j]
      r[i + 1] = (ids and #ids > 0) and { text = report_cell(s.data[j]), v = s.data[j], facts = ids } or s.data[j]
    end
    rows[j] = r
  end
  return { type = "table", columns = cols, rows = rows, align = {} }
end
-- }======

local CSS = [[
:root{--fg:#1d2733;--mute:#5b6875;--line:#d6dce3;--acc:#3b6ea8;--bg:#fbfcfd}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;color:var(--fg);background:var(--bg)}
header{padding:14px 24px;border-bottom:1px solid var(--line);background:#fff}
header h1{margin:0;font-size:20px} header p{margin:2px 0 0;color:var(--mute)}
nav{padding:6px 24px;border-bottom:1px solid var(--line);background:#fff;position:sticky;top:0;z-index:5}
nav a{margin-right:14px;color:var(--acc);text-decoration:none}
main{padding:8px 24px 80px;max-width:1400px}
h2{margin:28px 0 8px;font-size:17px;border-bottom:2px solid var(--acc);padding-bottom:2px}
h3{margin:12px 0 4px;font-size:14px}
.note{color:var(--mute);margin:4px 0}
.tablewrap{overflow-x:auto}
table{border-collapse:collapse;margin:6px 0;background:#fff}
th,td{border:1px solid var(--line);padding:3px 8px;vertical-align:top;text-align:left}
th{background:#eef2f6;cursor:pointer;white-space:nowrap;user-select:none}
th.asc::after{content:" ▲"} th.desc::after{content:" ▼"}
td.nw{white-space:nowrap}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
a.prov{color:var(--acc);text-decoration:underline dotted}
.chart{width:100%;max-width:1100px;height:380px;background:#fff;border:1px solid var(--line);margin:8px 0}
details{margin:4px 0 12px}
#prov{position:fixed;right:16px;bottom:16px;width:min(560px,92vw);max-height:60vh;overflow:auto;background:#fff;
 border:1px solid var(--acc);box-shadow:0 4px 18px rgba(0,0,0,.18);padding:10px 14px;z-index:10}
#prov[hidden]{display:none}
#prov .close{float:right;border:0;background:none;font-size:18px;cursor:pointer}
#prov .where{font-weight:600} #prov .meta{color:var(--mute);font-size:12px}
#prov blockquote{margin:4px 0 10px;padding:4px 8px;border-left:3px solid var(--acc);background:#f4f7fa;white-space:pre-wrap}
mark{background:#ffe08a;padding:0 1px}
]]

-- The page's script: sorting, provenance panel (textContent only), charts.
local JS = [[
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("assay-data").textContent);
  var facts = data.facts || {};
  var panel = document.getElementById("prov"), body = document.getElementById("prov-body");
  function el(tag, cls, txt) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (txt !== undefined && txt !== null) e.textContent = String(txt);
    return e;
  }
  function show(ids) {
    body.textContent = "";
    ids.forEach(function (id) {
      var f = facts[id];
      if (!f) return;
      var box = el("div", "fact");
      box.setAttribute("data-fact", id);
      box.appendChild(el("div", "where", (f.name || f.doc) + (f.line ? ":" + f.line : "") + "  ·  " + f.kind + "  " + f.figure));
      var meta = [];
      if (f.region) meta.push(f.region);
      if (f.period) meta.push(f.period);
      if (f.title) meta.push("《" + f.title + "》");
      meta.push("fact " + id + ", rule " + f.rule);
      box.appendChild(el("div", "meta", meta.join("  ·  ")));
      var q = el("blockquote", "sentence");
      q.appendChild(document.createTextNode(f.before || ""));
      q.appendChild(el("mark", null, f.match || ""));
      q.appendChild(document.createTextNode(f.after || ""));
      box.appendChild(q);
      body.appendChild(box);
    });
    panel.hidden = false;
  }
  window.assayShow = show;
  function ids(a) { return (a.getAttribute("data-facts") || "").split(" ").filter(Boolean); }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a.prov");
    if (a) { ev.preventDefault(); show(ids(a)); return; }
    if (ev.target.closest && ev.target.closest("#prov .close")) { panel.hidden = true; return; }
    var th = ev.target.closest && ev.target.closest("table.sortable th");
    if (th) sortBy(th);
  });
  document.addEventListener("mouseover", function (ev) {
    var a = ev.target.closest && ev.target.closest("a.prov");
    if (a) show(ids(a));
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") panel.hidden = true; });
  function key(td) {
    if (!td) return "";
    var v = td.getAttribute("data-v");
    if (v !== null && v !== "" && !isNaN(Number(v))) return Number(v);
    return td.textContent;
  }
  function sortBy(th) {
    var table = th.closest("table"), col = Number(th.getAttribute("data-col"));
    var asc = !th.classList.contains("asc");
    table.querySelectorAll("th").forEach(function (h) { h.classList.remove("asc", "desc"); });
    th.classList.add(asc ? "asc" : "desc");
    var tb = table.tBodies[0], rows = Array.prototype.slice.call(tb.rows);
    rows.sort(function (r1, r2) {
      var a = key(r1.cells[col]), b = key(r2.cells[col]);
      var c = (typeof a === "number" && typeof b === "number") ? a - b : String(a).localeCompare(String(b), "zh");
      return asc ? c : -c;
    });
    rows.forEach(function (r) { tb.appendChild(r); });
  }
  if (window.echarts) {
    (data.charts || []).forEach(function (c, i) {
      var node = document.getElementById("chart-" + i);
      if (!node) return;
      var chart = window.echarts.init(node, null, { renderer: "canvas" });
      chart.setOption(c.option);
      chart.on("click", function (p) {
        var s = (c.facts || [])[p.seriesIndex] || [];
        var f = s[p.dataIndex];
        if (f && f.length) show(f.map(String));
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
    document.body.setAttribute("data-charts", "drawn");
  } else {
    document.body.setAttribute("data-charts", "none");
  }
})();
]]

local function nonce ()
  local t = {}
  for i = 1, 18 do t[i] = string.char(("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"):byte(math.random(62))) end
  return table.concat(t)
end

local function anchor (s, n)
  return "s" .. n
end

function M.render (rep, opts, cells_)
  opts = opts or {}
  if type(cells_) ~= "table" then error("report.html.render: argument #3 (cells) must be a table", 2) end
  cells = cells_
  report_cell = cells.cell
  local blocks = rep.blocks
  local title = opts.title or (rep.meta and rep.meta.title) or "report"
  local echarts, where = M.find_echarts(opts)
  local want = {}                  -- fact ids the page links to
  local body, nav, charts = {}, {}, {}
  local sec = 0
  for _, b in ipairs(blocks) do
    if b.type == "heading" then
      local lvl = math.max(2, math.min(4, b.level or 2))
      if lvl == 2 then
        sec = sec + 1
        nav[#nav + 1] = '<a href="#' .. anchor(b.text, sec) .. '">' .. esc(b.text) .. "</a>"
        body[#body + 1] = '<h2 id="' .. anchor(b.text, sec) .. '">' .. esc(b.text) .. "</h2>"
      else
        body[#body + 1] = "<h" .. lvl .. ">" .. esc(b.text) .. "</h" .. lvl .. ">"
      end
    elseif b.type == "text" then
      for para in (b.text .. "\n\n"):gmatch("(.-)\n\n+") do
        if para:find("%S") then body[#body + 1] = '<p class="note">' .. esc(para) .. "</p>" end
      end
    elseif b.type == "table" then
      html_table(b, body, want)
    elseif b.type == "chart" then
      local c = b.chart
      local facts = {}
      for i, s in ipairs(c.series) do
        local per = {}
        for j = 1, #(c.x or {}) do
          local ids = s.facts and s.facts[j]
          per[j] = (type(ids) == "table" and #ids > 0) and json.array(ids) or json.null
          if type(ids) == "table" then for _, id in ipairs(ids) do want[id] = true end end
        end
        facts[i] = json.array(per)
      end
      local idx = #charts
      charts[#charts + 1] = { option = echarts_option(c), facts = json.array(facts) }
      if echarts then
        body[#body + 1] = '<div class="chart" id="chart-' .. idx .. '" role="img" aria-label="' ..
                          esc(c.title or "chart") .. '"></div>'
        body[#body + 1] = "<details><summary>data</summary>"
      else
        body[#body + 1] = '<p class="note">' .. esc((c.title or "chart") ..
                          " — chart not drawn: echarts.min.js not found (looked in " .. where ..
                          "; `make build/echarts.min.js` fetches it)") .. "</p>"
      end
      body[#body + 1] = '<div class="chartdata" data-chart="' .. idx .. '">'
      html_table(chart_table(c), body, want)
      body[#body + 1] = "</div>"
      if echarts then body[#body + 1] = "</details>" end
    end
  end
  local facts = {}
  if opts.db then
    local ids = {}
    for id in pairs(want) do ids[#ids + 1] = id end
    table.sort(ids)
    for _, id in ipairs(ids) do
      local p = provenance(opts.db, id)
      if p then facts[tostring(id)] = p end
    end
  end
  local n = nonce()
  local out = {
    "<!DOCTYPE html>",
    '<html lang="zh"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'nonce-" .. n ..
      "'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">",
    "<title>" .. esc(title) .. "</title>",
    "<style>" .. CSS .. "</style></head><body>",
    "<header><h1>" .. esc(title) .. "</h1><p>" ..
      esc("assay report" .. (rep.meta and rep.meta.db and (" · database " .. tostring(rep.meta.db)) or "") ..
          " · click or hover an underlined figure to see its sentence") .. "</p></header>",
  }
  if #nav > 1 then out[#out + 1] = "<nav>" .. table.concat(nav) .. "</nav>" end
  out[#out + 1] = "<main>"
  out[#out + 1] = table.concat(body, "\n")
  out[#out + 1] = "</main>"
  out[#out + 1] = '<aside id="prov" hidden aria-live="polite"><button class="close" type="button" ' ..
                  'aria-label="close">×</button><div id="prov-body"></div></aside>'
  out[#out + 1] = '<script type="application/json" id="assay-data">' ..
                  M.json_script({ facts = facts, charts = json.array(charts) }) .. "</script>"
  if echarts then
    out[#out + 1] = '<script nonce="' .. n .. '">' .. echarts .. "</script>"
  end
  out[#out + 1] = '<script nonce="' .. n .. '">' .. JS .. "</script>"
  out[#out + 1] = "</body></html>"
  return table.concat(out, "\n") .. "\n"
end

return M
