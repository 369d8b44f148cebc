// SPDX-License-Identifier: MIT
/*
 * gpu/mmu_tlb.c - the fake GPU MMU's TLB and address-space slots (the page
 * tables are in gpu/mmu.c).
 *
 * The TLB caches 4 KiB page and 2 MiB block translations per ASID, evicting
 * the least recently used entry when full.  AS slots are handed out as
 * panfrost_mmu_as_get()/panfrost_mmu_as_put() do in panfrost_mmu.c: reuse,
 * else a free slot, else steal the least recently used idle slot.  The
 * layout is described in gpu/mmu.h.
 */
#include "gpu/mmu.h"

#include <assert.h>
#include <stdlib.h>

/* ---- TLB ---------------------------------------------------------------- */

#define TLB_NIL UINT32_MAX
/* Page numbers of a 64-bit VA space: [0, TLB_PAGE_END). */
#define TLB_PAGE_END (1ull << (64 - MMU_PAGE_SHIFT))
#define BLOCK_PAGE_SHIFT (MMU_BLOCK_SHIFT - MMU_PAGE_SHIFT)

struct tlb_entry {
	uint64_t vpn; /* va >> 12, or va >> 21 for a block */
	uint32_t asid;
	uint32_t frame; /* page frame, or block base frame */
	uint32_t hprev; /* hash chain neighbours */
	uint32_t hnext;
	uint32_t prev; /* LRU neighbours; next also links the free list */
	uint32_t next;
	bool block; /* covers 2 MiB */
	bool valid; /* in the hash and LRU list, else on the free list */
};

struct tlb {
	struct tlb_entry *e; /* cap entries */
	uint32_t *bucket;    /* heads of hash chains, nbuckets of them */
	uint32_t nbuckets;   /* power of two, >= 2 * cap */
	uint32_t cap;        /* capacity */
	uint32_t used;       /* valid entries */
	uint32_t lru_head;   /* least recently used */
	uint32_t lru_tail;   /* most recently used */
	uint32_t free_head;  /* unused entries, linked through next */
	struct tlb_stats st;
};

static uint32_t tlb_hash(const struct tlb *t, uint32_t asid, uint64_t vpn, bool block)
{
	uint64_t x = (vpn << 1 | block) ^ ((uint64_t)asid * 0x9e3779b97f4a7c15ull);

	/* splitmix64 finaliser */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return (uint32_t)x & (t->nbuckets - 1);
}

static uint32_t tlb_find(const struct tlb *t, uint32_t asid, uint64_t vpn, bool block)
{
	uint32_t i;

	for (i = t->bucket[tlb_hash(t, asid, vpn, block)]; i != TLB_NIL; i = t->e[i].hnext) {
		const struct tlb_entry *e = &t->e[i];

		if (e->vpn == vpn && e->asid == asid && e->block == block)
			return i;
	}
	return TLB_NIL;
}

static void lru_unlink(struct tlb *t, uint32_t i)
{
	struct tlb_entry *e = &t->e[i];

	if (e->prev != TLB_NIL)
		t->e[e->prev].next = e->next;
	else
		t->lru_head = e->next;
	if (e->next != TLB_NIL)
		t->e[e->next].prev = e->prev;
	else
		t->lru_tail = e->prev;
}

static void lru_push_tail(struct tlb *t, uint32_t i)
{
	struct tlb_entry *e = &t->e[i];

	e->prev = t->lru_tail;
	e->next = TLB_NIL;
	if (t->lru_tail != TLB_NIL)
		t->e[t->lru_tail].next = i;
	else
		t->lru_head = i;
	t->lru_tail = i;
}

static void tlb_touch(struct tlb *t, uint32_t i)
{
	if (t->lru_tail == i)
		return;
	lru_unlink(t, i);
	lru_push_tail(t, i);
}

static void tlb_remove(struct tlb *t, uint32_t i)
{
	struct tlb_entry *e = &t->e[i];

	assert(e->valid && t->used > 0);
	if (e->hprev != TLB_NIL)
		t->e[e->hprev].hnext = e->hnext;
	else
		t->bucket[tlb_hash(t, e->asid, e->vpn, e->block)] = e->hnext;
	if (e->hnext != TLB_NIL)
		t->e[e->hnext].hprev = e->hprev;
	lru_unlink(t, i);
	e->valid = false;
	e->next = t->free_head;
	t->free_head = i;
	t->used--;
}

struct tlb *tlb_create(unsigned entries)
{
	struct tlb *t;
	uint32_t i;

	if (entries < 1 || entries > TLB_ENTRIES_MAX)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->cap = entries;
	t->nbuckets = 2;
	while (t->nbuckets < 2 * t->cap)
		t->nbuckets *= 2;
	t->e = calloc(t->cap, sizeof(*t->e));
	t->bucket = malloc(t->nbuckets * sizeof(*t->bucket));
	if (!t->e || !t->bucket) {
		tlb_destroy(t);
		return NULL;
	}
	for (i = 0; i < t->nbuckets; i++)
		t->bucket[i] = TLB_NIL;
	for (i = 0; i < t->cap; i++)
		t->e[i].next = i + 1 < t->cap ? i + 1 : TLB_NIL;
	t->free_head = 0;
	t->lru_head = TLB_NIL;
	t->lru_tail = TLB_NIL;
	return t;
}

void tlb_destroy(struct tlb *t)
{
	if (!t)
		return;
	free(t->e);
	free(t->bucket);
	free(t);
}

unsigned tlb_capacity(const struct tlb *t)
{
	return t->cap;
}

unsigned tlb_used(const struct tlb *t)
{
	return t->used;
}

bool tlb_lookup(struct tlb *t, uint32_t asid, uint64_t va, uint32_t *frame)
{
	uint32_t i = tlb_find(t, asid, va >> MMU_PAGE_SHIFT, false);
	uint32_t f;

	if (i == TLB_NIL)
		i = tlb_find(t, asid, va >> MMU_BLOCK_SHIFT, true);
	if (i == TLB_NIL) {
		t->st.misses++;
		return false;
	}
	f = t->e[i].frame;
	if (t->e[i].block)
		f += (uint32_t)(va >> MMU_PAGE_SHIFT) & (MMU_BLOCK_PAGES - 1);
	if (frame)
		*frame = f;
	tlb_touch(t, i);
	t->st.hits++;
	return true;
}

void tlb_insert(struct tlb *t, uint32_t asid, uint64_t va, uint32_t frame, bool block)
{
	uint64_t vpn = va >> (block ? MMU_BLOCK_SHIFT : MMU_PAGE_SHIFT);
	uint32_t i = tlb_find(t, asid, vpn, block);
	uint32_t h;
	struct tlb_entry *e;

	if (i != TLB_NIL) {
		t->e[i].frame = frame;
		tlb_touch(t, i);
		return;
	}
	if (t->free_head == TLB_NIL) {
		tlb_remove(t, t->lru_head);
		t->st.evictions++;
	}
	i = t->free_head;
	e = &t->e[i];
	t->free_head = e->next;

	e->vpn = vpn;
	e->asid = asid;
	e->frame = frame;
	e->block = block;
	e->valid = true;
	h = tlb_hash(t, asid, vpn, block);
	e->hprev = TLB_NIL;
	e->hnext = t->bucket[h];
	if (e->hnext != TLB_NIL)
		t->e[e->hnext].hprev = i;
	t->bucket[h] = i;
	lru_push_tail(t, i);
	t->used++;
}

/* Remove the entry with this key, if any; returns 1 if one was removed. */
static uint64_t tlb_drop_key(struct tlb *t, uint32_t asid, uint64_t vpn, bool block)
{
	uint32_t i = tlb_find(t, asid, vpn, block);

	if (i == TLB_NIL)
		return 0;
	tlb_remove(t, i);
	return 1;
}

void tlb_flush_range(struct tlb *t, uint32_t asid, uint64_t va, uint64_t npages)
{
	uint64_t first = va >> MMU_PAGE_SHIFT;
	uint64_t end = npages > TLB_PAGE_END - first ? TLB_PAGE_END : first + npages;
	uint64_t bfirst = first >> BLOCK_PAGE_SHIFT;
	uint64_t bend = (end + MMU_BLOCK_PAGES - 1) >> BLOCK_PAGE_SHIFT;
	uint64_t dropped = 0, p;
	uint32_t i, next;

	t->st.flushes++;
	if (first == end)
		return;
	if ((end - first) + (bend - bfirst) <= t->used) {
		for (p = first; p < end; p++)
			dropped += tlb_drop_key(t, asid, p, false);
		for (p = bfirst; p < bend; p++)
			dropped += tlb_drop_key(t, asid, p, true);
	} else {
		for (i = t->lru_head; i != TLB_NIL; i = next) {
			const struct tlb_entry *e = &t->e[i];
			bool hit;

			next = e->next;
			if (e->asid != asid)
				continue;
			if (e->block)
				hit = e->vpn >= bfirst && e->vpn < bend;
			else
				hit = e->vpn >= first && e->vpn < end;
			if (hit) {
				tlb_remove(t, i);
				dropped++;
			}
		}
	}
	t->st.flushed_entries += dropped;
}

void tlb_flush_asid(struct tlb *t, uint32_t asid)
{
	uint32_t i, next;

	t->st.flushes++;
	for (i = t->lru_head; i != TLB_NIL; i = next) {
		next = t->e[i].next;
		if (t->e[i].asid == asid) {
			tlb_remove(t, i);
			t->st.flushed_entries++;
		}
	}
}

int tlb_for_each(const struct tlb *t,
		 int (*fn)(void *ctx, uint32_t asid, uint64_t va, uint32_t frame, bool block),
		 void *ctx)
{
	uint32_t i;
	int ret;

	for (i = t->lru_head; i != TLB_NIL; i = t->e[i].next) {
		const struct tlb_entry *e = &t->e[i];
		unsigned shift = e->block ? MMU_BLOCK_SHIFT : MMU_PAGE_SHIFT;

		ret = fn(ctx, e->asid, e->vpn << shift, e->frame, e->block);
		if (ret)
			return ret;
	}
	return 0;
}

const struct tlb_stats *tlb_stats(const struct tlb *t)
{
	return &t->st;
}

/* ---- address-space slots ------------------------------------------------ */

struct as_slot {
	uint32_t vm;       /* owner, or AS_NO_VM when free */
	uint32_t active;   /* as_get() references not yet put */
	uint64_t last_get; /* as_mgr.clock at the last as_get(); orders the LRU */
};

#define AS_HINTS 64u

struct as_mgr {
	unsigned nslots; /* hardware slots */
	uint64_t clock;  /* bumped by every as_get() */
	struct as_slot slot[AS_SLOTS_MAX];
	uint8_t hint[AS_HINTS]; /* by vm % AS_HINTS: the slot as_get() gave it last */
};

/* The slot @vm holds (at most one), or -1: its hint first, then a search. */
static int as_find(const struct as_mgr *a, uint32_t vm)
{
	unsigned s = a->hint[vm % AS_HINTS];

	if (vm == AS_NO_VM)
		return -1;
	if (s < a->nslots && a->slot[s].vm == vm)
		return (int)s;
	for (s = 0; s < a->nslots; s++)
		if (a->slot[s].vm == vm)
			return (int)s;
	return -1;
}

struct as_mgr *as_create(unsigned slots)
{
	struct as_mgr *a;
	unsigned s;

	if (slots < 1 || slots > AS_SLOTS_MAX)
		return NULL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->nslots = slots;
	for (s = 0; s < AS_SLOTS_MAX; s++)
		a->slot[s].vm = AS_NO_VM;
	return a;
}

void as_destroy(struct as_mgr *a)
{
	free(a);
}

int as_get(struct as_mgr *a, uint32_t vm, uint32_t *victim)
{
	uint32_t lost = AS_NO_VM;
	int s = as_find(a, vm);
	unsigned k;

	if (victim)
		*victim = AS_NO_VM;
	if (vm == AS_NO_VM)
		return MMU_EINVAL;
	if (s < 0) {
		for (k = 0; k < a->nslots && s < 0; k++)
			if (a->slot[k].vm == AS_NO_VM)
				s = (int)k;
	}
	if (s < 0) {
		for (k = 0; k < a->nslots; k++) {
			if (a->slot[k].active)
				continue;
			if (s < 0 || a->slot[k].last_get < a->slot[s].last_get)
				s = (int)k;
		}
		if (s < 0)
			return MMU_EBUSY;
		lost = a->slot[s].vm;
		a->slot[s].vm = AS_NO_VM;
	}
	if (a->slot[s].vm != vm) {
		assert(a->slot[s].vm == AS_NO_VM);
		a->slot[s].vm = vm;
		a->slot[s].active = 0;
	}
	a->slot[s].active++;
	a->slot[s].last_get = ++a->clock;
	a->hint[vm % AS_HINTS] = (uint8_t)s;
	if (victim)
		*victim = lost;
	return s;
}

int as_put(struct as_mgr *a, uint32_t vm)
{
	int s = as_find(a, vm);

	if (s < 0 || !a->slot[s].active)
		return MMU_EINVAL;
	a->slot[s].active--;
	return 0;
}

int as_slot_of(const struct as_mgr *a, uint32_t vm)
{
	return as_find(a, vm);
}

unsigned as_active(const struct as_mgr *a, uint32_t vm)
{
	int s = as_find(a, vm);

	return s < 0 ? 0 : a->slot[s].active;
}

int as_release_vm(struct as_mgr *a, uint32_t vm)
{
	int s = as_find(a, vm);
	bool busy;

	if (s < 0)
		return 0;
	busy = a->slot[s].active != 0;
	a->slot[s].vm = AS_NO_VM;
	a->slot[s].active = 0;
	a->slot[s].last_get = 0;
	return busy ? MMU_EBUSY : 0;
}
