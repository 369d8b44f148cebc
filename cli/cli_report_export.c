// SPDX-License-Identifier: MIT
/*
 * cli/cli_report_export.c - the figures of `gemsim report` as text:
 * numbers to the precision their interval allows (the page's and the
 * exports'), and the --csv and --json exports (docs/studies.md).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli_report.h"
#include "base/jsonw.h"
#include "base/text.h"

static const char *const verdict_words[] = {
	[RV_BASE] = "baseline",
	[RV_NONE] = "no significant difference",
	[RV_SMALL] = "no meaningful change",
	[RV_CHANGE] = "significant",
};

const char *report_verdict_text(enum report_verdict v)
{
	return verdict_words[v];
}

char *report_fmt_num(char *buf, size_t len, double v)
{
	double a = v < 0 ? -v : v;

	if (a >= 100 || a == 0)
		snprintf(buf, len, "%.0f", v + 0.0);
	else
		snprintf(buf, len, "%.3g", v);
	return buf;
}

char *report_fmt_pm(char *buf, size_t len, double mean, double half, bool sign)
{
	double a = mean < 0 ? -mean : mean, h = half;
	int d = 0;
	size_t n = 0;

	/* rounding noise of a constant column is no interval */
	if (half <= 1e-9 * a)
		half = 0;
	if (sign && mean > 0)
		buf[n++] = '+';
	if (!half) {
		report_fmt_num(buf + n, len - n, mean);
		n = strlen(buf);
		snprintf(buf + n, len - n, " \u00b1 0");
		return buf;
	}
	/*
	 * two significant digits of the half-width (rounded up: the interval
	 * errs wide), the mean to the same place
	 */
	for (h = half; h < 10 && d < 12; d++)
		h *= 10;
	if (half >= 100) {
		double p = 1;

		while (half / p >= 100)
			p *= 10;
		mean = round(mean / p) * p;
		half = ceil(half / p) * p;
	}
	snprintf(buf + n, len - n, "%.*f \u00b1 %.*f", d, mean + 0.0, d, half);
	return buf;
}

void report_write_csv(FILE *f, const struct report *r)
{
	const struct study *st = r->st;

	fputs("section,configuration,baseline,metric,unit,seeds,mean,ci95_half,diff,"
	      "diff_ci95_half,diff_pct,verdict\n",
	      f);
	for (size_t sec = 0; sec < r->nsec; sec++)
		for (size_t c = 0; c < st->ncfg; c++)
			for (size_t m = 0; m < st->nmet; m++) {
				const struct report_cell *cl = report_cell_of(r, sec, c, m);

				text_csv(f, r->vary_key ? r->vary_set[sec] : "");
				fputc(',', f);
				text_csv(f, st->cfg[c].name);
				fprintf(f, ",%d,", c == st->base);
				text_csv(f, st->met[m].label);
				fputc(',', f);
				text_csv(f, st->met[m].unit);
				fprintf(f, ",%zu,%.10g,%.10g,%.10g,%.10g,", st->nseeds, cl->ci.mean,
					cl->ci.half, cl->diff.mean + 0.0, cl->diff.half);
				if (cl->has_pct)
					fprintf(f, "%.6g", cl->pct + 0.0);
				fprintf(f, ",%s\n", report_verdict_text(cl->verdict));
			}
}

/* "configurations": each one's name, baseline flag, kernel and policy, overrides. */
static void json_configs(struct jsonw *w, const struct report *r)
{
	const struct study *st = r->st;

	jsonw_key(w, "configurations");
	jsonw_arr_open(w);
	for (size_t c = 0; c < st->ncfg; c++) {
		jsonw_obj_open(w);
		jsonw_key(w, "name");
		jsonw_str(w, st->cfg[c].name);
		jsonw_key(w, "baseline");
		jsonw_bool(w, c == st->base);
		jsonw_key(w, "kernel_and_policy");
		jsonw_str(w, r->desc[c]);
		jsonw_key(w, "set");
		jsonw_arr_open(w);
		for (size_t i = 0; i < st->cfg[c].nsets; i++)
			jsonw_str(w, st->cfg[c].sets[i]);
		jsonw_arr_close(w);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

/* One result: configuration @c's metric @m in section @sec, with its difference. */
static void json_result(struct jsonw *w, const struct report *r, size_t sec, size_t c, size_t m)
{
	const struct study *st = r->st;
	const struct report_cell *cl = report_cell_of(r, sec, c, m);
	size_t failed = 0;

	for (size_t s = 0; s < st->nseeds; s++)
		failed += r->res[(sec * st->ncfg + c) * st->nseeds + s].code != 0;
	jsonw_obj_open(w);
	jsonw_key(w, "configuration");
	jsonw_str(w, st->cfg[c].name);
	jsonw_key(w, "metric");
	jsonw_str(w, st->met[m].label);
	jsonw_key(w, "unit");
	jsonw_str(w, st->met[m].unit);
	jsonw_key(w, "mean");
	jsonw_double(w, cl->ci.mean, 10);
	jsonw_key(w, "ci95_half");
	jsonw_double(w, cl->ci.half, 10);
	jsonw_key(w, "diff");
	jsonw_double(w, cl->diff.mean + 0.0, 10);
	jsonw_key(w, "diff_ci95_half");
	jsonw_double(w, cl->diff.half, 10);
	jsonw_key(w, "diff_pct");
	if (cl->has_pct)
		jsonw_double(w, cl->pct + 0.0, 6);
	else
		jsonw_raw(w, "null");
	jsonw_key(w, "verdict");
	jsonw_str(w, report_verdict_text(cl->verdict));
	if (st->expectations) {
		jsonw_key(w, "runs_failing_expectations");
		jsonw_u64(w, failed);
	}
	jsonw_obj_close(w);
}

void report_write_json(FILE *f, const struct report *r)
{
	const struct study *st = r->st;
	struct jsonw w;

	jsonw_init(&w, f, true);
	jsonw_obj_open(&w);
	jsonw_key(&w, "question");
	jsonw_str(&w, st->question);
	jsonw_key(&w, "study");
	jsonw_str(&w, st->path);
	jsonw_key(&w, "scenario");
	jsonw_str(&w, st->scenario_text);
	jsonw_key(&w, "gemsim");
	jsonw_str(&w, GEMSIM_VERSION);
	jsonw_key(&w, "first_seed");
	jsonw_u64(&w, st->first_seed);
	jsonw_key(&w, "seeds");
	jsonw_u64(&w, st->nseeds);
	jsonw_key(&w, "min_effect_pct");
	jsonw_double(&w, st->min_effect * 100, 6);
	json_configs(&w, r);
	jsonw_key(&w, "sections");
	jsonw_arr_open(&w);
	for (size_t sec = 0; sec < r->nsec; sec++) {
		jsonw_obj_open(&w);
		jsonw_key(&w, "vary");
		if (r->vary_key)
			jsonw_str(&w, r->vary_set[sec]);
		else
			jsonw_raw(&w, "null");
		jsonw_key(&w, "results");
		jsonw_arr_open(&w);
		for (size_t c = 0; c < st->ncfg; c++)
			for (size_t m = 0; m < st->nmet; m++)
				json_result(&w, r, sec, c, m);
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	jsonw_end(&w);
}
