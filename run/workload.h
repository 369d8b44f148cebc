/* SPDX-License-Identifier: MIT */
/*
 * run/workload.h - workload generators: events made from the run's seeded
 * random stream (or read from a trace file) while the run goes on.
 *
 * Each workload is a generator that fires at a time, performs one action
 * against the model (a GPU job, a CPU touch, a change of memory pressure,
 * an object created or freed, a trace line) and schedules its next firing
 * as a SIM_Q_WORKLOAD event.  Nothing is generated ahead of time: a
 * workload of a billion actions costs its state, not a billion events.
 * Each workload draws from its own stream forked from the run's seed, so
 * adding a workload does not change what another one draws.
 */
#ifndef GEMSIM_SIM_WORKLOAD_H
#define GEMSIM_SIM_WORKLOAD_H

#include <stdint.h>
#include <stdio.h>

#include "sim/scenario.h"
#include "sim/sim.h"

struct wl_set;

/** struct wl_stats - what one workload did, for the summary. */
struct wl_stats {
	uint64_t actions; /* actions performed */
	uint64_t errors;  /* actions whose result was an error */
};

/**
 * wl_create() - set up the workloads of @sc and schedule their first firings.
 * Returns: the set (NULL when @sc has none or memory is short: check
 * sc->nworkloads to tell).
 */
struct wl_set *wl_create(struct sim *s, const struct scenario *sc);

/**
 * wl_fire() - handler of SIM_Q_WORKLOAD: fire workload @idx.
 * Returns: 0, or -1 when the run cannot go on (a bad trace line); then
 * wl_error() says why, as "file:line: message".
 */
int wl_fire(struct sim *s, struct wl_set *w, uint32_t idx);

/* Opens a trace file for reading; NULL with errno set when it cannot. */
typedef FILE *(*wl_open_fn)(void *ctx, const char *path);

/**
 * wl_set_opener() - open trace files with @fn instead of fopen().
 * @w: the set (NULL is fine: nothing to open).
 * @fn: the opener, called once per trace workload at its first firing;
 *      the set fcloses what it returns.
 * @ctx: passed to @fn.
 *
 * For callers that hold a trace in memory (fmemopen): the fuzz target of
 * the trace reader, tests.  Call it before the first run_step().
 */
void wl_set_opener(struct wl_set *w, wl_open_fn fn, void *ctx);

/** wl_error() - Returns: the message of the last fatal error. */
const char *wl_error(const struct wl_set *w);

/** wl_get_stats() - Returns: the counters of workload @idx. */
const struct wl_stats *wl_get_stats(const struct wl_set *w, uint32_t idx);

/**
 * wl_trace_parse_only() - read and decode every request of a request trace
 * (ids, oracleGeneral, libcachesim_csv) without simulating: the parse half
 * of a replay's time, for the bench.
 * @w: a trace workload of a loaded scenario.
 * @requests: set to the number of requests.
 * @err: the message when it fails, @errlen bytes.
 * Returns: 0, or -1 (a gemsim csv trace, a bad record, a file that cannot
 * be opened).
 */
int wl_trace_parse_only(const struct sim_workload *w, uint64_t *requests, char *err, size_t errlen);

/** wl_destroy() - free the set (NULL is fine), closing trace files. */
void wl_destroy(struct wl_set *w);

#endif
