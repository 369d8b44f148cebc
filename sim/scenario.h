/* SPDX-License-Identifier: MIT */
/*
 * sim/scenario.h - a scenario after loading: configuration, named things,
 * the event list and the expectations, all validated.
 *
 * The loader (sim/scenario.c) turns the JSON of docs/format.md into this form
 * and reports every problem as file:line:col.  Names are resolved to slot
 * indices once, at load time, so the engine never looks a string up:
 *
 *   names[SIM_K_BO]  = { "bo0", "heap0", ... }    slot i <-> name i
 *   events[]         = { at, op, a=bo slot, ... } sorted by (at, file order)
 *   bo_lists[]       = slots of submit's "bos" arrays, by (list, nlist)
 *
 * Things made by events (mmap's "map", export's "buf", ...) get their slot
 * when the loader first sees the name; whether they exist at a given moment
 * is the model's business at run time.
 */
#ifndef GEMSIM_SIM_SCENARIO_H
#define GEMSIM_SIM_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/sim.h"

/*
 * Every op of docs/format.md ("Events"), in its order.  What each one takes,
 * does and is called is its row of ops_table[] (run/ops.c).
 */
enum sim_op {
	SIM_OP_CREATE,
	SIM_OP_FREE,
	SIM_OP_GET_PAGES,
	SIM_OP_PUT_PAGES,
	SIM_OP_PIN,
	SIM_OP_UNPIN,
	SIM_OP_VMAP,
	SIM_OP_VUNMAP,
	SIM_OP_VMAP_ACCESS,
	SIM_OP_MMAP,
	SIM_OP_MUNMAP,
	SIM_OP_FORK,
	SIM_OP_CPU_ACCESS,
	SIM_OP_MADVISE,
	SIM_OP_GET_PAGES_SGT,
	SIM_OP_PURGE,
	SIM_OP_EVICT,
	SIM_OP_SWAPIN,
	SIM_OP_RESV_LOCK,
	SIM_OP_RESV_UNLOCK,
	SIM_OP_GPU_MAP,
	SIM_OP_GPU_UNMAP,
	SIM_OP_SUBMIT,
	SIM_OP_GPU_ACCESS,
	SIM_OP_EXPORT,
	SIM_OP_IMPORT,
	SIM_OP_ATTACH,
	SIM_OP_DETACH,
	SIM_OP_MAP_ATTACHMENT,
	SIM_OP_UNMAP_ATTACHMENT,
	SIM_OP_PRESSURE,
	SIM_OP_RELEASE,
	SIM_OP_SHRINK,
	SIM_OP_GET_SG_TABLE,
	SIM_OP_COUNT
};

/* Expected results ("ret"); SIM_RET_ANY when the event has none. */
enum sim_ret {
	SIM_RET_ANY,
	SIM_RET_OK,
	SIM_RET_ENOMEM,
	SIM_RET_EBUSY,
	SIM_RET_EINVAL,
	SIM_RET_SIGBUS,
	SIM_RET_VM_FAULT_OOM,
	SIM_RET_TRUE,
	SIM_RET_FALSE,
	SIM_RET_ENOENT,
	SIM_RET_EFAULT,
	SIM_RET_ENOSPC,
	SIM_RET_COUNT
};

extern const char *const sim_ret_names[SIM_RET_COUNT];

/* Event flags. */
#define SIM_EV_WRITE 0x1u        /* cpu_access: a write */
#define SIM_EV_PRIVATE 0x2u      /* mmap: MAP_PRIVATE */
#define SIM_EV_VA 0x8u           /* gpu_map: "va" given */
#define SIM_EV_HEAP 0x10u        /* create: heap object */
#define SIM_EV_NO_SHRINKER 0x20u /* create: "shrinker": false (no funcs->evict) */

/**
 * struct sim_event - one scenario event, resolved.
 *
 * Which fields mean what depends on the op; see its loader and runner in
 * run/ops.c.
 */
struct sim_event {
	sim_ns at;          /* when it runs */
	uint16_t op;        /* enum sim_op */
	uint8_t ret;        /* enum sim_ret: expected result */
	uint8_t flags;      /* SIM_EV_* */
	uint32_t line, col; /* where it stands in the file */
	uint32_t a, b, c;   /* slots: bo, map/buf/att/vm, device/child... */
	uint64_t x, y;      /* numbers: pages, page, first/last, va, duration, nr */
	uint32_t list;      /* submit: first index in bo_lists */
	uint32_t nlist;     /* submit: number of bos */
};

/* Keys an expectation can check. */
enum sim_key {
	SIM_KEY_BO_SIZE_PAGES,
	SIM_KEY_BO_PAGES_USE_COUNT,
	SIM_KEY_BO_PAGES_PIN_COUNT,
	SIM_KEY_BO_VMAP_USE_COUNT,
	SIM_KEY_BO_MADV,
	SIM_KEY_BO_EVICTED,
	SIM_KEY_BO_HAS_PAGES,
	SIM_KEY_BO_HAS_SGT,
	SIM_KEY_BO_RESIDENT_PAGES,
	SIM_KEY_BO_SWAPPED_PAGES,
	SIM_KEY_BO_PURGEABLE, /* drm_gem_shmem_is_purgeable() of the run's kernel */
	SIM_KEY_BO_EVICTABLE, /* drm_gem_shmem_is_evictable() */
	SIM_KEY_VM_MAPPED_PAGES,
	SIM_KEY_STAT,
	SIM_KEY_VIOLATIONS,
	SIM_KEY_WARNINGS,
	SIM_KEY_COUNT
};

/**
 * struct sim_check - one KEY: VALUE of an expectation.
 *
 * A value is matched exactly (num, or str for madv) or by a range.
 */
struct sim_check {
	uint16_t key; /* enum sim_key */
	uint16_t has_min, has_max;
	uint32_t slot;    /* bo or vm slot; stat index for SIM_KEY_STAT */
	int64_t min, max; /* exact match: min == max, both set */
	char *text;       /* the key as written, for messages */
	uint32_t line, col;
};

/** struct sim_expect - checks made at one time ("at": TIME, or the end). */
struct sim_expect {
	sim_ns at;
	bool at_end;
	uint32_t line, col;
	uint32_t first, count; /* range in scenario->checks */
};

/* Workload generators ("workloads" block, docs/workloads.md). */
enum sim_wl_type {
	SIM_WL_GPU_JOBS,
	SIM_WL_CPU_ACCESS,
	SIM_WL_PRESSURE,
	SIM_WL_CHURN,
	SIM_WL_TRACE,
	SIM_WL_VMAP,
	SIM_WL_DMABUF
};
enum sim_wl_pattern { SIM_PAT_UNIFORM, SIM_PAT_ZIPF, SIM_PAT_LOOP, SIM_PAT_PHASES };
enum sim_wl_shape { SIM_SHAPE_STEP, SIM_SHAPE_SQUARE, SIM_SHAPE_SINE, SIM_SHAPE_SAWTOOTH };
/* gemsim's csv, one id per line, libCacheSim's oracleGeneral binary, libCacheSim's csv */
enum sim_wl_trace_fmt { SIM_TRACE_CSV, SIM_TRACE_IDS, SIM_TRACE_ORACLE, SIM_TRACE_LCS_CSV };

/**
 * struct sim_workload - one generator, validated.  A generator makes one
 * action each time it fires, then schedules its next firing, so a workload
 * of a billion events costs no memory up front.
 */
struct sim_workload {
	uint8_t type;                /* enum sim_wl_type */
	uint8_t pattern;             /* enum sim_wl_pattern: which object/page next */
	uint8_t shape;               /* enum sim_wl_shape: pressure waves */
	uint8_t poisson;             /* exponential inter-arrival times, else fixed */
	uint8_t write;               /* cpu_access: writes */
	uint8_t trace_fmt;           /* enum sim_wl_trace_fmt */
	uint32_t line, col;          /* where it is defined */
	sim_ns start;                /* first firing */
	sim_ns end;                  /* no firing at or after this (0 = none) */
	uint64_t count;              /* at most this many actions (0 = none) */
	sim_ns interval;             /* (mean) time between actions */
	uint32_t first, n;           /* its objects: sc->wl_objs[first..first+n) */
	uint32_t vm;                 /* gpu_jobs: the VM; dmabuf: the importing device */
	uint32_t per_job;            /* gpu_jobs: objects per job */
	sim_ns duration;             /* gpu_jobs: job length */
	double zipf_s;               /* zipf exponent */
	uint64_t working_set;        /* phases: objects (or pages) per phase */
	sim_ns phase;                /* phases: length of a phase */
	uint64_t low, high;          /* pressure: frames held, min and max */
	sim_ns period;               /* pressure: wave period */
	uint64_t size_min, size_max; /* churn: object size range, pages */
	bool size_log;               /* churn: log-uniform sizes */
	sim_ns lifetime; /* churn: object lifetime; vmap: how long each vmap is held (0: forever) */
	uint32_t touch_pages; /* vmap: pages touched through the mapping at its start and end */
	bool locked;          /* vmap: the resv lock is held while the vmap is */
	bool dontneed;        /* churn: madvise DONTNEED after get_pages (a BO cache) */
	char *trace;          /* trace: file path, resolved against the scenario's folder */
	uint32_t id_col;      /* libcachesim_csv: column of the object id, from 1 */
	bool has_header;      /* libcachesim_csv: the first line names the columns */
	char delimiter;       /* libcachesim_csv: the column separator */
};

/** struct sim_device_cfg - one entry of "devices". */
struct sim_device_cfg {
	uint32_t va_bits;     /* GPU VA width, 32..48 */
	uint32_t tlb_entries; /* TLB size */
	uint32_t as_slots;    /* address-space slots */
	uint32_t queues;      /* job queues executing in parallel */
};

/**
 * struct sim_caption - one entry of "captions": a subtitle for talks.
 *
 * The simulator ignores captions; the viewer shows the latest one whose
 * time has come, and pauses there when @pause is set (or with --talk).
 */
/* The views a caption can ask for (docs/format.md "captions"); the viewer's
 * own names, in its order. */
#define SIM_CAPTION_VIEWS                                         \
	{                                                         \
		"frames", "owners", "objects", "holders", "lists" \
	}
#define SIM_CAPTION_NVIEWS 5

struct sim_caption {
	sim_ns at;          /* shown from this time until the next caption */
	char *text;         /* UTF-8, one line, 1..LOAD_MAX_CAPTION_LEN bytes */
	bool pause;         /* the viewer stops the clock when it reaches @at */
	int8_t view;        /* "view": index in SIM_CAPTION_VIEWS, -1 = not given */
	uint32_t line, col; /* where it stands in the file */
};

/** struct sim_vm_cfg - one entry of "vms". */
struct sim_vm_cfg {
	uint32_t device; /* device slot */
};

struct scenario {
	char *file; /* path as given */
	char *name; /* "name", or the file's base name */
	char *description;
	char *headline; /* "headline": the metric gemsim-view's compare
					     mode shows large (a stats name), or NULL */
	struct sim_config cfg;
	unsigned kernels; /* "model.kernels": bit k = baseline k's
					     expectations are written (always has cfg.kernel) */

	char **names[SIM_K_COUNT]; /* slot -> name */
	uint32_t nnames[SIM_K_COUNT];
	uint32_t cap_names[SIM_K_COUNT];
	uint32_t *name_hash[SIM_K_COUNT]; /* open addressing: slot + 1, 0 = empty */
	uint32_t hash_cap[SIM_K_COUNT];   /* a power of two, > 2 x names */

	/* objects listed under "objects": created at time 0 */
	uint64_t *bo_pages; /* slot -> size in pages (objects block), 0 if by event */
	uint8_t *bo_flags;  /* slot -> SIM_EV_HEAP, SIM_EV_NO_SHRINKER */

	struct sim_event *events; /* sorted by (at, file order) */
	uint32_t nevents;
	uint32_t *bo_lists;
	uint32_t nbo_lists;

	struct sim_expect *expects; /* sorted by time, end last */
	uint32_t nexpects;
	struct sim_check *checks;
	uint32_t nchecks;
	bool expects_violations; /* an expectation names "violations" */
	bool expects_warnings;

	struct sim_workload *workloads;
	uint32_t nworkloads;
	uint32_t *wl_objs; /* object slots the workloads use */
	uint32_t nwl_objs;

	struct sim_device_cfg *devices; /* slot -> device settings */
	struct sim_vm_cfg *vms;         /* slot -> VM settings */
	sim_ns end;                     /* "end": stop time, or 0 = run until idle */

	struct sim_caption *captions; /* "captions", sorted by (at, file order) */
	uint32_t ncaptions;
};

/**
 * scenario_name() - the name of slot @idx of @kind.
 * Returns: the name, or NULL when the slot has none (made at run time).
 */
const char *scenario_name(const struct scenario *sc, enum sim_kind kind, uint32_t idx);

/**
 * scenario_slot() - find or add the slot for @name in @kind's namespace.
 * Returns: the slot, or SIM_NONE when memory cannot be had.
 */
uint32_t scenario_slot(struct scenario *sc, enum sim_kind kind, const char *name);

/**
 * scenario_find() - the slot of @name, or SIM_NONE when the name is unknown.
 */
uint32_t scenario_find(const struct scenario *sc, enum sim_kind kind, const char *name);

/**
 * scenario_inputs() - the files a run of @sc reads: the scenario file, then
 * each trace file its workloads replay (outputs must not overwrite them).
 * @out: room for @max paths (borrowed from @sc).
 * Returns: how many were stored.
 */
size_t scenario_inputs(const struct scenario *sc, const char **out, size_t max);

/** scenario_free() - free a scenario and everything it owns (NULL is fine). */
void scenario_free(struct scenario *sc);

#endif
