-- Region of an indicator (used by figure.lua): the main region of its
-- article, or a more specific place its own clause names before the figure
-- (潮水镇与...61个村居: the town, written with the article's zone when it
-- lies in the zone's city: 烟台开发区潮水镇).  A clause naming several places
-- lists examples (杨柳雪镇牌家村、滨北街道姑子庵村等10家): it keeps the article's.
local places = require "assay.places"

local DEPTH = { province = 1, city = 2, county = 3, zone = 3, town = 4 }
local CUT = { ["，"] = true, [","] = true, ["；"] = true, [";"] = true, ["："] = true,
              [":"] = true, ["。"] = true, ["！"] = true, ["？"] = true, ["\n"] = true }

-- start of the clause that ends right before pos
local function clause_start (s, pos)
  local a = pos
  while a > 1 do
    if CUT[s:sub(a - 1, a - 1)] or (a > 3 and CUT[s:sub(a - 3, a - 1)]) then break end
    a = a - 1
  end
  return a
end

return function (doc, f, art, sentence_start)
  local s = doc.text
  local all = doc._fupin_places
  if not all then all = places.find(s) or {}; doc._fupin_places = all end
  local region = art and art.region or nil
  -- places named before the figure in its clause, else in its sentence;
  -- a chain written together (湘西州花垣县双龙镇: at most one character
  -- between, the 州 of a short form) is one place, its last
  local found, n
  for _, a in ipairs({ clause_start(s, f.start), sentence_start }) do
    found, n = nil, 0
    for _, m in ipairs(all) do
      if m.start >= a and m.stop < f.start and m.level ~= "village" and m.parents then
        if not (found and m.start - found.stop <= 4) and not (found and m.full == found.full) then n = n + 1 end
        found = m
      end
    end
    if n > 0 then break end
  end
  local alevel = art and art.region_level
  if n == 1 and (DEPTH[found.level] or 0) > (DEPTH[alevel] or 0) then
    if found.level == "town" and alevel == "zone"
       and found.parents[2] and found.parents[2].name == art.region_city then
      return art.region .. found.name
    elseif found.level == "town" then
      local county = found.parents[#found.parents]
      return (county and county.level == "county" and county.name or "") .. found.full
    end
    return found.full
  end
  return region
end
