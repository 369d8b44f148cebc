// SPDX-License-Identifier: MIT
/*
 * tests/test_rng.c - the run's random stream: fixed outputs for fixed seeds
 * (so any host gives the same numbers), bounded draws, forks.
 */
#include <check.h>

#include "base/rng.h"

START_TEST(test_seed_zero_gives_the_reference_stream)
{
	/* splitmix64(0) seeding, then xoshiro256**: computed independently. */
	static const uint64_t want[] = { 0x99ec5f36cb75f2b4ull, 0xbf6e1f784956452aull,
					 0x1a5f849d4933e6e0ull, 0x6aa594f1262d2d2cull,
					 0xbba5ad4a1f842e59ull };
	struct sim_rng r;

	rng_seed(&r, 0);
	ck_assert_uint_eq(r.s[0], 0xe220a8397b1dcdafull);
	ck_assert_uint_eq(r.s[1], 0x6e789e6aa1b965f4ull);
	for (int i = 0; i < 5; i++)
		ck_assert_uint_eq(sim_rng_next(&r), want[i]);
}
END_TEST

START_TEST(test_seed_42_gives_the_reference_stream)
{
	static const uint64_t want[] = { 0x15780b2e0c2ec716ull, 0x6104d9866d113a7eull,
					 0xae17533239e499a1ull, 0xecb8ad4703b360a1ull,
					 0xfde6dc7fe2ec5e64ull };
	struct sim_rng r;

	rng_seed(&r, 42);
	for (int i = 0; i < 5; i++)
		ck_assert_uint_eq(sim_rng_next(&r), want[i]);
}
END_TEST

START_TEST(test_same_seed_same_stream_other_seed_other_stream)
{
	struct sim_rng a, b, c;
	int same = 0;

	rng_seed(&a, 7);
	rng_seed(&b, 7);
	rng_seed(&c, 8);
	for (int i = 0; i < 1000; i++) {
		uint64_t x = sim_rng_next(&a);

		ck_assert_uint_eq(x, sim_rng_next(&b));
		same += x == sim_rng_next(&c);
	}
	ck_assert_int_eq(same, 0);
}
END_TEST

START_TEST(test_below_stays_in_range_and_covers_it)
{
	struct sim_rng r;
	int seen[10] = { 0 };

	rng_seed(&r, 1);
	ck_assert_uint_eq(sim_rng_below(&r, 0), 0);
	ck_assert_uint_eq(sim_rng_below(&r, 1), 0);
	for (int i = 0; i < 10000; i++) {
		uint64_t v = sim_rng_below(&r, 10);

		ck_assert_uint_lt(v, 10);
		seen[v]++;
	}
	/* Each bucket within 20% of the mean 1000: a biased draw would fail. */
	for (int i = 0; i < 10; i++) {
		ck_assert_int_gt(seen[i], 800);
		ck_assert_int_lt(seen[i], 1200);
	}
	for (int i = 0; i < 1000; i++)
		ck_assert_uint_lt(sim_rng_below(&r, UINT64_MAX), UINT64_MAX);
}
END_TEST

START_TEST(test_double_is_in_unit_interval)
{
	struct sim_rng r;
	double sum = 0;

	rng_seed(&r, 3);
	for (int i = 0; i < 10000; i++) {
		double d = sim_rng_double(&r);

		ck_assert(d >= 0.0 && d < 1.0);
		sum += d;
	}
	ck_assert(sum / 10000 > 0.45 && sum / 10000 < 0.55);
}
END_TEST

START_TEST(test_forks_are_independent_and_reproducible)
{
	struct sim_rng p1, p2, c1, c2, c3;

	rng_seed(&p1, 5);
	rng_seed(&p2, 5);
	rng_fork(&p1, &c1, 1);
	rng_fork(&p2, &c2, 1);
	ck_assert_uint_eq(sim_rng_next(&c1), sim_rng_next(&c2));
	rng_fork(&p1, &c3, 2);
	ck_assert_uint_ne(sim_rng_next(&c1), sim_rng_next(&c3));
}
END_TEST

extern Suite *rng_suite(void);

Suite *rng_suite(void)
{
	Suite *s = suite_create("rng");
	TCase *tc = tcase_create("reference");

	tcase_add_test(tc, test_seed_zero_gives_the_reference_stream);
	tcase_add_test(tc, test_seed_42_gives_the_reference_stream);
	tcase_add_test(tc, test_same_seed_same_stream_other_seed_other_stream);
	suite_add_tcase(s, tc);
	tc = tcase_create("draws");
	tcase_add_test(tc, test_below_stays_in_range_and_covers_it);
	tcase_add_test(tc, test_double_is_in_unit_interval);
	tcase_add_test(tc, test_forks_are_independent_and_reproducible);
	suite_add_tcase(s, tc);
	return s;
}
