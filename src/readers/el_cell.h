/* el_cell.h — reading the cells of an Entity List row (supplement no. 4 to
 * 15 CFR part 744), shared by the eCFR reader and the Federal Register rule
 * parser.
 *
 * Both publish the list as a five-column table (country, entity, license
 * requirement, license review policy, Federal Register citations); they only
 * differ in markup (eCFR: HTML-like <TD> with <br/>; FR: <ENT> with <LI>).
 * vet__el_cell_text() turns either markup into one plain form: line breaks
 * as '\n', footnote marks (<sup>, <SU>) dropped, an italic list "and"
 * (<E T="03">and</E>) as ';', italics opening a line marked (see
 * VET__EL_ITALIC), other white space collapsed. The parsers
 * below work on that form only.
 *
 * The entity cell is free text written by people over 25 years; its usual
 * shapes are
 *   NAME, ADDRESS.
 *   NAME, a.k.a., the following seven aliases:\n—A;\n—B; and\n—C.\n\nADDRESS; and ADDRESS.
 *   NAME (a.k.a. X; Y), ADDRESS.
 *   NAME, f.k.a., X, ADDRESS.
 * The name ends at the first comma that is not followed by a legal-form word
 * ("Co., Ltd.", "Pozitiv Teknolodzhiz, AO"), at a ';', a line break, an
 * alias marker, or at a full stop followed by an address-like start (a
 * digit, or a capital after a word that is not an abbreviation). When the
 * text announces a number of aliases ("seven"), vet__el_cell.announced holds
 * it so the caller can warn when the parse found a different number. */
#ifndef VET_READERS_EL_CELL_H
#define VET_READERS_EL_CELL_H
#include <stddef.h>
#include <libxml/tree.h>
#include "vet.h"
#include "core/arena.h"
#include "core/buf.h"

/* In the plain form, italics that open a line are wrapped in these two
 * bytes (eCFR affiliate names: "<E T="03">Huawei Tech. Investment Co.,</E>
 * U1 Building, ..."); vet__el_cell_parse() takes such a run as the name. */
#define VET__EL_ITALIC '\x02'
#define VET__EL_ITALIC_END '\x03'

typedef struct vet__el_alias {
  const char *text;
  vet_name_kind kind;           /* VET_NAME_AKA or VET_NAME_FKA */
} vet__el_alias;

typedef struct vet__el_cell {   /* all strings live in the arena given to the parser */
  const char *name;             /* the primary name; NULL if none was found */
  vet__el_alias *aliases;
  size_t n_aliases;
  int announced;                /* aliases the text announces in words/digits; -1: no count given */
  size_t n_listed;              /* aliases parsed from announced lists (compare with announced) */
  const char **addresses;       /* one line each, as published */
  size_t n_addresses;
  const char *remarks;          /* "(See alternate addresses under Pakistan)" and the like */
  int organization;             /* 1: a name holds a word that only organizations use */
  const char *doubt;            /* why the split of this cell is doubtful (static), or NULL */
} vet__el_cell;

/* Appends the plain form (see above) of the cell element `cell` to b.
 * `lines`: 1 for the entity cell (breaks kept as '\n', list "and" as ';'),
 * 0 for the other cells (everything on one line). Returns 0 or VET_ENOMEM. */
int vet__el_cell_text(vet__buf *b, xmlNodePtr cell, int lines);

/* Parses the plain entity text s[0..n) into out; strings are allocated in a.
 * Returns 0 or VET_ENOMEM (also when an allocation in `a` failed before:
 * a->failed). Never fails on odd text: what is not understood stays in the
 * addresses. */
int vet__el_cell_parse(vet__arena *a, const char *s, size_t n, vet__el_cell *out);

/* Parses a citations cell ("86 FR 60760, 11/4/21. 87 FR 6026, 2/3/22.").
 * Each citation gets the date that follows it as ISO "YYYY-MM-DD" (NULL if
 * none). *out is allocated in a; *n_out is its length. Returns 0 or VET_ENOMEM. */
int vet__el_citations_parse(vet__arena *a, const char *s, size_t n, vet_citation **out,
                            size_t *n_out);

/* The number a word such as "seven" or "21" stands for, or -1. */
int vet__el_number_word(const char *s, size_t n);
#endif
