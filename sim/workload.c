/*
 * sim/workload.c - the workload generators (docs/workloads.md).
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
 *
 * Objects and mappings a workload makes get slots after the scenario's
 * own, so they never collide with named ones.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gem/dmabuf.h"
#include "gem/pg.h"
#include "gem/shm.h"
#include "gpu/gpu.h"
#include "sim/load.h"
#include "sim/run.h"
#include "sim/text.h"
#include "sim/units.h"
#include "sim/workload.h"
#include "sim/zipf.h"

#define WL_TRACE_LINE 4096
#define WL_TRACE_BLOCK 65536 /* read buffer; holds a longest line whole */
#define WL_ORACLE_REC 24     /* libCacheSim oracleGeneral record, bytes */

struct death {
	sim_ns at;
	uint32_t bo;
};

struct wl_run {
	const struct sim_workload *w;
	struct sim_rng rng;
	struct wl_stats st;
	bool set_up;          /* first firing done (mappings made) */
	bool finished;
	uint64_t cursor;      /* loop pattern position */
	struct sim_zipf zipf; /* zipf: the draw's tables over nitems ranks */
	uint64_t nitems;      /* what the pattern picks from: objects or pages */
	uint64_t *page_base;  /* cpu_access: first global page of object i (n+1 entries) */
	uint64_t stride;      /* cpu_access: page_base[i] == i * stride for all i (0: not so) */
	unsigned stride_shift; /* stride is 1 << stride_shift (else 64) */
	uint32_t *maps;       /* cpu_access: map slot of object i; dmabuf: its buf slot */
	uint32_t *pick;       /* gpu_jobs: objects of the job being made */
	uint32_t *picked;     /* gpu_jobs: per object slot, the job (counted from 1) that took it;
			       * vmap: per object slot, the vmaps this workload holds on it */
	uint32_t npicked;     /* gpu_jobs: entries of picked[]: highest slot + 1 */
	uint32_t job;         /* gpu_jobs: jobs made, the stamp of the one being made */
	uint64_t held;        /* pressure: frames held now */
	sim_ns next_create;   /* churn: next creation */
	struct death *deaths; /* churn: min-heap by time */
	uint32_t ndeaths, cap_deaths;
	FILE *trace;          /* trace: the open file */
	uint64_t line;        /* trace: lines read */
	sim_ns last_at;       /* trace: time of the previous line */
	char *pending;        /* trace: the line read ahead, waiting for its time */
	char *buf;            /* trace: the current line, WL_TRACE_LINE bytes */
	unsigned char *rb;    /* trace: read buffer, WL_TRACE_BLOCK bytes */
	size_t rpos, rlen;    /* trace: unread bytes are rb[rpos..rlen) */
	bool reof;            /* trace: the file has no more bytes to give */
	bool header_done;     /* libcachesim_csv: the header line is skipped */
};

/*
 * Integer id -> object slot, open addressing with linear probing.  A
 * request trace's ids are integers (libCacheSim's obj_id); hashing their
 * decimal text through the name table cost a strlen, a string hash and a
 * strcmp per request.  Empty buckets hold slot SIM_NONE; the table is at
 * most half full, so a probe ends soon.
 */
struct idmap {
	uint64_t *keys;
	uint32_t *slots;
	uint32_t cap;         /* a power of two, or 0 */
	uint32_t n;
	unsigned shift;       /* 64 - log2(cap): Fibonacci hashing takes the top bits */
};

struct wl_set {
	const struct scenario *sc;
	struct wl_run *runs;
	uint32_t n;
	uint32_t next_bo;      /* first free dynamic object slot */
	uint32_t next_map;     /* first free dynamic map slot */
	uint32_t next_buf;     /* first free dynamic dma-buf slot */
	uint32_t next_att;     /* first free dynamic attachment slot */
	uint32_t *free_atts;   /* dynamic attachment slots to reuse */
	uint32_t nfree_atts, cap_free_atts;
	uint32_t *free_bos;    /* dynamic object slots to reuse */
	uint32_t nfree_bos, cap_free_bos;
	struct scenario *dyn;  /* names a trace makes: a name table only */
	uint32_t *dyn_slot;    /* trace name index -> object slot */
	uint32_t cap_dyn_slot;
	uint32_t *dyn_map;     /* trace "access": map slot per dynamic or named object */
	uint32_t cap_dyn_map;
	struct idmap ids;      /* trace ids in canonical decimal -> object slot */
	bool sc_int_names;     /* the scenario names an object with such an id */
	wl_open_fn open;       /* opens trace files (NULL: fopen) */
	void *open_ctx;
	char error[SIM_ERROR_MSG + 64];
};

/* ---- small helpers ------------------------------------------------------- */

static uint32_t new_bo_slot(struct wl_set *ws)
{
	if (ws->nfree_bos)
		return ws->free_bos[--ws->nfree_bos];
	return ws->next_bo++;
}

/* Keep @slot in the free list (*@list, *@n of *@cap) for reuse. */
static void release_slot(uint32_t **list, uint32_t *n, uint32_t *cap, uint32_t slot)
{
	if (*n == *cap) {
		uint32_t c = *cap ? *cap * 2 : 64;
		uint32_t *f = realloc(*list, c * sizeof(*f));

		if (!f)
			return; /* the slot is simply not reused */
		*list = f;
		*cap = c;
	}
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
 * The zipf tables (sim/zipf.h): a draw is the first rank whose cumulative
 * weight exceeds u = sim_rng_double(), found with integers only.
 */
static int build_zipf(struct wl_run *r)
{
	return sim_zipf_init(&r->zipf, r->nitems, r->w->zipf_s);
}

/* Index of the next item among r->nitems, by the workload's pattern. */
static uint64_t pick_item(struct sim *s, struct wl_run *r)
{
	const struct sim_workload *w = r->w;
	uint64_t n = r->nitems;

	switch ((enum sim_wl_pattern)w->pattern) {
	case SIM_PAT_LOOP:
		return r->cursor++ % n;
	case SIM_PAT_ZIPF:
		return sim_zipf_draw(&r->zipf, &r->rng);
	case SIM_PAT_PHASES: {
		uint64_t ws = w->working_set < n ? w->working_set : n;
		uint64_t phase = (s->now - w->start) / w->phase;
		uint64_t base = (uint64_t)(((unsigned __int128)phase * ws) % n);

		return (base + sim_rng_below(&r->rng, ws)) % n;
	}
	case SIM_PAT_UNIFORM:
		break;
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
static inline uint32_t take_item(const uint32_t *objs, uint32_t n, uint32_t *picked,
				 uint32_t job, uint64_t i)
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
			  (unsigned)__builtin_ctzll(r->stride) : 64;
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
	case SIM_SHAPE_STEP:
		return t >= w->period ? w->high : w->low;
	case SIM_SHAPE_SQUARE:
		return x < 0.5 ? w->low : w->high;
	case SIM_SHAPE_SAWTOOTH:
		f = x;
		break;
	case SIM_SHAPE_SINE:
	default:
		f = (1 - cos_turn(x)) / 2;
		break;
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
	if (r->ndeaths == r->cap_deaths) {
		uint32_t cap = r->cap_deaths ? r->cap_deaths * 2 : 64;
		struct death *d = realloc(r->deaths, cap * sizeof(*d));

		if (!d)
			return -1;
		r->deaths = d;
		r->cap_deaths = cap;
	}

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

	if (shm_create(s, bo, churn_size(r), false) < 0) {
		r->st.errors++;
		release_bo_slot(ws, bo);
		return;
	}
	if (shm_get_pages(s, bo) < 0)
		r->st.errors++;
	/* a userspace BO cache: idle buffers are kept, marked purgeable */
	else if (r->w->dontneed)
		shm_madvise(s, bo, 1);
	if (death_push(r, s->now + r->w->lifetime, bo)) {
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
 * dropped by the last.
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
	if (w->lifetime && death_push(r, s->now + w->lifetime, bo))
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
	if (death_push(r, s->now + w->lifetime, att))
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

/* ---- trace --------------------------------------------------------------- */

/* cold: kept out of line, so the request path carries no va_list set-up */
__attribute__((format(printf, 3, 4), cold, noinline))
static int trace_fail(struct wl_set *ws, struct wl_run *r, const char *fmt, ...)
{
	char msg[SIM_ERROR_MSG];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(ws->error, sizeof(ws->error), "%s:%" PRIu64 ": %s", r->w->trace, r->line, msg);
	return -1;
}

/*
 * Make at least @want bytes readable at r->rb + r->rpos, unless the file
 * ends first.  Returns 0, or -1 on a read error.
 */
static int trace_fill(struct wl_run *r, size_t want)
{
	while (r->rlen - r->rpos < want && !r->reof) {
		if (r->rpos) {
			memmove(r->rb, r->rb + r->rpos, r->rlen - r->rpos);
			r->rlen -= r->rpos;
			r->rpos = 0;
		}

		size_t got = fread(r->rb + r->rlen, 1, WL_TRACE_BLOCK - r->rlen, r->trace);

		r->rlen += got;
		if (got == 0) {
			if (ferror(r->trace))
				return -1;
			r->reof = true;
		}
	}
	return 0;
}

/*
 * Read one line of at most WL_TRACE_LINE - 2 bytes into r->buf, without its
 * newline.  Returns the length, -1 at end of file, -2 when the line is too
 * long (the rest of it is not read: a file without newlines, /dev/zero
 * say, must not be pulled into memory), -3 on a read error.  *nul is set
 * when the line holds a NUL byte.
 */
static long trace_getline(struct wl_run *r, bool *nul)
{
	const size_t max = WL_TRACE_LINE - 2;
	const unsigned char *p, *nl;
	size_t avail, n;

	for (;;) {
		p = r->rb + r->rpos;
		avail = r->rlen - r->rpos;
		nl = memchr(p, '\n', avail < max + 1 ? avail : max + 1);
		if (nl || avail > max || r->reof)
			break;
		if (trace_fill(r, avail + 1))
			return -3;
	}
	n = nl ? (size_t)(nl - p) : avail;
	if (n > max)
		return -2;
	if (!nl && n == 0)
		return -1;
	memcpy(r->buf, p, n);
	r->buf[n] = '\0';
	*nul = memchr(p, '\0', n) != NULL;
	r->rpos += n + (nl != NULL);
	return (long)n;
}

/*
 * Read the next non-empty, non-comment line into r->buf; 0 at end of file,
 * -1 on error.  The reader counts bytes itself, so a NUL byte inside a line
 * is seen rather than silently cutting it, and a line is never longer
 * than the buffer.
 */
static int trace_read(struct wl_set *ws, struct wl_run *r, char **out)
{
	if (!r->buf && !(r->buf = malloc(WL_TRACE_LINE)))
		return trace_fail(ws, r, "out of memory");
	if (!r->rb && !(r->rb = malloc(WL_TRACE_BLOCK)))
		return trace_fail(ws, r, "out of memory");
	for (;;) {
		bool nul;
		long n = trace_getline(r, &nul);

		if (n == -1)
			return 0;
		if (n == -3)
			return trace_fail(ws, r, "read error");
		r->line++;
		if (n == -2)
			return trace_fail(ws, r, "line longer than %d bytes", WL_TRACE_LINE - 2);
		if (nul)
			return trace_fail(ws, r, "NUL byte in line");

		char *buf = r->buf;

		while (n && (buf[n - 1] == '\r' || buf[n - 1] == ' '))
			buf[--n] = '\0';
		while (*buf == ' ' || *buf == '\t')
			buf++;
		if (*buf && *buf != '#') {
			*out = buf;
			return 1;
		}
	}
}

/*
 * Whether @name is an integer in canonical decimal ("0", "17"; not "007",
 * "+1" or past UINT64_MAX), and its value: such names go through the id
 * table, every other through the name table, so one name always finds one
 * object whichever trace format said it.
 */
static bool trace_int_name(const char *name, size_t len, uint64_t *id)
{
	uint64_t v = 0;

	if (len == 0 || len > 20 || (name[0] == '0' && len > 1))
		return false;
	/* 19 digits cannot overflow; only the 20th is checked */
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned)(unsigned char)name[i] - '0';

		if (d > 9)
			return false;
		if (i < 19)
			v = v * 10 + d;
		else if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, d, &v))
			return false;
	}
	*id = v;
	return true;
}

/* @id in decimal into @out (24 bytes): snprintf costs ~700 instructions a call. */
static const char *u64_text(uint64_t id, char out[24])
{
	char *p = out + 23;

	*p = '\0';
	do {
		*--p = (char)('0' + id % 10);
		id /= 10;
	} while (id);
	return p;
}

static uint32_t idmap_bucket(const struct idmap *m, uint64_t id)
{
	uint32_t i = (uint32_t)((id * 0x9e3779b97f4a7c15ull) >> m->shift);

	while (m->slots[i] != SIM_NONE && m->keys[i] != id)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static uint32_t idmap_find(const struct idmap *m, uint64_t id)
{
	return m->cap ? m->slots[idmap_bucket(m, id)] : SIM_NONE;
}

/* Add @id -> @slot (@id not present); 0, or -1 when out of memory. */
static int idmap_add(struct idmap *m, uint64_t id, uint32_t slot)
{
	if (2 * (m->n + 1) > m->cap) {
		struct idmap g = { .cap = m->cap ? 2 * m->cap : 1024,
				   .shift = m->cap ? m->shift - 1 : 64 - 10 };

		if (g.cap < m->cap)
			return -1;
		g.keys = malloc(g.cap * sizeof(*g.keys));
		g.slots = malloc(g.cap * sizeof(*g.slots));
		if (!g.keys || !g.slots) {
			free(g.keys);
			free(g.slots);
			return -1;
		}
		memset(g.slots, 0xff, g.cap * sizeof(*g.slots)); /* SIM_NONE */
		for (uint32_t i = 0; i < m->cap; i++) {
			if (m->slots[i] == SIM_NONE)
				continue;
			uint32_t j = idmap_bucket(&g, m->keys[i]);

			g.keys[j] = m->keys[i];
			g.slots[j] = m->slots[i];
		}
		g.n = m->n;
		free(m->keys);
		free(m->slots);
		*m = g;
	}

	uint32_t i = idmap_bucket(m, id);

	SIM_ASSERT(m->slots[i] == SIM_NONE);
	m->keys[i] = id;
	m->slots[i] = slot;
	m->n++;
	return 0;
}

/*
 * Slot of the object a trace names by integer @id (@name its decimal text,
 * or NULL to have it written here): the scenario's, else the trace's own,
 * created when @create (named after @id for messages, traces, the viewer).
 */
static uint32_t trace_bo_id(struct sim *s, struct wl_set *ws, uint64_t id, const char *name,
			    bool create)
{
	char text[24];
	uint32_t slot;

	if (ws->sc_int_names) {
		if (!name)
			name = u64_text(id, text);
		slot = scenario_find(ws->sc, SIM_K_BO, name);
		if (slot != SIM_NONE)
			return slot;
	}
	slot = idmap_find(&ws->ids, id);
	if (slot != SIM_NONE || !create)
		return slot;
	if (!name)
		name = u64_text(id, text);
	slot = new_bo_slot(ws);
	if (idmap_add(&ws->ids, id, slot) || sim_set_bo_name(s, slot, name))
		return SIM_NONE;
	return slot;
}

/* Slot of an object named in a trace: the scenario's, else the trace's own. */
static uint32_t trace_bo(struct sim *s, struct wl_set *ws, const char *name, bool create)
{
	uint64_t id;

	if (trace_int_name(name, strlen(name), &id))
		return trace_bo_id(s, ws, id, name, create);

	uint32_t slot = scenario_find(ws->sc, SIM_K_BO, name);

	if (slot != SIM_NONE)
		return slot;
	slot = scenario_find(ws->dyn, SIM_K_BO, name);
	if (slot != SIM_NONE)
		return ws->dyn_slot[slot];
	if (!create)
		return SIM_NONE;
	slot = scenario_slot(ws->dyn, SIM_K_BO, name);
	if (slot == SIM_NONE)
		return SIM_NONE;
	if (slot >= ws->cap_dyn_slot) {
		uint32_t cap = ws->cap_dyn_slot ? ws->cap_dyn_slot * 2 : 64;
		uint32_t *m = realloc(ws->dyn_slot, cap * sizeof(*m));

		if (!m)
			return SIM_NONE;
		ws->dyn_slot = m;
		ws->cap_dyn_slot = cap;
	}
	ws->dyn_slot[slot] = new_bo_slot(ws);
	/* so traces, messages and the viewer say "tex3", not "bo#41" */
	if (sim_set_bo_name(s, ws->dyn_slot[slot], name))
		return SIM_NONE;
	return ws->dyn_slot[slot];
}

/* The implicit mapping a trace's "access" goes through, made on first use. */
static int trace_touch(struct sim *s, struct wl_set *ws, uint32_t bo, uint64_t page)
{
	if (bo >= ws->cap_dyn_map) {
		uint32_t cap = ws->cap_dyn_map ? ws->cap_dyn_map : 64;

		while (cap <= bo)
			cap *= 2;

		uint32_t *m = realloc(ws->dyn_map, cap * sizeof(*m));

		if (!m)
			return GEMSIM_ENOMEM;
		for (uint32_t i = ws->cap_dyn_map; i < cap; i++)
			m[i] = SIM_NONE;
		ws->dyn_map = m;
		ws->cap_dyn_map = cap;
	}
	if (ws->dyn_map[bo] == SIM_NONE) {
		uint32_t map = ws->next_map++;
		int ret = shm_mmap(s, bo, map, false);

		if (ret < 0)
			return ret;
		ws->dyn_map[bo] = map;
	}
	return shm_cpu_access(s, ws->dyn_map[bo], page, page, false);
}

static int parse_trace_time(const char *tok, sim_ns *out, const char **why)
{
	const char *p = tok;

	while (isdigit((unsigned char)*p) || *p == '.')
		p++;
	if (*p)
		return units_time_str(tok, out, why);

	char *end;
	double us = strtod(tok, &end);

	if (*end || end == tok) {
		*why = "not a time";
		return -1;
	}
	return units_time_num(us, out, why);
}

/*
 * One CSV line: TIME,OP,NAME[,ARG].  OP is a scenario op on an object
 * (create NAME PAGES, free, get_pages, put_pages, pin, unpin, vmap, vunmap,
 * madvise NAME dontneed|willneed, get_pages_sgt, purge, evict, swapin),
 * "access NAME [PAGE]" (a CPU touch through an implicit mmap), or
 * "pressure|release PAGES" and "shrink NR" with no name.
 */
static int trace_csv_parse(struct wl_set *ws, struct wl_run *r, char *line, sim_ns *at,
			   char **op, char **name, char **arg)
{
	char *tok[5] = { 0 };
	int n = 0;
	const char *why;
	struct text_clip c;

	for (char *p = line; n < 5; n++) {
		while (*p == ' ' || *p == '\t')
			p++;
		tok[n] = p;
		p = strchr(p, ',');
		if (!p) {
			n++;
			break;
		}
		*p++ = '\0';
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(tok[i]);

		while (len && (tok[i][len - 1] == ' ' || tok[i][len - 1] == '\t'))
			tok[i][--len] = '\0';
	}
	if (n < 2 || n > 4)
		return trace_fail(ws, r, "expected TIME,OP[,NAME[,ARG]], got %d fields", n);
	if (parse_trace_time(tok[0], at, &why))
		return trace_fail(ws, r, "bad time \"%s\": %s", text_clip(&c, tok[0]), why);
	*op = tok[1];
	*name = n > 2 ? tok[2] : NULL;
	*arg = n > 3 ? tok[3] : NULL;
	return 0;
}

static int parse_count(const char *s, uint64_t *out)
{
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	*out = strtoull(s, &end, 10);
	return *end || *out > (1ull << 40) ? -1 : 0;
}

static int trace_csv_run(struct sim *s, struct wl_set *ws, struct wl_run *r, char *op,
			 char *name, char *arg)
{
	static const enum sim_op simple[] = { SIM_OP_FREE, SIM_OP_GET_PAGES, SIM_OP_PUT_PAGES,
		SIM_OP_PIN, SIM_OP_UNPIN, SIM_OP_VMAP, SIM_OP_VUNMAP, SIM_OP_GET_PAGES_SGT,
		SIM_OP_PURGE, SIM_OP_EVICT, SIM_OP_SWAPIN };
	uint64_t n = 0;
	struct text_clip c;
	int ret;

	if (!strcmp(op, "pressure") || !strcmp(op, "release") || !strcmp(op, "shrink")) {
		if (!name || arg || parse_count(name, &n) || !n)
			return trace_fail(ws, r, "%s takes one count, e.g. \"%s,64\"", op,
					  text_clip(&c, op));
		if (op[0] == 'p')
			ret = pg_pressure(s, n);
		else if (op[0] == 'r')
			ret = pg_release(s, n);
		else
			ret = sim_dispatch(s, ws->sc, &(struct sim_event){ .op = SIM_OP_SHRINK,
									   .x = n });
		return ret < 0 ? 1 : 0;
	}
	if (!name || !*name)
		return trace_fail(ws, r, "%s needs an object name", text_clip(&c, op));
	if (!strcmp(op, "create")) {
		if (parse_count(arg, &n) || !n || n > (1ull << 27))
			return trace_fail(ws, r, "create takes a size in pages, e.g. "
					  "\"0,create,bo9,16\"");
		if (!text_name_valid(name))
			return trace_fail(ws, r, "create: name \"%s\" is not 1 to %d letters, "
					  "digits, '_' or '-'", text_clip(&c, name),
					  LOAD_MAX_NAME_LEN);
		uint32_t bo = trace_bo(s, ws, name, true);

		if (bo == SIM_NONE)
			return trace_fail(ws, r, "out of memory");
		return shm_create(s, bo, n, false) < 0;
	}

	uint32_t bo = trace_bo(s, ws, name, false);

	if (bo == SIM_NONE)
		return trace_fail(ws, r, "unknown object \"%s\" (define it in the scenario or with "
				  "a create line)", text_clip(&c, name));
	if (!strcmp(op, "access")) {
		if (arg && parse_count(arg, &n))
			return trace_fail(ws, r, "access takes a page number");
		return trace_touch(s, ws, bo, n) < 0;
	}
	if (!strcmp(op, "madvise")) {
		if (!arg || (strcmp(arg, "dontneed") && strcmp(arg, "willneed")))
			return trace_fail(ws, r, "madvise takes dontneed or willneed");
		return shm_madvise(s, bo, arg[0] == 'd') < 0;
	}
	for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
		if (strcmp(op, sim_op_names[simple[i]]))
			continue;
		if (arg)
			return trace_fail(ws, r, "%s takes only an object name",
					  text_clip(&c, op));
		return sim_dispatch(s, ws->sc, &(struct sim_event){ .op = (uint16_t)simple[i],
								    .a = bo }) < 0;
	}
	return trace_fail(ws, r, "unknown trace op \"%s\"", text_clip(&c, op));
}

/*
 * One request of a request trace (ids, oracleGeneral, libcachesim_csv): a
 * CPU access of a one-page object, created on first sight.  The object is
 * named by integer @id when @is_int, else by @name.
 */
static void trace_request(struct sim *s, struct wl_set *ws, struct wl_run *r, bool is_int,
			  uint64_t id, const char *name, int *oom)
{
	/* the common case inline: an integer id no scenario object is named after */
	uint32_t bo = !is_int ? trace_bo(s, ws, name, false) :
		      ws->sc_int_names ? trace_bo_id(s, ws, id, name, false) :
		      idmap_find(&ws->ids, id);
	int ret = 0;

	*oom = 0;
	if (bo == SIM_NONE) {
		bo = is_int ? trace_bo_id(s, ws, id, name, true) : trace_bo(s, ws, name, true);
		if (bo == SIM_NONE) {
			*oom = 1;
			return;
		}
		ret = shm_create(s, bo, 1, false);
	}
	if (ret == 0)
		ret = trace_touch(s, ws, bo, 0);
	r->st.actions++;
	if (ret < 0)
		r->st.errors++;
}

/*
 * The id of an ids line or a libcachesim_csv column, @len bytes at @p
 * (NUL-terminated there): a request, or -1 with the reason in ws->error.
 */
static int trace_request_text(struct sim *s, struct wl_set *ws, struct wl_run *r, const char *p,
			      size_t len)
{
	uint64_t id = 0;
	int oom;

	if (len > 64)
		return trace_fail(ws, r, "id longer than 64 characters");
	bool is_int = trace_int_name(p, len, &id);

	trace_request(s, ws, r, is_int, id, p, &oom);
	return oom ? trace_fail(ws, r, "out of memory") : 0;
}

/*
 * The next line of an ids trace, read straight from the block buffer when
 * it is an integer in canonical decimal of at most 19 digits ending in a
 * newline, the usual line: 1 with *@id set and the line consumed.  0 for
 * anything else (blank, comment, name, CRLF, a line the buffer does not
 * hold whole), the buffer untouched: trace_read() then takes it, with every
 * check.
 */
static int trace_ids_fast(struct wl_run *r, uint64_t *id)
{
	const unsigned char *p;
	size_t avail, i = 0;
	uint64_t v = 0;

	if (!r->rb)
		return 0;
	if (r->rlen - r->rpos < 21 && (r->reof || trace_fill(r, 21)))
		return 0;
	p = r->rb + r->rpos;
	avail = r->rlen - r->rpos;
	for (; i < avail && i < 19; i++) {
		unsigned d = (unsigned)p[i] - '0';

		if (d > 9)
			break;
		v = v * 10 + d;
	}
	if (i == 0 || i == avail || p[i] != '\n' || (p[0] == '0' && i > 1))
		return 0;
	r->rpos += i + 1;
	r->line++;
	*id = v;
	return 1;
}

/*
 * The next libCacheSim oracleGeneral record (packed little-endian
 * {uint32 clock_time; uint64 obj_id; uint32 obj_size; int64
 * next_access_vtime}, as libCacheSim's oracleGeneralBin.h reads it) with
 * a non-zero size: 1 with its id, 0 at the end of the file, -1 on error.
 * Records of size 0 are skipped, as libCacheSim's reader does by default.
 */
static int trace_oracle_next(struct wl_set *ws, struct wl_run *r, uint64_t *id)
{
	if (!r->rb && !(r->rb = malloc(WL_TRACE_BLOCK)))
		return trace_fail(ws, r, "out of memory");
	for (;;) {
		if (r->rlen - r->rpos < WL_ORACLE_REC && trace_fill(r, WL_ORACLE_REC))
			return trace_fail(ws, r, "read error");

		size_t avail = r->rlen - r->rpos;
		const unsigned char *p = r->rb + r->rpos;

		if (avail == 0)
			return 0;
		r->line++;
		if (avail < WL_ORACLE_REC) {
			snprintf(ws->error, sizeof(ws->error), "%s: record %" PRIu64 " (byte %" PRIu64
				 "): truncated, %zu of %d bytes (not an oracleGeneral trace?)",
				 r->w->trace, r->line, (r->line - 1) * WL_ORACLE_REC, avail,
				 WL_ORACLE_REC);
			return -1;
		}
		r->rpos += WL_ORACLE_REC;

		uint64_t v;
		uint32_t size;

		memcpy(&v, p + 4, sizeof(v));
		memcpy(&size, p + 12, sizeof(size));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		v = __builtin_bswap64(v);
		size = __builtin_bswap32(size);
#endif
		if (size) {
			*id = v;
			return 1;
		}
	}
}

/*
 * The object id of a libcachesim_csv line: column w->id_col (from 1) of
 * @line split at w->delimiter, blanks around it dropped.  Returns its
 * length (the id NUL-terminated in place at *out), or -1 on error.
 */
static long trace_lcs_field(struct wl_set *ws, struct wl_run *r, char *line, char **out)
{
	const struct sim_workload *w = r->w;
	char *p = line, *end;
	uint32_t col = 1;

	for (; col < w->id_col; col++) {
		p = strchr(p, w->delimiter);
		if (!p)
			return trace_fail(ws, r, "expected at least %u columns (obj_id_col), got %u",
					  w->id_col, col);
		p++;
	}
	end = strchr(p, w->delimiter);
	if (!end)
		end = p + strlen(p);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == p)
		return trace_fail(ws, r, "empty object id in column %u", w->id_col);
	*end = '\0';
	*out = p;
	return end - p;
}

static bool out_of_time(const struct sim_workload *w, sim_ns t)
{
	return w->end && t >= w->end;
}

/*
 * Fire a request trace (ids, oracleGeneral, libcachesim_csv): one request,
 * the next "interval" later.  Kept apart from the csv reader, whose 4 KiB
 * line copy on the stack every request would otherwise pay for.
 */
static int trace_fire_requests(struct sim *s, struct wl_set *ws, struct wl_run *r, sim_ns *next)
{
	const struct sim_workload *w = r->w;
	uint64_t id = 0;
	int oom, got;

	if (w->trace_fmt == SIM_TRACE_ORACLE) {
		got = trace_oracle_next(ws, r, &id);
		if (got <= 0) {
			*next = UINT64_MAX;
			return got;
		}
		trace_request(s, ws, r, true, id, NULL, &oom);
		if (oom)
			return trace_fail(ws, r, "out of memory");
		*next = s->now + w->interval;
		return 0;
	}
	if (w->trace_fmt == SIM_TRACE_IDS && trace_ids_fast(r, &id)) {
		trace_request(s, ws, r, true, id, NULL, &oom);
		if (oom)
			return trace_fail(ws, r, "out of memory");
		*next = s->now + w->interval;
		return 0;
	}
	for (;;) {
		char *line = NULL, *p = NULL;
		long len = 0;

		got = trace_read(ws, r, &line);
		if (got <= 0) {
			*next = UINT64_MAX;
			return got;
		}
		if (w->trace_fmt == SIM_TRACE_IDS) {
			/* one pass: the length, and no separator inside */
			for (p = line; p[len]; len++)
				if (p[len] == ' ' || p[len] == '\t' || p[len] == ',')
					return trace_fail(ws, r, "an ids trace has one id per line");
		} else {
			if (w->has_header && !r->header_done) {
				r->header_done = true;
				continue;
			}
			len = trace_lcs_field(ws, r, line, &p);
			if (len < 0)
				return -1;
		}
		if (trace_request_text(s, ws, r, p, (size_t)len))
			return -1;
		*next = s->now + w->interval;
		return 0;
	}
}

/*
 * Fire a gemsim csv trace: run every line whose time has come, then
 * schedule the next.  Times are relative to the workload's start and must
 * not go backwards.
 */
static int trace_fire_csv(struct sim *s, struct wl_set *ws, struct wl_run *r, sim_ns *next)
{
	const struct sim_workload *w = r->w;

	for (;;) {
		char *line = NULL;
		int got;

		if (r->pending) {
			line = r->pending;
		} else {
			got = trace_read(ws, r, &line);
			if (got < 0)
				return -1;
			if (got == 0) {
				*next = UINT64_MAX;
				return 0;
			}
		}

		/* CSV: parse a copy, so a line not yet due can wait as it is. */
		char work[WL_TRACE_LINE], *op = NULL, *name = NULL, *arg = NULL;
		sim_ns at = 0;

		strcpy(work, line);
		if (trace_csv_parse(ws, r, work, &at, &op, &name, &arg))
			return -1;
		if (at < r->last_at)
			return trace_fail(ws, r, "time goes backwards (a trace must be sorted)");
		if (at > UINT64_MAX - w->start)
			return trace_fail(ws, r, "time too large");
		r->last_at = at;
		if (w->start + at > s->now) {
			if (!r->pending && !(r->pending = strdup(line)))
				return trace_fail(ws, r, "out of memory");
			*next = w->start + at;
			return 0;
		}
		free(r->pending);
		r->pending = NULL;

		int ret = trace_csv_run(s, ws, r, op, name, arg);

		if (ret < 0)
			return -1;
		r->st.actions++;
		r->st.errors += (uint64_t)ret;
	}
}


/*
 * The trace part of wl_fire(): one firing of trace workload @r, then its
 * next firing scheduled (or the workload finished).  Apart from wl_fire()
 * so that a request, a million times a run, does not pay the general
 * firing's frame.
 */
static int trace_step(struct sim *s, struct wl_set *ws, struct wl_run *r, uint32_t idx)
{
	sim_ns next = UINT64_MAX;
	int ret = r->w->trace_fmt == SIM_TRACE_CSV ? trace_fire_csv(s, ws, r, &next) :
		  trace_fire_requests(s, ws, r, &next);

	if (ret)
		return -1;
	if (next != UINT64_MAX && !out_of_time(r->w, next)) {
		sim_schedule(s, next, SIM_Q_WORKLOAD, idx);
		return 0;
	}
	r->finished = true;
	return 0;
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

		ws->sc_int_names |= name && trace_int_name(name, strlen(name), &id);
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
		sim_rng_fork(&s->rng, &r->rng, i);
		r->next_create = r->w->start;
		sim_schedule(s, r->w->start, SIM_Q_WORKLOAD, i);
	}
	return ws;
}

/*
 * A trace file must be a regular file: a FIFO with no writer would block
 * the run forever in open(), a directory or a device is no trace.  The
 * check is on the open descriptor (O_NONBLOCK so the open itself cannot
 * block), so the file cannot change between the check and the reads.
 * Returns: the stream, or NULL with errno set.
 */
static FILE *open_trace(const char *path)
{
	struct stat st;
	FILE *f;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st)) {
		int e = errno;

		close(fd);
		errno = e;
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL; /* "not a regular file" below */
		return NULL;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	f = fdopen(fd, "r");
	if (!f)
		close(fd);
	return f;
}

/* Every firing but a trace's after its first: set-up, generators, the end. */
__attribute__((noinline))
static int wl_fire_general(struct sim *s, struct wl_set *ws, uint32_t idx)
{
	struct wl_run *r = &ws->runs[idx];
	const struct sim_workload *w = r->w;
	sim_ns next = UINT64_MAX;

	if (r->finished)
		return 0;
	if (!r->set_up) {
		r->set_up = true;
		if (w->type == SIM_WL_TRACE) {
			errno = 0;
			r->trace = ws->open ? ws->open(ws->open_ctx, w->trace) :
				   open_trace(w->trace);
			if (!r->trace) {
				snprintf(ws->error, sizeof(ws->error), "%s: cannot open trace: %s",
					 w->trace, errno == EINVAL ? "not a regular file" :
					 strerror(errno));
				return -1;
			}
		} else if ((w->type == SIM_WL_GPU_JOBS && gpu_setup(s, ws, r)) ||
			   (w->type == SIM_WL_CPU_ACCESS && cpu_setup(s, ws, r)) ||
			   (w->type == SIM_WL_VMAP && vmap_setup(ws, r)) ||
			   (w->type == SIM_WL_DMABUF && dmabuf_setup(s, ws, r))) {
			snprintf(ws->error, sizeof(ws->error), "out of memory setting up the "
				 "workload at line %u", w->line);
			return -1;
		}
	}

	switch ((enum sim_wl_type)w->type) {
	case SIM_WL_GPU_JOBS:
	case SIM_WL_CPU_ACCESS:
	case SIM_WL_PRESSURE:
		if (w->type == SIM_WL_GPU_JOBS)
			gpu_fire(s, ws, r);
		else if (w->type == SIM_WL_CPU_ACCESS)
			cpu_fire(s, r);
		else
			pressure_set(s, r, wave_level(w, s->now));
		r->st.actions++;
		if (!w->count || r->st.actions < w->count)
			next = s->now + next_gap(r);
		break;
	case SIM_WL_CHURN:
	case SIM_WL_VMAP:
	case SIM_WL_DMABUF:
		/* Deaths (ends of vmaps, detaches) due now, then a creation if one is due. */
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
			r->next_create = s->now + next_gap(r);
			if ((w->count && r->st.actions >= w->count) ||
			    out_of_time(w, r->next_create))
				r->next_create = UINT64_MAX;
		}
		next = r->next_create;
		if (r->ndeaths && r->deaths[0].at < next)
			next = r->deaths[0].at;
		/* Deaths run even past "end": every object made is freed, every vmap ended. */
		if (next != UINT64_MAX) {
			sim_schedule(s, next, SIM_Q_WORKLOAD, idx);
			return 0;
		}
		r->finished = true;
		return 0;
	case SIM_WL_TRACE:
		return trace_step(s, ws, r, idx);
	}

	if (next != UINT64_MAX && !out_of_time(w, next)) {
		sim_schedule(s, next, SIM_Q_WORKLOAD, idx);
		return 0;
	}
	r->finished = true;
	if (w->type == SIM_WL_PRESSURE)
		pressure_set(s, r, 0);
	return 0;
}

static volatile uint64_t wl_parse_sink;

/*
 * The reader of trace_fire_requests() without the model: each request's id decoded
 * (integer or name) and summed, so none of the work can be left out.
 */
int wl_trace_parse_only(const struct sim_workload *w, uint64_t *requests, char *err,
			size_t errlen)
{
	struct wl_set ws = { 0 };
	struct wl_run r = { .w = w };
	uint64_t n = 0, sum = 0, id = 0;
	int ret = 0;

	*requests = 0;
	if (w->type != SIM_WL_TRACE || w->trace_fmt == SIM_TRACE_CSV) {
		snprintf(err, errlen, "not a request trace");
		return -1;
	}
	r.trace = open_trace(w->trace);
	if (!r.trace) {
		snprintf(err, errlen, "%s: cannot open trace: %s", w->trace, strerror(errno));
		return -1;
	}
	for (;;) {
		char *line = NULL, *p;
		long len;
		int got;

		if (w->trace_fmt == SIM_TRACE_ORACLE) {
			got = trace_oracle_next(&ws, &r, &id);
			if (got <= 0) {
				ret = got;
				break;
			}
			sum += id;
			n++;
			continue;
		}
		got = trace_read(&ws, &r, &line);
		if (got <= 0) {
			ret = got;
			break;
		}
		if (w->trace_fmt == SIM_TRACE_LCS_CSV) {
			if (w->has_header && !r.header_done) {
				r.header_done = true;
				continue;
			}
			len = trace_lcs_field(&ws, &r, line, &p);
			if (len < 0) {
				ret = -1;
				break;
			}
		} else {
			p = line;
			len = (long)strlen(line);
		}
		sum += trace_int_name(p, (size_t)len, &id) ? id : (uint64_t)(unsigned char)p[0];
		n++;
	}
	if (ret < 0)
		snprintf(err, errlen, "%s", ws.error);
	fclose(r.trace);
	free(r.buf);
	free(r.rb);
	wl_parse_sink = sum; /* so the decoding cannot be left out */
	*requests = n;
	return ret < 0 ? -1 : 0;
}

int wl_fire(struct sim *s, struct wl_set *ws, uint32_t idx)
{
	struct wl_run *r = &ws->runs[idx];

	if (r->w->type == SIM_WL_TRACE && r->set_up && !r->finished)
		return trace_step(s, ws, r, idx);
	return wl_fire_general(s, ws, idx);
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

		sim_zipf_fini(&r->zipf);
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
	free(ws->ids.keys);
	free(ws->ids.slots);
	scenario_free(ws->dyn);
	free(ws);
}
