/*
 * sim/cli.h - pieces shared by the `gemsim` command's files (sim/cli*.c):
 * running a scenario into a plain result record, which `sweep` and
 * `compare` collect, and small printing helpers.
 */
#ifndef GEMSIM_SIM_CLI_H
#define GEMSIM_SIM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/sim.h"

#define CLI_EXIT_USAGE 2
#define CLI_WHY_LINES 3 /* failures a sweep or compare run reports */

/** struct cli_result - the outcome of one run, as a flat record (sent through pipes). */
struct cli_result {
	int code;                       /* exit code: 0, 1 or 2 */
	char error[640];                /* the load or run error when code is 2 */
	uint64_t events, passed, failed, violations, warnings, errors;
	sim_ns end;
	struct sim_stats stats;
	uint64_t lat[SIM_LAT_COUNT][5]; /* count, mean, p50, p99, max (ns) */
	char why[CLI_WHY_LINES][240];   /* when code is 1: the first failures, as
					 * "FAIL at T: file:line:col: msg" */
	uint32_t nwhy;
};

#define CLI_LAT_FIELDS 5
extern const char *const cli_lat_fields[CLI_LAT_FIELDS];

/**
 * cli_run_capture() - load and run a scenario, filling @out.
 * @file: the scenario.
 * @sets: --set overrides; @nsets how many.
 * @has_seed: whether @seed overrides the scenario's.
 * @out: the result.
 */
void cli_run_capture(const char *file, const char *const *sets, size_t nsets, bool has_seed,
		     uint64_t seed, struct cli_result *out);

/**
 * cli_print_why() - print why a captured run failed: its first failures,
 * each on a line after @prefix, and how many more there were.
 */
void cli_print_why(FILE *f, const char *prefix, const struct cli_result *r);

/** cli_print_dur() - a duration rounded for reading ("12.5us"). */
void cli_print_dur(FILE *f, sim_ns t);

/* Subcommands in sim/cli_sweep.c. */
int cli_sweep(int argc, char **argv);
int cli_compare(int argc, char **argv);
extern const char cli_usage_sweep[];
extern const char cli_usage_compare[];

#endif
