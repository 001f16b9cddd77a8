/* xml_stream.c — see xml_stream.h.
 *
 * libxml2 2.9 reports parser errors through a structured handler set per
 * text reader; we keep the first one (later ones are consequences). A parse
 * error in a file that does not end with its root element's end tag means
 * the file was cut short, which is worth its own status (VET_ETRUNCATED). */
#include "readers/xml_stream.h"
#include "core/error.h"
#include "core/text.h"

#include <stdio.h>
#include <string.h>

static void on_error(void *userdata, xmlErrorPtr e) {
  vet__xml *x = userdata;
  if (!e || e->level < XML_ERR_ERROR || x->had_error) return;
  x->had_error = 1;
  x->error_line = e->line > 0 ? (unsigned long)e->line : 0;
  snprintf(x->first_error, sizeof x->first_error, "%s", e->message ? e->message : "XML error");
  size_t n = strlen(x->first_error);
  while (n && (x->first_error[n - 1] == '\n' || x->first_error[n - 1] == ' ')) x->first_error[--n] = '\0';
}

int vet__xml_open(vet__xml *x, const char *path, const char *data, size_t size) {
  memset(x, 0, sizeof *x);
  x->path = path;
  x->data = data;
  x->size = size;
  /* The document element's name, from the bytes: the first "<" that opens
   * an element (not "<?" or "<!"). Errors may come before the reader has
   * reported any node. */
  for (size_t i = 0; i + 1 < size; i++) {
    if (data[i] != '<' || data[i + 1] == '?' || data[i + 1] == '!') continue;
    size_t k = 0;
    while (i + 1 + k < size && k + 1 < sizeof x->root && data[i + 1 + k] != '>' && data[i + 1 + k] != ' ' &&
           data[i + 1 + k] != '\n' && data[i + 1 + k] != '\r' && data[i + 1 + k] != '\t' && data[i + 1 + k] != '/') {
      x->root[k] = data[i + 1 + k];
      k++;
    }
    x->root[k] = '\0';
    break;
  }
  xmlInitParser();
  /* No entity substitution, no DTD loading, no network; huge text nodes allowed. */
  x->reader = xmlReaderForMemory(data, (int)size, path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_BIG_LINES);
  if (!x->reader) return VET_ENOMEM;
  xmlTextReaderSetStructuredErrorHandler(x->reader, on_error, x);
  return 0;
}

void vet__xml_close(vet__xml *x) {
  if (x->reader) xmlFreeTextReader(x->reader);
  x->reader = NULL;
}

/* 1 if the data ends (white space aside) with the end tag of the root
 * element: a complete document. A parse error in a file that does not is
 * taken as truncation. */
static int ends_with_root(const vet__xml *x) {
  if (!x->root[0]) return 0;
  size_t n = x->size;
  while (n && (x->data[n - 1] == ' ' || x->data[n - 1] == '\n' || x->data[n - 1] == '\r' ||
               x->data[n - 1] == '\t'))
    n--;
  char tag[80];
  int k = snprintf(tag, sizeof tag, "</%s>", x->root);
  return k > 0 && (size_t)k < sizeof tag && n >= (size_t)k && !memcmp(x->data + n - k, tag, (size_t)k);
}

int vet__xml_fail(vet__xml *x, vet_error *err) {
  unsigned long line = x->error_line ? x->error_line
                                     : (unsigned long)xmlTextReaderGetParserLineNumber(x->reader);
  const char *why = x->had_error ? x->first_error : "malformed XML";
  if (!ends_with_root(x))
    return vet__error_at(err, VET_ETRUNCATED, x->path, line,
                         "the file ends in the middle of the XML document (truncated?): %s", why);
  return vet__error_at(err, VET_EFORMAT, x->path, line, "malformed XML: %s", why);
}

int vet__xml_next(vet__xml *x, vet_error *err) {
  int r = xmlTextReaderRead(x->reader);
  if (r < 0 || x->had_error) return vet__xml_fail(x, err);

  return r;
}

int vet__xml_skip(vet__xml *x, vet_error *err) {
  int r = xmlTextReaderNext(x->reader);
  if (r < 0 || x->had_error) return vet__xml_fail(x, err);
  return r;
}

xmlNodePtr vet__xml_expand(vet__xml *x, vet_error *err) {
  xmlNodePtr n = xmlTextReaderExpand(x->reader);
  if (!n || x->had_error) {
    vet__xml_fail(x, err);
    return NULL;
  }
  return n;
}

int vet__xml_at(const vet__xml *x, const char *name) {
  if (xmlTextReaderNodeType(x->reader) != XML_READER_TYPE_ELEMENT) return 0;
  const xmlChar *n = xmlTextReaderConstName(x->reader);
  return n && strcmp((const char *)n, name) == 0;
}

int vet__xml_is(xmlNodePtr n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr vet__xml_child(xmlNodePtr n, const char *name) {
  for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
    if (vet__xml_is(c, name)) return c;
  return NULL;
}

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int append_collapsed(vet__buf *b, const char *s) {
  for (; *s; s++) {
    if (is_space((unsigned char)*s)) {
      if (b->len && b->data[b->len - 1] != ' ' && vet__buf_putc(b, ' ')) return VET_ENOMEM;
    } else if (vet__buf_putc(b, *s)) {
      return VET_ENOMEM;
    }
  }
  return 0;
}

static int text_rec(vet__buf *b, xmlNodePtr n) {
  for (; n; n = n->next) {
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
      if (append_collapsed(b, (const char *)n->content)) return VET_ENOMEM;
    } else if (n->type == XML_ELEMENT_NODE && n->children) {
      if (text_rec(b, n->children)) return VET_ENOMEM;
    }
  }
  return 0;
}

int vet__xml_text(vet__buf *b, xmlNodePtr n) {
  if (!n) return 0;
  if (n->type == XML_TEXT_NODE && n->content) return append_collapsed(b, (const char *)n->content);
  return text_rec(b, n->children);
}

const char *vet__xml_node_text(vet__arena *a, xmlNodePtr n) {
  vet__buf b = VET__BUF_INIT;
  const char *out = NULL;
  if (vet__xml_text(&b, n)) vet__arena_fail(a);   /* not "absent": the caller checks a->failed */
  else if (b.len) {
    const char *s = b.data;
    size_t len = b.len;
    vet__trim(&s, &len);
    if (len) out = vet__arena_strndup(a, s, len);
  }
  vet__buf_free(&b);
  return out;
}

const char *vet__xml_child_text(vet__arena *a, xmlNodePtr n, const char *name) {
  xmlNodePtr c = vet__xml_child(n, name);
  return c ? vet__xml_node_text(a, c) : NULL;
}

const char *vet__xml_attr(vet__arena *a, xmlNodePtr n, const char *name) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  if (!v) return NULL;
  const char *out = vet__arena_strdup(a, (const char *)v);
  xmlFree(v);
  return out;
}

unsigned long vet__xml_line(xmlNodePtr n) {
  long l = n ? xmlGetLineNo(n) : 0;
  return l > 0 ? (unsigned long)l : 0;
}
