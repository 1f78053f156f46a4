-- Default metadata rules: title, date, source outlet and authors of each
-- document (a saved page's URL:/TITLE: header lines first: assay.meta.header),
-- and the articles it holds (stored in the articles table).
-- Built into assay and loaded before every rule set (assay run, assay test,
-- rules.load); `--no-meta` leaves them out.  To change them, copy this file
-- into your pack, edit it, and run with --no-meta.
-- The patterns are in assay.meta (DATE, SOURCE, AUTHORS, BOILERPLATE,
-- BYLINE); the splitter is assay.articles.  Switch a rule off with
-- enabled = false, or copy this file and change it.
local meta = require "assay.meta"
local articles = require "assay.articles"

rule "articles" {
  doc = "cuts the document into articles (headline, byline, text, boilerplate)",
  match = function (doc)
    if doc.meta.articles == nil then doc.meta.articles = doc:articles() end
  end,
}

rule "doc_meta" {
  doc = "title, date, source and authors from a saved page's header lines, else from the page's "
        .. "article (assay.articles.page: the first holding a sentence or a date, past menus)",
  after = { "articles" },
  match = function (doc)
    local m = doc.meta
    -- a saved page's URL:/TITLE:/DATE:/SOURCE: lines (the original text's:
    -- the rules see a normalized copy); a date in the address is the page's
    -- (below: the text's date when it is that day, with its time)
    local arts = doc:articles()
    local h = arts[1] and arts[1].header and meta.header(rawget(doc, "original") or doc.text)
    local url_date
    if h then
      if m.url == nil then m.url = h.url end
      if m.title == nil then m.title = h.title end
      if m.date == nil and h.date then m.date = meta.date(h.date) end
      if m.date == nil and h.url then url_date = meta.url_date(h.url) end
      if m.source == nil then m.source = h.source end
    end
    -- the page's article (assay.articles.page: past menus and keyword lines)
    local first = articles.page(arts, doc.text)
    if first then
      if m.title == nil then m.title = first.title end
      if m.date == nil then m.date = first.date end
      if m.source == nil then m.source = first.source end
      if m.authors == nil and #first.authors > 0 then m.authors = first.authors end
    end
    local head                                     -- (the page's first 2000 bytes, cut once)
    if m.date == nil then
      -- (not a tally's date, 截至2017年12月31日,全市已建成…: the figures', not the page's)
      head = doc.text:sub(1, 2000)
      m.date = meta.date(meta.untallied(head))
    end
    if url_date and (m.date == nil or m.date:sub(1, 10) ~= url_date) then m.date = url_date end
    if m.source == nil then m.source = meta.source(head or doc.text:sub(1, 2000)) end
  end,
}
