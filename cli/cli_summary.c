// SPDX-License-Identifier: MIT
/*
 * cli/cli_summary.c - what `gemsim run` prints when a run is over: the human
 * summary (counters, latencies, workloads, failures with file:line:col) and
 * the one JSON object of --json (docs/cli.md lists its fields).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "base/jsonw.h"
#include "run/load.h"
#include "run/run.h"
#include "base/text.h"
#include "base/units.h"

/* ---- human summary ------------------------------------------------------- */

static void print_time(FILE *f, sim_ns t)
{
	char buf[UNITS_FORMAT_LEN];

	units_format_time(t, buf, sizeof(buf));
	fputs(buf, f);
}

/* A duration rounded for reading (the JSON output keeps exact nanoseconds). */
void cli_print_dur(FILE *f, sim_ns t)
{
	if (t < 1000)
		fprintf(f, "%" PRIu64 "ns", t);
	else if (t < 1000000)
		fprintf(f, "%.1fus", (double)t / 1e3);
	else if (t < 1000000000)
		fprintf(f, "%.2fms", (double)t / 1e6);
	else
		fprintf(f, "%.3fs", (double)t / 1e9);
}

static void print_where(FILE *f, const struct scenario *sc, uint32_t line, uint32_t col)
{
	text_term(f, sc->file);
	if (line)
		fprintf(f, ":%u:%u", line, col);
}

#define HUMAN_REPORTS 20 /* reports a human summary shows; --json has them all */

/* With @quiet, the kinds of report the scenario expects are left out. */
static void print_reports(FILE *f, const struct sim *s, const struct scenario *sc, bool quiet)
{
	uint32_t shown = s->nr_reports < HUMAN_REPORTS ? s->nr_reports : HUMAN_REPORTS;

	for (uint32_t i = 0; i < shown; i++) {
		const struct sim_report *rp = &s->reports[i];
		char what[96] = "";

		if (quiet && (rp->invariant ? sc->expects_violations : sc->expects_warnings))
			continue;
		fputs("  at ", f);
		print_time(f, rp->at);
		fputs(": ", f);
		if (rp->event != SIM_NONE) {
			run_describe_event(sc, rp->event, what, sizeof(what));
			print_where(f, sc, sc->events[rp->event].line, sc->events[rp->event].col);
			fprintf(f, " (%s): ", what);
		}
		if (rp->invariant)
			fprintf(f, "VIOLATION of invariant %u: ", rp->invariant);
		else
			fputs("WARNING: ", f);
		text_term(f, rp->msg);
		fputc('\n', f);
	}
	if (s->warnings + s->violations > shown)
		fprintf(f, "  (%" PRIu64 " more not shown; --json lists the first %d)\n",
			s->warnings + s->violations - shown, SIM_REPORTS_KEPT);
}

static void print_items(FILE *f, const struct scenario *sc, const struct run_item *it, uint32_t n,
			uint64_t total, const char *tag)
{
	for (uint32_t i = 0; i < n; i++) {
		fprintf(f, "%s at ", tag);
		print_time(f, it[i].at);
		fputs(": ", f);
		print_where(f, sc, it[i].line, it[i].col);
		fputs(": ", f);
		text_term(f, it[i].msg);
		fputc('\n', f);
	}
	if (total > n)
		fprintf(f, "%s (%" PRIu64 " more not shown)\n", tag, total - n);
}

/* The nonzero counters, four to a line, and each latency's mean, p50, p99, max. */
static void print_stats_latency(FILE *f, const struct sim *s)
{
	int col = 0;

	fputs("  stats:", f);
	for (size_t i = 0; i < sim_stat_count; i++) {
		uint64_t v = sim_stat_get(&s->stats, &sim_stat_descs[i]);

		if (!v)
			continue;
		fprintf(f, "%s%s=%" PRIu64, col % 4 ? "  " : "\n    ", sim_stat_descs[i].name, v);
		col++;
	}
	fputs(col ? "\n" : " all zero\n", f);
	for (int i = 0; i < SIM_LAT_COUNT; i++) {
		const struct sim_hist *h = &s->lat[i];

		if (!h->count)
			continue;
		fprintf(f, "  latency %-14s n=%" PRIu64 "  mean ", sim_lat_names[i], h->count);
		cli_print_dur(f, hist_mean(h));
		fputs("  p50 ", f);
		cli_print_dur(f, hist_percentile(h, 50));
		fputs("  p99 ", f);
		cli_print_dur(f, hist_percentile(h, 99));
		fputs("  max ", f);
		cli_print_dur(f, h->max);
		fputc('\n', f);
	}
}

void cli_print_human(const struct sim *s, const struct scenario *sc, const struct run_result *r,
		     bool quiet, int code)
{
	FILE *f = stdout;

	if (!quiet) {
		struct text_clip c;

		/* the name cut as any quoted text; nothing from the file reaches
		 * the terminal unescaped */
		fprintf(f, "scenario %s", text_clip(&c, sc->name));
		if (sc->description) {
			fputs(": ", f);
			text_term(f, sc->description);
		}
		fputs("\n  file: ", f);
		text_term(f, sc->file);
		fprintf(f, ", seed %" PRIu64 ", kernel %s\n  ran %" PRIu64 " events to t=",
			sc->cfg.seed, sim_kernel_names[sc->cfg.kernel], r->events);
		print_time(f, s->now);
		fprintf(f, "\n  expectations: %" PRIu64 " passed, %" PRIu64 " failed\n", r->passed,
			r->failed);
		fprintf(f,
			"  violations: %" PRIu64 ", warnings: %" PRIu64 ", error results: %" PRIu64
			"\n",
			s->violations, s->warnings, r->errors);
		print_stats_latency(f, s);
	}
	for (uint32_t i = 0; i < r->nworkloads && !quiet; i++) {
		fprintf(f, "  workload %u (", i);
		print_where(f, sc, sc->workloads[i].line, sc->workloads[i].col);
		fprintf(f, "): %" PRIu64 " actions, %" PRIu64 " errors\n", r->workloads[i].actions,
			r->workloads[i].errors);
	}
	/*
	 * --quiet shows only what the scenario did not ask for: violations
	 * when no expectation names "violations", warnings when none names
	 * "warnings" (API misuse that went unnoticed is what a quiet run exists
	 * to surface); a scenario that demonstrates a broken policy is silent.
	 */
	if (s->nr_reports && (!quiet || (s->violations && !sc->expects_violations) ||
			      (s->warnings && !sc->expects_warnings)))
		print_reports(f, s, sc, quiet);
	print_items(f, sc, r->notes, r->nnotes, r->errors, "ERROR");
	print_items(f, sc, r->fails, r->nfails, r->failed, "FAIL");
	if (r->unexpected_violations)
		fprintf(f,
			"FAIL: %" PRIu64 " invariant violation(s) that the scenario does not "
			"expect\n",
			s->violations);
	if (!quiet && s->violations && sc->expects_violations)
		fputs("  (the scenario expects violations: it demonstrates a broken policy, so\n"
		      "  the VIOLATION lines above are what it shows, not a failure)\n",
		      f);
	if (!quiet)
		fprintf(f, "%s\n", code == 2 ? "STOPPED" : code ? "FAILED" : "OK");
}

/* ---- JSON summary -------------------------------------------------------- */

static void json_items(struct jsonw *w, const struct run_item *it, uint32_t n)
{
	jsonw_arr_open(w);
	for (uint32_t i = 0; i < n; i++) {
		jsonw_obj_open(w);
		jsonw_key(w, "at_ns");
		jsonw_u64(w, it[i].at);
		jsonw_key(w, "line");
		jsonw_u64(w, it[i].line);
		jsonw_key(w, "col");
		jsonw_u64(w, it[i].col);
		jsonw_key(w, "message");
		jsonw_str(w, it[i].msg);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

/* "violations_by_invariant": per invariant (docs/model.md), only those broken: "11": 82 */
static void json_by_invariant(struct jsonw *w, const struct sim *s)
{
	jsonw_key(w, "violations_by_invariant");
	jsonw_obj_open(w);
	for (unsigned i = 1; i < sizeof(s->violations_by_inv) / sizeof(s->violations_by_inv[0]);
	     i++) {
		char k[8];

		if (!s->violations_by_inv[i])
			continue;
		snprintf(k, sizeof(k), "%u", i);
		jsonw_key(w, k);
		jsonw_u64(w, s->violations_by_inv[i]);
	}
	jsonw_obj_close(w);
}

/* "stats": every counter by name. */
static void json_stats(struct jsonw *w, const struct sim *s)
{
	jsonw_key(w, "stats");
	jsonw_obj_open(w);
	for (size_t i = 0; i < sim_stat_count; i++) {
		jsonw_key(w, sim_stat_descs[i].name);
		jsonw_u64(w, sim_stat_get(&s->stats, &sim_stat_descs[i]));
	}
	jsonw_obj_close(w);
}

/* "latency": count, mean, p50, p99 and max of each latency histogram. */
static void json_latency(struct jsonw *w, const struct sim *s)
{
	jsonw_key(w, "latency");
	jsonw_obj_open(w);
	for (int i = 0; i < SIM_LAT_COUNT; i++) {
		const struct sim_hist *h = &s->lat[i];

		jsonw_key(w, sim_lat_names[i]);
		jsonw_obj_open(w);
		jsonw_key(w, "count");
		jsonw_u64(w, h->count);
		jsonw_key(w, "mean_ns");
		jsonw_u64(w, hist_mean(h));
		jsonw_key(w, "p50_ns");
		jsonw_u64(w, hist_percentile(h, 50));
		jsonw_key(w, "p99_ns");
		jsonw_u64(w, hist_percentile(h, 99));
		jsonw_key(w, "max_ns");
		jsonw_u64(w, h->max);
		jsonw_obj_close(w);
	}
	jsonw_obj_close(w);
}

/* "workloads": each workload's actions and errors. */
static void json_workloads(struct jsonw *w, const struct run_result *r)
{
	jsonw_key(w, "workloads");
	jsonw_arr_open(w);
	for (uint32_t i = 0; i < r->nworkloads; i++) {
		jsonw_obj_open(w);
		jsonw_key(w, "actions");
		jsonw_u64(w, r->workloads[i].actions);
		jsonw_key(w, "errors");
		jsonw_u64(w, r->workloads[i].errors);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

/* "reports": every violation and warning, with the event it followed. */
static void json_reports(struct jsonw *w, const struct sim *s, const struct scenario *sc)
{
	jsonw_key(w, "reports");
	jsonw_arr_open(w);
	for (uint32_t i = 0; i < s->nr_reports; i++) {
		const struct sim_report *rp = &s->reports[i];

		jsonw_obj_open(w);
		jsonw_key(w, "at_ns");
		jsonw_u64(w, rp->at);
		jsonw_key(w, "kind");
		jsonw_str(w, rp->invariant ? "violation" : "warning");
		if (rp->invariant) {
			jsonw_key(w, "invariant");
			jsonw_u64(w, rp->invariant);
		}
		if (rp->event != SIM_NONE) {
			char what[96];

			run_describe_event(sc, rp->event, what, sizeof(what));
			jsonw_key(w, "event");
			jsonw_str(w, what);
			jsonw_key(w, "line");
			jsonw_u64(w, sc->events[rp->event].line);
			jsonw_key(w, "col");
			jsonw_u64(w, sc->events[rp->event].col);
		}
		jsonw_key(w, "message");
		jsonw_str(w, rp->msg);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

/* The head: what ran (name, file, seed, kernel, version, overrides) and its result. */
static void json_head(struct jsonw *w, const struct scenario *sc, const struct run_result *r,
		      int code, const char *const *sets, size_t nsets)
{
	jsonw_key(w, "name");
	jsonw_str(w, sc->name);
	jsonw_key(w, "file");
	jsonw_str(w, sc->file);
	jsonw_key(w, "seed");
	jsonw_u64(w, sc->cfg.seed);
	jsonw_key(w, "kernel");
	jsonw_str(w, sim_kernel_names[sc->cfg.kernel]);
	jsonw_key(w, "gemsim");
	jsonw_str(w, GEMSIM_VERSION);
	/* the overrides, so that a --merge can check each summary is its run's */
	jsonw_key(w, "set");
	jsonw_arr_open(w);
	for (size_t i = 0; i < nsets; i++)
		jsonw_str(w, sets[i]);
	jsonw_arr_close(w);
	jsonw_key(w, "result");
	jsonw_str(w, code ? "failed" : "ok");
	if (r->has_fatal) {
		/* what stopped the run, as stderr says it */
		jsonw_key(w, "error");
		jsonw_str(w, r->fatal);
	}
}

void cli_print_json(const struct sim *s, const struct scenario *sc, const struct run_result *r,
		    int code, const char *dump, const char *const *sets, size_t nsets)
{
	struct jsonw w;

	jsonw_init(&w, stdout, true);
	jsonw_obj_open(&w);
	json_head(&w, sc, r, code, sets, nsets);
	jsonw_key(&w, "end_time_ns");
	jsonw_u64(&w, s->now);
	jsonw_key(&w, "events");
	jsonw_u64(&w, r->events);
	jsonw_key(&w, "expectations");
	jsonw_obj_open(&w);
	jsonw_key(&w, "passed");
	jsonw_u64(&w, r->passed);
	jsonw_key(&w, "failed");
	jsonw_u64(&w, r->failed);
	jsonw_obj_close(&w);
	jsonw_key(&w, "violations");
	jsonw_u64(&w, s->violations);
	json_by_invariant(&w, s);
	jsonw_key(&w, "warnings");
	jsonw_u64(&w, s->warnings);
	jsonw_key(&w, "errors");
	jsonw_u64(&w, r->errors);
	json_stats(&w, s);
	if (dump) {
		jsonw_key(&w, "dump");
		jsonw_raw(&w, dump);
	}
	json_latency(&w, s);
	json_workloads(&w, r);
	jsonw_key(&w, "failures");
	json_items(&w, r->fails, r->nfails);
	jsonw_key(&w, "error_results");
	json_items(&w, r->notes, r->nnotes);
	json_reports(&w, s, sc);
	jsonw_obj_close(&w);
	jsonw_end(&w);
}
