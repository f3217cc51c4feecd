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

/* Names in the order the partial lists them, for the merge to intern: the partial refers
 * to them by place. */
struct name_list {
	struct span *items; /* into the partial's bytes */
	uint32_t count;
};

struct partial {
	char digest[DIGEST_HEX + 1]; /* of the rubric and phrase lists */
	struct sample_options sample;
	int tz_offset_min;
	struct input_stats *inputs; /* the names are owned */
	size_t input_count;
	size_t bad_by_reason[SKIP_REASON_COUNT], bad_total;
	char *bytes; /* partial_read's uncompressed file, which the names point into */
	struct name_list agents, channels, customers;
	/* The shard's sessions, checked and left in the bytes: partial_session_next. */
	uint32_t session_count;
	const unsigned char *sessions_at, *sessions_end;
	size_t notes, duplicates, overflow; /* as the shard's session_index counted them */
	struct reply_tallies tallies;
	struct draft *drafts;
	size_t draft_count;
};

/* Writes a mapped audit (audit_map) to path, atomically. Returns 0, or -1 (exit 4). */
int partial_write(const struct audit *a, const char *path, struct qa_error *err);

/* Reads a partial written by partial_write. A file that is not one, is damaged, or comes
 * from another version fails naming it (exit 3). Release p even on failure. */
int partial_read(struct partial *p, const char *path, struct qa_error *err);

/* The same from the uncompressed bytes (for the fuzzer), which must outlive p; name is for
 * messages. */
int partial_parse(struct partial *p, const unsigned char *data, size_t len, const char *name,
		  struct qa_error *err);

/* Reads the partial's sessions in order: partial_sessions_start, then partial_session_next
 * session_count times, for the facts of each (agent, channel and customer as places in the
 * partial's lists) and its id. They were checked when the partial was read. */
struct partial_sessions {
	const unsigned char *p, *end;
	int64_t previous; /* the time the next one is written after */
};

void partial_sessions_start(const struct partial *p, struct partial_sessions *at);
void partial_session_next(const struct partial *p, struct partial_sessions *at,
			  struct session_info *info, struct span *id);

/* Frees the names, sessions and tallies, once the merge has taken them: p keeps its drafts. */
void partial_drop_sessions(struct partial *p);
void partial_release(struct partial *p);

#endif
