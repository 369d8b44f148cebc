/* SPDX-License-Identifier: MIT */
/*
 * output/kstats.h - the run's memory in the kernel's own formats, so
 * gemsim's numbers read like those of a real system:
 *
 *   drm fdinfo   the lines drm_show_memory_stats() prints for a DRM file
 *                (drm-total-memory, -shared-, -active-, -resident-,
 *                -purgeable-), as if every object were in one file, with
 *                drm_print_memory_stats()'s units;
 *   vmstat       pswpin / pswpout: pages read from and written to swap.
 *
 * `--dump-at` prints them, the time series carries them as columns.
 */
#ifndef GEMSIM_SIM_KSTATS_H
#define GEMSIM_SIM_KSTATS_H

#include <stdint.h>
#include <stdio.h>

#include "base/jsonw.h"
#include "sim/sim.h"

/** struct kstats - drm_memory_stats in bytes, and the two vmstat counters. */
struct kstats {
	uint64_t total;     /* private + shared: every object's size */
	uint64_t shared;    /* exported or imported (drm_gem_object_is_shared_for_memory_stats) */
	uint64_t active;    /* with unsignalled fences (!dma_resv_test_signaled) */
	uint64_t resident;  /* with pages (the driver's status RESIDENT; a heap: its rss) */
	uint64_t purgeable; /* resident and marked DONTNEED */
	uint64_t pswpin;    /* pages read back from swap */
	uint64_t pswpout;   /* pages written to swap */
};

#define KSTATS_FDINFO 5                                      /* the drm-*-memory lines */
extern const char *const kstats_fdinfo_names[KSTATS_FDINFO]; /* "drm-total-memory", ... */

/** kstats_get() - @k for the state of @s now (a walk over every object). */
void kstats_get(struct sim *s, struct kstats *k);

/** kstats_fdinfo_value() - line @i's value of @k in bytes (order of kstats_fdinfo_names). */
uint64_t kstats_fdinfo_value(const struct kstats *k, int i);

/**
 * kstats_size() - @bytes as drm_print_memory_stats() prints a size: divided
 * by 1024 while it stays a whole non-zero number, up to MiB ("64 KiB",
 * "3 MiB", "1536 KiB", "0").
 */
void kstats_size(uint64_t bytes, char *buf, size_t len);

/** kstats_text() - the fdinfo lines ("drm-total-memory:\t64 KiB") and the
 * vmstat lines ("pswpin 0"), each after @indent. */
void kstats_text(const struct kstats *k, FILE *f, const char *indent);

/** kstats_json() - "fdinfo" and "vmstat" members of the object open in @w. */
void kstats_json(const struct kstats *k, struct jsonw *w);

#endif
