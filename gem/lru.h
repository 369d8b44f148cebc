/* SPDX-License-Identifier: MIT */
/*
 * gem/lru.h - the shrinker's object lists and the table of LRU policies.
 *
 * Models drm_gem_lru (drivers/gpu/drm/drm_gem.c) as used by the generic
 * shmem shrinker of the v19 series: every object with pages is on exactly
 * one list, chosen from its state after each operation
 * (drm_gem_shmem_shrinker_update_lru_locked):
 *
 *   madv < 0 (purged) ................ none
 *   evictable or purgeable ........... evictable   <- the shrinker scans these
 *   evicted .......................... evicted
 *   no pages ......................... none
 *   otherwise (pinned, shared) ....... pinned
 *   imported ......................... none (the exporter accounts the pages)
 *
 * with the placements of the kernels: a v19 pin updates nothing, so a
 * pinned object stays where it was until its next update (o->lru_unplaced);
 * v19's evicted flag, left set by a last put, keeps an object on evicted;
 * under mainline the evictable list is panfrost's shrinker_list, in
 * madvise order (o->madv_listed), and an update moves nothing on it.
 *
 * Counts are in pages.  Lists are doubly linked through the objects
 * (uint32 slot links, no allocation).  The evictable list is split into up
 * to 64 queues so a policy can order candidates by class (the size policy
 * uses one queue per power-of-two size); the scan takes queues from the
 * highest index down, each from its head:
 *
 *   evictable[63] -> ... -> evictable[1] -> evictable[0]
 *      head ... tail          head ... tail     head ... tail
 *
 * A policy (gem/policy.c, the only file to touch to add one) decides which
 * queue an object joins, whether a state update or an access moves it to
 * the tail, and whether the scan spares it once (second chance).
 */
#ifndef GEMSIM_GEM_LRU_H
#define GEMSIM_GEM_LRU_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/sim.h"

struct gem;
struct shm_object;
struct lru_list;

/* List ids kept in shm_object.lru. */
enum {
	LRU_NONE = 0,
	LRU_PINNED,
	LRU_EVICTED,
	LRU_SCAN,      /* the shrinker's still-in-list of the current pass */
	LRU_DONTNEED,  /* policy.shrinker msm: purgeable objects (msm lru.dontneed) */
	LRU_EVICTABLE, /* first evictable queue; LRU_EVICTABLE + q for queue q */
};
#define LRU_QUEUES 64
#define LRU_NR_LISTS (LRU_EVICTABLE + LRU_QUEUES)

/* What one pass of the shrinker takes (SIM_OBS_SCAN_PASS's b). */
enum lru_pass_mode {
	LRU_PASS_PURGE, /* purgeable objects only */
	LRU_PASS_EVICT, /* evictable objects only */
	LRU_PASS_ANY,   /* purge if purgeable, else evict (purge_first=false) */
};

/** struct lru_policy - the hooks of one LRU policy. */
struct lru_policy {
	const char *name;
	const char *doc;
	/* evictable queue (0..63) for @o; NULL: always 0 */
	unsigned (*queue)(const struct shm_object *o);
	/* an object already on the evictable list had its state updated:
	 * true moves it to the tail (drm_gem_lru_move_tail), false keeps its place */
	bool requeue_on_update;
	/* the object entered the evictable list (at the tail); may be NULL */
	void (*enter)(struct sim *s, struct shm_object *o);
	/* a GPU job or a CPU access used it; may be NULL */
	void (*touch)(struct sim *s, struct shm_object *o);
	/* the touch is "to the tail of its evictable queue" (lru, size):
	 * lru_touch() does it inline instead of calling @touch */
	bool touch_moves_tail;
	/* the scan reached it: true spares it this time (it goes to the tail of
	 * its queue and the same pass will come back to it); may be NULL */
	bool (*spare)(struct sim *s, struct shm_object *o);
};

/** lru_policy_find() - Returns: the index of policy @name, or -1. Index 0 is "lru". */
int lru_policy_find(const char *name);

/** lru_policy_name() - Returns: the name of policy @idx, or NULL past the end. */
const char *lru_policy_name(unsigned idx);

/** lru_policy_doc() - Returns: one paragraph describing policy @idx, or NULL. */
const char *lru_policy_doc(unsigned idx);

/** lru_policy_count() - Returns: how many policies the table has. */
unsigned lru_policy_count(void);

/** lru_policy_get() - Returns: the hooks of policy @idx (the default for a bad index). */
const struct lru_policy *lru_policy_get(unsigned idx);

/** lru_update() - put @o on the list its state calls for (see above).
 * @s: the run.  @o: an alive object whose state may have changed. */
void lru_update(struct sim *s, struct shm_object *o);

/** lru_recount() - @o stays on its list, but whether it is purgeable may have
 * changed: keep the list's purgeable counts (v19's pin, which does not
 * update the LRU). */
void lru_recount(struct sim *s, struct shm_object *o);

/** lru_list_name() - Returns: the name of list id @id ("pinned", "evictable", ...). */
const char *lru_list_name(unsigned id);

/** lru_target() - Returns: the list id (LRU_*) @o's state calls for. */
unsigned lru_target(const struct sim *s, const struct shm_object *o);

/** lru_remove() - take @o off whatever list it is on. */
void lru_remove(struct sim *s, struct shm_object *o);

/** lru_move_tail() - move @o to the tail of list @id (off its current one).
 * For policies and the shrinker. */
void lru_move_tail(struct sim *s, struct shm_object *o, unsigned id);

/** lru_touch() - a GPU job or CPU access used @o: the policy's touch hook. */
void lru_touch(struct sim *s, struct shm_object *o);

/** lru_touch_objs() - lru_touch() each of @objs[0..@n) in order (a job's
 * objects, all alive), the policy looked up once. */
void lru_touch_objs(struct sim *s, struct shm_object *const *objs, uint32_t n);

/* What a scan's judge made of one candidate (drm_gem_lru_scan()'s shrink callback). */
enum lru_verdict {
	LRU_VERDICT_KEEP,   /* the callback returned false: it stays (still_in_lru) */
	LRU_VERDICT_LOCKED, /* dma_resv_trylock() failed: *remaining += its pages */
	LRU_VERDICT_FREED,  /* the callback returned true: freed += its pages; the
			     * judge has moved it where it belongs */
	LRU_VERDICT_SPARE,  /* a policy spares it: to the tail of the scanned list */
};

/** lru_judge_fn - judge the object in slot @slot (on the scan list, or, on
 * the direct path, still on the scanned one); @ctx as given to lru_scan(). */
typedef enum lru_verdict (*lru_judge_fn)(struct sim *s, uint32_t slot, void *ctx);

/**
 * lru_scan() - drm_gem_lru_scan() of list @id (shrink.c): objects from the
 * head while fewer than @nr pages are freed, each moved to the scan list
 * and judged by @judge; the scan list then goes back to the tail of @id.
 * @remaining: gets the pages of the objects whose lock was held.
 * @direct_ok: the shrinker's fast path (shrink.c), valid only for a judge
 * that places objects through lru_update(); false walks as the kernel does.
 * Returns: the pages of the objects freed.
 */
uint64_t lru_scan(struct sim *s, unsigned id, uint64_t nr, uint64_t *remaining, lru_judge_fn judge,
		  void *ctx, bool direct_ok);

/** lru_slot_move_tail() - lru_move_tail() of the object in @slot, for the
 * oracle's LRU check.  Returns: 0, or -GEMSIM_ENOENT for no live object. */
int lru_slot_move_tail(struct sim *s, uint32_t slot, unsigned id);

/** lru_slot_remove() - lru_remove() of the object in @slot.
 * Returns: 0, or -GEMSIM_ENOENT for no live object. */
int lru_slot_remove(struct sim *s, uint32_t slot);

/** lru_slots() - the slots on list @id, head first, into @slots (at most
 * @max); its page count into *@count.  Returns: how many objects it holds. */
uint32_t lru_slots(const struct sim *s, unsigned id, uint32_t *slots, uint32_t max,
		   uint64_t *count);

/** lru_head() - Returns: the first object of list @id, or NULL. */
struct shm_object *lru_head(struct sim *s, unsigned id);

/** lru_splice_tail() - move every object of list @from to the tail of @to, in order. */
void lru_splice_tail(struct sim *s, unsigned from, unsigned to);

/*
 * Read-only walks, for observers (the viewer's list view).  LRU_EVICTABLE
 * stands for every evictable queue in the order the scan takes them:
 * queue 63 first, each from its head, so the walk is the scan's order.
 * O(1) a step.
 */

/** lru_walk_first() - Returns: the head of list @id, or NULL when it is empty. */
const struct shm_object *lru_walk_first(const struct sim *s, unsigned id);

/** lru_walk_last() - Returns: the tail of list @id, or NULL when it is empty. */
const struct shm_object *lru_walk_last(const struct sim *s, unsigned id);

/** lru_walk_next() - Returns: the object after @o in its walk, or NULL at the tail. */
const struct shm_object *lru_walk_next(const struct sim *s, const struct shm_object *o);

/** lru_walk_prev() - Returns: the object before @o in its walk, or NULL at the head. */
const struct shm_object *lru_walk_prev(const struct sim *s, const struct shm_object *o);

/** lru_walk_count() - Returns: the objects on list @id; *@pages (if not NULL) their pages. */
uint32_t lru_walk_count(const struct sim *s, unsigned id, uint64_t *pages);

#endif
