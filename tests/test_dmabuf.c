// SPDX-License-Identifier: MIT
/*
 * tests/test_dmabuf.c - dma-buf export, attachments, mappings and imports.
 */
#include <check.h>

#include "gem/gem_int.h"
#include "tests/gem_fixture.h"

START_TEST(test_export_takes_object_off_the_evictable_list)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *o = fx_bo_with_pages(s, 0, 8);

	ck_assert_uint_eq(shrink_count(s), 8);
	ck_assert_int_eq(dmabuf_export(s, 0, 0), 0);
	ck_assert_uint_eq(shrink_count(s), SHRINK_EMPTY); /* v19 count_objects: none */
	ck_assert_uint_eq(o->dma_buf, 0);
	ck_assert_uint_eq(dmabuf_buf_exporter(s, 0), 0);
	ck_assert_int_eq(dmabuf_export(s, 0, 1), GEMSIM_EINVAL); /* already exported */
	ck_assert_int_eq(shm_create(s, 1, 4, 0), 0);
	ck_assert_int_eq(dmabuf_export(s, 1, 0), GEMSIM_EINVAL); /* buf name in use */
	ck_assert_int_eq(dmabuf_export(s, 9, 2), GEMSIM_ENOENT);
	ck_assert_uint_eq(s->stats.dmabuf_exports, 1);
	fx_finish(s);
}
END_TEST

START_TEST(test_attach_pins_and_detach_unpins)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *o;

	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(dmabuf_export(s, 0, 0), 0);
	ck_assert_int_eq(dmabuf_attach(s, 0, 0, 1), 0);
	ck_assert_int_eq(o->pages_pin_count, 1);
	ck_assert(shm_has_pages(o));
	ck_assert_int_eq(dmabuf_attach(s, 0, 0, 1), GEMSIM_EINVAL);
	ck_assert_int_eq(dmabuf_map_attachment(s, 0), 0);
	ck_assert_int_eq(dmabuf_map_attachment(s, 0), 0); /* a fresh table each time */
	ck_assert_int_eq(o->pages_use_count, 1);          /* tables take no reference */
	ck_assert_uint_eq(s->stats.dmabuf_maps, 2);
	ck_assert_int_eq(dmabuf_unmap_attachment(s, 0), 0);
	ck_assert_int_eq(dmabuf_unmap_attachment(s, 0), 0);
	ck_assert_int_eq(dmabuf_unmap_attachment(s, 0), GEMSIM_EINVAL);
	ck_assert_uint_eq(s->warnings, 1);
	ck_assert_int_eq(dmabuf_detach(s, 0), 0);
	ck_assert_int_eq(o->pages_pin_count, 0);
	ck_assert(!shm_has_pages(o));
	ck_assert_int_eq(dmabuf_detach(s, 0), GEMSIM_ENOENT);
	fx_finish(s);
}
END_TEST

START_TEST(test_attach_swaps_an_evicted_exporter_in)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *o = fx_bo_with_pages(s, 0, 8);

	ck_assert_int_eq(shm_evict(s, 0), 0);
	ck_assert_int_eq(dmabuf_export(s, 0, 0), 0);
	ck_assert_int_eq(dmabuf_attach(s, 0, 0, 1), 0);
	ck_assert(!o->evicted);
	ck_assert_int_eq(dmabuf_detach(s, 0), 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_attach_without_pin_policy_needs_pages_to_map)
{
	struct sim_policy p = fx_policy();
	struct sim *s;
	struct shm_object *o;

	p.attach_pins = false;
	s = fx_sim_policy(64, 64, &p);
	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(dmabuf_export(s, 0, 0), 0);
	ck_assert_int_eq(dmabuf_attach(s, 0, 0, 1), 0);
	ck_assert_int_eq(o->pages_pin_count, 0);
	ck_assert_int_eq(dmabuf_map_attachment(s, 0), GEMSIM_ENOMEM); /* v19: WARN, -ENOMEM */
	ck_assert_uint_eq(s->warnings, 1);
	ck_assert_int_eq(shm_get_pages(s, 0), 0);
	ck_assert_int_eq(dmabuf_map_attachment(s, 0), 0);
	/* the owner drops its pages under the importer's table: caught */
	ck_assert_int_eq(shm_put_pages(s, 0), 0);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations_by_inv[5], 1);
	ck_assert_int_eq(dmabuf_detach(s, 0), 0); /* warns: mapping still in place */
	ck_assert_uint_eq(s->warnings, 2);
	fx_finish_expect(s, 1);
}
END_TEST

START_TEST(test_import_shares_exporter_pages_and_redirects_cpu_access)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *e, *i;

	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	e = shm_get(s, 0);
	ck_assert_int_eq(dmabuf_export(s, 0, 0), 0);
	ck_assert_int_eq(dmabuf_import(s, 0, 1), 0);
	i = shm_get(s, 1);
	ck_assert_int_eq(e->pages_pin_count, 1);
	ck_assert(i->imported);
	ck_assert_ptr_eq(shm_frames(s, 1), e->pages);
	ck_assert_int_eq(dmabuf_import(s, 0, 1), GEMSIM_EINVAL); /* slot alive */
	/* vmap and mmap of the import go to the exporter */
	ck_assert_int_eq(shm_vmap(s, 1), 0);
	ck_assert_int_eq(e->vmap_use_count, 1);
	ck_assert_int_eq(i->vmap_use_count, 0);
	ck_assert_int_eq(shm_vmap_access(s, 1, 7), 0);
	ck_assert_int_eq(shm_vunmap(s, 1), 0);
	ck_assert_int_eq(shm_mmap(s, 1, 0, false), 0);
	ck_assert_int_eq(e->pages_use_count, 2);
	ck_assert_int_eq(shm_munmap(s, 0), 0);
	ck_assert_int_eq(shm_get_pages_sgt(s, 1), 0);
	/* the exporter cannot go while imported */
	ck_assert_int_eq(shm_free(s, 0), GEMSIM_EBUSY);
	ck_assert_uint_eq(s->warnings, 1);
	ck_assert_int_eq(shm_free(s, 1), 0);
	ck_assert_int_eq(e->pages_pin_count, 0);
	ck_assert_int_eq(shm_free(s, 0), 0);
	ck_assert_uint_eq(dmabuf_buf_exporter(s, 0), SIM_NONE);
	ck_assert_uint_eq(pg_free_frames(s), 64);
	ck_assert_uint_eq(s->warnings, 1);
	fx_finish(s);
}
END_TEST

START_TEST(test_import_of_unknown_buf_is_enoent)
{
	struct sim *s = fx_sim(64, 64);

	ck_assert_int_eq(dmabuf_import(s, 3, 1), GEMSIM_ENOENT);
	ck_assert_int_eq(dmabuf_attach(s, 3, 0, 0), GEMSIM_ENOENT);
	ck_assert_int_eq(dmabuf_map_attachment(s, 0), GEMSIM_ENOENT);
	ck_assert_ptr_null(shm_get(s, 1));
	fx_finish(s);
}
END_TEST

START_TEST(test_attach_that_cannot_get_pages_fails_enomem)
{
	struct sim *s = fx_sim(16, 16);

	ck_assert_int_eq(shm_create(s, 0, 32, 0), 0);
	ck_assert_int_eq(dmabuf_export(s, 0, 0), 0);
	ck_assert_int_eq(dmabuf_attach(s, 0, 0, 1), GEMSIM_ENOMEM);
	ck_assert_int_eq(dmabuf_detach(s, 0), GEMSIM_ENOENT);
	ck_assert_int_eq(dmabuf_import(s, 0, 1), GEMSIM_ENOMEM);
	ck_assert_ptr_null(shm_get(s, 1));
	ck_assert_int_eq(shm_get(s, 0)->pages_pin_count, 0);
	fx_finish(s);
}
END_TEST

extern Suite *dmabuf_suite(void);
Suite *dmabuf_suite(void)
{
	Suite *su = suite_create("dmabuf");
	TCase *tc;

	tc = tcase_create("export and attachments");
	tcase_add_test(tc, test_export_takes_object_off_the_evictable_list);
	tcase_add_test(tc, test_attach_pins_and_detach_unpins);
	tcase_add_test(tc, test_attach_swaps_an_evicted_exporter_in);
	tcase_add_test(tc, test_attach_without_pin_policy_needs_pages_to_map);
	tcase_add_test(tc, test_attach_that_cannot_get_pages_fails_enomem);
	suite_add_tcase(su, tc);

	tc = tcase_create("imports");
	tcase_add_test(tc, test_import_shares_exporter_pages_and_redirects_cpu_access);
	tcase_add_test(tc, test_import_of_unknown_buf_is_enoent);
	suite_add_tcase(su, tc);
	return su;
}
