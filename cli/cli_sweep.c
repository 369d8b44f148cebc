// SPDX-License-Identifier: MIT
/*
 * cli/cli_sweep.c - `gemsim sweep`.
 *
 * sweep runs the cross product of --vary values and seeds, each run a child
 * of cli_run_batch() (cli/cli_batch.c).  Rows are written in run order
 * whatever finished first, so the CSV is the same bytes for any -j.
 * --jobs-list prints the runs as `gemsim run` command lines instead, for GNU
 * parallel or a Slurm job array (docs/cli.md, "A large sweep over a
 * cluster"); --merge (cli/cli_merge.c) reads what those runs wrote.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_sweep.h"
#include "run/load.h"
#include "base/ofile.h"
#include "base/stats.h"
#include "base/text.h"

const char cli_usage_sweep[] =
	"Usage: gemsim sweep FILE --vary KEY=V1,V2,... [--vary ...] [OPTIONS]\n"
	"\n"
	"Run FILE for every combination of the --vary values and every seed, in\n"
	"parallel on local cores, and write one CSV row per run with every counter.\n"
	"\n"
	"Options:\n"
	"  --vary KEY=V1,V2,...  a scenario value to vary (a --set path, see\n"
	"                        `gemsim help run`); up to 8 keys, each once, crossed\n"
	"                        with each other.  --vary file=A.json,B.json varies\n"
	"                        the scenario file itself (FILE may then be left out)\n"
	"  --set KEY=VALUE       a fixed override for every run; may be repeated\n"
	"  --seeds A..B          seeds A to B (default: the scenario's own); or a list\n"
	"                        \"1,5,9\" (decimal, 0 to 2^53)\n"
	"  -j, --jobs N          runs in parallel (default: the number of CPUs)\n"
	"  --csv FILE            where the rows go (default: standard output)\n"
	"  --chart FILE.svg      draw METRIC per value of the first --vary (one bar\n"
	"                        series per value of the second), mean over seeds with\n"
	"                        a min-max whisker: an SVG for slides\n"
	"                        (--csv and --chart are checked before the first run,\n"
	"                        may not be the scenario or each other, and replace\n"
	"                        the old files only when the sweep is done)\n"
	"  --metric NAME         the charted column (default pages_swapped_in): a\n"
	"                        counter of `gemsim list stats`, violations, warnings,\n"
	"                        expectations_failed, events, end_time_ns, or\n"
	"                        LATENCY_FIELD such as fault_service_p99_ns\n"
	"  --summary             print, per combination of --vary values, the mean\n"
	"                        and 95% confidence interval (Student t) of METRIC\n"
	"                        over the seeds, with its min and max, instead of\n"
	"                        the CSV on standard output (--csv still writes it)\n"
	"  --jobs-list           print each run as a `gemsim run ... --json` command\n"
	"                        line instead of running them (for GNU parallel or a\n"
	"                        Slurm job array: docs/sweep.md)\n"
	"  --out-dir DIR         with --jobs-list: each line writes its summary to\n"
	"                        DIR/RUN.json (RUN as in the CSV's run column)\n"
	"  --merge DIR           do not run: read DIR/RUN.json for every run (the same\n"
	"                        FILE, --vary, --set and --seeds as the --jobs-list)\n"
	"                        and write the CSV and chart a local sweep would,\n"
	"                        byte for byte\n"
	"  --no-check            the runs do not check the model's invariants: up to\n"
	"                        1.5x faster on big runs; the violations column is then 0\n"
	"                        (a scenario whose expect names violations is checked\n"
	"                        all the same)\n"
	"  -q, --quiet           no progress bar\n"
	"  -h, --help            this help\n"
	"\n"
	"Columns: run, seed, each varied key, exit_code, expectations_failed,\n"
	"violations, warnings, error_results, events, end_time_ns, every counter,\n"
	"then COUNT/mean/p50/p99/max of each latency.  Exit code: 0 when every run\n"
	"exited 0, 1 when some failed their expectations, 2 on bad input (a run that\n"
	"cannot load its scenario stops the sweep at once with its message).  SIGINT\n"
	"or SIGTERM to the sweep stops its runs too.\n";

static int sweep_usage(const char *msg, const char *arg)
{
	return cli_usage_msg("sweep", msg, arg);
}

/* Split "KEY=V1,V2" into @v. */
static int parse_vary(struct vary *v, const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(v->key) || !eq[1])
		return -1;
	memcpy(v->key, arg, (size_t)(eq - arg));
	v->key[eq - arg] = '\0';
	v->buf = strdup(eq + 1);
	if (!v->buf)
		return -1;
	for (char *save = NULL, *tok = strtok_r(v->buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (v->n == SWEEP_MAX_VALUES)
			return -1;
		v->values[v->n++] = tok;
	}
	return v->n ? 0 : -1;
}

unsigned sweep_value_of(const struct sweep *sw, size_t run, unsigned k)
{
	size_t combo = run / sw->nseeds;

	for (unsigned i = sw->nvary; i-- > k + 1;)
		combo /= sw->vary[i].n;
	return (unsigned)(combo % sw->vary[k].n);
}

uint64_t sweep_seed_of(const struct sweep *sw, size_t run)
{
	return sw->seeds[run % sw->nseeds];
}

/* Is vary @k the scenario file itself ("--vary file=a.json,b.json")? */
static bool vary_is_file(const struct sweep *sw, unsigned k)
{
	return !strcmp(sw->vary[k].key, "file");
}

/* The scenario file of run @run: FILE, or the value of "--vary file=". */
const char *sweep_run_file(const struct sweep *sw, size_t run)
{
	for (unsigned k = 0; k < sw->nvary; k++)
		if (vary_is_file(sw, k))
			return sw->vary[k].values[sweep_value_of(sw, run, k)];
	return sw->file;
}

/*
 * The --set list of run @run: the fixed ones, then one "KEY=VALUE" per
 * vary (but "file", which picks the scenario), in one block *@buf (any
 * length: a value is never cut).  The caller frees the list and *@buf.
 */
const char **sweep_run_sets(const struct sweep *sw, size_t run, char **buf, size_t *n)
{
	const char **sets = calloc(sw->nfixed + sw->nvary + 1, sizeof(*sets));
	size_t len = 1, at = 0, m = sw->nfixed;

	*buf = NULL;
	for (unsigned k = 0; k < sw->nvary; k++)
		len += strlen(sw->vary[k].key) +
		       strlen(sw->vary[k].values[sweep_value_of(sw, run, k)]) + 2;
	if (sets)
		*buf = malloc(len);
	if (!sets || !*buf) {
		free(sets);
		free(*buf);
		return NULL;
	}
	for (size_t i = 0; i < sw->nfixed; i++)
		sets[i] = sw->fixed[i];
	for (unsigned k = 0; k < sw->nvary; k++) {
		if (vary_is_file(sw, k))
			continue;
		sets[m++] = *buf + at;
		at += (size_t)sprintf(*buf + at, "%s=%s", sw->vary[k].key,
				      sw->vary[k].values[sweep_value_of(sw, run, k)]) +
		      1;
	}
	*n = m;
	return sets;
}

/* A sweep's run @run: the fixed --set, one per --vary, and its seed. */
static void sweep_run_one(const void *ctx, size_t run, struct cli_result *r)
{
	const struct sweep *sw = ctx;
	char *buf;
	size_t n;
	const char **sets = sweep_run_sets(sw, run, &buf, &n);

	if (!sets) {
		r->code = CLI_EXIT_USAGE;
		snprintf(r->error, sizeof(r->error), "out of memory");
		return;
	}
	cli_run_capture(sweep_run_file(sw, run), sets, n, !sw->scenario_seed,
			sweep_seed_of(sw, run), !sw->no_check, r);
	free(sets);
	free(buf);
}

/* ---- CSV ------------------------------------------------------------------ */

static void write_csv(FILE *f, const struct sweep *sw)
{
	fputs("run,seed", f);
	for (unsigned k = 0; k < sw->nvary; k++) {
		fputc(',', f);
		text_csv(f, sw->vary[k].key);
	}
	fputs(",exit_code,expectations_failed,violations,warnings,error_results,events,"
	      "end_time_ns",
	      f);
	for (size_t i = 0; i < sim_stat_count; i++)
		fprintf(f, ",%s", sim_stat_descs[i].name);
	for (int l = 0; l < SIM_LAT_COUNT; l++)
		for (int k = 0; k < CLI_LAT_FIELDS; k++)
			fprintf(f, ",%s_%s", sim_lat_names[l], cli_lat_fields[k]);
	fputc('\n', f);

	for (size_t run = 0; run < sw->nruns; run++) {
		const struct cli_result *r = &sw->res[run];

		fprintf(f, "%zu,", run);
		if (sw->scenario_seed)
			fputs("scenario", f);
		else
			fprintf(f, "%" PRIu64, sweep_seed_of(sw, run));
		for (unsigned k = 0; k < sw->nvary; k++) {
			fputc(',', f);
			text_csv(f, sw->vary[k].values[sweep_value_of(sw, run, k)]);
		}
		fprintf(f,
			",%d,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64,
			r->code, r->failed, r->violations, r->warnings, r->errors, r->events,
			r->end);
		for (size_t i = 0; i < sim_stat_count; i++)
			fprintf(f, ",%" PRIu64, sim_stat_get(&r->stats, &sim_stat_descs[i]));
		for (int l = 0; l < SIM_LAT_COUNT; l++)
			for (int k = 0; k < CLI_LAT_FIELDS; k++)
				fprintf(f, ",%" PRIu64, r->lat[l][k]);
		fputc('\n', f);
	}
}

/* ---- chart ---------------------------------------------------------------- */

/* Name the closest --metric and list the columns that can be charted. */
static void unknown_metric(const char *name)
{
	char near[4096];
	struct text_clip c;

	cli_metric_near(name, near, sizeof(near));
	fprintf(stderr, "gemsim: sweep: unknown --metric %s (%s)\nTry 'gemsim sweep --help'.\n",
		text_clip(&c, name), near);
}

/* The chart's bars: one per value of the first --vary and of the second. */
struct bars {
	unsigned nx, ns;
	double *mean, *lo, *hi; /* [x * ns + series] */
	unsigned *cnt;
	double top; /* the y axis' maximum */
};

#define CHART_W 960
#define CHART_H 540
#define CHART_L 110
#define CHART_R 30
#define CHART_T 70
#define CHART_B 90

/* Mean and range of @name over seeds and over any further --vary.  Returns: 0, or -1. */
static int bars_fill(struct bars *b, const struct sweep *sw, const char *name)
{
	size_t n;

	b->nx = sw->nvary ? sw->vary[0].n : 1;
	b->ns = sw->nvary > 1 ? sw->vary[1].n : 1;
	n = (size_t)b->nx * b->ns;
	b->mean = calloc(n, sizeof(double));
	b->lo = calloc(n, sizeof(double));
	b->hi = calloc(n, sizeof(double));
	b->cnt = calloc(n, sizeof(unsigned));
	b->top = 0;
	if (!b->mean || !b->lo || !b->hi || !b->cnt)
		return -1;
	for (size_t run = 0; run < sw->nruns; run++) {
		unsigned x = sw->nvary ? sweep_value_of(sw, run, 0) : 0;
		unsigned sidx = sw->nvary > 1 ? sweep_value_of(sw, run, 1) : 0;
		size_t c = (size_t)x * b->ns + sidx;
		uint64_t v;

		cli_metric(&sw->res[run], name, &v);
		if (!b->cnt[c] || (double)v < b->lo[c])
			b->lo[c] = (double)v;
		if (!b->cnt[c] || (double)v > b->hi[c])
			b->hi[c] = (double)v;
		b->mean[c] += (double)v;
		b->cnt[c]++;
	}
	for (size_t c = 0; c < n; c++) {
		if (b->cnt[c])
			b->mean[c] /= b->cnt[c];
		if (b->hi[c] > b->top)
			b->top = b->hi[c];
	}
	b->top = cli_nice_max(b->top);
	return 0;
}

static void bars_free(struct bars *b)
{
	free(b->mean);
	free(b->lo);
	free(b->hi);
	free(b->cnt);
}

/* The frame: title, subtitle, grid and y labels. */
static void chart_frame(FILE *f, const struct sweep *sw, const char *name, double top)
{
	const int W = CHART_W, H = CHART_H, L = CHART_L, R = CHART_R, T = CHART_T, B = CHART_B;

	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, sans-serif\">\n",
		W, H, W, H);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
	fprintf(f, "<text x=\"%d\" y=\"36\" font-size=\"24\" font-weight=\"bold\">", L);
	text_xml(f, name);
	fputs("</text>\n<text x=\"", f);
	fprintf(f, "%d\" y=\"58\" font-size=\"15\" fill=\"#555\">", L);
	text_xml(f, sw->file);
	fprintf(f, ", mean over %zu seed%s, whiskers min to max</text>\n", sw->nseeds,
		sw->nseeds == 1 ? "" : "s");
	/* Grid and y labels. */
	for (int i = 0; i <= 5; i++) {
		double y = H - B - (double)(H - T - B) * i / 5;

		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
			L, y, W - R, y);
		fprintf(f,
			"<text x=\"%d\" y=\"%.1f\" font-size=\"14\" text-anchor=\"end\">%.6g"
			"</text>\n",
			L - 8, y + 5, top * i / 5);
	}
}

/* The bars of value @x of the first --vary, with their whiskers and label. */
static void chart_group(FILE *f, const struct sweep *sw, const struct bars *b, unsigned x)
{
	const int H = CHART_H, L = CHART_L, T = CHART_T, B = CHART_B;
	double gw = (double)(CHART_W - L - CHART_R) / b->nx, bw = gw * 0.8 / b->ns;
	double gx = L + gw * x + gw * 0.1;

	for (unsigned si = 0; si < b->ns; si++) {
		size_t c = (size_t)x * b->ns + si;
		double h = (double)(H - T - B) * b->mean[c] / b->top;
		double bx = gx + bw * si, y = H - B - h;
		double ylo = H - B - (double)(H - T - B) * b->lo[c] / b->top;
		double yhi = H - B - (double)(H - T - B) * b->hi[c] / b->top;

		fprintf(f,
			"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			"fill=\"%s\"><title>%.6g</title></rect>\n",
			bx, y, bw * 0.92, h, cli_colours[si % CLI_COLOURS], b->mean[c]);
		if (b->hi[c] > b->lo[c])
			fprintf(f,
				"<path d=\"M%.1f %.1fV%.1fM%.1f %.1fh%.1fM%.1f %.1fh%.1f\" "
				"stroke=\"#222\" stroke-width=\"1.5\"/>\n",
				bx + bw * 0.46, ylo, yhi, bx + bw * 0.3, ylo, bw * 0.32,
				bx + bw * 0.3, yhi, bw * 0.32);
	}
	fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"16\" text-anchor=\"middle\">",
		L + gw * x + gw / 2, H - B + 24);
	text_xml(f, sw->nvary ? sw->vary[0].values[x] : "all runs");
	fputs("</text>\n", f);
}

/* The x axis' title and the legend of the second --vary. */
static void chart_legend(FILE *f, const struct sweep *sw, unsigned ns)
{
	const int W = CHART_W, H = CHART_H, L = CHART_L, R = CHART_R, T = CHART_T, B = CHART_B;

	if (sw->nvary) {
		fprintf(f,
			"<text x=\"%d\" y=\"%d\" font-size=\"16\" text-anchor=\"middle\" "
			"fill=\"#555\">",
			L + (W - L - R) / 2, H - B + 52);
		text_xml(f, sw->vary[0].key);
		fputs("</text>\n", f);
	}
	for (unsigned si = 0; sw->nvary > 1 && si < ns; si++) {
		int lx = W - R - 220, ly = T + 22 * (int)si;

		fprintf(f,
			"<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>"
			"<text x=\"%d\" y=\"%d\" font-size=\"14\">",
			lx, ly, cli_colours[si % CLI_COLOURS], lx + 20, ly + 12);
		text_xml(f, sw->vary[1].key);
		fputc('=', f);
		text_xml(f, sw->vary[1].values[si]);
		fputs("</text>\n", f);
	}
}

/* --chart: @name per value of the first --vary, a bar series per value of the second. */
static int write_chart(FILE *f, const struct sweep *sw, const char *name)
{
	struct bars b;

	if (bars_fill(&b, sw, name)) {
		bars_free(&b);
		return -1;
	}
	chart_frame(f, sw, name, b.top);
	for (unsigned x = 0; x < b.nx; x++)
		chart_group(f, sw, &b, x);
	chart_legend(f, sw, b.ns);
	fputs("</svg>\n", f);
	bars_free(&b);
	return 0;
}

/* ---- sweep ---------------------------------------------------------------- */

static void shell_quote(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

static void free_sweep(struct sweep *sw)
{
	for (unsigned k = 0; k < sw->nvary; k++)
		free(sw->vary[k].buf);
	free(sw->fixed);
	free(sw->seeds);
	free(sw->res);
}

#define SWEEP_FAILS_SHOWN 10

/* Say which runs failed (their settings and seed) and why, on stderr. */
static void report_failed_runs(const struct sweep *sw)
{
	size_t nfailed = 0;

	for (size_t run = 0; run < sw->nruns; run++) {
		const struct cli_result *r = &sw->res[run];

		if (!r->code || nfailed++ >= SWEEP_FAILS_SHOWN)
			continue;
		fprintf(stderr, "gemsim: sweep: run %zu failed (", run);
		for (unsigned k = 0; k < sw->nvary; k++)
			fprintf(stderr, "%s=%s, ", sw->vary[k].key,
				sw->vary[k].values[sweep_value_of(sw, run, k)]);
		if (sw->scenario_seed)
			fputs("the scenario's seed):\n", stderr);
		else
			fprintf(stderr, "seed %" PRIu64 "):\n", sweep_seed_of(sw, run));
		cli_print_why(stderr, "    ", r);
	}
	if (nfailed > SWEEP_FAILS_SHOWN)
		fprintf(stderr, "gemsim: sweep: %zu more runs failed (exit_code 1 in the CSV)\n",
			nfailed - SWEEP_FAILS_SHOWN);
	fprintf(stderr,
		"gemsim: sweep: %zu of %zu runs failed; `gemsim run` with the same "
		"--set and --seed shows one in full\n",
		nfailed, sw->nruns);
}

/* "gemsim: sweep: run N: why" for run @run that could not load.  Returns: 2. */
static int sweep_run_error(const struct sweep *sw, size_t run)
{
	fprintf(stderr, "gemsim: sweep: run %zu: ", run);
	text_term(stderr, sw->res[run].error);
	fputc('\n', stderr);
	return CLI_EXIT_USAGE;
}

/* DIR/RUN.json, quoted for the shell. */
static void shell_quote_run(FILE *f, const char *dir, size_t run)
{
	char *name = malloc(strlen(dir) + 32);

	if (!name)
		return;
	sprintf(name, "%s/%zu.json", dir, run);
	shell_quote(f, name);
	free(name);
}

/* A sweep and its command line. */
struct sweep_args {
	struct sweep sw;
	const char *csv, *chart, *metric, *out_dir, *merge_dir;
	long jobs;
	bool jobs_list, quiet, summary;
	struct ofile csv_file, chart_file;
};

enum { SWEEP_VARY = 1, SWEEP_SET, SWEEP_SEEDS, SWEEP_JOBS, SWEEP_NO_CHECK };

static int sweep_opt(void *ctx, int id, const char *v, struct opt_parser *p)
{
	struct sweep_args *a = ctx;
	struct sweep *sw = &a->sw;
	int r;

	(void)p;
	switch (id) {
	case OPT_OPERAND:
		if (sw->file)
			return sweep_usage("one scenario file at a time; extra:", v);
		sw->file = v;
		return 0;
	case SWEEP_VARY:
		if (sw->nvary == SWEEP_MAX_VARY || parse_vary(&sw->vary[sw->nvary++], v))
			return sweep_usage("--vary needs KEY=V1,V2,... (at most 8 keys, 256 "
					   "values):",
					   v);
		for (unsigned k = 0; k + 1 < sw->nvary; k++)
			/* the later would silently override the earlier */
			if (!strcmp(sw->vary[k].key, sw->vary[sw->nvary - 1].key))
				return sweep_usage("--vary names a key twice (list all its "
						   "values in one --vary):",
						   v);
		return 0;
	case SWEEP_SET:
		if (!strchr(v, '='))
			return sweep_usage("--set needs KEY=VALUE:", v);
		sw->fixed[sw->nfixed++] = v;
		return 0;
	case SWEEP_SEEDS:
		r = sw->seeds ? -1 : cli_parse_seeds(v, &sw->seeds, &sw->nseeds);
		return r ? sweep_usage(cli_seeds_why(r), v) : 0;
	case SWEEP_JOBS:
		return cli_parse_jobs(v, &a->jobs) ?
			       sweep_usage("-j needs a number from 1 to 1024:", v) :
			       0;
	default: sw->no_check = true; return 0;
	}
}

/* What the options say together: the file, the seeds, the metric, the runs. */
static int sweep_settle(struct sweep_args *a)
{
	struct sweep *sw = &a->sw;
	struct cli_result probe = { 0 };
	uint64_t dummy;

	/* "--vary file=A,B" names the scenarios: FILE may be left out */
	for (unsigned k = 0; !sw->file && k < sw->nvary; k++)
		if (vary_is_file(sw, k))
			sw->file = sw->vary[k].values[0];
	if (!sw->file)
		return sweep_usage("no scenario file given", NULL);
	cli_stdin_once(sw->file);
	for (unsigned k = 0; k < sw->nvary; k++)
		for (unsigned i = 0; vary_is_file(sw, k) && i < sw->vary[k].n; i++)
			cli_stdin_once(sw->vary[k].values[i]);
	if (a->out_dir && !a->jobs_list)
		return sweep_usage("--out-dir goes with --jobs-list", NULL);
	if (a->merge_dir && a->jobs_list)
		return sweep_usage("--merge reads what the runs of a --jobs-list wrote: give "
				   "one or the other",
				   NULL);
	if (!sw->seeds) {
		sw->scenario_seed = true;
		sw->seeds = calloc(1, sizeof(*sw->seeds));
		sw->nseeds = 1;
		if (!sw->seeds)
			return sweep_usage("out of memory", NULL);
	}
	if (cli_metric(&probe, a->metric, &dummy)) {
		unknown_metric(a->metric);
		return CLI_EXIT_USAGE;
	}
	sw->nruns = sw->nseeds;
	for (unsigned k = 0; k < sw->nvary; k++) {
		if (sw->nruns * sw->vary[k].n > CLI_MAX_RUNS)
			return sweep_usage("too many runs (limit 100000)", NULL);
		sw->nruns *= sw->vary[k].n;
	}
	return 0;
}

/* Parse `gemsim sweep`'s arguments.  Returns: false, or true to stop with *@code. */
static bool sweep_parse(struct sweep_args *a, int argc, char **argv, int *code)
{
	const struct opt opts[] = {
		CLI_OPT_HELP_ENTRY,
		{ "--vary", NULL, "KEY=V1,V2,...", "a scenario value to vary", .id = SWEEP_VARY },
		{ "--set", NULL, "KEY=VALUE", "a fixed override for every run", .id = SWEEP_SET },
		{ "--seeds", NULL, "A..B", "the seeds (A..B or A,B,C)", .id = SWEEP_SEEDS },
		{ "--jobs", "-j", "N", "runs in parallel", .id = SWEEP_JOBS },
		{ "--csv", NULL, "FILE", "where the rows go", .str = &a->csv },
		{ "--chart", NULL, "FILE.svg", "a chart of the metric", .str = &a->chart },
		{ "--metric", NULL, "NAME", "the charted column", .str = &a->metric },
		{ "--summary", NULL, NULL, "means and 95% intervals", .flag = &a->summary },
		{ "--jobs-list", NULL, NULL, "print the runs as command lines",
		  .flag = &a->jobs_list },
		{ "--out-dir", NULL, "DIR", "--jobs-list: each run's JSON in DIR",
		  .str = &a->out_dir },
		{ "--merge", NULL, "DIR", "read the runs' JSON from DIR", .str = &a->merge_dir },
		{ "--no-check", NULL, NULL, "the runs do not check invariants",
		  .id = SWEEP_NO_CHECK },
		{ "--quiet", "-q", NULL, "no progress bar", .flag = &a->quiet },
	};

	if (cli_parse("sweep", cli_usage_sweep, opts, CLI_NOPTS(opts), sweep_opt, a, argc, argv,
		      code))
		return true;
	*code = sweep_settle(a);
	return *code != 0;
}

/* --jobs-list: each run as a `gemsim run` command line. */
static void sweep_jobs_list(const struct sweep_args *a)
{
	const struct sweep *sw = &a->sw;

	for (size_t run = 0; run < sw->nruns; run++) {
		char *buf;
		size_t n;
		const char **sets = sweep_run_sets(sw, run, &buf, &n);

		if (!sets)
			break;
		fputs("gemsim run ", stdout);
		shell_quote(stdout, sweep_run_file(sw, run));
		for (size_t i = 0; i < n; i++) {
			fputs(" --set ", stdout);
			shell_quote(stdout, sets[i]);
		}
		if (!sw->scenario_seed)
			printf(" --seed %" PRIu64, sweep_seed_of(sw, run));
		if (sw->no_check)
			fputs(" --no-check", stdout);
		fputs(" --json", stdout);
		if (a->out_dir) {
			/* DIR/RUN.json: what --merge DIR reads back */
			fputs(" > ", stdout);
			shell_quote_run(stdout, a->out_dir, run);
		}
		fputc('\n', stdout);
		free(sets);
		free(buf);
	}
}

/*
 * The inputs of every run: each scenario file (FILE, or those of --vary
 * file=) as the runs share it, and the traces it replays (one that does
 * not load as it is: its runs will say why).  Returns: a calloc'ed array
 * of *@nin paths, or NULL; they point into @scs, which the caller frees
 * after them.
 */
static const char **sweep_inputs(const struct sweep *sw, struct scenario **scs, size_t *nin,
				 struct sim_error *err)
{
	struct load_opts lo = { .sets = sw->fixed, .nsets = sw->nfixed };
	const char *files[SWEEP_MAX_VALUES + 1];
	size_t nfiles = 0, max = 0;
	const char **ins;

	files[nfiles++] = sw->file;
	for (unsigned k = 0; k < sw->nvary; k++)
		for (unsigned i = 0; vary_is_file(sw, k) && i < sw->vary[k].n; i++)
			files[nfiles++] = sw->vary[k].values[i];
	for (size_t i = 0; i < nfiles; i++) {
		scs[i] = scenario_load(files[i], &lo, err);
		max += scs[i] ? scs[i]->nworkloads + 1u : 1;
	}
	*nin = 0;
	ins = calloc(max, sizeof(*ins));
	for (size_t i = 0; ins && i < nfiles; i++) {
		if (scs[i])
			*nin += scenario_inputs(scs[i], ins + *nin, max - *nin);
		else
			ins[(*nin)++] = files[i];
	}
	return ins;
}

/*
 * The outputs before any run: a CSV or chart that would overwrite the
 * scenario, each other, or cannot be written at all stops the sweep now,
 * not after every run; the old files stay until the sweep is done.
 */
static int sweep_open_outputs(struct sweep_args *a)
{
	const char *outs[2] = { a->csv, a->chart };
	static const char *const opts[2] = { "--csv", "--chart" };
	struct scenario *scs[SWEEP_MAX_VALUES + 1] = { 0 };
	struct sim_error err = { 0 };
	const char **ins;
	size_t nin;
	int bad;

	if (!a->csv && !a->chart)
		return 0;
	ins = sweep_inputs(&a->sw, scs, &nin, &err);
	memset(&err, 0, sizeof(err));
	bad = !ins || ofile_check(ins, nin, outs, opts, 2, &err);
	free(ins);
	for (size_t i = 0; i < SWEEP_MAX_VALUES + 1; i++)
		scenario_free(scs[i]);
	if (bad && !err.file)
		error_set(&err, 0, 0, "out of memory");
	if (bad || (a->csv && ofile_open(&a->csv_file, a->csv, &err)) ||
	    (a->chart && ofile_open(&a->chart_file, a->chart, &err)))
		return cli_print_error("gemsim: sweep: ", &err);
	return 0;
}

/* Every run's result, from the runs or from --merge.  Returns: the exit code so far. */
static int sweep_collect(struct sweep_args *a)
{
	struct sweep *sw = &a->sw;
	struct cli_batch batch = { sw->nruns, sweep_run_one, sw, NULL, SIZE_MAX };
	int code = 0;

	sw->res = batch.res = calloc(sw->nruns, sizeof(*sw->res));
	if (a->merge_dir && sw->res) {
		struct sim_error err = { 0 };
		char *path = NULL;

		if (merge_all(sw, a->merge_dir, &path, &err))
			code = cli_print_error("gemsim: sweep: --merge: ", &err);
		free(path);
		return code;
	}
	if (!sw->res || cli_run_batch(&batch, (unsigned)a->jobs, !a->quiet && isatty(2))) {
		fprintf(stderr, "gemsim: sweep: cannot run: %s\n", strerror(errno));
		return CLI_EXIT_USAGE;
	}
	if (batch.stopped_by != SIZE_MAX)
		return sweep_run_error(sw, batch.stopped_by);
	for (size_t run = 0; run < sw->nruns; run++)
		if (sw->res[run].code == CLI_EXIT_USAGE)
			return sweep_run_error(sw, run);
	return 0;
}

/* The CSV, the summary and the chart.  Returns: 0, or CLI_EXIT_USAGE. */
static int sweep_write(struct sweep_args *a)
{
	struct sweep *sw = &a->sw;
	struct sim_error err = { 0 };

	if (a->csv || !a->summary)
		write_csv(a->csv ? a->csv_file.f : stdout, sw);
	if (a->summary && sweep_print_summary(stdout, sw, a->metric)) {
		error_set(&err, 0, 0, "out of memory");
		err.file = "--summary";
	} else if (a->chart && write_chart(a->chart_file.f, sw, a->metric)) {
		err.file = a->chart;
		error_set(&err, 0, 0, "out of memory drawing the chart");
	} else if (a->csv && ofile_commit(&a->csv_file, &err)) {
		/* err says what went wrong */
	} else if (a->chart) {
		/* (a CSV on standard output is checked as main() exits) */
		ofile_commit(&a->chart_file, &err);
	}
	if (err.file)
		return cli_print_error("gemsim: sweep: ", &err);
	return 0;
}

int cli_sweep(int argc, char **argv)
{
	struct sweep_args a = { .metric = "pages_swapped_in",
				.jobs = sysconf(_SC_NPROCESSORS_ONLN),
				.csv_file = { .slot = -1 },
				.chart_file = { .slot = -1 } };
	int code = CLI_EXIT_USAGE;

	a.sw.fixed = calloc((size_t)argc, sizeof(*a.sw.fixed));
	if (!a.sw.fixed || sweep_parse(&a, argc, argv, &code))
		goto out;
	if (a.jobs_list) {
		sweep_jobs_list(&a);
		code = 0;
		goto out;
	}
	code = sweep_open_outputs(&a);
	if (code)
		goto out;
	code = sweep_collect(&a);
	for (size_t run = 0; run < a.sw.nruns && !code; run++)
		if (a.sw.res[run].code)
			code = 1;
	if (code == 1)
		report_failed_runs(&a.sw);
	if (code != CLI_EXIT_USAGE && sweep_write(&a))
		code = CLI_EXIT_USAGE;
out:
	/* after a failure the old files stay as they were */
	ofile_abort(&a.csv_file);
	ofile_abort(&a.chart_file);
	free_sweep(&a.sw);
	return code;
}
