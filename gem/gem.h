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
 * gem_mark_gpu() - the GPU page tables of object @bo changed (PTEs written
 * or cleared): its next incremental check walks its GPU mappings.
 * @s: the run.  @bo: the object's slot (nothing happens for a dead slot).
 *
 * gem_check_dirty() walks an object's GPU mappings (invariant 5) only when
 * its pages or its GPU page tables changed, it is an import (whose frames
 * are its exporter's), or its last walk found a breach.
 */
void gem_mark_gpu(struct sim *s, uint32_t bo);

/**
 * gem_check_verify() - test the dirty tracking itself: after a
 * gem_check_dirty(), no object or list may differ from what its last check
 * saw (a change the model made without marking it, which the incremental
 * check would not have looked at).  The soak calls it after every check.
 * @s: the run.
 *
 * The first call starts recording (a fingerprint per object, kept by every
 * later check, at a cost proportional to the object) and walks everything
 * with gem_check_all(); later calls compare every object and list.
 * @what: where to say what changed unseen (@len bytes, at least 1).
 * Returns: 0 when nothing changed unseen, 1 when something did (named in
 * @what), GEMSIM_ENOMEM when the fingerprints cannot be kept.
 */
int gem_check_verify(struct sim *s, char *what, size_t len);

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
