/* A partial audit (qaudit map, docs/SCALE.md): what one shard of an audit leaves for the
 * merge. Every session's facts and reply tallies, the read's counts, and the drafts of the
 * sessions that could be in the whole audit's sample. A gzip file, versioned, naming the
 * rubric, seed, rate and zone it was made with. */
#ifndef PARTIAL_H
#define PARTIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit.h"

#define PARTIAL_VERSION 1

/* A scored session, ungraded until the merge settles it (score_settle). */
struct draft {
	uint32_t session; /* in the partial's index */
	bool zoned;       /* transcript.zoned and zone_min */
	int zone_min;
	char *customer_shown; /* the customer id masked, "" for none */
	struct session_score score;
};

struct partial {
	char digest[DIGEST_HEX + 1]; /* of the rubric and phrase lists */
	struct sample_options sample;
	int tz_offset_min;
	struct input_stats *inputs; /* the names are owned */
	size_t input_count;
	size_t bad_by_reason[SKIP_REASON_COUNT], bad_total;
	struct session_index sessions; /* sessions and their names, no messages */
	struct reply_tallies tallies;
	struct draft *drafts;
	size_t draft_count;
};

/* Writes a mapped audit (audit_map) to path, atomically. Returns 0, or -1 (exit 4). */
int partial_write(const struct audit *a, const char *path, struct qa_error *err);

/* Reads a partial written by partial_write. A file that is not one, is damaged, or comes
 * from another version fails naming it (exit 3). Release p even on failure. */
int partial_read(struct partial *p, const char *path, struct qa_error *err);

/* The same from the uncompressed bytes (for the fuzzer); name is for messages. */
int partial_parse(struct partial *p, const unsigned char *data, size_t len, const char *name,
		  struct qa_error *err);

void partial_release(struct partial *p);

#endif
