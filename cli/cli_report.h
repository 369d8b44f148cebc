/* SPDX-License-Identifier: MIT */
/*
 * cli/cli_report.h - a study's results for `gemsim report`, shared by
 * the command and its runs (cli/cli_report.c), the HTML page
 * (cli/cli_report_page.c) and the CSV and JSON exports
 * (cli/cli_report_export.c).
 *
 * With --vary KEY=V1,V2,... the study runs once per value, a "section"
 * each; without, there is one section.  Runs and cells are indexed
 *
 *   run  = (section * ncfg + config) * nseeds + seed index
 *   cell = (section * ncfg + config) * nmet + metric
 */
#ifndef GEMSIM_SIM_CLI_REPORT_H
#define GEMSIM_SIM_CLI_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cli_study.h"
#include "base/stats_ci.h"

/* What a paired difference says. */
enum report_verdict {
	RV_BASE,   /* the baseline itself */
	RV_NONE,   /* its interval holds zero: no significant difference */
	RV_SMALL,  /* significant, but below the study's minimum effect */
	RV_CHANGE, /* significant and at least the minimum effect: bold* */
};

/* struct report_cell - one metric of one configuration in one section. */
struct report_cell {
	struct stats_ci ci;   /* mean +- 95% over the seeds (floored, see below) */
	struct stats_ci diff; /* paired difference against the baseline */
	double floor;         /* the resolution of a bucketed percentile, or 0:
			       * neither interval is narrower */
	double pct;           /* diff.mean as a percentage of the baseline's mean */
	bool has_pct;         /* the baseline's mean is not 0 */
	enum report_verdict verdict;
};

/* struct report - a run study. */
struct report_args;

struct report {
	struct study *st;
	const char *vary_key; /* --vary KEY, or NULL */
	const char *vary_val[REPORT_MAX_VARY];
	size_t nsec;                 /* sections: values of --vary, or 1 */
	const char *const *cli_sets; /* report --set, for Reproduce */
	size_t ncli_sets;
	const char *vary_arg;     /* the --vary argument as given */
	bool seeds_given;         /* --seeds replaced the study's */
	struct report_args *args; /* the command line (cli_report.c) */
	const char ***sets;       /* per section and configuration: its
					       * overrides, --vary's last */
	size_t *nsets;
	char **vary_set; /* per section: "KEY=VALUE" */
	struct cli_result *res;
	struct report_cell *cell;
	char (*desc)[256];              /* per section and configuration: kernel
					       * and policy as the run has them */
	char *description;              /* the scenario's, or NULL */
	char *workloads;                /* its workloads in words, or NULL */
	char *study_abs, *scenario_abs; /* absolute paths, for Reproduce */
};

/** report_cell_of() - the cell of @sec, @c, @m. */
static inline struct report_cell *report_cell_of(const struct report *r, size_t sec, size_t c,
						 size_t m)
{
	return &r->cell[(sec * r->st->ncfg + c) * r->st->nmet + m];
}

/**
 * report_fmt_pm() - "MEAN ± HALF" into @buf with the precision the interval
 * allows (two significant digits of HALF, MEAN to the same decimal place;
 * no interval: three significant digits); @sign puts "+" before a positive
 * mean.  Returns: @buf.
 */
char *report_fmt_pm(char *buf, size_t len, double mean, double half, bool sign);

/** report_fmt_num() - one number, with three significant digits at most below 100. */
char *report_fmt_num(char *buf, size_t len, double v);

/** report_verdict_text() - what a verdict says, in words ("no meaningful change"). */
const char *report_verdict_text(enum report_verdict v);

/** report_write_page() - the HTML page (cli/cli_report_page.c). */
void report_write_page(FILE *f, const struct report *r);

/** report_write_csv() - one row per section, configuration and metric. */
void report_write_csv(FILE *f, const struct report *r);

/** report_write_json() - the same figures as one JSON object. */
void report_write_json(FILE *f, const struct report *r);

#endif
