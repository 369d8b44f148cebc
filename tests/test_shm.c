// SPDX-License-Identifier: MIT
/*
 * tests/test_shm.c - shmem objects: the cases of the kernel's KUnit suite
 * drm_gem_shmem_test.c, then the operations of SPEC section 2 with their
 * results and warnings.
 */
#include <check.h>

#include "gem/gem_int.h"
#include "tests/gem_fixture.h"

#define TEST_PAGES 256 /* TEST_SIZE = SZ_1M in 4 KiB pages */

/* ---- KUnit drm_gem_shmem_test.c ---- */

/* drm_gem_shmem_test_obj_create */
START_TEST(test_create_sets_size_and_no_pages)
{
	struct sim *s = fx_sim(1024, 1024);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, TEST_PAGES, 0), 0);
	o = shm_get(s, 0);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(o->npages, TEST_PAGES);
	ck_assert(!shm_has_pages(o));
	ck_assert_int_eq(o->pages_use_count, 0);
	ck_assert_int_eq(o->pages_pin_count, 0);
	ck_assert_int_eq(o->vmap_use_count, 0);
	ck_assert_int_eq(o->madv, 0);
	ck_assert_uint_eq(s->stats.objects_created, 1);
	ck_assert_int_eq(shm_free(s, 0), 0);
	ck_assert_ptr_null(shm_get(s, 0));
	ck_assert_uint_eq(s->warnings, 0);
	fx_finish(s);
}
END_TEST

/* drm_gem_shmem_test_obj_create_private: an object made from another's sg table */
START_TEST(test_create_from_import_has_sgt_and_no_pages)
{
	struct sim *s = fx_sim(1024, 1024);
	struct shm_object *o;

	fx_bo_with_pages(s, 0, TEST_PAGES);
	ck_assert_int_eq(dmabuf_export(s, 0, 0), 0);
	ck_assert_int_eq(dmabuf_import(s, 0, 1), 0);
	o = shm_get(s, 1);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(o->npages, TEST_PAGES);
	ck_assert(o->imported);
	ck_assert(o->sgt);
	ck_assert(!shm_has_pages(o));
	ck_assert_uint_eq(shm_resident_pages(o), 0);
	ck_assert_ptr_eq(shm_frames(s, 1), shm_frames(s, 0));
	ck_assert_int_eq(shm_free(s, 1), 0);
	ck_assert_int_eq(shm_put_pages(s, 0), 0);
	ck_assert_int_eq(shm_free(s, 0), 0);
	ck_assert_uint_eq(s->warnings, 0);
	fx_finish(s);
}
END_TEST

/* drm_gem_shmem_test_pin_pages */
START_TEST(test_pin_allocates_every_page_and_unpin_frees_them)
{
	struct sim *s = fx_sim(1024, 1024);
	struct shm_object *o;
	const uint32_t *frames;

	ck_assert_int_eq(shm_create(s, 0, TEST_PAGES, 0), 0);
	o = shm_get(s, 0);
	ck_assert_ptr_null(shm_frames(s, 0));
	ck_assert_int_eq(shm_pin(s, 0), 0);
	ck_assert(shm_has_pages(o));
	ck_assert_int_eq(o->pages_use_count, 1);
	ck_assert_int_eq(o->pages_pin_count, 1);
	frames = shm_frames(s, 0);
	ck_assert_ptr_nonnull(frames);
	for (unsigned i = 0; i < TEST_PAGES; i++)
		ck_assert_uint_ne(frames[i], PG_NONE);
	ck_assert_uint_eq(pg_free_frames(s), 1024 - TEST_PAGES);
	ck_assert_int_eq(shm_unpin(s, 0), 0);
	ck_assert(!shm_has_pages(o));
	ck_assert_int_eq(o->pages_use_count, 0);
	ck_assert_uint_eq(pg_free_frames(s), 1024);
	fx_finish(s);
}
END_TEST

/* drm_gem_shmem_test_vmap */
START_TEST(test_vmap_maps_every_page_and_vunmap_releases)
{
	struct sim *s = fx_sim(1024, 1024);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, TEST_PAGES, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(o->vmap_use_count, 0);
	ck_assert_int_eq(shm_vmap(s, 0), 0);
	ck_assert_int_eq(o->vmap_use_count, 1);
	ck_assert_int_eq(o->pages_pin_count, 1); /* v20: vmap pins */
	for (unsigned i = 0; i < TEST_PAGES; i++)
		ck_assert_int_eq(shm_vmap_access(s, 0, i), 0);
	ck_assert_uint_eq(s->stats.vmap_accesses, TEST_PAGES);
	ck_assert_int_eq(shm_vunmap(s, 0), 0);
	ck_assert_int_eq(o->vmap_use_count, 0);
	ck_assert_int_eq(o->pages_pin_count, 0);
	ck_assert(!shm_has_pages(o));
	fx_finish(s);
}
END_TEST

/* drm_gem_shmem_test_get_pages_sgt (which calls get_sg_table on a pinned object) */
START_TEST(test_get_sg_table_of_pinned_object_is_not_stored)
{
	struct sim *s = fx_sim(1024, 1024);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, TEST_PAGES, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(shm_pin(s, 0), 0);
	ck_assert_int_eq(shm_get_sg_table(s, 0), 0);
	ck_assert(!o->sgt);
	ck_assert_int_eq(o->pages_use_count, 1);
	ck_assert_int_eq(shm_unpin(s, 0), 0);
	fx_finish(s);
}
END_TEST

/* drm_gem_shmem_test_get_sg_table (which calls get_pages_sgt), mainline */
START_TEST(test_get_pages_sgt_stores_table_with_one_use_reference)
{
	struct sim *s = fx_sim(1024, 1024);
	struct shm_object *o;

	s->cfg.kernel = SIM_KERNEL_MAINLINE;
	ck_assert_int_eq(shm_create(s, 0, TEST_PAGES, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(shm_get_pages_sgt(s, 0), 0);
	ck_assert(shm_has_pages(o));
	ck_assert_int_eq(o->pages_use_count, 1);
	ck_assert(o->sgt);
	ck_assert_uint_eq(shm_resident_pages(o), TEST_PAGES);
	ck_assert_int_eq(shm_get_pages_sgt(s, 0), 0); /* the stored one */
	ck_assert_int_eq(o->pages_use_count, 1);
	ck_assert_int_eq(shm_free(s, 0), 0); /* the sgt's reference goes with it */
	ck_assert_uint_eq(s->warnings, 0);
	ck_assert_uint_eq(pg_free_frames(s), 1024);
	fx_finish(s);
}
END_TEST

/* The same KUnit case under v19: no table without pages, then one that holds no reference. */
START_TEST(test_get_pages_sgt_v19_builds_no_table_without_pages)
{
	struct sim *s = fx_sim(1024, 1024);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, TEST_PAGES, SHM_CREATE_NO_SHRINKER), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(shm_get_pages_sgt(s, 0), GEMSIM_ENOMEM);
	ck_assert_uint_eq(s->warnings, 1);
	ck_assert(!o->sgt);
	ck_assert_int_eq(o->pages_use_count, 0);
	/* no funcs->evict: an unpinned object with pages gets its table */
	ck_assert_int_eq(shm_get_pages(s, 0), 0);
	ck_assert_int_eq(shm_get_pages_sgt(s, 0), 0);
	ck_assert(o->sgt);
	ck_assert_int_eq(o->pages_use_count, 1);
	/* the last put frees the pages and the table with them */
	ck_assert_int_eq(shm_put_pages(s, 0), 0);
	ck_assert(!o->sgt && !shm_has_pages(o));
	ck_assert_uint_eq(pg_free_frames(s), 1024);
	ck_assert_int_eq(shm_free(s, 0), 0);
	ck_assert_uint_eq(s->warnings, 1);
	fx_finish(s);
}
END_TEST

/* drm_gem_shmem_test_madvise: madvise_locked(1), (-1), (0) */
START_TEST(test_madvise_changes_only_while_not_purged)
{
	struct sim *s = fx_sim(1024, 1024);
	struct shm_object *o;

	s->cfg.kernel = (unsigned)_i;
	ck_assert_int_eq(shm_create(s, 0, TEST_PAGES, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(o->madv, 0);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert_int_eq(o->madv, 1);
	ck_assert_int_eq(shm_madvise(s, 0, -1), 0);
	ck_assert_int_eq(o->madv, -1);
	ck_assert_int_eq(shm_madvise(s, 0, 0), 0);
	ck_assert_int_eq(o->madv, -1);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 0);
	ck_assert_int_eq(o->madv, -1);
	ck_assert_uint_eq(s->warnings, 0);
	fx_finish(s);
}
END_TEST

/* drm_gem_shmem_test_purge, mainline: purgeable once the table exists */
START_TEST(test_purge_only_when_purgeable_then_pages_and_sgt_gone)
{
	struct sim *s = fx_sim(1024, 1024);
	struct shm_object *o;

	s->cfg.kernel = SIM_KERNEL_MAINLINE;
	ck_assert_int_eq(shm_create(s, 0, TEST_PAGES, 0), 0);
	o = shm_get(s, 0);
	ck_assert(!shm_purgeable(s, o));
	ck_assert_int_eq(shm_purge(s, 0), GEMSIM_EINVAL); /* drm_WARN_ON(!purgeable) */
	ck_assert_uint_eq(s->warnings, 1);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert_int_eq(shm_get_pages_sgt(s, 0), 0);
	ck_assert(shm_purgeable(s, o));
	ck_assert_int_eq(shm_purge(s, 0), 0);
	ck_assert(!shm_has_pages(o));
	ck_assert(!o->sgt);
	ck_assert_int_eq(o->pages_use_count, 0);
	ck_assert_int_eq(o->madv, -1);
	ck_assert_uint_eq(s->stats.pages_purged, TEST_PAGES);
	ck_assert_uint_eq(pg_free_frames(s), 1024);
	/* mainline: a later get_pages gets fresh pages, madv stays -1 */
	ck_assert_int_eq(shm_get_pages(s, 0), 0);
	ck_assert_uint_eq(shm_resident_pages(o), TEST_PAGES);
	ck_assert_int_eq(o->madv, -1);
	ck_assert_int_eq(shm_put_pages(s, 0), 0);
	ck_assert_int_eq(shm_free(s, 0), 0);
	ck_assert_uint_eq(s->warnings, 1);
	fx_finish(s);
}
END_TEST

/* The same KUnit case under v19 (an object without funcs->evict, as KUnit's) */
START_TEST(test_purge_v19_kunit_object_is_never_purgeable)
{
	struct sim *s = fx_sim(1024, 1024);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, TEST_PAGES, SHM_CREATE_NO_SHRINKER), 0);
	o = shm_get(s, 0);
	ck_assert(!shm_purgeable(s, o));
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert_int_eq(shm_get_pages_sgt(s, 0), GEMSIM_ENOMEM); /* no pages: WARN */
	ck_assert(!shm_purgeable(s, o));
	/* purge_locked anyway: its WARN_ON_ONCE (30/30), free_pages() WARNs, madv = -1 */
	ck_assert_int_eq(shm_purge(s, 0), 0);
	ck_assert_uint_eq(s->warnings, 3);
	ck_assert(!shm_has_pages(o) && !o->sgt);
	ck_assert_int_eq(o->madv, -1);
	/* v19: a purged object never gets pages again */
	ck_assert_int_eq(shm_get_pages(s, 0), GEMSIM_ENOMEM);
	ck_assert_int_eq(shm_free(s, 0), 0);
	fx_finish(s);
}
END_TEST

/* v19 purge keeps the use count; mainline purge drops the sg table's one */
START_TEST(test_purge_use_count_by_kernel)
{
	struct sim *s = fx_sim(1024, 1024);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, TEST_PAGES, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert_int_eq(shm_purge(s, 0), 0);
	ck_assert_int_eq(o->pages_use_count, 1); /* the VMA's, put at munmap */
	ck_assert(!shm_has_pages(o));
	ck_assert_int_eq(shm_munmap(s, 0), 0);
	ck_assert_int_eq(o->pages_use_count, 0);
	ck_assert_int_eq(shm_free(s, 0), 0);
	ck_assert_uint_eq(s->warnings, 0);

	/* mainline: the VMA's reference keeps the pages through the purge */
	s->cfg.kernel = SIM_KERNEL_MAINLINE;
	ck_assert_int_eq(shm_create(s, 1, TEST_PAGES, 0), 0);
	o = shm_get(s, 1);
	ck_assert_int_eq(shm_mmap(s, 1, 1, false), 0);
	ck_assert_int_eq(shm_get_pages_sgt(s, 1), 0);
	ck_assert_int_eq(o->pages_use_count, 2);
	ck_assert_int_eq(shm_madvise(s, 1, 1), 1);
	ck_assert_int_eq(shm_purge(s, 1), 0);
	ck_assert_int_eq(o->pages_use_count, 1);
	ck_assert_uint_eq(shm_resident_pages(o), TEST_PAGES);
	ck_assert_int_eq(o->madv, -1);
	ck_assert_int_eq(shm_cpu_access(s, 1, 0, 0, false), GEMSIM_SIGBUS);
	ck_assert_int_eq(shm_munmap(s, 1), 0);
	ck_assert_uint_eq(pg_free_frames(s), 1024);
	ck_assert_int_eq(shm_free(s, 1), 0);
	ck_assert_uint_eq(s->warnings, 0);
	fx_finish(s);
}
END_TEST

/* ---- operations and WARNs ---- */

START_TEST(test_create_grows_tables_on_demand)
{
	struct sim *s = fx_sim(64, 64);

	ck_assert_int_eq(shm_create(s, 5, 4, 0), 0);
	ck_assert_int_eq(shm_create(s, 1000, 4, 0), 0);
	ck_assert_ptr_nonnull(shm_get(s, 1000));
	ck_assert_ptr_null(shm_get(s, 999));
	ck_assert_int_eq(shm_create(s, 5, 4, 0), GEMSIM_EINVAL);
	ck_assert_int_eq(shm_create(s, 6, 0, 0), GEMSIM_EINVAL);
	fx_finish(s);
}
END_TEST

START_TEST(test_unknown_or_freed_slot_is_enoent)
{
	struct sim *s = fx_sim(64, 64);

	ck_assert_int_eq(shm_pin(s, 3), GEMSIM_ENOENT);
	ck_assert_int_eq(shm_get_pages(s, 3), GEMSIM_ENOENT);
	ck_assert_int_eq(shm_free(s, 3), GEMSIM_ENOENT);
	ck_assert_int_eq(shm_munmap(s, 9), GEMSIM_ENOENT);
	ck_assert_int_eq(shm_cpu_access(s, 9, 0, 0, false), GEMSIM_ENOENT);
	ck_assert_int_eq(shm_create(s, 3, 4, 0), 0);
	ck_assert_int_eq(shm_free(s, 3), 0);
	ck_assert_int_eq(shm_vmap(s, 3), GEMSIM_ENOENT);
	ck_assert_int_eq(shm_madvise(s, 3, true), GEMSIM_ENOENT);
	ck_assert_uint_eq(s->warnings, 0);
	/* a freed slot can be created again */
	ck_assert_int_eq(shm_create(s, 3, 8, 0), 0);
	ck_assert_uint_eq(shm_get(s, 3)->npages, 8);
	fx_finish(s);
}
END_TEST

START_TEST(test_get_pages_counts_and_last_put_frees)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *o = fx_bo_with_pages(s, 0, 16);

	ck_assert_uint_eq(s->stats.pages_allocated, 16);
	ck_assert_int_eq(shm_get_pages(s, 0), 0);
	ck_assert_int_eq(o->pages_use_count, 2);
	ck_assert_uint_eq(s->stats.pages_allocated, 16);
	ck_assert_int_eq(shm_put_pages(s, 0), 0);
	ck_assert(shm_has_pages(o));
	ck_assert_int_eq(shm_put_pages(s, 0), 0);
	ck_assert(!shm_has_pages(o));
	ck_assert_uint_eq(s->stats.pages_freed, 16);
	ck_assert_int_eq(shm_put_pages(s, 0), GEMSIM_EINVAL);
	ck_assert_uint_eq(s->warnings, 1);
	ck_assert_int_eq(o->pages_use_count, 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_frames_are_contiguous_from_fresh_memory)
{
	struct sim *s = fx_sim(2048, 0);
	const uint32_t *f;

	fx_bo_with_pages(s, 0, 512);
	fx_bo_with_pages(s, 1, 512);
	f = shm_frames(s, 1);
	for (unsigned i = 0; i < 512; i++)
		ck_assert_uint_eq(f[i], 512 + i);
	ck_assert_uint_eq(pg_frame_owner(s, 600), 1);
	/* free the first, a new object of the same size gets the same block */
	ck_assert_int_eq(shm_put_pages(s, 0), 0);
	fx_bo_with_pages(s, 2, 512);
	f = shm_frames(s, 2);
	for (unsigned i = 0; i < 512; i++)
		ck_assert_uint_eq(f[i], i);
	fx_finish(s);
}
END_TEST

START_TEST(test_unpin_at_zero_warns_without_underflow)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, 4, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(shm_unpin(s, 0), GEMSIM_EINVAL);
	ck_assert_uint_eq(s->warnings, 1);
	ck_assert_int_eq(o->pages_pin_count, 0);
	ck_assert_int_eq(o->pages_use_count, 0);
	ck_assert_int_eq(shm_vunmap(s, 0), GEMSIM_EINVAL);
	ck_assert_uint_eq(s->warnings, 2);
	ck_assert_int_eq(o->vmap_use_count, 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_pin_of_imported_object_warns_einval)
{
	struct sim *s = fx_sim(64, 64);

	fx_bo_with_pages(s, 0, 4);
	ck_assert_int_eq(dmabuf_export(s, 0, 0), 0);
	ck_assert_int_eq(dmabuf_import(s, 0, 1), 0);
	ck_assert_int_eq(shm_pin(s, 1), GEMSIM_EINVAL);
	ck_assert_uint_eq(s->warnings, 1);
	ck_assert_int_eq(shm_get_pages(s, 1), GEMSIM_EINVAL);
	ck_assert_uint_eq(s->warnings, 2);
	ck_assert_int_eq(shm_get(s, 1)->pages_pin_count, 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_free_with_vmap_active_warns_once_and_leaks_the_pages)
{
	struct sim *s = fx_sim(64, 64);

	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	ck_assert_int_eq(shm_vmap(s, 0), 0);
	ck_assert_int_eq(shm_free(s, 0), 0);
	/* v19 25/30: the WARNs are chained with ||: the vmap one alone, and return */
	ck_assert_uint_eq(s->warnings, 1);
	ck_assert_uint_eq(pg_free_frames(s), 56);
	ck_assert_uint_eq(pg_leaked(s, false), 8);
	fx_finish(s);
}
END_TEST

START_TEST(test_free_with_a_leaked_get_pages_warns_and_leaks)
{
	struct sim *s = fx_sim(64, 64);

	fx_bo_with_pages(s, 0, 8); /* a get_pages never put */
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 3, true), 0);
	ck_assert_int_eq(shm_free(s, 0), 0);
	/* the VMA's reference is put at munmap, before the last GEM reference
	 * goes; the get_pages one is left: one WARN, the pages leak */
	ck_assert_uint_eq(s->warnings, 1);
	ck_assert_int_eq(shm_munmap(s, 0), GEMSIM_ENOENT); /* torn down with the object */
	ck_assert_uint_eq(pg_leaked(s, false), 8);
	fx_finish(s);
}
END_TEST

START_TEST(test_free_of_a_mapped_object_puts_the_mappings_references)
{
	struct sim *s = fx_sim(64, 64);

	ck_assert_int_eq(shm_create(s, 0, 8, false), 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 3, true), 0);
	ck_assert_int_eq(shm_get(s, 0)->pages_use_count, 1);
	ck_assert_int_eq(shm_free(s, 0), 0);
	ck_assert_uint_eq(s->warnings, 0);
	ck_assert_uint_eq(pg_free_frames(s), 64);
	ck_assert_uint_eq(s->stats.objects_leaked, 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_get_pages_on_purged_is_enomem)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *o = fx_bo_with_pages(s, 0, 8);

	ck_assert_int_eq(shm_madvise(s, 0, true), 1);
	ck_assert_int_eq(shm_purge(s, 0), 0);
	ck_assert_int_eq(shm_get_pages(s, 0), GEMSIM_ENOMEM);
	ck_assert_int_eq(shm_pin(s, 0), GEMSIM_ENOMEM);
	ck_assert_int_eq(shm_vmap(s, 0), GEMSIM_ENOMEM);
	/* the purge freed the fake offset (drm_gem_free_mmap_offset()) */
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), GEMSIM_EINVAL);
	ck_assert_int_eq(shm_swapin(s, 0), 0);
	ck_assert(!shm_has_pages(o));
	ck_assert_int_eq(o->madv, -1);
	ck_assert_uint_eq(s->warnings, 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_get_pages_sgt_on_unpinned_object_warns_ebusy)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(shm_get_pages(s, 0), 0);
	/* evictable: the shrinker-era helper refuses to hand out the table */
	ck_assert_int_eq(shm_get_pages_sgt(s, 0), GEMSIM_EBUSY);
	ck_assert_uint_eq(s->warnings, 1);
	ck_assert_int_eq(o->pages_use_count, 1);
	/* pinned, it is fine, and the table takes no reference */
	ck_assert_int_eq(shm_pin(s, 0), 0);
	ck_assert_int_eq(shm_get_pages_sgt(s, 0), 0);
	ck_assert(o->sgt);
	ck_assert_int_eq(o->pages_use_count, 2);
	ck_assert_uint_eq(s->warnings, 1);
	fx_finish(s);
}
END_TEST

START_TEST(test_mmap_private_is_einval)
{
	struct sim *s = fx_sim(64, 64);

	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, true), GEMSIM_EINVAL);
	ck_assert_int_eq(shm_get(s, 0)->pages_use_count, 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), GEMSIM_EINVAL); /* map name in use */
	ck_assert_int_eq(shm_get(s, 0)->pages_use_count, 1);
	fx_finish(s);
}
END_TEST

START_TEST(test_mmap_faults_each_page_once)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(o->pages_use_count, 1);
	ck_assert(shm_has_pages(o));
	ck_assert_uint_eq(s->stats.cpu_faults, 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 3, false), 0);
	ck_assert_uint_eq(s->stats.cpu_faults, 4);
	ck_assert_int_eq(shm_cpu_access(s, 0, 2, 5, true), 0);
	ck_assert_uint_eq(s->stats.cpu_faults, 6);
	ck_assert_int_eq(shm_munmap(s, 0), 0);
	ck_assert_int_eq(o->pages_use_count, 0);
	ck_assert(!shm_has_pages(o));
	fx_finish(s);
}
END_TEST

START_TEST(test_fault_past_end_or_on_purged_is_sigbus)
{
	struct sim *s = fx_sim(64, 64);

	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 7, 8, false), GEMSIM_SIGBUS);
	ck_assert_uint_eq(s->stats.cpu_fault_sigbus, 1);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 0, false), 0);
	ck_assert_int_eq(shm_madvise(s, 0, true), 1);
	ck_assert_int_eq(shm_purge(s, 0), 0);
	ck_assert_uint_eq(s->stats.cpu_zaps, 2);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 0, false), GEMSIM_SIGBUS);
	ck_assert_uint_eq(s->stats.cpu_fault_sigbus, 2);
	ck_assert_int_eq(shm_munmap(s, 0), 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_evicted_object_swaps_in_on_fault_and_zap_is_visible)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 7, false), 0);
	ck_assert_int_eq(shm_evict(s, 0), 0);
	ck_assert(o->evicted);
	ck_assert_uint_eq(shm_swapped_pages(o), 8);
	ck_assert_uint_eq(s->stats.cpu_zaps, 8);
	ck_assert_uint_eq(pg_free_frames(s), 64);
	ck_assert_uint_eq(pg_free_slots(s), 56);
	ck_assert_int_eq(shm_cpu_access(s, 0, 3, 3, false), 0);
	ck_assert(!o->evicted);
	ck_assert_uint_eq(s->stats.cpu_faults, 9);
	ck_assert_uint_eq(s->stats.pages_swapped_in, 8);
	ck_assert_uint_eq(pg_free_slots(s), 64);
	fx_finish(s);
}
END_TEST

START_TEST(test_fault_swapin_without_frames_is_vm_fault_oom)
{
	struct sim *s = fx_sim(16, 64);

	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(shm_evict(s, 0), 0);
	ck_assert_int_eq(pg_pressure(s, 12), 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 0, false), GEMSIM_VM_FAULT_OOM);
	ck_assert_uint_eq(s->stats.cpu_fault_oom, 1);
	ck_assert_uint_eq(s->stats.oom, 1);
	ck_assert(shm_get(s, 0)->evicted);
	ck_assert_int_eq(pg_release(s, 12), 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 0, false), 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_fork_takes_its_own_reference_and_no_ptes)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 7, false), 0);
	ck_assert_int_eq(shm_fork(s, 0, 1), 0);
	ck_assert_int_eq(o->pages_use_count, 2);
	ck_assert_uint_eq(s->stats.cpu_faults, 8);
	ck_assert_int_eq(shm_cpu_access(s, 1, 0, 0, false), 0);
	ck_assert_uint_eq(s->stats.cpu_faults, 9); /* the child faults its own */
	ck_assert_int_eq(shm_fork(s, 0, 1), GEMSIM_EINVAL);
	ck_assert_int_eq(shm_fork(s, 7, 2), GEMSIM_ENOENT);
	ck_assert_int_eq(shm_munmap(s, 0), 0);
	ck_assert(shm_has_pages(o));
	ck_assert_int_eq(shm_munmap(s, 1), 0);
	ck_assert(!shm_has_pages(o));
	fx_finish(s);
}
END_TEST

START_TEST(test_resv_lock_twice_warns_and_unlock_unheld_warns)
{
	struct sim *s = fx_sim(64, 64);

	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	ck_assert_int_eq(shm_resv_lock(s, 0), 0);
	ck_assert_int_eq(shm_resv_lock(s, 0), GEMSIM_EBUSY);
	ck_assert_uint_eq(s->warnings, 1);
	/* operations run as their _locked variants while it is held */
	ck_assert_int_eq(shm_pin(s, 0), 0);
	ck_assert_int_eq(shm_unpin(s, 0), 0);
	ck_assert_int_eq(shm_resv_unlock(s, 0), 0);
	ck_assert_int_eq(shm_resv_unlock(s, 0), GEMSIM_EINVAL);
	ck_assert_uint_eq(s->warnings, 2);
	fx_finish(s);
}
END_TEST

/* found by the differential oracle (docs/oracle.md): mmap, fault, vm_open,
 * vm_close and mainline's free take the lock themselves */
START_TEST(test_ops_that_take_the_lock_themselves_warn_while_the_scenario_holds_it)
{
	struct sim_config cfg;
	struct sim *s;

	sim_config_defaults(&cfg);
	cfg.ram_pages = cfg.swap_pages = 64;
	cfg.kernel = SIM_KERNEL_MAINLINE;
	s = gem_sim_create(&cfg);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(shm_create(s, 0, 4, 0), 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(shm_resv_lock(s, 0), 0);
	ck_assert_int_eq(shm_mmap(s, 0, 1, false), GEMSIM_EBUSY);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 0, false), GEMSIM_EBUSY);
	ck_assert_int_eq(shm_fork(s, 0, 2), GEMSIM_EBUSY);
	ck_assert_int_eq(shm_munmap(s, 0), GEMSIM_EBUSY);
	ck_assert_int_eq(shm_free(s, 0), GEMSIM_EBUSY);
	ck_assert_uint_eq(s->warnings, 5);
	/* nothing was done: one VMA, its reference, no PTE */
	ck_assert_int_eq(shm_get(s, 0)->pages_use_count, 1);
	ck_assert_uint_eq(shm_get(s, 0)->nr_vmas, 1);
	ck_assert(!shm_page_cpu_mapped(s, 0, 0));
	/* ops with a _locked variant still run under it */
	ck_assert_int_eq(shm_pin(s, 0), 0);
	ck_assert_int_eq(shm_unpin(s, 0), 0);
	ck_assert_int_eq(shm_resv_unlock(s, 0), 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 0, false), 0);
	ck_assert_int_eq(shm_munmap(s, 0), 0);
	ck_assert_int_eq(shm_free(s, 0), 0);
	ck_assert_uint_eq(s->warnings, 5);
	fx_finish(s);
}
END_TEST

START_TEST(test_heap_object_grows_by_chunks)
{
	struct sim *s = fx_sim(2048, 2048);
	struct shm_object *o;
	const uint32_t *f;

	ck_assert_int_eq(shm_create(s, 0, 2048, SHM_CREATE_HEAP), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(shm_heap_grow(s, 0, 512, 512), 0); /* makes the array, use = 1 */
	ck_assert(shm_has_pages(o));
	ck_assert_int_eq(o->pages_use_count, 1);
	ck_assert_uint_eq(shm_resident_pages(o), 512);
	ck_assert_uint_eq(s->stats.heap_grows, 1);
	f = shm_frames(s, 0);
	ck_assert_uint_eq(f[0], PG_NONE);
	ck_assert_uint_eq(f[512], 0);
	ck_assert_uint_eq(f[1023], 511);
	/* the chunk's first page is there: the fault bails out (2024 fix) */
	ck_assert_int_eq(shm_heap_grow(s, 0, 512, 512), SHM_HEAP_BAILOUT);
	ck_assert_uint_eq(s->stats.heap_grows, 1);
	ck_assert_int_eq(shm_heap_grow(s, 0, 2000, 512), GEMSIM_EINVAL);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), GEMSIM_EINVAL);
	ck_assert_int_eq(shm_vmap(s, 0), GEMSIM_EINVAL);
	/* never evicted, never purged */
	ck_assert_int_eq(shm_evict(s, 0), GEMSIM_EINVAL);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert(!shm_purgeable(s, o));
	ck_assert_int_eq(shm_heap_grow(s, 0, 0, 512), 0);
	ck_assert_uint_eq(shm_resident_pages(o), 1024);
	ck_assert(shm_heap_put_ref(s, 0));
	ck_assert(!o->pages);
	fx_finish(s);
}
END_TEST

START_TEST(test_fences_make_busy_until_signalled)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *o = fx_bo_with_pages(s, 0, 8);

	shm_fence_add(s, 0, 1000);
	shm_fence_add(s, 0, 500);
	ck_assert(shm_is_busy(o));
	ck_assert_uint_eq(o->fence_until, 1000);
	ck_assert_int_eq(shm_evict(s, 0), GEMSIM_EBUSY);
	ck_assert_int_eq(shm_madvise(s, 0, true), 1);
	ck_assert_int_eq(shm_purge(s, 0), GEMSIM_EBUSY);
	shm_fence_signal(s, 0);
	shm_fence_signal(s, 0);
	ck_assert(!shm_is_busy(o));
	shm_fence_signal(s, 0);
	ck_assert_uint_eq(s->warnings, 1);
	ck_assert_int_eq(shm_purge(s, 0), 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_evict_refuses_pinned_and_needs_swap)
{
	struct sim *s = fx_sim(64, 4);

	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	ck_assert_int_eq(shm_pin(s, 0), 0);
	ck_assert_int_eq(shm_evict(s, 0), GEMSIM_EINVAL);
	ck_assert_uint_eq(s->warnings, 1);
	ck_assert_int_eq(shm_unpin(s, 0), 0);
	fx_bo_with_pages(s, 1, 8);
	ck_assert_int_eq(shm_evict(s, 1), GEMSIM_ENOSPC);
	ck_assert_uint_eq(s->warnings, 1);
	fx_finish(s);
}
END_TEST

START_TEST(test_vmap_weak_reference_leaves_object_evictable)
{
	struct sim_policy p = fx_policy();
	struct sim *s;
	struct shm_object *o;

	p.vmap_pins = false;
	s = fx_sim_policy(64, 64, &p);
	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(shm_vmap(s, 0), 0);
	ck_assert_int_eq(o->pages_pin_count, 0);
	ck_assert_int_eq(o->pages_use_count, 1);
	ck_assert(shm_is_evictable(s, o));
	ck_assert_int_eq(shm_vunmap(s, 0), 0);
	ck_assert_int_eq(o->pages_use_count, 0);
	fx_finish(s);
}
END_TEST

extern Suite *shm_suite(void);
Suite *shm_suite(void)
{
	Suite *su = suite_create("shm");
	TCase *tc;

	tc = tcase_create("kunit drm_gem_shmem_test");
	tcase_add_test(tc, test_create_sets_size_and_no_pages);
	tcase_add_test(tc, test_create_from_import_has_sgt_and_no_pages);
	tcase_add_test(tc, test_pin_allocates_every_page_and_unpin_frees_them);
	tcase_add_test(tc, test_vmap_maps_every_page_and_vunmap_releases);
	tcase_add_test(tc, test_get_sg_table_of_pinned_object_is_not_stored);
	tcase_add_test(tc, test_get_pages_sgt_stores_table_with_one_use_reference);
	tcase_add_test(tc, test_get_pages_sgt_v19_builds_no_table_without_pages);
	tcase_add_loop_test(tc, test_madvise_changes_only_while_not_purged, 0, SIM_KERNEL_COUNT);
	tcase_add_test(tc, test_purge_only_when_purgeable_then_pages_and_sgt_gone);
	tcase_add_test(tc, test_purge_v19_kunit_object_is_never_purgeable);
	tcase_add_test(tc, test_purge_use_count_by_kernel);
	suite_add_tcase(su, tc);

	tc = tcase_create("object lifetime and references");
	tcase_add_test(tc, test_create_grows_tables_on_demand);
	tcase_add_test(tc, test_unknown_or_freed_slot_is_enoent);
	tcase_add_test(tc, test_get_pages_counts_and_last_put_frees);
	tcase_add_test(tc, test_frames_are_contiguous_from_fresh_memory);
	tcase_add_test(tc, test_fences_make_busy_until_signalled);
	tcase_add_test(tc, test_heap_object_grows_by_chunks);
	suite_add_tcase(su, tc);

	tc = tcase_create("kernel WARN conditions and error results");
	tcase_add_test(tc, test_unpin_at_zero_warns_without_underflow);
	tcase_add_test(tc, test_pin_of_imported_object_warns_einval);
	tcase_add_test(tc, test_free_with_vmap_active_warns_once_and_leaks_the_pages);
	tcase_add_test(tc, test_free_with_a_leaked_get_pages_warns_and_leaks);
	tcase_add_test(tc, test_free_of_a_mapped_object_puts_the_mappings_references);
	tcase_add_test(tc, test_get_pages_on_purged_is_enomem);
	tcase_add_test(tc, test_get_pages_sgt_on_unpinned_object_warns_ebusy);
	tcase_add_test(tc, test_resv_lock_twice_warns_and_unlock_unheld_warns);
	tcase_add_test(tc, test_ops_that_take_the_lock_themselves_warn_while_the_scenario_holds_it);
	tcase_add_test(tc, test_evict_refuses_pinned_and_needs_swap);
	tcase_add_test(tc, test_vmap_weak_reference_leaves_object_evictable);
	suite_add_tcase(su, tc);

	tc = tcase_create("CPU mappings and faults");
	tcase_add_test(tc, test_mmap_private_is_einval);
	tcase_add_test(tc, test_mmap_faults_each_page_once);
	tcase_add_test(tc, test_fault_past_end_or_on_purged_is_sigbus);
	tcase_add_test(tc, test_evicted_object_swaps_in_on_fault_and_zap_is_visible);
	tcase_add_test(tc, test_fault_swapin_without_frames_is_vm_fault_oom);
	tcase_add_test(tc, test_fork_takes_its_own_reference_and_no_ptes);
	suite_add_tcase(su, tc);
	return su;
}
