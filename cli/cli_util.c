// SPDX-License-Identifier: MIT
/*
 * cli/cli_util.c - what the `gemsim` commands (cli/cli_*.c) share:
 * their option parsing over base/opt.h with --help and usage errors
 * printed one way, the error print, and running a scenario into a struct
 * cli_result (sweep, compare, mrc and report collect them).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "base/paths.h"
#include "base/text.h"
#include "base/units.h"
#include "run/load.h"
#include "run/run.h"
#include "output/output.h"
#include "output/tev.h"

/* ---- options and usage errors ------------------------------------------- */

struct cli_cmd {
	const char *cmd, *usage;
	opt_handler handle;
	void *ctx;
};

/* --help prints the command's usage; everything else is the command's. */
static int cli_handle(void *ctx, int id, const char *val, struct opt_parser *p)
{
	const struct cli_cmd *c = ctx;

	if (id == CLI_OPT_HELP) {
		cli_usage_print(stdout, c->usage);
		return CLI_STOP_OK;
	}
	if (c->handle)
		return c->handle(c->ctx, id, val, p);
	return cli_usage_msg(c->cmd, "unexpected argument", val);
}

bool cli_parse(const char *cmd, const char *usage, const struct opt *opts, size_t nopts,
	       opt_handler handle, void *ctx, int argc, char **argv, int *code)
{
	struct cli_cmd c = { cmd, usage, handle, ctx };
	struct opt_parser p = { .opts = opts, .nopts = nopts, .handle = cli_handle, .ctx = &c };
	int ret = opt_parse(&p, argc, argv);

	if (!ret)
		return false;
	if (ret == CLI_STOP_OK)
		*code = 0;
	else if (ret < 0)
		*code = cli_usage_msg(cmd, p.msg, NULL);
	else
		*code = ret;
	return true;
}

void cli_usage_print(FILE *f, const char *usage)
{
	char *text = paths_help(usage, "cli.md: every command and option");

	fputs(text ? text : usage, f);
	free(text);
}

int cli_usage_msg(const char *cmd, const char *msg, const char *arg)
{
	struct text_clip c;

	fprintf(stderr, "gemsim: %s%s", cmd ? cmd : "", cmd ? ": " : "");
	text_term(stderr, msg);
	fprintf(stderr, "%s%s\nTry 'gemsim %s%s--help'.\n", arg ? " " : "",
		arg ? text_clip_bare(&c, arg) : "", cmd ? cmd : "", cmd ? " " : "");
	return CLI_EXIT_USAGE;
}

int cli_print_error(const char *prefix, const struct sim_error *err)
{
	char msg[SIM_ERROR_MSG + 300];

	error_format(err, msg, sizeof(msg));
	if (prefix)
		fputs(prefix, stderr);
	text_term(stderr, msg);
	fputc('\n', stderr);
	return CLI_EXIT_USAGE;
}

void cli_stdin_once(const char *file)
{
	struct sim_error err;
	size_t len;

	if (!strcmp(file, "-"))
		free(load_read_file(file, &len, &err));
}

/* ---- one run into a struct cli_result ----------------------------------- */

const char *const cli_lat_fields[CLI_LAT_FIELDS] = { "count", "mean_ns", "p50_ns", "p99_ns",
						     "max_ns" };

/* Keep the first reasons a run failed, as `gemsim run` prints them. */
static void capture_why(const struct sim *s, const struct scenario *sc, const struct run_result *r,
			struct cli_result *out)
{
	for (uint32_t i = 0; i < r->nfails && out->nwhy < CLI_WHY_LINES; i++) {
		char at[UNITS_FORMAT_LEN];
		const struct run_item *it = &r->fails[i];

		units_format_time(it->at, at, sizeof(at));
		snprintf(out->why[out->nwhy++], sizeof(out->why[0]), "FAIL at %s: %s:%u:%u: %s", at,
			 sc->file, it->line, it->col, it->msg);
	}
	if (r->unexpected_violations && out->nwhy < CLI_WHY_LINES) {
		const struct sim_report *rp = NULL;

		for (uint32_t i = 0; i < s->nr_reports && !rp; i++)
			if (s->reports[i].invariant)
				rp = &s->reports[i];
		snprintf(out->why[out->nwhy++], sizeof(out->why[0]),
			 "FAIL: %" PRIu64
			 " invariant violation(s) the scenario does not expect%s%.140s",
			 s->violations, rp ? ", the first: " : "", rp ? rp->msg : "");
	}
}

void cli_print_why(FILE *f, const char *prefix, const struct cli_result *r)
{
	uint64_t total = r->failed + (r->violations && r->nwhy > r->failed ? 1 : 0);

	for (uint32_t i = 0; i < r->nwhy; i++)
		fprintf(f, "%s%s\n", prefix, r->why[i]);
	if (total > r->nwhy)
		fprintf(f, "%s(%" PRIu64 " more)\n", prefix, total - r->nwhy);
}

_Static_assert(sizeof(((struct sim *)0)->violations_by_inv) == CLI_INVARIANTS * sizeof(uint64_t),
	       "cli_result mirrors violations_by_inv");

/* Run @s to its end, with @tr's trace writer when there is one. */
static int run_traced(struct sim *s, const struct scenario *sc, struct run_result *r,
		      struct cli_trace *tr)
{
	struct out_opts oo = { .trace_into = tr ? tr->w : NULL,
			       .pid = tr ? tr->pid : 0,
			       .process = tr ? tr->process : NULL };
	struct sim_error err;
	struct sim_runner rn;
	struct out *out;
	int code;

	if (!tr)
		return run_scenario(s, sc, r);
	if (!tr->opened) {
		tev_open(tr->w, s, sc, tr->sides, tr->nsides);
		tr->opened = true;
	}
	out = out_create(s, sc, &oo, &err);
	if (!out)
		return -1;
	run_init(&rn, s, sc, r);
	rn.ahead = UINT64_MAX;
	rn.sample = out_sample;
	rn.sample_ctx = out;
	while (run_step(&rn))
		;
	code = run_finish(&rn);
	if (out_finish(out, &err))
		code = -1;
	{
		char notes[512];

		out_notes(out, notes, sizeof(notes));
		fputs(notes, stderr);
	}
	out_destroy(out);
	return code;
}

void cli_run_capture(const char *file, const char *const *sets, size_t nsets, bool has_seed,
		     uint64_t seed, bool check, struct cli_result *out)
{
	cli_run_traced(file, sets, nsets, has_seed, seed, check, NULL, out);
}

void cli_run_traced(const char *file, const char *const *sets, size_t nsets, bool has_seed,
		    uint64_t seed, bool check, struct cli_trace *tr, struct cli_result *out)
{
	struct load_opts opts = { .sets = sets, .nsets = nsets, .has_seed = has_seed, .seed = seed };
	struct sim_error err;
	struct scenario *sc;
	struct sim *s;
	struct run_result *r;

	memset(out, 0, sizeof(*out));
	sc = scenario_load(file, &opts, &err);
	if (!sc) {
		out->code = CLI_EXIT_USAGE;
		error_format(&err, out->error, sizeof(out->error));
		return;
	}
	s = run_setup(sc);
	r = malloc(sizeof(*r));
	if (!s || !r) {
		out->code = CLI_EXIT_USAGE;
		snprintf(out->error, sizeof(out->error), "%s: out of memory", file);
	} else {
		s->check = check || sc->expects_violations; /* as `gemsim run` decides */
		out->code = run_traced(s, sc, r, tr);
		if (out->code < 0) {
			out->code = CLI_EXIT_USAGE;
			snprintf(out->error, sizeof(out->error), "%s: cannot write the trace",
				 file);
		}
		capture_why(s, sc, r, out);
		if (r->has_fatal)
			snprintf(out->error, sizeof(out->error), "%s", r->fatal);
		out->events = r->events;
		out->passed = r->passed;
		out->failed = r->failed;
		out->errors = r->errors;
		out->violations = s->violations;
		for (int i = 0; i < CLI_INVARIANTS; i++)
			out->violations_by_inv[i] = s->violations_by_inv[i];
		out->warnings = s->warnings;
		out->end = s->now;
		out->stats = s->stats;
		for (int i = 0; i < SIM_LAT_COUNT; i++) {
			const struct sim_hist *h = &s->lat[i];

			out->lat[i][0] = h->count;
			out->lat[i][1] = hist_mean(h);
			out->lat[i][2] = hist_percentile(h, 50);
			out->lat[i][3] = hist_percentile(h, 99);
			out->lat[i][4] = h->max;
		}
		out->seed = s->cfg.seed;
		snprintf(out->kernel, sizeof(out->kernel), "%s", sim_kernel_names[s->cfg.kernel]);
	}
	free(r);
	gem_sim_destroy(s);
	scenario_free(sc);
}
