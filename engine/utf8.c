/*
** utf8.c: UTF-8 decoding, validation and display width, in plain C (no
** Lua), so the text module, the regex module and the REPL share one
** definition of "valid" and of "two columns wide".
*/
#include <string.h>

#include "assay.h"
#include "tradbits.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define AY_LITTLE_ENDIAN 1
#else
#define AY_LITTLE_ENDIAN 0        /* one character at a time */
#endif

int ay_utf8_decode (const char *s, size_t len, uint32_t *cp) {
  const unsigned char *u = (const unsigned char *)s;
  if (len == 0) return 0;
  unsigned c = u[0];
  if (c < 0x80) { *cp = c; return 1; }
  int n;
  uint32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) { n = 2; v = c & 0x1F; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { n = 3; v = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { n = 4; v = c & 0x07; min = 0x10000; }
  else return 0;                                 /* continuation, C0/C1, F5+ */
  if (len < (size_t)n) return 0;
  for (int i = 1; i < n; i++) {
    if ((u[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (u[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

size_t ay_utf8_uncut (const char *s, size_t len) {
  size_t v = len;                     /* back over the cut character's continuation bytes */
  while (v > 0 && ((unsigned char)s[v - 1] & 0xC0) == 0x80) v--;
  return v > 0 ? v - 1 : 0;           /* and its lead byte */
}

/* Chinese text is mostly 3-byte sequences and markup mostly ASCII: each
** gets a loop of its own; everything else goes through ay_utf8_decode.
** (About 2 GB/s on the seeds; decoding every character ran at 0.4.) */
size_t ay_utf8_check (const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < len) {
    unsigned c = s[i];
    if (c < 0x80) {
      i++;
      while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ULL) break;
        i += 8;
      }
      continue;
    }
    if ((c & 0xF0) == 0xE0) {
      /* a lead E0..EF and two continuation bytes, tested as one word; only
      ** E0 and ED need a second look (overlongs, surrogates) */
      while (i + 3 <= len) {
        uint32_t w = (uint32_t)s[i] | (uint32_t)s[i + 1] << 8 | (uint32_t)s[i + 2] << 16;
        if ((w & 0xC0C0F0u) != 0x8080E0u) break;
        if (s[i] == 0xE0 || s[i] == 0xED) {
          if ((s[i] == 0xE0 && s[i + 1] < 0xA0) || (s[i] == 0xED && s[i + 1] > 0x9F)) return i;
        }
        i += 3;
      }
      while (i + 3 <= len && (s[i] & 0xF0) == 0xE0) {
        unsigned c0 = s[i], c1 = s[i + 1];
        if ((c1 & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80) return i;
        if ((c0 == 0xE0 && c1 < 0xA0) || (c0 == 0xED && c1 > 0x9F)) return i;
        i += 3;
      }
      if (i < len && (s[i] & 0xF0) == 0xE0) return i;      /* truncated at the end */
      continue;
    }
    uint32_t cp;
    int n = ay_utf8_decode(str + i, len - i, &cp);
    if (n == 0) return i;
    i += (size_t)n;
  }
  return len;
}

/* {====== display width ====== */

typedef struct Range { uint32_t lo, hi; } Range;

/* Combining marks and format characters that take no column (the common
** blocks; enough for Chinese, Latin and punctuation). */
static const Range zero_width[] = {
  {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
  {0x064B, 0x065F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x1AB0, 0x1AFF},
  {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2028, 0x202E}, {0x2060, 0x2064},
  {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
  {0xE0100, 0xE01EF},
};

/* East Asian Wide (W) and Fullwidth (F) ranges, condensed from Unicode's
** EastAsianWidth.txt. */
static const Range wide[] = {
  {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
  {0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615},
  {0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
  {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE},
  {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
  {0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B},
  {0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755},
  {0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
  {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x2E80, 0x303E},
  {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF},
  {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19},
  {0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x16FE0, 0x16FE4},
  {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
  {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F202}, {0x1F210, 0x1F23B},
  {0x1F240, 0x1F248}, {0x1F250, 0x1F251}, {0x1F260, 0x1F265}, {0x1F300, 0x1F320},
  {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA},
  {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
  {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E},
  {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4},
  {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
  {0x1F6D5, 0x1F6D7}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB},
  {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF},
  {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static int in_ranges (uint32_t cp, const Range *r, size_t n) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cp < r[mid].lo) hi = mid;
    else if (cp > r[mid].hi) lo = mid + 1;
    else return 1;
  }
  return 0;
}

int ay_wcwidth (uint32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;
  if (cp < 0x300) return 1;
  /* CJK Unified Ideographs: most of a Chinese text, skip the table search */
  if (cp >= 0x4E00 && cp <= 0x9FFF) return 2;
  if (in_ranges(cp, zero_width, sizeof zero_width / sizeof zero_width[0])) return 0;
  if (in_ranges(cp, wide, sizeof wide / sizeof wide[0])) return 2;
  return 1;
}
/* }====== */

/* Is cp a character t2s changes?  tradbits.h covers U+4E00..U+9FFF. */
static int istrad (uint32_t cp) {
  if (cp < 0x4E00 || cp > 0x9FFF) return 0;
  uint32_t k = cp - 0x4E00;
  return (ay_tradbits[k >> 3] >> (k & 7)) & 1;
}

/* The code point of the 3-byte sequence at s (lead E0..EF, checked). */
#define CP3(s) (((uint32_t)((s)[0] & 0x0F) << 12) | ((uint32_t)((s)[1] & 0x3F) << 6) | ((s)[2] & 0x3F))

/* Is the 3-byte character at p (lead E0..EF, continuations checked) one
** t2s changes?  The 64 code points that share p's first two bytes are 64
** bits of tradbits.h starting at a multiple of 64 (0x4E00 is one): one
** 8-byte load, read little-endian. */
static int istrad3 (const unsigned char *p) {
#if AY_LITTLE_ENDIAN
  uint32_t k0 = (((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6)) - 0x4E00;
  if (k0 > 0x9FC0 - 0x4E00) return 0;
  uint64_t w;
  memcpy(&w, ay_tradbits + (k0 >> 3), 8);
  return (int)((w >> (p[2] & 0x3F)) & 1);
#else
  return istrad(CP3(p));
#endif
}

/* Traditional characters in s (those of tradbits.h), counted up to
** `enough` (the scan stops there): how the reader tells a traditional or
** mixed text from a simplified one.  Invalid bytes are skipped. */
size_t ay_traditional (const char *str, size_t len, size_t enough) {
  const unsigned char *s = (const unsigned char *)str;
  size_t n = 0, i = 0;
  while (i < len && n < enough) {
    unsigned c = s[i];
    if (c < 0xE4 || c > 0xE9) { i++; continue; }   /* not a lead of U+4000..U+9FFF */
    if (i + 2 >= len) break;
    if ((s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80) { i++; continue; }
    n += (size_t)istrad3(s + i);
    i += 3;
  }
  return n;
}

/* Is the 3-byte sequence at p (lead E0..EF, two continuation bytes) a
** character ay_utf8_plain lets through?  Not an overlong (E0 below A0) or
** a surrogate (ED A0..BF), not U+3000 (E3 80 80) or a full-width digit or
** letter (EF BC 90..99, EF BC A1..BA, EF BD 81..9A). */
static int plain3 (const unsigned char *p) {
  switch (p[0]) {
    case 0xE0: return p[1] >= 0xA0;
    case 0xED: return p[1] < 0xA0;
    case 0xE3: return p[1] != 0x80 || p[2] != 0x80;
    case 0xEF:
      if (p[1] == 0xBC) return !((p[2] >= 0x90 && p[2] <= 0x99) || (p[2] >= 0xA1 && p[2] <= 0xBA));
      if (p[1] == 0xBD) return !(p[2] >= 0x81 && p[2] <= 0x9A);
      return 1;
    default: return 1;
  }
}

/* Is s[0..len) valid UTF-8 without NUL bytes and without a character the
** width fold changes (text.fold's "alnum" mode: U+3000 and the full-width
** digits and letters U+FF10..19, FF21..3A, FF41..5A)?  One pass: Chinese
** text is mostly 3-byte characters, read two at a time (leads E0, E3, ED
** and EF get plain3's closer look: overlongs, surrogates, U+3000, the
** full-width forms; Chinese punctuation has leads E3 and EF); ASCII 8
** bytes at a time; everything else goes through ay_utf8_decode one
** character at a time.  The same pass counts the traditional characters
** into *trad (when trad is not NULL) up to enough, as ay_traditional
** would on a valid text: the C path of a run asks both of every document,
** and a second pass cost as much as this one. */
int ay_utf8_plain (const char *str, size_t len, size_t enough, size_t *trad) {
  const unsigned char *s = (const unsigned char *)str;
  const uint64_t highs = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
  size_t i = 0, nt = 0;
  int count = trad != NULL && enough > 0;
  while (i < len) {
    unsigned c = s[i];
    if (c < 0x80) {                                 /* ASCII: 8 at a time, no NUL */
      if (c == 0) return 0;
      i++;
      while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if ((w & highs) || ((w - ones) & ~w & highs)) break;
        i += 8;
      }
      continue;
    }
    /* two 3-byte characters: leads E0..EF, then 2 continuations (the mask
    ** reads the word little-endian) */
    while (AY_LITTLE_ENDIAN && i + 8 <= len) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if ((w & 0xC0C0F0C0C0F0ULL) != 0x8080E08080E0ULL) break;
      if (((0xA009u >> (s[i] & 15)) & 1 && !plain3(s + i)) ||
          ((0xA009u >> (s[i + 3] & 15)) & 1 && !plain3(s + i + 3))) return 0;
      if (count) nt += (size_t)(istrad3(s + i) + istrad3(s + i + 3));
      i += 6;
    }
    if (i >= len) break;
    c = s[i];
    if (c < 0x80) continue;                         /* ASCII (or NUL): the loop's top */
    if (i + 3 <= len && (c & 0xF0) == 0xE0 && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
      if (!plain3(s + i)) return 0;
      if (count) nt += (size_t)istrad3(s + i);
      i += 3;
      continue;
    }
    uint32_t cp;
    int n = ay_utf8_decode(str + i, len - i, &cp);
    if (n == 0) return 0;
    if (cp == 0x3000 || (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
        (cp >= 0xFF41 && cp <= 0xFF5A)) return 0;
    if (count && n == 3) nt += (size_t)istrad(cp);
    i += (size_t)n;
  }
  if (trad) *trad = nt < enough ? nt : enough;
  return 1;
}
