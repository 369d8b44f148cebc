// SPDX-License-Identifier: MIT
/*
 * gem/check_pages.c - the page locations of an object against the owners
 * of its frames (slots, when evicted), for gem/check.c: invariants 4 and 9
 * of docs/model.md.  A one-page object's are tested inline there
 * (one_page_ok()).
 */
#include "gem/gem.h"
#include "gem/gem_int.h"
#include "gem/shm.h"

/*
 * The page locations of @o against the owners of its frames (slots, when
 * evicted).  Returns: the first page in a frame or slot @o does not own
 * (@o->npages if none); *@count: the pages it has somewhere.
 */
static uint64_t pages_scan(const struct sim *s, const struct shm_object *o, uint64_t *count)
{
	const struct gem *g = s->gem;
	const struct pg_pool *pool = o->evicted ? &g->slots : &g->frames;
	uint64_t n = 0, i, bad;

	for (i = 0; i < o->npages; i++) {
		uint32_t loc = o->pages[i];

		if (loc == PG_NONE)
			continue;
		if (loc >= pool->total || pool->owner[loc] != o->slot)
			break;
		n++;
	}
	/* the rest only counted */
	for (bad = i; i < o->npages; i++)
		n += o->pages[i] != PG_NONE;
	*count = n;
	return bad;
}

/*
 * Is every page of @o in a frame or slot of @pool it owns?  One owner load
 * a page: a location past the end (PG_NONE, for one) reads owner[total],
 * which is PG_OWNER_FREE, never a slot.
 */
static bool pages_owned_bounded(const struct pg_pool *pool, const struct shm_object *o)
{
	const uint32_t *pg = o->pages, *own = pool->owner;
	uint64_t total = pool->total, n = o->npages, i = 0;
	uint32_t slot = o->slot, bad = 0;

#define OWNER_OF(loc) own[(loc) < total ? (loc) : total]
	for (; i + 4 <= n; i += 4)
		bad |= (OWNER_OF(pg[i]) ^ slot) | (OWNER_OF(pg[i + 1]) ^ slot) |
		       (OWNER_OF(pg[i + 2]) ^ slot) | (OWNER_OF(pg[i + 3]) ^ slot);
	for (; i < n; i++)
		bad |= OWNER_OF(pg[i]) ^ slot;
#undef OWNER_OF
	return !bad;
}

/*
 * pages_owned_bounded() in two passes where it can: the locations ORed,
 * below the pool's size when every one is (always, for a power of two),
 * then their owners with no bound to test, ANDed and ORed: both are @o's
 * slot only when every owner is.
 */
static bool pages_owned(const struct pg_pool *pool, const struct shm_object *o)
{
	const uint32_t *pg = o->pages, *own = pool->owner;
	uint64_t n = o->npages, i = 0;
	uint32_t locs = 0, all = UINT32_MAX, any = 0;

	for (; i + 8 <= n; i += 8)
		locs |= pg[i] | pg[i + 1] | pg[i + 2] | pg[i + 3] | pg[i + 4] | pg[i + 5] |
			pg[i + 6] | pg[i + 7];
	for (; i < n; i++)
		locs |= pg[i];
	if (locs >= pool->total)
		return pages_owned_bounded(pool, o);
	for (i = 0; i + 4 <= n; i += 4) {
		uint32_t a = own[pg[i]], b = own[pg[i + 1]], c = own[pg[i + 2]], d = own[pg[i + 3]];

		all &= a & b & c & d;
		any |= a | b | c | d;
	}
	for (; i < n; i++) {
		all &= own[pg[i]];
		any |= own[pg[i]];
	}
	return all == o->slot && any == o->slot;
}

/* Does gem_check_pages() find nothing to report? */
bool gem_check_pages_ok(const struct sim *s, const struct shm_object *o)
{
	const struct pg_pool *pool = o->evicted ? &s->gem->slots : &s->gem->frames;
	uint64_t count;

	if (!o->pages)
		return !o->nr_present && !o->evicted;
	if (o->imported)
		return false;
	/* all there (a heap may have some): the scan without its count;
	 * a one-page object takes one_page_ok() instead */
	if (o->nr_present == o->npages)
		return pages_owned(pool, o);
	return o->heap && pages_scan(s, o, &count) == o->npages && count == o->nr_present;
}

/* Invariants 4 and 9 of @o's page locations, each breach reported. */
void gem_check_pages(struct sim *s, const struct shm_object *o)
{
	const struct gem *g = s->gem;
	const struct pg_pool *pool = o->evicted ? &g->slots : &g->frames;
	uint64_t count, i;

	if (o->imported && o->pages)
		sim_violation(s, 4, "%s: imported but holds a page array of its own",
			      sim_name(s, SIM_K_BO, o->slot));
	if (!o->pages) {
		if (o->nr_present || o->evicted)
			sim_violation(s, 4, "%s: %llu pages present%s without a page array",
				      sim_name(s, SIM_K_BO, o->slot),
				      (unsigned long long)o->nr_present,
				      o->evicted ? ", evicted," : "");
		return;
	}
	i = pages_scan(s, o, &count);
	if (i < o->npages) {
		uint32_t loc = o->pages[i];
		uint32_t owner = loc < pool->total ? pool->owner[loc] : PG_OWNER_FREE;

		sim_violation(s, 9, "%s: page %llu is in %s %u, owned by %s",
			      sim_name(s, SIM_K_BO, o->slot), (unsigned long long)i,
			      o->evicted ? "swap slot" : "frame", loc,
			      loc >= pool->total       ? "nobody (out of range)" :
			      owner == PG_OWNER_FREE   ? "nobody (free)" :
			      owner == PG_OWNER_OTHER  ? "another consumer" :
			      owner == PG_OWNER_LEAKED ? "a leaked object" :
							 sim_name(s, SIM_K_BO, owner));
	}
	if (count != o->nr_present)
		sim_violation(s, 4, "%s: %llu pages present, %llu counted",
			      sim_name(s, SIM_K_BO, o->slot), (unsigned long long)count,
			      (unsigned long long)o->nr_present);
	else if (!o->heap && count != o->npages)
		sim_violation(s, 4, "%s: only %llu of %llu pages %s",
			      sim_name(s, SIM_K_BO, o->slot), (unsigned long long)count,
			      (unsigned long long)o->npages, o->evicted ? "in swap" : "in frames");
}
