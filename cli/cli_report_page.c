// SPDX-License-Identifier: MIT
/*
 * cli/cli_report_page.c - the HTML page of `gemsim report`
 * (docs/studies.md, "What the page shows"): self-contained, inline SVG,
 * every sentence of it generated from the study file, the scenario and the
 * results, so that it stays true when the model's numbers move.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_report.h"
#include "base/text.h"

/* One bar per configuration: the mean, a 95% error bar, the baseline hatched. */
#define PC_W 960
#define PC_L 120
#define PC_R 30
#define PC_T 70

/* A metric's bar chart: its height, its names' size and slant, its scale. */
struct pc_geom {
	int B, H, fs;
	bool turn; /* names turned: wider than their slot */
	double top, gw, bw;
	size_t id; /* the chart's number on the page (its hatch) */
};

static void pc_geom_of(struct pc_geom *g, const struct report *r, size_t sec, size_t mi)
{
	const struct study *st = r->st;
	size_t longest = 0;

	g->id = sec * st->nmet + mi;
	g->B = 90;
	g->top = 0;
	g->gw = (double)(PC_W - PC_L - PC_R) / (double)st->ncfg;
	g->bw = g->gw * 0.6;
	g->fs = st->ncfg > 8 ? 12 : 16;
	for (size_t c = 0; c < st->ncfg; c++)
		if (strlen(st->cfg[c].name) > longest)
			longest = strlen(st->cfg[c].name);
	/* names wider than their slot are turned, so neighbours never overlap */
	g->turn = (double)longest * 0.62 * g->fs > g->gw;
	if (g->turn) /* room below the axis for the turned names, the plot keeps its height */
		g->B += (int)((double)longest * 0.62 * g->fs * 0.5);
	g->H = 450 + g->B;
	for (size_t c = 0; c < st->ncfg; c++) {
		const struct stats_ci *ci = &report_cell_of(r, sec, c, mi)->ci;

		if (ci->mean + ci->half > g->top)
			g->top = ci->mean + ci->half;
	}
	g->top = cli_nice_max(g->top);
}

/* The frame: titles, the hatch pattern, the grid and the y axis. */
static void pc_frame(FILE *f, const struct report *r, size_t sec, const struct metric *m,
		     const struct pc_geom *g)
{
	const struct study *st = r->st;
	const int W = PC_W, L = PC_L, R = PC_R, T = PC_T, B = g->B, H = g->H;

	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, sans-serif\" role=\"img\">\n",
		W, H, W, H);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
	fprintf(f, "<text x=\"%d\" y=\"34\" font-size=\"22\" font-weight=\"bold\">", L);
	text_xml(f, m->label);
	if (r->vary_key) {
		fputs(", ", f);
		text_xml(f, r->vary_set[sec]);
	}
	fprintf(f,
		"</text>\n<text x=\"%d\" y=\"58\" font-size=\"14\" fill=\"#555\">mean over "
		"%zu seed%s, error bars: 95%% confidence interval (Student t%s); hatched: "
		"baseline</text>\n",
		L, st->nseeds, st->nseeds == 1 ? "" : "s",
		m->bucketed ? ", at least one histogram bucket" : "");
	fprintf(f,
		"<defs><pattern id=\"hatch%zu\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
		"patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" "
		"stroke=\"white\" stroke-width=\"3\"/></pattern></defs>\n",
		g->id);
	for (int i = 0; i <= 5; i++) {
		double y = H - B - (double)(H - T - B) * i / 5;

		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
			L, y, W - R, y);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"14\" text-anchor=\"end\">", L - 8,
			y + 5);
		fprintf(f, "%.6g</text>\n", g->top * i / 5);
	}
	/* the y axis title, turned, left of the tick labels */
	fprintf(f,
		"<text transform=\"translate(24 %d) rotate(-90)\" font-size=\"16\" "
		"text-anchor=\"middle\">",
		T + (H - T - B) / 2);
	text_xml(f, m->label);
	fputs(" (", f);
	text_xml(f, m->unit);
	fputs(")</text>\n", f);
}

/* Configuration @c's bar: its mean, the baseline's hatch, the interval, the name. */
static void pc_bar(FILE *f, const struct report *r, size_t sec, size_t mi, size_t c,
		   const struct pc_geom *g)
{
	const struct study *st = r->st;
	const struct stats_ci *ci = &report_cell_of(r, sec, c, mi)->ci;
	const int L = PC_L, T = PC_T, B = g->B, H = g->H;
	double gw = g->gw, bw = g->bw, top = g->top;
	double x = L + gw * (double)c + (gw - bw) / 2;
	double h = (double)(H - T - B) * ci->mean / top, y = H - B - h;
	double lo = ci->mean - ci->half, hi = ci->mean + ci->half;
	double ylo = H - B - (double)(H - T - B) * (lo < 0 ? 0 : lo) / top;
	double yhi = H - B - (double)(H - T - B) * hi / top, cx = x + bw / 2;
	const char *col = cli_colours[c % CLI_COLOURS];
	char num[96];

	fprintf(f,
		"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
		"<title>",
		x, y, bw, h, col);
	text_xml(f, st->cfg[c].name);
	fputs(": ", f);
	fputs(report_fmt_pm(num, sizeof(num), ci->mean, ci->half, false), f);
	fputs("</title></rect>\n", f);
	if (c == st->base)
		fprintf(f,
			"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			"fill=\"url(#hatch%zu)\"/>\n",
			x, y, bw, h, g->id);
	if (ci->half > 0)
		fprintf(f,
			"<path d=\"M%.1f %.1fV%.1fM%.1f %.1fh%.1fM%.1f %.1fh%.1f\" "
			"stroke=\"#222\" stroke-width=\"2\" fill=\"none\"/>\n",
			cx, ylo, yhi, cx - bw * 0.15, ylo, bw * 0.3, cx - bw * 0.15, yhi, bw * 0.3);
	if (g->turn)
		fprintf(f,
			"<text transform=\"translate(%.1f %d) rotate(-30)\" font-size=\"%d\" "
			"text-anchor=\"end\">",
			cx + 4, H - B + 18, g->fs);
	else
		fprintf(f,
			"<text x=\"%.1f\" y=\"%d\" font-size=\"%d\" "
			"text-anchor=\"middle\">",
			cx, H - B + 22, g->fs);
	text_xml(f, st->cfg[c].name);
	fputs("</text>\n", f);
}

static void put_chart(FILE *f, const struct report *r, size_t sec, size_t mi)
{
	const int W = PC_W, L = PC_L, R = PC_R;
	struct pc_geom g;

	pc_geom_of(&g, r, sec, mi);
	pc_frame(f, r, sec, &r->st->met[mi], &g);
	for (size_t c = 0; c < r->st->ncfg; c++)
		pc_bar(f, r, sec, mi, c, &g);
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#222\"/>\n", L,
		g.H - g.B, W - R, g.H - g.B);
	fprintf(f,
		"<text x=\"%d\" y=\"%d\" font-size=\"16\" text-anchor=\"middle\" fill=\"#555\">"
		"configuration</text>\n</svg>\n",
		L + (W - L - R) / 2, g.H - 16);
}

static void put_sets(FILE *f, const char *const *sets, size_t n)
{
	if (!n)
		fputs("(the scenario as written)", f);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? " <code>--set " : "<code>--set ", f);
		text_xml(f, sets[i]);
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

/* A percentage to the precision its interval allows: "+13%", "-2.1%". */
static void put_pct(FILE *f, const struct report_cell *cl)
{
	double b = cl->diff.mean != 0 ? cl->diff.half * cl->pct / cl->diff.mean : 0;
	int d = 0;

	if (b < 0)
		b = -b;
	while (b > 0 && b < 1 && d < 3) {
		b *= 10;
		d++;
	}
	fprintf(f, "%+.*f%%", d, cl->pct + 0.0);
}

/* "fifo +13% (+7940 ± 600 pages, worse)" */
static void put_change(FILE *f, const struct metric *m, const struct report_cell *cl,
		       const char *name)
{
	char num[96];
	bool better = (cl->diff.mean < 0) != m->higher_better;

	fputs("<b>", f);
	text_xml(f, name);
	fputs("</b> ", f);
	if (cl->has_pct) {
		put_pct(f, cl);
		fputs(" (", f);
	}
	fputs(report_fmt_pm(num, sizeof(num), cl->diff.mean, cl->diff.half, true), f);
	fputc(' ', f);
	text_xml(f, m->unit);
	if (!m->no_better)
		fprintf(f, ", %s", better ? "better" : "worse");
	if (cl->has_pct)
		fputc(')', f);
}

/* The configurations that changed no metric (@changed_any: those that did). */
static void put_unchanged(FILE *f, const struct study *st, const bool *changed_any)
{
	size_t nsame = 0, k = 0;

	for (size_t c = 0; c < st->ncfg; c++)
		nsame += c != st->base && !changed_any[c];
	if (!nsame)
		return;
	fputs("<p>No meaningful change on any metric: ", f);
	for (size_t c = 0; c < st->ncfg; c++) {
		if (c == st->base || changed_any[c])
			continue;
		fputs(k++ ? ", <b>" : "<b>", f);
		text_xml(f, st->cfg[c].name);
		fputs("</b>", f);
	}
	fputs(" (every difference within its interval or below the minimum effect).</p>\n", f);
}

/*
 * The answer in words for section @sec: per metric, which configurations
 * differ from the baseline beyond their interval (and the minimum effect),
 * by how much, which is best; then the configurations that change nothing.
 */
static void put_conclusion(FILE *f, const struct report *r, size_t sec)
{
	const struct study *st = r->st;
	bool changed_any[REPORT_MAX_CONFIGS] = { false };

	fputs("<p>", f);
	if (r->vary_key) {
		fputs("<b>", f);
		text_xml(f, r->vary_set[sec]);
		fputs(":</b> ", f);
	}
	fputs(r->vary_key ? "against the baseline <b>" : "Against the baseline <b>", f);
	text_xml(f, st->cfg[st->base].name);
	fprintf(f, "</b>, %zu seed%s each, paired 95%% intervals", st->nseeds,
		st->nseeds == 1 ? "" : "s");
	if (st->min_effect > 0)
		fprintf(f, ", a minimum effect of %g%%", st->min_effect * 100);
	fputs(":</p>\n<ul>\n", f);
	for (size_t m = 0; m < st->nmet; m++) {
		const struct metric *me = &st->met[m];
		size_t n = 0, best = st->base;

		fputs("<li>", f);
		text_xml(f, me->label);
		fputs(": ", f);
		for (size_t c = 0; c < st->ncfg; c++) {
			const struct report_cell *cl = report_cell_of(r, sec, c, m);
			double bm = report_cell_of(r, sec, best, m)->ci.mean;

			if (cl->verdict != RV_CHANGE)
				continue;
			changed_any[c] = true;
			fputs(n++ ? "; " : "", f);
			put_change(f, me, cl, st->cfg[c].name);
			if (me->higher_better ? cl->ci.mean > bm : cl->ci.mean < bm)
				best = c;
		}
		if (!n) {
			fputs("no configuration differs from the baseline beyond its interval", f);
			if (me->min_effect > 0 || st->min_effect > 0)
				fputs(" and the minimum effect", f);
		} else if (!me->no_better) {
			double bm = report_cell_of(r, sec, best, m)->ci.mean;
			size_t k = 0;

			/* every configuration at the best mean: a tie is named as one */
			fputs("; best: ", f);
			for (size_t c = 0; c < st->ncfg; c++) {
				const struct report_cell *cl = report_cell_of(r, sec, c, m);

				if (cl->ci.mean != bm ||
				    (c != st->base && cl->verdict != RV_CHANGE))
					continue;
				fputs(k++ ? ", <b>" : "<b>", f);
				text_xml(f, st->cfg[c].name);
				fputs("</b>", f);
			}
			fprintf(f, "%s (%s is better)", k > 1 ? ", tied" : "",
				me->higher_better ? "higher" : "lower");
		}
		fputs(".</li>\n", f);
	}
	fputs("</ul>\n", f);
	put_unchanged(f, st, changed_any);
}

static void put_section_title(FILE *f, const struct report *r, size_t sec, const char *title)
{
	fputs("<h2>", f);
	if (r->vary_key) {
		text_xml(f, r->vary_set[sec]);
		fputs(": ", f);
	}
	fputs(title, f);
}

/* The tables and charts of section @sec. */
static void put_section(FILE *f, const struct report *r, size_t sec)
{
	const struct study *st = r->st;
	char num[96];

	put_section_title(f, r, sec,
			  "Mean \u00b1 95% confidence interval</h2>\n<table>\n<tr>"
			  "<th>configuration</th>");
	for (size_t m = 0; m < st->nmet; m++) {
		fputs("<th>", f);
		text_xml(f, st->met[m].label);
		fputs(" (", f);
		text_xml(f, st->met[m].unit);
		fputs(")</th>", f);
	}
	fputs("</tr>\n", f);
	for (size_t c = 0; c < st->ncfg; c++) {
		fputs("<tr><td>", f);
		text_xml(f, st->cfg[c].name);
		fputs("</td>", f);
		for (size_t m = 0; m < st->nmet; m++) {
			const struct stats_ci *ci = &report_cell_of(r, sec, c, m)->ci;

			fprintf(f, "<td>%s</td>",
				report_fmt_pm(num, sizeof(num), ci->mean, ci->half, false));
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	put_section_title(f, r, sec, "Paired difference against the baseline, ");
	text_xml(f, st->cfg[st->base].name);
	fputs("</h2>\n<p>Configuration minus baseline, seed by seed, then the mean \u00b1 95% "
	      "interval of the differences and the mean as a percentage of the baseline's; "
	      "<span class=\"sig\">bold*</span>: the interval excludes zero",
	      f);
	if (st->min_effect > 0)
		fprintf(f,
			" and the change is at least the study's minimum effect (%g%%); "
			"\u2248: the interval excludes zero but the change is smaller: no meaningful "
			"change",
			st->min_effect * 100);
	fputs(".</p>\n<table>\n<tr><th>configuration</th>", f);
	for (size_t m = 0; m < st->nmet; m++) {
		fputs("<th>", f);
		text_xml(f, st->met[m].label);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (size_t c = 0; c < st->ncfg; c++) {
		if (c == st->base)
			continue;
		fputs("<tr><td>", f);
		text_xml(f, st->cfg[c].name);
		fputs("</td>", f);
		for (size_t m = 0; m < st->nmet; m++) {
			const struct report_cell *cl = report_cell_of(r, sec, c, m);
			bool sig = cl->verdict == RV_CHANGE;

			fputs(sig ? "<td class=\"sig\">" : "<td>", f);
			fputs(report_fmt_pm(num, sizeof(num), cl->diff.mean, cl->diff.half, true),
			      f);
			if (cl->has_pct) {
				fputs(" (", f);
				put_pct(f, cl);
				fputc(')', f);
			}
			fputs(sig                     ? "*</td>" :
			      cl->verdict == RV_SMALL ? " \u2248</td>" :
							"</td>",
			      f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	for (size_t m = 0; m < st->nmet; m++)
		put_chart(f, r, sec, m);
}

/* Runs that failed the scenario's expect block, when the study asks. */
static void put_expectations(FILE *f, const struct report *r)
{
	const struct study *st = r->st;
	size_t ns = st->nseeds, nruns = r->nsec * st->ncfg * ns, nfailed = 0, shown = 0;

	fputs("<h2>The scenario's expectations</h2>\n", f);
	if (!st->expectations) {
		fputs("<p>Not part of this study (<code>\"expectations\": \"off\"</code>, the "
		      "default): the scenario's <code>expect</code> block is written for its own "
		      "seed and settings, not for every configuration and seed a study runs.</p>\n",
		      f);
		return;
	}
	for (size_t i = 0; i < nruns; i++)
		nfailed += r->res[i].code != 0;
	if (!nfailed) {
		fprintf(f, "<p>All %zu runs held the scenario's expectations.</p>\n", nruns);
		return;
	}
	fprintf(f,
		"<p>%zu of %zu runs failed the scenario's own expectations (their figures "
		"count all the same); each with what failed:</p>\n<table>\n<tr><th>configuration"
		"</th><th>seed</th><th>what failed</th></tr>\n",
		nfailed, nruns);
	for (size_t i = 0; i < nruns && shown < 100; i++) {
		const struct cli_result *res = &r->res[i];
		size_t sc = i / ns;

		if (!res->code)
			continue;
		shown++;
		fputs("<tr><td>", f);
		text_xml(f, st->cfg[sc % st->ncfg].name);
		if (r->vary_key) {
			fputs(", ", f);
			text_xml(f, r->vary_set[sc / st->ncfg]);
		}
		fprintf(f, "</td><td>%" PRIu64 "</td><td class=\"l\">", st->first_seed + i % ns);
		for (uint32_t k = 0; k < res->nwhy && k < CLI_WHY_LINES; k++) {
			fputs(k ? "<br/>" : "", f);
			text_xml(f, res->why[k]);
		}
		if (!res->nwhy)
			fputs("an unexpected violation", f);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	if (shown < nfailed)
		fprintf(f,
			"<p>(%zu more; the CSV and JSON exports count them per "
			"configuration)</p>\n",
			nfailed - shown);
}

static void put_reproduce(FILE *f, const struct report *r)
{
	const struct study *st = r->st;

	fputs("<h2>Reproduce</h2>\n<p>From any directory, with <code>gemsim</code> on the PATH: "
	      "the whole page, then one run of each configuration at the first seed.</p>\n<pre>",
	      f);
	fputs("gemsim report ", f);
	put_shell_word(f, r->study_abs ? r->study_abs : st->path);
	if (r->seeds_given)
		fprintf(f, " --seeds %zu", st->nseeds);
	for (size_t i = 0; i < r->ncli_sets; i++) {
		fputs(" --set ", f);
		put_shell_word(f, r->cli_sets[i]);
	}
	if (r->vary_key) {
		fputs(" --vary ", f);
		put_shell_word(f, r->vary_arg);
	}
	fputs(" -o page.html\n", f);
	for (size_t i = 0; i < r->nsec * st->ncfg; i++) {
		fputs("gemsim run ", f);
		put_shell_word(f, r->scenario_abs ? r->scenario_abs : st->scenario);
		for (size_t k = 0; k < r->nsets[i]; k++) {
			fputs(" --set ", f);
			put_shell_word(f, r->sets[i][k]);
		}
		fprintf(f, " --seed %" PRIu64 "\n", st->first_seed);
	}
	fputs("</pre>\n", f);
}

static void put_workload(FILE *f, const struct report *r)
{
	fputs("<h2>Workload</h2>\n<p>", f);
	text_xml(f, r->description ? r->description : "(the scenario has no description)");
	fputs("</p>\n", f);
	if (r->workloads) {
		fputs("<p>Its workloads, as the scenario writes them (docs/workloads.md):</p>\n<ul>\n",
		      f);
		for (const char *l = r->workloads, *nl; *l; l = nl + 1) {
			char line[1024];
			size_t n;

			nl = strchr(l, '\n');
			if (!nl)
				break;
			n = (size_t)(nl - l) < sizeof(line) - 1 ? (size_t)(nl - l) :
								  sizeof(line) - 1;
			memcpy(line, l, n);
			line[n] = '\0';
			fputs("<li><code>", f);
			text_xml(f, line);
			fputs("</code></li>\n", f);
		}
		fputs("</ul>\n", f);
	}
}

static void put_configs(FILE *f, const struct report *r)
{
	const struct study *st = r->st;

	fputs("<h2>Configurations</h2>\n<table>\n<tr><th>name</th><th class=\"l\">kernel and policy, as the "
	      "runs have them</th><th class=\"l\">overrides</th></tr>\n",
	      f);
	for (size_t c = 0; c < st->ncfg; c++) {
		fputs("<tr><td>", f);
		text_xml(f, st->cfg[c].name);
		if (c == st->base)
			fputs(" (baseline)", f);
		fputs("</td><td class=\"l\">", f);
		text_xml(f, r->desc[c]);
		for (size_t sec = 1; sec < r->nsec; sec++) {
			if (!strcmp(r->desc[sec * st->ncfg + c], r->desc[c]))
				continue;
			fputs("<br/>at ", f);
			text_xml(f, r->vary_set[sec]);
			fputs(": ", f);
			text_xml(f, r->desc[sec * st->ncfg + c]);
		}
		fputs("</td><td class=\"l\">", f);
		put_sets(f, st->cfg[c].sets, st->cfg[c].nsets);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void put_caveats(FILE *f, const struct report *r)
{
	const struct study *st = r->st;
	bool bucketed = false;

	for (size_t m = 0; m < st->nmet; m++)
		bucketed |= st->met[m].bucketed;
	if (!st->nnotes && !bucketed)
		return;
	fputs("<h2>Caveats</h2>\n<ul>\n", f);
	for (size_t i = 0; i < st->nnotes; i++) {
		fputs("<li><b>", f);
		text_xml(f, st->notes[i].key);
		fputs("</b>: ", f);
		text_xml(f, st->notes[i].text);
		fputs("</li>\n", f);
	}
	if (bucketed)
		fputs("<li><b>percentiles</b>: a p50 or p99 is the top of its histogram bucket "
		      "(1/16 of a power of two wide, docs/cli.md), so its intervals are at least "
		      "one bucket wide and a difference within one bucket is not significant.</li>\n",
		      f);
	fputs("</ul>\n", f);
}

void report_write_page(FILE *f, const struct report *r)
{
	const struct study *st = r->st;
	size_t ns = st->nseeds;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>", f);
	text_xml(f, st->question);
	fputs("</title>\n<style>\n"
	      "body{font-family:DejaVu Sans,sans-serif;max-width:1000px;margin:2em auto;"
	      "color:#222}\n"
	      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;"
	      "padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}\n"
	      "td.l,th.l{text-align:left}.sig{font-weight:bold}code{font-size:90%}\n"
	      "pre{white-space:pre-wrap;background:#f4f4f4;padding:8px}\n"
	      "svg{max-width:100%;height:auto;display:block;margin:1em 0}\n"
	      "</style>\n</head>\n<body>\n<h1>",
	      f);
	text_xml(f, st->question);
	fputs("</h1>\n<p>Study <code>", f);
	text_xml(f, st->path);
	fputs("</code>, scenario <code>", f);
	text_xml(f, st->scenario_text);
	fprintf(f,
		"</code>, seeds %" PRIu64 " to %" PRIu64 " (%zu per configuration, the same "
		"seeds for each), %zu runs, gemsim %s.",
		st->first_seed, st->first_seed + ns - 1, ns, r->nsec * st->ncfg * ns,
		GEMSIM_VERSION);
	if (r->vary_key) {
		fputs(" The study runs once for each value of <code>", f);
		text_xml(f, r->vary_key);
		fputs("</code> (<code>--vary</code>): a section each.", f);
	}
	fputs("</p>\n<h2>Conclusion</h2>\n", f);
	for (size_t sec = 0; sec < r->nsec; sec++)
		put_conclusion(f, r, sec);
	put_workload(f, r);
	put_configs(f, r);
	put_caveats(f, r);
	for (size_t sec = 0; sec < r->nsec; sec++)
		put_section(f, r, sec);
	put_expectations(f, r);
	put_reproduce(f, r);
	fputs("</body>\n</html>\n", f);
}
