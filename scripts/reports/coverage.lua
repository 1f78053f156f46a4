-- Coverage: the figures in articles about poverty alleviation that no rule
-- captured, so an analyst sees what the rule pack misses.  The figures come
-- from assay.cn's quantities (every number with a unit, Chinese numerals
-- included); a quantity is covered when any fact's span overlaps it.
-- Without assay.cn a simpler pattern (Arabic digits and common units) is used.
--   ./assay report scripts/reports/coverage.lua --db facts.db [--format ...]
local R = require "assay.report"
local text = require "assay.text"
local data = R.data(db)

local okcn, cn = pcall(require, "assay.cn")
if not (okcn and type(cn) == "table" and cn.quantities) then cn = nil end

local FALLBACK = require("assay.re").compile(
  [[(?:约|近)?\d+(?:\.\d+)?(?:多|余)?(?:万|亿)?(?:多|余)?]] ..
  [[(?:元|户|人次|人|名|个|%|次|项|家|处|亩|吨|所|套|件|课时|期|条|公里|平方米|间|座)(?:以上)?]])

-- durations and ages (五年, 48岁) are not the figures a pack is after
local DURATION = { ["年"] = true, ["月"] = true, ["个月"] = true, ["天"] = true, ["日"] = true,
                   ["周"] = true, ["岁"] = true, ["周岁"] = true, ["小时"] = true }

local function quantities (s)
  if cn then
    local ok, qs = pcall(cn.quantities, s)
    if ok and type(qs) == "table" then return qs end
  end
  local out, pos = {}, 1
  while pos <= #s do
    local a, b = FALLBACK:find(s, pos)
    if not a then break end
    out[#out + 1] = { start = a, stop = b, surface = s:sub(a, b) }
    pos = b + 1
  end
  return out
end

-- up to 12 characters of the sentence on each side of the quantity, cut
-- between characters (text.sub counts characters, never splits one)
local CONTEXT = 12
local function context (t, a, b)
  local show = require "assay.provenance"
  local ss, se = show.sentence_around(t, a, b)
  local before = text.sub(text.sanitize(t:sub(ss, a - 1)), -CONTEXT)
  local after = text.sub(text.sanitize(t:sub(b + 1, se)), 1, CONTEXT)
  local mid = text.sanitize(t:sub(a, b))
  return text.trim((before .. "»" .. mid .. "«" .. after):gsub("%s+", " "))
end

local summary, missed = {}, {}
local total_q, total_c = 0, 0
for _, doc in ipairs(data.docs) do
  local spans = {}
  for _, a in ipairs(doc.articles) do
    for _, f in ipairs(a.facts) do if f.start and f.stop then spans[#spans + 1] = { f.start, f.stop } end end
  end
  table.sort(spans, function (x, y) return x[1] < y[1] end)
  local nq, nc, nmiss = 0, 0, {}
  local t = nil
  for _, a in ipairs(doc.articles) do
    if a.poverty ~= false and not a.boilerplate then
      t = t or R.doc_text(db, doc)
      local part = t:sub(a.start, a.stop)
      for _, q in ipairs(quantities(part)) do
        if DURATION[q.unit or ""] then goto next end
        local qa, qb = q.start + a.start - 1, q.stop + a.start - 1
        local covered = false
        for _, s in ipairs(spans) do
          if s[1] > qb then break end
          if s[2] >= qa then covered = true; break end
        end
        nq = nq + 1
        if covered then nc = nc + 1
        else
          nmiss[#nmiss + 1] = true
          missed[#missed + 1] = { where = doc.label .. ":" .. text.lineno(t, qa),
                                  quantity = q.surface or part:sub(q.start, q.stop),
                                  value = q.value and R.figure(q.value, q.unit, q.qualifier) or "",
                                  context = context(t, qa, qb) }
        end
        ::next::
      end
    end
  end
  if nq > 0 then
    summary[#summary + 1] = { document = doc.label, quantities = nq, captured = nc, missed = nq - nc,
                              coverage = string.format("%.0f%%", 100 * nc / nq) }
    total_q, total_c = total_q + nq, total_c + nc
  end
end

report:heading("Coverage")
report:text(string.format("%d figures in articles about poverty alleviation, %d captured by a rule (%s); " ..
  "quantities from %s.", total_q, total_c,
  total_q > 0 and string.format("%.0f%%", 100 * total_c / total_q) or "-",
  cn and "assay.cn" or "a simple pattern (assay.cn is not in this build)"))
report:table{ title = "Per document", rows = summary,
              columns = { "document", "quantities", "captured", "missed", "coverage" } }
report:table{ title = "Figures no rule captured", rows = missed,
              columns = { "where", "quantity", "value", "context" } }
