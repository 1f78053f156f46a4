/*
** dlib.c: optional libraries loaded (dlopen) on first use, plain C.
**
** lread.c (ICU, uchardet, libxml2, OpenCC) and lhs.c (Vectorscan) compile
** against the libraries' headers but do not link them: with the C++
** runtime they pull in, a linked library costs every start of the process
** (~2-5 ms and ~1.5 MB of relocated pages), used or not.  Each library is
** an AyLib naming its soname (found by the Makefile); its user's load
** function opens it and looks up each symbol through ay_libopen and
** ay_libsym, and ay_libready runs that function once per process.
*/
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "assay.h"

void *ay_libopen (AyLib *lib) {
  void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
  if (h == NULL) {
    snprintf(lib->errbuf, sizeof lib->errbuf, "%s", dlerror());
    lib->err = lib->errbuf;
  }
  return h;
}

void *ay_libsym (AyLib *lib, void *h, const char *name) {
  void *f = h && !lib->err ? dlsym(h, name) : NULL;
  if (f == NULL && !lib->err) {
    snprintf(lib->errbuf, sizeof lib->errbuf, "no symbol %s", name);
    lib->err = lib->errbuf;
  }
  return f;
}

const char *ay_libready (AyLib *lib, void (*load)(void)) {
  static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_lock(&mu);             /* pthread_once takes no argument: one lock for all */
  if (lib->load == NULL) { lib->load = load; load(); }
  pthread_mutex_unlock(&mu);
  return lib->err;
}
