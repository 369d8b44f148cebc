/* SPDX-License-Identifier: MIT */
/*
 * viewer/lists.h - the list view's model (viewer/lists.c, no SDL): the
 * shrinker's lists in order from head to tail, and what its last scan did.
 *
 * A recorder (an observer of the run, sim.h enum sim_obs) keeps the last
 * complete scan: its passes (which list, purge or evict), each object a
 * pass visited in order with what became of it (purged, evicted, kept on
 * the still-in-list because the pass could not take it, skipped busy or
 * locked, spared by the policy) and how many it rotated behind objects it
 * never reached (drm_gem_lru_scan()'s splice of still_in_lru).
 *
 * A picture's rows are built from that record and a read-only walk of the
 * lists now (gem/lru.h lru_walk_*):
 *
 *   head [visited by the last scan, as ghosts] ^scan [the list now ...] tail
 *
 * the ghosts in visit order (purged ones crossed, evicted ones marked,
 * kept ones empty: they went back to the tail), the cursor where the scan
 * stopped, then the list as it is, the objects the scan rotated outlined
 * wherever they are now.  Everything depends only on the run, so the same
 * time gives the same rows however the clock got there.
 */
#ifndef GEMSIM_VIEWER_LISTS_H
#define GEMSIM_VIEWER_LISTS_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/sim.h"

#define VIEW_LIST_VISITS 2048 /* visits of one scan kept (more are counted) */
#define VIEW_LIST_PASSES 16   /* passes of one scan kept (more join the last) */
#define VIEW_LIST_ROWS 4      /* lists a picture shows */
#define VIEW_LIST_ITEMS 2048  /* blocks a row holds at most (the rest elided) */

/* What one visit of the scan did to the object. */
enum view_visit_what {
	VV_PENDING, /* not known yet (the scan is still at it) */
	VV_PURGED,
	VV_EVICTED,
	VV_KEPT,   /* not a candidate for this pass: to the still-in-list */
	VV_BUSY,   /* unsignalled fences: to the still-in-list */
	VV_LOCKED, /* resv lock held elsewhere: to the still-in-list */
	VV_NOSWAP, /* no swap space for it: to the still-in-list */
	VV_SPARED, /* the policy gave it a second chance: to its list's tail */
	VV_COUNT
};

struct view_visit {
	uint32_t bo;
	uint8_t what;  /* enum view_visit_what */
	uint8_t state; /* enum view_state when the scan reached it */
};

/* One pass of a scan over one list. */
struct view_pass {
	uint8_t list;         /* LRU id (every evictable queue is LRU_EVICTABLE) */
	uint8_t mode;         /* enum lru_pass_mode */
	uint32_t first;       /* its visits: visits[first .. first + kept) */
	uint32_t kept;        /* visits recorded */
	uint32_t nvisits;     /* visits made (more than kept when the record is full) */
	uint32_t n[VV_COUNT]; /* visits made, by what */
	uint32_t rotated;     /* objects put back behind ones it never reached */
	uint32_t unvisited;   /* objects it never reached (at its splice) */
};

/* One scan_objects() call. */
struct view_scan_rec {
	sim_ns at;
	sim_ns prev_at; /* the scan before it (have_prev) */
	bool have_prev;
	uint64_t nr, freed;
	uint32_t npasses;
	struct view_pass pass[VIEW_LIST_PASSES];
	uint32_t nvisits;
	struct view_visit visits[VIEW_LIST_VISITS];
};

/** struct view_lists - the recorder: register view_lists_observe() with it. */
struct view_lists {
	struct view_scan_rec rec[2];
	uint8_t cur; /* rec[cur] fills during a scan; rec[!cur] is the last one */
	bool in_scan;
	bool have_last;                /* rec[!cur] holds a complete scan */
	uint64_t scans;                /* complete scans heard */
	uint64_t busy, locked, noswap; /* skip counters at the pending visit */
};

/** view_lists_reset() - forget every scan (a fresh run). */
void view_lists_reset(struct view_lists *vl);

/** view_lists_observe() - the observer (sim_observe_add), its context a struct view_lists. */
void view_lists_observe(void *ctx, struct sim *s, enum sim_obs what, uint32_t bo, uint64_t arg);

/** view_lists_last() - Returns: the last complete scan, or NULL before the first. */
const struct view_scan_rec *view_lists_last(const struct view_lists *vl);

/* ---- a picture's rows -------------------------------------------------------- */

#define VLI_GHOST 0x01u   /* visited by the last scan: where it was then */
#define VLI_PURGED 0x02u  /* ... and purged (drawn crossed) */
#define VLI_EVICTED 0x04u /* ... and evicted */
#define VLI_ROTATED 0x08u /* on the list now, put back at the tail by the last scan */
#define VLI_ELIDED \
	0x10u          /* stands for @count objects not drawn (with VLI_GHOST:
			    * visits, of objects the pass kept in their order) */
#define VLI_PASS 0x20u /* the first ghost of a pass (its name goes above) */

struct view_list_item {
	uint32_t bo;
	uint32_t count; /* VLI_ELIDED: objects it stands for */
	uint8_t state;  /* enum view_state (ghosts: when visited) */
	uint8_t flags;  /* VLI_* */
	uint8_t mode;   /* ghosts: the pass's enum lru_pass_mode */
};

struct view_list_row {
	unsigned id;      /* LRU id */
	const char *name; /* "evictable", "dontneed", "willneed", ... */
	const char *what; /* a few words on what the list is */
	bool scanned;     /* the shrinker walks it */
	uint32_t nobjs;   /* objects on it now */
	uint64_t pages;
	uint32_t nitems;
	struct view_list_item items[VIEW_LIST_ITEMS];
	uint32_t nghosts; /* items[0 .. nghosts): the last scan's visits */
	/* the last scan's passes over it, summed */
	uint32_t visits, purged, evicted, kept, rotated, unvisited;
	uint8_t modes;      /* bit (1 << enum lru_pass_mode) per pass that ran */
	uint32_t elided;    /* objects of the list now between its head and tail, not drawn */
	char summary[200];  /* "purge pass: 2 purged, 12 kept ...; evict pass: 3 evicted" */
	char rotation[120]; /* "12 willneed objects rotated behind 216 never reached", or "" */
};

struct view_lists_pic {
	const char *shrinker; /* "v19: one evictable list", "msm: dontneed and willneed lists" */
	bool have_scan;
	sim_ns scan_at;      /* the last scan's time */
	sim_ns scan_prev_at; /* the scan before it (scan_has_prev) */
	bool scan_has_prev;
	uint64_t scan_nr, scan_freed;
	uint64_t rotated_total; /* stats.shrinker_rotated */
	unsigned nrows;
	struct view_list_row rows[VIEW_LIST_ROWS];
	uint32_t rot[VIEW_LIST_VISITS]; /* scratch: the rotated objects, sorted */
};

/**
 * view_lists_describe() - what item @i of @row is, for the mouse: "tex0: 5 of
 * 183 on evictable from the head, willneed, rotated by the last scan", or a
 * visit of the last scan, or the objects a gap stands for.
 * @name: the object's name (ignored for a gap).
 */
void view_lists_describe(const struct view_lists_pic *pic, const struct view_list_row *row,
			 uint32_t i, const char *name, char *buf, size_t len);

/** view_pass_name() - Returns: "purge pass", "evict pass" or "one pass" for an
 * enum lru_pass_mode. */
const char *view_pass_name(unsigned mode);

/**
 * view_lists_build() - the rows of a picture of @s now.
 * @pic: out.
 * @vl: the run's recorder.
 * @s: the run.
 * @max_items: blocks a row may have (<= VIEW_LIST_ITEMS); a longer list keeps
 *             its head and tail and one VLI_ELIDED item between.
 */
void view_lists_build(struct view_lists_pic *pic, const struct view_lists *vl, struct sim *s,
		      unsigned max_items);

/** view_lists_cursor() - Returns: how many ghost items of @row the scan cursor has
 * passed at @now: it walks them over the first 60% of @window after the scan,
 * or by the time of the scan after it would be, when scans come faster
 * (the time since the scan before stands in: pictures never look ahead). */
uint32_t view_lists_cursor(const struct view_list_row *row, const struct view_lists_pic *pic,
			   sim_ns now, sim_ns window);

#endif
