/* SPDX-License-Identifier: MIT */
/*
 * cli/cli_study.h - a study file for `gemsim report` (docs/studies.md),
 * loaded and checked by cli/cli_study.c, run and written by
 * cli/cli_report.c.
 */
#ifndef SIM_CLI_STUDY_H
#define SIM_CLI_STUDY_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

#define REPORT_MAX_CONFIGS 16
#define REPORT_MAX_METRICS 16
#define REPORT_MAX_SEEDS 1000
#define REPORT_MAX_NAME 64
#define REPORT_MAX_NOTES 16
#define REPORT_MAX_VARY 16

struct jpos_doc;

/* struct metric - one reported quantity: a column, or a ratio of two. */
struct metric {
	const char *label;  /* shown; defaults to the column, or "OF per PER" */
	const char *of;     /* a cli_metric() column */
	const char *per;    /* the denominator column, or NULL */
	const char *unit;   /* axis unit: given, "\u00b5s" for *_ns, "ratio" or "count" */
	double scale;       /* 1, or what turns nanoseconds into @unit (1e-3 for us) */
	bool bucketed;      /* a histogram percentile (*_p50_ns, *_p99_ns): its
			    * bucket's width is the floor of its interval */
	bool higher_better; /* "better": "higher"; lower is better by default */
	bool no_better;     /* "better": "neither": a count to read, not to win */
	double min_effect;  /* "min_effect" as a fraction of the baseline, or -1:
			    * the study's */
	char buf[160];      /* room for a built label */
};

/* struct note - an "x-..." note of the study, shown on the page as a caveat. */
struct note {
	const char *key; /* without the "x-" */
	char *text;      /* a string as written, else the value as JSON */
};

/* struct config - one configuration: its overrides after the common ones. */
struct config {
	const char *name;
	unsigned line, col; /* where it is written in the study */
	const char **sets;  /* the study's "set", report --set, then the
			     * configuration's, then report --vary's */
	size_t nsets;
};

/* struct study - a loaded study; strings point into @doc's tree. */
struct study {
	const char *path;
	struct jpos_doc *doc;
	const char *question;
	const char *scenario_text; /* as written in the study */
	char *scenario;            /* resolved against the study's folder */
	struct config cfg[REPORT_MAX_CONFIGS];
	size_t ncfg, base;
	struct metric met[REPORT_MAX_METRICS];
	size_t nmet;
	uint64_t first_seed;
	size_t nseeds;
	size_t ncommon;    /* each configuration's first overrides:
				     * the study's "set" and report --set */
	bool expectations; /* "expectations": "on": failed runs listed */
	double min_effect; /* "min_effect": a fraction; 0: none */
	struct note notes[REPORT_MAX_NOTES];
	size_t nnotes;
	struct sim_error *err;
};

/**
 * study_unit() - the scale from nanoseconds to time unit @unit ("ns",
 * "us", "\u00b5s", "ms", "s"), and its spelling on the page in *@shown.
 * Returns: the scale, or 0 when @unit is no time unit.
 */
double study_unit(const char *unit, const char **shown);

/**
 * study_load() - read, parse and check @path into @st (zeroed first);
 * Returns: 0, or -1 with @err saying where (file:line:col) and why.  Free
 * with study_free() either way.
 */
int study_load(struct study *st, const char *path, struct sim_error *err);

/**
 * study_add_sets() - put @n more overrides (report --set) after the study's
 * own "set" and before each configuration's.  Returns: 0, or -1 (memory).
 */
int study_add_sets(struct study *st, const char *const *sets, size_t n);
void study_free(struct study *st);

#endif
