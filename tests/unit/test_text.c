/* test_text.c — vet text's scanner over a real snapshot (vet's own list,
 * OFAC's SDN list of 2024-05-03, which holds Intellexa, the tanker Artavil
 * and Abu Bakr al-Baghdadi as an a.k.a., and a small list of names made of
 * common words written by the test).
 *
 * Most tests use a stand-in scorer — a window is a match when its words
 * equal a listed name's (legal forms aside; 1.0) or do so but for one word
 * one edit away (0.9) — so that what is tested is the scanner's part: which
 * windows are screened, offsets, overlaps, case, HTML, and that ordinary
 * prose (the licence texts Debian ships in /usr/share/common-licenses and
 * paragraphs written here) yields no mention. test_real_matcher runs the
 * shipped scanner with vet_screen(). */
#include "harness.h"
#include "text/text_int.h"
#include "vet.h"

#include <ctype.h>
#include <dirent.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the stand-in scorer ------------------------------------------------ */

typedef struct name_rec {
  char *norm;                 /* lower-case ASCII words joined by one space */
  size_t words;
  vet_entity_type type;
  char *list, *source, *name, *matched;
} name_rec;

typedef struct fake {
  name_rec *names;
  size_t n;
  atomic_int calls;
} fake;

static fake FAKE;

static const char *const LEGAL[] = {"s", "a", "sa", "ltd", "limited", "inc", "llc", "ad", "co",
                                    "corp", "gmbh", NULL};

#define WORDCH(c) (isalnum((unsigned char)(c)) || (unsigned char)(c) >= 0x80)

/* Words of s, lower-cased, letters and digits only, legal forms dropped. */
static char *norm(const char *s, size_t *words) {
  size_t n = strlen(s);
  char *out = malloc(n + 2), *o = out;
  *words = 0;
  for (size_t i = 0; i < n;) {
    while (i < n && !WORDCH(s[i])) i++;
    size_t a = i;
    while (i < n && WORDCH(s[i])) i++;
    if (i == a) break;
    char w[128];
    size_t k = 0;
    for (size_t j = a; j < i && k < sizeof w - 1; j++) w[k++] = (char)tolower((unsigned char)s[j]);
    w[k] = '\0';
    int legal = 0;
    for (int l = 0; LEGAL[l]; l++) legal |= !strcmp(w, LEGAL[l]);
    if (legal) continue;
    if (o != out) *o++ = ' ';
    memcpy(o, w, k);
    o += k;
    (*words)++;
  }
  *o = '\0';
  return out;
}

static int lev1(const char *a, const char *b) { /* edit distance <= 1 */
  size_t la = strlen(a), lb = strlen(b);
  if (la > lb) { const char *t = a; a = b; b = t; size_t u = la; la = lb; lb = u; }
  if (lb - la > 1) return 0;
  size_t i = 0;
  while (i < la && a[i] == b[i]) i++;
  if (la == lb) return !strcmp(a + i + (i < la), b + i + (i < lb));
  return !strcmp(a + i, b + i + 1);
}

static int close_enough(const char *q, const char *n) { /* one word one edit away */
  char qa[256], na[256];
  snprintf(qa, sizeof qa, "%s", q);
  snprintf(na, sizeof na, "%s", n);
  char *sq, *sn;
  char *x = strtok_r(qa, " ", &sq), *y = strtok_r(na, " ", &sn);
  int diffs = 0;
  while (x && y) {
    if (strcmp(x, y)) {
      if (strlen(x) < 4 || !lev1(x, y)) return 0;
      diffs++;
    }
    x = strtok_r(NULL, " ", &sq);
    y = strtok_r(NULL, " ", &sn);
  }
  return !x && !y && diffs == 1;
}

static void fake_load(const vet_snapshot *snap) {
  uint32_t n = vet_snapshot_entity_count(snap);
  for (uint32_t i = 0; i < n; i++) {
    vet_entity *e;
    if (vet_snapshot_entity(snap, i, &e, NULL)) continue;
    for (size_t k = 0; k < e->n_names; k++) {
      FAKE.names = realloc(FAKE.names, (FAKE.n + 1) * sizeof *FAKE.names);
      name_rec *r = &FAKE.names[FAKE.n++];
      r->norm = norm(e->names[k].text, &r->words);
      r->type = e->type;
      r->list = strdup(e->list_id);
      r->source = strdup(e->source_id);
      r->name = strdup(e->names[0].text);
      r->matched = strdup(e->names[k].text);
    }
    vet_entity_free(e);
  }
}

typedef struct fw {
  vet__batch_hit hit;
} fw;

static void *fw_new(void *ctx) { return calloc(1, sizeof(fw)); }
static void fw_free(void *w) { free(w); }

static int fw_screen(void *p, const vet_query *q, const vet__batch_hit **out, size_t *n,
                     vet_error *err) {
  fw *w = p;
  atomic_fetch_add(&FAKE.calls, 1);
  size_t words;
  char *qn = norm(q->name, &words);
  *n = 0;
  *out = &w->hit;
  for (size_t i = 0; i < FAKE.n && !*n; i++) {
    const name_rec *r = &FAKE.names[i];
    double score = !strcmp(qn, r->norm) ? 1.0 : r->words == words && close_enough(qn, r->norm) ? 0.9 : 0;
    if (score < q->threshold) continue;
    w->hit = (vet__batch_hit){score, 1, r->type, 0, r->list, r->source, r->name, r->matched,
                              "stand-in: equal words", NULL};
    *n = 1;
  }
  free(qn);
  return VET_OK;
}

/* ---- fixtures ------------------------------------------------------------------ */

static vet_snapshot *SNAP;
static char SNAP_PATH[256];

/* Names made of common words, as a list of vet's own JSONL format. */
static const char COMMON_NAMES[] =
    "{\"vet_list\": {\"id\": \"test-common\", \"name\": \"names of common words\"}}\n"
    "{\"source_id\": \"1\", \"type\": \"organization\", \"name\": \"Casa de Cuba\"}\n"
    "{\"source_id\": \"2\", \"type\": \"person\", \"name\": \"Ali\"}\n"
    "{\"source_id\": \"3\", \"type\": \"organization\", \"name\": \"Golden Star\"}\n"
    "{\"source_id\": \"4\", \"type\": \"person\", \"name\": \"Mohammed Ali\"}\n"
    "{\"source_id\": \"5\", \"type\": \"organization\", \"name\": \"General Public\"}\n";

static int make_snapshot(void) {
  snprintf(SNAP_PATH, sizeof SNAP_PATH, "/tmp/vet-test-text.%d.snap", (int)getpid());
  char jl[256];
  snprintf(jl, sizeof jl, "/tmp/vet-test-text.%d.jsonl", (int)getpid());
  FILE *f = fopen(jl, "w");
  fputs(COMMON_NAMES, f);
  fclose(f);
  vet_builder *b = vet_builder_new(NULL);
  vet_error err;
  int rc = vet_builder_add_path(b, VET_SOURCE_DIR "/data", &err);
  if (!rc) rc = vet_builder_add_path(b, SHARED("ofac/sdn-history/sdn-2024-05-03.csv"), &err);
  if (!rc) rc = vet_builder_add_path(b, jl, &err);
  if (!rc) rc = vet_builder_write(b, SNAP_PATH, &err);
  vet_builder_free(b);
  unlink(jl);
  if (rc) {
    fprintf(stderr, "snapshot: %s\n", err.message);
    return rc;
  }
  return vet_snapshot_open(SNAP_PATH, &SNAP, &err);
}

/* The stand-in scanner, made once (its vocabulary takes a while under
** ASan) and freed by main(). */
static vet_text_scanner *SCANNER;

static vet_text_scanner *scanner(void) {
  if (SCANNER) return SCANNER;
  vet__batch_scorer sc = {fw_new, fw_free, fw_screen, NULL, NULL};
  vet_error err;
  if (vet__text_scanner_new_with(SNAP, NULL, &sc, &SCANNER, &err)) fprintf(stderr, "%s\n", err.message);
  return SCANNER;
}

/* The mention whose span is `span`, or NULL. Checks text[start,end) == span. */
static const vet_mention *find(const char *text, const vet_mention *m, size_t n, const char *span) {
  for (size_t i = 0; i < n; i++)
    if (m[i].end - m[i].start == strlen(span) && !memcmp(text + m[i].start, span, strlen(span)))
      return &m[i];
  return NULL;
}

/* ---- tests ------------------------------------------------------------------------ */

static const char NEWS[] =
    "Researchers at the Citizen Lab said on Tuesday that the Israeli spyware maker NSO\n"
    "Group had sold its Pegasus tool to at least ten governments. NSO Group denied it.\n"
    "\n"
    "A second vendor, Candiru, also known as Saito Tech, was added to the Entity List with\n"
    "it. In Athens, investigators traced payments to Intellexa, the consortium behind the\n"
    "Predator spyware; its partner Cytrox Holdings is in Budapest.\n"
    "\n"
    "The tanker Artavil switched off its transponder off the coast of Oman, shipping data\n"
    "show. Separately, a court heard that Abu Bakr al-Baghdadi had ordered the attacks, and\n"
    "that funds moved through Grindavik Solutons, a shell company.\n";

static void test_news(void) {
  vet_text_scanner *s = scanner();
  REQUIRE(s);
  const vet_mention *m;
  size_t n;
  REQUIRE(vet_text_scan(s, NEWS, sizeof NEWS - 1, &m, &n, NULL) == VET_OK);
  for (size_t i = 0; i < n; i++)
    fprintf(stderr, "  mention [%zu,%zu) \"%.*s\" %s/%s %.2f: %s\n", m[i].start, m[i].end,
            (int)(m[i].end - m[i].start), NEWS + m[i].start, m[i].list_id, m[i].source_id,
            m[i].score, m[i].explanation);
  /* Each expected span, checked byte for byte at its offsets by find(). */
  const vet_mention *x;
  CHECK((x = find(NEWS, m, n, "NSO\nGroup")) && !strcmp(x->source_id, "IL:nso-group"));
  CHECK(find(NEWS, m, n, "NSO Group"));
  CHECK((x = find(NEWS, m, n, "Candiru")) && !strcmp(x->list_id, "bis-el"));
  CHECK((x = find(NEWS, m, n, "Saito Tech")) && !strcmp(x->source_id, "IL:candiru"));
  CHECK((x = find(NEWS, m, n, "Intellexa")) && !strcmp(x->list_id, "ofac-sdn"));
  CHECK((x = find(NEWS, m, n, "Artavil")) && x->type == VET_TYPE_VESSEL);
  CHECK((x = find(NEWS, m, n, "Abu Bakr al-Baghdadi")) && !strcmp(x->source_id, "12926"));
  CHECK((x = find(NEWS, m, n, "Grindavik Solutons")) && x->score < 1.0);
  /* "Cytrox" alone: OFAC lists "CYTROX AD" (a legal form aside, the same name). */
  CHECK((x = find(NEWS, m, n, "Cytrox")) && !strcmp(x->source_id, "48067"));
  CHECK_INT(n, 9); /* the nine spans above */
  /* The sentence around each mention holds it. */
  for (size_t i = 0; i < n; i++) CHECK(m[i].sentence_start <= m[i].start && m[i].end <= m[i].sentence_end);
}

/* Upper and lower case texts have no case evidence; names still found. */
static void test_case(void) {
  vet_text_scanner *s = scanner();
  REQUIRE(s);
  const vet_mention *m;
  size_t n;
  const char *up = "SPYWARE FIRM NSO GROUP SUED BY MESSAGING GIANT; CANDIRU ALSO NAMED";
  REQUIRE(vet_text_scan(s, up, strlen(up), &m, &n, NULL) == VET_OK);
  CHECK(find(up, m, n, "NSO GROUP"));
  CHECK(find(up, m, n, "CANDIRU"));
  const char *low = "forwarded: the nso group invoice and the candiru contract are attached.";
  REQUIRE(vet_text_scan(s, low, strlen(low), &m, &n, NULL) == VET_OK);
  CHECK(find(low, m, n, "nso group"));
  CHECK(find(low, m, n, "candiru"));
}

/* A listed name made only of common words ("Positive Technologies", on the
** Entity List since 2021) is a mention when written as a proper noun in
** mid-sentence: capitalized, nothing capitalized next to it, the whole name
** (scan.c, plain_runs()). Not at a sentence's start, not in lower case, not
** inside a longer proper noun. */
static void test_common_word_name(void) {
  vet_text_scanner *s = scanner();
  REQUIRE(s);
  const vet_mention *m;
  size_t n;
  static const char T[] =
      "The firm sold licences to Positive Technologies last year.\n"
      "We met Positive Technologies in Moscow, and later Positive Technologies Ltd of Russia.\n"
      "Positive Technologies bought them.\n"
      "Researchers said positive technologies in medicine helped.\n"
      "She joined Positive Technologies Kaspersky, a made-up firm.\n";
  REQUIRE(vet_text_scan(s, T, sizeof T - 1, &m, &n, NULL) == VET_OK);
  for (size_t i = 0; i < n; i++)
    fprintf(stderr, "  mention [%zu,%zu) \"%.*s\" %s\n", m[i].start, m[i].end, (int)(m[i].end - m[i].start),
            T + m[i].start, m[i].source_id);
  size_t pt = 0;
  for (size_t i = 0; i < n; i++) pt += !strcmp(m[i].source_id, "RU:positive-technologies");
  const vet_mention *x;
  CHECK((x = find(T, m, n, "Positive Technologies")) && !strcmp(x->source_id, "RU:positive-technologies"));
  CHECK(find(T, m, n, "Positive Technologies Ltd"));   /* a legal form after it */
  CHECK_INT(pt, 3);   /* lines 1 and 2 (twice); not 3, 4 or 5 */
  for (size_t i = 0; i < n; i++) CHECK(m[i].start < (size_t)(strstr(T, "Positive Technologies bought") - T));
}

/* Ordinary prose, written for this test: common-word names and a person
** called Ali in ordinary sentences. */
static const char PROSE[] =
    "Ali said he would bring the casa de cuba recipes to the golden star dinner. In Cuba the\n"
    "group met at noon. Mohammed and Ali walked to the General Store, where a Golden retriever\n"
    "slept under a star chart. The General Public was invited, and the group said the\n"
    "technology was positive. Grindavik is a town in Iceland; Saito is a family name.\n"
    "Casa de Cuba, the restaurant, is closed on Mondays, Ali told the Group.\n";

static size_t scan_file(vet_text_scanner *s, const char *path, size_t *bytes) {
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  char *d = malloc(1 << 20);
  size_t n = fread(d, 1, (1 << 20) - 1, f);
  fclose(f);
  const vet_mention *m;
  size_t k = 0;
  if (vet_text_scan(s, d, n, &m, &k, NULL) == VET_OK)
    for (size_t i = 0; i < k; i++)
      fprintf(stderr, "  unexpected in %s: \"%.*s\" -> %s\n", path, (int)(m[i].end - m[i].start),
              d + m[i].start, m[i].name);
  *bytes += n;
  free(d);
  return k;
}

static void test_prose_quiet(void) {
  vet_text_scanner *s = scanner();
  REQUIRE(s);
  const vet_mention *m;
  size_t n;
  REQUIRE(vet_text_scan(s, PROSE, sizeof PROSE - 1, &m, &n, NULL) == VET_OK);
  for (size_t i = 0; i < n; i++)
    fprintf(stderr, "  unexpected: \"%.*s\" -> %s\n", (int)(m[i].end - m[i].start), PROSE + m[i].start,
            m[i].name);
  CHECK_INT(n, 0);
  /* Every licence text Debian ships (base-files): legal prose, capitalized terms. */
  DIR *d = opendir("/usr/share/common-licenses");
  REQUIRE(d);
  struct dirent *e;
  size_t files = 0, hits = 0, bytes = 0;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char path[512];
    snprintf(path, sizeof path, "/usr/share/common-licenses/%s", e->d_name);
    struct stat st;
    if (stat(path, &st) || !S_ISREG(st.st_mode)) continue;
    hits += scan_file(s, path, &bytes);
    files++;
  }
  closedir(d);
  fprintf(stderr, "  %zu licence files, %zu bytes, %zu mentions, %d windows screened\n", files, bytes,
          hits, atomic_load(&FAKE.calls));
  CHECK(files >= 10);
  CHECK_INT(hits, 0);
}

static void test_html(void) {
  const char *html = "<html><head><title>Report</title><style>.NSO { Group: 1 }</style>"
                     "<script>var Candiru = 1;</script></head><body><p>The <b>NSO</b> Group"
                     " &amp; friends</p><div>Candi</div><div>ru</div><p>Tabatha Ltd.</p></body></html>";
  char *text;
  size_t tn;
  REQUIRE(vet_text_from_html(html, strlen(html), &text, &tn, NULL) == VET_OK);
  CHECK(strstr(text, "The NSO Group & friends"));
  CHECK(!strstr(text, "var Candiru"));
  CHECK(!strstr(text, "Group: 1"));
  vet_text_scanner *s = scanner();
  REQUIRE(s);
  const vet_mention *m;
  size_t n;
  REQUIRE(vet_text_scan(s, text, tn, &m, &n, NULL) == VET_OK);
  CHECK(find(text, m, n, "NSO Group"));
  CHECK(find(text, m, n, "Tabatha Ltd"));
  CHECK(!find(text, m, n, "Candiru"));     /* not in the page's text */
  CHECK_INT(n, 2);
  free(text);
}

/* Other scripts and broken bytes: offsets stay on the original bytes. */
static void test_bytes(void) {
  vet_text_scanner *s = scanner();
  REQUIRE(s);
  const char t[] = "\xe2\x80\x9c" "Candiru\xe2\x80\x9d, \xd8\xb4\xd8\xb1\xd9\x83\xd8\xa9 \xff\xfe NSO Group \xe6\x97\xa5\xe6\x9c\xac.";
  const vet_mention *m;
  size_t n;
  REQUIRE(vet_text_scan(s, t, sizeof t - 1, &m, &n, NULL) == VET_OK);
  for (size_t i = 0; i < n; i++)
    fprintf(stderr, "  mention [%zu,%zu) \"%.*s\"\n", m[i].start, m[i].end, (int)(m[i].end - m[i].start),
            t + m[i].start);
  CHECK(find(t, m, n, "Candiru"));
  CHECK(find(t, m, n, "NSO Group"));
  REQUIRE(vet_text_scan(s, "", 0, &m, &n, NULL) == VET_OK);
  CHECK_INT(n, 0);
}

/* Random pieces of text, broken UTF-8 and listed names: no crash, and
** every mention lies inside the text with its sentence around it. */
static void test_garbage(void) {
  static const char *const pieces[] = {"NSO", "Group", "Candiru", " ", "\n", "\n\n", ". ", ",", "-",
                                       "\xff", "\xc3", "\xc3\xa9", "\xe6\x97\xa5", "Ltd.", "al-",
                                       "Abu", "(", "\"", "Intellexa", "the", "A", "s"};
  vet_text_scanner *s = scanner();
  REQUIRE(s);
  unsigned seed = 99;
  char buf[4096];
  for (int round = 0; round < 200; round++) {
    size_t n = 0;
    while (n < sizeof buf - 16) {
      seed = seed * 1103515245u + 12345u;
      const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
      size_t k = strlen(p);
      memcpy(buf + n, p, k);
      n += k;
      if ((seed >> 8) % 7 == 0) buf[n++] = ' ';
    }
    const vet_mention *m;
    size_t k;
    REQUIRE(vet_text_scan(s, buf, n, &m, &k, NULL) == VET_OK);
    for (size_t i = 0; i < k; i++) {
      CHECK(m[i].start < m[i].end && m[i].end <= n);
      CHECK(m[i].sentence_start <= m[i].start && m[i].end <= m[i].sentence_end && m[i].sentence_end <= n);
      if (i) CHECK(m[i - 1].end <= m[i].start);   /* no overlaps, in text order */
    }
  }
}

/* The shipped path: vet_text_scanner_new() screens with vet_screen(). */
static void test_real_matcher(void) {
  vet_text_scanner *s = NULL;
  vet_error err;
  REQUIRE(vet_text_scanner_new(SNAP, NULL, &s, &err) == VET_OK);
  const vet_mention *m;
  size_t n;
  REQUIRE(vet_text_scan(s, NEWS, sizeof NEWS - 1, &m, &n, &err) == VET_OK);
  const vet_mention *x;
  CHECK((x = find(NEWS, m, n, "NSO\nGroup")) && !strcmp(x->source_id, "IL:nso-group") && x->json);
  CHECK((x = find(NEWS, m, n, "Candiru")) && x->score >= 0.97);
  CHECK((x = find(NEWS, m, n, "Saito Tech")) && !strcmp(x->source_id, "IL:candiru"));
  CHECK((x = find(NEWS, m, n, "Artavil")) && x->type == VET_TYPE_VESSEL);
  /* The misspelt word is found (how the matcher explains it is its own business). */
  CHECK((x = find(NEWS, m, n, "Grindavik Solutons")) && x->score < 1.0 && !strcmp(x->source_id, "IL:candiru"));
  REQUIRE(vet_text_scan(s, PROSE, sizeof PROSE - 1, &m, &n, &err) == VET_OK);
  CHECK_INT(n, 0);
  vet_text_scanner_free(s);
}

int main(void) {
  if (make_snapshot()) return 1;
  fake_load(SNAP);
  RUN(test_news);
  RUN(test_case);
  RUN(test_common_word_name);
  RUN(test_prose_quiet);
  RUN(test_html);
  RUN(test_bytes);
  RUN(test_garbage);
  RUN(test_real_matcher);
  vet_text_scanner_free(SCANNER);
  vet_snapshot_close(SNAP);
  unlink(SNAP_PATH);
  for (size_t i = 0; i < FAKE.n; i++) {
    name_rec *r = &FAKE.names[i];
    free(r->norm); free(r->list); free(r->source); free(r->name); free(r->matched);
  }
  free(FAKE.names);
  return HARNESS_DONE();
}
