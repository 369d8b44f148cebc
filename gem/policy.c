// SPDX-License-Identifier: MIT
/*
 * gem/policy.c - every LRU policy: its hooks and its entry in the table.
 *
 * Adding a policy touches this file only: write the hooks, add a row to
 * lru_policies[].  Row 0 is the default ("lru").  The hooks and what the
 * shrinker does with them are described in gem/lru.h; the shrinker scans
 * evictable queues from the highest index down, each from its head.
 */
#include <string.h>

#include "gem/gem_int.h"
#include "gem/lru.h"

/* lru: accesses and state updates move the object to the tail. */
static void lru_touch_tail(struct sim *s, struct shm_object *o)
{
	if (o->lru >= LRU_DONTNEED)
		lru_move_tail(s, o, o->lru);
}

/*
 * clock: an access sets the referenced bit; the scan clears it and spares
 * the object once.  Insertion (policy.clock_insert): "unreferenced", the
 * default and libCacheSim's Clock_insert() (freq = 0), enters with the bit
 * clear and ignores the use that brought the object in (a job that swaps
 * it in, in the same engine step); "referenced" enters with it set.
 */
static void clock_enter(struct sim *s, struct shm_object *o)
{
	o->referenced = s->cfg.policy.clock_insert_referenced;
	o->clock_step = s->step + 1;
}

static void clock_touch(struct sim *s, struct shm_object *o)
{
	if (o->clock_step == s->step + 1 && !s->cfg.policy.clock_insert_referenced)
		return;
	o->referenced = true;
}

static bool clock_spare(struct sim *s, struct shm_object *o)
{
	(void)s;
	if (!o->referenced)
		return false;
	o->referenced = false;
	return true;
}

/* size: one queue per power of two of the size; larger classes are scanned first. */
static unsigned size_queue(const struct shm_object *o)
{
	unsigned q = 63u - (unsigned)__builtin_clzll(o->npages | 1);

	return q < LRU_QUEUES ? q : LRU_QUEUES - 1;
}

static const struct lru_policy lru_policies[] = {
	{
		.name = "lru",
		.doc = "Least recently used first.  A GPU job using the object, a CPU "
		       "access through an mmap, and every state change (the kernel's "
		       "drm_gem_lru_move_tail) move it to the tail of the evictable "
		       "list; the shrinker takes from the head.",
		.requeue_on_update = true,
		.touch = lru_touch_tail,
		.touch_moves_tail = true,
	},
	{
		.name = "fifo",
		.doc = "First in, first out: objects are reclaimed in the order they "
		       "entered the evictable list.  Accesses and state changes while "
		       "on the list do not move them.",
		.requeue_on_update = false,
	},
	{
		.name = "clock",
		.doc = "Second chance (CLOCK): like fifo, but an access sets the "
		       "object's referenced bit.  The scan clears the bit and moves a "
		       "referenced object to the tail instead of reclaiming it; the "
		       "same pass may come back to it once the bit is clear.",
		.requeue_on_update = false,
		.enter = clock_enter,
		.touch = clock_touch,
		.spare = clock_spare,
	},
	{
		.name = "size",
		.doc = "Largest objects first: one queue per power-of-two size class, "
		       "the largest class scanned first, least recently used first "
		       "within a class.  Frees many pages per object visited, at the "
		       "cost of evicting big working sets early.",
		.queue = size_queue,
		.requeue_on_update = true,
		.touch = lru_touch_tail,
		.touch_moves_tail = true,
	},
};

#define NR_POLICIES (sizeof(lru_policies) / sizeof(lru_policies[0]))

int lru_policy_find(const char *name)
{
	for (unsigned i = 0; i < NR_POLICIES; i++)
		if (!strcmp(lru_policies[i].name, name))
			return (int)i;
	return -1;
}

const char *lru_policy_name(unsigned idx)
{
	return idx < NR_POLICIES ? lru_policies[idx].name : NULL;
}

const char *lru_policy_doc(unsigned idx)
{
	return idx < NR_POLICIES ? lru_policies[idx].doc : NULL;
}

unsigned lru_policy_count(void)
{
	return NR_POLICIES;
}

const struct lru_policy *lru_policy_get(unsigned idx)
{
	return &lru_policies[idx < NR_POLICIES ? idx : 0];
}
