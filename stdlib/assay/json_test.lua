local t = require "assay.testing"
local json = require "assay.json"

t.test("encode: stable objects, arrays, integers, floats, escapes", function ()
  t.eq(json.encode({ b = 1, a = { 1, 2, "x" }, c = true }), '{"a":[1,2,"x"],"b":1,"c":true}')
  t.eq(json.encode(9007199254740993), "9007199254740993")
  t.eq(json.encode(1.5), "1.5"); t.eq(json.encode(2.0), "2.0"); t.eq(json.encode(0.1), "0.1")
  t.eq(json.encode("脱贫\n\"x\"\1"), '"脱贫\\n\\"x\\"\\u0001"')
  t.eq(json.encode({}), "{}"); t.eq(json.encode(json.array()), "[]")
  t.eq(json.encode(nil), "null"); t.eq(json.encode(json.null), "null")
end)

t.test("encode (C): key order, mixed keys, numbers, escapes, sentinels", function ()
  t.eq(json.encode({ b = 1, B = 2, ["b\0"] = 3, a = 4, [""] = 5 }), '{"":5,"B":2,"a":4,"b":1,"b\\u0000":3}')
  t.eq(json.encode({ [1] = "x", [3] = "z", k = true }), '{"1":"x","3":"z","k":true}')
  t.eq(json.encode({ -0.0, 1e300, 5e-324, 1 / 3, 2 ^ 53, 1e15, 1e16, math.mininteger }),
       '[-0.0,1e+300,4.94065645841247e-324,0.33333333333333331,9007199254740992.0,1e+15,1e+16,-9223372036854775808]')
  t.eq(json.encode("\127\31/é"), '"\\u007f\\u001f/é"')
  t.eq(json.encode({ json.null, json.array(), {} }), '[null,[],{}]')
  local shared = { 1 }
  t.eq(json.encode({ shared, shared }), "[[1],[1]]")          -- a repeat is no cycle
  local deep = {}
  for _ = 1, 300 do deep = { deep } end
  t.eq(#json.encode(deep), 602)               -- what the decoder reads from a JSONL record
  for _ = 1, 800 do deep = { deep } end
  t.raises(function () json.encode(deep) end, "json.encode: nesting too deep")
end)

t.test("encode rejects what JSON cannot hold", function ()
  local c = {}; c.self = c
  t.raises(function () json.encode(c) end, "cycle")
  t.raises(function () json.encode(0 / 0) end, "cannot encode")
  t.raises(function () json.encode(print) end, "cannot encode a function")
  t.raises(function () json.encode({ [{}] = 1 }) end, "object keys must be strings")
  local a, b = {}, {}
  a.next = { b }; b.back = a                          -- a cycle three tables deep
  t.raises(function () json.encode(a) end, "cycle in table")
  local ok = pcall(json.encode, { x = { 1, { y = a } } })
  t.eq(ok, false)
  t.eq(json.encode({ { 1 }, { { 1 } } }), "[[1],[[1]]]")   -- siblings leave the path
end)

t.test("encode: output past the first 256 bytes, and the C entry (wire) gives the same bytes", function ()
  local long = ("脱贫攻坚"):rep(100)
  t.eq(json.encode(long), '"' .. long .. '"')
  local names = {}
  for i = 1, 60 do names[i] = "王建" .. i end
  local want = '["' .. table.concat(names, '","') .. '"]'
  t.eq(json.encode(names), want)
  for n = 250, 262 do                                 -- around the switch to a box
    local s = ("x"):rep(n)
    t.eq(json.encode({ s, "\n" }), '["' .. s .. '","\\n"]')
  end
end)

t.test("decode round trips and reports errors with the byte", function ()
  local v = json.decode('{"a":[1,2.5,"x\\u00e9\\ud83d\\ude00"],"b":null,"c":false,"d":-3e2}')
  t.eq(v.a[1], 1); t.eq(math.type(v.a[1]), "integer"); t.eq(v.a[2], 2.5)
  t.eq(v.a[3], "xé😀"); t.eq(v.b, json.null); t.eq(v.c, false); t.eq(v.d, -300.0)
  t.eq(json.decode(json.encode({ x = { 1, 2 }, y = "脱贫" })), { x = { 1, 2 }, y = "脱贫" })
  local bad, msg = json.decode('{"a":1,}')
  t.eq(bad, nil); t.ok(msg:find("^json: .* at byte %d+"), msg)
  t.eq(select(2, json.decode('"abc')), "json: unterminated string at byte 2")
  t.eq(select(2, json.decode("[1] x")):match("trailing"), "trailing")
  t.raises(function () json.decode(nil) end, "bad argument #1 to 'decode'")
end)

t.test("the C decoder (jansson) and the Lua decoder agree", function ()
  local cases = {
    '{"a":[1,2.5,"x\\u00e9"],"b":null,"c":false,"d":-3e2,"e":{},"f":[],"g":9007199254740993}',
    '"\\u0000nul"', '[[[[1]]]]', '{"脱贫":"攻坚","n":-0.0}', "true", "12", "1.5e300",
  }
  for _, c in ipairs(cases) do
    local a, b = json.decode(c), json.decode_lua(c)
    t.ok(t.deepeq(a, b), c .. ": " .. t.show(a) .. " vs " .. t.show(b))
    t.eq(json.encode(a), json.encode(b), c)
  end
  t.eq(math.type(json.decode("9007199254740993")), "integer")
  t.eq(getmetatable(json.decode("[]")), json.array_mt)
  t.eq(json.encode(json.decode("[]")), "[]")
  -- refused by jansson (invalid UTF-8 in a string): the Lua decoder still reads it
  t.eq(json.decode('"a\xffb"'), "a\xffb")
  -- errors keep the Lua decoder's message with the byte
  t.eq(select(2, json.decode('{"a":1,}')):match("^json: .- at byte %d+$") ~= nil, true)
  -- nesting beyond the C limit falls back, and the Lua decoder handles it
  local deep = string.rep("[", 300) .. string.rep("]", 300)
  t.eq(type(json.decode(deep)), "table")
end)

t.done()
