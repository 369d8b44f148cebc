/* SPDX-License-Identifier: MIT */
/*
 * gem/vmscan.h - who asks the shrinker for pages: the kernel's reclaim
 * driver (mm/vmscan.c, mm/shrinker.c) or the exact-shortfall request.
 *
 * policy.reclaim_driver "vmscan" (the default) drives the shrinker as the
 * kernel does:
 *
 *   do_shrink_slab(priority)    count_objects(); scan (freeable >> priority)
 *                               * 4 / seeks objects (freeable / 2 when seeks
 *                               is 0) plus (nr_deferred >> priority), at most
 *                               2 * freeable, in scan_objects() calls of
 *                               `batch` (SHRINK_BATCH, 128) until less than a
 *                               batch is left (or all of a cache smaller than
 *                               the scan), stopping on SHRINK_STOP; what was
 *                               asked for and not scanned is deferred to the
 *                               next call (at most 2 * freeable)
 *   try_to_free_pages()         direct reclaim: shrink the node at priority
 *                               DEF_PRIORITY (12), then 11, ... 0 until
 *                               SWAP_CLUSTER_MAX (32) frames were reclaimed
 *   balance_pgdat()             kswapd: priority DEF_PRIORITY down to 1 until
 *                               free frames reach the high watermark; one
 *                               round a priority (the kernel keeps it while
 *                               the page LRU's scan reaches max(high,
 *                               SWAP_CLUSTER_MAX); the slab's scan does not
 *                               count and there is no page LRU here)
 *
 * The node has no page LRU here: the shrinker's memory is all there is to
 * reclaim, so shrink_node() is shrink_slab() and the frames it releases
 * count as reclaimed (the kernel counts the LRU's pages and the slab's
 * reclaim_state; GEM pages freed by a shrinker reach neither).
 *
 * "exact" asks scan_objects() for exactly the frames missing, again while
 * each round frees some: the model of a cache (an ideal LRU cache's
 * misses, docs/performance.md), kept for cache-equivalence studies.
 */
#ifndef GEMSIM_GEM_VMSCAN_H
#define GEMSIM_GEM_VMSCAN_H

#include <stdint.h>

#include "sim/sim.h"

/**
 * vmscan_direct_reclaim() - one round of direct reclaim for an allocation
 * short of @want frames, by the run's driver.
 * @s: the run.
 * @want: frames missing.
 *
 * exact: shrink_scan(@want); vmscan: try_to_free_pages(), which aims at
 * policy.vmscan.swap_cluster_max frames whatever @want (the allocator
 * calls it again while it makes progress).
 * Returns: frames released.
 */
uint64_t vmscan_direct_reclaim(struct sim *s, uint64_t want);

/**
 * vmscan_kswapd() - background reclaim up to @high free frames.
 * @s: the run.
 * @high: the high watermark.
 *
 * exact: shrink_scan() for the frames missing, again while it frees
 * some; vmscan: balance_pgdat() runs, again while one reclaims frames and
 * the node is not balanced.
 * Returns: frames released.
 */
uint64_t vmscan_kswapd(struct sim *s, uint64_t high);

/**
 * vmscan_shrink_slab() - do_shrink_slab(): one call of the shrinker at
 * @priority, with the deferred work.
 * @s: the run.
 * @priority: 0 (scan everything) .. the run's def_priority.
 * @nr_scanned: incremented by the objects (pages) scan_objects was asked for
 *	(the kernel's SLABS_SCANNED event; not the caller's sc->nr_scanned).
 *
 * Returns: the sum of what scan_objects returned (SHRINK_STOP ends the
 * call and adds nothing); 0 when count_objects found nothing (0 or
 * SHRINK_EMPTY), the deferred work then untouched.
 */
uint64_t vmscan_shrink_slab(struct sim *s, unsigned priority, uint64_t *nr_scanned);

/** vmscan_nr_deferred() - Returns: the shrinker's nr_deferred (work carried over). */
uint64_t vmscan_nr_deferred(const struct sim *s);

#endif
