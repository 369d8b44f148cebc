// SPDX-License-Identifier: MIT
/*
 * viewer/drive.c - running a scenario for gemsim-view: the clock, seeking by
 * re-running from the start, the event log, sparkline samples, captions and
 * the per-event record that compare mode diffs.  No SDL.
 *
 * Seeking backwards re-runs the scenario from time 0 with the same seed and
 * --set overrides: the engine is deterministic, so the picture at a time is
 * the same however the clock got there.  The scenarios a talk uses run in
 * milliseconds, so there is no snapshot machinery to get wrong.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gem/pg.h"
#include "gem/shm.h"
#include "base/units.h"
#include "run/workload.h"
#include "viewer/view.h"

/* ---- formatting ---------------------------------------------------------- */

void view_format_time(sim_ns t, char *buf, size_t len)
{
	static const struct {
		sim_ns unit;
		const char *name;
	} u[] = {
		{ 1000000000ull, "s" },
		{ 1000000ull, "ms" },
		{ 1000ull, "us" },
		{ 1, "ns" },
	};
	size_t i = 0;

	while (i < 3 && t < u[i].unit)
		i++;
	if (t % u[i].unit == 0 || i == 3) {
		snprintf(buf, len, "%" PRIu64 "%s", t / u[i].unit, u[i].name);
		return;
	}
	/* 999.7ms would print as "1e+03ms" with three digits: say 1s */
	if (i > 0 && (double)t / (double)u[i].unit >= 999.5)
		i--;
	snprintf(buf, len, "%.3g%s", (double)t / (double)u[i].unit, u[i].name);
}

void view_format_count(uint64_t n, char *buf, size_t len)
{
	if (n < 10000)
		snprintf(buf, len, "%" PRIu64, n);
	else if (n < 1000000)
		snprintf(buf, len, "%.1fk", (double)n / 1e3);
	else if (n < 1000000000)
		snprintf(buf, len, "%.2fM", (double)n / 1e6);
	else
		snprintf(buf, len, "%.2fG", (double)n / 1e9);
}

/* ---- speeds: simulated time per wall second, on a 1-2-5 scale ------------ */

static sim_ns scale125(sim_ns x, bool up)
{
	sim_ns d = 1;

	if (x < 1)
		return 1;
	while (d * 10 <= x && d <= UINT64_MAX / 10)
		d *= 10;
	/* x in [d, 10d) */
	if (up)
		return x < 2 * d ? 2 * d : x < 5 * d ? 5 * d : 10 * d;
	if (x > 5 * d)
		return 5 * d;
	if (x > 2 * d)
		return 2 * d;
	if (x > d)
		return d;
	return d >= 10 ? d / 2 : 1;
}

sim_ns view_default_speed(sim_ns end)
{
	sim_ns want = end / 20, s = 1;

	if (!want)
		return 1000000; /* 1 ms per second */
	while (s < want)
		s = scale125(s, true);
	return s;
}

sim_ns view_speed_step(sim_ns speed, int dir)
{
	if (dir > 0)
		return speed >= 1000000000000ull ? speed : scale125(speed, true);
	return speed <= 1 ? 1 : scale125(speed, false);
}

/* ---- log ----------------------------------------------------------------- */

__attribute__((format(printf, 4, 5))) static void
logf_(struct view_run *v, sim_ns at, enum view_log_kind kind, const char *fmt, ...)
{
	struct view_log_line *l = &v->log[v->nlog++ % VIEW_LOG];
	va_list ap;

	l->at = at;
	l->kind = (uint8_t)kind;
	va_start(ap, fmt);
	vsnprintf(l->text, sizeof(l->text), fmt, ap);
	va_end(ap);
}

const struct view_log_line *view_run_log_line(const struct view_run *v, uint64_t back)
{
	if (back >= v->nlog || back >= VIEW_LOG)
		return NULL;
	return &v->log[(v->nlog - 1 - back) % VIEW_LOG];
}

void view_run_report_where(const struct view_run *v, uint32_t i, char *buf, size_t len)
{
	const struct sim_report *rp;

	buf[0] = '\0';
	if (!v->s || i >= v->s->nr_reports)
		return;
	rp = &v->s->reports[i];
	if (rp->event == SIM_NONE || rp->event >= v->sc->nevents) {
		snprintf(buf, len, "%s (the model's own work: reclaim or a job)", v->sc->file);
		return;
	}

	const struct sim_event *e = &v->sc->events[rp->event];
	char what[96];

	run_describe_event(v->sc, rp->event, what, sizeof(what));
	snprintf(buf, len, "%s:%u:%u (%s)", v->sc->file, e->line, e->col, what);
}

static const char *ret_text(int op, int ret)
{
	if (op == SIM_OP_MADVISE && ret >= 0)
		return ret ? "true" : "false";
	if (ret >= 0)
		return "ok";
	return sim_strerror(ret);
}

/* ---- the run ------------------------------------------------------------- */

uint64_t view_residency_sig(struct sim *s)
{
	uint64_t h = 1469598103934665603ull ^ pg_free_frames(s);
	uint32_t n = shm_slot_count(s);

	for (uint32_t bo = 0; bo < n; bo++) {
		const struct shm_object *o = shm_get(s, bo);
		uint64_t x;

		if (!o)
			continue;
		x = (uint64_t)bo << 40 ^ shm_resident_pages(o) << 20 ^ shm_swapped_pages(o) ^
		    (uint64_t)(o->madv < 0) << 63 ^ (uint64_t)o->evicted << 62;
		h = (h ^ x) * 1099511628211ull;
		h ^= h >> 29;
	}
	return h;
}

static void free_run(struct view_run *v)
{
	/* a run left before its end (a seek back, closing mid-run) still holds
	 * its workloads' state: run_finish() frees it only at the end */
	if (v->rn.wl)
		wl_destroy(v->rn.wl);
	v->rn.wl = NULL;
	if (v->s)
		gem_sim_destroy(v->s);
	v->s = NULL;
	view_fx_fini(&v->fx);
}

/* Add "evicted cmdbuf 16" to the step's list, or count it when full. */
__attribute__((format(printf, 2, 3))) static void scan_item(struct view_scan *sc, const char *fmt,
							    ...)
{
	char item[96];
	size_t len = strlen(sc->text);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(item, sizeof(item), fmt, ap);
	va_end(ap);
	/* keep room for ", +NN more" */
	if (len + strlen(item) + 2 + 12 >= sizeof(sc->text)) {
		sc->more++;
		return;
	}
	snprintf(sc->text + len, sizeof(sc->text) - len, "%s%s", sc->items ? ", " : "", item);
	sc->items++;
}

/* The object visited last was left alone: say why when a counter tells. */
static void scan_settle(struct view_scan *sc, const struct sim *s)
{
	if (sc->visited == SIM_NONE || sc->acted)
		return;
	int k = s->stats.shrinker_skipped_busy != sc->busy     ? 0 :
		s->stats.shrinker_skipped_locked != sc->locked ? 1 :
								 -1;

	if (k >= 0 && !sc->skipped[k]++)
		sc->skip_bo[k] = sc->visited;
	sc->visited = SIM_NONE;
}

/* Observer: each object the shrinker visits, evicts, purges or skips. */
static void scan_observe(void *ctx, struct sim *s, enum sim_obs what, uint32_t bo, uint64_t arg)
{
	struct view_scan *sc = ctx;

	switch (what) {
	case SIM_OBS_SCAN_VISIT:
		scan_settle(sc, s);
		sc->visited = bo;
		sc->acted = false;
		sc->busy = s->stats.shrinker_skipped_busy;
		sc->locked = s->stats.shrinker_skipped_locked;
		break;
	case SIM_OBS_EVICT:
	case SIM_OBS_PURGE:
		if (bo == sc->visited)
			sc->acted = true;
		scan_item(sc, "%s %s %" PRIu64, what == SIM_OBS_EVICT ? "evicted" : "purged",
			  sim_name(s, SIM_K_BO, bo), arg);
		break;
	case SIM_OBS_SCAN_END: scan_settle(sc, s); break;
	default: break;
	}
}

/*
 * The step's shrinker work as ": purged x 40, evicted y 16, skipped z
 * (busy)", or "": what it took first, then what it left and why (by name
 * when one object, as a count when more).
 */
static const char *scan_text(const struct sim *s, struct view_scan *sc, char *buf, size_t len)
{
	static const char *const why[2] = { "busy", "locked" };
	size_t n = 0;

	buf[0] = '\0';
	if (sc->items)
		n += (size_t)snprintf(buf, len, ": %.150s", sc->text);
	if (sc->more && n < len)
		n += (size_t)snprintf(buf + n, len - n, ", +%u more", sc->more);
	for (int k = 0; k < 2 && n < len; k++) {
		const char *sep = n ? ", " : ": ";

		if (sc->skipped[k] == 1)
			n += (size_t)snprintf(buf + n, len - n, "%sskipped %.40s (%s)", sep,
					      sim_name(s, SIM_K_BO, sc->skip_bo[k]), why[k]);
		else if (sc->skipped[k])
			n += (size_t)snprintf(buf + n, len - n, "%sskipped %u (%s)", sep,
					      sc->skipped[k], why[k]);
	}
	return buf;
}

/* A fresh run at time 0, with the observer on when @fx. */
static int new_run(struct view_run *v, bool fx)
{
	free_run(v);
	v->s = run_setup(v->sc);
	if (!v->s)
		return GEMSIM_ENOMEM;
	v->s->check = v->check;
	if (sim_observe_add(v->s, scan_observe, &v->scan))
		return GEMSIM_ENOMEM;
	view_lists_reset(&v->lists);
	if (sim_observe_add(v->s, view_lists_observe, &v->lists))
		return GEMSIM_ENOMEM;
	if (fx) {
		if (view_fx_init(&v->fx, v->s))
			return GEMSIM_ENOMEM;
		if (sim_observe_add(v->s, view_fx_observe, &v->fx))
			return GEMSIM_ENOMEM;
	}
	run_init(&v->rn, v->s, v->sc, v->r);
	v->t = 0;
	v->next_caption = 0;
	v->seen_violations = 0;
	v->seen_reports = 0;
	v->banner = -1;
	v->nlog = 0;
	v->nsampled = 0;
	memset(v->samples, 0, sizeof(v->samples));
	return 0;
}

static void sample_upto(struct view_run *v, sim_ns t)
{
	struct sim *s = v->s;

	/* sample j is the state at the end of bucket j, the last one at the end */
	while (v->nsampled < VIEW_SAMPLES && ((v->nsampled + 1) * v->bucket <= t ||
					      (v->nsampled + 1 == VIEW_SAMPLES && v->end <= t) ||
					      (v->end <= t && v->nsampled * v->bucket >= v->end))) {
		struct view_sample *x = &v->samples[v->nsampled++];

		x->free_frames = pg_free_frames(s);
		x->swap_used = s->cfg.swap_pages - pg_free_slots(s);
		x->evicted = s->stats.pages_evicted + s->stats.pages_purged;
		x->faults = view_faults(s);
		x->headline = view_headline_value(&v->hl, s);
		x->set = true;
	}
}

/* One step of the engine, with the log and the effects kept up to date.
 * Returns: false when the run is over. */
static bool step(struct view_run *v)
{
	struct sim *s = v->s;
	uint64_t scans = s->stats.shrinker_scans, freed = s->stats.shrinker_pages_freed;
	uint64_t background = s->stats.background_reclaims;
	bool more;
	char detail[VIEW_LOG_LEN];

	v->scan = (struct view_scan){ .visited = SIM_NONE };
	more = run_step(&v->rn);
	if (v->fx.gone_at)
		view_fx_resolve(&v->fx, s);
	if (v->rn.last_event != SIM_NONE && more) {
		const struct sim_event *e = &v->sc->events[v->rn.last_event];
		char what[96];
		int ret = v->rn.last_ret;
		bool err = ret < 0 && e->ret == SIM_RET_ANY;

		run_describe_event(v->sc, v->rn.last_event, what, sizeof(what));
		if (s->stats.shrinker_scans != scans)
			logf_(v, s->now, VIEW_LOG_EVENT, "%s: shrinker freed %" PRIu64 " pages%s",
			      what, s->stats.shrinker_pages_freed - freed,
			      scan_text(s, &v->scan, detail, sizeof(detail)));
		else
			logf_(v, s->now, err ? VIEW_LOG_ERROR : VIEW_LOG_EVENT, "%s -> %s", what,
			      ret_text(e->op, ret));
	} else if (more && s->stats.shrinker_scans != scans) {
		/* internal events: kswapd-like background reclaim, or a workload's
		 * allocation that had to reclaim first */
		logf_(v, s->now, VIEW_LOG_INTERNAL, "%s freed %" PRIu64 " pages%s",
		      s->stats.background_reclaims != background ? "background reclaim" :
								   "direct reclaim",
		      s->stats.shrinker_pages_freed - freed,
		      scan_text(s, &v->scan, detail, sizeof(detail)));
	}
	for (; v->seen_reports < s->nr_reports; v->seen_reports++) {
		const struct sim_report *rp = &s->reports[v->seen_reports];

		if (rp->invariant) {
			logf_(v, rp->at, VIEW_LOG_VIOLATION, "VIOLATION %u: %s", rp->invariant,
			      rp->msg);
			v->banner = (int)v->seen_reports;
		} else {
			logf_(v, rp->at, VIEW_LOG_WARNING, "WARN: %s", rp->msg);
		}
	}
	if (v->recording && v->rn.last_event != SIM_NONE && more && v->nrec < v->sc->nevents &&
	    v->rn.last_event == v->nrec) {
		v->rets[v->nrec] = v->rn.last_ret;
		v->sigs[v->nrec] = view_residency_sig(s);
		v->nrec++;
	}
	return more;
}

int view_run_open(struct view_run *v, const char *file, const struct load_opts *opts, bool check,
		  bool record, struct sim_error *err)
{
	memset(v, 0, sizeof(*v));
	v->banner = -1;
	v->check = check;
	v->sc = scenario_load(file, opts, err);
	if (!v->sc)
		return -1;
	v->r = malloc(sizeof(*v->r));
	if (!v->r)
		goto oom;
	if (record && v->sc->nevents) {
		v->rets = calloc(v->sc->nevents, sizeof(*v->rets));
		v->sigs = calloc(v->sc->nevents, sizeof(*v->sigs));
		if (!v->rets || !v->sigs)
			goto oom;
	}
	/* a first run to the end: its length and where its violations are */
	v->bucket = UINT64_MAX; /* no samples in this run */
	v->end = UINT64_MAX;
	v->recording = v->rets != NULL;
	if (new_run(v, false))
		goto oom;
	while (step(v))
		;
	if (v->r->has_fatal) {
		/* a run that cannot go on (a bad trace line) is bad input, as
		 * `gemsim run` says with exit code 2 */
		err->file = NULL;
		error_set(err, 0, 0, "%s", v->r->fatal);
		view_run_close(v);
		return -1;
	}
	v->end = v->s->now;
	v->total_events = v->r->events;
	v->end_stats = v->s->stats;
	v->end_violations = v->s->violations;
	v->end_warnings = v->s->warnings;
	if (v->sc->headline)
		view_headline_find(v->sc->headline, &v->hl);
	for (uint32_t i = 0; i < v->s->nr_reports && v->nviol_at < 64; i++)
		if (v->s->reports[i].invariant &&
		    (!v->nviol_at || v->viol_at[v->nviol_at - 1] != v->s->reports[i].at))
			v->viol_at[v->nviol_at++] = v->s->reports[i].at;
	if (v->sc->ncaptions && v->sc->captions[v->sc->ncaptions - 1].at > v->end)
		v->end = v->sc->captions[v->sc->ncaptions - 1].at;
	v->bucket = v->end / VIEW_SAMPLES + 1;
	v->recording = false; /* the record is the first run's */
	if (view_run_restart(v))
		goto oom;
	return 0;
oom:
	view_run_close(v);
	return GEMSIM_ENOMEM;
}

void view_run_close(struct view_run *v)
{
	if (v->keep) {
		view_run_close(v->keep);
		free(v->keep);
	}
	free_run(v);
	if (!v->sc_borrowed)
		scenario_free(v->sc);
	free(v->r);
	free(v->rets);
	free(v->sigs);
	memset(v, 0, sizeof(*v));
}

int view_run_restart(struct view_run *v)
{
	return new_run(v, true);
}

static void pass_caption(struct view_run *v)
{
	const struct sim_caption *c = &v->sc->captions[v->next_caption++];

	logf_(v, c->at, VIEW_LOG_CAPTION, "\"%s\"", c->text);
}

enum view_stop view_run_advance(struct view_run *v, sim_ns target, unsigned flags)
{
	const struct scenario *sc = v->sc;

	if (target < v->t)
		target = v->t;
	for (;;) {
		sim_ns nt = v->rn.done ? UINT64_MAX : run_next_time(&v->rn);

		/* captions due before the next event: before the events at their time */
		while (v->next_caption < sc->ncaptions &&
		       sc->captions[v->next_caption].at <= target &&
		       sc->captions[v->next_caption].at <= nt) {
			const struct sim_caption *c = &sc->captions[v->next_caption];

			pass_caption(v);
			if ((flags & VIEW_ADV_STOPS) && (c->pause || (flags & VIEW_ADV_TALK))) {
				if (c->at > v->t)
					v->t = c->at;
				sample_upto(v, v->t);
				return VIEW_STOP_CAPTION;
			}
		}
		if (nt == UINT64_MAX) {
			if (v->rn.done || target < v->end)
				break;
			/* the end: final checks and "end" expectations */
			sample_upto(v, v->s->now);
			step(v);
			if (v->s->violations > v->seen_violations) {
				v->seen_violations = v->s->violations;
				if (flags & VIEW_ADV_STOPS) {
					v->t = v->s->now > v->t ? v->s->now : v->t;
					return VIEW_STOP_VIOLATION;
				}
			}
			continue;
		}
		if (nt > target)
			break;
		if (nt)
			sample_upto(v, nt - 1);
		step(v);
		if (v->s->violations > v->seen_violations) {
			v->seen_violations = v->s->violations;
			if (flags & VIEW_ADV_STOPS) {
				v->t = v->s->now;
				return VIEW_STOP_VIOLATION;
			}
		}
	}
	v->t = target;
	sample_upto(v, target);
	return VIEW_STOP_NONE;
}

/* Point the observers of @v's run at @v's own effect records. */
static void own_observers(struct view_run *v)
{
	struct sim *s = v->s;

	for (unsigned i = 0; s && i < s->nr_obs; i++) {
		if (s->obs_fn[i] == view_fx_observe)
			s->obs_ctx[i] = &v->fx;
		else if (s->obs_fn[i] == scan_observe)
			s->obs_ctx[i] = &v->scan;
		else if (s->obs_fn[i] == view_lists_observe)
			s->obs_ctx[i] = &v->lists;
	}
}

/*
 * Trade the runs of @v and its kept run @k: everything that is the run's
 * state (the sim, its results, effects, log, samples, time) moves; what
 * belongs to the slot (the scenario, the compare record, the kept run)
 * stays.  A struct copy, so no run is re-run.
 */
static int swap_runs(struct view_run *v, struct view_run *k)
{
	struct view_run *tmp = malloc(sizeof(*tmp));

	if (!tmp)
		return GEMSIM_ENOMEM;
	*tmp = *v;
	*v = *k;
	*k = *tmp;
	/* the slot's own fields back where they were */
	v->sc = tmp->sc;
	v->sc_borrowed = tmp->sc_borrowed;
	v->keep = tmp->keep;
	v->rets = tmp->rets;
	v->sigs = tmp->sigs;
	v->nrec = tmp->nrec;
	v->recording = tmp->recording;
	k->sc = v->sc;
	k->sc_borrowed = true;
	k->keep = NULL;
	k->rets = NULL;
	k->sigs = NULL;
	k->nrec = 0;
	k->recording = false;
	own_observers(v);
	own_observers(k);
	free(tmp);
	return 0;
}

int view_run_tend(struct view_run *v)
{
	sim_ns span = v->end / VIEW_CHECKPOINTS + 1, want = v->t / span * span;
	struct view_run *k = v->keep;

	if (!k) {
		k = calloc(1, sizeof(*k));
		if (!k)
			return GEMSIM_ENOMEM;
		/* the first run's findings are the same for every run of it */
		k->sc = v->sc;
		k->sc_borrowed = true;
		k->check = v->check;
		k->end = v->end;
		k->total_events = v->total_events;
		k->bucket = v->bucket;
		k->hl = v->hl;
		k->nviol_at = v->nviol_at;
		memcpy(k->viol_at, v->viol_at, sizeof(k->viol_at));
		k->banner = -1;
		k->r = malloc(sizeof(*k->r));
		if (!k->r || view_run_restart(k)) {
			view_run_close(k);
			free(k);
			return GEMSIM_ENOMEM;
		}
		v->keep = k;
	}
	if (k->t > want && view_run_restart(k))
		return GEMSIM_ENOMEM;
	if (k->t < want)
		view_run_advance(k, want, 0);
	return 0;
}

int view_run_seek(struct view_run *v, sim_ns target)
{
	if (target < v->t) {
		if (v->keep && v->keep->t <= target && v->keep->t) {
			/* go on from the checkpoint; the run left behind is re-kept by
			 * the next view_run_tend() */
			if (swap_runs(v, v->keep))
				return GEMSIM_ENOMEM;
		} else if (view_run_restart(v)) {
			return GEMSIM_ENOMEM;
		}
	}
	view_run_advance(v, target, 0);
	return 0;
}

bool view_run_step(struct view_run *v)
{
	const struct scenario *sc = v->sc;
	sim_ns nt = v->rn.done ? UINT64_MAX : run_next_time(&v->rn);
	bool more;

	if (nt == UINT64_MAX) {
		if (!v->rn.done)
			step(v);
		return false;
	}
	while (v->next_caption < sc->ncaptions && sc->captions[v->next_caption].at <= nt)
		pass_caption(v);
	if (nt)
		sample_upto(v, nt - 1);
	more = step(v);
	v->seen_violations = v->s->violations;
	if (v->s->now > v->t)
		v->t = v->s->now;
	return more;
}

const struct sim_caption *view_run_caption(const struct view_run *v)
{
	const struct scenario *sc = v->sc;
	uint32_t lo = 0, hi = sc->ncaptions;

	/* the last caption with at <= t */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (sc->captions[mid].at <= v->t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &sc->captions[lo - 1] : NULL;
}

uint32_t view_first_divergence(const struct view_run *a, const struct view_run *b)
{
	uint32_t n = a->nrec < b->nrec ? a->nrec : b->nrec;

	if (!a->rets || !b->rets)
		return SIM_NONE;
	for (uint32_t i = 0; i < n; i++)
		if (a->rets[i] != b->rets[i] || a->sigs[i] != b->sigs[i])
			return i;
	if (a->nrec != b->nrec)
		return n; /* one run did more of the scenario's events */
	return SIM_NONE;
}
