// SPDX-License-Identifier: MIT
/*
 * cli/cli_mrc.c - `gemsim mrc FILE`: a swap-in (miss-ratio) curve per
 * reclaim policy over memory sizes given as a percentage of the working
 * set, many seeds each, into a CSV and a line chart with 95% bands.
 *
 * The working set is the pages of the scenario's "objects" block (objects
 * a workload creates on the fly, such as churn's, are not in it): RAM of
 * 100% holds every listed object at once.  Each point runs with
 * policy.reclaim=P and memory.ram_pages=round(WS * pct / 100) through the
 * batch runner of sweep (cli_run_batch()), so the bytes are the same for
 * any -j.
 *
 *   runs: index = (policy * nsizes + size) * nseeds + seed
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "run/load.h"
#include "base/ofile.h"
#include "base/stats_ci.h"
#include "base/text.h"

#define MRC_MAX_POLICIES 8
#define MRC_MAX_SIZES 64
#define MRC_MAX_PCT 10000

const char cli_usage_mrc[] =
	"Usage: gemsim mrc FILE [OPTIONS]\n"
	"\n"
	"Draw a swap-in (miss-ratio) curve for each reclaim policy: run FILE at\n"
	"memory sizes given as a percentage of its working set (the pages of its\n"
	"\"objects\" block), every seed at every size, and write the mean and 95%\n"
	"confidence interval (Student t) of the metric per policy and size as CSV\n"
	"and, with --svg, a line chart with one line and band per policy.\n"
	"\n"
	"Options:\n"
	"  --policies P,P,...   reclaim orders (default lru,fifo,clock,size)\n"
	"  --sizes N,N,...      RAM as % of the working set, ascending, 1 to 10000\n"
	"                       (default 25,50,75,100,125,150)\n"
	"  --seeds A..B         seeds A to B, or a list \"1,5,9\" (default 1..10)\n"
	"  --metric NAME        what to draw (default pages_swapped_in): a sweep\n"
	"                       column (`gemsim help sweep`)\n"
	"  --per NAME           divide by this column, run by run: a miss ratio\n"
	"                       (--metric pages_swapped_in --per gpu_accesses)\n"
	"  --set KEY=VALUE      a fixed override for every run; may be repeated\n"
	"  -j, --jobs N         runs in parallel (default: the number of CPUs)\n"
	"  --csv FILE           where the rows go (default: standard output)\n"
	"  --svg FILE           the line chart (both files checked before the first\n"
	"                       run and replaced only when every run is done)\n"
	"  --no-check           the runs do not check the model's invariants: up to\n"
	"                       1.5x faster on big runs (a scenario whose expect names\n"
	"                       violations is checked all the same)\n"
	"  -q, --quiet          no progress bar\n"
	"  -h, --help           this help\n"
	"\n"
	"CSV columns: policy, size_pct, ram_pages, seeds, mean, ci95_low, ci95_high.\n"
	"Runs that fail the scenario's own expectations count all the same (they\n"
	"are written for one memory size).  Exit code: 0 when the files are\n"
	"written, 2 on bad input.\n";

struct mrc {
	const char *file;
	const char **fixed; /* --set, then room for the two of each run */
	size_t nfixed;
	char *pol[MRC_MAX_POLICIES];
	size_t npol;
	unsigned pct[MRC_MAX_SIZES];
	uint64_t ram[MRC_MAX_SIZES];
	size_t nsizes;
	uint64_t *seeds;
	size_t nseeds;
	uint64_t ws; /* working set, pages */
	const char *metric, *per;
	char *polbuf;
	bool no_check; /* --no-check: runs do not check the invariants */
};

static int mrc_usage(const char *msg, const char *arg)
{
	return cli_usage_msg("mrc", msg, arg);
}

static void mrc_run_one(const void *ctx, size_t run, struct cli_result *r)
{
	const struct mrc *m = ctx;
	size_t seed = run % m->nseeds, size = run / m->nseeds % m->nsizes;
	size_t pol = run / m->nseeds / m->nsizes;
	char reclaim[80], ram[64];
	const char **sets = calloc(m->nfixed + 2, sizeof(*sets));

	if (!sets) {
		r->code = CLI_EXIT_USAGE;
		snprintf(r->error, sizeof(r->error), "out of memory");
		return;
	}
	memcpy(sets, m->fixed, m->nfixed * sizeof(*sets));
	snprintf(reclaim, sizeof(reclaim), "policy.reclaim=%s", m->pol[pol]);
	snprintf(ram, sizeof(ram), "memory.ram_pages=%" PRIu64, m->ram[size]);
	sets[m->nfixed] = reclaim;
	sets[m->nfixed + 1] = ram;
	cli_run_capture(m->file, sets, m->nfixed + 2, true, m->seeds[seed], !m->no_check, r);
	free(sets);
}

static double mrc_value(const struct mrc *m, const struct cli_result *r)
{
	uint64_t a = 0, b = 0;

	cli_metric(r, m->metric, &a);
	if (!m->per)
		return (double)a;
	cli_metric(r, m->per, &b);
	return b ? (double)a / (double)b : 0;
}

/* The working set: the pages of the "objects" block, under the fixed --set. */
static int mrc_working_set(struct mrc *m)
{
	struct load_opts lo = { .sets = m->fixed, .nsets = m->nfixed };
	struct sim_error err;
	struct scenario *sc = scenario_load(m->file, &lo, &err);

	if (!sc) {
		cli_print_error("gemsim: mrc: ", &err);
		return -1;
	}
	m->ws = 0;
	for (uint32_t i = 0; i < sc->nnames[SIM_K_BO]; i++)
		m->ws += sc->bo_pages[i];
	scenario_free(sc);
	if (!m->ws) {
		fprintf(stderr,
			"gemsim: mrc: %s: no \"objects\" block with pages: the working "
			"set is empty (docs/studies.md, \"Miss-ratio curves\")\n",
			m->file);
		return -1;
	}
	for (size_t i = 0; i < m->nsizes; i++) {
		m->ram[i] = (m->ws * m->pct[i] + 50) / 100;
		if (!m->ram[i])
			m->ram[i] = 1;
	}
	return 0;
}

static void write_csv(FILE *f, const struct mrc *m, const struct stats_ci *ci)
{
	fputs("policy,size_pct,ram_pages,seeds,mean,ci95_low,ci95_high\n", f);
	for (size_t p = 0; p < m->npol; p++)
		for (size_t s = 0; s < m->nsizes; s++) {
			const struct stats_ci *c = &ci[p * m->nsizes + s];

			fprintf(f, "%s,%u,%" PRIu64 ",%zu,%.6g,%.6g,%.6g\n", m->pol[p], m->pct[s],
				m->ram[s], c->n, c->mean, c->mean - c->half, c->mean + c->half);
		}
}

static int write_svg(FILE *f, const struct mrc *m, const struct stats_ci *ci)
{
	size_t np = m->npol, nz = m->nsizes;
	double *x = calloc(nz, sizeof(*x)), *y = calloc(np * nz * 3, sizeof(*y));
	struct cli_series *s = calloc(np, sizeof(*s));
	char title[200], sub[SIM_ERROR_MSG], ylabel[200];
	size_t n = strlen(m->metric);

	if (!x || !y || !s) {
		free(x);
		free(y);
		free(s);
		return -1;
	}
	for (size_t i = 0; i < nz; i++)
		x[i] = m->pct[i];
	for (size_t p = 0; p < np; p++) {
		double *my = y + p * nz * 3;

		for (size_t i = 0; i < nz; i++) {
			const struct stats_ci *c = &ci[p * nz + i];

			my[i] = c->mean;
			my[nz + i] = c->mean - c->half;
			my[2 * nz + i] = c->mean + c->half;
		}
		s[p] = (struct cli_series){ m->pol[p], x, my, my + nz, my + 2 * nz, nz };
	}
	snprintf(title, sizeof(title), "%.80s%s%.80s by memory size", m->metric,
		 m->per ? " per " : "", m->per ? m->per : "");
	snprintf(sub, sizeof(sub),
		 "%.300s: working set %" PRIu64 " pages; mean over %zu seed%s, "
		 "band: 95%% confidence interval",
		 m->file, m->ws, m->nseeds, m->nseeds == 1 ? "" : "s");
	snprintf(ylabel, sizeof(ylabel), "%.80s%s%.80s (%s)", m->metric, m->per ? " per " : "",
		 m->per ? m->per : "",
		 m->per                                     ? "ratio" :
		 n > 3 && !strcmp(m->metric + n - 3, "_ns") ? "ns" :
							      "count");
	cli_line_chart(f, &(struct cli_line_chart){ title, sub, "RAM (% of the working set)",
						    ylabel, s, np, x, nz, true });
	free(x);
	free(y);
	free(s);
	return 0;
}

static int parse_list(char *arg, char **out, size_t max, size_t *n)
{
	*n = 0;
	for (char *save = NULL, *tok = strtok_r(arg, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (*n == max)
			return -1;
		out[(*n)++] = tok;
	}
	return *n ? 0 : -1;
}

static void mrc_free(struct mrc *m)
{
	free(m->fixed);
	free(m->seeds);
	free(m->polbuf);
}

/* mrc and its command line. */
struct mrc_args {
	struct mrc m;
	const char *csv, *svg, *pols, *sizes;
	struct ofile csv_file, svg_file;
	long jobs;
	bool quiet;
};

enum { MRC_SEEDS = 1, MRC_SET, MRC_JOBS };

static int mrc_opt(void *ctx, int id, const char *val, struct opt_parser *p)
{
	struct mrc_args *a = ctx;
	struct mrc *m = &a->m;
	int r;

	(void)p;
	switch (id) {
	case OPT_OPERAND:
		if (m->file)
			return mrc_usage("one scenario file at a time; extra:", val);
		m->file = val;
		return 0;
	case MRC_SEEDS:
		free(m->seeds);
		m->seeds = NULL;
		r = cli_parse_seeds(val, &m->seeds, &m->nseeds);
		return r ? mrc_usage(cli_seeds_why(r), val) : 0;
	case MRC_SET:
		if (!strchr(val, '='))
			return mrc_usage("--set needs KEY=VALUE:", val);
		m->fixed[m->nfixed++] = val;
		return 0;
	default:
		return cli_parse_jobs(val, &a->jobs) ?
			       mrc_usage("-j needs a number from 1 to 1024:", val) :
			       0;
	}
}

/* --metric and --per name sweep columns.  Returns: 0, or CLI_EXIT_USAGE after saying so. */
static int mrc_check_metrics(const struct mrc *m)
{
	struct cli_result probe = { 0 };
	uint64_t dummy;
	const char *names[2] = { m->metric, m->per };

	for (int k = 0; k < 2; k++) {
		char near[4096];

		if (!names[k] || !cli_metric(&probe, names[k], &dummy))
			continue;
		cli_metric_near(names[k], near, sizeof(near));
		fprintf(stderr, "gemsim: mrc: unknown %s ", k ? "--per" : "--metric");
		text_term(stderr, names[k]);
		fprintf(stderr, " (%s)\n", near);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* --sizes: ascending percentages.  Returns: 0, or CLI_EXIT_USAGE after saying so. */
static int mrc_parse_sizes(struct mrc *m, const char *sizes)
{
	char buf[1024], *tok[MRC_MAX_SIZES];
	size_t n;

	if (strlen(sizes) >= sizeof(buf) ||
	    (strcpy(buf, sizes), parse_list(buf, tok, MRC_MAX_SIZES, &n)))
		return mrc_usage("--sizes needs 1 to 64 percentages such as 25,50,100:", sizes);
	for (size_t i = 0; i < n; i++) {
		char *end;
		long p = strtol(tok[i], &end, 10);

		if (*end || p < 1 || p > MRC_MAX_PCT || (i && p <= m->pct[i - 1]))
			return mrc_usage("--sizes needs ascending whole percentages from 1 to "
					 "10000:",
					 sizes);
		m->pct[i] = (unsigned)p;
	}
	m->nsizes = n;
	return 0;
}

/* Parse mrc's arguments.  Returns: false, or true to stop with *@code. */
static bool mrc_parse(struct mrc_args *a, int argc, char **argv, int *code)
{
	struct mrc *m = &a->m;
	const struct opt opts[] = {
		CLI_OPT_HELP_ENTRY,
		{ "--policies", NULL, "P,P,...", "reclaim orders", .str = &a->pols },
		{ "--sizes", NULL, "N,N,...", "RAM as % of the working set", .str = &a->sizes },
		{ "--seeds", NULL, "A..B", "the seeds", .id = MRC_SEEDS },
		{ "--metric", NULL, "NAME", "what to draw", .str = &m->metric },
		{ "--per", NULL, "NAME", "divide by this column", .str = &m->per },
		{ "--set", NULL, "KEY=VALUE", "a fixed override for every run", .id = MRC_SET },
		{ "--jobs", "-j", "N", "runs in parallel", .id = MRC_JOBS },
		{ "--csv", NULL, "FILE", "where the rows go", .str = &a->csv },
		{ "--svg", NULL, "FILE", "the line chart", .str = &a->svg },
		{ "--no-check", NULL, NULL, "the runs do not check invariants",
		  .flag = &m->no_check },
		{ "--quiet", "-q", NULL, "no progress bar", .flag = &a->quiet },
	};

	if (cli_parse("mrc", cli_usage_mrc, opts, CLI_NOPTS(opts), mrc_opt, a, argc, argv, code))
		return true;
	*code = CLI_EXIT_USAGE;
	if (!m->file) {
		mrc_usage("no scenario file given", NULL);
		return true;
	}
	if (mrc_check_metrics(m))
		return true;
	m->polbuf = strdup(a->pols);
	if (!m->polbuf || parse_list(m->polbuf, m->pol, MRC_MAX_POLICIES, &m->npol)) {
		mrc_usage("--policies needs 1 to 8 names such as lru,fifo:", a->pols);
		return true;
	}
	if (mrc_parse_sizes(m, a->sizes))
		return true;
	if (!m->seeds && cli_parse_seeds("1..10", &m->seeds, &m->nseeds))
		return true;
	if (m->npol * m->nsizes * m->nseeds > 100000) {
		mrc_usage("too many runs (limit 100000)", NULL);
		return true;
	}
	return mrc_working_set(m) != 0;
}

/* --csv and --svg, checked against @sc's inputs and opened.  Returns: 0, or -1 with @err. */
static int mrc_open_outputs(struct mrc_args *a, const struct scenario *sc, struct sim_error *err)
{
	const char *outs[2] = { a->csv, a->svg };
	static const char *const opts[2] = { "--csv", "--svg" };
	const char **ins = calloc(sc->nworkloads + 1u, sizeof(*ins));
	size_t nin = ins ? scenario_inputs(sc, ins, sc->nworkloads + 1u) : 0;
	int bad = !ins || ofile_check(ins, nin, outs, opts, 2, err) ||
		  (a->csv && ofile_open(&a->csv_file, a->csv, err)) ||
		  (a->svg && ofile_open(&a->svg_file, a->svg, err));

	if (!ins)
		error_set(err, 0, 0, "out of memory");
	free(ins);
	return bad ? -1 : 0;
}

/*
 * Each policy loads once (at the largest size) before any run: a misspelt
 * policy fails now with the loader's message; the first opens the outputs.
 * Returns: 0, or CLI_EXIT_USAGE after saying why.
 */
static int mrc_load_policies(struct mrc_args *a)
{
	struct mrc *m = &a->m;

	for (size_t p = 0; p < m->npol; p++) {
		char reclaim[80], ram[64];
		const char *extra[2] = { reclaim, ram };
		struct sim_error err = { 0 };
		struct scenario *sc;
		struct load_opts lo;
		const char **sets = calloc(m->nfixed + 2, sizeof(*sets));
		int bad;

		if (!sets)
			return CLI_EXIT_USAGE;
		memcpy(sets, m->fixed, m->nfixed * sizeof(*sets));
		snprintf(reclaim, sizeof(reclaim), "policy.reclaim=%.60s", m->pol[p]);
		snprintf(ram, sizeof(ram), "memory.ram_pages=%" PRIu64, m->ram[m->nsizes - 1]);
		memcpy(sets + m->nfixed, extra, sizeof(extra));
		lo = (struct load_opts){ .sets = sets, .nsets = m->nfixed + 2 };
		sc = scenario_load(m->file, &lo, &err);
		free(sets);
		bad = !sc || (!p && mrc_open_outputs(a, sc, &err));
		scenario_free(sc);
		if (bad)
			return cli_print_error("gemsim: mrc: ", &err);
	}
	return 0;
}

/* Every run, then the CSV and the chart.  Returns: the exit code. */
static int mrc_run(struct mrc_args *a)
{
	struct mrc *m = &a->m;
	size_t nruns = m->npol * m->nsizes * m->nseeds;
	struct cli_result *res = calloc(nruns, sizeof(*res));
	struct stats_ci *ci = calloc(m->npol * m->nsizes, sizeof(*ci));
	double *v = calloc(m->nseeds, sizeof(*v));
	struct cli_batch b = { nruns, mrc_run_one, m, res, SIZE_MAX };
	struct sim_error err = { 0 };
	int code = CLI_EXIT_USAGE;

	if (!res || !ci || !v || cli_run_batch(&b, (unsigned)a->jobs, !a->quiet && isatty(2))) {
		fprintf(stderr, "gemsim: mrc: cannot run: %s\n", strerror(errno));
		goto out;
	}
	if (b.stopped_by != SIZE_MAX) {
		size_t r = b.stopped_by;

		fprintf(stderr,
			"gemsim: mrc: %s at %u%% (ram_pages %" PRIu64 "), seed %" PRIu64 ": ",
			m->pol[r / m->nseeds / m->nsizes], m->pct[r / m->nseeds % m->nsizes],
			m->ram[r / m->nseeds % m->nsizes], m->seeds[r % m->nseeds]);
		text_term(stderr, res[r].error);
		fputc('\n', stderr);
		goto out;
	}
	for (size_t i = 0; i < m->npol * m->nsizes; i++) {
		for (size_t s = 0; s < m->nseeds; s++)
			v[s] = mrc_value(m, &res[i * m->nseeds + s]);
		ci[i] = stats_ci_of(v, m->nseeds);
	}
	write_csv(a->csv ? a->csv_file.f : stdout, m, ci);
	if (a->svg && write_svg(a->svg_file.f, m, ci)) {
		err.file = a->svg;
		error_set(&err, 0, 0, "out of memory drawing the chart");
	}
	if (err.file || (a->csv && ofile_commit(&a->csv_file, &err)) ||
	    (a->svg && ofile_commit(&a->svg_file, &err)))
		cli_print_error("gemsim: mrc: ", &err);
	else
		code = 0;
out:
	free(res);
	free(ci);
	free(v);
	return code;
}

int cli_mrc(int argc, char **argv)
{
	struct mrc_args a = { .m = { .metric = "pages_swapped_in" },
			      .pols = "lru,fifo,clock,size",
			      .sizes = "25,50,75,100,125,150",
			      .csv_file = { .slot = -1 },
			      .svg_file = { .slot = -1 },
			      .jobs = sysconf(_SC_NPROCESSORS_ONLN) };
	int code = CLI_EXIT_USAGE;

	a.m.fixed = calloc((size_t)argc, sizeof(*a.m.fixed));
	if (!a.m.fixed || mrc_parse(&a, argc, argv, &code))
		goto out;
	code = mrc_load_policies(&a);
	if (!code)
		code = mrc_run(&a);
out:
	/* after a failure the old files stay as they were */
	ofile_abort(&a.csv_file);
	ofile_abort(&a.svg_file);
	mrc_free(&a.m);
	return code;
}
