/* Agreement figures over a k×k table of counts. Everything is worked in proportions
 * p_ij = n_ij / n; the tables are at most 8×8, so plain loops on the stack. */
#include <math.h>
#include <stddef.h>

#include "agreement.h"

/* The table as proportions, with both raters' margins. */
struct proportions {
	int k;
	unsigned long n;
	unsigned long diagonal; /* sessions both raters put in the same category */
	double p[AGREEMENT_MAX_K][AGREEMENT_MAX_K];
	double row[AGREEMENT_MAX_K]; /* rater A */
	double col[AGREEMENT_MAX_K]; /* rater B */
	bool one_category;           /* both raters put every session in the same category */
};

static struct agreement_figure undefined_figure(void)
{
	struct agreement_figure f = {false, NAN, NAN, {NAN, NAN}};

	return f;
}

/* Every session on the diagonal. The variance formulas are then exactly 0; worked in floating
 * point they would leave rounding noise in its place. */
static struct agreement_figure perfect_figure(void)
{
	struct agreement_figure f = {true, 1.0, 0.0, {1.0, 1.0}};

	return f;
}

static struct agreement_figure wald_figure(double value, double variance)
{
	struct agreement_figure f = {true, value, 0.0, {0.0, 0.0}};

	f.se = sqrt(fmax(variance, 0.0));
	f.ci.low = fmax(value - AGREEMENT_Z95 * f.se, -1.0);
	f.ci.high = fmin(value + AGREEMENT_Z95 * f.se, 1.0);
	return f;
}

/* Returns false when the table holds no figure at all: bad k, no counts, no sessions. */
static bool read_table(const unsigned long *counts, int k, struct proportions *t)
{
	unsigned long rows[AGREEMENT_MAX_K] = {0}, cols[AGREEMENT_MAX_K] = {0};
	int i, j;

	if (!counts || k < 2 || k > AGREEMENT_MAX_K)
		return false;
	t->k = k;
	t->n = 0;
	t->diagonal = 0;
	for (i = 0; i < k; i++) {
		for (j = 0; j < k; j++) {
			rows[i] += counts[i * k + j];
			cols[j] += counts[i * k + j];
		}
		t->diagonal += counts[i * k + i];
		t->n += rows[i];
	}
	if (t->n == 0)
		return false;
	t->one_category = false;
	for (i = 0; i < k; i++) {
		for (j = 0; j < k; j++)
			t->p[i][j] = (double)counts[i * k + j] / t->n;
		t->row[i] = (double)rows[i] / t->n;
		t->col[i] = (double)cols[i] / t->n;
		if (rows[i] == t->n && cols[i] == t->n)
			t->one_category = true;
	}
	return true;
}

struct interval wilson_interval(unsigned long successes, unsigned long n, double z)
{
	struct interval ci = {NAN, NAN};
	double p, z2, scale, centre, half;

	if (n == 0 || successes > n || !(z > 0))
		return ci;
	p = (double)successes / n;
	z2 = z * z;
	scale = 1.0 + z2 / n;
	centre = (p + z2 / (2.0 * n)) / scale;
	half = z * sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / scale;
	/* At 0 and n successes the ends are 0 and 1 exactly; say so rather than round near them. */
	ci.low = successes == 0 ? 0.0 : fmax(centre - half, 0.0);
	ci.high = successes == n ? 1.0 : fmin(centre + half, 1.0);
	return ci;
}

struct agreement_figure observed_agreement(const unsigned long *counts, int k)
{
	struct proportions t;
	struct agreement_figure f;

	if (!read_table(counts, k, &t))
		return undefined_figure();
	f.defined = true;
	f.value = (double)t.diagonal / t.n;
	f.se = sqrt(f.value * (1.0 - f.value) / t.n);
	f.ci = wilson_interval(t.diagonal, t.n, AGREEMENT_Z95);
	return f;
}

/*
 * Kappa under agreement weights w (the identity for Cohen's kappa) and its variance after
 * Fleiss, Cohen & Everitt (1969), as SAS PROC FREQ states it:
 *   var = [sum p_ij (w_ij - (wr_i + wc_j)(1 - kappa))^2 - (kappa - p_e (1 - kappa))^2]
 *         / ((1 - p_e)^2 n),
 *   wr_i = sum_j w_ij col_j,  wc_j = sum_i w_ij row_i.
 * Kappa is worked as 1 - disagreement / chance disagreement, which is exact at kappa = 1 and
 * keeps 1 - p_e away from cancellation.
 */
static struct agreement_figure kappa_with(const struct proportions *t,
					  const double w[AGREEMENT_MAX_K][AGREEMENT_MAX_K])
{
	double wr[AGREEMENT_MAX_K] = {0}, wc[AGREEMENT_MAX_K] = {0};
	double disagreement = 0, chance_disagreement = 0, kappa, pe, sum = 0, term;
	int i, j;

	if (t->one_category)
		return undefined_figure();
	if (t->diagonal == t->n)
		return perfect_figure();
	for (i = 0; i < t->k; i++) {
		for (j = 0; j < t->k; j++) {
			disagreement += (1.0 - w[i][j]) * t->p[i][j];
			chance_disagreement += (1.0 - w[i][j]) * t->row[i] * t->col[j];
			wr[i] += w[i][j] * t->col[j];
			wc[j] += w[i][j] * t->row[i];
		}
	}
	kappa = 1.0 - disagreement / chance_disagreement;
	pe = 1.0 - chance_disagreement;
	for (i = 0; i < t->k; i++) {
		for (j = 0; j < t->k; j++) {
			term = w[i][j] - (wr[i] + wc[j]) * (1.0 - kappa);
			sum += t->p[i][j] * term * term;
		}
	}
	term = kappa - pe * (1.0 - kappa);
	return wald_figure(kappa, (sum - term * term) /
					  (chance_disagreement * chance_disagreement * t->n));
}

struct agreement_figure cohen_kappa(const unsigned long *counts, int k)
{
	double w[AGREEMENT_MAX_K][AGREEMENT_MAX_K] = {{0}};
	struct proportions t;
	int i;

	if (!read_table(counts, k, &t))
		return undefined_figure();
	for (i = 0; i < k; i++)
		w[i][i] = 1.0;
	return kappa_with(&t, w);
}

struct agreement_figure weighted_kappa(const unsigned long *counts, int k,
				       enum kappa_weights weights)
{
	double w[AGREEMENT_MAX_K][AGREEMENT_MAX_K], d;
	struct proportions t;
	int i, j;

	if (!read_table(counts, k, &t))
		return undefined_figure();
	for (i = 0; i < k; i++) {
		for (j = 0; j < k; j++) {
			d = fabs((double)(i - j)) / (k - 1);
			w[i][j] = weights == KAPPA_LINEAR ? 1.0 - d : 1.0 - d * d;
		}
	}
	return kappa_with(&t, w);
}

/*
 * AC1 and its variance for two raters (Gwet 2008; irrCAC's gwet.ac1.table):
 *   var = [sum p_kl (d_kl - 2 (1 - AC1)(1 - (pi_k + pi_l) / 2) / (k - 1))^2
 *          - (p_o - 2 (1 - AC1) p_e)^2] / ((1 - p_e)^2 n),
 * d_kl being 1 on the diagonal and 0 off it. p_e is at most 1/k, so 1 - p_e never vanishes.
 */
struct agreement_figure gwet_ac1(const unsigned long *counts, int k)
{
	double pi[AGREEMENT_MAX_K], po, pe = 0, ac1, sum = 0, term;
	struct proportions t;
	int i, j;

	if (!read_table(counts, k, &t))
		return undefined_figure();
	if (t.diagonal == t.n)
		return perfect_figure();
	for (i = 0; i < k; i++) {
		pi[i] = (t.row[i] + t.col[i]) / 2.0;
		pe += pi[i] * (1.0 - pi[i]);
	}
	pe /= k - 1;
	po = (double)t.diagonal / t.n;
	ac1 = (po - pe) / (1.0 - pe);
	for (i = 0; i < k; i++) {
		for (j = 0; j < k; j++) {
			term = (i == j) -
			       2.0 * (1.0 - ac1) * (1.0 - (pi[i] + pi[j]) / 2.0) / (k - 1);
			sum += t.p[i][j] * term * term;
		}
	}
	term = po - 2.0 * (1.0 - ac1) * pe;
	return wald_figure(ac1, (sum - term * term) / ((1.0 - pe) * (1.0 - pe) * t.n));
}
