// SPDX-License-Identifier: MIT
/*
 * tests/test_suggest.c - "did you mean": the nearest known name, and the
 * list of known names that follows it.
 */
#include <check.h>
#include <string.h>

#include "base/suggest.h"

static const char *const ops[] = { "create", "free", "pin", "unpin", "vmap", "shrink" };

START_TEST(test_distance_counts_edits_ignoring_case)
{
	ck_assert_uint_eq(suggest_distance("pin", "pin"), 0);
	ck_assert_uint_eq(suggest_distance("pinn", "pin"), 1);
	ck_assert_uint_eq(suggest_distance("PIN", "pin"), 0);
	ck_assert_uint_eq(suggest_distance("kitten", "sitting"), 3);
	ck_assert_uint_eq(suggest_distance("", "abc"), 3);
}
END_TEST

START_TEST(test_suggest_names_the_nearest_and_lists_all)
{
	char buf[200];

	ck_assert_str_eq(suggest_nearest("pinn", "ops", ops, 6, buf, sizeof(buf)),
			 "did you mean \"pin\"? ops: create, free, pin, unpin, vmap, shrink");
	ck_assert_str_eq(suggest_nearest("zzzzzz", "ops", ops, 6, buf, sizeof(buf)),
			 "ops: create, free, pin, unpin, vmap, shrink");
	ck_assert_str_eq(suggest_nearest("hrink", "ops", ops, 6, buf, sizeof(buf)),
			 "did you mean \"shrink\"? ops: create, free, pin, unpin, vmap, shrink");
	ck_assert_str_eq(suggest_nearest("x", "objects", NULL, 0, buf, sizeof(buf)),
			 "no objects are defined");
}
END_TEST

START_TEST(test_suggest_finds_a_name_containing_the_word)
{
	static const char *const stats[] = { "pages_evicted", "pages_swapped_in" };
	char buf[200];

	ck_assert_str_eq(suggest_nearest("swapped_in", "metrics", stats, 2, buf, sizeof(buf)),
			 "did you mean \"pages_swapped_in\"? metrics: pages_evicted, "
			 "pages_swapped_in");
}
END_TEST

START_TEST(test_suggest_cuts_a_long_list_at_a_name)
{
	char buf[60];

	suggest_nearest("pinn", "ops", ops, 6, buf, sizeof(buf));
	ck_assert_str_eq(buf, "did you mean \"pin\"? ops: create, ... (5 more)");
	ck_assert_uint_lt(strlen(buf), sizeof(buf));
}
END_TEST

Suite *suggest_suite(void);

Suite *suggest_suite(void)
{
	Suite *s = suite_create("suggest");
	TCase *tc = tcase_create("names");

	tcase_add_test(tc, test_distance_counts_edits_ignoring_case);
	tcase_add_test(tc, test_suggest_names_the_nearest_and_lists_all);
	tcase_add_test(tc, test_suggest_finds_a_name_containing_the_word);
	tcase_add_test(tc, test_suggest_cuts_a_long_list_at_a_name);
	suite_add_tcase(s, tc);
	return s;
}
