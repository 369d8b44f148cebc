/* SPDX-License-Identifier: MIT */
/*
 * base/rng.h - the run's random stream: xoshiro256** seeded by splitmix64.
 *
 * Portable and fully specified (Blackman & Vigna, 2018), so the same seed
 * gives the same stream on every host and compiler.  Never rand(), never
 * the wall clock.  A run owns one stream in struct sim; a workload may
 * derive its own with rng_fork() so adding a workload does not shift
 * the numbers another one draws.
 */
#ifndef GEMSIM_SIM_RNG_H
#define GEMSIM_SIM_RNG_H

#include <stdint.h>

struct sim_rng {
	uint64_t s[4]; /* xoshiro256** state, never all zero */
};

/** rng_seed() - seed a stream; every seed (0 included) is valid. */
void rng_seed(struct sim_rng *r, uint64_t seed);

/*
 * The draws are inline: a workload draws once or more per event, and a
 * call into another translation unit costs as much as the draw itself.
 */
static inline uint64_t sim_rng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/** sim_rng_next() - Returns: the next 64 random bits. */
static inline uint64_t sim_rng_next(struct sim_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = sim_rng_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = sim_rng_rotl(s[3], 45);
	return result;
}

/**
 * sim_rng_below() - a uniform integer in [0, n), without modulo bias
 * (Lemire's multiply-and-reject).
 * Returns: 0 when n is 0.
 */
static inline uint64_t sim_rng_below(struct sim_rng *r, uint64_t n)
{
	if (n == 0)
		return 0;
	/* Lemire: take the high half of a 128-bit product, reject the sliver
	 * that would bias small results. */
	unsigned __int128 m = (unsigned __int128)sim_rng_next(r) * n;
	uint64_t lo = (uint64_t)m;

	if (lo < n) {
		uint64_t thresh = -n % n;

		while (lo < thresh) {
			m = (unsigned __int128)sim_rng_next(r) * n;
			lo = (uint64_t)m;
		}
	}
	return (uint64_t)(m >> 64);
}

/** sim_rng_double() - Returns: a uniform double in [0, 1) with 53 random bits. */
static inline double sim_rng_double(struct sim_rng *r)
{
	return (double)(sim_rng_next(r) >> 11) * 0x1.0p-53;
}

/**
 * rng_fork() - derive an independent stream.
 * @parent: the stream to derive from (advanced by one draw).
 * @child: the new stream.
 * @salt: distinguishes children forked at the same point.
 */
void rng_fork(struct sim_rng *parent, struct sim_rng *child, uint64_t salt);

#endif
