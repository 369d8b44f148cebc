/* SPDX-License-Identifier: MIT */
/*
 * base/stats.h - the counters a run reports.
 *
 * One X-macro list is the single source of truth: it declares the fields of
 * struct sim_stats, the names printed in `--json` output, and the keys that
 * scenario expectations may name as `stats.NAME`.  Adding a counter is one
 * line here; every consumer picks it up.
 *
 * Counters only ever grow, except the `_now` gauges which are sampled.
 */
#ifndef GEMSIM_SIM_STATS_H
#define GEMSIM_SIM_STATS_H

#include <stddef.h>
#include <stdint.h>

#define SIM_STATS(X)                                                                            \
	/* the counters every run reports (docs/cli.md) */                                      \
	X(pages_allocated, "object pages given a frame")                                        \
	X(pages_freed, "object pages whose frame was released")                                 \
	X(pages_evicted, "pages written to swap by eviction")                                   \
	X(pages_purged, "pages dropped by purge")                                               \
	X(pages_swapped_in, "pages read back from swap")                                        \
	X(cpu_faults, "CPU page faults served by the fault handler")                            \
	X(gpu_faults, "unhandled GPU faults (they kill the VM's jobs)")                         \
	X(shrinker_scans, "shrinker scan_objects calls")                                        \
	X(shrinker_pages_freed, "pages the shrinker released")                                  \
	X(oom, "allocations that failed after reclaim")                                         \
	X(jobs_submitted, "GPU jobs accepted")                                                  \
	X(jobs_completed, "GPU jobs whose fence signalled")                                     \
	X(tlb_flushes, "TLB range or address-space flushes")                                    \
	X(peak_resident_pages, "highest number of frames owned by objects")                     \
	/* object model */                                                                      \
	X(objects_created, "objects created")                                                   \
	X(objects_freed, "objects freed")                                                       \
	X(objects_leaked, "objects v19 leaked: freed while still referenced")                   \
	X(pages_leaked, "frames and swap slots those objects kept for good")                    \
	X(objects_evicted, "evict operations that succeeded")                                   \
	X(objects_purged, "purge operations that succeeded")                                    \
	X(objects_swapped_in, "swap-in operations")                                             \
	X(cpu_fault_sigbus, "CPU faults that raised SIGBUS")                                    \
	X(cpu_fault_oom, "CPU faults that returned VM_FAULT_OOM")                               \
	X(cpu_zaps, "CPU PTEs removed by evict or purge")                                       \
	X(vmap_accesses, "CPU touches through a kernel mapping")                                \
	X(direct_reclaims, "allocations that ran the shrinker first")                           \
	X(background_reclaims, "background reclaim (kswapd-like) runs")                         \
	X(shrinker_objects_scanned, "objects the shrinker looked at")                           \
	X(shrinker_skipped_locked, "objects skipped: resv lock held")                           \
	X(shrinker_skipped_busy, "objects skipped: unsignalled fences")                         \
	X(shrinker_skipped_noswap, "objects not evicted: no swap space")                        \
	X(shrinker_busy_waits, "busy objects reclaimed after a bounded wait")                   \
	X(shrinker_busy_timeouts, "bounded waits that timed out (object skipped)")              \
	X(shrinker_busy_wait_ns, "time reclaim spent blocked in bounded waits")                 \
	X(shrinker_rotated, "objects a scan skipped and put back behind ones it never reached") \
	X(shrinker_stops, "scans that returned SHRINK_STOP")                                    \
	X(vmscan_shrink_slab, "do_shrink_slab calls by the vmscan driver")                      \
	X(vmscan_priority_drops, "vmscan rounds run at a lower priority than the one before")   \
	X(pressure_pages, "frames taken by other consumers")                                    \
	X(swap_slots_peak, "highest number of swap slots in use")                               \
	/* GPU side */                                                                          \
	X(jobs_killed, "GPU jobs killed by a fault or a purged object")                         \
	X(jobs_failed, "submissions that failed (purged object, ENOMEM)")                       \
	X(job_swapin_stall_ns, "time jobs waited for swap-in")                                  \
	X(gpu_accesses, "GPU memory accesses translated")                                       \
	X(tlb_hits, "GPU TLB hits")                                                             \
	X(tlb_misses, "GPU TLB misses (page-table walks)")                                      \
	X(pt_pages_peak, "highest number of GPU page-table pages")                              \
	X(heap_grows, "heap objects grown by a 2 MiB chunk on fault")                           \
	X(heap_fault_bailouts, "heap faults on a partly read chunk: nothing mapped")            \
	X(as_steals, "address-space slots taken from an idle VM")                               \
	X(gpu_ptes_zapped, "GPU PTEs cleared by evict or purge")                                \
	X(job_as_waits, "jobs that waited for a free address-space slot")                       \
	X(gpu_fault_stall_ns, "time jobs waited for heap-growth faults")                        \
	/* dma-buf */                                                                           \
	X(dmabuf_exports, "objects exported as dma-bufs")                                       \
	X(dmabuf_attaches, "attachments made by importing devices")                             \
	X(dmabuf_maps, "attachment mappings built")

struct sim_stats {
#define SIM_STAT_FIELD(name, doc) uint64_t name;
	SIM_STATS(SIM_STAT_FIELD)
#undef SIM_STAT_FIELD
};

/** struct stats_desc - name, help text and offset of one counter. */
struct stats_desc {
	const char *name;
	const char *doc;
	size_t offset;
};

extern const struct stats_desc sim_stat_descs[];
extern const size_t sim_stat_count;

/**
 * stats_find() - look a counter up by name.
 * @name: counter name, as in the JSON summary.
 *
 * Returns: its descriptor, or NULL.
 */
const struct stats_desc *stats_find(const char *name);

static inline uint64_t sim_stat_get(const struct sim_stats *st, const struct stats_desc *d)
{
	return *(const uint64_t *)(const void *)((const char *)st + d->offset);
}

#endif
