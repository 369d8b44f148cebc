// SPDX-License-Identifier: MIT
/*
 * gem/shrink.c - the shrinker's scan (see shrink.h).
 */
#include "gem/gem_int.h"
#include "gem/lru.h"
#include "gem/shrink.h"

/* One pass: what it takes, and whether it may wait for a busy object. */
struct scan_pass {
	enum lru_pass_mode mode;
	bool active;        /* msm's active_purge/active_evict: wait up to busy_wait */
	uint64_t nr;        /* pages still wanted */
	uint64_t reported;  /* pages of the objects reclaimed (drm_gem_lru_scan's count) */
	uint64_t frames;    /* frames actually released */
	uint64_t remaining; /* pages of objects skipped on a held lock */
	sim_ns waited;      /* time spent in busy waits (msm's wait_for_idle()) */
};

/*
 * count_objects of the modelled driver:
 *   v19:      drm_gem_shmem_shrinker_count_objects() (22/30): the pages on
 *             lru_evictable (pinned objects left there by a pin count too),
 *             SHRINK_EMPTY when none, capped below it;
 *   msm:      msm_gem_shrinker_count(): dontneed, plus willneed when
 *             can_swap() (eviction on and any swap free), 0 when none;
 *   mainline: panfrost_gem_shrinker_count(): the purgeable objects on its
 *             shrinker_list, 0 when none.
 */
uint64_t shrink_count(struct sim *s)
{
	struct gem *g = s->gem;
	uint64_t n = 0;

	switch (gem_driver(s)) {
	case GEM_DRV_PANFROST:
		for (uint64_t mask = g->evictable_mask; mask; mask &= mask - 1)
			n += g->lists[LRU_EVICTABLE + (unsigned)__builtin_ctzll(mask)]
				     .purgeable_pages;
		return n;
	case GEM_DRV_MSM:
		n = g->lists[LRU_DONTNEED].count;
		if (s->cfg.policy.evict && g->slots.free.count)
			n += g->evictable_pages - g->lists[LRU_DONTNEED].count -
			     g->lists[LRU_SCAN].count;
		return n;
	default:
		if (!g->evictable_pages)
			return SHRINK_EMPTY;
		return g->evictable_pages < SHRINK_EMPTY ? g->evictable_pages : SHRINK_EMPTY - 1;
	}
}

/*
 * Reclaim one candidate whose lock the scan holds.  Records invariant
 * breaches seen at this moment (3: pinned or shared; 7: busy without the
 * policy's wait) for the next check to report.  Returns the frames freed.
 */
static uint64_t reclaim_one(struct sim *s, struct shm_object *o, bool purge, bool waited)
{
	uint64_t freed;

	if (o->pages_pin_count > 0 || o->dma_buf != SIM_NONE || o->imported)
		o->pending_inv |= SHM_INV3;
	if (shm_is_busy(o) && !waited)
		o->pending_inv |= SHM_INV7;
	shm_lock(s, o);
	freed = purge ? shm_purge_locked(s, o) : shm_evict_locked(s, o);
	shm_unlock(s, o);
	return freed;
}

/*
 * msm's wait_for_idle() in an active stage: dma_resv_wait_timeout() blocks
 * the reclaiming task until the object's fences signal or policy.busy_wait
 * passes.  The clock does not move inside an event, so the scan keeps its
 * own: the waits before this one have already passed.  The time blocked is
 * reclaim work (s->work: the reclaim latency and the stall of the task
 * that ran reclaim), the whole bound when the wait times out.
 * Returns: true when the fences signal within the bound.
 */
static bool busy_wait(struct sim *s, const struct shm_object *o, struct scan_pass *ps)
{
	sim_ns now = s->now + ps->waited, bound = s->cfg.policy.busy_wait;
	sim_ns wait = o->fence_until > now ? o->fence_until - now : 0;
	bool idle = wait <= bound;

	if (!idle)
		wait = bound;
	ps->waited += wait;
	s->work += wait;
	s->stats.shrinker_busy_wait_ns += wait;
	if (idle)
		s->stats.shrinker_busy_waits++;
	else
		s->stats.shrinker_busy_timeouts++;
	return idle;
}

/*
 * panfrost_gem_shrinker_scan() (mainline): list_for_each_entry_safe() over
 * the shrinker_list from its head: a purgeable object whose locks are free
 * is purged and leaves the list (list_del_init()); any other stays where it
 * is.  Stops once @ps->nr pages are reported.  Each visit costs
 * costs.scan_object, as in scan_walk().
 */
static void scan_inplace(struct sim *s, unsigned id, struct scan_pass *ps)
{
	struct gem *g = s->gem;
	uint32_t slot = g->lists[id].head;

	while (ps->reported < ps->nr && slot != SIM_NONE) {
		struct shm_object *o = g->objs[slot];

		slot = g->links[slot].next;
		s->stats.shrinker_objects_scanned++;
		s->work += s->cfg.costs.scan_object;
		sim_observe(s, SIM_OBS_SCAN_VISIT, o->slot, 0);
		if (!shm_is_purgeable(s, o))
			continue;
		/* panfrost_gem_purge(): mutex_trylock() of mappings and resv */
		if (shm_locked_elsewhere(o)) {
			s->stats.shrinker_skipped_locked++;
			continue;
		}
		/* gpu_usecount: a job still uses it */
		if (shm_is_busy(o)) {
			s->stats.shrinker_skipped_busy++;
			continue;
		}
		ps->frames += reclaim_one(s, o, true, false);
		ps->reported += o->npages;
	}
}

/*
 * A batch scan (vmscan's 32 or 128 pages) walks cold objects that no
 * request brought into the host's cache, each reached through a chain of
 * loads (its links, its object pointer, its object, its VMA): while one is
 * judged, the walk ahead asks for each link of that chain a visit before
 * it is needed, SCAN_AHEAD visits ahead in all.  @pf: the slots 1..3
 * visits ahead (SIM_NONE: not known).  Timing only: nothing is changed; a
 * slot that left the list meanwhile only ends the walk ahead early.
 */
#define SCAN_AHEAD 3

static inline void scan_prefetch(const struct gem *g, uint32_t slot, uint32_t pf[SCAN_AHEAD])
{
	uint32_t next = g->links[slot].next;

	if (next == SIM_NONE || pf[1] != next) { /* the walk ahead lost its way: start it here */
		pf[0] = next;
		pf[1] = next == SIM_NONE ? SIM_NONE : g->links[next].next;
	} else {
		pf[0] = pf[1];
		pf[1] = pf[2];
	}
	pf[2] = pf[1] == SIM_NONE ? SIM_NONE : g->links[pf[1]].next;
	if (pf[2] != SIM_NONE) {
		__builtin_prefetch(&g->links[pf[2]]);
		__builtin_prefetch(&g->objs[pf[2]]);
	}
	if (pf[1] != SIM_NONE)
		__builtin_prefetch(g->objs[pf[1]]);
	if (pf[0] != SIM_NONE) {
		const struct shm_object *o = g->objs[pf[0]];

		if (o->vma_head != SIM_NONE)
			__builtin_prefetch(&g->vmas[o->vma_head]);
	}
}

/*
 * drm_gem_lru_scan() (drivers/gpu/drm/drm_gem.c): candidates from the head
 * of list @id while fewer than @nr pages are freed; each visited one moves
 * to the scan list (still_in_lru) before @judge sees it, and the scan list
 * goes back to the tail of @id when the pass ends.  Every visit costs
 * costs.scan_object of reclaim time.  See shrink.h.
 *
 * With @direct_ok, the scan list empty and nobody watching, a candidate
 * stays on its list while it is judged: one reclaimed at once goes
 * straight from there to where lru_update() puts it; one skipped (or left
 * evictable) goes to the scan list then, and the lists end as the
 * round-trip through the scan list leaves them (the shrinker's predicates
 * do not read o->lru, and lru_update() keeps an object on the scan list).
 */
uint64_t lru_scan(struct sim *s, unsigned id, uint64_t nr, uint64_t *remaining, lru_judge_fn judge,
		  void *ctx, bool direct_ok)
{
	struct gem *g = s->gem;
	const struct lru_list *l = &g->lists[id];
	uint64_t freed = 0;
	uint32_t pf[SCAN_AHEAD] = { SIM_NONE, SIM_NONE, SIM_NONE };

	while (freed < nr && l->head != SIM_NONE) {
		bool direct = direct_ok && !s->nr_obs && g->lists[LRU_SCAN].head == SIM_NONE;
		struct shm_object *o = g->objs[l->head];

		scan_prefetch(g, l->head, pf);

		if (!direct)
			lru_move_tail(s, o, LRU_SCAN);
		s->stats.shrinker_objects_scanned++;
		sim_work_add(s, 1, s->cfg.costs.scan_object, "scan_object");
		sim_observe(s, SIM_OBS_SCAN_VISIT, o->slot, 0);

		switch (judge(s, o->slot, ctx)) {
		case LRU_VERDICT_LOCKED:
			/* dma_resv_trylock() failed */
			*remaining += o->npages;
			break;
		case LRU_VERDICT_SPARE: lru_move_tail(s, o, id); continue;
		case LRU_VERDICT_FREED:
			/* freed += obj->size >> PAGE_SHIFT */
			freed += o->npages;
			if (direct && o->lru >= LRU_DONTNEED)
				lru_move_tail(s, o, LRU_SCAN);
			continue;
		case LRU_VERDICT_KEEP: break;
		}
		if (direct)
			lru_move_tail(s, o, LRU_SCAN);
	}
	if (g->lists[LRU_SCAN].head != SIM_NONE) {
		uint32_t rotated = l->head != SIM_NONE ? g->lists[LRU_SCAN].nobjs : 0;

		/* stopped early: what it skipped now sits behind what it never reached */
		s->stats.shrinker_rotated += rotated;
		sim_observe(s, SIM_OBS_SCAN_SPLICE, id, rotated);
		lru_splice_tail(s, LRU_SCAN, id);
	}
	return freed;
}

/*
 * The shrinker's judgement of one candidate of a scan_walk() pass (its
 * drm_gem_lru_scan() shrink callback, with the trylock before it).
 */
static enum lru_verdict judge_shrink(struct sim *s, uint32_t slot, void *ctx)
{
	const struct lru_policy *p = gem_policy(s);
	struct scan_pass *ps = ctx;
	struct shm_object *o = s->gem->objs[slot];
	bool purge, waited = false;

	if (shm_locked_elsewhere(o)) {
		s->stats.shrinker_skipped_locked++;
		return LRU_VERDICT_LOCKED;
	}
	/* the evict pass evicts even what it could purge */
	purge = ps->mode != LRU_PASS_EVICT && shm_is_purgeable(s, o);
	if (ps->mode == LRU_PASS_PURGE && !purge)
		return LRU_VERDICT_KEEP;
	if (!purge && !shm_is_evictable(s, o))
		return LRU_VERDICT_KEEP;
	if (p->spare && p->spare(s, o))
		return LRU_VERDICT_SPARE;
	if (shm_is_busy(o)) {
		/*
		 * drm_gem_evict_locked(): -EBUSY while fences are pending.
		 * msm's active stages wait first (wait_for_idle():
		 * dma_resv_wait_timeout(.., 10)).
		 */
		if (!ps->active || !busy_wait(s, o, ps)) {
			s->stats.shrinker_skipped_busy++;
			return LRU_VERDICT_KEEP;
		}
		waited = true;
	}
	/*
	 * get_nr_swap_pages() < obj->size >> PAGE_SHIFT (v19's
	 * drm_gem_shmem_shrinker_evict_locked()); msm tests only can_swap()
	 * for the whole stage (run_stages()) and evicts an object larger than
	 * the swap left: its pages could not all be written, which the model
	 * (an object wholly resident or wholly evicted) cannot hold, so msm
	 * skips it too, and counts it.
	 */
	if (!purge && s->gem->slots.free.count < o->npages) {
		s->stats.shrinker_skipped_noswap++;
		return LRU_VERDICT_KEEP;
	}
	ps->frames += reclaim_one(s, o, purge, waited);
	return LRU_VERDICT_FREED;
}

/* One drm_gem_lru_scan() of list @id by the shrinker; through scan_list(). */
static void scan_walk(struct sim *s, unsigned id, struct scan_pass *ps)
{
	sim_observe(s, SIM_OBS_SCAN_PASS, id, ps->mode);
	ps->reported +=
		lru_scan(s, id, ps->nr - ps->reported, &ps->remaining, judge_shrink, ps, true);
}

/*
 * scan_walk() over list @id, inline where it is the walk that purges
 * nothing: a purge pass over a list with no purgeable object frees nothing
 * and visits every object: each goes to the scan list and the whole list
 * comes back in the same order.  Account that walk in O(1) instead of
 * making it (observers watch every visit, so they get the real walk).
 * Without this every direct reclaim costs O(objects on the list).
 */
static inline void scan_list(struct sim *s, unsigned id, struct scan_pass *ps)
{
	const struct lru_list *l = &s->gem->lists[id];

	if (ps->mode == LRU_PASS_PURGE && !l->npurgeable && ps->reported < ps->nr && !s->nr_obs) {
		s->stats.shrinker_objects_scanned += l->nobjs;
		sim_work_add(s, l->nobjs, s->cfg.costs.scan_object, "scan_object");
		/* panfrost tests purgeable before it tries a lock */
		if (!gem_mainline(s)) {
			s->stats.shrinker_skipped_locked += l->nlocked;
			ps->remaining += l->locked_pages;
		}
		return;
	}
	if (gem_mainline(s))
		scan_inplace(s, id, ps);
	else
		scan_walk(s, id, ps);
}

/*
 * One pass over every evictable queue, highest first (the size policy's
 * classes).  Inline in both passes of a scan: the purge pass usually ends
 * in scan_list()'s O(1) test.
 */
static inline __attribute__((always_inline)) void scan_queues(struct sim *s, struct scan_pass *ps)
{
	uint64_t mask = s->gem->evictable_mask;

	while (mask && ps->reported < ps->nr) {
		unsigned q = 63u - (unsigned)__builtin_clzll(mask);

		mask &= ~(UINT64_C(1) << q);
		scan_list(s, LRU_EVICTABLE + q, ps);
	}
}

/*
 * The stages of a scan, in the order of msm_gem_shrinker_scan(): what is
 * idle first, then, when policy.busy_wait allows a wait, the same again
 * waiting for busy objects ("active_purge", "active_evict").
 *
 *   generic (v19 drm_gem_shmem_shrinker_scan_objects()): purge then evict
 *       over the one evictable list (or one mixed pass, purge_first=false);
 *       v19 itself has no wait (busy_wait 0).
 *   msm: purge over the dontneed list, evict over the willneed list.
 *   mainline: panfrost_gem_shrinker_scan(): purge only.
 */
static void run_stages(struct sim *s, struct scan_pass *ps)
{
	const struct sim_policy *pol = &s->cfg.policy;
	bool msm = pol->shrinker == SIM_SHRINKER_MSM;
	bool evict = pol->evict && !gem_mainline(s);

	for (int active = 0; active <= (pol->busy_wait > 0); active++) {
		ps->active = active;
		if (ps->reported >= ps->nr)
			return;
		if (!msm && !pol->purge_first && evict) {
			ps->mode = LRU_PASS_ANY;
			scan_queues(s, ps);
			continue;
		}
		ps->mode = LRU_PASS_PURGE;
		if (msm)
			scan_list(s, LRU_DONTNEED, ps);
		else
			scan_queues(s, ps);
		if (ps->reported >= ps->nr || !evict)
			continue;
		if (!s->gem->slots.free.count) {
			s->stats.shrinker_skipped_noswap++; /* can_swap(): no swap at all */
			continue;
		}
		ps->mode = LRU_PASS_EVICT;
		scan_queues(s, ps);
	}
}

/*
 * What scan_objects returns, per driver:
 *   mainline: panfrost_gem_shrinker_scan(): freed, 0 included (SHRINK_STOP
 *             only when its shrinker_lock trylock fails: never here);
 *   v19, msm: drm_gem_shmem_shrinker_scan_objects() (22/30) and
 *             msm_gem_shrinker_scan(): freed only when freed > 0 and some
 *             object was skipped on its lock (remaining > 0), else STOP.
 * "freed" is the kernel's: the sizes of the objects reclaimed.
 */
static int64_t scan_result(const struct sim *s, const struct scan_pass *ps)
{
	if (gem_driver(s) == GEM_DRV_PANFROST)
		return (int64_t)ps->reported;
	return ps->reported > 0 && ps->remaining > 0 ? (int64_t)ps->reported : SHRINK_STOP;
}

int64_t shrink_scan(struct sim *s, uint64_t nr)
{
	struct scan_pass ps = { .nr = nr };
	sim_ns work0 = s->work;
	int64_t ret;

	s->stats.shrinker_scans++;
	sim_observe(s, SIM_OBS_SCAN_BEGIN, SIM_NONE, nr);
	run_stages(s, &ps);
	s->stats.shrinker_pages_freed += ps.frames;
	sim_hist_add(&s->lat[SIM_LAT_reclaim], s->work - work0);
	sim_observe(s, SIM_OBS_SCAN_END, SIM_NONE, ps.frames);
	ret = scan_result(s, &ps);
	if (ret == SHRINK_STOP)
		s->stats.shrinker_stops++;
	return ret;
}
