// SPDX-License-Identifier: MIT
/*
 * tests/test_vmscan.c - the reclaim driver (gem/vmscan.c): the shrinker
 * asked as mm/shrinker.c do_shrink_slab() and mm/vmscan.c
 * do_try_to_free_pages() / balance_pgdat() ask it, and the exact-shortfall
 * request kept as policy.reclaim_driver "exact".
 */
#include <check.h>

#include "gem/vmscan.h"
#include "tests/gem_fixture.h"

/* Every nr_to_scan the shrinker was asked for, in order. */
struct asks {
	uint64_t nr[64];
	unsigned n;
};

static void record_ask(void *ctx, struct sim *s, enum sim_obs kind, uint32_t a, uint64_t b)
{
	struct asks *k = ctx;

	(void)s;
	(void)a;
	if (kind == SIM_OBS_SCAN_BEGIN && k->n < 64)
		k->nr[k->n++] = b;
}

/* @n objects of @pages pages each, all resident, in @ram frames (swap for all). */
static struct sim *cache_of(const struct sim_policy *p, uint64_t ram, uint32_t n, uint64_t pages)
{
	struct sim *s = fx_sim_policy(ram, 4 * ram, p);

	for (uint32_t i = 0; i < n; i++)
		fx_bo_with_pages(s, i, pages);
	return s;
}

/*
 * The same, under mainline panfrost with every object DONTNEED: its scan
 * returns what it freed and never SHRINK_STOP (panfrost_gem_shrinker_scan()),
 * so do_shrink_slab()'s loop runs its whole course.
 */
static struct sim *freeing_cache_of(const struct sim_policy *p, uint64_t ram, uint32_t n,
				    uint64_t pages)
{
	struct sim_config cfg;
	struct sim *s;

	sim_config_defaults(&cfg);
	cfg.ram_pages = ram;
	cfg.swap_pages = 4 * ram;
	cfg.kernel = SIM_KERNEL_MAINLINE;
	cfg.policy = *p;
	cfg.policy.evict = false;
	s = gem_sim_create(&cfg);
	ck_assert_ptr_nonnull(s);
	for (uint32_t i = 0; i < n; i++) {
		/* purgeable needs the sg table: its reference alone holds the pages */
		ck_assert_int_eq(shm_create(s, i, pages, 0), 0);
		ck_assert_int_eq(shm_get_pages_sgt(s, i), 0);
		ck_assert_int_eq(shm_madvise(s, i, 1), 1);
	}
	return s;
}

START_TEST(test_shrink_slab_asks_in_batches_of_the_shrinker_batch)
{
	struct sim_policy p = fx_policy();
	struct asks k = { 0 };
	uint64_t scanned = 0;
	struct sim *s;

	/* 1024 pages at priority 4: (1024 >> 4) * 4 / 2 = 128 pages to scan */
	p.vmscan.batch = 32;
	s = freeing_cache_of(&p, 1024, 64, 16);
	ck_assert_int_eq(sim_observe_add(s, record_ask, &k), 0);
	vmscan_shrink_slab(s, 4, &scanned);
	ck_assert_uint_eq(scanned, 128);
	ck_assert_uint_eq(k.n, 4);
	for (unsigned i = 0; i < k.n; i++)
		ck_assert_uint_eq(k.nr[i], 32);
	ck_assert_uint_eq(pg_free_frames(s), 128);
	ck_assert_uint_eq(vmscan_nr_deferred(s), 0); /* all of it done */
	fx_finish(s);

	/* batch 0 is SHRINK_BATCH: one call of 128 */
	p.vmscan.batch = 0;
	k.n = 0;
	scanned = 0;
	s = freeing_cache_of(&p, 1024, 64, 16);
	ck_assert_int_eq(sim_observe_add(s, record_ask, &k), 0);
	vmscan_shrink_slab(s, 4, &scanned);
	ck_assert_uint_eq(k.n, 1);
	ck_assert_uint_eq(k.nr[0], 128);
	fx_finish(s);
}
END_TEST

START_TEST(test_shrink_slab_leaves_less_than_a_batch_for_later)
{
	struct sim_policy p = fx_policy();
	uint64_t scanned = 0;
	struct sim *s = freeing_cache_of(&p, 1024, 64, 16);

	/* priority 10: (1024 >> 10) * 4 / 2 = 2 pages, less than a batch: deferred */
	vmscan_shrink_slab(s, 10, &scanned);
	ck_assert_uint_eq(scanned, 0);
	ck_assert_uint_eq(s->stats.shrinker_scans, 0);
	ck_assert_uint_eq(vmscan_nr_deferred(s), 2);
	vmscan_shrink_slab(s, 10, &scanned);
	ck_assert_uint_eq(vmscan_nr_deferred(s), 4);
	/* priority 4: 128 new + (4 >> 4) = 0 old: one batch; 4 + 128 - 128 stay */
	vmscan_shrink_slab(s, 4, &scanned);
	ck_assert_uint_eq(scanned, 128);
	ck_assert_uint_eq(vmscan_nr_deferred(s), 4);
	/* priority 1: (896 >> 1) * 2 = 896 + (4 >> 1) = 2: seven batches, 2 left over */
	scanned = 0;
	vmscan_shrink_slab(s, 1, &scanned);
	ck_assert_uint_eq(scanned, 896);
	ck_assert_uint_eq(vmscan_nr_deferred(s), 4);
	fx_finish(s);
}
END_TEST

START_TEST(test_deferred_work_is_capped_at_twice_the_freeable)
{
	struct sim_policy p = fx_policy();
	uint64_t scanned = 0;
	struct sim *s;

	p.vmscan.seeks = 0; /* freeable / 2 at every priority */
	s = cache_of(&p, 256, 16, 16);
	for (uint32_t i = 0; i < 16; i++)
		ck_assert_int_eq(shm_resv_lock(s, i), 0); /* counted, never freed */
	for (unsigned i = 1; i <= 6; i++) {
		vmscan_shrink_slab(s, 12, &scanned);
		/* SHRINK_STOP at the first batch: nothing scanned, all deferred */
		ck_assert_uint_eq(s->stats.shrinker_scans, i);
		ck_assert_uint_eq(vmscan_nr_deferred(s), i * 128 < 512 ? i * 128 : 512);
	}
	ck_assert_uint_eq(scanned, 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_nothing_to_count_leaves_the_deferred_work_alone)
{
	struct sim_policy p = fx_policy();
	uint64_t scanned = 0;
	struct sim *s = freeing_cache_of(&p, 1024, 64, 16);

	vmscan_shrink_slab(s, 10, &scanned);
	ck_assert_uint_eq(vmscan_nr_deferred(s), 2);
	/* mainline panfrost counts purgeable objects only: 0 */
	for (uint32_t i = 0; i < 64; i++)
		ck_assert_int_eq(shm_madvise(s, i, 0), 1);
	ck_assert_uint_eq(shrink_count(s), 0);
	ck_assert_uint_eq(vmscan_shrink_slab(s, 0, &scanned), 0);
	ck_assert_uint_eq(s->stats.shrinker_scans, 0);
	ck_assert_uint_eq(vmscan_nr_deferred(s), 2);
	fx_finish(s);
}
END_TEST

START_TEST(test_shrink_empty_from_count_ends_the_call_like_0)
{
	struct sim_policy p = fx_policy();
	uint64_t scanned = 0;
	struct sim *s = cache_of(&p, 1024, 64, 16);

	vmscan_shrink_slab(s, 10, &scanned);
	ck_assert_uint_eq(vmscan_nr_deferred(s), 2);
	/* v19: lru_evictable empty, count_objects() says SHRINK_EMPTY */
	for (uint32_t i = 0; i < 64; i++)
		ck_assert_int_eq(shm_put_pages(s, i), 0);
	ck_assert_uint_eq(shrink_count(s), SHRINK_EMPTY);
	/* do_shrink_slab(): "freeable == 0 || freeable == SHRINK_EMPTY" returns */
	ck_assert_uint_eq(vmscan_shrink_slab(s, 0, &scanned), 0);
	ck_assert_uint_eq(s->stats.shrinker_scans, 0);
	ck_assert_uint_eq(scanned, 0);
	ck_assert_uint_eq(vmscan_nr_deferred(s), 2);
	fx_finish(s);
}
END_TEST

START_TEST(test_a_v19_scan_that_stops_after_freeing_ends_the_call)
{
	struct sim_policy p = fx_policy();
	struct asks k = { 0 };
	uint64_t scanned = 0;
	struct sim *s;

	/*
	 * 1024 pages at priority 4 in batches of 32: 128 to scan.  The v19
	 * scan frees its 32 and, with no object skipped on its lock, returns
	 * SHRINK_STOP: the loop ends there, nothing counts as scanned, and the
	 * whole 128 is deferred (add_nr_deferred()).
	 */
	p.vmscan.batch = 32;
	s = cache_of(&p, 1024, 64, 16);
	ck_assert_int_eq(sim_observe_add(s, record_ask, &k), 0);
	ck_assert_uint_eq(vmscan_shrink_slab(s, 4, &scanned), 0);
	ck_assert_uint_eq(k.n, 1);
	ck_assert_uint_eq(k.nr[0], 32);
	ck_assert_uint_eq(s->stats.shrinker_stops, 1);
	ck_assert_uint_eq(pg_free_frames(s), 32); /* the frames are freed all the same */
	ck_assert_uint_eq(scanned, 0);
	ck_assert_uint_eq(vmscan_nr_deferred(s), 128);
	/* the next call takes the deferred work: (128 >> 4) + (992 >> 4) * 2 */
	k.n = 0;
	vmscan_shrink_slab(s, 4, &scanned);
	ck_assert_uint_eq(k.n, 1);
	ck_assert_uint_eq(vmscan_nr_deferred(s), 128 + 124); /* stopped again */
	fx_finish(s);
}
END_TEST

START_TEST(test_a_cache_smaller_than_the_scan_is_scanned_whole)
{
	struct sim_policy p = fx_policy();
	struct asks k = { 0 };
	uint64_t scanned = 0;
	struct sim *s = freeing_cache_of(&p, 100, 4, 20);

	/* 80 pages at priority 1: (80 >> 1) * 4 / 2 = 80, less than a batch, all of it */
	ck_assert_int_eq(sim_observe_add(s, record_ask, &k), 0);
	vmscan_shrink_slab(s, 1, &scanned);
	ck_assert_uint_eq(k.n, 1);
	ck_assert_uint_eq(k.nr[0], 80);
	ck_assert_uint_eq(scanned, 80);
	ck_assert_uint_eq(pg_free_frames(s), 100);
	fx_finish(s);
}
END_TEST

START_TEST(test_direct_reclaim_aims_at_swap_cluster_max)
{
	struct sim_policy p = fx_policy();
	struct sim *s = cache_of(&p, 1024, 64, 16);

	ck_assert_int_eq(pg_pressure(s, 1), 0);
	/* one batch of 128 at the first priority that asks for one (4) */
	ck_assert_uint_eq(s->stats.direct_reclaims, 1);
	ck_assert_uint_eq(s->stats.shrinker_scans, 1);
	ck_assert_uint_eq(s->stats.pages_evicted, 128);
	ck_assert_uint_eq(pg_free_frames(s), 127);
	fx_finish(s);

	/* a target above one batch: the priority keeps falling until it is met */
	p.vmscan.swap_cluster_max = 200;
	s = cache_of(&p, 1024, 64, 16);
	ck_assert_int_eq(pg_pressure(s, 1), 0);
	ck_assert_uint_ge(s->stats.pages_evicted, 200);
	ck_assert_uint_lt(s->stats.pages_evicted, 1024);
	ck_assert_uint_eq(s->stats.direct_reclaims, 1);
	fx_finish(s);
}
END_TEST

START_TEST(test_priority_falls_from_def_priority_until_the_target_is_met)
{
	struct sim_policy p = fx_policy();
	struct sim *s = cache_of(&p, 1024, 64, 16);

	/* 12, 11, ... 4: nine do_shrink_slab() calls, eight of them below 12 */
	ck_assert_int_eq(pg_pressure(s, 1), 0);
	ck_assert_uint_eq(s->stats.vmscan_shrink_slab, 9);
	ck_assert_uint_eq(s->stats.vmscan_priority_drops, 8);
	fx_finish(s);

	/* starting at 4: the first round meets the target */
	p.vmscan.def_priority = 4;
	s = cache_of(&p, 1024, 64, 16);
	ck_assert_int_eq(pg_pressure(s, 1), 0);
	ck_assert_uint_eq(s->stats.vmscan_shrink_slab, 1);
	ck_assert_uint_eq(s->stats.vmscan_priority_drops, 0);
	ck_assert_uint_eq(s->stats.pages_evicted, 128);
	fx_finish(s);
}
END_TEST

START_TEST(test_direct_reclaim_with_nothing_to_free_reaches_priority_0_and_fails)
{
	struct sim_policy p = fx_policy();
	struct sim *s = cache_of(&p, 1024, 64, 16);

	for (uint32_t i = 0; i < 64; i++)
		ck_assert_int_eq(shm_resv_lock(s, i), 0);
	ck_assert_int_eq(pg_pressure(s, 1), GEMSIM_ENOMEM);
	ck_assert_uint_eq(s->stats.vmscan_shrink_slab, 13); /* 12 .. 0 */
	ck_assert_uint_eq(s->stats.oom, 1);
	fx_finish(s);
}
END_TEST

START_TEST(test_kswapd_reclaims_to_the_high_watermark)
{
	struct sim_policy p = fx_policy();
	struct sim *s;

	p.wm_low = 150;
	p.wm_high = 400;
	s = cache_of(&p, 1024, 14, 64);
	ck_assert_uint_eq(pg_free_frames(s), 128);
	gem_background_reclaim(s);
	/*
	 * priority 3 frees one batch (256 free, short of 400); the v19 scan
	 * returns SHRINK_STOP after each first batch (nothing skipped on its
	 * lock), so priorities 2 and 1 free one batch each: 512, balanced;
	 * the newest eight stay.
	 */
	ck_assert_uint_eq(pg_free_frames(s), 512);
	ck_assert_uint_eq(s->stats.shrinker_stops, 3);
	for (uint32_t i = 0; i < 14; i++)
		ck_assert(shm_get(s, i)->evicted == (i < 6));
	ck_assert_uint_eq(s->stats.background_reclaims, 1);
	ck_assert_uint_eq(s->stats.direct_reclaims, 0);
	/* balanced: nothing more to do */
	gem_background_reclaim(s);
	ck_assert_uint_eq(s->stats.background_reclaims, 1);
	ck_assert_uint_eq(pg_free_frames(s), 512);
	fx_finish(s);
}
END_TEST

START_TEST(test_kswapd_lowers_its_priority_every_round_whatever_the_shrinker_scanned)
{
	struct sim_policy p = fx_policy();
	uint64_t calls, drops;
	struct sim *s;

	/*
	 * kswapd_shrink_node() keeps the priority when sc->nr_scanned reaches
	 * max(high, SWAP_CLUSTER_MAX) = 32, but only page-LRU scans count
	 * there (shrink_inactive_list()); do_shrink_slab() does not add to it.
	 * The v19 list holds DONTNEED objects of 8 pages in threes: one
	 * locked, one swapped out, one resident.  A batch of 16 skips the
	 * locked one and purges the other two, which frees 8 frames for 16
	 * scanned; the skip makes the scan return what it freed, not
	 * SHRINK_STOP (remaining > 0), so the shrinker scans 32 and more a
	 * round while the node stays short of the watermark: the priority
	 * falls all the same.
	 */
	p.wm_low = 1;
	p.wm_high = 32;
	p.vmscan.batch = 16;
	s = cache_of(&p, 1024, 128, 8);
	for (uint32_t i = 0; i < 12; i++)
		ck_assert_int_eq(shm_evict(s, i), 0);
	for (uint32_t i = 0; i < 12; i++) {
		ck_assert_int_eq(shm_madvise(s, 24 + i, 1), 1);
		ck_assert_int_eq(shm_madvise(s, i, 1), 1);
		ck_assert_int_eq(shm_madvise(s, 12 + i, 1), 1);
	}
	for (uint32_t i = 24; i < 36; i++)
		ck_assert_int_eq(shm_resv_lock(s, i), 0);
	for (uint32_t i = 128; i < 140; i++)
		fx_bo_with_pages(s, i, 8);
	ck_assert_uint_eq(pg_free_frames(s), 0);
	gem_background_reclaim(s);
	ck_assert_uint_ge(pg_free_frames(s), 32);
	calls = s->stats.vmscan_shrink_slab;
	drops = s->stats.vmscan_priority_drops;
	/* every call but the first is at a lower priority than the one before */
	ck_assert_uint_gt(calls, 1);
	ck_assert_uint_eq(calls, drops + 1);
	fx_finish(s);
}
END_TEST

START_TEST(test_kswapd_runs_balance_pgdat_again_while_it_makes_progress)
{
	struct sim_policy p = fx_policy();
	struct sim *s;

	/*
	 * seeks 8: even priority 1 asks for a quarter of the cache, so one
	 * balance_pgdat() ends at 416 free frames, short of 600, having
	 * reclaimed some; kswapd() runs it again, with the deferred work.
	 */
	p.wm_low = 1;
	p.wm_high = 600;
	p.vmscan.seeks = 8;
	p.vmscan.batch = 16;
	s = cache_of(&p, 1024, 64, 16);
	gem_background_reclaim(s);
	ck_assert_uint_ge(pg_free_frames(s), 600);
	ck_assert_uint_lt(pg_free_frames(s), 1024);
	fx_finish(s);
}
END_TEST

START_TEST(test_exact_driver_asks_for_the_shortfall)
{
	struct sim_policy p = fx_policy();
	struct asks k = { 0 };
	struct sim *s;

	p.reclaim_driver = SIM_RECLAIM_EXACT;
	s = cache_of(&p, 1024, 64, 16);
	ck_assert_int_eq(sim_observe_add(s, record_ask, &k), 0);
	ck_assert_int_eq(pg_pressure(s, 1), 0);
	ck_assert_uint_eq(k.n, 1);
	ck_assert_uint_eq(k.nr[0], 1);
	ck_assert_uint_eq(s->stats.pages_evicted, 16);
	ck_assert_uint_eq(s->stats.vmscan_shrink_slab, 0);
	fx_finish(s);

	/* kswapd: the frames missing up to high, one object at a time */
	p.wm_low = 150;
	p.wm_high = 400;
	s = cache_of(&p, 1024, 14, 64);
	gem_background_reclaim(s);
	ck_assert_uint_eq(pg_free_frames(s), 448);
	ck_assert_uint_eq(s->stats.vmscan_shrink_slab, 0);
	fx_finish(s);
}
END_TEST

extern Suite *vmscan_suite(void);
Suite *vmscan_suite(void)
{
	Suite *su = suite_create("vmscan");
	TCase *tc = tcase_create("do_shrink_slab");

	tcase_add_test(tc, test_shrink_slab_asks_in_batches_of_the_shrinker_batch);
	tcase_add_test(tc, test_shrink_slab_leaves_less_than_a_batch_for_later);
	tcase_add_test(tc, test_deferred_work_is_capped_at_twice_the_freeable);
	tcase_add_test(tc, test_nothing_to_count_leaves_the_deferred_work_alone);
	tcase_add_test(tc, test_shrink_empty_from_count_ends_the_call_like_0);
	tcase_add_test(tc, test_a_v19_scan_that_stops_after_freeing_ends_the_call);
	tcase_add_test(tc, test_a_cache_smaller_than_the_scan_is_scanned_whole);
	suite_add_tcase(su, tc);

	tc = tcase_create("direct reclaim and kswapd");
	tcase_add_test(tc, test_direct_reclaim_aims_at_swap_cluster_max);
	tcase_add_test(tc, test_priority_falls_from_def_priority_until_the_target_is_met);
	tcase_add_test(tc, test_direct_reclaim_with_nothing_to_free_reaches_priority_0_and_fails);
	tcase_add_test(tc, test_kswapd_reclaims_to_the_high_watermark);
	tcase_add_test(tc,
		       test_kswapd_lowers_its_priority_every_round_whatever_the_shrinker_scanned);
	tcase_add_test(tc, test_kswapd_runs_balance_pgdat_again_while_it_makes_progress);
	tcase_add_test(tc, test_exact_driver_asks_for_the_shortfall);
	suite_add_tcase(su, tc);
	return su;
}
