/* vet_jsonl.c — vet's own list format: JSON lines.
 *
 * The first line describes the list, every other line is one entity in the
 * JSON form of vet_entity (model/entity_json.c):
 *
 *   {"vet_list": {"id": "bis-el", "name": "...", "date": "2021-11-04"}}
 *   {"source_id": "...", "type": "organization", "name": "...", ...}
 *
 * It is how vet ships its out-of-the-box list (data/), and how anyone can
 * screen against a list of their own. */
#include "readers/reader.h"
#include "model/entity_int.h"
#include "core/error.h"

#include <string.h>

static int sniff(const char *path, const char *head, size_t n) {
  (void)path;
  const char *k = "{\"vet_list\"";
  size_t i = 0;
  while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r')) i++;
  return n - i >= strlen(k) && memcmp(head + i, k, strlen(k)) == 0 ? 100 : 0;
}

static int read_list(vet__read_ctx *ctx) {
  const char *p = ctx->file->data, *end = p + ctx->file->size;
  int rc = vet__read_require_utf8(ctx, p, ctx->file->size);
  if (rc) return rc;
  unsigned long line = 0;
  char *list_id = ctx->id_buf, *name = ctx->name_buf, *date = ctx->date_buf;
  snprintf(list_id, sizeof ctx->id_buf, "vet");
  name[0] = date[0] = '\0';
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl ? nl : end;
    line++;
    size_t len = (size_t)(eol - p);
    const char *s = p;
    p = nl ? nl + 1 : end;
    while (len && (s[len - 1] == '\r' || s[len - 1] == ' ')) len--;
    if (len == 0) continue;
    json_error_t jerr;
    json_t *o = json_loadb(s, len, 0, &jerr);
    if (!o) {
      rc = vet__read_reject(ctx, NULL, line, "invalid JSON: %s", jerr.text);
      if (rc) return rc;
      continue;
    }
    if (line == 1 && json_object_get(o, "vet_list")) {
      json_t *meta = json_object_get(o, "vet_list");
      const char *v;
      if ((v = json_string_value(json_object_get(meta, "id")))) snprintf(list_id, sizeof ctx->id_buf, "%s", v);
      if ((v = json_string_value(json_object_get(meta, "name")))) snprintf(name, sizeof ctx->name_buf, "%s", v);
      if ((v = json_string_value(json_object_get(meta, "date")))) snprintf(date, sizeof ctx->date_buf, "%s", v);
      ctx->info.list_id = list_id;
      ctx->info.name = name[0] ? name : NULL;
      ctx->info.date = date[0] ? date : NULL;
      json_decref(o);
      continue;
    }
    ctx->info.list_id = list_id;
    const char *why = NULL;
    rc = vet__eb_begin(ctx->eb, list_id);
    if (!rc) rc = vet__entity_from_json(ctx->eb, o, &why);
    json_decref(o);
    if (rc == VET_EFORMAT) {
      rc = vet__read_reject(ctx, NULL, line, "%s", why);
    } else if (rc == 0) {
      rc = vet__read_emit(ctx, NULL, line);
    } else {
      return vet__error_at(ctx->err, rc, ctx->path, line, "%s", vet_strerror(rc));
    }
    if (rc) return rc;
  }
  ctx->info.list_id = list_id;
  ctx->info.name = name[0] ? name : NULL;
  ctx->info.date = date[0] ? date : NULL;
  return 0;
}

const vet__reader vet__reader_vet_jsonl = {
  "vet-jsonl", "vet's own list format: JSON lines, one entity a line", sniff, NULL, read_list,
};
