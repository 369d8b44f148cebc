/* SPDX-License-Identifier: MIT */
/*
 * tests/oracle/tree/include/drm/drm_gem_shmem_helper.h - the test helper's
 * object, written for gemsim's tests (no kernel code).
 */
#ifndef TEST_DRM_GEM_SHMEM_HELPER_H
#define TEST_DRM_GEM_SHMEM_HELPER_H

#include <drm/drm_gem.h>

struct drm_gem_shmem_object {
	struct drm_gem_object base;
	struct page **pages;
	refcount_t pages_use_count;
	refcount_t pages_pin_count;
	int madv;
	struct sg_table *sgt;
	void *vaddr;
	refcount_t vmap_use_count;
};

#define to_drm_gem_shmem_obj(obj) container_of(obj, struct drm_gem_shmem_object, base)

extern const struct vm_operations_struct drm_gem_shmem_vm_ops;

#endif
