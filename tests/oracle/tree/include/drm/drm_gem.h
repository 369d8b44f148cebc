/* SPDX-License-Identifier: MIT */
/*
 * tests/oracle/tree/include/drm/drm_gem.h - a stand-in tree's GEM header,
 * written for gemsim's tests (no kernel code): the fields and calls the
 * oracle's kernel side (oracle/stand/kside.c) and the test helper use.
 */
#ifndef TEST_DRM_GEM_H
#define TEST_DRM_GEM_H

#include <linux/kref.h>
#include <linux/dma-resv.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <drm/drm_vma_manager.h>

struct drm_gem_object;

struct drm_gem_object_funcs {
	void (*free)(struct drm_gem_object *obj);
	int (*mmap)(struct drm_gem_object *obj, struct vm_area_struct *vma);
	const struct vm_operations_struct *vm_ops;
};

/* a list of objects and the pages on it, under a lock shared by the lists
 * an object moves between (drivers/gpu/drm/drm_gem.c of this tree) */
struct drm_gem_lru {
	struct mutex *lock;
	long count;
	struct list_head list;
};

struct drm_gem_object {
	struct kref refcount;
	struct drm_device *dev;
	struct file *filp;
	struct drm_vma_offset_node vma_node;
	size_t size;
	struct dma_buf *dma_buf;
	struct dma_buf_attachment *import_attach;
	struct dma_resv *resv;
	struct dma_resv _resv;
	const struct drm_gem_object_funcs *funcs;
	struct list_head lru_node;
	struct drm_gem_lru *lru;
};

void drm_gem_object_release(struct drm_gem_object *obj);
void drm_gem_object_free(struct kref *kref);
int drm_gem_object_init(struct drm_device *dev, struct drm_gem_object *obj, size_t size);
void drm_gem_private_object_fini(struct drm_gem_object *obj);
void drm_gem_vm_open(struct vm_area_struct *vma);
void drm_gem_vm_close(struct vm_area_struct *vma);
int drm_gem_create_mmap_offset(struct drm_gem_object *obj);
void drm_gem_free_mmap_offset(struct drm_gem_object *obj);
struct page **drm_gem_get_pages(struct drm_gem_object *obj);
void drm_gem_put_pages(struct drm_gem_object *obj, struct page **pages, bool dirty, bool accessed);

void drm_gem_lru_init(struct drm_gem_lru *lru, struct mutex *lock);
void drm_gem_lru_remove(struct drm_gem_object *obj);
void drm_gem_lru_move_tail(struct drm_gem_lru *lru, struct drm_gem_object *obj);
unsigned long drm_gem_lru_scan(struct drm_gem_lru *lru, unsigned int nr_to_scan,
			       unsigned long *remaining,
			       bool (*shrink)(struct drm_gem_object *obj, struct ww_acquire_ctx *ticket),
			       struct ww_acquire_ctx *ticket);

static inline void drm_gem_object_get(struct drm_gem_object *obj)
{
	kref_get(&obj->refcount);
}

static inline void drm_gem_object_put(struct drm_gem_object *obj)
{
	if (obj)
		kref_put(&obj->refcount, drm_gem_object_free);
}

#endif
