/* SPDX-License-Identifier: MIT */
/*
 * bench/lcs.h - the side by side of docs/performance.md (lcs.c): the zipf trace that the
 * trace-ids / trace-oracle cases replay, and libCacheSim's `cachesim` run
 * on the same trace as a child process, its output parsed.
 *
 * One size of a trace case keeps a struct lcs_runs: the cachesim binary
 * (none: not measured), the MQPS of each run that gave a figure (the bench
 * alternates them with its own runs), the last good run's line, and why a
 * run gave no figure.  After the first failure no more runs are tried.
 */
#ifndef GEMSIM_BENCH_LCS_H
#define GEMSIM_BENCH_LCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LCS_MAX_RUNS 64

/* The figures of cachesim's result line. */
struct lcs_line {
	uint64_t cache_size; /* entries (with --ignore-obj-size=true) */
	uint64_t req;        /* requests simulated */
	double miss_ratio;   /* as printed: 4 decimals */
	double mqps;         /* millions of requests per second, 2 decimals */
};

struct lcs_runs {
	const char *bin;           /* cachesim; NULL when none was given */
	int n;                     /* runs that gave a figure */
	double mqps[LCS_MAX_RUNS]; /* their throughputs, in run order */
	struct lcs_line last;      /* the last good run's line */
	char why[768];             /* why a run gave no figure; "" when all did */
};

/** lcs_trace_path() - where the zipf trace of @events requests over @objs ids
 * lives: $TMPDIR (or /tmp), one file per size and format. */
void lcs_trace_path(uint64_t objs, uint64_t events, bool oracle, char *out, size_t len);

/** lcs_make_trace() - write that trace to @path unless it is there already:
 * an `ids` text file, or libCacheSim's oracleGeneral binary records (@oracle).
 * The same xorshift stream every time, so both formats hold the same ids.
 * Exits the bench when the file cannot be written. */
void lcs_make_trace(uint64_t objs, uint64_t events, bool oracle, const char *path);

/** lcs_parse() - find cachesim's result line in @text ("... cache size N,
 * N req, miss ratio R, throughput T MQPS"); the last one wins.
 * Returns: 0, or -1 when no line has that shape or its figures make no sense. */
int lcs_parse(const char *text, struct lcs_line *out);

/** lcs_measure() - run `@l->bin @trace oracleGeneral LRU @cache_size
 * --ignore-obj-size=true` once (no shell; its output through a pipe; in a
 * scratch directory, since cachesim appends a result file to its current
 * one) and add its MQPS to @l, or say in @l->why why not.  Does nothing
 * without a binary or after a failure. */
void lcs_measure(struct lcs_runs *l, const char *trace, uint64_t cache_size);

/* gemsim's side of one size of a trace case, for the comparison. */
struct lcs_gemsim {
	uint64_t requests; /* requests replayed */
	uint64_t misses;   /* cpu_faults */
	uint64_t cache;    /* RAM pages: the cache's entries */
	double best_rps;   /* requests/s of the best run */
	double med_rps;    /* and of the median run */
	int n;             /* runs */
	bool twin;         /* cachesim ran on the oracleGeneral twin of gemsim's trace */
};

/*
 * Steady state of a trace case: the requests from the shorter trace (index
 * 1) to the longer (index 0) over the time between the two runs, so neither
 * tool's set-up counts.
 */
struct lcs_steady {
	uint64_t n[2];        /* requests replayed: the longer trace, the shorter */
	double t[2][2];       /* gemsim's best run s: [0 --no-check, 1 checked][length] */
	struct lcs_runs l[2]; /* cachesim on each length */
	int repeat;
};

/** lcs_steady_report() - print the steady-state line(s) of @st: gemsim's
 * requests/s --no-check and checked, and against cachesim when it ran. */
void lcs_steady_report(const struct lcs_steady *st);

/** lcs_median() - the median of @n figures (sorts @t in place). */
double lcs_median(double *t, int n);

/** lcs_report() - the libCacheSim lines of a trace case: measured (the best
 * run of each side, and with several runs the medians of both), the check
 * that cachesim's miss ratio, requests and size are gemsim's, or why and
 * how it was not measured.  Sorts @l->mqps, as lcs_target() does. */
void lcs_report(struct lcs_runs *l, const struct lcs_gemsim *g);

/** lcs_target() - the target line: gemsim >= 1x libCacheSim's throughput,
 * best against best and, with several runs, median against median. */
void lcs_target(struct lcs_runs *l, const struct lcs_gemsim *g);

#endif
