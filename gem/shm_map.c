// SPDX-License-Identifier: MIT
/*
 * gem/shm_map.c - the mappings of shmem GEM objects: vmap, mmap and the
 * CPU page fault, the sg table and the use reference behind a GPU mapping
 * (drm_gem_shmem_helper.c, with the shrinker series' states).
 */
#include <string.h>

#include "gem/gem_int.h"
#include "gem/lru.h"
#include "gem/pg.h"
#include "gem/shm.h"

/* ---- vmap ---- */

/* dma_buf_vmap() and friends: an imported object's CPU access goes to the exporter. */
static struct shm_object *cpu_target(struct sim *s, struct shm_object *o)
{
	if (!o->imported)
		return o;
	return shm_get(s, o->exporter);
}

/*
 * drm_gem_shmem_vmap_locked(): the first vmap pins (mainline, and v19
 * 10/30 before it), later ones count; an import goes to dma_buf_vmap().
 * policy.vmap_pins=false is the seed thread's alternative, in no kernel:
 * a use reference only, swapping in first.  Heaps: panfrost never vmaps
 * them whole (gemsim WARNs, -EINVAL).
 */
int shm_vmap(struct sim *s, uint32_t bo)
{
	int ret = 0;
	SHM_LOOKUP(o, bo);

	o = cpu_target(s, o);
	if (!o)
		return GEMSIM_ENOENT;
	if (o->heap) {
		sim_warn(s, "vmap of heap object %s (its pages are not all present)",
			 shm_bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	shm_lock(s, o);
	if (o->vmap_use_count > 0) {
		o->vmap_use_count++;
	} else {
		if (s->cfg.policy.vmap_pins) {
			ret = shm_pin_locked(s, o);
		} else {
			ret = shm_swapin_locked(s, o);
			if (!ret)
				ret = shm_get_pages_locked(s, o);
		}
		if (!ret) {
			o->vmap_use_count = 1;
			o->vmap_stale = false;
		}
	}
	shm_unlock(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE);
	return ret;
}

/* drm_gem_shmem_vunmap_locked(): the last vunmap unmaps and unpins. */
int shm_vunmap(struct sim *s, uint32_t bo)
{
	SHM_LOOKUP(o, bo);

	o = cpu_target(s, o);
	if (!o)
		return GEMSIM_ENOENT;
	if (o->vmap_use_count <= 0) {
		sim_warn(s, "vunmap of %s with vmap_use_count 0", shm_bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	shm_lock(s, o);
	if (--o->vmap_use_count == 0) {
		o->vmap_stale = false;
		if (s->cfg.policy.vmap_pins)
			shm_unpin_locked(s, o);
		else
			shm_put_pages_locked(s, o);
	}
	shm_unlock(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE);
	return 0;
}

int shm_vmap_access(struct sim *s, uint32_t bo, uint64_t page)
{
	SHM_LOOKUP(o, bo);

	o = cpu_target(s, o);
	if (!o)
		return GEMSIM_ENOENT;
	if (o->vmap_use_count <= 0) {
		sim_warn(s, "access through a vmap of %s that is not vmapped", shm_bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	if (page >= o->npages) {
		sim_warn(s, "access through the vmap of %s at page %llu, past its %llu pages",
			 shm_bo_name(s, o), (unsigned long long)page,
			 (unsigned long long)o->npages);
		return GEMSIM_EINVAL;
	}
	s->stats.vmap_accesses++;
	if (o->vmap_stale || !shm_pages_in_memory(o) || o->pages[page] == PG_NONE)
		sim_violation(s, 11,
			      "%s: CPU access through vmap to page %llu after its pages "
			      "were reclaimed (use-after-reclaim; %s)",
			      shm_bo_name(s, o), (unsigned long long)page,
			      o->madv < 0 ? "purged" :
			      o->evicted  ? "evicted" :
					    "swapped back in to other frames");
	return 0;
}

/* ---- mmap and faults ---- */

static struct shm_vma *vma_slot(struct sim *s, uint32_t map, bool grow)
{
	struct gem *g = s->gem;

	if (map == SIM_NONE)
		return NULL;
	if (map >= g->nvmas) {
		uint32_t n = g->nvmas ? g->nvmas : 16;
		struct shm_vma *p;

		if (!grow)
			return NULL;
		while (n <= map)
			n = n > UINT32_MAX / 2 ? UINT32_MAX : n * 2;
		p = gem_mem_realloc(g, g->vmas, g->nvmas, n, sizeof(*p));
		if (!p)
			return NULL;
		for (uint32_t i = g->nvmas; i < n; i++)
			p[i].prev = p[i].next = p[i].bo = SIM_NONE;
		g->vmas = p;
		g->nvmas = n;
	}
	return &g->vmas[map];
}

static struct shm_vma *vma_get(struct sim *s, uint32_t map)
{
	struct shm_vma *v = vma_slot(s, map, false);

	return v && v->alive ? v : NULL;
}

static void vma_link(struct sim *s, struct shm_object *o, uint32_t map)
{
	struct gem *g = s->gem;
	struct shm_vma *v = &g->vmas[map];

	v->alive = true;
	v->bo = o->slot;
	if (o->npages == 1) {
		v->one.present = 0;
		v->one.pte = PG_NONE;
	} else {
		v->tbl.present = NULL;
		v->tbl.pte = NULL;
	}
	v->nr_ptes = 0;
	v->prev = SIM_NONE;
	v->next = o->vma_head;
	if (o->vma_head != SIM_NONE)
		g->vmas[o->vma_head].prev = map;
	o->vma_head = map;
	o->nr_vmas++;
}

void shm_vma_unlink(struct sim *s, struct shm_object *o, uint32_t m)
{
	struct gem *g = s->gem;
	struct shm_vma *v = &g->vmas[m];

	if (v->prev != SIM_NONE)
		g->vmas[v->prev].next = v->next;
	else
		o->vma_head = v->next;
	if (v->next != SIM_NONE)
		g->vmas[v->next].prev = v->prev;
	o->nr_vmas--;
	gem_mem_free(g, shm_vma_table(v, o), shm_vma_table_bytes(o->npages), 1);
	memset(v, 0, sizeof(*v));
	v->prev = v->next = v->bo = SIM_NONE;
}

/*
 * drm_gem_shmem_mmap(): an import goes to dma_buf_mmap(); MAP_PRIVATE is
 * -EINVAL (is_cow_mapping()); else shm_get_pages_locked(): the VMA's reference.
 * After a purge the fake offset is gone (drm_gem_free_mmap_offset() in
 * drm_gem_shmem_purge_locked(), both kernels): drm_gem_mmap() finds no
 * object there, -EINVAL.
 */
int shm_mmap(struct sim *s, uint32_t bo, uint32_t map, bool private_map)
{
	struct shm_vma *v;
	int ret;
	SHM_LOOKUP(o, bo);

	o = cpu_target(s, o); /* dma_buf_mmap() */
	if (!o)
		return GEMSIM_ENOENT;
	if (private_map || o->heap || o->no_mmap_offset)
		return GEMSIM_EINVAL; /* is_cow_mapping(); panfrost refuses heap mmap */
	v = vma_slot(s, map, true);
	if (!v)
		return map == SIM_NONE ? GEMSIM_EINVAL : GEMSIM_ENOMEM;
	if (v->alive)
		return GEMSIM_EINVAL;
	if (shm_relock_deadlocks(s, o, "mmap"))
		return GEMSIM_EBUSY;
	shm_lock(s, o);
	ret = shm_get_pages_locked(s, o);
	shm_unlock(s, o);
	if (ret)
		return ret;
	vma_link(s, o, map);
	gem_mark_dirty(s, o, SHM_D_STATE | SHM_D_PTES);
	return 0;
}

int shm_munmap(struct sim *s, uint32_t map)
{
	struct shm_vma *v = vma_get(s, map);
	struct shm_object *o;

	if (!v)
		return GEMSIM_ENOENT;
	o = s->gem->objs[v->bo];
	SIM_ASSERT(o && o->alive);
	if (shm_relock_deadlocks(s, o, "munmap")) /* drm_gem_shmem_vm_close() */
		return GEMSIM_EBUSY;
	shm_vma_unlink(s, o, map);
	shm_lock(s, o);
	shm_put_pages_locked(s, o); /* drm_gem_shmem_vm_close() */
	shm_unlock(s, o);
	gem_mark_dirty(s, o, SHM_D_PTES);
	return 0;
}

int shm_fork(struct sim *s, uint32_t map, uint32_t child)
{
	struct shm_vma *c, *v;
	struct shm_object *o;

	if (!vma_get(s, map))
		return GEMSIM_ENOENT;
	c = vma_slot(s, child, true); /* may move the table: look the parent up after */
	if (!c)
		return child == SIM_NONE ? GEMSIM_EINVAL : GEMSIM_ENOMEM;
	if (c->alive)
		return GEMSIM_EINVAL;
	v = vma_get(s, map);
	o = s->gem->objs[v->bo];
	if (shm_relock_deadlocks(s, o, "fork")) /* drm_gem_shmem_vm_open() */
		return GEMSIM_EBUSY;
	/*
	 * drm_gem_shmem_vm_open(): the VMA already holds pages, take another:
	 * WARN_ON_ONCE(!refcount_inc_not_zero()), so from 0 it WARNs and the
	 * child holds nothing (its munmap will then underflow).
	 */
	shm_lock(s, o);
	if (o->pages_use_count <= 0)
		sim_warn(s, "fork of a mapping of %s with pages_use_count 0", shm_bo_name(s, o));
	else
		o->pages_use_count++;
	lru_update(s, o);
	shm_unlock(s, o);
	vma_link(s, o, child);
	gem_mark_dirty(s, o, SHM_D_STATE | SHM_D_PTES);
	return 0;
}

/* drm_gem_shmem_fault() for page @i of VMA @m */
static int fault(struct sim *s, struct shm_object *o, uint32_t m, uint64_t i)
{
	struct shm_vma *v = &s->gem->vmas[m];
	sim_ns work0 = s->work;
	uint64_t *bits;
	int ret = 0;

	/* past the end the access is outside the VMA: no fault handler runs */
	if (i < o->npages && shm_relock_deadlocks(s, o, "a CPU fault"))
		return GEMSIM_EBUSY;
	s->stats.cpu_faults++;
	sim_observe(s, SIM_OBS_CPU_FAULT, o->slot, i);
	shm_lock(s, o);
	if (shm_swapin_locked(s, o)) {
		s->stats.cpu_fault_oom++;
		ret = GEMSIM_VM_FAULT_OOM;
		goto unlock;
	}
	/*
	 * drm_gem_shmem_fault():
	 *   v19 22/30: swap-in (failure VM_FAULT_OOM), then past the end or no
	 *              pages is SIGBUS.
	 *   mainline:  past the end, drm_WARN_ON_ONCE(!shmem->pages) or
	 *              madv < 0 is SIGBUS (pages may outlive a purge there).
	 */
	if (gem_mainline(s) && i < o->npages && !o->pages)
		sim_warn(s, "fault on %s, which has no pages (drm_gem_shmem_fault WARN)",
			 shm_bo_name(s, o));
	if (i >= o->npages || !shm_pages_in_memory(o) || o->pages[i] == PG_NONE || o->madv < 0) {
		s->stats.cpu_fault_sigbus++;
		ret = GEMSIM_SIGBUS;
		goto unlock;
	}
	bits = shm_vma_bits(v, o);
	if (!bits) {
		bits = gem_mem_calloc(s->gem, shm_vma_table_bytes(o->npages), 1);
		if (!bits) {
			s->stats.cpu_fault_oom++;
			ret = GEMSIM_VM_FAULT_OOM;
			goto unlock;
		}
		v->tbl.present = bits;
		v->tbl.pte = (uint32_t *)(bits + (o->npages + 63) / 64);
		memset(v->tbl.pte, 0xff, o->npages * sizeof(*v->tbl.pte));
	}
	shm_vma_ptes(v, o)[i] = o->pages[i]; /* vmf_insert_pfn() */
	bits[i / 64] |= UINT64_C(1) << (i % 64);
	v->nr_ptes++;
	gem_mark_dirty_pte(s, o, i);
unlock:
	shm_unlock(s, o);
	sim_hist_add(&s->lat[SIM_LAT_fault_service], s->cfg.costs.fault + s->work - work0);
	return ret;
}

/*
 * A trace replay walks hundreds of thousands of objects at random: each
 * access is a chain of cache misses (VMA, slot, object, list neighbours),
 * so the replay asks for them one and two requests ahead.
 */
void shm_prefetch_access(struct sim *s, uint32_t map, uint32_t bo, bool near)
{
	struct gem *g = s->gem;
	const struct shm_object *o;
	const struct lru_link *k;

	if (map >= g->nvmas || bo >= g->nobjs)
		return;
	if (!near) {
		__builtin_prefetch(&g->vmas[map]);
		__builtin_prefetch(&g->objs[bo]);
		__builtin_prefetch(&g->links[bo]);
		return;
	}
	o = g->objs[bo];
	if (o)
		__builtin_prefetch(o);
	k = &g->links[bo];
	if (k->prev != SIM_NONE)
		__builtin_prefetch(&g->links[k->prev]);
	if (k->next != SIM_NONE)
		__builtin_prefetch(&g->links[k->next]);
}

/* The pages of an access, each faulted in when its PTE is not set. */
static __attribute__((noinline)) int access_pages(struct sim *s, struct shm_object *o, uint32_t map,
						  uint64_t first, uint64_t last)
{
	for (uint64_t i = first;; i++) {
		struct shm_vma *v = &s->gem->vmas[map];

		if (!(i < o->npages && shm_vma_mapped(v, o, i))) {
			int ret = fault(s, o, map, i);

			if (ret)
				return ret;
		}
		if (i == last)
			break;
	}
	return 0;
}

int shm_cpu_access(struct sim *s, uint32_t map, uint64_t first, uint64_t last, bool write)
{
	struct gem *g = s->gem;
	struct shm_vma *v;
	struct shm_object *o;

	(void)write;
	/* vma_get(), open-coded: this is the per-access path */
	if (map >= g->nvmas || !g->vmas[map].alive)
		return GEMSIM_ENOENT;
	v = &g->vmas[map];
	if (first > last)
		return GEMSIM_EINVAL;
	o = g->objs[v->bo];
	/*
	 * An access through an mmap does not enter the kernel once its PTE
	 * is set, and a fault moves the object only by the state changes it
	 * makes (swap-in): no list move unless policy.touch asks for it.
	 */
	if (gem_touch(s) == SIM_TOUCH_ALL)
		lru_touch_inline(s, o);
	/* one page, its PTE set: the usual access, nothing else to do */
	if (first == last && first < o->npages && shm_vma_mapped(v, o, first))
		return 0;
	return access_pages(s, o, map, first, last);
}

/* ---- sg table and GPU mappings ---- */

/*
 * drm_gem_shmem_get_pages_sgt():
 *   mainline:  the stored table, or get_pages (a use reference, allocating
 *              on the first) and a table that keeps that reference.
 *   v19 21-22/30: WARN and -EBUSY first if the object is evictable or
 *              purgeable (only objects whose driver set funcs->evict can
 *              be); then the stored table, or one built from the pages
 *              present (drm_gem_shmem_get_sg_table(): WARN and -ENOMEM
 *              without pages), taking no reference: "SGT can be allocated
 *              only if shmem pages are pinned".
 * An import's table came with it.  Heap objects' tables are panfrost's own.
 */
int shm_get_pages_sgt(struct sim *s, uint32_t bo)
{
	int ret = 0;
	SHM_LOOKUP(o, bo);

	if (o->imported)
		return 0;
	if (!gem_mainline(s) && (shm_evictable(s, o) || shm_purgeable(s, o))) {
		sim_warn(s, "get_pages_sgt on %s, which is %s (not pinned)", shm_bo_name(s, o),
			 shm_purgeable(s, o) ? "purgeable" : "evictable");
		return GEMSIM_EBUSY;
	}
	if (o->heap) {
		sim_warn(s, "get_pages_sgt on heap object %s", shm_bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	shm_lock(s, o);
	if (!o->sgt) {
		if (gem_mainline(s)) {
			ret = shm_get_pages_locked(s, o);
			if (!ret)
				o->sgt = true;
		} else if (!shm_pages_in_memory(o)) {
			sim_warn(s,
				 "get_pages_sgt on %s, which has no pages in memory "
				 "(drm_gem_shmem_get_sg_table WARN)",
				 shm_bo_name(s, o));
			ret = GEMSIM_ENOMEM;
		} else {
			o->sgt = true;
		}
		lru_update(s, o);
	}
	shm_unlock(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE);
	return ret;
}

/*
 * drm_gem_shmem_get_sg_table(): a table of the pages, not stored.  v19
 * 21/30: drm_WARN_ON(!shmem->pages) and -ENOMEM.  Mainline tests nothing
 * and would build a table from a NULL page array: gemsim WARNs and fails
 * -EINVAL there.  Both WARN on an import.
 */
int shm_get_sg_table(struct sim *s, uint32_t bo)
{
	SHM_LOOKUP(o, bo);

	if (o->imported) {
		sim_warn(s, "get_sg_table on imported %s", shm_bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	if (!shm_pages_in_memory(o)) {
		sim_warn(s, "get_sg_table on %s, which has no pages in memory", shm_bo_name(s, o));
		return gem_mainline(s) ? GEMSIM_EINVAL : GEMSIM_ENOMEM;
	}
	return 0;
}

/*
 * The use reference behind a GPU mapping of @bo (not an import: its
 * attachment holds the pages).
 *   v19: each mapping gets and puts the pages ("drm/panfrost: Explicitly
 *        get and put drm-shmem pages", the series' preparation).
 *   mainline: panfrost_gem_open() -> panfrost_mmu_map() ->
 *        drm_gem_shmem_get_pages_sgt(): the first mapping builds the sg
 *        table, whose one reference serves every mapping; releasing a
 *        mapping puts nothing (panfrost_gem_mapping_release()).
 * A heap's mapping takes none: its first fault sets one (shm_heap_grow()),
 * which the last mapping's release drops under v19 and keeps in mainline.
 */
int shm_gpu_map_get(struct sim *s, uint32_t bo)
{
	SHM_LOOKUP(o, bo);

	if (o->heap)
		return 0;
	return gem_mainline(s) ? shm_get_pages_sgt(s, bo) : shm_get_pages(s, bo);
}

int shm_gpu_map_put(struct sim *s, uint32_t bo, bool last)
{
	SHM_LOOKUP(o, bo);

	if (gem_mainline(s))
		return 0;
	if (o->heap) {
		if (last)
			shm_heap_put_ref(s, bo);
		return 0;
	}
	return shm_put_pages(s, bo);
}
