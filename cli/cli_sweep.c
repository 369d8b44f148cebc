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
	"  -j N                  runs in parallel (default: the number of CPUs)\n"
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
	"  --no-check            the runs do not check the model's invariants: 2-7x\n"
	"                        faster on big runs; the violations column is then 0\n"
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
	fprintf(stderr, "gemsim: sweep: %s%s%s\nTry 'gemsim sweep --help'.\n", msg,
		arg ? " " : "", arg ? arg : "");
	return CLI_EXIT_USAGE;
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
		len += strlen(sw->vary[k].key) + strlen(sw->vary[k].values[sweep_value_of(sw, run, k)]) + 2;
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
				      sw->vary[k].values[sweep_value_of(sw, run, k)]) + 1;
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
	cli_run_capture(sweep_run_file(sw, run), sets, n, !sw->scenario_seed, sweep_seed_of(sw, run),
			!sw->no_check, r);
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
	      "end_time_ns", f);
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
		fprintf(f, ",%d,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
			",%" PRIu64, r->code, r->failed, r->violations, r->warnings, r->errors,
			r->events, r->end);
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

static int write_chart(FILE *f, const struct sweep *sw, const char *name)
{
	unsigned nx = sw->nvary ? sw->vary[0].n : 1, ns = sw->nvary > 1 ? sw->vary[1].n : 1;
	double *mean = calloc((size_t)nx * ns, sizeof(double));
	double *lo = calloc((size_t)nx * ns, sizeof(double));
	double *hi = calloc((size_t)nx * ns, sizeof(double));
	unsigned *cnt = calloc((size_t)nx * ns, sizeof(unsigned));
	double top = 0;

	if (!mean || !lo || !hi || !cnt)
		goto err;
	/* Mean and range over seeds and over any further --vary. */
	for (size_t run = 0; run < sw->nruns; run++) {
		unsigned x = sw->nvary ? sweep_value_of(sw, run, 0) : 0;
		unsigned sidx = sw->nvary > 1 ? sweep_value_of(sw, run, 1) : 0;
		size_t c = (size_t)x * ns + sidx;
		uint64_t v;

		cli_metric(&sw->res[run], name, &v);
		if (!cnt[c] || (double)v < lo[c])
			lo[c] = (double)v;
		if (!cnt[c] || (double)v > hi[c])
			hi[c] = (double)v;
		mean[c] += (double)v;
		cnt[c]++;
	}
	for (size_t c = 0; c < (size_t)nx * ns; c++) {
		if (cnt[c])
			mean[c] /= cnt[c];
		if (hi[c] > top)
			top = hi[c];
	}
	top = cli_nice_max(top);

	const int W = 960, H = 540, L = 110, R = 30, T = 70, B = 90;
	double gw = (double)(W - L - R) / nx, bw = gw * 0.8 / ns;

	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, sans-serif\">\n", W, H, W, H);
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
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"14\" text-anchor=\"end\">%.6g"
			"</text>\n", L - 8, y + 5, top * i / 5);
	}
	for (unsigned x = 0; x < nx; x++) {
		double gx = L + gw * x + gw * 0.1;

		for (unsigned si = 0; si < ns; si++) {
			size_t c = (size_t)x * ns + si;
			double h = (double)(H - T - B) * mean[c] / top;
			double bx = gx + bw * si, y = H - B - h;
			double ylo = H - B - (double)(H - T - B) * lo[c] / top;
			double yhi = H - B - (double)(H - T - B) * hi[c] / top;

			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				"fill=\"%s\"><title>%.6g</title></rect>\n", bx, y, bw * 0.92, h,
				cli_colours[si % CLI_COLOURS], mean[c]);
			if (hi[c] > lo[c])
				fprintf(f, "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fh%.1fM%.1f %.1fh%.1f\" "
					"stroke=\"#222\" stroke-width=\"1.5\"/>\n",
					bx + bw * 0.46, ylo, yhi, bx + bw * 0.3, ylo, bw * 0.32,
					bx + bw * 0.3, yhi, bw * 0.32);
		}
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"16\" text-anchor=\"middle\">",
			L + gw * x + gw / 2, H - B + 24);
		text_xml(f, sw->nvary ? sw->vary[0].values[x] : "all runs");
		fputs("</text>\n", f);
	}
	if (sw->nvary) {
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"16\" text-anchor=\"middle\" "
			"fill=\"#555\">", L + (W - L - R) / 2, H - B + 52);
		text_xml(f, sw->vary[0].key);
		fputs("</text>\n", f);
	}
	for (unsigned si = 0; sw->nvary > 1 && si < ns; si++) {
		int lx = W - R - 220, ly = T + 22 * (int)si;

		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>"
			"<text x=\"%d\" y=\"%d\" font-size=\"14\">", lx, ly, cli_colours[si % CLI_COLOURS],
			lx + 20, ly + 12);
		text_xml(f, sw->vary[1].key);
		fputc('=', f);
		text_xml(f, sw->vary[1].values[si]);
		fputs("</text>\n", f);
	}
	fputs("</svg>\n", f);
	free(mean);
	free(lo);
	free(hi);
	free(cnt);
	return 0;

err:
	free(mean);
	free(lo);
	free(hi);
	free(cnt);
	return -1;
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
	fprintf(stderr, "gemsim: sweep: %zu of %zu runs failed; `gemsim run` with the same "
		"--set and --seed shows one in full\n", nfailed, sw->nruns);
}

int cli_sweep(int argc, char **argv)
{
	struct sweep sw = { 0 };
	const char *csv = NULL, *chart = NULL, *metric_name = "pages_swapped_in";
	const char *out_dir = NULL, *merge_dir = NULL;
	struct ofile csv_file = { .slot = -1 }, chart_file = { .slot = -1 };
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	bool jobs_list = false, quiet = false, summary = false;
	struct cli_batch batch;
	int code = 0;

	sw.fixed = calloc((size_t)argc, sizeof(*sw.fixed));
	if (!sw.fixed)
		return CLI_EXIT_USAGE;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (cli_split_jobs(&a, &v))
			i--;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(cli_usage_sweep, stdout);
			free_sweep(&sw);
			return 0;
		} else if (!strcmp(a, "--jobs-list")) {
			jobs_list = true;
		} else if (!strcmp(a, "--no-check")) {
			sw.no_check = true;
		} else if (!strcmp(a, "--summary")) {
			summary = true;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			quiet = true;
		} else if (!strcmp(a, "--vary") || !strcmp(a, "--set") || !strcmp(a, "--seeds") ||
			   !strcmp(a, "-j") || !strcmp(a, "--csv") || !strcmp(a, "--chart") ||
			   !strcmp(a, "--metric") || !strcmp(a, "--out-dir") ||
			   !strcmp(a, "--merge")) {
			if (!v) {
				free_sweep(&sw);
				return sweep_usage("missing value after", a);
			}
			i++;
			if (!strcmp(a, "--vary")) {
				if (sw.nvary == SWEEP_MAX_VARY ||
				    parse_vary(&sw.vary[sw.nvary++], v)) {
					free_sweep(&sw);
					return sweep_usage("--vary needs KEY=V1,V2,... (at most 8 "
							   "keys, 256 values):", v);
				}
				for (unsigned k = 0; k + 1 < sw.nvary; k++) {
					/* the later would silently override the earlier */
					if (strcmp(sw.vary[k].key, sw.vary[sw.nvary - 1].key))
						continue;
					free_sweep(&sw);
					return sweep_usage("--vary names a key twice (list all its "
							   "values in one --vary):", v);
				}
			} else if (!strcmp(a, "--set")) {
				if (!strchr(v, '=')) {
					free_sweep(&sw);
					return sweep_usage("--set needs KEY=VALUE:", v);
				}
				sw.fixed[sw.nfixed++] = v;
			} else if (!strcmp(a, "--seeds")) {
				int r = sw.seeds ? -1 : cli_parse_seeds(v, &sw.seeds, &sw.nseeds);

				if (r) {
					free_sweep(&sw);
					return sweep_usage(cli_seeds_why(r), v);
				}
			} else if (!strcmp(a, "-j")) {
				if (cli_parse_jobs(v, &jobs)) {
					free_sweep(&sw);
					return sweep_usage("-j needs a number from 1 to 1024:", v);
				}
			} else if (!strcmp(a, "--csv")) {
				csv = v;
			} else if (!strcmp(a, "--chart")) {
				chart = v;
			} else if (!strcmp(a, "--out-dir")) {
				out_dir = v;
			} else if (!strcmp(a, "--merge")) {
				merge_dir = v;
			} else {
				metric_name = v;
			}
		} else if (a[0] == '-' && a[1]) {
			free_sweep(&sw);
			return sweep_usage("unknown option", a);
		} else if (sw.file) {
			free_sweep(&sw);
			return sweep_usage("one scenario file at a time; extra:", a);
		} else {
			sw.file = a;
		}
	}
	/* "--vary file=A,B" names the scenarios: FILE may be left out */
	for (unsigned k = 0; !sw.file && k < sw.nvary; k++)
		if (vary_is_file(&sw, k))
			sw.file = sw.vary[k].values[0];
	if (!sw.file) {
		free_sweep(&sw);
		return sweep_usage("no scenario file given", NULL);
	}
	if (out_dir && !jobs_list) {
		free_sweep(&sw);
		return sweep_usage("--out-dir goes with --jobs-list", NULL);
	}
	if (merge_dir && jobs_list) {
		free_sweep(&sw);
		return sweep_usage("--merge reads what the runs of a --jobs-list wrote: give "
				   "one or the other", NULL);
	}
	if (!sw.seeds) {
		sw.scenario_seed = true;
		sw.seeds = calloc(1, sizeof(*sw.seeds));
		sw.nseeds = 1;
	}
	{
		struct cli_result probe = { 0 };
		uint64_t dummy;

		if (cli_metric(&probe, metric_name, &dummy)) {
			unknown_metric(metric_name);
			free_sweep(&sw);
			return CLI_EXIT_USAGE;
		}
	}
	sw.nruns = sw.nseeds;
	for (unsigned k = 0; k < sw.nvary; k++) {
		if (sw.nruns * sw.vary[k].n > CLI_MAX_RUNS) {
			free_sweep(&sw);
			return sweep_usage("too many runs (limit 100000)", NULL);
		}
		sw.nruns *= sw.vary[k].n;
	}

	if (jobs_list) {
		for (size_t run = 0; run < sw.nruns; run++) {
			char *buf;
			size_t n;
			const char **sets = sweep_run_sets(&sw, run, &buf, &n);

			if (!sets)
				break;
			fputs("gemsim run ", stdout);
			shell_quote(stdout, sweep_run_file(&sw, run));
			for (size_t i = 0; i < n; i++) {
				fputs(" --set ", stdout);
				shell_quote(stdout, sets[i]);
			}
			if (!sw.scenario_seed)
				printf(" --seed %" PRIu64, sweep_seed_of(&sw, run));
			if (sw.no_check)
				fputs(" --no-check", stdout);
			fputs(" --json", stdout);
			if (out_dir) {
				/* DIR/RUN.json: what --merge DIR reads back */
				char *name = malloc(strlen(out_dir) + 32);

				if (!name)
					break;
				sprintf(name, "%s/%zu.json", out_dir, run);
				fputs(" > ", stdout);
				shell_quote(stdout, name);
				free(name);
			}
			fputc('\n', stdout);
			free(sets);
			free(buf);
		}
		free_sweep(&sw);
		return 0;
	}

	/*
	 * The outputs before any run: a CSV or chart that would overwrite the
	 * scenario, each other, or cannot be written at all stops the sweep
	 * now, not after every run; the old files stay until the sweep is done.
	 */
	{
		const char *outs[2] = { csv, chart };
		static const char *const opts[2] = { "--csv", "--chart" };
		struct sim_error err = { 0 };
		struct load_opts lo = { .sets = sw.fixed, .nsets = sw.nfixed };
		/* every scenario file the runs use: FILE, or those of --vary file= */
		const char *files[SWEEP_MAX_VALUES + 1];
		struct scenario *scs[SWEEP_MAX_VALUES + 1] = { 0 };
		size_t nfiles = 0, max = 0, nin = 0;
		const char **ins;
		int bad;

		files[nfiles++] = sw.file;
		for (unsigned k = 0; k < sw.nvary; k++)
			for (unsigned i = 0; vary_is_file(&sw, k) && i < sw.vary[k].n; i++)
				files[nfiles++] = sw.vary[k].values[i];
		/* each scenario as the runs share it, for the traces it replays
		 * (when one does not load as it is, its runs will say why) */
		for (size_t i = 0; i < nfiles; i++) {
			scs[i] = csv || chart ? scenario_load(files[i], &lo, &err) : NULL;
			max += scs[i] ? scs[i]->nworkloads + 1u : 1;
		}
		ins = calloc(max, sizeof(*ins));
		for (size_t i = 0; ins && i < nfiles; i++) {
			if (scs[i])
				nin += scenario_inputs(scs[i], ins + nin, max - nin);
			else
				ins[nin++] = files[i];
		}
		memset(&err, 0, sizeof(err));
		bad = !ins || ofile_check(ins, nin, outs, opts, 2, &err);
		free(ins);
		for (size_t i = 0; i < nfiles; i++)
			scenario_free(scs[i]);
		if (bad && !err.file)
			error_set(&err, 0, 0, "out of memory");
		if (bad ||
		    (csv && ofile_open(&csv_file, csv, &err)) ||
		    (chart && ofile_open(&chart_file, chart, &err))) {
			char msg[SIM_ERROR_MSG + 300];

			error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "gemsim: sweep: %s\n", msg);
			ofile_abort(&csv_file);
			free_sweep(&sw);
			return CLI_EXIT_USAGE;
		}
	}

	sw.res = calloc(sw.nruns, sizeof(*sw.res));
	batch = (struct cli_batch){ sw.nruns, sweep_run_one, &sw, sw.res, SIZE_MAX };
	if (merge_dir && sw.res) {
		struct sim_error err = { 0 };
		char *path = NULL;

		if (sweep_merge_all(&sw, merge_dir, &path, &err)) {
			char msg[SIM_ERROR_MSG + 300];

			error_format(&err, msg, sizeof(msg));
			fputs("gemsim: sweep: --merge: ", stderr);
			text_term(stderr, msg);
			fputc('\n', stderr);
			code = CLI_EXIT_USAGE;
		}
		free(path);
	} else if (!sw.res || cli_run_batch(&batch, (unsigned)jobs, !quiet && isatty(2))) {
		fprintf(stderr, "gemsim: sweep: cannot run: %s\n", strerror(errno));
		code = CLI_EXIT_USAGE;
	} else if (batch.stopped_by != SIZE_MAX) {
		fprintf(stderr, "gemsim: sweep: run %zu: ", batch.stopped_by);
		text_term(stderr, sw.res[batch.stopped_by].error);
		fputc('\n', stderr);
		code = CLI_EXIT_USAGE;
	}
	for (size_t run = 0; run < sw.nruns && !code; run++)
		if (sw.res[run].code == CLI_EXIT_USAGE) {
			fprintf(stderr, "gemsim: sweep: run %zu: ", run);
			text_term(stderr, sw.res[run].error);
			fputc('\n', stderr);
			code = CLI_EXIT_USAGE;
		}
	for (size_t run = 0; run < sw.nruns && !code; run++)
		if (sw.res[run].code)
			code = 1;
	if (code == 1)
		report_failed_runs(&sw);
	if (code != CLI_EXIT_USAGE) {
		struct sim_error err = { 0 };

		if (csv || !summary)
			write_csv(csv ? csv_file.f : stdout, &sw);
		if (summary && sweep_print_summary(stdout, &sw, metric_name)) {
			error_set(&err, 0, 0, "out of memory");
			err.file = "--summary";
		} else if (chart && write_chart(chart_file.f, &sw, metric_name)) {
			err.file = chart;
			error_set(&err, 0, 0, "out of memory drawing the chart");
		} else if (csv && ofile_commit(&csv_file, &err)) {
			/* err says what went wrong */
		} else if (chart) {
			/* (a CSV on standard output is checked as main() exits) */
			ofile_commit(&chart_file, &err);
		}
		if (err.file) {
			char msg[SIM_ERROR_MSG + 300];

			error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "gemsim: sweep: %s\n", msg);
			code = CLI_EXIT_USAGE;
		}
	}
	/* after a failure the old files stay as they were */
	ofile_abort(&csv_file);
	ofile_abort(&chart_file);
	free_sweep(&sw);
	return code;
}
