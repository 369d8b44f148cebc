/* SPDX-License-Identifier: MIT */
/*
 * gem/shrink.h - the shmem shrinker (count_objects / scan_objects).
 *
 * Models drm_gem_shmem_shrinker_{count,scan}_objects of the "drm/shmem-helper:
 * Add memory shrinker" series (v19 22/30) over drm_gem_lru_scan(), with the
 * structure of msm_gem_shrinker_scan() (policy.shrinker=msm) and the
 * purge-only shrinker of mainline panfrost (model.kernel=mainline):
 *
 *   scan(nr):  purge pass over the evictable list (purgeable objects only;
 *              msm: its dontneed list) then, if fewer than nr pages were
 *              freed and policy.evict, an evict pass (evictable objects,
 *              swap space permitting; msm: its willneed list).
 *              purge_first=false: one pass that purges or evicts each
 *              candidate in list order.  With policy.busy_wait, the same
 *              again as msm's active stages, which may wait.
 *
 *   per candidate, from the head of the list (each visited once per pass;
 *   visited ones go to a scan list spliced back to the tail at the end):
 *     resv lock held ........ skip, its pages count as "remaining"
 *     not a candidate ....... skip (e.g. not purgeable in the purge pass)
 *     policy spares it ...... to the tail, revisited later in the pass
 *     busy (fences) ......... skip; in an active stage, a bounded wait
 *                             first (msm waits 10 jiffies): the time until
 *                             the fence, or the whole bound when it does not
 *                             come, charged to the reclaim's work
 *   mainline panfrost walks in place (list_for_each_entry_safe): what it
 *   skips stays where it is, what it purges leaves the list
 *     no swap for it ........ skip (evict only)
 *     else .................. purge or evict, unmapping GPU and CPU mappings
 *
 * Each visit costs costs.scan_object of reclaim time; the work is
 * proportional to the objects visited, never a walk over all objects.
 * Progress counts object sizes (drm_gem_lru_scan); the stats count the
 * frames actually released.
 */
#ifndef GEMSIM_GEM_SHRINK_H
#define GEMSIM_GEM_SHRINK_H

#include <stdint.h>

#include "sim/sim.h"

#define SHRINK_STOP ((int64_t)-1)
/* count_objects has nothing: include/linux/shrinker.h, (~0UL - 1) */
#define SHRINK_EMPTY (UINT64_MAX - 1)

/**
 * shrink_count() - count_objects of the modelled driver.
 * @s: the run.
 *
 * Returns: pages the shrinker could free, as the driver counts them:
 *   v19 (generic, v19 panfrost): the pages on lru_evictable, SHRINK_EMPTY
 *       when there are none (drm_gem_shmem_shrinker_count_objects());
 *   msm: dontneed pages, plus willneed pages when eviction is on and any
 *       swap is free (msm_gem_shrinker_count(), can_swap()); 0 when none;
 *   mainline panfrost: pages of the purgeable objects on its list
 *       (panfrost_gem_shrinker_count()); 0 when none.
 */
uint64_t shrink_count(struct sim *s);

/**
 * shrink_scan() - scan_objects: try to free @nr pages.
 * @s: the run.
 * @nr: pages wanted (nr_to_scan).
 *
 * Every caller may block (can_block() of msm is true for all of them:
 * allocations are GFP_KERNEL-like, background reclaim is kswapd).
 *
 * Returns: what the modelled driver returns, "freed" being the sizes of
 * the objects reclaimed (drm_gem_lru_scan()'s count, not frames):
 *   mainline panfrost: freed, 0 included (panfrost_gem_shrinker_scan());
 *   v19 and msm: freed when freed > 0 and an object was skipped on its
 *       lock (remaining > 0), else SHRINK_STOP
 *       (drm_gem_shmem_shrinker_scan_objects(), msm_gem_shrinker_scan()).
 * stats.shrinker_pages_freed counts the frames actually released.
 */
int64_t shrink_scan(struct sim *s, uint64_t nr);

#endif
