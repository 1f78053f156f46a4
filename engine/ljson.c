/*
** ljson.c: assay.json_c, the JSON decoder behind json.decode (jansson).
**
**   json_c.decode(s, null, array_mt) -> value | nil, message
**     Objects become tables, arrays tables with metatable array_mt, JSON
**     null the sentinel `null`; integers stay Lua integers (jansson keeps
**     64 bits), other numbers floats.  Invalid JSON or invalid UTF-8 inside
**     a string returns nil and jansson's message: stdlib/assay/json.lua then
**     falls back to its Lua decoder, which reports "json: ... at byte N".
**
** Why C: the batch runner decodes every document's metadata (its articles)
** on the writer thread, where the Lua decoder took 2 s per 100 MB corpus.
** Limits: nesting is bounded by AY_JSON_DEPTH (jansson's own limit is
** 2048); the json_t tree is owned by a userdata box, so a memory error
** while building the Lua value cannot leak it.
*/
#include <string.h>
#include <jansson.h>

#include "assay.h"

#if !defined(AY_JSON_DEPTH)
#define AY_JSON_DEPTH 200
#endif

typedef struct Box {
  json_t *root;                /* owned; NULL once released */
} Box;

static int box_gc (lua_State *L) {
  Box *b = (Box *)lua_touserdata(L, 1);
  if (b->root) { json_decref(b->root); b->root = NULL; }
  return 0;
}

/* push the Lua value of v; stack indices of null and array_mt given */
static void push (lua_State *L, json_t *v, int nulli, int amti, int depth) {
  if (depth > AY_JSON_DEPTH) luaL_error(L, "json: nesting deeper than %d", AY_JSON_DEPTH);
  luaL_checkstack(L, 4, "json: nesting too deep");
  switch (json_typeof(v)) {
    case JSON_OBJECT: {
      const char *key;
      json_t *val;
      lua_createtable(L, 0, (int)json_object_size(v));
      json_object_foreach(v, key, val) {
        push(L, val, nulli, amti, depth + 1);
        lua_setfield(L, -2, key);
      }
      break;
    }
    case JSON_ARRAY: {
      size_t n = json_array_size(v);
      lua_createtable(L, (int)n, 0);
      for (size_t i = 0; i < n; i++) {
        push(L, json_array_get(v, i), nulli, amti, depth + 1);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
      }
      if (amti) { lua_pushvalue(L, amti); lua_setmetatable(L, -2); }
      break;
    }
    case JSON_STRING:
      lua_pushlstring(L, json_string_value(v), json_string_length(v));
      break;
    case JSON_INTEGER:
      lua_pushinteger(L, (lua_Integer)json_integer_value(v));
      break;
    case JSON_REAL:
      lua_pushnumber(L, (lua_Number)json_real_value(v));
      break;
    case JSON_TRUE: lua_pushboolean(L, 1); break;
    case JSON_FALSE: lua_pushboolean(L, 0); break;
    default: lua_pushvalue(L, nulli); break;           /* JSON_NULL */
  }
}

static int json_decode (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  luaL_checkany(L, 2);                                 /* the null sentinel */
  int amti = lua_istable(L, 3) ? 3 : 0;
  Box *b = (Box *)lua_newuserdatauv(L, sizeof(Box), 0);
  b->root = NULL;
  lua_newtable(L);                                     /* a metatable of its own: __gc */
  lua_pushcfunction(L, box_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  json_error_t err;
  b->root = json_loadb(s, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
  if (b->root == NULL) {
    lua_pushnil(L);
    lua_pushfstring(L, "json: %s at byte %d", err.text, err.position + 1);
    return 2;
  }
  push(L, b->root, 2, amti, 0);
  json_decref(b->root);
  b->root = NULL;
  return 1;
}

static const luaL_Reg json_funcs[] = {
  {"decode", json_decode},
  {NULL, NULL}
};

int luaopen_assay_json_c (lua_State *L) {
  luaL_newlib(L, json_funcs);
  return 1;
}
