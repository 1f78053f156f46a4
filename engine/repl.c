/*
** repl.c: the terminal side of `assay repl` -> require "assay.repl_c".
**
**   rc.open{history = PATH, size = N, complete = fn} -> ed   line editor on the terminal
**   ed:read(prompt) -> line | nil, "eof" | nil, "interrupt"
**   ed:add(line)        append to the history (saved to PATH at once)
**   ed:close()          also __gc / __close; saves nothing more, frees libedit
**   rc.pcall(f, ...) -> true, results... | false, msg-with-traceback
**   rc.catch_sqlite()   make Ctrl-C during rc.pcall also stop running SQLite statements
**   rc.utf8_locale() -> name of the LC_CTYPE locale set for editing
**
** Line editing is libedit (BSD licence), native histedit API, with our own
** character reader so that Ctrl-C at the prompt ends el_gets at once (libedit
** retries an interrupted read(), and its own signal handling re-sends the
** signal to the whole process group).  LC_CTYPE is set to the environment's
** locale, or C.UTF-8 when that is not UTF-8, only when an editor is opened:
** the batch commands keep the "C" locale.
**
** While an editor is open, Ctrl-C between statements (after Enter, before
** the statement starts) only sets the flag, and the statement is stopped as
** soon as rc.pcall starts it: the process is never killed by a Ctrl-C
** typed at the wrong moment.
**
** Ctrl-C while rc.pcall runs sets a flag and a Lua hook (as lua.c's laction;
** a signal handler may do nothing more), so the hook raises "interrupted!" at
** the next Lua instruction.  SQLite statements are stopped by a progress
** handler that reads the same flag; rc.catch_sqlite installs it on every
** connection opened afterwards through sqlite3_auto_extension, because the
** assay.db handles keep their sqlite3 pointer private.  A second Ctrl-C before
** the first is honoured restores the default action and kills the process
** (a C function that never returns to Lua cannot be stopped otherwise).
**
** Tab calls complete(line_before_cursor) under lua_pcall; it returns the text
** to insert and, optionally, a listing to print above a fresh prompt.
**
** Limits: AY_REPL_PROMPT bytes of prompt are shown; AY_REPL_HISTORY lines of
** history by default.  One editor per process (the terminal is one).
*/
#include <errno.h>
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <sys/select.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <histedit.h>
#include <sqlite3.h>

#include "assay.h"

#if !defined(AY_REPL_PROMPT)
#define AY_REPL_PROMPT 64             /* bytes of prompt kept */
#endif
#if !defined(AY_REPL_HISTORY)
#define AY_REPL_HISTORY 1000          /* history lines kept by default */
#endif

#define AY_EDITOR "assay.editor"

/* {====== signals ====== */

static volatile sig_atomic_t got_int = 0;  /* set by SIGINT handlers, read by hooks */
static lua_State *volatile running = NULL; /* state inside rc.pcall; for laction */

static void lstop (lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  luaL_error(L, "interrupted!");
}

static void laction (int sig) {
  signal(sig, SIG_DFL);                   /* a second Ctrl-C kills: see header */
  got_int = 1;
  lua_State *L = running;
  if (L != NULL)
    lua_sethook(L, lstop, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
}

static void prompt_action (int sig) {
  (void)sig;
  got_int = 1;                            /* the reader sees EINTR and this flag */
}

/* Install handler h for SIGINT without SA_RESTART, so a blocked read() returns. */
static void on_sigint (void (*h)(int), struct sigaction *old) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = h;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, old);
}

/* Between statements of an open editor: the flag, which stops the next
** statement as it starts; a second Ctrl-C before that kills as usual. */
static void between_action (int sig) {
  got_int = 1;
  signal(sig, SIG_DFL);
}

static int editor_open = 0;              /* an editor is open: see between_action */

/* After ed:read or rc.pcall: the action that was there, or between_action
** while an editor is open. */
static void restore_sigint (const struct sigaction *old) {
  if (editor_open) on_sigint(between_action, NULL);
  else sigaction(SIGINT, old, NULL);
}

static int progress (void *ud) {
  (void)ud;
  return got_int != 0;                    /* nonzero: SQLite stops with "interrupted" */
}

/* the SIGINT action before rc.open; restored by ed:close */
static struct sigaction before_editor;

static int sqlite_ext (sqlite3 *db, char **err, const sqlite3_api_routines *api) {
  (void)err; (void)api;
  sqlite3_progress_handler(db, 1000, progress, NULL);
  return SQLITE_OK;
}
/* }====== */

/* {====== editor ====== */

typedef struct Editor {
  EditLine *el;                 /* owned; NULL once closed */
  History *hist;                /* owned; NULL once closed */
  lua_State *L;                 /* the state inside ed:read, for completion; borrowed */
  int interrupted;              /* the last read ended with Ctrl-C */
  char prompt[AY_REPL_PROMPT];  /* copy of the current prompt */
  char histfile[4096];          /* where history is saved; "" = nowhere */
} Editor;
/* user value 1 of an editor: the completion function (or nil) */

static Editor *toeditor (lua_State *L) {
  Editor *ed = (Editor *)luaL_checkudata(L, 1, AY_EDITOR);
  luaL_argcheck(L, ed->el != NULL, 1, "editor is closed");
  return ed;
}

static char *prompt_fn (EditLine *el) {
  Editor *ed = NULL;
  el_get(el, EL_CLIENTDATA, &ed);
  return ed ? ed->prompt : (char *)"> ";
}

/* Wait until standard input can be read or Ctrl-C was typed: 1 input, 0
** Ctrl-C, -1 error.  SIGINT stays blocked from the test of the flag until
** pselect atomically unblocks it, so a Ctrl-C that lands while libedit draws
** the previous character is seen here and not after the next key (the signal
** would otherwise only set the flag, and read() would block on). */
static int wait_input (void) {
  sigset_t block, orig;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigprocmask(SIG_BLOCK, &block, &orig);
  int res;
  for (;;) {
    if (got_int) { res = 0; break; }
    fd_set in;
    FD_ZERO(&in);
    FD_SET(STDIN_FILENO, &in);
    int r = pselect(STDIN_FILENO + 1, &in, NULL, NULL, NULL, &orig);
    if (r > 0) { res = 1; break; }
    if (r < 0 && errno != EINTR) { res = -1; break; }
  }
  sigprocmask(SIG_SETMASK, &orig, NULL);
  return res;
}

/* Character reader: one UTF-8 character per call, decoded here because the
** default reader retries after EINTR.  Returns 1, 0 at end of input, -1 on
** Ctrl-C or a read error. */
static int getc_utf8 (EditLine *el, wchar_t *wc) {
  Editor *ed = NULL;
  el_get(el, EL_CLIENTDATA, &ed);
  char buf[4];
  size_t n = 0, need = 1;
  while (n < need) {
    int w = wait_input();
    ssize_t r = w > 0 ? read(STDIN_FILENO, buf + n, 1) : -1;
    if (r < 0) {
      if (w > 0 && errno == EINTR && !got_int) continue;
      if (got_int && ed != NULL) ed->interrupted = 1;
      return -1;
    }
    if (r == 0) return 0;
    if (n == 0) {
      unsigned char c = (unsigned char)buf[0];
      need = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    }
    n++;
  }
  uint32_t cp;
  if (ay_utf8_decode(buf, n, &cp) != (int)n) cp = 0xFFFD;
  *wc = (wchar_t)cp;
  return 1;
}

/* Tab: complete(before_cursor) -> insert [, listing] */
static unsigned char complete_fn (EditLine *el, int ch) {
  (void)ch;
  Editor *ed = NULL;
  el_get(el, EL_CLIENTDATA, &ed);
  if (ed == NULL || ed->L == NULL) return CC_ERROR;
  lua_State *L = ed->L;
  const LineInfo *li = el_line(el);
  if (!lua_checkstack(L, 4)) return CC_ERROR;
  int top = lua_gettop(L);
  lua_getiuservalue(L, 1, 1);               /* ed:read keeps the editor at index 1 */
  if (!lua_isfunction(L, -1)) { lua_settop(L, top); return CC_ERROR; }
  lua_pushlstring(L, li->buffer, (size_t)(li->cursor - li->buffer));
  unsigned char res = CC_ERROR;
  if (lua_pcall(L, 1, 2, 0) == LUA_OK) {
    const char *ins = lua_tostring(L, -2);
    const char *list = lua_tostring(L, -1);
    res = CC_REFRESH;
    if (list != NULL && *list) {
      fputs("\n", stdout);
      fputs(list, stdout);
      fflush(stdout);
      res = CC_REDISPLAY;
    }
    if (ins != NULL && *ins) {
      if (el_insertstr(el, ins) != 0) res = CC_ERROR;
    } else if (list == NULL || !*list) {
      res = CC_ERROR;                        /* beeps: nothing to complete */
    }
  }
  lua_settop(L, top);
  return res;
}

/* Make LC_CTYPE a UTF-8 locale: the environment's, else C.UTF-8.  Returns
** the locale name or NULL when none is available. */
static const char *utf8_locale (void) {
  const char *name = setlocale(LC_CTYPE, "");
  if (name != NULL && strcmp(nl_langinfo(CODESET), "UTF-8") == 0) return name;
  name = setlocale(LC_CTYPE, "C.UTF-8");
  if (name == NULL) name = setlocale(LC_CTYPE, "C.utf8");
  return name;
}

static void savehist (Editor *ed) {
  HistEvent ev;
  if (ed->hist != NULL && ed->histfile[0] != '\0')
    history(ed->hist, &ev, H_SAVE, ed->histfile);
}

/* rc.open{history =, size =, complete =} -> editor.  Raises when stdin is not
** a terminal or libedit cannot start. */
static int rc_open (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getfield(L, 1, "history");
  const char *hf = luaL_optstring(L, -1, "");
  luaL_argcheck(L, strlen(hf) < sizeof(((Editor *)0)->histfile), 1, "history path too long");
  lua_getfield(L, 1, "size");
  lua_Integer size = luaL_optinteger(L, -1, AY_REPL_HISTORY);
  luaL_argcheck(L, size >= 1 && size <= 1000000, 1, "history size out of range");
  lua_getfield(L, 1, "complete");
  if (!lua_isnil(L, -1)) luaL_checktype(L, -1, LUA_TFUNCTION);
  if (!isatty(STDIN_FILENO)) return luaL_error(L, "repl: standard input is not a terminal");
  Editor *ed = (Editor *)lua_newuserdatauv(L, sizeof(Editor), 1);
  ed->el = NULL; ed->hist = NULL; ed->L = NULL; ed->interrupted = 0;
  strcpy(ed->prompt, "> ");
  strcpy(ed->histfile, hf);
  luaL_setmetatable(L, AY_EDITOR);
  lua_pushvalue(L, -2);
  lua_setiuservalue(L, -2, 1);
  if (utf8_locale() == NULL) return luaL_error(L, "repl: no UTF-8 locale (tried C.UTF-8)");
  ed->hist = history_init();
  ed->el = el_init("assay", stdin, stdout, stderr);
  if (ed->hist == NULL || ed->el == NULL) return luaL_error(L, "repl: cannot start libedit");
  HistEvent ev;
  history(ed->hist, &ev, H_SETSIZE, (int)size);
  history(ed->hist, &ev, H_SETUNIQUE, 1);
  if (ed->histfile[0]) history(ed->hist, &ev, H_LOAD, ed->histfile);  /* absent file: fine */
  el_set(ed->el, EL_CLIENTDATA, ed);
  el_set(ed->el, EL_EDITOR, "emacs");
  el_set(ed->el, EL_HIST, history, ed->hist);
  el_set(ed->el, EL_PROMPT, prompt_fn);
  el_set(ed->el, EL_GETCFN, getc_utf8);
  /* wide strings: the narrow EL_ADDFN copies them with wcsdup and never frees */
  el_wset(ed->el, EL_ADDFN, L"ay-complete", L"complete a name", complete_fn);
  el_set(ed->el, EL_BIND, "^I", "ay-complete", NULL);
  el_source(ed->el, NULL);                 /* the user's ~/.editrc, if any */
  if (!editor_open) {                      /* between statements: a flag, not death */
    on_sigint(between_action, &before_editor);
    editor_open = 1;
  }
  return 1;
}

/* ed:read(prompt) -> line (without the newline) | nil, "eof" | nil, "interrupt" */
static int ed_read (lua_State *L) {
  Editor *ed = toeditor(L);
  size_t plen;
  const char *p = luaL_optlstring(L, 2, "> ", &plen);
  if (plen >= sizeof ed->prompt) plen = sizeof ed->prompt - 1;
  memcpy(ed->prompt, p, plen);
  ed->prompt[plen] = '\0';
  lua_settop(L, 1);                         /* complete_fn relies on the editor at 1 */
  struct sigaction old;
  got_int = 0;
  ed->interrupted = 0;
  ed->L = L;
  on_sigint(prompt_action, &old);
  int n = 0;
  const char *line = el_gets(ed->el, &n);
  restore_sigint(&old);
  ed->L = NULL;
  if (ed->interrupted || got_int) {
    got_int = 0;
    el_reset(ed->el);                       /* forget the half-typed line */
    lua_pushnil(L);
    lua_pushliteral(L, "interrupt");
    return 2;
  }
  if (line == NULL || n <= 0) {
    lua_pushnil(L);
    lua_pushliteral(L, "eof");
    return 2;
  }
  size_t len = (size_t)n;
  if (len > 0 && line[len - 1] == '\n') len--;
  lua_pushlstring(L, line, len);
  return 1;
}

/* ed:add(line): history entry, saved to the history file at once so that a
** killed session keeps it. */
static int ed_add (lua_State *L) {
  Editor *ed = toeditor(L);
  const char *line = luaL_checkstring(L, 2);
  HistEvent ev;
  if (*line) {
    history(ed->hist, &ev, H_ENTER, line);
    savehist(ed);
  }
  return 0;
}

static int ed_close (lua_State *L) {
  Editor *ed = (Editor *)luaL_checkudata(L, 1, AY_EDITOR);
  if (ed->el != NULL) {
    el_end(ed->el); ed->el = NULL;
    if (editor_open) { sigaction(SIGINT, &before_editor, NULL); editor_open = 0; }
  }
  if (ed->hist != NULL) { history_end(ed->hist); ed->hist = NULL; }
  return 0;
}

static int ed_tostring (lua_State *L) {
  Editor *ed = (Editor *)luaL_checkudata(L, 1, AY_EDITOR);
  lua_pushstring(L, ed->el ? "assay.editor" : "assay.editor (closed)");
  return 1;
}
/* }====== */

/* {====== running statements ====== */

static int msghandler (lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* rc.pcall(f, ...) -> true, results... | false, message with traceback.
** Ctrl-C during the call raises "interrupted!" in it (or stops SQLite). */
static int rc_pcall (lua_State *L) {
  luaL_checkany(L, 1);
  int n = lua_gettop(L) - 1;
  lua_pushcfunction(L, msghandler);
  lua_insert(L, 1);
  struct sigaction old;
  lua_State *outer = running;
  int pending = editor_open && got_int;    /* Ctrl-C typed since the line was read */
  got_int = 0;
  running = L;
  on_sigint(laction, &old);
  if (pending) laction(SIGINT);
  int status = lua_pcall(L, n, LUA_MULTRET, 1);
  restore_sigint(&old);
  running = outer;
  if (got_int) {
    lua_sethook(L, NULL, 0, 0);             /* the hook may not have fired yet */
    got_int = 0;
  }
  lua_pushboolean(L, status == LUA_OK);
  lua_replace(L, 1);                        /* over the message handler */
  return lua_gettop(L);
}

/* rc.catch_sqlite(): once per process; later connections get the progress handler */
static int rc_catch_sqlite (lua_State *L) {
  int rc = sqlite3_auto_extension((void (*)(void))sqlite_ext);
  if (rc != SQLITE_OK) return luaL_error(L, "repl: sqlite3_auto_extension failed (%d)", rc);
  return 0;
}

static int rc_utf8_locale (lua_State *L) {
  const char *name = utf8_locale();
  if (name == NULL) lua_pushnil(L); else lua_pushstring(L, name);
  return 1;
}

/* }====== */

static const luaL_Reg ed_methods[] = {
  {"read", ed_read}, {"add", ed_add}, {"close", ed_close}, {NULL, NULL}
};

static const luaL_Reg ed_meta[] = {
  {"__gc", ed_close}, {"__close", ed_close}, {"__tostring", ed_tostring}, {NULL, NULL}
};

static const luaL_Reg rc_funcs[] = {
  {"open", rc_open}, {"pcall", rc_pcall}, {"catch_sqlite", rc_catch_sqlite},
  {"utf8_locale", rc_utf8_locale}, {NULL, NULL}
};

int luaopen_assay_repl_c (lua_State *L) {
  if (luaL_newmetatable(L, AY_EDITOR)) {
    luaL_setfuncs(L, ed_meta, 0);
    luaL_newlib(L, ed_methods);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
  luaL_newlib(L, rc_funcs);
  return 1;
}
