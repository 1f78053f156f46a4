/*
** lac.c: require "assay.prefilter" -- required literals of PCRE2 patterns
** and one Aho-Corasick automaton per rule set, so that a document's
** segments are scanned once for every rule's literals and a rule's pattern
** runs only in the segments where one of its literals occurs.
**
** Lua names:
**   prefilter.literals(pattern [, flags]) -> {literals} | nil
**     a set of byte strings such that every match of the pattern contains
**     at least one of them; nil when the analysis finds none (or gives up:
**     flag x, inline flags other than i m s U, backreferences,
**     recursion, conditionals, (*VERBS), \Q..\E with a quantifier, anything
**     it does not know).  Lookarounds count as empty: what they test may
**     lie outside the segment.  Where the pattern is case-blind (flag i,
**     (?i), (?i:...)) a letter stands for each of its case forms (k and s
**     for the Kelvin and long-s signs too, as PCRE2's UTF caseless does),
**     and a character outside the scripts known to have no case for
**     nothing.
**   prefilter.new(list [, opts]) -> automaton ("assay.prefilter")
**     list[i] (i = 1..n, the rule's index) = an array of literals, or
**     false: rule i has none and always runs.  opts.backend: "auto" (nil:
**     "ac" unless AUTO_HS), "ac" or "hs" (Vectorscan, lhs.c, loaded then:
**     an error when not built in or not loadable); for hs, opts.patterns[i] and opts.flags[i] are rule i's
**     pattern and re.compile flags (the rules whose pattern Vectorscan takes
**     are filtered by it; docs/internals.md, "The prefilter's backends").
**   prefilter.backends() -> {"ac" [, "hs"]}, Vectorscan's version | nil
**     (loads Vectorscan)
**   a:scan(s, spans) -> hits: which rules' literals (or patterns) occur in
**     each segment of the packed spans (text.spans' int32 pairs, 1-based
**     inclusive), as a string of one bit row per segment.
**   a:spans(hits, spans, i) -> spans', skipped: the spans of rule i with
**     every segment where none of its literals occurs replaced by an empty
**     span (1, 0), so segment numbers stay; "" when no segment is left;
**     spans itself (skipped 0) when rule i has no literals.
**   a:rules() -> n, rules with literals, states
**   a:backend() -> "ac" | "hs", rules filtered by their pattern, by their
**     literals, not at all
**   prefilter.words(list) -> word set ("assay.words")
**   ws:find_all(s [, init]) -> {start1, stop1, ...}: the leftmost-longest
**     occurrences of the words, one after the other (not overlapping),
**     starting only where a UTF-8 character may start (not at a
**     continuation byte); what gfind of an alternation of the words, the
**     longer first, finds (assay.places' short forms).
**   ws:first(s [, i [, j]]) -> k, pos | nil: the first word of the list
**     (lowest k) that occurs in s[i..j], and where it first occurs: what
**     a loop of string.find(s, list[k], 1, true) over k = 1..n returns.
**   ws:count(s [, i [, j]]) -> n: the occurrences of every word, each word's
**     counted one after the other (not overlapping itself), summed: what a
**     loop of plain finds per word counts (a word listed twice counts once).
**   ws:last_end(s [, i [, j]]) -> e, a: the byte where the last-ending of
**     those occurrences ends (i - 1 when none occurs), and where the
**     last-starting one starts (nil when none).
**     These three try every byte of s[i..j] as a start, as string.find does.
**   prefilter.dict(t) -> dictionary ("assay.dict"): t's string keys and
**     their integer values (true: 1), looked up in C by a range of a text
**   d:get(s [, i [, j]]) -> the value of s[i..j] (string.sub's range) | nil
**   d:before_hits(s, ws, ks, want [, tails [, outside]]) -> {a, b, w, st, ...}:
**     each occurrence of ws's words (as find_all), its list index, and the
**     start of the longest key ending with it (or right before it) that
**     lies at most ks[w] CJK ideographs before it (assay.places' names
**     before administrative suffixes and zone words; see below).
**
** A segment is scanned over the bytes the pattern scan sees
** (lre.c scanloop: from its start to the character start at or after its
** end), so a segment skipped here could not have matched.
**
** Limits: AC_MAXSET literals per set and AC_MAXLIT bytes per literal while
** analysing (longer ones are cut: a part of a required literal is still
** required), AC_MAXDEPTH nested groups, AC_MAXCELLS transition cells.
*/
#include <stdlib.h>
#include <string.h>

#include "assay.h"

#define AY_PREFILTER "assay.prefilter"

#define AC_MAXSET 16
#define AC_MAXLIT 48
#define AC_MAXDEPTH 32
#define AC_MAXCELLS (16u << 20)

/* "auto" picks Vectorscan when 1 and this build has it and the CPU runs
** it: 0, measured slower on the bench's T3 (docs/internals.md) */
#define AUTO_HS 0

/*
** {======================================================
** Required literals
** =======================================================
*/

typedef struct Lits {
  int n;                              /* number of strings */
  unsigned char len[AC_MAXSET];
  char s[AC_MAXSET][AC_MAXLIT];
} Lits;

/* What one piece of a pattern guarantees about its matches. */
typedef struct Info {
  int exact;                          /* every match is one of ex */
  Lits ex;
  int hasreq;                         /* every match contains one of req */
  Lits req;
} Info;

typedef struct Parser {
  const unsigned char *p, *end;
  int fail;                           /* gave up: no literal */
  int bare;                           /* the last group was a comment or an option
                                      ** setting: a quantifier after it would apply
                                      ** to the item before */
  int depth;
  int nohs;                           /* not for Vectorscan whole: an assertion that may
                                      ** look outside a match (^ $ \b \B \A \z \Z \G \K,
                                      ** lookarounds), or what rests on Unicode's tables,
                                      ** whose version Vectorscan need not share (\p \P
                                      ** \X), or \R; or a case-blind part (Unicode's case
                                      ** forms again) */
  int caseless;                       /* here the pattern is case-blind */
} Parser;

static void lits_empty (Lits *l) { l->n = 1; l->len[0] = 0; }

static int lits_has (const Lits *l, const char *s, size_t len) {
  for (int i = 0; i < l->n; i++)
    if (l->len[i] == len && memcmp(l->s[i], s, len) == 0) return 1;
  return 0;
}

/* Adds s to l (no duplicates); 0 when l is full. */
static int lits_add (Lits *l, const char *s, size_t len) {
  if (len > AC_MAXLIT) len = AC_MAXLIT;
  if (lits_has(l, s, len)) return 1;
  if (l->n >= AC_MAXSET) return 0;
  memcpy(l->s[l->n], s, len);
  l->len[l->n++] = (unsigned char)len;
  return 1;
}

/* a := a x b (every string of a followed by every string of b); 0 (a
** unchanged) when the result would not fit. */
static int lits_concat (Lits *a, const Lits *b) {
  if (a->n * b->n > AC_MAXSET) return 0;
  for (int i = 0; i < a->n; i++)
    for (int j = 0; j < b->n; j++)
      if (a->len[i] + b->len[j] > AC_MAXLIT) return 0;
  Lits r;
  r.n = 0;
  for (int i = 0; i < a->n; i++)
    for (int j = 0; j < b->n; j++) {
      char buf[2 * AC_MAXLIT];
      memcpy(buf, a->s[i], a->len[i]);
      memcpy(buf + a->len[i], b->s[j], b->len[j]);
      lits_add(&r, buf, (size_t)a->len[i] + b->len[j]);
    }
  *a = r;
  return 1;
}

/* The worth of a literal set as a filter: its shortest string's length (0:
** it holds the empty string, no filter at all). */
static int lits_score (const Lits *l) {
  int m = AC_MAXLIT + 1;
  for (int i = 0; i < l->n; i++) if (l->len[i] < m) m = l->len[i];
  return l->n == 0 ? 0 : m;
}

/* best := cand when cand is a better required set. */
static void consider (Info *out, const Lits *cand) {
  int sc = lits_score(cand);
  if (sc == 0) return;
  if (out->hasreq) {
    int sb = lits_score(&out->req);
    if (sb > sc || (sb == sc && out->req.n <= cand->n)) return;
  }
  out->req = *cand;
  out->hasreq = 1;
}

/* a := matches exactly s; a text too long for a literal is only
** required, by its first AC_MAXLIT bytes. */
static void setexact1 (Info *a, const char *s, size_t len) {
  memset(a, 0, sizeof *a);
  if (len > AC_MAXLIT) {
    a->hasreq = 1;
    lits_add(&a->req, s, AC_MAXLIT);
    return;
  }
  a->exact = 1;
  lits_add(&a->ex, s, len);
}

static void setany (Info *a) { memset(a, 0, sizeof *a); }

/* The code point of the UTF-8 character s[0..n-1] (n from charlen or
** utf8enc; a stray byte is itself). */
static uint32_t decode (const unsigned char *s, int n) {
  if (n == 1) return s[0];
  uint32_t c = s[0] & (0x7F >> n);
  for (int i = 1; i < n; i++) c = c << 6 | (s[i] & 0x3F);
  return c;
}

/* Has code point c no other case for PCRE2's UTF caseless matching?  ASCII
** but letters, and the blocks of CJK text and punctuation (not the
** full-width Latin letters); everything else is taken to have one. */
static int caseblind (uint32_t c) {
  if (c < 0x80) return !((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  return (c >= 0xA0 && c <= 0xBF && c != 0xB5) ||          /* Latin-1 signs, not the micro sign */
         (c >= 0x2000 && c <= 0x206F) ||                   /* general punctuation */
         (c >= 0x2E80 && c <= 0x30FF) ||                   /* radicals, CJK punctuation, kana */
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF00 && c <= 0xFFEF && !(c >= 0xFF21 && c <= 0xFF3A) && !(c >= 0xFF41 && c <= 0xFF5A)) ||
         (c >= 0x20000 && c <= 0x3FFFF);
}

/* The forms of character s[0..n-1] a case-blind match may meet, into l
** (whatever l held stays); 0 when they are not known. */
static int caseforms (Lits *l, const char *s, int n) {
  uint32_t c = decode((const unsigned char *)s, n);
  if (caseblind(c)) return lits_add(l, s, (size_t)n);
  if (c >= 0x80) return 0;
  char lo = (char)(c | 0x20), up = (char)(c & ~0x20u);
  if (!lits_add(l, &lo, 1) || !lits_add(l, &up, 1)) return 0;
  if (lo == 'k') return lits_add(l, "\xE2\x84\xAA", 3);      /* KELVIN SIGN */
  if (lo == 's') return lits_add(l, "\xC5\xBF", 2);           /* LATIN SMALL LETTER LONG S */
  return 1;
}

/* a := matches the character s[0..n-1], in its case forms where the
** pattern is case-blind (anything, when they are not known). */
static void setchar (Parser *P, Info *a, const char *s, int n) {
  if (!P->caseless) { setexact1(a, s, (size_t)n); return; }
  setany(a);
  Lits f;
  f.n = 0;
  if (caseforms(&f, s, n)) { a->exact = 1; a->ex = f; a->hasreq = 1; a->req = f; }
}

static int utf8enc (uint32_t cp, char *out) {
  if (cp < 0x80) { out[0] = (char)cp; return 1; }
  if (cp < 0x800) { out[0] = (char)(0xC0 | cp >> 6); out[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | cp >> 12); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  if (cp > 0x10FFFF) return 0;
  out[0] = (char)(0xF0 | cp >> 18); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

static int hexval (int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static int isalnumc (int c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Length of the UTF-8 character at p (1 for a stray byte). */
static int charlen (const unsigned char *p, const unsigned char *end) {
  int n = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
  if (end - p < n) return 1;
  for (int i = 1; i < n; i++) if ((p[i] & 0xC0) != 0x80) return 1;
  return n;
}

/* An escape after the backslash (P->p at the letter): a literal character
** (its UTF-8 in buf, length returned), -1 for a zero-width assertion, -2
** for a class of characters; sets fail for what is not understood. */
static int escape (Parser *P, char *buf) {
  if (P->p >= P->end) { P->fail = 1; return -2; }
  int c = *P->p++;
  switch (c) {
    case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G': case 'K': return -1;
    case 'd': case 'D': case 'w': case 'W': case 's': case 'S': case 'h': case 'H':
    case 'v': case 'V': return -2;
    case 'R': case 'X': P->nohs = 1; return -2;
    case 'N':
      if (P->p < P->end && *P->p == '{') { P->fail = 1; return -2; }
      return -2;
    case 'p': case 'P':
      P->nohs = 1;
      if (P->p < P->end && *P->p == '{') {
        while (P->p < P->end && *P->p != '}') P->p++;
        if (P->p >= P->end) { P->fail = 1; return -2; }
        P->p++;
      }
      else if (P->p < P->end) P->p++;
      else P->fail = 1;
      return -2;
    case 'n': buf[0] = '\n'; return 1;
    case 't': buf[0] = '\t'; return 1;
    case 'r': buf[0] = '\r'; return 1;
    case 'f': buf[0] = '\f'; return 1;
    case 'e': buf[0] = 27; return 1;
    case 'a': buf[0] = 7; return 1;
    case 'x': {
      uint32_t cp = 0;
      if (P->p < P->end && *P->p == '{') {
        int nd = 0;
        P->p++;
        while (P->p < P->end && hexval(*P->p) >= 0 && nd < 8) { cp = cp * 16 + (uint32_t)hexval(*P->p++); nd++; }
        if (nd == 0 || P->p >= P->end || *P->p != '}') { P->fail = 1; return -2; }
        P->p++;
      }
      else
        for (int nd = 0; nd < 2 && P->p < P->end && hexval(*P->p) >= 0; nd++)
          cp = cp * 16 + (uint32_t)hexval(*P->p++);
      int n = utf8enc(cp, buf);
      if (n == 0) { P->fail = 1; return -2; }
      return n;
    }
    default:
      if (c >= 0x80) {                      /* an escaped non-ASCII character: itself */
        P->p--;
        int n = charlen(P->p, P->end);
        memcpy(buf, P->p, (size_t)n);
        P->p += n;
        return n;
      }
      if (isalnumc(c)) { P->fail = 1; return -2; }   /* backreferences, \c, \o, \g, \k, octal... */
      buf[0] = (char)c;                     /* escaped punctuation or space */
      return 1;
  }
}

/* A character class, P->p after '['.  Exact when it is a short list of
** plain characters (no negation, range, escape or POSIX class). */
static void charclass (Parser *P, Info *a) {
  setany(a);
  Lits set;
  set.n = 0;
  int plain = 1;
  if (P->p < P->end && *P->p == '^') { plain = 0; P->p++; }
  int first = 1, closed = 0;
  while (P->p < P->end) {
    unsigned char c = *P->p;
    if (c == ']' && !first) { P->p++; closed = 1; break; }
    first = 0;
    if (c == '\\') {
      plain = 0;
      P->p++;
      if (P->p >= P->end) { P->fail = 1; return; }
      if (*P->p == 'Q' || *P->p == 'E') { P->fail = 1; return; }
      if (*P->p == 'p' || *P->p == 'P') P->nohs = 1;
      if ((*P->p == 'x' || *P->p == 'p' || *P->p == 'P' || *P->p == 'N' || *P->p == 'o') &&
          P->p + 1 < P->end && P->p[1] == '{') {
        while (P->p < P->end && *P->p != '}') P->p++;
        if (P->p >= P->end) { P->fail = 1; return; }
      }
      P->p++;
      continue;
    }
    if (c == '[' && P->p + 1 < P->end && (P->p[1] == ':' || P->p[1] == '.' || P->p[1] == '=')) {
      /* [:name:] and the like, names of letters only: anything else is
      ** read differently by PCRE2 than here, so give up */
      plain = 0;
      const unsigned char *q = P->p + 2;
      if (q < P->end && *q == '^') q++;
      while (q < P->end && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))) q++;
      if (q + 1 >= P->end || q[0] != P->p[1] || q[1] != ']') { P->fail = 1; return; }
      P->p = q + 2;
      continue;
    }
    if (c == '-' ) plain = 0;              /* a range, or a '-' we need not tell apart */
    int n = charlen(P->p, P->end);
    if (plain && !(P->caseless ? caseforms(&set, (const char *)P->p, n)
                               : lits_add(&set, (const char *)P->p, (size_t)n))) plain = 0;
    P->p += n;
  }
  if (!closed) { P->fail = 1; return; }
  if (plain && set.n > 0) { a->exact = 1; a->ex = set; a->hasreq = 1; a->req = set; }
}

static void alternation (Parser *P, Info *out);

/* After '(': a group's body and its ')'.  Lookarounds, comments and
** option settings match the empty text. */
static void group (Parser *P, Info *a) {
  setany(a);
  if (++P->depth > AC_MAXDEPTH) { P->fail = 1; return; }
  int look = 0, caseless = P->caseless;    /* an option set inside holds to the group's end */
  if (P->p < P->end && *P->p == '*') { P->fail = 1; return; }   /* (*VERB), (*atomic: ... */
  if (P->p < P->end && *P->p == '?') {
    P->p++;
    if (P->p >= P->end) { P->fail = 1; return; }
    unsigned char c = *P->p;
    if (c == ':' || c == '>' || c == '|') P->p++;
    else if (c == '=' || c == '!') { P->p++; look = 1; }
    else if (c == '<' && P->p + 1 < P->end && (P->p[1] == '=' || P->p[1] == '!')) { P->p += 2; look = 1; }
    else if (c == '<' || c == '\'' || (c == 'P' && P->p + 1 < P->end && P->p[1] == '<')) {
      unsigned char close = c == '\'' ? '\'' : '>';
      P->p += c == 'P' ? 2 : 1;             /* past the opening ' < or P< */
      while (P->p < P->end && *P->p != close) P->p++;
      if (P->p >= P->end) { P->fail = 1; return; }
      P->p++;
    }
    else if (c == '#') {
      while (P->p < P->end && *P->p != ')') P->p++;
      if (P->p >= P->end) { P->fail = 1; return; }
      P->p++;
      setexact1(a, "", 0);
      P->bare = 1;
      P->depth--;
      return;
    }
    else {                                  /* option letters: m s U change nothing here, i case */
      int on = 1, ci = P->caseless;
      if (*P->p == '^') { ci = 0; P->p++; }   /* (?^): all off */
      for (; P->p < P->end && strchr("msUi-", *P->p) != NULL; P->p++)
        if (*P->p == '-') on = 0;
        else if (*P->p == 'i') ci = on;
      if (P->p >= P->end || (*P->p != ')' && *P->p != ':')) { P->fail = 1; return; }
      if (ci) P->nohs = 1;
      if (*P->p++ == ')') {                 /* (?i): to the end of the enclosing group */
        P->caseless = ci;
        setexact1(a, "", 0);
        P->bare = 1;
        P->depth--;
        return;
      }
      P->caseless = ci;                     /* (?i:...) */
    }
  }
  Info body;
  alternation(P, &body);
  P->caseless = caseless;
  if (P->fail) return;
  if (P->p >= P->end || *P->p != ')') { P->fail = 1; return; }
  P->p++;
  P->depth--;
  if (look) { setexact1(a, "", 0); P->nohs = 1; }   /* zero-width; its text may lie outside the segment */
  else *a = body;
}

/* A quantifier after an atom: its minimum (-1: none there); *more: the
** maximum is above the minimum. */
static long quantifier (Parser *P, int *more) {
  *more = 0;
  if (P->p >= P->end) return -1;
  long min;
  unsigned char c = *P->p;
  if (c == '*') { P->p++; min = 0; *more = 1; }
  else if (c == '+') { P->p++; min = 1; *more = 1; }
  else if (c == '?') { P->p++; min = 0; *more = 1; }
  else if (c == '{') {
    const unsigned char *q = P->p + 1;
    long a = 0, b = -1;
    int nd = 0;
    while (q < P->end && *q >= '0' && *q <= '9') { if (a < 100000) a = a * 10 + (*q - '0'); q++; nd++; }
    if (nd == 0 || q >= P->end) { P->fail = 1; return -1; }
    if (*q == ',') {
      q++;
      int nd2 = 0;
      b = 0;
      while (q < P->end && *q >= '0' && *q <= '9') { if (b < 100000) b = b * 10 + (*q - '0'); q++; nd2++; }
      if (nd2 == 0) b = -2;               /* {n,}: no maximum */
    }
    else b = a;
    if (q >= P->end || *q != '}') { P->fail = 1; return -1; }
    P->p = q + 1;
    min = a;
    *more = b != a;
  }
  else return -1;
  if (P->p < P->end && (*P->p == '?' || *P->p == '+')) P->p++;   /* lazy, possessive */
  return min;
}

/* One branch: items up to '|', ')' or the end. */
static void sequence (Parser *P, Info *out) {
  setany(out);
  Lits run;                                 /* the exact text matched since the last break */
  lits_empty(&run);
  int allexact = 1;
  while (P->p < P->end && !P->fail && *P->p != '|' && *P->p != ')') {
    Info a;
    unsigned char c = *P->p;
    int quotable = 1;
    P->bare = 0;
    if (c == '(') { P->p++; group(P, &a); quotable = !P->bare; }
    else if (c == '[') { P->p++; charclass(P, &a); }
    else if (c == '.') { P->p++; setany(&a); }
    else if (c == '^' || c == '$') { P->p++; setexact1(&a, "", 0); P->nohs = 1; }
    else if (c == '*' || c == '+' || c == '?' || c == '{') { P->fail = 1; break; }
    else if (c == '\\') {
      P->p++;
      if (P->p < P->end && *P->p == 'Q') {  /* \Q...\E: literal text, no quantifier after */
        const unsigned char *q = ++P->p;
        int blind = 1;                      /* case-blind, all of it has one case */
        while (q < P->end && !(q[0] == '\\' && q + 1 < P->end && q[1] == 'E')) {
          int n = charlen(q, P->end);
          if (P->caseless && !caseblind(decode(q, n))) blind = 0;
          q += n;
        }
        if (blind) setexact1(&a, (const char *)P->p, (size_t)(q - P->p));
        else setany(&a);
        P->p = q < P->end ? q + 2 : q;
        quotable = 0;
      }
      else if (P->p < P->end && *P->p == 'E') { P->p++; continue; }
      else {
        char buf[4];
        int n = escape(P, buf);
        if (n == -1) { setexact1(&a, "", 0); P->nohs = 1; }
        else if (n == -2) setany(&a);
        else setchar(P, &a, buf, n);
      }
    }
    else {
      int n = charlen(P->p, P->end);
      setchar(P, &a, (const char *)P->p, n);
      P->p += n;
    }
    if (P->fail) break;
    int more;
    long min = quantifier(P, &more);
    if (P->fail) break;
    if (min >= 0 && !quotable) { P->fail = 1; break; }
    if (min < 0) { min = 1; more = 0; }
    if (a.exact && min > 0) {
      long reps = min > 8 ? 8 : min;
      for (long k = 0; k < reps; k++)
        if (!lits_concat(&run, &a.ex)) {    /* too many or too long: start again here */
          consider(out, &run);
          run = a.ex;
          allexact = 0;
        }
      if (more || reps < min) { consider(out, &run); lits_empty(&run); allexact = 0; }
    }
    else {
      if (min > 0 && a.hasreq) consider(out, &a.req);
      consider(out, &run);
      lits_empty(&run);
      allexact = 0;
    }
  }
  consider(out, &run);
  if (allexact) { out->exact = 1; out->ex = run; }
}

/* Branches separated by '|', up to ')' or the end. */
static void alternation (Parser *P, Info *out) {
  sequence(P, out);
  while (!P->fail && P->p < P->end && *P->p == '|') {
    P->p++;
    Info b;
    sequence(P, &b);
    if (P->fail) return;
    if (out->exact && b.exact) {
      for (int i = 0; i < b.ex.n && out->exact; i++)
        if (!lits_add(&out->ex, b.ex.s[i], b.ex.len[i])) out->exact = 0;
    }
    else out->exact = 0;
    if (out->hasreq && b.hasreq) {
      for (int i = 0; i < b.req.n && out->hasreq; i++)
        if (!lits_add(&out->req, b.req.s[i], b.req.len[i])) out->hasreq = 0;
    }
    else out->hasreq = 0;
  }
}

/* Does the analysis read all of pattern p (whatever its literals), with
** nothing in it that Parser.nohs names?  The Vectorscan backend gets only
** such patterns whole: their syntax means the same to PCRE2 and to
** Vectorscan, or Vectorscan rejects it; whether a piece of the text matches
** does not depend on what surrounds it (so one scan of the whole text finds
** every match a segment holds); no Unicode table decides a match. */
static int understood (const char *p, size_t len) {
  Parser P = { (const unsigned char *)p, (const unsigned char *)p + len, 0, 0, 0, 0, 0 };
  Info top;
  alternation(&P, &top);
  return !P.fail && P.p == P.end && !P.nohs;
}

/* The required literals of pattern p (with re.compile flags fl) into *out;
** 0 when there are none. */
static int required (const char *p, size_t len, const char *fl, Lits *out) {
  Parser P = { (const unsigned char *)p, (const unsigned char *)p + len, 0, 0, 0, 0, 0 };
  for (const char *c = fl; *c; c++) {
    if (*c == 'x') return 0;                /* extended: spaces are not literal */
    if (*c == 'i') P.caseless = 1;
  }
  Info top;
  alternation(&P, &top);
  if (P.fail || P.p != P.end || !top.hasreq || lits_score(&top.req) == 0) return 0;
  *out = top.req;
  return 1;
}

/* prefilter.literals(pattern [, flags]) -> {literals} | nil */
static int pf_literals (lua_State *L) {
  size_t len;
  const char *p = luaL_checklstring(L, 1, &len);
  const char *fl = luaL_optstring(L, 2, "");
  Lits *l = (Lits *)lua_newuserdatauv(L, sizeof(Lits), 0);   /* too big for the C stack's taste */
  if (!required(p, len, fl, l)) { lua_pushnil(L); return 1; }
  lua_createtable(L, l->n, 0);
  for (int i = 0; i < l->n; i++) {
    lua_pushlstring(L, l->s[i], l->len[i]);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}
/* }====================================================== */


/*
** {======================================================
** The automaton
** =======================================================
*/

/* One userdata: the header, then delta (nstates x ncls uint32), the output
** lists and the per-rule flags. */
typedef struct Auto {
  int nrules;                 /* rules 0 .. nrules-1 */
  int nlit;                   /* rules that have literals */
  uint32_t nstates, ncls;
  unsigned char cls[256];     /* byte -> class */
  uint32_t *delta;            /* [state * ncls + class] -> next state * ncls, shifted
                              ** left once, | 1 when it has outputs (after new) */
  int32_t *out;               /* [state]: first output entry, -1 none */
  int32_t *dict;              /* [state]: nearest proper suffix state with outputs, -1 none */
  int32_t *hit;               /* [state]: itself when it has outputs, else dict */
  int32_t *orule, *onext;     /* output entries: rule, next entry */
  unsigned char *haslit;      /* [rule] */
  unsigned char *how;         /* [rule] its filter: HOW_* */
  int backend;                /* BACKEND_AC or BACKEND_HS: which scan runs */
  int nby[4];                 /* rules by HOW_* */
  AyHs *hs;                   /* the Vectorscan database and scratch, or NULL */
} Auto;

/* How a rule is filtered: not at all (it runs in every segment), by its
** literals in the automaton, by its pattern in Vectorscan, by its literals
** in Vectorscan (a pattern Vectorscan rejects). */
enum { HOW_ALWAYS, HOW_AC, HOW_HS, HOW_HSLIT };
enum { BACKEND_AC, BACKEND_HS };
static const char *const BACKENDS[] = { "ac", "hs" };

static Auto *toauto (lua_State *L, int i) {
  return (Auto *)luaL_checkudata(L, i, AY_PREFILTER);
}

/* The backend opts.backend asks for (nil: "auto"); raises for an unknown
** one and for "hs" in a build without Vectorscan. */
static int askedbackend (lua_State *L) {
  if (lua_type(L, 2) != LUA_TTABLE) return -1;
  int t = lua_getfield(L, 2, "backend");
  const char *b = t == LUA_TNIL ? "auto" : lua_tostring(L, -1);
  if (t != LUA_TNIL && t != LUA_TSTRING) b = "?";
  lua_pop(L, 1);
  if (strcmp(b, "auto") == 0) return -1;
  if (strcmp(b, "ac") == 0) return BACKEND_AC;
  if (strcmp(b, "hs") == 0) {
    const char *why = ay_hs_ready();
    if (why) luaL_error(L, "prefilter backend 'hs' (Vectorscan): %s", why);
    return BACKEND_HS;
  }
  return luaL_error(L, "unknown prefilter backend '%s' (auto, ac or hs)", b);
}

/* Field f of opts (stack index 2), rule i: a string, or NULL. */
static const char *optstring (lua_State *L, const char *f, lua_Integer i, size_t *len) {
  const char *r = NULL;
  if (lua_type(L, 2) != LUA_TTABLE) return NULL;
  if (lua_getfield(L, 2, f) == LUA_TTABLE) {
    if (lua_rawgeti(L, -1, i) == LUA_TSTRING) r = lua_tolstring(L, -1, len);   /* kept alive by opts */
    else if (!lua_isnoneornil(L, -1) && lua_toboolean(L, -1))
      luaL_error(L, "prefilter.new: %s[%d]: a string or false expected", f, (int)i);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return r;
}

/* Vectorscan entries for the rules of a (the automaton built; the rule
** list at stack index 1, opts at 2): rule i's pattern when bypat[i], else
** its literals.  Sets a->hs (NULL when no entry is left), a->how (a rule
** any of whose entries Vectorscan rejects runs always). */
static void buildhs (lua_State *L, Auto *a, const unsigned char *bypat) {
  size_t n = 0;
  for (int i = 0; i < a->nrules; i++) {
    if (bypat[i]) n++;
    else if (a->haslit[i]) {
      lua_rawgeti(L, 1, i + 1);
      n += (size_t)luaL_len(L, -1);
      lua_pop(L, 1);
    }
  }
  for (int i = 0; i < a->nrules; i++)
    a->how[i] = bypat[i] ? HOW_HS : a->haslit[i] ? HOW_HSLIT : HOW_ALWAYS;
  if (n == 0) return;
  AyHsEntry *e = (AyHsEntry *)lua_newuserdatauv(L, n * sizeof *e, 0);
  unsigned char *rej = (unsigned char *)lua_newuserdatauv(L, n, 0);
  size_t k = 0, none = 0;
  for (int i = 0; i < a->nrules; i++) {
    if (bypat[i]) {
      e[k].s = optstring(L, "patterns", i + 1, &e[k].len);
      e[k].flags = optstring(L, "flags", i + 1, &none);
      if (!e[k].flags) e[k].flags = "";
      e[k].literal = 0;
      e[k].id = (unsigned)i;
      k++;
    }
    else if (a->haslit[i]) {
      lua_rawgeti(L, 1, i + 1);
      lua_Integer nl = luaL_len(L, -1);
      for (lua_Integer j = 1; j <= nl; j++, k++) {
        lua_rawgeti(L, -1, j);
        e[k].s = lua_tolstring(L, -1, &e[k].len);   /* kept alive by the list */
        lua_pop(L, 1);
        e[k].literal = 1;
        e[k].flags = "";
        e[k].id = (unsigned)i;
      }
      lua_pop(L, 1);
    }
  }
  a->hs = ay_hs_new(n, e, rej);
  for (size_t j = 0; j < n; j++) if (rej[j] || !a->hs) a->how[e[j].id] = HOW_ALWAYS;
  lua_pop(L, 2);
}

/* prefilter.new(list [, opts]) -> automaton */
static int pf_new (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
  int backend = askedbackend(L);
  lua_settop(L, 2);
  lua_Integer nr = luaL_len(L, 1);
  luaL_argcheck(L, nr >= 0 && nr < 1000000, 1, "too many rules");
  size_t total = 0, nlits = 0;
  int used[256] = {0};
  for (lua_Integer i = 1; i <= nr; i++) {
    int t = lua_rawgeti(L, 1, i);
    if (t == LUA_TTABLE) {
      lua_Integer n = luaL_len(L, -1);
      if (n == 0) luaL_error(L, "prefilter.new: rule %d has an empty literal list (false: none)", (int)i);
      for (lua_Integer k = 1; k <= n; k++) {
        size_t l;
        if (lua_rawgeti(L, -1, k) != LUA_TSTRING)
          luaL_error(L, "prefilter.new: literal %d of rule %d is not a string", (int)k, (int)i);
        const char *s = lua_tolstring(L, -1, &l);
        if (l == 0) luaL_error(L, "prefilter.new: literal %d of rule %d is empty", (int)k, (int)i);
        for (size_t b = 0; b < l; b++) used[(unsigned char)s[b]] = 1;
        total += l; nlits++;
        lua_pop(L, 1);
      }
    }
    else if (t != LUA_TBOOLEAN || lua_toboolean(L, -1))
      luaL_error(L, "prefilter.new: rule %d: an array of literals or false expected", (int)i);
    lua_pop(L, 1);
  }
  unsigned char cls[256];
  uint32_t ncls = 1;                         /* class 0: bytes in no literal */
  for (int b = 0; b < 256; b++) cls[b] = used[b] ? (unsigned char)ncls++ : 0;
  size_t maxst = total + 1;
  if ((double)maxst * ncls > AC_MAXCELLS) luaL_error(L, "prefilter.new: too many literals (%d bytes)", (int)total);
  size_t size = sizeof(Auto) + maxst * ncls * sizeof(uint32_t) + 3 * maxst * sizeof(int32_t) +
                2 * nlits * sizeof(int32_t) + 2 * (size_t)nr;
  Auto *a = (Auto *)lua_newuserdatauv(L, size, 0);
  memset(a, 0, sizeof *a);
  luaL_setmetatable(L, AY_PREFILTER);        /* now: its __gc frees a->hs */
  a->nrules = (int)nr;
  a->ncls = ncls;
  memcpy(a->cls, cls, sizeof cls);
  a->delta = (uint32_t *)(void *)(a + 1);
  a->out = (int32_t *)(void *)(a->delta + maxst * ncls);
  a->dict = a->out + maxst;
  a->hit = a->dict + maxst;
  a->orule = a->hit + maxst;
  a->onext = a->orule + nlits;
  a->haslit = (unsigned char *)(a->onext + nlits);
  a->how = a->haslit + nr;
  memset(a->delta, 0xFF, maxst * ncls * sizeof(uint32_t));   /* UINT32_MAX: no edge yet */
  for (size_t s = 0; s < maxst; s++) { a->out[s] = -1; a->dict[s] = -1; a->hit[s] = -1; }
  memset(a->haslit, 0, (size_t)nr);
  /* the trie */
  a->nstates = 1;
  int32_t no = 0;
  for (lua_Integer i = 1; i <= nr; i++) {
    if (lua_rawgeti(L, 1, i) == LUA_TTABLE) {
      a->haslit[i - 1] = 1;
      a->nlit++;
      lua_Integer n = luaL_len(L, -1);
      for (lua_Integer k = 1; k <= n; k++) {
        size_t l;
        lua_rawgeti(L, -1, k);
        const unsigned char *s = (const unsigned char *)lua_tolstring(L, -1, &l);
        uint32_t st = 0;
        for (size_t b = 0; b < l; b++) {
          uint32_t *e = &a->delta[st * ncls + cls[s[b]]];
          if (*e == UINT32_MAX) *e = a->nstates++;
          st = *e;
        }
        a->orule[no] = (int32_t)(i - 1);
        a->onext[no] = a->out[st];
        a->out[st] = no++;
        lua_pop(L, 1);
      }
    }
    lua_pop(L, 1);
  }
  /* failure links, breadth first, folded into a complete transition table */
  uint32_t *queue = (uint32_t *)lua_newuserdatauv(L, (a->nstates + 1) * sizeof(uint32_t), 0);
  uint32_t *fail = (uint32_t *)lua_newuserdatauv(L, (a->nstates + 1) * sizeof(uint32_t), 0);
  size_t qh = 0, qt = 0;
  for (uint32_t c = 0; c < ncls; c++) {
    uint32_t *e = &a->delta[c];
    if (*e == UINT32_MAX) *e = 0;
    else { fail[*e] = 0; queue[qt++] = *e; }
  }
  while (qh < qt) {
    uint32_t s = queue[qh++];
    uint32_t f = fail[s];
    a->dict[s] = a->out[f] >= 0 ? (int32_t)f : a->dict[f];
    for (uint32_t c = 0; c < ncls; c++) {
      uint32_t *e = &a->delta[s * ncls + c];
      if (*e == UINT32_MAX) *e = a->delta[f * ncls + c];
      else { fail[*e] = a->delta[f * ncls + c]; queue[qt++] = *e; }
    }
  }
  for (uint32_t s = 0; s < a->nstates; s++) a->hit[s] = a->out[s] >= 0 ? (int32_t)s : a->dict[s];
  /* the scan's form: row offsets (no multiply per byte), the output flag
  ** in bit 0 (one load per byte); AC_MAXCELLS keeps them in 32 bits */
  for (size_t e = 0; e < (size_t)a->nstates * ncls; e++) {
    uint32_t t = a->delta[e];
    a->delta[e] = (t * ncls) << 1 | (a->hit[t] >= 0);
  }
  lua_pop(L, 2);
  if (backend < 0) backend = AUTO_HS && !ay_hs_ready() ? BACKEND_HS : BACKEND_AC;
  if (backend == BACKEND_HS) {
    /* the patterns the analysis reads all, the others' literals; then once
    ** more with the literals of the rules whose pattern Vectorscan left out */
    unsigned char *bypat = (unsigned char *)lua_newuserdatauv(L, (size_t)nr, 0);
    for (lua_Integer i = 1; i <= nr; i++) {
      size_t pl;
      const char *p = optstring(L, "patterns", i, &pl);
      bypat[i - 1] = p && understood(p, pl);
    }
    buildhs(L, a, bypat);
    int again = 0;
    for (int i = 0; i < a->nrules; i++)
      if (bypat[i] && a->how[i] == HOW_ALWAYS && a->haslit[i]) { bypat[i] = 0; again = 1; }
    if (again) { ay_hs_free(a->hs); a->hs = NULL; buildhs(L, a, bypat); }
    lua_pop(L, 1);
    if (!a->hs) backend = BACKEND_AC;
  }
  a->backend = backend;
  if (backend == BACKEND_AC)
    for (int i = 0; i < a->nrules; i++) a->how[i] = a->haslit[i] ? HOW_AC : HOW_ALWAYS;
  for (int i = 0; i < a->nrules; i++) a->nby[a->how[i]]++;
  return 1;
}

/* The bytes the pattern scan sees for the segment a..b (1-based
** inclusive): [*from, *to).  0 when it is empty. */
static int segbytes (const char *s, size_t full, int32_t a, int32_t b, size_t *from, size_t *to) {
  if (a < 1) a = 1;
  if ((size_t)b > full) b = (int32_t)full;
  if (b < a) return 0;
  size_t e = (size_t)b;
  while (e < full && ((unsigned char)s[e] & 0xC0) == 0x80) e++;
  *from = (size_t)a - 1;
  *to = e;
  return 1;
}

/* The rules whose literals end at the automaton's state off (a hit), into
** the row r. */
static inline void achit (const Auto *a, uint32_t off, unsigned char *r) {
  for (int32_t t = a->hit[off / a->ncls]; t >= 0; t = a->dict[t])
    for (int32_t o = a->out[t]; o >= 0; o = a->onext[o])
      r[a->orule[o] >> 3] |= (unsigned char)(1u << (a->orule[o] & 7));
}

/* One of acscan's two runs over the segments: segment g of those up to
** gend, its bytes [i, e), the automaton's state off, its row r. */
typedef struct AcRun { size_t g, gend, i, e; uint32_t off; unsigned char *r; } AcRun;

/* The run's next segment that has bytes: 0 when none is left. */
static int acnext (AcRun *t, const char *s, size_t full, const char *sp, unsigned char *h, size_t row) {
  while (t->g < t->gend) {
    int32_t pair[2];
    size_t g = t->g++;
    memcpy(pair, sp + g * 8, sizeof pair);
    if (segbytes(s, full, pair[0], pair[1], &t->i, &t->e) && t->i < t->e) {
      t->off = 0;
      t->r = h + g * row;
      return 1;
    }
  }
  return 0;
}

/* The automaton's scan: the bits of the rules whose literals occur in
** each segment, into rows h (row bytes each).  Each byte's step waits for
** the one before (it loads the next state), so runs over the quarters of
** the segments step side by side, four, then two, at a time: their loads
** overlap.  A run done with its quarter drops out; the last goes alone. */
#define ACSTEP(o, p, r) do { uint32_t v_ = delta[(o) + cls[(p)[j]]]; (o) = v_ >> 1; \
                             if (v_ & 1) achit(a, (o), (r)); } while (0)
static void acscan (const Auto *a, const char *s, size_t full, const char *sp, size_t nseg,
                    unsigned char *h, size_t row) {
  const uint32_t *delta = a->delta;
  const unsigned char *cls = a->cls, *u = (const unsigned char *)s;
  AcRun t[4];
  int n = 0;
  for (int k = 0; k < 4; k++) {
    t[n] = (AcRun){ nseg * (size_t)k / 4, nseg * (size_t)(k + 1) / 4, 0, 0, 0, NULL };
    if (acnext(&t[n], s, full, sp, h, row)) n++;
  }
  while (n >= 2) {
    size_t k = (size_t)-1;
    for (int i = 0; i < n; i++) if (t[i].e - t[i].i < k) k = t[i].e - t[i].i;
    if (n == 4) {
      const unsigned char *p0 = u + t[0].i, *p1 = u + t[1].i, *p2 = u + t[2].i, *p3 = u + t[3].i;
      uint32_t o0 = t[0].off, o1 = t[1].off, o2 = t[2].off, o3 = t[3].off;
      for (size_t j = 0; j < k; j++) {
        ACSTEP(o0, p0, t[0].r); ACSTEP(o1, p1, t[1].r); ACSTEP(o2, p2, t[2].r); ACSTEP(o3, p3, t[3].r);
      }
      t[0].off = o0; t[1].off = o1; t[2].off = o2; t[3].off = o3;
    }
    else {                                              /* (of three, two step and the third waits) */
      const unsigned char *p0 = u + t[0].i, *p1 = u + t[1].i;
      uint32_t o0 = t[0].off, o1 = t[1].off;
      if (n == 3) k = t[0].e - t[0].i < t[1].e - t[1].i ? t[0].e - t[0].i : t[1].e - t[1].i;
      for (size_t j = 0; j < k; j++) { ACSTEP(o0, p0, t[0].r); ACSTEP(o1, p1, t[1].r); }
      t[0].off = o0; t[1].off = o1;
      t[0].i += k; t[1].i += k;
      for (int i = 0; i < 2 && i < n; i++)
        if (t[i].i == t[i].e && !acnext(&t[i], s, full, sp, h, row)) t[i--] = t[--n];
      continue;
    }
    for (int i = 0; i < n; i++) t[i].i += k;
    for (int i = 0; i < n; i++)
      if (t[i].i == t[i].e && !acnext(&t[i], s, full, sp, h, row)) t[i--] = t[--n];
  }
  for (int m = n; m; m = acnext(&t[0], s, full, sp, h, row)) {
    const unsigned char *p0 = u + t[0].i;
    uint32_t o0 = t[0].off;
    for (size_t j = 0; j < t[0].e - t[0].i; j++) ACSTEP(o0, p0, t[0].r);
  }
}
#undef ACSTEP

/* Vectorscan's scan: the text once, from the first segment's first byte to
** the last one's end; the end of each match goes to the segment that holds
** its last byte (a match of the pattern within a segment is a match in the
** text: lac.c gives Vectorscan only patterns without assertions that look
** outside the match, and literals).  The segments must be in order and
** not overlap; 0 when they do not (or Vectorscan fails): the caller then
** uses the automaton. */
typedef struct Segs {
  size_t n, last;             /* non-empty segments; the last one found */
  size_t base;                /* where the scan starts (its offsets count from there) */
  size_t *from, *to, *g;      /* [k]: its bytes [from, to) (lre.c scanloop's subject), its row */
  unsigned char *h;
  size_t row;
} Segs;

static int onhit (unsigned id, size_t end, void *ud) {
  Segs *c = (Segs *)ud;
  size_t k = c->last;
  end += c->base;
  if (!(c->from[k] < end && end <= c->to[k])) {   /* the largest k with from[k] < end */
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (c->from[mid] < end) lo = mid + 1;
      else hi = mid;
    }
    if (lo == 0 || end > c->to[lo - 1]) return 0;   /* between segments */
    k = c->last = lo - 1;
  }
  c->h[c->g[k] * c->row + (id >> 3)] |= (unsigned char)(1u << (id & 7));
  return 0;
}

static int hsscan (const Auto *a, const char *s, size_t full, const char *sp, size_t nseg,
                   unsigned char *h, size_t row, size_t *tmp) {
  Segs c = { 0, 0, 0, tmp, tmp + nseg, tmp + 2 * nseg, h, row };
  for (size_t g = 0; g < nseg; g++) {
    int32_t pair[2];
    memcpy(pair, sp + g * 8, sizeof pair);
    size_t i, e;
    if (!segbytes(s, full, pair[0], pair[1], &i, &e)) continue;
    while (i < e && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    if (i == e) continue;
    if (c.n > 0 && i < c.to[c.n - 1]) return 0;      /* out of order, or overlapping */
    c.from[c.n] = i; c.to[c.n] = e; c.g[c.n] = g; c.n++;
  }
  if (c.n == 0) return 1;
  c.base = c.from[0];
  return ay_hs_scan(a->hs, s + c.base, c.to[c.n - 1] - c.base, onhit, &c) == 0;
}

void ay_prefilter_scan (lua_State *L, int ai, const char *s, size_t full, const char *sp, size_t spl) {
  Auto *a = toauto(L, ai);
  size_t nseg = spl / 8, row = ((size_t)a->nrules + 7) / 8;
  /* Vectorscan's UTF-8 patterns are undefined on invalid UTF-8: such a
  ** text gets the automaton, and the rules without literals run always */
  int hs = a->backend == BACKEND_HS && (ay_is_marked_valid(L, s, full) || ay_utf8_check(s, full) == full);
  size_t *tmp = hs ? (size_t *)lua_newuserdatauv(L, 3 * nseg * sizeof(size_t) + 1, 0) : NULL;
  luaL_Buffer b;
  unsigned char *h = (unsigned char *)luaL_buffinitsize(L, &b, nseg * row);
  memset(h, 0, nseg * row);
  if (!hs || !hsscan(a, s, full, sp, nseg, h, row, tmp)) {
    memset(h, 0, nseg * row);
    acscan(a, s, full, sp, nseg, h, row);
    if (a->backend == BACKEND_HS)
      for (int k = 0; k < a->nrules; k++)
        if (a->how[k] == HOW_HS && !a->haslit[k])
          for (size_t g = 0; g < nseg; g++) h[g * row + (k >> 3)] |= (unsigned char)(1u << (k & 7));
  }
  luaL_pushresultsize(&b, nseg * row);
  if (tmp) lua_remove(L, -2);
}

/* a:scan(s, spans) -> hits */
static int pf_scan (lua_State *L) {
  size_t full, spl;
  const char *s = luaL_checklstring(L, 2, &full);
  const char *sp = luaL_checklstring(L, 3, &spl);
  ay_prefilter_scan(L, 1, s, full, sp, spl);
  return 1;
}

lua_Integer ay_prefilter_spans (lua_State *L, int ai, int hi, int si, lua_Integer i) {
  Auto *a = toauto(L, ai);
  size_t hl, spl;
  const unsigned char *h = (const unsigned char *)luaL_checklstring(L, hi, &hl);
  const char *sp = luaL_checklstring(L, si, &spl);
  if (i < 1 || i > a->nrules) luaL_error(L, "prefilter: no rule %I", i);
  size_t nseg = spl / 8, row = ((size_t)a->nrules + 7) / 8;
  if (hl != nseg * row) luaL_error(L, "prefilter: hits of other spans");
  int k = (int)(i - 1);
  if (a->how[k] == HOW_ALWAYS) { lua_pushvalue(L, si); return 0; }
  size_t kept = 0;
  for (size_t g = 0; g < nseg; g++) kept += (h[g * row + (k >> 3)] >> (k & 7)) & 1;
  lua_Integer skipped = (lua_Integer)(nseg - kept);
  if (kept == 0) lua_pushliteral(L, "");
  else if (kept == nseg) lua_pushvalue(L, si);
  else {
    luaL_Buffer b;
    char *o = luaL_buffinitsize(L, &b, spl);
    static const int32_t none[2] = { 1, 0 };
    for (size_t g = 0; g < nseg; g++) {
      int on = (h[g * row + (k >> 3)] >> (k & 7)) & 1;
      memcpy(o + g * 8, on ? sp + g * 8 : (const char *)none, 8);
    }
    luaL_pushresultsize(&b, nseg * 8);
  }
  return skipped;
}

/* a:spans(hits, spans, i) -> spans', skipped */
static int pf_spans (lua_State *L) {
  luaL_checkstring(L, 2);
  luaL_checkstring(L, 3);
  lua_Integer i = luaL_checkinteger(L, 4);
  lua_pushinteger(L, ay_prefilter_spans(L, 1, 2, 3, i));
  return 2;
}

/* a:rules() -> rules, rules with literals, states */
static int pf_rules (lua_State *L) {
  Auto *a = toauto(L, 1);
  lua_pushinteger(L, a->nrules);
  lua_pushinteger(L, a->nlit);
  lua_pushinteger(L, (lua_Integer)a->nstates);
  return 3;
}

/* a:backend() -> "ac" | "hs", rules filtered by their pattern, by their
** literals, not at all */
static int pf_backend (lua_State *L) {
  Auto *a = toauto(L, 1);
  lua_pushstring(L, BACKENDS[a->backend]);
  lua_pushinteger(L, a->nby[HOW_HS]);
  lua_pushinteger(L, a->nby[HOW_AC] + a->nby[HOW_HSLIT]);
  lua_pushinteger(L, a->nby[HOW_ALWAYS]);
  return 4;
}

static int pf_tostring (lua_State *L) {
  Auto *a = toauto(L, 1);
  lua_pushfstring(L, "%s: %d rules, %d with literals, %d states, %s", AY_PREFILTER, a->nrules, a->nlit,
                  (int)a->nstates, BACKENDS[a->backend]);
  return 1;
}

static int pf_gc (lua_State *L) {
  Auto *a = toauto(L, 1);
  ay_hs_free(a->hs);
  a->hs = NULL;
  a->backend = BACKEND_AC;                   /* (a finalized object may still be reached) */
  return 0;
}

/* prefilter.backends() -> {"ac" [, "hs"]}: the backends this build and CPU
** can run; second result: Vectorscan's version, or nil */
static int pf_backends (lua_State *L) {
  int hs = !ay_hs_ready();
  lua_createtable(L, 2, 0);
  lua_pushstring(L, BACKENDS[BACKEND_AC]);
  lua_rawseti(L, -2, 1);
  if (hs) { lua_pushstring(L, BACKENDS[BACKEND_HS]); lua_rawseti(L, -2, 2); }
  if (ay_hs_version()) lua_pushstring(L, ay_hs_version());
  else lua_pushnil(L);
  return 2;
}
/* }====================================================== */


/*
** {======================================================
** Word sets: every leftmost-longest occurrence of a set of literal words
** =======================================================
** A trie whose nodes keep their edges sorted and together (built from the
** sorted words, one node's children at a time); the root's edges are a
** table of 256.  Matching tries each start in turn that is not a UTF-8
** continuation byte (where a regex in UTF mode may start), walks the trie
** as far as the text follows it and takes the longest word on the way, then
** goes on after it: what a regex alternation of the words that prefers the
** longer one finds with gfind, without trying each word at each start.
*/

#define AY_WORDS "assay.words"

typedef struct WNode {
  uint32_t first;             /* index of its first edge */
  uint16_t nedge;             /* number of edges (at most 256) */
  uint16_t word;              /* 1: a word ends here */
  uint32_t k;                 /* the lowest list index of the words ending here (0: none) */
  int32_t dense;              /* its row of dtab (byte -> node), -1: its edges are searched */
} WNode;

#define W_DENSE 8             /* a node with more edges gets a row of 256 (UTF-8: up to 64) */

typedef struct Words {
  uint32_t nnodes, nwords;
  int32_t root[256];          /* byte -> node, -1 none */
  WNode *node;
  int32_t *dtab;              /* [row * 256 + byte] -> node or -1 (a user value keeps it) */
  size_t *after;              /* [k - 1] scratch for count: where word k may next start */
  unsigned char *ebyte;       /* [edge] its byte */
  uint32_t *enode;            /* [edge] the node it leads to */
  /* bit (b0 << 8 | b1): some word of two bytes or more starts with b0 b1.
  ** A walk starts at a byte only if a word is that byte alone or the pair
  ** there is one of these (in report text most lead bytes start a word of
  ** the list, but few of their pairs do). */
  unsigned char pair[8192];
} Words;

#define WPAIR(w, s, i) ((w)->pair[((unsigned)(s)[i] << 5) | ((s)[(i) + 1] >> 3)] & (1u << ((s)[(i) + 1] & 7)))

typedef struct WStr { const unsigned char *s; size_t l; uint32_t k; } WStr;

static int wcmp (const void *a, const void *b) {
  const WStr *x = (const WStr *)a, *y = (const WStr *)b;
  size_t n = x->l < y->l ? x->l : y->l;
  int c = memcmp(x->s, y->s, n);
  return c ? c : (x->l > y->l) - (x->l < y->l);
}

/* The node for the words w[lo..hi) that share their first d bytes (node k,
** made by the caller), its children made here, depth first. */
static void wbuild (Words *w, const WStr *ws, size_t lo, size_t hi, size_t d, uint32_t k, uint32_t *ne) {
  while (lo < hi && ws[lo].l == d) {
    w->node[k].word = 1;
    if (w->node[k].k == 0 || ws[lo].k < w->node[k].k) w->node[k].k = ws[lo].k;
    lo++;
  }
  size_t n = 0;
  for (size_t i = lo; i < hi; ) {
    unsigned char c = ws[i].s[d];
    while (i < hi && ws[i].s[d] == c) i++;
    n++;
  }
  uint32_t e0 = *ne;
  w->node[k].first = e0;
  w->node[k].nedge = (uint16_t)n;
  *ne += (uint32_t)n;
  uint32_t e = e0;
  for (size_t i = lo; i < hi; e++) {
    unsigned char c = ws[i].s[d];
    size_t j = i;
    while (j < hi && ws[j].s[d] == c) j++;
    uint32_t child = w->nnodes++;
    w->node[child].word = 0;
    w->node[child].k = 0;
    w->node[child].dense = -1;
    w->ebyte[e] = c;
    w->enode[e] = child;
    wbuild(w, ws, i, j, d + 1, child, ne);
    i = j;
  }
}

/* prefilter.words(list) -> word set */
static int pf_words (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer n = luaL_len(L, 1);
  luaL_argcheck(L, n >= 0 && n < (1 << 24), 1, "too many words");
  WStr *ws = (WStr *)lua_newuserdatauv(L, ((size_t)n + 1) * sizeof(WStr), 0);
  size_t total = 0;
  for (lua_Integer i = 1; i <= n; i++) {
    if (lua_rawgeti(L, 1, i) != LUA_TSTRING)
      luaL_error(L, "prefilter.words: word %d is not a string", (int)i);
    ws[i - 1].s = (const unsigned char *)lua_tolstring(L, -1, &ws[i - 1].l);  /* kept alive by list */
    ws[i - 1].k = (uint32_t)i;
    if (ws[i - 1].l == 0) luaL_error(L, "prefilter.words: word %d is empty", (int)i);
    if (ws[i - 1].l > 1024) luaL_error(L, "prefilter.words: word %d is longer than 1024 bytes", (int)i);
    total += ws[i - 1].l;
    lua_pop(L, 1);
  }
  if (total >= (1u << 30)) luaL_error(L, "prefilter.words: too many bytes");
  qsort(ws, (size_t)n, sizeof(WStr), wcmp);
  size_t maxn = total + 1;
  Words *w = (Words *)lua_newuserdatauv(L, sizeof(Words) + (size_t)n * sizeof(size_t) + maxn * sizeof(WNode)
                                          + maxn * sizeof(uint32_t) + maxn, 1);
  memset(w, 0, sizeof *w);
  w->after = (size_t *)(void *)(w + 1);
  w->node = (WNode *)(void *)(w->after + n);
  w->enode = (uint32_t *)(void *)(w->node + maxn);
  w->ebyte = (unsigned char *)(w->enode + maxn);
  w->nwords = (uint32_t)n;
  w->nnodes = 1;
  for (lua_Integer i = 0; i < n; i++)
    if (ws[i].l >= 2) w->pair[((unsigned)ws[i].s[0] << 5) | (ws[i].s[1] >> 3)] |= (unsigned char)(1u << (ws[i].s[1] & 7));
  w->node[0].word = 0;
  w->node[0].k = 0;
  w->node[0].dense = -1;
  uint32_t ne = 0;
  wbuild(w, ws, 0, (size_t)n, 0, 0, &ne);
  for (int c = 0; c < 256; c++) w->root[c] = -1;
  for (uint32_t e = w->node[0].first; e < w->node[0].first + w->node[0].nedge; e++)
    w->root[w->ebyte[e]] = (int32_t)w->enode[e];
  /* the nodes with many edges (a character's second and third bytes) step
  ** by one lookup instead of a binary search */
  uint32_t nbig = 0;
  for (uint32_t k = 1; k < w->nnodes; k++) if (w->node[k].nedge > W_DENSE) nbig++;
  w->dtab = (int32_t *)lua_newuserdatauv(L, (size_t)nbig * 256 * sizeof(int32_t), 0);
  for (uint32_t k = 1, row = 0; k < w->nnodes; k++) {
    if (w->node[k].nedge <= W_DENSE) continue;
    int32_t *t = w->dtab + (size_t)row * 256;
    for (int c = 0; c < 256; c++) t[c] = -1;
    for (uint32_t e = w->node[k].first; e < w->node[k].first + w->node[k].nedge; e++)
      t[w->ebyte[e]] = (int32_t)w->enode[e];
    w->node[k].dense = (int32_t)row++;
  }
  lua_setiuservalue(L, -2, 1);
  luaL_setmetatable(L, AY_WORDS);
  return 1;
}

/* The node reached from node k by byte c, or -1. */
static int32_t wstep (const Words *w, uint32_t k, unsigned char c) {
  if (w->node[k].dense >= 0) return w->dtab[(size_t)w->node[k].dense * 256 + c];
  uint32_t lo = w->node[k].first, hi = lo + w->node[k].nedge;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (w->ebyte[mid] < c) lo = mid + 1;
    else hi = mid;
  }
  return (lo < w->node[k].first + w->node[k].nedge && w->ebyte[lo] == c) ? (int32_t)w->enode[lo] : -1;
}

/* The next leftmost-longest occurrence of a word in s[i, len), starting
** where a UTF-8 character may: 1 and its bytes [*a, *e) and the word's list
** index *k (the lowest of equal words), or 0 when none is left. */
static int wnext (const Words *w, const unsigned char *s, size_t len, size_t i, size_t *a, size_t *e, uint32_t *k) {
  for (; i < len; i++) {
    if ((s[i] & 0xC0) == 0x80 || w->root[s[i]] < 0) continue;
    int32_t nd = w->root[s[i]];
    if (!w->node[nd].word && (i + 1 >= len || !WPAIR(w, s, i))) continue;
    size_t j = i + 1, last = 0;
    uint32_t lastk = 0;
    for (;;) {
      if (w->node[nd].word) { last = j; lastk = w->node[nd].k; }
      if (j >= len) break;
      nd = wstep(w, (uint32_t)nd, s[j]);
      if (nd < 0) break;
      j++;
    }
    if (last == 0) continue;
    *a = i; *e = last; *k = lastk;
    return 1;
  }
  return 0;
}

/* ws:find_all(s [, init]) -> {start1, stop1, start2, stop2, ...} */
static int pf_find_all (lua_State *L) {
  const Words *w = (const Words *)luaL_checkudata(L, 1, AY_WORDS);
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 2, &len);
  lua_Integer init = luaL_optinteger(L, 3, 1);
  luaL_argcheck(L, init >= 1, 3, "must be at least 1");
  lua_newtable(L);
  lua_Integer n = 0;
  size_t a, e;
  uint32_t k;
  for (size_t i = (size_t)init - 1; wnext(w, s, len, i, &a, &e, &k); i = e) {
    lua_pushinteger(L, (lua_Integer)a + 1);
    lua_rawseti(L, -2, ++n);
    lua_pushinteger(L, (lua_Integer)e);
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

/* s and the 1-based inclusive range [i, j] of it (string.find's rules for
** negative and out-of-range values) as 0-based [*from, *to). */
static const unsigned char *wrange (lua_State *L, size_t *from, size_t *to) {
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 2, &len);
  lua_Integer i = luaL_optinteger(L, 3, 1), j = luaL_optinteger(L, 4, -1);
  if (i < 0) i = (lua_Integer)len + i + 1 > 0 ? (lua_Integer)len + i + 1 : 1;
  else if (i == 0) i = 1;
  if (j < 0) j = (lua_Integer)len + j + 1;
  else if (j > (lua_Integer)len) j = (lua_Integer)len;
  *from = (size_t)i - 1;
  *to = (j >= i) ? (size_t)j : *from;
  return s;
}

enum { W_FIRST, W_COUNT, W_LAST };

/* Every occurrence of every word in s[from, to), each start in turn: the
** answer of one of the three questions (W_FIRST: the lowest word index and
** its first start; W_COUNT: occurrences; W_LAST: the last end). */
static int wwalk (lua_State *L, int what) {
  Words *w = (Words *)luaL_checkudata(L, 1, AY_WORDS);
  size_t from, to;
  const unsigned char *s = wrange(L, &from, &to);
  uint32_t bestk = 0;
  size_t bestpos = 0, last = from, laststart = 0;
  lua_Integer count = 0;
  if (what != W_FIRST)
    for (uint32_t k = 0; k < w->nwords; k++) w->after[k] = from;
  for (size_t i = from; i < to; i++) {
    int32_t nd = w->root[s[i]];
    if (nd < 0 || (!w->node[nd].k && (i + 1 >= to || !WPAIR(w, s, i)))) continue;
    size_t j = i + 1;
    while (nd >= 0) {
      uint32_t k = w->node[nd].k;
      if (k) {
        if (what == W_FIRST) {
          if (bestk == 0 || k < bestk) { bestk = k; bestpos = i + 1; }
        } else if (i >= w->after[k - 1]) {    /* (each word after its last occurrence) */
          count++;
          w->after[k - 1] = j;
          if (j > last) last = j;
          laststart = i + 1;                  /* (starts only grow) */
        }
      }
      if (j >= to) break;
      nd = wstep(w, (uint32_t)nd, s[j]);
      j++;
    }
    if (what == W_FIRST && bestk == 1) break;     /* (none comes before the first) */
  }
  if (what == W_COUNT) { lua_pushinteger(L, count); return 1; }
  if (what == W_LAST) {
    lua_pushinteger(L, (lua_Integer)last);
    if (laststart) lua_pushinteger(L, (lua_Integer)laststart);
    else lua_pushnil(L);
    return 2;
  }
  if (bestk == 0) { lua_pushnil(L); return 1; }
  lua_pushinteger(L, (lua_Integer)bestk);
  lua_pushinteger(L, (lua_Integer)bestpos);
  return 2;
}

/* ws:first(s [, i [, j]]) -> k, pos | nil */
static int pf_first (lua_State *L) { return wwalk(L, W_FIRST); }

/* ws:count(s [, i [, j]]) -> n */
static int pf_count (lua_State *L) { return wwalk(L, W_COUNT); }

/* ws:last_end(s [, i [, j]]) -> e, a | e, nil */
static int pf_last_end (lua_State *L) { return wwalk(L, W_LAST); }

static int pf_words_tostring (lua_State *L) {
  const Words *w = (const Words *)luaL_checkudata(L, 1, AY_WORDS);
  lua_pushfstring(L, "%s: %d words, %d nodes", AY_WORDS, (int)w->nwords, (int)w->nnodes);
  return 1;
}
/* }====================================================== */


/*
** {======================================================
** Dictionaries: byte strings -> integers, looked up by a range of a text
** =======================================================
** Open addressing over a power-of-two table of slots (FNV-1a hash, linear
** probing, at most half full); the keys' bytes live in one block after the
** slots.  A lookup by range hashes the text's bytes where they are: no
** Lua string is made for a key that is not there (assay.places looks up
** every run of characters before an administrative suffix).
*/

#define AY_DICT "assay.dict"

typedef struct DSlot {
  uint32_t off, len;          /* the key: bytes [off, off + len) of keys; len 0: empty */
  lua_Integer val;
} DSlot;

typedef struct Dict {
  uint32_t mask, n;           /* slots - 1, keys */
  DSlot *slot;
  unsigned char *keys;
} Dict;

static uint32_t dhash (const unsigned char *s, size_t l) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < l; i++) { h ^= s[i]; h *= 16777619u; }
  return h;
}

/* The slot of key s[0, l), or NULL. */
static const DSlot *dfind (const Dict *d, const unsigned char *s, size_t l) {
  if (l == 0 || l > UINT32_MAX) return NULL;
  for (uint32_t i = dhash(s, l) & d->mask; ; i = (i + 1) & d->mask) {
    const DSlot *e = &d->slot[i];
    if (e->len == 0) return NULL;
    if (e->len == l && memcmp(d->keys + e->off, s, l) == 0) return e;
  }
}

/* prefilter.dict(t) -> dictionary: t's string keys with their integer
** values (true counts as 1; an empty key is left out) */
static int pf_dict (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  size_t n = 0, total = 0;
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "prefilter.dict: a key is not a string");
    if (!lua_isinteger(L, -1) && lua_type(L, -1) != LUA_TBOOLEAN)
      luaL_error(L, "prefilter.dict: the value of '%s' is not an integer", lua_tostring(L, -2));
    size_t l;
    lua_tolstring(L, -2, &l);
    if (l > 0) { n++; total += l; }
    lua_pop(L, 1);
    if (n >= (1u << 28) || total >= (1u << 31)) luaL_error(L, "prefilter.dict: too many keys");
  }
  uint32_t size = 8;
  while (size < 2 * n) size *= 2;
  Dict *d = (Dict *)lua_newuserdatauv(L, sizeof(Dict) + (size_t)size * sizeof(DSlot) + total + 1, 0);
  d->mask = size - 1;
  d->n = 0;
  d->slot = (DSlot *)(void *)(d + 1);
  d->keys = (unsigned char *)(d->slot + size);
  memset(d->slot, 0, (size_t)size * sizeof(DSlot));
  uint32_t off = 0;
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    size_t l;
    const unsigned char *k = (const unsigned char *)lua_tolstring(L, -2, &l);
    lua_Integer v = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (l == 0) continue;
    uint32_t i = dhash(k, l) & d->mask;
    while (d->slot[i].len != 0) i = (i + 1) & d->mask;     /* (table keys are distinct) */
    memcpy(d->keys + off, k, l);
    d->slot[i].off = off;
    d->slot[i].len = (uint32_t)l;
    d->slot[i].val = v;
    off += (uint32_t)l;
    d->n++;
  }
  luaL_setmetatable(L, AY_DICT);
  return 1;
}

/* d:get(s [, i [, j]]) -> the value of s[i..j] (string.sub's range), or nil */
static int pf_dict_get (lua_State *L) {
  const Dict *d = (const Dict *)luaL_checkudata(L, 1, AY_DICT);
  size_t from, to;
  const unsigned char *s = wrange(L, &from, &to);
  const DSlot *e = dfind(d, s + from, to - from);
  if (e) lua_pushinteger(L, e->val);
  else lua_pushnil(L);
  return 1;
}

/* Is s[i, i + 3) a CJK ideograph U+4E00..U+9FFF (lead byte E4..E9)? */
static int han3 (const unsigned char *s, size_t len, size_t i) {
  return i + 2 < len && s[i] >= 0xE4 && s[i] <= 0xE9 && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80;
}

/* The longest key s[start..stop] (1-based) whose value has a bit of want,
** start going back from byte a one CJK ideograph at a time (at most k, not
** before byte lo >= 1), with tails' early stop: start, or 0 (see
** d:longest_before). */
static lua_Integer dbefore (const Dict *d, const unsigned char *s, size_t len, lua_Integer a, lua_Integer stop,
                            lua_Integer k, lua_Integer want, const Dict *tails) {
  if (stop > (lua_Integer)len) stop = (lua_Integer)len;
  lua_Integer best = 0, st = a;
  for (lua_Integer i = 1; i <= k; i++) {
    st -= 3;
    if (st < 1 || st > (lua_Integer)len) break;
    if (!han3(s, len, (size_t)st - 1)) break;
    size_t l = stop >= st ? (size_t)(stop - st + 1) : 0;
    const DSlot *e = dfind(d, s + st - 1, l);
    if (e && (e->val & want) != 0) best = st;
    if (tails && i <= 2 && !dfind(tails, s + st - 1, l)) break;
  }
  return best;
}

/* d:before_hits(s, ws, ks, want [, tails [, outside]]) -> {a1, b1, w1, st1, ...}:
** every occurrence s[a..b] of a word of the set ws (as ws:find_all finds
** them), its index w in ws's list, and st: the start of the longest key
** s[st..b] (with outside: s[st..a - 1], the key ends right before the
** word) whose value has a bit of want, st going back from a one CJK
** ideograph (U+4E00..U+9FFF) at a time, at most ks[w] of them, stopping
** at the first byte that does not start one; with the dictionary tails,
** also after the first or second ideograph when the text read so far is
** not a key of tails (no longer key can end so).  st is 0 when none is
** found or ks[w] is not a positive integer. */
static int pf_dict_before_hits (lua_State *L) {
  const Dict *d = (const Dict *)luaL_checkudata(L, 1, AY_DICT);
  size_t len;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 2, &len);
  const Words *w = (const Words *)luaL_checkudata(L, 3, AY_WORDS);
  luaL_checktype(L, 4, LUA_TTABLE);
  lua_Integer want = luaL_checkinteger(L, 5);
  const Dict *tails = lua_isnoneornil(L, 6) ? NULL : (const Dict *)luaL_checkudata(L, 6, AY_DICT);
  int outside = lua_toboolean(L, 7);
  lua_Integer *ks = (lua_Integer *)lua_newuserdatauv(L, ((size_t)w->nwords + 1) * sizeof(lua_Integer), 0);
  for (uint32_t i = 1; i <= w->nwords; i++) {
    lua_rawgeti(L, 4, (lua_Integer)i);
    ks[i] = lua_isinteger(L, -1) && lua_tointeger(L, -1) > 0 ? lua_tointeger(L, -1) : 0;
    lua_pop(L, 1);
  }
  lua_newtable(L);
  lua_Integer n = 0;
  size_t a, e;
  uint32_t k;
  for (size_t i = 0; wnext(w, s, len, i, &a, &e, &k); i = e) {
    lua_Integer st = ks[k] ? dbefore(d, s, len, (lua_Integer)a + 1, outside ? (lua_Integer)a : (lua_Integer)e,
                                     ks[k], want, tails) : 0;
    lua_pushinteger(L, (lua_Integer)a + 1);
    lua_rawseti(L, -2, ++n);
    lua_pushinteger(L, (lua_Integer)e);
    lua_rawseti(L, -2, ++n);
    lua_pushinteger(L, (lua_Integer)k);
    lua_rawseti(L, -2, ++n);
    lua_pushinteger(L, st);
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

static int pf_dict_tostring (lua_State *L) {
  const Dict *d = (const Dict *)luaL_checkudata(L, 1, AY_DICT);
  lua_pushfstring(L, "%s: %d keys", AY_DICT, (int)d->n);
  return 1;
}
/* }====================================================== */


static const luaL_Reg methods[] = {
  {"scan", pf_scan}, {"spans", pf_spans}, {"rules", pf_rules}, {"backend", pf_backend}, {NULL, NULL}
};

static const luaL_Reg words_methods[] = {
  {"find_all", pf_find_all}, {"first", pf_first}, {"count", pf_count}, {"last_end", pf_last_end},
  {NULL, NULL}
};

static const luaL_Reg dict_methods[] = {
  {"get", pf_dict_get}, {"before_hits", pf_dict_before_hits},
  {NULL, NULL}
};

static const luaL_Reg funcs[] = {
  {"literals", pf_literals}, {"new", pf_new}, {"words", pf_words}, {"dict", pf_dict}, {"backends", pf_backends},
  {NULL, NULL}
};

static void newclass (lua_State *L, const char *name, lua_CFunction tostring, const luaL_Reg *m) {
  if (luaL_newmetatable(L, name)) {
    lua_pushcfunction(L, tostring);
    lua_setfield(L, -2, "__tostring");
    lua_newtable(L);
    luaL_setfuncs(L, m, 0);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
}

int luaopen_assay_prefilter (lua_State *L) {
  newclass(L, AY_PREFILTER, pf_tostring, methods);
  luaL_getmetatable(L, AY_PREFILTER);
  lua_pushcfunction(L, pf_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  newclass(L, AY_WORDS, pf_words_tostring, words_methods);
  newclass(L, AY_DICT, pf_dict_tostring, dict_methods);
  luaL_newlib(L, funcs);
  return 1;
}
