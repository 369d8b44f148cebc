// SPDX-License-Identifier: MIT
/*
 * tests/oracle/tree/drivers/gpu/drm/drm_gem.c - a stand-in tree's GEM core
 * LRU, written for gemsim's tests (no kernel code): the oracle cuts the
 * drm_gem_lru_* functions out of this file by name, as it does from a real
 * tree's drm_gem.c, and compiles only them.  What else a real drm_gem.c
 * holds is here as a function the oracle must not take.
 */

int drm_gem_dumb_map_offset(struct drm_file *file, struct drm_device *dev, u32 handle, u64 *offset)
{
	return undefined_in_the_stand_ins(file, dev, handle, offset);
}

/* initialise an empty list whose moves @lock guards */
void
drm_gem_lru_init(struct drm_gem_lru *lru, struct mutex *lock)
{
	lru->lock = lock;
	lru->count = 0;
	INIT_LIST_HEAD(&lru->list);
}

static void
drm_gem_lru_remove_locked(struct drm_gem_object *obj)
{
	obj->lru->count -= (long)(obj->size >> PAGE_SHIFT);
	WARN_ON(obj->lru->count < 0);
	list_del(&obj->lru_node);
	obj->lru = NULL;
}

/* take @obj off the list it is on, if any */
void
drm_gem_lru_remove(struct drm_gem_object *obj)
{
	struct drm_gem_lru *lru = obj->lru;

	if (!lru)
		return;
	mutex_lock(lru->lock);
	drm_gem_lru_remove_locked(obj);
	mutex_unlock(lru->lock);
}

static void
drm_gem_lru_move_tail_locked(struct drm_gem_lru *lru, struct drm_gem_object *obj)
{
	lockdep_assert_held_once(lru->lock);
	if (obj->lru)
		drm_gem_lru_remove_locked(obj);
	lru->count += (long)(obj->size >> PAGE_SHIFT);
	list_add_tail(&obj->lru_node, &lru->list);
	obj->lru = lru;
}

/* @obj to the tail of @lru, off any other list */
void
drm_gem_lru_move_tail(struct drm_gem_lru *lru, struct drm_gem_object *obj)
{
	mutex_lock(lru->lock);
	drm_gem_lru_move_tail_locked(lru, obj);
	mutex_unlock(lru->lock);
}

/*
 * Offer objects from the head of @lru to @shrink until @nr_to_scan pages
 * are freed.  Each offered object waits on a list of its own ("seen") so
 * the walk never meets it twice; a held reservation skips it and counts
 * its pages in *@remaining.  What is still on "seen" at the end goes back
 * behind what the walk did not reach.
 */
unsigned long
drm_gem_lru_scan(struct drm_gem_lru *lru, unsigned int nr_to_scan, unsigned long *remaining,
		 bool (*shrink)(struct drm_gem_object *obj, struct ww_acquire_ctx *ticket),
		 struct ww_acquire_ctx *ticket)
{
	struct drm_gem_lru seen;
	struct drm_gem_object *obj;
	unsigned long freed = 0;

	drm_gem_lru_init(&seen, lru->lock);
	mutex_lock(lru->lock);
	while (freed < nr_to_scan && !list_empty(&lru->list)) {
		obj = list_first_entry(&lru->list, struct drm_gem_object, lru_node);
		drm_gem_lru_move_tail_locked(&seen, obj);
		mutex_unlock(lru->lock);
		if (!ww_mutex_trylock(&obj->resv->lock, ticket)) {
			*remaining += obj->size >> PAGE_SHIFT;
		} else {
			if (shrink(obj, ticket))
				freed += obj->size >> PAGE_SHIFT;
			dma_resv_unlock(obj->resv);
		}
		mutex_lock(lru->lock);
	}
	list_for_each_entry(obj, &seen.list, lru_node)
		obj->lru = lru;
	list_splice_tail(&seen.list, &lru->list);
	lru->count += seen.count;
	mutex_unlock(lru->lock);
	return freed;
}
