/* SPDX-License-Identifier: MIT */
/*
 * sim/sim.h - the state of one simulation run, shared by every model module.
 *
 * All model memory hangs off one struct sim, so a run is created by
 * gem_sim_create() and freed by one gem_sim_destroy().  Modules keep their own state
 * behind the opaque pointers (struct gem, struct gpu) and reach each other
 * through this struct, never through globals.
 *
 *   struct sim
 *     now ............. the clock, integer nanoseconds
 *     cfg ............. memory sizes, policy knobs, limits (from the scenario)
 *     stats ........... counters (base/stats.h)
 *     gem ............. frames, swap, shmem objects, LRU, shrinker (gem/)
 *     gpu ............. devices, MMU, VMs, jobs, fences (gpu/)
 *     queue ........... pending timed events (sim/queue.h)
 *     log ............. warnings and invariant violations
 *
 * Library code never prints: warnings (kernel WARN conditions, a misuse of
 * the API by the scenario) and violations (an invariant of docs/model.md
 * broken by the modelled policy) are recorded here and reported by the
 * front end.
 */
#ifndef GEMSIM_SIM_SIM_H
#define GEMSIM_SIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/hist.h"
#include "base/rng.h"
#include "base/stats.h"

typedef uint64_t sim_ns;

/*
 * The simulated clock never passes SIM_TIME_MAX, 2^62 ns (about 146 years,
 * the largest time a scenario may give, UNITS_TIME_MAX), so a sum of two
 * times never wraps.  Every time the model adds up goes through
 * sim_time_add(): past the limit it gives SIM_TIME_PAST (adding to which
 * stays past), and whoever would use such a time reports it with
 * sim_time_past(), which stops the run.
 */
#define SIM_TIME_MAX ((sim_ns)1 << 62)
#define SIM_TIME_PAST (SIM_TIME_MAX + 1)

/* a + b, or SIM_TIME_PAST when that is past SIM_TIME_MAX. */
static inline sim_ns sim_time_add(sim_ns a, sim_ns b)
{
	sim_ns t;

	if (__builtin_add_overflow(a, b, &t) || t > SIM_TIME_MAX)
		return SIM_TIME_PAST;
	return t;
}

#define SIM_NONE UINT32_MAX

/* Results, mirroring the kernel's: 0 or a negative code. */
#define GEMSIM_ENOENT (-2)
#define GEMSIM_ENOMEM (-12)
#define GEMSIM_EFAULT (-14)
#define GEMSIM_EBUSY (-16)
#define GEMSIM_EINVAL (-22)
#define GEMSIM_ENOSPC (-28)
#define GEMSIM_SIGBUS (-1001)       /* fault handler returned VM_FAULT_SIGBUS */
#define GEMSIM_VM_FAULT_OOM (-1002) /* fault handler returned VM_FAULT_OOM */

const char *sim_strerror(int ret);

/* Kinds of named things a scenario refers to. */
enum sim_kind {
	SIM_K_BO,     /* shmem object */
	SIM_K_MAP,    /* CPU mapping (VMA) */
	SIM_K_DEVICE, /* GPU device */
	SIM_K_VM,     /* GPU VM */
	SIM_K_BUF,    /* dma-buf */
	SIM_K_ATT,    /* dma-buf attachment */
	SIM_K_JOB,    /* GPU job */
	SIM_K_COUNT
};

/*
 * The kernel a run models (the scenario's "model": {"kernel": NAME}).
 * Every rule where the sources differ reads it; docs/model.md has the
 * table, rule by rule, with the source of each.
 */
enum sim_kernel {
	SIM_KERNEL_V19,      /* mainline + "drm/shmem-helper: Add memory shrinker" v19 (2024) */
	SIM_KERNEL_MAINLINE, /* drm_gem_shmem_helper.c as merged; panfrost's own purge shrinker */
	SIM_KERNEL_COUNT
};

extern const char *const sim_kernel_names[SIM_KERNEL_COUNT];
extern const char *const sim_kernel_docs[SIM_KERNEL_COUNT];

/* The shrinker's structure (policy.shrinker). */
enum sim_shrinker {
	SIM_SHRINKER_GENERIC, /* v19: one evictable list, a purge pass then an evict pass */
	SIM_SHRINKER_MSM,     /* msm_gem_shrinker.c: dontneed / willneed lists, four stages */
	SIM_SHRINKER_COUNT
};

extern const char *const sim_shrinker_names[SIM_SHRINKER_COUNT];

/* Which uses move an object to the tail of its list (policy.touch). */
enum sim_touch {
	SIM_TOUCH_DRIVER, /* what the modelled driver moves (gem_touch(): msm jobs, else state) */
	SIM_TOUCH_JOBS,   /* GPU jobs and state changes (msm_gem_unpin_active at retire) */
	SIM_TOUCH_STATE,  /* state changes only (the v19 helper's update_lru calls) */
	SIM_TOUCH_ALL,    /* also every CPU access through an mmap (a what-if; trace replay) */
	SIM_TOUCH_COUNT
};

extern const char *const sim_touch_names[SIM_TOUCH_COUNT];

/* Who asks the shrinker for pages under memory pressure (policy.reclaim_driver). */
enum sim_reclaim_driver {
	SIM_RECLAIM_VMSCAN, /* as the kernel asks: do_shrink_slab() batches, priorities (gem/vmscan.c) */
	SIM_RECLAIM_EXACT, /* exactly the shortfall, one scan_objects call a round (a cache's view) */
	SIM_RECLAIM_DRIVER_COUNT
};

extern const char *const sim_reclaim_driver_names[SIM_RECLAIM_DRIVER_COUNT];

/*
 * The kernel's constants of the vmscan driver (policy.vmscan), defaults
 * from mm/shrinker.c (SHRINK_BATCH), include/linux/shrinker.h
 * (DEFAULT_SEEKS), include/linux/mmzone.h (DEF_PRIORITY) and
 * include/linux/swap.h (SWAP_CLUSTER_MAX).
 */
#define SIM_SHRINK_BATCH 128
#define SIM_DEFAULT_SEEKS 2
#define SIM_DEF_PRIORITY 12
#define SIM_SWAP_CLUSTER_MAX 32
#define SIM_MAX_PRIORITY 32 /* the highest def_priority a scenario may set */

/** struct sim_vmscan - the vmscan driver's knobs (policy.vmscan). */
struct sim_vmscan {
	uint64_t batch;            /* shrinker->batch; 0 = SHRINK_BATCH */
	uint64_t seeks;            /* shrinker->seeks; 0 = the kernel's freeable / 2 */
	unsigned def_priority;     /* DEF_PRIORITY: where each reclaim starts */
	uint64_t swap_cluster_max; /* direct reclaim's nr_to_reclaim */
};

/** struct sim_policy - the reclaim policy knobs of the scenario's `policy` block. */
struct sim_policy {
	unsigned reclaim;             /* index into the LRU policy table (gem/policy.c) */
	unsigned shrinker;            /* enum sim_shrinker */
	unsigned touch;               /* enum sim_touch */
	bool clock_insert_referenced; /* clock: an object enters with its bit set */
	bool vmap_pins;           /* vmap takes a pin (mainline and v19) or only a use reference */
	bool attach_pins;         /* dma-buf attach pins the exporter's pages */
	bool purge_first;         /* purge pass before the evict pass */
	bool evict;               /* false = purge-only shrinker (mainline panfrost) */
	sim_ns busy_wait;         /* how long the shrinker may wait on a busy object */
	uint64_t wm_low;          /* background reclaim starts below this many free frames */
	uint64_t wm_high;         /* ... and runs until this many are free */
	bool reclaim_pinned;      /* BROKEN on purpose (x-test knob): shrinker ignores pins */
	unsigned reclaim_driver;  /* enum sim_reclaim_driver */
	struct sim_vmscan vmscan; /* its knobs when vmscan */
};

/*
 * Default cost of one object visited by the shrinker (costs.scan_object):
 * drm_gem_lru_scan()'s per-object work, measured by `gemsim-bench
 * --scan-visit` at 206-360 ns from DRAM and 65-220 ns from a large
 * last-level cache; see docs/model.md ("The cost of a scan").
 */
#define SIM_SCAN_OBJECT_NS 220

/**
 * struct sim_costs - the latency of simulated operations (the "costs"
 * block), used for the time jobs stall and for latency figures.  Defaults
 * are in sim_config_defaults() and docs/model.md.
 */
struct sim_costs {
	sim_ns page_alloc;  /* allocate and clear one page */
	sim_ns swap_out;    /* write one page to swap */
	sim_ns swap_in;     /* read one page back from swap */
	sim_ns zap;         /* remove one CPU or GPU PTE */
	sim_ns tlb_flush;   /* one TLB flush */
	sim_ns fault;       /* fault handler entry and exit, CPU or GPU */
	sim_ns scan_object; /* the shrinker visits one object (lock, test, list move) */
};

/** struct sim_config - everything a scenario configures, after loading. */
struct sim_config {
	uint64_t ram_pages;  /* physical frames */
	uint64_t swap_pages; /* swap slots */
	uint32_t page_size;  /* bytes, a power of two */
	uint64_t seed;
	unsigned kernel; /* enum sim_kernel */
	unsigned hz;     /* model.hz: jiffies per second (CONFIG_HZ), for times
			      * given in jiffies (policy.busy_wait) */
	struct sim_policy policy;
	struct sim_costs costs;
};

/* Timed events the engine runs; a module adds a kind here and a case in run.c. */
enum sim_qkind {
	SIM_Q_SCENARIO, /* arg = index of a scenario event */
	SIM_Q_JOB_DONE, /* arg = job slot: its fence signals */
	SIM_Q_RECLAIM,  /* background reclaim pass */
	SIM_Q_WORKLOAD, /* arg = workload index: generate its next event */
	SIM_Q_KIND_COUNT
};

/** struct sim_report - one warning or violation, as kept for printing. */
struct sim_report {
	sim_ns at;          /* when */
	uint32_t event;     /* scenario event index that caused it, or SIM_NONE */
	uint16_t invariant; /* number in docs/model.md, 0 for a warning */
	char msg[230];
};

#define SIM_REPORTS_KEPT 200

/* Latency figures a policy is judged by (docs/model.md, "Costs and latency"). */
#define SIM_LATENCIES(X)                                                                     \
	X(fault_service, "CPU fault: handler entry + swap-in + allocation + reclaim it ran") \
	X(job_stall, "GPU job submission: swap-in of its evicted objects before it starts")  \
	X(reclaim, "one shrinker scan: the swap-outs and zaps it did")

enum sim_lat {
#define SIM_LAT_ENUM(name, doc) SIM_LAT_##name,
	SIM_LATENCIES(SIM_LAT_ENUM)
#undef SIM_LAT_ENUM
		SIM_LAT_COUNT
};

extern const char *const sim_lat_names[SIM_LAT_COUNT];
extern const char *const sim_lat_docs[SIM_LAT_COUNT];

/*
 * Things worth seeing happen: the model tells observers (the time-series
 * and trace writers, the viewer) through sim_observe().  With no observer
 * registered this costs one predictable branch.  EVICT and PURGE are told
 * before the pages move (the object's page array still holds the frames
 * they leave), SWAPIN after they came back, CPU_FAULT and SCAN_VISIT on
 * entry; STATE after any change of the object's state.
 */
enum sim_obs {
	SIM_OBS_EVICT,      /* a = bo, b = pages written to swap */
	SIM_OBS_PURGE,      /* a = bo, b = pages dropped */
	SIM_OBS_SWAPIN,     /* a = bo, b = pages read back */
	SIM_OBS_CPU_FAULT,  /* a = bo, b = page */
	SIM_OBS_GPU_FAULT,  /* a = vm, b = va */
	SIM_OBS_SCAN_BEGIN, /* b = nr_to_scan */
	SIM_OBS_SCAN_VISIT, /* a = bo the scan looks at */
	SIM_OBS_SCAN_END,   /* b = pages freed */
	SIM_OBS_SCAN_PASS, /* a = list id (gem/lru.h LRU_*), b = enum lru_pass_mode: a pass begins */
	SIM_OBS_SCAN_SPLICE, /* a = list id, b = objects rotated behind unvisited ones: the pass's
			      * still-in-list (the objects it visited and kept) goes back to the tail */
	SIM_OBS_OOM,         /* b = pages that could not be had */
	SIM_OBS_JOB_SUBMIT,  /* a = job slot: accepted, after the swap-ins it waits for */
	SIM_OBS_JOB_START,   /* a = job slot, b = (device << 32) | queue */
	SIM_OBS_JOB_END,     /* a = job slot, b = 1 when killed */
	SIM_OBS_STATE,       /* a = bo: its state (pages, pins, residency) changed */
	SIM_OBS_WARNING,     /* a = report index (or SIM_NONE when not kept) */
	SIM_OBS_VIOLATION,   /* a = report index (or SIM_NONE), b = invariant */
	SIM_OBS_COUNT
};

struct sim;
typedef void (*sim_observer_fn)(void *ctx, struct sim *s, enum sim_obs kind, uint32_t a,
				uint64_t b);

#define SIM_MAX_OBSERVERS 4

struct gem;
struct gpu;
struct sim_queue;
struct sim_name_chunk;
struct scenario;

/* Who made an object the scenario does not name: a churn workload, its n-th. */
struct sim_bo_gen {
	uint32_t wl; /* index in "workloads"; UINT32_MAX: none */
	uint64_t n;
};

struct sim {
	sim_ns now;    /* current simulated time */
	uint64_t step; /* engine steps run (queue pops): "the same use" */
	/* run-ahead (sim_run_ahead()): an internal event due before ahead_until
	 * (which sim_schedule() lowers to anything queued meanwhile) may run
	 * inside the current one; ahead_events counts those that did */
	sim_ns ahead_until;
	uint64_t ahead_events;
	void (*ahead_check)(struct sim *s); /* the runner's check after each event */
	struct sim_config cfg;              /* from the scenario */
	struct sim_stats stats;             /* counters */
	sim_ns work;                        /* simulated work done so far, by the cost model
				     * (sim_work_add(): at most SIM_TIME_MAX) */
	sim_ns end;                   /* the scenario's "end" (0: none): nothing past it runs */
	bool time_over;               /* sim_time_past() was called: the run must stop */
	char time_msg[SIM_ERROR_MSG]; /* ... and why (the first report) */
	bool time_located;            /* time_msg starts with its FILE:LINE: */
	struct sim_hist lat[SIM_LAT_COUNT]; /* latency histograms */
	struct sim_rng rng;                 /* the run's random stream */
	bool check;                         /* check invariants after every event */
	struct gem *gem;                    /* gem/ state */
	struct gpu *gpu;                    /* gpu/ state, NULL before gpu_create */
	struct sim_queue *queue;            /* pending timed events */
	const struct scenario *sc;          /* the scenario being run (names, events) */
	char **bo_names;                    /* names of objects the scenario does not name
				     * (a trace's), by slot, in names; NULL = none */
	uint32_t nbo_names;
	struct sim_name_chunk *names; /* where bo_names point: chunks that never move */
	struct sim_bo_gen *bo_gen;    /* by slot: the churn workload that made the object */
	uint32_t nbo_gen;
	uint32_t cur_event; /* scenario event being run, or SIM_NONE */

	/* reports: counted always, the first SIM_REPORTS_KEPT kept for printing */
	uint64_t warnings;
	uint64_t violations;
	uint64_t violations_by_inv[16];
	struct sim_report *reports;
	uint32_t nr_reports;

	/* observers (sim_observe_add) */
	sim_observer_fn obs_fn[SIM_MAX_OBSERVERS];
	void *obs_ctx[SIM_MAX_OBSERVERS];
	unsigned nr_obs;

	/* GPU hooks the object model calls when pages move (NULL: no GPU side) */
	void (*gpu_zap_bo)(struct sim *s, uint32_t bo);   /* clear PTEs, flush TLB */
	void (*gpu_unmap_bo)(struct sim *s, uint32_t bo); /* free: remove every mapping */
	int (*gpu_remap_bo)(struct sim *s, uint32_t bo);  /* rewrite PTEs after swap-in */
	/* invariant 5: check every GPU mapping of one object */
	void (*gpu_check_bo)(struct sim *s, uint32_t bo);
	/* a hash of the GPU PTEs of one object's mappings (gem_check_verify()) */
	uint64_t (*gpu_hash_bo)(struct sim *s, uint32_t bo);
	void (*gpu_destroy)(struct sim *s); /* frees s->gpu */
};

/**
 * sim_run_ahead() - may the firing in progress run its next step, due at
 * @at, now instead of queueing it?
 *
 * A workload that fires once per request (a trace replay: millions a run)
 * asks before it queues its next firing.  The answer is yes only when the
 * runner allowed run-ahead for this firing (sim_runner's "ahead", with no
 * sampling between events) and @at is before
 * s->ahead_until: the earliest scenario event, expectation, end or queued
 * event (a queued event at the same time came first: it has the lower
 * sequence; sim_schedule() lowers the bound to what a step queues).
 * Then the step is run as the engine would run
 * the popped event: the step before it is checked as the runner checks
 * every event (s->ahead_check, when checking is on), the clock moves to
 * @at, the step count and the event count go up, and the result is the
 * same run, event for event, without the queue's push and pop.
 */
static inline bool sim_run_ahead(struct sim *s, sim_ns at)
{
	if (at >= s->ahead_until)
		return false;
	if (s->ahead_check)
		s->ahead_check(s);
	s->now = at;
	s->step++;
	s->ahead_events++;
	return true;
}

/**
 * sim_observe_add() - register an observer.
 * Returns: 0, or -1 when SIM_MAX_OBSERVERS are registered already.
 */
int sim_observe_add(struct sim *s, sim_observer_fn fn, void *ctx);

/** sim_observe() - tell every observer that @kind happened. */
static inline void sim_observe(struct sim *s, enum sim_obs kind, uint32_t a, uint64_t b)
{
	for (unsigned i = 0; i < s->nr_obs; i++)
		s->obs_fn[i](s->obs_ctx[i], s, kind, a, b);
}

/**
 * sim_set_bo_name() - name object slot @bo for messages, traces and the
 * viewer, when the scenario does not (objects a trace creates).  @name is
 * copied.  Returns: 0, or -1 when host memory cannot be had.
 */
int sim_set_bo_name(struct sim *s, uint32_t bo, const char *name);

/**
 * sim_set_bo_made() - name object slot @bo "churn@wl.@n": the @n-th object
 * (from 0) churn workload @wl (its index in "workloads") made.  The name is
 * formatted when asked for, so a workload of millions of objects stores
 * none; it replaces a name sim_set_bo_name() gave the slot before.
 * Returns: 0, or -1 when host memory cannot be had.
 */
int sim_set_bo_made(struct sim *s, uint32_t bo, uint32_t wl, uint64_t n);

/** sim_config_defaults() - fill @cfg with the documented defaults of docs/format.md. */
void sim_config_defaults(struct sim_config *cfg);

/**
 * gem_sim_create() - a run with the object model set up for @cfg.
 * @cfg: memory sizes, policy, seed (copied).
 *
 * Returns: the run, or NULL when host memory cannot be had.  Free with
 * gem_sim_destroy().  Invariant checking is on by default in debug and test
 * builds (GEMSIM_CHECK_DEFAULT) and can be switched with s->check.
 */
struct sim *gem_sim_create(const struct sim_config *cfg);

/** gem_sim_destroy() - free a run and everything that hangs off it. */
void gem_sim_destroy(struct sim *s);

/*
 * gem_sim_create() and gem_sim_destroy() live in the model layer (gem/gem.c): a run
 * is the engine plus the model.  The engine's own halves, for them alone:
 * sim_engine_create() sets up clock, RNG, queue and reports (NULL when host
 * memory cannot be had); sim_engine_destroy() frees those and the run.
 */
struct sim *sim_engine_create(const struct sim_config *cfg);
void sim_engine_destroy(struct sim *s);

/**
 * sim_name() - a printable name for a scenario object.
 * @s: the run.
 * @kind: which namespace.
 * @idx: slot index.
 *
 * Returns: the scenario's name, or a generated one ("bo#12") for things a
 * workload made.  The string stays valid until the next call.
 */
const char *sim_name(const struct sim *s, enum sim_kind kind, uint32_t idx);

/**
 * sim_warn() - record a kernel WARN condition caused by the current event.
 * @s: the run.
 * @fmt: printf-style message.
 */
void sim_warn(struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/**
 * sim_violation() - record a breach of invariant @inv of docs/model.md.
 * @s: the run.
 * @inv: invariant number, 1..15.
 * @fmt: printf-style message.
 */
void sim_violation(struct sim *s, unsigned inv, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * sim_schedule() - queue a timed event.
 * @s: the run.
 * @at: absolute time, >= s->now.
 * @kind: what to run.
 * @arg: kind-specific argument.
 *
 * Events at the same time run in the order they were scheduled; scenario
 * events are scheduled first, so they run before same-time internal events.
 */
void sim_schedule(struct sim *s, sim_ns at, enum sim_qkind kind, uint32_t arg);

/**
 * sim_time_past() - a time the run needs is past SIM_TIME_MAX: stop the run.
 * @s: the run.
 * @at: the time past the limit (SIM_TIME_PAST will do), or 0 for work the
 *      cost model charges now.
 * @fmt: what pushed it (a job, a workload, a cost), printf-style.
 *
 * A future time past the scenario's "end" is never reached, so it is no
 * error; otherwise the first report is kept in s->time_msg ("...: passes the
 * limit of simulated time ...") and s->time_over tells the runner to stop
 * after the current step (run/run.c), as on a bad trace line.
 */
__attribute__((format(printf, 3, 4), cold)) void sim_time_past(struct sim *s, sim_ns at,
							       const char *fmt, ...);

/**
 * sim_cost() - @n units of cost @cost (a field of s->cfg.costs named @name),
 * checked: a product past SIM_TIME_MAX is reported (sim_time_past()) and
 * gives SIM_TIME_PAST.
 */
static inline sim_ns sim_cost(struct sim *s, uint64_t n, sim_ns cost, const char *name)
{
	sim_ns t;

	if (__builtin_mul_overflow(n, cost, &t) || t > SIM_TIME_MAX) {
		sim_time_past(s, 0, "\"costs.%s\" of %llu ns x %llu brings the simulated work",
			      name, (unsigned long long)cost, (unsigned long long)n);
		return SIM_TIME_PAST;
	}
	return t;
}

/**
 * sim_work_add() - charge @n units of cost @cost (named @name) to s->work,
 * checked as sim_cost(); past the limit s->work stays at SIM_TIME_PAST.
 */
static inline void sim_work_add(struct sim *s, uint64_t n, sim_ns cost, const char *name)
{
	sim_ns w = sim_time_add(s->work, sim_cost(s, n, cost, name));

	if (w == SIM_TIME_PAST && s->work != SIM_TIME_PAST)
		sim_time_past(s, 0, "\"costs.%s\" of %llu ns x %llu brings the simulated work",
			      name, (unsigned long long)cost, (unsigned long long)n);
	s->work = w;
}

#endif
