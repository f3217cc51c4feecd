/* Population metrics (docs/STANDARD.md §5) over ALL sessions, not only
 * the sample: first-response times, timeout rates by period, repeat contacts, per agent,
 * per channel, per period and for the team. */
#ifndef METRICS_H
#define METRICS_H

#include <stdint.h>

#include "rubric.h"
#include "session.h"

enum period { PERIOD_OFFPEAK, PERIOD_PEAK, PERIOD_COUNT };

/* The figures of one agent, channel, period or the team. */
struct timeliness {
	uint32_t sessions;               /* scored sessions */
	uint32_t replies[PERIOD_COUNT];  /* agent replies (first responses and R2 replies) */
	uint32_t timeouts[PERIOD_COUNT]; /* of them, over their R1/R2 limit */
	uint32_t known_customers; /* timed sessions with a customer id: repeat contacts can be seen
				   */
	uint32_t repeat_contacts; /* of them, the customer came back within the S4 window */
	int64_t *first_response_ms; /* one per session with a first response, sorted */
	uint32_t first_response_count, first_response_capacity;
};

struct metrics {
	struct timeliness team;
	struct timeliness *agents; /* indexed like session_index.agents */
	uint32_t agent_count;
	struct timeliness *channels; /* indexed like session_index.channels, then "no channel" */
	uint32_t channel_count;      /* including the "no channel" row */
	struct timeliness periods[PERIOD_COUNT];
	struct timeliness classes[CLASS_COUNT]; /* by channel class, each with its limits */
};

/* The replies of one author in one period of one session, and how many timed out: what the
 * figures keep of a session's messages. */
struct reply_tally {
	uint32_t session, agent; /* indexes in the session_index */
	enum period period;
	uint32_t replies, timeouts;
};

struct reply_tallies {
	struct reply_tally *items; /* by session */
	size_t count, capacity;
};

/* Tallies the replies of every scored session of idx, whose messages it still has: the first
 * response and every reply, each timed out by the limits of its session's channel class, in
 * the period of the reply. tz_offset_min places times in peak hours and promotion days. */
void metrics_tally_replies(struct reply_tallies *out, const struct session_index *idx,
			   const struct rubric *r, int tz_offset_min);
void reply_tallies_release(struct reply_tallies *t);

/* Computes every figure from the sessions (messages no longer needed) and their tallies.
 * Replies count for their author, the session's channel and class and the period of the
 * reply; sessions for their attributed agent, channel, class and the period they started in. */
void metrics_compute(struct metrics *m, const struct session_index *idx,
		     const struct reply_tallies *tallies, const struct rubric *r,
		     int tz_offset_min);
void metrics_release(struct metrics *m);

/* Whether a moment is in the rubric's peak hours or on a promotion day. */
bool metrics_is_peak(const struct rubric *r, int64_t time_ms, int tz_offset_min);

/* The median and the 90th percentile (nearest rank) of the first responses, in ms; -1 when
 * there are none. */
int64_t timeliness_median_ms(const struct timeliness *t);
int64_t timeliness_p90_ms(const struct timeliness *t);

/* Timeouts per reply in per mille, of a period or of both (period -1); -1 with no replies. */
int timeliness_timeout_permille(const struct timeliness *t, int period);
/* First-contact resolution (一次性解决率) in per mille; -1 when no customer can be followed. */
int timeliness_fcr_permille(const struct timeliness *t);

#endif
