// SPDX-License-Identifier: MIT
/*
 * cli/cli_report.c - `gemsim report STUDY.json`: a policy study in one
 * command (docs/studies.md).
 *
 * A study names a question, a scenario, configurations (each a list of
 * --set overrides, one of them the baseline), seeds and metrics.  Every
 * configuration runs with every seed through sweep's batch runner
 * (cli_run_batch(): forked children, -j at once, results by index), then
 * the figures are worked out here (mean +- 95% interval per metric and
 * configuration, paired differences against the baseline over the same
 * seeds, a verdict for each) and written as one self-contained HTML page
 * (cli/cli_report_page.c) and, on request, CSV and JSON
 * (cli/cli_report_export.c), all through base/ofile.  Same study,
 * same bytes, whatever -j.  The indexing of runs is in cli_report.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "gem/lru.h"
#include "cli/cli_report.h"
#include "run/load.h"
#include "base/ofile.h"
#include "base/text.h"
#include "base/units.h"

const char cli_usage_report[] =
	"Usage: gemsim report STUDY.json [-o FILE.html] [OPTIONS]\n"
	"\n"
	"Run a policy study: every configuration of STUDY.json with every seed, in\n"
	"parallel, then write one self-contained HTML page (inline SVG, no external\n"
	"files): the question and its answer in words (generated from the results),\n"
	"the workload, the kernel and policy of each configuration, the study's\n"
	"x- notes, the mean and 95% confidence interval (Student t) of each metric\n"
	"per configuration, the paired difference of each configuration against the\n"
	"baseline over the same seeds, a chart per metric with error bars, and the\n"
	"commands that reproduce it.  The study format is in docs/studies.md; the\n"
	"scenario path in it is relative to the study file.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE   where the page goes (default: standard output); checked\n"
	"                      before the first run, may not be the study or the\n"
	"                      scenario, replaced only when the report is whole\n"
	"  --csv FILE          the figures as CSV too: one row per configuration and\n"
	"                      metric (and --vary value)\n"
	"  --json FILE         the figures as one JSON object\n"
	"  --seeds N           run N seeds instead of the study's count (from its\n"
	"                      first_seed): a quick check in CI\n"
	"  --set KEY=VALUE     one more override for every configuration, after the\n"
	"                      study's \"set\" and before the configuration's own\n"
	"  --vary KEY=V1,V2,.. run the whole study once per value (the value set last,\n"
	"                      over every configuration): one page, a section each\n"
	"  -j, --jobs N        runs in parallel (default: the number of CPUs)\n"
	"  -q, --quiet         no progress bar\n"
	"  -h, --help          this help\n"
	"\n"
	"The same study gives the same bytes for any -j.  The scenario's own\n"
	"expectations are not part of a study unless it says \"expectations\": \"on\";\n"
	"then the page lists every run that failed one, and which.  Exit code: 0\n"
	"when the page is written, 2 on bad input (the study's file:line:col, or the\n"
	"scenario's error for the configuration that cannot load).\n";

/* ---- running -------------------------------------------------------------- */

static void report_run_one(const void *ctx, size_t run, struct cli_result *out)
{
	const struct report *r = ctx;
	size_t ns = r->st->nseeds, sc = run / ns;

	/* always checked: a study's metrics may count violations */
	cli_run_capture(r->st->scenario, r->sets[sc], r->nsets[sc], true,
			r->st->first_seed + run % ns, true, out);
}

/* The value of metric @m in run @r (a ratio of 0/0 is 0). */
static double value_of(const struct metric *m, const struct cli_result *r)
{
	uint64_t a = 0, b = 0;

	cli_metric(r, m->of, &a);
	if (!m->per)
		return (double)a * m->scale;
	cli_metric(r, m->per, &b);
	return b ? (double)a / (double)b * m->scale : 0;
}

/*
 * The width of the histogram bucket (base/hist.h) that holds @v, in
 * the metric's unit: a percentile is its bucket's top, so the true value
 * lies up to one width below what is reported.
 */
static double bucket_width(const struct metric *m, double v)
{
	double ns = v / m->scale;
	uint64_t w = 1;

	if (ns >= 16)
		for (double top = 32; top <= ns && w < ((uint64_t)1 << 60); top *= 2)
			w *= 2;
	return (double)w * m->scale;
}

/* Means, intervals, paired differences and verdicts of every cell. */
static void report_figures(struct report *r, double *v)
{
	const struct study *st = r->st;
	size_t ns = st->nseeds;

	for (size_t sec = 0; sec < r->nsec; sec++) {
		const struct cli_result *res = r->res + sec * st->ncfg * ns;

		for (size_t m = 0; m < st->nmet; m++) {
			const struct metric *me = &st->met[m];
			double eff = me->min_effect >= 0 ? me->min_effect : st->min_effect;
			struct report_cell *base = report_cell_of(r, sec, st->base, m);

			for (size_t c = 0; c < st->ncfg; c++) {
				struct report_cell *cl = report_cell_of(r, sec, c, m);

				for (size_t s = 0; s < ns; s++)
					v[s] = value_of(me, &res[c * ns + s]);
				cl->ci = stats_ci_of(v, ns);
				/* paired: the same seed under this configuration and the baseline */
				for (size_t s = 0; s < ns; s++)
					v[s] -= value_of(me, &res[st->base * ns + s]);
				cl->diff = stats_ci_of(v, ns);
			}
			for (size_t c = 0; c < st->ncfg; c++) {
				struct report_cell *cl = report_cell_of(r, sec, c, m);
				struct stats_ci *d = &cl->diff;
				double b = base->ci.mean, a = d->mean < 0 ? -d->mean : d->mean;

				if (me->bucketed) {
					double big = cl->ci.mean > b ? cl->ci.mean : b;

					cl->floor = bucket_width(me, cl->ci.mean);
					if (cl->ci.half < cl->floor)
						cl->ci.half = cl->floor;
					/* a difference smaller than a bucket is not seen */
					if (d->half < bucket_width(me, big))
						d->half = bucket_width(me, big);
				}
				cl->has_pct = b != 0;
				cl->pct = b != 0 ? 100.0 * d->mean / (b < 0 ? -b : b) : 0;
				if (c == st->base)
					cl->verdict = RV_BASE;
				else if (a - d->half <= 1e-9 * (a > d->half ? a : d->half))
					/* at the edge counts as inside: one bucket step
					 * whose floating mean came out a hair above it
					 * is still one bucket */
					cl->verdict = RV_NONE;
				else if (eff > 0 && a < eff * (b < 0 ? -b : b))
					cl->verdict = RV_SMALL;
				else
					cl->verdict = RV_CHANGE;
			}
		}
	}
}

/* ---- what the page says about the runs ------------------------------------ */

/* "kernel v19, generic shrinker, lru order, purge first, ..." of @sc. */
static void describe_config(char *buf, size_t len, const struct scenario *sc)
{
	const struct sim_policy *p = &sc->cfg.policy;
	char wait[32] = "";

	if (p->busy_wait)
		units_format_time(p->busy_wait, wait, sizeof(wait));
	snprintf(buf, len, "kernel %s; %s shrinker, %s order%s%s, vmap %s, dma-buf attach %s%s%s",
		 sim_kernel_names[sc->cfg.kernel], sim_shrinker_names[p->shrinker],
		 lru_policy_name(p->reclaim), p->evict ? ", evicts" : ", purge-only",
		 p->shrinker == SIM_SHRINKER_GENERIC ?
			 (p->purge_first ? ", purge pass first" : ", one mixed pass") :
			 "",
		 p->vmap_pins ? "pins" : "does not pin", p->attach_pins ? "pins" : "does not pin",
		 p->busy_wait ? ", waits up to " : "", wait);
}

/*
 * The scenario's description and its workloads in words, from the file as
 * written (the configurations' overrides are listed beside them).
 */
static void describe_scenario(struct report *r)
{
	struct sim_error err = { 0 };
	size_t len;
	char *text = load_read_file(r->st->scenario, &len, &err), *buf = NULL;
	cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;
	const cJSON *d, *wls, *wl, *k;
	size_t blen = 0;
	FILE *f;

	free(text);
	d = cJSON_GetObjectItemCaseSensitive(root, "description");
	if (cJSON_IsString(d))
		r->description = strdup(d->valuestring);
	wls = cJSON_GetObjectItemCaseSensitive(root, "workloads");
	if (cJSON_IsArray(wls) && cJSON_GetArraySize(wls) && (f = open_memstream(&buf, &blen))) {
		cJSON_ArrayForEach(wl, wls)
		{
			const cJSON *t = cJSON_GetObjectItemCaseSensitive(wl, "type");
			bool first = true;

			fprintf(f, "%s", cJSON_IsString(t) ? t->valuestring : "?");
			cJSON_ArrayForEach(k, wl)
			{
				char *v;

				if (!strcmp(k->string, "type") || !strncmp(k->string, "x-", 2))
					continue;
				v = cJSON_IsString(k) ? NULL : cJSON_PrintUnformatted(k);
				fprintf(f, "%s%s %s", first ? ": " : ", ", k->string,
					v ? v : k->valuestring);
				free(v);
				first = false;
			}
			fputc('\n', f);
		}
		fclose(f);
		r->workloads = buf;
	}
	cJSON_Delete(root);
}

/* ---- the command ----------------------------------------------------------- */

static int report_usage(const char *msg, const char *arg)
{
	return cli_usage_msg("report", msg, arg);
}

static int report_error(const struct sim_error *err)
{
	return cli_print_error("gemsim: report: ", err);
}

/*
 * Load the scenario under each configuration (and --vary value) before any
 * run: a bad override fails now, naming its configuration; each load gives
 * the kernel and policy the page shows, the first the inputs (scenario,
 * traces) an output may not overwrite.
 */
static int check_configs(struct report *r, const char *const *outs, struct sim_error *err)
{
	static const char *const opt[3] = { "-o", "--csv", "--json" };
	const struct study *st = r->st;
	int rc = 0;

	for (size_t i = 0; i < r->nsec * st->ncfg && !rc; i++) {
		const struct config *cf = &st->cfg[i % st->ncfg];
		struct load_opts lo = { .sets = r->sets[i], .nsets = r->nsets[i] };
		struct scenario *sc = scenario_load(st->scenario, &lo, err);

		if (!sc) {
			char inner[SIM_ERROR_MSG + 300];
			struct sim_error e = *err;

			error_format(&e, inner, sizeof(inner));
			memset(err, 0, sizeof(*err));
			err->file = st->path;
			error_set(err, cf->line, cf->col, "configuration \"%s\"%s%s: %s", cf->name,
				  r->vary_key ? " with --vary " : "",
				  r->vary_key ? r->vary_set[i / st->ncfg] : "", inner);
			return -1;
		}
		describe_config(r->desc[i], sizeof(r->desc[i]), sc);
		if (!i) {
			size_t max = sc->nworkloads + 2u, nin;
			const char **ins = calloc(max, sizeof(*ins));

			if (ins) {
				nin = scenario_inputs(sc, ins, max);
				/* the inputs' names live in sc: check now, before freeing it */
				ins[nin++] = st->path;
				rc = ofile_check(ins, nin, outs, opt, 3, err);
			} else {
				error_set(err, 0, 0, "out of memory");
				rc = -1;
			}
			free(ins);
		}
		scenario_free(sc);
	}
	return rc;
}

/* --vary KEY=V1,V2,...: the key and each value (split in place in @arg). */
static int parse_vary(struct report *r, char *arg)
{
	char *eq = strchr(arg, '=');

	if (!eq || eq == arg || !eq[1])
		return report_usage("--vary needs KEY=V1,V2,...:", arg);
	*eq = '\0';
	r->vary_key = arg;
	for (char *v = eq + 1, *comma; v; v = comma ? comma + 1 : NULL) {
		comma = strchr(v, ',');
		if (comma)
			*comma = '\0';
		if (!*v)
			return report_usage("--vary: an empty value in", r->vary_arg);
		if (r->nsec == REPORT_MAX_VARY)
			return report_usage("--vary: more than 16 values in", r->vary_arg);
		r->vary_val[r->nsec++] = v;
	}
	return 0;
}

/* Each section's and configuration's overrides, --vary's "KEY=VALUE" last. */
static int report_sets(struct report *r)
{
	const struct study *st = r->st;
	size_t n = r->nsec * st->ncfg;

	r->sets = calloc(n, sizeof(*r->sets));
	r->nsets = calloc(n, sizeof(*r->nsets));
	r->vary_set = calloc(r->nsec, sizeof(*r->vary_set));
	r->desc = calloc(n, sizeof(*r->desc));
	if (!r->sets || !r->nsets || !r->vary_set || !r->desc)
		return -1;
	for (size_t sec = 0; sec < r->nsec && r->vary_key; sec++) {
		size_t len = strlen(r->vary_key) + strlen(r->vary_val[sec]) + 2;

		r->vary_set[sec] = malloc(len);
		if (!r->vary_set[sec])
			return -1;
		snprintf(r->vary_set[sec], len, "%s=%s", r->vary_key, r->vary_val[sec]);
	}
	for (size_t i = 0; i < n; i++) {
		const struct config *cf = &st->cfg[i % st->ncfg];

		r->sets[i] = calloc(cf->nsets + 1, sizeof(**r->sets));
		if (!r->sets[i])
			return -1;
		if (cf->nsets) /* (a configuration without overrides has no array) */
			memcpy(r->sets[i], cf->sets, cf->nsets * sizeof(**r->sets));
		r->nsets[i] = cf->nsets;
		if (r->vary_key)
			r->sets[i][r->nsets[i]++] = r->vary_set[i / st->ncfg];
	}
	return 0;
}

static void report_free(struct report *r)
{
	for (size_t i = 0; r->sets && i < r->nsec * r->st->ncfg; i++)
		free(r->sets[i]);
	for (size_t i = 0; r->vary_set && i < r->nsec; i++)
		free(r->vary_set[i]);
	free(r->sets);
	free(r->nsets);
	free(r->vary_set);
	free(r->desc);
	free(r->res);
	free(r->cell);
	free(r->description);
	free(r->workloads);
	free(r->study_abs);
	free(r->scenario_abs);
}

/* Write the page and the exports, each only when all of them are whole. */
static int report_write(struct report *r, const char *const *outs, struct ofile *of,
			struct sim_error *err)
{
	double *v = calloc(r->st->nseeds, sizeof(*v));

	r->cell = calloc(r->nsec * r->st->ncfg * r->st->nmet, sizeof(*r->cell));
	if (!v || !r->cell) {
		free(v);
		error_set(err, 0, 0, "out of memory writing the report");
		return -1;
	}
	report_figures(r, v);
	free(v);
	describe_scenario(r);
	r->study_abs = realpath(r->st->path, NULL);
	r->scenario_abs = realpath(r->st->scenario, NULL);
	report_write_page(outs[0] ? of[0].f : stdout, r);
	if (outs[1])
		report_write_csv(of[1].f, r);
	if (outs[2])
		report_write_json(of[2].f, r);
	for (int i = 0; i < 3; i++)
		if (outs[i] && ofile_commit(&of[i], err))
			return -1;
	return 0;
}

/* report's command line. */
struct report_args {
	const char *path, *outs[3]; /* the study; -o, --csv, --json */
	const char **sets;          /* --set */
	size_t nsets;
	char *vary; /* --vary, split by parse_vary() */
	long jobs, seeds;
	bool quiet;
};

enum { REPORT_SET = 1, REPORT_VARY, REPORT_JOBS, REPORT_SEEDS };

static int report_opt(void *ctx, int id, const char *v, struct opt_parser *p)
{
	struct report *r = ctx;
	struct report_args *a = r->args;
	const char **grown;
	char *end;
	long n;

	(void)p;
	switch (id) {
	case OPT_OPERAND:
		if (a->path)
			return report_usage("one study at a time; extra:", v);
		a->path = v;
		return 0;
	case REPORT_SET:
		if (!strchr(v, '=') || v[0] == '=')
			return report_usage("--set needs KEY=VALUE:", v);
		grown = realloc(a->sets, (a->nsets + 1) * sizeof(*a->sets));
		if (!grown)
			return report_usage("out of memory at", "--set");
		a->sets = grown;
		a->sets[a->nsets++] = v;
		return 0;
	case REPORT_VARY:
		if (a->vary)
			return report_usage("one --vary at a time; extra:", v);
		r->vary_arg = v;
		a->vary = strdup(v);
		return !a->vary || parse_vary(r, a->vary) ? CLI_EXIT_USAGE : 0;
	default:
		n = strtol(v, &end, 10);
		if (*end || end == v || n < 1 || n > (id == REPORT_JOBS ? 1024 : REPORT_MAX_SEEDS))
			return report_usage(id == REPORT_JOBS ?
						    "-j needs a number from 1 to 1024:" :
						    "--seeds needs a number from 1 to 1000:",
					    v);
		*(id == REPORT_JOBS ? &a->jobs : &a->seeds) = n;
		return 0;
	}
}

/* Parse report's arguments.  Returns: false, or true to stop with *@code. */
static bool report_parse(struct report *r, int argc, char **argv, int *code)
{
	struct report_args *a = r->args;
	const struct opt opts[] = {
		CLI_OPT_HELP_ENTRY,
		{ "--output", "-o", "FILE.html", "the page", .str = &a->outs[0] },
		{ "--csv", NULL, "FILE", "the figures as CSV", .str = &a->outs[1] },
		{ "--json", NULL, "FILE", "the figures as JSON", .str = &a->outs[2] },
		{ "--set", NULL, "KEY=VALUE", "an override for every configuration",
		  .id = REPORT_SET },
		{ "--vary", NULL, "KEY=V1,V2,...", "a section per value", .id = REPORT_VARY },
		{ "--seeds", NULL, "N", "seeds per configuration", .id = REPORT_SEEDS },
		{ "--jobs", "-j", "N", "runs in parallel", .id = REPORT_JOBS },
		{ "--quiet", "-q", NULL, "no progress bar", .flag = &a->quiet },
	};

	if (cli_parse("report", cli_usage_report, opts, CLI_NOPTS(opts), report_opt, r, argc, argv,
		      code))
		return true;
	if (!a->path) {
		*code = report_usage("no study file given", NULL);
		return true;
	}
	return false;
}

/* Load the study, check every configuration, open the outputs.  Returns: 0, or the exit code. */
static int report_prepare(struct report *r, struct ofile of[3])
{
	struct report_args *a = r->args;
	struct study *st = r->st;
	struct sim_error err = { 0 };

	if (!r->nsec)
		r->nsec = 1;
	r->cli_sets = a->sets;
	r->ncli_sets = a->nsets;
	r->seeds_given = a->seeds != 0;
	if (study_load(st, a->path, &err) || study_add_sets(st, a->sets, a->nsets)) {
		if (!err.msg[0])
			error_set(&err, 0, 0, "out of memory");
		return report_error(&err);
	}
	if (a->seeds)
		st->nseeds = (size_t)a->seeds;
	if (report_sets(r))
		return report_usage("out of memory loading", a->path);
	if (check_configs(r, a->outs, &err))
		return report_error(&err);
	for (int i = 0; i < 3; i++)
		if (a->outs[i] && ofile_open(&of[i], a->outs[i], &err))
			return report_error(&err);
	return 0;
}

/* Every run, then the page and the exports.  Returns: the exit code. */
static int report_run(struct report *r, struct ofile of[3])
{
	struct study *st = r->st;
	size_t nruns = r->nsec * st->ncfg * st->nseeds;
	struct cli_batch b = { nruns, report_run_one, r, NULL, SIZE_MAX };
	struct sim_error err = { 0 };

	r->res = b.res = calloc(nruns, sizeof(*r->res));
	if (!r->res || cli_run_batch(&b, (unsigned)r->args->jobs, !r->args->quiet && isatty(2))) {
		fprintf(stderr, "gemsim: report: cannot run: %s\n", strerror(errno));
		return CLI_EXIT_USAGE;
	}
	if (b.stopped_by != SIZE_MAX) {
		size_t i = b.stopped_by / st->nseeds;

		fprintf(stderr, "gemsim: report: configuration \"%s\"%s%s, seed %" PRIu64 ": ",
			st->cfg[i % st->ncfg].name, r->vary_key ? " with --vary " : "",
			r->vary_key ? r->vary_set[i / st->ncfg] : "",
			st->first_seed + b.stopped_by % st->nseeds);
		text_term(stderr, r->res[b.stopped_by].error);
		fputc('\n', stderr);
		return CLI_EXIT_USAGE;
	}
	if (report_write(r, r->args->outs, of, &err))
		return report_error(&err);
	return 0;
}

int cli_report(int argc, char **argv)
{
	struct study st = { 0 };
	struct report_args a = { .jobs = sysconf(_SC_NPROCESSORS_ONLN) };
	struct report r = { .st = &st, .nsec = 0, .args = &a };
	struct ofile of[3] = { { .slot = -1 }, { .slot = -1 }, { .slot = -1 } };
	int code;

	if (report_parse(&r, argc, argv, &code))
		goto out;
	code = report_prepare(&r, of);
	if (!code)
		code = report_run(&r, of);
out:
	for (int i = 0; i < 3; i++)
		ofile_abort(&of[i]);
	report_free(&r);
	study_free(&st);
	free(a.sets);
	free(a.vary);
	return code;
}
