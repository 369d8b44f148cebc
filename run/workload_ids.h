/* SPDX-License-Identifier: MIT */
/*
 * run/workload_ids.h - the request traces' hot path, inline for
 * workload_trace.c: the integer id table's lookups (struct idmap in
 * workload_int.h; idmap_add() is in workload_trace.c) and the prefetching
 * of the requests ahead.  Internal to run/.
 */
#ifndef GEMSIM_SIM_DRIVER_WORKLOAD_IDS_H
#define GEMSIM_SIM_DRIVER_WORKLOAD_IDS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "gem/shm.h"
#include "run/workload_int.h"

/* Where @id's probe starts: Fibonacci hashing takes the top bits. */
static inline uint32_t idmap_home(const struct idmap *m, uint64_t id)
{
	return (uint32_t)((id * 0x9e3779b97f4a7c15ull) >> m->shift);
}

static inline struct idmap_ent *idmap_bucket(const struct idmap *m, uint64_t id)
{
	uint32_t i = idmap_home(m, id);

	while (m->ents[i].slot != SIM_NONE && m->ents[i].key != id)
		i = (i + 1) & (m->cap - 1);
	return &m->ents[i];
}

/* The entry of @id, or NULL when it has none. */
static inline struct idmap_ent *idmap_get(const struct idmap *m, uint64_t id)
{
	struct idmap_ent *e;

	if (!m->cap)
		return NULL;
	e = idmap_bucket(m, id);
	return e->slot != SIM_NONE ? e : NULL;
}

static inline uint32_t idmap_find(const struct idmap *m, uint64_t id)
{
	const struct idmap_ent *e = idmap_get(m, id);

	return e ? e->slot : SIM_NONE;
}

/*
 * On a trace of many ids each request is a chain of cache misses: the id's
 * bucket, then the mapping, the object and its list neighbours (on a miss
 * the coldest object too, which the reclaim's own walk asks for ahead:
 * gem/shrink.c scan_prefetch()).  The requests ahead are in the read buffer
 * already, so the replay asks the host's cache for them in stages
 * (WL_PF_STEP requests apart, workload_int.h): the bucket of the request
 * WL_PF_AHEAD ahead, what the buckets of the nearer ones name
 * (shm_prefetch_access()).  Timing only: nothing is changed.
 * @ids: the ids one, two and three steps ahead.
 */
static inline void trace_prefetch(struct sim *s, const struct wl_set *ws, const uint64_t ids[3])
{
	const struct idmap *m = &ws->ids;

	__builtin_prefetch(&m->ents[idmap_home(m, ids[2])]);
	/* their buckets were asked for before: now what they reach */
	for (int k = 0; k < 2; k++) {
		const struct idmap_ent *e = idmap_get(m, ids[k]);

		if (e && e->map != SIM_NONE)
			shm_prefetch_access(s, e->map, e->slot, k == 0);
	}
}

/* trace_prefetch() for an oracleGeneral trace, the next record at r->rpos. */
static inline void trace_prefetch_oracle(struct sim *s, const struct wl_set *ws,
					 const struct wl_run *r)
{
	uint64_t ids[3];

	if (!ws->ids.cap || r->rlen < r->rpos + (WL_PF_AHEAD + 1) * WL_ORACLE_REC)
		return;
	for (int k = 0; k < 3; k++)
		ids[k] = wl_oracle_id(r->rb + r->rpos +
				      (size_t)(k + 1) * WL_PF_STEP * WL_ORACLE_REC);
	trace_prefetch(s, ws, ids);
}

/*
 * The plain integer line at *@pos of the buffer (1 to 19 digits, no leading
 * zero, a newline: what trace_ids_fast() takes, for the read-ahead and the
 * request alike): true with its value, *@pos past its newline; false when
 * it is not one, or not whole in the buffer.
 */
static inline bool ids_peek(const struct wl_run *r, size_t *pos, uint64_t *id)
{
	const unsigned char *p = r->rb + *pos, *end = r->rb + r->rlen, *start = p;
	uint64_t v = 0;
	int n = 0;

	for (; p < end && n < 19 && (unsigned)(*p - '0') <= 9; p++, n++)
		v = v * 10 + (unsigned)(*p - '0');
	if (p >= end || *p != '\n' || !n || (*start == '0' && n > 1))
		return false;
	*pos = (size_t)(p + 1 - r->rb);
	*id = v;
	return true;
}

/*
 * trace_prefetch() for an ids trace, the next line at r->rpos: the
 * WL_PF_RING lines from it on are read into the ring r->pf_ids, which
 * trace_ids_fast() then takes the next request from.  While the reader
 * goes one line at a time through the same buffer, all but the last of
 * them were read by the last call, so each call reads one line.
 */
static inline void trace_prefetch_ids(struct sim *s, const struct wl_set *ws, struct wl_run *r)
{
	uint64_t ids[3];
	size_t pos;
	unsigned h;

	if (!ws->ids.cap)
		return;
	if (r->pf_pos && r->pf_gen == r->rgen && r->line == r->pf_line + 1 &&
	    r->rpos == r->pf_end[r->pf_head]) {
		/* the oldest line is the one just taken: its place takes the newest */
		pos = r->pf_pos;
		if (!ids_peek(r, &pos, &r->pf_ids[r->pf_head]))
			goto stop;
		r->pf_end[r->pf_head] = pos;
		r->pf_head = (r->pf_head + 1) % WL_PF_RING;
	} else {
		pos = r->rpos;
		for (int k = 0; k < WL_PF_RING; k++) {
			if (!ids_peek(r, &pos, &r->pf_ids[k]))
				goto stop;
			r->pf_end[k] = pos;
		}
		r->pf_head = 0;
	}
	h = r->pf_head;
	for (int k = 0; k < 3; k++)
		ids[k] = r->pf_ids[(h + (unsigned)(k + 1) * WL_PF_STEP) % WL_PF_RING];
	r->pf_pos = pos;
	r->pf_line = r->line;
	r->pf_rpos = r->rpos;
	r->pf_gen = r->rgen;
	trace_prefetch(s, ws, ids);
	return;
stop:
	r->pf_pos = 0;
}

#endif
