// SPDX-License-Identifier: MIT
/*
 * gem/pg.c - frames, swap slots and the allocation path (direct reclaim,
 * watermarks).  See pg.h for the representation.
 */
#include <string.h>

#include "gem/gem_int.h"
#include "gem/pg.h"
#include "gem/vmscan.h"

/* ---- hierarchical bitmap ---- */

int pg_bitmap_init(struct gem *g, struct pg_bitmap *b, uint64_t nbits, bool set)
{
	uint64_t n = nbits;
	unsigned l = 0;

	memset(b, 0, sizeof(*b));
	b->nbits = nbits;
	do {
		uint64_t words = (n + 63) / 64;

		if (!words)
			words = 1;
		SIM_ASSERT(l < PG_BM_LEVELS);
		b->nwords[l] = words;
		b->lvl[l] = gem_mem_calloc(g, words, sizeof(uint64_t));
		if (!b->lvl[l])
			goto err;
		l++;
		n = words;
	} while (n > 1);
	b->nlvl = l;
	if (set && nbits) {
		/* Level by level: the valid range set, the tail clear.  Level l+1
		 * has one bit per word of level l, and every such word is non-zero. */
		uint64_t bits = nbits;

		for (l = 0; l < b->nlvl; l++) {
			uint64_t full = bits / 64, rest = bits % 64;

			memset(b->lvl[l], 0xff, full * sizeof(uint64_t));
			if (rest)
				b->lvl[l][full] = (UINT64_C(1) << rest) - 1;
			bits = b->nwords[l];
		}
		b->count = nbits;
	}
	return 0;
err:
	pg_bitmap_fini(g, b);
	return GEMSIM_ENOMEM;
}

void pg_bitmap_fini(struct gem *g, struct pg_bitmap *b)
{
	for (unsigned l = 0; l < PG_BM_LEVELS; l++)
		gem_mem_free(g, b->lvl[l], b->nwords[l], sizeof(uint64_t));
	memset(b, 0, sizeof(*b));
}

bool pg_bitmap_test(const struct pg_bitmap *b, uint64_t i)
{
	SIM_ASSERT(i < b->nbits);
	return (b->lvl[0][i / 64] >> (i % 64)) & 1;
}

/*
 * The summary levels are kept lazily: a bit of level l+1 is set whenever
 * word i of level l is not zero, but a clear that empties a word leaves its
 * summary bit set (stale) rather than climbing the levels.  The next search
 * that follows a stale bit finds an empty word, clears that bit and looks
 * again.  Each stale bit is cleared once, so a search costs O(levels)
 * amortised; a set stops climbing at the first summary bit already set,
 * which in the allocation path is usually at level 1.
 *
 * lo is only a lower bound: a take that empties word lo leaves it there.
 * A set into an empty bitmap moves it to that word, up or down, so the
 * next take finds the bit without a search: under steady reclaim the free
 * frames go 0, 1, 0 (one freed by eviction, taken by the swap-in), and
 * each take would otherwise search from the top.
 */
static inline void bm_mark_word(struct pg_bitmap *b, uint64_t widx)
{
	for (unsigned l = 1; l < b->nlvl; l++) {
		uint64_t *u = &b->lvl[l][widx / 64];
		uint64_t bit = UINT64_C(1) << (widx % 64);

		if (*u & bit)
			break;
		*u |= bit;
		widx /= 64;
	}
}

static inline void bm_set(struct pg_bitmap *b, uint64_t i)
{
	uint64_t *w = &b->lvl[0][i / 64];
	bool was_zero = *w == 0;

	SIM_ASSERT(i < b->nbits && !(*w & (UINT64_C(1) << (i % 64))));
	*w |= UINT64_C(1) << (i % 64);
	/* into an empty bitmap: this word is the lowest, exactly */
	if (!b->count++ || i / 64 < b->lo)
		b->lo = i / 64;
	if (was_zero)
		bm_mark_word(b, i / 64);
}

void pg_bitmap_set(struct pg_bitmap *b, uint64_t i)
{
	bm_set(b, i);
}

void pg_bitmap_clear(struct pg_bitmap *b, uint64_t i)
{
	uint64_t *w = &b->lvl[0][i / 64];

	SIM_ASSERT(i < b->nbits && (*w & (UINT64_C(1) << (i % 64))));
	*w &= ~(UINT64_C(1) << (i % 64));
	b->count--;
}

/*
 * The index of the lowest non-zero level-0 word (the bitmap is not empty).
 * Words below lo are zero, so when word lo has a bit that is it; otherwise
 * descend from the top, clearing the stale summary bits met on the way,
 * and remember the word found as the new lo.
 */
static inline uint64_t bm_first_word(struct pg_bitmap *b)
{
	SIM_ASSERT(b->count > 0);
	if (b->lvl[0][b->lo])
		return b->lo;
	for (;;) {
		uint64_t i = 0;
		unsigned l;

		for (l = b->nlvl - 1; l > 0; l--) {
			uint64_t *w = &b->lvl[l][i];
			uint64_t c;

			SIM_ASSERT(*w); /* a set bit below keeps its ancestors set */
			c = i * 64 + (uint64_t)__builtin_ctzll(*w);
			if (!b->lvl[l - 1][c]) {
				*w &= *w - 1; /* stale: that word is empty; look again */
				break;
			}
			i = c;
		}
		if (l == 0) {
			b->lo = i;
			return i;
		}
	}
}

uint64_t pg_bitmap_first(struct pg_bitmap *b)
{
	uint64_t j;

	if (!b->count)
		return UINT64_MAX;
	j = bm_first_word(b);
	return j * 64 + (uint64_t)__builtin_ctzll(b->lvl[0][j]);
}

/* pg_bitmap_first() + pg_bitmap_clear(): the lowest set bit, cleared. */
static inline uint64_t bm_take_first(struct pg_bitmap *b)
{
	uint64_t j, *w;

	if (!b->count)
		return UINT64_MAX;
	j = bm_first_word(b);
	w = &b->lvl[0][j];
	b->count--;
	uint64_t i = j * 64 + (uint64_t)__builtin_ctzll(*w);
	*w &= *w - 1;
	return i;
}

/*
 * Word-at-a-time moves for bulk operations (pressure, release): take the
 * lowest set bits of the first non-empty word, up to @want of them, and
 * return them as a mask of word *@widx.  The same bits, in the same order,
 * as @want calls of pg_bitmap_first() + pg_bitmap_clear().
 */
static uint64_t bm_take_low(struct pg_bitmap *b, uint64_t want, uint64_t *widx)
{
	uint64_t w, mask;

	SIM_ASSERT(b->count > 0 && want > 0);
	*widx = bm_first_word(b);
	w = b->lvl[0][*widx];
	mask = w;
	if (want < (uint64_t)__builtin_popcountll(w)) {
		/* the lowest @want bits: clear the higher ones from a copy */
		uint64_t keep = 0, m = w;

		for (uint64_t k = 0; k < want; k++) {
			keep |= m & -m;
			m &= m - 1;
		}
		mask = keep;
	}
	b->lvl[0][*widx] = w & ~mask;
	b->count -= (uint64_t)__builtin_popcountll(mask);
	return mask;
}

/* Set the bits of @mask (all clear) in level-0 word @widx. */
static void bm_set_word(struct pg_bitmap *b, uint64_t widx, uint64_t mask)
{
	uint64_t *w = &b->lvl[0][widx];
	bool was_zero = *w == 0;

	SIM_ASSERT(!(*w & mask) && mask);
	if (widx < b->lo)
		b->lo = widx;
	*w |= mask;
	b->count += (uint64_t)__builtin_popcountll(mask);
	if (was_zero)
		bm_mark_word(b, widx);
}

/* Move up to @pages of the lowest frames of @from to @to, owned by @owner now. */
static void move_frames(struct gem *g, struct pg_bitmap *from, struct pg_bitmap *to, uint64_t pages,
			uint32_t owner)
{
	while (pages) {
		uint64_t widx, mask = bm_take_low(from, pages, &widx);

		bm_set_word(to, widx, mask);
		pages -= (uint64_t)__builtin_popcountll(mask);
		for (uint64_t m = mask; m; m &= m - 1)
			g->frames.owner[widx * 64 + (uint64_t)__builtin_ctzll(m)] = owner;
	}
}

/* ---- frames and slots ---- */

/* The four moves of a page, inline for the exported functions and the pairs below. */
static inline uint32_t take_frame(struct sim *s, uint32_t bo)
{
	struct gem *g = s->gem;
	uint64_t f = bm_take_first(&g->frames.free);

	SIM_ASSERT(f != UINT64_MAX && g->frames.owner[f] == PG_OWNER_FREE);
	g->frames.owner[f] = bo;
	g->obj_frames++;
	s->stats.pages_allocated++;
	if (g->obj_frames > s->stats.peak_resident_pages)
		s->stats.peak_resident_pages = g->obj_frames;
	return (uint32_t)f;
}

static inline void put_frame(struct sim *s, uint32_t frame)
{
	struct gem *g = s->gem;

	SIM_ASSERT(frame < g->frames.total && g->frames.owner[frame] < PG_OWNER_LEAKED);
	g->frames.owner[frame] = PG_OWNER_FREE;
	bm_set(&g->frames.free, frame);
	g->obj_frames--;
	s->stats.pages_freed++;
}

static inline uint32_t take_slot(struct sim *s, uint32_t bo)
{
	struct gem *g = s->gem;
	uint64_t k = bm_take_first(&g->slots.free);

	SIM_ASSERT(k != UINT64_MAX && g->slots.owner[k] == PG_OWNER_FREE);
	g->slots.owner[k] = bo;
	g->obj_slots++;
	if (g->obj_slots > s->stats.swap_slots_peak)
		s->stats.swap_slots_peak = g->obj_slots;
	return (uint32_t)k;
}

static inline void put_slot(struct sim *s, uint32_t slot)
{
	struct gem *g = s->gem;

	SIM_ASSERT(slot < g->slots.total && g->slots.owner[slot] < PG_OWNER_LEAKED);
	g->slots.owner[slot] = PG_OWNER_FREE;
	bm_set(&g->slots.free, slot);
	g->obj_slots--;
}

uint32_t pg_take_frame(struct sim *s, uint32_t bo)
{
	return take_frame(s, bo);
}

void pg_put_frame(struct sim *s, uint32_t frame)
{
	put_frame(s, frame);
}

uint32_t pg_take_slot(struct sim *s, uint32_t bo)
{
	return take_slot(s, bo);
}

void pg_put_slot(struct sim *s, uint32_t slot)
{
	put_slot(s, slot);
}

void pg_leak(struct sim *s, uint32_t loc, bool swap)
{
	struct gem *g = s->gem;
	struct pg_pool *pool = swap ? &g->slots : &g->frames;

	SIM_ASSERT(loc < pool->total && pool->owner[loc] < PG_OWNER_LEAKED);
	pool->owner[loc] = PG_OWNER_LEAKED;
	if (swap) {
		g->obj_slots--;
		g->leaked_slots++;
	} else {
		g->obj_frames--;
		g->leaked_frames++;
	}
}

uint32_t pg_page_out(struct sim *s, uint32_t frame, uint32_t bo)
{
	uint32_t k = take_slot(s, bo);

	put_frame(s, frame);
	return k;
}

uint32_t pg_page_in(struct sim *s, uint32_t slot, uint32_t bo)
{
	uint32_t f = take_frame(s, bo);

	put_slot(s, slot);
	return f;
}

/*
 * pg_reserve_frames() - make sure @need frames are free, running direct
 * reclaim when they are not (by policy.reclaim_driver, gem/vmscan.h).  The
 * page allocator retries reclaim as long as it makes progress
 * (__GFP_RETRY_MAYFAIL); an allocation fails only when a round freed nothing.  The caller holds the reservation lock of the object
 * it allocates for, so the shrinker skips that one.
 */
int pg_reserve_frames(struct sim *s, uint64_t need)
{
	struct gem *g = s->gem;
	uint64_t before;

	if (g->frames.free.count >= need)
		return 0;
	s->stats.direct_reclaims++;
	do {
		before = g->frames.free.count;
		vmscan_direct_reclaim(s, need - before);
	} while (g->frames.free.count < need && g->frames.free.count > before);
	if (g->frames.free.count >= need)
		return 0;
	s->stats.oom++;
	sim_observe(s, SIM_OBS_OOM, SIM_NONE, need - g->frames.free.count);
	return GEMSIM_ENOMEM;
}

/*
 * pg_after_alloc() - wake background reclaim when free frames fell under
 * the low watermark (one pending run at a time).
 */
void pg_after_alloc(struct sim *s)
{
	struct gem *g = s->gem;
	const struct sim_policy *p = &s->cfg.policy;

	if (!p->wm_high || g->reclaim_pending || g->frames.free.count >= p->wm_low)
		return;
	g->reclaim_pending = true;
	sim_schedule(s, s->now, SIM_Q_RECLAIM, 0);
}

int pg_pressure(struct sim *s, uint64_t pages)
{
	struct gem *g = s->gem;
	int ret;

	ret = pg_reserve_frames(s, pages);
	if (ret)
		return ret;
	move_frames(g, &g->frames.free, &g->other, pages, PG_OWNER_OTHER);
	s->stats.pressure_pages += pages;
	pg_after_alloc(s);
	return 0;
}

int pg_release(struct sim *s, uint64_t pages)
{
	struct gem *g = s->gem;

	if (pages > g->other.count) {
		sim_warn(s, "release of %llu pages: other consumers hold only %llu",
			 (unsigned long long)pages, (unsigned long long)g->other.count);
		return GEMSIM_EINVAL;
	}
	if (pages)
		move_frames(g, &g->other, &g->frames.free, pages, PG_OWNER_FREE);
	return 0;
}

uint64_t pg_free_frames(const struct sim *s)
{
	return s->gem->frames.free.count;
}

uint64_t pg_free_slots(const struct sim *s)
{
	return s->gem->slots.free.count;
}

uint64_t pg_other_frames(const struct sim *s)
{
	return s->gem->other.count;
}

uint64_t pg_leaked(const struct sim *s, bool swap)
{
	return swap ? s->gem->leaked_slots : s->gem->leaked_frames;
}

const uint32_t *pg_frame_owners(const struct sim *s)
{
	return s->gem->frames.owner;
}

const uint32_t *pg_slot_owners(const struct sim *s)
{
	return s->gem->slots.owner;
}

uint32_t pg_frame_owner(const struct sim *s, uint64_t frame)
{
	const struct gem *g = s->gem;

	if (frame >= g->frames.total || g->frames.owner[frame] >= PG_OWNER_LEAKED)
		return SIM_NONE;
	return g->frames.owner[frame];
}
