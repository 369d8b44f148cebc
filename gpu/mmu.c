// SPDX-License-Identifier: MIT
/*
 * gpu/mmu.c - the fake GPU MMU's LPAE-like page tables: walk, map, unmap,
 * iteration (the TLB and AS slots are in gpu/mmu_tlb.c).
 *
 * Behaviour follows panfrost_mmu.c (map with the largest page size that fits,
 * unmap then flush) and io-pgtable-arm.c (four 9-bit levels, 2 MiB blocks at
 * level 2, splitting a block on a partial unmap, freeing tables as they
 * empty).  The layout is described in gpu/mmu.h.
 *
 * Page-table walks are written once, recursively over the three directory
 * levels, each step clipped to [va, end) of the entry it visits, so the cost
 * of any range operation is proportional to the live tables it touches and
 * never to the size of the holes it crosses.
 */
#include "gpu/mmu.h"

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define PT_BITS 9u
#define PT_ENTRIES (1u << PT_BITS)
#define PT_LEAF_LEVEL 3u
#define PT_BLOCK_LEVEL 2u
#define PAGE_MASK (MMU_PAGE_SIZE - 1)
#define BLOCK_MASK (MMU_BLOCK_SIZE - 1)

static_assert(PT_ENTRIES == MMU_BLOCK_PAGES, "a block is one L2 entry of pages");

/* L3 table: one PTE per 4 KiB page. */
struct mmu_leaf {
	uint32_t pte[PT_ENTRIES]; /* frame + 1; 0 = invalid */
	uint32_t nvalid;          /* non-zero PTEs */
};

/* Child of a directory entry: a directory at L0/L1, a leaf at L2. */
union mmu_next {
	struct mmu_dir *dir;
	struct mmu_leaf *leaf;
};

/* L0, L1 or L2 table. */
struct mmu_dir {
	union mmu_next next[PT_ENTRIES]; /* child table or NULL */
	uint32_t blk[PT_ENTRIES];        /* L2 only: block base frame + 1; 0 = none */
	uint32_t nvalid;                 /* entries with a child or a block */
};

struct mmu {
	struct mmu_dir *root;  /* L0 table, lives as long as the mmu */
	unsigned va_bits;      /* VAs must be below 1 << va_bits */
	uint64_t table_pages;  /* live tables, root included */
	uint64_t mapped_pages; /* translatable 4 KiB pages */
	uint64_t blocks;       /* L2 block entries */
	uint64_t alloc_left;   /* tables that may still be allocated */
};

/* What mmu_map() writes: frames[i] backs va0 + i pages. */
struct map_req {
	const uint32_t *frames;
	uint64_t va0;
	bool allow_blocks;
};

/* Leaf tables preallocated by mmu_unmap() for the blocks it must split. */
struct unmap_req {
	struct mmu_leaf *spare[2];
	unsigned nspare;
};

static unsigned level_shift(unsigned lvl)
{
	return MMU_PAGE_SHIFT + PT_BITS * (PT_LEAF_LEVEL - lvl);
}

static unsigned pt_index(uint64_t va, unsigned lvl)
{
	return (unsigned)(va >> level_shift(lvl)) & (PT_ENTRIES - 1);
}

/* End of the level-@lvl entry holding @va, clipped to @end. */
static uint64_t entry_end(uint64_t va, unsigned lvl, uint64_t end)
{
	uint64_t next = (va | ((1ull << level_shift(lvl)) - 1)) + 1;

	return next < end ? next : end;
}

static uint64_t va_limit(const struct mmu *m)
{
	return 1ull << m->va_bits;
}

static void *table_alloc(struct mmu *m, size_t size)
{
	void *p;

	if (m->alloc_left == 0)
		return NULL;
	p = calloc(1, size);
	if (!p)
		return NULL;
	if (m->alloc_left != MMU_NO_LIMIT)
		m->alloc_left--;
	m->table_pages++;
	return p;
}

static void table_free(struct mmu *m, void *p)
{
	assert(m->table_pages > 1);
	free(p);
	m->table_pages--;
}

static void dir_free(struct mmu *m, struct mmu_dir *d, unsigned lvl)
{
	unsigned i;

	for (i = 0; i < PT_ENTRIES; i++) {
		if (!d->next[i].dir)
			continue;
		if (lvl == PT_BLOCK_LEVEL)
			table_free(m, d->next[i].leaf);
		else
			dir_free(m, d->next[i].dir, lvl + 1);
	}
	if (d != m->root)
		table_free(m, d);
}

/*
 * Check the range [va, va + npages pages) is page aligned and inside the VA
 * space; on success store its end in *end.
 */
static int check_range(const struct mmu *m, uint64_t va, uint64_t npages, uint64_t *end)
{
	uint64_t limit = va_limit(m);

	if (va & PAGE_MASK)
		return MMU_EINVAL;
	if (va > limit || npages > (limit - va) >> MMU_PAGE_SHIFT)
		return MMU_EINVAL;
	*end = va + (npages << MMU_PAGE_SHIFT);
	return 0;
}

struct mmu *mmu_create(unsigned va_bits)
{
	struct mmu *m;

	if (va_bits < MMU_VA_BITS_MIN || va_bits > MMU_VA_BITS_MAX)
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->root = calloc(1, sizeof(*m->root));
	if (!m->root) {
		free(m);
		return NULL;
	}
	m->va_bits = va_bits;
	m->table_pages = 1;
	m->alloc_left = MMU_NO_LIMIT;
	return m;
}

void mmu_destroy(struct mmu *m)
{
	if (!m)
		return;
	dir_free(m, m->root, 0);
	assert(m->table_pages == 1);
	free(m->root);
	free(m);
}

/* ---- queries ------------------------------------------------------------ */

static bool leaf_any(const struct mmu_leaf *l, uint64_t va, uint64_t end)
{
	unsigned i = pt_index(va, PT_LEAF_LEVEL);
	unsigned n = (unsigned)((end - va) >> MMU_PAGE_SHIFT);
	unsigned k;

	if (n == PT_ENTRIES)
		return l->nvalid != 0;
	for (k = 0; k < n; k++)
		if (l->pte[i + k])
			return true;
	return false;
}

/* Whether any page of [va, end) is mapped below directory @d of level @lvl. */
static bool dir_any(const struct mmu_dir *d, unsigned lvl, uint64_t va, uint64_t end)
{
	while (va < end) {
		unsigned i = pt_index(va, lvl);
		uint64_t next = entry_end(va, lvl, end);
		bool whole = next - va == 1ull << level_shift(lvl);

		if (lvl == PT_BLOCK_LEVEL) {
			const struct mmu_leaf *l = d->next[i].leaf;

			if (d->blk[i])
				return true;
			if (l && leaf_any(l, va, next))
				return true;
		} else {
			const struct mmu_dir *c = d->next[i].dir;

			/* A live non-root table is never empty. */
			if (c && (whole || dir_any(c, lvl + 1, va, next)))
				return true;
		}
		va = next;
	}
	return false;
}

int mmu_walk(const struct mmu *m, uint64_t va, uint32_t *frame, bool *is_block)
{
	const struct mmu_dir *d = m->root;
	const struct mmu_leaf *l;
	unsigned lvl, i;
	uint32_t f;

	if (va >= va_limit(m))
		return MMU_EFAULT;
	for (lvl = 0; lvl < PT_BLOCK_LEVEL; lvl++) {
		d = d->next[pt_index(va, lvl)].dir;
		if (!d)
			return MMU_EFAULT;
	}
	i = pt_index(va, PT_BLOCK_LEVEL);
	if (d->blk[i]) {
		f = d->blk[i] - 1 + pt_index(va, PT_LEAF_LEVEL);
		if (is_block)
			*is_block = true;
	} else {
		l = d->next[i].leaf;
		if (!l || !l->pte[pt_index(va, PT_LEAF_LEVEL)])
			return MMU_EFAULT;
		f = l->pte[pt_index(va, PT_LEAF_LEVEL)] - 1;
		if (is_block)
			*is_block = false;
	}
	if (frame)
		*frame = f;
	return 0;
}

uint64_t mmu_table_pages(const struct mmu *m)
{
	return m->table_pages;
}

uint64_t mmu_mapped_pages(const struct mmu *m)
{
	return m->mapped_pages;
}

uint64_t mmu_block_count(const struct mmu *m)
{
	return m->blocks;
}

unsigned mmu_va_bits(const struct mmu *m)
{
	return m->va_bits;
}

void mmu_set_alloc_limit(struct mmu *m, uint64_t n)
{
	m->alloc_left = n;
}

/* ---- map ---------------------------------------------------------------- */

static const uint32_t *req_frames(const struct map_req *r, uint64_t va)
{
	return r->frames + ((va - r->va0) >> MMU_PAGE_SHIFT);
}

/*
 * Whether the L2 entry [va, next) can be one block: the entry is covered
 * whole (so the VA is aligned and 512 pages remain) and its frames are
 * contiguous from a 512-aligned base.
 */
static bool block_fits(const struct map_req *r, uint64_t va, uint64_t next)
{
	const uint32_t *f;
	uint32_t k;

	if (!r->allow_blocks || next - va != MMU_BLOCK_SIZE)
		return false;
	f = req_frames(r, va);
	if (f[0] % MMU_BLOCK_PAGES)
		return false;
	for (k = 1; k < MMU_BLOCK_PAGES; k++)
		if (f[k] != f[0] + k)
			return false;
	return true;
}

static void map_leaf(struct mmu *m, struct mmu_leaf *l, uint64_t va, uint64_t end,
		     const struct map_req *r)
{
	unsigned i = pt_index(va, PT_LEAF_LEVEL);
	unsigned n = (unsigned)((end - va) >> MMU_PAGE_SHIFT);
	const uint32_t *f = req_frames(r, va);
	unsigned k;

	for (k = 0; k < n; k++) {
		assert(!l->pte[i + k]);
		l->pte[i + k] = f[k] + 1;
	}
	l->nvalid += n;
	assert(l->nvalid <= PT_ENTRIES);
	m->mapped_pages += n;
}

/*
 * Map [va, end) below directory @d of level @lvl.  On MMU_ENOMEM the part
 * already written stays (and possibly an empty child table): the caller
 * unmaps the whole request, which removes both.
 */
static int map_dir(struct mmu *m, struct mmu_dir *d, unsigned lvl, uint64_t va, uint64_t end,
		   const struct map_req *r)
{
	int ret;

	while (va < end) {
		unsigned i = pt_index(va, lvl);
		uint64_t next = entry_end(va, lvl, end);

		if (lvl == PT_BLOCK_LEVEL) {
			struct mmu_leaf *l = d->next[i].leaf;

			assert(!d->blk[i]);
			if (block_fits(r, va, next)) {
				/* The range was empty, so no table can be here. */
				assert(!l);
				d->blk[i] = req_frames(r, va)[0] + 1;
				d->nvalid++;
				m->blocks++;
				m->mapped_pages += MMU_BLOCK_PAGES;
			} else {
				if (!l) {
					l = table_alloc(m, sizeof(*l));
					if (!l)
						return MMU_ENOMEM;
					d->next[i].leaf = l;
					d->nvalid++;
				}
				map_leaf(m, l, va, next, r);
			}
		} else {
			struct mmu_dir *c = d->next[i].dir;

			if (!c) {
				c = table_alloc(m, sizeof(*c));
				if (!c)
					return MMU_ENOMEM;
				d->next[i].dir = c;
				d->nvalid++;
			}
			ret = map_dir(m, c, lvl + 1, va, next, r);
			if (ret)
				return ret;
		}
		va = next;
	}
	return 0;
}

/* ---- unmap -------------------------------------------------------------- */

static void unmap_leaf(struct mmu *m, struct mmu_leaf *l, uint64_t va, uint64_t end)
{
	unsigned i = pt_index(va, PT_LEAF_LEVEL);
	unsigned n = (unsigned)((end - va) >> MMU_PAGE_SHIFT);
	unsigned k, cleared = 0;

	if (n == PT_ENTRIES) {
		cleared = l->nvalid;
		memset(l->pte, 0, sizeof(l->pte));
	} else {
		for (k = 0; k < n; k++) {
			if (l->pte[i + k]) {
				l->pte[i + k] = 0;
				cleared++;
			}
		}
	}
	assert(cleared <= l->nvalid);
	l->nvalid -= cleared;
	m->mapped_pages -= cleared;
}

/* Turn block entry @i of L2 table @d into leaf @l with the same 512 PTEs. */
static void split_block(struct mmu *m, struct mmu_dir *d, unsigned i, struct mmu_leaf *l)
{
	uint32_t base = d->blk[i];
	uint32_t k;

	assert(base && !d->next[i].leaf);
	for (k = 0; k < PT_ENTRIES; k++)
		l->pte[k] = base + k;
	l->nvalid = PT_ENTRIES;
	d->blk[i] = 0;
	d->next[i].leaf = l;
	m->blocks--;
}

/* Unmap [va, end) below directory @d of level @lvl, freeing emptied children. */
static void unmap_dir(struct mmu *m, struct mmu_dir *d, unsigned lvl, uint64_t va, uint64_t end,
		      struct unmap_req *r)
{
	while (va < end) {
		unsigned i = pt_index(va, lvl);
		uint64_t next = entry_end(va, lvl, end);

		if (lvl == PT_BLOCK_LEVEL) {
			struct mmu_leaf *l;

			if (d->blk[i] && next - va == MMU_BLOCK_SIZE) {
				d->blk[i] = 0;
				d->nvalid--;
				m->blocks--;
				m->mapped_pages -= MMU_BLOCK_PAGES;
				va = next;
				continue;
			}
			if (d->blk[i]) {
				assert(r && r->nspare > 0);
				split_block(m, d, i, r->spare[--r->nspare]);
			}
			l = d->next[i].leaf;
			if (l) {
				unmap_leaf(m, l, va, next);
				if (!l->nvalid) {
					table_free(m, l);
					d->next[i].leaf = NULL;
					d->nvalid--;
				}
			}
		} else {
			struct mmu_dir *c = d->next[i].dir;

			if (c) {
				unmap_dir(m, c, lvl + 1, va, next, r);
				if (!c->nvalid) {
					table_free(m, c);
					d->next[i].dir = NULL;
					d->nvalid--;
				}
			}
		}
		va = next;
	}
}

/*
 * The leaf table of [va, end) when the range lies inside one L2 entry
 * without covering it and that entry is a table (not a block): mapping or
 * unmapping a small object touches only that leaf, found without the
 * recursive walk (what the walk would do there is spelt out at each use).
 * NULL otherwise.
 */
static struct mmu_leaf *small_range_leaf(const struct mmu *m, uint64_t va, uint64_t end)
{
	const struct mmu_dir *d = m->root;
	unsigned lvl;

	if (end - va >= MMU_BLOCK_SIZE || va >> MMU_BLOCK_SHIFT != (end - 1) >> MMU_BLOCK_SHIFT)
		return NULL;
	for (lvl = 0; lvl < PT_BLOCK_LEVEL; lvl++) {
		d = d->next[pt_index(va, lvl)].dir;
		if (!d)
			return NULL;
	}
	/* a block entry has no leaf */
	return d->next[pt_index(va, PT_BLOCK_LEVEL)].leaf;
}

static bool block_at(const struct mmu *m, uint64_t va)
{
	bool is_block;

	return mmu_walk(m, va, NULL, &is_block) == 0 && is_block;
}

int mmu_map(struct mmu *m, uint64_t va, const uint32_t *frames, uint64_t npages, bool allow_blocks)
{
	struct map_req r = { .frames = frames, .va0 = va, .allow_blocks = allow_blocks };
	struct mmu_leaf *l;
	uint64_t end, k;
	int ret;

	ret = check_range(m, va, npages, &end);
	if (ret)
		return ret;
	if (!npages)
		return 0;
	if (!frames)
		return MMU_EINVAL;
	for (k = 0; k < npages; k++)
		if (frames[k] == UINT32_MAX)
			return MMU_EINVAL;
	l = small_range_leaf(m, va, end);
	if (l) {
		/* dir_any() is leaf_any() there; map_dir() allocates nothing,
		 * cannot place a block and writes the PTEs with map_leaf() */
		if (leaf_any(l, va, end))
			return MMU_EINVAL;
		map_leaf(m, l, va, end, &r);
		return 0;
	}
	if (dir_any(m->root, 0, va, end))
		return MMU_EINVAL;

	ret = map_dir(m, m->root, 0, va, end, &r);
	if (ret) {
		/*
		 * The range was empty, blocks only cover whole entries inside
		 * it and empty tables are pruned: unmapping it all restores
		 * the old state without needing a split.
		 */
		unmap_dir(m, m->root, 0, va, end, NULL);
	}
	return ret;
}

int mmu_unmap(struct mmu *m, uint64_t va, uint64_t npages)
{
	struct unmap_req r = { .nspare = 0 };
	struct mmu_leaf *l;
	unsigned splits = 0, k;
	uint64_t end;
	int ret;

	ret = check_range(m, va, npages, &end);
	if (ret || !npages)
		return ret;
	l = small_range_leaf(m, va, end);
	if (l) {
		/* no block to split there: the walk would clear these PTEs with
		 * unmap_leaf() and free nothing unless the leaf empties */
		unmap_leaf(m, l, va, end);
		if (l->nvalid)
			return 0;
		/* emptied: the walk below clears nothing more, frees the leaf
		 * and whatever tables that empties */
	}

	/* Blocks cut by either end of the range need a leaf each. */
	if ((va & BLOCK_MASK) && block_at(m, va))
		splits++;
	if ((end & BLOCK_MASK) && block_at(m, end - 1) &&
	    !(splits && (va >> MMU_BLOCK_SHIFT) == ((end - 1) >> MMU_BLOCK_SHIFT)))
		splits++;
	for (k = 0; k < splits; k++) {
		r.spare[k] = table_alloc(m, sizeof(struct mmu_leaf));
		if (!r.spare[k]) {
			while (k--)
				table_free(m, r.spare[k]);
			return MMU_ENOMEM;
		}
	}
	r.nspare = splits;

	unmap_dir(m, m->root, 0, va, end, &r);
	assert(r.nspare == 0);
	return 0;
}

/* ---- iteration ---------------------------------------------------------- */

static int leaf_visit(const struct mmu_leaf *l, uint64_t va, uint64_t end, mmu_visit_fn fn,
		      void *ctx)
{
	unsigned i = pt_index(va, PT_LEAF_LEVEL);
	unsigned n = (unsigned)((end - va) >> MMU_PAGE_SHIFT);
	unsigned k;
	int ret;

	for (k = 0; k < n; k++) {
		if (!l->pte[i + k])
			continue;
		ret = fn(ctx, va + ((uint64_t)k << MMU_PAGE_SHIFT), l->pte[i + k] - 1, 1);
		if (ret)
			return ret;
	}
	return 0;
}

static int dir_visit(const struct mmu_dir *d, unsigned lvl, uint64_t va, uint64_t end,
		     mmu_visit_fn fn, void *ctx)
{
	int ret;

	while (va < end) {
		unsigned i = pt_index(va, lvl);
		uint64_t next = entry_end(va, lvl, end);

		ret = 0;
		if (lvl == PT_BLOCK_LEVEL) {
			if (d->blk[i])
				ret = fn(ctx, va & ~BLOCK_MASK, d->blk[i] - 1, MMU_BLOCK_PAGES);
			else if (d->next[i].leaf)
				ret = leaf_visit(d->next[i].leaf, va, next, fn, ctx);
		} else if (d->next[i].dir) {
			ret = dir_visit(d->next[i].dir, lvl + 1, va, next, fn, ctx);
		}
		if (ret)
			return ret;
		va = next;
	}
	return 0;
}

int mmu_for_each(const struct mmu *m, mmu_visit_fn fn, void *ctx)
{
	return dir_visit(m->root, 0, 0, va_limit(m), fn, ctx);
}

int mmu_for_each_range(const struct mmu *m, uint64_t va, uint64_t npages, mmu_visit_fn fn,
		       void *ctx)
{
	uint64_t limit = va_limit(m);
	uint64_t end;

	va &= ~PAGE_MASK;
	if (va >= limit)
		return 0;
	if (npages > (limit - va) >> MMU_PAGE_SHIFT)
		end = limit;
	else
		end = va + (npages << MMU_PAGE_SHIFT);
	return dir_visit(m->root, 0, va, end, fn, ctx);
}
