/* The second read: the full messages of the sampled sessions only, so memory grows with
 * the sample, not with the input. */
#ifndef TRANSCRIPT_H
#define TRANSCRIPT_H

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
	uint32_t session; /* index in the session_index */
	const char *id;   /* the session id, borrowed from the session_index */
	struct message *messages; /* in time order after transcript_set_finish */
	size_t count, capacity;
	/* The session's status and CSAT fields: the value of the latest message that has one. */
	char *status, *csat;
	int64_t status_time_ms, csat_time_ms;
};

struct transcript_set {
	const struct session_index *idx;
	struct transcript *items; /* one per sampled session, in session id order */
	size_t count;
	uint32_t *slot; /* session index -> items index + 1; 0: not sampled */
	uint32_t seq;
};

/* Makes an empty transcript for every session marked sampled in idx (borrowed). */
void transcript_set_init(struct transcript_set *set, const struct session_index *idx);
/* A record_fn: keeps rec if its session is sampled. ctx is the transcript_set. */
int transcript_set_add(const struct record *rec, void *ctx);
/* Puts every transcript in time order, as session_index_finish orders sessions. */
void transcript_set_finish(struct transcript_set *set);
void transcript_set_release(struct transcript_set *set);

#endif
