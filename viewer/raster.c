// SPDX-License-Identifier: MIT
/*
 * viewer/raster.c - the map rasteriser of gemsim-view, with no SDL: the
 * grid of cells a map is laid out in (and which cell a point hits), and
 * every RAM frame and swap slot painted into a pixel buffer, by state or
 * owner, with the effects of recent events.  The test runner checks it
 * pixel by pixel.  Page states and colours are viewer/model.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gem/pg.h"
#include "gem/shm.h"
#include "viewer/view.h"

/* ---- grid ---------------------------------------------------------------- */

void view_grid_fit(struct view_grid *g, int x, int y, int w, int h, uint64_t n)
{
	memset(g, 0, sizeof(*g));
	g->x = x;
	g->y = y;
	g->w = w > 0 ? w : 0;
	g->h = h > 0 ? h : 0;
	g->n = n;
	if (!n || g->w < 1 || g->h < 1)
		return;

	uint64_t area = (uint64_t)g->w * (uint64_t)g->h;
	int c = (int)sqrt((double)area / (double)n) + 1;

	if (c > g->h)
		c = g->h;
	if (c > g->w)
		c = g->w;
	for (; c >= 1; c--) {
		uint64_t cols = (uint64_t)(g->w / c), rows = (n + cols - 1) / cols;

		if (rows * (uint64_t)c <= (uint64_t)g->h)
			break;
	}
	if (c >= 1) {
		g->cell = c;
		g->gap = c >= 14 ? 2 : c >= 5 ? 1 : 0;
		g->cols = g->w / c;
		g->rows = (int)((n + (uint64_t)g->cols - 1) / (uint64_t)g->cols);
		/* centre the used width in the box */
		g->x += (g->w - g->cols * c) / 2;
		return;
	}
	g->per = (n + area - 1) / area;
	g->cols = g->w;
	g->rows = (int)(((n + g->per - 1) / g->per + (uint64_t)g->w - 1) / (uint64_t)g->w);
}

bool view_grid_cell_rect(const struct view_grid *g, uint64_t i, int *x, int *y, int *w, int *h)
{
	if (i >= g->n || !g->cols)
		return false;
	if (g->cell) {
		*x = g->x + (int)(i % (uint64_t)g->cols) * g->cell;
		*y = g->y + (int)(i / (uint64_t)g->cols) * g->cell;
		*w = *h = g->cell - g->gap;
	} else {
		uint64_t p = i / g->per;

		*x = g->x + (int)(p % (uint64_t)g->cols);
		*y = g->y + (int)(p / (uint64_t)g->cols);
		*w = *h = 1;
	}
	return true;
}

uint64_t view_grid_hit(const struct view_grid *g, int px, int py)
{
	uint64_t i;

	if (!g->cols || px < g->x || py < g->y)
		return UINT64_MAX;
	if (g->cell) {
		int cx = (px - g->x) / g->cell, cy = (py - g->y) / g->cell;

		if (cx >= g->cols)
			return UINT64_MAX;
		i = (uint64_t)cy * (uint64_t)g->cols + (uint64_t)cx;
	} else {
		if (px - g->x >= g->cols)
			return UINT64_MAX;
		i = ((uint64_t)(py - g->y) * (uint64_t)g->cols + (uint64_t)(px - g->x)) * g->per;
	}
	return i < g->n ? i : UINT64_MAX;
}

/* ---- rasteriser ---------------------------------------------------------- */

/* How far into its effect an event at @at is: 0..256, or -1 when not active. */
static int fx_phase(const struct view_paint *p, sim_ns at_plus1)
{
	sim_ns at;

	if (!at_plus1)
		return -1;
	at = at_plus1 - 1;
	if (at > p->now || p->now - at >= p->window)
		return -1;
	return (int)((p->now - at) * 256 / p->window);
}

static uint32_t base_rgb(const struct view_paint *p, uint64_t f, uint32_t owner)
{
	enum view_state st = (enum view_state)p->m->fstate[f];

	if (p->by == VIEW_BY_OWNER && owner < PG_OWNER_LEAKED)
		return view_owner_rgb(owner);
	return view_state_rgb(st);
}

uint32_t view_frame_rgb(const struct view_paint *p, uint64_t f)
{
	const uint32_t *fo = pg_frame_owners(p->s);
	const struct view_fx *fx = p->fx;
	uint32_t ow = fo[f], c = base_rgb(p, f, ow);
	int ph;

	if (!fx || f >= fx->nframes)
		return c;
	if (ow >= PG_OWNER_LEAKED) {
		/* emptied by evict or purge: fade from what it was */
		if ((ph = fx_phase(p, fx->gone_at[f])) >= 0) {
			uint8_t gs = fx->gone_state[f];
			uint32_t was = view_state_rgb((enum view_state)(gs & 0x7f));

			if (gs & 0x80) /* purged: gone through black */
				return ph < 128 ? view_mix(was, 0x000000, (unsigned)ph * 2) :
						  view_mix(0x000000, c, (unsigned)(ph - 128) * 2);
			return view_mix(was, c, (unsigned)ph);
		}
		return c;
	}
	if (ow < fx->nobjs) {
		/*
		 * Effects tint, never replace: under churn they run all the time,
		 * and the state colour must still read from the back of the room.
		 * A swap-in starts half way to white, a shrinker visit a fifth of
		 * the way to its blue.
		 */
		if ((ph = fx_phase(p, fx->swapin_at[ow])) >= 0)
			c = view_mix(c, view_ui_rgb(VC_FLASH), (unsigned)(256 - ph) / 2);
		if ((ph = fx_phase(p, fx->scan_at[ow])) >= 0)
			c = view_mix(c, view_ui_rgb(VC_SCAN), (unsigned)(256 - ph) / 5);
	}
	return c;
}

static void fill(uint32_t *px, int pitch, int x, int y, int w, int h, uint32_t argb)
{
	for (int j = 0; j < h; j++) {
		uint32_t *row = px + (size_t)(y + j) * (size_t)pitch + x;

		for (int i = 0; i < w; i++)
			row[i] = argb;
	}
}

static void outline(uint32_t *px, int pitch, int x, int y, int w, int h, int t, uint32_t argb)
{
	fill(px, pitch, x, y, w, t, argb);
	fill(px, pitch, x, y + h - t, w, t, argb);
	fill(px, pitch, x, y, t, h, argb);
	fill(px, pitch, x + w - t, y, t, h, argb);
}

static bool fx_active(const struct view_paint *p)
{
	const struct view_fx *fx = p->fx;

	return fx && (fx->gone_last + p->window > p->now || fx->obj_last + p->window > p->now);
}

/* Fault flashes: a few cells, drawn over the base picture. */
static void raster_faults(const struct view_paint *p, const struct view_grid *g, uint32_t *px,
			  int pitch)
{
	const struct view_fx *fx = p->fx;
	uint32_t n = fx->nfaults < VIEW_FAULTS ? fx->nfaults : VIEW_FAULTS;

	for (uint32_t k = 0; k < n; k++) {
		const struct view_fault *e = &fx->faults[(fx->nfaults - 1 - k) % VIEW_FAULTS];
		const struct shm_object *o;
		int ph = fx_phase(p, e->at + 1), x, y, w, h;

		if (ph < 0)
			continue;
		o = shm_get(p->s, e->bo);
		if (!o || !o->pages || o->evicted || e->page >= o->npages ||
		    o->pages[e->page] == PG_OWNER_FREE)
			continue;
		if (!view_grid_cell_rect(g, o->pages[e->page], &x, &y, &w, &h))
			continue;

		uint32_t c = view_mix(view_ui_rgb(VC_FLASH), view_frame_rgb(p, o->pages[e->page]),
				      (unsigned)ph);

		if (g->cell >= 5 && ph < 160) {
			/* a ring around the cell, so a flash reads even on a light state */
			int r = g->gap > 1 ? 2 : 1;

			if (x - r >= g->x && y - r >= g->y)
				outline(px, pitch, x - r, y - r, w + 2 * r, h + 2 * r, r,
					VIEW_ARGB(view_ui_rgb(VC_FLASH)));
		}
		fill(px, pitch, x, y, w, h, VIEW_ARGB(c));
	}
}

/*
 * The ring a swapped-in or visited object's cells get instead of a tint
 * (white for a swap-in, the scan's blue for a visit), or 0 when neither is
 * running: under churn these run all the time, and a tint would hide the
 * state colour a room reads the map by.
 */
static uint32_t obj_ring(const struct view_paint *p, uint32_t ow)
{
	const struct view_fx *fx = p->fx;

	if (ow >= fx->nobjs)
		return 0;
	if (fx_phase(p, fx->swapin_at[ow]) >= 0)
		return VIEW_ARGB(view_ui_rgb(VC_FLASH));
	if (fx_phase(p, fx->scan_at[ow]) >= 0)
		return VIEW_ARGB(view_ui_rgb(VC_SCAN));
	return 0;
}

/* Whether frame @f has an effect running (then view_frame_rgb() paints it). */
static inline bool frame_fx(const struct view_paint *p, bool gone, bool objs, const uint32_t *fo,
			    uint64_t f)
{
	const struct view_fx *fx = p->fx;

	if (p->m->fstate[f] <= VS_OTHER)
		return gone && fx_phase(p, fx->gone_at[f]) >= 0;
	if (objs) {
		uint32_t ow = fo[f];

		return ow < fx->nobjs &&
		       (fx_phase(p, fx->scan_at[ow]) >= 0 || fx_phase(p, fx->swapin_at[ow]) >= 0);
	}
	return false;
}

/* What every frame of one picture is drawn with. */
struct frames_pic {
	const struct view_paint *p;
	const uint32_t *fo; /* frame owners */
	const uint8_t *fs;  /* frame states */
	bool fx, by_owner;
	bool gone, objs; /* frame and object effects running */
	uint32_t pal[VS_COUNT];
};

/* A cell a frame: its colour, an effect's ring on big cells, the highlight. */
static void raster_cells(const struct frames_pic *fp, const struct view_grid *g, uint32_t *px,
			 int pitch)
{
	const struct view_paint *p = fp->p;
	const uint32_t *fo = fp->fo;
	int cw = g->cell - g->gap;
	uint32_t hl = VIEW_ARGB(view_ui_rgb(VC_TEXT));

	for (uint64_t f = 0; f < g->n; f++) {
		int x = g->x + (int)(f % (uint64_t)g->cols) * g->cell;
		int y = g->y + (int)(f / (uint64_t)g->cols) * g->cell;
		uint32_t c = fp->by_owner ? VIEW_ARGB(base_rgb(p, f, fo[f])) : fp->pal[fp->fs[f]];
		uint32_t ring = 0;

		if (fp->fx && frame_fx(p, fp->gone, fp->objs, fo, f)) {
			/*
			 * An object's cells keep their state colour: a ring on
			 * big cells, on small ones a light tint for a swap-in
			 * and nothing for a visit (rings would be all one saw).
			 */
			ring = fo[f] < PG_OWNER_LEAKED ? obj_ring(p, fo[f]) : 0;
			if (!ring)
				c = VIEW_ARGB(view_frame_rgb(p, f));
			else if (cw < 10 && ring == VIEW_ARGB(view_ui_rgb(VC_FLASH)))
				c = VIEW_ARGB(view_mix(c & 0xffffff, view_ui_rgb(VC_FLASH), 64));
			if (cw < 10)
				ring = 0;
		}
		if (cw == 1)
			px[(size_t)y * (size_t)pitch + (size_t)x] = c;
		else
			fill(px, pitch, x, y, cw, cw, c);
		if (ring)
			outline(px, pitch, x, y, cw, cw, cw >= 16 ? 2 : 1, ring);
		if (p->highlight != SIM_NONE && fo[f] == p->highlight && cw >= 6)
			outline(px, pitch, x, y, cw, cw, cw >= 16 ? 2 : 1, hl);
	}
}

/* The state a pixel of frames [@lo, @hi) shows: the most frequent, ties to the stronger. */
static unsigned pixel_state(const uint8_t *fs, uint64_t lo, uint64_t hi)
{
	uint32_t cnt[VS_COUNT] = { 0 };
	unsigned best = VS_FREE;

	if (hi - lo <= 2) {
		/* one or two frames: the stronger state (the tie rule) */
		best = fs[lo];
		if (hi - lo == 2 && fs[lo + 1] > best)
			best = fs[lo + 1];
		return best;
	}
	for (uint64_t f = lo; f < hi; f++)
		cnt[fs[f]]++;
	for (unsigned st = 0; st < VS_COUNT; st++)
		if (cnt[st] >= cnt[best] && cnt[st])
			best = st;
	return best;
}

/* A pixel for g->per frames: their commonest state, or an effect running on one. */
static void raster_pixels(const struct frames_pic *fp, const struct view_grid *g, uint32_t *px,
			  int pitch)
{
	const struct view_paint *p = fp->p;
	const uint32_t *fo = fp->fo;
	uint64_t per = g->per, npx = (g->n + per - 1) / per;

	for (uint64_t i = 0; i < npx; i++) {
		uint64_t lo = i * per, hi = lo + per < g->n ? lo + per : g->n;
		unsigned best = pixel_state(fp->fs, lo, hi);
		uint32_t c = fp->pal[best];

		if (fp->by_owner) {
			uint64_t f = lo;

			while (f < hi && fp->fs[f] != best)
				f++;
			c = VIEW_ARGB(base_rgb(p, f < hi ? f : lo, fo[f < hi ? f : lo]));
		}
		if (fp->fx)
			for (uint64_t f = lo; f < hi; f++)
				if (frame_fx(p, fp->gone, fp->objs, fo, f)) {
					c = VIEW_ARGB(view_frame_rgb(p, f));
					break;
				}
		px[(size_t)(g->y + (int)(i / (uint64_t)g->cols)) * (size_t)pitch + (size_t)g->x +
		   (size_t)(i % (uint64_t)g->cols)] = c;
	}
}

void view_raster_frames(const struct view_paint *p, const struct view_grid *g, uint32_t *px,
			int pitch)
{
	struct frames_pic fp = { .p = p,
				 .fo = pg_frame_owners(p->s),
				 .fs = p->m->fstate,
				 .fx = fx_active(p),
				 .by_owner = p->by == VIEW_BY_OWNER };

	if (!g->cols)
		return;
	fp.gone = fp.fx && p->fx->gone_last + p->window > p->now;
	fp.objs = fp.fx && p->fx->obj_last + p->window > p->now;
	for (int i = 0; i < VS_COUNT; i++)
		fp.pal[i] = VIEW_ARGB(view_state_rgb((enum view_state)i));
	if (g->cell)
		raster_cells(&fp, g, px, pitch);
	else
		raster_pixels(&fp, g, px, pitch);
	if (p->fx)
		raster_faults(p, g, px, pitch);
}

void view_raster_slots(const struct view_paint *p, const struct view_grid *g, uint32_t *px,
		       int pitch)
{
	const struct view_model *m = p->m;
	const uint32_t *so = pg_slot_owners(p->s);
	const struct view_fx *fx = p->fx;

	if (!g->cols || !so)
		return;
	for (uint64_t i = 0, npx = g->cell ? g->n : (g->n + g->per - 1) / g->per; i < npx; i++) {
		uint64_t k = g->cell ? i : i * g->per, hi = g->cell ? k + 1 : k + g->per;
		uint32_t ow = PG_OWNER_FREE, c;

		if (hi > g->n)
			hi = g->n;
		/* aggregate: a pixel shows swap if any slot under it is used */
		for (uint64_t j = k; j < hi && ow == PG_OWNER_FREE; j++)
			ow = so[j];
		if (ow == PG_OWNER_FREE || ow == PG_OWNER_LEAKED)
			c = view_state_rgb(ow == PG_OWNER_FREE ? VS_FREE : VS_LEAKED);
		else if (p->by == VIEW_BY_OWNER)
			c = view_owner_rgb(ow);
		else
			c = view_state_rgb(VS_SWAP);
		if (fx && ow < fx->nobjs) {
			int ph = fx_phase(p, fx->evict_at[ow]);

			if (ph >= 0) /* just arrived: glow from light to its colour */
				c = view_mix(view_ui_rgb(VC_FLASH), c, 128 + (unsigned)ph / 2);
		}
		(void)m;
		if (g->cell) {
			int x = g->x + (int)(i % (uint64_t)g->cols) * g->cell;
			int y = g->y + (int)(i / (uint64_t)g->cols) * g->cell;

			fill(px, pitch, x, y, g->cell - g->gap, g->cell - g->gap, VIEW_ARGB(c));
		} else {
			px[(size_t)(g->y + (int)(i / (uint64_t)g->cols)) * (size_t)pitch +
			   (size_t)g->x + (size_t)(i % (uint64_t)g->cols)] = VIEW_ARGB(c);
		}
	}
}
