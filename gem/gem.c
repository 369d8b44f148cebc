// SPDX-License-Identifier: MIT
/*
 * gem/gem.c - creating and freeing a run (engine + model) and the object
 * model, host memory accounting, background reclaim.
 */
#include <stdlib.h>
#include <string.h>

#include "base/hugemem.h"
#include "gem/gem.h"
#include "gem/gem_int.h"
#include "gem/vmscan.h"

void *gem_mem_calloc(struct gem *g, size_t n, size_t size)
{
	void *p;

	if (!n)
		return NULL;
	if (size && n > SIZE_MAX / size)
		return NULL;
	p = hugemem_alloc(n * size);
	if (p)
		g->host_bytes += n * size;
	return p;
}

/* realloc that zeroes the new part and keeps the tally; NULL leaves @p alone */
void *gem_mem_realloc(struct gem *g, void *p, size_t old_n, size_t new_n, size_t size)
{
	char *q;

	if (new_n && size > SIZE_MAX / new_n)
		return NULL;
	q = hugemem_realloc(p, old_n * size, new_n * size);
	if (!q)
		return NULL;
	if (new_n > old_n)
		memset(q + old_n * size, 0, (new_n - old_n) * size);
	g->host_bytes += new_n * size;
	g->host_bytes -= old_n * size;
	return q;
}

void gem_mem_free(struct gem *g, void *p, size_t n, size_t size)
{
	if (!p)
		return;
	SIM_ASSERT(g->host_bytes >= n * size);
	g->host_bytes -= n * size;
	free(p);
}

static int pool_init(struct gem *g, struct pg_pool *p, uint64_t total)
{
	int ret;

	p->total = total;
	ret = pg_bitmap_init(g, &p->free, total, true);
	if (ret)
		return ret;
	/* one past the end, owner[total], stays PG_OWNER_FREE: the checker's bound (pages_owned()) */
	p->owner = gem_mem_calloc(g, total + 1, sizeof(*p->owner));
	if (!p->owner)
		return GEMSIM_ENOMEM;
	memset(p->owner, 0xff, (total + 1) * sizeof(*p->owner)); /* PG_OWNER_FREE */
	return 0;
}

static void pool_fini(struct gem *g, struct pg_pool *p)
{
	pg_bitmap_fini(g, &p->free);
	if (p->owner)
		gem_mem_free(g, p->owner, p->total + 1, sizeof(*p->owner));
	p->owner = NULL;
}

int gem_create(struct sim *s)
{
	struct gem *g;
	int ret;

	SIM_ASSERT(!s->gem);
	if (s->cfg.ram_pages >= PG_OWNER_LEAKED || s->cfg.swap_pages >= PG_OWNER_LEAKED)
		return GEMSIM_EINVAL;
	g = calloc(1, sizeof(*g));
	if (!g)
		return GEMSIM_ENOMEM;
	s->gem = g;
	g->host_bytes = sizeof(*g);
	for (unsigned i = 0; i < LRU_NR_LISTS; i++)
		g->lists[i].head = g->lists[i].tail = SIM_NONE;
	ret = pool_init(g, &g->frames, s->cfg.ram_pages);
	if (!ret)
		ret = pool_init(g, &g->slots, s->cfg.swap_pages);
	if (!ret)
		ret = pg_bitmap_init(g, &g->other, s->cfg.ram_pages, false);
	if (ret) {
		gem_destroy(s);
		return ret;
	}
	return 0;
}

/*
 * A run is the engine (sim/sim.c: clock, RNG, queue) with the model on top:
 * the engine knows nothing of gem/ or gpu/, so the model layer puts the two
 * together here (docs/architecture.md).
 */
struct sim *gem_sim_create(const struct sim_config *cfg)
{
	struct sim *s = sim_engine_create(cfg);

	if (s && gem_create(s)) {
		gem_sim_destroy(s);
		return NULL;
	}
	return s;
}

void gem_sim_destroy(struct sim *s)
{
	if (!s)
		return;
	if (s->gpu_destroy)
		s->gpu_destroy(s);
	gem_destroy(s);
	sim_engine_destroy(s);
}

void gem_destroy(struct sim *s)
{
	struct gem *g = s->gem;

	if (!g)
		return;
	/* the VMAs first: the object tells how their tables are kept */
	for (uint32_t i = 0; i < g->nvmas; i++) {
		struct shm_vma *v = &g->vmas[i];

		if (v->alive)
			free(shm_vma_table(v, g->objs[v->bo]));
	}
	for (uint32_t i = 0; i < g->nobjs; i++) {
		struct shm_object *o = g->objs[i];

		if (!o)
			continue;
		if (o->pages != &o->page1)
			gem_mem_free(g, o->pages, o->pages ? o->npages : 0, sizeof(*o->pages));
	}
	shm_slabs_free(g);
	free(g->objs);
	free(g->links);
	free(g->vmas);
	free(g->bufs);
	free(g->atts);
	free(g->dirty);
	free(g->fp);
	pool_fini(g, &g->frames);
	pool_fini(g, &g->slots);
	pg_bitmap_fini(g, &g->other);
	free(g);
	s->gem = NULL;
}

size_t gem_host_bytes(const struct sim *s)
{
	return s->gem->host_bytes;
}

void gem_background_reclaim(struct sim *s)
{
	struct gem *g = s->gem;
	uint64_t high = s->cfg.policy.wm_high;

	g->reclaim_pending = false;
	if (!high || g->frames.free.count >= high)
		return;
	s->stats.background_reclaims++;
	vmscan_kswapd(s, high);
}

uint64_t gem_pinned_pages(const struct sim *s)
{
	return s->gem->lists[LRU_PINNED].count;
}
