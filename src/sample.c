/* Deterministic stratified sampling (seed 000 §6.2: 随机抽取10%的会话). The order depends
 * only on (seed, session id), so input order, file split and sharding cannot change it. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "sample.h"
#include "xalloc.h"

struct candidate {
	uint32_t agent;
	uint32_t session;
	uint64_t hash;
	const char *id;
};

uint64_t sample_hash(uint64_t seed, const char *id, size_t len)
{
	return XXH3_64bits_withSeed(id, len, seed);
}

uint32_t sample_quota(const struct sample_options *opts, uint32_t n)
{
	uint64_t quota = ((uint64_t)opts->rate_ppm * n + RATE_ONE - 1) / RATE_ONE;

	if (quota < opts->min_per_agent)
		quota = opts->min_per_agent;
	return quota > n ? n : (uint32_t)quota;
}

static int by_agent_then_hash(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->agent != y->agent)
		return x->agent < y->agent ? -1 : 1;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	/* Equal hashes of different ids: break the tie on the id itself. */
	return strcmp(x->id, y->id);
}

/* Clears every mark and lists the scored sessions by agent, then hash: *count of them. */
static struct candidate *by_agent(struct session_index *idx, const struct sample_options *opts,
				  size_t *count)
{
	uint32_t n = session_count(idx);
	struct candidate *c = xreallocarray(NULL, n ? n : 1, sizeof(*c));

	*count = 0;
	for (uint32_t s = 0; s < n; s++) {
		const char *id = str_table_get(idx->ids, s);

		idx->sessions[s].sampled = false;
		if (idx->sessions[s].unscored != SCORED)
			continue;
		c[(*count)++] = (struct candidate){
			idx->sessions[s].agent, s,
			sample_hash(opts->seed, id, str_table_length(idx->ids, s)), id};
	}
	qsort(c, *count, sizeof(*c), by_agent_then_hash);
	return c;
}

/* The end of the agent's sessions that start at c[i]. */
static size_t agent_end(const struct candidate *c, size_t count, size_t i)
{
	size_t end = i;

	while (end < count && c[end].agent == c[i].agent)
		end++;
	return end;
}

size_t sample_select(struct session_index *idx, const struct sample_options *opts)
{
	size_t count, sampled = 0;
	struct candidate *c = by_agent(idx, opts, &count);

	for (size_t i = 0, end; i < count; i = end) {
		end = agent_end(c, count, i);
		for (uint32_t k = sample_quota(opts, (uint32_t)(end - i)); k > 0; k--, sampled++)
			idx->sessions[c[i + k - 1].session].sampled = true;
	}
	free(c);
	return sampled;
}

/* Whether the session at rank r (0-based) of an agent's n sessions in this shard, with hash
 * share h of 2^64, can be in the whole audit's sample. With m of the agent's sessions in other
 * shards, B of them under h (binomial, m and h), it is when r + B < quota(n + m), about
 * p(n + m) + 1. Under p it is, for m large enough; over p, the most likely m makes it
 * margin standard deviations of B away when r < pn + 1 + margin^2 h(1 - h) / 4(h - p).
 * margin 0: only the shard's own sample. */
static bool is_candidate(const struct sample_options *opts, uint32_t n, uint32_t r, double h,
			 double margin)
{
	double p = (double)opts->rate_ppm / RATE_ONE;

	if (r < sample_quota(opts, n))
		return true;
	if (margin <= 0)
		return false;
	return h <= p || r < p * n + 1 + margin * margin * h * (1 - h) / (4 * (h - p));
}

size_t sample_candidates(struct session_index *idx, const struct sample_options *opts,
			 double margin)
{
	size_t count, marked = 0;
	struct candidate *c = by_agent(idx, opts, &count);

	for (size_t i = 0, end; i < count; i = end) {
		end = agent_end(c, count, i);
		/* By hash: the first that cannot be in the sample ends the agent's candidates. */
		for (size_t k = i; k < end; k++) {
			if (!is_candidate(opts, (uint32_t)(end - i), (uint32_t)(k - i),
					  (double)c[k].hash / 18446744073709551616.0, margin))
				break;
			idx->sessions[c[k].session].sampled = true;
			marked++;
		}
	}
	free(c);
	return marked;
}
