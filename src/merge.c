/* qaudit merge's stage: the shards' partials made into the one audit they were cut from. */
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "read_log.h"
#include "xalloc.h"

/* Each partial must be of this audit: rubric and phrase lists, sample and zone. */
static int check_same(const struct audit *a, const struct partial *p, const char *name,
		      struct qa_error *err)
{
	const struct sample_options *o = &a->opts->sample;

	if (memcmp(p->digest, a->digest, DIGEST_HEX))
		return qa_fail(err, QA_EXIT_INPUT,
			       "%s: mapped with another rubric or phrase lists (digest %.16s, this "
			       "merge's is %s)",
			       name, p->digest, a->digest);
	if (p->sample.seed != o->seed || p->sample.rate_ppm != o->rate_ppm ||
	    p->sample.min_per_agent != o->min_per_agent)
		return qa_fail(err, QA_EXIT_INPUT,
			       "%s: mapped with another sample (--rate, --seed, --min-per-agent)",
			       name);
	if (p->tz_offset_min != a->tz_offset_min)
		return qa_fail(err, QA_EXIT_INPUT, "%s: mapped with another --tz", name);
	return 0;
}

/* This audit's number of each of the partial's names. */
static uint32_t *map_names(struct str_table *to, const struct name_list *from)
{
	uint32_t *map = xcalloc(from->count ? from->count : 1, sizeof(*map));

	for (uint32_t i = 0; i < from->count; i++)
		map[i] = str_table_intern(to, from->items[i].ptr, from->items[i].len);
	return map;
}

static uint32_t remap(const uint32_t *map, uint32_t v)
{
	return v == STR_NONE ? STR_NONE : map[v];
}

struct shard {
	uint32_t *agents, *channels, *customers;
	uint32_t *sessions; /* the partial's session -> this audit's */
};

/* The partial's sessions and tallies, under this audit's numbers. owner: whose each is. */
static int add_sessions(struct audit *a, struct partial *p, struct shard *m, size_t part,
			size_t *owner, char *const *names, struct qa_error *err)
{
	struct session_index *idx = &a->sessions;
	struct partial_sessions at;

	m->agents = map_names(idx->agents, &p->agents);
	m->channels = map_names(idx->channels, &p->channels);
	m->customers = map_names(idx->customers, &p->customers);
	m->sessions = xcalloc(p->session_count ? p->session_count : 1, sizeof(*m->sessions));
	partial_sessions_start(p, &at);
	for (uint32_t s = 0; s < p->session_count; s++) {
		struct session_info info;
		struct span id;
		size_t first;

		partial_session_next(p, &at, &info, &id);
		info.agent = remap(m->agents, info.agent);
		info.channel = remap(m->channels, info.channel);
		info.customer = remap(m->customers, info.customer);
		m->sessions[s] = session_index_adopt(idx, id.ptr, id.len, &info);
		if (m->sessions[s] != STR_NONE) {
			owner[m->sessions[s]] = part;
			continue;
		}
		first = owner[str_table_find(idx->ids, id.ptr, id.len)];
		if (first == part)
			return qa_fail(err, QA_EXIT_INPUT,
				       "%s: damaged partial (session %.*s is listed twice)",
				       names[part], (int)id.len, id.ptr);
		return qa_fail(err, QA_EXIT_INPUT,
			       "session %.*s is in %s and in %s: route each session's records to "
			       "one shard (qaudit split, docs/SCALE.md)",
			       (int)id.len, id.ptr, names[first], names[part]);
	}
	idx->notes += p->notes;
	idx->duplicates += p->duplicates;
	idx->overflow += p->overflow;
	for (size_t i = 0; i < p->tallies.count; i++) {
		struct reply_tally t = p->tallies.items[i];

		t.session = m->sessions[t.session];
		t.agent = m->agents[t.agent];
		ALLOC_GROW(a->tallies.items, a->tallies.count + 1, a->tallies.capacity);
		a->tallies.items[a->tallies.count++] = t;
	}
	return 0;
}

/* The inputs in the order of the partials, and what their read counted. */
static void add_inputs(struct audit *a, struct partial *parts, size_t count)
{
	size_t n = 0;

	for (size_t i = 0; i < count; i++)
		n += parts[i].input_count;
	a->in.inputs = xcalloc(n ? n : 1, sizeof(*a->in.inputs));
	a->in.files = xcalloc(n ? n : 1, sizeof(*a->in.files));
	for (size_t i = 0; i < count; i++) {
		for (size_t k = 0; k < parts[i].input_count; k++) {
			a->in.files[a->in.count].fd = -1;
			a->in.inputs[a->in.count++] = parts[i].inputs[k];
		}
		a->skips.total += parts[i].bad_total;
		for (int r = 0; r < SKIP_REASON_COUNT; r++)
			a->skips.count[r] += parts[i].bad_by_reason[r];
	}
}

/* Moves the drafts of the sampled sessions into place; lists the sampled ones no shard
 * scored. */
static size_t take_drafts(struct audit *a, struct partial *p, const struct shard *m)
{
	size_t taken = 0;

	for (size_t i = 0; i < p->draft_count; i++) {
		struct draft *d = &p->drafts[i];
		uint32_t slot = a->transcripts.slot[m->sessions[d->session]];

		if (!slot)
			continue;
		for (size_t f = 0; f < d->score.count; f++)
			d->score.findings[f].agent = remap(m->agents, d->score.findings[f].agent);
		a->scores[slot - 1] = d->score;
		memset(&d->score, 0, sizeof(d->score));
		a->transcripts.items[slot - 1].customer_shown = d->customer_shown;
		d->customer_shown = NULL;
		a->transcripts.items[slot - 1].zoned = d->zoned;
		a->transcripts.items[slot - 1].zone_min = d->zone_min;
		a->transcripts.items[slot - 1].whole = true;
		taken++;
	}
	return taken;
}

static void release_shard(struct shard *m)
{
	free(m->agents);
	free(m->channels);
	free(m->customers);
	free(m->sessions);
}

int audit_merge(struct audit *a, const struct audit_options *opts, struct partial *parts,
		char *const *names, size_t count, struct buf *refine, struct qa_error *err)
{
	struct shard *shards = xcalloc(count ? count : 1, sizeof(*shards));
	size_t *owner = NULL, taken = 0, sessions = 0, customers = 0;
	int rc = -1;

	if (audit_load(a, opts, err))
		goto out;
	session_index_init(&a->sessions, NULL);
	for (size_t i = 0; i < count; i++) {
		sessions += parts[i].session_count;
		customers += parts[i].customers.count;
	}
	/* Room for every session and customer at once: no copy as the tables grow. */
	ALLOC_GROW(a->sessions.sessions, sessions ? sessions : 1, a->sessions.session_capacity);
	str_table_reserve(a->sessions.ids, sessions);
	str_table_reserve(a->sessions.customers, customers);
	owner = xcalloc(sessions ? sessions : 1, sizeof(*owner));
	for (size_t i = 0; i < count; i++) {
		if (check_same(a, &parts[i], names[i], err))
			goto out;
		if (add_sessions(a, &parts[i], &shards[i], i, owner, names, err))
			goto out;
		/* All but the drafts are in the audit now: memory for one index, not two. */
		partial_drop_sessions(&parts[i]);
	}
	add_inputs(a, parts, count);
	if (read_log_check_bad(&a->in, &a->skips, opts, err))
		goto out;
	session_index_link(&a->sessions);
	sample_select(&a->sessions, &opts->sample);
	transcript_set_init(&a->transcripts, &a->sessions, NULL, NULL, false);
	a->scores = xcalloc(a->transcripts.count ? a->transcripts.count : 1, sizeof(*a->scores));
	for (size_t i = 0; i < count; i++)
		taken += take_drafts(a, &parts[i], &shards[i]);
	for (size_t i = 0; i < a->transcripts.count && taken < a->transcripts.count; i++) {
		const struct transcript *t = &a->transcripts.items[i];

		if (!t->whole)
			buf_addf(refine, "%s\t%s\n", names[owner[t->session]], t->id);
	}
	if (taken < a->transcripts.count) {
		rc = qa_fail(err, QA_EXIT_REFINE,
			     "%zu sampled session%s not scored by %s shard: map %s shard again "
			     "with --sessions LIST, then merge again (the list is on stdout)",
			     a->transcripts.count - taken,
			     a->transcripts.count - taken > 1 ? "s" : "",
			     a->transcripts.count - taken > 1 ? "their" : "its",
			     a->transcripts.count - taken > 1 ? "each" : "that");
		goto out;
	}
	audit_settle(a);
	rc = 0;
out:
	for (size_t i = 0; i < count; i++)
		release_shard(&shards[i]);
	free(shards);
	free(owner);
	return rc;
}
