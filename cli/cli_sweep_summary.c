// SPDX-License-Identifier: MIT
/*
 * cli/cli_sweep_summary.c - `gemsim sweep --summary`: the mean and 95%
 * confidence interval (Student t, base/stats_ci.h) of the --metric
 * over the seeds of each configuration (one combination of --vary values),
 * as an aligned table: what a user otherwise writes a script for.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_report.h"
#include "cli/cli_sweep.h"
#include "base/stats_ci.h"

/* Width of column @k (a --vary key) over its header and values. */
static int key_width(const struct sweep *sw, unsigned k)
{
	size_t w = strlen(sw->vary[k].key);

	for (unsigned i = 0; i < sw->vary[k].n; i++)
		if (strlen(sw->vary[k].values[i]) > w)
			w = strlen(sw->vary[k].values[i]);
	return w > 60 ? 60 : (int)w;
}

int sweep_print_summary(FILE *f, const struct sweep *sw, const char *metric)
{
	size_t ncombo = sw->nruns / sw->nseeds;
	double *v = calloc(sw->nseeds, sizeof(*v));

	if (!v)
		return -1;
	fprintf(f, "%s: mean \u00b1 95%% confidence interval (Student t) over %zu seed%s%s\n",
		metric, sw->nseeds, sw->nseeds == 1 ? "" : "s",
		sw->scenario_seed ? " (the scenario's own: no interval)" : "");
	for (unsigned k = 0; k < sw->nvary; k++)
		fprintf(f, "%-*s  ", key_width(sw, k), sw->vary[k].key);
	fprintf(f, "%25s  %12s  %12s\n", "mean \u00b1 95% CI  ", "min", "max");
	for (size_t c = 0; c < ncombo; c++) {
		uint64_t lo = UINT64_MAX, hi = 0;
		struct stats_ci ci;
		char num[96];

		for (size_t s = 0; s < sw->nseeds; s++) {
			uint64_t x = 0;

			cli_metric(&sw->res[c * sw->nseeds + s], metric, &x);
			v[s] = (double)x;
			lo = x < lo ? x : lo;
			hi = x > hi ? x : hi;
		}
		ci = stats_ci_of(v, sw->nseeds);
		for (unsigned k = 0; k < sw->nvary; k++)
			fprintf(f, "%-*s  ", key_width(sw, k),
				sw->vary[k].values[sweep_value_of(sw, c * sw->nseeds, k)]);
		/* the +- sign is two bytes but one column */
		fprintf(f, "%25s  %12" PRIu64 "  %12" PRIu64 "\n",
			report_fmt_pm(num, sizeof(num), ci.mean, ci.half, false), lo, hi);
	}
	free(v);
	return 0;
}
