// SPDX-License-Identifier: MIT
/*
 * gpu/vm.c - GPU VMs and their mappings: gpu_map/gpu_unmap, and the hooks
 * the object model calls when pages move (zap on evict/purge/free, remap
 * on swap-in, the invariant-5 check).
 *
 * Models panfrost_gem_open/close (one mapping per object and VM, a VA from
 * the VM's drm_mm, 2 MiB aligned for big objects), panfrost_mmu_map/unmap
 * (PTEs from the object's pages, 2 MiB blocks where possible, a TLB flush
 * of the range after unmapping) and, from the shrinker series, the
 * evict/swap-in path: evicting unmaps the PTEs but keeps the drm_mm node,
 * swap-in maps the new pages at the same VA.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gem/gem.h"
#include "gem/pg.h"
#include "gem/shm.h"
#include "gpu/gpu_int.h"
#include "base/grow.h"
#include "base/hugemem.h"

#define NONE SIM_NONE
#define PG_ABSENT UINT32_MAX /* a page without a frame in shm_frames() */

static struct gpu_vm *get_vm(const struct sim *s, uint32_t vm)
{
	return s->gpu && vm < s->gpu->nvms ? &s->gpu->vms[vm] : NULL;
}

static const char *bo_name(const struct sim *s, uint32_t bo)
{
	return sim_name(s, SIM_K_BO, bo);
}

static const char *vm_name(const struct sim *s, uint32_t vm)
{
	return sim_name(s, SIM_K_VM, vm);
}

/* ---- page tables -------------------------------------------------------- */

void vm_pt_account(struct sim *s, uint32_t vm)
{
	struct gpu *g = s->gpu;
	struct gpu_vm *v = &g->vms[vm];
	uint64_t now = v->mmu ? mmu_table_pages(v->mmu) : 0;

	g->pt_pages = g->pt_pages - v->pt_pages + now;
	v->pt_pages = now;
	if (g->pt_pages > s->stats.pt_pages_peak)
		s->stats.pt_pages_peak = g->pt_pages;
}

int vm_mmu(struct sim *s, uint32_t vm, struct mmu **out)
{
	struct gpu_vm *v = &s->gpu->vms[vm];

	if (!v->mmu) {
		v->mmu = mmu_create(s->gpu->devs[v->dev].va_bits);
		if (!v->mmu)
			return GEMSIM_ENOMEM;
		vm_pt_account(s, vm);
	}
	*out = v->mmu;
	return 0;
}

/*
 * The frames backing @bo for the GPU: its own, or its exporter's for an
 * imported object.  *@n is the length of the array, *@owner the slot the
 * frames belong to.  NULL when the pages are not in RAM.
 */
static const uint32_t *bo_frames(struct sim *s, uint32_t bo, uint64_t *n, uint32_t *owner)
{
	struct shm_object *o = shm_get(s, bo);
	const uint32_t *f = shm_frames(s, bo);

	*n = 0;
	*owner = bo;
	if (!o || !f)
		return NULL;
	if (o->imported) {
		*owner = o->exporter;
		o = shm_get(s, o->exporter);
		if (!o)
			return NULL;
	}
	*n = o->npages;
	return f;
}

void vm_flush_range(struct sim *s, uint32_t vm, uint64_t va_page, uint64_t npages)
{
	struct gpu_dev *d = &s->gpu->devs[s->gpu->vms[vm].dev];

	/* panfrost_mmu_flush_range(): nothing to flush for a VM without an AS */
	if (as_slot_of(d->as, vm) < 0)
		return;
	tlb_flush_range(d->tlb, vm, va_page << MMU_PAGE_SHIFT, npages);
	s->stats.tlb_flushes++;
}

/* Clear the PTEs of pages [first, first + n) of mapping @m; returns pages cleared. */
static uint64_t clear_range(struct sim *s, uint32_t m, uint64_t first, uint64_t n)
{
	struct vm_mapping *mp = &s->gpu->maps[m];
	struct gpu_vm *v = &s->gpu->vms[mp->vm];
	uint64_t before;
	int ret;

	if (!v->mmu || !n)
		return 0;
	before = mmu_mapped_pages(v->mmu);
	if (!before)
		return 0;
	/*
	 * A block is only ever written inside one mapping (mmu_map needs 512
	 * pages of the request), so unmapping a mapping, or a 2 MiB chunk of
	 * it, never splits one and cannot fail.
	 */
	ret = mmu_unmap(v->mmu, (mp->va + first) << MMU_PAGE_SHIFT, n);
	SIM_ASSERT(ret == 0);
	(void)ret;
	vm_pt_account(s, mp->vm);
	if (before == mmu_mapped_pages(v->mmu))
		return 0;
	gem_mark_gpu(s, mp->bo);
	return before - mmu_mapped_pages(v->mmu);
}

int vm_map_present(struct sim *s, uint32_t m, uint64_t first, uint64_t n)
{
	struct vm_mapping *mp = &s->gpu->maps[m];
	struct gpu_vm *v = &s->gpu->vms[mp->vm];
	uint64_t nframes, end;
	uint32_t owner;
	const uint32_t *frames = bo_frames(s, mp->bo, &nframes, &owner);
	int ret = 0;

	if (!frames || !v->mmu)
		return 0;
	end = first + n;
	if (end > mp->npages)
		end = mp->npages;
	if (end > nframes)
		end = nframes;
	for (uint64_t i = first; i < end;) {
		uint64_t j;

		if (frames[i] == PG_ABSENT) {
			i++;
			continue;
		}
		for (j = i + 1; j < end && frames[j] != PG_ABSENT; j++)
			;
		/* a failed map may have written some of the range */
		gem_mark_gpu(s, mp->bo);
		ret = mmu_map(v->mmu, (mp->va + i) << MMU_PAGE_SHIFT, frames + i, j - i, true);
		if (ret)
			break;
		i = j;
	}
	vm_pt_account(s, mp->vm);
	return ret ? gpu_errno(ret) : 0;
}

/* ---- the mapping pool and the per-object lists -------------------------- */

static uint32_t map_alloc(struct gpu *g)
{
	uint32_t m;

	if (g->free_map != NONE) {
		m = g->free_map;
		g->free_map = g->maps[m].next;
		return m;
	}
	/* a capacity past 2^32 - 1 is refused: slot NONE stays free */
	if (grow_array(g->maps, g->cap_maps, (uint64_t)g->nmaps + 1, 64))
		return NONE;
	return g->nmaps++;
}

static void map_release(struct gpu *g, uint32_t m)
{
	g->maps[m].alive = false;
	g->maps[m].next = g->free_map;
	g->free_map = m;
}

/* Make bo_maps[] cover slot @bo. */
static int bo_maps_reserve(struct gpu *g, uint32_t bo)
{
	uint32_t n;
	uint32_t *p;

	if (bo < g->nbo_maps)
		return 0;
	if (bo == NONE)
		return GEMSIM_EINVAL;
	n = g->nbo_maps ? g->nbo_maps : 64;
	while (n <= bo)
		n = n > NONE / 2 ? NONE : n * 2;
	p = hugemem_realloc(g->bo_maps, (size_t)g->nbo_maps * sizeof(*p), (size_t)n * sizeof(*p));
	if (!p)
		return GEMSIM_ENOMEM;
	for (uint32_t i = g->nbo_maps; i < n; i++)
		p[i] = NONE;
	g->bo_maps = p;
	g->nbo_maps = n;
	return 0;
}

static void bo_link(struct gpu *g, uint32_t m)
{
	struct vm_mapping *mp = &g->maps[m];
	uint32_t head = g->bo_maps[mp->bo];

	mp->prev = NONE;
	mp->next = head;
	if (head != NONE)
		g->maps[head].prev = m;
	g->bo_maps[mp->bo] = m;
}

static void bo_unlink(struct gpu *g, uint32_t m)
{
	struct vm_mapping *mp = &g->maps[m];

	if (mp->prev != NONE)
		g->maps[mp->prev].next = mp->next;
	else
		g->bo_maps[mp->bo] = mp->next;
	if (mp->next != NONE)
		g->maps[mp->next].prev = mp->prev;
	mp->prev = mp->next = NONE;
}

uint32_t vm_mapping_at(const struct gpu *g, uint32_t vm, uint64_t va)
{
	uint32_t node = vm_va_find(&g->vms[vm].va, va >> MMU_PAGE_SHIFT);

	return node == VM_VA_NONE ? NONE : vm_va_id(&g->vms[vm].va, node);
}

/* ---- invariant 5 -------------------------------------------------------- */

struct check_ctx {
	struct sim *s;
	const struct vm_mapping *mp;
	const uint32_t *frames; /* NULL: no page may be mapped */
	uint64_t nframes;
	uint32_t owner;
	uint32_t bo;
	const char *what; /* "PTE" or "TLB entry" */
	bool reported;
	const uint32_t *owners; /* pg_frame_owners(), cfg.ram_pages of them */
};

/*
 * The translation of page @page to @frame, which check_page() could not
 * pass at a glance, against @want (the page's frame) and @owner (the
 * frame's, pg_frame_owner()): 0 if right, else reported (once).
 */
static __attribute__((noinline, cold)) int
report_page(struct check_ctx *c, uint64_t page, uint32_t frame, uint32_t want, uint32_t owner)
{
	const struct vm_mapping *mp = c->mp;
	uint64_t idx = page - mp->va;
	char have[48];

	if (want == frame && owner == c->owner)
		return 0;
	if (want == frame)
		snprintf(have, sizeof(have), "owned by %s",
			 owner == SIM_NONE ? "nobody" : bo_name(c->s, owner));
	else if (want != PG_ABSENT)
		snprintf(have, sizeof(have), "in frame %u", want);
	else
		snprintf(have, sizeof(have), "%s", c->frames ? "absent" : "not in RAM");
	sim_violation(c->s, 5, "%s: GPU %s in %s at 0x%llx -> frame %u, but page %llu is %s",
		      bo_name(c->s, c->bo), c->what, vm_name(c->s, mp->vm),
		      (unsigned long long)(page << MMU_PAGE_SHIFT), frame, (unsigned long long)idx,
		      have);
	c->reported = true;
	return 1;
}

/* Is page @page of the mapping allowed to translate to @frame?  Reports once. */
static inline int check_page(struct check_ctx *c, uint64_t page, uint32_t frame)
{
	uint64_t idx = page - c->mp->va;
	uint32_t want = c->frames && idx < c->nframes ? c->frames[idx] : PG_ABSENT;

	/* the frame's owner read in place; pg_frame_owner() names any other */
	if (want == frame && frame < c->s->cfg.ram_pages && c->owners[frame] == c->owner &&
	    c->owner < PG_OWNER_LEAKED)
		return 0;
	return report_page(c, page, frame, want, pg_frame_owner(c->s, frame));
}

static int check_pte(void *ctx, uint64_t va, uint32_t frame, uint32_t npages)
{
	struct check_ctx *c = ctx;
	uint64_t first = va >> MMU_PAGE_SHIFT;

	for (uint32_t k = 0; k < npages; k++) {
		uint64_t page = first + k;

		/* a block is reported whole; pages outside the mapping are not ours */
		if (page < c->mp->va || page >= c->mp->va + c->mp->npages)
			continue;
		if (check_page(c, page, frame + k))
			return 1;
	}
	return 0;
}

/* TLB pass over one device for one mapping. */
static int check_tlb(void *ctx, uint32_t asid, uint64_t va, uint32_t frame, bool block)
{
	struct check_ctx *c = ctx;

	if (asid != c->mp->vm)
		return 0;
	if (!block)
		return check_pte(c, va, frame, 1);
	SIM_ASSERT(((va >> MMU_PAGE_SHIFT) & (MMU_BLOCK_PAGES - 1)) == 0);
	return check_pte(c, va, frame, MMU_BLOCK_PAGES);
}

void vm_check_bo(struct sim *s, uint32_t bo)
{
	struct gpu *g = s->gpu;

	if (!g)
		return;
	for (uint32_t m = vm_bo_first(g, bo); m != NONE; m = g->maps[m].next) {
		const struct vm_mapping *mp = &g->maps[m];
		const struct gpu_vm *v = &g->vms[mp->vm];
		struct check_ctx c = {
			.s = s, .mp = mp, .bo = bo, .what = "PTE", .owners = pg_frame_owners(s)
		};

		c.frames = bo_frames(s, bo, &c.nframes, &c.owner);
		if (v->mmu)
			mmu_for_each_range(v->mmu, mp->va << MMU_PAGE_SHIFT, mp->npages, check_pte,
					   &c);
		if (c.reported)
			continue;
		/* TLB entries exist only for VMs holding an AS slot */
		if (as_slot_of(g->devs[v->dev].as, mp->vm) < 0)
			continue;
		c.what = "TLB entry";
		tlb_for_each(g->devs[v->dev].tlb, check_tlb, &c);
	}
}

/* FNV-1a over a PTE run: where it is and what it translates to. */
static int hash_pte(void *ctx, uint64_t va, uint32_t frame, uint32_t npages)
{
	uint64_t *h = ctx;
	uint64_t words[3] = { va, frame, npages };

	for (unsigned i = 0; i < 3; i++) {
		*h ^= words[i];
		*h *= UINT64_C(0x100000001b3);
	}
	return 0;
}

/*
 * The PTEs of every GPU mapping of @bo, hashed (a mapping without PTEs
 * leaves no trace: invariant 5 is about what translates): gem_check_verify() asks
 * whether they changed without gem_mark_gpu().  TLB entries are left out:
 * they are filled from the PTEs by GPU accesses, which mark nothing.
 */
uint64_t vm_hash_bo(struct sim *s, uint32_t bo)
{
	struct gpu *g = s->gpu;
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (uint32_t m = vm_bo_first(g, bo); m != NONE; m = g->maps[m].next) {
		const struct vm_mapping *mp = &g->maps[m];
		const struct gpu_vm *v = &g->vms[mp->vm];

		if (v->mmu)
			mmu_for_each_range(v->mmu, mp->va << MMU_PAGE_SHIFT, mp->npages, hash_pte,
					   &h);
	}
	return h;
}

struct left_ctx {
	uint32_t asid;
	uint64_t first, end; /* pages */
	uint64_t n;
};

static int count_pte(void *ctx, uint64_t va, uint32_t frame, uint32_t npages)
{
	struct left_ctx *c = ctx;

	(void)va;
	(void)frame;
	c->n += npages;
	return 0;
}

static int count_tlb(void *ctx, uint32_t asid, uint64_t va, uint32_t frame, bool block)
{
	struct left_ctx *c = ctx;
	uint64_t p = va >> MMU_PAGE_SHIFT;
	uint64_t e = p + (block ? MMU_BLOCK_PAGES : 1);

	(void)frame;
	if (asid == c->asid && p < c->end && e > c->first)
		c->n++;
	return 0;
}

/* After unmapping: nothing of the range may translate any more (invariant 5). */
static void check_unmapped(struct sim *s, const struct vm_mapping *mp)
{
	const struct gpu_vm *v = &s->gpu->vms[mp->vm];
	const struct gpu_dev *d = &s->gpu->devs[v->dev];
	struct left_ctx c = { mp->vm, mp->va, mp->va + mp->npages, 0 };

	if (v->mmu)
		mmu_for_each_range(v->mmu, mp->va << MMU_PAGE_SHIFT, mp->npages, count_pte, &c);
	if (c.n)
		sim_violation(s, 5, "%s: %llu GPU PTE pages left in %s at 0x%llx after unmap",
			      bo_name(s, mp->bo), (unsigned long long)c.n, vm_name(s, mp->vm),
			      (unsigned long long)(mp->va << MMU_PAGE_SHIFT));
	c.n = 0;
	tlb_for_each(d->tlb, count_tlb, &c);
	if (c.n)
		sim_violation(s, 5, "%s: %llu TLB entries left in %s at 0x%llx after unmap",
			      bo_name(s, mp->bo), (unsigned long long)c.n, vm_name(s, mp->vm),
			      (unsigned long long)(mp->va << MMU_PAGE_SHIFT));
}

/* ---- hooks of the object model ------------------------------------------ */

void vm_zap_bo(struct sim *s, uint32_t bo)
{
	struct gpu *g = s->gpu;

	for (uint32_t m = vm_bo_first(g, bo); m != NONE; m = g->maps[m].next) {
		const struct vm_mapping *mp = &g->maps[m];
		uint64_t n = clear_range(s, m, 0, mp->npages);

		/* nothing translated, nothing can be cached in the TLB either */
		if (!n)
			continue;
		s->stats.gpu_ptes_zapped += n;
		vm_flush_range(s, mp->vm, mp->va, mp->npages);
	}
}

/*
 * The object is freed: remove its mappings altogether (PTEs, TLB, VA), as
 * closing the last handle tears panfrost's mappings down.  Their use
 * references go with the object.  Leaving them would let a later object in
 * the same slot inherit a mapping it holds no reference for.
 */
void vm_unmap_bo(struct sim *s, uint32_t bo)
{
	struct gpu *g = s->gpu;
	uint32_t m;

	while ((m = vm_bo_first(g, bo)) != NONE) {
		struct vm_mapping *mp = &g->maps[m];

		s->stats.gpu_ptes_zapped += clear_range(s, m, 0, mp->npages);
		vm_flush_range(s, mp->vm, mp->va, mp->npages);
		if (s->check)
			check_unmapped(s, mp);
		vm_va_free(&g->vms[mp->vm].va, mp->node);
		bo_unlink(g, m);
		map_release(g, m);
	}
}

int vm_remap_bo(struct sim *s, uint32_t bo)
{
	struct gpu *g = s->gpu;
	int ret = 0;

	for (uint32_t m = vm_bo_first(g, bo); m != NONE; m = g->maps[m].next) {
		const struct vm_mapping *mp = &g->maps[m];
		int r;

		/* evict zapped everything; anything left would point at old frames */
		if (clear_range(s, m, 0, mp->npages))
			vm_flush_range(s, mp->vm, mp->va, mp->npages);
		r = vm_map_present(s, m, 0, mp->npages);
		if (r && !ret)
			ret = r;
	}
	return ret;
}

/* ---- map and unmap ------------------------------------------------------ */

int gpu_map(struct sim *s, uint32_t vm, uint32_t bo, bool has_va, uint64_t va)
{
	struct gpu *g = s->gpu;
	struct gpu_vm *v = get_vm(s, vm);
	struct shm_object *o = shm_get(s, bo);
	struct vm_mapping *mp;
	struct mmu *mmu;
	uint64_t npages, start;
	uint32_t m, node;
	int ret;

	if (!v || !o)
		return GEMSIM_ENOENT;
	if (vm_find_mapping(g, vm, bo) != NONE)
		return GEMSIM_EINVAL;
	if (has_va && (va & (MMU_PAGE_SIZE - 1)))
		return GEMSIM_EINVAL;
	npages = o->npages;
	ret = vm_mmu(s, vm, &mmu);
	if (!ret)
		ret = bo_maps_reserve(g, bo);
	if (ret)
		return ret;
	m = map_alloc(g);
	if (m == NONE)
		return GEMSIM_ENOMEM;

	/* the VA first, as panfrost_gem_open() inserts the drm_mm node first */
	if (has_va) {
		start = va >> MMU_PAGE_SHIFT;
		ret = vm_va_reserve(&v->va, start, npages, m, &node);
	} else {
		uint64_t align = npages >= MMU_BLOCK_PAGES ? MMU_BLOCK_PAGES : 1;

		ret = vm_va_alloc(&v->va, npages, align, m, &start, &node);
	}
	if (ret)
		goto err_release;

	/* the mapping's use reference (shm_gpu_map_get()); an import's pages
	 * are held by its attachment */
	if (!o->imported) {
		ret = shm_gpu_map_get(s, bo);
		if (ret)
			goto err_free_va;
		o->nr_gpu_maps++;
	}
	mp = &g->maps[m];
	*mp = (struct vm_mapping){
		.va = start,
		.npages = npages,
		.vm = vm,
		.bo = bo,
		.node = node,
		.alive = true,
		.heap = o->heap,
		.imported = o->imported,
	};
	bo_link(g, m);

	/* panfrost_gem_open(): a heap is mapped by its faults, not here */
	ret = o->heap ? 0 : vm_map_present(s, m, 0, npages);
	if (ret)
		goto err_unmap;
	return 0;

err_unmap:
	if (clear_range(s, m, 0, npages))
		vm_flush_range(s, vm, start, npages);
	bo_unlink(g, m);
	if (!o->imported) {
		o->nr_gpu_maps--;
		shm_gpu_map_put(s, bo, !o->nr_gpu_maps);
	}
err_free_va:
	vm_va_free(&v->va, node);
err_release:
	map_release(g, m);
	return ret;
}

int gpu_unmap(struct sim *s, uint32_t vm, uint32_t bo)
{
	struct gpu *g = s->gpu;
	struct gpu_vm *v = get_vm(s, vm);
	struct vm_mapping *mp;
	uint32_t m;
	int ret = 0;

	if (!v || !shm_get(s, bo))
		return GEMSIM_ENOENT;
	m = vm_find_mapping(g, vm, bo);
	if (m == NONE)
		return GEMSIM_EINVAL;
	mp = &g->maps[m];
	if (job_vm_uses(s, vm, bo))
		sim_warn(s, "gpu_unmap of %s from %s while a running job uses it", bo_name(s, bo),
			 vm_name(s, vm));
	/* panfrost_mmu_unmap(): unmap, then flush the whole range */
	clear_range(s, m, 0, mp->npages);
	vm_flush_range(s, vm, mp->va, mp->npages);
	if (s->check)
		check_unmapped(s, mp);
	vm_va_free(&v->va, mp->node);
	bo_unlink(g, m);
	if (!mp->imported) {
		struct shm_object *o = shm_get(s, bo);

		o->nr_gpu_maps--;
		ret = shm_gpu_map_put(s, bo, !o->nr_gpu_maps);
	}
	map_release(g, m);
	return ret;
}

uint64_t gpu_vm_mapped_pages(const struct sim *s, uint32_t vm)
{
	const struct gpu_vm *v = get_vm(s, vm);

	return v && v->mmu ? mmu_mapped_pages(v->mmu) : 0;
}

int gpu_vm_va(const struct sim *s, uint32_t vm, uint32_t bo, uint64_t *va)
{
	uint32_t m;

	if (!get_vm(s, vm))
		return GEMSIM_ENOENT;
	m = vm_find_mapping(s->gpu, vm, bo);
	if (m == NONE)
		return GEMSIM_ENOENT;
	*va = s->gpu->maps[m].va << MMU_PAGE_SHIFT;
	return 0;
}

struct mmu *gpu_vm_mmu(struct sim *s, uint32_t vm)
{
	struct gpu_vm *v = get_vm(s, vm);

	return v ? v->mmu : NULL;
}

void vm_destroy_all(struct gpu *g)
{
	for (uint32_t i = 0; i < g->nvms; i++) {
		mmu_destroy(g->vms[i].mmu);
		vm_va_fini(&g->vms[i].va);
	}
	free(g->vms);
	free(g->maps);
	free(g->bo_maps);
	g->vms = NULL;
	g->maps = NULL;
	g->bo_maps = NULL;
	g->nvms = g->nmaps = g->cap_maps = g->nbo_maps = 0;
}
