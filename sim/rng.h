/*
 * sim/rng.h - the run's random stream: xoshiro256** seeded by splitmix64.
 *
 * Portable and fully specified (Blackman & Vigna, 2018), so the same seed
 * gives the same stream on every host and compiler.  Never rand(), never
 * the wall clock.  A run owns one stream in struct sim; a workload may
 * derive its own with sim_rng_fork() so adding a workload does not shift
 * the numbers another one draws.
 */
#ifndef GEMSIM_SIM_RNG_H
#define GEMSIM_SIM_RNG_H

#include <stdint.h>

struct sim_rng {
	uint64_t s[4]; /* xoshiro256** state, never all zero */
};

/** sim_rng_seed() - seed a stream; every seed (0 included) is valid. */
void sim_rng_seed(struct sim_rng *r, uint64_t seed);

/** sim_rng_next() - Returns: the next 64 random bits. */
uint64_t sim_rng_next(struct sim_rng *r);

/**
 * sim_rng_below() - a uniform integer in [0, n), without modulo bias
 * (Lemire's multiply-and-reject).
 * Returns: 0 when n is 0.
 */
uint64_t sim_rng_below(struct sim_rng *r, uint64_t n);

/** sim_rng_double() - Returns: a uniform double in [0, 1) with 53 random bits. */
double sim_rng_double(struct sim_rng *r);

/**
 * sim_rng_fork() - derive an independent stream.
 * @parent: the stream to derive from (advanced by one draw).
 * @child: the new stream.
 * @salt: distinguishes children forked at the same point.
 */
void sim_rng_fork(struct sim_rng *parent, struct sim_rng *child, uint64_t salt);

#endif
