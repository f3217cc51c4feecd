/* summary.json: the whole run, for scripts: inputs, counts, skipped records and unscored
 * sessions with reasons, sampling, rubric digest and the team's figures. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "mask.h"
#include "metrics.h"
#include "report_internal.h"
#include "score.h"
#include "transcode.h"

/* Adds item under a key that may hold personal data (a channel or agent name), masked. */
static void add_masked_key(cJSON *obj, const char *key, cJSON *item)
{
	struct buf masked = BUF_INIT;

	mask_text(key, strlen(key), &masked);
	cJSON_AddItemToObject(obj, buf_str(&masked), item);
	buf_release(&masked);
}

/* A string value that may hold personal data (a file name typed by someone), masked. */
static void add_masked_string(cJSON *obj, const char *key, const char *value)
{
	struct buf masked = BUF_INIT;

	mask_text(value, strlen(value), &masked);
	cJSON_AddStringToObject(obj, key, buf_str(&masked));
	buf_release(&masked);
}

static cJSON *add_masked_object(cJSON *obj, const char *key)
{
	cJSON *o = cJSON_CreateObject();

	add_masked_key(obj, key, o);
	return o;
}

static void add_count(cJSON *obj, const char *key, size_t value)
{
	cJSON_AddNumberToObject(obj, key, (double)value);
}

static cJSON *inputs_json(const struct report_view *v)
{
	cJSON *inputs = cJSON_CreateArray();

	for (size_t i = 0; i < v->input_count; i++) {
		const struct input_stats *s = &v->inputs[i];
		cJSON *o = cJSON_CreateObject();

		add_masked_string(o, "name", s->name);
		cJSON_AddStringToObject(o, "format", input_format_name(s->format));
		cJSON_AddStringToObject(o, "preset", preset_name(s->preset));
		cJSON_AddBoolToObject(o, "gzip", s->gzip);
		cJSON_AddStringToObject(o, "encoding", transcode_name(s->encoding));
		add_count(o, "undecodable_sequences", s->undecodable);
		add_count(o, "records", s->records);
		add_count(o, "bad_records", s->bad);
		add_count(o, "repaired_records", s->repaired);
		add_count(o, "untimed_records", s->untimed);
		cJSON_AddItemToArray(inputs, o);
	}
	return inputs;
}

static cJSON *records_json(const struct report_view *v)
{
	cJSON *o = cJSON_CreateObject(), *reasons = cJSON_CreateObject();

	add_count(o, "read", v->records_good + v->records_bad);
	add_count(o, "good", v->records_good);
	add_count(o, "internal_notes", v->internal_notes);
	add_count(o, "duplicates_dropped", v->duplicates_dropped);
	add_count(o, "over_session_limit", v->over_session_limit);
	add_count(o, "bad", v->records_bad);
	for (int r = 0; r < SKIP_REASON_COUNT; r++)
		if (v->bad_by_reason[r])
			add_count(reasons, skip_reason_key((enum skip_reason)r),
				  v->bad_by_reason[r]);
	cJSON_AddItemToObject(o, "bad_by_reason", reasons);
	return o;
}

/* Unscored sessions per channel and reason, channels in byte order. */
static cJSON *unscored_by_channel(const struct report_view *v)
{
	cJSON *o = cJSON_CreateObject();

	for (size_t i = 0; i < v->by_channel_count; i++) {
		const struct unscored_row *c = &v->by_channel[i];
		cJSON *reasons = NULL;

		for (int r = SCORED + 1; r < UNSCORED_COUNT; r++) {
			if (!c->count[r])
				continue;
			if (!reasons)
				reasons = add_masked_object(o, c->channel);
			add_count(reasons, unscored_name((enum unscored)r), c->count[r]);
		}
	}
	return o;
}

static cJSON *sessions_json(const struct report_view *v)
{
	cJSON *o = cJSON_CreateObject(), *unscored;

	add_count(o, "total", v->session_total);
	add_count(o, "scored", v->sessions_by_status[SCORED]);
	unscored = cJSON_AddObjectToObject(o, "unscored");
	for (int r = SCORED + 1; r < UNSCORED_COUNT; r++)
		add_count(unscored, unscored_name((enum unscored)r), v->sessions_by_status[r]);
	cJSON_AddItemToObject(o, "unscored_by_channel", unscored_by_channel(v));
	return o;
}

static cJSON *sampling_json(const struct report_view *v)
{
	const struct sample_options *sample = &v->sample;
	cJSON *o = cJSON_CreateObject();
	char seed[24];

	snprintf(seed, sizeof(seed), "%" PRIu64, sample->seed);
	cJSON_AddStringToObject(o, "hash", "XXH3-64");
	/* Raw, so a 64-bit seed is written exactly rather than as a double. */
	cJSON_AddRawToObject(o, "seed", seed);
	cJSON_AddNumberToObject(o, "rate", sample->rate_ppm / (double)RATE_ONE);
	add_count(o, "min_per_agent", sample->min_per_agent);
	add_count(o, "sampled", v->session_count);
	return o;
}

static cJSON *rubric_json(const struct report_view *v)
{
	cJSON *o = cJSON_CreateObject();

	add_masked_string(o, "file", v->rubric_file ? v->rubric_file : "(built-in)");
	cJSON_AddStringToObject(o, "digest", v->digest);
	cJSON_AddStringToObject(o, "short_digest", v->short_digest);
	return o;
}

static void add_tenths(cJSON *obj, const char *key, int tenths)
{
	char text[16];

	format_tenths(text, sizeof(text), tenths);
	cJSON_AddRawToObject(obj, key, tenths < 0 ? "null" : text);
}

static void add_permille(cJSON *obj, const char *key, int permille)
{
	char text[16];

	format_permille(text, sizeof(text), permille);
	cJSON_AddRawToObject(obj, key, permille < 0 ? "null" : text);
}

static void add_seconds(cJSON *obj, const char *key, int64_t ms)
{
	char text[32];

	format_seconds(text, sizeof(text), ms);
	cJSON_AddRawToObject(obj, key, ms < 0 ? "null" : text);
}

/* The team's scores over the sampled sessions. */
static cJSON *scores_json(const struct score_summary *s)
{
	cJSON *o = cJSON_CreateObject(), *dims, *rules;
	char grade[2] = {grade_letter(s->grade), '\0'};

	add_count(o, "sampled", s->sampled);
	add_count(o, "scored", s->scored);
	add_tenths(o, "mean_score", s->mean_tenths);
	add_tenths(o, "mean_score_ci_low", s->ci_low_tenths);
	add_tenths(o, "mean_score_ci_high", s->ci_high_tenths);
	cJSON_AddStringToObject(o, "grade", s->mean_tenths < 0 ? "" : grade);
	dims = cJSON_AddObjectToObject(o, "dimension_mean_points");
	for (int d = 0; d < DIM_COUNT; d++) {
		char text[16];

		format_hundredths(text, sizeof(text), s->dim_hundredths[d]);
		cJSON_AddRawToObject(dims, dimension_name(d),
				     s->dim_hundredths[d] < 0 ? "null" : text);
	}
	add_count(o, "quality_sessions", s->quality);
	add_count(o, "red_lines", s->red_lines);
	add_count(o, "findings", s->findings);
	rules = cJSON_AddObjectToObject(o, "findings_by_rule");
	for (int r = 0; r < RULE_COUNT; r++)
		if (s->rule_count[r])
			add_count(rules, rule_name((enum rule)r), s->rule_count[r]);
	return o;
}

/* The team's grade distribution over the sampled sessions. */
static cJSON *grades_json(const struct report_view *v)
{
	cJSON *o = cJSON_CreateObject();
	uint32_t count[GRADE_A + 1] = {0};

	report_count_grades(v, count);
	for (int g = GRADE_A; g >= GRADE_F; g--) {
		char letter[2] = {grade_letter((enum grade)g), '\0'};

		add_count(o, letter, count[g]);
	}
	return o;
}

static cJSON *timeliness_json(const struct timeliness *t)
{
	cJSON *o = cJSON_CreateObject();

	add_count(o, "sessions", t->sessions);
	add_seconds(o, "first_response_median_s", timeliness_median_ms(t));
	add_seconds(o, "first_response_p90_s", timeliness_p90_ms(t));
	add_count(o, "replies", t->replies[PERIOD_OFFPEAK] + t->replies[PERIOD_PEAK]);
	add_count(o, "timeouts", t->timeouts[PERIOD_OFFPEAK] + t->timeouts[PERIOD_PEAK]);
	add_permille(o, "timeout_rate_pct", timeliness_timeout_permille(t, -1));
	add_permille(o, "offpeak_timeout_rate_pct", timeliness_timeout_permille(t, PERIOD_OFFPEAK));
	add_permille(o, "peak_timeout_rate_pct", timeliness_timeout_permille(t, PERIOD_PEAK));
	add_count(o, "repeat_contacts", t->repeat_contacts);
	add_permille(o, "first_contact_resolution_pct", timeliness_fcr_permille(t));
	return o;
}

/* The figures of each channel class that has sessions: each is timed by its own limits. */
static cJSON *classes_json(const struct metrics *m)
{
	cJSON *o = cJSON_CreateObject();

	for (int c = 0; c < CLASS_COUNT; c++)
		if (m->classes[c].sessions)
			cJSON_AddItemToObject(o, channel_class_name((enum channel_class)c),
					      timeliness_json(&m->classes[c]));
	return o;
}

/* Agents and their flags, so a script sees at a glance who needs attention. */
static cJSON *flagged_json(const struct scorecards *cards)
{
	cJSON *o = cJSON_CreateObject();

	for (size_t i = 0; i < cards->count; i++) {
		cJSON *flags = NULL;

		for (int f = 0; f < FLAG_COUNT; f++) {
			if (!(cards->cards[i].flags >> f & 1))
				continue;
			if (!flags) {
				flags = cJSON_CreateArray();
				add_masked_key(o, cards->cards[i].id, flags);
			}
			cJSON_AddItemToArray(flags, cJSON_CreateString(flag_name((enum flag)f)));
		}
	}
	return o;
}

void report_write_summary_json(FILE *fp, const struct report_view *v)
{
	cJSON *root = cJSON_CreateObject(), *team;
	char *text;

	cJSON_AddStringToObject(root, "qaudit_version", QAUDIT_VERSION);
	cJSON_AddItemToObject(root, "inputs", inputs_json(v));
	cJSON_AddItemToObject(root, "records", records_json(v));
	cJSON_AddItemToObject(root, "sessions", sessions_json(v));
	cJSON_AddItemToObject(root, "sampling", sampling_json(v));
	cJSON_AddItemToObject(root, "rubric", rubric_json(v));
	team = cJSON_AddObjectToObject(root, "team");
	add_count(team, "agents", v->cards->count);
	cJSON_AddItemToObject(team, "scores", scores_json(&v->cards->team));
	cJSON_AddItemToObject(team, "grades", grades_json(v));
	cJSON_AddItemToObject(team, "timeliness", timeliness_json(&v->metrics->team));
	cJSON_AddItemToObject(team, "timeliness_by_class", classes_json(v->metrics));
	cJSON_AddItemToObject(team, "flagged_agents", flagged_json(v->cards));
	text = cJSON_Print(root);
	fputs(text, fp);
	fputc('\n', fp);
	free(text);
	cJSON_Delete(root);
}
