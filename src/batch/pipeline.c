/* pipeline.c — vet batch's threads: reader, worker pool, ordered writer.
 *
 * The calling thread reads rows and packs them into jobs of up to JOB_ROWS
 * rows (copied into the job's own buffer), looks each row's query up in the
 * identical-query cache, and queues the job. Worker threads (one scorer
 * context, i.e. one vet_matcher, each) screen the rows that own a new cache
 * entry and format their results. A writer thread takes jobs strictly in
 * sequence order from a ring of RING_PER_WORKER * workers slots, writes their
 * rows, reports malformed rows (so diagnostics come from one thread, in
 * input order) and checkpoints. The reader blocks while the ring is full, so
 * at most ring-size jobs exist at once: memory does not grow with the input.
 *
 * Invariants: a job's seq is its index in input order; ring[seq % ring_n]
 * holds it from queueing until the writer takes it; job->done is set under
 * the mutex after every owned entry of the job is filled, so a writer that
 * saw done (under the mutex) sees the entries. A row whose entry is owned by
 * an earlier job is written after that job, so its entry is filled too. */
#include "batch/batch_int.h"
#include "core/error.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define JOB_ROWS 256
#define JOB_BYTES ((size_t)256 << 10)
#define RING_PER_WORKER 4
#define OUT_FLUSH ((size_t)1 << 20)
#define NONE ((size_t)-1)

typedef struct jrow {
  unsigned long line, next_line;
  unsigned long long next_offset;
  size_t prefix_off, prefix_n;
  int empty_object;
  size_t col_off[VET__NCOLS];       /* into job->text, NUL-terminated; NONE: absent */
  size_t reject_off;                /* NONE: a good row */
  vet__batch_entry *entry;          /* a reference; NULL for a rejected row */
  int owner;                        /* this row screens the entry */
} jrow;

typedef struct job {
  uint64_t seq;
  int done;
  jrow *rows;
  size_t n;
  vet__buf text;
  struct job *next;                 /* in the work queue or the free list */
} job;

/* An entry the scorer could not screen (its name has nothing to match)
** carries this prefix in its suffix instead of a result. */
#define REJECT_MARK "\x01reject:"

typedef struct run {
  const vet__batch_scorer *scorer;
  const vet_batch_options *o;
  vet_query filters;
  size_t max_matches;
  vet__batch_input in;
  vet_batch_format out_format;

  pthread_mutex_t mu;
  pthread_cond_t work_cv, done_cv, space_cv;
  job *queue_head, *queue_tail, *free_jobs;
  job **ring;
  size_t ring_n;
  uint64_t next_seq, next_write;
  int reading_done, failed;
  int rc;                           /* first failure, under mu */
  vet_error err;

  atomic_uint_fast64_t rows_read, screened, cached;
  vet__batch_cache cache;           /* the reader thread's only */

  /* Writer side. */
  int out_fd;
  vet__buf out;
  char *ckpt_path;
  vet__batch_checkpoint cp;
  vet_batch_progress prog;
  double last_ckpt, last_prog;
} run;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Records the first failure and wakes every thread so they stop. */
static void fail(run *r, int rc, const vet_error *err) {
  pthread_mutex_lock(&r->mu);
  if (!r->failed) {
    r->failed = 1;
    r->rc = rc;
    if (err) r->err = *err;
    else snprintf(r->err.message, sizeof r->err.message, "%s", vet_strerror(rc));
    r->err.code = rc;
  }
  pthread_cond_broadcast(&r->work_cv);
  pthread_cond_broadcast(&r->done_cv);
  pthread_cond_broadcast(&r->space_cv);
  pthread_mutex_unlock(&r->mu);
}

/* ---- jobs ----------------------------------------------------------------- */

static job *job_get(run *r) {
  pthread_mutex_lock(&r->mu);
  job *j = r->free_jobs;
  if (j) r->free_jobs = j->next;
  pthread_mutex_unlock(&r->mu);
  if (!j) {
    j = calloc(1, sizeof *j);
    if (!j) return NULL;
    if (!(j->rows = malloc(JOB_ROWS * sizeof *j->rows))) {
      free(j);
      return NULL;
    }
  }
  j->n = 0;
  j->done = 0;
  j->next = NULL;
  vet__buf_clear(&j->text);
  return j;
}

static void job_free(job *j) {
  if (!j) return;
  for (size_t i = 0; i < j->n; i++) vet__batch_entry_release(j->rows[i].entry);
  vet__buf_free(&j->text);
  free(j->rows);
  free(j);
}

static size_t put_text(job *j, const char *s, size_t n, int *nomem) {
  size_t off = j->text.len;
  if (vet__buf_append(&j->text, s, n) || vet__buf_putc(&j->text, '\0')) *nomem = 1;
  return off;
}

/* Copies one row into the job. Returns VET_ENOMEM or VET_OK. */
static int job_add(run *r, job *j, const vet__batch_row *row, vet__buf *key) {
  jrow *jr = &j->rows[j->n];
  int nomem = 0;
  memset(jr, 0, sizeof *jr);
  jr->line = row->line;
  jr->next_line = row->next_line;
  jr->next_offset = row->next_offset;
  jr->reject_off = NONE;
  for (int k = 0; k < VET__NCOLS; k++) jr->col_off[k] = NONE;
  if (row->reject) {
    jr->reject_off = put_text(j, row->reject, strlen(row->reject), &nomem);
    if (row->col[VET__COL_ID])
      jr->col_off[VET__COL_ID] = put_text(j, row->col[VET__COL_ID], strlen(row->col[VET__COL_ID]), &nomem);
    j->n++;
    return nomem ? VET_ENOMEM : VET_OK;
  }
  jr->prefix_off = put_text(j, row->prefix, row->prefix_n, &nomem);
  jr->prefix_n = row->prefix_n;
  jr->empty_object = row->prefix_empty_object;
  for (int k = 0; k < VET__NCOLS; k++)
    if (row->col[k]) jr->col_off[k] = put_text(j, row->col[k], strlen(row->col[k]), &nomem);
  if (nomem) return VET_ENOMEM;
  vet__buf_clear(key);
  if (vet__batch_query_key(key, row->col)) return VET_ENOMEM;
  int created = 0;
  jr->entry = vet__batch_cache_get(&r->cache, key->data ? key->data : "", key->len, &created);
  if (!jr->entry) return VET_ENOMEM;
  jr->owner = created;
  if (!created) atomic_fetch_add_explicit(&r->cached, 1, memory_order_relaxed);
  j->n++;
  return VET_OK;
}

/* ---- workers --------------------------------------------------------------- */

static const char *col(const job *j, const jrow *jr, int k) {
  return jr->col_off[k] == NONE ? NULL : j->text.data + jr->col_off[k];
}

/* Screens one owned entry and stores its formatted result. */
static int score_row(run *r, void *w, const job *j, const jrow *jr, vet__buf *tmp, vet_error *err) {
  vet_query q = r->filters;
  q.name = col(j, jr, VET__COL_NAME);
  q.type = col(j, jr, VET__COL_TYPE) ? vet_entity_type_parse(col(j, jr, VET__COL_TYPE)) : VET_TYPE_UNKNOWN;
  q.country = col(j, jr, VET__COL_COUNTRY);
  q.dob = col(j, jr, VET__COL_DOB);
  if (q.country && !*q.country) q.country = NULL;
  if (q.dob && !*q.dob) q.dob = NULL;
  const vet__batch_hit *hits = NULL;
  size_t n = 0;
  atomic_fetch_add_explicit(&r->screened, 1, memory_order_relaxed);
  int rc = r->scorer->screen(w, &q, &hits, &n, err);
  vet__buf_clear(tmp);
  if (rc == VET_EINVAL) {
    /* The name has nothing the matcher can use (only punctuation, say). */
    if (vet__buf_puts(tmp, REJECT_MARK) ||
        vet__buf_puts(tmp, err && err->message[0] ? err->message : "the name has nothing to match"))
      return VET_ENOMEM;
  } else if (rc) {
    return rc;
  } else if (vet__batch_format_suffix(tmp, r->out_format, r->in.delim, hits, n, r->max_matches,
                                      &jr->entry->hit)) {
    return VET_ENOMEM;
  }
  jr->entry->suffix_n = tmp->len;
  jr->entry->suffix = vet__buf_take(tmp);
  return jr->entry->suffix ? VET_OK : VET_ENOMEM;
}

static void *worker_main(void *arg) {
  run *r = arg;
  void *w = r->scorer->worker_new(r->scorer->ctx);
  if (!w) {
    fail(r, VET_ENOMEM, NULL);
    return NULL;
  }
  /* CSV/TSV rows show the best hit's explanation; JSON lines the JSON of
  ** the hits they show (vet__batch_format_suffix). */
  if (r->scorer->needs) {
    if (r->out_format == VET_BATCH_JSONL) r->scorer->needs(w, r->max_matches, 0);
    else r->scorer->needs(w, 0, 1);
  }
  vet__buf tmp = VET__BUF_INIT;
  vet_error err;
  for (;;) {
    pthread_mutex_lock(&r->mu);
    while (!r->queue_head && !r->reading_done && !r->failed) pthread_cond_wait(&r->work_cv, &r->mu);
    job *j = r->failed ? NULL : r->queue_head;
    if (j) {
      r->queue_head = j->next;
      if (!r->queue_head) r->queue_tail = NULL;
    }
    pthread_mutex_unlock(&r->mu);
    if (!j) break;
    int rc = VET_OK;
    for (size_t i = 0; i < j->n && !rc; i++) {
      if (!j->rows[i].owner) continue;
      memset(&err, 0, sizeof err);
      rc = score_row(r, w, j, &j->rows[i], &tmp, &err);
    }
    if (rc) {
      fail(r, rc, &err);
      break;
    }
    pthread_mutex_lock(&r->mu);
    j->done = 1;
    pthread_cond_broadcast(&r->done_cv);
    pthread_mutex_unlock(&r->mu);
  }
  vet__buf_free(&tmp);
  r->scorer->worker_free(w);
  return NULL;
}

/* ---- writer ------------------------------------------------------------------ */

static int write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Writes the buffered whole rows. One write(2) per flush: a process killed
** between flushes leaves the file ending on a row boundary. */
static int flush_out(run *r, vet_error *err) {
  if (!r->out.len) return VET_OK;
  if (write_all(r->out_fd, r->out.data, r->out.len))
    return vet__error_set(err, VET_EIO, "writing the output: %s", strerror(errno));
  r->cp.output_size += r->out.len;
  vet__buf_clear(&r->out);
  return VET_OK;
}

static int checkpoint(run *r, vet_error *err) {
  int rc = flush_out(r, err);
  if (rc || !r->ckpt_path) return rc;
  if (fsync(r->out_fd) != 0 && errno != EINVAL)
    return vet__error_set(err, VET_EIO, "fsync of the output: %s", strerror(errno));
  r->cp.rows_read = r->prog.rows_written + r->prog.rows_rejected;
  r->cp.rows_written = r->prog.rows_written;
  r->cp.rows_hit = r->prog.rows_hit;
  r->cp.rows_rejected = r->prog.rows_rejected;
  r->last_ckpt = now_s();
  return vet__batch_checkpoint_write(r->ckpt_path, &r->cp, err);
}

static void progress(run *r, int finished) {
  r->prog.rows_read = atomic_load(&r->rows_read);
  r->prog.rows_cached = atomic_load(&r->cached);
  r->prog.queries_screened = atomic_load(&r->screened);
  r->prog.bytes_done = r->cp.input_offset;
  r->prog.bytes_total = r->in.size;
  r->prog.finished = finished;
  if (r->o->progress) r->o->progress(r->o->progress_userdata, &r->prog);
}

static void report(run *r, const job *j, const jrow *jr, const char *reason) {
  if (!r->o->diag) return;
  char msg[600];
  const char *id = col(j, jr, VET__COL_ID);
  snprintf(msg, sizeof msg, "%s%s%s%s", reason, id ? " (id " : "", id ? id : "", id ? ")" : "");
  vet_diag d = {VET_DIAG_REJECT, r->in.path, jr->line, msg};
  r->o->diag(r->o->diag_userdata, &d);
}

/* Writes one job's rows. Returns VET_ESTRICT at a rejected row in strict
** mode (rows before it are written; the checkpoint stops before it). */
static int write_job(run *r, const job *j, vet_error *err) {
  for (size_t i = 0; i < j->n; i++) {
    const jrow *jr = &j->rows[i];
    const char *reason = jr->reject_off != NONE ? j->text.data + jr->reject_off : NULL;
    if (!reason && jr->entry->suffix_n >= sizeof REJECT_MARK - 1 &&
        !memcmp(jr->entry->suffix, REJECT_MARK, sizeof REJECT_MARK - 1))
      reason = jr->entry->suffix + sizeof REJECT_MARK - 1;
    if (reason) {
      report(r, j, jr, reason);
      if (r->o->strict)
        return vet__error_at(err, VET_ESTRICT, r->in.path, jr->line, "rejected: %s", reason);
      r->prog.rows_rejected++;
    } else {
      vet__buf *b = &r->out;
      const char *prefix = j->text.data + jr->prefix_off;
      int bad = vet__buf_append(b, prefix, jr->prefix_n);
      if (r->out_format == VET_BATCH_JSONL) {
        if (!jr->empty_object) bad |= vet__buf_putc(b, ',');
        bad |= vet__buf_append(b, jr->entry->suffix, jr->entry->suffix_n);
        bad |= vet__buf_puts(b, "}\n");
      } else {
        bad |= vet__buf_append(b, jr->entry->suffix, jr->entry->suffix_n);
        bad |= vet__buf_putc(b, '\n');
      }
      if (bad) return VET_ENOMEM;
      r->prog.rows_written++;
      r->prog.rows_hit += jr->entry->hit != 0;
    }
    r->cp.input_offset = jr->next_offset;
    r->cp.input_line = jr->next_line;
  }
  if (r->out.len >= OUT_FLUSH) return flush_out(r, err);
  return VET_OK;
}

static void *writer_main(void *arg) {
  run *r = arg;
  vet_error err;
  memset(&err, 0, sizeof err);
  for (;;) {
    pthread_mutex_lock(&r->mu);
    job *j;
    for (;;) {
      j = r->ring[r->next_write % r->ring_n];
      if (r->failed || (j && j->done) || (r->reading_done && r->next_write == r->next_seq)) break;
      pthread_cond_wait(&r->done_cv, &r->mu);
    }
    if (r->failed || !j || !j->done) {
      pthread_mutex_unlock(&r->mu);
      break;
    }
    r->ring[r->next_write % r->ring_n] = NULL;
    r->next_write++;
    pthread_cond_broadcast(&r->space_cv);
    pthread_mutex_unlock(&r->mu);

    int rc = write_job(r, j, &err);
    for (size_t i = 0; i < j->n; i++) {
      vet__batch_entry_release(j->rows[i].entry);
      j->rows[i].entry = NULL;
    }
    j->n = 0;
    pthread_mutex_lock(&r->mu);
    j->next = r->free_jobs;
    r->free_jobs = j;
    pthread_mutex_unlock(&r->mu);
    if (rc) {
      fail(r, rc, &err);
      break;
    }
    double t = now_s();
    if (t - r->last_ckpt >= 1.0 && (rc = checkpoint(r, &err))) {
      fail(r, rc, &err);
      break;
    }
    if (t - r->last_prog >= 0.2) {
      r->last_prog = t;
      progress(r, 0);
    }
  }
  return NULL;
}

/* ---- the reader and the run ------------------------------------------------ */

/* Queues a filled job; blocks while the ring is full. 0, or 1 when the run failed. */
static int submit(run *r, job *j) {
  pthread_mutex_lock(&r->mu);
  while (!r->failed && r->next_seq - r->next_write >= r->ring_n)
    pthread_cond_wait(&r->space_cv, &r->mu);
  if (r->failed) {
    pthread_mutex_unlock(&r->mu);
    job_free(j);
    return 1;
  }
  j->seq = r->next_seq++;
  r->ring[j->seq % r->ring_n] = j;
  if (r->queue_tail) r->queue_tail->next = j;
  else r->queue_head = j;
  r->queue_tail = j;
  pthread_cond_signal(&r->work_cv);
  pthread_mutex_unlock(&r->mu);
  return 0;
}

static int stopped(const run *r) { return r->o->stop && *r->o->stop; }

/* Reads the whole input into jobs. Returns VET_OK, VET_ECANCELLED or a failure. */
static int read_all(run *r) {
  vet__batch_row row;
  vet__buf key = VET__BUF_INIT;
  job *j = NULL;
  int rc = VET_OK;
  vet_error err;
  memset(&err, 0, sizeof err);
  for (;;) {
    if (stopped(r)) {
      rc = VET_ECANCELLED;
      break;
    }
    if (!j && !(j = job_get(r))) {
      rc = VET_ENOMEM;
      break;
    }
    int got = vet__batch_input_next(&r->in, &row, &err);
    if (got < 0) {
      fail(r, got, &err);
      break;
    }
    if (got == 0) break;
    atomic_fetch_add_explicit(&r->rows_read, 1, memory_order_relaxed);
    if ((rc = job_add(r, j, &row, &key))) {
      fail(r, rc, NULL);
      break;
    }
    int last = r->o->strict && row.reject; /* the writer reports it and stops */
    if (j->n == JOB_ROWS || j->text.len >= JOB_BYTES || last) {
      job *full = j;
      j = NULL;
      if (submit(r, full)) break;
    }
    if (last) break;
    pthread_mutex_lock(&r->mu);
    int failed = r->failed;
    pthread_mutex_unlock(&r->mu);
    if (failed) break;
  }
  if (j && j->n) submit(r, j);
  else job_free(j);
  vet__buf_free(&key);
  pthread_mutex_lock(&r->mu);
  r->reading_done = 1;
  pthread_cond_broadcast(&r->work_cv);
  pthread_cond_broadcast(&r->done_cv);
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static size_t cores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (size_t)n : 1;
}

/* Opens the output, fresh or for a resume, and the input at the right place. */
static int open_files(run *r, const char *input, const char *output, vet_error *err) {
  const vet_batch_options *o = r->o;
  int to_stdout = !strcmp(output, "-");
  struct stat si, so;
  if (!to_stdout && strcmp(input, "-") && stat(input, &si) == 0 && stat(output, &so) == 0 &&
      si.st_dev == so.st_dev && si.st_ino == so.st_ino)
    return vet__error_set(err, VET_EINVAL, "%s: the output is the input", output);
  uint64_t fp = vet__batch_fingerprint(o, input);
  if (!to_stdout && !(r->ckpt_path = vet_batch_checkpoint_path(output))) return VET_ENOMEM;
  if (o->resume) {
    if (to_stdout) return vet__error_set(err, VET_EINVAL, "--resume needs an output file");
    int rc = vet__batch_checkpoint_read(r->ckpt_path, &r->cp, err);
    if (rc == VET_ENOTFOUND)
      return vet__error_set(err, VET_EINVAL, "%s: nothing to resume (no checkpoint %s; the run "
                            "finished or never started)", output, r->ckpt_path);
    if (rc) return rc;
    if (r->cp.fingerprint != fp)
      return vet__error_set(err, VET_EINVAL, "%s: the interrupted run had another input or other "
                            "options; resume with the same ones", r->ckpt_path);
    if ((rc = vet__batch_input_open(&r->in, input, o, r->cp.input_offset, r->cp.input_line, err)))
      return rc;
    if (r->in.size != r->cp.input_size || r->in.mtime != r->cp.input_mtime)
      return vet__error_set(err, VET_EINVAL, "%s: changed since the interrupted run", input);
    r->out_fd = open(output, O_WRONLY | O_CLOEXEC);
    if (r->out_fd < 0) return vet__error_set(err, VET_EIO, "%s: %s", output, strerror(errno));
    /* Rows written after the last checkpoint are written again. */
    if (ftruncate(r->out_fd, (off_t)r->cp.output_size) || lseek(r->out_fd, 0, SEEK_END) < 0)
      return vet__error_set(err, VET_EIO, "%s: %s", output, strerror(errno));
    r->prog.rows_written = r->cp.rows_written;
    r->prog.rows_hit = r->cp.rows_hit;
    r->prog.rows_rejected = r->cp.rows_rejected;
    atomic_store(&r->rows_read, r->cp.rows_read);
    r->prog.rows_resumed = r->cp.rows_read;
    r->prog.bytes_resumed = r->cp.input_offset;
    r->out_format = r->in.out_format;
    return VET_OK;
  }
  if (r->ckpt_path && access(r->ckpt_path, F_OK) == 0)
    return vet__error_set(err, VET_EINVAL, "%s: an interrupted run can be continued with --resume "
                          "(or remove the checkpoint to start again)", r->ckpt_path);
  int rc = vet__batch_input_open(&r->in, input, o, 0, 1, err);
  if (rc) return rc;
  r->out_format = r->in.out_format;
  if (to_stdout) {
    r->out_fd = STDOUT_FILENO;
  } else {
    r->out_fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (r->out_fd < 0) return vet__error_set(err, VET_EIO, "%s: %s", output, strerror(errno));
  }
  if (r->in.format != VET_BATCH_JSONL) {
    r->cp.input_offset = r->in.cs.next_offset;
    r->cp.input_line = r->in.cs.c.line;
    if (r->out_format != VET_BATCH_JSONL && vet__batch_format_header(&r->out, &r->in))
      return VET_ENOMEM;
  } else {
    r->cp.input_offset = 0;
    r->cp.input_line = 1;
  }
  r->cp.fingerprint = fp;
  r->cp.input_size = r->in.size;
  r->cp.input_mtime = r->in.mtime;
  return checkpoint(r, err);
}

int vet__batch_run_with(const vet__batch_scorer *scorer, const char *input, const char *output,
                        const vet_batch_options *options, vet_batch_progress *stats,
                        vet_error *err) {
  vet__error_clear(err);
  if (stats) memset(stats, 0, sizeof *stats);
  vet_batch_options o = options ? *options : vet_batch_options_default();
  run *r = calloc(1, sizeof *r);
  if (!r) return vet__error_set(err, VET_ENOMEM, "out of memory");
  r->scorer = scorer;
  r->o = &o;
  if (o.filters) {
    r->filters = *o.filters;
  } else {
    memset(&r->filters, 0, sizeof r->filters); /* as vet_query_default() */
    r->filters.threshold = -1;
  }
  r->max_matches = o.max_matches ? o.max_matches : 3;
  r->out_fd = -1;
  r->in.fd = -1;
  size_t nw = o.threads ? o.threads : cores();
  r->ring_n = RING_PER_WORKER * nw + 2;
  pthread_mutex_init(&r->mu, NULL);
  pthread_cond_init(&r->work_cv, NULL);
  pthread_cond_init(&r->done_cv, NULL);
  pthread_cond_init(&r->space_cv, NULL);
  int rc;
  pthread_t *workers = calloc(nw, sizeof *workers);
  size_t started = 0;
  pthread_t writer;
  int writer_started = 0;
  if (!workers || !(r->ring = calloc(r->ring_n, sizeof *r->ring)) ||
      vet__batch_cache_init(&r->cache, o.cache_entries ? o.cache_entries : VET__BATCH_CACHE_DEFAULT)) {
    rc = vet__error_set(err, VET_ENOMEM, "out of memory");
    goto done;
  }
  if ((rc = open_files(r, input, output, err))) goto done;
  r->last_prog = now_s();
  for (; started < nw; started++)
    if (pthread_create(&workers[started], NULL, worker_main, r)) break;
  if (!started || pthread_create(&writer, NULL, writer_main, r)) {
    fail(r, VET_ENOMEM, NULL);
  } else {
    writer_started = 1;
  }
  int read_rc = writer_started ? read_all(r) : VET_OK;
  if (!writer_started) {
    pthread_mutex_lock(&r->mu);
    r->reading_done = 1;
    pthread_cond_broadcast(&r->work_cv);
    pthread_mutex_unlock(&r->mu);
  }
  for (size_t i = 0; i < started; i++) pthread_join(workers[i], NULL);
  if (writer_started) pthread_join(writer, NULL);
  if (r->failed) {
    rc = r->rc;
    if (err) *err = r->err;
  } else {
    rc = read_rc;
    if (rc == VET_ECANCELLED) vet__error_set(err, rc, "stopped; resume with --resume");
  }
  /* Whole rows reach the file and the checkpoint names them, whatever the outcome. */
  if (r->out_fd >= 0) {
    vet_error ferr;
    int frc = (!r->failed || r->rc == VET_ESTRICT || r->rc == VET_ECANCELLED) ? checkpoint(r, &ferr) : VET_OK;
    if (frc && !rc) {
      rc = frc;
      if (err) *err = ferr;
    }
    if (!rc && r->ckpt_path) unlink(r->ckpt_path); /* finished: nothing to resume */
  }
  progress(r, 1);
  if (stats) *stats = r->prog;
done:
  if (r->out_fd >= 0 && r->out_fd != STDOUT_FILENO) close(r->out_fd);
  vet__batch_input_close(&r->in);
  vet__batch_cache_free(&r->cache);
  if (r->ring)
    for (size_t i = 0; i < r->ring_n; i++) job_free(r->ring[i]);
  /* Queued jobs are also in the ring: freed above. */
  for (job *j = r->free_jobs; j;) {
    job *next = j->next;
    job_free(j);
    j = next;
  }
  vet__buf_free(&r->out);
  free(r->ckpt_path);
  free(r->ring);
  free(workers);
  pthread_mutex_destroy(&r->mu);
  pthread_cond_destroy(&r->work_cv);
  pthread_cond_destroy(&r->done_cv);
  pthread_cond_destroy(&r->space_cv);
  free(r);
  /* Helpers deep in the pipeline return VET_ENOMEM without words: the
  ** caller still gets a message (err was cleared on entry). */
  if (rc && err && !err->message[0]) vet__error_set(err, rc, "%s", vet_strerror(rc));
  return rc;
}

vet_batch_options vet_batch_options_default(void) {
  vet_batch_options o;
  memset(&o, 0, sizeof o);
  return o;
}
