/*
** assay.h: what the engine's C files share.
**
** The ay_* helpers (host.c, utf8.c), the metatable names users read in error
** messages (through __name), and the limits, each overridable at build time
** with -DAY_MAX_...=N.  Only luaopen_* and ay_* are global symbols.
*/
#ifndef ASSAY_H
#define ASSAY_H

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
** ay_state(L).  The allocator counts every byte (Lua, PCRE2 contexts made
** with ay_pcre2_gcontext); mem_limit 0 means unlimited. */
typedef struct AyState {
  size_t mem_used;        /* bytes currently allocated through ay_alloc */
  size_t mem_peak;        /* high-water mark of mem_used, bytes */
  size_t mem_limit;       /* budget in bytes; 0 = none */
  int mem_exceeded;       /* set when an allocation was refused for the budget */
  void *user;             /* owned by whoever set it (the batch runner's worker) */
  const char *valid_s;    /* a string known to be valid UTF-8 (ay_mark_valid) */
  size_t valid_len;       /* its length */
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
** cannot be freed, so no other string can take its address. */
void ay_mark_valid (lua_State *L, int idx);
int ay_is_marked_valid (lua_State *L, const char *s, size_t len);

/* Embedded stdlib (tools/embed.c): source of module NAME ("assay.cn"), or NULL. */
const char *ay_stdlib_find (const char *name, size_t *len);
/* The same module compiled to bytecode at build time (what require loads). */
const char *ay_stdlib_code (const char *name, size_t *len);
/* }====== */

/* {====== utf8.c: plain C, no Lua ====== */

/* Decode one code point from s[0..len); returns its byte length (1..4) and
** stores the code point in *cp, or returns 0 for an invalid or truncated
** sequence (overlong forms, surrogates and > U+10FFFF are invalid). */
int ay_utf8_decode (const char *s, size_t len, uint32_t *cp);
/* Byte offset of the first invalid sequence, or len when s is valid. */
size_t ay_utf8_check (const char *s, size_t len);
/* Encode cp into buf (at least 4 bytes); returns the byte length. */
int ay_utf8_encode (uint32_t cp, char *buf);
/* Display width in a terminal: 0 for combining marks and controls, 2 for
** East Asian wide and full-width characters, 1 otherwise. */
int ay_wcwidth (uint32_t cp);
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
int luaopen_assay_prefilter (lua_State *L);

/* A prepared statement (d:prepare) for a C module's bulk work (ldb.c):
** checkout checks the argument and marks it in use; giveback resets it.
** Nothing may raise between the two. */
struct sqlite3_stmt *ay_stmt_checkout (lua_State *L, int idx);
void ay_stmt_giveback (lua_State *L, int idx);

/* 64-bit content hash (lhost.c): fast, not cryptographic */
uint64_t ay_hash64 (const char *s, size_t len);

/* ltext.c: push the spans of kind k of s (what text.spans returns; len
** below 2 GiB); the offset of the first character text.fold would change
** (len when none; ascii 0: mode "alnum") */
enum { AY_SPAN_SENTENCE, AY_SPAN_CLAUSE, AY_SPAN_LINE, AY_SPAN_PARAGRAPH };
void ay_pushspans (lua_State *L, const char *s, size_t len, int k);
size_t ay_fold_first (const char *s, size_t len, int ascii);

/* lre.c: r:scan(s, spans, true, groups) for C: pushes the packed hits of
** the regex at stack index rxi over s[0..len), which the caller knows is
** valid UTF-8, within the packed spans; returns their count; raises as
** r:scan does. */
lua_Integer ay_regex_scan (lua_State *L, int rxi, const char *s, size_t len, const char *spans,
                           size_t spanbytes, const int *groups, int ng);

/* lac.c: the rule-set prefilter at stack index ai.  scan pushes which
** rules' literals occur in each segment of the packed spans sp; spans
** pushes the spans of rule i (1-based) with the other segments emptied
** (hits and spans at stack indexes hi, si) and returns how many segments
** it emptied. */
void ay_prefilter_scan (lua_State *L, int ai, const char *s, size_t len, const char *sp, size_t spl);
lua_Integer ay_prefilter_spans (lua_State *L, int ai, int hi, int si, lua_Integer i);

/* lfacts.c: append one block of hits (w int32 each, r:scan's packing) to
** a fact blob (see factpack.pack).  When w is 7, the scale group's factors
** are table[key] (then [field] when field is not NULL) of the table at
** stack index ftab. */
void ay_pack_block (lua_State *L, luaL_Buffer *b, const char *rule, size_t rl,
                    const char *kind, size_t kl, const char *text, const char *hits, size_t hl,
                    int w, int numeric, int ftab, lua_Integer fkey, const char *field);
/* }====== */

#endif
