/*
 * sim/queue.c - 4-ary min-heap keyed by (at, seq).
 *
 * A 4-ary heap halves the depth of a binary one and keeps a node's children
 * in one cache line, which is what matters with millions of pending events.
 */
#include <stdlib.h>

#include "sim/queue.h"
#include "sim/sim.h"

struct sim_queue {
	struct sim_qev *heap; /* heap[0] is the earliest */
	uint64_t len;         /* events held */
	uint64_t cap;         /* slots allocated */
	uint64_t next_seq;    /* sequence of the next push */
};

static inline bool qev_before(const struct sim_qev *a, const struct sim_qev *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
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

int sim_queue_push(struct sim_queue *q, uint64_t at, uint32_t kind, uint32_t arg)
{
	if (q->len == q->cap) {
		uint64_t cap = q->cap ? q->cap * 2 : 1024;
		struct sim_qev *h = realloc(q->heap, cap * sizeof(*h));

		if (!h)
			return -1;
		q->heap = h;
		q->cap = cap;
	}

	struct sim_qev ev = { .at = at, .seq = q->next_seq++, .kind = kind, .arg = arg };
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
	if (q->len == 0)
		return false;
	*out = q->heap[0];

	struct sim_qev last = q->heap[--q->len];
	uint64_t i = 0, n = q->len;

	for (;;) {
		uint64_t c = 4 * i + 1, best;

		if (c >= n)
			break;
		best = c;
		for (uint64_t k = c + 1; k < c + 4 && k < n; k++)
			if (qev_before(&q->heap[k], &q->heap[best]))
				best = k;
		if (!qev_before(&q->heap[best], &last))
			break;
		q->heap[i] = q->heap[best];
		i = best;
	}
	if (n)
		q->heap[i] = last;
	return true;
}

uint64_t sim_queue_peek_time(const struct sim_queue *q)
{
	return q->len ? q->heap[0].at : UINT64_MAX;
}

uint64_t sim_queue_len(const struct sim_queue *q)
{
	return q->len;
}
