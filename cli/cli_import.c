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
	"  -o FILE         write the scenario there (default: standard output); never\n"
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
static int import_error(const char *fmt, ...)
{
	va_list ap;

	fputs("gemsim: import: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'gemsim import --help'.\n", stderr);
	return CLI_EXIT_USAGE;
}

static void print_error(const struct sim_error *err)
{
	char msg[SIM_ERROR_MSG + 300];

	error_format(err, msg, sizeof(msg));
	text_term(stderr, msg);
	fputc('\n', stderr);
}

int cli_import(int argc, char **argv)
{
	struct capture_opts opts = { 0 };
	struct capture_sum sum;
	struct sim_error err = { 0 };
	struct ofile of = { 0 };
	const char *file = NULL, *out = NULL;
	FILE *in, *f = stdout;
	struct stat st;
	int ret;

	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(cli_usage_import, stdout);
		return 0;
	}
	if (argc < 2)
		return import_error("%s", "say what to import: bpftrace FILE");
	if (strcmp(argv[1], "bpftrace"))
		return import_error("unknown capture kind '%s' (bpftrace)", argv[1]);
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		const char *why = "needs a size";

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(cli_usage_import, stdout);
			return 0;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--name") || !strcmp(a, "--ram")) {
			if (!v)
				return import_error("%s needs a value", a);
			i++;
			if (a[1] == 'o')
				out = v;
			else if (a[2] == 'n')
				opts.name = v;
			else if (units_size_str(v, &opts.ram_bytes, &why) || !opts.ram_bytes)
				return import_error("--ram: %s", opts.ram_bytes ? why : "must be more "
						    "than 0 bytes");
		} else if (a[0] == '-' && a[1]) {
			return import_error("unknown option '%s'", a);
		} else if (file) {
			return import_error("one capture at a time ('%s' is extra)", a);
		} else {
			file = a;
		}
	}
	if (!file)
		return import_error("%s", "no capture file given");
	in = fopen(file, "r");
	if (!in || fstat(fileno(in), &st) || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "gemsim: %s: cannot read the capture: %s\n", file,
			in ? "not a regular file" : strerror(errno));
		if (in)
			fclose(in);
		return CLI_EXIT_USAGE;
	}
	if (out && (ofile_check(&file, 1, &out, (const char *const[]){ "-o" }, 1, &err) ||
		    ofile_open(&of, out, &err))) {
		print_error(&err);
		fclose(in);
		return CLI_EXIT_USAGE;
	}
	if (out)
		f = of.f;
	ret = capture_import(in, file, f, &opts, &sum, &err);
	fclose(in);
	if (ret) {
		ofile_abort(&of);
		print_error(&err);
		if (out)
			fprintf(stderr, "gemsim: %s left as it was\n", out);
		return CLI_EXIT_USAGE;
	}
	if (out && ofile_commit(&of, &err)) {
		print_error(&err);
		return CLI_EXIT_USAGE;
	}
	fprintf(stderr, "gemsim: import: %" PRIu64 " objects, %" PRIu64 " events (%" PRIu64
		" shrinker scans) from %" PRIu64 " lines over %" PRIu64 " ns; RAM %" PRIu64
		" pages\n", sum.objects, sum.replayed, sum.scans, sum.lines, sum.span_ns,
		sum.ram_pages);
	if (sum.nested || sum.failed || sum.unbalanced || sum.seen_first || sum.other_slab)
		fprintf(stderr, "  left to the model: %" PRIu64 " nested calls; not replayed: %"
			PRIu64 " failed calls, %" PRIu64 " releases of references taken before "
			"the capture, %" PRIu64 " calls of other slab shrinkers; %" PRIu64
			" objects created at their first line\n", sum.nested, sum.failed,
			sum.unbalanced, sum.other_slab, sum.seen_first);
	return 0;
}
