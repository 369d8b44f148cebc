/*
 * sim/output/output.c - time series (CSV) and trace-event (JSON) writers.
 *
 * Trace layout (pid 1, "gemsim"):
 *   tid 1          shrinker: a slice per scan, args nr and freed
 *   tid 2          events: instants not tied to an object (OOM, GPU fault,
 *                  warnings, violations)
 *   tid 100+k      GPU device d queue q (k = d * 64 + q): jobs as slices
 *   tid 100000+bo  object bo: its state as consecutive slices (resident,
 *                  pinned, vmapped, evicted, ...) and its own instants
 *                  (evict, purge, swap-in, CPU fault)
 *   counters       "memory" (frames: free, objects, other; swap: used),
 *                  "jobs" (running), one sample per interval
 * Timestamps are microseconds with three decimals, printed from integer
 * nanoseconds.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gem/gem.h"
#include "gem/pg.h"
#include "gem/shm.h"
#include "sim/base/jsonw.h"
#include "sim/base/ofile.h"
#include "sim/output/output.h"
#include "sim/base/units.h"

#define TID_SHRINKER 1
#define TID_EVENTS 2
#define TID_QUEUE 100
#define TID_BO 100000

enum label { L_NONE, L_NO_PAGES, L_RESIDENT, L_PINNED, L_VMAPPED, L_EVICTED, L_PURGED };

static const char *const label_name[] = {
	[L_NONE] = "none", [L_NO_PAGES] = "no pages", [L_RESIDENT] = "resident",
	[L_PINNED] = "pinned", [L_VMAPPED] = "vmapped", [L_EVICTED] = "evicted",
	[L_PURGED] = "purged",
};

struct bo_track {
	uint8_t label;     /* enum label of the open slice */
	bool named;        /* thread_name metadata written */
	sim_ns since;      /* start of the open slice */
};

struct job_track {
	sim_ns start;
	uint64_t where;    /* (device << 32) | queue */
	bool running;
};

struct out {
	struct sim *s;
	const struct scenario *sc;
	sim_ns every;
	sim_ns next;              /* next sample time */
	FILE *ts;                 /* time series (ts_file.f), or NULL */
	FILE *tr;                 /* trace (tr_file.f), or NULL */
	struct ofile ts_file, tr_file;
	uint64_t rows;            /* time series rows written */
	uint64_t trev;            /* trace events written (about: a few per call) */
	bool ts_full, tr_full;    /* a cap was reached: nothing more is written */
	sim_ns ts_cut, tr_cut;    /* ... at this time */
	struct jsonw w;
	struct bo_track *bos;
	uint32_t nbos;
	struct job_track *jobs;
	uint32_t njobs;
	uint64_t queues_named[64]; /* bit q of device d: queue track named */
	uint64_t running;          /* jobs started, not ended */
	sim_ns scan_start;
	sim_ns scan_work;          /* s->work when the scan began */
	sim_ns scan_busy;          /* end of the last scan slice drawn */
	uint64_t scan_nr;
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

static void put_ts(struct out *o, const char *key, sim_ns t)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "%" PRIu64 ".%03" PRIu64, t / 1000, t % 1000);
	jsonw_key(&o->w, key);
	jsonw_raw(&o->w, buf);
}

static void ev_begin(struct out *o, const char *ph, const char *name, uint32_t tid, sim_ns t)
{
	jsonw_obj_open(&o->w);
	jsonw_key(&o->w, "ph");
	jsonw_str(&o->w, ph);
	jsonw_key(&o->w, "name");
	jsonw_str(&o->w, name);
	jsonw_key(&o->w, "pid");
	jsonw_u64(&o->w, 1);
	jsonw_key(&o->w, "tid");
	jsonw_u64(&o->w, tid);
	put_ts(o, "ts", t);
}

static void thread_name(struct out *o, uint32_t tid, const char *name, uint32_t sort)
{
	ev_begin(o, "M", "thread_name", tid, 0);
	jsonw_key(&o->w, "args");
	jsonw_obj_open(&o->w);
	jsonw_key(&o->w, "name");
	jsonw_str(&o->w, name);
	jsonw_obj_close(&o->w);
	jsonw_obj_close(&o->w);
	ev_begin(o, "M", "thread_sort_index", tid, 0);
	jsonw_key(&o->w, "args");
	jsonw_obj_open(&o->w);
	jsonw_key(&o->w, "sort_index");
	jsonw_u64(&o->w, sort);
	jsonw_obj_close(&o->w);
	jsonw_obj_close(&o->w);
}

static void instant(struct out *o, const char *name, uint32_t tid, const char *k1, uint64_t v1,
		    const char *k2, uint64_t v2)
{
	ev_begin(o, "i", name, tid, o->s->now);
	jsonw_key(&o->w, "s");
	jsonw_str(&o->w, "t");
	jsonw_key(&o->w, "args");
	jsonw_obj_open(&o->w);
	if (k1) {
		jsonw_key(&o->w, k1);
		jsonw_u64(&o->w, v1);
	}
	if (k2) {
		jsonw_key(&o->w, k2);
		jsonw_u64(&o->w, v2);
	}
	jsonw_obj_close(&o->w);
	jsonw_obj_close(&o->w);
}

static void slice(struct out *o, const char *name, uint32_t tid, sim_ns start, sim_ns end)
{
	ev_begin(o, "X", name, tid, start);
	put_ts(o, "dur", end - start);
	jsonw_obj_close(&o->w);
}

/* ---- object tracks -------------------------------------------------------- */

static struct bo_track *bo_track(struct out *o, uint32_t bo)
{
	if (bo >= o->nbos) {
		uint32_t n = o->nbos ? o->nbos : 64;

		while (n <= bo)
			n *= 2;

		struct bo_track *b = realloc(o->bos, n * sizeof(*b));

		if (!b)
			return NULL;
		memset(b + o->nbos, 0, (n - o->nbos) * sizeof(*b));
		o->bos = b;
		o->nbos = n;
	}

	struct bo_track *b = &o->bos[bo];

	if (!b->named) {
		b->named = true;
		thread_name(o, TID_BO + bo, sim_name(o->s, SIM_K_BO, bo), 1000 + bo);
	}
	return b;
}

/*
 * A shrinker scan as a slice.  The clock does not move during a scan: its
 * length is the work the cost model charged for it (swap-outs, zaps), as
 * in the reclaim latency figure.  Scans back to back at one time follow
 * each other on the track instead of overlapping.
 */
static void scan_slice(struct out *o, const struct sim *s, uint64_t freed)
{
	sim_ns start = o->scan_start > o->scan_busy ? o->scan_start : o->scan_busy;

	o->scan_busy = start + (s->now - o->scan_start) + (s->work - o->scan_work);
	ev_begin(o, "X", "shrinker scan", TID_SHRINKER, start);
	put_ts(o, "dur", o->scan_busy - start);
	jsonw_key(&o->w, "args");
	jsonw_obj_open(&o->w);
	jsonw_key(&o->w, "nr_to_scan");
	jsonw_u64(&o->w, o->scan_nr);
	jsonw_key(&o->w, "freed");
	jsonw_u64(&o->w, freed);
	jsonw_obj_close(&o->w);
	jsonw_obj_close(&o->w);
}

static enum label label_of(struct sim *s, uint32_t bo)
{
	const struct shm_object *ob = shm_get(s, bo);

	if (!ob)
		return L_NONE;
	if (ob->madv < 0)
		return L_PURGED;
	if (ob->evicted)
		return L_EVICTED;
	if (!shm_has_pages(ob))
		return L_NO_PAGES;
	if (ob->vmap_use_count > 0)
		return L_VMAPPED;
	if (ob->pages_pin_count > 0)
		return L_PINNED;
	return L_RESIDENT;
}

static void bo_state(struct out *o, uint32_t bo)
{
	struct bo_track *b = bo_track(o, bo);
	enum label l = label_of(o->s, bo);

	if (!b || b->label == l)
		return;
	if (b->label != L_NONE && o->s->now > b->since)
		slice(o, label_name[b->label], TID_BO + bo, b->since, o->s->now);
	b->label = (uint8_t)l;
	b->since = o->s->now;
}

/* ---- jobs ----------------------------------------------------------------- */

static struct job_track *job_track(struct out *o, uint32_t job)
{
	if (job >= o->njobs) {
		uint32_t n = o->njobs ? o->njobs : 64;

		while (n <= job)
			n *= 2;

		struct job_track *j = realloc(o->jobs, n * sizeof(*j));

		if (!j)
			return NULL;
		memset(j + o->njobs, 0, (n - o->njobs) * sizeof(*j));
		o->jobs = j;
		o->njobs = n;
	}
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
		thread_name(o, tid, name, 100 + dev * 64 + q);
	}
	return tid;
}

/* ---- the observer --------------------------------------------------------- */

static void observe(void *ctx, struct sim *s, enum sim_obs kind, uint32_t a, uint64_t b)
{
	struct out *o = ctx;
	struct job_track *j;

	if (kind == SIM_OBS_JOB_START)
		o->running++;
	else if (kind == SIM_OBS_JOB_END && o->running)
		o->running--;
	if (!o->tr || tr_capped(o, s->now, 1))
		return;

	switch (kind) {
	case SIM_OBS_EVICT:
	case SIM_OBS_PURGE:
	case SIM_OBS_SWAPIN:
		if (bo_track(o, a))
			instant(o, kind == SIM_OBS_EVICT ? "evict" : kind == SIM_OBS_PURGE ?
				"purge" : "swapin", TID_BO + a, "pages", b, NULL, 0);
		bo_state(o, a);
		break;
	case SIM_OBS_CPU_FAULT:
		if (bo_track(o, a))
			instant(o, "cpu fault", TID_BO + a, "page", b, NULL, 0);
		break;
	case SIM_OBS_GPU_FAULT:
		instant(o, "gpu fault", TID_EVENTS, "vm", a, "va", b);
		break;
	case SIM_OBS_SCAN_BEGIN:
		o->scan_start = s->now;
		o->scan_work = s->work;
		o->scan_nr = b;
		break;
	case SIM_OBS_SCAN_VISIT:
	case SIM_OBS_SCAN_PASS:
	case SIM_OBS_SCAN_SPLICE:
		break;
	case SIM_OBS_SCAN_END:
		scan_slice(o, s, b);
		break;
	case SIM_OBS_OOM:
		instant(o, "OOM", TID_EVENTS, "pages", b, NULL, 0);
		break;
	case SIM_OBS_JOB_START:
		j = job_track(o, a);
		if (j) {
			j->start = s->now;
			j->where = b;
			j->running = true;
		}
		break;
	case SIM_OBS_JOB_END:
		j = job_track(o, a);
		if (j && j->running) {
			j->running = false;
			ev_begin(o, "X", b ? "job (killed)" : "job", queue_tid(o, j->where), j->start);
			put_ts(o, "dur", s->now - j->start);
			jsonw_key(&o->w, "args");
			jsonw_obj_open(&o->w);
			jsonw_key(&o->w, "job");
			jsonw_u64(&o->w, a);
			jsonw_obj_close(&o->w);
			jsonw_obj_close(&o->w);
		}
		break;
	case SIM_OBS_STATE:
		bo_state(o, a);
		break;
	case SIM_OBS_WARNING:
	case SIM_OBS_VIOLATION:
		ev_begin(o, "i", kind == SIM_OBS_WARNING ? "warning" : "violation", TID_EVENTS,
			 s->now);
		jsonw_key(&o->w, "s");
		jsonw_str(&o->w, "g");
		jsonw_key(&o->w, "args");
		jsonw_obj_open(&o->w);
		if (kind == SIM_OBS_VIOLATION) {
			jsonw_key(&o->w, "invariant");
			jsonw_u64(&o->w, b);
		}
		if (a != SIM_NONE) {
			jsonw_key(&o->w, "message");
			jsonw_str(&o->w, s->reports[a].msg);
		}
		jsonw_obj_close(&o->w);
		jsonw_obj_close(&o->w);
		break;
	case SIM_OBS_COUNT:
		break;
	}
}

/* ---- samples -------------------------------------------------------------- */

static void write_sample(struct out *o, sim_ns t)
{
	struct sim *s = o->s;
	uint64_t free_frames = pg_free_frames(s), other = pg_other_frames(s);
	uint64_t objects = s->cfg.ram_pages - free_frames - other;
	uint64_t swapped = s->cfg.swap_pages - pg_free_slots(s);
	const struct sim_stats *st = &s->stats;

	if (o->ts && !ts_capped(o, t))
		fprintf(o->ts, "%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
			",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
			",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n",
			t, free_frames, objects, swapped, gem_pinned_pages(s), other,
			st->pages_evicted, st->pages_purged, st->cpu_faults, st->gpu_faults,
			o->running, st->job_swapin_stall_ns, st->shrinker_scans, st->oom);
	if (o->tr && !tr_capped(o, t, 2)) {
		ev_begin(o, "C", "memory (pages)", 0, t);
		jsonw_key(&o->w, "args");
		jsonw_obj_open(&o->w);
		jsonw_key(&o->w, "free");
		jsonw_u64(&o->w, free_frames);
		jsonw_key(&o->w, "objects");
		jsonw_u64(&o->w, objects);
		jsonw_key(&o->w, "other");
		jsonw_u64(&o->w, other);
		jsonw_key(&o->w, "swap used");
		jsonw_u64(&o->w, swapped);
		jsonw_obj_close(&o->w);
		jsonw_obj_close(&o->w);
		ev_begin(o, "C", "jobs running", 0, t);
		jsonw_key(&o->w, "args");
		jsonw_obj_open(&o->w);
		jsonw_key(&o->w, "running");
		jsonw_u64(&o->w, o->running);
		jsonw_obj_close(&o->w);
		jsonw_obj_close(&o->w);
	}
}

void out_sample(void *ctx, sim_ns t)
{
	struct out *o = ctx;

	/* Samples strictly before the next event's time: everything up to
	 * them has run. */
	while (o->next < t) {
		if ((!o->ts || o->ts_full) && (!o->tr || o->tr_full)) {
			o->next = UINT64_MAX; /* both capped: no more samples */
			break;
		}
		write_sample(o, o->next);
		if (o->next > UINT64_MAX - o->every) {
			o->next = UINT64_MAX;
			break;
		}
		o->next += o->every;
	}
}

/* ---- lifetime ------------------------------------------------------------- */

struct out *out_create(struct sim *s, const struct scenario *sc, const struct out_opts *opts,
		       struct sim_error *err)
{
	struct out *o = calloc(1, sizeof(*o));

	if (!o) {
		sim_error_set(err, 0, 0, "out of memory");
		return NULL;
	}
	o->s = s;
	o->sc = sc;
	o->every = opts->every ? opts->every : 1000000;
	if (opts->timeseries) {
		if (ofile_open(&o->ts_file, opts->timeseries, err))
			goto err_free;
		o->ts = o->ts_file.f;
		fputs("time_ns,free_frames,object_pages,swapped_pages,pinned_pages,other_pages,"
		      "pages_evicted,pages_purged,cpu_faults,gpu_faults,jobs_running,"
		      "job_swapin_stall_ns,shrinker_scans,oom\n", o->ts);
	}
	if (opts->trace) {
		if (ofile_open(&o->tr_file, opts->trace, err))
			goto err_free;
		o->tr = o->tr_file.f;
		fputs("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"generator\":\"gemsim\"},"
		      "\"traceEvents\":", o->tr);
		jsonw_init(&o->w, o->tr, false);
		jsonw_arr_open(&o->w);
		ev_begin(o, "M", "process_name", 0, 0);
		jsonw_key(&o->w, "args");
		jsonw_obj_open(&o->w);
		jsonw_key(&o->w, "name");
		jsonw_str(&o->w, sc->name);
		jsonw_obj_close(&o->w);
		jsonw_obj_close(&o->w);
		thread_name(o, TID_SHRINKER, "shrinker", 1);
		thread_name(o, TID_EVENTS, "events", 2);
	}
	if (sim_observe_add(s, observe, o)) {
		sim_error_set(err, 0, 0, "too many observers");
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
	if (o->next == end)
		write_sample(o, end);
	if (o->tr) {
		for (uint32_t i = 0; i < o->nbos && !o->tr_full; i++)
			if (o->bos[i].named && o->bos[i].label != L_NONE && end > o->bos[i].since)
				slice(o, label_name[o->bos[i].label], TID_BO + i, o->bos[i].since,
				      end);
		jsonw_arr_close(&o->w);
		fputs("}\n", o->tr);
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
		n += (size_t)snprintf(buf, len, "%s: --timeseries stopped at %u rows (at t=%s); "
				      "a longer --every keeps the whole run\n",
				      o->ts_file.path, OUT_MAX_ROWS, t);
	}
	if (o->tr_full && n < len) {
		units_format_time(o->tr_cut, t, sizeof(t));
		snprintf(buf + n, len - n, "%s: --trace stopped at %u events (at t=%s); a "
			 "longer --every or a shorter run keeps the whole run\n",
			 o->tr_file.path, OUT_MAX_TRACE_EVENTS, t);
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
	free(o);
}
