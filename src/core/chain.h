/* chain.h — the record hash of an append-only, hash-chained log.
 *
 * What: one function that hashes a record's fields together with the
 * previous record's hash and the record's sequence number:
 *
 *   hash = SHA-256(prev US seq US f[0] US ... US f[n-1])
 *
 * (US = 0x1f; a NULL field hashes as the single byte 0x1e), as lowercase hex.
 *
 * Why: the registry's audit log (src/registry/audit.c) and the monitoring
 * store's audit log (src/monitor/audit.c) are chained the same way; keeping
 * the hash in one place keeps both logs verifiable by the same rule.
 *
 * Invariant: the byte layout above never changes — stored logs depend on it. */
#ifndef VET_CORE_CHAIN_H
#define VET_CORE_CHAIN_H
#include <stddef.h>
#include <stdint.h>

/* The prev_hash of a log's first record: 64 zeros (static storage). */
extern const char vet__chain_zero[65];

/* Writes the record hash (64 hex digits and a NUL) into out. No allocation
 * beyond OpenSSL's digest context, which it frees. */
void vet__chain_hash(const char *prev, int64_t seq, const char *const *fields, size_t n,
                     char out[65]);
#endif
