/* html.c — the text of an HTML page, for vet text --html.
 *
 * libxml2's HTML parser (recovering, no network, no error output) builds
 * the tree; its text nodes are concatenated in document order, with a blank
 * line after block elements (so a name in one paragraph never joins a word
 * of the next) and a line break for <br>. script, style, noscript, head
 * metadata and comments are dropped; no-break spaces become spaces. The
 * input is read as UTF-8. */
#include "text/text_int.h"
#include "core/error.h"

#include <libxml/HTMLparser.h>
#include <string.h>
#include <strings.h>

static int is_block(const char *n) {
  static const char *const blocks[] = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
                                       "h6", "tr", "td", "th", "table", "section", "article",
                                       "header", "footer", "blockquote", "pre", "title", "dd",
                                       "dt", "figcaption", "nav", "aside", "main", "form"};
  for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
    if (!strcasecmp(n, blocks[i])) return 1;
  return 0;
}

static int walk(xmlNode *node, vet__buf *out) {
  for (xmlNode *n = node; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      /* No-break spaces (&nbsp;) become spaces: they join words only visually. */
      for (const char *c = (const char *)n->content; c && *c; c++) {
        if ((unsigned char)c[0] == 0xC2 && (unsigned char)c[1] == 0xA0) {
          if (vet__buf_putc(out, ' ')) return VET_ENOMEM;
          c++;
        } else if (vet__buf_putc(out, *c)) {
          return VET_ENOMEM;
        }
      }
      continue;
    }
    if (n->type != XML_ELEMENT_NODE) continue;
    const char *name = (const char *)n->name;
    if (!strcasecmp(name, "script") || !strcasecmp(name, "style") || !strcasecmp(name, "noscript") ||
        !strcasecmp(name, "template"))
      continue;
    if (!strcasecmp(name, "br")) {
      if (vet__buf_putc(out, '\n')) return VET_ENOMEM;
      continue;
    }
    int block = is_block(name);
    if (block && out->len && vet__buf_puts(out, "\n\n")) return VET_ENOMEM;
    if (walk(n->children, out)) return VET_ENOMEM;
    if (block && vet__buf_puts(out, "\n\n")) return VET_ENOMEM;
  }
  return VET_OK;
}

int vet_text_from_html(const char *html, size_t n, char **text, size_t *text_n, vet_error *err) {
  *text = NULL;
  *text_n = 0;
  htmlDocPtr doc = htmlReadMemory(html, (int)n, NULL, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_NONET | HTML_PARSE_NOBLANKS);
  if (!doc) return vet__error_set(err, VET_EFORMAT, "not an HTML document libxml2 can read");
  vet__buf out = VET__BUF_INIT;
  int rc = walk(xmlDocGetRootElement(doc), &out);
  xmlFreeDoc(doc);
  if (rc) {
    vet__buf_free(&out);
    return vet__error_set(err, VET_ENOMEM, "out of memory");
  }
  *text_n = out.len;
  *text = out.data ? vet__buf_take(&out) : strdup("");
  if (!*text) return vet__error_set(err, VET_ENOMEM, "out of memory");
  return VET_OK;
}
