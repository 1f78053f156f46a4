/*
** host.c: a lua_State for assay.
**
** Every state gets a counting allocator (AyState in the extra space, so a
** per-document memory budget sees every byte), the standard libraries, the
** C modules (assay.re, text, db, host, pool, json_c, read, job, repl_c,
** factpack, cn_c, meta_c, prefilter, wire: the list in ay_newstate) in package.preload, and a
** searcher for the stdlib modules compiled into the binary.  When the
** environment variable ASSAY_PATH names a source tree's stdlib/ folder, that
** searcher reads ASSAY_PATH/assay/x.lua from disk first, so a developer can
** edit the stdlib without rebuilding.
*/
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "lualib.h"
#include "assay.h"

/* {====== allocator ====== */

static void *ay_alloc (void *ud, void *ptr, size_t osize, size_t nsize) {
  AyState *st = (AyState *)ud;
  size_t old = ptr ? osize : 0;   /* osize holds a type tag when ptr is NULL */
  if (nsize == 0) {
    free(ptr);
    st->mem_used -= old;
    /* The state's own block is the first allocated and the last freed, so
    ** reaching zero means lua_close (or os.exit(c, true)) is done: the
    ** bookkeeping goes with it. */
    if (ptr != NULL && st->mem_used == 0) free(st);
    return NULL;
  }
  if (st->mem_limit && nsize > old && st->mem_used + (nsize - old) > st->mem_limit) {
    st->mem_exceeded = 1;
    return NULL;                  /* Lua raises "not enough memory" */
  }
  void *p = realloc(ptr, nsize);
  if (p == NULL) return NULL;
  st->mem_used = st->mem_used - old + nsize;
  if (st->mem_used > st->mem_peak) st->mem_peak = st->mem_used;
  return p;
}

AyState *ay_state (lua_State *L) {
  void *ud;
  lua_getallocf(L, &ud);
  return (AyState *)ud;
}

static const char validkey = 'v';   /* registry[&validkey] = the marked string */

void ay_mark_valid (lua_State *L, int idx) {
  size_t len;
  const char *s = lua_tolstring(L, idx, &len);
  if (s == NULL) return;
  lua_pushvalue(L, idx);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &validkey);
  AyState *st = ay_state(L);
  st->valid_s = s;
  st->valid_len = len;
  st->valid_plain = 0;
}

void ay_mark_plain (lua_State *L, int idx) {
  ay_mark_valid(L, idx);
  if (lua_type(L, idx) == LUA_TSTRING) ay_state(L)->valid_plain = 1;
}

/* (a prefix of a text without a foldable character has none: one cut
** inside a character ends with part of one, which folds to nothing) */
int ay_known_plain (lua_State *L, const char *s, size_t len) {
  return ay_state(L)->valid_plain && ay_known_utf8(L, s, len) != 0;
}

int ay_is_marked (lua_State *L, const char *s, size_t len) {
  AyState *st = ay_state(L);
  return s != NULL && s == st->valid_s && len == st->valid_len;
}

/* The marked string, or a prefix of it (the same bytes: a copy such as
** text:sub(1, n)): valid when it ends between two characters, else its
** last character is cut.  The compare stops at the first differing byte. */
int ay_known_utf8 (lua_State *L, const char *s, size_t len) {
  AyState *st = ay_state(L);
  const char *v = st->valid_s;
  if (s == NULL || v == NULL || len > st->valid_len || (s != v && memcmp(s, v, len) != 0)) return 0;
  return len == st->valid_len || ((unsigned char)v[len] & 0xC0) != 0x80 ? 1 : AY_CUT_UTF8;
}

int ay_is_marked_valid (lua_State *L, const char *s, size_t len) {
  return ay_known_utf8(L, s, len) == 1;
}
/* }====== */

/* {====== embedded stdlib searcher ====== */

/* Read ASSAY_PATH/<name with dots as slashes>.lua into a new string on the
** stack; returns 1 when found. */
static int load_from_tree (lua_State *L, const char *name) {
  const char *root = getenv("ASSAY_PATH");
  if (root == NULL || *root == '\0') return 0;
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addstring(&b, root);
  luaL_addchar(&b, '/');
  for (const char *p = name; *p; p++) luaL_addchar(&b, *p == '.' ? '/' : *p);
  luaL_addstring(&b, ".lua");
  luaL_pushresult(&b);
  const char *path = lua_tostring(L, -1);
  FILE *f = fopen(path, "rb");
  if (f == NULL) { lua_pop(L, 1); return 0; }
  fclose(f);
  if (luaL_loadfilex(L, path, "t") != LUA_OK) lua_error(L);
  return 1;                                  /* stack: path, chunk */
}

/* Whether a chunk name (lua_Debug.source) is one of assay's own stdlib
** modules, as the searcher below loads them: embedded ("=[assay] NAME") or
** from ASSAY_PATH ("@ASSAY_PATH/..."): the library, not a script's code. */
int ay_stdlib_source (const char *source) {
  if (source == NULL) return 0;
  if (strncmp(source, "=[assay] ", 9) == 0) return 1;
  const char *root = getenv("ASSAY_PATH");
  if (root == NULL || *root == '\0' || source[0] != '@') return 0;
  size_t n = strlen(root);
  return strncmp(source + 1, root, n) == 0 && source[1 + n] == '/';
}

static int searcher (lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  if (load_from_tree(L, name)) {
    lua_insert(L, -2);                        /* chunk, path */
    return 2;
  }
  size_t len;
  const char *code = ay_stdlib_code(name, &len);  /* compiled at build time (tools/embed.c) */
  if (code == NULL) {
    lua_pushfstring(L, "no embedded module '%s'", name);
    return 1;
  }
  lua_pushfstring(L, "=[assay] %s", name);
  const char *chunkname = lua_tostring(L, -1);
  if (luaL_loadbufferx(L, code, len, chunkname, "b") != LUA_OK)
    return luaL_error(L, "error loading embedded module '%s':\n\t%s", name,
                      lua_tostring(L, -1));
  lua_pushfstring(L, "[assay]/%s", name);    /* second value: where it came from */
  return 2;
}

/* Insert the searcher as package.searchers[2], right after preload, so the
** binary's own stdlib cannot be shadowed by files in the current directory. */
static void install_searcher (lua_State *L) {
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "searchers");          /* package, searchers */
  lua_Integer n = (lua_Integer)luaL_len(L, -1);
  for (lua_Integer i = n; i >= 2; i--) {
    lua_rawgeti(L, -1, i);
    lua_rawseti(L, -2, i + 1);
  }
  lua_pushcfunction(L, searcher);
  lua_rawseti(L, -2, 2);
  lua_pop(L, 2);
}
/* }====== */

static void preload (lua_State *L, const char *name, lua_CFunction f) {
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, f);
  lua_setfield(L, -2, name);
  lua_pop(L, 1);
}

static int panic (lua_State *L) {
  const char *msg = lua_tostring(L, -1);
  fprintf(stderr, "assay: unprotected error: %s\n", msg ? msg : "(not a string)");
  return 0;                                  /* abort() follows */
}

lua_State *ay_newstate (void) {
  AyState *st = (AyState *)calloc(1, sizeof(AyState));
  if (st == NULL) return NULL;
  lua_State *L = lua_newstate(ay_alloc, st);
  if (L == NULL) { free(st); return NULL; }
  lua_atpanic(L, panic);
  luaL_openlibs(L);
  preload(L, "assay.re", luaopen_assay_re);
  preload(L, "assay.text", luaopen_assay_text);
  preload(L, "assay.db", luaopen_assay_db);
  preload(L, "assay.host", luaopen_assay_host);
  preload(L, "assay.pool", luaopen_assay_pool);
  preload(L, "assay.json_c", luaopen_assay_json_c);
  preload(L, "assay.read", luaopen_assay_read);
  preload(L, "assay.job", luaopen_assay_job);
  preload(L, "assay.prefilter", luaopen_assay_prefilter);
  preload(L, "assay.repl_c", luaopen_assay_repl_c);
  preload(L, "assay.factpack", luaopen_assay_factpack);
  preload(L, "assay.cn_c", luaopen_assay_cn_c);
  preload(L, "assay.meta_c", luaopen_assay_meta_c);
  preload(L, "assay.wire", luaopen_assay_wire);
  install_searcher(L);
  lua_pushliteral(L, AY_VERSION);
  lua_setglobal(L, "_ASSAY_VERSION");
  lua_pushstring(L, ay_build_id);
  lua_setglobal(L, "_ASSAY_BUILD");
  return L;
}

void ay_closestate (lua_State *L) {
  if (L != NULL) lua_close(L);          /* frees its AyState too: see ay_alloc */
}

static int msghandler (lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

int ay_docall (lua_State *L, int narg, int nres) {
  int base = lua_gettop(L) - narg;
  lua_pushcfunction(L, msghandler);
  lua_insert(L, base);
  int status = lua_pcall(L, narg, nres, base);
  lua_remove(L, base);
  return status;
}
