/* SPDX-License-Identifier: MIT */
/*
 * oracle/stand/oracle_kernel.h - the kernel, as far as drm_gem_shmem_helper.c
 * sees it, in user space: the stand-ins the oracle compiles a kernel tree's
 * helper against (docs/oracle.md).
 *
 * The technique is the kernel's own tools/testing/vma: the folder of this
 * file is first on the include path, and its headers under linux/ and drm/
 * (each one line including this file) shadow the tree's headers, all but
 * include/drm/drm_gem.h and include/drm/drm_gem_shmem_helper.h, which come
 * from the tree.  Written for this project; each stand-in names the kernel
 * function whose behaviour it keeps, and keeps only what the helper can
 * observe:
 *
 *   refcount_t        saturating, WARNing as lib/refcount.c does
 *   drm_WARN_ON*      count and log the site (oracle_warns), never stop
 *   dma_resv          a lock bit: taking a held lock or dropping a free one
 *                     is an oops (the kernel would deadlock or splat)
 *   pages, vmap, sg   real allocations over simulated pages, so a NULL
 *                     table or page array is dereferenced as the kernel would
 *   dma mapping       no-ops that record what is mapped
 *   PTEs              vmf_insert_pfn sets one, drm_vma_node_unmap zaps all
 *
 * Compiled in one translation unit with the tree's helper (kside.c
 * includes it), or alone by the stand-ins' own tests.
 */
#ifndef ORACLE_KERNEL_H
#define ORACLE_KERNEL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* ---- types and compiler words ---- */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
typedef int32_t s32;
typedef unsigned long pgoff_t;
typedef unsigned int gfp_t;
typedef unsigned int vm_fault_t;
typedef unsigned long vm_flags_t;
typedef uint64_t dma_addr_t;
typedef struct { unsigned long pgprot; } pgprot_t;

#define __user
#define __must_check
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define BIT(n) (1ul << (n))
#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ul << PAGE_SHIFT)
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

#define EXPORT_SYMBOL(x)
#define EXPORT_SYMBOL_GPL(x)
#define EXPORT_SYMBOL_IF_KUNIT(x)
#define MODULE_IMPORT_NS(x)
#define MODULE_DESCRIPTION(x)
#define MODULE_LICENSE(x)
#define MODULE_AUTHOR(x)

/* errno values: the kernel's, which are Linux's */
#define EINTR 4
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EINVAL 22
#define ENOSPC 28

/* ---- ERR_PTR (include/linux/err.h) ---- */
#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) ((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr) { return !ptr || IS_ERR(ptr); }
static inline void *ERR_CAST(const void *ptr) { return (void *)(uintptr_t)ptr; }

/* ---- what the stand-ins record ---- */
/**
 * oracle_warn() - a WARN fired at @file:@line (@cond is its text).
 * Counted in oracle_warns; the message goes to the oracle (kside.c).
 */
void oracle_warn(const char *file, int line, const char *cond);
/** oracle_warn_once_again() - a WARN_ONCE whose condition held again: silent
 * in the kernel, told to the oracle (the model warns every time). */
void oracle_warn_once_again(const char *file, int line, const char *cond);
/** oracle_oops() - the kernel would oops, deadlock or BUG here: ends the run. */
void oracle_oops(const char *file, int line, const char *what) __attribute__((noreturn));
extern unsigned long oracle_warns;
extern unsigned oracle_generation; /* a new one per run: WARN_ONCE fires again */

#define WARN_ON(cond) ({ \
	bool __c = !!(cond); \
	if (unlikely(__c)) \
		oracle_warn(__FILE__, __LINE__, #cond); \
	__c; })
#define WARN_ON_ONCE(cond) ({ \
	static unsigned __gen; \
	bool __c = !!(cond); \
	if (unlikely(__c) && __gen != oracle_generation) { \
		__gen = oracle_generation; \
		oracle_warn(__FILE__, __LINE__, #cond); \
	} else if (unlikely(__c)) { \
		oracle_warn_once_again(__FILE__, __LINE__, #cond); \
	} \
	__c; })
#define WARN(cond, ...) WARN_ON(cond)
#define WARN_ONCE(cond, ...) WARN_ON_ONCE(cond)
#define BUG_ON(cond) do { if (unlikely(cond)) oracle_oops(__FILE__, __LINE__, "BUG_ON(" #cond ")"); } while (0)
#define BUG() oracle_oops(__FILE__, __LINE__, "BUG()")
#define drm_WARN_ON(drm, cond) ({ (void)(drm); WARN_ON(cond); })
#define drm_WARN_ON_ONCE(drm, cond) ({ (void)(drm); WARN_ON_ONCE(cond); })
#define drm_dbg_kms(drm, ...) do { (void)(drm); } while (0)
#define drm_dbg_prime(drm, ...) do { (void)(drm); } while (0)
#define drm_dbg(drm, ...) do { (void)(drm); } while (0)
struct drm_printer;
#define drm_printf_indent(p, indent, ...) do { (void)(p); (void)(indent); } while (0)

/* ---- lists (include/linux/list.h) ---- */
struct list_head {
	struct list_head *next, *prev;
};
static inline void INIT_LIST_HEAD(struct list_head *l) { l->next = l; l->prev = l; }
static inline bool list_empty(const struct list_head *l) { return l->next == l; }
static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	n->prev = h->prev;
	n->next = h;
	h->prev->next = n;
	h->prev = n;
}
static inline void list_del_init(struct list_head *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	INIT_LIST_HEAD(n);
}
static inline void list_move_tail(struct list_head *n, struct list_head *h)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	list_add_tail(n, h);
}
/* list_del(): the entry's links are poisoned, as there (LIST_POISON1/2) */
static inline void list_del(struct list_head *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = (struct list_head *)(uintptr_t)0x100;
	n->prev = (struct list_head *)(uintptr_t)0x122;
}
/* list_splice_tail(): @list's entries go before @head; @list is left as it was */
static inline void list_splice_tail(struct list_head *list, struct list_head *head)
{
	if (list_empty(list))
		return;
	list->next->prev = head->prev;
	head->prev->next = list->next;
	list->prev->next = head;
	head->prev = list->prev;
}
/* list_splice(): @list's entries go first in @head */
static inline void list_splice(struct list_head *list, struct list_head *head)
{
	if (list_empty(list))
		return;
	list->prev->next = head->next;
	head->next->prev = list->prev;
	head->next = list->next;
	list->next->prev = head;
}
#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_first_entry_or_null(head, type, member) \
	(list_empty(head) ? NULL : list_first_entry(head, type, member))
#define list_for_each_entry(pos, head, member) \
	for (pos = list_entry((head)->next, __typeof__(*pos), member); \
	     &pos->member != (head); \
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))
#define list_for_each_entry_safe(pos, n, head, member) \
	for (pos = list_entry((head)->next, __typeof__(*pos), member), \
	     n = list_entry(pos->member.next, __typeof__(*pos), member); \
	     &pos->member != (head); \
	     pos = n, n = list_entry(n->member.next, __typeof__(*n), member))

/* ---- refcount_t (lib/refcount.c), saturating as there ---- */
typedef struct { int refs; } refcount_t;
#define REFCOUNT_SATURATED (INT32_MIN / 2)
void oracle_refcount_saturate(refcount_t *r, const char *why);
static inline int refcount_read(const refcount_t *r) { return r->refs; }
static inline void refcount_set(refcount_t *r, int n) { r->refs = n; }
/* __refcount_add_not_zero() */
static inline bool refcount_inc_not_zero(refcount_t *r)
{
	int old = r->refs;

	if (!old)
		return false;
	r->refs = (int)((unsigned)old + 1u);
	if (unlikely(old < 0 || old + 1 < 0))
		oracle_refcount_saturate(r, "refcount_t: saturated; leaking memory.");
	return true;
}
/* __refcount_add() */
static inline void refcount_inc(refcount_t *r)
{
	int old = r->refs;

	r->refs = (int)((unsigned)old + 1u);
	if (unlikely(!old))
		oracle_refcount_saturate(r, "refcount_t: addition on 0; use-after-free.");
	else if (unlikely(old < 0 || old + 1 < 0))
		oracle_refcount_saturate(r, "refcount_t: saturated; leaking memory.");
}
/* __refcount_sub_and_test() */
static inline bool refcount_dec_and_test(refcount_t *r)
{
	int old = r->refs;

	r->refs = (int)((unsigned)old - 1u);
	if (old == 1)
		return true;
	if (unlikely(old < 0 || old - 1 < 0))
		oracle_refcount_saturate(r, "refcount_t: underflow; use-after-free.");
	return false;
}
static inline void refcount_dec(refcount_t *r)
{
	if (unlikely(refcount_dec_and_test(r)))
		oracle_refcount_saturate(r, "refcount_t: decrement hit 0; leaking memory.");
}
/* refcount_dec_not_one(): unsigned arithmetic, as lib/refcount.c */
static inline bool refcount_dec_not_one(refcount_t *r)
{
	unsigned val = (unsigned)r->refs, n;

	if (unlikely(r->refs == REFCOUNT_SATURATED))
		return true;
	if (val == 1)
		return false;
	n = val - 1;
	if (n > val) {
		static unsigned gen;

		if (gen != oracle_generation) { /* WARN_ONCE */
			gen = oracle_generation;
			oracle_warn("lib/refcount.c", 0, "refcount_t: underflow; use-after-free.");
		} else {
			oracle_warn_once_again("lib/refcount.c", 0, "refcount_t: underflow; use-after-free.");
		}
		return true;
	}
	r->refs = (int)n;
	return true;
}

/* ---- kref (include/linux/kref.h) ---- */
struct kref {
	refcount_t refcount;
};
static inline void kref_init(struct kref *k) { refcount_set(&k->refcount, 1); }
static inline void kref_get(struct kref *k) { refcount_inc(&k->refcount); }
static inline int kref_put(struct kref *k, void (*release)(struct kref *k))
{
	if (refcount_dec_and_test(&k->refcount)) {
		release(k);
		return 1;
	}
	return 0;
}
static inline unsigned int kref_read(const struct kref *k) { return (unsigned)refcount_read(&k->refcount); }
static inline int kref_get_unless_zero(struct kref *k) { return refcount_inc_not_zero(&k->refcount); }

/* ---- locks ---- */
struct mutex {
	int locked;
};
/* a mutex is not recursive: taking one held never returns (lockdep's splat) */
static inline void mutex_init(struct mutex *m) { m->locked = 0; }
#define mutex_lock(m) oracle_mutex_lock((m), __FILE__, __LINE__)
#define mutex_unlock(m) oracle_mutex_unlock((m), __FILE__, __LINE__)
static inline void oracle_mutex_lock(struct mutex *m, const char *file, int line)
{
	if (m->locked)
		oracle_oops(file, line, "mutex_lock() of a mutex already held: deadlock");
	m->locked = 1;
}
static inline void oracle_mutex_unlock(struct mutex *m, const char *file, int line)
{
	if (!m->locked)
		oracle_oops(file, line, "mutex_unlock() of a mutex not held");
	m->locked = 0;
}
static inline void mutex_destroy(struct mutex *m) { (void)m; }
/* lockdep, on: a WARN (once) when the lock is not held */
#define lockdep_assert_held_once(l) WARN_ON_ONCE(!(l)->locked)
#define lockdep_assert_held(l) WARN_ON(!(l)->locked)

/* ww_mutex: the lock bit of a reservation; the acquire context records nothing */
struct ww_mutex {
	int locked;
};
struct ww_class {
	int unused;
};
struct ww_acquire_ctx {
	const struct ww_class *class;
};
extern struct ww_class reservation_ww_class;
static inline void ww_acquire_init(struct ww_acquire_ctx *ctx, struct ww_class *c) { ctx->class = c; }
static inline void ww_acquire_fini(struct ww_acquire_ctx *ctx) { ctx->class = NULL; }
static inline bool ww_mutex_trylock(struct ww_mutex *m, struct ww_acquire_ctx *ctx)
{
	(void)ctx;
	if (m->locked)
		return false;
	m->locked = 1;
	return true;
}

/* dma_resv: the reservation object, one lock bit (drivers/dma-buf/dma-resv.c);
 * the bit is also its ww_mutex `lock`, as drm_gem_lru_scan() trylocks it */
struct dma_resv {
	union {
		int locked;
		struct ww_mutex lock;
	};
	int initialised;
};
void dma_resv_init(struct dma_resv *obj);
void dma_resv_fini(struct dma_resv *obj);
int oracle_resv_lock(struct dma_resv *obj, const char *file, int line);
void oracle_resv_unlock(struct dma_resv *obj, const char *file, int line);
#define dma_resv_lock(obj, ctx) oracle_resv_lock((obj), __FILE__, __LINE__)
#define dma_resv_lock_interruptible(obj, ctx) oracle_resv_lock((obj), __FILE__, __LINE__)
#define dma_resv_unlock(obj) oracle_resv_unlock((obj), __FILE__, __LINE__)
static inline bool dma_resv_trylock(struct dma_resv *obj)
{
	if (obj->locked)
		return false;
	obj->locked = 1;
	return true;
}
/* lockdep's assertion, on: a WARN when the lock is not held */
#define dma_resv_assert_held(obj) WARN_ON(!(obj)->locked)
#define dma_resv_held(obj) ((obj)->locked)

/* ---- memory: kzalloc and friends over the C library ---- */
#define GFP_KERNEL 0x1u
#define GFP_HIGHUSER 0x2u
#define __GFP_RETRY_MAYFAIL 0x4u
#define __GFP_NOWARN 0x8u
void *kzalloc(size_t size, gfp_t gfp);
void *kmalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void *kvmalloc_array(size_t n, size_t size, gfp_t gfp);
void kfree(const void *p);
void kvfree(const void *p);

/* ---- pages: simulated frames, one pfn each ---- */
struct page {
	unsigned long pfn;
};
static inline unsigned long page_to_pfn(const struct page *p) { return p->pfn; }

struct address_space {
	int dummy;
};
struct inode {
	struct address_space *i_mapping;
	struct address_space i_data;
	struct page **store;    /* the shmem file's pages (page cache) */
	unsigned long npages;
};
struct file {
	struct address_space *f_mapping;
	struct inode *f_inode;
};
struct vfsmount;
static inline struct inode *file_inode(const struct file *f) { return f->f_inode; }
static inline void mapping_set_gfp_mask(struct address_space *m, gfp_t g) { (void)m; (void)g; }
/* shmem_truncate_range() (mm/shmem.c): drop the file's pages from @start on */
void shmem_truncate_range(struct inode *inode, loff_t start, loff_t end);
unsigned long invalidate_mapping_pages(struct address_space *m, pgoff_t start, pgoff_t end);

/* vmap (mm/vmalloc.c) */
#define VM_MAP 0x4ul
#define PAGE_KERNEL ((pgprot_t){ 0 })
static inline pgprot_t pgprot_writecombine(pgprot_t p) { p.pgprot |= 1; return p; }
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot);
void vunmap(const void *addr);

struct iosys_map {
	void *vaddr;
	bool is_iomem;
};
static inline void iosys_map_set_vaddr(struct iosys_map *map, void *vaddr)
{
	map->vaddr = vaddr;
	map->is_iomem = false;
}

/* ---- sg tables and DMA mapping (recording no-ops) ---- */
struct scatterlist {
	unsigned long page_link;
	unsigned int length;
};
struct sg_table {
	struct scatterlist *sgl;
	unsigned int nents;
	unsigned int orig_nents;
};
enum dma_data_direction { DMA_BIDIRECTIONAL = 0, DMA_TO_DEVICE = 1, DMA_FROM_DEVICE = 2 };
struct device {
	int dummy;
};
void sg_free_table(struct sg_table *sgt);
int dma_map_sgtable(struct device *dev, struct sg_table *sgt, enum dma_data_direction dir,
		    unsigned long attrs);
void dma_unmap_sgtable(struct device *dev, struct sg_table *sgt, enum dma_data_direction dir,
		       unsigned long attrs);
extern unsigned long oracle_dma_mapped; /* tables mapped and not unmapped */

/* ---- CPU mappings ---- */
#define VM_SHARED 0x8ul
#define VM_MAYWRITE 0x20ul
#define VM_PFNMAP 0x400ul
#define VM_DONTEXPAND 0x40000ul
#define VM_DONTDUMP 0x4000000ul
#define VM_FAULT_OOM 0x0001u
#define VM_FAULT_SIGBUS 0x0002u
#define VM_FAULT_NOPAGE 0x0100u

struct vm_area_struct;
struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address;
	pgoff_t pgoff;
};
struct vm_operations_struct {
	void (*open)(struct vm_area_struct *vma);
	void (*close)(struct vm_area_struct *vma);
	vm_fault_t (*fault)(struct vm_fault *vmf);
};
struct vm_area_struct {
	unsigned long vm_start, vm_end;
	vm_flags_t vm_flags;
	pgprot_t vm_page_prot;
	void *vm_private_data;
	const struct vm_operations_struct *vm_ops;
	/* the stand-in's page table: which pages have a PTE */
	unsigned char *pte;
	unsigned long npages;
	bool live;
};
static inline bool is_cow_mapping(vm_flags_t flags)
{
	return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags) { vma->vm_flags |= flags; }
static inline pgprot_t vm_get_page_prot(vm_flags_t flags) { (void)flags; return PAGE_KERNEL; }
/* vmf_insert_pfn() (mm/memory.c): sets the PTE of the page at @addr */
vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn);

/* ---- DRM core ---- */
struct drm_device;
struct drm_gem_object;
struct drm_file;
struct drm_mode_create_dumb {
	u32 height, width, bpp, flags, handle, pitch;
	u64 size;
};
struct drm_driver {
	struct drm_gem_object *(*gem_create_object)(struct drm_device *dev, size_t size);
};
struct drm_device {
	struct device *dev;
	const struct drm_driver *driver;
	struct inode *anon_inode;
};
struct drm_vma_offset_node {
	int allocated;
};
struct drm_vma_offset_manager;
void drm_vma_node_unmap(struct drm_vma_offset_node *node, struct address_space *file_mapping);
struct sg_table *drm_prime_pages_to_sg(struct drm_device *dev, struct page **pages,
				       unsigned int nr_pages);

/* dma-buf: the objects the oracle drives are never imported or exported */
struct dma_buf {
	size_t size;
	struct dma_resv *resv;
	void *priv;
};
struct dma_buf_attachment {
	struct dma_buf *dmabuf;
};
int dma_buf_vmap(struct dma_buf *dmabuf, struct iosys_map *map);
void dma_buf_vunmap(struct dma_buf *dmabuf, struct iosys_map *map);
int dma_buf_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma, unsigned long pgoff);
struct dma_buf_attachment *dma_buf_attach(struct dma_buf *dmabuf, struct device *dev);
void dma_buf_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *attach);
void dma_buf_put(struct dma_buf *dmabuf);
static inline void get_dma_buf(struct dma_buf *dmabuf) { (void)dmabuf; }
bool drm_gem_is_prime_exported_dma_buf(struct drm_device *dev, struct dma_buf *dma_buf);
void drm_prime_gem_destroy(struct drm_gem_object *obj, struct sg_table *sg);

#endif
