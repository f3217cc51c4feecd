/* What the report writers read (docs/STANDARD.md §6): a row per sampled session, a card per agent,
 * the population metrics and the facts of the run. Built once from an audit, then read-only;
 * the writers and their unit tests see nothing else of the pipeline. */
#ifndef REPORT_VIEW_H
#define REPORT_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "rubric.h"
#include "sample.h"
#include "scorecard.h"
#include "session.h"
#include "skip_log.h"

struct audit;
struct input_stats;
struct metrics;
struct session_score;
struct timeliness;

/* A sampled session. Text fields are "" where the input has none. */
struct session_row {
	const char *id, *agent, *channel, *customer;
	uint32_t agent_index; /* in report_view.agent_names; STR_NONE when unattributed */
	enum category category;
	enum priority priority;
	uint32_t messages;
	int64_t first_ms;          /* its first message; TIME_NONE when untimed */
	int zone_min;              /* its times are written in this zone (transcript.h) */
	int64_t first_response_ms; /* -1 when there is none */
	const struct session_score *score;
};

/* A channel's population figures; "" names the sessions without a channel. */
struct channel_row {
	const char *name;
	const struct timeliness *timeliness;
};

/* The sessions of one channel ("" for none) by status; count[SCORED] are the scored ones. */
struct unscored_row {
	const char *channel;
	size_t count[UNSCORED_COUNT];
};

/* Everything is borrowed from the audit except the arrays, which report_view_release frees.
 * A view made by hand (tests) owns nothing and is not released. */
struct report_view {
	const struct session_row *sessions; /* by agent id, then session id */
	size_t session_count;
	const char *const *agent_names; /* by agent index: whose message a finding is in */
	uint32_t agent_count;
	/* The per-agent rows: set by the caller once scorecards_from_view has made them from
	 * this view, so the cards and every writer see the same sessions. */
	const struct scorecards *cards;
	const struct metrics *metrics;      /* over all sessions */
	const struct channel_row *channels; /* every channel and "", sorted by name */
	size_t channel_count;
	struct timeliness_limits limits;

	/* The run (summary.json). */
	const struct input_stats *inputs;
	size_t input_count;
	size_t records_good, records_bad, internal_notes, duplicates_dropped, over_session_limit;
	size_t bad_by_reason[SKIP_REASON_COUNT];
	uint32_t session_total;
	size_t sessions_by_status[UNSCORED_COUNT];
	const struct unscored_row *by_channel; /* sorted by channel */
	size_t by_channel_count;
	struct sample_options sample;
	const char *rubric_file; /* NULL: the built-in rubric */
	const char *digest;      /* XXH3-64 of the rubric and phrase lists, 16 hex digits */
	char short_digest[9];    /* its first 8, written on every row */
	int tz_offset_min;       /* times are written in this zone */
	/* The first and last message time of any session in the data (read, not only scored);
	 * TIME_NONE when no message has a time. */
	int64_t first_message_ms, last_message_ms;
	enum language language; /* of report.html */
};

/* Fills v from a finished audit (a is borrowed and must outlive v); v->cards stays NULL. */
void report_view_build(struct report_view *v, const struct audit *a);
/* The language of the report's labels: --lang, else the rubric's, else (auto) the one most
 * of the sample's words are in. */
enum language report_language(const struct audit *a);
void report_view_release(struct report_view *v);

#endif
