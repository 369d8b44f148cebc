/* SPDX-License-Identifier: MIT */
/*
 * gpu/gpu_int.h - state shared by the files of gpu/ only (not for sim/ or gem/).
 *
 *   struct gpu
 *     devs[d] ..... TLB, AS slots, queues[], AS wait list        (gpu.c, job.c)
 *     vms[v] ...... mmu (lazy), VA allocator, running jobs       (vm.c)
 *     maps[m] ..... GPU mappings, a pool with a free list        (vm.c)
 *     bo_maps[bo] . first mapping of each object slot, grown on demand
 *     jobs[j] ..... jobs, a pool with a free list                (job.c)
 *
 * A mapping is linked into its object's list and is also the id of its
 * node in the VM's VA tree, so both "every mapping of this object" (evict,
 * swap-in, checks) and "which mapping holds this VA" (faults) are cheap:
 *
 *   bo_maps[bo] -> maps[3] <-> maps[7] <-> maps[1]     (one per VM at most)
 *                   vm 0        vm 2        vm 5
 *
 * Jobs of a device queue form a FIFO through jobs[].next; only the head
 * can be running.  A head that cannot get an AS slot joins the device's
 * wait list (jobs[].wnext) and is retried whenever a job retires.
 *
 *   job states:  QUEUED --(head, stall over)--> (slot?) --> RUNNING --> retired
 *                  |  head, swap-in stall pending: STALLED (wake event)
 *                  |  no AS slot free: WAIT_AS (retried on retire)
 *                RUNNING --(GPU fault)--> KILLED (until its end event frees it)
 */
#ifndef GEMSIM_GPU_GPU_INT_H
#define GEMSIM_GPU_GPU_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "gpu/gpu.h"
#include "gpu/mmu.h"
#include "gpu/vm.h"
#include "sim/sim.h"

/** struct vm_mapping - one GPU mapping of an object (panfrost_gem_mapping). */
struct vm_mapping {
	uint64_t va;     /* first page (VA >> 12) */
	uint64_t npages; /* length: the object's size when mapped */
	uint32_t vm;     /* VM slot */
	uint32_t bo;     /* object slot */
	uint32_t node;   /* node in the VM's VA tree */
	uint32_t prev;   /* the object's mapping list; SIM_NONE ends it */
	uint32_t next;   /* ... and the free list of the pool */
	bool alive;
	bool heap;     /* the object was a heap object when mapped */
	bool imported; /* no use reference was taken (import sg table) */
};

/** struct gpu_vm - one GPU VM (panfrost_mmu / panthor_vm). */
struct gpu_vm {
	uint32_t dev;      /* device slot */
	struct mmu *mmu;   /* page tables; NULL until the first mapping */
	uint64_t pt_pages; /* mmu_table_pages() as last accounted */
	struct vm_va va;   /* VA allocator */
	uint32_t nrunning; /* running jobs: the VM is active */
};

/** struct gpu_queue - one hardware job queue (a drm_sched instance). */
struct gpu_queue {
	uint32_t head, tail; /* FIFO of jobs; SIM_NONE when empty */
	uint32_t njobs;
	sim_ns free_at; /* expected end of its last job (valid when njobs > 0) */
};

/** struct gpu_dev - one GPU. */
struct gpu_dev {
	unsigned va_bits;
	struct tlb *tlb;
	struct as_mgr *as;
	uint32_t nqueues;
	struct gpu_queue *queues;
	uint32_t wait_head, wait_tail; /* queue heads waiting for an AS slot */
};

enum job_state {
	JOB_FREE,
	JOB_QUEUED,  /* in a queue, not started */
	JOB_STALLED, /* head of its queue, waiting for its swap-in (wake event pending) */
	JOB_WAIT_AS, /* head of its queue, waiting for an AS slot */
	JOB_RUNNING, /* on the GPU; its end event is pending */
	JOB_KILLED,  /* killed by a fault; its end event is still pending */
};

/** struct job - one submitted job (panfrost_job) and its fence. */
struct job {
	uint8_t state; /* enum job_state */
	bool faults;   /* uses a purged object (mainline accepts it): faults at start */
	uint32_t vm, dev, queue;
	uint32_t name; /* SIM_K_JOB name slot, or SIM_NONE */
	/* its objects as the submission looked them up (a slot is objs[k]->slot),
	 * kept allocated across reuse of the job slot */
	struct shm_object **objs;
	uint32_t nbos, cap_bos;
	sim_ns ready_at; /* submission + swap-in stall */
	sim_ns duration;
	sim_ns est_end;    /* expected end at submission: the fences' deadline */
	sim_ns start, end; /* when running */
	uint32_t next;     /* queue FIFO, or the free list */
	uint32_t wnext;    /* device AS wait list */
};

struct gpu {
	struct gpu_dev *devs;
	uint32_t ndevs;
	struct gpu_vm *vms;
	uint32_t nvms;

	struct vm_mapping *maps;
	uint32_t nmaps, cap_maps, free_map;
	uint32_t *bo_maps; /* object slot -> first mapping, SIM_NONE */
	uint32_t nbo_maps;

	struct job *jobs;
	uint32_t njobs, cap_jobs, free_job;
	uint32_t jobs_live; /* not free */

	uint64_t pt_pages; /* live page-table pages over all VMs */
};

/* vm.c */

/* The first mapping of object @bo (its list through maps[].next), or SIM_NONE. */
static inline uint32_t vm_bo_first(const struct gpu *g, uint32_t bo)
{
	return bo < g->nbo_maps ? g->bo_maps[bo] : SIM_NONE;
}

/* The mapping of @bo in @vm, or SIM_NONE.  Inline: a submission asks it per object. */
static inline uint32_t vm_find_mapping(const struct gpu *g, uint32_t vm, uint32_t bo)
{
	for (uint32_t m = vm_bo_first(g, bo); m != SIM_NONE; m = g->maps[m].next)
		if (g->maps[m].vm == vm)
			return m;
	return SIM_NONE;
}

int vm_mmu(struct sim *s, uint32_t vm, struct mmu **out);
void vm_pt_account(struct sim *s, uint32_t vm);
uint32_t vm_mapping_at(const struct gpu *g, uint32_t vm, uint64_t va);
int vm_map_present(struct sim *s, uint32_t m, uint64_t first, uint64_t n);
void vm_flush_range(struct sim *s, uint32_t vm, uint64_t va_page, uint64_t npages);
void vm_zap_bo(struct sim *s, uint32_t bo);
void vm_unmap_bo(struct sim *s, uint32_t bo);
int vm_remap_bo(struct sim *s, uint32_t bo);
void vm_check_bo(struct sim *s, uint32_t bo);
uint64_t vm_hash_bo(struct sim *s, uint32_t bo);
void vm_destroy_all(struct gpu *g);

/* job.c */
int job_pool_init(struct gpu *g);
void job_destroy_all(struct gpu *g);
void job_kill_vm(struct sim *s, uint32_t vm);
void job_stall_vm(struct sim *s, uint32_t vm, sim_ns delay);
bool job_vm_uses(const struct sim *s, uint32_t vm, uint32_t bo);
int job_as_get(struct sim *s, uint32_t dev, uint32_t vm);
void job_retry_waiters(struct sim *s, uint32_t dev);

/* gpu.c */
int gpu_errno(int mmu_ret);

#endif /* GEMSIM_GPU_GPU_INT_H */
