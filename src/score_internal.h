/* Private to the score stage: a session prepared for the checkpoints, and the helpers the
 * five dimension scorers share. */
#ifndef SCORE_INTERNAL_H
#define SCORE_INTERNAL_H

#include "score.h"

/* Phrase lists matched in customer messages, in set order. */
enum customer_list {
	CL_RESOLVED,
	CL_UNRESOLVED,
	CL_THANKS,
	CL_APOLOGY,
	CL_EMOTION,
	CL_ESCALATION_REQUEST,
	CL_NO_ANSWER,
	CL_PUBLIC_DATA,
	CL_PRAISE,
	CL_PROBLEM,
	CL_COUNT
};

/* Phrase lists matched in human agent messages, in set order. */
enum agent_list {
	AL_GREETING,
	AL_CLOSING,
	AL_VAGUE,
	AL_INTIMATE,
	AL_ABSOLUTE_PROMISE,
	AL_INFO_REQUEST,
	AL_POLITE_REQUEST,
	AL_THANKS_REPLY,
	AL_APOLOGY_REPLY,
	AL_CORRECTION,
	AL_APOLOGY,
	AL_WAIT_NOTICE,
	AL_WAIT_THANKS,
	AL_NEXT_STEP_TIME,
	AL_FOLLOW_UP,
	AL_ESCALATION,
	AL_SECRET_REQUEST,
	AL_SECURE_CHANNEL,
	AL_INDUCEMENT,
	AL_FALSE_PROMISE,
	AL_DISPARAGE,
	AL_RISK_PRODUCT,
	AL_RISK_NOTICE,
	AL_FORBIDDEN,
	AL_HOSTILE,
	AL_EMPATHY,
	AL_INSULT,
	AL_ORDER_REFERENCE,
	AL_PRIVATE_CHANNEL,
	AL_PERSONAL_DATA_REQUEST,
	AL_COUNT
};

struct compiled_fact {
	void *topic, *shape; /* pcre2_code: any topic word; a value shaped like the fact's */
	char *value;         /* the correct value, normalised */
};

struct score_context {
	const struct rubric *rubric;
	const struct session_index *sessions;
	struct phrase_set *customer_set, *agent_set;
	struct compiled_fact *facts;
	void *competitors;       /* pcre2_code matching any competitor name, or NULL */
	struct phrase_hits hits; /* scratch for one message */
	bool shared;             /* the patterns are another context's (score_context_share) */
};

/* One message with its phrase matches. */
struct scanned {
	uint64_t lists;        /* bit per customer_list or agent_list, by the message's role */
	uint32_t first, count; /* its matches in view.hits */
	bool needs_answer;     /* a customer message that needs an answer (needs_answer.h) */
};

/* A transcript prepared for the checkpoints. */
struct view {
	struct score_context *ctx;
	const struct rubric *rubric; /* the settings of the session's channel class */
	enum channel_class channel_class;
	const struct transcript *t;
	const struct session_info *info;
	struct scanned *scan;
	struct reply_step *steps; /* the messages as reply_walk reads them */
	struct phrase_hit *hits;
	size_t hit_count, hit_capacity;
	/* message indexes, NO_MESSAGE if there is none */
	uint32_t first_customer; /* the customer's first message */
	uint32_t responder;      /* the first human agent message after it (§2 attribution) */
	uint32_t first_agent, last_agent;
	struct session_score *out;
};

static inline const struct message *msg(const struct view *v, uint32_t m)
{
	return &v->t->messages[m];
}

static inline bool is_role(const struct view *v, uint32_t m, enum role role)
{
	return v->t->messages[m].role == role;
}

static inline bool has(const struct view *v, uint32_t m, unsigned list)
{
	return v->scan[m].lists >> list & 1;
}

/* The first match of list in message m, or NULL. */
const struct phrase_hit *hit_of(const struct view *v, uint32_t m, unsigned list);

/* The first message at or after from with the given role that matches list, or NO_MESSAGE. */
uint32_t find_next(const struct view *v, uint32_t from, enum role role, unsigned list);

/* The next human agent message after m, or NO_MESSAGE. */
uint32_t next_agent(const struct view *v, uint32_t m);

/* True if the checkpoint is enabled; marks its dimension as judged (not N/A). */
bool judge(struct view *v, enum rule rule);

/* Records a failed checkpoint with the rubric's penalty (or penalty if >= 0), pointing at
 * message m (NO_MESSAGE: the session) and the bytes of hit (NULL: the whole message). */
void fail(struct view *v, enum rule rule, int penalty, uint32_t m, const struct phrase_hit *hit,
	  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* A checkpoint failed by the first agent message that matches list. */
void check_first_phrase(struct view *v, enum rule rule, unsigned list, const char *what);

/* Sentinel of a wait that is not running. */
#define NOT_WAITING INT64_MIN

/* A value as a fact compares it: no spaces, every dash written '-'. free() the result. */
char *normalise_value(const char *s, size_t len);

/* Writes a duration for a finding: "40 s", "2.5 s", "3 min 5 s". */
void format_duration(char *out, size_t size, int64_t ms);

/* Whether the session is timed: every message has a time. */
static inline bool is_timed(const struct view *v)
{
	return !v->info->untimed;
}

void score_response(struct view *v);
void score_communication(struct view *v);
void score_resolution(struct view *v);
void score_compliance(struct view *v);
void score_attitude(struct view *v);

#endif
