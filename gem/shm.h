/* SPDX-License-Identifier: MIT */
/*
 * gem/shm.h - shmem GEM objects: the model of drm_gem_shmem_helper.c.
 *
 * One struct shm_object per object slot (slots are the loader's indices).
 * Its pages are one array of uint32, read according to the object's state:
 *
 *   pages == NULL             no page array: never populated, all put, or purged
 *   pages[i] == PG_NONE       page i absent (a heap object not grown there yet)
 *   !evicted: pages[i] = f    page i lives in RAM frame f   (frames.owner[f] == bo)
 *    evicted: pages[i] = k    page i lives in swap slot k   (slots.owner[k]  == bo)
 *
 *   resident                 evicted                  purged
 *   +----+----+----+----+    +----+----+----+----+    pages == NULL
 *   | f7 | f8 | f9 |f10 |    | k0 | k1 | k2 | k3 |    madv == -1, forever
 *   +----+----+----+----+    +----+----+----+----+
 *
 * An object is wholly resident or wholly evicted (SPEC invariant 4), so one
 * array serves both, and a page costs 4 bytes of host memory.  The kernel's
 * shmem->pages != NULL is shm_has_pages(): an array that is not evicted.
 *
 * Reference counts follow the helper of the run's kernel (cfg.kernel:
 * mainline, or the "drm/shmem-helper: Add memory shrinker" series v19):
 * pages_use_count are the weak references (GPU mappings, each VMA, every
 * pin, and in mainline the stored sgt) that keep the page array;
 * pages_pin_count the hard ones that keep it in RAM.  Each rule where the
 * kernels differ names its source beside the code; docs/model.md has them
 * in one table.
 *
 * Locking: each public operation takes the object's reservation lock for
 * its duration (shm_lock/shm_unlock) and runs the _locked variant.  While
 * the scenario holds the lock (resv_lock event) its operations run as the
 * _locked variants directly.  Either way the shrinker's trylock fails.
 *
 * Results: 0 or a negative GEMSIM_E* code.  A slot that was never created,
 * or was freed, is GEMSIM_ENOENT with no warning (the run reports it).
 */
#ifndef GEMSIM_GEM_SHM_H
#define GEMSIM_GEM_SHM_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/sim.h"

/**
 * struct shm_object - one shmem GEM object (drm_gem_shmem_object).
 *
 * 128 bytes, 64-byte aligned (gem/shm.c allocates them in slabs): the
 * first cache line holds what a CPU access, an LRU move and the shrinker's
 * tests read, the second the rest.  Its list links are not here but in
 * gem->links: moving an object to the tail writes its two neighbours'
 * links, and those are 8 bytes each in one dense array, not a line of
 * each neighbour's struct behind a pointer.
 */
struct shm_object {
	/* first cache line: size, pages, slot, the reclaim tests */
	uint64_t npages;         /* size in pages (size_pages) */
	uint32_t *pages;         /* see the diagram above; NULL = no page array */
	uint64_t nr_present;     /* entries of pages[] that hold a frame or slot */
	uint32_t slot;           /* own slot index */
	uint32_t page1;          /* pages[] of a one-page object, in place: no allocation */
	int32_t pages_use_count; /* weak references: the page array exists while > 0 */
	int32_t pages_pin_count; /* hard references: never reclaimed while > 0 */
	uint32_t nr_fences;      /* unsignalled fences: busy while > 0 */
	uint32_t op_locks;       /* reservation lock taken by a running operation */
	uint32_t vma_head;       /* first CPU mapping of this object, or SIM_NONE */
	uint32_t dma_buf;        /* buf slot it is exported as, or SIM_NONE */
	uint8_t lru;             /* which list (LRU_* in gem_int.h) */
	int8_t madv;             /* 0 WILLNEED, 1 DONTNEED, -1 PURGED (permanent) */
	bool evicted;            /* pages are in swap */
	bool alive;              /* created and not freed */
	bool no_shrinker;        /* "shrinker": false: no funcs->evict, never reclaimed */
	bool imported;           /* made by dmabuf_import: pages belong to the exporter */
	bool heap;               /* grown on GPU fault, chunk by chunk */
	bool resv_held;          /* the scenario holds the reservation lock */
	/* second cache line */
	sim_ns fence_until;      /* when the latest pending fence signals */
	uint64_t clock_step;     /* CLOCK: the engine step at which it entered its list */
	int32_t vmap_use_count;  /* kernel CPU mappings */
	uint32_t pte_lo, pte_hi; /* SHM_D_PTE_RANGE: the pages whose CPU PTEs faults set */
	uint32_t import_buf;     /* imported: the buf it came from, else SIM_NONE */
	uint32_t exporter;       /* imported: the exporter's slot, else SIM_NONE */
	uint32_t nr_vmas;
	uint32_t nr_gpu_maps; /* GPU mappings holding a use reference (gpu/vm.c keeps it) */
	/* sgt .. evicted_flag: one word of the checker's state (gem/check.c) */
	bool sgt;            /* a stored sg table holds one use reference */
	bool lru_unplaced;   /* v19: pinned without an LRU update: left on its list */
	bool vmap_stale;     /* reclaimed under an active vmap (vmap_pins=false) */
	bool heap_ref;       /* heap: the use reference its first GPU fault set */
	bool purge_counted;  /* counted in its list's npurgeable (lru.c) */
	bool import_pinned;  /* imported: its attachment pinned the exporter */
	bool madv_listed;    /* mainline panfrost: on its shrinker_list (madvised DONTNEED) */
	bool evicted_flag;   /* v19: shmem->evicted left set by the last put of an
				   * evicted object; the pages are not in swap (!evicted) */
	bool referenced;     /* CLOCK policy: used since the scan last passed */
	bool no_mmap_offset; /* purged: drm_gem_free_mmap_offset(), mmap fails */
	bool breached;       /* its last check found a breach: checked at every change */
	uint8_t dirty;       /* SHM_D_* bits: changed since the last check */
	uint8_t pending_inv; /* SHM_INV* seen at reclaim, reported by the next check */
} __attribute__((aligned(64)));

_Static_assert(sizeof(struct shm_object) == 128, "struct shm_object: two cache lines");

/* shm_create() flags */
#define SHM_CREATE_HEAP 0x1u        /* a heap object (panfrost): grown on GPU fault */
#define SHM_CREATE_NO_SHRINKER 0x2u /* the driver gives it no funcs->evict */

/** shm_create() - create object @bo of @npages pages (drm_gem_shmem_create).
 * @s: the run.  @bo: slot.  @npages: size in pages (> 0).
 * @flags: SHM_CREATE_* or 0.
 *
 * No pages are allocated; all counts start at 0.
 * Returns: 0, or GEMSIM_EINVAL if the slot is alive or @npages is 0,
 * GEMSIM_ENOMEM if host memory runs out.
 */
int shm_create(struct sim *s, uint32_t bo, uint64_t npages, unsigned flags);

/** shm_free() - drop the object (drm_gem_shmem_free).
 * @s: the run.  @bo: slot.
 *
 * WARNs when a vmap is still active and when use or pin counts are left
 * (a leak); the object is torn down anyway: its CPU and GPU mappings are
 * removed, its frames and slots freed.
 * Returns: 0; GEMSIM_EBUSY (and a warning) while its dma-buf has
 * attachments or importers (they hold a reference in the kernel), or, in
 * mainline, while the scenario holds its reservation lock (the kernel's
 * free takes it: deadlock); GEMSIM_ENOENT.
 */
int shm_free(struct sim *s, uint32_t bo);

/** shm_get_pages() - take a use reference, allocating every page on the first.
 * @s: the run.  @bo: slot.
 *
 * Does not swap an evicted object in (a later pin, fault or submission will).
 * A heap object gets an empty page array: its pages come from shm_heap_grow().
 * Mainline (model.kernel) takes no madv test: a purged object gets fresh pages.
 * Returns: 0, GEMSIM_ENOMEM (purged, or no frames after reclaim),
 * GEMSIM_EINVAL with a warning on an imported object, GEMSIM_ENOENT.
 */
int shm_get_pages(struct sim *s, uint32_t bo);

/** shm_put_pages() - drop a use reference; the last one frees the pages.
 * Returns: 0, GEMSIM_EINVAL with a warning when the count is already 0,
 * GEMSIM_ENOENT.
 */
int shm_put_pages(struct sim *s, uint32_t bo);

/** shm_pin() - swap in if evicted, then take a use and a pin reference.
 * Returns: 0, GEMSIM_ENOMEM, GEMSIM_EINVAL with a warning on an imported
 * object, GEMSIM_ENOENT.
 */
int shm_pin(struct sim *s, uint32_t bo);

/** shm_unpin() - drop a pin; the last one drops the use reference it took.
 * Returns: 0, GEMSIM_EINVAL with a warning when not pinned or imported,
 * GEMSIM_ENOENT.
 */
int shm_unpin(struct sim *s, uint32_t bo);

/** shm_vmap() - map the object into the kernel (drm_gem_shmem_vmap_locked).
 *
 * The first vmap pins (policy.vmap_pins) or takes only a use reference
 * (vmap_pins=false, the alternative of the seed thread), swapping in first;
 * later ones count.  An imported object is vmapped through its exporter.
 * Returns: 0, GEMSIM_ENOMEM, GEMSIM_EINVAL with a warning for a heap
 * object (its pages are not all there), GEMSIM_ENOENT.
 */
int shm_vmap(struct sim *s, uint32_t bo);

/** shm_vunmap() - drop a vmap; the last one unpins (or drops its use reference).
 * Returns: 0, GEMSIM_EINVAL with a warning when not vmapped, GEMSIM_ENOENT.
 */
int shm_vunmap(struct sim *s, uint32_t bo);

/** shm_vmap_access() - the CPU touches @page through the kernel mapping.
 *
 * If the pages were reclaimed since the vmap was made (possible only with
 * vmap_pins=false, or a broken policy) this is a use-after-reclaim:
 * violation 11, even when the object was swapped back in since (the
 * mapping still points at the old frames).
 * Returns: 0, GEMSIM_EINVAL with a warning when not vmapped or @page is
 * past the end, GEMSIM_ENOENT.
 */
int shm_vmap_access(struct sim *s, uint32_t bo, uint64_t page);

/** shm_mmap() - a new CPU mapping @map of the object (drm_gem_shmem_mmap).
 * @private_map: MAP_PRIVATE, refused with EINVAL (copy-on-write).
 *
 * The VMA holds one use reference; no page is mapped until a fault.  An
 * imported object is mapped through its exporter (dma_buf_mmap).
 * Returns: 0, GEMSIM_EINVAL (private, @map in use, heap object),
 * GEMSIM_ENOMEM (purged, or no frames), GEMSIM_EBUSY with a warning while
 * the scenario holds the reservation lock (the kernel takes it again:
 * deadlock), GEMSIM_ENOENT.
 */
int shm_mmap(struct sim *s, uint32_t bo, uint32_t map, bool private_map);

/** shm_munmap() - remove CPU mapping @map and drop its use reference.
 * Returns: 0, GEMSIM_EBUSY with a warning while the scenario holds the
 * object's reservation lock (vm_close takes it: deadlock), GEMSIM_ENOENT.
 */
int shm_munmap(struct sim *s, uint32_t map);

/** shm_fork() - copy VMA @map into a new one, @child (drm_gem_shmem_vm_open).
 *
 * The child holds its own use reference and starts with no PTEs.
 * Returns: 0, GEMSIM_EINVAL if @child is in use, GEMSIM_EBUSY with a
 * warning while the scenario holds the reservation lock (vm_open takes it:
 * deadlock), GEMSIM_ENOENT.
 */
int shm_fork(struct sim *s, uint32_t map, uint32_t child);

/** shm_cpu_access() - the CPU touches pages @first..@last (inclusive) through @map.
 * @write: a write access (no effect on the model beyond the fault).
 *
 * Each page without a PTE faults (drm_gem_shmem_fault): past the end or
 * purged is SIGBUS, evicted swaps in (failure VM_FAULT_OOM).  Stops at the
 * first failing page.
 * Returns: 0, GEMSIM_SIGBUS, GEMSIM_VM_FAULT_OOM, GEMSIM_EINVAL (first >
 * last), GEMSIM_EBUSY with a warning when a page faults while the scenario
 * holds the reservation lock (the fault handler takes it: deadlock),
 * GEMSIM_ENOENT.
 */
int shm_cpu_access(struct sim *s, uint32_t map, uint64_t first, uint64_t last, bool write);

/**
 * shm_prefetch_access() - an access through @map to object @bo is coming:
 * ask the host's cache for what it will read.  @near: it is the next one
 * (the VMA, the object's slot and links were asked for one access before:
 * now the object and its list neighbours); else two or more ahead.
 * Timing only: changes nothing (an unknown @map or @bo is ignored).
 */
void shm_prefetch_access(struct sim *s, uint32_t map, uint32_t bo, bool near);

/** shm_madvise() - set madv to @madv (0 WILLNEED, > 0 DONTNEED, < 0 purged
 * by hand as the KUnit suite does), only while not purged
 * (drm_gem_shmem_madvise_locked).  Under panfrost a driver object goes
 * through panfrost_ioctl_madvise() first: DONTNEED of an object mapped in
 * two or more VMs is refused; v19 (30/30) answers a heap retained and keeps
 * its madv; mainline orders its shrinker_list by these calls.
 * Returns: 1 when the object is still not purged, 0 when it is,
 * GEMSIM_EINVAL (panfrost: DONTNEED with several mappings), GEMSIM_ENOENT.
 */
int shm_madvise(struct sim *s, uint32_t bo, int madv);

/** shm_evictable() - drm_gem_shmem_is_evictable() of the run's kernel (pins honoured). */
bool shm_evictable(const struct sim *s, const struct shm_object *o);

/** shm_purgeable() - drm_gem_shmem_is_purgeable() of the run's kernel (pins honoured). */
bool shm_purgeable(const struct sim *s, const struct shm_object *o);

/** shm_get_pages_sgt() - return the stored sg table or build it.
 *
 * mainline: the table holds one use reference (taken by get_pages, which
 * allocates on the first).  v19: WARNs and fails -EBUSY on an object that
 * is evictable or purgeable (the table could go away under the caller),
 * WARNs and fails -ENOMEM without pages in memory, and the table holds no
 * reference; eviction and the last put free it.  An imported object has
 * its table from the import.
 * Returns: 0, GEMSIM_EBUSY (with a warning), GEMSIM_ENOMEM, GEMSIM_EINVAL
 * (heap object, with a warning), GEMSIM_ENOENT.
 */
int shm_get_pages_sgt(struct sim *s, uint32_t bo);

/** shm_get_sg_table() - build a table of the pages for the caller, not stored
 * (drm_gem_shmem_get_sg_table, what dma-buf map_attachment uses).  Takes no
 * reference: the caller must hold the pages (a pin).
 * Returns: 0, GEMSIM_EINVAL with a warning when imported or without
 * resident pages, GEMSIM_ENOENT.
 */
int shm_get_sg_table(struct sim *s, uint32_t bo);

/** shm_purge() - purge now, as a driver would (drm_gem_shmem_purge_locked).
 *
 * Unmaps every GPU and CPU mapping, frees pages, slots and sgt, madv = -1.
 * Returns: 0, GEMSIM_EINVAL with a warning when not purgeable (madv <= 0,
 * pinned, shared, no pages), GEMSIM_EBUSY when it has unsignalled fences
 * (drm_gem_evict_locked), GEMSIM_ENOENT.
 */
int shm_purge(struct sim *s, uint32_t bo);

/** shm_evict() - evict now, as a driver would (drm_gem_shmem_evict_locked).
 *
 * Unmaps every GPU and CPU mapping and writes the pages to swap.
 * Returns: 0, GEMSIM_EINVAL with a warning when not evictable, GEMSIM_EBUSY
 * when it has unsignalled fences, GEMSIM_ENOSPC when swap has fewer free
 * slots than the object has pages, GEMSIM_ENOENT.
 */
int shm_evict(struct sim *s, uint32_t bo);

/** shm_swapin() - read an evicted object back (drm_gem_shmem_swapin_locked).
 *
 * Job submission calls it for every object of the job.  Re-maps the GPU
 * mappings (s->gpu_remap_bo).  Not evicted (purged included) is a no-op.
 * Returns: 0, GEMSIM_ENOMEM (no frames after reclaim), GEMSIM_ENOENT.
 */
int shm_swapin(struct sim *s, uint32_t bo);

/** shm_resv_lock() - the scenario takes the object's reservation lock.
 * Returns: 0, GEMSIM_EBUSY with a warning when it already holds it (the
 * kernel would deadlock), GEMSIM_ENOENT.
 */
int shm_resv_lock(struct sim *s, uint32_t bo);

/** shm_resv_unlock() - the scenario releases the reservation lock.
 * Returns: 0, GEMSIM_EINVAL with a warning when not held, GEMSIM_ENOENT.
 */
int shm_resv_unlock(struct sim *s, uint32_t bo);

/** shm_op_lock() - another context (a job submission) holds the lock for a while.
 *
 * Nests; the shrinker's trylock fails until the matching shm_op_unlock().
 * Returns: 0, GEMSIM_ENOENT.
 */
int shm_op_lock(struct sim *s, uint32_t bo);

/** shm_op_unlock() - release what shm_op_lock() took.
 * Returns: 0, GEMSIM_EINVAL with a warning when not locked, GEMSIM_ENOENT.
 */
int shm_op_unlock(struct sim *s, uint32_t bo);

/** shm_get() - the object in slot @bo.
 * Returns: the object, or NULL if the slot was never created or is freed.
 * The pointer stays valid for the whole run (slots are never moved).
 */
struct shm_object *shm_get(struct sim *s, uint32_t bo);

/* Read-only queries for front ends (the viewer): they change nothing. */

/** shm_slot_count() - Returns: one past the highest object slot ever
 * created; shm_get() on each slot below it finds the live ones. */
uint32_t shm_slot_count(const struct sim *s);

/** shm_page_cpu_mapped() - Returns: whether page @page of @bo is in the CPU
 * page table of one of its mappings (faulted in); false for unknown slots. */
bool shm_page_cpu_mapped(struct sim *s, uint32_t bo, uint64_t page);

/** shm_resident_pages() - Returns: pages of @o in RAM frames it owns. */
uint64_t shm_resident_pages(const struct shm_object *o);

/** shm_swapped_pages() - Returns: pages of @o in swap slots. */
uint64_t shm_swapped_pages(const struct shm_object *o);

/** shm_has_pages() - Returns: whether the kernel's shmem->pages would be set
 * (a page array, not evicted). */
bool shm_has_pages(const struct shm_object *o);

/** shm_touch() - a GPU job used the object: the LRU policy's bookkeeping.
 * Unknown slots are ignored. */
void shm_touch(struct sim *s, uint32_t bo);

/** shm_fence_add() - a job's fence that will signal at @signal_at now guards @bo.
 * The object is busy until every such fence signalled; the shrinker may wait
 * (policy.busy_wait) for fences due soon enough.  Unknown slots are ignored. */
void shm_fence_add(struct sim *s, uint32_t bo, sim_ns signal_at);

/** shm_fence_signal() - one of @bo's fences signalled.
 * WARNs when none was pending.  A freed object is ignored (the job outlived
 * the handle). */
void shm_fence_signal(struct sim *s, uint32_t bo);

/*
 * A job's objects in one call each (gpu_submit, retire): the same effects,
 * in the same order, as the per-object calls named, without a lookup and a
 * call per object per step.  The objects are the pointers the submission
 * looked up for the job's slots (shm_table_get()); a job may keep them
 * while it is pending: an object's struct lives as long as the run (freeing
 * it clears alive, creating it again in its slot reuses the struct), so the
 * pointer always finds what a lookup of the slot would.
 */

/*
 * The slot table, to look a submission's objects up in the caller's own
 * loop: shm_table_get() is shm_get() without a call.  Valid until the next
 * object is created (the table may grow).
 */
struct shm_table {
	struct shm_object *const *objs; /* by slot; NULL: never created */
	uint32_t n;                     /* slots in objs[] */
};

/** shm_table() - Returns: the slot table of @s as it is now. */
struct shm_table shm_table(struct sim *s);

/**
 * shm_job_check() - the driver's answer to a job that uses @o.
 * @s: the run.  @o: an alive object the job looked up.
 *
 * Returns: 0, or the error the submission fails with:
 *   v19 panfrost: -EINVAL unless WILLNEED (30/30 panfrost_objects_prepare());
 *   mainline panfrost: 0 whatever madv says (panfrost_lookup_bos() and
 *       panfrost_job_push() do not look at it; the job faults on the GPU
 *       where a purged object's mappings were torn down);
 *   the others: -ENOMEM for a purged object (it can never come back).
 */
int shm_job_check(const struct sim *s, const struct shm_object *o);

/** shm_table_get() - Returns: the object in slot @bo, or NULL if the slot
 * was never created or is freed (as shm_get()). */
static inline struct shm_object *shm_table_get(struct shm_table t, uint32_t bo)
{
	struct shm_object *o = bo < t.n ? t.objs[bo] : NULL;

	return o && o->alive ? o : NULL;
}

/** shm_job_lock() - shm_op_lock() each of @objs[0..@n), all alive.
 * drm_gem_lock_reservations(): the caller looked every object up first. */
void shm_job_lock(struct sim *s, struct shm_object *const *objs, uint32_t n);

/** shm_job_unlock() - shm_op_unlock() each of @objs[0..@n) (locked by shm_job_lock()). */
void shm_job_unlock(struct sim *s, struct shm_object *const *objs, uint32_t n);

/** shm_job_swapin() - shm_swapin() each evicted one of @objs[0..@n), in order.
 * Returns: 0, or the first failure (later objects are left as they are). */
int shm_job_swapin(struct sim *s, struct shm_object *const *objs, uint32_t n);

/** shm_job_commit() - for each of @objs[0..@n), locked by shm_job_lock():
 * shm_touch(), shm_fence_add(@signal_at), shm_op_unlock().
 *
 * Object by object in one pass: each object's touch and fence happen while
 * it is still locked, as with the three loops of the kernel's submit; no
 * step of one object depends on another object's lock.
 */
void shm_job_commit(struct sim *s, struct shm_object *const *objs, uint32_t n, sim_ns signal_at);

/**
 * shm_job_commit_unlocked() - shm_job_lock() then shm_job_commit() where no
 * one can see the locks: no observer (sim_observe_add()) and no swap-in
 * between them.  The locks would come and go with nothing in between that
 * reads them (the lock counts of the lists end as they began), so they are
 * left out; the fences and touches are the same, in the same order per
 * object.  @objs[0..@n) are alive.
 */
void shm_job_commit_unlocked(struct sim *s, struct shm_object *const *objs, uint32_t n,
			     sim_ns signal_at);

/** shm_job_signal() - shm_fence_signal() each of @objs[0..@n); one freed since
 * (not alive) is ignored. */
void shm_job_signal(struct sim *s, struct shm_object *const *objs, uint32_t n);

/** shm_frames() - frame per page for the GPU side.
 * Returns: the array (PG_NONE = absent page) when the pages are in RAM, the
 * exporter's for an imported object, or NULL (no pages, evicted, purged,
 * unknown).  Valid until the object's pages move. */
const uint32_t *shm_frames(struct sim *s, uint32_t bo);

/** shm_heap_grow() - populate pages @first_page.. of a heap object on a GPU fault.
 * @npages: how many (a 2 MiB chunk is 512).
 *
 * The first call makes the page array and sets pages_use_count to 1 (the
 * heap's GPU mapping holds it; shm_heap_put_ref() drops it).  Pages already
 * there are kept; when frames run out the pages taken so far stay (a
 * partial chunk), as panfrost does since the 2024 error-path fix.  A later
 * fault on a chunk whose first page is there reads nothing: that fix keeps
 * the early "if (pages[page_offset]) goto out", so a partial chunk is never
 * completed (a 2025 patch tests the chunk's sgt instead; not modelled).
 * Returns: 0, SHM_HEAP_BAILOUT (the first page of the chunk is there:
 * nothing read, nothing to map), GEMSIM_EINVAL with a warning when not a
 * heap, GEMSIM_EINVAL past the end, GEMSIM_ENOMEM (no frames after
 * reclaim), GEMSIM_ENOENT.
 */
#define SHM_HEAP_BAILOUT 1
int shm_heap_grow(struct sim *s, uint32_t bo, uint64_t first_page, uint64_t npages);

/** shm_gpu_map_get() - the use reference a new GPU mapping of @bo takes: v19
 * one per mapping; mainline the sg table's, built by the first mapping and
 * shared; a heap's none (its first fault sets one).
 * Returns: 0, or what shm_get_pages() / shm_get_pages_sgt() return. */
int shm_gpu_map_get(struct sim *s, uint32_t bo);

/** shm_gpu_map_put() - a GPU mapping of @bo goes (@last: the object's last):
 * v19 puts its reference (a heap's last mapping the fault's one); mainline
 * puts nothing (the sg table keeps it until purge or free).
 * Returns: 0, or what shm_put_pages() returns. */
int shm_gpu_map_put(struct sim *s, uint32_t bo, bool last);

/** shm_heap_put_ref() - drop the use reference a heap's first GPU fault set
 * (panfrost_gem_mapping_release(): put_pages only "if bo->sgts").
 * Returns: true when there was one. */
bool shm_heap_put_ref(struct sim *s, uint32_t bo);

#endif
