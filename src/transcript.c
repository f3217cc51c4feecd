/* Transcripts of the sampled sessions. */
#include <stdlib.h>
#include <string.h>

#include "sample.h"
#include "time_parse.h"
#include "transcript.h"
#include "xalloc.h"

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct transcript *)a)->id, ((const struct transcript *)b)->id);
}

void transcript_set_init(struct transcript_set *set, const struct session_index *idx,
			 transcript_fn *on_whole, void *ctx, bool keep)
{
	uint32_t n = session_count(idx);

	memset(set, 0, sizeof(*set));
	set->idx = idx;
	set->on_whole = on_whole;
	set->ctx = ctx;
	set->keep = keep;
	set->slot = xcalloc(n ? n : 1, sizeof(*set->slot));
	for (uint32_t s = 0; s < n; s++)
		if (idx->sessions[s].sampled)
			set->count++;
	set->items = xcalloc(set->count ? set->count : 1, sizeof(*set->items));
	set->count = 0;
	for (uint32_t s = 0; s < n; s++) {
		if (!idx->sessions[s].sampled)
			continue;
		set->items[set->count] = (struct transcript){.session = s,
							     .id = str_table_get(idx->ids, s),
							     .status_time_ms = INT64_MIN,
							     .csat_time_ms = INT64_MIN};
		set->count++;
	}
	/* Session id order, so every writer that walks the set sees the same order. */
	qsort(set->items, set->count, sizeof(*set->items), by_id);
	for (size_t i = 0; i < set->count; i++)
		set->slot[set->items[i].session] = (uint32_t)i + 1;
}

/* Keeps value if it is at least as late as the one kept: the session's latest value. */
static void keep_latest(char **kept, int64_t *kept_time, struct span value, int64_t time_ms)
{
	if (!value.len || time_ms < *kept_time)
		return;
	free(*kept);
	*kept = xmemdup(value.ptr, value.len);
	*kept_time = time_ms;
}

/* Appends rec, a record of t's session, to t: agent is its agent's index, STR_NONE unless
 * an agent's. */
static void transcript_add(struct transcript *t, const struct record *rec, uint32_t agent,
			   uint32_t seq)
{
	const struct span *f = rec->field;
	struct message *m;

	if (rec->zoned && !t->zoned) {
		t->zoned = true;
		t->zone_min = rec->zone_min;
	}
	keep_latest(&t->status, &t->status_time_ms, f[FIELD_STATUS], rec->time_ms);
	keep_latest(&t->csat, &t->csat_time_ms, f[FIELD_CSAT], rec->time_ms);
	ALLOC_GROW(t->messages, t->count + 1, t->capacity);
	m = &t->messages[t->count++];
	m->time_ms = rec->time_ms;
	m->role = rec->role;
	m->seq = seq;
	m->agent = agent;
	m->text = xmemdup(f[FIELD_TEXT].ptr, f[FIELD_TEXT].len);
	m->len = f[FIELD_TEXT].len;
}

static void make_whole(struct transcript_set *set, struct transcript *t);

int transcript_set_add(const struct record *rec, void *ctx)
{
	struct transcript_set *set = ctx;
	const struct span *f = rec->field;
	uint32_t s, slot, agent = STR_NONE;
	struct transcript *t;

	if (rec->role == ROLE_NOTE)
		return 0; /* internal notes are kept out of scoring */
	s = str_table_find(set->idx->ids, f[FIELD_SESSION].ptr, f[FIELD_SESSION].len);
	slot = s == STR_NONE ? 0 : set->slot[s];
	set->seq++;
	if (!slot)
		return 0;
	t = &set->items[slot - 1];
	/* Whole already: what follows is past SESSION_MAX_MESSAGES, which the first read
	 * dropped too. */
	if (t->whole)
		return 0;
	if (rec->role == ROLE_AGENT)
		agent = str_table_find(set->idx->agents, f[FIELD_AGENT].ptr, f[FIELD_AGENT].len);
	transcript_add(t, rec, agent, set->seq);
	if (t->count == set->idx->sessions[s].records)
		make_whole(set, t);
	return 0;
}

/* Orders t and drops its duplicates with the rule of session_index_finish, so both reads see
 * one session. */
static void order_messages(const struct transcript_set *set, struct transcript *t)
{
	struct message_key *keys = xreallocarray(NULL, t->count ? t->count : 1, sizeof(*keys));
	struct message *ordered = xreallocarray(NULL, t->count ? t->count : 1, sizeof(*ordered));
	size_t kept;

	for (size_t i = 0; i < t->count; i++) {
		const struct message *m = &t->messages[i];

		keys[i] = (struct message_key){.time_ms = m->time_ms,
					       .seq = m->seq,
					       .agent = m->agent,
					       .text_hash = message_text_hash(m->text, m->len),
					       .role = m->role,
					       .index = (uint32_t)i};
	}
	kept = session_order_messages(keys, t->count, !set->idx->sessions[t->session].untimed);
	for (size_t i = 0; i < kept; i++) {
		ordered[i] = t->messages[keys[i].index];
		t->messages[keys[i].index].text = NULL;
	}
	for (size_t i = 0; i < t->count; i++)
		free(t->messages[i].text); /* the dropped repeats: the kept ones moved */
	free(t->messages);
	free(keys);
	t->messages = ordered;
	t->capacity = t->count ? t->count : 1;
	t->count = kept;
}

void transcript_free_messages(struct transcript *t)
{
	for (size_t m = 0; m < t->count; m++)
		free(t->messages[m].text);
	free(t->messages);
	t->messages = NULL;
	t->count = t->capacity = 0;
}

/* Puts t in time order, drops duplicates and hands it on. */
static void make_whole(struct transcript_set *set, struct transcript *t)
{
	order_messages(set, t);
	t->whole = true;
	if (set->on_whole)
		set->on_whole(t, (size_t)(t - set->items), set->ctx);
	if (!set->keep)
		transcript_free_messages(t);
}

void transcript_set_finish(struct transcript_set *set)
{
	for (size_t i = 0; i < set->count; i++)
		if (!set->items[i].whole)
			make_whole(set, &set->items[i]);
}

static void free_transcript(struct transcript *t)
{
	transcript_free_messages(t);
	free(t->status);
	free(t->csat);
	free(t->customer_shown);
}

void transcript_set_release(struct transcript_set *set)
{
	for (size_t i = 0; i < set->count; i++)
		free_transcript(&set->items[i]);
	free(set->items);
	free(set->slot);
	memset(set, 0, sizeof(*set));
}

#define HOLD_NOT UINT32_MAX

void transcript_hold_init(struct transcript_hold *hold, uint64_t seed, uint64_t bound, size_t limit)
{
	memset(hold, 0, sizeof(*hold));
	hold->seed = seed;
	hold->bound = bound;
	hold->limit = limit;
}

void transcript_hold_release(struct transcript_hold *hold)
{
	for (size_t i = 0; i < hold->count; i++)
		free_transcript(&hold->items[i]);
	free(hold->items);
	free(hold->slot);
	hold->items = NULL;
	hold->slot = NULL;
	hold->count = hold->capacity = hold->slot_count = hold->slot_capacity = 0;
}

/* The held transcript of session, or NULL: whether it is held is settled when it is met. */
static struct transcript *held(struct transcript_hold *hold, uint32_t session,
			       const struct span *id)
{
	if (session >= hold->slot_count) {
		ALLOC_GROW(hold->slot, (size_t)session + 1, hold->slot_capacity);
		memset(hold->slot + hold->slot_count, 0,
		       ((size_t)session + 1 - hold->slot_count) * sizeof(*hold->slot));
		hold->slot_count = (size_t)session + 1;
	}
	if (!hold->slot[session]) {
		if (sample_hash(hold->seed, id->ptr, id->len) > hold->bound) {
			hold->slot[session] = HOLD_NOT;
			return NULL;
		}
		ALLOC_GROW(hold->items, hold->count + 1, hold->capacity);
		hold->items[hold->count] = (struct transcript){
			.session = session, .status_time_ms = INT64_MIN, .csat_time_ms = INT64_MIN};
		hold->slot[session] = (uint32_t)++hold->count;
	}
	return hold->slot[session] == HOLD_NOT ? NULL : &hold->items[hold->slot[session] - 1];
}

void transcript_hold_add(const struct record *rec, uint32_t session, uint32_t agent, void *ctx)
{
	struct transcript_hold *hold = ctx;
	struct transcript *t;

	hold->seq++;
	if (hold->over || !(t = held(hold, session, &rec->field[FIELD_SESSION])))
		return;
	transcript_add(t, rec, agent == NO_AGENT ? STR_NONE : agent, hold->seq);
	hold->bytes += sizeof(*t->messages) + rec->field[FIELD_TEXT].len +
		       rec->field[FIELD_STATUS].len + rec->field[FIELD_CSAT].len;
	if (hold->bytes > hold->limit) {
		transcript_hold_release(hold);
		hold->over = true;
	}
}

bool *transcript_set_take(struct transcript_set *set, struct transcript_hold *hold)
{
	uint32_t n = session_count(set->idx);
	bool *done = xcalloc(n ? n : 1, sizeof(*done));

	for (size_t i = 0; i < hold->count; i++) {
		struct transcript *h = &hold->items[i], *t;
		uint32_t slot = set->slot[h->session];

		/* Held from its first record: every record the first read kept of it is here. */
		if (!slot || h->count != set->idx->sessions[h->session].records)
			continue;
		t = &set->items[slot - 1];
		h->id = t->id;
		*t = *h;
		*h = (struct transcript){0};
		make_whole(set, t);
		done[t->session] = true;
	}
	transcript_hold_release(hold);
	return done;
}

const struct message *transcript_answered(const struct transcript *t, size_t m)
{
	if (t->messages[m].role != ROLE_CUSTOMER)
		return NULL;
	while (m-- > 0)
		if (t->messages[m].role == ROLE_AGENT || t->messages[m].role == ROLE_BOT)
			return &t->messages[m];
	return NULL;
}

int transcript_zone(const struct transcript *t, int default_min)
{
	return t->zoned ? t->zone_min : default_min;
}
