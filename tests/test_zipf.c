// SPDX-License-Identifier: MIT
/*
 * tests/test_zipf.c - the table-driven zipf draw (base/zipf.h) gives the rank
 * its definition gives: the first rank whose double cumulative weight
 * exceeds u = sim_rng_double(), found here by a binary search over the
 * doubles (what the workloads did before the integer tables).
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "base/rng.h"
#include "base/zipf.h"

#define X_MAX (UINT64_C(1) << 53) /* draws are 53-bit */

/* The definition: cdf by the same sums and division, then a binary search. */
struct ref {
	double *cdf;
	uint64_t n;
};

static struct ref ref_make(uint64_t n, double s)
{
	struct ref r = { malloc(n * sizeof(double)), n };
	double sum = 0;

	ck_assert_ptr_nonnull(r.cdf);
	for (uint64_t k = 0; k < n; k++) {
		sum += pow((double)(k + 1), -s);
		r.cdf[k] = sum;
	}
	for (uint64_t k = 0; k < n; k++)
		r.cdf[k] /= sum;
	return r;
}

static uint64_t ref_rank(const struct ref *r, uint64_t x)
{
	double u = (double)x * 0x1.0p-53;
	uint64_t lo = 0, hi = r->n - 1;

	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (r->cdf[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void expect_same(const struct sim_zipf *z, const struct ref *r, uint64_t x)
{
	if (x >= X_MAX)
		return;
	ck_assert_msg(sim_zipf_rank(z, x) == ref_rank(r, x),
		      "n %llu, x %llu: rank %llu, the definition says %llu",
		      (unsigned long long)r->n, (unsigned long long)x,
		      (unsigned long long)sim_zipf_rank(z, x), (unsigned long long)ref_rank(r, x));
}

static const uint64_t sizes[] = { 1, 2, 3, 5, 16, 17, 100, 625, 1000, 4097 };
static const double exponents[] = { 0.01, 0.5, 0.9, 1.0, 1.2, 3.0, 10.0 };

/*
 * Every place the answer can change: each bucket's first draw and the one
 * before it, each rank's threshold and the draws either side of it (taken
 * from the doubles, not from the tables under test), the ends, and random
 * draws.
 */
START_TEST(test_rank_is_the_first_whose_cdf_exceeds_u)
{
	uint64_t n = sizes[_i % (sizeof(sizes) / sizeof(sizes[0]))];
	struct sim_rng rng;

	rng_seed(&rng, (uint64_t)_i);
	for (size_t e = 0; e < sizeof(exponents) / sizeof(exponents[0]); e++) {
		struct ref r = ref_make(n, exponents[e]);
		struct sim_zipf z;

		ck_assert_int_eq(zipf_init(&z, n, exponents[e]), 0);
		ck_assert_uint_eq(z.n, n);
		ck_assert_uint_ge(X_MAX >> z.shift, n); /* at least a bucket per rank */
		for (uint64_t j = 0; j < (X_MAX >> z.shift); j++) {
			expect_same(&z, &r, j << z.shift);
			expect_same(&z, &r, (j << z.shift) - 1);
		}
		for (uint64_t k = 0; k < n; k++) {
			double t = floor(r.cdf[k] * 0x1.0p53);

			for (int d = -2; d <= 2; d++)
				expect_same(&z, &r, (uint64_t)((int64_t)t + d));
		}
		expect_same(&z, &r, 0);
		expect_same(&z, &r, X_MAX - 1);
		for (int k = 0; k < 20000; k++)
			expect_same(&z, &r, sim_rng_next(&rng) >> 11);
		zipf_fini(&z);
		free(r.cdf);
	}
}
END_TEST

/* A draw is one number of the stream, the one sim_rng_double() would take. */
START_TEST(test_draw_takes_one_number_of_the_stream)
{
	struct sim_rng a, b;
	struct sim_zipf z;
	struct ref r = ref_make(625, 0.9);

	ck_assert_int_eq(zipf_init(&z, 625, 0.9), 0);
	rng_seed(&a, 5);
	rng_seed(&b, 5);
	for (int k = 0; k < 1000; k++) {
		double u = sim_rng_double(&b);

		ck_assert_uint_eq(sim_zipf_draw(&z, &a), ref_rank(&r, (uint64_t)(u * 0x1.0p53)));
	}
	ck_assert_uint_eq(sim_rng_next(&a), sim_rng_next(&b));
	zipf_fini(&z);
	free(r.cdf);
}
END_TEST

START_TEST(test_zero_ranks_have_no_tables_too_many_fail)
{
	struct sim_zipf z;

	ck_assert_int_eq(zipf_init(&z, 0, 1.0), 0);
	ck_assert_ptr_null(z.thresh);
	zipf_fini(&z);
	ck_assert_int_eq(zipf_init(&z, (uint64_t)UINT32_MAX + 1, 1.0), -1);
	ck_assert_ptr_null(z.guide);
}
END_TEST

extern Suite *zipf_suite(void);
Suite *zipf_suite(void)
{
	Suite *s = suite_create("zipf");
	TCase *tc = tcase_create("draws");

	tcase_add_loop_test(tc, test_rank_is_the_first_whose_cdf_exceeds_u, 0,
			    (int)(sizeof(sizes) / sizeof(sizes[0])));
	tcase_add_test(tc, test_draw_takes_one_number_of_the_stream);
	tcase_add_test(tc, test_zero_ranks_have_no_tables_too_many_fail);
	suite_add_tcase(s, tc);
	return s;
}
