/* SPDX-License-Identifier: MIT */
/*
 * base/amap.h - a map from 64-bit keys (kernel addresses) to 32-bit
 * indexes: open addressing with linear probing, at most half full, and
 * deletion by backward shift, so no tombstones pile up when the same
 * addresses come and go (a capture's objects, run/capture.c).
 *
 *   keys[i], vals[i]   slot i: vals[i] == 0 empty, else the index + 1
 */
#ifndef GEMSIM_SIM_AMAP_H
#define GEMSIM_SIM_AMAP_H

#include <stddef.h>
#include <stdint.h>

/** struct amap - zero it to start; amap_free() at the end. */
struct amap {
	uint64_t *keys;
	uint32_t *vals; /* index + 1; 0 is an empty slot */
	size_t cap, n;  /* cap a power of two (or 0), n < cap / 2 */
};

/** amap_get() - Returns: the index stored for @key, or UINT32_MAX. */
uint32_t amap_get(const struct amap *m, uint64_t key);

/** amap_put() - store @val (< UINT32_MAX) for @key, replacing any.
 * Returns: 0, or -1 when out of memory (the map unchanged). */
int amap_put(struct amap *m, uint64_t key, uint32_t val);

/** amap_del() - forget @key (a no-op when absent). */
void amap_del(struct amap *m, uint64_t key);

/** amap_free() - free the map's memory. */
void amap_free(struct amap *m);

#endif
