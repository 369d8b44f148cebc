// SPDX-License-Identifier: MIT
/*
 * cli/cli_import.c - `gemsim import bpftrace FILE`: a capture of a real
 * kernel (tools/capture/gemsim-capture.bt) into a scenario that replays it
 * (run/capture.c, docs/capture.md).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/ofile.h"
#include "base/text.h"
#include "base/units.h"
#include "cli/cli.h"
#include "run/capture.h"

const char cli_usage_import[] =
	"Usage: gemsim import bpftrace FILE [-o OUT.json] [--ram SIZE] [--name NAME]\n"
	"\n"
	"Turn a capture of a running kernel into a scenario that replays its buffer\n"
	"lifecycle: objects created and freed, pins, vmaps, mmaps and faults,\n"
	"madvise, and the GPU shrinker's scans, at the times they happened.  Run the\n"
	"scenario under another policy with `gemsim run OUT.json --set ...`.\n"
	"FILE is what tools/capture/gemsim-capture (a bpftrace script, as root)\n"
	"wrote; its line format is in docs/capture.md.\n"
	"\n"
	"  sudo tools/capture/gemsim-capture -o game.capture     # Ctrl-C to stop\n"
	"  gemsim import bpftrace game.capture -o game.json\n"
	"  gemsim run game.json --set policy.reclaim=clock --trace game-trace.json\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE\n"
	"                  write the scenario there (default: standard output); never\n"
	"                  over FILE, and only once it is whole\n"
	"  --ram SIZE      the replay's RAM and swap (64MiB, 2GiB; default: the most\n"
	"                  object memory alive at once in the capture)\n"
	"  --name NAME     the scenario's name (default: capture)\n"
	"  -h, --help      this help\n"
	"\n"
	"Only a thread's outermost call is replayed: what it did inside (vmap's pin,\n"
	"free's put_pages, a shrinker's purges) the model does again, under the\n"
	"policy being run.  Stderr says what was left out and why.\n"
	"\n"
	"Exit codes: 0 written; 2 a bad, truncated or empty capture (the message\n"
	"names file:line), a bad option, or an output that cannot be written.\n";

__attribute__((format(printf, 1, 2)))
/* import's command line. */
struct import_args {
	struct capture_opts opts;
	const char *kind, *file, *out;
};

enum { IMPORT_RAM = 1 };

static int import_opt(void *ctx, int id, const char *v, struct opt_parser *p)
{
	struct import_args *a = ctx;
	const char *why = "needs a size";

	(void)p;
	if (id == IMPORT_RAM) {
		if (units_size_str(v, &a->opts.ram_bytes, &why) || !a->opts.ram_bytes)
			return cli_usage_msg("import", "--ram:",
					     a->opts.ram_bytes ? why : "must be more than 0 bytes");
		return 0;
	}
	if (!a->kind) {
		a->kind = v;
		if (strcmp(v, "bpftrace")) {
			struct text_clip c;
			char msg[TEXT_CLIP_MAX * 4 + 64];

			snprintf(msg, sizeof(msg), "unknown capture kind '%s' (bpftrace)",
				 text_clip_bare(&c, v));
			return cli_usage_msg("import", msg, NULL);
		}
		return 0;
	}
	if (a->file)
		return cli_usage_msg("import", "one capture at a time; extra:", v);
	a->file = v;
	return 0;
}

/* Parse import's arguments.  Returns: false, or true to stop with *@code. */
static bool import_parse(struct import_args *a, int argc, char **argv, int *code)
{
	const struct opt opts[] = {
		CLI_OPT_HELP_ENTRY,
		{ "--output", "-o", "FILE", "where the scenario goes", .str = &a->out },
		{ "--name", NULL, "NAME", "the scenario's name", .str = &a->opts.name },
		{ "--ram", NULL, "SIZE", "the RAM of the replay", .id = IMPORT_RAM },
	};

	if (cli_parse("import", cli_usage_import, opts, CLI_NOPTS(opts), import_opt, a, argc, argv,
		      code))
		return true;
	if (!a->kind) {
		*code = cli_usage_msg("import", "say what to import: bpftrace FILE", NULL);
		return true;
	}
	if (!a->file) {
		*code = cli_usage_msg("import", "no capture file given", NULL);
		return true;
	}
	return false;
}

/* Open the capture @file ("-": standard input).  Returns: it, or NULL after saying why. */
static FILE *import_open(const char *file)
{
	struct stat st;
	FILE *in = strcmp(file, "-") ? fopen(file, "r") : stdin;

	if (in == stdin)
		return in;
	if (!in || fstat(fileno(in), &st) || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "gemsim: %s: cannot read the capture: %s\n", file,
			in ? "not a regular file" : strerror(errno));
		if (in)
			fclose(in);
		return NULL;
	}
	return in;
}

/* What the import made, on stderr. */
static void import_summary(const struct capture_sum *sum)
{
	fprintf(stderr,
		"gemsim: import: %" PRIu64 " objects, %" PRIu64 " events (%" PRIu64
		" shrinker scans) from %" PRIu64 " lines over %" PRIu64 " ns; RAM %" PRIu64
		" pages\n",
		sum->objects, sum->replayed, sum->scans, sum->lines, sum->span_ns, sum->ram_pages);
	if (sum->nested || sum->failed || sum->unbalanced || sum->seen_first || sum->other_slab)
		fprintf(stderr,
			"  left to the model: %" PRIu64 " nested calls; not replayed: %" PRIu64
			" failed calls, %" PRIu64 " releases of references taken before "
			"the capture, %" PRIu64 " calls of other slab shrinkers; %" PRIu64
			" objects created at their first line\n",
			sum->nested, sum->failed, sum->unbalanced, sum->other_slab,
			sum->seen_first);
}

int cli_import(int argc, char **argv)
{
	struct import_args a = { .kind = NULL };
	struct capture_sum sum;
	struct sim_error err = { 0 };
	struct ofile of = { .slot = -1 };
	FILE *in = NULL;
	int code;

	if (import_parse(&a, argc, argv, &code))
		return code;
	code = CLI_EXIT_USAGE;
	in = import_open(a.file);
	if (!in)
		return code;
	if (a.out && (ofile_check(&a.file, 1, &a.out, (const char *const[]){ "-o" }, 1, &err) ||
		      ofile_open(&of, a.out, &err))) {
		cli_print_error(NULL, &err);
		goto out;
	}
	if (capture_import(in, a.file, a.out ? of.f : stdout, &a.opts, &sum, &err)) {
		cli_print_error(NULL, &err);
		if (a.out)
			fprintf(stderr, "gemsim: %s left as it was\n", a.out);
		goto out;
	}
	if (a.out && ofile_commit(&of, &err)) {
		cli_print_error(NULL, &err);
		goto out;
	}
	import_summary(&sum);
	code = 0;
out:
	ofile_abort(&of);
	if (in != stdin)
		fclose(in);
	return code;
}
