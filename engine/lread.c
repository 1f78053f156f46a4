/*
** lread.c: assay.read, the C side of document ingestion.
**
**   read.detect(s [, html])            -> encoding, how
**   read.decode(s [, encoding [, html]]) -> utf8, encoding, invalid
**   read.html(s)                       -> text, {title =, date =}
**   read.simplify(s)                   -> simplified, segments | nil, msg
**   read.format(path [, head])         -> "txt" | "html" | "jsonl" | "csv" | "tsv"
**   read.binary(s [, nul_ok])          -> why s is not text | nil
**   read.plain(s)                      -> s needs no decoding, no markup
**                                         reader, no normalization
**
** Encodings: a BOM wins, then valid UTF-8, then (html) a <meta charset>,
** then uchardet.  Conversion uses ICU converters with a callback that
** writes U+FFFD for every ill-formed or unmappable sequence and counts
** them (glibc iconv stops at the first one).  HTML goes through libxml2's
** forgiving HTML parser; traditional -> simplified through OpenCC t2s,
** loaded once per lua_State (it reads several MB of dictionaries).
**
** ICU, uchardet, libxml2 and OpenCC are loaded (dlopen) on first use, not
** linked: with the C++ runtime they pull in they cost ~5 ms at every
** start of the process, and most runs read nothing but UTF-8 text.  The
** sonames come from the build (AY_SO_*), the loading from dlib.c; a
** library that cannot be loaded is an error naming it.
**
** Raises on misuse (wrong types, an unknown encoding name) and when a
** library cannot be loaded; returns nil, msg only from simplify, when
** OpenCC or its data is missing.  Libraries that
** allocate with malloc (ICU, libxml2, uchardet, OpenCC) never hold memory
** across a call that can raise: their objects live in a userdata with
** __gc, or are freed before anything is pushed.
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <uchardet/uchardet.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <opencc/opencc.h>

#include "assay.h"

#if !defined(AY_DETECT_SAMPLE)
#define AY_DETECT_SAMPLE (1 << 20)    /* bytes uchardet sees at most */
#endif
#if !defined(AY_SNIFF_BYTES)
#define AY_SNIFF_BYTES 4096           /* bytes searched for <meta charset> */
#endif
#if !defined(AY_HTML_MAX_DEPTH)
#define AY_HTML_MAX_DEPTH 1000        /* element nesting searched for head, title, body */
#endif

#define AY_CONV   "assay.read.conv"
#define AY_OPENCC "assay.read.opencc"

/* {====== libraries loaded on first use ====== */

#if !defined(AY_SO_ICUUC) || !defined(AY_SO_UCHARDET) || !defined(AY_SO_XML2) || !defined(AY_SO_OPENCC)
#error "AY_SO_ICUUC, AY_SO_UCHARDET, AY_SO_XML2 and AY_SO_OPENCC must name the sonames (see Makefile)"
#endif
#if defined(LIBXML_THREAD_ALLOC_ENABLED)
#error "a libxml2 with thread-local allocators: xmlFree is not a variable"
#endif

#define AY_STR_(x) #x
#define AY_STR(x) AY_STR_(x)           /* ICU's names are macros: ucnv_open -> ucnv_open_72 */

#define ICU_FUNCS(X) X(ucnv_open) X(ucnv_close) X(ucnv_cbToUWriteUChars) \
  X(ucnv_setToUCallBack) X(ucnv_convertEx) X(u_errorName)
#define UCD_FUNCS(X) X(uchardet_new) X(uchardet_handle_data) X(uchardet_data_end) \
  X(uchardet_get_charset) X(uchardet_delete)
#define XML_FUNCS(X) X(htmlReadMemory) X(xmlDocGetRootElement) X(xmlFreeDoc) X(xmlGetProp) \
  X(xmlStrcasecmp) X(xmlInitParser)
#define CC_FUNCS(X) X(opencc_open) X(opencc_close) X(opencc_error) X(opencc_convert_utf8) \
  X(opencc_convert_utf8_free)

#define DECLARE(f) static __typeof__(&f) p_##f;
ICU_FUNCS(DECLARE) UCD_FUNCS(DECLARE) XML_FUNCS(DECLARE) CC_FUNCS(DECLARE)
static xmlFreeFunc *p_xmlFree;         /* libxml2's xmlFree is a variable */

static AyLib icu = AY_LIB(AY_SO_ICUUC);
static AyLib ucd = AY_LIB(AY_SO_UCHARDET);
static AyLib xml = AY_LIB(AY_SO_XML2);
static AyLib occ = AY_LIB(AY_SO_OPENCC);

#define ICU_LOOKUP(f) p_##f = (__typeof__(p_##f))ay_libsym(&icu, h, AY_STR(f));
#define UCD_LOOKUP(f) p_##f = (__typeof__(p_##f))ay_libsym(&ucd, h, AY_STR(f));
#define XML_LOOKUP(f) p_##f = (__typeof__(p_##f))ay_libsym(&xml, h, AY_STR(f));
#define CC_LOOKUP(f) p_##f = (__typeof__(p_##f))ay_libsym(&occ, h, AY_STR(f));
static void load_icu (void) { void *h = ay_libopen(&icu); ICU_FUNCS(ICU_LOOKUP) }
static void load_ucd (void) { void *h = ay_libopen(&ucd); UCD_FUNCS(UCD_LOOKUP) }
static void load_occ (void) { void *h = ay_libopen(&occ); CC_FUNCS(CC_LOOKUP) }
static void load_xml (void) {
  void *h = ay_libopen(&xml);
  XML_FUNCS(XML_LOOKUP)
  p_xmlFree = (xmlFreeFunc *)ay_libsym(&xml, h, "xmlFree");
  if (!xml.err) p_xmlInitParser();     /* libxml2's globals, once per process */
}

/* Loads lib once per process (dlib.c), raising "who: cannot load SONAME: why". */
static void needlib (lua_State *L, AyLib *lib, void (*load)(void), const char *who) {
  const char *err = ay_libready(lib, load);
  if (err) luaL_error(L, "%s: cannot load %s: %s", who, lib->soname, err);
}
/* }====== */

/* {====== detection ====== */

/* Lowercase ASCII copy of at most cap-1 bytes, NUL-terminated. */
static void lower_copy (char *dst, size_t cap, const char *s, size_t len) {
  size_t i;
  for (i = 0; i < len && i + 1 < cap; i++) dst[i] = (char)tolower((unsigned char)s[i]);
  dst[i] = '\0';
}

/* Encoding named by a BOM, with the BOM's length; NULL when none. */
static const char *bom_encoding (const char *s, size_t len, size_t *bomlen) {
  if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) { *bomlen = 3; return "UTF-8"; }
  if (len >= 2 && memcmp(s, "\xFF\xFE", 2) == 0) { *bomlen = 2; return "UTF-16LE"; }
  if (len >= 2 && memcmp(s, "\xFE\xFF", 2) == 0) { *bomlen = 2; return "UTF-16BE"; }
  *bomlen = 0;
  return NULL;
}

/* Maps the names pages and uchardet use to one ICU converter: GB2312 and
** GBK text is valid GB18030, and "big5" pages are in practice cp950. */
static const char *canonical (const char *name) {
  char low[32];
  lower_copy(low, sizeof low, name, strlen(name));
  if (strcmp(low, "gb2312") == 0 || strcmp(low, "gbk") == 0 || strcmp(low, "gb18030") == 0
      || strcmp(low, "x-gbk") == 0 || strcmp(low, "cp936") == 0 || strcmp(low, "hz-gb-2312") == 0
      || strcmp(low, "euc-cn") == 0)
    return "GB18030";
  if (strcmp(low, "big5") == 0 || strcmp(low, "big-5") == 0 || strcmp(low, "cp950") == 0
      || strcmp(low, "x-big5") == 0)
    return "Big5";
  if (strcmp(low, "big5-hkscs") == 0) return "Big5-HKSCS";
  if (strcmp(low, "utf-8") == 0 || strcmp(low, "utf8") == 0 || strcmp(low, "ascii") == 0
      || strcmp(low, "us-ascii") == 0)
    return "UTF-8";
  return NULL;
}

/* The charset a <meta> in the first AY_SNIFF_BYTES names, copied into
** out (cap bytes); 0 when there is none. */
static int meta_charset (const char *s, size_t len, char *out, size_t cap) {
  char low[AY_SNIFF_BYTES + 1];
  size_t n = len < AY_SNIFF_BYTES ? len : AY_SNIFF_BYTES;
  lower_copy(low, sizeof low, s, n);
  const char *p = low;
  while ((p = strstr(p, "charset")) != NULL) {
    p += 7;
    while (*p == ' ' || *p == '\t') p++;
    if (*p != '=') continue;
    p++;
    while (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'') p++;
    size_t k = 0;
    while (k + 1 < cap && (isalnum((unsigned char)p[k]) || p[k] == '-' || p[k] == '_'))
      { out[k] = p[k]; k++; }
    out[k] = '\0';
    if (k > 0) return 1;
  }
  return 0;
}

/* Text that is UTF-8 with a few damaged sequences (a truncated character
** at the end, a stray byte) must stay UTF-8: uchardet would call it
** Latin-1.  So: at least 8 well-formed multi-byte characters and at most
** one bad unit per 50 of them, over the sample. */
static int mostly_utf8 (const char *s, size_t len) {
  size_t i = 0, good = 0, bad = 0;
  if (len > AY_DETECT_SAMPLE) len = AY_DETECT_SAMPLE;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) { i++; continue; }
    uint32_t cp;
    int n = ay_utf8_decode(s + i, len - i, &cp);
    if (n > 0) { good++; i += (size_t)n; }
    else { bad++; i++; }
  }
  return good >= 8 && bad * 50 <= good;
}

/* Valid UTF-8 but for a character cut off at the end (a file truncated
** mid-character): still UTF-8. */
static int utf8_cut_at_end (const char *s, size_t len) {
  size_t bad = ay_utf8_check(s, len);
  if (bad == len || len - bad > 3) return 0;
  unsigned char c = (unsigned char)s[bad];
  size_t need = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
  if (need == 0 || len - bad >= need) return 0;
  for (size_t i = bad + 1; i < len; i++) if (((unsigned char)s[i] & 0xC0) != 0x80) return 0;
  return 1;
}

/* The encoding of s and how it was found ("bom", "utf8", "meta",
** "uchardet", "default").  Names are ICU converter names. */
static const char *detect (const char *s, size_t len, int html, const char **how,
                           char *buf, size_t cap) {
  size_t bomlen;
  const char *enc = bom_encoding(s, len, &bomlen);
  if (enc) { *how = "bom"; return enc; }
  if (ay_utf8_check(s, len) == len || utf8_cut_at_end(s, len)) { *how = "utf8"; return "UTF-8"; }
  if (html && meta_charset(s, len, buf, cap)) {
    const char *c = canonical(buf);
    *how = "meta";
    if (c) return c;
    UErrorCode err = U_ZERO_ERROR;
    UConverter *cv = p_ucnv_open(buf, &err);
    if (U_SUCCESS(err)) { p_ucnv_close(cv); return buf; }
  }
  if (mostly_utf8(s, len)) { *how = "utf8"; return "UTF-8"; }
  uchardet_t ud = p_uchardet_new();
  const char *name = NULL;
  if (ud) {
    p_uchardet_handle_data(ud, s, len < AY_DETECT_SAMPLE ? len : AY_DETECT_SAMPLE);
    p_uchardet_data_end(ud);
    const char *cs = p_uchardet_get_charset(ud);
    if (cs && *cs) {
      size_t n = strlen(cs);
      if (n >= cap) n = cap - 1;
      memcpy(buf, cs, n); buf[n] = '\0';
      name = buf;
    }
    p_uchardet_delete(ud);
  }
  *how = "uchardet";
  if (name) {
    const char *c = canonical(name);
    if (c) return c;
    char low[32];
    lower_copy(low, sizeof low, name, strlen(name));
    /* Chinese reports are what we read: a single-byte Western or Cyrillic
    ** guess on text with high bytes is nearly always a short GB text. */
    if (strncmp(low, "utf-16", 6) == 0 || strncmp(low, "euc-tw", 6) == 0
        || strncmp(low, "iso-2022", 8) == 0 || strncmp(low, "shift_jis", 9) == 0
        || strncmp(low, "euc-jp", 6) == 0 || strncmp(low, "euc-kr", 6) == 0)
      return name;
  }
  *how = "default";
  return "GB18030";
}

/* read.detect(s [, html]) -> encoding, how.  Never fails: the fallback for
** undetectable bytes is GB18030, the most common legacy encoding here. */
static int read_detect (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  int html = lua_toboolean(L, 2);
  char buf[64];
  const char *how;
  needlib(L, &icu, load_icu, "read.detect");
  needlib(L, &ucd, load_ucd, "read.detect");
  const char *enc = detect(s, len, html, &how, buf, sizeof buf);
  lua_pushstring(L, enc);
  lua_pushstring(L, how);
  return 2;
}
/* }====== */

/* {====== conversion ====== */

typedef struct Conv {
  UConverter *from;      /* owned; closed in conv_gc */
  UConverter *to;        /* owned (UTF-8); closed in conv_gc */
  size_t invalid;        /* sequences replaced by U+FFFD */
} Conv;

static int conv_gc (lua_State *L) {
  Conv *c = (Conv *)luaL_checkudata(L, 1, AY_CONV);
  if (c->from) { p_ucnv_close(c->from); c->from = NULL; }
  if (c->to) { p_ucnv_close(c->to); c->to = NULL; }
  return 0;
}

/* ICU to-Unicode callback: one U+FFFD per bad sequence, counted.  The
** context is the Conv (ICU passes it as const). */
static void subst_cb (const void *ctx, UConverterToUnicodeArgs *args, const char *units,
                      int32_t n, UConverterCallbackReason reason, UErrorCode *err) {
  (void)units; (void)n;
  if (reason != UCNV_ILLEGAL && reason != UCNV_UNASSIGNED && reason != UCNV_IRREGULAR) return;
  Conv *c = (Conv *)(uintptr_t)ctx;
  static const UChar fffd = 0xFFFD;
  c->invalid++;
  *err = U_ZERO_ERROR;
  p_ucnv_cbToUWriteUChars(args, &fffd, 1, 0, err);
}

/* Converts s[0..len) from encoding enc to UTF-8 onto the stack (as a
** string); returns the number of replaced sequences.  Raises on an
** unknown encoding (argument narg) or a conversion failure. */
static size_t convert (lua_State *L, const char *s, size_t len, const char *enc, int narg) {
  needlib(L, &icu, load_icu, "read.decode");
  Conv *c = (Conv *)lua_newuserdatauv(L, sizeof(Conv), 0);
  c->from = c->to = NULL; c->invalid = 0;
  luaL_setmetatable(L, AY_CONV);
  UErrorCode err = U_ZERO_ERROR;
  c->from = p_ucnv_open(enc, &err);
  if (U_FAILURE(err)) {
    c->from = NULL;
    luaL_argerror(L, narg, lua_pushfstring(L, "unknown encoding '%s'", enc));
  }
  err = U_ZERO_ERROR;
  c->to = p_ucnv_open("UTF-8", &err);
  if (U_FAILURE(err)) { c->to = NULL; luaL_error(L, "read.decode: %s", p_u_errorName(err)); }
  err = U_ZERO_ERROR;
  p_ucnv_setToUCallBack(c->from, subst_cb, c, NULL, NULL, &err);
  if (U_FAILURE(err)) luaL_error(L, "read.decode: %s", p_u_errorName(err));
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  UChar pivot[1024], *psrc = pivot, *ptgt = pivot;
  const char *src = s, *srclim = s + len;
  char out[16384];
  int reset = 1;
  for (;;) {
    char *tgt = out;
    err = U_ZERO_ERROR;
    p_ucnv_convertEx(c->to, c->from, &tgt, out + sizeof out, &src, srclim,
                   pivot, &psrc, &ptgt, pivot + 1024, reset, 1, &err);
    reset = 0;
    luaL_addlstring(&b, out, (size_t)(tgt - out));   /* may raise: c is GC-owned */
    if (err == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(err)) luaL_error(L, "read.decode: %s from %s", p_u_errorName(err), enc);
    break;
  }
  size_t invalid = c->invalid;
  luaL_pushresult(&b);                  /* ud, string */
  /* close now rather than at some later GC: converters hold ICU tables */
  p_ucnv_close(c->from); c->from = NULL;
  p_ucnv_close(c->to); c->to = NULL;
  lua_remove(L, -2);                    /* string */
  return invalid;
}

/* read.decode(s [, encoding [, html]]) -> utf8, encoding, invalid
** encoding nil or "auto" detects (see read.detect).  A BOM is dropped.
** Valid UTF-8 comes back as the same string (no copy).  Every ill-formed
** or unmappable sequence becomes U+FFFD and counts in `invalid`.  Raises
** `bad argument #2 to 'decode' (unknown encoding 'X')`. */
static int read_decode (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  const char *want = luaL_optstring(L, 2, "auto");
  int html = lua_toboolean(L, 3);
  char buf[64];
  const char *enc, *how;
  size_t bomlen = 0;
  if (strcmp(want, "auto") == 0) {
    /* the common case first: no BOM and valid UTF-8, checked once */
    if (bom_encoding(s, len, &bomlen) == NULL && ay_utf8_check(s, len) == len) {
      lua_settop(L, 1);
      ay_mark_valid(L, 1);                /* the regex module need not check it again */
      lua_pushliteral(L, "UTF-8");
      lua_pushinteger(L, 0);
      return 3;
    }
    bomlen = 0;
    needlib(L, &icu, load_icu, "read.decode");
    needlib(L, &ucd, load_ucd, "read.decode");
    enc = detect(s, len, html, &how, buf, sizeof buf);
    if (strcmp(how, "bom") == 0) bom_encoding(s, len, &bomlen);
  } else {
    const char *c = canonical(want);
    enc = c ? c : want;
    const char *b = bom_encoding(s, len, &bomlen);
    if (b == NULL || strcmp(b, enc) != 0) bomlen = 0;   /* a BOM of another encoding is data */
  }
  s += bomlen; len -= bomlen;
  if (strcmp(enc, "UTF-8") == 0 && ay_utf8_check(s, len) == len) {
    if (bomlen == 0) lua_pushvalue(L, 1);
    else lua_pushlstring(L, s, len);
    lua_pushstring(L, enc);
    lua_pushinteger(L, 0);
    return 3;
  }
  lua_pushstring(L, enc);               /* keep enc alive: it may point into buf */
  size_t invalid = convert(L, s, len, lua_tostring(L, -1), 2);
  lua_insert(L, -2);                    /* utf8, enc */
  lua_pushinteger(L, (lua_Integer)invalid);
  return 3;
}
/* }====== */

/* {====== HTML ====== */

typedef struct Out {
  char *p;               /* owned (malloc); freed by whoever ends the walk */
  size_t n, cap;         /* bytes used, bytes allocated */
  int oom;               /* an allocation failed: the text is incomplete */
} Out;

static void out_add (Out *o, const char *s, size_t n) {
  if (o->oom) return;
  if (o->n + n + 1 > o->cap) {
    size_t cap = o->cap ? o->cap : 4096;
    while (o->n + n + 1 > cap) cap *= 2;
    char *p = (char *)realloc(o->p, cap);
    if (!p) { o->oom = 1; return; }
    o->p = p; o->cap = cap;
  }
  memcpy(o->p + o->n, s, n);
  o->n += n;
}

/* A paragraph break: at most one "\n" in a row, none at the start, and
** no spaces before it. */
static void out_break (Out *o) {
  while (o->n > 0 && o->p[o->n - 1] == ' ') o->n--;
  if (o->n > 0 && o->p[o->n - 1] != '\n') out_add(o, "\n", 1);
}

/* Adds text with runs of ASCII whitespace collapsed to one space, and no
** space at the start of a line.  U+3000 and nbsp are kept: Chinese pages
** indent paragraphs with them and text.trim removes them. */
static void out_text (Out *o, const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      if (o->n > 0 && o->p[o->n - 1] != ' ' && o->p[o->n - 1] != '\n') out_add(o, " ", 1);
    } else {
      out_add(o, (const char *)s, 1);
    }
  }
}

static int name_is (const xmlNode *n, const char *name) {
  return n->name && p_xmlStrcasecmp(n->name, (const xmlChar *)name) == 0;
}

static int is_any (const xmlNode *n, const char *const *names) {
  for (; *names; names++) if (name_is(n, *names)) return 1;
  return 0;
}

static const char *const DROP[] = { "script", "style", "nav", "footer", "header", "aside",
  "noscript", "iframe", "form", "button", "select", "template", "svg", "object", "head", NULL };
static const char *const BLOCK[] = { "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3",
  "h4", "h5", "h6", "tr", "table", "section", "article", "blockquote", "pre", "dd", "dt",
  "dl", "hr", "center", "main", "figure", "figcaption", "address", NULL };
/* table cells: a row stays one line, its cells apart by a space, so that a
** label keeps its figure (<td>脱贫人口</td><td>8.6万人</td> -> "脱贫人口 8.6万人") */
static const char *const CELL[] = { "td", "th", NULL };
static const char *const BOILER[] = { "nav", "menu", "footer", "copyright", "breadcrumb",
  "sidebar", NULL };

/* class or id attribute that marks navigation or a footer */
static int boilerplate_attr (xmlNode *n) {
  static const char *const attrs[] = { "class", "id", NULL };
  for (const char *const *a = attrs; *a; a++) {
    xmlChar *v = p_xmlGetProp(n, (const xmlChar *)*a);
    if (!v) continue;
    char low[256];
    lower_copy(low, sizeof low, (const char *)v, strlen((const char *)v));
    (*p_xmlFree)(v);
    for (const char *const *b = BOILER; *b; b++) if (strstr(low, *b)) return 1;
  }
  return 0;
}

/* The text of the nodes from n on (and their siblings), depth-first, in a
** loop over parent links rather than by recursion: pages nest thousands
** deep (unclosed <font> tags) and all their text counts. */
static void walk (xmlNode *n, Out *o) {
  if (n == NULL) return;
  xmlNode *top = n->parent;
  while (n != NULL) {
    int down = 0;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content) out_text(o, (const char *)n->content);
    } else if (n->type == XML_ELEMENT_NODE && !is_any(n, DROP) && !boilerplate_attr(n)) {
      int block = is_any(n, BLOCK), cell = !block && is_any(n, CELL);
      if (block) out_break(o);
      if (cell) out_text(o, " ");        /* a table cell stays on its row's line */
      if (n->children) { n = n->children; down = 1; }
      else if (block) out_break(o);
      else if (cell) out_text(o, " ");
    }
    if (down) continue;
    /* next: the sibling, else up (closing each block element) until one */
    while (n != NULL && n->next == NULL) {
      n = n->parent;
      if (n == top || n == NULL) return;
      if (n->type == XML_ELEMENT_NODE) {
        if (is_any(n, BLOCK)) out_break(o);
        else if (is_any(n, CELL)) out_text(o, " ");
      }
    }
    if (n) n = n->next;
  }
}

/* First element called name (depth-first), or NULL. */
static xmlNode *find (xmlNode *n, const char *name, int depth) {
  for (; n && depth < AY_HTML_MAX_DEPTH; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (name_is(n, name)) return n;
    xmlNode *r = find(n->children, name, depth + 1);
    if (r) return r;
  }
  return NULL;
}

static const char *const DATE_META[] = { "article:published_time", "og:published_time",
  "pubdate", "publishdate", "publish_date", "publishtime", "publish-date", "datepublished",
  "dc.date.issued", "dc.date", "date", "sailthru.date", "article:modified_time", NULL };
static const char *const TITLE_META[] = { "og:title", "twitter:title", "title",
  "articletitle", NULL };

/* Looks through <meta name|property|itemprop=K content=V> for the keys in
** order of preference; returns a malloc'd copy of the best V or NULL. */
static char *meta_value (xmlNode *head, const char *const *keys) {
  int best = -1;
  char *val = NULL;
  for (xmlNode *n = head ? head->children : NULL; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || !name_is(n, "meta")) continue;
    static const char *const attrs[] = { "name", "property", "itemprop", "http-equiv", NULL };
    for (const char *const *a = attrs; *a; a++) {
      xmlChar *k = p_xmlGetProp(n, (const xmlChar *)*a);
      if (!k) continue;
      for (int i = 0; keys[i] && (best < 0 || i < best); i++) {
        if (p_xmlStrcasecmp(k, (const xmlChar *)keys[i]) == 0) {
          xmlChar *c = p_xmlGetProp(n, (const xmlChar *)"content");
          if (c && *c) {
            free(val);
            val = strdup((const char *)c);
            best = i;
          }
          if (c) (*p_xmlFree)(c);
          break;
        }
      }
      (*p_xmlFree)(k);
    }
  }
  return val;
}

static char *node_text (xmlNode *n) {
  Out o = { NULL, 0, 0, 0 };
  walk(n ? n->children : NULL, &o);
  out_add(&o, "", 1);
  if (o.oom) { free(o.p); return NULL; }
  /* a title is one line */
  for (size_t i = 0; i < o.n; i++) if (o.p[i] == '\n') o.p[i] = ' ';
  return o.p;
}

typedef struct Parts {
  const char *text; size_t n;   /* borrowed from the caller's Out */
  const char *title, *date;     /* borrowed; NULL when absent */
} Parts;

/* Pushes text and {title =, date =} under lua_pcall, so that a memory
** error cannot leak the malloc'd pieces the caller still holds. */
static int push_parts (lua_State *L) {
  const Parts *p = (const Parts *)lua_touserdata(L, 1);
  lua_pushlstring(L, p->text, p->n);
  lua_createtable(L, 0, 2);
  if (p->title) { lua_pushstring(L, p->title); lua_setfield(L, -2, "title"); }
  if (p->date) { lua_pushstring(L, p->date); lua_setfield(L, -2, "date"); }
  return 2;
}

/* read.html(s) -> text, {title =, date =}.  s must be UTF-8 (decode
** first: without a charset libxml2 would take it for Latin-1).  Never
** fails on bad markup (libxml2 recovers); raises only when out of memory.
** Dropped: script, style, nav, footer, header, aside, forms, and elements
** whose class or id says nav/menu/footer/copyright/breadcrumb/sidebar.
** Block elements end a line; runs of whitespace become one space. */
/* libxml2 stops nesting at 256 elements unless told XML_PARSE_HUGE (which
** htmlCtxtUseOptions honours; HTML_PARSE_HUGE is only its later name): old
** pages with hundreds of unclosed <font> tags lost their text past it. */
#define HTML_HUGE (1 << 19)

static int read_html (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  luaL_argcheck(L, len <= INT32_MAX, 1, "document larger than 2 GB");
  luaL_checkstack(L, 4, "read.html");
  needlib(L, &xml, load_xml, "read.html");
  htmlDocPtr doc = p_htmlReadMemory(s, (int)len, NULL, "UTF-8",
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_HUGE);
  Out o = { NULL, 0, 0, 0 };
  char *title = NULL, *date = NULL, *mtitle = NULL;
  if (doc) {
    xmlNode *root = p_xmlDocGetRootElement(doc);
    xmlNode *head = find(root, "head", 0);
    xmlNode *t = find(root, "title", 0);
    if (t) title = node_text(t);
    date = meta_value(head, DATE_META);
    mtitle = meta_value(head, TITLE_META);
    xmlNode *body = find(root, "body", 0);
    walk(body ? body->children : root, &o);
    p_xmlFreeDoc(doc);
  }
  out_break(&o);
  while (o.n > 0 && (o.p[o.n - 1] == '\n' || o.p[o.n - 1] == ' ')) o.n--;
  if (title) {                           /* trim the title's spaces */
    char *a = title;
    while (*a == ' ') a++;
    size_t n = strlen(a);
    while (n > 0 && a[n - 1] == ' ') n--;
    memmove(title, a, n); title[n] = '\0';
    if (!*title) { free(title); title = NULL; }
  }
  if (!title) { title = mtitle; mtitle = NULL; }
  int status = LUA_ERRMEM;
  if (!o.oom) {
    Parts p = { o.p ? o.p : "", o.n, title, date };
    lua_pushcfunction(L, push_parts);
    lua_pushlightuserdata(L, &p);
    status = lua_pcall(L, 1, 2, 0);
  }
  free(o.p); free(title); free(date); free(mtitle);
  if (status != LUA_OK) {
    if (status == LUA_ERRMEM && o.oom) return luaL_error(L, "read.html: out of memory");
    return lua_error(L);
  }
  return 2;
}
/* }====== */

/* {====== traditional -> simplified ====== */

typedef struct CC {
  opencc_t od;           /* owned; opencc_close in cc_gc; (opencc_t)-1 when closed */
} CC;

static int cc_gc (lua_State *L) {
  CC *c = (CC *)luaL_checkudata(L, 1, AY_OPENCC);
  if (c->od != (opencc_t)-1) { p_opencc_close(c->od); c->od = (opencc_t)-1; }
  return 0;
}

/* The state's t2s converter, opened on first use and kept in the registry
** (loading the dictionaries takes tens of ms).  NULL when it cannot open. */
static opencc_t get_cc (lua_State *L) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, AY_OPENCC ".t2s") == LUA_TUSERDATA) {
    CC *c = (CC *)lua_touserdata(L, -1);
    lua_pop(L, 1);
    return c->od;
  }
  lua_pop(L, 1);
  CC *c = (CC *)lua_newuserdatauv(L, sizeof(CC), 0);
  c->od = (opencc_t)-1;
  luaL_setmetatable(L, AY_OPENCC);
  c->od = p_opencc_open("t2s.json");
  lua_setfield(L, LUA_REGISTRYINDEX, AY_OPENCC ".t2s");
  return c->od;
}

/* Byte length of the UTF-8 unit at s (1 for an invalid byte). */
static size_t unit_len (const char *s, size_t len) {
  uint32_t cp;
  int n = ay_utf8_decode(s, len, &cp);
  return n > 0 ? (size_t)n : 1;
}

/* Same bytes-per-character shape: then every byte position of one is a
** position of the other, and spans map one to one. */
static int same_shape (const char *a, size_t alen, const char *b, size_t blen) {
  if (alen != blen) return 0;
  size_t i = 0;
  while (i < alen) {
    size_t n = unit_len(a + i, alen - i);
    if (unit_len(b + i, blen - i) != n) return 0;
    i += n;
  }
  return 1;
}

typedef struct Segs {
  lua_Integer *v;        /* owned (malloc): nstart, nlen, ostart, olen, ... */
  size_t n, cap;         /* integers used, allocated */
  int oom;
} Segs;

static void segs_add (Segs *g, size_t nst, size_t nlen, size_t ost, size_t olen) {
  if (g->oom) return;
  if (g->n + 4 > g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 64;
    lua_Integer *v = (lua_Integer *)realloc(g->v, cap * sizeof *v);
    if (!v) { g->oom = 1; return; }
    g->v = v; g->cap = cap;
  }
  g->v[g->n++] = (lua_Integer)nst; g->v[g->n++] = (lua_Integer)nlen;
  g->v[g->n++] = (lua_Integer)ost; g->v[g->n++] = (lua_Integer)olen;
}

/* Converts s[off..off+len) onto o; returns 0 when OpenCC fails. */
static int cc_piece (opencc_t od, const char *s, size_t off, size_t len, Out *o, Segs *g,
                     int per_char) {
  const char *p = s + off;
  if (!per_char) {
    char *r = p_opencc_convert_utf8(od, p, len);
    if (!r) return 0;
    size_t rn = strlen(r);
    int ok = same_shape(p, len, r, rn);
    if (ok) out_add(o, r, rn);
    p_opencc_convert_utf8_free(r);
    if (ok) return 1;
    /* phrase conversions changed lengths: redo this piece one character
    ** at a time, so that each change is a small span we can record */
  }
  size_t i = 0;
  while (i < len) {
    size_t n = unit_len(p + i, len - i);
    char *r = p_opencc_convert_utf8(od, p + i, n);
    if (!r) return 0;
    size_t rn = strlen(r);
    if (!same_shape(p + i, n, r, rn)) segs_add(g, o->n + 1, rn, off + i + 1, n);
    out_add(o, r, rn);
    p_opencc_convert_utf8_free(r);
    i += n;
  }
  return 1;
}

/* The same for s[off..off+len) that may hold ill-formed UTF-8 or NUL bytes:
** OpenCC reads past the end of a truncated sequence (found by `make fuzz`:
** ASan, strlen in MaxMatchSegmentation) and stops at a NUL, so it gets
** only runs of well-formed UTF-8 without NUL; each other byte is copied as
** it is. */
static int cc_text (opencc_t od, const char *s, size_t off, size_t len, Out *o, Segs *g) {
  size_t i = off, end = off + len;
  while (i < end) {
    size_t run = ay_utf8_check(s + i, end - i);
    const char *z = (const char *)memchr(s + i, '\0', run);
    if (z) run = (size_t)(z - (s + i));
    if (run > 0 && !cc_piece(od, s, i, run, o, g, 0)) return 0;
    i += run;
    if (i < end) { out_add(o, s + i, 1); i++; }
  }
  return 1;
}

typedef struct SimpleOut {
  const Out *o;          /* borrowed */
  const Segs *g;         /* borrowed */
  int same;              /* the text did not change: return the input */
} SimpleOut;

static int push_simple (lua_State *L) {
  const SimpleOut *so = (const SimpleOut *)lua_touserdata(L, 2);
  if (so->same) lua_pushvalue(L, 1);
  else lua_pushlstring(L, so->o->p ? so->o->p : "", so->o->n);
  if (so->g->n == 0) { lua_pushnil(L); return 2; }
  lua_createtable(L, (int)so->g->n, 0);
  for (size_t k = 0; k < so->g->n; k++) {
    lua_pushinteger(L, so->g->v[k]);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  return 2;
}

/* read.simplify(s) -> simplified, segments | nil, msg
** OpenCC t2s, line by line.  segments is nil when every character kept
** its byte length (the usual case: a position means the same byte in
** both strings); otherwise a flat array {nstart, nlen, ostart, olen, ...}
** of the 1-based byte spans that changed length, in order.  Returns
** nil, msg when the OpenCC configuration cannot be loaded. */
static int read_simplify (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  const char *why = ay_libready(&occ, load_occ);
  if (why) {
    luaL_pushfail(L);
    lua_pushfstring(L, "read.simplify: cannot load %s: %s", occ.soname, why);
    return 2;
  }
  opencc_t od = get_cc(L);
  if (od == (opencc_t)-1) {
    luaL_pushfail(L);
    lua_pushfstring(L, "read.simplify: cannot load OpenCC t2s.json: %s", p_opencc_error());
    return 2;
  }
  Out o = { NULL, 0, 0, 0 };
  Segs g = { NULL, 0, 0, 0 };
  int ok = 1;
  /* whole lines: OpenCC needs the context for phrases, and a line that
  ** keeps its shape needs no map */
  size_t i = 0;
  while (ok && i < len) {
    const char *nl = memchr(s + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - s) + 1 : len;
    ok = cc_text(od, s, i, e - i, &o, &g);
    i = e;
  }
  int status = LUA_ERRMEM;
  if (ok && !o.oom && !g.oom) {
    SimpleOut so = { &o, &g, o.n == len && (len == 0 || memcmp(o.p, s, len) == 0) };
    lua_pushcfunction(L, push_simple);
    lua_pushvalue(L, 1);
    lua_pushlightuserdata(L, &so);
    status = lua_pcall(L, 2, 2, 0);
  }
  free(o.p); free(g.v);
  if (status != LUA_OK) {
    if (status == LUA_ERRMEM && lua_gettop(L) == 1) return luaL_error(L, "read.simplify: out of memory");
    return lua_error(L);
  }
  return 2;
}
/* }====== */

/* {====== formats, binary files, plain text ======
** The reader's predicates, one definition for the reader (reader.lua) and
** the batch run's C path (ljob.c). */

/* Magic numbers of files that are not text (NULL name: not refused). */
static const struct { const char *magic, *name; } magics[] = {
  {"\x89PNG", "PNG image"}, {"%PDF-", "PDF document"}, {"GIF8", "GIF image"},
  {"\xFF\xD8\xFF", "JPEG image"}, {"PK\3\4", "ZIP archive (docx/xlsx?)"},
  {"\x1F\x8B", "gzip data"}, {"\xD0\xCF\x11\xE0", "OLE document (doc/xls?)"},
  {"BZh", NULL}, {"\x7F" "ELF", "ELF executable"}, {NULL, NULL}
};

/* The name of the binary format s starts with, or NULL. */
static const char *magicof (const char *s, size_t len) {
  for (int i = 0; magics[i].magic; i++) {
    size_t ml = strlen(magics[i].magic);
    if (magics[i].name && len >= ml && memcmp(s, magics[i].magic, ml) == 0) return magics[i].name;
  }
  return NULL;
}

/* read.binary(s [, nul_ok]) -> why s is not text ("binary file (PDF
** document)", "binary file (NUL bytes)": a NUL in the first 8 KiB, unless s
** starts with a UTF-16 BOM or nul_ok -- a JSONL file skips the line with
** the NUL, not the file), or nil */
static int read_binary (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  int nul_ok = lua_toboolean(L, 2);
  const char *m = magicof(s, len);
  if (m) { lua_pushfstring(L, "binary file (%s)", m); return 1; }
  if (len >= 2 && (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
                   ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF))) {
    lua_pushnil(L); return 1;
  }
  if (!nul_ok && memchr(s, 0, len < 8192 ? len : 8192)) lua_pushliteral(L, "binary file (NUL bytes)");
  else lua_pushnil(L);
  return 1;
}

static const char *const fmtnames[] = {"txt", "html", "jsonl", "csv", "tsv"};

int ay_read_format (const char *p, size_t len, const char *head, size_t hl) {
  static const struct { const char *ext; int fmt; } exts[] = {
    {"html", AY_FMT_HTML}, {"htm", AY_FMT_HTML}, {"xhtml", AY_FMT_HTML}, {"shtml", AY_FMT_HTML},
    {"jsonl", AY_FMT_JSONL}, {"ndjson", AY_FMT_JSONL}, {"csv", AY_FMT_CSV}, {"tsv", AY_FMT_TSV},
    {NULL, 0}
  };
  size_t e = len;                         /* the extension: alphanumerics after the last dot */
  while (e > 0 && isalnum((unsigned char)p[e - 1])) e--;
  if (e < len && e > 0 && p[e - 1] == '.')
    for (int i = 0; exts[i].ext; i++)
      if (strlen(exts[i].ext) == len - e && strncasecmp(exts[i].ext, p + e, len - e) == 0)
        return exts[i].fmt;
  if (head == NULL) return AY_FMT_TXT;
  /* a page starts with "<" (after BOM bytes and blanks), then <!doctype html or <html */
  size_t i = 0;
  while (i < hl && ((unsigned char)head[i] == 0xEF || (unsigned char)head[i] == 0xBB ||
                    (unsigned char)head[i] == 0xBF)) i++;
  while (i < hl && isspace((unsigned char)head[i])) i++;
  if (i >= hl || head[i] != '<') return AY_FMT_TXT;
  size_t h = 0, n = hl < 512 ? hl : 512;   /* the first 512 bytes, one BOM and blanks off */
  if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) h = 3;
  while (h < n && isspace((unsigned char)head[h])) h++;
  if ((n - h >= 14 && strncasecmp(head + h, "<!doctype html", 14) == 0) ||
      (n - h >= 5 && strncasecmp(head + h, "<html", 5) == 0)) return AY_FMT_HTML;
  return AY_FMT_TXT;
}

/* read.format(path [, head]) -> "txt" | "html" | "jsonl" | "csv" | "tsv": by
** the extension, else "html" when head (the file's first bytes) starts
** like a page, else "txt" */
static int read_format (lua_State *L) {
  size_t len, hl = 0;
  const char *p = luaL_checklstring(L, 1, &len);
  const char *head = luaL_optlstring(L, 2, NULL, &hl);
  lua_pushstring(L, fmtnames[ay_read_format(p, len, head, hl)]);
  return 1;
}

int ay_read_plain (const char *s, size_t len, size_t enough, size_t *trad) {
  if (trad) *trad = 0;
  if (len >= 0x7fffffffu || magicof(s, len)) return 0;
  size_t p = 0;                    /* read.format: [\xEF\xBB\xBF]* %s* "<" is a page */
  while (p < len && ((unsigned char)s[p] == 0xEF || (unsigned char)s[p] == 0xBB ||
                     (unsigned char)s[p] == 0xBF)) p++;
  if (p > 0) return 0;             /* a BOM, or bytes of one */
  while (p < len && isspace((unsigned char)s[p])) p++;
  if (p < len && s[p] == '<') return 0;
  return ay_utf8_plain(s, len, enough, trad);
}

/* read.plain(s) -> whether s needs nothing of the reader or the engine's
** normalization (see ay_read_plain in assay.h).
** read.plain(s, enough) -> plain, the traditional characters of a plain s
** counted up to enough in the same pass (as read.traditional counts them;
** nil when s is not plain) */
static int read_plain (lua_State *L) {
  size_t len, trad;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer enough = luaL_optinteger(L, 2, 0);
  luaL_argcheck(L, enough >= 0, 2, "must not be negative");
  int plain = ay_read_plain(s, len, (size_t)enough, &trad);
  if (plain) ay_mark_plain(L, 1);        /* checked: the regex module need not check it again */
  lua_pushboolean(L, plain);
  if (lua_isnoneornil(L, 2)) return 1;
  if (plain) lua_pushinteger(L, (lua_Integer)trad);
  else lua_pushnil(L);
  return 2;
}
/* }====== */


/* read.traditional(s [, enough]) -> count of traditional characters in s,
** up to enough (default: all): ay_traditional, the one definition the
** reader and the batch path share. */
static int read_traditional (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer enough = luaL_optinteger(L, 2, LUA_MAXINTEGER);
  luaL_argcheck(L, enough >= 0, 2, "must not be negative");
  lua_pushinteger(L, (lua_Integer)ay_traditional(s, len, (size_t)enough));
  return 1;
}

static const luaL_Reg funcs[] = {
  { "binary", read_binary },
  { "format", read_format },
  { "plain", read_plain },
  { "detect", read_detect },
  { "traditional", read_traditional },
  { "decode", read_decode },
  { "html", read_html },
  { "simplify", read_simplify },
  { NULL, NULL },
};

int luaopen_assay_read (lua_State *L) {
  luaL_newmetatable(L, AY_CONV);
  lua_pushcfunction(L, conv_gc); lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  luaL_newmetatable(L, AY_OPENCC);
  lua_pushcfunction(L, cc_gc); lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  luaL_newlib(L, funcs);
  return 1;
}
