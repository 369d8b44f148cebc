/*
 * gem/shm.c - shmem GEM objects and their CPU mappings: the operations of
 * drm_gem_shmem_helper.c with the shrinker series' states (evicted,
 * purged) and results.  See shm.h for the representation.
 */
#include <string.h>

#include "gem/dmabuf.h"
#include "gem/gem_priv.h"
#include "gem/lru.h"
#include "gem/pg.h"
#include "gem/shm.h"

/* ---- slots, locks, predicates ---- */

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
		o = gem_mem_calloc(g, 1, sizeof(*o));
		if (!o)
			return NULL;
		o->slot = bo;
		o->lru_prev = o->lru_next = SIM_NONE;
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

/* dma_resv_assert_held() */
static void assert_held(const struct shm_object *o)
{
	SIM_ASSERT(o->alive && (o->resv_held || o->op_locks > 0));
	(void)o;
}

/* The kernel's predicates, pins honoured (inline in gem_priv.h for the reclaim path). */
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
	return o->pages && !o->evicted;
}

static const char *bo_name(const struct sim *s, const struct shm_object *o)
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

	assert_held(o);
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
	s->work += need * s->cfg.costs.page_alloc;
	gem_mark_dirty(s, o, SHM_D_PAGES);
	return 0;
}

/* Free every frame or slot of the object and its page array. */
static void release_pages(struct sim *s, struct shm_object *o)
{
	if (!o->pages)
		return;
	for (uint64_t i = o->npages; i-- > 0;) {
		uint32_t loc = o->pages[i];

		if (loc == PG_NONE)
			continue;
		if (o->evicted)
			pg_put_slot(s, loc);
		else
			pg_put_frame(s, loc);
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

	assert_held(o);
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
			release_pages(s, o);
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
static int get_pages_locked(struct sim *s, struct shm_object *o)
{
	int ret;

	assert_held(o);
	if (o->imported) {
		sim_warn(s, "get_pages on imported %s", bo_name(s, o));
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
static int put_pages_locked(struct sim *s, struct shm_object *o)
{
	assert_held(o);
	if (o->pages_use_count <= 0) {
		sim_warn(s, "put_pages on %s with pages_use_count 0 (refcount underflow)",
			 bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	if (--o->pages_use_count == 0) {
		release_pages(s, o);
		o->sgt = false;
	}
	lru_update(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE);
	return 0;
}

/* Unmap from every GPU VM and every CPU mapping (evict and purge). */
static void zap_mappings(struct sim *s, struct shm_object *o)
{
	struct gem *g = s->gem;

	/* GPU mappings of an import hold no use reference: not in nr_gpu_maps */
	if (s->gpu_zap_bo && (o->nr_gpu_maps || o->imported))
		s->gpu_zap_bo(s, o->slot);
	for (uint32_t m = o->vma_head; m != SIM_NONE; m = g->vmas[m].next) {
		struct shm_vma *v = &g->vmas[m];
		uint64_t *bits = shm_vma_bits(v, o);
		uint32_t *pte = shm_vma_ptes(v, o);

		if (!v->nr_ptes)
			continue;
		/* the set entries, found through the bits */
		for (uint64_t w = 0, left = v->nr_ptes; left; w++) {
			for (uint64_t b = bits[w]; b; b &= b - 1) {
				pte[w * 64 + (uint64_t)__builtin_ctzll(b)] = PG_NONE;
				left--;
			}
			bits[w] = 0;
		}
		s->stats.cpu_zaps += v->nr_ptes;
		s->work += v->nr_ptes * s->cfg.costs.zap;
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

	assert_held(o);
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
		o->pages[i] = pg_take_slot(s, o->slot);
		pg_put_frame(s, f);
	}
	o->evicted = true;
	s->work += n * s->cfg.costs.swap_out;
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

	assert_held(o);
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
				release_pages(s, o);
			}
		}
	} else {
		freed = shm_resident_pages(o);
		s->stats.pages_purged += present;
		release_pages(s, o);
		o->sgt = false;
	}
	o->madv = -1;
	lru_update(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE | SHM_D_PAGES);
	return freed;
}

/*
 * drm_gem_shmem_swapin_locked() (v19 22/30): nothing unless evicted; else
 * the pages come back (drm_gem_shmem_acquire_pages()) and the object moves
 * on the LRU; the driver re-maps its GPU mappings.  Mainline never evicts.
 */
static int swapin_locked(struct sim *s, struct shm_object *o)
{
	uint64_t n = o->nr_present;
	int ret;

	assert_held(o);
	if (!o->evicted)
		return 0;
	ret = pg_reserve_frames(s, n);
	if (ret)
		return ret;
	for (uint64_t i = 0; i < o->npages; i++) {
		uint32_t k = o->pages[i];

		if (k == PG_NONE)
			continue;
		o->pages[i] = pg_take_frame(s, o->slot);
		pg_put_slot(s, k);
	}
	o->evicted = false;
	s->work += n * s->cfg.costs.swap_in;
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

/*
 * drm_gem_shmem_pin_locked(): a pin more, or (v19 22/30) swap in, then get
 * the pages and set the pin to 1.  On an import mainline WARNs twice and
 * goes on into drm_gem_get_pages() with no shmem file (an oops); v19's
 * drm_gem_shmem_acquire_pages() WARNs and fails -EINVAL: gemsim does that.
 */
int shm_pin_locked(struct sim *s, struct shm_object *o)
{
	int ret;

	assert_held(o);
	if (o->imported) {
		sim_warn(s, "pin of imported %s", bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	if (o->pages_pin_count > 0) {
		o->pages_pin_count++;
		gem_mark_dirty(s, o, SHM_D_STATE);
		return 0;
	}
	ret = swapin_locked(s, o);
	if (ret)
		return ret;
	ret = get_pages_locked(s, o);
	if (ret)
		return ret;
	o->pages_pin_count = 1;
	lru_update(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE);
	return 0;
}

/* drm_gem_shmem_unpin_locked(): the unpin reaching 0 puts the pin's use reference. */
void shm_unpin_locked(struct sim *s, struct shm_object *o)
{
	assert_held(o);
	if (o->imported) {
		sim_warn(s, "unpin of imported %s", bo_name(s, o));
		return;
	}
	if (o->pages_pin_count <= 0) {
		sim_warn(s, "unpin of %s with pages_pin_count 0 (refcount underflow)",
			 bo_name(s, o));
		return;
	}
	if (--o->pages_pin_count == 0)
		put_pages_locked(s, o);
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
	o->lru_prev = o->lru_next = SIM_NONE;
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

static void vma_unlink(struct sim *s, struct shm_object *o, uint32_t m)
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

/* Tear the object down: mappings, pages, lists. */
void shm_destroy(struct sim *s, struct shm_object *o)
{
	/* Every GPU mapping goes (an import's too: no page array, but its
	 * PTEs point at the exporter's frames). */
	if (s->gpu_unmap_bo)
		s->gpu_unmap_bo(s, o->slot);
	o->nr_gpu_maps = 0;
	while (o->vma_head != SIM_NONE)
		vma_unlink(s, o, o->vma_head);
	release_pages(s, o);
	lru_remove(s, o);
	o->alive = false;
	o->resv_held = false;
	o->nr_fences = 0;
	gem_mark_dirty(s, o, SHM_D_STATE);
}

int shm_free(struct sim *s, uint32_t bo)
{
	struct shm_object *o = shm_get(s, bo);

	if (!o)
		return GEMSIM_ENOENT;
	if (o->imported) {
		/* drm_prime_gem_destroy(): unmap and detach */
		dmabuf_release_import(s, o);
		shm_destroy(s, o);
		s->stats.objects_freed++;
		return 0;
	}
	if (o->dma_buf != SIM_NONE) {
		const struct dmabuf_buf *b = &s->gem->bufs[o->dma_buf];

		if (b->nr_attach || b->nr_import) {
			sim_warn(s, "free of %s while its dma-buf %s has %u attachment(s), "
				 "%u importer(s)", bo_name(s, o), sim_name(s, SIM_K_BUF, o->dma_buf),
				 b->nr_attach, b->nr_import);
			return GEMSIM_EBUSY;
		}
	}
	/*
	 * drm_gem_shmem_free():
	 *   mainline:  WARN on vmap_use_count; free the sg table; if there are
	 *              pages, one drm_gem_shmem_put_pages_locked() (the sg
	 *              table's reference, or a driver's leaked get_pages: no
	 *              WARN for that one); then WARN on what use and pin hold.
	 *   v19 21/30: WARN on vmap, use and pin counts; no put (the sg table
	 *              holds no reference since 21/30).
	 */
	shm_lock(s, o);
	if (o->vmap_use_count > 0)
		sim_warn(s, "free of %s with vmap_use_count %d", bo_name(s, o),
			 o->vmap_use_count);
	o->sgt = false;
	if (gem_mainline(s) && o->pages && o->pages_use_count > 0)
		put_pages_locked(s, o);
	if (o->pages_use_count > 0 || o->pages_pin_count > 0)
		sim_warn(s, "free of %s leaks references: pages_use_count %d, pages_pin_count %d",
			 bo_name(s, o), o->pages_use_count, o->pages_pin_count);
	shm_unlock(s, o);
	if (o->dma_buf != SIM_NONE)
		dmabuf_destroy_buf(s, o->dma_buf);
	shm_destroy(s, o);
	s->stats.objects_freed++;
	return 0;
}

/* ---- public operations ---- */

#define LOOKUP(o, bo)                                   \
	struct shm_object *o = shm_get(s, (bo));        \
	if (!o)                                         \
		return GEMSIM_ENOENT

int shm_get_pages(struct sim *s, uint32_t bo)
{
	int ret;
	LOOKUP(o, bo);

	shm_lock(s, o);
	ret = get_pages_locked(s, o);
	shm_unlock(s, o);
	return ret;
}

int shm_put_pages(struct sim *s, uint32_t bo)
{
	int ret;
	LOOKUP(o, bo);

	/*
	 * Use references whose holder the model knows: the pins' one, a weak
	 * vmap's, each VMA's and GPU mapping's, the stored sgt's.  A put that would take one of
	 * those drops a reference the caller never took; the kernel's refcount
	 * cannot tell, the model WARNs as for an underflow and keeps it, rather
	 * than free pages that are pinned or mapped (invariants 2, 5, 6).
	 */
	int64_t held = (o->pages_pin_count > 0) + (o->sgt && gem_mainline(s)) +
		       (int64_t)o->nr_vmas +
		       (o->heap ? o->heap_ref : gem_mainline(s) ? 0 : (int64_t)o->nr_gpu_maps) +
		       (o->vmap_use_count > 0 && !s->cfg.policy.vmap_pins);

	if (!o->imported && o->pages_use_count > 0 && o->pages_use_count <= held) {
		sim_warn(s, "put_pages on %s drops a reference its %s holds (pages_use_count %d)",
			 bo_name(s, o), o->pages_pin_count > 0 ? "pin" : o->sgt ? "sg table" :
			 o->nr_vmas ? "CPU mappings" : o->nr_gpu_maps ? "GPU mappings" : "vmap",
			 o->pages_use_count);
		return GEMSIM_EINVAL;
	}
	shm_lock(s, o);
	ret = put_pages_locked(s, o);
	shm_unlock(s, o);
	return ret;
}

int shm_pin(struct sim *s, uint32_t bo)
{
	int ret;
	LOOKUP(o, bo);

	shm_lock(s, o);
	ret = shm_pin_locked(s, o);
	shm_unlock(s, o);
	return ret;
}

int shm_unpin(struct sim *s, uint32_t bo)
{
	int ret = 0;
	LOOKUP(o, bo);

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
			 bo_name(s, o), o->vmap_use_count > 0 && s->cfg.policy.vmap_pins ?
			 "vmap" : "dma-buf attachments", o->pages_pin_count);
		return GEMSIM_EINVAL;
	}
	shm_lock(s, o);
	shm_unpin_locked(s, o);
	shm_unlock(s, o);
	return ret;
}

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
	LOOKUP(o, bo);

	o = cpu_target(s, o);
	if (!o)
		return GEMSIM_ENOENT;
	if (o->heap) {
		sim_warn(s, "vmap of heap object %s (its pages are not all present)",
			 bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	shm_lock(s, o);
	if (o->vmap_use_count > 0) {
		o->vmap_use_count++;
	} else {
		if (s->cfg.policy.vmap_pins) {
			ret = shm_pin_locked(s, o);
		} else {
			ret = swapin_locked(s, o);
			if (!ret)
				ret = get_pages_locked(s, o);
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
	LOOKUP(o, bo);

	o = cpu_target(s, o);
	if (!o)
		return GEMSIM_ENOENT;
	if (o->vmap_use_count <= 0) {
		sim_warn(s, "vunmap of %s with vmap_use_count 0", bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	shm_lock(s, o);
	if (--o->vmap_use_count == 0) {
		o->vmap_stale = false;
		if (s->cfg.policy.vmap_pins)
			shm_unpin_locked(s, o);
		else
			put_pages_locked(s, o);
	}
	shm_unlock(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE);
	return 0;
}

int shm_vmap_access(struct sim *s, uint32_t bo, uint64_t page)
{
	LOOKUP(o, bo);

	o = cpu_target(s, o);
	if (!o)
		return GEMSIM_ENOENT;
	if (o->vmap_use_count <= 0) {
		sim_warn(s, "access through a vmap of %s that is not vmapped", bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	if (page >= o->npages) {
		sim_warn(s, "access through the vmap of %s at page %llu, past its %llu pages",
			 bo_name(s, o), (unsigned long long)page, (unsigned long long)o->npages);
		return GEMSIM_EINVAL;
	}
	s->stats.vmap_accesses++;
	if (o->vmap_stale || !shm_has_pages(o) || o->pages[page] == PG_NONE)
		sim_violation(s, 11, "%s: CPU access through vmap to page %llu after its pages "
			      "were reclaimed (use-after-reclaim; %s)", bo_name(s, o),
			      (unsigned long long)page,
			      o->madv < 0 ? "purged" : o->evicted ? "evicted" :
			      "swapped back in to other frames");
	return 0;
}

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

/*
 * drm_gem_shmem_mmap(): an import goes to dma_buf_mmap(); MAP_PRIVATE is
 * -EINVAL (is_cow_mapping()); else get_pages_locked(): the VMA's reference.
 */
int shm_mmap(struct sim *s, uint32_t bo, uint32_t map, bool private_map)
{
	struct shm_vma *v;
	int ret;
	LOOKUP(o, bo);

	o = cpu_target(s, o); /* dma_buf_mmap() */
	if (!o)
		return GEMSIM_ENOENT;
	if (private_map || o->heap)
		return GEMSIM_EINVAL; /* is_cow_mapping(); panfrost refuses heap mmap */
	v = vma_slot(s, map, true);
	if (!v)
		return map == SIM_NONE ? GEMSIM_EINVAL : GEMSIM_ENOMEM;
	if (v->alive)
		return GEMSIM_EINVAL;
	shm_lock(s, o);
	ret = get_pages_locked(s, o);
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
	vma_unlink(s, o, map);
	shm_lock(s, o);
	put_pages_locked(s, o); /* drm_gem_shmem_vm_close() */
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
	/*
	 * drm_gem_shmem_vm_open(): the VMA already holds pages, take another:
	 * WARN_ON_ONCE(!refcount_inc_not_zero()), so from 0 it WARNs and the
	 * child holds nothing (its munmap will then underflow).
	 */
	shm_lock(s, o);
	if (o->pages_use_count <= 0)
		sim_warn(s, "fork of a mapping of %s with pages_use_count 0", bo_name(s, o));
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

	s->stats.cpu_faults++;
	sim_observe(s, SIM_OBS_CPU_FAULT, o->slot, i);
	shm_lock(s, o);
	if (swapin_locked(s, o)) {
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
			 bo_name(s, o));
	if (i >= o->npages || !shm_has_pages(o) || o->pages[i] == PG_NONE || o->madv < 0) {
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
	o = s->gem->objs[v->bo];
	/*
	 * An access through an mmap does not enter the kernel once its PTE
	 * is set, and a fault moves the object only by the state changes it
	 * makes (swap-in): no list move unless policy.touch asks for it.
	 */
	if (s->cfg.policy.touch == SIM_TOUCH_ALL)
		lru_touch(s, o);
	for (uint64_t i = first;; i++) {
		v = &s->gem->vmas[map];
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

/* drm_gem_shmem_madvise_locked(): the driver's value, while not purged */
int shm_madvise(struct sim *s, uint32_t bo, int madv)
{
	int ret;
	LOOKUP(o, bo);

	shm_lock(s, o);
	if (o->madv >= 0)
		o->madv = (int8_t)madv; /* the loader keeps it in -128..127 */
	ret = o->madv >= 0;
	lru_update(s, o);
	shm_unlock(s, o);
	gem_mark_dirty(s, o, SHM_D_STATE);
	return ret;
}

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
	LOOKUP(o, bo);

	if (o->imported)
		return 0;
	if (!gem_mainline(s) && (shm_evictable(s, o) || shm_purgeable(s, o))) {
		sim_warn(s, "get_pages_sgt on %s, which is %s (not pinned)", bo_name(s, o),
			 shm_purgeable(s, o) ? "purgeable" : "evictable");
		return GEMSIM_EBUSY;
	}
	if (o->heap) {
		sim_warn(s, "get_pages_sgt on heap object %s", bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	shm_lock(s, o);
	if (!o->sgt) {
		if (gem_mainline(s)) {
			ret = get_pages_locked(s, o);
			if (!ret)
				o->sgt = true;
		} else if (!shm_has_pages(o)) {
			sim_warn(s, "get_pages_sgt on %s, which has no pages in memory "
				 "(drm_gem_shmem_get_sg_table WARN)", bo_name(s, o));
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
	LOOKUP(o, bo);

	if (o->imported) {
		sim_warn(s, "get_sg_table on imported %s", bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	if (!shm_has_pages(o)) {
		sim_warn(s, "get_sg_table on %s, which has no pages in memory", bo_name(s, o));
		return gem_mainline(s) ? GEMSIM_EINVAL : GEMSIM_ENOMEM;
	}
	return 0;
}

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
	LOOKUP(o, bo);

	if (!shm_purgeable(s, o)) {
		bool harmless = !gem_mainline(s) && !shm_has_pages(o) && !o->imported &&
				!o->pages_pin_count && o->dma_buf == SIM_NONE;

		sim_warn(s, "purge of %s, which is not purgeable", bo_name(s, o));
		if (!harmless)
			return GEMSIM_EINVAL;
		if (o->madv >= 0 && !o->evicted)
			sim_warn(s, "purge of %s, which has no pages (drm_gem_shmem_free_pages WARN)",
				 bo_name(s, o));
		shm_lock(s, o);
		release_pages(s, o); /* an evicted object's swap: the truncate */
		o->sgt = false;
		o->madv = -1;
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
	LOOKUP(o, bo);

	if (gem_mainline(s)) {
		sim_warn(s, "evict of %s: the mainline helper cannot evict "
			 "(drm_gem_shmem_evict_locked comes with the v19 series)", bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	if (!shm_evictable(s, o)) {
		sim_warn(s, "evict of %s, which is not evictable", bo_name(s, o));
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
	LOOKUP(o, bo);

	if (o->imported)
		return 0;
	shm_lock(s, o);
	ret = swapin_locked(s, o);
	shm_unlock(s, o);
	return ret;
}

int shm_resv_lock(struct sim *s, uint32_t bo)
{
	LOOKUP(o, bo);

	if (o->resv_held) {
		sim_warn(s, "resv_lock of %s, already held (would deadlock)", bo_name(s, o));
		return GEMSIM_EBUSY;
	}
	o->resv_held = true;
	if (!o->op_locks)
		shm_lock_changed(s, o, true);
	gem_mark_dirty(s, o, SHM_D_STATE);
	return 0;
}

int shm_resv_unlock(struct sim *s, uint32_t bo)
{
	LOOKUP(o, bo);

	if (!o->resv_held) {
		sim_warn(s, "resv_unlock of %s, not held", bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	o->resv_held = false;
	if (!o->op_locks)
		shm_lock_changed(s, o, false);
	gem_mark_dirty(s, o, SHM_D_STATE);
	return 0;
}

int shm_op_lock(struct sim *s, uint32_t bo)
{
	LOOKUP(o, bo);

	shm_lock(s, o);
	return 0;
}

int shm_op_unlock(struct sim *s, uint32_t bo)
{
	LOOKUP(o, bo);

	if (!o->op_locks) {
		sim_warn(s, "op_unlock of %s, not locked", bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	shm_unlock(s, o);
	return 0;
}

void shm_touch(struct sim *s, uint32_t bo)
{
	struct shm_object *o = shm_get(s, bo);

	if (o)
		lru_touch(s, o);
}

/* A fence more on @o, its counts only (the callers mark it dirty). */
static inline void fence_get(struct shm_object *o, sim_ns signal_at)
{
	o->nr_fences++;
	if (signal_at > o->fence_until)
		o->fence_until = signal_at;
}

static void fence_add(struct sim *s, struct shm_object *o, sim_ns signal_at)
{
	fence_get(o, signal_at);
	gem_mark_dirty(s, o, SHM_D_STATE);
}

void shm_fence_add(struct sim *s, uint32_t bo, sim_ns signal_at)
{
	struct shm_object *o = shm_get(s, bo);

	if (o)
		fence_add(s, o, signal_at);
}

static __attribute__((cold, noinline)) void warn_no_fence(struct sim *s,
							  const struct shm_object *o)
{
	sim_warn(s, "fence signalled on %s, which has none pending", bo_name(s, o));
}

/* A fence of @o signalled, its counts only: false (and a warning) if it had none. */
static inline bool fence_put(struct sim *s, struct shm_object *o)
{
	if (__builtin_expect(!o->nr_fences, 0)) {
		warn_no_fence(s, o);
		return false;
	}
	if (--o->nr_fences == 0)
		o->fence_until = 0;
	return true;
}

static void fence_signal(struct sim *s, struct shm_object *o)
{
	if (fence_put(s, o))
		gem_mark_dirty(s, o, SHM_D_STATE);
}

void shm_fence_signal(struct sim *s, uint32_t bo)
{
	struct shm_object *o = shm_get(s, bo);

	if (o)
		fence_signal(s, o);
}

/*
 * gem_mark_dirty() for the objects of a job, whether anyone checks or
 * observes asked once per job (job_quiet()): asked per object, it is read
 * again after every store to an object, which might for all the compiler
 * knows be the flag.  Quiet, gem_mark_dirty() stores the same flag
 * whatever the object, so a loop that marks every object may mark one.
 */
static inline bool job_quiet(const struct sim *s)
{
	return !s->check && !s->nr_obs;
}

static inline void job_mark_dirty(struct sim *s, struct shm_object *o, bool quiet)
{
	if (quiet)
		s->gem->dirty_overflow = true;
	else
		gem_mark_dirty_slow(s, o, SHM_D_STATE);
}

/* A job's object: alive, as the submission looked it up (and it holds its lock). */
static inline struct shm_object *job_obj(struct shm_object *const *objs, uint32_t i)
{
	SIM_ASSERT(objs[i]->alive);
	return objs[i];
}

struct shm_table shm_table(struct sim *s)
{
	return (struct shm_table){ s->gem->objs, s->gem->nobjs };
}

void shm_job_lock(struct sim *s, struct shm_object *const *objs, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		shm_lock(s, job_obj(objs, i));
}

void shm_job_unlock(struct sim *s, struct shm_object *const *objs, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		struct shm_object *o = job_obj(objs, i);

		SIM_ASSERT(o->op_locks > 0);
		shm_unlock(s, o);
	}
}

int shm_job_swapin(struct sim *s, struct shm_object *const *objs, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		struct shm_object *o = job_obj(objs, i);
		int ret;

		if (!o->evicted || o->imported)
			continue;
		/* shm_swapin() */
		shm_lock(s, o);
		ret = swapin_locked(s, o);
		shm_unlock(s, o);
		if (ret)
			return ret;
	}
	return 0;
}

void shm_job_commit(struct sim *s, struct shm_object *const *objs, uint32_t n, sim_ns signal_at)
{
	bool touch = s->cfg.policy.touch != SIM_TOUCH_STATE;

	for (uint32_t i = 0; i < n; i++) {
		struct shm_object *o = job_obj(objs, i);

		if (touch)
			lru_touch(s, o);
		fence_add(s, o, signal_at);
		SIM_ASSERT(o->op_locks > 0);
		shm_unlock(s, o);
	}
}

void shm_job_commit_unlocked(struct sim *s, struct shm_object *const *objs, uint32_t n,
			     sim_ns signal_at)
{
	bool quiet = job_quiet(s);

	/* no observer: nothing sees the fences before the touches (the checker
	 * reads the dirty list in the same object order) */
	for (uint32_t i = 0; i < n; i++) {
		struct shm_object *o = job_obj(objs, i);

		fence_get(o, signal_at);
		if (!quiet)
			job_mark_dirty(s, o, false);
	}
	if (quiet && n)
		job_mark_dirty(s, objs[0], true);
	if (s->cfg.policy.touch != SIM_TOUCH_STATE)
		lru_touch_objs(s, objs, n);
}

void shm_job_signal(struct sim *s, struct shm_object *const *objs, uint32_t n)
{
	bool quiet = job_quiet(s);

	/* a freed object is not alive (its struct stays): what shm_get() would say */
	for (uint32_t i = 0; i < n; i++) {
		struct shm_object *o = objs[i];

		if (o->alive && fence_put(s, o))
			job_mark_dirty(s, o, quiet);
	}
}

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
 * each page of the 2 MiB chunk is read in turn (shmem_read_mapping_page()),
 * the ones already there skipped; on a failure the pages read so far stay
 * in the array for the next fault to reuse.  The mapping is made
 * unevictable (mapping_set_unevictable()): heaps are never evicted, and
 * never purged (no shmem->sgt).
 */
int shm_heap_grow(struct sim *s, uint32_t bo, uint64_t first_page, uint64_t npages)
{
	uint64_t added = 0;
	int ret = 0;
	LOOKUP(o, bo);

	if (!o->heap) {
		sim_warn(s, "heap_grow of %s, which is not a heap object", bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	if (first_page >= o->npages || npages > o->npages - first_page)
		return GEMSIM_EINVAL;
	shm_lock(s, o);
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
		s->work += added * s->cfg.costs.page_alloc;
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
	LOOKUP(o, bo);

	if (o->heap)
		return 0;
	return gem_mainline(s) ? shm_get_pages_sgt(s, bo) : shm_get_pages(s, bo);
}

int shm_gpu_map_put(struct sim *s, uint32_t bo, bool last)
{
	LOOKUP(o, bo);

	if (gem_mainline(s))
		return 0;
	if (o->heap) {
		if (last)
			shm_heap_put_ref(s, bo);
		return 0;
	}
	return shm_put_pages(s, bo);
}

bool shm_heap_put_ref(struct sim *s, uint32_t bo)
{
	struct shm_object *o = shm_get(s, bo);

	if (!o || !o->heap_ref)
		return false;
	o->heap_ref = false;
	shm_lock(s, o);
	put_pages_locked(s, o);
	shm_unlock(s, o);
	return true;
}
