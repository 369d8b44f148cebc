/* SPDX-License-Identifier: MIT */
/*
 * gpu/mmu.h - the fake GPU MMU: page tables, TLB and address-space slots.
 *
 * Models panfrost's GPU MMU (drivers/gpu/drm/panfrost/panfrost_mmu.c) and the
 * ARM LPAE io-pgtable format it drives (drivers/iommu/io-pgtable-arm.c).
 *
 * Page tables (struct mmu, one per GPU VM address space)
 * -------------------------------------------------------
 * Always four levels, 9 VA bits each, 4 KiB pages.  A VA splits as
 *
 *   47      39 38      30 29      21 20      12 11         0
 *  +----------+----------+----------+----------+------------+
 *  | L0 index | L1 index | L2 index | L3 index | page offset|
 *  +----------+----------+----------+----------+------------+
 *
 *   root (L0 dir)        L1 dir           L2 dir                L3 leaf
 *  +-------------+    +-----------+    +--------------+     +------------+
 *  | next[512] --+--> | next[512]-+--> | next[512] ---+---> | pte[512]   |
 *  | nvalid      |    | nvalid    |    | blk[512]     |     | nvalid     |
 *  +-------------+    +-----------+    | nvalid       |     +------------+
 *   512 GiB/entry      1 GiB/entry     +--------------+      4 KiB/entry
 *                                        2 MiB/entry
 *
 * An L2 entry is empty, a pointer to an L3 leaf table, or a 2 MiB block
 * (blk[i] = first frame + 1); never both.  Leaf PTEs are uint32_t holding
 * frame + 1 (0 = invalid), so a leaf table takes ~2 KiB of host memory and a
 * mapped 4 KiB page about 4 bytes.  Every table keeps nvalid, the number of
 * valid entries, so emptiness is O(1); a table that becomes empty is freed at
 * once, so a live table always has nvalid > 0 (except the root, which lives
 * as long as the mmu).  Each live table stands for one 4 KiB page of GPU
 * page-table memory (mmu_table_pages()).
 *
 * With va_bits < 48 the layout stays four levels; VAs at or above
 * 1 << va_bits are simply rejected.
 *
 * TLB (struct tlb, one per device)
 * --------------------------------
 * A fixed array of entries keyed by (asid, 4 KiB page) or (asid, 2 MiB block),
 * found through a chained hash (indices, doubly linked) and ordered by an
 * intrusive LRU list over the same array.  Nothing is allocated after
 * tlb_create().
 *
 * Address-space slots (struct as_mgr, one per device)
 * ---------------------------------------------------
 * A handful of hardware AS slots shared by the VMs, handed out as
 * panfrost_mmu_as_get()/panfrost_mmu_as_put() do: reuse, else a free slot,
 * else steal the least recently used idle slot.
 *
 * Errors are 0 or a negative errno-like code below; nothing here prints.
 */
#ifndef GEMSIM_GPU_MMU_H
#define GEMSIM_GPU_MMU_H

#include <stdbool.h>
#include <stdint.h>

#define MMU_ENOMEM (-12)
#define MMU_EFAULT (-14)
#define MMU_EBUSY (-16)
#define MMU_EINVAL (-22)

#define MMU_PAGE_SHIFT 12
#define MMU_PAGE_SIZE (1ull << MMU_PAGE_SHIFT)
#define MMU_BLOCK_SHIFT 21
#define MMU_BLOCK_SIZE (1ull << MMU_BLOCK_SHIFT)
#define MMU_BLOCK_PAGES 512u
#define MMU_VA_BITS_MIN 32u
#define MMU_VA_BITS_MAX 48u

/* mmu_set_alloc_limit(): no limit on table allocations. */
#define MMU_NO_LIMIT UINT64_MAX

struct mmu;

/**
 * mmu_create() - create an empty address space (just the root table)
 * @va_bits: width of the GPU VA, MMU_VA_BITS_MIN..MMU_VA_BITS_MAX
 *
 * Returns: the new mmu, to be freed with mmu_destroy(); NULL if @va_bits is
 * out of range or the host is out of memory.
 */
struct mmu *mmu_create(unsigned va_bits);

/**
 * mmu_destroy() - free an address space and every table in it
 * @m: the mmu, or NULL
 */
void mmu_destroy(struct mmu *m);

/**
 * mmu_map() - map a run of pages
 * @m: the address space
 * @va: first VA, page aligned
 * @frames: frame of each page, @npages entries (UINT32_MAX is not a frame)
 * @npages: number of 4 KiB pages; 0 is a no-op
 * @allow_blocks: use 2 MiB blocks where VA and frames allow
 *
 * A 2 MiB block is written where the VA is 2 MiB aligned, at least 512 pages
 * of the request remain, the next 512 frames are contiguous and the first is
 * 512-aligned.  Everything is checked before anything changes, and a host
 * allocation failure rolls back, so a failed map leaves @m as it was.
 *
 * Returns: 0; MMU_EINVAL if @va is misaligned, the range leaves the VA space,
 * a frame is invalid or any page of the range is already mapped; MMU_ENOMEM
 * if a table could not be allocated.
 */
int mmu_map(struct mmu *m, uint64_t va, const uint32_t *frames, uint64_t npages, bool allow_blocks);

/**
 * mmu_unmap() - unmap a range
 * @m: the address space
 * @va: first VA, page aligned
 * @npages: number of 4 KiB pages; holes in the range are fine
 *
 * A block only partly inside the range is split: its remaining pages are
 * re-mapped with 4 KiB PTEs in a new leaf table (at most two splits, at the
 * ends).  Tables left empty are freed.  On failure nothing changes.
 *
 * Returns: 0; MMU_EINVAL if @va is misaligned or the range leaves the VA
 * space; MMU_ENOMEM if a leaf table for a split could not be allocated.
 */
int mmu_unmap(struct mmu *m, uint64_t va, uint64_t npages);

/**
 * mmu_walk() - translate one VA through the page tables
 * @m: the address space
 * @va: any VA (need not be aligned)
 * @frame: out, frame of the page holding @va (for a block: base + offset);
 *	   may be NULL
 * @is_block: out, whether the hit was a 2 MiB block; may be NULL
 *
 * Returns: 0, or MMU_EFAULT (translation fault) if @va is not mapped or is
 * outside the VA space.
 */
int mmu_walk(const struct mmu *m, uint64_t va, uint32_t *frame, bool *is_block);

/**
 * mmu_table_pages() - live page-table pages
 * @m: the address space
 *
 * Returns: number of live tables, root included (1 for an empty mmu).
 */
uint64_t mmu_table_pages(const struct mmu *m);

/**
 * mmu_mapped_pages() - translatable 4 KiB pages
 * @m: the address space
 *
 * Returns: pages mapped, a block counting 512.
 */
uint64_t mmu_mapped_pages(const struct mmu *m);

/**
 * mmu_block_count() - 2 MiB blocks currently mapped
 * @m: the address space
 *
 * Returns: number of L2 block entries.
 */
uint64_t mmu_block_count(const struct mmu *m);

/**
 * mmu_va_bits() - width of the VA space
 * @m: the address space
 *
 * Returns: the va_bits given to mmu_create().
 */
unsigned mmu_va_bits(const struct mmu *m);

/**
 * mmu_set_alloc_limit() - cap future table allocations
 * @m: the address space
 * @n: how many more tables may be allocated before allocation fails with
 *     MMU_ENOMEM; MMU_NO_LIMIT (the default) removes the cap
 *
 * Models a page-table memory budget and lets tests reach the ENOMEM paths.
 */
void mmu_set_alloc_limit(struct mmu *m, uint64_t n);

/**
 * typedef mmu_visit_fn - callback of mmu_for_each()/mmu_for_each_range()
 * @ctx: caller's context
 * @va: VA of the mapping (block base VA for a block)
 * @frame: first frame of the mapping
 * @npages: 1 for a PTE, MMU_BLOCK_PAGES for a block
 *
 * Returns: 0 to continue, anything else to stop the walk.
 */
typedef int (*mmu_visit_fn)(void *ctx, uint64_t va, uint32_t frame, uint32_t npages);

/**
 * mmu_for_each() - visit every valid mapping in VA order
 * @m: the address space
 * @fn: callback; must not change @m
 * @ctx: passed to @fn
 *
 * Cost is proportional to the live tables, not to the VA space.
 *
 * Returns: 0 after visiting everything, else the first non-zero value
 * returned by @fn.
 */
int mmu_for_each(const struct mmu *m, mmu_visit_fn fn, void *ctx);

/**
 * mmu_for_each_range() - visit the mappings overlapping a VA range
 * @m: the address space
 * @va: start of the range (rounded down to a page)
 * @npages: length in 4 KiB pages; the range is clipped to the VA space
 * @fn: callback; must not change @m
 * @ctx: passed to @fn
 *
 * A block overlapping the range only in part is reported whole (base VA,
 * base frame, 512 pages).
 *
 * Returns: 0 after visiting everything, else the first non-zero value
 * returned by @fn.
 */
int mmu_for_each_range(const struct mmu *m, uint64_t va, uint64_t npages, mmu_visit_fn fn,
		       void *ctx);

/* ------------------------------------------------------------------------ */

#define TLB_ENTRIES_MAX 65536u

struct tlb;

/* Counters since tlb_create(). */
struct tlb_stats {
	uint64_t hits;            /* lookups that found an entry */
	uint64_t misses;          /* lookups that did not */
	uint64_t flushes;         /* tlb_flush_range/asid calls */
	uint64_t flushed_entries; /* entries those calls dropped */
	uint64_t evictions;       /* entries replaced by an insert when full */
};

/**
 * tlb_create() - create an empty TLB
 * @entries: capacity, 1..TLB_ENTRIES_MAX
 *
 * Returns: the TLB, to be freed with tlb_destroy(); NULL if @entries is out
 * of range or the host is out of memory.
 */
struct tlb *tlb_create(unsigned entries);

/**
 * tlb_destroy() - free a TLB
 * @t: the TLB, or NULL
 */
void tlb_destroy(struct tlb *t);

/**
 * tlb_capacity() - number of entries the TLB holds
 * @t: the TLB
 *
 * Returns: the @entries given to tlb_create().
 */
unsigned tlb_capacity(const struct tlb *t);

/**
 * tlb_used() - number of valid entries
 * @t: the TLB
 *
 * Returns: entries currently held.
 */
unsigned tlb_used(const struct tlb *t);

/**
 * tlb_lookup() - translate through the TLB
 * @t: the TLB
 * @asid: address-space id
 * @va: any VA
 * @frame: out, frame of @va's page; may be NULL
 *
 * A 4 KiB entry for @va's page is preferred, else a block entry covering its
 * 2 MiB.  A hit makes the entry most recently used.  Counts a hit or a miss.
 *
 * Returns: whether an entry was found.
 */
bool tlb_lookup(struct tlb *t, uint32_t asid, uint64_t va, uint32_t *frame);

/**
 * tlb_insert() - cache a translation
 * @t: the TLB
 * @asid: address-space id
 * @va: any VA inside the page (or block)
 * @frame: frame of @va's page; for a block, the block's *base* frame
 * @block: the entry covers @va's whole 2 MiB block
 *
 * An existing entry with the same key is updated; otherwise, when the TLB is
 * full, the least recently used entry is evicted.  The entry becomes most
 * recently used.
 */
void tlb_insert(struct tlb *t, uint32_t asid, uint64_t va, uint32_t frame, bool block);

/**
 * tlb_flush_range() - drop the entries of @asid overlapping a VA range
 * @t: the TLB
 * @asid: address-space id
 * @va: start of the range (rounded down to a page)
 * @npages: length in 4 KiB pages (clipped at the top of the 64-bit space)
 *
 * Probes each page and block of a small range, scans the entries for a range
 * larger than the TLB.  Counts one flush.
 */
void tlb_flush_range(struct tlb *t, uint32_t asid, uint64_t va, uint64_t npages);

/**
 * tlb_flush_asid() - drop every entry of @asid
 * @t: the TLB
 * @asid: address-space id
 *
 * Counts one flush.
 */
void tlb_flush_asid(struct tlb *t, uint32_t asid);

/**
 * tlb_for_each() - visit every entry, least recently used first
 * @t: the TLB
 * @fn: callback (VA of the page or block base, frame as inserted); must not
 *	change @t; non-zero stops
 * @ctx: passed to @fn
 *
 * Returns: 0 after visiting everything, else the first non-zero value
 * returned by @fn.
 */
int tlb_for_each(const struct tlb *t,
		 int (*fn)(void *ctx, uint32_t asid, uint64_t va, uint32_t frame, bool block),
		 void *ctx);

/**
 * tlb_stats() - read the counters
 * @t: the TLB
 *
 * Returns: the counters, valid until @t is destroyed.
 */
const struct tlb_stats *tlb_stats(const struct tlb *t);

/* ------------------------------------------------------------------------ */

#define AS_SLOTS_MAX 64u
#define AS_NO_VM UINT32_MAX

struct as_mgr;

/**
 * as_create() - create the slot manager of a device
 * @slots: number of hardware AS slots, 1..AS_SLOTS_MAX
 *
 * Returns: the manager, to be freed with as_destroy(); NULL if @slots is out
 * of range or the host is out of memory.
 */
struct as_mgr *as_create(unsigned slots);

/**
 * as_destroy() - free a slot manager
 * @a: the manager, or NULL
 */
void as_destroy(struct as_mgr *a);

/**
 * as_get() - make @vm resident in a slot and take an active reference
 * @a: the manager
 * @vm: VM id (anything but AS_NO_VM)
 * @victim: out, the VM that lost its slot, or AS_NO_VM; the caller must
 *	    flush the victim's TLB entries.  May be NULL.
 *
 * As panfrost_mmu_as_get(): a VM holding a slot keeps it; else the lowest
 * free slot; else the least recently used slot with no active reference is
 * stolen.  The slot becomes most recently used.
 *
 * Returns: the slot; MMU_EBUSY if every slot is active; MMU_EINVAL for
 * @vm == AS_NO_VM.
 */
int as_get(struct as_mgr *a, uint32_t vm, uint32_t *victim);

/**
 * as_put() - drop one active reference of @vm; the slot stays assigned
 * @a: the manager
 * @vm: VM id
 *
 * Returns: 0; MMU_EINVAL if @vm has no slot or no active reference (API
 * misuse, nothing changes: the caller reports a warning).
 */
int as_put(struct as_mgr *a, uint32_t vm);

/**
 * as_slot_of() - slot held by @vm
 * @a: the manager
 * @vm: VM id
 *
 * Returns: the slot, or -1.
 */
int as_slot_of(const struct as_mgr *a, uint32_t vm);

/**
 * as_active() - active references of @vm
 * @a: the manager
 * @vm: VM id
 *
 * Returns: the count, 0 if @vm holds no slot.
 */
unsigned as_active(const struct as_mgr *a, uint32_t vm);

/**
 * as_release_vm() - the VM is destroyed: free its slot
 * @a: the manager
 * @vm: VM id; a VM without a slot is fine
 *
 * Returns: 0; MMU_EBUSY if the VM still had active references (the slot is
 * freed anyway: the caller reports a warning).
 */
int as_release_vm(struct as_mgr *a, uint32_t vm);

#endif /* GEMSIM_GPU_MMU_H */
