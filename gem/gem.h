/* SPDX-License-Identifier: MIT */
/*
 * gem/gem.h - the object model as a whole: set-up, invariant checks,
 * background reclaim.
 *
 * gem/ is the memory side of gemsim: frames and swap (pg.h), shmem objects
 * and CPU mappings (shm.h), the LRU lists and policies (lru.h), the
 * shrinker (shrink.h) and dma-buf sharing (dmabuf.h).  Its state hangs off
 * struct sim as s->gem, created by gem_sim_create() through gem_create().
 *
 * Invariants (docs/model.md) are checked incrementally: every
 * operation marks the objects it changed, and gem_check_dirty() checks
 * those plus O(1) global accounting.  gem_check_all() walks everything.
 * Breaches are reported with sim_violation(s, N, "bo: ..."); see
 * docs/model.md for each message.
 */
#ifndef GEMSIM_GEM_GEM_H
#define GEMSIM_GEM_GEM_H

#include <stddef.h>

#include "sim/sim.h"

/**
 * gem_create() - set up frames, swap and empty tables for @s->cfg.
 * @s: the run (s->gem must be NULL).
 *
 * Returns: 0, GEMSIM_ENOMEM when host memory cannot be had, GEMSIM_EINVAL
 * when ram_pages or swap_pages do not fit 32-bit frame numbers.
 */
int gem_create(struct sim *s);

/** gem_destroy() - free everything gem_create() and the operations allocated. */
void gem_destroy(struct sim *s);

/**
 * gem_check_dirty() - check the invariants on the objects changed since
 * the last check, and the global counts; forget the changes.
 * @s: the run.  Calls s->gpu_check_bo for each changed object if set.
 */
void gem_check_dirty(struct sim *s);

/**
 * gem_check_all() - check every invariant on every object, every frame and
 * slot, and every list, by walking them all (tests, end of run).
 * @s: the run.
 */
void gem_check_all(struct sim *s);

/**
 * gem_background_reclaim() - the SIM_Q_RECLAIM handler (kswapd): run the
 * shrinker until policy.wm_high frames are free or it makes no progress.
 * @s: the run.
 */
void gem_background_reclaim(struct sim *s);

/** gem_host_bytes() - Returns: host memory gem/ holds right now, in bytes. */
size_t gem_host_bytes(const struct sim *s);

/** gem_pinned_pages() - Returns: pages of objects on the pinned list (not reclaimable). */
uint64_t gem_pinned_pages(const struct sim *s);

#endif
