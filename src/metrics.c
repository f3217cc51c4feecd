/* Population metrics. Every scored session is walked once from its ordered message metadata:
 * the first response against the R1 limit, each later reply against the R2 limit (60 s after
 * a wait notice), as the response checkpoints judge them. The walk leaves tallies, so that
 * figures over many shards add up from theirs (qaudit merge). */
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "time_parse.h"
#include "timing.h"
#include "xalloc.h"

/* Called for every reply of every session, so the date is written without printf. */
bool metrics_is_peak(const struct rubric *r, int64_t time_ms, int tz_offset_min)
{
	struct local_time t;
	char date[10];
	int minute;

	time_local(time_ms, tz_offset_min, &t);
	date[0] = (char)('0' + t.year / 1000 % 10);
	date[1] = (char)('0' + t.year / 100 % 10);
	date[2] = (char)('0' + t.year / 10 % 10);
	date[3] = (char)('0' + t.year % 10);
	date[4] = date[7] = '-';
	date[5] = (char)('0' + t.month / 10);
	date[6] = (char)('0' + t.month % 10);
	date[8] = (char)('0' + t.day / 10);
	date[9] = (char)('0' + t.day % 10);
	for (size_t i = 0; i < r->promotion_count; i++) {
		const char *d = r->promotion_dates[i];

		/* "MM-DD" every year, "YYYY-MM-DD" once. */
		if (strlen(d) == 5 ? !memcmp(date + 5, d, 5) : !memcmp(date, d, 10))
			return true;
	}
	minute = t.second_of_day / 60;
	for (size_t i = 0; i < r->peak_count; i++)
		if (minute >= r->peak_hours[i].from_min && minute < r->peak_hours[i].to_min)
			return true;
	return false;
}

/* The class of each channel, then of "no channel": looked up once per channel, not per
 * session (rubric_channel_class compares names). */
static enum channel_class *channel_classes(const struct rubric *r, const struct session_index *idx)
{
	uint32_t n = str_table_count(idx->channels);
	enum channel_class *classes = xcalloc((size_t)n + 1, sizeof(*classes));

	for (uint32_t c = 0; c < n; c++)
		classes[c] = rubric_channel_class(r, str_table_get(idx->channels, c));
	classes[n] = rubric_channel_class(r, NULL);
	return classes;
}

static enum channel_class class_of(const enum channel_class *classes,
				   const struct session_index *idx, const struct session_info *s)
{
	return classes[s->channel == STR_NONE ? str_table_count(idx->channels) : s->channel];
}

/* One session's walk: its replies are tallied by author and period. */
struct walk {
	struct reply_tallies *out;
	const struct session_index *idx;
	const struct rubric *r;          /* the walked session's class's settings */
	const struct session_info *info; /* the walked session */
	int tz_offset_min;
	uint32_t session;
	size_t first; /* the session's tallies: out->items[first ..] */
	const uint32_t *slice;
	struct reply_step *steps;
};

static void count_reply(struct walk *w, uint32_t agent, int64_t time_ms, bool timeout)
{
	struct reply_tallies *out = w->out;
	enum period p =
		metrics_is_peak(w->r, time_ms, w->tz_offset_min) ? PERIOD_PEAK : PERIOD_OFFPEAK;
	size_t i = w->first;

	/* A session has an author or two: a search beats a table. */
	while (i < out->count && (out->items[i].agent != agent || out->items[i].period != p))
		i++;
	if (i == out->count) {
		ALLOC_GROW(out->items, out->count + 1, out->capacity);
		out->items[out->count++] = (struct reply_tally){w->session, agent, p, 0, 0};
	}
	out->items[i].replies++;
	out->items[i].timeouts += timeout;
}

static void on_reply(size_t i, const struct reply_wait *wait, void *ctx)
{
	struct walk *w = ctx;
	const struct message_meta *x = &w->idx->messages[w->slice[i]];

	count_reply(w, x->agent, x->time_ms, timing_reply_is_late(w->r, w->info, wait));
}

static void tally_session(struct walk *w)
{
	const struct session_index *idx = w->idx;
	const struct session_info *info = w->info;

	if (info->untimed || info->responder == info->count)
		return;
	for (uint32_t i = 0; i < info->count; i++) {
		const struct message_meta *x = &idx->messages[w->slice[i]];

		w->steps[i] =
			(struct reply_step){x->time_ms, x->role, x->wait_notice, x->needs_answer};
	}
	if (info->first_response_ms >= 0)
		count_reply(w, idx->messages[w->slice[info->responder]].agent,
			    idx->messages[w->slice[info->responder]].time_ms,
			    info->first_response_ms > timing_first_response_limit_ms(w->r, info));
	reply_walk(w->steps, info->count, info->responder, on_reply, w);
}

void metrics_tally_replies(struct reply_tallies *out, const struct session_index *idx,
			   const struct rubric *r, int tz_offset_min)
{
	uint32_t n = session_count(idx), longest = 0;
	struct walk w = {.out = out, .idx = idx, .tz_offset_min = tz_offset_min};
	enum channel_class *classes = channel_classes(r, idx);

	memset(out, 0, sizeof(*out));
	for (uint32_t s = 0; s < n; s++)
		if (idx->sessions[s].count > longest)
			longest = idx->sessions[s].count;
	w.steps = xcalloc(longest ? longest : 1, sizeof(*w.steps));
	for (uint32_t s = 0; s < n; s++) {
		const struct session_info *info = &idx->sessions[s];

		if (info->unscored != SCORED)
			continue;
		w.r = rubric_for_class(r, class_of(classes, idx, info));
		w.info = info;
		w.session = s;
		w.first = out->count;
		w.slice = idx->order + info->first;
		tally_session(&w);
	}
	free(w.steps);
	free(classes);
}

void reply_tallies_release(struct reply_tallies *t)
{
	free(t->items);
	memset(t, 0, sizeof(*t));
}

static void add_first_response(struct timeliness *t, int64_t ms)
{
	ALLOC_GROW(t->first_response_ms, t->first_response_count + 1, t->first_response_capacity);
	t->first_response_ms[t->first_response_count++] = ms;
}

static struct timeliness *channel_row(struct metrics *m, const struct session_info *info)
{
	return &m->channels[info->channel == STR_NONE ? m->channel_count - 1 : info->channel];
}

static void add_session(struct metrics *m, const struct session_index *idx, uint32_t s,
			const struct rubric *r, enum channel_class cls, int tz_offset_min)
{
	const struct session_info *info = &idx->sessions[s];
	const struct rubric *cr = rubric_for_class(r, cls);
	struct timeliness *rows[5] = {&m->team, &m->agents[info->agent], channel_row(m, info),
				      &m->classes[cls], NULL};
	bool known = info->customer != STR_NONE && !info->untimed;
	bool repeat = known && timing_repeat_contact(idx, s, cr) != STR_NONE;

	rows[4] = &m->periods[!info->untimed && metrics_is_peak(cr, info->start_ms, tz_offset_min)];
	for (size_t i = 0; i < 5; i++) {
		rows[i]->sessions++;
		rows[i]->known_customers += known;
		rows[i]->repeat_contacts += repeat;
		if (info->first_response_ms >= 0)
			add_first_response(rows[i], info->first_response_ms);
	}
}

static void add_replies(struct metrics *m, const struct session_index *idx,
			const struct reply_tally *t, enum channel_class cls)
{
	const struct session_info *info = &idx->sessions[t->session];
	struct timeliness *rows[] = {&m->team, &m->agents[t->agent], channel_row(m, info),
				     &m->classes[cls], &m->periods[t->period]};

	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++) {
		rows[i]->replies[t->period] += t->replies;
		rows[i]->timeouts[t->period] += t->timeouts;
	}
}

static int by_value(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorts durations (never negative) a byte at a time, least significant first: every session's
 * first response is sorted into five rows, which qsort took a tenth of a merge over. A byte
 * that every value shares costs no pass. */
static void sort_durations(int64_t *values, size_t n)
{
	size_t counts[8][256] = {{0}};
	int64_t *from = values, *to;

	if (n < 64) {
		if (n > 1)
			qsort(values, n, sizeof(*values), by_value);
		return;
	}
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < 8; b++)
			counts[b][((uint64_t)values[i] >> (8 * b)) & 0xff]++;
	to = xreallocarray(NULL, n, sizeof(*to));
	for (int b = 0; b < 8; b++) {
		size_t at = 0, *count = counts[b];
		int64_t *swap;

		if (count[((uint64_t)values[0] >> (8 * b)) & 0xff] == n)
			continue;
		for (int d = 0; d < 256; d++) {
			size_t c = count[d];

			count[d] = at;
			at += c;
		}
		for (size_t i = 0; i < n; i++)
			to[count[((uint64_t)from[i] >> (8 * b)) & 0xff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	if (from != values)
		memcpy(values, from, n * sizeof(*values));
	free(from == values ? to : from);
}

static void sort_first_responses(struct timeliness *t)
{
	sort_durations(t->first_response_ms, t->first_response_count);
}

void metrics_compute(struct metrics *m, const struct session_index *idx,
		     const struct reply_tallies *tallies, const struct rubric *r, int tz_offset_min)
{
	uint32_t n = session_count(idx);
	enum channel_class *classes = channel_classes(r, idx);

	memset(m, 0, sizeof(*m));
	m->agent_count = str_table_count(idx->agents);
	m->agents = xcalloc(m->agent_count ? m->agent_count : 1, sizeof(*m->agents));
	m->channel_count = str_table_count(idx->channels) + 1;
	m->channels = xcalloc(m->channel_count, sizeof(*m->channels));
	for (uint32_t s = 0; s < n; s++)
		if (idx->sessions[s].unscored == SCORED)
			add_session(m, idx, s, r, class_of(classes, idx, &idx->sessions[s]),
				    tz_offset_min);
	for (size_t i = 0; i < tallies->count; i++)
		add_replies(m, idx, &tallies->items[i],
			    class_of(classes, idx, &idx->sessions[tallies->items[i].session]));
	free(classes);
	sort_first_responses(&m->team);
	for (uint32_t i = 0; i < m->agent_count; i++)
		sort_first_responses(&m->agents[i]);
	for (uint32_t i = 0; i < m->channel_count; i++)
		sort_first_responses(&m->channels[i]);
	for (int p = 0; p < PERIOD_COUNT; p++)
		sort_first_responses(&m->periods[p]);
	for (int c = 0; c < CLASS_COUNT; c++)
		sort_first_responses(&m->classes[c]);
}

static void release_row(struct timeliness *t)
{
	free(t->first_response_ms);
}

void metrics_release(struct metrics *m)
{
	release_row(&m->team);
	for (uint32_t i = 0; i < m->agent_count; i++)
		release_row(&m->agents[i]);
	for (uint32_t i = 0; i < m->channel_count; i++)
		release_row(&m->channels[i]);
	for (int p = 0; p < PERIOD_COUNT; p++)
		release_row(&m->periods[p]);
	for (int c = 0; c < CLASS_COUNT; c++)
		release_row(&m->classes[c]);
	free(m->agents);
	free(m->channels);
	memset(m, 0, sizeof(*m));
}

int64_t timeliness_median_ms(const struct timeliness *t)
{
	uint32_t n = t->first_response_count;

	if (!n)
		return -1;
	return n % 2 ? t->first_response_ms[n / 2]
		     : (t->first_response_ms[n / 2 - 1] + t->first_response_ms[n / 2]) / 2;
}

int64_t timeliness_p90_ms(const struct timeliness *t)
{
	uint32_t n = t->first_response_count;

	if (!n)
		return -1;
	/* Nearest rank: the ceil(0.9 n)-th smallest. */
	return t->first_response_ms[(9 * (uint64_t)n + 9) / 10 - 1];
}

int timeliness_timeout_permille(const struct timeliness *t, int period)
{
	uint64_t replies = 0, timeouts = 0;

	for (int p = 0; p < PERIOD_COUNT; p++) {
		if (period >= 0 && p != period)
			continue;
		replies += t->replies[p];
		timeouts += t->timeouts[p];
	}
	return replies ? (int)((2000 * timeouts + replies) / (2 * replies)) : -1;
}

int timeliness_fcr_permille(const struct timeliness *t)
{
	uint64_t known = t->known_customers, solved = known - t->repeat_contacts;

	return known ? (int)((2000 * solved + known) / (2 * known)) : -1;
}
