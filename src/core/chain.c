/* chain.c — the record hash of a hash-chained log (see chain.h for the
 * layout). Stateless; safe from any thread. */
#include "core/chain.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

const char vet__chain_zero[65] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void put_field(EVP_MD_CTX *c, const char *s, int first) {
  if (!first) EVP_DigestUpdate(c, "\x1f", 1);
  if (s) EVP_DigestUpdate(c, s, strlen(s));
  else EVP_DigestUpdate(c, "\x1e", 1);
}

void vet__chain_hash(const char *prev, int64_t seq, const char *const *fields, size_t n,
                     char out[65]) {
  char seqs[32];
  snprintf(seqs, sizeof seqs, "%lld", (long long)seq);
  EVP_MD_CTX *c = EVP_MD_CTX_new();
  unsigned char md[32];
  unsigned int len = 0;
  EVP_DigestInit_ex(c, EVP_sha256(), NULL);
  put_field(c, prev, 1);
  put_field(c, seqs, 0);
  for (size_t i = 0; i < n; i++) put_field(c, fields[i], 0);
  EVP_DigestFinal_ex(c, md, &len);
  EVP_MD_CTX_free(c);
  for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", md[i]);
}
