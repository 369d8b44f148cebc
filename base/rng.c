// SPDX-License-Identifier: MIT
/*
 * base/rng.c - xoshiro256** and splitmix64, written from the published
 * algorithms (https://prng.di.unimi.it/).
 */
#include "base/rng.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void rng_seed(struct sim_rng *r, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
	/* splitmix64 never yields four zero words, but keep the promise. */
	if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
		r->s[0] = 1;
}

void rng_fork(struct sim_rng *parent, struct sim_rng *child, uint64_t salt)
{
	rng_seed(child, sim_rng_next(parent) ^ (salt * 0xd1342543de82ef95ull));
}
