/* SPDX-License-Identifier: MIT */
/*
 * gem/inspect.h - read-only views of the object model for front ends.
 *
 * The viewer's "who holds what" cards (docs/viewer.md) draw every holder
 * of an object's pages: its CPU mappings (VMAs), the kernel vmap, GPU VM
 * mappings, dma-buf attachments and the stored sg table.  The counts live
 * in struct shm_object (shm.h); the VMAs and dma-bufs behind them live in
 * gem's private tables, and these functions read them without changing
 * anything, so a picture never moves the model.
 */
#ifndef GEMSIM_GEM_INSPECT_H
#define GEMSIM_GEM_INSPECT_H

#include <stdint.h>

#include "sim/sim.h"

/**
 * shm_vma_next() - walk the CPU mappings (VMAs) of object @bo.
 * @map: SIM_NONE for the first, else the previous answer.
 * Returns: the next mapping's slot (name it with sim_name(s, SIM_K_MAP, ..)),
 * or SIM_NONE after the last, or when @bo does not exist.
 */
uint32_t shm_vma_next(struct sim *s, uint32_t bo, uint32_t map);

/** shm_vma_nr_ptes() - Returns: the CPU page-table entries mapping @map has
 * set (pages faulted in and not zapped since), 0 for no such mapping. */
uint64_t shm_vma_nr_ptes(struct sim *s, uint32_t map);

/** struct dmabuf_info - one exported dma-buf, as the kernel counts it. */
struct dmabuf_info {
	uint32_t bo;        /* the exporter */
	uint32_t nr_attach; /* live attachments (scenario's and imports') */
	uint32_t nr_import; /* objects imported from it */
	uint32_t nr_maps;   /* live attachment mappings (sg tables) */
	uint32_t nr_pins;   /* pins its attachments hold on the exporter */
};

/** dmabuf_get_info() - fill @out for dma-buf @buf.
 * Returns: 0, or GEMSIM_ENOENT when @buf is not exported. */
int dmabuf_get_info(const struct sim *s, uint32_t buf, struct dmabuf_info *out);

#endif
