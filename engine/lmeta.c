/*
** lmeta.c: require "assay.meta_c" -- assay.meta and the article splitter, in C.
**
**   meta_c.classify(line, boiler, byline, heading_max, byline_max)
**       -> "boilerplate" | "byline" | "heading" | "body" | "blank"
**   meta_c.lines(s, boiler, byline, heading_max, byline_max [, attribution
**                [, attribution_literals [, automaton]]])
**       -> packed native int32 quads: start, stop, class, attributed
**   meta_c.date(s, date_patterns, fold)              -> date | nil
**   meta_c.source(s, source_patterns)                -> outlet | nil
**   meta_c.attribution(line, attribution_pattern)    -> names | nil
**   meta_c.authors(s, author_patterns, attribution_pattern, out, seen) -> out
**   meta_c.split(s, P)                               -> articles
**
** The one definition of meta.classify, meta.lines, meta.date, meta.source,
** meta.attribution, meta.authors (assay/meta.lua passes its pattern tables,
** compiled) and of articles.split (assay/articles.lua; its header states the
** rules; P holds every pattern it needs).  Why C: these ran a few Lua calls
** per line and per article, most of a default run's worker time.  The
** patterns stay data a rule pack may change; only the logic is here.
**
** A pattern list (boiler, byline, date_patterns, ...) is an array of
** assay.regex with, optionally, t.literals[i]: strings one of which every
** match of pattern i contains (assay.prefilter.literals; false: unknown).
** A line or header holding none of them is not handed to PCRE2.  lines
** also takes an assay.prefilter automaton over the boiler, byline and
** attribution literals (in that order), which finds them in one pass for
** every line short enough for a class other than body.  The results are
** the same with or without either (a test says so); they only spare calls
** into PCRE2.  Each array of literals is read once per state (getlits):
** one changed in place after its first use may keep its old literals
** (compiled lists are not to be changed so).
**
** A line (classify's argument is one already trimmed) is
**   boilerplate  at most 120 characters and a boiler pattern matches;
**   byline       at most byline_max characters, its last character (closing
**                quotes and brackets skipped) not sentence-final, and a byline
**                pattern matches;
**   heading      at most heading_max characters, not sentence-final, and
**                some byte not a digit, punctuation or space (C locale);
**   body         otherwise ("blank" when empty).
** Characters are UTF-8 code points; a line that is not valid UTF-8 counts a
** third of its bytes (what meta.lua did).
**
** lines cuts s as text.lines does, trims each line as text.trim does, skips
** the empty ones, and gives each the 1-based inclusive span of its trimmed
** text, its class (1 boilerplate, 2 byline, 3 heading, 4 body) and, for a
** body line when attribution is given, 1 if that pattern matches the
** trimmed line (meta.attribution(line) ~= nil), else 0.
**
** Raises: bad arguments (the Lua names above), a regex's match error
** (r:find's), a text of 2 GiB or more, a pattern whose group the code
** reads (names) did not take part.
*/
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "assay.h"

enum { K_BLANK, K_BOILER, K_BYLINE, K_HEADING, K_BODY };

static const char *const kindnames[] = {"blank", "boilerplate", "byline", "heading", "body"};

#define BOILER_MAX 120            /* characters: a longer line is never boilerplate */

/* What a pattern's matches must contain: one of n literals (assay.meta
** lists them, from assay.prefilter's analysis, in t.literals beside the
** compiled patterns); n < 0: nothing known, the regex always runs.  A
** subject without any of them is not handed to PCRE2: most lines and
** headers hold none, and a call into PCRE2 costs more than the search. */
#define MAXLITS 16
#define MAXPATS 16
typedef struct Lits { int n; const char *s[MAXLITS]; size_t l[MAXLITS]; } Lits;
typedef struct Pats { int first, n; Lits lit[MAXPATS]; } Pats;

/* The literals of each array read, per state, by the array's address (a
** document reads ~100 of them from ~30 arrays: reading them from Lua each
** time was most of a short document's cost).  So an array of literals is
** read once: like the pattern lists (compiled on first use), it is not to
** be changed in place after its first use.  The arrays and their strings
** are anchored in the cache's table (so no other array takes the address
** and the strings stay valid whatever happens to the array); a full cache
** starts over. */
#define LITCACHE 64                 /* arrays; slots: twice as many, open addressing */
typedef struct LitCache { int n; const void *key[2 * LITCACHE]; Lits lits[2 * LITCACHE]; } LitCache;
static const char litkey = 'l';

/* The literals of the array at stack index t (strings; anything else:
** nothing known). */
static void getlits (lua_State *L, int t, Lits *out) {
  out->n = -1;
  if (lua_type(L, t) != LUA_TTABLE) return;
  t = lua_absindex(L, t);
  const void *key = lua_topointer(L, t);
  LitCache *c;
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &litkey) == LUA_TUSERDATA) c = (LitCache *)lua_touserdata(L, -1);
  else {
    lua_pop(L, 1);
    c = (LitCache *)lua_newuserdatauv(L, sizeof *c, 1);
    c->n = LITCACHE;                                 /* full: starts over below */
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &litkey);
  }
  size_t h = ((uintptr_t)key >> 4) % (2 * LITCACHE);
  while (c->n < LITCACHE && c->key[h] != NULL) {
    if (c->key[h] == key) {                          /* (the used part only: a Lits is 264 bytes) */
      const Lits *e = &c->lits[h];
      out->n = e->n;
      for (int i = 0; i < e->n; i++) { out->s[i] = e->s[i]; out->l[i] = e->l[i]; }
      lua_pop(L, 1);
      return;
    }
    h = (h + 1) % (2 * LITCACHE);
  }
  if (c->n == LITCACHE) {                            /* (the old anchors are garbage now) */
    memset(c, 0, sizeof *c);
    h = ((uintptr_t)key >> 4) % (2 * LITCACHE);
    lua_newtable(L);
    lua_setiuservalue(L, -2, 1);
  }
  lua_getiuservalue(L, -1, 1);                       /* anchors[array] = {its strings} */
  lua_pushvalue(L, t);
  lua_newtable(L);
  int n = (int)lua_rawlen(L, t), ok = n >= 1 && n <= MAXLITS;
  for (int i = 0; ok && i < n; i++) {
    if (lua_rawgeti(L, t, i + 1) != LUA_TSTRING) { lua_pop(L, 1); ok = 0; break; }
    out->s[i] = lua_tolstring(L, -1, &out->l[i]);
    lua_rawseti(L, -2, i + 1);
    if (out->l[i] == 0) ok = 0;
  }
  out->n = ok ? n : -1;
  lua_rawset(L, -3);
  c->key[h] = key;
  c->lits[h] = *out;
  c->n++;
  lua_pop(L, 2);
}

/* Where s[0..len) holds the literal t[0..tl) (tl > 0) first, NULL when
** nowhere.  The subjects here are lines and headers of a few hundred bytes,
** where glibc's memmem spends more on its set-up than on the search: memchr
** finds each place the literal's last byte (in Chinese text a continuation
** byte, one in ~100) occurs. */
static inline const char *litat (const char *s, size_t len, const char *t, size_t tl) {
  if (tl > len) return NULL;
  unsigned char last = (unsigned char)t[tl - 1];
  const char *p = s + tl - 1, *end = s + len;
  /* the byte before the last tested inline: a Chinese literal's last byte
  ** occurs in many other characters, its two last bytes rarely */
  while (p < end && (p = memchr(p, last, (size_t)(end - p))) != NULL) {
    if (tl == 1 || (p[-1] == t[tl - 2] && memcmp(p - (tl - 1), t, tl - 2) == 0)) return p - (tl - 1);
    p++;
  }
  return NULL;
}

static int holds (const char *s, size_t len, const char *t, size_t tl) {
  return litat(s, len, t, tl) != NULL;
}

static int mayhave (const Lits *l, const char *s, size_t len) {
  if (l->n < 0) return 1;
  for (int i = 0; i < l->n; i++)
    if (holds(s, len, l->s[i], l->l[i])) return 1;
  return 0;
}

/* Does s[0..len) end with one of the literals (n < 0: nothing known)?
** The attribution pattern's matches end a trimmed line; meta.lua says
** what the last character of the built-in one is (attribution_ends), so
** that the body lines holding a bracket somewhere (most of those with
** one) are not handed to PCRE2. */
static int endsin (const Lits *l, const char *s, size_t len) {
  if (l->n < 0) return 1;
  for (int i = 0; i < l->n; i++)
    if (l->l[i] <= len && memcmp(s + len - l->l[i], l->s[i], l->l[i]) == 0) return 1;
  return 0;
}

/* Pushes the regexes of the array at stack index t and reads their
** literals (t.literals[i]) into P. */
static void pushpats (lua_State *L, int t, Pats *P) {
  t = lua_absindex(L, t);
  luaL_checktype(L, t, LUA_TTABLE);
  int n = (int)luaL_len(L, t);
  luaL_checkstack(L, n + 4, "too many patterns");
  luaL_getmetatable(L, AY_REGEX);                   /* (one look-up, not one a pattern) */
  int mt = lua_gettop(L), lt = mt + 1;
  lua_getfield(L, t, "literals");
  P->first = lt + 1;
  P->n = n;
  for (int i = 1; i <= n; i++) {
    lua_rawgeti(L, t, i);
    if (lua_type(L, -1) != LUA_TUSERDATA || !lua_getmetatable(L, -1) || !lua_rawequal(L, -1, mt) ||
        (lua_pop(L, 1), 0))
      luaL_error(L, "meta_c: pattern %d of argument #%d is not an assay.regex", i, t);
    if (i <= MAXPATS) {
      if (lua_type(L, lt) == LUA_TTABLE) {
        lua_rawgeti(L, lt, i);
        getlits(L, lua_gettop(L), &P->lit[i - 1]);
        lua_pop(L, 1);
      }
      else P->lit[i - 1].n = -1;
    }
  }
}

static int patmay (const Pats *P, int k, const char *s, size_t len) {
  return k >= MAXPATS || mayhave(&P->lit[k], s, len);
}

typedef struct Params {
  Pats boiler, byline;
  int attr;                       /* stack index of the attribution regex, 0: none */
  Lits attrlit;
  Lits attrends;                  /* what a line it matches ends with (endsin); n < 0: unknown */
  lua_Number heading_max, byline_max;
} Params;

/* The stack values at..at+3 (boiler, byline, heading_max, byline_max;
** and at+4, at+5 when attr: attribution, its literals; classify's and
** lines' arguments 2..7): the regexes go on the stack top. */
static void getparams (lua_State *L, Params *P, int at, int attr) {
  P->heading_max = luaL_checknumber(L, at + 2);
  P->byline_max = luaL_checknumber(L, at + 3);
  pushpats(L, at, &P->boiler);
  pushpats(L, at + 1, &P->byline);
  P->attr = 0;
  P->attrlit.n = -1;
  P->attrends.n = -1;
  if (attr && !lua_isnoneornil(L, at + 4)) {
    luaL_checkudata(L, at + 4, AY_REGEX);
    P->attr = at + 4;
    getlits(L, at + 5, &P->attrlit);
  }
}

/* Does a pattern of P match s?  row (not NULL): the line's bits of the
** literal automaton (see linesinto), pattern i being bit base + i; else
** each pattern's literals are searched. */
static int anymatch (lua_State *L, const Pats *P, const char *s, size_t len, int valid,
                     const unsigned char *row, int base) {
  for (int i = 0; i < P->n; i++) {
    int may = row && i < MAXPATS && P->lit[i].n >= 0 ? (row[(base + i) >> 3] >> ((base + i) & 7)) & 1
                                                     : patmay(P, i, s, len);
    if (may && ay_regex_find(L, P->first + i, s, len, valid)) return 1;
  }
  return 0;
}

/* Characters of s[0..len), or len / 3 when it is not valid UTF-8 (valid:
** known to be valid: the bytes that are not continuation bytes; then the
** count stops past cap, which is all classify needs to know). */
static size_t ulen (const char *s, size_t len, int valid, size_t cap) {
  size_t n = 0, i = 0;
  if (valid) {                    /* 8 bytes at a time: a continuation byte is 10xxxxxx */
    const uint64_t b7 = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
    while (i + 8 <= len && n <= cap) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      /* the continuation bytes' high bits, summed by a multiply (without
      ** -mpopcnt __builtin_popcountll is a call into libgcc) */
      n += 8 - (size_t)((((w & ~(w << 1) & b7) >> 7) * ones) >> 56);
      i += 8;
    }
    if (n > cap) return n;
    for (; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
  }
  while (i < len) {
    if ((unsigned char)s[i] < 0x80) { i++; n++; continue; }
    uint32_t cp;
    int k = ay_utf8_decode(s + i, len - i, &cp);
    if (k == 0) return len / 3;
    i += (size_t)k;
    n++;
  }
  return n;
}

static int oneof (uint32_t cp, const uint32_t *set) {
  for (int i = 0; set[i]; i++)
    if (set[i] == cp) return 1;
  return 0;
}

/* Does the line end with sentence-final punctuation (closing quotes and
** brackets skipped)?  Each character from the end is compared as a code
** point: the bytes from a lead byte to the end, when they are exactly one
** valid character (else they match nothing). */
static int final (const char *s, size_t len) {
  static const uint32_t finals[] = {0x3002, 0xFF01, 0xFF1F, 0xFF1B, '!', '?', ';', 0xFF0C, ',',
                                    0x3001, 0x2026, 0};         /* 。！？；!?;，,、… */
  static const uint32_t closers[] = {0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, ')', '"', 0};  /* ”’」』）)" */
  size_t n = len;
  while (n > 0) {
    size_t i = n - 1;           /* the last character's lead byte */
    while (i > 0 && (unsigned char)s[i] >= 0x80 && (unsigned char)s[i] < 0xC0) i--;
    uint32_t cp;
    if ((size_t)ay_utf8_decode(s + i, n - i, &cp) != n - i) return 0;
    if (!oneof(cp, closers)) return oneof(cp, finals);
    n = i;
  }
  return 0;
}

/* Some byte that is not a digit, punctuation or space (Lua's "[^%d%p%s]"). */
static int wordy (const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    int c = (unsigned char)s[i];
    if (!isdigit(c) && !ispunct(c) && !isspace(c)) return 1;
  }
  return 0;
}

/* The class of the line s[0..len); count: its characters as ulen counts
** them up to the longest class (linesinto has them for some lines), or
** NOCOUNT. */
#define NOCOUNT UINT32_MAX
static int classify (lua_State *L, const Params *P, const char *s, size_t len, int valid,
                     const unsigned char *row, uint32_t count) {
  if (len == 0) return K_BLANK;
  lua_Number most = P->heading_max > P->byline_max ? P->heading_max : P->byline_max;
  if (most < BOILER_MAX) most = BOILER_MAX;
  lua_Number n = count != NOCOUNT ? (lua_Number)count
                                  : (lua_Number)ulen(s, len, valid, most < 0x10000000 ? (size_t)most : (size_t)-1 / 2);
  if (n <= BOILER_MAX && anymatch(L, &P->boiler, s, len, valid, row, 0)) return K_BOILER;
  if (n > P->byline_max && n > P->heading_max) return K_BODY;          /* most lines */
  int fin = final(s, len);
  if (n <= P->byline_max && !fin && anymatch(L, &P->byline, s, len, valid, row, P->boiler.n))
    return K_BYLINE;
  if (n <= P->heading_max && !fin && wordy(s, len)) return K_HEADING;
  return K_BODY;
}

static int meta_classify (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  Params P;
  getparams(L, &P, 2, 0);
  lua_pushstring(L, kindnames[classify(L, &P, s, len, ay_utf8_check(s, len) == len, NULL, NOCOUNT)]);
  return 1;
}

/* {====== scratch ======
** The working room of lines and split (a document's lines, the automaton's
** spans, the classes, the roles, the joined headers): one userdata per
** state, kept in the registry between calls while it is at most
** SCRATCH_KEEP bytes, so that a document costs none of the allocations
** (and frees) of buffers the size of its lines.  64 KiB hold ~1000 lines
** (~52 bytes a line; the bench corpora's documents, up to 13 KB, and the
** dev corpus's, up to 43 lines, need 4 KiB): a rarer, longer document gets
** a room of its own, freed with it, so that the memory a state keeps does
** not grow with the largest document of the corpus (1 MiB kept before).
** It is taken out of the registry while in use: a nested call (split
** calls text.fold, which may be any function) or a raise leaves the next
** call a fresh one. */
#define SCRATCH_KEEP (64u << 10)
static const char scratchkey = 's';

typedef struct Scratch { int idx; char *p; size_t cap; } Scratch;

/* The scratch, pushed (stack index sc->idx). */
static void scratchopen (lua_State *L, Scratch *sc) {
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &scratchkey) == LUA_TUSERDATA) {
    sc->p = (char *)lua_touserdata(L, -1);
    sc->cap = lua_rawlen(L, -1);
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &scratchkey);          /* taken */
  }
  else {
    lua_pop(L, 1);
    sc->cap = 4096;
    sc->p = (char *)lua_newuserdatauv(L, sc->cap, 0);
  }
  sc->idx = lua_gettop(L);
}

/* Room for need bytes in the scratch, its first used bytes kept: a
** bigger one replaces it at sc->idx, so pointers into it are stale after. */
static void scratchneed (lua_State *L, Scratch *sc, size_t need, size_t used) {
  if (need <= sc->cap) return;
  size_t cap = sc->cap;
  while (cap < need) {
    if (cap > ((size_t)-1) / 2) luaL_error(L, "meta_c: not enough memory");
    cap *= 2;
  }
  char *np = (char *)lua_newuserdatauv(L, cap, 0);
  memcpy(np, sc->p, used);
  lua_replace(L, sc->idx);
  sc->p = np;
  sc->cap = cap;
}

/* The scratch given back to the registry for the next call. */
static void scratchclose (lua_State *L, Scratch *sc) {
  if (sc->cap > SCRATCH_KEEP) return;
  lua_pushvalue(L, sc->idx);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &scratchkey);
}
/* }====== */

/* The lines of s[0..len) as meta_c.lines gives them (int32 quads), in the
** scratch sc at byte 16 * n; returns n, the number of lines.  On the way,
** bytes 0 .. 16 * n hold the spans and 32 * n .. 36 * n the counts (free
** for the caller after).  autoi: stack index
** of the automaton (anything else: none); valid: s is valid UTF-8 (else
** each line is checked).  The stack is as it was. */
static int linesinto (lua_State *L, const Params *P, int autoi, const char *s, size_t len, int valid,
                      Scratch *sc) {
  int top = lua_gettop(L);
  /* the trimmed non-blank lines (pairs at byte 0), then (with an
  ** automaton of every pattern's literals: boiler, byline, attribution, in
  ** that order) which literals each holds, in one pass over the text */
  size_t n = 0, p = 0, b, e;
  while (ay_nextline(s, len, &p, &b, &e)) {
    ay_trim(s, &b, &e);
    if (e <= b) continue;
    scratchneed(L, sc, 8 * (n + 1), 8 * n);
    int32_t pair[2] = { (int32_t)b + 1, (int32_t)e };
    memcpy(sc->p + 8 * n, pair, sizeof pair);
    n++;
  }
  if (n > 0x7fffffff / 36) luaL_error(L, "meta_c: too many lines");
  scratchneed(L, sc, 36 * n, 8 * n);
  uint32_t *counts = (uint32_t *)(sc->p + 32 * n);  /* (aligned: n * 32 bytes in) */
  const char *sp = sc->p;                          /* the pairs, then the automaton's spans */
  size_t spl = 8 * n, hl = 0, row = 0;
  const unsigned char *hits = NULL;
  /* a line of more characters than the longest class is too long for any
  ** but body (no regex of classify runs on it): it is left out of the
  ** automaton's pass (an empty span), and its attribution's literals are
  ** searched as they are.  Its bytes tell when there are more than 4 times
  ** as many (it is body: a character is at most 4 bytes, and a text not
  ** valid counts a third of its bytes); else (in a valid text) its
  ** characters are counted, once: classify takes the count (counts[g]). */
  static const int32_t none[2] = { 1, 0 };
  lua_Number most = P->heading_max > P->byline_max ? P->heading_max : P->byline_max;
  if (most < BOILER_MAX) most = BOILER_MAX;
  size_t mostc = most < 0x10000000 ? (size_t)most : (size_t)-1 / 8;
  size_t longest = 4 * mostc;
  const char *asp = NULL;
  if (luaL_testudata(L, autoi, "assay.prefilter")) {
    char *ap = sc->p + spl;
    for (size_t g = 0; g < n; g++) {
      int32_t pair[2];
      memcpy(pair, sp + g * 8, sizeof pair);
      size_t bl = (size_t)(pair[1] - pair[0] + 1);
      counts[g] = NOCOUNT;
      if (bl > mostc && bl <= longest && valid) counts[g] = (uint32_t)ulen(s + pair[0] - 1, bl, 1, mostc);
      int in = bl <= longest && (counts[g] == NOCOUNT || counts[g] <= mostc);
      memcpy(ap + g * 8, in ? (const char *)pair : (const char *)none, 8);
    }
    asp = ap;
    ay_prefilter_scan(L, autoi, s, len, asp, spl);
    hits = (const unsigned char *)lua_tolstring(L, -1, &hl);
    row = n ? hl / n : 0;
    if (n > 0 && (row * n != hl || (size_t)(P->boiler.n + P->byline.n + 1) > row * 8))
      luaL_error(L, "meta_c.lines: the automaton does not hold these patterns");
  }
  char *out = sc->p + 16 * n;
  for (size_t g = 0; g < n; g++) {
    int32_t pair[2];
    memcpy(pair, sp + g * 8, sizeof pair);
    b = (size_t)pair[0] - 1; e = (size_t)pair[1];
    const unsigned char *r = hits && memcmp(asp + g * 8, none, 8) != 0 ? hits + g * row : NULL;
    int k = e - b > longest ? K_BODY : classify(L, P, s + b, e - b, valid, r, hits ? counts[g] : NOCOUNT);
    int at = P->boiler.n + P->byline.n;
    int attributed = k == K_BODY && P->attr && endsin(&P->attrends, s + b, e - b) &&
                     (r && P->attrlit.n >= 0 ? (r[at >> 3] >> (at & 7)) & 1 : mayhave(&P->attrlit, s + b, e - b)) &&
                     ay_regex_find(L, P->attr, s + b, e - b, valid);
    int32_t quad[4] = { (int32_t)b + 1, (int32_t)e, k, attributed };
    memcpy(out + 16 * g, quad, sizeof quad);
  }
  lua_settop(L, top);
  return (int)n;
}

static int meta_lines (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  luaL_argcheck(L, len < 0x7fffffffu, 1, "text too long (2 GiB or more)");
  Params P;
  getparams(L, &P, 2, 1);
  Scratch sc;
  scratchopen(L, &sc);
  int n = linesinto(L, &P, 8, s, len, ay_is_marked_valid(L, s, len) || ay_utf8_check(s, len) == len, &sc);
  scratchclose(L, &sc);
  lua_pushlstring(L, sc.p + 16 * (size_t)n, 16 * (size_t)n);
  return 1;
}

/* What is known of s being valid UTF-8, for date_of & co.: 1 valid,
** AY_CUT_UTF8 valid but its last character cut (a copy of the marked
** text's start), -1 to check. */
static int known (lua_State *L, const char *s, size_t len) {
  int k = ay_known_utf8(L, s, len);
  return k ? k : -1;
}

/* What is known of the line s[b..e) of s[0..len), s being as valid says
** (1, AY_CUT_UTF8, else not known): 1 valid, AY_CUT_UTF8 (the line that
** holds the cut character), 0 to check. */
static int linevalid (const char *s, size_t len, int valid, size_t e) {
  if (valid == 1) return 1;
  if (valid != AY_CUT_UTF8) return 0;
  return e <= ay_utf8_uncut(s, len) ? 1 : AY_CUT_UTF8;
}

/* {====== header fields ======
** meta.date, meta.source, meta.authors and meta.attribution, whose
** patterns (meta.DATE, SOURCE, AUTHORS, ATTRIBUTION) come compiled in the
** arguments.  A pattern that can match the empty string moves on by one
** character (the Lua versions looped forever). */

/* The i-th group of rx at stack index rxi named name, pushed as a string;
** 0 (nothing pushed) when it did not take part. */
static int pushnamed (lua_State *L, int rxi, int rc, const char *s, const char *name) {
  size_t a, b;
  if (!ay_regex_named(L, rxi, rc, name, &a, &b)) return 0;
  lua_pushlstring(L, s + a, b - a);
  return 1;
}

/* tonumber of a group made of digits: ASCII ones only, else -1 */
static int digits (const char *s, size_t a, size_t b) {
  int v = 0;
  if (b <= a || b - a > 9) return -1;
  for (size_t i = a; i < b; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

static int numbered (lua_State *L, int rxi, int rc, const char *s, const char *name) {
  size_t a, b;
  if (!ay_regex_named(L, rxi, rc, name, &a, &b)) return -1;
  return digits(s, a, b);
}

/* After a match [ms, me): where the next search starts. */
static size_t nextoff (const char *s, size_t len, size_t ms, size_t me) {
  if (me > ms) return me;
  size_t p = me + 1;
  while (p < len && ((unsigned char)s[p] & 0xC0) == 0x80) p++;
  return p;
}

/* {------ the header gates ------
** The literals of the date and source patterns, each once, looked for in
** an article's header in one pass (headscan), not by one search for each
** literal of each pattern (mayhave: ~13 searches of a ~200-byte header,
** memchr stopping at every continuation byte a CJK literal ends with):
** pattern k of the dates may match only if has & date[k], or date[k] is
** ALLPASS: its literals are not known (a pattern has at most MAXLITS, so
** no real mask is all bits).  A gate that passes only runs the regex. */
#define GATELITS 64
#define ALLPASS (~(uint64_t)0)
typedef struct HeadGate {
  int n;                          /* literals; -1: more than GATELITS (no gate) */
  const char *s[GATELITS];
  size_t l[GATELITS];
  uint64_t last[256];             /* the literals by their last byte */
  int nb;                         /* distinct last bytes, in bytes; -1: more than 8 */
  unsigned char bytes[8];
  uint64_t date[MAXPATS], source[MAXPATS];
} HeadGate;

/* What the header's gates found: the literals in it, the masks of P's
** patterns (g->date or g->source). */
typedef struct Gate { uint64_t has; const uint64_t *m; } Gate;

static int gatelit (HeadGate *g, const char *s, size_t l) {
  for (int i = 0; i < g->n; i++)
    if (g->l[i] == l && memcmp(g->s[i], s, l) == 0) return i;
  if (g->n == GATELITS) return -1;
  unsigned char c = (unsigned char)s[l - 1];
  if (g->last[c] == 0 && g->nb >= 0) {
    if (g->nb == 8) g->nb = -1;
    else g->bytes[g->nb++] = c;
  }
  g->s[g->n] = s; g->l[g->n] = l;
  g->last[c] |= (uint64_t)1 << g->n;
  return g->n++;
}

static void gatemasks (HeadGate *g, const Pats *P, uint64_t *m) {
  for (int k = 0; k < MAXPATS; k++) {
    m[k] = ALLPASS;
    if (g->n < 0 || k >= P->n || P->lit[k].n < 0) continue;
    uint64_t x = 0;
    for (int i = 0; i < P->lit[k].n && g->n >= 0; i++) {
      int b = gatelit(g, P->lit[k].s[i], P->lit[k].l[i]);
      if (b < 0) g->n = -1;
      else x |= (uint64_t)1 << b;
    }
    m[k] = x;
  }
}

/* The gate of the date and source patterns (their literals read: pushpats). */
static void gatemake (HeadGate *g, const Pats *date, const Pats *source) {
  memset(g, 0, sizeof *g);
  gatemasks(g, date, g->date);
  gatemasks(g, source, g->source);
}

/* The literals of g that end at s[i] added to found. */
static uint64_t endingat (const HeadGate *g, const char *s, size_t i, uint64_t found) {
  uint64_t m = g->last[(unsigned char)s[i]] & ~found;
  while (m) {
    int b = __builtin_ctzll(m);
    m &= m - 1;
    size_t l = g->l[b];
    if (l <= i + 1 && memcmp(s + i + 1 - l, g->s[b], l - 1) == 0) found |= (uint64_t)1 << b;
  }
  return found;
}

/* Which of g's literals s[0..len) holds (bit i: literal i).  With SSE2
** (every x86-64) and at most 8 distinct last bytes, sixteen bytes are
** compared with them at once; else (and for the last bytes) a byte at a time. */
static uint64_t headscan (const HeadGate *g, const char *s, size_t len) {
  uint64_t found = 0;
  size_t i = 0;
#if defined(__SSE2__)
  if (g->nb > 0) {
    __m128i c[8];
    for (int k = 0; k < 8; k++) c[k] = _mm_set1_epi8((char)g->bytes[k < g->nb ? k : 0]);
    for (; i + 16 <= len; i += 16) {
      __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
      __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, c[0]), _mm_cmpeq_epi8(v, c[1])),
                               _mm_or_si128(_mm_cmpeq_epi8(v, c[2]), _mm_cmpeq_epi8(v, c[3])));
      m = _mm_or_si128(m, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, c[4]), _mm_cmpeq_epi8(v, c[5])),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, c[6]), _mm_cmpeq_epi8(v, c[7]))));
      unsigned mask = (unsigned)_mm_movemask_epi8(m);
      while (mask) {
        found = endingat(g, s, i + (size_t)__builtin_ctz(mask), found);
        mask &= mask - 1;
      }
    }
  }
#endif
  for (; i < len; i++)
    if (g->last[(unsigned char)s[i]] & ~found) found = endingat(g, s, i, found);
  return found;
}

/* May pattern k of P match s[0..len)?  By G's scan when G is not NULL. */
static int gatemay (const Gate *G, const Pats *P, int k, const char *s, size_t len) {
  if (G) return k >= MAXPATS || G->m[k] == ALLPASS || (G->has & G->m[k]) != 0;
  return patmay(P, k, s, len);
}
/* }------ */

/* The date in s[0..len) (fold at stack index fold is text.fold, called
** when s has something to fold), pushed: "2020-10-16 15:31:26" |
** "2020-10-16" | "--10-16" | nil.  valid: 1 when s is known to be valid
** UTF-8 (folding keeps it so), AY_CUT_UTF8 valid but for its last
** character, cut, AY_NOT_UTF8 known not valid, -1 to check.  plain: s is
** known to have nothing to fold (ay_known_plain), so it is not searched.
** G: the gates' scan of s (NULL: none; not used once s is folded). */
static void date_of (lua_State *L, const Pats *P, int fold, const char *s, size_t len, int valid,
                     int plain, const Gate *G) {
  int folded = 0;
  if (!plain && ay_fold_first(s, len, 0) < len) {
    lua_pushvalue(L, fold);
    lua_pushlstring(L, s, len);
    lua_pushliteral(L, "alnum");
    lua_call(L, 2, 1);
    if (!lua_isstring(L, -1)) luaL_error(L, "meta.date: fold must return a string");
    s = lua_tolstring(L, -1, &len);
    folded = 1;
    if (valid != 1) valid = -1;
    G = NULL;
  }
  for (int k = 0; k < P->n; k++) {
    int r = P->first + k;
    if (!gatemay(G, P, k, s, len)) continue;
    if (valid < 0) valid = ay_utf8_check(s, len) == len ? 1 : AY_NOT_UTF8;
    size_t off = 0, ms, me;
    int rc;
    while (off <= len && (rc = ay_regex_exec(L, r, s, len, off, valid, &ms, &me)) > 0) {
      int mo = numbered(L, r, rc, s, "mo"), d = numbered(L, r, rc, s, "d");
      if (mo >= 1 && mo <= 12 && d >= 1 && d <= 31) {
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        size_t ya, yb, ha, hb, ma, mb, sa, sb;
        int y = ay_regex_named(L, r, rc, "y", &ya, &yb);
        char two[16];
        if (y) luaL_addlstring(&b, s + ya, yb - ya);
        else luaL_addlstring(&b, "-", 1);
        snprintf(two, sizeof two, "-%02d-%02d", mo, d);
        luaL_addstring(&b, two);
        if (y && ay_regex_named(L, r, rc, "h", &ha, &hb)) {
          int h = digits(s, ha, hb);
          if (h < 0) luaL_error(L, "bad argument #2 to 'format' (number expected, got nil)");
          if (!ay_regex_named(L, r, rc, "mi", &ma, &mb))
            luaL_error(L, "attempt to concatenate a boolean value (field 'mi')");
          snprintf(two, sizeof two, " %02d:", h);
          luaL_addstring(&b, two);
          luaL_addlstring(&b, s + ma, mb - ma);
          if (ay_regex_named(L, r, rc, "s", &sa, &sb)) {
            luaL_addchar(&b, ':');
            luaL_addlstring(&b, s + sa, sb - sa);
          }
        }
        luaL_pushresult(&b);
        if (folded) lua_remove(L, -2);
        return;
      }
      off = nextoff(s, len, ms, me);
    }
  }
  lua_pushnil(L);
  if (folded) lua_remove(L, -2);
}

/* meta_c.date(s, date_patterns, fold) -> date | nil (see date_of) */
static int meta_date (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  luaL_checktype(L, 3, LUA_TFUNCTION);
  lua_settop(L, 3);
  Pats P;
  pushpats(L, 2, &P);
  date_of(L, &P, 3, s, len, known(L, s, len), ay_known_plain(L, s, len), NULL);
  return 1;
}

/* The next line of s[*p..len) as s:gmatch("[^\n]+") gives it, trimmed
** as text.trim does: 0 when none is left. */
static int nextgline (const char *s, size_t len, size_t *p, size_t *b, size_t *e) {
  while (*p < len && s[*p] == '\n') (*p)++;
  if (*p >= len) return 0;
  const char *nl = memchr(s + *p, '\n', len - *p);
  *b = *p;
  *e = nl ? (size_t)(nl - s) : len;
  *p = *e;
  ay_trim(s, b, e);
  return 1;
}

/* The group src of the first pattern that matches a trimmed line of
** s[0..len) (patterns in order, then lines), pushed, or nil.  valid: as
** date_of's (a line of a text not valid is checked). */
static void source_of (lua_State *L, const Pats *P, const char *s, size_t len, int valid,
                       const Gate *G) {
  for (int k = 0; k < P->n; k++) {
    int r = P->first + k;
    if (!gatemay(G, P, k, s, len)) continue;
    if (valid < 0) valid = ay_utf8_check(s, len) == len;
    size_t p = 0, b, e, ms, me;
    while (nextgline(s, len, &p, &b, &e)) {
      if (!patmay(P, k, s + b, e - b)) continue;
      int rc = ay_regex_exec(L, r, s + b, e - b, 0, linevalid(s, len, valid, e), &ms, &me);
      if (rc > 0 && pushnamed(L, r, rc, s + b, "src")) return;
    }
  }
  lua_pushnil(L);
}

/* meta_c.source(s, source_patterns) -> outlet | nil (see source_of) */
static int meta_source (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_settop(L, 2);
  Pats P;
  pushpats(L, 2, &P);
  source_of(L, &P, s, len, known(L, s, len), NULL);
  return 1;
}

/* meta_c.untallied(s, words) -> s with the year after each of the words
** (plain strings; then blanks, Lua's %s) made "xxxx": a tally's date
** (截至2017年12月31日,全市已建成…) is the figures', not the page's.  As
** s = s:gsub(w .. "%s*%d%d%d%d", <its digits made x>) for each w in turn;
** s itself (no copy) when no word is followed by a year. */
static int meta_untallied (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  luaL_checktype(L, 2, LUA_TTABLE);
  char *out = NULL;                                /* the copy, made at the first year */
  lua_Integer nw = luaL_len(L, 2);
  for (lua_Integer w = 1; w <= nw; w++) {
    lua_rawgeti(L, 2, w);
    size_t wl;
    const char *ws = lua_tolstring(L, -1, &wl);
    if (ws == NULL || wl == 0) luaL_error(L, "meta.untallied: word %d is not a non-empty string", (int)w);
    const char *src = out ? out : s, *hit;
    size_t p = 0;
    while (p < len && (hit = litat(src + p, len - p, ws, wl)) != NULL) {
      size_t at = (size_t)(hit - src), q = at + wl;
      while (q < len && isspace((unsigned char)src[q])) q++;
      if (q + 4 <= len && isdigit((unsigned char)src[q]) && isdigit((unsigned char)src[q + 1]) &&
          isdigit((unsigned char)src[q + 2]) && isdigit((unsigned char)src[q + 3])) {
        if (out == NULL) {
          out = lua_newuserdatauv(L, len, 0);
          memcpy(out, s, len);
          lua_insert(L, 3);                        /* (kept below the word) */
          src = out;
        }
        memset(out + q, 'x', 4);
        p = q + 4;
      }
      else p = at + 1;
    }
    lua_pop(L, 1);
  }
  if (out == NULL) lua_settop(L, 1);
  else lua_pushlstring(L, out, len);
  return 1;
}

/* The array at stack index out made a table when it is nil (until a name
** comes: most articles have none). */
static void namesets (lua_State *L, int out) {
  if (lua_type(L, out) != LUA_TNIL) return;
  lua_createtable(L, 4, 0);                        /* (room for a byline's names: no resize per name) */
  lua_replace(L, out);
}

/* Names kept apart in the array by a look at each (a set only past so many:
** an article has one or two). */
enum { NSCAN = 8 };

/* Adds the name s[0..n) to the array at stack index out unless it has it
** or the set at stack index seen does: a table (meta.authors' caller's,
** which may hold other names), or nil: then the array is its own set,
** searched name by name while it has fewer than NSCAN, and from then on
** through a set of its names made in seen. */
static void addname (lua_State *L, int out, int seen, const char *s, size_t n) {
  lua_Integer k = (lua_Integer)lua_rawlen(L, out);
  if (lua_isnil(L, seen) && k < NSCAN) {
    for (lua_Integer i = 1; i <= k; i++) {
      size_t l;
      lua_rawgeti(L, out, i);
      const char *v = lua_tolstring(L, -1, &l);
      int same = v != NULL && l == n && memcmp(v, s, n) == 0;
      lua_pop(L, 1);
      if (same) return;
    }
    lua_pushlstring(L, s, n);
    lua_rawseti(L, out, k + 1);
    return;
  }
  if (lua_isnil(L, seen)) {                        /* the array's names, now as a set */
    lua_createtable(L, 0, 2 * NSCAN);
    for (lua_Integer i = 1; i <= k; i++) {
      lua_rawgeti(L, out, i);
      lua_pushboolean(L, 1);
      lua_rawset(L, -3);
    }
    lua_replace(L, seen);
  }
  lua_pushlstring(L, s, n);
  if (lua_rawget(L, seen) == LUA_TNIL) {           /* new */
    lua_pushlstring(L, s, n);
    lua_pushvalue(L, -1);
    lua_pushboolean(L, 1);
    lua_rawset(L, seen);
    lua_rawseti(L, out, k + 1);
  }
  lua_pop(L, 1);
}

/* Adds the names in s[a..b) to the array at stack index out (nil: made a
** table) as addname does: separated by blanks, "　" or "、", each trimmed. */
static void addnames (lua_State *L, int out, int seen, const char *s, size_t a, size_t b) {
  size_t i = a;
  namesets(L, out);
  while (i < b) {
    size_t t = i;                                  /* a token: up to a separator */
    while (t < b && !isspace((unsigned char)s[t]) &&
           !(t + 2 < b && (unsigned char)s[t] == 0xE3 && (unsigned char)s[t + 1] == 0x80 &&
             ((unsigned char)s[t + 2] == 0x80 || (unsigned char)s[t + 2] == 0x81))) t++;
    size_t ta = i, tb = t;
    ay_trim(s, &ta, &tb);
    if (tb > ta) addname(L, out, seen, s + ta, tb - ta);
    i = t;                                         /* past the separator */
    if (i < b) i += isspace((unsigned char)s[i]) ? 1 : 3;
  }
}

/* The names of an attribution at the end of the trimmed line s[b..e)
** (pattern at stack index ai; lit, ends: its literals and last
** characters, or NULL) added to out / seen: 1, or 0 without one. */
static int attribution (lua_State *L, int ai, const Lits *lit, const Lits *ends, const char *s,
                        size_t b, size_t e, int valid, int out, int seen) {
  size_t ms, me, na, nb;
  if (ends && !endsin(ends, s + b, e - b)) return 0;
  if (lit && !mayhave(lit, s + b, e - b)) return 0;
  int rc = ay_regex_exec(L, ai, s + b, e - b, 0, valid, &ms, &me);
  if (rc <= 0) return 0;
  if (!ay_regex_named(L, ai, rc, "names", &na, &nb))
    luaL_error(L, "meta.attribution: the pattern's group 'names' did not take part");
  addnames(L, out, seen, s + b, na, nb);
  return 1;
}

/* meta_c.attribution(line, pattern) -> array of names | nil */
static int meta_attribution (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  luaL_checkudata(L, 2, AY_REGEX);
  lua_settop(L, 2);
  lua_newtable(L);                                  /* 3: names */
  lua_newtable(L);                                  /* 4: seen */
  size_t b = 0, e = len;
  ay_trim(s, &b, &e);
  if (!attribution(L, 2, NULL, NULL, s, b, e, ay_utf8_check(s, len) == len, 3, 4)) lua_pushnil(L);
  else lua_pushvalue(L, 3);
  return 1;
}

/* The names each author pattern's group names finds in s[0..len) (every
** match), then those of each line's attribution (pattern at stack index
** ai, its literals lit), added to the arrays out / seen (stack indexes).
** valid: as date_of's (the attributions of a text not valid are checked
** line by line). */
static void authors_of (lua_State *L, const Pats *P, int ai, const Lits *lit, const Lits *ends,
                        const char *s, size_t len, int valid, int out, int seen) {
  if (valid < 0) valid = ay_utf8_check(s, len) == len ? 1 : AY_NOT_UTF8;
  for (int k = 0; k < P->n; k++) {
    int r = P->first + k;
    if (!patmay(P, k, s, len)) continue;
    size_t off = 0, ms, me, na, nb;
    int rc;
    while (off < len && (rc = ay_regex_exec(L, r, s, len, off, valid, &ms, &me)) > 0) {
      if (ay_regex_named(L, r, rc, "names", &na, &nb)) addnames(L, out, seen, s, na, nb);
      off = nextoff(s, len, ms, me);
    }
  }
  size_t p = 0, b, e;
  while (nextgline(s, len, &p, &b, &e))
    attribution(L, ai, lit, ends, s, b, e, linevalid(s, len, valid, e), out, seen);
}

/* meta_c.authors(s, author_patterns, attribution_pattern, out, seen) -> out:
** the names each author pattern's group names finds (every match), then
** those of each line's attribution, in order, each once. */
static int meta_authors (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  luaL_checkudata(L, 3, AY_REGEX);
  luaL_checktype(L, 4, LUA_TTABLE);
  luaL_checktype(L, 5, LUA_TTABLE);
  lua_settop(L, 5);
  Pats P;
  pushpats(L, 2, &P);
  authors_of(L, &P, 3, NULL, NULL, s, len, known(L, s, len), 4, 5);
  lua_pushvalue(L, 4);
  return 1;
}
/* }====== */

/* {====== articles ======
** meta_c.split(s, P) -> the articles of s, as assay.articles documents
** them (its header has the rules); P = {boiler, byline, heading_max,
** byline_max, attribution, attribution_literals, lines_automaton, date,
** source, authors (the compiled patterns of assay.meta: meta.patterns()),
** fold (text.fold), colon_title, date_lead, kicker_end, parallel and,
** optionally, furniture (the splitter's own regexes)}.
**
** P is read once: the values the splitter puts on the stack for its two
** phases (the lines', then the articles': P's fields, the regexes of its
** lists), and what it reads from them (the literals, the limits), are kept
** with P (a SplitSet, the last one in the registry) and pushed again as
** they were when the same P comes back, which assay.articles makes sure
** of: reading P (16 fields, 25 regexes and their literals) cost as much as
** splitting a short document.  So, like an array of literals, a P changed
** in place after its first split keeps what was read then. */

enum { SP_S = 1, SP_P, SP_SET, SP_LINES, SP_DATE, SP_SOURCE, SP_AUTHORS, SP_ATTR, SP_FOLD, SP_COLON,
       SP_DATELEAD, SP_KICKER, SP_PARALLEL, SP_FURN, SP_KEYS, SP_OUT = SP_KEYS + 9, SP_NAMES, SP_TOP = SP_NAMES };

/* The fields of an article, as strings at SP_KEYS + K_... (set with
** lua_rawset on the new table: no look-up of the name per field). */
enum { K_START, K_STOP, K_BOILERPLATE, K_TITLE, K_TITLE_START, K_TITLE_STOP, K_DATE, K_SOURCE, K_AUTHORS };
static const char *const artkeys[] = { "start", "stop", "boilerplate", "title", "title_start", "title_stop",
                                       "date", "source", "authors" };

/* t[the key K_k] = the value on the top (popped); t has no metatable. */
static void setkey (lua_State *L, int t, int k) {
  lua_pushvalue(L, SP_KEYS + k);
  lua_insert(L, -2);
  lua_rawset(L, t);
}

enum { R_NONE, R_HEAD, R_BYLINE };

typedef struct Split {
  const char *s;
  size_t len;
  int valid;
  int plain;                      /* s has nothing to fold (ay_known_plain): nor have its lines, headers */
  const int32_t *q;               /* the lines: start, stop (1-based, inclusive), class, attributed */
  int n;
  unsigned char *role;            /* per line: R_HEAD, R_BYLINE (of the current article) */
  char *scratch;                  /* room for any lines of s joined (pushjoined) */
  int narts;
  const Pats *date, *source, *authors;
  const Lits *attrlit, *attrends;
  const Lits *own;                /* the literals of colon_title .. furniture */
  int furn;                       /* furniture is given */
  const HeadGate *gate;           /* of date and source; n < 0: none */
} Split;

/* What meta_split reads of a P (see above).  Its user value: {P, the
** values of the stack slots SP_LINES + 1 .. top1 (phase 1), then those of
** SP_DATE .. SP_OUT - 1 and SP_TOP + 1 .. top2 (phase 2)}. */
typedef struct SplitSet {
  Params lines;                   /* linesinto's (stack indexes of phase 1) */
  int top1;
  Pats date, source, authors;     /* (stack indexes of phase 2) */
  Lits attrlit, attrends;
  Lits own[SP_FURN - SP_COLON + 1];
  HeadGate gate;
  int top2;
} SplitSet;
static const char splitkey = 'p';

/* The values uv[from .. from + n) of the set at SP_SET, pushed. */
static void setpush (lua_State *L, int from, int n) {
  luaL_checkstack(L, n + 2, "meta_c.split");
  lua_getiuservalue(L, SP_SET, 1);
  int uv = lua_gettop(L);
  for (int i = 0; i < n; i++) lua_rawgeti(L, uv, from + i);
  lua_remove(L, uv);
}

/* uv[from + k] of the set at SP_SET = stack slot a + k, for slots a .. b. */
static void setkeep (lua_State *L, int from, int a, int b) {
  lua_getiuservalue(L, SP_SET, 1);
  for (int k = a; k <= b; k++) {
    lua_pushvalue(L, k);
    lua_rawseti(L, -2, from + k - a);
  }
  lua_pop(L, 1);
}

typedef struct Art {
  int open;                       /* an article is open */
  int l0;                         /* its first line */
  int32_t start, stop;
  int body, ended, boiler;
  int first_body;                 /* line, -1 none */
} Art;

#define LA(S, i) ((S)->q[4 * (i)])
#define LB(S, i) ((S)->q[4 * (i) + 1])
#define LK(S, i) ((S)->q[4 * (i) + 2])
#define LT(S, i) ((S)->q[4 * (i) + 3])
#define LTEXT(S, i) ((S)->s + LA(S, i) - 1)
#define LLEN(S, i) ((size_t)(LB(S, i) - LA(S, i) + 1))

/* The splitter's own regex at rxi (SP_COLON .. SP_FURN) finds
** something in line i. */
static int lfind (lua_State *L, const Split *S, int rxi, int i) {
  return mayhave(&S->own[rxi - SP_COLON], LTEXT(S, i), LLEN(S, i)) &&
         ay_regex_find(L, rxi, LTEXT(S, i), LLEN(S, i), S->valid);
}

/* DATE_LEAD:find(text.fold(line)): fold's second result (how many
** characters it changed) is find's init, as in the Lua splitter. */
static int dateleads (lua_State *L, const Split *S, int i) {
  const char *t = LTEXT(S, i);
  size_t tl = LLEN(S, i), ms, me;
  if (S->plain || ay_fold_first(t, tl, 0) == tl) return lfind(L, S, SP_DATELEAD, i);
  lua_pushvalue(L, SP_FOLD);
  lua_pushlstring(L, t, tl);
  lua_call(L, 1, 2);
  size_t fl;
  const char *f = lua_tolstring(L, -2, &fl);
  lua_Integer init = lua_tointeger(L, -1);
  int hit = (size_t)(init > 0 ? init - 1 : 0) <= fl &&
            ay_regex_exec(L, SP_DATELEAD, f, fl, (size_t)(init > 0 ? init - 1 : 0), 0, &ms, &me) > 0;
  lua_pop(L, 2);
  return hit;
}

static int opensarticle (lua_State *L, const Split *S, int i) {
  if (lfind(L, S, SP_COLON, i) && !lfind(L, S, SP_KICKER, i)) return 1;
  int j = i;
  while (j < S->n && LK(S, j) == K_HEADING) j++;
  int h = j;                                          /* past the headings */
  while (j < S->n && LK(S, j) == K_BYLINE) j++;
  if (j >= S->n || LK(S, j) != K_BODY) return 0;
  if (j > h || dateleads(L, S, j)) return 1;          /* a byline under it, a dated paragraph */
  int last = -1;
  while (j < S->n && LK(S, j) == K_BODY) last = j++;
  return last >= 0 && LT(S, last);
}

static int islabel (const char *t, size_t tl) {      /* "【..." or "...·..." */
  if (tl >= 3 && memcmp(t, "\xE3\x80\x90", 3) == 0) return 1;
  for (size_t k = 0; k + 1 < tl; k++)
    if ((unsigned char)t[k] == 0xC2 && (unsigned char)t[k + 1] == 0xB7) return 1;
  return 0;
}

/* A Han character (\p{sc=Han}, the blocks that hold it). */
static int han (uint32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x3134F) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2E80 && c <= 0x2FDF) || c == 0x3005 || c == 0x3007 ||
         (c >= 0x3021 && c <= 0x3029) || (c >= 0x3038 && c <= 0x303B);
}

/* Site furniture by its shape, never a headline: a line of at most four
** characters (分享, 时政, EN), one word without a Han character (a link,
** an address, a telephone number), an aside in brackets of at most eight
** ((上接1版)).  (The shapes are here, where a heading is ranked: a regex
** per heading cost the default run 2 %; the furniture of words is
** assay.articles' regex.) */
static int furnished (const char *t, size_t tl, int valid) {
  if (ulen(t, tl, valid, 5) <= 4) return 1;
  uint32_t c;
  size_t k = 0, n = 0;
  if (t[0] == '(' || memcmp(t, "\xEF\xBC\x88", 3) == 0) {     /* ( （: where the first ) ） is */
    for (; k < tl; n++) {
      int w = ay_utf8_decode(t + k, tl - k, &c);
      if (w <= 0) return 0;
      k += (size_t)w;
      if (c == ')' || c == 0xFF09) return k == tl && n < 10;
    }
    return 0;
  }
  while (k < tl) {                                    /* a Han character or a blank: no */
    int w = ay_utf8_decode(t + k, tl - k, &c);
    if (w <= 0 || han(c) || c == ' ' || c == '\t' || c == 0x3000) return 0;
    k += (size_t)w;
  }
  return 1;
}

/* How well heading line i serves as the article's title: -1 never (site
** furniture, a caption), 0 at worst (a kicker ending in —— or :), 1 a
** column label (【...】, X·Y), 2 a deck (a parallel slogan, a subtitle
** opening with a dash), 3 a headline. */
static int titlerank (lua_State *L, const Split *S, int i) {
  if (furnished(LTEXT(S, i), LLEN(S, i), S->valid) || (S->furn && lfind(L, S, SP_FURN, i))) return -1;
  if (lfind(L, S, SP_KICKER, i)) return 0;
  if (islabel(LTEXT(S, i), LLEN(S, i))) return 1;
  return lfind(L, S, SP_PARALLEL, i) ? 2 : 3;
}

/* The title among the article's headline lines, or -1: of the headings
** right above the first byline or date line that has one of rank 1 or
** more there, the best ranked, the nearest on a tie (a page's lines above
** its headline, a kicker, are farther from its byline than the headline
** is); else the best ranked heading, the first on a tie; none when all
** are of rank -1. */
static int picktitle (lua_State *L, const Split *S, const Art *a, int l1) {
  int head1 = -1, heads = 0;
  if (a->first_body >= 0 && a->first_body <= l1) l1 = a->first_body - 1;   /* (the headline is above it) */
  for (int i = a->l0; i <= l1; i++)
    if (S->role[i] == R_HEAD && heads++ == 0) head1 = i;
  if (heads < 2)                                      /* (most articles: no ranks to compare) */
    return head1 < 0 || furnished(LTEXT(S, head1), LLEN(S, head1), S->valid) ||
           (S->furn && lfind(L, S, SP_FURN, head1)) ? -1 : head1;
  for (int i = head1; i <= l1; i++) {
    if (S->role[i] == R_HEAD) continue;
    if (S->role[i] != R_BYLINE || S->role[i - 1] != R_HEAD) continue;
    int best = -1, br = 0;
    for (int j = i - 1; j >= a->l0 && S->role[j] == R_HEAD; j--) {
      int r = titlerank(L, S, j);
      if (r > br) { best = j; br = r; }
    }
    if (best >= 0) return best;
  }
  int best = -1, br = -1;
  for (int i = head1; i <= l1 && br < 3; i++) {
    if (S->role[i] != R_HEAD) continue;
    int r = titlerank(L, S, i);
    if (r > br) { best = i; br = r; }
  }
  return best;
}

/* The lines of role r of the article, joined by "\n", then (when the
** article has one) up to cut bytes of its first body line, in S->scratch
** (each line once, so it has room): their length.  *valid: as the text
** is known to be: 1 valid UTF-8 and the cut fell between two characters,
** AY_CUT_UTF8 valid but the cut fell inside one, -1 not known. */
static size_t joined (const Split *S, const Art *a, int l1, int heads, size_t cut, int *valid) {
  char *b = S->scratch;
  size_t n = 0;
  int whole = 1;
  for (int r = heads ? R_HEAD : R_BYLINE; r <= R_BYLINE; r++)
    for (int i = a->l0; i <= l1; i++) {
      if (S->role[i] != r) continue;
      if (n > 0) b[n++] = '\n';
      memcpy(b + n, LTEXT(S, i), LLEN(S, i));
      n += LLEN(S, i);
    }
  if (a->first_body >= 0) {
    if (n > 0) b[n++] = '\n';
    size_t fl = LLEN(S, a->first_body);
    const char *f = LTEXT(S, a->first_body);
    memcpy(b + n, f, fl < cut ? fl : cut);
    n += fl < cut ? fl : cut;
    if (fl > cut && ((unsigned char)f[cut] & 0xC0) == 0x80) whole = 0;
  }
  *valid = !S->valid ? -1 : whole ? 1 : AY_CUT_UTF8;
  return n;
}

/* The finished article (lines a->l0 .. l1) appended to the output. */
static void finisharticle (lua_State *L, Split *S, const Art *a, int l1) {
  lua_createtable(L, 0, 9);
  int t = lua_gettop(L);
  lua_pushinteger(L, a->start); setkey(L, t, K_START);
  lua_pushinteger(L, a->stop); setkey(L, t, K_STOP);
  lua_pushboolean(L, a->boiler); setkey(L, t, K_BOILERPLATE);
  if (!a->boiler) {
    int ti = picktitle(L, S, a, l1);
    if (ti >= 0) {
      lua_pushlstring(L, LTEXT(S, ti), LLEN(S, ti)); setkey(L, t, K_TITLE);
      lua_pushinteger(L, LA(S, ti)); setkey(L, t, K_TITLE_START);
      lua_pushinteger(L, LB(S, ti)); setkey(L, t, K_TITLE_STOP);
    }
    int hv, bv;
    size_t hl = joined(S, a, l1, 1, 120, &hv);       /* the header: heads, bylines, first line */
    Gate gd, gs, *pd = NULL, *ps = NULL;
    if (S->gate->n >= 0) {                            /* the header's literals, in one pass */
      gd.has = gs.has = headscan(S->gate, S->scratch, hl);
      gd.m = S->gate->date; gs.m = S->gate->source;
      pd = &gd; ps = &gs;
    }
    date_of(L, S->date, SP_FOLD, S->scratch, hl, hv, S->plain, pd);
    if (!lua_isnil(L, -1)) setkey(L, t, K_DATE);
    else lua_pop(L, 1);
    source_of(L, S->source, S->scratch, hl, hv, ps);
    if (!lua_isnil(L, -1)) setkey(L, t, K_SOURCE);
    else lua_pop(L, 1);
    size_t bn = joined(S, a, l1, 0, 160, &bv);       /* bylines, first line */
    lua_pushnil(L);                                   /* names (namesets) */
    lua_pushnil(L);                                   /* their set, if ever (addname) */
    int names = t + 1, seen = t + 2;
    authors_of(L, S->authors, SP_ATTR, S->attrlit, S->attrends, S->scratch, bn, bv, names, seen);
    lua_Integer na = lua_istable(L, SP_NAMES) ? (lua_Integer)lua_rawlen(L, SP_NAMES) : 0;
    if (na > 0) namesets(L, names);
    for (lua_Integer k = 1; k <= na; k++) {          /* the attributions, each once */
      size_t l;
      lua_rawgeti(L, SP_NAMES, k);
      const char *v = lua_tolstring(L, -1, &l);
      addname(L, names, seen, v, l);
      lua_pop(L, 1);
    }
    if (lua_isnil(L, names)) lua_newtable(L);
    else lua_pushvalue(L, names);
    setkey(L, t, K_AUTHORS);
    lua_settop(L, t);
  }
  else { lua_newtable(L); setkey(L, t, K_AUTHORS); }
  lua_rawseti(L, SP_OUT, ++S->narts);
}

static void openarticle (lua_State *L, Split *S, Art *a, int i, int boiler) {
  if (a->open) finisharticle(L, S, a, i - 1);
  a->open = 1; a->l0 = i;
  a->start = LA(S, i); a->stop = LB(S, i);
  a->body = 0; a->ended = 0; a->boiler = boiler; a->first_body = -1;
  if (!lua_isnil(L, SP_NAMES)) {                     /* the attributions' names: none yet */
    lua_pushnil(L);
    lua_replace(L, SP_NAMES);
  }
}

static int meta_split (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, SP_S, &len);
  luaL_checktype(L, SP_P, LUA_TTABLE);
  lua_settop(L, SP_P);
  luaL_argcheck(L, len < 0x7fffffffu, SP_S, "text too long (2 GiB or more)");
  /* the lines, as meta_c.lines gives them (its arguments 2..8 are P's
  ** fields below, at SP_LINES + 1 ..) */
  int valid = ay_is_marked_valid(L, s, len) || ay_utf8_check(s, len) == len, n;
  SplitSet *set = NULL;                               /* SP_SET: what was read of P */
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &splitkey) == LUA_TUSERDATA) {
    lua_getiuservalue(L, -1, 1);
    lua_rawgeti(L, -1, 1);
    if (lua_rawequal(L, -1, SP_P)) set = (SplitSet *)lua_touserdata(L, -3);
    lua_pop(L, 2);
  }
  int fresh = set == NULL;
  if (fresh) {                                        /* (a raise below leaves it out of the registry) */
    lua_pop(L, 1);
    set = (SplitSet *)lua_newuserdatauv(L, sizeof *set, 1);
    lua_createtable(L, 64, 0);
    lua_pushvalue(L, SP_P);
    lua_rawseti(L, -2, 1);
    lua_setiuservalue(L, -2, 1);
  }
  Scratch sc;
  scratchopen(L, &sc);                                /* SP_LINES: the lines, roles, joined headers */
  if (fresh) {
    static const char *const lf[] = {"boiler", "byline", "heading_max", "byline_max", "attribution",
                                     "attribution_literals", "lines_automaton"};
    for (int k = 0; k < 7; k++) lua_getfield(L, SP_P, lf[k]);
    getparams(L, &set->lines, SP_LINES + 1, 1);
    lua_getfield(L, SP_P, "attribution_ends");
    getlits(L, -1, &set->lines.attrends);
    lua_pop(L, 1);
    set->top1 = lua_gettop(L);
    setkeep(L, 2, SP_LINES + 1, set->top1);
  }
  else setpush(L, 2, set->top1 - SP_LINES);
  n = linesinto(L, &set->lines, SP_LINES + 7, s, len, valid, &sc);
  lua_settop(L, SP_LINES);
  int at2 = 2 + set->top1 - SP_LINES;                 /* phase 2's values in the set */
  if (fresh) {
    static const char *const pf[] = {"date", "source", "authors", "attribution", "fold", "colon_title",
                                     "date_lead", "kicker_end", "parallel", "furniture"};
    for (int k = 0; k < 10; k++) lua_getfield(L, SP_P, pf[k]);
    luaL_checktype(L, SP_FOLD, LUA_TFUNCTION);
    for (int k = SP_COLON; k <= SP_PARALLEL; k++) luaL_checkudata(L, k, AY_REGEX);
    if (!lua_isnil(L, SP_FURN)) luaL_checkudata(L, SP_FURN, AY_REGEX);
    luaL_checkudata(L, SP_ATTR, AY_REGEX);
    for (int k = 0; k < SP_OUT - SP_KEYS; k++) lua_pushstring(L, artkeys[k]);
  }
  else setpush(L, at2, SP_OUT - SP_DATE);
  lua_newtable(L);                                    /* SP_OUT */
  lua_pushnil(L);                                     /* SP_NAMES: a table once a line has some */
  if (fresh) {                                        /* above SP_TOP */
    pushpats(L, SP_DATE, &set->date);
    pushpats(L, SP_SOURCE, &set->source);
    pushpats(L, SP_AUTHORS, &set->authors);
    gatemake(&set->gate, &set->date, &set->source);
    lua_getfield(L, SP_P, "attribution_literals");
    getlits(L, -1, &set->attrlit);
    lua_getfield(L, SP_P, "attribution_ends");
    getlits(L, -1, &set->attrends);
    lua_getfield(L, SP_P, "literals");                /* of colon_title .. parallel, by name */
    static const char *const own[] = {"colon_title", "date_lead", "kicker_end", "parallel", "furniture"};
    for (int k = 0; k <= SP_FURN - SP_COLON; k++) {
      set->own[k].n = -1;
      if (lua_istable(L, -1)) {
        lua_getfield(L, -1, own[k]);
        getlits(L, lua_gettop(L), &set->own[k]);
        lua_pop(L, 1);
      }
    }
    set->top2 = lua_gettop(L);
    setkeep(L, at2, SP_DATE, SP_OUT - 1);
    setkeep(L, at2 + SP_OUT - SP_DATE, SP_TOP + 1, set->top2);
    lua_pushvalue(L, SP_SET);                         /* read whole: the next call with P takes it */
    lua_rawsetp(L, LUA_REGISTRYINDEX, &splitkey);
  }
  else setpush(L, at2 + SP_OUT - SP_DATE, set->top2 - SP_TOP);
  /* in the scratch after the lines (at 16 * n: aligned int32s), a role
  ** byte per line, and the room of joined: the heading and byline lines
  ** (the only ones with a role), a newline each, and a cut of a body line */
  size_t q = 16 * (size_t)n, roles = 32 * (size_t)n, room = 2 + 160;
  for (int i = 0; i < n; i++) {
    int32_t quad[4];
    memcpy(quad, sc.p + q + 16 * (size_t)i, sizeof quad);
    if (quad[2] == K_HEADING || quad[2] == K_BYLINE) room += (size_t)(quad[1] - quad[0] + 1) + 1;
  }
  scratchneed(L, &sc, roles + (size_t)n + 1 + room, roles);
  int32_t *lines = (int32_t *)(sc.p + q);
  Split S = { s, len, valid, ay_known_plain(L, s, len), lines, n, (unsigned char *)sc.p + roles, sc.p + roles + (size_t)n + 1, 0,
              &set->date, &set->source, &set->authors, &set->attrlit, &set->attrends, set->own,
              !lua_isnil(L, SP_FURN), &set->gate };
  memset(S.role, R_NONE, (size_t)n + 1);
  luaL_checkstack(L, 16, "meta_c.split");
  Art a = {0};
  for (int i = 0; i < S.n; i++) {
    int k = LK(&S, i);
    if (k == K_BOILER) {
      if (!(a.open && a.boiler)) openarticle(L, &S, &a, i, 1);
    } else if (k == K_HEADING) {
      if (!a.open || a.boiler || a.ended) openarticle(L, &S, &a, i, 0);
      else if (a.body > 0 && opensarticle(L, &S, i)) openarticle(L, &S, &a, i, 0);
      if (a.body == 0) S.role[i] = R_HEAD;
    } else if (k == K_BYLINE) {
      if (!a.open || a.boiler) openarticle(L, &S, &a, i, 0);
      S.role[i] = R_BYLINE;
      if (a.body > 0) a.ended = 1;                    /* a byline after the text closes it */
    } else {
      if (!a.open || a.boiler || a.ended) openarticle(L, &S, &a, i, 0);
      a.body++;
      if (a.first_body < 0) a.first_body = i;
      if (LT(&S, i)) {                                /* its attribution's names, and the end */
        lua_pushnil(L);                               /* names, their set (addname) */
        lua_pushnil(L);
        int nm = lua_gettop(L) - 1;
        if (attribution(L, SP_ATTR, NULL, NULL, s, (size_t)LA(&S, i) - 1, (size_t)LB(&S, i), S.valid, nm, nm + 1)) {
          if (lua_isnil(L, SP_NAMES)) { lua_newtable(L); lua_replace(L, SP_NAMES); }
          lua_Integer na = (lua_Integer)lua_rawlen(L, SP_NAMES), m = (lua_Integer)lua_rawlen(L, nm);
          for (lua_Integer j = 1; j <= m; j++) { lua_rawgeti(L, nm, j); lua_rawseti(L, SP_NAMES, ++na); }
          a.ended = 1;
        }
        lua_pop(L, 2);
      }
    }
    a.stop = LB(&S, i);
  }
  if (a.open) finisharticle(L, &S, &a, S.n - 1);
  scratchclose(L, &sc);
  lua_settop(L, SP_OUT);
  return 1;
}
/* }====== */

static const luaL_Reg funcs[] = {
  {"classify", meta_classify}, {"lines", meta_lines}, {"date", meta_date}, {"source", meta_source},
  {"untallied", meta_untallied},
  {"attribution", meta_attribution}, {"authors", meta_authors}, {"split", meta_split}, {NULL, NULL}
};

int luaopen_assay_meta_c (lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
