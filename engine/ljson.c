/*
** ljson.c: assay.json_c, the JSON decoder behind json.decode (jansson),
** and the encoder that is json.encode (below: "encode").
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
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "assay.h"

#if !defined(AY_JSON_DEPTH)
#define AY_JSON_DEPTH 200
#endif
/* what the encoder takes: at least what the Lua decoder (assay.json) reads,
** so that a record's nested fields read from a JSONL file can be stored */
#if !defined(AY_JSON_ENCODE_DEPTH)
#define AY_JSON_ENCODE_DEPTH 1000
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

/* {====== encode ======
** json_c.encode(v, null, array_mt) -> string: the one JSON encoder
** (json.encode).  Objects with keys sorted bytewise (stable output), arrays
** for tables whose keys are exactly 1..n, an empty table "{}" unless its
** metatable is array_mt; integers as integers, floats with the fewest of 15
** or 17 significant digits that reads back equal, and ".0" when that looks
** like an integer; strings with '"', '\\' and control bytes escaped, other
** bytes as they are.  Tables are read raw (no __index, __pairs or __len).
** Raises "json.encode: ..." for NaN and infinities, functions and other
** types, keys that are neither strings nor integers, cycles, and nesting
** deeper than AY_JSON_ENCODE_DEPTH ("nesting too deep").  The output starts on the C stack and
** grows in a userdata box, so a raise leaks nothing.  ay_json_encode is the
** same for C (assay.wire's meta column and authors), without a call into Lua. */

/* Raises msg without a position (json.encode's errors name no line). */
static int encfail (lua_State *L, const char *fmt, const char *arg) {
  lua_pushfstring(L, fmt, arg);
  return lua_error(L);
}

typedef struct Out {
  char *p;                     /* the bytes: small, then a userdata box at stack index bi */
  size_t len, cap;
  int bi, nulli, amti;         /* stack indices: box, null, array_mt */
  int npath;                   /* the tables being encoded (a cycle is one of them again) */
  const void *path[AY_JSON_ENCODE_DEPTH + 2];
  char small[256];
} Out;

static void grow (lua_State *L, Out *o, size_t more) {
  if (o->cap - o->len >= more) return;
  size_t cap = o->cap;                 /* (never 0: the output starts in small) */
  while (cap - o->len < more) {
    if (cap > ((size_t)-1) / 2) encfail(L, "json.encode: %s", "not enough memory");
    cap *= 2;
  }
  char *np = (char *)lua_newuserdatauv(L, cap, 0);
  if (o->len) memcpy(np, o->p, o->len);
  lua_replace(L, o->bi);               /* the old box is garbage now */
  o->p = np; o->cap = cap;
}

static void put (lua_State *L, Out *o, const char *s, size_t n) {
  grow(L, o, n);
  memcpy(o->p + o->len, s, n);
  o->len += n;
}

#define putlit(L, o, s) put(L, o, "" s, sizeof(s) - 1)

static void putstring (lua_State *L, Out *o, const char *s, size_t n) {
  grow(L, o, n + 2);
  o->p[o->len++] = '"';
  size_t run = 0;                      /* bytes copied as they are, pending */
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) continue;
    put(L, o, s + run, i - run);
    run = i + 1;
    char esc[8];
    const char *e = NULL;
    switch (c) {
      case '"': e = "\\\""; break;
      case '\\': e = "\\\\"; break;
      case '\b': e = "\\b"; break;
      case '\f': e = "\\f"; break;
      case '\n': e = "\\n"; break;
      case '\r': e = "\\r"; break;
      case '\t': e = "\\t"; break;
      default: snprintf(esc, sizeof esc, "\\u%04x", c); e = esc;
    }
    put(L, o, e, strlen(e));
  }
  put(L, o, s + run, n - run);
  put(L, o, "\"", 1);
}

static void putnumber (lua_State *L, Out *o, int idx) {
  char buf[64];
  if (lua_isinteger(L, idx)) {
    int n = snprintf(buf, sizeof buf, LUA_INTEGER_FMT, (LUAI_UACINT)lua_tointeger(L, idx));
    put(L, o, buf, (size_t)n);
    return;
  }
  lua_Number v = lua_tonumber(L, idx);
  if (v != v || v == (lua_Number)HUGE_VAL || v == -(lua_Number)HUGE_VAL)
    encfail(L, "json.encode: cannot encode %s", luaL_tolstring(L, idx, NULL));
  int n = snprintf(buf, sizeof buf, "%.15g", (double)v);
  if (strtod(buf, NULL) != (double)v) n = snprintf(buf, sizeof buf, "%.17g", (double)v);
  if (strpbrk(buf, ".eEn") == NULL) { memcpy(buf + n, ".0", 3); n += 2; }
  put(L, o, buf, (size_t)n);
}

static void encodeval (lua_State *L, Out *o, int idx, int depth);

/* A key of an object being encoded: its bytes (anchored in a Lua table). */
typedef struct Key { const char *s; size_t len; lua_Integer i; } Key;

/* Bytewise order (what Lua's < on strings does in the C locale). */
static int keycmp (const void *pa, const void *pb) {
  const Key *a = (const Key *)pa, *b = (const Key *)pb;
  int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
  if (c != 0) return c;
  return a->len < b->len ? -1 : a->len > b->len;
}

static void encodetable (lua_State *L, Out *o, int t, int depth) {
  if (depth > AY_JSON_ENCODE_DEPTH) encfail(L, "json.encode: %s", "nesting too deep");
  luaL_checkstack(L, 8, "json.encode: nesting too deep");
  const void *tp = lua_topointer(L, t);
  for (int i = 0; i < o->npath; i++)
    if (o->path[i] == tp) encfail(L, "json.encode: %s", "cycle in table");
  o->path[o->npath++] = tp;                          /* depth bounds npath */
  lua_Integer n = (lua_Integer)lua_rawlen(L, t), count = 0;
  lua_pushnil(L);
  while (lua_next(L, t)) { count++; lua_pop(L, 1); }
  if (n > 0 && count == n) {
    put(L, o, "[", 1);
    for (lua_Integer i = 1; i <= n; i++) {
      if (i > 1) put(L, o, ",", 1);
      lua_rawgeti(L, t, i);
      encodeval(L, o, lua_gettop(L), depth + 1);
      lua_pop(L, 1);
    }
    put(L, o, "]", 1);
  } else if (count == 0) {
    int amt = 0;
    if (lua_getmetatable(L, t)) { amt = lua_rawequal(L, -1, o->amti); lua_pop(L, 1); }
    if (amt) putlit(L, o, "[]"); else putlit(L, o, "{}");
  } else {
    /* the keys as strings, anchored in a table, sorted as a C array */
    lua_createtable(L, (int)count, 0);
    int keys = lua_gettop(L);
    Key *ks = (Key *)lua_newuserdatauv(L, (size_t)count * sizeof(Key), 0);
    lua_rawseti(L, keys, 0);                          /* anchored too */
    lua_Integer k = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
      lua_pop(L, 1);
      if (k == count) encfail(L, "json.encode: %s", "a table changed while it was encoded");
      if (lua_type(L, -1) == LUA_TSTRING) lua_pushvalue(L, -1);
      else if (lua_isinteger(L, -1)) {
        lua_pushvalue(L, -1);
        luaL_tolstring(L, -1, NULL);
        lua_remove(L, -2);
      }
      else encfail(L, "json.encode: object keys must be strings, got %s", luaL_typename(L, -1));
      ks[k].s = lua_tolstring(L, -1, &ks[k].len);
      ks[k].i = k + 1;
      lua_rawseti(L, keys, ++k);
    }
    qsort(ks, (size_t)k, sizeof(Key), keycmp);
    put(L, o, "{", 1);
    for (lua_Integer i = 0; i < k; i++) {
      if (i > 0) put(L, o, ",", 1);
      putstring(L, o, ks[i].s, ks[i].len);
      put(L, o, ":", 1);
      /* the value of key "k", else of the integer k (as json.lua did) */
      lua_rawgeti(L, keys, ks[i].i);
      if (lua_rawget(L, t) == LUA_TNIL) {
        lua_pop(L, 1);
        lua_rawgeti(L, keys, ks[i].i);
        int isnum = 0;
        lua_Integer ik = lua_tointegerx(L, -1, &isnum);
        lua_pop(L, 1);
        if (isnum) lua_rawgeti(L, t, ik); else lua_pushnil(L);
      }
      encodeval(L, o, lua_gettop(L), depth + 1);
      lua_pop(L, 1);
    }
    put(L, o, "}", 1);
    lua_pop(L, 1);                                    /* keys */
  }
  o->npath--;
}

static void encodeval (lua_State *L, Out *o, int idx, int depth) {
  switch (lua_type(L, idx)) {
    case LUA_TNIL: case LUA_TNONE: putlit(L, o, "null"); break;
    case LUA_TBOOLEAN:
      if (lua_toboolean(L, idx)) putlit(L, o, "true"); else putlit(L, o, "false");
      break;
    case LUA_TNUMBER: putnumber(L, o, idx); break;
    case LUA_TSTRING: {
      size_t n;
      const char *s = lua_tolstring(L, idx, &n);
      putstring(L, o, s, n);
      break;
    }
    case LUA_TTABLE:
      if (lua_rawequal(L, idx, o->nulli)) putlit(L, o, "null");
      else encodetable(L, o, idx, depth);
      break;
    default:
      encfail(L, "json.encode: cannot encode a %s", luaL_typename(L, idx));
  }
}

void ay_json_encode (lua_State *L, int idx, int nulli, int amti) {
  idx = lua_absindex(L, idx);
  Out o;
  o.p = o.small; o.len = 0; o.cap = sizeof o.small;
  o.nulli = lua_absindex(L, nulli); o.amti = lua_absindex(L, amti); o.npath = 0;
  lua_pushnil(L);                                      /* the box, once small is outgrown */
  o.bi = lua_gettop(L);
  encodeval(L, &o, idx, 0);
  lua_pushlstring(L, o.p, o.len);
  lua_remove(L, o.bi);
}

static int json_encode (lua_State *L) {
  luaL_checkany(L, 2);                                 /* the null sentinel */
  lua_settop(L, 3);
  ay_json_encode(L, 1, 2, 3);
  return 1;
}
/* }====== */

static const luaL_Reg json_funcs[] = {
  {"decode", json_decode}, {"encode", json_encode},
  {NULL, NULL}
};

int luaopen_assay_json_c (lua_State *L) {
  luaL_newlib(L, json_funcs);
  return 1;
}
