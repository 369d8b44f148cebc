// SPDX-License-Identifier: MIT
/*
 * tests/test_stats_ci.c - the statistics of a study: a computed t quantile, means
 * and 95% intervals checked against hand-computed values.
 */
#include <check.h>
#include <math.h>

#include "base/stats_ci.h"

START_TEST(test_t_quantile_matches_the_published_values)
{
	/* R's qt(0.975, df), to 6 decimals */
	ck_assert_double_eq_tol(stats_t975(1), 12.706205, 1e-6);
	ck_assert_double_eq_tol(stats_t975(2), 4.302653, 1e-6);
	ck_assert_double_eq_tol(stats_t975(4), 2.776445, 1e-6);
	ck_assert_double_eq_tol(stats_t975(9), 2.262157, 1e-6);
	ck_assert_double_eq_tol(stats_t975(30), 2.042272, 1e-6);
	ck_assert_double_eq_tol(stats_t975(31), 2.039513, 1e-6);
	ck_assert_double_eq_tol(stats_t975(39), 2.022691, 1e-6);
	ck_assert_double_eq_tol(stats_t975(45), 2.014103, 1e-6);
	ck_assert_double_eq_tol(stats_t975(120), 1.979930, 1e-6);
	ck_assert_double_eq_tol(stats_t975(100000), 1.959988, 1e-6);
	ck_assert_double_eq(stats_t975(0), stats_t975(1));
}
END_TEST

START_TEST(test_t_falls_with_every_degree_of_freedom)
{
	/* no table steps: 31 to 39 each get their own value */
	for (size_t df = 2; df < 2000; df++)
		ck_assert(stats_t975(df) < stats_t975(df - 1));
}
END_TEST

START_TEST(test_interval_of_five_values)
{
	/* 2,4,4,4,6: mean 4, s^2 = 8/4 = 2, half = 2.776 * sqrt(2) / sqrt(5) */
	const double v[] = { 2, 4, 4, 4, 6 };
	struct stats_ci c = stats_ci_of(v, 5);

	ck_assert_double_eq(c.mean, 4);
	ck_assert_double_eq_tol(c.sd, sqrt(2.0), 1e-12);
	ck_assert_double_eq_tol(c.half, stats_t975(4) * sqrt(2.0) / sqrt(5.0), 1e-12);
	ck_assert_uint_eq(c.n, 5);
}
END_TEST

START_TEST(test_one_value_has_no_interval)
{
	const double v[] = { 7 };
	struct stats_ci c = stats_ci_of(v, 1), z = stats_ci_of(v, 0);

	ck_assert_double_eq(c.mean, 7);
	ck_assert_double_eq(c.half, 0);
	ck_assert_double_eq(z.mean, 0);
	ck_assert_uint_eq(z.n, 0);
}
END_TEST

START_TEST(test_constant_values_have_zero_width)
{
	const double v[] = { 1e12, 1e12, 1e12, 1e12 };
	struct stats_ci c = stats_ci_of(v, 4);

	ck_assert_double_eq(c.mean, 1e12);
	ck_assert_double_eq(c.half, 0);
}
END_TEST

extern Suite *stats_ci_suite(void);
Suite *stats_ci_suite(void)
{
	Suite *s = suite_create("stats_ci");
	TCase *tc = tcase_create("t table");

	tcase_add_test(tc, test_t_quantile_matches_the_published_values);
	tcase_add_test(tc, test_t_falls_with_every_degree_of_freedom);
	suite_add_tcase(s, tc);
	tc = tcase_create("intervals");
	tcase_add_test(tc, test_interval_of_five_values);
	tcase_add_test(tc, test_one_value_has_no_interval);
	tcase_add_test(tc, test_constant_values_have_zero_width);
	suite_add_tcase(s, tc);
	return s;
}
