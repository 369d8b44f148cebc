// SPDX-License-Identifier: MIT
/*
 * run/workload.c - the workload generators (docs/workloads.md).
 *
 * Per workload a small state: its random stream, how many actions it made,
 * the pattern's state (loop cursor, zipf CDF), and type-specific parts:
 *
 *   gpu_jobs    objects mapped once into the VM, then a job per firing over
 *               per_job distinct objects chosen by the pattern
 *   cpu_access  objects mmapped once; the pattern picks a page among all
 *               their pages (prefix sums map it back to object and page)
 *   pressure    frames held by "another consumer", moved toward the wave's
 *               level at each firing, all given back at the end
 *   churn       an object created per firing, alive for "lifetime": deaths
 *               wait in a min-heap and fire like creations
 *   dmabuf      objects exported once; per firing, an importing device
 *               attaches to the one the pattern picks and maps it, "hold"
 *               long (the end waits in the min-heap)
 *   vmap        a kernel mapping per firing of an object the pattern picks,
 *               touched at its start and at its end "hold" later (the end
 *               waits in the same min-heap), or held forever
 *   trace       one line (or binary record) per firing, streamed from the
 *               file through a block buffer; request traces (ids,
 *               oracleGeneral, libcachesim_csv) map integer ids to object
 *               slots in an open-addressing table, never through a name hash
 *               (run/workload_trace.c; gemsim's csv in run/workload_csv.c)
 *
 * Objects and mappings a workload makes get slots after the scenario's
 * own, so they never collide with named ones.
 *
 * This file holds the set (creation, the general firing, the end) and the
 * generators with their patterns; a generator's action is inlined into
 * the firing that makes it.  The state is in run/workload_int.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gem/dmabuf.h"
#include "gem/pg.h"
#include "gem/shm.h"
#include "gpu/gpu.h"
#include "run/run.h"
#include "run/workload.h"
#include "run/workload_int.h"
#include "base/grow.h"
#include "base/zipf.h"

/* ---- small helpers ------------------------------------------------------- */

/* Keep @slot in the free list (*@list, *@n of *@cap) for reuse. */
static void release_slot(uint32_t **list, uint32_t *n, uint32_t *cap, uint32_t slot)
{
	if (grow_to(list, sizeof(**list), cap, (uint64_t)*n + 1, 64, 0))
		return; /* the slot is simply not reused */
	(*list)[(*n)++] = slot;
}

static void release_bo_slot(struct wl_set *ws, uint32_t bo)
{
	release_slot(&ws->free_bos, &ws->nfree_bos, &ws->cap_free_bos, bo);
}

/*
 * Next inter-arrival time: fixed, or exponential with the same mean.  The
 * exponential draw uses -log(u); log is from libm, whose results are
 * correctly rounded on glibc for the inputs that matter here.
 */
static sim_ns next_gap(struct wl_run *r)
{
	const struct sim_workload *w = r->w;

	if (!w->poisson)
		return w->interval;

	double u = 1.0 - sim_rng_double(&r->rng); /* (0, 1] */
	double gap = -log(u) * (double)w->interval;

	if (gap < 1)
		return 1;
	if (gap > 4e18)
		return (sim_ns)4e18;
	return (sim_ns)gap;
}

/* cos(2*pi*x) for x in [0, 1) with + - * only, so every host agrees. */
static double cos_turn(double x)
{
	const double pi = 3.14159265358979323846;
	double a = 2 * pi * (x - 0.5); /* in [-pi, pi): cos(2 pi x) = -cos(a) */
	double a2 = a * a, term = 1, sum = 1;

	for (int k = 1; k < 14; k++) {
		term = -term * a2 / (double)((2 * k - 1) * (2 * k));
		sum += term;
	}
	return -sum;
}

/* ---- patterns ------------------------------------------------------------ */

/*
 * The zipf tables (base/zipf.h): a draw is the first rank whose cumulative
 * weight exceeds u = sim_rng_double(), found with integers only.
 */
static int build_zipf(struct wl_run *r)
{
	return zipf_init(&r->zipf, r->nitems, r->w->zipf_s);
}

/* Index of the next item among r->nitems, by the workload's pattern. */
static uint64_t pick_item(struct sim *s, struct wl_run *r)
{
	const struct sim_workload *w = r->w;
	uint64_t n = r->nitems;

	switch ((enum sim_wl_pattern)w->pattern) {
	case SIM_PAT_LOOP: return r->cursor++ % n;
	case SIM_PAT_ZIPF: return sim_zipf_draw(&r->zipf, &r->rng);
	case SIM_PAT_PHASES: {
		uint64_t ws = w->working_set < n ? w->working_set : n;
		uint64_t phase = (s->now - w->start) / w->phase;
		uint64_t base = (uint64_t)(((unsigned __int128)phase * ws) % n);

		return (base + sim_rng_below(&r->rng, ws)) % n;
	}
	case SIM_PAT_UNIFORM: break;
	}
	return sim_rng_below(&r->rng, n);
}

/* ---- gpu_jobs ------------------------------------------------------------ */

static int gpu_setup(struct sim *s, struct wl_set *ws, struct wl_run *r)
{
	const struct sim_workload *w = r->w;

	r->nitems = w->n;
	for (uint32_t i = 0; i < w->n; i++)
		if (ws->sc->wl_objs[w->first + i] >= r->npicked)
			r->npicked = ws->sc->wl_objs[w->first + i] + 1;
	r->pick = malloc(w->per_job * sizeof(*r->pick));
	r->picked = calloc(r->npicked, sizeof(*r->picked));
	if (!r->pick || !r->picked || (w->pattern == SIM_PAT_ZIPF && build_zipf(r)))
		return -1;
	for (uint32_t i = 0; i < w->n; i++)
		if (gpu_map(s, w->vm, ws->sc->wl_objs[w->first + i], false, 0) < 0)
			r->st.errors++;
	return 0;
}

/*
 * Item @i of the job being made (stamp @job), unless already in it: then the
 * next item that is not, rather than a new draw.  A redraw may never end: a
 * "phases" window smaller than per_job, or a steep zipf whose tail is almost
 * never drawn.  per_job <= objects (the loader checks), so this stops.
 */
static inline uint32_t take_item(const uint32_t *objs, uint32_t n, uint32_t *picked, uint32_t job,
				 uint64_t i)
{
	uint32_t bo = objs[i];

	while (picked[bo] == job) {
		i = (i + 1) % n;
		bo = objs[i];
	}
	picked[bo] = job;
	return bo;
}

static void gpu_fire(struct sim *s, struct wl_set *ws, struct wl_run *r)
{
	const struct sim_workload *w = r->w;
	const uint32_t *objs = ws->sc->wl_objs + w->first;
	uint32_t *picked = r->picked, *pick = r->pick;
	uint32_t k, per_job = w->per_job, n = w->n, job;

	/* per_job distinct objects; the loop pattern gives consecutive ones.
	 * A duplicate is told by the item's stamp, not a search of the job. */
	if (++r->job == 0) {
		memset(picked, 0, r->npicked * sizeof(*picked)); /* stamps wrapped */
		r->job = 1;
	}
	job = r->job;
	if (w->pattern == SIM_PAT_ZIPF) {
		/* pick_item()'s zipf draws; the stream and the tables in locals
		 * for the job (a store to picked[] could be any uint32 field) */
		struct sim_rng rng = r->rng;
		const struct sim_zipf z = r->zipf;

		for (k = 0; k < per_job; k++)
			pick[k] = take_item(objs, n, picked, job, sim_zipf_draw(&z, &rng));
		r->rng = rng;
	} else {
		for (k = 0; k < per_job; k++)
			pick[k] = take_item(objs, n, picked, job, pick_item(s, r));
	}
	if (gpu_submit(s, w->vm, pick, k, w->duration, SIM_NONE) < 0)
		r->st.errors++;
}

/* ---- cpu_access ---------------------------------------------------------- */

static int cpu_setup(struct sim *s, struct wl_set *ws, struct wl_run *r)
{
	const struct sim_workload *w = r->w;

	r->page_base = calloc((size_t)w->n + 1, sizeof(*r->page_base));
	r->maps = calloc(w->n ? w->n : 1, sizeof(*r->maps));
	if (!r->page_base || !r->maps)
		return -1;
	for (uint32_t i = 0; i < w->n; i++) {
		uint32_t bo = ws->sc->wl_objs[w->first + i];
		const struct shm_object *o = shm_get(s, bo);
		uint64_t pages = o ? o->npages : 0;

		r->maps[i] = ws->next_map++;
		if (!o || shm_mmap(s, bo, r->maps[i], false) < 0) {
			r->st.errors++;
			pages = 0;
		}
		r->page_base[i + 1] = r->page_base[i] + pages;
	}
	r->nitems = r->page_base[w->n];
	/* Objects of one size (the usual "count" group): the object of a page is a division. */
	r->stride = w->n ? r->page_base[1] : 0;
	for (uint32_t i = 1; i <= w->n && r->stride; i++)
		if (r->page_base[i] != (uint64_t)i * r->stride)
			r->stride = 0;
	/* the object of a page is page >> shift when the stride is a power of two */
	r->stride_shift = r->stride && !(r->stride & (r->stride - 1)) ?
				  (unsigned)__builtin_ctzll(r->stride) :
				  64;
	if (w->pattern == SIM_PAT_ZIPF && r->nitems && build_zipf(r))
		return -1;
	return 0;
}

static void cpu_fire(struct sim *s, struct wl_run *r)
{
	const struct sim_workload *w = r->w;

	if (!r->nitems) {
		r->st.errors++;
		return;
	}

	uint64_t page = pick_item(s, r);
	uint32_t lo = 0, hi = w->n - 1;

	/* The object whose range holds the page: last base <= page. */
	if (r->stride) /* < n; a division costs tens of cycles, a shift one */
		lo = hi = (uint32_t)(r->stride_shift < 64 ? page >> r->stride_shift :
							    page / r->stride);
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo + 1) / 2;

		if (r->page_base[mid] <= page)
			lo = mid;
		else
			hi = mid - 1;
	}
	page -= r->page_base[lo];
	if (shm_cpu_access(s, r->maps[lo], page, page, w->write) < 0)
		r->st.errors++;
}

/* ---- pressure ------------------------------------------------------------ */

static uint64_t wave_level(const struct sim_workload *w, sim_ns now)
{
	sim_ns t = now - w->start;
	double x = (double)(t % w->period) / (double)w->period;
	double span = (double)(w->high - w->low), f;

	switch ((enum sim_wl_shape)w->shape) {
	case SIM_SHAPE_STEP: return t >= w->period ? w->high : w->low;
	case SIM_SHAPE_SQUARE: return x < 0.5 ? w->low : w->high;
	case SIM_SHAPE_SAWTOOTH: f = x; break;
	case SIM_SHAPE_SINE:
	default: f = (1 - cos_turn(x)) / 2; break;
	}
	return w->low + (uint64_t)(span * f + 0.5);
}

static void pressure_set(struct sim *s, struct wl_run *r, uint64_t level)
{
	if (level > r->held) {
		if (pg_pressure(s, level - r->held) == 0)
			r->held = level;
		else
			r->st.errors++;
	} else if (level < r->held) {
		if (pg_release(s, r->held - level) == 0)
			r->held = level;
		else
			r->st.errors++;
	}
}

/* ---- churn --------------------------------------------------------------- */

static int death_push(struct wl_run *r, sim_ns at, uint32_t bo)
{
	if (grow_array(r->deaths, r->cap_deaths, (uint64_t)r->ndeaths + 1, 64))
		return -1;

	uint32_t i = r->ndeaths++;

	/* Ties broken by slot so the order never depends on the heap's shape. */
	while (i > 0) {
		uint32_t p = (i - 1) / 2;

		if (r->deaths[p].at < at || (r->deaths[p].at == at && r->deaths[p].bo < bo))
			break;
		r->deaths[i] = r->deaths[p];
		i = p;
	}
	r->deaths[i] = (struct death){ at, bo };
	return 0;
}

static struct death death_pop(struct wl_run *r)
{
	struct death top = r->deaths[0], last = r->deaths[--r->ndeaths];
	uint32_t i = 0, n = r->ndeaths;

	for (;;) {
		uint32_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && (r->deaths[c + 1].at < r->deaths[c].at ||
				  (r->deaths[c + 1].at == r->deaths[c].at &&
				   r->deaths[c + 1].bo < r->deaths[c].bo)))
			c++;
		if (last.at < r->deaths[c].at ||
		    (last.at == r->deaths[c].at && last.bo <= r->deaths[c].bo))
			break;
		r->deaths[i] = r->deaths[c];
		i = c;
	}
	if (n)
		r->deaths[i] = last;
	return top;
}

static uint64_t churn_size(struct wl_run *r)
{
	const struct sim_workload *w = r->w;
	uint64_t lo = w->size_min, hi = w->size_max;

	if (!w->size_log || lo == hi)
		return lo + sim_rng_below(&r->rng, hi - lo + 1);

	/* Log-uniform without libm: a power-of-two band, then uniform in it. */
	int blo = 63 - __builtin_clzll(lo), bhi = 63 - __builtin_clzll(hi);
	int b = blo + (int)sim_rng_below(&r->rng, (uint64_t)(bhi - blo + 1));
	uint64_t a = (uint64_t)1 << b, z = b == 63 ? UINT64_MAX : ((uint64_t)1 << (b + 1)) - 1;

	if (a < lo)
		a = lo;
	if (z > hi)
		z = hi;
	return a + sim_rng_below(&r->rng, z - a + 1);
}

static void churn_create(struct sim *s, struct wl_set *ws, struct wl_run *r)
{
	uint32_t bo = new_bo_slot(ws);

	if (shm_create(s, bo, churn_size(r), 0) < 0) {
		r->st.errors++;
		release_bo_slot(ws, bo);
		return;
	}
	/* "churn1.17", not "bo#41": which workload made it, and its how-manieth */
	if (sim_set_bo_made(s, bo, (uint32_t)(r->w - ws->sc->workloads), r->made++))
		r->st.errors++;
	if (shm_get_pages(s, bo) < 0)
		r->st.errors++;
	/* a userspace BO cache: idle buffers are kept, marked purgeable */
	else if (r->w->dontneed)
		shm_madvise(s, bo, 1);
	if (death_push(r, sim_time_add(s->now, r->w->lifetime), bo)) {
		r->st.errors++;
		return;
	}
}

static void churn_kill(struct sim *s, struct wl_set *ws, struct wl_run *r, uint32_t bo)
{
	const struct shm_object *o = shm_get(s, bo);

	/* Drop the reference churn_create took (if its get_pages worked). */
	if (o && o->pages_use_count > 0)
		shm_put_pages(s, bo);
	if (shm_free(s, bo) < 0)
		r->st.errors++;
	release_bo_slot(ws, bo);
}

/* ---- vmap ---------------------------------------------------------------- */

static int vmap_setup(struct wl_set *ws, struct wl_run *r)
{
	const struct sim_workload *w = r->w;

	r->nitems = w->n;
	for (uint32_t i = 0; i < w->n; i++)
		if (ws->sc->wl_objs[w->first + i] >= r->npicked)
			r->npicked = ws->sc->wl_objs[w->first + i] + 1;
	r->picked = calloc(r->npicked ? r->npicked : 1, sizeof(*r->picked));
	if (!r->picked || (w->pattern == SIM_PAT_ZIPF && build_zipf(r)))
		return -1;
	return 0;
}

/* The CPU uses the mapping: "pages" touches at random pages. */
static void vmap_touch(struct sim *s, struct wl_run *r, uint32_t bo)
{
	const struct shm_object *o = shm_get(s, bo);

	for (uint32_t i = 0; o && i < r->w->touch_pages; i++)
		if (shm_vmap_access(s, bo, sim_rng_below(&r->rng, o->npages)) < 0)
			r->st.errors++;
}

/*
 * A commit's vmap (drm_client, a KMS plane update): [resv_lock,] vmap, use
 * it now and "hold" later, vunmap[, resv_unlock].  Held forever, the first
 * pick of an object vmaps it and every pick uses it (fbdev, cursors).  The
 * lock is taken by the first of this workload's vmaps on an object and
 * dropped by the last; a mapping for good cannot keep the lock for good
 * (every other user of the object would wait forever), so there it covers
 * the vmap and its first use only, as drm_gem_vmap_unlocked() does, and
 * later uses go through the mapping unlocked: only a pin keeps its pages.
 */
static void vmap_begin(struct sim *s, struct wl_set *ws, struct wl_run *r)
{
	const struct sim_workload *w = r->w;
	uint32_t bo = ws->sc->wl_objs[w->first + pick_item(s, r)];

	if (!w->lifetime && r->picked[bo]) {
		vmap_touch(s, r, bo);
		return;
	}
	if (w->locked && !r->picked[bo] && shm_resv_lock(s, bo) < 0) {
		r->st.errors++;
		return;
	}
	if (shm_vmap(s, bo) < 0) {
		r->st.errors++;
		if (w->locked && !r->picked[bo])
			shm_resv_unlock(s, bo);
		return;
	}
	r->picked[bo]++;
	vmap_touch(s, r, bo);
	if (!w->lifetime) {
		if (w->locked)
			shm_resv_unlock(s, bo);
		return;
	}
	if (death_push(r, sim_time_add(s->now, w->lifetime), bo))
		r->st.errors++;
}

static void vmap_end(struct sim *s, struct wl_run *r, uint32_t bo)
{
	vmap_touch(s, r, bo);
	if (shm_vunmap(s, bo) < 0)
		r->st.errors++;
	if (!--r->picked[bo] && r->w->locked)
		shm_resv_unlock(s, bo);
}

/* ---- dmabuf -------------------------------------------------------------- */

/* Export every object once (drm_gem_prime_export): each its own dma-buf. */
static int dmabuf_setup(struct sim *s, struct wl_set *ws, struct wl_run *r)
{
	const struct sim_workload *w = r->w;

	r->nitems = w->n;
	r->maps = calloc(w->n ? w->n : 1, sizeof(*r->maps));
	if (!r->maps || (w->pattern == SIM_PAT_ZIPF && build_zipf(r)))
		return -1;
	for (uint32_t i = 0; i < w->n; i++) {
		r->maps[i] = ws->next_buf++;
		if (dmabuf_export(s, ws->sc->wl_objs[w->first + i], r->maps[i]) < 0)
			r->st.errors++;
	}
	return 0;
}

/* An importer attaches (drm_gem_map_attach: pins with attach_pins) and maps. */
static void dmabuf_begin(struct sim *s, struct wl_set *ws, struct wl_run *r)
{
	const struct sim_workload *w = r->w;
	uint32_t buf = r->maps[pick_item(s, r)];
	uint32_t att = ws->nfree_atts ? ws->free_atts[--ws->nfree_atts] : ws->next_att++;

	if (dmabuf_attach(s, buf, att, w->vm) < 0) {
		r->st.errors++;
		release_slot(&ws->free_atts, &ws->nfree_atts, &ws->cap_free_atts, att);
		return;
	}
	if (dmabuf_map_attachment(s, att) < 0) {
		/* nothing to map (the exporter has no pages): the importer gives up */
		r->st.errors++;
		dmabuf_detach(s, att);
		release_slot(&ws->free_atts, &ws->nfree_atts, &ws->cap_free_atts, att);
		return;
	}
	if (death_push(r, sim_time_add(s->now, w->lifetime), att))
		r->st.errors++;
}

static void dmabuf_end(struct sim *s, struct wl_set *ws, struct wl_run *r, uint32_t att)
{
	if (dmabuf_unmap_attachment(s, att) < 0)
		r->st.errors++;
	if (dmabuf_detach(s, att) < 0)
		r->st.errors++;
	release_slot(&ws->free_atts, &ws->nfree_atts, &ws->cap_free_atts, att);
}

/* ---- the set ------------------------------------------------------------- */

struct wl_set *wl_create(struct sim *s, const struct scenario *sc)
{
	struct wl_set *ws;

	if (!sc->nworkloads)
		return NULL;
	ws = calloc(1, sizeof(*ws));
	if (!ws)
		return NULL;
	ws->sc = sc;
	ws->n = sc->nworkloads;
	ws->next_bo = sc->nnames[SIM_K_BO];
	ws->next_map = sc->nnames[SIM_K_MAP];
	ws->next_buf = sc->nnames[SIM_K_BUF];
	ws->next_att = sc->nnames[SIM_K_ATT];
	for (uint32_t i = 0; i < sc->nnames[SIM_K_BO]; i++) {
		const char *name = sc->names[SIM_K_BO][i];
		uint64_t id = 0;

		ws->sc_int_names |= name && wl_trace_int_name(name, strlen(name), &id);
	}
	ws->runs = calloc(ws->n, sizeof(*ws->runs));
	ws->dyn = calloc(1, sizeof(*ws->dyn));
	if (!ws->runs || !ws->dyn) {
		wl_destroy(ws);
		return NULL;
	}
	for (uint32_t i = 0; i < ws->n; i++) {
		struct wl_run *r = &ws->runs[i];

		r->w = &sc->workloads[i];
		rng_fork(&s->rng, &r->rng, i);
		r->next_create = r->w->start;
		sim_schedule(s, r->w->start, SIM_Q_WORKLOAD, i);
	}
	return ws;
}

__attribute__((cold, noinline)) int wl_time_past(struct sim *s, struct wl_run *r, sim_ns next)
{
	const struct sim_workload *w = r->w;

	r->finished = true;
	if (s->time_over)
		return 0;
	if (w->type == SIM_WL_TRACE && w->trace_fmt == SIM_TRACE_CSV)
		sim_time_past(s, next,
			      "%s:%" PRIu64 ": this line, %llu ns after the workload's "
			      "\"start\" (%llu ns), would run",
			      w->trace, r->line, (unsigned long long)r->last_at,
			      (unsigned long long)w->start);
	else if (w->type == SIM_WL_TRACE)
		sim_time_past(s, next,
			      "%s:%" PRIu64 ": the request after this one, \"interval\" "
			      "%llu ns later, would come",
			      w->trace, r->line, (unsigned long long)w->interval);
	else
		sim_time_past(s, next,
			      "%s:%u:%u: this workload's next action (at %llu ns + %llu ns "
			      "or a lifetime) would come",
			      s->sc && s->sc->file ? s->sc->file : "scenario", w->line, w->col,
			      (unsigned long long)s->now, (unsigned long long)w->interval);
	s->time_located = true;
	return 0;
}

/* A workload's first firing: open its trace, or make its objects and mappings. */
static int wl_set_up(struct sim *s, struct wl_set *ws, struct wl_run *r)
{
	const struct sim_workload *w = r->w;

	r->set_up = true;
	if (w->type == SIM_WL_TRACE) {
		errno = 0;
		r->trace = ws->open ? ws->open(ws->open_ctx, w->trace) : wl_open_trace(w->trace);
		if (!r->trace) {
			snprintf(ws->error, sizeof(ws->error), "%s: cannot open trace: %s",
				 w->trace,
				 errno == EINVAL ? "not a regular file" : strerror(errno));
			return -1;
		}
	} else if ((w->type == SIM_WL_GPU_JOBS && gpu_setup(s, ws, r)) ||
		   (w->type == SIM_WL_CPU_ACCESS && cpu_setup(s, ws, r)) ||
		   (w->type == SIM_WL_VMAP && vmap_setup(ws, r)) ||
		   (w->type == SIM_WL_DMABUF && dmabuf_setup(s, ws, r))) {
		snprintf(ws->error, sizeof(ws->error),
			 "out of memory setting up the workload at "
			 "line %u",
			 w->line);
		return -1;
	}
	return 0;
}

/* gpu_jobs, cpu_access, pressure: one action.  Returns: the next one's time, or UINT64_MAX. */
static sim_ns wl_tick(struct sim *s, struct wl_set *ws, struct wl_run *r)
{
	const struct sim_workload *w = r->w;

	if (w->type == SIM_WL_GPU_JOBS)
		gpu_fire(s, ws, r);
	else if (w->type == SIM_WL_CPU_ACCESS)
		cpu_fire(s, r);
	else
		pressure_set(s, r, wave_level(w, s->now));
	r->st.actions++;
	if (!w->count || r->st.actions < w->count)
		return sim_time_add(s->now, next_gap(r));
	return UINT64_MAX;
}

/*
 * churn, vmap, dmabuf: the deaths (ends of vmaps, detaches) due now, then a
 * creation if one is due.  Returns: the time of the next of either, or
 * UINT64_MAX.
 */
static sim_ns wl_life_step(struct sim *s, struct wl_set *ws, struct wl_run *r)
{
	const struct sim_workload *w = r->w;
	sim_ns next;

	while (r->ndeaths && r->deaths[0].at <= s->now) {
		uint32_t bo = death_pop(r).bo;

		if (w->type == SIM_WL_CHURN)
			churn_kill(s, ws, r, bo);
		else if (w->type == SIM_WL_VMAP)
			vmap_end(s, r, bo);
		else
			dmabuf_end(s, ws, r, bo);
	}
	if (r->next_create != UINT64_MAX && r->next_create <= s->now) {
		if (w->type == SIM_WL_CHURN)
			churn_create(s, ws, r);
		else if (w->type == SIM_WL_VMAP)
			vmap_begin(s, ws, r);
		else
			dmabuf_begin(s, ws, r);
		r->st.actions++;
		r->next_create = sim_time_add(s->now, next_gap(r));
		if ((w->count && r->st.actions >= w->count) || out_of_time(w, r->next_create))
			r->next_create = UINT64_MAX;
	}
	next = r->next_create;
	if (r->ndeaths && r->deaths[0].at < next)
		next = r->deaths[0].at;
	return next;
}

__attribute__((noinline)) int wl_fire_general(struct sim *s, struct wl_set *ws, uint32_t idx)
{
	struct wl_run *r = &ws->runs[idx];
	const struct sim_workload *w = r->w;
	sim_ns next;

	if (r->finished)
		return 0;
	if (!r->set_up && wl_set_up(s, ws, r))
		return -1;
again:
	switch ((enum sim_wl_type)w->type) {
	case SIM_WL_GPU_JOBS:
	case SIM_WL_CPU_ACCESS:
	case SIM_WL_PRESSURE: next = wl_tick(s, ws, r); break;
	case SIM_WL_CHURN:
	case SIM_WL_VMAP:
	case SIM_WL_DMABUF:
		next = wl_life_step(s, ws, r);
		/* Deaths run even past "end": every object made is freed, every vmap ended. */
		if (next > SIM_TIME_MAX && next != UINT64_MAX)
			return wl_time_past(s, r, next);
		if (next == UINT64_MAX) {
			r->finished = true;
			return 0;
		}
		if (sim_run_ahead(s, next))
			goto again;
		sim_schedule(s, next, SIM_Q_WORKLOAD, idx);
		return 0;
	case SIM_WL_TRACE:
	default: return wl_trace_step(s, ws, r, idx);
	}

	if (next != UINT64_MAX && !out_of_time(w, next)) {
		if (next > SIM_TIME_MAX)
			return wl_time_past(s, r, next);
		if (sim_run_ahead(s, next))
			goto again;
		sim_schedule(s, next, SIM_Q_WORKLOAD, idx);
		return 0;
	}
	r->finished = true;
	if (w->type == SIM_WL_PRESSURE)
		pressure_set(s, r, 0);
	return 0;
}

void wl_set_opener(struct wl_set *w, wl_open_fn fn, void *ctx)
{
	if (!w)
		return;
	w->open = fn;
	w->open_ctx = ctx;
}

const char *wl_error(const struct wl_set *w)
{
	return w ? w->error : "";
}

const struct wl_stats *wl_get_stats(const struct wl_set *w, uint32_t idx)
{
	return &w->runs[idx].st;
}

void wl_destroy(struct wl_set *ws)
{
	if (!ws)
		return;
	for (uint32_t i = 0; ws->runs && i < ws->n; i++) {
		struct wl_run *r = &ws->runs[i];

		zipf_fini(&r->zipf);
		free(r->picked);
		free(r->page_base);
		free(r->maps);
		free(r->pick);
		free(r->deaths);
		free(r->pending);
		free(r->buf);
		free(r->rb);
		if (r->trace)
			fclose(r->trace);
	}
	free(ws->runs);
	free(ws->free_bos);
	free(ws->free_atts);
	free(ws->dyn_map);
	free(ws->dyn_slot);
	free(ws->ids.ents);
	scenario_free(ws->dyn);
	free(ws);
}
