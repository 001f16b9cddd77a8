/* adjust.c — what raises or lowers a score beyond the name.
 *
 * Each rule adds a delta and says why (vet_adjustment):
 *   type     query type given and the entity's known: same +0.02, other -0.15;
 *            no type given, but the query name reads as an organization
 *            (its first or last word is a legal form: "Blue Marine Oy") and
 *            the entity is a person: -0.10 (a person's own name with a legal
 *            form still reaches the threshold; a partial one does not);
 *   country  query country given and the entity has countries (addresses,
 *            nationalities, citizenships): among them +0.03, else -0.05;
 *   dob      query date given and the entity has dates of birth: same full
 *            date +0.08, year ranges overlap +0.04 (approximate dates widen
 *            by two years), within a year of a range 0, else -0.15;
 *   id       an identifier of the query equals one of the entity's (letters
 *            and digits compared, case-insensitive): +0.25.
 * The weak-alias rule is in matcher.c (it depends on the name, not the
 * entity). Reasons are static strings: no allocation. Stateless. */
#include "match/matcher.h"

#include <stdlib.h>
#include <string.h>
#include "model/builder.h"

#define D_TYPE_SAME 0.02
#define D_TYPE_OTHER (-0.15)
#define D_TYPE_IMPLIED (-0.10)
#define D_COUNTRY_SAME 0.03
#define D_COUNTRY_OTHER (-0.05)
#define D_DOB_EXACT 0.08
#define D_DOB_YEAR 0.04
#define D_DOB_OTHER (-0.15)
#define D_ID 0.25

static size_t norm_id(const char *s, char *out, size_t cap) {
  size_t k = 0;
  for (; *s && k + 1 < cap; s++) {
    char c = *s;
    if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out[k++] = c;
  }
  out[k] = 0;
  return k;
}

static void push(vet_adjustment *adj, size_t cap, size_t *n, double *delta, const char *what,
                 double d, const char *reason) {
  *delta += d;
  if (*n < cap) adj[(*n)++] = (vet_adjustment){what, d, reason};
}

size_t vet__adjust(const vet__mindex *idx, uint32_t e, const vet_query *q, int query_org,
                   vet_adjustment *adj, size_t cap, double *delta) {
  size_t n = 0;
  *delta = 0;
  const vet__ment *m = &idx->ent[e];
  if (q->type != VET_TYPE_UNKNOWN && m->type != VET_TYPE_UNKNOWN) {
    if ((int)q->type == m->type)
      push(adj, cap, &n, delta, "type", D_TYPE_SAME, "The listed entity is of the type asked for.");
    else
      push(adj, cap, &n, delta, "type", D_TYPE_OTHER, "The listed entity is of another type than asked for.");
  } else if (q->type == VET_TYPE_UNKNOWN && query_org && m->type == VET_TYPE_PERSON) {
    push(adj, cap, &n, delta, "type", D_TYPE_IMPLIED,
         "The name reads as an organization (it has a legal form); the listed entity is a person.");
  }
  if (q->country && *q->country && m->countries) {
    char cc[3] = {0};
    size_t l = strlen(q->country);
    if (l == 2) {
      cc[0] = (char)(q->country[0] & ~0x20);
      cc[1] = (char)(q->country[1] & ~0x20);
    } else {
      const char *c = vet__country_code(q->country, l);
      if (c) memcpy(cc, c, 2);
    }
    if (cc[0]) {
      const char *codes = vet__mindex_str(idx, m->countries);
      int found = 0;
      for (size_t i = 0; codes[i] && codes[i + 1]; i += 2)
        if (codes[i] == cc[0] && codes[i + 1] == cc[1]) found = 1;
      if (found)
        push(adj, cap, &n, delta, "country", D_COUNTRY_SAME, "The country asked for is among the entity's countries.");
      else
        push(adj, cap, &n, delta, "country", D_COUNTRY_OTHER, "The country asked for is not among the entity's countries.");
    }
  }
  if (q->dob && *q->dob && m->n_births) {
    vet_date d;
    if (vet__date_parse(q->dob, 0, &d) && d.year_from) {
      int qf = d.year_from, qt = d.year_to ? d.year_to : d.year_from;
      if (d.approximate) qf -= 2, qt += 2;
      int best = 3;   /* 0 exact, 1 year, 2 near, 3 other */
      for (uint32_t i = 0; i < m->n_births && m->births + i < idx->h->n_births; i++) {
        const vet__mbirth *b = &idx->births[m->births + i];
        int ef = b->year_from, et = b->year_to;
        if (b->approximate) ef -= 2, et += 2;
        if (d.month && d.day && b->month && b->day && ef == et && qf == qt && ef == qf &&
            b->month == d.month && b->day == d.day)
          best = 0;
        else if (qf <= et && ef <= qt) {
          if (best > 1) best = 1;
        } else if (qf <= et + 1 && ef - 1 <= qt) {
          if (best > 2) best = 2;
        }
      }
      if (best == 0)
        push(adj, cap, &n, delta, "dob", D_DOB_EXACT, "The date of birth matches.");
      else if (best == 1)
        push(adj, cap, &n, delta, "dob", D_DOB_YEAR, "The year of birth matches.");
      else if (best == 3)
        push(adj, cap, &n, delta, "dob", D_DOB_OTHER, "The date of birth differs by more than a year.");
    }
  }
  if (q->n_ids && m->ids) {
    int hit = 0;
    for (size_t i = 0; i < q->n_ids && !hit; i++) {
      char a[128];
      if (!q->ids[i] || norm_id(q->ids[i], a, sizeof a) < 4) continue;
      const char *end = idx->pool + idx->h->pool_size;   /* a damaged list may lack its final "" */
      for (const char *s = vet__mindex_str(idx, m->ids); s < end && *s; s += strlen(s) + 1)
        if (!strcmp(s, a)) hit = 1;
    }
    if (hit) push(adj, cap, &n, delta, "id", D_ID, "An identifier of the query is one of the entity's.");
  }
  return n;
}
