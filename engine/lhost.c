/*
** lhost.c: the assay.host module, what the Lua side of the engine needs from
** the operating system and the host: a monotonic clock, a fast content
** hash, directory listing, stat and glob (stock Lua has none), terminal
** detection, the number of CPUs, and budgeted calls.
**
**   host.clock() -> seconds (monotonic, float)
**   host.hash(s) -> 16 hex digits (64-bit, not cryptographic: change detection)
**   host.dir(path) -> array of {name=, type=} sorted by name | nil, msg
**   host.stat(path [, nofollow]) -> {type=, size=, mtime=, id = "dev:inode"} | nil, msg
**   host.glob(pattern) -> array of paths (sorted; empty when nothing matches)
**   host.isatty(fd) -> boolean;  host.cpus() -> integer;  host.getenv(name)
**   host.columns(fd) -> the width of the terminal on fd in columns | nil
**   host.catch_interrupt()  from now on Ctrl-C (SIGINT) only sets a flag,
**     the second one kills as usual;  host.interrupted() -> boolean (the flag)
**   host.memory() -> bytes in use, peak bytes (this Lua state)
**   host.exepath() -> path of the assay binary
**   host.readfile(path) -> content, has_nul (first 8 KiB) | nil, msg
**   host.call(fn, limits, ...) -> true, results... | false, message, reason
**     limits = {instructions = N, memory = BYTES, seconds = S, label = TEXT,
**     ceiling = BYTES (memory of the whole state, with memory),
**     redo = FUNCTION (fn may run twice: redo(...) before the second run),
**     trial = S (with redo: at most S seconds before the second run; see RATE_MAX)};
**     reason is "error", "instructions", "memory" or "seconds".  A tripped budget keeps raising until the
**     call returns, so a pcall inside fn cannot swallow it.  An instruction or
**     time budget's message starts with "FILE:LINE: " where it stopped fn
**     (budget_where: the caller's own code, not the stdlib's).
*/
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "assay.h"

/* {====== hash ====== */

/* A 64-bit multiply-xorshift hash over 8-byte words: several GB/s, enough
** to tell whether a document changed since the last run. */
static uint64_t mix (uint64_t h) {
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ULL;
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ULL;
  h ^= h >> 32;
  return h;
}

uint64_t ay_hash64 (const char *s, size_t len) {
  uint64_t a = 0x9e3779b97f4a7c15ULL ^ len, b = 0xc2b2ae3d27d4eb4fULL;
  size_t i = 0;
  for (; i + 16 <= len; i += 16) {
    uint64_t w1, w2;
    memcpy(&w1, s + i, 8);
    memcpy(&w2, s + i + 8, 8);
    a = (a ^ w1) * 0x9fb21c651e98df25ULL;
    b = (b ^ w2) * 0xff51afd7ed558ccdULL;
    a = (a << 29) | (a >> 35);
    b = (b << 31) | (b >> 33);
  }
  size_t rest = len - i;
  if (rest >= 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    a = (a ^ w) * 0x9fb21c651e98df25ULL;
    i += 8;
    rest -= 8;
  }
  uint64_t tail = 0;
  memcpy(&tail, s + i, rest);      /* rest < 8; byte order is the host's */
  b ^= tail;
  return mix(a ^ mix(b));
}

/* The kernel gives a signal sent to the process to any thread that does
** not block it.  Were it one of ours (the watchdog, a pool worker, the
** checkpointer) while the main thread blocks it, the main thread would go
** on waiting: the REPL's reader, which blocks SIGINT but inside pselect,
** read the key typed after a Ctrl-C before it saw the Ctrl-C.  So every
** thread assay starts inherits a mask of all signals but those a thread
** brings on itself (a fault, which the sanitizers report; a write to a
** closed pipe, which ends `assay ... | head` quietly). */
int ay_thread_start (pthread_t *t, const pthread_attr_t *at, void *(*fn)(void *), void *arg) {
  static const int own[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT, SIGPIPE };
  sigset_t all, old;
  sigfillset(&all);
  for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) sigdelset(&all, own[i]);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  int rc = pthread_create(t, at, fn, arg);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return rc;
}

static int host_hash (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  char buf[17];
  uint64_t h = ay_hash64(s, len);
  for (int i = 15; i >= 0; i--) { buf[i] = "0123456789abcdef"[h & 15]; h >>= 4; }
  lua_pushlstring(L, buf, 16);
  return 1;
}
/* }====== */

static int host_clock (lua_State *L) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec * 1e-9);
  return 1;
}

static int pushfail (lua_State *L, const char *what, const char *path) {
  lua_pushnil(L);
  lua_pushfstring(L, "%s: %s", path, strerror(errno));
  (void)what;
  return 2;
}

static const char *typename_of (mode_t m) {
  if (S_ISREG(m)) return "file";
  if (S_ISDIR(m)) return "dir";
  if (S_ISLNK(m)) return "link";
  return "other";
}

static int host_stat (lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  int nofollow = lua_toboolean(L, 2);
  struct stat st;
  if ((nofollow ? lstat(path, &st) : stat(path, &st)) != 0) return pushfail(L, "stat", path);
  lua_createtable(L, 0, 3);
  lua_pushstring(L, typename_of(st.st_mode));
  lua_setfield(L, -2, "type");
  lua_pushinteger(L, (lua_Integer)st.st_size);
  lua_setfield(L, -2, "size");
  lua_pushinteger(L, (lua_Integer)st.st_mtime);
  lua_setfield(L, -2, "mtime");
  /* device and inode: what tells one file or directory from another, as
  ** a string (the walk's loop detection keys a table with it) */
  lua_pushfstring(L, "%I:%I", (lua_Integer)st.st_dev, (lua_Integer)st.st_ino);
  lua_setfield(L, -2, "id");
  return 1;
}

typedef struct DirEnt {
  uint64_t key;                  /* the name's first 8 bytes, big-endian: most compares end here */
  const char *name;              /* kept alive by listdir's string of all names */
  unsigned char dtype;           /* readdir's d_type: DT_UNKNOWN on some file systems */
} DirEnt;

static uint64_t prefixkey (const char *s) {
  uint64_t k = 0;
  int i = 0;
  for (; i < 8 && s[i]; i++) k = (k << 8) | (unsigned char)s[i];
  return k << (8 * (8 - i));     /* a shorter name sorts first: zero bytes pad it */
}

static int cmpname (const void *x, const void *y) {
  return strcmp(((const DirEnt *)x)->name, ((const DirEnt *)y)->name);
}

/* Sorts a[0..n) bytewise (strcmp order) by name, tmp holding n more:
** a radix sort on the 8-byte prefix keys (a byte position all keys share
** costs one counting pass), then runs of equal keys by strcmp.  A big
** directory's listing is on the critical path of a batch run's start. */
static void sortents (DirEnt *a, DirEnt *tmp, size_t n) {
  DirEnt *src = a, *dst = tmp;
  for (int shift = 0; shift < 64; shift += 8) {
    size_t count[256] = {0};
    for (size_t i = 0; i < n; i++) count[(src[i].key >> shift) & 255]++;
    if (n == 0 || count[(src[0].key >> shift) & 255] == n) continue;
    size_t pos = 0;
    for (int c = 0; c < 256; c++) { size_t k = count[c]; count[c] = pos; pos += k; }
    for (size_t i = 0; i < n; i++) dst[count[(src[i].key >> shift) & 255]++] = src[i];
    DirEnt *t = src; src = dst; dst = t;
  }
  if (src != a) memcpy(a, src, n * sizeof *a);
  for (size_t i = 0; i < n; ) {                      /* runs of equal keys: by strcmp */
    size_t j = i + 1;
    while (j < n && a[j].key == a[i].key) j++;
    if (j - i > 1) qsort(a + i, j - i, sizeof *a, cmpname);   /* names sharing 8 bytes */
    i = j;
  }
}

/* A directory's entries, sorted (listdir's): n DirEnt and as many again
** of scratch space; user value 1 the string of all names (the DirEnt
** point into it). */
typedef struct Listing {
  lua_Integer n;
  DirEnt e[];
} Listing;

#define AY_LISTING "assay.listing"

/* host.list's first result: the sorted names in one block (n offsets,
** then the names, each ending in a NUL) from the state's allocator (its
** memory budget holds) but not from its collector: ~20 bytes a name, which
** the collector's pause (4x the heap in a rule state, see assay.engine)
** does not multiply, as it would a userdata's.  User value 1: the prefix
** of the paths it gives. */
typedef struct Paths {
  lua_Integer n;
  size_t pfl;                    /* bytes of the prefix */
  size_t size;                   /* bytes of the block */
  uint32_t *off;                 /* n offsets into names; the block */
  const char *names;
} Paths;

static int paths_gc (lua_State *L) {
  Paths *ps = (Paths *)lua_touserdata(L, 1);
  void *ud;
  lua_Alloc f = lua_getallocf(L, &ud);
  if (ps->off != NULL) f(ud, ps->off, ps->size, 0);
  ps->off = NULL; ps->n = 0;
  return 0;
}

/* The entries of path except . and .., sorted bytewise: pushes one string
** holding every name (with its d_type before it and a NUL after it; the
** DirEnt point into it) and a Listing of them in sorted order;
** returns n.  Nothing can raise while the directory is open, and the
** names' malloc'd memory is owned by a box with __gc until they are a Lua
** string.  -1 with nil, msg pushed when the directory cannot be opened. */
static int freebox (lua_State *L) {
  char **box = (char **)lua_touserdata(L, 1);
  free(*box);
  *box = NULL;
  return 0;
}

static lua_Integer listdir (lua_State *L, const char *path, DirEnt **out) {
  /* the names go into malloc'd memory owned by a box (freed by its __gc
  ** should anything below raise): nothing can raise while the DIR is open */
  char **box = (char **)lua_newuserdatauv(L, sizeof(char *), 0);
  *box = NULL;
  if (luaL_newmetatable(L, "assay.listbox")) {
    lua_pushcfunction(L, freebox);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  DIR *d = opendir(path);
  if (d == NULL) { lua_pop(L, 1); pushfail(L, "opendir", path); return -1; }
  size_t len = 0, cap = 0;
  lua_Integer n = 0;
  int oom = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    size_t nl = strlen(e->d_name);
    if (len + nl + 2 > cap) {
      size_t nc = cap ? 2 * cap : 65536;
      while (nc < len + nl + 2) nc *= 2;
      char *np = (char *)realloc(*box, nc);
      if (np == NULL) { oom = 1; break; }
      *box = np; cap = nc;
    }
    (*box)[len] = (char)e->d_type;
    memcpy(*box + len + 1, e->d_name, nl + 1);
    len += nl + 2;
    n++;
  }
  closedir(d);
  if (oom) luaL_error(L, "host.list: not enough memory for the names in %s", path);
  lua_pushlstring(L, *box ? *box : "", len);         /* may raise: the box frees */
  free(*box);
  *box = NULL;
  lua_remove(L, -2);                                 /* the box */
  const char *p = lua_tostring(L, -1);
  Listing *ls = (Listing *)lua_newuserdatauv(L, sizeof(Listing) + sizeof(DirEnt) * (size_t)(2 * n), 1);
  ls->n = n;
  lua_pushvalue(L, -2);
  lua_setiuservalue(L, -2, 1);                       /* the names stay alive with it */
  DirEnt *names = ls->e;
  for (lua_Integer i = 0; i < n; i++) {
    names[i].dtype = (unsigned char)p[0];
    names[i].name = p + 1;                           /* kept alive by the string below */
    names[i].key = prefixkey(names[i].name);
    p += strlen(p + 1) + 2;
  }
  sortents(names, names + n, (size_t)n);
  *out = names;
  return n;
}

/* What entry e of path is: d_type says "file" or "dir" without a system
** call; links and file systems that do not fill d_type take the lstat. */
static const char *entrytype (lua_State *L, const char *path, size_t plen, const DirEnt *e) {
  if (e->dtype == DT_REG) return "file";
  if (e->dtype == DT_DIR) return "dir";
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addlstring(&b, path, plen);
  if (plen && path[plen - 1] != '/') luaL_addchar(&b, '/');
  luaL_addstring(&b, e->name);
  luaL_pushresult(&b);
  struct stat st;
  const char *type = "missing";                      /* a dangling symlink */
  if (lstat(lua_tostring(L, -1), &st) == 0) {
    type = typename_of(st.st_mode);
    if (S_ISLNK(st.st_mode)) {
      struct stat t;
      if (stat(lua_tostring(L, -1), &t) == 0) type = S_ISDIR(t.st_mode) ? "linkdir" : "link";
      else type = "broken";
    }
  }
  lua_pop(L, 1);
  return type;
}

/* host.dir(path) -> array of {name =, type =} sorted bytewise by name
** (type: "file", "dir", "link", "linkdir", "broken", ...) | nil, msg */
static int host_dir (lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  DirEnt *names;
  lua_Integer n = listdir(L, path, &names);
  if (n < 0) return 2;
  lua_createtable(L, (int)n, 0);                     /* all names, scratch, result */
  size_t plen = strlen(path);
  for (lua_Integer i = 0; i < n; i++) {
    lua_createtable(L, 0, 2);
    lua_pushstring(L, names[i].name);
    lua_setfield(L, -2, "name");
    lua_pushstring(L, entrytype(L, path, plen, &names[i]));
    lua_setfield(L, -2, "type");
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

/* host.list(path [, prefix]) -> paths, kinds | nil, msg: host.dir flat,
** for walking big directories: the names sorted bytewise, each after
** prefix (the paths a walk wants), as a listing indexed like an array
** (#paths, paths[i]; the strings are made when asked), and a string with
** one letter per name: f file, d dir, l link to a file, L link to a
** directory, b broken link, o anything else.  No table per entry. */
static int host_list (lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  size_t pfl = 0;
  const char *pf = luaL_optlstring(L, 2, "", &pfl);
  lua_settop(L, 2);                                  /* path, prefix: kept alive */
  DirEnt *names;
  lua_Integer n = listdir(L, path, &names);
  if (n < 0) return 2;
  size_t total = 0;
  for (lua_Integer i = 0; i < n; i++) total += strlen(names[i].name) + 1;
  if (total > UINT32_MAX) return luaL_error(L, "host.list: too many names in %s", path);
  Paths *ps = (Paths *)lua_newuserdatauv(L, sizeof(Paths), 1);
  ps->n = 0; ps->pfl = pfl; ps->off = NULL; ps->names = NULL;
  luaL_setmetatable(L, AY_LISTING);                  /* all names, listing, paths */
  void *ud;
  lua_Alloc f = lua_getallocf(L, &ud);
  ps->size = sizeof(uint32_t) * (size_t)n + total + 1;
  ps->off = (uint32_t *)f(ud, NULL, LUA_TUSERDATA, ps->size);
  if (ps->off == NULL) return luaL_error(L, "host.list: not enough memory for the names in %s", path);
  char *q = (char *)(ps->off + n);
  ps->names = q;
  for (lua_Integer i = 0; i < n; i++) {
    size_t nl = strlen(names[i].name);
    ps->off[i] = (uint32_t)(q - ps->names);
    memcpy(q, names[i].name, nl + 1);
    q += nl + 1;
  }
  ps->n = n;
  lua_pushlstring(L, pf, pfl);
  lua_setiuservalue(L, -2, 1);
  size_t plen = strlen(path);
  luaL_Buffer b;
  luaL_buffinit(L, &b);                              /* kinds: nothing but it on the stack from here */
  for (lua_Integer i = 0; i < n; i++) {
    char k;
    if (names[i].dtype == DT_REG) k = 'f';
    else if (names[i].dtype == DT_DIR) k = 'd';
    else {
      const char *t = entrytype(L, path, plen, &names[i]);
      k = strcmp(t, "file") == 0 ? 'f' : strcmp(t, "dir") == 0 ? 'd' : strcmp(t, "link") == 0 ? 'l'
        : strcmp(t, "linkdir") == 0 ? 'L' : strcmp(t, "broken") == 0 ? 'b' : 'o';
    }
    luaL_addchar(&b, k);
  }
  luaL_pushresult(&b);
  return 2;
}

/* listing[i] -> the i-th path (prefix .. name), made when asked: a walk
** starts on the first files before the strings of the others exist. */
static int listing_index (lua_State *L) {
  Paths *ls = (Paths *)luaL_checkudata(L, 1, AY_LISTING);
  int ok;
  lua_Integer i = lua_tointegerx(L, 2, &ok);
  if (!ok || i < 1 || i > ls->n) return 0;
  const char *name = ls->names + ls->off[i - 1];
  size_t nl = strlen(name);
  lua_getiuservalue(L, 1, 1);
  const char *pf = lua_tostring(L, -1);
  char buf[1024];
  if (ls->pfl + nl <= sizeof buf) {
    memcpy(buf, pf, ls->pfl);
    memcpy(buf + ls->pfl, name, nl);
    lua_pushlstring(L, buf, ls->pfl + nl);
  } else {
    lua_pushstring(L, name);
    lua_concat(L, 2);
  }
  return 1;
}

static int listing_len (lua_State *L) {
  Paths *ls = (Paths *)luaL_checkudata(L, 1, AY_LISTING);
  lua_pushinteger(L, ls->n);
  return 1;
}

static int host_glob (lua_State *L) {
  const char *pat = luaL_checkstring(L, 1);
  glob_t g;
  int rc = glob(pat, 0, NULL, &g);
  lua_newtable(L);
  if (rc == 0) {
    for (size_t i = 0; i < g.gl_pathc; i++) {
      if (!lua_checkstack(L, 2)) break;
      lua_pushstring(L, g.gl_pathv[i]);              /* a memory error here would leak g */
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
  }
  globfree(&g);
  return 1;
}

static int host_isatty (lua_State *L) {
  lua_pushboolean(L, isatty((int)luaL_checkinteger(L, 1)));
  return 1;
}

/* nil when fd is no terminal or the terminal gives no size (a pty
** made without one reports 0 columns) */
static int host_columns (lua_State *L) {
  struct winsize ws;
  int fd = (int)luaL_checkinteger(L, 1);
  if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) lua_pushinteger(L, ws.ws_col);
  else lua_pushnil(L);
  return 1;
}

/* {====== Ctrl-C for batch commands ====== */

static volatile sig_atomic_t interrupted = 0;

static void on_interrupt (int sig) {
  interrupted = 1;
  signal(sig, SIG_DFL);                  /* a second Ctrl-C kills at once */
}

static int host_catch_interrupt (lua_State *L) {
  (void)L;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_interrupt;
  sa.sa_flags = SA_RESTART;              /* reads and waits go on; the flag is polled */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  return 0;
}

static int host_interrupted (lua_State *L) {
  lua_pushboolean(L, interrupted != 0);
  return 1;
}
/* }====== */

static int host_cpus (lua_State *L) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  lua_pushinteger(L, n > 0 ? n : 1);
  return 1;
}

static int host_memory (lua_State *L) {
  AyState *st = ay_state(L);
  lua_pushinteger(L, (lua_Integer)st->mem_used);
  lua_pushinteger(L, (lua_Integer)st->mem_peak);
  return 2;
}

/* {====== budgeted calls ====== */

#define BUDGET_STEP 1000          /* instructions between hook calls */

/* The trial.  While a count hook is set, Lua 5.4 calls luaG_traceexec
** before every instruction, whatever the count: an instruction budget
** costs a rule 10-15 % of its time.  So a call with a redo function first
** runs without the hook, for at most TRIAL = instructions / RATE_MAX
** seconds of its thread's CPU time.  RATE_MAX bounds the VM instructions
** a thread can run in a second on any machine: Lua 5.4 runs 2-5e8 a second here (a
** numeric for loop, an addition loop), ~1e9 on the fastest desktop cores;
** 1e10 would take 2 instructions a cycle at 5 GHz from an interpreter
** whose every instruction is a load, a decode and an indirect jump.  The
** VM runs only while its thread is on a CPU, so a call that ends within
** TRIAL seconds of the thread's CPU time (CLOCK_THREAD_CPUTIME_ID: what a
** busy machine's other processes take is not counted) ran fewer
** instructions than its budget: its outcome is the one the count hook
** gives.  Otherwise (it ended late, or the watchdog stopped it at TRIAL)
** redo is called and fn runs again from the start under the count hook,
** which ends as a counted call does (results, or the instruction budget
** error at the same instruction).  How late the watchdog stops a trial
** does not matter: a late trial is never accepted.  Budgets under
** TRIAL_MIN seconds (a test's --instructions 1000) keep the hook from the
** start; ASSAY_BUDGET_TRIAL=0 makes every trial run twice (tests), =off
** turns trials off (measurements). */
#define RATE_MAX 1e10             /* VM instructions a second, at most */
#define TRIAL_MIN 0.002           /* seconds: shorter trials are not tried */

/* The active budget of a state: a struct on host_call's C stack, reachable
** from the hook through a light userdata in the registry (statics would be
** shared by the worker threads). */
static const char BUDGET_KEY = 'b';

typedef struct Budget {
  lua_Integer left;               /* instructions still allowed */
  lua_Integer limit;              /* instructions at the start, for the message */
  int tripped;                    /* 0, or 1 once exceeded: raise on every hook */
  volatile sig_atomic_t late;     /* set by the watchdog: the time is up */
  double seconds;                 /* the time budget, for the message */
  struct Budget *up;              /* the budget of the enclosing call, or NULL */
  int counted;                    /* 1: instructions are counted (a count hook runs) */
  volatile sig_atomic_t over;     /* set by the watchdog: the trial is over */
  char where[192];                /* "FILE:LINE" where the hook stopped it ("": not known) */
  char in[96];                    /* " in function 'f'", " in a call to 'f'", or "" */
} Budget;

/* 2 when the time of a budget is up, 3 when a trial is over (its call
** runs again), else 0: what stops a call before its instructions do. */
static int stopped (const Budget *b) {
  int why = 0;
  for (; b != NULL; b = b->up) {
    if (b->late) return 2;
    if (b->over) why = 3;
  }
  return why;
}

/* Where a budget stopped the call, as its message tells (b->where,
** b->in): the innermost Lua frame of the caller's own code, not of
** assay's stdlib (ay_stdlib_source: a rule looping in a call to
** cn.quantities is stopped inside cn, but its line is the rule's), else
** the innermost Lua frame.  The function is named when it helps: a
** function of the caller's own code called from its own code, or the
** library function the chosen frame was calling.  Called from the hook,
** once per call; reads the stack only (no allocation). */
static void budget_where (lua_State *L, Budget *b) {
  lua_Debug ar, inner;
  memset(&inner, 0, sizeof inner);
  int have_inner = 0, first = -1;           /* the frame just inside; the innermost Lua level */
  char fallback[sizeof b->where] = "";
  for (int level = 0; lua_getstack(L, level, &ar); level++) {
    if (!lua_getinfo(L, "Sln", &ar)) break;
    if (*ar.what == 'C' || ar.currentline < 0) { inner = ar; have_inner = 1; continue; }
    if (first < 0) {
      first = level;
      snprintf(fallback, sizeof fallback, "%s:%d", ar.short_src, ar.currentline);
    }
    if (!ay_stdlib_source(ar.source)) {
      snprintf(b->where, sizeof b->where, "%s:%d", ar.short_src, ar.currentline);
      b->in[0] = '\0';
      if (level > first && have_inner && inner.name != NULL) {
        snprintf(b->in, sizeof b->in, " in a call to '%s'", inner.name);
      } else if (level == first && ar.name != NULL) {
        lua_Debug up;                       /* its caller: the caller's own code too? */
        if (lua_getstack(L, level + 1, &up) && lua_getinfo(L, "S", &up) && *up.what != 'C'
            && !ay_stdlib_source(up.source))
          snprintf(b->in, sizeof b->in, " in function '%s'", ar.name);
      }
      return;
    }
    inner = ar; have_inner = 1;
  }
  memcpy(b->where, fallback, sizeof fallback);
  b->in[0] = '\0';
}

static void budget_hook (lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_rawgetp(L, LUA_REGISTRYINDEX, &BUDGET_KEY);
  Budget *b = (Budget *)lua_touserdata(L, -1);
  lua_pop(L, 1);
  if (b == NULL) return;
  if (!b->tripped) {
    int why = stopped(b);
    if (!why) {
      b->left -= BUDGET_STEP;
      if (b->left > 0) return;
    }
    b->tripped = why ? why : 1;
    /* re-arm to fire on every line and often, so a pcall in the rule that
    ** catches the error only runs until its next instruction */
    lua_sethook(L, budget_hook, LUA_MASKCOUNT | LUA_MASKLINE, 1);
  }
  if (b->tripped == 3) luaL_error(L, "trial over: the call runs again");
  if (b->where[0] == '\0') budget_where(L, b);
  if (b->tripped == 2) luaL_error(L, "time budget exceeded");
  luaL_error(L, "instruction budget exceeded (limit is %I instructions)", b->limit);
}

/* The watchdog: one thread for the process, started by the first call with
** a time budget or a trial.  Each such call takes a slot; at the end of
** its trial the watchdog marks the trial over, past its deadline the
** budget late, and sets the hook to fire at once, which
** stops Lua code at its next instruction.  Code that never reaches one (a
** Lua string pattern backtracking in C, a finalizer or message handler run
** with hooks off) is still there a grace period later: then the process
** exits with a message naming the rule, as a kill would (the database is
** crash-safe). */
#define WD_SLOTS 256
#define WD_LABEL 160

typedef struct WdSlot {
  lua_State *L;                   /* NULL: free */
  Budget *b;
  double deadline, hard;          /* host.clock() times (HUGE_VAL: none) */
  double trial;                   /* end of the trial (CPU time of cpu), or HUGE_VAL */
  clockid_t cpu;                  /* the CPU clock of the call's thread */
  char label[WD_LABEL];
} WdSlot;

static pthread_mutex_t wd_mu = PTHREAD_MUTEX_INITIALIZER;
static WdSlot wd_slot[WD_SLOTS];
static int wd_running;
static volatile sig_atomic_t wd_stop;     /* set at exit: the thread returns */
static pthread_cond_t wd_cv;              /* the watchdog's nap: signalled at exit */
static int cv_ready;                      /* wd_cv initialized */
static pthread_t wd_thread;

/* At exit the watchdog is stopped and joined: a thread still running then
** keeps glibc from freeing what dlopen allocated (valgrind reports it).  It
** is woken, not waited for: a nap it finished first held every process's
** exit up to WD_TICK (10 ms on average, ~3 % of a 0.3 s batch run). */
static void wd_atexit (void) {
  if (!wd_running) return;
  pthread_mutex_lock(&wd_mu);
  wd_stop = 1;
  pthread_cond_signal(&wd_cv);
  pthread_mutex_unlock(&wd_mu);
  pthread_join(wd_thread, NULL);
  wd_running = 0;
}

static double now (void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of a thread, or HUGE_VAL when its clock cannot be read. */
static double cputime (clockid_t cpu) {
  struct timespec ts;
  if (clock_gettime(cpu, &ts) != 0) return HUGE_VAL;
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The watchdog wakes every WD_TICK seconds, and sooner when a trial ends
** before that: a trial's CPU time cannot run out before the wall time it
** still has, so it sleeps until then (at least WD_TICK_MIN) and looks again.
** A trial that runs over is stopped within about WD_TICK_MIN of its end
** (with a fixed tick, up to WD_TICK late: CPU time the call then runs for
** nothing, as it runs again under the count hook). */
#define WD_TICK 0.020
#define WD_TICK_MIN 0.001

static void *watchdog (void *arg) {
  (void)arg;
  double nap = WD_TICK;
  pthread_mutex_lock(&wd_mu);
  while (!wd_stop) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    long ns = ts.tv_nsec + (long)(nap * 1e9);
    ts.tv_sec += ns / 1000000000L;
    ts.tv_nsec = ns % 1000000000L;
    pthread_cond_timedwait(&wd_cv, &wd_mu, &ts);   /* early (exit, spurious): only looks sooner */
    if (wd_stop) break;
    double t = now();
    nap = WD_TICK;
    for (int i = 0; i < WD_SLOTS; i++) {
      WdSlot *w = &wd_slot[i];
      if (w->L == NULL) continue;
      if (w->trial < HUGE_VAL && !w->b->over) {
        double left = w->trial - cputime(w->cpu);
        if (left <= 0) {
          w->b->over = 1;
          lua_sethook(w->L, budget_hook, LUA_MASKCOUNT | LUA_MASKLINE | LUA_MASKCALL, 1);
        } else if (left < nap) nap = left > WD_TICK_MIN ? left : WD_TICK_MIN;
      }
      if (t < w->deadline) continue;
      if (!w->b->late) {
        w->b->late = 1;
        lua_sethook(w->L, budget_hook, LUA_MASKCOUNT | LUA_MASKLINE | LUA_MASKCALL, 1);
      } else if (t >= w->hard) {
        fprintf(stderr, "assay: %s ran past its time budget (%g s) where it cannot be stopped "
                "(a Lua string pattern, a __gc or a message handler): exiting\n",
                w->label[0] ? w->label : "a budgeted call", w->b->seconds);
        fflush(stderr);
        _exit(3);
      }
    }
  }
  pthread_mutex_unlock(&wd_mu);
  return NULL;
}

/* A slot for this call, or -1 (all taken, or no thread could start: the
** call then runs without a time budget, as before there was one, and
** without a trial).  seconds 0: none; *trial < 0: none, and set to -1
** when the thread's CPU clock cannot be watched. */
static int wd_arm (lua_State *L, Budget *b, double seconds, double *trial, const char *label) {
  int got = -1;
  pthread_mutex_lock(&wd_mu);
  if (!wd_running && !wd_stop) {
    if (!cv_ready) {                                 /* naps on the clock now() reads */
      pthread_condattr_t ca;
      pthread_condattr_init(&ca);
      pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
      cv_ready = pthread_cond_init(&wd_cv, &ca) == 0;
      pthread_condattr_destroy(&ca);
    }
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setstacksize(&at, 64 * 1024);
    if (cv_ready && ay_thread_start(&wd_thread, &at, watchdog, NULL) == 0) {
      wd_running = 1;
      atexit(wd_atexit);
    }
    pthread_attr_destroy(&at);
  }
  for (int i = 0; wd_running && i < WD_SLOTS; i++) {
    if (wd_slot[i].L != NULL) continue;
    WdSlot *w = &wd_slot[i];
    w->L = L; w->b = b;
    double t = now();
    w->deadline = seconds > 0 ? t + seconds : HUGE_VAL;
    w->hard = w->deadline + (seconds > 1.0 ? seconds : 1.0);
    w->trial = HUGE_VAL;
    if (*trial >= 0 && pthread_getcpuclockid(pthread_self(), &w->cpu) == 0)
      w->trial = cputime(w->cpu) + *trial;
    if (w->trial == HUGE_VAL) *trial = -1;
    snprintf(w->label, sizeof w->label, "%s", label ? label : "");
    got = i;
    break;
  }
  pthread_mutex_unlock(&wd_mu);
  return got;
}

/* The trial of a slot is done: the watchdog no longer stops it. */
static void wd_endtrial (int slot) {
  pthread_mutex_lock(&wd_mu);
  wd_slot[slot].trial = HUGE_VAL;
  pthread_mutex_unlock(&wd_mu);
}

static void wd_disarm (int slot) {
  if (slot < 0) return;
  pthread_mutex_lock(&wd_mu);
  wd_slot[slot].L = NULL;
  pthread_mutex_unlock(&wd_mu);
}

/* The trial of a call with a budget of instr instructions (see RATE_MAX),
** in seconds, or -1 for none; cap >= 0: at most that long (limits.trial). */
static double trial_seconds (lua_Integer instr, double cap) {
  const char *e = getenv("ASSAY_BUDGET_TRIAL");
  if (e != NULL && strcmp(e, "off") == 0) return -1;
  if (e != NULL && strcmp(e, "0") == 0) return 0;
  double t = (double)instr / RATE_MAX;
  if (cap >= 0) return cap < t ? cap : t;
  return t >= TRIAL_MIN ? t : -1;
}

/* Runs fn (at 1; redo at 2, the arguments above) for a trial of at most
** `trial` seconds, then, unless the trial counts, redo and fn again under
** the count hook: the status of the run that counts, its results or error
** on top. */
static int trial_call (lua_State *L, Budget *b, double trial, int slot) {
  int n = lua_gettop(L);              /* (the stack has room for n more: host_call) */
  for (int i = 1; i <= n; i++) if (i != 2) lua_pushvalue(L, i);   /* fn, args... */
  double t0 = cputime(CLOCK_THREAD_CPUTIME_ID);
  int status = ay_docall(L, n - 2, LUA_MULTRET);
  wd_endtrial(slot);                  /* before b->over is read: no later stop */
  double used = cputime(CLOCK_THREAD_CPUTIME_ID) - t0;     /* (NaN if unreadable: not < trial) */
  if (b->late || (!b->over && !b->tripped && used < trial)) {
    lua_rotate(L, 1, -n);             /* what the trial gave counts */
    lua_pop(L, n);
    return status;
  }
  lua_settop(L, n);
  lua_sethook(L, NULL, 0, 0);
  ay_state(L)->mem_exceeded = 0;
  b->left = b->limit;
  b->tripped = 0;
  b->over = 0;
  b->counted = 1;
  b->where[0] = '\0';
  for (int i = 2; i <= n; i++) lua_pushvalue(L, i);
  status = ay_docall(L, n - 2, 0);    /* redo(args...): undo what the trial did */
  if (status != LUA_OK) return status;
  lua_remove(L, 2);
  lua_sethook(L, budget_hook, LUA_MASKCOUNT, BUDGET_STEP);
  return ay_docall(L, n - 2, LUA_MULTRET);
}

/* host.call(fn, limits, ...): limits = {instructions =, memory =, seconds =,
** label =, redo =, trial =}.  A call inside a budgeted call never gets
** more than what is left of the outer budget, and what it uses counts
** against the outer. */
static int host_call (lua_State *L) {
  luaL_checkany(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_Integer instr = (lua_getfield(L, 2, "instructions"), luaL_optinteger(L, -1, 0));
  lua_Integer mem = (lua_getfield(L, 2, "memory"), luaL_optinteger(L, -1, 0));
  lua_Number secs = (lua_getfield(L, 2, "seconds"), luaL_optnumber(L, -1, 0));
  const char *label = (lua_getfield(L, 2, "label"), lua_tostring(L, -1));
  lua_Integer ceiling = (lua_getfield(L, 2, "ceiling"), luaL_optinteger(L, -1, 0));
  lua_pop(L, 1);
  int redo = lua_getfield(L, 2, "redo");
  lua_pop(L, 1);
  luaL_argcheck(L, redo == LUA_TNIL || redo == LUA_TFUNCTION, 2, "redo must be a function");
  int capped = lua_getfield(L, 2, "trial") != LUA_TNIL;
  lua_Number cap = luaL_optnumber(L, -1, 0);
  lua_pop(L, 1);
  luaL_argcheck(L, cap >= 0 && cap < 1e9, 2, "trial must be >= 0");
  luaL_argcheck(L, instr >= 0, 2, "instructions must be >= 0");
  lua_Integer asked = instr;
  luaL_argcheck(L, mem >= 0, 2, "memory must be >= 0");
  luaL_argcheck(L, secs >= 0 && secs < 1e9, 2, "seconds must be >= 0");
  AyState *st = ay_state(L);
  size_t oldlimit = st->mem_limit;
  lua_rawgetp(L, LUA_REGISTRYINDEX, &BUDGET_KEY);    /* outer budget (nested calls) */
  Budget *outer = (Budget *)lua_touserdata(L, -1);
  lua_pop(L, 1);
  if (outer != NULL) {
    if (outer->tripped) {                  /* the outer budget is spent: no new call */
      lua_pop(L, 4);
      return luaL_error(L, outer->tripped == 2 ? "time budget exceeded" : "instruction budget exceeded");
    }
    if (instr == 0 || instr > outer->left) instr = outer->left > 0 ? outer->left : 1;
  }
  /* A time-only budget (no instruction limit here or outside) counts no
  ** instructions: its count hook would cost every Lua instruction a call
  ** of luaG_traceexec and every return a rethook (~7 % of a rule pack's
  ** time), and the watchdog sets the hook that stops it when time is up. */
  int counted = asked > 0 || (outer != NULL && outer->counted);
  if (secs > 0 || outer != NULL) {
    if (instr == 0) instr = LUA_MAXINTEGER;           /* time only */
  }
  if (secs > 0) {
    /* ASSAY_TIME_SCALE (tests under ASan or valgrind): time budgets times it */
    const char *sc = getenv("ASSAY_TIME_SCALE");
    double f = sc ? strtod(sc, NULL) : 0;
    if (f >= 1 && f < 1e6) secs *= (lua_Number)f;
  }
  Budget b = { instr, instr, 0, 0, (double)secs, outer, counted, 0, "", "" };
  double trial = -1;
  if (redo != LUA_TNIL && asked > 0 && outer == NULL) trial = trial_seconds(instr, capped ? (double)cap : -1);
  if (trial >= 0) {                    /* (all that can raise before the slot is taken) */
    luaL_checkstack(L, lua_gettop(L), "too many arguments");
    lua_getfield(L, 2, "redo");
    lua_replace(L, 2);                 /* fn, redo, args..., the fields read */
  }
  int slot = secs > 0 || trial >= 0 ? wd_arm(L, &b, (double)secs, &trial, label) : -1;
  if (slot < 0) trial = -1;
  if (trial >= 0) b.counted = 0;
  lua_pop(L, 4);                                      /* the fields read */
  lua_Hook oldhook = lua_gethook(L);
  int oldmask = lua_gethookmask(L), oldcount = lua_gethookcount(L);
  if (instr > 0) {
    lua_pushlightuserdata(L, &b);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &BUDGET_KEY);
    if (b.counted) lua_sethook(L, budget_hook, LUA_MASKCOUNT, BUDGET_STEP);
  }
  if (mem > 0) {
    st->mem_exceeded = 0;
    size_t want = st->mem_used + (size_t)mem;
    /* ceiling: the state as a whole, whatever it held at the start */
    if (ceiling > 0 && (size_t)ceiling < want) want = (size_t)ceiling;
    if (oldlimit == 0 || want < oldlimit) st->mem_limit = want;
  }
  int status;                                        /* message with traceback */
  if (trial >= 0) {
    status = trial_call(L, &b, trial, slot);       /* fn, redo, args... */
  } else {
    lua_remove(L, 2);                                /* fn, args... (limits or redo out) */
    status = ay_docall(L, lua_gettop(L) - 1, LUA_MULTRET);
  }
  wd_disarm(slot);                                   /* before the hook is touched */
  int mem_hit = st->mem_exceeded && mem > 0;
  st->mem_limit = oldlimit;
  if (mem > 0) st->mem_exceeded = 0;
  if (instr > 0) {
    lua_pushlightuserdata(L, outer);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &BUDGET_KEY);
    lua_sethook(L, oldhook, oldmask, oldcount);
  }
  if (outer != NULL) {                               /* what this call used counts outside */
    outer->left -= b.limit - (b.left > 0 ? b.left : 0);
    if (b.late) outer->late = 1;
    int why = stopped(outer);           /* (this call put back the hook it found) */
    if (outer->left <= 0 || why) {
      outer->tripped = why ? why : 1;
      lua_sethook(L, budget_hook, LUA_MASKCOUNT | LUA_MASKLINE, 1);
    }
  }
  if (status == LUA_OK && !b.tripped) {
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    return lua_gettop(L);
  }
  if (status == LUA_OK) { lua_settop(L, 0); lua_pushnil(L); }   /* spent by a nested call */
  lua_pushboolean(L, 0);
  lua_insert(L, -2);                                  /* false, msg */
  /* where the hook stopped it, as Lua's own errors start: "FILE:LINE: " */
  const char *at = b.where[0] ? b.where : "", *sep = b.where[0] ? ": " : "";
  if (b.tripped == 2 || (b.late && slot >= 0)) {
    lua_pushfstring(L, "%s%stime budget exceeded (limit is %f s)%s", at, sep, secs, b.in);
    lua_replace(L, -2);
    lua_pushliteral(L, "seconds");
  } else if (b.tripped) {
    lua_pushfstring(L, "%s%sinstruction budget exceeded (limit is %I instructions)%s", at, sep, instr, b.in);
    lua_replace(L, -2);
    lua_pushliteral(L, "instructions");
  } else if (mem_hit || status == LUA_ERRMEM) {
    lua_pushfstring(L, "memory budget exceeded (limit is %I bytes)", mem);
    lua_replace(L, -2);
    lua_pushliteral(L, "memory");
  } else {
    lua_pushliteral(L, "error");
  }
  return 3;
}
/* }====== */

/* host.readfile(path) -> content, has_nul | nil, msg: a regular file in
** one read into a buffer of its size (io.read("a") grows its buffer chunk
** by chunk); has_nul tells whether the first 8 KiB hold a NUL byte (how the
** reader tells binary files).  Other kinds of file: nil, "not a regular
** file" (read them with io.open).  The buffer is made before the file is
** opened, so nothing can raise while the file is open; a file that grows
** meanwhile is read up to the size it had. */
static int host_readfile (lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  struct stat st;
  if (stat(path, &st) != 0) return pushfail(L, "stat", path);
  if (!S_ISREG(st.st_mode)) {
    lua_pushnil(L);
    lua_pushfstring(L, "%s: not a regular file", path);
    return 2;
  }
  size_t size = (size_t)st.st_size;
  luaL_Buffer b;
  char *dst = luaL_buffinitsize(L, &b, size ? size : 1);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return pushfail(L, "open", path);
  size_t got = 0;
  errno = 0;
  while (got < size) {                         /* plain read(2): no stdio buffer between */
    ssize_t n = read(fd, dst + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += (size_t)n;
  }
  int err = errno;
  close(fd);
  if (got < size && err != 0 && err != EINTR) { errno = err; return pushfail(L, "read", path); }
  luaL_pushresultsize(&b, got);
  const char *r = lua_tostring(L, -1);
  lua_pushboolean(L, memchr(r, 0, got < 8192 ? got : 8192) != NULL);
  return 2;
}

/* host.exepath() -> absolute path of the running binary (/proc/self/exe),
** or nil: lets the stdlib find data installed beside it. */
static int host_exepath (lua_State *L) {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) { lua_pushnil(L); return 1; }
  lua_pushlstring(L, buf, (size_t)n);
  return 1;
}

/* host.stdlib_source(name) -> the source of an embedded stdlib file, or nil */
static int host_stdlib_source (lua_State *L) {
  size_t len;
  const char *src = ay_stdlib_find(luaL_checkstring(L, 1), &len);
  if (src == NULL) lua_pushnil(L);
  else lua_pushlstring(L, src, len);
  return 1;
}

/* host.cwd() -> the current directory (getcwd), or nil, message: what
** relative inputs are relative to, for document keys. */
static int host_cwd (lua_State *L) {
  char buf[PATH_MAX];
  if (getcwd(buf, sizeof buf) == NULL) return pushfail(L, "getcwd", ".");
  lua_pushstring(L, buf);
  return 1;
}

/* host.pid() -> the process id (temporary file names) */
static int host_pid (lua_State *L) {
  lua_pushinteger(L, (lua_Integer)getpid());
  return 1;
}

static int host_getenv (lua_State *L) {
  lua_pushstring(L, getenv(luaL_checkstring(L, 1)));
  return 1;
}

static const luaL_Reg host_funcs[] = {
  {"clock", host_clock},
  {"hash", host_hash},
  {"dir", host_dir},
  {"stat", host_stat},
  {"glob", host_glob},
  {"isatty", host_isatty},
  {"columns", host_columns},
  {"catch_interrupt", host_catch_interrupt},
  {"interrupted", host_interrupted},
  {"cpus", host_cpus},
  {"memory", host_memory},
  {"call", host_call},
  {"getenv", host_getenv},
  {"cwd", host_cwd},
  {"pid", host_pid},
  {"exepath", host_exepath},
  {"readfile", host_readfile},
  {"list", host_list},
  {"stdlib_source", host_stdlib_source},
  {NULL, NULL}
};

int luaopen_assay_host (lua_State *L) {
  luaL_newmetatable(L, AY_LISTING);
  lua_pushcfunction(L, listing_index); lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, listing_len); lua_setfield(L, -2, "__len");
  lua_pushcfunction(L, paths_gc); lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  luaL_newlib(L, host_funcs);
  return 1;
}
