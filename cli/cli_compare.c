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

/* compare's command line. */
struct cmp_args {
	const char **sets[2];
	size_t nsets[2];
	const char *file, *trace;
	bool has_seed, all, vs, no_check, json;
	uint64_t seed;
};

enum { CMP_VS = 1, CMP_SET, CMP_SEED };

static int cmp_opt(void *ctx, int id, const char *v, struct opt_parser *p)
{
	struct cmp_args *a = ctx;

	(void)p;
	switch (id) {
	case OPT_OPERAND:
		if (a->file)
			return cli_usage_msg("compare", "one scenario file at a time; extra:", v);
		a->file = v;
		return 0;
	case CMP_VS:
		if (a->vs)
			return cli_usage_msg("compare", "--vs given twice", NULL);
		a->vs = true;
		return 0;
	case CMP_SET:
		if (!strchr(v, '='))
			return cli_usage_msg("compare", "--set needs KEY=VALUE:", v);
		a->sets[a->vs][a->nsets[a->vs]++] = v;
		return 0;
	default:
		if (units_count_str(v, UNITS_NUM_MAX, &a->seed))
			return cli_usage_msg("compare",
					     "--seed needs a whole number from 0 to 2^53 "
					     "in decimal digits, not",
					     v);
		a->has_seed = true;
		return 0;
	}
}

/* Parse compare's arguments.  Returns: false, or true to stop with *@code. */
static bool cmp_parse(struct cmp_args *a, int argc, char **argv, int *code)
{
	const struct opt opts[] = {
		CLI_OPT_HELP_ENTRY,
		{ "--set", NULL, "KEY=VALUE", "an override for the side it stands on",
		  .id = CMP_SET },
		{ "--vs", NULL, NULL, "ends configuration A's overrides", .id = CMP_VS },
		{ "--seed", NULL, "N", "the seed of both runs", .id = CMP_SEED },
		{ "--no-check", NULL, NULL, "neither run checks invariants", .flag = &a->no_check },
		{ "--all", NULL, NULL, "show every counter", .flag = &a->all },
		{ "--json", NULL, NULL, "both sides as one JSON object", .flag = &a->json },
		{ "--trace", NULL, "FILE", "one trace-event file, a process a side",
		  .str = &a->trace },
	};

	if (cli_parse("compare", cli_usage_compare, opts, CLI_NOPTS(opts), cmp_opt, a, argc, argv,
		      code))
		return true;
	if (!a->file || !a->vs) {
		*code = cli_usage_msg("compare",
				      "needs FILE and --vs between the two "
				      "configurations",
				      NULL);
		return true;
	}
	return false;
}

/* The two sides' table on standard output. */
static void cmp_table(const struct cmp_args *a, const struct cli_result r[2])
{
	bool all = a->all;

	printf("compare %s\n", a->file);
	for (int k = 0; k < 2; k++) {
		printf("  %c:", 'A' + k);
		if (!a->nsets[k])
			fputs(" (as written)", stdout);
		for (size_t i = 0; i < a->nsets[k]; i++)
			printf(" %s", a->sets[k][i]);
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
}

int cli_compare(int argc, char **argv)
{
	struct cmp_args a = { .file = NULL };
	struct cmp_trace ct = { .on = false };
	struct cli_result *r = calloc(2, sizeof(*r));
	const char *const *sets[2] = { NULL, NULL };
	int code = CLI_EXIT_USAGE;

	a.sets[0] = calloc((size_t)argc, sizeof(char *));
	a.sets[1] = calloc((size_t)argc, sizeof(char *));
	if (!r || !a.sets[0] || !a.sets[1] || cmp_parse(&a, argc, argv, &code))
		goto out;
	sets[0] = a.sets[0];
	sets[1] = a.sets[1];
	if (a.trace && cmp_trace_open(&ct, a.file, a.trace))
		goto out;
	cmp_trace_names(&ct, sets, a.nsets);
	for (int k = 0; k < 2; k++) {
		cli_run_traced(a.file, a.sets[k], a.nsets[k], a.has_seed, a.seed, !a.no_check,
			       cmp_trace_side(&ct, k), &r[k]);
		if (r[k].code == CLI_EXIT_USAGE) {
			text_term(stderr, r[k].error);
			fputc('\n', stderr);
			goto out;
		}
	}
	if (cmp_trace_finish(&ct))
		goto out;
	if (a.json)
		cmp_json(stdout, a.file, sets, a.nsets, r);
	else
		cmp_table(&a, r);
	code = r[0].code || r[1].code ? 1 : 0;
out:
	cmp_trace_abort(&ct);
	free(a.sets[0]);
	free(a.sets[1]);
	free(r);
	return code;
}
