/* bounds.c — the bound records of the matching index (index.h): what the
 * matcher's score bounds read, worked out once when the index is built.
 *
 * firsts: per token, the first letters its spellings are written with. The
 * index keeps a name variant as its class's canonical token ("Elena" as
 * "yelena", "Kassem" as "qasim"), but an initial is written from the
 * spelling ("E. Ivanova", "K. Hejeij"): an initial pairs with a token when
 * some spelling of the token's class (variants.txt) starts with its letter.
 *
 * btok: per name token, the token's weight, first letters, first byte and
 * length class, adjacent for one name (matcher.c's bound()).
 *
 * nbound: per name, the sums matcher.c's cheap bound (pre_bound()) needs:
 * the least total weight, the trivial words' weight, the largest weight,
 * the tokens' first letters, whether the entity is scored as an
 * organization. Stateless. */
#include "match/index.h"
#include "match/score.h"

#include <string.h>

typedef struct firsts_ctx {
  const vet__mindex *idx;
  uint32_t *firsts;
} firsts_ctx;

static void add_first(void *arg, const char *phrase, const char *canonical, vet__dict_kind kind) {
  firsts_ctx *c = arg;
  if (kind != VET__DK_VARIANT || strchr(canonical, ' ') || phrase[0] < 'a' || phrase[0] > 'z') return;
  uint32_t id = vet__mindex_find(c->idx, canonical, strlen(canonical), 0);
  if (id != UINT32_MAX) c->firsts[id] |= 1u << (phrase[0] - 'a');
}

static void make_firsts(const vet__mindex *idx, const vet__dict *d, uint32_t *firsts) {
  for (uint32_t i = 0; i < idx->h->n_tokens; i++) {
    char c = idx->pool[idx->toks[i].text];
    firsts[i] = c >= 'a' && c <= 'z' ? 1u << (c - 'a') : 0;
  }
  firsts_ctx ctx = {idx, firsts};
  if (d) vet__dict_each(d, add_first, &ctx);
}

static void make_btoks(const vet__mindex *idx, const uint32_t *firsts, vet__btok *btok) {
  for (uint32_t i = 0; i < idx->h->n_name_toks; i++) {
    uint32_t t = idx->name_toks[i] & VET__NT_ID;
    vet__btok *b = &btok[i];
    memset(b, 0, sizeof *b);
    if (t >= idx->h->n_tokens) {
      b->flags = VET__BT_BAD;
      continue;
    }
    const vet__mtok *mt = &idx->toks[t];
    b->w = mt->w;
    b->firsts = firsts[t];
    b->first = idx->pool[mt->text];
    b->flags = (uint8_t)((mt->len == 1 ? VET__BT_ONE : 0) | (mt->len > 1 ? VET__BT_LONG : 0) |
                         (mt->flags & VET__TOK_TRIVIAL ? VET__BT_TRIVIAL : 0) |
                         (vet__short_word(mt->len, mt->flags) ? VET__BT_SHORT : 0));
  }
}

static void make_nbounds(const vet__mindex *idx, const vet__btok *btok, vet__nbound *nbound) {
  for (uint32_t id = 0; id < idx->h->n_names; id++) {
    const vet__mname *nm = &idx->names[id];
    uint32_t org = nm->entity < idx->h->n_entities && vet__type_is_org(idx->ent[nm->entity].type) ? VET__NB_ORG : 0;
    nbound[id] = (vet__nbound){0, 0, 0, org};
    if ((uint64_t)nm->tok + nm->n_tok > idx->h->n_name_toks || (nm->flags & VET__MN_INITIAL)) continue;
    const vet__btok *b = btok + nm->tok;
    const uint32_t *ids = idx->name_toks + nm->tok;
    double dmin = 0, free_w = 0, maxw = 0;
    uint32_t firsts = 0;
    int ok = 1;
    for (uint32_t i = 0; i < nm->n_tok && ok; i++) {
      if (b[i].flags & (VET__BT_BAD | VET__BT_ONE)) ok = 0;
      for (uint32_t j = 0; j < i && ok; j++)
        if ((ids[i] & VET__NT_ID) == (ids[j] & VET__NT_ID)) ok = 0;
      dmin += b[i].w * vet__n_keep_min(i, nm->n_tok, (b[i].flags & VET__BT_SHORT) != 0);
      if (b[i].flags & VET__BT_TRIVIAL) free_w += b[i].w;
      if (b[i].w > maxw) maxw = b[i].w;
      firsts |= b[i].firsts;
    }
    if (ok && dmin > 0) nbound[id] = (vet__nbound){(float)dmin, (float)free_w, (float)maxw, firsts | org};
  }
}

void vet__mindex_bounds(const vet__mindex *idx, const vet__dict *d, uint32_t *firsts, vet__btok *btok,
                        vet__nbound *nbound) {
  make_firsts(idx, d, firsts);
  make_btoks(idx, firsts, btok);
  make_nbounds(idx, btok, nbound);
}
