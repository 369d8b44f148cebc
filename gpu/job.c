// SPDX-License-Identifier: MIT
/*
 * gpu/job.c - GPU jobs, their fences, the device queues and AS slots.
 *
 * Models panfrost_ioctl_submit/panfrost_job_push (lock every object's
 * reservation, attach the job's fence to each, unlock), the shrinker
 * series' swap-in of evicted objects at submission, a drm_sched queue per
 * hardware queue (jobs of one queue run in order, queues run in parallel),
 * panfrost_job_hw_submit taking the VM's address space with
 * panfrost_mmu_as_get (which may steal an idle VM's slot, whose TLB entries
 * then go) and the job's completion dropping it with panfrost_mmu_as_put.
 *
 * Timing: a job is ready at submission + its swap-in stall; it starts when
 * it is ready, at the head of its queue and its VM has a slot; it ends
 * `duration` later, plus the cost of the GPU faults (heap growth) it takes.
 * Fences carry the end expected at submission: the shrinker's bounded wait
 * (policy.busy_wait) decides on that deadline.
 *
 * The pool of jobs never shrinks; a retired job's slot and its bos[] buffer
 * are reused, so a steady stream of submissions allocates nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "gem/shm.h"
#include "gpu/gpu_int.h"
#include "base/grow.h"

#define NONE SIM_NONE

static const char *job_name(const struct sim *s, uint32_t j)
{
	const struct job *J = &s->gpu->jobs[j];

	return J->name != NONE ? sim_name(s, SIM_K_JOB, J->name) : sim_name(s, SIM_K_JOB, j);
}

/* ---- the pool ----------------------------------------------------------- */

static uint32_t job_alloc(struct gpu *g)
{
	uint32_t j;

	if (g->free_job != NONE) {
		j = g->free_job;
		g->free_job = g->jobs[j].next;
	} else {
		/* slots must leave GPU_JOB_WAKE free in an event's argument */
		if (g->njobs == g->cap_jobs && (uint64_t)g->cap_jobs * 2 > GPU_JOB_WAKE)
			return NONE;
		if (grow_array_zero(g->jobs, g->cap_jobs, (uint64_t)g->njobs + 1, 32))
			return NONE;
		j = g->njobs++;
	}
	g->jobs_live++;
	return j;
}

static void job_release(struct gpu *g, uint32_t j)
{
	struct job *J = &g->jobs[j];

	J->state = JOB_FREE;
	J->nbos = 0;
	J->next = g->free_job;
	g->free_job = j;
	g->jobs_live--;
}

static int job_reserve_bos(struct job *J, uint32_t n)
{
	struct shm_object **o;

	if (n <= J->cap_bos)
		return 0;
	o = realloc(J->objs, (size_t)n * sizeof(*o));
	if (!o)
		return GEMSIM_ENOMEM;
	J->objs = o;
	J->cap_bos = n;
	return 0;
}

void job_destroy_all(struct gpu *g)
{
	for (uint32_t j = 0; j < g->njobs; j++) {
		free(g->jobs[j].objs);
	}
	free(g->jobs);
	g->jobs = NULL;
	g->njobs = g->cap_jobs = g->jobs_live = 0;
	g->free_job = NONE;
}

/* ---- AS slots ----------------------------------------------------------- */

int job_as_get(struct sim *s, uint32_t dev, uint32_t vm)
{
	struct gpu_dev *d = &s->gpu->devs[dev];
	uint32_t victim = AS_NO_VM;
	int ret = as_get(d->as, vm, &victim);

	if (ret < 0)
		return ret == MMU_EBUSY ? GEMSIM_EBUSY : GEMSIM_EINVAL;
	if (victim != AS_NO_VM) {
		/* the victim's translations were cached under its AS: they go */
		tlb_flush_asid(d->tlb, victim);
		s->stats.tlb_flushes++;
		s->stats.as_steals++;
	}
	return 0;
}

/* ---- starting and retiring ---------------------------------------------- */

static void wait_append(struct gpu_dev *d, struct gpu *g, uint32_t j)
{
	g->jobs[j].wnext = NONE;
	if (d->wait_tail != NONE)
		g->jobs[d->wait_tail].wnext = j;
	else
		d->wait_head = j;
	d->wait_tail = j;
}

/* Start job @j, at the head of its queue and ready, if its VM gets a slot. */
static bool try_start(struct sim *s, uint32_t j)
{
	struct gpu *g = s->gpu;
	struct job *J = &g->jobs[j];
	struct gpu_queue *q = &g->devs[J->dev].queues[J->queue];

	SIM_ASSERT(q->head == j && s->now >= J->ready_at);
	if (job_as_get(s, J->dev, J->vm))
		return false;
	J->state = JOB_RUNNING;
	J->start = s->now;
	/* a purged object's mappings are gone: its first access faults */
	J->end = sim_time_add(s->now, J->faults ? 0 : J->duration);
	if (J->end > SIM_TIME_MAX)
		sim_time_past(s, J->end, "job %s of %llu ns, started at %llu ns, would end",
			      job_name(s, j), (unsigned long long)J->duration,
			      (unsigned long long)s->now);
	if (J->end > J->est_end)
		q->free_at = sim_time_add(q->free_at, J->end - J->est_end); /* all behind it move */
	g->vms[J->vm].nrunning++;
	sim_schedule(s, J->end, SIM_Q_JOB_DONE, j);
	sim_observe(s, SIM_OBS_JOB_START, j, ((uint64_t)J->dev << 32) | J->queue);
	return true;
}

/* The head of queue @qi may go: after its stall, when it gets a slot. */
static void start_head(struct sim *s, uint32_t dev, uint32_t qi)
{
	struct gpu *g = s->gpu;
	struct gpu_dev *d = &g->devs[dev];
	uint32_t j = d->queues[qi].head;
	struct job *J;

	if (j == NONE)
		return;
	J = &g->jobs[j];
	if (J->state != JOB_QUEUED)
		return;
	if (s->now < J->ready_at) {
		if (J->ready_at > SIM_TIME_MAX)
			sim_time_past(s, J->ready_at,
				      "job %s, waiting for its swap-ins (the cost "
				      "model), would start",
				      job_name(s, j));
		J->state = JOB_STALLED;
		sim_schedule(s, J->ready_at, SIM_Q_JOB_DONE, j | GPU_JOB_WAKE);
		return;
	}
	if (!try_start(s, j)) {
		J->state = JOB_WAIT_AS;
		wait_append(d, g, j);
		s->stats.job_as_waits++;
	}
}

void job_retry_waiters(struct sim *s, uint32_t dev)
{
	struct gpu *g = s->gpu;
	struct gpu_dev *d = &g->devs[dev];
	uint32_t prev = NONE;

	for (uint32_t j = d->wait_head; j != NONE;) {
		uint32_t next = g->jobs[j].wnext;

		if (try_start(s, j)) {
			if (prev != NONE)
				g->jobs[prev].wnext = next;
			else
				d->wait_head = next;
			if (d->wait_tail == j)
				d->wait_tail = prev;
			g->jobs[j].wnext = NONE;
		} else {
			prev = j;
		}
		j = next;
	}
}

/*
 * Job @j leaves the GPU: its fences signal, its slot reference goes, the
 * next job of its queue and the jobs waiting for a slot may start.  A
 * killed job keeps its pool slot until its pending end event arrives.
 */
static void retire(struct sim *s, uint32_t j, bool killed)
{
	struct gpu *g = s->gpu;
	struct job *J = &g->jobs[j];
	struct gpu_dev *d = &g->devs[J->dev];
	struct gpu_queue *q = &d->queues[J->queue];
	uint32_t dev = J->dev, qi = J->queue;

	SIM_ASSERT(J->state == JOB_RUNNING && q->head == j);
	sim_observe(s, SIM_OBS_JOB_END, j, killed);
	shm_job_signal(s, J->objs, J->nbos);
	if (as_put(d->as, J->vm))
		sim_warn(s, "job %s: as_put of %s without an active reference", job_name(s, j),
			 sim_name(s, SIM_K_VM, J->vm));
	g->vms[J->vm].nrunning--;
	q->head = J->next;
	if (q->head == NONE)
		q->tail = NONE;
	q->njobs--;
	if (killed) {
		/* the jobs behind it move up by what it did not run */
		sim_ns left = J->end - s->now;

		q->free_at = q->free_at > s->now + left ? q->free_at - left : s->now;
		J->state = JOB_KILLED;
		s->stats.jobs_killed++;
	} else {
		job_release(g, j);
		s->stats.jobs_completed++;
	}
	start_head(s, dev, qi);
	if (d->wait_head != NONE)
		job_retry_waiters(s, dev);
}

void gpu_job_done(struct sim *s, uint32_t arg)
{
	struct gpu *g = s->gpu;
	uint32_t j = arg & ~GPU_JOB_WAKE;
	struct job *J;

	SIM_ASSERT(g && j < g->njobs);
	J = &g->jobs[j];
	if (arg & GPU_JOB_WAKE) {
		SIM_ASSERT(J->state == JOB_STALLED);
		J->state = JOB_QUEUED;
		start_head(s, J->dev, J->queue);
		return;
	}
	if (J->state == JOB_KILLED) {
		job_release(g, j);
		return;
	}
	SIM_ASSERT(J->state == JOB_RUNNING);
	if (s->now < J->end) {
		/* held up by a GPU fault since this event was scheduled */
		sim_schedule(s, J->end, SIM_Q_JOB_DONE, j);
		return;
	}
	if (J->faults) {
		/*
		 * mainline panfrost ran a job using a purged object: the
		 * translation fault is terminal (panfrost_mmu_irq_handler_thread()
		 * disables the AS, killing the VM's jobs); this is its end event
		 */
		s->stats.gpu_faults++;
		sim_observe(s, SIM_OBS_GPU_FAULT, J->vm, 0);
		job_kill_vm(s, J->vm);
		if (J->state == JOB_KILLED)
			job_release(g, j);
		return;
	}
	retire(s, j, false);
}

/* The running jobs of @vm: at most one per queue of its device (the heads). */
static uint32_t running_of(const struct sim *s, uint32_t vm, uint32_t *out)
{
	const struct gpu *g = s->gpu;
	const struct gpu_dev *d = &g->devs[g->vms[vm].dev];
	uint32_t n = 0;

	if (!g->vms[vm].nrunning)
		return 0;
	for (uint32_t qi = 0; qi < d->nqueues; qi++) {
		uint32_t j = d->queues[qi].head;

		if (j != NONE && g->jobs[j].state == JOB_RUNNING && g->jobs[j].vm == vm)
			out[n++] = j;
	}
	return n;
}

void job_kill_vm(struct sim *s, uint32_t vm)
{
	uint32_t run[AS_SLOTS_MAX];
	uint32_t n;

	/*
	 * Collect first: retiring one job may start another of the same VM,
	 * which began after the fault and must survive it.
	 */
	n = running_of(s, vm, run);
	for (uint32_t i = 0; i < n; i++)
		retire(s, run[i], true);
}

void job_stall_vm(struct sim *s, uint32_t vm, sim_ns delay)
{
	struct gpu *g = s->gpu;
	uint32_t run[AS_SLOTS_MAX];
	uint32_t n = running_of(s, vm, run);

	for (uint32_t i = 0; i < n; i++) {
		struct job *J = &g->jobs[run[i]];

		struct gpu_queue *q = &g->devs[J->dev].queues[J->queue];

		J->end = sim_time_add(J->end, delay);
		if (J->end > SIM_TIME_MAX)
			sim_time_past(s, J->end,
				      "job %s, held up %llu ns by a GPU fault, would end",
				      job_name(s, run[i]), (unsigned long long)delay);
		q->free_at = sim_time_add(q->free_at, delay);
		if (__builtin_add_overflow(s->stats.gpu_fault_stall_ns, delay,
					   &s->stats.gpu_fault_stall_ns))
			s->stats.gpu_fault_stall_ns = UINT64_MAX;
	}
}

bool job_vm_uses(const struct sim *s, uint32_t vm, uint32_t bo)
{
	uint32_t run[AS_SLOTS_MAX];
	uint32_t n = running_of(s, vm, run);

	for (uint32_t i = 0; i < n; i++) {
		const struct job *J = &s->gpu->jobs[run[i]];

		for (uint32_t k = 0; k < J->nbos; k++)
			if (J->objs[k]->slot == bo)
				return true;
	}
	return false;
}

/* ---- submission --------------------------------------------------------- */

/*
 * The queue of @d that frees up first (lowest index on a tie).  No queue is
 * free before now, so the first one free now is the answer.
 */
static uint32_t pick_queue(const struct sim *s, const struct gpu_dev *d)
{
	uint32_t best = 0;
	sim_ns now = s->now, best_at = UINT64_MAX;

	for (uint32_t qi = 0; qi < d->nqueues; qi++) {
		const struct gpu_queue *q = &d->queues[qi];

		if (!q->njobs || q->free_at <= now)
			return qi;
		if (q->free_at < best_at) {
			best_at = q->free_at;
			best = qi;
		}
	}
	return best;
}

static int submit_fail(struct sim *s, int ret)
{
	s->stats.jobs_failed++;
	return ret;
}

/*
 * panfrost_lookup_bos(): each object must exist and be mapped in VM @vm
 * (the first object that is not decides the error); then the driver's
 * test of madv (shm_job_check()), before changing anything.  Fills the
 * job's objects; *@evicted: one of them is swapped out.
 */
static int job_lookup_bos(struct sim *s, struct job *J, uint32_t vm, const uint32_t *bos,
			  uint32_t nbos, bool *evicted)
{
	struct shm_table table = shm_table(s);
	bool purged = false;
	int refused = 0;

	for (uint32_t i = 0; i < nbos; i++) {
		struct shm_object *o = shm_table_get(table, bos[i]);

		if (!o)
			return GEMSIM_ENOENT;
		if (vm_find_mapping(s->gpu, vm, bos[i]) == NONE)
			return GEMSIM_EINVAL;
		J->objs[i] = o;
		if (!refused)
			refused = shm_job_check(s, o);
		purged |= o->madv < 0;
		*evicted |= o->evicted;
	}
	if (refused)
		return refused;
	J->nbos = nbos;
	J->faults = purged;
	return 0;
}

/*
 * Job @j, ready after @stall, joins the tail of a queue of its VM's
 * device; its objects' fences end when it is estimated to.
 */
static void job_enqueue(struct sim *s, uint32_t j, uint32_t vm, sim_ns stall, sim_ns duration,
			uint32_t name, bool locked)
{
	struct gpu *g = s->gpu;
	struct job *J = &g->jobs[j];
	struct gpu_dev *d = &g->devs[g->vms[vm].dev];
	uint32_t qi = pick_queue(s, d);
	struct gpu_queue *q = &d->queues[qi];
	/* past the limit these stay past (sim_time_add()); reported when used */
	sim_ns start = sim_time_add(s->now, stall);

	if (q->njobs && q->free_at > start)
		start = q->free_at;
	J->state = JOB_QUEUED;
	J->vm = vm;
	J->dev = g->vms[vm].dev;
	J->queue = qi;
	J->name = name;
	J->ready_at = sim_time_add(s->now, stall);
	J->duration = duration;
	J->est_end = sim_time_add(start, duration);
	J->start = J->end = 0;
	J->next = J->wnext = NONE;
	if (locked)
		shm_job_commit(s, J->objs, J->nbos, J->est_end);
	else
		shm_job_commit_unlocked(s, J->objs, J->nbos, J->est_end);

	if (q->tail != NONE)
		g->jobs[q->tail].next = j;
	else
		q->head = j;
	q->tail = j;
	q->njobs++;
	q->free_at = J->est_end;
	s->stats.jobs_submitted++;
	sim_observe(s, SIM_OBS_JOB_SUBMIT, j, 0);
	start_head(s, J->dev, qi);
}

int gpu_submit(struct sim *s, uint32_t vm, const uint32_t *bos, uint32_t nbos, sim_ns duration,
	       uint32_t name)
{
	struct gpu *g = s->gpu;
	struct shm_object **objs;
	bool evicted = false, locked;
	sim_ns stall, work0;
	struct job *J;
	uint32_t j;
	int ret;

	if (!g || vm >= g->nvms)
		return submit_fail(s, GEMSIM_ENOENT);
	/*
	 * The job first, for its array of object pointers: a submission that
	 * fails below gives its slot back as it took it (the next one takes
	 * the same), so only running out of host memory comes first.
	 */
	j = job_alloc(g);
	if (j == NONE)
		return submit_fail(s, GEMSIM_ENOMEM);
	J = &g->jobs[j];
	if (job_reserve_bos(J, nbos)) {
		job_release(g, j);
		return submit_fail(s, GEMSIM_ENOMEM);
	}
	objs = J->objs;
	ret = job_lookup_bos(s, J, vm, bos, nbos, &evicted);
	if (ret)
		goto err_release;
	/*
	 * drm_gem_lock_reservations(): the shrinker cannot take them from here
	 * on.  Only a swap-in runs anything (reclaim) before the commit drops
	 * them, and only an observer could look in between (the checker runs
	 * after the event): with neither, shm_job_commit_unlocked() leaves
	 * them out.
	 */
	locked = evicted || s->nr_obs;
	if (locked)
		shm_job_lock(s, objs, nbos);
	/*
	 * The job waits for its swap-ins, and for the reclaim they had to run
	 * first: the stall is the simulated work they did (the cost model).
	 */
	work0 = s->work;
	/* nothing evicted at lookup: locked since, nothing can have been */
	if (evicted)
		ret = shm_job_swapin(s, objs, nbos);
	if (ret)
		goto err_unlock;
	stall = s->work - work0;
	s->stats.job_swapin_stall_ns += stall;
	sim_hist_add(&s->lat[SIM_LAT_job_stall], stall);
	job_enqueue(s, j, vm, stall, duration, name, locked);
	return 0;

err_unlock:
	shm_job_unlock(s, objs, nbos);
err_release:
	job_release(g, j);
	return submit_fail(s, ret);
}

uint32_t gpu_jobs_pending(const struct sim *s)
{
	return s->gpu ? s->gpu->jobs_live : 0;
}
