/*
 * sim/cli/cli_study.h - a study file for `gemsim report` (docs/studies.md),
 * loaded and checked by sim/cli/cli_study.c, run and written by
 * sim/cli/cli_report.c.
 */
#ifndef SIM_CLI_STUDY_H
#define SIM_CLI_STUDY_H

#include <stddef.h>
#include <stdint.h>

#include "sim/base/error.h"

#define REPORT_MAX_CONFIGS 16
#define REPORT_MAX_METRICS 16
#define REPORT_MAX_SEEDS 1000
#define REPORT_MAX_NAME 64

struct jpos_doc;

/* struct metric - one reported quantity: a column, or a ratio of two. */
struct metric {
	const char *label; /* shown; defaults to the column, or "OF per PER" */
	const char *of;    /* a cli_metric() column */
	const char *per;   /* the denominator column, or NULL */
	const char *unit;  /* axis unit: given, "us" for *_ns, "ratio" or "count" */
	double scale;      /* 1, or 1e-3 for a time shown in microseconds */
	char buf[160];     /* room for a built label */
};

/* struct config - one configuration: its overrides after the common ones. */
struct config {
	const char *name;
	unsigned line, col; /* where it is written in the study */
	const char **sets;  /* the study's "set", then the configuration's */
	size_t nsets;
};

/* struct study - a loaded study; strings point into @doc's tree. */
struct study {
	const char *path;
	struct jpos_doc *doc;
	const char *question;
	const char *scenario_text;  /* as written in the study */
	char *scenario;             /* resolved against the study's folder */
	struct config cfg[REPORT_MAX_CONFIGS];
	size_t ncfg, base;
	struct metric met[REPORT_MAX_METRICS];
	size_t nmet;
	uint64_t first_seed;
	size_t nseeds;
	struct sim_error *err;
};

/**
 * study_load() - read, parse and check @path into @st (zeroed first);
 * Returns: 0, or -1 with @err saying where (file:line:col) and why.  Free
 * with study_free() either way.
 */
int study_load(struct study *st, const char *path, struct sim_error *err);
void study_free(struct study *st);

#endif
