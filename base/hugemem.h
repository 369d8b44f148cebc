/* SPDX-License-Identifier: MIT */
/*
 * base/hugemem.h - big arrays on the host's transparent huge pages.
 *
 * A run over hundreds of thousands of objects reaches its arrays at random
 * (objects, links, mappings, the trace's id table): with 4 KiB pages almost
 * every such access also misses the TLB, and in a virtual machine a TLB
 * miss walks two page tables.  Where the host's transparent_hugepage
 * setting is "madvise" (Debian's default), memory gets 2 MiB pages only
 * when asked for: these allocators ask, for arrays of HUGEMEM_MIN bytes and
 * more, which they place on whole 2 MiB pages (at most one partly used).
 * Smaller arrays come from malloc as before.  Memory from here is freed
 * with free().  Timing and host memory only: nothing simulated depends on
 * it (docs/performance.md, change 23, "Big arrays on huge pages").
 */
#ifndef GEMSIM_BASE_HUGEMEM_H
#define GEMSIM_BASE_HUGEMEM_H

#include <stddef.h>

/* the huge page size of x86-64 and of arm64 with 4 KiB pages */
#define HUGEMEM_PAGE ((size_t)2 << 20)
/* arrays from this size up go on huge pages */
#define HUGEMEM_MIN ((size_t)512 << 10)

/**
 * hugemem_alloc() - @bytes, zeroed; on huge pages from HUGEMEM_MIN up.
 * Returns: the memory, or NULL.
 */
void *hugemem_alloc(size_t bytes);

/**
 * hugemem_realloc() - realloc() for an array from hugemem_alloc() or
 * hugemem_realloc() (or NULL), whose old size the caller knows.
 * @p: the array.  @old_bytes: its size.  @new_bytes: the size wanted.
 *
 * The first min(@old_bytes, @new_bytes) bytes are kept; the rest is not
 * initialised.
 * Returns: the array, or NULL (then @p is untouched).
 */
void *hugemem_realloc(void *p, size_t old_bytes, size_t new_bytes);

#endif
