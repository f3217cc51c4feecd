/* Deterministic stratified sampling (seed 000 §6.2: 随机抽取10%的会话). The order depends
 * only on (seed, session id), so input order, file split and sharding cannot change it. */
#include <math.h>
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

size_t sample_select(struct session_index *idx, const struct sample_options *opts)
{
	uint32_t n = session_count(idx);
	struct candidate *c = xreallocarray(NULL, n ? n : 1, sizeof(*c));
	size_t count = 0, sampled = 0;

	for (uint32_t s = 0; s < n; s++) {
		const char *id = str_table_get(idx->ids, s);

		idx->sessions[s].sampled = false;
		if (idx->sessions[s].unscored != SCORED)
			continue;
		c[count++] = (struct candidate){
			idx->sessions[s].agent, s,
			sample_hash(opts->seed, id, str_table_length(idx->ids, s)), id};
	}
	qsort(c, count, sizeof(*c), by_agent_then_hash);
	for (size_t i = 0; i < count;) {
		size_t end = i;

		while (end < count && c[end].agent == c[i].agent)
			end++;
		for (uint32_t k = sample_quota(opts, (uint32_t)(end - i)); k > 0; k--, sampled++)
			idx->sessions[c[i + k - 1].session].sampled = true;
		i = end;
	}
	free(c);
	return sampled;
}

/* The highest hash, as a share of 2^64, that the whole audit's sample of an agent with n
 * sessions here (and any number elsewhere) is likely to reach: the quota-th smallest of N
 * uniform hashes has mean at most p + 1/N and spread sqrt(p(1 - p)/N), both largest when
 * N = n. margin spreads over that; 0: none but the agent's own sample here. */
static double candidate_share(const struct sample_options *opts, uint32_t n, double margin)
{
	double p = (double)opts->rate_ppm / RATE_ONE;

	if ((double)opts->min_per_agent / n > p)
		p = (double)opts->min_per_agent / n;
	if (margin <= 0)
		return 0;
	return p >= 1 ? 1 : p + 1.0 / n + margin * sqrt(p * (1 - p) / n);
}

size_t sample_candidates(struct session_index *idx, const struct sample_options *opts,
			 double margin)
{
	uint32_t n = session_count(idx);
	struct candidate *c = xreallocarray(NULL, n ? n : 1, sizeof(*c));
	size_t count = 0, marked = 0;

	for (uint32_t s = 0; s < n; s++) {
		const char *id = str_table_get(idx->ids, s);

		idx->sessions[s].sampled = false;
		if (idx->sessions[s].unscored != SCORED)
			continue;
		c[count++] = (struct candidate){
			idx->sessions[s].agent, s,
			sample_hash(opts->seed, id, str_table_length(idx->ids, s)), id};
	}
	qsort(c, count, sizeof(*c), by_agent_then_hash);
	for (size_t i = 0; i < count;) {
		size_t end = i, k;
		uint32_t here;
		double share;

		while (end < count && c[end].agent == c[i].agent)
			end++;
		here = (uint32_t)(end - i);
		share = candidate_share(opts, here, margin);
		/* The agent's own sample here, and every hash under the share. */
		for (k = i; k < end; k++) {
			if (k - i >= sample_quota(opts, here) && share < 1 &&
			    (double)c[k].hash >= share * 18446744073709551616.0)
				break;
			idx->sessions[c[k].session].sampled = true;
			marked++;
		}
		i = end;
	}
	free(c);
	return marked;
}
