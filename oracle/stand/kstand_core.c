// SPDX-License-Identifier: MIT
/*
 * oracle/stand/kstand_core.c - the stand-ins that need no GEM object:
 * WARN and oops reporting, refcount saturation, the reservation lock,
 * kzalloc, vmap, sg tables and DMA mapping, PTEs, the shmem page cache.
 * The oracle compiles it into the kernel side (kside.c includes it); the
 * Check suite compiles it alone (tests/test_oracle.c) to test it.
 *
 * Hooks the includer provides: oracle_report_warn() (where a WARN's text
 * goes) and oracle_report_oops() (how a run ends on an oops).
 */
#include <stdlib.h>

#include "oracle_kernel.h"

unsigned long oracle_warns;
struct ww_class reservation_ww_class;
unsigned oracle_generation = 1;
unsigned long oracle_dma_mapped;
unsigned long oracle_frames_left = ~0ul >> 1; /* frames page arrays may still take */
static unsigned long oracle_next_pfn = 1;

void oracle_report_warn(const char *file, int line, const char *cond);
void oracle_report_warn_once_again(const char *file, int line, const char *cond);
void oracle_report_oops(const char *file, int line, const char *what) __attribute__((noreturn));

void oracle_warn(const char *file, int line, const char *cond)
{
	oracle_warns++;
	oracle_report_warn(file, line, cond);
}

void oracle_warn_once_again(const char *file, int line, const char *cond)
{
	oracle_report_warn_once_again(file, line, cond);
}

void oracle_oops(const char *file, int line, const char *what)
{
	oracle_report_oops(file, line, what);
}

/* refcount_warn_saturate(): the count is parked where no inc or dec can free */
void oracle_refcount_saturate(refcount_t *r, const char *why)
{
	r->refs = REFCOUNT_SATURATED;
	oracle_warn("lib/refcount.c", 0, why);
}

void dma_resv_init(struct dma_resv *obj)
{
	obj->locked = 0;
	obj->initialised = 1;
}

void dma_resv_fini(struct dma_resv *obj)
{
	if (obj->locked)
		oracle_warn("drivers/dma-buf/dma-resv.c", 0, "dma_resv_fini() of a held lock");
	obj->initialised = 0;
}

/* ww_mutex_lock() without a context: taking a lock one holds never returns */
int oracle_resv_lock(struct dma_resv *obj, const char *file, int line)
{
	if (obj->locked)
		oracle_oops(file, line, "dma_resv_lock() of a lock already held: deadlock");
	obj->locked = 1;
	return 0;
}

void oracle_resv_unlock(struct dma_resv *obj, const char *file, int line)
{
	if (!obj->locked)
		oracle_oops(file, line, "dma_resv_unlock() of a lock not held");
	obj->locked = 0;
}

void *kzalloc(size_t size, gfp_t gfp)
{
	(void)gfp;
	return calloc(1, size ? size : 1);
}

void *kmalloc(size_t size, gfp_t gfp)
{
	return kzalloc(size, gfp);
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	(void)gfp;
	return calloc(n ? n : 1, size ? size : 1);
}

void *kvmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	return kcalloc(n, size, gfp);
}

void kfree(const void *p)
{
	free((void *)(uintptr_t)p);
}

void kvfree(const void *p)
{
	kfree(p);
}

/** oracle_page_alloc() - a page for the shmem page cache, or NULL (host memory). */
struct page *oracle_page_alloc(void);
struct page *oracle_page_alloc(void)
{
	struct page *p;

	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->pfn = oracle_next_pfn++;
	return p;
}

/** oracle_page_free() - a page leaves the page cache. */
void oracle_page_free(struct page *p);
void oracle_page_free(struct page *p)
{
	free(p);
}

void shmem_truncate_range(struct inode *inode, loff_t start, loff_t end)
{
	unsigned long i, first = (unsigned long)(start >> PAGE_SHIFT);

	(void)end; /* the helper only ever truncates to the end */
	for (i = first; i < inode->npages; i++) {
		oracle_page_free(inode->store[i]);
		inode->store[i] = NULL;
	}
}

unsigned long invalidate_mapping_pages(struct address_space *m, pgoff_t start, pgoff_t end)
{
	(void)m;
	(void)start;
	(void)end;
	return 0;
}

/* vmap(): an address the kernel can use; the pages are read, as map_kernel_range does */
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot)
{
	unsigned long sum = 0;
	unsigned int i;

	(void)flags;
	(void)prot;
	for (i = 0; i < count; i++)
		sum += page_to_pfn(pages[i]);
	(void)sum;
	return calloc(count ? count : 1, 1); /* a byte per page: kside.c's accesses read it */
}

void vunmap(const void *addr)
{
	free((void *)(uintptr_t)addr);
}

/* sg_alloc_table_from_pages(): one entry per page, each page read */
struct sg_table *oracle_pages_to_sg(struct page **pages, unsigned int nr_pages);
struct sg_table *oracle_pages_to_sg(struct page **pages, unsigned int nr_pages)
{
	struct sg_table *sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	unsigned int i;

	if (!sgt)
		return ERR_PTR(-ENOMEM);
	sgt->sgl = kcalloc(nr_pages, sizeof(*sgt->sgl), GFP_KERNEL);
	if (!sgt->sgl) {
		kfree(sgt);
		return ERR_PTR(-ENOMEM);
	}
	for (i = 0; i < nr_pages; i++) {
		sgt->sgl[i].page_link = page_to_pfn(pages[i]);
		sgt->sgl[i].length = PAGE_SIZE;
	}
	sgt->nents = sgt->orig_nents = nr_pages;
	return sgt;
}

/* sg_free_table(): reads the table it is given */
void sg_free_table(struct sg_table *sgt)
{
	if (!sgt->orig_nents)
		return;
	kfree(sgt->sgl);
	sgt->sgl = NULL;
	sgt->nents = sgt->orig_nents = 0;
}

int dma_map_sgtable(struct device *dev, struct sg_table *sgt, enum dma_data_direction dir,
		    unsigned long attrs)
{
	(void)dev;
	(void)dir;
	(void)attrs;
	if (!sgt->orig_nents)
		return -EINVAL;
	oracle_dma_mapped++;
	return 0;
}

/* dma_unmap_sgtable(): dma_unmap_sg_attrs(dev, sgt->sgl, sgt->orig_nents, ...) */
void dma_unmap_sgtable(struct device *dev, struct sg_table *sgt, enum dma_data_direction dir,
		       unsigned long attrs)
{
	(void)dev;
	(void)dir;
	(void)attrs;
	if (sgt->sgl && oracle_dma_mapped)
		oracle_dma_mapped--;
}

vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn)
{
	unsigned long i = (addr - vma->vm_start) >> PAGE_SHIFT;

	(void)pfn;
	if (i >= vma->npages)
		return VM_FAULT_SIGBUS;
	vma->pte[i] = 1;
	return VM_FAULT_NOPAGE;
}

int dma_buf_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	(void)dmabuf;
	(void)map;
	return -EINVAL;
}

void dma_buf_vunmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	(void)dmabuf;
	(void)map;
}

int dma_buf_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma, unsigned long pgoff)
{
	(void)dmabuf;
	(void)vma;
	(void)pgoff;
	return -EINVAL;
}

struct dma_buf_attachment *dma_buf_attach(struct dma_buf *dmabuf, struct device *dev)
{
	(void)dmabuf;
	(void)dev;
	return ERR_PTR(-EINVAL);
}

void dma_buf_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *attach)
{
	(void)dmabuf;
	(void)attach;
}

void dma_buf_put(struct dma_buf *dmabuf)
{
	(void)dmabuf;
}
