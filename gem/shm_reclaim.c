// SPDX-License-Identifier: MIT
/*
 * gem/shm_reclaim.c - reclaim of shmem GEM objects: evict, purge and
 * swap-in (drm_gem_shmem_helper.c, the v19 shrinker series and mainline).
 */
#include "gem/gem_int.h"
#include "gem/lru.h"
#include "gem/pg.h"
#include "gem/shm.h"

/* Unmap from every GPU VM and every CPU mapping (evict and purge). */
static void zap_mappings(struct sim *s, struct shm_object *o)
{
	struct gem *g = s->gem;

	/* GPU mappings of an import hold no use reference: not in nr_gpu_maps */
	if (s->gpu_zap_bo && (o->nr_gpu_maps || o->imported))
		s->gpu_zap_bo(s, o->slot);
	for (uint32_t m = o->vma_head; m != SIM_NONE; m = g->vmas[m].next) {
		struct shm_vma *v = &g->vmas[m];

		if (!v->nr_ptes)
			continue;
		if (o->npages == 1) {
			/* the one entry, set, and its bit, in place (the loop below) */
			v->one.pte = PG_NONE;
			v->one.present = 0;
		} else {
			/* the set entries, found through the bits */
			uint64_t *bits = v->tbl.present;
			uint32_t *pte = v->tbl.pte;

			for (uint64_t w = 0, left = v->nr_ptes; left; w++) {
				for (uint64_t b = bits[w]; b; b &= b - 1) {
					pte[w * 64 + (uint64_t)__builtin_ctzll(b)] = PG_NONE;
					left--;
				}
				bits[w] = 0;
			}
		}
		s->stats.cpu_zaps += v->nr_ptes;
		sim_work_add(s, v->nr_ptes, s->cfg.costs.zap, "zap");
		v->nr_ptes = 0;
		gem_mark_dirty(s, o, SHM_D_PTES);
	}
}

/*
 * drm_gem_shmem_evict_locked() (v19 22/30): the pages go to swap through
 * drm_gem_shmem_free_pages(), which also frees the stored sg table; use
 * counts stay; drm_vma_node_unmap() zaps the CPU mappings and the driver's
 * evict callback the GPU ones.
 */
uint64_t shm_evict_locked(struct sim *s, struct shm_object *o)
{
	uint64_t n = o->nr_present;

	shm_assert_held(o);
	SIM_ASSERT(o->pages && !o->evicted && pg_free_slots(s) >= n && !gem_mainline(s));
	/* before the pages move: an observer may want the frames they leave */
	sim_observe(s, SIM_OBS_EVICT, o->slot, n);
	zap_mappings(s, o);
	if (o->vmap_use_count > 0)
		o->vmap_stale = true;
	o->sgt = false; /* drm_gem_shmem_free_pages() */
	for (uint64_t i = 0; i < o->npages; i++) {
		uint32_t f = o->pages[i];

		if (f == PG_NONE)
			continue;
		o->pages[i] = pg_page_out(s, f, o->slot);
	}
	o->evicted = true;
	sim_work_add(s, n, s->cfg.costs.swap_out, "swap_out");
	s->stats.pages_evicted += n;
	s->stats.objects_evicted++;
	lru_update(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE | SHM_D_PAGES);
	return n;
}

/*
 * drm_gem_shmem_purge_locked():
 *   v19 22/30: drm_gem_shmem_shrinker_put_pages_locked() frees the pages
 *              (and the sg table) unless already evicted, the truncate
 *              drops the swapped copy; madv = -1, evicted = false.  Use
 *              counts stay: their holders put them later, on no pages.
 *   mainline:  frees the sg table and drops the one use reference it held
 *              (drm_gem_shmem_put_pages_locked()): the pages go only when
 *              that was the last reference, else they stay until the last
 *              put; madv = -1.
 * Both unmap the CPU mappings (drm_vma_node_unmap()); the driver's purge
 * (panfrost_gem_purge(), the v19 evict callback) the GPU ones.
 * Returns: the frames freed.
 */
uint64_t shm_purge_locked(struct sim *s, struct shm_object *o)
{
	uint64_t freed = 0, present = o->nr_present;

	shm_assert_held(o);
	sim_observe(s, SIM_OBS_PURGE, o->slot, present);
	zap_mappings(s, o);
	if (o->vmap_use_count > 0)
		o->vmap_stale = true;
	s->stats.objects_purged++;
	if (gem_mainline(s)) {
		if (o->sgt) {
			o->sgt = false;
			if (o->pages_use_count > 0 && !--o->pages_use_count) {
				freed = shm_resident_pages(o);
				s->stats.pages_purged += present;
				shm_release_pages(s, o);
			}
		}
	} else {
		freed = shm_resident_pages(o);
		s->stats.pages_purged += present;
		shm_release_pages(s, o);
		o->sgt = false;
	}
	o->madv = -1;
	o->madv_listed = false;   /* panfrost_gem_shrinker_scan(): list_del_init() */
	o->evicted_flag = false;  /* v19: shmem->evicted = false */
	o->no_mmap_offset = true; /* drm_gem_free_mmap_offset() */
	lru_update(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE | SHM_D_PAGES);
	return freed;
}

/*
 * drm_gem_shmem_swapin_locked() (v19 22/30): nothing unless evicted; else
 * the pages come back (drm_gem_shmem_acquire_pages()) and the object moves
 * on the LRU; the driver re-maps its GPU mappings.  Mainline never evicts.
 */
int shm_swapin_locked(struct sim *s, struct shm_object *o)
{
	uint64_t n = o->nr_present;
	int ret;

	shm_assert_held(o);
	if (!o->evicted) {
		/*
		 * v19 22/30: shmem->evicted left set by the last put of an
		 * evicted object: acquire_pages() finds the pages there (or,
		 * with none, reads them: gemsim leaves that to get_pages), the
		 * flag clears, the LRU is updated
		 */
		if (o->evicted_flag) {
			o->evicted_flag = false;
			lru_update(s, o);
			gem_mark_dirty(s, o, SHM_D_STATE);
		}
		return 0;
	}
	ret = pg_reserve_frames(s, n);
	if (ret)
		return ret;
	for (uint64_t i = 0; i < o->npages; i++) {
		uint32_t k = o->pages[i];

		if (k == PG_NONE)
			continue;
		o->pages[i] = pg_page_in(s, k, o->slot);
	}
	o->evicted = false;
	sim_work_add(s, n, s->cfg.costs.swap_in, "swap_in");
	sim_observe(s, SIM_OBS_SWAPIN, o->slot, n);
	s->stats.pages_swapped_in += n;
	s->stats.objects_swapped_in++;
	lru_update(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE | SHM_D_PAGES);
	if (s->gpu_remap_bo && (o->nr_gpu_maps || o->imported))
		s->gpu_remap_bo(s, o->slot);
	pg_after_alloc(s);
	return 0;
}

/* ---- public operations ---- */

/*
 * A driver's direct drm_gem_shmem_purge_locked() on an object that is not
 * purgeable: both kernels WARN (mainline's drm_WARN_ON; v19 30/30's
 * drm_WARN_ON_ONCE, which gemsim counts every time).  v19 then frees no
 * pages when there are none, WARNs again in drm_gem_shmem_free_pages()
 * unless evicted or already purged, and marks it purged all the same;
 * gemsim does that.  Where pages or pins are in the way, both kernels would
 * free pages under a pin (v19) or dereference a NULL sg table (mainline):
 * gemsim refuses with -EINVAL instead.
 */
int shm_purge(struct sim *s, uint32_t bo)
{
	int ret = 0;
	SHM_LOOKUP(o, bo);

	if (!shm_purgeable(s, o)) {
		bool harmless = !gem_mainline(s) && !shm_has_pages(o) && !o->imported &&
				!o->pages_pin_count && o->dma_buf == SIM_NONE;

		sim_warn(s, "purge of %s, which is not purgeable", shm_bo_name(s, o));
		if (!harmless)
			return GEMSIM_EINVAL;
		if (o->madv >= 0 && !o->evicted)
			sim_warn(s,
				 "purge of %s, which has no pages (drm_gem_shmem_free_pages WARN)",
				 shm_bo_name(s, o));
		shm_lock(s, o);
		shm_release_pages(s, o); /* an evicted object's swap: the truncate */
		o->sgt = false;
		o->madv = -1;
		o->madv_listed = false;
		o->evicted_flag = false;
		o->no_mmap_offset = true;
		lru_update(s, o);
		shm_unlock(s, o);
		gem_mark_dirty(s, o, SHM_D_STATE | SHM_D_PAGES);
		return 0;
	}
	if (shm_is_busy(o))
		return GEMSIM_EBUSY;
	shm_lock(s, o);
	shm_purge_locked(s, o);
	shm_unlock(s, o);
	return ret;
}

int shm_evict(struct sim *s, uint32_t bo)
{
	SHM_LOOKUP(o, bo);

	if (gem_mainline(s)) {
		sim_warn(s,
			 "evict of %s: the mainline helper cannot evict "
			 "(drm_gem_shmem_evict_locked comes with the v19 series)",
			 shm_bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	if (!shm_evictable(s, o)) {
		sim_warn(s, "evict of %s, which is not evictable", shm_bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	if (shm_is_busy(o))
		return GEMSIM_EBUSY;
	if (pg_free_slots(s) < o->npages)
		return GEMSIM_ENOSPC;
	shm_lock(s, o);
	shm_evict_locked(s, o);
	shm_unlock(s, o);
	return 0;
}

int shm_swapin(struct sim *s, uint32_t bo)
{
	int ret;
	SHM_LOOKUP(o, bo);

	if (o->imported)
		return 0;
	shm_lock(s, o);
	ret = shm_swapin_locked(s, o);
	shm_unlock(s, o);
	return ret;
}
