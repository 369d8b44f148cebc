// SPDX-License-Identifier: MIT
/*
 * cli/cli.c - the `gemsim` command: a thin front end over the library; its
 * run summary is cli/cli_summary.c, each other command a cli/cli_*.c file.
 *
 *   gemsim run FILE [--json] [--set KEY=VALUE]... [--seed N] [--quiet]
 *                   [--check | --no-check]
 *   gemsim list policies|stats|ops
 *   gemsim --help | --version | help COMMAND
 *
 * Exit codes (docs/cli.md): 0 all expectations held and no unexpected
 * violation; 1 an expectation failed or an unexpected violation happened;
 * 2 the input could not be used (file, JSON, scenario, or command line).
 */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gem/lru.h"
#include "cli/cli.h"
#include "cli/cli_oracle.h"
#include "output/dump.h"
#include "base/jsonw.h"
#include "run/load.h"
#include "run/ops.h"
#include "base/ofile.h"
#include "output/output.h"
#include "output/tev.h"
#include "run/run.h"
#include "base/text.h"
#include "base/units.h"
#include "base/version.h"


#define EXIT_USAGE CLI_EXIT_USAGE

static const char usage_main[] =
	"Usage: gemsim COMMAND [ARGS]\n"
	"\n"
	"gemsim simulates a Linux GPU driver's memory manager: GEM shmem objects over\n"
	"simulated pages, GPU VMs behind a fake MMU, CPU mappings, dma-buf sharing, and\n"
	"a shrinker that evicts and purges under memory pressure.  Scenarios are JSON\n"
	"files (docs/format.md).\n"
	"\n"
	"Commands:\n"
	"  run FILE        run a scenario and check its expectations\n"
	"  sweep FILE      run a scenario over a cross product of settings and seeds,\n"
	"                  in parallel, into a CSV file and a chart\n"
	"  compare FILE    run a scenario under two configurations, side by side\n"
	"  report STUDY    run a policy study (configurations x seeds) into one HTML\n"
	"                  page: means with 95% intervals, paired differences, charts\n"
	"  mrc FILE        swap-in (miss-ratio) curves over memory sizes, per policy\n"
	"  plot TS.csv     columns of a --timeseries CSV over time, as an SVG chart\n"
	"  import bpftrace FILE\n"
	"                  a capture of a running kernel (tools/capture/) into a\n"
	"                  scenario that replays it (docs/capture.md)\n"
	"  oracle --ksrc DIR FILE...  run scenarios' helper ops on a kernel tree's own\n"
	"                  drm_gem_shmem_helper.c and on the model, op by op\n"
	"                  (docs/oracle.md)\n"
	"  list WHAT       list the reclaim policies, stats counters, event ops or\n"
	"                  kernels: list policies|stats|ops|kernels [FILE]\n"
	"  view FILE ...   animate a scenario (runs gemsim-view; docs/viewer.md)\n"
	"  help COMMAND    help for one command (help help: this list)\n"
	"\n"
	"Options:\n"
	"  -h, --help      this help\n"
	"  -V, --version   print the version\n"
	"\n"
	"Exit codes: 0 every expectation held; 1 an expectation failed or an\n"
	"unexpected invariant violation happened; 2 the input could not be used.\n"
	"\n"
	"Docs: docs/format.md (the scenario format), docs/model.md (the model and its\n"
	"policy knobs), docs/cli.md (this command).\n";

static const char usage_run[] =
	"Usage: gemsim run FILE [OPTIONS]\n"
	"\n"
	"Run the scenario FILE, check its \"expect\" block and every event's \"ret\",\n"
	"and print a summary.\n"
	"\n"
	"Options:\n"
	"  --json              print the summary as one JSON object on stdout\n"
	"  --set KEY=VALUE     override a scenario value by its dotted path before the\n"
	"                      scenario is validated; VALUE is JSON, or else a string:\n"
	"                        --set policy.reclaim=fifo --set memory.ram_pages=512\n"
	"                        --set objects.bo0.size=2MiB --set policy.vmap_pins=false\n"
	"                        --set model.kernel=mainline (the kernel modelled:\n"
	"                        v19 or mainline; `gemsim list kernels`)\n"
	"                      (array entries by name or by index); may be repeated;\n"
	"                      KEY+=VALUE appends to an array:\n"
	"                        --set 'workloads+={\"type\":\"pressure\",...}'\n"
	"  --seed N            override the scenario's seed (decimal, 0 to 2^53)\n"
	"  --timeseries FILE   write a CSV row of memory gauges and running totals every\n"
	"                      sampling interval (docs/cli.md lists the columns)\n"
	"  --trace FILE        write a Chrome trace-event JSON file for Perfetto\n"
	"                      (ui.perfetto.dev) or chrome://tracing: GPU queues with\n"
	"                      jobs, a track per object with its state and counts,\n"
	"                      memory and vmstat counters whenever they change,\n"
	"                      faults, evictions, purges, shrinker scans, OOMs, and\n"
	"                      arrows from a fault to its reclaim and from swap-ins\n"
	"                      to their job\n"
	"  --every TIME        interval of the --timeseries rows (default 1ms; e.g.\n"
	"                      100us); they end with the drm fdinfo figures and\n"
	"                      pswpin/pswpout\n"
	"                      The files are written beside their paths and put in\n"
	"                      place when the run is over: a run that stops (exit 2)\n"
	"                      or is interrupted leaves the old files as they were.\n"
	"                      Neither may be the scenario, a trace it replays or the\n"
	"                      other; at most 1000000 rows and 1000000 trace events\n"
	"                      are written (stderr says where a file was cut)\n"
	"  --dump-at TIME      print the state of every object once everything due at\n"
	"                      TIME has run (counts, madv, residency, list, mappings)\n"
	"                      and the drm fdinfo and vmstat lines a kernel would print;\n"
	"                      with --json, as the summary's \"dump\" object\n"
	"  --check             check the model's invariants (docs/model.md) after every\n"
	"                      event: the default\n"
	"  --no-check          do not check them: 2-6x faster on big runs\n"
	"                      (docs/performance.md); a scenario whose \"expect\"\n"
	"                      names \"violations\" is checked all the same\n"
	"  -q, --quiet         print only what the scenario does not expect: FAIL and\n"
	"                      ERROR lines, violations unless its expect names\n"
	"                      \"violations\", warnings unless it names \"warnings\"\n"
	"  -h, --help          this help\n"
	"\n"
	"Exit codes: 0 every expectation held and no violation happened that the\n"
	"scenario did not expect; 1 otherwise (each failure is printed with its time,\n"
	"key, wanted and got); 2 the file could not be used: the message names\n"
	"file:line:col and what was wrong (also: an output that cannot be written,\n"
	"standard output included).\n";

static const char usage_list[] =
	"Usage: gemsim list policies|stats|ops|kernels [FILE]\n"
	"\n"
	"  policies   the reclaim policies for \"policy\": {\"reclaim\": NAME}\n"
	"  kernels    the kernels a run can model (\"model\": {\"kernel\": NAME});\n"
	"             with FILE: the ones that scenario's expectations are written\n"
	"             for (its \"model.kernels\"), one per line\n"
	"  stats      the counters a run reports (usable as \"stats.NAME\" in \"expect\")\n"
	"  ops        the event ops of the scenario format\n";

/* Print "gemsim: MSG" and a pointer to the help of @cmd ("" or "run "). */
__attribute__((format(printf, 2, 3)))
static int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("gemsim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'gemsim %s--help'.\n", cmd);
	return EXIT_USAGE;
}

/* ---- commands ------------------------------------------------------------ */

/*
 * Refuse a --timeseries or --trace that names the scenario, a trace file it
 * replays, or the other output: the run would read what it overwrites.
 */
static int check_outputs(const struct scenario *sc, const struct out_opts *oo,
			 struct sim_error *err)
{
	size_t max = sc->nworkloads + 1u;
	const char **ins = calloc(max, sizeof(*ins));
	const char *outs[2] = { oo->timeseries, oo->trace };
	static const char *const opts[2] = { "--timeseries", "--trace" };
	int ret;

	if (!ins) {
		error_set(err, 0, 0, "out of memory");
		return -1;
	}
	ret = ofile_check(ins, scenario_inputs(sc, ins, max), outs, opts, 2, err);
	free(ins);
	return ret;
}

static int cmd_run(int argc, char **argv)
{
	const char **sets = calloc((size_t)argc, sizeof(*sets));
	struct load_opts opts = { .sets = sets };
	const char *file = NULL;
	bool json = false, quiet = false, has_dump_at = false;
	struct out_opts oo = { 0 };
	struct out *out = NULL;
	int check = -1, code;
	sim_ns dump_at = 0;
	char *dump = NULL;       /* --dump-at with --json: the state as JSON text */
	size_t dump_len = 0;
	struct sim_error err;
	struct scenario *sc;
	struct sim *s;
	struct run_result *r;

	if (!sets)
		return EXIT_USAGE;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_run, stdout);
			free(sets);
			return 0;
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			quiet = true;
		} else if (!strcmp(a, "--check")) {
			check = 1;
		} else if (!strcmp(a, "--no-check")) {
			check = 0;
		} else if (!strcmp(a, "--set") || !strncmp(a, "--set=", 6)) {
			const char *v = a[5] == '=' ? a + 6 : (i + 1 < argc ? argv[++i] : NULL);

			if (!v || !strchr(v, '=')) {
				free(sets);
				return usage_error("run ", "--set needs KEY=VALUE");
			}
			sets[opts.nsets++] = v;
		} else if (!strcmp(a, "--seed") || !strncmp(a, "--seed=", 7)) {
			const char *v = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : NULL);

			if (!v || units_count_str(v, UNITS_NUM_MAX, &opts.seed)) {
				free(sets);
				return usage_error("run ", "--seed needs a whole number from 0 to "
						   "2^53 in decimal digits, not '%s'", v ? v : "");
			}
			opts.has_seed = true;
		} else if (!strcmp(a, "--dump-at")) {
			const char *v = i + 1 < argc ? argv[++i] : NULL;
			const char *why = "needs a time";

			if (!v || units_time_str(v, &dump_at, &why)) {
				free(sets);
				return usage_error("run ", "--dump-at %s: %s", v ? v : "", why);
			}
			has_dump_at = true;
		} else if (!strcmp(a, "--timeseries") || !strcmp(a, "--trace") ||
			   !strcmp(a, "--every")) {
			const char *v = i + 1 < argc ? argv[++i] : NULL;
			const char *why = NULL;

			if (!v) {
				free(sets);
				return usage_error("run ", "%s needs a value", a);
			}
			if (a[2] == 't' && a[3] == 'i')
				oo.timeseries = v;
			else if (a[2] == 't')
				oo.trace = v;
			else if (units_time_str(v, &oo.every, &why) || !oo.every) {
				free(sets);
				return usage_error("run ", "--every %s: %s", v,
						   why ? why : "must be longer than 0");
			}
		} else if (a[0] == '-' && a[1]) {
			free(sets);
			return usage_error("run ", "run: unknown option '%s'", a);
		} else if (file) {
			free(sets);
			return usage_error("run ", "run: one scenario file at a time ('%s' is extra)", a);
		} else {
			file = a;
		}
	}
	if (!file) {
		free(sets);
		return usage_error("run ", "run: no scenario file given");
	}

	sc = scenario_load(file, &opts, &err);
	if (!sc) {
		char msg[SIM_ERROR_MSG + 300];

		error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "%s\n", msg);
		free(sets);
		return EXIT_USAGE;
	}
	s = run_setup(sc);
	r = malloc(sizeof(*r));
	if (!s || !r) {
		fprintf(stderr, "gemsim: %s: out of memory setting up the run\n", file);
		free(r);
		gem_sim_destroy(s);
		scenario_free(sc);
		free(sets);
		return EXIT_USAGE;
	}
	/* Checked by default in every build: a shipped scenario that expects a
	 * violation must pass with the README's (release) build. */
	s->check = check != 0 || sc->expects_violations;
	if (oo.timeseries || oo.trace) {
		if (check_outputs(sc, &oo, &err))
			goto err_out;
		out = out_create(s, sc, &oo, &err);
		if (!out)
			goto err_out;
	}

	struct sim_runner rn;

	run_init(&rn, s, sc, r);
	if (out) {
		rn.sample = out_sample;
		rn.sample_ctx = out;
	}
	if (has_dump_at) {
		/* the state once everything due at or before the time has run */
		rn.ahead = dump_at < UINT64_MAX ? dump_at + 1 : UINT64_MAX;
		while (run_next_time(&rn) <= dump_at && run_step(&rn))
			;
		if (json) {
			FILE *mf = open_memstream(&dump, &dump_len);
			struct jsonw dw;

			if (mf) {
				jsonw_init(&dw, mf, false);
				dump_json(s, &dw, dump_at);
				fclose(mf);
			}
		} else {
			dump_text(s, stdout, dump_at);
		}
	}
	rn.ahead = UINT64_MAX; /* run-ahead: the same run, fewer queue trips */
	while (run_step(&rn))
		;
	code = run_finish(&rn);
	/* a run that stopped leaves the old files as they were */
	if (out && !r->has_fatal && out_finish(out, &err))
		goto err_out;
	if (r->has_fatal) {
		text_term(stderr, r->fatal);
		fputc('\n', stderr);
	}
	if (out) {
		char notes[1024];

		out_notes(out, notes, sizeof(notes));
		fputs(notes, stderr);
		if (r->has_fatal)
			fprintf(stderr, "gemsim: %s: the run stopped: %s%s%s left as %s was\n",
				file, oo.timeseries ? oo.timeseries : "",
				oo.timeseries && oo.trace ? " and " : "", oo.trace ? oo.trace : "",
				oo.timeseries && oo.trace ? "they" : "it");
	}
	out_destroy(out);
	if (json)
		cli_print_json(s, sc, r, code, dump, sets, opts.nsets);
	else
		cli_print_human(s, sc, r, quiet, code);
	free(dump);
	free(r);
	gem_sim_destroy(s);
	scenario_free(sc);
	free(sets);
	return code;

err_out: {
		char msg[SIM_ERROR_MSG + 300];

		error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "%s\n", msg);
		out_destroy(out);
		free(r);
		gem_sim_destroy(s);
		scenario_free(sc);
		free(sets);
		return EXIT_USAGE;
	}
}

const char *const cli_lat_fields[CLI_LAT_FIELDS] = { "count", "mean_ns", "p50_ns", "p99_ns",
							 "max_ns" };

/* Keep the first reasons a run failed, as `gemsim run` prints them. */
static void capture_why(const struct sim *s, const struct scenario *sc,
			const struct run_result *r, struct cli_result *out)
{
	for (uint32_t i = 0; i < r->nfails && out->nwhy < CLI_WHY_LINES; i++) {
		char at[UNITS_FORMAT_LEN];
		const struct run_item *it = &r->fails[i];

		units_format_time(it->at, at, sizeof(at));
		snprintf(out->why[out->nwhy++], sizeof(out->why[0]), "FAIL at %s: %s:%u:%u: %s",
			 at, sc->file, it->line, it->col, it->msg);
	}
	if (r->unexpected_violations && out->nwhy < CLI_WHY_LINES) {
		const struct sim_report *rp = NULL;

		for (uint32_t i = 0; i < s->nr_reports && !rp; i++)
			if (s->reports[i].invariant)
				rp = &s->reports[i];
		snprintf(out->why[out->nwhy++], sizeof(out->why[0]),
			 "FAIL: %" PRIu64 " invariant violation(s) the scenario does not expect%s%.140s",
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

_Static_assert(sizeof(((struct sim *)0)->violations_by_inv) ==
	       CLI_INVARIANTS * sizeof(uint64_t), "cli_result mirrors violations_by_inv");

/* Run @s to its end, with @tr's trace writer when there is one. */
static int run_traced(struct sim *s, const struct scenario *sc, struct run_result *r,
		      struct cli_trace *tr)
{
	struct out_opts oo = { .trace_into = tr ? tr->w : NULL, .pid = tr ? tr->pid : 0,
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
	struct load_opts opts = { .sets = sets, .nsets = nsets, .has_seed = has_seed,
				  .seed = seed };
	struct sim_error err;
	struct scenario *sc;
	struct sim *s;
	struct run_result *r;

	memset(out, 0, sizeof(*out));
	sc = scenario_load(file, &opts, &err);
	if (!sc) {
		out->code = EXIT_USAGE;
		error_format(&err, out->error, sizeof(out->error));
		return;
	}
	s = run_setup(sc);
	r = malloc(sizeof(*r));
	if (!s || !r) {
		out->code = EXIT_USAGE;
		snprintf(out->error, sizeof(out->error), "%s: out of memory", file);
	} else {
		s->check = check || sc->expects_violations; /* as `gemsim run` decides */
		out->code = run_traced(s, sc, r, tr);
		if (out->code < 0) {
			out->code = EXIT_USAGE;
			snprintf(out->error, sizeof(out->error), "%s: cannot write the trace", file);
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

/* `gemsim list kernels FILE`: the baselines whose expectations FILE holds. */
static int list_scenario_kernels(const char *file)
{
	struct sim_error err;
	struct scenario *sc = scenario_load(file, NULL, &err);

	if (!sc) {
		char msg[SIM_ERROR_MSG + 300];

		error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "%s\n", msg);
		return EXIT_USAGE;
	}
	for (int i = 0; i < SIM_KERNEL_COUNT; i++)
		if (sc->kernels & (1u << i))
			printf("%s\n", sim_kernel_names[i]);
	scenario_free(sc);
	return 0;
}

static int cmd_list(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(usage_list, stdout);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "kernels"))
		return list_scenario_kernels(argv[2]);
	if (argc != 2)
		return usage_error("list ", "list: say what to list: policies, stats, ops or kernels");
	if (!strcmp(argv[1], "policies")) {
		for (unsigned i = 0; i < lru_policy_count(); i++)
			printf("%-8s %s%s\n", lru_policy_name(i), lru_policy_doc(i),
			       i == 0 ? " (default)" : "");
	} else if (!strcmp(argv[1], "stats")) {
		for (size_t i = 0; i < sim_stat_count; i++)
			printf("%-26s %s\n", sim_stat_descs[i].name, sim_stat_descs[i].doc);
	} else if (!strcmp(argv[1], "ops")) {
		for (int i = 0; i < SIM_OP_COUNT; i++)
			printf("%-16s %s\n", ops_table[i].name, ops_table[i].doc);
	} else if (!strcmp(argv[1], "kernels")) {
		for (int i = 0; i < SIM_KERNEL_COUNT; i++)
			printf("%-9s %s\n", sim_kernel_names[i], sim_kernel_docs[i]);
	} else {
		return usage_error("list ", "list: unknown list '%s' (policies, stats, ops or kernels)",
				   argv[1]);
	}
	return 0;
}

/*
 * `gemsim view ARGS` is gemsim-view ARGS: the viewer lives in its own binary
 * (it links SDL), installed next to this one.  Exec the one beside our own
 * executable, else the one on PATH.
 */
static int cmd_view(char **argv)
{
	char self[4096], path[4200];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	argv[0] = "gemsim-view";
	if (n > 0) {
		char *slash;

		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			slash[1] = '\0';
			snprintf(path, sizeof(path), "%sgemsim-view", self);
			execv(path, argv);
		}
	}
	execvp("gemsim-view", argv);
	fprintf(stderr, "gemsim: view: cannot run gemsim-view (%s); build it with 'make viewer'\n",
		strerror(errno));
	return EXIT_USAGE;
}

/*
 * Output the user cannot read is a failure: a full disk or a closed pipe
 * on standard output makes the command exit 2, whatever it was.
 */
static int finish_stdout(int code)
{
	int e = ofile_flush_stdout();

	if (!e)
		return code;
	fprintf(stderr, "gemsim: standard output: write error: %s\n", strerror(e));
	return EXIT_USAGE;
}

static int dispatch(int argc, char **argv);

int main(int argc, char **argv)
{
	return finish_stdout(dispatch(argc, argv));
}

static int dispatch(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_main, stderr);
		return EXIT_USAGE;
	}

	const char *cmd = argv[1];

	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		fputs(usage_main, stdout);
		return 0;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		printf("gemsim %s\n", GEMSIM_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "help")) {
		if (argc < 3) {
			fputs(usage_main, stdout);
			return 0;
		}
		if (!strcmp(argv[2], "help"))
			fputs(usage_main, stdout);
		else if (!strcmp(argv[2], "run"))
			fputs(usage_run, stdout);
		else if (!strcmp(argv[2], "list"))
			fputs(usage_list, stdout);
		else if (!strcmp(argv[2], "sweep"))
			fputs(cli_usage_sweep, stdout);
		else if (!strcmp(argv[2], "compare"))
			fputs(cli_usage_compare, stdout);
		else if (!strcmp(argv[2], "report"))
			fputs(cli_usage_report, stdout);
		else if (!strcmp(argv[2], "mrc"))
			fputs(cli_usage_mrc, stdout);
		else if (!strcmp(argv[2], "plot"))
			fputs(cli_usage_plot, stdout);
		else if (!strcmp(argv[2], "import"))
			fputs(cli_usage_import, stdout);
		else if (!strcmp(argv[2], "oracle"))
			fputs(cli_usage_oracle, stdout);
		else if (!strcmp(argv[2], "view"))
			return cmd_view((char *[]){ "view", "--help", NULL });
		else
			return usage_error("", "help: unknown command '%s' (run, sweep, compare, "
					   "report, mrc, plot, import, oracle, list, view or help)",
					   argv[2]);
		return 0;
	}
	if (!strcmp(cmd, "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(cmd, "list"))
		return cmd_list(argc - 1, argv + 1);
	if (!strcmp(cmd, "sweep"))
		return cli_sweep(argc - 1, argv + 1);
	if (!strcmp(cmd, "compare"))
		return cli_compare(argc - 1, argv + 1);
	if (!strcmp(cmd, "report"))
		return cli_report(argc - 1, argv + 1);
	if (!strcmp(cmd, "mrc"))
		return cli_mrc(argc - 1, argv + 1);
	if (!strcmp(cmd, "plot"))
		return cli_plot(argc - 1, argv + 1);
	if (!strcmp(cmd, "import"))
		return cli_import(argc - 1, argv + 1);
	if (!strcmp(cmd, "oracle"))
		return cli_oracle(argc - 1, argv + 1);
	if (!strcmp(cmd, "view"))
		return cmd_view(argv + 1);
	return usage_error("", "unknown command '%s'", cmd);
}
