/* list_samples.h — the first records of a real list file, for tests that
 * run an operation many times (test_alloc_fail_readers.c,
 * test_alloc_fail_import.c): the first lines of a text file, or an XML file
 * with only the first few of each repeated element under each parent (which
 * keeps it well formed). Static functions; each test file includes it once. */
#ifndef VET_TEST_LIST_SAMPLES_H
#define VET_TEST_LIST_SAMPLES_H
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>

/* Writes the first `lines` lines of src to dst. */
static inline int head_lines(const char *src, const char *dst, int lines) {
  FILE *in = fopen(src, "rb"), *out = in ? fopen(dst, "wb") : NULL;
  if (!out) {
    if (in) fclose(in);
    return -1;
  }
  int c, n = 0;
  while (n < lines && (c = fgetc(in)) != EOF) {
    fputc(c, out);
    n += c == '\n';
  }
  fclose(in);
  return fclose(out);
}

/* Keeps, under each element, the first `keep` children named by each of
 * `names` (the repeated records of a list), and drops the rest. */
static inline void prune(xmlNode *parent, const char *const *names, int keep) {
  int seen[8] = {0};
  for (xmlNode *c = parent->children, *next; c; c = next) {
    next = c->next;
    if (c->type != XML_ELEMENT_NODE) continue;
    int dropped = 0;
    for (int k = 0; names[k]; k++)
      if (!strcmp((const char *)c->name, names[k]) && ++seen[k] > keep) {
        xmlUnlinkNode(c);
        xmlFreeNode(c);
        dropped = 1;
        break;
      }
    if (!dropped) prune(c, names, keep);
  }
}

static inline int xml_sample(const char *src, const char *dst, const char *const *names, int keep) {
  xmlDoc *doc = xmlReadFile(src, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
  if (!doc) return -1;
  prune(xmlDocGetRootElement(doc), names, keep);
  int rc = xmlSaveFile(dst, doc) < 0 ? -1 : 0;
  xmlFreeDoc(doc);
  return rc;
}

#endif
