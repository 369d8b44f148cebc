// SPDX-License-Identifier: MIT
/*
 * tests/test_perf.c - the optimisations of docs/performance.md change
 * nothing a run can observe.
 *
 * Each shortcut is run against the slow path it replaces: the purge pass
 * accounted in O(1) against the real walk (an observer forces the walk),
 * the lazily popped event queue against a sorted reference.  No timings
 * here: the bench (make bench) measures, tests only check outcomes.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gem/gem_int.h"
#include "run/load.h"
#include "run/run.h"
#include "sim/queue.h"
#include "base/rng.h"
#include "tests/gem_fixture.h"

/* ---- the purge pass: O(1) accounting == the walk ---- */

static void count_visits(void *ctx, struct sim *s, enum sim_obs kind, uint32_t a, uint64_t b)
{
	(void)s;
	(void)a;
	(void)b;
	if (kind == SIM_OBS_SCAN_VISIT)
		(*(uint64_t *)ctx)++;
}

#define NBO 48

/*
 * A random mix of the operations that move objects between lists and lock
 * them, and shrinks, drawn from @seed: the same calls whatever the results.
 */
static struct sim *random_run(unsigned policy, uint64_t seed, bool observe, uint64_t *visits)
{
	struct sim_policy p = fx_policy();
	struct sim_rng rng;
	struct sim *s;

	p.reclaim = policy;
	s = fx_sim_policy(160, 400, &p);
	if (observe)
		ck_assert_int_eq(sim_observe_add(s, count_visits, visits), 0);
	rng_seed(&rng, seed);
	for (uint32_t bo = 0; bo < NBO; bo++)
		ck_assert_int_eq(shm_create(s, bo, 1 + sim_rng_below(&rng, 6), 0), 0);
	for (int step = 0; step < 3000; step++) {
		uint32_t bo = (uint32_t)sim_rng_below(&rng, NBO);
		struct shm_object *o = shm_get(s, bo);

		switch (sim_rng_below(&rng, 12)) {
		case 0:
		case 1: shm_get_pages(s, bo); break;
		case 2:
			if (o->pages_use_count > 1)
				shm_put_pages(s, bo);
			break;
		case 3: shm_madvise(s, bo, sim_rng_below(&rng, 4) == 0); break;
		case 4:
			if (o->pages_pin_count < 2 && !o->evicted)
				shm_pin(s, bo);
			break;
		case 5:
			if (o->pages_pin_count > 0)
				shm_unpin(s, bo);
			break;
		case 6:
			if (o->resv_held)
				shm_resv_unlock(s, bo);
			else
				shm_resv_lock(s, bo);
			break;
		case 7: shm_touch(s, bo); break;
		case 8:
		case 9: shrink_scan(s, 1 + sim_rng_below(&rng, 24)); break;
		case 10:
			if (pg_other_frames(s) < 64)
				pg_pressure(s, 1 + sim_rng_below(&rng, 16));
			break;
		default:
			if (pg_other_frames(s))
				pg_release(s, 1 + sim_rng_below(&rng, pg_other_frames(s)));
			break;
		}
		gem_check_dirty(s);
	}
	return s;
}

/* The slot order of list @id, into @out; returns its length. */
static uint32_t list_order(struct sim *s, unsigned id, uint32_t *out)
{
	uint32_t n = 0;

	for (uint32_t b = s->gem->lists[id].head; b != SIM_NONE; b = s->gem->links[b].next)
		out[n++] = b;
	return n;
}

START_TEST(test_purge_pass_shortcut_counts_what_the_walk_counts)
{
	unsigned policy = (unsigned)_i;

	for (uint64_t seed = 1; seed <= 6; seed++) {
		uint64_t visits = 0;
		struct sim *fast = random_run(policy, seed, false, NULL);
		struct sim *slow = random_run(policy, seed, true, &visits);

		/* the same counters, the shortcut's visits included */
		ck_assert_uint_eq(fast->stats.shrinker_objects_scanned,
				  slow->stats.shrinker_objects_scanned);
		ck_assert_uint_eq(fast->stats.shrinker_skipped_locked,
				  slow->stats.shrinker_skipped_locked);
		ck_assert_uint_eq(visits, slow->stats.shrinker_objects_scanned);
		ck_assert(memcmp(&fast->stats, &slow->stats, sizeof(fast->stats)) == 0);
		ck_assert_uint_gt(fast->stats.shrinker_pages_freed, 0);
		ck_assert_uint_gt(fast->stats.shrinker_skipped_locked, 0);
		/* and every list in the same order */
		for (unsigned id = LRU_PINNED; id < LRU_NR_LISTS; id++) {
			uint32_t a[NBO], b[NBO];
			uint32_t na = list_order(fast, id, a), nb = list_order(slow, id, b);

			ck_assert_uint_eq(na, nb);
			ck_assert(memcmp(a, b, na * sizeof(a[0])) == 0);
		}
		fx_finish(fast);
		fx_finish(slow);
	}
}
END_TEST

/* The counts the shortcut relies on follow locks taken while on a list. */
START_TEST(test_list_counts_follow_locks_and_madvise)
{
	struct sim *s = fx_sim(64, 64);
	const struct lru_list *ev = &s->gem->lists[LRU_EVICTABLE];

	fx_bo_with_pages(s, 0, 4);
	fx_bo_with_pages(s, 1, 2);
	ck_assert_uint_eq(ev->nobjs, 2);
	ck_assert_uint_eq(ev->npurgeable, 0);
	ck_assert_int_eq(shm_madvise(s, 1, true), 1);
	ck_assert_uint_eq(ev->npurgeable, 1);
	ck_assert_int_eq(shm_resv_lock(s, 0), 0);
	ck_assert_uint_eq(ev->nlocked, 1);
	ck_assert_uint_eq(ev->locked_pages, 4);
	/* an operation under the held lock nests; the count does not move */
	ck_assert_int_eq(shm_get_pages(s, 0), 0);
	ck_assert_uint_eq(ev->nlocked, 1);
	ck_assert_int_eq(shm_resv_unlock(s, 0), 0);
	ck_assert_uint_eq(ev->nlocked, 0);
	ck_assert_uint_eq(ev->locked_pages, 0);
	/* the purge pass finds the purgeable one; the other is evicted */
	ck_assert_int_eq(fx_scan(s, 6), 6);
	ck_assert_int_eq(shm_get(s, 1)->madv, -1);
	ck_assert(shm_get(s, 0)->evicted);
	ck_assert_uint_eq(ev->npurgeable, 0);
	ck_assert_uint_eq(ev->nobjs, 0);
	fx_finish(s);
}
END_TEST

/* ---- the incremental check of a fault looks at the faulted pages ---- */

START_TEST(test_check_after_a_fault_sees_a_bad_pte_of_that_page)
{
	struct sim *s = fx_sim(64, 64);
	struct shm_vma *v;

	s->check = true;
	fx_bo_with_pages(s, 0, 32);
	ck_assert_int_eq(shm_mmap(s, 0, 0, false), 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 3, 3, false), 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 17, 17, false), 0);
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations, 0);
	ck_assert_int_eq(shm_cpu_access(s, 0, 9, 9, false), 0);
	v = &s->gem->vmas[0];
	ck_assert(shm_get(s, 0)->dirty & SHM_D_PTE_RANGE);
	v->tbl.pte[9] = v->tbl.pte[3]; /* corrupt the PTE the fault just wrote */
	gem_check_dirty(s);
	ck_assert_uint_eq(s->violations_by_inv[6], 1);
	v->tbl.pte[9] = shm_get(s, 0)->pages[9];
	ck_assert_int_eq(shm_munmap(s, 0), 0);
	ck_assert_int_eq(shm_put_pages(s, 0), 0);
	fx_finish_expect(s, 1);
}
END_TEST

/*
 * shm_prefetch_access() is timing only: whatever it is asked, known or
 * unknown mapping and slot, near or far, on a list or not, the model is
 * the same afterwards (and an unknown one reads nothing: under
 * AddressSanitizer an out-of-range read would be reported).
 */
START_TEST(test_prefetch_changes_nothing)
{
	struct sim *s = fx_sim(64, 64);
	struct sim_stats before;
	struct shm_object copy;
	uint32_t order[8], n;

	for (uint32_t bo = 0; bo < 3; bo++) {
		fx_bo_with_pages(s, bo, 1 + bo);
		ck_assert_int_eq(shm_mmap(s, bo, bo, false), 0);
		ck_assert_int_eq(shm_cpu_access(s, bo, 0, 0, false), 0);
	}
	before = s->stats;
	copy = *shm_get(s, 1);
	n = list_order(s, shm_get(s, 1)->lru, order);
	for (int near = 0; near < 2; near++) {
		shm_prefetch_access(s, 1, 1, near);
		shm_prefetch_access(s, 0, 2, near);
		shm_prefetch_access(s, 999, 1, near);
		shm_prefetch_access(s, 1, 999, near);
		shm_prefetch_access(s, SIM_NONE, SIM_NONE, near);
	}
	ck_assert_int_eq(memcmp(&before, &s->stats, sizeof(before)), 0);
	ck_assert_int_eq(memcmp(&copy, shm_get(s, 1), sizeof(copy)), 0);
	{
		uint32_t after[8];

		ck_assert_uint_eq(list_order(s, shm_get(s, 1)->lru, after), n);
		ck_assert_int_eq(memcmp(order, after, n * sizeof(*order)), 0);
	}
	for (uint32_t bo = 0; bo < 3; bo++) {
		ck_assert_int_eq(shm_munmap(s, bo), 0);
		ck_assert_int_eq(shm_put_pages(s, bo), 0);
	}
	fx_finish(s);
}
END_TEST

/* ---- the lazily popped queue ---- */

START_TEST(test_lazy_pop_gives_events_in_time_then_push_order)
{
	struct sim_queue *q = sim_queue_create();
	struct sim_rng rng;
	uint64_t now = 0, last_at = 0, last_arg = 0, pushed = 0, popped = 0;
	bool have_last = false;

	ck_assert_ptr_nonnull(q);
	rng_seed(&rng, 42);
	for (int step = 0; step < 200000; step++) {
		uint64_t r = sim_rng_below(&rng, 10);

		if (r < 5) {
			/* a handler scheduling at or after now, often exactly now */
			uint64_t at = now + (r == 0 ? 0 : sim_rng_below(&rng, 50));

			ck_assert_int_eq(sim_queue_push(q, at, 0, (uint32_t)pushed), 0);
			pushed++;
		} else if (r < 9) {
			struct sim_qev ev;
			uint64_t peek = sim_queue_peek_time(q);

			if (!sim_queue_pop(q, &ev)) {
				ck_assert_uint_eq(peek, UINT64_MAX);
				continue;
			}
			ck_assert_uint_eq(ev.at, peek);
			/* time never goes back; equal times come out in push order */
			ck_assert_uint_ge(ev.at, now);
			if (have_last && ev.at == last_at)
				ck_assert_uint_gt(ev.arg, last_arg);
			now = last_at = ev.at;
			last_arg = ev.arg;
			have_last = true;
			popped++;
		} else {
			ck_assert_uint_eq(sim_queue_len(q), pushed - popped);
		}
	}
	ck_assert_uint_eq(sim_queue_len(q), pushed - popped);
	sim_queue_destroy(q);
}
END_TEST

/* ---- run-ahead: a workload's firings run inline == one event at a time ---- */

/*
 * Every kind of workload at once, interleaved at close intervals, with
 * scenario events and timed expectations in between (each wanting 0, so
 * each fails and its message says what it got at that time), background
 * reclaim queued by the runs themselves, and an end: @trace is an ids file.
 */
static struct scenario *ahead_scenario(const char *trace)
{
	char json[4096];
	struct sim_error err;
	struct scenario *sc;
	int n = snprintf(
		json, sizeof(json),
		"{ \"version\": 1, \"name\": \"ahead\", \"seed\": 7,\n"
		"  \"memory\": { \"ram_pages\": 400, \"swap_pages\": 4096 },\n"
		"  \"policy\": { \"reclaim\": \"lru\", \"touch\": \"all\",\n"
		"              \"watermarks\": { \"low\": 16, \"high\": 48 } },\n"
		"  \"devices\": [ { \"name\": \"gpu0\", \"queues\": 2 } ],\n"
		"  \"vms\": [ { \"name\": \"vm0\", \"device\": \"gpu0\" } ],\n"
		"  \"objects\": [ { \"name\": \"tex\", \"count\": 24, \"pages\": 4 },\n"
		"               { \"name\": \"buf\", \"count\": 8, \"pages\": 8 } ],\n"
		"  \"workloads\": [\n"
		"    { \"type\": \"trace\", \"file\": \"%s\", \"format\": \"ids\", \"interval\": \"3us\" },\n"
		"    { \"type\": \"cpu_access\", \"objects\": \"buf*\", \"pattern\": \"zipf\",\n"
		"      \"interval\": \"2us\", \"end\": \"8ms\" },\n"
		"    { \"type\": \"gpu_jobs\", \"vm\": \"vm0\", \"objects\": \"tex*\", \"pattern\": \"zipf\",\n"
		"      \"per_job\": 3, \"duration\": \"20us\", \"rate\": 20000, \"end\": \"12ms\" },\n"
		"    { \"type\": \"churn\", \"min_size\": \"4KiB\", \"max_size\": \"32KiB\",\n"
		"      \"lifetime\": \"1ms\", \"madvise\": \"dontneed\", \"rate\": 5000, \"end\": \"10ms\" },\n"
		"    { \"type\": \"pressure\", \"shape\": \"sine\", \"low\": 0, \"high\": 120,\n"
		"      \"period\": \"4ms\", \"interval\": \"50us\", \"end\": \"14ms\" } ],\n"
		"  \"events\": [ { \"at\": \"1ms\", \"op\": \"get_pages\", \"bo\": \"tex0\" },\n"
		"              { \"at\": \"3000us\", \"op\": \"madvise\", \"bo\": \"tex1\", \"advice\": \"dontneed\" },\n"
		"              { \"at\": \"5ms\", \"op\": \"put_pages\", \"bo\": \"tex0\" },\n"
		"              { \"at\": \"15500us\", \"op\": \"shrink\", \"nr\": 200 } ],\n"
		"  \"expect\": [ { \"at\": \"999us\", \"that\": { \"stats.cpu_faults\": 0 } },\n"
		"              { \"at\": \"2ms\", \"that\": { \"stats.pages_evicted\": 0 } },\n"
		"              { \"at\": \"7001us\", \"that\": { \"stats.cpu_faults\": 0 } },\n"
		"              { \"at\": \"15001us\", \"that\": { \"stats.cpu_faults\": 0 } },\n"
		"              { \"at\": \"16ms\", \"that\": { \"stats.cpu_faults\": 0 } },\n"
		"              { \"at\": \"end\", \"that\": { \"stats.cpu_faults\": 0 } } ],\n"
		"  \"end\": \"17ms\" }\n",
		trace);

	ck_assert_int_lt(n, (int)sizeof(json));
	sc = scenario_load_text("ahead.json", json, (size_t)n, NULL, &err);
	if (!sc)
		ck_abort_msg("%s:%u:%u: %s", err.file, err.line, err.col, err.msg);
	return sc;
}

struct ahead_run {
	struct run_result r;
	struct sim_stats stats;
	sim_ns now, work;
	uint64_t step, pushes, lat_n[SIM_LAT_COUNT], lat_sum[SIM_LAT_COUNT];
};

/*
 * Run @sc with run-ahead up to @ahead (0: none), one run_step() at a
 * time, checking the invariants after every event when @check.
 */
static struct sim *ahead_sim(const struct scenario *sc, sim_ns ahead, bool check,
			     struct ahead_run *out)
{
	struct sim *s = run_setup(sc);
	struct sim_runner rn;

	ck_assert_ptr_nonnull(s);
	s->check = check;
	run_init(&rn, s, sc, &out->r);
	rn.ahead = ahead;
	while (run_step(&rn))
		;
	run_finish(&rn);
	out->stats = s->stats;
	out->now = s->now;
	out->work = s->work;
	out->step = s->step;
	out->pushes = sim_queue_pushes(s->queue);
	for (int i = 0; i < SIM_LAT_COUNT; i++) {
		out->lat_n[i] = s->lat[i].count;
		out->lat_sum[i] = s->lat[i].sum;
	}
	return s;
}

static void ahead_run(const struct scenario *sc, sim_ns ahead, bool check, struct ahead_run *out)
{
	struct sim *s = ahead_sim(sc, ahead, check, out);

	ck_assert_uint_eq(s->violations, 0);
	gem_sim_destroy(s);
}

START_TEST(test_run_ahead_runs_the_same_run)
{
	char path[] = "/tmp/gemsim-ahead-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	uint64_t x = 3;
	struct ahead_run *a = calloc(4, sizeof(*a));
	const sim_ns aheads[4] = { 0, UINT64_MAX, 12000000, UINT64_MAX };
	struct scenario *sc;

	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_nonnull(a);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < 6000; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		fprintf(f, "%llu\n", (unsigned long long)(x >> 33) % 700);
	}
	ck_assert_int_eq(fclose(f), 0);
	sc = ahead_scenario(path);
	/* checked without run-ahead, unchecked with it, and checked with it */
	for (int i = 0; i < 4; i++)
		ahead_run(sc, aheads[i], i == 0 || i == 3, &a[i]);
	for (int i = 1; i < 4; i++) {
		ck_assert_uint_eq(a[i].r.events, a[0].r.events);
		ck_assert_uint_eq(a[i].r.failed, a[0].r.failed);
		ck_assert_uint_eq(a[i].r.nfails, a[0].r.nfails);
		for (uint32_t k = 0; k < a[0].r.nfails; k++)
			ck_assert_str_eq(a[i].r.fails[k].msg, a[0].r.fails[k].msg);
		ck_assert_int_eq(memcmp(&a[i].stats, &a[0].stats, sizeof(a[0].stats)), 0);
		ck_assert_int_eq(
			memcmp(a[i].r.workloads, a[0].r.workloads, sizeof(a[0].r.workloads)), 0);
		ck_assert_uint_eq(a[i].now, a[0].now);
		ck_assert_uint_eq(a[i].work, a[0].work);
		ck_assert_uint_eq(a[i].step, a[0].step);
		ck_assert_int_eq(memcmp(a[i].lat_n, a[0].lat_n, sizeof(a[0].lat_n)), 0);
		ck_assert_int_eq(memcmp(a[i].lat_sum, a[0].lat_sum, sizeof(a[0].lat_sum)), 0);
	}
	/* a run that goes through the queue for each firing, and two that skip it */
	ck_assert_uint_eq(a[0].r.nfails, 6);
	ck_assert_uint_gt(a[0].stats.background_reclaims, 0);
	ck_assert_uint_gt(a[0].pushes, a[2].pushes + 1000);
	ck_assert_uint_gt(a[2].pushes, a[1].pushes + 1000);
	ck_assert_uint_eq(a[3].pushes, a[1].pushes);
	scenario_free(sc);
	free(a);
	unlink(path);
}
END_TEST

/*
 * With checking on, each step a firing runs ahead is checked after it, as
 * the runner checks each event: a broken policy (reclaim_pinned) breaks
 * invariant 3 in the middle of a trace, and the same violations are
 * reported at the same times, with and without run-ahead.
 */
START_TEST(test_run_ahead_checks_every_step)
{
	char path[] = "/tmp/gemsim-ahead-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	char json[1024];
	struct sim_error err;
	struct scenario *sc;
	struct ahead_run *a = calloc(2, sizeof(*a));
	struct sim *s[2];
	int n;

	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_nonnull(a);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < 3000; i++)
		fprintf(f, "%d\n", (i * 7) % 90);
	ck_assert_int_eq(fclose(f), 0);
	n = snprintf(
		json, sizeof(json),
		"{ \"version\": 1, \"name\": \"ahead-check\",\n"
		"  \"memory\": { \"ram_pages\": 64, \"swap_pages\": 512 },\n"
		"  \"policy\": { \"reclaim\": \"lru\", \"touch\": \"all\", \"reclaim_pinned\": true },\n"
		"  \"objects\": [ { \"name\": \"fb\", \"pages\": 4 } ],\n"
		"  \"events\": [ { \"at\": \"1us\", \"op\": \"pin\", \"bo\": \"fb\" },\n"
		"              { \"at\": \"2ms\", \"op\": \"unpin\", \"bo\": \"fb\" } ],\n"
		"  \"workloads\": [ { \"type\": \"trace\", \"file\": \"%s\", \"format\": \"ids\",\n"
		"                   \"start\": \"10us\", \"interval\": \"1us\" } ] }\n",
		path);
	ck_assert_int_lt(n, (int)sizeof(json));
	sc = scenario_load_text("ahead-check.json", json, (size_t)n, NULL, &err);
	if (!sc)
		ck_abort_msg("%s:%u:%u: %s", err.file, err.line, err.col, err.msg);
	s[0] = ahead_sim(sc, 0, true, &a[0]);
	s[1] = ahead_sim(sc, UINT64_MAX, true, &a[1]);
	ck_assert_uint_gt(s[0]->violations, 0);
	ck_assert_uint_eq(s[1]->violations, s[0]->violations);
	ck_assert_uint_eq(s[1]->nr_reports, s[0]->nr_reports);
	for (uint32_t k = 0; k < s[0]->nr_reports; k++) {
		ck_assert_uint_eq(s[1]->reports[k].at, s[0]->reports[k].at);
		ck_assert_str_eq(s[1]->reports[k].msg, s[0]->reports[k].msg);
	}
	ck_assert_uint_eq(a[1].r.events, a[0].r.events);
	ck_assert_uint_lt(a[1].pushes + 1000, a[0].pushes);
	gem_sim_destroy(s[0]);
	gem_sim_destroy(s[1]);
	scenario_free(sc);
	free(a);
	unlink(path);
}
END_TEST

extern Suite *perf_suite(void);
Suite *perf_suite(void)
{
	Suite *su = suite_create("perf");
	TCase *tc;

	tc = tcase_create("shrinker shortcuts");
	tcase_add_loop_test(tc, test_purge_pass_shortcut_counts_what_the_walk_counts, 0,
			    (int)lru_policy_count());
	tcase_add_test(tc, test_list_counts_follow_locks_and_madvise);
	suite_add_tcase(su, tc);

	tc = tcase_create("incremental checks");
	tcase_add_test(tc, test_check_after_a_fault_sees_a_bad_pte_of_that_page);
	tcase_add_test(tc, test_prefetch_changes_nothing);
	suite_add_tcase(su, tc);

	tc = tcase_create("event queue");
	tcase_add_test(tc, test_lazy_pop_gives_events_in_time_then_push_order);
	tcase_add_test(tc, test_run_ahead_runs_the_same_run);
	tcase_add_test(tc, test_run_ahead_checks_every_step);
	suite_add_tcase(su, tc);
	return su;
}
