// SPDX-License-Identifier: MIT
/*
 * tests/test_pg.c - frames and swap: the hierarchical bitmap, ownership,
 * host memory per simulated page, and the invariant checker catching
 * corrupted state.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "gem/gem_int.h"
#include "tests/gem_fixture.h"

START_TEST(test_bitmap_finds_lowest_set_bit_across_levels)
{
	struct sim *s = fx_sim(1, 0);
	struct pg_bitmap b;
	/* sizes around level boundaries: 1 word, 64 words, 4096 words, more */
	static const uint64_t sizes[] = { 1, 63, 64, 65, 4095, 4096, 4097, 262145, 300000 };

	for (unsigned k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		uint64_t n = sizes[k];

		ck_assert_int_eq(pg_bitmap_init(s->gem, &b, n, true), 0);
		ck_assert_uint_eq(b.count, n);
		ck_assert_uint_eq(pg_bitmap_first(&b), 0);
		/* take them all in order */
		for (uint64_t i = 0; i < n; i++) {
			ck_assert_uint_eq(pg_bitmap_first(&b), i);
			pg_bitmap_clear(&b, i);
		}
		ck_assert_uint_eq(pg_bitmap_first(&b), UINT64_MAX);
		ck_assert_uint_eq(b.count, 0);
		/* scattered bits come back lowest first */
		pg_bitmap_set(&b, n - 1);
		ck_assert_uint_eq(pg_bitmap_first(&b), n - 1);
		if (n > 2) {
			pg_bitmap_set(&b, n / 2);
			ck_assert_uint_eq(pg_bitmap_first(&b), n / 2);
			ck_assert(pg_bitmap_test(&b, n / 2));
			pg_bitmap_clear(&b, n / 2);
			ck_assert(!pg_bitmap_test(&b, n / 2));
		}
		ck_assert_uint_eq(pg_bitmap_first(&b), n - 1);
		pg_bitmap_fini(s->gem, &b);
	}
	gem_sim_destroy(s);
}
END_TEST

/*
 * Random sets, clears and lowest-bit searches against a plain bool array:
 * the lazily kept summary levels (stale bits after a clear) never make a
 * search miss a bit or return a clear one.
 */
START_TEST(test_bitmap_random_ops_match_a_plain_array)
{
	struct sim *s = fx_sim(1, 0);
	static const uint64_t sizes[] = { 1, 64, 65, 4097, 300000 };
	uint64_t rng = 0x9e3779b97f4a7c15u;

	for (unsigned k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		uint64_t n = sizes[k], count = 0;
		bool *ref = calloc(n, sizeof(*ref));
		struct pg_bitmap b;

		ck_assert_ptr_nonnull(ref);
		ck_assert_int_eq(pg_bitmap_init(s->gem, &b, n, false), 0);
		for (unsigned step = 0; step < 20000; step++) {
			uint64_t i, lowest = UINT64_MAX;

			rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
			/* clustered indices so words fill and empty often */
			i = (rng >> 8) % (n < 512 ? n : 512) +
			    ((rng >> 40) % 4 ? 0 : (rng >> 20) % n);
			if (i >= n)
				i = n - 1;
			if (ref[i]) {
				pg_bitmap_clear(&b, i);
				ref[i] = false;
				count--;
			} else {
				pg_bitmap_set(&b, i);
				ref[i] = true;
				count++;
			}
			if (step % 3 == 0 && count) {
				/* take the lowest, as the allocator does */
				for (uint64_t j = 0; j < n; j++)
					if (ref[j]) {
						lowest = j;
						break;
					}
				ck_assert_uint_eq(pg_bitmap_first(&b), lowest);
				pg_bitmap_clear(&b, lowest);
				ref[lowest] = false;
				count--;
			}
			ck_assert_uint_eq(b.count, count);
			ck_assert(pg_bitmap_test(&b, i) == ref[i]);
		}
		for (uint64_t j = 0; j < n; j++)
			if (ref[j]) {
				ck_assert_uint_eq(pg_bitmap_first(&b), j);
				pg_bitmap_clear(&b, j);
			}
		ck_assert_uint_eq(pg_bitmap_first(&b), UINT64_MAX);
		pg_bitmap_fini(s->gem, &b);
		free(ref);
	}
	gem_sim_destroy(s);
}
END_TEST

START_TEST(test_frames_start_free_and_owned_once)
{
	struct sim *s = fx_sim(300, 200);

	ck_assert_uint_eq(pg_free_frames(s), 300);
	ck_assert_uint_eq(pg_free_slots(s), 200);
	ck_assert_uint_eq(pg_frame_owner(s, 0), SIM_NONE);
	fx_bo_with_pages(s, 7, 100);
	ck_assert_uint_eq(pg_frame_owner(s, 0), 7);
	ck_assert_uint_eq(pg_frame_owner(s, 99), 7);
	ck_assert_uint_eq(pg_frame_owner(s, 100), SIM_NONE);
	ck_assert_uint_eq(pg_frame_owner(s, 1000), SIM_NONE);
	ck_assert_uint_eq(s->stats.peak_resident_pages, 100);
	ck_assert_int_eq(shm_evict(s, 7), 0);
	ck_assert_uint_eq(pg_free_slots(s), 100);
	ck_assert_uint_eq(s->stats.swap_slots_peak, 100);
	ck_assert_uint_eq(s->stats.peak_resident_pages, 100);
	ck_assert_int_eq(pg_pressure(s, 300), 0);
	ck_assert_uint_eq(pg_frame_owner(s, 5), SIM_NONE); /* another consumer's */
	fx_finish(s);
}
END_TEST

START_TEST(test_too_many_pages_for_32_bit_frame_numbers_is_refused)
{
	struct sim_config cfg;

	sim_config_defaults(&cfg);
	cfg.ram_pages = UINT64_C(1) << 32;
	ck_assert_ptr_null(gem_sim_create(&cfg));
}
END_TEST

/* Host bytes per simulated page on a 1 Mi-page config, computed from sizes. */
START_TEST(test_host_memory_per_simulated_page_is_bounded)
{
	const uint64_t n = UINT64_C(1) << 20;
	struct sim *s = fx_sim(n, n);
	size_t empty = gem_host_bytes(s), full;
	double per_page;

	/* frames + slots: 4-byte owner each, ~1.02 bits of free bitmap each,
	 * ~1.02 bits of "other" bitmap per frame */
	ck_assert_uint_le(empty, n * 9);
	/* fill RAM with objects, then push half of it to swap */
	for (uint32_t bo = 0; bo < 64; bo++)
		fx_bo_with_pages(s, bo, n / 64);
	ck_assert_uint_eq(pg_free_frames(s), 0);
	for (uint32_t bo = 0; bo < 32; bo++)
		ck_assert_int_eq(shm_evict(s, bo), 0);
	full = gem_host_bytes(s);
	/* + 4 bytes per object page, and the small per-object records */
	ck_assert_uint_le(full, empty + n * 4 + 64 * 512);
	per_page = (double)full / (double)n;
	ck_assert_msg(per_page <= 13.0, "%.2f bytes per simulated page (frame + slot + page)",
		      per_page);
	fx_finish(s);
}
END_TEST

START_TEST(test_sixteen_mi_pages_fit_in_a_fraction_of_a_gib)
{
	const uint64_t n = UINT64_C(1) << 24;
	struct sim *s = fx_sim(n, n);

	ck_assert_uint_le(gem_host_bytes(s), n * 9); /* 144 MiB at most */
	fx_bo_with_pages(s, 0, 4096);
	ck_assert_uint_eq(shm_frames(s, 0)[4095], 4095);
	gem_sim_destroy(s);
}
END_TEST

/* ---- the checker catches corruption ---- */

START_TEST(test_check_all_catches_a_bumped_frame_owner)
{
	struct sim *s = fx_sim(64, 64);

	fx_bo_with_pages(s, 0, 8);
	fx_bo_with_pages(s, 1, 8);
	gem_check_all(s);
	ck_assert_uint_eq(s->violations, 0);
	s->gem->frames.owner[3] = 1; /* frame 3 is bo 0's page 3 */
	gem_check_all(s);
	ck_assert_uint_ge(s->violations_by_inv[9], 1);
	gem_sim_destroy(s);
}
END_TEST

/* The walk takes the frames 64 at a time: each wrong one is still reported, the last word's too. */
START_TEST(test_check_all_reports_every_wrongly_owned_frame_of_every_word)
{
	struct sim *s = fx_sim(200, 64);
	struct shm_object *a = fx_bo_with_pages(s, 0, 8);

	gem_check_all(s);
	ck_assert_uint_eq(s->violations, 0);
	ck_assert_uint_eq(s->gem->frames.owner[a->pages[3]], 0);
	s->gem->frames.owner[a->pages[3]] = PG_OWNER_FREE; /* in use, owned by nobody */
	s->gem->frames.owner[70] = 0;                      /* free, owned by bo 0 */
	s->gem->frames.owner[199] = PG_OWNER_OTHER;        /* free, owned by pressure */
	gem_check_all(s);
	/* the three frames, and page 3 of bo 0 seen from the object (check_pages()) */
	ck_assert_uint_eq(s->violations_by_inv[9], 4);
	s->gem->frames.owner[a->pages[3]] = 0;
	s->gem->frames.owner[70] = PG_OWNER_FREE;
	s->gem->frames.owner[199] = PG_OWNER_FREE;
	gem_sim_destroy(s);
}
END_TEST

START_TEST(test_check_all_catches_a_frame_held_twice)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *a = fx_bo_with_pages(s, 0, 8);

	a->pages[1] = a->pages[0];
	gem_check_all(s);
	ck_assert_uint_ge(s->violations_by_inv[9], 1);
	gem_sim_destroy(s);
}
END_TEST

START_TEST(test_check_all_catches_a_wrong_list_count)
{
	struct sim *s = fx_sim(64, 64);

	fx_bo_with_pages(s, 0, 8);
	s->gem->lists[LRU_EVICTABLE].count += 3;
	gem_check_all(s);
	ck_assert_uint_ge(s->violations_by_inv[10], 1);
	gem_sim_destroy(s);
}
END_TEST

/* A one-page object keeps its CPU PTE in the VMA itself: checked the same way. */
START_TEST(test_check_sees_a_stale_pte_of_a_one_page_mapping)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *a;

	ck_assert_int_eq(shm_create(s, 0, 1, 0), 0);
	a = shm_get(s, 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert(!shm_page_cpu_mapped(s, 0, 0));
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 0, false), 0);
	ck_assert(shm_page_cpu_mapped(s, 0, 0));
	ck_assert_uint_eq(s->gem->vmas[0].one.pte, a->pages[0]);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations, 0);
	ck_assert_int_eq(shm_evict(s, 0), 0); /* the zap clears the entry and its bit */
	ck_assert(!shm_page_cpu_mapped(s, 0, 0));
	ck_assert_uint_eq(s->gem->vmas[0].one.pte, PG_NONE);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 0, false), 0);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations, 0);
	s->gem->vmas[0].one.pte = 40; /* points at a frame the object does not own */
	gem_mark_dirty(s, a, SHM_D_PTES);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations_by_inv[6], 1);
	s->gem->vmas[0].one.pte = a->pages[0];
	gem_sim_destroy(s);
}
END_TEST

/* Object 0 of @npages, mapped (map 0), its page 0 faulted in and checked. */
static struct shm_object *mapped_bo(struct sim *s, uint64_t npages)
{
	ck_assert_int_eq(shm_create(s, 0, npages, 0), 0);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 0, 0, false), 0);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations, 0);
	return shm_get(s, 0);
}

START_TEST(test_check_dirty_catches_a_negative_count_and_stale_pte)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *a = mapped_bo(s, 8);
	/* a buggy evict that forgets to zap the CPU mapping */
	s->gem->vmas[0].tbl.pte[0] = 40;
	a->vmap_use_count = -1;
	gem_mark_dirty(s, a, SHM_D_PTES);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations_by_inv[6], 1);
	ck_assert_uint_eq(s->violations_by_inv[1], 1);
	gem_sim_destroy(s);
}
END_TEST

/*
 * An eviction's check takes the short way when the object is sound (its
 * PTEs through the bits, a mapping with none set skipped): a zap that
 * forgot an entry, bit and count included, must still be reported.
 */
START_TEST(test_check_after_an_eviction_sees_a_cpu_pte_the_zap_left)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *a, *b;
	uint32_t frame_a, frame_b;

	ck_assert_int_eq(shm_create(s, 0, 8, 0), 0);
	ck_assert_int_eq(shm_create(s, 1, 1, 0), 0);
	a = shm_get(s, 0);
	b = shm_get(s, 1);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(shm_mmap(s, 1, 1, false), 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 5, 5, false), 0);
	ck_assert_int_eq(shm_cpu_access(s, 1, 0, 0, false), 0);
	frame_a = a->pages[5];
	frame_b = b->pages[0];
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations, 0);
	ck_assert_int_eq(shm_evict(s, 0), 0);
	ck_assert_int_eq(shm_evict(s, 1), 0);
	/* the zaps forget one entry each: the entry, its bit and the count */
	s->gem->vmas[0].tbl.pte[5] = frame_a;
	s->gem->vmas[0].tbl.present[0] |= UINT64_C(1) << 5;
	s->gem->vmas[0].nr_ptes = 1;
	s->gem->vmas[1].one.pte = frame_b;
	s->gem->vmas[1].one.present = 1;
	s->gem->vmas[1].nr_ptes = 1;
	gem_check_dirty(s); /* both were marked by their eviction */
	ck_assert_uint_eq(s->violations_by_inv[6], 2);
	ck_assert_uint_eq(s->violations, 2);
	gem_sim_destroy(s);
}
END_TEST

/*
 * A fault on a page the object has is checked for that page's PTE alone,
 * on a short way of its own: a PTE that points elsewhere, with the fault
 * the only change of the event, must still be reported, once; the fault
 * that comes after the same wrong entry was reported is checked again.
 */
START_TEST(test_a_fault_alone_is_checked_for_its_pte)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *a = mapped_bo(s, 8);

	ck_assert_int_eq(shm_cpu_access(s, 0, 3, 3, false), 0); /* a fault, nothing else */
	ck_assert_uint_eq(a->dirty, SHM_D_PTE_RANGE);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations, 0);
	ck_assert_uint_eq(s->gem->ndirty, 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 4, 4, false), 0);
	s->gem->vmas[0].tbl.pte[4] = a->pages[5]; /* the fault set a wrong frame */
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations_by_inv[6], 1);
	ck_assert_uint_eq(s->violations, 1);
	s->gem->vmas[0].tbl.pte[4] = a->pages[4];
	ck_assert_int_eq(shm_cpu_access(s, 0, 6, 6, false), 0); /* after a breach: the long way */
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations, 1);
	gem_sim_destroy(s);
}
END_TEST

/*
 * A one-page object's page and its mappings' entry are tested in one step
 * (one_page_ok()): a page in a frame it does not own, or counted present
 * when it has none, must still be reported.
 */
START_TEST(test_a_one_page_object_in_a_frame_it_does_not_own_is_reported)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *a = fx_bo_with_pages(s, 0, 1);
	uint32_t frame = a->pages[0];

	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations, 0);
	a->pages[0] = frame + 1; /* a free frame */
	gem_mark_dirty(s, a, SHM_D_PAGES);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations_by_inv[9], 1);
	a->pages[0] = frame;
	a->breached = false;
	a->nr_present = 0; /* counted absent, yet in its frame */
	gem_mark_dirty(s, a, SHM_D_PAGES);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations_by_inv[4], 1);
	a->nr_present = 1;
	gem_sim_destroy(s);
}
END_TEST

START_TEST(test_check_dirty_catches_object_on_the_wrong_list)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *a = fx_bo_with_pages(s, 0, 8);

	gem_check_dirty(s);
	a->pages_pin_count = 1; /* pinned behind the lists' back */
	gem_mark_dirty(s, a, SHM_D_STATE);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations_by_inv[10], 1);
	gem_sim_destroy(s);
}
END_TEST

START_TEST(test_check_dirty_catches_a_leaked_frame_in_o1)
{
	struct sim *s = fx_sim(64, 64);

	s->gem->obj_frames++; /* a frame counted used that nobody owns */
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations_by_inv[9], 1);
	gem_sim_destroy(s);
}
END_TEST

static unsigned gpu_checks;
static uint32_t gpu_checked_bo;

static void count_gpu_check(struct sim *s, uint32_t bo)
{
	(void)s;
	gpu_checks++;
	gpu_checked_bo = bo;
}

/*
 * The GPU check walks an object's GPU mappings when its pages or its GPU
 * page tables changed, not for a change of its counts alone, and never for
 * an object without GPU mappings.
 */
START_TEST(test_gpu_check_hook_runs_when_pages_or_gpu_tables_change)
{
	struct sim *s = fx_sim(64, 64);

	gpu_checks = 0;
	s->gpu_check_bo = count_gpu_check;
	fx_bo_with_pages(s, 0, 8)->nr_gpu_maps = 1; /* as gpu_map() counts them */
	fx_bo_with_pages(s, 1, 8)->nr_gpu_maps = 1;
	fx_bo_with_pages(s, 2, 8);
	gem_check_dirty(s);
	ck_assert_uint_eq(gpu_checks, 2);
	gem_check_dirty(s); /* nothing changed since */
	ck_assert_uint_eq(gpu_checks, 2);
	ck_assert_int_eq(shm_pin(s, 1), 0);
	gem_check_dirty(s);
	ck_assert_uint_eq(gpu_checks, 2);
	gem_mark_gpu(s, 1);
	gem_check_dirty(s);
	ck_assert_uint_eq(gpu_checks, 3);
	ck_assert_uint_eq(gpu_checked_bo, 1);
	ck_assert_int_eq(shm_unpin(s, 1), 0);
	ck_assert_int_eq(shm_evict(s, 1), 0);
	gem_check_dirty(s);
	ck_assert_uint_eq(gpu_checks, 4);
	ck_assert_int_eq(shm_evict(s, 2), 0); /* no GPU mapping: nothing to walk */
	gem_check_dirty(s);
	ck_assert_uint_eq(gpu_checks, 4);
	shm_get(s, 0)->nr_gpu_maps = 0;
	shm_get(s, 1)->nr_gpu_maps = 0;
	gem_sim_destroy(s);
}
END_TEST

/*
 * gem_check_verify() notices an object or a list changed without a mark
 * (what the incremental check would not have looked at), and nothing else.
 */
START_TEST(test_check_verify_finds_a_change_made_without_a_mark)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_object *o;
	char what[200];

	s->check = true;
	o = fx_bo_with_pages(s, 0, 8);
	fx_bo_with_pages(s, 1, 8);
	gem_check_dirty(s);
	ck_assert_int_eq(gem_check_verify(s, what, sizeof(what)), 0);
	ck_assert_int_eq(shm_pin(s, 1), 0); /* marked: seen */
	gem_check_dirty(s);
	ck_assert_int_eq(gem_check_verify(s, what, sizeof(what)), 0);
	o->pages_pin_count++; /* not marked */
	gem_check_dirty(s);
	ck_assert_int_eq(gem_check_verify(s, what, sizeof(what)), 1);
	ck_assert_str_eq(what, "bo#0 changed since its last check without being marked");
	o->pages_pin_count--;
	ck_assert_int_eq(gem_check_verify(s, what, sizeof(what)), 0);
	s->gem->lists[LRU_PINNED].count++; /* a list, not marked */
	ck_assert_int_eq(gem_check_verify(s, what, sizeof(what)), 1);
	ck_assert_ptr_nonnull(strstr(what, "list changed"));
	s->gem->lists[LRU_PINNED].count--;
	/* marked, but for its CPU PTEs alone: the check keeps its last verdict */
	o->pages_pin_count++;
	gem_mark_dirty(s, o, SHM_D_PTE_RANGE);
	gem_check_dirty(s);
	ck_assert_int_eq(gem_check_verify(s, what, sizeof(what)), 1);
	ck_assert_str_eq(what,
			 "bo#0: its counts or flags changed under a mark of its CPU PTEs alone");
	o->pages_pin_count--;
	gem_mark_dirty(s, o, SHM_D_STATE);
	gem_check_dirty(s);
	ck_assert_int_eq(gem_check_verify(s, what, sizeof(what)), 0);
	ck_assert_int_eq(shm_unpin(s, 1), 0);
	fx_finish(s);
}
END_TEST

/*
 * The checker remembers states whose scalar tests passed (gem/check.c
 * state_ok()).  A walk over the states of one object and the run's
 * configuration, one field changed at a time (so that a state differing
 * from a remembered one in a single field is met often), checks each state
 * twice: with nothing remembered (every test run) and with what the states
 * before left.  Both must find the same: a field the memory leaves out
 * would let a breach pass as the state before it.
 */
enum {
	F_USE,
	F_PIN,
	F_VMAP,
	F_MADV,
	F_SGT,
	F_EVICTED_FLAG,
	F_UNPLACED,
	F_PURGE_COUNTED,
	F_NO_SHRINKER,
	F_MADV_LISTED,
	F_REFERENCED,
	F_VMAP_PINS,
	F_MAINLINE,
	F_RECLAIM_PINNED,
	F_NR
};

static void set_state(struct sim *s, struct shm_object *a, const int *v)
{
	a->pages_use_count = v[F_USE] - 1;
	a->pages_pin_count = v[F_PIN] - 1;
	a->vmap_use_count = v[F_VMAP] - 1;
	a->madv = (int8_t)(v[F_MADV] - 1);
	a->sgt = v[F_SGT];
	a->evicted_flag = v[F_EVICTED_FLAG];
	a->lru_unplaced = v[F_UNPLACED];
	a->purge_counted = v[F_PURGE_COUNTED];
	a->no_shrinker = v[F_NO_SHRINKER];
	a->madv_listed = v[F_MADV_LISTED];
	a->referenced = v[F_REFERENCED];
	s->cfg.policy.vmap_pins = v[F_VMAP_PINS];
	s->cfg.kernel = v[F_MAINLINE] ? SIM_KERNEL_MAINLINE : SIM_KERNEL_V19;
	s->cfg.policy.reclaim_pinned = v[F_RECLAIM_PINNED];
}

/* Returns: the breaches one check of @a finds. */
static uint64_t check_state(struct sim *s, struct shm_object *a)
{
	uint64_t before = s->violations;

	a->breached = false; /* else the check skips the short way */
	gem_mark_dirty(s, a, SHM_D_STATE);
	gem_check_dirty(s);
	return s->violations - before;
}

START_TEST(test_remembered_states_find_what_the_tests_find)
{
	static const int range[F_NR] = { 4, 4, 4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 };
	struct sim *s = fx_sim(64, 64);
	struct shm_object *a = fx_bo_with_pages(s, 0, 4);
	struct gem *g = s->gem;
	uint64_t warm[sizeof(g->chk_memo) / sizeof(uint64_t)], warm_cfg;
	uint64_t rng = 0x2545f4914f6cdd1dull;
	int v[F_NR] = { 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0 };
	unsigned breaches = 0, kept = 0;

	ck_assert_uint_eq(check_state(s, a), 0);
	memcpy(warm, g->chk_memo, sizeof(warm));
	warm_cfg = g->chk_memo_cfg;
	for (int i = 0; i < 50000; i++) {
		uint64_t cold, hot;
		unsigned f;

		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		f = (unsigned)(rng % F_NR);
		v[f] = (v[f] + 1 + (int)(rng >> 8) % (range[f] - 1)) % range[f];
		set_state(s, a, v);
		memset(g->chk_memo, 0, sizeof(g->chk_memo));
		cold = check_state(s, a);
		memcpy(g->chk_memo, warm, sizeof(warm));
		g->chk_memo_cfg = warm_cfg;
		hot = check_state(s, a);
		ck_assert_msg(hot == cold,
			      "state %d (field %u changed): %llu breaches remembered, %llu tested",
			      i, f, (unsigned long long)hot, (unsigned long long)cold);
		memcpy(warm, g->chk_memo, sizeof(warm));
		warm_cfg = g->chk_memo_cfg;
		breaches += cold != 0;
		kept += !cold;
	}
	/* both kinds were met */
	ck_assert_uint_gt(breaches, 1000);
	ck_assert_uint_gt(kept, 1000);
	gem_sim_destroy(s);
}
END_TEST

extern Suite *pg_suite(void);
Suite *pg_suite(void)
{
	Suite *su = suite_create("pg");
	TCase *tc;

	tc = tcase_create("frames and swap slots");
	tcase_add_test(tc, test_bitmap_finds_lowest_set_bit_across_levels);
	tcase_add_test(tc, test_bitmap_random_ops_match_a_plain_array);
	tcase_add_test(tc, test_frames_start_free_and_owned_once);
	tcase_add_test(tc, test_too_many_pages_for_32_bit_frame_numbers_is_refused);
	suite_add_tcase(su, tc);

	tc = tcase_create("host memory");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_host_memory_per_simulated_page_is_bounded);
	tcase_add_test(tc, test_sixteen_mi_pages_fit_in_a_fraction_of_a_gib);
	suite_add_tcase(su, tc);

	tc = tcase_create("the checker catches corrupted state");
	tcase_add_test(tc, test_check_all_catches_a_bumped_frame_owner);
	tcase_add_test(tc, test_check_all_catches_a_frame_held_twice);
	tcase_add_test(tc, test_check_all_reports_every_wrongly_owned_frame_of_every_word);
	tcase_add_test(tc, test_check_all_catches_a_wrong_list_count);
	tcase_add_test(tc, test_check_dirty_catches_a_negative_count_and_stale_pte);
	tcase_add_test(tc, test_check_sees_a_stale_pte_of_a_one_page_mapping);
	tcase_add_test(tc, test_a_fault_alone_is_checked_for_its_pte);
	tcase_add_test(tc, test_a_one_page_object_in_a_frame_it_does_not_own_is_reported);
	tcase_add_test(tc, test_check_dirty_catches_object_on_the_wrong_list);
	tcase_add_test(tc, test_check_after_an_eviction_sees_a_cpu_pte_the_zap_left);
	tcase_add_test(tc, test_check_dirty_catches_a_leaked_frame_in_o1);
	tcase_add_test(tc, test_gpu_check_hook_runs_when_pages_or_gpu_tables_change);
	tcase_add_test(tc, test_check_verify_finds_a_change_made_without_a_mark);
	tcase_add_test(tc, test_remembered_states_find_what_the_tests_find);
	suite_add_tcase(su, tc);
	return su;
}
