// SPDX-License-Identifier: MIT
/*
 * tests/test_shrink.c - the shrinker's rules (SPEC section 3), the LRU
 * policies' scan orders, and reclaim from the allocation path.
 */
#include <check.h>

#include "gem/gem_int.h"
#include "tests/gem_fixture.h"

/* Shrink with a request bigger than everything: a full shrink. */
#define ALL UINT64_C(1) << 40

/* ---- what survives a full shrink ---- */

START_TEST(test_pinned_object_survives_full_shrink)
{
	struct sim *s = fx_sim(256, 256);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, 16, 0), 0);
	ck_assert_int_eq(shm_pin(s, 0), 0);
	o = shm_get(s, 0);
	/* v19 22/30: the pin leaves it on lru_evictable, counted, visited */
	ck_assert_uint_eq(shrink_count(s), 16);
	ck_assert_int_eq(fx_scan(s, ALL), SHRINK_STOP);
	ck_assert_uint_eq(s->stats.shrinker_objects_scanned, 2);
	ck_assert(shm_has_pages(o));
	ck_assert_uint_eq(shm_resident_pages(o), 16);
	ck_assert_uint_eq(s->stats.shrinker_stops, 1);
	/* once unpinned (a use reference left), it goes */
	ck_assert_int_eq(shm_get_pages(s, 0), 0);
	ck_assert_int_eq(shm_unpin(s, 0), 0);
	ck_assert_uint_eq(shrink_count(s), 16);
	ck_assert_int_eq(fx_scan(s, ALL), 16);
	ck_assert(o->evicted);
	fx_finish(s);
}
END_TEST

START_TEST(test_vmapped_object_survives_full_shrink)
{
	struct sim *s = fx_sim(256, 256);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, 16, 0), 0);
	ck_assert_int_eq(shm_madvise(s, 0, true), 1);
	ck_assert_int_eq(shm_vmap(s, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(fx_scan(s, ALL), SHRINK_STOP);
	ck_assert_uint_eq(shm_resident_pages(o), 16);
	ck_assert_int_eq(shm_vmap_access(s, 0, 15), 0);
	ck_assert_uint_eq(s->violations, 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_exported_object_survives_full_shrink)
{
	struct sim *s = fx_sim(256, 256);
	struct shm_object *o = fx_bo_with_pages(s, 0, 16);

	ck_assert_int_eq(shm_madvise(s, 0, true), 1);
	ck_assert_uint_eq(shrink_count(s), 16);
	ck_assert_int_eq(dmabuf_export(s, 0, 0), 0);
	ck_assert_uint_eq(shrink_count(s), SHRINK_EMPTY);
	ck_assert_int_eq(fx_scan(s, ALL), SHRINK_STOP);
	ck_assert_uint_eq(shm_resident_pages(o), 16);
	ck_assert_int_eq(shm_purge(s, 0), GEMSIM_EINVAL);
	ck_assert_int_eq(shm_evict(s, 0), GEMSIM_EINVAL);
	fx_finish(s);
}
END_TEST

START_TEST(test_imported_object_and_its_exporter_survive_full_shrink)
{
	struct sim_policy p = fx_policy();
	struct sim *s;
	struct shm_object *e;

	p.attach_pins = false; /* only the sharing itself protects them */
	s = fx_sim_policy(256, 256, &p);
	e = fx_bo_with_pages(s, 0, 16);
	ck_assert_int_eq(dmabuf_export(s, 0, 0), 0);
	ck_assert_int_eq(dmabuf_import(s, 0, 1), 0);
	ck_assert_int_eq(e->pages_pin_count, 0);
	ck_assert_int_eq(fx_scan(s, ALL), SHRINK_STOP);
	ck_assert_uint_eq(shm_resident_pages(e), 16);
	ck_assert_ptr_nonnull(shm_frames(s, 1));
	fx_finish(s);
}
END_TEST

/* ---- order and passes ---- */

START_TEST(test_purge_pass_runs_before_evict_pass)
{
	struct sim *s = fx_sim(256, 256);
	struct shm_object *a = fx_bo_with_pages(s, 0, 16); /* older: head of the list */
	struct shm_object *b = fx_bo_with_pages(s, 1, 16);

	ck_assert_int_eq(shm_madvise(s, 1, true), 1);
	ck_assert_int_eq(fx_scan(s, 16), 16);
	ck_assert_int_eq(b->madv, -1);
	ck_assert(!a->evicted);
	ck_assert_uint_eq(shm_resident_pages(a), 16);
	ck_assert_uint_eq(s->stats.pages_purged, 16);
	ck_assert_uint_eq(s->stats.pages_evicted, 0);
	/* asking for more goes on to evict */
	ck_assert_int_eq(fx_scan(s, 16), 16);
	ck_assert(a->evicted);
	fx_finish(s);
}
END_TEST

START_TEST(test_purge_first_false_reclaims_in_list_order)
{
	struct sim_policy p = fx_policy();
	struct sim *s;
	struct shm_object *a, *b;

	p.purge_first = false;
	s = fx_sim_policy(256, 256, &p);
	a = fx_bo_with_pages(s, 0, 16);
	b = fx_bo_with_pages(s, 1, 16);
	ck_assert_int_eq(shm_madvise(s, 1, true), 1);
	ck_assert_int_eq(fx_scan(s, 16), 16);
	ck_assert(a->evicted); /* the head, evicted although b was purgeable */
	ck_assert_int_eq(b->madv, 1);
	ck_assert_int_eq(fx_scan(s, 16), 16);
	ck_assert_int_eq(b->madv, -1);
	fx_finish(s);
}
END_TEST

START_TEST(test_busy_object_is_skipped)
{
	struct sim *s = fx_sim(256, 256);
	struct shm_object *a = fx_bo_with_pages(s, 0, 16);

	shm_fence_add(s, 0, 1000000);
	ck_assert_int_eq(fx_scan(s, ALL), SHRINK_STOP);
	ck_assert(!a->evicted);
	ck_assert_uint_eq(s->stats.shrinker_skipped_busy, 1);
	shm_fence_signal(s, 0);
	ck_assert_int_eq(fx_scan(s, ALL), 16);
	ck_assert(a->evicted);
	fx_finish(s);
}
END_TEST

START_TEST(test_busy_object_reclaimed_under_busy_wait_when_fence_due)
{
	struct sim_policy p = fx_policy();
	struct sim *s;
	struct shm_object *a, *b;

	p.busy_wait = 10000; /* 10 us */
	s = fx_sim_policy(256, 256, &p);
	s->now = 5000;
	a = fx_bo_with_pages(s, 0, 16);
	b = fx_bo_with_pages(s, 1, 16);
	shm_fence_add(s, 0, 12000);  /* due within the wait */
	shm_fence_add(s, 1, 100000); /* too late */
	ck_assert_int_eq(fx_scan(s, ALL), 16);
	ck_assert(a->evicted);
	ck_assert(!b->evicted);
	ck_assert_uint_eq(s->stats.shrinker_busy_waits, 1);
	/* msm's order: the idle evict stage skips both, the active one waits for a, skips b */
	ck_assert_uint_eq(s->stats.shrinker_skipped_busy, 3);
	ck_assert_uint_eq(s->now, 5000); /* the wait is accounted, the clock does not move */
	fx_finish(s);                    /* and it is no violation 7 */
}
END_TEST

START_TEST(test_held_resv_lock_makes_the_shrinker_skip)
{
	struct sim *s = fx_sim(256, 256);
	struct shm_object *a = fx_bo_with_pages(s, 0, 16);

	ck_assert_int_eq(shm_resv_lock(s, 0), 0);
	ck_assert_int_eq(fx_scan(s, ALL), SHRINK_STOP);
	ck_assert(!a->evicted);
	ck_assert_uint_eq(s->stats.shrinker_skipped_locked, 2); /* purge and evict pass */
	ck_assert_int_eq(shm_resv_unlock(s, 0), 0);
	ck_assert_int_eq(fx_scan(s, ALL), 16);
	ck_assert(a->evicted);
	/* a job's op lock counts the same */
	ck_assert_int_eq(shm_swapin(s, 0), 0);
	ck_assert_int_eq(shm_op_lock(s, 0), 0);
	ck_assert_int_eq(fx_scan(s, ALL), SHRINK_STOP);
	ck_assert_int_eq(shm_op_unlock(s, 0), 0);
	ck_assert_int_eq(shm_op_unlock(s, 0), GEMSIM_EINVAL);
	fx_finish(s);
}
END_TEST

START_TEST(test_no_swap_means_purge_only)
{
	struct sim *s = fx_sim(256, 0);
	struct shm_object *a = fx_bo_with_pages(s, 0, 16);
	struct shm_object *b = fx_bo_with_pages(s, 1, 16);

	ck_assert_int_eq(shm_madvise(s, 1, true), 1);
	ck_assert_int_eq(fx_scan(s, ALL), 16);
	ck_assert_int_eq(b->madv, -1);
	ck_assert(!a->evicted);
	ck_assert_uint_eq(shm_resident_pages(a), 16);
	ck_assert_uint_ge(s->stats.shrinker_skipped_noswap, 1);
	fx_finish(s);
}
END_TEST

START_TEST(test_too_little_swap_skips_that_object)
{
	struct sim *s = fx_sim(256, 20);
	struct shm_object *a = fx_bo_with_pages(s, 0, 32);
	struct shm_object *b = fx_bo_with_pages(s, 1, 16);

	ck_assert_int_eq(fx_scan(s, ALL), 16);
	ck_assert(!a->evicted);
	ck_assert(b->evicted);
	ck_assert_uint_eq(s->stats.shrinker_skipped_noswap, 1);
	fx_finish(s);
}
END_TEST

START_TEST(test_evict_false_means_purge_only)
{
	struct sim_policy p = fx_policy();
	struct sim *s;
	struct shm_object *a, *b;

	p.evict = false;
	s = fx_sim_policy(256, 256, &p);
	a = fx_bo_with_pages(s, 0, 16);
	b = fx_bo_with_pages(s, 1, 16);
	ck_assert_int_eq(shm_madvise(s, 1, true), 1);
	ck_assert_int_eq(fx_scan(s, ALL), 16);
	ck_assert_int_eq(b->madv, -1);
	ck_assert(!a->evicted);
	ck_assert_int_eq(fx_scan(s, ALL), SHRINK_STOP);
	ck_assert(!a->evicted);
	ck_assert_uint_eq(s->stats.pages_evicted, 0);
	fx_finish(s);
}
END_TEST

/* ---- after reclaim ---- */

START_TEST(test_evicted_object_swaps_in_on_pin)
{
	struct sim *s = fx_sim(256, 256);
	struct shm_object *a = fx_bo_with_pages(s, 0, 16);

	ck_assert_int_eq(fx_scan(s, ALL), 16);
	ck_assert(a->evicted);
	ck_assert_int_eq(a->pages_use_count, 1); /* use counts survive eviction */
	ck_assert_uint_eq(shm_swapped_pages(a), 16);
	ck_assert(!shm_has_pages(a));
	ck_assert_int_eq(shm_pin(s, 0), 0);
	ck_assert(!a->evicted);
	ck_assert_uint_eq(shm_resident_pages(a), 16);
	ck_assert_int_eq(a->pages_use_count, 2);
	ck_assert_uint_eq(s->stats.pages_swapped_in, 16);
	fx_finish(s);
}
END_TEST

START_TEST(test_evicted_object_swaps_in_on_cpu_fault)
{
	struct sim *s = fx_sim(256, 256);
	struct shm_object *a;

	ck_assert_int_eq(shm_create(s, 0, 16, 0), 0);
	a = shm_get(s, 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 15, true), 0);
	ck_assert_int_eq(fx_scan(s, ALL), 16);
	ck_assert(a->evicted);
	ck_assert_uint_eq(s->stats.cpu_zaps, 16);
	ck_assert_int_eq(shm_cpu_access(s, 0, 4, 4, false), 0);
	ck_assert(!a->evicted);
	ck_assert_uint_eq(s->stats.cpu_faults, 17);
	fx_finish(s);
}
END_TEST

START_TEST(test_evicted_object_swaps_in_for_a_job)
{
	struct sim *s = fx_sim(256, 256);
	struct shm_object *a = fx_bo_with_pages(s, 0, 16);

	ck_assert_int_eq(shm_evict(s, 0), 0);
	ck_assert_int_eq(shm_get_pages(s, 0), 0); /* get_pages does not swap in */
	ck_assert(a->evicted);
	ck_assert_int_eq(shm_swapin(s, 0), 0);
	ck_assert(!a->evicted);
	ck_assert_uint_eq(s->stats.objects_swapped_in, 1);
	ck_assert_int_eq(shm_swapin(s, 0), 0);
	ck_assert_uint_eq(s->stats.objects_swapped_in, 1);
	fx_finish(s);
}
END_TEST

START_TEST(test_purged_object_never_comes_back)
{
	struct sim *s = fx_sim(256, 256);
	struct shm_object *a;

	ck_assert_int_eq(shm_create(s, 0, 16, 0), 0);
	a = shm_get(s, 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 0, false), 0);
	ck_assert_int_eq(shm_madvise(s, 0, true), 1);
	ck_assert_int_eq(fx_scan(s, ALL), 16);
	ck_assert_int_eq(a->madv, -1);
	ck_assert_int_eq(shm_get_pages(s, 0), GEMSIM_ENOMEM);
	ck_assert_int_eq(shm_pin(s, 0), GEMSIM_ENOMEM);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 0, false), GEMSIM_SIGBUS);
	ck_assert_int_eq(shm_swapin(s, 0), 0);
	ck_assert_int_eq(shm_madvise(s, 0, false), 0);
	ck_assert(!shm_has_pages(a));
	ck_assert_uint_eq(shm_swapped_pages(a), 0);
	ck_assert_int_eq(shm_munmap(s, 0), 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_evicted_purgeable_object_purges_from_swap)
{
	struct sim *s = fx_sim(256, 256);
	struct shm_object *a = fx_bo_with_pages(s, 0, 16);

	ck_assert_int_eq(shm_evict(s, 0), 0);
	ck_assert_int_eq(shm_madvise(s, 0, true), 1);
	ck_assert_uint_eq(shrink_count(s), 16);         /* purgeable: on the evictable list */
	ck_assert_int_eq(fx_scan(s, ALL), SHRINK_STOP); /* no frame freed... */
	ck_assert_int_eq(a->madv, -1);                  /* ...but the swap is */
	ck_assert_uint_eq(pg_free_slots(s), 256);
	fx_finish(s);
}
END_TEST

/* ---- vmap as a weak reference ---- */

START_TEST(test_weak_vmap_reclaimed_is_use_after_reclaim)
{
	struct sim_policy p = fx_policy();
	struct sim *s;
	struct shm_object *a;

	p.vmap_pins = false;
	s = fx_sim_policy(256, 256, &p);
	ck_assert_int_eq(shm_create(s, 0, 16, 0), 0);
	a = shm_get(s, 0);
	ck_assert_int_eq(shm_vmap(s, 0), 0);
	ck_assert_int_eq(shm_vmap_access(s, 0, 3), 0);
	ck_assert_uint_eq(s->violations, 0);
	ck_assert_int_eq(fx_scan(s, ALL), 16);
	ck_assert(a->evicted);
	ck_assert_int_eq(shm_vmap_access(s, 0, 3), 0);
	ck_assert_uint_eq(s->violations_by_inv[11], 1);
	/* still stale after a swap-in: the mapping points at the old frames */
	ck_assert_int_eq(shm_swapin(s, 0), 0);
	ck_assert_int_eq(shm_vmap_access(s, 0, 3), 0);
	ck_assert_uint_eq(s->violations_by_inv[11], 2);
	/* a fresh vmap is fine again */
	ck_assert_int_eq(shm_vunmap(s, 0), 0);
	ck_assert_int_eq(shm_vmap(s, 0), 0);
	ck_assert_int_eq(shm_vmap_access(s, 0, 3), 0);
	fx_finish_expect(s, 2);
}
END_TEST

START_TEST(test_weak_vmap_under_resv_lock_is_safe)
{
	struct sim_policy p = fx_policy();
	struct sim *s;
	struct shm_object *a;

	p.vmap_pins = false;
	s = fx_sim_policy(256, 256, &p);
	ck_assert_int_eq(shm_create(s, 0, 16, 0), 0);
	a = shm_get(s, 0);
	ck_assert_int_eq(shm_resv_lock(s, 0), 0);
	ck_assert_int_eq(shm_vmap(s, 0), 0);
	ck_assert_int_eq(fx_scan(s, ALL), SHRINK_STOP);
	ck_assert(!a->evicted);
	ck_assert_int_eq(shm_vmap_access(s, 0, 3), 0);
	ck_assert_int_eq(shm_vunmap(s, 0), 0);
	ck_assert_int_eq(shm_resv_unlock(s, 0), 0);
	fx_finish(s);
}
END_TEST

/* ---- LRU policies ---- */

/*
 * Three 1-page objects A, B, C enter the evictable list in that order; then
 * A is used, B is used, A is used again.  Two scans of one page each:
 *
 *   lru    order C B A         reclaims C, then B
 *   fifo   order A B C         reclaims A, then B
 *   clock  A, B referenced     spares A and B, reclaims C; then A (bit cleared)
 */
static void scan_order(const char *policy, uint32_t first, uint32_t second)
{
	struct sim_policy p = fx_policy();
	struct sim *s;
	int idx = lru_policy_find(policy);

	ck_assert_int_ge(idx, 0);
	p.reclaim = (unsigned)idx;
	s = fx_sim_policy(64, 64, &p);
	for (uint32_t bo = 0; bo < 3; bo++)
		fx_bo_with_pages(s, bo, 1);
	s->step++; /* the uses are later events than the entries */
	shm_touch(s, 0);
	shm_touch(s, 1);
	shm_touch(s, 0);
	ck_assert_int_eq(fx_scan(s, 1), 1);
	ck_assert_msg(shm_get(s, first)->evicted, "%s: first reclaim", policy);
	ck_assert_int_eq(fx_scan(s, 1), 1);
	ck_assert_msg(shm_get(s, second)->evicted, "%s: second reclaim", policy);
	fx_finish(s);
}

START_TEST(test_lru_reclaims_least_recently_used)
{
	scan_order("lru", 2, 1);
}
END_TEST

START_TEST(test_fifo_reclaims_in_entry_order)
{
	scan_order("fifo", 0, 1);
}
END_TEST

START_TEST(test_clock_gives_referenced_objects_a_second_chance)
{
	scan_order("clock", 2, 0);
}
END_TEST

START_TEST(test_clock_reclaims_when_everything_is_referenced)
{
	struct sim_policy p = fx_policy();
	struct sim *s;

	p.reclaim = (unsigned)lru_policy_find("clock");
	s = fx_sim_policy(64, 64, &p);
	for (uint32_t bo = 0; bo < 3; bo++) {
		fx_bo_with_pages(s, bo, 1);
		s->step++;
		shm_touch(s, bo);
	}
	ck_assert_int_eq(fx_scan(s, 1), 1);
	ck_assert(shm_get(s, 0)->evicted); /* a full turn of the hand */
	/* purge pass: 3 visits (none purgeable); evict pass: 3 spared, then the first again */
	ck_assert_uint_eq(s->stats.shrinker_objects_scanned, 7);
	fx_finish(s);
}
END_TEST

START_TEST(test_size_reclaims_largest_first)
{
	struct sim_policy p = fx_policy();
	struct sim *s;

	p.reclaim = (unsigned)lru_policy_find("size");
	s = fx_sim_policy(256, 256, &p);
	fx_bo_with_pages(s, 0, 2);
	fx_bo_with_pages(s, 1, 8);
	fx_bo_with_pages(s, 2, 4);
	fx_bo_with_pages(s, 3, 32);
	fx_bo_with_pages(s, 4, 9); /* same class as 8: least recently used first */
	ck_assert_int_eq(fx_scan(s, 1), 32);
	ck_assert(shm_get(s, 3)->evicted);
	ck_assert_int_eq(fx_scan(s, 1), 8);
	ck_assert(shm_get(s, 1)->evicted);
	ck_assert_int_eq(fx_scan(s, 1), 9);
	ck_assert(shm_get(s, 4)->evicted);
	ck_assert_int_eq(fx_scan(s, 1), 4);
	ck_assert(shm_get(s, 2)->evicted);
	/* each purge pass looks at every object (none is purgeable: 5+4+3+2),
	 * each evict pass at exactly one: the largest */
	ck_assert_uint_eq(s->stats.shrinker_objects_scanned, 14 + 4);
	fx_finish(s);
}
END_TEST

START_TEST(test_policy_table_names_and_docs)
{
	ck_assert_int_eq(lru_policy_find("lru"), 0);
	ck_assert_str_eq(lru_policy_name(0), "lru");
	ck_assert_int_ge(lru_policy_find("fifo"), 0);
	ck_assert_int_ge(lru_policy_find("clock"), 0);
	ck_assert_int_ge(lru_policy_find("size"), 0);
	ck_assert_int_eq(lru_policy_find("nope"), -1);
	ck_assert_uint_ge(lru_policy_count(), 4);
	for (unsigned i = 0; i < lru_policy_count(); i++)
		ck_assert_ptr_nonnull(lru_policy_doc(i));
	ck_assert_ptr_null(lru_policy_name(lru_policy_count()));
}
END_TEST

START_TEST(test_scan_visits_each_object_once_per_pass)
{
	struct sim *s = fx_sim(256, 256);

	for (uint32_t bo = 0; bo < 10; bo++)
		fx_bo_with_pages(s, bo, 4);
	for (uint32_t bo = 0; bo < 10; bo++)
		ck_assert_int_eq(shm_resv_lock(s, bo), 0);
	ck_assert_int_eq(fx_scan(s, ALL), SHRINK_STOP);
	/* a purge pass and an evict pass, ten objects each */
	ck_assert_uint_eq(s->stats.shrinker_objects_scanned, 20);
	ck_assert_uint_eq(s->stats.shrinker_skipped_locked, 20);
	/* skipped objects went back in order */
	ck_assert_int_eq(shm_resv_unlock(s, 0), 0);
	ck_assert_int_eq(fx_scan(s, 4), 4);
	ck_assert(shm_get(s, 0)->evicted);
	fx_finish(s);
}
END_TEST

/* ---- reclaim from the allocation path ---- */

START_TEST(test_allocation_runs_direct_reclaim)
{
	struct sim *s = fx_sim(100, 100);
	struct shm_object *a = fx_bo_with_pages(s, 0, 60);

	fx_bo_with_pages(s, 1, 60);
	ck_assert(a->evicted);
	ck_assert_uint_eq(s->stats.direct_reclaims, 1);
	ck_assert_uint_eq(s->stats.oom, 0);
	ck_assert_uint_eq(pg_free_frames(s), 40);
	fx_finish(s);
}
END_TEST

START_TEST(test_allocation_fails_enomem_when_nothing_reclaimable)
{
	struct sim *s = fx_sim(100, 100);
	struct shm_object *b;

	ck_assert_int_eq(shm_create(s, 0, 60, 0), 0);
	ck_assert_int_eq(shm_pin(s, 0), 0);
	ck_assert_int_eq(shm_create(s, 1, 60, 0), 0);
	b = shm_get(s, 1);
	ck_assert_int_eq(shm_get_pages(s, 1), GEMSIM_ENOMEM);
	ck_assert_uint_eq(s->stats.oom, 1);
	ck_assert_uint_eq(s->stats.direct_reclaims, 1);
	ck_assert(!shm_has_pages(b)); /* all or nothing */
	ck_assert_int_eq(b->pages_use_count, 0);
	ck_assert_uint_eq(pg_free_frames(s), 40);
	fx_finish(s);
}
END_TEST

START_TEST(test_background_reclaim_runs_to_high_watermark)
{
	struct sim_policy p = fx_policy();
	struct sim *s;
	struct sim_qev ev;

	p.wm_low = 30;
	p.wm_high = 50;
	p.reclaim_driver = SIM_RECLAIM_EXACT; /* the shortfall; vmscan's kswapd: test_vmscan.c */
	s = fx_sim_policy(100, 100, &p);
	fx_bo_with_pages(s, 0, 20);
	fx_bo_with_pages(s, 1, 20);
	fx_bo_with_pages(s, 2, 20);
	ck_assert_uint_eq(sim_queue_len(s->queue), 0); /* 40 free: above low */
	fx_bo_with_pages(s, 3, 20);
	ck_assert_uint_eq(pg_free_frames(s), 20);
	ck_assert_uint_eq(sim_queue_len(s->queue), 1);
	fx_bo_with_pages(s, 4, 5); /* one pending run at a time */
	ck_assert_uint_eq(sim_queue_len(s->queue), 1);
	ck_assert(sim_queue_pop(s->queue, &ev));
	ck_assert_uint_eq(ev.kind, SIM_Q_RECLAIM);
	gem_background_reclaim(s);
	ck_assert_uint_ge(pg_free_frames(s), 50);
	ck_assert_uint_le(pg_free_frames(s), 60);
	ck_assert_uint_eq(s->stats.background_reclaims, 1);
	ck_assert(shm_get(s, 0)->evicted);
	ck_assert(shm_get(s, 1)->evicted);
	ck_assert(!shm_get(s, 3)->evicted);
	gem_background_reclaim(s); /* above high: nothing to do */
	ck_assert_uint_eq(s->stats.background_reclaims, 1);
	fx_finish(s);
}
END_TEST

START_TEST(test_pressure_and_release_accounting)
{
	struct sim *s = fx_sim(100, 100);

	fx_bo_with_pages(s, 0, 30);
	ck_assert_int_eq(pg_pressure(s, 50), 0);
	ck_assert_uint_eq(pg_free_frames(s), 20);
	ck_assert_uint_eq(pg_other_frames(s), 50);
	ck_assert_uint_eq(s->stats.pressure_pages, 50);
	/* more than is free: reclaim the object */
	ck_assert_int_eq(pg_pressure(s, 40), 0);
	ck_assert(shm_get(s, 0)->evicted);
	ck_assert_uint_eq(s->stats.direct_reclaims, 1);
	ck_assert_uint_eq(pg_free_frames(s), 10);
	/* more than can be had: nothing taken */
	ck_assert_int_eq(pg_pressure(s, 11), GEMSIM_ENOMEM);
	ck_assert_uint_eq(s->stats.oom, 1);
	ck_assert_uint_eq(pg_other_frames(s), 90);
	ck_assert_int_eq(pg_release(s, 91), GEMSIM_EINVAL);
	ck_assert_uint_eq(s->warnings, 1);
	ck_assert_int_eq(pg_release(s, 90), 0);
	ck_assert_uint_eq(pg_free_frames(s), 100);
	ck_assert_uint_eq(pg_other_frames(s), 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_reclaim_pinned_knob_is_caught_as_violation_3)
{
	struct sim_policy p = fx_policy();
	struct sim *s;

	p.reclaim_pinned = true;
	s = fx_sim_policy(256, 256, &p);
	ck_assert_int_eq(shm_create(s, 0, 16, 0), 0);
	ck_assert_int_eq(shm_pin(s, 0), 0);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations, 0);
	ck_assert_int_eq(fx_scan(s, ALL), 16);
	ck_assert(shm_get(s, 0)->evicted);
	ck_assert_uint_eq(s->violations, 0); /* reported by the check, not the scan */
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations_by_inv[3], 1);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations_by_inv[3], 1); /* once */
	fx_finish_expect(s, 2); /* gem_check_all still sees a pinned evicted object */
}
END_TEST

/* ---- shrinker structures and kernels ---- */

/*
 * One list, purge pass that stops early: the willneed objects it walked
 * past go behind the ones it never reached (drm_gem_lru_scan's
 * still_in_lru), so the evict pass takes a hotter object.  msm keeps the
 * dontneed objects on their own list and the willneed order stays.
 *
 *   list:  A(willneed) B(willneed) P(dontneed) C(willneed) D(willneed)
 *   shrink 1 page:   purges P            generic: A B rotated  ->  C D A B
 *   shrink 1 page:   evicts              generic: C            msm: A
 */
static void rotation(unsigned shrinker, uint32_t evicted)
{
	struct sim_policy p = fx_policy();
	struct sim *s;

	p.shrinker = shrinker;
	s = fx_sim_policy(64, 64, &p);
	fx_bo_with_pages(s, 0, 1);                 /* A */
	fx_bo_with_pages(s, 1, 1);                 /* B */
	fx_bo_with_pages(s, 2, 1);                 /* P */
	ck_assert_int_eq(shm_madvise(s, 2, 1), 1); /* a state change: to the tail, then */
	fx_bo_with_pages(s, 3, 1);                 /* C */
	fx_bo_with_pages(s, 4, 1);                 /* D */
	ck_assert_int_eq(fx_scan(s, 1), 1);
	ck_assert_int_eq(shm_get(s, 2)->madv, -1);
	ck_assert_uint_eq(s->stats.shrinker_rotated, shrinker == SIM_SHRINKER_MSM ? 0u : 2u);
	ck_assert_int_eq(fx_scan(s, 1), 1);
	for (uint32_t bo = 0; bo < 5; bo++)
		if (bo != 2)
			ck_assert_msg(shm_get(s, bo)->evicted == (bo == evicted),
				      "shrinker %u: object %u evicted %d", shrinker, bo,
				      shm_get(s, bo)->evicted);
	fx_finish(s);
}

START_TEST(test_generic_purge_pass_rotates_skipped_objects_to_the_tail)
{
	rotation(SIM_SHRINKER_GENERIC, 3);
}
END_TEST

START_TEST(test_msm_separate_lists_keep_the_willneed_order)
{
	rotation(SIM_SHRINKER_MSM, 0);
}
END_TEST

/* Every object visited costs costs.scan_object of reclaim time. */
START_TEST(test_scan_cost_is_per_object_visited)
{
	struct sim *s = fx_sim(256, 256);
	sim_ns work0;

	for (uint32_t bo = 0; bo < 10; bo++)
		fx_bo_with_pages(s, bo, 1);
	ck_assert_int_eq(shm_pin(s, 9), 0);
	ck_assert_int_eq(shm_madvise(s, 9, 0), 1); /* a state change: to the pinned list */
	work0 = s->work;
	ck_assert_int_eq(fx_scan(s, 1), 1);
	/* purge pass: 9 objects walked (O(1) for the model, not for the kernel), evict: 1 */
	ck_assert_uint_eq(s->stats.shrinker_objects_scanned, 10);
	ck_assert_uint_eq(s->work - work0, 10 * s->cfg.costs.scan_object + s->cfg.costs.swap_out);
	ck_assert_uint_eq(s->lat[SIM_LAT_reclaim].max, s->work - work0);
	fx_finish(s);
}
END_TEST

/* policy.touch: what moves an object to the tail of its list. */
START_TEST(test_touch_policy_decides_what_moves_an_object)
{
	for (unsigned t = 0; t < SIM_TOUCH_COUNT; t++) {
		struct sim_policy p = fx_policy();
		struct sim *s;

		p.touch = t;
		s = fx_sim_policy(64, 64, &p);
		fx_bo_with_pages(s, 0, 1);
		fx_bo_with_pages(s, 1, 1);
		ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
		s->step++;
		ck_assert_int_eq(shm_cpu_access(s, 0, 0, 0, false),
				 0); /* a fault: no state change */
		ck_assert_int_eq(fx_scan(s, 1), 1);
		/* only "all" moves bo0 behind bo1 for a CPU access */
		ck_assert_msg(shm_get(s, t == SIM_TOUCH_ALL ? 1 : 0)->evicted, "touch %s",
			      sim_touch_names[t]);
		fx_finish(s);
	}
}
END_TEST

/*
 * clock insertion: an object a job swaps in enters unreferenced (libCacheSim's
 * Clock_insert, the default) or referenced, whatever the job's touch says.
 */
static bool clock_referenced_after_swapin(bool insert_referenced)
{
	struct sim_policy p = fx_policy();
	struct shm_object *o;
	struct sim *s;
	bool ref;

	p.reclaim = (unsigned)lru_policy_find("clock");
	p.clock_insert_referenced = insert_referenced;
	s = fx_sim_policy(64, 64, &p);
	o = fx_bo_with_pages(s, 0, 4);
	ck_assert_int_eq(shm_evict(s, 0), 0);
	s->step++;
	ck_assert_int_eq(shm_swapin(s, 0), 0); /* the job's swap-in ... */
	shm_touch(s, 0);                       /* ... and its touch, one step */
	ref = o->referenced;
	s->step++;
	shm_touch(s, 0); /* a later use always counts */
	ck_assert(o->referenced);
	fx_finish(s);
	return ref;
}

START_TEST(test_clock_insertion_rule)
{
	ck_assert(!clock_referenced_after_swapin(false));
	ck_assert(clock_referenced_after_swapin(true));
}
END_TEST

/* mainline (panfrost's shrinker): purge only, and only objects with an sg table. */
START_TEST(test_mainline_shrinker_purges_only_objects_with_an_sgt)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *a, *b;

	s->cfg.kernel = SIM_KERNEL_MAINLINE;
	a = fx_bo_with_pages(s, 0, 4);
	b = fx_bo_with_pages(s, 1, 4);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert_int_eq(shm_madvise(s, 1, 1), 1);
	ck_assert_int_eq(shm_get_pages_sgt(s, 1), 0); /* b: use 2, the table's reference */
	ck_assert(!shm_purgeable(s, a) && shm_purgeable(s, b));
	ck_assert(!shm_evictable(s, a));
	ck_assert_int_eq(fx_scan(s, 100), SHRINK_STOP); /* b keeps its pages: use 1 left */
	ck_assert_int_eq(b->madv, -1);
	ck_assert_uint_eq(shm_resident_pages(b), 4);
	ck_assert_int_eq(b->pages_use_count, 1);
	ck_assert(!a->evicted && a->madv == 1);
	ck_assert_uint_eq(s->stats.pages_evicted, 0);
	ck_assert_int_eq(shm_put_pages(s, 1), 0); /* the last reference frees them */
	ck_assert_uint_eq(pg_free_frames(s), 60);
	fx_finish(s);
}
END_TEST

/* v19: an object without funcs->evict is never reclaimed, never EBUSY for its table. */
START_TEST(test_no_shrinker_object_is_never_reclaimed)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, 4, SHM_CREATE_NO_SHRINKER), 0);
	ck_assert_int_eq(shm_get_pages(s, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert(!shm_purgeable(s, o) && !shm_evictable(s, o));
	ck_assert_int_eq(fx_scan(s, 100), SHRINK_STOP);
	ck_assert_uint_eq(shm_resident_pages(o), 4);
	ck_assert_int_eq(shm_get_pages_sgt(s, 0), 0);
	ck_assert_uint_eq(s->warnings, 0);
	fx_finish(s);
}
END_TEST

extern Suite *shrink_suite(void);
Suite *shrink_suite(void)
{
	Suite *su = suite_create("shrink");
	TCase *tc;

	tc = tcase_create("what survives a full shrink");
	tcase_add_test(tc, test_pinned_object_survives_full_shrink);
	tcase_add_test(tc, test_vmapped_object_survives_full_shrink);
	tcase_add_test(tc, test_exported_object_survives_full_shrink);
	tcase_add_test(tc, test_imported_object_and_its_exporter_survive_full_shrink);
	suite_add_tcase(su, tc);

	tc = tcase_create("scan passes and skips");
	tcase_add_test(tc, test_purge_pass_runs_before_evict_pass);
	tcase_add_test(tc, test_purge_first_false_reclaims_in_list_order);
	tcase_add_test(tc, test_busy_object_is_skipped);
	tcase_add_test(tc, test_busy_object_reclaimed_under_busy_wait_when_fence_due);
	tcase_add_test(tc, test_held_resv_lock_makes_the_shrinker_skip);
	tcase_add_test(tc, test_no_swap_means_purge_only);
	tcase_add_test(tc, test_too_little_swap_skips_that_object);
	tcase_add_test(tc, test_evict_false_means_purge_only);
	tcase_add_test(tc, test_scan_visits_each_object_once_per_pass);
	suite_add_tcase(su, tc);

	tc = tcase_create("after reclaim");
	tcase_add_test(tc, test_evicted_object_swaps_in_on_pin);
	tcase_add_test(tc, test_evicted_object_swaps_in_on_cpu_fault);
	tcase_add_test(tc, test_evicted_object_swaps_in_for_a_job);
	tcase_add_test(tc, test_purged_object_never_comes_back);
	tcase_add_test(tc, test_evicted_purgeable_object_purges_from_swap);
	suite_add_tcase(su, tc);

	tc = tcase_create("vmap as a weak reference");
	tcase_add_test(tc, test_weak_vmap_reclaimed_is_use_after_reclaim);
	tcase_add_test(tc, test_weak_vmap_under_resv_lock_is_safe);
	suite_add_tcase(su, tc);

	tc = tcase_create("LRU policies");
	tcase_add_test(tc, test_lru_reclaims_least_recently_used);
	tcase_add_test(tc, test_fifo_reclaims_in_entry_order);
	tcase_add_test(tc, test_clock_gives_referenced_objects_a_second_chance);
	tcase_add_test(tc, test_clock_reclaims_when_everything_is_referenced);
	tcase_add_test(tc, test_size_reclaims_largest_first);
	tcase_add_test(tc, test_policy_table_names_and_docs);
	suite_add_tcase(su, tc);

	tc = tcase_create("reclaim from allocation and pressure");
	tcase_add_test(tc, test_allocation_runs_direct_reclaim);
	tcase_add_test(tc, test_allocation_fails_enomem_when_nothing_reclaimable);
	tcase_add_test(tc, test_background_reclaim_runs_to_high_watermark);
	tcase_add_test(tc, test_pressure_and_release_accounting);
	tcase_add_test(tc, test_reclaim_pinned_knob_is_caught_as_violation_3);
	suite_add_tcase(su, tc);

	tc = tcase_create("shrinker structures and kernels");
	tcase_add_test(tc, test_generic_purge_pass_rotates_skipped_objects_to_the_tail);
	tcase_add_test(tc, test_msm_separate_lists_keep_the_willneed_order);
	tcase_add_test(tc, test_scan_cost_is_per_object_visited);
	tcase_add_test(tc, test_touch_policy_decides_what_moves_an_object);
	tcase_add_test(tc, test_clock_insertion_rule);
	tcase_add_test(tc, test_mainline_shrinker_purges_only_objects_with_an_sgt);
	tcase_add_test(tc, test_no_shrinker_object_is_never_reclaimed);
	suite_add_tcase(su, tc);
	return su;
}
