// SPDX-License-Identifier: MIT
/*
 * sim/sim.c - the engine half of a run (clock, RNG, event queue; gem_sim_create()
 * in gem/gem.c adds the model), error names, the kernel names, the report log.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"
#include "sim/queue.h"
#include "sim/scenario.h"
#include "base/grow.h"

const char *const sim_lat_names[SIM_LAT_COUNT] = {
#define SIM_LAT_NAME(name, doc) #name,
	SIM_LATENCIES(SIM_LAT_NAME)
#undef SIM_LAT_NAME
};

const char *const sim_lat_docs[SIM_LAT_COUNT] = {
#define SIM_LAT_DOC(name, doc) doc,
	SIM_LATENCIES(SIM_LAT_DOC)
#undef SIM_LAT_DOC
};

const char *sim_strerror(int ret)
{
	switch (ret) {
	case 0: return "ok";
	case GEMSIM_ENOENT: return "ENOENT";
	case GEMSIM_ENOMEM: return "ENOMEM";
	case GEMSIM_EFAULT: return "EFAULT";
	case GEMSIM_EBUSY: return "EBUSY";
	case GEMSIM_EINVAL: return "EINVAL";
	case GEMSIM_ENOSPC: return "ENOSPC";
	case GEMSIM_SIGBUS: return "SIGBUS";
	case GEMSIM_VM_FAULT_OOM: return "VM_FAULT_OOM";
	default: return ret > 0 ? "ok" : "error";
	}
}

const char *const sim_kernel_names[SIM_KERNEL_COUNT] = { "v19", "mainline" };
const char *const sim_kernel_docs[SIM_KERNEL_COUNT] = {
	"mainline drm_gem_shmem_helper.c with the \"drm/shmem-helper: Add memory shrinker\" "
	"series v19 (Jan 2024): eviction to swap and swap-in, a generic shrinker over "
	"pinned/evictable/evicted lists, sg tables only of pinned pages, purge keeps the "
	"use count (default)",
	"drm_gem_shmem_helper.c as merged: no eviction; purge drops the sg table's use "
	"reference; a later get_pages gets fresh pages; the shrinker is the driver's own "
	"purge-only one (panfrost_gem_shrinker.c)",
};
const char *const sim_shrinker_names[SIM_SHRINKER_COUNT] = { "generic", "msm" };
const char *const sim_touch_names[SIM_TOUCH_COUNT] = { "driver", "jobs", "state", "all" };
const char *const sim_reclaim_driver_names[SIM_RECLAIM_DRIVER_COUNT] = { "vmscan", "exact" };

void sim_config_defaults(struct sim_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->page_size = 4096;
	cfg->seed = 1;
	cfg->hz = 250;           /* CONFIG_HZ_250, the arm64 and x86 Kconfig default */
	cfg->policy.reclaim = 0; /* the first policy of the table: lru */
	cfg->policy.vmap_pins = true;
	cfg->policy.attach_pins = true;
	cfg->policy.purge_first = true;
	cfg->policy.evict = true;
	cfg->policy.reclaim_driver = SIM_RECLAIM_VMSCAN;
	cfg->policy.vmscan.batch = 0; /* shrinker->batch unset: SHRINK_BATCH */
	cfg->policy.vmscan.seeks = SIM_DEFAULT_SEEKS;
	cfg->policy.vmscan.def_priority = SIM_DEF_PRIORITY;
	cfg->policy.vmscan.swap_cluster_max = SIM_SWAP_CLUSTER_MAX;
	/* Orders of magnitude of a desktop machine swapping to zram/SSD. */
	cfg->costs.page_alloc = 250;
	cfg->costs.swap_out = 10000;
	cfg->costs.swap_in = 10000;
	cfg->costs.zap = 100;
	cfg->costs.tlb_flush = 2000;
	cfg->costs.fault = 1000;
	cfg->costs.scan_object = SIM_SCAN_OBJECT_NS;
}

/* The engine's half of gem_sim_create() (gem/gem.c): clock, RNG, queue, reports. */
struct sim *sim_engine_create(const struct sim_config *cfg)
{
	struct sim *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->cfg = *cfg;
	s->cur_event = SIM_NONE;
#ifdef GEMSIM_CHECK_DEFAULT
	s->check = true;
#endif
	rng_seed(&s->rng, cfg->seed);
	s->queue = sim_queue_create();
	s->reports = calloc(SIM_REPORTS_KEPT, sizeof(*s->reports));
	if (!s->queue || !s->reports) {
		sim_engine_destroy(s);
		return NULL;
	}
	return s;
}

/*
 * Object names are copied into chunks that are never moved or freed before
 * the run ends, so a name handed out stays valid: a trace names each new id
 * (hundreds of thousands a run) without a malloc each.  A renamed slot's
 * old name stays in its chunk.
 */
#define SIM_NAME_CHUNK 65536

struct sim_name_chunk {
	struct sim_name_chunk *next;
	size_t used, size;
	char text[];
};

/* The engine's half of gem_sim_destroy(), once the model has gone. */
void sim_engine_destroy(struct sim *s)
{
	if (!s)
		return;
	sim_queue_destroy(s->queue);
	free(s->reports);
	while (s->names) {
		struct sim_name_chunk *c = s->names;

		s->names = c->next;
		free(c);
	}
	free(s->bo_names);
	free(s->bo_gen);
	free(s);
}

const char *sim_name(const struct sim *s, enum sim_kind kind, uint32_t idx)
{
	static const char *const prefix[SIM_K_COUNT] = {
		[SIM_K_BO] = "bo",   [SIM_K_MAP] = "map", [SIM_K_DEVICE] = "dev", [SIM_K_VM] = "vm",
		[SIM_K_BUF] = "buf", [SIM_K_ATT] = "att", [SIM_K_JOB] = "job",
	};
	static char buf[4][48];
	static unsigned turn;
	const char *name = s->sc ? scenario_name(s->sc, kind, idx) : NULL;

	if (name)
		return name;
	if (kind == SIM_K_BO && idx < s->nbo_names && s->bo_names[idx])
		return s->bo_names[idx];
	/* A few rotating buffers so one message can name several things. */
	char *b = buf[turn++ % 4];

	if (kind == SIM_K_BO && idx < s->nbo_gen && s->bo_gen[idx].wl != UINT32_MAX)
		snprintf(b, sizeof(buf[0]), "churn%u.%llu", s->bo_gen[idx].wl,
			 (unsigned long long)s->bo_gen[idx].n);
	else
		snprintf(b, sizeof(buf[0]), "%s#%u", prefix[kind], idx);
	return b;
}

static char *name_copy(struct sim *s, const char *name)
{
	size_t len = strlen(name) + 1;
	struct sim_name_chunk *c = s->names;

	if (!c || c->size - c->used < len) {
		size_t size = len > SIM_NAME_CHUNK ? len : SIM_NAME_CHUNK;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->next = s->names;
		c->used = 0;
		c->size = size;
		s->names = c;
	}
	memcpy(c->text + c->used, name, len);
	c->used += len;
	return c->text + c->used - len;
}

int sim_set_bo_name(struct sim *s, uint32_t bo, const char *name)
{
	char *copy;

	if (grow_array_zero(s->bo_names, s->nbo_names, (uint64_t)bo + 1, 64))
		return -1;
	copy = name_copy(s, name);
	if (!copy)
		return -1;
	s->bo_names[bo] = copy;
	if (bo < s->nbo_gen)
		s->bo_gen[bo].wl = UINT32_MAX;
	return 0;
}

int sim_set_bo_made(struct sim *s, uint32_t bo, uint32_t wl, uint64_t n)
{
	if (bo >= s->nbo_gen) {
		uint32_t cap = s->nbo_gen ? s->nbo_gen : 64;
		struct sim_bo_gen *t;

		while (cap <= bo)
			cap *= 2;
		t = realloc(s->bo_gen, cap * sizeof(*t));
		if (!t)
			return -1;
		for (uint32_t i = s->nbo_gen; i < cap; i++)
			t[i].wl = UINT32_MAX;
		s->bo_gen = t;
		s->nbo_gen = cap;
	}
	s->bo_gen[bo] = (struct sim_bo_gen){ wl, n };
	if (bo < s->nbo_names)
		s->bo_names[bo] = NULL;
	return 0;
}

int sim_observe_add(struct sim *s, sim_observer_fn fn, void *ctx)
{
	if (s->nr_obs >= SIM_MAX_OBSERVERS)
		return -1;
	s->obs_fn[s->nr_obs] = fn;
	s->obs_ctx[s->nr_obs] = ctx;
	s->nr_obs++;
	return 0;
}

/* Keep the report for printing; returns its index or SIM_NONE. */
__attribute__((format(printf, 3, 0))) static uint32_t sim_report_keep(struct sim *s, unsigned inv,
								      const char *fmt, va_list ap)
{
	if (s->nr_reports >= SIM_REPORTS_KEPT)
		return SIM_NONE;

	struct sim_report *r = &s->reports[s->nr_reports++];

	r->at = s->now;
	r->event = s->cur_event;
	r->invariant = (uint16_t)inv;
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	return s->nr_reports - 1;
}

void sim_warn(struct sim *s, const char *fmt, ...)
{
	va_list ap;
	uint32_t idx;

	s->warnings++;
	va_start(ap, fmt);
	idx = sim_report_keep(s, 0, fmt, ap);
	va_end(ap);
	sim_observe(s, SIM_OBS_WARNING, idx, 0);
}

void sim_violation(struct sim *s, unsigned inv, const char *fmt, ...)
{
	va_list ap;

	SIM_ASSERT(inv >= 1 && inv < 16);
	s->violations++;
	s->violations_by_inv[inv]++;
	uint32_t idx;

	va_start(ap, fmt);
	idx = sim_report_keep(s, inv, fmt, ap);
	va_end(ap);
	sim_observe(s, SIM_OBS_VIOLATION, idx, inv);
}

void sim_time_past(struct sim *s, sim_ns at, const char *fmt, ...)
{
	char what[SIM_ERROR_MSG - 96];
	va_list ap;

	if ((at && s->end) || s->time_over)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(s->time_msg, sizeof(s->time_msg),
		 "%s past the limit of simulated time "
		 "(2^62 ns = 4611686018.427387904s, about 146 years)",
		 what);
	s->time_over = true;
}

void sim_schedule(struct sim *s, sim_ns at, enum sim_qkind kind, uint32_t arg)
{
	SIM_ASSERT(at >= s->now);
	if (at > SIM_TIME_MAX) {
		/* never reached: the caller reported it (sim_time_past()) */
		SIM_ASSERT(s->time_over || s->end);
		return;
	}
	/* run-ahead stops before anything queued meanwhile (sim_run_ahead()) */
	if (at < s->ahead_until)
		s->ahead_until = at;
	if (sim_queue_push(s->queue, at, kind, arg)) {
		/* Out of host memory for the queue: nothing sane to continue with. */
		fprintf(stderr, "gemsim: out of memory growing the event queue\n");
		abort();
	}
}
