// SPDX-License-Identifier: MIT
/*
 * output/output.c - time series (CSV) and trace-event (JSON) writers.
 *
 * Trace layout (pid 1, or one per side of `gemsim compare`):
 *   tid 1          shrinker: a slice per scan, args nr and freed
 *   tid 2          events: instants not tied to an object (OOM, GPU fault,
 *                  warnings, violations)
 *   tid 100+k      GPU device d queue q (k = d * 64 + q): jobs as slices
 *   tid 100000+bo  object bo: its state as consecutive slices (resident,
 *                  pinned, vmapped, evicted, ...) with the counts and madv
 *                  that held during each as args, and its own instants
 *                  (evict, purge, swap-in, CPU fault)
 *   counters       "memory (pages)" (frames: free, objects, other; swap:
 *                  used), "jobs running", "vmstat" (pswpin, pswpout): a
 *                  sample whenever a value changed, at the time it did
 *   flows          a CPU fault to each shrinker scan it ran (direct
 *                  reclaim); each swap-in a job submission made to the job
 * Timestamps are microseconds with three decimals, printed from integer
 * nanoseconds (output/tev.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gem/gem.h"
#include "gem/pg.h"
#include "gem/shm.h"
#include "base/grow.h"
#include "base/jsonw.h"
#include "base/ofile.h"
#include "base/units.h"
#include "output/kstats.h"
#include "output/output.h"
#include "output/tev.h"

#define TID_SHRINKER 1
#define TID_EVENTS 2
#define TID_QUEUE 100
#define TID_BO 100000

enum label { L_NONE, L_NO_PAGES, L_RESIDENT, L_PINNED, L_VMAPPED, L_EVICTED, L_PURGED };

static const char *const label_name[] = {
	[L_NONE] = "none",     [L_NO_PAGES] = "no pages", [L_RESIDENT] = "resident",
	[L_PINNED] = "pinned", [L_VMAPPED] = "vmapped",   [L_EVICTED] = "evicted",
	[L_PURGED] = "purged",
};

/* What an object's open slice shows: a new slice starts when any of it changes. */
struct bo_look {
	uint8_t label; /* enum label */
	int8_t madv;   /* < 0 purged, 0 willneed, > 0 dontneed */
	int32_t use, pin, vmap;
};

struct bo_track {
	struct bo_look look; /* of the open slice */
	bool named;          /* thread_name metadata written */
	sim_ns since;        /* start of the open slice */
};

struct job_track {
	sim_ns start;
	uint64_t where;  /* (device << 32) | queue */
	uint64_t flow;   /* first flow id of the swap-ins it waited for */
	uint32_t nflows; /* how many */
	bool running;
};

/* A swap-in not yet tied to a job: a submission in the same step claims it. */
struct swapin_rec {
	uint32_t bo;
	sim_ns at;
};

/* The counters' values, as last written to the trace. */
struct counters {
	uint64_t v[7]; /* free, objects, other, swap used, running, pswpin, pswpout */
};

struct out {
	struct sim *s;
	const struct scenario *sc;
	sim_ns every;
	sim_ns next; /* next time series row */
	FILE *ts;    /* time series (ts_file.f), or NULL */
	FILE *tr;    /* trace (tr_file.f or the caller's), or NULL */
	struct ofile ts_file, tr_file;
	uint64_t rows;         /* time series rows written */
	uint64_t trev;         /* trace events written (about: a few per call) */
	bool ts_full, tr_full; /* a cap was reached: nothing more is written */
	sim_ns ts_cut, tr_cut; /* ... at this time */
	struct jsonw w;        /* our own file's writer */
	struct tev e;          /* where events go (w or the caller's) */
	bool own_trace;        /* the trace file is ours (not compare's) */
	struct bo_track *bos;
	uint32_t nbos;
	struct job_track *jobs;
	uint32_t njobs;
	uint64_t queues_named[64]; /* bit q of device d: queue track named */
	uint64_t running;          /* jobs started, not ended */
	sim_ns scan_start;
	sim_ns scan_work; /* s->work when the scan began */
	sim_ns scan_busy; /* end of the last scan slice drawn */
	uint64_t scan_nr;
	/* counters on change */
	struct counters last; /* as last written */
	bool counted;         /* a sample has been written */
	sim_ns seen;          /* the time the state is the state after */
	sim_ns last_at;       /* time of the last sample written */
	/* flows */
	uint64_t flow_id;  /* last flow id given */
	uint32_t fault_bo; /* the last CPU fault's object ... */
	sim_ns fault_at;
	uint64_t fault_step;        /* ... and step (SIM_NONE object: none) */
	struct swapin_rec *swapins; /* swap-ins of this step, no job yet */
	uint32_t nswapins, cap_swapins;
	uint64_t swapin_step;
};

/* ---- caps ----------------------------------------------------------------- */

/*
 * A run may reach 2^62 ns or make millions of events: without a cap a
 * one-line scenario fills the disk.  Past a cap the file stops growing,
 * stays well-formed, and the command says where it was cut.
 */
static bool tr_capped(struct out *o, sim_ns t, unsigned nev)
{
	if (o->tr_full)
		return true;
	if (o->trev + nev > OUT_MAX_TRACE_EVENTS) {
		o->tr_full = true;
		o->tr_cut = t;
		return true;
	}
	o->trev += nev;
	return false;
}

static bool ts_capped(struct out *o, sim_ns t)
{
	if (o->ts_full)
		return true;
	if (o->rows == OUT_MAX_ROWS) {
		o->ts_full = true;
		o->ts_cut = t;
		return true;
	}
	o->rows++;
	return false;
}

/* ---- trace helpers ------------------------------------------------------- */

static void instant(struct out *o, const char *name, uint32_t tid, const char *k1, uint64_t v1,
		    const char *k2, uint64_t v2)
{
	struct jsonw *w = o->e.w;

	tev_begin(&o->e, "i", name, tid, o->s->now);
	jsonw_key(w, "s");
	jsonw_str(w, "t");
	jsonw_key(w, "args");
	jsonw_obj_open(w);
	if (k1) {
		jsonw_key(w, k1);
		jsonw_u64(w, v1);
	}
	if (k2) {
		jsonw_key(w, k2);
		jsonw_u64(w, v2);
	}
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

/* ---- object tracks -------------------------------------------------------- */

static struct bo_track *bo_track(struct out *o, uint32_t bo)
{
	if (grow_array_zero(o->bos, o->nbos, (uint64_t)bo + 1, 64))
		return NULL;

	struct bo_track *b = &o->bos[bo];

	if (!b->named) {
		b->named = true;
		tev_thread(&o->e, TID_BO + bo, sim_name(o->s, SIM_K_BO, bo), 1000 + bo);
	}
	return b;
}

/*
 * A shrinker scan as a slice.  The clock does not move during a scan: its
 * length is the work the cost model charged for it (swap-outs, zaps), as
 * in the reclaim latency figure.  Scans back to back at one time follow
 * each other on the track instead of overlapping.  Returns: its start.
 */
static sim_ns scan_slice(struct out *o, const struct sim *s, uint64_t freed)
{
	sim_ns start = o->scan_start > o->scan_busy ? o->scan_start : o->scan_busy;
	struct jsonw *w = o->e.w;

	o->scan_busy = start + (s->now - o->scan_start) + (s->work - o->scan_work);
	tev_begin(&o->e, "X", "shrinker scan", TID_SHRINKER, start);
	tev_ts(&o->e, "dur", o->scan_busy - start);
	jsonw_key(w, "args");
	jsonw_obj_open(w);
	jsonw_key(w, "nr_to_scan");
	jsonw_u64(w, o->scan_nr);
	jsonw_key(w, "freed");
	jsonw_u64(w, freed);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	return start;
}

static struct bo_look look_of(struct sim *s, uint32_t bo)
{
	const struct shm_object *ob = shm_get(s, bo);
	struct bo_look l = { .label = L_NONE };

	if (!ob)
		return l;
	l.use = ob->pages_use_count;
	l.pin = ob->pages_pin_count;
	l.vmap = ob->vmap_use_count;
	l.madv = ob->madv < 0 ? -1 : ob->madv > 0 ? 1 : 0;
	if (ob->madv < 0)
		l.label = L_PURGED;
	else if (ob->evicted)
		l.label = L_EVICTED;
	else if (!shm_has_pages(ob))
		l.label = L_NO_PAGES;
	else if (ob->vmap_use_count > 0)
		l.label = L_VMAPPED;
	else if (ob->pages_pin_count > 0)
		l.label = L_PINNED;
	else
		l.label = L_RESIDENT;
	return l;
}

/* Field by field: the struct's padding is not part of the look. */
static bool look_same(const struct bo_look *a, const struct bo_look *b)
{
	return a->label == b->label && a->madv == b->madv && a->use == b->use && a->pin == b->pin &&
	       a->vmap == b->vmap;
}

/* The slice of object @bo's state @l from @start to @end, its counts as args. */
static void bo_slice(struct out *o, uint32_t bo, const struct bo_look *l, sim_ns start, sim_ns end)
{
	struct jsonw *w = o->e.w;

	tev_begin(&o->e, "X", label_name[l->label], TID_BO + bo, start);
	tev_ts(&o->e, "dur", end - start);
	jsonw_key(w, "args");
	jsonw_obj_open(w);
	jsonw_key(w, "pages_use_count");
	jsonw_i64(w, l->use);
	jsonw_key(w, "pages_pin_count");
	jsonw_i64(w, l->pin);
	jsonw_key(w, "vmap_use_count");
	jsonw_i64(w, l->vmap);
	jsonw_key(w, "madv");
	jsonw_str(w, l->madv < 0 ? "purged" : l->madv > 0 ? "dontneed" : "willneed");
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

static void bo_state(struct out *o, uint32_t bo)
{
	struct bo_track *b = bo_track(o, bo);
	struct bo_look l = look_of(o->s, bo);

	if (!b || look_same(&b->look, &l))
		return;
	if (b->look.label != L_NONE && o->s->now > b->since)
		bo_slice(o, bo, &b->look, b->since, o->s->now);
	b->look = l;
	b->since = o->s->now;
}

/* ---- jobs ----------------------------------------------------------------- */

static struct job_track *job_track(struct out *o, uint32_t job)
{
	if (grow_array_zero(o->jobs, o->njobs, (uint64_t)job + 1, 64))
		return NULL;
	return &o->jobs[job];
}

static uint32_t queue_tid(struct out *o, uint64_t where)
{
	uint32_t dev = (uint32_t)(where >> 32) % 64, q = (uint32_t)where % 64;
	uint32_t tid = TID_QUEUE + dev * 64 + q;

	if (!(o->queues_named[dev] & (1ull << q))) {
		char name[96];

		o->queues_named[dev] |= 1ull << q;
		snprintf(name, sizeof(name), "%s queue %u", sim_name(o->s, SIM_K_DEVICE, dev), q);
		tev_thread(&o->e, tid, name, 100 + dev * 64 + q);
	}
	return tid;
}

static void job_slice(struct out *o, uint32_t job, struct job_track *j, bool killed)
{
	struct jsonw *w = o->e.w;
	uint32_t tid = queue_tid(o, j->where);

	tev_begin(&o->e, "X", killed ? "job (killed)" : "job", tid, j->start);
	tev_ts(&o->e, "dur", o->s->now - j->start);
	jsonw_key(w, "args");
	jsonw_obj_open(w);
	jsonw_key(w, "job");
	jsonw_u64(w, job);
	jsonw_key(w, "swapins");
	jsonw_u64(w, j->nflows);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	for (uint32_t k = 0; k < j->nflows; k++)
		tev_flow(&o->e, "f", "swap-in for job", tid, j->start, j->flow + k);
	j->nflows = 0;
}

/* ---- flows ---------------------------------------------------------------- */

/* A swap-in: held until a submission in the same step claims it. */
static void swapin_note(struct out *o, uint32_t bo)
{
	if (o->swapin_step != o->s->step) {
		o->swapin_step = o->s->step;
		o->nswapins = 0;
	}
	if (grow_array(o->swapins, o->cap_swapins, (uint64_t)o->nswapins + 1, 16))
		return; /* the arrow is lost, not the run */
	o->swapins[o->nswapins++] = (struct swapin_rec){ .bo = bo, .at = o->s->now };
}

/* Job @job was submitted: its swap-ins of this step start arrows to it. */
static void swapin_claim(struct out *o, uint32_t job)
{
	struct job_track *j;

	if (o->swapin_step != o->s->step || !o->nswapins)
		return;
	j = job_track(o, job);
	if (!j || tr_capped(o, o->s->now, o->nswapins))
		return;
	j->flow = o->flow_id + 1;
	j->nflows = o->nswapins;
	for (uint32_t k = 0; k < o->nswapins; k++)
		tev_flow(&o->e, "s", "swap-in for job", TID_BO + o->swapins[k].bo, o->swapins[k].at,
			 ++o->flow_id);
	o->nswapins = 0;
}

/* ---- the observer --------------------------------------------------------- */

/* A warning or violation: an instant event with its message (report @a). */
static void obs_report(struct out *o, struct sim *s, enum sim_obs kind, uint32_t a, uint64_t b)
{
	tev_begin(&o->e, "i", kind == SIM_OBS_WARNING ? "warning" : "violation", TID_EVENTS,
		  s->now);
	jsonw_key(o->e.w, "s");
	jsonw_str(o->e.w, "g");
	jsonw_key(o->e.w, "args");
	jsonw_obj_open(o->e.w);
	if (kind == SIM_OBS_VIOLATION) {
		jsonw_key(o->e.w, "invariant");
		jsonw_u64(o->e.w, b);
	}
	if (a != SIM_NONE) {
		jsonw_key(o->e.w, "message");
		jsonw_str(o->e.w, s->reports[a].msg);
	}
	jsonw_obj_close(o->e.w);
	jsonw_obj_close(o->e.w);
}

/* A scan ends: its slice, and an arrow from the fault that ran it (direct reclaim). */
static void obs_scan_end(struct out *o, struct sim *s, uint64_t b)
{
	sim_ns start = scan_slice(o, s, b);

	if (o->fault_bo != SIM_NONE && o->fault_step == s->step && !tr_capped(o, s->now, 2)) {
		tev_flow(&o->e, "s", "fault ran reclaim", TID_BO + o->fault_bo, o->fault_at,
			 ++o->flow_id);
		tev_flow(&o->e, "f", "fault ran reclaim", TID_SHRINKER, start, o->flow_id);
	}
}

/* Job @a starts (on queue @b) or ends: its slice is drawn at the end. */
static void obs_job(struct out *o, struct sim *s, enum sim_obs kind, uint32_t a, uint64_t b)
{
	struct job_track *j = job_track(o, a);

	if (!j)
		return;
	if (kind == SIM_OBS_JOB_START) {
		j->start = s->now;
		j->where = b;
		j->running = true;
	} else if (j->running) {
		j->running = false;
		job_slice(o, a, j, b);
	}
}

/* Object @a lost or regained @b pages: evict, purge or swapin. */
static void obs_pages(struct out *o, enum sim_obs kind, uint32_t a, uint64_t b)
{
	if (bo_track(o, a))
		instant(o,
			kind == SIM_OBS_EVICT ? "evict" :
			kind == SIM_OBS_PURGE ? "purge" :
						"swapin",
			TID_BO + a, "pages", b, NULL, 0);
	bo_state(o, a);
	if (kind == SIM_OBS_SWAPIN)
		swapin_note(o, a);
}

static void observe(void *ctx, struct sim *s, enum sim_obs kind, uint32_t a, uint64_t b)
{
	struct out *o = ctx;

	if (kind == SIM_OBS_JOB_START)
		o->running++;
	else if (kind == SIM_OBS_JOB_END && o->running)
		o->running--;
	if (!o->tr || tr_capped(o, s->now, 1))
		return;

	switch (kind) {
	case SIM_OBS_EVICT:
	case SIM_OBS_PURGE:
	case SIM_OBS_SWAPIN: obs_pages(o, kind, a, b); break;
	case SIM_OBS_CPU_FAULT:
		if (bo_track(o, a))
			instant(o, "cpu fault", TID_BO + a, "page", b, NULL, 0);
		o->fault_bo = a;
		o->fault_at = s->now;
		o->fault_step = s->step;
		break;
	case SIM_OBS_GPU_FAULT: instant(o, "gpu fault", TID_EVENTS, "vm", a, "va", b); break;
	case SIM_OBS_SCAN_BEGIN:
		o->scan_start = s->now;
		o->scan_work = s->work;
		o->scan_nr = b;
		break;
	case SIM_OBS_SCAN_VISIT:
	case SIM_OBS_SCAN_PASS:
	case SIM_OBS_SCAN_SPLICE: break;
	case SIM_OBS_SCAN_END: obs_scan_end(o, s, b); break;
	case SIM_OBS_OOM: instant(o, "OOM", TID_EVENTS, "pages", b, NULL, 0); break;
	case SIM_OBS_JOB_SUBMIT: swapin_claim(o, a); break;
	case SIM_OBS_JOB_START:
	case SIM_OBS_JOB_END: obs_job(o, s, kind, a, b); break;
	case SIM_OBS_STATE: bo_state(o, a); break;
	case SIM_OBS_WARNING:
	case SIM_OBS_VIOLATION: obs_report(o, s, kind, a, b); break;
	case SIM_OBS_COUNT: break;
	}
}

/* ---- samples -------------------------------------------------------------- */

static void counters_now(struct out *o, struct counters *c)
{
	struct sim *s = o->s;
	uint64_t free_frames = pg_free_frames(s), other = pg_other_frames(s);

	*c = (struct counters){ { free_frames, s->cfg.ram_pages - free_frames - other, other,
				  s->cfg.swap_pages - pg_free_slots(s), o->running,
				  s->stats.pages_swapped_in, s->stats.pages_evicted } };
}

/* One counter event @name at @t with the values @v of @keys. */
static void counter(struct out *o, const char *name, sim_ns t, const char *const *keys,
		    const uint64_t *v, unsigned n)
{
	tev_begin(&o->e, "C", name, 0, t);
	jsonw_key(o->e.w, "args");
	jsonw_obj_open(o->e.w);
	for (unsigned i = 0; i < n; i++) {
		jsonw_key(o->e.w, keys[i]);
		jsonw_u64(o->e.w, v[i]);
	}
	jsonw_obj_close(o->e.w);
	jsonw_obj_close(o->e.w);
}

/*
 * The trace's counters as of time @t, when they differ from the last
 * written (or @force): so a change shows at the time it happened, however
 * short the run, and a quiet stretch costs nothing.
 */
static void trace_counters(struct out *o, sim_ns t, bool force)
{
	static const char *const mem[] = { "free", "objects", "other", "swap used" };
	static const char *const run[] = { "running" };
	static const char *const vm[] = { "pswpin", "pswpout" };
	struct counters c;

	counters_now(o, &c);
	if (o->counted && !force && !memcmp(&c, &o->last, sizeof(c)))
		return;
	if (o->counted && t <= o->last_at && !memcmp(&c, &o->last, sizeof(c)))
		return;
	if (tr_capped(o, t, 3))
		return;
	counter(o, "memory (pages)", t, mem, c.v, 4);
	counter(o, "jobs running", t, run, c.v + 4, 1);
	counter(o, "vmstat", t, vm, c.v + 5, 2);
	o->last = c;
	o->counted = true;
	o->last_at = t;
}

static void write_row(struct out *o, sim_ns t)
{
	struct sim *s = o->s;
	struct counters c;
	struct kstats k;
	const struct sim_stats *st = &s->stats;

	if (ts_capped(o, t))
		return;
	counters_now(o, &c);
	kstats_get(s, &k);
	fprintf(o->ts,
		"%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
		",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64,
		t, c.v[0], c.v[1], c.v[3], gem_pinned_pages(s), c.v[2], st->pages_evicted,
		st->pages_purged, st->cpu_faults, st->gpu_faults, o->running,
		st->job_swapin_stall_ns, st->shrinker_scans, st->oom);
	for (int i = 0; i < KSTATS_FDINFO; i++)
		fprintf(o->ts, ",%" PRIu64, kstats_fdinfo_value(&k, i));
	fprintf(o->ts, ",%" PRIu64 ",%" PRIu64 "\n", k.pswpin, k.pswpout);
}

void out_sample(void *ctx, sim_ns t)
{
	struct out *o = ctx;

	/* Moving past o->seen: the state now is the state at it. */
	if (o->tr && t > o->seen)
		trace_counters(o, o->seen, false);
	if (t > o->seen)
		o->seen = t;
	/* Rows strictly before the next event's time: everything up to them
	 * has run. */
	while (o->ts && o->next < t) {
		if (o->ts_full) {
			o->next = UINT64_MAX; /* capped: no more rows */
			break;
		}
		write_row(o, o->next);
		if (o->next > UINT64_MAX - o->every) {
			o->next = UINT64_MAX;
			break;
		}
		o->next += o->every;
	}
}

/* ---- lifetime ------------------------------------------------------------- */

static const char ts_header[] =
	"time_ns,free_frames,object_pages,swapped_pages,pinned_pages,other_pages,"
	"pages_evicted,pages_purged,cpu_faults,gpu_faults,jobs_running,"
	"job_swapin_stall_ns,shrinker_scans,oom,drm_total_memory,drm_shared_memory,"
	"drm_active_memory,drm_resident_memory,drm_purgeable_memory,pswpin,pswpout\n";

struct out *out_create(struct sim *s, const struct scenario *sc, const struct out_opts *opts,
		       struct sim_error *err)
{
	struct out *o = calloc(1, sizeof(*o));

	if (!o) {
		error_set(err, 0, 0, "out of memory");
		return NULL;
	}
	o->s = s;
	o->sc = sc;
	o->every = opts->every ? opts->every : 1000000;
	o->fault_bo = SIM_NONE;
	o->swapin_step = UINT64_MAX;
	o->e.pid = opts->pid ? opts->pid : 1;
	/* flow ids are the file's: each process (compare side) its own range */
	o->flow_id = (uint64_t)(o->e.pid - 1) << 32;
	if (opts->timeseries) {
		if (ofile_open(&o->ts_file, opts->timeseries, err))
			goto err_free;
		o->ts = o->ts_file.f;
		fputs(ts_header, o->ts);
	}
	if (opts->trace_into) {
		o->e.w = opts->trace_into;
		o->tr = opts->trace_into->f;
	} else if (opts->trace) {
		if (ofile_open(&o->tr_file, opts->trace, err))
			goto err_free;
		o->tr = o->tr_file.f;
		o->own_trace = true;
		jsonw_init(&o->w, o->tr, false);
		o->e.w = &o->w;
		tev_open(&o->w, s, sc, NULL, 0);
	}
	if (o->tr) {
		tev_process(&o->e, opts->process ? opts->process : sc->name);
		tev_thread(&o->e, TID_SHRINKER, "shrinker", 1);
		tev_thread(&o->e, TID_EVENTS, "events", 2);
	}
	if (sim_observe_add(s, observe, o)) {
		error_set(err, 0, 0, "too many observers");
		goto err_free;
	}
	return o;

err_free:
	out_destroy(o);
	return NULL;
}

int out_finish(struct out *o, struct sim_error *err)
{
	sim_ns end = o->s->now;

	out_sample(o, end);
	if (o->ts && o->next == end)
		write_row(o, end);
	if (o->tr) {
		trace_counters(o, o->seen, false);
		if (end > o->last_at)
			trace_counters(o, end, true); /* the counter tracks reach the end */
		for (uint32_t i = 0; i < o->nbos && !o->tr_full; i++)
			if (o->bos[i].named && o->bos[i].look.label != L_NONE &&
			    end > o->bos[i].since)
				bo_slice(o, i, &o->bos[i].look, o->bos[i].since, end);
		if (o->own_trace)
			tev_close(&o->w);
	}
	o->ts = o->tr = NULL;
	if (ofile_commit(&o->ts_file, err)) {
		ofile_abort(&o->tr_file);
		return -1;
	}
	return ofile_commit(&o->tr_file, err);
}
void out_notes(const struct out *o, char *buf, size_t len)
{
	char t[UNITS_FORMAT_LEN];
	size_t n = 0;

	buf[0] = '\0';
	if (o->ts_full) {
		units_format_time(o->ts_cut, t, sizeof(t));
		n += (size_t)snprintf(buf, len,
				      "%s: --timeseries stopped at %u rows (at t=%s); "
				      "a longer --every keeps the whole run\n",
				      o->ts_file.path, OUT_MAX_ROWS, t);
	}
	if (o->tr_full && n < len) {
		units_format_time(o->tr_cut, t, sizeof(t));
		snprintf(buf + n, len - n,
			 "%s: --trace stopped at %u events (at t=%s); a "
			 "shorter run keeps the whole run\n",
			 o->own_trace ? o->tr_file.path : "the compare trace", OUT_MAX_TRACE_EVENTS,
			 t);
	}
}

void out_destroy(struct out *o)
{
	if (!o)
		return;
	ofile_abort(&o->ts_file);
	ofile_abort(&o->tr_file);
	free(o->bos);
	free(o->jobs);
	free(o->swapins);
	free(o);
}
