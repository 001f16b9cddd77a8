/* codec.c — see codec.h. The record layout:
 *
 *   str list_id, str source_id, str source_list, u8 type
 *   varint n, n × {str text, u8 kind, u8 strength, str quality, str script}   names
 *   varint n, n × {8 str: text street city state postal country code note}    addresses
 *   varint n, n × str                                                         nationalities
 *   varint n, n × str                                                         citizenships
 *   varint n, n × {str text, varint year_from, year_to, month, day, approx}   births
 *   varint n, n × str                                                         places of birth
 *   varint n, n × {str type, number, country, note}                           ids
 *   varint n, n × str                                                         programs
 *   varint n, n × {str text, date}                                            citations
 *   varint n, n × {str key, value}                                            attrs
 *   str listing_date, license_requirement, license_policy, remarks, source_url
 */
#include "snapshot/codec.h"
#include "core/arena.h"

#include <stdlib.h>
#include <string.h>

/* ---- encoding */

static int put_str(vet__buf *b, const char *s) {
  return vet__buf_append(b, s ? s : "", (s ? strlen(s) : 0) + 1);
}

static int put_u8(vet__buf *b, unsigned v) { return vet__buf_putc(b, (char)(unsigned char)v); }

static int put_var(vet__buf *b, uint64_t v) {
  do {
    unsigned char c = v & 0x7F;
    v >>= 7;
    if (v) c |= 0x80;
    if (vet__buf_putc(b, (char)c)) return VET_ENOMEM;
  } while (v);
  return 0;
}

static int put_strs(vet__buf *b, const char *const *v, size_t n) {
  int rc = put_var(b, n);
  for (size_t i = 0; i < n && !rc; i++) rc = put_str(b, v[i]);
  return rc;
}

int vet__entity_encode(vet__buf *b, const vet_entity *e) {
  int rc = 0;
#define P(x) do { if ((rc = (x))) return rc; } while (0)
  P(put_str(b, e->list_id));
  P(put_str(b, e->source_id));
  P(put_str(b, e->source_list));
  P(put_u8(b, (unsigned)e->type));
  P(put_var(b, e->n_names));
  for (size_t i = 0; i < e->n_names; i++) {
    const vet_name *n = &e->names[i];
    P(put_str(b, n->text));
    P(put_u8(b, (unsigned)n->kind));
    P(put_u8(b, (unsigned)n->strength));
    P(put_str(b, n->quality));
    P(put_str(b, n->script));
  }
  P(put_var(b, e->n_addresses));
  for (size_t i = 0; i < e->n_addresses; i++) {
    const vet_address *a = &e->addresses[i];
    const char *parts[8] = {a->text, a->street, a->city, a->state, a->postal_code,
                            a->country, a->country_code, a->note};
    for (int k = 0; k < 8; k++) P(put_str(b, parts[k]));
  }
  P(put_strs(b, e->nationalities, e->n_nationalities));
  P(put_strs(b, e->citizenships, e->n_citizenships));
  P(put_var(b, e->n_births));
  for (size_t i = 0; i < e->n_births; i++) {
    const vet_date *d = &e->births[i];
    P(put_str(b, d->text));
    P(put_var(b, (uint64_t)(d->year_from > 0 ? d->year_from : 0)));
    P(put_var(b, (uint64_t)(d->year_to > 0 ? d->year_to : 0)));
    P(put_var(b, (uint64_t)(d->month > 0 ? d->month : 0)));
    P(put_var(b, (uint64_t)(d->day > 0 ? d->day : 0)));
    P(put_u8(b, d->approximate ? 1 : 0));
  }
  P(put_strs(b, e->places_of_birth, e->n_places_of_birth));
  P(put_var(b, e->n_ids));
  for (size_t i = 0; i < e->n_ids; i++) {
    P(put_str(b, e->ids[i].type));
    P(put_str(b, e->ids[i].number));
    P(put_str(b, e->ids[i].country));
    P(put_str(b, e->ids[i].note));
  }
  P(put_strs(b, e->programs, e->n_programs));
  P(put_var(b, e->n_citations));
  for (size_t i = 0; i < e->n_citations; i++) {
    P(put_str(b, e->citations[i].text));
    P(put_str(b, e->citations[i].date));
  }
  P(put_var(b, e->n_attrs));
  for (size_t i = 0; i < e->n_attrs; i++) {
    P(put_str(b, e->attrs[i].key));
    P(put_str(b, e->attrs[i].value));
  }
  P(put_str(b, e->listing_date));
  P(put_str(b, e->license_requirement));
  P(put_str(b, e->license_policy));
  P(put_str(b, e->remarks));
  P(put_str(b, e->source_url));
#undef P
  return 0;
}

/* ---- decoding */

typedef struct rd {
  const char *p, *end;
  int bad;
} rd;

static const char *get_str(rd *r) {
  if (r->bad) return NULL;
  const char *nul = memchr(r->p, '\0', (size_t)(r->end - r->p));
  if (!nul) { r->bad = 1; return NULL; }
  const char *s = r->p;
  r->p = nul + 1;
  return *s ? s : NULL;
}

static unsigned get_u8(rd *r) {
  if (r->bad || r->p >= r->end) { r->bad = 1; return 0; }
  return (unsigned char)*r->p++;
}

static uint64_t get_var(rd *r) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (r->bad || r->p >= r->end) { r->bad = 1; return 0; }
    unsigned char c = (unsigned char)*r->p++;
    v |= (uint64_t)(c & 0x7F) << shift;
    if (!(c & 0x80)) return v;
  }
  r->bad = 1;
  return 0;
}

/* A count that cannot exceed the bytes left (each element takes at least one). */
static size_t get_count(rd *r) {
  uint64_t n = get_var(r);
  if (n > (uint64_t)(r->end - r->p)) { r->bad = 1; return 0; }
  return (size_t)n;
}

typedef struct holder {
  vet_entity e;       /* first: vet_entity_free() casts back */
  vet__arena arena;
} holder;

void vet_entity_free(vet_entity *e) {
  if (!e) return;
  holder *h = (holder *)e;
  vet__arena_free(&h->arena);
  free(h);
}

#define ALLOC(ptr, n) do { (ptr) = (n) ? vet__arena_alloc(&h->arena, (n) * sizeof *(ptr)) : NULL; \
    if ((n) && !(ptr)) goto nomem; } while (0)

static const char *const *get_strs(rd *r, holder *h, size_t *count) {
  size_t n = get_count(r);
  *count = 0;
  if (r->bad || n == 0) return NULL;
  const char **v = vet__arena_alloc(&h->arena, n * sizeof *v);
  if (!v) { r->bad = 2; return NULL; }
  for (size_t i = 0; i < n; i++) v[i] = get_str(r);
  *count = n;
  return v;
}

int vet__entity_peek_key(const char *rec, size_t n, const char **list_id, const char **source_id) {
  rd r = {rec, rec + n, 0};
  *list_id = get_str(&r);
  *source_id = get_str(&r);
  return r.bad || !*list_id || !*source_id ? VET_ECORRUPT : 0;
}

int vet__entity_decode(const char *rec, size_t len, vet_entity **out) {
  *out = NULL;
  holder *h = calloc(1, sizeof *h);
  if (!h) return VET_ENOMEM;
  vet__arena_init(&h->arena, 2048);
  vet_entity *e = &h->e;
  rd r = {rec, rec + len, 0};
  e->list_id = get_str(&r);
  e->source_id = get_str(&r);
  e->source_list = get_str(&r);
  e->type = (vet_entity_type)get_u8(&r);
  if (e->type > VET_TYPE_AIRCRAFT) r.bad = 1;

  size_t n = get_count(&r);
  vet_name *names;
  ALLOC(names, n);
  for (size_t i = 0; i < n && !r.bad; i++) {
    names[i].text = get_str(&r);
    names[i].kind = (vet_name_kind)get_u8(&r);
    names[i].strength = (vet_name_strength)get_u8(&r);
    names[i].quality = get_str(&r);
    names[i].script = get_str(&r);
    names[i].original_script = names[i].script != NULL;
    if (!names[i].text || names[i].kind > VET_NAME_NKA || names[i].strength > VET_STRENGTH_WEAK)
      r.bad = 1;
  }
  e->names = names;
  e->n_names = r.bad ? 0 : n;

  n = get_count(&r);
  vet_address *addr;
  ALLOC(addr, n);
  for (size_t i = 0; i < n && !r.bad; i++) {
    addr[i].text = get_str(&r);
    addr[i].street = get_str(&r);
    addr[i].city = get_str(&r);
    addr[i].state = get_str(&r);
    addr[i].postal_code = get_str(&r);
    addr[i].country = get_str(&r);
    addr[i].country_code = get_str(&r);
    addr[i].note = get_str(&r);
  }
  e->addresses = addr;
  e->n_addresses = n;
  e->nationalities = get_strs(&r, h, &e->n_nationalities);
  e->citizenships = get_strs(&r, h, &e->n_citizenships);

  n = get_count(&r);
  vet_date *births;
  ALLOC(births, n);
  for (size_t i = 0; i < n && !r.bad; i++) {
    births[i].text = get_str(&r);
    births[i].year_from = (int)get_var(&r);
    births[i].year_to = (int)get_var(&r);
    births[i].month = (int)get_var(&r);
    births[i].day = (int)get_var(&r);
    births[i].approximate = (int)get_u8(&r);
  }
  e->births = births;
  e->n_births = n;
  e->places_of_birth = get_strs(&r, h, &e->n_places_of_birth);

  n = get_count(&r);
  vet_identifier *ids;
  ALLOC(ids, n);
  for (size_t i = 0; i < n && !r.bad; i++) {
    ids[i].type = get_str(&r);
    ids[i].number = get_str(&r);
    ids[i].country = get_str(&r);
    ids[i].note = get_str(&r);
  }
  e->ids = ids;
  e->n_ids = n;
  e->programs = get_strs(&r, h, &e->n_programs);

  n = get_count(&r);
  vet_citation *cit;
  ALLOC(cit, n);
  for (size_t i = 0; i < n && !r.bad; i++) {
    cit[i].text = get_str(&r);
    cit[i].date = get_str(&r);
  }
  e->citations = cit;
  e->n_citations = n;

  n = get_count(&r);
  vet_attr *attrs;
  ALLOC(attrs, n);
  for (size_t i = 0; i < n && !r.bad; i++) {
    attrs[i].key = get_str(&r);
    attrs[i].value = get_str(&r);
  }
  e->attrs = attrs;
  e->n_attrs = n;
  e->listing_date = get_str(&r);
  e->license_requirement = get_str(&r);
  e->license_policy = get_str(&r);
  e->remarks = get_str(&r);
  e->source_url = get_str(&r);
  if (r.bad == 2) goto nomem;
  if (r.bad || !e->list_id || !e->source_id || e->n_names == 0) {
    vet_entity_free(e);
    return VET_ECORRUPT;
  }
  *out = e;
  return 0;
nomem:
  vet_entity_free(e);
  return VET_ENOMEM;
}
