/* SPDX-License-Identifier: MIT */
/*
 * cli/cli_sweep.h - a sweep's runs, shared by cli/cli_sweep.c (running
 * them, the CSV, the chart, --jobs-list) and cli/cli_merge.c (--merge).
 *
 * Run numbers: run = combo * nseeds + seed index, and combo counts through
 * the --vary values with the last --vary the fastest.
 */
#ifndef SIM_CLI_SWEEP_H
#define SIM_CLI_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/cli.h"
#include "base/error.h"

#define SWEEP_MAX_VARY 8
#define SWEEP_MAX_VALUES 256

struct vary {
	char key[256];
	char *values[SWEEP_MAX_VALUES];
	unsigned n;
	char *buf; /* the split copy the values point into */
};

struct sweep {
	const char *file;
	struct vary vary[SWEEP_MAX_VARY];
	unsigned nvary;
	const char **fixed; /* --set */
	size_t nfixed;
	uint64_t *seeds;
	size_t nseeds;
	bool scenario_seed; /* no --seeds: each run uses the scenario's own */
	bool no_check;      /* --no-check: runs do not check the invariants */
	size_t nruns;
	struct cli_result *res;
};

/* The index into vary[@k].values of run @run. */
unsigned sweep_value_of(const struct sweep *sw, size_t run, unsigned k);
/* The seed of run @run (meaningless when scenario_seed). */
uint64_t sweep_seed_of(const struct sweep *sw, size_t run);
/* The scenario file of run @run: FILE, or the value of "--vary file=". */
const char *sweep_run_file(const struct sweep *sw, size_t run);

/*
 * The --set list of run @run: the fixed ones, then one "KEY=VALUE" per
 * vary but "file", in one block *@buf.  The caller frees both; NULL when
 * out of memory.
 */
const char **sweep_run_sets(const struct sweep *sw, size_t run, char **buf, size_t *n);

/**
 * sweep_print_summary() - `--summary`: per combination of --vary values, the
 * mean and 95% interval of @metric over the seeds, and its min and max
 * (cli/cli_sweep_summary.c).  Returns: 0, or -1 out of memory.
 */
int sweep_print_summary(FILE *f, const struct sweep *sw, const char *metric);

/**
 * merge_all() - fill sw->res from DIR/RUN.json, what the runs of a
 * --jobs-list --out-dir DIR wrote (cli/cli_merge.c).
 * Returns: 0, or -1 with @err naming the file (*@path_out, freed by the
 * caller) and why.
 */
int merge_all(struct sweep *sw, const char *dir, char **path_out, struct sim_error *err);

#endif
