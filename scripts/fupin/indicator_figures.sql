-- indicator_figures: every figure of the poverty-alleviation pack with what
-- the reports' figure model says about adding it (docs/fupin.md).
--   sqlite3 facts.db < scripts/fupin/indicator_figures.sql
-- `not_added` is NULL for a figure that may be added to the other figures of
-- its document with the same region, kind, unit, qualifier, period and
-- `counts` (what it counts: 项目, 基地, 涉农资金 …; NULL when not read: then
-- it is added to nothing, as scripts/reports/_figures.lua does; a database
-- the pack wrote before it read counts has NULL everywhere: run it again); else
-- it says why not (the same reasons, in the same order, as
-- scripts/reports/_figures.lua), and `related` names the fact it is part
-- of, inside of, or repeats.  The attributes come from the pack (extra.fig,
-- scripts/fupin/_measure.lua): figures stored without them are left out, and
-- so are those of a document with the same text as another (docs.dup_of).
DROP VIEW IF EXISTS indicator_figures;
CREATE VIEW indicator_figures AS
SELECT id, doc_id, document, region, kind, period, value, unit, qualifier, surface, counts, not_added,
       CASE not_added WHEN 'a repeat' THEN s_id WHEN 'part of a stated total' THEN t_id
                      WHEN 'inside the span of a cumulative total' THEN c_id END AS related
  FROM (
SELECT f.id, f.doc_id, d.name AS document, f.region, f.kind, f.period, f.value, f.unit,
       coalesce(f.qualifier, 'exact') AS qualifier, f.surface,
       nullif(json_extract(f.extra, '$.fig.counts'), '') AS counts, s.id AS s_id, t.id AS t_id, c.id AS c_id,
       CASE
         WHEN s.id IS NOT NULL THEN 'a repeat'
         WHEN json_extract(f.extra, '$.fig.rate') THEN 'a rate or share'
         WHEN json_extract(f.extra, '$.fig.per') IS NOT NULL
           THEN 'per unit (' || json_extract(f.extra, '$.fig.per') || ')'
         WHEN f.kind = 'income' THEN 'income is per head'
         WHEN json_extract(f.extra, '$.fig.prior') IS NOT NULL
           THEN 'an earlier year''s figure (' || json_extract(f.extra, '$.fig.prior') || ')'
         WHEN f.kind NOT IN ('funds', 'projects', 'jobs', 'training', 'housing', 'education', 'health')
           THEN f.kind || ' restate one population'
         WHEN t.id IS NOT NULL THEN 'part of a stated total'
         WHEN c.id IS NOT NULL THEN 'inside the span of a cumulative total'
       END AS not_added
  FROM facts f
  JOIN docs d ON d.id = f.doc_id
  LEFT JOIN facts s ON s.doc_id = f.doc_id AND s.kind NOT IN ('article', 'slogan')
        AND json_extract(s.extra, '$.fig.n') = json_extract(f.extra, '$.fig.same_as')
  LEFT JOIN facts t ON t.doc_id = f.doc_id AND t.kind NOT IN ('article', 'slogan')
        AND json_extract(t.extra, '$.fig.n') = json_extract(f.extra, '$.fig.part_of')
        AND coalesce(t.region, '') = coalesce(f.region, '')
  LEFT JOIN facts c ON c.doc_id = f.doc_id AND c.kind NOT IN ('article', 'slogan')
        AND json_extract(c.extra, '$.fig.n') = json_extract(f.extra, '$.fig.within')
 WHERE f.kind NOT IN ('article', 'slogan') AND typeof(f.value) IN ('integer', 'real') AND d.dup_of IS NULL
   AND json_extract(f.extra, '$.fig.n') IS NOT NULL);
