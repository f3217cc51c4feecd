/* Agreement figures for qaudit calibrate, checked against published worked examples (each
 * cited where it is used) and, for the edge cases, against the definitions in agreement.h.
 * Every expected value was also recomputed with python3 before it went in. A published figure
 * is checked to half a unit in its last printed place. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "agreement.h"

#define PRINTED_4 0.00005    /* SAS and Newcombe: 4 decimals */
#define PRINTED_7 0.00000005 /* R: 7 significant digits, 7 or 8 decimals here */

#define assert_near(actual, expected, tolerance)                                                   \
	do {                                                                                       \
		double actual_ = (actual);                                                         \
		if (!(fabs(actual_ - (expected)) <= (tolerance)))                                  \
			fail_msg("%s = %.10f, expected %.10f", #actual, actual_,                   \
				 (double)(expected));                                              \
	} while (0)

static void assert_undefined(struct agreement_figure f)
{
	assert_false(f.defined);
	assert_true(isnan(f.value));
	assert_true(isnan(f.se));
	assert_true(isnan(f.ci.low));
	assert_true(isnan(f.ci.high));
}

static void assert_perfect(struct agreement_figure f)
{
	assert_true(f.defined);
	assert_true(f.value == 1.0);
	assert_true(f.se == 0.0);
	assert_true(f.ci.low == 1.0 && f.ci.high == 1.0);
}

/* Skin condition data, SAS/STAT User's Guide, PROC FREQ, Getting Started, "Agreement Study"
 * (https://documentation.sas.com/doc/en/pgmsascdc/9.4_3.5/statug/statug_freq_gettingstarted02.htm):
 * two dermatologists, terrible/poor/marginal/clear, n = 88. */
static const unsigned long skin_condition[16] = {
	10, 4, 1, 0, 5, 10, 12, 2, 2, 4, 12, 5, 0, 2, 6, 13,
};

/* A SAS PROC FREQ printout kept in statsmodels' tests (statsmodels/stats/tests/
 * test_inter_rater.py, table10). Rater B never used the first category: a zero column. */
static const unsigned long sas_table10[9] = {
	0, 4, 1, 0, 8, 0, 0, 1, 5,
};

/* cont3x3abstractors, the example table of Gwet's R package irrCAC 1.0 (README and the
 * vignettes "overview" and "weighting", https://cran.r-project.org/package=irrCAC): two
 * abstractors, ectopic/AIU/NIU pregnancy, n = 100. */
static const unsigned long abstractors[9] = {
	13, 0, 0, 0, 20, 7, 0, 4, 56,
};

static void test_wilson_interval_matches_newcombe_1998(void **state)
{
	/* Newcombe (1998), Statistics in Medicine 17:857-872, worked examples for method 3
	 * (score interval without continuity correction). */
	static const struct {
		unsigned long x, n;
		double low, high;
	} cases[] = {
		{81, 263, 0.2553, 0.3662}, {15, 148, 0.0624, 0.1605}, {0, 20, 0.0, 0.1611},
		{1, 29, 0.0061, 0.1718},   {29, 29, 0.8830, 1.0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct interval ci = wilson_interval(cases[i].x, cases[i].n, AGREEMENT_Z95);

		assert_near(ci.low, cases[i].low, PRINTED_4);
		assert_near(ci.high, cases[i].high, PRINTED_4);
	}
}

static void test_wilson_interval_ends_exactly_at_zero_and_one(void **state)
{
	(void)state;
	assert_true(wilson_interval(0, 20, AGREEMENT_Z95).low == 0.0);
	assert_true(wilson_interval(29, 29, AGREEMENT_Z95).high == 1.0);
}

static void test_wilson_interval_without_trials_is_undefined(void **state)
{
	struct interval none = wilson_interval(0, 0, AGREEMENT_Z95);
	struct interval too_many = wilson_interval(5, 4, AGREEMENT_Z95);
	struct interval no_z = wilson_interval(1, 4, 0.0);

	(void)state;
	assert_true(isnan(none.low) && isnan(none.high));
	assert_true(isnan(too_many.low) && isnan(too_many.high));
	assert_true(isnan(no_z.low) && isnan(no_z.high));
}

static void test_observed_agreement_matches_irrcac_percent_agreement(void **state)
{
	struct agreement_figure po = observed_agreement(abstractors, 3);

	(void)state;
	/* irrCAC pa2.table(cont3x3abstractors): 0.89, se 0.03128898. */
	assert_true(po.defined);
	assert_near(po.value, 0.89, 1e-12);
	assert_near(po.se, 0.03128898, PRINTED_7);
	/* Wilson 89/100 (irrCAC prints a t interval instead): python3 gives 0.81368703, 0.93745804.
	 */
	assert_near(po.ci.low, 0.81368703, 1e-8);
	assert_near(po.ci.high, 0.93745804, 1e-8);
}

static void test_kappa_matches_the_wikipedia_example_of_fifty_proposals(void **state)
{
	/* https://en.wikipedia.org/wiki/Cohen%27s_kappa, "Simple example": 50 grant proposals,
	 * both yes 20, A yes B no 5, A no B yes 10, both no 15; p_o = 0.7, p_e = 0.5, kappa = 0.4.
	 */
	static const unsigned long proposals[4] = {20, 5, 10, 15};

	(void)state;
	assert_near(observed_agreement(proposals, 2).value, 0.7, 1e-12);
	assert_near(cohen_kappa(proposals, 2).value, 0.4, 1e-12);
}

static void test_kappa_differs_for_the_same_observed_agreement(void **state)
{
	/* Wikipedia "Cohen's kappa", "Same percentages but different numbers": both tables have
	 * p_o = 0.60, kappa 0.1304 and 0.2593. */
	static const unsigned long first[4] = {45, 15, 25, 15};
	static const unsigned long second[4] = {25, 35, 5, 35};

	(void)state;
	assert_near(cohen_kappa(first, 2).value, 0.1304, PRINTED_4);
	assert_near(cohen_kappa(second, 2).value, 0.2593, PRINTED_4);
}

static void test_kappa_and_limits_match_the_sas_skin_condition_example(void **state)
{
	struct agreement_figure kappa = cohen_kappa(skin_condition, 4);

	(void)state;
	/* SAS: simple kappa 0.3449, 95% confidence limits 0.2030 and 0.4868. */
	assert_true(kappa.defined);
	assert_near(kappa.value, 0.3449, PRINTED_4);
	assert_near(kappa.ci.low, 0.2030, PRINTED_4);
	assert_near(kappa.ci.high, 0.4868, PRINTED_4);
}

static void test_kappa_ase_matches_the_sas_printout_with_a_zero_column(void **state)
{
	struct agreement_figure kappa = cohen_kappa(sas_table10, 3);

	(void)state;
	/* SAS: kappa 0.4842, ASE 0.1380, 95% limits 0.2137 and 0.7547. */
	assert_near(kappa.value, 0.4842, PRINTED_4);
	assert_near(kappa.se, 0.1380, PRINTED_4);
	assert_near(kappa.ci.low, 0.2137, PRINTED_4);
	assert_near(kappa.ci.high, 0.7547, PRINTED_4);
}

static void test_kappa_and_its_se_match_irrcac(void **state)
{
	struct agreement_figure kappa = cohen_kappa(abstractors, 3);

	(void)state;
	/* irrCAC kappa2.table(cont3x3abstractors): 0.7964094, se 0.05891072; its variance is
	 * Fleiss, Cohen & Everitt's written another way. */
	assert_near(kappa.value, 0.7964094, PRINTED_7);
	assert_near(kappa.se, 0.05891072, PRINTED_7);
}

static void test_linear_weighted_kappa_matches_sas_cicchetti_allison_weights(void **state)
{
	struct agreement_figure kappa = weighted_kappa(sas_table10, 3, KAPPA_LINEAR);

	(void)state;
	/* The same SAS printout, weighted kappa with SAS's default Cicchetti-Allison (linear)
	 * weights: 0.4701, ASE 0.1457, 95% limits 0.1845 and 0.7558. Quadratic weights would give
	 * 0.4502. */
	assert_near(kappa.value, 0.4701, PRINTED_4);
	assert_near(kappa.se, 0.1457, PRINTED_4);
	assert_near(kappa.ci.low, 0.1845, PRINTED_4);
	assert_near(kappa.ci.high, 0.7558, PRINTED_4);
}

static void test_quadratic_weighted_kappa_matches_irrcac(void **state)
{
	struct agreement_figure kappa = weighted_kappa(abstractors, 3, KAPPA_QUADRATIC);

	(void)state;
	/* irrCAC vignette "weighting": kappa2.table(cont3x3abstractors, weights =
	 * quadratic.weights(1:q)) gives 0.8921569, se 0.03535151. */
	assert_near(kappa.value, 0.8921569, PRINTED_7);
	assert_near(kappa.se, 0.03535151, PRINTED_7);
}

static void test_ac1_matches_irrcac(void **state)
{
	struct agreement_figure ac1 = gwet_ac1(abstractors, 3);

	(void)state;
	/* irrCAC gwet.ac1.table(cont3x3abstractors): 0.8493305, se 0.04321747. The normal-theory
	 * limits, 0.8493305 ± 1.959964 × 0.04321747, are 0.76462587 and 0.93403523 (python3). */
	assert_true(ac1.defined);
	assert_near(ac1.value, 0.8493305, PRINTED_7);
	assert_near(ac1.se, 0.04321747, PRINTED_7);
	assert_near(ac1.ci.low, 0.76462587, 1e-7);
	assert_near(ac1.ci.high, 0.93403523, 1e-7);
}

static void test_ac1_stays_high_where_kappa_drops_with_prevalence(void **state)
{
	/* The paradox Feinstein & Cicchetti (1990) describe: the same p_o = 0.85, but kappa falls
	 * when one category dominates. No published AC1 for these tables was at hand; the values
	 * are python3's from the formulas in agreement.h. */
	static const unsigned long balanced[4] = {40, 9, 6, 45};
	static const unsigned long mostly_yes[4] = {80, 10, 5, 5};

	(void)state;
	assert_near(cohen_kappa(balanced, 2).value, 0.699519, 1e-6);
	assert_near(gwet_ac1(balanced, 2).value, 0.700748, 1e-6);
	assert_near(cohen_kappa(mostly_yes, 2).value, 0.318182, 1e-6);
	assert_near(gwet_ac1(mostly_yes, 2).value, 0.808000, 1e-6);
}

static void test_empty_table_leaves_every_figure_undefined(void **state)
{
	static const unsigned long empty[9] = {0};

	(void)state;
	assert_undefined(observed_agreement(empty, 3));
	assert_undefined(cohen_kappa(empty, 3));
	assert_undefined(weighted_kappa(empty, 3, KAPPA_QUADRATIC));
	assert_undefined(weighted_kappa(empty, 3, KAPPA_LINEAR));
	assert_undefined(gwet_ac1(empty, 3));
}

static void test_table_of_no_use_leaves_every_figure_undefined(void **state)
{
	(void)state;
	assert_undefined(cohen_kappa(abstractors, 1));
	assert_undefined(gwet_ac1(abstractors, 0));
	assert_undefined(observed_agreement(abstractors, AGREEMENT_MAX_K + 1));
	assert_undefined(weighted_kappa(NULL, 3, KAPPA_LINEAR));
}

static void test_one_category_for_both_raters_leaves_only_kappa_undefined(void **state)
{
	/* Every chat "pass" for both: p_e = 1, so kappa is 0/0; AC1's p_e is 0, so AC1 is 1. */
	static const unsigned long all_pass[9] = {12, 0, 0, 0, 0, 0, 0, 0, 0};
	struct agreement_figure po = observed_agreement(all_pass, 3);

	(void)state;
	assert_true(po.defined);
	assert_true(po.value == 1.0 && po.se == 0.0);
	/* Wilson 12/12: 12 / (12 + z^2) = 0.75750599 (python3). */
	assert_near(po.ci.low, 0.75750599, 1e-8);
	assert_true(po.ci.high == 1.0);
	assert_undefined(cohen_kappa(all_pass, 3));
	assert_undefined(weighted_kappa(all_pass, 3, KAPPA_QUADRATIC));
	assert_undefined(weighted_kappa(all_pass, 3, KAPPA_LINEAR));
	assert_perfect(gwet_ac1(all_pass, 3));
}

static void test_perfect_agreement_over_several_classes_is_one_without_error(void **state)
{
	static const unsigned long diagonal[9] = {5, 0, 0, 0, 4, 0, 0, 0, 3};

	(void)state;
	assert_true(observed_agreement(diagonal, 3).value == 1.0);
	assert_perfect(cohen_kappa(diagonal, 3));
	assert_perfect(weighted_kappa(diagonal, 3, KAPPA_QUADRATIC));
	assert_perfect(weighted_kappa(diagonal, 3, KAPPA_LINEAR));
	assert_perfect(gwet_ac1(diagonal, 3));
}

static void test_one_session_gives_figures_without_dividing_by_zero(void **state)
{
	static const unsigned long agreed[9] = {1, 0, 0, 0, 0, 0, 0, 0, 0};
	static const unsigned long disagreed[9] = {0, 1, 0, 0, 0, 0, 0, 0, 0};
	struct agreement_figure po = observed_agreement(disagreed, 3);
	struct agreement_figure kappa = cohen_kappa(disagreed, 3);

	(void)state;
	/* Agreed: Wilson 1/1 is [1 / (1 + z^2), 1] = [0.20654931, 1]. */
	assert_near(observed_agreement(agreed, 3).ci.low, 0.20654931, 1e-8);
	assert_undefined(cohen_kappa(agreed, 3));
	assert_perfect(gwet_ac1(agreed, 3));
	/* Disagreed (pass against fail): p_o = 0 within [0, 0.79345069]; p_e = 0, so kappa is 0;
	 * pi = (1/2, 1/2, 0) makes AC1's p_e 1/4 and AC1 -1/3. */
	assert_true(po.value == 0.0);
	assert_true(po.ci.low == 0.0);
	assert_near(po.ci.high, 0.79345069, 1e-8);
	assert_true(kappa.defined);
	assert_near(kappa.value, 0.0, 1e-12);
	assert_near(gwet_ac1(disagreed, 3).value, -1.0 / 3.0, 1e-12);
}

static void test_category_nobody_used_changes_neither_kappa(void **state)
{
	/* The skin condition table with a fifth category, unused by both raters, at the end. */
	static const unsigned long with_unused_end[25] = {
		10, 4, 1, 0, 0, 5, 10, 12, 2, 0, 2, 4, 12, 5, 0, 0, 2, 6, 13, 0, 0, 0, 0, 0, 0,
	};
	/* ... and between terrible and poor. */
	static const unsigned long with_unused_middle[25] = {
		10, 0, 4, 1, 0, 0, 0, 0, 0, 0, 5, 0, 10, 12, 2, 2, 0, 4, 12, 5, 0, 0, 2, 6, 13,
	};
	enum kappa_weights w;

	(void)state;
	assert_near(observed_agreement(with_unused_end, 5).value,
		    observed_agreement(skin_condition, 4).value, 1e-12);
	assert_near(cohen_kappa(with_unused_end, 5).value, cohen_kappa(skin_condition, 4).value,
		    1e-12);
	assert_near(cohen_kappa(with_unused_end, 5).se, cohen_kappa(skin_condition, 4).se, 1e-12);
	assert_near(cohen_kappa(with_unused_middle, 5).value, cohen_kappa(skin_condition, 4).value,
		    1e-12);
	assert_near(cohen_kappa(with_unused_middle, 5).se, cohen_kappa(skin_condition, 4).se,
		    1e-12);
	for (w = KAPPA_QUADRATIC; w <= KAPPA_LINEAR; w++) {
		assert_near(weighted_kappa(with_unused_end, 5, w).value,
			    weighted_kappa(skin_condition, 4, w).value, 1e-12);
		assert_near(weighted_kappa(with_unused_end, 5, w).se,
			    weighted_kappa(skin_condition, 4, w).se, 1e-12);
		/* An unused grade in between still keeps its neighbours apart. */
		assert_true(fabs(weighted_kappa(with_unused_middle, 5, w).value -
				 weighted_kappa(skin_condition, 4, w).value) > 0.001);
	}
}

static void test_kappa_interval_is_clipped_to_minus_one_and_one(void **state)
{
	/* python3: kappa 0.819672 ± 1.96 × 0.169117 reaches 1.151136; -0.923077 ± 1.96 × 0.324096
	 * reaches -1.558294. */
	static const unsigned long high[4] = {5, 1, 0, 5};
	static const unsigned long low[4] = {0, 2, 3, 0};
	struct agreement_figure above = cohen_kappa(high, 2);
	struct agreement_figure below = cohen_kappa(low, 2);

	(void)state;
	assert_near(above.ci.low, 0.488208, 1e-6);
	assert_true(above.ci.high == 1.0);
	assert_true(below.ci.low == -1.0);
	assert_near(below.ci.high, -0.287860, 1e-6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wilson_interval_matches_newcombe_1998),
		cmocka_unit_test(test_wilson_interval_ends_exactly_at_zero_and_one),
		cmocka_unit_test(test_wilson_interval_without_trials_is_undefined),
		cmocka_unit_test(test_observed_agreement_matches_irrcac_percent_agreement),
		cmocka_unit_test(test_kappa_matches_the_wikipedia_example_of_fifty_proposals),
		cmocka_unit_test(test_kappa_differs_for_the_same_observed_agreement),
		cmocka_unit_test(test_kappa_and_limits_match_the_sas_skin_condition_example),
		cmocka_unit_test(test_kappa_ase_matches_the_sas_printout_with_a_zero_column),
		cmocka_unit_test(test_kappa_and_its_se_match_irrcac),
		cmocka_unit_test(test_linear_weighted_kappa_matches_sas_cicchetti_allison_weights),
		cmocka_unit_test(test_quadratic_weighted_kappa_matches_irrcac),
		cmocka_unit_test(test_ac1_matches_irrcac),
		cmocka_unit_test(test_ac1_stays_high_where_kappa_drops_with_prevalence),
		cmocka_unit_test(test_empty_table_leaves_every_figure_undefined),
		cmocka_unit_test(test_table_of_no_use_leaves_every_figure_undefined),
		cmocka_unit_test(test_one_category_for_both_raters_leaves_only_kappa_undefined),
		cmocka_unit_test(test_perfect_agreement_over_several_classes_is_one_without_error),
		cmocka_unit_test(test_one_session_gives_figures_without_dividing_by_zero),
		cmocka_unit_test(test_category_nobody_used_changes_neither_kappa),
		cmocka_unit_test(test_kappa_interval_is_clipped_to_minus_one_and_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
