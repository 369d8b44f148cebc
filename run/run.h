/* SPDX-License-Identifier: MIT */
/*
 * run/run.h - running a loaded scenario: the engine loop, the dispatcher
 * from scenario ops to the model, and the evaluation of expectations.
 *
 * Order of execution (docs/format.md, "When things happen"):
 *   - scenario events run in (time, file order);
 *   - at equal times, scenario events run before internal ones (a job's
 *     completion, background reclaim), which run in the order scheduled;
 *   - an expectation "at": T is checked once everything scheduled at a time
 *     <= T has run; "at": "end" once the run is over (nothing pending, or
 *     the scenario's "end" time is reached).
 */
#ifndef GEMSIM_SIM_RUN_H
#define GEMSIM_SIM_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "sim/scenario.h"
#include "sim/sim.h"
#include "run/workload.h"

#define RUN_KEPT 200     /* failures and notes kept for printing */
#define RUN_WORKLOADS 64 /* workloads whose counters the summary shows */

/** struct run_item - one failed expectation or unexpected error result. */
struct run_item {
	sim_ns at;
	uint32_t line, col; /* of the expectation or event in the file */
	uint32_t event;     /* scenario event index, or SIM_NONE */
	char msg[224];
};

/** struct run_result - what a run found. */
struct run_result {
	uint64_t events;            /* events run: scenario and internal */
	uint64_t passed;            /* expectations (checks and "ret") that held */
	uint64_t failed;            /* ... and that did not */
	uint64_t errors;            /* error results of events without "ret" */
	bool unexpected_violations; /* violations with no expectation naming them */
	struct run_item fails[RUN_KEPT];
	uint32_t nfails;
	struct run_item notes[RUN_KEPT];
	uint32_t nnotes;
	struct wl_stats workloads[RUN_WORKLOADS]; /* per workload, in file order */
	uint32_t nworkloads;
	bool has_fatal; /* the run could not go on (a bad trace line) */
	char fatal[SIM_ERROR_MSG + 64];
};

/**
 * struct sim_runner - a run in progress, advanced one event at a time (the
 * viewer steps it; run_scenario() runs it to the end).
 */
struct sim_runner {
	struct sim *s;
	const struct scenario *sc;
	struct run_result *r;
	uint32_t next; /* next scenario event */
	uint32_t xi;   /* next expectation */
	sim_ns stop;   /* the scenario's "end", or never */
	bool done;
	int code;          /* exit code once done */
	struct wl_set *wl; /* the workloads' state */
	/* called with the next event's time before it runs (output sampling) */
	void (*sample)(void *ctx, sim_ns t);
	void *sample_ctx;
	/* run-ahead: a workload firing may run its next steps inside this one
	 * (sim_run_ahead()) while they are due before this time and before
	 * anything else; 0 (the default) never: the viewer and the fuzzer step
	 * one event at a time.  No run-ahead with sampling on (a time series
	 * samples before each event); with checking on each step is checked. */
	sim_ns ahead;
	uint32_t last_event; /* scenario event the last step ran, or SIM_NONE (internal) */
	uint32_t last_wl;    /* workload the last step fired, or SIM_NONE */
	int last_ret;        /* its result (0 or GEMSIM_E*; madvise: 1/0) */
};

/** run_init() - prepare to run @sc on @s, results into @r (cleared). */
void run_init(struct sim_runner *rn, struct sim *s, const struct scenario *sc,
	      struct run_result *r);

/**
 * run_step() - run the next event (scenario or internal), checking
 * the expectations due before it and the invariants after it.
 * Returns: false when the run is over (then run_finish() has run).
 */
bool run_step(struct sim_runner *rn);

/** run_next_time() - Returns: the time of the next event, UINT64_MAX if none. */
sim_ns run_next_time(const struct sim_runner *rn);

/**
 * run_finish() - end the run: final invariant walk, remaining and
 * "end" expectations.  Idempotent.
 * Returns: the exit code (0 or 1).
 */
int run_finish(struct sim_runner *rn);

/**
 * run_scenario() - run @sc on a fresh sim built from it.
 * @s: a run made by gem_sim_create(&sc->cfg) (and GPU set up from @sc).
 * @sc: the scenario.
 * @r: filled with the outcome.
 *
 * Returns: the exit code of docs/cli.md: 0 when every expectation held and
 * no unexpected violation happened, 1 when not, 2 when the run could not go
 * on (r->fatal says why: a bad trace line).
 */
int run_scenario(struct sim *s, const struct scenario *sc, struct run_result *r);

/**
 * run_setup() - create the run for @sc: the object model and the GPU side.
 * Returns: the run, or NULL when host memory cannot be had.
 */
struct sim *run_setup(const struct scenario *sc);

/**
 * run_dispatch() - run one event against the model (no expectation check).
 * @s: the run.
 * @sc: the scenario (submit reads its object lists).
 * @e: the event.
 *
 * Returns: the op's result: 0, a negative GEMSIM_E* code, or for madvise
 * 1/0 (still not purged / purged).
 */
int run_dispatch(struct sim *s, const struct scenario *sc, const struct sim_event *e);

/**
 * run_describe_event() - "pin bo0" style text for event @idx of @sc.
 * @buf: output.
 * @len: its size.
 */
void run_describe_event(const struct scenario *sc, uint32_t idx, char *buf, size_t len);

#endif
