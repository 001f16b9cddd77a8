/* mstate.c — the shared, immutable matching state of an open snapshot: the
 * parsed dictionary, the mapped index (matcher.h), per token the first
 * letters its spellings are written with, and per name token the record the
 * score bound reads (vet__btok). The index keeps a name variant
 * as its class's canonical token ("Elena" as "yelena", "Kassem" as
 * "qasim"), but an initial is written from the spelling ("E. Ivanova",
 * "K. Hejeij"): an initial pairs with a token when some spelling of the
 * token's class (variants.txt) starts with its letter. Made at open from
 * the dictionary (a few thousand lookups), so the index format is
 * unchanged. */
#include "match/matcher.h"

#include <stdlib.h>
#include <string.h>
#include "core/error.h"

typedef struct firsts_ctx { vet__mstate *st; } firsts_ctx;

static void add_first(void *arg, const char *phrase, const char *canonical, vet__dict_kind kind) {
  vet__mstate *st = ((firsts_ctx *)arg)->st;
  if (kind != VET__DK_VARIANT || strchr(canonical, ' ') || phrase[0] < 'a' || phrase[0] > 'z') return;
  uint32_t id = vet__mindex_find(&st->idx, canonical, strlen(canonical), 0);
  if (id != UINT32_MAX) st->firsts[id] |= 1u << (phrase[0] - 'a');
}

/* Fills st->firsts: each token's own first letter, and those of its class's
 * spellings. Returns 0 or VET_ENOMEM. */
static int make_firsts(vet__mstate *st, vet_error *err) {
  uint32_t n = st->idx.h->n_tokens;
  st->firsts = calloc((size_t)n + 1, sizeof *st->firsts);
  if (!st->firsts) return vet__error_set(err, VET_ENOMEM, "out of memory");
  for (uint32_t i = 0; i < n; i++) {
    char c = st->idx.pool[st->idx.toks[i].text];
    if (c >= 'a' && c <= 'z') st->firsts[i] = 1u << (c - 'a');
  }
  firsts_ctx ctx = {st};
  vet__dict_each(st->dict, add_first, &ctx);
  return 0;
}

/* Fills st->btok from the token table and st->firsts. */
static int make_btoks(vet__mstate *st, vet_error *err) {
  const vet__mindex *idx = &st->idx;
  uint32_t n = idx->h->n_name_toks;
  st->btok = calloc((size_t)n + 1, sizeof *st->btok);
  if (!st->btok) return vet__error_set(err, VET_ENOMEM, "out of memory");
  for (uint32_t i = 0; i < n; i++) {
    uint32_t t = idx->name_toks[i] & VET__NT_ID;
    vet__btok *b = &st->btok[i];
    if (t >= idx->h->n_tokens) {
      b->flags = VET__BT_BAD;
      continue;
    }
    const vet__mtok *mt = &idx->toks[t];
    b->w = mt->w;
    b->firsts = st->firsts[t];
    b->first = idx->pool[mt->text];
    b->flags = (mt->len == 1 ? VET__BT_ONE : 0) | (mt->len > 1 ? VET__BT_LONG : 0) |
               (mt->flags & VET__TOK_TRIVIAL ? VET__BT_TRIVIAL : 0);
  }
  return 0;
}

/* Fills st->nbound from st->btok. */
static int make_nbounds(vet__mstate *st, vet_error *err) {
  const vet__mindex *idx = &st->idx;
  uint32_t n = idx->h->n_names;
  st->nbound = calloc((size_t)n + 1, sizeof *st->nbound);
  if (!st->nbound) return vet__error_set(err, VET_ENOMEM, "out of memory");
  for (uint32_t id = 0; id < n; id++) {
    const vet__mname *nm = &idx->names[id];
    uint32_t org = nm->entity < idx->h->n_entities && vet__type_is_org(idx->ent[nm->entity].type) ? VET__NB_ORG : 0;
    st->nbound[id].firsts = org;
    if ((uint64_t)nm->tok + nm->n_tok > idx->h->n_name_toks || (nm->flags & VET__MN_INITIAL)) continue;
    const vet__btok *b = st->btok + nm->tok;
    const uint32_t *ids = idx->name_toks + nm->tok;
    double dmin = 0, free_w = 0, maxw = 0;
    uint32_t firsts = 0;
    int ok = 1;
    for (uint32_t i = 0; i < nm->n_tok && ok; i++) {
      if (b[i].flags & (VET__BT_BAD | VET__BT_ONE)) ok = 0;
      for (uint32_t j = 0; j < i && ok; j++)
        if ((ids[i] & VET__NT_ID) == (ids[j] & VET__NT_ID)) ok = 0;
      dmin += b[i].w * (nm->n_tok >= 3 && i > 0 && i + 1 < nm->n_tok ? VET__MIDDLE_DISCOUNT : 1.0);
      if (b[i].flags & VET__BT_TRIVIAL) free_w += b[i].w;
      if (b[i].w > maxw) maxw = b[i].w;
      firsts |= b[i].firsts;
    }
    if (ok && dmin > 0) st->nbound[id] = (vet__nbound){(float)dmin, (float)free_w, (float)maxw, firsts | org};
  }
  return 0;
}

int vet__mstate_new(const char *dict, size_t dict_n, const void *blob, uint64_t blob_n,
                    vet__mstate **out, vet_error *err) {
  vet__mstate *st = calloc(1, sizeof *st);
  if (!st) return vet__error_set(err, VET_ENOMEM, "out of memory");
  int rc = vet__dict_parse(dict ? dict : "", dict ? dict_n : 0, &st->dict, err);
  if (!rc) rc = vet__mindex_open(blob, blob_n, &st->idx, err);
  if (!rc) rc = make_firsts(st, err);
  if (!rc) rc = make_btoks(st, err);
  if (!rc) rc = make_nbounds(st, err);
  if (rc) {
    vet__mstate_free(st);
    return rc;
  }
  *out = st;
  return 0;
}

void vet__mstate_free(vet__mstate *st) {
  if (!st) return;
  vet__dict_free(st->dict);
  free(st->firsts);
  free(st->btok);
  free(st->nbound);
  free(st);
}
