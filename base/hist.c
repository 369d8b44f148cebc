// SPDX-License-Identifier: MIT
/*
 * base/hist.c - log-linear latency histograms.
 */
#include "base/hist.h"

/* The largest value that falls in bucket @b. */
static uint64_t bucket_top(unsigned b)
{
	if (b < 16)
		return b;

	unsigned e = b / 16 + 3, sub = b % 16;
	uint64_t base = (uint64_t)1 << e, step = (uint64_t)1 << (e - 4);

	return base + step * (sub + 1) - 1;
}

uint64_t hist_percentile(const struct sim_hist *h, unsigned pct)
{
	if (!h->count)
		return 0;

	/* Rank of the value: ceil(count * pct / 100), at least 1. */
	unsigned __int128 want = ((unsigned __int128)h->count * pct + 99) / 100;
	uint64_t seen = 0;

	if (want < 1)
		want = 1;
	for (unsigned b = 0; b < SIM_HIST_BUCKETS; b++) {
		seen += h->bucket[b];
		if (seen >= want) {
			uint64_t top = bucket_top(b);

			return top < h->max ? top : h->max;
		}
	}
	return h->max;
}

uint64_t hist_mean(const struct sim_hist *h)
{
	unsigned __int128 sum = (unsigned __int128)h->sum_hi << 64 | h->sum;

	/* the mean is at most the largest value: it fits in 64 bits */
	return h->count ? (uint64_t)(sum / h->count) : 0;
}
