-- JSON conformance (issue 12): JSONTestSuite-style cases, written here from
-- the suite's public accept (y_) and reject (n_) expectations (RFC 8259),
-- against assay.json's decoder (jansson in C, and the Lua decoder it falls
-- back to) and against the JSONL reader, which must load a record holding
-- each accepted value and skip one holding each rejected text.
local t = require "assay.testing"
local json = require "assay.json"
local reader = require "assay.reader"

local Y = {
  '[[]   ]', '[""]', '[]', '["a"]', '[false]', '[null, 1, "1", {}]', '[null]', '[1\n]', ' [1]',
  '[1,null,null,null,2]', '[2] ', '[123e65]', '[0e+1]', '[0e1]', '[ 4]',
  '[-0.000000000000000000000000000000000000000000000000000000000000000000000000000001]\n',
  '[20e1]', '[-0]', '[-123]', '[-1]', '[1E22]', '[1E-2]', '[1E+2]', '[123e45]', '[123.456e78]',
  '[1e-2]', '[1e+2]', '[123]', '[123.456789]', '[0.5]', '[-0.0e-0]',
  '{"asd":"sdf", "dfg":"fgh"}', '{"asd":"sdf"}', '{"a":"b","a":"c"}', '{"a":"b","a":"b"}', '{}',
  '{"":0}', '{"foo\\u0000bar": 42}', '{ "min": -1.0e+28, "max": 1.0e+28 }', '{"a":[]}',
  '{"title":"\\u041f\\u043e\\u043b\\u0442\\u043e\\u0440\\u0430" }', '{\n"a": "b"\n}',
  '["\\u0060\\u012a\\u12AB"]', '["\\uD801\\udc37"]', '["\\ud83d\\ude39\\ud83d\\udc8d"]',
  '["\\"\\\\\\/\\b\\f\\n\\r\\t"]', '["\\\\u0000"]', '["\\""]', '["a/*b*/c/*d//e"]', '["\\\\a"]',
  '["\\\\n"]', '["\\u0012"]', '["\\uFFFF"]', '["asd"]', '[ "asd"]', '["\\uDBFF\\uDFFF"]',
  '["new\\u00A0line"]', '["\\u0000"]', '["\\u002c"]', '["π"]', '["𛿿"]', '["asd "]',
  '["\\uD834\\uDd1e"]', '["\\u0821"]', '["\\u0123"]', '["\\u2028"]', '["\\u2029"]',
  '["\\u0061\\u30af\\u30EA\\u30b9"]', '["new\\u000Aline"]', '["\\uA66D"]', '["\\u005C"]',
  '["⍂㈴⍂"]', '["\\uDBFF\\uDFFE"]', '["\\uD83F\\uDFFE"]', '["\\u200B"]', '["\\uFDD0"]',
  '["\\uFFFE"]', '["\\u0022"]', '["€𝄞"]', '["\127"]', '["脱贫攻坚"]',
  '[true]', ' [] ', ('['):rep(20) .. '"deep"' .. (']'):rep(20), ('['):rep(300) .. (']'):rep(300), '{"a":{"b":{"c":[1,{"d":null}]}}}',
}

local N = {
  '[1 true]', '["": 1]', '[""],', '[,1]', '[1,,2]', '["x",,]', '["x"]]', '["",]', '["x"', '[x',
  '[3[4]]', '[1:2]', '[,]', '[-]', '[   , ""]', '[1,]', '[1,,]', '[*]', '[""', '[1,', '[{}',
  '["a" "b"]', '[++1234]', '[+1]', '[+Inf]', '[-01]', '[-1.0.]', '[-2.]', '[-NaN]', '[.-1]',
  '[.2e-3]', '[0.1.2]', '[0.3e+]', '[0.3e]', '[0.e1]', '[0E+]', '[0E]', '[0e+]', '[0e]',
  '[1.0e+]', '[1.0e-]', '[1.0e]', '[1 000.0]', '[1eE2]', '[2.e+3]', '[2.e-3]', '[2.e3]',
  '[9.e+]', '[Inf]', '[NaN]', '[012]', '[-012]', '[0x1]', '[0x42]', '[1.2a-3]', '[-foo]',
  '[- 1]', '[.123]', '[1e]', '[-Infinity]', '[Infinity]', '[1ea]', '[1.]', '[01]',
  '{1:1}', '{null:null}', '{"x", null}', '{"x"::"b"}', '{"a" b}', "{key: 'value'}",
  '{"a":"a" 123}', '{"a" "b"}', '{"a":}', '{:"b"}', '{"id":0,}', '{"a":"b"}/**/', '{"a":"b"}/',
  '{"a":"b"}#', '{"a":"b",,"c":"d"}', "{'a':0}", '{"a":"a', '{[: "x"}', '{"x": true,',
  '{"a":/*comment*/"b"}', '{"a"', '{', '{"":', '{9999E9999:1}', '{"a":"b"}}', '{}}',
  '["\\uD800\\"]', '["\\uD800\\u"]', '["\\uD800\\u1"]', '["\\uD800\\u1x"]', '[é]', '["\\u00A"]',
  '["\\uqqqq"]', '["\\a"]', '["\\UA66D"]', '["\\"]', '["abc', '["\t"]', '["new\nline"]',
  "['single quote']", 'abc', '"', '["\\', '[\\u0020"asd"]', '["\\{["\\{["\\{["\\{', '"\\u00A"',
  '["a\0a"]', '["\\x00"]', '["\\\0"]', '["\\uD800\\uD800\\x"]', '[1]\xe5', '{"a":\xff}',
  '', '[', ']', '}', '<.>', '[<null>]', '[1]x', '[] []', '[1]]', 'nul', 'tru', 'fals',
  '[True]', '[nul]', '[truth]', '[\f]', '["a",\n4\n,1,', '[\u{A0}]', '*', 'a', '[\u{2060}]',
  '{"a":true} "x"', '["asd]', '\xef\xbb\xbf', ('['):rep(10000), ('{"a":'):rep(10000),
}

-- Implementation-defined (the suite's i_ cases): lone surrogate escapes are
-- refused (they would make invalid UTF-8); invalid UTF-8 inside a string is
-- kept as bytes (metadata in GBK still decodes).  Both decoders agree.
local I = {
  { '["\\uD800"]', false }, { '["\\uDC00"]', false }, { '["\\uDd1e\\uD834"]', false },
  { '["\\uD800abc"]', false }, { '["\xe9"]', true }, { '["\xff"]', true },
  { '["\xc0\xaf"]', true }, { '["\xed\xa0\x80"]', true },
}

local function accepts (decode, s)
  local ok, v = pcall(decode, s)
  return ok and v ~= nil
end

for _, d in ipairs { { "json.decode", json.decode }, { "json.decode_lua", json.decode_lua } } do
  local name, decode = d[1], d[2]
  t.test(name .. " accepts every y_ case", function ()
    local bad = {}
    for _, s in ipairs(Y) do if not accepts(decode, s) then bad[#bad + 1] = s end end
    t.eq(bad, {})
  end)
  t.test(name .. " rejects every n_ case", function ()
    local bad = {}
    for _, s in ipairs(N) do if accepts(decode, s) then bad[#bad + 1] = s end end
    t.eq(bad, {})
  end)
end

t.test("implementation-defined cases: as documented, the same in C and in Lua", function ()
  for _, c in ipairs(I) do
    t.eq(accepts(json.decode, c[1]), c[2], c[1])
    t.eq(accepts(json.decode_lua, c[1]), c[2], c[1] .. " (Lua)")
  end
end)

t.test("values come out right", function ()
  t.eq(json.decode('["\\ud83d\\ude39"]')[1], "😹")
  t.eq(json.decode('{"a":"b","a":"c"}').a, "c")
  t.eq(json.decode('[-0.0e-0, 1E22, 123]'), json.array { -0.0, 1e22, 123 })
  t.eq(math.type(json.decode('[123]')[1]), "integer")
  t.eq(json.decode('["\\u0000"]')[1], "\0")
end)

t.test("the JSONL reader loads a record holding each y_ value and skips each n_ text", function ()
  local lines, want = {}, 0
  for _, s in ipairs(Y) do
    if not s:find("\n", 1, true) then
      want = want + 1
      lines[#lines + 1] = '{"id":"y' .. want .. '","text":"t","v":' .. s .. '}'
    end
  end
  local nbad = 0
  for _, s in ipairs(N) do
    -- (a line that is not UTF-8 is decoded as GB18030, Big5...: an encoding, not JSON)
    if s ~= "" and not s:find("[\n\0]") and #s < 1000 and s ~= "\xef\xbb\xbf" and utf8.len(s) then
      nbad = nbad + 1
      lines[#lines + 1] = '{"id":"n' .. nbad .. '","text":"t","v":' .. s .. '}'
    end
  end
  local p = t.tmpfile(table.concat(lines, "\n") .. "\n", ".jsonl")
  local got, skipped = {}, {}
  reader.each(p, {}, function (d) got[#got + 1] = d.name end, function (w) skipped[#skipped + 1] = w end)
  os.remove(p)
  local wrong = {}
  for _, id in ipairs(got) do if id:sub(1, 1) == "n" then wrong[#wrong + 1] = id end end
  t.eq(wrong, {}, "records with rejected JSON loaded")
  t.eq(#got, want, "records with accepted JSON loaded")
  t.eq(#skipped, nbad)
end)

t.done()
