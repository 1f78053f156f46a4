-- assay/report/data.lua: the report data, a part of assay.report (which
-- re-exports it: scripts write report.load, report.data, report.doc_text).
-- A facts database read into docs, articles and facts, linked to each
-- other, in one pass; nothing here formats or renders.
local json = require "assay.json"

local M = {}

function M.has_table (d, name)
  return d:val("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", name) ~= nil
end

function M.columns (d, name)
  local cols = {}
  for r in d:rows("SELECT name FROM pragma_table_info(?)", name) do cols[r.name] = true end
  return cols
end

local function decode (s)
  if type(s) ~= "string" or s == "" then return {} end
  local v = json.decode(s)
  return type(v) == "table" and v or {}
end
M.decode = decode

local function names (v)
  if type(v) == "string" then v = { v } end
  if type(v) ~= "table" then return {} end
  local out = {}
  for _, n in ipairs(v) do if type(n) == "string" and n ~= "" then out[#out + 1] = n end end
  return out
end

-- data.doc_label(d, name, key) -> how the reports name a document: its file
-- name, or its key (the path under the corpus root) when another document
-- has the same name: two folders' index.html must not read as one
local dup_names = setmetatable({}, { __mode = "k" })
function M.doc_label (d, name, key)
  local dn = dup_names[d]
  if not dn then
    dn = {}
    for r in d:rows("SELECT name FROM docs GROUP BY name HAVING count(*) > 1") do dn[r.name] = true end
    dup_names[d] = dn
  end
  return dn[name] and key or name
end

-- Everything most reports need, in one pass:
--   data.docs[i]      {id, key, name, label (doc_label), title, date, source, meta (table), text?,
--                      articles = {...}}
--   data.articles[i]  {doc, seq, start, stop, title, date, source, authors (array),
--                      boilerplate, poverty (true/false/nil), facts = {...}}
--     one per article of the articles table (schema 2) or, without it, one
--     per document spanning all of it
--   data.facts[i]     fact rows (extra decoded), each with .doc and .article
--   data.kinds        the fact kinds present, in the order of report.KINDS
--   data.dups         documents left out: the same text as another (docs.dup_of)
-- opts.text = true keeps each document's text.
M.KINDS = { "funds", "income", "households", "persons", "jobs", "projects", "villages", "housing",
            "education", "health", "training", "other" }

function M.load (d, opts)
  opts = opts or {}
  local data = { docs = {}, articles = {}, facts = {}, kinds = {}, by_doc = {}, dups = 0 }
  -- a document with the same text as another (docs.dup_of, schema 4) is
  -- left out with its facts: each text counts once in every report
  local only, dupf = "", ""
  if M.columns(d, "docs").dup_of then
    only, dupf = " WHERE dup_of IS NULL", " WHERE doc_id NOT IN (SELECT id FROM docs WHERE dup_of IS NOT NULL)"
    data.dups = d:val("SELECT count(*) FROM docs WHERE dup_of IS NOT NULL")
  end
  local sql = opts.text and "SELECT * FROM docs" .. only .. " ORDER BY id"
           or "SELECT id, key, name, path, title, date, source, meta, length(CAST(text AS BLOB)) AS len FROM docs"
              .. only .. " ORDER BY id"
  for r in d:rows(sql) do
    r.meta = decode(r.meta)
    r.label = M.doc_label(d, r.name, r.key)
    r.len = r.len or (r.text and #r.text) or 0
    r.articles = {}
    data.docs[#data.docs + 1] = r
    data.by_doc[r.id] = r
  end
  local acols = M.has_table(d, "articles") and M.columns(d, "articles") or nil
  if acols then
    for a in d:rows("SELECT * FROM articles ORDER BY doc_id, seq") do
      local doc = data.by_doc[a.doc_id]
      if doc then
        a.doc = doc
        a.authors = names(decode(a.authors))
        a.boilerplate = a.boilerplate == 1
        if a.poverty ~= nil then a.poverty = a.poverty == 1 or a.poverty == true end
        doc.articles[#doc.articles + 1] = a
      end
    end
  end
  local facts, seen = {}, {}
  for f in d:rows("SELECT * FROM facts" .. dupf .. " ORDER BY id") do
    f.extra = decode(f.extra)
    f.doc = data.by_doc[f.doc_id]
    facts[#facts + 1] = f
    seen[f.kind or ""] = true
    -- the poverty pack's articles: facts of kind "article" holding the span
    -- (a_start, a_stop), title, source, reporters, date, region, relevant
    local e = f.extra
    -- (they win over the articles table: they say which are about poverty)
    if f.kind == "article" and f.doc and math.type(e.a_start) == "integer" then
      local doc = f.doc
      local poverty                     -- relevant: true, false or unsaid (nil)
      if e.relevant ~= nil then poverty = e.relevant == true or e.relevant == 1 end
      if not doc.from_facts then doc.from_facts = true; doc.articles = {} end
      doc.articles[#doc.articles + 1] = {
        doc_id = doc.id, start = e.a_start, stop = e.a_stop or doc.len, title = e.title or f.surface,
        date = e.date, source = e.source, authors = names(e.reporters or e.authors), region = f.region,
        city = e.region_city, level = e.region_level, code = e.region_code, poverty = poverty, fact = f }
    end
  end
  for _, doc in ipairs(data.docs) do
    if doc.from_facts then
      table.sort(doc.articles, function (x, y) return x.start < y.start end)
      for i, a in ipairs(doc.articles) do a.seq = i end
      -- the text outside every article: navigation, footers, notices
      doc.rest = { doc_id = doc.id, seq = #doc.articles + 1, start = 1, stop = 0, boilerplate = true,
                   rest = true, authors = {} }
    end
    if #doc.articles == 0 then           -- the document as one article
      doc.articles[1] = { doc_id = doc.id, seq = 1, start = 1, stop = math.max(doc.len, 1), title = doc.title,
                          date = doc.date, source = doc.source, whole = true }
    end
    local m = doc.meta
    for _, a in ipairs(doc.articles) do
      a.doc = doc
      a.facts = {}
      if a.whole then a.authors = names(m.authors or m.reporters) end
      if a.poverty == nil then
        -- meta.poverty: one flag for the document or one per article
        local p = m.poverty
        if type(p) == "table" then p = p[a.seq] end
        if type(p) == "boolean" then a.poverty = p end
      end
      if a.whole and type(m.region) == "string" then a.region = m.region end
      data.articles[#data.articles + 1] = a
    end
    if doc.rest then doc.rest.doc = doc; doc.rest.facts = {} end
  end
  -- region -> the city it lies in, where the rules said so (never for a
  -- province or the country: an article about 广东省 that tells of a village
  -- of 清远市 does not put 广东省 "in" 清远市)
  data.city = {}
  for _, a in ipairs(data.articles) do
    local top = a.level == "province" or a.level == "country" or a.region == "全国"
                or tostring(a.code or ""):match("^%d%d0000$")
    if a.region and a.city and a.city ~= a.region and not top then data.city[a.region] = a.city end
  end
  for _, f in ipairs(facts) do
    local doc = f.doc
    if doc then
      for _, a in ipairs(doc.articles) do
        if f.start and f.start >= a.start and f.start <= a.stop then f.article = a; break end
      end
      f.article = f.article or doc.rest or doc.articles[1]
      f.article.facts[#f.article.facts + 1] = f
    end
    data.facts[#data.facts + 1] = f
  end
  for _, k in ipairs(M.KINDS) do if seen[k] then data.kinds[#data.kinds + 1] = k; seen[k] = nil end end
  local rest = {}
  for k in pairs(seen) do
    if k ~= "" and k ~= "slogan" and k ~= "meta" and k ~= "article" then rest[#rest + 1] = k end
  end
  table.sort(rest)
  for _, k in ipairs(rest) do data.kinds[#data.kinds + 1] = k end
  return data
end

-- report.load once per database handle (the dashboard runs several reports)
local loaded = setmetatable({}, { __mode = "k" })
function M.data (d)
  local v = loaded[d]
  if not v then v = M.load(d); loaded[d] = v end
  return v
end

-- the text of a document (loaded on demand, kept for the next call; the
-- file read again when the run did not store it)
function M.doc_text (d, doc)
  if not doc.text then doc.text = require("assay.provenance").doc_text(d, doc.id) end
  return doc.text
end

return M
