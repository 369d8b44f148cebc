// SPDX-License-Identifier: MIT
/*
 * gem/lru.c - the pinned / evicted / evictable lists (drm_gem_lru_*) and the
 * placement of an object after each state change.  See lru.h.
 */
#include "gem/gem_int.h"
#include "gem/lru.h"

const char *lru_list_name(unsigned id)
{
	switch (id) {
	case LRU_NONE: return "none";
	case LRU_PINNED: return "pinned";
	case LRU_EVICTED: return "evicted";
	case LRU_SCAN: return "scan";
	case LRU_DONTNEED: return "dontneed";
	default: return "evictable";
	}
}

/* The evictable queues, dontneed and the scan list: the ids from LRU_SCAN up. */
_Static_assert(LRU_SCAN + 1 == LRU_DONTNEED && LRU_DONTNEED + 1 == LRU_EVICTABLE,
	       "the evictable list ids are the last ones");

static inline bool is_evictable_id(unsigned id)
{
	return id >= LRU_SCAN;
}

/* always inline: two per eviction and swap-in, and a call costs their size */
#define LRU_INLINE static inline __attribute__((always_inline))

LRU_INLINE void list_unlink(struct sim *s, struct shm_object *o)
{
	struct gem *g = s->gem;
	struct lru_list *l = &g->lists[o->lru];
	struct lru_link *k = &g->links[o->slot];

	SIM_ASSERT(o->lru != LRU_NONE && l->nobjs > 0 && l->count >= o->npages);
	if (k->prev != SIM_NONE)
		g->links[k->prev].next = k->next;
	else
		l->head = k->next;
	if (k->next != SIM_NONE)
		g->links[k->next].prev = k->prev;
	else
		l->tail = k->prev;
	l->nobjs--;
	l->count -= o->npages;
	if (o->purge_counted) {
		SIM_ASSERT(l->npurgeable > 0);
		l->npurgeable--;
		l->purgeable_pages -= o->npages;
		o->purge_counted = false;
	}
	if (shm_locked_elsewhere(o)) {
		SIM_ASSERT(l->nlocked > 0 && l->locked_pages >= o->npages);
		l->nlocked--;
		l->locked_pages -= o->npages;
	}
	if (is_evictable_id(o->lru))
		g->evictable_pages -= o->npages;
	if (o->lru >= LRU_EVICTABLE && !l->nobjs)
		g->evictable_mask &= ~(UINT64_C(1) << (o->lru - LRU_EVICTABLE));
	g->lists_dirty[o->lru / 64] |= UINT64_C(1) << (o->lru % 64);
	o->lru = LRU_NONE;
	k->prev = k->next = SIM_NONE;
}

LRU_INLINE void list_add_tail(struct sim *s, struct shm_object *o, unsigned id)
{
	struct gem *g = s->gem;
	struct lru_list *l = &g->lists[id];
	struct lru_link *k = &g->links[o->slot];

	SIM_ASSERT(o->lru == LRU_NONE && id != LRU_NONE && id < LRU_NR_LISTS);
	o->lru = (uint8_t)id;
	k->next = SIM_NONE;
	k->prev = l->tail;
	if (l->tail != SIM_NONE)
		g->links[l->tail].next = o->slot;
	else
		l->head = o->slot;
	l->tail = o->slot;
	l->nobjs++;
	l->count += o->npages;
	if (is_evictable_id(id) && shm_is_purgeable(s, o)) {
		l->npurgeable++;
		l->purgeable_pages += o->npages;
		o->purge_counted = true;
	}
	if (shm_locked_elsewhere(o)) {
		l->nlocked++;
		l->locked_pages += o->npages;
	}
	if (is_evictable_id(id))
		g->evictable_pages += o->npages;
	if (id >= LRU_EVICTABLE)
		g->evictable_mask |= UINT64_C(1) << (id - LRU_EVICTABLE);
	g->lists_dirty[id / 64] |= UINT64_C(1) << (id % 64);
}

/* Kept in place by lru_update(): its purgeability may have changed all the same. */
void lru_recount(struct sim *s, struct shm_object *o)
{
	bool now = is_evictable_id(o->lru) && shm_is_purgeable(s, o);
	struct lru_list *l = &s->gem->lists[o->lru];

	if (now == o->purge_counted)
		return;
	if (now) {
		l->npurgeable++;
		l->purgeable_pages += o->npages;
	} else {
		l->npurgeable--;
		l->purgeable_pages -= o->npages;
	}
	o->purge_counted = now;
}

void lru_remove(struct sim *s, struct shm_object *o)
{
	if (o->lru != LRU_NONE)
		list_unlink(s, o);
}

/* lru_move_tail(), inline for lru_update() (two moves per swap-in and eviction) */
LRU_INLINE void move_tail(struct sim *s, struct shm_object *o, unsigned id)
{
	if (o->lru == id && id != LRU_NONE) {
		lru_bump(s, o);
		return;
	}
	if (o->lru != LRU_NONE)
		list_unlink(s, o);
	list_add_tail(s, o, id);
}

void lru_move_tail(struct sim *s, struct shm_object *o, unsigned id)
{
	move_tail(s, o, id);
}

static struct shm_object *live(struct sim *s, uint32_t slot)
{
	struct shm_object *o = slot < shm_slot_count(s) ? s->gem->objs[slot] : NULL;

	return o && o->alive ? o : NULL;
}

int lru_slot_move_tail(struct sim *s, uint32_t slot, unsigned id)
{
	struct shm_object *o = live(s, slot);

	if (!o || id == LRU_NONE || id >= LRU_NR_LISTS)
		return -GEMSIM_ENOENT;
	lru_move_tail(s, o, id);
	return 0;
}

int lru_slot_remove(struct sim *s, uint32_t slot)
{
	struct shm_object *o = live(s, slot);

	if (!o)
		return -GEMSIM_ENOENT;
	lru_remove(s, o);
	return 0;
}

uint32_t lru_slots(const struct sim *s, unsigned id, uint32_t *slots, uint32_t max, uint64_t *count)
{
	const struct gem *g = s->gem;
	uint32_t n = 0;

	*count = id == LRU_NONE ? 0 : g->lists[id].count;
	if (id == LRU_NONE)
		return 0;
	for (uint32_t k = g->lists[id].head; k != SIM_NONE; k = g->links[k].next, n++)
		if (n < max)
			slots[n] = k;
	return n;
}

struct shm_object *lru_head(struct sim *s, unsigned id)
{
	uint32_t h = s->gem->lists[id].head;

	return h == SIM_NONE ? NULL : s->gem->objs[h];
}

void lru_splice_tail(struct sim *s, unsigned from, unsigned to)
{
	struct shm_object *o;

	while ((o = lru_head(s, from)))
		lru_move_tail(s, o, to);
}

/*
 * lru_target() with the policy already looked up, inline for lru_update().
 * drm_gem_shmem_shrinker_update_lru_locked() (v19 22/30), with two
 * variants: msm (update_lru_locked(), msm_gem.c) keeps purgeable objects
 * on their own dontneed list; mainline panfrost keeps on its shrinker_list
 * only the objects its shrinker may purge (panfrost_gem_shrinker.c), and
 * never one the driver did not give it ("shrinker": false).
 */
static inline unsigned target_of(const struct lru_policy *p, const struct sim *s,
				 const struct shm_object *o)
{
	if (!o->alive || o->imported || o->madv < 0)
		return LRU_NONE;
	if (gem_mainline(s)) {
		/*
		 * panfrost_ioctl_madvise(): the shrinker_list holds what was
		 * madvised DONTNEED (purgeable or not: the scan and the count
		 * test that), until WILLNEED, the purge or the free
		 */
		if (o->madv_listed)
			return LRU_EVICTABLE + (p->queue ? p->queue(o) : 0);
		return o->pages ? LRU_PINNED : LRU_NONE;
	}
	if (shm_is_evictable(s, o) || shm_is_purgeable(s, o)) {
		unsigned q = p->queue ? p->queue(o) : 0;

		SIM_ASSERT(q < LRU_QUEUES);
		if (s->cfg.policy.shrinker == SIM_SHRINKER_MSM && o->madv > 0)
			return LRU_DONTNEED;
		return LRU_EVICTABLE + q;
	}
	if (o->evicted || o->evicted_flag)
		return LRU_EVICTED;
	if (!o->pages)
		return LRU_NONE;
	return LRU_PINNED;
}

unsigned lru_target(const struct sim *s, const struct shm_object *o)
{
	return target_of(gem_policy(s), s, o);
}

void lru_update(struct sim *s, struct shm_object *o)
{
	const struct lru_policy *p = gem_policy(s);
	unsigned t = target_of(p, s, o);
	unsigned cur = o->lru;

	o->lru_unplaced = false;
	if (t == LRU_NONE) {
		lru_remove(s, o);
		return;
	}
	if (t == cur || (cur == LRU_SCAN && t >= LRU_DONTNEED)) {
		/* Already there: the kernel moves it to the tail on every
		 * update; a policy may keep the evictable order instead.  An
		 * object on the scan list stays there until the pass ends. */
		/* mainline panfrost: only madvise moves (panfrost_ioctl_madvise()) */
		if (cur != LRU_SCAN &&
		    (t < LRU_DONTNEED || (p->requeue_on_update && !gem_mainline(s))))
			lru_bump(s, o);
		/* same list, so the counts stay, but purgeable may have changed */
		lru_recount(s, o);
		return;
	}
	move_tail(s, o, t);
	if (t >= LRU_DONTNEED && !is_evictable_id(cur) && p->enter)
		p->enter(s, o);
}

void lru_touch(struct sim *s, struct shm_object *o)
{
	lru_touch_inline(s, o);
}

void lru_touch_objs(struct sim *s, struct shm_object *const *objs, uint32_t n)
{
	const struct lru_policy *p = gem_policy(s);

	if (p->touch_moves_tail) {
		/* lru_touch_policy() of each, its policy test out of the loop */
		for (uint32_t i = 0; i < n; i++)
			if (objs[i]->lru >= LRU_DONTNEED)
				lru_bump(s, objs[i]);
		return;
	}
	for (uint32_t i = 0; i < n; i++)
		lru_touch_policy(p, s, objs[i]);
}

/* ---- read-only walks (lru.h) ---------------------------------------------- */

/* The evictable queue below @q that has objects, or -1. */
static int queue_below(const struct gem *g, int q)
{
	uint64_t mask = q > 0 ? g->evictable_mask & ((UINT64_C(1) << q) - 1) : 0;

	return mask ? 63 - __builtin_clzll(mask) : -1;
}

/* The evictable queue above @q that has objects, or -1. */
static int queue_above(const struct gem *g, int q)
{
	uint64_t mask = q < 63 ? g->evictable_mask & ~((UINT64_C(2) << q) - 1) : 0;

	return mask ? __builtin_ctzll(mask) : -1;
}

static const struct shm_object *slot_obj(const struct gem *g, uint32_t slot)
{
	return slot == SIM_NONE ? NULL : g->objs[slot];
}

const struct shm_object *lru_walk_first(const struct sim *s, unsigned id)
{
	const struct gem *g = s->gem;
	int q;

	if (id < LRU_EVICTABLE)
		return id == LRU_NONE ? NULL : slot_obj(g, g->lists[id].head);
	q = g->evictable_mask ? 63 - __builtin_clzll(g->evictable_mask) : -1;
	return q < 0 ? NULL : slot_obj(g, g->lists[LRU_EVICTABLE + q].head);
}

const struct shm_object *lru_walk_last(const struct sim *s, unsigned id)
{
	const struct gem *g = s->gem;
	int q;

	if (id < LRU_EVICTABLE)
		return id == LRU_NONE ? NULL : slot_obj(g, g->lists[id].tail);
	q = g->evictable_mask ? __builtin_ctzll(g->evictable_mask) : -1;
	return q < 0 ? NULL : slot_obj(g, g->lists[LRU_EVICTABLE + q].tail);
}

const struct shm_object *lru_walk_next(const struct sim *s, const struct shm_object *o)
{
	const struct gem *g = s->gem;
	uint32_t next = g->links[o->slot].next;
	int q;

	if (next != SIM_NONE || o->lru < LRU_EVICTABLE)
		return slot_obj(g, next);
	q = queue_below(g, o->lru - LRU_EVICTABLE);
	return q < 0 ? NULL : slot_obj(g, g->lists[LRU_EVICTABLE + q].head);
}

const struct shm_object *lru_walk_prev(const struct sim *s, const struct shm_object *o)
{
	const struct gem *g = s->gem;
	uint32_t prev = g->links[o->slot].prev;
	int q;

	if (prev != SIM_NONE || o->lru < LRU_EVICTABLE)
		return slot_obj(g, prev);
	q = queue_above(g, o->lru - LRU_EVICTABLE);
	return q < 0 ? NULL : slot_obj(g, g->lists[LRU_EVICTABLE + q].tail);
}

uint32_t lru_walk_count(const struct sim *s, unsigned id, uint64_t *pages)
{
	const struct gem *g = s->gem;
	uint32_t n = 0;
	uint64_t p = 0;

	if (id < LRU_EVICTABLE) {
		n = id == LRU_NONE ? 0 : g->lists[id].nobjs;
		p = id == LRU_NONE ? 0 : g->lists[id].count;
	} else {
		for (unsigned q = 0; q < LRU_QUEUES; q++) {
			n += g->lists[LRU_EVICTABLE + q].nobjs;
			p += g->lists[LRU_EVICTABLE + q].count;
		}
	}
	if (pages)
		*pages = p;
	return n;
}
