/* Writing the report files. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "buf.h"
#include "csv_out.h"
#include "mask.h"
#include "report.h"
#include "xalloc.h"

/* ---- sessions.csv ---- */

struct sorted_session {
	const char *agent, *id;
	uint32_t index;
};

static int by_agent_then_id(const void *a, const void *b)
{
	const struct sorted_session *x = a, *y = b;
	int c = strcmp(x->agent, y->agent);

	return c ? c : strcmp(x->id, y->id);
}

static const char *name_or_empty(const struct str_table *t, uint32_t id)
{
	return id == STR_NONE ? "" : str_table_get(t, id);
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

static void write_masked(FILE *fp, const char *s, int first)
{
	struct buf masked = BUF_INIT;

	mask_text(s, strlen(s), &masked);
	csv_out_text(fp, buf_str(&masked), masked.len, first);
	buf_release(&masked);
}

static void write_sessions_csv(FILE *fp, const struct report_input *in)
{
	const struct session_index *idx = in->sessions;
	uint32_t n = session_count(idx);
	struct sorted_session *rows = xreallocarray(NULL, in->sampled ? in->sampled : 1,
						    sizeof(*rows));
	size_t count = 0;

	for (uint32_t s = 0; s < n; s++)
		if (idx->sessions[s].sampled)
			rows[count++] = (struct sorted_session){
				str_table_get(idx->agents, idx->sessions[s].agent),
				str_table_get(idx->ids, s), s};
	qsort(rows, count, sizeof(*rows), by_agent_then_id);
	fputs("session_id,agent_id,channel,customer_id,category,priority,messages,"
	      "first_response_s\n",
	      fp);
	for (size_t i = 0; i < count; i++) {
		const struct session_info *s = &idx->sessions[rows[i].index];
		char number[32] = "";

		csv_out_str(fp, rows[i].id, 1);
		csv_out_str(fp, rows[i].agent, 0);
		csv_out_str(fp, name_or_empty(idx->channels, s->channel), 0);
		write_masked(fp, name_or_empty(idx->customers, s->customer), 0);
		csv_out_raw(fp, category_name(s->category), 0);
		csv_out_raw(fp, priority_name(s->priority), 0);
		snprintf(number, sizeof(number), "%" PRIu32, s->message_count);
		csv_out_raw(fp, number, 0);
		number[0] = '\0';
		if (s->first_response_ms >= 0)
			format_seconds(number, sizeof(number), s->first_response_ms);
		csv_out_raw(fp, number, 0);
		csv_out_end(fp);
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

static cJSON *records_json(const struct report_input *in)
{
	cJSON *o = cJSON_CreateObject(), *reasons = cJSON_CreateObject();
	size_t good = 0;

	for (size_t i = 0; i < in->ingest->count; i++)
		good += in->ingest->inputs[i].records;
	add_count(o, "read", good + in->skips->total);
	add_count(o, "good", good);
	add_count(o, "internal_notes", in->sessions->notes);
	add_count(o, "bad", in->skips->total);
	for (int r = 0; r < SKIP_REASON_COUNT; r++)
		if (in->skips->count[r])
			add_count(reasons, skip_reason_key((enum skip_reason)r), in->skips->count[r]);
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

static cJSON *sessions_json(const struct report_input *in)
{
	const struct session_index *idx = in->sessions;
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

static cJSON *sampling_json(const struct report_input *in)
{
	cJSON *o = cJSON_CreateObject();
	char seed[24];

	snprintf(seed, sizeof(seed), "%" PRIu64, in->sample->seed);
	cJSON_AddStringToObject(o, "hash", "XXH3-64");
	/* Raw, so a 64-bit seed is written exactly rather than as a double. */
	cJSON_AddRawToObject(o, "seed", seed);
	cJSON_AddNumberToObject(o, "rate", in->sample->rate_ppm / (double)RATE_ONE);
	add_count(o, "min_per_agent", in->sample->min_per_agent);
	add_count(o, "sampled", in->sampled);
	return o;
}

static void write_summary_json(FILE *fp, const struct report_input *in)
{
	cJSON *root = cJSON_CreateObject();
	char *text;

	cJSON_AddStringToObject(root, "qaudit_version", QAUDIT_VERSION);
	cJSON_AddItemToObject(root, "inputs", inputs_json(in->ingest));
	cJSON_AddItemToObject(root, "records", records_json(in));
	cJSON_AddItemToObject(root, "sessions", sessions_json(in));
	cJSON_AddItemToObject(root, "sampling", sampling_json(in));
	text = cJSON_Print(root);
	fputs(text, fp);
	fputc('\n', fp);
	free(text);
	cJSON_Delete(root);
}

/* ---- writing them all ---- */

static const struct output {
	const char *name;
	void (*write)(FILE *fp, const struct report_input *in);
} outputs[] = {
	{"sessions.csv", write_sessions_csv},
	{"summary.json", write_summary_json},
};

#define OUTPUT_COUNT (sizeof(outputs) / sizeof(*outputs))

int report_write(const char *dir, const struct report_input *in, struct qa_error *err)
{
	struct atomic_file files[OUTPUT_COUNT] = {{0}};
	size_t i;
	int rc = 0;

	for (i = 0; i < OUTPUT_COUNT && !rc; i++) {
		rc = atomic_file_open(&files[i], dir, outputs[i].name, err);
		if (!rc)
			outputs[i].write(files[i].fp, in);
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
