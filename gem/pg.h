/* SPDX-License-Identifier: MIT */
/*
 * gem/pg.h - physical page frames and swap slots.
 *
 * RAM is cfg.ram_pages frames, swap is cfg.swap_pages slots.  Each has one
 * owner at a time, kept in an array of uint32 (the object's slot, "free",
 * or "another consumer"), and a hierarchical free bitmap:
 *
 *   level 2:                 [1]
 *   level 1:        [1 1 0 ... 1]          bit i: word i below is not 0
 *   level 0:  [..64 frames..][..64..]...   bit f: frame f is free
 *
 * The lowest free frame is found with one count-trailing-zeros per level,
 * so allocation is O(log64 N) and always takes the lowest free index: an
 * object allocated from unfragmented memory gets contiguous, ascending
 * frames (the GPU side can then use 2 MiB blocks).  Per frame the host
 * keeps 4 bytes of owner and about 1.02 bits of bitmap; swap the same.
 *
 * Frames taken by other consumers (pressure) are marked in a second
 * bitmap so a release gives back exactly frames they hold.
 *
 * Models: the page allocator as seen by the shmem helper: an allocation
 * that finds no free frame runs direct reclaim (the shrinkers), and fails
 * with ENOMEM only if that freed nothing; background reclaim (kswapd) runs
 * when free frames fall under the low watermark.
 */
#ifndef GEMSIM_GEM_PG_H
#define GEMSIM_GEM_PG_H

#include <stdint.h>

#include "sim/sim.h"

/**
 * pg_pressure() - another memory consumer takes @pages frames.
 * @s: the run.
 * @pages: how many.
 *
 * Runs direct reclaim when free frames are short.  All or nothing.
 * Returns: 0, or GEMSIM_ENOMEM (counted as an OOM) when reclaim cannot
 * free enough; then no frame is taken.
 */
int pg_pressure(struct sim *s, uint64_t pages);

/**
 * pg_release() - other consumers give back @pages frames.
 * @s: the run.
 * @pages: how many.
 *
 * Returns: 0, or GEMSIM_EINVAL with a warning when they hold fewer.
 */
int pg_release(struct sim *s, uint64_t pages);

/** pg_free_frames() - Returns: free RAM frames. */
uint64_t pg_free_frames(const struct sim *s);

/** pg_free_slots() - Returns: free swap slots (get_nr_swap_pages()). */
uint64_t pg_free_slots(const struct sim *s);

/** pg_other_frames() - Returns: frames held by other consumers. */
uint64_t pg_other_frames(const struct sim *s);

/**
 * pg_leaked() - Returns: the frames (@swap false) or swap slots of objects
 * that leaked (v19 drm_gem_shmem_free() of a referenced object, 25/30).
 */
uint64_t pg_leaked(const struct sim *s, bool swap);

/*
 * Owner arrays, read-only, for front ends (the viewer walks them to draw
 * every frame): entry i is the object slot owning frame (slot) i, or one of
 * these three (the same definitions as gem_int.h's).
 */
#define PG_OWNER_FREE UINT32_MAX         /* owner of a free frame or slot */
#define PG_OWNER_OTHER (UINT32_MAX - 1)  /* owner of a frame taken by pressure */
#define PG_OWNER_LEAKED (UINT32_MAX - 2) /* owner of a leaked object's frame or slot */

/** pg_frame_owners() - Returns: cfg.ram_pages owners, one per frame;
 * valid until the run is destroyed. */
const uint32_t *pg_frame_owners(const struct sim *s);

/** pg_slot_owners() - Returns: cfg.swap_pages owners, one per swap slot
 * (NULL when there is no swap). */
const uint32_t *pg_slot_owners(const struct sim *s);

/** pg_frame_owner() - Returns: the object slot owning @frame, or SIM_NONE
 * when free, taken by another consumer, or out of range. */
uint32_t pg_frame_owner(const struct sim *s, uint64_t frame);

#endif
