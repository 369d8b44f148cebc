// SPDX-License-Identifier: MIT
/*
 * tests/test_amap.c - the address map of base/amap.h agrees with a
 * plain array through random puts and deletes, also when keys collide in
 * one probe run and deletes shift later entries back.
 */
#include <check.h>
#include <stdlib.h>

#include "base/amap.h"
#include "base/rng.h"

START_TEST(test_map_agrees_with_an_array_through_puts_and_deletes)
{
	enum { N = 3000 };
	static uint32_t ref[N]; /* value + 1 per key slot, 0 absent */
	struct amap m = { 0 };
	struct sim_rng rng;

	rng_seed(&rng, 7);
	for (int step = 0; step < 40000; step++) {
		uint64_t k = sim_rng_next(&rng) % N;
		/* kernel-like keys: page-aligned, a few high bits */
		uint64_t key = 0xffff888100000000ull + k * 0x1000;

		if (sim_rng_next(&rng) % 3) {
			uint32_t v = (uint32_t)(sim_rng_next(&rng) % 1000000);

			ck_assert_int_eq(amap_put(&m, key, v), 0);
			ref[k] = v + 1;
		} else {
			amap_del(&m, key);
			ref[k] = 0;
		}
		if (step % 1999 == 0)
			for (uint64_t j = 0; j < N; j++)
				ck_assert_uint_eq(amap_get(&m, 0xffff888100000000ull + j * 0x1000),
						  ref[j] ? ref[j] - 1 : UINT32_MAX);
	}
	amap_free(&m);
}
END_TEST

START_TEST(test_key_zero_and_an_empty_map_work)
{
	struct amap m = { 0 };

	ck_assert_uint_eq(amap_get(&m, 0), UINT32_MAX);
	amap_del(&m, 5);
	ck_assert_int_eq(amap_put(&m, 0, 3), 0);
	ck_assert_uint_eq(amap_get(&m, 0), 3);
	amap_del(&m, 0);
	ck_assert_uint_eq(amap_get(&m, 0), UINT32_MAX);
	amap_free(&m);
}
END_TEST

extern Suite *amap_suite(void);

Suite *amap_suite(void)
{
	Suite *s = suite_create("amap");
	TCase *tc = tcase_create("map");

	tcase_add_test(tc, test_map_agrees_with_an_array_through_puts_and_deletes);
	tcase_add_test(tc, test_key_zero_and_an_empty_map_work);
	suite_add_tcase(s, tc);
	return s;
}
