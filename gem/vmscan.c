// SPDX-License-Identifier: MIT
/*
 * gem/vmscan.c - the reclaim driver of the shrinker (see vmscan.h): the
 * kernel's mm/vmscan.c and mm/shrinker.c, or the exact-shortfall request.
 */
#include "gem/gem_int.h"
#include "gem/shrink.h"
#include "gem/vmscan.h"

/* scan_control, what gemsim needs of it */
struct vmscan_control {
	uint64_t nr_to_reclaim;
	uint64_t nr_reclaimed; /* frames released */
	int priority;
	int last_priority; /* of the round before (for the stats) */
};

static inline uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

uint64_t vmscan_nr_deferred(const struct sim *s)
{
	return s->gem->nr_deferred;
}

/* mm/shrinker.c do_shrink_slab() */
uint64_t vmscan_shrink_slab(struct sim *s, unsigned priority, uint64_t *nr_scanned)
{
	const struct sim_vmscan *k = &s->cfg.policy.vmscan;
	struct gem *g = s->gem;
	/* shrinker->batch ?: SHRINK_BATCH */
	uint64_t batch = k->batch ? k->batch : SIM_SHRINK_BATCH;
	uint64_t freeable, nr, delta, total_scan, scanned = 0, freed = 0, next;

	s->stats.vmscan_shrink_slab++;
	freeable = shrink_count(s);
	/* count_objects() == 0 or SHRINK_EMPTY (v19's empty list): nothing to do,
	 * nr_deferred untouched; shrink_slab() counts SHRINK_EMPTY as 0 freed */
	if (!freeable || freeable == SHRINK_EMPTY)
		return 0;
	nr = g->nr_deferred; /* xchg_nr_deferred() */
	g->nr_deferred = 0;
	if (k->seeks)
		delta = (freeable >> priority) * 4 / k->seeks;
	else
		delta = freeable / 2; /* seeks 0: objects that cost no IO to recreate */
	total_scan = min_u64((nr >> priority) + delta, 2 * freeable);
	/* at least a batch at a time, unless the whole cache is smaller than the scan */
	while (total_scan >= batch || total_scan >= freeable) {
		uint64_t nr_to_scan = min_u64(batch, total_scan);
		int64_t ret = shrink_scan(s, nr_to_scan);

		/*
		 * v19 and msm return it after a batch that freed pages when no
		 * object was skipped on its lock: the batch is not counted as
		 * scanned, so the request goes to the deferred work below
		 */
		if (ret == SHRINK_STOP)
			break;
		freed += (uint64_t)ret;
		/* sc->nr_scanned stays nr_to_scan: no modelled shrinker sets it */
		total_scan -= nr_to_scan;
		scanned += nr_to_scan;
	}
	/* new work not done, less old work done now; at most 2 * freeable */
	next = nr + delta > scanned ? nr + delta - scanned : 0;
	g->nr_deferred += min_u64(next, 2 * freeable); /* add_nr_deferred() */
	*nr_scanned += scanned;
	return freed;
}

/*
 * mm/vmscan.c shrink_node(): with no page LRU, shrink_slab() of the one
 * shrinker; the frames released count as reclaimed (flush_reclaim_state()).
 * What the shrinker scanned is not sc->nr_scanned: only page-LRU scans add
 * to that (shrink_inactive_list()), and the model has no page LRU.
 */
static void shrink_node(struct sim *s, struct vmscan_control *sc)
{
	uint64_t before = s->gem->frames.free.count, slab_scanned = 0;

	if (sc->priority < sc->last_priority)
		s->stats.vmscan_priority_drops++;
	sc->last_priority = sc->priority;
	vmscan_shrink_slab(s, (unsigned)sc->priority, &slab_scanned);
	if (s->gem->frames.free.count > before)
		sc->nr_reclaimed += s->gem->frames.free.count - before;
}

/* mm/vmscan.c try_to_free_pages() -> do_try_to_free_pages() */
static uint64_t try_to_free_pages(struct sim *s)
{
	const struct sim_vmscan *k = &s->cfg.policy.vmscan;
	struct vmscan_control sc = {
		.nr_to_reclaim = k->swap_cluster_max,
		.priority = (int)k->def_priority,
		.last_priority = (int)k->def_priority,
	};

	do {
		shrink_node(s, &sc); /* shrink_zones() */
		if (sc.nr_reclaimed >= sc.nr_to_reclaim)
			break;
	} while (--sc.priority >= 0);
	return sc.nr_reclaimed;
}

/* mm/vmscan.c balance_pgdat(), one zone, no boosting */
static uint64_t balance_pgdat(struct sim *s, uint64_t high)
{
	const struct sim_vmscan *k = &s->cfg.policy.vmscan;
	struct vmscan_control sc = {
		.priority = (int)k->def_priority,
		.last_priority = (int)k->def_priority,
	};

	do {
		if (s->gem->frames.free.count >= high) /* pgdat_balanced() */
			break;
		shrink_node(s, &sc);
		/*
		 * kswapd_shrink_node() keeps the priority only when the round's
		 * page-LRU scan (sc->nr_scanned) reached nr_to_reclaim,
		 * max(high_wmark_pages(zone), SWAP_CLUSTER_MAX); with no page
		 * LRU nothing is scanned there, so every round raises the
		 * pressure (raise_priority stays true).
		 */
		sc.priority--;
	} while (sc.priority >= 1);
	return sc.nr_reclaimed;
}

/*
 * The exact-shortfall request: scan_objects() for the frames missing up to
 * @goal, again while each round frees some.
 */
static uint64_t exact_reclaim(struct sim *s, uint64_t goal)
{
	struct gem *g = s->gem;
	uint64_t start = g->frames.free.count, before;

	do {
		before = g->frames.free.count;
		shrink_scan(s, goal - before);
	} while (g->frames.free.count < goal && g->frames.free.count > before);
	return g->frames.free.count - start;
}

uint64_t vmscan_direct_reclaim(struct sim *s, uint64_t want)
{
	uint64_t before = s->gem->frames.free.count;

	if (s->cfg.policy.reclaim_driver == SIM_RECLAIM_EXACT) {
		/* one round: the allocator (pg_reserve_frames()) repeats it */
		shrink_scan(s, want);
		return s->gem->frames.free.count - before;
	}
	return try_to_free_pages(s);
}

uint64_t vmscan_kswapd(struct sim *s, uint64_t high)
{
	struct gem *g = s->gem;
	uint64_t total = 0, got;

	if (s->cfg.policy.reclaim_driver == SIM_RECLAIM_EXACT)
		return exact_reclaim(s, high);
	/*
	 * kswapd(): balance_pgdat() again while the node is unbalanced; a run
	 * that reclaims nothing is a kswapd failure, and the next one would
	 * do the same (nothing else runs meanwhile): back to sleep.
	 */
	do {
		got = balance_pgdat(s, high);
		total += got;
	} while (got && g->frames.free.count < high);
	return total;
}
