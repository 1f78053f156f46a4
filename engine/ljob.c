/*
** ljob.c: require "assay.job" -- a batch run's worker job without Lua for
** the common case.
**
**   job.plan{rules = {...}, rules_hash =, no_text =, traditional_min =} -> plan
**   job.batch(plan | nil, batch, one, acc, order [, boxed]) -> result, n_c
**     boxed: -> box, n, n_c instead, the result being the box's first n
**     bytes (for assay.pool, which copies them out: no string of the
**     batch's size is made; the box is the plan's, rewritten by the next
**     batch)
**
** A worker (assay.run.worker) gets a batch of jobs and answers with the
** batch's result: each job's result, then the stats of the batch (acc, by
** rule name, in the order of the array order), in assay.wire's format
** (engine/lwire.c: the one definition of those bytes; this file writes
** results with ay_wire_result and ay_wire_stats and walks batches with
** ay_wire_next).  The result is written in one box the plan keeps from
** batch to batch (UV_OUT), the C path's documents straight into it: a
** text is copied once from the file's buffer into the result, and once
** more when the result becomes a string, not through a string per
** document, a growing buffer and a concatenation (each a fresh mapping
** of the batch's size, page faults and all).  For a file job ("F" path, known hash, known rules
** hash [, the document's key]) whose rule set is all pattern rules without emit (the plan), and
** whose file is plain text -- valid UTF-8, no BOM, no NUL, nothing the
** width fold would change, not markup, not a format with its own reader,
** fewer than traditional_min traditional characters (ay_traditional; 0:
** no limit), which the Lua path converts to simplified --
** (read.format and read.plain of assay.read say so: the reader's own
** predicates) this module reads the file, hashes it, cuts the spans, runs the scans and
** packs the result in C: what the Lua path (run/worker.lua's `one`) finds, for
** a fraction of the time.  Every other job, and every job whose
** C path raises (a PCRE2 limit, memory), goes to one(job, acc), whose
** error becomes "X" .. message, as run/worker.lua's batch loop did.  n_c: how
** many jobs the C path did.
**
** The plan's prefilter (optional): the rule set's assay.prefilter
** automaton, rule i of the plan being rule i of the automaton; a rule's
** pattern then runs only in the segments holding one of its literals, as
** engine.process does (see prefiltered below).
**
** The plan's rules: {name =, kind =, regex = assay.regex, scope =
** "sentence" | "clause" | "line" | "document", need = {literals},
** groups = {value group [, scale group]} | nil, numeric =, factors =},
** in rule-set order (engine.block_groups says what groups and numeric are).
** The per-rule stats of the documents done in C (docs, matches, facts,
** seconds, skipped) are added into acc, a table by rule name, at the end of each
** batch, as engine.process adds them.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "assay.h"

#define AY_JOBPLAN "assay.jobplan"

#if !defined(AY_JOB_KEEP)
#define AY_JOB_KEEP (4u << 20)    /* read buffer, result box kept between files, batches */
#endif

enum { SCOPE_DOC = AY_SPAN_PARAGRAPH + 1, NSCOPES };

typedef struct Lit { const char *s; size_t len; } Lit;

typedef struct JRule {
  const char *name, *kind;    /* anchored in the plan's user value */
  size_t namel, kindl;
  int scope;                  /* AY_SPAN_SENTENCE .. SCOPE_DOC */
  int lua;                    /* a match function (UV_REGEX holds it), not a pattern */
  int groups[2], ng, numeric;
  int need0, nneed;           /* the rule's literals: need[need0 .. need0 + nneed) */
  int ran;                    /* this document: the needs were met */
  lua_Integer hits;           /* this document: matches (= facts) */
  double secs;                /* this document: seconds */
  int at;                     /* this document: stack index of the packed hits */
  lua_Integer skip;           /* this document: segments the prefilter skipped */
  lua_Integer docs, matches, skipped;   /* since the last batch's end */
  double seconds;
} JRule;

typedef struct Plan {
  int nrules, nlits;
  int no_text;
  size_t tradmin;             /* a text with this many traditional characters takes the Lua path; 0: none does */
  int prefilter;              /* user value's UV_PREFILTER holds an automaton */
  int nlua;                   /* rules that are match functions */
  const char *rhash;          /* the rule set's hash */
  size_t rhashl;
  JRule *rules;               /* nrules, inside this userdata */
  Lit *lits;                  /* nlits, after the rules */
  char *buf;                  /* owned (malloc); the file being done, reused */
  size_t cap;                 /* bytes allocated at buf */
  size_t outlen;              /* bytes of the batch result written in the box at UV_OUT */
} Plan;

/* user value 1 of a plan: {regexes, factors, strings} (index = rule),
** the prefilter, the match functions' document maker, the batch result's box */
enum { UV_REGEX = 1, UV_FACTORS, UV_ANCHOR, UV_PREFILTER, UV_NEWDOC, UV_OUT };

static double now (void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* {====== plan ====== */

/* t.field as a string anchored in the anchor table (stack index a). */
static const char *anchored (lua_State *L, int t, const char *field, int a, size_t *len, int opt) {
  int ty = lua_getfield(L, t, field);
  if (ty == LUA_TNIL && opt) { lua_pop(L, 1); *len = 0; return NULL; }
  if (ty != LUA_TSTRING) luaL_error(L, "job.plan: field '%s' must be a string", field);
  const char *s = lua_tolstring(L, -1, len);
  lua_rawseti(L, a, (lua_Integer)luaL_len(L, a) + 1);
  return s;
}

static int scopeof (lua_State *L, int t) {
  static const char *const names[] = {"sentence", "clause", "line", "paragraph", "document", NULL};
  lua_getfield(L, t, "scope");
  int k = lua_isnil(L, -1) ? AY_SPAN_SENTENCE : luaL_checkoption(L, -1, NULL, names);
  lua_pop(L, 1);
  return k;
}

static int job_plan (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  if (lua_getfield(L, 1, "rules") != LUA_TTABLE) luaL_error(L, "job.plan: a rules array expected");
  int nr = (int)luaL_len(L, 2), nl = 0;            /* 2: rules */
  for (int i = 1; i <= nr; i++) {
    if (lua_rawgeti(L, 2, i) != LUA_TTABLE) luaL_error(L, "job.plan: rule %d is not a table", i);
    if (lua_getfield(L, -1, "need") == LUA_TTABLE) nl += (int)luaL_len(L, -1);
    lua_pop(L, 2);
  }
  size_t size = sizeof(Plan) + (size_t)nr * sizeof(JRule) + (size_t)nl * sizeof(Lit);
  Plan *pl = (Plan *)lua_newuserdatauv(L, size, 1);  /* 3 */
  memset(pl, 0, size);
  pl->nrules = nr; pl->nlits = nl;
  pl->rules = (JRule *)(pl + 1);
  pl->lits = (Lit *)(pl->rules + nr);
  luaL_setmetatable(L, AY_JOBPLAN);
  lua_createtable(L, 3, 0);                         /* 4: user value */
  lua_createtable(L, nr, 0); lua_rawseti(L, 4, UV_REGEX);
  lua_createtable(L, nr, 0); lua_rawseti(L, 4, UV_FACTORS);
  lua_createtable(L, 2 * nr + nl + 1, 0); lua_rawseti(L, 4, UV_ANCHOR);
  lua_pushvalue(L, 4);
  lua_setiuservalue(L, 3, 1);
  lua_rawgeti(L, 4, UV_REGEX);                      /* 5 */
  lua_rawgeti(L, 4, UV_FACTORS);                    /* 6 */
  lua_rawgeti(L, 4, UV_ANCHOR);                     /* 7 */
  pl->rhash = anchored(L, 1, "rules_hash", 7, &pl->rhashl, 0);
  lua_getfield(L, 1, "no_text");
  pl->no_text = lua_toboolean(L, -1);
  lua_pop(L, 1);
  lua_getfield(L, 1, "traditional_min");
  lua_Integer tm = luaL_optinteger(L, -1, 0);
  if (tm < 0) luaL_error(L, "job.plan: traditional_min must not be negative");
  pl->tradmin = (size_t)tm;
  lua_pop(L, 1);
  if (lua_getfield(L, 1, "prefilter") != LUA_TNIL) {
    luaL_checkudata(L, -1, "assay.prefilter");
    pl->prefilter = 1;
    lua_rawseti(L, 4, UV_PREFILTER);
  }
  else lua_pop(L, 1);
  if (lua_getfield(L, 1, "newdoc") != LUA_TNIL) {
    luaL_checktype(L, -1, LUA_TFUNCTION);
    lua_rawseti(L, 4, UV_NEWDOC);
  }
  else lua_pop(L, 1);
  int li = 0;
  for (int i = 1; i <= nr; i++) {
    JRule *r = &pl->rules[i - 1];
    lua_rawgeti(L, 2, i);                           /* 8: the rule */
    r->name = anchored(L, 8, "name", 7, &r->namel, 0);
    r->kind = anchored(L, 8, "kind", 7, &r->kindl, 1);
    r->scope = scopeof(L, 8);
    if (lua_getfield(L, 8, "match") != LUA_TNIL) {   /* a match function, run on a document object */
      luaL_checktype(L, -1, LUA_TFUNCTION);
      if (lua_rawgeti(L, 4, UV_NEWDOC) != LUA_TFUNCTION)
        luaL_error(L, "job.plan: rule %d is a match function: a newdoc function expected", i);
      lua_pop(L, 1);
      r->lua = 1;
      pl->nlua++;
    }
    else {
      lua_pop(L, 1);
      lua_getfield(L, 8, "regex");
      luaL_checkudata(L, -1, AY_REGEX);
    }
    lua_rawseti(L, 5, i);
    lua_getfield(L, 8, "factors");
    if (!lua_isnil(L, -1)) luaL_checktype(L, -1, LUA_TTABLE);
    lua_rawseti(L, 6, i);
    lua_getfield(L, 8, "numeric");
    r->numeric = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (lua_getfield(L, 8, "groups") == LUA_TTABLE) {
      lua_Integer ng = luaL_len(L, -1);
      if (ng > 2) luaL_error(L, "job.plan: at most 2 value groups");
      for (int g = 1; g <= (int)ng; g++) {
        lua_rawgeti(L, -1, g);
        r->groups[r->ng++] = (int)luaL_checkinteger(L, -1);
        lua_pop(L, 1);
      }
    }
    lua_pop(L, 1);
    r->need0 = li;
    if (lua_getfield(L, 8, "need") == LUA_TTABLE) {
      int n = (int)luaL_len(L, -1);
      for (int k = 1; k <= n && li < nl; k++) {
        if (lua_rawgeti(L, -1, k) != LUA_TSTRING) luaL_error(L, "job.plan: need literals must be strings");
        pl->lits[li].s = lua_tolstring(L, -1, &pl->lits[li].len);
        lua_rawseti(L, 7, (lua_Integer)luaL_len(L, 7) + 1);
        li++; r->nneed++;
      }
    }
    lua_pop(L, 2);                                  /* need, rule */
  }
  lua_settop(L, 3);
  return 1;
}
/* }====== */

/* {====== one document ====== */

/* Reads the regular file at path (NUL-terminated) into the plan's buffer:
** its size, or -1 when it cannot be read that way (the Lua path will say
** why).  Like host.readfile, up to the size fstat gave.  Nothing here can
** raise, so the descriptor cannot leak. */
static long long readinto (Plan *pl, const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);   /* a fifo must not block */
  if (fd < 0) return -1;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size >= 0x7fffffff) { close(fd); return -1; }
  size_t size = (size_t)st.st_size;
  if (pl->cap > AY_JOB_KEEP && size + 1 <= AY_JOB_KEEP) {   /* a big file's buffer goes */
    free(pl->buf);
    pl->buf = NULL; pl->cap = 0;
  }
  if (size + 1 > pl->cap) {
    size_t cap = pl->cap ? pl->cap : 65536;
    while (cap < size + 1) cap *= 2;
    char *nb = (char *)realloc(pl->buf, cap);
    if (nb == NULL) { close(fd); return -1; }
    pl->buf = nb; pl->cap = cap;
  }
  size_t got = 0;
  while (got < size) {
    ssize_t n = read(fd, pl->buf + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) { close(fd); return -1; }
    if (n == 0) break;
    got += (size_t)n;
  }
  close(fd);
  return (long long)got;
}

static int plan_gc (lua_State *L) {
  Plan *pl = (Plan *)luaL_checkudata(L, 1, AY_JOBPLAN);
  free(pl->buf);
  pl->buf = NULL; pl->cap = 0;
  return 0;
}

static int needsmet (const Plan *pl, const JRule *r, const char *s, size_t len) {
  for (int k = 0; k < r->nneed; k++) {
    const Lit *lit = &pl->lits[r->need0 + k];
    if (memmem(s, len, lit->s, lit->len) == NULL) return 0;
  }
  return 1;
}

/* The spans rule i (0-based) runs in: those of its scope (stack index
** spi) with the segments where none of its literals occurs emptied, pushed;
** the scope's hits (which rules' literals occur in which segment) are
** made once per document, at stack index *hi.  Returns the stack index of
** the spans and sets r->skip. */
static int prefiltered (lua_State *L, int pfi, int spi, int *hi, int i, JRule *r,
                        const char *s, size_t len) {
  if (*hi == 0) {
    size_t spl;
    const char *sp = lua_tolstring(L, spi, &spl);
    ay_prefilter_scan(L, pfi, s, len, sp, spl);
    *hi = lua_gettop(L);
  }
  r->skip = ay_prefilter_spans(L, pfi, *hi, spi, i + 1);
  return lua_gettop(L);
}

/* {====== the batch result ====== */

/* The box at t[UV_OUT] (t: the plan's user value, or job.batch's own
** table without a plan), pushed, written on after its first len bytes. */
static void outopen (lua_State *L, int t, size_t len, AyWb *w) {
  lua_rawgeti(L, t, UV_OUT);
  ay_wb_keep(L, w, -1, len);
}

/* The box the writing ended in (ay_wb_reserve may have grown it into a
** new one) kept at t[UV_OUT]; the bytes written.  A raise between outopen
** and outclose leaves t[UV_OUT] and its first len bytes as they were. */
static size_t outclose (lua_State *L, int t, AyWb *w) {
  lua_pushvalue(L, w->idx);
  lua_rawseti(L, t, UV_OUT);
  return w->len;
}

/* The u32 length of what follows it, written at byte at. */
static void setlen (AyWb *w, size_t at) {
  size_t n = w->len - at - 4;
  if (n > 0xFFFFFFFFu) luaL_error(w->L, "job.batch: a result of 4 GiB or more");
  ay_wb_setu32(w, at, (uint32_t)n);
}

/* s, framed, at the end of the batch result (t[UV_OUT], *len bytes). */
static void outadd (lua_State *L, int t, size_t *len, const char *s, size_t n) {
  AyWb w;
  outopen(L, t, *len, &w);
  size_t at = w.len;
  ay_wb_reserve(&w, 4 + n);
  ay_wb_u32(&w, 0);
  ay_wb_add(&w, s, n);
  setlen(&w, at);
  *len = outclose(L, t, &w);
  lua_pop(L, 1);
}
/* }====== */

/* fastdoc(plan, path, known_hash, known_rules, key) -> true (its result
** written at the end of the batch result: pl->outlen grew), "S"
** (unchanged), or nothing (the Lua path must do it).  Run under
** lua_pcall: a raise is a "nothing", the batch result as it was.
** key: the document's key (empty: the path). */
static int fastdoc (lua_State *L) {
  Plan *pl = (Plan *)lua_touserdata(L, 1);
  size_t pathl, khl, krl, keyl;
  const char *path = lua_tolstring(L, 2, &pathl);
  const char *kh = lua_tolstring(L, 3, &khl);
  const char *kr = lua_tolstring(L, 4, &krl);
  const char *key = lua_tolstring(L, 5, &keyl);
  if (keyl == 0) { key = path; keyl = pathl; }
  if (pathl == 0 || ay_read_format(path, pathl, NULL, 0) != AY_FMT_TXT) return 0;
  long long got = readinto(pl, path);
  if (got < 0) return 0;
  const char *s = pl->buf;
  size_t len = (size_t)got;
  size_t trad;
  if (!ay_read_plain(s, len, pl->tradmin, &trad)) return 0;
  if (pl->tradmin > 0 && trad >= pl->tradmin) return 0;
  char hash[16];
  uint64_t h = ay_hash64(s, len);
  for (int i = 15; i >= 0; i--) { hash[i] = "0123456789abcdef"[h & 15]; h >>= 4; }
  if (khl == 16 && memcmp(kh, hash, 16) == 0 && krl == pl->rhashl && memcmp(kr, pl->rhash, krl) == 0) {
    lua_pushliteral(L, "S");                        /* unchanged: skipped */
    return 1;
  }
  luaL_checkstack(L, pl->nrules + 2 * NSCOPES + 10, "too many rules");
  lua_getiuservalue(L, 1, 1);                       /* 6 */
  lua_rawgeti(L, 6, UV_REGEX);                      /* 7 */
  lua_rawgeti(L, 6, UV_FACTORS);                    /* 8 */
  lua_rawgeti(L, 6, UV_PREFILTER);                  /* 9 */
  int spans[NSCOPES] = {0};                         /* stack index of each scope's spans */
  int phits[NSCOPES] = {0};                         /* ... and of its prefilter hits */
  lua_Integer facts = 0;
  int docidx = 0;                                   /* the document object of match functions */
  for (int i = 0; i < pl->nrules; i++) {
    JRule *r = &pl->rules[i];
    r->ran = 0; r->hits = 0; r->secs = 0; r->at = 0; r->skip = 0;
    if (!needsmet(pl, r, s, len)) continue;
    double t0 = now();
    if (r->lua) {                                   /* match(doc), as engine.process runs it */
      if (docidx == 0) {
        lua_getiuservalue(L, 1, 1);
        lua_rawgeti(L, -1, UV_NEWDOC);
        lua_remove(L, -2);
        lua_pushlstring(L, s, len);
        ay_mark_plain(L, -1);                       /* checked (ay_read_plain): the regexes, the
                                                       splitter's fold need not check it */
        lua_call(L, 1, 1);
        docidx = lua_gettop(L);
      }
      lua_rawgeti(L, 7, i + 1);
      lua_pushvalue(L, docidx);
      lua_call(L, 1, 0);
      r->secs = now() - t0;
      r->ran = 1;
      continue;
    }
    if (spans[r->scope] == 0) {
      if (r->scope == SCOPE_DOC) {
        int32_t pair[2] = { 1, (int32_t)len };
        lua_pushlstring(L, (const char *)pair, len > 0 ? sizeof pair : 0);
      }
      else ay_pushspans(L, s, len, r->scope);
      spans[r->scope] = lua_gettop(L);
    }
    int spi = pl->prefilter ? prefiltered(L, 9, spans[r->scope], &phits[r->scope], i, r, s, len)
                            : spans[r->scope];
    size_t spl;
    const char *sp = lua_tolstring(L, spi, &spl);
    if (spl > 0) {                                  /* "": no segment has its literals */
      lua_rawgeti(L, 7, i + 1);
      r->hits = ay_regex_scan(L, -1, s, len, sp, spl, r->groups, r->ng);
      lua_remove(L, -2);                            /* the regex */
    }
    else lua_pushliteral(L, "");
    if (spi != spans[r->scope]) lua_remove(L, spi); /* the rule's spans */
    r->at = lua_gettop(L);
    r->secs = now() - t0;
    r->ran = 1;
    facts += r->hits;
  }
  /* the facts: one block per rule with hits, in rule order */
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int i = 0; i < pl->nrules; i++) {
    JRule *r = &pl->rules[i];
    if (r->hits == 0) continue;
    size_t hl;
    const char *hits = lua_tolstring(L, r->at, &hl);
    ay_pack_block(L, &b, r->name, r->namel, r->kind, r->kindl, s, hits, hl, 3 + 2 * r->ng,
                  r->numeric, 8, i + 1, NULL);
  }
  luaL_pushresult(&b);
  int blob = lua_gettop(L);
  if (lua_rawlen(L, blob) > 0xFFFFFFF0u) luaL_error(L, "job: facts too big to pack");   /* Lua path */
  /* the result, as assay.wire defines it */
  size_t e = pathl;                                 /* reader.basename */
  while (e > 0 && path[e - 1] == '/') e--;
  size_t a = e;
  while (a > 0 && path[a - 1] != '/') a--;
  AyWireDoc d;
  memset(&d, 0, sizeof d);
  d.key.s = key; d.key.len = keyl;
  d.name.s = a < e ? path + a : path; d.name.len = a < e ? e - a : pathl;
  d.path.s = path; d.path.len = pathl;
  d.text.s = s; d.text.len = pl->no_text ? 0 : len;
  d.hash.s = hash; d.hash.len = 16;
  d.enc.s = "UTF-8"; d.enc.len = 5;
  d.bytes = (int64_t)len;
  d.textok = 1;                                     /* ay_read_plain: valid UTF-8, no NUL */
  size_t bl;
  const char *bs = lua_tolstring(L, blob, &bl);
  int meta = 0;
  if (docidx) {
    lua_getfield(L, docidx, "meta");
    meta = lua_gettop(L);
  }
  AyWb w;                                           /* framed, at the end of the batch result */
  outopen(L, 6, pl->outlen, &w);
  size_t at = w.len;
  ay_wb_reserve(&w, 4 + d.text.len + bl + 1024);    /* the result's size, near enough: at most one growth */
  ay_wb_u32(&w, 0);
  ay_wire_result(&w, &d, (uint32_t)facts, bs, bl, 0, 0, 0, meta, 0, pl->no_text);
  setlen(&w, at);
  pl->outlen = outclose(L, 6, &w);
  lua_pushboolean(L, 1);
  for (int i = 0; i < pl->nrules; i++) {            /* done: the stats count */
    JRule *r = &pl->rules[i];
    if (!r->ran) continue;
    r->docs++; r->matches += r->hits; r->seconds += r->secs; r->skipped += r->skip;
  }
  return 1;
}
/* }====== */

/* {====== batch ====== */

/* acc[name] += the plan's stats since the last call; then zero them. */
static void flushstats (lua_State *L, Plan *pl, int acc) {
  for (int i = 0; i < pl->nrules; i++) {
    JRule *r = &pl->rules[i];
    if (r->docs == 0) continue;
    lua_pushlstring(L, r->name, r->namel);
    if (lua_rawget(L, acc) != LUA_TTABLE) {
      lua_pop(L, 1);
      lua_createtable(L, 0, 6);
      static const char *const zero[] = {"docs", "matches", "facts", "seconds", "errors", "skipped"};
      for (int k = 0; k < 6; k++) { lua_pushinteger(L, 0); lua_setfield(L, -2, zero[k]); }
      lua_pushlstring(L, r->name, r->namel);
      lua_pushvalue(L, -2);
      lua_rawset(L, acc);
    }
    struct { const char *f; lua_Number v; int isint; } add[] = {
      {"docs", (lua_Number)r->docs, 1}, {"matches", (lua_Number)r->matches, 1},
      {"facts", (lua_Number)r->matches, 1}, {"seconds", r->seconds, 0},
      {"skipped", (lua_Number)r->skipped, 1},
    };
    for (size_t k = 0; k < sizeof add / sizeof add[0]; k++) {
      if (lua_getfield(L, -1, add[k].f) == LUA_TNIL) { lua_pop(L, 1); lua_pushinteger(L, 0); }
      if (add[k].isint) lua_pushinteger(L, (lua_Integer)add[k].v);
      else lua_pushnumber(L, add[k].v);
      lua_arith(L, LUA_OPADD);
      lua_setfield(L, -2, add[k].f);
    }
    lua_pop(L, 1);
    r->docs = 0; r->matches = 0; r->seconds = 0; r->skipped = 0;
  }
}

static int job_batch (lua_State *L) {
  Plan *pl = lua_isnil(L, 1) ? NULL : (Plan *)luaL_checkudata(L, 1, AY_JOBPLAN);
  size_t jl;
  const char *j = luaL_checklstring(L, 2, &jl);
  luaL_checktype(L, 3, LUA_TFUNCTION);
  luaL_checktype(L, 4, LUA_TTABLE);
  if (!lua_isnoneornil(L, 5)) luaL_checktype(L, 5, LUA_TTABLE);
  int boxed = lua_toboolean(L, 6);
  uint32_t n;
  luaL_argcheck(L, ay_wire_batch(j, jl, &n), 2, "a batch job expected");
  size_t pos = 5;
  lua_settop(L, 5);
  if (pl)                                           /* what a batch that raised left behind */
    for (int i = 0; i < pl->nrules; i++) {
      pl->rules[i].docs = 0; pl->rules[i].matches = 0; pl->rules[i].seconds = 0; pl->rules[i].skipped = 0;
    }
  if (pl) lua_getiuservalue(L, 1, 1);               /* 6: keeps the result's box */
  else lua_createtable(L, 0, 1);
  if (lua_rawgeti(L, 6, UV_OUT) != LUA_TUSERDATA || lua_rawlen(L, -1) > AY_JOB_KEEP) {
    AyWb w;                                         /* none yet, or one a big batch left */
    ay_wb_init(L, &w);
    ay_wb_reserve(&w, 65536);
    lua_rawseti(L, 6, UV_OUT);
  }
  lua_settop(L, 6);
  AyWb w;
  outopen(L, 6, 0, &w);
  ay_wb_add(&w, j, 5);                              /* "M" and the count, as the job's */
  size_t olen = outclose(L, 6, &w);
  lua_settop(L, 6);
  lua_Integer nc = 0;
  for (uint32_t i = 0; i < n; i++) {
    const char *sub;
    size_t sl;
    if (!ay_wire_next(j, jl, &pos, &sub, &sl)) luaL_error(L, "job.batch: the batch is truncated");
    int got = 0;
    AyStr path, kh, kr, key;
    if (pl && ay_wire_filejob(sub, sl, &path, &kh, &kr, &key)) {
      pl->outlen = olen;
      lua_pushcfunction(L, fastdoc);
      lua_pushvalue(L, 1);
      lua_pushlstring(L, path.s, path.len);
      lua_pushlstring(L, kh.s, kh.len);
      lua_pushlstring(L, kr.s, kr.len);
      lua_pushlstring(L, key.s, key.len);
      int st = lua_pcall(L, 5, 1, 0);               /* 7: "S", true (written) or not done */
      got = st == LUA_OK && (lua_type(L, -1) == LUA_TSTRING || lua_toboolean(L, -1));
      if (got && lua_type(L, -1) != LUA_TSTRING) olen = pl->outlen;
      if (got) nc++;
    }
    if (!got) {                                     /* the Lua path: one(job, acc) */
      lua_settop(L, 6);
      lua_pushvalue(L, 3);
      lua_pushlstring(L, sub, sl);
      lua_pushvalue(L, 4);
      if (lua_pcall(L, 2, 1, 0) != LUA_OK || lua_type(L, -1) != LUA_TSTRING) {
        const char *msg = luaL_tolstring(L, -1, NULL);
        lua_pushfstring(L, "X%s", msg);
        lua_replace(L, -3);
        lua_pop(L, 1);
      }
    }
    if (lua_type(L, -1) == LUA_TSTRING) {           /* "S", or the Lua path's */
      size_t rl;
      const char *r = lua_tolstring(L, -1, &rl);
      if (rl > 0xFFFFFFFFu) luaL_error(L, "job.batch: result %d is over 4 GiB", (int)i + 1);
      outadd(L, 6, &olen, r, rl);
    }
    lua_settop(L, 6);
  }
  if (pl) flushstats(L, pl, 4);
  outopen(L, 6, olen, &w);
  ay_wire_stats(&w, 4, lua_isnil(L, 5) ? 0 : 5);
  olen = outclose(L, 6, &w);
  if (boxed) {
    lua_pushvalue(L, w.idx);
    lua_pushinteger(L, (lua_Integer)olen);
  }
  else lua_pushlstring(L, w.p, olen);
  lua_pushinteger(L, nc);
  return boxed ? 3 : 2;
}
/* }====== */

static const luaL_Reg funcs[] = {
  {"plan", job_plan}, {"batch", job_batch}, {NULL, NULL}
};

int luaopen_assay_job (lua_State *L) {
  luaL_newmetatable(L, AY_JOBPLAN);
  lua_pushcfunction(L, plan_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  luaL_newlib(L, funcs);
  return 1;
}
