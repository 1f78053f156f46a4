-- The pack's region and period for any fact, for a rule of your own:
--
--   local fupin = include "_locate.lua"          -- from a rule file in this directory
--   local fupin = include "../fupin/_locate.lua" -- from a pack beside it
--   rule "loans" {
--     after = { "article" },                      -- the articles give the main places
--     match = function (doc)
--       local out = {}
--       for a, b in LOAN:gfind(doc.text) do
--         out[#out + 1] = fupin.locate(doc, { kind = "loans", start = a, stop = b })
--       end
--       if #out > 0 then return out end
--     end,
--   }
--
-- fupin.locate(doc, fact) sets fact.region, fact.region_code and
-- fact.period where the fact has none, exactly as the figure rule decides
-- them for its own facts (_region.lua, _period.lua), and returns the fact.
-- fact.start (a byte offset in doc.text) is required.  Without `after =
-- { "article" }` the main place of the article is unknown: only a place
-- named in the fact's clause, sentence or paragraph is found.
local L = include "_lib.lua"
local R = include "_region.lua"
local period_of = include "_period.lua"

local M = {}

function M.locate (doc, fact)
  if type(fact) ~= "table" then error("fupin.locate: fact must be a table, got " .. type(fact), 2) end
  local pos = fact.start
  if math.type(pos) ~= "integer" or pos < 1 or pos > #doc.text then
    error("fupin.locate: fact.start must be a byte offset in doc.text (1.." .. #doc.text .. "), got "
          .. tostring(pos), 2)
  end
  if fact.region == nil then
    local region, code = R.locate(doc, pos)
    fact.region = region
    if fact.region_code == nil then fact.region_code = code end
  end
  if fact.period == nil then
    local si, sp = L.sentence_at(doc, pos)
    if sp then
      local sent = doc.text:sub(sp[1], sp[2])
      fact.period = period_of(doc, sent, pos - sp[1] + 1, L.article_at(doc, pos), si, fact.unit)
    end
  end
  return fact
end

return M
