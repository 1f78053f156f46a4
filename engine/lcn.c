/*
** lcn.c: assay.cn_c, the hot path of cn.quantities in C.
**
**   cn_c.new(cfg) -> lanes
**     cfg holds cn.lua's own tables (candidate and follower characters,
**     digits, units, multipliers, context characters, the lexicon, the
**     quotation and title marks, a few keys): every character is defined
**     once, in cn.lua.  Raises "cn_c.new: ..." on a table it cannot take;
**     cn.lua then keeps its Lua path.
**   lanes:next_run(s [, init]) -> a, b | nil
**     The next numeral run that may start a quantity, exactly as cn.lua's
**     QRUN_RE:find(s, init) finds it (PCRE2, both for valid subjects and
**     for invalid UTF-8, which never matches a class).
**   lanes:quantities(s, out, general)
**     cn.quantities(s) with context on: finds every candidate run and
**     decides here the two commonest shapes: Arabic digits [. digits]
**     [万|亿] [多|余] unit [以上 ...] (cn.lua's `lane`) and one Chinese
**     digit 一..九 with its unit (the first branch of cn.lua's `scan_at`:
**     一个, 五年, 两场), appending their mentions to out; every other run,
**     and every run of the second shape that needs the numeral parser (a
**     range, a fraction, people implied), goes to general(a, b) (scan_at),
**     which appends what it finds and returns where the scan goes on.
**     Raises what general raises, "cn.quantities: the general path stopped
**     at byte N" when it does not move on, and on running out of memory.
**
** Why C: over the 100 MB bench corpus the candidate search (PCRE2, one
** Lua-to-C call per run), the Lua lane and scan_at on single digits were
** most of the time of cn.quantities.  cn.lua stays the reference: every
** rule here is a transcription of it, in 1-based byte positions and with
** the same "keys" (a character as the number made of its bytes, stray
** bytes included), so that invalid UTF-8 is read exactly as cn.lua reads
** it.  tests/cn_c_test.lua compares both paths.
**
** general() is called with lua_call: no frame of a C library sits between
** here and Lua, and everything this file holds across the call (the title
** and quotation spans) is a userdata on the stack, so an error may unwind
** through.
**
** Limits: AY_CN_SLOTS entries in all the key tables together, AY_CN_FORMS
** written forms (units, lexicon terms), AY_CN_STRINGS strings,
** AY_CN_QUOTES quotation mark pairs; code points of candidate and follower
** characters below U+10000.
*/
#include <string.h>

#include "assay.h"

#define AY_CN_LANES "assay.cn_lanes"

#if !defined(AY_CN_SLOTS)
#define AY_CN_SLOTS 8192          /* hash slots for every key table (half may be used) */
#endif
#if !defined(AY_CN_FORMS)
#define AY_CN_FORMS 1024          /* written forms of UNIT_AT, GE_AT and LEX_AT */
#endif
#if !defined(AY_CN_STRINGS)
#define AY_CN_STRINGS 1024        /* strings kept in the string table */
#endif
#if !defined(AY_CN_QUOTES)
#define AY_CN_QUOTES 8            /* quotation mark pairs (QUOTES) */
#endif

/* A character as cn.lua's key_at/key3 see it: its bytes as one number
** (0xE4B880 for 一).  Two values no byte sequence gives: */
typedef int64_t Key;
#define KNIL (-2)                 /* past the end of the subject (Lua's nil) */
#define KBAD (-1)                 /* a stray or truncated byte (key_at's -1) */

/* the key tables, named as in cn.lua; the sets of NEXT_BAD, LANE_STOP and
** LEX_AT are numbered after these */
enum { T_BIG, T_FUZZ, T_UNIT, T_WRITTEN, T_NEXT_BAD, T_STOP, T_UNIT_AT, T_PREV,
       T_PREFIX_END, T_YUE_WORD, T_JIN_WORD, T_DIGIT, T_FIN, T_RANGE_SEP, T_GE_AT,
       T_CHENG_BAD, T_KOU_THING, T_INDEF, T_ONE_PREV, T_LEX, T_AFTER, T_SNEXT, T_SPREV,
       T_SDIGIT, T_ONE_ONLY, T_PLACE_END, T_FIRST_SET };

/* flags of strings in the string table: cn.lua's sets of canonical units */
enum { F_TIME = 1, F_HALF = 2, F_INFIX = 4, F_GENERAL = 8, F_MONEY_TAIL = 16 };

typedef struct Form {
  const char *w;                  /* borrowed from the string table (user value 1) */
  size_t wlen;                    /* bytes of w */
  int val;                        /* a unit: its canonical unit's string index; a lexicon
                                  ** term: the offset of the numeral in it */
} Form;

/* the keys cn.lua's rules compare against */
typedef struct Keys {
  Key nian, fen, ren, ci, ban, yi3, shang, xia, nei, nei2, zuo, you;
  Key yue, yue2, da, jin, yu3, guo, guo2, chao, chao2, bu, po, tu, dao, zu;
  Key ge, ge2, cheng, kou, qi, month, zhi, zhong, zhong2, xiao, one, di;
  Key jie, bi, jiang, jiang2, you2, mei, zhou, zhou2, de, qian;
} Keys;

/* the string indices of cn.lua's UNIT_OF */
typedef struct UnitOf {
  int month, ge, cheng, fenzhong, fen, kou_thing, kou, qi, renci, money;
} UnitOf;

/* a pair of marks whose spans matter (titles, short quotations) */
typedef struct Marks {
  const char *open, *close;       /* borrowed from the string table */
  size_t olen, clen;              /* bytes */
  lua_Integer max;                /* longest content in bytes (spans_of's maxlen) */
} Marks;

typedef struct Lanes {
  uint64_t slot_key[AY_CN_SLOTS]; /* table << 40 | key, plus 1; 0 = empty */
  lua_Integer slot_val[AY_CN_SLOTS];  /* the Lua value: a number, a set or string index */
  int nslots;                     /* slots in use */
  int nsets;                      /* tables numbered so far */
  Form forms[AY_CN_FORMS];        /* the lists of UNIT_AT, GE_AT, LEX_AT in cn.lua's order */
  int nforms;                     /* forms in use */
  uint8_t sflags[AY_CN_STRINGS + 1];  /* F_* per string index */
  uint8_t cand[8192];             /* bit per code point < U+10000: a numeral run character */
  uint8_t follow[8192];           /* ... may follow the run of a quantity */
  uint8_t bigend[8192];           /* ... ends a run that is a candidate whatever follows */
  uint8_t bigbits[8192];          /* 万 亿: with a digit 1-9 after it (dig19) ends a candidate run */
  uint8_t dig19[8192];
  uint8_t zprev[8192];            /* before a lone 0 that is a candidate (降为0) */
  uint8_t dun[8192];              /* follows a candidate run when a numeral character follows it (、) */
  uint8_t dian[8192];             /* ... when a Chinese digit (digits) follows it (点) */
  uint8_t digits[8192];
  uint8_t space[8192];            /* ... when a character that is not ASCII follows it */
  Keys k;
  UnitOf u;
  int s_min, s_max, s_approx, s_exact;   /* string table indices */
  Marks title;                    /* 《》 */
  Marks quotes[AY_CN_QUOTES];     /* “” ‘’ 「」 『』 */
  int nquotes;                    /* pairs in quotes */
} Lanes;

static const lua_Integer p10[19] = {
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
  10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
  1000000000000000, 10000000000000000, 100000000000000000, 1000000000000000000
};


/* {====== key tables ====== */

static size_t slotof (uint64_t k) {
  return (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 40) & (AY_CN_SLOTS - 1);
}

/* Only keys >= 0 and < 2^40 are stored; KNIL and KBAD are in no table. */
static int kget (const Lanes *ln, int t, Key key, lua_Integer *val) {
  if (key < 0 || key >= ((Key)1 << 40)) return 0;
  uint64_t k = ((uint64_t)t << 40 | (uint64_t)key) + 1;
  for (size_t i = slotof(k);; i = (i + 1) & (AY_CN_SLOTS - 1)) {
    if (ln->slot_key[i] == k) { if (val) *val = ln->slot_val[i]; return 1; }
    if (ln->slot_key[i] == 0) return 0;
  }
}

static int kin (const Lanes *ln, int t, Key key) { return kget(ln, t, key, NULL); }

static void kput (lua_State *L, Lanes *ln, int t, Key key, lua_Integer val) {
  if (key < 0 || key >= ((Key)1 << 40)) luaL_error(L, "cn_c.new: key %I out of range", (lua_Integer)key);
  if (ln->nslots >= AY_CN_SLOTS / 2)
    luaL_error(L, "cn_c.new: more than %d keys (AY_CN_SLOTS)", AY_CN_SLOTS / 2);
  uint64_t k = ((uint64_t)t << 40 | (uint64_t)key) + 1;
  size_t i = slotof(k);
  while (ln->slot_key[i] != 0 && ln->slot_key[i] != k) i = (i + 1) & (AY_CN_SLOTS - 1);
  if (ln->slot_key[i] == 0) ln->nslots++;
  ln->slot_key[i] = k;
  ln->slot_val[i] = val;
}

/* }====== */


/* {====== cn.lua's readers of characters, on 1-based positions ====== */

/* byte at 1-based i, -1 outside the subject (string.byte's nil) */
static inline int B (const unsigned char *s, lua_Integer len, lua_Integer i) {
  return (i >= 1 && i <= len) ? s[i - 1] : -1;
}

/* cn.lua key_at: the key at i and the position after it; lead bytes are
** trusted, continuation bytes not checked */
static Key key_at (const unsigned char *s, lua_Integer len, lua_Integer i, lua_Integer *next) {
  int c = B(s, len, i);
  if (c < 0) { *next = i; return KNIL; }
  if (c < 0x80) { *next = i + 1; return c; }
  if (c >= 0xE0 && c < 0xF0) {
    int c2 = B(s, len, i + 1), c3 = B(s, len, i + 2);
    if (c3 >= 0) { *next = i + 3; return ((Key)c * 256 + c2) * 256 + c3; }
  }
  else if (c >= 0xC0 && c < 0xE0) {
    int c2 = B(s, len, i + 1);
    if (c2 >= 0) { *next = i + 2; return (Key)c * 256 + c2; }
  }
  else if (c >= 0xF0) {
    int c2 = B(s, len, i + 1), c3 = B(s, len, i + 2), c4 = B(s, len, i + 3);
    if (c4 >= 0) { *next = i + 4; return (((Key)c * 256 + c2) * 256 + c3) * 256 + c4; }
  }
  *next = i + 1;
  return KBAD;
}

/* cn.lua key_before: the key of the character ending at i - 1 and its start */
static Key key_before (const unsigned char *s, lua_Integer len, lua_Integer i, lua_Integer *start) {
  lua_Integer j = i - 1;
  if (j < 1) { *start = i; return KNIL; }
  int c = B(s, len, j);
  if (c < 0x80) { *start = j; return c; }
  lua_Integer k = j, nxt;
  while (k > 1 && k > j - 3 && c >= 0x80 && c < 0xC0) { k--; c = B(s, len, k); }
  Key key = key_at(s, len, k, &nxt);
  if (nxt != i) { *start = j; return KBAD; }
  *start = k;
  return key;
}

/* cn.lua key3: the key at i as if every character had at most 3 bytes */
static Key key3 (const unsigned char *s, lua_Integer len, lua_Integer i) {
  int c1 = B(s, len, i);
  if (c1 < 0) return KNIL;
  if (c1 < 0x80) return c1;
  int c2 = B(s, len, i + 1), c3 = B(s, len, i + 2);
  return ((Key)c1 * 256 + (c2 < 0 ? 0 : c2)) * 256 + (c3 < 0 ? 0 : c3);
}

/* }====== */


/* {====== the candidate search ======
** QRUN_RE is X++(?:(?=F)|(?<=[万萬亿億])) in UTF mode: a possessive run of
** numeral characters followed by a follower, or ending in a multiplier.
** PCRE2 reads characters strictly (no overlongs, surrogates, stray
** bytes) and an invalid sequence matches no class, so the run and the
** follower are read here with the same strictness, byte by byte past an
** invalid sequence.  A run that fails at its first character fails at
** every later one (same end, same last character), so the search goes on
** after it. */

static inline int hasbit (const uint8_t *bits, uint32_t cp) {
  return cp < 0x10000 && ((bits[cp >> 3] >> (cp & 7)) & 1);
}

/* strict character at s[i] (i < len): its length, or 0 for an invalid sequence */
static inline int decode (const unsigned char *s, size_t len, size_t i, uint32_t *cp) {
  unsigned c = s[i];
  if (c < 0x80) { *cp = c; return 1; }
  if ((c & 0xF0) == 0xE0 && len - i >= 3) {       /* the common case in Chinese text */
    unsigned c1 = s[i + 1], c2 = s[i + 2];
    if ((c1 & 0xC0) != 0x80 || (c2 & 0xC0) != 0x80) return 0;
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) return 0;
    *cp = (c & 0x0F) << 12 | (c1 & 0x3F) << 6 | (c2 & 0x3F);
    return 3;
  }
  return ay_utf8_decode((const char *)s + i, len - i, cp);
}

/* the first run at or after byte offset i (moved off continuation bytes,
** as assay.re moves init): 1 with its offsets [*a, *e), or 0 */
static int nextrun (const Lanes *ln, const unsigned char *s, size_t len, size_t i,
                    size_t *a, size_t *e) {
  while (i < len && (s[i] & 0xC0) == 0x80) i++;
  while (i < len) {
    unsigned c = s[i];
    if (c < 0x80) {                                 /* ASCII: only digits start a run */
      if (c - '0' > 9) { i++; continue; }
    }
    uint32_t cp;
    int w = decode(s, len, i, &cp);
    if (w == 0) { i++; continue; }
    if (!hasbit(ln->cand, cp)) { i += (size_t)w; continue; }
    size_t start = i;
    uint32_t last = cp, before = 0x110000;        /* the run's last two characters */
    i += (size_t)w;
    int follows = 0;
    while (i < len) {
      w = decode(s, len, i, &cp);
      if (w == 0) break;
      if (!hasbit(ln->cand, cp)) {
        follows = hasbit(ln->follow, cp);
        if (!follows && (hasbit(ln->dun, cp) || hasbit(ln->dian, cp) || hasbit(ln->space, cp))
            && i + (size_t)w < len) {
          uint32_t nc;
          if (decode(s, len, i + (size_t)w, &nc) > 0)
            follows = hasbit(ln->dun, cp) ? hasbit(ln->cand, nc)
                    : hasbit(ln->dian, cp) ? hasbit(ln->digits, nc) : nc >= 0x80;
        }
        break;
      }
      before = last;
      last = cp;
      i += (size_t)w;
    }
    if (before == 0x110000 && hasbit(ln->dig19, last)) {   /* init inside a run: the lookbehind reads on */
      for (size_t j = start; j > 0 && start - j < 4;) {
        j--;
        if ((s[j] & 0xC0) != 0x80) {
          uint32_t pc;
          if (decode(s, len, j, &pc) == (int)(start - j)) before = pc;
          break;
        }
      }
    }
    if (follows || hasbit(ln->bigend, last) || (hasbit(ln->dig19, last) && hasbit(ln->bigbits, before))) {
      *a = start; *e = i; return 1;
    }
    /* a lone 0 or 零 after 为 (the alternative (?<=[为為是])[0零](?!X)) */
    if (((i == start + 1 && s[start] == '0') || (i == start + 3 && memcmp(s + start, "\xe9\x9b\xb6", 3) == 0))
        && start >= 3) {
      uint32_t pc;
      if (decode(s, len, start - 3, &pc) == 3 && hasbit(ln->zprev, pc)) { *a = start; *e = i; return 1; }
    }
  }
  return 0;
}

/* }====== */


/* {====== title and quotation spans ======
** cn.lua's spans_of(s, open, close, max) and within(): the spans are found
** the first time a mention needs them and kept in a userdata on the stack
** (replaced by a bigger one as they grow).
** Spans of one kind are disjoint and in order, and positions only grow
** within a text, so a cursor skips the spans left behind (within() is a
** function of a and e alone).  The first close after an open is
** remembered: it is still the first after the next open when it lies
** beyond it, which keeps a text of many opens and one far close linear
** (the Lua version searches again). */

typedef struct SpanList {
  size_t n;                       /* spans */
  size_t cursor;                  /* first span that may still matter */
  size_t off;                     /* where its open, close pairs (1-based) start in data */
} SpanList;

typedef struct Spans {
  int nlists;                     /* one list per pair of marks */
  SpanList list[AY_CN_QUOTES];
  size_t cap;                     /* values data holds */
  lua_Integer data[];
} Spans;

/* cn.lua's find(s, pat, init, true) for a non-empty pat: its first byte by
** memchr, then the rest (the marks are short and their first bytes rare
** enough; glibc's memmem costs more per call than a short text takes) */
static lua_Integer findfrom (const unsigned char *s, lua_Integer len, lua_Integer init,
                             const char *pat, size_t plen) {
  if (init < 1 || init > len) return 0;
  const unsigned char *p = s + init - 1, *end = s + len;
  while ((size_t)(end - p) >= plen) {
    p = (const unsigned char *)memchr(p, (unsigned char)pat[0], (size_t)(end - p) - plen + 1);
    if (p == NULL) return 0;
    if (memcmp(p + 1, pat + 1, plen - 1) == 0) return (lua_Integer)(p - s) + 1;
    p++;
  }
  return 0;
}

/* Appends span (o, c) to the last list of sp, which is at stack index
** slot; when full, a userdata twice as big replaces it there.  Returns
** the spans' (new) address. */
static Spans *pushspan (lua_State *L, int slot, Spans *sp, lua_Integer o, lua_Integer c) {
  SpanList *l = &sp->list[sp->nlists - 1];
  size_t used = l->off + 2 * l->n;
  if (used + 2 > sp->cap) {
    if (sp->cap > ((size_t)-1 / sizeof(lua_Integer) - sizeof(Spans)) / 4)
      luaL_error(L, "cn.quantities: too many quotations or titles");
    Spans *big = (Spans *)lua_newuserdatauv(L, sizeof(Spans) + 2 * sp->cap * sizeof(lua_Integer), 0);
    memcpy(big, sp, sizeof(Spans) + used * sizeof(lua_Integer));
    big->cap = 2 * sp->cap;
    lua_replace(L, slot);
    sp = big;
    l = &sp->list[sp->nlists - 1];
  }
  sp->data[used] = o;
  sp->data[used + 1] = c;
  l->n++;
  return sp;
}

/* the spans of s for nmk pairs of marks, as a userdata put at stack index slot */
static Spans *makespans (lua_State *L, int slot, const Marks *mk, int nmk,
                         const unsigned char *s, lua_Integer len) {
  Spans *sp = (Spans *)lua_newuserdatauv(L, sizeof(Spans) + 32 * sizeof(lua_Integer), 0);
  sp->nlists = 0;
  sp->cap = 32;
  lua_replace(L, slot);
  for (int i = 0; i < nmk; i++, mk++) {
    size_t off = sp->nlists ? sp->list[sp->nlists - 1].off + 2 * sp->list[sp->nlists - 1].n : 0;
    SpanList *l = &sp->list[sp->nlists++];
    l->n = 0; l->cursor = 0; l->off = off;
    lua_Integer olen = (lua_Integer)mk->olen, clen = (lua_Integer)mk->clen;
    lua_Integer init = 1, nl = 0, lastc = 0;
    int havenl = 1;                               /* Lua's nl is nil once no newline is left */
    for (;;) {
      lua_Integer o = findfrom(s, len, init, mk->open, mk->olen);
      if (!o) break;
      lua_Integer c = lastc >= o + olen ? lastc : findfrom(s, len, o + olen, mk->close, mk->clen);
      if (!c) break;
      lastc = c;
      if (havenl && nl < o) {
        nl = findfrom(s, len, o, "\n", 1);
        if (!nl) havenl = 0;
      }
      if (c - o - olen <= mk->max && !(havenl && nl < c)) {
        sp = pushspan(L, slot, sp, o, c);
        init = c + clen;
      }
      else init = o + olen;
    }
  }
  return sp;
}

/* cn.lua within(t, a, e): [a, e) inside one span of list t of sp */
static int within (Spans *sp, int t, lua_Integer a, lua_Integer e) {
  SpanList *l = &sp->list[t];
  const lua_Integer *v = sp->data + l->off;
  size_t i = l->cursor;
  while (i < l->n && v[2 * i + 1] < a) i++;
  l->cursor = i;
  for (; i < l->n && v[2 * i] < a; i++)
    if (e <= v[2 * i + 1]) return 1;
  return 0;
}

/* }====== */


/* {====== the lane ====== */

typedef struct Subject {
  const unsigned char *s;         /* borrowed: argument 2 of quantities */
  lua_Integer len;                /* bytes */
  int stri;                       /* stack index of the string table */
  int titlesi, quotesi;           /* stack indices where the spans go */
  Spans *titles, *quotes;         /* NULL until a mention needs them */
} Subject;

/* cn.lua in_title(s, a) */
static int in_title (lua_State *L, const Lanes *ln, Subject *sj, lua_Integer a) {
  if (sj->titles == NULL) sj->titles = makespans(L, sj->titlesi, &ln->title, 1, sj->s, sj->len);
  return within(sj->titles, 0, a, a);
}

/* cn.lua in_short_quote(s, a, e) */
static int in_short_quote (lua_State *L, const Lanes *ln, Subject *sj, lua_Integer a, lua_Integer e) {
  if (sj->quotes == NULL) sj->quotes = makespans(L, sj->quotesi, ln->quotes, ln->nquotes, sj->s, sj->len);
  for (int i = 0; i < sj->quotes->nlists; i++)
    if (within(sj->quotes, i, a, e)) return 1;
  return 0;
}

/* cn.lua prefix_qual(s, k, i): start and qualifier of the word before a
** numeral, or 0; *jin tells 近 (NULL: not wanted) */
static lua_Integer prefix_qual (const Lanes *ln, const Subject *sj, Key k, lua_Integer i, int *qual,
                                int *jin) {
  const Keys *K = &ln->k;
  const unsigned char *s = sj->s;
  lua_Integer len = sj->len, i2, i3;
  if (k == K->yue || k == K->yue2) {
    Key k2 = key_before(s, len, i, &i2);
    if (k2 == K->da) { *qual = ln->s_approx; return i2; }
    if (kin(ln, T_YUE_WORD, k2)) return 0;
    *qual = ln->s_approx; return i;
  }
  else if (k == K->jin) {
    Key k2 = key_before(s, len, i, &i2);
    if (k2 == K->jie || k2 == K->bi || k2 == K->jiang || k2 == K->jiang2) { *qual = ln->s_approx; return i2; }
    if (kin(ln, T_JIN_WORD, k2)) return 0;
    if (jin) *jin = 1;
    *qual = ln->s_approx; return i;
  }
  else if (k == K->yu3) {
    *qual = ln->s_min; return i;
  }
  else if (k == K->guo || k == K->guo2) {
    Key k2 = key_before(s, len, i, &i2);
    if (k2 == K->chao || k2 == K->chao2) {
      if (key_before(s, len, i2, &i3) == K->bu) { *qual = ln->s_max; return i3; }
      *qual = ln->s_min; return i2;
    }
  }
  else if (k == K->po) {
    if (key_before(s, len, i, &i2) == K->tu) {
      if (key_before(s, len, i2, &i3) == K->bu) { *qual = ln->s_max; return i3; }
      *qual = ln->s_min; return i2;
    }
  }
  else if (k == K->dao || k == K->zu) {
    if (key_before(s, len, i, &i2) == K->bu) { *qual = ln->s_max; return i2; }
  }
  return 0;
}

/* the first of the forms in list (start << 16 | count) written at p, or NULL */
static const Form *written_at (const Lanes *ln, const Subject *sj, lua_Integer list, lua_Integer p) {
  for (int j = (int)(list >> 16), n = (int)(list & 0xFFFF); n > 0; j++, n--) {
    const Form *f = &ln->forms[j];
    if (p >= 1 && p - 1 + (lua_Integer)f->wlen <= sj->len && memcmp(sj->s + p - 1, f->w, f->wlen) == 0)
      return f;
  }
  return NULL;
}

static int is_cjk (Key k) { return k >= 0xE39080 && k <= 0xE9BFBF; }

/* cn.lua unit_at(s, p, arabic): the canonical unit's string index and
** the position after the unit, or -1; *xmin for 个多月's extra "min",
** *cheng for 成 */
static int unit_at (const Lanes *ln, const Subject *sj, lua_Integer p, int arabic, lua_Integer *after,
                    int *xmin, int *cheng) {
  const Keys *K = &ln->k;
  const unsigned char *s = sj->s;
  lua_Integer len = sj->len, q, q2, nx, list, set;
  Key k = key_at(s, len, p, &q);
  if (k == KNIL) return -1;
  if (k == K->ge || k == K->ge2) {
    Key k2 = key_at(s, len, q, &q2);
    if (kin(ln, T_FUZZ, k2) && key_at(s, len, q2, &nx) == K->month) {
      *after = q2 + 3; *xmin = 1;
      return ln->u.month;
    }
    if (kget(ln, T_GE_AT, k2, &list)) {
      const Form *f = written_at(ln, sj, list, q);
      if (f) { *after = q + (lua_Integer)f->wlen; return f->val; }
    }
    *after = q;
    return ln->u.ge;
  }
  if (k == K->cheng) {
    if (kin(ln, T_CHENG_BAD, key_at(s, len, q, &nx))) return -1;
    *after = q; *cheng = 1;
    return ln->u.cheng;
  }
  if (k == K->fen) {
    Key k2 = key_at(s, len, q, &q2);
    if (k2 == K->zhong || k2 == K->zhong2) { *after = q2; return ln->u.fenzhong; }
    if (k2 == K->zhi || !arabic) return -1;
    *after = q;
    return ln->u.fen;
  }
  if (k == K->kou) {
    *after = q;
    return kin(ln, T_KOU_THING, key_at(s, len, q, &nx)) ? ln->u.kou_thing : ln->u.kou;
  }
  if (k == K->qi) {
    if (is_cjk(key_at(s, len, q, &nx))) return -1;
    *after = q;
    return ln->u.qi;
  }
  if (!kget(ln, T_UNIT_AT, k, &list)) return -1;
  for (int j = (int)(list >> 16), n = (int)(list & 0xFFFF); n > 0; j++, n--) {
    const Form *f = &ln->forms[j];
    if ((lua_Integer)f->wlen == q - p) {     /* the one-character unit: not when a word goes on */
      if (kget(ln, T_NEXT_BAD, k, &set) && kin(ln, (int)set, key_at(s, len, q, &nx))) return -1;
      *after = q;
      return f->val;
    }
    if (p - 1 + (lua_Integer)f->wlen <= len && memcmp(s + p - 1, f->w, f->wlen) == 0) {
      *after = p + (lua_Integer)f->wlen;
      return f->val;
    }
  }
  return -1;
}

/* cn.lua lexicon_at(s, a): the end (exclusive) of a lexicon term that
** covers the numeral at a, or 0 */
static lua_Integer lexicon_at (const Lanes *ln, const Subject *sj, lua_Integer a) {
  lua_Integer q, nx, set, list;
  Key k = key_at(sj->s, sj->len, a, &q);
  if (!kget(ln, T_LEX, k, &set)) return 0;
  Key nk = key_at(sj->s, sj->len, q, &nx);
  for (int pass = 0; pass < 2; pass++, nk = 0) {   /* the next character's terms, then 0's */
    if (!kget(ln, (int)set, nk, &list)) continue;
    for (int j = (int)(list >> 16), n = (int)(list & 0xFFFF); n > 0; j++, n--) {
      const Form *f = &ln->forms[j];
      lua_Integer st = a - f->val;
      if (st >= 1 && st - 1 + (lua_Integer)f->wlen <= sj->len && memcmp(sj->s + st - 1, f->w, f->wlen) == 0)
        return st + (lua_Integer)f->wlen;
    }
  }
  return 0;
}

/* cn.lua tonum(m, S) */
static void pushscaled (lua_State *L, lua_Integer m, int S) {
  while (S > 0 && m % 10 == 0) { m /= 10; S--; }
  if (S == 0) lua_pushinteger(L, m);
  else lua_pushnumber(L, (lua_Number)m / (lua_Number)p10[S]);
}

/* cn.lua lane(s, a, b, out): the run [a, b] decided here.  Returns where
** the scan goes on after appending a mention (or after a calendar year),
** or 0 when the general path decides.  Line for line the Lua function,
** whose comments say why. */
static lua_Integer lane (lua_State *L, const Lanes *ln, Subject *sj, lua_Integer a, lua_Integer b,
                         int outi, lua_Integer *nout) {
  const Keys *K = &ln->k;
  const unsigned char *s = sj->s;
  lua_Integer len = sj->len, big = 1, val;
  int p3 = -1, p2 = -1, p1 = -1, c0, t3 = -1, t2 = -1, t1;
  c0 = B(s, len, a);
  if (a > 3) { p3 = B(s, len, a - 3); p2 = B(s, len, a - 2); p1 = B(s, len, a - 1); }
  else if (a > 1) p1 = B(s, len, a - 1);
  if (c0 > '9') return 0;
  if (b > 2) { t3 = B(s, len, b - 2); t2 = B(s, len, b - 1); }
  t1 = B(s, len, b);
  int f1 = B(s, len, b + 1), f2 = B(s, len, b + 2), f3 = B(s, len, b + 3);
  lua_Integer e = b;
  if (t1 >= 0x80) {
    if (t3 < 0) return 0;             /* a run opening with a digit has b > 3 */
    if (!kget(ln, T_BIG, ((Key)t3 * 256 + t2) * 256 + t1, &big)) return 0;
    e = b - 3;
  }
  lua_Integer n = e - a + 1;
  if (n < 1 || n > 15 || (n > 1 && c0 == '0')) return 0;
  lua_Integer v = 0;
  for (lua_Integer i = a; i <= e; i++) {        /* Chinese numerals in the run: general path */
    int d = B(s, len, i) - '0';
    if (d < 0 || d > 9) return 0;
    v = v * 10 + d;
  }
  int S = 0;
  lua_Integer p = b + 1;
  Key k = f1 < 0 ? KNIL : f1;
  if (f1 >= 0x80) k = ((Key)f1 * 256 + (f2 < 0 ? 0 : f2)) * 256 + (f3 < 0 ? 0 : f3);
  if ((k == '-' || k == '/') && n == 4 && big == 1) {   /* 2020-10-16, 2019/01/22: a date */
    int c1 = B(s, len, p + 1), c2 = B(s, len, p + 2), c3 = B(s, len, p + 3);
    if (c1 >= '0' && c1 <= '9' && (c2 == k || (c2 >= '0' && c2 <= '9' && c3 == k))) return p;
  }
  if (k == '.' && big == 1) {
    lua_Integer fe = p;                         /* find(s, "^%d+", p + 1), counted up to 7 */
    while (fe - p < 7 && B(s, len, fe + 1) >= '0' && B(s, len, fe + 1) <= '9') fe++;
    if (fe == p) return 0;
    S = (int)(fe - p);
    if (S > 6 || n + S > 15) return 0;
    lua_Integer fr = 0;
    for (lua_Integer i = p + 1; i <= fe; i++) fr = fr * 10 + (B(s, len, i) - '0');
    v = v * p10[S] + fr;
    p = fe + 1;
    k = key3(s, len, p);
    if (kget(ln, T_BIG, k, &val)) { big = val; p += 3; k = key3(s, len, p); }
  }
  if (k == K->nian) {
    if (n == 4 && S == 0 && big == 1 && v >= 1000 && v <= 2999) return p + 3;
    return 0;
  }
  int fz = 0;
  if (kin(ln, T_FUZZ, k)) {
    fz = 1;
    p += 3;
    k = key3(s, len, p);
    if (big == 1 && kget(ln, T_BIG, k, &val)) { big = val; p += 3; k = key3(s, len, p); }
  }
  if (k == KNIL) return 0;
  lua_Integer unit, written = -1, up = p, wend = 0, set;   /* string indices; written -1: bytes [up, wend) */
  Key nk;
  if (kget(ln, T_UNIT, k, &unit)) {
    kget(ln, T_WRITTEN, k, &written);
    p += k < 0x80 ? 1 : 3;
    int n1 = B(s, len, p), n2 = B(s, len, p + 1), n3 = B(s, len, p + 2);
    nk = n1 < 0 ? KNIL : n1;
    if (n1 >= 0x80) nk = ((Key)n1 * 256 + (n2 < 0 ? 0 : n2)) * 256 + (n3 < 0 ? 0 : n3);
    if (k == K->ren && nk == K->ci) {
      unit = written = ln->u.renci;
      p += 3;
      nk = key3(s, len, p);
    }
    else if ((kget(ln, T_NEXT_BAD, k, &set) && kin(ln, (int)set, nk))
             || (kget(ln, T_STOP, k, &set) && kin(ln, (int)set, nk)))
      return 0;
  }
  else {
    if (k == K->nian || k == K->fen || !kin(ln, T_UNIT_AT, k)) return 0;
    int xmin = 0, cheng = 0;
    int u = unit_at(ln, sj, p, 1, &p, &xmin, &cheng);
    if (u < 0 || (ln->sflags[u] & F_GENERAL)) return 0;
    unit = u;
    wend = p;
    nk = key3(s, len, p);
    if (kin(ln, T_AFTER, nk)) return 0;
  }
  int sq = 0;
  lua_Integer ue = p;                           /* the unit's end */
  if (nk == K->yi3) {
    Key k2 = key3(s, len, p + 3);
    if (k2 == K->shang) { sq = ln->s_min; p += 6; }
    else if (k2 == K->xia || k2 == K->nei || k2 == K->nei2) { sq = ln->s_max; p += 6; }
  }
  else if (nk == K->zuo && key3(s, len, p + 3) == K->you) {
    sq = ln->s_approx; p += 6;
  }
  lua_Integer start = a;
  int pq = 0;
  if (p1 >= 0) {
    Key pk = p1;
    lua_Integer ps;
    if (p1 >= 0x80) pk = p3 >= 0 ? ((Key)p3 * 256 + p2) * 256 + p1 : key_before(s, len, a, &ps);
    if (kin(ln, T_PREV, pk) || (pk >= 'A' && pk <= 'Z') || (pk >= 'a' && pk <= 'z')) return 0;
    if (pk == K->qian && (unit == ln->u.kou || unit == ln->u.ge)) return 0;   /* 前10名: scan_at */
    if (kin(ln, T_PREFIX_END, pk)) {
      lua_Integer pst = prefix_qual(ln, sj, pk, a - 3, &pq, NULL);
      if (pst) start = pst;
    }
  }
  if (in_title(L, ln, sj, a) || in_short_quote(L, ln, sj, a, ue)) return 0;
  if (p - 1 > len) return 0;                    /* cannot happen: every step read whole keys */
  if ((double)v * (double)big >= 9.2e18) return 0;   /* beyond the integers: the parser refuses it */
  lua_Integer m = v * big;
  lua_createtable(L, 0, 8);                     /* the fields in the order of cn.lua's constructor */
  lua_pushinteger(L, start);
  lua_setfield(L, -2, "start");
  lua_pushinteger(L, p - 1);
  lua_setfield(L, -2, "stop");
  lua_pushlstring(L, (const char *)s + start - 1, (size_t)(p - start));
  lua_setfield(L, -2, "surface");
  if (S == 0) lua_pushinteger(L, m); else pushscaled(L, m, S);
  lua_setfield(L, -2, "value");
  lua_rawgeti(L, sj->stri, unit);
  lua_setfield(L, -2, "unit");
  lua_rawgeti(L, sj->stri, pq ? pq : sq ? sq : fz ? ln->s_min : ln->s_exact);
  lua_setfield(L, -2, "qualifier");
  if (written >= 0) lua_rawgeti(L, sj->stri, written);
  else lua_pushlstring(L, (const char *)s + up - 1, (size_t)(wend - up));
  lua_setfield(L, -2, "unit_written");
  if (big > 1) {
    lua_pushinteger(L, big);
    lua_setfield(L, -2, "multiplier");
  }
  lua_rawseti(L, outi, ++*nout);
  return p;
}

static int is_adigit (Key k) { return (k >= '0' && k <= '9') || (k >= 0xEFBC90 && k <= 0xEFBC99); }

/* the position after the key at p as scan_at steps: 1 byte for ASCII, else 3 */
static lua_Integer step3 (Key k, lua_Integer p) { return p + (k >= 0 && k < 0x80 ? 1 : 3); }

/* cn.lua scan_at(s, a, b, true, out) for a run of one Chinese digit 一..九
** (its first branch, which needs no parser).  Returns where the scan goes
** on, having appended a mention or not, or 0 when scan_at must decide:
** the run is no such digit, or a rule needs the numeral parser (a range
** 三至五, a fraction 三分之一, people implied after 一多万).  The steps of
** scan_at that cannot apply to one Chinese digit are named, not copied. */
static lua_Integer single (lua_State *L, const Lanes *ln, Subject *sj, lua_Integer a, lua_Integer b,
                           int outi, lua_Integer *nout) {
  const Keys *K = &ln->k;
  const unsigned char *s = sj->s;
  lua_Integer len = sj->len, v, val, nx;
  if (b != a + 2) return 0;
  Key kd = key3(s, len, a);
  if (!kget(ln, T_DIGIT, kd, &v) || v <= 0 || kin(ln, T_SDIGIT, kd)) return 0;
  int onlyone = kd == K->one, fin = kin(ln, T_FIN, kd);
  lua_Integer p = b + 1;
  Key k = key3(s, len, p);
  lua_Integer q1 = step3(k, p);
  if (kin(ln, T_SNEXT, k)) return 0;             /* ranges, 三点二, 一半, 三、四 ...: scan_at */
  if (k == K->fen) {                            /* 三分之一, 三分一: scan_at */
    Key k2 = key_at(s, len, q1, &nx);
    if (k2 == K->zhi || kin(ln, T_DIGIT, k2)) return 0;
  }
  int fz = 0;
  lua_Integer mult = 1;
  if (kin(ln, T_FUZZ, k)) {
    fz = 1;
    p = q1; k = key3(s, len, p); q1 = step3(k, p);
    if (kget(ln, T_BIG, k, &val)) {
      mult = val;
      p = q1; k = key3(s, len, p); q1 = step3(k, p);
    }
    if (kin(ln, T_SNEXT, k)) return 0;          /* 三餘(wàn)家, 两多 小时: scan_at */
  }
  lua_Integer up = p, uq = 0;
  int xmin = 0, cheng = 0, infix = 0;
  int unit = unit_at(ln, sj, p, 0, &uq, &xmin, &cheng);
  if (unit < 0 && (k == K->da || k == K->xiao)) {
    int x2 = 0, c2 = 0;                         /* scan_at keeps the first call's (none) */
    lua_Integer uq2;
    int u2 = unit_at(ln, sj, q1, 0, &uq2, &x2, &c2);
    if (u2 >= 0 && (ln->sflags[u2] & F_INFIX)) { unit = u2; uq = uq2; infix = 1; }
  }
  if (unit < 0) {
    if (mult > 1) return 0;                     /* implicit_people */
    return p;
  }
  /* scan_at reads what follows the unit (一年多, 三元五角, 个(gè)), the units
  ** of its own (周年, 毛) and the words before the digit that a rule looks
  ** at (约莫, 只有一个, 每周一次, 前三名) */
  Key ku = key_at(s, len, uq, &nx);
  if ((ln->sflags[unit] & F_GENERAL) || kin(ln, T_AFTER, ku)
      || (((ln->sflags[unit] & F_MONEY_TAIL) || cheng) && kin(ln, T_DIGIT, ku)))   /* 三元五角, 九成五 */
    return 0;
  lua_Integer pkst, st;
  Key pk = key_before(s, len, a, &pkst);
  if (kin(ln, T_SPREV, pk)) return 0;
  if (unit == ln->u.kou && kin(ln, T_KOU_THING, pk)) return 0;   /* 打井三口: scan_at */
  /* not here: the year rules of 年 (four digits, or Arabic ones), positional
  ** numerals, 成 over ten (one digit is not), 分 (only after Arabic digits) */
  if (cheng) mult *= 10;
  if (pk == K->di || (pk >= 'A' && pk <= 'Z') || (pk >= 'a' && pk <= 'z')) return uq;
  if (pk == '.' || pk == 0xEFBC8E) return uq;     /* .8万: a number that lost digits */
  if (pk == '-' || pk == 0xEFBC8D || pk == '/') {
    if (is_adigit(key_before(s, len, a - (pk > 127 ? 3 : 1), &st))) return uq;
  }
  if (pk == K->qian && (unit == ln->u.kou || unit == ln->u.ge)) return uq;   /* 前三名: a rank */
  /* not here: lead0 and bare (Arabic and unit-only numerals) */
  if (fin && unit != ln->u.money) return uq;
  if (onlyone && !fz && mult == 1) {
    if (infix) return uq;
    if (kin(ln, T_INDEF, key_at(s, len, up, &nx)))   /* an article, unless a count ends there: scan_at */
      return is_cjk(key_at(s, len, uq, &nx)) ? uq : 0;
    if (kin(ln, T_ONE_PREV, pk)) {              /* but 只有一个, 每周一次 count */
      if (pk == K->de && unit != ln->u.ge) return 0;   /* 过去的一年 or 最难忘的一年: scan_at */
      Key k2 = key_before(s, len, pkst, &st);
      if (!((pk == K->you2 && kin(ln, T_ONE_ONLY, k2)) || ((pk == K->zhou || pk == K->zhou2) && k2 == K->mei)))
        return uq;
    }
  }
  /* not here: 数 before a unit-first numeral */
  if (unit != ln->u.ge && unit != ln->u.kou) {   /* 八亩地村: a place's name, for scan_at */
    Key k1 = key_at(s, len, uq, &nx);
    if (is_cjk(k1) && kin(ln, T_PLACE_END, key_at(s, len, nx, &st))) return 0;
  }
  lua_Integer le = lexicon_at(ln, sj, a);
  if (le) return le > uq ? le : uq;
  if (in_short_quote(L, ln, sj, a, uq)) return uq;
  if (in_title(L, ln, sj, a)) return uq;
  int half = 0;
  if (key_at(s, len, uq, &nx) == K->ban && (ln->sflags[unit] & F_HALF)) { half = 1; uq += 3; }
  lua_Integer e = uq, n1, n2;
  int sq = 0;
  Key k1 = key_at(s, len, e, &n1);
  if (k1 == K->yi3) {
    Key k2 = key_at(s, len, n1, &n2);
    if (k2 == K->shang) { sq = ln->s_min; e = n2; }
    else if (k2 == K->xia) { sq = ln->s_max; e = n2; }
    else if (k2 == K->nei || k2 == K->nei2) { sq = ln->s_max; e = n2; }
  }
  else if (k1 == K->zuo && key_at(s, len, n1, &n2) == K->you) {
    sq = ln->s_approx; e = n1 + 3;
  }
  int pq = 0, jin = 0;
  lua_Integer pst = prefix_qual(ln, sj, pk, pkst, &pq, &jin);
  if (jin && (ln->sflags[unit] & F_TIME)) { pst = 0; pq = 0; }   /* 近三年: the last three years */
  int qual = pq ? pq : sq ? sq : (fz || xmin) ? ln->s_min : ln->s_exact;
  lua_Integer start = pst ? pst : a;
  if (e - 1 > len || uq - 1 > len) return 0;    /* cannot happen: every step read whole keys */
  lua_createtable(L, 0, 6);                     /* cn.lua's constructor, then value, multiplier */
  lua_pushinteger(L, start);
  lua_setfield(L, -2, "start");
  lua_pushinteger(L, e - 1);
  lua_setfield(L, -2, "stop");
  lua_pushlstring(L, (const char *)s + start - 1, (size_t)(e - start));
  lua_setfield(L, -2, "surface");
  lua_rawgeti(L, sj->stri, unit);
  lua_setfield(L, -2, "unit");
  lua_rawgeti(L, sj->stri, qual);
  lua_setfield(L, -2, "qualifier");
  lua_pushlstring(L, (const char *)s + up - 1, (size_t)(uq - up));
  lua_setfield(L, -2, "unit_written");
  if (half) lua_pushnumber(L, (lua_Number)(v * mult) + 0.5);
  else lua_pushinteger(L, v * mult);
  lua_setfield(L, -2, "value");
  lua_Integer mw = cheng ? mult / 10 : mult;
  if (mw > 1) {
    lua_pushinteger(L, mw);
    lua_setfield(L, -2, "multiplier");
  }
  lua_rawseti(L, outi, ++*nout);
  return e;
}

/* }====== */


/* {====== Lua functions ====== */

static Lanes *checklanes (lua_State *L) {
  return (Lanes *)luaL_checkudata(L, 1, AY_CN_LANES);
}

/* lanes:next_run(s [, init]) -> a, b | nil: QRUN_RE:find(s, init) */
static int lanes_next_run (lua_State *L) {
  const Lanes *ln = checklanes(L);
  size_t len, a, e;
  const char *s = luaL_checklstring(L, 2, &len);
  lua_Integer init = luaL_optinteger(L, 3, 1);
  luaL_argcheck(L, init >= 1, 3, "positive position expected");
  if ((lua_Unsigned)init - 1 > len) return 0;
  if (!nextrun(ln, (const unsigned char *)s, len, (size_t)init - 1, &a, &e)) return 0;
  lua_pushinteger(L, (lua_Integer)a + 1);
  lua_pushinteger(L, (lua_Integer)e);
  return 2;
}

/* lanes:quantities(s, out, general): see the header.  Raises what general
** raises, and when it returns something else than a position past the
** run it was given (the Lua loop would never end). */
static int lanes_quantities (lua_State *L) {
  const Lanes *ln = checklanes(L);
  size_t ulen;
  const char *str = luaL_checklstring(L, 2, &ulen);
  luaL_checktype(L, 3, LUA_TTABLE);
  luaL_checktype(L, 4, LUA_TFUNCTION);
  lua_settop(L, 4);
  lua_getiuservalue(L, 1, 1);                   /* 5: string table */
  lua_pushnil(L);                               /* 6: title spans, made on first need */
  lua_pushnil(L);                               /* 7: quotation spans, made on first need */
  Subject sj = { (const unsigned char *)str, (lua_Integer)ulen, 5, 6, 7, NULL, NULL };
  lua_Integer nout = (lua_Integer)lua_rawlen(L, 3);
  lua_Integer pos = 1;
  size_t a0, e0;
  while (pos <= sj.len && nextrun(ln, sj.s, ulen, (size_t)pos - 1, &a0, &e0)) {
    lua_Integer a = (lua_Integer)a0 + 1, b = (lua_Integer)e0;
    lua_Integer next = lane(L, ln, &sj, a, b, 3, &nout);
    if (next == 0) next = single(L, ln, &sj, a, b, 3, &nout);
    if (next == 0) {
      lua_pushvalue(L, 4);
      lua_pushinteger(L, a);
      lua_pushinteger(L, b);
      lua_call(L, 2, 1);
      int isint;
      next = lua_tointegerx(L, -1, &isint);
      lua_pop(L, 1);
      if (!isint || next <= a)
        return luaL_error(L, "cn.quantities: the general path stopped at byte %I", a);
      nout = (lua_Integer)lua_rawlen(L, 3);
    }
    pos = next;
  }
  return 0;
}

/* {------ new ------ */

/* the code point of a key of at most 3 bytes (class_of in cn.lua), or -1 */
static int32_t keycp (lua_Integer k) {
  char buf[3];
  size_t n;
  uint32_t cp;
  if (k >= 0 && k < 0x80) return (int32_t)k;
  if (k >= 0xC000 && k <= 0xFFFF) { buf[0] = (char)(k >> 8); buf[1] = (char)k; n = 2; }
  else if (k >= 0xE00000 && k <= 0xEFFFFF) {
    buf[0] = (char)(k >> 16); buf[1] = (char)(k >> 8); buf[2] = (char)k; n = 3;
  }
  else return -1;
  if ((size_t)ay_utf8_decode(buf, n, &cp) != n) return -1;
  return (int32_t)cp;
}

/* cfg[field] on the stack top, checked to be a table */
static void field (lua_State *L, const char *name) {
  if (lua_getfield(L, 2, name) != LUA_TTABLE) luaL_error(L, "cn_c.new: cfg.%s is not a table", name);
}

static Key tokey (lua_State *L, int idx, const char *name) {
  int isint;
  lua_Integer k = lua_tointegerx(L, idx, &isint);
  if (!isint) luaL_error(L, "cn_c.new: a key of cfg.%s is not an integer", name);
  return k;
}

/* index of the string at idx in the string table at 3 (strings are kept
** once; the map string -> index is at 4) */
static int addstr (lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  if (lua_type(L, idx) != LUA_TSTRING) luaL_error(L, "cn_c.new: a string expected");
  lua_pushvalue(L, idx);
  if (lua_rawget(L, 4) == LUA_TNUMBER) {
    int i = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    return i;
  }
  lua_pop(L, 1);
  int i = (int)lua_rawlen(L, 3) + 1;
  if (i > AY_CN_STRINGS) luaL_error(L, "cn_c.new: more than %d strings (AY_CN_STRINGS)", AY_CN_STRINGS);
  lua_pushvalue(L, idx);
  lua_rawseti(L, 3, i);
  lua_pushvalue(L, idx);
  lua_pushinteger(L, i);
  lua_rawset(L, 4);
  return i;
}

static int addlit (lua_State *L, const char *s) {
  lua_pushstring(L, s);
  int i = addstr(L, -1);
  lua_pop(L, 1);
  return i;
}

/* a set (t[k] = true) or a map to integers of cfg[name] into table t */
static void loadset (lua_State *L, Lanes *ln, const char *name, int t) {
  field(L, name);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    Key k = tokey(L, -2, name);
    lua_Integer v = 1;
    if (lua_isinteger(L, -1)) v = lua_tointeger(L, -1);
    else if (!lua_toboolean(L, -1)) luaL_error(L, "cn_c.new: cfg.%s holds a false value", name);
    kput(L, ln, t, k, v);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* a map key -> string of cfg[name] into table t (values: string indices) */
static void loadstrings (lua_State *L, Lanes *ln, const char *name, int t) {
  field(L, name);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    kput(L, ln, t, tokey(L, -2, name), addstr(L, -1));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* a map key -> set of cfg[name]: each set gets a table of its own */
static void loadsets (lua_State *L, Lanes *ln, const char *name, int t) {
  field(L, name);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    int set = ln->nsets++;
    if (set >= 0xFFFF) luaL_error(L, "cn_c.new: too many sets");
    kput(L, ln, t, tokey(L, -2, name), set);
    if (!lua_istable(L, -1)) luaL_error(L, "cn_c.new: cfg.%s holds a non-table", name);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      kput(L, ln, set, tokey(L, -2, name), 1);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* a set of cfg[name] into a bitmap of code points */
static void loadbits (lua_State *L, const char *name, uint8_t *bits) {
  field(L, name);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    int32_t cp = keycp(tokey(L, -2, name));
    if (cp < 0 || cp >= 0x10000) luaL_error(L, "cn_c.new: cfg.%s holds a key of no BMP character", name);
    if (lua_toboolean(L, -1)) bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* a written form {w, x, ...} at the stack top into forms: x is a canonical
** unit (canon) or the numeral's offset in a lexicon term */
static void addform (lua_State *L, Lanes *ln, int canon) {
  if (ln->nforms >= AY_CN_FORMS) luaL_error(L, "cn_c.new: more than %d written forms (AY_CN_FORMS)", AY_CN_FORMS);
  Form *f = &ln->forms[ln->nforms++];
  if (!lua_istable(L, -1)) luaL_error(L, "cn_c.new: a written form is not a table");
  lua_rawgeti(L, -1, 1);
  int w = addstr(L, -1);
  lua_pop(L, 1);
  lua_rawgeti(L, 3, w);                         /* the kept copy, which stays alive */
  f->w = lua_tolstring(L, -1, &f->wlen);
  lua_pop(L, 1);
  lua_rawgeti(L, -1, 2);
  if (canon) f->val = addstr(L, -1);
  else {
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 || lua_tointeger(L, -1) > 0xFFFF)
      luaL_error(L, "cn_c.new: a lexicon offset is not a small integer");
    f->val = (int)lua_tointeger(L, -1);
  }
  lua_pop(L, 1);
}

/* the list at the stack top into forms; its start << 16 | count */
static lua_Integer addlist (lua_State *L, Lanes *ln, int canon) {
  if (!lua_istable(L, -1)) luaL_error(L, "cn_c.new: a list of forms is not a table");
  lua_Integer n = (lua_Integer)lua_rawlen(L, -1), start = ln->nforms;
  if (n < 1 || n > 0xFFFF) luaL_error(L, "cn_c.new: a list of forms is empty or too long");
  for (lua_Integer j = 1; j <= n; j++) {
    lua_rawgeti(L, -1, j);
    addform(L, ln, canon);
    lua_pop(L, 1);
  }
  return start << 16 | n;
}

/* UNIT_AT, GE_AT: key -> { {written, canonical, bytes}, ... } in cn.lua's order */
static void loadunits (lua_State *L, Lanes *ln, const char *name, int t) {
  field(L, name);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    Key k = tokey(L, -2, name);
    kput(L, ln, t, k, addlist(L, ln, 1));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* LEX_AT: numeral -> next character (0: none) -> { {term, offset, bytes}, ... } */
static void loadlex (lua_State *L, Lanes *ln) {
  field(L, "lex_at");
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    int set = ln->nsets++;
    if (set >= 0xFFFF) luaL_error(L, "cn_c.new: too many sets");
    kput(L, ln, T_LEX, tokey(L, -2, "lex_at"), set);
    if (!lua_istable(L, -1)) luaL_error(L, "cn_c.new: cfg.lex_at holds a non-table");
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      Key nk = tokey(L, -2, "lex_at");
      kput(L, ln, set, nk, addlist(L, ln, 0));
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* a set of strings (canonical units) of cfg[name] into flag */
static void loadflags (lua_State *L, Lanes *ln, const char *name, int flag) {
  field(L, name);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    if (lua_toboolean(L, -1)) ln->sflags[addstr(L, -2)] |= (uint8_t)flag;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static Key getkey (lua_State *L, const char *name) {
  if (lua_getfield(L, -1, name) != LUA_TNUMBER || !lua_isinteger(L, -1))
    luaL_error(L, "cn_c.new: cfg.keys.%s is not an integer", name);
  Key k = lua_tointeger(L, -1);
  lua_pop(L, 1);
  return k;
}

/* the non-empty string at the stack top, popped: its index in the string
** table, and in *sp (when not NULL) the kept copy and its length */
static int keepstr (lua_State *L, const char *name, const char **sp, size_t *lenp) {
  if (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0)
    luaL_error(L, "cn_c.new: %s is not a non-empty string", name);
  int i = addstr(L, -1);
  lua_pop(L, 1);
  if (sp) {
    lua_rawgeti(L, 3, i);
    *sp = lua_tolstring(L, -1, lenp);
    lua_pop(L, 1);                              /* anchored in the string table */
  }
  return i;
}

static int getstr (lua_State *L, int idx, const char *name, const char **sp, size_t *lenp) {
  lua_getfield(L, idx, name);
  return keepstr(L, name, sp, lenp);
}

static lua_Integer getint (lua_State *L, int idx, const char *name) {
  if (lua_getfield(L, idx, name) != LUA_TNUMBER || !lua_isinteger(L, -1))
    luaL_error(L, "cn_c.new: %s is not an integer", name);
  lua_Integer v = lua_tointeger(L, -1);
  lua_pop(L, 1);
  return v;
}

/* cn_c.new(cfg) -> lanes; see the header for cfg (cn.lua builds it) */
static int cn_new (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  lua_pushvalue(L, 1);                          /* 2: cfg */
  lua_newtable(L);                              /* 3: string table */
  lua_newtable(L);                              /* 4: string -> index */
  Lanes *ln = (Lanes *)lua_newuserdatauv(L, sizeof(Lanes), 1);   /* 5 */
  memset(ln, 0, sizeof *ln);
  ln->nsets = T_FIRST_SET;
  luaL_setmetatable(L, AY_CN_LANES);
  lua_pushvalue(L, 3);
  lua_setiuservalue(L, 5, 1);
  lua_settop(L, 5);
  loadbits(L, "cand", ln->cand);
  loadbits(L, "follow", ln->follow);
  loadbits(L, "big_end", ln->bigend);
  loadbits(L, "big", ln->bigbits);
  loadbits(L, "dig19", ln->dig19);
  loadbits(L, "zero_prev", ln->zprev);
  loadbits(L, "dun_follow", ln->dun);
  loadbits(L, "dian_follow", ln->dian);
  loadbits(L, "digit", ln->digits);
  loadbits(L, "space_follow", ln->space);
  loadset(L, ln, "big", T_BIG);
  loadset(L, ln, "fuzz", T_FUZZ);
  loadstrings(L, ln, "lane_unit", T_UNIT);
  loadstrings(L, ln, "lane_written", T_WRITTEN);
  loadsets(L, ln, "next_bad", T_NEXT_BAD);
  loadsets(L, ln, "lane_stop", T_STOP);
  loadunits(L, ln, "unit_at", T_UNIT_AT);
  loadunits(L, ln, "ge_at", T_GE_AT);
  loadset(L, ln, "lane_prev", T_PREV);
  loadset(L, ln, "prefix_end", T_PREFIX_END);
  loadset(L, ln, "yue_word", T_YUE_WORD);
  loadset(L, ln, "jin_word", T_JIN_WORD);
  loadset(L, ln, "digit", T_DIGIT);
  loadset(L, ln, "fin", T_FIN);
  loadset(L, ln, "range_sep", T_RANGE_SEP);
  loadset(L, ln, "cheng_bad", T_CHENG_BAD);
  loadset(L, ln, "kou_thing", T_KOU_THING);
  loadset(L, ln, "indef", T_INDEF);
  loadset(L, ln, "one_prev", T_ONE_PREV);
  loadset(L, ln, "after_unit", T_AFTER);
  loadset(L, ln, "single_next", T_SNEXT);
  loadset(L, ln, "single_prev", T_SPREV);
  loadset(L, ln, "single_digit", T_SDIGIT);
  loadset(L, ln, "one_only", T_ONE_ONLY);
  loadset(L, ln, "place_end", T_PLACE_END);
  loadlex(L, ln);
  loadflags(L, ln, "time_unit", F_TIME);
  loadflags(L, ln, "half_unit", F_HALF);
  loadflags(L, ln, "infix_unit", F_INFIX);
  loadflags(L, ln, "general_unit", F_GENERAL);
  loadflags(L, ln, "money_tail", F_MONEY_TAIL);
  field(L, "keys");
  Keys *K = &ln->k;
  K->nian = getkey(L, "nian"); K->fen = getkey(L, "fen"); K->ren = getkey(L, "ren");
  K->ci = getkey(L, "ci"); K->ban = getkey(L, "ban"); K->yi3 = getkey(L, "yi3");
  K->shang = getkey(L, "shang"); K->xia = getkey(L, "xia"); K->nei = getkey(L, "nei");
  K->nei2 = getkey(L, "nei2"); K->zuo = getkey(L, "zuo"); K->you = getkey(L, "you");
  K->yue = getkey(L, "yue"); K->yue2 = getkey(L, "yue2"); K->da = getkey(L, "da");
  K->jin = getkey(L, "jin"); K->yu3 = getkey(L, "yu3"); K->guo = getkey(L, "guo");
  K->guo2 = getkey(L, "guo2"); K->chao = getkey(L, "chao"); K->chao2 = getkey(L, "chao2");
  K->bu = getkey(L, "bu"); K->po = getkey(L, "po"); K->tu = getkey(L, "tu");
  K->dao = getkey(L, "dao"); K->zu = getkey(L, "zu");
  K->ge = getkey(L, "ge"); K->ge2 = getkey(L, "ge2"); K->cheng = getkey(L, "cheng");
  K->kou = getkey(L, "kou"); K->qi = getkey(L, "qi"); K->month = getkey(L, "month");
  K->zhi = getkey(L, "zhi"); K->zhong = getkey(L, "zhong"); K->zhong2 = getkey(L, "zhong2");
  K->xiao = getkey(L, "xiao"); K->one = getkey(L, "one"); K->di = getkey(L, "di");
  K->jie = getkey(L, "jie"); K->bi = getkey(L, "bi"); K->jiang = getkey(L, "jiang"); K->jiang2 = getkey(L, "jiang2");
  K->you2 = getkey(L, "you2"); K->mei = getkey(L, "mei"); K->zhou = getkey(L, "zhou"); K->zhou2 = getkey(L, "zhou2");
  K->de = getkey(L, "de"); K->qian = getkey(L, "qian");
  lua_pop(L, 1);
  field(L, "unit_of");
  UnitOf *U = &ln->u;
  U->month = getstr(L, -1, "month", NULL, NULL); U->ge = getstr(L, -1, "ge", NULL, NULL);
  U->cheng = getstr(L, -1, "cheng", NULL, NULL); U->fenzhong = getstr(L, -1, "fenzhong", NULL, NULL);
  U->fen = getstr(L, -1, "fen", NULL, NULL); U->kou_thing = getstr(L, -1, "kou_thing", NULL, NULL);
  U->kou = getstr(L, -1, "kou", NULL, NULL); U->qi = getstr(L, -1, "qi", NULL, NULL);
  U->renci = getstr(L, -1, "renci", NULL, NULL); U->money = getstr(L, -1, "money", NULL, NULL);
  lua_pop(L, 1);
  field(L, "title");
  Marks *t = &ln->title;
  getstr(L, -1, "open", &t->open, &t->olen);
  getstr(L, -1, "close", &t->close, &t->clen);
  t->max = getint(L, -1, "max");
  lua_pop(L, 1);
  lua_Integer qmax = getint(L, 2, "quote_max");
  field(L, "quotes");
  lua_Integer nq = (lua_Integer)lua_rawlen(L, -1);
  if (nq > AY_CN_QUOTES) luaL_error(L, "cn_c.new: more than %d quotation marks (AY_CN_QUOTES)", AY_CN_QUOTES);
  for (lua_Integer i = 1; i <= nq; i++) {
    Marks *m = &ln->quotes[ln->nquotes++];
    if (lua_rawgeti(L, -1, i) != LUA_TTABLE) luaL_error(L, "cn_c.new: a quotation pair is not a table");
    lua_rawgeti(L, -1, 1);
    keepstr(L, "a quotation mark", &m->open, &m->olen);
    lua_rawgeti(L, -1, 2);
    keepstr(L, "a quotation mark", &m->close, &m->clen);
    m->max = qmax;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  ln->s_min = addlit(L, "min");
  ln->s_max = addlit(L, "max");
  ln->s_approx = addlit(L, "approx");
  ln->s_exact = addlit(L, "exact");
  lua_settop(L, 5);
  return 1;
}

/* }------ */

static const luaL_Reg lanes_methods[] = {
  {"next_run", lanes_next_run},
  {"quantities", lanes_quantities},
  {NULL, NULL}
};

static const luaL_Reg cn_funcs[] = {
  {"new", cn_new},
  {NULL, NULL}
};

/* }====== */

int luaopen_assay_cn_c (lua_State *L) {
  luaL_newmetatable(L, AY_CN_LANES);
  luaL_newlib(L, lanes_methods);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  luaL_newlib(L, cn_funcs);
  return 1;
}
