// SPDX-License-Identifier: MIT
/*
 * bench/bench.c - gemsim-bench: how fast the simulator runs, and how much
 * host memory a simulated page costs (docs/performance.md).
 *
 * Each case is a scenario generated as JSON text (workload generators make
 * the millions of events, nothing is scripted event by event), loaded with
 * scenario_load_text() and run with run_scenario(), exactly as
 * `gemsim run` would.  Each case runs at several sizes; each size runs in a
 * forked child so its peak RSS (VmHWM, ru_maxrss) is its own.  Per size the
 * bench prints:
 *
 *   events/s     simulated events (scenario + internal) per second of run
 *   pageops/s    page operations per second: frames taken and released,
 *                pages written to and read back from swap
 *                (pages_allocated + pages_freed + pages_evicted +
 *                 pages_swapped_in)
 *   ns/event     the inverse of events/s
 *   RSS          the child's peak resident set, everything included
 *   B/page       that peak divided by the simulated RAM pages
 *   growth       time ratio to the previous size divided by the events ratio
 *                (1.00 = time grows linearly with events)
 *
 * The options are in usage() below (gemsim-bench --help).
 *
 * Nothing here asserts timings: the bench reports, people judge.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gem/gem.h"
#include "gem/pg.h"
#include "run/load.h"
#include "run/run.h"
#include "sim/scenario.h"
#include "sim/sim.h"
#include "run/workload.h"
#include "bench/lcs.h"
#include "bench/scan_visit.h"

/* ---- a growable text buffer ------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
};

__attribute__((format(printf, 2, 3))) static void bprintf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			fprintf(stderr, "gemsim-bench: formatting failed\n");
			exit(2);
		}
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		b->cap = b->cap ? b->cap * 2 : 4096;
		while (b->cap - b->len <= (size_t)n)
			b->cap *= 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p) {
			fprintf(stderr, "gemsim-bench: out of memory\n");
			exit(2);
		}
	}
}

/* ---- the cases ---------------------------------------------------------- */

/* One size of a case: the knobs its generator reads. */
struct size {
	uint64_t ram;    /* RAM pages */
	uint64_t objs;   /* objects */
	uint64_t pages;  /* pages per object (or the mapping's size) */
	uint64_t events; /* workload actions asked for */
};

/* What a case's target is stated in (docs/performance.md, "Against the targets"). */
enum target_kind {
	T_EVENTS,   /* events/s at least .target */
	T_ACCESSES, /* CPU accesses/s at least .target */
	T_RSS,      /* peak RSS under 1 GiB and at most .target bytes per simulated page */
	T_FLAT,     /* ns per freed page at most .target times the first size's */
	T_LCS,      /* at least libCacheSim's throughput (bench/lcs.c runs it) */
};

struct bcase {
	const char *name;
	const char *what;
	void (*gen)(struct buf *b, const struct size *z);
	struct size quick[3];
	struct size full[3];
	enum target_kind tkind;
	double target;
};

static void head(struct buf *b, const char *name, uint64_t ram, uint64_t swap, const char *policy)
{
	bprintf(b,
		"{ \"version\": 1, \"name\": \"%s\", \"seed\": 1,\n"
		"  \"memory\": { \"ram_pages\": %" PRIu64 ", \"swap_pages\": %" PRIu64 " },\n"
		"  \"policy\": { %s },\n",
		name, ram, swap, policy);
}

/*
 * page-touch: CPU accesses, uniform over one large mapping that fits in RAM.
 * After the first touch of each page every access is a hit: the per-event
 * floor (pick a page, find its object, look the PTE up, LRU touch: the
 * what-if policy.touch "all", the costlier path).
 */
static void gen_page_touch(struct buf *b, const struct size *z)
{
	head(b, "page-touch", z->ram, 0, "\"reclaim\": \"lru\", \"touch\": \"all\"");
	bprintf(b,
		"  \"objects\": [ { \"name\": \"big\", \"pages\": %" PRIu64 " } ],\n"
		"  \"workloads\": [ { \"type\": \"cpu_access\", \"objects\": [\"big\"],\n"
		"    \"pattern\": \"uniform\", \"interval\": \"100ns\", \"count\": %" PRIu64
		" } ]\n}\n",
		z->pages, z->events);
}

/*
 * thrash: a loop over single-page objects twice the size of RAM under lru:
 * every access misses, evicts the least recently used page and swaps in
 * (policy.touch "all": accesses move objects, as in a cache-trace replay).
 */
static void gen_thrash(struct buf *b, const struct size *z)
{
	head(b, "thrash", z->ram, 2 * z->objs, "\"reclaim\": \"lru\", \"touch\": \"all\"");
	bprintf(b,
		"  \"objects\": [ { \"name\": \"p\", \"count\": %" PRIu64 ", \"pages\": 1 } ],\n"
		"  \"workloads\": [ { \"type\": \"cpu_access\", \"objects\": \"p*\",\n"
		"    \"pattern\": \"loop\", \"interval\": \"1us\", \"count\": %" PRIu64 " } ]\n}\n",
		z->objs, z->events);
}

/*
 * gpu-mixed: 16 VMs on one GPU with 16 queues, z->objs objects split among
 * them (5/6 of RAM in all), zipf job streams of 16 objects per job, a sine
 * pressure wave taking up to 1/4 of RAM, so the shrinker evicts the coldest
 * objects at every peak, background reclaim between watermarks.
 */
static void gen_gpu_mixed(struct buf *b, const struct size *z)
{
	const unsigned nvm = 16;
	uint64_t per_vm = z->objs / nvm;
	/* jobs: 16 VMs at `rate` each; 2 events per job (submit, done) */
	uint64_t jobs_per_vm = z->events / 2 / nvm;

	head(b, "gpu-mixed", z->ram, 4 * z->ram,
	     "\"reclaim\": \"lru\", \"watermarks\": { \"low\": 256, \"high\": 1024 }");
	bprintf(b, "  \"devices\": [ { \"name\": \"gpu0\", \"queues\": 16, \"tlb_entries\": 256,"
		   " \"as_slots\": 16 } ],\n  \"vms\": [");
	for (unsigned v = 0; v < nvm; v++)
		bprintf(b, "%s{ \"name\": \"vm%u\", \"device\": \"gpu0\" }", v ? ", " : " ", v);
	bprintf(b, " ],\n  \"objects\": [");
	for (unsigned v = 0; v < nvm; v++)
		bprintf(b,
			"%s\n    { \"name\": \"v%u_\", \"count\": %" PRIu64 ", \"pages\": %" PRIu64
			" }",
			v ? "," : "", v, per_vm, z->pages);
	bprintf(b, " ],\n  \"workloads\": [");
	for (unsigned v = 0; v < nvm; v++)
		bprintf(b,
			"\n    { \"type\": \"gpu_jobs\", \"vm\": \"vm%u\", \"objects\": \"v%u_*\","
			" \"pattern\": \"zipf\", \"zipf_s\": 0.9, \"per_job\": 16,"
			" \"duration\": \"20us\", \"rate\": 20000, \"arrival\": \"poisson\","
			" \"count\": %" PRIu64 " },",
			v, v, jobs_per_vm);
	/* a wave that takes up to 1/4 of RAM, a period every ~1/20 of the run:
	 * at its peak the objects (5/6 of RAM) no longer fit */
	bprintf(b,
		"\n    { \"type\": \"pressure\", \"shape\": \"sine\", \"low\": 0,"
		" \"high\": %" PRIu64 ", \"period\": \"%" PRIu64 "us\", \"interval\": \"100us\","
		" \"end\": \"%" PRIu64 "us\" } ]\n}\n",
		z->ram / 4, jobs_per_vm * 50 / 20 + 1, jobs_per_vm * 50);
}

/*
 * scale: 64 GiB simulated (z->ram pages), z->objs objects 1.5x RAM in all,
 * CPU accesses in moving working sets (phases) over all of them, GPU jobs
 * over a tenth of them, a pressure wave: host memory per simulated page.
 */
static void gen_scale(struct buf *b, const struct size *z)
{
	uint64_t total = z->objs * z->pages;
	uint64_t gpu_objs = z->objs / 10;
	uint64_t cpu_n = z->events * 9 / 10, jobs = z->events / 10 / 2;

	head(b, "scale", z->ram, z->ram,
	     "\"reclaim\": \"lru\", \"watermarks\": { \"low\": 1024, \"high\": 4096 }");
	bprintf(b,
		"  \"devices\": [ { \"name\": \"gpu0\", \"queues\": 8 } ],\n"
		"  \"vms\": [ { \"name\": \"vm0\", \"device\": \"gpu0\" } ],\n"
		"  \"objects\": [ { \"name\": \"g\", \"count\": %" PRIu64 ", \"pages\": %" PRIu64
		" },\n"
		"    { \"name\": \"c\", \"count\": %" PRIu64 ", \"pages\": %" PRIu64 " } ],\n",
		gpu_objs, z->pages, z->objs - gpu_objs, z->pages);
	bprintf(b,
		"  \"workloads\": [\n"
		"    { \"type\": \"cpu_access\", \"objects\": \"c*\", \"pattern\": \"phases\","
		" \"working_set\": %" PRIu64 ", \"phase\": \"%" PRIu64
		"us\", \"interval\": \"1us\","
		" \"count\": %" PRIu64 " },\n"
		"    { \"type\": \"gpu_jobs\", \"vm\": \"vm0\", \"objects\": \"g*\", \"pattern\": \"zipf\","
		" \"per_job\": 8, \"duration\": \"50us\", \"interval\": \"8us\", \"count\": %" PRIu64
		" },\n"
		"    { \"type\": \"pressure\", \"shape\": \"square\", \"low\": 0, \"high\": %" PRIu64
		","
		" \"period\": \"%" PRIu64 "us\", \"interval\": \"1ms\", \"end\": \"%" PRIu64
		"us\" } ]\n}\n",
		total / 8, cpu_n / 8 + 1, cpu_n, jobs, z->ram / 8, cpu_n / 4 + 1, cpu_n);
}

/*
 * shrink-flat: the shrinker's cost per freed page as the object count grows
 * 100x: a loop over objects of z->pages pages, twice RAM, so that every
 * z->pages accesses one object is swapped in and another evicted.  The same
 * number of events at every size; only the number of objects on the lists
 * changes.
 */
static void gen_shrink_flat(struct buf *b, const struct size *z)
{
	head(b, "shrink-flat", z->ram, 2 * z->ram, "\"reclaim\": \"lru\"");
	bprintf(b,
		"  \"objects\": [ { \"name\": \"o\", \"count\": %" PRIu64 ", \"pages\": %" PRIu64
		" } ],\n  \"workloads\": [ { \"type\": \"cpu_access\", \"objects\": \"o*\",\n"
		"    \"pattern\": \"loop\", \"interval\": \"1us\", \"count\": %" PRIu64 " } ]\n}\n",
		z->objs, z->pages, z->events);
}

/*
 * trace-ids / trace-oracle: the side-by-side case of docs/performance.md, a zipf(1.0) trace
 * of z->events requests over z->objs ids replayed in z->ram pages under
 * lru (policy.touch "all" and reclaim_driver "exact": an LRU cache, as
 * libCacheSim's, which frees one entry a miss, not the kernel's batches),
 * from an ids file or libCacheSim's oracleGeneral binary, written by
 * bench/lcs.c.
 */
static void gen_trace(struct buf *b, const struct size *z, bool oracle)
{
	char path[512];

	lcs_trace_path(z->objs, z->events, oracle, path, sizeof(path));
	lcs_make_trace(z->objs, z->events, oracle, path);
	head(b, oracle ? "trace-oracle" : "trace-ids", z->ram, z->objs,
	     "\"reclaim\": \"lru\", \"touch\": \"all\", \"reclaim_driver\": \"exact\"");
	bprintf(b,
		"  \"workloads\": [ { \"type\": \"trace\", \"file\": \"%s\",\n"
		"    \"format\": \"%s\" } ]\n}\n",
		path, oracle ? "oracleGeneral" : "ids");
}

static void gen_trace_ids(struct buf *b, const struct size *z)
{
	gen_trace(b, z, false);
}

static void gen_trace_oracle(struct buf *b, const struct size *z)
{
	gen_trace(b, z, true);
}

#define MI (1024 * 1024)
#define KI 1024

static const struct bcase cases[] = {
	{ "page-touch",
	  "uniform CPU accesses over one mapping in RAM (mostly hits)",
	  gen_page_touch,
	  { { 64 * KI, 1, 32 * KI, 500000 }, { 64 * KI, 1, 32 * KI, 2000000 } },
	  { { 512 * KI, 1, 256 * KI, 2000000 },
	    { 512 * KI, 1, 256 * KI, 8000000 },
	    { 4 * MI, 1, 2 * MI, 32000000 } },
	  T_EVENTS,
	  20e6 },
	{ "thrash",
	  "loop over single-page objects 2x RAM, lru: every access evicts + swaps in",
	  gen_thrash,
	  { { 8 * KI, 16 * KI, 1, 200000 }, { 32 * KI, 64 * KI, 1, 800000 } },
	  { { 64 * KI, 128 * KI, 1, 1000000 },
	    { 256 * KI, 512 * KI, 1, 4000000 },
	    { 1 * MI, 2 * MI, 1, 16000000 } },
	  T_ACCESSES,
	  5e6 },
	{ "gpu-mixed",
	  "16 VMs, zipf jobs of 16 objects, pressure waves, shrinker",
	  gen_gpu_mixed,
	  { { 38400, 2000, 16, 200000 }, { 76800, 4000, 16, 800000 } },
	  { { 192000, 10000, 16, 1000000 },
	    { 192000, 10000, 16, 4000000 },
	    { 192000, 10000, 16, 16000000 } },
	  T_EVENTS,
	  2e6 },
	{ "scale",
	  "16 Mi pages (64 GiB), 100k objects, 10M events",
	  gen_scale,
	  { { 256 * KI, 2000, 192, 200000 } },
	  { { 4 * MI, 25000, 252, 2500000 }, { 16 * MI, 100000, 252, 10000000 } },
	  T_RSS,
	  32 },
	{ "shrink-flat",
	  "loop over 8-page objects 2x RAM: 1x, 10x, 100x the objects, same events",
	  gen_shrink_flat,
	  { { 4 * KI, 1000, 8, 400000 },
	    { 40 * KI, 10000, 8, 400000 },
	    { 400 * KI, 100000, 8, 400000 } },
	  { { 8 * KI, 2000, 8, 4000000 },
	    { 80 * KI, 20000, 8, 4000000 },
	    { 800 * KI, 200000, 8, 4000000 } },
	  T_FLAT,
	  1.25 },
	{ "trace-ids",
	  "zipf trace of 200k ids replayed from an ids file in 20000 pages (the libCacheSim side by side)",
	  gen_trace_ids,
	  { { 20000, 200000, 1, 500000 } },
	  { { 20000, 200000, 1, 5000000 } },
	  T_LCS,
	  1 },
	{ "trace-oracle",
	  "the same trace from libCacheSim's oracleGeneral binary",
	  gen_trace_oracle,
	  { { 20000, 200000, 1, 500000 } },
	  { { 20000, 200000, 1, 5000000 } },
	  T_LCS,
	  1 },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* ---- measuring one size ----------------------------------------------- */

struct result {
	int ok;                /* 1 when the run went through */
	int code;              /* run_scenario()'s exit code */
	double setup_s, run_s; /* load + run_setup, and the run */
	uint64_t events;
	uint64_t pageops;
	uint64_t cpu_faults, jobs, shrinker_freed, shrinker_scanned;
	uint64_t accesses; /* actions of the cpu_access workloads */
	uint64_t requests; /* actions of the trace workloads */
	double parse_s;    /* trace: the reader alone, a separate pass (0: none) */
	uint64_t violations;
	uint64_t rss_kib;   /* peak RSS of the process */
	uint64_t gem_bytes; /* gem/ host bytes at the end */
	uint64_t ram;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* VmHWM from /proc/self/status, or ru_maxrss when /proc is not there. */
static uint64_t peak_rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	uint64_t kib = 0;

	if (f) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "VmHWM: %" SCNu64, &kib) == 1)
				break;
		fclose(f);
	}
	if (!kib) {
		struct rusage ru;

		getrusage(RUSAGE_SELF, &ru);
		kib = (uint64_t)ru.ru_maxrss;
	}
	return kib;
}

static bool opt_check;

static void run_one(const struct bcase *c, const struct size *z, struct result *res)
{
	struct buf b = { 0 };
	struct sim_error err;
	struct scenario *sc;
	struct run_result *r;
	struct sim *s;
	double t0, t1, t2;

	memset(res, 0, sizeof(*res));
	res->ram = z->ram;
	c->gen(&b, z);
	t0 = now_s();
	sc = scenario_load_text(c->name, b.p, b.len, NULL, &err);
	free(b.p);
	if (!sc) {
		fprintf(stderr, "gemsim-bench: %s: %s:%u:%u: %s\n", c->name, err.file, err.line,
			err.col, err.msg);
		return;
	}
	s = run_setup(sc);
	r = calloc(1, sizeof(*r));
	if (!s || !r) {
		fprintf(stderr, "gemsim-bench: %s: out of memory\n", c->name);
		return;
	}
	s->check = opt_check;
	t1 = now_s();
	res->code = run_scenario(s, sc, r);
	t2 = now_s();
	res->ok = 1;
	res->setup_s = t1 - t0;
	res->run_s = t2 - t1;
	res->events = r->events;
	res->pageops = s->stats.pages_allocated + s->stats.pages_freed + s->stats.pages_evicted +
		       s->stats.pages_swapped_in;
	res->cpu_faults = s->stats.cpu_faults;
	res->jobs = s->stats.jobs_completed;
	res->shrinker_freed = s->stats.shrinker_pages_freed;
	res->shrinker_scanned = s->stats.shrinker_objects_scanned;
	for (uint32_t i = 0; i < r->nworkloads; i++)
		if (sc->workloads[i].type == SIM_WL_CPU_ACCESS)
			res->accesses += r->workloads[i].actions;
	for (uint32_t i = 0; i < r->nworkloads; i++)
		if (sc->workloads[i].type == SIM_WL_TRACE)
			res->requests += r->workloads[i].actions;
	if (res->requests && sc->workloads[0].type == SIM_WL_TRACE) {
		char msg[256];
		uint64_t n;
		double p0 = now_s();

		if (wl_trace_parse_only(&sc->workloads[0], &n, msg, sizeof(msg)))
			fprintf(stderr, "gemsim-bench: %s: %s\n", c->name, msg);
		else
			res->parse_s = now_s() - p0;
	}
	res->violations = s->violations;
	res->gem_bytes = gem_host_bytes(s);
	res->rss_kib = peak_rss_kib();
	if (r->has_fatal)
		fprintf(stderr, "gemsim-bench: %s: %s\n", c->name, r->fatal);
	gem_sim_destroy(s);
	scenario_free(sc);
	free(r);
}

/* Run in a child so each size has its own peak RSS; the result comes back through a pipe. */
static void run_forked(const struct bcase *c, const struct size *z, struct result *res,
		       bool fork_it)
{
	int fd[2], st;
	pid_t pid;

	if (!fork_it) {
		run_one(c, z, res);
		return;
	}
	memset(res, 0, sizeof(*res));
	if (pipe(fd)) {
		perror("gemsim-bench: pipe");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("gemsim-bench: fork");
		return;
	}
	if (pid == 0) {
		close(fd[0]);
		run_one(c, z, res);
		if (write(fd[1], res, sizeof(*res)) != (ssize_t)sizeof(*res))
			_exit(3);
		_exit(0);
	}
	close(fd[1]);
	if (read(fd[0], res, sizeof(*res)) != (ssize_t)sizeof(*res))
		res->ok = 0;
	close(fd[0]);
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		res->ok = 0;
}

static void human(double v, char *out, size_t len)
{
	if (v >= 1e9)
		snprintf(out, len, "%.2fG", v / 1e9);
	else if (v >= 1e6)
		snprintf(out, len, "%.2fM", v / 1e6);
	else if (v >= 1e3)
		snprintf(out, len, "%.1fk", v / 1e3);
	else
		snprintf(out, len, "%.0f", v);
}

/*
 * A trace case's requests/s, the parse / simulate split, a line in the
 * shape of libCacheSim's cachesim output, and libCacheSim's own figures
 * when its cachesim ran on the same trace (bench/lcs.c).
 */
static void print_trace(const struct bcase *bc, const struct result *r, struct lcs_runs *l,
			const struct lcs_gemsim *g)
{
	char rps[16];
	double sim_s = r->run_s - r->parse_s;

	human((double)r->requests / r->run_s, rps, sizeof(rps));
	printf("  %9s requests %" PRIu64 ": %s requests/s (%.1f ns each)\n", "", r->requests, rps,
	       r->run_s * 1e9 / (double)r->requests);
	if (r->parse_s > 0)
		printf("  %9s parse %.3f s (%.1f ns/request, the reader alone in a separate pass),"
		       " simulate %.3f s (%.1f ns/request, the rest of the run)\n",
		       "", r->parse_s, r->parse_s * 1e9 / (double)r->requests, sim_s,
		       sim_s * 1e9 / (double)r->requests);
	printf("  %9s libCacheSim-style: %s LRU cache size %" PRIu64 ", %" PRIu64 " req, miss ratio"
	       " %.4f, throughput %.2f MQPS\n",
	       "", bc->name, r->ram, r->requests, (double)r->cpu_faults / (double)r->requests,
	       (double)r->requests / r->run_s / 1e6);
	lcs_report(l, g);
}

/* One cachesim run on a trace case's oracleGeneral trace (trace-ids: its twin). */
static void run_lcs(const struct size *z, struct lcs_runs *l)
{
	char path[512];

	if (!l->bin)
		return;
	lcs_trace_path(z->objs, z->events, true, path, sizeof(path));
	lcs_make_trace(z->objs, z->events, true, path);
	lcs_measure(l, path, z->ram);
}

/* Size @sz of @bc run --no-check (@r[0]) then checked (@r[1]), whatever --check says. */
static void run_both(const struct bcase *bc, const struct size *sz, bool fork_it,
		     struct result r[2])
{
	bool saved = opt_check;

	for (int chk = 0; chk < 2; chk++) {
		opt_check = chk;
		run_forked(bc, sz, &r[chk], fork_it);
	}
	opt_check = saved;
}

/*
 * Steady state: gemsim --no-check, gemsim checked and cachesim (when given)
 * on 6/5 and 2/5 of the case's trace (requests 2M and 6M at the full size:
 * 4M requests between them, so that a run's noise is small beside their
 * difference), in turn, best of @repeat each; lcs_steady_report() takes
 * the differences.  The shorter trace is the longer one's start (the same
 * generator and seed).
 */
static void print_steady(const struct bcase *bc, const struct size *z, int repeat, bool fork_it,
			 const char *lcs_bin)
{
	const struct size zs[2] = { { z->ram, z->objs, z->pages, z->events / 5 * 6 },
				    { z->ram, z->objs, z->pages, z->events / 5 * 2 } };
	struct lcs_steady st = { .repeat = repeat,
				 .l = { { .bin = lcs_bin }, { .bin = lcs_bin } } };
	for (int k = 0; k < repeat; k++) {
		for (int h = 0; h < 2; h++) {
			struct result r[2];

			run_both(bc, &zs[h], fork_it, r);
			for (int chk = 0; chk < 2; chk++) {
				if (r[chk].ok && (!st.t[chk][h] || r[chk].run_s < st.t[chk][h]))
					st.t[chk][h] = r[chk].run_s;
				st.n[h] = r[chk].ok ? r[chk].requests : st.n[h];
			}
			run_lcs(&zs[h], &st.l[h]);
		}
	}
	lcs_steady_report(&st);
}

/* The host's last-level cache in bytes (sysconf, else sysfs), 0 when unknown. */
static uint64_t llc_bytes(void)
{
	long n = -1;
	unsigned long long kib = 0;
	FILE *f;

#ifdef _SC_LEVEL3_CACHE_SIZE
	n = sysconf(_SC_LEVEL3_CACHE_SIZE);
#endif
	if (n > 0)
		return (uint64_t)n;
	f = fopen("/sys/devices/system/cpu/cpu0/cache/index3/size", "r");
	if (f && fscanf(f, "%lluK", &kib) != 1)
		kib = 0;
	if (f)
		fclose(f);
	return kib * 1024;
}

/*
 * shrink-flat's second line: why ns per freed page may grow.  The model's
 * work per freed page is flat (docs/performance.md: instructions 599, 599,
 * 582); once its objects, links and page arrays outgrow the host's
 * last-level cache each visit is a cache miss, and the target is then the
 * cost per visited object, which must not grow.
 */
static void print_flat_cache(const struct result *r, const struct result *first)
{
	double v = r->shrinker_scanned ? r->run_s * 1e9 / (double)r->shrinker_scanned : 0;
	double v0 = first->ok && first->shrinker_scanned ?
			    first->run_s * 1e9 / (double)first->shrinker_scanned :
			    v;
	uint64_t llc = llc_bytes();
	char cache[48];

	if (llc)
		snprintf(cache, sizeof(cache), "the host's %.0f MiB last-level cache",
			 (double)llc / (1024.0 * 1024.0));
	else
		snprintf(cache, sizeof(cache), "the host's last-level cache (size unknown)");
	printf("  %9s gem %.1f MiB %s %s; per visited object %.3f ns, %.2fx the first size's: "
	       "%s\n",
	       "", (double)r->gem_bytes / (1024.0 * 1024.0),
	       llc && r->gem_bytes > llc ? "outgrows" : "fits in", cache, v, v0 > 0 ? v / v0 : 1.0,
	       v <= v0 * 1.25 ? "holds (<= 1.25x)" : "misses (> 1.25x)");
}

#define MAX_REPEAT 64
/* --events: 100M requests are a 2.4 GB oracleGeneral trace */
#define MAX_EVENTS UINT64_C(100000000)

/*
 * One line: the case's target, and whether this size's best run and (with
 * --repeat) its median run meet it.  A shared machine only ever slows a run
 * down, so the best says what the code can do, the median what a user sees.
 */
static void print_target(const struct bcase *bc, const struct result *r, double med_s, int n,
			 const struct result *first)
{
	const char *unit = bc->tkind == T_EVENTS ? "events/s" : "accesses/s";
	double count = bc->tkind == T_EVENTS ? (double)r->events : (double)r->accesses;
	char best[16], med[16];

	switch (bc->tkind) {
	case T_EVENTS:
	case T_ACCESSES:
		human(count / r->run_s, best, sizeof(best));
		human(bc->target, med, sizeof(med));
		printf("  %9s target >= %s %s: best %s %s", "", med, unit, best,
		       count / r->run_s >= bc->target ? "holds" : "misses");
		if (n > 1) {
			human(count / med_s, med, sizeof(med));
			printf(", median of %d %s %s", n, med,
			       count / med_s >= bc->target ? "holds" : "misses");
		}
		printf("\n");
		break;
	case T_RSS: {
		double bpp = (double)r->rss_kib * 1024 / (double)r->ram;

		/* the program's own few MiB swamp B/page below millions of pages */
		printf("  %9s target < 1 GiB RSS, <= %.0f B/page: %.1f MiB, %.1f B/page %s\n", "",
		       bc->target, (double)r->rss_kib / 1024, bpp,
		       r->ram < 4 * MI ? "(too small a RAM to judge)" :
		       r->rss_kib < 1024 * 1024 && bpp <= bc->target ? "holds" :
								       "misses");
		break;
	}
	case T_FLAT: {
		double ns = r->shrinker_freed ? r->run_s * 1e9 / (double)r->shrinker_freed : 0;
		double ns0 = first->ok && first->shrinker_freed ?
				     first->run_s * 1e9 / (double)first->shrinker_freed :
				     ns;

		printf("  %9s target flat (<= %.2fx the first size's ns/freed page): %.1f ns, "
		       "%.2fx %s\n",
		       "", bc->target, ns, ns0 > 0 ? ns / ns0 : 1.0,
		       ns <= bc->target * ns0 ? "holds" : "misses");
		print_flat_cache(r, first);
		break;
	}
	case T_LCS: /* lcs_target(), which knows libCacheSim's figures */ break;
	}
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: gemsim-bench [OPTION]...\n"
		"How fast gemsim runs and what a simulated page costs (docs/performance.md).\n"
		"\n"
		"  --quick             CI smoke sizes (a few seconds in all)\n"
		"  --case NAME         run only this case (repeatable): page-touch, thrash,\n"
		"                      gpu-mixed, scale, shrink-flat, trace-ids, trace-oracle\n"
		"  --check             run with invariant checking on (gemsim run --check)\n"
		"  --check-cost        each size also --no-check and checked in turn (--repeat\n"
		"                      times each): what invariant checking costs (<= 1.25x)\n"
		"  --no-fork           run in-process (for perf/callgrind; RSS then mixes)\n"
		"  --size N            run only the N-th size (0-based) of each case\n"
		"  --repeat N          run each size N times (at most %d) and keep the fastest;\n"
		"                      the target line also gives the median\n"
		"  --libcachesim PATH  libCacheSim's cachesim (default: $LIBCACHESIM): trace-ids\n"
		"                      and trace-oracle run it on the same oracleGeneral trace\n"
		"                      (LRU, same size), alternately with gemsim's runs, and\n"
		"                      compare; tools/libcachesim.sh builds one, make bench-lcs\n"
		"                      builds it and runs both cases; a run that takes over\n"
		"                      $GEMSIM_BENCH_LCS_TIMEOUT seconds (300) is killed\n"
		"  --events N          each size with N workload actions instead of its own\n"
		"                      (the trace cases: a trace of N requests, generated\n"
		"                      once into $TMPDIR); tools/instructions.sh --steady\n"
		"                      takes the trace's steady state with it\n"
		"  --print-json        print each generated scenario instead of running it\n"
		"  --scan-visit        only the per-object cost of a shrinker scan in the\n"
		"                      kernel's loop (bench/scan_visit.c): costs.scan_object\n"
		"  --help              this text\n"
		"\nNothing here fails on a timing: the bench reports, people judge.\n",
		MAX_REPEAT);
}

/* The command line. */
struct bench_opts {
	bool quick, fork_it, print_json;
	const char *lcs_bin; /* libCacheSim's cachesim, or NULL */
	const char *only[NCASES + 1];
	unsigned nonly;        /* --case: only these (none: all) */
	int only_size, repeat; /* --size (-1: all), --repeat */
	bool check_cost;       /* --check-cost */
	uint64_t events;       /* --events (0: each size's own) */
};

/* Returns: -1 to go on, else the exit code (--help, --scan-visit, a bad option). */
static int parse_args(int argc, char **argv, struct bench_opts *o)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick")) {
			o->quick = true;
		} else if (!strcmp(argv[i], "--check")) {
			opt_check = true;
		} else if (!strcmp(argv[i], "--check-cost")) {
			o->check_cost = true;
		} else if (!strcmp(argv[i], "--no-fork")) {
			o->fork_it = false;
		} else if (!strcmp(argv[i], "--print-json")) {
			o->print_json = true;
		} else if (!strcmp(argv[i], "--scan-visit")) {
			return bench_scan_visit(false);
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--libcachesim") && i + 1 < argc) {
			o->lcs_bin = argv[++i];
		} else if (!strcmp(argv[i], "--case") && i + 1 < argc && o->nonly < NCASES) {
			o->only[o->nonly++] = argv[++i];
		} else if (!strcmp(argv[i], "--size") && i + 1 < argc) {
			o->only_size = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--events") && i + 1 < argc) {
			char *end;

			errno = 0;
			o->events = strtoull(argv[++i], &end, 10);
			if (errno || *end || !o->events || o->events > MAX_EVENTS ||
			    !isdigit((unsigned char)*argv[i])) {
				fprintf(stderr,
					"gemsim-bench: --events: '%s' is not a count from 1 to %llu\n",
					argv[i], (unsigned long long)MAX_EVENTS);
				return 2;
			}
		} else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
			o->repeat = atoi(argv[++i]);
			if (o->repeat < 1)
				o->repeat = 1;
			if (o->repeat > MAX_REPEAT)
				o->repeat = MAX_REPEAT;
		} else {
			fprintf(stderr, "gemsim-bench: unknown option or missing value: '%s'\n",
				argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (o->lcs_bin && !*o->lcs_bin)
		o->lcs_bin = NULL;
	for (unsigned k = 0; k < o->nonly; k++) {
		bool known = false;

		for (size_t c = 0; c < NCASES; c++)
			known |= !strcmp(cases[c].name, o->only[k]);
		if (!known) {
			fprintf(stderr, "gemsim-bench: unknown case \"%s\"\n", o->only[k]);
			return 2;
		}
	}
	return -1;
}

static bool case_wanted(const struct bench_opts *o, const char *name)
{
	bool wanted = !o->nonly;

	for (unsigned k = 0; k < o->nonly; k++)
		wanted |= !strcmp(name, o->only[k]);
	return wanted;
}

/* --print-json: the scenarios of case @bc instead of runs. */
static void print_case_json(const struct bcase *bc, const struct size *sizes,
			    const struct bench_opts *o)
{
	for (int i = 0; i < 3 && sizes[i].ram; i++) {
		struct buf b = { 0 };

		if (o->only_size >= 0 && i != o->only_size)
			continue;
		bc->gen(&b, &sizes[i]);
		fwrite(b.p, 1, b.len, stdout);
		free(b.p);
	}
}

/*
 * --repeat runs of case @bc at size @sz (libCacheSim after each: a busy
 * host slows both alike): the best into @r, every time into @times.
 * Returns: how many times were kept.
 */
static int run_repeats(const struct bcase *bc, const struct size *sz, const struct bench_opts *o,
		       struct result *r, struct lcs_runs *lcs, double *times)
{
	int ntimes = 1;

	run_forked(bc, sz, r, o->fork_it);
	run_lcs(sz, lcs);
	times[0] = r->run_s;
	for (int k = 1; k < o->repeat && r->ok; k++) {
		struct result again;

		run_forked(bc, sz, &again, o->fork_it);
		run_lcs(sz, lcs);
		if (again.ok && ntimes < MAX_REPEAT)
			times[ntimes++] = again.run_s;
		if (again.ok && again.run_s < r->run_s)
			*r = again;
	}
	return ntimes;
}

/* The row of one size: rates, memory, growth against the size before (@prev). */
static void print_row(const struct size *sz, const struct result *r, const struct result *prev)
{
	char evs[16], pos[16], objs[16], evn[16], growth[16] = "-";

	human((double)r->events / r->run_s, evs, sizeof(evs));
	human((double)r->pageops / r->run_s, pos, sizeof(pos));
	human((double)sz->objs, objs, sizeof(objs));
	human((double)r->events, evn, sizeof(evn));
	if (prev->ok && prev->events && prev->run_s > 0)
		snprintf(growth, sizeof(growth), "%.2f",
			 (r->run_s / prev->run_s) / ((double)r->events / (double)prev->events));
	printf("  %9" PRIu64 " %8s %9s %10.3f %8s %9s %8.1f %8.3f %9.1f %7.1f %6s\n", r->ram, objs,
	       evn, r->run_s, evs, pos, r->run_s * 1e9 / (double)r->events, r->setup_s,
	       (double)r->rss_kib / 1024, (double)r->rss_kib * 1024 / (double)r->ram, growth);
	if (r->accesses) {
		char acs[16];

		human((double)r->accesses / r->run_s, acs, sizeof(acs));
		printf("  %9s CPU accesses %" PRIu64 ": %s accesses/s (%.1f ns each)\n", "",
		       r->accesses, acs, r->run_s * 1e9 / (double)r->accesses);
	}
}

/*
 * --check-cost: the size again, --no-check and checked in turn, @o->repeat
 * times each: what checking the invariants after every event costs here
 * (issue 26: within 1.25x), best against best (a shared host only slows a
 * run down) and median against median.
 */
static void print_check_cost(const struct bcase *bc, const struct size *sz,
			     const struct bench_opts *o)
{
	double t[2][MAX_REPEAT], best[2] = { 0, 0 }, med[2], ratio;
	int n = 0;

	for (int k = 0; k < o->repeat; k++) {
		struct result r[2];

		run_both(bc, sz, o->fork_it, r);
		if (!r[0].ok || !r[1].ok)
			continue;
		for (int chk = 0; chk < 2; chk++) {
			t[chk][n] = r[chk].run_s;
			if (!n || r[chk].run_s < best[chk])
				best[chk] = r[chk].run_s;
		}
		n++;
	}
	if (!n || best[0] <= 0) {
		printf("  %9s checking costs: not measured (a run failed)\n", "");
		return;
	}
	med[0] = lcs_median(t[0], n);
	med[1] = lcs_median(t[1], n);
	/* judged as printed, to two decimals */
	ratio = round(best[1] / best[0] * 100) / 100;
	printf("  %9s checking costs %.2fx (--no-check %.3f s, checked %.3f s, best of %d each, "
	       "in turn; medians %.2fx): target <= 1.25x %s\n",
	       "", ratio, best[0], best[1], n, med[0] > 0 ? med[1] / med[0] : 0.0,
	       ratio <= 1.25 ? "holds" : "misses");
}

/* Case @bc at size @sz: run, print.  Returns: 1 when it failed, else 0. */
static int bench_size(const struct bcase *bc, const struct size *sz, const struct bench_opts *o,
		      struct result *prev, struct result *first)
{
	struct lcs_runs lcs = { .bin = bc->tkind == T_LCS ? o->lcs_bin : NULL };
	double times[MAX_REPEAT], med_s;
	struct lcs_gemsim g;
	struct result r;
	int ntimes;

	ntimes = run_repeats(bc, sz, o, &r, &lcs, times);
	if (!r.ok) {
		printf("  %9" PRIu64 " FAILED\n", sz->ram);
		return 1;
	}
	print_row(sz, &r, prev);
	med_s = lcs_median(times, ntimes);
	g = (struct lcs_gemsim){ r.requests,
				 r.cpu_faults,
				 r.ram,
				 (double)r.requests / r.run_s,
				 (double)r.requests / med_s,
				 ntimes,
				 bc->gen == gen_trace_ids };
	if (r.requests)
		print_trace(bc, &r, &lcs, &g);
	printf("  %9s cpu_faults %" PRIu64 ", jobs %" PRIu64 ", shrinker freed %" PRIu64
	       " pages visiting %" PRIu64 " objects (%.1f ns/freed page), gem %.1f MiB,"
	       " violations %" PRIu64 ", exit %d\n",
	       "", r.cpu_faults, r.jobs, r.shrinker_freed, r.shrinker_scanned,
	       r.shrinker_freed ? r.run_s * 1e9 / (double)r.shrinker_freed : 0.0,
	       (double)r.gem_bytes / (1024.0 * 1024.0), r.violations, r.code);
	if (bc->tkind == T_LCS) {
		lcs_target(&lcs, &g);
		print_steady(bc, sz, o->repeat, o->fork_it, o->lcs_bin);
	} else {
		print_target(bc, &r, med_s, ntimes, first);
	}
	if (o->check_cost)
		print_check_cost(bc, sz, o);
	*prev = r;
	if (!first->ok)
		*first = r;
	return r.code == 2;
}

int main(int argc, char **argv)
{
	struct bench_opts o = {
		.fork_it = true, .lcs_bin = getenv("LIBCACHESIM"), .only_size = -1, .repeat = 1
	};
	int failed = 0, code = parse_args(argc, argv, &o);

	if (code >= 0)
		return code;
	if (!o.print_json)
		printf("gemsim-bench (%s sizes%s, best of %d): one core, release build\n",
		       o.quick ? "quick" : "full", opt_check ? ", --check" : "", o.repeat);
	for (size_t c = 0; c < NCASES; c++) {
		const struct bcase *bc = &cases[c];
		struct size sizes[3];
		struct result prev = { 0 }, first = { 0 };

		if (!case_wanted(&o, bc->name))
			continue;
		memcpy(sizes, o.quick ? bc->quick : bc->full, sizeof(sizes));
		for (int i = 0; i < 3 && o.events; i++)
			sizes[i].events = o.events;
		if (o.print_json) {
			print_case_json(bc, sizes, &o);
			continue;
		}
		printf("\n%s: %s\n", bc->name, bc->what);
		printf("  %9s %8s %9s %10s %8s %9s %8s %8s %9s %7s %6s\n", "RAM pages", "objects",
		       "events", "run s", "ev/s", "pageops/s", "ns/ev", "setup s", "RSS MiB",
		       "B/page", "growth");
		for (int i = 0; i < 3 && sizes[i].ram; i++)
			if (o.only_size < 0 || i == o.only_size)
				failed |= bench_size(bc, &sizes[i], &o, &prev, &first);
	}
	/* the figure behind the default of costs.scan_object */
	if (!o.nonly && !o.print_json)
		failed |= bench_scan_visit(o.quick);
	return failed;
}
