// SPDX-License-Identifier: MIT
/*
 * viewer/lists.c - the list view's model: a recorder of the shrinker's last
 * scan and the rows of a picture (see lists.h).  No SDL.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gem/lru.h"
#include "gem/shm.h"
#include "viewer/lists.h"
#include "viewer/view.h"

/* ---- the recorder ------------------------------------------------------------ */

void view_lists_reset(struct view_lists *vl)
{
	vl->cur = 0;
	vl->in_scan = false;
	vl->have_last = false;
	vl->scans = 0;
	vl->rec[0].npasses = vl->rec[0].nvisits = 0;
	vl->rec[1].npasses = vl->rec[1].nvisits = 0;
}

const struct view_scan_rec *view_lists_last(const struct view_lists *vl)
{
	return vl->have_last ? &vl->rec[!vl->cur] : NULL;
}

/* Every evictable queue shows as one list, in the scan's order. */
static unsigned shown_id(unsigned id)
{
	return id >= LRU_EVICTABLE ? LRU_EVICTABLE : id;
}

static struct view_pass *cur_pass(struct view_lists *vl)
{
	struct view_scan_rec *r = &vl->rec[vl->cur];

	return r->npasses ? &r->pass[r->npasses - 1] : NULL;
}

/* The last visit of the current pass, when the record still has it. */
static struct view_visit *pending(struct view_lists *vl)
{
	struct view_scan_rec *r = &vl->rec[vl->cur];
	struct view_pass *p = cur_pass(vl);

	if (!p || !p->kept || r->visits[p->first + p->kept - 1].what != VV_PENDING)
		return NULL;
	return &r->visits[p->first + p->kept - 1];
}

/* What became of the visit before: the model says purge and evict; a skip
 * shows in a counter, or in where the object went (shrink.c scan_walk()). */
static void settle(struct view_lists *vl, struct sim *s)
{
	struct view_visit *v = pending(vl);
	struct view_pass *p = cur_pass(vl);
	const struct shm_object *o;
	uint8_t what = VV_KEPT;

	if (!v)
		return;
	o = shm_get(s, v->bo);
	if (s->stats.shrinker_skipped_busy != vl->busy)
		what = VV_BUSY;
	else if (s->stats.shrinker_skipped_locked != vl->locked)
		what = VV_LOCKED;
	else if (s->stats.shrinker_skipped_noswap != vl->noswap)
		what = VV_NOSWAP;
	else if (o && o->lru != LRU_SCAN && shown_id(o->lru) == shown_id(p->list))
		what = VV_SPARED;
	v->what = what;
	p->n[what]++;
}

static void visit(struct view_lists *vl, struct sim *s, uint32_t bo)
{
	struct view_scan_rec *r = &vl->rec[vl->cur];
	struct view_pass *p = cur_pass(vl);

	settle(vl, s);
	if (!p)
		return;
	p->nvisits++;
	vl->busy = s->stats.shrinker_skipped_busy;
	vl->locked = s->stats.shrinker_skipped_locked;
	vl->noswap = s->stats.shrinker_skipped_noswap;
	/* a full record keeps counting */
	if (r->nvisits >= VIEW_LIST_VISITS)
		return;
	r->visits[r->nvisits++] = (struct view_visit){ .bo = bo,
						       .what = VV_PENDING,
						       .state = (uint8_t)view_object_state(s, bo) };
	p->kept++;
}

static void acted(struct view_lists *vl, uint32_t bo, uint8_t what)
{
	struct view_visit *v = pending(vl);
	struct view_pass *p = cur_pass(vl);

	if (p && v && v->bo == bo) {
		v->what = what;
		p->n[what]++;
	} else if (p && !v && p->nvisits > p->kept) {
		p->n[what]++; /* a visit the record had no room for */
	}
}

static void pass_begin(struct view_lists *vl, struct sim *s, uint32_t id, uint64_t mode)
{
	struct view_scan_rec *r = &vl->rec[vl->cur];
	struct view_pass *p = cur_pass(vl);

	settle(vl, s);
	/* the next evictable queue of the same pass: one walk of the list in
	 * the scan's order; more passes than kept count in the last one */
	if ((p && p->list == shown_id(id) && p->mode == mode) || r->npasses == VIEW_LIST_PASSES)
		return;
	p = &r->pass[r->npasses++];
	*p = (struct view_pass){ .list = (uint8_t)shown_id(id),
				 .mode = (uint8_t)mode,
				 .first = r->nvisits };
}

void view_lists_observe(void *ctx, struct sim *s, enum sim_obs what, uint32_t bo, uint64_t arg)
{
	struct view_lists *vl = ctx;
	struct view_scan_rec *r = &vl->rec[vl->cur];
	struct view_pass *p;

	switch (what) {
	case SIM_OBS_SCAN_BEGIN:
		vl->in_scan = true;
		r->prev_at = vl->have_last ? vl->rec[!vl->cur].at : 0;
		r->have_prev = vl->have_last;
		r->at = s->now;
		r->nr = arg;
		r->freed = 0;
		r->npasses = r->nvisits = 0;
		break;
	case SIM_OBS_SCAN_PASS:
		if (vl->in_scan)
			pass_begin(vl, s, bo, arg);
		break;
	case SIM_OBS_SCAN_VISIT:
		if (vl->in_scan)
			visit(vl, s, bo);
		break;
	case SIM_OBS_PURGE:
	case SIM_OBS_EVICT:
		if (vl->in_scan)
			acted(vl, bo, what == SIM_OBS_PURGE ? VV_PURGED : VV_EVICTED);
		break;
	case SIM_OBS_SCAN_SPLICE:
		if (!vl->in_scan || !(p = cur_pass(vl)))
			break;
		settle(vl, s);
		p->rotated += (uint32_t)arg;
		p->unvisited = lru_walk_count(s, shown_id(bo), NULL);
		break;
	case SIM_OBS_SCAN_END:
		if (!vl->in_scan)
			break;
		settle(vl, s);
		r->freed = arg;
		vl->in_scan = false;
		vl->have_last = true;
		vl->scans++;
		vl->cur = !vl->cur;
		break;
	default: break;
	}
}

/* ---- a picture's rows --------------------------------------------------------- */

static bool is_msm(const struct sim *s)
{
	return s->cfg.policy.shrinker == SIM_SHRINKER_MSM;
}

static void row_setup(struct view_lists_pic *pic, const struct sim *s, unsigned id,
		      const char *name, const char *what, bool scanned)
{
	struct view_list_row *row = &pic->rows[pic->nrows++];

	row->id = id;
	row->name = name;
	row->what = what;
	row->scanned = scanned;
	row->nitems = row->nghosts = row->elided = 0;
	row->visits = row->purged = row->evicted = row->kept = 0;
	row->rotated = row->unvisited = 0;
	row->modes = 0;
	row->summary[0] = row->rotation[0] = '\0';
	row->nobjs = lru_walk_count(s, id, &row->pages);
}

/* The lists the kernel and policy in force have, the scanned ones first. */
static void rows_of(struct view_lists_pic *pic, const struct sim *s)
{
	pic->nrows = 0;
	if (s->cfg.kernel == SIM_KERNEL_MAINLINE) {
		pic->shrinker = "panfrost (mainline): one list of DONTNEED objects, purge only";
		row_setup(pic, s, LRU_EVICTABLE, "shrinker_list",
			  "panfrost: purgeable objects only", true);
		row_setup(pic, s, LRU_PINNED, "off the list",
			  "objects with pages it may not "
			  "purge",
			  false);
		return;
	}
	if (is_msm(s)) {
		pic->shrinker = "msm: dontneed and willneed apart";
		row_setup(pic, s, LRU_DONTNEED, "dontneed",
			  "purgeable: the purge stage walks "
			  "only this",
			  true);
		row_setup(pic, s, LRU_EVICTABLE, "willneed", "evictable: the evict stage", true);
	} else {
		pic->shrinker = "v19: one list, willneed and dontneed together";
		row_setup(pic, s, LRU_EVICTABLE, "evictable",
			  "purge pass, then evict pass, "
			  "both from the head",
			  true);
	}
	row_setup(pic, s, LRU_EVICTED, is_msm(s) ? "evicted (unbacked)" : "evicted",
		  "in swap: not scanned", false);
	row_setup(pic, s, LRU_PINNED, "pinned", "pinned or shared: not scanned", false);
}

static void put_item(struct view_list_row *row, uint32_t bo, uint8_t state, uint8_t flags,
		     uint8_t mode, uint32_t count)
{
	if (row->nitems < VIEW_LIST_ITEMS)
		row->items[row->nitems++] = (struct view_list_item){
			.bo = bo, .count = count, .state = state, .flags = flags, .mode = mode
		};
}

static void put_elided(struct view_list_row *row, uint32_t count, uint8_t ghost)
{
	if (count)
		put_item(row, SIM_NONE, 0, (uint8_t)(VLI_ELIDED | ghost), 0, count);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static bool in_sorted(const uint32_t *v, uint32_t n, uint32_t x)
{
	return n && bsearch(&x, v, n, sizeof(*v), cmp_u32);
}

static uint8_t visit_flags(const struct view_visit *v)
{
	return (uint8_t)(VLI_GHOST | (v->what == VV_PURGED ? VLI_PURGED : 0) |
			 (v->what == VV_EVICTED ? VLI_EVICTED : 0));
}

/* A pass that reached the end of its list: the objects it took, one item
 * for the ones it walked past and put back in their order. */
static void put_taken(struct view_list_row *row, const struct view_scan_rec *r,
		      const struct view_pass *p)
{
	uint32_t past = 0;

	for (uint32_t i = 0; i < p->kept; i++) {
		const struct view_visit *v = &r->visits[p->first + i];

		if (v->what != VV_PURGED && v->what != VV_EVICTED) {
			past++;
			continue;
		}
		put_elided(row, past, VLI_GHOST);
		past = 0;
		put_item(row, v->bo, v->state, visit_flags(v), p->mode, 0);
	}
	put_elided(row, past + (p->nvisits - p->kept), VLI_GHOST);
}

/* Items @start.. of @row are one pass's: its first carries its name. */
static void mark_pass(struct view_list_row *row, uint32_t start, uint8_t mode)
{
	for (uint32_t i = start; i < row->nitems; i++)
		row->items[i].mode = mode;
	if (start < row->nitems)
		row->items[start].flags |= VLI_PASS;
}

/* The ghosts of @row: the last scan's visits to its list, at most @budget items. */
static void put_ghosts(struct view_list_row *row, const struct view_scan_rec *r, unsigned budget,
		       uint32_t *rot, uint32_t *nrot)
{
	for (uint32_t k = 0; k < r->npasses; k++) {
		const struct view_pass *p = &r->pass[k];
		uint32_t head = p->kept, tail = 0, start = row->nitems;

		if (p->list != row->id)
			continue;
		row->modes |= (uint8_t)(1u << p->mode);
		row->visits += p->nvisits;
		row->purged += p->n[VV_PURGED];
		row->evicted += p->n[VV_EVICTED];
		row->kept += p->nvisits - p->n[VV_PURGED] - p->n[VV_EVICTED] - p->n[VV_SPARED];
		row->rotated += p->rotated;
		row->unvisited = p->unvisited;
		if (!p->rotated) {
			/* it went to the end: what it kept went back in the same
			 * order, so only what it took is worth a block */
			put_taken(row, r, p);
			mark_pass(row, start, p->mode);
			continue;
		}
		if (p->kept > budget) {
			/* the first ones and the last ones, where the cursor stopped */
			head = budget / 2;
			tail = budget - head - 1;
		}
		for (uint32_t i = 0; i < p->kept; i++) {
			const struct view_visit *v = &r->visits[p->first + i];

			/* the rotated ones are outlined in the list now */
			if (v->what != VV_PURGED && v->what != VV_EVICTED && v->what != VV_SPARED &&
			    *nrot < VIEW_LIST_VISITS)
				rot[(*nrot)++] = v->bo;
			if (i < head || i >= p->kept - tail)
				put_item(row, v->bo, v->state, visit_flags(v), p->mode, 0);
			else if (i == head)
				put_elided(row, p->kept - head - tail, VLI_GHOST);
		}
		put_elided(row, p->nvisits - p->kept, VLI_GHOST);
		mark_pass(row, start, p->mode);
	}
	row->nghosts = row->nitems;
}

/* The list now, head to tail, at most @budget items: head and tail, elided between. */
static void put_list(struct view_list_row *row, struct sim *s, unsigned budget, const uint32_t *rot,
		     uint32_t nrot)
{
	uint32_t n = row->nobjs, head = n, tail = 0, i = 0;
	const struct shm_object *o;

	if (n > budget) {
		head = budget / 2;
		tail = budget - head - 1;
	}
	for (o = lru_walk_first(s, row->id); o && i < head; o = lru_walk_next(s, o), i++)
		put_item(row, o->slot, (uint8_t)view_object_state(s, o->slot),
			 in_sorted(rot, nrot, o->slot) ? VLI_ROTATED : 0, 0, 0);
	if (!tail)
		return;
	row->elided = n - head - tail;
	put_elided(row, row->elided, 0);
	/* the tail, found from the end, put in order */
	o = lru_walk_last(s, row->id);
	for (i = 1; o && i < tail; i++)
		o = lru_walk_prev(s, o);
	for (i = 0; o && i < tail; o = lru_walk_next(s, o), i++)
		put_item(row, o->slot, (uint8_t)view_object_state(s, o->slot),
			 in_sorted(rot, nrot, o->slot) ? VLI_ROTATED : 0, 0, 0);
}

const char *view_pass_name(unsigned mode)
{
	static const char *const names[] = { "purge pass", "evict pass", "one pass" };

	return names[mode % 3];
}

/* "purge pass: 2 purged, 12 kept; evict pass: 3 evicted" and the rotation line. */
static void row_words(struct view_list_row *row, const struct view_scan_rec *r)
{
	size_t n = 0, len = sizeof(row->summary);

	for (uint32_t k = 0; k < r->npasses && n < len; k++) {
		const struct view_pass *p = &r->pass[k];
		uint32_t skipped =
			p->nvisits - p->n[VV_PURGED] - p->n[VV_EVICTED] - p->n[VV_SPARED];

		if (p->list != row->id)
			continue;
		if (!p->nvisits) {
			n += (size_t)snprintf(row->summary + n, len - n, "%s%s: the list was empty",
					      n ? "; " : "", view_pass_name(p->mode));
			continue;
		}
		n += (size_t)snprintf(row->summary + n, len - n, "%s%s: visited %" PRIu32,
				      n ? "; " : "", view_pass_name(p->mode), p->nvisits);
		if (p->n[VV_PURGED] && n < len)
			n += (size_t)snprintf(row->summary + n, len - n, ", purged %" PRIu32,
					      p->n[VV_PURGED]);
		if (p->n[VV_EVICTED] && n < len)
			n += (size_t)snprintf(row->summary + n, len - n, ", evicted %" PRIu32,
					      p->n[VV_EVICTED]);
		if (skipped && n < len)
			n += (size_t)snprintf(row->summary + n, len - n,
					      ", %" PRIu32 " kept, back to "
					      "the tail",
					      skipped);
	}
	if (!row->rotated)
		return;
	snprintf(row->rotation, sizeof(row->rotation),
		 "%" PRIu32 " %s rotated behind %" PRIu32 " %s never reached", row->rotated,
		 row->rotated == 1 ? "object" : "objects", row->unvisited,
		 row->unvisited == 1 ? "object it" : "objects it");
}

void view_lists_build(struct view_lists_pic *pic, const struct view_lists *vl, struct sim *s,
		      unsigned max_items)
{
	const struct view_scan_rec *r = view_lists_last(vl);
	uint32_t *rot = pic->rot;

	if (max_items > VIEW_LIST_ITEMS || !max_items)
		max_items = VIEW_LIST_ITEMS;
	if (max_items < 8)
		max_items = 8;
	rows_of(pic, s);
	pic->have_scan = r != NULL;
	pic->scan_at = r ? r->at : 0;
	pic->scan_prev_at = r ? r->prev_at : 0;
	pic->scan_has_prev = r && r->have_prev;
	pic->scan_nr = r ? r->nr : 0;
	pic->scan_freed = r ? r->freed : 0;
	pic->rotated_total = s->stats.shrinker_rotated;
	for (unsigned k = 0; k < pic->nrows; k++) {
		struct view_list_row *row = &pic->rows[k];
		uint32_t nrot = 0;

		if (r && row->scanned)
			put_ghosts(row, r, max_items / 3, rot, &nrot);
		qsort(rot, nrot, sizeof(*rot), cmp_u32);
		put_list(row, s, max_items - row->nitems, rot, nrot);
		if (r && row->scanned)
			row_words(row, r);
	}
}

uint32_t view_lists_cursor(const struct view_list_row *row, const struct view_lists_pic *pic,
			   sim_ns now, sim_ns window)
{
	sim_ns walk = window * 6 / 10, at = pic->scan_at;

	/* scans in quick succession: each walk is over before the next scan */
	if (pic->scan_has_prev && at - pic->scan_prev_at < walk)
		walk = at - pic->scan_prev_at;

	if (!walk || now < at)
		return now < at ? 0 : row->nghosts;
	if (now - at >= walk)
		return row->nghosts;
	return (uint32_t)((now - at) * row->nghosts / walk);
}

void view_lists_describe(const struct view_lists_pic *pic, const struct view_list_row *row,
			 uint32_t i, const char *name, char *buf, size_t len)
{
	static const char *const taken[] = { "kept: back to the tail", "purged", "evicted" };
	const struct view_list_item *it = &row->items[i];
	uint32_t pos = 1;
	char t[32];

	if (it->flags & VLI_ELIDED) {
		snprintf(buf, len, "%" PRIu32 " %s", it->count,
			 it->flags & VLI_GHOST ? "visits of objects the pass kept in their order" :
						 "objects of the list not drawn");
		return;
	}
	view_format_time(pic->scan_at, t, sizeof(t));
	if (it->flags & VLI_GHOST) {
		snprintf(buf, len, "%s: visited by the %s of the scan at %s, %s", name,
			 view_pass_name(it->mode), t,
			 taken[it->flags & VLI_PURGED  ? 1 :
			       it->flags & VLI_EVICTED ? 2 :
							 0]);
		return;
	}
	for (uint32_t k = row->nghosts; k < i; k++)
		pos += row->items[k].flags & VLI_ELIDED ? row->items[k].count : 1;
	snprintf(buf, len, "%s: %" PRIu32 " of %" PRIu32 " on %s from the head, %s%s", name, pos,
		 row->nobjs, row->name,
		 it->state == VS_RESIDENT || it->state == VS_GPU || it->state == VS_MMAPPED ?
			 "willneed" :
			 view_state_name((enum view_state)it->state),
		 it->flags & VLI_ROTATED ? ", rotated by the last scan" : "");
}
