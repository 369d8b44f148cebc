// SPDX-License-Identifier: MIT
/*
 * oracle/stand/kside.c - the kernel side of the oracle: the GEM core
 * stand-ins the helper calls (drm_gem.c's object init, pages, mmap offset,
 * vm_open/close; drm_prime.c's pages_to_sg; drm_vma_manager's unmap) and
 * the driver that runs ops on the helper, one per line on stdin, and writes
 * each op's result and the objects' state on stdout (docs/oracle.md has the
 * protocol).
 *
 * The oracle generates one file that includes the tree's
 * drivers/gpu/drm/drm_gem_shmem_helper.c, the drm_gem_lru_* functions it
 * extracted from the tree's drm_gem.c (when the tree has them: klru.c
 * drives them), and then this one, as
 * tools/testing/vma includes mm/vma.c: the helper's static functions
 * (drm_gem_shmem_get_pages_locked(), the vm_ops) are in reach.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kstand_core.c"

struct page *oracle_page_alloc(void);
void oracle_page_free(struct page *p);
struct sg_table *oracle_pages_to_sg(struct page **pages, unsigned int nr_pages);

#define KS_SLOTS 4096
#define KS_MAPS 4096

static struct drm_driver ks_driver;
static struct inode ks_anon_inode;
static struct device ks_device;
static struct drm_device ks_dev = { &ks_device, &ks_driver, &ks_anon_inode };
static struct drm_gem_shmem_object *ks_obj[KS_SLOTS];  /* by slot, while its handle lives */
static struct drm_gem_object *ks_gone[KS_SLOTS];       /* handle dropped, a VMA still holds it */
static bool ks_locked[KS_SLOTS];                      /* the scenario holds the resv lock */
static bool ks_gone_locked[KS_SLOTS];                 /* ... of the object its handle left */
static struct vm_area_struct ks_vma[KS_MAPS];
static unsigned ks_vma_slot[KS_MAPS];

/* ---- output ---- */
void oracle_report_warn(const char *file, int line, const char *cond)
{
	printf("W %s:%d: WARN_ON(%s)\n", file, line, cond);
}

void oracle_report_warn_once_again(const char *file, int line, const char *cond)
{
	printf("O %s:%d: WARN_ON_ONCE(%s) again: silent\n", file, line, cond);
}

void oracle_report_oops(const char *file, int line, const char *what)
{
	printf("X %s:%d: %s\n", file, line, what);
	fflush(stdout);
	_exit(3);
}

static void ks_signal(int sig)
{
	static const char msg_segv[] = "X kernel oops: SIGSEGV (a NULL or stale pointer dereferenced)\n";
	static const char msg_other[] = "X kernel oops: fatal signal\n";

	if (sig == SIGSEGV || sig == SIGBUS) {
		if (write(1, msg_segv, sizeof(msg_segv) - 1) < 0)
			_exit(4);
	} else if (write(1, msg_other, sizeof(msg_other) - 1) < 0) {
		_exit(4);
	}
	_exit(3);
}

/* ---- drm_gem.c stand-ins ---- */
void drm_gem_private_object_init(struct drm_device *dev, struct drm_gem_object *obj, size_t size)
{
	obj->dev = dev;
	obj->filp = NULL;
	obj->size = size;
	kref_init(&obj->refcount);
	obj->resv = &obj->_resv;
	dma_resv_init(&obj->_resv);
	INIT_LIST_HEAD(&obj->lru_node);
	obj->lru = NULL;
}

void drm_gem_private_object_fini(struct drm_gem_object *obj)
{
	dma_resv_fini(&obj->_resv);
}

/* drm_gem_object_init_with_mnt(): a shmem file of @size behind the object */
int drm_gem_object_init_with_mnt(struct drm_device *dev, struct drm_gem_object *obj, size_t size,
				 struct vfsmount *gemfs)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);
	struct inode *ino = kzalloc(sizeof(*ino), GFP_KERNEL);

	(void)gemfs;
	drm_gem_private_object_init(dev, obj, size);
	if (!f || !ino)
		goto fail;
	ino->npages = size >> PAGE_SHIFT;
	ino->store = kcalloc(ino->npages, sizeof(*ino->store), GFP_KERNEL);
	if (!ino->store)
		goto fail;
	ino->i_mapping = &ino->i_data;
	f->f_inode = ino;
	f->f_mapping = ino->i_mapping;
	obj->filp = f;
	return 0;
fail:
	kfree(ino);
	kfree(f);
	return -ENOMEM;
}

int drm_gem_object_init(struct drm_device *dev, struct drm_gem_object *obj, size_t size)
{
	return drm_gem_object_init_with_mnt(dev, obj, size, NULL);
}

void drm_gem_free_mmap_offset(struct drm_gem_object *obj)
{
	obj->vma_node.allocated = 0;
}

int drm_gem_create_mmap_offset(struct drm_gem_object *obj)
{
	obj->vma_node.allocated = 1;
	return 0;
}

void drm_gem_object_release(struct drm_gem_object *obj)
{
	if (obj->filp) {
		struct inode *ino = file_inode(obj->filp);

		shmem_truncate_range(ino, 0, (loff_t)-1);
		kfree(ino->store);
		kfree(ino);
		kfree(obj->filp);
		obj->filp = NULL;
	}
	dma_resv_fini(&obj->_resv);
	drm_gem_free_mmap_offset(obj);
}

/* drm_gem_object_free(): the last reference went; the driver's free runs */
void drm_gem_object_free(struct kref *kref)
{
	struct drm_gem_object *obj = container_of(kref, struct drm_gem_object, refcount);
	unsigned i;

	for (i = 0; i < KS_SLOTS; i++)
		if (ks_gone[i] == obj)
			ks_gone[i] = NULL;
	obj->funcs->free(obj);
}

/*
 * drm_gem_get_pages(): every page of the shmem file, read in as needed.
 * The run's frames (the scenario's ram_pages) count the pages page arrays
 * hold: a page array's pages cannot be reclaimed, the page cache's can.
 */
struct page **drm_gem_get_pages(struct drm_gem_object *obj)
{
	struct inode *ino = file_inode(obj->filp);
	unsigned long i, n = obj->size >> PAGE_SHIFT;
	struct page **pages;

	if (oracle_frames_left < n)
		return ERR_PTR(-ENOMEM);
	pages = kvmalloc_array(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < n; i++) {
		if (!ino->store[i] && !(ino->store[i] = oracle_page_alloc())) {
			kvfree(pages);
			return ERR_PTR(-ENOMEM);
		}
		pages[i] = ino->store[i];
	}
	oracle_frames_left -= n;
	return pages;
}

/* drm_gem_put_pages(): the array goes, the pages stay in the page cache */
void drm_gem_put_pages(struct drm_gem_object *obj, struct page **pages, bool dirty, bool accessed)
{
	unsigned long i, n = obj->size >> PAGE_SHIFT;

	(void)dirty;
	(void)accessed;
	for (i = 0; i < n; i++)
		(void)page_to_pfn(pages[i]);
	kvfree(pages);
	oracle_frames_left += n;
}

void drm_gem_vm_open(struct vm_area_struct *vma)
{
	drm_gem_object_get(vma->vm_private_data);
}

void drm_gem_vm_close(struct vm_area_struct *vma)
{
	drm_gem_object_put(vma->vm_private_data);
}

int drm_gem_handle_create(struct drm_file *file_priv, struct drm_gem_object *obj, u32 *handlep)
{
	(void)file_priv;
	(void)obj;
	*handlep = 0;
	return -EINVAL; /* the oracle drives objects by slot, never by handle */
}

struct sg_table *drm_prime_pages_to_sg(struct drm_device *dev, struct page **pages,
				       unsigned int nr_pages)
{
	(void)dev;
	return oracle_pages_to_sg(pages, nr_pages);
}

/* drm_vma_node_unmap(): unmap_mapping_range() of the object: every PTE goes */
void drm_vma_node_unmap(struct drm_vma_offset_node *node, struct address_space *file_mapping)
{
	struct drm_gem_object *obj = container_of(node, struct drm_gem_object, vma_node);
	unsigned m;

	(void)file_mapping;
	for (m = 0; m < KS_MAPS; m++)
		if (ks_vma[m].live && ks_vma[m].vm_private_data == obj)
			memset(ks_vma[m].pte, 0, ks_vma[m].npages);
}

bool drm_gem_is_prime_exported_dma_buf(struct drm_device *dev, struct dma_buf *dma_buf)
{
	(void)dev;
	(void)dma_buf;
	return false;
}

void drm_prime_gem_destroy(struct drm_gem_object *obj, struct sg_table *sg)
{
	(void)obj;
	(void)sg;
}

/* ---- the driver: one op per line ---- */
#define KS_VOID 0x7fffffff /* an op whose kernel function returns nothing */

static struct drm_gem_shmem_object *ks_get(unsigned slot)
{
	return slot < KS_SLOTS ? ks_obj[slot] : NULL;
}

static int ks_create(unsigned slot, unsigned long npages)
{
	struct drm_gem_shmem_object *shmem;

	if (slot >= KS_SLOTS || ks_obj[slot])
		return -EINVAL;
	shmem = drm_gem_shmem_create(&ks_dev, npages << PAGE_SHIFT);
	if (IS_ERR(shmem))
		return (int)PTR_ERR(shmem);
	ks_obj[slot] = shmem;
	return 0;
}

/* the handle's reference goes (drm_gem_handle_delete -> drm_gem_object_put) */
static int ks_free(unsigned slot)
{
	struct drm_gem_shmem_object *shmem = ks_get(slot);

	if (kref_read(&shmem->base.refcount) > 1) {
		ks_gone[slot] = &shmem->base;
		ks_gone_locked[slot] = ks_locked[slot];
	}
	ks_obj[slot] = NULL;
	ks_locked[slot] = false;
	drm_gem_object_put(&shmem->base);
	return KS_VOID;
}

/* drm_gem_mmap_obj(): a reference for the VMA, then the object's mmap */
static int ks_mmap(unsigned slot, unsigned map, int private_map)
{
	struct drm_gem_shmem_object *shmem = ks_get(slot);
	struct vm_area_struct *vma;
	int ret;

	if (map >= KS_MAPS || ks_vma[map].live)
		return -EINVAL;
	vma = &ks_vma[map];
	memset(vma, 0, sizeof(*vma));
	vma->npages = shmem->base.size >> PAGE_SHIFT;
	vma->pte = calloc(vma->npages ? vma->npages : 1, 1);
	vma->vm_start = 0x100000000ul * (map + 1);
	vma->vm_end = vma->vm_start + shmem->base.size;
	vma->vm_flags = VM_MAYWRITE | (private_map ? 0 : VM_SHARED);
	vma->vm_private_data = &shmem->base;
	vma->vm_ops = shmem->base.funcs->vm_ops;
	drm_gem_object_get(&shmem->base);
	ret = shmem->base.funcs->mmap(&shmem->base, vma);
	if (ret) {
		drm_gem_object_put(&shmem->base);
		free(vma->pte);
		vma->pte = NULL;
		return ret;
	}
	vma->live = true;
	ks_vma_slot[map] = slot;
	return 0;
}

static bool ks_map_live(unsigned long map)
{
	return map < KS_MAPS && ks_vma[map].live;
}

static int ks_munmap(unsigned map)
{
	struct vm_area_struct *vma = &ks_vma[map];

	vma->vm_ops->close(vma);
	vma->live = false;
	free(vma->pte);
	vma->pte = NULL;
	return KS_VOID;
}

/* dup_mmap(): the child VMA is a copy with no PTEs, then vm_ops->open */
static int ks_fork(unsigned map, unsigned child)
{
	struct vm_area_struct *vma = &ks_vma[map], *c = &ks_vma[child];

	*c = *vma;
	c->pte = calloc(vma->npages ? vma->npages : 1, 1);
	c->vm_start = 0x100000000ul * (child + 1);
	c->vm_end = c->vm_start + (vma->vm_end - vma->vm_start);
	ks_vma_slot[child] = ks_vma_slot[map];
	c->vm_ops->open(c);
	return KS_VOID;
}

/* the CPU touches pages first..last: each page without a PTE faults */
static int ks_fault(unsigned map, unsigned long first, unsigned long last)
{
	struct vm_area_struct *vma = &ks_vma[map];
	unsigned long p;

	for (p = first; p <= last; p++) {
		struct vm_fault vmf = { vma, vma->vm_start + (p << PAGE_SHIFT), 0 };
		vm_fault_t r;

		if (p >= vma->npages)
			return -EFAULT; /* outside the VMA: SIGSEGV, the driver is not called */
		if (vma->pte[p])
			continue;
		r = vma->vm_ops->fault(&vmf);
		if (r & VM_FAULT_SIGBUS)
			return -1001;
		if (r & VM_FAULT_OOM)
			return -1002;
	}
	return 0;
}

static void ks_lock(unsigned slot)
{
	if (!ks_locked[slot])
		dma_resv_lock(ks_obj[slot]->base.resv, NULL);
}

static void ks_unlock(unsigned slot)
{
	if (!ks_locked[slot])
		dma_resv_unlock(ks_obj[slot]->base.resv);
}

#ifdef ORACLE_LRU /* the tree has drm_gem_lru: the oracle extracted it before this file */
#include "klru.c"
#endif

static int ks_sgt_ret(struct sg_table *sgt)
{
	return IS_ERR(sgt) ? (int)PTR_ERR(sgt) : 0;
}

static int ks_op(const char *op, unsigned long a, unsigned long b, unsigned long c)
{
	struct drm_gem_shmem_object *shmem = ks_get((unsigned)a);
	struct iosys_map map;
	int ret = KS_VOID;

	if (!strcmp(op, "create"))
		return ks_create((unsigned)a, b);
	/* a mapping the scenario never made is ENOENT, as in the model */
	if (!strcmp(op, "munmap"))
		return ks_map_live(b) ? ks_munmap((unsigned)b) : -2;
	if (!strcmp(op, "fork")) {
		if (!ks_map_live(b))
			return -2;
		return c >= KS_MAPS || ks_vma[c].live ? -EINVAL : ks_fork((unsigned)b, (unsigned)c);
	}
	if (!strcmp(op, "fault"))
		return ks_map_live(a) ? ks_fault((unsigned)a, b, c) : -2;
	if (!shmem) {
		printf("E no object in slot %lu\n", a);
		return -2;
	}
	if (!strcmp(op, "free"))
		return ks_free((unsigned)a);
	if (!strcmp(op, "mmap"))
		return ks_mmap((unsigned)a, (unsigned)b, (int)c);
	if (!strcmp(op, "resv_lock")) {
		dma_resv_lock(shmem->base.resv, NULL);
		ks_locked[a] = true;
		return 0;
	}
	if (!strcmp(op, "resv_unlock")) {
		ks_locked[a] = false;
		dma_resv_unlock(shmem->base.resv);
		return 0;
	}
	if (!strcmp(op, "pin"))
		return ks_locked[a] ? drm_gem_shmem_pin_locked(shmem) : drm_gem_shmem_pin(shmem);
	if (!strcmp(op, "unpin")) {
		if (ks_locked[a])
			drm_gem_shmem_unpin_locked(shmem);
		else
			drm_gem_shmem_unpin(shmem);
		return KS_VOID;
	}
	if (!strcmp(op, "get_pages_sgt"))
		return ks_locked[a] ? ks_sgt_ret(drm_gem_shmem_get_pages_sgt_locked(shmem)) :
				      ks_sgt_ret(drm_gem_shmem_get_pages_sgt(shmem));
	if (!strcmp(op, "get_sg_table")) {
		struct sg_table *sgt = drm_gem_shmem_get_sg_table(shmem);

		if (IS_ERR(sgt))
			return (int)PTR_ERR(sgt);
		sg_free_table(sgt);
		kfree(sgt);
		return 0;
	}
	/* the rest run under the lock, as their callers in drivers do */
	ks_lock((unsigned)a);
	if (!strcmp(op, "get_pages"))
		ret = drm_gem_shmem_get_pages_locked(shmem);
	else if (!strcmp(op, "put_pages"))
		drm_gem_shmem_put_pages_locked(shmem);
	else if (!strcmp(op, "vmap"))
		ret = drm_gem_shmem_vmap_locked(shmem, &map);
	else if (!strcmp(op, "vunmap")) {
		map.vaddr = shmem->vaddr;
		drm_gem_shmem_vunmap_locked(shmem, &map);
	} else if (!strcmp(op, "vmap_access")) { /* a read through the kernel mapping */
		ret = ((volatile char *)shmem->vaddr)[b] * 0;
	} else if (!strcmp(op, "madvise"))
		ret = drm_gem_shmem_madvise_locked(shmem, (int)(long)b);
	else if (!strcmp(op, "purge"))
		drm_gem_shmem_purge_locked(shmem);
	else
		printf("E unknown op %s\n", op);
	ks_unlock((unsigned)a);
	return ret;
}

static void ks_state(int ret)
{
	unsigned i;

	if (ret == KS_VOID)
		printf("R void %lu\n", oracle_warns);
	else
		printf("R %d %lu\n", ret, oracle_warns);
	for (i = 0; i < KS_SLOTS; i++) {
		struct drm_gem_shmem_object *s = ks_obj[i];

		if (ks_gone[i])
			printf("G %u\n", i);
		if (!s)
			continue;
		printf("B %u %d %d %d %d %d %d\n", i, refcount_read(&s->pages_use_count),
		       refcount_read(&s->pages_pin_count), refcount_read(&s->vmap_use_count),
		       s->pages != NULL, s->sgt != NULL, s->madv);
	}
	printf(".\n");
	fflush(stdout);
}

/* everything goes, as a new boot: VMAs first, then the handles */
static void ks_reset(unsigned long frames)
{
	unsigned i;

	for (i = 0; i < KS_SLOTS; i++) { /* the locks first: munmap and free take them */
		if (ks_obj[i] && ks_locked[i])
			dma_resv_unlock(ks_obj[i]->base.resv);
		if (ks_gone[i] && ks_gone_locked[i])
			dma_resv_unlock(ks_gone[i]->resv);
		ks_locked[i] = ks_gone_locked[i] = false;
	}
	for (i = 0; i < KS_MAPS; i++)
		if (ks_vma[i].live)
			ks_munmap(i);
	for (i = 0; i < KS_SLOTS; i++) {
		if (ks_obj[i])
			ks_free(i);
		ks_gone[i] = NULL;
	}
#ifdef ORACLE_LRU
	kl_reset();
#endif
	oracle_warns = 0;
	oracle_generation++;
	oracle_frames_left = frames ? frames : ~0ul >> 1;
}

int main(void)
{
	char line[256], op[64];

	signal(SIGSEGV, ks_signal);
	signal(SIGBUS, ks_signal);
	signal(SIGABRT, ks_signal);
	signal(SIGFPE, ks_signal);
	while (fgets(line, sizeof(line), stdin)) {
		unsigned long a = 0, b = 0, c = 0;

		if (sscanf(line, "%63s %lu %lu %lu", op, &a, &b, &c) < 1)
			continue;
		if (!strcmp(op, "reset")) {
			ks_reset(a);
			ks_state(0);
			continue;
		}
		if (!strcmp(op, "quit"))
			break;
#ifdef ORACLE_LRU
		if (op[0] == 'l') {
			int ret = kl_op(op, a, b, c);

			kl_state();
			ks_state(ret);
			continue;
		}
#endif
		ks_state(ks_op(op, a, b, c));
	}
	return 0;
}
