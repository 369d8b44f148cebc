// SPDX-License-Identifier: MIT
/*
 * viewer/render_cards.c - the "holders" view: who holds each object's pages.
 *
 *   holders            cards                                  maps
 *   +------------+     +----------------------------------+   RAM  [cells]
 *   | pin        |---->| fb   24 pages                    |
 *   +------------+     | use 1  pin 1  vmap 0  willneed   |   Swap [cells]
 *   + - - - - - -+     | [page strip]                     |     ^
 *   | vmap       |- - >| cmdbuf ...  EVICTED              |- - -' "vmap still
 *   + - - - - - -+     +----------------------------------+       points here"
 *
 * Each object is a card with its counts in the kernel's words and a strip
 * of its pages; each holder (viewer/holders.h) is a box joined to its card,
 * solid for a pin, dashed for a use reference, red when it points at pages
 * the shrinker took; a red holder's connector goes on from the card to the
 * swap slots its pages went to.  At a violation the page the access touched
 * is ringed.  Purged pages stay as ghosts marked "purged".
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gem/shm.h"
#include "sim/scenario.h"
#include "viewer/holders.h"
#include "viewer/render.h"

#define STALE_RGB 0xff5a64u /* a red that reads as a line on the dark background */

/* ---- lines --------------------------------------------------------------- */

/* A @t pixel square centred on @x,@y: lines are stamped from them a pixel
 * apart (SDL's software renderer drops thin steep triangles, so no
 * SDL_RenderGeometry here). */
static void dot(struct gui *g, float x, float y, float t, uint32_t rgb)
{
	int it = (int)(t + 0.5f);

	gui_fill_rect(g, (int)lroundf(x - t / 2), (int)lroundf(y - t / 2), it < 1 ? 1 : it,
		      it < 1 ? 1 : it, rgb, 255);
}

/* A filled triangle, row by row: an arrowhead at @x,@y pointing along (@dx,@dy). */
static void arrowhead(struct gui *g, float x, float y, float dx, float dy, float size, uint32_t rgb)
{
	float len = sqrtf(dx * dx + dy * dy), vx[3], vy[3], top, bot;

	if (len < 0.01f)
		return;
	dx /= len;
	dy /= len;
	vx[0] = x;
	vy[0] = y;
	vx[1] = x - dx * size - dy * size * 0.55f;
	vy[1] = y - dy * size + dx * size * 0.55f;
	vx[2] = x - dx * size + dy * size * 0.55f;
	vy[2] = y - dy * size - dx * size * 0.55f;
	top = fminf(vy[0], fminf(vy[1], vy[2]));
	bot = fmaxf(vy[0], fmaxf(vy[1], vy[2]));
	for (int row = (int)floorf(top); row <= (int)ceilf(bot); row++) {
		float yc = (float)row + 0.5f, lo = 1e9f, hi = -1e9f;

		for (int e = 0; e < 3; e++) {
			float ax = vx[e], ay = vy[e], bx = vx[(e + 1) % 3], by = vy[(e + 1) % 3];

			if ((yc < ay) == (yc < by))
				continue;
			ax += (yc - ay) / (by - ay) * (bx - ax);
			lo = fminf(lo, ax);
			hi = fmaxf(hi, ax);
		}
		if (hi >= lo)
			gui_fill_rect(g, (int)lroundf(lo), row, (int)lroundf(hi - lo) + 1, 1, rgb,
				      255);
	}
}

/*
 * A connector from (@x0,@y0) to (@x1,@y1): a cubic that leaves and arrives
 * horizontally, solid or dashed (@dash: the dash length, 0 = solid), with
 * an arrowhead at the end.
 */
static void connector(struct gui *g, float x0, float y0, float x1, float y1, float t, float dash,
		      uint32_t rgb, bool vertical_end)
{
	enum { N = 40 };
	float px[N + 1], py[N + 1], run = 0, head = t * 3.2f;
	float c1x = x0 + (x1 - x0) / 2, c1y = y0, c2x = x1 - (x1 - x0) / 2, c2y = y1;

	if (vertical_end) {
		c2x = x1;
		c2y = y1 - (y1 - y0) / 2;
	}
	for (int i = 0; i <= N; i++) {
		float u = (float)i / N, a = (1 - u) * (1 - u) * (1 - u),
		      b = 3 * u * (1 - u) * (1 - u), c = 3 * u * u * (1 - u), d = u * u * u;

		px[i] = a * x0 + b * c1x + c * c2x + d * x1;
		py[i] = a * y0 + b * c1y + c * c2y + d * y1;
	}
	/* walk the curve a pixel at a time; a dash is on for @dash, off for 0.7 x */
	for (int i = 0; i < N; i++) {
		float dx = px[i + 1] - px[i], dy = py[i + 1] - py[i],
		      len = sqrtf(dx * dx + dy * dy);
		int steps;

		if (i == N - 1)
			len -= head * 0.8f; /* stop under the arrowhead */
		steps = (int)ceilf(len);
		for (int k = 0; k < steps; k++, run += 1.0f) {
			float u = (float)k / sqrtf(dx * dx + dy * dy);

			if (dash > 0 && fmodf(run, dash * 1.7f) >= dash)
				continue;
			dot(g, px[i] + dx * u, py[i] + dy * u, t, rgb);
		}
	}
	arrowhead(g, px[N], py[N], px[N] - px[N - 2], py[N] - py[N - 2], head, rgb);
}

/* A rectangle's border, dashed. */
static void dashed_rect(struct gui *g, int x, int y, int w, int h, int t, int dash, uint32_t rgb)
{
	for (int i = 0; i < w; i += dash * 2) {
		int d = i + dash > w ? w - i : dash;

		gui_fill_rect(g, x + i, y, d, t, rgb, 255);
		gui_fill_rect(g, x + i, y + h - t, d, t, rgb, 255);
	}
	for (int i = 0; i < h; i += dash * 2) {
		int d = i + dash > h ? h - i : dash;

		gui_fill_rect(g, x, y + i, t, d, rgb, 255);
		gui_fill_rect(g, x + w - t, y + i, t, d, rgb, 255);
	}
}

/* ---- holders and cards --------------------------------------------------- */

static uint32_t holder_rgb(const struct view_holder *h)
{
	if (h->stale)
		return STALE_RGB;
	switch (h->kind) {
	case VH_PIN: return view_state_rgb(VS_PINNED);
	case VH_VMAP: return view_state_rgb(VS_VMAPPED);
	case VH_VMA: return view_state_rgb(VS_MMAPPED);
	case VH_GPU: return view_state_rgb(VS_GPU);
	case VH_EXPORT: return view_ui_rgb(VC_DIVERGE);
	case VH_DMABUF: return view_state_rgb(h->hard ? VS_PINNED : VS_RESIDENT);
	default: return view_ui_rgb(VC_DIM);
	}
}

/* The widest of the fonts that fits @s in @w, smallest last. */
static int fit_font(struct gui *g, const char *s, int w)
{
	if (gui_text_w(g, GF_BODY, s) <= w)
		return GF_BODY;
	return GF_SMALL;
}

static const char *madv_word(int madv)
{
	return madv < 0 ? "purged" : madv > 0 ? "dontneed" : "willneed";
}

/* The page the latest violation's access touched, when it is on @bo. */
static uint64_t violated_page(const struct view_run *r, uint32_t bo)
{
	const struct sim_report *rep;
	const struct sim_event *e;

	if (r->banner < 0 || (uint32_t)r->banner >= r->s->nr_reports)
		return UINT64_MAX;
	rep = &r->s->reports[r->banner];
	if (rep->event == SIM_NONE || rep->event >= r->sc->nevents)
		return UINT64_MAX;
	e = &r->sc->events[rep->event];
	if (e->op == SIM_OP_VMAP_ACCESS && e->a == bo)
		return e->x;
	return UINT64_MAX;
}

struct card_geom {
	int x, y, w, h;
	int strip_y, strip_h;
};

struct card_strip {
	struct sim *s;
	uint32_t bo;
	bool purged;
	int y, h;
};

/* One page of the card's strip: free and purged pages as outlines. */
static void card_strip_cell(struct gui *g, void *ctx, uint64_t pg, int cx, int cw)
{
	const struct card_strip *c = ctx;
	enum view_state st = c->purged ? VS_PURGED : view_page_state(c->s, c->bo, pg);

	if (st == VS_PURGED || st == VS_FREE)
		gui_frame_rect(g, cx, c->y, cw, c->h, cw > 6 ? 2 : 1,
			       st == VS_PURGED ? 0x7a3a48u : view_state_rgb(VS_FREE));
	else
		gui_fill_rect(g, cx, c->y, cw, c->h, view_state_rgb(st), 255);
}

/* The strip of @bo's pages: a cell each when they fit, else a bar. */
static void card_strip(struct gui *g, struct view_run *r, uint32_t bo, const struct shm_object *o,
		       const struct card_geom *cg, int pad)
{
	int w = cg->w - 2 * pad, x = cg->x + pad, h = cg->strip_h, y = cg->strip_y;
	uint64_t n = o->npages, hit = violated_page(r, bo);
	struct card_strip c = { r->s, bo, o->madv < 0 && !o->evicted && !shm_resident_pages(o), y,
				h };
	int cell = gui_page_strip(g, x, w, h, n, 2, card_strip_cell, &c);
	bool purged = c.purged;

	if (purged) {
		const char *t = "purged: pages gone";

		gui_print(g, GF_SMALL, 0xff8a95u, x + (cell >= 2 ? (int)n * cell : w) / 2,
			  y + (h - gui_line_h(g, GF_SMALL)) / 2, AL_CENTRE, t);
	}
	if (hit < n && cell >= 2) {
		int t = cell >= 12 ? 3 : 2;

		gui_frame_rect(g, x + (int)hit * cell - t - 1, y - t - 1, cell - 2 + 2 * t + 2,
			       h + 2 * t + 2, t, 0xffffffu);
		gui_frame_rect(g, x + (int)hit * cell - 2 * t - 1, y - 2 * t - 1,
			       cell - 2 + 4 * t + 2, h + 4 * t + 2, t, STALE_RGB);
	}
}

static void draw_card(struct gui *g, struct view_run *r, uint32_t bo, const struct card_geom *cg,
		      bool stale, int pad)
{
	const struct shm_object *o = shm_get(r->s, bo);
	int lb = gui_line_h(g, GF_BOLD), x, ty = cg->y + pad / 2;
	char buf[160], st[48] = "";

	gui_fill_rect(g, cg->x, cg->y, cg->w, cg->h, view_ui_rgb(VC_PANEL), 255);
	gui_frame_rect(g, cg->x, cg->y, cg->w, cg->h, stale ? 3 : 1, stale ? STALE_RGB : 0x39414fu);
	x = gui_print(g, GF_BOLD, view_ui_rgb(VC_TEXT), cg->x + pad, ty, AL_LEFT,
		      sim_name(r->s, SIM_K_BO, bo));
	snprintf(buf, sizeof(buf), "%" PRIu64 " page%s", o->npages, o->npages == 1 ? "" : "s");
	x += pad + gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), cg->x + pad + x + pad,
			     ty + lb - gui_line_h(g, GF_SMALL) - 2, AL_LEFT, buf);
	if (o->evicted)
		snprintf(st, sizeof(st), "  EVICTED");
	else if (o->nr_fences)
		snprintf(st, sizeof(st), "  busy");
	snprintf(buf, sizeof(buf), "use %d  pin %d  vmap %d  %s%s", o->pages_use_count,
		 o->pages_pin_count, o->vmap_use_count, madv_word(o->madv), st);
	{
		int room = cg->w - 2 * pad - x - pad * 2, font = GF_BODY;
		int fy = ty + lb - gui_line_h(g, font) - 1;

		if (gui_text_w(g, font, buf) > room) {
			/* no room beside the name: a line of its own, over the strip */
			font = GF_SMALL;
			fy = ty + lb;
		}
		if (gui_text_w(g, font, buf) > cg->w - 2 * pad && !o->madv)
			/* narrower still: WILLNEED is the default, say only the others */
			snprintf(buf, sizeof(buf), "use %d  pin %d  vmap %d%s", o->pages_use_count,
				 o->pages_pin_count, o->vmap_use_count, st);
		gui_print(g, font, stale || o->evicted ? 0xff8a95u : view_ui_rgb(VC_DIM),
			  cg->x + cg->w - pad, fy, AL_RIGHT, buf);
	}
	card_strip(g, r, bo, o, cg, pad);
}

/* One holder's box at @x,@y (@w wide), joined to the card at @tx,@ty. */
static void draw_holder(struct gui *g, const struct view_holder *h, int x, int y, int w, int bh,
			int tx, int ty, int pad)
{
	uint32_t c = holder_rgb(h);
	const char *label = h->label;
	int t = h->stale ? 3 : 2, font = fit_font(g, label, w - 2 * pad);
	float lw = (float)(g->lay.font) / 9.0f;

	gui_fill_rect(g, x, y, w, bh, view_ui_rgb(VC_PANEL), 255);
	if (h->hard)
		gui_frame_rect(g, x, y, w, bh, t, c);
	else
		dashed_rect(g, x, y, w, bh, t, g->lay.font / 3, c);
	if (gui_text_w(g, font, label) > w - 2 * pad) {
		label = h->brief;
		font = fit_font(g, label, w - 2 * pad);
	}
	gui_text_fit(g, font, view_ui_rgb(VC_TEXT), x + pad, y + (bh - gui_line_h(g, font)) / 2,
		     w - 2 * pad, label);
	connector(g, (float)(x + w), (float)y + bh / 2.0f, (float)tx, (float)ty, lw < 2 ? 2 : lw,
		  h->hard ? 0 : (float)g->lay.font * 0.45f, c, false);
}

/* The key to the connectors, at the bottom of the holders column. */
static int draw_key(struct gui *g, int x, int y, int w)
{
	static const struct {
		const char *text;
		uint32_t rgb;
	} key[] = {
		{ "solid: a pin or an export (hard)", 0 },
		{ "dashed: a use reference (weak)", 0 },
		{ "red: its pages were taken", STALE_RGB },
	};
	int ls = gui_line_h(g, GF_SMALL);

	for (unsigned i = 0; i < 3; i++) {
		int font = gui_text_w(g, GF_SMALL, key[i].text) <= w ? GF_SMALL : -1;

		if (font < 0)
			continue;
		gui_print(g, GF_SMALL, key[i].rgb ? key[i].rgb : view_ui_rgb(VC_DIM), x, y, AL_LEFT,
			  key[i].text);
		y += ls;
	}
	return y;
}

/* The holders view's columns: holders | connectors | cards | connectors | maps. */
struct holders_geom {
	struct view_rect area;
	int pad, lb, ls;
	int hold_w, gap, maps_w;
	int card_x, card_w, card_h;
	int bh; /* a holder box's height */
};

/* A stale holder follows @o's pages into swap: a connector to the slot. */
static void stale_to_swap(struct gui *g, struct view_run *r, int gi, const struct holders_geom *hg,
			  const struct card_geom *cg, uint32_t bo, const struct view_holder *h)
{
	const struct shm_object *o = shm_get(r->s, bo);
	const struct view_grid *sg = &g->grid[gi][1];
	uint64_t hit = violated_page(r, bo);
	float lw = (float)g->lay.font / 9.0f;
	int sx, sy, sw, sh;

	if (!hg->maps_w || !o->evicted || !o->pages || !sg->n ||
	    !view_grid_cell_rect(sg, o->pages[hit < o->npages ? hit : 0], &sx, &sy, &sw, &sh))
		return;
	connector(g, (float)(hg->card_x + hg->card_w + 2), (float)(cg->strip_y + cg->strip_h / 2),
		  (float)(sg->x - 3), (float)(sy + sh / 2), lw < 2 ? 2 : lw,
		  (float)g->lay.font * 0.45f, STALE_RGB, false);
	gui_print(g, GF_SMALL, STALE_RGB, sg->x + sg->w / 2, hg->area.y + hg->area.h - hg->ls,
		  AL_CENTRE, h->kind == VH_VMAP ? "vmap still points here" : "its pages went here");
	if (hit < o->npages)
		gui_frame_rect(g, sx - 2, sy - 2, sw + 4, sh + 4, 3, STALE_RGB);
}

/* @bo's @nh holders beside its card: as many boxes as its height holds. */
static void card_holders(struct gui *g, struct view_run *r, int gi, const struct holders_geom *hg,
			 const struct card_geom *cg, uint32_t bo, const struct view_holder *hs,
			 unsigned nh)
{
	int bh = hg->bh, ls = hg->ls, pad = hg->pad, card_h = hg->card_h, y = cg->y, slot;
	unsigned fit = (unsigned)((card_h + pad) / (bh + pad / 2)), shown;
	char buf[32];

	if (fit < 1)
		fit = 1;
	shown = nh <= fit ? nh : fit - 1;
	/* a line under each box for its note when the card is tall enough */
	slot = shown && (int)shown * (bh + ls) <= card_h + pad ? bh + ls : bh + pad / 2;
	for (unsigned k = 0; k < shown; k++) {
		int hy = y + (int)k * slot;
		int ty = y + (card_h * ((int)k + 1)) / ((int)shown + 1);

		draw_holder(g, &hs[k], hg->area.x, hy, hg->hold_w, bh, hg->card_x - 2, ty, pad);
		if (hs[k].note[0]) {
			int nw = gui_text_w(g, GF_SMALL, hs[k].note);

			if (nw <= hg->hold_w && slot >= bh + ls)
				gui_print(g, GF_SMALL,
					  hs[k].stale ? STALE_RGB : view_ui_rgb(VC_DIM),
					  hg->area.x + hg->hold_w - nw, hy + bh, AL_LEFT,
					  hs[k].note);
		}
		if (hs[k].stale)
			stale_to_swap(g, r, gi, hg, cg, bo, &hs[k]);
	}
	if (shown < nh) {
		snprintf(buf, sizeof(buf), "+%u more", nh - shown);
		gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), hg->area.x + pad, y + (int)shown * slot,
			  AL_LEFT, buf);
	}
}

/* The card of @bo at @y with its holders; remembered for clicks and --locate. */
static void holders_card(struct gui *g, struct view_run *r, int gi, const struct holders_geom *hg,
			 uint32_t bo, int y)
{
	struct view_holder hs[VIEW_HOLDERS_MAX];
	unsigned nh = view_holders(r->s, r->sc, bo, hs, VIEW_HOLDERS_MAX);
	const struct shm_object *o = shm_get(r->s, bo);
	int pad = hg->pad, lb = hg->lb;
	struct card_geom cg = { hg->card_x, y, hg->card_w, hg->card_h, 0, 0 };
	bool stale = false;

	for (unsigned k = 0; k < nh; k++)
		stale |= hs[k].stale;
	cg.strip_h = hg->card_h - (pad / 2 + lb + hg->ls + pad);
	if (cg.strip_h > lb * 3 / 2)
		cg.strip_h = lb * 3 / 2;
	cg.strip_y = y + hg->card_h - pad - cg.strip_h;
	draw_card(g, r, bo, &cg, stale, pad);
	if (g->ncards[gi] < 64) {
		struct gui_card *c = &g->cards[gi][g->ncards[gi]++];
		int cell = o->npages ? (hg->card_w - 2 * pad) / (int)o->npages : 0;

		*c = (struct gui_card){ .bo = bo,
					.box = { hg->card_x, y, hg->card_w, hg->card_h },
					.strip_x = hg->card_x + pad,
					.strip_y = cg.strip_y,
					.strip_h = cg.strip_h,
					.cell = cell > cg.strip_h ? cg.strip_h :
						cell < 2          ? 0 :
								    cell };
	}
	card_holders(g, r, gi, hg, &cg, bo, hs, nh);
}

/* The columns of @area, and the most cards its height holds (at least 1, at most 64). */
static unsigned holders_layout(struct gui *g, struct view_rect area, struct holders_geom *hg)
{
	const struct view_layout *l = &g->lay;
	int key_h;
	unsigned maxc;

	*hg = (struct holders_geom){ .area = area,
				     .pad = l->pad,
				     .lb = gui_line_h(g, GF_BOLD),
				     .ls = gui_line_h(g, GF_SMALL) };
	key_h = hg->ls * 3 + hg->pad;
	hg->gap = l->font * 2;
	hg->maps_w = area.w >= l->font * 44 ? area.w * 27 / 100 : 0;
	hg->hold_w = (area.w - hg->maps_w) * 30 / 100;
	hg->card_x = area.x + hg->hold_w + hg->gap;
	hg->card_w = area.w - hg->maps_w - hg->hold_w - hg->gap - (hg->maps_w ? hg->gap : 0);
	hg->bh = gui_line_h(g, GF_BODY) + hg->pad / 2;
	/* a card: name line, counts line, strip, padding */
	hg->card_h = hg->pad / 2 + hg->lb + hg->ls + hg->lb + hg->pad;
	maxc = (unsigned)((area.h - key_h + hg->pad) / (hg->card_h + hg->pad));
	return maxc > 64 ? 64 : maxc < 1 ? 1 : maxc;
}

void gui_draw_holders(struct gui *g, struct view_run *r, struct view_model *m, int gi,
		      struct view_rect area, struct gui_view *gv)
{
	struct holders_geom hg;
	unsigned maxc = holders_layout(g, area, &hg), n;
	int ls = hg.ls, pad = hg.pad, lb = hg.lb, key_h = ls * 3 + pad, y = area.y;
	uint32_t bos[64], more;
	char buf[120];

	g->ncards[gi] = 0;
	n = view_cards_pick(r->s, r->sc, bos, maxc, &more);
	if (!n) {
		gui_print(g, GF_BODY, view_ui_rgb(VC_DIM), area.x, area.y, AL_LEFT,
			  "no objects yet");
		if (hg.maps_w)
			gui_draw_maps(g, r, m, gi,
				      (struct view_rect){ area.x + area.w - hg.maps_w, area.y,
							  hg.maps_w, area.h },
				      gv);
		return;
	}
	/* share the height out: taller cards when there are few */
	{
		int room = (area.h - key_h - (more ? ls : 0)) / (int)n - pad;

		if (room > hg.card_h + lb * 2)
			room = hg.card_h + lb * 2;
		if (room > hg.card_h)
			hg.card_h = room;
	}
	if (hg.maps_w)
		gui_draw_maps(g, r, m, gi,
			      (struct view_rect){ area.x + area.w - hg.maps_w, area.y, hg.maps_w,
						  area.h - ls - pad },
			      gv);
	for (unsigned i = 0; i < n; i++, y += hg.card_h + pad)
		holders_card(g, r, gi, &hg, bos[i], y);
	if (more) {
		snprintf(buf, sizeof(buf), "+%u more object%s (v: the objects view lists all)",
			 more, more == 1 ? "" : "s");
		if (gui_text_w(g, GF_SMALL, buf) > area.x + area.w - hg.card_x)
			snprintf(buf, sizeof(buf), "+%u more", more); /* a narrow pane: never cut */
		gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), hg.card_x, y, AL_LEFT, buf);
	}
	draw_key(g, area.x, area.y + area.h - ls * 3, hg.hold_w + hg.gap);
}

bool gui_locate_card(struct gui *g, uint32_t bo, uint64_t page, int *x, int *y)
{
	for (unsigned i = 0; i < g->ncards[0]; i++) {
		const struct gui_card *c = &g->cards[0][i];

		if (c->bo != bo)
			continue;
		if (page == UINT64_MAX) {
			/* a point of the card's border, clear of its text */
			*x = c->box.x + 1;
			*y = c->box.y + c->box.h / 2;
			return true;
		}
		if (!c->cell)
			return false;
		*x = c->strip_x + (int)page * c->cell + (c->cell - 2) / 2;
		*y = c->strip_y + c->strip_h / 2;
		return true;
	}
	return false;
}
