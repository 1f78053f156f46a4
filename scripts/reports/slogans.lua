-- Slogans and policy terms quoted in the documents (“两不愁三保障”), with how
-- many documents and how often.  Variants that differ only in punctuation
-- (“两不愁、三保障”) are grouped; the variants column shows each spelling.
-- Source: facts of kind "slogan" (the rule pack's); without any, the quoted
-- phrases of the documents about poverty alleviation.
--   ./assay report scripts/reports/slogans.lua --db facts.db [--format ...]
local R = require "assay.report"
local text = require "assay.text"
local data = R.data(db)

local QUOTES = { "“", "”", "‘", "’", "「", "」", "『", "』", '"', "'" }
local function clean (s)
  for _, q in ipairs(QUOTES) do s = s:gsub(q, "") end
  return text.trim(s)
end
-- the grouping key: no punctuation or spaces
local PUNCT = { "、", "，", "。", "；", "：", "·", "•", ",", ";", ":", " ", "　", "！", "!" }
local function norm (s)
  for _, p in ipairs(PUNCT) do s = s:gsub(p, "") end
  return s
end

local mentions = {}      -- {text, doc, fact id (or nil)}
local from_facts = false
for _, f in ipairs(data.facts) do
  if f.kind == "slogan" and f.article and not f.article.boilerplate then
    local s = type(f.value) == "string" and f.value or f.surface or ""
    s = clean(s)
    if s ~= "" then mentions[#mentions + 1] = { text = s, doc = f.doc, id = f.id } end
    from_facts = true
  end
end
if not from_facts then
  for _, a in ipairs(data.articles) do
    if a.poverty ~= false and not a.boilerplate then
      local t = R.doc_text(db, a.doc):sub(a.start, a.stop)
      for q in t:gmatch("“([^”\n]+)”") do
        local n = text.len(q) or 0
        if n >= 4 and n <= 24 and not q:find("%d") then
          mentions[#mentions + 1] = { text = q, doc = a.doc }
        end
      end
    end
  end
end

local groups, order = {}, {}
for _, m in ipairs(mentions) do
  local k = norm(m.text)
  local g = groups[k]
  if not g then
    g = { docs = {}, ndocs = 0, n = 0, variants = {}, vorder = {}, ids = {}, docorder = {} }
    groups[k] = g; order[#order + 1] = k
  end
  g.n = g.n + 1
  if not g.docs[m.doc.id] then g.docs[m.doc.id] = true; g.ndocs = g.ndocs + 1; g.docorder[#g.docorder + 1] = m.doc.label end
  if not g.variants[m.text] then g.variants[m.text] = 0; g.vorder[#g.vorder + 1] = m.text end
  g.variants[m.text] = g.variants[m.text] + 1
  if m.id then g.ids[#g.ids + 1] = m.id end
end
table.sort(order, function (a, b)
  local ga, gb = groups[a], groups[b]
  if ga.ndocs ~= gb.ndocs then return ga.ndocs > gb.ndocs end
  if ga.n ~= gb.n then return ga.n > gb.n end
  return a < b
end)

local rows = {}
for _, k in ipairs(order) do
  local g = groups[k]
  table.sort(g.vorder, function (a, b) return g.variants[a] > g.variants[b] or (g.variants[a] == g.variants[b] and a < b) end)
  local vs = {}
  for _, v in ipairs(g.vorder) do vs[#vs + 1] = "“" .. v .. "”" .. (#g.vorder > 1 and (" ×" .. g.variants[v]) or "") end
  rows[#rows + 1] = { slogan = g.vorder[1], documents = g.ndocs,
                      mentions = #g.ids > 0 and { text = g.n, v = g.n, facts = g.ids } or g.n,
                      variants = #g.vorder > 1 and table.concat(vs, " ") or "",
                      where = table.concat(g.docorder, " ") }
end
report:heading("Slogans")
report:table{ columns = { "slogan", "documents", "mentions", "variants", { key = "where", title = "in" } },
              rows = rows }
report:text((from_facts and "Slogans found by the rules (facts of kind slogan)" or
             "No slogan facts in the database: quoted phrases of 4-24 characters in articles about poverty " ..
             "alleviation") .. "; spellings that differ only in punctuation are one row.")
local x, d = {}, {}
for i = 1, math.min(#rows, 12) do
  if rows[i].documents > 1 or #rows <= 6 then x[#x + 1] = rows[i].slogan; d[#d + 1] = rows[i].documents end
end
if #x > 0 then
  report:chart{ type = "bar", horizontal = true, title = "Slogans: in how many documents", x = x,
                series = { { name = "documents", data = d } }, integer = true }
end
