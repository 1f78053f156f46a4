/*
** lwire.c: require "assay.wire" -- the batch run's wire format: the only
** definition of the bytes that cross from the main thread to a worker and
** back.  One encoder and one decoder, called by Lua (run/worker.lua,
** run.lua, run/writer.lua, run/store.lua) and by C (ljob.c's C document path writes
** results with ay_wire_result, lfacts.c's writer reads them with
** ay_wire_read, both walk batches with ay_wire_next).
**
**   wire.file_entry(path, known_hash, known_rules, key) -> framed "F" job
**   wire.file_job(job) -> path, known_hash, known_rules, key
**   wire.doc_job(doc) -> "D" job
**   wire.unpack_doc(s, pos) -> doc, pos
**   wire.batch(entries, n) -> "M" job (entries: framed jobs, concatenated)
**   wire.result(doc, blob, nfacts, errors, stats, meta, order, reader_meta, no_text) -> "R" result
**   wire.unpack_result(s, pos, stop) -> doc, blob, nfacts, errors, stats, row
**   wire.stats(stats, order) -> packed stats
**   wire.unpack_stats(s, pos) -> stats, pos
**   wire.row(meta, reader_meta, no_text) -> row
**   wire.first(batch [, n]) -> count, pos       (of a batch's first item's length)
**   wire.next(batch, pos [, n]) -> from, to, pos'   (the item batch:sub(from, to))
**   wire.sub(batch, from, to [, n]) -> batch:sub(from, to), a string
**
** A batch result's readers (first, next, sub, unpack_stats; lfacts.c's
** factpack.put_batch) take a string, or a box and its length n: job.batch's
** boxed result, the plan's box, which -j 1's inline pool hands the writer
** itself (no copy of each batch's result; see ay_wire_bytes).
**
** Integers are little-endian; a string (s4) is a u32 length and its bytes,
** length NONE meaning "absent" (SQL NULL); a VALUE is a tag byte and its
** payload as in a facts blob (lfacts.c): '-' NULL, 'i' int64, 'f' double,
** 's' s4 (native byte order, as the blob's).
**
**   job    F: "F" path khash krules [key]            (s4 each; key optional)
**          D: "D" DOC
**          M: "M" u32 count, count times u32 length and a job
**   DOC    key name path text hash (s4), bytes (i64), encoding (s4),
**          flags (u8: 1 = the text is valid UTF-8 without NUL, bound as
**          TEXT without a check), meta (s4: the reader's metadata as JSON,
**          "" in results)
**   result R: "R" DOC nfacts (u32) facts (s4: a factpack blob) nerrors
**             (u32) and per error rule message reason (s4), STATS, ROW
**          S: "S" (unchanged, skipped)   E: "E" why   X: "X" message
**          M: "M" u32 count, count times u32 length and a result, STATS
**             (of the whole batch; its results carry none)
**   STATS  u32 n, then n times docs matches facts (i64) seconds (f64)
**          errors skipped (i64), in the rule set's order
**   ROW    the document row's metadata, as the writer stores it:
**          title date source (VALUE), meta (s4 JSON or NONE), narts (u32)
**          and per article: seq start stop (i64), title date source
**          authors (VALUE), boilerplate (u8)
**
** A ROW is made from a meta table (what rules left in doc.meta) as
** store.write_doc stored it: title, date, source as strings (tostring of
** another non-nil value); meta the JSON of the other fields but articles,
** with the reader's fields a rule removed put back and text_stored =
** false when the text is not stored; an article each element i of
** meta.articles (ipairs) that is a table with integer start and stop, seq
** = i, authors the JSON of a non-empty table.  Raises for a field it
** cannot store (a table, a function).
*/
#include <string.h>

#include "assay.h"

#define NONE 0xFFFFFFFFu

/* {====== writing ====== */

void ay_wb_init (lua_State *L, AyWb *w) {
  w->L = L;
  w->cap = 256;
  w->len = 0;
  w->p = (char *)lua_newuserdatauv(L, w->cap, 0);
  w->idx = lua_gettop(L);
}

/* Writing goes on in the box at idx (one ay_wb_init or ay_wb_keep made),
** after its first len bytes: a caller that keeps its box between calls
** (ljob.c's batch result) does not make and fill a new one each time. */
void ay_wb_keep (lua_State *L, AyWb *w, int idx, size_t len) {
  w->L = L;
  w->idx = lua_absindex(L, idx);
  w->p = (char *)lua_touserdata(L, w->idx);
  w->cap = lua_rawlen(L, w->idx);
  w->len = len <= w->cap ? len : w->cap;
}

void ay_wb_reserve (AyWb *w, size_t n) {
  if (w->cap - w->len >= n) return;
  size_t cap = w->cap;
  while (cap - w->len < n) {
    if (cap > ((size_t)-1) / 2) luaL_error(w->L, "wire: out of memory");
    cap *= 2;
  }
  char *np = (char *)lua_newuserdatauv(w->L, cap, 0);
  if (w->len) memcpy(np, w->p, w->len);
  lua_replace(w->L, w->idx);                       /* the old box is garbage now */
  w->p = np; w->cap = cap;
}

void ay_wb_add (AyWb *w, const void *s, size_t n) {
  ay_wb_reserve(w, n);
  if (n) memcpy(w->p + w->len, s, n);
  w->len += n;
}

static void le32 (unsigned char *x, uint32_t v) {
  x[0] = (unsigned char)v; x[1] = (unsigned char)(v >> 8);
  x[2] = (unsigned char)(v >> 16); x[3] = (unsigned char)(v >> 24);
}

void ay_wb_u32 (AyWb *w, uint32_t v) {
  unsigned char x[4];
  le32(x, v);
  ay_wb_add(w, x, 4);
}

/* v over the u32 written at byte at (a count or length known only later) */
void ay_wb_setu32 (AyWb *w, size_t at, uint32_t v) {
  le32((unsigned char *)w->p + at, v);
}

void ay_wb_i64 (AyWb *w, int64_t v) {
  ay_wb_u32(w, (uint32_t)(uint64_t)v);
  ay_wb_u32(w, (uint32_t)((uint64_t)v >> 32));
}

static void wb_f64 (AyWb *w, double d) {
  uint64_t u;
  memcpy(&u, &d, 8);
  ay_wb_i64(w, (int64_t)u);
}

/* s NULL: NONE */
void ay_wb_str (AyWb *w, const char *s, size_t len) {
  if (s != NULL && len >= NONE) luaL_error(w->L, "wire: a string of 4 GiB or more");
  ay_wb_u32(w, s ? (uint32_t)len : NONE);
  if (s) ay_wb_add(w, s, len);
}

void ay_wb_push (AyWb *w) { lua_pushlstring(w->L, w->p, w->len); }

void ay_wire_doc (AyWb *w, const AyWireDoc *d) {
  ay_wb_str(w, d->key.s, d->key.len);
  ay_wb_str(w, d->name.s ? d->name.s : "", d->name.len);
  ay_wb_str(w, d->path.s ? d->path.s : "", d->path.len);
  ay_wb_str(w, d->text.s ? d->text.s : "", d->text.len);
  ay_wb_str(w, d->hash.s ? d->hash.s : "", d->hash.len);
  ay_wb_i64(w, d->bytes);
  ay_wb_str(w, d->enc.s ? d->enc.s : "", d->enc.len);
  unsigned char flags = d->textok ? 1 : 0;
  ay_wb_add(w, &flags, 1);
  ay_wb_str(w, d->meta.s ? d->meta.s : "", d->meta.len);
}

/* A VALUE of the Lua value at idx: nil NULL, a string as it is; then with
** tostr (the row's title, date, source) anything else as tostring makes
** it; without, a boolean as 1 or 0, a number as it is, and anything else
** raises ("what: cannot store a table"), as the article's INSERT did. */
static void wb_value (AyWb *w, int idx, int tostr, const char *what) {
  lua_State *L = w->L;
  switch (lua_type(L, idx)) {
    case LUA_TNIL: ay_wb_add(w, "-", 1); return;
    case LUA_TSTRING: {
      size_t len;
      const char *s = lua_tolstring(L, idx, &len);
      ay_wb_add(w, "s", 1);
      uint32_t n = (uint32_t)len;
      if (len >= NONE) luaL_error(L, "wire: a string of 4 GiB or more");
      ay_wb_add(w, &n, 4);                         /* native, as a facts blob's VALUE */
      ay_wb_add(w, s, len);
      return;
    }
    default: break;
  }
  if (tostr) {
    size_t len;
    const char *s = luaL_tolstring(L, idx, &len);
    ay_wb_add(w, "s", 1);
    uint32_t n = (uint32_t)len;
    ay_wb_add(w, &n, 4);
    ay_wb_add(w, s, len);
    lua_pop(L, 1);
    return;
  }
  if (lua_type(L, idx) == LUA_TBOOLEAN) {
    int64_t v = lua_toboolean(L, idx);
    ay_wb_add(w, "i", 1); ay_wb_add(w, &v, 8);
  } else if (lua_type(L, idx) == LUA_TNUMBER && lua_isinteger(L, idx)) {
    int64_t v = (int64_t)lua_tointeger(L, idx);
    ay_wb_add(w, "i", 1); ay_wb_add(w, &v, 8);
  } else if (lua_type(L, idx) == LUA_TNUMBER) {
    double d = (double)lua_tonumber(L, idx);
    ay_wb_add(w, "f", 1); ay_wb_add(w, &d, 8);
  } else
    luaL_error(L, "%s: cannot store a %s", what, luaL_typename(L, idx));
}

/* json.encode(value at idx), pushed: the encoder itself (ay_json_encode)
** with assay.json's null and array_mt, looked up once per state and kept
** in the registry */
static const char jsonkey = 'j';
static void pushjson (lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &jsonkey) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_getglobal(L, "require");
    lua_pushliteral(L, "assay.json");
    lua_call(L, 1, 1);
    lua_createtable(L, 2, 0);
    lua_getfield(L, -2, "null");
    lua_rawseti(L, -2, 1);
    lua_getfield(L, -2, "array_mt");
    lua_rawseti(L, -2, 2);
    lua_remove(L, -2);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &jsonkey);
  }
  lua_rawgeti(L, -1, 1);
  lua_rawgeti(L, -2, 2);
  ay_json_encode(L, idx, -2, -1);
  lua_replace(L, -4);
  lua_pop(L, 2);
}

void ay_wire_row (AyWb *w, int meta, int rmeta, int no_text) {
  lua_State *L = w->L;
  meta = meta ? lua_absindex(L, meta) : 0;
  rmeta = rmeta ? lua_absindex(L, rmeta) : 0;
  luaL_checkstack(L, 12, "wire.row");
  int any = meta && lua_type(L, meta) == LUA_TTABLE;
  static const char *const head[] = { "title", "date", "source" };
  for (int k = 0; k < 3; k++) {
    if (any) lua_getfield(L, meta, head[k]); else lua_pushnil(L);
    wb_value(w, -1, 1, head[k]);
    lua_pop(L, 1);
  }
  /* the rest: meta minus title, date, source, articles; the reader's
  ** fields a rule removed; text_stored */
  lua_newtable(L);
  int rest = lua_gettop(L), nrest = 0;
  for (int pass = 0; pass < 2; pass++) {
    int t = pass == 0 ? meta : rmeta;
    if (!t || lua_type(L, t) != LUA_TTABLE) continue;
    lua_pushnil(L);
    while (lua_next(L, t)) {
      if (lua_type(L, -2) == LUA_TSTRING) {
        const char *k = lua_tostring(L, -2);
        if (strcmp(k, "title") == 0 || strcmp(k, "date") == 0 || strcmp(k, "source") == 0 ||
            strcmp(k, "articles") == 0 || (pass == 1 && strcmp(k, "_normalize") == 0)) {
          lua_pop(L, 1);
          continue;
        }
      }
      if (pass == 1) {                               /* only where the rules left nothing */
        if (any) {
          lua_pushvalue(L, -2);
          int had = lua_rawget(L, meta) != LUA_TNIL;
          lua_pop(L, 1);
          if (had) { lua_pop(L, 1); continue; }
        }
      }
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_rawset(L, rest);
      nrest++;
    }
  }
  if (no_text) { lua_pushboolean(L, 0); lua_setfield(L, rest, "text_stored"); nrest++; }
  if (nrest > 0) {
    pushjson(L, rest);
    size_t jl;
    const char *j = lua_tolstring(L, -1, &jl);
    ay_wb_str(w, j, jl);
    lua_pop(L, 1);
  }
  else ay_wb_str(w, NULL, 0);
  lua_pop(L, 1);                                     /* rest */
  /* the articles */
  size_t at = w->len;
  ay_wb_u32(w, 0);
  uint32_t n = 0;
  if (any && lua_getfield(L, meta, "articles") == LUA_TTABLE) {
    int arts = lua_gettop(L);
    /* the fields' names, pushed once (an article's fields are read with
    ** lua_gettable, as lua_getfield would: no look-up of each name) */
    static const char *const names[] = { "start", "stop", "title", "date", "source", "authors",
                                         "boilerplate" };
    luaL_checkstack(L, 7 + 8, "wire.row");
    for (int k = 0; k < 7; k++) lua_pushstring(L, names[k]);
    int key = arts + 1;                              /* key + k: names[k] */
    for (lua_Integer i = 1; lua_rawgeti(L, arts, i) != LUA_TNIL; i++) {
      int a = lua_gettop(L);
      if (lua_type(L, a) == LUA_TTABLE) {
        lua_pushvalue(L, key); lua_gettable(L, a);
        lua_pushvalue(L, key + 1); lua_gettable(L, a);
        if (lua_isinteger(L, -2) && lua_isinteger(L, -1)) {
          ay_wb_i64(w, (int64_t)i);
          ay_wb_i64(w, (int64_t)lua_tointeger(L, -2));
          ay_wb_i64(w, (int64_t)lua_tointeger(L, -1));
          for (int k = 0; k < 3; k++) {
            lua_pushvalue(L, key + 2 + k);
            lua_gettable(L, a);
            wb_value(w, -1, 0, head[k]);
            lua_pop(L, 1);
          }
          lua_pushvalue(L, key + 5);
          lua_gettable(L, a);
          if (lua_type(L, -1) == LUA_TTABLE) {
            lua_pushnil(L);
            if (lua_next(L, -2)) { lua_pop(L, 2); pushjson(L, -1); lua_remove(L, -2); }
            else { lua_pop(L, 1); lua_pushnil(L); }
          }
          wb_value(w, -1, 0, "authors");
          lua_pop(L, 1);
          lua_pushvalue(L, key + 6);
          lua_gettable(L, a);
          unsigned char bp = lua_toboolean(L, -1) ? 1 : 0;
          lua_pop(L, 1);
          ay_wb_add(w, &bp, 1);
          n++;
        }
        lua_pop(L, 2);
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1 + 7);                               /* the nil, the names */
  }
  if (any) lua_pop(L, 1);                            /* articles (none pushed without a meta table) */
  ay_wb_setu32(w, at, n);
}

/* STATS of the table at idx (by rule name) in the order of the array at
** order; 0 idx: none (a count of 0) */
void ay_wire_stats (AyWb *w, int idx, int order) {
  lua_State *L = w->L;
  if (!idx || lua_type(L, idx) != LUA_TTABLE || !order || lua_type(L, order) != LUA_TTABLE) {
    ay_wb_u32(w, 0);
    return;
  }
  idx = lua_absindex(L, idx); order = lua_absindex(L, order);
  lua_Integer n = (lua_Integer)lua_rawlen(L, order);
  ay_wb_u32(w, (uint32_t)n);
  static const char *const f[6] = { "docs", "matches", "facts", "seconds", "errors", "skipped" };
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, order, i);
    int st = lua_gettable(L, idx) == LUA_TTABLE;
    for (int k = 0; k < 6; k++) {
      lua_Number v = 0;
      if (st) { lua_getfield(L, -1, f[k]); v = lua_tonumber(L, -1); lua_pop(L, 1); }
      if (k == 3) wb_f64(w, (double)v);
      else ay_wb_i64(w, (int64_t)v);
    }
    lua_pop(L, 1);
  }
}
/* }====== */

/* {====== reading ====== */

static uint32_t rd_u32 (AyRd *r) {
  if (r->end - r->p < 4) { r->bad = 1; r->p = r->end; return 0; }
  const unsigned char *u = (const unsigned char *)r->p;
  r->p += 4;
  return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
}

static int64_t rd_i64 (AyRd *r) {
  uint64_t lo = rd_u32(r), hi = rd_u32(r);
  return (int64_t)(lo | hi << 32);
}

static double rd_f64 (AyRd *r) {
  uint64_t u = (uint64_t)rd_i64(r);
  double d;
  memcpy(&d, &u, 8);
  return d;
}

static void rd_str (AyRd *r, AyStr *out) {
  uint32_t n = rd_u32(r);
  out->s = NULL; out->len = 0;
  if (n == NONE || r->bad) return;
  if ((size_t)(r->end - r->p) < n) { r->bad = 1; r->p = r->end; return; }
  out->s = r->p; out->len = n;
  r->p += n;
}

static void rd_bytes (AyRd *r, size_t n) {
  if ((size_t)(r->end - r->p) < n) { r->bad = 1; r->p = r->end; }
  else r->p += n;
}

/* A VALUE: its start (the tag), or NULL for '-' */
static const char *rd_value (AyRd *r) {
  if (r->p >= r->end) { r->bad = 1; return NULL; }
  const char *at = r->p++;
  switch (*at) {
    case '-': return NULL;
    case 'i': case 'f': rd_bytes(r, 8); return at;
    case 's': {
      uint32_t n;
      if (r->end - r->p < 4) { r->bad = 1; return NULL; }
      memcpy(&n, r->p, 4);
      r->p += 4;
      rd_bytes(r, n);
      return at;
    }
    default: r->bad = 1; return NULL;
  }
}

int ay_wire_readdoc (AyRd *r, AyWireDoc *d) {
  rd_str(r, &d->key); rd_str(r, &d->name); rd_str(r, &d->path); rd_str(r, &d->text);
  rd_str(r, &d->hash);
  d->bytes = rd_i64(r);
  rd_str(r, &d->enc);
  d->textok = 0;
  if (r->p < r->end) d->textok = *r->p++ & 1; else r->bad = 1;
  rd_str(r, &d->meta);
  return !r->bad && d->key.s && d->text.s;
}

static void rd_stats (AyRd *r, uint32_t *n, const char **at) {
  *n = rd_u32(r);
  *at = r->p;
  if (*n > (uint32_t)((r->end - r->p) / 48)) { r->bad = 1; return; }
  r->p += (size_t)*n * 48;
}

int ay_wire_read (const char *s, size_t len, AyWireResult *res) {
  AyRd r = { s, s + len, 0 };
  memset(res, 0, sizeof *res);
  if (len == 0 || *r.p++ != 'R') return 0;
  if (!ay_wire_readdoc(&r, &res->doc)) return 0;
  res->nfacts = rd_u32(&r);
  rd_str(&r, &res->facts);
  res->nerrors = rd_u32(&r);
  res->errors = r.p;
  for (uint32_t i = 0; i < res->nerrors && !r.bad; i++) {
    AyStr x;
    rd_str(&r, &x); rd_str(&r, &x); rd_str(&r, &x);
  }
  rd_stats(&r, &res->nstats, &res->stats);
  res->title = rd_value(&r);
  res->date = rd_value(&r);
  res->source = rd_value(&r);
  rd_str(&r, &res->meta);
  res->narts = rd_u32(&r);
  res->arts = r.p;
  for (uint32_t i = 0; i < res->narts && !r.bad; i++) {
    AyWireArt a;
    ay_wire_nextart(&r, &a);
  }
  res->arts_end = r.p;
  res->end = r.end;
  return !r.bad && r.p == r.end && res->facts.s != NULL;
}

int ay_wire_nextart (AyRd *r, AyWireArt *a) {
  a->seq = rd_i64(r); a->start = rd_i64(r); a->stop = rd_i64(r);
  a->title = rd_value(r); a->date = rd_value(r); a->source = rd_value(r); a->authors = rd_value(r);
  a->boiler = 0;
  if (r->p < r->end) a->boiler = *r->p++ & 1; else r->bad = 1;
  return !r->bad;
}

int ay_wire_batch (const char *s, size_t len, uint32_t *n) {
  if (len < 5 || s[0] != 'M') return 0;
  AyRd r = { s + 1, s + 5, 0 };
  *n = rd_u32(&r);
  return 1;
}

int ay_wire_next (const char *s, size_t len, size_t *pos, const char **item, size_t *il) {
  if (*pos > len || len - *pos < 4) return 0;
  AyRd r = { s + *pos, s + len, 0 };
  uint32_t n = rd_u32(&r);
  if (n > len - *pos - 4) return 0;
  *item = s + *pos + 4; *il = n;
  *pos += 4 + (size_t)n;
  return 1;
}
/* }====== */

/* {====== Lua ====== */

static void pushstr (lua_State *L, const AyStr *s) {
  if (s->s) lua_pushlstring(L, s->s, s->len); else lua_pushnil(L);
}

static void pushvalue (lua_State *L, const char *v) {
  if (v == NULL) { lua_pushnil(L); return; }
  switch (*v) {
    case 'i': { int64_t x; memcpy(&x, v + 1, 8); lua_pushinteger(L, (lua_Integer)x); break; }
    case 'f': { double d; memcpy(&d, v + 1, 8); lua_pushnumber(L, (lua_Number)d); break; }
    default: { uint32_t n; memcpy(&n, v + 1, 4); lua_pushlstring(L, v + 5, n); break; }
  }
}

static const char *optfield (lua_State *L, int t, const char *k, size_t *len) {
  lua_getfield(L, t, k);
  const char *s = lua_isnil(L, -1) ? NULL : luaL_tolstring(L, -1, len);
  if (s) lua_replace(L, -2);
  return s;
}

/* the DOC of the table at t (its strings anchored on the stack) */
static void docof (lua_State *L, int t, AyWireDoc *d, int withmeta) {
  memset(d, 0, sizeof *d);
  luaL_checktype(L, t, LUA_TTABLE);
  d->key.s = optfield(L, t, "key", &d->key.len);
  if (!d->key.s) luaL_error(L, "wire: the document has no key");
  d->name.s = optfield(L, t, "name", &d->name.len);
  d->path.s = optfield(L, t, "path", &d->path.len);
  d->text.s = optfield(L, t, "text", &d->text.len);
  if (!d->text.s) luaL_error(L, "wire: the document has no text");
  d->hash.s = optfield(L, t, "hash", &d->hash.len);
  d->enc.s = optfield(L, t, "encoding", &d->enc.len);
  lua_getfield(L, t, "bytes");
  d->bytes = lua_isinteger(L, -1) ? (int64_t)lua_tointeger(L, -1) : (int64_t)d->text.len;
  lua_pop(L, 1);
  d->textok = memchr(d->text.s, 0, d->text.len) == NULL &&
              (ay_is_marked_valid(L, d->text.s, d->text.len) ||
               ay_utf8_check(d->text.s, d->text.len) == d->text.len);
  if (withmeta) {
    if (lua_getfield(L, t, "meta") == LUA_TTABLE) {
      pushjson(L, -1);
      lua_remove(L, -2);
      d->meta.s = lua_tolstring(L, -1, &d->meta.len);
    }
    else { lua_pop(L, 1); d->meta.s = "{}"; d->meta.len = 2; }
  }
}

static int w_file_entry (lua_State *L) {
  size_t pl, hl = 0, rl = 0, kl = 0;
  const char *p = luaL_checklstring(L, 1, &pl);
  const char *h = luaL_optlstring(L, 2, "", &hl);
  const char *r = luaL_optlstring(L, 3, "", &rl);
  const char *k = luaL_optlstring(L, 4, "", &kl);
  AyWb w;
  ay_wb_init(L, &w);
  ay_wb_u32(&w, (uint32_t)(17 + pl + hl + rl + kl));
  ay_wb_add(&w, "F", 1);
  ay_wb_str(&w, p, pl); ay_wb_str(&w, h, hl); ay_wb_str(&w, r, rl); ay_wb_str(&w, k, kl);
  ay_wb_push(&w);
  return 1;
}

int ay_wire_filejob (const char *s, size_t len, AyStr *path, AyStr *kh, AyStr *kr, AyStr *key) {
  AyRd r = { s, s + len, 0 };
  if (len == 0 || *r.p++ != 'F') return 0;
  rd_str(&r, path); rd_str(&r, kh); rd_str(&r, kr);
  key->s = ""; key->len = 0;
  if (r.p < r.end) rd_str(&r, key);                 /* optional */
  return !r.bad && path->s && kh->s && kr->s && key->s;
}

static int w_file_job (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  AyStr p, h, r, k;
  if (!ay_wire_filejob(s, len, &p, &h, &r, &k)) return luaL_error(L, "wire.file_job: a corrupt file job");
  pushstr(L, &p); pushstr(L, &h); pushstr(L, &r); pushstr(L, &k);
  return 4;
}

static int w_doc_job (lua_State *L) {
  lua_settop(L, 1);
  AyWireDoc d;
  docof(L, 1, &d, 1);
  AyWb w;
  ay_wb_init(L, &w);
  ay_wb_add(&w, "D", 1);
  ay_wire_doc(&w, &d);
  ay_wb_push(&w);
  return 1;
}

static void pushdoc (lua_State *L, const AyWireDoc *d, int withmeta) {
  lua_createtable(L, 0, 9);
  pushstr(L, &d->key); lua_setfield(L, -2, "key");
  pushstr(L, &d->name); lua_setfield(L, -2, "name");
  pushstr(L, &d->path); lua_setfield(L, -2, "path");
  pushstr(L, &d->text); lua_setfield(L, -2, "text");
  pushstr(L, &d->hash); lua_setfield(L, -2, "hash");
  lua_pushinteger(L, (lua_Integer)d->bytes); lua_setfield(L, -2, "bytes");
  if (d->enc.len > 0) { pushstr(L, &d->enc); lua_setfield(L, -2, "encoding"); }
  if (withmeta) {
    if (d->meta.len == 0 || (d->meta.len == 2 && memcmp(d->meta.s, "{}", 2) == 0)) lua_newtable(L);
    else {
      lua_getglobal(L, "require");
      lua_pushliteral(L, "assay.json");
      lua_call(L, 1, 1);
      lua_getfield(L, -1, "decode");
      lua_remove(L, -2);
      pushstr(L, &d->meta);
      lua_call(L, 1, 1);
      if (!lua_istable(L, -1)) { lua_pop(L, 1); lua_newtable(L); }
    }
    lua_setfield(L, -2, "meta");
  }
}

static int w_unpack_doc (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer pos = luaL_optinteger(L, 2, 1);
  luaL_argcheck(L, pos >= 1 && (size_t)pos <= len + 1, 2, "position out of bounds");
  AyRd r = { s + pos - 1, s + len, 0 };
  AyWireDoc d;
  if (!ay_wire_readdoc(&r, &d)) return luaL_error(L, "wire.unpack_doc: a corrupt document");
  pushdoc(L, &d, 1);
  lua_pushinteger(L, (lua_Integer)(r.p - s) + 1);
  return 2;
}

static int w_batch (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer n = luaL_checkinteger(L, 2);
  luaL_argcheck(L, n >= 0 && n < (lua_Integer)NONE, 2, "count out of range");
  AyWb w;
  ay_wb_init(L, &w);
  ay_wb_add(&w, "M", 1);
  ay_wb_u32(&w, (uint32_t)n);
  lua_Integer m = (lua_Integer)lua_rawlen(L, 1);
  for (lua_Integer i = 1; i <= m; i++) {
    size_t l;
    lua_rawgeti(L, 1, i);
    const char *e = luaL_checklstring(L, -1, &l);
    ay_wb_add(&w, e, l);
    lua_pop(L, 1);
  }
  ay_wb_push(&w);
  return 1;
}

void ay_wire_result (AyWb *w, const AyWireDoc *d, uint32_t nfacts, const char *blob, size_t bl,
                     int errors, int stats, int order, int meta, int rmeta, int no_text) {
  lua_State *L = w->L;
  ay_wb_add(w, "R", 1);
  ay_wire_doc(w, d);
  ay_wb_u32(w, nfacts);
  ay_wb_str(w, blob, bl);
  lua_Integer ne = errors && lua_type(L, errors) == LUA_TTABLE ? (lua_Integer)lua_rawlen(L, errors) : 0;
  ay_wb_u32(w, (uint32_t)ne);
  for (lua_Integer i = 1; i <= ne; i++) {
    lua_rawgeti(L, errors, i);
    int e = lua_gettop(L);
    static const char *const f[3] = { "rule", "message", "reason" };
    for (int k = 0; k < 3; k++) {
      size_t l;
      const char *s;
      if (lua_type(L, e) != LUA_TTABLE || lua_getfield(L, e, f[k]) == LUA_TNIL) {
        s = k == 2 ? "error" : "";
        l = strlen(s);
      }
      else s = luaL_tolstring(L, -1, &l);
      ay_wb_str(w, s, l);
      lua_settop(L, e);
    }
    lua_pop(L, 1);
  }
  ay_wire_stats(w, stats, order);
  ay_wire_row(w, meta, rmeta, no_text);
}

/* wire.result(doc, blob, nfacts, errors, stats, meta, order, reader_meta, no_text) */
static int w_result (lua_State *L) {
  lua_settop(L, 9);
  size_t bl;
  const char *blob = luaL_checklstring(L, 2, &bl);
  lua_Integer nf = luaL_checkinteger(L, 3);
  luaL_argcheck(L, nf >= 0 && nf < (lua_Integer)NONE, 3, "count out of range");
  luaL_checktype(L, 4, LUA_TTABLE);
  int no_text = lua_toboolean(L, 9);
  AyWireDoc d;
  docof(L, 1, &d, 0);
  if (no_text) { d.text.s = ""; d.text.len = 0; }
  AyWb w;
  ay_wb_init(L, &w);
  ay_wire_result(&w, &d, (uint32_t)nf, blob, bl, 4, lua_isnil(L, 5) ? 0 : 5, lua_isnil(L, 7) ? 0 : 7,
                 lua_isnil(L, 6) ? 0 : 6, lua_isnil(L, 8) ? 0 : 8, no_text);
  ay_wb_push(&w);
  return 1;
}

static void pushstats (lua_State *L, uint32_t n, const char *at) {
  lua_createtable(L, 6 * (int)n, 1);
  lua_pushboolean(L, 1);
  lua_setfield(L, -2, "flat");
  AyRd r = { at, at + (size_t)n * 48, 0 };
  for (uint32_t i = 0; i < n; i++)
    for (int k = 0; k < 6; k++) {
      if (k == 3) lua_pushnumber(L, (lua_Number)rd_f64(&r));
      else lua_pushinteger(L, (lua_Integer)rd_i64(&r));
      lua_rawseti(L, -2, (lua_Integer)(6 * i + (uint32_t)k + 1));
    }
}

static int w_stats (lua_State *L) {
  lua_settop(L, 2);
  AyWb w;
  ay_wb_init(L, &w);
  ay_wire_stats(&w, lua_isnil(L, 1) ? 0 : 1, lua_isnil(L, 2) ? 0 : 2);
  ay_wb_push(&w);
  return 1;
}

static int w_unpack_stats (lua_State *L) {
  size_t len;
  const char *s = ay_wire_bytes(L, 1, 3, &len);
  lua_Integer pos = luaL_checkinteger(L, 2);
  luaL_argcheck(L, pos >= 1 && (size_t)pos <= len + 1, 2, "position out of bounds");
  AyRd r = { s + pos - 1, s + len, 0 };
  uint32_t n; const char *at;
  rd_stats(&r, &n, &at);
  if (r.bad) return luaL_error(L, "wire.unpack_stats: corrupt stats");
  pushstats(L, n, at);
  lua_pushinteger(L, (lua_Integer)(r.p - s) + 1);
  return 2;
}

/* the ROW of res as a table {title, date, source, meta, articles (the
** records, for factpack.articles), narts} */
static void pushrow (lua_State *L, const AyWireResult *res) {
  lua_createtable(L, 0, 6);
  pushvalue(L, res->title); lua_setfield(L, -2, "title");
  pushvalue(L, res->date); lua_setfield(L, -2, "date");
  pushvalue(L, res->source); lua_setfield(L, -2, "source");
  pushstr(L, &res->meta); lua_setfield(L, -2, "meta");
  lua_pushlstring(L, res->arts, (size_t)(res->arts_end - res->arts)); lua_setfield(L, -2, "articles");
  lua_pushinteger(L, (lua_Integer)res->narts); lua_setfield(L, -2, "narts");
}

static int w_unpack_result (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer pos = luaL_optinteger(L, 2, 1), stop = luaL_optinteger(L, 3, (lua_Integer)len);
  luaL_argcheck(L, pos >= 1 && stop >= pos - 1 && (size_t)stop <= len, 2, "range out of bounds");
  AyWireResult res;
  if (!ay_wire_read(s + pos - 1, (size_t)(stop - pos + 1), &res))
    return luaL_error(L, "wire.unpack_result: a corrupt result");
  pushdoc(L, &res.doc, 0);
  pushstr(L, &res.facts);
  lua_pushinteger(L, (lua_Integer)res.nfacts);
  lua_createtable(L, (int)res.nerrors, 0);
  AyRd r = { res.errors, res.end, 0 };
  for (uint32_t i = 1; i <= res.nerrors; i++) {
    AyStr a, b, c;
    rd_str(&r, &a); rd_str(&r, &b); rd_str(&r, &c);
    lua_createtable(L, 0, 3);
    pushstr(L, &a); lua_setfield(L, -2, "rule");
    pushstr(L, &b); lua_setfield(L, -2, "message");
    pushstr(L, &c); lua_setfield(L, -2, "reason");
    lua_rawseti(L, -2, (lua_Integer)i);
  }
  pushstats(L, res.nstats, res.stats);
  pushrow(L, &res);
  return 6;
}

/* The bytes at stack index i: a string, or a box (a userdata without a
** metatable, as ay_wb_init makes) whose first n bytes are meant, n the
** integer at stack index ni (at most the box's size); *len gets their
** length.  Raises for anything else. */
const char *ay_wire_bytes (lua_State *L, int i, int ni, size_t *len) {
  if (lua_type(L, i) == LUA_TUSERDATA && !lua_getmetatable(L, i)) {
    lua_Integer n = luaL_checkinteger(L, ni);
    luaL_argcheck(L, n >= 0 && (lua_Unsigned)n <= (lua_Unsigned)lua_rawlen(L, i), ni,
                  "length out of the box");
    *len = (size_t)n;
    return (const char *)lua_touserdata(L, i);
  }
  return luaL_checklstring(L, i, len);
}

/* wire.first(batch [, n]) -> count, pos: a batch's ("M") count of items and
** the position (1-based) of the first one's length */
static int w_first (lua_State *L) {
  size_t len;
  const char *s = ay_wire_bytes(L, 1, 2, &len);
  uint32_t n;
  if (!ay_wire_batch(s, len, &n)) return luaL_error(L, "wire.first: a batch expected");
  lua_pushinteger(L, (lua_Integer)n);
  lua_pushinteger(L, 6);
  return 2;
}

/* wire.next(batch, pos [, n]) -> from, to, pos': the item whose length is at
** pos is batch:sub(from, to); the next one's length is at pos' */
static int w_next (lua_State *L) {
  size_t len;
  const char *s = ay_wire_bytes(L, 1, 3, &len);
  lua_Integer pos = luaL_checkinteger(L, 2);
  luaL_argcheck(L, pos >= 1 && (size_t)pos <= len + 1, 2, "position out of bounds");
  size_t p = (size_t)pos - 1;
  const char *item;
  size_t il;
  if (!ay_wire_next(s, len, &p, &item, &il)) return luaL_error(L, "wire.next: a truncated batch");
  lua_pushinteger(L, (lua_Integer)(item - s) + 1);
  lua_pushinteger(L, (lua_Integer)(item - s) + (lua_Integer)il);
  lua_pushinteger(L, (lua_Integer)p + 1);
  return 3;
}

/* wire.sub(batch, from, to [, n]) -> the bytes from..to (1-based,
** inclusive) as a string: an item of a boxed batch */
static int w_sub (lua_State *L) {
  size_t len;
  const char *s = ay_wire_bytes(L, 1, 4, &len);
  lua_Integer from = luaL_checkinteger(L, 2), to = luaL_checkinteger(L, 3);
  luaL_argcheck(L, from >= 1 && to >= from - 1 && (size_t)to <= len, 2, "range out of bounds");
  lua_pushlstring(L, s + from - 1, (size_t)(to - from + 1));
  return 1;
}

/* wire.row(meta, reader_meta, no_text) -> row (see pushrow) */
static int w_row (lua_State *L) {
  lua_settop(L, 3);
  AyWb w;
  ay_wb_init(L, &w);
  static const AyWireDoc empty = { {"", 0}, {"", 0}, {"", 0}, {"", 0}, {"", 0}, {"", 0}, {"", 0}, 0, 0 };
  ay_wb_add(&w, "R", 1);
  ay_wire_doc(&w, &empty);
  ay_wb_u32(&w, 0);
  ay_wb_str(&w, "", 0);
  ay_wb_u32(&w, 0);
  ay_wb_u32(&w, 0);
  ay_wire_row(&w, lua_isnil(L, 1) ? 0 : 1, lua_isnil(L, 2) ? 0 : 2, lua_toboolean(L, 3));
  AyWireResult res;
  if (!ay_wire_read(w.p, w.len, &res)) return luaL_error(L, "wire.row: internal error");
  pushrow(L, &res);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"file_entry", w_file_entry}, {"file_job", w_file_job}, {"doc_job", w_doc_job},
  {"unpack_doc", w_unpack_doc}, {"batch", w_batch}, {"result", w_result},
  {"unpack_result", w_unpack_result}, {"stats", w_stats}, {"unpack_stats", w_unpack_stats},
  {"row", w_row}, {"first", w_first}, {"next", w_next}, {"sub", w_sub}, {NULL, NULL}
};

int luaopen_assay_wire (lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
/* }====== */
