/* Calibration (docs/CALIBRATION.md): how far qaudit's verdicts agree with a company's own
 * graders on the same sessions, and what each disagreement does to an agent's grade. */
#ifndef CALIBRATION_H
#define CALIBRATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agreement.h"
#include "grades.h"
#include "rubric.h"
#include "score.h"

/* What qaudit said of one graded session. */
struct audited_session {
	const char *id;                    /* as in the grades file */
	const char *agent;                 /* "" when the session was not scored */
	bool scored;                       /* found in the inputs, with a customer and an agent */
	const struct session_score *score; /* when scored */
	const struct rubric *rubric;       /* the settings of its channel class */
};

/* The answers one item got from qaudit and from one reference grader. */
struct checkpoint_row {
	uint32_t reference; /* grader id */
	int rule;           /* RULE_COUNT: every checkpoint pooled */
	unsigned long counts[VERDICT_COUNT][VERDICT_COUNT]; /* [qaudit][reference] */
	unsigned long sessions;
	struct agreement_figure agreement, kappa, ac1;
	double fail_prevalence; /* the reference's share of fail; NAN with no answer */
	struct agreement_figure precision, recall; /* of qaudit's fail, with Wilson intervals */
	/* Between the human graders (not the gold answer): the ceiling. */
	unsigned long human_pairs, human_agreed;
};

struct dimension_row {
	uint32_t reference;
	int dimension;                       /* DIM_COUNT: the overall grade */
	unsigned long counts[6][6];          /* [qaudit grade][reference grade], enum grade */
	unsigned long pairs, not_applicable; /* graded by both; graded where qaudit said N/A */
	struct agreement_figure weighted_kappa;
	double mean_difference; /* qaudit minus reference, in grade points */
	double within_one;      /* share of pairs at most one grade apart */
};

struct disagreement {
	uint32_t reference;
	const struct audited_session *session;
	const struct grade_row *row; /* the reference's answer */
	int qaudit_value;            /* enum verdict or enum grade; -1: N/A */
	int reference_value;         /* the same of row: a score as the grade it rounds to */
	int weight;                  /* how much it matters, for the ranking */
};

struct agent_row {
	uint32_t reference;
	const char *agent;
	unsigned long sessions;
	double qaudit_score, reference_score; /* means of session scores, 0-100 */
	enum grade qaudit_grade, reference_grade;
};

struct grader_row {
	uint32_t grader;
	bool against_gold; /* compared with the gold answer, else with qaudit */
	unsigned long items, agreed, fails, compared_fails;
	struct agreement_figure kappa; /* on checkpoints */
	unsigned long dimension_pairs;
	double mean_difference; /* the grader minus the other, in grade points */
};

struct calibration {
	const struct grades *grades;
	uint32_t *references; /* GRADES_GOLD alone, or each human grader by name */
	size_t reference_count;
	struct checkpoint_row *checkpoints; /* per reference: RULE_COUNT + 1 rows */
	struct dimension_row *dimensions;   /* per reference: DIM_COUNT + 1 rows */
	struct disagreement *disagreements; /* ranked */
	size_t disagreement_count;
	struct agent_row *agents; /* per reference, by agent */
	size_t agent_count;
	struct grader_row *graders; /* by name */
	size_t grader_count;
	size_t sessions_missing; /* graded sessions not found or not scored */
};

/* Compares. sessions[i] is what qaudit said of grades->sessions' id i. */
void calibration_compute(struct calibration *c, const struct grades *grades,
			 const struct audited_session *sessions);
void calibration_release(struct calibration *c);

/* The verdict qaudit gave a checkpoint of a scored session. */
enum verdict calibration_verdict(const struct session_score *s, enum rule rule);

#endif
