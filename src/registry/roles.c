/* roles.c — identities, tokens and what each role may do.
 *
 * Each command acts as an identity named by a token: 32 random bytes shown
 * once, as 64 hex digits, when the identity is created. Only the token's
 * SHA-256 is stored, so a copy of the registry file does not hand out
 * identities. No token means the public role.
 *
 * The permission table below is the one place that says which role may do
 * what. Finer rules sit on top of it where the object matters: a requester
 * sees and acts on its own requests only, an ERC member votes only for its
 * own agency. Every refusal is appended to the audit log (outcome
 * "refused") in its own transaction, so a refused action leaves a trace even
 * though it changed nothing. */
#include "registry/registry_int.h"
#include "core/error.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

static const char *const role_names[] = {"public", "requester", "erc_member", "chair", "admin"};

const char *vet_registry_role_name(vet_registry_role role) {
  return (unsigned)role < 5 ? role_names[role] : "public";
}

int vet_registry_role_parse(const char *name, vet_registry_role *out) {
  for (int i = 0; i < 5; i++)
    if (name && !strcmp(name, role_names[i])) {
      *out = (vet_registry_role)i;
      return 0;
    }
  return VET_EINVAL;
}

/* Rows: permissions; columns: public, requester, erc_member, chair, admin. */
static const unsigned char perm_table[VET__P_COUNT][5] = {
  /*                         pub req erc chair admin */
  [VET__P_READ_PUBLISHED] = {1,  1,  1,  1,    1},
  [VET__P_READ_DRAFTS]    = {0,  0,  1,  1,    1},
  [VET__P_READ_LOG]       = {0,  0,  1,  1,    1},
  [VET__P_IDENTITY]       = {0,  0,  0,  0,    1},
  [VET__P_IMPORT]         = {0,  0,  0,  0,    1},
  [VET__P_RULE]           = {0,  0,  0,  1,    0},
  [VET__P_FILE_REQUEST]   = {0,  1,  0,  0,    0},
  [VET__P_PROPOSE]        = {0,  0,  1,  1,    0},
  [VET__P_REFER]          = {0,  0,  0,  1,    0},
  [VET__P_VOTE]           = {0,  0,  1,  1,    0},
  [VET__P_DECIDE]         = {0,  0,  0,  1,    0},
  [VET__P_NOTIFY]         = {0,  0,  0,  1,    0},
  [VET__P_READ_REQUESTS]  = {0,  0,  1,  1,    1},
};

int vet__role_allows(vet_registry_role role, vet__perm perm) {
  return (unsigned)perm < VET__P_COUNT && (unsigned)role < 5 && perm_table[perm][role];
}

void vet__sha256(const void *data, size_t n, char out[65]) {
  unsigned char md[32];
  unsigned int len = 0;
  EVP_Digest(data, n, md, &len, EVP_sha256(), NULL);
  for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", md[i]);
}

int vet__refuse(vet_registry *reg, const char *action, const char *object, const char *why,
                vet_error *err) {
  return vet__refuse_as(reg, VET_EDENIED, action, object, why, err);
}

int vet__refuse_as(vet_registry *reg, int code, const char *action, const char *object,
                   const char *why, vet_error *err) {
  vet_error lerr;
  /* The refusal is logged in its own transaction; when the caller already
   * holds one (a refusal discovered mid-action), the caller rolls back first. */
  if (vet__store_begin(reg->st, &lerr) == 0) {
    if (vet__audit(reg, action, object, why, "refused", NULL, NULL, &lerr) == 0)
      vet__store_commit(reg->st, &lerr);
    else
      vet__store_rollback(reg->st);
  }
  if (code == VET_EDENIED)
    return vet__error_set(err, code, "%s refused for %s (%s): %s", action, reg->actor,
                          vet_registry_role_name(reg->role), why);
  return vet__error_set(err, code, "%s%s%s refused: %s", action, object ? " " : "",
                        object ? object : "", why);
}

int vet__require(vet_registry *reg, vet__perm perm, const char *action, const char *object,
                 vet_error *err) {
  if (vet__role_allows(reg->role, perm)) return 0;
  return vet__refuse(reg, action, object, "the role does not allow it", err);
}

int vet__login(vet_registry *reg, const char *token, vet_error *err) {
  char hash[65];
  vet__sha256(token, strlen(token), hash);
  vet__stmt *s = NULL;
  int rc = vet__store_query(reg->st, &s, err,
                            "SELECT id, name, role, agency, party FROM identities WHERE token_hash = ?",
                            "t", hash);
  if (rc) return rc;
  rc = vet__stmt_step(s, err);
  if (rc == 1) {
    reg->actor_id = vet__stmt_int(s, 0);
    snprintf(reg->actor, sizeof reg->actor, "%s", vet__stmt_text(s, 1));
    vet_registry_role_parse(vet__stmt_text(s, 2), &reg->role);
    const char *a = vet__stmt_text(s, 3), *p = vet__stmt_text(s, 4);
    snprintf(reg->agency, sizeof reg->agency, "%s", a ? a : "");
    snprintf(reg->party, sizeof reg->party, "%s", p ? p : "");
    rc = 0;
  } else if (rc == 0) {
    vet__stmt_finalize(s);
    return vet__refuse(reg, "login", NULL, "unknown token", err);
  }
  vet__stmt_finalize(s);
  return rc;
}

static int new_token(char out[VET_REGISTRY_TOKEN_SIZE], vet_error *err) {
  unsigned char raw[32];
  if (RAND_bytes(raw, sizeof raw) != 1)
    return vet__error_set(err, VET_EIO, "no random bytes for a token");
  for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", raw[i]);
  return 0;
}

static int insert_identity(vet_registry *reg, const char *name, vet_registry_role role,
                           const char *agency, const char *party,
                           char token_out[VET_REGISTRY_TOKEN_SIZE], vet_error *err) {
  char hash[65], object[64];
  int rc = new_token(token_out, err);
  if (rc) return rc;
  vet__sha256(token_out, strlen(token_out), hash);
  rc = vet__store_exec(reg->st, err,
                       "INSERT INTO identities (name, role, agency, party, token_hash, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       "tttttt", name, vet_registry_role_name(role), agency, party, hash, reg->now);
  if (rc) return rc;
  snprintf(object, sizeof object, "identity:%lld", (long long)vet__store_last_id(reg->st));
  char detail[512];
  snprintf(detail, sizeof detail, "name=%s role=%s%s%s%s%s", name, vet_registry_role_name(role),
           agency ? " agency=" : "", agency ? agency : "", party ? " party=" : "", party ? party : "");
  return vet__audit_object(reg, "identity-add", object, NULL, detail, err);
}

int vet_registry_init_admin(vet_registry *reg, const char *name,
                            char token_out[VET_REGISTRY_TOKEN_SIZE], vet_error *err) {
  int64_t n = 0;
  int rc = vet__store_begin(reg->st, err);
  if (rc) return rc;
  rc = vet__store_int(reg->st, &n, err, "SELECT count(*) FROM identities", NULL);
  if (!rc && n > 0) {
    vet__store_rollback(reg->st);
    vet__refuse(reg, "init", NULL, "the registry already has identities", NULL);
    return vet__error_set(err, VET_ESTATE, "the registry is already initialised");
  }
  /* The first administrator is the actor of its own creation. */
  if (!rc) {
    snprintf(reg->actor, sizeof reg->actor, "%s", name);
    reg->role = VET_ROLE_ADMIN;
    rc = insert_identity(reg, name, VET_ROLE_ADMIN, NULL, NULL, token_out, err);
    reg->actor_id = vet__store_last_id(reg->st);
  }
  if (!rc) rc = vet__store_commit(reg->st, err);
  if (rc) vet__store_rollback(reg->st);
  return rc;
}

int vet_registry_identity_add(vet_registry *reg, const char *name, vet_registry_role role,
                              const char *agency, const char *party,
                              char token_out[VET_REGISTRY_TOKEN_SIZE], vet_error *err) {
  int rc = vet__require(reg, VET__P_IDENTITY, "identity-add", NULL, err);
  if (rc) return rc;
  if (!name || !*name || role == VET_ROLE_PUBLIC)
    return vet__error_set(err, VET_EINVAL, "an identity needs a name and a role other than public");
  if (role == VET_ROLE_ERC_MEMBER && (!agency || !*agency))
    return vet__error_set(err, VET_EINVAL, "an ERC member needs its agency (State, Defense, Energy, Treasury, Commerce)");
  if (role == VET_ROLE_REQUESTER && (!party || !*party))
    return vet__error_set(err, VET_EINVAL, "a requester needs the entry key of the party it speaks for");
  if (role == VET_ROLE_CHAIR) agency = "Commerce";
  if ((rc = vet__store_begin(reg->st, err))) return rc;
  rc = insert_identity(reg, name, role, agency, party, token_out, err);
  if (!rc) rc = vet__store_commit(reg->st, err);
  if (rc) vet__store_rollback(reg->st);
  return rc;
}
