/* The rubric (docs/STANDARD.md §4-§5): weights, every checkpoint's threshold and penalty, red
 * lines, periods, facts and names a QA lead tunes without a compiler. An INI file read
 * with libinih; the built-in default is rubric_default.ini, compiled in. */
#ifndef RUBRIC_H
#define RUBRIC_H

#include <stdbool.h>
#include <stddef.h>

#include "checkpoint.h"
#include "qa_error.h"

/* Grades, valued as their points: F=0 ... A=5. */
enum grade { GRADE_F, GRADE_E, GRADE_D, GRADE_C, GRADE_B, GRADE_A };

/* LANG_AUTO: Chinese when most of the sampled sessions' words are, else English. */
enum language { LANG_ZH, LANG_EN, LANG_AUTO };

/* Channel classes (docs/CHECKPOINTS.md, "Channel classes"): what a reply's speed and a
 * chat's manners are judged against depends on where the chat happened. */
enum channel_class { CLASS_IM, CLASS_EMAIL, CLASS_SOCIAL, CLASS_COUNT };

struct rule_setting {
	bool enabled;
	bool red_line; /* a failure sets the dimension to F */
	int penalty;   /* grades lost per failure, 0-5 */
};

/* C7: an agent message that mentions one of the topic words and states a value shaped like
 * value (digits may differ) but not value itself is wrong. */
struct fact {
	char **topics; /* literal words, any of which names the topic */
	size_t topic_count;
	char *value; /* the correct value, e.g. "1-3个工作日" */
};

struct time_range {
	int from_min, to_min; /* minutes after local midnight, from <= t < to */
};

struct rubric {
	int weight[DIM_COUNT]; /* [weights]; at least one above 0 */
	struct rule_setting rules[RULE_COUNT];

	/* [audit] */
	int tz_offset_min;           /* timezone, minutes east of UTC */
	enum language language;      /* language of report labels */
	enum grade quality_grade;    /* lowest grade of a quality session (优质会话) */
	bool red_line_fails_session; /* a red line makes the session score 0, grade F */

	/* [periods] (§5) */
	struct time_range *peak_hours;
	size_t peak_count;
	char **promotion_dates; /* "MM-DD" every year or "YYYY-MM-DD" */
	size_t promotion_count;

	/* [timeliness] (§5 flags), rates in percent */
	int offpeak_timeout_pct;
	int peak_timeout_pct;
	int team_mean_factor;
	int first_contact_resolution_pct;

	/* checkpoint thresholds; the section is the rule. rubric.c bounds them: seconds
	 * 0-86400 (limits from 1), hours 1-8760, factors 1-100, counts 1-1000, penalties 0-5,
	 * so limit x factor x 1000 fits an int64_t */
	int r1_limit_s, r1_urgent_limit_s, r1_technical_limit_s, r1_suggestion_limit_s;
	int r1_severe_factor, r1_severe_penalty;
	int r2_limit_s, r2_announced_limit_s;
	bool r2_same_as_first; /* each reply has the first reply's limit (e-mail, social) */
	int r3_followups, r3_gap_s;
	int r4_wait_s;
	bool r4_wait_is_limit; /* R4 past the reply's own limit rather than wait_seconds */
	int c2_last_agent_messages;
	int c3_many, c3_many_penalty;
	char **b2b_channels; /* C4: a channel whose name contains one of these is B2B */
	size_t b2b_count;
	struct fact *facts; /* C7 */
	size_t fact_count;
	int s3_limit_s;
	int s4_window_hours, s4_min_gap_minutes;
	int s5_max_csat, s5_csat_scale;
	char **competitors; /* K6 */
	size_t competitor_count;

	/* [channels]: a channel whose name contains one of class_channels[c] is of class c
	 * (social is tried first, then e-mail); any other channel is im. */
	char **class_channels[CLASS_COUNT];
	size_t class_channel_count[CLASS_COUNT];
	/* The settings each class is judged by: this rubric with its [class.NAME] overrides.
	 * Each shares this rubric's lists and is freed with it; NULL inside a class's own. */
	struct rubric *by_class[CLASS_COUNT];
};

/* The built-in default rubric, with a comment on every key (qaudit rubric --print-default). */
extern const char rubric_default_text[];

/*
 * Loads the default rubric, then the file at path over it (path NULL: default only).
 * Unknown sections and keys and bad values are errors "PATH:LINE: what is wrong" (exit 2).
 * On error r is released. Release with rubric_release.
 */
int rubric_load(struct rubric *r, const char *path, struct qa_error *err);
/* The same from text in memory; name is used in error messages. */
int rubric_parse(struct rubric *r, const char *text, const char *name, struct qa_error *err);
void rubric_release(struct rubric *r);

/* Appends the effective settings to out in a canonical form, one "section.key=value" per
 * line, in a fixed order: what the digest of a run is computed over. */
struct buf;
void rubric_canonical(const struct rubric *r, struct buf *out);

char grade_letter(enum grade g); /* 'A' ... 'F' */

const char *channel_class_name(enum channel_class c); /* "im", "email", "social" */
/* The class of a channel named channel (NULL or "" for none: im). */
enum channel_class rubric_channel_class(const struct rubric *r, const char *channel);
/* C4: whether a channel's name marks it B2B. */
bool rubric_channel_is_b2b(const struct rubric *r, const char *channel);
/* The settings that judge a session of class c; r itself for a rubric without classes. */
const struct rubric *rubric_for_class(const struct rubric *r, enum channel_class c);

#endif
