// SPDX-License-Identifier: MIT
/*
 * base/stats_ci.c - means and Student-t 95% intervals (base/stats_ci.h).
 */
#include <math.h>

#include "base/stats_ci.h"

#define STATS_PI 3.14159265358979323846

/*
 * atan(@x) for x >= 0 with +, -, *, / and sqrt() only (no libm special
 * function, so every host gets the same bits): x > 1 folds to 1/x, three
 * halvings atan(x) = 2 atan(x / (1 + sqrt(1 + x^2))) bring it under
 * tan(pi/32), where the Taylor series converges in a few terms.
 */
static double stats_atan(double x)
{
	double sum = 0, term, x2, p;
	int fold = x > 1, k;

	if (fold)
		x = 1 / x;
	for (k = 0; k < 3; k++)
		x = x / (1 + sqrt(1 + x * x));
	x2 = x * x;
	p = x;
	for (k = 0; k < 40; k++) {
		term = p / (2 * k + 1);
		sum += k % 2 ? -term : term;
		p *= x2;
		if (term < 1e-20)
			break;
	}
	sum *= 8;
	return fold ? STATS_PI / 2 - sum : sum;
}

/*
 * P(|T| < t) for Student's t with @df degrees of freedom, in closed form
 * for a whole df (Abramowitz and Stegun 26.7.3/26.7.4): with
 * theta = atan(t / sqrt(df)), an even df gives
 * sin(theta) (1 + cos^2/2 + 1*3 cos^4/(2*4) + ...), an odd df
 * (2/pi) (theta + sin cos (1 + 2 cos^2/3 + 2*4 cos^4/(3*5) + ...)).
 */
static double stats_t_two_sided(double t, size_t df)
{
	double n = (double)df, s = t / sqrt(n + t * t), c2 = n / (n + t * t);
	double sum = 1, a = 1;

	if (df % 2 == 0) {
		for (size_t k = 1; k <= (df - 2) / 2; k++) {
			a *= c2 * (double)(2 * k - 1) / (double)(2 * k);
			sum += a;
			if (a < 1e-18)
				break;
		}
		return s * sum;
	}
	if (df == 1)
		return 2 / STATS_PI * stats_atan(t);
	for (size_t k = 1; k <= (df - 3) / 2; k++) {
		a *= c2 * (double)(2 * k) / (double)(2 * k + 1);
		sum += a;
		if (a < 1e-18)
			break;
	}
	return 2 / STATS_PI * (stats_atan(t / sqrt(n)) + s * sqrt(c2) * sum);
}

double stats_t975(size_t df)
{
	double lo = 1.959963984540054, hi = 12.8; /* the normal limit, t(0.975, 1) < 12.8 */

	if (df < 1)
		df = 1;
	if (df > 1000000)
		return lo; /* t is within 1e-6 of the normal quantile by then */
	/* P(|T| < t) grows with t: halve the bracket until it is one double wide */
	for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
		double mid = (lo + hi) / 2;

		if (stats_t_two_sided(mid, df) < 0.95)
			lo = mid;
		else
			hi = mid;
	}
	return hi; /* the upper end of the bracket: errs wide, never narrow */
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
