// SPDX-License-Identifier: MIT
/*
 * gem/dmabuf.c - dma-buf export, attachments and imports (see dmabuf.h).
 */
#include <string.h>

#include "gem/dmabuf.h"
#include "gem/gem_int.h"
#include "gem/lru.h"
#include "gem/shm.h"

static struct dmabuf_buf *buf_slot(struct sim *s, uint32_t buf, bool grow)
{
	struct gem *g = s->gem;

	if (buf == SIM_NONE)
		return NULL;
	if (buf >= g->nbufs) {
		uint32_t n = g->nbufs ? g->nbufs : 16;
		struct dmabuf_buf *p;

		if (!grow)
			return NULL;
		while (n <= buf)
			n = n > UINT32_MAX / 2 ? UINT32_MAX : n * 2;
		p = gem_mem_realloc(g, g->bufs, g->nbufs, n, sizeof(*p));
		if (!p)
			return NULL;
		g->bufs = p;
		g->nbufs = n;
	}
	return &g->bufs[buf];
}

static struct dmabuf_buf *buf_get(struct sim *s, uint32_t buf)
{
	struct dmabuf_buf *b = buf_slot(s, buf, false);

	return b && b->alive ? b : NULL;
}

static struct dmabuf_att *att_slot(struct sim *s, uint32_t att, bool grow)
{
	struct gem *g = s->gem;

	if (att == SIM_NONE)
		return NULL;
	if (att >= g->natts) {
		uint32_t n = g->natts ? g->natts : 16;
		struct dmabuf_att *p;

		if (!grow)
			return NULL;
		while (n <= att)
			n = n > UINT32_MAX / 2 ? UINT32_MAX : n * 2;
		p = gem_mem_realloc(g, g->atts, g->natts, n, sizeof(*p));
		if (!p)
			return NULL;
		g->atts = p;
		g->natts = n;
	}
	return &g->atts[att];
}

static struct dmabuf_att *att_get(struct sim *s, uint32_t att)
{
	struct dmabuf_att *a = att_slot(s, att, false);

	return a && a->alive ? a : NULL;
}

uint32_t dmabuf_buf_exporter(const struct sim *s, uint32_t buf)
{
	const struct gem *g = s->gem;

	return buf < g->nbufs && g->bufs[buf].alive ? g->bufs[buf].bo : SIM_NONE;
}

int dmabuf_export(struct sim *s, uint32_t bo, uint32_t buf)
{
	struct shm_object *o = shm_get(s, bo);
	struct dmabuf_buf *b;

	if (!o)
		return GEMSIM_ENOENT;
	if (o->imported || o->dma_buf != SIM_NONE)
		return GEMSIM_EINVAL;
	b = buf_slot(s, buf, true);
	if (!b)
		return buf == SIM_NONE ? GEMSIM_EINVAL : GEMSIM_ENOMEM;
	if (b->alive)
		return GEMSIM_EINVAL;
	memset(b, 0, sizeof(*b));
	b->alive = true;
	b->bo = bo;
	o->dma_buf = buf;
	lru_update(s, o); /* shared: off the evictable list */
	gem_mark_dirty(s, o, SHM_D_STATE);
	s->stats.dmabuf_exports++;
	return 0;
}

/* The exporter side of an attachment: drm_gem_map_attach() pins. */
static int attach_pin(struct sim *s, struct dmabuf_buf *b, bool *pinned)
{
	int ret;

	*pinned = false;
	if (!s->cfg.policy.attach_pins)
		return 0;
	ret = shm_pin(s, b->bo);
	if (ret)
		return ret;
	b->nr_pins++;
	*pinned = true;
	return 0;
}

/* drm_gem_map_detach(): drop the pin attach_pin() took (counted first, so
 * shm_unpin() sees it as the holder's own). */
static void attach_unpin(struct sim *s, struct dmabuf_buf *b)
{
	SIM_ASSERT(b->nr_pins > 0);
	b->nr_pins--;
	shm_unpin(s, b->bo);
}

int dmabuf_attach(struct sim *s, uint32_t buf, uint32_t att, uint32_t device)
{
	struct dmabuf_buf *b = buf_get(s, buf);
	struct dmabuf_att *a;
	bool pinned;
	int ret;

	if (!b)
		return GEMSIM_ENOENT;
	a = att_slot(s, att, true);
	if (!a)
		return att == SIM_NONE ? GEMSIM_EINVAL : GEMSIM_ENOMEM;
	if (a->alive)
		return GEMSIM_EINVAL;
	b = buf_get(s, buf); /* att_slot() does not move bufs, but be plain about it */
	ret = attach_pin(s, b, &pinned);
	if (ret)
		return ret;
	memset(a, 0, sizeof(*a));
	a->alive = true;
	a->pinned = pinned;
	a->buf = buf;
	a->device = device;
	b->nr_attach++;
	s->stats.dmabuf_attaches++;
	return 0;
}

int dmabuf_detach(struct sim *s, uint32_t att)
{
	struct dmabuf_att *a = att_get(s, att);
	struct dmabuf_buf *b;

	if (!a)
		return GEMSIM_ENOENT;
	b = &s->gem->bufs[a->buf];
	if (a->nr_maps) {
		sim_warn(s, "detach of %s with %u mapping(s) still in place",
			 sim_name(s, SIM_K_ATT, att), a->nr_maps);
		b->nr_maps -= a->nr_maps;
		a->nr_maps = 0;
		gem_mark_dirty(s, shm_get(s, b->bo), SHM_D_STATE); /* invariant 5 reads it */
	}
	if (a->pinned)
		attach_unpin(s, b);
	b->nr_attach--;
	a->alive = false;
	return 0;
}

int dmabuf_map_attachment(struct sim *s, uint32_t att)
{
	struct dmabuf_att *a = att_get(s, att);
	struct dmabuf_buf *b;
	int ret;

	if (!a)
		return GEMSIM_ENOENT;
	b = &s->gem->bufs[a->buf];
	ret = shm_get_sg_table(s, b->bo); /* drm_gem_map_dma_buf() */
	if (ret)
		return ret;
	a->nr_maps++;
	b->nr_maps++;
	s->stats.dmabuf_maps++;
	gem_mark_dirty(s, shm_get(s, b->bo), SHM_D_STATE);
	return 0;
}

int dmabuf_unmap_attachment(struct sim *s, uint32_t att)
{
	struct dmabuf_att *a = att_get(s, att);

	if (!a)
		return GEMSIM_ENOENT;
	if (!a->nr_maps) {
		sim_warn(s, "unmap_attachment of %s, which has no mapping",
			 sim_name(s, SIM_K_ATT, att));
		return GEMSIM_EINVAL;
	}
	a->nr_maps--;
	s->gem->bufs[a->buf].nr_maps--;
	gem_mark_dirty(s, shm_get(s, s->gem->bufs[a->buf].bo), SHM_D_STATE);
	return 0;
}

int dmabuf_import(struct sim *s, uint32_t buf, uint32_t bo)
{
	struct dmabuf_buf *b = buf_get(s, buf);
	struct shm_object *o;
	bool pinned;
	int ret;

	if (!b)
		return GEMSIM_ENOENT;
	if (bo == SIM_NONE || shm_get(s, bo))
		return GEMSIM_EINVAL;
	/* dma_buf_attach() + dma_buf_map_attachment() */
	ret = attach_pin(s, b, &pinned);
	if (ret)
		return ret;
	ret = shm_get_sg_table(s, b->bo);
	if (ret)
		goto err_unpin;
	ret = shm_make_imported(s, bo, b->bo, buf);
	if (ret)
		goto err_unpin;
	o = shm_get(s, bo);
	o->import_pinned = pinned;
	b->nr_import++;
	b->nr_attach++;
	b->nr_maps++;
	s->stats.dmabuf_attaches++;
	s->stats.dmabuf_maps++;
	gem_mark_dirty(s, shm_get(s, b->bo), SHM_D_STATE);
	return 0;

err_unpin:
	if (pinned)
		attach_unpin(s, b);
	return ret;
}

void dmabuf_release_import(struct sim *s, struct shm_object *o)
{
	struct dmabuf_buf *b = &s->gem->bufs[o->import_buf];

	SIM_ASSERT(b->alive && b->nr_import && b->nr_attach && b->nr_maps);
	b->nr_maps--;
	b->nr_attach--;
	b->nr_import--;
	if (o->import_pinned)
		attach_unpin(s, b);
	o->import_pinned = false;
	/* the exporter's dma-buf lost a mapping (invariant 5 reads nr_maps) */
	gem_mark_dirty(s, shm_get(s, b->bo), SHM_D_STATE);
}

void dmabuf_destroy_buf(struct sim *s, uint32_t buf)
{
	struct dmabuf_buf *b = &s->gem->bufs[buf];

	SIM_ASSERT(b->alive && !b->nr_attach && !b->nr_import);
	b->alive = false;
}

/* An export still attached or imported cannot be freed: warn (shm_free() refuses it). */
bool dmabuf_export_busy(struct sim *s, const struct shm_object *o)
{
	const struct dmabuf_buf *b;

	if (o->dma_buf == SIM_NONE)
		return false;
	b = &s->gem->bufs[o->dma_buf];
	if (!b->nr_attach && !b->nr_import)
		return false;
	sim_warn(s, "free of %s while its dma-buf %s has %u attachment(s), %u importer(s)",
		 shm_bo_name(s, o), sim_name(s, SIM_K_BUF, o->dma_buf), b->nr_attach, b->nr_import);
	return true;
}
