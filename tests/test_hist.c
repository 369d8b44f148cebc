// SPDX-License-Identifier: MIT
/*
 * tests/test_hist.c - latency histograms: exact small values, bounded
 * error above, percentiles by rank.
 */
#include <check.h>
#include <string.h>

#include "base/hist.h"

static struct sim_hist h;

static void setup(void)
{
	h = (struct sim_hist){ 0 };
}

START_TEST(test_empty_histogram_reports_zero)
{
	ck_assert_uint_eq(h.count, 0);
	ck_assert_uint_eq(hist_percentile(&h, 50), 0);
	ck_assert_uint_eq(hist_mean(&h), 0);
}
END_TEST

START_TEST(test_small_values_are_exact)
{
	for (uint64_t v = 1; v <= 10; v++)
		sim_hist_add(&h, v);
	ck_assert_uint_eq(h.count, 10);
	ck_assert_uint_eq(h.min, 1);
	ck_assert_uint_eq(h.max, 10);
	ck_assert_uint_eq(hist_mean(&h), 5); /* 55 / 10 */
	ck_assert_uint_eq(hist_percentile(&h, 50), 5);
	ck_assert_uint_eq(hist_percentile(&h, 90), 9);
	ck_assert_uint_eq(hist_percentile(&h, 100), 10);
	ck_assert_uint_eq(hist_percentile(&h, 1), 1);
}
END_TEST

START_TEST(test_large_values_are_within_a_sixteenth)
{
	static const uint64_t vals[] = { 17,
					 100,
					 1000,
					 12345,
					 999999,
					 123456789,
					 (uint64_t)1 << 40,
					 ((uint64_t)1 << 62) + 12345 };

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		setup();
		sim_hist_add(&h, vals[i]);
		sim_hist_add(&h, vals[i] * 2 > vals[i] ? vals[i] * 2 : vals[i]);

		uint64_t p = hist_percentile(&h, 50);

		ck_assert_uint_ge(p, vals[i]);
		ck_assert_uint_le(p - vals[i], vals[i] / 16 + 1);
	}
}
END_TEST

START_TEST(test_percentile_never_exceeds_the_maximum)
{
	sim_hist_add(&h, 1000);
	ck_assert_uint_eq(hist_percentile(&h, 99), 1000);
}
END_TEST

START_TEST(test_p99_picks_the_tail)
{
	for (int i = 0; i < 990; i++)
		sim_hist_add(&h, 10);
	for (int i = 0; i < 10; i++)
		sim_hist_add(&h, 5000);
	ck_assert_uint_eq(hist_percentile(&h, 50), 10);
	ck_assert_uint_eq(hist_percentile(&h, 99), 10);
	ck_assert_uint_ge(hist_percentile(&h, 100), 5000);
	sim_hist_add(&h, 5000);
	ck_assert_uint_gt(hist_percentile(&h, 99), 4000);
}
END_TEST

START_TEST(test_mean_is_exact_when_the_sum_passes_64_bits)
{
	sim_hist_add(&h, UINT64_MAX - 5);
	sim_hist_add(&h, 100);
	/* (2^64 - 6 + 100) / 2 = 2^63 + 47 */
	ck_assert_uint_eq(hist_mean(&h), ((uint64_t)1 << 63) + 47);
	/* the case: five latencies of 2^62 + 1 (a huge cost), the mean is one of them */
	memset(&h, 0, sizeof(h));
	for (int i = 0; i < 5; i++)
		sim_hist_add(&h, ((uint64_t)1 << 62) + 1);
	ck_assert_uint_eq(hist_mean(&h), ((uint64_t)1 << 62) + 1);
	ck_assert_uint_eq(hist_mean(&h), hist_percentile(&h, 50));
}
END_TEST

extern Suite *hist_suite(void);
Suite *hist_suite(void)
{
	Suite *s = suite_create("hist");
	TCase *tc = tcase_create("percentiles");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_empty_histogram_reports_zero);
	tcase_add_test(tc, test_small_values_are_exact);
	tcase_add_test(tc, test_large_values_are_within_a_sixteenth);
	tcase_add_test(tc, test_percentile_never_exceeds_the_maximum);
	tcase_add_test(tc, test_p99_picks_the_tail);
	tcase_add_test(tc, test_mean_is_exact_when_the_sum_passes_64_bits);
	suite_add_tcase(s, tc);
	return s;
}
