/* SPDX-License-Identifier: MIT */
/*
 * gem/dmabuf.h - sharing objects between devices (dma-buf, PRIME).
 *
 * Models drm_prime.c's GEM side of dma-buf with the shmem helpers:
 *
 *   export(bo -> buf)        drm_gem_prime_export: bo becomes shared; an
 *                            exported object is never purged or evicted
 *   attach(buf, dev -> att)  drm_gem_map_attach -> drm_gem_pin: pins the
 *                            exporter's pages (policy.attach_pins)
 *   map_attachment(att)      drm_gem_map_dma_buf -> get_sg_table: a fresh
 *                            table of the exporter's pages per mapping; it
 *                            takes no reference of its own and relies on
 *                            the attachment's pin
 *   unmap_attachment(att)    frees that table
 *   detach(att)              drm_gem_map_detach -> drm_gem_unpin
 *   import(buf -> bo)        drm_gem_prime_import on another device: an
 *                            attachment plus a mapping, kept by a new
 *                            object that owns no pages (imported: never
 *                            reclaimable, pin and get_pages refused, vmap
 *                            and mmap go to the exporter)
 *
 *   bufs[buf]  { bo, nr_attach, nr_import, nr_maps }
 *   atts[att]  { buf, device, pinned, nr_maps }
 *
 * A buf lives as long as its exporter: freeing the exporter while
 * attachments or importers remain is refused (in the kernel they hold a
 * reference that keeps the object alive).
 */
#ifndef GEMSIM_GEM_DMABUF_H
#define GEMSIM_GEM_DMABUF_H

#include <stdint.h>

#include "sim/sim.h"

/** dmabuf_export() - export object @bo as dma-buf @buf.
 * Returns: 0, GEMSIM_EINVAL when @buf is in use, @bo is already exported or
 * is itself imported, GEMSIM_ENOMEM (host memory), GEMSIM_ENOENT. */
int dmabuf_export(struct sim *s, uint32_t bo, uint32_t buf);

/** dmabuf_import() - make object slot @bo an import of @buf (another device's view).
 *
 * Attaches (pinning the exporter when policy.attach_pins) and maps.
 * Returns: 0, GEMSIM_EINVAL when slot @bo is alive or the exporter has no
 * pages in memory to map (warning), GEMSIM_ENOMEM, GEMSIM_ENOENT. */
int dmabuf_import(struct sim *s, uint32_t buf, uint32_t bo);

/** dmabuf_attach() - device @device attaches to @buf as @att.
 * Returns: 0, GEMSIM_EINVAL when @att is in use, GEMSIM_ENOMEM (the pin
 * could not get pages), GEMSIM_ENOENT. */
int dmabuf_attach(struct sim *s, uint32_t buf, uint32_t att, uint32_t device);

/** dmabuf_detach() - remove attachment @att, unpinning what it pinned.
 * A detach with live mappings WARNs and unmaps them.
 * Returns: 0, GEMSIM_ENOENT. */
int dmabuf_detach(struct sim *s, uint32_t att);

/** dmabuf_map_attachment() - build a table of the exporter's pages for @att.
 * Returns: 0, GEMSIM_EINVAL with a warning when the exporter has no pages
 * in memory (the kernel would read a NULL page array), GEMSIM_ENOENT. */
int dmabuf_map_attachment(struct sim *s, uint32_t att);

/** dmabuf_unmap_attachment() - free one table of @att.
 * Returns: 0, GEMSIM_EINVAL with a warning when none is mapped, GEMSIM_ENOENT. */
int dmabuf_unmap_attachment(struct sim *s, uint32_t att);

/** dmabuf_buf_exporter() - Returns: the exporter's slot of @buf, or SIM_NONE. */
uint32_t dmabuf_buf_exporter(const struct sim *s, uint32_t buf);

#endif
