/* Writing the report files: sessions.csv, findings.csv and summary.json. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "buf.h"
#include "csv_out.h"
#include "excerpt.h"
#include "mask.h"
#include "report.h"
#include "time_parse.h"
#include "xalloc.h"

/* ---- Common ---- */

/* A sampled session in report order: by agent, then session id. */
struct row {
	const char *agent, *id;
	size_t item; /* index in the transcripts and scores */
};

static int by_agent_then_id(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->agent, y->agent);

	return c ? c : strcmp(x->id, y->id);
}

/* The rows of the report; the caller frees them. */
static struct row *report_rows(const struct audit *a)
{
	const struct transcript_set *set = &a->transcripts;
	struct row *rows = xreallocarray(NULL, set->count ? set->count : 1, sizeof(*rows));

	for (size_t i = 0; i < set->count; i++) {
		const struct session_info *s = &a->sessions.sessions[set->items[i].session];

		rows[i] = (struct row){str_table_get(a->sessions.agents, s->agent), set->items[i].id, i};
	}
	qsort(rows, set->count, sizeof(*rows), by_agent_then_id);
	return rows;
}

static const char *name_or_empty(const struct str_table *t, uint32_t id)
{
	return id == STR_NONE ? "" : str_table_get(t, id);
}

static void write_masked(FILE *fp, const char *s, int first)
{
	struct buf masked = BUF_INIT;

	mask_text(s, strlen(s), &masked);
	csv_out_text(fp, buf_str(&masked), masked.len, first);
	buf_release(&masked);
}

static void write_number(FILE *fp, long long n)
{
	fprintf(fp, ",%lld", n);
}

/* Milliseconds as seconds with no trailing zeros: 12000 -> "12", 12500 -> "12.5". */
static void format_seconds(char *out, size_t size, int64_t ms)
{
	int n = snprintf(out, size, "%" PRId64 ".%03" PRId64, ms / 1000, ms % 1000);

	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
}

/* A score in tenths as "92.5" (or "92"), empty when there is none. */
static void format_score(char *out, size_t size, int tenths)
{
	if (tenths < 0)
		snprintf(out, size, "%s", "");
	else if (tenths % 10)
		snprintf(out, size, "%d.%d", tenths / 10, tenths % 10);
	else
		snprintf(out, size, "%d", tenths / 10);
}

/* ---- sessions.csv ---- */

static void write_sessions_csv(FILE *fp, const struct audit *a)
{
	const struct session_index *idx = &a->sessions;
	struct row *rows = report_rows(a);
	char digest[9], number[32];

	audit_short_digest(a, digest);
	fputs("session_id,agent_id,channel,customer_id,category,priority,messages,"
	      "first_response_s",
	      fp);
	for (int d = 0; d < DIM_COUNT; d++)
		fprintf(fp, ",%s_grade,%s_points", dimension_name(d), dimension_name(d));
	fputs(",score,grade,quality,red_lines,findings,rubric\n", fp);
	for (size_t i = 0; i < a->transcripts.count; i++) {
		const struct session_info *s = &idx->sessions[a->transcripts.items[rows[i].item].session];
		const struct session_score *sc = &a->scores[rows[i].item];

		csv_out_str(fp, rows[i].id, 1);
		csv_out_str(fp, rows[i].agent, 0);
		csv_out_str(fp, name_or_empty(idx->channels, s->channel), 0);
		write_masked(fp, name_or_empty(idx->customers, s->customer), 0);
		csv_out_raw(fp, category_name(s->category), 0);
		csv_out_raw(fp, priority_name(s->priority), 0);
		write_number(fp, s->message_count);
		number[0] = '\0';
		if (s->first_response_ms >= 0)
			format_seconds(number, sizeof(number), s->first_response_ms);
		csv_out_raw(fp, number, 0);
		for (int d = 0; d < DIM_COUNT; d++) {
			if (sc->dim[d].applicable)
				fprintf(fp, ",%c,%d", grade_letter(sc->dim[d].grade), sc->dim[d].grade);
			else
				fputs(",N/A,", fp);
		}
		format_score(number, sizeof(number), sc->score_tenths);
		csv_out_raw(fp, number, 0);
		fprintf(fp, ",%c,%d,%d,%zu,%s\n",
			sc->score_tenths < 0 ? '-' : grade_letter(sc->grade), sc->quality,
			sc->red_lines, sc->count, digest);
	}
	free(rows);
}

/* ---- findings.csv ---- */

static void write_finding(FILE *fp, const struct audit *a, const struct row *row,
			  const struct finding *f)
{
	const struct transcript *t = &a->transcripts.items[row->item];
	const struct message *m = f->message == NO_MESSAGE ? NULL : &t->messages[f->message];
	struct buf excerpt = BUF_INIT;
	char when[20] = "";

	csv_out_str(fp, row->id, 1);
	csv_out_str(fp, row->agent, 0);
	csv_out_str(fp, m && m->agent != STR_NONE ? str_table_get(a->sessions.agents, m->agent)
						  : row->agent,
		    0);
	csv_out_raw(fp, rule_name(f->rule), 0);
	csv_out_raw(fp, dimension_name(rule_dimension(f->rule)), 0);
	write_number(fp, f->penalty);
	write_number(fp, f->red_line);
	if (m) {
		write_number(fp, (long long)f->message + 1);
		if (m->time_ms != TIME_NONE)
			time_format(m->time_ms, a->tz_offset_min, when);
		csv_out_raw(fp, when, 0);
		excerpt_write(m->text, m->len, f->start, &excerpt);
	} else {
		fputs(",,", fp);
	}
	write_masked(fp, f->detail, 0);
	csv_out_text(fp, buf_str(&excerpt), excerpt.len, 0);
	csv_out_end(fp);
	buf_release(&excerpt);
}

static void write_findings_csv(FILE *fp, const struct audit *a)
{
	struct row *rows = report_rows(a);

	fputs("session_id,agent_id,author_id,rule,dimension,penalty,red_line,message,time,detail,"
	      "excerpt\n",
	      fp);
	for (size_t i = 0; i < a->transcripts.count; i++) {
		const struct session_score *sc = &a->scores[rows[i].item];

		for (size_t f = 0; f < sc->count; f++)
			write_finding(fp, a, &rows[i], &sc->findings[f]);
	}
	free(rows);
}

/* ---- summary.json ---- */

static void add_count(cJSON *obj, const char *key, size_t value)
{
	cJSON_AddNumberToObject(obj, key, (double)value);
}

static cJSON *inputs_json(const struct ingest *ingest)
{
	cJSON *inputs = cJSON_CreateArray();

	for (size_t i = 0; i < ingest->count; i++) {
		const struct input_stats *s = &ingest->inputs[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "name", s->name);
		cJSON_AddStringToObject(o, "format", input_format_name(s->format));
		cJSON_AddBoolToObject(o, "gzip", s->gzip);
		add_count(o, "records", s->records);
		add_count(o, "bad_records", s->bad);
		add_count(o, "repaired_records", s->repaired);
		add_count(o, "untimed_records", s->untimed);
		cJSON_AddItemToArray(inputs, o);
	}
	return inputs;
}

static cJSON *records_json(const struct audit *a)
{
	cJSON *o = cJSON_CreateObject(), *reasons = cJSON_CreateObject();
	size_t good = 0;

	for (size_t i = 0; i < a->in.count; i++)
		good += a->in.inputs[i].records;
	add_count(o, "read", good + a->skips.total);
	add_count(o, "good", good);
	add_count(o, "internal_notes", a->sessions.notes);
	add_count(o, "bad", a->skips.total);
	for (int r = 0; r < SKIP_REASON_COUNT; r++)
		if (a->skips.count[r])
			add_count(reasons, skip_reason_key((enum skip_reason)r), a->skips.count[r]);
	cJSON_AddItemToObject(o, "bad_by_reason", reasons);
	return o;
}

struct channel_count {
	const char *channel;
	size_t count[UNSCORED_COUNT];
};

static int by_channel(const void *a, const void *b)
{
	return strcmp(((const struct channel_count *)a)->channel,
		      ((const struct channel_count *)b)->channel);
}

/* Unscored sessions per channel and reason, channels in byte order. */
static cJSON *unscored_by_channel(const struct session_index *idx)
{
	uint32_t channels = str_table_count(idx->channels), n = session_count(idx);
	struct channel_count *c = xcalloc((size_t)channels + 1, sizeof(*c));
	cJSON *o = cJSON_CreateObject();

	for (uint32_t i = 0; i < channels; i++)
		c[i].channel = str_table_get(idx->channels, i);
	c[channels].channel = ""; /* sessions without a channel */
	for (uint32_t s = 0; s < n; s++) {
		const struct session_info *info = &idx->sessions[s];

		c[info->channel == STR_NONE ? channels : info->channel].count[info->unscored]++;
	}
	qsort(c, (size_t)channels + 1, sizeof(*c), by_channel);
	for (uint32_t i = 0; i <= channels; i++) {
		cJSON *reasons = NULL;

		for (int r = SCORED + 1; r < UNSCORED_COUNT; r++) {
			if (!c[i].count[r])
				continue;
			if (!reasons)
				reasons = cJSON_AddObjectToObject(o, c[i].channel);
			add_count(reasons, unscored_name((enum unscored)r), c[i].count[r]);
		}
	}
	free(c);
	return o;
}

static cJSON *sessions_json(const struct audit *a)
{
	const struct session_index *idx = &a->sessions;
	uint32_t n = session_count(idx);
	size_t count[UNSCORED_COUNT] = {0};
	cJSON *o = cJSON_CreateObject(), *unscored;

	for (uint32_t s = 0; s < n; s++)
		count[idx->sessions[s].unscored]++;
	add_count(o, "total", n);
	add_count(o, "scored", count[SCORED]);
	unscored = cJSON_AddObjectToObject(o, "unscored");
	for (int r = SCORED + 1; r < UNSCORED_COUNT; r++)
		add_count(unscored, unscored_name((enum unscored)r), count[r]);
	cJSON_AddItemToObject(o, "unscored_by_channel", unscored_by_channel(idx));
	return o;
}

static cJSON *sampling_json(const struct audit *a)
{
	const struct sample_options *sample = &a->opts->sample;
	cJSON *o = cJSON_CreateObject();
	char seed[24];

	snprintf(seed, sizeof(seed), "%" PRIu64, sample->seed);
	cJSON_AddStringToObject(o, "hash", "XXH3-64");
	/* Raw, so a 64-bit seed is written exactly rather than as a double. */
	cJSON_AddRawToObject(o, "seed", seed);
	cJSON_AddNumberToObject(o, "rate", sample->rate_ppm / (double)RATE_ONE);
	add_count(o, "min_per_agent", sample->min_per_agent);
	add_count(o, "sampled", a->transcripts.count);
	return o;
}

static cJSON *rubric_json(const struct audit *a)
{
	cJSON *o = cJSON_CreateObject();
	char digest[9];

	cJSON_AddStringToObject(o, "file", a->opts->rubric_path ? a->opts->rubric_path
								 : "(built-in)");
	cJSON_AddStringToObject(o, "digest", a->digest);
	cJSON_AddStringToObject(o, "short_digest", audit_short_digest(a, digest));
	return o;
}

/* Team figures over the sampled sessions: grades, quality rate, red lines, rules fired. */
static cJSON *scores_json(const struct audit *a)
{
	cJSON *o = cJSON_CreateObject(), *grades, *rules;
	size_t grade_count[GRADE_A + 1] = {0}, rule_count[RULE_COUNT] = {0};
	size_t scored = 0, quality = 0, red_lines = 0, findings = 0;
	long long tenths = 0;
	char mean[16] = "";

	for (size_t i = 0; i < a->transcripts.count; i++) {
		const struct session_score *sc = &a->scores[i];

		if (sc->score_tenths >= 0) {
			scored++;
			tenths += sc->score_tenths;
			grade_count[sc->grade]++;
		}
		quality += sc->quality;
		red_lines += sc->red_lines;
		findings += sc->count;
		for (size_t f = 0; f < sc->count; f++)
			rule_count[sc->findings[f].rule]++;
	}
	if (scored)
		format_score(mean, sizeof(mean), (int)((2 * tenths + (long long)scored) /
						      (2 * (long long)scored)));
	add_count(o, "sessions", a->transcripts.count);
	cJSON_AddRawToObject(o, "mean_score", scored ? mean : "null");
	grades = cJSON_AddObjectToObject(o, "grades");
	for (int g = GRADE_A; g >= GRADE_F; g--) {
		char letter[2] = {grade_letter((enum grade)g), '\0'};

		add_count(grades, letter, grade_count[g]);
	}
	add_count(o, "quality_sessions", quality);
	add_count(o, "red_lines", red_lines);
	add_count(o, "findings", findings);
	rules = cJSON_AddObjectToObject(o, "findings_by_rule");
	for (int r = 0; r < RULE_COUNT; r++)
		if (rule_count[r])
			add_count(rules, rule_name((enum rule)r), rule_count[r]);
	return o;
}

static void write_summary_json(FILE *fp, const struct audit *a)
{
	cJSON *root = cJSON_CreateObject();
	char *text;

	cJSON_AddStringToObject(root, "qaudit_version", QAUDIT_VERSION);
	cJSON_AddItemToObject(root, "inputs", inputs_json(&a->in));
	cJSON_AddItemToObject(root, "records", records_json(a));
	cJSON_AddItemToObject(root, "sessions", sessions_json(a));
	cJSON_AddItemToObject(root, "sampling", sampling_json(a));
	cJSON_AddItemToObject(root, "rubric", rubric_json(a));
	cJSON_AddItemToObject(root, "scores", scores_json(a));
	text = cJSON_Print(root);
	fputs(text, fp);
	fputc('\n', fp);
	free(text);
	cJSON_Delete(root);
}

/* ---- Writing them all ---- */

static const struct output {
	const char *name;
	void (*write)(FILE *fp, const struct audit *a);
} outputs[] = {
	{"sessions.csv", write_sessions_csv},
	{"findings.csv", write_findings_csv},
	{"summary.json", write_summary_json},
};

#define OUTPUT_COUNT (sizeof(outputs) / sizeof(*outputs))

int report_write(const struct audit *a, struct qa_error *err)
{
	struct atomic_file files[OUTPUT_COUNT] = {{0}};
	size_t i;
	int rc = 0;

	for (i = 0; i < OUTPUT_COUNT && !rc; i++) {
		rc = atomic_file_open(&files[i], a->opts->out_dir, outputs[i].name, err);
		if (!rc)
			outputs[i].write(files[i].fp, a);
	}
	/* Nothing is renamed into place until every file has been written and synced. */
	for (i = 0; i < OUTPUT_COUNT && !rc; i++)
		rc = atomic_file_close(&files[i], err);
	for (i = 0; i < OUTPUT_COUNT && !rc; i++)
		rc = atomic_file_commit(&files[i], err);
	for (i = 0; i < OUTPUT_COUNT; i++)
		atomic_file_abort(&files[i]);
	return rc;
}
