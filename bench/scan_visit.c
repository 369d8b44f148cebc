// SPDX-License-Identifier: MIT
/*
 * bench/scan_visit.c - `gemsim-bench --scan-visit`: what one object costs
 * drm_gem_lru_scan() (drivers/gpu/drm/drm_gem.c), the figure behind the
 * default of costs.scan_object.
 *
 * Per object visited the kernel loop does, with the objects cold in cache
 * (a scan walks thousands of them once):
 *
 *   list_first_entry + drm_gem_lru_move_tail_locked  (list unlink + add, count)
 *   kref_get_unless_zero(&obj->refcount)              (atomic cmpxchg)
 *   mutex_unlock(lru->lock)
 *   dma_resv_trylock(obj->resv)                       (ww_mutex trylock)
 *   shrink(obj): the predicates (madv, counts, flags) that say "skip"
 *   dma_resv_unlock(obj->resv)
 *   drm_gem_object_put(obj)                           (atomic dec)
 *   mutex_lock(lru->lock)
 *
 * The same sequence here, with pthread mutexes and C11 atomics on objects
 * of a GEM object's size, spread over more memory than the last-level
 * cache holds, visited in list order.  User space, one core: an estimate
 * of the kernel's figure (no published one exists), reported, never
 * asserted.  It swings with where the objects live: 65-220 ns when they
 * fit in a big server's last-level cache, 206-360 ns from DRAM on the
 * project's shared machine (docs/model.md, "The cost of a scan").
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench/scan_visit.h"

/* About a drm_gem_shmem_object: base object, resv, list node, counts. */
struct vobj {
	struct vobj *prev, *next;
	atomic_int refcount;
	pthread_mutex_t resv;
	int madv;
	int pages_use_count, pages_pin_count;
	void *dma_buf, *import_attach;
	char rest[512 - 2 * sizeof(void *) - sizeof(atomic_int) - sizeof(pthread_mutex_t) -
		  3 * sizeof(int) - 2 * sizeof(void *)];
};

struct vlist {
	struct vobj head;
	long count;
};

static void list_del(struct vobj *o)
{
	o->prev->next = o->next;
	o->next->prev = o->prev;
}

static void list_add_tail(struct vlist *l, struct vobj *o)
{
	o->prev = l->head.prev;
	o->next = &l->head;
	l->head.prev->next = o;
	l->head.prev = o;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One pass over @n objects, none reclaimed (the costliest case: a full walk). */
static long scan_pass(struct vlist *lru, struct vlist *still, pthread_mutex_t *lock, long n)
{
	long skipped = 0;

	pthread_mutex_lock(lock);
	for (long i = 0; i < n; i++) {
		struct vobj *o = lru->head.next;
		int expected;

		if (o == &lru->head)
			break;
		list_del(o);
		lru->count--;
		list_add_tail(still, o);
		still->count++;
		expected = atomic_load_explicit(&o->refcount, memory_order_relaxed);
		while (expected &&
		       !atomic_compare_exchange_weak(&o->refcount, &expected, expected + 1))
			;
		pthread_mutex_unlock(lock);
		if (!pthread_mutex_trylock(&o->resv)) {
			/* drm_gem_shmem_is_purgeable(): not this one */
			if (!(o->madv > 0 && o->pages_use_count && !o->pages_pin_count &&
			      !o->dma_buf && !o->import_attach))
				skipped++;
			pthread_mutex_unlock(&o->resv);
		}
		atomic_fetch_sub(&o->refcount, 1);
		pthread_mutex_lock(lock);
	}
	/* list_splice_tail(&still_in_lru, &lru->list) */
	if (still->head.next != &still->head) {
		struct vobj *first = still->head.next, *last = still->head.prev;

		first->prev = lru->head.prev;
		lru->head.prev->next = first;
		last->next = &lru->head;
		lru->head.prev = last;
		lru->count += still->count;
		still->head.next = still->head.prev = &still->head;
		still->count = 0;
	}
	pthread_mutex_unlock(lock);
	return skipped;
}

int bench_scan_visit(bool quick)
{
	/* 512 MiB of objects: past the last-level cache (260 MiB on the project's machine) */
	const long n = quick ? 1L << 16 : 1L << 20;
	struct vobj *objs = calloc((size_t)n, sizeof(*objs));
	long *order = malloc((size_t)n * sizeof(*order));
	struct vlist lru, still;
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	double best = 1e30;
	long skipped = 0;
	uint64_t x = 88172645463325252ull;

	if (!objs || !order) {
		free(objs);
		free(order);
		fprintf(stderr, "gemsim-bench: out of memory\n");
		return 1;
	}
	lru.head.next = lru.head.prev = &lru.head;
	still.head.next = still.head.prev = &still.head;
	lru.count = still.count = 0;
	/* list order unrelated to address order, as objects age on an LRU */
	for (long i = 0; i < n; i++)
		order[i] = i;
	for (long i = n - 1; i > 0; i--) {
		long j, t;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		j = (long)(x % (uint64_t)(i + 1));
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (long i = 0; i < n; i++) {
		struct vobj *o = &objs[order[i]];

		atomic_init(&o->refcount, 1);
		pthread_mutex_init(&o->resv, NULL);
		o->pages_use_count = 1;
		list_add_tail(&lru, o);
		lru.count++;
	}
	for (int rep = 0; rep < 7; rep++) {
		double t0 = now_s(), t;

		skipped += scan_pass(&lru, &still, &lock, n);
		t = now_s() - t0;
		if (t < best)
			best = t;
	}
	printf("scan-visit: %.0f ns per object visited (drm_gem_lru_scan's loop body, "
	       "%ld cold objects, best of 7; %ld skipped)\n",
	       best * 1e9 / (double)n, n, skipped);
	for (long i = 0; i < n; i++)
		pthread_mutex_destroy(&objs[i].resv);
	free(objs);
	free(order);
	return 0;
}
