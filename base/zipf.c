// SPDX-License-Identifier: MIT
/*
 * base/zipf.c - the tables of base/zipf.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/zipf.h"

#define X_BITS 53 /* bits of a draw: sim_rng_double()'s */

int zipf_init(struct sim_zipf *z, uint64_t n, double s)
{
	unsigned bits = 0;
	uint64_t nbuckets, i = 0;
	double sum = 0;

	memset(z, 0, sizeof(*z));
	if (n == 0)
		return 0; /* nothing to draw from: no tables */
	if (n > UINT32_MAX)
		return -1;
	while ((UINT64_C(1) << bits) < n)
		bits++;
	nbuckets = UINT64_C(1) << bits;
	z->thresh = malloc(n * sizeof(*z->thresh));
	z->guide = malloc(nbuckets * sizeof(*z->guide));
	if (!z->thresh || !z->guide) {
		zipf_fini(z);
		return -1;
	}
	z->n = n;
	z->shift = X_BITS - bits;

	/* The running sums, kept as doubles in thresh[] until the total is known. */
	for (uint64_t k = 0; k < n; k++) {
		sum += pow((double)(k + 1), -s);
		memcpy(&z->thresh[k], &sum, sizeof(sum));
	}
	for (uint64_t k = 0; k < n; k++) {
		double cdf;

		memcpy(&cdf, &z->thresh[k], sizeof(cdf));
		cdf /= sum;
		z->thresh[k] = (uint64_t)ceil(cdf * 0x1.0p53);
	}
	z->thresh[n - 1] = UINT64_MAX;

	for (uint64_t j = 0; j < nbuckets; j++) {
		uint64_t x = j << z->shift;

		while (z->thresh[i] <= x)
			i++;
		z->guide[j] = (uint32_t)i;
	}
	return 0;
}

void zipf_fini(struct sim_zipf *z)
{
	free(z->thresh);
	free(z->guide);
	memset(z, 0, sizeof(*z));
}
