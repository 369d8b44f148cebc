// SPDX-License-Identifier: MIT
/*
 * gem/check_walk.c - the walks of gem_check_all() (gem/check.c) over every
 * frame, swap slot and list: invariants 9 and 10 of docs/model.md
 * ("Invariants and violation messages") on the whole model, at the end of
 * a run and in tests.
 */
#include <stdlib.h>

#include "gem/gem.h"
#include "gem/gem_int.h"
#include "gem/lru.h"
#include "gem/shm.h"

#define list_name lru_list_name

/* The pages of objects in @pool (evicted ones: @swap) as a bitmap; NULL if short of memory. */
static uint64_t *pool_seen(struct sim *s, const struct pg_pool *pool, bool swap, unsigned *reports)
{
	const struct gem *g = s->gem;
	uint64_t words = (pool->total + 63) / 64;
	uint64_t *seen = calloc(words ? words : 1, sizeof(uint64_t));
	uint64_t total = pool->total; /* < PG_OWNER_LEAKED (gem_create()) */

	if (!seen)
		return NULL;
	for (uint32_t b = 0; b < g->nobjs; b++) {
		const struct shm_object *o = g->objs[b];
		const uint32_t *pg;
		uint64_t n;

		if (!o || !o->alive || !o->pages || o->evicted != swap)
			continue;
		/* in locals: a store to seen[] could be to o, as far as C knows */
		pg = o->pages;
		n = o->npages;
		for (uint64_t i = 0; i < n; i++) {
			uint32_t loc = pg[i];
			uint64_t *w, bit;

			if (loc >= total)
				continue; /* PG_NONE, or check_pages() reports it */
			w = &seen[loc / 64];
			bit = UINT64_C(1) << (loc % 64);
			if (*w & bit) {
				if ((*reports)++ < 8)
					sim_violation(s, 9,
						      "%s %u: held by two pages (%s page %llu "
						      "and another)",
						      swap ? "swap slot" : "frame", loc,
						      sim_name(s, SIM_K_BO, b),
						      (unsigned long long)i);
			}
			*w |= bit;
		}
	}
	return seen;
}

/* Frame or slot @f is marked @is_free / @is_other, pointed at or not (@is_seen): wrong? */
static void report_frame(struct sim *s, bool swap, uint64_t f, uint32_t owner, bool is_free,
			 bool is_other, bool is_seen)
{
	sim_violation(s, 9, "%s %llu: owner %s, %s, %s", swap ? "swap slot" : "frame",
		      (unsigned long long)f,
		      owner == PG_OWNER_FREE   ? "free" :
		      owner == PG_OWNER_OTHER  ? "other consumer" :
		      owner == PG_OWNER_LEAKED ? "leaked object" :
						 sim_name(s, SIM_K_BO, owner),
		      is_free  ? "marked free" :
		      is_other ? "marked other" :
				 "marked used",
		      is_seen ? "a page points at it" : "no page points at it");
}

/* The bits set in @m: most words of a walk are all set or all clear. */
static inline uint64_t ones(uint64_t m)
{
	return m == ~UINT64_C(0) ? 64 : m ? (uint64_t)__builtin_popcountll(m) : 0;
}

/*
 * Frames or slots 64 * @w .. of @pool, whose free, other and seen bits are
 * @fw, @ow and @sw: their owners' kinds counted in @n (free, other,
 * objects, leaked), and a mask of the ones whose marks disagree with their
 * owner (an owner FREE is marked free, by no page; OTHER marked other
 * (frames only); LEAKED neither, by no page; an object neither, by a page).
 */
static uint64_t pool_word(const struct pg_pool *pool, bool swap, uint64_t w, uint64_t fw,
			  uint64_t ow, uint64_t sw, uint64_t n[4])
{
	uint64_t end = pool->total - w * 64 < 64 ? pool->total - w * 64 : 64;
	uint64_t all = end == 64 ? ~UINT64_C(0) : (UINT64_C(1) << end) - 1;
	uint64_t isfree = 0, isother = 0, isleak = 0, isobj = 0;
	const uint32_t *owner = pool->owner + w * 64;
	uint32_t and_all = PG_OWNER_FREE, special = 0;

	/*
	 * Most words are all free or all objects': the AND of their owners is
	 * PG_OWNER_FREE (all ones) only when every one is, and none is
	 * PG_OWNER_LEAKED or above when all are objects'.  A whole word in a
	 * loop of 64 the compiler turns into vector code.
	 */
	if (end == 64) {
		for (unsigned k = 0; k < 64; k++) {
			and_all &= owner[k];
			special |= (uint32_t)(owner[k] - PG_OWNER_LEAKED) < 3;
		}
	} else {
		for (uint64_t k = 0; k < end; k++) {
			and_all &= owner[k];
			special |= (uint32_t)(owner[k] - PG_OWNER_LEAKED) < 3;
		}
	}
	if (and_all == PG_OWNER_FREE) {
		isfree = all;
	} else if (!special) {
		isobj = all;
	} else {
		for (uint64_t k = 0; k < end; k++) {
			isfree |= (uint64_t)(owner[k] == PG_OWNER_FREE) << k;
			isother |= (uint64_t)(owner[k] == PG_OWNER_OTHER) << k;
			isleak |= (uint64_t)(owner[k] == PG_OWNER_LEAKED) << k;
			isobj |= (uint64_t)(owner[k] < PG_OWNER_LEAKED) << k;
		}
	}
	n[0] += ones(fw);
	n[1] += ones(ow);
	n[2] += ones(isobj);
	n[3] += ones(isleak);
	return (isfree & (~fw | ow | sw)) | (isother & (swap ? ~UINT64_C(0) : fw | ~ow | sw)) |
	       (isleak & (fw | ow | sw)) | (isobj & (fw | ow | ~sw));
}

/**
 * gem_check_pool() - every frame or slot of @pool against its owner, its
 * marks and the pages that point at it, a word of 64 at a time; the first
 * eight disagreements reported, in order, then the totals.
 * @s: the run.  @pool: frames or slots.  @swap: @pool is the swap.
 */
void gem_check_pool(struct sim *s, const struct pg_pool *pool, bool swap)
{
	const struct gem *g = s->gem;
	const char *what = swap ? "swap slot" : "frame";
	uint64_t words = (pool->total + 63) / 64, n[4] = { 0 };
	unsigned reports = 0;
	uint64_t *seen = pool_seen(s, pool, swap, &reports);

	if (!seen)
		return; /* host memory short: skip this walk rather than fail the run */
	for (uint64_t w = 0; w < words; w++) {
		uint64_t fw = pool->free.lvl[0][w], ow = swap ? 0 : g->other.lvl[0][w];
		uint64_t bad = pool_word(pool, swap, w, fw, ow, seen[w], n);

		for (; bad; bad &= bad - 1) {
			unsigned k = (unsigned)__builtin_ctzll(bad);

			if (reports++ < 8)
				report_frame(s, swap, w * 64 + k, pool->owner[w * 64 + k],
					     fw >> k & 1, ow >> k & 1, seen[w] >> k & 1);
		}
	}
	free(seen);
	if (n[0] != pool->free.count || n[2] != (swap ? g->obj_slots : g->obj_frames) ||
	    (!swap && n[1] != g->other.count) ||
	    n[3] != (swap ? g->leaked_slots : g->leaked_frames))
		sim_violation(s, 9,
			      "%ss: %llu free, %llu other, %llu objects, %llu leaked counted "
			      "by walking; %llu, %llu, %llu, %llu by the counters",
			      what, (unsigned long long)n[0], (unsigned long long)n[1],
			      (unsigned long long)n[2], (unsigned long long)n[3],
			      (unsigned long long)pool->free.count,
			      (unsigned long long)(swap ? 0 : g->other.count),
			      (unsigned long long)(swap ? g->obj_slots : g->obj_frames),
			      (unsigned long long)(swap ? g->leaked_slots : g->leaked_frames));
}

/** gem_check_lists() - walk every list: its links, its objects and its counts. */
void gem_check_lists(struct sim *s)
{
	const struct gem *g = s->gem;

	for (unsigned id = LRU_PINNED; id < LRU_NR_LISTS; id++) {
		const struct lru_list *l = &g->lists[id];
		uint64_t pages = 0, locked_pages = 0;
		uint32_t nobjs = 0, prev = SIM_NONE, npurgeable = 0, nlocked = 0;

		for (uint32_t b = l->head; b != SIM_NONE; b = g->links[b].next) {
			const struct shm_object *o = b < g->nobjs ? g->objs[b] : NULL;

			if (!o || !o->alive || o->lru != id || g->links[b].prev != prev ||
			    nobjs > g->nobjs) {
				sim_violation(s, 10, "%s list: broken at %s", list_name(id),
					      sim_name(s, SIM_K_BO, b));
				break;
			}
			pages += o->npages;
			nobjs++;
			npurgeable += o->purge_counted;
			if (shm_locked_elsewhere(o)) {
				nlocked++;
				locked_pages += o->npages;
			}
			prev = b;
		}
		if (npurgeable != l->npurgeable || nlocked != l->nlocked ||
		    locked_pages != l->locked_pages)
			sim_violation(s, 10,
				      "%s list: %u purgeable and %u locked objects (%llu "
				      "pages) on it, counted %u and %u (%llu)",
				      list_name(id), npurgeable, nlocked,
				      (unsigned long long)locked_pages, l->npurgeable, l->nlocked,
				      (unsigned long long)l->locked_pages);
		if (pages != l->count || nobjs != l->nobjs)
			sim_violation(s, 10,
				      "%s list: %u objects of %llu pages on it, counted %u "
				      "and %llu",
				      list_name(id), nobjs, (unsigned long long)pages, l->nobjs,
				      (unsigned long long)l->count);
	}
}
