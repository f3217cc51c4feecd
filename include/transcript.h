/* The second read: the full messages of the sampled sessions only, each session held
 * from its first record to its last, so memory grows with the sessions open at once. */
#ifndef TRANSCRIPT_H
#define TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "session.h"

struct message {
	int64_t time_ms; /* TIME_NONE when untimed */
	enum role role;
	uint32_t agent; /* index in session_index.agents; STR_NONE unless role is ROLE_AGENT */
	uint32_t seq;   /* input order */
	char *text;     /* valid UTF-8, owned */
	size_t len;
};

struct transcript {
	uint32_t session;         /* index in the session_index */
	const char *id;           /* the session id, borrowed from the session_index */
	struct message *messages; /* in time order once whole */
	size_t count, capacity;
	bool whole; /* every record of the session was read (and handed to on_whole) */
	/* The session's status and CSAT fields: the value of the latest message that has one. */
	char *status, *csat;
	int64_t status_time_ms, csat_time_ms;
	/* The zone the first message that names one gives: reports write the session's times
	 * in it, as the export did. */
	bool zoned;
	int zone_min;
	/* A merged audit's (qaudit merge): the customer id masked, as the shard wrote it; the
	 * index knows customers only by a hash of their id. NULL otherwise. Owned. */
	char *customer_shown;
};

struct transcript_set;
/* Called once per transcript when it is whole: in time order, duplicates dropped. index is
 * its place in the set. Unless the set keeps messages, they are freed right after. */
typedef void transcript_fn(const struct transcript *t, size_t index, void *ctx);

struct transcript_set {
	const struct session_index *idx;
	struct transcript *items; /* one per sampled session, in session id order */
	size_t count;
	uint32_t *slot; /* session index -> items index + 1; 0: not sampled */
	uint32_t seq;
	transcript_fn *on_whole;
	void *ctx;
	bool keep; /* keep the messages of whole transcripts */
};

/* Makes an empty transcript for every session marked sampled in idx (borrowed). */
void transcript_set_init(struct transcript_set *set, const struct session_index *idx,
			 transcript_fn *on_whole, void *ctx, bool keep);
/* A record_fn: keeps rec if its session is sampled. ctx is the transcript_set. A session
 * is whole, and goes to on_whole, with its last record: the first read counted them. */
int transcript_set_add(const struct record *rec, void *ctx);
/* Frees t's messages: what a set that keeps them does once a transcript's use is over. */
void transcript_free_messages(struct transcript *t);
/* Hands on the transcripts not yet whole (only an input that changed leaves any). */
void transcript_set_finish(struct transcript_set *set);
void transcript_set_release(struct transcript_set *set);

/* What the first read holds of the sessions a map will probably score, so that it need not
 * read their records again: the transcripts of the sessions whose sample hash is at most
 * bound, built as their records come, while they take at most limit bytes (past it, none
 * are held). A shard is small enough for that; a whole audit reads again instead. */
struct transcript_hold {
	uint64_t seed, bound;
	size_t bytes, limit;
	bool over; /* went past limit: nothing is held */
	uint32_t seq;
	uint32_t *slot; /* session index -> items index + 1; 0: not met yet; HOLD_NOT: not held */
	size_t slot_count, slot_capacity;
	struct transcript *items;
	size_t count, capacity;
};

void transcript_hold_init(struct transcript_hold *hold, uint64_t seed, uint64_t bound,
			  size_t limit);
/* A session_index on_keep function; ctx is the transcript_hold. */
void transcript_hold_add(const struct record *rec, uint32_t session, uint32_t agent, void *ctx);
/* Moves what hold has of set's sessions into set, each whole (to on_whole), and frees the
 * rest of hold. Returns a per-session array (the caller's): the sessions whole now. */
bool *transcript_set_take(struct transcript_set *set, struct transcript_hold *hold);
/* Frees what hold has. */
void transcript_hold_release(struct transcript_hold *hold);

/* The message customer message m answers: the last agent or bot message before it. NULL
 * when m is no customer's or none came before it. */
const struct message *transcript_answered(const struct transcript *t, size_t m);

/* The zone t's times are written in: its own, else default_min (the audit's). */
int transcript_zone(const struct transcript *t, int default_min);

#endif
