// SPDX-License-Identifier: MIT
/*
 * cli/cli_oracle.c - `gemsim oracle --ksrc DIR [SCENARIO...]`: each
 * scenario's helper-level ops on a kernel tree's own helper and on the
 * model, compared after every op; `--fuzz N` adds N random sequences,
 * shrinking the first that differs to a scenario file (docs/oracle.md).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "oracle/oracle.h"
#include "base/error.h"
#include "base/rng.h"
#include "base/text.h"
#include "cli/cli.h"
#include "cli/cli_oracle.h"
#include "run/load.h"
#include "sim/sim.h"

const char cli_usage_oracle[] =
	"Usage: gemsim oracle --ksrc DIR [OPTIONS] [SCENARIO...]\n"
	"\n"
	"Compile DIR's drivers/gpu/drm/drm_gem_shmem_helper.c (with DIR's\n"
	"include/drm/drm_gem.h and drm_gem_shmem_helper.h) against gemsim's\n"
	"user-space stand-ins for the kernel, then run each SCENARIO's helper ops\n"
	"(create, free, get/put_pages, pin, unpin, vmap, vunmap, mmap, munmap, fork,\n"
	"cpu_access faults, madvise, purge, get_pages_sgt, get_sg_table, resv_lock)\n"
	"on that code and on the model in lockstep, comparing after every op the\n"
	"result, pages_use_count, pages_pin_count, vmap_use_count, pages present,\n"
	"sgt stored, madv, evicted and the number of WARNs.  The first difference\n"
	"stops the scenario with both states side by side.  A kernel oops (a NULL\n"
	"dereference, a deadlock on the reservation lock) is reported, not a crash.\n"
	"\n"
	"Options:\n"
	"  --ksrc DIR        the kernel tree (required; only the three files are read)\n"
	"  --kernel NAME     the model's kernel to compare with: mainline (default) or\n"
	"                    v19 (a scenario written for other kernels runs all the\n"
	"                    same: the oracle compares with the model, not with the\n"
	"                    file's expectations)\n"
	"  --set KEY=VALUE   override a scenario value for the model, as in `gemsim\n"
	"                    run` (e.g. policy.vmap_pins=false: compare an edited\n"
	"                    helper with the model variant it means); may be repeated\n"
	"  --fuzz N          also run N random op sequences (seeded: --seed)\n"
	"  --fuzz-for SECS   stop the random sequences after SECS seconds of wall\n"
	"                    time, if N were not run by then (the summary says how\n"
	"                    many ran; sequence K of a seed is always the same)\n"
	"  --ops N           ops per random sequence (default 40, at most 256)\n"
	"  --objects N       objects per random sequence (default 2, at most 8)\n"
	"  --seed N          the fuzzer's seed (default 1): the same seed, the same run\n"
	"  --out FILE        write the shrunk failing sequence there (default: stdout)\n"
	"  --build DIR       where the kernel side is built, and kept (default: a\n"
	"                    folder of $TMPDIR, removed at the end); rebuilt on\n"
	"                    every run\n"
	"  --cc CC           the C compiler (default: $CC, else cc)\n"
	"  --log FILE        write every op sent to the kernel side and its answer\n"
	"  -q, --quiet       print only differences and the summary\n"
	"  -h, --help        this help\n"
	"\n"
	"Exit codes: 0 no difference; 1 a difference (or a kernel oops the model\n"
	"does not flag); 2 bad input, or DIR's helper did not compile.\n";

struct oracle_tally {
	uint64_t runs, same, diff, misuse, partial, choice, skipped, ops;
	const char *choices[8];   /* the modelling choices met, and how often */
	uint64_t nchoice[8]; /* skipped: other kernels' files */
};

static const char *const outcome_names[] = {
	[ORACLE_SAME] = "same", [ORACLE_DIFF] = "DIFFERS", [ORACLE_MISUSE] = "misuse agreed",
	[ORACLE_PARTIAL] = "same up to an op with no kernel side", [ORACLE_ERROR] = "ERROR",
	[ORACLE_CHOICE] = "a documented modelling choice",
};

static void tally(struct oracle_tally *t, const struct oracle_result *r)
{
	t->runs++;
	t->ops += r->ops;
	if (r->outcome == ORACLE_SAME)
		t->same++;
	else if (r->outcome == ORACLE_MISUSE)
		t->misuse++;
	else if (r->outcome == ORACLE_PARTIAL)
		t->partial++;
	else if (r->outcome == ORACLE_CHOICE) {
		size_t i = 0;

		t->choice++;
		while (i < 8 && t->choices[i] && strcmp(t->choices[i], r->choice))
			i++;
		if (i < 8) {
			t->choices[i] = r->choice;
			t->nchoice[i]++;
		}
	}
	else
		t->diff++;
}

static struct load_opts load_opts; /* --set */

static int run_file(const char *path, unsigned kernel, const struct oracle_kernel *k, bool quiet,
		    struct oracle_tally *t)
{
	struct sim_error err = { 0 };
	struct scenario *sc = scenario_load(path, &load_opts, &err);
	struct oracle_result *r;

	if (!sc) {
		char msg[SIM_ERROR_MSG + 300];

		error_format(&err, msg, sizeof(msg));
		fputs("gemsim: oracle: ", stderr);
		text_term(stderr, msg);
		fputc('\n', stderr);
		return 2;
	}
	/* the oracle compares the model with the tree, not with the file's
	 * expectations: a file written for another kernel runs all the same */
	if (!(sc->kernels & (1u << kernel)))
		t->skipped++;
	r = calloc(1, sizeof(*r));
	if (!r || oracle_run(sc, kernel, k, r)) {
		free(r);
		scenario_free(sc);
		fprintf(stderr, "gemsim: oracle: out of memory\n");
		return 2;
	}
	tally(t, r);
	if (r->outcome == ORACLE_DIFF || r->outcome == ORACLE_ERROR) {
		printf("%s:%" PRIu32 ": %s at `%s` (after %" PRIu64 " ops compared)\n%s", path, r->line,
		       outcome_names[r->outcome], r->op, r->ops, r->text);
	} else if (!quiet) {
		printf("%s: %s, %" PRIu64 " ops compared", path, outcome_names[r->outcome], r->ops);
		if (r->outcome == ORACLE_CHOICE)
			printf(" (\"%s\" at line %" PRIu32 ": `%s`)", r->choice, r->line, r->op);
		else if (r->event != SIM_NONE)
			printf(" (stopped at line %" PRIu32 ": `%s`)", r->line, r->op);
		printf("\n");
	}
	scenario_free(sc);
	free(r);
	return 0;
}

/* run sequence @q, keeping @keep; Returns: its outcome, -1 when it does not load */
static int fuzz_one(const struct oracle_fuzz_seq *q, const bool *keep, unsigned kernel,
		    const struct oracle_kernel *k, char *json, size_t jlen, struct oracle_result *r)
{
	struct sim_error err = { 0 };
	size_t n = oracle_fuzz_json(q, keep, sim_kernel_names[kernel], "oracle fuzz", json, jlen);
	struct scenario *sc;

	if (!n || !(sc = scenario_load_text("fuzz", json, n, &load_opts, &err)))
		return -1;
	if (oracle_run(sc, kernel, k, r)) {
		scenario_free(sc);
		return -1;
	}
	scenario_free(sc);
	return (int)r->outcome;
}

/* drop ops one at a time while the sequence still differs (the same way) */
static void shrink(const struct oracle_fuzz_seq *q, bool *keep, unsigned kernel,
		   const struct oracle_kernel *k, char *json, size_t jlen, struct oracle_result *r)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (uint32_t i = q->nops; i-- > 0;) {
			if (!keep[i])
				continue;
			keep[i] = false;
			if (fuzz_one(q, keep, kernel, k, json, jlen, r) == ORACLE_DIFF)
				changed = true;
			else
				keep[i] = true;
		}
	}
	fuzz_one(q, keep, kernel, k, json, jlen, r);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_fuzz(uint64_t n, uint64_t secs, uint32_t ops, uint32_t objs, uint64_t seed,
		    unsigned kernel, const struct oracle_kernel *k, const char *out,
		    struct oracle_tally *t)
{
	double start = now_s();
	static struct oracle_fuzz_seq q;
	static bool keep[ORACLE_FUZZ_MAX_OPS];
	static char json[1 << 16];
	struct oracle_result *r = calloc(1, sizeof(*r));
	struct sim_rng rng;
	int code = 0;

	if (!r)
		return 2;
	rng_seed(&rng, seed);
	for (uint64_t i = 0; i < n; i++) {
		if (secs && now_s() - start >= (double)secs)
			break;
		oracle_fuzz_make(&q, &rng, objs, 4, ops);
		if (fuzz_one(&q, NULL, kernel, k, json, sizeof(json), r) < 0) {
			fprintf(stderr, "gemsim: oracle: fuzz sequence %" PRIu64 " did not load\n", i);
			code = 2;
			break;
		}
		tally(t, r);
		if (r->outcome != ORACLE_DIFF && r->outcome != ORACLE_ERROR)
			continue;
		for (uint32_t j = 0; j < q.nops; j++)
			keep[j] = true;
		printf("fuzz: sequence %" PRIu64 " (seed %" PRIu64 ") differs at `%s`; shrinking\n", i,
		       seed, r->op);
		shrink(&q, keep, kernel, k, json, sizeof(json), r);
		printf("fuzz: shrunk to %s at `%s`:\n%s", outcome_names[r->outcome], r->op, r->text);
		{
			char desc[160];
			size_t len;

			snprintf(desc, sizeof(desc), "found by gemsim oracle --fuzz, seed %" PRIu64
				 ", sequence %" PRIu64 ": the kernel's helper and the model differ "
				 "at the last op", seed, i);
			len = oracle_fuzz_json(&q, keep, sim_kernel_names[kernel], desc, json,
					       sizeof(json));
			if (out) {
				FILE *f = fopen(out, "w");

				if (!f || fwrite(json, 1, len, f) != len || fclose(f)) {
					fprintf(stderr, "gemsim: oracle: cannot write %s\n", out);
					code = 2;
					break;
				}
				printf("fuzz: the sequence is in %s\n", out);
			} else {
				fwrite(json, 1, len, stdout);
			}
		}
		code = 1;
		break;
	}
	free(r);
	return code;
}

static int parse_u64(const char *opt, const char *v, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long x;

	errno = 0;
	x = strtoull(v ? v : "", &end, 10);
	if (!v || !*v || *end || errno || x > max || *v == '-') {
		fprintf(stderr, "gemsim: oracle: %s wants a number from 0 to %" PRIu64 ", got '%s'\n",
			opt, max, v ? v : "");
		return -1;
	}
	*out = x;
	return 0;
}

int cli_oracle(int argc, char **argv)
{
	const char *ksrc = NULL, *out = NULL, *cc = getenv("CC"), *build = NULL, *log = NULL;
	uint64_t fuzz = 0, fuzz_for = 0, ops = 40, objs = 2, seed = 1;
	static const char *sets[64];
	unsigned kernel = SIM_KERNEL_MAINLINE;
	struct oracle_tally t = { 0 };
	static struct oracle_proc p;
	struct oracle_kernel k;
	char dir[4096];
	bool quiet = false, own_build = false;
	int code = 0, first = -1;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(cli_usage_oracle, stdout);
			return 0;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			quiet = true;
			continue;
		} else if (a[0] != '-') {
			if (first < 0)
				first = i;
			continue;
		} else if (!v) {
			fprintf(stderr, "gemsim: oracle: %s needs a value (gemsim help oracle)\n", a);
			return CLI_EXIT_USAGE;
		}
		if (!strcmp(a, "--ksrc"))
			ksrc = v;
		else if (!strcmp(a, "--out"))
			out = v;
		else if (!strcmp(a, "--cc"))
			cc = v;
		else if (!strcmp(a, "--build"))
			build = v;
		else if (!strcmp(a, "--log"))
			log = v;
		else if (!strcmp(a, "--kernel")) {
			if (!strcmp(v, "mainline"))
				kernel = SIM_KERNEL_MAINLINE;
			else if (!strcmp(v, "v19"))
				kernel = SIM_KERNEL_V19;
			else {
				fprintf(stderr, "gemsim: oracle: --kernel is mainline or v19, got '%s'\n", v);
				return CLI_EXIT_USAGE;
			}
		} else if (!strcmp(a, "--fuzz")) {
			if (parse_u64(a, v, UINT64_C(1) << 40, &fuzz))
				return CLI_EXIT_USAGE;
		} else if (!strcmp(a, "--fuzz-for")) {
			if (parse_u64(a, v, UINT64_C(1) << 30, &fuzz_for))
				return CLI_EXIT_USAGE;
			if (!fuzz)
				fuzz = UINT64_C(1) << 40;
		} else if (!strcmp(a, "--set")) {
			if (!strchr(v, '=') || load_opts.nsets == sizeof(sets) / sizeof(sets[0])) {
				fprintf(stderr, "gemsim: oracle: --set needs KEY=VALUE (at most 64)\n");
				return CLI_EXIT_USAGE;
			}
			sets[load_opts.nsets++] = v;
			load_opts.sets = sets;
		} else if (!strcmp(a, "--ops")) {
			if (parse_u64(a, v, ORACLE_FUZZ_MAX_OPS, &ops) || !ops)
				return ops ? CLI_EXIT_USAGE :
				       (fprintf(stderr, "gemsim: oracle: --ops is at least 1\n"),
					CLI_EXIT_USAGE);
		} else if (!strcmp(a, "--objects")) {
			if (parse_u64(a, v, ORACLE_FUZZ_MAX_OBJS, &objs) || !objs)
				return objs ? CLI_EXIT_USAGE :
				       (fprintf(stderr, "gemsim: oracle: --objects is at least 1\n"),
					CLI_EXIT_USAGE);
		} else if (!strcmp(a, "--seed")) {
			if (parse_u64(a, v, UINT64_MAX, &seed))
				return CLI_EXIT_USAGE;
		} else {
			fprintf(stderr, "gemsim: oracle: unknown option '%s' (gemsim help oracle)\n", a);
			return CLI_EXIT_USAGE;
		}
		argv[i + 1] = (char *)"-";  /* the value is no scenario */
		i++;
	}
	if (!ksrc) {
		fprintf(stderr, "gemsim: oracle: --ksrc DIR is required: a kernel tree (docs/oracle.md)\n");
		return CLI_EXIT_USAGE;
	}
	if (first < 0 && !fuzz) {
		fprintf(stderr, "gemsim: oracle: name scenarios to compare, or --fuzz N\n");
		return CLI_EXIT_USAGE;
	}
	if (!build) {
		const char *tmp = getenv("TMPDIR");

		snprintf(dir, sizeof(dir), "%s/gemsim-oracle-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(dir)) {
			fprintf(stderr, "gemsim: oracle: cannot make %s: %s\n", dir, strerror(errno));
			return CLI_EXIT_USAGE;
		}
		build = dir;
		own_build = true;
	}
	if (oracle_proc_build(&p, ksrc, build, cc && *cc ? cc : "cc")) {
		/* the build log stays for reading; a folder nothing was written to goes */
		if (own_build && rmdir(build))
			fprintf(stderr, "gemsim: oracle: the build is kept in %s\n", build);
		return CLI_EXIT_USAGE;
	}
	if (log && !(p.log = fopen(log, "w"))) {
		fprintf(stderr, "gemsim: oracle: cannot write %s: %s\n", log, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	k = oracle_proc_kernel(&p);
	for (int i = first < 0 ? argc : first; i < argc; i++) {
		int c;

		if (argv[i][0] == '-')
			continue;
		c = run_file(argv[i], kernel, &k, quiet, &t);
		if (c > code)
			code = c;
	}
	if (fuzz) {
		uint64_t runs = t.runs, ops0 = t.ops, diff = t.diff, mis = t.misuse;
		int c = run_fuzz(fuzz, fuzz_for, (uint32_t)ops, (uint32_t)objs, seed, kernel, &k, out,
				 &t);

		printf("fuzz: seed %" PRIu64 ", %" PRIu64 " sequences of %" PRIu64 " ops: %" PRIu64
		       " ops compared, %" PRIu64 " differences, %" PRIu64 " ended agreed at a misuse\n",
		       seed, t.runs - runs, ops, t.ops - ops0, t.diff - diff, t.misuse - mis);
		if (c > code)
			code = c;
	}
	oracle_proc_stop(&p);
	if (p.log && fclose(p.log)) {
		fprintf(stderr, "gemsim: oracle: cannot write %s\n", log);
		code = CLI_EXIT_USAGE;
	}
	if (own_build)
		oracle_proc_clean(&p);
	printf("oracle: %" PRIu64 " runs against %s (%s model): %" PRIu64 " same, %" PRIu64
	       " same up to an op with no kernel side, %" PRIu64 " agreed at a misuse, %" PRIu64
	       " at a documented modelling choice, %" PRIu64 " differ (%" PRIu64 " of the files written for other kernels); %" PRIu64 " ops compared; kernel side started %" PRIu64
	       " times\n", t.runs, ksrc, sim_kernel_names[kernel], t.same, t.partial, t.misuse, t.choice,
	       t.diff, t.skipped, t.ops, p.starts);
	for (size_t i = 0; i < 8 && t.choices[i]; i++)
		printf("oracle: modelling choice \"%s\": %" PRIu64 " runs\n", t.choices[i], t.nchoice[i]);
	if (t.diff && code < 1)
		code = 1;
	return code;
}
