// SPDX-License-Identifier: MIT
/*
 * viewer/render_list.c - the list view: the shrinker's lists from head to
 * tail, each object a block in its state's colour, what the last scan
 * visited as ghosts before the scan cursor, the objects it rotated to the
 * tail outlined (viewer/lists.h builds the rows, this file draws them).
 *
 *   evictable  v19: one list ...                         230 objects  3.6k pages
 *   head [x][ ][ ][ ][x][ ] ^ [#][#][#] ... [#][#][#][#] tail
 *                         scan                 rotated (outlined)
 *   purge pass: visited 14, purged 2, 12 kept, back to the tail
 *   12 objects rotated behind 216 objects it never reached
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gem/lru.h"
#include "viewer/render.h"

#define LIST_CURSOR 0xff5a6e /* the scan cursor and the rotation: a warm red */
#define LIST_GHOST 0x9aa3b2  /* outline of a visited object's old place */

/* How the blocks of a row fit a strip: lines of per blocks of bw x bh. */
struct strip {
	int x, y, w;     /* where the blocks go (after "head", before "tail") */
	int lines, per;  /* lines used, blocks per line */
	int bw, bh, gap; /* block size and the space between blocks */
	int pitch;       /* from one line to the next (blocks + label band) */
};

/* The most square blocks for @n items in @w x @h, at most @maxb wide, each
 * line followed by a band of @band pixels for labels. */
static struct strip fit_strip(int x, int y, int w, int h, uint32_t n, int maxb, int band)
{
	struct strip best = { .x = x, .y = y, .w = w, .lines = 1, .per = 1, .bw = 1, .bh = 1 };
	int best_side = -1;

	if (!n)
		n = 1;
	for (int lines = 1; lines <= 64; lines++) {
		int per = (int)((n + (uint32_t)lines - 1) / (uint32_t)lines);
		/* lines apart by a sixth of their height, so they read as lines */
		int bw = w / per, bh = (h / lines - band) * 6 / 7, side;

		if (bh < 2)
			break;
		if (bw > maxb)
			bw = maxb;
		if (bh > maxb * 5 / 4)
			bh = maxb * 5 / 4;
		if (bw < 1)
			continue;
		side = bw < bh ? bw : bh;
		if (side > best_side) {
			best_side = side;
			best = (struct strip){ .x = x,
					       .y = y,
					       .w = w,
					       .lines = lines,
					       .per = per,
					       .bw = bw,
					       .bh = bh };
		}
		if ((uint32_t)per * (uint32_t)lines >= n && bw == maxb)
			break;
	}
	best.gap = best.bw >= 8 ? best.bw / 8 : best.bw >= 3 ? 1 : 0;
	best.pitch = best.bh + band + (best.lines > 1 ? (best.bh / 6 > 3 ? best.bh / 6 : 3) : 0);
	return best;
}

static void item_rect(const struct strip *st, uint32_t i, int *x, int *y)
{
	*x = st->x + (int)(i % (uint32_t)st->per) * st->bw;
	*y = st->y + (int)(i / (uint32_t)st->per) * st->pitch;
}

/* Where the blocks of @st end, their last line's bottom. */
static int strip_bottom(const struct strip *st)
{
	return st->y + (st->lines - 1) * st->pitch + st->bh;
}

/* A label of @lh pixels beside the line at @line_y: centred on it, moved
 * back inside the strip where its blocks are lower than the text. */
static int label_y(const struct strip *st, int line_y, int lh)
{
	int y = line_y + (st->bh - lh) / 2;

	if (y + lh > strip_bottom(st))
		y = strip_bottom(st) - lh;
	return y < st->y ? st->y : y;
}

/* A dashed outline: where a visited object was. */
static void dashed_rect(struct gui *g, int x, int y, int w, int h, uint32_t rgb)
{
	int d = w >= 16 ? 4 : 2;

	if (w < 6 || h < 6) {
		gui_fill_rect(g, x, y + h - 2, w, 2, rgb, 255);
		return;
	}
	for (int i = 0; i < w; i += 2 * d) {
		int n = i + d > w ? w - i : d;

		gui_fill_rect(g, x + i, y, n, 2, rgb, 255);
		gui_fill_rect(g, x + i, y + h - 2, n, 2, rgb, 255);
	}
	for (int i = 0; i < h; i += 2 * d) {
		int n = i + d > h ? h - i : d;

		gui_fill_rect(g, x, y + i, 2, n, rgb, 255);
		gui_fill_rect(g, x + w - 2, y + i, 2, n, rgb, 255);
	}
}

/* A thick cross in @rgb over the box: a purged object. */
static void cross(struct gui *g, int x, int y, int w, int h, uint32_t rgb)
{
	int side = w < h ? w : h, t = side / 8 > 1 ? side / 8 : 1, m = side / 5;
	int cx = x + w / 2, cy = y + h / 2, r = side / 2 - m;

	SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_NONE);
	SDL_SetRenderDrawColor(g->ren, (uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb,
			       255);
	if (r < 1) {
		gui_fill_rect(g, x, y + h / 3, w, h / 3 > 1 ? h / 3 : 1, rgb, 255);
		return;
	}
	for (int k = -t / 2; k <= t / 2; k++) {
		SDL_RenderDrawLine(g->ren, cx - r + k, cy - r, cx + r + k, cy + r);
		SDL_RenderDrawLine(g->ren, cx - r + k, cy + r, cx + r + k, cy - r);
	}
}

/* An upward triangle with its tip at @x,@y: the scan cursor. */
static void arrow_up(struct gui *g, int x, int y, int size)
{
	for (int i = 0; i < size; i++)
		gui_fill_rect(g, x - i / 2, y + i, i / 2 * 2 + 1, 1, LIST_CURSOR, 255);
}

/* The list view's colour of an object: on these lists weak, GPU-mapped and
 * mmapped are all "willneed", one colour. */
static uint32_t list_rgb(unsigned state)
{
	if (state == VS_GPU || state == VS_MMAPPED)
		state = VS_RESIDENT;
	return view_state_rgb((enum view_state)state);
}

/* The object's name in its block, where it fits. */
static void block_name(struct gui *g, struct sim *s, uint32_t bo, int x, int y, int w, int h,
		       uint32_t ink)
{
	const char *name;

	if (w < g->font_px[GF_SMALL] * 2 || h < g->font_px[GF_SMALL] + 4)
		return;
	name = sim_name(s, SIM_K_BO, bo);
	if (gui_text_w(g, GF_SMALL, name) <= w - 2)
		gui_print(g, GF_SMALL, ink, x + w / 2, y + (h - gui_line_h(g, GF_SMALL)) / 2,
			  AL_CENTRE, name);
}

static void draw_item(struct gui *g, struct sim *s, const struct strip *st, uint32_t i,
		      const struct view_list_item *it, bool passed)
{
	int x, y, w = st->bw - st->gap, h = st->bh;
	uint32_t rgb = list_rgb(it->state);

	item_rect(st, i, &x, &y);
	if (w < 1)
		w = 1;
	/* --locate looks at run A */
	if (it->bo == g->list_bo && !(it->flags & (VLI_GHOST | VLI_ELIDED)) && !g->list_gi)
		g->list_hit = (struct view_rect){ x, y, w, h };
	if (it->flags & VLI_ELIDED) {
		char buf[32];

		/* a gap that says how many objects it stands for, where that fits */
		view_format_count(it->count, buf, sizeof(buf));
		if (it->flags & VLI_GHOST && strlen(buf) < 20)
			strcat(buf, " kept");
		if (gui_text_w(g, GF_SMALL, buf) + 4 > w)
			view_format_count(it->count, buf, sizeof(buf));
		if (gui_text_w(g, GF_SMALL, buf) + 4 <= w && h >= g->font_px[GF_SMALL] * 2) {
			gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), x + w / 2,
				  y + h / 2 - gui_line_h(g, GF_SMALL), AL_CENTRE, buf);
			gui_fill_rect(g, x + 2, y + h / 2 + 2, w - 4, 3, view_ui_rgb(VC_DIM), 255);
		} else {
			gui_fill_rect(g, x, y + h / 2 - 1, w, 3, view_ui_rgb(VC_DIM), 255);
		}
		return;
	}
	if ((it->flags & VLI_GHOST) && passed) {
		if (it->flags & VLI_EVICTED) {
			gui_fill_rect(g, x, y, w, h, view_state_rgb(VS_SWAP), 90);
			dashed_rect(g, x, y, w, h, view_state_rgb(VS_SWAP));
		} else {
			dashed_rect(g, x, y, w, h, LIST_GHOST);
		}
		if (it->flags & VLI_PURGED)
			cross(g, x, y, w, h, view_state_rgb(VS_DONTNEED));
		else
			block_name(g, s, it->bo, x, y, w, h, view_ui_rgb(VC_DIM));
		return;
	}
	gui_fill_rect(g, x, y, w, h, rgb, 255);
	if (it->flags & VLI_ROTATED) {
		int t = w >= 12 ? 3 : w >= 5 ? 2 : 1;

		if (w >= 4)
			gui_frame_rect(g, x, y, w, h, t, 0xffffff);
		else
			gui_fill_rect(g, x, y - 4, w, 3, 0xffffff, 255);
	}
	block_name(g, s, it->bo, x, y, w, h, gui_ink_on(rgb));
}

/* One list: its header, the blocks, the cursor, what the last scan did. */
/* The row's header: its name and counts; Returns: the width left of the blocks. */
static int row_header(struct gui *g, const struct view_list_row *row, struct view_rect a,
		      bool compact)
{
	int lhb = gui_line_h(g, GF_BOLD), pad = g->lay.pad, x, rw;
	char buf[160], cnt[32], pg[32], mid[32];

	view_format_count(row->nobjs, cnt, sizeof(cnt));
	view_format_count(row->pages, pg, sizeof(pg));
	if (compact) {
		/* the name and the count in a column left of the blocks */
		int nw = gui_text_w(g, GF_BOLD, "evictable") + pad;

		/* a row lower than its name (two runs at a large font scale)
		 * keeps its blocks and leaves the words out */
		if (a.h < lhb)
			return nw;
		gui_text_fit(g, GF_BOLD, view_ui_rgb(VC_TEXT), a.x, a.y, nw - pad / 2, row->name);
		/* the count under it where the row is that high, else nothing */
		if (a.h < lhb + gui_line_h(g, GF_SMALL))
			return nw;
		snprintf(buf, sizeof(buf), "%s %s", cnt, row->nobjs == 1 ? "object" : "objects");
		gui_text_fit(g, GF_SMALL, view_ui_rgb(VC_DIM), a.x, a.y + lhb, nw - pad / 2, buf);
		return nw;
	}
	/* header: the list's name, what it is, how much is on it */
	x = a.x + gui_print(g, GF_BOLD, view_ui_rgb(VC_TEXT), a.x, a.y, AL_LEFT, row->name) + pad;
	view_format_count(row->elided, mid, sizeof(mid));
	snprintf(buf, sizeof(buf), "%s %s, %s pages%s%s%s", cnt,
		 row->nobjs == 1 ? "object" : "objects", pg, row->elided ? " (" : "",
		 row->elided ? mid : "", row->elided ? " in the middle not drawn)" : "");
	rw = gui_print(g, GF_BODY, view_ui_rgb(VC_TEXT), a.x + a.w,
		       a.y + (lhb - gui_line_h(g, GF_BODY)) / 2, AL_RIGHT, buf);
	/* what the list is: whole or not at all */
	if (gui_text_w(g, GF_BODY, row->what) <= a.x + a.w - rw - pad - x)
		gui_print(g, GF_BODY, view_ui_rgb(VC_DIM), x,
			  a.y + (lhb - gui_line_h(g, GF_BODY)) / 2, AL_LEFT, row->what);
	return gui_text_w(g, GF_SMALL, "head") + pad;
}

/*
 * The row's blocks, each pass named under its first visit where there is a
 * @band under them, and the scan cursor before block @cur.
 */
static void row_items(struct gui *g, struct view_run *r, const struct view_lists_pic *pic,
		      const struct view_list_row *row, const struct strip *st, uint32_t cur,
		      int band)
{
	int pad = g->lay.pad, x, y, label_end = 0, label_y = -1;

	for (uint32_t i = 0; i < row->nitems; i++) {
		draw_item(g, r->s, st, i, &row->items[i], i < cur);
		if (band && (row->items[i].flags & VLI_PASS) && i < cur &&
		    (item_rect(st, i, &x, &y), y != label_y || x >= label_end)) {
			label_end = x +
				    gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), x, y + st->bh + 1,
					      AL_LEFT, view_pass_name(row->items[i].mode)) +
				    pad / 2;
			label_y = y;
		}
	}
	/* the cursor: where the scan is, or where it stopped */
	if (!row->scanned || !pic->have_scan || !row->nghosts)
		return;
	item_rect(st, cur < row->nitems ? cur : row->nitems - 1, &x, &y);
	if (cur >= row->nitems)
		x += st->bw;
	x -= st->gap / 2 + 1;
	gui_fill_rect(g, x - 1, y - 3, 3, st->bh + 6, LIST_CURSOR, 255);
	if (!g->list_gi)
		g->list_cursor = (struct view_rect){ x - 1, y - 3, 3, st->bh + 6 };
	if (band) {
		/* right of a pass's name that runs this far */
		int lx = label_y == y && label_end > x + band / 2 ? label_end : x + band / 2;

		arrow_up(g, x, y + st->bh + 2, band / 2 > 4 ? band / 2 : 4);
		gui_print(g, GF_SMALL, LIST_CURSOR, lx, y + st->bh + 1, AL_LEFT, "scan");
	}
}

/* Under a scanned row's blocks: what the last scan did, and the rotation. */
static void row_summary(struct gui *g, const struct view_lists_pic *pic,
			const struct view_list_row *row, const struct strip *st, struct view_rect a,
			bool compact)
{
	int y = st->y + st->lines * st->pitch;
	char buf[160];

	if (pic->have_scan && row->summary[0])
		snprintf(buf, sizeof(buf), "last scan: %s", row->summary);
	else
		snprintf(buf, sizeof(buf),
			 pic->have_scan ? "the last scan did not walk it" : "no shrinker scan yet");
	/* short of room, the rotation says more than the summary */
	if (!compact || !row->rotation[0])
		gui_text_fit(g, GF_BODY, view_ui_rgb(VC_DIM), st->x, y, a.x + a.w - st->x, buf);
	else
		y -= gui_line_h(g, GF_BODY);
	if (row->rotation[0])
		gui_text_fit(g, GF_BOLD, LIST_CURSOR, st->x, y + gui_line_h(g, GF_BODY),
			     a.x + a.w - st->x, row->rotation);
}

static void draw_row(struct gui *g, struct view_run *r, const struct view_lists_pic *pic,
		     const struct view_list_row *row, struct view_rect a, sim_ns now, sim_ns window,
		     bool compact)
{
	int lhb = gui_line_h(g, GF_BOLD), lhs = gui_line_h(g, GF_SMALL), pad = g->lay.pad;
	int tw = gui_text_w(g, GF_SMALL, "tail") + pad;
	int text_lines = row->scanned ? (row->rotation[0] && !compact ? 2 : 1) : 0;
	int band = row->scanned && !compact ? lhs : 0, head = compact ? 0 : lhb;
	int bh = a.h - head - text_lines * gui_line_h(g, GF_BODY);
	uint32_t cur = row->scanned && pic->have_scan ? view_lists_cursor(row, pic, now, window) :
							0;
	int hw = row_header(g, row, a, compact), x, y;
	struct strip st;

	if (bh < 4)
		return;
	st = fit_strip(a.x + hw, a.y + head + (compact ? 3 : 0), a.w - hw - tw,
		       bh - (compact ? 6 : 0), row->nitems,
		       row->scanned ? g->font_px[GF_BODY] * 7 / 2 : g->font_px[GF_BODY], band);
	if (!row->nitems) {
		gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), st.x, st.y, AL_LEFT, "(empty)");
	} else if (strip_bottom(&st) - st.y >= lhs) {
		/* beside the first and the last block, never past the strip:
		 * above it is the row's header, below it the scan's summary */
		if (!compact)
			gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), a.x, label_y(&st, st.y, lhs),
				  AL_LEFT, "head");
		item_rect(&st, row->nitems - 1, &x, &y);
		gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), x + st.bw + pad / 2,
			  label_y(&st, y, lhs), AL_LEFT, "tail");
	}
	g->list_strips[g->list_gi][row - pic->rows] =
		(struct gui_list_strip){ st.x,  st.y,     st.per,   st.bw,
					 st.bh, st.pitch, st.lines, (int)(row - pic->rows) };
	row_items(g, r, pic, row, &st, cur, band);
	if (row->scanned)
		row_summary(g, pic, row, &st, a, compact);
}

/* Its share of the height: a list the shrinker walks gets room for blocks
 * and words, unless it is empty. */
static int row_weight(const struct view_list_row *row)
{
	return row->scanned && row->nitems ? 4 : row->scanned ? 2 : 1;
}

/* "not scanned: evicted 9 objects, 144 pages · pinned 0 objects" */
static void draw_unscanned(struct gui *g, const struct view_lists_pic *pic, int x, int y, int w)
{
	char buf[200], cnt[32], pg[32];
	size_t n = (size_t)snprintf(buf, sizeof(buf), "not scanned:");

	for (unsigned k = 0; k < pic->nrows && n < sizeof(buf); k++) {
		const struct view_list_row *row = &pic->rows[k];

		if (row->scanned)
			continue;
		view_format_count(row->nobjs, cnt, sizeof(cnt));
		view_format_count(row->pages, pg, sizeof(pg));
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s %s %s %s, %s pages",
				      buf[n - 1] == ':' ? "" : "  \xc2\xb7 ", row->name, cnt,
				      row->nobjs == 1 ? "object" : "objects", pg);
	}
	gui_text_fit(g, GF_BODY, view_ui_rgb(VC_DIM), x, y, w, buf);
}

void gui_draw_lists(struct gui *g, struct view_run *r, int gi, struct view_rect area,
		    struct gui_view *gv)
{
	struct view_lists_pic *pic = g->lists_pic[gi];
	int lhb = gui_line_h(g, GF_BOLD), pad = g->lay.pad, weights = 0, x, y, rw, rows_top;
	/* two runs, or little room: names beside the blocks, fewer lines of words */
	bool compact = gv->b != NULL || area.h < lhb * 12;
	sim_ns window = gv->speed * 6 / 10 ? gv->speed * 6 / 10 : 1;
	char buf[200], t[32], rot[32];

	if (!pic && !(pic = g->lists_pic[gi] = malloc(sizeof(*pic))))
		return;
	if (area.w < 8 || area.h < lhb)
		return;
	g->list_gi = gi;
	for (unsigned k = 0; k < VIEW_LIST_ROWS; k++)
		g->list_strips[gi][k].row = -1;
	view_lists_build(pic, &r->lists, r->s, (unsigned)(area.w / 3 * 4));
	/* never past its area, however little room the layout left */
	SDL_RenderSetClipRect(g->ren, &(SDL_Rect){ area.x, area.y, area.w, area.h });
	/* which shrinker, how many objects its scans rotated so far (right), and
	 * its last scan: one line when two runs share the picture */
	view_format_count(pic->rotated_total, rot, sizeof(rot));
	snprintf(buf, sizeof(buf), "rotated so far: %s", rot);
	rw = gui_print(g, GF_BOLD, pic->rotated_total ? LIST_CURSOR : view_ui_rgb(VC_DIM),
		       area.x + area.w, area.y, AL_RIGHT, buf) +
	     pad * 2;
	x = area.x +
	    gui_text_fit(g, GF_BOLD, view_ui_rgb(VC_TEXT), area.x, area.y, area.w - rw,
			 pic->shrinker) +
	    pad * 2;
	if (pic->have_scan) {
		view_format_time(pic->scan_at, t, sizeof(t));
		snprintf(buf, sizeof(buf),
			 "last scan %s: asked %" PRIu64 ", freed %" PRIu64 " pages", t,
			 pic->scan_nr, pic->scan_freed);
	} else {
		snprintf(buf, sizeof(buf), "no shrinker scan yet");
	}
	if (compact && area.h < lhb * 6) {
		/* short of room: the rows before the details of the scan */
		y = area.y + lhb;
	} else if (compact && gui_text_w(g, GF_BODY, buf) <= area.x + area.w - rw - x) {
		gui_print(g, GF_BODY, view_ui_rgb(VC_DIM), x,
			  area.y + (lhb - gui_line_h(g, GF_BODY)) / 2, AL_LEFT, buf);
		y = area.y + lhb;
	} else {
		gui_text_fit(g, GF_BODY, view_ui_rgb(VC_DIM), area.x, area.y + lhb, area.w, buf);
		y = area.y + lhb + gui_line_h(g, GF_BODY);
	}
	y += pad;
	rows_top = y;
	/* short of room, the lists the shrinker never walks are one line of words */
	for (unsigned k = 0; k < pic->nrows; k++)
		if (pic->rows[k].scanned || !compact)
			weights += row_weight(&pic->rows[k]);
	int bottom = area.y + area.h - (compact ? gui_line_h(g, GF_BODY) : 0);

	for (unsigned k = 0; k < pic->nrows && weights; k++) {
		const struct view_list_row *row = &pic->rows[k];
		int h = (bottom - y) * row_weight(row) / weights;
		struct view_rect ra = { area.x, y, area.w, h - pad };

		if (!row->scanned && compact)
			continue;
		draw_row(g, r, pic, row, ra, r->t + gv->fx_extra, window, compact);
		y += h;
		weights -= row_weight(row);
	}
	/* under the header, or not at all where the area is no higher */
	if (compact && bottom >= rows_top)
		draw_unscanned(g, pic, area.x, bottom, area.w);
	SDL_RenderSetClipRect(g->ren, NULL);
}

void gui_draw_list_legend(struct gui *g, int x, int *y, int w)
{
	int lh = gui_line_h(g, GF_SMALL), sw = g->font_px[GF_SMALL], col_w = w / 2, i = 0;
	static const enum view_state order[] = {
		VS_RESIDENT, VS_DONTNEED, VS_SWAP, VS_PINNED, VS_VMAPPED,
	};

	gui_print(g, GF_BOLD, view_ui_rgb(VC_TEXT), x, *y, AL_LEFT, "Legend");
	*y += gui_line_h(g, GF_BODY);
	for (; i < (int)(sizeof(order) / sizeof(order[0])); i++) {
		int cx = x + (i % 2) * col_w, cy = *y + (i / 2) * lh;

		gui_fill_rect(g, cx, cy + 2, sw, sw, view_state_rgb(order[i]), 255);
		gui_text_fit(g, GF_SMALL, view_ui_rgb(VC_TEXT), cx + sw + sw / 2, cy,
			     col_w - sw * 2,
			     order[i] == VS_RESIDENT ? "willneed" : view_state_name(order[i]));
	}
	*y += (i + 1) / 2 * lh;
	*y += lh / 3;
	gui_fill_rect(g, x, *y + 2, sw, sw, view_state_rgb(VS_RESIDENT), 255);
	gui_frame_rect(g, x, *y + 2, sw, sw, 2, 0xffffff);
	gui_text_fit(g, GF_SMALL, view_ui_rgb(VC_TEXT), x + sw + sw / 2, *y, col_w - sw * 2,
		     "rotated");
	dashed_rect(g, x + col_w, *y + 2, sw, sw, LIST_GHOST);
	cross(g, x + col_w, *y + 2, sw, sw, view_state_rgb(VS_DONTNEED));
	gui_text_fit(g, GF_SMALL, view_ui_rgb(VC_TEXT), x + col_w + sw + sw / 2, *y, col_w - sw * 2,
		     "purged");
	*y += lh;
	dashed_rect(g, x, *y + 2, sw, sw, LIST_GHOST);
	gui_text_fit(g, GF_SMALL, view_ui_rgb(VC_TEXT), x + sw + sw / 2, *y, col_w - sw * 2,
		     "visited, kept");
	gui_fill_rect(g, x + col_w + sw / 2 - 1, *y, 3, sw + 4, LIST_CURSOR, 255);
	gui_text_fit(g, GF_SMALL, view_ui_rgb(VC_TEXT), x + col_w + sw + sw / 2, *y, col_w - sw * 2,
		     "scan cursor");
	*y += lh;
}

int gui_list_locate(struct gui *g, struct view_run *a, struct gui_view *gv, const char *what,
		    int (*seek_draw)(void *ctx), void *ctx)
{
	const char *name = !strncmp(what, "list:", 5)       ? what + 5 :
			   !strncmp(what, "list-edge:", 10) ? what + 10 :
							      NULL;
	struct view_rect *hit = name ? &g->list_hit : &g->list_cursor;

	if (!name && strcmp(what, "scan"))
		return -1;
	g->list_bo = name ? scenario_find(a->sc, SIM_K_BO, name) : SIM_NONE;
	if (name && g->list_bo == SIM_NONE) {
		fprintf(stderr, "gemsim-view: --locate: no object named '%s'\n", name);
		return 2;
	}
	if (gv->mode != VIEW_MODE_LISTS) {
		fprintf(stderr, "gemsim-view: --locate %s is for the list view (--view lists)\n",
			what);
		return 2;
	}
	g->list_hit = g->list_cursor = (struct view_rect){ 0, 0, 0, 0 };
	if (seek_draw(ctx))
		return 1;
	if (hit->w <= 0) {
		fprintf(stderr, "gemsim-view: %s is not in the list view at that time\n",
			name ? name : "the scan cursor");
		return 1;
	}
	if (name && what[4] == '-')
		printf("%d,%d\n", hit->x + hit->w / 2, hit->y + 1);
	else if (name)
		/* below the name drawn in its middle */
		printf("%d,%d\n", hit->x + hit->w / 2, hit->y + hit->h - (hit->h > 12 ? 6 : 1));
	else
		printf("%d,%d\n", hit->x + hit->w / 2, hit->y + hit->h / 2);
	return 0;
}

bool gui_list_hover(struct gui *g, struct view_run *a, struct gui_view *gv, int mx, int my,
		    char *buf, size_t len)
{
	for (int gi = 0; gi < (gv->b ? 2 : 1); gi++) {
		const struct view_lists_pic *pic = g->lists_pic[gi];
		struct view_run *r = gi ? gv->b : a;

		for (unsigned k = 0; pic && k < VIEW_LIST_ROWS; k++) {
			const struct gui_list_strip *sp = &g->list_strips[gi][k];
			const struct view_list_row *row;
			int col, line;
			uint32_t i;

			if (sp->row < 0 || mx < sp->x || my < sp->y || sp->bw <= 0 ||
			    sp->pitch <= 0)
				continue;
			col = (mx - sp->x) / sp->bw;
			line = (my - sp->y) / sp->pitch;
			if (col >= sp->per || line >= sp->lines ||
			    (my - sp->y) % sp->pitch >= sp->bh)
				continue;
			row = &pic->rows[sp->row];
			i = (uint32_t)line * (uint32_t)sp->per + (uint32_t)col;
			if (i >= row->nitems)
				continue;
			view_lists_describe(pic, row, i,
					    row->items[i].flags & VLI_ELIDED ?
						    "" :
						    sim_name(r->s, SIM_K_BO, row->items[i].bo),
					    buf, len);
			return true;
		}
	}
	return false;
}
