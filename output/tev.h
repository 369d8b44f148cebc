/* SPDX-License-Identifier: MIT */
/*
 * output/tev.h - writing Chrome trace-event JSON (the format Perfetto
 * and chrome://tracing read): the file's frame with its otherData, and
 * events of one process.
 *
 *   {"displayTimeUnit":"ns","otherData":{...},"traceEvents":[ EVENT, ... ]}
 *
 * Each event names its process (pid) and track (tid); timestamps are
 * microseconds with three decimals printed from integer nanoseconds, so
 * the same run gives the same bytes everywhere.  `gemsim compare` puts
 * each side in a process of its own in one file.
 */
#ifndef GEMSIM_SIM_TEV_H
#define GEMSIM_SIM_TEV_H

#include <stdint.h>

#include "base/jsonw.h"
#include "sim/sim.h"

struct scenario;

/** struct tev - where events go: the open traceEvents array, and the process. */
struct tev {
	struct jsonw *w;
	uint32_t pid;
};

/**
 * tev_open() - start a trace file on @w: displayTimeUnit, otherData (the
 * gemsim version, the scenario's name and file, the seed and kernel of
 * @s, and @sides, one line per process when there are several), and open
 * the traceEvents array.
 */
void tev_open(struct jsonw *w, const struct sim *s, const struct scenario *sc,
	      const char *const *sides, unsigned nsides);

/** tev_close() - close the array and the file's object. */
void tev_close(struct jsonw *w);

/** tev_begin() - open event @ph @name on track @tid at @t; the caller adds
 * members and closes it with jsonw_obj_close(). */
void tev_begin(struct tev *e, const char *ph, const char *name, uint32_t tid, sim_ns t);

/** tev_ts() - a time member (@key "ts" or "dur") in microseconds. */
void tev_ts(struct tev *e, const char *key, sim_ns t);

/** tev_process() - the process's name and sort order (metadata events). */
void tev_process(struct tev *e, const char *name);

/** tev_thread() - a track's name and sort order. */
void tev_thread(struct tev *e, uint32_t tid, const char *name, uint32_t sort);

/**
 * tev_flow() - one end of flow arrow @id ("s" its start, "f" its end,
 * bound to the slice enclosing @t on track @tid).
 */
void tev_flow(struct tev *e, const char *ph, const char *name, uint32_t tid, sim_ns t, uint64_t id);

#endif
