/* SPDX-License-Identifier: MIT */
/*
 * sim/queue.h - the engine's queue of pending timed events.
 *
 * A 4-ary min-heap of small fixed-size records ordered by (time, sequence):
 * the sequence number is the order of insertion, so events at the same time
 * come out in the order they went in.  No allocation per event: the heap
 * array doubles when full, and holds millions of pending events in 24 bytes
 * each.  Opaque: callers only push and pop.
 */
#ifndef GEMSIM_SIM_QUEUE_H
#define GEMSIM_SIM_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

struct sim_queue;

/** struct sim_qev - one pending event as the queue hands it back. */
struct sim_qev {
	uint64_t at;   /* absolute time, ns */
	uint64_t seq;  /* insertion order, breaks ties */
	uint32_t kind; /* what to run (enum sim_qkind) */
	uint32_t arg;  /* kind-specific */
};

/** sim_queue_create() - Returns: an empty queue, or NULL when out of memory. */
struct sim_queue *sim_queue_create(void);

/** sim_queue_destroy() - free the queue and every pending event. */
void sim_queue_destroy(struct sim_queue *q);

/**
 * sim_queue_push() - add an event.
 * @q: the queue.
 * @at: its time.
 * @kind: what it is.
 * @arg: its argument.
 *
 * Returns: 0, or -1 when memory for a larger heap cannot be had.
 */
int sim_queue_push(struct sim_queue *q, uint64_t at, uint32_t kind, uint32_t arg);

/**
 * sim_queue_pop() - take the earliest event (lowest time, then lowest seq).
 * Returns: false when the queue is empty.
 */
bool sim_queue_pop(struct sim_queue *q, struct sim_qev *out);

/** sim_queue_peek_time() - Returns: the earliest time, or UINT64_MAX if empty. */
uint64_t sim_queue_peek_time(const struct sim_queue *q);

/** sim_queue_pushes() - Returns: the number of events ever pushed. */
uint64_t sim_queue_pushes(const struct sim_queue *q);

/** sim_queue_len() - Returns: the number of pending events. */
uint64_t sim_queue_len(const struct sim_queue *q);

#endif
