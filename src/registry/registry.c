/* registry.c — opening a registry, its clock and the acting identity.
 *
 * A handle owns one store connection and knows who is acting: the identity
 * whose token was given in the options (or public without one). The clock is
 * the system's UTC time unless the options fix it — tests and the demo fix it
 * so that deadlines and dates are reproducible. */
#include "registry/registry_int.h"
#include "core/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

vet_registry_options vet_registry_options_default(void) {
  vet_registry_options o = {0, NULL, NULL};
  return o;
}

const char *vet_registry_default_path(void) {
  const char *p = getenv("VET_REGISTRY_DB");
  return p && *p ? p : "./vet-registry.db";
}

int vet__date_valid(const char *s) {
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
  int m = atoi(s + 5), d = atoi(s + 8);
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

void vet__date_add_days(const char *date, int days, char out[11]) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = atoi(date) - 1900;
  tm.tm_mon = atoi(date + 5) - 1;
  tm.tm_mday = atoi(date + 8) + days;
  tm.tm_hour = 12;
  time_t t = timegm(&tm);
  struct tm r;
  gmtime_r(&t, &r);
  char buf[32];
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", r.tm_year + 1900, r.tm_mon + 1, r.tm_mday);
  memcpy(out, buf, 10);
  out[10] = '\0';
}

static int set_clock(vet_registry *reg, const char *now, vet_error *err) {
  if (now && *now) {
    char d[11];
    snprintf(d, sizeof d, "%.10s", now);
    if (!vet__date_valid(d))
      return vet__error_set(err, VET_EINVAL, "clock \"%s\" is not YYYY-MM-DD[THH:MM:SSZ]", now);
    if (strlen(now) == 10) snprintf(reg->now, sizeof reg->now, "%sT00:00:00Z", now);
    else snprintf(reg->now, sizeof reg->now, "%s", now);
    reg->fixed_now = 1;
  } else {
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(reg->now, sizeof reg->now, "%Y-%m-%dT%H:%M:%SZ", &tm);
  }
  memcpy(reg->today, reg->now, 10);
  reg->today[10] = '\0';
  return 0;
}

int vet_registry_open(const char *path, const vet_registry_options *options, vet_registry **out,
                      vet_error *err) {
  vet_registry_options o = options ? *options : vet_registry_options_default();
  *out = NULL;
  vet_registry *reg = calloc(1, sizeof *reg);
  if (!reg) return vet__error_set(err, VET_ENOMEM, "out of memory");
  snprintf(reg->actor, sizeof reg->actor, "public");
  reg->role = VET_ROLE_PUBLIC;
  int rc = set_clock(reg, o.now, err);
  if (!rc) rc = vet__store_open(path ? path : vet_registry_default_path(), o.create, &reg->st, err);
  if (!rc && o.token) rc = vet__login(reg, o.token, err);
  if (rc) {
    vet_registry_close(reg);
    return rc;
  }
  *out = reg;
  return 0;
}

void vet_registry_close(vet_registry *reg) {
  if (!reg) return;
  vet__store_close(reg->st);
  free(reg);
}

const char *vet_registry_actor(const vet_registry *reg) { return reg->actor; }
vet_registry_role vet_registry_actor_role(const vet_registry *reg) { return reg->role; }

void vet__registry_set_hook(vet_registry *reg, void (*hook)(void *, const char *), void *userdata) {
  reg->hook = hook;
  reg->hook_userdata = userdata;
}
