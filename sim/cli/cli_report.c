/*
 * sim/cli/cli_report.c - `gemsim report STUDY.json`: a policy study in one
 * command (docs/studies.md).
 *
 * A study names a question, a scenario, configurations (each a list of
 * --set overrides, one of them the baseline), seeds and metrics.  Every
 * configuration runs with every seed through sweep's batch runner
 * (cli_run_batch(): forked children, -j at once, results by index), then
 * one self-contained HTML page is written through sim/base/ofile: the question,
 * the configurations, mean +- 95% interval per metric and configuration,
 * paired differences against the baseline (same seeds), and an inline SVG
 * chart per metric.  Same study, same bytes, whatever -j.
 *
 *   runs: index = config * nseeds + seed index
 *   +---------+---------+-----+---------+---------+-----
 *   | c0 s1   | c0 s2   | ... | c1 s1   | c1 s2   | ...
 *   +---------+---------+-----+---------+---------+-----
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/cli/cli.h"
#include "sim/cli/cli_study.h"
#include "sim/driver/load.h"
#include "sim/base/ofile.h"
#include "sim/base/stats_ci.h"
#include "sim/base/text.h"

const char cli_usage_report[] =
	"Usage: gemsim report STUDY.json [-o FILE.html] [OPTIONS]\n"
	"\n"
	"Run a policy study: every configuration of STUDY.json with every seed, in\n"
	"parallel, then write one self-contained HTML page (inline SVG, no external\n"
	"files): the question, the configurations, the mean and 95% confidence\n"
	"interval (Student t) of each metric per configuration, the paired\n"
	"difference of each configuration against the baseline over the same\n"
	"seeds, and a chart per metric with error bars.  The study format is in\n"
	"docs/studies.md; the scenario path in it is relative to the study file.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE   where the page goes (default: standard output); checked\n"
	"                      before the first run, may not be the study or the\n"
	"                      scenario, replaced only when the report is whole\n"
	"  --seeds N           run N seeds instead of the study's count (from its\n"
	"                      first_seed): a quick check in CI\n"
	"  -j N                runs in parallel (default: the number of CPUs)\n"
	"  -q, --quiet         no progress bar\n"
	"  -h, --help          this help\n"
	"\n"
	"The same study gives the same bytes for any -j.  Runs that fail their\n"
	"scenario's own expectations still count (a study often runs a policy the\n"
	"scenario shows to be broken); the page says how many did.  Exit code: 0\n"
	"when the page is written, 2 on bad input (the study's file:line:col, or the\n"
	"scenario's error for the configuration that cannot load).\n";

/* ---- running -------------------------------------------------------------- */

static void report_run_one(const void *ctx, size_t run, struct cli_result *r)
{
	const struct study *st = ctx;
	const struct config *c = &st->cfg[run / st->nseeds];

	/* always checked: a study's metrics may count violations */
	cli_run_capture(st->scenario, c->sets, c->nsets, true,
			st->first_seed + run % st->nseeds, true, r);
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

/* ---- the page -------------------------------------------------------------- */

/* A number for a reader: no exponent for counts, 3 significant digits below 100. */
static void put_num(FILE *f, double v)
{
	double a = v < 0 ? -v : v;

	if (a >= 100 || a == 0)
		fprintf(f, "%.0f", v);
	else if (a >= 1)
		fprintf(f, "%.2f", v);
	else
		fprintf(f, "%.3g", v);
}

static void put_ci(FILE *f, struct stats_ci c)
{
	put_num(f, c.mean);
	fputs(" \u00b1 ", f);
	put_num(f, c.half);
}

/* One bar per configuration: the mean, a 95% error bar, the baseline hatched. */
static void put_chart(FILE *f, const struct study *st, size_t mi, const struct stats_ci *ci)
{
	const struct metric *m = &st->met[mi];
	const int W = 960, L = 120, R = 30, T = 70;
	int B = 90, H;
	double top = 0, gw = (double)(W - L - R) / (double)st->ncfg, bw = gw * 0.6;
	int fs = st->ncfg > 8 ? 12 : 16;
	size_t longest = 0;
	bool turn;

	for (size_t c = 0; c < st->ncfg; c++)
		if (strlen(st->cfg[c].name) > longest)
			longest = strlen(st->cfg[c].name);
	/* names wider than their slot are turned, so neighbours never overlap */
	turn = (double)longest * 0.62 * fs > gw;
	if (turn) /* room below the axis for the turned names, the plot keeps its height */
		B += (int)((double)longest * 0.62 * fs * 0.5);
	H = 450 + B;

	for (size_t c = 0; c < st->ncfg; c++)
		if (ci[c].mean + ci[c].half > top)
			top = ci[c].mean + ci[c].half;
	top = cli_nice_max(top);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, sans-serif\" role=\"img\">\n",
		W, H, W, H);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
	fprintf(f, "<text x=\"%d\" y=\"34\" font-size=\"22\" font-weight=\"bold\">", L);
	text_xml(f, m->label);
	fprintf(f, "</text>\n<text x=\"%d\" y=\"58\" font-size=\"14\" fill=\"#555\">mean over "
		"%zu seed%s, error bars: 95%% confidence interval (Student t); hatched: "
		"baseline</text>\n", L, st->nseeds, st->nseeds == 1 ? "" : "s");
	fprintf(f, "<defs><pattern id=\"hatch%zu\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
	      "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" "
		"stroke=\"white\" stroke-width=\"3\"/></pattern></defs>\n", mi);
	for (int i = 0; i <= 5; i++) {
		double y = H - B - (double)(H - T - B) * i / 5;

		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
			L, y, W - R, y);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"14\" text-anchor=\"end\">", L - 8,
			y + 5);
		fprintf(f, "%.6g</text>\n", top * i / 5);
	}
	/* the y axis title, turned, left of the tick labels */
	fprintf(f, "<text transform=\"translate(24 %d) rotate(-90)\" font-size=\"16\" "
		"text-anchor=\"middle\">", T + (H - T - B) / 2);
	text_xml(f, m->label);
	fputs(" (", f);
	text_xml(f, m->unit);
	fputs(")</text>\n", f);
	for (size_t c = 0; c < st->ncfg; c++) {
		double x = L + gw * (double)c + (gw - bw) / 2;
		double h = (double)(H - T - B) * ci[c].mean / top, y = H - B - h;
		double lo = ci[c].mean - ci[c].half, hi = ci[c].mean + ci[c].half;
		double ylo = H - B - (double)(H - T - B) * (lo < 0 ? 0 : lo) / top;
		double yhi = H - B - (double)(H - T - B) * hi / top, cx = x + bw / 2;
		const char *col = cli_colours[c % CLI_COLOURS];

		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
			"<title>", x, y, bw, h, col);
		text_xml(f, st->cfg[c].name);
		fputs(": ", f);
		put_ci(f, ci[c]);
		fputs("</title></rect>\n", f);
		if (c == st->base)
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				"fill=\"url(#hatch%zu)\"/>\n", x, y, bw, h, mi);
		if (ci[c].half > 0)
			fprintf(f, "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fh%.1fM%.1f %.1fh%.1f\" "
				"stroke=\"#222\" stroke-width=\"2\" fill=\"none\"/>\n", cx, ylo, yhi,
				cx - bw * 0.15, ylo, bw * 0.3, cx - bw * 0.15, yhi, bw * 0.3);
		if (turn)
			fprintf(f, "<text transform=\"translate(%.1f %d) rotate(-30)\" font-size=\"%d\" "
				"text-anchor=\"end\">", cx + 4, H - B + 18, fs);
		else
			fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"%d\" "
				"text-anchor=\"middle\">", cx, H - B + 22, fs);
		text_xml(f, st->cfg[c].name);
		fputs("</text>\n", f);
	}
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#222\"/>\n", L, H - B,
		W - R, H - B);
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"16\" text-anchor=\"middle\" fill=\"#555\">"
		"configuration</text>\n</svg>\n", L + (W - L - R) / 2, H - 16);
}

static void put_sets(FILE *f, const struct config *c)
{
	if (!c->nsets)
		fputs("(the scenario as written)", f);
	for (size_t i = 0; i < c->nsets; i++) {
		fputs(i ? " <code>--set " : "<code>--set ", f);
		text_xml(f, c->sets[i]);
		fputs("</code>", f);
	}
}

/* @s as one shell word in single quotes, escaped for HTML as well. */
static void put_shell_word(FILE *f, const char *s)
{
	fputc('\'', f);
	for (const char *q; (q = strchr(s, '\'')); s = q + 1) {
		char part[256];

		while ((size_t)(q - s) >= sizeof(part)) {
			memcpy(part, s, sizeof(part) - 1);
			part[sizeof(part) - 1] = '\0';
			text_xml(f, part);
			s += sizeof(part) - 1;
		}
		memcpy(part, s, (size_t)(q - s));
		part[q - s] = '\0';
		text_xml(f, part);
		fputs("'\\''", f);
	}
	text_xml(f, s);
	fputc('\'', f);
}

static int write_page(FILE *f, const struct study *st, const struct cli_result *res)
{
	size_t nc = st->ncfg, ns = st->nseeds, nfailed = 0;
	struct stats_ci *ci = calloc(nc * st->nmet, sizeof(*ci));
	struct stats_ci *diff = calloc(nc * st->nmet, sizeof(*diff));
	double *v = calloc(ns, sizeof(*v));

	if (!ci || !diff || !v) {
		free(ci);
		free(diff);
		free(v);
		return -1;
	}
	for (size_t c = 0; c < nc; c++) {
		for (size_t m = 0; m < st->nmet; m++) {
			for (size_t s = 0; s < ns; s++)
				v[s] = value_of(&st->met[m], &res[c * ns + s]);
			ci[c * st->nmet + m] = stats_ci_of(v, ns);
			/* paired: the same seed under this configuration and the baseline */
			for (size_t s = 0; s < ns; s++)
				v[s] -= value_of(&st->met[m], &res[st->base * ns + s]);
			diff[c * st->nmet + m] = stats_ci_of(v, ns);
		}
		for (size_t s = 0; s < ns; s++)
			nfailed += res[c * ns + s].code != 0;
	}

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>", f);
	text_xml(f, st->question);
	fputs("</title>\n<style>\n"
	      "body{font-family:DejaVu Sans,sans-serif;max-width:1000px;margin:2em auto;"
	      "color:#222}\n"
	      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;"
	      "padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}\n"
	      "td.l{text-align:left}.sig{font-weight:bold}code{font-size:90%}\n"
	      "svg{max-width:100%;height:auto;display:block;margin:1em 0}\n"
	      "</style>\n</head>\n<body>\n<h1>", f);
	text_xml(f, st->question);
	fputs("</h1>\n<p>Study <code>", f);
	text_xml(f, st->path);
	fputs("</code>, scenario <code>", f);
	text_xml(f, st->scenario_text);
	fprintf(f, "</code>, seeds %" PRIu64 " to %" PRIu64 " (%zu per configuration, the same "
		"seeds for each), %zu runs.", st->first_seed, st->first_seed + ns - 1, ns, nc * ns);
	if (nfailed)
		fprintf(f, " %zu run%s failed the scenario's own expectations; their figures "
			"count all the same.", nfailed, nfailed == 1 ? "" : "s");
	fputs("</p>\n<h2>Configurations</h2>\n<table>\n<tr><th>name</th><th>overrides</th>"
	      "</tr>\n", f);
	for (size_t c = 0; c < nc; c++) {
		fputs("<tr><td>", f);
		text_xml(f, st->cfg[c].name);
		if (c == st->base)
			fputs(" (baseline)", f);
		fputs("</td><td class=\"l\">", f);
		put_sets(f, &st->cfg[c]);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n<h2>Mean \u00b1 95% confidence interval</h2>\n<table>\n<tr>"
	      "<th>configuration</th>", f);
	for (size_t m = 0; m < st->nmet; m++) {
		fputs("<th>", f);
		text_xml(f, st->met[m].label);
		fputs(" (", f);
		text_xml(f, st->met[m].unit);
		fputs(")</th>", f);
	}
	fputs("</tr>\n", f);
	for (size_t c = 0; c < nc; c++) {
		fputs("<tr><td>", f);
		text_xml(f, st->cfg[c].name);
		fputs("</td>", f);
		for (size_t m = 0; m < st->nmet; m++) {
			fputs("<td>", f);
			put_ci(f, ci[c * st->nmet + m]);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n<h2>Paired difference against the baseline, ", f);
	text_xml(f, st->cfg[st->base].name);
	fputs("</h2>\n<p>Configuration minus baseline, seed by seed, then the mean \u00b1 95% "
	      "interval of the differences; <span class=\"sig\">bold*</span>: the interval "
	      "excludes zero.</p>\n<table>\n<tr><th>configuration</th>", f);
	for (size_t m = 0; m < st->nmet; m++) {
		fputs("<th>", f);
		text_xml(f, st->met[m].label);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (size_t c = 0; c < nc; c++) {
		if (c == st->base)
			continue;
		fputs("<tr><td>", f);
		text_xml(f, st->cfg[c].name);
		fputs("</td>", f);
		for (size_t m = 0; m < st->nmet; m++) {
			struct stats_ci d = diff[c * st->nmet + m];
			double b = ci[st->base * st->nmet + m].mean;
			bool sig = d.mean - d.half > 0 || d.mean + d.half < 0;

			fputs(sig ? "<td class=\"sig\">" : "<td>", f);
			if (d.mean > 0)
				fputc('+', f);
			put_ci(f, d);
			if (b != 0)
				fprintf(f, " (%+.1f%%)", 100.0 * d.mean / b);
			fputs(sig ? "*</td>" : "</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n<h2>Charts</h2>\n", f);
	for (size_t m = 0; m < st->nmet; m++) {
		struct stats_ci *col = calloc(nc, sizeof(*col));

		if (!col)
			break;
		for (size_t c = 0; c < nc; c++)
			col[c] = ci[c * st->nmet + m];
		put_chart(f, st, m, col);
		free(col);
	}
	fputs("<h2>Reproduce one run</h2>\n<pre>", f);
	for (size_t c = 0; c < nc; c++) {
		fputs("gemsim run ", f);
		put_shell_word(f, st->scenario);
		for (size_t i = 0; i < st->cfg[c].nsets; i++) {
			fputs(" --set ", f);
			put_shell_word(f, st->cfg[c].sets[i]);
		}
		fprintf(f, " --seed %" PRIu64 "\n", st->first_seed);
	}
	fputs("</pre>\n</body>\n</html>\n", f);
	free(ci);
	free(diff);
	free(v);
	return 0;
}

/* ---- the command ----------------------------------------------------------- */

static int report_usage(const char *msg, const char *arg)
{
	struct text_clip c;

	fprintf(stderr, "gemsim: report: %s%s%s\nTry 'gemsim report --help'.\n", msg,
		arg ? " " : "", arg ? text_clip(&c, arg) : "");
	return CLI_EXIT_USAGE;
}

static int report_error(const struct sim_error *err)
{
	char msg[SIM_ERROR_MSG + 300];

	sim_error_format(err, msg, sizeof(msg));
	fputs("gemsim: report: ", stderr);
	text_term(stderr, msg);
	fputc('\n', stderr);
	return CLI_EXIT_USAGE;
}

/*
 * Load the scenario under each configuration before any run: a bad
 * override fails now, naming its configuration; the first load also gives
 * the inputs (scenario, traces) an output may not overwrite.
 */
static int check_configs(const struct study *st, const char *out, struct sim_error *err)
{
	const char **ins = NULL;
	size_t nin = 0;
	int rc = 0;

	for (size_t c = 0; c < st->ncfg && !rc; c++) {
		struct load_opts lo = { .sets = st->cfg[c].sets, .nsets = st->cfg[c].nsets };
		struct scenario *sc = scenario_load(st->scenario, &lo, err);

		if (!sc) {
			char inner[SIM_ERROR_MSG + 300];
			struct sim_error e = *err;

			sim_error_format(&e, inner, sizeof(inner));
			memset(err, 0, sizeof(*err));
			err->file = st->path;
			sim_error_set(err, st->cfg[c].line, st->cfg[c].col, "configuration \"%s\": %s",
				      st->cfg[c].name, inner);
			rc = -1;
		} else if (!c && out) {
			size_t max = sc->nworkloads + 2u;

			ins = calloc(max, sizeof(*ins));
			if (ins) {
				nin = scenario_inputs(sc, ins, max);
				/* the inputs' names live in sc: check now, before freeing it */
				ins[nin++] = st->path;
				static const char *const opt[1] = { "-o" };

				rc = ofile_check(ins, nin, &out, opt, 1, err);
			} else {
				sim_error_set(err, 0, 0, "out of memory");
				rc = -1;
			}
			free(ins);
		}
		scenario_free(sc);
	}
	return rc;
}

int cli_report(int argc, char **argv)
{
	struct study st;
	struct sim_error err = { 0 };
	struct ofile of = { .slot = -1 };
	const char *path = NULL, *out = NULL;
	long jobs = sysconf(_SC_NPROCESSORS_ONLN), seeds = 0;
	bool quiet = false;
	struct cli_batch b;
	struct cli_result *res = NULL;
	int code = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (cli_split_jobs(&a, &v))
			i--;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(cli_usage_report, stdout);
			return 0;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			quiet = true;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "-j") ||
			   !strcmp(a, "--seeds")) {
			char *end;
			long n;

			if (!v)
				return report_usage("missing value after", a);
			i++;
			if (a[1] == 'o' || a[2] == 'o') {
				out = v;
				continue;
			}
			n = strtol(v, &end, 10);
			if (*end || n < 1 || n > (a[1] == 'j' ? 1024 : REPORT_MAX_SEEDS))
				return report_usage(a[1] == 'j' ? "-j needs a number from 1 to 1024:" :
						    "--seeds needs a number from 1 to 1000:", v);
			if (a[1] == 'j')
				jobs = n;
			else
				seeds = n;
		} else if (a[0] == '-' && a[1]) {
			return report_usage("unknown option", a);
		} else if (path) {
			return report_usage("one study at a time; extra:", a);
		} else {
			path = a;
		}
	}
	if (!path)
		return report_usage("no study file given", NULL);
	if (study_load(&st, path, &err)) {
		study_free(&st);
		return report_error(&err);
	}
	if (seeds)
		st.nseeds = (size_t)seeds;
	if (check_configs(&st, out, &err) || (out && ofile_open(&of, out, &err))) {
		study_free(&st);
		return report_error(&err);
	}
	res = calloc(st.ncfg * st.nseeds, sizeof(*res));
	b = (struct cli_batch){ st.ncfg * st.nseeds, report_run_one, &st, res, SIZE_MAX };
	if (!res || cli_run_batch(&b, (unsigned)jobs, !quiet && isatty(2))) {
		fprintf(stderr, "gemsim: report: cannot run: %s\n", strerror(errno));
		code = CLI_EXIT_USAGE;
	} else if (b.stopped_by != SIZE_MAX) {
		fprintf(stderr, "gemsim: report: configuration \"%s\", seed %" PRIu64 ": ",
			st.cfg[b.stopped_by / st.nseeds].name,
			st.first_seed + b.stopped_by % st.nseeds);
		text_term(stderr, res[b.stopped_by].error);
		fputc('\n', stderr);
		code = CLI_EXIT_USAGE;
	}
	if (!code) {
		if (write_page(out ? of.f : stdout, &st, res)) {
			err.file = out;
			sim_error_set(&err, 0, 0, "out of memory writing the report");
			code = report_error(&err);
		} else if (out && ofile_commit(&of, &err)) {
			code = report_error(&err);
		}
	}
	ofile_abort(&of);
	free(res);
	study_free(&st);
	return code;
}
