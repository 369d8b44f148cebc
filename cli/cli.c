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
	"Every command takes an option's value as --opt VALUE or --opt=VALUE; -- ends\n"
	"the options; - names standard input for a scenario, study, CSV or capture, and\n"
	"standard output for an output file (--csv -, --trace -, -o -).\n"
	"\n"
	"Exit codes: 0 every expectation held; 1 an expectation failed or an\n"
	"unexpected invariant violation happened; 2 the input could not be used.\n"
	"\n"
	"Read docs/format.md (the scenario format), docs/model.md (the model and its\n"
	"policy knobs) and docs/cli.md (this command); try a scenario of scenarios/:\n"
	"  gemsim run scenarios/pin-survives-shrink.json\n";

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
	"  --no-check          do not check them: up to 1.5x faster on big runs\n"
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
__attribute__((format(printf, 2, 3))) static int usage_error(const char *cmd, const char *fmt, ...)
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

/* `gemsim run`'s command line. */
struct run_args {
	const char *file;
	const char **sets;
	struct load_opts opts;
	bool json, quiet, has_dump_at;
	int check; /* -1: the default (checked) */
	sim_ns dump_at;
	struct out_opts oo;
};

enum { RUN_SET = 1, RUN_SEED, RUN_DUMP_AT, RUN_EVERY, RUN_CHECK, RUN_NO_CHECK };

static int run_opt(void *ctx, int id, const char *v, struct opt_parser *p)
{
	struct run_args *ra = ctx;
	const char *why = "needs a time";

	(void)p;
	switch (id) {
	case OPT_OPERAND:
		if (ra->file)
			return usage_error("run ",
					   "run: one scenario file at a time ('%s' is extra)", v);
		ra->file = v;
		return 0;
	case RUN_SET:
		if (!strchr(v, '='))
			return usage_error("run ", "--set needs KEY=VALUE");
		ra->sets[ra->opts.nsets++] = v;
		return 0;
	case RUN_SEED:
		if (units_count_str(v, UNITS_NUM_MAX, &ra->opts.seed))
			return usage_error("run ",
					   "--seed needs a whole number from 0 to 2^53 in "
					   "decimal digits, not '%s'",
					   v);
		ra->opts.has_seed = true;
		return 0;
	case RUN_DUMP_AT:
		if (units_time_str(v, &ra->dump_at, &why))
			return usage_error("run ", "--dump-at %s: %s", v, why);
		ra->has_dump_at = true;
		return 0;
	case RUN_EVERY:
		why = NULL;
		if (units_time_str(v, &ra->oo.every, &why) || !ra->oo.every)
			return usage_error("run ", "--every %s: %s", v,
					   why ? why : "must be longer than 0");
		return 0;
	default: ra->check = id == RUN_CHECK; return 0;
	}
}

/* Parse `gemsim run`'s arguments into @ra.  Returns: false, or true to stop with *@code. */
static bool run_parse(struct run_args *ra, int argc, char **argv, int *code)
{
	const struct opt opts[] = {
		CLI_OPT_HELP_ENTRY,
		{ "--json", NULL, NULL, "the summary as one JSON object", .flag = &ra->json },
		{ "--quiet", "-q", NULL, "only what the scenario does not expect",
		  .flag = &ra->quiet },
		{ "--set", NULL, "KEY=VALUE", "override a scenario value", .id = RUN_SET },
		{ "--seed", NULL, "N", "override the scenario's seed", .id = RUN_SEED },
		{ "--timeseries", NULL, "FILE", "a CSV of gauges over time",
		  .str = &ra->oo.timeseries },
		{ "--trace", NULL, "FILE", "a Chrome trace-event JSON file", .str = &ra->oo.trace },
		{ "--every", NULL, "TIME", "interval of the --timeseries rows", .id = RUN_EVERY },
		{ "--dump-at", NULL, "TIME", "print every object's state at TIME",
		  .id = RUN_DUMP_AT },
		{ "--check", NULL, NULL, "check the invariants after every event",
		  .id = RUN_CHECK },
		{ "--no-check", NULL, NULL, "do not check them", .id = RUN_NO_CHECK },
	};

	if (cli_parse("run", usage_run, opts, CLI_NOPTS(opts), run_opt, ra, argc, argv, code))
		return true;
	if (!ra->file) {
		*code = usage_error("run ", "run: no scenario file given");
		return true;
	}
	return false;
}

/* --dump-at: run up to the time and print the state (as JSON text into *@dump with --json). */
static void run_dump(struct sim_runner *rn, const struct run_args *ra, char **dump)
{
	size_t dump_len = 0;

	/* the state once everything due at or before the time has run */
	rn->ahead = ra->dump_at < UINT64_MAX ? ra->dump_at + 1 : UINT64_MAX;
	while (run_next_time(rn) <= ra->dump_at && run_step(rn))
		;
	if (ra->json) {
		FILE *mf = open_memstream(dump, &dump_len);
		struct jsonw dw;

		if (mf) {
			jsonw_init(&dw, mf, false);
			dump_json(rn->s, &dw, ra->dump_at);
			fclose(mf);
		}
	} else {
		dump_text(rn->s, stdout, ra->dump_at);
	}
}

/* After the run: the notes of --timeseries and --trace, and what a stopped run left. */
static void run_out_notes(struct out *out, const struct run_args *ra, const struct run_result *r)
{
	const char *ts = ra->oo.timeseries, *tr = ra->oo.trace;
	char notes[1024];

	out_notes(out, notes, sizeof(notes));
	fputs(notes, stderr);
	if (r->has_fatal)
		fprintf(stderr, "gemsim: %s: the run stopped: %s%s%s left as %s was\n", ra->file,
			ts ? ts : "", ts && tr ? " and " : "", tr ? tr : "",
			ts && tr ? "they" : "it");
}

/* Run @sc as `gemsim run` does; the outputs are @ra's.  Returns: the exit code. */
static int run_one_scenario(struct scenario *sc, struct run_args *ra)
{
	struct sim *s = run_setup(sc);
	struct run_result *r = malloc(sizeof(*r));
	struct sim_error err = { 0 };
	struct out *out = NULL;
	struct sim_runner rn;
	char *dump = NULL; /* --dump-at with --json: the state as JSON text */
	int code = CLI_EXIT_USAGE;

	if (!s || !r) {
		fprintf(stderr, "gemsim: %s: out of memory setting up the run\n", ra->file);
		goto out;
	}
	/* Checked by default in every build: a shipped scenario that expects a
	 * violation must pass with the README's (release) build. */
	s->check = ra->check != 0 || sc->expects_violations;
	if ((ra->oo.timeseries || ra->oo.trace) &&
	    (check_outputs(sc, &ra->oo, &err) || !(out = out_create(s, sc, &ra->oo, &err)))) {
		cli_print_error(NULL, &err);
		goto out;
	}
	run_init(&rn, s, sc, r);
	if (out) {
		rn.sample = out_sample;
		rn.sample_ctx = out;
	}
	if (ra->has_dump_at)
		run_dump(&rn, ra, &dump);
	rn.ahead = UINT64_MAX; /* run-ahead: the same run, fewer queue trips */
	while (run_step(&rn))
		;
	code = run_finish(&rn);
	/* a run that stopped leaves the old files as they were */
	if (out && !r->has_fatal && out_finish(out, &err)) {
		code = cli_print_error(NULL, &err);
		goto out;
	}
	if (r->has_fatal) {
		text_term(stderr, r->fatal);
		fputc('\n', stderr);
	}
	if (out)
		run_out_notes(out, ra, r);
	out_destroy(out);
	out = NULL;
	if (ra->json)
		cli_print_json(s, sc, r, code, dump, ra->sets, ra->opts.nsets);
	else
		cli_print_human(s, sc, r, ra->quiet, code);
out:
	out_destroy(out);
	free(dump);
	free(r);
	gem_sim_destroy(s);
	return code;
}

static int cmd_run(int argc, char **argv)
{
	struct run_args ra = { .check = -1 };
	struct sim_error err;
	struct scenario *sc;
	int code;

	ra.sets = calloc((size_t)argc, sizeof(*ra.sets));
	if (!ra.sets)
		return EXIT_USAGE;
	ra.opts.sets = ra.sets;
	if (run_parse(&ra, argc, argv, &code))
		goto out;
	sc = scenario_load(ra.file, &ra.opts, &err);
	if (!sc) {
		code = cli_print_error(NULL, &err);
		goto out;
	}
	code = run_one_scenario(sc, &ra);
	scenario_free(sc);
out:
	free(ra.sets);
	return code;
}

/* `gemsim list kernels FILE`: the baselines whose expectations FILE holds. */
static int list_scenario_kernels(const char *file)
{
	struct sim_error err;
	struct scenario *sc = scenario_load(file, NULL, &err);

	if (!sc)
		return cli_print_error(NULL, &err);
	for (int i = 0; i < SIM_KERNEL_COUNT; i++)
		if (sc->kernels & (1u << i))
			printf("%s\n", sim_kernel_names[i]);
	scenario_free(sc);
	return 0;
}

/* `gemsim list`'s operands: what to list, and a scenario for `list kernels FILE`. */
struct list_args {
	const char *what, *file;
};

static int list_operand(void *ctx, int id, const char *v, struct opt_parser *p)
{
	struct list_args *a = ctx;

	(void)id;
	(void)p;
	if (!a->what)
		a->what = v;
	else if (!a->file && !strcmp(a->what, "kernels"))
		a->file = v;
	else
		return usage_error("list ", "list: one list at a time ('%s' is extra)", v);
	return 0;
}

static int cmd_list(int argc, char **argv)
{
	const struct opt opts[] = { CLI_OPT_HELP_ENTRY };
	struct list_args a = { NULL, NULL };
	int code;

	if (cli_parse("list", usage_list, opts, CLI_NOPTS(opts), list_operand, &a, argc, argv,
		      &code))
		return code;
	if (!a.what)
		return usage_error("list ",
				   "list: say what to list: policies, stats, ops or kernels");
	if (a.file)
		return list_scenario_kernels(a.file);
	if (!strcmp(a.what, "policies")) {
		for (unsigned i = 0; i < lru_policy_count(); i++)
			printf("%-8s %s%s\n", lru_policy_name(i), lru_policy_doc(i),
			       i == 0 ? " (default)" : "");
	} else if (!strcmp(a.what, "stats")) {
		for (size_t i = 0; i < sim_stat_count; i++)
			printf("%-26s %s\n", sim_stat_descs[i].name, sim_stat_descs[i].doc);
	} else if (!strcmp(a.what, "ops")) {
		for (int i = 0; i < SIM_OP_COUNT; i++)
			printf("%-16s %s\n", ops_table[i].name, ops_table[i].doc);
	} else if (!strcmp(a.what, "kernels")) {
		for (int i = 0; i < SIM_KERNEL_COUNT; i++)
			printf("%-9s %s\n", sim_kernel_names[i], sim_kernel_docs[i]);
	} else {
		return usage_error("list ",
				   "list: unknown list '%s' (policies, stats, ops or kernels)",
				   a.what);
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

static int cmd_view_args(int argc, char **argv)
{
	(void)argc;
	return cmd_view(argv);
}

/* The commands: name, entry point, help text (NULL: the command prints its own). */
static const struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
} commands[] = {
	{ "run", cmd_run, usage_run },
	{ "sweep", cli_sweep, cli_usage_sweep },
	{ "compare", cli_compare, cli_usage_compare },
	{ "report", cli_report, cli_usage_report },
	{ "mrc", cli_mrc, cli_usage_mrc },
	{ "plot", cli_plot, cli_usage_plot },
	{ "import", cli_import, cli_usage_import },
	{ "oracle", cli_oracle, cli_usage_oracle },
	{ "list", cmd_list, usage_list },
	{ "view", cmd_view_args, NULL },
	{ "help", NULL, usage_main },
};

static const struct cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < CLI_NOPTS(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* `gemsim help COMMAND` */
static int cmd_help(int argc, char **argv)
{
	const struct cli_command *c = argc < 3 ? &commands[CLI_NOPTS(commands) - 1] :
						 find_command(argv[2]);

	if (!c)
		return usage_error("",
				   "help: unknown command '%s' (run, sweep, compare, "
				   "report, mrc, plot, import, oracle, list, view or help)",
				   argv[2]);
	if (!c->usage)
		return cmd_view((char *[]){ "view", "--help", NULL });
	cli_usage_print(stdout, c->usage);
	return 0;
}

static int dispatch(int argc, char **argv);

int main(int argc, char **argv)
{
	return finish_stdout(dispatch(argc, argv));
}

static int dispatch(int argc, char **argv)
{
	const struct cli_command *c;
	const char *cmd;

	if (argc < 2) {
		cli_usage_print(stderr, usage_main);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		cli_usage_print(stdout, usage_main);
		return 0;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		printf("gemsim %s\n", GEMSIM_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "help"))
		return cmd_help(argc, argv);
	c = find_command(cmd);
	if (!c || !c->fn)
		return usage_error("", "unknown command '%s'", cmd);
	return c->fn(argc - 1, argv + 1);
}
