/* SPDX-License-Identifier: MIT */
/*
 * gem/gem_int.h - state shared by the files of gem/ only (not for sim/ or gpu/).
 *
 * struct gem hangs off struct sim and holds everything the object model
 * owns:
 *
 *   struct gem
 *     frames ........ RAM: free bitmap + owner per frame          (pg.c)
 *     slots ......... swap: free bitmap + owner per slot          (pg.c)
 *     other ......... frames held by other consumers (pressure)   (pg.c)
 *     objs[bo] ...... shmem objects by slot, each allocated once  (shm.c)
 *     vmas[map] ..... CPU mappings by slot                        (shm_map.c)
 *     bufs[], atts[]  dma-bufs and attachments by slot            (dmabuf.c)
 *     lists[] ....... pinned / evicted / evictable queues         (lru.c)
 *     dirty[] ....... objects changed since the last check        (check.c)
 *
 * Host memory: every allocation of gem/ goes through gem_mem_alloc() and
 * friends so gem_host_bytes() can report the exact total.
 */
#ifndef GEMSIM_GEM_GEM_INT_H
#define GEMSIM_GEM_GEM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/sim.h"
#include "gem/lru.h"
#include "gem/shm.h"

#define PG_NONE UINT32_MAX               /* no frame / slot / PTE */
#define PG_OWNER_FREE UINT32_MAX         /* owner of a free frame or slot */
#define PG_OWNER_OTHER (UINT32_MAX - 1)  /* owner of a frame taken by pressure */
#define PG_OWNER_LEAKED (UINT32_MAX - 2) /* owner of a leaked object's frame or slot */

#define PG_BM_LEVELS 7 /* 64^7 bits: more than any uint32 index */

/*
 * A hierarchical bitmap: level 0 has one bit per index; a bit of level l+1
 * is set whenever word i of level l is not zero (and may stay set a while
 * after that word empties: the summaries are kept lazily, see pg.c).  The
 * top level is one word, so the lowest set bit is found with one
 * count-trailing-zeros per level.
 */
struct pg_bitmap {
	uint64_t *lvl[PG_BM_LEVELS]; /* lvl[0]: the bits themselves */
	uint64_t nwords[PG_BM_LEVELS];
	unsigned nlvl;  /* levels in use; lvl[nlvl-1] has one word */
	uint64_t nbits; /* indices 0..nbits-1 */
	uint64_t count; /* bits set */
	uint64_t lo;    /* level-0 words below lo are all 0 (a lower bound) */
};

/* A pool of page frames or swap slots. */
struct pg_pool {
	uint64_t total;        /* frames or slots */
	struct pg_bitmap free; /* 1 = free */
	uint32_t *owner;       /* object slot, PG_OWNER_FREE, _OTHER or _LEAKED;
				* owner[total] is PG_OWNER_FREE, always */
};

/*
 * One CPU mapping (VMA) of an object: a page table (a frame per page,
 * PG_NONE when not faulted in) and a bit per page saying which entries are
 * set.  An access that hits reads only the bit: for a large mapping touched
 * at random the bits stay in the cache where the 32-bit entries would not
 * (a 2 Mi-page mapping has 8 MiB of entries and 256 KiB of bits).  Both
 * live in one allocation, made at the first fault; a one-page object's
 * (trace replay, thrash) are kept in place instead.  Reach them through
 * shm_vma_bits() and shm_vma_ptes().
 */
struct shm_vma {
	bool alive;
	uint32_t bo; /* the object mapped */
	union {
		struct {
			uint64_t *present; /* NULL until the first fault */
			uint32_t *pte;     /* in the same allocation */
		} tbl;                     /* npages > 1 */
		struct {
			uint64_t present;
			uint32_t pte;
		} one; /* npages == 1 */
	};
	uint64_t nr_ptes; /* entries of the table that are set */
	uint32_t prev;    /* the object's VMA list (SIM_NONE ends it) */
	uint32_t next;
};

/* One exported dma-buf. */
struct dmabuf_buf {
	bool alive;
	uint32_t bo;        /* the exporter */
	uint32_t nr_attach; /* live attachments (scenario's and imports') */
	uint32_t nr_import; /* objects imported from it */
	uint32_t nr_maps;   /* live attachment mappings (sg tables) */
	uint32_t nr_pins;   /* pins its attachments and imports hold on the exporter */
};

/* One attachment of a device to a dma-buf. */
struct dmabuf_att {
	bool alive;
	bool pinned; /* took a pin on the exporter (policy.attach_pins) */
	uint32_t buf;
	uint32_t device;
	uint32_t nr_maps; /* map_attachment calls not yet unmapped */
};

/* An object's links on its list (gem->links[slot]): SIM_NONE ends them. */
struct lru_link {
	uint32_t prev, next;
};

/*
 * A list of objects, linked through gem->links by slot.  Besides the
 * page count it counts the purgeable and the locked objects on it, so the
 * shrinker's purge pass can tell in O(1) that walking a queue would purge
 * nothing (shrink.c): without them that pass visits every object on every
 * scan, O(objects) per reclaim.
 */
struct lru_list {
	uint32_t head, tail; /* SIM_NONE when empty */
	uint64_t count;      /* pages: sum of npages of the objects on it */
	uint32_t nobjs;
	uint32_t npurgeable;      /* objects with purge_counted set */
	uint64_t purgeable_pages; /* ... and their pages (panfrost_gem_shrinker_count()) */
	uint32_t nlocked;         /* objects whose resv lock is held (shm_locked_elsewhere) */
	uint64_t locked_pages;    /* ... and their pages */
};

/* Object dirty bits: what changed since the last check. */
#define SHM_D_STATE 0x1u     /* counts, flags, lists */
#define SHM_D_PAGES 0x2u     /* page locations */
#define SHM_D_PTES 0x4u      /* CPU page tables */
#define SHM_D_PTE_RANGE 0x8u /* only CPU PTEs of pages pte_lo..pte_hi (faults) */
#define SHM_D_GPU 0x10u      /* GPU page tables (gem_mark_gpu()) */
/*
 * Fences only (a job's submission and completion): observers see it as a
 * state change, but no invariant reads the fences (invariant 7 is caught
 * at reclaim, as SHM_INV7), so the checker looks at the object only if its
 * last check found a breach (shm_object.breached), as it would have again.
 */
#define SHM_D_BUSY 0x20u

/* Pending invariant breaches seen at the moment of reclaim, reported by the next check. */
#define SHM_INV3 0x1u
#define SHM_INV7 0x2u

struct gem {
	struct pg_pool frames;
	struct pg_pool slots;
	struct pg_bitmap other; /* frames taken by pressure */
	uint64_t obj_frames;    /* frames owned by objects */
	uint64_t obj_slots;     /* slots owned by objects */
	uint64_t leaked_frames; /* frames of leaked objects (v19 25/30), never back */
	uint64_t leaked_slots;  /* swap slots of leaked objects */

	struct shm_object **objs; /* by slot; NULL = never created */
	uint32_t nobjs;
	struct lru_link *links; /* by slot, nobjs of them: links on its list */
	/* objects come from slabs of 64 << k, up to one huge page (gem/shm.c obj_alloc()) */
	struct shm_object **slabs;
	uint32_t nslabs, cap_slabs;
	uint32_t slab_used; /* objects handed out of the last slab */
	struct shm_vma *vmas;
	uint32_t nvmas;
	struct dmabuf_buf *bufs;
	uint32_t nbufs;
	struct dmabuf_att *atts;
	uint32_t natts;

	struct lru_list lists[LRU_NR_LISTS];
	uint64_t evictable_mask;  /* bit q: evictable queue q is not empty */
	uint64_t evictable_pages; /* pages on all evictable queues (and the scan list) */

	uint32_t *dirty; /* objects changed since the last check */
	uint32_t ndirty, cap_dirty;
	bool dirty_overflow; /* could not grow dirty[]: next check is a full one */
	/* lists whose objects came or went since the last check (bit id % 64 of word id / 64) */
	uint64_t lists_dirty[(LRU_NR_LISTS + 63) / 64];
	uint64_t chk_count[LRU_NR_LISTS]; /* each list's pages at the last check */
	uint64_t chk_evictable; /* their sum over the evictable lists, kept by the checks */
	/* check.c: object states whose scalar tests passed (state_ok()), and
	 * the configuration they passed under */
	uint64_t chk_memo[64][4];
	uint64_t chk_memo_cfg;
	uint64_t *fp; /* gem_check_verify(): each slot's state at its last check, and
		       * what state_ok() read of it (two words a slot) */
	uint32_t nfp;
	uint32_t fp_unmarked; /* 1 + a slot whose state changed under PTE marks alone */

	bool reclaim_pending;            /* a SIM_Q_RECLAIM is queued */
	uint64_t nr_deferred;            /* the shrinker's deferred scan work (gem/vmscan.c) */
	const struct lru_policy *policy; /* hooks of cfg.policy.reclaim ... */
	unsigned policy_idx;             /* ... looked up for this index (lru.c) */
	size_t host_bytes;               /* what gem/ holds from the host allocator */
};

/*
 * The hooks of cfg.policy.reclaim, looked up again only when that changed
 * (lru_policy_get() is in another file: a call per touch or scan otherwise).
 */
static inline const struct lru_policy *gem_policy(const struct sim *s)
{
	struct gem *g = s->gem;

	if (__builtin_expect(!g->policy || g->policy_idx != s->cfg.policy.reclaim, 0)) {
		g->policy = lru_policy_get(s->cfg.policy.reclaim);
		g->policy_idx = s->cfg.policy.reclaim;
	}
	return g->policy;
}

/*
 * To the tail of the list it is on: only the links change, not the counts
 * (an LRU touch, the most frequent list operation).
 */
static inline void lru_bump(struct sim *s, struct shm_object *o)
{
	struct gem *g = s->gem;
	struct lru_list *l = &g->lists[o->lru];
	struct lru_link *k = &g->links[o->slot];

	if (l->tail == o->slot)
		return;
	/* not the tail, so it has a next */
	if (k->prev != SIM_NONE)
		g->links[k->prev].next = k->next;
	else
		l->head = k->next;
	g->links[k->next].prev = k->prev;
	k->prev = l->tail;
	k->next = SIM_NONE;
	g->links[l->tail].next = o->slot;
	l->tail = o->slot;
}

/* lru_touch() with the policy already looked up; inline for the CPU access */
static inline void lru_touch_policy(const struct lru_policy *p, struct sim *s, struct shm_object *o)
{
	if (p->touch_moves_tail) {
		/* lru_touch_tail() of policy.c, without two calls */
		if (o->lru >= LRU_DONTNEED)
			lru_bump(s, o);
	} else if (p->touch) {
		p->touch(s, o);
	}
}

static inline void lru_touch_inline(struct sim *s, struct shm_object *o)
{
	lru_touch_policy(gem_policy(s), s, o);
}

/* Bytes of the page table of a VMA of an @npages object: the bits, then the entries. */
static inline size_t shm_vma_table_bytes(uint64_t npages)
{
	return (size_t)((npages + 63) / 64 * sizeof(uint64_t) + npages * sizeof(uint32_t));
}

/* The allocated table of VMA @v of @o (to free it), or NULL: none yet, or in place. */
static inline void *shm_vma_table(struct shm_vma *v, const struct shm_object *o)
{
	return o->npages == 1 ? NULL : v->tbl.present;
}

/* The bits of VMA @v of @o, or NULL before its first fault. */
static inline uint64_t *shm_vma_bits(struct shm_vma *v, const struct shm_object *o)
{
	return o->npages == 1 ? &v->one.present : v->tbl.present;
}

/* The entries of VMA @v of @o (valid when shm_vma_bits() is not NULL). */
static inline uint32_t *shm_vma_ptes(struct shm_vma *v, const struct shm_object *o)
{
	return o->npages == 1 ? &v->one.pte : v->tbl.pte;
}

/* Is CPU PTE @i of VMA @v of @o set? */
static inline bool shm_vma_mapped(struct shm_vma *v, const struct shm_object *o, uint64_t i)
{
	const uint64_t *bits = shm_vma_bits(v, o);

	return bits && (bits[i / 64] >> (i % 64) & 1);
}

/* Host memory, accounted (gem.c). */
void *gem_mem_calloc(struct gem *g, size_t n, size_t size);
void *gem_mem_realloc(struct gem *g, void *p, size_t old_n, size_t new_n, size_t size);
void gem_mem_free(struct gem *g, void *p, size_t n, size_t size);

/* Dirty tracking (check_verify.c). */
void gem_mark_dirty_slow(struct sim *s, struct shm_object *o, unsigned bits);
/* Page locations against their owners (check_pages.c). */
bool gem_check_pages_ok(const struct sim *s, const struct shm_object *o);
void gem_check_pages(struct sim *s, const struct shm_object *o);
/* Verifying the marks (check_verify.c, check.c). */
void gem_check_record(struct sim *s, struct shm_object *o, bool state_marked);
uint64_t gem_check_state_word(struct sim *s, const struct shm_object *o);
/* The full walks of gem_check_all() (check_walk.c). */
void gem_check_pool(struct sim *s, const struct pg_pool *pool, bool swap);
void gem_check_lists(struct sim *s);

/* Does a SHM_D_BUSY change of @o need the dirty list (observers, or a recheck)? */
static inline bool gem_busy_checked(const struct sim *s, const struct shm_object *o)
{
	return s->nr_obs || o->breached || o->dirty;
}

/*
 * Remember that @o changed (@bits) for the next incremental check, and
 * tell observers of a state change.  With neither checking nor observers
 * (a release run) this is a store: the first check, should checking be
 * switched on later, walks everything.
 */
static inline void gem_mark_dirty(struct sim *s, struct shm_object *o, unsigned bits)
{
	if (!s->check && !s->nr_obs) {
		s->gem->dirty_overflow = true;
		return;
	}
	if (bits == SHM_D_BUSY && !gem_busy_checked(s, o))
		return;
	/* nobody to tell, room on the list (or on it already): add the bits */
	if (!s->nr_obs && (o->dirty || s->gem->ndirty < s->gem->cap_dirty)) {
		if (!o->dirty)
			s->gem->dirty[s->gem->ndirty++] = o->slot;
		o->dirty |= (uint8_t)bits;
		return;
	}
	gem_mark_dirty_slow(s, o, bits);
}

/*
 * A fault set the CPU PTE of @page: the next check looks at the pages
 * faulted since the last one, not the whole object (a per-fault check of a
 * large mapping would otherwise cost its size).
 */
static inline void gem_mark_dirty_pte(struct sim *s, struct shm_object *o, uint64_t page)
{
	if (!s->check) {
		gem_mark_dirty(s, o, SHM_D_PTES);
		return;
	}
	if (!(o->dirty & SHM_D_PTE_RANGE)) {
		o->pte_lo = o->pte_hi = (uint32_t)page;
	} else {
		if (page < o->pte_lo)
			o->pte_lo = (uint32_t)page;
		if (page > o->pte_hi)
			o->pte_hi = (uint32_t)page;
	}
	gem_mark_dirty(s, o, SHM_D_PTE_RANGE);
}

/* pg.c: frames and slots for the object model. */
int pg_bitmap_init(struct gem *g, struct pg_bitmap *b, uint64_t nbits, bool set);
void pg_bitmap_fini(struct gem *g, struct pg_bitmap *b);
void pg_bitmap_set(struct pg_bitmap *b, uint64_t i);
void pg_bitmap_clear(struct pg_bitmap *b, uint64_t i);
bool pg_bitmap_test(const struct pg_bitmap *b, uint64_t i);
uint64_t pg_bitmap_first(struct pg_bitmap *b); /* UINT64_MAX when empty */
int pg_reserve_frames(struct sim *s, uint64_t need);
uint32_t pg_take_frame(struct sim *s, uint32_t bo);
void pg_put_frame(struct sim *s, uint32_t frame);
uint32_t pg_take_slot(struct sim *s, uint32_t bo);
void pg_put_slot(struct sim *s, uint32_t slot);
/* A leaked object's frame (@swap false) or slot: no object's, never given back. */
void pg_leak(struct sim *s, uint32_t loc, bool swap);
/* A page to swap (eviction): pg_take_slot(@bo), then pg_put_frame(@frame); Returns: the slot. */
uint32_t pg_page_out(struct sim *s, uint32_t frame, uint32_t bo);
/* A page back (swap-in): pg_take_frame(@bo), then pg_put_slot(@slot); Returns: the frame. */
uint32_t pg_page_in(struct sim *s, uint32_t slot, uint32_t bo);
void pg_after_alloc(struct sim *s);

/* shm.c: for the other files of gem/. */
struct shm_object *shm_slot(struct sim *s, uint32_t bo, bool grow);
void shm_slabs_free(struct gem *g);
const char *shm_bo_name(const struct sim *s, const struct shm_object *o);
/* The page array goes, its frames and slots given back, or kept for good when @leak. */
void shm_drop_pages(struct sim *s, struct shm_object *o, bool leak);
/* Free every frame or slot of the object and its page array. */
static inline void shm_release_pages(struct sim *s, struct shm_object *o)
{
	shm_drop_pages(s, o, false);
}
int shm_get_pages_locked(struct sim *s, struct shm_object *o);
int shm_put_pages_locked(struct sim *s, struct shm_object *o);
/* shm_map.c: shm_destroy() unlinks the object's VMAs. */
void shm_vma_unlink(struct sim *s, struct shm_object *o, uint32_t m);
/* shm_reclaim.c: pin, vmap, the CPU fault and a job swap in first. */
int shm_swapin_locked(struct sim *s, struct shm_object *o);

/* shm_has_pages(), inline for the CPU fault path (shm_map.c). */
static inline bool shm_pages_in_memory(const struct shm_object *o)
{
	return o->pages && !o->evicted;
}

/* dma_resv_assert_held() */
static inline void shm_assert_held(const struct shm_object *o)
{
	SIM_ASSERT(o->alive && (o->resv_held || o->op_locks > 0));
	(void)o;
}

/* The object of @bo for a public operation, which fails -ENOENT without one. */
#define SHM_LOOKUP(o, bo)                        \
	struct shm_object *o = shm_get(s, (bo)); \
	if (!o)                                  \
	return GEMSIM_ENOENT

/*
 * Predicates of the reclaim path, inline: lru_target() and the shrinker ask
 * them for every object they place or visit.
 */
static inline bool shm_locked_elsewhere(const struct shm_object *o)
{
	return o->resv_held || o->op_locks > 0;
}

/*
 * drm_gem_shmem_is_evictable(), drm_gem_shmem_helper.c, v19 22/30: madv >= 0,
 * the driver's funcs->evict set, use > 0, no pin, not exported or imported,
 * not evicted.  Heap objects never: panfrost_mmu_map_fault_addr() marks
 * their mapping unevictable (mapping_set_unevictable(), panfrost_mmu.c).
 * Mainline has no eviction at all.  @ignore_pins for the broken test knob.
 */
static inline bool shm_evictable_pins(const struct shm_object *o, bool ignore_pins, unsigned kernel)
{
	return kernel == SIM_KERNEL_V19 && o->alive && o->madv >= 0 && !o->no_shrinker &&
	       o->pages_use_count > 0 && (!o->pages_pin_count || ignore_pins) &&
	       o->dma_buf == SIM_NONE && !o->imported && !o->evicted && !o->evicted_flag &&
	       !o->heap;
}

/*
 * drm_gem_shmem_is_purgeable(), drm_gem_shmem_helper.h:
 *   v19 22/30: madv > 0, funcs->evict set, use > 0, no pin, not exported or
 *              imported;
 *   mainline:  madv > 0, no pin, shmem->sgt set, not exported or imported.
 * Heap objects never: their tables are panfrost's bo->sgts, not shmem->sgt
 * (panfrost_mmu.c), so mainline panfrost never purges them.
 */
static inline bool shm_purgeable_pins(const struct shm_object *o, bool ignore_pins, unsigned kernel)
{
	if (!o->alive || o->madv <= 0 || (o->pages_pin_count && !ignore_pins) ||
	    o->dma_buf != SIM_NONE || o->imported || o->heap)
		return false;
	if (kernel == SIM_KERNEL_MAINLINE)
		return o->sgt;
	return !o->no_shrinker && o->pages_use_count > 0;
}

static inline bool shm_is_evictable(const struct sim *s, const struct shm_object *o)
{
	return shm_evictable_pins(o, s->cfg.policy.reclaim_pinned, s->cfg.kernel);
}

static inline bool shm_is_purgeable(const struct sim *s, const struct shm_object *o)
{
	return shm_purgeable_pins(o, s->cfg.policy.reclaim_pinned, s->cfg.kernel);
}

/* Does the run model the mainline helper (else the v19 series)? */
static inline bool gem_mainline(const struct sim *s)
{
	return s->cfg.kernel == SIM_KERNEL_MAINLINE;
}

/*
 * The driver a run models, from the kernel and the shrinker knobs:
 *   GEM_DRV_PANFROST      model.kernel mainline: panfrost's own purge-only
 *                         shrinker (panfrost_gem_shrinker.c, panfrost_drv.c)
 *   GEM_DRV_MSM           v19, policy.shrinker msm (msm_gem_shrinker.c)
 *   GEM_DRV_PANFROST_V19  v19, generic shrinker, policy.evict false: panfrost
 *                         on the series ([PATCH v19 30/30], evict only purges)
 *   GEM_DRV_GENERIC       v19, generic shrinker that evicts (the helper alone;
 *                         virtio-gpu, 29/30)
 */
enum gem_driver {
	GEM_DRV_GENERIC,
	GEM_DRV_PANFROST_V19,
	GEM_DRV_MSM,
	GEM_DRV_PANFROST,
};

static inline enum gem_driver gem_driver(const struct sim *s)
{
	if (s->cfg.kernel == SIM_KERNEL_MAINLINE)
		return GEM_DRV_PANFROST;
	if (s->cfg.policy.shrinker == SIM_SHRINKER_MSM)
		return GEM_DRV_MSM;
	return s->cfg.policy.evict ? GEM_DRV_GENERIC : GEM_DRV_PANFROST_V19;
}

/* Is the driver panfrost (its ioctls: madvise, submit), under either kernel? */
static inline bool gem_panfrost(const struct sim *s)
{
	enum gem_driver d = gem_driver(s);

	return d == GEM_DRV_PANFROST || d == GEM_DRV_PANFROST_V19;
}

/*
 * policy.touch, "driver" resolved: what besides state changes moves an
 * object to the tail.  msm moves a job's objects (msm_gem_unpin_active() at
 * retire): jobs.  The v19 helper moves on state changes only
 * (drm_gem_shmem_shrinker_update_lru_locked(), 22/30), and v19 panfrost
 * adds nothing at submission (30/30): state.  Mainline panfrost keeps its
 * list in madvise order and moves nothing else (panfrost_ioctl_madvise()):
 * state, with lru_update() keeping places there.
 */
static inline unsigned gem_touch(const struct sim *s)
{
	if (s->cfg.policy.touch != SIM_TOUCH_DRIVER)
		return s->cfg.policy.touch;
	return gem_driver(s) == GEM_DRV_MSM ? SIM_TOUCH_JOBS : SIM_TOUCH_STATE;
}

static inline bool shm_is_busy(const struct shm_object *o)
{
	return o->nr_fences > 0;
}

/* The lock of @o goes from free to held (@held) or back: keep its list's count. */
static inline void shm_lock_changed(struct sim *s, struct shm_object *o, bool held)
{
	struct lru_list *l;

	if (o->lru == LRU_NONE)
		return;
	l = &s->gem->lists[o->lru];
	if (held) {
		l->nlocked++;
		l->locked_pages += o->npages;
	} else {
		SIM_ASSERT(l->nlocked > 0 && l->locked_pages >= o->npages);
		l->nlocked--;
		l->locked_pages -= o->npages;
	}
}

/* Take / drop the reservation lock for an operation (nests; inline: every op does it). */
static inline void shm_lock(struct sim *s, struct shm_object *o)
{
	if (!o->op_locks++ && !o->resv_held)
		shm_lock_changed(s, o, true);
}

static inline void shm_unlock(struct sim *s, struct shm_object *o)
{
	SIM_ASSERT(o->op_locks > 0);
	if (!--o->op_locks && !o->resv_held)
		shm_lock_changed(s, o, false);
}

/*
 * The kernel functions that take the reservation lock themselves and have
 * no _locked variant: drm_gem_shmem_mmap(), the fault handler,
 * drm_gem_shmem_vm_open() and _vm_close(), and mainline's
 * drm_gem_shmem_free().  Called while the scenario holds the lock, the
 * kernel takes it again and deadlocks (the differential oracle meets it as
 * that, docs/oracle.md).  Returns: true, after a warning, when @o's lock
 * is held by the scenario: the op does nothing and fails GEMSIM_EBUSY.
 */
static inline bool shm_relock_deadlocks(struct sim *s, struct shm_object *o, const char *op)
{
	if (!o->resv_held)
		return false;
	sim_warn(s,
		 "%s of %s while the scenario holds its reservation lock: the kernel "
		 "takes it again (deadlock)",
		 op, shm_bo_name(s, o));
	return true;
}
int shm_pin_locked(struct sim *s, struct shm_object *o);
void shm_unpin_locked(struct sim *s, struct shm_object *o);
uint64_t shm_evict_locked(struct sim *s, struct shm_object *o);
uint64_t shm_purge_locked(struct sim *s, struct shm_object *o);
int shm_make_imported(struct sim *s, uint32_t bo, uint32_t exporter, uint32_t buf);
void shm_destroy(struct sim *s, struct shm_object *o);

/* dmabuf.c: freeing an imported object detaches it from its buf. */
void dmabuf_release_import(struct sim *s, struct shm_object *o);
void dmabuf_destroy_buf(struct sim *s, uint32_t buf);
bool dmabuf_export_busy(struct sim *s, const struct shm_object *o);

#endif
