/*
** tests/fuzz/fuzz.c: the libFuzzer harness behind `make fuzz`.  One binary
** per target (-DFUZZ_TARGET="re", ...): a Lua state made once, and for
** every input the function tests/fuzz/targets.lua gives for the target,
** called under a protected call with the input as a string.  An error from
** Lua is a clear refusal, which is fine; a crash, an ASan or UBSan report,
** a leak or a hang is a finding.  Every input that found one is copied
** into tests/fuzz/crashes/TARGET/ and replayed by tests/fuzz_test.lua.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lualib.h"
#include "assay.h"

#ifndef FUZZ_TARGET
#error "compile with -DFUZZ_TARGET=\"name\""
#endif

static lua_State *L;
static int fn_ref;

static void setup (void) {
  L = ay_newstate();
  if (L == NULL) abort();
  const char *targets = getenv("FUZZ_TARGETS");
  if (targets == NULL) targets = "tests/fuzz/targets.lua";
  if (luaL_dofile(L, targets) != LUA_OK || !lua_istable(L, -1)) {
    fprintf(stderr, "fuzz: cannot load %s: %s\n", targets, lua_tostring(L, -1));
    abort();
  }
  if (lua_getfield(L, -1, FUZZ_TARGET) != LUA_TFUNCTION) {
    fprintf(stderr, "fuzz: no target '%s' in %s\n", FUZZ_TARGET, targets);
    abort();
  }
  fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_settop(L, 0);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size) {
  if (L == NULL) setup();
  lua_rawgeti(L, LUA_REGISTRYINDEX, fn_ref);
  lua_pushlstring(L, (const char *)data, size);
  (void)lua_pcall(L, 1, 0, 0);              /* errors are refusals, not findings */
  lua_settop(L, 0);
  lua_gc(L, LUA_GCSTEP, 0);
  return 0;
}
