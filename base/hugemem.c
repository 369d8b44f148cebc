// SPDX-License-Identifier: MIT
/*
 * base/hugemem.c - big arrays on the host's transparent huge pages (hugemem.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/hugemem.h"

/* whole huge pages for @bytes, asked for before the first touch; NULL on overflow */
static void *huge_pages(size_t bytes)
{
	size_t round = (bytes + HUGEMEM_PAGE - 1) & ~(HUGEMEM_PAGE - 1);
	void *p;

	if (round < bytes)
		return NULL;
	p = aligned_alloc(HUGEMEM_PAGE, round);
#ifdef MADV_HUGEPAGE
	/* a refusal is no error: the array works the same on small pages */
	if (p)
		(void)madvise(p, round, MADV_HUGEPAGE);
#endif
	return p;
}

void *hugemem_alloc(size_t bytes)
{
	void *p;

	if (bytes < HUGEMEM_MIN)
		return calloc(1, bytes ? bytes : 1);
	p = huge_pages(bytes);
	if (p)
		memset(p, 0, bytes);
	return p;
}

void *hugemem_realloc(void *p, size_t old_bytes, size_t new_bytes)
{
	void *q;

	if (new_bytes < HUGEMEM_MIN)
		return realloc(p, new_bytes ? new_bytes : 1);
	q = huge_pages(new_bytes);
	if (!q)
		return NULL;
	if (p)
		memcpy(q, p, old_bytes < new_bytes ? old_bytes : new_bytes);
	free(p);
	return q;
}
