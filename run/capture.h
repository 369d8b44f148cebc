/* SPDX-License-Identifier: MIT */
/*
 * run/capture.h - reading a kernel capture (the line format of
 * tools/capture/gemsim-capture.bt, docs/capture.md) into a scenario that
 * replays the capture's buffer lifecycle under any policy:
 *
 *   capture line                         scenario event
 *   create obj=A size=S                  create boN (S rounded up to pages)
 *   pin / unpin / vmap / vunmap          pin / unpin / vmap / vunmap boN
 *   get_pages / put_pages / get_pages_sgt, purge, evict, swapin: the same
 *   madvise obj=A madv=M                 madvise boN advice M
 *   mmap obj=A vma=V / munmap vma=V      mmap boN map mK / munmap mK
 *   fault vma=V page=P                   cpu_access mK page P
 *   free obj=A                           free boN
 *   scan shrinker=D nr=N                 shrink nr N
 *   slab_start/slab_end of a GPU shrinker (when no scan lines): shrink nr
 *                                        (what it scanned)
 *
 * Only the outermost call of a thread is replayed (DEPTH 0): what a call
 * does inside (vmap's pin, free's put_pages, the purges a scan makes) is
 * the model's to do again, so that another policy can decide otherwise.
 * Shrinker scans are replayed at any depth.  A release whose take the
 * capture did not see (an unpin before any pin, a munmap of an unknown
 * VMA) is dropped; an object first seen after its create is created at
 * its first line.  The counts of each are in the scenario's "x-capture".
 */
#ifndef GEMSIM_SIM_CAPTURE_H
#define GEMSIM_SIM_CAPTURE_H

#include <stdint.h>
#include <stdio.h>

#include "base/error.h"

/** struct capture_opts - how to import. */
struct capture_opts {
	uint64_t ram_bytes; /* "memory": RAM (and swap) of the replay; 0: the
				 * peak of the objects alive at once */
	const char *name;   /* the scenario's name; NULL: "capture" */
};

/** struct capture_sum - what an import found (also in "x-capture"). */
struct capture_sum {
	uint64_t lines;      /* call lines read */
	uint64_t replayed;   /* events written */
	uint64_t nested;     /* calls inside other probed calls: left to the model */
	uint64_t failed;     /* calls that returned an error: no effect to replay */
	uint64_t unbalanced; /* releases whose take was before the capture */
	uint64_t seen_first; /* objects first seen after their create */
	uint64_t scans;      /* shrinker scans replayed */
	uint64_t other_slab; /* slab shrinker calls of other caches (not replayed) */
	uint64_t objects;    /* objects in the scenario */
	uint64_t ram_pages;  /* the replay's RAM */
	uint64_t span_ns;    /* from the first line to the last */
};

/**
 * capture_import() - read the capture @in (named @path in messages) and
 * write the scenario to @out.
 * @err: on failure, the file, line (and column) and what is wrong.
 * Returns: 0, or -1 with @err set (a bad, truncated or empty capture, or
 * no memory); @out may then hold part of a scenario.
 */
int capture_import(FILE *in, const char *path, FILE *out, const struct capture_opts *opts,
		   struct capture_sum *sum, struct sim_error *err);

#endif
