/* Sessions: grouping, time order, attribution (首问负责制), first
 * response after the customer or a bot hand-off, category and priority (seed 004 表1/表2). */
#include <stdlib.h>
#include <string.h>

#include "needs_answer.h"
#include "session.h"
#include "time_parse.h"
#include "xalloc.h"
#include <xxhash.h>

/* The keyword lists of the group stage, in two sets so that each message is scanned only for
 * what its author's role needs: category and priority words (in bit order of
 * session_info.keyword_hits) and what needs no answer, read in customer messages; wait
 * notices, read in agent messages. Half the messages are an agent's, and scanning them for
 * the customer's lists too was a fifth of an audit's CPU. */
enum customer_keyword {
	KW_COMPLAINT,
	KW_TECHNICAL,
	KW_SUGGESTION,
	KW_URGENT,
	KW_HIGH,
	KW_NO_ANSWER,
	KW_SETTLED,
	KW_PRAISE,
	KW_PROBLEM,
	KW_CUSTOMER_COUNT
};
static const char *const customer_lists[KW_CUSTOMER_COUNT] = {
	"category_complaint", "category_technical", "category_suggestion",
	"priority_urgent",    "priority_high",      NO_ANSWER_LIST,
	SETTLED_LIST,         PRAISE_LIST,          PROBLEM_LIST,
};
static const char *const agent_lists[] = {"wait_notice"};
static const struct answer_lists answer_lists = {KW_NO_ANSWER, KW_SETTLED, KW_PRAISE, KW_PROBLEM};
#define CATEGORY_KEYWORDS ((1u << KW_NO_ANSWER) - 1)

struct session_keywords {
	struct phrase_set *customer, *agent;
};

const char *category_name(enum category category)
{
	static const char *const names[] = {"inquiry", "complaint", "technical", "suggestion"};

	return names[category];
}

const char *priority_name(enum priority priority)
{
	static const char *const names[] = {"low", "medium", "high", "urgent"};

	return names[priority];
}

const char *unscored_name(enum unscored reason)
{
	static const char *const names[] = {"scored", "no_customer_message", "no_agent_message"};

	return names[reason];
}

int session_keywords_new(struct session_keywords **out, const struct phrase_lists *lists,
			 struct qa_error *err)
{
	struct session_keywords *kw = xcalloc(1, sizeof(*kw));

	*out = NULL;
	if (phrase_set_new(&kw->customer, lists, customer_lists, KW_CUSTOMER_COUNT, err) ||
	    phrase_set_new(&kw->agent, lists, agent_lists, 1, err)) {
		session_keywords_free(kw);
		return -1;
	}
	*out = kw;
	return 0;
}

void session_keywords_free(struct session_keywords *kw)
{
	if (!kw)
		return;
	phrase_set_free(kw->customer);
	phrase_set_free(kw->agent);
	free(kw);
}

void session_index_init(struct session_index *idx, const struct session_keywords *keywords)
{
	memset(idx, 0, sizeof(*idx));
	idx->keywords = keywords;
	idx->last_ms = TIME_NONE;
	idx->ids = str_table_new();
	idx->agents = str_table_new();
	idx->channels = str_table_new();
	idx->customers = str_table_new();
}

void session_index_drop_messages(struct session_index *idx)
{
	free(idx->messages);
	free(idx->order);
	buf_release(&idx->units);
	idx->messages = NULL;
	idx->order = NULL;
	idx->message_count = idx->message_capacity = 0;
}

void session_index_release(struct session_index *idx)
{
	str_table_free(idx->ids);
	str_table_free(idx->agents);
	str_table_free(idx->channels);
	str_table_free(idx->customers);
	session_index_drop_messages(idx);
	free(idx->text_hashes);
	free(idx->next_visit);
	free(idx->sessions);
	phrase_hits_release(&idx->hits);
	memset(idx, 0, sizeof(*idx));
}

/* Keeps value if it comes earlier than the one kept, so input order cannot change it. */
static void keep_earliest(struct str_table *table, struct span value, int64_t time_ms,
			  uint32_t *kept, int64_t *kept_time)
{
	if (!value.len || time_ms >= *kept_time)
		return;
	*kept = str_table_intern(table, value.ptr, value.len);
	*kept_time = time_ms;
}

/* Units only grow (or wrap around, which the sum undoes), seven bits to a byte. */
static void add_unit(struct session_index *idx, uint64_t unit)
{
	uint64_t delta = unit - idx->last_unit;

	idx->last_unit = unit;
	while (delta >= 0x80) {
		buf_addch(&idx->units, (char)((delta & 0x7F) | 0x80));
		delta >>= 7;
	}
	buf_addch(&idx->units, (char)delta);
}

size_t session_sampled_units(const struct session_index *idx, const bool *done, uint64_t **units)
{
	const unsigned char *p = (const unsigned char *)idx->units.data;
	uint64_t unit = 0;
	size_t count = 0, capacity = 0;

	*units = NULL;
	for (size_t i = 0; i < idx->message_count; i++) {
		uint32_t s = idx->messages[i].session;

		for (int shift = 0;; shift += 7) {
			unsigned char byte = *p++;

			unit += (uint64_t)(byte & 0x7F) << shift;
			if (!(byte & 0x80))
				break;
		}
		if (idx->sessions[s].sampled && !(done && done[s]) &&
		    (!count || (*units)[count - 1] != unit)) {
			ALLOC_GROW(*units, count + 1, capacity);
			(*units)[count++] = unit;
		}
	}
	return count;
}

void session_message_facts(const struct session_keywords *keywords, const struct record *rec,
			   struct phrase_hits *hits, struct message_facts *out)
{
	const struct span *text = &rec->field[FIELD_TEXT];

	*out = (struct message_facts){0};
	if (rec->role == ROLE_NOTE)
		return; /* counted, never indexed */
	out->text_hash = message_text_hash(text->ptr, text->len);
	if (rec->role != ROLE_CUSTOMER && rec->role != ROLE_AGENT)
		return;
	if (rec->role == ROLE_CUSTOMER) {
		phrase_set_scan(keywords->customer, text->ptr, text->len, hits);
		out->keyword_lists = (uint8_t)(hits->lists & CATEGORY_KEYWORDS);
		out->needs_answer = message_needs_answer(text->ptr, text->len, hits->items,
							 hits->count, &answer_lists);
	} else {
		phrase_set_scan(keywords->agent, text->ptr, text->len, hits);
		out->wait_notice = hits->count > 0;
	}
}

int session_index_add(const struct record *rec, void *ctx)
{
	struct session_index *idx = ctx;
	struct message_facts facts;

	session_message_facts(idx->keywords, rec, &idx->hits, &facts);
	session_index_add_facts(idx, rec, &facts);
	return 0;
}

void session_index_add_facts(struct session_index *idx, const struct record *rec,
			     const struct message_facts *facts)
{
	const struct span *f = rec->field;
	uint32_t id, agent = NO_AGENT;
	struct session_info *s;
	struct message_meta *m;

	if (rec->role == ROLE_NOTE) {
		idx->notes++;
		return;
	}
	id = str_table_intern(idx->ids, f[FIELD_SESSION].ptr, f[FIELD_SESSION].len);
	if (id >= idx->session_ready) {
		/* Only the sessions met are written, so the spare capacity costs no memory. */
		ALLOC_GROW(idx->sessions, (size_t)id + 1, idx->session_capacity);
		memset(idx->sessions + idx->session_ready, 0,
		       (id + 1 - idx->session_ready) * sizeof(*s));
		idx->session_ready = (size_t)id + 1;
	}
	s = &idx->sessions[id];
	if (rec->role == ROLE_AGENT)
		agent = str_table_intern(idx->agents, f[FIELD_AGENT].ptr, f[FIELD_AGENT].len);
	/* A message past the session's limit, or of an agent past what 26 bits can number. */
	if (s->count >= SESSION_MAX_MESSAGES || (rec->role == ROLE_AGENT && agent >= NO_AGENT)) {
		idx->overflow++;
		return;
	}
	if (!s->count) {
		*s = (struct session_info){.agent = STR_NONE,
					   .channel = STR_NONE,
					   .customer = STR_NONE,
					   .first_response_ms = -1,
					   .channel_time_ms = INT64_MAX,
					   .customer_time_ms = INT64_MAX};
	}
	s->count++;
	keep_earliest(idx->channels, f[FIELD_CHANNEL], rec->time_ms, &s->channel,
		      &s->channel_time_ms);
	keep_earliest(idx->customers, f[FIELD_CUSTOMER], rec->time_ms, &s->customer,
		      &s->customer_time_ms);
	if (idx->message_count == idx->message_capacity) {
		ALLOC_GROW(idx->messages, idx->message_count + 1, idx->message_capacity);
		idx->text_hashes = xreallocarray(idx->text_hashes, idx->message_capacity,
						 sizeof(*idx->text_hashes));
	}
	idx->text_hashes[idx->message_count] = facts->text_hash;
	m = &idx->messages[idx->message_count++];
	add_unit(idx, rec->unit);
	m->time_ms = rec->time_ms;
	m->session = id;
	m->role = rec->role;
	m->wait_notice = facts->wait_notice;
	m->needs_answer = facts->needs_answer;
	m->handoff = rec->handoff;
	s->keyword_hits |= facts->keyword_lists;
	m->agent = agent;
	if (idx->on_keep)
		idx->on_keep(rec, id, agent, idx->on_keep_ctx);
}

/* Groups message indexes by session with a stable counting sort (input order kept). */
static void group(struct session_index *idx)
{
	uint32_t n = session_count(idx), next = 0;

	for (uint32_t s = 0; s < n; s++) {
		idx->sessions[s].first = next;
		next += idx->sessions[s].count;
		idx->sessions[s].count = 0;
	}
	idx->order = xreallocarray(NULL, idx->message_count ? idx->message_count : 1,
				   sizeof(*idx->order));
	for (size_t i = 0; i < idx->message_count; i++) {
		struct session_info *s = &idx->sessions[idx->messages[i].session];

		idx->order[s->first + s->count++] = (uint32_t)i;
	}
}

uint32_t message_text_hash(const char *text, size_t len)
{
	return (uint32_t)XXH3_64bits(text, len);
}

static int by_time_then_input(const void *a, const void *b)
{
	const struct message_key *x = a, *y = b;

	if (x->time_ms != y->time_ms)
		return x->time_ms < y->time_ms ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Most exports are in time order already: then there is nothing to sort. */
static bool sorted(const struct message_key *keys, size_t count)
{
	for (size_t i = 1; i < count; i++)
		if (by_time_then_input(&keys[i - 1], &keys[i]) > 0)
			return false;
	return true;
}

/* An export that wrote a row twice. Only timed messages can be told apart from a customer
 * who really said the same thing twice. */
static bool repeats(const struct message_key *a, const struct message_key *b)
{
	return a->time_ms != TIME_NONE && a->time_ms == b->time_ms && a->role == b->role &&
	       a->agent == b->agent && a->text_hash == b->text_hash;
}

size_t session_order_messages(struct message_key *keys, size_t count, bool timed)
{
	size_t kept = 0, run = 0;

	if (timed && !sorted(keys, count))
		qsort(keys, count, sizeof(*keys), by_time_then_input);
	for (size_t i = 0; i < count; i++) {
		bool repeat = false;

		if (kept && keys[kept - 1].time_ms != keys[i].time_ms)
			run = kept; /* the first kept message of this moment */
		for (size_t j = run; j < kept && !repeat; j++)
			repeat = repeats(&keys[j], &keys[i]);
		if (!repeat)
			keys[kept++] = keys[i];
	}
	return kept;
}

/* Orders one session's messages and drops its duplicates (an export's doubled rows). */
static void order_messages(struct session_index *idx, struct session_info *s,
			   struct message_key *scratch)
{
	uint32_t *slice = idx->order + s->first;
	size_t kept;

	for (uint32_t i = 0; i < s->count; i++) {
		const struct message_meta *m = &idx->messages[slice[i]];

		scratch[i] = (struct message_key){.time_ms = m->time_ms,
						  .seq = slice[i],
						  .agent = m->agent,
						  .text_hash = idx->text_hashes[slice[i]],
						  .role = m->role,
						  .index = slice[i]};
		if (m->time_ms == TIME_NONE)
			s->untimed = true;
	}
	kept = session_order_messages(scratch, s->count, !s->untimed);
	for (size_t i = 0; i < kept; i++)
		slice[i] = scratch[i].index;
	idx->duplicates += s->count - kept;
	s->count = (uint32_t)kept;
}

static void classify(struct session_info *s)
{
	uint8_t h = s->keyword_hits;

	if (h & (1u << KW_COMPLAINT))
		s->category = CATEGORY_COMPLAINT;
	else if (h & (1u << KW_TECHNICAL))
		s->category = CATEGORY_TECHNICAL;
	else if (h & (1u << KW_SUGGESTION))
		s->category = CATEGORY_SUGGESTION;
	else
		s->category = CATEGORY_INQUIRY;
	if (h & (1u << KW_URGENT))
		s->priority = PRIORITY_URGENT;
	else if (h & (1u << KW_HIGH) || s->category == CATEGORY_COMPLAINT)
		s->priority = PRIORITY_HIGH;
	else if (s->category == CATEGORY_SUGGESTION)
		s->priority = PRIORITY_LOW;
	else
		s->priority = PRIORITY_MEDIUM;
}

/* Attribution and first response. The clock starts at the customer's first message, or at
 * the bot's last message before a human takes over, or an event that hands over (a transfer). */
static void attribute(struct session_index *idx, struct session_info *s)
{
	const uint32_t *slice = idx->order + s->first;
	const struct message_meta *customer = NULL, *responder = NULL, *first_agent = NULL;
	int64_t handoff_ms = INT64_MIN;
	bool asked = false; /* a customer message before the responder needed an answer */

	s->responder = s->count;
	for (uint32_t i = 0; i < s->count; i++) {
		const struct message_meta *m = &idx->messages[slice[i]];

		if (m->role == ROLE_CUSTOMER || m->role == ROLE_AGENT || m->role == ROLE_BOT)
			s->message_count++;
		if (m->role == ROLE_AGENT && !first_agent)
			first_agent = m;
		if (m->role == ROLE_CUSTOMER && !responder)
			asked |= m->needs_answer;
		if (m->role == ROLE_CUSTOMER && !customer) {
			customer = m;
		} else if (customer && !responder && (m->role == ROLE_BOT || m->handoff)) {
			handoff_ms = m->time_ms;
		} else if (customer && !responder && m->role == ROLE_AGENT) {
			responder = m;
			s->responder = i;
		}
	}
	s->first_ms = idx->messages[slice[0]].time_ms;
	s->last_ms = idx->messages[slice[s->count - 1]].time_ms;
	if (!customer)
		s->unscored = UNSCORED_NO_CUSTOMER;
	else if (!first_agent)
		s->unscored = UNSCORED_NO_AGENT;
	if (responder || first_agent)
		s->agent = (responder ? responder : first_agent)->agent;
	if (responder && !s->untimed) {
		s->start_ms = customer->time_ms > handoff_ms ? customer->time_ms : handoff_ms;
		if (asked)
			s->first_response_ms = responder->time_ms - s->start_ms;
	} else if (customer && !s->untimed) {
		s->start_ms = customer->time_ms;
	}
}

void reply_walk(const struct reply_step *steps, size_t count, size_t responder, reply_fn *fn,
		void *ctx)
{
	struct reply_wait wait = {0, -1, false};
	int64_t since = INT64_MIN, asked = INT64_MIN;

	for (size_t i = responder; i < count; i++) {
		if (steps[i].role == ROLE_CUSTOMER && steps[i].needs_answer) {
			if (since == INT64_MIN) {
				since = steps[i].time_ms;
				wait.announced = false;
			} else if (wait.announced && asked == INT64_MIN) {
				asked = steps[i].time_ms;
			}
		}
		if (steps[i].role != ROLE_AGENT)
			continue;
		if (since != INT64_MIN && i != responder) {
			wait.waited_ms = steps[i].time_ms - since;
			wait.asked_ms = asked == INT64_MIN ? -1 : steps[i].time_ms - asked;
			fn(i, &wait, ctx);
		}
		since = asked = INT64_MIN;
		if (steps[i].wait_notice) {
			since = steps[i].time_ms;
			wait.announced = true;
		}
	}
}

bool reply_is_late(const struct reply_wait *wait, int64_t limit_ms, int64_t announced_ms)
{
	if (!wait->announced)
		return wait->waited_ms > limit_ms;
	return wait->waited_ms > announced_ms && (wait->asked_ms < 0 || wait->asked_ms > limit_ms);
}

int64_t reply_wait_ms(const struct reply_wait *wait)
{
	return wait->asked_ms >= 0 && wait->asked_ms < wait->waited_ms ? wait->asked_ms
								       : wait->waited_ms;
}

struct visit {
	uint32_t session, customer;
	int64_t first_ms;
	const char *id;
};

static int by_customer_then_start(const void *a, const void *b)
{
	const struct visit *x = a, *y = b;

	if (x->customer != y->customer)
		return x->customer < y->customer ? -1 : 1;
	if (x->first_ms != y->first_ms)
		return x->first_ms < y->first_ms ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Repeat contacts (S4, §5): every session's link to the same customer's next session, scored
 * or not. Untimed sessions have no order, so no link. */
static void link_visits(struct session_index *idx)
{
	uint32_t n = session_count(idx);
	struct visit *v = xcalloc(n ? n : 1, sizeof(*v));
	size_t count = 0;

	idx->next_visit = xreallocarray(NULL, n ? n : 1, sizeof(*idx->next_visit));
	for (uint32_t s = 0; s < n; s++) {
		const struct session_info *info = &idx->sessions[s];

		idx->next_visit[s] = STR_NONE;
		if (info->customer != STR_NONE && !info->untimed)
			v[count++] = (struct visit){s, info->customer, info->first_ms,
						    str_table_get(idx->ids, s)};
	}
	qsort(v, count, sizeof(*v), by_customer_then_start);
	for (size_t i = 0; i + 1 < count; i++)
		if (v[i].customer == v[i + 1].customer)
			idx->next_visit[v[i].session] = v[i + 1].session;
	free(v);
}

uint32_t session_repeat_contact(const struct session_index *idx, uint32_t s, int64_t window_ms,
				int64_t min_gap_ms)
{
	uint32_t next = idx->next_visit[s];
	int64_t gap_ms;

	/* A session opened while this one was still going is a second, parallel question (a
	 * customer in two chat windows, two Twitter threads), not a return after this one. */
	while (next != STR_NONE && idx->sessions[next].first_ms < idx->sessions[s].last_ms)
		next = idx->next_visit[next];
	if (next == STR_NONE)
		return STR_NONE;
	/* One opened minutes later continues this contact (§4.0.5): whether the contact was
	 * resolved is then the later session's to answer, so this one is no repeat. */
	gap_ms = idx->sessions[next].first_ms - idx->sessions[s].last_ms;
	if (gap_ms < min_gap_ms || gap_ms > window_ms)
		return STR_NONE;
	return next;
}

uint32_t session_index_adopt(struct session_index *idx, const char *id, size_t len,
			     const struct session_info *info)
{
	uint32_t before = str_table_count(idx->ids), s = str_table_intern(idx->ids, id, len);

	if (s < before)
		return STR_NONE;
	ALLOC_GROW(idx->sessions, (size_t)s + 1, idx->session_capacity);
	idx->sessions[s] = *info;
	idx->sessions[s].first = idx->sessions[s].count = idx->sessions[s].responder = 0;
	idx->session_ready = (size_t)s + 1;
	return s;
}

void session_index_link(struct session_index *idx)
{
	uint32_t n = session_count(idx);

	idx->last_ms = TIME_NONE;
	for (uint32_t s = 0; s < n; s++) {
		const struct session_info *info = &idx->sessions[s];

		if (!info->untimed && info->last_ms > idx->last_ms)
			idx->last_ms = info->last_ms;
	}
	free(idx->next_visit);
	link_visits(idx);
}

void session_index_finish(struct session_index *idx)
{
	uint32_t n = session_count(idx), longest = 0;
	struct message_key *scratch;

	group(idx);
	for (uint32_t s = 0; s < n; s++)
		if (idx->sessions[s].count > longest)
			longest = idx->sessions[s].count;
	scratch = xreallocarray(NULL, longest ? longest : 1, sizeof(*scratch));
	for (uint32_t s = 0; s < n; s++) {
		struct session_info *info = &idx->sessions[s];

		info->records = info->count;
		order_messages(idx, info, scratch);
		attribute(idx, info);
		classify(info);
	}
	free(scratch);
	free(idx->text_hashes);
	idx->text_hashes = NULL;
	session_index_link(idx);
}
