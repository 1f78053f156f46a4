/*
** main.c: the assay command line.
**
**   assay SCRIPT.lua [ARGS...]   run a Lua script with the assay modules (arg as in lua)
**   assay -e CODE [ARGS...]      run CODE
**   assay - [ARGS...]            run a script read from stdin
**   assay COMMAND [ARGS...]      run, test, try, show, report, repl, ... (stdlib assay.cmd)
**   assay --version | --help
**
** Exit status: 0 success, 1 a script raised an error (or a command found
** errors), 2 usage error.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "lualib.h"
#include <sqlite3.h>

#include "assay.h"

static const char *progname = "assay";


static int report (lua_State *L, int status) {
  if (status != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "%s: %s\n", progname, msg ? msg : "(error object is not a string)");
    fflush(stderr);
    lua_pop(L, 1);
  }
  return status;
}

/* arg table as lua.c builds it: arg[0] = script, arg[1..] = its arguments,
** negative indices for what came before. */
static void createargtable (lua_State *L, char **argv, int argc, int script) {
  lua_createtable(L, argc - script - 1, script + 1);
  for (int i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i - script);
  }
  lua_setglobal(L, "arg");
}

static int pushargs (lua_State *L) {
  lua_getglobal(L, "arg");
  if (!lua_istable(L, -1)) { lua_pop(L, 1); return 0; }
  int n = (int)luaL_len(L, -1);
  luaL_checkstack(L, n + 3, "too many arguments to script");
  for (int i = 1; i <= n; i++) lua_rawgeti(L, -i, i);
  lua_remove(L, -(n + 1));
  return n;
}

/* Load a script (fname NULL = stdin) and run it with arg[1..] as varargs. */
static int runscript (lua_State *L, const char *fname) {
  int status = luaL_loadfilex(L, fname, "bt");
  if (status == LUA_OK) {
    int n = pushargs(L);
    status = ay_docall(L, n, 0);
  }
  return report(L, status);
}

/* COMMAND ARGS...: require("assay.cmd").main(COMMAND, ARGS...) returns the exit status. */
static int runcommand (lua_State *L, int argc, char **argv, int first) {
  lua_getglobal(L, "require");
  lua_pushliteral(L, "assay.cmd");
  if (report(L, ay_docall(L, 1, 1)) != LUA_OK) return 1;
  lua_getfield(L, -1, "main");
  lua_remove(L, -2);
  for (int i = first; i < argc; i++) lua_pushstring(L, argv[i]);
  if (report(L, ay_docall(L, argc - first, 1)) != LUA_OK) return 1;
  int code = lua_isinteger(L, -1) ? (int)lua_tointeger(L, -1) : 0;
  lua_pop(L, 1);
  return code;
}

static int is_command (const char *s) {
  static const char *const cmds[] = {
    "run", "test", "try", "show", "report", "repl", "map", "load", "merge", "help",
    "diff", "eval", NULL
  };
  for (int i = 0; cmds[i]; i++)
    if (strcmp(s, cmds[i]) == 0) return 1;
  return 0;
}

/* A bare word that is no file (no '/' or '.', nothing by that name): a
** mistyped command, which assay.cmd names with the closest real one. */
static int is_word (const char *s) {
  return strpbrk(s, "/.") == NULL && access(s, F_OK) != 0;
}

int main (int argc, char **argv) {
  signal(SIGPIPE, SIG_DFL);           /* `assay x | head` ends quietly */
  if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-v") == 0)) {
    printf("assay %s (%s, build %s)\n", AY_VERSION, LUA_RELEASE, ay_build_id);
    return 0;
  }
  /* Each connection is used by one thread (assay.db opens them NOMUTEX), so
  ** SQLite's global memory statistics, a mutex taken on every one of its
  ** allocations, buy nothing: a batch run's writer allocates per row.  Must
  ** come before SQLite initializes, i.e. before any thread starts. */
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
#ifdef __GLIBC__
  /* glibc raises its mmap threshold each time a mapped block is freed (up
  ** to 32 MB): after the first batches, a batch run's large buffers come
  ** from the heap instead, which then fragments, and the peak memory grew
  ** with the number of documents (T2 defaults -j 1: 15 MB over 10 MB of
  ** corpus, 19 MB over 100 MB).  Setting the threshold (to glibc's own
  ** default) turns that adjustment off. */
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
  lua_State *L = ay_newstate();
  if (L == NULL) {
    fprintf(stderr, "%s: cannot create Lua state: not enough memory\n", progname);
    return 1;
  }
  int code = 0;
  if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    code = runcommand(L, argc, argv, 1);      /* the text is assay.cmd's USAGE */
  } else if (argc < 2) {
    code = runcommand(L, argc, argv, 1);      /* no arguments: the REPL */
  } else if (strcmp(argv[1], "-e") == 0) {
    if (argc < 3) {
      fprintf(stderr, "%s: '-e' needs an argument\n", progname);
      code = 2;
    } else {
      createargtable(L, argv, argc, 2);
      int status = luaL_loadbufferx(L, argv[2], strlen(argv[2]), "=(command line)", "t");
      if (status == LUA_OK) status = ay_docall(L, pushargs(L), 0);
      code = report(L, status) == LUA_OK ? 0 : 1;
    }
  } else if (strcmp(argv[1], "-") == 0) {
    createargtable(L, argv, argc, 1);
    code = runscript(L, NULL) == LUA_OK ? 0 : 1;
  } else if (argv[1][0] == '-') {
    fprintf(stderr, "%s: unknown option '%s' (see assay --help)\n", progname, argv[1]);
    code = 2;
  } else if (is_command(argv[1]) || is_word(argv[1])) {
    createargtable(L, argv, argc, 1);
    code = runcommand(L, argc, argv, 1);
  } else {
    createargtable(L, argv, argc, 1);
    code = runscript(L, argv[1]) == LUA_OK ? 0 : 1;
  }
  ay_closestate(L);
  return code;
}
