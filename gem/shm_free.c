// SPDX-License-Identifier: MIT
/*
 * gem/shm_free.c - the end of a shmem GEM object: drm_gem_shmem_free() as
 * each modelled kernel has it (mainline puts the sg table's pages and WARNs
 * on the rest; v19 WARNs once and leaks the object), and the teardown of
 * its mappings, pages and list place.  docs/model.md, "free".
 */
#include "gem/dmabuf.h"
#include "gem/gem_int.h"
#include "gem/lru.h"
#include "gem/shm.h"

/* Tear the object down: mappings, pages, lists. */
void shm_destroy(struct sim *s, struct shm_object *o)
{
	/* Every GPU mapping goes (an import's too: no page array, but its
	 * PTEs point at the exporter's frames). */
	if (s->gpu_unmap_bo)
		s->gpu_unmap_bo(s, o->slot);
	o->nr_gpu_maps = 0;
	while (o->vma_head != SIM_NONE)
		shm_vma_unlink(s, o, o->vma_head);
	shm_release_pages(s, o);
	lru_remove(s, o);
	o->alive = false;
	o->resv_held = false;
	o->nr_fences = 0;
	gem_mark_dirty(s, o, SHM_D_STATE);
}

/* mainline drm_gem_shmem_free(): WARN on a vmap, put the sg table's pages, WARN on the rest */
static void shm_free_mainline(struct sim *s, struct shm_object *o)
{
	o->sgt = false;
	if (o->vmap_use_count > 0)
		sim_warn(s, "free of %s with vmap_use_count %d", shm_bo_name(s, o),
			 o->vmap_use_count);
	if (o->pages && o->pages_use_count > 0)
		shm_put_pages_locked(s, o);
	if (o->pages_use_count > 0 || o->pages_pin_count > 0)
		sim_warn(s,
			 "free of %s leaks references: pages_use_count %d, "
			 "pages_pin_count %d",
			 shm_bo_name(s, o), o->pages_use_count, o->pages_pin_count);
}

/* v19 (25/30) drm_gem_shmem_free(): one WARN, and return.  Returns: true when it leaks. */
static bool shm_free_v19_leaks(struct sim *s, struct shm_object *o)
{
	int64_t maps = (int64_t)o->nr_vmas + (o->heap ? o->heap_ref : (int64_t)o->nr_gpu_maps);
	int64_t use = o->pages_use_count > maps ? o->pages_use_count - maps : 0;

	if (o->vmap_use_count <= 0 && use <= 0 && o->pages_pin_count <= 0)
		return false;
	sim_warn(s,
		 "free of %s with %s %lld: drm_gem_shmem_free() returns and the "
		 "object leaks, %llu pages kept",
		 shm_bo_name(s, o),
		 o->vmap_use_count > 0 ? "vmap_use_count" :
		 use > 0               ? "pages_use_count" :
					 "pages_pin_count",
		 (long long)(o->vmap_use_count > 0 ? o->vmap_use_count :
			     use > 0               ? use :
						     o->pages_pin_count),
		 (unsigned long long)o->nr_present);
	return true;
}

int shm_free(struct sim *s, uint32_t bo)
{
	struct shm_object *o = shm_get(s, bo);
	bool leak = false;

	if (!o)
		return GEMSIM_ENOENT;
	if (o->imported) {
		/* drm_prime_gem_destroy(): unmap and detach */
		dmabuf_release_import(s, o);
		shm_destroy(s, o);
		s->stats.objects_freed++;
		return 0;
	}
	if (dmabuf_export_busy(s, o))
		return GEMSIM_EBUSY;
	if (gem_mainline(s) && shm_relock_deadlocks(s, o, "free"))
		return GEMSIM_EBUSY; /* mainline's drm_gem_shmem_free() locks */
	/*
	 * drm_gem_shmem_free():
	 *   mainline:  WARN on vmap_use_count; free the sg table; if there are
	 *              pages, one drm_gem_shmem_put_pages_locked() (the sg
	 *              table's reference, or a driver's leaked get_pages: no
	 *              WARN for that one); then WARN on what use and pin hold.
	 *   v19 25/30: drm_WARN_ON(vmap_use_count) || drm_WARN_ON(pages_use_count)
	 *              || drm_WARN_ON(pages_pin_count): one WARN, for the first
	 *              count found, and return: the object leaks, its pages
	 *              with it.  Otherwise no put (21/30: the sg table holds no
	 *              reference).
	 * The scenario's free is also the handle close.  In v19 the mappings
	 * have put their references by then: a VMA holds a GEM reference until
	 * drm_gem_shmem_vm_close(), panfrost_gem_close() releases the GPU
	 * mappings (a heap's its one reference).  What is left, a driver took.
	 */
	shm_lock(s, o);
	if (gem_mainline(s))
		shm_free_mainline(s, o);
	else
		leak = shm_free_v19_leaks(s, o);
	o->sgt = false;
	shm_unlock(s, o);
	if (o->dma_buf != SIM_NONE)
		dmabuf_destroy_buf(s, o->dma_buf);
	if (leak) {
		shm_drop_pages(s, o, true);
		s->stats.objects_leaked++;
	} else {
		s->stats.objects_freed++;
	}
	shm_destroy(s, o);
	return 0;
}
