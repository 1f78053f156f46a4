/*
** ltext.c: require "assay.text", UTF-8 text by characters and by spans.
**
** Lua names: len, sub, offset, chars, width, valid, sanitize, fold,
** fold_spans, unmap, trim, sentences, sentence_spans, paragraphs,
** paragraph_spans, lines, lineno, key_at, key_before, adigit, adigits.
** Reference: docs/text.md.
**
** Every position is a 1-based byte position, inclusive, as string.find
** returns.  Wrong argument types and out-of-range positions raise through
** luaL_argerror (the message names the function and the argument); invalid
** UTF-8 is a value, not misuse: len and valid return false/nil plus the
** byte position, chars/width/sanitize substitute U+FFFD, and only sub
** raises (it cannot return the characters asked for).  The span scanners
** (sentences, lines, paragraphs) look at bytes only, never raise on bad
** UTF-8 and make no Lua call per character.
**
** "Unit": a valid character, or one maximal subpart of an ill-formed
** sequence (Unicode 15, section 3.9, "U+FFFD substitution of maximal
** subparts").  A truncated character at the end ("\xE8\x84") is one unit,
** a stray continuation byte is one unit.  chars, width, sanitize, sub and
** offset all count in units, so their positions agree with each other.
**
** Limits: none beyond memory; fold maps cost one size_t per folded char.
*/
#include <stdio.h>
#include <string.h>

#include "assay.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define AY_FOLDMAP "assay.foldmap"

#define BADCP 0xFFFFFFFFu         /* code point of an ill-formed unit */
#define REPL  "\xEF\xBF\xBD"      /* U+FFFD in UTF-8 */


/* {====== units and positions ====== */

#define iscont(c) (((c) & 0xC0) == 0x80)

/*
** Length of the unit at s[0..len), len > 0, storing its code point in *cp
** or BADCP.  Accepts exactly what ay_utf8_decode accepts (the tightened
** second-byte ranges after E0, ED, F0, F4 exclude overlongs, surrogates
** and > U+10FFFF), so ay_utf8_check and this agree on what is valid.
*/
static size_t unit (const unsigned char *s, size_t len, uint32_t *cp) {
  unsigned c = s[0];
  if (c < 0x80) { *cp = c; return 1; }
  size_t n;
  unsigned lo = 0x80, hi = 0xBF;
  uint32_t v;
  if (c >= 0xC2 && c <= 0xDF) { n = 2; v = c & 0x1F; }
  else if (c >= 0xE0 && c <= 0xEF) {
    n = 3; v = c & 0x0F;
    if (c == 0xE0) lo = 0xA0; else if (c == 0xED) hi = 0x9F;
  }
  else if (c >= 0xF0 && c <= 0xF4) {
    n = 4; v = c & 0x07;
    if (c == 0xF0) lo = 0x90; else if (c == 0xF4) hi = 0x8F;
  }
  else { *cp = BADCP; return 1; }                /* C0, C1, F5+, stray 80..BF */
  size_t k = 1;
  while (k < n && k < len) {
    unsigned b = s[k];
    if (b < lo || b > hi) break;
    v = (v << 6) | (b & 0x3F);
    lo = 0x80; hi = 0xBF;
    k++;
  }
  if (k < n) { *cp = BADCP; return k; }
  *cp = v;
  return n;
}

static size_t unitlen (const unsigned char *s, size_t len) {
  uint32_t cp;
  return (s[0] < 0x80) ? 1 : unit(s, len, &cp);
}

/* Start of the unit that contains byte p (p < len).  A lead byte is never
** swallowed by another unit, so the unit is the one starting at the
** nearest non-continuation byte q <= p, if it reaches p; otherwise p is a
** stray continuation byte, a unit of its own. */
static size_t unitstart (const unsigned char *s, size_t len, size_t p) {
  size_t lim = (p >= 3) ? p - 3 : 0;
  size_t q = p;
  for (;;) {
    if (!iscont(s[q])) return (q + unitlen(s + q, len - q) > p) ? q : p;
    if (q == lim) return p;
    q--;
  }
}

/* Offset after moving *k units forward from boundary p; *k keeps the moves
** that did not fit before the end. */
static size_t fwd (const unsigned char *s, size_t len, size_t p, lua_Unsigned *k) {
  while (*k > 0 && p < len) {
    p += unitlen(s + p, len - p);
    (*k)--;
  }
  return p;
}

/* Offset after moving *k units backward from boundary p. */
static size_t bwd (const unsigned char *s, size_t len, size_t p, lua_Unsigned *k) {
  while (*k > 0 && p > 0) {
    p = unitstart(s, len, p - 1);
    (*k)--;
  }
  return p;
}

/* Negative positions count from the end (utf8 library convention): the
** result may be out of range, the caller checks. */
static lua_Integer posrelat (lua_Integer pos, size_t len) {
  if (pos >= 0) return pos;
  else if (0u - (size_t)pos > len) return 0;
  else return (lua_Integer)len + pos + 1;
}

/* Like posrelat but clamped into 1..len+1, for the span scanners, which
** treat positions the way string.sub does. */
static size_t clampstart (lua_Integer pos, size_t len) {
  pos = posrelat(pos, len);
  if (pos < 1) return 0;
  if ((lua_Unsigned)pos > len) return len;
  return (size_t)pos - 1;
}

static size_t clampend (lua_Integer pos, size_t len) {
  pos = posrelat(pos, len);
  if (pos < 1) return 0;
  if ((lua_Unsigned)pos > len) return len;
  return (size_t)pos;
}
/* }====== */


/* {====== whitespace, terminators, closers ====== */

#define B3(s, p, a, b, c) \
  ((s)[p] == (a) && (s)[(p) + 1] == (b) && (s)[(p) + 2] == (c))

/* Length of the whitespace character at s[p..e), or 0: ASCII space, \t,
** \n, \v, \f, \r, U+00A0, U+3000, U+FEFF. */
static size_t wsat (const unsigned char *s, size_t p, size_t e) {
  unsigned c = s[p];
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c == 0xC2 && p + 1 < e && s[p + 1] == 0xA0) return 2;
  if (p + 2 < e &&
      (B3(s, p, 0xE3, 0x80, 0x80) || B3(s, p, 0xEF, 0xBB, 0xBF))) return 3;
  return 0;
}

/* Length of the whitespace character ending just before e, not before b. */
static size_t wsbefore (const unsigned char *s, size_t b, size_t e) {
  unsigned c = s[e - 1];
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (e - b >= 2 && c == 0xA0 && s[e - 2] == 0xC2) return 2;
  if (e - b >= 3 &&
      (B3(s, e - 3, 0xE3, 0x80, 0x80) || B3(s, e - 3, 0xEF, 0xBB, 0xBF))) return 3;
  return 0;
}

static size_t skipws (const unsigned char *s, size_t p, size_t e) {
  size_t n;
  while (p < e && (n = wsat(s, p, e)) > 0) p += n;
  return p;
}

static size_t trimend (const unsigned char *s, size_t b, size_t e) {
  size_t n;
  while (e > b && (n = wsbefore(s, b, e)) > 0) e -= n;
  return e;
}

/* Sentence terminator at s[p..e): 。！？；!?; -> its length, or 0. */
static size_t termat (const unsigned char *s, size_t p, size_t e) {
  unsigned c = s[p];
  if (c == '!' || c == '?' || c == ';') return 1;
  if (p + 2 >= e) return 0;
  if (B3(s, p, 0xE3, 0x80, 0x82)) return 3;                   /* 。 */
  if (c == 0xEF && s[p + 1] == 0xBC &&
      (s[p + 2] == 0x81 || s[p + 2] == 0x9F || s[p + 2] == 0x9B))
    return 3;                                                  /* ！？； */
  return 0;
}

/* Closing quote or bracket that stays with the sentence before it:
** " ' ) ” ’ 」 』 】 》 〕 〉 ） ］ ＂ ＇ -> its length, or 0. */
static size_t closerat (const unsigned char *s, size_t p, size_t e) {
  unsigned c = s[p];
  if (c == '"' || c == '\'' || c == ')') return 1;
  if (p + 2 >= e) return 0;
  unsigned c1 = s[p + 1], c2 = s[p + 2];
  if (c == 0xE2 && c1 == 0x80 && (c2 == 0x9D || c2 == 0x99)) return 3;  /* ”’ */
  if (c == 0xE3 && c1 == 0x80 &&
      (c2 == 0x8D || c2 == 0x8F || c2 == 0x91 || c2 == 0x8B ||
       c2 == 0x95 || c2 == 0x89)) return 3;                 /* 」』】》〕〉 */
  if (c == 0xEF && c1 == 0xBC &&
      (c2 == 0x89 || c2 == 0xBD || c2 == 0x82 || c2 == 0x87)) return 3;  /* ）］＂＇ */
  return 0;
}

/* Bytes that may begin a sentence boundary: the main scan skips all others
** with one table lookup, which keeps sentence_spans at memory speed.
** const and initialized at compile time: worker threads share it. */
static const unsigned char hot[256] = {
  ['\n'] = 1, ['!'] = 1, ['?'] = 1, [';'] = 1, [0xE3] = 1, [0xEF] = 1,
};

/* The first q' >= q with a hot byte at s[q'], or e.  With SSE2 (every
** x86-64), sixteen bytes are compared with the six hot values at once;
** elsewhere eight bytes a step while none of them is hot (one branch per
** step, not per byte).  Chinese text has a hot byte every 30-60 bytes (the
** E3 and EF leads of its punctuation). */
static size_t skipcold (const unsigned char *s, size_t q, size_t e) {
#if defined(__SSE2__)
  const __m128i nl = _mm_set1_epi8('\n'), ex = _mm_set1_epi8('!'), qm = _mm_set1_epi8('?'),
                sc = _mm_set1_epi8(';'), e3 = _mm_set1_epi8((char)0xE3), ef = _mm_set1_epi8((char)0xEF);
  while (q + 16 <= e) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + q));
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, ex)),
                             _mm_or_si128(_mm_cmpeq_epi8(v, qm), _mm_cmpeq_epi8(v, sc)));
    m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, e3), _mm_cmpeq_epi8(v, ef)));
    unsigned mask = (unsigned)_mm_movemask_epi8(m);
    if (mask) return q + (size_t)__builtin_ctz(mask);
    q += 16;
  }
#else
  while (q + 8 <= e && !(hot[s[q]] | hot[s[q + 1]] | hot[s[q + 2]] | hot[s[q + 3]] |
                         hot[s[q + 4]] | hot[s[q + 5]] | hot[s[q + 6]] | hot[s[q + 7]]))
    q += 8;
#endif
  while (q < e && !hot[s[q]]) q++;
  return q;
}
/* }====== */


/* {====== span scanners: plain C over bytes ====== */

/* Is s[b..e) made only of terminators, closers and whitespace?  Such a
** "sentence" (a lone 。 or ！？ after a line break) carries no text. */
static int punctonly (const unsigned char *s, size_t b, size_t e) {
  while (b < e) {
    size_t n = termat(s, b, e);
    if (n == 0) n = closerat(s, b, e);
    if (n == 0) n = wsat(s, b, e);
    if (n == 0) return 0;
    b += n;
  }
  return 1;
}

/*
** Next sentence in s[*p..e): sets [*b, *f) (0-based, half-open) and
** advances *p past it; returns 0 when there is none.  A sentence ends after
** a terminator together with the terminators and closers right after it,
** or before a '\n'; surrounding whitespace is dropped.
*/
static int nextsentence (const unsigned char *s, size_t *p, size_t e,
                         size_t *b, size_t *f) {
  size_t q = *p;
  for (;;) {
    q = skipws(s, q, e);
    if (q >= e) { *p = e; return 0; }
    size_t start = q, stop = e;
    while ((q = skipcold(s, q, e)) < e) {
      if (s[q] == '\n') { stop = q; q++; break; }
      size_t n = termat(s, q, e);
      if (n == 0) { q++; continue; }
      q += n;
      while (q < e && ((n = termat(s, q, e)) > 0 || (n = closerat(s, q, e)) > 0))
        q += n;
      stop = q;
      break;
    }
    stop = trimend(s, start, stop);
    if (!((termat(s, start, e) || closerat(s, start, e)) &&
          punctonly(s, start, stop))) {
      *b = start; *f = stop; *p = q;
      return 1;
    }
  }
}

/*
** Next clause: a non-empty run of bytes between delimiters, the delimiters
** being 。！？；!?; and '\n' and belonging to no clause (the benchmark
** kit's definition of a sentence; nothing is trimmed).
*/
static int nextclause (const unsigned char *s, size_t *p, size_t e,
                       size_t *b, size_t *f) {
  size_t q = *p;
  while (q < e) {
    size_t start = q;
    size_t n = 0;
    while ((q = skipcold(s, q, e)) < e) {
      if ((s[q] == '\n' ? (n = 1) : (n = termat(s, q, e))) > 0) break;
      q++;
    }
    if (q > start) { *b = start; *f = q; *p = q < e ? q + n : e; return 1; }
    q += n;                                  /* empty clause: skip the delimiter */
  }
  *p = e;
  return 0;
}

/* Next line in s[*p..e): [*b, *f) without its "\n" or "\r\n". */
static int nextline (const unsigned char *s, size_t *p, size_t e,
                     size_t *b, size_t *f) {
  size_t q = *p;
  if (q >= e) return 0;
  const unsigned char *nl = memchr(s + q, '\n', e - q);
  size_t stop = nl ? (size_t)(nl - s) : e;
  *b = q;
  *p = nl ? stop + 1 : e;
  if (nl && stop > q && s[stop - 1] == '\r') stop--;
  *f = stop;
  return 1;
}

/* For C (assay.meta_c): the lines of text.lines and the span of text.trim. */
int ay_nextline (const char *s, size_t len, size_t *p, size_t *b, size_t *e) {
  return nextline((const unsigned char *)s, p, len, b, e);
}

void ay_trim (const char *str, size_t *b, size_t *e) {
  const unsigned char *s = (const unsigned char *)str;
  *b = skipws(s, *b, *e);
  *e = trimend(s, *b, *e);
}

/* Next paragraph: a non-blank line, trimmed. */
static int nextparagraph (const unsigned char *s, size_t *p, size_t e,
                          size_t *b, size_t *f) {
  size_t lb, lf;
  while (nextline(s, p, e, &lb, &lf)) {
    lb = skipws(s, lb, lf);
    lf = trimend(s, lb, lf);
    if (lb < lf) { *b = lb; *f = lf; return 1; }
  }
  return 0;
}

typedef int (*Scanner) (const unsigned char *s, size_t *p, size_t e,
                        size_t *b, size_t *f);
/* }====== */


/* {====== fold maps ====== */

/* Every folded character is 3 bytes in the original (U+3000, U+FF01..
** U+FF5E) and 1 byte after folding, so a map needs only where the folds
** landed: original offset = folded offset + 2 * (folds before it). */
#define FOLDSHRINK 2

typedef struct FoldMap {
  size_t n;               /* number of folded characters */
  size_t len;             /* bytes in the folded string */
  size_t at[];            /* n folded-string offsets (0-based), ascending */
} FoldMap;

static int foldable (uint32_t cp, int ascii) {
  if (cp == 0x3000) return ' ';
  if (cp < 0xFF01 || cp > 0xFF5E) return 0;
  int c = (int)(cp - 0xFEE0);
  if (ascii || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
      (c >= 'a' && c <= 'z')) return c;
  return 0;
}

/* ASCII replacement of the character at s[p..len), or 0. */
static int foldat (const unsigned char *s, size_t len, size_t p, int ascii) {
  if (s[p] != 0xEF && s[p] != 0xE3) return 0;
  if (p + 2 >= len) return 0;
  /* the foldable characters are EF BC 81..BF, EF BD 80..9E (U+FF01..FF5E)
  ** and E3 80 80 (U+3000): their bytes say so without decoding */
  unsigned c1 = s[p + 1], c2 = s[p + 2];
  uint32_t cp;
  if (s[p] == 0xE3) {
    if (c1 != 0x80 || c2 != 0x80) return 0;
    cp = 0x3000;
  }
  else if (c1 == 0xBC && c2 >= 0x81 && c2 <= 0xBF) cp = 0xFF00 + (c2 - 0x80);
  else if (c1 == 0xBD && c2 >= 0x80 && c2 <= 0x9E) cp = 0xFF40 + (c2 - 0x80);
  else return 0;
  return foldable(cp, ascii);
}

/* The first p' >= p where s[p'] is E3 or EF (the lead bytes of every
** foldable character), or len.  Most texts have none to fold: eight bytes
** at a time, each tested for both values without branching per byte. */
static size_t fold_lead (const unsigned char *s, size_t p, size_t len) {
  const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  while (p + 8 <= len) {
    uint64_t w, a, b;
    memcpy(&w, s + p, 8);
    a = w ^ (0xE3 * ones);
    b = w ^ (0xEF * ones);
    if (((a - ones) & ~a & highs) | ((b - ones) & ~b & highs)) break;
    p += 8;
  }
  while (p < len && s[p] != 0xE3 && s[p] != 0xEF) p++;
  return p;
}

/* Offset of the first character text.fold would change in s[0..len)
** (mode "alnum" when ascii is 0), or len when there is none. */
size_t ay_fold_first (const char *str, size_t len, int ascii) {
  const unsigned char *s = (const unsigned char *)str;
  for (size_t p = fold_lead(s, 0, len); p < len; p = fold_lead(s, p + 1, len))
    if (foldat(s, len, p, ascii)) return p;
  return len;
}

/* The original 1-based position of folded 1-based position pos; with
** last, the last byte of the original character there. */
static lua_Integer unmap (lua_State *L, FoldMap *m, int parg) {
  lua_Integer pos = luaL_checkinteger(L, parg);
  int last = lua_toboolean(L, parg + 1);
  luaL_argcheck(L, pos >= 1 && (lua_Unsigned)pos <= (lua_Unsigned)m->len + 1,
                parg, "position out of range");
  size_t p = (size_t)pos - 1;
  size_t lo = 0, hi = m->n;               /* count the folds before p */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->at[mid] < p) lo = mid + 1; else hi = mid;
  }
  size_t orig = p + FOLDSHRINK * lo;
  if (last && lo < m->n && m->at[lo] == p) orig += FOLDSHRINK;
  return (lua_Integer)orig + 1;
}
/* }====== */


/* {====== Lua functions: characters ====== */

/* text.len(s [, i [, j]]) -> characters starting in bytes i..j, or nil and
** the position of the first invalid byte.  Raises on out-of-bounds i, j. */
static int text_len (lua_State *L) {
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
  lua_Integer posi = posrelat(luaL_optinteger(L, 2, 1), len);
  lua_Integer posj = posrelat(luaL_optinteger(L, 3, -1), len);
  luaL_argcheck(L, 1 <= posi && --posi <= (lua_Integer)len, 2,
                "initial position out of bounds");
  luaL_argcheck(L, --posj < (lua_Integer)len, 3, "final position out of bounds");
  lua_Integer n = 0;
  while (posi <= posj) {
    size_t p = (size_t)posi;
    if (s[p] < 0x80) { posi++; n++; continue; }
    uint32_t cp;
    size_t k = unit(s + p, len - p, &cp);
    if (cp == BADCP) {
      luaL_pushfail(L);
      lua_pushinteger(L, posi + 1);
      return 2;
    }
    posi += (lua_Integer)k;
    n++;
  }
  lua_pushinteger(L, n);
  return 1;
}

/* text.sub(s, i [, j]) -> characters i..j, counted as string.sub counts
** bytes.  Units outside the range are counted even when ill-formed; raises
** "invalid UTF-8" when the returned range holds an ill-formed unit. */
static int text_sub (lua_State *L) {
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
  lua_Integer i = luaL_checkinteger(L, 2);
  lua_Integer j = luaL_optinteger(L, 3, -1);
  size_t b, e;                                   /* bytes [b, e) */
  lua_Unsigned k;
  if (i > 0) { k = (lua_Unsigned)i - 1; b = fwd(s, len, 0, &k); }
  else if (i == 0) b = 0;
  else { k = (0u - (lua_Unsigned)(i + 1)) + 1; b = bwd(s, len, len, &k); }
  if (j >= 0) {
    if (i > 0 && j >= i) { k = (lua_Unsigned)(j - i) + 1; e = fwd(s, len, b, &k); }
    else { k = (lua_Unsigned)j; e = fwd(s, len, 0, &k); }
  }
  else { k = 0u - (lua_Unsigned)(j + 1); e = bwd(s, len, len, &k); }
  if (b >= e) { lua_pushliteral(L, ""); return 1; }
  if (ay_utf8_check((const char *)s + b, e - b) != e - b)
    return luaL_argerror(L, 1, "invalid UTF-8");
  if (b == 0 && e == len) lua_pushvalue(L, 1);
  else lua_pushlstring(L, (const char *)s + b, e - b);
  return 1;
}

/* text.offset(s, n [, i]) -> byte position where the n-th character
** (counting from the one at i) starts, like utf8.offset; nil when there is
** none.  Raises on i out of bounds or inside a character (n ~= 0). */
static int text_offset (lua_State *L) {
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
  lua_Integer n = luaL_checkinteger(L, 2);
  lua_Integer posi = (n >= 0) ? 1 : (lua_Integer)len + 1;
  posi = posrelat(luaL_optinteger(L, 3, posi), len);
  luaL_argcheck(L, 1 <= posi && posi <= (lua_Integer)len + 1, 3,
                "position out of bounds");
  size_t p = (size_t)posi - 1;
  lua_Unsigned k;
  if (n == 0) {
    if (p < len) p = unitstart(s, len, p);
    lua_pushinteger(L, (lua_Integer)p + 1);
    return 1;
  }
  if (p < len && unitstart(s, len, p) != p)
    return luaL_argerror(L, 3, "initial position is a continuation byte");
  if (n > 0) { k = (lua_Unsigned)n - 1; p = fwd(s, len, p, &k); }
  else { k = 0u - (lua_Unsigned)n; p = bwd(s, len, p, &k); }
  if (k == 0) lua_pushinteger(L, (lua_Integer)p + 1);
  else luaL_pushfail(L);
  return 1;
}

static int chars_iter (lua_State *L) {
  size_t len;
  const unsigned char *s =
    (const unsigned char *)lua_tolstring(L, lua_upvalueindex(1), &len);
  size_t p = (size_t)lua_tointeger(L, lua_upvalueindex(2));
  if (p >= len) return 0;
  uint32_t cp;
  size_t n = unit(s + p, len - p, &cp);
  if (cp == BADCP) lua_pushliteral(L, REPL);
  else lua_pushlstring(L, (const char *)s + p, n);
  lua_pushinteger(L, (lua_Integer)p + 1);
  lua_pushinteger(L, (lua_Integer)(p + n));
  lua_replace(L, lua_upvalueindex(2));
  return 2;
}

/* text.chars(s) -> iterator of char, bytepos; an ill-formed unit yields
** U+FFFD and its position.  Never raises after the type check. */
static int text_chars (lua_State *L) {
  luaL_checkstring(L, 1);
  lua_settop(L, 1);               /* keep s as upvalue: the iterator reads it */
  lua_pushinteger(L, 0);
  lua_pushcclosure(L, chars_iter, 2);
  return 1;
}

/* text.width(s) -> display columns; an ill-formed unit counts 1. */
static int text_width (lua_State *L) {
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
  lua_Integer w = 0;
  size_t p = 0;
  while (p < len) {
    unsigned c = s[p];
    if (c < 0x80) { w += (c >= 0x20 && c < 0x7F); p++; continue; }
    uint32_t cp;
    p += unit(s + p, len - p, &cp);
    w += (cp == BADCP) ? 1 : ay_wcwidth(cp);
  }
  lua_pushinteger(L, w);
  return 1;
}

/* text.valid(s) -> true, or false and the position of the first bad byte. */
static int text_valid (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  size_t bad = ay_utf8_check(s, len);
  if (bad == len) { lua_pushboolean(L, 1); return 1; }
  lua_pushboolean(L, 0);
  lua_pushinteger(L, (lua_Integer)bad + 1);
  return 2;
}

/* Length of an SGR sequence (ESC [ digits/semicolons m: colours only) at
** s[i], or 0. */
static size_t sgr_len (const char *s, size_t len, size_t i) {
  if (i + 2 >= len || s[i + 1] != '[') return 0;
  size_t j = i + 2;
  while (j < len && ((s[j] >= '0' && s[j] <= '9') || s[j] == ';') && j - i < 32) j++;
  return j < len && s[j] == 'm' ? j - i + 1 : 0;
}

/* text.printable(s [, keep_sgr]) -> s safe to write to a terminal: C0
** controls other than tab and newline, DEL and the C1 controls (U+0080..
** U+009F, which some terminals obey like ESC [) become \xHH or \u{HH};
** keep_sgr keeps colour sequences (ESC [ ... m), which cannot move the
** cursor, retitle the window or answer back.  s itself when nothing
** needs escaping. */
static int text_printable (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  int keep = lua_toboolean(L, 2);
  size_t i = 0;
  for (; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F ||
        (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9F)) {
      if (c == 0x1B && keep && sgr_len(s, len, i)) { i += sgr_len(s, len, i) - 1; continue; }
      break;
    }
  }
  if (i == len) { lua_settop(L, 1); return 1; }
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addlstring(&b, s, i);
  for (; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    char esc[16];
    if (c == 0x1B && keep) {
      size_t n = sgr_len(s, len, i);
      if (n) { luaL_addlstring(&b, s + i, n); i += n - 1; continue; }
    }
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
      snprintf(esc, sizeof esc, "\\x%02X", c);
      luaL_addstring(&b, esc);
    } else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
               (unsigned char)s[i + 1] <= 0x9F) {
      snprintf(esc, sizeof esc, "\\u{%02X}", (unsigned char)s[i + 1]);
      luaL_addstring(&b, esc);
      i++;
    } else {
      luaL_addchar(&b, (char)c);
    }
  }
  luaL_pushresult(&b);
  return 1;
}

/* text.sanitize(s) -> s with each ill-formed unit replaced by U+FFFD, and
** the number of replacements; s itself when it is valid. */
static int text_sanitize (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  size_t p = ay_utf8_check(s, len);
  lua_Integer count = 0;
  if (p == len) { lua_settop(L, 1); lua_pushinteger(L, 0); return 2; }
  luaL_Buffer B;
  luaL_buffinitsize(L, &B, len + 8);
  luaL_addlstring(&B, s, p);
  while (p < len) {
    size_t ok = p + ay_utf8_check(s + p, len - p);   /* end of the valid run */
    luaL_addlstring(&B, s + p, ok - p);
    p = ok;
    if (p < len) {
      uint32_t cp;
      p += unit((const unsigned char *)s + p, len - p, &cp);
      luaL_addstring(&B, REPL);
      count++;
    }
  }
  luaL_pushresult(&B);
  lua_pushinteger(L, count);
  return 2;
}

/* text.trim(s) -> s without leading and trailing whitespace (ASCII,
** U+00A0, U+3000, U+FEFF); s itself when there is none. */
static int text_trim (lua_State *L) {
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
  size_t b = skipws(s, 0, len);
  size_t e = trimend(s, b, len);
  if (b == 0 && e == len) lua_settop(L, 1);
  else lua_pushlstring(L, (const char *)s + b, e - b);
  return 1;
}
/* }====== */


/* {====== Lua functions: fold ====== */

static const char *const foldmodes[] = {"alnum", "ascii", NULL};

/* Builds the folded string, and the map when wantmap; returns the count of
** folded characters.  Leaves on the stack: folded [map]. */
static size_t dofold (lua_State *L, int wantmap) {
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
  int ascii = luaL_checkoption(L, 2, "alnum", foldmodes);
  size_t n = 0;
  for (size_t p = fold_lead(s, 0, len); p < len; p = fold_lead(s, p, len)) {
    if (foldat(s, len, p, ascii)) { n++; p += 3; }
    else p++;
  }
  FoldMap *m = NULL;
  if (wantmap) {
    m = (FoldMap *)lua_newuserdatauv(L, sizeof(FoldMap) + n * sizeof(size_t), 0);
    m->n = n;
    m->len = len - FOLDSHRINK * n;
    luaL_setmetatable(L, AY_FOLDMAP);
  }
  if (n == 0) lua_pushvalue(L, 1);
  else {
    luaL_Buffer B;
    char *out = luaL_buffinitsize(L, &B, len - FOLDSHRINK * n);
    size_t o = 0, k = 0, p = 0;
    while (p < len) {
      int c = foldat(s, len, p, ascii);
      if (c) {
        if (m) m->at[k++] = o;
        out[o++] = (char)c;
        p += 3;
      }
      else out[o++] = (char)s[p++];
    }
    luaL_pushresultsize(&B, o);
    /* folding valid UTF-8 (3-byte characters to ASCII) keeps it valid:
    ** the folded text of the marked one takes the mark (not that of a
    ** header cut from it, which would take it from the text) */
    if (ay_is_marked(L, (const char *)s, len)) ay_mark_valid(L, -1);
  }
  if (wantmap) lua_insert(L, -2);                 /* folded map */
  return n;
}

/* text.fold(s [, mode [, wantmap]]) -> folded, count; or folded, map when
** wantmap is true.  Mode "alnum" (default) or "ascii"; raises on others. */
static int text_fold (lua_State *L) {
  int wantmap = lua_toboolean(L, 3);
  size_t n = dofold(L, wantmap);
  if (!wantmap) lua_pushinteger(L, (lua_Integer)n);
  return 2;
}

static int back_iter (lua_State *L) {
  FoldMap *m = (FoldMap *)lua_touserdata(L, lua_upvalueindex(1));
  lua_pushinteger(L, unmap(L, m, 1));
  return 1;
}

/* text.fold_spans(s [, mode]) -> folded, back where back(pos [, last])
** maps a folded position to the original one. */
static int text_fold_spans (lua_State *L) {
  dofold(L, 1);
  lua_pushcclosure(L, back_iter, 1);              /* map becomes the upvalue */
  return 2;
}

/* text.unmap(map, pos [, last]) -> original position. */
static int text_unmap (lua_State *L) {
  FoldMap *m = (FoldMap *)luaL_checkudata(L, 1, AY_FOLDMAP);
  lua_pushinteger(L, unmap(L, m, 2));
  return 1;
}

static int map_call (lua_State *L) {          /* map(pos [, last]) */
  FoldMap *m = (FoldMap *)luaL_checkudata(L, 1, AY_FOLDMAP);
  lua_pushinteger(L, unmap(L, m, 2));
  return 1;
}

static int map_len (lua_State *L) {
  FoldMap *m = (FoldMap *)luaL_checkudata(L, 1, AY_FOLDMAP);
  lua_pushinteger(L, (lua_Integer)m->n);
  return 1;
}

static int map_tostring (lua_State *L) {
  FoldMap *m = (FoldMap *)luaL_checkudata(L, 1, AY_FOLDMAP);
  lua_pushfstring(L, AY_FOLDMAP " (%I folds)", (lua_Integer)m->n);
  return 1;
}
/* }====== */


/* {====== Lua functions: spans ====== */

/* Upvalues of a span iterator: 1 s, 2 next offset, 3 end offset, 4 line
** number (lines only). */
static int span_iter (lua_State *L, Scanner scan, int withline) {
  size_t len;
  const unsigned char *s =
    (const unsigned char *)lua_tolstring(L, lua_upvalueindex(1), &len);
  size_t p = (size_t)lua_tointeger(L, lua_upvalueindex(2));
  size_t e = (size_t)lua_tointeger(L, lua_upvalueindex(3));
  size_t b, f;
  if (!scan(s, &p, e, &b, &f)) return 0;
  lua_pushinteger(L, (lua_Integer)p);
  lua_replace(L, lua_upvalueindex(2));
  lua_pushinteger(L, (lua_Integer)b + 1);
  lua_pushinteger(L, (lua_Integer)f);
  if (!withline) return 2;
  lua_Integer ln = lua_tointeger(L, lua_upvalueindex(4)) + 1;
  lua_pushinteger(L, ln);
  lua_copy(L, -1, lua_upvalueindex(4));
  return 3;
}

static int sentence_iter (lua_State *L) { return span_iter(L, nextsentence, 0); }
static int paragraph_iter (lua_State *L) { return span_iter(L, nextparagraph, 0); }
static int line_iter (lua_State *L) { return span_iter(L, nextline, 1); }

/* Reads s [, init [, stop]] into [*b, *e) byte offsets, clamped. */
static const unsigned char *spanargs (lua_State *L, size_t *b, size_t *e) {
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
  *b = clampstart(luaL_optinteger(L, 2, 1), len);
  *e = clampend(luaL_optinteger(L, 3, -1), len);
  return s;
}

static int newspaniter (lua_State *L, lua_CFunction f, int withline) {
  size_t b, e;
  spanargs(L, &b, &e);
  lua_settop(L, 1);               /* keep s as upvalue: the iterator reads it */
  lua_pushinteger(L, (lua_Integer)b);
  lua_pushinteger(L, (lua_Integer)(e < b ? b : e));
  if (withline) lua_pushinteger(L, 0);
  lua_pushcclosure(L, f, withline ? 4 : 3);
  return 1;
}

/* text.sentences(s [, init [, stop]]) -> iterator of start, stop. */
static int text_sentences (lua_State *L) {
  return newspaniter(L, sentence_iter, 0);
}

/* text.paragraphs(s [, init [, stop]]) -> iterator of start, stop. */
static int text_paragraphs (lua_State *L) {
  return newspaniter(L, paragraph_iter, 0);
}

/* text.lines(s) -> iterator of start, stop, lineno. */
static int text_lines (lua_State *L) {
  luaL_checkstring(L, 1);
  lua_settop(L, 1);
  return newspaniter(L, line_iter, 1);
}

/* The flat array {s1, e1, s2, e2, ...} of every span, built in one C loop. */
static int allspans (lua_State *L, Scanner scan) {
  size_t b, e;
  const unsigned char *s = spanargs(L, &b, &e);
  lua_newtable(L);
  lua_Integer k = 0;
  size_t sb, sf;
  while (b < e && scan(s, &b, e, &sb, &sf)) {
    lua_pushinteger(L, (lua_Integer)sb + 1);
    lua_rawseti(L, -2, ++k);
    lua_pushinteger(L, (lua_Integer)sf);
    lua_rawseti(L, -2, ++k);
  }
  return 1;
}

/* Pushes the spans of kind k (AY_SPAN_*) of s[0..len) packed as native
** 32-bit integer pairs (start, stop; 1-based, inclusive); len < 2 GiB. */
void ay_pushspans (lua_State *L, const char *str, size_t len, int k) {
  static const Scanner scanners[] = {nextsentence, nextclause, nextline, nextparagraph};
  const unsigned char *s = (const unsigned char *)str;
  Scanner scan = scanners[k];
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  size_t p = 0, sb, sf;
  while (p < len && scan(s, &p, len, &sb, &sf)) {
    if (scan == nextline && sf == sb) continue;      /* empty lines are no segment */
    int32_t pair[2] = { (int32_t)sb + 1, (int32_t)sf };
    luaL_addlstring(&b, (const char *)pair, sizeof pair);
  }
  luaL_pushresult(&b);
}

/* text.spans(s, kind) -> the spans of kind "sentence", "clause", "line" or
** "paragraph" packed as native 32-bit integer pairs (start, stop; 1-based,
** inclusive), for r:scan: one string instead of a table of numbers, which
** the batch runner makes for every document.  Documents over 2 GiB raise. */
static int text_spans (lua_State *L) {
  static const char *const kinds[] = {"sentence", "clause", "line", "paragraph", NULL};
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  int k = luaL_checkoption(L, 2, NULL, kinds);
  luaL_argcheck(L, len < 0x7fffffffu, 1, "text too long for packed spans (2 GiB)");
  ay_pushspans(L, s, len, k);
  return 1;
}

/* text.sentence_spans(s [, init [, stop]]) -> {s1, e1, s2, e2, ...} */
static int text_sentence_spans (lua_State *L) { return allspans(L, nextsentence); }

/* text.clause_spans(s [, init [, stop]]) -> {s1, e1, ...}: cut at every
** delimiter, delimiters excluded */
static int text_clause_spans (lua_State *L) { return allspans(L, nextclause); }

/* text.paragraph_spans(s [, init [, stop]]) -> {s1, e1, s2, e2, ...} */
static int text_paragraph_spans (lua_State *L) { return allspans(L, nextparagraph); }

/* text.lineno(s, pos) -> line number of byte pos, that line's start and
** stop (without the line break).  Raises when pos is not in 1..#s. */
static int text_lineno (lua_State *L) {
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
  lua_Integer pos = posrelat(luaL_checkinteger(L, 2), len);
  luaL_argcheck(L, pos >= 1 && (lua_Unsigned)pos <= len, 2, "position out of range");
  size_t p = (size_t)pos - 1;
  lua_Integer ln = 1;
  size_t start = 0;
  const unsigned char *nl;
  while (start < p && (nl = memchr(s + start, '\n', p - start)) != NULL) {
    ln++;
    start = (size_t)(nl - s) + 1;
  }
  nl = memchr(s + p, '\n', len - p);
  size_t stop = nl ? (size_t)(nl - s) : len;
  if (nl && stop > start && s[stop - 1] == '\r') stop--;
  lua_pushinteger(L, ln);
  lua_pushinteger(L, (lua_Integer)start + 1);
  lua_pushinteger(L, (lua_Integer)stop);
  return 3;
}
/* }====== */


/* {====== Lua functions: character keys ====== */
/*
** A character's "key" is the number made of its UTF-8 bytes (assay.cn's
** tables are keyed by them: stdlib/assay/cn/keys.lua).  These two are the
** one implementation of key_at and key_before; they read bytes as
** string.byte(s, i [, j]) does, negative positions and all, so that they
** give what the Lua they replaced gave for every position.
*/

/* string.byte(s, i, j) into b[0..3]: how many bytes it returns (at most 4
** are kept: the callers ask for 3 at most) */
static int lbytes (const unsigned char *s, size_t len, lua_Integer i, lua_Integer j, int *b) {
  lua_Integer l = (lua_Integer)len;
  lua_Integer pi = i > 0 ? i : i == 0 ? 1 : i < -l ? 1 : l + i + 1;        /* posrelatI */
  lua_Integer pe = j > l ? l : j >= 0 ? j : j < -l ? 0 : l + j + 1;        /* getendpos */
  if (pi > pe) return 0;
  lua_Integer n = pe - pi + 1;
  if (n > 4) n = 4;
  for (lua_Integer k = 0; k < n; k++) b[k] = s[pi - 1 + k];
  return (int)n;
}

#define WRAPADD(i, n) ((lua_Integer)((lua_Unsigned)(i) + (lua_Unsigned)(n)))

/* The key of the character at i and where the next one starts: 1, or 0
** (and *nxt = i) when string.byte(s, i) is nothing.  A stray or truncated
** byte is key -1, one byte long. */
static int keyat (const unsigned char *s, size_t len, lua_Integer i, lua_Integer *key, lua_Integer *nxt) {
  int b[4];
  if (lbytes(s, len, i, i, b) == 0) { *nxt = i; return 0; }
  lua_Integer c = b[0];
  if (c < 0x80) { *key = c; *nxt = WRAPADD(i, 1); return 1; }
  if (c >= 0xE0 && c < 0xF0) {
    if (lbytes(s, len, WRAPADD(i, 1), WRAPADD(i, 2), b) >= 2) {
      *key = (c * 256 + b[0]) * 256 + b[1]; *nxt = WRAPADD(i, 3); return 1;
    }
  } else if (c >= 0xC0 && c < 0xE0) {
    if (lbytes(s, len, WRAPADD(i, 1), WRAPADD(i, 1), b) >= 1) {
      *key = c * 256 + b[0]; *nxt = WRAPADD(i, 2); return 1;
    }
  } else if (c >= 0xF0) {
    if (lbytes(s, len, WRAPADD(i, 1), WRAPADD(i, 3), b) >= 3) {
      *key = ((c * 256 + b[0]) * 256 + b[1]) * 256 + b[2]; *nxt = WRAPADD(i, 4); return 1;
    }
  }
  *key = -1; *nxt = WRAPADD(i, 1);
  return 1;
}

/* The ASCII or full-width digit (０..９, EF BC 90..99) at byte p: its
** width in bytes (0: none) and *v its value; bytes read as string.byte does */
static int adigit (const unsigned char *s, size_t len, lua_Integer p, lua_Integer *v) {
  int b[4];
  if (lbytes(s, len, p, p, b) == 0) return 0;
  if (b[0] >= '0' && b[0] <= '9') { *v = b[0] - '0'; return 1; }
  if (b[0] == 0xEF && lbytes(s, len, WRAPADD(p, 1), WRAPADD(p, 2), b) >= 2 && b[0] == 0xBC && b[1] >= 0x90 && b[1] <= 0x99) {
    *v = b[1] - 0x90;
    return 3;
  }
  return 0;
}

/* text.adigit(s, p) -> value, width | nil: the ASCII or full-width digit
** at byte p (assay.cn's numerals) */
static int text_adigit (lua_State *L) {
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
  lua_Integer v;
  int w = adigit(s, len, luaL_checkinteger(L, 2), &v);
  if (w == 0) { lua_pushnil(L); return 1; }
  lua_pushinteger(L, v);
  lua_pushinteger(L, w);
  return 2;
}

/* text.adigits(s, p) -> value, count, next: the run of at most 18 ASCII or
** full-width digits at byte p (count 0, value 0 and next p when none) */
static int text_adigits (lua_State *L) {
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
  lua_Integer p = luaL_checkinteger(L, 2), v = 0, d;
  int n = 0, w;
  while (n < 18 && (w = adigit(s, len, p, &d)) != 0) {
    v = v * 10 + d;
    n++;
    p = WRAPADD(p, w);
  }
  lua_pushinteger(L, v);
  lua_pushinteger(L, n);
  lua_pushinteger(L, p);
  return 3;
}

/* the two results of key_at and key_before: a (nil when !has), b */
static int pushkey (lua_State *L, int has, lua_Integer a, lua_Integer b) {
  if (has) lua_pushinteger(L, a);
  else lua_pushnil(L);
  lua_pushinteger(L, b);
  return 2;
}

/* text.key_at(s, i) -> key, next | nil, i: the key of the character at
** byte i (-1 for a stray or truncated byte, which is one byte long) and
** where the next character starts; nil when s has no byte i. */
static int text_key_at (lua_State *L) {
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
  lua_Integer key = 0, nxt;
  int has = keyat(s, len, luaL_checkinteger(L, 2), &key, &nxt);
  return pushkey(L, has, key, nxt);
}

/* text.key_before(s, i) -> key, start | nil, i: the key of the character
** that ends at byte i - 1 and its first byte (-1 and i - 1 when the bytes
** before i are no whole character); nil when i - 1 < 1.  An error when
** s has no byte i - 1. */
static int text_key_before (lua_State *L) {
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
  lua_Integer i = luaL_checkinteger(L, 2);
  lua_Integer j = WRAPADD(i, -1), key, nxt;
  if (j < 1) return pushkey(L, 0, 0, i);
  if (j > (lua_Integer)len) return luaL_error(L, "key_before: no byte %I before position %I", (LUAI_UACINT)j, (LUAI_UACINT)i);
  lua_Integer c = s[j - 1];
  if (c < 0x80) return pushkey(L, 1, c, j);
  lua_Integer k = j;
  while (k > 1 && k > j - 3 && c >= 0x80 && c < 0xC0) { k--; c = s[k - 1]; }
  keyat(s, len, k, &key, &nxt);                  /* (1 <= k <= len: a key) */
  if (nxt != i) return pushkey(L, 1, -1, j);
  return pushkey(L, 1, key, k);
}
/* }====== */


static const luaL_Reg text_funcs[] = {
  {"len", text_len},
  {"sub", text_sub},
  {"offset", text_offset},
  {"chars", text_chars},
  {"width", text_width},
  {"valid", text_valid},
  {"sanitize", text_sanitize},
  {"printable", text_printable},
  {"fold", text_fold},
  {"fold_spans", text_fold_spans},
  {"unmap", text_unmap},
  {"trim", text_trim},
  {"sentences", text_sentences},
  {"sentence_spans", text_sentence_spans},
  {"clause_spans", text_clause_spans},
  {"spans", text_spans},
  {"paragraphs", text_paragraphs},
  {"paragraph_spans", text_paragraph_spans},
  {"lines", text_lines},
  {"lineno", text_lineno},
  {"key_at", text_key_at},
  {"key_before", text_key_before},
  {"adigit", text_adigit},
  {"adigits", text_adigits},
  {NULL, NULL}
};

static const luaL_Reg map_meta[] = {
  {"__call", map_call},
  {"__len", map_len},
  {"__tostring", map_tostring},
  {NULL, NULL}
};

int luaopen_assay_text (lua_State *L) {
  if (luaL_newmetatable(L, AY_FOLDMAP))
    luaL_setfuncs(L, map_meta, 0);
  lua_pop(L, 1);
  luaL_newlib(L, text_funcs);
  return 1;
}
