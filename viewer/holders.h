/* SPDX-License-Identifier: MIT */
/*
 * viewer/holders.h - who holds an object's pages, for the "holders" view
 * (SDL-free: the test runner checks it).
 *
 * An object's pages_use_count and pages_pin_count are sums; the card view
 * (docs/viewer.md, "Who holds what") takes them apart into the holders a
 * kernel developer names: the driver's pins, the kernel vmap, each CPU
 * mapping (VMA), each GPU VM mapping, the dma-buf export and its
 * attachments (two holders: the export lasts after the last detach), the
 * stored sg table, and plain get_pages references.
 *
 *   holder        reference it holds              drawn
 *   pin           pages_pin_count (+ its use)     solid: the shrinker must not
 *   vmap          one use, or one pin (vmap_pins) dashed (weak) or solid
 *   VMA           one use (drm_gem_shmem_mmap)    dashed: faults pages back in
 *   GPU VM        one use per mapping             dashed
 *   export        a GEM reference (the dma-buf's) solid: an exported object is
 *                                                 never evicted nor purged
 *   attachments   a pin per pinning attachment    solid while pinned
 *   sg table      one use                         dashed
 *   get_pages     the use references left         dashed
 *
 * A holder is *stale* when it still points at pages the shrinker took: a
 * vmap without a pin after reclaim (the kernel address has no fault
 * handler), or a pin of an object whose pages are gone (a broken policy).
 * A VMA is never stale: the shrinker zaps its PTEs and the next access
 * faults the page back in.
 */
#ifndef GEMSIM_VIEWER_HOLDERS_H
#define GEMSIM_VIEWER_HOLDERS_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/scenario.h"
#include "sim/sim.h"

enum view_holder_kind {
	VH_PIN,
	VH_VMAP,
	VH_EXPORT,
	VH_VMA,
	VH_GPU,
	VH_DMABUF,
	VH_SGT,
	VH_HEAP,
	VH_USE,
	VH_COUNT
};

struct view_holder {
	uint8_t kind;   /* enum view_holder_kind */
	bool hard;      /* holds a pin: the pages must stay */
	bool stale;     /* points at pages the shrinker took */
	uint32_t id;    /* VMA, VM or dma-buf slot; SIM_NONE */
	uint32_t count; /* references it holds (vmap: vmap_use_count) */
	uint64_t pages; /* pages it maps now (VMA PTEs, GPU), 0 when n/a */
	char label[72]; /* "vmap (kernel vaddr)", "VMA tex_map (mmap)" */
	char brief[72]; /* the same for a narrow picture: "vmap", "VMA tex_map" */
	char note[48];  /* "weak: no pin", "pins", "pages taken" */
};

#define VIEW_HOLDERS_MAX 12

/**
 * view_holders() - the holders of object @bo now.
 * @sc: the scenario (names of VMs).
 * @out: room for @max holders, strongest first (pins, vmap, dma-buf export,
 *       its attachments, VMAs, GPU VMs, sg table, heap, get_pages).
 * Returns: how many were written (0 when @bo has none or does not exist).
 */
unsigned view_holders(struct sim *s, const struct scenario *sc, uint32_t bo,
		      struct view_holder *out, unsigned max);

/** view_holder_stale_any() - Returns: true when a holder of @bo is stale. */
bool view_holder_stale_any(struct sim *s, const struct scenario *sc, uint32_t bo);

/**
 * view_cards_pick() - the objects the holders view shows as cards, at most
 * @max, in slot order: every live object when they fit; else first those
 * with a stale holder, then with any holder, then the rest.
 * Returns: how many were written; *@more: objects left out.
 */
unsigned view_cards_pick(struct sim *s, const struct scenario *sc, uint32_t *out, unsigned max,
			 uint32_t *more);

#endif
