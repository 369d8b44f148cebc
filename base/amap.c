// SPDX-License-Identifier: MIT
/*
 * base/amap.c - 64-bit keys to indexes (see amap.h).
 */
#include <stdlib.h>

#include "base/amap.h"

static size_t amap_slot(const struct amap *m, uint64_t key)
{
	uint64_t h = key * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 32) & (m->cap - 1);
}

uint32_t amap_get(const struct amap *m, uint64_t key)
{
	if (!m->cap)
		return UINT32_MAX;
	for (size_t i = amap_slot(m, key);; i = (i + 1) & (m->cap - 1)) {
		if (!m->vals[i])
			return UINT32_MAX;
		if (m->keys[i] == key)
			return m->vals[i] - 1;
	}
}

int amap_put(struct amap *m, uint64_t key, uint32_t val)
{
	if (2 * (m->n + 1) > m->cap) {
		struct amap b = { .cap = m->cap ? m->cap * 2 : 1024 };

		b.keys = calloc(b.cap, sizeof(*b.keys));
		b.vals = calloc(b.cap, sizeof(*b.vals));
		if (!b.keys || !b.vals) {
			free(b.keys);
			free(b.vals);
			return -1;
		}
		for (size_t i = 0; i < m->cap; i++)
			if (m->vals[i])
				amap_put(&b, m->keys[i], m->vals[i] - 1);
		free(m->keys);
		free(m->vals);
		*m = b;
	}
	size_t i = amap_slot(m, key);

	while (m->vals[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	m->n += !m->vals[i];
	m->keys[i] = key;
	m->vals[i] = val + 1;
	return 0;
}

void amap_del(struct amap *m, uint64_t key)
{
	size_t i, j;

	if (!m->cap)
		return;
	for (i = amap_slot(m, key); m->vals[i] && m->keys[i] != key; i = (i + 1) & (m->cap - 1))
		;
	if (!m->vals[i])
		return;
	m->vals[i] = 0;
	m->n--;
	/* shift back the entries after it that probed past it */
	for (j = (i + 1) & (m->cap - 1); m->vals[j]; j = (j + 1) & (m->cap - 1)) {
		size_t home = amap_slot(m, m->keys[j]);

		if (((j - home) & (m->cap - 1)) >= ((j - i) & (m->cap - 1))) {
			m->keys[i] = m->keys[j];
			m->vals[i] = m->vals[j];
			m->vals[j] = 0;
			i = j;
		}
	}
}

void amap_free(struct amap *m)
{
	free(m->keys);
	free(m->vals);
}
