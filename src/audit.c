/* The audit pipeline. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "audit.h"
#include "buf.h"
#include "read_log.h"
#include "session_read.h"
#include "work_pool.h"
#include "xalloc.h"

static void compute_digest(struct audit *a)
{
	struct buf canonical = BUF_INIT;

	rubric_canonical(&a->rubric, &canonical);
	phrase_lists_canonical(&a->phrases, &canonical);
	snprintf(a->digest, sizeof(a->digest), "%016" PRIx64,
		 (uint64_t)XXH3_64bits(canonical.data, canonical.len));
	buf_release(&canonical);
}

static int load_config(struct audit *a, struct qa_error *err)
{
	char *dir;
	int rc;

	if (rubric_load(&a->rubric, a->opts->rubric_path, err))
		return -1;
	dir = phrase_lists_locate(a->opts->phrases_dir, err);
	if (!dir)
		return -1;
	rc = phrase_lists_load(&a->phrases, dir, err);
	free(dir);
	if (rc || session_keywords_new(&a->keywords, &a->phrases, err))
		return -1;
	a->tz_offset_min = a->opts->tz_set ? a->opts->tz_offset_min : a->rubric.tz_offset_min;
	compute_digest(a);
	return 0;
}

/* The options of a read of the inputs; its progress lines name a->phase. */
static struct ingest_options ingest_options(struct audit *a, const char *phase)
{
	a->phase = phase;
	return read_log_ingest_options(a->opts, a->tz_offset_min, &a->phase);
}

/* The warnings of the first read: per input, then the session index's, then each skipped
 * record. */
static void print_warnings(const struct audit *a, FILE *out)
{
	read_log_inputs(&a->in, a->opts->agent_default, out);
	if (a->sessions.duplicates)
		fprintf(out,
			"qaudit: warning: %zu message%s exported twice (same time, author and "
			"text) dropped\n",
			a->sessions.duplicates, a->sessions.duplicates > 1 ? "s" : "");
	if (a->sessions.overflow)
		fprintf(out, "qaudit: warning: %zu message%s past %d in one session dropped\n",
			a->sessions.overflow, a->sessions.overflow > 1 ? "s" : "",
			SESSION_MAX_MESSAGES);
	read_log_skips(&a->skips, "summary.json", out);
}

int audit_load(struct audit *a, const struct audit_options *opts, struct qa_error *err)
{
	memset(a, 0, sizeof(*a));
	a->opts = opts;
	a->jobs = opts->jobs ? opts->jobs : work_pool_cpus();
	a->skips = (struct skip_log)SKIP_LOG_INIT;
	return load_config(a, err);
}

/* What a map holds from its first read at most (QAUDIT_HOLD_BYTES in tests): a shard an
 * engine hands one process is far smaller; past it, the map reads its sample again. */
#define HOLD_LIMIT (512u << 20)

/* A map keeps the records of every session it will probably score, so that it reads them
 * once: those whose sample hash is under three times the rate. The candidates of an agent
 * with more than a few sessions in the shard all are (docs/SCALE.md); the rest are read
 * again. A whole audit keeps none: its memory stays a small share of its input. */
static void hold_candidates(struct audit *a, const struct audit_options *opts)
{
	double share = 3.0 * opts->sample.rate_ppm / RATE_ONE;
	const char *env = getenv("QAUDIT_HOLD_BYTES");

	transcript_hold_init(&a->hold, opts->sample.seed,
			     share >= 1 ? UINT64_MAX : (uint64_t)(share * 18446744073709551616.0),
			     env && atol(env) > 0 ? (size_t)atol(env) : HOLD_LIMIT);
	a->sessions.on_keep = transcript_hold_add;
	a->sessions.on_keep_ctx = &a->hold;
}

int audit_prepare(struct audit *a, const struct audit_options *opts, struct qa_error *err)
{
	struct ingest_options io;
	int rc;

	if (audit_load(a, opts, err))
		return -1;
	session_index_init(&a->sessions, a->keywords);
	if (opts->command == COMMAND_MAP)
		hold_candidates(a, opts);
	io = ingest_options(a, "reading");
	if (ingest_open(&a->in, opts->inputs, opts->input_count, opts->spool_max, opts->encoding,
			err))
		return -1;
	if (a->jobs > 1)
		rc = session_read(&a->in, &io, &a->sessions, a->jobs, &a->skips, err);
	else
		rc = ingest_read(&a->in, &io, session_index_add, &a->sessions, &a->skips, err);
	read_log_progress_end(opts);
	if (rc)
		return -1;
	session_index_finish(&a->sessions);
	if (!opts->quiet)
		print_warnings(a, stderr);
	/* A shard cannot tell: the merge holds the whole audit to it. */
	return opts->command == COMMAND_MAP ? 0 : read_log_check_bad(&a->in, &a->skips, opts, err);
}

/* Scores a transcript as soon as it is whole, so that its text can go. */
static void score_whole(const struct transcript *t, size_t index, void *ctx)
{
	struct audit *a = ctx;

	score_draft(a->scorer, t, &a->scores[index]);
}

/* With --jobs N, N workers besides the reading thread (measured: N - 1 leaves a core idle while
 * the reader waits for room in their queue). A whole transcript goes to a worker, which scores
 * it into its place in a->scores and frees its text. Where each score lands is fixed, so the
 * order the workers finish in changes nothing. */
struct score_job {
	struct work_item item; /* first: the pool hands this back */
	struct transcript *t;
};

struct scoring {
	struct audit *a;
	struct work_pool *pool;
	struct score_context **contexts; /* one per worker */
	struct score_job *jobs;          /* one per transcript, in its order */
};

static void score_job(struct work_item *item, unsigned worker, void *ctx)
{
	struct scoring *s = ctx;
	struct score_job *job = (struct score_job *)item;
	size_t index = (size_t)(job - s->jobs);

	score_draft(s->contexts[worker], job->t, &s->a->scores[index]);
	transcript_free_messages(job->t);
}

static void score_in_pool(const struct transcript *t, size_t index, void *ctx)
{
	struct scoring *s = ctx;

	s->jobs[index].t = &s->a->transcripts.items[index];
	(void)t;
	work_pool_push(s->pool, &s->jobs[index].item);
}

static void scoring_start(struct scoring *s, struct audit *a)
{
	s->a = a;
	s->contexts = xcalloc(a->jobs, sizeof(*s->contexts));
	s->contexts[0] = a->scorer;
	for (unsigned i = 1; i < a->jobs; i++)
		s->contexts[i] = score_context_share(a->scorer);
	s->jobs = xcalloc(a->transcripts.count ? a->transcripts.count : 1, sizeof(*s->jobs));
	/* A few whole transcripts per worker wait at most: their text is what they cost. */
	s->pool = work_pool_new(a->jobs, 4 * (size_t)a->jobs, score_job, s);
}

static void scoring_finish(struct scoring *s)
{
	work_pool_free(s->pool);
	for (unsigned i = 1; i < s->a->jobs; i++)
		score_context_free(s->contexts[i]);
	free(s->contexts);
	free(s->jobs);
}

int audit_map(struct audit *a, struct qa_error *err)
{
	struct ingest_options io = ingest_options(a, "scoring");
	struct scoring pool = {0};
	/* explain keeps its one transcript whole to print it: no pool. */
	bool parallel = a->jobs > 1 && !a->keep_transcripts;
	uint64_t *units;
	size_t count;
	bool *done;
	int rc;

	if (score_context_new(&a->scorer, &a->rubric, &a->phrases, &a->sessions, err))
		return -1;
	if (parallel)
		transcript_set_init(&a->transcripts, &a->sessions, score_in_pool, &pool, true);
	else
		transcript_set_init(&a->transcripts, &a->sessions, score_whole, a,
				    a->keep_transcripts);
	a->scores = xcalloc(a->transcripts.count ? a->transcripts.count : 1, sizeof(*a->scores));
	if (parallel)
		scoring_start(&pool, a);
	done = transcript_set_take(&a->transcripts, &a->hold);
	count = session_sampled_units(&a->sessions, done, &units);
	free(done);
	metrics_tally_replies(&a->tallies, &a->sessions, &a->rubric, a->tz_offset_min);
	/* Only the sessions and their ids are needed from here on. */
	session_index_drop_messages(&a->sessions);
	rc = ingest_read_units(&a->in, &io, units, count, transcript_set_add, &a->transcripts, err);
	free(units);
	read_log_progress_end(a->opts);
	if (!rc)
		transcript_set_finish(&a->transcripts);
	if (parallel)
		scoring_finish(&pool);
	return rc ? -1 : 0;
}

void audit_settle(struct audit *a)
{
	for (size_t i = 0; i < a->transcripts.count; i++)
		score_settle(&a->rubric, &a->sessions, a->transcripts.items[i].session,
			     &a->scores[i]);
	metrics_compute(&a->metrics, &a->sessions, &a->tallies, &a->rubric, a->tz_offset_min);
}

int audit_score(struct audit *a, struct qa_error *err)
{
	if (audit_map(a, err))
		return -1;
	audit_settle(a);
	return 0;
}

void audit_release(struct audit *a)
{
	for (size_t i = 0; a->scores && i < a->transcripts.count; i++)
		session_score_release(&a->scores[i]);
	free(a->scores);
	metrics_release(&a->metrics);
	reply_tallies_release(&a->tallies);
	score_context_free(a->scorer);
	transcript_set_release(&a->transcripts);
	transcript_hold_release(&a->hold);
	session_index_release(&a->sessions);
	skip_log_release(&a->skips);
	ingest_close(&a->in);
	session_keywords_free(a->keywords);
	phrase_lists_release(&a->phrases);
	rubric_release(&a->rubric);
	memset(a, 0, sizeof(*a));
}
