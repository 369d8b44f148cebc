// SPDX-License-Identifier: MIT
/*
 * gem/shm.c - shmem GEM objects: the object lifetime, get/put pages, pin
 * and madvise of drm_gem_shmem_helper.c with the shrinker series' states
 * (evicted, purged) and results, and panfrost's growable heaps.  The CPU
 * and GPU mappings are in shm_map.c, reclaim in shm_reclaim.c, locks,
 * fences and jobs in shm_job.c, the free in shm_free.c.  See shm.h for the representation.
 */
#include <stdlib.h>
#include <string.h>

#include "base/hugemem.h"
#include "gem/dmabuf.h"
#include "gem/gem_int.h"
#include "gem/lru.h"
#include "gem/pg.h"
#include "gem/shm.h"

/*
 * Objects are never freed before the run ends (a freed slot keeps its
 * struct for reuse), so they come from 64-byte aligned slabs: no malloc
 * per object, and each object's first cache line (struct shm_object) is
 * its own.  Slab k holds 64 << k objects, up to one huge page (16384): a
 * small run keeps a small footprint, a big one gets its objects on 2 MiB
 * pages (base/hugemem.h: a replay over 200k objects reaches them at
 * random).  A slab's bytes count in gem_host_bytes() when it is made.
 */
#define SHM_SLAB_FIRST 64u
#define SHM_SLAB_MAX ((uint32_t)(HUGEMEM_PAGE / sizeof(struct shm_object)))

static uint32_t slab_objs(uint32_t k)
{
	return k < 8 ? SHM_SLAB_FIRST << k : SHM_SLAB_MAX;
}

_Static_assert((SHM_SLAB_FIRST << 8) == SHM_SLAB_MAX, "slab 8 is one huge page");

static struct shm_object *obj_alloc(struct gem *g)
{
	if (!g->nslabs || g->slab_used == slab_objs(g->nslabs - 1)) {
		size_t bytes = slab_objs(g->nslabs) * sizeof(struct shm_object);
		struct shm_object *slab;

		if (g->nslabs == g->cap_slabs) {
			uint32_t cap = g->cap_slabs ? 2 * g->cap_slabs : 16;
			struct shm_object **p = realloc(g->slabs, cap * sizeof(*p));

			if (!p || cap < g->cap_slabs)
				return NULL;
			g->slabs = p;
			g->cap_slabs = cap;
		}
		if (bytes == HUGEMEM_PAGE) {
			slab = hugemem_alloc(bytes);
		} else {
			slab = aligned_alloc(64, bytes);
			if (slab)
				memset(slab, 0, bytes);
		}
		if (!slab)
			return NULL;
		g->host_bytes += bytes;
		g->slabs[g->nslabs++] = slab;
		g->slab_used = 0;
	}
	return &g->slabs[g->nslabs - 1][g->slab_used++];
}

/* Free the slabs (gem_destroy()). */
void shm_slabs_free(struct gem *g)
{
	for (uint32_t i = 0; i < g->nslabs; i++) {
		free(g->slabs[i]);
		g->host_bytes -= slab_objs(i) * sizeof(struct shm_object);
	}
	free(g->slabs);
	g->slabs = NULL;
	g->nslabs = g->cap_slabs = 0;
}

/* ---- slots, predicates ---- */

struct shm_object *shm_slot(struct sim *s, uint32_t bo, bool grow)
{
	struct gem *g = s->gem;

	if (bo == SIM_NONE)
		return NULL;
	if (bo >= g->nobjs) {
		uint32_t n = g->nobjs ? g->nobjs : 16;
		struct shm_object **p;

		if (!grow)
			return NULL;
		while (n <= bo)
			n = n > UINT32_MAX / 2 ? UINT32_MAX : n * 2;
		struct lru_link *lk = gem_mem_realloc(g, g->links, g->nobjs, n, sizeof(*lk));

		if (!lk)
			return NULL;
		g->links = lk;
		for (uint32_t i = g->nobjs; i < n; i++)
			lk[i].prev = lk[i].next = SIM_NONE;
		p = gem_mem_realloc(g, g->objs, g->nobjs, n, sizeof(*p));
		if (!p)
			return NULL;
		g->objs = p;
		g->nobjs = n;
	}
	if (!g->objs[bo]) {
		struct shm_object *o;

		if (!grow)
			return NULL;
		o = obj_alloc(g);
		if (!o)
			return NULL;
		o->slot = bo;
		g->objs[bo] = o;
	}
	return g->objs[bo];
}

uint32_t shm_slot_count(const struct sim *s)
{
	return s->gem->nobjs;
}

bool shm_page_cpu_mapped(struct sim *s, uint32_t bo, uint64_t page)
{
	const struct shm_object *o = shm_get(s, bo);

	if (!o || page >= o->npages)
		return false;
	for (uint32_t m = o->vma_head; m != SIM_NONE; m = s->gem->vmas[m].next) {
		struct shm_vma *v = &s->gem->vmas[m];

		if (shm_vma_mapped(v, o, page))
			return true;
	}
	return false;
}

struct shm_object *shm_get(struct sim *s, uint32_t bo)
{
	struct gem *g = s->gem;
	struct shm_object *o;

	/* shm_slot(s, bo, false) without the growing part: called per object per job */
	if (bo >= g->nobjs)
		return NULL;
	o = g->objs[bo];
	return o && o->alive ? o : NULL;
}

/* The kernel's predicates, pins honoured (inline in gem_int.h for the reclaim path). */
bool shm_evictable(const struct sim *s, const struct shm_object *o)
{
	return shm_evictable_pins(o, false, s->cfg.kernel);
}

bool shm_purgeable(const struct sim *s, const struct shm_object *o)
{
	return shm_purgeable_pins(o, false, s->cfg.kernel);
}

uint64_t shm_resident_pages(const struct shm_object *o)
{
	return o->pages && !o->evicted ? o->nr_present : 0;
}

uint64_t shm_swapped_pages(const struct shm_object *o)
{
	return o->pages && o->evicted ? o->nr_present : 0;
}

bool shm_has_pages(const struct shm_object *o)
{
	return shm_pages_in_memory(o);
}

const char *shm_bo_name(const struct sim *s, const struct shm_object *o)
{
	return sim_name(s, SIM_K_BO, o->slot);
}

/* ---- pages ---- */

static int alloc_array(struct sim *s, struct shm_object *o)
{
	SIM_ASSERT(!o->pages && !o->nr_present);
	if (o->npages == 1) {
		/* one page (trace replay, thrash): one cache line less per swap */
		o->page1 = PG_NONE;
		o->pages = &o->page1;
		return 0;
	}
	o->pages = gem_mem_calloc(s->gem, o->npages, sizeof(*o->pages));
	if (!o->pages)
		return GEMSIM_ENOMEM;
	memset(o->pages, 0xff, o->npages * sizeof(*o->pages)); /* PG_NONE */
	return 0;
}

/* Give every absent page of [first, first + n) a frame, all or nothing. */
static int populate_locked(struct sim *s, struct shm_object *o, uint64_t first, uint64_t n,
			   uint64_t *added)
{
	uint64_t need = 0;
	int ret;

	shm_assert_held(o);
	SIM_ASSERT(o->pages && !o->evicted && first + n <= o->npages);
	for (uint64_t i = first; i < first + n; i++)
		need += o->pages[i] == PG_NONE;
	*added = need;
	if (!need)
		return 0;
	ret = pg_reserve_frames(s, need);
	if (ret)
		return ret;
	for (uint64_t i = first; i < first + n; i++) {
		if (o->pages[i] != PG_NONE)
			continue;
		o->pages[i] = pg_take_frame(s, o->slot);
		o->nr_present++;
	}
	sim_work_add(s, need, s->cfg.costs.page_alloc, "page_alloc");
	gem_mark_dirty(s, o, SHM_D_PAGES);
	return 0;
}

/*
 * The page array goes; its frames or slots are given back or, @leak (v19
 * 25/30: drm_gem_shmem_free() returned early and nothing puts them), stay
 * taken for good, no object's.
 */
void shm_drop_pages(struct sim *s, struct shm_object *o, bool leak)
{
	if (!o->pages)
		return;
	for (uint64_t i = o->npages; i-- > 0;) {
		uint32_t loc = o->pages[i];

		if (loc == PG_NONE)
			continue;
		if (leak) {
			pg_leak(s, loc, o->evicted);
			s->stats.pages_leaked++;
		} else if (o->evicted) {
			pg_put_slot(s, loc);
		} else {
			pg_put_frame(s, loc);
		}
	}
	if (o->pages != &o->page1)
		gem_mem_free(s->gem, o->pages, o->npages, sizeof(*o->pages));
	o->pages = NULL;
	o->nr_present = 0;
	o->evicted = false;
	gem_mark_dirty(s, o, SHM_D_PAGES);
}

/*
 * drm_gem_shmem_acquire_pages() (v19 22/30): a page array, all frames unless
 * a heap; a purged object gets none (-ENOMEM).  Mainline's
 * drm_gem_shmem_get_pages_locked() calls drm_gem_get_pages() whatever madv
 * says: a purged object gets fresh pages from its truncated shmem file.
 */
static int acquire_pages_locked(struct sim *s, struct shm_object *o)
{
	uint64_t added;
	int ret;

	shm_assert_held(o);
	if (o->madv < 0 && !gem_mainline(s))
		return GEMSIM_ENOMEM;
	/* every frame first: an object larger than memory fails here, without
	 * a page array of its size made and cleared on each attempt */
	if (!o->heap && (ret = pg_reserve_frames(s, o->npages)))
		return ret;
	ret = alloc_array(s, o);
	if (ret)
		return ret;
	if (!o->heap) {
		ret = populate_locked(s, o, 0, o->npages, &added);
		if (ret) {
			shm_release_pages(s, o);
			return ret;
		}
	}
	return 0;
}

/*
 * drm_gem_shmem_get_pages_locked():
 *   v19 22/30: madv < 0 is -ENOMEM before anything; then a use reference
 *              more, or drm_gem_shmem_acquire_pages() (WARN and -EINVAL on
 *              an import) and use = 1.
 *   mainline:  refcount_inc_not_zero(), else drm_gem_get_pages(): no madv
 *              test, so a purged object still holding a reference counts
 *              up and one with none gets fresh pages.  An import has no
 *              shmem file (drm_gem_get_pages() would dereference a NULL
 *              filp): gemsim WARNs and fails -EINVAL as v19 does.
 */
int shm_get_pages_locked(struct sim *s, struct shm_object *o)
{
	int ret;

	shm_assert_held(o);
	if (o->imported) {
		sim_warn(s, "get_pages on imported %s", shm_bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	if (o->madv < 0 && !gem_mainline(s))
		return GEMSIM_ENOMEM;
	if (o->pages_use_count > 0) {
		o->pages_use_count++;
		gem_mark_dirty(s, o, SHM_D_STATE);
		return 0;
	}
	ret = acquire_pages_locked(s, o);
	if (ret)
		return ret;
	o->pages_use_count = 1;
	lru_update(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE);
	pg_after_alloc(s);
	return 0;
}

/*
 * drm_gem_shmem_put_pages_locked() (mainline; v19 22/30 adds the LRU
 * update): the put that reaches 0 frees the pages, and in v19 the sg table
 * with them (drm_gem_shmem_free_pages(), 21/30).  A put at 0 is a refcount_t
 * underflow WARN; gemsim refuses it rather than go negative.
 */
int shm_put_pages_locked(struct sim *s, struct shm_object *o)
{
	shm_assert_held(o);
	if (o->pages_use_count <= 0) {
		sim_warn(s, "put_pages on %s with pages_use_count 0 (refcount underflow)",
			 shm_bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	if (--o->pages_use_count == 0) {
		/*
		 * v19 22/30 drm_gem_shmem_free_pages(): an evicted object has no
		 * page array, so it returns early and shmem->evicted stays set
		 * (the object is not evictable again until a swap-in clears it)
		 */
		if (o->evicted && !gem_mainline(s))
			o->evicted_flag = true;
		shm_release_pages(s, o);
		o->sgt = false;
	}
	lru_update(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE);
	return 0;
}

/*
 * drm_gem_shmem_pin_locked(): a pin more, or (v19 22/30) swap in, then get
 * the pages and set the pin to 1.  On an import mainline WARNs twice and
 * goes on into drm_gem_get_pages() with no shmem file (an oops); v19's
 * drm_gem_shmem_acquire_pages() WARNs and fails -EINVAL: gemsim does that.
 */
int shm_pin_locked(struct sim *s, struct shm_object *o)
{
	int ret;

	shm_assert_held(o);
	if (o->imported) {
		sim_warn(s, "pin of imported %s", shm_bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	if (o->pages_pin_count > 0) {
		o->pages_pin_count++;
		gem_mark_dirty(s, o, SHM_D_STATE);
		return 0;
	}
	ret = shm_swapin_locked(s, o);
	if (ret)
		return ret;
	ret = shm_get_pages_locked(s, o);
	if (ret)
		return ret;
	o->pages_pin_count = 1;
	/*
	 * v19 22/30 drm_gem_shmem_pin_locked(): refcount_set() and no LRU
	 * update: the object stays where get_pages or the swap-in left it
	 * (lru_evictable, counted and visited) until its next state change.
	 * msm places it on pin (msm_gem_pin_obj_locked(): update_lru()).
	 */
	if (!gem_mainline(s) && gem_driver(s) != GEM_DRV_MSM) {
		o->lru_unplaced = true;
		lru_recount(s, o);
	} else
		lru_update(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE);
	return 0;
}

/* drm_gem_shmem_unpin_locked(): the unpin reaching 0 puts the pin's use reference. */
void shm_unpin_locked(struct sim *s, struct shm_object *o)
{
	shm_assert_held(o);
	if (o->imported) {
		sim_warn(s, "unpin of imported %s", shm_bo_name(s, o));
		return;
	}
	if (o->pages_pin_count <= 0) {
		sim_warn(s, "unpin of %s with pages_pin_count 0 (refcount underflow)",
			 shm_bo_name(s, o));
		return;
	}
	/* v19 22/30: only the put of the last pin updates the LRU */
	if (--o->pages_pin_count == 0)
		shm_put_pages_locked(s, o);
	else if (!o->lru_unplaced)
		lru_update(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE);
}

/* ---- create and free ---- */

static void init_object(struct shm_object *o, uint64_t npages, unsigned flags)
{
	uint32_t slot = o->slot;

	memset(o, 0, sizeof(*o));
	o->slot = slot;
	o->npages = npages;
	o->heap = flags & SHM_CREATE_HEAP;
	o->no_shrinker = flags & SHM_CREATE_NO_SHRINKER;
	o->alive = true;
	o->dma_buf = o->import_buf = o->exporter = SIM_NONE;
	o->vma_head = SIM_NONE;
}

int shm_create(struct sim *s, uint32_t bo, uint64_t npages, unsigned flags)
{
	struct shm_object *o;

	if (!npages || npages >= PG_NONE)
		return GEMSIM_EINVAL;
	o = shm_slot(s, bo, true);
	if (!o)
		return bo == SIM_NONE ? GEMSIM_EINVAL : GEMSIM_ENOMEM;
	if (o->alive)
		return GEMSIM_EINVAL;
	init_object(o, npages, flags);
	s->stats.objects_created++;
	gem_mark_dirty(s, o, SHM_D_STATE);
	return 0;
}

int shm_make_imported(struct sim *s, uint32_t bo, uint32_t exporter, uint32_t buf)
{
	struct shm_object *e = shm_get(s, exporter);
	struct shm_object *o;

	SIM_ASSERT(e);
	o = shm_slot(s, bo, true);
	if (!o)
		return bo == SIM_NONE ? GEMSIM_EINVAL : GEMSIM_ENOMEM;
	if (o->alive)
		return GEMSIM_EINVAL;
	/* drm_gem_shmem_prime_import_sg_table(): no pages of its own, the
	 * attachment's table stored as its sgt */
	init_object(o, e->npages, 0);
	o->imported = true;
	o->sgt = true;
	o->exporter = exporter;
	o->import_buf = buf;
	s->stats.objects_created++;
	gem_mark_dirty(s, o, SHM_D_STATE);
	return 0;
}

/* ---- public operations ---- */

int shm_get_pages(struct sim *s, uint32_t bo)
{
	int ret;
	SHM_LOOKUP(o, bo);

	shm_lock(s, o);
	ret = shm_get_pages_locked(s, o);
	shm_unlock(s, o);
	return ret;
}

int shm_put_pages(struct sim *s, uint32_t bo)
{
	int ret;
	SHM_LOOKUP(o, bo);

	/*
	 * Use references whose holder the model knows: the pins' one, a weak
	 * vmap's, each VMA's and GPU mapping's, the stored sgt's.  A put that would take one of
	 * those drops a reference the caller never took; the kernel's refcount
	 * cannot tell, the model WARNs as for an underflow and keeps it, rather
	 * than free pages that are pinned or mapped (invariants 2, 5, 6).
	 */
	int64_t held = (o->pages_pin_count > 0) + (o->sgt && gem_mainline(s)) +
		       (int64_t)o->nr_vmas +
		       (o->heap         ? o->heap_ref :
			gem_mainline(s) ? 0 :
					  (int64_t)o->nr_gpu_maps) +
		       (o->vmap_use_count > 0 && !s->cfg.policy.vmap_pins);

	if (!o->imported && o->pages_use_count > 0 && o->pages_use_count <= held) {
		sim_warn(s, "put_pages on %s drops a reference its %s holds (pages_use_count %d)",
			 shm_bo_name(s, o),
			 o->pages_pin_count > 0 ? "pin" :
			 o->sgt                 ? "sg table" :
			 o->nr_vmas             ? "CPU mappings" :
			 o->nr_gpu_maps         ? "GPU mappings" :
						  "vmap",
			 o->pages_use_count);
		return GEMSIM_EINVAL;
	}
	shm_lock(s, o);
	ret = shm_put_pages_locked(s, o);
	shm_unlock(s, o);
	return ret;
}

int shm_pin(struct sim *s, uint32_t bo)
{
	int ret;
	SHM_LOOKUP(o, bo);

	shm_lock(s, o);
	ret = shm_pin_locked(s, o);
	shm_unlock(s, o);
	return ret;
}

int shm_unpin(struct sim *s, uint32_t bo)
{
	int ret = 0;
	SHM_LOOKUP(o, bo);

	if (o->imported || o->pages_pin_count <= 0)
		ret = GEMSIM_EINVAL; /* shm_unpin_locked() warns */
	/*
	 * Pins whose holder the model knows: the vmap's (vmap pins: mainline and v19 10/30) and
	 * those of the dma-buf's attachments and imports.  An unpin that would
	 * take one drops a reference the caller never took.  The kernel's
	 * refcount cannot tell; the model WARNs as for an underflow and keeps
	 * the pin, rather than free pages under an active vmap or an
	 * importer's mapping (invariants 2, 5).
	 */
	int64_t held = (o->vmap_use_count > 0 && s->cfg.policy.vmap_pins) +
		       (int64_t)(o->dma_buf != SIM_NONE ? s->gem->bufs[o->dma_buf].nr_pins : 0);

	if (!ret && o->pages_pin_count <= held) {
		sim_warn(s, "unpin of %s drops a pin its %s holds (pages_pin_count %d)",
			 shm_bo_name(s, o),
			 o->vmap_use_count > 0 && s->cfg.policy.vmap_pins ? "vmap" :
									    "dma-buf attachments",
			 o->pages_pin_count);
		return GEMSIM_EINVAL;
	}
	shm_lock(s, o);
	shm_unpin_locked(s, o);
	shm_unlock(s, o);
	return ret;
}

/*
 * panfrost_ioctl_madvise() around the helper, for the driver's objects
 * (a "shrinker": false object is the KUnit suite's, which calls the helper
 * directly).  Returns 1 or 0 (retained) when the ioctl answers without the
 * helper, else -1 to go on.
 *   v19 30/30: a heap object is answered retained, its madv unchanged.
 *   both: DONTNEED needs the object mapped in exactly one VM
 *         (list_is_singular(&bo->mappings.list)), else -EINVAL.  panfrost
 *         maps every object in its file's VM at open (panfrost_gem_open()),
 *         so an object the scenario never mapped stands for that one
 *         mapping: only two or more GPU mappings are refused.
 */
static int panfrost_madvise_check(struct sim *s, const struct shm_object *o, int madv)
{
	if (!gem_panfrost(s) || o->no_shrinker || o->imported)
		return -1;
	if (o->heap && !gem_mainline(s))
		return 1;
	if (madv == 1 && o->nr_gpu_maps > 1)
		return GEMSIM_EINVAL;
	return -1;
}

/*
 * drm_gem_shmem_madvise_locked(): the driver's value, while not purged.
 * Mainline panfrost then keeps its shrinker_list (panfrost_ioctl_madvise()):
 * retained DONTNEED moves the object to its tail (list_move_tail(), even
 * when on it already), WILLNEED takes it off (list_del_init()).
 */
int shm_madvise(struct sim *s, uint32_t bo, int madv)
{
	int ret;
	SHM_LOOKUP(o, bo);

	ret = panfrost_madvise_check(s, o, madv);
	if (ret >= 0 || ret == GEMSIM_EINVAL)
		return ret;
	shm_lock(s, o);
	if (o->madv >= 0)
		o->madv = (int8_t)madv; /* the loader keeps it in -128..127 */
	ret = o->madv >= 0;
	if (ret && gem_mainline(s) && !o->no_shrinker && !o->imported && madv >= 0) {
		o->madv_listed = madv > 0;
		if (madv > 0 && o->lru >= LRU_EVICTABLE)
			lru_bump(s, o);
	}
	lru_update(s, o);
	shm_unlock(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE);
	return ret;
}

/* ---- heaps ---- */

const uint32_t *shm_frames(struct sim *s, uint32_t bo)
{
	struct shm_object *o = shm_get(s, bo);

	if (o && o->imported)
		o = shm_get(s, o->exporter);
	return o && shm_has_pages(o) ? o->pages : NULL;
}

/*
 * panfrost_mmu_map_fault_addr(), panfrost_mmu.c (mainline since the 2024
 * "Fix the error path" change): the first fault makes the page array and
 * sets pages_use_count to 1 (the GPU mapping's reference from then on);
 * a fault on a chunk whose first page is in the array bails out, reading
 * and mapping nothing; else each page of the 2 MiB chunk is read in turn
 * (shmem_read_mapping_page()); on a failure the pages read so far stay in
 * the array, and since the first is among them, no later fault completes
 * the chunk.  The mapping is made
 * unevictable (mapping_set_unevictable()): heaps are never evicted, and
 * never purged (no shmem->sgt).
 */
int shm_heap_grow(struct sim *s, uint32_t bo, uint64_t first_page, uint64_t npages)
{
	uint64_t added = 0;
	int ret = 0;
	SHM_LOOKUP(o, bo);

	if (!o->heap) {
		sim_warn(s, "heap_grow of %s, which is not a heap object", shm_bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	if (first_page >= o->npages || npages > o->npages - first_page)
		return GEMSIM_EINVAL;
	shm_lock(s, o);
	if (o->pages && o->pages[first_page] != PG_NONE) {
		/* "Pages are already mapped, bail out" (the 2024 fix keeps it) */
		ret = SHM_HEAP_BAILOUT;
		goto unlock;
	}
	if (!o->pages) {
		ret = alloc_array(s, o);
		if (ret)
			goto unlock;
		o->pages_use_count = 1; /* refcount_set(), not a get */
		o->heap_ref = true;
	} else if (!o->heap_ref) {
		/*
		 * Pages there already (a driver's get_pages, an earlier
		 * mapping's): panfrost takes no reference then.  gemsim takes
		 * one, so that a mapping never outlives the pages it maps.
		 */
		o->pages_use_count++;
		o->heap_ref = true;
	}
	ret = populate_locked(s, o, first_page, npages, &added);
	if (ret) {
		/* take what reclaim left free, page by page, and keep it */
		uint64_t free = pg_free_frames(s);

		for (uint64_t i = first_page; i < first_page + npages && free; i++) {
			if (o->pages[i] != PG_NONE)
				continue;
			o->pages[i] = pg_take_frame(s, o->slot);
			o->nr_present++;
			free--;
			added++;
		}
		sim_work_add(s, added, s->cfg.costs.page_alloc, "page_alloc");
		gem_mark_dirty(s, o, SHM_D_PAGES);
	}
	if (added) {
		s->stats.heap_grows++;
		pg_after_alloc(s);
	}
	lru_update(s, o);
unlock:
	shm_unlock(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE);
	return ret;
}

bool shm_heap_put_ref(struct sim *s, uint32_t bo)
{
	struct shm_object *o = shm_get(s, bo);

	if (!o || !o->heap_ref)
		return false;
	o->heap_ref = false;
	shm_lock(s, o);
	shm_put_pages_locked(s, o);
	shm_unlock(s, o);
	return true;
}
