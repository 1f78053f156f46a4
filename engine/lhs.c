/*
** lhs.c: the Vectorscan backend of assay.prefilter (lac.c), plain C.
**
** Built with the library only when the build finds it (`pkg-config libhs`:
** the Makefile then defines AY_VECTORSCAN and links -lhs); without it the
** functions below are stubs and ay_hs_usable says 0, so nothing else needs
** an #if.  lac.c decides which rules go here and keeps the automaton for
** the rest and for texts that are not valid UTF-8.
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
*/
#include <stdlib.h>
#include <string.h>

#include "assay.h"

#if defined(AY_VECTORSCAN)

#include <hs.h>

struct AyHs {
  hs_database_t *db;
  hs_scratch_t *scratch;
};

int ay_hs_usable (void) { return hs_valid_platform() == HS_SUCCESS; }

const char *ay_hs_version (void) { return hs_version(); }

/* The Vectorscan flags of one entry; -1 when a flag letter has no
** counterpart that keeps the superset (i: Vectorscan's case folding need
** not be PCRE2's; x: another syntax). */
static int hsflags (const AyHsEntry *e) {
  if (e->literal) return 0;
  int f = HS_FLAG_PREFILTER | HS_FLAG_UTF8;
  for (const char *c = e->flags; *c; c++)
    switch (*c) {
      case 'm': f |= HS_FLAG_MULTILINE; break;
      case 's': f |= HS_FLAG_DOTALL; break;
      case 'u': f |= HS_FLAG_UCP; break;
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

AyHs *ay_hs_new (size_t n, const AyHsEntry *e, unsigned char *rejected) {
  const char **expr = calloc(n + 1, sizeof *expr);
  unsigned *flags = calloc(n + 1, sizeof *flags), *ids = calloc(n + 1, sizeof *ids);
  size_t *at = calloc(n + 1, sizeof *at);       /* compiled entry k -> e[at[k]] */
  char **own = calloc(n + 1, sizeof *own);
  AyHs *h = calloc(1, sizeof *h);
  size_t k = 0;
  if (!expr || !flags || !ids || !at || !own || !h) goto fail;
  /* each entry alone first: hs_expression_info rejects what the compiler
  ** would without building anything */
  for (size_t i = 0; i < n; i++) {
    int f = hsflags(&e[i]);
    own[i] = f < 0 ? NULL : hsexpr(&e[i]);
    rejected[i] = 1;
    if (!own[i]) continue;
    hs_expr_info_t *info = NULL;
    hs_compile_error_t *err = NULL;
    if (hs_expression_info(own[i], (unsigned)f, &info, &err) != HS_SUCCESS) { hs_free_compile_error(err); continue; }
    free(info);                                 /* (allocated by the misc allocator: malloc) */
    rejected[i] = 0;
    expr[k] = own[i]; flags[k] = (unsigned)f; ids[k] = e[i].id; at[k] = i; k++;
  }
  /* the whole set; an entry that only fails with the others (too large...)
  ** is named by the error's index and left out, at most n times */
  for (;;) {
    if (k == 0) goto fail;
    hs_compile_error_t *err = NULL;
    if (hs_compile_multi(expr, flags, ids, (unsigned)k, HS_MODE_BLOCK, NULL, &h->db, &err) == HS_SUCCESS) break;
    int bad = err ? err->expression : -1;
    hs_free_compile_error(err);
    if (bad < 0 || (size_t)bad >= k) goto fail;
    rejected[at[bad]] = 1;
    k--;
    memmove(expr + bad, expr + bad + 1, (k - (size_t)bad) * sizeof *expr);
    memmove(flags + bad, flags + bad + 1, (k - (size_t)bad) * sizeof *flags);
    memmove(ids + bad, ids + bad + 1, (k - (size_t)bad) * sizeof *ids);
    memmove(at + bad, at + bad + 1, (k - (size_t)bad) * sizeof *at);
  }
  if (hs_alloc_scratch(h->db, &h->scratch) != HS_SUCCESS) goto fail;
  goto done;
fail:
  if (h) { ay_hs_free(h); h = NULL; }
  for (size_t i = 0; i < n && rejected; i++) rejected[i] = 1;
done:
  for (size_t i = 0; own && i < n; i++) free(own[i]);
  free(own); free(at); free(ids); free(flags); free(expr);
  return h;
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
  hs_error_t rc = hs_scan(h->db, s, (unsigned)len, 0, h->scratch, onmatch, &c);
  return rc == HS_SUCCESS || rc == HS_SCAN_TERMINATED ? 0 : -1;
}

void ay_hs_free (AyHs *h) {
  if (!h) return;
  if (h->scratch) hs_free_scratch(h->scratch);
  if (h->db) hs_free_database(h->db);
  free(h);
}

#else

int ay_hs_usable (void) { return 0; }
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
