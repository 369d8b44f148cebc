// SPDX-License-Identifier: MIT
/*
 * tests/test_lru_cache.c - an "ids" trace replayed under the lru policy is
 * an LRU cache: gemsim with RAM of N pages misses exactly where an ideal LRU
 * cache of N entries misses (docs/performance.md, "Miss-ratio curves").
 *
 * Each trace (uniform, zipf, loops smaller and larger than the cache, a
 * phase change) is drawn from the project's RNG, written to a temporary
 * file, and replayed through the real path: scenario_load_text() of a
 * scenario with a "trace" workload, "format": "ids", and run_scenario().
 * A miss is a CPU fault (cpu_faults): the first access to an id is a
 * compulsory miss in both, a later one misses when the id was evicted.
 *
 * The equivalence holds when swap has room for every id evicted at once
 * plus one (swap_pages > distinct ids - N: a swap-in takes its frame, which
 * means evicting the victim to a free slot, before it gives its own slot
 * back), watermarks are off (the default), nothing else takes frames and
 * reclaim asks for the shortfall (policy.reclaim_driver "exact"; the
 * kernel's vmscan driver frees batches of 128 ahead of need).  Then a miss
 * needs one frame, direct reclaim asks the shrinker for one page, and the evict pass takes the head of the evictable list: the least
 * recently used id.  With less swap the shrinker cannot evict and the
 * access fails (VM_FAULT_OOM): the last test shows it.
 */
#include <check.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/load.h"
#include "base/rng.h"
#include "run/run.h"
#include "sim/scenario.h"
#include "sim/sim.h"

enum trace_kind { T_UNIFORM, T_ZIPF, T_LOOP_SMALL, T_LOOP_LARGE, T_PHASES, T_KINDS };

static const char *const kind_names[T_KINDS] = {
	"uniform", "zipf", "loop-small", "loop-large", "phases",
};

/* ---- the reference: an LRU cache of n entries over ids 0..nids-1 ---- */

struct ref_lru {
	uint32_t *prev, *next; /* a list from most (head) to least (tail) recently used */
	bool *in;
	uint32_t head, tail, size, cap;
};

#define REF_NONE UINT32_MAX

static void ref_init(struct ref_lru *c, uint32_t nids, uint32_t cap)
{
	c->prev = calloc(nids, sizeof(*c->prev));
	c->next = calloc(nids, sizeof(*c->next));
	c->in = calloc(nids, sizeof(*c->in));
	ck_assert(c->prev && c->next && c->in);
	c->head = c->tail = REF_NONE;
	c->size = 0;
	c->cap = cap;
}

static void ref_unlink(struct ref_lru *c, uint32_t id)
{
	if (c->prev[id] != REF_NONE)
		c->next[c->prev[id]] = c->next[id];
	else
		c->head = c->next[id];
	if (c->next[id] != REF_NONE)
		c->prev[c->next[id]] = c->prev[id];
	else
		c->tail = c->prev[id];
}

/* Access @id; returns whether it missed. */
static bool ref_access(struct ref_lru *c, uint32_t id)
{
	bool miss = !c->in[id];

	if (!miss) {
		ref_unlink(c, id);
	} else if (c->size == c->cap) {
		uint32_t victim = c->tail;

		ref_unlink(c, victim);
		c->in[victim] = false;
	} else {
		c->size++;
	}
	c->in[id] = true;
	c->prev[id] = REF_NONE;
	c->next[id] = c->head;
	if (c->head != REF_NONE)
		c->prev[c->head] = id;
	c->head = id;
	if (c->tail == REF_NONE)
		c->tail = id;
	return miss;
}

static void ref_free(struct ref_lru *c)
{
	free(c->prev);
	free(c->next);
	free(c->in);
}

/*
 * The other reference: libCacheSim's Clock (cache/eviction/Clock.c, its
 * default n-bit-counter=1).  Clock_insert() puts a missed id at the head
 * with freq 0; a hit sets freq to 1; Clock_evict() takes the tail, and
 * while the tail has freq >= 1 it clears it and moves it to the head.
 * The same list as ref_lru: head = newest.
 */
static void link_head(struct ref_lru *c, uint32_t id)
{
	c->prev[id] = REF_NONE;
	c->next[id] = c->head;
	if (c->head != REF_NONE)
		c->prev[c->head] = id;
	c->head = id;
	if (c->tail == REF_NONE)
		c->tail = id;
}

static bool ref_clock_access(struct ref_lru *c, bool *freq, uint32_t id)
{
	if (c->in[id]) {
		freq[id] = true;
		return false;
	}
	if (c->size == c->cap) {
		uint32_t victim = c->tail;

		while (freq[victim]) {
			freq[victim] = false;
			ref_unlink(c, victim);
			link_head(c, victim);
			victim = c->tail;
		}
		ref_unlink(c, victim);
		c->in[victim] = false;
	} else {
		c->size++;
	}
	c->in[id] = true;
	freq[id] = false;
	link_head(c, id);
	return true;
}

/* ---- traces ---- */

/* @len ids of kind @k over 0..nids-1, from @seed. */
static uint32_t *make_trace(enum trace_kind k, uint32_t nids, uint32_t len, uint64_t seed)
{
	uint32_t *t = malloc(len * sizeof(*t));
	double *cdf = NULL;
	struct sim_rng rng;

	ck_assert_ptr_nonnull(t);
	rng_seed(&rng, seed);
	if (k == T_ZIPF) {
		double sum = 0;

		cdf = malloc(nids * sizeof(*cdf));
		ck_assert_ptr_nonnull(cdf);
		for (uint32_t i = 0; i < nids; i++)
			cdf[i] = (sum += 1.0 / pow(i + 1, 0.9));
		for (uint32_t i = 0; i < nids; i++)
			cdf[i] /= sum;
	}
	for (uint32_t i = 0; i < len; i++) {
		switch (k) {
		case T_UNIFORM: t[i] = (uint32_t)sim_rng_below(&rng, nids); break;
		case T_ZIPF: {
			double u = sim_rng_double(&rng);
			uint32_t lo = 0, hi = nids - 1;

			while (lo < hi) {
				uint32_t mid = lo + (hi - lo) / 2;

				if (cdf[mid] > u)
					hi = mid;
				else
					lo = mid + 1;
			}
			/* scatter the ranks so hot ids are not the first created */
			t[i] = (uint32_t)(((uint64_t)lo * 7919) % nids);
			break;
		}
		case T_LOOP_SMALL: t[i] = i % (nids / 4); break;
		case T_LOOP_LARGE: t[i] = i % nids; break;
		case T_PHASES:
		default:
			/* a working set of nids/8 that jumps every len/6 accesses */
			t[i] = (uint32_t)((i / (len / 6)) * (nids / 8) % nids +
					  sim_rng_below(&rng, nids / 8)) %
			       nids;
			break;
		}
	}
	free(cdf);
	return t;
}

/* Write the trace as one id per line ("k<id>", a comment and a blank line thrown in). */
static void write_trace(const char *path, const uint32_t *t, uint32_t len)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fprintf(f, "# an ids trace\n\n");
	for (uint32_t i = 0; i < len; i++)
		fprintf(f, "k%" PRIu32 "\n", t[i]);
	ck_assert_int_eq(fclose(f), 0);
}

/* ---- gemsim as a cache ---- */

struct cache_run {
	uint64_t faults, oom, actions, errors, evicted;
	int code;
};

static struct cache_run run_gemsim_policy(const char *path, uint32_t ram, uint32_t swap,
					  const char *policy)
{
	char json[1024];
	struct sim_error err;
	struct scenario *sc;
	struct run_result *r = calloc(1, sizeof(*r));
	struct cache_run out;
	struct sim *s;
	int n;

	ck_assert_ptr_nonnull(r);
	n = snprintf(json, sizeof(json),
		     "{ \"version\": 1, \"name\": \"lru-cache\",\n"
		     "  \"memory\": { \"ram_pages\": %u, \"swap_pages\": %u },\n"
		     "  \"policy\": { \"reclaim\": \"%s\", \"touch\": \"all\",\n"
		     "    \"reclaim_driver\": \"exact\" },\n"
		     "  \"workloads\": [ { \"type\": \"trace\", \"file\": \"%s\","
		     " \"format\": \"ids\" } ] }\n",
		     ram, swap, policy, path);
	ck_assert_int_lt(n, (int)sizeof(json));
	sc = scenario_load_text("lru-cache.json", json, (size_t)n, NULL, &err);
	if (!sc)
		ck_abort_msg("%s:%u:%u: %s", err.file, err.line, err.col, err.msg);
	s = run_setup(sc);
	ck_assert_ptr_nonnull(s);
	out.code = run_scenario(s, sc, r);
	out.faults = s->stats.cpu_faults;
	out.oom = s->stats.oom;
	out.evicted = s->stats.pages_evicted;
	out.actions = r->nworkloads ? r->workloads[0].actions : 0;
	out.errors = r->nworkloads ? r->workloads[0].errors : 0;
	ck_assert_uint_eq(s->violations, 0);
	gem_sim_destroy(s);
	scenario_free(sc);
	free(r);
	return out;
}

static struct cache_run run_gemsim(const char *path, uint32_t ram, uint32_t swap)
{
	return run_gemsim_policy(path, ram, swap, "lru");
}

static char tmp_path[64];

static void make_tmp(void)
{
	int fd;

	snprintf(tmp_path, sizeof(tmp_path), "/tmp/gemsim-lru-XXXXXX");
	fd = mkstemp(tmp_path);
	ck_assert_int_ge(fd, 0);
	close(fd);
}

static void drop_tmp(void)
{
	unlink(tmp_path);
}

/* Every kind of trace, several cache sizes: the same misses as the reference. */
START_TEST(test_ids_trace_under_lru_misses_like_an_lru_cache)
{
	enum trace_kind k = (enum trace_kind)_i;
	const uint32_t nids = 512, len = 12000;
	const uint32_t sizes[] = { 1, 7, 64, 128, 200, 383, 511, 512, 600 };
	uint32_t *t = make_trace(k, nids, len, 1000 + (uint64_t)k);

	make_tmp();
	write_trace(tmp_path, t, len);
	for (size_t j = 0; j < sizeof(sizes) / sizeof(sizes[0]); j++) {
		struct ref_lru c;
		uint64_t misses = 0;
		struct cache_run g;

		ref_init(&c, nids, sizes[j]);
		for (uint32_t i = 0; i < len; i++)
			misses += ref_access(&c, t[i]);
		ref_free(&c);
		/* swap for every id (> distinct - N): the condition of the equivalence */
		g = run_gemsim(tmp_path, sizes[j], nids);
		ck_assert_int_eq(g.code, 0);
		ck_assert_uint_eq(g.actions, len);
		ck_assert_uint_eq(g.errors, 0);
		ck_assert_uint_eq(g.oom, 0);
		if (g.faults != misses)
			ck_abort_msg("%s trace, %u pages: gemsim %" PRIu64
				     " misses, LRU cache %" PRIu64,
				     kind_names[k], sizes[j], g.faults, misses);
		/* a sanity check on the trace itself: not all misses */
		if (sizes[j] >= 200 && sizes[j] < nids && k != T_LOOP_LARGE)
			ck_assert_uint_lt(misses, len);
	}
	drop_tmp();
	free(t);
}
END_TEST

/* clock, with its default insertion rule, misses exactly as libCacheSim's Clock. */
START_TEST(test_ids_trace_under_clock_misses_like_libcachesim_clock)
{
	enum trace_kind k = (enum trace_kind)_i;
	const uint32_t nids = 512, len = 12000;
	const uint32_t sizes[] = { 1, 7, 64, 128, 200, 383, 511, 512, 600 };
	uint32_t *t = make_trace(k, nids, len, 2000 + (uint64_t)k);
	bool *freq = calloc(nids, sizeof(*freq));

	ck_assert_ptr_nonnull(freq);
	make_tmp();
	write_trace(tmp_path, t, len);
	for (size_t j = 0; j < sizeof(sizes) / sizeof(sizes[0]); j++) {
		struct ref_lru c;
		uint64_t misses = 0;
		struct cache_run g;

		ref_init(&c, nids, sizes[j]);
		memset(freq, 0, nids * sizeof(*freq));
		for (uint32_t i = 0; i < len; i++)
			misses += ref_clock_access(&c, freq, t[i]);
		ref_free(&c);
		g = run_gemsim_policy(tmp_path, sizes[j], nids, "clock");
		ck_assert_int_eq(g.code, 0);
		ck_assert_uint_eq(g.errors, 0);
		if (g.faults != misses)
			ck_abort_msg("%s trace, %u pages: gemsim clock %" PRIu64 " misses, "
				     "libCacheSim Clock %" PRIu64,
				     kind_names[k], sizes[j], g.faults, misses);
	}
	drop_tmp();
	free(freq);
	free(t);
}
END_TEST

/* A loop one larger than the cache misses on every access: LRU's worst case. */
START_TEST(test_loop_one_larger_than_ram_always_misses)
{
	const uint32_t n = 100, len = 5000;
	uint32_t *t = malloc(len * sizeof(*t));
	struct cache_run g;

	ck_assert_ptr_nonnull(t);
	for (uint32_t i = 0; i < len; i++)
		t[i] = i % (n + 1);
	make_tmp();
	write_trace(tmp_path, t, len);
	g = run_gemsim(tmp_path, n, n + 1);
	ck_assert_uint_eq(g.faults, len);
	ck_assert_uint_eq(g.evicted, len - n);
	/* and one page more makes every access after the first round a hit */
	g = run_gemsim(tmp_path, n + 1, n + 1);
	ck_assert_uint_eq(g.faults, n + 1);
	drop_tmp();
	free(t);
}
END_TEST

/* Swap for every evicted id and one more, or the shrinker cannot evict and accesses fail. */
START_TEST(test_equivalence_needs_swap_for_every_evicted_id)
{
	const uint32_t n = 32, nids = 128, len = 2000;
	uint32_t *t = make_trace(T_UNIFORM, nids, len, 7);
	struct cache_run g;

	make_tmp();
	write_trace(tmp_path, t, len);
	g = run_gemsim(tmp_path, n, nids - n + 1); /* just enough */
	ck_assert_uint_eq(g.oom, 0);
	ck_assert_uint_eq(g.errors, 0);
	g = run_gemsim(tmp_path, n, nids - n); /* one short: the last swap-in cannot evict */
	ck_assert_uint_gt(g.oom, 0);
	ck_assert_uint_gt(g.errors, 0);
	drop_tmp();
	free(t);
}
END_TEST

extern Suite *lru_cache_suite(void);
Suite *lru_cache_suite(void)
{
	Suite *su = suite_create("lru_cache");
	TCase *tc = tcase_create("ids trace as an LRU cache");

	tcase_add_loop_test(tc, test_ids_trace_under_lru_misses_like_an_lru_cache, 0, T_KINDS);
	tcase_add_loop_test(tc, test_ids_trace_under_clock_misses_like_libcachesim_clock, 0,
			    T_KINDS);
	tcase_add_test(tc, test_loop_one_larger_than_ram_always_misses);
	tcase_add_test(tc, test_equivalence_needs_swap_for_every_evicted_id);
	suite_add_tcase(su, tc);
	return su;
}
