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
 * audit's sample: each agent's sample of this shard, and those whose hash is under what the
 * whole sample is likely to reach, with margin standard deviations to spare (0: nothing
 * beyond the shard's own sample; docs/SCALE.md). Returns the number marked. */
size_t sample_candidates(struct session_index *idx, const struct sample_options *opts,
			 double margin);

/* The default margin: a shard misses a session of the sample about once in 30 000 agents. */
#define SAMPLE_MARGIN 4.0

#endif
