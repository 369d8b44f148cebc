// SPDX-License-Identifier: MIT
/*
 * gem/check.c - the invariants of docs/model.md ("Invariants and
 * violation messages") on the object model.
 *
 * Every operation marks the objects it changes (gem_mark_dirty) with what
 * changed: state, page locations, CPU page tables.  gem_check_dirty() checks
 * only those, at a cost proportional to what changed, plus O(1) global
 * accounting.  gem_check_all() walks every object, frame, slot and list.
 *
 * Invariants 3 and 7 concern the moment of reclaim: the shrinker records
 * them on the object (pending_inv) and the next check reports them.
 * Invariant 11 is reported by shm_vmap_access() itself, invariant 5 by the
 * GPU side through s->gpu_check_bo (and here for dma-buf mappings).
 */
#include <stdlib.h>

#include "gem/gem.h"
#include "gem/gem_int.h"
#include "gem/lru.h"
#include "gem/shm.h"
#include "base/grow.h"

#define ALL_BITS (SHM_D_STATE | SHM_D_PAGES | SHM_D_PTES)

void gem_mark_dirty_slow(struct sim *s, struct shm_object *o, unsigned bits)
{
	struct gem *g = s->gem;

	if (!o)
		return;
	if (bits & SHM_D_STATE)
		sim_observe(s, SIM_OBS_STATE, o->slot, 0);
	if (!s->check) {
		/* Nobody checks: keep no list.  Should checking be switched on
		 * later, its first check walks everything instead. */
		g->dirty_overflow = true;
		return;
	}
	if (!o->dirty) {
		if (grow_array(g->dirty, g->cap_dirty, (uint64_t)g->ndirty + 1, 64)) {
			/* no room to remember it: the next check walks everything */
			g->dirty_overflow = true;
			o->dirty |= (uint8_t)bits;
			return;
		}
		g->dirty[g->ndirty++] = o->slot;
	}
	o->dirty |= (uint8_t)bits;
}

/*
 * A fault set the CPU PTE of @page: the next check looks at the pages
 * faulted since the last one, not the whole object (a per-fault check of a
 * large mapping would otherwise cost its size).
 */
void gem_mark_dirty_pte(struct sim *s, struct shm_object *o, uint64_t page)
{
	if (!s->check) {
		gem_mark_dirty(s, o, SHM_D_PTES);
		return;
	}
	if (!(o->dirty & SHM_D_PTE_RANGE)) {
		o->pte_lo = o->pte_hi = (uint32_t)page;
	} else {
		if (page < o->pte_lo)
			o->pte_lo = (uint32_t)page;
		if (page > o->pte_hi)
			o->pte_hi = (uint32_t)page;
	}
	gem_mark_dirty_slow(s, o, SHM_D_PTE_RANGE);
}

#define list_name lru_list_name

static void check_pages(struct sim *s, const struct shm_object *o, const char *n)
{
	const struct gem *g = s->gem;
	const struct pg_pool *pool = o->evicted ? &g->slots : &g->frames;
	uint64_t count = 0;
	bool reported = false;

	if (o->imported && o->pages)
		sim_violation(s, 4, "%s: imported but holds a page array of its own", n);
	if (!o->pages) {
		if (o->nr_present || o->evicted)
			sim_violation(s, 4, "%s: %llu pages present%s without a page array", n,
				      (unsigned long long)o->nr_present,
				      o->evicted ? ", evicted," : "");
		return;
	}
	for (uint64_t i = 0; i < o->npages; i++) {
		uint32_t loc = o->pages[i];

		if (loc == PG_NONE)
			continue;
		count++;
		if (reported)
			continue;
		if (loc >= pool->total || pool->owner[loc] != o->slot) {
			uint32_t owner = loc < pool->total ? pool->owner[loc] : PG_OWNER_FREE;

			sim_violation(s, 9, "%s: page %llu is in %s %u, owned by %s", n,
				      (unsigned long long)i, o->evicted ? "swap slot" : "frame", loc,
				      loc >= pool->total ? "nobody (out of range)" :
				      owner == PG_OWNER_FREE ? "nobody (free)" :
				      owner == PG_OWNER_OTHER ? "another consumer" :
				      sim_name(s, SIM_K_BO, owner));
			reported = true;
		}
	}
	if (count != o->nr_present)
		sim_violation(s, 4, "%s: %llu pages present, %llu counted", n,
			      (unsigned long long)count, (unsigned long long)o->nr_present);
	else if (!o->heap && count != o->npages)
		sim_violation(s, 4, "%s: only %llu of %llu pages %s", n, (unsigned long long)count,
			      (unsigned long long)o->npages, o->evicted ? "in swap" : "in frames");
}

/* CPU PTEs of pages @lo..@hi of every mapping; @whole: all pages, and count them. */
static void check_ptes(struct sim *s, const struct shm_object *o, const char *n, uint64_t lo,
		       uint64_t hi, bool whole)
{
	const struct gem *g = s->gem;

	(void)whole; /* only the assertion reads it */
	for (uint32_t m = o->vma_head; m != SIM_NONE; m = g->vmas[m].next) {
		struct shm_vma *v = &g->vmas[m];
		const uint32_t *pte = shm_vma_ptes(v, o);
		uint64_t count = 0;
		bool reported = false;

		if (!shm_vma_bits(v, o))
			continue;
		for (uint64_t i = lo; i <= hi && i < o->npages; i++) {
			SIM_ASSERT(shm_vma_mapped(v, o, i) == (pte[i] != PG_NONE));
			if (pte[i] == PG_NONE)
				continue;
			count++;
			if (reported || (shm_has_pages(o) && o->pages[i] == pte[i]))
				continue;
			sim_violation(s, 6, "%s: CPU PTE of %s page %llu -> frame %u, which %s", n,
				      sim_name(s, SIM_K_MAP, m), (unsigned long long)i, pte[i],
				      shm_has_pages(o) ? "holds another page or object" :
				      "it no longer has (pages reclaimed)");
			reported = true;
		}
		SIM_ASSERT(!whole || count == v->nr_ptes);
	}
}

static void check_object(struct sim *s, struct shm_object *o, unsigned bits)
{
	const struct gem *g = s->gem;
	const char *n;
	unsigned target;

	if (!o->alive)
		return;
	n = sim_name(s, SIM_K_BO, o->slot);
	if (o->pages_use_count < 0 || o->pages_pin_count < 0 || o->vmap_use_count < 0)
		sim_violation(s, 1, "%s: negative count (pages_use_count %d, pages_pin_count %d, "
			      "vmap_use_count %d)", n, o->pages_use_count, o->pages_pin_count,
			      o->vmap_use_count);
	if (o->pages_pin_count > 0 && o->pages_use_count < 1)
		sim_violation(s, 2, "%s: pages_pin_count %d but pages_use_count %d", n,
			      o->pages_pin_count, o->pages_use_count);
	if (o->vmap_use_count > 0 &&
	    (s->cfg.policy.vmap_pins ? o->pages_pin_count < 1 : o->pages_use_count < 1))
		sim_violation(s, 2, "%s: vmap_use_count %d but %s 0", n, o->vmap_use_count,
			      s->cfg.policy.vmap_pins ? "pages_pin_count" : "pages_use_count");
	if (o->pending_inv & SHM_INV3)
		sim_violation(s, 3, "%s: reclaimed while %s", n,
			      o->pages_pin_count > 0 ? "pinned" : o->imported ? "imported" :
			      "exported");
	/* mainline hands a purged object fresh pages, pins included */
	else if (o->pages_pin_count > 0 && (o->evicted || (o->madv < 0 && !gem_mainline(s))))
		sim_violation(s, 3, "%s: pinned (pages_pin_count %d) but %s", n,
			      o->pages_pin_count, o->madv < 0 ? "purged" : "evicted");
	if (o->pending_inv & SHM_INV7)
		sim_violation(s, 7, "%s: reclaimed while busy (%u unsignalled fence(s)) without "
			      "the policy's wait", n, o->nr_fences);
	o->pending_inv = 0;
	/*
	 * v19 only: there a purged object never gets pages again
	 * (drm_gem_shmem_acquire_pages() is -ENOMEM).  Mainline keeps madv at
	 * -1 but its get_pages hands out fresh pages, and a purge leaves the
	 * pages to the references still held: no breach there.
	 */
	if (o->madv < 0 && !gem_mainline(s) && (o->pages || o->evicted || o->sgt))
		sim_violation(s, 8, "%s: purged but has %s", n,
			      o->sgt ? "an sg table" : "pages again");
	target = lru_target(s, o);
	/* v19's pin leaves the object where it was (o->lru_unplaced) */
	if (target != o->lru && !(target >= LRU_DONTNEED && o->lru == LRU_SCAN) &&
	    !o->lru_unplaced)
		sim_violation(s, 10, "%s: on the %s list, its state calls for %s", n,
			      list_name(o->lru), list_name(target));
	if (o->purge_counted != ((o->lru >= LRU_DONTNEED || o->lru == LRU_SCAN) &&
				 shm_is_purgeable(s, o)))
		sim_violation(s, 10, "%s: %scounted as purgeable on the %s list", n,
			      o->purge_counted ? "" : "not ", list_name(o->lru));
	if (o->dma_buf != SIM_NONE && g->bufs[o->dma_buf].nr_maps && !shm_has_pages(o))
		sim_violation(s, 5, "%s: dma-buf %s is mapped by an importer but the pages are gone",
			      n, sim_name(s, SIM_K_BUF, o->dma_buf));
	if (bits & SHM_D_PAGES)
		check_pages(s, o, n);
	if (bits & (SHM_D_PAGES | SHM_D_PTES))
		check_ptes(s, o, n, 0, o->npages ? o->npages - 1 : 0, true);
	else if (bits & SHM_D_PTE_RANGE)
		check_ptes(s, o, n, o->pte_lo, o->pte_hi, false);
	if (s->gpu_check_bo)
		s->gpu_check_bo(s, o->slot);
}

/* O(1) accounting: every frame and slot is somewhere, list counts agree. */
static void check_global(struct sim *s)
{
	const struct gem *g = s->gem;
	uint64_t ev = 0;

	if (g->frames.free.count + g->other.count + g->obj_frames != g->frames.total)
		sim_violation(s, 9, "frames: %llu free + %llu other + %llu objects != %llu total",
			      (unsigned long long)g->frames.free.count,
			      (unsigned long long)g->other.count,
			      (unsigned long long)g->obj_frames,
			      (unsigned long long)g->frames.total);
	if (g->slots.free.count + g->obj_slots != g->slots.total)
		sim_violation(s, 9, "swap: %llu free + %llu used != %llu total",
			      (unsigned long long)g->slots.free.count,
			      (unsigned long long)g->obj_slots, (unsigned long long)g->slots.total);
	for (unsigned id = LRU_PINNED; id < LRU_NR_LISTS; id++) {
		const struct lru_list *l = &g->lists[id];

		if ((l->nobjs == 0) != (l->count == 0) || (l->nobjs == 0) != (l->head == SIM_NONE))
			sim_violation(s, 10, "%s list: %u objects, %llu pages", list_name(id),
				      l->nobjs, (unsigned long long)l->count);
		if (id >= LRU_DONTNEED || id == LRU_SCAN)
			ev += l->count;
	}
	if (ev != g->evictable_pages)
		sim_violation(s, 10, "evictable list: %llu pages in its queues, %llu counted",
			      (unsigned long long)ev, (unsigned long long)g->evictable_pages);
}

void gem_check_dirty(struct sim *s)
{
	struct gem *g = s->gem;

	if (g->dirty_overflow) {
		gem_check_all(s);
		return;
	}
	for (uint32_t i = 0; i < g->ndirty; i++) {
		struct shm_object *o = g->objs[g->dirty[i]];
		unsigned bits = o->dirty;

		o->dirty = 0;
		check_object(s, o, bits);
	}
	g->ndirty = 0;
	check_global(s);
}

/* Every frame or slot of @pool against the pages that point at it. */
static void check_pool(struct sim *s, const struct pg_pool *pool, bool swap)
{
	const struct gem *g = s->gem;
	const char *what = swap ? "swap slot" : "frame";
	uint64_t words = (pool->total + 63) / 64, nfree = 0, nother = 0, nobj = 0;
	uint64_t *seen = calloc(words ? words : 1, sizeof(uint64_t));
	unsigned reports = 0;

	if (!seen)
		return; /* host memory short: skip this walk rather than fail the run */
	for (uint32_t b = 0; b < g->nobjs; b++) {
		const struct shm_object *o = g->objs[b];

		if (!o || !o->alive || !o->pages || o->evicted != swap)
			continue;
		for (uint64_t i = 0; i < o->npages; i++) {
			uint32_t loc = o->pages[i];

			if (loc == PG_NONE || loc >= pool->total)
				continue; /* check_pages() reports those */
			if ((seen[loc / 64] >> (loc % 64)) & 1) {
				if (reports++ < 8)
					sim_violation(s, 9, "%s %u: held by two pages (%s page %llu "
						      "and another)", what, loc,
						      sim_name(s, SIM_K_BO, b), (unsigned long long)i);
			}
			seen[loc / 64] |= UINT64_C(1) << (loc % 64);
		}
	}
	for (uint64_t f = 0; f < pool->total; f++) {
		uint32_t owner = pool->owner[f];
		bool is_free = pg_bitmap_test(&pool->free, f);
		bool is_other = !swap && pg_bitmap_test(&g->other, f);
		bool is_seen = (seen[f / 64] >> (f % 64)) & 1;
		bool bad;

		nfree += is_free;
		nother += is_other;
		if (owner == PG_OWNER_FREE)
			bad = !is_free || is_other || is_seen;
		else if (owner == PG_OWNER_OTHER)
			bad = swap || is_free || !is_other || is_seen;
		else
			bad = is_free || is_other || !is_seen;
		nobj += owner < PG_OWNER_OTHER;
		if (bad && reports++ < 8)
			sim_violation(s, 9, "%s %llu: owner %s, %s, %s", what, (unsigned long long)f,
				      owner == PG_OWNER_FREE ? "free" :
				      owner == PG_OWNER_OTHER ? "other consumer" :
				      sim_name(s, SIM_K_BO, owner),
				      is_free ? "marked free" : is_other ? "marked other" : "marked used",
				      is_seen ? "a page points at it" : "no page points at it");
	}
	free(seen);
	if (nfree != pool->free.count || nobj != (swap ? g->obj_slots : g->obj_frames) ||
	    (!swap && nother != g->other.count))
		sim_violation(s, 9, "%ss: %llu free, %llu other, %llu objects counted by walking; "
			      "%llu, %llu, %llu by the counters", what,
			      (unsigned long long)nfree, (unsigned long long)nother,
			      (unsigned long long)nobj, (unsigned long long)pool->free.count,
			      (unsigned long long)(swap ? 0 : g->other.count),
			      (unsigned long long)(swap ? g->obj_slots : g->obj_frames));
}

static void check_lists(struct sim *s)
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
			sim_violation(s, 10, "%s list: %u purgeable and %u locked objects (%llu "
				      "pages) on it, counted %u and %u (%llu)", list_name(id),
				      npurgeable, nlocked, (unsigned long long)locked_pages,
				      l->npurgeable, l->nlocked,
				      (unsigned long long)l->locked_pages);
		if (pages != l->count || nobjs != l->nobjs)
			sim_violation(s, 10, "%s list: %u objects of %llu pages on it, counted %u "
				      "and %llu", list_name(id), nobjs, (unsigned long long)pages,
				      l->nobjs, (unsigned long long)l->count);
	}
}

void gem_check_all(struct sim *s)
{
	struct gem *g = s->gem;

	for (uint32_t i = 0; i < g->ndirty; i++)
		g->objs[g->dirty[i]]->dirty = 0;
	g->ndirty = 0;
	g->dirty_overflow = false;
	for (uint32_t b = 0; b < g->nobjs; b++) {
		struct shm_object *o = g->objs[b];

		if (o) {
			o->dirty = 0;
			check_object(s, o, ALL_BITS);
		}
	}
	check_global(s);
	check_pool(s, &g->frames, false);
	check_pool(s, &g->slots, true);
	check_lists(s);
}
