// SPDX-License-Identifier: MIT
/*
 * tests/test_mmu.c - page tables, TLB and AS slots of the fake GPU MMU.
 */
#include <check.h>
#include <string.h>

#include "gpu/mmu.h"

#define PG MMU_PAGE_SIZE
#define MB2 MMU_BLOCK_SIZE
#define GB (1ull << 30)
#define NIL AS_NO_VM

/* ---- helpers ------------------------------------------------------------ */

struct seen {
	uint64_t va;
	uint32_t frame;
	uint32_t npages;
};

struct visit_log {
	struct seen s[64];
	unsigned n;
	unsigned stop_after; /* 0 = never stop */
};

static int log_visit(void *ctx, uint64_t va, uint32_t frame, uint32_t npages)
{
	struct visit_log *log = ctx;

	ck_assert_uint_lt(log->n, 64);
	log->s[log->n].va = va;
	log->s[log->n].frame = frame;
	log->s[log->n].npages = npages;
	log->n++;
	if (log->stop_after && log->n == log->stop_after)
		return 7;
	return 0;
}

static void ck_seen(const struct visit_log *log, unsigned i, uint64_t va, uint32_t frame,
		    uint32_t npages)
{
	ck_assert_uint_lt(i, log->n);
	ck_assert_uint_eq(log->s[i].va, va);
	ck_assert_uint_eq(log->s[i].frame, frame);
	ck_assert_uint_eq(log->s[i].npages, npages);
}

/* Assert @va translates to @frame, through a block or not. */
static void ck_walk(const struct mmu *m, uint64_t va, uint32_t frame, bool block)
{
	uint32_t f = UINT32_MAX;
	bool is_block = !block;

	ck_assert_int_eq(mmu_walk(m, va, &f, &is_block), 0);
	ck_assert_uint_eq(f, frame);
	ck_assert(is_block == block);
}

static void ck_fault(const struct mmu *m, uint64_t va)
{
	uint32_t f = 12345;

	ck_assert_int_eq(mmu_walk(m, va, &f, NULL), MMU_EFAULT);
	ck_assert_uint_eq(f, 12345);
}

static void ck_counts(const struct mmu *m, uint64_t tables, uint64_t mapped, uint64_t blocks)
{
	ck_assert_uint_eq(mmu_table_pages(m), tables);
	ck_assert_uint_eq(mmu_mapped_pages(m), mapped);
	ck_assert_uint_eq(mmu_block_count(m), blocks);
}

/* frames[k] = first + k */
static void fill_run(uint32_t *frames, uint64_t n, uint32_t first)
{
	uint64_t k;

	for (k = 0; k < n; k++)
		frames[k] = first + (uint32_t)k;
}

static uint32_t run[2048];
static uint32_t big_frames[1u << 20];

/* ---- 4 KiB pages -------------------------------------------------------- */

START_TEST(test_map_of_4k_pages_translates_each_page)
{
	struct mmu *m = mmu_create(48);
	const uint32_t frames[3] = { 7, 100, 3 };

	ck_assert_ptr_nonnull(m);
	ck_counts(m, 1, 0, 0);
	ck_assert_int_eq(mmu_map(m, 0x10000, frames, 3, true), 0);
	ck_walk(m, 0x10000, 7, false);
	ck_walk(m, 0x11000, 100, false);
	ck_walk(m, 0x12abc, 3, false);
	ck_fault(m, 0xf000);
	ck_fault(m, 0x13000);
	/* root + L1 + L2 + one leaf */
	ck_counts(m, 4, 3, 0);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_map_of_zero_pages_changes_nothing)
{
	struct mmu *m = mmu_create(48);

	ck_assert_int_eq(mmu_map(m, 0x4000, NULL, 0, true), 0);
	ck_assert_int_eq(mmu_unmap(m, 0x4000, 0), 0);
	ck_counts(m, 1, 0, 0);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_create_accepts_only_va_bits_32_to_48)
{
	struct mmu *m;

	ck_assert_ptr_null(mmu_create(31));
	ck_assert_ptr_null(mmu_create(49));
	ck_assert_ptr_null(mmu_create(0));
	m = mmu_create(32);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(mmu_va_bits(m), 32);
	mmu_destroy(m);
	m = mmu_create(48);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(mmu_va_bits(m), 48);
	mmu_destroy(m);
	mmu_destroy(NULL);
}
END_TEST

START_TEST(test_map_rejects_misaligned_va_and_invalid_frames)
{
	struct mmu *m = mmu_create(48);
	const uint32_t frames[2] = { 5, UINT32_MAX };

	ck_assert_int_eq(mmu_map(m, 0x1800, frames, 1, true), MMU_EINVAL);
	ck_assert_int_eq(mmu_map(m, 0x1000, frames, 2, true), MMU_EINVAL);
	ck_assert_int_eq(mmu_map(m, 0x1000, NULL, 1, true), MMU_EINVAL);
	ck_assert_int_eq(mmu_unmap(m, 0x1001, 1), MMU_EINVAL);
	ck_counts(m, 1, 0, 0);
	ck_fault(m, 0x1000);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_remapping_after_unmap_gives_new_frame)
{
	struct mmu *m = mmu_create(48);
	const uint32_t a = 11, b = 22;

	ck_assert_int_eq(mmu_map(m, 0x7000, &a, 1, false), 0);
	ck_assert_int_eq(mmu_unmap(m, 0x7000, 1), 0);
	ck_fault(m, 0x7000);
	ck_assert_int_eq(mmu_map(m, 0x7000, &b, 1, false), 0);
	ck_walk(m, 0x7000, 22, false);
	ck_counts(m, 4, 1, 0);
	mmu_destroy(m);
}
END_TEST

/* ---- 2 MiB blocks ------------------------------------------------------- */

START_TEST(test_block_chosen_when_va_and_frame_aligned_contiguous_and_512_remain)
{
	struct mmu *m = mmu_create(48);

	fill_run(run, 512, 1024);
	ck_assert_int_eq(mmu_map(m, MB2, run, 512, true), 0);
	/* root + L1 + L2, no leaf */
	ck_counts(m, 3, 512, 1);
	ck_walk(m, MB2, 1024, true);
	ck_walk(m, MB2 + 5 * PG + 17, 1029, true);
	ck_walk(m, 2 * MB2 - PG, 1535, true);
	ck_fault(m, MB2 - PG);
	ck_fault(m, 2 * MB2);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_no_block_when_va_not_2mib_aligned)
{
	struct mmu *m = mmu_create(48);

	fill_run(run, 512, 1024);
	ck_assert_int_eq(mmu_map(m, MB2 + PG, run, 512, true), 0);
	ck_counts(m, 5, 512, 0);
	ck_walk(m, MB2 + PG, 1024, false);
	ck_walk(m, 2 * MB2, 1535, false);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_no_block_when_frames_not_contiguous)
{
	struct mmu *m = mmu_create(48);

	fill_run(run, 512, 1024);
	run[300] = 9;
	ck_assert_int_eq(mmu_map(m, MB2, run, 512, true), 0);
	ck_counts(m, 4, 512, 0);
	ck_walk(m, MB2 + 300 * PG, 9, false);
	ck_walk(m, MB2 + 301 * PG, 1325, false);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_no_block_when_first_frame_not_512_aligned)
{
	struct mmu *m = mmu_create(48);

	fill_run(run, 512, 1025);
	ck_assert_int_eq(mmu_map(m, MB2, run, 512, true), 0);
	ck_counts(m, 4, 512, 0);
	ck_walk(m, MB2, 1025, false);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_no_block_when_fewer_than_512_pages_remain)
{
	struct mmu *m = mmu_create(48);

	fill_run(run, 511, 1024);
	ck_assert_int_eq(mmu_map(m, MB2, run, 511, true), 0);
	ck_counts(m, 4, 511, 0);
	ck_walk(m, MB2 + 510 * PG, 1534, false);
	ck_fault(m, MB2 + 511 * PG);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_no_block_when_caller_disallows_blocks)
{
	struct mmu *m = mmu_create(48);

	fill_run(run, 512, 1024);
	ck_assert_int_eq(mmu_map(m, MB2, run, 512, false), 0);
	ck_counts(m, 4, 512, 0);
	ck_walk(m, MB2, 1024, false);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_unaligned_range_mixes_4k_pages_and_blocks)
{
	struct mmu *m = mmu_create(48);
	struct visit_log log = { .n = 0 };
	unsigned k;

	/* 16 pages before 2 MiB, two blocks, 20 pages after 6 MiB */
	fill_run(run, 1060, 4080);
	ck_assert_int_eq(mmu_map(m, MB2 - 16 * PG, run, 1060, true), 0);
	/* root + L1 + L2 + leaves for [0, 2M) and [6M, 8M) */
	ck_counts(m, 5, 1060, 2);
	ck_walk(m, MB2 - PG, 4095, false);
	ck_walk(m, MB2, 4096, true);
	ck_walk(m, 2 * MB2 + PG, 4609, true);
	ck_walk(m, 3 * MB2, 5120, false);
	ck_fault(m, 3 * MB2 + 20 * PG);

	ck_assert_int_eq(mmu_for_each(m, log_visit, &log), 0);
	ck_assert_uint_eq(log.n, 16 + 2 + 20);
	for (k = 0; k < 16; k++)
		ck_seen(&log, k, MB2 - (16 - k) * PG, 4080 + k, 1);
	ck_seen(&log, 16, MB2, 4096, 512);
	ck_seen(&log, 17, 2 * MB2, 4608, 512);
	for (k = 0; k < 20; k++)
		ck_seen(&log, 18 + k, 3 * MB2 + k * PG, 5120 + k, 1);
	mmu_destroy(m);
}
END_TEST

/* ---- unmap -------------------------------------------------------------- */

START_TEST(test_unmap_of_partial_range_clears_only_that_range)
{
	struct mmu *m = mmu_create(48);

	fill_run(run, 10, 50);
	ck_assert_int_eq(mmu_map(m, 0x100000, run, 10, true), 0);
	ck_assert_int_eq(mmu_unmap(m, 0x100000 + 3 * PG, 4), 0);
	ck_counts(m, 4, 6, 0);
	ck_walk(m, 0x100000 + 2 * PG, 52, false);
	ck_fault(m, 0x100000 + 3 * PG);
	ck_fault(m, 0x100000 + 6 * PG);
	ck_walk(m, 0x100000 + 7 * PG, 57, false);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_unmap_inside_block_splits_it_and_keeps_the_rest)
{
	struct mmu *m = mmu_create(48);

	fill_run(run, 512, 512);
	ck_assert_int_eq(mmu_map(m, MB2, run, 512, true), 0);
	ck_counts(m, 3, 512, 1);
	ck_assert_int_eq(mmu_unmap(m, MB2 + 100 * PG, 10), 0);
	ck_counts(m, 4, 502, 0);
	ck_walk(m, MB2, 512, false);
	ck_walk(m, MB2 + 99 * PG, 611, false);
	ck_fault(m, MB2 + 100 * PG);
	ck_fault(m, MB2 + 109 * PG);
	ck_walk(m, MB2 + 110 * PG, 622, false);
	ck_walk(m, MB2 + 511 * PG, 1023, false);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_unmap_across_two_blocks_splits_both)
{
	struct mmu *m = mmu_create(48);

	fill_run(run, 1024, 1024);
	ck_assert_int_eq(mmu_map(m, MB2, run, 1024, true), 0);
	ck_counts(m, 3, 1024, 2);
	ck_assert_int_eq(mmu_unmap(m, MB2 + 500 * PG, 24), 0);
	ck_counts(m, 5, 1000, 0);
	ck_walk(m, MB2 + 499 * PG, 1523, false);
	ck_fault(m, MB2 + 500 * PG);
	ck_fault(m, MB2 + 523 * PG);
	ck_walk(m, MB2 + 524 * PG, 1548, false);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_unmap_of_block_head_or_tail_splits_once)
{
	struct mmu *m = mmu_create(48);

	fill_run(run, 1024, 1024);
	ck_assert_int_eq(mmu_map(m, MB2, run, 1024, true), 0);
	/* tail of the first block: start unaligned, end aligned */
	ck_assert_int_eq(mmu_unmap(m, MB2 + 500 * PG, 12), 0);
	ck_counts(m, 4, 1012, 1);
	/* head of the second block: start aligned, end unaligned */
	ck_assert_int_eq(mmu_unmap(m, 2 * MB2, 3), 0);
	ck_counts(m, 5, 1009, 0);
	ck_walk(m, MB2 + 499 * PG, 1523, false);
	ck_fault(m, MB2 + 511 * PG);
	ck_fault(m, 2 * MB2 + 2 * PG);
	ck_walk(m, 2 * MB2 + 3 * PG, 1539, false);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_unmap_of_whole_block_frees_its_tables)
{
	struct mmu *m = mmu_create(48);

	fill_run(run, 512, 512);
	ck_assert_int_eq(mmu_map(m, MB2, run, 512, true), 0);
	ck_assert_int_eq(mmu_unmap(m, MB2, 512), 0);
	ck_counts(m, 1, 0, 0);
	ck_fault(m, MB2);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_unmap_of_holes_is_fine)
{
	struct mmu *m = mmu_create(48);
	const uint32_t f = 3;

	ck_assert_int_eq(mmu_unmap(m, 0, 1000), 0);
	ck_assert_int_eq(mmu_map(m, 5 * PG, &f, 1, true), 0);
	ck_assert_int_eq(mmu_unmap(m, 6 * PG, 1000), 0);
	ck_assert_int_eq(mmu_unmap(m, 0, 5), 0);
	ck_counts(m, 4, 1, 0);
	ck_walk(m, 5 * PG, 3, false);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_unmap_of_whole_va_space_removes_everything)
{
	struct mmu *m = mmu_create(48);
	const uint32_t f[3] = { 1, 2, 3 };

	ck_assert_int_eq(mmu_map(m, 0, &f[0], 1, true), 0);
	ck_assert_int_eq(mmu_map(m, 1ull << 39, &f[1], 1, true), 0);
	ck_assert_int_eq(mmu_map(m, (1ull << 47) + 5 * PG, &f[2], 1, true), 0);
	ck_counts(m, 10, 3, 0);
	ck_assert_int_eq(mmu_unmap(m, 0, 1ull << 36), 0);
	ck_counts(m, 1, 0, 0);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_unmap_split_without_memory_fails_and_changes_nothing)
{
	struct mmu *m = mmu_create(48);

	fill_run(run, 1024, 1024);
	ck_assert_int_eq(mmu_map(m, MB2, run, 1024, true), 0);
	mmu_set_alloc_limit(m, 0);
	ck_assert_int_eq(mmu_unmap(m, MB2 + 8 * PG, 1), MMU_ENOMEM);
	ck_counts(m, 3, 1024, 2);
	/* two splits needed, only one leaf available */
	mmu_set_alloc_limit(m, 1);
	ck_assert_int_eq(mmu_unmap(m, MB2 + 500 * PG, 24), MMU_ENOMEM);
	ck_counts(m, 3, 1024, 2);
	ck_walk(m, MB2 + 8 * PG, 1032, true);
	/* a whole block needs no split */
	mmu_set_alloc_limit(m, 0);
	ck_assert_int_eq(mmu_unmap(m, 2 * MB2, 512), 0);
	ck_counts(m, 3, 512, 1);
	mmu_set_alloc_limit(m, MMU_NO_LIMIT);
	ck_assert_int_eq(mmu_unmap(m, MB2 + 8 * PG, 1), 0);
	ck_counts(m, 4, 511, 0);
	mmu_destroy(m);
}
END_TEST

/* ---- table lifetime ----------------------------------------------------- */

START_TEST(test_tables_are_freed_as_soon_as_they_empty)
{
	struct mmu *m = mmu_create(48);
	const uint32_t f[2] = { 8, 9 };

	ck_assert_int_eq(mmu_map(m, GB, &f[0], 1, true), 0);
	ck_assert_int_eq(mmu_map(m, GB + MB2, &f[1], 1, true), 0);
	/* root + L1 + L2 + two leaves */
	ck_counts(m, 5, 2, 0);
	ck_assert_int_eq(mmu_unmap(m, GB, 1), 0);
	ck_counts(m, 4, 1, 0);
	ck_assert_int_eq(mmu_unmap(m, GB + MB2, 1), 0);
	ck_counts(m, 1, 0, 0);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_table_count_returns_to_root_after_unmapping_everything)
{
	struct mmu *m = mmu_create(48);
	uint64_t vas[4] = { 0, 3 * GB + 7 * PG, 1ull << 40, (1ull << 48) - 600 * PG };
	unsigned k;

	fill_run(run, 600, 4096);
	for (k = 0; k < 4; k++)
		ck_assert_int_eq(mmu_map(m, vas[k], run, 600, true), 0);
	/*
	 * [0]: L1, L2, a block and a leaf; [1]: an L2 and two leaves (VA not
	 * aligned); [2]: L1, L2, a block and a leaf; [3]: L1, L2, two leaves.
	 */
	ck_counts(m, 1 + 3 + 3 + 3 + 4, 2400, 2);
	for (k = 0; k < 4; k++)
		ck_assert_int_eq(mmu_unmap(m, vas[k], 600), 0);
	ck_counts(m, 1, 0, 0);
	mmu_destroy(m);
}
END_TEST

/* ---- overlap and rollback ----------------------------------------------- */

START_TEST(test_map_overlapping_a_page_fails_without_side_effects)
{
	struct mmu *m = mmu_create(48);
	const uint64_t x = 16ull << 20;
	const uint32_t f = 42;

	ck_assert_int_eq(mmu_map(m, x + 5 * PG, &f, 1, true), 0);
	fill_run(run, 1024, 0);
	ck_assert_int_eq(mmu_map(m, x, run, 10, true), MMU_EINVAL);
	ck_assert_int_eq(mmu_map(m, x + 5 * PG, run, 1, true), MMU_EINVAL);
	/* ends on the mapped page; the first 512 would be a block */
	ck_assert_int_eq(mmu_map(m, x - 512 * PG, run, 518, true), MMU_EINVAL);
	ck_counts(m, 4, 1, 0);
	ck_fault(m, x);
	ck_fault(m, x - 512 * PG);
	ck_walk(m, x + 5 * PG, 42, false);
	/* touching but not overlapping is fine */
	ck_assert_int_eq(mmu_map(m, x, run, 5, true), 0);
	ck_counts(m, 4, 6, 0);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_map_overlapping_a_block_fails_without_side_effects)
{
	struct mmu *m = mmu_create(48);
	const uint32_t f[3] = { 1, 2, 3 };

	fill_run(run, 512, 512);
	ck_assert_int_eq(mmu_map(m, MB2, run, 512, true), 0);
	ck_assert_int_eq(mmu_map(m, MB2 + 7 * PG, f, 1, true), MMU_EINVAL);
	ck_assert_int_eq(mmu_map(m, MB2 - 2 * PG, f, 3, true), MMU_EINVAL);
	ck_assert_int_eq(mmu_map(m, 2 * MB2 - PG, f, 2, true), MMU_EINVAL);
	ck_counts(m, 3, 512, 1);
	ck_fault(m, MB2 - 2 * PG);
	ck_fault(m, 2 * MB2);
	ck_assert_int_eq(mmu_map(m, MB2 - 2 * PG, f, 2, true), 0);
	ck_counts(m, 4, 514, 1);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_map_failing_for_memory_rolls_back_completely)
{
	struct mmu *m = mmu_create(48);
	struct visit_log log = { .n = 0 };
	const uint32_t f = 77;

	ck_assert_int_eq(mmu_map(m, 0, &f, 1, true), 0);
	ck_counts(m, 4, 1, 0);
	/*
	 * 4 pages at the end of the first GiB (new leaf), a block and 4 pages
	 * in the second GiB (new L2, new leaf): three allocations.
	 */
	fill_run(run, 520, 2044);
	mmu_set_alloc_limit(m, 2);
	ck_assert_int_eq(mmu_map(m, GB - 4 * PG, run, 520, true), MMU_ENOMEM);
	ck_counts(m, 4, 1, 0);
	mmu_set_alloc_limit(m, 0);
	ck_assert_int_eq(mmu_map(m, GB - 4 * PG, run, 520, true), MMU_ENOMEM);
	ck_counts(m, 4, 1, 0);
	ck_assert_int_eq(mmu_for_each(m, log_visit, &log), 0);
	ck_assert_uint_eq(log.n, 1);
	ck_seen(&log, 0, 0, 77, 1);
	ck_fault(m, GB - 4 * PG);
	ck_fault(m, GB);

	mmu_set_alloc_limit(m, 3);
	ck_assert_int_eq(mmu_map(m, GB - 4 * PG, run, 520, true), 0);
	ck_counts(m, 7, 521, 1);
	ck_walk(m, GB, 2048, true);
	ck_walk(m, GB + MB2 + 3 * PG, 2563, false);
	mmu_destroy(m);
}
END_TEST

/* ---- VA range ----------------------------------------------------------- */

START_TEST(test_va_beyond_va_bits_is_rejected)
{
	struct mmu *m = mmu_create(32);
	const uint64_t top = 1ull << 32;
	const uint32_t f[2] = { 1, 2 };

	ck_assert_int_eq(mmu_map(m, top, f, 1, true), MMU_EINVAL);
	ck_assert_int_eq(mmu_map(m, top - PG, f, 2, true), MMU_EINVAL);
	ck_assert_int_eq(mmu_map(m, 0, f, UINT64_MAX, true), MMU_EINVAL);
	ck_assert_int_eq(mmu_map(m, PG, f, top >> 12, true), MMU_EINVAL);
	ck_assert_int_eq(mmu_unmap(m, top, 1), MMU_EINVAL);
	ck_assert_int_eq(mmu_unmap(m, PG, UINT64_MAX), MMU_EINVAL);
	ck_counts(m, 1, 0, 0);
	ck_assert_int_eq(mmu_map(m, top - PG, f, 1, true), 0);
	ck_walk(m, top - 1, 1, false);
	ck_fault(m, top);
	ck_fault(m, UINT64_MAX);
	ck_assert_int_eq(mmu_unmap(m, 0, top >> 12), 0);
	ck_counts(m, 1, 0, 0);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_48_bit_space_ends_at_256_tib)
{
	struct mmu *m = mmu_create(48);
	const uint64_t top = 1ull << 48;
	const uint32_t f = 9;

	ck_assert_int_eq(mmu_map(m, top, &f, 1, true), MMU_EINVAL);
	ck_assert_int_eq(mmu_map(m, top - PG, &f, 1, true), 0);
	ck_walk(m, top - PG, 9, false);
	ck_fault(m, top);
	mmu_destroy(m);
}
END_TEST

/* ---- iteration ---------------------------------------------------------- */

static struct mmu *iter_fixture(void)
{
	struct mmu *m = mmu_create(48);
	const uint32_t f[5] = { 9, 30, 31, 32, 77 };

	ck_assert_int_eq(mmu_map(m, 1ull << 40, &f[4], 1, true), 0);
	ck_assert_int_eq(mmu_map(m, GB, &f[1], 3, true), 0);
	fill_run(run, 512, 2048);
	ck_assert_int_eq(mmu_map(m, 2 * MB2, run, 512, true), 0);
	ck_assert_int_eq(mmu_map(m, PG, &f[0], 1, true), 0);
	return m;
}

START_TEST(test_for_each_visits_every_mapping_in_va_order)
{
	struct mmu *m = iter_fixture();
	struct visit_log log = { .n = 0 };

	ck_assert_int_eq(mmu_for_each(m, log_visit, &log), 0);
	ck_assert_uint_eq(log.n, 6);
	ck_seen(&log, 0, PG, 9, 1);
	ck_seen(&log, 1, 2 * MB2, 2048, 512);
	ck_seen(&log, 2, GB, 30, 1);
	ck_seen(&log, 3, GB + PG, 31, 1);
	ck_seen(&log, 4, GB + 2 * PG, 32, 1);
	ck_seen(&log, 5, 1ull << 40, 77, 1);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_for_each_range_visits_only_mappings_in_the_range)
{
	struct mmu *m = iter_fixture();
	struct visit_log log = { .n = 0 };

	ck_assert_int_eq(mmu_for_each_range(m, GB + PG, 5, log_visit, &log), 0);
	ck_assert_uint_eq(log.n, 2);
	ck_seen(&log, 0, GB + PG, 31, 1);
	ck_seen(&log, 1, GB + 2 * PG, 32, 1);

	/* a block overlapping in part is reported whole */
	log.n = 0;
	ck_assert_int_eq(mmu_for_each_range(m, 2 * MB2 + 10 * PG, 1, log_visit, &log), 0);
	ck_assert_uint_eq(log.n, 1);
	ck_seen(&log, 0, 2 * MB2, 2048, 512);

	/* unaligned start rounds down to its page */
	log.n = 0;
	ck_assert_int_eq(mmu_for_each_range(m, PG + 5, 1, log_visit, &log), 0);
	ck_assert_uint_eq(log.n, 1);
	ck_seen(&log, 0, PG, 9, 1);

	log.n = 0;
	ck_assert_int_eq(mmu_for_each_range(m, 0, 1, log_visit, &log), 0);
	ck_assert_int_eq(mmu_for_each_range(m, 2 * GB, 1ull << 20, log_visit, &log), 0);
	ck_assert_int_eq(mmu_for_each_range(m, 1ull << 48, 10, log_visit, &log), 0);
	ck_assert_uint_eq(log.n, 0);

	/* a range running past the top is clipped */
	ck_assert_int_eq(mmu_for_each_range(m, GB, UINT64_MAX, log_visit, &log), 0);
	ck_assert_uint_eq(log.n, 4);
	ck_seen(&log, 3, 1ull << 40, 77, 1);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_for_each_stops_when_callback_returns_nonzero)
{
	struct mmu *m = iter_fixture();
	struct visit_log log = { .n = 0, .stop_after = 2 };

	ck_assert_int_eq(mmu_for_each(m, log_visit, &log), 7);
	ck_assert_uint_eq(log.n, 2);
	log.n = 0;
	log.stop_after = 1;
	ck_assert_int_eq(mmu_for_each_range(m, GB, 3, log_visit, &log), 7);
	ck_assert_uint_eq(log.n, 1);
	mmu_destroy(m);
}
END_TEST

/* ---- large mappings ----------------------------------------------------- */

struct big_check {
	uint64_t base;
	uint64_t pages;
	uint64_t last_va;
	uint32_t mult; /* frame of page k is mult * k + add */
	uint32_t add;
	unsigned bad;
};

static int big_visit(void *ctx, uint64_t va, uint32_t frame, uint32_t npages)
{
	struct big_check *c = ctx;
	uint64_t k = (va - c->base) >> 12;

	if (c->pages && va <= c->last_va)
		c->bad++;
	if (frame != c->mult * (uint32_t)k + c->add)
		c->bad++;
	c->last_va = va;
	c->pages += npages;
	return 0;
}

/*
 * Random maps and unmaps over eight 2 MiB entries against a model of the
 * pages: small ranges inside one leaf table (mapped and unmapped without
 * the recursive walk), ranges across leaves, blocks and their splits.
 */
#define MD_ENTRIES 8u
#define MD_PAGES (MD_ENTRIES * MMU_BLOCK_PAGES)

struct page_model {
	uint32_t frame[MD_PAGES]; /* UINT32_MAX: not mapped */
	bool block[MD_ENTRIES];
};

static uint64_t md_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static bool md_any(const struct page_model *md, uint32_t first, uint32_t n)
{
	for (uint32_t p = first; p < first + n; p++)
		if (md->frame[p] != UINT32_MAX)
			return true;
	return false;
}

static void md_check(const struct mmu *m, const struct page_model *md, uint64_t *x)
{
	uint64_t mapped = 0, blocks = 0, leaves = 0;

	for (uint32_t e = 0; e < MD_ENTRIES; e++) {
		bool any = md_any(md, e * MMU_BLOCK_PAGES, MMU_BLOCK_PAGES);

		blocks += md->block[e];
		leaves += any && !md->block[e];
	}
	for (uint32_t p = 0; p < MD_PAGES; p++)
		mapped += md->frame[p] != UINT32_MAX;
	/* root, then one L1 and one L2 table while anything is mapped */
	ck_counts(m, 1 + (mapped ? 2 : 0) + leaves, mapped, blocks);
	for (int k = 0; k < 64; k++) {
		uint32_t p = (uint32_t)(md_rand(x) % MD_PAGES);

		if (md->frame[p] == UINT32_MAX)
			ck_fault(m, GB + p * PG);
		else
			ck_walk(m, GB + p * PG, md->frame[p], md->block[p / MMU_BLOCK_PAGES]);
	}
}

START_TEST(test_random_maps_and_unmaps_match_a_page_model)
{
	static struct page_model md;
	struct mmu *m = mmu_create(48);
	uint64_t x = 88172645463325252ull;

	for (uint32_t p = 0; p < MD_PAGES; p++)
		md.frame[p] = UINT32_MAX;
	memset(md.block, 0, sizeof(md.block));
	for (int step = 0; step < 4000; step++) {
		uint64_t r = md_rand(&x) % 16;
		uint32_t first, n;

		if (r < 2) {
			/* a whole entry or two, 512-aligned contiguous frames: blocks */
			first = (uint32_t)(md_rand(&x) % (MD_ENTRIES - 1)) * MMU_BLOCK_PAGES;
			n = (1 + (uint32_t)(md_rand(&x) % 2)) * MMU_BLOCK_PAGES;
		} else if (r < 4) {
			n = 1 + (uint32_t)(md_rand(&x) % 1200);
			first = (uint32_t)(md_rand(&x) % (MD_PAGES - n + 1));
		} else {
			n = 1 + (uint32_t)(md_rand(&x) % 40);
			first = (uint32_t)(md_rand(&x) % (MD_PAGES - n + 1));
		}
		if (md_rand(&x) % 2) {
			bool blocks = md_rand(&x) % 4 != 0;
			uint32_t base = r < 2 ? (uint32_t)(md_rand(&x) % 64) * MMU_BLOCK_PAGES :
						(uint32_t)(md_rand(&x) % 100000);
			bool busy = md_any(&md, first, n);

			fill_run(big_frames, n, base);
			ck_assert_int_eq(mmu_map(m, GB + first * PG, big_frames, n, blocks),
					 busy ? MMU_EINVAL : 0);
			if (busy)
				continue;
			for (uint32_t k = 0; k < n; k++)
				md.frame[first + k] = base + k;
			for (uint32_t e = first / MMU_BLOCK_PAGES; blocks && e < MD_ENTRIES; e++) {
				uint32_t lo = e * MMU_BLOCK_PAGES;

				if (lo >= first && lo + MMU_BLOCK_PAGES <= first + n &&
				    md.frame[lo] % MMU_BLOCK_PAGES == 0)
					md.block[e] = true;
			}
		} else {
			ck_assert_int_eq(mmu_unmap(m, GB + first * PG, n), 0);
			for (uint32_t k = 0; k < n; k++)
				md.frame[first + k] = UINT32_MAX;
			/* a block cut or covered is gone: its pages left stay as PTEs */
			for (uint32_t e = first / MMU_BLOCK_PAGES;
			     e < MD_ENTRIES && e * MMU_BLOCK_PAGES < first + n; e++)
				md.block[e] = false;
		}
		md_check(m, &md, &x);
	}
	ck_assert_int_eq(mmu_unmap(m, GB, MD_PAGES), 0);
	ck_counts(m, 1, 0, 0);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_map_and_unmap_of_1mi_4k_pages_keeps_exact_counts)
{
	struct mmu *m = mmu_create(48);
	struct big_check c = { .base = GB, .mult = 2, .add = 1 };
	const uint64_t n = 1u << 20;
	uint64_t k;

	for (k = 0; k < n; k++)
		big_frames[k] = 2 * (uint32_t)k + 1;
	ck_assert_int_eq(mmu_map(m, GB, big_frames, n, true), 0);
	/* root + L1 + 4 L2 + 2048 leaves */
	ck_counts(m, 2054, n, 0);
	ck_walk(m, GB, 1, false);
	ck_walk(m, GB + 12345 * PG, 24691, false);
	ck_walk(m, GB + (n - 1) * PG, 2 * (uint32_t)(n - 1) + 1, false);
	ck_fault(m, GB - PG);
	ck_fault(m, GB + n * PG);

	ck_assert_int_eq(mmu_for_each(m, big_visit, &c), 0);
	ck_assert_uint_eq(c.pages, n);
	ck_assert_uint_eq(c.bad, 0);

	/* the middle two GiB: two L2 tables and their leaves go */
	ck_assert_int_eq(mmu_unmap(m, 2 * GB, n / 2), 0);
	ck_counts(m, 2054 - 2 * 513, n / 2, 0);
	ck_fault(m, 2 * GB);
	ck_walk(m, 2 * GB - PG, 2 * (uint32_t)(n / 4 - 1) + 1, false);
	ck_walk(m, 4 * GB, 2 * (uint32_t)(3 * n / 4) + 1, false);

	ck_assert_int_eq(mmu_unmap(m, GB, n), 0);
	ck_counts(m, 1, 0, 0);
	mmu_destroy(m);
}
END_TEST

START_TEST(test_map_of_1mi_contiguous_pages_uses_blocks_and_splits_one)
{
	struct mmu *m = mmu_create(48);
	struct big_check c = { .base = GB, .mult = 1, .add = 3584 };
	const uint64_t n = 1u << 20;

	fill_run(big_frames, n, 3584);
	ck_assert_int_eq(mmu_map(m, GB, big_frames, n, true), 0);
	ck_counts(m, 6, n, 2048);
	ck_assert_int_eq(mmu_for_each(m, big_visit, &c), 0);
	ck_assert_uint_eq(c.pages, n);
	ck_assert_uint_eq(c.bad, 0);

	ck_assert_int_eq(mmu_unmap(m, GB + 777 * PG, 1), 0);
	ck_counts(m, 7, n - 1, 2047);
	ck_walk(m, GB + 776 * PG, 3584 + 776, false);
	ck_fault(m, GB + 777 * PG);
	ck_walk(m, GB + 1024 * PG, 3584 + 1024, true);

	ck_assert_int_eq(mmu_unmap(m, GB, n), 0);
	ck_counts(m, 1, 0, 0);
	mmu_destroy(m);
}
END_TEST

/* ---- TLB ---------------------------------------------------------------- */

struct tlb_seen {
	uint32_t asid[16];
	uint64_t va[16];
	uint32_t frame[16];
	bool block[16];
	unsigned n;
};

static int tlb_log(void *ctx, uint32_t asid, uint64_t va, uint32_t frame, bool block)
{
	struct tlb_seen *s = ctx;

	ck_assert_uint_lt(s->n, 16);
	s->asid[s->n] = asid;
	s->va[s->n] = va;
	s->frame[s->n] = frame;
	s->block[s->n] = block;
	s->n++;
	return 0;
}

static void ck_tlb_hit(struct tlb *t, uint32_t asid, uint64_t va, uint32_t frame)
{
	uint32_t f = UINT32_MAX;

	ck_assert(tlb_lookup(t, asid, va, &f));
	ck_assert_uint_eq(f, frame);
}

static void ck_tlb_miss(struct tlb *t, uint32_t asid, uint64_t va)
{
	uint32_t f = 12345;

	ck_assert(!tlb_lookup(t, asid, va, &f));
	ck_assert_uint_eq(f, 12345);
}

START_TEST(test_tlb_counts_hits_and_misses)
{
	struct tlb *t = tlb_create(8);
	const struct tlb_stats *st = tlb_stats(t);

	ck_assert_uint_eq(tlb_capacity(t), 8);
	ck_tlb_miss(t, 1, 0x5000);
	tlb_insert(t, 1, 0x5000, 42, false);
	ck_tlb_hit(t, 1, 0x5123, 42);
	ck_tlb_hit(t, 1, 0x5fff, 42);
	ck_tlb_miss(t, 1, 0x6000);
	ck_tlb_miss(t, 1, 0x4fff);
	ck_assert_uint_eq(st->hits, 2);
	ck_assert_uint_eq(st->misses, 3);
	ck_assert_uint_eq(st->evictions, 0);
	ck_assert_uint_eq(tlb_used(t), 1);
	tlb_destroy(t);
}
END_TEST

START_TEST(test_tlb_entries_belong_to_one_asid)
{
	struct tlb *t = tlb_create(8);

	tlb_insert(t, 1, 0x5000, 42, false);
	ck_tlb_miss(t, 2, 0x5000);
	tlb_insert(t, 2, 0x5000, 43, false);
	ck_tlb_hit(t, 1, 0x5000, 42);
	ck_tlb_hit(t, 2, 0x5000, 43);
	ck_assert_uint_eq(tlb_used(t), 2);
	tlb_destroy(t);
}
END_TEST

START_TEST(test_tlb_insert_of_existing_key_updates_its_frame)
{
	struct tlb *t = tlb_create(2);

	tlb_insert(t, 1, 0x5000, 42, false);
	tlb_insert(t, 1, 0x6000, 43, false);
	tlb_insert(t, 1, 0x5abc, 50, false);
	ck_assert_uint_eq(tlb_used(t), 2);
	ck_assert_uint_eq(tlb_stats(t)->evictions, 0);
	ck_tlb_hit(t, 1, 0x5000, 50);
	ck_tlb_hit(t, 1, 0x6000, 43);
	tlb_destroy(t);
}
END_TEST

START_TEST(test_tlb_replaces_least_recently_used_entry)
{
	struct tlb *t = tlb_create(3);
	struct tlb_seen s = { .n = 0 };

	tlb_insert(t, 1, 1 * PG, 11, false);
	tlb_insert(t, 1, 2 * PG, 12, false);
	tlb_insert(t, 1, 3 * PG, 13, false);
	ck_tlb_hit(t, 1, 1 * PG, 11);        /* page 1 becomes most recent */
	tlb_insert(t, 1, 4 * PG, 14, false); /* evicts page 2 */
	ck_assert_uint_eq(tlb_stats(t)->evictions, 1);
	ck_assert_uint_eq(tlb_used(t), 3);

	ck_assert_int_eq(tlb_for_each(t, tlb_log, &s), 0);
	ck_assert_uint_eq(s.n, 3);
	ck_assert_uint_eq(s.va[0], 3 * PG);
	ck_assert_uint_eq(s.va[1], 1 * PG);
	ck_assert_uint_eq(s.va[2], 4 * PG);
	ck_assert_uint_eq(s.frame[2], 14);

	ck_tlb_miss(t, 1, 2 * PG);
	tlb_insert(t, 1, 5 * PG, 15, false); /* evicts page 3 */
	ck_tlb_miss(t, 1, 3 * PG);
	ck_tlb_hit(t, 1, 1 * PG, 11);
	ck_tlb_hit(t, 1, 4 * PG, 14);
	ck_tlb_hit(t, 1, 5 * PG, 15);
	ck_assert_uint_eq(tlb_stats(t)->evictions, 2);
	tlb_destroy(t);
}
END_TEST

START_TEST(test_tlb_keeps_only_the_newest_entries_after_many_inserts)
{
	struct tlb *t = tlb_create(64);
	uint32_t k;

	for (k = 0; k < 1000; k++)
		tlb_insert(t, k % 3, (uint64_t)k * PG, k, false);
	ck_assert_uint_eq(tlb_used(t), 64);
	ck_assert_uint_eq(tlb_stats(t)->evictions, 936);
	for (k = 936; k < 1000; k++)
		ck_tlb_hit(t, k % 3, (uint64_t)k * PG, k);
	for (k = 0; k < 936; k += 97)
		ck_tlb_miss(t, k % 3, (uint64_t)k * PG);
	tlb_destroy(t);
}
END_TEST

START_TEST(test_tlb_block_entry_covers_its_2mib)
{
	struct tlb *t = tlb_create(4);
	struct tlb_seen s = { .n = 0 };

	tlb_insert(t, 1, MB2 + 123 * PG, 1024, true);
	ck_assert_int_eq(tlb_for_each(t, tlb_log, &s), 0);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_uint_eq(s.va[0], MB2);
	ck_assert_uint_eq(s.frame[0], 1024);
	ck_assert(s.block[0]);

	ck_tlb_hit(t, 1, MB2, 1024);
	ck_tlb_hit(t, 1, MB2 + 123 * PG + 9, 1147);
	ck_tlb_hit(t, 1, 2 * MB2 - 1, 1535);
	ck_tlb_miss(t, 1, 2 * MB2);
	ck_tlb_miss(t, 1, MB2 - 1);
	ck_tlb_miss(t, 2, MB2);
	/* a 4 KiB entry inside the block wins */
	tlb_insert(t, 1, MB2 + 5 * PG, 9, false);
	ck_tlb_hit(t, 1, MB2 + 5 * PG, 9);
	ck_tlb_hit(t, 1, MB2 + 6 * PG, 1030);
	tlb_destroy(t);
}
END_TEST

static struct tlb *flush_fixture(void)
{
	struct tlb *t = tlb_create(16);

	tlb_insert(t, 1, 10 * PG, 10, false);
	tlb_insert(t, 1, 11 * PG, 11, false);
	tlb_insert(t, 1, 12 * PG, 12, false);
	tlb_insert(t, 1, 20 * PG, 20, false);
	tlb_insert(t, 2, 11 * PG, 111, false);
	tlb_insert(t, 1, MB2, 512, true);
	tlb_insert(t, 1, 2 * MB2, 1024, true);
	ck_assert_uint_eq(tlb_used(t), 7);
	return t;
}

START_TEST(test_tlb_flush_range_drops_exactly_the_overlapping_entries)
{
	struct tlb *t = flush_fixture();
	const struct tlb_stats *st = tlb_stats(t);

	tlb_flush_range(t, 1, 11 * PG, 2);
	ck_assert_uint_eq(st->flushes, 1);
	ck_assert_uint_eq(st->flushed_entries, 2);
	ck_assert_uint_eq(tlb_used(t), 5);
	ck_tlb_miss(t, 1, 11 * PG);
	ck_tlb_miss(t, 1, 12 * PG);
	ck_tlb_hit(t, 1, 10 * PG, 10);
	ck_tlb_hit(t, 1, 20 * PG, 20);
	ck_tlb_hit(t, 2, 11 * PG, 111);

	/* one page at the end of the first block drops that block only */
	tlb_flush_range(t, 1, 2 * MB2 - PG, 1);
	ck_assert_uint_eq(st->flushes, 2);
	ck_assert_uint_eq(st->flushed_entries, 3);
	ck_tlb_miss(t, 1, MB2);
	ck_tlb_hit(t, 1, 2 * MB2, 1024);

	/* empty range: counted, drops nothing */
	tlb_flush_range(t, 1, 10 * PG, 0);
	ck_assert_uint_eq(st->flushes, 3);
	ck_assert_uint_eq(st->flushed_entries, 3);
	ck_assert_uint_eq(tlb_used(t), 4);
	tlb_destroy(t);
}
END_TEST

START_TEST(test_tlb_flush_range_larger_than_tlb_scans_entries)
{
	struct tlb *t = flush_fixture();
	const struct tlb_stats *st = tlb_stats(t);

	/* 9 pages + 1 block slot > 7 entries: the scan path */
	tlb_flush_range(t, 1, 8 * PG, 9);
	ck_assert_uint_eq(st->flushed_entries, 3);
	ck_tlb_miss(t, 1, 10 * PG);
	ck_tlb_miss(t, 1, 12 * PG);
	ck_tlb_hit(t, 1, 20 * PG, 20);
	ck_tlb_hit(t, 2, 11 * PG, 111);
	ck_tlb_hit(t, 1, MB2, 512);
	ck_assert_uint_eq(tlb_used(t), 4);
	tlb_destroy(t);
}
END_TEST

START_TEST(test_tlb_flush_of_huge_range_is_clipped_and_exact)
{
	struct tlb *t = flush_fixture();
	const struct tlb_stats *st = tlb_stats(t);
	const uint64_t top = UINT64_MAX & ~(PG - 1);

	tlb_insert(t, 1, 1ull << 47, 5, true);
	tlb_insert(t, 1, top, 6, false);
	/* from the second block to the top of the 64-bit space */
	tlb_flush_range(t, 1, 2 * MB2 + PG, UINT64_MAX);
	ck_assert_uint_eq(st->flushed_entries, 3);
	ck_tlb_miss(t, 1, 2 * MB2);
	ck_tlb_miss(t, 1, 1ull << 47);
	ck_tlb_miss(t, 1, top);
	ck_tlb_hit(t, 1, MB2, 512);

	tlb_flush_range(t, 1, 0, 1ull << 36);
	ck_assert_uint_eq(st->flushes, 2);
	ck_assert_uint_eq(st->flushed_entries, 3 + 5);
	ck_assert_uint_eq(tlb_used(t), 1);
	ck_tlb_hit(t, 2, 11 * PG, 111);
	tlb_destroy(t);
}
END_TEST

START_TEST(test_tlb_flush_asid_drops_only_that_asid)
{
	struct tlb *t = flush_fixture();
	const struct tlb_stats *st = tlb_stats(t);

	tlb_flush_asid(t, 1);
	ck_assert_uint_eq(st->flushes, 1);
	ck_assert_uint_eq(st->flushed_entries, 6);
	ck_assert_uint_eq(tlb_used(t), 1);
	ck_tlb_hit(t, 2, 11 * PG, 111);
	tlb_flush_asid(t, 3);
	ck_assert_uint_eq(st->flushes, 2);
	ck_assert_uint_eq(st->flushed_entries, 6);
	/* freed entries are reused without eviction */
	tlb_insert(t, 1, 0, 1, false);
	ck_assert_uint_eq(tlb_used(t), 2);
	ck_assert_uint_eq(st->evictions, 0);
	tlb_destroy(t);
}
END_TEST

START_TEST(test_tlb_size_is_limited_to_1_through_65536)
{
	struct tlb *t;

	ck_assert_ptr_null(tlb_create(0));
	ck_assert_ptr_null(tlb_create(65537));
	t = tlb_create(65536);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(tlb_capacity(t), 65536);
	tlb_destroy(t);
	t = tlb_create(1);
	tlb_insert(t, 1, 0, 1, false);
	tlb_insert(t, 1, PG, 2, false);
	ck_assert_uint_eq(tlb_used(t), 1);
	ck_assert_uint_eq(tlb_stats(t)->evictions, 1);
	ck_tlb_miss(t, 1, 0);
	ck_tlb_hit(t, 1, PG, 2);
	tlb_destroy(t);
	tlb_destroy(NULL);
}
END_TEST

/* ---- AS slots ----------------------------------------------------------- */

START_TEST(test_as_get_reuses_the_slot_a_vm_holds)
{
	struct as_mgr *a = as_create(4);
	uint32_t victim = 0;

	ck_assert_int_eq(as_get(a, 5, &victim), 0);
	ck_assert_uint_eq(victim, NIL);
	victim = 0;
	ck_assert_int_eq(as_get(a, 5, &victim), 0);
	ck_assert_uint_eq(victim, NIL);
	ck_assert_uint_eq(as_active(a, 5), 2);
	ck_assert_int_eq(as_put(a, 5), 0);
	ck_assert_int_eq(as_put(a, 5), 0);
	ck_assert_int_eq(as_get(a, 5, NULL), 0);
	ck_assert_uint_eq(as_active(a, 5), 1);
	as_destroy(a);
}
END_TEST

START_TEST(test_as_get_takes_the_lowest_free_slot)
{
	struct as_mgr *a = as_create(3);
	uint32_t victim;

	ck_assert_int_eq(as_get(a, 10, &victim), 0);
	ck_assert_int_eq(as_get(a, 11, &victim), 1);
	ck_assert_int_eq(as_get(a, 12, &victim), 2);
	ck_assert_uint_eq(victim, NIL);
	ck_assert_int_eq(as_release_vm(a, 11), MMU_EBUSY);
	ck_assert_int_eq(as_slot_of(a, 11), -1);
	ck_assert_int_eq(as_get(a, 13, &victim), 1);
	ck_assert_uint_eq(victim, NIL);
	ck_assert_int_eq(as_slot_of(a, 13), 1);
	as_destroy(a);
}
END_TEST

/* VMs 64 apart share the hint of the slot lookup: each still finds its own. */
START_TEST(test_as_vms_sharing_a_hint_find_their_own_slots)
{
	struct as_mgr *a = as_create(3);
	uint32_t victim;

	ck_assert_int_eq(as_get(a, 1, NULL), 0);
	ck_assert_int_eq(as_get(a, 65, NULL), 1);
	ck_assert_int_eq(as_get(a, 129, NULL), 2);
	ck_assert_int_eq(as_slot_of(a, 1), 0);
	ck_assert_int_eq(as_slot_of(a, 65), 1);
	ck_assert_int_eq(as_slot_of(a, 129), 2);
	ck_assert_int_eq(as_put(a, 65), 0);
	ck_assert_int_eq(as_put(a, 1), 0);
	ck_assert_int_eq(as_put(a, 129), 0);
	ck_assert_int_eq(as_put(a, 129), MMU_EINVAL);
	ck_assert_int_eq(as_get(a, 1, &victim), 0); /* its slot, no victim */
	ck_assert_uint_eq(victim, NIL);
	ck_assert_int_eq(as_get(a, 193, &victim), 1); /* 65's slot: idle the longest */
	ck_assert_uint_eq(victim, 65);
	ck_assert_int_eq(as_slot_of(a, 65), -1);
	ck_assert_uint_eq(as_active(a, 129), 0);
	ck_assert_uint_eq(as_active(a, 1), 1);
	ck_assert_int_eq(as_release_vm(a, 193), MMU_EBUSY);
	ck_assert_int_eq(as_slot_of(a, 193), -1);
	ck_assert_int_eq(as_get(a, 65, &victim), 1); /* the free slot */
	ck_assert_uint_eq(victim, NIL);
	as_destroy(a);
}
END_TEST

START_TEST(test_as_get_steals_least_recently_used_idle_slot_and_reports_victim)
{
	struct as_mgr *a = as_create(2);
	uint32_t victim;

	ck_assert_int_eq(as_get(a, 1, NULL), 0);
	ck_assert_int_eq(as_get(a, 2, NULL), 1);
	ck_assert_int_eq(as_put(a, 1), 0);
	ck_assert_int_eq(as_put(a, 2), 0);
	ck_assert_int_eq(as_get(a, 1, NULL), 0); /* vm 1 most recent */
	ck_assert_int_eq(as_put(a, 1), 0);

	ck_assert_int_eq(as_get(a, 3, &victim), 1);
	ck_assert_uint_eq(victim, 2);
	ck_assert_int_eq(as_slot_of(a, 2), -1);
	ck_assert_int_eq(as_slot_of(a, 3), 1);
	ck_assert_uint_eq(as_active(a, 3), 1);
	ck_assert_int_eq(as_put(a, 3), 0);

	ck_assert_int_eq(as_get(a, 2, &victim), 0);
	ck_assert_uint_eq(victim, 1);
	as_destroy(a);
}
END_TEST

START_TEST(test_as_get_never_steals_an_active_slot)
{
	struct as_mgr *a = as_create(2);
	uint32_t victim;

	ck_assert_int_eq(as_get(a, 1, NULL), 0); /* oldest, stays active */
	ck_assert_int_eq(as_get(a, 2, NULL), 1);
	ck_assert_int_eq(as_put(a, 2), 0);
	ck_assert_int_eq(as_get(a, 3, &victim), 1);
	ck_assert_uint_eq(victim, 2);
	ck_assert_int_eq(as_slot_of(a, 1), 0);
	as_destroy(a);
}
END_TEST

START_TEST(test_as_get_is_busy_when_every_slot_is_active)
{
	struct as_mgr *a = as_create(2);
	uint32_t victim = 0;

	ck_assert_int_eq(as_get(a, 1, NULL), 0);
	ck_assert_int_eq(as_get(a, 2, NULL), 1);
	ck_assert_int_eq(as_get(a, 3, &victim), MMU_EBUSY);
	ck_assert_uint_eq(victim, NIL);
	ck_assert_int_eq(as_slot_of(a, 3), -1);
	ck_assert_int_eq(as_slot_of(a, 1), 0);
	ck_assert_int_eq(as_slot_of(a, 2), 1);
	ck_assert_uint_eq(as_active(a, 1), 1);
	ck_assert_int_eq(as_put(a, 1), 0);
	ck_assert_int_eq(as_get(a, 3, &victim), 0);
	ck_assert_uint_eq(victim, 1);
	as_destroy(a);
}
END_TEST

START_TEST(test_as_put_keeps_the_slot_and_rejects_misuse)
{
	struct as_mgr *a = as_create(2);

	ck_assert_int_eq(as_put(a, 4), MMU_EINVAL);
	ck_assert_int_eq(as_get(a, 4, NULL), 0);
	ck_assert_int_eq(as_put(a, 4), 0);
	ck_assert_int_eq(as_slot_of(a, 4), 0);
	ck_assert_uint_eq(as_active(a, 4), 0);
	ck_assert_int_eq(as_put(a, 4), MMU_EINVAL);
	ck_assert_uint_eq(as_active(a, 4), 0);
	ck_assert_int_eq(as_get(a, NIL, NULL), MMU_EINVAL);
	as_destroy(a);
}
END_TEST

START_TEST(test_as_release_frees_the_slot_without_a_victim)
{
	struct as_mgr *a = as_create(1);
	uint32_t victim = 0;

	ck_assert_int_eq(as_release_vm(a, 9), 0);
	ck_assert_int_eq(as_get(a, 9, NULL), 0);
	ck_assert_int_eq(as_put(a, 9), 0);
	ck_assert_int_eq(as_release_vm(a, 9), 0);
	ck_assert_int_eq(as_slot_of(a, 9), -1);
	ck_assert_int_eq(as_get(a, 1u << 20, &victim), 0);
	ck_assert_uint_eq(victim, NIL);
	ck_assert_int_eq(as_slot_of(a, 1u << 20), 0);
	as_destroy(a);
}
END_TEST

START_TEST(test_as_slot_count_is_limited_to_1_through_64)
{
	struct as_mgr *a;
	uint32_t vm, victim;

	ck_assert_ptr_null(as_create(0));
	ck_assert_ptr_null(as_create(65));
	a = as_create(64);
	ck_assert_ptr_nonnull(a);
	for (vm = 0; vm < 64; vm++)
		ck_assert_int_eq(as_get(a, vm * 1000, NULL), (int)vm);
	ck_assert_int_eq(as_get(a, 7, &victim), MMU_EBUSY);
	as_destroy(a);
	as_destroy(NULL);
}
END_TEST

/* ---- suite -------------------------------------------------------------- */

extern Suite *mmu_suite(void);

Suite *mmu_suite(void)
{
	Suite *s = suite_create("mmu");
	TCase *tc;

	tc = tcase_create("pages_4k");
	tcase_add_test(tc, test_map_of_4k_pages_translates_each_page);
	tcase_add_test(tc, test_map_of_zero_pages_changes_nothing);
	tcase_add_test(tc, test_create_accepts_only_va_bits_32_to_48);
	tcase_add_test(tc, test_map_rejects_misaligned_va_and_invalid_frames);
	tcase_add_test(tc, test_remapping_after_unmap_gives_new_frame);
	suite_add_tcase(s, tc);

	tc = tcase_create("blocks_2m");
	tcase_add_test(tc, test_block_chosen_when_va_and_frame_aligned_contiguous_and_512_remain);
	tcase_add_test(tc, test_no_block_when_va_not_2mib_aligned);
	tcase_add_test(tc, test_no_block_when_frames_not_contiguous);
	tcase_add_test(tc, test_no_block_when_first_frame_not_512_aligned);
	tcase_add_test(tc, test_no_block_when_fewer_than_512_pages_remain);
	tcase_add_test(tc, test_no_block_when_caller_disallows_blocks);
	tcase_add_test(tc, test_unaligned_range_mixes_4k_pages_and_blocks);
	suite_add_tcase(s, tc);

	tc = tcase_create("unmap");
	tcase_add_test(tc, test_unmap_of_partial_range_clears_only_that_range);
	tcase_add_test(tc, test_unmap_inside_block_splits_it_and_keeps_the_rest);
	tcase_add_test(tc, test_unmap_across_two_blocks_splits_both);
	tcase_add_test(tc, test_unmap_of_block_head_or_tail_splits_once);
	tcase_add_test(tc, test_unmap_of_whole_block_frees_its_tables);
	tcase_add_test(tc, test_unmap_of_holes_is_fine);
	tcase_add_test(tc, test_unmap_of_whole_va_space_removes_everything);
	tcase_add_test(tc, test_unmap_split_without_memory_fails_and_changes_nothing);
	suite_add_tcase(s, tc);

	tc = tcase_create("table_lifetime");
	tcase_add_test(tc, test_tables_are_freed_as_soon_as_they_empty);
	tcase_add_test(tc, test_table_count_returns_to_root_after_unmapping_everything);
	suite_add_tcase(s, tc);

	tc = tcase_create("overlap_rollback");
	tcase_add_test(tc, test_map_overlapping_a_page_fails_without_side_effects);
	tcase_add_test(tc, test_map_overlapping_a_block_fails_without_side_effects);
	tcase_add_test(tc, test_map_failing_for_memory_rolls_back_completely);
	suite_add_tcase(s, tc);

	tc = tcase_create("va_range");
	tcase_add_test(tc, test_va_beyond_va_bits_is_rejected);
	tcase_add_test(tc, test_48_bit_space_ends_at_256_tib);
	suite_add_tcase(s, tc);

	tc = tcase_create("iteration");
	tcase_add_test(tc, test_for_each_visits_every_mapping_in_va_order);
	tcase_add_test(tc, test_for_each_range_visits_only_mappings_in_the_range);
	tcase_add_test(tc, test_for_each_stops_when_callback_returns_nonzero);
	suite_add_tcase(s, tc);

	tc = tcase_create("large");
	tcase_add_test(tc, test_random_maps_and_unmaps_match_a_page_model);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_map_and_unmap_of_1mi_4k_pages_keeps_exact_counts);
	tcase_add_test(tc, test_map_of_1mi_contiguous_pages_uses_blocks_and_splits_one);
	suite_add_tcase(s, tc);

	tc = tcase_create("tlb");
	tcase_add_test(tc, test_tlb_counts_hits_and_misses);
	tcase_add_test(tc, test_tlb_entries_belong_to_one_asid);
	tcase_add_test(tc, test_tlb_insert_of_existing_key_updates_its_frame);
	tcase_add_test(tc, test_tlb_replaces_least_recently_used_entry);
	tcase_add_test(tc, test_tlb_keeps_only_the_newest_entries_after_many_inserts);
	tcase_add_test(tc, test_tlb_block_entry_covers_its_2mib);
	tcase_add_test(tc, test_tlb_flush_range_drops_exactly_the_overlapping_entries);
	tcase_add_test(tc, test_tlb_flush_range_larger_than_tlb_scans_entries);
	tcase_add_test(tc, test_tlb_flush_of_huge_range_is_clipped_and_exact);
	tcase_add_test(tc, test_tlb_flush_asid_drops_only_that_asid);
	tcase_add_test(tc, test_tlb_size_is_limited_to_1_through_65536);
	suite_add_tcase(s, tc);

	tc = tcase_create("as_slots");
	tcase_add_test(tc, test_as_get_reuses_the_slot_a_vm_holds);
	tcase_add_test(tc, test_as_get_takes_the_lowest_free_slot);
	tcase_add_test(tc, test_as_get_steals_least_recently_used_idle_slot_and_reports_victim);
	tcase_add_test(tc, test_as_vms_sharing_a_hint_find_their_own_slots);
	tcase_add_test(tc, test_as_get_never_steals_an_active_slot);
	tcase_add_test(tc, test_as_get_is_busy_when_every_slot_is_active);
	tcase_add_test(tc, test_as_put_keeps_the_slot_and_rejects_misuse);
	tcase_add_test(tc, test_as_release_frees_the_slot_without_a_victim);
	tcase_add_test(tc, test_as_slot_count_is_limited_to_1_through_64);
	suite_add_tcase(s, tc);

	return s;
}
