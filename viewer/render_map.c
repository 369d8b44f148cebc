// SPDX-License-Identifier: MIT
/*
 * viewer/render_map.c - the middle of the picture: the RAM and swap maps
 * (rasterised by viewer/raster.c into a pixel buffer, uploaded once per
 * picture, labelled, with pages moving between them) and the objects view
 * (one row per object with its counts and a strip of its pages).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "gem/pg.h"
#include "gem/shm.h"
#include "base/units.h"
#include "viewer/render.h"

/* ---- maps ---------------------------------------------------------------- */

static void paint_of(struct view_paint *p, struct view_run *r, const struct view_model *m,
		     const struct gui_view *gv)
{
	sim_ns w = gv->speed * 6 / 10;

	*p = (struct view_paint){
		.s = r->s,
		.m = m,
		.fx = r->fx.gone_at ? &r->fx : NULL,
		.now = r->t + gv->fx_extra,
		.window = w ? w : 1,
		.by = gv->mode == VIEW_MODE_OWNERS ? VIEW_BY_OWNER : VIEW_BY_STATE,
		.highlight = gv->zoom,
	};
}

/* Object names over runs of their cells, where a name fits: bold, else small. */
static void label_cells(struct gui *g, const struct view_grid *gr, const uint32_t *owner,
			struct view_run *r, const struct view_paint *p, bool swap)
{
	/* a name may cover the gap under its row, never the next row: the name
	 * is the evidence, in compare mode's smaller cells too */
	int fh[GF_COUNT];

	for (int f = 0; f < GF_COUNT; f++)
		fh[f] = TTF_FontHeight(g->font[f]);
	if (!gr->cell || gr->cell < fh[GF_LABEL])
		return;
	for (int row = 0; row < gr->rows; row++) {
		uint64_t base = (uint64_t)row * (uint64_t)gr->cols;

		for (int c = 0; c < gr->cols && base + (uint64_t)c < gr->n;) {
			uint32_t ow = owner[base + (uint64_t)c];
			int c0 = c, font = GF_BOLD;

			while (c < gr->cols && base + (uint64_t)c < gr->n &&
			       owner[base + (uint64_t)c] == ow)
				c++;
			if (ow >= PG_OWNER_OTHER)
				continue;

			/* a leaked object's pages have no object left to name */
			const char *name = ow == PG_OWNER_LEAKED ? "leaked" :
								   sim_name(r->s, SIM_K_BO, ow);
			const struct shm_object *o = ow == PG_OWNER_LEAKED ? NULL :
									     shm_get(r->s, ow);
			int wpx = (c - c0) * gr->cell - gr->gap;
			char said[160];

			/* in swap while the kernel still holds a vmap of it: the
			 * point of "why vmap must pin", said on the pages themselves */
			if (swap && o && o->vmap_use_count > 0) {
				snprintf(said, sizeof(said), "%s: still vmapped!", name);
				if (gui_text_w(g, GF_LABEL, said) + 6 <= wpx)
					name = said;
			}
			uint32_t bg =
				swap ? view_state_rgb(ow == PG_OWNER_LEAKED ? VS_LEAKED : VS_SWAP) :
				       view_frame_rgb(p, base + (uint64_t)c0);

			if (p->by == VIEW_BY_OWNER && ow != PG_OWNER_LEAKED)
				bg = view_owner_rgb(ow);
			if (gr->cell < fh[GF_BOLD] + 4 || gui_text_w(g, font, name) + 6 > wpx)
				font = GF_SMALL;
			if (gr->cell < fh[GF_SMALL] || gui_text_w(g, font, name) + 6 > wpx)
				font = GF_LABEL;
			if (gui_text_w(g, font, name) + 6 > wpx)
				continue;
			gui_print(g, font, gui_ink_on(bg), gr->x + c0 * gr->cell + wpx / 2,
				  gr->y + row * gr->cell + (gr->cell - gr->gap - fh[font]) / 2 +
					  (gr->cell - gr->gap < fh[font] ?
						   (fh[font] - gr->cell + gr->gap) / 2 :
						   0),
				  AL_CENTRE, name);
		}
	}
}

static double ease(int ph)
{
	double t = ph / 256.0;

	return t < 0.5 ? 2 * t * t : 1 - 2 * (1 - t) * (1 - t);
}

/* Pages flying from RAM to swap after an eviction (cell mode only). */
static void draw_movers(struct gui *g, struct view_run *r, const struct view_paint *p,
			const struct view_grid *ram, const struct view_grid *swp)
{
	const struct view_fx *fx = &r->fx;
	uint32_t n = fx->nmovers < VIEW_MOVERS ? fx->nmovers : VIEW_MOVERS;

	if (!p->fx || !ram->cell || !swp->cell || ram->cell < 4)
		return;
	for (uint32_t k = 0; k < n; k++) {
		const struct view_mover *mv = &fx->movers[(fx->nmovers - 1 - k) % VIEW_MOVERS];
		int x0, y0, w0, h0, x1, y1, w1, h1;

		if (mv->at > p->now || p->now - mv->at >= p->window || mv->slot == SIM_NONE)
			continue;
		if (!view_grid_cell_rect(ram, mv->frame, &x0, &y0, &w0, &h0) ||
		    !view_grid_cell_rect(swp, mv->slot, &x1, &y1, &w1, &h1))
			continue;

		int ph = (int)((p->now - mv->at) * 256 / p->window);
		double e = ease(ph);
		int x = x0 + (int)((x1 - x0) * e), y = y0 + (int)((y1 - y0) * e);
		int w = w0 + (int)((w1 - w0) * e);
		uint32_t c = view_mix(view_state_rgb((enum view_state)mv->state),
				      view_state_rgb(VS_SWAP), (unsigned)ph);

		gui_fill_rect(g, x - 1, y - 1, w + 2, w + 2, view_ui_rgb(VC_BG), 200);
		gui_fill_rect(g, x, y, w, w, c, 255);
	}
}

static void map_upload(struct gui *g, const struct view_rect *r)
{
	SDL_Rect sr = { r->x, r->y, r->w, r->h };

	if (r->w <= 0 || r->h <= 0)
		return;
	SDL_UpdateTexture(g->map_tex, &sr, g->map_px + (size_t)r->y * (size_t)g->w + r->x,
			  g->w * 4);
	SDL_RenderCopy(g->ren, g->map_tex, &sr, &sr);
}

static void clear_px(struct gui *g, const struct view_rect *r, uint32_t rgb)
{
	for (int y = r->y; y < r->y + r->h; y++)
		for (int x = r->x; x < r->x + r->w; x++)
			g->map_px[(size_t)y * (size_t)g->w + (size_t)x] = VIEW_ARGB(rgb);
}

static struct view_rect clip(struct view_rect r, int w, int h)
{
	if (r.x < 0) {
		r.w += r.x;
		r.x = 0;
	}
	if (r.y < 0) {
		r.h += r.y;
		r.y = 0;
	}
	if (r.x + r.w > w)
		r.w = w - r.x;
	if (r.y + r.h > h)
		r.h = h - r.y;
	if (r.w < 0)
		r.w = 0;
	if (r.h < 0)
		r.h = 0;
	return r;
}

/*
 * A map's label line: the name in bold, then as many of @parts as fit, whole
 * ("256 frames (1 MiB)", "2 free", "1 cell = 1 page"): never cut half way.
 */
static void map_label(struct gui *g, int x, int y, int w, const char *name,
		      const char *const *parts, int nparts)
{
	int pad = g->lay.pad, end = x + w;

	x += gui_print(g, GF_BOLD, view_ui_rgb(VC_TEXT), x, y, AL_LEFT, name) + pad;
	/* the body text's top centred on the bold line */
	y += (gui_line_h(g, GF_BOLD) - gui_line_h(g, GF_BODY)) / 2;
	for (int i = 0; i < nparts; i++) {
		int tw = gui_text_w(g, GF_BODY, parts[i]);

		if (x + tw > end)
			break;
		x += gui_print(g, GF_BODY, view_ui_rgb(VC_DIM), x, y, AL_LEFT, parts[i]) + pad * 2;
	}
}

/* How big a map's cells are: pixels per cell side, a fraction when aggregate. */
static double cell_size(const struct view_grid *g)
{
	return g->cell ? g->cell : g->per ? 1.0 / (double)g->per : 0;
}

/*
 * The RAM map's share of @h pixels shared with the swap map: the split that
 * gives both the largest cells, equal where swap is no larger than RAM (the
 * object names on swap are evidence too); a swap larger than RAM, mostly
 * empty, may take cells half as large.  RAM is then trimmed to the rows it
 * uses, the rest goes to swap.  Returns: RAM's height.
 */
static int split_maps(int w, int h, uint64_t nframes, uint64_t nslots)
{
	struct view_grid gr, gs;
	double best = -1, k = nslots > nframes ? 2 : 1;
	int best_h = h / 2;

	for (int pct = 30; pct <= 80; pct += 2) {
		int rh = h * pct / 100;
		double score;

		view_grid_fit(&gr, 0, 0, w, rh, nframes);
		view_grid_fit(&gs, 0, 0, w, h - rh, nslots);
		score = cell_size(&gr) < k * cell_size(&gs) ? cell_size(&gr) : k * cell_size(&gs);
		if (score > best) {
			best = score;
			best_h = rh;
		}
	}
	view_grid_fit(&gr, 0, 0, w, best_h, nframes);
	if (gr.cell && gr.rows * gr.cell < best_h)
		best_h = gr.rows * gr.cell;
	return best_h;
}

/* "256 frames (1 MiB)": pages, and how much memory that is. */
static void pages_text(uint64_t n, const char *what, uint32_t page_size, char *buf, size_t len)
{
	char c[32], sz[32];

	view_format_count(n, c, sizeof(c));
	units_format_size(n * page_size, sz, sizeof(sz));
	snprintf(buf, len, "%s %s (%s)", c, what, sz);
}

/* The RAM and swap maps of run @r inside @area; grids go to g->grid[gi]. */
void gui_draw_maps(struct gui *g, struct view_run *r, struct view_model *m, int gi,
		   struct view_rect area, struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	struct sim *s = r->s;
	struct view_paint p;
	int lh = gui_line_h(g, GF_BOLD);
	char a[96], b[96], c[96], sc[64], id[16];
	const char *parts[4] = { a, b, c, sc };
	const char *pre = gv->b ? (gi ? "B." : "A.") : "";
	uint64_t nslots = s->cfg.swap_pages;
	int ram_h = area.h - 2 * lh - l->pad;

	paint_of(&p, r, m, gv);
	if (nslots)
		ram_h = split_maps(area.w, ram_h, s->cfg.ram_pages, nslots);
	struct view_rect ram = { area.x, area.y + lh, area.w, ram_h };
	struct view_rect swp = { area.x, ram.y + ram.h + l->pad + lh, area.w,
				 area.y + area.h - (ram.y + ram.h + l->pad + lh) };

	ram = clip(ram, g->w, g->h);
	swp = clip(swp, g->w, g->h);
	view_grid_fit(&g->grid[gi][0], ram.x, ram.y, ram.w, ram.h, s->cfg.ram_pages);
	view_grid_fit(&g->grid[gi][1], swp.x, swp.y, swp.w, nslots ? swp.h : 0, nslots);

	/* labels: pages and MiB, and what a cell stands for */
	pages_text(s->cfg.ram_pages, "frames", s->cfg.page_size, a, sizeof(a));
	view_format_count(s->cfg.ram_pages - m->count[VS_FREE], sc, sizeof(sc));
	snprintf(b, sizeof(b), "%s used", sc);
	view_format_count(m->count[VS_FREE], sc, sizeof(sc));
	snprintf(c, sizeof(c), "%s free", sc);
	if (g->grid[gi][0].cell)
		snprintf(sc, sizeof(sc), "1 cell = 1 page");
	else
		snprintf(sc, sizeof(sc), "1 pixel = %" PRIu64 " pages", g->grid[gi][0].per);
	map_label(g, area.x, area.y, area.w, "RAM", parts, 4);
	if (nslots) {
		pages_text(nslots, "slots", s->cfg.page_size, a, sizeof(a));
		view_format_count(m->count[VS_SWAP], sc, sizeof(sc));
		snprintf(b, sizeof(b), "%s used", sc);
		map_label(g, area.x, swp.y - lh, area.w, "Swap", parts, 2);
	}

	snprintf(id, sizeof(id), "%sram", pre);
	gui_box_begin(g, "map", id, ram.x, ram.y, ram.w, ram.h);
	clear_px(g, &ram, view_ui_rgb(VC_BG));
	view_raster_frames(&p, &g->grid[gi][0], g->map_px, g->w);
	map_upload(g, &ram);
	label_cells(g, &g->grid[gi][0], pg_frame_owners(s), r, &p, false);
	gui_box_end(g);
	if (nslots) {
		snprintf(id, sizeof(id), "%sswap", pre);
		gui_box_begin(g, "map", id, swp.x, swp.y, swp.w, swp.h);
		clear_px(g, &swp, view_ui_rgb(VC_BG));
		view_raster_slots(&p, &g->grid[gi][1], g->map_px, g->w);
		map_upload(g, &swp);
		label_cells(g, &g->grid[gi][1], pg_slot_owners(s), r, &p, true);
		gui_box_end(g);
		draw_movers(g, r, &p, &g->grid[gi][0], &g->grid[gi][1]);
	}
	/* the cell under the mouse */
	for (int k = 0; k < 2; k++) {
		const struct view_grid *gr = &g->grid[gi][k];
		uint64_t i = view_grid_hit(gr, gv->mouse_x, gv->mouse_y);
		int cx, cy, cw, ch;

		if (i != UINT64_MAX && gr->cell >= 4 &&
		    view_grid_cell_rect(gr, i, &cx, &cy, &cw, &ch))
			gui_frame_rect(g, cx - 1, cy - 1, cw + 2, ch + 2, 2, view_ui_rgb(VC_TEXT));
	}
}

/* ---- objects view -------------------------------------------------------- */

static const char *madv_name(int m)
{
	return m < 0 ? "purged" : m > 0 ? "dontneed" : "willneed";
}

void gui_obj_counts(const struct shm_object *o, char *buf, size_t len)
{
	snprintf(buf, len, "use %d  pin %d  vmap %d  %s%s%s", o->pages_use_count,
		 o->pages_pin_count, o->vmap_use_count, madv_name(o->madv),
		 o->evicted ? "  evicted" : "", o->resv_held ? "  locked" : "");
}

int gui_page_strip(struct gui *g, int x, int w, int h, uint64_t n, int gap, gui_cell_fn *cell,
		   void *ctx)
{
	int size = n ? (int)(w / (int64_t)n) : 0;

	if (size > h)
		size = h;
	if (size < gap)
		size = 0;
	for (int i = 0; i < w; i++) {
		if (!size) {
			cell(g, ctx, (uint64_t)i * n / (uint64_t)w, x + i, 1);
			continue;
		}
		if ((uint64_t)i >= n)
			break;
		cell(g, ctx, (uint64_t)i, x + i * size,
		     size > gap + 2 ? size - gap : size - gap + 1);
	}
	return size;
}

struct map_strip {
	struct sim *s;
	uint32_t bo;
	const struct shm_object *o;
	enum view_state cls;
	int y, h;
	const struct view_paint *p;
};

/* One page of an objects-view strip: its state, resident pages in their frame's colour. */
static void map_strip_cell(struct gui *g, void *ctx, uint64_t pg, int cx, int cw)
{
	const struct map_strip *m = ctx;
	const struct shm_object *o = m->o;
	enum view_state st = m->cls == VS_FREE || m->cls == VS_PURGED || m->cls == VS_SWAP ?
				     m->cls :
				     view_page_state(m->s, m->bo, pg);
	uint32_t c = view_state_rgb(st);

	if (st == VS_PURGED) {
		gui_frame_rect(g, cx, m->y, cw, m->h, cw > 6 ? 2 : 1, c);
		return;
	}
	if (st != VS_FREE && st != VS_SWAP && o->pages && pg < o->npages &&
	    o->pages[pg] != PG_OWNER_FREE && o->pages[pg] < m->s->cfg.ram_pages)
		c = view_frame_rgb(m->p, o->pages[pg]);
	gui_fill_rect(g, cx, m->y, cw, m->h, c, 255);
}

/* A strip of @o's pages. */
static void page_strip(struct gui *g, struct sim *s, uint32_t bo, const struct shm_object *o, int x,
		       int y, int w, int h, const struct view_paint *p)
{
	struct map_strip m = { s, bo, o, view_object_state(s, bo), y, h, p };

	gui_page_strip(g, x, w, h, o->npages, 1, map_strip_cell, &m);
}

/* One object zoomed to: its counts and a cell per page, numbered when there is room. */
static void draw_zoomed(struct gui *g, struct sim *s, uint32_t bo, struct view_rect area,
			const struct view_paint *p)
{
	const struct view_layout *l = &g->lay;
	const struct shm_object *o = shm_get(s, bo);
	int lh = gui_line_h(g, GF_BODY), y = area.y;
	struct view_grid gr;
	char buf[200];

	gui_print(g, GF_BIG, view_ui_rgb(VC_TEXT), area.x, y, AL_LEFT, sim_name(s, SIM_K_BO, bo));
	y += gui_line_h(g, GF_BIG);
	if (!o) {
		gui_print(g, GF_BODY, view_ui_rgb(VC_DIM), area.x, y, AL_LEFT,
			  "does not exist at this time (not created yet, or freed)");
		return;
	}
	gui_obj_counts(o, buf, sizeof(buf));
	gui_print(g, GF_BODY, view_ui_rgb(VC_TEXT), area.x, y, AL_LEFT, buf);
	y += lh;
	snprintf(buf, sizeof(buf),
		 "%" PRIu64 " pages   %" PRIu64 " resident   %" PRIu64 " in swap   %s%s", o->npages,
		 shm_resident_pages(o), shm_swapped_pages(o), o->sgt ? "sgt   " : "",
		 o->nr_fences ? "busy (fences)" : "");
	gui_print(g, GF_BODY, view_ui_rgb(VC_DIM), area.x, y, AL_LEFT, buf);
	y += lh + l->pad;
	view_grid_fit(&gr, area.x, y, area.w, area.y + area.h - y, o->npages);
	for (uint64_t i = 0; i < o->npages && gr.cell; i++) {
		int cx, cy, cw, ch;
		enum view_state st = view_page_state(s, bo, i);
		uint32_t c = view_state_rgb(st);

		view_grid_cell_rect(&gr, i, &cx, &cy, &cw, &ch);
		if (st != VS_SWAP && st != VS_FREE && st != VS_PURGED &&
		    o->pages[i] < s->cfg.ram_pages)
			c = view_frame_rgb(p, o->pages[i]);
		if (st == VS_PURGED)
			gui_frame_rect(g, cx, cy, cw, ch, 2, c);
		else
			gui_fill_rect(g, cx, cy, cw, ch, c, 255);
		if (ch >= l->font_small * 2) {
			snprintf(buf, sizeof(buf), "%" PRIu64, i);
			gui_print(g, GF_SMALL, gui_ink_on(c), cx + 4, cy + 2, AL_LEFT, buf);
		}
	}
	if (!gr.cell)
		page_strip(g, s, bo, o, area.x, y, area.w, area.h / 3, p);
}

/* One object's row at @y: name, counts, its page strip; ringed while the shrinker visits. */
static void draw_object_row(struct gui *g, struct view_run *r, uint32_t bo, struct view_rect area,
			    int y, const struct view_paint *p)
{
	const struct view_layout *l = &g->lay;
	struct sim *s = r->s;
	const struct shm_object *o = shm_get(s, bo);
	int lh = gui_line_h(g, GF_BODY), row_h = lh * 2 + l->pad, name_w = l->font * 7;
	char buf[200];

	if (r->fx.scan_at && bo < r->fx.nobjs) {
		sim_ns at = r->fx.scan_at[bo];

		if (at && at - 1 <= p->now && p->now - (at - 1) < p->window)
			gui_frame_rect(g, area.x - 3, y - 3, area.w + 6, row_h - l->pad + 6, 2,
				       view_ui_rgb(VC_SCAN));
	}
	gui_text_fit(g, GF_BOLD, view_ui_rgb(VC_TEXT), area.x, y, name_w - l->pad,
		     sim_name(s, SIM_K_BO, bo));
	gui_obj_counts(o, buf, sizeof(buf));
	gui_text_fit(g, GF_BODY, view_ui_rgb(VC_DIM), area.x + name_w, y, area.w - name_w, buf);
	page_strip(g, s, bo, o, area.x + name_w, y + lh, area.w - name_w, lh - l->pad / 2, p);
	/* gone for good, said in words over its empty outlines */
	if (view_object_state(s, bo) == VS_PURGED) {
		static const char gone[] = "purged: its pages are gone";

		gui_fill_rect(g, area.x + name_w + l->pad, y + lh,
			      gui_text_w(g, GF_SMALL, gone) + 2 * l->pad, lh - l->pad / 2,
			      view_ui_rgb(VC_BG), 255);
		gui_print(g, GF_SMALL, view_state_rgb(VS_PURGED), area.x + name_w + 2 * l->pad,
			  y + lh + (lh - l->pad / 2 - TTF_FontHeight(g->font[GF_SMALL])) / 2,
			  AL_LEFT, gone);
	}
	snprintf(buf, sizeof(buf), "%" PRIu64 " pages", o->npages);
	gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), area.x, y + lh, AL_LEFT, buf);
}

void gui_draw_objects(struct gui *g, struct view_run *r, struct view_model *m,
		      struct view_rect area, struct gui_view *gv)
{
	struct sim *s = r->s;
	struct view_paint p;
	int row_h = gui_line_h(g, GF_BODY) * 2 + g->lay.pad, y = area.y;
	uint32_t n = shm_slot_count(s);
	int shown = 0, skip = gv->scroll;

	paint_of(&p, r, m, gv);
	g->obj_rows = area;
	g->row_h = row_h;
	if (gv->zoom != SIM_NONE) {
		draw_zoomed(g, s, gv->zoom, area, &p);
		return;
	}
	for (uint32_t bo = 0; bo < n && y + row_h <= area.y + area.h; bo++) {
		if (!shm_get(s, bo) || skip-- > 0)
			continue;
		shown++;
		draw_object_row(g, r, bo, area, y, &p);
		y += row_h;
	}
	if (!shown)
		gui_print(g, GF_BODY, view_ui_rgb(VC_DIM), area.x, y, AL_LEFT,
			  gv->scroll ? "(scrolled past the last object)" : "no objects yet");
}
