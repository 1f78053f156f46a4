/*
** ldb.c: require "assay.db", SQLite 3 for Lua.
**
**   db.open(path [, opts]) -> d | nil, msg     db.version()  db.blob(s)  db.null
**   d:exec(sql, ...)   d:rows(sql, ...)  d:irows(sql, ...)  d:one(sql, ...)
**   d:val(sql, ...)    d:insert(tbl, row)  d:tx(fn, ...)  d:prepare(sql)
**   d:func(name, nargs, fn [, opts])  d:close()  d:changes()  d:last_id()
**   d:path()  d:interrupt()  d:busy_timeout(ms)  d:checkpointer(pages)
**   d:writeback()
**   st:exec(...)  st:rows(...)  st:irows(...)  st:one(...)  st:val(...)
**   st:columns()  st:sql()  st:close()
**
** db.open returns nil, msg when the file cannot be opened; everything else
** raises: "db.exec: <sqlite message> in '<sql>'" for SQL errors, "bad
** argument ..." for misuse.  Limits: AY_MAX_STMT_CACHE statements cached per
** handle (LRU); SQL is quoted in messages up to AY_SQL_SHOWN bytes.
**
** Safety rules this file keeps:
** - Nothing raises while SQLite is on the C stack: Lua SQL functions run under
**   lua_pcall, and their errors go back through sqlite3_result_error.
** - Work that can raise while we hold a statement borrowed from the cache
**   (binding, stepping, building result tables) runs in a protected call;
**   the statement is reset and given back before the error is re-raised, so
**   the cache never keeps a half-used statement or a stale "in use" mark.
** - A statement being stepped is never reset, finalized or closed from
**   inside its own callbacks (see Db.held, Stmt.running, Cursor.running).
*/
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stdio.h>
#include <unistd.h>

#include <sqlite3.h>

#include "assay.h"

#if !defined(AY_SQL_SHOWN)
#define AY_SQL_SHOWN 200              /* bytes of SQL quoted in error messages */
#endif

#define AY_CURSOR "assay.rows"        /* iterator state of d:rows / st:rows */
#define AY_BLOB   "assay.blob"        /* db.blob(s) wrapper */

/* {====== types ====== */

/* Objects that own a statement outside the cache (prepared statements, rows
** loops) are linked into their db, so closing the db finalizes exactly our
** statements: sqlite3_next_stmt would also reach FTS5's own ones, which
** FTS5 finalizes itself at close. */
typedef struct Link {
  struct Link *prev, *next;            /* neighbours in Db.owners; both NULL when unlinked */
  sqlite3_stmt **pst;                  /* the owner's statement field; NULL when unlinked */
} Link;

typedef struct Entry {                 /* one cached prepared statement */
  sqlite3_stmt *st;                    /* owned by the cache; NULL = free slot */
  char *sql;                           /* owned key copy (Lua allocator), len + 1 bytes */
  size_t len;                          /* bytes of sql, without the NUL */
  unsigned hash;                       /* of sql, to skip most memcmp */
  int inuse;                           /* 1 while a call binds/steps/reads st */
  unsigned long long tick;             /* last use, for LRU eviction */
} Entry;

typedef struct Db {
  sqlite3 *h;                          /* owned; NULL once closed */
  lua_State *L;                        /* thread inside sqlite3_step now, for SQL functions; borrowed */
  int funcidx;                         /* stack index in L of the function table during a step */
  int held;                            /* calls that hold a statement now: close must wait */
  int nfunc;                           /* slots used in the function table (user value 2) */
  int txdepth;                         /* nesting of d:tx, names the savepoints */
  lua_Alloc allocf;                    /* the state's allocator, for cache keys */
  void *allocud;                       /* its user data */
  unsigned long long tick;             /* LRU clock */
  Link *owners;                        /* list head; nodes live in Stmt/Cursor userdata */
  struct Ckpt *ckpt;                   /* owned (malloc); background checkpoints, or NULL */
  int wbfd;                            /* d:writeback's descriptor of the file + 1, 0: none;
                                          closed only after the connection (see db_writeback) */
  Entry cache[AY_MAX_STMT_CACHE];
} Db;
/* user values of a Db: 1 = path string, 2 = table slot -> Lua SQL function */

typedef struct Stmt {                  /* d:prepare(sql) */
  Link link;                           /* in db->owners while st is open */
  Db *db;                              /* borrowed: user value 1 keeps the db alive */
  sqlite3_stmt *st;                    /* owned; NULL once closed (closedb may do that) */
  unsigned gen;                        /* bumped by every use, so an old rows loop sees the reuse */
  int running;                         /* 1 while stepping or reading a row */
} Stmt;

typedef struct Cursor {                /* state of one rows/irows loop */
  Link link;                           /* in db->owners while it owns st */
  Db *db;                              /* borrowed: kept alive through user value 1 */
  sqlite3_stmt *st;                    /* owned (back to the cache at the end) unless stmt != NULL */
  Stmt *stmt;                          /* the prepared statement iterated, or NULL */
  unsigned gen;                        /* stmt->gen when the loop started */
  int arrays;                          /* irows: rows as arrays */
  int running;                         /* 1 while stepping or reading a row */
  const char *fname;                   /* "db.rows", ... (static) */
} Cursor;
/* user values of a Cursor: 1 = db or stmt userdata, 2 = SQL text (cache key),
** 3 = column names (array) */

typedef struct Func {                  /* user data of a Lua SQL function */
  Db *db;                              /* borrowed; SQLite frees Func with the db (sqlite3_free) */
  int slot;                            /* index in the db's function table */
} Func;

enum { BE_NONE, BE_TYPE, BE_COUNT, BE_MISSING, BE_NEEDTABLE, BE_NEEDVALUES, BE_SQLITE };

typedef struct BindErr {               /* a binding failure, raised after cleanup */
  int kind;                            /* BE_* */
  int arg;                             /* caller's argument number of the bad value */
  int param;                           /* parameter index, 1-based */
  int want, got;                       /* parameter and value counts (BE_COUNT) */
  const char *tname;                   /* static type name (BE_TYPE) */
  char name[80];                       /* parameter as written, ":name" or "?2" */
} BindErr;

enum { J_EXEC, J_ONE, J_VAL, J_BIND, J_NEXT };
enum { R_TABLE, R_ARRAY, R_VALUE };   /* shapes of a pushed row */

typedef struct Job {                   /* one protected run over a statement */
  Db *db;                              /* borrowed */
  sqlite3_stmt *st;                    /* borrowed for the call */
  int mode;                            /* J_* */
  int arrays;                          /* J_NEXT: rows as arrays */
  int argbase;                         /* argument number of the first value (for messages) */
  int rc;                              /* SQLite code of the failure, SQLITE_OK if none */
  long long changes;                   /* J_EXEC: rows changed */
  BindErr be;
  char msg[512];                       /* copy of sqlite3_errmsg when rc != OK */
} Job;

static char nullkey;                   /* address is db.null */
/* }====== */


/* {====== helpers ====== */

static unsigned hashsql (const char *s, size_t len) {
  unsigned h = 2166136261u;            /* FNV-1a */
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

/* Raise "fname: msg in 'sql'", the SQL cut at AY_SQL_SHOWN bytes on a
** character boundary.  msg must not point into SQLite memory that the
** raise could outlive (callers copy it first). */
static int sqlerror (lua_State *L, const char *fname, const char *msg,
                     const char *sql, size_t len) {
  size_t n = len;
  int cut = 0;
  if (n > AY_SQL_SHOWN) {
    n = AY_SQL_SHOWN;
    while (n > 0 && ((unsigned char)sql[n] & 0xC0) == 0x80) n--;
    cut = 1;
  }
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addstring(&b, fname);
  luaL_addstring(&b, ": ");
  luaL_addstring(&b, msg);
  luaL_addstring(&b, " in '");
  luaL_addlstring(&b, sql, n);
  if (cut) luaL_addstring(&b, "...");
  luaL_addchar(&b, '\'');
  luaL_pushresult(&b);
  return lua_error(L);
}

static Db *todb (lua_State *L, int idx) {
  Db *db = (Db *)luaL_checkudata(L, idx, AY_DB);
  luaL_argcheck(L, db->h != NULL, idx, "database is closed");
  return db;
}

/* The SQL argument: no NUL bytes (SQLite would stop reading there and
** silently drop the rest) and not over SQLite's int length. */
static const char *checksql (lua_State *L, int idx, size_t *len) {
  const char *sql = luaL_checklstring(L, idx, len);
  luaL_argcheck(L, memchr(sql, 0, *len) == NULL, idx, "SQL contains a NUL byte");
  luaL_argcheck(L, *len < 0x7fffffff, idx, "SQL too long");
  return sql;
}

/* sqlite3_step with the context a Lua SQL function needs: the running
** thread and where its function table sits on that thread's stack.  Saved
** and restored because a SQL function may step another statement. */
static int dostep (lua_State *L, Db *db, sqlite3_stmt *st, int funcidx) {
  lua_State *oldL = db->L;
  int oldidx = db->funcidx;
  db->L = L;
  db->funcidx = lua_absindex(L, funcidx);
  int rc = sqlite3_step(st);
  db->L = oldL;
  db->funcidx = oldidx;
  return rc;
}

static int blanktail (const char *s, const char *end) {
  for (; s < end; s++)
    if (!(*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v'))
      return 0;
  return 1;
}

/* Prepare exactly one statement from sql.  Raises (holding nothing) on a
** syntax error, on SQL holding no statement, and on SQL holding more than
** one: only exec without parameters runs scripts. */
static sqlite3_stmt *prepare1 (lua_State *L, Db *db, const char *sql, size_t len,
                               const char *fname, unsigned flags) {
  sqlite3_stmt *st = NULL;
  const char *tail = NULL;
  char msg[512];
  int rc = sqlite3_prepare_v3(db->h, sql, (int)len, flags, &st, &tail);
  if (rc != SQLITE_OK) {
    snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(db->h));
    sqlerror(L, fname, msg, sql, len);
    return NULL;
  }
  if (st == NULL) {
    sqlerror(L, fname, "no SQL statement", sql, len);
    return NULL;
  }
  const char *end = sql + len;
  while (tail != NULL && tail < end && !blanktail(tail, end)) {  /* comments, ';' or more */
    sqlite3_stmt *more = NULL;
    const char *next = NULL;
    rc = sqlite3_prepare_v2(db->h, tail, (int)(end - tail), &more, &next);
    if (rc != SQLITE_OK || more != NULL) {
      sqlite3_finalize(more);
      sqlite3_finalize(st);
      sqlerror(L, fname, "more than one SQL statement (only exec without "
               "parameters runs several)", sql, len);
      return NULL;
    }
    if (next == tail) break;
    tail = next;
  }
  return st;
}
static void linkowner (Db *db, Link *k, sqlite3_stmt **pst) {
  k->pst = pst;
  k->prev = NULL;
  k->next = db->owners;
  if (db->owners) db->owners->prev = k;
  db->owners = k;
}

static void unlinkowner (Db *db, Link *k) {
  if (k->pst == NULL) return;
  if (k->prev) k->prev->next = k->next; else db->owners = k->next;
  if (k->next) k->next->prev = k->prev;
  k->prev = k->next = NULL;
  k->pst = NULL;
}
/* }====== */


/* {====== statement cache ====== */

static void freekey (Db *db, Entry *e) {
  if (e->sql) db->allocf(db->allocud, e->sql, e->len + 1, 0);
  e->sql = NULL;
  e->len = 0;
}

static int findentry (Db *db, const char *sql, size_t len, unsigned h) {
  for (int i = 0; i < AY_MAX_STMT_CACHE; i++) {
    Entry *e = &db->cache[i];
    if (e->st && e->hash == h && e->len == len && memcmp(e->sql, sql, len) == 0)
      return i;
  }
  return -1;
}

/* A slot for a new entry: a free one, else the least recently used one not
** in use (finalized here); -1 when every slot is in use. */
static int freeslot (Db *db) {
  int victim = -1;
  for (int i = 0; i < AY_MAX_STMT_CACHE; i++) {
    Entry *e = &db->cache[i];
    if (e->st == NULL) return i;
    if (!e->inuse && (victim < 0 || e->tick < db->cache[victim].tick)) victim = i;
  }
  if (victim >= 0) {
    sqlite3_finalize(db->cache[victim].st);
    db->cache[victim].st = NULL;
    freekey(db, &db->cache[victim]);
  }
  return victim;
}

/* Store st under sql; returns its slot, or -1 when it could not be cached
** (the caller then owns st).  Never raises. */
static int cacheput (Db *db, const char *sql, size_t len, unsigned h, sqlite3_stmt *st) {
  int i = freeslot(db);
  if (i < 0) return -1;
  char *key = (char *)db->allocf(db->allocud, NULL, 0, len + 1);
  if (key == NULL) return -1;
  memcpy(key, sql, len);
  key[len] = '\0';
  Entry *e = &db->cache[i];
  e->st = st; e->sql = key; e->len = len; e->hash = h; e->inuse = 0;
  e->tick = ++db->tick;
  return i;
}

/* A statement for sql, marked in use (*slot >= 0) or transient (*slot ==
** -1, the caller finalizes it through release).  Counts in db->held until
** release.  Raises only before holding anything. */
static sqlite3_stmt *acquire (lua_State *L, Db *db, const char *sql, size_t len,
                              const char *fname, int *slot) {
  unsigned h = hashsql(sql, len);
  int i = findentry(db, sql, len, h);
  sqlite3_stmt *st;
  if (i >= 0 && !db->cache[i].inuse) {
    st = db->cache[i].st;
  } else {
    /* busy entry: a SQL function or finalizer runs the same SQL as a call
    ** still reading it; give the inner call its own statement */
    st = prepare1(L, db, sql, len, fname, SQLITE_PREPARE_PERSISTENT);
    i = (i >= 0) ? -1 : cacheput(db, sql, len, h, st);
  }
  if (i >= 0) {
    db->cache[i].inuse = 1;
    db->cache[i].tick = ++db->tick;
  }
  *slot = i;
  db->held++;
  return st;
}

static void release (Db *db, sqlite3_stmt *st, int slot) {
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);          /* drop copies of big strings now */
  if (slot >= 0) db->cache[slot].inuse = 0;
  else sqlite3_finalize(st);
  db->held--;
}

/* Take st out of the cache for a rows loop, which keeps it across Lua code
** (NULL when there is no free cached copy).  The loop gives it back with
** giveback. */
static sqlite3_stmt *checkout (Db *db, const char *sql, size_t len) {
  int i = findentry(db, sql, len, hashsql(sql, len));
  if (i < 0 || db->cache[i].inuse) return NULL;
  sqlite3_stmt *st = db->cache[i].st;
  db->cache[i].st = NULL;
  freekey(db, &db->cache[i]);
  return st;
}

static void giveback (Db *db, const char *sql, size_t len, sqlite3_stmt *st) {
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  unsigned h = hashsql(sql, len);
  if (findentry(db, sql, len, h) >= 0 || cacheput(db, sql, len, h, st) < 0)
    sqlite3_finalize(st);
}
/* }====== */


/* {====== values ====== */

/* Lua -> SQL.  Returns SQLITE_OK, an SQLite bind error, or -1 when the
** value's type cannot be bound.  Strings are TEXT when valid UTF-8 without
** NUL bytes (SQLite leaves expressions over TEXT with NULs undefined),
** otherwise BLOB; copies are made (SQLITE_TRANSIENT) because a rows loop
** outlives its arguments. */
static int bindvalue (lua_State *L, sqlite3_stmt *st, int i, int idx) {
  switch (lua_type(L, idx)) {
    case LUA_TNIL: return sqlite3_bind_null(st, i);
    case LUA_TBOOLEAN: return sqlite3_bind_int(st, i, lua_toboolean(L, idx));
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx)) return sqlite3_bind_int64(st, i, (sqlite3_int64)lua_tointeger(L, idx));
      return sqlite3_bind_double(st, i, (double)lua_tonumber(L, idx));
    case LUA_TSTRING: {
      size_t len;
      const char *s = lua_tolstring(L, idx, &len);
      if (memchr(s, 0, len) == NULL && ay_utf8_check(s, len) == len)
        return sqlite3_bind_text64(st, i, s, len, SQLITE_TRANSIENT, SQLITE_UTF8);
      return sqlite3_bind_blob64(st, i, s, len, SQLITE_TRANSIENT);
    }
    case LUA_TLIGHTUSERDATA:
      if (lua_touserdata(L, idx) == &nullkey) return sqlite3_bind_null(st, i);
      return -1;
    case LUA_TUSERDATA:
      if (luaL_testudata(L, idx, AY_BLOB)) {
        size_t len;
        lua_getiuservalue(L, idx, 1);
        const char *s = lua_tolstring(L, -1, &len);
        int rc = sqlite3_bind_blob64(st, i, s ? s : "", s ? len : 0, SQLITE_TRANSIENT);
        lua_pop(L, 1);
        return rc;
      }
      return -1;
    default: return -1;
  }
}

static void pushcolumn (lua_State *L, sqlite3_stmt *st, int c) {
  switch (sqlite3_column_type(st, c)) {
    case SQLITE_INTEGER: lua_pushinteger(L, (lua_Integer)sqlite3_column_int64(st, c)); break;
    case SQLITE_FLOAT: lua_pushnumber(L, (lua_Number)sqlite3_column_double(st, c)); break;
    case SQLITE_TEXT: {
      const char *s = (const char *)sqlite3_column_text(st, c);
      lua_pushlstring(L, s ? s : "", (size_t)sqlite3_column_bytes(st, c));
      break;
    }
    case SQLITE_BLOB: {
      const void *p = sqlite3_column_blob(st, c);
      lua_pushlstring(L, p ? (const char *)p : "", (size_t)sqlite3_column_bytes(st, c));
      break;
    }
    default: lua_pushnil(L); break;
  }
}

static void pushsqlvalue (lua_State *L, sqlite3_value *v) {
  switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER: lua_pushinteger(L, (lua_Integer)sqlite3_value_int64(v)); break;
    case SQLITE_FLOAT: lua_pushnumber(L, (lua_Number)sqlite3_value_double(v)); break;
    case SQLITE_TEXT: {
      const char *s = (const char *)sqlite3_value_text(v);
      lua_pushlstring(L, s ? s : "", (size_t)sqlite3_value_bytes(v));
      break;
    }
    case SQLITE_BLOB: {
      const void *p = sqlite3_value_blob(v);
      lua_pushlstring(L, p ? (const char *)p : "", (size_t)sqlite3_value_bytes(v));
      break;
    }
    default: lua_pushnil(L); break;
  }
}

/* Row on top: a table name -> value (names: index of a column name array,
** or 0 to ask SQLite), an array, or the first value alone. */
static void pushrow (lua_State *L, sqlite3_stmt *st, int mode, int names) {
  int n = sqlite3_column_count(st);
  if (mode == R_VALUE) {
    if (n > 0) pushcolumn(L, st, 0); else lua_pushnil(L);
    return;
  }
  luaL_checkstack(L, 4, "row");
  if (mode == R_ARRAY) {
    lua_createtable(L, n, 0);
    for (int c = 0; c < n; c++) {
      pushcolumn(L, st, c);
      lua_rawseti(L, -2, c + 1);
    }
    return;
  }
  lua_createtable(L, 0, n);
  for (int c = 0; c < n; c++) {
    if (names) lua_rawgeti(L, names, c + 1);
    else {
      const char *name = sqlite3_column_name(st, c);
      if (name == NULL) luaL_error(L, "not enough memory");
      lua_pushstring(L, name);
    }
    pushcolumn(L, st, c);
    lua_rawset(L, -3);
  }
}
/* }====== */


/* {====== protected runs ====== */

/* name NULL: a plain "?" parameter, named by its index (formatted only
** here: binding is the hot path of a batch run's writer). */
static int binderr (Job *j, int kind, int param, const char *name) {
  j->be.kind = kind;
  j->be.param = param;
  if (name == NULL) snprintf(j->be.name, sizeof j->be.name, "?%d", param);
  else snprintf(j->be.name, sizeof j->be.name, "%s", name);
  return 0;
}

/* Bind the values at first..first+n-1; a single table binds named
** parameters.  Returns 1, or 0 with j->be set. */
static int bindall (lua_State *L, Job *j, int first, int n) {
  sqlite3_stmt *st = j->st;
  int np = sqlite3_bind_parameter_count(st);
  /* one table is a set of named values unless every parameter is
  ** positional: then it is just a value that cannot be bound */
  int named = 0;
  if (n == 1 && lua_type(L, first) == LUA_TTABLE) {
    named = (np == 0);
    for (int i = 1; i <= np && !named; i++) {
      const char *nm = sqlite3_bind_parameter_name(st, i);
      named = (nm != NULL && nm[0] != '?');
    }
  }
  if (!named && n != np) {
    j->be.kind = BE_COUNT; j->be.want = np; j->be.got = n;
    return 0;
  }
  for (int i = 1; i <= np; i++) {
    const char *name = sqlite3_bind_parameter_name(st, i);
    int idx, arg;
    if (name == NULL || name[0] == '?') {      /* "?" or "?NNN" */
      if (named) return binderr(j, BE_NEEDVALUES, i, name);
      idx = first + i - 1;
      arg = j->argbase + i - 1;
    } else {
      if (!named) return binderr(j, BE_NEEDTABLE, i, name);
      lua_pushstring(L, name + 1);
      lua_rawget(L, first);
      if (lua_isnil(L, -1)) return binderr(j, BE_MISSING, i, name);
      idx = lua_gettop(L);
      arg = j->argbase;
    }
    int rc = bindvalue(L, st, i, idx);
    if (rc < 0) {
      j->be.arg = arg;
      j->be.tname = luaL_typename(L, idx);
      return binderr(j, BE_TYPE, i, name);
    }
    if (rc != SQLITE_OK) {
      snprintf(j->msg, sizeof j->msg, "%s", sqlite3_errstr(rc));
      j->rc = rc;
      return binderr(j, BE_SQLITE, i, name);
    }
    if (named) lua_pop(L, 1);
  }
  return 1;
}

static void steperr (Job *j, int rc) {
  j->rc = rc;
  snprintf(j->msg, sizeof j->msg, "%s", sqlite3_errmsg(j->db->h));
}

/* protrun(job, functions [, values... | names]): the raising part of a
** call, so the caller can give the statement back before re-raising. */
static int protrun (lua_State *L) {
  Job *j = (Job *)lua_touserdata(L, 1);
  Db *db = j->db;
  sqlite3_stmt *st = j->st;
  if (j->mode != J_NEXT) {
    sqlite3_reset(st);                   /* the last user may have died mid-way */
    sqlite3_clear_bindings(st);
    if (!bindall(L, j, 3, lua_gettop(L) - 2)) return 0;
    if (j->mode == J_BIND) return 0;
  }
  if (j->mode == J_EXEC) {
    sqlite3_int64 before = sqlite3_total_changes64(db->h);
    int rc;
    while ((rc = dostep(L, db, st, 2)) == SQLITE_ROW) {}
    if (rc != SQLITE_DONE) { steperr(j, rc); return 0; }
    /* sqlite3_changes keeps the count of the last INSERT/UPDATE/DELETE, so
    ** a statement that changed nothing would report someone else's */
    j->changes = sqlite3_total_changes64(db->h) != before ? sqlite3_changes64(db->h) : 0;
    return 0;
  }
  int rc = dostep(L, db, st, 2);
  if (rc == SQLITE_DONE) return 0;
  if (rc != SQLITE_ROW) { steperr(j, rc); return 0; }
  if (j->mode == J_NEXT) pushrow(L, st, j->arrays ? R_ARRAY : R_TABLE, j->arrays ? 0 : 3);
  else pushrow(L, st, j->mode == J_VAL ? R_VALUE : R_TABLE, 0);
  return 1;
}

/* Run job j with the values at first..first+n-1 (or, for J_NEXT, the names
** table at index first).  funcs: index of the db's function table.
** Returns the lua_pcall status; on error the error object is on top, else
** the one result (row, value or nil). */
static int runjob (lua_State *L, Job *j, int funcs, int first, int n) {
  funcs = lua_absindex(L, funcs);
  luaL_checkstack(L, n + 4, "too many SQL parameters");
  lua_pushcfunction(L, protrun);
  lua_pushlightuserdata(L, j);
  lua_pushvalue(L, funcs);
  for (int i = 0; i < n; i++) lua_pushvalue(L, first + i);
  return lua_pcall(L, n + 2, 1, 0);
}

/* Raise the failure recorded in j (the statement already given back). */
static int jobfail (lua_State *L, Job *j, const char *fname, const char *sql, size_t len) {
  char msg[640];
  switch (j->be.kind) {
    case BE_TYPE:
      lua_pushfstring(L, "cannot bind %s to parameter %s", j->be.tname, j->be.name);
      return luaL_argerror(L, j->be.arg, lua_tostring(L, -1));
    case BE_COUNT:
      snprintf(msg, sizeof msg, "%d parameter%s expected, got %d value%s", j->be.want,
               j->be.want == 1 ? "" : "s", j->be.got, j->be.got == 1 ? "" : "s");
      break;
    case BE_MISSING:
      snprintf(msg, sizeof msg, "missing named parameter '%s' (use db.null for NULL)", j->be.name);
      break;
    case BE_NEEDTABLE:
      snprintf(msg, sizeof msg, "named parameter '%s' needs a table of values", j->be.name);
      break;
    case BE_NEEDVALUES:
      snprintf(msg, sizeof msg, "positional parameter '%s' cannot take a value from a table",
               j->be.name);
      break;
    case BE_SQLITE:
      snprintf(msg, sizeof msg, "%s (parameter %s)", j->msg, j->be.name);
      break;
    default:
      snprintf(msg, sizeof msg, "%s", j->msg);
      break;
  }
  return sqlerror(L, fname, msg, sql, len);
}

static int failed (Job *j) { return j->be.kind != BE_NONE || j->rc != SQLITE_OK; }

static void initjob (Job *j, Db *db, sqlite3_stmt *st, int mode, int argbase) {
  memset(j, 0, sizeof *j);
  j->db = db; j->st = st; j->mode = mode; j->argbase = argbase;
}

/* exec/one/val over sql through the cache: values at first.., funcs index. */
static int cachedrun (lua_State *L, Db *db, const char *sql, size_t len, int mode,
                      const char *fname, int funcs, int first, int n) {
  int slot;
  funcs = lua_absindex(L, funcs);
  sqlite3_stmt *st = acquire(L, db, sql, len, fname, &slot);
  Job j;
  initjob(&j, db, st, mode, first);
  int status = runjob(L, &j, funcs, first, n);
  release(db, st, slot);
  if (status != LUA_OK) return lua_error(L);
  if (failed(&j)) return jobfail(L, &j, fname, sql, len);
  if (mode == J_EXEC) {
    lua_pushinteger(L, (lua_Integer)j.changes);
    return 1;
  }
  return 1;                                  /* row, value or nil */
}

/* Several statements, no parameters: a schema script.  Each is prepared,
** stepped to the end and finalized before the next; returns total changes. */
static int execscript (lua_State *L, Db *db, const char *sql, size_t len, int funcs) {
  const char *p = sql, *end = sql + len;
  long long total = 0;
  char msg[512];
  db->held++;
  while (p < end) {
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    int rc = sqlite3_prepare_v2(db->h, p, (int)(end - p), &st, &tail);
    if (rc == SQLITE_OK && st != NULL) {
      sqlite3_int64 before = sqlite3_total_changes64(db->h);
      while ((rc = dostep(L, db, st, funcs)) == SQLITE_ROW) {}
      if (rc == SQLITE_DONE) {
        if (sqlite3_total_changes64(db->h) != before) total += sqlite3_changes64(db->h);
        rc = SQLITE_OK;
      }
    }
    if (rc != SQLITE_OK) {
      snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(db->h));
      sqlite3_finalize(st);
      db->held--;
      return sqlerror(L, "db.exec", msg, sql, len);
    }
    sqlite3_finalize(st);
    if (tail == NULL || tail <= p) break;
    p = tail;
  }
  db->held--;
  lua_pushinteger(L, (lua_Integer)total);
  return 1;
}

/* Does sql hold more than one statement (or none)?  Decided by the tokenizer, so
** semicolons inside strings, comments and triggers don't fool it.  Only
** asked on a cache miss. */
static int ismulti (Db *db, const char *sql, size_t len) {
  sqlite3_stmt *st = NULL;
  const char *tail = NULL;
  if (sqlite3_prepare_v2(db->h, sql, (int)len, &st, &tail) != SQLITE_OK) {
    sqlite3_finalize(st);
    return 0;                              /* let the single path report it */
  }
  if (st == NULL) return 1;                /* empty or only comments: a script doing nothing */
  sqlite3_finalize(st);
  const char *end = sql + len;
  while (tail && tail < end && !blanktail(tail, end)) {
    const char *next = NULL;
    st = NULL;
    int rc = sqlite3_prepare_v2(db->h, tail, (int)(end - tail), &st, &next);
    sqlite3_finalize(st);
    if (rc != SQLITE_OK || st != NULL) return 1;
    if (next == tail) break;
    tail = next;
  }
  return 0;
}
/* }====== */


/* {====== SQL functions written in Lua ====== */

typedef struct Call {                  /* one call of a Lua SQL function */
  sqlite3_context *ctx;
  int argc;
  sqlite3_value **argv;
  int slot;
} Call;

/* callfunc(call, functions): protected; sets the SQL result. */
static int callfunc (lua_State *L) {
  Call *c = (Call *)lua_touserdata(L, 1);
  luaL_checkstack(L, c->argc + 2, "too many arguments to SQL function");
  lua_rawgeti(L, 2, c->slot);
  for (int i = 0; i < c->argc; i++) pushsqlvalue(L, c->argv[i]);
  lua_call(L, c->argc, 1);
  sqlite3_context *ctx = c->ctx;
  switch (lua_type(L, -1)) {
    case LUA_TNIL: sqlite3_result_null(ctx); break;
    case LUA_TBOOLEAN: sqlite3_result_int(ctx, lua_toboolean(L, -1)); break;
    case LUA_TNUMBER:
      if (lua_isinteger(L, -1)) sqlite3_result_int64(ctx, (sqlite3_int64)lua_tointeger(L, -1));
      else sqlite3_result_double(ctx, (double)lua_tonumber(L, -1));
      break;
    case LUA_TSTRING: {
      size_t len;
      const char *s = lua_tolstring(L, -1, &len);
      if (memchr(s, 0, len) == NULL && ay_utf8_check(s, len) == len)
        sqlite3_result_text64(ctx, s, len, SQLITE_TRANSIENT, SQLITE_UTF8);
      else sqlite3_result_blob64(ctx, s, len, SQLITE_TRANSIENT);
      break;
    }
    default:
      if (lua_touserdata(L, -1) == &nullkey) { sqlite3_result_null(ctx); break; }
      if (luaL_testudata(L, -1, AY_BLOB)) {
        size_t len;
        lua_getiuservalue(L, -1, 1);
        const char *s = lua_tolstring(L, -1, &len);
        sqlite3_result_blob64(ctx, s ? s : "", s ? len : 0, SQLITE_TRANSIENT);
        break;
      }
      return luaL_error(L, "SQL function returned a %s", luaL_typename(L, -1));
  }
  return 0;
}

/* Called by SQLite inside sqlite3_step: nothing here may raise. */
static void sqlfunc (sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  Func *f = (Func *)sqlite3_user_data(ctx);
  Db *db = f->db;
  lua_State *L = db->L;
  if (L == NULL || db->funcidx == 0) {
    sqlite3_result_error(ctx, "Lua SQL function called outside a statement step", -1);
    return;
  }
  if (!lua_checkstack(L, 4)) {
    sqlite3_result_error(ctx, "Lua stack overflow in SQL function", -1);
    return;
  }
  Call c = { ctx, argc, argv, f->slot };
  lua_pushcfunction(L, callfunc);
  lua_pushlightuserdata(L, &c);
  lua_pushvalue(L, db->funcidx);
  if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
    if (lua_type(L, -1) == LUA_TSTRING) sqlite3_result_error(ctx, lua_tostring(L, -1), -1);
    else {
      char msg[80];
      snprintf(msg, sizeof msg, "(error object is a %s value)", luaL_typename(L, -1));
      sqlite3_result_error(ctx, msg, -1);
    }
    lua_pop(L, 1);
  }
}
/* }====== */


/* {====== db functions ====== */

/* {====== background checkpoints ======
** d:checkpointer(pages) moves WAL checkpoints off the writing thread: a
** thread with a second connection to the same file runs a PASSIVE
** checkpoint whenever a commit leaves at least `pages` frames in the WAL
** (sqlite3_wal_hook), and the writer's own automatic checkpoints are
** turned off.  A checkpoint copies the WAL into the database and waits
** for two fsyncs: on the writer's thread that stalled a batch run for
** ~15 ms each time.  Plain C and malloc: nothing here touches Lua. */
typedef struct Ckpt {
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  sqlite3 *h;                          /* owned: the checkpointing connection */
  int pages;                           /* WAL frames that call for a checkpoint */
  int want, stop;                      /* under mu */
} Ckpt;

static void *ckpt_main (void *ud) {
  Ckpt *c = (Ckpt *)ud;
  pthread_mutex_lock(&c->mu);
  for (;;) {
    while (!c->want && !c->stop) pthread_cond_wait(&c->cv, &c->mu);
    if (c->stop) break;
    c->want = 0;
    pthread_mutex_unlock(&c->mu);
    /* PASSIVE: copies what no reader needs, never waits for the writer;
    ** SQLITE_BUSY (another checkpoint running) is fine: the next commit asks again */
    (void)sqlite3_wal_checkpoint_v2(c->h, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    pthread_mutex_lock(&c->mu);
  }
  pthread_mutex_unlock(&c->mu);
  return NULL;
}

/* The writer's wal hook: runs after each commit, in the writer's thread. */
static int ckpt_hook (void *ud, sqlite3 *h, const char *dbname, int frames) {
  (void)h; (void)dbname;
  Ckpt *c = (Ckpt *)ud;
  if (frames >= c->pages) {
    pthread_mutex_lock(&c->mu);
    c->want = 1;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
  }
  return SQLITE_OK;
}

/* Stop the thread (waiting for a checkpoint under way), close its
** connection, and give the writer its automatic checkpoints back. */
static void ckpt_stop (Db *db) {
  Ckpt *c = db->ckpt;
  if (c == NULL) return;
  pthread_mutex_lock(&c->mu);
  c->stop = 1;
  pthread_cond_signal(&c->cv);
  pthread_mutex_unlock(&c->mu);
  pthread_join(c->thread, NULL);
  sqlite3_close_v2(c->h);
  pthread_mutex_destroy(&c->mu);
  pthread_cond_destroy(&c->cv);
  free(c);
  db->ckpt = NULL;
  if (db->h) sqlite3_wal_autocheckpoint(db->h, 1000);    /* also removes the hook */
}

/* d:checkpointer(pages) -> true, or false when the database cannot have
** one (in memory, read-only, not in WAL mode, no second connection); the
** writer then checkpoints as before.  Calling it again changes pages. */
static int db_checkpointer (lua_State *L) {
  Db *db = todb(L, 1);
  lua_Integer pages = luaL_checkinteger(L, 2);
  luaL_argcheck(L, pages >= 1 && pages <= 0x7fffffff, 2, "pages must be positive");
  if (db->ckpt) { db->ckpt->pages = (int)pages; lua_pushboolean(L, 1); return 1; }
  const char *file = sqlite3_db_filename(db->h, "main");
  sqlite3_stmt *st = NULL;
  int wal = 0;
  if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char *m = sqlite3_column_text(st, 0);
    wal = m != NULL && strcmp((const char *)m, "wal") == 0;
  }
  sqlite3_finalize(st);
  if (!wal || file == NULL || file[0] == '\0' || sqlite3_db_readonly(db->h, "main") != 0) {
    lua_pushboolean(L, 0);
    return 1;
  }
  Ckpt *c = (Ckpt *)calloc(1, sizeof *c);
  if (c == NULL) { lua_pushboolean(L, 0); return 1; }
  c->pages = (int)pages;
  if (sqlite3_open_v2(file, &c->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
      sqlite3_exec(c->h, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) != SQLITE_OK) {
    sqlite3_close_v2(c->h);
    free(c);
    lua_pushboolean(L, 0);
    return 1;
  }
  pthread_mutex_init(&c->mu, NULL);
  pthread_cond_init(&c->cv, NULL);
  if (ay_thread_start(&c->thread, NULL, ckpt_main, c) != 0) {
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->cv);
    sqlite3_close_v2(c->h);
    free(c);
    lua_pushboolean(L, 0);
    return 1;
  }
  db->ckpt = c;
  sqlite3_wal_autocheckpoint(db->h, 0);
  sqlite3_wal_hook(db->h, ckpt_hook, c);
  lua_pushboolean(L, 1);
  return 1;
}
/* }====== */

/* Size of path's -wal file: -1 when there is none, -2 when its name is too
** long to tell. */
static long long walsize (const char *path) {
  char wal[4096];
  struct stat st;
  if (snprintf(wal, sizeof wal, "%s-wal", path) >= (int)sizeof wal) return -2;
  return stat(wal, &st) != 0 ? -1 : (long long)st.st_size;
}

/* A read-only connection to a WAL database leaves its -wal and -shm files
** behind (it may not remove them), so every `assay show` or `assay
** report` left two empty files beside the database.  When the WAL is
** empty, a read-write connection opened and closed after it is the last
** one, and SQLite removes both; when another process has the database
** open, or the file cannot be opened for writing, nothing happens. */
static void tidywal (const char *file) {
  if (walsize(file) != 0) return;               /* no WAL, or one with frames */
  sqlite3 *h = NULL;
  if (sqlite3_open_v2(file, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK)
    (void)sqlite3_exec(h, "PRAGMA schema_version", NULL, NULL, NULL);
  sqlite3_close_v2(h);
}

/* Finalize our statements (cached, prepared, in rows loops) and close.
** Their owners see st == NULL afterwards. */
static void closedb (Db *db) {
  if (db->h == NULL) return;
  char file[4096] = "";                /* a read-only connection's file: tidywal */
  const char *f = sqlite3_db_filename(db->h, "main");
  if (f != NULL && f[0] != '\0' && sqlite3_db_readonly(db->h, "main") == 1 &&
      strlen(f) < sizeof file)
    memcpy(file, f, strlen(f) + 1);
  ckpt_stop(db);
  for (int i = 0; i < AY_MAX_STMT_CACHE; i++) {
    Entry *e = &db->cache[i];
    if (e->st) sqlite3_finalize(e->st);
    e->st = NULL;
    freekey(db, e);
  }
  for (Link *k = db->owners, *next; k != NULL; k = next) {
    next = k->next;
    sqlite3_finalize(*k->pst);
    *k->pst = NULL;
    k->prev = k->next = NULL;
    k->pst = NULL;
  }
  db->owners = NULL;
  sqlite3_close_v2(db->h);
  db->h = NULL;
  if (db->wbfd > 0) close(db->wbfd - 1);
  db->wbfd = 0;
  if (file[0] != '\0') tidywal(file);
}

/* sqlite3_open_v2, then the schema read (which turns "not a database" into
** an open failure). */
static int open_checked (const char *file, sqlite3 **h, int flags, int timeout) {
  int rc = sqlite3_open_v2(file, h, flags, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_extended_result_codes(*h, 1);
    sqlite3_busy_timeout(*h, timeout);
    rc = sqlite3_exec(*h, "PRAGMA foreign_keys=ON; PRAGMA schema_version", NULL, NULL, NULL);
  }
  return rc;
}

/* May path be opened as immutable (read-only opening failed)?  When it is
** an existing file, not a URI or ":memory:", and has no -wal file with
** content (which would hold committed transactions). */
static int immutable_ok (const char *path) {
  struct stat st;
  if (strncmp(path, "file:", 5) == 0 || path[0] == ':' || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return 0;
  long long n = walsize(path);
  return n == -1 || n == 0;
}

/* db.open(path [, {readonly=, create=, timeout=}]) -> d, or nil, msg when
** the file cannot be opened or is not a database.  Raises on bad options. */
static int db_open (lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  int readonly = 0, create = 1;
  lua_Integer timeout = 5000;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, 2)) {
      const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
      if (k && strcmp(k, "readonly") == 0) {
        luaL_argcheck(L, lua_isboolean(L, -1), 2, "option 'readonly' must be a boolean");
        readonly = lua_toboolean(L, -1);
      } else if (k && strcmp(k, "create") == 0) {
        luaL_argcheck(L, lua_isboolean(L, -1), 2, "option 'create' must be a boolean");
        create = lua_toboolean(L, -1);
      } else if (k && strcmp(k, "timeout") == 0) {
        luaL_argcheck(L, lua_isinteger(L, -1), 2, "option 'timeout' must be an integer (ms)");
        timeout = lua_tointeger(L, -1);
        luaL_argcheck(L, timeout >= 0 && timeout <= 0x7fffffff, 2, "option 'timeout' out of range");
      } else {
        lua_pushvalue(L, -2);
        return luaL_argerror(L, 2, lua_pushfstring(L, "unknown option '%s'",
                                                   luaL_tolstring(L, -1, NULL)));
      }
      lua_pop(L, 1);
    }
  }
  lua_settop(L, 1);
  Db *db = (Db *)lua_newuserdatauv(L, sizeof(Db), 2);
  memset(db, 0, sizeof *db);
  db->allocf = lua_getallocf(L, &db->allocud);
  luaL_setmetatable(L, AY_DB);             /* valid before acquiring: __gc is safe */
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1);
  lua_newtable(L);
  lua_setiuservalue(L, -2, 2);
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  flags |= readonly ? SQLITE_OPEN_READONLY
                    : (SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0));
  sqlite3 *h = NULL;
  int rc = open_checked(path, &h, flags, (int)timeout);
  if (rc != SQLITE_OK && readonly && immutable_ok(path)) {
    /* a WAL database on read-only media: SQLite cannot make its -shm file
    ** there, but with no -wal file everything is in the database file,
    ** which nothing can change: open it as immutable */
    char msg0[512];
    snprintf(msg0, sizeof msg0, "%s", h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
    sqlite3_close_v2(h);
    h = NULL;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "file:");
    for (const char *p = path; *p; p++) {
      if (*p == '%' || *p == '?' || *p == '#') {
        char e[4];
        snprintf(e, sizeof e, "%%%02X", (unsigned char)*p);
        luaL_addstring(&b, e);
      } else luaL_addchar(&b, *p);
    }
    luaL_addstring(&b, "?immutable=1");
    luaL_pushresult(&b);
    rc = open_checked(lua_tostring(L, -1), &h, flags, (int)timeout);
    lua_pop(L, 1);
    if (rc != SQLITE_OK) {
      sqlite3_close_v2(h);
      lua_pushnil(L);
      lua_pushfstring(L, "db.open: cannot open '%s': %s", path, msg0);
      return 2;
    }
  }
  if (rc != SQLITE_OK) {
    char msg[512];
    snprintf(msg, sizeof msg, "%s", h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
    sqlite3_close_v2(h);
    lua_pushnil(L);
    lua_pushfstring(L, "db.open: cannot open '%s': %s", path, msg);
    return 2;
  }
  db->h = h;
  return 1;
}

/* Push the db's function table; returns its index.  For dostep. */
static int pushfuncs (lua_State *L, int dbidx) {
  lua_getiuservalue(L, dbidx, 2);
  return lua_gettop(L);
}

/* d:exec(sql, ...) -> rows changed.  Without values sql may be a script of
** several statements. */
static int db_exec (lua_State *L) {
  Db *db = todb(L, 1);
  size_t len;
  const char *sql = checksql(L, 2, &len);
  int n = lua_gettop(L) - 2;
  int funcs = pushfuncs(L, 1);
  if (n == 0) {
    unsigned h = hashsql(sql, len);
    if (findentry(db, sql, len, h) < 0 && ismulti(db, sql, len))
      return execscript(L, db, sql, len, funcs);
  }
  return cachedrun(L, db, sql, len, J_EXEC, "db.exec", funcs, 3, n);
}

/* d:one(sql, ...) -> first row as a table, or nil */
static int db_one (lua_State *L) {
  Db *db = todb(L, 1);
  size_t len;
  const char *sql = checksql(L, 2, &len);
  int n = lua_gettop(L) - 2;
  int funcs = pushfuncs(L, 1);
  return cachedrun(L, db, sql, len, J_ONE, "db.one", funcs, 3, n);
}

/* d:val(sql, ...) -> first column of the first row, or nil */
static int db_val (lua_State *L) {
  Db *db = todb(L, 1);
  size_t len;
  const char *sql = checksql(L, 2, &len);
  int n = lua_gettop(L) - 2;
  int funcs = pushfuncs(L, 1);
  return cachedrun(L, db, sql, len, J_VAL, "db.val", funcs, 3, n);
}

/* {------ rows loops ------ */

static Cursor *tocursor (lua_State *L, int idx) {
  return (Cursor *)luaL_checkudata(L, idx, AY_CURSOR);
}

/* End a loop: its own statement goes back to the cache.  Never raises. */
static void endcursor (lua_State *L, Cursor *cu, int idx) {
  if (cu->st == NULL) return;
  if (cu->stmt == NULL) {
    unlinkowner(cu->db, &cu->link);
    size_t len;
    lua_getiuservalue(L, idx, 2);
    const char *sql = lua_tolstring(L, -1, &len);
    if (sql) giveback(cu->db, sql, len, cu->st);
    else sqlite3_finalize(cu->st);
    lua_pop(L, 1);
  } else if (cu->stmt && cu->stmt->st && cu->stmt->gen == cu->gen && cu->db->h != NULL) {
    sqlite3_reset(cu->st);                       /* a broken-off loop must not keep a read lock */
    sqlite3_clear_bindings(cu->st);
  }
  cu->st = NULL;
}

static int cur_close (lua_State *L) {      /* __close and __gc of a loop */
  Cursor *cu = tocursor(L, 1);
  if (cu->running) return luaL_error(L, "%s: cannot end a rows loop from inside its own step", cu->fname);
  endcursor(L, cu, 1);
  return 0;
}

/* The iterator: upvalue 1 is the Cursor. */
static int cur_next (lua_State *L) {
  Cursor *cu = tocursor(L, lua_upvalueindex(1));
  int cidx = lua_upvalueindex(1);
  if (cu->db->h == NULL) return luaL_error(L, "%s: database is closed", cu->fname);
  if (cu->st == NULL) return 0;                  /* finished or closed: stays finished */
  if (cu->running) return luaL_error(L, "%s: rows loop re-entered from inside its own step", cu->fname);
  if (cu->stmt) {
    if (cu->stmt->st == NULL) return luaL_error(L, "%s: statement is closed", cu->fname);
    if (cu->stmt->gen != cu->gen)
      return luaL_error(L, "%s: statement was reused while this rows loop was open", cu->fname);
    if (cu->stmt->running) return luaL_error(L, "%s: statement is running", cu->fname);
  }
  lua_settop(L, 0);
  lua_getiuservalue(L, cidx, 1);                 /* owner: db or stmt */
  if (cu->stmt) lua_getiuservalue(L, 1, 1);      /* stmt's db */
  int funcs = pushfuncs(L, lua_gettop(L));
  lua_getiuservalue(L, cidx, 3);                 /* column names */
  int names = lua_gettop(L);
  Job j;
  initjob(&j, cu->db, cu->st, J_NEXT, 0);
  j.arrays = cu->arrays;
  cu->running = 1;
  if (cu->stmt) cu->stmt->running = 1;
  cu->db->held++;
  int status = runjob(L, &j, funcs, names, 1);
  cu->db->held--;
  cu->running = 0;
  if (cu->stmt) cu->stmt->running = 0;
  if (status != LUA_OK) {
    endcursor(L, cu, cidx);
    return lua_error(L);
  }
  if (failed(&j)) {
    const char *sql = sqlite3_sql(cu->st);
    lua_pushstring(L, sql ? sql : "?");          /* copy: endcursor may finalize st */
    endcursor(L, cu, cidx);
    size_t len;
    sql = lua_tolstring(L, -1, &len);
    return jobfail(L, &j, cu->fname, sql, len);
  }
  if (lua_isnil(L, -1)) {                        /* done */
    endcursor(L, cu, cidx);
    return 0;
  }
  if (cu->arrays) {
    lua_pushinteger(L, sqlite3_column_count(cu->st));
    return 2;
  }
  return 1;
}

/* Start a loop over st (owned when stmt == NULL): push iterator, nil, nil,
** cursor.  The cursor is the for loop's closing value, so a break gives the
** statement back at once.  ownerix: the db or stmt userdata. */
static Cursor *newcursor (lua_State *L, Db *db, int ownerix, int sqlix, int arrays,
                          const char *fname) {
  Cursor *cu = (Cursor *)lua_newuserdatauv(L, sizeof(Cursor), 3);
  memset(cu, 0, sizeof *cu);
  cu->db = db;
  cu->arrays = arrays;
  cu->fname = fname;
  luaL_setmetatable(L, AY_CURSOR);
  lua_pushvalue(L, ownerix);
  lua_setiuservalue(L, -2, 1);
  if (sqlix) {
    lua_pushvalue(L, sqlix);
    lua_setiuservalue(L, -2, 2);
  }
  return cu;
}

/* Column names of st as an array into the cursor at top. */
static void setnames (lua_State *L, sqlite3_stmt *st) {
  int n = sqlite3_column_count(st);
  lua_createtable(L, n, 0);
  for (int c = 0; c < n; c++) {
    const char *name = sqlite3_column_name(st, c);
    if (name == NULL) luaL_error(L, "not enough memory");
    lua_pushstring(L, name);
    lua_rawseti(L, -2, c + 1);
  }
  lua_setiuservalue(L, -2, 3);
}

/* Bind the values first.. into the cursor's statement (cursor at top, at
** index cidx) and return the for-loop quadruple. */
static int startloop (lua_State *L, Cursor *cu, int cidx, int funcs, int first, int n,
                      const char *sql, size_t len) {
  Job j;
  initjob(&j, cu->db, cu->st, J_BIND, first);
  int status = runjob(L, &j, funcs, first, n);
  if (status != LUA_OK || failed(&j)) {
    if (cu->stmt == NULL) endcursor(L, cu, cidx);
    else sqlite3_reset(cu->st);
    if (status != LUA_OK) return lua_error(L);
    return jobfail(L, &j, cu->fname, sql, len);
  }
  lua_pop(L, 1);
  lua_pushvalue(L, cidx);
  lua_pushcclosure(L, cur_next, 1);
  lua_pushnil(L);
  lua_pushnil(L);
  lua_pushvalue(L, cidx);
  return 4;
}

static int rowsloop (lua_State *L, int arrays, const char *fname) {
  Db *db = todb(L, 1);
  size_t len;
  const char *sql = checksql(L, 2, &len);
  int n = lua_gettop(L) - 2;
  int funcs = pushfuncs(L, 1);
  Cursor *cu = newcursor(L, db, 1, 2, arrays, fname);
  int cidx = lua_gettop(L);
  sqlite3_stmt *st = checkout(db, sql, len);
  if (st == NULL) st = prepare1(L, db, sql, len, fname, SQLITE_PREPARE_PERSISTENT);
  cu->st = st;                                  /* owned by the cursor from here */
  linkowner(db, &cu->link, &cu->st);
  setnames(L, st);
  return startloop(L, cu, cidx, funcs, 3, n, sql, len);
}

/* d:rows(sql, ...) -> iterator of rows as tables (column name -> value) */
static int db_rows (lua_State *L) { return rowsloop(L, 0, "db.rows"); }
/* d:irows(sql, ...) -> iterator of rows as arrays, and the column count */
static int db_irows (lua_State *L) { return rowsloop(L, 1, "db.irows"); }
/* }------ */

/* Quote an identifier: "..." with " doubled. */
static void addident (luaL_Buffer *b, const char *s, size_t len) {
  luaL_addchar(b, '"');
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '"') luaL_addchar(b, '"');
    luaL_addchar(b, s[i]);
  }
  luaL_addchar(b, '"');
}

typedef struct Key { const char *s; size_t len; } Key;

static int cmpkey (const void *a, const void *b) {
  const Key *x = (const Key *)a, *y = (const Key *)b;
  size_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->s, y->s, n);
  return c ? c : (x->len < y->len ? -1 : x->len > y->len);
}

/* d:insert(tbl, row) -> rowid.  tbl may be "schema.table" (split at the
** first dot).  Columns are row's string keys in sorted order, so the same
** shape of row hits the same cached statement. */
static int db_insert (lua_State *L) {
  Db *db = todb(L, 1);
  size_t tlen;
  const char *tbl = luaL_checklstring(L, 2, &tlen);
  luaL_checktype(L, 3, LUA_TTABLE);
  luaL_argcheck(L, tlen > 0 && memchr(tbl, 0, tlen) == NULL, 2, "invalid table name");
  lua_settop(L, 3);
  int nkeys = 0;
  lua_pushnil(L);
  while (lua_next(L, 3)) {
    if (lua_type(L, -2) != LUA_TSTRING)
      return luaL_argerror(L, 3, lua_pushfstring(L, "column names must be strings, got a %s key",
                                                 luaL_typename(L, -2)));
    nkeys++;
    lua_pop(L, 1);
  }
  Key *keys = (Key *)lua_newuserdatauv(L, sizeof(Key) * (size_t)(nkeys ? nkeys : 1), 0);  /* 4 */
  int k = 0;
  lua_pushnil(L);
  while (lua_next(L, 3)) {                  /* keys stay anchored in row */
    keys[k].s = lua_tolstring(L, -2, &keys[k].len);
    luaL_argcheck(L, memchr(keys[k].s, 0, keys[k].len) == NULL, 3, "column name contains a NUL byte");
    k++;
    lua_pop(L, 1);
  }
  qsort(keys, (size_t)nkeys, sizeof(Key), cmpkey);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addstring(&b, "INSERT INTO ");
  const char *dot = memchr(tbl, '.', tlen);
  if (dot && dot > tbl && dot < tbl + tlen - 1) {
    addident(&b, tbl, (size_t)(dot - tbl));
    luaL_addchar(&b, '.');
    addident(&b, dot + 1, tlen - (size_t)(dot - tbl) - 1);
  } else addident(&b, tbl, tlen);
  if (nkeys == 0) luaL_addstring(&b, " DEFAULT VALUES");
  else {
    luaL_addstring(&b, " (");
    for (int i = 0; i < nkeys; i++) {
      if (i) luaL_addchar(&b, ',');
      addident(&b, keys[i].s, keys[i].len);
    }
    luaL_addstring(&b, ") VALUES (");
    for (int i = 0; i < nkeys; i++) luaL_addstring(&b, i ? ",?" : "?");
    luaL_addchar(&b, ')');
  }
  luaL_pushresult(&b);                       /* 5: sql */
  int funcs = pushfuncs(L, 1);               /* 6 */
  luaL_checkstack(L, nkeys + 8, "too many columns");
  for (int i = 0; i < nkeys; i++) {          /* 7..: values in column order */
    lua_pushlstring(L, keys[i].s, keys[i].len);
    lua_rawget(L, 3);
  }
  size_t len;
  const char *sql = lua_tolstring(L, 5, &len);
  int slot;
  sqlite3_stmt *st = acquire(L, db, sql, len, "db.insert", &slot);
  Job j;
  initjob(&j, db, st, J_EXEC, 3);
  int status = runjob(L, &j, funcs, 7, nkeys);
  release(db, st, slot);
  if (status != LUA_OK) return lua_error(L);
  if (j.be.kind == BE_TYPE) {
    const Key *key = &keys[j.be.param - 1];
    return luaL_argerror(L, 3, lua_pushfstring(L, "cannot bind %s to column '%s'",
                                               j.be.tname, key->s));
  }
  if (failed(&j)) return jobfail(L, &j, "db.insert", sql, len);
  lua_pushinteger(L, (lua_Integer)sqlite3_last_insert_rowid(db->h));
  return 1;
}

/* Run a fixed control statement (BEGIN, COMMIT, ...) through dostep so
** that Lua SQL functions called by it (deferred triggers) work.  Returns
** the SQLite code and leaves the message in msg. */
static int control (lua_State *L, Db *db, const char *sql, int funcs, char *msg, size_t msgsz) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
  if (rc == SQLITE_OK && st) {
    db->held++;
    while ((rc = dostep(L, db, st, funcs)) == SQLITE_ROW) {}
    db->held--;
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
  }
  if (rc != SQLITE_OK) snprintf(msg, msgsz, "%s", sqlite3_errmsg(db->h));
  sqlite3_finalize(st);
  return rc;
}

static int txresults (lua_State *L) {
  return lua_gettop(L) - 3;                   /* above db, fn, funcs */
}

/* d:tx(fn, ...) -> fn's results.  BEGIN IMMEDIATE ... COMMIT at top level,
** SAVEPOINT ... RELEASE when already inside a transaction.  When fn raises,
** rolls back and re-raises the same error object. */
static int db_tx (lua_State *L) {
  Db *db = todb(L, 1);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  int n = lua_gettop(L) - 2;
  int funcs = pushfuncs(L, 1);               /* top: funcs */
  lua_insert(L, 3);                          /* db, fn, funcs, args... */
  funcs = 3;
  char begin[64], commit[64], undo[96], msg[512];
  int outer = sqlite3_get_autocommit(db->h);
  if (outer) {
    snprintf(begin, sizeof begin, "BEGIN IMMEDIATE");
    snprintf(commit, sizeof commit, "COMMIT");
    snprintf(undo, sizeof undo, "ROLLBACK");
  } else {
    int d = db->txdepth + 1;
    snprintf(begin, sizeof begin, "SAVEPOINT assay_tx_%d", d);
    snprintf(commit, sizeof commit, "RELEASE assay_tx_%d", d);
    snprintf(undo, sizeof undo, "ROLLBACK TO assay_tx_%d", d);
  }
  if (control(L, db, begin, funcs, msg, sizeof msg) != SQLITE_OK)
    return sqlerror(L, "db.tx", msg, begin, strlen(begin));
  db->txdepth++;
  lua_pushvalue(L, 2);
  lua_rotate(L, 4, 1);                       /* db, fn, funcs, fn, args... */
  int status = lua_pcall(L, n, LUA_MULTRET, 0);
  db->txdepth--;
  if (db->h == NULL) {                       /* closed inside fn: SQLite rolled back */
    if (status != LUA_OK) return lua_error(L);
    return luaL_error(L, "db.tx: database closed inside the transaction (rolled back)");
  }
  if (status != LUA_OK) {
    if (!sqlite3_get_autocommit(db->h)) {    /* still open: SQLite may have rolled back itself */
      control(L, db, undo, funcs, msg, sizeof msg);
      if (!outer) control(L, db, commit, funcs, msg, sizeof msg);   /* pop the savepoint */
    }
    return lua_error(L);
  }
  if (control(L, db, commit, funcs, msg, sizeof msg) != SQLITE_OK) {
    char msg2[512];
    if (!sqlite3_get_autocommit(db->h)) {
      control(L, db, undo, funcs, msg2, sizeof msg2);
      if (!outer) control(L, db, commit, funcs, msg2, sizeof msg2);
    }
    return sqlerror(L, "db.tx", msg, commit, strlen(commit));
  }
  return txresults(L);
}

/* {------ prepared statements ------ */

static Stmt *tostmt (lua_State *L, int idx) {
  Stmt *s = (Stmt *)luaL_checkudata(L, idx, AY_STMT);
  luaL_argcheck(L, s->db->h != NULL, idx, "database is closed");
  luaL_argcheck(L, s->st != NULL, idx, "statement is closed");
  if (s->running) luaL_error(L, "stmt: statement is running (called from inside its own step)");
  return s;
}

sqlite3_stmt *ay_stmt_checkout (lua_State *L, int idx) {
  Stmt *s = tostmt(L, idx);
  s->gen++;
  s->running = 1;
  sqlite3_reset(s->st);
  return s->st;
}

void ay_stmt_giveback (lua_State *L, int idx) {
  Stmt *s = (Stmt *)lua_touserdata(L, idx);
  sqlite3_reset(s->st);
  s->running = 0;
}

/* d:prepare(sql) -> statement; raises on a syntax error or several statements */
static int db_prepare (lua_State *L) {
  Db *db = todb(L, 1);
  size_t len;
  const char *sql = checksql(L, 2, &len);
  Stmt *s = (Stmt *)lua_newuserdatauv(L, sizeof(Stmt), 1);
  memset(s, 0, sizeof *s);
  s->db = db;
  luaL_setmetatable(L, AY_STMT);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1);
  s->st = prepare1(L, db, sql, len, "db.prepare", SQLITE_PREPARE_PERSISTENT);
  linkowner(db, &s->link, &s->st);
  return 1;
}

static int stmtrun (lua_State *L, int mode, const char *fname) {
  Stmt *s = tostmt(L, 1);
  int n = lua_gettop(L) - 1;
  lua_getiuservalue(L, 1, 1);
  int funcs = pushfuncs(L, lua_gettop(L));
  Job j;
  s->gen++;
  initjob(&j, s->db, s->st, mode, 2);
  s->running = 1;
  s->db->held++;
  int status = runjob(L, &j, funcs, 2, n);
  s->db->held--;
  s->running = 0;
  sqlite3_reset(s->st);
  sqlite3_clear_bindings(s->st);
  if (status != LUA_OK) return lua_error(L);
  if (failed(&j)) {
    const char *sql = sqlite3_sql(s->st);
    return jobfail(L, &j, fname, sql ? sql : "?", sql ? strlen(sql) : 1);
  }
  if (mode == J_EXEC) lua_pushinteger(L, (lua_Integer)j.changes);
  return 1;
}

/* st:exec(...) -> rows changed; st:one(...) -> row or nil; st:val(...) */
static int st_exec (lua_State *L) { return stmtrun(L, J_EXEC, "stmt.exec"); }
static int st_one (lua_State *L) { return stmtrun(L, J_ONE, "stmt.one"); }
static int st_val (lua_State *L) { return stmtrun(L, J_VAL, "stmt.val"); }

static int stmtloop (lua_State *L, int arrays, const char *fname) {
  Stmt *s = tostmt(L, 1);
  int n = lua_gettop(L) - 1;
  lua_getiuservalue(L, 1, 1);
  int funcs = pushfuncs(L, lua_gettop(L));
  Cursor *cu = newcursor(L, s->db, 1, 0, arrays, fname);
  int cidx = lua_gettop(L);
  cu->st = s->st;
  cu->stmt = s;
  cu->gen = ++s->gen;                       /* any older loop over s is now stale */
  setnames(L, s->st);
  const char *sql = sqlite3_sql(s->st);
  return startloop(L, cu, cidx, funcs, 2, n, sql ? sql : "?", sql ? strlen(sql) : 1);
}

/* st:rows(...), st:irows(...): as d:rows; a new loop or call on the same
** statement ends the old loop (it raises if stepped again) */
static int st_rows (lua_State *L) { return stmtloop(L, 0, "stmt.rows"); }
static int st_irows (lua_State *L) { return stmtloop(L, 1, "stmt.irows"); }

/* st:columns() -> array of column names */
static int st_columns (lua_State *L) {
  Stmt *s = tostmt(L, 1);
  int n = sqlite3_column_count(s->st);
  lua_createtable(L, n, 0);
  for (int c = 0; c < n; c++) {
    const char *name = sqlite3_column_name(s->st, c);
    lua_pushstring(L, name ? name : "?");
    lua_rawseti(L, -2, c + 1);
  }
  return 1;
}

/* st:sql() -> the SQL text */
static int st_sql (lua_State *L) {
  Stmt *s = tostmt(L, 1);
  lua_pushstring(L, sqlite3_sql(s->st));
  return 1;
}

/* st:close(), __gc, __close: safe twice and after the db is closed */
static int st_close (lua_State *L) {
  Stmt *s = (Stmt *)luaL_checkudata(L, 1, AY_STMT);
  if (s->running) return luaL_error(L, "stmt.close: statement is running (called from inside its own step)");
  if (s->st) {
    unlinkowner(s->db, &s->link);
    sqlite3_finalize(s->st);
    s->st = NULL;
  }
  return 0;
}

static int st_tostring (lua_State *L) {
  Stmt *s = (Stmt *)luaL_checkudata(L, 1, AY_STMT);
  if (s->st == NULL || s->db->h == NULL) lua_pushliteral(L, "assay.stmt (closed)");
  else lua_pushfstring(L, "assay.stmt: %s", sqlite3_sql(s->st));
  return 1;
}
/* }------ */

/* d:func(name, nargs, fn [, {deterministic = true}]): a Lua function
** callable from SQL; nargs -1 takes any number.  Its errors become SQL
** errors of the statement that called it. */
static int db_func (lua_State *L) {
  Db *db = todb(L, 1);
  const char *name = luaL_checkstring(L, 2);
  lua_Integer nargs = luaL_checkinteger(L, 3);
  luaL_checktype(L, 4, LUA_TFUNCTION);
  luaL_argcheck(L, nargs >= -1 && nargs <= 127, 3, "must be -1..127");
  int det = 0;
  if (!lua_isnoneornil(L, 5)) {
    luaL_checktype(L, 5, LUA_TTABLE);
    lua_getfield(L, 5, "deterministic");
    det = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  if (db->held) return luaL_error(L, "db.func: cannot define functions while a statement runs");
  Func *f = (Func *)sqlite3_malloc(sizeof(Func));
  if (f == NULL) return luaL_error(L, "not enough memory");
  f->db = db;
  f->slot = db->nfunc + 1;
  /* on failure SQLite calls the destructor (sqlite3_free) itself */
  int rc = sqlite3_create_function_v2(db->h, name, (int)nargs,
                                      SQLITE_UTF8 | (det ? SQLITE_DETERMINISTIC : 0),
                                      f, sqlfunc, NULL, NULL, sqlite3_free);
  if (rc != SQLITE_OK) {
    char msg[512];
    snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(db->h));
    return luaL_error(L, "db.func: cannot define '%s': %s", name, msg);
  }
  db->nfunc++;
  lua_getiuservalue(L, 1, 2);
  lua_pushvalue(L, 4);
  lua_rawseti(L, -2, f->slot);
  return 0;
}

/* d:close(), __gc, __close: safe twice */
static int db_close (lua_State *L) {
  Db *db = (Db *)luaL_checkudata(L, 1, AY_DB);
  if (db->held)
    return luaL_error(L, "db.close: cannot close while a statement runs (called from a SQL function?)");
  closedb(db);
  lua_pushnil(L);
  lua_setiuservalue(L, 1, 2);                /* drop SQL functions (may hold d itself) */
  return 0;
}

static int db_gc (lua_State *L) {
  Db *db = (Db *)luaL_checkudata(L, 1, AY_DB);
  closedb(db);
  return 0;
}

static int db_tostring (lua_State *L) {
  Db *db = (Db *)luaL_checkudata(L, 1, AY_DB);
  lua_getiuservalue(L, 1, 1);
  lua_pushfstring(L, "assay.db: %s%s", lua_tostring(L, -1), db->h ? "" : " (closed)");
  return 1;
}

/* d:changes() -> rows changed by the last INSERT/UPDATE/DELETE */
static int db_changes (lua_State *L) {
  Db *db = todb(L, 1);
  lua_pushinteger(L, (lua_Integer)sqlite3_changes64(db->h));
  return 1;
}

/* d:last_id() -> rowid of the last successful INSERT */
static int db_last_id (lua_State *L) {
  Db *db = todb(L, 1);
  lua_pushinteger(L, (lua_Integer)sqlite3_last_insert_rowid(db->h));
  return 1;
}

/* d:path() -> the path given to db.open (also after close) */
static int db_path (lua_State *L) {
  luaL_checkudata(L, 1, AY_DB);
  lua_getiuservalue(L, 1, 1);
  return 1;
}

/* d:writeback() -> true, or false where it cannot: starts writing the
** database file's changed pages to disk and returns at once (Linux
** sync_file_range), so that a later fsync (the switch to WAL of a run's new
** database, with synchronous=FULL) waits for what changed since, not for
** the whole file: 15-30 ms at the end of a 0.3 s run over 100 MB, where no
** other thread works.  The descriptor it opens stays open until the
** connection is closed: closing a descriptor of the file would drop the
** POSIX locks SQLite holds on it (another process could then take a live
** journal for a hot one and roll it back). */
static int db_writeback (lua_State *L) {
  Db *db = todb(L, 1);
  int ok = 0;
#if defined(SYNC_FILE_RANGE_WRITE)
  if (db->wbfd == 0) {
    const char *file = sqlite3_db_filename(db->h, "main");
    int fd = (file != NULL && file[0] != '\0') ? open(file, O_RDONLY | O_CLOEXEC) : -1;
    db->wbfd = fd >= 0 ? fd + 1 : -1;      /* -1: tried, cannot */
  }
  if (db->wbfd > 0) ok = sync_file_range(db->wbfd - 1, 0, 0, SYNC_FILE_RANGE_WRITE) == 0;
#endif
  lua_pushboolean(L, ok);
  return 1;
}

/* d:interrupt(): make the running statement fail with "interrupted" */
static int db_interrupt (lua_State *L) {
  Db *db = todb(L, 1);
  sqlite3_interrupt(db->h);
  return 0;
}

/* d:busy_timeout(ms): wait up to ms for a lock (0 = fail at once) */
static int db_busy_timeout (lua_State *L) {
  Db *db = todb(L, 1);
  lua_Integer ms = luaL_checkinteger(L, 2);
  luaL_argcheck(L, ms >= 0 && ms <= 0x7fffffff, 2, "out of range");
  sqlite3_busy_timeout(db->h, (int)ms);
  return 0;
}

/* db.version() -> SQLite library version, "3.40.1" */
static int db_version (lua_State *L) {
  lua_pushstring(L, sqlite3_libversion());
  return 1;
}

/* db.blob(s) -> a value that binds s as a BLOB whatever its bytes */
static int db_blob (lua_State *L) {
  luaL_checktype(L, 1, LUA_TSTRING);
  lua_newuserdatauv(L, 0, 1);
  luaL_setmetatable(L, AY_BLOB);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1);
  return 1;
}

static int blob_tostring (lua_State *L) {
  luaL_checkudata(L, 1, AY_BLOB);
  lua_getiuservalue(L, 1, 1);
  lua_pushfstring(L, "assay.blob (%d bytes)", (int)luaL_len(L, -1));
  return 1;
}

static int blob_len (lua_State *L) {
  luaL_checkudata(L, 1, AY_BLOB);
  lua_getiuservalue(L, 1, 1);
  lua_pushinteger(L, luaL_len(L, -1));
  return 1;
}

/* db.ident(name) -> name quoted as an SQL identifier */
static int db_ident (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  luaL_argcheck(L, memchr(s, 0, len) == NULL, 1, "identifier contains a NUL byte");
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  addident(&b, s, len);
  luaL_pushresult(&b);
  return 1;
}
/* }====== */


/* {====== registration ====== */

static const luaL_Reg db_methods[] = {
  {"exec", db_exec}, {"rows", db_rows}, {"irows", db_irows}, {"one", db_one},
  {"val", db_val}, {"insert", db_insert}, {"tx", db_tx}, {"prepare", db_prepare},
  {"func", db_func}, {"close", db_close}, {"changes", db_changes},
  {"last_id", db_last_id}, {"path", db_path}, {"interrupt", db_interrupt},
  {"busy_timeout", db_busy_timeout}, {"checkpointer", db_checkpointer},
  {"writeback", db_writeback}, {NULL, NULL}
};

static const luaL_Reg db_meta[] = {
  {"__gc", db_gc}, {"__close", db_close}, {"__tostring", db_tostring}, {NULL, NULL}
};

static const luaL_Reg st_methods[] = {
  {"exec", st_exec}, {"rows", st_rows}, {"irows", st_irows}, {"one", st_one},
  {"val", st_val}, {"columns", st_columns}, {"sql", st_sql}, {"close", st_close},
  {NULL, NULL}
};

static const luaL_Reg st_meta[] = {
  {"__gc", st_close}, {"__close", st_close}, {"__tostring", st_tostring}, {NULL, NULL}
};

static const luaL_Reg cur_meta[] = {
  {"__gc", cur_close}, {"__close", cur_close}, {NULL, NULL}
};

static const luaL_Reg blob_meta[] = {
  {"__tostring", blob_tostring}, {"__len", blob_len}, {NULL, NULL}
};

static const luaL_Reg db_funcs[] = {
  {"open", db_open}, {"version", db_version}, {"blob", db_blob}, {"ident", db_ident},
  {NULL, NULL}
};

static void createmeta (lua_State *L, const char *name, const luaL_Reg *meta,
                        const luaL_Reg *methods) {
  luaL_newmetatable(L, name);
  luaL_setfuncs(L, meta, 0);
  if (methods) {
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
}

int luaopen_assay_db (lua_State *L) {
  createmeta(L, AY_DB, db_meta, db_methods);
  createmeta(L, AY_STMT, st_meta, st_methods);
  createmeta(L, AY_CURSOR, cur_meta, NULL);
  createmeta(L, AY_BLOB, blob_meta, NULL);
  luaL_newlib(L, db_funcs);
  lua_pushlightuserdata(L, &nullkey);
  lua_setfield(L, -2, "null");
  return 1;
}
/* }====== */
