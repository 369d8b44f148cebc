/* SPDX-License-Identifier: MIT */
/*
 * output/output.h - files for analysis written while a run goes on:
 *
 *   --timeseries FILE.csv   one row per sampling interval: memory gauges and
 *                           running totals (docs/cli.md lists the columns)
 *   --trace FILE.json       Chrome trace-event JSON, which Perfetto and
 *                           chrome://tracing open: GPU queues with jobs as
 *                           slices, a track per object showing its state
 *                           (counts and madv as arguments), memory counters
 *                           written when they change, instants for faults,
 *                           evictions, purges, shrinker scans, OOMs and
 *                           violations, flows from a fault to the reclaim it
 *                           ran and from swap-ins to the job that waited
 *
 * Both are observers of the run (sim_observe) plus a sampler the runner
 * calls as time passes; the output is integers only, so the same run gives
 * the same bytes on every host.
 */
#ifndef GEMSIM_SIM_OUTPUT_H
#define GEMSIM_SIM_OUTPUT_H

#include "base/error.h"
#include "sim/scenario.h"
#include "sim/sim.h"

struct out;

/*
 * Caps on what one run writes, whatever its length (an event at 2^62 ns
 * is legal): at most OUT_MAX_ROWS time series rows (about 40 MB) and
 * OUT_MAX_TRACE_EVENTS trace events (about 110 MB; a change of the counters is three).
 * Past a cap the file stops growing and stays well-formed; out_notes()
 * says where it was cut.
 */
#define OUT_MAX_ROWS 1000000u
#define OUT_MAX_TRACE_EVENTS 1000000u

/** struct out_opts - what to write. */
struct out_opts {
	const char *timeseries; /* CSV path, or NULL */
	const char *trace;      /* trace-event JSON path, or NULL */
	sim_ns every;           /* sampling interval of the timeseries rows */
	/* `gemsim compare`: write the trace's events into this open
	 * traceEvents array (output/tev.h; the caller owns the file and
	 * its frame) instead of a file of our own; @trace is then unused */
	struct jsonw *trace_into;
	uint32_t pid;        /* the trace's process id (0: 1) */
	const char *process; /* the process's name (NULL: the scenario's) */
};

/**
 * out_create() - start the files (temporaries beside them, base/ofile.h) and
 * register as an observer of @s.
 * @err: filled on failure (file names the path).
 * Returns: the writer, or NULL with @err set.
 */
struct out *out_create(struct sim *s, const struct scenario *sc, const struct out_opts *opts,
		       struct sim_error *err);

/**
 * out_sample() - the run is about to move past @t: write the samples due at
 * or before @t (the runner's sampling hook).
 */
void out_sample(void *o, sim_ns t);

/**
 * out_finish() - write the last samples up to the end time, close open
 * slices, and put the files in place.
 * Returns: 0, or -1 when writing failed (@err says which file).
 */
int out_finish(struct out *o, struct sim_error *err);

/**
 * out_notes() - lines for the user about files a cap cut short, each
 * ending in a newline; "" when none was.
 */
void out_notes(const struct out *o, char *buf, size_t len);

/**
 * out_destroy() - free the writer.  Files not yet finished are abandoned:
 * the paths keep what they held before (base/ofile.h).
 */
void out_destroy(struct out *o);

#endif
