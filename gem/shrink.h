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
 *     busy (fences) ......... skip; in an active stage, unless the last
 *                             fence is due within policy.busy_wait: a
 *                             bounded wait (msm waits 10 jiffies), counted;
 *                             the simulated clock does not move for it
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

/** shrink_count() - count_objects: Returns: pages on the evictable list. */
uint64_t shrink_count(struct sim *s);

/**
 * shrink_scan() - scan_objects: try to free @nr pages.
 * @s: the run.
 * @nr: pages wanted (nr_to_scan).
 *
 * Returns: pages freed, or SHRINK_STOP when nothing could be freed.  (The
 * v19 helper also answers STOP after a pass that freed pages without lock
 * contention; returning the count instead lets callers and scenarios see
 * the progress.  Callers in this simulator look at free frames, not at
 * the return value, so the allocation path is the same.)
 */
int64_t shrink_scan(struct sim *s, uint64_t nr);

#endif
