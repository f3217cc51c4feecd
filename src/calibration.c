/* Calibration: qaudit's answers against each reference grader's, item by item. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calibration.h"
#include "str_table.h"
#include "xalloc.h"

enum verdict calibration_verdict(const struct session_score *s, enum rule rule)
{
	for (size_t i = 0; i < s->count; i++)
		if (s->findings[i].rule == rule)
			return VERDICT_FAIL;
	return (s->judged & 1u << rule) ? VERDICT_PASS : VERDICT_NA;
}

/* One session's answers: answers[grader * ITEM_COUNT + item], NULL where none. */
struct session_answers {
	const struct grade_row **answers;
	size_t graders;
};

static const struct grade_row *answer(const struct session_answers *a, uint32_t grader, int item)
{
	return a->answers[(size_t)grader * ITEM_COUNT + (size_t)item];
}

/* The qaudit grade of dimension d (or overall, DIM_COUNT), -1 for N/A. */
static int qaudit_grade(const struct session_score *s, int d)
{
	if (d == DIM_COUNT)
		return s->score_tenths < 0 ? -1 : (int)s->grade;
	return s->dim[d].applicable ? (int)s->dim[d].grade : -1;
}

/* A reference's grade of dimension d or overall: scores become the grade they round to. */
static int reference_grade(const struct grade_row *row)
{
	return row->is_score ? (int)grade_from_score(row->value) : row->value;
}

static int penalty_of(const struct session_score *s, enum rule rule, const struct rubric *r,
		      bool *red)
{
	int lost = 0;
	bool found = false;

	for (size_t i = 0; i < s->count; i++) {
		if (s->findings[i].rule != rule)
			continue;
		found = true;
		lost += s->findings[i].penalty;
		*red |= s->findings[i].red_line;
	}
	if (found)
		return lost;
	*red |= r->rules[rule].red_line;
	return r->rules[rule].penalty;
}

/* The session's score had the reference's answers been qaudit's: its overall grade if it
 * gave one, else the rubric's arithmetic over its dimension grades and, where it gave none,
 * over its checkpoint verdicts and qaudit's for the checkpoints it did not grade. -1: none. */
static int reference_score(const struct session_answers *a, uint32_t ref,
			   const struct audited_session *as)
{
	const struct session_score *s = as->score;
	const struct rubric *r = as->rubric;
	const struct grade_row *overall = answer(a, ref, ITEM_OVERALL);
	struct dimension_score dim[DIM_COUNT];
	bool red_lines = false;
	int tenths;

	if (overall)
		return overall->is_score ? overall->value : overall->value * 200;
	for (int d = 0; d < DIM_COUNT; d++) {
		const struct grade_row *given = answer(a, ref, ITEM_DIMENSION(d));
		int lost = 0;
		bool red = false, judged = false;

		if (given) {
			dim[d] = (struct dimension_score){true, (enum grade)given->value};
			continue;
		}
		for (int rule = 0; rule < RULE_COUNT; rule++) {
			const struct grade_row *row = answer(a, ref, rule);
			enum verdict v = row ? (enum verdict)row->value
					     : calibration_verdict(s, (enum rule)rule);

			if ((int)rule_dimension((enum rule)rule) != d || v == VERDICT_NA)
				continue;
			judged = true;
			if (v == VERDICT_FAIL)
				lost += penalty_of(s, (enum rule)rule, r, &red);
		}
		red_lines |= red;
		dim[d] = (struct dimension_score){
			judged, red || lost > GRADE_A ? GRADE_F : (enum grade)(GRADE_A - lost)};
	}
	tenths = score_tenths(dim, r->weight);
	if (red_lines && r->red_line_fails_session && tenths > 0)
		tenths = 0;
	return tenths;
}

/* ---- the tables ---- */

/* qsort takes no context (qsort_r is not C11): the table names are sorted by. Calibration
 * runs on one thread. */
static const struct str_table *sort_table;

static int by_name(const void *a, const void *b)
{
	return strcmp(str_table_get(sort_table, *(const uint32_t *)a),
		      str_table_get(sort_table, *(const uint32_t *)b));
}

/* Ids of a table in name order. */
static uint32_t *ids_by_name(const struct str_table *t, size_t *count)
{
	uint32_t n = str_table_count(t), *ids = xcalloc(n ? n : 1, sizeof(*ids));

	for (uint32_t i = 0; i < n; i++)
		ids[i] = i;
	sort_table = t;
	qsort(ids, n, sizeof(*ids), by_name);
	*count = n;
	return ids;
}

/* A share k of n with its Wilson interval: precision and recall. */
static struct agreement_figure proportion(unsigned long k, unsigned long n)
{
	struct agreement_figure f = {false, NAN, NAN, {NAN, NAN}};

	if (!n)
		return f;
	f.defined = true;
	f.value = (double)k / (double)n;
	f.se = sqrt(f.value * (1 - f.value) / (double)n);
	f.ci = wilson_interval(k, n, AGREEMENT_Z95);
	return f;
}

static void finish_checkpoint(struct checkpoint_row *row)
{
	unsigned long flat[VERDICT_COUNT * VERDICT_COUNT], ref_fail = 0, total = 0;
	unsigned long tp, fp, fn;

	for (int q = 0; q < VERDICT_COUNT; q++)
		for (int h = 0; h < VERDICT_COUNT; h++) {
			flat[q * VERDICT_COUNT + h] = row->counts[q][h];
			total += row->counts[q][h];
			if (h == VERDICT_FAIL)
				ref_fail += row->counts[q][h];
		}
	row->agreement = observed_agreement(flat, VERDICT_COUNT);
	row->kappa = cohen_kappa(flat, VERDICT_COUNT);
	row->ac1 = gwet_ac1(flat, VERDICT_COUNT);
	row->fail_prevalence = total ? (double)ref_fail / (double)total : NAN;
	tp = row->counts[VERDICT_FAIL][VERDICT_FAIL];
	fp = row->counts[VERDICT_FAIL][VERDICT_PASS] + row->counts[VERDICT_FAIL][VERDICT_NA];
	fn = ref_fail - tp;
	row->precision = proportion(tp, tp + fp);
	row->recall = proportion(tp, tp + fn);
}

static void finish_dimension(struct dimension_row *row)
{
	unsigned long flat[36], within = 0;
	long difference = 0;

	for (int q = 0; q < 6; q++)
		for (int h = 0; h < 6; h++) {
			unsigned long n = row->counts[q][h];

			/* Rows and columns from F to A: the order weighted kappa reads. */
			flat[q * 6 + h] = n;
			difference += (long)n * (q - h);
			within += (q - h <= 1 && h - q <= 1) ? n : 0;
		}
	row->weighted_kappa = weighted_kappa(flat, 6, KAPPA_QUADRATIC);
	row->mean_difference = row->pairs ? (double)difference / (double)row->pairs : NAN;
	row->within_one = row->pairs ? (double)within / (double)row->pairs : NAN;
}

/* How much a disagreement matters: a fail against a pass by the grades it costs (a red line
 * all five), N/A against an answer least; a grade by how far apart. */
static int disagreement_weight(int item, int q, int h, const struct rubric *r)
{
	if (item < RULE_COUNT) {
		if (q == VERDICT_NA || h == VERDICT_NA)
			return 1;
		return 10 * ((r->rules[item].red_line ? GRADE_A : r->rules[item].penalty) + 1);
	}
	if (q < 0)
		return 1;
	return (item == ITEM_OVERALL ? 20 : 10) * abs(q - h);
}

static void add_disagreement(struct calibration *c, uint32_t ref, const struct audited_session *as,
			     const struct grade_row *row, int q)
{
	int h = row->item < RULE_COUNT ? row->value : reference_grade(row);

	c->disagreements = xreallocarray(c->disagreements, c->disagreement_count + 1,
					 sizeof(*c->disagreements));
	c->disagreements[c->disagreement_count++] = (struct disagreement){
		ref, as, row, q, h, disagreement_weight(row->item, q, h, as->rubric)};
}

static const struct grades *sort_grades;

static int by_weight(const void *a, const void *b)
{
	const struct disagreement *x = a, *y = b;
	int cmp;

	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	cmp = strcmp(x->session->id, y->session->id);
	if (cmp)
		return cmp;
	if (x->row->item != y->row->item)
		return x->row->item < y->row->item ? -1 : 1;
	return strcmp(str_table_get(sort_grades->graders, x->reference),
		      str_table_get(sort_grades->graders, y->reference));
}

/* ---- per session ---- */

static void compare_session(struct calibration *c, const struct session_answers *a,
			    const struct audited_session *as, uint32_t gold)
{
	const struct session_score *s = as->score;

	for (size_t r = 0; r < c->reference_count; r++) {
		uint32_t ref = c->references[r];
		struct checkpoint_row *rows = &c->checkpoints[r * (RULE_COUNT + 1)];
		struct dimension_row *dims = &c->dimensions[r * (DIM_COUNT + 1)];
		bool any = false;

		for (int rule = 0; rule < RULE_COUNT; rule++) {
			const struct grade_row *row = answer(a, ref, rule);
			int q;

			if (!row)
				continue;
			q = calibration_verdict(s, (enum rule)rule);
			rows[rule].counts[q][row->value]++;
			rows[rule].sessions++;
			rows[RULE_COUNT].counts[q][row->value]++;
			any = true;
			if (q != row->value)
				add_disagreement(c, ref, as, row, q);
		}
		if (any)
			rows[RULE_COUNT].sessions++;
		for (int d = 0; d <= DIM_COUNT; d++) {
			const struct grade_row *row =
				answer(a, ref, d == DIM_COUNT ? ITEM_OVERALL : ITEM_DIMENSION(d));
			int q = qaudit_grade(s, d), h;

			if (!row)
				continue;
			h = reference_grade(row);
			if (q < 0) {
				dims[d].not_applicable++;
			} else {
				dims[d].counts[q][h]++;
				dims[d].pairs++;
			}
			if (q != h)
				add_disagreement(c, ref, as, row, q);
		}
	}
	/* Human against human, the ceiling: every pair of graders but the gold answer. */
	for (int rule = 0; rule < RULE_COUNT; rule++) {
		unsigned long pairs = 0, agreed = 0;

		for (uint32_t g1 = 0; g1 < a->graders; g1++) {
			const struct grade_row *x = answer(a, g1, rule);

			if (!x || g1 == gold)
				continue;
			for (uint32_t g2 = g1 + 1; g2 < a->graders; g2++) {
				const struct grade_row *y = answer(a, g2, rule);

				if (!y || g2 == gold)
					continue;
				pairs++;
				agreed += x->value == y->value;
			}
		}
		for (size_t r = 0; r < c->reference_count; r++) {
			struct checkpoint_row *rows = &c->checkpoints[r * (RULE_COUNT + 1)];

			rows[rule].human_pairs += pairs;
			rows[rule].human_agreed += agreed;
			rows[RULE_COUNT].human_pairs += pairs;
			rows[RULE_COUNT].human_agreed += agreed;
		}
	}
}

/* ---- agents ---- */

struct agent_sum {
	uint32_t reference;
	const char *agent;
	unsigned long sessions;
	long qaudit_tenths, reference_tenths;
};

static int by_reference_then_agent(const void *a, const void *b)
{
	const struct agent_sum *x = a, *y = b;

	if (x->reference != y->reference)
		return x->reference < y->reference ? -1 : 1;
	return strcmp(x->agent, y->agent);
}

static void add_agent_session(struct agent_sum **sums, size_t *count, uint32_t r, const char *agent,
			      int qaudit_tenths, int reference_tenths)
{
	struct agent_sum *x = NULL;

	for (size_t i = 0; i < *count && !x; i++)
		if ((*sums)[i].reference == r && !strcmp((*sums)[i].agent, agent))
			x = &(*sums)[i];
	if (!x) {
		*sums = xreallocarray(*sums, *count + 1, sizeof(**sums));
		x = &(*sums)[(*count)++];
		*x = (struct agent_sum){r, agent, 0, 0, 0};
	}
	x->sessions++;
	x->qaudit_tenths += qaudit_tenths;
	x->reference_tenths += reference_tenths;
}

static void build_agents(struct calibration *c, struct agent_sum *sums, size_t count)
{
	if (count > 1)
		qsort(sums, count, sizeof(*sums), by_reference_then_agent);
	c->agents = xcalloc(count ? count : 1, sizeof(*c->agents));
	for (size_t i = 0; i < count; i++) {
		double q = (double)sums[i].qaudit_tenths / (double)sums[i].sessions / 10.0;
		double h = (double)sums[i].reference_tenths / (double)sums[i].sessions / 10.0;

		c->agents[i] = (struct agent_row){c->references[sums[i].reference],
						  sums[i].agent,
						  sums[i].sessions,
						  q,
						  h,
						  grade_from_score((int)lround(q * 10)),
						  grade_from_score((int)lround(h * 10))};
	}
	c->agent_count = count;
}

/* ---- graders ---- */

static void compare_grader(struct grader_row *out, const struct session_answers *a,
			   const struct audited_session *as, uint32_t gold,
			   unsigned long flat[VERDICT_COUNT * VERDICT_COUNT], long *difference)
{
	for (int item = 0; item < ITEM_COUNT; item++) {
		const struct grade_row *mine = answer(a, out->grader, item), *gold_row;
		int other;

		if (!mine)
			continue;
		if (out->against_gold) {
			gold_row = answer(a, gold, item);
			if (!gold_row)
				continue;
			other = item < RULE_COUNT ? gold_row->value : reference_grade(gold_row);
		} else if (item < RULE_COUNT) {
			other = calibration_verdict(as->score, (enum rule)item);
		} else {
			other = qaudit_grade(as->score,
					     item == ITEM_OVERALL ? DIM_COUNT : item - RULE_COUNT);
			if (other < 0)
				continue;
		}
		if (item < RULE_COUNT) {
			out->items++;
			out->agreed += mine->value == other;
			out->fails += mine->value == VERDICT_FAIL;
			out->compared_fails += other == VERDICT_FAIL;
			flat[mine->value * VERDICT_COUNT + other]++;
		} else {
			out->dimension_pairs++;
			*difference += reference_grade(mine) - other;
		}
	}
}

static void build_graders(struct calibration *c, const struct session_answers *all,
			  const struct audited_session *sessions, size_t graded)
{
	const struct grades *g = c->grades;
	size_t n;
	uint32_t *ids = ids_by_name(g->graders, &n);

	c->graders = xcalloc(n ? n : 1, sizeof(*c->graders));
	for (size_t i = 0; i < n; i++) {
		struct grader_row *out;
		unsigned long flat[VERDICT_COUNT * VERDICT_COUNT] = {0};
		long difference = 0;

		if (ids[i] == g->gold)
			continue;
		out = &c->graders[c->grader_count++];
		*out = (struct grader_row){.grader = ids[i], .against_gold = g->gold != STR_NONE};
		for (size_t s = 0; s < graded; s++)
			if (sessions[s].scored)
				compare_grader(out, &all[s], &sessions[s], g->gold, flat,
					       &difference);
		out->kappa = cohen_kappa(flat, VERDICT_COUNT);
		out->mean_difference = out->dimension_pairs
					       ? (double)difference / (double)out->dimension_pairs
					       : NAN;
	}
	free(ids);
}

/* ---- all ---- */

void calibration_compute(struct calibration *c, const struct grades *grades,
			 const struct audited_session *sessions)
{
	uint32_t graded = str_table_count(grades->sessions);
	uint32_t grader_count = str_table_count(grades->graders);
	struct session_answers *all = xcalloc(graded ? graded : 1, sizeof(*all));
	struct agent_sum *sums = NULL;
	size_t sum_count = 0;

	memset(c, 0, sizeof(*c));
	c->grades = grades;
	if (grades->gold != STR_NONE) {
		c->references = xcalloc(1, sizeof(*c->references));
		c->references[0] = grades->gold;
		c->reference_count = 1;
	} else {
		c->references = ids_by_name(grades->graders, &c->reference_count);
	}
	c->checkpoints = xcalloc(c->reference_count * (RULE_COUNT + 1), sizeof(*c->checkpoints));
	c->dimensions = xcalloc(c->reference_count * (DIM_COUNT + 1), sizeof(*c->dimensions));
	for (size_t r = 0; r < c->reference_count; r++) {
		for (int i = 0; i <= RULE_COUNT; i++)
			c->checkpoints[r * (RULE_COUNT + 1) + i] =
				(struct checkpoint_row){.reference = c->references[r], .rule = i};
		for (int d = 0; d <= DIM_COUNT; d++)
			c->dimensions[r * (DIM_COUNT + 1) + d] = (struct dimension_row){
				.reference = c->references[r], .dimension = d};
	}
	for (uint32_t s = 0; s < graded; s++) {
		all[s].graders = grader_count;
		all[s].answers =
			xcalloc((size_t)grader_count * ITEM_COUNT, sizeof(*all[s].answers));
	}
	for (size_t i = 0; i < grades->count; i++) {
		const struct grade_row *row = &grades->rows[i];

		all[row->session].answers[(size_t)row->grader * ITEM_COUNT + (size_t)row->item] =
			row;
	}
	for (uint32_t s = 0; s < graded; s++) {
		const struct audited_session *as = &sessions[s];

		if (!as->scored) {
			c->sessions_missing++;
			continue;
		}
		compare_session(c, &all[s], as, grades->gold);
		for (size_t r = 0; r < c->reference_count; r++) {
			int h = reference_score(&all[s], c->references[r], as);
			bool answered = false;

			for (int item = 0; item < ITEM_COUNT && !answered; item++)
				answered = answer(&all[s], c->references[r], item) != NULL;
			if (answered && h >= 0 && as->score->score_tenths >= 0)
				add_agent_session(&sums, &sum_count, (uint32_t)r, as->agent,
						  as->score->score_tenths, h);
		}
	}
	for (size_t i = 0; i < c->reference_count * (RULE_COUNT + 1); i++)
		finish_checkpoint(&c->checkpoints[i]);
	for (size_t i = 0; i < c->reference_count * (DIM_COUNT + 1); i++)
		finish_dimension(&c->dimensions[i]);
	sort_grades = grades;
	if (c->disagreement_count > 1)
		qsort(c->disagreements, c->disagreement_count, sizeof(*c->disagreements),
		      by_weight);
	build_agents(c, sums, sum_count);
	build_graders(c, all, sessions, graded);
	free(sums);
	for (uint32_t s = 0; s < graded; s++)
		free(all[s].answers);
	free(all);
}

void calibration_release(struct calibration *c)
{
	free(c->references);
	free(c->checkpoints);
	free(c->dimensions);
	free(c->disagreements);
	free(c->agents);
	free(c->graders);
	memset(c, 0, sizeof(*c));
}
