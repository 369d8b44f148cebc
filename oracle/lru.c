// SPDX-License-Identifier: MIT
/*
 * oracle/lru.c - the oracle's LRU check (docs/oracle.md): sequences of
 * list ops (move an object to the tail of a list, remove it, scan a list
 * with a shrink callback whose verdict per object the sequence gives) run
 * on a kernel tree's own drm_gem_lru_* (the kernel side, oracle/stand/klru.c)
 * and on gemsim's lists (gem/lru.c and lru_scan(), which the shrinker walks
 * with) of an msm model, compared after each op.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gem/gem.h"
#include "gem/lru.h"
#include "oracle/oracle.h"
#include "run/load.h"
#include "run/run.h"
#include "sim/sim.h"

/* the kernel side's lists 0..3 are msm's lru.pinned, .evicted (unbacked), .dontneed, .willneed */
static const unsigned list_id[ORACLE_LRU_LISTS] = { LRU_PINNED, LRU_EVICTED, LRU_DONTNEED,
						    LRU_EVICTABLE };

void oracle_lru_make(struct oracle_lru_seq *q, struct sim_rng *rng, uint32_t nobj, uint32_t nops)
{
	uint32_t total = 0;

	memset(q, 0, sizeof(*q));
	q->nobj = nobj < 1 ? 1 : nobj > ORACLE_LRU_OBJS ? ORACLE_LRU_OBJS : nobj;
	q->nops = nops > ORACLE_LRU_MAX_OPS ? ORACLE_LRU_MAX_OPS : nops;
	for (uint32_t i = 0; i < q->nobj; i++) {
		q->pages[i] = (uint8_t)(1 + sim_rng_below(rng, 4));
		total += q->pages[i];
	}
	for (uint32_t i = 0; i < q->nops; i++) {
		struct oracle_lru_op *o = &q->ops[i];
		uint64_t r = sim_rng_below(rng, 100);

		o->bo = (uint8_t)sim_rng_below(rng, q->nobj);
		o->list = (uint8_t)sim_rng_below(rng, ORACLE_LRU_LISTS);
		if (r < 45) {
			o->kind = ORACLE_LRU_MOVE;
			continue;
		}
		if (r < 55) {
			o->kind = ORACLE_LRU_REMOVE;
			continue;
		}
		o->kind = ORACLE_LRU_SCAN;
		o->nr = (uint8_t)(1 + sim_rng_below(rng, total + 2 < ORACLE_LRU_MAX_NR ?
								 total + 2 :
								 ORACLE_LRU_MAX_NR));
		for (uint32_t b = 0; b < q->nobj; b++) {
			uint64_t v = sim_rng_below(rng, 10);

			o->verdict[b] = v < 4 ? ORACLE_LRU_KEEP :
					v < 6 ? ORACLE_LRU_LOCKED :
						ORACLE_LRU_FREE;
			/* freed objects leave the scanned list, as the kernel expects
			 * (drm_gem_lru_scan() WARNs otherwise): another list or none */
			o->to[b] = (uint8_t)sim_rng_below(rng, ORACLE_LRU_LISTS);
			if (o->to[b] == o->list)
				o->to[b] = ORACLE_LRU_LISTS;
		}
	}
}

/* the kernel side's lines for op @o: the verdicts of a scan, then the op */
static void op_lines(const struct oracle_lru_seq *q, const struct oracle_lru_op *o,
		     struct oracle_out *t)
{
	switch ((enum oracle_lru_kind)o->kind) {
	case ORACLE_LRU_MOVE: oracle_out(t, "lmove %u %u\n", o->bo, o->list); return;
	case ORACLE_LRU_REMOVE: oracle_out(t, "lremove %u\n", o->bo); return;
	case ORACLE_LRU_SCAN:
		for (uint32_t b = 0; b < q->nobj; b++)
			if (o->verdict[b] != ORACLE_LRU_KEEP)
				oracle_out(t, "lverdict %" PRIu32 " %u %u\n", b, o->verdict[b],
					   o->to[b]);
		oracle_out(t, "lscan %u %u\n", o->list, o->nr);
		return;
	}
}

size_t oracle_lru_text(const struct oracle_lru_seq *q, const bool *keep, char *buf, size_t len)
{
	struct oracle_out t = { buf, len, 0, len == 0 };

	for (uint32_t i = 0; i < q->nobj; i++)
		oracle_out(&t, "lcreate %" PRIu32 " %u\n", i, q->pages[i]);
	for (uint32_t i = 0; i < q->nops; i++)
		if (!keep || keep[i])
			op_lines(q, &q->ops[i], &t);
	return t.full ? 0 : t.used;
}

/* ---- the model side ---- */

struct judge_ctx {
	const struct oracle_lru_seq *q;
	const struct oracle_lru_op *op;
	struct oracle_lru_state *st;
};

/* the sequence's shrink callback on the model (msm's purge/evict moving the
 * object through update_lru_locked()) */
static enum lru_verdict judge_seq(struct sim *s, uint32_t slot, void *ctx)
{
	struct judge_ctx *c = ctx;
	unsigned v = slot < c->q->nobj ? c->op->verdict[slot] : ORACLE_LRU_KEEP;

	if (v == ORACLE_LRU_LOCKED)
		return LRU_VERDICT_LOCKED;
	if (c->st->noffered < ORACLE_LRU_OFFERS)
		c->st->offered[c->st->noffered++] = (uint8_t)slot;
	if (v != ORACLE_LRU_FREE)
		return LRU_VERDICT_KEEP;
	if (c->op->to[slot] < ORACLE_LRU_LISTS)
		lru_slot_move_tail(s, slot, list_id[c->op->to[slot]]);
	else
		lru_slot_remove(s, slot);
	return LRU_VERDICT_FREED;
}

static void model_lists(const struct sim *s, struct oracle_lru_state *st)
{
	st->seen = true;
	for (unsigned l = 0; l < ORACLE_LRU_LISTS; l++) {
		uint32_t slots[ORACLE_LRU_OBJS];
		uint64_t count;

		st->n[l] = lru_slots(s, list_id[l], slots, ORACLE_LRU_OBJS, &count);
		st->count[l] = (int64_t)count;
		for (uint32_t i = 0; i < st->n[l] && i < ORACLE_LRU_OBJS; i++)
			st->slot[l][i] = (uint8_t)slots[i];
	}
}

/* op @o on the model; its state into @st */
static void model_op(struct sim *s, const struct oracle_lru_seq *q, const struct oracle_lru_op *o,
		     struct oracle_state *st)
{
	memset(st, 0, sizeof(*st));
	st->ret = ORACLE_VOID;
	if (o->kind == ORACLE_LRU_MOVE) {
		lru_slot_move_tail(s, o->bo, list_id[o->list]);
	} else if (o->kind == ORACLE_LRU_REMOVE) {
		lru_slot_remove(s, o->bo);
	} else {
		struct judge_ctx c = { q, o, &st->lru };
		uint64_t remaining = 0;

		/* the kernel's walk: not the shrinker's direct path (lru.h) */
		st->ret =
			(int)lru_scan(s, list_id[o->list], o->nr, &remaining, judge_seq, &c, false);
		st->lru.remaining = (int64_t)remaining;
	}
	st->warns = s->warnings;
	model_lists(s, &st->lru);
}

/* an msm model with the sequence's objects, created, on no list */
static struct sim *model_setup(const struct oracle_lru_seq *q, struct scenario **scp)
{
	char json[4096];
	struct oracle_out t = { json, sizeof(json), 0, false };
	struct sim_error err;
	struct sim *s;

	oracle_out(&t,
		   "{\"version\": 1, \"name\": \"oracle-lru\", \"description\": \"the oracle's LRU "
		   "check\", \"memory\": {\"ram_pages\": 4096, \"swap_pages\": 4096}, "
		   "\"policy\": {\"shrinker\": \"msm\"}, \"objects\": [");
	for (uint32_t i = 0; i < q->nobj; i++)
		oracle_out(&t, "%s{\"name\": \"o%" PRIu32 "\", \"pages\": %u}", i ? ", " : "", i,
			   q->pages[i]);
	oracle_out(&t, "], \"events\": [");
	for (uint32_t i = 0; i < q->nobj; i++)
		oracle_out(&t,
			   "%s{\"at\": 0, \"op\": \"create\", \"bo\": \"o%" PRIu32
			   "\", \"pages\": %u}",
			   i ? ", " : "", i, q->pages[i]);
	oracle_out(&t, "]}");
	if (t.full || !(*scp = scenario_load_text("lru", json, t.used, NULL, &err)))
		return NULL;
	s = run_setup(*scp);
	if (!s) {
		scenario_free(*scp);
		return NULL;
	}
	for (uint32_t i = 0; i < (*scp)->nevents; i++)
		run_dispatch(s, *scp, &(*scp)->events[i]);
	return s;
}

/* ---- comparison ---- */

static bool same_lists(const struct oracle_lru_state *k, const struct oracle_lru_state *m,
		       char *why, size_t len)
{
	for (unsigned l = 0; l < ORACLE_LRU_LISTS; l++) {
		if (k->count[l] != m->count[l]) {
			snprintf(why, len, "list %u's count differs", l);
			return false;
		}
		if (k->n[l] != m->n[l] ||
		    memcmp(k->slot[l], m->slot[l],
			   k->n[l] < ORACLE_LRU_OBJS ? k->n[l] : ORACLE_LRU_OBJS)) {
			snprintf(why, len, "list %u's order differs", l);
			return false;
		}
	}
	return true;
}

static const char *differs(const struct oracle_state *k, const struct oracle_state *m, char *why,
			   size_t len)
{
	if (!k->lru.seen)
		return snprintf(why, len, "the kernel side reported no lists"), why;
	if (k->ret != m->ret)
		return snprintf(why, len, "the scan's freed differs"), why;
	if (k->warns != m->warns)
		return snprintf(why, len, "the number of WARNs differs"), why;
	if (k->lru.remaining >= 0 && k->lru.remaining != m->lru.remaining)
		return snprintf(why, len, "the scan's *remaining differs"), why;
	if (k->lru.noffered != m->lru.noffered ||
	    memcmp(k->lru.offered, m->lru.offered,
		   k->lru.noffered < ORACLE_LRU_OFFERS ? k->lru.noffered : ORACLE_LRU_OFFERS))
		return snprintf(why, len, "the objects the callback was offered differ"), why;
	return same_lists(&k->lru, &m->lru, why, len) ? NULL : why;
}

static void put_side(struct oracle_out *t, const struct oracle_state *st, unsigned l, int width)
{
	const struct oracle_lru_state *x = &st->lru;
	char row[160] = "";
	struct oracle_out r = { row, sizeof(row), 0, false };

	if (l < ORACLE_LRU_LISTS) {
		oracle_out(&r, "[%" PRId64 "p]", x->count[l]);
		for (uint32_t i = 0; i < x->n[l] && i < ORACLE_LRU_OBJS; i++)
			oracle_out(&r, " bo#%u", x->slot[l][i]);
	} else {
		for (uint32_t i = 0; i < x->noffered && i < ORACLE_LRU_OFFERS; i++)
			oracle_out(&r, "%sbo#%u", i ? " " : "", x->offered[i]);
	}
	oracle_out(t, "%-*s", width, row);
}

static void side_by_side(struct oracle_out *t, const struct oracle_state *k,
			 const struct oracle_state *m)
{
	static const char *const names[] = { "pinned", "evicted", "dontneed", "willneed" };

	oracle_out(t, "            %-52s%s\n", "kernel (the tree's drm_gem_lru_*)",
		   "model (gemsim)");
	if (k->ret != ORACLE_VOID || m->ret != ORACLE_VOID)
		oracle_out(t, "  freed     %-52d%d\n", k->ret, m->ret);
	oracle_out(t, "  remaining %-52" PRId64 "%" PRId64 "\n", k->lru.remaining,
		   m->lru.remaining);
	oracle_out(t, "  WARNs     %-52" PRIu64 "%" PRIu64 "\n", k->warns, m->warns);
	for (unsigned l = 0; l <= ORACLE_LRU_LISTS; l++) {
		oracle_out(t, "  %-9s ", l < ORACLE_LRU_LISTS ? names[l] : "offered");
		put_side(t, k, l, 52);
		put_side(t, m, l, 0);
		oracle_out(t, "\n");
	}
	if (*k->msg)
		oracle_out(t, "  kernel said:\n%s", k->msg);
}

/* send op @o's lines; the answer to its last into @ks.  Returns: 0, or -1 */
static int kernel_op(const struct oracle_kernel *k, const struct oracle_lru_seq *q,
		     const struct oracle_lru_op *o, struct oracle_state *ks, char *last, size_t len)
{
	char lines[ORACLE_LRU_OBJS * 32 + 64];
	struct oracle_out t = { lines, sizeof(lines), 0, false };
	char *line = lines, *nl;

	op_lines(q, o, &t);
	while ((nl = strchr(line, '\n'))) {
		*nl = 0;
		snprintf(last, len, "%.80s", line);
		if (k->op(k->ctx, line, ks) || ks->oops)
			return -1;
		line = nl + 1;
	}
	return 0;
}

static int run_ops(struct sim *s, const struct oracle_lru_seq *q, const bool *keep,
		   const struct oracle_kernel *k, struct oracle_result *res, struct oracle_out *t)
{
	static struct oracle_state ks, ms;
	char why[96];

	for (uint32_t i = 0; i < q->nobj; i++) {
		snprintf(res->op, sizeof(res->op), "lcreate %" PRIu32 " %u", i, q->pages[i]);
		if (k->op(k->ctx, res->op, &ks) || ks.ret) {
			res->outcome = ORACLE_ERROR;
			oracle_out(t, "the kernel side did not create bo#%" PRIu32 "\n%s", i,
				   ks.msg);
			return 0;
		}
	}
	for (uint32_t i = 0; i < q->nops; i++) {
		const struct oracle_lru_op *o = &q->ops[i];

		if (keep && !keep[i])
			continue;
		res->event = i;
		model_op(s, q, o, &ms);
		if (kernel_op(k, q, o, &ks, res->op, sizeof(res->op))) {
			res->outcome = ks.oops ? ORACLE_DIFF : ORACLE_ERROR;
			oracle_out(t, "the kernel %s at `%s`\n%s",
				   ks.oops ? "oopses" : "side stopped answering", res->op, ks.msg);
			return 0;
		}
		res->ops++;
		if (differs(&ks, &ms, why, sizeof(why))) {
			res->outcome = ORACLE_DIFF;
			oracle_out(t, "%s after `%s`\n", why, res->op);
			side_by_side(t, &ks, &ms);
			return 0;
		}
	}
	res->event = SIM_NONE;
	res->outcome = ORACLE_SAME;
	return 0;
}

int oracle_lru_run(const struct oracle_lru_seq *q, const bool *keep, const struct oracle_kernel *k,
		   struct oracle_result *res)
{
	struct oracle_out t;
	struct scenario *sc = NULL;
	struct sim *s;
	int ret;

	memset(res, 0, sizeof(*res));
	res->event = SIM_NONE;
	t = (struct oracle_out){ res->text, sizeof(res->text), 0, false };
	s = model_setup(q, &sc);
	if (!s)
		return -1;
	if (k->reset(k->ctx, 0)) {
		res->outcome = ORACLE_ERROR;
		snprintf(res->op, sizeof(res->op), "reset");
		oracle_out(&t, "the kernel side did not start a new run\n");
		ret = 0;
	} else {
		ret = run_ops(s, q, keep, k, res, &t);
	}
	gem_sim_destroy(s);
	scenario_free(sc);
	return ret;
}
