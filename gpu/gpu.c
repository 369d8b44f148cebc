// SPDX-License-Identifier: MIT
/*
 * gpu/gpu.c - setting the GPU side up and tearing it down, and GPU memory
 * accesses: TLB, page-table walk, heap growth on fault, GPU page faults.
 *
 * Models panfrost's MMU interrupt path: a translation fault in a heap
 * mapping is served by panfrost_mmu_map_fault_addr (the 2 MiB chunk
 * holding the address gets pages and PTEs, the job goes on); any other
 * fault is terminal: the AS is disabled, which kills the VM's jobs.
 */
#include <stdlib.h>

#include "gem/gem.h"
#include "gem/shm.h"
#include "gpu/gpu_int.h"
#include "sim/scenario.h"

#define NONE SIM_NONE
#define GPU_QUEUES_MAX 64u /* running_of() in job.c holds one job per queue */

int gpu_errno(int mmu_ret)
{
	switch (mmu_ret) {
	case 0: return 0;
	case MMU_ENOMEM: return GEMSIM_ENOMEM;
	case MMU_EFAULT: return GEMSIM_EFAULT;
	case MMU_EBUSY: return GEMSIM_EBUSY;
	default: return GEMSIM_EINVAL;
	}
}

/* ---- create and destroy ------------------------------------------------- */

static void gpu_free(struct gpu *g)
{
	if (!g)
		return;
	job_destroy_all(g);
	vm_destroy_all(g);
	for (uint32_t i = 0; i < g->ndevs; i++) {
		tlb_destroy(g->devs[i].tlb);
		as_destroy(g->devs[i].as);
		free(g->devs[i].queues);
	}
	free(g->devs);
	free(g);
}

static void gpu_destroy(struct sim *s)
{
	gpu_free(s->gpu);
	s->gpu = NULL;
	s->gpu_zap_bo = NULL;
	s->gpu_unmap_bo = NULL;
	s->gpu_remap_bo = NULL;
	s->gpu_check_bo = NULL;
	s->gpu_hash_bo = NULL;
	s->gpu_destroy = NULL;
}

static int dev_init(struct gpu_dev *d, const struct sim_device_cfg *cfg)
{
	if (cfg->va_bits < MMU_VA_BITS_MIN || cfg->va_bits > MMU_VA_BITS_MAX || !cfg->tlb_entries ||
	    cfg->tlb_entries > TLB_ENTRIES_MAX || !cfg->as_slots || cfg->as_slots > AS_SLOTS_MAX ||
	    !cfg->queues || cfg->queues > GPU_QUEUES_MAX)
		return GEMSIM_EINVAL;
	d->va_bits = cfg->va_bits;
	d->nqueues = cfg->queues;
	d->wait_head = d->wait_tail = NONE;
	d->tlb = tlb_create(cfg->tlb_entries);
	d->as = as_create(cfg->as_slots);
	d->queues = calloc(cfg->queues, sizeof(*d->queues));
	if (!d->tlb || !d->as || !d->queues)
		return GEMSIM_ENOMEM;
	for (uint32_t q = 0; q < cfg->queues; q++)
		d->queues[q].head = d->queues[q].tail = NONE;
	return 0;
}

int gpu_create(struct sim *s, const struct scenario *sc)
{
	uint32_t ndevs = sc->nnames[SIM_K_DEVICE], nvms = sc->nnames[SIM_K_VM];
	struct gpu *g;
	int ret = GEMSIM_ENOMEM;

	if (s->gpu)
		return GEMSIM_EINVAL;
	if ((ndevs && !sc->devices) || (nvms && (!sc->vms || !ndevs)))
		return GEMSIM_EINVAL;
	g = calloc(1, sizeof(*g));
	if (!g)
		return GEMSIM_ENOMEM;
	g->free_map = g->free_job = NONE;
	g->devs = calloc(ndevs ? ndevs : 1, sizeof(*g->devs));
	g->vms = calloc(nvms ? nvms : 1, sizeof(*g->vms));
	if (!g->devs || !g->vms)
		goto err;
	for (uint32_t i = 0; i < ndevs; i++) {
		g->ndevs++;
		ret = dev_init(&g->devs[i], &sc->devices[i]);
		if (ret)
			goto err;
	}
	for (uint32_t i = 0; i < nvms; i++) {
		struct gpu_vm *v = &g->vms[i];

		ret = GEMSIM_EINVAL;
		if (sc->vms[i].device >= ndevs)
			goto err;
		v->dev = sc->vms[i].device;
		/* panfrost's drm_mm starts at 32 MiB; the top is the device's VA width */
		vm_va_init(&v->va, GPU_VA_START >> MMU_PAGE_SHIFT,
			   1ull << (g->devs[v->dev].va_bits - MMU_PAGE_SHIFT));
		g->nvms++;
	}
	s->gpu = g;
	s->gpu_zap_bo = vm_zap_bo;
	s->gpu_unmap_bo = vm_unmap_bo;
	s->gpu_remap_bo = vm_remap_bo;
	s->gpu_check_bo = vm_check_bo;
	s->gpu_hash_bo = vm_hash_bo;
	s->gpu_destroy = gpu_destroy;
	return 0;

err:
	gpu_free(g);
	return ret;
}

/* ---- accesses ----------------------------------------------------------- */

/*
 * panfrost_mmu_map_fault_addr(): give the heap mapping @m the 2 MiB chunk
 * holding page @page (an offset into the object) and map it.  The chunk is
 * aligned within the object, which for the 2 MiB aligned VA of a heap of
 * 2 MiB or more is the kernel's VA alignment; a smaller heap is one chunk.
 */
static int heap_grow(struct sim *s, uint32_t m, uint64_t page)
{
	struct gpu *g = s->gpu;
	struct vm_mapping *mp = &g->maps[m];
	struct shm_object *o = shm_get(s, mp->bo);
	uint64_t first = page & ~(uint64_t)(MMU_BLOCK_PAGES - 1);
	uint64_t n = mp->npages - first < MMU_BLOCK_PAGES ? mp->npages - first : MMU_BLOCK_PAGES;
	uint64_t before = shm_resident_pages(o);
	int ret;

	ret = shm_heap_grow(s, mp->bo, first, n);
	if (ret == SHM_HEAP_BAILOUT) {
		/*
		 * the handler returns 0 having mapped nothing: the GPU faults
		 * again at once, until drm_sched's timeout ends the job;
		 * gemsim ends it now, as a terminal fault
		 */
		s->stats.heap_fault_bailouts++;
		return GEMSIM_EFAULT;
	}
	if (ret)
		return ret;
	/* pages of the chunk already there keep their frames: rewrite it whole */
	mmu_unmap(g->vms[mp->vm].mmu, (mp->va + first) << MMU_PAGE_SHIFT, n);
	gem_mark_gpu(s, mp->bo);
	ret = vm_map_present(s, m, first, n);
	if (ret)
		return ret;
	/* the GPU waits for the fault handler and the new pages */
	job_stall_vm(s, mp->vm,
		     sim_time_add(s->cfg.costs.fault,
				  sim_cost(s, shm_resident_pages(o) - before,
					   s->cfg.costs.page_alloc, "page_alloc")));
	return 0;
}

/* A translation fault at @va: heap growth, or a GPU page fault that kills. */
static int translation_fault(struct sim *s, uint32_t vm, uint64_t va)
{
	struct gpu *g = s->gpu;
	uint32_t m = vm_mapping_at(g, vm, va);
	int ret = GEMSIM_EFAULT;

	if (m != NONE) {
		const struct vm_mapping *mp = &g->maps[m];
		const struct shm_object *o = shm_get(s, mp->bo);

		/*
		 * Only a heap that is in RAM grows: an evicted object comes
		 * back at the next submission, not from the fault handler.
		 */
		if (o && mp->heap && o->heap && !o->evicted && o->madv >= 0) {
			ret = heap_grow(s, m, (va >> MMU_PAGE_SHIFT) - mp->va);
			if (!ret)
				return 0;
		}
	}
	/* panfrost_mmu_irq_handler_thread(): disable the AS, killing its jobs */
	s->stats.gpu_faults++;
	sim_observe(s, SIM_OBS_GPU_FAULT, vm, va);
	job_kill_vm(s, vm);
	return ret;
}

int gpu_access(struct sim *s, uint32_t vm, uint64_t va, bool write)
{
	struct gpu *g = s->gpu;
	struct gpu_vm *v;
	struct gpu_dev *d;
	uint32_t frame;
	bool block;
	int ret;

	(void)write;
	if (!g || vm >= g->nvms)
		return GEMSIM_ENOENT;
	v = &g->vms[vm];
	d = &g->devs[v->dev];
	/* the GPU reaches memory only through an address space */
	if (as_slot_of(d->as, vm) < 0) {
		ret = job_as_get(s, v->dev, vm);
		if (ret)
			return ret;
		as_put(d->as, vm);
	}
	s->stats.gpu_accesses++;
	if (tlb_lookup(d->tlb, vm, va, NULL)) {
		s->stats.tlb_hits++;
		return 0;
	}
	s->stats.tlb_misses++;
	if (!v->mmu || mmu_walk(v->mmu, va, &frame, &block)) {
		ret = translation_fault(s, vm, va);
		if (ret)
			return ret;
		ret = mmu_walk(v->mmu, va, &frame, &block);
		SIM_ASSERT(ret == 0);
	}
	if (block)
		frame -= (uint32_t)((va >> MMU_PAGE_SHIFT) & (MMU_BLOCK_PAGES - 1));
	tlb_insert(d->tlb, vm, va, frame, block);
	return 0;
}

/* ---- inspection --------------------------------------------------------- */

bool gpu_vm_active(const struct sim *s, uint32_t vm)
{
	return s->gpu && vm < s->gpu->nvms && s->gpu->vms[vm].nrunning > 0;
}

struct tlb *gpu_dev_tlb(struct sim *s, uint32_t dev)
{
	return s->gpu && dev < s->gpu->ndevs ? s->gpu->devs[dev].tlb : NULL;
}

struct as_mgr *gpu_dev_as(struct sim *s, uint32_t dev)
{
	return s->gpu && dev < s->gpu->ndevs ? s->gpu->devs[dev].as : NULL;
}

uint64_t gpu_pt_pages(const struct sim *s)
{
	return s->gpu ? s->gpu->pt_pages : 0;
}
