// SPDX-License-Identifier: MIT
/*
 * tests/test_queue.c - the engine's event queue: time order, insertion
 * order on ties, millions of pending events.
 */
#include <check.h>
#include <stdlib.h>

#include "sim/queue.h"
#include "base/rng.h"

START_TEST(test_empty_queue_pops_nothing)
{
	struct sim_queue *q = sim_queue_create();
	struct sim_qev ev;

	ck_assert_ptr_nonnull(q);
	ck_assert(!sim_queue_pop(q, &ev));
	ck_assert_uint_eq(sim_queue_peek_time(q), UINT64_MAX);
	ck_assert_uint_eq(sim_queue_len(q), 0);
	sim_queue_destroy(q);
}
END_TEST

START_TEST(test_events_come_out_in_time_order)
{
	struct sim_queue *q = sim_queue_create();
	static const uint64_t at[] = { 50, 10, 40, 20, 30, 0, 60 };
	struct sim_qev ev;
	uint64_t last = 0;

	for (unsigned i = 0; i < 7; i++)
		ck_assert_int_eq(sim_queue_push(q, at[i], 1, i), 0);
	ck_assert_uint_eq(sim_queue_len(q), 7);
	ck_assert_uint_eq(sim_queue_peek_time(q), 0);
	for (int i = 0; i < 7; i++) {
		ck_assert(sim_queue_pop(q, &ev));
		ck_assert_uint_ge(ev.at, last);
		ck_assert_uint_eq(ev.at, (uint64_t)i * 10);
		last = ev.at;
	}
	sim_queue_destroy(q);
}
END_TEST

START_TEST(test_ties_keep_insertion_order)
{
	struct sim_queue *q = sim_queue_create();
	struct sim_qev ev;

	/* Interleave two times so ties are spread over the heap. */
	for (uint32_t i = 0; i < 1000; i++)
		sim_queue_push(q, i % 2 ? 5 : 7, 0, i);
	for (uint32_t i = 1; i < 1000; i += 2) {
		ck_assert(sim_queue_pop(q, &ev));
		ck_assert_uint_eq(ev.at, 5);
		ck_assert_uint_eq(ev.arg, i);
	}
	for (uint32_t i = 0; i < 1000; i += 2) {
		ck_assert(sim_queue_pop(q, &ev));
		ck_assert_uint_eq(ev.at, 7);
		ck_assert_uint_eq(ev.arg, i);
	}
	sim_queue_destroy(q);
}
END_TEST

START_TEST(test_kind_and_arg_survive)
{
	struct sim_queue *q = sim_queue_create();
	struct sim_qev ev;

	sim_queue_push(q, 3, 2, 0xdeadbeef);
	ck_assert(sim_queue_pop(q, &ev));
	ck_assert_uint_eq(ev.kind, 2);
	ck_assert_uint_eq(ev.arg, 0xdeadbeef);
	sim_queue_destroy(q);
}
END_TEST

START_TEST(test_millions_pending_stay_ordered)
{
	struct sim_queue *q = sim_queue_create();
	struct sim_rng r;
	struct sim_qev ev, prev = { 0 };
	const uint32_t n = 2000000;

	rng_seed(&r, 9);
	for (uint32_t i = 0; i < n; i++)
		ck_assert_int_eq(sim_queue_push(q, sim_rng_below(&r, 100000), 0, i), 0);
	ck_assert_uint_eq(sim_queue_len(q), n);
	for (uint32_t i = 0; i < n; i++) {
		ck_assert(sim_queue_pop(q, &ev));
		if (i && (ev.at < prev.at || (ev.at == prev.at && ev.seq < prev.seq)))
			ck_abort_msg("out of order at %u", i);
		prev = ev;
	}
	ck_assert(!sim_queue_pop(q, &ev));
	sim_queue_destroy(q);
}
END_TEST

START_TEST(test_interleaved_push_pop_matches_a_sorted_reference)
{
	struct sim_queue *q = sim_queue_create();
	struct sim_rng r;
	struct sim_qev ev;
	uint64_t now = 0, popped = 0, pushed = 0;

	/* A discrete-event pattern: pop the earliest, push a few in the future. */
	rng_seed(&r, 11);
	sim_queue_push(q, 0, 0, 0);
	pushed++;
	while (popped < 200000 && sim_queue_pop(q, &ev)) {
		ck_assert_uint_ge(ev.at, now);
		now = ev.at;
		popped++;
		for (uint64_t k = sim_rng_below(&r, 3); k > 0; k--, pushed++)
			sim_queue_push(q, now + sim_rng_below(&r, 50), 0, 0);
	}
	ck_assert_uint_eq(popped + sim_queue_len(q), pushed);
	sim_queue_destroy(q);
}
END_TEST

extern Suite *queue_suite(void);

Suite *queue_suite(void)
{
	Suite *s = suite_create("queue");
	TCase *tc = tcase_create("order");

	tcase_add_test(tc, test_empty_queue_pops_nothing);
	tcase_add_test(tc, test_events_come_out_in_time_order);
	tcase_add_test(tc, test_ties_keep_insertion_order);
	tcase_add_test(tc, test_kind_and_arg_survive);
	tcase_add_test(tc, test_interleaved_push_pop_matches_a_sorted_reference);
	suite_add_tcase(s, tc);
	tc = tcase_create("scale");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_millions_pending_stay_ordered);
	suite_add_tcase(s, tc);
	return s;
}
