/* xml_stream.h — libxml2 plumbing shared by the XML readers (UN, eCFR, FR).
 *
 * The readers walk a mapped file with libxml2's streaming xmlTextReader and
 * expand one record at a time (xmlTextReaderExpand), so memory stays bounded
 * by the largest record, not the file. libxml2's own error reporting is
 * routed to a per-stream buffer (never to stderr), and a parse failure is
 * turned into one vet_error line naming the file and line; a file that does
 * not end with its root element's end tag is VET_ETRUNCATED.
 *
 * The node helpers collect text of a DOM subtree; every string they return
 * is either written into a caller's vet__buf or allocated in a caller's
 * arena. Entities are never expanded and the network is never used. */
#ifndef VET_READERS_XML_STREAM_H
#define VET_READERS_XML_STREAM_H
#include <stddef.h>
#include <libxml/xmlreader.h>
#include "vet.h"
#include "core/arena.h"
#include "core/buf.h"

typedef struct vet__xml {
  xmlTextReaderPtr reader;
  const char *path;            /* borrowed, for messages */
  const char *data;            /* the mapped file, borrowed */
  size_t size;
  char first_error[512];       /* libxml2's first error message, with its line */
  unsigned long error_line;
  int had_error;
  char root[64];               /* name of the document element, once seen */
} vet__xml;

/* Opens a stream over data[0..size) (borrowed; must outlive the stream).
 * Returns 0 or VET_ENOMEM. Close with vet__xml_close(). */
int vet__xml_open(vet__xml *x, const char *path, const char *data, size_t size);
void vet__xml_close(vet__xml *x);

/* Advances to the next node: 1 on a node, 0 at the end of the document,
 * negative vet_status (err filled: "path:line: reason") on a parse error. */
int vet__xml_next(vet__xml *x, vet_error *err);
/* Skips the current node's subtree (after expanding it): as vet__xml_next. */
int vet__xml_skip(vet__xml *x, vet_error *err);
/* Expands the current element into a DOM subtree owned by the stream (valid
 * until the next vet__xml_next/skip). NULL on a parse error (err filled). */
xmlNodePtr vet__xml_expand(vet__xml *x, vet_error *err);
/* The error of a parse failure as a vet_status, filling err. */
int vet__xml_fail(vet__xml *x, vet_error *err);

/* 1 if the current node is the start of element `name`. */
int vet__xml_at(const vet__xml *x, const char *name);

/* The first child element of n named `name`, or NULL. */
xmlNodePtr vet__xml_child(xmlNodePtr n, const char *name);
/* 1 if n is an element named `name`. */
int vet__xml_is(xmlNodePtr n, const char *name);
/* The text of n and its descendants appended to b with runs of white space
 * (including line breaks) collapsed to one space; returns 0 or VET_ENOMEM. */
int vet__xml_text(vet__buf *b, xmlNodePtr n);
/* The collapsed, trimmed text of n, copied into the arena; NULL when empty,
 * and NULL with a->failed set when an allocation failed (so that callers
 * can tell "out of memory" from "absent"). */
const char *vet__xml_node_text(vet__arena *a, xmlNodePtr n);
/* The same for child element `name` of n; NULL also when there is none. */
const char *vet__xml_child_text(vet__arena *a, xmlNodePtr n, const char *name);
/* The value of attribute `name` of n copied into the arena, or NULL. */
const char *vet__xml_attr(vet__arena *a, xmlNodePtr n, const char *name);
/* The 1-based line of a node (0 if unknown). */
unsigned long vet__xml_line(xmlNodePtr n);
#endif
