/* SPDX-License-Identifier: MIT */
/*
 * bench/scan_visit.h - the per-object cost of a shrinker scan (scan_visit.c).
 */
#ifndef GEMSIM_BENCH_SCAN_VISIT_H
#define GEMSIM_BENCH_SCAN_VISIT_H

#include <stdbool.h>

/** bench_scan_visit() - measure and print ns per object visited.
 * @quick: a smaller set (CI smoke: it fits in cache, the figure is low).
 * Returns: 0 or 1. */
int bench_scan_visit(bool quick);

#endif
