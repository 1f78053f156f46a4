/*
** lfacts.c: require "assay.factpack" -- a document's facts as one string.
**
**   factpack.pack(items, text) -> blob, n
**   factpack.insert(stmt, blob, doc_id, first_id) -> n
**   factpack.check(items, errors, encode)
**   factpack.expand(block, text [, into]) -> into (the block's facts as tables)
**   factpack.put(stmts, res, pos, stop, rules_hash, first_id)
**   factpack.put_batch(stmts, res, i, pos, rules_hash, first_id)
**   factpack.articles(ins_article, records, n, doc_id)
**   factpack.plain(v, maxdepth, array_mt [, maxs]) -> copy, big
**
** A batch run's worker turns the facts of a document into one string
** (pack), the string crosses to the writer thread as plain bytes, and the
** writer inserts every fact from it (insert): no Lua table is made per
** fact on the writer's side, and none is walked by Lua on the worker's.
**
** items is what engine.process returns: fact tables (fields kind, value,
** unit, qualifier, surface, start, stop, sentence, rule, region, period,
** extra, already checked by the engine) and blocks {block = true, rule =,
** kind =, hits = packed int32 triples start, stop, segment} of matches
** whose facts are their positions in text (their surfaces are cut from it
** here, so the writer needs no text).
**
** The blob, native byte order (it never leaves the process):
**   fact:  'F' rule kind VALUE unit qualifier surface start stop sentence
**          region period extra
**   block: 'B' rule kind COUNT, then COUNT times: start stop segment surface
**          (u32 count; int32 positions as r:scan packs them)
**   block with values: 'V', the same with a VALUE after each surface
** where a string is a u32 length and its bytes (length NOSTR: SQL NULL), an
** integer is an int64 (NOINT: NULL), and VALUE is a tag byte ('-' NULL,
** 'i' int64, 'f' double, 's' string) and its payload.
**
** insert binds, in this order, the 15 parameters of
**   INSERT INTO facts(id, doc_id, seq, rule, kind, value, unit, qualifier,
**                     surface, start, stop, sentence, region, period, extra)
** with id = first_id + k and seq = k + 1 for the k-th fact (first_id nil:
** NULL, SQLite picks the id).  Empty unit, qualifier, region, period and
** extra strings are stored as NULL, and so is an empty surface of a fact
** without a span.  Strings bind as TEXT when they are valid
** UTF-8 without NUL bytes, else as BLOB (as every assay.db binding does).
*/
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "assay.h"

#define NOSTR 0xFFFFFFFFu
#define NOINT INT64_MIN

/* {====== pack ====== */

enum { S_RULE, S_KIND, S_UNIT, S_QUAL, S_SURFACE, S_REGION, S_PERIOD, S_EXTRA, NSTR };
static const char *const strfields[NSTR] = {
  "rule", "kind", "unit", "qualifier", "surface", "region", "period", "extra"
};

/* One item read off its table before anything goes into the buffer
** (luaL_Buffer wants the stack above it balanced between its calls).  The
** strings point into the table's own values, which the items array keeps
** alive; numbers in string fields are formatted into num. */
typedef struct Item {
  const char *s[NSTR];
  size_t len[NSTR];
  char num[NSTR][48];
  char vt;                      /* '-', 'i', 'f', 's' */
  int64_t vi;
  double vd;
  const char *vs;
  size_t vl;
  int64_t a, e, g;              /* start, stop, sentence */
} Item;

/* t[k] without metamethods: an __index could return a fresh string, which
** nothing would anchor once popped (or run a rule's code outside its
** budget).  Every read of a fact or block here is raw; what is read stays
** alive because the table holding it is in the items array. */
static int rawfield (lua_State *L, int t, const char *k) {
  lua_pushstring(L, k);
  return lua_rawget(L, t);
}

static void readstr (lua_State *L, int t, Item *it, int k) {
  int ty = rawfield(L, t, strfields[k]);
  it->s[k] = NULL; it->len[k] = 0;
  if (ty == LUA_TSTRING) {
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    if (len < NOSTR) { it->s[k] = s; it->len[k] = len; }
  } else if (ty == LUA_TNUMBER) {           /* as tostring would write it */
    int n = lua_isinteger(L, -1)
      ? snprintf(it->num[k], sizeof it->num[k], LUA_INTEGER_FMT, (LUAI_UACINT)lua_tointeger(L, -1))
      : snprintf(it->num[k], sizeof it->num[k], LUA_NUMBER_FMT, (LUAI_UACNUMBER)lua_tonumber(L, -1));
    if (n > 0 && (size_t)n + 2 < sizeof it->num[k]) {
      if (!lua_isinteger(L, -1) && strspn(it->num[k], "-0123456789") == (size_t)n) {
        memcpy(it->num[k] + n, ".0", 3);      /* a float looks like one, as in Lua */
        n += 2;
      }
      it->s[k] = it->num[k]; it->len[k] = (size_t)n;
    }
  }
  lua_pop(L, 1);                           /* the table keeps the string alive */
}

static int64_t readint (lua_State *L, int t, const char *k) {
  rawfield(L, t, k);
  int ok;
  lua_Integer v = lua_tointegerx(L, -1, &ok);
  lua_pop(L, 1);
  return ok ? (int64_t)v : NOINT;
}

static void readvalue (lua_State *L, int t, Item *it) {
  int ty = rawfield(L, t, "value");
  it->vt = '-';
  if (ty == LUA_TNUMBER && lua_isinteger(L, -1)) { it->vt = 'i'; it->vi = (int64_t)lua_tointeger(L, -1); }
  else if (ty == LUA_TNUMBER) { it->vt = 'f'; it->vd = (double)lua_tonumber(L, -1); }
  else if (ty == LUA_TBOOLEAN) { it->vt = 'i'; it->vi = lua_toboolean(L, -1); }
  else if (ty == LUA_TSTRING) {
    it->vs = lua_tolstring(L, -1, &it->vl);
    if (it->vl < NOSTR) it->vt = 's';
  }
  lua_pop(L, 1);
}

static void addstr (luaL_Buffer *b, const char *s, size_t len) {
  uint32_t n = s ? (uint32_t)len : NOSTR;
  luaL_addlstring(b, (const char *)&n, sizeof n);
  if (s) luaL_addlstring(b, s, len);
}

static void addint (luaL_Buffer *b, int64_t v) {
  luaL_addlstring(b, (const char *)&v, sizeof v);
}

/* Do the hits of a block (w int32 per hit: start, stop, segment, then the
** spans of the value group and of the scale group, 0, -1 when unset) all
** lie inside a text of tlen bytes? */
static int blockok (const char *h, size_t hl, int w, size_t tlen) {
  for (size_t off = 0; off < hl; off += (size_t)w * 4) {
    int32_t hit[7];
    memcpy(hit, h + off, (size_t)w * 4);
    for (int k = 0; k < w; k += (k == 0 ? 3 : 2)) {
      int32_t a = hit[k], e = hit[k + 1];
      if (k > 0 && a == 0 && e == -1) continue;              /* an unset group */
      if (a < 1 || e < a - 1 || (size_t)e > tlen) return 0;
    }
  }
  return 1;
}

/* A decimal text d (digits, '.', digits) times an integral factor f, as the
** double nearest the exact product: 1.13 times 1e8 is 113000000.0, where
** the product of the two doubles is 112999999.99999999 (a figure stored as
** another).  Returns 1 with *out set, or 0 when exact integer arithmetic
** cannot do it (more than 18 digits, a product past 2^53 that is not whole,
** a factor that is not whole): then the doubles are multiplied as before. */
static int decimal_times (const char *d, size_t n, double f, double *out) {
  static const double P10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18 };
  const double TWO53 = 9007199254740992.0;
  int64_t m = 0;
  int k = -1, digits = 0;
  if (!(f == floor(f)) || fabs(f) > TWO53) return 0;       /* NaN and inf too */
  for (size_t i = 0; i < n; i++) {
    char c = d[i];
    if (c == '.') {
      if (k >= 0 || i == 0 || i + 1 == n) return 0;
      k = 0;
      continue;
    }
    if (c < '0' || c > '9' || ++digits > 18) return 0;
    m = m * 10 + (c - '0');
    if (k >= 0) k++;
  }
  if (k <= 0) return 0;                                     /* no fraction: Lua's product is exact */
  int64_t fi = (int64_t)f, af = fi < 0 ? -fi : fi;
  if (af != 0 && m > INT64_MAX / af) return 0;
  int64_t p = m * fi, p10 = (int64_t)P10[k];
  if (p % p10 == 0) *out = (double)(p / p10);              /* whole: exact below 2^53 */
  else if ((double)(p < 0 ? -p : p) <= TWO53) *out = (double)p / P10[k];   /* one rounding */
  else return 0;
  return 1;
}

/* The value of one hit of a block with value groups (w 5 or 7), pushed:
** nil when the value group did not take part; its text when not numeric,
** or not a number; else the number, times (w 7) the factor of the scale
** group's text: factors[text] when factors (stack index fi, absolute) is
** a table and that is a number, else 1.0, multiplied as Lua multiplies
** (the type: a float unless both are integers), except that a decimal
** times a whole factor is the double nearest the exact product
** (decimal_times: 1.13亿 is 113000000.0, not 112999999.99999999).
** The one definition of a block fact's value: factpack.pack stores it,
** factpack.expand (engine.expand, what `assay test` checks) returns it. */
static void pushhitvalue (lua_State *L, const char *text, const int32_t *hit, int w, int numeric,
                          int fi) {
  if (hit[3] == 0) { lua_pushnil(L); return; }
  lua_pushlstring(L, text + hit[3] - 1, (size_t)(hit[4] - hit[3] + 1));   /* NUL-terminated copy */
  if (!numeric || lua_stringtonumber(L, lua_tostring(L, -1)) == 0) return;
  lua_remove(L, -2);                                      /* the number */
  if (w == 7) {
    int t = lua_type(L, fi) == LUA_TTABLE && hit[5] != 0
      ? (lua_pushlstring(L, text + hit[5] - 1, (size_t)(hit[6] - hit[5] + 1)), lua_rawget(L, fi))
      : (lua_pushnil(L), LUA_TNIL);
    if (t != LUA_TNUMBER) { lua_pop(L, 1); lua_pushnumber(L, 1.0); }
    double x;
    if (decimal_times(text + hit[3] - 1, (size_t)(hit[4] - hit[3] + 1), (double)lua_tonumber(L, -1), &x)) {
      lua_pop(L, 2);
      lua_pushnumber(L, (lua_Number)x);
    }
    else lua_arith(L, LUA_OPMUL);
  }
}

/* A hit's value (pushhitvalue) added to a fact blob.  The factors are
** ftab[fkey] (then [field] when field is not NULL).  The stack is balanced
** around the buffer. */
static void addhitvalue (lua_State *L, luaL_Buffer *b, const char *text, const int32_t *hit,
                         int w, int numeric, int ftab, lua_Integer fkey, const char *field) {
  if (w == 7 && hit[3] != 0) {
    lua_rawgeti(L, ftab, fkey);                           /* raw: see rawfield */
    if (field) {
      if (lua_type(L, -1) == LUA_TTABLE) rawfield(L, lua_gettop(L), field);
      else lua_pushnil(L);
      lua_remove(L, -2);
    }
  }
  else lua_pushnil(L);
  pushhitvalue(L, text, hit, w, numeric, lua_gettop(L));
  int t = lua_type(L, -1);
  if (t == LUA_TNIL || t == LUA_TSTRING) {               /* the text is in text too */
    lua_pop(L, 2);
    if (t == LUA_TNIL) luaL_addchar(b, '-');
    else { luaL_addchar(b, 's'); addstr(b, text + hit[3] - 1, (size_t)(hit[4] - hit[3] + 1)); }
  } else if (lua_isinteger(L, -1)) {
    int64_t x = (int64_t)lua_tointeger(L, -1);
    lua_pop(L, 2);
    luaL_addchar(b, 'i'); addint(b, x);
  } else {
    double d = (double)lua_tonumber(L, -1);
    lua_pop(L, 2);
    luaL_addchar(b, 'f'); luaL_addlstring(b, (const char *)&d, sizeof d);
  }
}

void ay_pack_block (lua_State *L, luaL_Buffer *b, const char *rule, size_t rl,
                    const char *kind, size_t kl, const char *text, const char *h, size_t hl,
                    int w, int numeric, int ftab, lua_Integer fkey, const char *field) {
  size_t step = (size_t)w * 4;
  uint32_t count = (uint32_t)(hl / step);
  luaL_addchar(b, w == 3 ? 'B' : 'V');
  addstr(b, rule, rl);
  addstr(b, kind, kl);
  luaL_addlstring(b, (const char *)&count, sizeof count);
  for (size_t off = 0; off < hl; off += step) {
    int32_t hit[7];
    memcpy(hit, h + off, step);
    luaL_addlstring(b, (const char *)hit, 3 * sizeof hit[0]);
    addstr(b, text + hit[0] - 1, (size_t)(hit[1] - hit[0] + 1));
    if (w > 3) addhitvalue(L, b, text, hit, w, numeric, ftab, fkey, field);
  }
}

/* factpack.pack(items, text) -> blob, n (n = facts, counting each block's
** hits).  Items that are not tables, and blocks whose hits are not int32
** triples inside text, are left out. */
static int fp_pack (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  size_t tlen;
  const char *text = luaL_checklstring(L, 2, &tlen);
  lua_Integer n = (lua_Integer)lua_rawlen(L, 1), facts = 0;
  Item it;
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (lua_Integer i = 1; i <= n; i++) {
    /* read the item, pop it, then add: the stack is back where the
    ** buffer left it before every buffer call */
    if (lua_rawgeti(L, 1, i) != LUA_TTABLE) { lua_pop(L, 1); continue; }
    int t = lua_gettop(L);
    rawfield(L, t, "block");
    int block = lua_toboolean(L, -1);
    lua_pop(L, 1);
    readstr(L, t, &it, S_RULE);
    readstr(L, t, &it, S_KIND);
    if (block) {
      rawfield(L, t, "width");
      rawfield(L, t, "numeric");
      rawfield(L, t, "hits");
      int okw;
      lua_Integer w = lua_isnil(L, -3) ? 3 : lua_tointegerx(L, -3, &okw);
      int numeric = lua_toboolean(L, -2);
      size_t hl = 0;
      const char *h = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &hl) : NULL;
      lua_pop(L, 4);                        /* width, numeric, hits, item: the items array keeps them */
      if (h == NULL || (w != 3 && w != 5 && w != 7)) continue;
      size_t step = (size_t)w * 4;
      if (hl % step != 0 || hl / step >= NOSTR || !blockok(h, hl, (int)w, tlen)) continue;
      uint32_t count = (uint32_t)(hl / step);
      ay_pack_block(L, &b, it.s[S_RULE], it.len[S_RULE], it.s[S_KIND], it.len[S_KIND], text,
                    h, hl, (int)w, numeric, 1, i, "factors");
      facts += (lua_Integer)count;
      continue;
    }
    for (int k = S_UNIT; k < NSTR; k++) readstr(L, t, &it, k);
    readvalue(L, t, &it);
    it.a = readint(L, t, "start");
    it.e = readint(L, t, "stop");
    it.g = readint(L, t, "sentence");
    lua_pop(L, 1);                          /* the item */
    /* an empty unit, qualifier, region, period or extra says nothing: NULL;
    ** so is an empty surface without a span */
    static const int optional[] = { S_UNIT, S_QUAL, S_REGION, S_PERIOD, S_EXTRA };
    for (size_t k = 0; k < sizeof optional / sizeof optional[0]; k++)
      if (it.len[optional[k]] == 0) it.s[optional[k]] = NULL;
    if (it.len[S_SURFACE] == 0 && it.a == NOINT) it.s[S_SURFACE] = NULL;
    luaL_addchar(&b, 'F');
    addstr(&b, it.s[S_RULE], it.len[S_RULE]);
    addstr(&b, it.s[S_KIND], it.len[S_KIND]);
    luaL_addchar(&b, it.vt);
    if (it.vt == 'i') addint(&b, it.vi);
    else if (it.vt == 'f') luaL_addlstring(&b, (const char *)&it.vd, sizeof it.vd);
    else if (it.vt == 's') addstr(&b, it.vs, it.vl);
    addstr(&b, it.s[S_UNIT], it.len[S_UNIT]);
    addstr(&b, it.s[S_QUAL], it.len[S_QUAL]);
    addstr(&b, it.s[S_SURFACE], it.len[S_SURFACE]);
    addint(&b, it.a);
    addint(&b, it.e);
    addint(&b, it.g);
    addstr(&b, it.s[S_REGION], it.len[S_REGION]);
    addstr(&b, it.s[S_PERIOD], it.len[S_PERIOD]);
    addstr(&b, it.s[S_EXTRA], it.len[S_EXTRA]);
    facts++;
  }
  luaL_pushresult(&b);
  lua_pushinteger(L, facts);
  return 2;
}
/* }====== */


/* {====== insert ====== */

typedef struct Reader {
  const char *p, *end;
  int bad;                  /* set when the blob ended early */
} Reader;

static uint32_t getu32 (Reader *r) {
  uint32_t v = 0;
  if (r->end - r->p < 4) { r->bad = 1; r->p = r->end; return 0; }
  memcpy(&v, r->p, 4); r->p += 4;
  return v;
}

static int64_t geti64 (Reader *r) {
  int64_t v = 0;
  if (r->end - r->p < 8) { r->bad = 1; r->p = r->end; return 0; }
  memcpy(&v, r->p, 8); r->p += 8;
  return v;
}

/* A string of the blob: *s NULL for SQL NULL. */
static void getstr (Reader *r, const char **s, size_t *len) {
  uint32_t n = getu32(r);
  *s = NULL; *len = 0;
  if (n == NOSTR || r->bad) return;
  if ((size_t)(r->end - r->p) < n) { r->bad = 1; r->p = r->end; return; }
  *s = r->p; *len = n;
  r->p += n;
}

static int bindstr (sqlite3_stmt *st, int i, const char *s, size_t len) {
  if (s == NULL) return sqlite3_bind_null(st, i);
  if (memchr(s, 0, len) == NULL && ay_utf8_check(s, len) == len)
    return sqlite3_bind_text64(st, i, s, len, SQLITE_STATIC, SQLITE_UTF8);
  return sqlite3_bind_blob64(st, i, s, len, SQLITE_STATIC);
}

static int bindint (sqlite3_stmt *st, int i, int64_t v) {
  return v == NOINT ? sqlite3_bind_null(st, i) : sqlite3_bind_int64(st, i, v);
}

enum { P_ID = 1, P_DOC, P_SEQ, P_RULE, P_KIND, P_VALUE, P_UNIT, P_QUAL, P_SURFACE, P_START,
       P_STOP, P_SENT, P_REGION, P_PERIOD, P_EXTRA, NPARAMS = P_EXTRA };

/* Binds a VALUE of the blob at p (tag and payload) to parameter i (also
** the values of a wire ROW: ay_bind_value). */
static int bindvalue (sqlite3_stmt *st, int i, const char *p, const char *end) {
  if (p == NULL) return sqlite3_bind_null(st, i);
  Reader r = { p, end, 0 };
  char vt = *r.p++;
  switch (vt) {
    case 'i': return sqlite3_bind_int64(st, i, geti64(&r));
    case 'f': {
      double d = 0;
      if (r.end - r.p >= 8) memcpy(&d, r.p, 8);
      return sqlite3_bind_double(st, i, d);
    }
    case 's': {
      const char *s; size_t len;
      getstr(&r, &s, &len);
      return bindstr(st, i, s ? s : "", len);
    }
    default: return sqlite3_bind_null(st, i);
  }
}

int ay_bind_value (sqlite3_stmt *st, int i, const char *v, const char *end) {
  return bindvalue(st, i, v, end);
}

/* Skips a VALUE of the blob; its start, or NULL when it is '-' (NULL). */
static const char *skipvalue (Reader *r) {
  if (r->p >= r->end) { r->bad = 1; return NULL; }
  const char *at = r->p;
  char vt = *r->p++;
  const char *s; size_t len;
  switch (vt) {
    case '-': return NULL;
    case 'i': case 'f': if (r->end - r->p < 8) { r->bad = 1; return NULL; } r->p += 8; return at;
    case 's': getstr(r, &s, &len); return r->bad ? NULL : at;
    default: r->bad = 1; return NULL;
  }
}

/* A VALUE of the blob (tag byte and payload) bound to the value parameter. */
static int bindvaluetag (sqlite3_stmt *st, Reader *r) {
  const char *p = skipvalue(r);
  return r->bad ? SQLITE_OK : bindvalue(st, P_VALUE, p, r->end);
}

/* One row: bind the per-fact parameters around the fixed ones, step, reset. */
static int steprow (sqlite3_stmt *st, int64_t id, int64_t seq) {
  int rc = bindint(st, P_ID, id);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, P_SEQ, seq);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* {------ block facts many rows at a time ------
** A row of a block fact has 9 values (doc_id, seq, rule, kind, value,
** surface, start, stop, sentence; the other columns are NULL).  With the
** narrow multi-row INSERTs rows[i] of RSIZES[i] rows each, facts go in 16
** per statement: SQLite's cost per statement (cursor, transaction checks,
** reset) was a third of the writer's insert time.  Rows keep their order,
** so SQLite's rowids still come out ascending. */
enum { NRS = 5, RP = 9, RMAX = 16 };
static const int RSIZES[NRS] = { 16, 8, 4, 2, 1 };

typedef struct PendRow {
  const char *rule, *kind, *surf, *val;   /* val: a VALUE of the blob, or NULL */
  size_t rl, kl, sl;
  const char *vend;             /* end of the blob, for reading val */
  int32_t a, e, g;
  int64_t seq;
} PendRow;

typedef struct Pend {
  sqlite3_stmt *rows[NRS];      /* the multi-row INSERTs, checked out */
  int n;                        /* rows waiting */
  PendRow r[RMAX];
} Pend;

/* Inserts the waiting rows of document doc: 16 at a time, and the rest
** too when all (8, 4, 2, 1 at a time). */
static int flushrows (Pend *pd, int64_t doc, int all) {
  int rc = SQLITE_OK, i = 0;
  while (rc == SQLITE_OK && i < pd->n) {
    int left = pd->n - i, k = 0;
    while (RSIZES[k] > left) k++;
    if (!all && RSIZES[k] != RMAX) break;
    sqlite3_stmt *st = pd->rows[k];
    for (int j = 0; j < RSIZES[k] && rc == SQLITE_OK; j++) {
      int b = j * RP;
      const PendRow *w = &pd->r[i + j];
      rc = sqlite3_bind_int64(st, b + 1, doc);
      if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, b + 2, w->seq);
      if (rc == SQLITE_OK) rc = bindstr(st, b + 3, w->rule, w->rl);
      if (rc == SQLITE_OK) rc = bindstr(st, b + 4, w->kind, w->kl);
      if (rc == SQLITE_OK) rc = bindvalue(st, b + 5, w->val, w->vend);
      if (rc == SQLITE_OK) rc = bindstr(st, b + 6, w->surf, w->sl);
      if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, b + 7, w->a);
      if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, b + 8, w->e);
      if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, b + 9, w->g);
    }
    if (rc == SQLITE_OK) {
      rc = sqlite3_step(st);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_reset(st);
    i += RSIZES[k];
  }
  if (i > 0 && i < pd->n) memmove(pd->r, pd->r + i, (size_t)(pd->n - i) * sizeof pd->r[0]);
  pd->n -= i;
  return rc;
}
/* }------ */

/* One hit of a block: its start, stop, segment and surface; 0 (r->bad
** set) when the blob ends first. */
static int readhit (Reader *r, int32_t hit[3], const char **s, size_t *len) {
  if (r->end - r->p < (ptrdiff_t)(3 * sizeof hit[0])) { r->bad = 1; return 0; }
  memcpy(hit, r->p, 3 * sizeof hit[0]);
  r->p += 3 * sizeof hit[0];
  getstr(r, s, len);
  return !r->bad;
}

/* Insert the facts of blob[0..blen) through st (the 15-parameter INSERT),
** and the rows of blocks through pd's multi-row INSERTs when pd is not
** NULL; *count gets the rows inserted, *why a message when the blob is
** corrupt.  Returns SQLITE_OK or the SQLite error.  st is reset, not
** cleared. */
static int insertblob (sqlite3_stmt *st, Pend *pd, const char *blob, size_t blen, int64_t doc,
                       int hasid, int64_t first, int64_t *count, const char **why) {
  Reader r = { blob, blob + blen, 0 };
  int64_t k = 0;
  int rc = sqlite3_bind_int64(st, P_DOC, doc);
  *why = NULL;
  if (pd) pd->n = 0;
  while (rc == SQLITE_OK && r.p < r.end) {
    char tag = *r.p++;
    const char *s; size_t len;
    if (pd && (tag == 'B' || tag == 'V')) {
      const char *rule, *kind; size_t rl, kl;
      getstr(&r, &rule, &rl);
      getstr(&r, &kind, &kl);
      uint32_t n = getu32(&r);
      for (uint32_t h = 0; h < n && rc == SQLITE_OK && !r.bad; h++) {
        int32_t hit[3];
        if (!readhit(&r, hit, &s, &len)) break;
        const char *val = tag == 'V' ? skipvalue(&r) : NULL;
        if (r.bad) break;
        PendRow *w = &pd->r[pd->n++];
        w->rule = rule; w->rl = rl; w->kind = kind; w->kl = kl; w->surf = s; w->sl = len;
        w->val = val; w->vend = r.end; w->a = hit[0]; w->e = hit[1]; w->g = hit[2];
        w->seq = ++k;
        if (pd->n == RMAX) rc = flushrows(pd, doc, 0);
      }
      if (r.bad) { *why = "corrupt block"; break; }
      continue;
    }
    if (pd && pd->n > 0) rc = flushrows(pd, doc, 1);       /* keep the blob's order */
    getstr(&r, &s, &len); if (rc == SQLITE_OK) rc = bindstr(st, P_RULE, s, len);
    getstr(&r, &s, &len); if (rc == SQLITE_OK) rc = bindstr(st, P_KIND, s, len);
    if (tag == 'B' || tag == 'V') {
      uint32_t n = getu32(&r);
      for (int i = P_VALUE; i <= P_EXTRA && rc == SQLITE_OK; i++)
        if (i != P_SURFACE && i != P_START && i != P_STOP && i != P_SENT)
          rc = sqlite3_bind_null(st, i);
      for (uint32_t h = 0; h < n && rc == SQLITE_OK && !r.bad; h++) {
        int32_t hit[3];
        if (!readhit(&r, hit, &s, &len)) break;
        rc = bindstr(st, P_SURFACE, s, len);
        if (tag == 'V' && rc == SQLITE_OK) rc = bindvaluetag(st, &r);
        if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, P_START, hit[0]);
        if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, P_STOP, hit[1]);
        if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, P_SENT, hit[2]);
        if (rc == SQLITE_OK) rc = steprow(st, hasid ? first + k : NOINT, k + 1);
        k++;
      }
      if (r.bad) { *why = "corrupt block"; break; }
      continue;
    }
    if (tag != 'F' || r.p >= r.end) { *why = "corrupt fact"; break; }
    if (rc == SQLITE_OK) rc = bindvaluetag(st, &r);
    getstr(&r, &s, &len); if (rc == SQLITE_OK) rc = bindstr(st, P_UNIT, s, len);
    getstr(&r, &s, &len); if (rc == SQLITE_OK) rc = bindstr(st, P_QUAL, s, len);
    getstr(&r, &s, &len); if (rc == SQLITE_OK) rc = bindstr(st, P_SURFACE, s, len);
    int64_t a = geti64(&r), e = geti64(&r), g = geti64(&r);
    if (rc == SQLITE_OK) rc = bindint(st, P_START, a);
    if (rc == SQLITE_OK) rc = bindint(st, P_STOP, e);
    if (rc == SQLITE_OK) rc = bindint(st, P_SENT, g);
    getstr(&r, &s, &len); if (rc == SQLITE_OK) rc = bindstr(st, P_REGION, s, len);
    getstr(&r, &s, &len); if (rc == SQLITE_OK) rc = bindstr(st, P_PERIOD, s, len);
    getstr(&r, &s, &len); if (rc == SQLITE_OK) rc = bindstr(st, P_EXTRA, s, len);
    if (r.bad) { *why = "corrupt fact"; break; }
    if (rc == SQLITE_OK) rc = steprow(st, hasid ? first + k : NOINT, k + 1);
    k++;
  }
  if (pd && rc == SQLITE_OK && !*why) rc = flushrows(pd, doc, 1);
  sqlite3_reset(st);
  *count = k;
  return rc;
}

/* factpack.insert(stmt, blob, doc_id, first_id) -> n */
static int fp_insert (lua_State *L) {
  size_t blen;
  const char *blob = luaL_checklstring(L, 2, &blen);
  lua_Integer doc = luaL_checkinteger(L, 3);
  int hasid = !lua_isnoneornil(L, 4);
  lua_Integer first = hasid ? luaL_checkinteger(L, 4) : 0;
  sqlite3_stmt *st = ay_stmt_checkout(L, 1);     /* nothing raises until giveback */
  if (sqlite3_bind_parameter_count(st) != NPARAMS) {
    ay_stmt_giveback(L, 1);
    return luaL_error(L, "factpack.insert: the statement must have %d parameters", NPARAMS);
  }
  int64_t k = 0;
  const char *why;
  int rc = insertblob(st, NULL, blob, blen, doc, hasid, first, &k, &why);
  sqlite3_clear_bindings(st);
  ay_stmt_giveback(L, 1);
  if (why) return luaL_error(L, "factpack.insert: %s (fact %d)", why, (int)(k + 1));
  if (rc != SQLITE_OK)
    return luaL_error(L, "factpack.insert: %s", sqlite3_errmsg(sqlite3_db_handle(st)));
  lua_pushinteger(L, (lua_Integer)k);
  return 1;
}

/* The multi-row INSERTs of blocks' facts (see Pend): the table at stack
** index t maps 16, 8, 4, 2, 1 to statements inserting that many rows of
** (doc_id, seq, rule, kind, value, surface, start, stop, sentence).  Pushes
** them and returns the stack index of the first; 0 when t is absent.
** Checks each one (a checkout and giveback), so nothing is left marked as
** running when this raises. */
static int pushrows (lua_State *L, int t, const char *who) {
  if (lua_isnoneornil(L, t)) return 0;
  luaL_checktype(L, t, LUA_TTABLE);
  luaL_checkstack(L, NRS, who);
  int base = lua_gettop(L) + 1;
  for (int i = 0; i < NRS; i++) {
    lua_rawgeti(L, t, RSIZES[i]);
    sqlite3_stmt *st = ay_stmt_checkout(L, base + i);
    int ok = sqlite3_bind_parameter_count(st) == RP * RSIZES[i];
    ay_stmt_giveback(L, base + i);
    if (!ok) luaL_error(L, "%s: rows[%d] must insert %d rows of %d values", who, RSIZES[i],
                        RSIZES[i], RP);
  }
  return base;
}

/* {------ articles ------
** The articles of a wire ROW (narts records at arts) through st, the
** 9-parameter INSERT INTO articles(doc_id, seq, start, stop, title, date,
** source, authors, boilerplate), and 8 at a time through st8 (the same
** with 8 rows of values) when it is not NULL: SQLite's cost per statement
** is a good part of a small row's.  Returns SQLITE_OK or the error; *why a
** message when the records are corrupt. */
#define ARTROWS 8

static int bindart (sqlite3_stmt *st, int b, int64_t doc, const AyWireArt *a, const char *end) {
  int rc = sqlite3_bind_int64(st, b + 1, doc);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, b + 2, a->seq);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, b + 3, a->start);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, b + 4, a->stop);
  if (rc == SQLITE_OK) rc = bindvalue(st, b + 5, a->title, end);
  if (rc == SQLITE_OK) rc = bindvalue(st, b + 6, a->date, end);
  if (rc == SQLITE_OK) rc = bindvalue(st, b + 7, a->source, end);
  if (rc == SQLITE_OK) rc = bindvalue(st, b + 8, a->authors, end);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(st, b + 9, a->boiler);
  return rc;
}

static int insertarts (sqlite3_stmt *st, sqlite3_stmt *st8, const char *arts, const char *end,
                       uint32_t narts, int64_t doc, const char **why) {
  AyRd r = { arts, end, 0 };
  int rc = SQLITE_OK;
  *why = NULL;
  uint32_t i = 0;
  while (i < narts && rc == SQLITE_OK) {
    sqlite3_stmt *s = st8 && narts - i >= ARTROWS ? st8 : st;
    int k = s == st8 ? ARTROWS : 1;
    for (int j = 0; j < k && rc == SQLITE_OK; j++) {
      AyWireArt a;
      if (!ay_wire_nextart(&r, &a)) { *why = "corrupt article"; return rc; }
      rc = bindart(s, 9 * j, doc, &a, end);
    }
    if (rc == SQLITE_OK) {
      rc = sqlite3_step(s);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_reset(s);
    i += (uint32_t)k;
  }
  return rc;
}

/* The articles statement at stack index i, checked (9 parameters). */
static void checkarts (lua_State *L, int i, const char *who) {
  sqlite3_stmt *st = ay_stmt_checkout(L, i);
  int ok = sqlite3_bind_parameter_count(st) == 9;
  ay_stmt_giveback(L, i);
  if (!ok) luaL_error(L, "%s: the articles statement must have 9 parameters", who);
}

/* factpack.articles(ins_article, records, n, doc_id): the articles of a
** wire ROW (wire.unpack_result's row.articles, row.narts) */
static int fp_articles (lua_State *L) {
  size_t al;
  const char *arts = luaL_checklstring(L, 2, &al);
  lua_Integer n = luaL_checkinteger(L, 3), doc = luaL_checkinteger(L, 4);
  luaL_argcheck(L, n >= 0 && n <= (lua_Integer)UINT32_MAX, 3, "count out of range");
  checkarts(L, 1, "factpack.articles");
  sqlite3_stmt *st = ay_stmt_checkout(L, 1);
  const char *why;
  int rc = insertarts(st, NULL, arts, arts + al, (uint32_t)n, doc, &why);
  sqlite3_clear_bindings(st);
  ay_stmt_giveback(L, 1);
  if (why) return luaL_error(L, "factpack.articles: %s", why);
  if (rc != SQLITE_OK) return luaL_error(L, "factpack.articles: %s", sqlite3_errmsg(sqlite3_db_handle(st)));
  return 0;
}
/* }------ */

/* The statements of factpack.put and put_batch, from the table at stack
** index t: pushed in ST_ order; returns the stack index of the first. */
enum { ST_DOC, ST_FACTS, ST_ARTS, ST_FIX, ST_ARTS8, NST };

static int pushstmts (lua_State *L, int t, const char *who) {
  luaL_checktype(L, t, LUA_TTABLE);
  static const char *const names[NST] = { "ins_doc", "ins_facts", "ins_article", "fix_range",
                                          "ins_articles" };
  int base = lua_gettop(L) + 1;
  for (int i = 0; i < NST; i++) {
    if (lua_getfield(L, t, names[i]) == LUA_TNIL && i == ST_ARTS8) continue;   /* optional */
    ay_stmt_checkout(L, base + i);                 /* raises unless an assay.stmt */
    ay_stmt_giveback(L, base + i);
  }
  checkarts(L, base + ST_ARTS, who);
  if (!lua_isnil(L, base + ST_ARTS8)) {
    sqlite3_stmt *a8 = ay_stmt_checkout(L, base + ST_ARTS8);
    int ok = sqlite3_bind_parameter_count(a8) == 9 * ARTROWS;
    ay_stmt_giveback(L, base + ST_ARTS8);
    if (!ok) luaL_error(L, "%s: ins_articles must insert %d rows of 9 values", who, ARTROWS);
  }
  sqlite3_stmt *fx = ay_stmt_checkout(L, base + ST_FIX);
  int fxok = sqlite3_bind_parameter_count(fx) == 3;
  ay_stmt_giveback(L, base + ST_FIX);
  if (!fxok) luaL_error(L, "%s: fix_range must have 3 parameters", who);
  return base;
}

/* The named parameters of the document row (run/store.lua's ins_doc). */
enum { DP_KEY, DP_PATH, DP_NAME, DP_HASH, DP_BYTES, DP_ENC, DP_TITLE, DP_DATE, DP_SOURCE, DP_META,
       DP_TEXT, DP_RULES, DP_FIRST, DP_LAST, NDOCP };

/* A wire result without errors or stats (res, the bytes of r): its
** document row (statement at stack index st + ST_DOC), facts and
** articles.  Returns 1 with *id, *k (facts written) and *got (SQLite's
** last rowid), or 0 when the key exists (nothing written); raises on a
** database error or a corrupt blob. */
/* The statements (at stack index st, pushstmts) checked before anything
** is written, and the document row's parameters by name (di[DP_...]: it
** binds by name, so its column order lives in the SQL only); raises.
** Once per call of put or put_batch, not per document. */
static void docparams (lua_State *L, int st, int *di) {
  static const char *const dnames[NDOCP] = { ":key", ":path", ":name", ":hash", ":bytes",
    ":encoding", ":title", ":date", ":source", ":meta", ":text", ":rules_hash", ":first_fact",
    ":last_fact" };
  sqlite3_stmt *fs = ay_stmt_checkout(L, st + ST_FACTS);
  int fsok = sqlite3_bind_parameter_count(fs) == NPARAMS;
  ay_stmt_giveback(L, st + ST_FACTS);
  sqlite3_stmt *ds = ay_stmt_checkout(L, st + ST_DOC);
  int missing = -1;
  for (int i = 0; i < NDOCP; i++)
    if ((di[i] = sqlite3_bind_parameter_index(ds, dnames[i])) == 0 && missing < 0) missing = i;
  ay_stmt_giveback(L, st + ST_DOC);
  if (missing >= 0)
    luaL_error(L, "factpack.put: the document statement has no parameter %s", dnames[missing]);
  if (!fsok) luaL_error(L, "factpack.put: the facts statement must have %d parameters", NPARAMS);
}

static int putrow (lua_State *L, const AyWireResult *res, const char *rhash, size_t hl,
                   lua_Integer first, int st, int rowsat, const int *di, int64_t *id, int64_t *k,
                   int64_t *got) {
  const AyWireDoc *d = &res->doc;
  uint32_t nfacts = res->nfacts;
  sqlite3_stmt *ds = ay_stmt_checkout(L, st + ST_DOC);      /* nothing raises until giveback */
  int rc = bindstr(ds, di[DP_KEY], d->key.s, d->key.len);
  if (rc == SQLITE_OK) rc = bindstr(ds, di[DP_PATH], d->path.s, d->path.len);
  if (rc == SQLITE_OK) rc = bindstr(ds, di[DP_NAME], d->name.s, d->name.len);
  if (rc == SQLITE_OK) rc = bindstr(ds, di[DP_HASH], d->hash.s, d->hash.len);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(ds, di[DP_BYTES], d->bytes);
  if (rc == SQLITE_OK) rc = bindstr(ds, di[DP_ENC], d->enc.len > 0 ? d->enc.s : NULL, d->enc.len);
  if (rc == SQLITE_OK) rc = bindvalue(ds, di[DP_TITLE], res->title, res->end);
  if (rc == SQLITE_OK) rc = bindvalue(ds, di[DP_DATE], res->date, res->end);
  if (rc == SQLITE_OK) rc = bindvalue(ds, di[DP_SOURCE], res->source, res->end);
  if (rc == SQLITE_OK) rc = bindstr(ds, di[DP_META], res->meta.s, res->meta.len);
  if (rc == SQLITE_OK)                            /* checked once, in the worker */
    rc = d->textok ? sqlite3_bind_text64(ds, di[DP_TEXT], d->text.s, d->text.len, SQLITE_STATIC, SQLITE_UTF8)
                   : bindstr(ds, di[DP_TEXT], d->text.s, d->text.len);
  if (rc == SQLITE_OK) rc = bindstr(ds, di[DP_RULES], rhash, hl);
  if (rc == SQLITE_OK)
    rc = nfacts ? sqlite3_bind_int64(ds, di[DP_FIRST], first) : sqlite3_bind_null(ds, di[DP_FIRST]);
  if (rc == SQLITE_OK)
    rc = nfacts ? sqlite3_bind_int64(ds, di[DP_LAST], first + nfacts - 1) : sqlite3_bind_null(ds, di[DP_LAST]);
  sqlite3 *db = sqlite3_db_handle(ds);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(ds);
    rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
  }
  int inserted = rc == SQLITE_OK && sqlite3_changes(db) == 1;
  *id = sqlite3_last_insert_rowid(db);
  sqlite3_reset(ds);
  sqlite3_clear_bindings(ds);
  ay_stmt_giveback(L, st + ST_DOC);
  if (rc != SQLITE_OK) return luaL_error(L, "factpack.put: %s", sqlite3_errmsg(db));
  if (!inserted) return 0;                        /* the key exists: the general path */
  *k = 0;
  *got = 0;
  if (nfacts > 0) {
    sqlite3_stmt *fs = ay_stmt_checkout(L, st + ST_FACTS);
    Pend pd, *pp = NULL;
    if (rowsat) {
      for (int i = 0; i < NRS; i++) pd.rows[i] = ay_stmt_checkout(L, rowsat + i);
      pp = &pd;
    }
    const char *why = NULL;
    rc = insertblob(fs, pp, res->facts.s, res->facts.len, *id, 0, 0, k, &why);
    sqlite3_clear_bindings(fs);
    ay_stmt_giveback(L, st + ST_FACTS);
    if (rowsat) for (int i = 0; i < NRS; i++) ay_stmt_giveback(L, rowsat + i);
    if (why) return luaL_error(L, "factpack.put: %s (fact %d)", why, (int)(*k + 1));
    if (rc != SQLITE_OK) return luaL_error(L, "factpack.put: %s", sqlite3_errmsg(db));
    if (*k != (int64_t)nfacts) return luaL_error(L, "factpack.put: %d facts expected, %d written",
                                                 (int)nfacts, (int)*k);
    *got = sqlite3_last_insert_rowid(db);
  }
  if (res->narts > 0) {
    sqlite3_stmt *as = ay_stmt_checkout(L, st + ST_ARTS);
    int many = !lua_isnil(L, st + ST_ARTS8);
    sqlite3_stmt *a8 = many ? ay_stmt_checkout(L, st + ST_ARTS8) : NULL;
    const char *why;
    rc = insertarts(as, a8, res->arts, res->arts_end, res->narts, *id, &why);
    sqlite3_clear_bindings(as);
    ay_stmt_giveback(L, st + ST_ARTS);
    if (many) { sqlite3_clear_bindings(a8); ay_stmt_giveback(L, st + ST_ARTS8); }
    if (why) return luaL_error(L, "factpack.put: %s", why);
    if (rc != SQLITE_OK) return luaL_error(L, "factpack.put: %s", sqlite3_errmsg(db));
  }
  return 1;
}

/* One worker result r[0..len) (assay.wire's "R"): 1 and its fields when
** it is a result without errors or stats, 0 when it is some other
** result; raises when it is an "R" that is corrupt. */
static int readresult (lua_State *L, const char *r, size_t len, AyWireResult *res) {
  if (len == 0 || r[0] != 'R') return 0;
  if (!ay_wire_read(r, len, res)) return luaL_error(L, "factpack.put: corrupt result");
  return res->nerrors == 0 && res->nstats == 0;
}

/* After a document's n facts went in (the last rowid got), facts take
** SQLite's ids, first..first + n - 1 as predicted unless a deletion in
** this transaction lowered max(id): then the document's range is fixed
** (fix_range: UPDATE docs SET first_fact = ?, last_fact = ? WHERE id = ?). */
static void settle (lua_State *L, int fxi, int64_t id, lua_Integer first, int64_t k, int64_t got) {
  if (k == 0 || got == first + k - 1) return;
  sqlite3_stmt *fx = ay_stmt_checkout(L, fxi);
  int rc = sqlite3_bind_int64(fx, 1, got - k + 1);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(fx, 2, got);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(fx, 3, id);
  if (rc == SQLITE_OK) rc = sqlite3_step(fx) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
  sqlite3 *db = sqlite3_db_handle(fx);
  sqlite3_reset(fx);
  ay_stmt_giveback(L, fxi);
  if (rc != SQLITE_OK) luaL_error(L, "factpack.put: fixing a fact range: %s", sqlite3_errmsg(db));
}

/*
** factpack.put(stmts, res, pos, stop, rules_hash, first_id) -> doc_id, nfacts, bytes, next_id | nil
** The writer's fast path for one worker result res[pos..stop] (assay.wire's
** "R"): when it has no errors and no stats, inserts the document
** (stmts.ins_doc: run/store.lua's INSERT ... ON CONFLICT(key) DO NOTHING,
** bound by name: :key :path :name :hash :bytes :encoding :title :date
** :source :meta :text :rules_hash :first_fact :last_fact; a missing name
** raises), its facts (stmts.ins_facts, and stmts.rows, the multi-row
** INSERTs of blocks; ids left to SQLite, first_id the expected first) and
** its articles (stmts.ins_article, and stmts.ins_articles, optional, the
** same INSERT with 8 rows of values) without a Lua table.  nil: nothing was
** written (another kind of result, or the key exists): the caller takes
** the general path.  next_id: the id the next fact will get.
*/
static int fp_put (lua_State *L) {
  size_t rl, hl;
  const char *res = luaL_checklstring(L, 2, &rl);
  lua_Integer pos = luaL_checkinteger(L, 3), stop = luaL_checkinteger(L, 4);
  const char *rhash = luaL_checklstring(L, 5, &hl);
  lua_Integer first = luaL_checkinteger(L, 6);
  luaL_argcheck(L, pos >= 1 && stop >= pos && (size_t)stop <= rl, 3, "result range out of bounds");
  lua_settop(L, 6);
  int st = pushstmts(L, 1, "factpack.put");
  lua_getfield(L, 1, "rows");
  int rowsat = pushrows(L, lua_gettop(L), "factpack.put");
  AyWireResult w;
  int64_t id, k, got;
  int di[NDOCP];
  if (!readresult(L, res + pos - 1, (size_t)(stop - pos + 1), &w)) {
    lua_pushnil(L);
    return 1;
  }
  docparams(L, st, di);
  if (!putrow(L, &w, rhash, hl, first, st, rowsat, di, &id, &k, &got)) {
    lua_pushnil(L);
    return 1;
  }
  settle(L, st + ST_FIX, id, first, k, got);
  lua_pushinteger(L, (lua_Integer)id);
  lua_pushinteger(L, (lua_Integer)k);
  lua_pushinteger(L, (lua_Integer)w.doc.bytes);
  lua_pushinteger(L, k > 0 ? (lua_Integer)got + 1 : first);
  return 4;
}

/*
** factpack.put_batch(stmts, res, i, pos, rules_hash, first_id [, n]) -> i, pos, docs, facts, bytes, next_id
** factpack.put for the results of a batch (assay.wire's "M" result; res a
** string, or a box and its length n: ay_wire_bytes),
** from result i whose length is at byte pos (1-based), while they are
** such results and their keys are new; stops at the first other one (or
** after the last) and returns its index and position, what went in, and
** the id the next fact will get.
*/
static int fp_put_batch (lua_State *L) {
  size_t rl, hl;
  const char *res = ay_wire_bytes(L, 2, 7, &rl);
  lua_Integer i = luaL_checkinteger(L, 3), pos = luaL_checkinteger(L, 4);
  const char *rhash = luaL_checklstring(L, 5, &hl);
  lua_Integer first = luaL_checkinteger(L, 6);
  uint32_t count;
  luaL_argcheck(L, ay_wire_batch(res, rl, &count), 2, "a batch result expected");
  luaL_argcheck(L, pos >= 6 && (size_t)pos <= rl + 1, 4, "position out of bounds");
  lua_settop(L, 6);                                  /* (the box, if res is one, stays at 2) */
  int st = pushstmts(L, 1, "factpack.put_batch");
  lua_getfield(L, 1, "rows");
  int rowsat = pushrows(L, lua_gettop(L), "factpack.put_batch");
  int di[NDOCP];
  docparams(L, st, di);
  lua_Integer n = (lua_Integer)count, docs = 0, facts = 0, bytes = 0;
  while (i <= n) {
    size_t p = (size_t)pos - 1;
    const char *one; size_t len;
    if (!ay_wire_next(res, rl, &p, &one, &len)) return luaL_error(L, "factpack.put_batch: corrupt batch");
    AyWireResult w;
    int64_t id, k, got;
    if (!readresult(L, one, len, &w) || !putrow(L, &w, rhash, hl, first, st, rowsat, di, &id, &k, &got))
      break;
    settle(L, st + ST_FIX, id, first, k, got);
    if (k > 0) first = got + 1;
    docs++; facts += k; bytes += w.doc.bytes;
    i++;
    pos = (lua_Integer)p + 1;
  }
  lua_pushinteger(L, i);
  lua_pushinteger(L, pos);
  lua_pushinteger(L, docs);
  lua_pushinteger(L, facts);
  lua_pushinteger(L, bytes);
  lua_pushinteger(L, first);
  return 6;
}
/* }====== */

/* {====== check ====== */

/* What a column takes: 's' text, 'v' a value, 'i' an integer, 'x' the
** extra JSON, 'b' the block flag; 0: not a column (the field goes into
** extra). */
static int coltype (lua_State *L, int k) {
  if (lua_type(L, k) != LUA_TSTRING) return 0;
  static const struct { const char *name; char type; } cols[] = {
    {"kind", 's'}, {"unit", 's'}, {"qualifier", 's'}, {"surface", 's'}, {"region", 's'},
    {"period", 's'}, {"rule", 's'}, {"value", 'v'}, {"start", 'i'}, {"stop", 'i'},
    {"sentence", 'i'}, {"seq", 'i'}, {"extra", 'x'}, {"block", 'b'},
  };
  const char *name = lua_tostring(L, k);
  for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
    if (strcmp(name, cols[i].name) == 0) return cols[i].type;
  return 0;
}

/* errors[#errors + 1] = {rule = f.rule or "?", reason = "error", message = msg};
** msg is on the stack top and is popped. */
static void facterror (lua_State *L, int f, int errors) {
  lua_createtable(L, 0, 3);
  lua_insert(L, -2);
  lua_setfield(L, -2, "message");
  lua_pushliteral(L, "error");
  lua_setfield(L, -2, "reason");
  if (rawfield(L, f, "rule") != LUA_TSTRING) { lua_pop(L, 1); lua_pushliteral(L, "?"); }
  lua_setfield(L, -2, "rule");
  lua_rawseti(L, errors, (lua_Integer)luaL_len(L, errors) + 1);
}

/* encode(value at v) under pcall: leaves the JSON string (1) or the error
** message (0) on the stack. */
static int tojson (lua_State *L, int encode, int v) {
  lua_pushvalue(L, encode);
  lua_pushvalue(L, v);
  if (lua_pcall(L, 1, 1, 0) != LUA_OK) return 0;
  if (lua_type(L, -1) != LUA_TSTRING) {
    lua_pop(L, 1);
    lua_pushliteral(L, "the encoder did not return a string");
    return 0;
  }
  return 1;
}

/* One fact table at f: see fp_check. */
static void checkfact (lua_State *L, int f, int errors, int encode) {
  int extra = 0, badspan = 0;
  lua_pushnil(L);
  while (lua_next(L, f)) {                       /* key at -2, value at -1 */
    int k = lua_gettop(L) - 1, v = k + 1;
    int tv = lua_type(L, v);
    switch (coltype(L, k)) {
      case 0:                                    /* beyond the columns: into extra */
        if (!extra) { lua_newtable(L); lua_insert(L, k); extra = k; k++; v++; }
        lua_pushvalue(L, k); lua_pushvalue(L, v);
        lua_rawset(L, extra);
        break;
      case 's':
        if (tv == LUA_TSTRING) break;
        lua_pushvalue(L, k);
        if (tv == LUA_TNUMBER) {
          lua_pushvalue(L, v);
          lua_tolstring(L, -1, NULL);            /* as tostring writes a number */
          lua_rawset(L, f);
        } else {
          lua_pushnil(L);
          lua_rawset(L, f);
          lua_pushfstring(L, "fact field '%s' must be a string, got %s",
                          lua_tostring(L, k), lua_typename(L, tv));
          facterror(L, f, errors);
        }
        break;
      case 'v':
        if (tv == LUA_TBOOLEAN) {
          lua_pushinteger(L, lua_toboolean(L, v));
          lua_setfield(L, f, "value");
        } else if (tv == LUA_TNUMBER && !lua_isinteger(L, v) && !isfinite(lua_tonumber(L, v))) {
          /* SQLite would store NaN as NULL: a value that silently changed */
          lua_pushfstring(L, "fact value must be a finite number, got %s", lua_tostring(L, v));
          lua_pushnil(L); lua_setfield(L, f, "value");
          facterror(L, f, errors);
        } else if (tv != LUA_TNUMBER && tv != LUA_TSTRING) {
          if (tojson(L, encode, v)) lua_setfield(L, f, "value");
          else {
            lua_pushnil(L); lua_setfield(L, f, "value");
            lua_pushfstring(L, "fact value: %s", luaL_tolstring(L, -1, NULL));
            lua_remove(L, -2); lua_remove(L, -2);
            facterror(L, f, errors);
          }
        }
        break;
      case 'i':
        if (lua_isinteger(L, v)) break;
        if (strcmp(lua_tostring(L, k), "sentence") == 0) {
          lua_pushnil(L); lua_setfield(L, f, "sentence");
        } else if (strcmp(lua_tostring(L, k), "seq") != 0) badspan = 1;
        break;
      default: break;                             /* 'x', 'b': below */
    }
    lua_settop(L, k);                             /* the key, for lua_next */
  }
  if (extra) {
    /* the fields that went to extra leave the fact */
    lua_pushnil(L);
    while (lua_next(L, extra)) {
      lua_pop(L, 1);
      lua_pushvalue(L, -1); lua_pushnil(L);
      lua_rawset(L, f);
    }
    if (tojson(L, encode, extra)) lua_setfield(L, f, "extra");
    else {
      lua_pushfstring(L, "fact fields: %s", luaL_tolstring(L, -1, NULL));
      lua_remove(L, -2); lua_remove(L, -2);
      facterror(L, f, errors);
    }
    lua_pop(L, 1);                                /* extra */
  } else {
    int te = rawfield(L, f, "extra");
    if (te != LUA_TNIL && te != LUA_TSTRING) {
      if (tojson(L, encode, lua_gettop(L))) lua_setfield(L, f, "extra");
      else { lua_pop(L, 1); lua_pushnil(L); lua_setfield(L, f, "extra"); }
    }
    lua_pop(L, 1);
  }
  int ta = rawfield(L, f, "start"), tb = rawfield(L, f, "stop");
  if (badspan || (ta == LUA_TNIL) != (tb == LUA_TNIL)) {
    lua_pushfstring(L, "fact span must be integers, got %s, %s", lua_typename(L, ta),
                    lua_typename(L, tb));
    facterror(L, f, errors);
    lua_pushnil(L); lua_setfield(L, f, "start");
    lua_pushnil(L); lua_setfield(L, f, "stop");
  }
  lua_pop(L, 2);
}

/*
** factpack.check(items, errors, encode): make each fact fit the facts
** columns.  Numbers in text columns become text; other values there are
** dropped; a value that is not a number or string becomes encode(value)
** (booleans 1/0); a sentence that is not an integer is dropped; a span
** that is not two integers is dropped; the fields beyond the columns move,
** as encode(table), into extra.  What cannot be stored is reported in
** errors as {rule =, reason = "error", message =}.  Blocks and non-tables
** are left alone.  encode is json.encode, called under pcall.
*/
static int fp_check (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checktype(L, 2, LUA_TTABLE);
  luaL_checktype(L, 3, LUA_TFUNCTION);
  lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
  luaL_checkstack(L, 16, "factpack.check");
  for (lua_Integer i = 1; i <= n; i++) {
    if (lua_rawgeti(L, 1, i) == LUA_TTABLE) {
      int f = lua_gettop(L);
      rawfield(L, f, "block");
      int block = lua_toboolean(L, -1);
      lua_pop(L, 1);
      if (!block) checkfact(L, f, 2, 3);
    }
    lua_settop(L, 3);
  }
  return 0;
}
/* }====== */

/* {====== expand ====== */

/* factpack.expand(block, text [, into]) -> into: the facts of a block as
** tables {kind, rule, start, stop, surface, sentence [, value]} appended to
** into (a new array without it), the value as factpack.pack stores it.
** Raises on a block whose hits are not w int32 each inside text. */
static int fp_expand (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  size_t tlen;
  const char *text = luaL_checklstring(L, 2, &tlen);
  if (lua_isnoneornil(L, 3)) { lua_settop(L, 2); lua_newtable(L); }
  else { luaL_checktype(L, 3, LUA_TTABLE); lua_settop(L, 3); }
  rawfield(L, 1, "width");                          /* 4 */
  int okw = 1;
  lua_Integer w = lua_isnil(L, 4) ? 3 : lua_tointegerx(L, 4, &okw);
  int numeric = rawfield(L, 1, "numeric") != LUA_TNIL && lua_toboolean(L, -1);   /* 5 */
  rawfield(L, 1, "factors");                        /* 6 */
  rawfield(L, 1, "hits");                           /* 7 */
  rawfield(L, 1, "kind");                           /* 8 */
  rawfield(L, 1, "rule");                           /* 9 */
  size_t hl = 0;
  const char *h = lua_type(L, 7) == LUA_TSTRING ? lua_tolstring(L, 7, &hl) : NULL;
  if (!okw || (w != 3 && w != 5 && w != 7) || h == NULL || hl % ((size_t)w * 4) != 0 ||
      !blockok(h, hl, (int)w, tlen))
    return luaL_error(L, "factpack.expand: a block of hits (%d int32 each) inside the text expected",
                      (int)(okw ? w : 0));
  lua_Integer n = (lua_Integer)luaL_len(L, 3);
  for (size_t off = 0; off < hl; off += (size_t)w * 4) {
    int32_t hit[7];
    memcpy(hit, h + off, (size_t)w * 4);
    lua_createtable(L, 0, 7);
    lua_pushvalue(L, 8); lua_setfield(L, -2, "kind");
    lua_pushvalue(L, 9); lua_setfield(L, -2, "rule");
    lua_pushinteger(L, hit[0]); lua_setfield(L, -2, "start");
    lua_pushinteger(L, hit[1]); lua_setfield(L, -2, "stop");
    lua_pushlstring(L, text + hit[0] - 1, (size_t)(hit[1] - hit[0] + 1));
    lua_setfield(L, -2, "surface");
    lua_pushinteger(L, hit[2]); lua_setfield(L, -2, "sentence");
    if (w > 3) { pushhitvalue(L, text, hit, (int)w, numeric, 6); lua_setfield(L, -2, "value"); }
    lua_rawseti(L, 3, ++n);
  }
  lua_settop(L, 3);
  return 1;
}
/* }====== */

/* {====== plain ====== */

/* SEEN: the stack slot of the table mapping each table copied so far to
** its copy, nil until a field is a table (as engine.lua's copy made it). */
#define SEEN 5

/* Pushes the copy of the value at v (nil past maxdepth); see fp_plain.
** With maxs >= 0 (the top table of a fact), *big is set when a string
** field of v but its surface is longer than maxs bytes. */
static void plaincopy (lua_State *L, int v, int depth, int maxdepth, int mt, lua_Integer maxs, int *big) {
  if (lua_type(L, v) != LUA_TTABLE) { lua_pushvalue(L, v); return; }
  int hasseen = lua_type(L, SEEN) == LUA_TTABLE;
  if (hasseen) {
    lua_pushvalue(L, v);
    if (lua_rawget(L, SEEN) != LUA_TNIL) return;
    lua_pop(L, 1);
  }
  if (depth >= maxdepth) { lua_pushnil(L); return; }
  luaL_checkstack(L, 8, "tables nested too deep");
  lua_newtable(L);
  int c = lua_gettop(L);
  if (hasseen) { lua_pushvalue(L, v); lua_pushvalue(L, c); lua_rawset(L, SEEN); }
  lua_pushnil(L);
  while (lua_next(L, v)) {                       /* key at -2, value at -1 */
    int k = lua_gettop(L) - 1, x = k + 1;
    if (lua_type(L, k) != LUA_TTABLE) {
      lua_pushvalue(L, k);
      if (lua_type(L, x) == LUA_TTABLE) {
        if (lua_type(L, SEEN) != LUA_TTABLE) {   /* seen = {[v] = c} */
          lua_newtable(L);
          lua_pushvalue(L, v); lua_pushvalue(L, c); lua_rawset(L, -3);
          lua_replace(L, SEEN);
        }
        plaincopy(L, x, depth + 1, maxdepth, mt, -1, big);
      } else {
        lua_pushvalue(L, x);
        if (maxs >= 0 && lua_type(L, x) == LUA_TSTRING && (lua_Integer)lua_rawlen(L, x) > maxs
            && !(lua_type(L, k) == LUA_TSTRING && lua_rawlen(L, k) == 7
                 && memcmp(lua_tostring(L, k), "surface", 7) == 0))
          *big = 1;
      }
      lua_rawset(L, c);                          /* c[k] = copy (nil: no field) */
    }
    lua_settop(L, k);
  }
  /* getmetatable(v) == array_mt, as the base library's getmetatable sees it */
  if (lua_getmetatable(L, v)) {
    if (luaL_getmetafield(L, v, "__metatable") != LUA_TNIL) lua_remove(L, -2);
    if (lua_rawequal(L, -1, mt)) lua_setmetatable(L, c); else lua_pop(L, 1);
  }
}

/* factpack.plain(v, maxdepth, array_mt [, maxs]) -> copy, big: engine.lua's
** copy of what rules left in a document (facts, blocks, meta) before the
** writer reads it.  A raw copy of v: tables lose their metatables but
** array_mt, fields keyed by a table are dropped, a table nested maxdepth
** deep or more becomes nil, and a table met twice is copied once.  With
** maxs (the top table is a fact), big tells whether a string field but the
** surface is longer than maxs bytes; nil when v is no table. */
static int fp_plain (lua_State *L) {
  lua_Integer maxdepth = luaL_checkinteger(L, 2);
  luaL_argcheck(L, maxdepth >= 0 && maxdepth <= 1000, 2, "depth out of range");
  luaL_checktype(L, 3, LUA_TTABLE);
  lua_Integer maxs = luaL_optinteger(L, 4, -1);
  luaL_argcheck(L, maxs >= -1, 4, "length out of range");
  lua_settop(L, 4);
  lua_pushnil(L);                                /* SEEN */
  int big = 0;
  plaincopy(L, 1, 0, (int)maxdepth, 3, maxs, &big);
  if (lua_type(L, 1) == LUA_TTABLE && lua_type(L, -1) == LUA_TTABLE) lua_pushboolean(L, big);
  else lua_pushnil(L);
  return 2;
}
/* }====== */

static const luaL_Reg funcs[] = {
  {"pack", fp_pack}, {"insert", fp_insert}, {"put", fp_put}, {"put_batch", fp_put_batch},
  {"articles", fp_articles}, {"check", fp_check},
  {"expand", fp_expand}, {"plain", fp_plain}, {NULL, NULL}
};

int luaopen_assay_factpack (lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
