/* SPDX-License-Identifier: MIT */
/*
 * gpu/vm.h - the GPU VA allocator of one VM: reserved ranges, no overlaps.
 *
 * Models the drm_mm range manager panfrost gives each address space
 * (panfrost_mmu_ctx_create: drm_mm_init over [32 MiB, 4 GiB), here
 * [32 MiB, 2^va_bits)) and the two ways a mapping gets its VA:
 * drm_mm_insert_node_generic() at the lowest hole that fits (first fit,
 * DRM_MM_INSERT_LOW semantics, with the 2 MiB alignment panfrost_gem_open
 * asks for objects of 2 MiB or more) and drm_mm_reserve_node() at a VA the
 * caller chose.
 *
 * Representation: an AVL tree of reserved ranges keyed by start page, its
 * nodes in one array (uint32 indices, a free list through `left`), so the
 * tree never allocates per operation once the array is big enough, and a
 * node index given to the caller stays valid until that node is freed.
 * Every node carries three augmented values about its subtree:
 *
 *               [s,e) sub_min sub_max sub_gap
 *              /                             \
 *      left subtree                     right subtree
 *
 *   sub_min, sub_max   lowest start and highest end in the subtree
 *   sub_gap            the largest hole *between* two ranges of the subtree
 *
 * They are pure functions of the node and its children, so rotations keep
 * them right with two recomputations.  A first-fit search walks in address
 * order and skips every subtree whose holes (sub_gap, and the hole in front
 * of it, sub_min - previous end) are all too small: O(log n) when the first
 * hole big enough also satisfies the alignment.  Lookups by address
 * (which range holds a VA, does a range overlap one) are O(log n).
 *
 * All quantities are in 4 KiB pages (VA >> 12).  Nothing here prints.
 */
#ifndef GEMSIM_GPU_VM_H
#define GEMSIM_GPU_VM_H

#include <stdbool.h>
#include <stdint.h>

#define VM_VA_NONE UINT32_MAX

/** struct vm_va_node - one reserved range (private to gpu/vm_va.c; read with the accessors). */
struct vm_va_node {
	uint64_t start, end;  /* reserved pages [start, end) */
	uint64_t sub_min;     /* lowest start in the subtree */
	uint64_t sub_max;     /* highest end in the subtree */
	uint64_t sub_gap;     /* largest hole between two ranges of the subtree */
	uint32_t left, right; /* children; left is the free-list link of a free node */
	uint32_t id;          /* the owner's id (a mapping) */
	uint8_t height;       /* AVL height, 1 for a leaf; 0 = free node */
};

/** struct vm_va - the allocator of one address space. */
struct vm_va {
	uint64_t lo, hi;          /* allocatable pages [lo, hi) */
	struct vm_va_node *nodes; /* node pool */
	uint32_t cap;             /* nodes allocated */
	uint32_t used;            /* nodes ever handed out (high-water mark) */
	uint32_t free_head;       /* first free node below used, VM_VA_NONE */
	uint32_t root;            /* VM_VA_NONE when empty */
	uint32_t count;           /* live ranges */
	uint64_t pages;           /* pages reserved in total */
};

/**
 * vm_va_init() - an empty allocator over [@lo, @hi)
 * @va: the allocator
 * @lo: first allocatable page
 * @hi: one past the last allocatable page (> @lo)
 */
void vm_va_init(struct vm_va *va, uint64_t lo, uint64_t hi);

/**
 * vm_va_fini() - free the node pool
 * @va: the allocator
 */
void vm_va_fini(struct vm_va *va);

/**
 * vm_va_reserve() - reserve [@start, @start + @npages) (drm_mm_reserve_node)
 * @va: the allocator
 * @start: first page
 * @npages: length, > 0
 * @id: stored with the range
 * @node: out, the node of the range
 *
 * Returns: 0; GEMSIM_EINVAL if the range leaves [lo, hi) or overlaps a
 * reserved one; GEMSIM_ENOMEM when the pool cannot grow.
 */
int vm_va_reserve(struct vm_va *va, uint64_t start, uint64_t npages, uint32_t id, uint32_t *node);

/**
 * vm_va_alloc() - reserve @npages at the lowest aligned VA that fits (first fit)
 * @va: the allocator
 * @npages: length, > 0
 * @align: alignment in pages, a power of two (1 = none)
 * @id: stored with the range
 * @start: out, the first page chosen
 * @node: out, the node of the range
 *
 * Returns: 0; GEMSIM_ENOSPC when no hole fits (drm_mm's answer);
 * GEMSIM_EINVAL for a zero length or a bad alignment; GEMSIM_ENOMEM when the
 * pool cannot grow.
 */
int vm_va_alloc(struct vm_va *va, uint64_t npages, uint64_t align, uint32_t id, uint64_t *start,
		uint32_t *node);

/**
 * vm_va_free() - release a range
 * @va: the allocator
 * @node: a live node from vm_va_reserve()/vm_va_alloc()
 */
void vm_va_free(struct vm_va *va, uint32_t node);

/**
 * vm_va_find() - the range holding @page
 * @va: the allocator
 * @page: any page
 *
 * Returns: its node, or VM_VA_NONE.
 */
uint32_t vm_va_find(const struct vm_va *va, uint64_t page);

/**
 * vm_va_first_overlap() - the lowest range overlapping [@start, @start + @npages)
 * @va: the allocator
 * @start: first page
 * @npages: length
 *
 * Returns: its node, or VM_VA_NONE.
 */
uint32_t vm_va_first_overlap(const struct vm_va *va, uint64_t start, uint64_t npages);

/** vm_va_start() - Returns: the first page of live node @node. */
uint64_t vm_va_start(const struct vm_va *va, uint32_t node);

/** vm_va_npages() - Returns: the length in pages of live node @node. */
uint64_t vm_va_npages(const struct vm_va *va, uint32_t node);

/** vm_va_id() - Returns: the id stored with live node @node. */
uint32_t vm_va_id(const struct vm_va *va, uint32_t node);

/**
 * vm_va_check() - verify the tree: order, no overlap, AVL balance, the
 * augmented values and the counts (tests and debug builds).
 * @va: the allocator
 *
 * Returns: true when everything holds.
 */
bool vm_va_check(const struct vm_va *va);

#endif /* GEMSIM_GPU_VM_H */
