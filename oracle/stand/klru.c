// SPDX-License-Identifier: MIT
/*
 * oracle/stand/klru.c - the kernel side of the oracle's LRU check
 * (`gemsim oracle --lru`, docs/oracle.md): GEM objects on the tree's own
 * drm_gem_lru_* (extracted from its drivers/gpu/drm/drm_gem.c by the
 * oracle), driven by op lines as msm drives its lists:
 *
 *   lcreate SLOT PAGES   an object of PAGES pages, on no list
 *   lmove SLOT LIST      drm_gem_lru_move_tail() onto list LIST (0..3)
 *   lremove SLOT         drm_gem_lru_remove()
 *   lverdict SLOT V TO   what the next scan's shrink callback does with it:
 *                        V 0 returns false; 1 its reservation is held, so
 *                        the trylock fails; 2 moves it to list TO (4: off
 *                        every list) and returns true
 *   lscan LIST NR        drm_gem_lru_scan() of LIST for NR pages
 *
 * After each: "L list count slot.." per list, "S remaining" and
 * "V slot.." (the objects the callback was offered, in order), then the R
 * line of kside.c.  The four lists share one mutex, as msm's lru.lock.
 * kside.c includes this file when the tree has drm_gem_lru (ORACLE_LRU).
 */

#define KL_SLOTS 64
#define KL_LISTS 4
#define KL_OFFERS 256

enum { KL_KEEP, KL_LOCKED, KL_FREE };

static struct mutex kl_lock;
static struct drm_gem_lru kl_lru[KL_LISTS];
static struct drm_gem_object *kl_obj[KL_SLOTS];
static int kl_verdict[KL_SLOTS];
static unsigned kl_to[KL_SLOTS];
static unsigned kl_offered[KL_OFFERS];
static unsigned kl_noffered;
static unsigned long kl_remaining;

static void kl_reset(void)
{
	unsigned i;

	mutex_init(&kl_lock);
	for (i = 0; i < KL_LISTS; i++)
		drm_gem_lru_init(&kl_lru[i], &kl_lock);
	for (i = 0; i < KL_SLOTS; i++) {
		free(kl_obj[i]);
		kl_obj[i] = NULL;
	}
	kl_noffered = 0;
	kl_remaining = 0;
}

static unsigned kl_slot_of(const struct drm_gem_object *obj)
{
	unsigned i;

	for (i = 0; i < KL_SLOTS; i++)
		if (kl_obj[i] == obj)
			return i;
	return KL_SLOTS;
}

/* the driver's shrink callback: msm_gem_purge()/msm_gem_evict() move the
 * object through update_lru_locked(), under the lists' one lock */
static bool kl_shrink_obj(struct drm_gem_object *obj)
{
	unsigned slot = kl_slot_of(obj);

	if (slot == KL_SLOTS)
		return false;
	if (kl_noffered < KL_OFFERS)
		kl_offered[kl_noffered++] = slot;
	if (kl_verdict[slot] != KL_FREE)
		return false;
	if (kl_to[slot] < KL_LISTS)
		drm_gem_lru_move_tail(&kl_lru[kl_to[slot]], obj);
	else
		drm_gem_lru_remove(obj);
	return true;
}

#ifdef ORACLE_LRU_SCAN_TICKET
static bool kl_shrink(struct drm_gem_object *obj, struct ww_acquire_ctx *ticket)
{
	(void)ticket;
	return kl_shrink_obj(obj);
}
#else
static bool kl_shrink(struct drm_gem_object *obj)
{
	return kl_shrink_obj(obj);
}
#endif

static unsigned long kl_scan(struct drm_gem_lru *lru, unsigned nr)
{
#ifdef ORACLE_LRU_SCAN_TICKET
	struct ww_acquire_ctx ticket;

	return drm_gem_lru_scan(lru, nr, &kl_remaining, kl_shrink, &ticket);
#elif defined(ORACLE_LRU_SCAN_REMAINING)
	return drm_gem_lru_scan(lru, nr, &kl_remaining, kl_shrink);
#else
	return drm_gem_lru_scan(lru, nr, kl_shrink);
#endif
}

static int kl_op(const char *op, unsigned long a, unsigned long b, unsigned long c)
{
	struct drm_gem_object *obj = a < KL_SLOTS ? kl_obj[a] : NULL;
	unsigned long freed;
	unsigned i;

	kl_noffered = 0;
	kl_remaining = 0;
	if (!strcmp(op, "lcreate")) {
		if (a >= KL_SLOTS || obj || !b)
			return -EINVAL;
		obj = kzalloc(sizeof(*obj), GFP_KERNEL);
		if (!obj)
			return -ENOMEM;
		drm_gem_private_object_init(&ks_dev, obj, b << PAGE_SHIFT);
		kl_obj[a] = obj;
		return 0;
	}
	if (!strcmp(op, "lscan")) {
		if (a >= KL_LISTS)
			return -EINVAL;
		for (i = 0; i < KL_SLOTS; i++)
			if (kl_obj[i] && kl_verdict[i] == KL_LOCKED)
				dma_resv_lock(kl_obj[i]->resv, NULL);
		freed = kl_scan(&kl_lru[a], (unsigned)b);
		for (i = 0; i < KL_SLOTS; i++) {
			if (kl_obj[i] && kl_verdict[i] == KL_LOCKED)
				dma_resv_unlock(kl_obj[i]->resv);
			kl_verdict[i] = KL_KEEP;
		}
		return (int)freed;
	}
	if (!obj) {
		printf("E no LRU object in slot %lu\n", a);
		return -2;
	}
	if (!strcmp(op, "lmove") && b < KL_LISTS)
		drm_gem_lru_move_tail(&kl_lru[b], obj);
	else if (!strcmp(op, "lremove"))
		drm_gem_lru_remove(obj);
	else if (!strcmp(op, "lverdict") && b <= KL_FREE) {
		kl_verdict[a] = (int)b;
		kl_to[a] = (unsigned)c;
	} else
		printf("E unknown LRU op %s\n", op);
	return KS_VOID;
}

static void kl_state(void)
{
	struct drm_gem_object *obj;
	unsigned i;

	for (i = 0; i < KL_LISTS; i++) {
		printf("L %u %ld", i, (long)kl_lru[i].count);
		list_for_each_entry(obj, &kl_lru[i].list, lru_node)
			printf(" %u", kl_slot_of(obj));
		printf("\n");
	}
#if defined(ORACLE_LRU_SCAN_TICKET) || defined(ORACLE_LRU_SCAN_REMAINING)
	printf("S %lu\n", kl_remaining);
#else
	printf("S -1\n");
#endif
	printf("V");
	for (i = 0; i < kl_noffered; i++)
		printf(" %u", kl_offered[i]);
	printf("\n");
}
