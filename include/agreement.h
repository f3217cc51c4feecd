/* How far qaudit's verdicts agree with human QA graders on the same chats (qaudit calibrate):
 * observed agreement, Cohen's kappa, weighted kappa and Gwet's AC1, each with a 95% interval. */
#ifndef AGREEMENT_H
#define AGREEMENT_H

#include <stdbool.h>

/*
 * Every figure is read from a k×k table of session counts in row-major order: counts[i * k + j]
 * sessions were put in category i by rater A (qaudit) and in category j by rater B (the human
 * benchmark). Sessions without an answer from both raters are left out by the caller. k is the
 * number of categories on the scale (3 for pass/fail/na, 6 for grades A-F), used or not.
 */
#define AGREEMENT_MAX_K 8

/* The normal quantile for two-sided 95% intervals. */
#define AGREEMENT_Z95 1.959963984540054

struct interval {
	double low, high;
};

/*
 * One figure and its uncertainty. defined is false when the figure does not exist for the
 * table: no sessions, k outside 2..AGREEMENT_MAX_K, counts NULL, or (kappa only) chance
 * agreement of 1. Then value, se and both ends of ci are NaN, so that a figure nobody could
 * compute never passes for a number. When every session is on the diagonal, kappa, weighted
 * kappa and AC1 are 1 with se 0 and ci [1, 1].
 */
struct agreement_figure {
	bool defined;
	double value;
	double se;
	struct interval ci;
};

/*
 * Wilson (1927) score interval for a proportion of successes out of n, at normal quantile z
 * (AGREEMENT_Z95 for 95%): unlike the Wald interval it stays inside [0, 1] and keeps a width
 * at 0 or n successes, which small calibration samples hit often. Also serves precision and
 * recall. Both ends are NaN when n is 0, successes > n or z is not positive.
 */
struct interval wilson_interval(unsigned long successes, unsigned long n, double z);

/* p_o, the share of sessions on the diagonal, with its binomial standard error
 * sqrt(p_o (1 - p_o) / n) and the 95% Wilson interval. */
struct agreement_figure observed_agreement(const unsigned long *counts, int k);

/*
 * Cohen's (1960) kappa, (p_o - p_e) / (1 - p_e) with p_e = sum of row_i col_i / n^2: agreement
 * beyond what the two raters' category frequencies give by chance. se is the large-sample
 * (asymptotic) standard error of Fleiss, Cohen & Everitt (1969), the "ASE" SAS PROC FREQ
 * prints; ci is kappa ± 1.96 se, SAS's 95% limits, clipped to [-1, 1].
 * Undefined when both raters put every session in one and the same category (p_e = 1).
 */
struct agreement_figure cohen_kappa(const unsigned long *counts, int k);

/* Agreement weights for ordinal categories, w_ij = 1 for i = j down to 0 for the two ends of
 * the scale. The zero value is the default. */
enum kappa_weights {
	KAPPA_QUADRATIC, /* 1 - ((i - j) / (k - 1))^2, Fleiss & Cohen (1973) */
	KAPPA_LINEAR,    /* 1 - |i - j| / (k - 1), Cicchetti & Allison (1971), SAS's default */
};

/*
 * Cohen's (1968) weighted kappa over ordered categories: a near miss (B against A) costs less
 * than a far one (F against A). se is the Fleiss, Cohen & Everitt (1969) asymptotic standard
 * error, ci kappa ± 1.96 se clipped to [-1, 1]; undefined where cohen_kappa is. Distances are
 * positions on the scale, so an unused grade between used ones still counts; an unused grade
 * at either end changes nothing.
 */
struct agreement_figure weighted_kappa(const unsigned long *counts, int k,
				       enum kappa_weights weights);

/*
 * Gwet's (2008) AC1 for two raters on nominal categories, (p_o - p_e) / (1 - p_e) with
 * p_e = sum of pi_q (1 - pi_q) / (k - 1), pi_q = (row_q + col_q) / 2n. Unlike kappa it stays
 * near p_o when nearly every chat lands in one category (almost all "pass"), and it is 1, not
 * undefined, when both raters always used the same category. It depends on k, so pass the
 * size of the scale. se is Gwet's (2008) variance for two raters, conditional on the sessions
 * rated (irrCAC's gwet.ac1.table without finite-population correction); ci is AC1 ± 1.96 se,
 * clipped to [-1, 1] (irrCAC uses a t quantile with n - 1 degrees of freedom instead).
 */
struct agreement_figure gwet_ac1(const unsigned long *counts, int k);

#endif
