/* audit.c — the append-only, hash-chained audit log, and verification.
 *
 * Every action — allowed or refused — appends one record: sequence number,
 * time, actor and role, action, object ("rule:3", "request:1",
 * "identity:2"), reason, outcome ("ok" or "refused"), a detail line, and the
 * object's digest after the action. Each record's hash is
 *
 *   hash = SHA-256(prev_hash US seq US at US actor US role US action US object
 *                  US reason US outcome US detail US digest)
 *
 * (US = 0x1f; a NULL field hashes as the single byte 0x1e), and prev_hash is
 * the previous record's hash (64 zeros for the first). So the log is a chain:
 * changing, inserting or deleting any record in the middle breaks every hash
 * after it.
 *
 * The digest ties the data to the log. A rule's digest covers its row, all its
 * amendments and their field changes; a request's covers its row, votes and
 * documents; an identity's its row. vet_registry_verify() walks the chain and
 * then recomputes every object's digest and compares it with the latest log
 * record for that object, so an edit to the data tables made behind vet's
 * back (the SQLite triggers refuse UPDATE and DELETE on history, but anyone
 * can drop a trigger) is detected too. What a chain cannot show is the loss
 * of its newest records; verify prints the head hash so it can be kept
 * elsewhere and compared. */
#include "registry/registry_int.h"
#include "core/error.h"
#include "core/chain.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char zero_hash[65] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void put_field(EVP_MD_CTX *c, const char *s, int first) {
  if (!first) EVP_DigestUpdate(c, "\x1f", 1);
  if (s) EVP_DigestUpdate(c, s, strlen(s));
  else EVP_DigestUpdate(c, "\x1e", 1);
}

static void hex_final(EVP_MD_CTX *c, char out[65]) {
  unsigned char md[32];
  unsigned int len = 0;
  EVP_DigestFinal_ex(c, md, &len);
  for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static void record_hash(const char *prev, int64_t seq, const char *const f[9], char out[65]) {
  vet__chain_hash(prev, seq, f, 9, out);
}

int vet__audit(vet_registry *reg, const char *action, const char *object, const char *reason,
               const char *outcome, const char *detail, const char *digest, vet_error *err) {
  vet__stmt *s = NULL;
  char prev[65];
  int64_t seq = 0;
  int rc = vet__store_query(reg->st, &s, err,
                            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", NULL);
  if (rc) return rc;
  rc = vet__stmt_step(s, err);
  if (rc == 1) {
    seq = vet__stmt_int(s, 0);
    snprintf(prev, sizeof prev, "%s", vet__stmt_text(s, 1));
    rc = 0;
  } else {
    memcpy(prev, zero_hash, sizeof prev);
  }
  vet__stmt_finalize(s);
  if (rc) return rc;
  seq++;
  /* A clock given by the caller (demos, tests, back-filled records) is
   * noted with the system's own time, so the log never hides when a record
   * was really written. */
  char noted[1536];
  if (reg->fixed_now) {
    char sys[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(sys, sizeof sys, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(noted, sizeof noted, "%s%s[clock set by the caller; written %s]", detail ? detail : "",
             detail ? " " : "", sys);
    detail = noted;
  }
  const char *role = vet_registry_role_name(reg->role);
  const char *f[9] = {reg->now, reg->actor, role, action, object, reason, outcome, detail, digest};
  char hash[65];
  record_hash(prev, seq, f, hash);
  return vet__store_exec(reg->st, err,
                         "INSERT INTO audit_log (seq, at, actor, role, action, object, reason, "
                         "outcome, detail, digest, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                         "itttttttttt" "t", seq, reg->now, reg->actor, role, action, object, reason,
                         outcome, detail, digest, prev, hash);
}

/* Hashes every row of a query with `ncols` columns into c. */
static int hash_rows(vet_registry *reg, EVP_MD_CTX *c, int ncols, int64_t id, const char *sql,
                     int64_t *nrows, vet_error *err) {
  vet__stmt *s = NULL;
  int rc = vet__store_query(reg->st, &s, err, sql, "i", id);
  if (rc) return rc;
  *nrows = 0;
  while ((rc = vet__stmt_step(s, err)) == 1) {
    (*nrows)++;
    EVP_DigestUpdate(c, "\x1d", 1);
    for (int i = 0; i < ncols; i++) put_field(c, vet__stmt_text(s, i), i == 0);
  }
  vet__stmt_finalize(s);
  return rc;
}

int vet__digest(vet_registry *reg, const char *object, char out[65], vet_error *err) {
  const char *colon = strchr(object, ':');
  if (!colon) return vet__error_set(err, VET_EINVAL, "bad object name %s", object);
  int64_t id = strtoll(colon + 1, NULL, 10), n = 0;
  size_t kl = (size_t)(colon - object);
  EVP_MD_CTX *c = EVP_MD_CTX_new();
  if (!c) return vet__error_set(err, VET_ENOMEM, "out of memory");
  EVP_DigestInit_ex(c, EVP_sha256(), NULL);
  EVP_DigestUpdate(c, object, strlen(object));
  int rc;
  if (kl == 4 && !memcmp(object, "rule", 4)) {
    rc = hash_rows(reg, c, 6, id, "SELECT fr_doc, citation, title, status, pub_date, effective_date "
                                  "FROM rules WHERE id = ?", &n, err);
    if (!rc && n == 0) rc = VET_ENOTFOUND;
    if (!rc) rc = hash_rows(reg, c, 8, id, "SELECT id, rule_id, entry_key, action, state, reason, "
                                           "request_id, created_at FROM amendments WHERE rule_id = ? "
                                           "ORDER BY id", &n, err);
    if (!rc) rc = hash_rows(reg, c, 5, id, "SELECT f.amendment_id, f.pos, f.field, f.old_value, f.new_value "
                                           "FROM amendment_fields f JOIN amendments a ON "
                                           "a.id = f.amendment_id WHERE a.rule_id = ? "
                                           "ORDER BY f.amendment_id, f.pos", &n, err);
  } else if (kl == 7 && !memcmp(object, "request", 7)) {
    rc = hash_rows(reg, c, 20, id, "SELECT id, kind, state, outcome, entry_key, requester_id, "
                                   "affiliate, reasons, proposed, filed_at, referred_at, deadline, "
                                   "with_treasury, hearing_requested, hearing_note, decided_at, "
                                   "decision_reason, draft_rule_id, notified_at, letter "
                                   "FROM requests WHERE id = ?", &n, err);
    if (!rc && n == 0) rc = VET_ENOTFOUND;
    if (!rc) rc = hash_rows(reg, c, 5, id, "SELECT agency, voter_id, vote, comment, at FROM votes "
                                           "WHERE request_id = ? ORDER BY agency", &n, err);
    if (!rc) rc = hash_rows(reg, c, 5, id, "SELECT id, name, sha256, size, at FROM documents "
                                           "WHERE request_id = ? ORDER BY id", &n, err);
  } else if (kl == 8 && !memcmp(object, "identity", 8)) {
    rc = hash_rows(reg, c, 6, id, "SELECT name, role, agency, party, token_hash, created_at "
                                  "FROM identities WHERE id = ?", &n, err);
    if (!rc && n == 0) rc = VET_ENOTFOUND;
  } else {
    rc = VET_EINVAL;
  }
  if (rc == VET_ENOTFOUND) vet__error_set(err, rc, "%s does not exist", object);
  else if (rc == VET_EINVAL) vet__error_set(err, rc, "%s: unknown kind of object", object);
  if (!rc) hex_final(c, out);
  EVP_MD_CTX_free(c);
  return rc;
}

int vet__audit_object(vet_registry *reg, const char *action, const char *object,
                      const char *reason, const char *detail, vet_error *err) {
  char digest[65];
  int rc = vet__digest(reg, object, digest, err);
  if (rc) return rc;
  return vet__audit(reg, action, object, reason, "ok", detail, digest, err);
}

int vet_registry_log(vet_registry *reg, int (*fn)(void *, const vet_registry_log_record *),
                     void *userdata, vet_error *err) {
  int rc = vet__require(reg, VET__P_READ_LOG, "log", NULL, err);
  if (rc) return rc;
  vet__stmt *s = NULL;
  rc = vet__store_query(reg->st, &s, err,
                        "SELECT seq, at, actor, role, action, object, reason, outcome, detail, "
                        "prev_hash, hash FROM audit_log ORDER BY seq", NULL);
  if (rc) return rc;
  while ((rc = vet__stmt_step(s, err)) == 1) {
    vet_registry_log_record r = {
      vet__stmt_int(s, 0), vet__stmt_text(s, 1), vet__stmt_text(s, 2), vet__stmt_text(s, 3),
      vet__stmt_text(s, 4), vet__stmt_text(s, 5), vet__stmt_text(s, 6), vet__stmt_text(s, 7),
      vet__stmt_text(s, 8), vet__stmt_text(s, 9), vet__stmt_text(s, 10)};
    if (fn(userdata, &r)) {
      rc = VET_ECANCELLED;
      break;
    }
  }
  vet__stmt_finalize(s);
  return rc;
}

static int check_digests(vet_registry *reg, vet_registry_verify_report *rep, vet_error *err) {
  vet__stmt *s = NULL;
  /* The latest record with a digest for each object. */
  int rc = vet__store_query(reg->st, &s, err,
                            "SELECT a.seq, a.object, a.digest FROM audit_log a "
                            "WHERE a.digest IS NOT NULL AND a.seq = (SELECT max(b.seq) FROM audit_log b "
                            "WHERE b.object = a.object AND b.digest IS NOT NULL) ORDER BY a.seq", NULL);
  if (rc) return rc;
  while ((rc = vet__stmt_step(s, err)) == 1) {
    char now[65];
    const char *object = vet__stmt_text(s, 1);
    vet_error derr;
    rep->n_objects++;
    int d = vet__digest(reg, object, now, &derr);
    if (d || strcmp(now, vet__stmt_text(s, 2)) != 0) {
      rep->first_bad_seq = vet__stmt_int(s, 0);
      rc = vet__error_set(err, VET_ECORRUPT, "%s no longer matches audit record %lld: %s", object,
                          (long long)rep->first_bad_seq,
                          d ? derr.message : "its rows were changed outside vet");
      break;
    }
  }
  vet__stmt_finalize(s);
  if (rc) return rc;
  /* Every object must have been logged: rows inserted behind vet's back have no record. */
  static const char *const unlogged[] = {
    "SELECT 'rule:' || id FROM rules WHERE 'rule:' || id NOT IN "
    "(SELECT object FROM audit_log WHERE digest IS NOT NULL AND object IS NOT NULL)",
    "SELECT 'request:' || id FROM requests WHERE 'request:' || id NOT IN "
    "(SELECT object FROM audit_log WHERE digest IS NOT NULL AND object IS NOT NULL)",
    "SELECT 'identity:' || id FROM identities WHERE 'identity:' || id NOT IN "
    "(SELECT object FROM audit_log WHERE digest IS NOT NULL AND object IS NOT NULL)",
    "SELECT 'amendment:' || id FROM amendments WHERE rule_id NOT IN (SELECT id FROM rules)",
  };
  for (size_t i = 0; i < sizeof unlogged / sizeof *unlogged && !rc; i++) {
    if ((rc = vet__store_query(reg->st, &s, err, unlogged[i], NULL))) return rc;
    rc = vet__stmt_step(s, err);
    if (rc == 1)
      rc = vet__error_set(err, VET_ECORRUPT, "%s has no audit record: it was added outside vet",
                          vet__stmt_text(s, 0));
    vet__stmt_finalize(s);
  }
  return rc;
}

int vet_registry_verify(vet_registry *reg, vet_registry_verify_report *report, vet_error *err) {
  vet_registry_verify_report rep;
  memset(&rep, 0, sizeof rep);
  vet__stmt *s = NULL;
  int rc = vet__store_query(reg->st, &s, err,
                            "SELECT seq, at, actor, role, action, object, reason, outcome, detail, "
                            "digest, prev_hash, hash FROM audit_log ORDER BY seq", NULL);
  if (rc) return rc;
  char prev[65];
  memcpy(prev, zero_hash, sizeof prev);
  while ((rc = vet__stmt_step(s, err)) == 1) {
    int64_t seq = vet__stmt_int(s, 0);
    const char *f[9];
    for (int i = 0; i < 9; i++) f[i] = vet__stmt_text(s, 1 + i);
    const char *stored_prev = vet__stmt_text(s, 10), *stored = vet__stmt_text(s, 11);
    char h[65];
    rep.n_records++;
    if (seq != rep.n_records) {
      rep.first_bad_seq = rep.n_records;
      rc = vet__error_set(err, VET_ECORRUPT, "audit record %lld is missing (found %lld next)",
                          (long long)rep.n_records, (long long)seq);
      break;
    }
    record_hash(prev, seq, f, h);
    if (!stored_prev || strcmp(stored_prev, prev) != 0 || !stored || strcmp(stored, h) != 0) {
      rep.first_bad_seq = seq;
      rc = vet__error_set(err, VET_ECORRUPT, "audit record %lld does not match its hash: the log was edited",
                          (long long)seq);
      break;
    }
    memcpy(prev, h, sizeof prev);
  }
  vet__stmt_finalize(s);
  memcpy(rep.head_hash, prev, sizeof rep.head_hash);
  if (!rc) rc = check_digests(reg, &rep, err);
  if (report) *report = rep;
  return rc;
}
