/*
** assay.h: what the engine's C files share.
**
** The ay_* helpers (each section names the file that defines them), the
** metatable names users read in error messages (through __name), and the
** limits, each overridable at build time with -DAY_MAX_...=N.  Only luaopen_*
** and ay_* are global symbols.
*/
#ifndef ASSAY_H
#define ASSAY_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "lua.h"
#include "lauxlib.h"

#define AY_VERSION "0.1.0"

/* metatable names: users see them in "bad argument ... (assay.regex expected)" */
#define AY_REGEX "assay.regex"
#define AY_DB    "assay.db"
#define AY_STMT  "assay.stmt"
#define AY_POOL  "assay.pool"

/* {====== limits ====== */
#if !defined(AY_MAX_PATTERN_CACHE)
#define AY_MAX_PATTERN_CACHE 256      /* compiled patterns kept by re.find etc. */
#endif
#if !defined(AY_MATCH_LIMIT)
#define AY_MATCH_LIMIT 10000000       /* default PCRE2 match limit (backtracks) */
#endif
#if !defined(AY_DEPTH_LIMIT)
#define AY_DEPTH_LIMIT 100000         /* default PCRE2 depth limit */
#endif
#if !defined(AY_MAX_STMT_CACHE)
#define AY_MAX_STMT_CACHE 64          /* prepared statements kept per db handle */
#endif
/* }====== */

/* {====== host.c ====== */

/* Per lua_State bookkeeping, reachable from any C function through
** ay_state(L).  The allocator counts every byte (Lua's, and PCRE2's: lre.c
** gives PCRE2 the state's allocator); mem_limit 0 means unlimited. */
typedef struct AyState {
  size_t mem_used;        /* bytes currently allocated through ay_alloc */
  size_t mem_peak;        /* high-water mark of mem_used, bytes */
  size_t mem_limit;       /* budget in bytes; 0 = none */
  int mem_exceeded;       /* set when an allocation was refused for the budget */
  void *user;             /* owned by whoever set it (the batch runner's worker) */
  const char *valid_s;    /* a string known to be valid UTF-8 (ay_mark_valid) */
  size_t valid_len;       /* its length */
  int valid_plain;        /* ... and plain (ay_mark_plain) */
} AyState;

/* A new Lua state with the standard libraries, the assay C modules in
** package.preload and the embedded stdlib searcher installed.  NULL when
** out of memory. */
lua_State *ay_newstate (void);
void ay_closestate (lua_State *L);
AyState *ay_state (lua_State *L);

/* Run a chunk already on the stack with a traceback message handler;
** returns a lua_pcall status, leaving the error message on the stack. */
int ay_docall (lua_State *L, int narg, int nres);

/* One string per state can be marked as checked valid UTF-8 (the reader
** marks each document's text), so the regex module need not check it
** again.  The mark anchors the string in the registry: while marked it
** cannot be freed, so no other string can take its address.  A string
** with the bytes of the marked one, or of a prefix of it that ends
** between two characters (doc.text:sub(1, 2000)), is known valid too
** (ay_is_marked_valid); ay_known_utf8 says 1 for those, AY_CUT_UTF8 for a
** prefix that ends inside a character, 0 for any other string.
** ay_is_marked: s is the marked string itself (not an equal copy).
** ay_mark_plain marks a string ay_read_plain passed: then it, and the
** strings ay_known_utf8 knows by it, have no character the width fold
** changes (text.fold's "alnum" mode): ay_known_plain, so that assay.meta_c
** need not look for one in every header. */
#define AY_NOT_UTF8 2
#define AY_CUT_UTF8 3
void ay_mark_valid (lua_State *L, int idx);
void ay_mark_plain (lua_State *L, int idx);
int ay_known_plain (lua_State *L, const char *s, size_t len);
int ay_is_marked_valid (lua_State *L, const char *s, size_t len);
int ay_known_utf8 (lua_State *L, const char *s, size_t len);
int ay_is_marked (lua_State *L, const char *s, size_t len);

/* A hash of the sources of this build, the stdlib's and the engine's
** (tools/embed.c): 16 hex digits.  _ASSAY_BUILD in Lua. */
extern const char ay_build_id[];
/* Embedded stdlib (tools/embed.c): source of module NAME ("assay.cn"), or NULL. */
const char *ay_stdlib_find (const char *name, size_t *len);
/* The same module compiled to bytecode at build time (what require loads). */
const char *ay_stdlib_code (const char *name, size_t *len);
/* chunk name of an assay stdlib module (embedded, or from ASSAY_PATH) */
int ay_stdlib_source (const char *source);
/* }====== */

/* {====== utf8.c: plain C, no Lua ====== */

/* Decode one code point from s[0..len); returns its byte length (1..4) and
** stores the code point in *cp, or returns 0 for an invalid or truncated
** sequence (overlong forms, surrogates and > U+10FFFF are invalid). */
int ay_utf8_decode (const char *s, size_t len, uint32_t *cp);
/* Byte offset of the first invalid sequence, or len when s is valid. */
size_t ay_utf8_check (const char *s, size_t len);
/* s being valid UTF-8 but for its last character, cut (a valid text's
** start cut at a byte count, AY_CUT_UTF8): the bytes before that
** character's lead byte. */
size_t ay_utf8_uncut (const char *s, size_t len);
/* Traditional characters in s (those t2s changes), counted up to enough. */
size_t ay_traditional (const char *s, size_t len, size_t enough);
/* Is s valid UTF-8 without NUL and without a character text.fold's "alnum"
** mode changes?  Counts traditional characters into *trad (NULL: not
** counted) up to enough, in the same pass. */
int ay_utf8_plain (const char *s, size_t len, size_t enough, size_t *trad);
/* Display width in a terminal: 0 for combining marks and controls, 2 for
** East Asian wide and full-width characters, 1 otherwise. */
int ay_wcwidth (uint32_t cp);
/* }====== */

/* {====== dlib.c: libraries loaded on first use, plain C, no Lua ====== */

/* One optional library, dlopen'ed by its soname.  A user's load function
** (run once per process by ay_libready, under its lock) calls ay_libopen,
** then ay_libsym for each symbol; the first failure sets err (dlerror's
** text, or "no symbol NAME") and the later calls return NULL.  ay_libready
** returns NULL once the library is usable, else err. */
typedef struct AyLib {
  const char *soname;
  void (*load)(void);                  /* set once it was tried (under ay_libready's lock) */
  const char *err;                     /* set by load when it failed */
  char errbuf[256];
} AyLib;
#define AY_LIB(soname) { soname, NULL, NULL, {0} }
void *ay_libopen (AyLib *lib);
void *ay_libsym (AyLib *lib, void *h, const char *name);
const char *ay_libready (AyLib *lib, void (*load)(void));
/* }====== */

/* {====== the C modules ====== */
int luaopen_assay_re (lua_State *L);
int luaopen_assay_text (lua_State *L);
int luaopen_assay_db (lua_State *L);
int luaopen_assay_host (lua_State *L);
int luaopen_assay_pool (lua_State *L);
int luaopen_assay_json_c (lua_State *L);
int luaopen_assay_read (lua_State *L);
int luaopen_assay_repl_c (lua_State *L);
int luaopen_assay_cn_c (lua_State *L);
int luaopen_assay_factpack (lua_State *L);
int luaopen_assay_job (lua_State *L);
int luaopen_assay_meta_c (lua_State *L);
int luaopen_assay_prefilter (lua_State *L);
int luaopen_assay_wire (lua_State *L);

/* A prepared statement (d:prepare) for a C module's bulk work (ldb.c):
** checkout checks the argument and marks it in use; giveback resets it.
** Nothing may raise between the two. */
struct sqlite3_stmt *ay_stmt_checkout (lua_State *L, int idx);
void ay_stmt_giveback (lua_State *L, int idx);

/* 64-bit content hash (lhost.c): fast, not cryptographic */
uint64_t ay_hash64 (const char *s, size_t len);

/* pthread_create for assay's own threads (lhost.c): the thread starts with
** the signals blocked that come from outside (all but faults and SIGPIPE),
** so one sent to the process (Ctrl-C's SIGINT) goes to the main thread,
** whose handlers and waits expect it. */
int ay_thread_start (pthread_t *t, const pthread_attr_t *at, void *(*fn)(void *), void *arg);

/* ltext.c: push the spans of kind k of s (what text.spans returns; len
** below 2 GiB); the offset of the first character text.fold would change
** (len when none; ascii 0: mode "alnum") */
enum { AY_SPAN_SENTENCE, AY_SPAN_CLAUSE, AY_SPAN_LINE, AY_SPAN_PARAGRAPH };
void ay_pushspans (lua_State *L, const char *s, size_t len, int k);
size_t ay_fold_first (const char *s, size_t len, int ascii);
/* ltext.c: the next line of s[*p..len) as text.lines cuts it, [*b, *e)
** without its "\n" or "\r\n" (0 when none is left); [*b, *e) trimmed as
** text.trim trims */
int ay_nextline (const char *s, size_t len, size_t *p, size_t *b, size_t *e);
void ay_trim (const char *s, size_t *b, size_t *e);

/* lre.c: r:scan(s, spans, true, groups) for C: pushes the packed hits of
** the regex at stack index rxi over s[0..len), which the caller knows is
** valid UTF-8, within the packed spans; returns their count; raises as
** r:scan does. */
lua_Integer ay_regex_scan (lua_State *L, int rxi, const char *s, size_t len, const char *spans,
                           size_t spanbytes, const int *groups, int ng);
/* lre.c: r:find(s) ~= nil for C, rxi holding a value the caller has
** checked is an assay.regex (luaL_checkudata, or its metatable: these
** three do not check it again; a closed one raises), s[0..len) being the
** whole subject (valid: 1 the caller knows it is valid UTF-8, AY_NOT_UTF8
** knows it is not, AY_CUT_UTF8 knows it is valid but for its last
** character, cut (a valid text's start cut at a byte count), 0 it is
** checked here); raises as r:find does. */
int ay_regex_find (lua_State *L, int rxi, const char *s, size_t len, int valid);
/* The same from byte offset off, for a match's groups: 0 when there is no
** match, else a count for ay_regex_named and the match in [*ms, *me).
** ay_regex_named: 1 and the span [*a, *b) of the group called name in that
** match (of duplicate names, the first that took part), else 0. */
int ay_regex_exec (lua_State *L, int rxi, const char *s, size_t len, size_t off, int valid,
                   size_t *ms, size_t *me);
int ay_regex_named (lua_State *L, int rxi, int rc, const char *name, size_t *a, size_t *b);

/* lread.c: the reader's predicates, for the batch run's C path.  The
** format of path (by extension; else, given the file's first bytes head,
** html when they start like a page), and whether s is a text the reader
** passes on unchanged and the engine does not normalize: no magic number
** of a binary format, no BOM, no NUL, not starting like markup, valid
** UTF-8, nothing text.fold would change. */
enum { AY_FMT_TXT, AY_FMT_HTML, AY_FMT_JSONL, AY_FMT_CSV, AY_FMT_TSV };
int ay_read_format (const char *path, size_t len, const char *head, size_t hl);
int ay_read_plain (const char *s, size_t len, size_t enough, size_t *trad);
/* (*trad: as ay_utf8_plain counts them, when s is plain) */

/* lac.c: the rule-set prefilter at stack index ai.  scan pushes which
** rules' literals occur in each segment of the packed spans sp; spans
** pushes the spans of rule i (1-based) with the other segments emptied
** (hits and spans at stack indexes hi, si) and returns how many segments
** it emptied. */
void ay_prefilter_scan (lua_State *L, int ai, const char *s, size_t len, const char *sp, size_t spl);
lua_Integer ay_prefilter_spans (lua_State *L, int ai, int hi, int si, lua_Integer i);

/* lhs.c: the prefilter's Vectorscan backend.  ay_hs_ready loads libhs on
** its first call (dlib.c) and returns NULL when the backend can run, else
** why not (built without Vectorscan, the library cannot be loaded: its
** soname and dlerror, or the CPU lacks what it needs); ay_hs_version is
** the loaded library's version, else NULL.  An entry is a rule's pattern
** (PCRE2 syntax, re.compile flag letters) or one of its literals (bytes);
** id is its rule (0-based).  ay_hs_new sets rejected[i] for each entry left
** out and returns NULL when none is left.  ay_hs_scan calls on(id, end,
** ud) for the end (exclusive byte offset) of each match in s of an entry of
** rule id (a nonzero return stops the scan); -1 on a scan error. */
typedef struct AyHs AyHs;
typedef struct AyHsEntry {
  const char *s; size_t len;
  int literal;
  const char *flags;
  unsigned id;
} AyHsEntry;
const char *ay_hs_ready (void);
const char *ay_hs_version (void);
AyHs *ay_hs_new (size_t n, const AyHsEntry *e, unsigned char *rejected);
typedef int (*AyHsHit) (unsigned id, size_t end, void *ud);
int ay_hs_scan (AyHs *h, const char *s, size_t len, AyHsHit on, void *ud);
void ay_hs_free (AyHs *h);

/* lfacts.c: append one block of hits (w int32 each, r:scan's packing) to
** a fact blob (see factpack.pack).  When w is 7, the scale group's factors
** are table[key] (then [field] when field is not NULL) of the table at
** stack index ftab. */
void ay_pack_block (lua_State *L, luaL_Buffer *b, const char *rule, size_t rl,
                    const char *kind, size_t kl, const char *text, const char *hits, size_t hl,
                    int w, int numeric, int ftab, lua_Integer fkey, const char *field);

/* ljson.c: json.encode of the value at idx, pushed (null and array_mt at
** stack indexes nulli, amti: assay.json's null and array_mt); raises as
** json.encode does. */
void ay_json_encode (lua_State *L, int idx, int nulli, int amti);

/* lwire.c: the batch run's wire format (its header has the bytes).  A
** write buffer grows in a userdata box at stack index idx (ay_wb_init
** pushes it), so a raise leaks nothing and the stack above it is free. */
typedef struct AyWb { lua_State *L; int idx; char *p; size_t len, cap; } AyWb;
void ay_wb_init (lua_State *L, AyWb *w);
void ay_wb_keep (lua_State *L, AyWb *w, int idx, size_t len);  /* go on in the box at idx, after len bytes */
void ay_wb_add (AyWb *w, const void *s, size_t n);
void ay_wb_reserve (AyWb *w, size_t n);                   /* room for n more bytes, at once */
void ay_wb_u32 (AyWb *w, uint32_t v);
void ay_wb_setu32 (AyWb *w, size_t at, uint32_t v);           /* over the u32 at byte at */
void ay_wb_i64 (AyWb *w, int64_t v);
void ay_wb_str (AyWb *w, const char *s, size_t len);    /* s NULL: absent */
void ay_wb_push (AyWb *w);                              /* the bytes as a string */
typedef struct AyStr { const char *s; size_t len; } AyStr;   /* s NULL: absent */
typedef struct AyRd { const char *p, *end; int bad; } AyRd;
typedef struct AyWireDoc {
  AyStr key, name, path, text, hash, enc, meta;
  int64_t bytes;
  int textok;                   /* the text is valid UTF-8 without NUL */
} AyWireDoc;
typedef struct AyWireArt {
  int64_t seq, start, stop;
  const char *title, *date, *source, *authors;   /* VALUEs (lfacts.c's ay_bind_value), NULL: NULL */
  int boiler;
} AyWireArt;
typedef struct AyWireResult {
  AyWireDoc doc;
  uint32_t nfacts, nerrors, nstats, narts;
  AyStr facts, meta;
  const char *errors, *stats, *arts, *arts_end, *end;
  const char *title, *date, *source;             /* VALUEs */
} AyWireResult;
void ay_wire_doc (AyWb *w, const AyWireDoc *d);
/* ROW of the meta table at stack index meta (0: none), with the reader's
** meta at rmeta (0: none) */
void ay_wire_row (AyWb *w, int meta, int rmeta, int no_text);
/* a whole "R" result; errors, stats, order, meta, rmeta: stack indexes (0: none) */
void ay_wire_result (AyWb *w, const AyWireDoc *d, uint32_t nfacts, const char *blob, size_t bl,
                     int errors, int stats, int order, int meta, int rmeta, int no_text);
/* STATS of the table at idx (by rule name) in the order of the array at
** order (0 idx: a count of 0) */
void ay_wire_stats (AyWb *w, int idx, int order);
int ay_wire_readdoc (AyRd *r, AyWireDoc *d);
int ay_wire_read (const char *s, size_t len, AyWireResult *res);   /* 0: not an "R" or corrupt */
int ay_wire_nextart (AyRd *r, AyWireArt *a);
int ay_wire_filejob (const char *s, size_t len, AyStr *path, AyStr *kh, AyStr *kr, AyStr *key);
/* a batch ("M"): 1 and its count of items, which start at byte 5 */
int ay_wire_batch (const char *s, size_t len, uint32_t *n);
/* the next framed item of a batch body s[*pos..len): 0 when none is whole */
int ay_wire_next (const char *s, size_t len, size_t *pos, const char **item, size_t *il);
/* the bytes of a batch result at stack index i: a string, or a box (a
** userdata without a metatable) and its length at stack index ni */
const char *ay_wire_bytes (lua_State *L, int i, int ni, size_t *len);
/* lfacts.c: bind a VALUE (tag and payload; NULL: SQL NULL) */
int ay_bind_value (struct sqlite3_stmt *st, int i, const char *v, const char *end);
/* }====== */

#endif
