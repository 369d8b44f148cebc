/* SPDX-License-Identifier: MIT */
/*
 * base/hist.h - latency histograms: count, mean, percentiles, max, in fixed
 * memory and exact integer arithmetic (so summaries are the same bytes on
 * every host).
 *
 * Log-linear buckets, as HdrHistogram does: values below 16 get a bucket
 * each; above, every power of two [2^e, 2^(e+1)) is split into 16 equal
 * sub-buckets, so a percentile is within 1/16 (6.25%) of the true value.
 * A percentile reports its bucket's upper bound, clipped to the maximum.
 *
 *   bucket(v) = v                          for v < 16
 *             = 16 * (e - 3) + (v >> (e - 4)) & 15   for v in [2^e, 2^(e+1)), e >= 4
 */
#ifndef GEMSIM_SIM_HIST_H
#define GEMSIM_SIM_HIST_H

#include <stdint.h>

#define SIM_HIST_BUCKETS (16 * 61)

struct sim_hist {
	uint64_t count;
	uint64_t sum;    /* the sum of the values, low 64 bits ... */
	uint64_t sum_hi; /* ... and high 64 bits: exact, never saturates */
	uint64_t min, max;
	uint64_t bucket[SIM_HIST_BUCKETS];
};

/* The bucket of @v (the formula above); inline for sim_hist_add(). */
static inline unsigned sim_hist_bucket(uint64_t v)
{
	if (v < 16)
		return (unsigned)v;

	unsigned e = 63u - (unsigned)__builtin_clzll(v);

	return 16 * (e - 3) + (unsigned)((v >> (e - 4)) & 15);
}

/**
 * sim_hist_add() - record one value.  Inline: every fault and every
 * shrinker scan records its latency.
 */
static inline void sim_hist_add(struct sim_hist *h, uint64_t v)
{
	if (v < h->min || !h->count)
		h->min = v;
	if (v > h->max)
		h->max = v;
	h->count++;
	h->sum_hi += __builtin_add_overflow(h->sum, v, &h->sum);
	h->bucket[sim_hist_bucket(v)]++;
}

/**
 * hist_percentile() - the value below which @pct percent of the
 * recorded values fall (0 < pct <= 100).
 * Returns: 0 for an empty histogram.
 */
uint64_t hist_percentile(const struct sim_hist *h, unsigned pct);

/**
 * hist_mean() - Returns: the exact mean (from the 128-bit sum), rounded
 * down (0 if empty).
 */
uint64_t hist_mean(const struct sim_hist *h);

#endif
