/* SPDX-License-Identifier: MIT */
/*
 * fuzz/fuzz_run.h - what the fuzz targets share: run a loaded scenario
 * with hard caps, so no input can make one iteration hang or eat memory,
 * and treat a breach of the model's invariants under a sound policy as a
 * crash.
 *
 * Caps (docs/reliability.md, "Fuzzing"):
 *   FUZZ_MAX_STEPS      events run (scenario and internal); the runner is
 *                       advanced one step at a time and finished early
 *   FUZZ_MAX_PAGES      ram_pages + swap_pages of a scenario that is run
 *   FUZZ_MAX_OBJ_PAGES  pages of any one object (objects block, create
 *                       events, churn sizes); bigger scenarios are only
 *                       loaded, not run
 *   FUZZ_MAX_NAMES      named things of one kind
 *   FUZZ_OUT_UNTIL      simulated time up to which the time-series and
 *                       trace writers sample (every 1 ms) into /dev/null
 *
 * The oracle: a violation is a crash unless the scenario asked for a broken
 * policy: reclaim_pinned (anything goes) or vmap_pins=false (only
 * invariant 11, use-after-reclaim through a weak vmap).
 */
#ifndef GEMSIM_FUZZ_FUZZ_RUN_H
#define GEMSIM_FUZZ_FUZZ_RUN_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "output/output.h"
#include "run/run.h"
#include "sim/scenario.h"
#include "run/workload.h"

#define FUZZ_MAX_STEPS 20000
#define FUZZ_MAX_PAGES (1u << 20)
#define FUZZ_MAX_OBJ_PAGES (1u << 16)
#define FUZZ_MAX_NAMES 4096
#define FUZZ_OUT_UNTIL (10ull * 1000 * 1000 * 1000)

struct fuzz_sample {
	struct out *out;
	int live;
};

static inline void fuzz_sample_hook(void *ctx, sim_ns t)
{
	struct fuzz_sample *fs = ctx;

	if (fs->live && t <= FUZZ_OUT_UNTIL)
		out_sample(fs->out, t);
	else
		fs->live = 0;
}

/* Whether @sc is small enough to run within the caps. */
static inline int fuzz_small(const struct scenario *sc)
{
	if (sc->cfg.ram_pages + sc->cfg.swap_pages > FUZZ_MAX_PAGES)
		return 0;
	for (int k = 0; k < SIM_K_COUNT; k++)
		if (sc->nnames[k] > FUZZ_MAX_NAMES)
			return 0;
	for (uint32_t i = 0; i < sc->nnames[SIM_K_BO]; i++)
		if (sc->bo_pages[i] > FUZZ_MAX_OBJ_PAGES)
			return 0;
	for (uint32_t i = 0; i < sc->nevents; i++)
		if (sc->events[i].op == SIM_OP_CREATE && sc->events[i].x > FUZZ_MAX_OBJ_PAGES)
			return 0;
	for (uint32_t i = 0; i < sc->nworkloads; i++)
		if (sc->workloads[i].type == SIM_WL_CHURN &&
		    sc->workloads[i].size_max > FUZZ_MAX_OBJ_PAGES)
			return 0;
	return 1;
}

/* Abort (a crash for libFuzzer) on a violation the policy does not explain. */
static inline void fuzz_oracle(const struct sim *s, const struct scenario *sc)
{
	const struct sim_policy *p = &sc->cfg.policy;

	if (p->reclaim_pinned || !s->violations)
		return;
	for (unsigned inv = 0; inv < 16; inv++) {
		if (!s->violations_by_inv[inv] || (inv == 11 && !p->vmap_pins))
			continue;
		fprintf(stderr, "fuzz: %llu violation(s) of invariant %u under a sound policy\n",
			(unsigned long long)s->violations_by_inv[inv], inv);
		for (uint32_t i = 0; i < s->nr_reports; i++)
			if (s->reports[i].invariant)
				fprintf(stderr, "  at %llu ns: invariant %u: %s\n",
					(unsigned long long)s->reports[i].at,
					s->reports[i].invariant, s->reports[i].msg);
		abort();
	}
}

/*
 * Run @sc within the caps, trace files opened by @open (NULL: none can be
 * opened), with the time-series and trace writers on.  Returns the exit
 * code, or -1 when the scenario is too big to run.
 */
static inline int fuzz_run(const struct scenario *sc, wl_open_fn open, void *open_ctx)
{
	struct out_opts oo = { .timeseries = "/dev/null", .trace = "/dev/null" };
	struct fuzz_sample fs = { 0 };
	struct sim_runner rn;
	struct sim_error err;
	struct run_result *r;
	struct sim *s;
	int code;

	if (!fuzz_small(sc))
		return -1;
	s = run_setup(sc);
	r = malloc(sizeof(*r));
	if (!s || !r) {
		free(r);
		gem_sim_destroy(s);
		return -1;
	}
	s->check = true;
	fs.out = out_create(s, sc, &oo, &err);
	fs.live = fs.out != NULL;
	run_init(&rn, s, sc, r);
	wl_set_opener(rn.wl, open, open_ctx);
	if (fs.out) {
		rn.sample = fuzz_sample_hook;
		rn.sample_ctx = &fs;
	}
	for (unsigned steps = 0; steps < FUZZ_MAX_STEPS && run_step(&rn); steps++)
		;
	code = run_finish(&rn);
	if (fs.out && fs.live && s->now <= FUZZ_OUT_UNTIL && out_finish(fs.out, &err))
		abort(); /* writing to /dev/null cannot fail */
	out_destroy(fs.out);
	fuzz_oracle(s, sc);
	free(r);
	gem_sim_destroy(s);
	return code;
}

/* An opener that opens nothing: scenarios under fuzzing must not read the host's files. */
static inline FILE *fuzz_open_none(void *ctx, const char *path)
{
	(void)ctx;
	(void)path;
	errno = EACCES;
	return NULL;
}

#endif
