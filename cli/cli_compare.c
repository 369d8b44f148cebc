// SPDX-License-Identifier: MIT
/*
 * cli/cli_compare.c - `gemsim compare`: one scenario under two
 * configurations, side by side.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_compare.h"
#include "base/stats.h"
#include "base/text.h"
#include "base/units.h"

const char cli_usage_compare[] =
	"Usage: gemsim compare FILE [--set KEY=VALUE]... --vs [--set KEY=VALUE]...\n"
	"\n"
	"Run FILE under two configurations and print them side by side: the\n"
	"overrides before --vs make configuration A, those after it B.  Options\n"
	"before --vs that are not --set apply to both.\n"
	"\n"
	"  gemsim compare scenarios/vmap-weak-use-after-reclaim.json \\\n"
	"      --set policy.vmap_pins=true --vs --set policy.vmap_pins=false\n"
	"\n"
	"Options:\n"
	"  --set KEY=VALUE   an override for the side it stands on\n"
	"  --vs              ends configuration A's overrides\n"
	"  --seed N          the seed of both runs (decimal, 0 to 2^53)\n"
	"  --no-check        neither run checks the model's invariants (faster; the\n"
	"                    violations rows are then 0, unless the scenario's\n"
	"                    expect names violations)\n"
	"  --all             show every counter, not only those that differ or are\n"
	"                    not zero\n"
	"  --json            print both sides' results as one JSON object instead\n"
	"                    of the table (docs/cli.md)\n"
	"  --trace FILE      write one Chrome trace-event JSON file for Perfetto with\n"
	"                    each side as a process of its own (as `run --trace`)\n"
	"  -h, --help        this help\n"
	"\n"
	"Exit code: 0 when both runs exit 0, 1 when either fails, 2 on bad input.\n";

/* ---- compare -------------------------------------------------------------- */

static void cmp_row(const char *name, uint64_t a, uint64_t b, bool all, bool ns)
{
	if (!all && !a && !b)
		return;
	printf("  %-30s %16" PRIu64 " %16" PRIu64, name, a, b);
	if (a != b) {
		double d = (double)b - (double)a;

		printf("  %+.0f", d);
		if (a)
			printf(" (%+.1f%%)", 100.0 * d / (double)a);
	}
	(void)ns;
	putchar('\n');
}

int cli_compare(int argc, char **argv)
{
	const char **sets[2];
	size_t nsets[2] = { 0, 0 };
	const char *file = NULL;
	bool has_seed = false, all = false, vs = false, check = true, json = false;
	const char *trace = NULL;
	struct cmp_trace ct = { .on = false };
	uint64_t seed = 0;
	struct cli_result *r = calloc(2, sizeof(*r));
	int code;

	sets[0] = calloc((size_t)argc, sizeof(char *));
	sets[1] = calloc((size_t)argc, sizeof(char *));
	if (!r || !sets[0] || !sets[1]) {
		code = CLI_EXIT_USAGE;
		goto out;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(cli_usage_compare, stdout);
			code = 0;
			goto out;
		} else if (!strcmp(a, "--vs")) {
			if (vs) {
				fprintf(stderr, "gemsim: compare: --vs given twice\n");
				code = CLI_EXIT_USAGE;
				goto out;
			}
			vs = true;
		} else if (!strcmp(a, "--all")) {
			all = true;
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else if (!strcmp(a, "--trace") && i + 1 < argc) {
			trace = argv[++i];
		} else if (!strcmp(a, "--no-check")) {
			check = false;
		} else if (!strcmp(a, "--set") && i + 1 < argc && strchr(argv[i + 1], '=')) {
			sets[vs][nsets[vs]++] = argv[++i];
		} else if (!strcmp(a, "--seed") && i + 1 < argc) {
			if (units_count_str(argv[++i], UNITS_NUM_MAX, &seed)) {
				fprintf(stderr, "gemsim: compare: --seed needs a whole number from 0 "
					"to 2^53 in decimal digits, not '%s'\n", argv[i]);
				code = CLI_EXIT_USAGE;
				goto out;
			}
			has_seed = true;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "gemsim: compare: unknown option or missing value: %s\n"
				"Try 'gemsim compare --help'.\n", a);
			code = CLI_EXIT_USAGE;
			goto out;
		} else if (file) {
			fprintf(stderr, "gemsim: compare: one scenario file at a time; extra: %s\n",
				a);
			code = CLI_EXIT_USAGE;
			goto out;
		} else {
			file = a;
		}
	}
	if (!file || !vs) {
		fprintf(stderr, "gemsim: compare: needs FILE and --vs between the two "
			"configurations\nTry 'gemsim compare --help'.\n");
		code = CLI_EXIT_USAGE;
		goto out;
	}
	if (trace && cmp_trace_open(&ct, file, trace)) {
		code = CLI_EXIT_USAGE;
		goto out;
	}
	cmp_trace_names(&ct, (const char *const *const[2]){ sets[0], sets[1] }, nsets);
	for (int k = 0; k < 2; k++) {
		cli_run_traced(file, sets[k], nsets[k], has_seed, seed, check,
			       cmp_trace_side(&ct, k), &r[k]);
		if (r[k].code == CLI_EXIT_USAGE) {
			text_term(stderr, r[k].error);
			fputc('\n', stderr);
			code = CLI_EXIT_USAGE;
			goto out;
		}
	}
	if (cmp_trace_finish(&ct)) {
		code = CLI_EXIT_USAGE;
		goto out;
	}
	code = r[0].code || r[1].code ? 1 : 0;
	if (json) {
		cmp_json(stdout, file, (const char *const *const[2]){ sets[0], sets[1] }, nsets, r);
		goto out;
	}

	printf("compare %s\n", file);
	for (int k = 0; k < 2; k++) {
		printf("  %c:", 'A' + k);
		if (!nsets[k])
			fputs(" (as written)", stdout);
		for (size_t i = 0; i < nsets[k]; i++)
			printf(" %s", sets[k][i]);
		putchar('\n');
	}
	printf("\n  %-30s %16s %16s  B-A\n", "", "A", "B");
	printf("  %-30s %16s %16s\n", "result", r[0].code ? "FAILED" : "ok",
	       r[1].code ? "FAILED" : "ok");
	cmp_row("expectations_failed", r[0].failed, r[1].failed, true, false);
	cmp_row("violations", r[0].violations, r[1].violations, true, false);
	cmp_row("warnings", r[0].warnings, r[1].warnings, true, false);
	cmp_row("events", r[0].events, r[1].events, all, false);
	cmp_row("end_time_ns", r[0].end, r[1].end, all, true);
	for (size_t i = 0; i < sim_stat_count; i++)
		cmp_row(sim_stat_descs[i].name, sim_stat_get(&r[0].stats, &sim_stat_descs[i]),
			sim_stat_get(&r[1].stats, &sim_stat_descs[i]), all, false);
	for (int l = 0; l < SIM_LAT_COUNT; l++) {
		for (int k = 1; k < CLI_LAT_FIELDS; k++) {
			char name[64];

			if (k == 2)
				continue; /* mean, p99 and max say enough side by side */
			snprintf(name, sizeof(name), "%s_%s", sim_lat_names[l], cli_lat_fields[k]);
			cmp_row(name, r[0].lat[l][k], r[1].lat[l][k], all, true);
		}
	}
	for (int k = 0; k < 2; k++) {
		if (!r[k].code)
			continue;
		printf("\n%c FAILED:\n", 'A' + k);
		cli_print_why(stdout, "  ", &r[k]);
	}
	code = r[0].code || r[1].code ? 1 : 0;
out:
	cmp_trace_abort(&ct);
	free(sets[0]);
	free(sets[1]);
	free(r);
	return code;
}
