// SPDX-License-Identifier: MIT
/*
 * run/run.c - the engine loop, the op dispatcher and expectations.
 *
 * Scenario events are already sorted by (time, file order), so they are not
 * pushed into the heap: the loop merges the sorted array with the queue of
 * internal events, taking the array first on equal times.  That keeps
 * millions of scripted events out of the heap and gives the documented
 * tie-break for free.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gem/gem.h"
#include "gem/shm.h"
#include "gpu/gpu.h"
#include "sim/queue.h"
#include "run/ops.h"
#include "run/run.h"
#include "base/units.h"
#include "run/workload.h"

struct sim *run_setup(const struct scenario *sc)
{
	struct sim *s = gem_sim_create(&sc->cfg);

	if (!s)
		return NULL;
	s->sc = sc;
	if (gpu_create(s, sc)) {
		gem_sim_destroy(s);
		return NULL;
	}
	return s;
}

void run_describe_event(const struct scenario *sc, uint32_t idx, char *buf, size_t len)
{
	const struct sim_event *e = &sc->events[idx];
	const char *op = ops_table[e->op].name;

	switch (ops_table[e->op].subject) {
	case OPS_NAMES_PAGES: snprintf(buf, len, "%s %" PRIu64 " pages", op, e->x); break;
	case OPS_NAMES_NR: snprintf(buf, len, "%s nr=%" PRIu64, op, e->x); break;
	case OPS_NAMES_MAP:
		snprintf(buf, len, "%s %s", op, scenario_name(sc, SIM_K_MAP, e->b));
		break;
	case OPS_NAMES_BUF:
		snprintf(buf, len, "%s %s", op, scenario_name(sc, SIM_K_BUF, e->b));
		break;
	case OPS_NAMES_ATT:
		snprintf(buf, len, "%s %s", op, scenario_name(sc, SIM_K_ATT, e->c));
		break;
	case OPS_NAMES_VM:
		snprintf(buf, len, "%s %s", op, scenario_name(sc, SIM_K_VM, e->b));
		break;
	case OPS_NAMES_BO:
		snprintf(buf, len, "%s %s", op,
			 e->a == SIM_NONE ? "?" : scenario_name(sc, SIM_K_BO, e->a));
		break;
	}
}

int run_dispatch(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	if (e->op >= SIM_OP_COUNT)
		return GEMSIM_EINVAL;
	return ops_table[e->op].run(s, sc, e);
}

static struct run_item *add_item(struct run_item *items, uint32_t *n, sim_ns at, uint32_t line,
				 uint32_t col, uint32_t event)
{
	if (*n >= RUN_KEPT)
		return NULL;

	struct run_item *it = &items[(*n)++];

	it->at = at;
	it->line = line;
	it->col = col;
	it->event = event;
	it->msg[0] = '\0';
	return it;
}

/* The current value of an expectation key. */
static int64_t key_value(struct sim *s, const struct sim_check *c)
{
	const struct shm_object *o = NULL;

	if (c->key <= SIM_KEY_BO_EVICTABLE)
		o = shm_get(s, c->slot);

	switch ((enum sim_key)c->key) {
	case SIM_KEY_BO_SIZE_PAGES: return o ? (int64_t)o->npages : 0;
	case SIM_KEY_BO_PAGES_USE_COUNT: return o ? o->pages_use_count : 0;
	case SIM_KEY_BO_PAGES_PIN_COUNT: return o ? o->pages_pin_count : 0;
	case SIM_KEY_BO_VMAP_USE_COUNT: return o ? o->vmap_use_count : 0;
	case SIM_KEY_BO_MADV: return o ? (o->madv > 0 ? 1 : o->madv < 0 ? -1 : 0) : 0;
	case SIM_KEY_BO_EVICTED: return o ? o->evicted : 0;
	case SIM_KEY_BO_HAS_PAGES: return o ? shm_has_pages(o) : 0;
	case SIM_KEY_BO_HAS_SGT: return o ? o->sgt : 0;
	case SIM_KEY_BO_RESIDENT_PAGES: return o ? (int64_t)shm_resident_pages(o) : 0;
	case SIM_KEY_BO_SWAPPED_PAGES: return o ? (int64_t)shm_swapped_pages(o) : 0;
	case SIM_KEY_BO_PURGEABLE: return o ? shm_purgeable(s, o) : 0;
	case SIM_KEY_BO_EVICTABLE: return o ? shm_evictable(s, o) : 0;
	case SIM_KEY_VM_MAPPED_PAGES: return (int64_t)gpu_vm_mapped_pages(s, c->slot);
	case SIM_KEY_STAT: return (int64_t)sim_stat_get(&s->stats, &sim_stat_descs[c->slot]);
	case SIM_KEY_VIOLATIONS: return (int64_t)s->violations;
	case SIM_KEY_WARNINGS: return (int64_t)s->warnings;
	case SIM_KEY_COUNT: break;
	}
	return 0;
}

static void format_value(const struct sim_check *c, int64_t v, char *buf, size_t len)
{
	if (c->key == SIM_KEY_BO_MADV)
		snprintf(buf, len, "%s", v > 0 ? "dontneed" : v < 0 ? "purged" : "willneed");
	else if (c->key == SIM_KEY_BO_EVICTED || c->key == SIM_KEY_BO_HAS_PAGES ||
		 c->key == SIM_KEY_BO_HAS_SGT || c->key == SIM_KEY_BO_PURGEABLE ||
		 c->key == SIM_KEY_BO_EVICTABLE)
		snprintf(buf, len, "%s", v ? "true" : "false");
	else
		snprintf(buf, len, "%" PRId64, v);
}

static void check_expect(struct sim *s, const struct scenario *sc, const struct sim_expect *x,
			 struct run_result *r)
{
	for (uint32_t i = x->first; i < x->first + x->count; i++) {
		const struct sim_check *c = &sc->checks[i];
		int64_t v = key_value(s, c);
		bool ok = (!c->has_min || v >= c->min) && (!c->has_max || v <= c->max);

		if (ok) {
			r->passed++;
			continue;
		}
		r->failed++;

		struct run_item *it =
			add_item(r->fails, &r->nfails, s->now, c->line, c->col, SIM_NONE);
		char got[32], want[80], lo[32], hi[32];

		if (!it)
			continue;
		format_value(c, v, got, sizeof(got));
		format_value(c, c->min, lo, sizeof(lo));
		format_value(c, c->max, hi, sizeof(hi));
		if (c->has_min && c->has_max && c->min == c->max)
			snprintf(want, sizeof(want), "%s", lo);
		else if (c->has_min && c->has_max)
			snprintf(want, sizeof(want), "between %s and %s", lo, hi);
		else if (c->has_min)
			snprintf(want, sizeof(want), "at least %s", lo);
		else
			snprintf(want, sizeof(want), "at most %s", hi);
		snprintf(it->msg, sizeof(it->msg), "%s: wanted %s, got %s", c->text, want, got);
	}
}

static int run_event(struct sim *s, const struct scenario *sc, uint32_t idx, struct run_result *r)
{
	const struct sim_event *e = &sc->events[idx];
	int res;
	enum sim_ret got;

	s->cur_event = idx;
	res = run_dispatch(s, sc, e);
	got = ops_result((enum sim_op)e->op, res);
	if (e->ret != SIM_RET_ANY) {
		if (got == e->ret) {
			r->passed++;
		} else {
			struct run_item *it;
			char what[96];

			r->failed++;
			it = add_item(r->fails, &r->nfails, s->now, e->line, e->col, idx);
			if (it) {
				run_describe_event(sc, idx, what, sizeof(what));
				snprintf(it->msg, sizeof(it->msg), "%s: wanted ret %s, got %s",
					 what, sim_ret_names[e->ret], sim_ret_names[got]);
			}
		}
	} else if (res < 0) {
		struct run_item *it;
		char what[96];

		r->errors++;
		it = add_item(r->notes, &r->nnotes, s->now, e->line, e->col, idx);
		if (it) {
			run_describe_event(sc, idx, what, sizeof(what));
			snprintf(it->msg, sizeof(it->msg), "%s returned %s", what,
				 sim_ret_names[got]);
		}
	}
	return res;
}

/* The run needs a time past SIM_TIME_MAX (sim_time_past()): it stops there. */
static __attribute__((cold, noinline)) void time_fatal(struct sim_runner *rn)
{
	const struct scenario *sc = rn->sc;
	const char *file = sc->file ? sc->file : "scenario";
	struct run_result *r = rn->r;
	char what[96];
	int n = 0;

	if (rn->s->time_located) {
		/* a workload's message, with its place */
	} else if (rn->last_event != SIM_NONE) {
		const struct sim_event *e = &sc->events[rn->last_event];

		run_describe_event(sc, rn->last_event, what, sizeof(what));
		n = snprintf(r->fatal, sizeof(r->fatal), "%s:%u:%u: %s: ", file, e->line, e->col,
			     what);
	} else if (rn->last_wl != SIM_NONE) {
		const struct sim_workload *w = &sc->workloads[rn->last_wl];

		n = snprintf(r->fatal, sizeof(r->fatal), "%s:%u:%u: workload: ", file, w->line,
			     w->col);
	} else {
		n = snprintf(r->fatal, sizeof(r->fatal), "%s: ", file);
	}
	if (n >= 0 && (size_t)n < sizeof(r->fatal))
		snprintf(r->fatal + n, sizeof(r->fatal) - (size_t)n, "%s", rn->s->time_msg);
	r->has_fatal = true;
}

static void run_internal(struct sim_runner *rn, const struct sim_qev *q)
{
	struct sim *s = rn->s;

	s->cur_event = SIM_NONE;
	switch ((enum sim_qkind)q->kind) {
	case SIM_Q_RECLAIM: gem_background_reclaim(s); break;
	case SIM_Q_JOB_DONE: gpu_job_done(s, q->arg); break;
	case SIM_Q_WORKLOAD:
		if (wl_fire(s, rn->wl, q->arg)) {
			snprintf(rn->r->fatal, sizeof(rn->r->fatal), "%s", wl_error(rn->wl));
			rn->r->has_fatal = true;
		}
		break;
	case SIM_Q_SCENARIO:
	case SIM_Q_KIND_COUNT: SIM_ASSERT(!"unexpected internal event"); break;
	}
}

void run_init(struct sim_runner *rn, struct sim *s, const struct scenario *sc, struct run_result *r)
{
	memset(rn, 0, sizeof(*rn));
	memset(r, 0, sizeof(*r));
	rn->s = s;
	rn->sc = sc;
	rn->r = r;
	rn->stop = sc->end ? sc->end : UINT64_MAX;
	s->end = sc->end;
	rn->wl = wl_create(s, sc);
	if (sc->nworkloads && !rn->wl) {
		snprintf(r->fatal, sizeof(r->fatal), "out of memory setting up the workloads");
		r->has_fatal = true;
		rn->done = true;
		rn->code = 2;
	}
	rn->last_event = SIM_NONE;
	rn->last_wl = SIM_NONE;
}

sim_ns run_next_time(const struct sim_runner *rn)
{
	const struct scenario *sc = rn->sc;
	sim_ns te = rn->next < sc->nevents ? sc->events[rn->next].at : UINT64_MAX;
	sim_ns tq = sim_queue_peek_time(rn->s->queue);
	sim_ns t = te <= tq ? te : tq;

	return t > rn->stop ? UINT64_MAX : t;
}

/*
 * How far a workload firing may run ahead (sim_run_ahead()): up to, not
 * including, the next scenario event @te (scenario events run first at
 * equal times) and the runner's own bound, and no further than the next
 * timed expectation (checked before anything due after it) or the
 * scenario's end.  The runner adds what is queued; sim_schedule() lowers
 * the bound to whatever a step queues.
 */
static sim_ns ahead_limit(const struct sim_runner *rn, sim_ns te)
{
	const struct scenario *sc = rn->sc;
	sim_ns lim = te < rn->ahead ? te : rn->ahead;

	if (rn->xi < sc->nexpects && !sc->expects[rn->xi].at_end && sc->expects[rn->xi].at < lim)
		lim = sc->expects[rn->xi].at + 1;
	if (rn->stop < lim)
		lim = rn->stop + 1;
	/* nothing past the limit of simulated time runs ahead (sim_time_past()) */
	return lim <= SIM_TIME_MAX ? lim : SIM_TIME_PAST;
}

/* One step; inline so that run_scenario()'s loop has no call per event. */
static inline __attribute__((always_inline)) bool runner_step(struct sim_runner *rn)
{
	struct sim *s = rn->s;
	const struct scenario *sc = rn->sc;
	struct run_result *r = rn->r;

	if (rn->done)
		return false;

	sim_ns te = rn->next < sc->nevents ? sc->events[rn->next].at : UINT64_MAX;
	sim_ns tq = sim_queue_peek_time(s->queue);
	sim_ns t = te <= tq ? te : tq;

	/* Expectations due before the next event's time. */
	while (rn->xi < sc->nexpects && !sc->expects[rn->xi].at_end && sc->expects[rn->xi].at < t &&
	       sc->expects[rn->xi].at <= rn->stop) {
		if (sc->expects[rn->xi].at > s->now)
			s->now = sc->expects[rn->xi].at;
		check_expect(s, sc, &sc->expects[rn->xi], r);
		rn->xi++;
	}
	if (t == UINT64_MAX || t > rn->stop) {
		run_finish(rn);
		return false;
	}
	if (rn->sample)
		rn->sample(rn->sample_ctx, t);
	s->now = t;
	s->step++;
	if (te <= tq) {
		rn->last_event = rn->next;
		rn->last_wl = SIM_NONE;
		rn->last_ret = run_event(s, sc, rn->next++, r);
	} else {
		struct sim_qev q;

		rn->last_event = SIM_NONE;
		rn->last_ret = 0;
		sim_queue_pop(s->queue, &q);
		rn->last_wl = q.kind == SIM_Q_WORKLOAD ? q.arg : SIM_NONE;
		if (q.kind == SIM_Q_WORKLOAD && rn->ahead && !rn->sample) {
			sim_ns tq2 = sim_queue_peek_time(s->queue);
			sim_ns lim = ahead_limit(rn, te);

			s->ahead_until = tq2 < lim ? tq2 : lim;
			s->ahead_check = s->check ? gem_check_dirty : NULL;
		}
		run_internal(rn, &q);
		r->events += s->ahead_events;
		s->ahead_events = 0;
		s->ahead_until = 0;
	}
	r->events++;
	if (s->check)
		gem_check_dirty(s);
	if (__builtin_expect(s->time_over, 0) && !r->has_fatal)
		time_fatal(rn);
	if (r->has_fatal) {
		run_finish(rn);
		return false;
	}
	return true;
}

bool run_step(struct sim_runner *rn)
{
	return runner_step(rn);
}

int run_finish(struct sim_runner *rn)
{
	struct sim *s = rn->s;
	const struct scenario *sc = rn->sc;
	struct run_result *r = rn->r;

	if (rn->done)
		return rn->code;
	rn->done = true;
	if (sc->end && s->now < sc->end) {
		if (rn->sample)
			rn->sample(rn->sample_ctx, sc->end);
		s->now = sc->end;
	}
	s->cur_event = SIM_NONE;
	if (s->check)
		gem_check_all(s);
	/* Timed expectations past the last event, then the "end" ones. */
	for (; rn->xi < sc->nexpects; rn->xi++) {
		if (!sc->expects[rn->xi].at_end && sc->expects[rn->xi].at > s->now)
			s->now = sc->expects[rn->xi].at;
		check_expect(s, sc, &sc->expects[rn->xi], r);
	}
	r->unexpected_violations = s->violations && !sc->expects_violations;
	if (rn->wl) {
		r->nworkloads = sc->nworkloads < RUN_WORKLOADS ? sc->nworkloads : RUN_WORKLOADS;
		for (uint32_t i = 0; i < r->nworkloads; i++)
			r->workloads[i] = *wl_get_stats(rn->wl, i);
		wl_destroy(rn->wl);
		rn->wl = NULL;
	}
	rn->code = r->has_fatal ? 2 : r->failed || r->unexpected_violations ? 1 : 0;
	return rn->code;
}

int run_scenario(struct sim *s, const struct scenario *sc, struct run_result *r)
{
	struct sim_runner rn;

	run_init(&rn, s, sc, r);
	rn.ahead = UINT64_MAX;
	while (runner_step(&rn))
		;
	return run_finish(&rn);
}
