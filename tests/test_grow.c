// SPDX-License-Identifier: MIT
/*
 * tests/test_grow.c - arrays that grow by doubling (base/grow.h): the
 * capacity they reach, and the sizes they refuse.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/grow.h"

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

Suite *grow_suite(void)
{
	Suite *s = suite_create("grow");
	TCase *tc = tcase_create("grow");

	tcase_add_test(tc, test_a_new_array_starts_at_first_and_doubles_past_need);
	tcase_add_test(tc, test_an_array_that_holds_need_already_is_left_alone);
	tcase_add_test(tc, test_a_capacity_past_32_bits_is_refused_and_leaves_the_array);
	tcase_add_test(tc, test_a_byte_size_past_size_max_is_refused);
	tcase_add_test(tc, test_grow_zero_clears_only_the_new_elements);
	suite_add_tcase(s, tc);
	return s;
}
