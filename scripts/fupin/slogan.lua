-- Slogans and policy terms in quotes: “两不愁三保障”, “党建筑基、精准施策、政策
-- 集成、责任包干”, “四不两直”.  A quoted phrase counts when it is short and
-- made of numbered parts (两不愁三保障, 六净一改善, 双提升) or lists three or
-- more parts with 、.  Inside a longer quote, the parts joined by 和/及/与 are
-- tried on their own (“收入和两不愁三保障及饮水”).  value: the term without
-- 、 (so “两不愁、三保障” counts with “两不愁三保障”); count: its occurrences
-- in the document.  Only in articles about poverty alleviation.
local L = include "_lib.lua"

local QUOTE = re.compile("[“‘「『]([^“”‘’「」『』\n]{2,60})[”’」』]")
local NUMBERED = re.compile([[^(?:[一二两三四五六七八九十百双][\p{sc=Han}]{1,3}){1,3}$]])
local PART = re.compile([[^\p{sc=Han}{2,8}$]])

local JOINERS = { "和", "及", "与" }

local function is_term (t)
  local bare = t:gsub("、", "")
  local n = utf8.len(bare) or 0
  if n >= 2 and n <= 8 and NUMBERED:find(bare) then return true end
  local parts, good = 0, true
  for p in (t .. "、"):gmatch("(.-)、") do
    parts = parts + 1
    if not PART:find(p) then good = false end
  end
  return good and parts >= 3
end

rule "slogan" {
  doc = "Quoted slogans and policy terms, with their count per document",
  kind = "slogan",
  after = { "article" },
  match = function (doc)
    local s, out, count = doc.text, {}, {}
    for qs, qe, inner in QUOTE:gfind(s) do
      local art = L.article_at(doc, qs)
      if art and art.relevant then
        local a = s:find(inner, qs, true)
        local pieces = { { a, inner } }
        if not is_term(inner) then
          -- split at 和/及/与 (3-byte characters)
          pieces = {}
          -- (each found with a plain find: the text is UTF-8, so they
          -- occur only where a character starts)
          local start = 1
          while true do
            local k
            for _, c in ipairs(JOINERS) do
              local x = inner:find(c, start, true)
              if x and (not k or x < k) then k = x end
            end
            if not k then break end
            pieces[#pieces + 1] = { a + start - 1, inner:sub(start, k - 1) }
            start = k + 3
          end
          pieces[#pieces + 1] = { a + start - 1, inner:sub(start) }
        end
        for _, p in ipairs(pieces) do
          if p[2] ~= "" and is_term(p[2]) then
            local v = p[2]:gsub("、", "")
            count[v] = (count[v] or 0) + 1
            out[#out + 1] = { kind = "slogan", start = p[1], stop = p[1] + #p[2] - 1, value = v }
          end
        end
      end
    end
    for _, f in ipairs(out) do f.count = count[f.value] end
    if #out > 0 then return out end
  end,
  examples = {
    { "脱贫攻坚,贫困人口实现“两不愁三保障”,落实“两不愁、三保障”。",
      { { kind = "slogan", value = "两不愁三保障", surface = "两不愁三保障", count = 2 },
        { kind = "slogan", value = "两不愁三保障", surface = "两不愁、三保障", count = 2 } } },
    { "按照扶贫“党建筑基、精准施策、政策集成、责任包干”工作要求。",
      { kind = "slogan", value = "党建筑基精准施策政策集成责任包干" } },
    { "解决“收入和两不愁三保障及饮水”存在的扶贫问题。", { kind = "slogan", surface = "两不愁三保障" } },
    { "扶贫变“输血”为“造血”。", false },
  },
}
