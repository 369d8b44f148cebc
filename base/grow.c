// SPDX-License-Identifier: MIT
/*
 * base/grow.c - arrays that grow by doubling (grow.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/hugemem.h"

int grow_to(void *arrp, size_t elem, uint32_t *cap, uint64_t need, uint32_t first, unsigned flags)
{
	uint64_t n = *cap ? *cap : (first ? first : 1);
	void *old, *p;

	if (need <= *cap)
		return 0;
	while (n < need && n <= UINT32_MAX)
		n *= 2;
	if (n < need || n > UINT32_MAX || n > SIZE_MAX / elem)
		return -1;
	/* the caller's pointer may be any object pointer: read and write it as bytes */
	memcpy(&old, arrp, sizeof(old));
	p = hugemem_realloc(old, (size_t)*cap * elem, (size_t)n * elem);
	if (!p)
		return -1;
	if (flags & GROW_ZERO)
		memset((char *)p + (size_t)*cap * elem, 0, (size_t)(n - *cap) * elem);
	memcpy(arrp, &p, sizeof(p));
	*cap = (uint32_t)n;
	return 0;
}
