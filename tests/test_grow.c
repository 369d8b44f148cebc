// SPDX-License-Identifier: MIT
/*
 * tests/test_grow.c - arrays that grow by doubling (base/grow.h): the
 * capacity they reach, and the sizes they refuse; big arrays on huge pages
 * (base/hugemem.h) keep their contents across the threshold both ways.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/grow.h"
#include "base/hugemem.h"

extern Suite *grow_suite(void);

START_TEST(test_a_new_array_starts_at_first_and_doubles_past_need)
{
	uint64_t *a = NULL;
	uint32_t cap = 0;

	ck_assert_int_eq(grow_array(a, cap, 1, 16), 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(cap, 16);
	a[15] = 7;
	ck_assert_int_eq(grow_array(a, cap, 17, 16), 0);
	ck_assert_uint_eq(cap, 32);
	ck_assert_uint_eq(a[15], 7);
	ck_assert_int_eq(grow_array(a, cap, 200, 16), 0);
	ck_assert_uint_eq(cap, 256);
	free(a);
}
END_TEST

START_TEST(test_an_array_that_holds_need_already_is_left_alone)
{
	uint32_t *a = NULL;
	uint32_t cap = 0;

	/* nothing needed: no allocation, and no failure for it */
	ck_assert_int_eq(grow_array(a, cap, 0, 64), 0);
	ck_assert_ptr_null(a);
	ck_assert_uint_eq(cap, 0);
	ck_assert_int_eq(grow_array(a, cap, 64, 64), 0);

	uint32_t *was = a;

	ck_assert_int_eq(grow_array(a, cap, 64, 64), 0);
	ck_assert_ptr_eq(a, was);
	ck_assert_uint_eq(cap, 64);
	free(a);
}
END_TEST

START_TEST(test_a_capacity_past_32_bits_is_refused_and_leaves_the_array)
{
	char *a = NULL;
	uint32_t cap = 0;

	ck_assert_int_eq(grow_array(a, cap, 8, 8), 0);
	ck_assert_int_eq(grow_array(a, cap, (uint64_t)UINT32_MAX + 1, 8), -1);
	ck_assert_uint_eq(cap, 8);
	ck_assert_int_eq(grow_array(a, cap, UINT64_MAX, 8), -1);
	ck_assert_uint_eq(cap, 8);
	ck_assert_ptr_nonnull(a);
	free(a);
}
END_TEST

START_TEST(test_a_byte_size_past_size_max_is_refused)
{
	char *a = NULL;
	uint32_t cap = 0;

	/* eight elements of SIZE_MAX / 4 bytes each: the byte count overflows */
	ck_assert_int_eq(grow_to(&a, SIZE_MAX / 4, &cap, 8, 8, 0), -1);
	ck_assert_uint_eq(cap, 0);
	ck_assert_ptr_null(a);
}
END_TEST

START_TEST(test_grow_zero_clears_only_the_new_elements)
{
	uint32_t *a = NULL;
	uint32_t cap = 0;

	ck_assert_int_eq(grow_array_zero(a, cap, 3, 4), 0);
	for (uint32_t i = 0; i < cap; i++)
		ck_assert_uint_eq(a[i], 0);
	a[0] = a[3] = 9;
	ck_assert_int_eq(grow_array_zero(a, cap, 5, 4), 0);
	ck_assert_uint_eq(cap, 8);
	ck_assert_uint_eq(a[0], 9);
	ck_assert_uint_eq(a[3], 9);
	for (uint32_t i = 4; i < cap; i++)
		ck_assert_uint_eq(a[i], 0);
	free(a);
}
END_TEST

START_TEST(test_a_big_array_starts_on_a_huge_page_zeroed)
{
	unsigned char *small = hugemem_alloc(100), *big = hugemem_alloc(HUGEMEM_MIN + 1);

	ck_assert_ptr_nonnull(small);
	ck_assert_ptr_nonnull(big);
	ck_assert_uint_eq((uintptr_t)big % HUGEMEM_PAGE, 0);
	for (size_t i = 0; i < 100; i++)
		ck_assert_uint_eq(small[i], 0);
	for (size_t i = 0; i <= HUGEMEM_MIN; i += 4093)
		ck_assert_uint_eq(big[i], 0);
	ck_assert_uint_eq(big[HUGEMEM_MIN], 0);
	free(small);
	free(big);
}
END_TEST

START_TEST(test_growing_past_the_huge_threshold_keeps_the_contents)
{
	uint32_t *a = NULL, cap = 0, n = (uint32_t)(HUGEMEM_MIN / sizeof(*a)) * 2;

	ck_assert_int_eq(grow_array(a, cap, 1000, 64), 0);
	for (uint32_t i = 0; i < 1000; i++)
		a[i] = i * 7;
	/* from malloc's memory to whole huge pages */
	ck_assert_int_eq(grow_array(a, cap, n, 64), 0);
	ck_assert_uint_eq((uintptr_t)a % HUGEMEM_PAGE, 0);
	for (uint32_t i = 0; i < 1000; i++)
		ck_assert_uint_eq(a[i], i * 7);
	for (uint32_t i = 1000; i < n; i++)
		a[i] = i;
	/* and back below the threshold: realloc() of the aligned block */
	a = hugemem_realloc(a, (size_t)cap * sizeof(*a), 4000 * sizeof(*a));
	ck_assert_ptr_nonnull(a);
	for (uint32_t i = 0; i < 4000; i++)
		ck_assert_uint_eq(a[i], i < 1000 ? i * 7 : i);
	free(a);
}
END_TEST

Suite *grow_suite(void)
{
	Suite *s = suite_create("grow");
	TCase *tc = tcase_create("grow");

	tcase_add_test(tc, test_a_new_array_starts_at_first_and_doubles_past_need);
	tcase_add_test(tc, test_an_array_that_holds_need_already_is_left_alone);
	tcase_add_test(tc, test_a_capacity_past_32_bits_is_refused_and_leaves_the_array);
	tcase_add_test(tc, test_a_byte_size_past_size_max_is_refused);
	tcase_add_test(tc, test_grow_zero_clears_only_the_new_elements);
	tcase_add_test(tc, test_a_big_array_starts_on_a_huge_page_zeroed);
	tcase_add_test(tc, test_growing_past_the_huge_threshold_keeps_the_contents);
	suite_add_tcase(s, tc);
	return s;
}
