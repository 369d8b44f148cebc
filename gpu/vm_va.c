// SPDX-License-Identifier: MIT
/*
 * gpu/vm_va.c - the VA allocator of a GPU VM: an augmented AVL tree of
 * reserved ranges (see gpu/vm.h for the representation).
 */
#include <stdlib.h>
#include <string.h>

#include "gpu/vm.h"
#include "sim/sim.h"
#include "base/grow.h"

#define NONE VM_VA_NONE
#define N(va, i) (&(va)->nodes[(i)])

static uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static unsigned height(const struct vm_va *va, uint32_t i)
{
	return i == NONE ? 0 : N(va, i)->height;
}

/* Recompute height and the augmented values of @i from its children. */
static void update(struct vm_va *va, uint32_t i)
{
	struct vm_va_node *n = N(va, i);
	unsigned hl = height(va, n->left), hr = height(va, n->right);

	n->height = (uint8_t)(1 + (hl > hr ? hl : hr));
	n->sub_min = n->start;
	n->sub_max = n->end;
	n->sub_gap = 0;
	if (n->left != NONE) {
		const struct vm_va_node *l = N(va, n->left);

		n->sub_min = l->sub_min;
		n->sub_gap = max64(l->sub_gap, n->start - l->sub_max);
	}
	if (n->right != NONE) {
		const struct vm_va_node *r = N(va, n->right);

		n->sub_max = r->sub_max;
		n->sub_gap = max64(n->sub_gap, max64(r->sub_gap, r->sub_min - n->end));
	}
}

static uint32_t rotate_right(struct vm_va *va, uint32_t i)
{
	uint32_t l = N(va, i)->left;

	N(va, i)->left = N(va, l)->right;
	N(va, l)->right = i;
	update(va, i);
	update(va, l);
	return l;
}

static uint32_t rotate_left(struct vm_va *va, uint32_t i)
{
	uint32_t r = N(va, i)->right;

	N(va, i)->right = N(va, r)->left;
	N(va, r)->left = i;
	update(va, i);
	update(va, r);
	return r;
}

static int balance_of(const struct vm_va *va, uint32_t i)
{
	return (int)height(va, N(va, i)->left) - (int)height(va, N(va, i)->right);
}

/* Update @i and restore the AVL balance at it; returns the subtree's new root. */
static uint32_t rebalance(struct vm_va *va, uint32_t i)
{
	int b;

	update(va, i);
	b = balance_of(va, i);
	if (b > 1) {
		if (balance_of(va, N(va, i)->left) < 0)
			N(va, i)->left = rotate_left(va, N(va, i)->left);
		return rotate_right(va, i);
	}
	if (b < -1) {
		if (balance_of(va, N(va, i)->right) > 0)
			N(va, i)->right = rotate_right(va, N(va, i)->right);
		return rotate_left(va, i);
	}
	return i;
}

static uint32_t insert(struct vm_va *va, uint32_t t, uint32_t n)
{
	if (t == NONE)
		return n;
	if (N(va, n)->start < N(va, t)->start)
		N(va, t)->left = insert(va, N(va, t)->left, n);
	else
		N(va, t)->right = insert(va, N(va, t)->right, n);
	return rebalance(va, t);
}

/* Unlink the leftmost node of subtree @t into *@min; returns the new subtree. */
static uint32_t remove_min(struct vm_va *va, uint32_t t, uint32_t *min)
{
	if (N(va, t)->left == NONE) {
		*min = t;
		return N(va, t)->right;
	}
	N(va, t)->left = remove_min(va, N(va, t)->left, min);
	return rebalance(va, t);
}

/*
 * Unlink node @n (found by its start) from subtree @t.  A node with two
 * children is replaced by its successor *node*, not by a copy of the
 * successor's data, so node indices held by callers stay valid.
 */
static uint32_t remove_node(struct vm_va *va, uint32_t t, uint32_t n)
{
	SIM_ASSERT(t != NONE);
	if (t != n) {
		if (N(va, n)->start < N(va, t)->start)
			N(va, t)->left = remove_node(va, N(va, t)->left, n);
		else
			N(va, t)->right = remove_node(va, N(va, t)->right, n);
		return rebalance(va, t);
	}

	uint32_t l = N(va, t)->left, r = N(va, t)->right, m;

	if (r == NONE)
		return l;
	r = remove_min(va, r, &m);
	N(va, m)->left = l;
	N(va, m)->right = r;
	return rebalance(va, m);
}

void vm_va_init(struct vm_va *va, uint64_t lo, uint64_t hi)
{
	SIM_ASSERT(lo < hi);
	memset(va, 0, sizeof(*va));
	va->lo = lo;
	va->hi = hi;
	va->root = NONE;
	va->free_head = NONE;
}

void vm_va_fini(struct vm_va *va)
{
	free(va->nodes);
	va->nodes = NULL;
	va->cap = va->used = va->count = 0;
	va->root = va->free_head = NONE;
	va->pages = 0;
}

/* A fresh node for [start, end); NONE when the pool cannot grow. */
static uint32_t node_new(struct vm_va *va, uint64_t start, uint64_t end, uint32_t id)
{
	uint32_t i;

	if (va->free_head != NONE) {
		i = va->free_head;
		va->free_head = N(va, i)->left;
	} else {
		/* a capacity past 2^32 - 1 is refused: node NONE stays free */
		if (grow_array(va->nodes, va->cap, (uint64_t)va->used + 1, 16))
			return NONE;
		i = va->used++;
	}
	*N(va, i) = (struct vm_va_node){
		.start = start,
		.end = end,
		.sub_min = start,
		.sub_max = end,
		.left = NONE,
		.right = NONE,
		.id = id,
		.height = 1,
	};
	return i;
}

static void link_node(struct vm_va *va, uint32_t n)
{
	va->root = insert(va, va->root, n);
	va->count++;
	va->pages += N(va, n)->end - N(va, n)->start;
}

uint32_t vm_va_first_overlap(const struct vm_va *va, uint64_t start, uint64_t npages)
{
	uint64_t end = start + npages;
	uint32_t cand = NONE;

	if (!npages)
		return NONE;
	if (end < start)
		end = UINT64_MAX;
	/*
	 * Ranges are disjoint, so their ends are in the same order as their
	 * starts: the lowest range ending after @start is the only candidate.
	 */
	for (uint32_t t = va->root; t != NONE;) {
		if (N(va, t)->end > start) {
			cand = t;
			t = N(va, t)->left;
		} else {
			t = N(va, t)->right;
		}
	}
	return cand != NONE && N(va, cand)->start < end ? cand : NONE;
}

int vm_va_reserve(struct vm_va *va, uint64_t start, uint64_t npages, uint32_t id, uint32_t *node)
{
	uint32_t n;

	if (!npages || start < va->lo || start >= va->hi || npages > va->hi - start)
		return GEMSIM_EINVAL;
	if (vm_va_first_overlap(va, start, npages) != NONE)
		return GEMSIM_EINVAL;
	n = node_new(va, start, start + npages, id);
	if (n == NONE)
		return GEMSIM_ENOMEM;
	link_node(va, n);
	*node = n;
	return 0;
}

/* The lowest @align-aligned start of @npages inside hole [hs, he), if any. */
static bool hole_fits(uint64_t hs, uint64_t he, uint64_t npages, uint64_t align, uint64_t *out)
{
	uint64_t x;

	if (he <= hs || he - hs < npages)
		return false;
	x = (hs + align - 1) & ~(align - 1);
	if (x < hs || x > he || he - x < npages)
		return false;
	*out = x;
	return true;
}

/*
 * First fit in subtree @t, whose ranges follow a reserved range (or lo)
 * ending at @prev_end: the holes examined are the one in front of each range
 * of the subtree, in address order.
 */
static bool search(const struct vm_va *va, uint32_t t, uint64_t prev_end, uint64_t npages,
		   uint64_t align, uint64_t *out)
{
	const struct vm_va_node *n;
	uint64_t p;

	if (t == NONE)
		return false;
	n = N(va, t);
	if (n->sub_min - prev_end < npages && n->sub_gap < npages)
		return false;
	if (search(va, n->left, prev_end, npages, align, out))
		return true;
	p = n->left != NONE ? N(va, n->left)->sub_max : prev_end;
	if (hole_fits(p, n->start, npages, align, out))
		return true;
	return search(va, n->right, n->end, npages, align, out);
}

int vm_va_alloc(struct vm_va *va, uint64_t npages, uint64_t align, uint32_t id, uint64_t *start,
		uint32_t *node)
{
	uint64_t x, tail;
	uint32_t n;

	if (!npages || !align || (align & (align - 1)))
		return GEMSIM_EINVAL;
	tail = va->root == NONE ? va->lo : N(va, va->root)->sub_max;
	if (!search(va, va->root, va->lo, npages, align, &x) &&
	    !hole_fits(tail, va->hi, npages, align, &x))
		return GEMSIM_ENOSPC;
	n = node_new(va, x, x + npages, id);
	if (n == NONE)
		return GEMSIM_ENOMEM;
	link_node(va, n);
	*start = x;
	*node = n;
	return 0;
}

void vm_va_free(struct vm_va *va, uint32_t node)
{
	struct vm_va_node *n;

	SIM_ASSERT(node < va->used && N(va, node)->height);
	va->root = remove_node(va, va->root, node);
	n = N(va, node);
	va->count--;
	va->pages -= n->end - n->start;
	n->height = 0;
	n->left = va->free_head;
	va->free_head = node;
}

uint32_t vm_va_find(const struct vm_va *va, uint64_t page)
{
	if (page == UINT64_MAX)
		return NONE;
	return vm_va_first_overlap(va, page, 1);
}

uint64_t vm_va_start(const struct vm_va *va, uint32_t node)
{
	SIM_ASSERT(node < va->used && N(va, node)->height);
	return N(va, node)->start;
}

uint64_t vm_va_npages(const struct vm_va *va, uint32_t node)
{
	SIM_ASSERT(node < va->used && N(va, node)->height);
	return N(va, node)->end - N(va, node)->start;
}

uint32_t vm_va_id(const struct vm_va *va, uint32_t node)
{
	SIM_ASSERT(node < va->used && N(va, node)->height);
	return N(va, node)->id;
}

/* Check subtree @t against [lo, hi); counts nodes and pages; -1 on a breach. */
static int check_tree(const struct vm_va *va, uint32_t t, uint64_t lo, uint64_t hi, uint32_t *count,
		      uint64_t *pages, unsigned depth)
{
	const struct vm_va_node *n;
	int hl, hr;
	uint64_t mn, mx, gap = 0;

	if (t == NONE)
		return 0;
	if (t >= va->used || depth > 96)
		return -1;
	n = N(va, t);
	if (!n->height || n->start >= n->end || n->start < lo || n->end > hi)
		return -1;
	hl = check_tree(va, n->left, lo, n->start, count, pages, depth + 1);
	hr = check_tree(va, n->right, n->end, hi, count, pages, depth + 1);
	if (hl < 0 || hr < 0 || hl - hr > 1 || hr - hl > 1)
		return -1;
	if (n->height != 1 + (hl > hr ? hl : hr))
		return -1;
	mn = n->left != NONE ? N(va, n->left)->sub_min : n->start;
	mx = n->right != NONE ? N(va, n->right)->sub_max : n->end;
	if (n->left != NONE)
		gap = max64(N(va, n->left)->sub_gap, n->start - N(va, n->left)->sub_max);
	if (n->right != NONE)
		gap = max64(gap,
			    max64(N(va, n->right)->sub_gap, N(va, n->right)->sub_min - n->end));
	if (n->sub_min != mn || n->sub_max != mx || n->sub_gap != gap)
		return -1;
	(*count)++;
	*pages += n->end - n->start;
	return n->height;
}

bool vm_va_check(const struct vm_va *va)
{
	uint32_t count = 0;
	uint64_t pages = 0;

	if (check_tree(va, va->root, va->lo, va->hi, &count, &pages, 0) < 0)
		return false;
	return count == va->count && pages == va->pages;
}
