/* The report's view of an audit: the one place where the report stage reads struct audit. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "report.h"
#include "xalloc.h"

static int by_agent_then_id(const void *a, const void *b)
{
	const struct session_row *x = a, *y = b;
	int c = strcmp(x->agent, y->agent);

	return c ? c : strcmp(x->id, y->id);
}

static const char *name_or_empty(const struct str_table *t, uint32_t id)
{
	return id == STR_NONE ? "" : str_table_get(t, id);
}

static struct session_row *session_rows(const struct audit *a)
{
	const struct transcript_set *set = &a->transcripts;
	const struct session_index *idx = &a->sessions;
	struct session_row *rows = xcalloc(set->count ? set->count : 1, sizeof(*rows));

	for (size_t i = 0; i < set->count; i++) {
		const struct transcript *t = &set->items[i];
		const struct session_info *s = &idx->sessions[t->session];

		rows[i] = (struct session_row){
			.id = t->id,
			.agent = name_or_empty(idx->agents, s->agent),
			.channel = name_or_empty(idx->channels, s->channel),
			.customer = t->customer_shown ? t->customer_shown
						      : name_or_empty(idx->customers, s->customer),
			.agent_index = s->agent,
			.category = s->category,
			.priority = s->priority,
			.messages = s->message_count,
			.first_ms = s->first_ms,
			.zone_min = transcript_zone(t, a->tz_offset_min),
			.first_response_ms = s->first_response_ms,
			.score = &a->scores[i],
		};
	}
	if (set->count > 1)
		qsort(rows, set->count, sizeof(*rows), by_agent_then_id);
	return rows;
}

static const char **agent_names(const struct session_index *idx)
{
	uint32_t n = str_table_count(idx->agents);
	const char **names = xcalloc(n ? n : 1, sizeof(*names));

	for (uint32_t g = 0; g < n; g++)
		names[g] = str_table_get(idx->agents, g);
	return names;
}

static int by_channel_name(const void *a, const void *b)
{
	return strcmp(((const struct channel_row *)a)->name, ((const struct channel_row *)b)->name);
}

/* The metrics' channel rows, indexed like the channel table and then "no channel". */
static struct channel_row *channel_rows(const struct audit *a)
{
	const struct metrics *m = &a->metrics;
	struct channel_row *rows = xcalloc(m->channel_count ? m->channel_count : 1, sizeof(*rows));

	for (uint32_t i = 0; i < m->channel_count; i++)
		rows[i] = (struct channel_row){
			i + 1 < m->channel_count ? str_table_get(a->sessions.channels, i) : "",
			&m->channels[i]};
	qsort(rows, m->channel_count, sizeof(*rows), by_channel_name);
	return rows;
}

static int by_unscored_channel(const void *a, const void *b)
{
	return strcmp(((const struct unscored_row *)a)->channel,
		      ((const struct unscored_row *)b)->channel);
}

/* Every session by status, per channel and in all. */
static struct unscored_row *count_sessions(struct report_view *v, const struct session_index *idx)
{
	uint32_t channels = str_table_count(idx->channels), n = session_count(idx);
	struct unscored_row *c = xcalloc((size_t)channels + 1, sizeof(*c));

	for (uint32_t i = 0; i < channels; i++)
		c[i].channel = str_table_get(idx->channels, i);
	c[channels].channel = "";
	for (uint32_t s = 0; s < n; s++) {
		const struct session_info *info = &idx->sessions[s];

		c[info->channel == STR_NONE ? channels : info->channel].count[info->unscored]++;
		v->sessions_by_status[info->unscored]++;
	}
	qsort(c, (size_t)channels + 1, sizeof(*c), by_unscored_channel);
	v->session_total = n;
	v->by_channel_count = (size_t)channels + 1;
	return c;
}

/* Chinese labels for a sample mostly in Chinese; a Chinese word is about two characters. */
static enum language language_of_sample(const struct audit *a)
{
	uint64_t han = 0, latin_words = 0;

	for (size_t i = 0; i < a->transcripts.count; i++) {
		han += a->scores[i].han;
		latin_words += a->scores[i].latin_words;
	}
	return han >= 2 * latin_words ? LANG_ZH : LANG_EN;
}

enum language report_language(const struct audit *a)
{
	enum language l =
		a->opts->language >= 0 ? (enum language)a->opts->language : a->rubric.language;

	return l == LANG_AUTO ? language_of_sample(a) : l;
}

/* The span of the data: the earliest first and the latest last message of any session. */
static void message_span(struct report_view *v, const struct session_index *idx)
{
	uint32_t n = session_count(idx);

	v->first_message_ms = v->last_message_ms = TIME_NONE;
	for (uint32_t s = 0; s < n; s++) {
		const struct session_info *info = &idx->sessions[s];

		if (info->first_ms != TIME_NONE &&
		    (v->first_message_ms == TIME_NONE || info->first_ms < v->first_message_ms))
			v->first_message_ms = info->first_ms;
		if (info->last_ms != TIME_NONE &&
		    (v->last_message_ms == TIME_NONE || info->last_ms > v->last_message_ms))
			v->last_message_ms = info->last_ms;
	}
}

void report_view_build(struct report_view *v, const struct audit *a)
{
	const struct rubric *r = &a->rubric;

	memset(v, 0, sizeof(*v));
	v->sessions = session_rows(a);
	v->session_count = a->transcripts.count;
	v->agent_names = agent_names(&a->sessions);
	v->agent_count = str_table_count(a->sessions.agents);
	v->metrics = &a->metrics;
	v->channels = channel_rows(a);
	v->channel_count = a->metrics.channel_count;
	v->limits =
		(struct timeliness_limits){r->offpeak_timeout_pct, r->peak_timeout_pct,
					   r->team_mean_factor, r->first_contact_resolution_pct};
	v->inputs = a->in.inputs;
	v->input_count = a->in.count;
	for (size_t i = 0; i < a->in.count; i++)
		v->records_good += a->in.inputs[i].records;
	v->records_bad = a->skips.total;
	v->internal_notes = a->sessions.notes;
	v->duplicates_dropped = a->sessions.duplicates;
	v->over_session_limit = a->sessions.overflow;
	memcpy(v->bad_by_reason, a->skips.count, sizeof(v->bad_by_reason));
	v->by_channel = count_sessions(v, &a->sessions);
	v->sample = a->opts->sample;
	v->rubric_file = a->opts->rubric_path;
	v->digest = a->digest;
	audit_short_digest(a, v->short_digest);
	v->tz_offset_min = a->tz_offset_min;
	message_span(v, &a->sessions);
	v->language = report_language(a);
}

void report_view_release(struct report_view *v)
{
	free((void *)v->sessions);
	free((void *)v->agent_names);
	free((void *)v->channels);
	free((void *)v->by_channel);
	memset(v, 0, sizeof(*v));
}
