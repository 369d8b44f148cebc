// SPDX-License-Identifier: MIT
/*
 * viewer/holders.c - who holds an object's pages (viewer/holders.h).
 */
#include "viewer/holders.h"

#include <stdio.h>
#include <string.h>

#include "gem/inspect.h"
#include "gem/shm.h"
#include "gpu/gpu.h"

static struct view_holder *add(struct view_holder *out, unsigned *n, unsigned max,
			       enum view_holder_kind kind, uint32_t id, uint32_t count)
{
	struct view_holder *h;

	if (*n >= max)
		return NULL;
	h = &out[(*n)++];
	*h = (struct view_holder){ .kind = (uint8_t)kind, .id = id, .count = count };
	return h;
}

/* pages gone from RAM: what a holder that should keep them finds */
static bool pages_taken(const struct shm_object *o)
{
	return o->evicted || o->madv < 0;
}

/*
 * Exported @o: the export holds a GEM reference, no page one, but an exported object is
 * never evictable nor purgeable (is_evictable(), is_purgeable()): its pages
 * stay after the last detach.  Its attachments are a holder apart.
 * Returns: @n plus the holders added.
 */
static unsigned dmabuf_holders(struct sim *s, const struct shm_object *o,
			       const struct dmabuf_info *di, struct view_holder *out, unsigned n,
			       unsigned max)
{
	struct view_holder *h;

	if ((h = add(out, &n, max, VH_EXPORT, o->dma_buf, 1))) {
		h->hard = true;
		h->stale = pages_taken(o);
		snprintf(h->label, sizeof(h->label), "dma-buf %s (export)",
			 sim_name(s, SIM_K_BUF, o->dma_buf));
		snprintf(h->brief, sizeof(h->brief), "export %s",
			 sim_name(s, SIM_K_BUF, o->dma_buf));
		snprintf(h->note, sizeof(h->note), "%s",
			 h->stale ? "pages taken!" : "shared: never reclaimed");
	}
	if ((di->nr_attach || di->nr_import) &&
	    (h = add(out, &n, max, VH_DMABUF, o->dma_buf, di->nr_attach))) {
		h->hard = di->nr_pins > 0;
		h->stale = h->hard && pages_taken(o);
		snprintf(h->label, sizeof(h->label), "%s attachments",
			 sim_name(s, SIM_K_BUF, o->dma_buf));
		snprintf(h->brief, sizeof(h->brief), "attached");
		snprintf(h->note, sizeof(h->note), "%u attachment%s%s", di->nr_attach,
			 di->nr_attach == 1 ? "" : "s", di->nr_pins ? ", pinned" : "");
	}
	return n;
}

/* Each CPU mapping (VMA) of @bo and each GPU VM mapping it. Returns: @n plus those added. */
static unsigned mapping_holders(struct sim *s, const struct scenario *sc, uint32_t bo,
				struct view_holder *out, unsigned n, unsigned max)
{
	struct view_holder *h;

	for (uint32_t m = shm_vma_next(s, bo, SIM_NONE); m != SIM_NONE;
	     m = shm_vma_next(s, bo, m)) {
		h = add(out, &n, max, VH_VMA, m, 1);
		if (!h)
			return n;
		h->pages = shm_vma_nr_ptes(s, m);
		snprintf(h->label, sizeof(h->label), "VMA %s (mmap)", sim_name(s, SIM_K_MAP, m));
		snprintf(h->brief, sizeof(h->brief), "VMA %s", sim_name(s, SIM_K_MAP, m));
		snprintf(h->note, sizeof(h->note), "%llu page%s mapped",
			 (unsigned long long)h->pages, h->pages == 1 ? "" : "s");
	}
	for (uint32_t vm = 0; s->gpu && sc && vm < sc->nnames[SIM_K_VM]; vm++) {
		uint64_t va;

		if (gpu_vm_va(s, vm, bo, &va))
			continue;
		h = add(out, &n, max, VH_GPU, vm, 1);
		if (!h)
			return n;
		snprintf(h->label, sizeof(h->label), "GPU VM %s", sim_name(s, SIM_K_VM, vm));
		snprintf(h->brief, sizeof(h->brief), "VM %s", sim_name(s, SIM_K_VM, vm));
		snprintf(h->note, sizeof(h->note), "at 0x%llx", (unsigned long long)va);
	}
	return n;
}

unsigned view_holders(struct sim *s, const struct scenario *sc, uint32_t bo,
		      struct view_holder *out, unsigned max)
{
	const struct shm_object *o = shm_get(s, bo);
	struct dmabuf_info di = { 0 };
	bool vmap_pins = s->cfg.policy.vmap_pins, exported;
	int64_t pins, uses;
	struct view_holder *h;
	unsigned n = 0;

	if (!o)
		return 0;
	exported = o->dma_buf != SIM_NONE && !dmabuf_get_info(s, o->dma_buf, &di);
	/* pages_pin_count less the pins other holders account for */
	pins = o->pages_pin_count - (vmap_pins && o->vmap_use_count > 0) -
	       (exported ? (int64_t)di.nr_pins : 0);
	/* pages_use_count less the references other holders account for */
	uses = o->pages_use_count - (o->pages_pin_count > 0) -
	       (!vmap_pins && o->vmap_use_count > 0) - (int64_t)o->nr_vmas -
	       (int64_t)o->nr_gpu_maps - o->sgt - o->heap_ref;

	if (pins > 0 && (h = add(out, &n, max, VH_PIN, SIM_NONE, (uint32_t)pins))) {
		h->hard = true;
		h->stale = pages_taken(o);
		snprintf(h->label, sizeof(h->label), pins > 1 ? "pin x%u" : "pin", (unsigned)pins);
		snprintf(h->brief, sizeof(h->brief), "%s", h->label);
		snprintf(h->note, sizeof(h->note), "%s", h->stale ? "pages taken!" : "hard");
	}
	if (o->vmap_use_count > 0 &&
	    (h = add(out, &n, max, VH_VMAP, SIM_NONE, (uint32_t)o->vmap_use_count))) {
		h->hard = vmap_pins;
		h->stale = o->vmap_stale || pages_taken(o);
		snprintf(h->label, sizeof(h->label), "vmap (kernel vaddr)");
		snprintf(h->brief, sizeof(h->brief), "vmap");
		snprintf(h->note, sizeof(h->note), "%s",
			 h->stale  ? "still points at them" :
			 vmap_pins ? "pins" :
				     "weak: no pin");
	}
	if (exported)
		n = dmabuf_holders(s, o, &di, out, n, max);
	n = mapping_holders(s, sc, bo, out, n, max);
	if (o->sgt && (h = add(out, &n, max, VH_SGT, SIM_NONE, 1))) {
		snprintf(h->label, sizeof(h->label), "sg table (stored)");
		snprintf(h->brief, sizeof(h->brief), "sgt");
		snprintf(h->note, sizeof(h->note), "get_pages_sgt");
	}
	if (o->heap_ref && (h = add(out, &n, max, VH_HEAP, SIM_NONE, 1))) {
		snprintf(h->label, sizeof(h->label), "GPU heap fault");
		snprintf(h->brief, sizeof(h->brief), "heap");
		snprintf(h->note, sizeof(h->note), "grows on fault");
	}
	if (uses > 0 && (h = add(out, &n, max, VH_USE, SIM_NONE, (uint32_t)uses))) {
		snprintf(h->label, sizeof(h->label), uses > 1 ? "get_pages x%u" : "get_pages",
			 (unsigned)uses);
		snprintf(h->brief, sizeof(h->brief), "%s", h->label);
		snprintf(h->note, sizeof(h->note), "use reference");
	}
	return n;
}

bool view_holder_stale_any(struct sim *s, const struct scenario *sc, uint32_t bo)
{
	struct view_holder hs[VIEW_HOLDERS_MAX];
	unsigned n = view_holders(s, sc, bo, hs, VIEW_HOLDERS_MAX);

	for (unsigned i = 0; i < n; i++)
		if (hs[i].stale)
			return true;
	return false;
}

/* 2: a stale holder, 1: any holder, 0: none */
static int interest(struct sim *s, const struct scenario *sc, uint32_t bo)
{
	struct view_holder hs[VIEW_HOLDERS_MAX];
	unsigned n = view_holders(s, sc, bo, hs, VIEW_HOLDERS_MAX);
	int best = 0;

	for (unsigned i = 0; i < n; i++)
		best = hs[i].stale ? 2 : best > 1 ? best : 1;
	return best;
}

unsigned view_cards_pick(struct sim *s, const struct scenario *sc, uint32_t *out, unsigned max,
			 uint32_t *more)
{
	uint32_t nslots = shm_slot_count(s), alive = 0;
	unsigned n = 0;

	for (uint32_t bo = 0; bo < nslots; bo++)
		alive += shm_get(s, bo) != NULL;
	*more = 0;
	if (alive <= max) {
		for (uint32_t bo = 0; bo < nslots; bo++)
			if (shm_get(s, bo))
				out[n++] = bo;
		return n;
	}
	/* too many: take the most telling first, then put them in slot order */
	for (int want = 2; want >= 0 && n < max; want--)
		for (uint32_t bo = 0; bo < nslots && n < max; bo++)
			if (shm_get(s, bo) && interest(s, sc, bo) == want)
				out[n++] = bo;
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && out[j - 1] > out[j]; j--) {
			uint32_t t = out[j];

			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	*more = alive - n;
	return n;
}
