/* SPDX-License-Identifier: MIT */
/*
 * base/stats_ci.h - the statistics of a study (`gemsim report`): the mean
 * of a metric over seeds with a 95% confidence interval, and the same for
 * paired differences (configuration minus baseline, seed by seed).
 *
 * The interval is Student's t: mean +- t(0.975, n-1) * s / sqrt(n), with s
 * the sample standard deviation.  t is computed for every df, not tabled:
 * the two-sided t distribution has a closed form for a whole df, solved
 * for 95% by bisection (the upper end kept: the interval errs wide, never
 * narrow), with an atan of our own rather than libm's.  Only +, -, *, / and sqrt(),
 * which IEEE 754 rounds exactly, are used, so the same inputs give the same
 * bits on every machine: a report is byte-identical run to run.
 */
#ifndef GEMSIM_SIM_STATS_CI_H
#define GEMSIM_SIM_STATS_CI_H

#include <stddef.h>

/** struct stats_ci - a mean and its 95% confidence interval. */
struct stats_ci {
	double mean; /* arithmetic mean */
	double half; /* half-width of the 95% interval: mean +- half; 0 when n < 2 */
	double sd;   /* sample standard deviation (n - 1); 0 when n < 2 */
	size_t n;    /* samples */
};

/**
 * stats_t975() - Student's t quantile for a two-sided 95% interval.
 * @df: degrees of freedom, at least 1.
 *
 * Returns: t(0.975, @df), computed (see the header comment); within 1e-6
 * of the normal quantile 1.95996 above a million.
 */
double stats_t975(size_t df);

/**
 * stats_ci_of() - mean and 95% interval of @n values.
 * @v: the values (one per seed).
 * @n: how many; 0 gives all zeros.
 *
 * Returns: the summary.
 */
struct stats_ci stats_ci_of(const double *v, size_t n);

#endif
