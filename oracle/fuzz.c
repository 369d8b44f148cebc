// SPDX-License-Identifier: MIT
/*
 * oracle/fuzz.c - the differential fuzzer's sequences: random helper ops
 * on a few small objects, drawn from a seeded stream (the same seed, the
 * same sequences), written as scenario files so that a failing one, once
 * the front end has shrunk it, is ready to join scenarios/.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "oracle/oracle.h"
#include "run/ops.h"

/* the ops a sequence draws from, and how often (out of the weights' sum) */
static const struct {
	uint8_t op;
	uint8_t weight;
} fuzz_ops[] = {
	{ SIM_OP_GET_PAGES, 10 },   { SIM_OP_PUT_PAGES, 8 },  { SIM_OP_PIN, 10 },
	{ SIM_OP_UNPIN, 8 },        { SIM_OP_VMAP, 8 },       { SIM_OP_VUNMAP, 6 },
	{ SIM_OP_MADVISE, 8 },      { SIM_OP_PURGE, 5 },      { SIM_OP_GET_PAGES_SGT, 8 },
	{ SIM_OP_GET_SG_TABLE, 3 }, { SIM_OP_MMAP, 8 },       { SIM_OP_MUNMAP, 5 },
	{ SIM_OP_FORK, 3 },         { SIM_OP_CPU_ACCESS, 8 }, { SIM_OP_FREE, 2 },
	{ SIM_OP_CREATE, 2 },       { SIM_OP_RESV_LOCK, 3 },  { SIM_OP_RESV_UNLOCK, 3 },
};

/* what the generator believes of each object and mapping: enough to draw
 * mostly ops a driver may make, so a sequence runs long before a misuse */
struct shadow {
	bool alive[ORACLE_FUZZ_MAX_OBJS], sgt[ORACLE_FUZZ_MAX_OBJS], purged[ORACLE_FUZZ_MAX_OBJS];
	bool held[ORACLE_FUZZ_MAX_OBJS]; /* the sequence holds the reservation lock */
	int own[ORACLE_FUZZ_MAX_OBJS], pins[ORACLE_FUZZ_MAX_OBJS], vmaps[ORACLE_FUZZ_MAX_OBJS];
	int madv[ORACLE_FUZZ_MAX_OBJS], maps[ORACLE_FUZZ_MAX_OBJS];
	bool live[32];
	uint8_t map_bo[32];
};

/* whether @o is an op a careful driver makes in state @sh */
static bool legal(const struct shadow *sh, const struct oracle_fuzz_op *o)
{
	unsigned b = o->bo;
	bool mapped_held = sh->live[o->map] && sh->held[sh->map_bo[o->map]];

	switch ((enum sim_op)o->op) {
	case SIM_OP_RESV_LOCK: return sh->alive[b] && !sh->held[b];
	case SIM_OP_RESV_UNLOCK: return sh->alive[b] && sh->held[b];
	case SIM_OP_CREATE: return !sh->alive[b];
	case SIM_OP_PUT_PAGES: return sh->own[b] > 0;
	case SIM_OP_UNPIN: return sh->pins[b] > 0;
	case SIM_OP_VUNMAP: return sh->vmaps[b] > 0;
	case SIM_OP_PURGE:
		return sh->madv[b] > 0 && sh->sgt[b] && !sh->pins[b] && !sh->vmaps[b] &&
		       !sh->purged[b];
	case SIM_OP_GET_SG_TABLE:
		return sh->own[b] || sh->pins[b] || sh->vmaps[b] || sh->maps[b] || sh->sgt[b];
	/* these take the lock themselves: not while the sequence holds it */
	case SIM_OP_MMAP: return sh->alive[b] && !sh->live[o->map] && !sh->held[b];
	case SIM_OP_MUNMAP:
	case SIM_OP_CPU_ACCESS: return sh->live[o->map] && !mapped_held;
	case SIM_OP_FORK: return sh->live[o->map] && !sh->live[o->child] && !mapped_held;
	case SIM_OP_FREE:
		return sh->alive[b] && !sh->own[b] && !sh->pins[b] && !sh->vmaps[b] &&
		       !sh->maps[b] && !sh->held[b];
	default: return sh->alive[b];
	}
}

static void apply(struct shadow *sh, const struct oracle_fuzz_op *o)
{
	unsigned b = o->bo;

	switch ((enum sim_op)o->op) {
	case SIM_OP_CREATE:
		sh->alive[b] = true, sh->sgt[b] = sh->purged[b] = sh->held[b] = false;
		sh->own[b] = sh->pins[b] = sh->vmaps[b] = sh->madv[b] = sh->maps[b] = 0;
		break;
	case SIM_OP_GET_PAGES: sh->own[b]++; break;
	case SIM_OP_PUT_PAGES: sh->own[b]--; break;
	case SIM_OP_PIN: sh->pins[b]++; break;
	case SIM_OP_UNPIN: sh->pins[b]--; break;
	case SIM_OP_VMAP: sh->vmaps[b]++; break;
	case SIM_OP_VUNMAP: sh->vmaps[b]--; break;
	case SIM_OP_MADVISE:
		if (!sh->purged[b])
			sh->madv[b] = o->advice;
		break;
	case SIM_OP_PURGE: sh->purged[b] = true, sh->sgt[b] = false; break;
	case SIM_OP_GET_PAGES_SGT: sh->sgt[b] = true; break;
	case SIM_OP_MMAP:
		sh->live[o->map] = true, sh->map_bo[o->map] = (uint8_t)b, sh->maps[b]++;
		break;
	case SIM_OP_MUNMAP: sh->live[o->map] = false, sh->maps[sh->map_bo[o->map]]--; break;
	case SIM_OP_FORK:
		sh->live[o->child] = true, sh->map_bo[o->child] = sh->map_bo[o->map];
		sh->maps[sh->map_bo[o->map]]++;
		break;
	case SIM_OP_FREE: sh->alive[b] = false, sh->held[b] = false; break;
	case SIM_OP_RESV_LOCK: sh->held[b] = true; break;
	case SIM_OP_RESV_UNLOCK: sh->held[b] = false; break;
	default: break;
	}
}

static void draw(struct oracle_fuzz_seq *q, struct sim_rng *rng, uint32_t total, uint32_t mapped,
		 struct oracle_fuzz_op *o)
{
	uint32_t w = (uint32_t)sim_rng_below(rng, total), k = 0;

	while (w >= fuzz_ops[k].weight)
		w -= fuzz_ops[k++].weight;
	*o = (struct oracle_fuzz_op){ .op = fuzz_ops[k].op };
	o->bo = (uint8_t)sim_rng_below(rng, q->nobj);
	o->map = (uint8_t)sim_rng_below(rng, q->nmap);
	o->child = (uint8_t)((o->map + 1 + sim_rng_below(rng, q->nmap - 1)) % q->nmap);
	o->advice = (int8_t)sim_rng_below(rng, 2);
	o->first = (uint8_t)sim_rng_below(rng, q->pages[o->bo]);
	o->last = (uint8_t)(o->first + sim_rng_below(rng, q->pages[o->bo] - o->first));
	/* a mapping is named only once an mmap or fork made it */
	if ((o->op == SIM_OP_MUNMAP || o->op == SIM_OP_FORK || o->op == SIM_OP_CPU_ACCESS) &&
	    !(mapped & (1u << o->map)))
		o->op = SIM_OP_MMAP;
	if (o->op == SIM_OP_CREATE)
		o->first = (uint8_t)q->pages[o->bo];
}

void oracle_fuzz_make(struct oracle_fuzz_seq *q, struct sim_rng *rng, uint32_t nobj, uint32_t nmap,
		      uint32_t nops)
{
	uint32_t total = 0, mapped = 0; /* mapped: bit m when map m was mmapped before */
	struct shadow sh = { 0 };

	for (size_t i = 0; i < sizeof(fuzz_ops) / sizeof(fuzz_ops[0]); i++)
		total += fuzz_ops[i].weight;
	q->nobj = nobj < 1 ? 1 : nobj > ORACLE_FUZZ_MAX_OBJS ? ORACLE_FUZZ_MAX_OBJS : nobj;
	q->nmap = nmap < 2 ? 2 : nmap > 32 ? 32 : nmap;
	q->nops = nops > ORACLE_FUZZ_MAX_OPS ? ORACLE_FUZZ_MAX_OPS : nops;
	for (uint32_t i = 0; i < q->nobj; i++) {
		q->pages[i] = 1 + (uint32_t)sim_rng_below(rng, 4);
		sh.alive[i] = true;
	}
	for (uint32_t i = 0; i < q->nops; i++) {
		struct oracle_fuzz_op *o = &q->ops[i];
		/* one op in ORACLE_FUZZ_MISUSE is drawn as it comes: a misuse, maybe */
		bool careful = sim_rng_below(rng, ORACLE_FUZZ_MISUSE) != 0;

		draw(q, rng, total, mapped, o);
		for (int tries = 0; careful && !legal(&sh, o) && tries < 20; tries++)
			draw(q, rng, total, mapped, o);
		if (careful && o->op == SIM_OP_CPU_ACCESS && sh.live[o->map]) {
			uint32_t n = q->pages[sh.map_bo[o->map]]; /* pages of the mapped object */

			o->first = (uint8_t)sim_rng_below(rng, n);
			o->last = (uint8_t)(o->first + sim_rng_below(rng, n - o->first));
		}
		if (o->op == SIM_OP_MMAP)
			mapped |= 1u << o->map;
		if (o->op == SIM_OP_FORK)
			mapped |= 1u << o->child;
		if (legal(&sh, o))
			apply(&sh, o);
	}
}

void oracle_out(struct oracle_out *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (w->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(w->buf + w->used, w->len - w->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= w->len - w->used)
		w->full = true;
	else
		w->used += (size_t)n;
}

size_t oracle_fuzz_json(const struct oracle_fuzz_seq *q, const bool *keep, const char *kernel,
			const char *description, char *buf, size_t len)
{
	struct oracle_out w = { buf, len, 0, len == 0 };
	uint32_t at = 0;

	oracle_out(&w, "{\n  \"version\": 1,\n  \"name\": \"oracle-fuzz\",\n");
	oracle_out(&w, "  \"description\": \"%s\",\n", description);
	oracle_out(&w, "  \"model\": {\"kernel\": \"%s\"},\n", kernel);
	oracle_out(&w,
		   "  \"memory\": {\"ram_pages\": 4096, \"swap_pages\": 4096},\n  \"objects\": [");
	for (uint32_t i = 0; i < q->nobj; i++)
		oracle_out(&w,
			   "%s\n    {\"name\": \"o%" PRIu32 "\", \"pages\": %" PRIu32
			   ", \"shrinker\": false}",
			   i ? "," : "", i, q->pages[i]);
	oracle_out(&w, "\n  ],\n  \"events\": [");
	for (uint32_t i = 0; i < q->nops; i++) {
		const struct oracle_fuzz_op *o = &q->ops[i];
		const char *name = ops_table[o->op].name;

		if (keep && !keep[i])
			continue;
		oracle_out(&w, "%s\n    {\"at\": %" PRIu32 ", \"op\": \"%s\", ", at ? "," : "",
			   at + 1, name);
		at++;
		switch ((enum sim_op)o->op) {
		case SIM_OP_MMAP:
			oracle_out(&w, "\"bo\": \"o%u\", \"map\": \"m%u\"}", o->bo, o->map);
			break;
		case SIM_OP_MUNMAP: oracle_out(&w, "\"map\": \"m%u\"}", o->map); break;
		case SIM_OP_FORK:
			oracle_out(&w, "\"map\": \"m%u\", \"child\": \"m%u\"}", o->map, o->child);
			break;
		case SIM_OP_CPU_ACCESS:
			oracle_out(&w, "\"map\": \"m%u\", \"pages\": [%u, %u]}", o->map, o->first,
				   o->last);
			break;
		case SIM_OP_MADVISE:
			oracle_out(&w, "\"bo\": \"o%u\", \"advice\": \"%s\"}", o->bo,
				   o->advice ? "dontneed" : "willneed");
			break;
		case SIM_OP_CREATE:
			oracle_out(&w, "\"bo\": \"o%u\", \"pages\": %u}", o->bo, o->first);
			break;
		default: oracle_out(&w, "\"bo\": \"o%u\"}", o->bo); break;
		}
	}
	oracle_out(&w,
		   "\n  ],\n  \"expect\": [{\"at\": \"end\", \"that\": {\"violations\": 0}}]\n}\n");
	return w.full ? 0 : w.used;
}
