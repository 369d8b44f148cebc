// SPDX-License-Identifier: MIT
/*
 * tests/test_baselines.c - the driver baselines rule by rule (issue 21): the
 * list each driver keeps and in what order, what its count and scan
 * return, what its madvise and submission accept, v19's pin placement and
 * evicted flag, the cost of msm's bounded wait, the default touch.  Each
 * test names the kernel function it follows (docs/model.md, "Kernel
 * baselines, rule by rule").
 */
#include <check.h>
#include <string.h>

#include "gem/gem_int.h"
#include "gpu/gpu.h"
#include "sim/queue.h"
#include "sim/scenario.h"
#include "tests/gem_fixture.h"

/* A run with one GPU device, one VM and the @kernel and @pol given. */
static struct sim *gpu_sim(unsigned kernel, const struct sim_policy *pol)
{
	static struct sim_device_cfg dev = { 48, 64, 8, 1 };
	struct sim_vm_cfg vm = { 0 };
	struct sim_config cfg;
	struct scenario sc;
	struct sim *s;

	sim_config_defaults(&cfg);
	cfg.ram_pages = 1024;
	cfg.swap_pages = 1024;
	cfg.kernel = kernel;
	if (pol)
		cfg.policy = *pol;
	if (kernel == SIM_KERNEL_MAINLINE)
		cfg.policy.evict = false;
	s = gem_sim_create(&cfg);
	ck_assert_ptr_nonnull(s);
	memset(&sc, 0, sizeof(sc));
	sc.nnames[SIM_K_DEVICE] = 1;
	sc.devices = &dev;
	sc.nnames[SIM_K_VM] = 1;
	sc.vms = &vm;
	ck_assert_int_eq(gpu_create(s, &sc), 0);
	return s;
}

/* Object @bo of @npages pages mapped in VM 0 (mainline: with its sg table). */
static struct shm_object *mapped_bo(struct sim *s, uint32_t bo, uint64_t npages)
{
	ck_assert_int_eq(shm_create(s, bo, npages, 0), 0);
	ck_assert_int_eq(gpu_map(s, 0, bo, false, 0), 0);
	return shm_get(s, bo);
}

/* The slots of list @id from its head, in @out; Returns: how many. */
static uint32_t order(struct sim *s, unsigned id, uint32_t *out)
{
	uint32_t n = 0;

	for (uint32_t b = s->gem->lists[id].head; b != SIM_NONE; b = s->gem->links[b].next)
		out[n++] = b;
	return n;
}

/* ---- v19 22/30 ---- */

/* drm_gem_shmem_pin_locked(): refcount_set(pin, 1) with no LRU update. */
START_TEST(test_v19_pin_leaves_the_object_on_the_evictable_list)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	ck_assert_int_eq(shm_pin(s, 0), 0);
	o = shm_get(s, 0);
	ck_assert_uint_eq(o->lru, LRU_EVICTABLE);
	ck_assert_uint_eq(shrink_count(s), 8); /* counted ... */
	ck_assert_int_eq(shrink_scan(s, 8), SHRINK_STOP);
	ck_assert_uint_eq(s->stats.shrinker_objects_scanned, 2); /* ... visited by both passes */
	ck_assert_uint_eq(shm_resident_pages(o), 8);
	/* its next state change places it */
	ck_assert_int_eq(shm_madvise(s, 0, 0), 1);
	ck_assert_uint_eq(o->lru, LRU_PINNED);
	ck_assert_uint_eq(shrink_count(s), SHRINK_EMPTY);
	fx_finish(s);
}
END_TEST

/* msm places a pinned object at once (msm_gem_pin_obj_locked(): update_lru()). */
START_TEST(test_msm_pin_moves_the_object_to_the_pinned_list)
{
	struct sim_policy p = fx_policy();
	struct sim *s;

	p.shrinker = SIM_SHRINKER_MSM;
	s = fx_sim_policy(64, 64, &p);
	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	ck_assert_int_eq(shm_pin(s, 0), 0);
	ck_assert_uint_eq(shm_get(s, 0)->lru, LRU_PINNED);
	ck_assert_uint_eq(shrink_count(s), 0); /* msm_gem_shrinker_count(): 0, not EMPTY */
	fx_finish(s);
}
END_TEST

/* drm_gem_shmem_free_pages() returns early on an evicted object: the flag stays. */
START_TEST(test_v19_last_put_of_an_evicted_object_leaves_it_unevictable)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *o = fx_bo_with_pages(s, 0, 8);

	ck_assert_int_eq(shm_evict(s, 0), 0);
	ck_assert_int_eq(shm_put_pages(s, 0), 0);
	ck_assert(o->evicted_flag && !o->pages);
	ck_assert_uint_eq(o->lru, LRU_EVICTED); /* update_lru: evicted -> lru_evicted */
	ck_assert_uint_eq(pg_free_slots(s), 64);
	ck_assert_int_eq(shm_get_pages(s, 0), 0);
	ck_assert_uint_eq(shm_resident_pages(o), 8);
	ck_assert(!shm_evictable(s, o));
	ck_assert_uint_eq(o->lru, LRU_EVICTED);
	ck_assert_int_eq(fx_scan(s, 8), SHRINK_STOP);
	ck_assert_int_eq(shm_evict(s, 0), GEMSIM_EINVAL);
	/* a swap-in path (here the pin) clears it: evictable again once unpinned */
	ck_assert_int_eq(shm_pin(s, 0), 0);
	ck_assert(!o->evicted_flag);
	ck_assert_int_eq(shm_unpin(s, 0), 0);
	ck_assert(shm_evictable(s, o));
	ck_assert_int_eq(fx_scan(s, 8), 8);
	ck_assert_uint_eq(s->warnings, 1); /* the evict of an unevictable object */
	fx_finish(s);
}
END_TEST

/* drm_gem_shmem_shrinker_scan_objects(): STOP unless freed > 0 && remaining > 0. */
START_TEST(test_v19_scan_returns_stop_unless_a_lock_was_contended)
{
	struct sim *s = fx_sim(64, 64);

	fx_bo_with_pages(s, 0, 4);
	fx_bo_with_pages(s, 1, 4);
	ck_assert_uint_eq(shrink_count(s), 8);
	ck_assert_int_eq(shrink_scan(s, 4), SHRINK_STOP); /* freed 4, nothing contended */
	ck_assert_uint_eq(s->stats.shrinker_pages_freed, 4);
	fx_bo_with_pages(s, 2, 4);
	ck_assert_int_eq(shm_resv_lock(s, 1), 0);
	ck_assert_int_eq(shrink_scan(s, 4), 4); /* bo1 skipped on its lock, bo2 evicted */
	ck_assert_int_eq(shm_resv_unlock(s, 1), 0);
	fx_finish(s);
}
END_TEST

/* ---- v19 panfrost (30/30) ---- */

/* panfrost_objects_prepare(): -EINVAL for any object not WILLNEED. */
START_TEST(test_v19_panfrost_job_refuses_objects_not_willneed)
{
	struct sim_policy p = fx_policy();
	uint32_t bo = 0;
	struct sim *s;

	p.evict = false;
	s = gpu_sim(SIM_KERNEL_V19, &p);
	mapped_bo(s, 0, 4);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert_int_eq(gpu_submit(s, 0, &bo, 1, 1000, SIM_NONE), GEMSIM_EINVAL);
	ck_assert_int_eq(shm_madvise(s, 0, 0), 1);
	ck_assert_int_eq(gpu_submit(s, 0, &bo, 1, 1000, SIM_NONE), 0);
	fx_finish(s);
	/* the generic v19 driver takes a DONTNEED object */
	s = gpu_sim(SIM_KERNEL_V19, NULL);
	mapped_bo(s, 0, 4);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert_int_eq(gpu_submit(s, 0, &bo, 1, 1000, SIM_NONE), 0);
	fx_finish(s);
}
END_TEST

/* panfrost_ioctl_madvise() (30/30): a heap is answered retained, madv kept. */
START_TEST(test_v19_panfrost_heap_madvise_is_retained_and_unchanged)
{
	struct sim_policy p = fx_policy();
	struct sim *s;

	p.evict = false;
	s = fx_sim_policy(64, 64, &p);
	ck_assert_int_eq(shm_create(s, 0, 16, SHM_CREATE_HEAP), 0);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert_int_eq(shm_get(s, 0)->madv, 0);
	fx_finish(s);
	s = fx_sim(64, 64); /* the generic helper stores it */
	ck_assert_int_eq(shm_create(s, 0, 16, SHM_CREATE_HEAP), 0);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert_int_eq(shm_get(s, 0)->madv, 1);
	fx_finish(s);
}
END_TEST

/* drm_gem_shmem_free() (25/30): one WARN of three chained with ||; mainline WARNs each. */
/*
 * drm_gem_shmem_free(): v19 25/30 WARNs once and returns, so the object
 * leaks with its pages (frames, or swap slots when evicted), which nothing
 * gives back; mainline WARNs twice and frees.  The slot takes a new object.
 */
START_TEST(test_free_of_a_referenced_object_leaks_it_in_v19)
{
	for (unsigned k = 0; k < SIM_KERNEL_COUNT; k++) {
		bool v19 = k == SIM_KERNEL_V19;
		struct sim_config cfg;
		struct sim *s;

		sim_config_defaults(&cfg);
		cfg.ram_pages = cfg.swap_pages = 64;
		cfg.kernel = k;
		cfg.policy.evict = v19;
		s = gem_sim_create(&cfg);
		ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
		ck_assert_int_eq(shm_vmap(s, 0), 0);
		ck_assert_int_eq(shm_free(s, 0), 0);
		ck_assert_uint_eq(s->warnings, v19 ? 1 : 2);
		ck_assert_uint_eq(s->stats.objects_leaked, v19);
		ck_assert_uint_eq(s->stats.objects_freed, !v19);
		ck_assert_uint_eq(pg_leaked(s, false), v19 ? 8 : 0);
		ck_assert_uint_eq(pg_free_frames(s), v19 ? 56 : 64);
		/* the slot is free again; the leaked frames are not */
		ck_assert_int_eq(shm_create(s, 0, 64, 0), 0);
		ck_assert_int_eq(shm_get_pages(s, 0), v19 ? GEMSIM_ENOMEM : 0);
		if (v19) {
			/* evicted with a use reference: its swap slots leak */
			ck_assert_int_eq(shm_create(s, 1, 8, 0), 0);
			ck_assert_int_eq(shm_get_pages(s, 1), 0);
			ck_assert_int_eq(shm_evict(s, 1), 0);
			ck_assert_int_eq(shm_free(s, 1), 0);
			ck_assert_uint_eq(s->warnings, 2);
			ck_assert_uint_eq(pg_leaked(s, true), 8);
			ck_assert_uint_eq(pg_free_slots(s), 56);
			ck_assert_uint_eq(s->stats.pages_leaked, 16);
		}
		fx_finish(s);
	}
}
END_TEST

/* ---- mainline panfrost ---- */

/* panfrost_ioctl_madvise(): the list is in madvise order; nothing else moves it. */
START_TEST(test_mainline_list_keeps_madvise_order)
{
	struct sim *s = gpu_sim(SIM_KERNEL_MAINLINE, NULL);
	uint32_t got[4], bo = 0;

	for (uint32_t b = 0; b < 3; b++) {
		mapped_bo(s, b, 4);
		ck_assert_int_eq(shm_madvise(s, b, 1), 1);
	}
	/* state changes and a job do not move bo0 */
	ck_assert_int_eq(shm_get_pages(s, 0), 0);
	ck_assert_int_eq(shm_put_pages(s, 0), 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(gpu_submit(s, 0, &bo, 1, 1000, SIM_NONE), 0);
	ck_assert_uint_eq(order(s, LRU_EVICTABLE, got), 3);
	ck_assert_uint_eq(got[0], 0);
	/* a DONTNEED madvise again moves it to the tail (list_move_tail()) */
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert_uint_eq(order(s, LRU_EVICTABLE, got), 3);
	ck_assert_uint_eq(got[0], 1);
	ck_assert_uint_eq(got[2], 0);
	/* WILLNEED takes it off (list_del_init()) */
	ck_assert_int_eq(shm_madvise(s, 1, 0), 1);
	ck_assert_uint_eq(order(s, LRU_EVICTABLE, got), 2);
	ck_assert_uint_eq(got[0], 2);
	fx_finish(s);
}
END_TEST

/* panfrost_gem_shrinker_scan(): list_for_each_entry_safe(): skipped ones stay put. */
START_TEST(test_mainline_scan_leaves_skipped_objects_in_place)
{
	struct sim *s = gpu_sim(SIM_KERNEL_MAINLINE, NULL);
	uint32_t got[4];

	for (uint32_t b = 0; b < 4; b++) {
		mapped_bo(s, b, 4);
		ck_assert_int_eq(shm_madvise(s, b, 1), 1);
	}
	ck_assert_int_eq(shm_resv_lock(s, 0), 0); /* trylock fails */
	ck_assert_int_eq(shm_pin(s, 1), 0);       /* not purgeable */
	ck_assert_uint_eq(shrink_count(s), 12);   /* the purgeable ones, locked or not */
	ck_assert_int_eq(shrink_scan(s, 4), 4);   /* freed, not STOP */
	ck_assert_int_eq(shm_get(s, 2)->madv, -1);
	ck_assert_uint_eq(order(s, LRU_EVICTABLE, got), 3);
	ck_assert_uint_eq(got[0], 0);
	ck_assert_uint_eq(got[1], 1);
	ck_assert_uint_eq(got[2], 3);
	ck_assert_uint_eq(s->stats.shrinker_rotated, 0);
	ck_assert_int_eq(shm_resv_unlock(s, 0), 0);
	fx_finish(s);
}
END_TEST

/* panfrost_gem_shrinker_count() / _scan(): 0 when nothing, never EMPTY or STOP. */
START_TEST(test_mainline_count_and_scan_answer_zero_when_nothing_to_purge)
{
	struct sim *s = gpu_sim(SIM_KERNEL_MAINLINE, NULL);

	ck_assert_uint_eq(shrink_count(s), 0);
	ck_assert_int_eq(shrink_scan(s, 16), 0);
	mapped_bo(s, 0, 4);
	ck_assert_int_eq(shrink_scan(s, 16), 0);
	ck_assert_uint_eq(s->stats.shrinker_stops, 0);
	fx_finish(s);
}
END_TEST

/* panfrost_lookup_bos() does not test madv: the job runs and faults. */
START_TEST(test_mainline_job_using_a_purged_object_faults_on_the_gpu)
{
	struct sim *s = gpu_sim(SIM_KERNEL_MAINLINE, NULL);
	uint32_t bos[2] = { 0, 1 };

	mapped_bo(s, 0, 4);
	mapped_bo(s, 1, 4);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert_int_eq(shrink_scan(s, 4), 4);
	ck_assert_int_eq(shm_get(s, 0)->madv, -1);
	ck_assert_int_eq(gpu_submit(s, 0, bos, 2, 1000, SIM_NONE), 0);
	fx_run_until(s, 2000);
	ck_assert_uint_eq(s->stats.gpu_faults, 1);
	ck_assert_uint_eq(s->stats.jobs_killed, 1);
	ck_assert_uint_eq(s->stats.jobs_completed, 0);
	ck_assert_uint_eq(gpu_jobs_pending(s), 0);
	fx_finish(s);
	/* the v19 generic driver refuses it */
	s = gpu_sim(SIM_KERNEL_V19, NULL);
	mapped_bo(s, 0, 4);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert_int_eq(shm_purge(s, 0), 0);
	ck_assert_int_eq(gpu_submit(s, 0, bos, 1, 1000, SIM_NONE), GEMSIM_ENOMEM);
	fx_finish(s);
}
END_TEST

/* drm_gem_shmem_purge_locked(): drm_gem_free_mmap_offset(): a later mmap fails. */
START_TEST(test_purge_frees_the_mmap_offset)
{
	struct sim *s = gpu_sim(SIM_KERNEL_MAINLINE, NULL);

	mapped_bo(s, 0, 4);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert_int_eq(shrink_scan(s, 4), 4);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), GEMSIM_EINVAL);
	/* madv set to -1 by hand (the KUnit suite) frees no offset */
	ck_assert_int_eq(shm_create(s, 1, 4, SHM_CREATE_NO_SHRINKER), 0);
	ck_assert_int_eq(shm_madvise(s, 1, -1), 0);
	ck_assert_int_eq(shm_mmap(s, 1, 1, false), 0);
	fx_finish(s);
}
END_TEST

/* panfrost_ioctl_madvise(): DONTNEED needs the object in one VM only. */
START_TEST(test_panfrost_madvise_refuses_an_object_mapped_twice)
{
	struct sim_policy p = fx_policy();
	static struct sim_device_cfg dev = { 48, 64, 8, 1 };
	struct sim_vm_cfg vms[2] = { { 0 }, { 0 } };
	struct scenario sc;
	struct sim_config cfg;
	struct sim *s;

	p.evict = false;
	sim_config_defaults(&cfg);
	cfg.ram_pages = cfg.swap_pages = 256;
	cfg.policy = p;
	s = gem_sim_create(&cfg);
	memset(&sc, 0, sizeof(sc));
	sc.nnames[SIM_K_DEVICE] = 1;
	sc.devices = &dev;
	sc.nnames[SIM_K_VM] = 2;
	sc.vms = vms;
	ck_assert_int_eq(gpu_create(s, &sc), 0);
	mapped_bo(s, 0, 4);
	ck_assert_int_eq(gpu_map(s, 1, 0, false, 0), 0);
	ck_assert_int_eq(shm_madvise(s, 0, 1), GEMSIM_EINVAL);
	ck_assert_int_eq(shm_madvise(s, 0, 0), 1); /* WILLNEED has no such test */
	ck_assert_int_eq(gpu_unmap(s, 1, 0), 0);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	fx_finish(s);
}
END_TEST

/* ---- msm ---- */

/* msm_gem_shrinker_count(): willneed pages only when can_swap(). */
START_TEST(test_msm_count_includes_willneed_only_with_swap)
{
	struct sim_policy p = fx_policy();
	struct sim *s;

	p.shrinker = SIM_SHRINKER_MSM;
	s = fx_sim_policy(64, 0, &p);
	fx_bo_with_pages(s, 0, 4);
	fx_bo_with_pages(s, 1, 2);
	ck_assert_int_eq(shm_madvise(s, 1, 1), 1);
	ck_assert_uint_eq(shrink_count(s), 2);
	fx_finish(s);
	s = fx_sim_policy(64, 64, &p);
	fx_bo_with_pages(s, 0, 4);
	fx_bo_with_pages(s, 1, 2);
	ck_assert_int_eq(shm_madvise(s, 1, 1), 1);
	ck_assert_uint_eq(shrink_count(s), 6);
	fx_finish(s);
}
END_TEST

/* wait_for_idle(): the reclaiming task blocks until the fence or the bound. */
START_TEST(test_busy_wait_costs_the_reclaim_its_time)
{
	struct sim_policy p = fx_policy();
	struct sim *s;
	sim_ns work0;

	p.shrinker = SIM_SHRINKER_MSM;
	p.busy_wait = 10000;
	s = fx_sim_policy(64, 64, &p);
	fx_bo_with_pages(s, 0, 4);
	fx_bo_with_pages(s, 1, 4);
	shm_fence_add(s, 0, 50000); /* past the bound: the wait times out */
	shm_fence_add(s, 1, 13000); /* due 3 us after the first wait ends */
	work0 = s->work;
	ck_assert_int_eq(fx_scan(s, 4), 4);
	ck_assert_uint_eq(s->stats.shrinker_busy_timeouts, 1);
	ck_assert_uint_eq(s->stats.shrinker_busy_waits, 1);
	ck_assert_uint_eq(s->stats.shrinker_busy_wait_ns, 10000 + 3000);
	/* evict stage: two busy objects skipped; active_evict: a wait each, one eviction */
	ck_assert_uint_eq(s->stats.shrinker_objects_scanned, 4);
	ck_assert_uint_eq(s->work - work0,
			  4 * s->cfg.costs.scan_object + 13000 + 4 * s->cfg.costs.swap_out);
	ck_assert_uint_eq(s->lat[SIM_LAT_reclaim].max, s->work - work0);
	ck_assert(shm_get(s, 1)->evicted && !shm_get(s, 0)->evicted);
	fx_finish(s);
}
END_TEST

/* ---- the default touch ---- */

/* policy.touch "driver": msm moves a job's objects, v19 and mainline do not. */
START_TEST(test_default_touch_follows_the_driver)
{
	for (unsigned sh = 0; sh < SIM_SHRINKER_COUNT; sh++) {
		struct sim_policy p = fx_policy();
		uint32_t bo = 0, got[2];
		struct sim *s;

		ck_assert_uint_eq(p.touch, SIM_TOUCH_DRIVER);
		p.shrinker = sh;
		s = gpu_sim(SIM_KERNEL_V19, &p);
		mapped_bo(s, 0, 4);
		mapped_bo(s, 1, 4);
		ck_assert_int_eq(gpu_submit(s, 0, &bo, 1, 1000, SIM_NONE), 0);
		ck_assert_uint_eq(order(s, LRU_EVICTABLE, got), 2);
		ck_assert_uint_eq(got[0], sh == SIM_SHRINKER_MSM ? 1 : 0);
		fx_finish(s);
	}
}
END_TEST

extern Suite *baselines_suite(void);
Suite *baselines_suite(void)
{
	Suite *su = suite_create("baselines");
	TCase *tc;

	tc = tcase_create("v19 helper");
	tcase_add_test(tc, test_v19_pin_leaves_the_object_on_the_evictable_list);
	tcase_add_test(tc, test_msm_pin_moves_the_object_to_the_pinned_list);
	tcase_add_test(tc, test_v19_last_put_of_an_evicted_object_leaves_it_unevictable);
	tcase_add_test(tc, test_v19_scan_returns_stop_unless_a_lock_was_contended);
	tcase_add_test(tc, test_free_of_a_referenced_object_leaks_it_in_v19);
	suite_add_tcase(su, tc);
	tc = tcase_create("panfrost");
	tcase_add_test(tc, test_v19_panfrost_job_refuses_objects_not_willneed);
	tcase_add_test(tc, test_v19_panfrost_heap_madvise_is_retained_and_unchanged);
	tcase_add_test(tc, test_mainline_list_keeps_madvise_order);
	tcase_add_test(tc, test_mainline_scan_leaves_skipped_objects_in_place);
	tcase_add_test(tc, test_mainline_count_and_scan_answer_zero_when_nothing_to_purge);
	tcase_add_test(tc, test_mainline_job_using_a_purged_object_faults_on_the_gpu);
	tcase_add_test(tc, test_purge_frees_the_mmap_offset);
	tcase_add_test(tc, test_panfrost_madvise_refuses_an_object_mapped_twice);
	suite_add_tcase(su, tc);
	tc = tcase_create("msm and touch");
	tcase_add_test(tc, test_msm_count_includes_willneed_only_with_swap);
	tcase_add_test(tc, test_busy_wait_costs_the_reclaim_its_time);
	tcase_add_test(tc, test_default_touch_follows_the_driver);
	suite_add_tcase(su, tc);
	return su;
}
