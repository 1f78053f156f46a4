/*
** lre.c: PCRE2 (8-bit, UTF mode) for Lua -> require "assay.re".
**
** Lua names:
**   re.compile(p [, flags]) -> regex ("assay.regex")
**   r:find r:match r:exec r:gmatch r:gfind r:gsub r:split r:count r:partial
**   r:limits r:groups r:pattern r:flags r:jit r:close, __gc __close __tostring
**   re.find re.match re.exec re.gmatch re.gfind re.gsub re.split re.count
**     (pattern string or regex; strings go through a bounded cache)
**   re.escape re.version re.limits re.usejit, field re.jit
**
** Positions are 1-based inclusive byte offsets, like string.find.  Subjects
** may hold invalid UTF-8: such bytes never match, they never raise.
**
** Raises: bad arguments (luaL_argerror), "re.compile: MSG at offset N in
** 'P'", "re: match limit exceeded (limit is N)", "re: depth limit exceeded
** (limit is N)", "re: MSG" for any other PCRE2 match error, "regex is
** closed".  Nothing here returns nil+msg: no match is plain nil.
**
** Limits: AY_MATCH_LIMIT / AY_DEPTH_LIMIT (per regex, r:limits / re.limits),
** AY_MAX_PATTERN_CACHE compiled patterns kept for the re.* functions,
** AY_JIT_STACK_MAX bytes of JIT stack per regex.
**
** Speed (measured on the bench corpus): a JIT code compiled with
** PCRE2_MATCH_INVALID_UTF needs no validation but scans 30-80 % slower than
** plain JIT; validating a subject costs about one plain JIT scan; in the
** interpreter MATCH_INVALID_UTF re-validates from the start offset to the
** end of the subject on every call (NO_UTF_CHECK is ignored there), which
** makes find loops quadratic.  Hence each regex has two codes: `code`
** (plain, for subjects known valid, run with the UTF check off) and
** `code_inv` (MATCH_INVALID_UTF, compiled on first need).  The state
** remembers its last subject: the first pass over a new subject runs
** code_inv unvalidated (JIT only); a second pass over the same subject
** (a find loop, the next rule on the same sentence) validates it once and
** runs `code` from then on.  Without JIT every subject is validated first.
** A C caller that knows its subject is valid but for its last character,
** cut (AY_CUT_UTF8: a text's start cut at a byte count), gets `code` on the
** valid part with PCRE2_NOTEOL where that finds the same (cutsafe).
*/
#include <stdalign.h>
#include <stddef.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "assay.h"

/* JIT code scans with 16-byte loads that may run past the end of a subject
** (never across a page, so harmless); valgrind reports each one.  Under
** valgrind the module runs the interpreter. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#if !defined(RUNNING_ON_VALGRIND)
#define RUNNING_ON_VALGRIND 0
#endif

#if !defined(AY_JIT_STACK_MAX)
#define AY_JIT_STACK_MAX (8 * 1024 * 1024)   /* bytes of JIT stack a regex may grow to */
#endif

#define NOPOS ((size_t)-1)

struct ReState;

typedef struct Regex {
  pcre2_code *code;            /* owned; NULL once closed; for valid UTF-8 subjects */
  pcre2_code *code_inv;        /* owned; twin with MATCH_INVALID_UTF, made on first need */
  pcre2_match_data *md;        /* owned; reused by every match on this regex */
  pcre2_match_context *mctx;   /* owned; limits and JIT stack */
  pcre2_jit_stack *jstack;     /* owned; created on the first JIT stack overflow */
  pcre2_general_context *gctx; /* owned; routes PCRE2 memory to the Lua allocator */
  PCRE2_SIZE *ov;              /* borrowed from md */
  lua_Alloc allocf;            /* the state's allocator, for PCRE2's memory */
  void *allocud;               /* its user data (AyState under host.c) */
  struct ReState *st;          /* module state, kept alive by user value 2 */
  uint32_t copts;              /* pcre2_compile options (without MATCH_INVALID_UTF) */
  uint32_t match_limit;        /* PCRE2 match limit, in backtracks */
  uint32_t depth_limit;        /* PCRE2 depth limit (interpreter only) */
  int ngroups;                 /* capture groups, not counting group 0 */
  int wantjit;                 /* JIT was on when compiled: JIT code_inv too */
  int jit;                     /* 1 when code is JIT-compiled (complete mode) */
  int jit_inv;                 /* 1 when code_inv is JIT-compiled */
  int cutsafe;                 /* see cutsafe(): 0 not known yet, 1 yes, -1 no */
  char flags[12];              /* flag letters, canonical order, NUL-terminated */
} Regex;

/* Module state, one per lua_State: upvalue 1 of every re.* function and
** user value 2 of every regex. */
typedef struct ReState {
  uint32_t match_limit;        /* default for regexes compiled afterwards */
  uint32_t depth_limit;        /* idem */
  int usejit;                  /* 0: compile new regexes for the interpreter */
  int locked;                  /* 1 after re.lock_limits: limits may only go down */
  uint32_t max_match;          /* when locked: the ceilings */
  uint32_t max_depth;
  lua_Integer next;            /* cache ring slot to fill next, 1..AY_MAX_PATTERN_CACHE */
  const char *vsubj;           /* last subject, kept alive by user value 1 */
  size_t vlen;                 /* its length in bytes; NOPOS when none */
  int vstate;                  /* what is known of vsubj: SEEN, VALID or INVALID */
} ReState;

enum { SEEN, VALID, INVALID };      /* ReState.vstate */
enum { USE_CODE, USE_INV };         /* which of a regex's codes a pass runs */

static const char CACHEKEY = 'c';   /* registry[&CACHEKEY] = the pattern cache */
static const char FLAGLETTERS[] = "ixmsuUAD";
static const uint32_t FLAGOPTS[] = {
  PCRE2_CASELESS, PCRE2_EXTENDED, PCRE2_MULTILINE, PCRE2_DOTALL, PCRE2_UCP,
  PCRE2_UNGREEDY, PCRE2_ANCHORED, PCRE2_DOLLAR_ENDONLY
};

static int jit_available (void) {
  uint32_t v = 0;
  return pcre2_config(PCRE2_CONFIG_JIT, &v) >= 0 && v == 1 && !RUNNING_ON_VALGRIND;
}


/*
** {======================================================
** PCRE2 memory through the Lua allocator
** =======================================================
*/

/* PCRE2's free gets no size and the Lua allocator wants one: keep it in a
** header sized to preserve malloc alignment. */
typedef union MemHdr { size_t size; max_align_t align; } MemHdr;

static void *pmalloc (PCRE2_SIZE size, void *data) {
  Regex *rx = (Regex *)data;
  MemHdr *h = (MemHdr *)rx->allocf(rx->allocud, NULL, 0, sizeof(MemHdr) + size);
  if (h == NULL) return NULL;   /* PCRE2 reports "no memory"; budget refusals land here */
  h->size = size;
  return h + 1;
}

static void pfree (void *p, void *data) {
  Regex *rx = (Regex *)data;
  if (p == NULL) return;
  MemHdr *h = (MemHdr *)p - 1;
  rx->allocf(rx->allocud, h, sizeof(MemHdr) + h->size, 0);
}
/* }====================================================== */


/*
** {======================================================
** Regex objects
** =======================================================
*/

/* Leaves a new, empty (closed-looking) regex on the stack: valid for __gc
** before anything is acquired. */
static Regex *newregex (lua_State *L) {
  Regex *rx = (Regex *)lua_newuserdatauv(L, sizeof(Regex), 2);
  memset(rx, 0, sizeof *rx);
  rx->allocf = lua_getallocf(L, &rx->allocud);
  luaL_setmetatable(L, AY_REGEX);
  return rx;
}

static void freeregex (Regex *rx) {
  pcre2_match_data_free(rx->md);        rx->md = NULL; rx->ov = NULL;
  pcre2_match_context_free(rx->mctx);   rx->mctx = NULL;
  pcre2_jit_stack_free(rx->jstack);     rx->jstack = NULL;
  pcre2_code_free(rx->code_inv);        rx->code_inv = NULL;
  pcre2_code_free(rx->code);            rx->code = NULL;
  pcre2_general_context_free(rx->gctx); rx->gctx = NULL;
}

static Regex *torx (lua_State *L, int idx) {
  Regex *rx = (Regex *)luaL_checkudata(L, idx, AY_REGEX);
  luaL_argcheck(L, rx->code != NULL, idx, "regex is closed");
  return rx;
}

/* Translate flag letters into compile options and the canonical letters. */
static uint32_t parseflags (lua_State *L, const char *fl, int arg, char *canon) {
  uint32_t opts = 0;
  for (const char *c = fl; *c; c++) {
    const char *p = strchr(FLAGLETTERS, *c);
    if (p == NULL)
      luaL_argerror(L, arg, lua_pushfstring(L, "unknown flag '%c' (flags are %s)",
                                            *c, FLAGLETTERS));
    opts |= FLAGOPTS[p - FLAGLETTERS];
  }
  int n = 0;
  for (int i = 0; FLAGLETTERS[i]; i++)
    if (opts & FLAGOPTS[i]) canon[n++] = FLAGLETTERS[i];
  canon[n] = '\0';
  return opts;
}

/* pcre2_compile through rx's allocator; NULL with *err, *off on failure. */
static pcre2_code *compilecode (Regex *rx, const char *p, size_t pl, uint32_t opts,
                                int *err, PCRE2_SIZE *off) {
  pcre2_compile_context *cc = pcre2_compile_context_create(rx->gctx);
  if (cc == NULL) { *err = PCRE2_ERROR_NOMEMORY; *off = 0; return NULL; }
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)p, pl, opts, err, off, cc);
  pcre2_compile_context_free(cc);
  return code;
}

static int pcre2error (lua_State *L, const char *prefix, int rc) {
  PCRE2_UCHAR buf[256];
  if (pcre2_get_error_message(rc, buf, sizeof buf) < 0)
    return luaL_error(L, "%s: PCRE2 error %d", prefix, rc);
  return luaL_error(L, "%s: %s", prefix, (const char *)buf);
}

/* Compile pattern p (the string at stack index pi) into the new regex rx at
** the top of the stack; upvalue 1 must be the ReState.  Raises on a bad
** pattern or flag, or when out of memory; rx's __gc frees whatever was
** acquired. */
static void compileregex (lua_State *L, Regex *rx, int pi, const char *fl, int flarg) {
  size_t pl;
  const char *p = lua_tolstring(L, pi, &pl);
  ReState *st = (ReState *)lua_touserdata(L, lua_upvalueindex(1));
  uint32_t opts = parseflags(L, fl, flarg, rx->flags) | PCRE2_UTF;
  lua_pushvalue(L, pi);
  lua_setiuservalue(L, -2, 1);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_setiuservalue(L, -2, 2);
  rx->st = st;
  rx->gctx = pcre2_general_context_create(pmalloc, pfree, rx);
  if (rx->gctx == NULL) luaL_error(L, "re.compile: not enough memory");
  rx->copts = opts;
  rx->wantjit = st->usejit && jit_available();
  int err; PCRE2_SIZE off;
  rx->code = compilecode(rx, p, pl, opts, &err, &off);
  if (rx->code == NULL) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(err, buf, sizeof buf);
    luaL_error(L, "re.compile: %s at offset %d in '%s'", (const char *)buf, (int)off, p);
  }
  /* a pattern JIT can't handle (pcre2_jit_compile fails) runs interpreted */
  rx->jit = rx->wantjit && pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE) == 0;
  uint32_t n = 0;
  pcre2_pattern_info(rx->code, PCRE2_INFO_CAPTURECOUNT, &n);
  rx->ngroups = (int)n;
  rx->md = pcre2_match_data_create_from_pattern(rx->code, rx->gctx);
  rx->mctx = pcre2_match_context_create(rx->gctx);
  if (rx->md == NULL || rx->mctx == NULL) luaL_error(L, "re.compile: not enough memory");
  rx->ov = pcre2_get_ovector_pointer(rx->md);
  rx->match_limit = st->match_limit;
  rx->depth_limit = st->depth_limit;
  pcre2_set_match_limit(rx->mctx, rx->match_limit);
  pcre2_set_depth_limit(rx->mctx, rx->depth_limit);
}
/* }====================================================== */


/*
** {======================================================
** Matching
** =======================================================
*/

static int iscont (unsigned char c) { return (c & 0xC0) == 0x80; }

/* First offset >= off that is not a UTF-8 continuation byte: a match never
** starts inside a character. */
static size_t charstart (const char *s, size_t len, size_t off) {
  while (off < len && iscont((unsigned char)s[off])) off++;
  return off;
}

/* Offset of the character after the one at off (len + 1 at the end). */
static size_t nextchar (const char *s, size_t len, size_t off) {
  if (off >= len) return len + 1;
  return charstart(s, len, off + 1);
}

static int matcherror (lua_State *L, Regex *rx, int rc) {
  if (rc == PCRE2_ERROR_MATCHLIMIT)
    return luaL_error(L, "re: match limit exceeded (limit is %I)", (lua_Integer)rx->match_limit);
  if (rc == PCRE2_ERROR_DEPTHLIMIT)
    return luaL_error(L, "re: depth limit exceeded (limit is %I)", (lua_Integer)rx->depth_limit);
  if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
    return luaL_error(L, "re: JIT stack limit exceeded (limit is %I bytes)",
                      (lua_Integer)AY_JIT_STACK_MAX);
  return pcre2error(L, "re", rc);
}

/* The MATCH_INVALID_UTF twin, compiled on first need. */
static pcre2_code *invcode (lua_State *L, Regex *rx, int rxi) {
  if (rx->code_inv == NULL) {
    size_t pl; int err; PCRE2_SIZE off;
    lua_getiuservalue(L, rxi, 1);
    const char *p = lua_tolstring(L, -1, &pl);
    rx->code_inv = compilecode(rx, p, pl, rx->copts | PCRE2_MATCH_INVALID_UTF, &err, &off);
    lua_pop(L, 1);
    if (rx->code_inv == NULL) pcre2error(L, "re", err);
    /* interpreter only: PCRE2 10.42's JIT with MATCH_INVALID_UTF gets some
    ** classes wrong (\S fails on 战); correct beats fast for the rare
    ** subject that is not valid UTF-8 */
    rx->jit_inv = 0;
  }
  return rx->code_inv;
}

/* Choose the code for a pass of rx over subject s (stack index si); see the
** header.  The state's user value keeps its last subject alive, so an
** equal pointer means the same string. */
static int pickcode (lua_State *L, Regex *rx, int rxi, int si, const char *s, size_t len) {
  ReState *st = rx->st;
  if (s != st->vsubj || len != st->vlen) {
    lua_getiuservalue(L, rxi, 2);
    lua_pushvalue(L, si);
    lua_setiuservalue(L, -2, 1);
    lua_pop(L, 1);
    st->vsubj = s; st->vlen = len;
    st->vstate = SEEN;
    /* No first pass with the MATCH_INVALID_UTF code: PCRE2 10.42's JIT
    ** gets some classes wrong there (\S does not match 战), so a valid
    ** subject must always run the plain code.  Validating costs ~0.05 s
    ** per 100 MB. */
  }
  if (st->vstate == SEEN)
    /* ay_utf8_check is exactly as strict as PCRE2 (no overlongs, surrogates
    ** or code points past U+10FFFF): a subject that passes is matched with
    ** the UTF check off */
    st->vstate = ay_is_marked_valid(L, s, len) || ay_utf8_check(s, len) == len ? VALID : INVALID;
  if (st->vstate == VALID) return USE_CODE;
  invcode(L, rx, rxi);
  return USE_INV;
}

/* One match attempt of rx (stack index rxi) on subject s (stack index si)
** from byte offset off (a character start), with the code pickcode chose
** for this pass (use).  Returns >= 0 on a match (the
** ovector is in rx->ov), PCRE2_ERROR_NOMATCH, or PCRE2_ERROR_PARTIAL when
** opts asks for it; raises on every other outcome.  Partial matching runs
** through pcre2_match: without a partial JIT mode it falls back to the
** interpreter, which is fine for a diagnostic. */
static int domatch (lua_State *L, Regex *rx, const char *s, size_t len, size_t off,
                    uint32_t opts, int use) {
  int valid = use == USE_CODE;
  pcre2_code *code = valid ? rx->code : rx->code_inv;
  int jit = valid ? rx->jit : rx->jit_inv;
  int rc;
  for (;;) {
    if (jit && !(opts & PCRE2_PARTIAL_HARD))
      rc = pcre2_jit_match(code, (PCRE2_SPTR)s, len, off, opts, rx->md, rx->mctx);
    else
      rc = pcre2_match(code, (PCRE2_SPTR)s, len, off, valid ? opts | PCRE2_NO_UTF_CHECK : opts,
                       rx->md, rx->mctx);
    if (rc != PCRE2_ERROR_JIT_STACKLIMIT || rx->jstack != NULL) break;
    /* the default 32 KiB machine stack was too small: give this regex a growable one */
    rx->jstack = pcre2_jit_stack_create(32 * 1024, AY_JIT_STACK_MAX, rx->gctx);
    if (rx->jstack == NULL) break;
    pcre2_jit_stack_assign(rx->mctx, NULL, rx->jstack);
  }
  if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH || (rc == PCRE2_ERROR_PARTIAL && (opts & PCRE2_PARTIAL_HARD)))
    return rc;
  return matcherror(L, rx, rc);
}

/* Iteration state shared by gmatch, gfind, gsub, split and count.  Like Lua
** 5.4's string.gmatch, an empty match right where the previous match ended
** is rejected, and the search moves on by one character. */
typedef struct Iter {
  size_t pos;       /* where the next search starts; > len when done */
  size_t lastend;   /* end of the last accepted match, NOPOS before the first */
  int use;          /* the code for this pass: USE_CODE, USE_INV; -1 before the first */
} Iter;

/* Next accepted match: 1 with rx->ov set, 0 when there is none. */
static int nextmatch (lua_State *L, Regex *rx, int rxi, int si, const char *s, size_t len,
                      Iter *it) {
  if (it->use < 0)
    it->use = pickcode(L, rx, rxi, si, s, len);
  while (it->pos <= len) {
    int rc = domatch(L, rx, s, len, it->pos, 0, it->use);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    size_t ms = rx->ov[0], me = rx->ov[1];
    if (me <= ms && me == it->lastend) {
      it->pos = nextchar(s, len, me);
      continue;
    }
    size_t next = me > ms ? me : nextchar(s, len, me);
    if (next <= it->pos) next = nextchar(s, len, it->pos);   /* always progress */
    it->lastend = me;
    it->pos = next;
    return 1;
  }
  it->pos = len + 1;
  return 0;
}

/* Push capture i (0 = whole match) of the last match, false when unset. */
static void pushcap (lua_State *L, Regex *rx, const char *s, int rc, int i) {
  PCRE2_SIZE a = rx->ov[2 * i], b = rx->ov[2 * i + 1];
  if (i < rc && a != PCRE2_UNSET && b >= a) lua_pushlstring(L, s + a, b - a);
  else lua_pushboolean(L, 0);
}

/* Push the captures, or the whole match when the pattern has none. */
static int pushcaps (lua_State *L, Regex *rx, const char *s, int rc) {
  if (rx->ngroups == 0) { pushcap(L, rx, s, rc ? rc : 1, 0); return 1; }
  luaL_checkstack(L, rx->ngroups, "too many captures");
  for (int i = 1; i <= rx->ngroups; i++) pushcap(L, rx, s, rc, i);
  return rx->ngroups;
}

/* The match count rc as pushcap wants it (0 means the ovector was too small,
** which can't happen with match data made from the pattern). */
static int fixrc (Regex *rx, int rc) { return rc == 0 ? rx->ngroups + 1 : rc; }

/* init argument like string.find: 1-based, negative from the end.  Returns
** a byte offset, or NOPOS when init is past len + 1. */
static size_t initpos (lua_State *L, int arg, const char *s, size_t len) {
  lua_Integer i = luaL_optinteger(L, arg, 1);
  size_t off;
  if (i > 0) {
    if ((lua_Unsigned)i - 1 > (lua_Unsigned)len) return NOPOS;
    off = (size_t)i - 1;
  }
  else if (i == 0 || (lua_Unsigned)(-(i + 1)) >= (lua_Unsigned)len) off = 0;
  else off = len - (size_t)(-(i + 1)) - 1;
  return charstart(s, len, off);
}

/* Pushes the regex's group names table {name = index}. */
static void pushnames (lua_State *L, Regex *rx) {
  uint32_t count = 0, esize = 0;
  PCRE2_SPTR table = NULL;
  pcre2_pattern_info(rx->code, PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(rx->code, PCRE2_INFO_NAMEENTRYSIZE, &esize);
  pcre2_pattern_info(rx->code, PCRE2_INFO_NAMETABLE, &table);
  lua_createtable(L, 0, (int)count);
  for (uint32_t k = 0; k < count; k++) {
    PCRE2_SPTR e = table + (size_t)k * esize;
    lua_pushinteger(L, (e[0] << 8) | e[1]);
    lua_setfield(L, -2, (const char *)e + 2);
  }
}
/* }====================================================== */


/*
** {======================================================
** Operations shared by methods and module functions.  rxi is the regex's
** stack index, si the subject's; other arguments are stack indices too.
** =======================================================
*/

enum { FIND, MATCH, EXEC };

/* Optional end bound at stack index stopi: the subject is then s[1..stop]
** (a sentence of a document, matched in place).  Kept on a character
** boundary, so a plain-code pass never sees a cut character. */
static size_t stoppos (lua_State *L, int stopi, const char *s, size_t len) {
  if (stopi == 0) return len;
  lua_Integer e = luaL_optinteger(L, stopi, (lua_Integer)len);
  if (e < 0) e = (lua_Integer)len + e + 1;
  if (e < 0) e = 0;
  if ((lua_Unsigned)e >= (lua_Unsigned)len) return len;
  return charstart(s, len, (size_t)e);
}

static void setcaps (lua_State *L, Regex *rx, const char *s, int rc, uint32_t namecount);

static int findaux (lua_State *L, Regex *rx, int rxi, int si, int initi, int stopi, int what) {
  size_t full;
  const char *s = lua_tolstring(L, si, &full);
  size_t len = stoppos(L, stopi, s, full);
  size_t off = initpos(L, initi, s, len);
  if (off == NOPOS) { lua_pushnil(L); return 1; }
  int rc = domatch(L, rx, s, len, off, 0, pickcode(L, rx, rxi, si, s, full));
  if (rc == PCRE2_ERROR_NOMATCH) { lua_pushnil(L); return 1; }
  rc = fixrc(rx, rc);
  if (what == MATCH) return pushcaps(L, rx, s, rc);
  lua_pushinteger(L, (lua_Integer)rx->ov[0] + 1);
  lua_pushinteger(L, (lua_Integer)rx->ov[1]);
  if (what == FIND) {
    if (rx->ngroups == 0) return 2;
    return 2 + pushcaps(L, rx, s, rc);
  }
  uint32_t namecount = 0;
  pcre2_pattern_info(rx->code, PCRE2_INFO_NAMECOUNT, &namecount);
  lua_createtable(L, rx->ngroups, (int)namecount);
  setcaps(L, rx, s, rc, namecount);
  return 3;
}

/* Set the captures of the last match (rc from fixrc) in the table on the
** stack top: [i] = capture i or false, [name] = named capture. */
static void setcaps (lua_State *L, Regex *rx, const char *s, int rc, uint32_t namecount) {
  for (int i = 1; i <= rx->ngroups; i++) {
    pushcap(L, rx, s, rc, i);
    lua_rawseti(L, -2, i);
  }
  if (namecount > 0) {
    uint32_t esize = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(rx->code, PCRE2_INFO_NAMEENTRYSIZE, &esize);
    pcre2_pattern_info(rx->code, PCRE2_INFO_NAMETABLE, &table);
    for (uint32_t k = 0; k < namecount; k++) {
      PCRE2_SPTR e = table + (size_t)k * esize;
      const char *name = (const char *)e + 2;
      /* duplicate names (?J) share one key: a set group wins over an unset one */
      if (lua_getfield(L, -1, name) == LUA_TSTRING) { lua_pop(L, 1); continue; }
      lua_pop(L, 1);
      pushcap(L, rx, s, rc, (e[0] << 8) | e[1]);
      lua_setfield(L, -2, name);
    }
  }
}

/* gmatch/gfind iterator; upvalues: regex, subject, Iter userdata, withpos. */
static int gmatch_iter (lua_State *L) {
  Regex *rx = (Regex *)lua_touserdata(L, lua_upvalueindex(1));
  Iter *it = (Iter *)lua_touserdata(L, lua_upvalueindex(3));
  size_t len;
  const char *s = lua_tolstring(L, lua_upvalueindex(2), &len);
  if (rx->code == NULL) return luaL_error(L, "regex is closed");
  if (!nextmatch(L, rx, lua_upvalueindex(1), lua_upvalueindex(2), s, len, it)) return 0;
  int rc = fixrc(rx, rx->ngroups + 1);    /* every group may be reported */
  if (lua_toboolean(L, lua_upvalueindex(4))) {
    lua_pushinteger(L, (lua_Integer)rx->ov[0] + 1);
    lua_pushinteger(L, (lua_Integer)rx->ov[1]);
    if (rx->ngroups == 0) return 2;
    return 2 + pushcaps(L, rx, s, rc);
  }
  return pushcaps(L, rx, s, rc);
}

static int gmatchaux (lua_State *L, int rxi, int si, int initi, int withpos) {
  size_t len;
  const char *s = lua_tolstring(L, si, &len);
  size_t off = initpos(L, initi, s, len);
  lua_pushvalue(L, rxi);
  lua_pushvalue(L, si);                   /* keep s as upvalue: positions point into it */
  Iter *it = (Iter *)lua_newuserdatauv(L, sizeof(Iter), 0);
  it->pos = off == NOPOS ? len + 1 : off;
  it->lastend = NOPOS;
  it->use = -1;
  lua_pushboolean(L, withpos);
  lua_pushcclosure(L, gmatch_iter, 4);
  return 1;
}

/* Append the expansion of template string t for the current match. */
static void addtemplate (lua_State *L, luaL_Buffer *b, Regex *rx, const char *s, int rc,
                         const char *t, size_t tl) {
  const char *end = t + tl;
  while (t < end) {
    const char *pct = memchr(t, '%', (size_t)(end - t));
    if (pct == NULL) { luaL_addlstring(b, t, (size_t)(end - t)); break; }
    luaL_addlstring(b, t, (size_t)(pct - t));
    t = pct + 1;
    if (t >= end) luaL_error(L, "invalid use of '%%' in replacement string");
    int g;
    if (*t == '%') { luaL_addchar(b, '%'); t++; continue; }
    if (*t >= '0' && *t <= '9') {
      g = *t - '0';
      if (g == 1 && rx->ngroups == 0) g = 0;   /* like string.gsub: %1 is the match */
      else if (g > rx->ngroups)
        luaL_error(L, "invalid capture index %%%d in replacement string", g);
      t++;
    }
    else if (*t == '{') {
      const char *close = memchr(t, '}', (size_t)(end - t));
      if (close == NULL || close - t - 1 > 32 || close == t + 1)
        luaL_error(L, "invalid use of '%%' in replacement string");
      char name[34];
      memcpy(name, t + 1, (size_t)(close - t - 1));
      name[close - t - 1] = '\0';
      PCRE2_SPTR first, last;
      int esize = pcre2_substring_nametable_scan(rx->code, (PCRE2_SPTR)name, &first, &last);
      if (esize < 0) luaL_error(L, "unknown group name '%s' in replacement string", name);
      g = (first[0] << 8) | first[1];
      for (PCRE2_SPTR e = first; e <= last; e += esize) {   /* (?J): the first set one */
        int k = (e[0] << 8) | e[1];
        if (k < rc && rx->ov[2 * k] != PCRE2_UNSET) { g = k; break; }
      }
      t = close + 1;
    }
    else {
      luaL_error(L, "invalid use of '%%' in replacement string");
      return;
    }
    if (g < rc && rx->ov[2 * g] != PCRE2_UNSET && rx->ov[2 * g + 1] >= rx->ov[2 * g])
      luaL_addlstring(b, s + rx->ov[2 * g], rx->ov[2 * g + 1] - rx->ov[2 * g]);
  }
}

static int gsubaux (lua_State *L, Regex *rx, int rxi, int si, int repli, int ni) {
  size_t len;
  const char *s = lua_tolstring(L, si, &len);
  int rt = lua_type(L, repli);
  lua_Integer maxn = luaL_optinteger(L, ni, LUA_MAXINTEGER);
  luaL_argexpected(L, rt == LUA_TNUMBER || rt == LUA_TSTRING || rt == LUA_TTABLE ||
                   rt == LUA_TFUNCTION, repli, "string/function/table");
  size_t tl = 0;
  const char *t = (rt == LUA_TSTRING || rt == LUA_TNUMBER) ? lua_tolstring(L, repli, &tl) : NULL;
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  Iter it = { 0, NOPOS, -1 };
  size_t copied = 0;                 /* s[0..copied) is in the buffer */
  lua_Integer n = 0;
  int changed = 0;
  while (n < maxn && nextmatch(L, rx, rxi, si, s, len, &it)) {
    size_t ms = rx->ov[0], me = rx->ov[1];
    int rc = fixrc(rx, rx->ngroups + 1);
    n++;
    luaL_addlstring(&b, s + copied, ms - copied);
    copied = me;
    if (t != NULL) {
      addtemplate(L, &b, rx, s, rc, t, tl);
      changed = 1;
      continue;
    }
    if (rt == LUA_TTABLE) {
      pushcap(L, rx, s, rc, rx->ngroups ? 1 : 0);
      lua_gettable(L, repli);
    }
    else {
      lua_pushvalue(L, repli);
      int k = pushcaps(L, rx, s, rc);
      lua_call(L, k, 1);
    }
    /* Lua code (the function, an __index) may have closed or re-used rx:
    ** only ms and me survive */
    if (rx->code == NULL) luaL_error(L, "regex is closed");
    if (!lua_toboolean(L, -1)) {
      lua_pop(L, 1);
      luaL_addlstring(&b, s + ms, me - ms);
    }
    else if (!lua_isstring(L, -1))
      luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    else {
      luaL_addvalue(&b);
      changed = 1;
    }
  }
  if (!changed) {
    lua_pushvalue(L, si);            /* nothing changed: the input itself */
  }
  else {
    luaL_addlstring(&b, s + copied, len - copied);
    luaL_pushresult(&b);
  }
  lua_pushinteger(L, n);
  return 2;
}

static int splitaux (lua_State *L, Regex *rx, int rxi, int si, int maxi) {
  size_t len;
  const char *s = lua_tolstring(L, si, &len);
  lua_Integer maxp = luaL_optinteger(L, maxi, LUA_MAXINTEGER);
  luaL_argcheck(L, maxp >= 1, maxi, "maximum number of pieces must be at least 1");
  lua_newtable(L);
  Iter it = { 0, NOPOS, -1 };
  size_t from = 0;
  lua_Integer n = 0;
  while (n + 1 < maxp && nextmatch(L, rx, rxi, si, s, len, &it)) {
    size_t ms = rx->ov[0], me = rx->ov[1];
    if (me <= ms && (ms == 0 || ms >= len)) continue;   /* empty at either end: no cut */
    lua_pushlstring(L, s + from, ms - from);
    lua_rawseti(L, -2, ++n);
    from = me;
  }
  lua_pushlstring(L, s + from, len - from);
  lua_rawseti(L, -2, ++n);
  return 1;
}

static int countaux (lua_State *L, Regex *rx, int rxi, int si) {
  size_t len;
  const char *s = lua_tolstring(L, si, &len);
  Iter it = { 0, NOPOS, -1 };
  lua_Integer n = 0;
  while (nextmatch(L, rx, rxi, si, s, len, &it)) n++;
  lua_pushinteger(L, n);
  return 1;
}
/* }====================================================== */


/*
** {======================================================
** Regex methods
** =======================================================
*/

/* r:find(s [, init [, stop]]) -> start, stop, captures... | nil */
static int rx_find (lua_State *L) {
  Regex *rx = torx(L, 1);
  luaL_checkstring(L, 2);
  return findaux(L, rx, 1, 2, 3, 4, FIND);
}

/* r:match(s [, init [, stop]]) -> captures... or the whole match | nil */
static int rx_match (lua_State *L) {
  Regex *rx = torx(L, 1);
  luaL_checkstring(L, 2);
  return findaux(L, rx, 1, 2, 3, 4, MATCH);
}

/* r:exec(s [, init [, stop]]) -> start, stop, {captures by number and name} | nil */
static int rx_exec (lua_State *L) {
  Regex *rx = torx(L, 1);
  luaL_checkstring(L, 2);
  return findaux(L, rx, 1, 2, 3, 4, EXEC);
}

/*
** r:scan(s, spans [, packed [, groups]]) -> {start1, stop1, seg1, start2, ...}: every
** match inside each span (spans = {a1, b1, a2, b2, ...}, 1-based inclusive
** byte ranges of s, e.g. text.sentence_spans), each span matched in place
** as a subject of its own (nothing before or after it is visible, not even
** to lookbehind: ^ and \A match at its start, $ and \z at its end, \b sees
** no neighbour), matches non-overlapping within a span; seg is the 0-based
** index of the span.  One call per document and rule: the batch runner's
** hot path.  An empty match advances by one character.  spans may be the
** packed int32 pairs of text.spans; with packed true the result is packed
** too, as native int32 triples (what factpack packs from); groups (a
** list of up to 8 group numbers) appends to each packed hit the span of
** each of those groups (start, stop; 0, -1 when the group is unset), so a
** rule's value can come from a capture without a match table per hit.
*/
enum { SCAN_TABLE, SCAN_PACKED, SCAN_MATCHES };
enum { SCAN_MAXG = 8 };                  /* group spans a packed hit may carry */

/* The match loop of scanaux and ay_regex_scan: every hit of rx in s
** within the spans (nsp positions, packed int32 pairs, or the table at
** stack index tab), as mode wants it: int32s added to out (SCAN_PACKED),
** or entries of the table on the stack top.  Returns the count of hits. */
static lua_Integer scanloop (lua_State *L, Regex *rx, const char *s, size_t full, int use,
                             const char *packed, lua_Integer nsp, int tab, int mode,
                             const int *groups, int ng, luaL_Buffer *out) {
  uint32_t namecount = 0;
  if (mode == SCAN_MATCHES) pcre2_pattern_info(rx->code, PCRE2_INFO_NAMECOUNT, &namecount);
  lua_Integer k = 0, hits = 0;
  for (lua_Integer i = 1; i + 1 <= nsp; i += 2) {
    lua_Integer a, b;
    if (packed) {
      int32_t pair[2];
      memcpy(pair, packed + (size_t)(i - 1) * 4, sizeof pair);
      a = pair[0]; b = pair[1];
    } else {
      lua_rawgeti(L, tab, i);
      lua_rawgeti(L, tab, i + 1);
      int ok1, ok2;
      a = lua_tointegerx(L, -2, &ok1); b = lua_tointegerx(L, -1, &ok2);
      lua_pop(L, 2);
      if (!ok1 || !ok2) return luaL_argerror(L, tab, "spans must hold integer positions");
    }
    if (a < 1) a = 1;
    if (b > (lua_Integer)full) b = (lua_Integer)full;
    if (b < a) continue;
    size_t end = (size_t)b < full ? charstart(s, full, (size_t)b) : full;
    size_t base = charstart(s, full, (size_t)a - 1), pos = base;
    while (pos <= end) {
      /* the span is the subject (^, \A, \b and lookbehind see only it):
      ** the ovector holds offsets from base */
      int rc = domatch(L, rx, s + base, end - base, pos - base, 0, use);
      if (rc == PCRE2_ERROR_NOMATCH) break;
      size_t ms = rx->ov[0] + base, me = rx->ov[1] + base;
      lua_Integer seg = (i - 1) / 2;
      hits++;
      if (mode == SCAN_PACKED) {
        int32_t hit[3 + 2 * SCAN_MAXG] = { (int32_t)ms + 1, (int32_t)me, (int32_t)seg };
        if (ng > 0) rc = fixrc(rx, rc);
        for (int g = 0; g < ng; g++) {        /* unset: 0, -1 (an empty span nowhere) */
          PCRE2_SIZE ga = rx->ov[2 * groups[g]], gb = rx->ov[2 * groups[g] + 1];
          int set = groups[g] < rc && ga != PCRE2_UNSET && gb >= ga;
          hit[3 + 2 * g] = set ? (int32_t)(ga + base) + 1 : 0;
          hit[4 + 2 * g] = set ? (int32_t)(gb + base) : -1;
        }
        luaL_addlstring(out, (const char *)hit, (size_t)(3 + 2 * ng) * sizeof hit[0]);
      } else if (mode == SCAN_TABLE) {
        lua_pushinteger(L, (lua_Integer)ms + 1); lua_rawseti(L, -2, ++k);
        lua_pushinteger(L, (lua_Integer)me);     lua_rawseti(L, -2, ++k);
        lua_pushinteger(L, seg);                 lua_rawseti(L, -2, ++k);
      } else {
        lua_createtable(L, rx->ngroups, 6 + (int)namecount);
        setcaps(L, rx, s + base, fixrc(rx, rc), namecount);
        lua_pushinteger(L, (lua_Integer)ms + 1); lua_setfield(L, -2, "start");
        lua_pushinteger(L, (lua_Integer)me);     lua_setfield(L, -2, "stop");
        lua_pushlstring(L, s + ms, me > ms ? me - ms : 0); lua_setfield(L, -2, "text");
        lua_pushinteger(L, seg);                 lua_setfield(L, -2, "sentence");
        lua_pushinteger(L, a);                   lua_setfield(L, -2, "span_start");
        lua_pushinteger(L, b);                   lua_setfield(L, -2, "span_stop");
        lua_rawseti(L, -2, ++k);
      }
      pos = me > ms ? me : nextchar(s, end, me);
      if (me <= ms && pos <= ms) break;
    }
  }
  return hits;
}

static int scanaux (lua_State *L, int mode) {
  Regex *rx = torx(L, 1);
  size_t full;
  const char *s = luaL_checklstring(L, 2, &full);
  /* spans: a table {a1, b1, ...} or text.spans' packed int32 pairs */
  size_t plen = 0;
  const char *packed = lua_type(L, 3) == LUA_TSTRING ? lua_tolstring(L, 3, &plen) : NULL;
  if (packed == NULL) luaL_checktype(L, 3, LUA_TTABLE);
  lua_Integer nsp = packed ? (lua_Integer)(plen / 8) * 2 : (lua_Integer)luaL_len(L, 3);
  int use = pickcode(L, rx, 1, 2, s, full);
  /* packed results may carry the spans of some groups (argument 5) */
  int groups[SCAN_MAXG] = {0}, ng = 0;
  if (mode == SCAN_PACKED && !lua_isnoneornil(L, 5)) {
    luaL_checktype(L, 5, LUA_TTABLE);
    lua_Integer n = (lua_Integer)luaL_len(L, 5);
    luaL_argcheck(L, n <= SCAN_MAXG, 5, "at most 8 groups");
    for (lua_Integer g = 1; g <= n; g++) {
      lua_rawgeti(L, 5, g);
      int ok;
      lua_Integer v = lua_tointegerx(L, -1, &ok);
      lua_pop(L, 1);
      luaL_argcheck(L, ok && v >= 0 && v <= rx->ngroups, 5, "group numbers of the pattern expected");
      groups[ng++] = (int)v;
    }
  }
  luaL_Buffer out;
  if (mode == SCAN_PACKED) {
    luaL_argcheck(L, full < 0x7fffffffu, 2, "text too long for packed results (2 GiB)");
    luaL_buffinit(L, &out);                   /* the buffer sits on the stack top from here */
  }
  else lua_newtable(L);
  scanloop(L, rx, s, full, use, packed, nsp, 3, mode, groups, ng, &out);
  if (mode == SCAN_PACKED) luaL_pushresult(&out);
  return 1;
}

lua_Integer ay_regex_scan (lua_State *L, int rxi, const char *s, size_t full, const char *spans,
                           size_t spanbytes, const int *groups, int ng) {
  Regex *rx = torx(L, rxi);
  if (full >= 0x7fffffffu || ng < 0 || ng > SCAN_MAXG)
    luaL_error(L, "re: bad scan (a text under 2 GiB and at most 8 groups expected)");
  for (int g = 0; g < ng; g++)
    if (groups[g] < 0 || groups[g] > rx->ngroups) luaL_error(L, "re: no group %d in the pattern", groups[g]);
  luaL_Buffer out;
  luaL_buffinit(L, &out);
  lua_Integer n = scanloop(L, rx, s, full, USE_CODE, spans, (lua_Integer)(spanbytes / 8) * 2, 0,
                           SCAN_PACKED, groups, ng, &out);
  luaL_pushresult(&out);
  return n;
}

/* Does rx find on a subject valid but for its last character, cut, what it
** finds on the valid part with PCRE2_NOTEOL?  MATCH_INVALID_UTF's code
** matches nothing in the cut bytes: a match, a lookaround and $ (which
** NOTEOL keeps from matching at the end, as the cut bytes do) see them as
** the end.  A pattern that may match nothing (it could match at an offset
** in the cut bytes), or that holds \z, \Z, \b, \B, \C or \G (which look
** at the end or at bytes; the text is searched for a backslash and the
** letter) is not trusted to: it takes MATCH_INVALID_UTF's code on the whole
** subject (meta_test.lua compares both on every cut). */
static int cutsafe (lua_State *L, Regex *rx, int rxi) {
  if (rx->cutsafe == 0) {
    uint32_t empty = 1;
    pcre2_pattern_info(rx->code, PCRE2_INFO_MATCHEMPTY, &empty);
    size_t pl;
    lua_getiuservalue(L, rxi, 1);
    const char *p = lua_tolstring(L, -1, &pl);
    int ok = empty == 0 && p != NULL;
    for (size_t i = 0; ok && i + 1 < pl; i++)
      if (p[i] == '\\') {
        if (strchr("zZbBCG", p[i + 1]) != NULL) ok = 0;
        i++;
      }
    lua_pop(L, 1);
    rx->cutsafe = ok ? 1 : -1;
  }
  return rx->cutsafe > 0;
}

/* The regex at rxi, which the C caller has checked is an assay.regex
** (assay.h): luaL_checkudata, a string look-up in the registry, cost a
** third of a match on a short line, for callers that match line by line
** (assay.meta_c). */
static Regex *checkedrx (lua_State *L, int rxi) {
  Regex *rx = (Regex *)lua_touserdata(L, rxi);
  luaL_argcheck(L, rx != NULL && rx->code != NULL, rxi, "regex is closed");
  return rx;
}

int ay_regex_exec (lua_State *L, int rxi, const char *s, size_t len, size_t off, int valid,
                   size_t *ms, size_t *me) {
  Regex *rx = checkedrx(L, rxi);
  int use = USE_CODE;
  uint32_t opts = 0;
  if (valid == AY_CUT_UTF8 && cutsafe(L, rx, rxi)) {
    size_t v = ay_utf8_uncut(s, len);
    if (off > v) return 0;                       /* nothing starts in the cut bytes */
    len = v;
    opts = PCRE2_NOTEOL;
  }
  else if (valid == AY_NOT_UTF8 || valid == AY_CUT_UTF8 || (!valid && ay_utf8_check(s, len) != len)) {
    invcode(L, rx, rxi);
    use = USE_INV;
  }
  if (off > len) return 0;
  int rc = domatch(L, rx, s, len, charstart(s, len, off), opts, use);
  if (rc == PCRE2_ERROR_NOMATCH) return 0;
  *ms = rx->ov[0]; *me = rx->ov[1];
  return fixrc(rx, rc);
}

int ay_regex_find (lua_State *L, int rxi, const char *s, size_t len, int valid) {
  size_t ms, me;
  return ay_regex_exec(L, rxi, s, len, 0, valid, &ms, &me) > 0;
}

int ay_regex_named (lua_State *L, int rxi, int rc, const char *name, size_t *a, size_t *b) {
  Regex *rx = checkedrx(L, rxi);
  uint32_t count = 0, esize = 0;
  PCRE2_SPTR table = NULL;
  pcre2_pattern_info(rx->code, PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(rx->code, PCRE2_INFO_NAMEENTRYSIZE, &esize);
  pcre2_pattern_info(rx->code, PCRE2_INFO_NAMETABLE, &table);
  for (uint32_t k = 0; k < count; k++) {     /* duplicate names: the first group set */
    PCRE2_SPTR e = table + (size_t)k * esize;
    if (strcmp((const char *)e + 2, name) != 0) continue;
    int i = (e[0] << 8) | e[1];
    PCRE2_SIZE ga = rx->ov[2 * i], gb = rx->ov[2 * i + 1];
    if (i < rc && ga != PCRE2_UNSET && gb >= ga) { *a = ga; *b = gb; return 1; }
  }
  return 0;
}

static int rx_scan (lua_State *L) {
  return scanaux(L, lua_toboolean(L, 4) ? SCAN_PACKED : SCAN_TABLE);
}

/*
** r:matches(s, spans) -> array of match tables, what r:scan finds, each
** {start =, stop =, text =, sentence = (0-based span index), span_start =,
** span_stop =, [1..n] = captures (false when unset), [name] = named
** captures}: the match objects of rules with an emit function, made in one
** call instead of one r:exec per hit.
*/
static int rx_matches (lua_State *L) {
  return scanaux(L, SCAN_MATCHES);
}

static int rx_gmatch (lua_State *L) {
  torx(L, 1);
  luaL_checkstring(L, 2);
  return gmatchaux(L, 1, 2, 3, 0);
}

static int rx_gfind (lua_State *L) {
  torx(L, 1);
  luaL_checkstring(L, 2);
  return gmatchaux(L, 1, 2, 3, 1);
}

/* r:gsub(s, repl [, n]) -> string, count */
static int rx_gsub (lua_State *L) {
  Regex *rx = torx(L, 1);
  luaL_checkstring(L, 2);
  return gsubaux(L, rx, 1, 2, 3, 4);
}

/* r:split(s [, max]) -> {pieces} */
static int rx_split (lua_State *L) {
  Regex *rx = torx(L, 1);
  luaL_checkstring(L, 2);
  return splitaux(L, rx, 1, 2, 3);
}

static int rx_count (lua_State *L) {
  Regex *rx = torx(L, 1);
  luaL_checkstring(L, 2);
  return countaux(L, rx, 1, 2);
}

/* r:partial(s [, init]) -> "full"|"partial", start, stop | nil */
static int rx_partial (lua_State *L) {
  Regex *rx = torx(L, 1);
  size_t len;
  const char *s = luaL_checklstring(L, 2, &len);
  size_t off = initpos(L, 3, s, len);
  if (off == NOPOS) { lua_pushnil(L); return 1; }
  int rc = domatch(L, rx, s, len, off, PCRE2_PARTIAL_HARD, pickcode(L, rx, 1, 2, s, len));
  if (rc == PCRE2_ERROR_NOMATCH) { lua_pushnil(L); return 1; }
  lua_pushstring(L, rc == PCRE2_ERROR_PARTIAL ? "partial" : "full");
  lua_pushinteger(L, (lua_Integer)rx->ov[0] + 1);
  lua_pushinteger(L, (lua_Integer)rx->ov[1]);
  return 3;
}

/* The limit at arg (cur when absent); once the state's limits are locked
** (re.lock_limits, which loading rules without --allow-io calls), a value
** above the ceiling max is an error: rules may lower limits, not raise them. */
static uint32_t checklimit (lua_State *L, int arg, uint32_t cur, const ReState *st, uint32_t max) {
  if (lua_isnoneornil(L, arg)) return cur;
  lua_Integer v = luaL_checkinteger(L, arg);
  luaL_argcheck(L, v >= 1 && (lua_Unsigned)v <= UINT32_MAX, arg, "limit out of range");
  if (st->locked && (lua_Unsigned)v > max)
    return (uint32_t)luaL_error(L, "re: limits cannot be raised above %I in rules (bad argument #%d)",
                                (lua_Integer)max, arg);
  return (uint32_t)v;
}

/* r:limits([match [, depth]]) -> match, depth (after setting) */
static int rx_limits (lua_State *L) {
  Regex *rx = torx(L, 1);
  rx->match_limit = checklimit(L, 2, rx->match_limit, rx->st, rx->st->max_match);
  rx->depth_limit = checklimit(L, 3, rx->depth_limit, rx->st, rx->st->max_depth);
  pcre2_set_match_limit(rx->mctx, rx->match_limit);
  pcre2_set_depth_limit(rx->mctx, rx->depth_limit);
  lua_pushinteger(L, rx->match_limit);
  lua_pushinteger(L, rx->depth_limit);
  return 2;
}

/* r:groups() -> number of groups, {name = index} */
static int rx_groups (lua_State *L) {
  Regex *rx = torx(L, 1);
  lua_pushinteger(L, rx->ngroups);
  pushnames(L, rx);
  return 2;
}

static int rx_pattern (lua_State *L) {
  luaL_checkudata(L, 1, AY_REGEX);
  lua_getiuservalue(L, 1, 1);
  return 1;
}

static int rx_flags (lua_State *L) {
  Regex *rx = (Regex *)luaL_checkudata(L, 1, AY_REGEX);
  lua_pushstring(L, rx->flags);
  return 1;
}

static int rx_jit (lua_State *L) {
  Regex *rx = torx(L, 1);
  lua_pushboolean(L, rx->jit);
  return 1;
}

/* __gc, __close and r:close(); safe twice */
static int rx_close (lua_State *L) {
  Regex *rx = (Regex *)luaL_checkudata(L, 1, AY_REGEX);
  freeregex(rx);
  return 0;
}

static int rx_tostring (lua_State *L) {
  Regex *rx = (Regex *)luaL_checkudata(L, 1, AY_REGEX);
  lua_getiuservalue(L, 1, 1);
  const char *p = lua_tostring(L, -1);
  lua_pushfstring(L, "%s: /%s/%s%s", AY_REGEX, p ? p : "", rx->flags,
                  rx->code ? "" : " (closed)");
  return 1;
}
/* }====================================================== */


/*
** {======================================================
** Module functions (upvalue 1: the ReState)
** =======================================================
*/

static ReState *restate (lua_State *L) {
  return (ReState *)lua_touserdata(L, lua_upvalueindex(1));
}

/* re.compile(p [, flags]) -> regex */
static int re_compile (lua_State *L) {
  luaL_checkstring(L, 1);
  const char *fl = luaL_optstring(L, 2, "");
  Regex *rx = newregex(L);
  compileregex(L, rx, 1, fl, 2);
  return 1;
}

/* The regex for argument pi (a regex, or a pattern string compiled with the
** flags at argument fi through the cache), pushed; returns it. */
static Regex *cachedrx (lua_State *L, int pi, int fi) {
  if (lua_type(L, pi) == LUA_TUSERDATA) {
    Regex *rx = torx(L, pi);
    lua_pushvalue(L, pi);
    return rx;
  }
  luaL_checkstring(L, pi);
  const char *fl = luaL_optstring(L, fi, "");
  lua_rawgetp(L, LUA_REGISTRYINDEX, &CACHEKEY);
  int cache = lua_gettop(L);
  lua_pushstring(L, fl);        /* key "flags/pattern": flags never hold '/' */
  lua_pushliteral(L, "/");
  lua_pushvalue(L, pi);
  lua_concat(L, 3);             /* cache key */
  lua_pushvalue(L, -1);
  if (lua_rawget(L, cache) == LUA_TUSERDATA) {
    Regex *rx = (Regex *)lua_touserdata(L, -1);
    lua_replace(L, cache);
    lua_settop(L, cache);
    return rx;
  }
  lua_pop(L, 1);                /* cache key */
  Regex *rx = newregex(L);
  compileregex(L, rx, pi, fl, fi);
  ReState *st = restate(L);
  /* FIFO eviction: cache[1..N] is a ring of keys, oldest at st->next */
  if (lua_rawgeti(L, cache, st->next) != LUA_TNIL) {
    lua_pushnil(L);
    lua_rawset(L, cache);
  }
  else lua_pop(L, 1);
  lua_pushvalue(L, -2);
  lua_rawseti(L, cache, st->next);
  st->next = st->next % AY_MAX_PATTERN_CACHE + 1;
  lua_pushvalue(L, -2);
  lua_pushvalue(L, -2);
  lua_rawset(L, cache);         /* cache key rx */
  lua_replace(L, cache);
  lua_settop(L, cache);
  return rx;
}

static int re_find (lua_State *L) {          /* re.find(s, p [, init [, flags]]) */
  lua_settop(L, 4);                 /* the regex goes above the arguments */
  luaL_checkstring(L, 1);
  Regex *rx = cachedrx(L, 2, 4);
  return findaux(L, rx, lua_gettop(L), 1, 3, 0, FIND);
}

static int re_match (lua_State *L) {
  lua_settop(L, 4);                 /* the regex goes above the arguments */
  luaL_checkstring(L, 1);
  Regex *rx = cachedrx(L, 2, 4);
  return findaux(L, rx, lua_gettop(L), 1, 3, 0, MATCH);
}

static int re_exec (lua_State *L) {
  lua_settop(L, 4);                 /* the regex goes above the arguments */
  luaL_checkstring(L, 1);
  Regex *rx = cachedrx(L, 2, 4);
  return findaux(L, rx, lua_gettop(L), 1, 3, 0, EXEC);
}

static int re_gmatch (lua_State *L) {
  lua_settop(L, 4);                 /* the regex goes above the arguments */
  luaL_checkstring(L, 1);
  cachedrx(L, 2, 4);
  return gmatchaux(L, lua_gettop(L), 1, 3, 0);
}

static int re_gfind (lua_State *L) {
  lua_settop(L, 4);                 /* the regex goes above the arguments */
  luaL_checkstring(L, 1);
  cachedrx(L, 2, 4);
  return gmatchaux(L, lua_gettop(L), 1, 3, 1);
}

static int re_gsub (lua_State *L) {          /* re.gsub(s, p, repl [, n [, flags]]) */
  lua_settop(L, 5);                 /* the regex goes above the arguments */
  luaL_checkstring(L, 1);
  luaL_checkany(L, 3);
  Regex *rx = cachedrx(L, 2, 5);
  return gsubaux(L, rx, lua_gettop(L), 1, 3, 4);
}

static int re_split (lua_State *L) {         /* re.split(s, p [, max [, flags]]) */
  lua_settop(L, 4);                 /* the regex goes above the arguments */
  luaL_checkstring(L, 1);
  Regex *rx = cachedrx(L, 2, 4);
  return splitaux(L, rx, lua_gettop(L), 1, 3);
}

static int re_count (lua_State *L) {         /* re.count(s, p [, flags]) */
  lua_settop(L, 3);                 /* the regex goes above the arguments */
  luaL_checkstring(L, 1);
  Regex *rx = cachedrx(L, 2, 3);
  return countaux(L, rx, lua_gettop(L), 1);
}

/* re.escape(s): s with every ASCII punctuation and space quoted */
static int re_escape (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  luaL_Buffer b;
  luaL_buffinitsize(L, &b, len);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0) { luaL_addstring(&b, "\\x00"); continue; }
    int plain = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                (c >= 'A' && c <= 'Z') || c == '_';
    if (!plain) luaL_addchar(&b, '\\');
    luaL_addchar(&b, (char)c);
  }
  luaL_pushresult(&b);
  return 1;
}

static int re_version (lua_State *L) {
  char buf[64];
  if (pcre2_config(PCRE2_CONFIG_VERSION, buf) < 0) buf[0] = '\0';
  lua_pushstring(L, buf);
  return 1;
}

/* re.limits([match [, depth]]) -> defaults for regexes compiled afterwards */
static int re_limits (lua_State *L) {
  ReState *st = restate(L);
  st->match_limit = checklimit(L, 1, st->match_limit, st, st->max_match);
  st->depth_limit = checklimit(L, 2, st->depth_limit, st, st->max_depth);
  lua_pushinteger(L, st->match_limit);
  lua_pushinteger(L, st->depth_limit);
  return 2;
}

/* re.lock_limits(): from now on no limit of this state (re.limits, r:limits)
** may go above the current defaults; one way, for the rule sandbox. */
static int re_lock_limits (lua_State *L) {
  ReState *st = restate(L);
  if (!st->locked) {
    st->locked = 1;
    st->max_match = st->match_limit;
    st->max_depth = st->depth_limit;
  }
  return 0;
}

/* re.usejit([on]) -> whether regexes compiled afterwards use JIT (when
** available).  For tests and comparisons; cached patterns keep their mode. */
static int re_usejit (lua_State *L) {
  ReState *st = restate(L);
  if (!lua_isnoneornil(L, 1)) {
    luaL_checktype(L, 1, LUA_TBOOLEAN);
    st->usejit = lua_toboolean(L, 1);
  }
  lua_pushboolean(L, st->usejit && jit_available());
  return 1;
}
/* }====================================================== */


static const luaL_Reg rx_methods[] = {
  {"find", rx_find}, {"match", rx_match}, {"exec", rx_exec}, {"scan", rx_scan}, {"matches", rx_matches},
  {"gmatch", rx_gmatch}, {"gfind", rx_gfind}, {"gsub", rx_gsub},
  {"split", rx_split}, {"count", rx_count}, {"partial", rx_partial},
  {"limits", rx_limits}, {"groups", rx_groups}, {"pattern", rx_pattern},
  {"flags", rx_flags}, {"jit", rx_jit}, {"close", rx_close},
  {NULL, NULL}
};

static const luaL_Reg rx_meta[] = {
  {"__gc", rx_close}, {"__close", rx_close}, {"__tostring", rx_tostring},
  {"__index", NULL},
  {NULL, NULL}
};

static const luaL_Reg re_funcs[] = {
  {"compile", re_compile}, {"find", re_find}, {"match", re_match}, {"exec", re_exec},
  {"gmatch", re_gmatch}, {"gfind", re_gfind}, {"gsub", re_gsub}, {"split", re_split},
  {"count", re_count}, {"escape", re_escape}, {"version", re_version},
  {"limits", re_limits}, {"usejit", re_usejit}, {"lock_limits", re_lock_limits},
  {NULL, NULL}
};

int luaopen_assay_re (lua_State *L) {
  if (luaL_newmetatable(L, AY_REGEX)) {
    luaL_setfuncs(L, rx_meta, 0);
    luaL_newlib(L, rx_methods);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
  lua_newtable(L);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &CACHEKEY);
  luaL_newlibtable(L, re_funcs);
  ReState *st = (ReState *)lua_newuserdatauv(L, sizeof(ReState), 1);
  st->match_limit = AY_MATCH_LIMIT;
  st->depth_limit = AY_DEPTH_LIMIT;
  st->usejit = 1;
  st->locked = 0;
  st->max_match = st->max_depth = UINT32_MAX;
  st->next = 1;
  st->vsubj = NULL;
  st->vlen = NOPOS;
  luaL_setfuncs(L, re_funcs, 1);
  lua_pushboolean(L, jit_available());
  lua_setfield(L, -2, "jit");
  return 1;
}
