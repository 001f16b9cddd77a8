/* test_normalize.c — the normalizer and the name dictionaries (data/dict):
 * every dictionary kind, every step of the pipeline, several scripts. The
 * expected strings were worked out by hand from the rules in normalize.h and
 * the dictionary lines they name. */
#include "harness.h"
#include "normalize/normalize.h"

static vet__dict *dict;
static vet__normalizer *nz;

static char *norm(const char *s) {
  static char out[1024];
  vet__nname nm;
  if (vet__normalize(nz, s, strlen(s), &nm)) return NULL;
  char *j = vet__nname_join(&nm);
  snprintf(out, sizeof out, "%s", j ? j : "(null)");
  free(j);
  return out;
}

static uint8_t flags_of(const char *s, size_t i) {
  vet__nname nm;
  if (vet__normalize(nz, s, strlen(s), &nm) || i >= nm.n) return 0xff;
  return nm.tok[i].flags;
}

static void test_dictionary_loads(void) {
  /* Every kind file is present and parsed; a known line of each resolves. */
  const char *c;
  vet__dict_kind k;
  CHECK(vet__dict_size(dict) > 500);
  CHECK(vet__dict_lookup(dict, "gmbh", 4, &c, &k) && k == VET__DK_LEGAL && !strcmp(c, "llc"));
  CHECK(vet__dict_lookup(dict, "intl", 4, &c, &k) && k == VET__DK_ABBREV && !strcmp(c, "international"));
  CHECK(vet__dict_lookup(dict, "husayn", 6, &c, &k) && k == VET__DK_VARIANT && !strcmp(c, "hussein"));
  CHECK(vet__dict_lookup(dict, "sheikh", 6, &c, &k) && k == VET__DK_HONORIFIC);
  CHECK(vet__dict_lookup(dict, "ibn", 3, &c, &k) && k == VET__DK_PARTICLE && !strcmp(c, "bin"));
  CHECK(vet__dict_lookup(dict, "the", 3, &c, &k) && k == VET__DK_STOP);
  CHECK(!vet__dict_lookup(dict, "candiru", 7, &c, &k));
}

static void test_dictionary_errors(void) {
  vet__dict *d = NULL;
  vet_error err;
  CHECK_INT(vet__dict_parse("a|b\n", 4, &d, &err), VET_EFORMAT);   /* no @kind */
  CHECK_INT(vet__dict_parse("@nonsense\na|b\n", 14, &d, &err), VET_EFORMAT);
  vet__buf b = VET__BUF_INIT;
  CHECK_INT(vet__dict_read_dir("/nonexistent-dir", &b, &err), VET_EIO);
  vet__buf_free(&b);
  /* Comments, blank lines, CRLF and a multi-word variant. */
  const char *t = "@legal_forms\r\n# comment\r\n\r\nllc|Limited Liability Company # trailing\r\n";
  REQUIRE(vet__dict_parse(t, strlen(t), &d, &err) == 0);
  const char *c;
  vet__dict_kind k;
  /* Variants are stored normalized: -y endings folded (tokenize.c). */
  CHECK(vet__dict_lookup(d, "limited liabiliti compani", 25, &c, &k) && !strcmp(c, "llc"));
  CHECK_INT(vet__dict_size(d), 2);
  vet__dict_free(d);
}

static void test_dictionary_roundtrip(void) {
  /* The snapshot stores vet__dict_write()'s text: it must parse to the same
   * map, and be pure ASCII (so that opening a snapshot needs no ICU). */
  vet__buf out = VET__BUF_INIT;
  REQUIRE(vet__dict_write(dict, &out) == 0);
  for (size_t i = 0; i < out.len; i++) CHECK((unsigned char)out.data[i] < 0x80);
  vet__dict *d2 = NULL;
  vet_error err;
  REQUIRE(vet__dict_parse(out.data, out.len, &d2, &err) == 0);
  CHECK_INT(vet__dict_size(d2), vet__dict_size(dict));
  const char *probes[] = {"gmbh", "intl", "husayn", "sheikh", "ibn", "the", "abd allh", "sa de cv", "mr", "ud"};
  for (size_t i = 0; i < sizeof probes / sizeof *probes; i++) {
    const char *c1 = NULL, *c2 = NULL;
    vet__dict_kind k1 = VET__DK_COUNT, k2 = VET__DK_COUNT;
    int f1 = vet__dict_lookup(dict, probes[i], strlen(probes[i]), &c1, &k1);
    int f2 = vet__dict_lookup(d2, probes[i], strlen(probes[i]), &c2, &k2);
    CHECK(f1 && f2);
    if (f1 && f2) {
      CHECK_STR(c2, c1);
      CHECK_INT(k2, k1);
    }
  }
  vet__dict_free(d2);
  vet__buf_free(&out);
}

static void test_legal_forms(void) {
  CHECK_STR(norm("Obshchestvo s Ogranichennoi Otvetstvennostyu Rosneft"), "llc rosneft");
  CHECK_STR(norm("OOO Rosneft"), "llc rosneft");
  CHECK_STR(norm("Rosneft LLC"), "rosneft llc");
  CHECK_STR(norm("Acme GmbH"), "acme llc");
  CHECK_STR(norm("Grupo Acme, S.A. de C.V."), "group acme sa");
  CHECK_STR(norm("Acme S.A."), "acme sa");
  CHECK_STR(norm("PJSC Acme"), "jsc acme");
  CHECK_STR(norm("Acme PTE. LTD."), "acme ltd");
  CHECK_STR(norm("Acme B.V."), "acme bv");
  CHECK_STR(norm("Acme FZE"), "acme fze");
  CHECK_STR(norm("Acme Sp. z o.o."), "acme llc");
  /* One typo in a long legal form or abbreviation; not in a short word. */
  CHECK_STR(norm("Siemens Aktiengeselschaft"), "siemens ag");
  CHECK_STR(norm("Acme Internatonal"), "acme international");
  CHECK_STR(norm("Acme Gmbx"), "acme gmbx");
  CHECK(flags_of("Acme GmbH", 1) & VET__TOK_LEGAL);
  CHECK(!(flags_of("Acme GmbH", 0) & VET__TOK_LEGAL));
}

static void test_abbreviations(void) {
  CHECK_STR(norm("Acme Intl Trdg Svcs Mfg"), "acme international trading services manufacturing");
  CHECK_STR(norm("Acme Tech Grp"), "acme technologi group");
  CHECK(flags_of("Acme Intl", 1) & VET__TOK_VARIANT);
  CHECK(!(flags_of("Acme International", 1) & VET__TOK_VARIANT));
}

static void test_variants(void) {
  CHECK_STR(norm("Muhammad"), "mohammed");
  CHECK_STR(norm("Mohamad"), "mohammed");
  CHECK_STR(norm("Husayn"), "hussein");
  CHECK_STR(norm("Youssef"), "yusuf");
  CHECK_STR(norm("Gaddafi"), "qadhafi");
  CHECK_STR(norm("Kadafi"), "qadhafi");
  /* -iy / -y / -ii endings fold to -i. */
  CHECK_STR(norm("Arkadiy"), "arkadi");
  CHECK_STR(norm("Arkadii"), "arkadi");
  CHECK_STR(norm("Kennedy"), "kennedi");
  CHECK_STR(norm("Zelenskyy"), "zelenski");
}

static void test_honorifics_and_particles(void) {
  CHECK_STR(norm("Mr. John Smith"), "john smith");
  CHECK_STR(norm("عبد الله"), "abdullah");               /* an Arabic-script dictionary form */
  CHECK_STR(norm("Dr John Smith"), "john smith");
  CHECK_STR(norm("Sheikh Abdullah"), "abdullah");
  CHECK_STR(norm("Hajji Abdullah"), "abdullah");
  CHECK_STR(norm("Sheikh"), "sheikh");          /* nothing else: kept */
  CHECK_STR(norm("Abu Bakr al-Baghdadi"), "abu bakr al baghdadi");
  CHECK_STR(norm("Abu Bakr al Baghdadi"), "abu bakr al baghdadi");
  CHECK_STR(norm("Osama ibn Laden"), "osama bin laden");
  CHECK(flags_of("Abu Bakr al Baghdadi", 2) & VET__TOK_PARTICLE);
  CHECK_STR(norm("Ludwig van Beethoven"), "ludwig van beethoven");
  CHECK(flags_of("Ludwig van Beethoven", 1) & VET__TOK_PARTICLE);
  CHECK(flags_of("The Acme Company", 0) & VET__TOK_STOP);
}

static void test_punctuation_initials_order(void) {
  CHECK_STR(norm("N.S.O. Group"), "nso group");
  CHECK_STR(norm("NSO Group"), "nso group");
  CHECK_STR(norm("J.P. Morgan"), "jp morgan");
  CHECK_STR(norm("J. P. Morgan"), "j p morgan");
  CHECK_STR(norm("O'Brien"), "obrien");
  CHECK_STR(norm("PUTIN, Vladimir Vladimirovich"), "vladimir vladimirovich putin");
  CHECK_STR(norm("Acme, Inc."), "acme inc");       /* a legal form after the comma: no turn */
  CHECK_STR(norm("  Smith;John//Doe  "), "smith john doe");
  CHECK_STR(norm("Procter & Gamble"), "procter and gamble");
  CHECK(flags_of("Procter & Gamble", 1) & VET__TOK_STOP);
  CHECK_STR(norm(""), "");
  CHECK_STR(norm("!!!"), "");
}

static void test_scripts(void) {
  CHECK_STR(norm("Straße"), "strasse");
  CHECK_STR(norm("STRASSE"), "strasse");
  CHECK_STR(norm("Erdoğan"), "erdogan");
  CHECK_STR(norm("François"), "francois");
  CHECK_STR(norm("Позитив Текнолоджиз"), "pozitiv technologi");
  CHECK_STR(norm("Сергей Лавров"), "sergey lavrov");   /* BGN "Sergey", a variant class */
  CHECK_STR(norm("Романович Щербаков Жуков Хабаров"), "romanovich shcherbakov zhukov khabarov");
  /* Arabic: no vowels, the article split off, every token flagged. */
  CHECK_STR(norm("محمد القذافي"), "mohammed al qdhafi");   /* محمد is in variants.txt */
  CHECK_STR(norm("حامد القذافي"), "hamd al qdhafi");
  CHECK(flags_of("محمد القذافي", 0) & VET__TOK_VOWELLESS);
  CHECK(!(flags_of("Mohammed", 0) & VET__TOK_VOWELLESS));
  CHECK_STR(norm("Ελληνικά"), "ellenika");
  /* CJK, Hebrew, Thai, Khmer, symbols: no crash, ASCII out. */
  const char *others[] = {"北京", "习近平", "בנימין נתניהו", "ประยุทธ์", "ហ៊ុន ម៉ាណែត", "☃★", "김정은"};
  for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
    char *s = norm(others[i]);
    REQUIRE(s);
    for (const char *p = s; *p; p++) CHECK((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == ' ');
  }
  /* Invalid UTF-8 is replaced, never fatal. */
  CHECK(norm("Caf\xe9 \xff\xfe Noir") != NULL);
}

/* The Arabic-script pass before ICU (translit.c). Names from the UN list's
 * original-script names (un/consolidated-2026-02-27.xml); each expectation
 * is ICU's letter-by-letter rendering (ا a, ب b, ح h, خ kh, د d, ذ dh, ر r,
 * ز z, ض d, ق q, ك/ک k, ل l, م m, و w, ي/ی y, final consonant + y → i)
 * after the respelling the comment names. */
static void test_arabic_respelling(void) {
  /* The article is cut off: الكواري (AL-KAWARI) → "al" "kwari". */
  CHECK_STR(norm("الكواري"), "al kwari");
  CHECK(flags_of("الكواري", 0) & VET__TOK_PARTICLE);
  /* الله is a word, not the article plus "لh". */
  CHECK_STR(norm("الله"), "allh");
  /* عبد glued to the article (عبدالحليم, Abd al-Halim): "عبد" "ال" "حليم";
   * "abd al" is a phrase of the abdul class (variants.txt). */
  CHECK_STR(norm("عبدالحليم"), "abdul hlym");
  /* أبو glued to the article (أبواليزيد, Abou El Yazid): أبو is a particle
   * (particles.txt), then the article, then يزيد. */
  CHECK_STR(norm("أبواليزيد"), "abu al yzyd");
  /* A word-initial ayin becomes an alef: عدي (Uday) "ady", not "dy"; عمر
   * (Omar) "amr", which before was "mr" and dropped as the honorific Mr. */
  CHECK_STR(norm("عدي"), "ady");
  CHECK_STR(norm("عمر سبعاوي"), "amr sbawi");
  /* Next to an alef it is simply dropped: عادل (Adel) "adl", not "aadl". */
  CHECK_STR(norm("عادل"), "adl");
  /* Inside a word too: نعيم (Naim) "naym", one typo from Naim. And سعيد
   * (Saeed) "sayd" is no longer سيد (Sayyid) "syd": with the ayin dropped
   * both were "syd", and the dictionary's سعيد made Sayyid a Saeed. */
  CHECK_STR(norm("نعيم"), "naym");
  CHECK_STR(norm("سعيد"), "saeed");          /* the saeed class of variants.txt */
  CHECK_STR(norm("السيد"), "al syd");
  /* After عبد ال the next word starts afresh: عبدالعزيز → "abd al azyz". */
  CHECK_STR(norm("عبدالعزيز"), "abdul azyz");
  /* Persian script (ی, ک): ض and ذ read as z. ضیا (Zia) "zya", ذاکر (Zakir)
   * "zakr". Without such a letter ض stays d: فضل رحيم "fdl rhym". */
  CHECK_STR(norm("احمد ضیا آغا"), "ahmed zya agha");
  CHECK_STR(norm("عبد الروف ذاکر"), "abdul rwf zakr");
  CHECK_STR(norm("فضل رحيم"), "fdl rhym");
  /* Dictionary forms written in Arabic script: ولد (Ould) a particle, في
   * (fi, "in") a stop word, الإبن ("the son") the honorific Jr. */
  CHECK_STR(norm("عبد الرحمن ولد العامر"), "abdul rhmn ould al amr");
  CHECK(flags_of("عبد الرحمن ولد العامر", 2) & VET__TOK_PARTICLE);
  CHECK_STR(norm("القاعدة في العراق"), "al qad of al araq");
  CHECK(flags_of("القاعدة في العراق", 2) & VET__TOK_STOP);
  CHECK_STR(norm("فلسيانو سمبوريو ديلوس رييس الإبن"), "flsyanw smbwryw dylws ryys");
}

static void test_skeleton(void) {
  char a[64], b[64];
  vet__skeleton("mohammed", 8, a, sizeof a);
  vet__skeleton("mhmd", 4, b, sizeof b);
  CHECK_STR(a, "mhmd");
  CHECK_STR(b, "mhmd");
  vet__skeleton("qadhafi", 7, a, sizeof a);
  vet__skeleton("qdhafi", 6, b, sizeof b);
  CHECK_STR(a, b);
  vet__skeleton("yusuf", 5, a, sizeof a);
  vet__skeleton("ywsf", 4, b, sizeof b);
  CHECK_STR(a, b);
  vet__skeleton("perez", 5, a, sizeof a);    /* Arabic writes p as b */
  vet__skeleton("byryz", 5, b, sizeof b);
  CHECK_STR(a, b);
  vet__skeleton("aeiou", 5, a, sizeof a);
  CHECK_STR(a, "");
  /* A final h after a vowel is left out (ta marbuta's -ah), on both sides:
   * "jamaah" (AL-JAMA'AH AL-ISLAMIYAH AL-MUSALLAH) and الجماعة's "jmaa" are
   * both "jm"; "fulayyih" (AL-RAWI, Saif-al-Din Fulayyih) and فليح "flyh"
   * both "fl"; "shah" stays "sh" whichever script wrote it. Not in -lah:
   * "abdallah" is "bdlh", like عبدالله's "abdallh". */
  vet__skeleton("jamaah", 6, a, sizeof a);
  vet__skeleton("jmaa", 4, b, sizeof b);
  CHECK_STR(a, "jm");
  CHECK_STR(b, "jm");
  vet__skeleton("fulayyih", 8, a, sizeof a);
  vet__skeleton("flyh", 4, b, sizeof b);
  CHECK_STR(a, "fl");
  CHECK_STR(b, "fl");
  vet__skeleton("shah", 4, a, sizeof a);
  CHECK_STR(a, "sh");
  vet__skeleton("abdallah", 8, a, sizeof a);
  vet__skeleton("abdallh", 7, b, sizeof b);
  CHECK_STR(a, "bdlh");
  CHECK_STR(b, "bdlh");
}

static void test_near_lookup(void) {
  /* vet__dict_lookup_near(): one edit from a single-word spelling, never the
   * spelling itself. variants.txt: "mahdi|mehdi|mahdy|mehdy|...";
   * legal_forms.txt: "ltd|limited|..." and "llc|...|sarl|..."; abbreviations.txt:
   * "group|grp|groupe|grupo|...". */
  const char *c, *sp;
  size_t spl;
  vet__dict_kind k;
  CHECK(vet__dict_lookup_near(dict, "meudi", 5, &c, &k, &sp, &spl));
  CHECK_STR(c, "mahdi");
  CHECK_INT((int)k, VET__DK_VARIANT);
  CHECK(spl == 5 && !memcmp(sp, "mehdi", 5));
  CHECK(vet__dict_lookup_near(dict, "limied", 6, &c, &k, &sp, &spl));
  CHECK_STR(c, "ltd");
  CHECK_INT((int)k, VET__DK_LEGAL);
  CHECK(vet__dict_lookup_near(dict, "grulo", 5, &c, &k, &sp, &spl));
  CHECK_STR(c, "group");
  /* Four-letter legal forms are too near first names: "carl" is not "sarl". */
  CHECK(!vet__dict_lookup_near(dict, "carl", 4, &c, &k, &sp, &spl));
  /* ... unless the word has no vowel: "cjcs" is CJSC (legal_forms.txt: "jsc|...|cjsc|..."). */
  CHECK(vet__dict_lookup_near(dict, "cjcs", 4, &c, &k, &sp, &spl));
  CHECK_STR(c, "jsc");
  /* Too short, or a spelling of the dictionary itself: nothing. */
  CHECK(!vet__dict_lookup_near(dict, "mhd", 3, &c, &k, &sp, &spl));
  CHECK(!vet__dict_lookup_near(dict, "zzzzqx", 6, &c, &k, &sp, &spl));
  /* The normalizer's own fuzzy step is unchanged: five letters are too few. */
  CHECK(!vet__dict_lookup_fuzzy(dict, "meudi", 5, &c, &k));
}

static void test_typo_phrase(void) {
  /* legal_forms.txt: "jsc|joint stock company|...|open joint stock company|...". A
   * phrase with a typo in some of its words, at least one written right. */
  CHECK_STR(norm("Joibnt Stock Compajny Saturn"), "jsc saturn");
  CHECK_STR(norm("Jiont Stlck Company Burevestnik"), "jsc burevestnik");
  CHECK_STR(norm("Open Joint Sock Company 680"), "jsc 680");
  /* Every word wrong: nothing anchors the phrase (the long word alone is
   * still one typo from "company"). */
  CHECK_STR(norm("Jiont Stlck Compajny"), "jiont stlck compani");
  /* Phrase words that make no phrase stay as they are. */
  CHECK_STR(norm("Stock Market Company"), "stock market compani");
}

static void test_deterministic(void) {
  /* The same text twice gives the same tokens, ICU path included. */
  char first[1024];
  snprintf(first, sizeof first, "%s", norm("Арка́дий Рома́нович Ротенбе́рг"));
  CHECK_STR(norm("Арка́дий Рома́нович Ротенбе́рг"), first);
  CHECK_STR(first, "arkadi romanovich rotenberg");
}

int main(void) {
  vet__buf text = VET__BUF_INIT;
  vet_error err;
  if (vet__dict_read_dir(VET_SOURCE_DIR "/data/dict", &text, &err) ||
      vet__dict_parse(text.data, text.len, &dict, &err)) {
    fprintf(stderr, "dictionaries: %s\n", err.message);
    return 1;
  }
  nz = vet__normalizer_new(dict);
  RUN(test_dictionary_loads);
  RUN(test_dictionary_errors);
  RUN(test_dictionary_roundtrip);
  RUN(test_legal_forms);
  RUN(test_abbreviations);
  RUN(test_variants);
  RUN(test_honorifics_and_particles);
  RUN(test_punctuation_initials_order);
  RUN(test_scripts);
  RUN(test_arabic_respelling);
  RUN(test_skeleton);
  RUN(test_near_lookup);
  RUN(test_typo_phrase);
  RUN(test_deterministic);
  vet__normalizer_free(nz);
  vet__dict_free(dict);
  vet__buf_free(&text);
  return HARNESS_DONE();
}
