/* Per-agent scorecards (docs/STANDARD.md §6 agents.csv): the sampled sessions' scores and grades
 * per agent with a 95% confidence interval, the population metrics, flags, and the change
 * since a baseline run. */
#ifndef SCORECARD_H
#define SCORECARD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "qa_error.h"
#include "rubric.h"

struct report_view;
struct timeliness;

/* Scorecard flags (docs/STANDARD.md §5-§6). */
enum flag {
	FLAG_LOW_SAMPLE,      /* fewer than 5 sampled sessions: the scores say little */
	FLAG_RED_LINE,        /* a red line in a sampled session */
	FLAG_TIMEOUT_OFFPEAK, /* off-peak timeout rate over the rubric's (3%) */
	FLAG_TIMEOUT_PEAK,    /* peak timeout rate over the rubric's (8%) */
	FLAG_TIMEOUT_VS_TEAM, /* timeout rate over team_mean_factor x the mean of its peers */
	FLAG_LOW_FCR,         /* first-contact resolution under the rubric's (90%) */
	FLAG_COUNT
};

#define LOW_SAMPLE_SESSIONS 5

/* Scores of a group of sampled sessions (an agent's, or the team's). */
struct score_summary {
	uint32_t sampled, scored;          /* sampled sessions; of them, with a score */
	int mean_tenths;                   /* mean score x 10, -1 without scores */
	int ci_low_tenths, ci_high_tenths; /* 95% confidence interval, -1 under 2 scores */
	enum grade grade;                  /* of the mean score */
	int dim_hundredths[DIM_COUNT];     /* mean points x 100, -1 where always N/A */
	enum grade dim_grade[DIM_COUNT];
	uint32_t quality, red_lines, findings;
	uint32_t rule_count[RULE_COUNT];
};

struct agent_card {
	uint32_t agent; /* index in session_index.agents */
	const char *id;
	const struct timeliness *timeliness; /* the agent's row of the population metrics */
	struct score_summary score;
	unsigned flags; /* bit per enum flag */
	/* From --baseline; has_baseline is false for a new agent. */
	bool has_baseline;
	int baseline_tenths; /* -1: the baseline had no score */
	char baseline_grade; /* '\0' when none */
};

struct scorecards {
	struct agent_card *cards; /* sorted by agent id */
	size_t count;
	struct score_summary team;
	int agent_mean_timeout_permille; /* mean of the agents' timeout rates, -1 if none */
	bool with_baseline;              /* --baseline was given */
};

/* A previous run's agents.csv, for --baseline. */
struct baseline_row {
	char *agent;
	int score_tenths; /* -1 when empty */
	char grade;
};

struct baseline {
	struct baseline_row *rows;
	size_t count;
	char *digest; /* the rubric digest on its rows, NULL if none */
	/* "FILE:LINE: what is wrong" for each cell left out (a grade not A-F, a score not a
	 * number from 0 to 100), the first BASELINE_WARNINGS_KEPT of them. */
	char **warnings;
	size_t warning_count, warnings_total;
	bool missing; /* no earlier report there (the first night): no change to show */
};
#define BASELINE_WARNINGS_KEPT 10

/* Reads DIR/agents.csv of an earlier run. A cell that is not what qaudit writes is left out
 * with a warning, never copied. A missing or empty DIR/agents.csv (the first night of a
 * nightly job) sets b->missing, with a warning. Returns 0, or -1 with err set (exit 3). */
int baseline_load(struct baseline *b, const char *dir, struct qa_error *err);
/* Prints b's warnings, one "qaudit: warning: ..." line each. */
void baseline_print_warnings(const struct baseline *b, FILE *out);
void baseline_release(struct baseline *b);

/* Builds a card for every agent that was attributed a session or replied in one, from the
 * view's session rows and population metrics (v->cards is not read); baseline may be NULL.
 * The cards borrow their ids and timeliness rows from v->agent_names and v->metrics. */
void scorecards_from_view(struct scorecards *sc, const struct report_view *v,
			  const struct baseline *baseline);
void scorecards_release(struct scorecards *sc);

const char *flag_name(enum flag flag);

/* The rubric's timeliness thresholds (§5 flags), in percent, as the flags need them. */
struct timeliness_limits {
	int offpeak_timeout_pct, peak_timeout_pct;
	int team_mean_factor; /* over this many times the peers' mean rate */
	int first_contact_resolution_pct;
};

/* Flags of a timeliness row against the limits and its peers' mean timeout rate (-1: none). */
unsigned timeliness_flags(const struct timeliness *t, const struct timeliness_limits *limits,
			  int peer_mean_permille);

#endif
