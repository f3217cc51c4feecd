/* Sample stage (docs/STANDARD.md §3): per agent, the sessions with the smallest keyed hash. */
#ifndef SAMPLE_H
#define SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "session.h"

#define RATE_ONE 1000000u /* rates are held in parts per million, so ceil() is exact */

struct sample_options {
	uint64_t seed;
	uint32_t rate_ppm;      /* 100000 = 10% */
	uint32_t min_per_agent; /* default 1 */
};

/* The keyed hash that orders sessions: XXH3-64 of the session id, seeded with seed. */
uint64_t sample_hash(uint64_t seed, const char *id, size_t len);

/* How many of an agent's n sessions are sampled: max(min_per_agent, ceil(rate * n)), at most n. */
uint32_t sample_quota(const struct sample_options *opts, uint32_t n);

/* Marks the sample in idx->sessions[].sampled; only scored sessions are eligible.
 * Returns the number sampled. */
size_t sample_select(struct session_index *idx, const struct sample_options *opts);

/* Marks, in one shard of an audit (qaudit map), the sessions that could be in the whole
 * audit's sample, however many sessions its agent has in other shards: each agent's sample of
 * this shard, and the sessions that are in the whole sample unless the other shards' are
 * margin standard deviations away from what is likely (0: nothing beyond the shard's own
 * sample; docs/SCALE.md). Returns the number marked. */
size_t sample_candidates(struct session_index *idx, const struct sample_options *opts,
			 double margin);

/* The default margin: simulated, no shard missed a session of the sample in 100 000
 * (docs/SCALE.md). */
#define SAMPLE_MARGIN 3.0

#endif
