/* SPDX-License-Identifier: MIT */
/*
 * tests/gem_fixture.h - helpers shared by the gem/ test suites.
 */
#ifndef GEMSIM_TESTS_GEM_FIXTURE_H
#define GEMSIM_TESTS_GEM_FIXTURE_H

#include <check.h>
#include <stdio.h>

#include "gem/dmabuf.h"
#include "gem/gem.h"
#include "gem/lru.h"
#include "gem/pg.h"
#include "gem/shm.h"
#include "gem/shrink.h"
#include "gpu/gpu.h"
#include "sim/queue.h"
#include "sim/sim.h"

/* A run with @ram frames and @swap slots and the default policy. */
static inline struct sim *fx_sim(uint64_t ram, uint64_t swap)
{
	struct sim_config cfg;
	struct sim *s;

	sim_config_defaults(&cfg);
	cfg.ram_pages = ram;
	cfg.swap_pages = swap;
	s = gem_sim_create(&cfg);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* The same with a policy adjusted by the caller first. */
static inline struct sim *fx_sim_policy(uint64_t ram, uint64_t swap, const struct sim_policy *p)
{
	struct sim_config cfg;
	struct sim *s;

	sim_config_defaults(&cfg);
	cfg.ram_pages = ram;
	cfg.swap_pages = swap;
	cfg.policy = *p;
	s = gem_sim_create(&cfg);
	ck_assert_ptr_nonnull(s);
	return s;
}

static inline struct sim_policy fx_policy(void)
{
	struct sim_config cfg;

	sim_config_defaults(&cfg);
	return cfg.policy;
}

/* A created object with @npages pages and one use reference (its pages allocated). */
static inline struct shm_object *fx_bo_with_pages(struct sim *s, uint32_t bo, uint64_t npages)
{
	ck_assert_int_eq(shm_create(s, bo, npages, 0), 0);
	ck_assert_int_eq(shm_get_pages(s, bo), 0);
	return shm_get(s, bo);
}

/*
 * shrink_scan(), answered in frames: the frames it released, or SHRINK_STOP
 * when it released none.  (shrink_scan() itself returns what the modelled
 * driver returns: SHRINK_STOP from v19 unless a lock was contended.)
 */
static inline int64_t fx_scan(struct sim *s, uint64_t nr)
{
	uint64_t before = s->stats.shrinker_pages_freed;

	shrink_scan(s, nr);
	before = s->stats.shrinker_pages_freed - before;
	return before ? (int64_t)before : SHRINK_STOP;
}

/* Check every invariant, expect @violations of them, free the run. */
static inline void fx_finish_expect(struct sim *s, uint64_t violations)
{
	gem_check_dirty(s);
	gem_check_all(s);
	if (s->violations != violations)
		for (uint32_t i = 0; i < s->nr_reports; i++)
			fprintf(stderr, "  report: inv %u: %s\n", s->reports[i].invariant,
				s->reports[i].msg);
	ck_assert_uint_eq(s->violations, violations);
	gem_sim_destroy(s);
}

static inline void fx_finish(struct sim *s)
{
	fx_finish_expect(s, 0);
}

/*
 * Run the queued internal events (job ends, background reclaim) up to and
 * including time @t, checking the invariants after each; the clock then
 * stands at @t (UINT64_MAX: at the last event).
 */
static inline void fx_run_until(struct sim *s, sim_ns t)
{
	struct sim_qev q;

	while (sim_queue_len(s->queue) && sim_queue_peek_time(s->queue) <= t) {
		ck_assert(sim_queue_pop(s->queue, &q));
		s->now = q.at;
		if (q.kind == SIM_Q_JOB_DONE)
			gpu_job_done(s, q.arg);
		else if (q.kind == SIM_Q_RECLAIM)
			gem_background_reclaim(s);
		if (s->check)
			gem_check_dirty(s);
	}
	if (t > s->now && t != UINT64_MAX)
		s->now = t;
}

#endif
