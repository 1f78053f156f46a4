/*
** lmeta.c: require "assay.meta_c" -- the line classes of assay.meta, in C.
**
**   meta_c.classify(line, boiler, byline, heading_max, byline_max)
**       -> "boilerplate" | "byline" | "heading" | "body" | "blank"
**   meta_c.lines(s, boiler, byline, heading_max, byline_max [, attribution])
**       -> packed native int32 quads: start, stop, class, attributed
**
** The one definition of meta.classify (assay/meta.lua calls classify for a
** line; assay/articles.lua calls lines for a whole document, the hot path of
** a default run: one C call instead of a few Lua calls per line).  boiler
** and byline are arrays of assay.regex (meta.BOILERPLATE, meta.BYLINE
** compiled), attribution the compiled meta.ATTRIBUTION: the patterns stay
** data a rule pack may change; only the logic is here.
**
** A line (classify's argument is one already trimmed) is
**   boilerplate  at most 120 characters and a boiler pattern matches;
**   byline       at most byline_max characters, its last character (closing
**                quotes and brackets skipped) not sentence-final, and a byline
**                pattern matches;
**   heading      at most heading_max characters, not sentence-final, and
**                some byte not a digit, punctuation or space (C locale);
**   body         otherwise ("blank" when empty).
** Characters are UTF-8 code points; a line that is not valid UTF-8 counts a
** third of its bytes (what meta.lua did).
**
** lines cuts s as text.lines does, trims each line as text.trim does, skips
** the empty ones, and gives each the 1-based inclusive span of its trimmed
** text, its class (1 boilerplate, 2 byline, 3 heading, 4 body) and, for a
** body line when attribution is given, 1 if that pattern matches the
** trimmed line (meta.attribution(line) ~= nil), else 0.
**
** Raises: bad arguments (the Lua names above), a regex's match error
** (r:find's), a text of 2 GiB or more.
*/
#include <ctype.h>
#include <string.h>

#include "assay.h"

enum { K_BLANK, K_BOILER, K_BYLINE, K_HEADING, K_BODY };

static const char *const kindnames[] = {"blank", "boilerplate", "byline", "heading", "body"};

#define BOILER_MAX 120            /* characters: a longer line is never boilerplate */

typedef struct Params {
  int boiler, nboiler;            /* stack index of the first regex, count */
  int byline, nbyline;
  int attr;                       /* stack index of the attribution regex, 0: none */
  lua_Number heading_max, byline_max;
} Params;

/* Pushes the regexes of the array at stack index t; their count. */
static int pushregexes (lua_State *L, int t) {
  luaL_checktype(L, t, LUA_TTABLE);
  int n = (int)luaL_len(L, t);
  luaL_checkstack(L, n + 4, "too many patterns");
  for (int i = 1; i <= n; i++) {
    lua_rawgeti(L, t, i);
    if (luaL_testudata(L, -1, AY_REGEX) == NULL)
      luaL_error(L, "meta_c: pattern %d of argument #%d is not an assay.regex", i, t);
  }
  return n;
}

/* Arguments 2..5 (and 6 when attr): the regexes go on the stack top. */
static void getparams (lua_State *L, Params *P, int attr) {
  P->heading_max = luaL_checknumber(L, 4);
  P->byline_max = luaL_checknumber(L, 5);
  int top = lua_gettop(L);
  P->boiler = top + 1;
  P->nboiler = pushregexes(L, 2);
  P->byline = lua_gettop(L) + 1;
  P->nbyline = pushregexes(L, 3);
  P->attr = 0;
  if (attr && !lua_isnoneornil(L, 6)) {
    luaL_checkudata(L, 6, AY_REGEX);
    P->attr = 6;
  }
}

static int anymatch (lua_State *L, int first, int n, const char *s, size_t len, int valid) {
  for (int i = 0; i < n; i++)
    if (ay_regex_find(L, first + i, s, len, valid)) return 1;
  return 0;
}

/* Characters of s[0..len), or len / 3 when it is not valid UTF-8. */
static size_t ulen (const char *s, size_t len) {
  size_t n = 0, i = 0;
  while (i < len) {
    if ((unsigned char)s[i] < 0x80) { i++; n++; continue; }
    uint32_t cp;
    int k = ay_utf8_decode(s + i, len - i, &cp);
    if (k == 0) return len / 3;
    i += (size_t)k;
    n++;
  }
  return n;
}

static int oneof (const char *c, size_t cl, const char *const *set) {
  for (int i = 0; set[i]; i++)
    if (strlen(set[i]) == cl && memcmp(set[i], c, cl) == 0) return 1;
  return 0;
}

/* Does the line end with sentence-final punctuation (closing quotes and
** brackets skipped)? */
static int final (const char *s, size_t len) {
  static const char *const finals[] = {"。", "！", "？", "；", "!", "?", ";", "，", ",", "、", "…", NULL};
  static const char *const closers[] = {"”", "’", "」", "』", "）", ")", "\"", NULL};
  size_t n = len;
  while (n > 0) {
    size_t i = n - 1;           /* the last character's lead byte */
    while (i > 0 && (unsigned char)s[i] >= 0x80 && (unsigned char)s[i] < 0xC0) i--;
    if (!oneof(s + i, n - i, closers)) return oneof(s + i, n - i, finals);
    n = i;
  }
  return 0;
}

/* Some byte that is not a digit, punctuation or space (Lua's "[^%d%p%s]"). */
static int wordy (const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    int c = (unsigned char)s[i];
    if (!isdigit(c) && !ispunct(c) && !isspace(c)) return 1;
  }
  return 0;
}

static int classify (lua_State *L, const Params *P, const char *s, size_t len, int valid) {
  if (len == 0) return K_BLANK;
  lua_Number n = (lua_Number)ulen(s, len);
  if (n <= BOILER_MAX && anymatch(L, P->boiler, P->nboiler, s, len, valid)) return K_BOILER;
  if (n > P->byline_max && n > P->heading_max) return K_BODY;          /* most lines */
  int fin = final(s, len);
  if (n <= P->byline_max && !fin && anymatch(L, P->byline, P->nbyline, s, len, valid))
    return K_BYLINE;
  if (n <= P->heading_max && !fin && wordy(s, len)) return K_HEADING;
  return K_BODY;
}

static int meta_classify (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  Params P;
  getparams(L, &P, 0);
  lua_pushstring(L, kindnames[classify(L, &P, s, len, ay_utf8_check(s, len) == len)]);
  return 1;
}

static int meta_lines (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  luaL_argcheck(L, len < 0x7fffffffu, 1, "text too long (2 GiB or more)");
  Params P;
  getparams(L, &P, 1);
  int valid = ay_utf8_check(s, len) == len;   /* else each line is checked */
  luaL_Buffer out;
  luaL_buffinit(L, &out);
  size_t p = 0, b, e;
  while (ay_nextline(s, len, &p, &b, &e)) {
    ay_trim(s, &b, &e);
    if (e <= b) continue;
    int k = classify(L, &P, s + b, e - b, valid);
    int attributed = k == K_BODY && P.attr && ay_regex_find(L, P.attr, s + b, e - b, valid);
    int32_t quad[4] = { (int32_t)b + 1, (int32_t)e, k, attributed };
    luaL_addlstring(&out, (const char *)quad, sizeof quad);
  }
  luaL_pushresult(&out);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"classify", meta_classify}, {"lines", meta_lines}, {NULL, NULL}
};

int luaopen_assay_meta_c (lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
