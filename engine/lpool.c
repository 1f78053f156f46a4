/*
** lpool.c: the assay.pool module, a pool of worker threads, each with its
** own lua_State, mapping strings to strings; results come back in the
** order the jobs were submitted (so a batch run is deterministic whatever
** the number of workers).
**
**   pool.new{workers = N, module = "name", arg = "string" [, depth = D]
**            [, hold = B] [, nice = K] [, wait = false]} -> pool
**     Each worker creates a state, runs require(module).init(arg), which
**     must return a function process(job_string, true) -> result_string;
**     or -> box, n: a full userdata and a byte count, the result being
**     its first n bytes (a buffer process keeps from job to job: the
**     result is copied once, out of it, and no string of its size is
**     left to the worker's collector).
**     Raises with the worker's message when an init fails; with wait =
**     false it returns at once (the caller can prepare jobs while the
**     workers start) and submit and take raise that message instead, once
**     the failure is known.  depth: jobs in
**     flight per worker (default AY_POOL_DEPTH).  hold: bytes of results
**     done and not yet taken past which no worker starts a job (default 0:
**     no bound but depth), so that results waiting for a caller that is
**     behind (a writer descheduled on a busy machine) stay a few, however
**     big each is, while small ones still fill depth.  nice: the workers' nice
**     value relative to the caller's thread, 0..19 (Linux: per thread),
**     so that a caller doing serial work on their results (a database
**     writer) is not starved by its own workers when the cores are few;
**     ignored where the system refuses it.
**   p:submit(s) -> true, or false when depth jobs per worker are already
**     waiting (take results first)
**   p:take() -> ok, result  for the oldest job: ok false when process
**     raised (result is then the message); nil when no job is pending.
**     Blocks until that job is done.
**   p:pending() -> number of submitted jobs not yet taken
**   p:stop()   no more jobs: each worker ends (closes its state) once the
**     jobs submitted are done, while the caller goes on (their results can
**     still be taken); submit then raises.  close still joins.
**   p:close()  joins the threads (also __gc, __close); safe twice.
**
** Jobs and results cross threads as malloc'd copies owned by the ring slot
** until take() pushes them into the caller's state and frees them.
*/
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "assay.h"

#if !defined(AY_POOL_DEPTH)
#define AY_POOL_DEPTH 4           /* jobs in flight per worker */
#endif
#if !defined(AY_MAX_WORKERS)
#define AY_MAX_WORKERS 256
#endif

typedef struct Slot {
  char *in;                       /* owned; job text, freed by the worker */
  size_t inlen;                   /* bytes */
  char *out;                      /* owned; result or error text, freed by take */
  size_t outlen;                  /* bytes */
  int ok;                         /* 1 when process returned normally */
  int done;                       /* set by the worker under mu */
} Slot;

typedef struct Pool {
  pthread_mutex_t mu;
  pthread_cond_t has_job;         /* workers wait for submit or close */
  pthread_cond_t has_done;        /* take and new wait for workers */
  Slot *ring;                     /* owned; cap slots */
  size_t cap;                     /* slots in the ring */
  size_t submitted;               /* jobs ever submitted (ring index = n % cap) */
  size_t started;                 /* jobs ever handed to a worker */
  size_t taken;                   /* jobs ever taken by the caller */
  size_t hold;                    /* bound on held (0: none) */
  size_t held;                    /* bytes of results done and not taken */
  int nworkers;                   /* threads started */
  int nice;                       /* added to the workers' nice value, 0..19 */
  int ready;                      /* workers whose init finished (ok or not) */
  int closing;                    /* set by close: workers exit */
  int stopping;                   /* set by stop: workers exit when no job is left */
  int closed;                     /* close finished */
  char *init_error;               /* owned; first init failure, or NULL */
  char *module;                   /* owned; module name for the workers */
  char *arg;                      /* owned; init argument */
  size_t arglen;                  /* bytes */
  pthread_t *threads;             /* owned; nworkers entries */
} Pool;

static char *dupmem (const char *s, size_t len) {
  char *p = (char *)malloc(len + 1);
  if (p) { memcpy(p, s, len); p[len] = '\0'; }
  return p;
}

/* {====== worker threads ====== */

static void set_init_error (Pool *p, const char *msg) {
  pthread_mutex_lock(&p->mu);
  if (p->init_error == NULL) p->init_error = dupmem(msg, strlen(msg));
  p->ready++;
  pthread_cond_broadcast(&p->has_done);
  pthread_mutex_unlock(&p->mu);
}

static int init_worker (lua_State *L, Pool *p) {
  lua_getglobal(L, "require");
  lua_pushstring(L, p->module);
  if (ay_docall(L, 1, 1) != LUA_OK) return 0;
  if (!lua_istable(L, -1)) {                 /* lua_getfield on it could raise here */
    lua_pushfstring(L, "module '%s' must return a table with init, got %s", p->module,
                    luaL_typename(L, -1));
    return 0;
  }
  lua_getfield(L, -1, "init");
  lua_pushlstring(L, p->arg, p->arglen);
  if (ay_docall(L, 1, 1) != LUA_OK) return 0;
  if (!lua_isfunction(L, -1)) {
    lua_pushfstring(L, "%s.init must return a function, got %s", p->module, luaL_typename(L, -1));
    return 0;
  }
  return 1;                       /* stack: module, process */
}

/* call_job(process, slot): runs process(job, true) in protected mode, since
** even copying the job into the state can raise (memory); returns the
** result: a string, or a box and its byte count (see pool.new). */
static int call_job (lua_State *L) {
  Slot *s = (Slot *)lua_touserdata(L, 2);
  lua_settop(L, 1);
  lua_pushlstring(L, s->in, s->inlen);
  lua_pushboolean(L, 1);
  lua_call(L, 2, 2);
  return 2;
}

/* The result process left at the top two slots (see call_job): its bytes,
** or NULL when it is neither a string nor a box and a count within it. */
static const char *result_of (lua_State *L, size_t *len) {
  if (lua_type(L, -2) == LUA_TSTRING) return lua_tolstring(L, -2, len);
  if (lua_type(L, -2) != LUA_TUSERDATA || !lua_isinteger(L, -1)) return NULL;
  lua_Integer n = lua_tointeger(L, -1);
  if (n < 0 || (lua_Unsigned)n > lua_rawlen(L, -2)) return NULL;
  *len = (size_t)n;
  return (const char *)lua_touserdata(L, -2);
}

static void *worker_main (void *ud) {
  Pool *p = (Pool *)ud;
#if defined(SYS_gettid)
  if (p->nice > 0) {                   /* Linux: a thread's own nice value */
    pid_t tid = (pid_t)syscall(SYS_gettid);
    errno = 0;
    int cur = getpriority(PRIO_PROCESS, (id_t)tid);
    if (errno == 0) (void)setpriority(PRIO_PROCESS, (id_t)tid, cur + p->nice);
  }
#endif
  lua_State *L = ay_newstate();
  if (L == NULL) { set_init_error(p, "not enough memory for a worker"); return NULL; }
  if (!init_worker(L, p)) {
    const char *msg = lua_tostring(L, -1);
    set_init_error(p, msg ? msg : "worker init failed");
    ay_closestate(L);
    return NULL;
  }
  int process = lua_gettop(L);
  pthread_mutex_lock(&p->mu);
  p->ready++;
  pthread_cond_broadcast(&p->has_done);
  for (;;) {
    /* a job started while held >= hold is never the one take waits
    ** for: that one, the oldest, was started before any result now held */
    while (!p->closing && (p->started == p->submitted ? !p->stopping
                                                      : p->hold > 0 && p->held >= p->hold))
      pthread_cond_wait(&p->has_job, &p->mu);
    if (p->closing || p->started == p->submitted) break;     /* closed, or stopped and done */
    Slot *s = &p->ring[p->started % p->cap];
    p->started++;
    pthread_mutex_unlock(&p->mu);

    lua_pushcfunction(L, call_job);
    lua_pushvalue(L, process);
    lua_pushlightuserdata(L, s);
    int status = ay_docall(L, 2, 2);
    free(s->in);
    s->in = NULL;
    size_t len = 0;
    const char *r = status == LUA_OK ? result_of(L, &len) : lua_tolstring(L, -1, &len);
    char *out;
    int ok = (status == LUA_OK && r != NULL);
    if (r == NULL) {
      r = status == LUA_OK ? "process must return a string, or a box and a byte count"
                           : "(error object is not a string)";
      len = strlen(r);
    }
    out = dupmem(r, len);
    lua_settop(L, process);
    lua_gc(L, LUA_GCSTEP, 0);

    pthread_mutex_lock(&p->mu);
    s->out = out;
    s->outlen = out ? len : 0;
    p->held += s->outlen;
    s->ok = ok && out != NULL;
    s->done = 1;
    pthread_cond_broadcast(&p->has_done);
  }
  pthread_mutex_unlock(&p->mu);
  ay_closestate(L);
  return NULL;
}
/* }====== */

static Pool *checkpool (lua_State *L) {
  Pool *p = (Pool *)luaL_checkudata(L, 1, AY_POOL);
  luaL_argcheck(L, !p->closed, 1, "pool is closed");
  return p;
}

static void shutdown_pool (Pool *p) {
  if (p->closed) return;
  pthread_mutex_lock(&p->mu);
  p->closing = 1;
  pthread_cond_broadcast(&p->has_job);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < p->nworkers; i++) pthread_join(p->threads[i], NULL);
  for (size_t i = 0; i < p->cap; i++) {
    free(p->ring[i].in);
    free(p->ring[i].out);
  }
  free(p->ring);
  free(p->threads);
  free(p->init_error);
  free(p->module);
  free(p->arg);
  p->ring = NULL; p->threads = NULL; p->init_error = NULL; p->module = NULL; p->arg = NULL;
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->has_job);
  pthread_cond_destroy(&p->has_done);
  p->closed = 1;
}

static int pool_new (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getfield(L, 1, "workers");
  lua_Integer n = luaL_optinteger(L, -1, 1);
  lua_getfield(L, 1, "module");
  const char *module = luaL_checkstring(L, -1);
  lua_getfield(L, 1, "arg");
  size_t arglen = 0;
  const char *arg = luaL_optlstring(L, -1, "", &arglen);
  luaL_argcheck(L, n >= 1 && n <= AY_MAX_WORKERS, 1, "workers must be between 1 and 256");
  lua_getfield(L, 1, "depth");
  lua_Integer depth = luaL_optinteger(L, -1, AY_POOL_DEPTH);
  luaL_argcheck(L, depth >= 1 && depth <= 64, 1, "depth must be between 1 and 64");
  lua_getfield(L, 1, "nice");
  lua_Integer nice = luaL_optinteger(L, -1, 0);
  lua_getfield(L, 1, "hold");
  lua_Integer hold = luaL_optinteger(L, -1, 0);
  luaL_argcheck(L, hold >= 0, 1, "hold must be a byte count, 0 or more");
  lua_getfield(L, 1, "wait");
  int wait = lua_isnil(L, -1) || lua_toboolean(L, -1);
  luaL_argcheck(L, nice >= 0 && nice <= 19, 1, "nice must be between 0 and 19");

  Pool *p = (Pool *)lua_newuserdatauv(L, sizeof(Pool), 0);
  memset(p, 0, sizeof *p);
  p->closed = 1;                                   /* nothing to free until set up */
  luaL_setmetatable(L, AY_POOL);
  p->cap = (size_t)n * (size_t)depth;
  p->nice = (int)nice;
  p->hold = (size_t)hold;
  p->ring = (Slot *)calloc(p->cap, sizeof(Slot));
  p->threads = (pthread_t *)calloc((size_t)n, sizeof(pthread_t));
  p->module = dupmem(module, strlen(module));
  p->arg = dupmem(arg, arglen);
  p->arglen = arglen;
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->has_job, NULL);
  pthread_cond_init(&p->has_done, NULL);
  p->closed = 0;
  if (!p->ring || !p->threads || !p->module || !p->arg) {
    shutdown_pool(p);
    return luaL_error(L, "pool.new: not enough memory");
  }
  for (int i = 0; i < n; i++) {
    if (ay_thread_start(&p->threads[i], NULL, worker_main, p) != 0) break;
    p->nworkers++;
  }
  pthread_mutex_lock(&p->mu);
  while (wait && p->ready < p->nworkers) pthread_cond_wait(&p->has_done, &p->mu);
  pthread_mutex_unlock(&p->mu);
  if ((wait && p->init_error) || p->nworkers < n) {
    lua_pushstring(L, p->init_error ? p->init_error : "cannot start worker threads");
    shutdown_pool(p);
    return lua_error(L);
  }
  return 1;
}

/* A worker's init failed (a pool made with wait = false): raise its message. */
static void checkinit (lua_State *L, Pool *p) {
  pthread_mutex_lock(&p->mu);
  const char *e = p->init_error;
  pthread_mutex_unlock(&p->mu);
  if (e) luaL_error(L, "%s", e);                  /* freed only by close */
}

static int pool_submit (lua_State *L) {
  Pool *p = checkpool(L);
  size_t len;
  const char *s = luaL_checklstring(L, 2, &len);
  checkinit(L, p);
  if (p->stopping) return luaL_error(L, "pool.submit: the pool was stopped");
  if (p->submitted - p->taken >= p->cap) {
    lua_pushboolean(L, 0);
    return 1;
  }
  char *copy = dupmem(s, len);
  if (copy == NULL) return luaL_error(L, "pool.submit: not enough memory");
  pthread_mutex_lock(&p->mu);
  Slot *sl = &p->ring[p->submitted % p->cap];
  sl->in = copy; sl->inlen = len;
  sl->out = NULL; sl->outlen = 0; sl->ok = 0; sl->done = 0;
  p->submitted++;
  pthread_cond_signal(&p->has_job);
  pthread_mutex_unlock(&p->mu);
  lua_pushboolean(L, 1);
  return 1;
}

/* pushout(ptr, len): the result string, copied once into the state */
static int pushout (lua_State *L) {
  lua_pushlstring(L, (const char *)lua_touserdata(L, 1), (size_t)lua_tointeger(L, 2));
  return 1;
}

static int pool_take (lua_State *L) {
  Pool *p = checkpool(L);
  if (p->taken == p->submitted) { lua_pushnil(L); return 1; }
  Slot *sl = &p->ring[p->taken % p->cap];
  pthread_mutex_lock(&p->mu);
  while (!sl->done && p->init_error == NULL) pthread_cond_wait(&p->has_done, &p->mu);
  int failed = !sl->done;
  if (!failed) {
    int was_full = p->hold > 0 && p->held >= p->hold;
    p->held -= sl->outlen;
    if (was_full && p->held < p->hold) pthread_cond_broadcast(&p->has_job);
  }
  pthread_mutex_unlock(&p->mu);
  if (failed) checkinit(L, p);                    /* raises: no worker will do it */
  char *out = sl->out;
  size_t outlen = sl->outlen;
  int ok = sl->ok;
  sl->out = NULL;
  p->taken++;
  lua_pushboolean(L, ok);
  if (out == NULL) {
    lua_pushliteral(L, "worker: not enough memory for the result");
    return 2;
  }
  /* pushing can raise on memory: push under a protected call, free either way */
  lua_pushcfunction(L, pushout);
  lua_pushlightuserdata(L, out);
  lua_pushinteger(L, (lua_Integer)outlen);
  int status = lua_pcall(L, 2, 1, 0);
  free(out);
  if (status != LUA_OK) return lua_error(L);
  return 2;
}

static int pool_pending (lua_State *L) {
  Pool *p = checkpool(L);
  lua_pushinteger(L, (lua_Integer)(p->submitted - p->taken));
  return 1;
}

static int pool_stop (lua_State *L) {
  Pool *p = checkpool(L);
  pthread_mutex_lock(&p->mu);
  p->stopping = 1;
  pthread_cond_broadcast(&p->has_job);
  pthread_mutex_unlock(&p->mu);
  return 0;
}

static int pool_close (lua_State *L) {
  Pool *p = (Pool *)luaL_checkudata(L, 1, AY_POOL);
  shutdown_pool(p);
  return 0;
}

static int pool_tostring (lua_State *L) {
  Pool *p = (Pool *)luaL_checkudata(L, 1, AY_POOL);
  if (p->closed) lua_pushliteral(L, "assay.pool (closed)");
  else lua_pushfstring(L, "assay.pool (%d workers)", p->nworkers);
  return 1;
}

static const luaL_Reg pool_methods[] = {
  {"submit", pool_submit},
  {"take", pool_take},
  {"pending", pool_pending},
  {"stop", pool_stop},
  {"close", pool_close},
  {NULL, NULL}
};

static const luaL_Reg pool_meta[] = {
  {"__gc", pool_close},
  {"__close", pool_close},
  {"__tostring", pool_tostring},
  {"__index", NULL},
  {NULL, NULL}
};

static const luaL_Reg pool_funcs[] = {
  {"new", pool_new},
  {NULL, NULL}
};

int luaopen_assay_pool (lua_State *L) {
  luaL_newmetatable(L, AY_POOL);
  luaL_setfuncs(L, pool_meta, 0);
  luaL_newlibtable(L, pool_methods);
  luaL_setfuncs(L, pool_methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  luaL_newlib(L, pool_funcs);
  return 1;
}
