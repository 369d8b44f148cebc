// SPDX-License-Identifier: MIT
/*
 * tests/oracle/tree/drivers/gpu/drm/drm_gem_shmem_helper.c - a small
 * shmem helper written for gemsim's tests, in gemsim's words (no kernel
 * code): the reference counting of docs/model.md for mainline, with the
 * entry points the oracle's kernel side calls.  tests/oracle.sh compiles it
 * with `gemsim oracle --ksrc tests/oracle/tree`, as a user compiles a real
 * tree, and breaks copies of it to see the oracle catch each change.
 */
#include <linux/dma-buf.h>
#include <linux/mm.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <drm/drm_device.h>
#include <drm/drm_prime.h>
#include <drm/drm_gem_shmem_helper.h>

static void test_free(struct drm_gem_object *obj);
static int test_mmap(struct drm_gem_object *obj, struct vm_area_struct *vma);

static const struct drm_gem_object_funcs test_funcs = {
	.free = test_free,
	.mmap = test_mmap,
	.vm_ops = &drm_gem_shmem_vm_ops,
};

struct drm_gem_shmem_object *drm_gem_shmem_create(struct drm_device *dev, size_t size)
{
	struct drm_gem_shmem_object *shmem = kzalloc(sizeof(*shmem), GFP_KERNEL);

	if (!shmem)
		return ERR_PTR(-ENOMEM);
	if (drm_gem_object_init(dev, &shmem->base, PAGE_ALIGN(size))) {
		kfree(shmem);
		return ERR_PTR(-ENOMEM);
	}
	drm_gem_create_mmap_offset(&shmem->base);
	shmem->base.funcs = &test_funcs;
	return shmem;
}

static int drm_gem_shmem_get_pages_locked(struct drm_gem_shmem_object *shmem)
{
	struct page **pages;

	if (refcount_inc_not_zero(&shmem->pages_use_count))
		return 0;
	pages = drm_gem_get_pages(&shmem->base);
	if (IS_ERR(pages))
		return (int)PTR_ERR(pages);
	shmem->pages = pages;
	refcount_set(&shmem->pages_use_count, 1);
	return 0;
}

void drm_gem_shmem_put_pages_locked(struct drm_gem_shmem_object *shmem)
{
	if (!refcount_dec_and_test(&shmem->pages_use_count))
		return;
	drm_gem_put_pages(&shmem->base, shmem->pages, false, false);
	shmem->pages = NULL;
}

int drm_gem_shmem_pin_locked(struct drm_gem_shmem_object *shmem)
{
	int ret;

	if (refcount_inc_not_zero(&shmem->pages_pin_count))
		return 0;
	ret = drm_gem_shmem_get_pages_locked(shmem);
	if (!ret)
		refcount_set(&shmem->pages_pin_count, 1);
	return ret;
}

void drm_gem_shmem_unpin_locked(struct drm_gem_shmem_object *shmem)
{
	if (refcount_dec_and_test(&shmem->pages_pin_count))
		drm_gem_shmem_put_pages_locked(shmem);
}

int drm_gem_shmem_pin(struct drm_gem_shmem_object *shmem)
{
	int ret;

	dma_resv_lock(shmem->base.resv, NULL);
	ret = drm_gem_shmem_pin_locked(shmem);
	dma_resv_unlock(shmem->base.resv);
	return ret;
}

void drm_gem_shmem_unpin(struct drm_gem_shmem_object *shmem)
{
	if (refcount_dec_not_one(&shmem->pages_pin_count))
		return;
	dma_resv_lock(shmem->base.resv, NULL);
	drm_gem_shmem_unpin_locked(shmem);
	dma_resv_unlock(shmem->base.resv);
}

int drm_gem_shmem_vmap_locked(struct drm_gem_shmem_object *shmem, struct iosys_map *map)
{
	int ret;

	if (refcount_inc_not_zero(&shmem->vmap_use_count)) {
		iosys_map_set_vaddr(map, shmem->vaddr);
		return 0;
	}
	ret = drm_gem_shmem_pin_locked(shmem);
	if (ret)
		return ret;
	shmem->vaddr = vmap(shmem->pages, shmem->base.size >> PAGE_SHIFT, VM_MAP, PAGE_KERNEL);
	iosys_map_set_vaddr(map, shmem->vaddr);
	refcount_set(&shmem->vmap_use_count, 1);
	return 0;
}

void drm_gem_shmem_vunmap_locked(struct drm_gem_shmem_object *shmem, struct iosys_map *map)
{
	(void)map;
	if (!refcount_dec_and_test(&shmem->vmap_use_count))
		return;
	vunmap(shmem->vaddr);
	shmem->vaddr = NULL;
	drm_gem_shmem_unpin_locked(shmem);
}

int drm_gem_shmem_madvise_locked(struct drm_gem_shmem_object *shmem, int madv)
{
	if (shmem->madv >= 0)
		shmem->madv = madv;
	return shmem->madv >= 0;
}

static bool test_purgeable(struct drm_gem_shmem_object *shmem)
{
	return shmem->madv > 0 && !refcount_read(&shmem->pages_pin_count) && shmem->sgt;
}

void drm_gem_shmem_purge_locked(struct drm_gem_shmem_object *shmem)
{
	struct drm_gem_object *obj = &shmem->base;

	WARN_ON(!test_purgeable(shmem));
	dma_unmap_sgtable(obj->dev->dev, shmem->sgt, DMA_BIDIRECTIONAL, 0);
	sg_free_table(shmem->sgt);
	kfree(shmem->sgt);
	shmem->sgt = NULL;
	drm_gem_shmem_put_pages_locked(shmem);
	shmem->madv = -1;
	drm_vma_node_unmap(&obj->vma_node, NULL);
	shmem_truncate_range(file_inode(obj->filp), 0, (loff_t)-1);
}

struct sg_table *drm_gem_shmem_get_sg_table(struct drm_gem_shmem_object *shmem)
{
	return drm_prime_pages_to_sg(shmem->base.dev, shmem->pages, shmem->base.size >> PAGE_SHIFT);
}

static struct sg_table *drm_gem_shmem_get_pages_sgt_locked(struct drm_gem_shmem_object *shmem)
{
	struct sg_table *sgt;
	int ret;

	if (shmem->sgt)
		return shmem->sgt;
	ret = drm_gem_shmem_get_pages_locked(shmem);
	if (ret)
		return ERR_PTR(ret);
	sgt = drm_gem_shmem_get_sg_table(shmem);
	dma_map_sgtable(shmem->base.dev->dev, sgt, DMA_BIDIRECTIONAL, 0);
	shmem->sgt = sgt;
	return sgt;
}

struct sg_table *drm_gem_shmem_get_pages_sgt(struct drm_gem_shmem_object *shmem)
{
	struct sg_table *sgt;

	dma_resv_lock(shmem->base.resv, NULL);
	sgt = drm_gem_shmem_get_pages_sgt_locked(shmem);
	dma_resv_unlock(shmem->base.resv);
	return sgt;
}

static void test_free(struct drm_gem_object *obj)
{
	struct drm_gem_shmem_object *shmem = to_drm_gem_shmem_obj(obj);

	dma_resv_lock(obj->resv, NULL);
	WARN_ON(refcount_read(&shmem->vmap_use_count));
	if (shmem->sgt) {
		sg_free_table(shmem->sgt);
		kfree(shmem->sgt);
	}
	if (shmem->pages)
		drm_gem_shmem_put_pages_locked(shmem);
	WARN_ON(refcount_read(&shmem->pages_use_count));
	WARN_ON(refcount_read(&shmem->pages_pin_count));
	dma_resv_unlock(obj->resv);
	drm_gem_object_release(obj);
	kfree(shmem);
}

static int test_mmap(struct drm_gem_object *obj, struct vm_area_struct *vma)
{
	struct drm_gem_shmem_object *shmem = to_drm_gem_shmem_obj(obj);
	int ret;

	if (is_cow_mapping(vma->vm_flags))
		return -EINVAL;
	dma_resv_lock(obj->resv, NULL);
	ret = drm_gem_shmem_get_pages_locked(shmem);
	dma_resv_unlock(obj->resv);
	return ret;
}

static vm_fault_t test_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct drm_gem_shmem_object *shmem = to_drm_gem_shmem_obj(vma->vm_private_data);
	unsigned long page = (vmf->address - vma->vm_start) >> PAGE_SHIFT;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	dma_resv_lock(shmem->base.resv, NULL);
	if (page < shmem->base.size >> PAGE_SHIFT && shmem->pages && shmem->madv >= 0)
		ret = vmf_insert_pfn(vma, vmf->address, page_to_pfn(shmem->pages[page]));
	dma_resv_unlock(shmem->base.resv);
	return ret;
}

static void test_vm_open(struct vm_area_struct *vma)
{
	struct drm_gem_shmem_object *shmem = to_drm_gem_shmem_obj(vma->vm_private_data);

	dma_resv_lock(shmem->base.resv, NULL);
	WARN_ON(!refcount_inc_not_zero(&shmem->pages_use_count));
	dma_resv_unlock(shmem->base.resv);
	drm_gem_vm_open(vma);
}

static void test_vm_close(struct vm_area_struct *vma)
{
	struct drm_gem_shmem_object *shmem = to_drm_gem_shmem_obj(vma->vm_private_data);

	dma_resv_lock(shmem->base.resv, NULL);
	drm_gem_shmem_put_pages_locked(shmem);
	dma_resv_unlock(shmem->base.resv);
	drm_gem_vm_close(vma);
}

const struct vm_operations_struct drm_gem_shmem_vm_ops = {
	.open = test_vm_open,
	.close = test_vm_close,
	.fault = test_fault,
};
