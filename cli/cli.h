/* SPDX-License-Identifier: MIT */
/*
 * cli/cli.h - pieces shared by the `gemsim` command's files (cli/cli*.c):
 * running a scenario into a plain result record, which `sweep` and
 * `compare` collect, and small printing helpers.
 */
#ifndef GEMSIM_SIM_CLI_H
#define GEMSIM_SIM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/error.h"
#include "base/opt.h"
#include "sim/sim.h"

#ifndef GEMSIM_VERSION
#define GEMSIM_VERSION "0.1.0"
#endif

#define CLI_EXIT_USAGE 2
#define CLI_WHY_LINES 3   /* failures a sweep or compare run reports */
#define CLI_INVARIANTS 16 /* violations_by_inv[1..15]: docs/model.md */

/** struct cli_result - the outcome of one run, as a flat record (sent through pipes). */
struct cli_result {
	int code;        /* exit code: 0, 1 or 2 */
	char error[640]; /* the load or run error when code is 2 */
	uint64_t events, passed, failed, violations, warnings, errors;
	uint64_t violations_by_inv[CLI_INVARIANTS]; /* [0] unused */
	sim_ns end;
	struct sim_stats stats;
	uint64_t lat[SIM_LAT_COUNT][5]; /* count, mean, p50, p99, max (ns) */
	char why[CLI_WHY_LINES][240];   /* when code is 1: the first failures, as
					 * "FAIL at T: file:line:col: msg" */
	uint32_t nwhy;
	uint64_t seed;   /* the run's seed */
	char kernel[16]; /* the kernel it modelled */
};

/* ---- options (cli/cli_util.c over base/opt.h) --------------------- */

#define CLI_OPT_HELP (-1) /* the id of every command's --help entry */
#define CLI_STOP_OK 1000  /* a handler's return: stop, exit 0 (--help) */
/* every command's -h, --help, first in its table */
#define CLI_OPT_HELP_ENTRY                                                  \
	{                                                                   \
		"--help", "-h", NULL, "this help", NULL, NULL, CLI_OPT_HELP \
	}

/**
 * cli_parse() - parse @argv (argv[0] the command's name) against @opts;
 * --help prints @usage.  @handle (with @ctx) takes the entries that have
 * no target and the operands; it prints its own errors and returns the
 * exit code, or 0 to go on.  An unknown option or a missing value is
 * printed here as "gemsim: CMD: ..." with a pointer to the help.
 * Returns: false to go on; true to stop with the exit code in *@code.
 */
bool cli_parse(const char *cmd, const char *usage, const struct opt *opts, size_t nopts,
	       opt_handler handle, void *ctx, int argc, char **argv, int *code);

/**
 * cli_usage_print() - a help text on @f, its docs/ and scenarios/ names
 * where they are (base/paths.h: the tree's or the installed ones),
 * then a line naming both folders.
 */
void cli_usage_print(FILE *f, const char *usage);

/**
 * cli_usage_msg() - print "gemsim: CMD: MSG ARG" and "Try 'gemsim CMD
 * --help'." (@cmd NULL: the top command; @arg may be NULL).
 * Returns: CLI_EXIT_USAGE.
 */
int cli_usage_msg(const char *cmd, const char *msg, const char *arg);

/**
 * cli_print_error() - print @err as "file:line:col: msg" after @prefix
 * ("gemsim: sweep: ", or NULL), control characters escaped.
 * Returns: CLI_EXIT_USAGE.
 */
int cli_print_error(const char *prefix, const struct sim_error *err);

/**
 * cli_stdin_once() - when @file is "-", read standard input now, before
 * runs are forked: each child then loads the same bytes (load_read_file()
 * keeps them), not what is left of the pipe.
 */
void cli_stdin_once(const char *file);

#define CLI_NOPTS(t) (sizeof(t) / sizeof((t)[0]))

#define CLI_LAT_FIELDS 5
extern const char *const cli_lat_fields[CLI_LAT_FIELDS];

/**
 * cli_run_capture() - load and run a scenario, filling @out.
 * @file: the scenario.
 * @sets: --set overrides; @nsets how many.
 * @has_seed: whether @seed overrides the scenario's.
 * @check: check the invariants after every event (`gemsim run`'s default);
 *         a scenario whose "expect" names violations is checked regardless.
 * @out: the result.
 */
void cli_run_capture(const char *file, const char *const *sets, size_t nsets, bool has_seed,
		     uint64_t seed, bool check, struct cli_result *out);

struct jsonw;

/**
 * struct cli_trace - a --trace file several runs write into, each run a
 * process of its own (`gemsim compare`).  The caller opens the file and
 * sets @w on it; the first run writes the frame (output/tev.h).
 */
struct cli_trace {
	struct jsonw *w;
	uint32_t pid;             /* the next run's process id */
	const char *process;      /* ... and name */
	const char *const *sides; /* otherData's "processes" lines */
	unsigned nsides;
	bool opened; /* the frame is written */
};

/**
 * cli_run_traced() - cli_run_capture() whose run writes its trace events
 * into @tr (NULL: none).  A trace that cannot be written makes @out's code
 * 2 with a message.
 */
void cli_run_traced(const char *file, const char *const *sets, size_t nsets, bool has_seed,
		    uint64_t seed, bool check, struct cli_trace *tr, struct cli_result *out);

/**
 * cli_print_why() - print why a captured run failed: its first failures,
 * each on a line after @prefix, and how many more there were.
 */
void cli_print_why(FILE *f, const char *prefix, const struct cli_result *r);

/** cli_print_dur() - a duration rounded for reading ("12.5us"). */
void cli_print_dur(FILE *f, sim_ns t);

struct scenario;
struct run_result;

/**
 * cli_print_human() - `gemsim run`'s summary on standard output
 * (cli/cli_summary.c); with @quiet only failures, violations, errors and
 * unexpected warnings.  @code is the run's exit code.
 */
void cli_print_human(const struct sim *s, const struct scenario *sc, const struct run_result *r,
		     bool quiet, int code);

/**
 * cli_print_json() - the same as one JSON object (`run --json`); @dump is the
 * --dump-at object's text or NULL; @sets (@nsets of them) the run's --set
 * overrides, which the summary carries.
 */
void cli_print_json(const struct sim *s, const struct scenario *sc, const struct run_result *r,
		    int code, const char *dump, const char *const *sets, size_t nsets);

/**
 * struct cli_batch - many runs, each in a forked child, at most -j at once
 * (sweep, report).  Results land at their run's index whatever finished
 * first, so what is written from them does not depend on -j.
 */
struct cli_batch {
	size_t nruns;
	/* in the child: fill @out for run @run (cli_run_capture()) */
	void (*run)(const void *ctx, size_t run, struct cli_result *out);
	const void *ctx;
	struct cli_result *res; /* nruns results, filled */
	size_t stopped_by;      /* the run whose load failure stopped the
					 * batch (the rest killed), or SIZE_MAX */
};

/**
 * cli_run_batch() - run @b->nruns runs with at most @jobs children at once;
 * a run that exits 2 (cannot load) stops the batch.  SIGINT or SIGTERM to
 * the parent kills the children.  @show draws a progress bar on stderr.
 * Returns: 0, or -1 with errno when a pipe or fork failed.
 */
int cli_run_batch(struct cli_batch *b, unsigned jobs, bool show);

/**
 * cli_metric() - the value of a sweep column in @r: a counter (optionally
 * "stats.NAME"), violations, violations.N (one invariant), warnings,
 * expectations_failed, error_results, events, end_time_ns, or
 * LATENCY_FIELD (fault_service_p99_ns).
 * Returns: 0, or -1 when @name is none of these.
 */
int cli_metric(const struct cli_result *r, const char *name, uint64_t *out);

/* The most runs one sweep (or one --seeds list) may ask for. */
#define CLI_MAX_RUNS 100000

/**
 * cli_split_jobs() - an argument "-jN" (as make takes it) read as "-j" with
 * the value "N": *@a becomes "-j" and *@val "N".  Returns: true when it did
 * (the caller steps back one argument, so that taking the value steps over
 * the same one).
 */
bool cli_split_jobs(const char **a, const char **val);

/** cli_parse_jobs() - a -j value, 1 to 1024, into *@jobs.  Returns: 0, or -1. */
int cli_parse_jobs(const char *val, long *jobs);

/**
 * cli_parse_seeds() - "A..B" or "A,B,C": decimal seeds from 0 to 2^53, as
 * `run --seed` takes them, at most CLI_MAX_RUNS.
 * @seeds: on success (and on some failures) a calloc'ed array the caller frees.
 * Returns: 0, -2 for more than CLI_MAX_RUNS seeds, or -1 for anything else
 * (cli_seeds_why() says which in words).
 */
int cli_parse_seeds(const char *arg, uint64_t **seeds, size_t *nseeds);

/** cli_seeds_why() - the usage message for cli_parse_seeds()'s result @ret. */
const char *cli_seeds_why(int ret);

/** cli_metric_near() - "did you mean" text for an unknown metric @name. */
void cli_metric_near(const char *name, char *near, size_t len);

/* Chart pieces shared by sweep's and report's SVGs. */
#define CLI_COLOURS 8
extern const char *const cli_colours[CLI_COLOURS]; /* Okabe-Ito, colour-blind safe */

/** cli_nice_max() - a readable axis maximum >= @v: 1, 2 or 5 times a power of ten. */
double cli_nice_max(double v);

/** struct cli_series - one line of a line chart; @lo and @hi (a band) may be NULL. */
struct cli_series {
	const char *name; /* in the legend */
	const double *x, *y, *lo, *hi;
	size_t n;
};

/** struct cli_line_chart - what cli_line_chart() draws. */
struct cli_line_chart {
	const char *title, *subtitle;
	const char *xlabel, *ylabel; /* axis titles, units included */
	const struct cli_series *s;
	size_t ns;            /* series; the legend has room for about 16 */
	const double *xticks; /* ticks at these x (the data's range), or
					   * NULL: six from 0 to a readable maximum */
	size_t nxticks;
	bool points; /* mark each point (with a tooltip) */
};

/** cli_line_chart() - write @c as an SVG (cli/cli_chart.c): y from 0, legend outside. */
void cli_line_chart(FILE *f, const struct cli_line_chart *c);

/* Subcommands, a file each: cli/cli_report.c, cli_mrc.c, cli_plot.c,
 * cli_sweep.c and cli_compare.c. */
int cli_report(int argc, char **argv);
extern const char cli_usage_report[];
int cli_mrc(int argc, char **argv);
extern const char cli_usage_mrc[];
int cli_plot(int argc, char **argv);
extern const char cli_usage_plot[];
int cli_sweep(int argc, char **argv);
int cli_compare(int argc, char **argv);
extern const char cli_usage_sweep[];
extern const char cli_usage_compare[];
int cli_import(int argc, char **argv); /* cli/cli_import.c */
extern const char cli_usage_import[];

#endif
