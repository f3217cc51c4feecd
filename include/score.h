/* Score stage (docs/STANDARD.md §4): every checkpoint of a sampled session, the five dimension
 * grades, the session score and grade, and the findings that explain every lost grade. */
#ifndef SCORE_H
#define SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phrase_list.h"
#include "rubric.h"
#include "session.h"
#include "transcript.h"

#define NO_MESSAGE UINT32_MAX

/* One failed checkpoint. */
struct finding {
	enum rule rule;
	bool red_line;
	int penalty;         /* grades lost (not counting a red line) */
	uint32_t message;    /* index in the transcript, or NO_MESSAGE for the whole session */
	uint32_t start, end; /* the bytes of that message the finding points at; 0, 0: all */
	char *detail; /* what is wrong, in English, e.g. "first reply after 40 s (limit 15 s)" */
	/* The evidence, kept so that reports need not keep the transcript: the message's
	 * time, author and masked excerpt (NULL for the whole session). */
	int64_t time_ms;
	uint32_t agent;
	char *excerpt;
};

struct dimension_score {
	bool applicable; /* false: nothing to judge (N/A), weight shared out */
	enum grade grade;
};

struct session_score {
	struct dimension_score dim[DIM_COUNT];
	int score_tenths; /* 0-1000 (score x 10), or -1 when no weighted dimension applies */
	enum grade grade;
	bool quality; /* grade at or above the rubric's quality_grade */
	int red_lines;
	enum channel_class channel_class; /* whose limits and checkpoints judged it */
	bool language_not_covered;        /* the checkpoints that rest on words were N/A */
	uint32_t han, latin_words;        /* Chinese characters and Latin words: its language */
	uint32_t judged; /* bit 1 << rule: the checkpoint was judged (passed or failed), not N/A */
	struct finding *findings; /* in rule order, then message order */
	size_t count, capacity;
	/* What only the whole audit decides, for score_settle. R5's finding stands once the data
	 * goes on past this moment (TIME_NONE: it stands); S4 looks for the customer's return. */
	int64_t last_question_due_ms;
	bool repeat_judged;
};

/* What scoring needs besides the session: built once, then read-only (one per thread). */
struct score_context;

/* Builds the context: the phrase sets of customer and agent messages and the rubric's
 * facts and names. lists, rubric and sessions are borrowed. Returns 0, or -1 (exit 2)
 * if a phrase list is missing. */
int score_context_new(struct score_context **ctx, const struct rubric *rubric,
		      const struct phrase_lists *lists, const struct session_index *sessions,
		      struct qa_error *err);
void score_context_free(struct score_context *ctx); /* accepts NULL */
/* A context for another thread: ctx's compiled patterns, scratch of its own. Free it (with
 * score_context_free) before ctx. */
struct score_context *score_context_share(const struct score_context *ctx);
/* Points a built context at another audit's sessions, keeping its compiled patterns. */
void score_context_use(struct score_context *ctx, const struct session_index *sessions);

/* Scores one transcript into out (initialised here; release with session_score_release) as
 * far as the session alone can tell: ungraded until score_settle. */
void score_draft(struct score_context *ctx, const struct transcript *t, struct session_score *out);
/* Settles a draft by the whole audit (every shard's sessions): drops R5 when the data ends
 * before its limit, adds S4 when the customer came back, then grades. idx is that audit's
 * index and session the scored session's place in it; rubric is the audit's. */
void score_settle(const struct rubric *rubric, const struct session_index *idx, uint32_t session,
		  struct session_score *s);
/* score_draft, then score_settle by the context's sessions: one audit in one process. */
void score_session(struct score_context *ctx, const struct transcript *t,
		   struct session_score *out);
void session_score_release(struct session_score *s);

/* Session score arithmetic, exposed for tests: 100 x sum(w*points) / (5 x sum(w)) over the
 * applicable dimensions, in tenths, rounded half up; -1 if no weight applies. */
int score_tenths(const struct dimension_score *dim, const int *weight);
/* The grade whose points are nearest to score/20, ties going up. */
enum grade grade_from_score(int score_tenths);

#endif
