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
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gem/gem.h"
#include "gem/gem_int.h"
#include "gem/lru.h"
#include "gem/shm.h"

/* gem_check_dirty() tests the two words of lists_dirty[] */
_Static_assert(LRU_NR_LISTS > 64 && LRU_NR_LISTS <= 128, "lists_dirty: two words");

#define ALL_BITS (SHM_D_STATE | SHM_D_PAGES | SHM_D_PTES | SHM_D_GPU)

#define list_name lru_list_name

/* The object's name, looked up only for a report (most checks find nothing). */
static const char *oname(const struct sim *s, const struct shm_object *o)
{
	return sim_name(s, SIM_K_BO, o->slot);
}

/* CPU PTEs of pages @lo..@hi of every mapping; @whole: all pages, and count them. */
static void check_ptes(struct sim *s, const struct shm_object *o, uint64_t lo, uint64_t hi,
		       bool whole)
{
	const struct gem *g = s->gem;
	/* shmem->pages as the kernel has it (shm_has_pages()), asked once */
	const uint32_t *pages = shm_pages_in_memory(o) ? o->pages : NULL;

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
			if (reported || (pages && pages[i] == pte[i]))
				continue;
			sim_violation(s, 6, "%s: CPU PTE of %s page %llu -> frame %u, which %s",
				      oname(s, o), sim_name(s, SIM_K_MAP, m), (unsigned long long)i,
				      pte[i],
				      pages ? "holds another page or object" :
					      "it no longer has (pages reclaimed)");
			reported = true;
		}
		SIM_ASSERT(!whole || count == v->nr_ptes);
	}
}

/*
 * Does check_ptes() find nothing to report for pages @lo..@hi?  The set
 * entries are found through the mappings' bits, and a mapping with none
 * set (nr_ptes 0) has nothing to test; check_ptes() asserts that the bits
 * and the count follow the entries.  @pages: @o's, when in memory.
 */
static __attribute__((noinline)) bool ptes_range_ok(const struct sim *s, const struct shm_object *o,
						    const uint32_t *pages, uint64_t lo, uint64_t hi)
{
	const struct gem *g = s->gem;

	if (hi >= o->npages)
		hi = o->npages - 1;
	for (uint32_t m = o->vma_head; m != SIM_NONE; m = g->vmas[m].next) {
		struct shm_vma *v = &g->vmas[m];
		const uint64_t *bits = shm_vma_bits(v, o);
		const uint32_t *pte = shm_vma_ptes(v, o);

		if (!v->nr_ptes || lo > hi)
			continue;
		if (!pages)
			return false;
		for (uint64_t w = lo / 64; w <= hi / 64; w++) {
			uint64_t b = bits[w];

			if (w == lo / 64)
				b &= ~UINT64_C(0) << (lo % 64);
			if (w == hi / 64)
				b &= ~UINT64_C(0) >> (63 - hi % 64);
			for (; b; b &= b - 1) {
				uint64_t i = w * 64 + (uint64_t)__builtin_ctzll(b);

				if (pages[i] != pte[i])
					return false;
			}
		}
	}
	return true;
}

/* ptes_range_ok() of page @i of @o (of more than one page), whose @pages are in memory. */
static inline bool pte_one_ok(const struct sim *s, const struct shm_object *o,
			      const uint32_t *pages, uint64_t i)
{
	const struct gem *g = s->gem;

	for (uint32_t m = o->vma_head; m != SIM_NONE; m = g->vmas[m].next) {
		const struct shm_vma *v = &g->vmas[m];

		/* its bit and its entry */
		if (v->nr_ptes && (v->tbl.present[i / 64] >> (i % 64) & 1) &&
		    pages[i] != v->tbl.pte[i])
			return false;
	}
	return true;
}

/* ptes_range_ok(), inline for a one-page object and for one page (a fault's). */
static inline bool ptes_ok(const struct sim *s, const struct shm_object *o, uint64_t lo,
			   uint64_t hi)
{
	const struct gem *g = s->gem;
	const uint32_t *pages = shm_pages_in_memory(o) ? o->pages : NULL;

	if (o->npages == 1) {
		/* the one entry of each mapping, in place (trace replay, thrash) */
		for (uint32_t m = o->vma_head; m != SIM_NONE; m = g->vmas[m].next) {
			uint32_t pte = g->vmas[m].one.pte;

			if (pte != PG_NONE && (!pages || pages[0] != pte))
				return false;
		}
		return true;
	}
	if (lo != hi || !pages)
		return ptes_range_ok(s, o, pages, lo, hi);
	return pte_one_ok(s, o, pages, lo);
}

/* ---- the tests of one object: each a predicate, true on a breach ---- */

static inline bool counts_negative(const struct shm_object *o)
{
	return (o->pages_use_count | o->pages_pin_count | o->vmap_use_count) < 0;
}

static inline bool pin_without_use(const struct shm_object *o)
{
	return o->pages_pin_count > 0 && o->pages_use_count < 1;
}

static inline bool vmap_without_ref(const struct sim *s, const struct shm_object *o)
{
	return o->vmap_use_count > 0 &&
	       (s->cfg.policy.vmap_pins ? o->pages_pin_count < 1 : o->pages_use_count < 1);
}

/* mainline hands a purged object fresh pages, pins included */
static inline bool pinned_but_gone(const struct sim *s, const struct shm_object *o)
{
	return o->pages_pin_count > 0 && (o->evicted || (o->madv < 0 && !gem_mainline(s)));
}

/*
 * v19 only: there a purged object never gets pages again
 * (drm_gem_shmem_acquire_pages() is -ENOMEM).  Mainline keeps madv at
 * -1 but its get_pages hands out fresh pages, and a purge leaves the
 * pages to the references still held: no breach there.
 */
static inline bool purged_with_pages(const struct sim *s, const struct shm_object *o)
{
	return o->madv < 0 && !gem_mainline(s) && (o->pages || o->evicted || o->sgt);
}

/* v19's pin leaves the object where it was (o->lru_unplaced) */
static inline bool on_wrong_list(const struct shm_object *o, unsigned target)
{
	return target != o->lru && !(target >= LRU_DONTNEED && o->lru == LRU_SCAN) &&
	       !o->lru_unplaced;
}

static inline bool purge_count_wrong(const struct sim *s, const struct shm_object *o)
{
	return o->purge_counted !=
	       ((o->lru >= LRU_DONTNEED || o->lru == LRU_SCAN) && shm_is_purgeable(s, o));
}

static inline bool dmabuf_pages_gone(const struct sim *s, const struct shm_object *o)
{
	return o->dma_buf != SIM_NONE && s->gem->bufs[o->dma_buf].nr_maps && !shm_has_pages(o);
}

/*
 * Invariant 5 can only break when the pages or the GPU page tables move (a
 * TLB entry is filled from a PTE, and a VM's entries go when it loses its
 * address space), or the exporter's pages, for an import.  GPU mappings of
 * an import hold no use reference: not in nr_gpu_maps.
 */
static inline bool gpu_walk_due(const struct sim *s, const struct shm_object *o, unsigned bits)
{
	return (o->nr_gpu_maps || o->imported) && s->gpu_check_bo &&
	       ((bits & (SHM_D_PAGES | SHM_D_GPU)) || o->imported || o->breached);
}

/* Every test of @o for @bits, each breach reported (check_object_fast() failed). */
static void check_object(struct sim *s, struct shm_object *o, unsigned bits)
{
	uint64_t before = s->violations;
	unsigned target;

	if (!o->alive)
		return;
	if (counts_negative(o))
		sim_violation(s, 1,
			      "%s: negative count (pages_use_count %d, pages_pin_count %d, "
			      "vmap_use_count %d)",
			      oname(s, o), o->pages_use_count, o->pages_pin_count,
			      o->vmap_use_count);
	if (pin_without_use(o))
		sim_violation(s, 2, "%s: pages_pin_count %d but pages_use_count %d", oname(s, o),
			      o->pages_pin_count, o->pages_use_count);
	if (vmap_without_ref(s, o))
		sim_violation(s, 2, "%s: vmap_use_count %d but %s 0", oname(s, o),
			      o->vmap_use_count,
			      s->cfg.policy.vmap_pins ? "pages_pin_count" : "pages_use_count");
	if (o->pending_inv & SHM_INV3)
		sim_violation(s, 3, "%s: reclaimed while %s", oname(s, o),
			      o->pages_pin_count > 0 ? "pinned" :
			      o->imported            ? "imported" :
						       "exported");
	else if (pinned_but_gone(s, o))
		sim_violation(s, 3, "%s: pinned (pages_pin_count %d) but %s", oname(s, o),
			      o->pages_pin_count, o->madv < 0 ? "purged" : "evicted");
	if (o->pending_inv & SHM_INV7)
		sim_violation(s, 7,
			      "%s: reclaimed while busy (%u unsignalled fence(s)) without "
			      "the policy's wait",
			      oname(s, o), o->nr_fences);
	o->pending_inv = 0;
	if (purged_with_pages(s, o))
		sim_violation(s, 8, "%s: purged but has %s", oname(s, o),
			      o->sgt ? "an sg table" : "pages again");
	target = lru_target(s, o);
	if (on_wrong_list(o, target))
		sim_violation(s, 10, "%s: on the %s list, its state calls for %s", oname(s, o),
			      list_name(o->lru), list_name(target));
	if (purge_count_wrong(s, o))
		sim_violation(s, 10, "%s: %scounted as purgeable on the %s list", oname(s, o),
			      o->purge_counted ? "" : "not ", list_name(o->lru));
	if (dmabuf_pages_gone(s, o))
		sim_violation(s, 5,
			      "%s: dma-buf %s is mapped by an importer but the pages are gone",
			      oname(s, o), sim_name(s, SIM_K_BUF, o->dma_buf));
	if (bits & SHM_D_PAGES)
		gem_check_pages(s, o);
	if (bits & (SHM_D_PAGES | SHM_D_PTES))
		check_ptes(s, o, 0, o->npages ? o->npages - 1 : 0, true);
	else if (bits & SHM_D_PTE_RANGE)
		check_ptes(s, o, o->pte_lo, o->pte_hi, false);
	if (gpu_walk_due(s, o, bits))
		s->gpu_check_bo(s, o->slot);
	o->breached = s->violations != before;
}

/*
 * The scalar tests of @o (counts, flags, list), each a function of the
 * object's counts, its flags, its list, its evictable queue and the run's
 * configuration, and of nothing else: a state that passed once passes
 * again, so the check remembers the last passing states (a small cache
 * indexed by a hash of the state) and tests a state it finds there with
 * four compares.  The state is four words: the eight bytes lru .. resv_held
 * as they are, the eight bytes sgt .. evicted_flag but the CLOCK bit (read
 * by no test), the use and pin counts, and the vmap count with the rest.
 */
_Static_assert(offsetof(struct shm_object, resv_held) - offsetof(struct shm_object, lru) == 7,
	       "state_ok(): lru .. resv_held are eight bytes");
_Static_assert(offsetof(struct shm_object, evicted_flag) - offsetof(struct shm_object, sgt) == 7,
	       "state_ok(): sgt .. evicted_flag are eight bytes");
_Static_assert(offsetof(struct shm_object, pages_pin_count) -
			       offsetof(struct shm_object, pages_use_count) ==
		       4,
	       "state_ok(): the use and pin counts are eight bytes");
_Static_assert(offsetof(struct shm_object, lru_unplaced) - offsetof(struct shm_object, sgt) == 1 &&
		       offsetof(struct shm_object, referenced) - offsetof(struct shm_object, sgt) ==
			       8,
	       "state_ok(): lru_unplaced in the second word, the CLOCK bit out of it");

static inline bool scalar_tests_fail(struct sim *s, struct shm_object *o)
{
	return counts_negative(o) || pin_without_use(o) || vmap_without_ref(s, o) ||
	       pinned_but_gone(s, o) || purged_with_pages(s, o) ||
	       on_wrong_list(o, lru_target(s, o)) || purge_count_wrong(s, o) ||
	       dmabuf_pages_gone(s, o);
}

_Static_assert(offsetof(struct sim_policy, shrinker) - offsetof(struct sim_policy, reclaim) == 4,
	       "memo_cfg(): policy.reclaim and policy.shrinker are eight bytes");

/* What the scalar tests read of the configuration, never 0 (before the
 * first check); asked at every check: reclaim and shrinker in one load. */
static inline uint64_t memo_cfg(const struct sim *s)
{
	const struct sim_policy *p = &s->cfg.policy;
	uint64_t rs;

	memcpy(&rs, &p->reclaim, sizeof(rs));
	return (rs ^ (uint64_t)s->cfg.kernel << 40 ^ (uint64_t)p->vmap_pins << 48 ^
		(uint64_t)p->reclaim_pinned << 56) |
	       UINT64_C(1) << 63;
}

/*
 * What the scalar tests read of @o, in four words @k: two eight-byte runs
 * of flags as they lie in struct shm_object (the CLOCK bit lies just past
 * the second), the use and pin counts, the vmap count with the page-array,
 * dma-buf and queue bits.  @p: gem_policy(s), looked up once per check.
 */
static inline void state_key(const struct sim *s, const struct shm_object *o,
			     const struct lru_policy *p, uint64_t k[4])
{
	memcpy(&k[0], &o->lru, sizeof(k[0]));
	memcpy(&k[1], &o->sgt, sizeof(k[1]));
	memcpy(&k[2], &o->pages_use_count, sizeof(k[2]));
	k[3] = (uint64_t)(uint32_t)o->vmap_use_count | (uint64_t)(o->pages != NULL) << 32 |
	       (uint64_t)(o->dma_buf != SIM_NONE) << 34;
	if (o->dma_buf != SIM_NONE)
		k[3] |= (uint64_t)(s->gem->bufs[o->dma_buf].nr_maps != 0) << 35;
	if (p->queue)
		k[3] |= (uint64_t)p->queue(o) << 40;
}

static inline uint64_t state_hash(const uint64_t k[4])
{
	/* an index into a table of 64: the words folded, one multiply to mix */
	return (k[0] ^ k[1] ^ k[2] ^ k[3]) * UINT64_C(0x9e3779b97f4a7c15);
}

/* Do the scalar tests pass on @o?  A state that passed once is remembered. */
static inline __attribute__((always_inline)) bool state_ok(struct sim *s, struct shm_object *o,
							   const struct lru_policy *p)
{
	uint64_t k[4], *e;

	state_key(s, o, p, k);
	e = s->gem->chk_memo[state_hash(k) >> (64 - 6)];
	if (((e[0] ^ k[0]) | (e[1] ^ k[1]) | (e[2] ^ k[2]) | (e[3] ^ k[3])) == 0)
		return true;
	if (scalar_tests_fail(s, o))
		return false;
	memcpy(e, k, sizeof(k));
	return true;
}

/*
 * The marks under which what state_ok() reads may have changed.  A mark of
 * CPU PTEs alone (a fault on pages already there: most events of a run
 * whose objects stay resident) leaves an object's counts, flags and list
 * as its last check passed them, so that check stands; gem_check_verify()
 * proves in the soak that no change of them goes without one of these.
 */
#define STATE_BITS (SHM_D_STATE | SHM_D_PAGES | SHM_D_GPU | SHM_D_BUSY)

/*
 * gem_check_pages_ok() and ptes_ok() of a one-page object with its page
 * array, not an import (trace replay, thrash), in one: its page against
 * its owner (when @bits say it moved), then each mapping's one entry.
 */
static inline bool one_page_ok(const struct sim *s, const struct shm_object *o, unsigned bits)
{
	const struct gem *g = s->gem;
	uint32_t loc = o->pages[0];
	bool mem = !o->evicted;

	if (bits & SHM_D_PAGES) {
		const struct pg_pool *pool = mem ? &g->frames : &g->slots;

		if (loc < pool->total ? pool->owner[loc] != o->slot || o->nr_present != 1 :
					loc != PG_NONE || o->nr_present || !o->heap)
			return false;
	}
	if (!(bits & (SHM_D_PAGES | SHM_D_PTES | SHM_D_PTE_RANGE)))
		return true;
	for (uint32_t m = o->vma_head; m != SIM_NONE; m = g->vmas[m].next) {
		uint32_t pte = g->vmas[m].one.pte;

		if (pte != PG_NONE && (!mem || loc != pte))
			return false;
	}
	return true;
}

/*
 * The commonest mark: since its last check @o had a fault on one page it
 * has, and nothing else (no breach pending or seen, not an import, whose
 * GPU mappings are walked at every check): that page's PTEs are all there
 * is to test.
 */
static inline bool fault_only(const struct shm_object *o, unsigned bits)
{
	return bits == SHM_D_PTE_RANGE && o->pte_lo == o->pte_hi && o->npages > 1 &&
	       !(o->pending_inv | o->breached | o->imported) && shm_pages_in_memory(o);
}

/*
 * check_object() where it finds nothing, in straight-line code: the same
 * predicates, no report.  An object of a breach, pending or last seen
 * (breached), is left to check_object(), which reports it.  Returns: true
 * if @o was checked (its GPU mappings walked when due), false if
 * check_object() must check it.
 */
static inline __attribute__((always_inline)) bool
check_object_fast(struct sim *s, struct shm_object *o, unsigned bits, const struct lru_policy *p)
{
	uint64_t before = s->violations;

	if (fault_only(o, bits))
		return pte_one_ok(s, o, o->pages, o->pte_lo);
	if (o->pending_inv || o->breached || ((bits & STATE_BITS) && !state_ok(s, o, p)))
		return false;
	if (o->npages == 1 && o->pages && !o->imported) {
		if (!one_page_ok(s, o, bits))
			return false;
	} else if ((bits & SHM_D_PAGES) && !gem_check_pages_ok(s, o)) {
		return false;
	} else if ((bits & (SHM_D_PAGES | SHM_D_PTES)) ? !ptes_ok(s, o, 0, UINT64_MAX) :
		   (bits & SHM_D_PTE_RANGE)            ? !ptes_ok(s, o, o->pte_lo, o->pte_hi) :
							 false) {
		return false;
	}
	if (gpu_walk_due(s, o, bits)) {
		s->gpu_check_bo(s, o->slot);
		o->breached = s->violations != before;
	}
	return true;
}

/*
 * The counts of list @id agree with each other, and chk_evictable, the sum
 * of the evictable lists' pages, follows its count.  Returns: whether they
 * disagreed (the list is then checked again at every check, as long as
 * they do, as a check of every list would).
 */
static __attribute__((noinline, cold)) void report_list_counts(struct sim *s, unsigned id)
{
	const struct lru_list *l = &s->gem->lists[id];

	sim_violation(s, 10, "%s list: %u objects, %llu pages", list_name(id), l->nobjs,
		      (unsigned long long)l->count);
}

static __attribute__((noinline, cold)) void report_evictable_sum(struct sim *s)
{
	sim_violation(s, 10, "evictable list: %llu pages in its queues, %llu counted",
		      (unsigned long long)s->gem->chk_evictable,
		      (unsigned long long)s->gem->evictable_pages);
}

static inline bool check_list_counts(struct sim *s, unsigned id)
{
	struct gem *g = s->gem;
	const struct lru_list *l = &g->lists[id];
	bool empty = !l->nobjs;
	bool bad = (empty != !l->count) | (empty != (l->head == SIM_NONE));

	if (__builtin_expect(bad, 0))
		report_list_counts(s, id);
	if (id >= LRU_SCAN)
		g->chk_evictable += l->count - g->chk_count[id];
	g->chk_count[id] = l->count;
	return bad;
}

/* O(1) accounting: every frame and slot is somewhere. */
static inline void check_counts(struct sim *s)
{
	const struct gem *g = s->gem;

	if (__builtin_expect(g->frames.free.count + g->other.count + g->obj_frames +
					     g->leaked_frames !=
				     g->frames.total,
			     0))
		sim_violation(s, 9,
			      "frames: %llu free + %llu other + %llu objects + %llu leaked "
			      "!= %llu total",
			      (unsigned long long)g->frames.free.count,
			      (unsigned long long)g->other.count, (unsigned long long)g->obj_frames,
			      (unsigned long long)g->leaked_frames,
			      (unsigned long long)g->frames.total);
	if (__builtin_expect(g->slots.free.count + g->obj_slots + g->leaked_slots != g->slots.total,
			     0))
		sim_violation(s, 9, "swap: %llu free + %llu used + %llu leaked != %llu total",
			      (unsigned long long)g->slots.free.count,
			      (unsigned long long)g->obj_slots, (unsigned long long)g->leaked_slots,
			      (unsigned long long)g->slots.total);
}

/*
 * The list counts agree.  Only the lists objects came to or left since the
 * last check are looked at (@all: every list); the others' counts are the
 * ones last checked.
 */
static inline __attribute__((always_inline)) void check_list_counts_dirty(struct sim *s, bool all)
{
	struct gem *g = s->gem;

	for (unsigned w = 0; w < sizeof(g->lists_dirty) / sizeof(g->lists_dirty[0]); w++) {
		uint64_t m = all ? ~UINT64_C(0) : g->lists_dirty[w], bad = 0;

		if (!m)
			continue;
		/* the lists there are: LRU_PINNED .. LRU_NR_LISTS - 1 */
		if (w == 0)
			m &= ~UINT64_C(0) << LRU_PINNED;
		else
			m &= ~UINT64_C(0) >> (128 - LRU_NR_LISTS);
		for (; m; m &= m - 1) {
			unsigned bit = (unsigned)__builtin_ctzll(m);

			if (check_list_counts(s, w * 64 + bit))
				bad |= UINT64_C(1) << bit;
		}
		g->lists_dirty[w] = bad;
	}
	if (__builtin_expect(g->chk_evictable != g->evictable_pages, 0))
		report_evictable_sum(s);
}

/* ---- verifying the dirty tracking (the marks: gem/check_verify.c) ---- */

/* What state_ok() reads of @o, as one word (gem_check_verify()). */
uint64_t gem_check_state_word(struct sim *s, const struct shm_object *o)
{
	uint64_t k[4];

	state_key(s, o, gem_policy(s), k);
	return state_hash(k) ^ k[0];
}

/* After its check: remember what @o looked like, when verifying. */
static inline void fp_record(struct sim *s, struct shm_object *o, unsigned bits)
{
	struct gem *g = s->gem;

	if (__builtin_expect(g->fp != NULL, 0) && o->slot < g->nfp)
		gem_check_record(s, o, (bits & STATE_BITS) != 0);
}

/*
 * The objects on the dirty list, and the lists objects came to or left;
 * @counts_bad: the frame or slot totals do not add up (check_counts()).
 */
static __attribute__((noinline)) void check_dirty_objects(struct sim *s, bool counts_bad)
{
	struct gem *g = s->gem;
	const struct lru_policy *p = gem_policy(s);

	if (g->dirty_overflow) {
		gem_check_all(s);
		return;
	}
	if (__builtin_expect(g->chk_memo_cfg != memo_cfg(s), 0)) {
		/*
		 * Checked under another configuration (only tests change that
		 * of a running model): check everything under this one, as an
		 * object marked for its PTEs alone keeps the verdict of its
		 * last check (STATE_BITS).  At the first check every object is
		 * on the dirty list, or dirty_overflow walks them all.
		 */
		if (g->chk_memo_cfg) {
			gem_check_all(s);
			return;
		}
		g->chk_memo_cfg = memo_cfg(s);
	}
	for (uint32_t i = 0; i < g->ndirty; i++) {
		struct shm_object *o = g->objs[g->dirty[i]];
		unsigned bits = o->dirty;

		o->dirty = 0;
		if (o->alive && !check_object_fast(s, o, bits, p))
			check_object(s, o, bits);
		fp_record(s, o, bits);
	}
	g->ndirty = 0;
	if (counts_bad)
		check_counts(s);
	/* a list's counts change only when an object comes or goes */
	if (g->lists_dirty[0] | g->lists_dirty[1])
		check_list_counts_dirty(s, false);
}

void gem_check_dirty(struct sim *s)
{
	struct gem *g = s->gem;
	uint64_t frames = g->frames.free.count + g->other.count + g->obj_frames + g->leaked_frames;
	uint64_t slots = g->slots.free.count + g->obj_slots + g->leaked_slots;
	uint64_t bad = (frames ^ g->frames.total) | (slots ^ g->slots.total);
	uint64_t more = g->dirty_overflow | g->lists_dirty[0] | g->lists_dirty[1] | bad;

	/*
	 * Most events of a hit-heavy run change no object: then only the
	 * frame and slot totals are checked, all in one test; a change, or
	 * totals that do not add up, take the whole way (check_counts()
	 * reports those).
	 */
	if (__builtin_expect((g->ndirty | more) == 0, 1))
		return;
	/*
	 * A fault on a page the object has, and no other change (most events
	 * of a run whose objects stay in memory): its PTEs, here, without the
	 * way through check_dirty_objects(), when nothing else is due (a
	 * change of configuration, the verification's record).
	 */
	if (g->ndirty == 1 && !more) {
		struct shm_object *o = g->objs[g->dirty[0]];

		if (fault_only(o, o->dirty) && o->alive && !g->fp &&
		    g->chk_memo_cfg == memo_cfg(s) && pte_one_ok(s, o, o->pages, o->pte_lo)) {
			o->dirty = 0;
			g->ndirty = 0;
			return;
		}
	}
	check_dirty_objects(s, bad != 0);
}

void gem_check_all(struct sim *s)
{
	struct gem *g = s->gem;
	const struct lru_policy *p = gem_policy(s);

	if (g->chk_memo_cfg != memo_cfg(s)) {
		/* states passed under another configuration: forget them */
		memset(g->chk_memo, 0, sizeof(g->chk_memo));
		g->chk_memo_cfg = memo_cfg(s);
	}

	for (uint32_t i = 0; i < g->ndirty; i++)
		g->objs[g->dirty[i]]->dirty = 0;
	g->ndirty = 0;
	g->dirty_overflow = false;
	for (uint32_t b = 0; b < g->nobjs; b++) {
		struct shm_object *o = g->objs[b];

		if (!o)
			continue;
		o->dirty = 0;
		/*
		 * As the incremental check: the short way first.  Debug builds
		 * take the long way, whose PTE walk asserts that each mapping's
		 * bits and count follow its entries.
		 */
#ifdef NDEBUG
		if (!o->alive || !check_object_fast(s, o, ALL_BITS, p))
#else
		(void)p;
#endif
			check_object(s, o, ALL_BITS);
		fp_record(s, o, ALL_BITS);
	}
	check_counts(s);
	check_list_counts_dirty(s, true);
	gem_check_pool(s, &g->frames, false);
	gem_check_pool(s, &g->slots, true);
	gem_check_lists(s);
}
