// SPDX-License-Identifier: MIT
/*
 * gem/inspect.c - read-only views of the object model (gem/inspect.h).
 */
#include "gem/inspect.h"

#include "gem/gem_int.h"
#include "gem/shm.h"

uint32_t shm_vma_next(struct sim *s, uint32_t bo, uint32_t map)
{
	const struct gem *g = s->gem;
	const struct shm_object *o = shm_get(s, bo);

	if (!o)
		return SIM_NONE;
	if (map == SIM_NONE)
		return o->vma_head;
	if (map >= g->nvmas || !g->vmas[map].alive || g->vmas[map].bo != bo)
		return SIM_NONE;
	return g->vmas[map].next;
}

uint64_t shm_vma_nr_ptes(struct sim *s, uint32_t map)
{
	const struct gem *g = s->gem;

	return map < g->nvmas && g->vmas[map].alive ? g->vmas[map].nr_ptes : 0;
}

int dmabuf_get_info(const struct sim *s, uint32_t buf, struct dmabuf_info *out)
{
	const struct gem *g = s->gem;
	const struct dmabuf_buf *b;

	if (buf >= g->nbufs || !g->bufs[buf].alive)
		return GEMSIM_ENOENT;
	b = &g->bufs[buf];
	*out = (struct dmabuf_info){
		.bo = b->bo,
		.nr_attach = b->nr_attach,
		.nr_import = b->nr_import,
		.nr_maps = b->nr_maps,
		.nr_pins = b->nr_pins,
	};
	return 0;
}
