/* update.c — one run of `vet update` (see include/vet_update.h).
 *
 * For each configured list, in order:
 *   1. every file of the list is fetched into a fresh temporary folder
 *      <store>/.tmp/<list>.XXXXXX, conditionally against the installed
 *      version (a 304 hard-links the installed file instead);
 *   2. nothing new (all 304, or the same bytes as installed): unchanged;
 *   3. the folder is checked: each file at least min_size bytes, the reader
 *      accepts it (vet_read_path), at least min_entities entities; a
 *      download that fails here is discarded and the list reported failed;
 *   4. shrink check against the installed version: losing more than
 *      max_shrink of the entities holds the version back — it is kept in the
 *      store, marked "held" in the manifest and reported, but not installed
 *      (unless named in options->accept);
 *   5. otherwise the folder is synced and renamed to
 *      <store>/<list>/<YYYY-MM-DD>-<sha8> and becomes the list's current
 *      version; the manifest is rewritten atomically after each list.
 * Then, when any list was installed, the snapshot is rebuilt from the
 * current version of every list with the public builder API and written
 * atomically; so it is when there is no snapshot, when this vet cannot open
 * it, or when it was not built from the versions now installed (the
 * manifest's "snapshot.lists": a run that installed a version and then
 * failed to build leaves the old snapshot behind, and the next run, finding
 * every list unchanged, would otherwise keep it).
 *
 * The version checksum is the SHA-256 of "name\0sha256:<hex>\n" for every
 * file in configuration order, so it names the whole set; sha8 is its first
 * eight hex digits. */
#include "update/update_int.h"
#include "core/error.h"
#include "io/file.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *vet_update_status_name(vet_update_status s) {
  switch (s) {
  case VET_UPDATE_INSTALLED: return "installed";
  case VET_UPDATE_UNCHANGED: return "unchanged";
  case VET_UPDATE_HELD: return "held";
  case VET_UPDATE_FAILED: return "failed";
  case VET_UPDATE_SKIPPED: return "skipped";
  }
  return "failed";
}

vet_update_options vet_update_options_default(void) {
  vet_update_options o;
  memset(&o, 0, sizeof o);
  return o;
}

typedef struct run {
  const vet_update_config *c;
  const vet_update_options *o;
  json_t *manifest;
  vet_update_summary sum;
} run;

static void logf_(void *ud, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_(void *ud, const char *fmt, ...) {
  run *r = ud;
  if (!r->o->log) return;
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  r->o->log(r->o->userdata, line);
}

/* 1 if name is in the NULL-terminated list (which may be NULL). */
static int named(const char *const *names, const char *name) {
  for (; names && *names; names++)
    if (!strcmp(*names, name)) return 1;
  return 0;
}

/* The URL with {date} replaced by today's UTC date. */
static void expand_url(const char *url, char *out, size_t cap) {
  char today[16];
  vet__today(today);
  const char *p = strstr(url, "{date}");
  if (!p) snprintf(out, cap, "%s", url);
  else snprintf(out, cap, "%.*s%s%s", (int)(p - url), url, today, p + 6);
}

static const char *jstr(const json_t *o, const char *k) {
  return json_string_value(json_object_get(o, k));
}

static uint64_t juint(const json_t *o, const char *k) {
  json_int_t v = json_integer_value(json_object_get(o, k));
  return v > 0 ? (uint64_t)v : 0;
}

/* Counts what a reader makes of a folder. */
typedef struct count_ctx {
  uint64_t entities, rejected;
  const vet_update_options *o;
} count_ctx;

/* Reader callbacks of the check: count entities and rejects, pass diagnostics on. */
static void count_list(void *ud, const vet_list_info *li) {
  count_ctx *c = ud;
  c->entities += li->n_entities;
  c->rejected += li->n_rejected;
}

static void count_diag(void *ud, const vet_diag *d) {
  count_ctx *c = ud;
  if (c->o->diag) c->o->diag(c->o->userdata, d);
}

/* Which of the diff's counts changed between the installed and the new
 * version, for the report: "+2 -0 ~5". Empty when it cannot be computed. */
static void diff_counts(const char *old_dir, const char *new_dir, const char *format, char *out,
                        size_t cap) {
  out[0] = '\0';
  vet_diff_set *a = vet_diff_set_new(), *b = vet_diff_set_new();
  vet_diff *d = NULL;
  vet_read_options ro = vet_read_options_default();
  ro.format = format;
  if (a && b && !vet_diff_set_load(a, old_dir, &ro, NULL, NULL, NULL) &&
      !vet_diff_set_load(b, new_dir, &ro, NULL, NULL, NULL) && !vet_diff_compute(a, b, &d, NULL)) {
    vet_diff_summary s = vet_diff_get_summary(d);
    snprintf(out, cap, "%zu added, %zu removed, %zu changed", s.added, s.removed, s.changed);
  }
  vet_diff_free(d);
  vet_diff_set_free(a);
  vet_diff_set_free(b);
}

/* fsync of every file of the list in dir, then of dir; -1 on failure. */
static int sync_folder(const char *dir, const vet__update_list *l) {
  char p[4400];
  for (size_t i = 0; i < l->n_files; i++) {
    snprintf(p, sizeof p, "%s/%s", dir, l->files[i].name);
    if (vet__fsync_path(p) != 0) return -1;
  }
  return vet__fsync_path(dir);
}

/* The list's entry in the manifest, created if missing. Borrowed. */
static json_t *list_entry(run *r, const char *name) {
  json_t *lists = json_object_get(r->manifest, "lists");
  json_t *e = json_object_get(lists, name);
  if (!e) {
    e = json_pack("{s:n, s:{}, s:[]}", "current", "files", "versions");
    json_object_set_new(lists, name, e);
  }
  return e;
}

/* Records the outcome in the manifest entry and the summary, and tells the caller. */
static void report(run *r, vet_update_result *res, json_t *entry) {
  char now[32];
  vet__now_iso(now);
  json_object_set_new(entry, "last_check", json_string(now));
  json_object_set_new(entry, "last_status", json_string(vet_update_status_name(res->status)));
  json_object_set_new(entry, "last_message", json_string(res->message ? res->message : ""));
  switch (res->status) {
  case VET_UPDATE_INSTALLED: r->sum.installed++; break;
  case VET_UPDATE_UNCHANGED: r->sum.unchanged++; break;
  case VET_UPDATE_HELD: r->sum.held++; break;
  case VET_UPDATE_FAILED: r->sum.failed++; break;
  case VET_UPDATE_SKIPPED: r->sum.skipped++; break;
  }
  if (r->o->result) r->o->result(r->o->userdata, res);
}

/* Updates one list. Returns non-zero only for errors that stop the run
 * (the store cannot be written); a list that fails is reported and 0 returned. */
static int update_list(run *r, const vet__update_list *l, vet_error *err) {
  const vet_update_config *c = r->c;
  json_t *entry = list_entry(r, l->name);
  /* A copy: the manifest's string is replaced when a version is installed. */
  char cur_buf[128];
  const char *cur = jstr(entry, "current");
  if (cur) {
    snprintf(cur_buf, sizeof cur_buf, "%s", cur);
    cur = cur_buf;
  }
  char store_list[4200], cur_dir[4400], tmp_root[4200], tmp[4300], msg[8192];
  snprintf(store_list, sizeof store_list, "%s/%s", c->store, l->name);
  snprintf(cur_dir, sizeof cur_dir, "%s/%s", store_list, cur ? cur : "");
  snprintf(tmp_root, sizeof tmp_root, "%s/.tmp", c->store);
  vet_update_result res;
  memset(&res, 0, sizeof res);
  res.list = l->name;
  res.previous_version = cur;
  res.previous_entities = juint(entry, "entities");
  res.message = msg;
  msg[0] = '\0';

  int rc = vet__mkdirs(tmp_root, err);
  if (!rc) rc = vet__mkdirs(store_list, err);
  if (rc) return rc;
  snprintf(tmp, sizeof tmp, "%s/%s.XXXXXX", tmp_root, l->name);
  if (!mkdtemp(tmp)) return vet__error_at(err, VET_EIO, tmp, 0, "cannot create: %s", strerror(errno));

  json_t *files = json_object();
  json_t *old_files = json_object_get(entry, "files");
  unsigned modified = 0;
  int failed = 0;
  for (size_t i = 0; i < l->n_files && !failed; i++) {
    const vet__update_file *f = &l->files[i];
    char url[2048], dest[4600], have[4600];
    expand_url(f->url, url, sizeof url);
    snprintf(dest, sizeof dest, "%s/%s", tmp, f->name);
    snprintf(have, sizeof have, "%s/%s", cur_dir, f->name);
    json_t *old = json_object_get(old_files, f->name);
    int have_it = cur && access(have, R_OK) == 0 && old;
    vet__fetch_request req = {url, dest, have_it ? jstr(old, "etag") : NULL,
                              have_it ? jstr(old, "last_modified") : NULL};
    vet__fetch_result fr;
    logf_(r, "%s: GET %s%s", l->name, url, req.etag || req.last_modified ? " (conditional)" : "");
    vet__fetch(c, &req, &fr, logf_, r);
    res.requests += fr.requests;
    if (fr.outcome == VET__FETCH_FAILED) {
      snprintf(msg, sizeof msg, "%s: %s", f->name, fr.message);
      failed = 1;
    } else if (fr.outcome == VET__FETCH_NOT_MODIFIED) {
      res.files_not_modified++;
      if (!have_it || vet__link_or_copy(have, dest, NULL)) {
        snprintf(msg, sizeof msg, "%s: the server said not modified, but no installed copy is at %s",
                 f->name, have);
        failed = 1;
      } else {
        json_object_set(files, f->name, old);
      }
    } else {
      res.files_downloaded++;
      modified++;
      res.bytes += fr.bytes;
      json_t *fo = json_pack("{s:s, s:s, s:I}", "url", url, "checksum", fr.checksum, "bytes",
                             (json_int_t)fr.bytes);
      if (fr.etag[0]) json_object_set_new(fo, "etag", json_string(fr.etag));
      if (fr.last_modified[0]) json_object_set_new(fo, "last_modified", json_string(fr.last_modified));
      json_object_set_new(files, f->name, fo);
      long long min = vet__update_min_size(c, l);
      if ((long long)fr.bytes < min) {
        snprintf(msg, sizeof msg, "%s: %llu bytes, fewer than min_size %lld: not installed",
                 f->name, (unsigned long long)fr.bytes, min);
        failed = 1;
      }
    }
  }
  if (failed) {
    res.status = VET_UPDATE_FAILED;
    goto finish;
  }

  /* The version's checksum names the whole set of files. */
  vet__buf vb = VET__BUF_INIT;
  for (size_t i = 0; i < l->n_files; i++)
    vet__buf_printf(&vb, "%s%c%s\n", l->files[i].name, 0,
                    jstr(json_object_get(files, l->files[i].name), "checksum")
                        ? jstr(json_object_get(files, l->files[i].name), "checksum") : "");
  char vsum[72], version[32];
  vet__sha256_hex(vb.data ? vb.data : "", vb.len, vsum);
  vet__buf_free(&vb);
  char today[16];
  vet__today(today);
  snprintf(version, sizeof version, "%s-%.8s", today, vsum + 7);

  const char *cur_sum = jstr(entry, "checksum");
  if (!modified || (cur_sum && !strcmp(cur_sum, vsum))) {
    res.status = VET_UPDATE_UNCHANGED;
    res.version = cur;
    res.entities = res.previous_entities;
    /* Keep the newest validators, so the next run can ask conditionally. The
     * server serves the installed version again: a held-back one is moot. */
    json_object_set(entry, "files", files);
    json_object_del(entry, "held");
    snprintf(msg, sizeof msg, "%s", modified ? "downloaded again, same content" : "not modified");
    goto finish;
  }

  /* Does the reader accept it? */
  count_ctx cc = {0, 0, r->o};
  vet_read_callbacks cb = {NULL, count_list, count_diag, &cc};
  vet_read_options ro = vet_read_options_default();
  ro.format = l->format;
  vet_error rerr;
  memset(&rerr, 0, sizeof rerr);
  logf_(r, "%s: checking %s", l->name, tmp);
  /* One file is read as a file, so a wrong one is named; a set as its folder. */
  char what[4600];
  if (l->n_files == 1) snprintf(what, sizeof what, "%s/%s", tmp, l->files[0].name);
  else snprintf(what, sizeof what, "%s", tmp);
  if (vet_read_path(what, &ro, &cb, &rerr) != 0) {
    snprintf(msg, sizeof msg, "not accepted by the reader: %s", rerr.message);
    res.status = VET_UPDATE_FAILED;
    goto finish;
  }
  res.entities = cc.entities;
  res.rejected = cc.rejected;
  if (l->min_entities && (long long)cc.entities < l->min_entities) {
    snprintf(msg, sizeof msg, "%llu entities, fewer than min_entities %lld: not installed",
             (unsigned long long)cc.entities, l->min_entities);
    res.status = VET_UPDATE_FAILED;
    goto finish;
  }
  double max_shrink = vet__update_max_shrink(c, l);
  uint64_t before = res.previous_entities;
  int shrunk = cur && before && (double)cc.entities < (double)before * (1.0 - max_shrink);
  int accepted = shrunk && named(r->o->accept, l->name);

  /* Keep the version: rename the synced temporary folder into the store. */
  char dst[4400];
  snprintf(dst, sizeof dst, "%s/%s", store_list, version);
  if (sync_folder(tmp, l) != 0) {
    vet__rmtree(tmp);
    json_decref(files);
    return vet__error_at(err, VET_EIO, tmp, 0, "cannot sync the download: %s", strerror(errno));
  }
  struct stat st;
  if (stat(dst, &st) == 0) {
    vet__rmtree(tmp);   /* the same bytes were kept before (e.g. held, now accepted) */
  } else if (rename(tmp, dst) != 0) {
    int e = errno;
    vet__rmtree(tmp);
    json_decref(files);
    return vet__error_at(err, VET_EIO, dst, 0, "cannot install: %s", strerror(e));
  }
  vet__fsync_path(store_list);
  tmp[0] = '\0';
  res.version = version;

  char now[32], dc[128] = "";
  vet__now_iso(now);
  if (cur) diff_counts(cur_dir, dst, l->format, dc, sizeof dc);
  json_t *ver = json_pack("{s:s, s:s, s:s, s:I, s:I, s:O}", "version", version, "fetched_at", now,
                          "checksum", vsum, "entities", (json_int_t)cc.entities, "rejected",
                          (json_int_t)cc.rejected, "files", files);
  if (dc[0]) json_object_set_new(ver, "changes", json_string(dc));
  if (shrunk && !accepted) {
    double lost = 100.0 * (1.0 - (double)cc.entities / (double)before);
    snprintf(msg, sizeof msg,
             "held back: %llu entities where %s has %llu (%.1f%% fewer, more than max_shrink "
             "%g%%); kept as %s, not installed; after review: vet update --accept %s",
             (unsigned long long)cc.entities, cur, (unsigned long long)before, lost,
             max_shrink * 100, version, l->name);
    res.status = VET_UPDATE_HELD;
    json_object_set_new(ver, "status", json_string("held"));
    json_object_set_new(entry, "held", json_pack("{s:s, s:I, s:s}", "version", version,
                                                 "entities", (json_int_t)cc.entities, "reason", msg));
  } else {
    res.status = VET_UPDATE_INSTALLED;
    json_object_set_new(ver, "status", json_string(accepted ? "installed (accepted)" : "installed"));
    json_object_set_new(entry, "current", json_string(version));
    json_object_set_new(entry, "checksum", json_string(vsum));
    json_object_set_new(entry, "entities", json_integer((json_int_t)cc.entities));
    json_object_set_new(entry, "rejected", json_integer((json_int_t)cc.rejected));
    json_object_set_new(entry, "installed_at", json_string(now));
    json_object_set(entry, "files", files);
    json_object_del(entry, "held");
    char was[64] = "first version";
    if (cur) snprintf(was, sizeof was, "%llu before", (unsigned long long)before);
    snprintf(msg, sizeof msg, "%llu entities (%s)%s%s", (unsigned long long)cc.entities, was,
             dc[0] ? "; " : "", dc);
    if (cc.rejected) {
      size_t k = strlen(msg);
      snprintf(msg + k, sizeof msg - k, "; %llu rows rejected (reported above)",
               (unsigned long long)cc.rejected);
    }
  }
  /* A held-back version downloaded again is reported again but recorded once. */
  const json_t *vs = json_object_get(entry, "versions");
  const json_t *last = json_array_get(vs, json_array_size(vs) ? json_array_size(vs) - 1 : 0);
  const char *lv = last ? jstr(last, "version") : NULL, *ls = last ? jstr(last, "status") : NULL;
  if (res.status == VET_UPDATE_HELD && lv && ls && !strcmp(lv, version) && !strcmp(ls, "held"))
    json_decref(ver);
  else
    json_array_append_new(json_object_get(entry, "versions"), ver);

finish:
  if (tmp[0]) vet__rmtree(tmp);
  json_decref(files);
  report(r, &res, entry);
  return vet__store_manifest_save(c->store, r->manifest, err);
}

/* The builder's diagnostics, passed on to the caller's. */
static void builder_diag(void *ud, const vet_diag *d) {
  run *r = ud;
  if (r->o->diag) r->o->diag(r->o->userdata, d);
}

/* Adds a version folder read with a forced reader. vet_builder_add_path()
 * detects formats, so the entities are read into a diff set (which copies
 * them) and handed to the builder list by list. */
static int add_forced(vet_builder *b, const char *dir, const char *format, vet_error *err) {
  vet_diff_set *set = vet_diff_set_new();
  if (!set) return vet__error_set(err, VET_ENOMEM, "out of memory");
  vet_read_options ro = vet_read_options_default();
  ro.format = format;
  int rc = vet_diff_set_load(set, dir, &ro, NULL, NULL, err);
  for (size_t k = 0; k < vet_diff_set_list_count(set) && !rc; k++) {
    const vet_list_info *li = vet_diff_set_list(set, k);
    rc = vet_builder_begin_list(b, li, err);
    for (size_t i = 0; i < vet_diff_set_count(set) && !rc; i++) {
      const vet_entity *e = vet_diff_set_entity(set, i);
      if (e->list_id && !strcmp(e->list_id, li->list_id)) rc = vet_builder_add_entity(b, e, err);
    }
    if (!rc) rc = vet_builder_end_list(b, err);
  }
  vet_diff_set_free(set);
  return rc;
}

/* Rebuilds the snapshot from the current version of every configured list. */
static int build_snapshot(run *r, vet_error *err) {
  const vet_update_config *c = r->c;
  vet_builder_options bo = vet_builder_options_default();
  bo.diag = builder_diag;
  bo.diag_userdata = r;
  vet_builder *b = vet_builder_new(&bo);
  if (!b) return vet__error_set(err, VET_ENOMEM, "out of memory");
  json_t *lists = json_object_get(r->manifest, "lists");
  json_t *used = json_object();
  size_t n = 0;
  int rc = VET_OK;
  for (size_t i = 0; i < c->n_lists && !rc; i++) {
    const vet__update_list *l = &c->lists[i];
    const char *cur = jstr(json_object_get(lists, l->name), "current");
    if (!cur || !l->enabled) continue;
    char dir[4400];
    snprintf(dir, sizeof dir, "%s/%s/%s", c->store, l->name, cur);
    logf_(r, "snapshot: adding %s", dir);
    rc = l->format ? add_forced(b, dir, l->format, err) : vet_builder_add_path(b, dir, err);
    json_object_set_new(used, l->name, json_string(cur));
    n++;
  }
  if (!rc && n == 0) {
    logf_(r, "snapshot: no list has an installed version yet; not written");
  } else if (!rc) {
    rc = vet_builder_write(b, c->snapshot, err);
    if (!rc) {
      vet_snapshot *s = NULL;
      char now[32];
      vet__now_iso(now);
      /* Opened again for its count and checksum: a snapshot that was
       * written but cannot be opened is an error, not a build of 0. */
      rc = vet_snapshot_open(c->snapshot, &s, err);
      if (!rc) {
        r->sum.snapshot_entities = vet_snapshot_entity_count(s);
        json_t *info = json_pack("{s:s, s:s, s:O, s:s, s:I}", "path", c->snapshot, "built_at", now, "lists", used,
                                 "checksum", vet_snapshot_checksum(s), "entities",
                                 (json_int_t)r->sum.snapshot_entities);
        vet_snapshot_close(s);
        if (!info) rc = vet__error_set(err, VET_ENOMEM, "out of memory");
        else json_object_set_new(r->manifest, "snapshot", info);
      }
      if (!rc) {
        r->sum.snapshot_built = 1;
        rc = vet__store_manifest_save(c->store, r->manifest, err);
      }
    }
  }
  json_decref(used);
  vet_builder_free(b);
  return rc;
}

/* 1 when the manifest's record of the last build ("snapshot.lists": list →
 * version) is not the set of versions installed now. */
static int snapshot_stale(const run *r) {
  const json_t *built = json_object_get(json_object_get(r->manifest, "snapshot"), "lists");
  const json_t *lists = json_object_get(r->manifest, "lists");
  size_t n = 0;
  for (size_t i = 0; i < r->c->n_lists; i++) {
    const vet__update_list *l = &r->c->lists[i];
    const char *cur = jstr(json_object_get(lists, l->name), "current");
    if (!cur || !l->enabled) continue;
    n++;
    const char *b = json_string_value(json_object_get(built, l->name));
    if (!b || strcmp(b, cur)) return 1;
  }
  return json_object_size(built) != n;
}

int vet_update_run(const vet_update_config *c, const vet_update_options *options,
                   vet_update_summary *summary, vet_error *err) {
  vet_update_options def = vet_update_options_default();
  if (!options) options = &def;
  if (summary) memset(summary, 0, sizeof *summary);
  if (!c) return vet__error_set(err, VET_EINVAL, "no configuration");
  for (const char *const *p = options->only; p && *p; p++) {
    size_t i = 0;
    while (i < c->n_lists && strcmp(c->lists[i].name, *p)) i++;
    if (i == c->n_lists) return vet__error_set(err, VET_ENOTFOUND, "no list \"%s\" in the configuration", *p);
  }
  run r;
  memset(&r, 0, sizeof r);
  r.c = c;
  r.o = options;
  int lock = -1;
  int rc = vet__store_lock(c->store, &lock, err);
  if (rc) return rc;
  /* Under the lock, anything in .tmp is left over from a run that died: remove it. */
  char tmp_root[4200];
  snprintf(tmp_root, sizeof tmp_root, "%s/.tmp", c->store);
  vet__rmtree(tmp_root);
  rc = vet__store_manifest_load(c->store, &r.manifest, err);
  if (!rc && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    rc = vet__error_set(err, VET_EIO, "libcurl could not be initialised");
  else if (!rc) {
    for (size_t i = 0; i < c->n_lists && !rc; i++) {
      const vet__update_list *l = &c->lists[i];
      if (!l->enabled || (options->only && !named(options->only, l->name))) {
        vet_update_result res;
        memset(&res, 0, sizeof res);
        res.list = l->name;
        res.status = VET_UPDATE_SKIPPED;
        res.message = l->enabled ? "not asked for" : "disabled";
        r.sum.skipped++;
        if (options->result) options->result(options->userdata, &res);
        continue;
      }
      rc = update_list(&r, l, err);
    }
    curl_global_cleanup();
    struct stat st;
    int missing = stat(c->snapshot, &st) != 0, unreadable = 0;
    /* A snapshot this vet cannot open (one written by an older vet, whose
    ** matching index has another version) is rebuilt from the installed
    ** lists even when none changed: otherwise every screen would fail until
    ** someone ran vet index build by hand. */
    int stale = 0;
    if (!rc && !missing && !options->no_snapshot && !r.sum.installed && !options->force_snapshot) {
      vet_snapshot *old = NULL;
      vet_error oerr;
      if (vet_snapshot_open(c->snapshot, &old, &oerr)) {
        unreadable = 1;
        logf_(&r, "the snapshot cannot be opened (%s): rebuilding it", oerr.message);
      } else if ((stale = snapshot_stale(&r))) {
        logf_(&r, "the snapshot was not built from the versions installed: rebuilding it");
      }
      vet_snapshot_close(old);
    }
    if (!rc && !options->no_snapshot &&
        (r.sum.installed || options->force_snapshot || missing || unreadable || stale))
      rc = build_snapshot(&r, err);
  }
  json_decref(r.manifest);
  vet__store_unlock(lock);
  if (summary) *summary = r.sum;
  return rc;
}

int vet_update_status_report(const vet_update_config *c, int flags, char **out, vet_error *err) {
  *out = NULL;
  if (!c) return vet__error_set(err, VET_EINVAL, "no configuration");
  json_t *m = NULL;
  int rc = vet__store_manifest_load(c->store, &m, err);
  if (rc) return rc;
  if (flags & VET_UPDATE_STATUS_JSON) {
    *out = json_dumps(m, JSON_PRESERVE_ORDER |
                             ((flags & VET_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT));
    json_decref(m);
    return *out ? VET_OK : vet__error_set(err, VET_ENOMEM, "out of memory");
  }
  vet__buf b = VET__BUF_INIT;
  json_t *lists = json_object_get(m, "lists");
  rc = vet__buf_printf(&b, "store %s\n%-12s %-20s %9s  %-20s  %-20s %s\n", c->store, "list",
                       "installed", "entities", "installed at", "last check", "last outcome");
  for (size_t i = 0; i < c->n_lists && !rc; i++) {
    const vet__update_list *l = &c->lists[i];
    const json_t *e = json_object_get(lists, l->name);
    const char *cur = jstr(e, "current");
    rc = vet__buf_printf(&b, "%-12s %-20s %9llu  %-20s  %-20s %s%s\n", l->name,
                         cur ? cur : "(none)", (unsigned long long)juint(e, "entities"),
                         jstr(e, "installed_at") ? jstr(e, "installed_at") : "-",
                         jstr(e, "last_check") ? jstr(e, "last_check") : "-",
                         jstr(e, "last_status") ? jstr(e, "last_status") : "never run",
                         l->enabled ? "" : " (disabled)");
    const json_t *held = json_object_get(e, "held");
    if (!rc && held)
      rc = vet__buf_printf(&b, "  held back: %s (%llu entities) — vet update --accept %s\n",
                           jstr(held, "version") ? jstr(held, "version") : "?",
                           (unsigned long long)juint(held, "entities"), l->name);
    const char *msg = jstr(e, "last_message");
    if (!rc && msg && msg[0] && jstr(e, "last_status") &&
        (!strcmp(jstr(e, "last_status"), "failed") || !strcmp(jstr(e, "last_status"), "held")))
      rc = vet__buf_printf(&b, "  %s\n", msg);
  }
  const json_t *snap = json_object_get(m, "snapshot");
  if (!rc && snap)
    rc = vet__buf_printf(&b, "snapshot %s: %llu entities, built %s, %s\n",
                         jstr(snap, "path") ? jstr(snap, "path") : "?",
                         (unsigned long long)juint(snap, "entities"),
                         jstr(snap, "built_at") ? jstr(snap, "built_at") : "?",
                         jstr(snap, "checksum") ? jstr(snap, "checksum") : "");
  else if (!rc)
    rc = vet__buf_puts(&b, "snapshot: not built by vet update yet\n");
  json_decref(m);
  if (rc) {
    vet__buf_free(&b);
    return vet__error_set(err, VET_ENOMEM, "out of memory");
  }
  *out = vet__buf_take(&b);
  return VET_OK;
}
