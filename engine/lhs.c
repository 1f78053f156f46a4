/*
** lhs.c: the Vectorscan backend of assay.prefilter (lac.c), plain C.
**
** Compiled against <hs.h> only when the build finds it (`pkg-config
** libhs`: the Makefile then defines AY_VECTORSCAN and AY_SO_HS, the
** library's soname); without it the functions below are stubs and
** ay_hs_ready says why, so nothing else needs an #if.  The library is not
** linked: it is loaded (dlib.c) the first time a rule set asks for the hs
** backend (ay_hs_ready), since libhs and the C++ runtime it pulls in cost
** every start of the process (`assay -e` ran 5.3 M instructions instead of
** 2.4 M and peaked 1.5 MB higher) and the default backend is the
** automaton; a libhs that cannot be loaded makes "hs" an error naming it.
** lac.c decides which rules go here and keeps the automaton for the rest
** and for texts that are not valid UTF-8.
**
** Each entry is one rule's whole pattern, compiled with HS_FLAG_PREFILTER
** (Vectorscan approximates what it cannot match exactly, by a superset of
** the matches: a skipped segment could not have matched) and HS_FLAG_UTF8,
** or one of its required literals as raw bytes.  The entries Vectorscan
** rejects are marked and left out (lac.c then filters that rule by its
** literals or runs it everywhere).  A scan reports the end of every match
** (no HS_FLAG_SINGLEMATCH: lac.c scans a whole text once and puts each end
** in its segment).
**
** The database is read-only; the scratch is not: each AyHs has its own,
** and one AyHs belongs to one Lua state, used by one thread at a time.
** Compiling costs ~10 ms a pattern, so the databases are shared across the
** process: the run's main state and its -j workers load the same rules,
** and the first to compile a set of entries serves the others (a list of
** the live ones under a mutex, each with its entries as a byte string and
** a count of its users).
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay.h"

#if defined(AY_VECTORSCAN)

#include <hs.h>

#if !defined(AY_SO_HS)
#error "AY_SO_HS must name libhs's soname (see Makefile)"
#endif
_Static_assert(sizeof AY_SO_HS > 1, "AY_SO_HS is empty: the build found no soname for libhs");

/* the library's functions, looked up when it is loaded */
#define HS_FUNCS(X) X(hs_valid_platform) X(hs_version) X(hs_expression_info) \
  X(hs_free_compile_error) X(hs_compile_multi) X(hs_free_database) X(hs_alloc_scratch) \
  X(hs_free_scratch) X(hs_scan)
#define DECLARE(f) static __typeof__(&f) p_##f;
HS_FUNCS(DECLARE)

static AyLib hslib = AY_LIB(AY_SO_HS);
static char unready[320];     /* why the backend cannot run; "" when it can (set by load) */

#define LOOKUP(f) p_##f = (__typeof__(p_##f))ay_libsym(&hslib, h, #f);
static void load (void) {
  void *h = ay_libopen(&hslib);
  HS_FUNCS(LOOKUP)
  if (hslib.err) snprintf(unready, sizeof unready, "cannot load %s: %s", hslib.soname, hslib.err);
  else if (p_hs_valid_platform() != HS_SUCCESS) snprintf(unready, sizeof unready, "not supported by this CPU");
}

const char *ay_hs_ready (void) {
  ay_libready(&hslib, load);
  return unready[0] ? unready : NULL;
}

const char *ay_hs_version (void) { return ay_libready(&hslib, load) ? NULL : p_hs_version(); }

typedef struct Shared {
  struct Shared *next;
  char *sig;                  /* the entries, serialized: the key */
  size_t siglen, n;
  unsigned char *rejected;    /* [n] */
  hs_database_t *db;
  int users;
} Shared;

struct AyHs {
  Shared *sh;
  hs_scratch_t *scratch;
};

static pthread_mutex_t cachelock = PTHREAD_MUTEX_INITIALIZER;
static Shared *cache;         /* the live databases */

static void putsig (char **o, const void *p, size_t len) { memcpy(*o, p, len); *o += len; }

/* The entries as one byte string (malloc'ed), *len its length. */
static char *signature (size_t n, const AyHsEntry *e, size_t *len) {
  size_t l = 0;
  for (size_t i = 0; i < n; i++) l += sizeof e->len + sizeof e->id + 1 + e[i].len + strlen(e[i].flags) + 1;
  char *sig = malloc(l ? l : 1), *o = sig;
  if (!sig) return NULL;
  for (size_t i = 0; i < n; i++) {
    char lit = (char)(e[i].literal != 0);
    putsig(&o, &e[i].len, sizeof e->len);
    putsig(&o, &e[i].id, sizeof e->id);
    putsig(&o, &lit, 1);
    putsig(&o, e[i].s, e[i].len);
    putsig(&o, e[i].flags, strlen(e[i].flags) + 1);
  }
  *len = l;
  return sig;
}

/* The live database for sig, its users counted one more; NULL when none. */
static Shared *findshared (const char *sig, size_t len) {
  for (Shared *c = cache; c; c = c->next)
    if (c->siglen == len && memcmp(c->sig, sig, len) == 0) { c->users++; return c; }
  return NULL;
}

static void freeshared (Shared *c) {
  if (!c) return;
  if (c->db) p_hs_free_database(c->db);
  free(c->rejected);
  free(c->sig);
  free(c);
}

/* The Vectorscan flags of one entry; -1 when a flag letter has no
** counterpart that keeps the superset (i: Vectorscan's case folding need
** not be PCRE2's; u: nor its Unicode tables, which \w \d \s then read;
** x: another syntax). */
static int hsflags (const AyHsEntry *e) {
  if (e->literal) return 0;
  int f = HS_FLAG_PREFILTER | HS_FLAG_UTF8;
  for (const char *c = e->flags; *c; c++)
    switch (*c) {
      case 'm': f |= HS_FLAG_MULTILINE; break;
      case 's': f |= HS_FLAG_DOTALL; break;
      case 'U': case 'A': case 'D': break;   /* they only narrow PCRE2's matches */
      default: return -1;
    }
  return f;
}

/* The expression of an entry, malloc'ed: a literal as \xHH escapes. */
static char *hsexpr (const AyHsEntry *e) {
  if (!e->literal) {
    if (memchr(e->s, 0, e->len)) return NULL;   /* Vectorscan reads a C string */
    char *x = malloc(e->len + 1);
    if (x) { memcpy(x, e->s, e->len); x[e->len] = 0; }
    return x;
  }
  static const char hex[] = "0123456789abcdef";
  char *x = malloc(4 * e->len + 1), *o = x;
  if (!x) return NULL;
  for (size_t i = 0; i < e->len; i++) {
    unsigned char c = (unsigned char)e->s[i];
    *o++ = '\\'; *o++ = 'x'; *o++ = hex[c >> 4]; *o++ = hex[c & 15];
  }
  *o = 0;
  return x;
}

/* Compiles the entries into db; rejected[i] for those left out; NULL when
** none is left. */
static hs_database_t *compile (size_t n, const AyHsEntry *e, unsigned char *rejected) {
  hs_database_t *db = NULL;
  const char **expr = calloc(n + 1, sizeof *expr);
  unsigned *flags = calloc(n + 1, sizeof *flags), *ids = calloc(n + 1, sizeof *ids);
  size_t *at = calloc(n + 1, sizeof *at);       /* compiled entry k -> e[at[k]] */
  char **own = calloc(n + 1, sizeof *own);
  size_t k = 0;
  if (!expr || !flags || !ids || !at || !own) goto fail;
  /* each entry alone first: hs_expression_info rejects what the compiler
  ** would without building anything */
  for (size_t i = 0; i < n; i++) {
    int f = hsflags(&e[i]);
    own[i] = f < 0 ? NULL : hsexpr(&e[i]);
    rejected[i] = 1;
    if (!own[i]) continue;
    hs_expr_info_t *info = NULL;
    hs_compile_error_t *err = NULL;
    if (p_hs_expression_info(own[i], (unsigned)f, &info, &err) != HS_SUCCESS) { p_hs_free_compile_error(err); continue; }
    free(info);                                 /* (allocated by the misc allocator: malloc) */
    rejected[i] = 0;
    expr[k] = own[i]; flags[k] = (unsigned)f; ids[k] = e[i].id; at[k] = i; k++;
  }
  /* the whole set; an entry that only fails with the others (too large...)
  ** is named by the error's index and left out, at most n times */
  for (;;) {
    if (k == 0) goto fail;
    hs_compile_error_t *err = NULL;
    if (p_hs_compile_multi(expr, flags, ids, (unsigned)k, HS_MODE_BLOCK, NULL, &db, &err) == HS_SUCCESS) break;
    int bad = err ? err->expression : -1;
    p_hs_free_compile_error(err);
    if (bad < 0 || (size_t)bad >= k) goto fail;
    rejected[at[bad]] = 1;
    k--;
    memmove(expr + bad, expr + bad + 1, (k - (size_t)bad) * sizeof *expr);
    memmove(flags + bad, flags + bad + 1, (k - (size_t)bad) * sizeof *flags);
    memmove(ids + bad, ids + bad + 1, (k - (size_t)bad) * sizeof *ids);
    memmove(at + bad, at + bad + 1, (k - (size_t)bad) * sizeof *at);
  }
  goto done;
fail:
  if (db) { p_hs_free_database(db); db = NULL; }
  for (size_t i = 0; i < n; i++) rejected[i] = 1;
done:
  for (size_t i = 0; own && i < n; i++) free(own[i]);
  free(own); free(at); free(ids); free(flags); free(expr);
  return db;
}

AyHs *ay_hs_new (size_t n, const AyHsEntry *e, unsigned char *rejected) {
  size_t len;
  char *sig = NULL;
  AyHs *h = NULL;
  if (ay_hs_ready()) goto fail;
  sig = signature(n, e, &len);
  h = calloc(1, sizeof *h);
  if (!sig || !h) goto fail;
  pthread_mutex_lock(&cachelock);
  h->sh = findshared(sig, len);
  pthread_mutex_unlock(&cachelock);
  if (!h->sh) {               /* compiled outside the lock; a twin made meanwhile wins */
    Shared *c = calloc(1, sizeof *c);
    if (!c) goto fail;
    c->sig = sig; sig = NULL;
    c->siglen = len; c->n = n; c->users = 1;
    c->rejected = malloc(n ? n : 1);
    if (!c->rejected) { freeshared(c); goto fail; }
    c->db = compile(n, e, c->rejected);
    pthread_mutex_lock(&cachelock);
    h->sh = findshared(c->sig, c->siglen);
    if (!h->sh) { c->next = cache; cache = c; h->sh = c; c = NULL; }
    pthread_mutex_unlock(&cachelock);
    freeshared(c);
  }
  memcpy(rejected, h->sh->rejected, n);
  if (!h->sh->db || p_hs_alloc_scratch(h->sh->db, &h->scratch) != HS_SUCCESS) goto fail;
  free(sig);
  return h;
fail:
  free(sig);
  ay_hs_free(h);
  for (size_t i = 0; i < n; i++) rejected[i] = 1;
  return NULL;
}

typedef struct Ctx { AyHsHit on; void *ud; } Ctx;

static int onmatch (unsigned id, unsigned long long from, unsigned long long to, unsigned fl, void *ud) {
  (void)from; (void)fl;
  Ctx *c = (Ctx *)ud;
  return c->on(id, (size_t)to, c->ud);
}

int ay_hs_scan (AyHs *h, const char *s, size_t len, AyHsHit on, void *ud) {
  if (len == 0) return 0;                       /* no entry matches the empty text */
  if (len > 0xFFFFFFFFu) return -1;
  Ctx c = { on, ud };
  hs_error_t rc = p_hs_scan(h->sh->db, s, (unsigned)len, 0, h->scratch, onmatch, &c);
  return rc == HS_SUCCESS || rc == HS_SCAN_TERMINATED ? 0 : -1;
}

void ay_hs_free (AyHs *h) {
  if (!h) return;
  if (h->scratch) p_hs_free_scratch(h->scratch);
  if (h->sh) {
    Shared *dead = NULL;
    pthread_mutex_lock(&cachelock);
    if (--h->sh->users == 0) {
      for (Shared **p = &cache; *p; p = &(*p)->next)
        if (*p == h->sh) { *p = h->sh->next; break; }
      dead = h->sh;
    }
    pthread_mutex_unlock(&cachelock);
    freeshared(dead);
  }
  free(h);
}

#else

const char *ay_hs_ready (void) { return "this assay was built without Vectorscan (libvectorscan-dev)"; }
const char *ay_hs_version (void) { return NULL; }
AyHs *ay_hs_new (size_t n, const AyHsEntry *e, unsigned char *rejected) {
  (void)e;
  for (size_t i = 0; i < n; i++) rejected[i] = 1;
  return NULL;
}
int ay_hs_scan (AyHs *h, const char *s, size_t len, AyHsHit on, void *ud) {
  (void)h; (void)s; (void)len; (void)on; (void)ud;
  return -1;
}
void ay_hs_free (AyHs *h) { (void)h; }

#endif
