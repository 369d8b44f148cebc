/*
 * bench/scan_visit.h - the per-object cost of a shrinker scan (scan_visit.c).
 */
#ifndef GEMSIM_BENCH_SCAN_VISIT_H
#define GEMSIM_BENCH_SCAN_VISIT_H

/** bench_scan_visit() - measure and print ns per object visited. Returns: 0 or 1. */
int bench_scan_visit(void);

#endif
