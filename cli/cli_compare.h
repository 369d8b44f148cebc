/* SPDX-License-Identifier: MIT */
/*
 * cli/cli_compare.h - `gemsim compare`'s outputs besides the table
 * (cli/cli_compare_out.c): --json and --trace.
 */
#ifndef GEMSIM_SIM_CLI_COMPARE_H
#define GEMSIM_SIM_CLI_COMPARE_H

#include <stdbool.h>
#include <stdio.h>

#include "base/jsonw.h"
#include "base/ofile.h"
#include "cli/cli.h"

/** struct cmp_trace - compare's --trace file: both sides, a process each. */
struct cmp_trace {
	struct ofile of;
	struct jsonw w;
	struct cli_trace tr;       /* what the runs write through */
	char sides[2][200];        /* "A: --set ...", the process names */
	const char *side_names[2]; /* sides[0], sides[1] */
	bool on;
};

/**
 * cmp_trace_open() - check @path against the scenario @file's inputs and
 * start writing it.  A scenario that cannot be loaded is left to the runs
 * to report (@t stays off).  Returns: 0, or -1 after printing why.
 */
int cmp_trace_open(struct cmp_trace *t, const char *file, const char *path);

/** cmp_trace_names() - name the two processes after their overrides. */
void cmp_trace_names(struct cmp_trace *t, const char *const *const sets[2], const size_t nsets[2]);

/** cmp_trace_side() - the next run is side @k (0 A, 1 B).
 * Returns: what the run writes its trace through, NULL when no --trace. */
struct cli_trace *cmp_trace_side(struct cmp_trace *t, int k);

/** cmp_trace_finish() - close and put the file in place.  Returns: 0, or -1 after printing why. */
int cmp_trace_finish(struct cmp_trace *t);

/** cmp_trace_abort() - leave the path as it was. */
void cmp_trace_abort(struct cmp_trace *t);

/** cmp_json() - both sides' results as one JSON object on @f. */
void cmp_json(FILE *f, const char *file, const char *const *const sets[2], const size_t nsets[2],
	      const struct cli_result r[2]);

#endif
