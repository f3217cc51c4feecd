/* Group stage (docs/STANDARD.md §2): messages grouped into sessions, put in time order,
 * attributed to the first responding human agent, categorised and prioritised.
 * Only what every session needs is kept: times, roles and agents, never the text. */
#ifndef SESSION_H
#define SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "phrase_list.h"
#include "record.h"
#include "str_table.h"
#include "time_parse.h"

enum category { CATEGORY_INQUIRY, CATEGORY_COMPLAINT, CATEGORY_TECHNICAL, CATEGORY_SUGGESTION };
enum priority { PRIORITY_LOW, PRIORITY_MEDIUM, PRIORITY_HIGH, PRIORITY_URGENT };

/* Why a session is not scored or sampled. */
enum unscored {
	SCORED,
	UNSCORED_NO_CUSTOMER, /* no customer message */
	UNSCORED_NO_AGENT,    /* no human agent message (bot-only, abandoned) */
	UNSCORED_COUNT
};

/* Messages kept per session: the first ones read; later ones are dropped and counted. No
 * real chat comes near it; it bounds what one broken export can cost. */
#define SESSION_MAX_MESSAGES 10000

/* One message of any session: 16 bytes, as there are millions. */
struct message_meta {
	int64_t time_ms; /* TIME_NONE when the input has no time */
	uint32_t session;
	unsigned agent : 26;      /* index in session_index.agents; NO_AGENT unless an agent's */
	unsigned role : 3;        /* enum role */
	unsigned wait_notice : 1; /* an agent message announcing a wait (请稍候, wait_notice.txt) */
	unsigned handoff : 1;     /* record.handoff */
	unsigned needs_answer : 1; /* a customer message that needs an answer (needs_answer.h) */
};

#define NO_AGENT ((1u << 26) - 1)

struct session_info {
	uint32_t agent;            /* the first responding human agent, STR_NONE if none */
	uint32_t channel;          /* STR_NONE when the input has no channel */
	uint32_t customer;         /* STR_NONE when the input has no customer id */
	uint32_t message_count;    /* customer, agent and bot messages */
	uint32_t first, count;     /* the session's messages: order[first .. first+count) */
	uint32_t records;          /* records read for it, before duplicates were dropped */
	uint32_t responder;        /* place of the first response among them; count if none */
	int64_t first_ms, last_ms; /* the first and last message; TIME_NONE when untimed */
	int64_t start_ms;          /* when a human response was first due (customer or hand-off) */
	/* -1 when there is none, the session is untimed, or nothing the customer wrote before
	 * it needed an answer (thanks or praise: nobody was waiting) */
	int64_t first_response_ms;
	enum category category;
	enum priority priority;
	enum unscored unscored;
	uint8_t keyword_hits; /* category and priority lists matched by customer messages */
	bool untimed;
	bool sampled;
	/* Earliest (time, sequence) of the channel and customer values kept so far. */
	int64_t channel_time_ms, customer_time_ms;
};

struct session_index {
	const struct session_keywords *keywords;
	struct phrase_hits hits;
	struct str_table *ids, *agents, *channels, *customers;
	struct message_meta *messages;
	size_t message_count, message_capacity;
	uint32_t *text_hashes; /* per message, to spot one exported twice; freed once grouped */
	size_t session_ready;  /* sessions[0 .. session_ready) are initialised */
	/* record.unit of each message, as LEB128 deltas: a byte or two where 8 would do. */
	struct buf units;
	uint64_t last_unit;
	uint32_t *order;      /* message indexes grouped by session, each session in time order */
	uint32_t *next_visit; /* per session: the same customer's next session, or STR_NONE */
	struct session_info *sessions; /* indexed by session id (ids table) */
	size_t session_capacity;
	size_t notes;      /* internal notes read and left out */
	size_t duplicates; /* messages exported twice (same time, author and text), dropped */
	size_t overflow;   /* messages past SESSION_MAX_MESSAGES of their session, dropped */
	int64_t last_ms;   /* the latest time of any timed session: when the export was taken */
	/* Called with each record kept, its session's place and its agent's (NO_AGENT unless an
	 * agent's): what the caller holds of the first read (a map's transcript_hold). */
	void (*on_keep)(const struct record *rec, uint32_t session, uint32_t agent, void *ctx);
	void *on_keep_ctx;
};

/* The keyword lists of the first read: category and priority words and what needs no answer
 * for customer messages, wait notices for agent messages. -1 (exit 2) if a list is missing. */
struct session_keywords;
int session_keywords_new(struct session_keywords **keywords, const struct phrase_lists *lists,
			 struct qa_error *err);
void session_keywords_free(struct session_keywords *keywords); /* accepts NULL */

void session_index_init(struct session_index *idx, const struct session_keywords *keywords);
/* A record_fn: adds one record. ctx is the session_index. */
int session_index_add(const struct record *rec, void *ctx);

/* What session_index_add learns from a message's text alone, so that threads can find it
 * (--jobs) while one adds the records in input order. */
struct message_facts {
	uint32_t text_hash;    /* message_text_hash */
	uint8_t keyword_lists; /* category and priority lists a customer message matched */
	bool needs_answer;     /* a customer message that needs an answer */
	bool wait_notice;      /* an agent message announcing a wait */
};

/* The facts of rec, scanning with keywords (the index's) and hits, the caller's scratch. */
void session_message_facts(const struct session_keywords *keywords, const struct record *rec,
			   struct phrase_hits *hits, struct message_facts *out);
/* session_index_add with the facts found already. */
void session_index_add_facts(struct session_index *idx, const struct record *rec,
			     const struct message_facts *facts);
/* Orders every session's messages and computes attribution, timing and category, then links
 * the sessions (session_index_link). */
void session_index_finish(struct session_index *idx);
/* Adds a session grouped by another index (a shard's, qaudit merge), whose agent, channel and
 * customer are already this index's; its messages stay behind. Returns its place, or
 * STR_NONE when idx has a session of that id. */
uint32_t session_index_adopt(struct session_index *idx, const char *id, size_t len,
			     const struct session_info *info);
/* Once every session is in: finds when the export was taken (last_ms) and links each
 * customer's sessions (session_repeat_contact). */
void session_index_link(struct session_index *idx);
void session_index_release(struct session_index *idx);

/* The units (record.unit) that hold the messages of sessions marked sampled and not marked in
 * done (per session; NULL: none), sorted and without repeats, for ingest_read_units. Returns
 * their number; *units is the caller's. */
size_t session_sampled_units(const struct session_index *idx, const bool *done, uint64_t **units);
/* Frees what is kept per message (messages, order, units) once the metrics and the units
 * of the sample have been taken: the sessions and their ids stay. */
void session_index_drop_messages(struct session_index *idx);

static inline uint32_t session_count(const struct session_index *idx)
{
	return str_table_count(idx->ids);
}

/* The hash that tells two texts apart for duplicate detection, in both reads. */
uint32_t message_text_hash(const char *text, size_t len);

/* What ordering and duplicate dropping read of one message. Both reads (session_index_finish
 * and the transcripts) fill these and call session_order_messages, so both see one session. */
struct message_key {
	int64_t time_ms;    /* TIME_NONE when untimed */
	uint32_t seq;       /* input order */
	uint32_t agent;     /* the agent's index; one and the same value for other roles */
	uint32_t text_hash; /* message_text_hash of the text */
	enum role role;
	uint32_t index; /* the caller's, to find the message again */
};

/* Puts one session's messages in time order, equal times in input order (docs/STANDARD.md §2), or
 * leaves them in input order when the session is not timed (some message has no time). Then
 * drops each message that repeats an earlier one of the same moment. Returns how many are
 * kept: keys[0 .. kept), in order. */
size_t session_order_messages(struct message_key *keys, size_t count, bool timed);

/*
 * Replies (docs/STANDARD.md §4.1 R2). After the first response, a human agent message answers a
 * waiting customer: one waits from their first unanswered message that needs an answer, or
 * from an agent's wait notice (请稍候) until the agent's next message. reply_walk calls fn for
 * each such reply.
 */
struct reply_step {
	int64_t time_ms;
	enum role role;
	bool wait_notice;
	bool needs_answer; /* a customer message that does (needs_answer.h): only those wait */
};

struct reply_wait {
	int64_t waited_ms; /* since the customer's first unanswered message or the wait notice */
	int64_t asked_ms;  /* after a notice: since the customer's first message after it; -1 */
	bool announced;    /* the wait began with a notice */
};

typedef void reply_fn(size_t index, const struct reply_wait *wait, void *ctx);

/* Walks steps[responder..count), the messages of a timed session from its first response. */
void reply_walk(const struct reply_step *steps, size_t count, size_t responder, reply_fn *fn,
		void *ctx);

/* Whether a reply came too late: over limit_ms, or, after a notice, over announced_ms and
 * also over limit_ms after anything the customer wrote meanwhile (their "好的" does not
 * shorten the announced wait; a new question answered at once is not late). */
bool reply_is_late(const struct reply_wait *wait, int64_t limit_ms, int64_t announced_ms);

/* How long the customer waited for this reply, for R4: the shorter of the two waits. */
int64_t reply_wait_ms(const struct reply_wait *wait);

/* The session in which the same customer came back within window_ms of session s's last
 * message (a repeat contact: s did not resolve it), or STR_NONE. Sessions opened before s
 * ended run beside it and are no return. When the customer's next session opens less than
 * min_gap_ms after s ended, it continues s: STR_NONE, and the later session carries the
 * contact on (its own return, if any, is its repeat). */
uint32_t session_repeat_contact(const struct session_index *idx, uint32_t s, int64_t window_ms,
				int64_t min_gap_ms);

const char *category_name(enum category category);
const char *priority_name(enum priority priority);
const char *unscored_name(enum unscored reason);

#endif
