/* SPDX-License-Identifier: MIT */
/*
 * gpu/gpu.h - the GPU side of gemsim: devices, GPU VMs, jobs and fences.
 *
 * What the engine (run/run.c), the tests and the viewer call.  The model
 * follows panfrost (drivers/gpu/drm/panfrost: panfrost_mmu.c for address
 * spaces, mappings and heap growth on fault, panfrost_gem.c for one mapping
 * per object and VM, panfrost_job.c for submission) on top of the fake MMU
 * of gpu/mmu.h, and the shmem helper's shrinker-era contract for the
 * objects (gem/shm.h): a GPU mapping is a *weak* reference, the shrinker may
 * evict the pages (the GPU side zaps its PTEs and keeps the VA) and the next
 * job submission swaps them back in (the GPU side rewrites the PTEs).
 *
 *   struct gpu (s->gpu)
 *     devs[d]   one per scenario device: TLB, AS slots, job queues
 *     vms[v]    one per scenario VM: page tables (struct mmu), VA allocator
 *     maps[m]   one per live GPU mapping: (vm, bo, VA range), linked per bo
 *     jobs[j]   submitted jobs not yet retired, a pool with a free list
 *
 * Installing the GPU side (gpu_create) sets the hooks of struct sim that
 * the object model calls when pages move: gpu_zap_bo (evict, purge, free),
 * gpu_remap_bo (swap-in), gpu_check_bo (invariant 5) and gpu_destroy.
 *
 * docs/gpu.md describes the model and the stats it produces.  Results are
 * 0 or a negative GEMSIM_E* code; nothing here prints.
 */
#ifndef GEMSIM_GPU_GPU_H
#define GEMSIM_GPU_GPU_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/sim.h"

struct scenario;
struct mmu;
struct tlb;
struct as_mgr;

/* The lowest GPU VA a mapping may use (panfrost keeps the first 32 MiB free). */
#define GPU_VA_START (32ull << 20)

/**
 * gpu_create() - set up the devices and VMs of @sc and install the hooks
 * @s: the run (s->gpu must be NULL)
 * @sc: the scenario: devices[] (nnames[SIM_K_DEVICE] entries), vms[]
 *      (nnames[SIM_K_VM] entries, each naming its device)
 *
 * Page tables of a VM are created by its first mapping.  Freed by
 * gem_sim_destroy() through s->gpu_destroy.
 *
 * Returns: 0; GEMSIM_EINVAL when a setting is out of range or a VM names
 * a device that does not exist; GEMSIM_ENOMEM (host memory).  On failure
 * nothing is installed.
 */
int gpu_create(struct sim *s, const struct scenario *sc);

/**
 * gpu_map() - map object @bo into VM @vm (panfrost_gem_open + panfrost_mmu_map)
 * @s: the run
 * @vm: VM slot
 * @bo: object slot
 * @has_va: place the mapping at @va; else the lowest free VA (first fit,
 *	    2 MiB aligned for objects of 2 MiB or more)
 * @va: byte address, page aligned, inside [GPU_VA_START, 2^va_bits)
 *
 * Takes a use reference on the object (none for an imported object, whose
 * import sg table stands for it), reserves the VA and writes PTEs for the
 * pages in RAM, as 2 MiB blocks where VA and frames allow.  An evicted
 * object gets its PTEs at the next swap-in; a heap object gets none: its
 * pages arrive chunk by chunk on GPU faults.  As in panfrost, an object
 * has at most one mapping per VM.
 *
 * Returns: 0; GEMSIM_EINVAL (misaligned or out-of-range @va, overlap, the
 * object is already mapped in @vm); GEMSIM_ENOSPC (no room for an automatic
 * VA); GEMSIM_ENOMEM (purged object, no frames, page-table allocation);
 * GEMSIM_ENOENT (unknown VM or object).
 */
int gpu_map(struct sim *s, uint32_t vm, uint32_t bo, bool has_va, uint64_t va);

/**
 * gpu_unmap() - remove the mapping of @bo from @vm (panfrost_gem_close)
 * @s: the run
 * @vm: VM slot
 * @bo: object slot
 *
 * Clears the PTEs, flushes the TLB for the range (when the VM holds an AS
 * slot: panfrost_mmu_flush_range), verifies nothing of the range is left
 * (invariant 5), frees the VA and drops the use reference.  Unmapping an
 * object a running job of @vm uses WARNs (the kernel keeps the mapping
 * until the job retires) and goes on.
 *
 * Returns: 0; GEMSIM_EINVAL when @bo is not mapped in @vm (or the put of
 * the reference warns); GEMSIM_ENOENT (unknown VM, or an object that does
 * not exist: freeing an object removes its mappings).
 */
int gpu_unmap(struct sim *s, uint32_t vm, uint32_t bo);

/**
 * gpu_submit() - submit a job on @vm using @bos for @duration (panfrost_ioctl_submit)
 * @s: the run
 * @vm: VM slot
 * @bos: object slots (copied)
 * @nbos: how many
 * @duration: run time once started
 * @job: the job's name slot (SIM_K_JOB) for messages, or SIM_NONE
 *
 * Locks every object's reservation for the submission, swaps evicted ones
 * in (the job's start is delayed by pages * costs.swap_in, counted in
 * job_swapin_stall_ns), touches them for the LRU, adds the job's fence to
 * each (the objects are busy until it signals) and queues the job on the
 * device queue that frees up first.  The job starts when it reaches the
 * head of its queue, its swap-in is done and its VM gets an AS slot.
 *
 * A job may use no object at all.
 *
 * Returns: 0; GEMSIM_ENOMEM (a purged object, where the driver refuses it
 * (shm_job_check()): nothing changed; or swap-in failed, or host memory);
 * GEMSIM_EINVAL (an object not mapped in @vm: panfrost_lookup_bos; v19
 * panfrost: an object not WILLNEED); GEMSIM_ENOENT (unknown VM or object).
 * Mainline panfrost accepts a purged object: the job faults at its start.
 * Failures count in jobs_failed.
 */
int gpu_submit(struct sim *s, uint32_t vm, const uint32_t *bos, uint32_t nbos, sim_ns duration,
	       uint32_t job);

/**
 * gpu_access() - one GPU memory access by @vm at @va
 * @s: the run
 * @vm: VM slot
 * @va: byte address
 * @write: a write (no effect on the translation)
 *
 * The VM is made resident in an AS slot if it is not (as_get/as_put; this
 * may steal an idle VM's slot).  Then TLB lookup; on a miss, a page-table
 * walk whose result is cached.  A translation fault inside a heap mapping
 * grows the heap by the 2 MiB chunk holding @va and maps it
 * (panfrost_mmu_map_fault_addr); the VM's running jobs are held up by the
 * fault's cost.  Any other fault - no mapping, or the object is evicted or
 * purged, with or without a running job - is a GPU page fault: counted in
 * gpu_faults, and every running job of @vm is killed (its fences signal
 * now, jobs_killed).
 *
 * Returns: 0; GEMSIM_EFAULT (GPU page fault); GEMSIM_ENOMEM (heap growth
 * failed: also a GPU fault); GEMSIM_EBUSY (every AS slot of the device is
 * held by running jobs); GEMSIM_ENOENT (unknown VM).
 */
int gpu_access(struct sim *s, uint32_t vm, uint64_t va, bool write);

/**
 * gpu_job_done() - handler of SIM_Q_JOB_DONE events
 * @s: the run
 * @arg: the event's argument: a job slot, with GPU_JOB_WAKE set when the
 *	 job's swap-in stall is over (it may start), else its end is due
 *
 * A job that ends signals its fences, releases its AS slot, counts in
 * jobs_completed and lets the next job of its queue and any job waiting
 * for an AS slot start.  An event for a killed job only frees its slot; a
 * job held up by a fault since the event was scheduled is rescheduled.
 */
void gpu_job_done(struct sim *s, uint32_t arg);

#define GPU_JOB_WAKE 0x80000000u

/**
 * gpu_vm_mapped_pages() - translatable pages of @vm (the VM.mapped_pages key)
 * @s: the run
 * @vm: VM slot
 *
 * Returns: 4 KiB pages with a valid PTE (a block counts 512); 0 for an
 * unknown VM.
 */
uint64_t gpu_vm_mapped_pages(const struct sim *s, uint32_t vm);

/**
 * gpu_vm_va() - where @bo is mapped in @vm
 * @s: the run
 * @vm: VM slot
 * @bo: object slot
 * @va: out, byte address of the mapping
 *
 * Returns: 0, or GEMSIM_ENOENT when it is not mapped there.
 */
int gpu_vm_va(const struct sim *s, uint32_t vm, uint32_t bo, uint64_t *va);

/**
 * gpu_vm_active() - Returns: whether @vm has running jobs (panfrost: the
 * AS is "active" and cannot be stolen).
 */
bool gpu_vm_active(const struct sim *s, uint32_t vm);

/**
 * gpu_vm_mmu() - the page tables of @vm, for tests and the viewer
 * @s: the run
 * @vm: VM slot
 *
 * Returns: the mmu, or NULL before the VM's first mapping.  Writing through
 * it bypasses the model (tests use that to corrupt a PTE on purpose).
 */
struct mmu *gpu_vm_mmu(struct sim *s, uint32_t vm);

/** gpu_dev_tlb() - Returns: the TLB of device @dev, or NULL. */
struct tlb *gpu_dev_tlb(struct sim *s, uint32_t dev);

/** gpu_dev_as() - Returns: the AS slot manager of device @dev, or NULL. */
struct as_mgr *gpu_dev_as(struct sim *s, uint32_t dev);

/** gpu_pt_pages() - Returns: live GPU page-table pages over all VMs. */
uint64_t gpu_pt_pages(const struct sim *s);

/** gpu_jobs_pending() - Returns: jobs submitted and not yet retired. */
uint32_t gpu_jobs_pending(const struct sim *s);

#endif /* GEMSIM_GPU_GPU_H */
