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
	"  --lru             also build DIR's drm_gem_lru_* (cut out of its\n"
	"                    drivers/gpu/drm/drm_gem.c), and make --fuzz draw LRU\n"
	"                    sequences (move_tail, remove, scan with a shrink callback's\n"
	"                    verdicts and trylock failures) compared with gemsim's lists\n"
	"                    of an msm model; skipped on a tree without drm_gem_lru\n"
	"  --log FILE        write every op sent to the kernel side and its answer\n"
	"  -q, --quiet       print only differences and the summary\n"
	"  -h, --help        this help\n"
	"\n"
	"Exit codes: 0 no difference; 1 a difference (or a kernel oops the model\n"
	"does not flag); 2 bad input, or DIR's helper did not compile.\n";

struct oracle_tally {
	uint64_t runs, same, diff, misuse, partial, choice, skipped, ops;
	const char *choices[8]; /* the modelling choices met, and how often */
	uint64_t nchoice[8];    /* skipped: other kernels' files */
};

static const char *const outcome_names[] = {
	[ORACLE_SAME] = "same",
	[ORACLE_DIFF] = "DIFFERS",
	[ORACLE_MISUSE] = "misuse agreed",
	[ORACLE_PARTIAL] = "same up to an op with no kernel side",
	[ORACLE_ERROR] = "ERROR",
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
	} else
		t->diff++;
}

static struct load_opts load_opts; /* --set */

static int run_file(const char *path, unsigned kernel, const struct oracle_kernel *k, bool quiet,
		    struct oracle_tally *t)
{
	struct sim_error err = { 0 };
	struct scenario *sc = scenario_load(path, &load_opts, &err);
	struct oracle_result *r;

	if (!sc)
		return cli_print_error("gemsim: oracle: ", &err);
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
		printf("%s:%" PRIu32 ": %s at `%s` (after %" PRIu64 " ops compared)\n%s", path,
		       r->line, outcome_names[r->outcome], r->op, r->ops, r->text);
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
void cli_oracle_shrink(uint32_t nops, bool *keep, bool (*differs)(void *ctx, const bool *keep),
		       void *ctx)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (uint32_t i = nops; i-- > 0;) {
			if (!keep[i])
				continue;
			keep[i] = false;
			if (differs(ctx, keep))
				changed = true;
			else
				keep[i] = true;
		}
	}
	differs(ctx, keep);
}

struct fuzz_ctx {
	const struct oracle_fuzz_seq *q;
	unsigned kernel;
	const struct oracle_kernel *k;
	char *json;
	size_t jlen;
	struct oracle_result *r;
};

static bool fuzz_differs(void *ctx, const bool *keep)
{
	struct fuzz_ctx *c = ctx;

	return fuzz_one(c->q, keep, c->kernel, c->k, c->json, c->jlen, c->r) == ORACLE_DIFF;
}

double cli_oracle_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_fuzz(uint64_t n, uint64_t secs, uint32_t ops, uint32_t objs, uint64_t seed,
		    unsigned kernel, const struct oracle_kernel *k, const char *out,
		    struct oracle_tally *t)
{
	double start = cli_oracle_now();
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
		if (secs && cli_oracle_now() - start >= (double)secs)
			break;
		oracle_fuzz_make(&q, &rng, objs, 4, ops);
		if (fuzz_one(&q, NULL, kernel, k, json, sizeof(json), r) < 0) {
			fprintf(stderr, "gemsim: oracle: fuzz sequence %" PRIu64 " did not load\n",
				i);
			code = 2;
			break;
		}
		tally(t, r);
		if (r->outcome != ORACLE_DIFF && r->outcome != ORACLE_ERROR)
			continue;
		for (uint32_t j = 0; j < q.nops; j++)
			keep[j] = true;
		printf("fuzz: sequence %" PRIu64 " (seed %" PRIu64 ") differs at `%s`; shrinking\n",
		       i, seed, r->op);
		{
			struct fuzz_ctx c = { &q, kernel, k, json, sizeof(json), r };

			cli_oracle_shrink(q.nops, keep, fuzz_differs, &c);
		}
		printf("fuzz: shrunk to %s at `%s`:\n%s", outcome_names[r->outcome], r->op,
		       r->text);
		{
			char desc[160];
			size_t len;

			snprintf(desc, sizeof(desc),
				 "found by gemsim oracle --fuzz, seed %" PRIu64
				 ", sequence %" PRIu64 ": the kernel's helper and the model differ "
				 "at the last op",
				 seed, i);
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
		fprintf(stderr,
			"gemsim: oracle: %s wants a number from 0 to %" PRIu64 ", got '%s'\n", opt,
			max, v ? v : "");
		return -1;
	}
	*out = x;
	return 0;
}

/* oracle's command line. */
struct oracle_args {
	const char *ksrc, *out, *cc, *build, *log, *kernel_name;
	uint64_t fuzz, fuzz_for, ops, objs, seed;
	const char **files; /* the scenarios */
	size_t nfiles;
	unsigned kernel;
	bool quiet, lru;
};

enum { ORC_FUZZ = 1, ORC_FUZZ_FOR, ORC_SET, ORC_OPS, ORC_OBJECTS, ORC_SEED, ORC_KERNEL };

static int oracle_opt(void *ctx, int id, const char *v, struct opt_parser *p)
{
	static const char *sets[64];
	struct oracle_args *a = ctx;

	(void)p;
	switch (id) {
	case OPT_OPERAND: a->files[a->nfiles++] = v; return 0;
	case ORC_KERNEL:
		if (strcmp(v, "mainline") && strcmp(v, "v19")) {
			fprintf(stderr, "gemsim: oracle: --kernel is mainline or v19, got '%s'\n",
				v);
			return CLI_EXIT_USAGE;
		}
		a->kernel = strcmp(v, "v19") ? SIM_KERNEL_MAINLINE : SIM_KERNEL_V19;
		return 0;
	case ORC_FUZZ:
		return parse_u64("--fuzz", v, UINT64_C(1) << 40, &a->fuzz) ? CLI_EXIT_USAGE : 0;
	case ORC_FUZZ_FOR:
		if (parse_u64("--fuzz-for", v, UINT64_C(1) << 30, &a->fuzz_for))
			return CLI_EXIT_USAGE;
		if (!a->fuzz)
			a->fuzz = UINT64_C(1) << 40;
		return 0;
	case ORC_SET:
		if (!strchr(v, '=') || load_opts.nsets == sizeof(sets) / sizeof(sets[0])) {
			fprintf(stderr, "gemsim: oracle: --set needs KEY=VALUE (at most 64)\n");
			return CLI_EXIT_USAGE;
		}
		sets[load_opts.nsets++] = v;
		load_opts.sets = sets;
		return 0;
	case ORC_OPS:
		if (parse_u64("--ops", v, ORACLE_FUZZ_MAX_OPS, &a->ops))
			return CLI_EXIT_USAGE;
		if (!a->ops)
			return fprintf(stderr, "gemsim: oracle: --ops is at least 1\n"),
			       CLI_EXIT_USAGE;
		return 0;
	case ORC_OBJECTS:
		if (parse_u64("--objects", v, ORACLE_FUZZ_MAX_OBJS, &a->objs))
			return CLI_EXIT_USAGE;
		if (!a->objs)
			return fprintf(stderr, "gemsim: oracle: --objects is at least 1\n"),
			       CLI_EXIT_USAGE;
		return 0;
	default: return parse_u64("--seed", v, UINT64_MAX, &a->seed) ? CLI_EXIT_USAGE : 0;
	}
}

/* Parse oracle's arguments.  Returns: false, or true to stop with *@code. */
static bool oracle_parse(struct oracle_args *a, int argc, char **argv, int *code)
{
	const struct opt opts[] = {
		CLI_OPT_HELP_ENTRY,
		{ "--ksrc", NULL, "DIR", "the kernel tree", .str = &a->ksrc },
		{ "--kernel", NULL, "NAME", "the model's kernel: mainline or v19",
		  .id = ORC_KERNEL },
		{ "--build", NULL, "DIR", "where the kernel side is built", .str = &a->build },
		{ "--cc", NULL, "CC", "the compiler", .str = &a->cc },
		{ "--log", NULL, "FILE", "the kernel side's log", .str = &a->log },
		{ "--set", NULL, "KEY=VALUE", "an override for every scenario", .id = ORC_SET },
		{ "--fuzz", NULL, "N", "N random sequences", .id = ORC_FUZZ },
		{ "--fuzz-for", NULL, "SECONDS", "fuzz for this long", .id = ORC_FUZZ_FOR },
		{ "--ops", NULL, "N", "ops per random sequence", .id = ORC_OPS },
		{ "--objects", NULL, "N", "objects per random sequence", .id = ORC_OBJECTS },
		{ "--seed", NULL, "N", "the fuzzer's seed", .id = ORC_SEED },
		{ "--out", NULL, "FILE", "the shrunk sequence's scenario", .str = &a->out },
		{ "--quiet", "-q", NULL, "only differences", .flag = &a->quiet },
		{ "--lru", NULL, NULL, "the drm_gem_lru check", .flag = &a->lru },
	};

	if (cli_parse("oracle", cli_usage_oracle, opts, CLI_NOPTS(opts), oracle_opt, a, argc, argv,
		      code))
		return true;
	*code = CLI_EXIT_USAGE;
	if (!a->ksrc) {
		fprintf(stderr,
			"gemsim: oracle: --ksrc DIR is required: a kernel tree (docs/oracle.md)\n");
		return true;
	}
	if (!a->nfiles && !a->fuzz) {
		fprintf(stderr, "gemsim: oracle: name scenarios to compare, or --fuzz N\n");
		return true;
	}
	if (a->out && !strcmp(a->out, "-"))
		a->out = NULL; /* standard output: where the sequence goes without --out */
	return false;
}

/*
 * Build the kernel side in --build DIR or a temporary folder, and open
 * --log.  Returns: 0, or CLI_EXIT_USAGE after saying why.
 */
static int oracle_start(struct oracle_args *a, struct oracle_proc *p, char *dir, size_t len,
			bool *own_build)
{
	if (!a->build) {
		const char *tmp = getenv("TMPDIR");

		snprintf(dir, len, "%s/gemsim-oracle-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(dir)) {
			fprintf(stderr, "gemsim: oracle: cannot make %s: %s\n", dir,
				strerror(errno));
			return CLI_EXIT_USAGE;
		}
		a->build = dir;
		*own_build = true;
	}
	if (oracle_proc_build(p, a->ksrc, a->build, a->cc && *a->cc ? a->cc : "cc", a->lru)) {
		/* the build log stays for reading; a folder nothing was written to goes */
		if (*own_build && rmdir(a->build))
			fprintf(stderr, "gemsim: oracle: the build is kept in %s\n", a->build);
		return CLI_EXIT_USAGE;
	}
	if (a->log && !(p->log = strcmp(a->log, "-") ? fopen(a->log, "w") : stdout)) {
		fprintf(stderr, "gemsim: oracle: cannot write %s: %s\n", a->log, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* The closing lines: what was compared and how it came out. */
static void oracle_summary(const struct oracle_args *a, const struct oracle_tally *t,
			   const struct oracle_proc *p)
{
	printf("oracle: %" PRIu64 " runs against %s (%s model): %" PRIu64 " same, %" PRIu64
	       " same up to an op with no kernel side, %" PRIu64 " agreed at a misuse, %" PRIu64
	       " at a documented modelling choice, %" PRIu64 " differ (%" PRIu64 " of the files "
	       "written for other kernels); %" PRIu64 " ops compared; kernel side started %" PRIu64
	       " times\n",
	       t->runs, a->ksrc, sim_kernel_names[a->kernel], t->same, t->partial, t->misuse,
	       t->choice, t->diff, t->skipped, t->ops, p->starts);
	for (size_t i = 0; i < 8 && t->choices[i]; i++)
		printf("oracle: modelling choice \"%s\": %" PRIu64 " runs\n", t->choices[i],
		       t->nchoice[i]);
}

int cli_oracle(int argc, char **argv)
{
	struct oracle_args a = {
		.cc = getenv("CC"), .ops = 40, .objs = 2, .seed = 1, .kernel = SIM_KERNEL_MAINLINE
	};
	struct oracle_tally t = { 0 };
	static struct oracle_proc p;
	struct oracle_kernel k;
	char dir[4096];
	bool own_build = false;
	int code = CLI_EXIT_USAGE;

	a.files = calloc((size_t)argc, sizeof(*a.files));
	if (!a.files || oracle_parse(&a, argc, argv, &code))
		goto out;
	code = oracle_start(&a, &p, dir, sizeof(dir), &own_build);
	if (code)
		goto out;
	k = oracle_proc_kernel(&p);
	for (size_t i = 0; i < a.nfiles; i++) {
		int c = run_file(a.files[i], a.kernel, &k, a.quiet, &t);

		if (c > code)
			code = c;
	}
	if (a.lru && *p.lru_skip) {
		printf("lru: skipped: %s\n", p.lru_skip);
	} else if (a.lru && a.fuzz) {
		struct cli_oracle_lru_args la = { a.fuzz,          a.fuzz_for,       a.seed,
						  (uint32_t)a.ops, (uint32_t)a.objs, a.out };
		int c = cli_oracle_lru(&la, &k);

		if (c > code)
			code = c;
	} else if (a.fuzz) {
		uint64_t runs = t.runs, ops0 = t.ops, diff = t.diff, mis = t.misuse;
		int c = run_fuzz(a.fuzz, a.fuzz_for, (uint32_t)a.ops, (uint32_t)a.objs, a.seed,
				 a.kernel, &k, a.out, &t);

		printf("fuzz: seed %" PRIu64 ", %" PRIu64 " sequences of %" PRIu64 " ops: %" PRIu64
		       " ops compared, %" PRIu64 " differences, %" PRIu64
		       " ended agreed at a misuse\n",
		       a.seed, t.runs - runs, a.ops, t.ops - ops0, t.diff - diff, t.misuse - mis);
		if (c > code)
			code = c;
	}
	oracle_proc_stop(&p);
	if (p.log && p.log != stdout && fclose(p.log)) {
		fprintf(stderr, "gemsim: oracle: cannot write %s\n", a.log);
		code = CLI_EXIT_USAGE;
	}
	if (own_build)
		oracle_proc_clean(&p);
	if (a.lru && !t.runs) /* only the LRU check ran: its own summary said it all */
		goto out;
	oracle_summary(&a, &t, &p);
	if (t.diff && code < 1)
		code = 1;
out:
	free(a.files);
	return code;
}
