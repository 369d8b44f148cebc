// SPDX-License-Identifier: MIT
/*
 * tests/test_gpu.c - the GPU side: VA allocation, mappings and references,
 * eviction and swap-in through the hooks, jobs, queues, fences, AS slots,
 * accesses, heap growth, faults and invariant 5.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gem/dmabuf.h"
#include "gem/gem.h"
#include "gem/gem_int.h"
#include "gem/pg.h"
#include "gem/shm.h"
#include "gem/shrink.h"
#include "gpu/gpu.h"
#include "tests/gem_fixture.h"
#include "gpu/mmu.h"
#include "gpu/vm.h"
#include "run/load.h"
#include "sim/queue.h"
#include "run/run.h"
#include "sim/scenario.h"
#include "sim/sim.h"

#define PG 4096ull
#define MiB (1ull << 20)
#define VA0 GPU_VA_START
#define US 1000ull

/* ---- fixture ------------------------------------------------------------ */

/* Device settings: va_bits, tlb_entries, as_slots, queues. */
static const struct sim_device_cfg dev_default = { 48, 64, 8, 1 };

/* A run with @ram frames, @swap slots, @ndev devices and @nvms VMs (vm i on vm_dev[i]). */
static struct sim *gfx(uint64_t ram, uint64_t swap, const struct sim_device_cfg *devs,
		       uint32_t ndev, const uint32_t *vm_dev, uint32_t nvms)
{
	struct sim_config cfg;
	struct scenario sc;
	struct sim_vm_cfg vms[8];
	struct sim_device_cfg dv[4];
	struct sim *s;

	ck_assert_uint_le(nvms, 8);
	ck_assert_uint_le(ndev, 4);
	memcpy(dv, devs, ndev * sizeof(*devs));
	sim_config_defaults(&cfg);
	cfg.ram_pages = ram;
	cfg.swap_pages = swap;
	s = gem_sim_create(&cfg);
	ck_assert_ptr_nonnull(s);
	memset(&sc, 0, sizeof(sc));
	for (uint32_t i = 0; i < nvms; i++)
		vms[i].device = vm_dev ? vm_dev[i] : 0;
	sc.nnames[SIM_K_DEVICE] = ndev;
	sc.devices = dv;
	sc.nnames[SIM_K_VM] = nvms;
	sc.vms = vms;
	ck_assert_int_eq(gpu_create(s, &sc), 0);
	return s;
}

/* One default device (tweaked by the caller's copy) and @nvms VMs on it. */
static struct sim *gfx1(uint64_t ram, uint64_t swap, struct sim_device_cfg dev, uint32_t nvms)
{
	return gfx(ram, swap, &dev, 1, NULL, nvms);
}

static struct sim *gfx_simple(void)
{
	return gfx1(4096, 4096, dev_default, 2);
}

static void mk(struct sim *s, uint32_t bo, uint64_t npages)
{
	ck_assert_int_eq(shm_create(s, bo, npages, 0), 0);
}

static void mk_heap(struct sim *s, uint32_t bo, uint64_t npages)
{
	ck_assert_int_eq(shm_create(s, bo, npages, SHM_CREATE_HEAP), 0);
}

static uint64_t va_of(struct sim *s, uint32_t vm, uint32_t bo)
{
	uint64_t va = 0;

	ck_assert_int_eq(gpu_vm_va(s, vm, bo, &va), 0);
	return va;
}

/* Run until the next jobs_completed/jobs_killed change; returns the time. */
static sim_ns run_to_next_retire(struct sim *s)
{
	uint64_t c = s->stats.jobs_completed;
	struct sim_qev q;

	while (sim_queue_pop(s->queue, &q)) {
		s->now = q.at;
		if (q.kind == SIM_Q_JOB_DONE)
			gpu_job_done(s, q.arg);
		else if (q.kind == SIM_Q_RECLAIM)
			gem_background_reclaim(s);
		if (s->stats.jobs_completed != c)
			return s->now;
	}
	ck_abort_msg("no job retired");
	return 0;
}

static void run_all(struct sim *s)
{
	fx_run_until(s, UINT64_MAX);
}

static bool has_report(const struct sim *s, unsigned inv, const char *needle)
{
	for (uint32_t i = 0; i < s->nr_reports; i++)
		if (s->reports[i].invariant == inv && strstr(s->reports[i].msg, needle))
			return true;
	return false;
}

static uint32_t walk(struct sim *s, uint32_t vm, uint64_t va)
{
	uint32_t f = UINT32_MAX;

	ck_assert_int_eq(mmu_walk(gpu_vm_mmu(s, vm), va, &f, NULL), 0);
	return f;
}

/* ---- VA allocation ------------------------------------------------------ */

START_TEST(test_va_first_fit_starts_at_32mib)
{
	struct sim *s = gfx_simple();

	mk(s, 0, 16);
	mk(s, 1, 16);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_map(s, 0, 1, false, 0), 0);
	ck_assert_uint_eq(va_of(s, 0, 0), VA0);
	ck_assert_uint_eq(va_of(s, 0, 1), VA0 + 16 * PG);
	/* another VM has its own address space */
	ck_assert_int_eq(gpu_map(s, 1, 1, false, 0), 0);
	ck_assert_uint_eq(va_of(s, 1, 1), VA0);
	fx_finish(s);
}
END_TEST

START_TEST(test_va_big_objects_are_2mib_aligned_small_fill_holes)
{
	struct sim *s = gfx_simple();

	mk(s, 0, 16);
	mk(s, 1, 512);
	mk(s, 2, 4);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_map(s, 0, 1, false, 0), 0);
	ck_assert_int_eq(gpu_map(s, 0, 2, false, 0), 0);
	ck_assert_uint_eq(va_of(s, 0, 0), VA0);
	ck_assert_uint_eq(va_of(s, 0, 1), VA0 + 2 * MiB);
	/* first fit: the hole between the first two mappings */
	ck_assert_uint_eq(va_of(s, 0, 2), VA0 + 16 * PG);
	fx_finish(s);
}
END_TEST

START_TEST(test_va_explicit_must_be_aligned_in_range_and_free)
{
	struct sim_device_cfg d = dev_default;
	struct sim *s;

	d.va_bits = 32;
	s = gfx1(4096, 0, d, 1);
	mk(s, 0, 16);
	mk(s, 1, 16);
	ck_assert_int_eq(gpu_map(s, 0, 0, true, VA0 + 100), GEMSIM_EINVAL);
	ck_assert_int_eq(gpu_map(s, 0, 0, true, VA0 - 16 * PG), GEMSIM_EINVAL);
	ck_assert_int_eq(gpu_map(s, 0, 0, true, (4ull << 30) - 8 * PG), GEMSIM_EINVAL);
	ck_assert_int_eq(gpu_map(s, 0, 0, true, 4ull << 30), GEMSIM_EINVAL);
	/* nothing was taken by the failures */
	ck_assert_int_eq(shm_get(s, 0)->pages_use_count, 0);
	/* the very top of the VA space fits exactly */
	ck_assert_int_eq(gpu_map(s, 0, 0, true, (4ull << 30) - 16 * PG), 0);
	ck_assert_uint_eq(va_of(s, 0, 0), (4ull << 30) - 16 * PG);
	/* overlapping it from below, by one page */
	ck_assert_int_eq(gpu_map(s, 0, 1, true, (4ull << 30) - 31 * PG), GEMSIM_EINVAL);
	ck_assert_int_eq(gpu_map(s, 0, 1, true, (4ull << 30) - 32 * PG), 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_va_freed_range_is_reused)
{
	struct sim *s = gfx_simple();

	for (uint32_t b = 0; b < 4; b++) {
		mk(s, b, 8);
	}
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_map(s, 0, 1, false, 0), 0);
	ck_assert_int_eq(gpu_map(s, 0, 2, false, 0), 0);
	ck_assert_int_eq(gpu_unmap(s, 0, 1), 0);
	ck_assert_int_eq(gpu_vm_va(s, 0, 1, &(uint64_t){ 0 }), GEMSIM_ENOENT);
	ck_assert_int_eq(gpu_map(s, 0, 3, false, 0), 0);
	ck_assert_uint_eq(va_of(s, 0, 3), VA0 + 8 * PG);
	/* and an explicit VA into a freed range */
	ck_assert_int_eq(gpu_unmap(s, 0, 0), 0);
	ck_assert_int_eq(gpu_map(s, 0, 1, true, VA0), 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_va_no_room_is_enospc)
{
	struct sim_device_cfg d = dev_default;
	struct sim *s;

	d.va_bits = 32;
	s = gfx1(64, 0, d, 1);
	/* [32 MiB, 4 GiB) cannot hold 4 GiB */
	mk(s, 0, (4ull << 30) / PG);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), GEMSIM_ENOSPC);
	ck_assert_int_eq(shm_get(s, 0)->pages_use_count, 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_same_object_twice_in_one_vm_is_einval)
{
	struct sim *s = gfx_simple();

	mk(s, 0, 8);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), GEMSIM_EINVAL);
	ck_assert_int_eq(gpu_map(s, 0, 0, true, VA0 + 2 * MiB), GEMSIM_EINVAL);
	ck_assert_int_eq(gpu_map(s, 1, 0, false, 0), 0);
	ck_assert_int_eq(shm_get(s, 0)->pages_use_count, 2);
	fx_finish(s);
}
END_TEST

START_TEST(test_unknown_vm_or_object)
{
	struct sim *s = gfx_simple();

	mk(s, 0, 8);
	ck_assert_int_eq(gpu_map(s, 5, 0, false, 0), GEMSIM_ENOENT);
	ck_assert_int_eq(gpu_map(s, 0, 7, false, 0), GEMSIM_ENOENT);
	ck_assert_int_eq(gpu_unmap(s, 5, 0), GEMSIM_ENOENT);
	ck_assert_int_eq(gpu_unmap(s, 0, 0), GEMSIM_EINVAL);
	ck_assert_int_eq(gpu_access(s, 5, VA0, false), GEMSIM_ENOENT);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 5), 0);
	fx_finish(s);
}
END_TEST

/* The allocator against a brute-force model of the same address space. */
START_TEST(test_va_tree_matches_bruteforce)
{
	enum { LO = 16, HI = 4096, N = 3000 };
	static uint32_t owner[HI]; /* id + 1 per page, 0 = free */
	uint32_t node_of[256], start_of[256], len_of[256];
	struct vm_va va;
	uint64_t seed = 12345;

	vm_va_init(&va, LO, HI);
	memset(owner, 0, sizeof(owner));
	for (uint32_t i = 0; i < 256; i++)
		node_of[i] = VM_VA_NONE;
	for (int it = 0; it < N; it++) {
		uint32_t id, len, align;

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		id = (uint32_t)(seed >> 33) % 256;
		len = 1 + (uint32_t)(seed >> 45) % 40;
		align = (seed >> 20) & 1 ? 16 : 1;
		if (node_of[id] != VM_VA_NONE) {
			ck_assert_uint_eq(vm_va_start(&va, node_of[id]), start_of[id]);
			ck_assert_uint_eq(vm_va_npages(&va, node_of[id]), len_of[id]);
			ck_assert_uint_eq(vm_va_id(&va, node_of[id]), id);
			vm_va_free(&va, node_of[id]);
			for (uint32_t p = start_of[id]; p < start_of[id] + len_of[id]; p++)
				owner[p] = 0;
			node_of[id] = VM_VA_NONE;
		} else if ((seed >> 10) & 3) {
			/* first fit: the lowest aligned start with len free pages */
			uint64_t want = UINT64_MAX, got;
			uint32_t node;
			int ret;

			for (uint32_t x = LO; x + len <= HI && want == UINT64_MAX; x++) {
				bool ok = x % align == 0;

				for (uint32_t p = x; ok && p < x + len; p++)
					ok = !owner[p];
				if (ok)
					want = x;
			}
			ret = vm_va_alloc(&va, len, align, id, &got, &node);
			if (want == UINT64_MAX) {
				ck_assert_int_eq(ret, GEMSIM_ENOSPC);
				continue;
			}
			ck_assert_int_eq(ret, 0);
			ck_assert_uint_eq(got, want);
			node_of[id] = node;
			start_of[id] = (uint32_t)got;
			len_of[id] = len;
			for (uint32_t p = (uint32_t)got; p < got + len; p++)
				owner[p] = id + 1;
		} else {
			/* explicit reservation at a random place */
			uint32_t x = LO + (uint32_t)(seed >> 40) % (HI - LO), node;
			bool free = x + len <= HI;
			int ret;

			for (uint32_t p = x; free && p < x + len; p++)
				free = !owner[p];
			ret = vm_va_reserve(&va, x, len, id, &node);
			ck_assert_int_eq(ret, free ? 0 : GEMSIM_EINVAL);
			if (!free)
				continue;
			node_of[id] = node;
			start_of[id] = x;
			len_of[id] = len;
			for (uint32_t p = x; p < x + len; p++)
				owner[p] = id + 1;
		}
		ck_assert(vm_va_check(&va));
		/* point lookups agree with the model */
		for (uint32_t p = LO; p < HI; p += 37) {
			uint32_t n = vm_va_find(&va, p);

			if (!owner[p])
				ck_assert_uint_eq(n, VM_VA_NONE);
			else
				ck_assert_uint_eq(vm_va_id(&va, n), owner[p] - 1);
		}
	}
	vm_va_fini(&va);
}
END_TEST

START_TEST(test_va_many_mappings_stay_balanced)
{
	struct vm_va va;
	uint32_t nodes[20000];
	uint64_t start;

	vm_va_init(&va, 0, 1ull << 36);
	for (uint32_t i = 0; i < 20000; i++) {
		ck_assert_int_eq(vm_va_alloc(&va, 1 + i % 7, 1, i, &start, &nodes[i]), 0);
	}
	/* free every other one, then refill: first fit reuses the lowest holes */
	for (uint32_t i = 0; i < 20000; i += 2)
		vm_va_free(&va, nodes[i]);
	ck_assert(vm_va_check(&va));
	ck_assert_uint_eq(va.count, 10000);
	ck_assert_int_eq(vm_va_alloc(&va, 1, 1, 99999, &start, &nodes[0]), 0);
	ck_assert_uint_eq(start, 0);
	ck_assert_int_eq(vm_va_alloc(&va, 7, 1, 99998, &start, &nodes[2]), 0);
	/* the first hole of 7 pages: object 6 (7 pages) at 0+1+2+3+4+5+6 = 21 */
	ck_assert_uint_eq(start, 21);
	ck_assert(vm_va_check(&va));
	ck_assert_uint_le(va.nodes[va.root].height, 20);
	vm_va_fini(&va);
}
END_TEST

/* ---- map and unmap ------------------------------------------------------ */

START_TEST(test_map_takes_use_reference_and_writes_ptes)
{
	struct sim *s = gfx_simple();
	struct shm_object *o;

	mk(s, 0, 16);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	o = shm_get(s, 0);
	ck_assert_int_eq(o->pages_use_count, 1);
	ck_assert(shm_has_pages(o));
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 16);
	for (uint64_t i = 0; i < 16; i++)
		ck_assert_uint_eq(walk(s, 0, VA0 + i * PG), o->pages[i]);
	ck_assert_int_eq(mmu_walk(gpu_vm_mmu(s, 0), VA0 + 16 * PG, NULL, NULL), MMU_EFAULT);
	ck_assert_int_eq(gpu_unmap(s, 0, 0), 0);
	ck_assert_int_eq(o->pages_use_count, 0);
	ck_assert(!shm_has_pages(o));
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 0);
	ck_assert_uint_eq(s->stats.pages_freed, 16);
	fx_finish(s);
}
END_TEST

START_TEST(test_map_adds_to_existing_use_count)
{
	struct sim *s = gfx_simple();

	mk(s, 0, 8);
	ck_assert_int_eq(shm_get_pages(s, 0), 0);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_map(s, 1, 0, false, 0), 0);
	ck_assert_int_eq(shm_get(s, 0)->pages_use_count, 3);
	ck_assert_int_eq(gpu_unmap(s, 1, 0), 0);
	ck_assert_int_eq(gpu_unmap(s, 0, 0), 0);
	ck_assert_int_eq(shm_get(s, 0)->pages_use_count, 1);
	ck_assert(shm_has_pages(shm_get(s, 0)));
	fx_finish(s);
}
END_TEST

START_TEST(test_aligned_contiguous_object_uses_2mib_blocks)
{
	struct sim *s = gfx_simple();
	struct mmu *m;

	mk(s, 0, 1024 + 3);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	m = gpu_vm_mmu(s, 0);
	/* fresh RAM: frames 0..1026, so two 512-aligned runs and three pages */
	ck_assert_uint_eq(mmu_block_count(m), 2);
	ck_assert_uint_eq(mmu_mapped_pages(m), 1027);
	/* root, L1, L2 and one leaf for the tail */
	ck_assert_uint_eq(mmu_table_pages(m), 4);
	ck_assert_uint_eq(gpu_pt_pages(s), 4);
	ck_assert_uint_eq(s->stats.pt_pages_peak, 4);
	ck_assert_uint_eq(walk(s, 0, VA0 + 700 * PG), 700);
	ck_assert_int_eq(gpu_unmap(s, 0, 0), 0);
	ck_assert_uint_eq(gpu_pt_pages(s), 1);
	ck_assert_uint_eq(s->stats.pt_pages_peak, 4);
	fx_finish(s);
}
END_TEST

START_TEST(test_misaligned_va_gets_no_blocks)
{
	struct sim *s = gfx_simple();

	mk(s, 0, 512);
	ck_assert_int_eq(gpu_map(s, 0, 0, true, VA0 + PG), 0);
	ck_assert_uint_eq(mmu_block_count(gpu_vm_mmu(s, 0)), 0);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 512);
	fx_finish(s);
}
END_TEST

START_TEST(test_map_purged_object_is_enomem)
{
	struct sim *s = gfx_simple();

	mk(s, 0, 8);
	mk(s, 1, 8);
	ck_assert_int_eq(shm_get_pages(s, 0), 0);
	ck_assert_int_eq(shm_madvise(s, 0, true), 1);
	ck_assert_int_eq(shm_purge(s, 0), 0);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), GEMSIM_ENOMEM);
	/* the VA was given back */
	ck_assert_int_eq(gpu_map(s, 0, 1, false, 0), 0);
	ck_assert_uint_eq(va_of(s, 0, 1), VA0);
	fx_finish(s);
}
END_TEST

START_TEST(test_map_evicted_object_gets_ptes_at_swapin)
{
	struct sim *s = gfx_simple();
	struct shm_object *o;

	mk(s, 0, 8);
	ck_assert_int_eq(shm_get_pages(s, 0), 0);
	ck_assert_int_eq(shm_evict(s, 0), 0);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	o = shm_get(s, 0);
	ck_assert(o->evicted);
	ck_assert_int_eq(o->pages_use_count, 2);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 0);
	ck_assert_int_eq(shm_swapin(s, 0), 0);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 8);
	ck_assert_uint_eq(walk(s, 0, VA0 + 3 * PG), o->pages[3]);
	fx_finish(s);
}
END_TEST

START_TEST(test_unmap_flushes_the_tlb_range)
{
	struct sim *s = gfx_simple();
	struct tlb *t = gpu_dev_tlb(s, 0);

	mk(s, 0, 8);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0 + PG, false), 0);
	ck_assert_uint_eq(tlb_used(t), 1);
	ck_assert_uint_eq(s->stats.tlb_flushes, 0);
	ck_assert_int_eq(gpu_unmap(s, 0, 0), 0);
	ck_assert_uint_eq(s->stats.tlb_flushes, 1);
	ck_assert_uint_eq(tlb_used(t), 0);
	/* the next access faults */
	ck_assert_int_eq(gpu_access(s, 0, VA0 + PG, false), GEMSIM_EFAULT);
	fx_finish(s);
}
END_TEST

START_TEST(test_unmap_without_as_slot_needs_no_flush)
{
	struct sim *s = gfx_simple();

	mk(s, 0, 8);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_unmap(s, 0, 0), 0);
	ck_assert_uint_eq(s->stats.tlb_flushes, 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_imported_object_maps_the_exporters_frames)
{
	struct sim *s = gfx_simple();
	struct shm_object *e, *i;

	mk(s, 0, 8);
	ck_assert_int_eq(shm_get_pages(s, 0), 0);
	ck_assert_int_eq(dmabuf_export(s, 0, 0), 0);
	ck_assert_int_eq(dmabuf_import(s, 0, 1), 0);
	e = shm_get(s, 0);
	i = shm_get(s, 1);
	ck_assert(i->imported);
	ck_assert_int_eq(gpu_map(s, 0, 1, false, 0), 0);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 8);
	ck_assert_uint_eq(walk(s, 0, VA0 + 5 * PG), e->pages[5]);
	ck_assert_int_eq(i->pages_use_count, 0);
	/* and the exporter itself maps like any object */
	ck_assert_int_eq(gpu_map(s, 1, 0, false, 0), 0);
	ck_assert_uint_eq(walk(s, 1, VA0 + 5 * PG), e->pages[5]);
	gem_check_all(s);
	ck_assert_uint_eq(s->violations, 0);
	ck_assert_int_eq(gpu_unmap(s, 0, 1), 0);
	ck_assert_int_eq(gpu_unmap(s, 1, 0), 0);
	fx_finish(s);
}
END_TEST

/* ---- eviction and swap-in ----------------------------------------------- */

START_TEST(test_evict_zaps_ptes_flushes_tlb_keeps_va)
{
	struct sim *s = gfx_simple();
	struct tlb *t = gpu_dev_tlb(s, 0);

	mk(s, 0, 16);
	mk(s, 1, 4);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0, false), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0 + 9 * PG, true), 0);
	ck_assert_uint_eq(tlb_used(t), 2);
	ck_assert_int_eq(shm_evict(s, 0), 0);
	ck_assert_uint_eq(s->stats.gpu_ptes_zapped, 16);
	ck_assert_uint_eq(s->stats.tlb_flushes, 1);
	ck_assert_uint_eq(tlb_used(t), 0);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 0);
	ck_assert_uint_eq(va_of(s, 0, 0), VA0);
	/* the VA stays reserved: a new mapping goes after it */
	ck_assert_int_eq(gpu_map(s, 0, 1, false, 0), 0);
	ck_assert_uint_eq(va_of(s, 0, 1), VA0 + 16 * PG);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations, 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_purge_zaps_and_unmap_drops_the_reference)
{
	struct sim *s = gfx_simple();
	struct shm_object *o;

	mk(s, 0, 16);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(shm_madvise(s, 0, true), 1);
	ck_assert_uint_eq(fx_scan(s, 16), 16);
	o = shm_get(s, 0);
	ck_assert_int_eq(o->madv, -1);
	ck_assert_uint_eq(s->stats.gpu_ptes_zapped, 16);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 0);
	ck_assert_int_eq(o->pages_use_count, 1);
	ck_assert_int_eq(gpu_unmap(s, 0, 0), 0);
	ck_assert_int_eq(o->pages_use_count, 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_submit_swaps_in_remaps_and_stalls_the_job)
{
	struct sim *s = gfx_simple();
	uint32_t bo = 0;
	struct shm_object *o;

	mk(s, 0, 32);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(shm_evict(s, 0), 0);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 0);
	s->now = 1000;
	ck_assert_int_eq(gpu_submit(s, 0, &bo, 1, 50 * US, SIM_NONE), 0);
	o = shm_get(s, 0);
	ck_assert(!o->evicted);
	ck_assert_uint_eq(s->stats.pages_swapped_in, 32);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 32);
	ck_assert_uint_eq(walk(s, 0, VA0 + 31 * PG), o->pages[31]);
	ck_assert_uint_eq(s->stats.job_swapin_stall_ns, 32 * s->cfg.costs.swap_in);
	ck_assert_uint_eq(s->stats.jobs_submitted, 1);
	/* not active before its swap-in is done */
	ck_assert(!gpu_vm_active(s, 0));
	ck_assert_uint_eq(run_to_next_retire(s), 1000 + 32 * s->cfg.costs.swap_in + 50 * US);
	ck_assert_uint_eq(s->stats.jobs_completed, 1);
	ck_assert_uint_eq(gpu_jobs_pending(s), 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_submit_on_purged_object_fails_and_changes_nothing)
{
	struct sim *s = gfx_simple();
	uint32_t bos[2] = { 0, 1 };

	mk(s, 0, 8);
	mk(s, 1, 8);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_map(s, 0, 1, false, 0), 0);
	ck_assert_int_eq(shm_evict(s, 0), 0);
	ck_assert_int_eq(shm_madvise(s, 1, true), 1);
	ck_assert_int_eq(shm_purge(s, 1), 0);
	ck_assert_int_eq(gpu_submit(s, 0, bos, 2, 10 * US, SIM_NONE), GEMSIM_ENOMEM);
	ck_assert_uint_eq(s->stats.jobs_failed, 1);
	ck_assert_uint_eq(s->stats.jobs_submitted, 0);
	ck_assert(shm_get(s, 0)->evicted);
	ck_assert_uint_eq(shm_get(s, 0)->nr_fences, 0);
	ck_assert_uint_eq(s->stats.pages_swapped_in, 0);
	ck_assert_uint_eq(gpu_jobs_pending(s), 0);
	ck_assert_uint_eq(sim_queue_len(s->queue), 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_submit_needs_objects_mapped_in_the_vm)
{
	struct sim *s = gfx_simple();
	uint32_t bo = 0, ghost = 9;

	mk(s, 0, 8);
	ck_assert_int_eq(gpu_map(s, 1, 0, false, 0), 0);
	ck_assert_int_eq(gpu_submit(s, 0, &bo, 1, 10 * US, SIM_NONE), GEMSIM_EINVAL);
	ck_assert_int_eq(gpu_submit(s, 0, &ghost, 1, 10 * US, SIM_NONE), GEMSIM_ENOENT);
	ck_assert_int_eq(gpu_submit(s, 7, &bo, 1, 10 * US, SIM_NONE), GEMSIM_ENOENT);
	ck_assert_uint_eq(s->stats.jobs_failed, 3);
	/* a job with no objects is fine */
	ck_assert_int_eq(gpu_submit(s, 0, NULL, 0, 10 * US, SIM_NONE), 0);
	run_all(s);
	ck_assert_uint_eq(s->stats.jobs_completed, 1);
	fx_finish(s);
}
END_TEST

/* panfrost_lookup_bos(): the first object in order that fails decides the error. */
START_TEST(test_submit_reports_the_first_failing_object)
{
	struct sim *s = gfx_simple();
	uint32_t unmapped_then_ghost[3] = { 0, 1, 9 };
	uint32_t ghost_then_unmapped[3] = { 0, 9, 1 };
	uint32_t purged_then_ghost[2] = { 2, 9 };

	mk(s, 0, 8); /* mapped in VM 0 */
	mk(s, 1, 8); /* mapped in VM 1 only */
	mk(s, 2, 8); /* mapped in VM 0, then purged */
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_map(s, 1, 1, false, 0), 0);
	ck_assert_int_eq(gpu_map(s, 0, 2, false, 0), 0);
	ck_assert_int_eq(shm_madvise(s, 2, true), 1);
	ck_assert_int_eq(shm_purge(s, 2), 0);
	ck_assert_int_eq(gpu_submit(s, 0, unmapped_then_ghost, 3, 10 * US, SIM_NONE),
			 GEMSIM_EINVAL);
	ck_assert_int_eq(gpu_submit(s, 0, ghost_then_unmapped, 3, 10 * US, SIM_NONE),
			 GEMSIM_ENOENT);
	ck_assert_int_eq(gpu_submit(s, 0, purged_then_ghost, 2, 10 * US, SIM_NONE), GEMSIM_ENOENT);
	ck_assert_int_eq(gpu_submit(s, 0, purged_then_ghost, 1, 10 * US, SIM_NONE), GEMSIM_ENOMEM);
	ck_assert_uint_eq(s->stats.jobs_failed, 4);
	/* nothing was locked, fenced or queued */
	ck_assert_uint_eq(shm_get(s, 0)->nr_fences, 0);
	ck_assert_uint_eq(shm_get(s, 0)->op_locks, 0);
	ck_assert_uint_eq(gpu_jobs_pending(s), 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_fence_keeps_object_busy_until_job_completes)
{
	struct sim *s = gfx_simple();
	uint32_t bo = 0;
	struct shm_object *o;

	mk(s, 0, 16);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_submit(s, 0, &bo, 1, 100 * US, SIM_NONE), 0);
	o = shm_get(s, 0);
	ck_assert_uint_eq(o->nr_fences, 1);
	ck_assert(gpu_vm_active(s, 0));
	fx_run_until(s, 50 * US);
	ck_assert_int_eq(fx_scan(s, 16), SHRINK_STOP);
	ck_assert_uint_eq(s->stats.shrinker_skipped_busy, 1);
	ck_assert(!o->evicted);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 16);
	ck_assert_int_eq(shm_evict(s, 0), GEMSIM_EBUSY);
	fx_run_until(s, 100 * US);
	ck_assert_uint_eq(s->stats.jobs_completed, 1);
	ck_assert_uint_eq(o->nr_fences, 0);
	ck_assert(!gpu_vm_active(s, 0));
	ck_assert_int_eq(fx_scan(s, 16), 16);
	ck_assert(o->evicted);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 0);
	ck_assert_uint_eq(s->stats.gpu_ptes_zapped, 16);
	fx_finish(s);
}
END_TEST

START_TEST(test_submit_under_pressure_reclaims_other_objects_not_its_own)
{
	struct sim *s = gfx1(64, 256, dev_default, 1);
	uint32_t a = 0, b = 1;

	/* a and b each need 40 of 64 frames: running one evicts the other */
	mk(s, 0, 40);
	mk(s, 1, 40);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(shm_evict(s, 0), 0);
	ck_assert_int_eq(gpu_map(s, 0, 1, false, 0), 0);
	ck_assert_int_eq(gpu_submit(s, 0, &a, 1, 10 * US, SIM_NONE), 0);
	ck_assert(!shm_get(s, 0)->evicted);
	ck_assert(shm_get(s, 1)->evicted);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 40);
	run_all(s);
	ck_assert_int_eq(gpu_submit(s, 0, &b, 1, 10 * US, SIM_NONE), 0);
	ck_assert(shm_get(s, 0)->evicted);
	ck_assert(!shm_get(s, 1)->evicted);
	/* a's own eviction, then b's and a's by direct reclaim */
	ck_assert_uint_eq(s->stats.gpu_ptes_zapped, 120);
	/* each job waits for its 40 pages to come back, and for the 40 pages
	 * of the other object that had to go out to make room */
	ck_assert_uint_eq(s->stats.job_swapin_stall_ns,
			  80 * s->cfg.costs.swap_in + 80 * s->cfg.costs.swap_out +
				  s->stats.shrinker_objects_scanned * s->cfg.costs.scan_object);
	run_all(s);
	ck_assert_uint_eq(s->stats.jobs_completed, 2);
	fx_finish(s);
}
END_TEST

/* ---- queues and AS slots ------------------------------------------------ */

START_TEST(test_jobs_on_one_queue_run_back_to_back)
{
	struct sim *s = gfx_simple();

	ck_assert_int_eq(gpu_submit(s, 0, NULL, 0, 100 * US, SIM_NONE), 0);
	ck_assert_int_eq(gpu_submit(s, 1, NULL, 0, 50 * US, SIM_NONE), 0);
	ck_assert_uint_eq(gpu_jobs_pending(s), 2);
	ck_assert(gpu_vm_active(s, 0));
	ck_assert(!gpu_vm_active(s, 1));
	ck_assert_uint_eq(run_to_next_retire(s), 100 * US);
	ck_assert(gpu_vm_active(s, 1));
	ck_assert_uint_eq(run_to_next_retire(s), 150 * US);
	ck_assert_uint_eq(gpu_jobs_pending(s), 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_two_queues_run_in_parallel)
{
	struct sim_device_cfg d = dev_default;
	struct sim *s;

	d.queues = 2;
	s = gfx1(1024, 0, d, 2);
	ck_assert_int_eq(gpu_submit(s, 0, NULL, 0, 100 * US, SIM_NONE), 0);
	ck_assert_int_eq(gpu_submit(s, 1, NULL, 0, 50 * US, SIM_NONE), 0);
	/* the third goes to the queue that frees up first */
	ck_assert_int_eq(gpu_submit(s, 1, NULL, 0, 10 * US, SIM_NONE), 0);
	ck_assert(gpu_vm_active(s, 0));
	ck_assert(gpu_vm_active(s, 1));
	ck_assert_uint_eq(run_to_next_retire(s), 50 * US);
	ck_assert_uint_eq(run_to_next_retire(s), 60 * US);
	ck_assert_uint_eq(run_to_next_retire(s), 100 * US);
	fx_finish(s);
}
END_TEST

START_TEST(test_as_slot_steal_flushes_the_victims_tlb)
{
	struct sim_device_cfg d = dev_default;
	struct sim *s;
	struct tlb *t;

	d.as_slots = 1;
	s = gfx1(1024, 0, d, 2);
	t = gpu_dev_tlb(s, 0);
	mk(s, 0, 8);
	mk(s, 1, 8);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_map(s, 1, 1, false, 0), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0, false), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0 + PG, false), 0);
	ck_assert_int_eq(as_slot_of(gpu_dev_as(s, 0), 0), 0);
	ck_assert_uint_eq(tlb_used(t), 2);
	ck_assert_int_eq(gpu_access(s, 1, VA0, false), 0);
	ck_assert_uint_eq(s->stats.as_steals, 1);
	ck_assert_uint_eq(s->stats.tlb_flushes, 1);
	ck_assert_int_eq(as_slot_of(gpu_dev_as(s, 0), 0), -1);
	ck_assert_int_eq(as_slot_of(gpu_dev_as(s, 0), 1), 0);
	/* only vm1's entry is left */
	ck_assert_uint_eq(tlb_used(t), 1);
	/* vm0 comes back: a miss, not a stale hit */
	ck_assert_int_eq(gpu_access(s, 0, VA0, false), 0);
	ck_assert_uint_eq(s->stats.tlb_misses, 4);
	ck_assert_uint_eq(s->stats.tlb_hits, 0);
	ck_assert_uint_eq(s->stats.as_steals, 2);
	fx_finish(s);
}
END_TEST

START_TEST(test_job_waits_for_an_as_slot)
{
	struct sim_device_cfg d = dev_default;
	struct sim *s;

	d.as_slots = 1;
	d.queues = 2;
	s = gfx1(1024, 0, d, 2);
	ck_assert_int_eq(gpu_submit(s, 0, NULL, 0, 100 * US, SIM_NONE), 0);
	ck_assert_int_eq(gpu_submit(s, 1, NULL, 0, 100 * US, SIM_NONE), 0);
	ck_assert_uint_eq(s->stats.job_as_waits, 1);
	ck_assert(!gpu_vm_active(s, 1));
	/* an access by the waiting VM finds no slot either */
	ck_assert_int_eq(gpu_access(s, 1, VA0, false), GEMSIM_EBUSY);
	ck_assert_uint_eq(run_to_next_retire(s), 100 * US);
	ck_assert(gpu_vm_active(s, 1));
	ck_assert_uint_eq(s->stats.as_steals, 1);
	ck_assert_uint_eq(run_to_next_retire(s), 200 * US);
	fx_finish(s);
}
END_TEST

START_TEST(test_same_vm_jobs_share_its_slot)
{
	struct sim_device_cfg d = dev_default;
	struct sim *s;

	d.as_slots = 1;
	d.queues = 2;
	s = gfx1(1024, 0, d, 1);
	ck_assert_int_eq(gpu_submit(s, 0, NULL, 0, 100 * US, SIM_NONE), 0);
	ck_assert_int_eq(gpu_submit(s, 0, NULL, 0, 100 * US, SIM_NONE), 0);
	ck_assert_uint_eq(s->stats.job_as_waits, 0);
	ck_assert_uint_eq(as_active(gpu_dev_as(s, 0), 0), 2);
	ck_assert_uint_eq(run_to_next_retire(s), 100 * US);
	ck_assert_uint_eq(run_to_next_retire(s), 100 * US);
	ck_assert_uint_eq(as_active(gpu_dev_as(s, 0), 0), 0);
	fx_finish(s);
}
END_TEST

/* ---- accesses, heap growth, faults -------------------------------------- */

START_TEST(test_access_counts_hits_and_misses)
{
	struct sim *s = gfx_simple();
	uint64_t big;

	/* the 2 MiB object first: frames 0..511, one block at VA0 */
	mk(s, 1, 512);
	mk(s, 0, 16);
	ck_assert_int_eq(gpu_map(s, 0, 1, false, 0), 0);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_uint_eq(mmu_block_count(gpu_vm_mmu(s, 0)), 1);
	big = va_of(s, 0, 1);
	ck_assert_uint_eq(va_of(s, 0, 0), VA0 + 2 * MiB);
	ck_assert_int_eq(gpu_access(s, 0, VA0 + 2 * MiB + 5, false), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0 + 2 * MiB + 100, true), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0 + 2 * MiB + PG, false), 0);
	ck_assert_uint_eq(s->stats.gpu_accesses, 3);
	ck_assert_uint_eq(s->stats.tlb_misses, 2);
	ck_assert_uint_eq(s->stats.tlb_hits, 1);
	/* one block entry covers the whole 2 MiB object */
	ck_assert_int_eq(gpu_access(s, 0, big, false), 0);
	ck_assert_int_eq(gpu_access(s, 0, big + 300 * PG, false), 0);
	ck_assert_int_eq(gpu_access(s, 0, big + 511 * PG + 17, false), 0);
	ck_assert_uint_eq(s->stats.tlb_misses, 3);
	ck_assert_uint_eq(s->stats.tlb_hits, 3);
	ck_assert_uint_eq(tlb_used(gpu_dev_tlb(s, 0)), 3);
	fx_finish(s);
}
END_TEST

START_TEST(test_tlb_capacity_evicts_least_recently_used)
{
	struct sim_device_cfg d = dev_default;
	struct sim *s;

	d.tlb_entries = 2;
	s = gfx1(1024, 0, d, 1);
	mk(s, 0, 8);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0, false), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0 + PG, false), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0 + 2 * PG, false), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0 + 2 * PG, false), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0, false), 0);
	ck_assert_uint_eq(s->stats.tlb_misses, 4);
	ck_assert_uint_eq(s->stats.tlb_hits, 1);
	fx_finish(s);
}
END_TEST

START_TEST(test_heap_grows_by_2mib_chunks_on_fault)
{
	struct sim *s = gfx_simple();
	struct shm_object *o;
	uint64_t va;

	mk_heap(s, 0, 2048); /* 8 MiB */
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	o = shm_get(s, 0);
	va = va_of(s, 0, 0);
	ck_assert_uint_eq(va % (2 * MiB), 0);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 0);
	ck_assert_uint_eq(shm_resident_pages(o), 0);
	/* panfrost: no reference at map time; the first fault sets it to 1 */
	ck_assert_int_eq(o->pages_use_count, 0);

	ck_assert_int_eq(gpu_access(s, 0, va + 3 * MiB, true), 0);
	ck_assert_int_eq(o->pages_use_count, 1);
	ck_assert_uint_eq(s->stats.heap_grows, 1);
	ck_assert_uint_eq(s->stats.gpu_faults, 0);
	ck_assert_uint_eq(shm_resident_pages(o), 512);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 512);
	/* the chunk holding 3 MiB is pages 512..1023, mapped as one block */
	ck_assert_uint_eq(o->pages[511], UINT32_MAX);
	ck_assert_uint_ne(o->pages[512], UINT32_MAX);
	ck_assert_uint_eq(mmu_block_count(gpu_vm_mmu(s, 0)), 1);
	ck_assert_uint_eq(walk(s, 0, va + 2 * MiB + 7 * PG), o->pages[519]);
	/* the same chunk again: a TLB hit through the block entry */
	ck_assert_int_eq(gpu_access(s, 0, va + 2 * MiB, false), 0);
	ck_assert_uint_eq(s->stats.tlb_hits, 1);
	ck_assert_uint_eq(s->stats.heap_grows, 1);
	/* another chunk */
	ck_assert_int_eq(gpu_access(s, 0, va + 8 * MiB - PG, false), 0);
	ck_assert_uint_eq(s->stats.heap_grows, 2);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 1024);
	/* past the end of the heap: a real fault */
	ck_assert_int_eq(gpu_access(s, 0, va + 8 * MiB, false), GEMSIM_EFAULT);
	ck_assert_uint_eq(s->stats.gpu_faults, 1);
	fx_finish(s);
}
END_TEST

START_TEST(test_small_heap_is_one_chunk)
{
	struct sim *s = gfx_simple();

	mk_heap(s, 0, 100);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0 + 99 * PG, false), 0);
	ck_assert_uint_eq(shm_resident_pages(shm_get(s, 0)), 100);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 100);
	fx_finish(s);
}
END_TEST

/*
 * mainline panfrost: the first GPU mapping builds the sg table, whose one
 * reference serves every mapping; a purge drops it and the pages go; an
 * unmap afterwards puts nothing.
 */
START_TEST(test_mainline_gpu_mapping_holds_pages_through_the_sg_table)
{
	struct sim *s = gfx_simple();
	struct shm_object *o;

	s->cfg.kernel = SIM_KERNEL_MAINLINE;
	s->cfg.policy.evict = false;
	mk(s, 0, 64);
	o = shm_get(s, 0);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_map(s, 1, 0, false, 0), 0);
	ck_assert(o->sgt);
	ck_assert_int_eq(o->pages_use_count, 1); /* one, for both mappings */
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 64);
	/* panfrost_ioctl_madvise(): DONTNEED needs one mapping only */
	ck_assert_int_eq(shm_madvise(s, 0, 1), GEMSIM_EINVAL);
	ck_assert_int_eq(o->madv, 0);
	ck_assert_int_eq(gpu_unmap(s, 1, 0), 0);
	ck_assert(o->sgt);
	ck_assert_int_eq(shm_madvise(s, 0, 1), 1);
	ck_assert(shm_purgeable(s, o));
	ck_assert_int_eq(fx_scan(s, 64), 64);
	ck_assert_int_eq(o->madv, -1);
	ck_assert(!o->pages && !o->sgt);
	ck_assert_int_eq(o->pages_use_count, 0);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 0);
	ck_assert_int_eq(gpu_unmap(s, 0, 0), 0);
	ck_assert_int_eq(o->pages_use_count, 0);
	ck_assert_uint_eq(s->warnings, 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_heap_is_never_evicted_and_unmap_drops_its_reference)
{
	struct sim *s = gfx_simple();
	struct shm_object *o;
	uint64_t va;

	mk_heap(s, 0, 2048);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	o = shm_get(s, 0);
	va = va_of(s, 0, 0);
	ck_assert_int_eq(gpu_access(s, 0, va + 5 * MiB, false), 0);
	/* mapping_set_unevictable(): neither the shrinker nor a driver evicts it */
	ck_assert_int_eq(shm_evict(s, 0), GEMSIM_EINVAL);
	ck_assert_int_eq(fx_scan(s, 100000), SHRINK_STOP);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 512);
	/* panfrost_gem_mapping_release(): the fault's reference goes with the mapping */
	ck_assert_int_eq(gpu_unmap(s, 0, 0), 0);
	ck_assert_int_eq(o->pages_use_count, 0);
	ck_assert(!o->pages);
	ck_assert_uint_eq(s->warnings, 1);
	fx_finish(s);
}
END_TEST

/* A fault that runs out of frames keeps the pages it got; no later fault completes the chunk. */
START_TEST(test_heap_fault_keeps_a_partial_chunk)
{
	struct sim *s = gfx_simple();
	struct shm_object *o;
	uint64_t va, free;

	mk_heap(s, 0, 2048);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	o = shm_get(s, 0);
	va = va_of(s, 0, 0);
	free = pg_free_frames(s);
	ck_assert_int_eq(pg_pressure(s, free - 100), 0);
	ck_assert_int_eq(gpu_access(s, 0, va, false), GEMSIM_ENOMEM);
	ck_assert_uint_eq(s->stats.gpu_faults, 1);
	ck_assert_uint_eq(shm_resident_pages(o), 100);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 0);
	ck_assert_int_eq(o->pages_use_count, 1);
	ck_assert_int_eq(pg_release(s, free - 100), 0);
	/*
	 * the 2024 fix keeps "if (pages[page_offset]) goto out": the chunk's
	 * first page is there, so the next fault reads and maps nothing
	 */
	ck_assert_int_eq(gpu_access(s, 0, va, false), GEMSIM_EFAULT);
	ck_assert_uint_eq(s->stats.heap_fault_bailouts, 1);
	ck_assert_uint_eq(s->stats.gpu_faults, 2);
	ck_assert_uint_eq(shm_resident_pages(o), 100);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 0);
	/* the next chunk is a fresh one: read whole and mapped */
	ck_assert_int_eq(gpu_access(s, 0, va + 2 * MiB, false), 0);
	ck_assert_uint_eq(shm_resident_pages(o), 612);
	ck_assert_uint_eq(gpu_vm_mapped_pages(s, 0), 512);
	fx_finish(s);
}
END_TEST

START_TEST(test_heap_fault_holds_up_the_running_job)
{
	struct sim *s = gfx_simple();
	uint32_t bo = 0;
	sim_ns cost;

	mk_heap(s, 0, 1024);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_submit(s, 0, &bo, 1, 100 * US, SIM_NONE), 0);
	fx_run_until(s, 10 * US);
	ck_assert_int_eq(gpu_access(s, 0, va_of(s, 0, 0), true), 0);
	cost = s->cfg.costs.fault + 512 * s->cfg.costs.page_alloc;
	ck_assert_uint_eq(s->stats.gpu_fault_stall_ns, cost);
	ck_assert_uint_eq(run_to_next_retire(s), 100 * US + cost);
	ck_assert_uint_eq(s->stats.jobs_killed, 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_fault_kills_the_running_job)
{
	struct sim *s = gfx_simple();
	uint32_t bo = 0;
	struct shm_object *o;

	mk(s, 0, 8);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_submit(s, 0, &bo, 1, 100 * US, SIM_NONE), 0);
	ck_assert_int_eq(gpu_submit(s, 0, &bo, 1, 100 * US, SIM_NONE), 0);
	o = shm_get(s, 0);
	ck_assert_uint_eq(o->nr_fences, 2);
	fx_run_until(s, 30 * US);
	ck_assert_int_eq(gpu_access(s, 0, VA0 + 64 * PG, false), GEMSIM_EFAULT);
	ck_assert_uint_eq(s->stats.gpu_faults, 1);
	ck_assert_uint_eq(s->stats.jobs_killed, 1);
	/* the killed job's fence signalled now; the next one started now */
	ck_assert_uint_eq(o->nr_fences, 1);
	ck_assert(gpu_vm_active(s, 0));
	ck_assert_uint_eq(run_to_next_retire(s), 130 * US);
	ck_assert_uint_eq(s->stats.jobs_completed, 1);
	run_all(s);
	ck_assert_uint_eq(s->stats.jobs_completed, 1);
	ck_assert_uint_eq(s->stats.jobs_killed, 1);
	ck_assert_uint_eq(gpu_jobs_pending(s), 0);
	ck_assert_uint_eq(as_active(gpu_dev_as(s, 0), 0), 0);
	fx_finish(s);
}
END_TEST

START_TEST(test_access_to_evicted_object_faults_without_job)
{
	struct sim *s = gfx_simple();

	mk(s, 0, 8);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(shm_evict(s, 0), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0, false), GEMSIM_EFAULT);
	ck_assert_uint_eq(s->stats.gpu_faults, 1);
	ck_assert_uint_eq(s->stats.jobs_killed, 0);
	/* a VM with no mapping at all faults too */
	ck_assert_int_eq(gpu_access(s, 1, VA0, false), GEMSIM_EFAULT);
	ck_assert_uint_eq(s->stats.gpu_faults, 2);
	fx_finish(s);
}
END_TEST

START_TEST(test_fault_in_another_vm_spares_the_job)
{
	struct sim *s = gfx_simple();

	ck_assert_int_eq(gpu_submit(s, 0, NULL, 0, 100 * US, SIM_NONE), 0);
	ck_assert_int_eq(gpu_access(s, 1, VA0, false), GEMSIM_EFAULT);
	ck_assert_uint_eq(s->stats.jobs_killed, 0);
	ck_assert_uint_eq(run_to_next_retire(s), 100 * US);
	fx_finish(s);
}
END_TEST

START_TEST(test_unmap_under_a_running_job_warns)
{
	struct sim *s = gfx_simple();
	uint32_t bo = 0;

	mk(s, 0, 8);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_submit(s, 0, &bo, 1, 100 * US, SIM_NONE), 0);
	ck_assert_int_eq(gpu_unmap(s, 0, 0), 0);
	ck_assert_uint_eq(s->warnings, 1);
	ck_assert(has_report(s, 0, "while a running job uses it"));
	run_all(s);
	fx_finish(s);
}
END_TEST

/* ---- invariant 5 -------------------------------------------------------- */

START_TEST(test_corrupted_pte_is_a_violation)
{
	struct sim *s = gfx_simple();
	struct shm_object *a;
	uint32_t frame;

	mk(s, 0, 16);
	mk(s, 1, 16);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(shm_get_pages(s, 1), 0);
	a = shm_get(s, 0);
	gem_check_all(s);
	ck_assert_uint_eq(s->violations, 0);
	/* page 3 of bo0 now points at a frame of bo1 */
	frame = shm_get(s, 1)->pages[0];
	ck_assert_uint_ne(frame, a->pages[3]);
	ck_assert_int_eq(mmu_unmap(gpu_vm_mmu(s, 0), VA0 + 3 * PG, 1), 0);
	ck_assert_int_eq(mmu_map(gpu_vm_mmu(s, 0), VA0 + 3 * PG, &frame, 1, false), 0);
	s->gpu_check_bo(s, 0);
	ck_assert_uint_eq(s->violations, 1);
	ck_assert_uint_eq(s->violations_by_inv[5], 1);
	ck_assert(has_report(s, 5, "GPU PTE"));
	/* the object's own check (bo1) does not see bo0's mapping */
	s->gpu_check_bo(s, 1);
	ck_assert_uint_eq(s->violations, 1);
	/* repair it: the checks are quiet again */
	ck_assert_int_eq(mmu_unmap(gpu_vm_mmu(s, 0), VA0 + 3 * PG, 1), 0);
	ck_assert_int_eq(mmu_map(gpu_vm_mmu(s, 0), VA0 + 3 * PG, &a->pages[3], 1, false), 0);
	fx_finish_expect(s, 1);
}
END_TEST

START_TEST(test_pte_left_after_evict_is_a_violation)
{
	struct sim *s = gfx_simple();
	uint32_t frame;

	mk(s, 0, 16);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	frame = shm_get(s, 0)->pages[2];
	ck_assert_int_eq(shm_evict(s, 0), 0);
	/* a driver that forgot to zap: the old frame is still mapped */
	ck_assert_int_eq(mmu_map(gpu_vm_mmu(s, 0), VA0 + 2 * PG, &frame, 1, false), 0);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations_by_inv[5], 1);
	ck_assert(has_report(s, 5, "not in RAM"));
	ck_assert_int_eq(mmu_unmap(gpu_vm_mmu(s, 0), VA0 + 2 * PG, 1), 0);
	fx_finish_expect(s, 1);
}
END_TEST

START_TEST(test_stale_tlb_entry_is_a_violation)
{
	struct sim *s = gfx_simple();

	mk(s, 0, 16);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0, false), 0);
	/* a translation cached for a frame the object does not own */
	tlb_insert(gpu_dev_tlb(s, 0), 0, VA0 + 4 * PG, 4000, false);
	s->gpu_check_bo(s, 0);
	ck_assert_uint_eq(s->violations_by_inv[5], 1);
	ck_assert(has_report(s, 5, "TLB entry"));
	tlb_flush_asid(gpu_dev_tlb(s, 0), 0);
	fx_finish_expect(s, 1);
}
END_TEST

static int count_visit(void *ctx, uint64_t va, uint32_t frame, uint32_t npages)
{
	(void)va;
	(void)frame;
	*(uint64_t *)ctx += npages;
	return 0;
}

START_TEST(test_unmap_leaves_nothing_behind)
{
	struct sim *s = gfx_simple();
	uint64_t left = 0;

	mk(s, 0, 600);
	ck_assert_int_eq(gpu_map(s, 0, 0, false, 0), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0, false), 0);
	ck_assert_int_eq(gpu_access(s, 0, VA0 + 599 * PG, false), 0);
	ck_assert_uint_eq(tlb_used(gpu_dev_tlb(s, 0)), 2);
	ck_assert_int_eq(gpu_unmap(s, 0, 0), 0);
	mmu_for_each_range(gpu_vm_mmu(s, 0), VA0, 600, count_visit, &left);
	ck_assert_uint_eq(left, 0);
	ck_assert_uint_eq(tlb_used(gpu_dev_tlb(s, 0)), 0);
	ck_assert_uint_eq(gpu_pt_pages(s), 1);
	ck_assert_uint_eq(s->violations, 0);
	fx_finish(s);
}
END_TEST

/* ---- fast paths against the slow ones ---------------------------------- */

static void count_obs(void *ctx, struct sim *s, enum sim_obs kind, uint32_t a, uint64_t b)
{
	(void)s;
	(void)kind;
	(void)a;
	(void)b;
	(*(uint64_t *)ctx)++;
}

#define FP_NBO 24

/*
 * Jobs over random objects (duplicates and failures included) mixed with
 * evictions, shrinks, pressure, held locks, madvise and frees, drawn from
 * @seed: the same calls whatever the results.  An observer (@observed)
 * forces every slow path: the submission takes and drops its locks.
 */
static struct sim *random_gpu_run(unsigned policy, uint64_t seed, bool observed)
{
	struct sim_device_cfg dev = dev_default;
	uint64_t seen = 0;
	struct sim_rng rng;
	struct sim *s;

	dev.queues = 2;
	s = gfx1(96, 400, dev, 2);
	s->cfg.policy.reclaim = policy;
	s->check = seed & 1;
	if (observed)
		ck_assert_int_eq(sim_observe_add(s, count_obs, &seen), 0);
	rng_seed(&rng, seed);
	for (uint32_t bo = 0; bo < FP_NBO; bo++) {
		mk(s, bo, 1 + sim_rng_below(&rng, 8));
		ck_assert_int_eq(gpu_map(s, 0, bo, false, 0), 0);
		if (bo % 2)
			ck_assert_int_eq(gpu_map(s, 1, bo, false, 0), 0);
	}
	for (int step = 0; step < 3000; step++) {
		uint32_t bo = (uint32_t)sim_rng_below(&rng, FP_NBO);
		struct shm_object *o = shm_slot(s, bo, false);
		uint32_t bos[6];
		uint32_t n = 1 + (uint32_t)sim_rng_below(&rng, 6);

		switch (sim_rng_below(&rng, 14)) {
		case 0:
		case 1:
		case 2:
		case 3:
		case 4:
			/* now and then an object that does not exist, or VM 1,
			 * where only the odd ones are mapped */
			for (uint32_t i = 0; i < n; i++)
				bos[i] = (uint32_t)sim_rng_below(&rng, 64) ?
						 (uint32_t)sim_rng_below(&rng, FP_NBO) :
						 FP_NBO;
			gpu_submit(s, sim_rng_below(&rng, 8) == 0, bos, n,
				   (1 + sim_rng_below(&rng, 40)) * US, SIM_NONE);
			break;
		case 5:
		case 6: fx_run_until(s, s->now + sim_rng_below(&rng, 60) * US); break;
		case 7: shm_evict(s, bo); break;
		case 8: shrink_scan(s, 1 + sim_rng_below(&rng, 24)); break;
		case 9: shm_madvise(s, bo, sim_rng_below(&rng, 32) == 0); break;
		case 10:
			if (o && o->alive && o->resv_held)
				shm_resv_unlock(s, bo);
			else
				shm_resv_lock(s, bo);
			break;
		case 11:
			if (pg_other_frames(s) < 48)
				pg_pressure(s, 1 + sim_rng_below(&rng, 16));
			break;
		case 12:
			if (pg_other_frames(s))
				pg_release(s, 1 + sim_rng_below(&rng, pg_other_frames(s)));
			break;
		default:
			if (o && o->alive) {
				if (sim_rng_below(&rng, 4) == 0)
					shm_free(s, bo);
			} else if (shm_create(s, bo, 1 + sim_rng_below(&rng, 8), 0) == 0) {
				gpu_map(s, 0, bo, false, 0);
			}
			break;
		}
		if (s->check)
			gem_check_dirty(s);
	}
	run_all(s);
	return s;
}

static uint32_t list_slots(struct sim *s, unsigned id, uint32_t *out, uint32_t max)
{
	uint32_t n = 0;

	for (uint32_t b = s->gem->lists[id].head; b != SIM_NONE && n < max;
	     b = s->gem->links[b].next)
		out[n++] = b;
	return n;
}

/* Without an observer a submission with nothing to swap in takes no locks. */
START_TEST(test_submit_without_locks_ends_as_with_them)
{
	unsigned policy = (unsigned)_i;

	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct sim *fast = random_gpu_run(policy, seed, false);
		struct sim *slow = random_gpu_run(policy, seed, true);

		ck_assert_uint_gt(fast->stats.jobs_submitted, 250);
		ck_assert_uint_gt(fast->stats.objects_swapped_in, 100);
		ck_assert_uint_gt(fast->stats.jobs_failed, 20);
		ck_assert(memcmp(&fast->stats, &slow->stats, sizeof(fast->stats)) == 0);
		ck_assert_uint_eq(fast->warnings, slow->warnings);
		ck_assert_uint_eq(fast->violations, 0);
		ck_assert_uint_eq(slow->violations, 0);
		ck_assert_uint_eq(fast->now, slow->now);
		for (unsigned id = LRU_PINNED; id < LRU_NR_LISTS; id++) {
			const struct lru_list *lf = &fast->gem->lists[id],
					      *ls = &slow->gem->lists[id];
			uint32_t a[FP_NBO], b[FP_NBO];
			uint32_t na = list_slots(fast, id, a, FP_NBO);

			ck_assert_uint_eq(na, list_slots(slow, id, b, FP_NBO));
			ck_assert(memcmp(a, b, na * sizeof(a[0])) == 0);
			ck_assert_uint_eq(lf->nlocked, ls->nlocked);
			ck_assert_uint_eq(lf->locked_pages, ls->locked_pages);
			ck_assert_uint_eq(lf->npurgeable, ls->npurgeable);
		}
		for (uint32_t bo = 0; bo < FP_NBO; bo++) {
			const struct shm_object *f = shm_slot(fast, bo, false);
			const struct shm_object *o = shm_slot(slow, bo, false);

			ck_assert_uint_eq(f->op_locks, 0);
			ck_assert_uint_eq(o->op_locks, 0);
			ck_assert_int_eq(f->alive, o->alive);
			ck_assert_uint_eq(f->nr_fences, o->nr_fences);
			ck_assert_uint_eq(f->fence_until, o->fence_until);
			ck_assert_int_eq(f->referenced, o->referenced);
			ck_assert_int_eq(f->resv_held, o->resv_held);
		}
		for (uint32_t bo = 0; bo < FP_NBO; bo++) {
			struct shm_object *f = shm_slot(fast, bo, false);
			struct shm_object *o = shm_slot(slow, bo, false);

			if (f->alive && f->resv_held)
				shm_resv_unlock(fast, bo);
			if (o->alive && o->resv_held)
				shm_resv_unlock(slow, bo);
		}
		fx_finish(fast);
		fx_finish(slow);
	}
}
END_TEST

/*
 * A job's fences and their signals leave no object for the next check (no
 * invariant reads the fences), except one whose last check found a breach:
 * that one is checked, and reported, again, as a check of every touched
 * object would.
 */
START_TEST(test_job_fences_recheck_only_breached_objects)
{
	struct sim *s = gfx_simple();
	uint32_t bos[3] = { 2, 0, 1 };

	for (uint32_t bo = 0; bo < 3; bo++) {
		mk(s, bo, 4);
		ck_assert_int_eq(gpu_map(s, 0, bo, false, 0), 0);
	}
	s->check = true;
	gem_check_dirty(s);
	ck_assert_uint_eq(s->gem->ndirty, 0);
	ck_assert_int_eq(gpu_submit(s, 0, bos, 3, 10 * US, SIM_NONE), 0);
	ck_assert_uint_eq(s->gem->ndirty, 0);
	run_to_next_retire(s);
	ck_assert_uint_eq(s->gem->ndirty, 0);
	/* bo0 breaks invariant 1 (a count below zero), seen once */
	shm_get(s, 0)->vmap_use_count = -1;
	gem_mark_gpu(s, 0);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations_by_inv[1], 1);
	for (int round = 0; round < 2; round++) {
		if (round == 0)
			ck_assert_int_eq(gpu_submit(s, 0, bos, 3, 10 * US, SIM_NONE), 0);
		else
			run_to_next_retire(s);
		ck_assert_uint_eq(s->gem->ndirty, 1);
		ck_assert_uint_eq(s->gem->dirty[0], 0);
		ck_assert(shm_get(s, 0)->dirty & SHM_D_BUSY);
		ck_assert_uint_eq(shm_get(s, 0)->nr_fences, 1u - (unsigned)round);
		gem_check_dirty(s);
		ck_assert_uint_eq(s->violations_by_inv[1], 2u + (unsigned)round);
	}
	shm_get(s, 0)->vmap_use_count = 0;
	/* nobody checking or watching: only the flag that a later check walks all */
	s->check = false;
	s->gem->dirty_overflow = false;
	ck_assert_int_eq(gpu_submit(s, 0, bos, 3, 10 * US, SIM_NONE), 0);
	ck_assert(s->gem->dirty_overflow);
	ck_assert_uint_eq(s->gem->ndirty, 0);
	s->gem->dirty_overflow = false;
	run_to_next_retire(s);
	ck_assert(s->gem->dirty_overflow);
	ck_assert_uint_eq(s->gem->ndirty, 0);
	fx_finish_expect(s, 3); /* the three reports of bo0's breach above */
}
END_TEST

/* ---- through the scenario loader and run loop --------------------------- */

static const char scenario_text[] =
	"{ \"version\": 1, \"name\": \"t\",\n"
	"  \"memory\": { \"ram_pages\": 2048, \"swap_pages\": 2048 },\n"
	"  \"devices\": [ { \"name\": \"g\", \"as_slots\": 1, \"queues\": 1 } ],\n"
	"  \"vms\": [ { \"name\": \"v0\", \"device\": \"g\" }, { \"name\": \"v1\", \"device\": \"g\" } ],\n"
	"  \"objects\": [ { \"name\": \"a\", \"size\": \"2MiB\" }, { \"name\": \"b\", \"pages\": 8 } ],\n"
	"  \"events\": [\n"
	"    { \"at\": 0, \"op\": \"gpu_map\", \"vm\": \"v0\", \"bo\": \"a\", \"ret\": \"ok\" },\n"
	"    { \"at\": 0, \"op\": \"gpu_map\", \"vm\": \"v1\", \"bo\": \"b\", \"va\": \"0x4000000\" },\n"
	"    { \"at\": 0, \"op\": \"gpu_map\", \"vm\": \"v1\", \"bo\": \"b\", \"ret\": \"EINVAL\" },\n"
	"    { \"at\": 1, \"op\": \"submit\", \"vm\": \"v0\", \"bos\": [\"a\"], \"duration\": 100 },\n"
	"    { \"at\": 2, \"op\": \"submit\", \"vm\": \"v1\", \"bos\": [\"b\"], \"duration\": 100 },\n"
	"    { \"at\": 50, \"op\": \"gpu_access\", \"vm\": \"v0\", \"va\": \"0x2000000\" },\n"
	"    { \"at\": 60, \"op\": \"gpu_access\", \"vm\": \"v0\", \"va\": \"0x9000000\", \"ret\": \"EFAULT\" }\n"
	"  ],\n"
	"  \"expect\": [ { \"at\": 10, \"that\": { \"v0.mapped_pages\": 512, \"v1.mapped_pages\": 8 } },\n"
	"              { \"at\": \"end\", \"that\": { \"stats.jobs_completed\": 1, \"stats.jobs_killed\": 1,\n"
	"                \"stats.as_steals\": 1, \"stats.gpu_faults\": 1, \"b.pages_use_count\": 1 } } ]\n"
	"}\n";

START_TEST(test_scenario_runs_gpu_events)
{
	struct sim_error err;
	struct scenario *sc =
		scenario_load_text("t.json", scenario_text, sizeof(scenario_text) - 1, NULL, &err);
	struct run_result *r = calloc(1, sizeof(*r));
	struct sim *s;

	ck_assert_ptr_nonnull(sc);
	ck_assert_ptr_nonnull(r);
	s = run_setup(sc);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(s->gpu);
	ck_assert_int_eq(run_scenario(s, sc, r), 0);
	ck_assert_uint_eq(r->failed, 0);
	/* v1's job started only when v0's was killed at 60us and freed the slot */
	ck_assert_uint_eq(s->now, 160 * US);
	ck_assert_uint_eq(s->violations, 0);
	free(r);
	gem_sim_destroy(s);
	scenario_free(sc);
}
END_TEST

START_TEST(test_setup_fails_cleanly_on_bad_device)
{
	struct sim_device_cfg d = dev_default;
	struct sim_config cfg;
	struct scenario sc;
	struct sim_vm_cfg vm = { 3 };
	struct sim *s;

	sim_config_defaults(&cfg);
	cfg.ram_pages = 64;
	s = gem_sim_create(&cfg);
	memset(&sc, 0, sizeof(sc));
	sc.nnames[SIM_K_DEVICE] = 1;
	sc.devices = &d;
	sc.nnames[SIM_K_VM] = 1;
	sc.vms = &vm;
	ck_assert_int_eq(gpu_create(s, &sc), GEMSIM_EINVAL); /* no device 3 */
	ck_assert_ptr_null(s->gpu);
	ck_assert_ptr_null(s->gpu_zap_bo);
	vm.device = 0;
	d.queues = 65;
	ck_assert_int_eq(gpu_create(s, &sc), GEMSIM_EINVAL);
	d.queues = 1;
	ck_assert_int_eq(gpu_create(s, &sc), 0);
	ck_assert_int_eq(gpu_create(s, &sc), GEMSIM_EINVAL); /* already set up */
	gem_sim_destroy(s);
}
END_TEST

/* ---- suite -------------------------------------------------------------- */

extern Suite *gpu_suite(void);

Suite *gpu_suite(void)
{
	Suite *s = suite_create("gpu");
	TCase *tc;

	tc = tcase_create("va");
	tcase_add_test(tc, test_va_first_fit_starts_at_32mib);
	tcase_add_test(tc, test_va_big_objects_are_2mib_aligned_small_fill_holes);
	tcase_add_test(tc, test_va_explicit_must_be_aligned_in_range_and_free);
	tcase_add_test(tc, test_va_freed_range_is_reused);
	tcase_add_test(tc, test_va_no_room_is_enospc);
	tcase_add_test(tc, test_same_object_twice_in_one_vm_is_einval);
	tcase_add_test(tc, test_unknown_vm_or_object);
	tcase_add_test(tc, test_va_tree_matches_bruteforce);
	tcase_add_test(tc, test_va_many_mappings_stay_balanced);
	suite_add_tcase(s, tc);

	tc = tcase_create("map");
	tcase_add_test(tc, test_map_takes_use_reference_and_writes_ptes);
	tcase_add_test(tc, test_map_adds_to_existing_use_count);
	tcase_add_test(tc, test_aligned_contiguous_object_uses_2mib_blocks);
	tcase_add_test(tc, test_misaligned_va_gets_no_blocks);
	tcase_add_test(tc, test_map_purged_object_is_enomem);
	tcase_add_test(tc, test_map_evicted_object_gets_ptes_at_swapin);
	tcase_add_test(tc, test_unmap_flushes_the_tlb_range);
	tcase_add_test(tc, test_unmap_without_as_slot_needs_no_flush);
	tcase_add_test(tc, test_imported_object_maps_the_exporters_frames);
	suite_add_tcase(s, tc);

	tc = tcase_create("evict");
	tcase_add_test(tc, test_evict_zaps_ptes_flushes_tlb_keeps_va);
	tcase_add_test(tc, test_purge_zaps_and_unmap_drops_the_reference);
	tcase_add_test(tc, test_submit_swaps_in_remaps_and_stalls_the_job);
	tcase_add_test(tc, test_submit_on_purged_object_fails_and_changes_nothing);
	tcase_add_test(tc, test_submit_needs_objects_mapped_in_the_vm);
	tcase_add_test(tc, test_submit_reports_the_first_failing_object);
	tcase_add_loop_test(tc, test_submit_without_locks_ends_as_with_them, 0,
			    (int)lru_policy_count());
	tcase_add_test(tc, test_job_fences_recheck_only_breached_objects);
	tcase_add_test(tc, test_fence_keeps_object_busy_until_job_completes);
	tcase_add_test(tc, test_submit_under_pressure_reclaims_other_objects_not_its_own);
	suite_add_tcase(s, tc);

	tc = tcase_create("jobs");
	tcase_add_test(tc, test_jobs_on_one_queue_run_back_to_back);
	tcase_add_test(tc, test_two_queues_run_in_parallel);
	tcase_add_test(tc, test_as_slot_steal_flushes_the_victims_tlb);
	tcase_add_test(tc, test_job_waits_for_an_as_slot);
	tcase_add_test(tc, test_same_vm_jobs_share_its_slot);
	suite_add_tcase(s, tc);

	tc = tcase_create("access");
	tcase_add_test(tc, test_access_counts_hits_and_misses);
	tcase_add_test(tc, test_tlb_capacity_evicts_least_recently_used);
	tcase_add_test(tc, test_heap_grows_by_2mib_chunks_on_fault);
	tcase_add_test(tc, test_small_heap_is_one_chunk);
	tcase_add_test(tc, test_heap_is_never_evicted_and_unmap_drops_its_reference);
	tcase_add_test(tc, test_mainline_gpu_mapping_holds_pages_through_the_sg_table);
	tcase_add_test(tc, test_heap_fault_keeps_a_partial_chunk);
	tcase_add_test(tc, test_heap_fault_holds_up_the_running_job);
	tcase_add_test(tc, test_fault_kills_the_running_job);
	tcase_add_test(tc, test_access_to_evicted_object_faults_without_job);
	tcase_add_test(tc, test_fault_in_another_vm_spares_the_job);
	tcase_add_test(tc, test_unmap_under_a_running_job_warns);
	suite_add_tcase(s, tc);

	tc = tcase_create("invariant5");
	tcase_add_test(tc, test_corrupted_pte_is_a_violation);
	tcase_add_test(tc, test_pte_left_after_evict_is_a_violation);
	tcase_add_test(tc, test_stale_tlb_entry_is_a_violation);
	tcase_add_test(tc, test_unmap_leaves_nothing_behind);
	suite_add_tcase(s, tc);

	tc = tcase_create("run");
	tcase_add_test(tc, test_scenario_runs_gpu_events);
	tcase_add_test(tc, test_setup_fails_cleanly_on_bad_device);
	suite_add_tcase(s, tc);
	return s;
}
