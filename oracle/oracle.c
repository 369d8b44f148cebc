// SPDX-License-Identifier: MIT
/*
 * oracle/oracle.c - the lockstep comparison of the differential oracle:
 * each helper-level op of a scenario runs on the kernel side (through
 * struct oracle_kernel) and on the model (run_dispatch()), then both states
 * are compared; the first difference stops the run with both side by side.
 * docs/oracle.md has what is compared and why.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gem/gem.h"
#include "gem/shm.h"
#include "oracle/oracle.h"
#include "run/run.h"
#include "sim/sim.h"
#include "run/ops.h"

bool oracle_op_supported(unsigned op)
{
	switch ((enum sim_op)op) {
	case SIM_OP_CREATE:
	case SIM_OP_FREE:
	case SIM_OP_GET_PAGES:
	case SIM_OP_PUT_PAGES:
	case SIM_OP_PIN:
	case SIM_OP_UNPIN:
	case SIM_OP_VMAP:
	case SIM_OP_VUNMAP:
	case SIM_OP_VMAP_ACCESS:
	case SIM_OP_MMAP:
	case SIM_OP_MUNMAP:
	case SIM_OP_FORK:
	case SIM_OP_CPU_ACCESS:
	case SIM_OP_MADVISE:
	case SIM_OP_PURGE:
	case SIM_OP_GET_PAGES_SGT:
	case SIM_OP_GET_SG_TABLE:
	case SIM_OP_RESV_LOCK:
	case SIM_OP_RESV_UNLOCK: return true;
	default: return false;
	}
}

/* the kernel side's op line for event @e (oracle/stand/kside.c reads it) */
static void op_line(const struct sim_event *e, char *buf, size_t len)
{
	const char *name = ops_table[e->op].name;

	switch ((enum sim_op)e->op) {
	case SIM_OP_CREATE: snprintf(buf, len, "create %" PRIu32 " %" PRIu64, e->a, e->x); break;
	case SIM_OP_MMAP:
		snprintf(buf, len, "mmap %" PRIu32 " %" PRIu32 " %d", e->a, e->b,
			 (e->flags & SIM_EV_PRIVATE) ? 1 : 0);
		break;
	case SIM_OP_MUNMAP: snprintf(buf, len, "munmap 0 %" PRIu32, e->b); break;
	case SIM_OP_FORK: snprintf(buf, len, "fork 0 %" PRIu32 " %" PRIu32, e->b, e->c); break;
	case SIM_OP_CPU_ACCESS:
		snprintf(buf, len, "fault %" PRIu32 " %" PRIu64 " %" PRIu64, e->b, e->x, e->y);
		break;
	case SIM_OP_MADVISE:
		snprintf(buf, len, "madvise %" PRIu32 " %" PRId64, e->a, (int64_t)e->x);
		break;
	case SIM_OP_VMAP_ACCESS:
		snprintf(buf, len, "vmap_access %" PRIu32 " %" PRIu64, e->a, e->x);
		break;
	default:
		if (e->a == SIM_NONE) /* an op on no object (pressure, shrink) */
			snprintf(buf, len, "%s", name);
		else
			snprintf(buf, len, "%s %" PRIu32, name, e->a);
		break;
	}
}

/* the model's side of the same state */
static void model_state(struct sim *s, int ret, bool is_void, struct oracle_state *st)
{
	uint32_t n = shm_slot_count(s);

	memset(st, 0, sizeof(*st));
	st->ret = is_void ? ORACLE_VOID : ret;
	st->warns = s->warnings;
	for (uint32_t i = 0; i < n && st->nobj < ORACLE_MAX_OBJS; i++) {
		const struct shm_object *o = shm_get(s, i);
		struct oracle_obj *b;

		if (!o)
			continue;
		b = &st->obj[st->nobj++];
		b->slot = i;
		b->use = o->pages_use_count;
		b->pin = o->pages_pin_count;
		b->vmap = o->vmap_use_count;
		b->pages = shm_has_pages(o);
		b->sgt = o->sgt;
		b->evicted = o->evicted;
		b->madv = o->madv;
	}
}

/* the kernel functions that return nothing: their result is not compared */
static bool op_is_void(unsigned op)
{
	switch ((enum sim_op)op) {
	case SIM_OP_FREE:
	case SIM_OP_PUT_PAGES:
	case SIM_OP_UNPIN:
	case SIM_OP_VUNMAP:
	case SIM_OP_PURGE:
	case SIM_OP_MUNMAP:
	case SIM_OP_FORK: return true;
	default: return false;
	}
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static const struct oracle_obj *find_obj(const struct oracle_state *st, uint32_t slot)
{
	for (uint32_t i = 0; i < st->nobj; i++)
		if (st->obj[i].slot == slot)
			return &st->obj[i];
	return NULL;
}

struct text {
	char *buf;
	size_t len, used;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->used >= t->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->used, t->len - t->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->used += (size_t)n < t->len - t->used ? (size_t)n : t->len - t->used - 1;
}

static void put_ret(struct text *t, int ret)
{
	char b[32];

	if (ret == ORACLE_VOID)
		snprintf(b, sizeof(b), "(void)");
	else if (ret > 0 || ret == 0)
		snprintf(b, sizeof(b), "%d", ret);
	else
		snprintf(b, sizeof(b), "%s", sim_strerror(ret));
	put(t, "%-12s", b);
}

static void put_obj(struct text *t, const struct oracle_obj *o)
{
	if (!o) {
		put(t, "%-44s", "(no object)");
		return;
	}
	put(t, "use %-3d pin %-3d vmap %-3d pages %d sgt %d madv %-2d%s", o->use, o->pin, o->vmap,
	    o->pages, o->sgt, o->madv, o->evicted ? " evicted" : "");
}

/* both states side by side, the differing fields marked */
static void side_by_side(struct text *t, const struct oracle_state *k, const struct oracle_state *m,
			 bool is_void)
{
	put(t, "            %-52s %s\n", "kernel (the tree's helper)", "model (gemsim)");
	put(t, "  result    ");
	put_ret(t, is_void ? ORACLE_VOID : k->ret);
	put(t, "%40s", "");
	put_ret(t, is_void ? ORACLE_VOID : m->ret);
	put(t, "%s\n", !is_void && k->ret != m->ret ? "   <- differs" : "");
	put(t, "  WARNs     %-52" PRIu64 " %" PRIu64 "%s\n", k->warns, m->warns,
	    k->warns != m->warns ? "   <- differs" : "");
	for (uint32_t i = 0; i < ORACLE_MAX_OBJS; i++) {
		const struct oracle_obj *ko = NULL, *mo = NULL;
		bool any = false;

		for (uint32_t j = 0; j < k->nobj; j++)
			if (k->obj[j].slot == i)
				ko = &k->obj[j], any = true;
		for (uint32_t j = 0; j < m->nobj; j++)
			if (m->obj[j].slot == i)
				mo = &m->obj[j], any = true;
		if (!any)
			continue;
		put(t, "  bo#%-5" PRIu32 "  ", i);
		put_obj(t, ko);
		put(t, "  |  ");
		put_obj(t, mo);
		put(t, "\n");
	}
	if (k->msg[0])
		put(t, "  kernel said:\n%s", k->msg);
}

/* Returns: a description of the first field that differs, or NULL */
static const char *differs(const struct oracle_state *k, const struct oracle_state *m, bool is_void,
			   char *why, size_t len)
{
	if (!is_void && k->ret != m->ret) {
		snprintf(why, len, "the result differs");
		return why;
	}
	if (k->warns != m->warns) {
		snprintf(why, len, "the number of WARNs differs");
		return why;
	}
	for (uint32_t i = 0; i < k->nobj; i++)
		if (!find_obj(m, k->obj[i].slot)) {
			snprintf(why, len, "bo#%" PRIu32 " lives in the kernel, not in the model",
				 k->obj[i].slot);
			return why;
		}
	for (uint32_t i = 0; i < m->nobj; i++) {
		const struct oracle_obj *mo = &m->obj[i], *ko = find_obj(k, mo->slot);
		const char *f = NULL;

		if (!ko) {
			snprintf(why, len, "bo#%" PRIu32 " lives in the model, not in the kernel",
				 mo->slot);
			return why;
		}
		if (ko->use != mo->use)
			f = "pages_use_count";
		else if (ko->pin != mo->pin)
			f = "pages_pin_count";
		else if (ko->vmap != mo->vmap)
			f = "vmap_use_count";
		else if (ko->pages != mo->pages)
			f = "pages present";
		else if (ko->sgt != mo->sgt)
			f = "sgt stored";
		else if (sign(ko->madv) != sign(mo->madv))
			f = "madv";
		else if (ko->evicted != mo->evicted)
			f = "evicted";
		if (f) {
			snprintf(why, len, "bo#%" PRIu32 ": %s differs", mo->slot, f);
			return why;
		}
	}
	return NULL;
}

/*
 * The differences that are modelling choices, each named and documented in
 * docs/oracle.md ("Modelling choices"): @e's op made the model differ from
 * the kernel on purpose.  Returns: the choice's name, or NULL.
 */
static const char *choice_of(const struct sim *s, const struct sim_event *e,
			     const struct oracle_state *k, const struct oracle_state *m,
			     uint64_t kwarn, uint64_t mwarn)
{
	const struct oracle_obj *ko = find_obj(k, e->a), *mo = find_obj(m, e->a);

	/* a WARN_ONCE that fired before in the run stays silent; the model
	 * warns at every misuse */
	if (k->once_again && k->warns == kwarn && m->warns > mwarn)
		return "warn-every-time";
	/* an access past the object's end: in the kernel outside the VMA (mmap
	 * makes none longer than the object), a SIGSEGV the helper never sees;
	 * the model, which addresses pages, answers SIGBUS as the fault would */
	if (e->op == SIM_OP_CPU_ACCESS && k->ret == GEMSIM_EFAULT && m->ret == GEMSIM_SIGBUS)
		return "access-past-end";
	/* mmap of a purged object: the purge freed its fake offset
	 * (drm_gem_free_mmap_offset()), so drm_gem_mmap() finds no object and
	 * fails before any helper runs; the kernel side calls the helper's
	 * drm_gem_shmem_mmap() directly, below that lookup */
	if (e->op == SIM_OP_MMAP && m->ret == GEMSIM_EINVAL && k->ret == 0 && mo && mo->madv < 0)
		return "mmap-offset-freed";
	/* free while a CPU mapping holds the object: the kernel keeps it until
	 * the last munmap (each VMA holds a reference); the model tears the
	 * mappings down at once and warns of the references left */
	if (e->op == SIM_OP_FREE && e->a < 64 && (k->lingering >> e->a & 1))
		return "free-tears-down-mappings";
	/* policy.vmap_pins=false: the seed thread's alternative, no kernel's
	 * helper; the first vmap pins in the kernel and not in the model (the
	 * run stops there, so a vunmap never gets to differ for it) */
	if (!s->cfg.policy.vmap_pins && e->op == SIM_OP_VMAP && ko && mo &&
	    ko->pin == mo->pin + 1 && ko->use == mo->use && k->warns - kwarn == m->warns - mwarn)
		return "vmap-without-pin";
	/* shm_put_pages()/shm_unpin(): a drop of a reference a known holder
	 * keeps (a pin's, a mapping's, the sgt's, a vmap's pin) is refused with
	 * a warning; the kernel's refcount cannot tell and frees */
	if ((e->op == SIM_OP_PUT_PAGES || e->op == SIM_OP_UNPIN) && ko && mo && k->warns == kwarn &&
	    m->warns == mwarn + 1 &&
	    (e->op == SIM_OP_PUT_PAGES ? ko->use == mo->use - 1 : ko->pin == mo->pin - 1))
		return "held-reference-kept";
	return NULL;
}

static void stop(struct oracle_result *res, enum oracle_outcome o, const struct sim_event *e,
		 uint32_t idx, const char *line)
{
	res->outcome = o;
	res->event = idx;
	res->line = e->line;
	snprintf(res->op, sizeof(res->op), "%s", line);
}

/* the warnings each side had counted before the op (a misuse is a new one) */
struct warns_seen {
	uint64_t model, kernel;
};

/*
 * Event @i of @sc on both sides, compared.  Returns: true when the run
 * stops there (@res says why), false to go on.
 */
static bool run_event(struct sim *s, const struct scenario *sc, uint32_t i,
		      const struct oracle_kernel *k, struct oracle_result *res, struct text *t,
		      struct warns_seen *w)
{
	static struct oracle_state ks, ms;
	const struct sim_event *e = &sc->events[i];
	bool is_void = op_is_void(e->op);
	char line[96], why[160];
	int mret;

	op_line(e, line, sizeof(line));
	if (!oracle_op_supported(e->op)) {
		stop(res, ORACLE_PARTIAL, e, i, line);
		put(t, "%s is no helper op the oracle runs on the kernel: compared up to it\n",
		    ops_table[e->op].name);
		return true;
	}
	s->cur_event = i;
	mret = run_dispatch(s, sc, e);
	s->cur_event = SIM_NONE;
	model_state(s, mret, is_void, &ms);
	if (k->op(k->ctx, line, &ks) && !ks.oops) {
		stop(res, ORACLE_ERROR, e, i, line);
		put(t, "the kernel side stopped answering at `%s`\n", line);
		return true;
	}
	res->ops++;
	if (ks.oops) {
		bool model_flags = ms.warns > w->model;

		stop(res, model_flags ? ORACLE_MISUSE : ORACLE_DIFF, e, i, line);
		put(t, "the kernel oopses at `%s`%s\n%s", line,
		    model_flags ? "; the model flags the op with a warning" :
				  "; the model runs it without a warning",
		    ks.msg);
		return true;
	}
	/* the mappings part ways here, whatever the counts say */
	if (e->op == SIM_OP_FREE && e->a < 64 && (ks.lingering >> e->a & 1))
		snprintf(why, sizeof(why), "bo#%" PRIu32 " lives on in the kernel", e->a);
	if (((e->op == SIM_OP_FREE && e->a < 64 && (ks.lingering >> e->a & 1)) ||
	     differs(&ks, &ms, is_void, why, sizeof(why))) &&
	    (res->choice = choice_of(s, e, &ks, &ms, w->kernel, w->model))) {
		stop(res, ORACLE_CHOICE, e, i, line);
		put(t, "%s after `%s`: the modelling choice \"%s\" (docs/oracle.md)\n", why, line,
		    res->choice);
		side_by_side(t, &ks, &ms, is_void);
		return true;
	}
	if (differs(&ks, &ms, is_void, why, sizeof(why))) {
		/* both flag the op as a misuse: agreed, and the run ends */
		bool misuse = ks.warns > w->kernel && ms.warns > w->model;

		stop(res, misuse ? ORACLE_MISUSE : ORACLE_DIFF, e, i, line);
		if (misuse)
			put(t, "both sides flag `%s` as a misuse (%s after it)\n", line, why);
		else
			put(t, "%s after `%s`\n", why, line);
		side_by_side(t, &ks, &ms, is_void);
		return true;
	}
	w->model = ms.warns;
	w->kernel = ks.warns;
	return false;
}

int oracle_run(const struct scenario *sc0, unsigned kernel, const struct oracle_kernel *k,
	       struct oracle_result *res)
{
	struct scenario sc = *sc0;
	struct warns_seen warns = { 0, 0 };
	struct text t;
	struct sim *s;

	memset(res, 0, sizeof(*res));
	res->event = SIM_NONE;
	t = (struct text){ res->text, sizeof(res->text), 0 };
	sc.cfg.kernel = kernel;
	s = run_setup(&sc);
	if (!s)
		return -1;
	if (k->reset(k->ctx, sc.cfg.ram_pages)) {
		res->outcome = ORACLE_ERROR;
		snprintf(res->op, sizeof(res->op), "reset");
		put(&t, "the kernel side did not start a new run\n");
		gem_sim_destroy(s);
		return 0;
	}
	for (uint32_t i = 0; i < sc.nevents; i++)
		if (run_event(s, &sc, i, k, res, &t, &warns))
			break;
	if (res->event == SIM_NONE)
		res->outcome = ORACLE_SAME;
	gem_sim_destroy(s);
	return 0;
}
