/*
 * gem/shrink.c - the shrinker's scan (see shrink.h).
 */
#include "gem/gem_priv.h"
#include "gem/lru.h"
#include "gem/shrink.h"

enum scan_mode {
	SCAN_PURGE, /* purgeable objects only */
	SCAN_EVICT, /* evictable objects only */
	SCAN_ANY,   /* purge if purgeable, else evict (purge_first=false) */
};

uint64_t shrink_count(struct sim *s)
{
	return s->gem->evictable_pages;
}

/*
 * Reclaim one candidate whose lock the scan holds.  Records invariant
 * breaches seen at this moment (3: pinned or shared; 7: busy without the
 * policy's wait) for the next check to report.
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
 * One pass over evictable queue @q (drm_gem_lru_scan): candidates from the
 * head; each visited one moves to the scan list, which goes back to the
 * tail of the queue when the pass ends.
 */
static uint64_t scan_queue(struct sim *s, unsigned q, uint64_t nr, enum scan_mode mode,
			   uint64_t *remaining)
{
	const struct sim_policy *pol = &s->cfg.policy;
	const struct lru_policy *p = gem_policy(s);
	unsigned id = LRU_EVICTABLE + q;
	struct gem *g = s->gem;
	const struct lru_list *l = &g->lists[id];
	struct shm_object *o;
	uint64_t freed = 0;

	/*
	 * A purge pass over a queue with no purgeable object frees nothing and
	 * visits every object: each goes to the scan list and the whole list
	 * comes back in the same order.  Account that walk in O(1) instead of
	 * making it (observers watch every visit, so they get the real walk).
	 * Without this every direct reclaim costs O(objects on the list).
	 */
	if (mode == SCAN_PURGE && !l->npurgeable && nr && !s->nr_obs) {
		s->stats.shrinker_objects_scanned += l->nobjs;
		s->stats.shrinker_skipped_locked += l->nlocked;
		*remaining += l->locked_pages;
		return 0;
	}
	while (freed < nr && l->head != SIM_NONE) {
		bool purge, waited = false;
		/*
		 * With the scan list empty and nobody watching, a candidate
		 * stays on its queue while it is judged: one reclaimed at once
		 * goes straight from there to where lru_update() puts it; one
		 * skipped (or left evictable) goes to the scan list then, and
		 * the lists end as the round-trip through the scan list leaves
		 * them (the predicates do not read o->lru).
		 */
		bool direct = !s->nr_obs && g->lists[LRU_SCAN].head == SIM_NONE;

		o = g->objs[l->head];

		if (!direct)
			lru_move_tail(s, o, LRU_SCAN);
		s->stats.shrinker_objects_scanned++;
		sim_observe(s, SIM_OBS_SCAN_VISIT, o->slot, 0);

		if (shm_locked_elsewhere(o)) {
			/* dma_resv_trylock() failed */
			s->stats.shrinker_skipped_locked++;
			*remaining += o->npages;
			goto skip;
		}
		purge = shm_is_purgeable(s, o);
		if (mode == SCAN_PURGE && !purge)
			goto skip;
		if (mode == SCAN_EVICT)
			purge = false;
		if (!purge && !shm_is_evictable(s, o))
			goto skip;
		if (p->spare && p->spare(s, o)) {
			lru_move_tail(s, o, id);
			continue;
		}
		if (shm_is_busy(o)) {
			if (!pol->busy_wait || o->fence_until > s->now + pol->busy_wait) {
				s->stats.shrinker_skipped_busy++;
				goto skip;
			}
			s->stats.shrinker_busy_waits++;
			waited = true;
		}
		if (!purge && g->slots.free.count < o->npages) {
			/* get_nr_swap_pages() < obj->size >> PAGE_SHIFT */
			s->stats.shrinker_skipped_noswap++;
			goto skip;
		}
		freed += reclaim_one(s, o, purge, waited);
		if (direct && o->lru >= LRU_EVICTABLE)
			lru_move_tail(s, o, LRU_SCAN);
		continue;
skip:
		if (direct)
			lru_move_tail(s, o, LRU_SCAN);
	}
	if (g->lists[LRU_SCAN].head != SIM_NONE)
		lru_splice_tail(s, LRU_SCAN, id);
	return freed;
}

/* One pass over every evictable queue, highest first. */
static uint64_t scan_pass(struct sim *s, uint64_t nr, enum scan_mode mode, uint64_t *remaining)
{
	uint64_t freed = 0;
	uint64_t mask = s->gem->evictable_mask;

	while (mask && freed < nr) {
		unsigned q = 63u - (unsigned)__builtin_clzll(mask);

		mask &= ~(UINT64_C(1) << q);
		freed += scan_queue(s, q, nr - freed, mode, remaining);
	}
	return freed;
}

int64_t shrink_scan(struct sim *s, uint64_t nr)
{
	const struct sim_policy *pol = &s->cfg.policy;
	uint64_t remaining = 0, freed = 0;
	sim_ns work0 = s->work;

	s->stats.shrinker_scans++;
	sim_observe(s, SIM_OBS_SCAN_BEGIN, SIM_NONE, nr);
	if (pol->purge_first || !pol->evict) {
		freed += scan_pass(s, nr, SCAN_PURGE, &remaining);
		if (freed < nr && pol->evict) {
			if (s->gem->slots.free.count)
				freed += scan_pass(s, nr - freed, SCAN_EVICT, &remaining);
			else
				s->stats.shrinker_skipped_noswap++; /* no swap at all: purge only */
		}
	} else {
		freed += scan_pass(s, nr, SCAN_ANY, &remaining);
	}
	s->stats.shrinker_pages_freed += freed;
	sim_hist_add(&s->lat[SIM_LAT_reclaim], s->work - work0);
	sim_observe(s, SIM_OBS_SCAN_END, SIM_NONE, freed);
	if (!freed) {
		s->stats.shrinker_stops++;
		return SHRINK_STOP;
	}
	return (int64_t)freed;
}
