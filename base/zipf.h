/* SPDX-License-Identifier: MIT */
/*
 * base/zipf.h - zipf draws by table lookup, with no floating point per draw.
 *
 * Rank i of n has weight (i + 1)^-s.  cdf[i], the weight of ranks 0..i
 * over the total, is computed in double once; that double table is the
 * definition a draw is held to.  A draw takes the 53 high bits X of one
 * 64-bit random number (u = X / 2^53, sim_rng_double()) and returns the
 * first rank whose cdf exceeds u, rank n - 1 when none does.
 *
 * Both tables are integers (Chen and Asau's indexed search):
 *
 *   thresh[i] = ceil(cdf[i] * 2^53)   cdf[i] > u  <=>  thresh[i] > X
 *                                     (both sides times 2^53 are exact;
 *                                     X is an integer)
 *   thresh[n-1] = UINT64_MAX          the walk stops there at the latest
 *   guide[j]  = the rank of X = j << shift, the lowest X of bucket j;
 *               2^(53 - shift) >= n buckets, j = X >> shift
 *
 *   draw:  i = guide[X >> shift];  while (thresh[i] <= X) i++;
 *
 * The rank only grows with X, so the walk never needs to step back; it
 * steps n / (2 * buckets) <= 1/2 times on average, whatever s is.
 */
#ifndef GEMSIM_SIM_ZIPF_H
#define GEMSIM_SIM_ZIPF_H

#include <stdint.h>

#include "base/rng.h"

struct sim_zipf {
	uint64_t *thresh; /* n entries, see above */
	uint32_t *guide;  /* 2^(53 - shift) entries */
	uint64_t n;       /* ranks */
	unsigned shift;   /* X >> shift is the bucket */
};

/**
 * zipf_init() - build the tables for @n ranks (@n <= UINT32_MAX) and
 * exponent @s (> 0).  With @n = 0 there are no tables and nothing to draw.
 * Returns: 0, or -1 when out of memory or @n is too large (@z then holds
 * nothing to free).
 */
int zipf_init(struct sim_zipf *z, uint64_t n, double s);

/** zipf_fini() - free the tables (of an initialised or zeroed @z). */
void zipf_fini(struct sim_zipf *z);

/** sim_zipf_rank() - Returns: the rank of the 53-bit draw @x (< 2^53). */
static inline uint64_t sim_zipf_rank(const struct sim_zipf *z, uint64_t x)
{
	uint64_t i = z->guide[x >> z->shift];

	while (z->thresh[i] <= x)
		i++;
	return i;
}

/** sim_zipf_draw() - Returns: a rank drawn from @r (one draw of the stream). */
static inline uint64_t sim_zipf_draw(const struct sim_zipf *z, struct sim_rng *r)
{
	return sim_zipf_rank(z, sim_rng_next(r) >> 11);
}

#endif
