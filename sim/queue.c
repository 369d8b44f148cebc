// SPDX-License-Identifier: MIT
/*
 * sim/queue.c - 4-ary min-heap keyed by (at, seq).
 *
 * A 4-ary heap halves the depth of a binary one and keeps a node's children
 * in one cache line, which is what matters with millions of pending events.
 *
 * Pops are lazy: sim_queue_pop() hands out the root and leaves a hole
 * there; if the next operation is a push (the common case: a job or a
 * workload handler schedules its next event) the new event drops into the
 * hole and sifts down once, instead of a sift-down for the pop and a
 * sift-up for the push.  Any other operation fills the hole first.  The
 * order events come out in is the same: (at, seq) is a total order.
 */
#include <stdlib.h>

#include "sim/queue.h"
#include "sim/sim.h"

struct sim_queue {
	struct sim_qev *heap; /* heap[0] is the earliest (unless hole) */
	uint64_t len;         /* slots of heap[] in use, the hole included */
	uint64_t cap;         /* slots allocated */
	uint64_t next_seq;    /* sequence of the next push */
	bool hole;            /* heap[0] was popped and not yet refilled */
};

/* (at, seq) as one 128-bit key: a branch-free comparison */
static inline unsigned __int128 qev_key(const struct sim_qev *e)
{
	return (unsigned __int128)e->at << 64 | e->seq;
}

static inline bool qev_before(const struct sim_qev *a, const struct sim_qev *b)
{
	return qev_key(a) < qev_key(b);
}

struct sim_queue *sim_queue_create(void)
{
	return calloc(1, sizeof(struct sim_queue));
}

void sim_queue_destroy(struct sim_queue *q)
{
	if (!q)
		return;
	free(q->heap);
	free(q);
}

/* The earlier of children @a and @b. */
static inline uint64_t earlier(const struct sim_qev *h, uint64_t a, uint64_t b)
{
	return qev_before(&h[b], &h[a]) ? b : a;
}

/* Put *@ev at index @i (a hole) and sift it down among the first @n slots. */
static void sift_down(struct sim_qev *h, uint64_t n, uint64_t i, const struct sim_qev *ev)
{
	for (;;) {
		uint64_t c = 4 * i + 1, best;

		if (c + 3 < n) {
			/* all four children: a two-round tournament */
			best = earlier(h, earlier(h, c, c + 1), earlier(h, c + 2, c + 3));
		} else {
			if (c >= n)
				break;
			best = c;
			for (uint64_t k = c + 1; k < n; k++)
				best = earlier(h, best, k);
		}
		if (!qev_before(&h[best], ev))
			break;
		h[i] = h[best];
		i = best;
	}
	h[i] = *ev;
}

/* Fill a pending hole with the last event. */
static void fill_hole(struct sim_queue *q)
{
	q->hole = false;
	if (--q->len)
		sift_down(q->heap, q->len, 0, &q->heap[q->len]);
}

int sim_queue_push(struct sim_queue *q, uint64_t at, uint32_t kind, uint32_t arg)
{
	struct sim_qev ev = { .at = at, .seq = q->next_seq, .kind = kind, .arg = arg };

	if (q->hole) {
		q->next_seq++;
		q->hole = false;
		if (q->len == 1)
			q->heap[0] = ev; /* the only event: nothing to sift */
		else
			sift_down(q->heap, q->len, 0, &ev);
		return 0;
	}
	if (q->len == q->cap) {
		uint64_t cap = q->cap ? q->cap * 2 : 1024;
		struct sim_qev *h = realloc(q->heap, cap * sizeof(*h));

		if (!h)
			return -1;
		q->heap = h;
		q->cap = cap;
	}
	q->next_seq++;

	uint64_t i = q->len++;

	while (i > 0) {
		uint64_t parent = (i - 1) / 4;

		if (!qev_before(&ev, &q->heap[parent]))
			break;
		q->heap[i] = q->heap[parent];
		i = parent;
	}
	q->heap[i] = ev;
	return 0;
}

bool sim_queue_pop(struct sim_queue *q, struct sim_qev *out)
{
	if (q->hole)
		fill_hole(q);
	if (q->len == 0)
		return false;
	*out = q->heap[0];
	q->hole = true;
	return true;
}

uint64_t sim_queue_pushes(const struct sim_queue *q)
{
	return q->next_seq;
}

uint64_t sim_queue_peek_time(const struct sim_queue *q)
{
	uint64_t t = UINT64_MAX;

	if (!q->hole)
		return q->len ? q->heap[0].at : UINT64_MAX;
	/* Below the hole the heap property holds: the earliest is a child of the root. */
	for (uint64_t k = 1; k < 5 && k < q->len; k++)
		if (q->heap[k].at < t)
			t = q->heap[k].at;
	return t;
}

uint64_t sim_queue_len(const struct sim_queue *q)
{
	return q->len - q->hole;
}
