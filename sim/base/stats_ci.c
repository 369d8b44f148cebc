/*
 * sim/base/stats_ci.c - means and Student-t 95% intervals (sim/base/stats_ci.h).
 */
#include <math.h>

#include "sim/base/stats_ci.h"

/* t(0.975, df) for df = 1..30 (the standard table, to 3 decimals). */
static const double t975_small[30] = {
	12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
	2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
	2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
};

double stats_t975(size_t df)
{
	if (df < 1)
		df = 1;
	if (df <= 30)
		return t975_small[df - 1];
	if (df < 40)
		return 2.042; /* the df-30 row: errs wide */
	if (df < 60)
		return 2.021;
	if (df < 120)
		return 2.000;
	if (df < 1000)
		return 1.980;
	return 1.960;
}

struct stats_ci stats_ci_of(const double *v, size_t n)
{
	struct stats_ci c = { 0, 0, 0, n };
	double sum = 0, ss = 0;

	if (!n)
		return c;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	c.mean = sum / (double)n;
	if (n < 2)
		return c;
	/* two passes: the squares of deviations, not of values, so a large
	 * mean does not swamp a small spread */
	for (size_t i = 0; i < n; i++)
		ss += (v[i] - c.mean) * (v[i] - c.mean);
	c.sd = sqrt(ss / (double)(n - 1));
	c.half = stats_t975(n - 1) * c.sd / sqrt((double)n);
	return c;
}
