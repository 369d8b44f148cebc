// SPDX-License-Identifier: MIT
/*
 * gem/shm_job.c - what a job submission does to shmem GEM objects: the
 * reservation locks, the fences and the LRU touch.
 */
#include "gem/gem_int.h"
#include "gem/lru.h"
#include "gem/shm.h"

/* ---- locks ---- */

int shm_resv_lock(struct sim *s, uint32_t bo)
{
	SHM_LOOKUP(o, bo);

	if (o->resv_held) {
		sim_warn(s, "resv_lock of %s, already held (would deadlock)", shm_bo_name(s, o));
		return GEMSIM_EBUSY;
	}
	o->resv_held = true;
	if (!o->op_locks)
		shm_lock_changed(s, o, true);
	gem_mark_dirty(s, o, SHM_D_STATE);
	return 0;
}

int shm_resv_unlock(struct sim *s, uint32_t bo)
{
	SHM_LOOKUP(o, bo);

	if (!o->resv_held) {
		sim_warn(s, "resv_unlock of %s, not held", shm_bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	o->resv_held = false;
	if (!o->op_locks)
		shm_lock_changed(s, o, false);
	gem_mark_dirty(s, o, SHM_D_STATE);
	return 0;
}

int shm_op_lock(struct sim *s, uint32_t bo)
{
	SHM_LOOKUP(o, bo);

	shm_lock(s, o);
	return 0;
}

int shm_op_unlock(struct sim *s, uint32_t bo)
{
	SHM_LOOKUP(o, bo);

	if (!o->op_locks) {
		sim_warn(s, "op_unlock of %s, not locked", shm_bo_name(s, o));
		return GEMSIM_EINVAL;
	}
	shm_unlock(s, o);
	return 0;
}

/* ---- fences and jobs ---- */

int shm_job_check(const struct sim *s, const struct shm_object *o)
{
	switch (gem_driver(s)) {
	case GEM_DRV_PANFROST_V19: return o->madv != 0 ? GEMSIM_EINVAL : 0;
	case GEM_DRV_PANFROST: return 0;
	default: return o->madv < 0 ? GEMSIM_ENOMEM : 0;
	}
}

void shm_touch(struct sim *s, uint32_t bo)
{
	struct shm_object *o = shm_get(s, bo);

	if (o)
		lru_touch(s, o);
}

/* A fence more on @o, its counts only (the callers mark it dirty). */
static inline void fence_get(struct shm_object *o, sim_ns signal_at)
{
	o->nr_fences++;
	if (signal_at > o->fence_until)
		o->fence_until = signal_at;
}

static void fence_add(struct sim *s, struct shm_object *o, sim_ns signal_at)
{
	fence_get(o, signal_at);
	gem_mark_dirty(s, o, SHM_D_BUSY);
}

void shm_fence_add(struct sim *s, uint32_t bo, sim_ns signal_at)
{
	struct shm_object *o = shm_get(s, bo);

	if (o)
		fence_add(s, o, signal_at);
}

static __attribute__((cold, noinline)) void warn_no_fence(struct sim *s, const struct shm_object *o)
{
	sim_warn(s, "fence signalled on %s, which has none pending", shm_bo_name(s, o));
}

/* A fence of @o signalled, its counts only: false (and a warning) if it had none. */
static inline bool fence_put(struct sim *s, struct shm_object *o)
{
	if (__builtin_expect(!o->nr_fences, 0)) {
		warn_no_fence(s, o);
		return false;
	}
	if (--o->nr_fences == 0)
		o->fence_until = 0;
	return true;
}

static void fence_signal(struct sim *s, struct shm_object *o)
{
	if (fence_put(s, o))
		gem_mark_dirty(s, o, SHM_D_BUSY);
}

void shm_fence_signal(struct sim *s, uint32_t bo)
{
	struct shm_object *o = shm_get(s, bo);

	if (o)
		fence_signal(s, o);
}

/*
 * gem_mark_dirty() for the objects of a job, whether anyone checks or
 * observes asked once per job (job_quiet()): asked per object, it is read
 * again after every store to an object, which might for all the compiler
 * knows be the flag.  Quiet, gem_mark_dirty() stores the same flag
 * whatever the object, so a loop that marks every object may mark one.
 */
static inline bool job_quiet(const struct sim *s)
{
	return !s->check && !s->nr_obs;
}

static inline void job_mark_dirty(struct sim *s, struct shm_object *o, bool quiet)
{
	if (quiet)
		s->gem->dirty_overflow = true;
	else if (gem_busy_checked(s, o))
		gem_mark_dirty_slow(s, o, SHM_D_BUSY);
}

/* A job's object: alive, as the submission looked it up (and it holds its lock). */
static inline struct shm_object *job_obj(struct shm_object *const *objs, uint32_t i)
{
	SIM_ASSERT(objs[i]->alive);
	return objs[i];
}

struct shm_table shm_table(struct sim *s)
{
	return (struct shm_table){ s->gem->objs, s->gem->nobjs };
}

void shm_job_lock(struct sim *s, struct shm_object *const *objs, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		shm_lock(s, job_obj(objs, i));
}

void shm_job_unlock(struct sim *s, struct shm_object *const *objs, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		struct shm_object *o = job_obj(objs, i);

		SIM_ASSERT(o->op_locks > 0);
		shm_unlock(s, o);
	}
}

int shm_job_swapin(struct sim *s, struct shm_object *const *objs, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		struct shm_object *o = job_obj(objs, i);
		int ret;

		if (!o->evicted || o->imported)
			continue;
		/* shm_swapin() */
		shm_lock(s, o);
		ret = shm_swapin_locked(s, o);
		shm_unlock(s, o);
		if (ret)
			return ret;
	}
	return 0;
}

void shm_job_commit(struct sim *s, struct shm_object *const *objs, uint32_t n, sim_ns signal_at)
{
	bool touch = gem_touch(s) != SIM_TOUCH_STATE;

	for (uint32_t i = 0; i < n; i++) {
		struct shm_object *o = job_obj(objs, i);

		if (touch)
			lru_touch(s, o);
		fence_add(s, o, signal_at);
		SIM_ASSERT(o->op_locks > 0);
		shm_unlock(s, o);
	}
}

void shm_job_commit_unlocked(struct sim *s, struct shm_object *const *objs, uint32_t n,
			     sim_ns signal_at)
{
	bool quiet = job_quiet(s);

	/* no observer: nothing sees the fences before the touches (the checker
	 * reads the dirty list in the same object order) */
	for (uint32_t i = 0; i < n; i++) {
		struct shm_object *o = job_obj(objs, i);

		fence_get(o, signal_at);
		if (!quiet)
			job_mark_dirty(s, o, false);
	}
	if (quiet && n)
		job_mark_dirty(s, objs[0], true);
	if (gem_touch(s) != SIM_TOUCH_STATE)
		lru_touch_objs(s, objs, n);
}

void shm_job_signal(struct sim *s, struct shm_object *const *objs, uint32_t n)
{
	bool quiet = job_quiet(s);

	/* a freed object is not alive (its struct stays): what shm_get() would say */
	for (uint32_t i = 0; i < n; i++) {
		struct shm_object *o = objs[i];

		if (o->alive && fence_put(s, o))
			job_mark_dirty(s, o, quiet);
	}
}
