/*
 * viewer/render.c - drawing one picture: top bar, maps or object rows, side
 * panel (counters, sparklines, VMs, legend), event log, timeline, caption,
 * violation banner, help.  Maps are rasterised by viewer/model.c into a
 * pixel buffer and uploaded once per picture; text goes through a cache of
 * rendered strings so a picture costs a few hundred blits, not re-renders.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gem/pg.h"
#include "gem/shm.h"
#include "gpu/gpu.h"
#include "gpu/mmu.h"
#include "sim/units.h"
#include "viewer/gui.h"

/* ---- fonts --------------------------------------------------------------- */

static const char *const font_dirs[] = {
	"/usr/share/fonts/truetype/dejavu",   /* Debian, Ubuntu: fonts-dejavu-core */
	"/usr/share/fonts/dejavu",            /* Fedora, Arch */
	"/usr/share/fonts/TTF",
	"/usr/local/share/fonts/dejavu",
	"/usr/local/share/fonts",
	"/opt/homebrew/share/fonts",
};

int gui_find_font(struct gui *g)
{
	const char *env = getenv("GEMSIM_FONT");

	if (env && *env) {
		if (access(env, R_OK)) {
			fprintf(stderr, "gemsim-view: GEMSIM_FONT=%s: cannot read that file\n", env);
			return -1;
		}
		snprintf(g->font_path, sizeof(g->font_path), "%s", env);
		snprintf(g->bold_path, sizeof(g->bold_path), "%s", env);
		return 0;
	}
	for (size_t i = 0; i < sizeof(font_dirs) / sizeof(font_dirs[0]); i++) {
		snprintf(g->font_path, sizeof(g->font_path), "%s/DejaVuSans.ttf", font_dirs[i]);
		if (access(g->font_path, R_OK))
			continue;
		snprintf(g->bold_path, sizeof(g->bold_path), "%s/DejaVuSans-Bold.ttf", font_dirs[i]);
		if (access(g->bold_path, R_OK))
			snprintf(g->bold_path, sizeof(g->bold_path), "%s", g->font_path);
		return 0;
	}
	/* fontconfig knows where it is, if it is anywhere */
	FILE *p = popen("fc-match -f '%{file}' 'DejaVu Sans' 2>/dev/null", "r");

	if (p) {
		char buf[512] = "";
		size_t n = fread(buf, 1, sizeof(buf) - 1, p);

		pclose(p);
		buf[n] = '\0';
		if (n && strstr(buf, "DejaVuSans") && !access(buf, R_OK)) {
			snprintf(g->font_path, sizeof(g->font_path), "%s", buf);
			snprintf(g->bold_path, sizeof(g->bold_path), "%s", buf);
			return 0;
		}
	}
	fprintf(stderr, "gemsim-view: cannot find the DejaVu Sans font (DejaVuSans.ttf).\n"
		"Install it (Debian: apt-get install fonts-dejavu-core) or point GEMSIM_FONT at a\n"
		"TrueType font file.\n");
	return -1;
}

static void cache_clear(struct gui *g)
{
	for (int i = 0; i < GUI_TEXT_CACHE; i++) {
		if (g->cache[i].tex)
			SDL_DestroyTexture(g->cache[i].tex);
		g->cache[i] = (struct gui_text){ 0 };
	}
	g->ncache = 0;
}

static int open_fonts(struct gui *g)
{
	const struct view_layout *l = &g->lay;
	int px[GF_COUNT] = { [GF_BODY] = l->font, [GF_BOLD] = l->font, [GF_BIG] = l->font_big,
			     [GF_SMALL] = l->font_small };

	cache_clear(g);
	for (int i = 0; i < GF_COUNT; i++) {
		const char *path = i == GF_BODY || i == GF_SMALL ? g->font_path : g->bold_path;

		if (g->font[i] && g->font_px[i] == px[i])
			continue;
		if (g->font[i])
			TTF_CloseFont(g->font[i]);
		g->font[i] = TTF_OpenFont(path, px[i]);
		if (!g->font[i]) {
			fprintf(stderr, "gemsim-view: cannot open font %s: %s\n", path, TTF_GetError());
			return -1;
		}
		if ((i == GF_BOLD || i == GF_BIG) && !strcmp(path, g->font_path))
			TTF_SetFontStyle(g->font[i], TTF_STYLE_BOLD);
		TTF_SetFontHinting(g->font[i], TTF_HINTING_LIGHT);
		g->font_px[i] = px[i];
	}
	return 0;
}

/* ---- set-up -------------------------------------------------------------- */

int gui_resize(struct gui *g, int w, int h, const struct view_run *a)
{
	uint64_t nslots = a->s->cfg.swap_pages;

	g->w = w;
	g->h = h;
	view_layout_compute(&g->lay, w, h, g->font_scale, a->s->cfg.ram_pages, nslots);
	if (open_fonts(g))
		return -1;
	if (g->map_tex)
		SDL_DestroyTexture(g->map_tex);
	free(g->map_px);
	g->map_tex = SDL_CreateTexture(g->ren, SDL_PIXELFORMAT_ARGB8888,
				       SDL_TEXTUREACCESS_STREAMING, w, h);
	g->map_px = malloc((size_t)w * (size_t)h * sizeof(uint32_t));
	if (g->map_tex) /* the maps are opaque: a plain copy, no blending */
		SDL_SetTextureBlendMode(g->map_tex, SDL_BLENDMODE_NONE);
	g->map_w = w;
	g->map_h = h;
	if (!g->map_tex || !g->map_px) {
		fprintf(stderr, "gemsim-view: cannot make a %dx%d picture: %s\n", w, h,
			SDL_GetError());
		return -1;
	}
	return 0;
}

int gui_init_window(struct gui *g, int w, int h, const char *title)
{
	const char *drv, *asked = getenv("SDL_VIDEODRIVER");

	if (SDL_Init(SDL_INIT_VIDEO)) {
		fprintf(stderr, "gemsim-view: cannot open a display: %s\n"
			"(for pictures without a display use --headless)\n", SDL_GetError());
		return -1;
	}
	/*
	 * Without X11 or Wayland, SDL falls back to a driver that draws nowhere
	 * ("offscreen", "dummy"): the window would run, unseen, until killed.
	 * Say so instead, unless the user asked for that driver by name.
	 */
	drv = SDL_GetCurrentVideoDriver();
	if (drv && (!strcmp(drv, "offscreen") || !strcmp(drv, "dummy")) &&
	    !(asked && !strcmp(asked, drv))) {
		fprintf(stderr, "gemsim-view: no display to open a window on (SDL found only its "
			"'%s' video driver; DISPLAY and WAYLAND_DISPLAY are %s)\n"
			"For pictures without a display: gemsim view FILE --headless "
			"--screenshot OUT.png --at end\n", drv,
			getenv("DISPLAY") || getenv("WAYLAND_DISPLAY") ? "set but unusable" :
			"unset");
		SDL_Quit();
		return -1;
	}
	if (TTF_Init()) {
		fprintf(stderr, "gemsim-view: SDL_ttf: %s\n", TTF_GetError());
		return -1;
	}
	SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "0");
	g->win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
				  SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
	if (!g->win) {
		fprintf(stderr, "gemsim-view: cannot open a window: %s\n", SDL_GetError());
		return -1;
	}
	g->ren = SDL_CreateRenderer(g->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
	if (!g->ren)
		g->ren = SDL_CreateRenderer(g->win, -1, SDL_RENDERER_SOFTWARE);
	if (!g->ren) {
		fprintf(stderr, "gemsim-view: no renderer: %s\n", SDL_GetError());
		return -1;
	}
	SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_BLEND);
	return 0;
}

int gui_init_headless(struct gui *g, int w, int h)
{
	if (TTF_Init()) {
		fprintf(stderr, "gemsim-view: SDL_ttf: %s\n", TTF_GetError());
		return -1;
	}
	g->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!g->surf) {
		fprintf(stderr, "gemsim-view: cannot make a %dx%d picture: %s\n", w, h,
			SDL_GetError());
		return -1;
	}
	g->ren = SDL_CreateSoftwareRenderer(g->surf);
	if (!g->ren) {
		fprintf(stderr, "gemsim-view: no software renderer: %s\n", SDL_GetError());
		return -1;
	}
	SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_BLEND);
	return 0;
}

void gui_fini(struct gui *g)
{
	cache_clear(g);
	for (int i = 0; i < GF_COUNT; i++)
		if (g->font[i])
			TTF_CloseFont(g->font[i]);
	if (g->map_tex)
		SDL_DestroyTexture(g->map_tex);
	free(g->map_px);
	view_model_fini(&g->model_a);
	view_model_fini(&g->model_b);
	if (g->ren)
		SDL_DestroyRenderer(g->ren);
	if (g->surf)
		SDL_FreeSurface(g->surf);
	if (g->win)
		SDL_DestroyWindow(g->win);
	if (TTF_WasInit())
		TTF_Quit();
	SDL_Quit();
	memset(g, 0, sizeof(*g));
}

void gui_present(struct gui *g)
{
	if (g->win)
		SDL_RenderPresent(g->ren);
}

uint32_t *gui_read_pixels(struct gui *g)
{
	uint32_t *px = malloc((size_t)g->w * (size_t)g->h * 4);

	if (!px)
		return NULL;
	if (g->surf) {
		SDL_LockSurface(g->surf);
		for (int y = 0; y < g->h; y++)
			memcpy(px + (size_t)y * (size_t)g->w,
			       (const char *)g->surf->pixels + (size_t)y * (size_t)g->surf->pitch,
			       (size_t)g->w * 4);
		SDL_UnlockSurface(g->surf);
		return px;
	}
	if (SDL_RenderReadPixels(g->ren, NULL, SDL_PIXELFORMAT_ARGB8888, px, g->w * 4)) {
		free(px);
		return NULL;
	}
	return px;
}

/* ---- drawing primitives -------------------------------------------------- */

static void fill_rect(struct gui *g, int x, int y, int w, int h, uint32_t rgb, uint8_t a)
{
	SDL_Rect r = { x, y, w, h };

	/* opaque fills skip the (software) blender: most of the picture is opaque */
	SDL_SetRenderDrawBlendMode(g->ren, a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(g->ren, (uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb, a);
	SDL_RenderFillRect(g->ren, &r);
}

static void frame_rect(struct gui *g, int x, int y, int w, int h, int t, uint32_t rgb)
{
	fill_rect(g, x, y, w, t, rgb, 255);
	fill_rect(g, x, y + h - t, w, t, rgb, 255);
	fill_rect(g, x, y, t, h, rgb, 255);
	fill_rect(g, x + w - t, y, t, h, rgb, 255);
}

static uint64_t text_key(int font, uint32_t rgb, int wrap, const char *s)
{
	uint64_t h = 1469598103934665603ull;

	h = (h ^ (uint64_t)font) * 1099511628211ull;
	h = (h ^ rgb) * 1099511628211ull;
	h = (h ^ (uint64_t)(unsigned)wrap) * 1099511628211ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h ? h : 1;
}

static struct gui_text *text_get(struct gui *g, int font, uint32_t rgb, const char *s, int wrap)
{
	uint64_t key = text_key(font, rgb, wrap, s);
	uint32_t i = (uint32_t)(key % GUI_TEXT_CACHE);
	SDL_Color c = { (uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb, 255 };
	SDL_Surface *surf;
	struct gui_text *t;

	for (uint32_t k = 0; k < GUI_TEXT_CACHE; k++) {
		t = &g->cache[(i + k) % GUI_TEXT_CACHE];
		if (t->key == key)
			return t;
		if (!t->key)
			break;
	}
	if (g->ncache > GUI_TEXT_CACHE * 3 / 4)
		cache_clear(g);
	for (t = &g->cache[i]; t->key; t = &g->cache[(++i) % GUI_TEXT_CACHE])
		;
	surf = wrap > 0 ? TTF_RenderUTF8_Blended_Wrapped(g->font[font], s, c, (Uint32)wrap)
			: TTF_RenderUTF8_Blended(g->font[font], s, c);
	if (!surf)
		return NULL;
	t->tex = SDL_CreateTextureFromSurface(g->ren, surf);
	t->w = surf->w;
	t->h = surf->h;
	SDL_FreeSurface(surf);
	if (!t->tex)
		return NULL;
	t->key = key;
	g->ncache++;
	return t;
}

enum { AL_LEFT, AL_CENTRE, AL_RIGHT };

/* Draw @s with its top at @y; returns its width. */
static int text(struct gui *g, int font, uint32_t rgb, int x, int y, int align, const char *s)
{
	struct gui_text *t;
	SDL_Rect r;

	if (!*s || !(t = text_get(g, font, rgb, s, 0)))
		return 0;
	r = (SDL_Rect){ align == AL_LEFT ? x : align == AL_CENTRE ? x - t->w / 2 : x - t->w, y,
			t->w, t->h };
	SDL_RenderCopy(g->ren, t->tex, NULL, &r);
	return t->w;
}

static int text_w(struct gui *g, int font, const char *s)
{
	int w = 0, h;

	if (TTF_SizeUTF8(g->font[font], s, &w, &h))
		return 0;
	return w;
}

/* Draw @s cut to @maxw pixels with an ellipsis. */
static int text_fit(struct gui *g, int font, uint32_t rgb, int x, int y, int maxw, const char *s)
{
	char buf[512];
	size_t n;

	if (maxw <= 0)
		return 0;
	if (text_w(g, font, s) <= maxw)
		return text(g, font, rgb, x, y, AL_LEFT, s);
	snprintf(buf, sizeof(buf) - 4, "%s", s);
	n = strlen(buf);
	while (n > 0) {
		/* cut whole UTF-8 sequences */
		do
			n--;
		while (n > 0 && ((unsigned char)buf[n] & 0xc0) == 0x80);
		memcpy(buf + n, "\xe2\x80\xa6", 4);
		if (text_w(g, font, buf) <= maxw)
			break;
	}
	return n ? text(g, font, rgb, x, y, AL_LEFT, buf) : 0;
}

static int line_h(const struct gui *g, int font)
{
	return g->font_px[font] * 13 / 10;
}

/* Black or white, whichever reads better on @bg. */
static uint32_t ink_on(uint32_t bg)
{
	return view_contrast(bg, 0x000000) >= view_contrast(bg, 0xffffff) ? 0x0f1218 : 0xffffff;
}

/* ---- maps ---------------------------------------------------------------- */

static void paint_of(struct view_paint *p, struct view_run *r, const struct view_model *m,
		     const struct gui_view *gv)
{
	sim_ns w = gv->speed * 6 / 10;

	*p = (struct view_paint){
		.s = r->s, .m = m, .fx = r->fx.gone_at ? &r->fx : NULL,
		.now = r->t + gv->fx_extra, .window = w ? w : 1,
		.by = gv->mode == VIEW_MODE_OWNERS ? VIEW_BY_OWNER : VIEW_BY_STATE,
		.highlight = gv->zoom,
	};
}

/* Object names over runs of their cells, where a name fits. */
static void label_cells(struct gui *g, const struct view_grid *gr, const uint32_t *owner,
			struct view_run *r, const struct view_paint *p, bool swap)
{
	/* the body's bold size where cells are tall enough, else the small one */
	int font = gr->cell - gr->gap >= g->font_px[GF_BOLD] + 4 ? GF_BOLD : GF_SMALL;

	if (!gr->cell || gr->cell - gr->gap < g->font_px[font] + 4)
		return;
	for (int row = 0; row < gr->rows; row++) {
		uint64_t base = (uint64_t)row * (uint64_t)gr->cols;

		for (int c = 0; c < gr->cols && base + (uint64_t)c < gr->n;) {
			uint32_t ow = owner[base + (uint64_t)c];
			int c0 = c;

			while (c < gr->cols && base + (uint64_t)c < gr->n && owner[base + (uint64_t)c] == ow)
				c++;
			if (ow >= PG_OWNER_OTHER)
				continue;

			const char *name = sim_name(r->s, SIM_K_BO, ow);
			int wpx = (c - c0) * gr->cell - gr->gap;
			uint32_t bg = swap ? view_state_rgb(VS_SWAP)
					   : view_frame_rgb(p, base + (uint64_t)c0);

			if (p->by == VIEW_BY_OWNER)
				bg = view_owner_rgb(ow);
			if (text_w(g, font, name) + 6 > wpx)
				continue;
			text(g, font, ink_on(bg), gr->x + c0 * gr->cell + wpx / 2,
			     gr->y + row * gr->cell + (gr->cell - gr->gap - line_h(g, font)) / 2 + 1,
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

		fill_rect(g, x - 1, y - 1, w + 2, w + 2, view_ui_rgb(VC_BG), 200);
		fill_rect(g, x, y, w, w, c, 255);
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
	if (r.x < 0) { r.w += r.x; r.x = 0; }
	if (r.y < 0) { r.h += r.y; r.y = 0; }
	if (r.x + r.w > w) r.w = w - r.x;
	if (r.y + r.h > h) r.h = h - r.y;
	if (r.w < 0) r.w = 0;
	if (r.h < 0) r.h = 0;
	return r;
}

/* The RAM and swap maps of run @r inside @area; grids go to g->grid[gi]. */
/* "1 cell = 4 KiB, 1 row = 128 KiB": the map's scale, for a room. */
static void scale_text(uint64_t per_cell, uint64_t per_row, uint32_t page_size, char *buf,
		       size_t len)
{
	char c[32], r[32];

	units_format_size(per_cell * page_size, c, sizeof(c));
	units_format_size(per_row * page_size, r, sizeof(r));
	snprintf(buf, len, "1 %s = %s, 1 row = %s", per_cell == 1 ? "cell" : "pixel", c, r);
}

static void draw_maps(struct gui *g, struct view_run *r, struct view_model *m, int gi,
		      struct view_rect area, struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	struct sim *s = r->s;
	struct view_paint p;
	int lh = line_h(g, GF_BOLD), x;
	char buf[300], a[32], b[32], c[32], sc[120];
	uint64_t nslots = s->cfg.swap_pages;
	int ram_h = area.h - 2 * lh - l->pad;

	paint_of(&p, r, m, gv);
	if (nslots) {
		double share = (double)s->cfg.ram_pages / (double)(s->cfg.ram_pages + nslots);

		share = share < 0.55 ? 0.55 : share > 0.78 ? 0.78 : share;
		ram_h = (int)(ram_h * share);
	}
	struct view_rect ram = { area.x, area.y + lh, area.w, ram_h };
	struct view_rect swp = { area.x, ram.y + ram.h + l->pad + lh, area.w,
				 area.y + area.h - (ram.y + ram.h + l->pad + lh) };

	ram = clip(ram, g->w, g->h);
	swp = clip(swp, g->w, g->h);
	view_grid_fit(&g->grid[gi][0], ram.x, ram.y, ram.w, ram.h, s->cfg.ram_pages);
	view_grid_fit(&g->grid[gi][1], swp.x, swp.y, swp.w, nslots ? swp.h : 0, nslots);

	/* labels */
	x = text(g, GF_BOLD, view_ui_rgb(VC_TEXT), area.x, area.y, AL_LEFT, "RAM");
	view_format_count(s->cfg.ram_pages, a, sizeof(a));
	view_format_count(s->cfg.ram_pages - m->count[VS_FREE], b, sizeof(b));
	view_format_count(m->count[VS_FREE], c, sizeof(c));
	scale_text(g->grid[gi][0].cell ? 1 : g->grid[gi][0].per,
		   (uint64_t)g->grid[gi][0].cols * (g->grid[gi][0].cell ? 1 : g->grid[gi][0].per),
		   s->cfg.page_size, sc, sizeof(sc));
	snprintf(buf, sizeof(buf), "%s frames   %s used   %s free   %s", a, b, c, sc);
	text_fit(g, GF_BODY, view_ui_rgb(VC_DIM), area.x + x + l->pad, area.y,
		 area.w - x - l->pad, buf);
	if (nslots) {
		x = text(g, GF_BOLD, view_ui_rgb(VC_TEXT), area.x, swp.y - lh, AL_LEFT, "Swap");
		view_format_count(nslots, a, sizeof(a));
		view_format_count(m->count[VS_SWAP], b, sizeof(b));
		snprintf(buf, sizeof(buf), "%s slots   %s used", a, b);
		text_fit(g, GF_BODY, view_ui_rgb(VC_DIM), area.x + x + l->pad, swp.y - lh,
			 area.w - x - l->pad, buf);
	}

	clear_px(g, &ram, view_ui_rgb(VC_BG));
	view_raster_frames(&p, &g->grid[gi][0], g->map_px, g->w);
	map_upload(g, &ram);
	label_cells(g, &g->grid[gi][0], pg_frame_owners(s), r, &p, false);
	if (nslots) {
		clear_px(g, &swp, view_ui_rgb(VC_BG));
		view_raster_slots(&p, &g->grid[gi][1], g->map_px, g->w);
		map_upload(g, &swp);
		label_cells(g, &g->grid[gi][1], pg_slot_owners(s), r, &p, true);
		draw_movers(g, r, &p, &g->grid[gi][0], &g->grid[gi][1]);
	}
	/* the cell under the mouse */
	for (int k = 0; k < 2; k++) {
		const struct view_grid *gr = &g->grid[gi][k];
		uint64_t i = view_grid_hit(gr, gv->mouse_x, gv->mouse_y);
		int cx, cy, cw, ch;

		if (i != UINT64_MAX && gr->cell >= 4 && view_grid_cell_rect(gr, i, &cx, &cy, &cw, &ch))
			frame_rect(g, cx - 1, cy - 1, cw + 2, ch + 2, 2, view_ui_rgb(VC_TEXT));
	}
}

/* ---- objects view -------------------------------------------------------- */

static const char *madv_name(int m)
{
	return m < 0 ? "purged" : m > 0 ? "dontneed" : "willneed";
}

static void obj_counts(const struct shm_object *o, char *buf, size_t len)
{
	snprintf(buf, len, "use %d  pin %d  vmap %d  %s%s%s", o->pages_use_count,
		 o->pages_pin_count, o->vmap_use_count, madv_name(o->madv),
		 o->evicted ? "  evicted" : "", o->resv_held ? "  locked" : "");
}

/* A strip of @o's pages: each pixel column shows the page at its start. */
static void page_strip(struct gui *g, struct sim *s, uint32_t bo, const struct shm_object *o,
		       int x, int y, int w, int h, const struct view_paint *p)
{
	uint64_t n = o->npages;
	int cell = n ? (int)(w / (int64_t)n) : 0;
	enum view_state cls = view_object_state(s, bo);

	if (cell > h)
		cell = h;
	for (int i = 0; i < w; i++) {
		uint64_t pg;
		int cx = x + i, cw = 1;
		enum view_state st;

		if (cell >= 1) {
			if ((uint64_t)i >= n)
				break;
			pg = (uint64_t)i;
			cx = x + i * cell;
			cw = cell > 3 ? cell - 1 : cell;
		} else {
			pg = (uint64_t)i * n / (uint64_t)w;
		}
		st = cls == VS_FREE || cls == VS_PURGED || cls == VS_SWAP ? cls
			: view_page_state(s, bo, pg);
		if (cls == VS_FREE)
			st = VS_FREE;
		uint32_t c = view_state_rgb(st);

		if (st == VS_PURGED) {
			frame_rect(g, cx, y, cw, h, 1, c);
		} else {
			if (st != VS_FREE && st != VS_SWAP && o->pages && pg < n &&
			    o->pages[pg] != PG_OWNER_FREE && o->pages[pg] < s->cfg.ram_pages)
				c = view_frame_rgb(p, o->pages[pg]);
			fill_rect(g, cx, y, cw, h, c, 255);
		}
	}
}

static void draw_objects(struct gui *g, struct view_run *r, struct view_model *m,
			 struct view_rect area, struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	struct sim *s = r->s;
	struct view_paint p;
	int lh = line_h(g, GF_BODY), row_h = lh * 2 + l->pad, y = area.y, name_w = l->font * 7;
	uint32_t n = shm_slot_count(s);
	int shown = 0, skip = gv->scroll;
	char buf[200];

	paint_of(&p, r, m, gv);
	g->obj_rows = area;
	g->row_h = row_h;
	if (gv->zoom != SIM_NONE) {
		const struct shm_object *o = shm_get(s, gv->zoom);
		struct view_grid gr;

		text(g, GF_BIG, view_ui_rgb(VC_TEXT), area.x, y, AL_LEFT,
		     sim_name(s, SIM_K_BO, gv->zoom));
		y += line_h(g, GF_BIG);
		if (!o) {
			text(g, GF_BODY, view_ui_rgb(VC_DIM), area.x, y, AL_LEFT,
			     "does not exist at this time (not created yet, or freed)");
			return;
		}
		obj_counts(o, buf, sizeof(buf));
		text(g, GF_BODY, view_ui_rgb(VC_TEXT), area.x, y, AL_LEFT, buf);
		y += lh;
		snprintf(buf, sizeof(buf), "%" PRIu64 " pages   %" PRIu64 " resident   %" PRIu64
			 " in swap   %s%s", o->npages, shm_resident_pages(o), shm_swapped_pages(o),
			 o->sgt ? "sgt   " : "", o->nr_fences ? "busy (fences)" : "");
		text(g, GF_BODY, view_ui_rgb(VC_DIM), area.x, y, AL_LEFT, buf);
		y += lh + l->pad;
		view_grid_fit(&gr, area.x, y, area.w, area.y + area.h - y, o->npages);
		for (uint64_t i = 0; i < o->npages && gr.cell; i++) {
			int cx, cy, cw, ch;
			enum view_state st = view_page_state(s, gv->zoom, i);
			uint32_t c = view_state_rgb(st);

			view_grid_cell_rect(&gr, i, &cx, &cy, &cw, &ch);
			if (st != VS_SWAP && st != VS_FREE && st != VS_PURGED &&
			    o->pages[i] < s->cfg.ram_pages)
				c = view_frame_rgb(&p, o->pages[i]);
			if (st == VS_PURGED)
				frame_rect(g, cx, cy, cw, ch, 2, c);
			else
				fill_rect(g, cx, cy, cw, ch, c, 255);
			if (ch >= l->font_small * 2) {
				snprintf(buf, sizeof(buf), "%" PRIu64, i);
				text(g, GF_SMALL, ink_on(c), cx + 4, cy + 2, AL_LEFT, buf);
			}
		}
		if (!gr.cell)
			page_strip(g, s, gv->zoom, o, area.x, y, area.w, area.h / 3, &p);
		return;
	}
	for (uint32_t bo = 0; bo < n && y + row_h <= area.y + area.h; bo++) {
		const struct shm_object *o = shm_get(s, bo);

		if (!o)
			continue;
		if (skip-- > 0)
			continue;
		shown++;
		if (r->fx.scan_at && bo < r->fx.nobjs) {
			sim_ns at = r->fx.scan_at[bo];

			if (at && at - 1 <= p.now && p.now - (at - 1) < p.window)
				frame_rect(g, area.x - 3, y - 3, area.w + 6, row_h - l->pad + 6, 2,
					   view_ui_rgb(VC_SCAN));
		}
		text_fit(g, GF_BOLD, view_ui_rgb(VC_TEXT), area.x, y, name_w - l->pad,
			 sim_name(s, SIM_K_BO, bo));
		obj_counts(o, buf, sizeof(buf));
		text_fit(g, GF_BODY, view_ui_rgb(VC_DIM), area.x + name_w, y, area.w - name_w, buf);
		page_strip(g, s, bo, o, area.x + name_w, y + lh, area.w - name_w,
			   lh - l->pad / 2, &p);
		snprintf(buf, sizeof(buf), "%" PRIu64 " pg", o->npages);
		text(g, GF_SMALL, view_ui_rgb(VC_DIM), area.x, y + lh, AL_LEFT, buf);
		y += row_h;
	}
	if (!shown)
		text(g, GF_BODY, view_ui_rgb(VC_DIM), area.x, y, AL_LEFT,
		     gv->scroll ? "(scrolled past the last object)" : "no objects yet");
}

/* ---- side panel ---------------------------------------------------------- */

static void sparkline(struct gui *g, const struct view_run *r, int which, int x, int y, int w,
		      int h, uint32_t rgb)
{
	uint32_t n = r->nsampled;
	double vmax = 1, bucket_s = (double)r->bucket / 1e9;
	SDL_Point pts[VIEW_SAMPLES];

	fill_rect(g, x, y, w, h, view_ui_rgb(VC_BG), 255);
	if (n < 2)
		return;
	double val[VIEW_SAMPLES];

	for (uint32_t i = 0; i < n; i++) {
		const struct view_sample *a = &r->samples[i], *b = i ? &r->samples[i - 1] : a;

		switch (which) {
		case 0: val[i] = (double)a->free_frames; break;
		case 1: val[i] = (double)a->swap_used; break;
		case 2: val[i] = (double)(a->evicted - b->evicted) / bucket_s; break;
		default: val[i] = (double)(a->faults - b->faults) / bucket_s; break;
		}
		if (val[i] > vmax)
			vmax = val[i];
	}
	if (which == 0)
		vmax = (double)r->s->cfg.ram_pages;
	if (which == 1 && r->s->cfg.swap_pages)
		vmax = (double)r->s->cfg.swap_pages;
	/* the whole run spans the width: the line grows as time passes */
	for (uint32_t i = 0; i < n; i++) {
		pts[i].x = x + (int)((int64_t)i * (w - 1) / (VIEW_SAMPLES - 1));
		pts[i].y = y + h - 1 - (int)(val[i] / vmax * (h - 2));
	}
	SDL_SetRenderDrawColor(g->ren, (uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb, 255);
	SDL_RenderDrawLines(g->ren, pts, (int)n);
	for (uint32_t i = 0; i < n; i++)
		pts[i].y--;
	SDL_RenderDrawLines(g->ren, pts, (int)n);
}

/*
 * The highest per-bucket rate over the last tenth of the run drawn so far:
 * the rate of the last bucket alone is zero most of the time (events are
 * bursts), so a room would rarely see anything but "0/s".
 */
static uint64_t recent_rate(const struct view_run *r, bool faults)
{
	double bucket_s = (double)r->bucket / 1e9, best = 0;
	uint32_t n = r->nsampled, from = n > VIEW_SAMPLES / 10 ? n - VIEW_SAMPLES / 10 : 1;

	for (uint32_t i = from; i < n; i++) {
		const struct view_sample *a = &r->samples[i], *b = &r->samples[i - 1];
		double v = (double)(faults ? a->faults - b->faults : a->evicted - b->evicted) /
			   bucket_s;

		if (v > best)
			best = v;
	}
	return (uint64_t)best;
}

static void draw_counters(struct gui *g, const struct view_run *r, int x, int *y, int w)
{
	const struct view_layout *l = &g->lay;
	int lh = line_h(g, GF_BODY), sh = l->font * 3 / 2;
	struct sim *s = r->s;
	char v[4][80], a[32], b[32];
	static const char *const names[4] = { "free frames", "swap used", "evicted + purged",
					      "faults" };
	static const uint32_t col[4] = { 0x56b4e9, 0xd55e00, 0xe69f00, 0xffffff };

	view_format_count(pg_free_frames(s), v[0], sizeof(v[0]));
	view_format_count(s->cfg.swap_pages - pg_free_slots(s), v[1], sizeof(v[1]));
	/* totals, which only grow, and the recent peak rate, which moves */
	view_format_count(s->stats.pages_evicted + s->stats.pages_purged, a, sizeof(a));
	view_format_count(recent_rate(r, false), b, sizeof(b));
	snprintf(v[2], sizeof(v[2]), "%s  (%s/s)", a, b);
	view_format_count(s->stats.cpu_faults + s->stats.gpu_faults, a, sizeof(a));
	view_format_count(recent_rate(r, true), b, sizeof(b));
	snprintf(v[3], sizeof(v[3]), "%s  (%s/s)", a, b);
	for (int i = 0; i < 4; i++) {
		text(g, GF_BODY, view_ui_rgb(VC_DIM), x, *y, AL_LEFT, names[i]);
		text(g, GF_BOLD, view_ui_rgb(VC_TEXT), x + w, *y, AL_RIGHT, v[i]);
		*y += lh;
		sparkline(g, r, i, x, *y, w, sh, col[i]);
		*y += sh + l->pad / 2;
	}
}

static void draw_vms(struct gui *g, const struct view_run *r, int x, int *y, int w)
{
	const struct scenario *sc = r->sc;
	int lh = line_h(g, GF_BODY), ls = line_h(g, GF_SMALL);
	uint64_t ram = r->s->cfg.ram_pages ? r->s->cfg.ram_pages : 1;
	char buf[160], a[32], b[32];

	text(g, GF_BOLD, view_ui_rgb(VC_TEXT), x, *y, AL_LEFT, "GPU VMs");
	*y += lh;
	if (!sc->nnames[SIM_K_VM] || !r->s->gpu) {
		text(g, GF_SMALL, view_ui_rgb(VC_DIM), x, *y, AL_LEFT, "none in this scenario");
		*y += lh;
		return;
	}
	for (uint32_t i = 0; i < sc->nnames[SIM_K_VM] && i < 4; i++) {
		uint64_t mapped = gpu_vm_mapped_pages(r->s, i);
		struct mmu *m = gpu_vm_mmu(r->s, i);
		int bw = w * 45 / 100, bx = x + w - bw;

		text_fit(g, GF_BODY, view_ui_rgb(VC_TEXT), x, *y, w - bw - g->lay.pad,
			 scenario_name(sc, SIM_K_VM, i));
		/* the bar: translatable pages against all of RAM */
		fill_rect(g, bx, *y + lh / 4, bw, lh / 2, view_ui_rgb(VC_BG), 255);
		fill_rect(g, bx, *y + lh / 4, (int)((double)bw * (double)(mapped > ram ? ram : mapped) /
						     (double)ram), lh / 2, view_state_rgb(VS_GPU), 255);
		*y += lh;
		view_format_count(mapped, a, sizeof(a));
		view_format_count(m ? mmu_table_pages(m) : 0, b, sizeof(b));
		snprintf(buf, sizeof(buf), "%s pages mapped   %s page-table pages%s", a, b,
			 gpu_vm_active(r->s, i) ? "   active" : "");
		text_fit(g, GF_SMALL, view_ui_rgb(VC_DIM), x, *y, w, buf);
		*y += ls;
	}
	if (sc->nnames[SIM_K_VM] > 4) {
		snprintf(buf, sizeof(buf), "and %u more", sc->nnames[SIM_K_VM] - 4);
		text(g, GF_SMALL, view_ui_rgb(VC_DIM), x, *y, AL_LEFT, buf);
		*y += ls;
	}
}

static void draw_legend(struct gui *g, int x, int *y, int w)
{
	int lh = line_h(g, GF_SMALL), sw = g->font_px[GF_SMALL], col_w = w / 2;
	static const enum view_state order[] = {
		VS_FREE, VS_OTHER, VS_RESIDENT, VS_GPU, VS_MMAPPED,
		VS_DONTNEED, VS_PINNED, VS_VMAPPED, VS_SWAP, VS_PURGED,
	};

	text(g, GF_BOLD, view_ui_rgb(VC_TEXT), x, *y, AL_LEFT, "Legend");
	*y += line_h(g, GF_BODY);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		int cx = x + (int)(i % 2) * col_w, cy = *y + (int)(i / 2) * lh;
		uint32_t c = view_state_rgb(order[i]);

		if (order[i] == VS_PURGED)
			frame_rect(g, cx, cy + 2, sw, sw, 2, c);
		else
			fill_rect(g, cx, cy + 2, sw, sw, c, 255);
		text_fit(g, GF_SMALL, view_ui_rgb(VC_TEXT), cx + sw + sw / 2, cy, col_w - sw * 2,
			 view_state_name(order[i]));
	}
	*y += (int)((sizeof(order) / sizeof(order[0]) + 1) / 2) * lh;
	frame_rect(g, x, *y + 2, sw, sw, 2, view_ui_rgb(VC_FLASH));
	text(g, GF_SMALL, view_ui_rgb(VC_TEXT), x + sw + sw / 2, *y, AL_LEFT, "fault, swap-in");
	frame_rect(g, x + col_w, *y + 2, sw, sw, 2, view_ui_rgb(VC_SCAN));
	text(g, GF_SMALL, view_ui_rgb(VC_TEXT), x + col_w + sw + sw / 2, *y, AL_LEFT,
	     "shrinker visit");
	*y += lh;
}

/*
 * The owners view colours pages by object: its legend names the objects
 * with the most frames, in their colours, instead of the states.
 */
static void draw_owner_legend(struct gui *g, const struct view_run *r, int x, int *y, int w,
			      int rows)
{
	int lh = line_h(g, GF_SMALL), sw = g->font_px[GF_SMALL], col_w = w / 2, shown = 0;
	uint32_t n = shm_slot_count(r->s), best[16];
	uint64_t pages[16];
	int nbest = 0, max = rows * 2 - 2 < 16 ? rows * 2 - 2 : 16;
	char buf[120], cnt[32];

	text(g, GF_BOLD, view_ui_rgb(VC_TEXT), x, *y, AL_LEFT, "Owners (most frames)");
	*y += line_h(g, GF_BODY);
	/* the objects with the most resident pages, largest first */
	for (uint32_t b = 0; b < n && max > 0; b++) {
		const struct shm_object *o = shm_get(r->s, b);
		uint64_t res = 0;
		int k;

		if (!o || !o->pages || o->evicted)
			continue;
		for (uint64_t i = 0; i < o->npages; i++)
			res += o->pages[i] != PG_OWNER_FREE;
		if (!res)
			continue;
		for (k = nbest; k > 0 && pages[k - 1] < res; k--)
			if (k < max) {
				pages[k] = pages[k - 1];
				best[k] = best[k - 1];
			}
		if (k < max) {
			pages[k] = res;
			best[k] = b;
			if (nbest < max)
				nbest++;
		}
	}
	for (int i = 0; i < nbest; i++, shown++) {
		int cx = x + (shown % 2) * col_w, cy = *y + (shown / 2) * lh;

		view_format_count(pages[i], cnt, sizeof(cnt));
		snprintf(buf, sizeof(buf), "%s %s", sim_name(r->s, SIM_K_BO, best[i]), cnt);
		fill_rect(g, cx, cy + 2, sw, sw, view_owner_rgb(best[i]), 255);
		text_fit(g, GF_SMALL, view_ui_rgb(VC_TEXT), cx + sw + sw / 2, cy, col_w - sw * 2, buf);
	}
	for (int k = 0; k < 2; k++, shown++) {
		int cx = x + (shown % 2) * col_w, cy = *y + (shown / 2) * lh;
		enum view_state st = k ? VS_OTHER : VS_FREE;

		fill_rect(g, cx, cy + 2, sw, sw, view_state_rgb(st), 255);
		text_fit(g, GF_SMALL, view_ui_rgb(VC_TEXT), cx + sw + sw / 2, cy, col_w - sw * 2,
			 view_state_name(st));
	}
	*y += (shown + 1) / 2 * lh;
}

static void draw_side(struct gui *g, struct view_run *a, struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	struct view_rect sd = l->side;
	int x = sd.x + l->pad, w = sd.w - 2 * l->pad, y = sd.y + l->pad;

	fill_rect(g, sd.x, sd.y, sd.w, sd.h, view_ui_rgb(VC_PANEL), 255);
	if (gv->b) {
		text(g, GF_BOLD, view_ui_rgb(VC_TEXT), x, y, AL_LEFT, "A");
		y += line_h(g, GF_BODY);
		draw_counters(g, a, x, &y, w);
		text(g, GF_BOLD, view_ui_rgb(VC_TEXT), x, y, AL_LEFT, "B");
		y += line_h(g, GF_BODY);
		draw_counters(g, gv->b, x, &y, w);
	} else {
		draw_counters(g, a, x, &y, w);
		y += l->pad;
		draw_vms(g, a, x, &y, w);
	}
	y += l->pad;
	int need = line_h(g, GF_BODY) + 6 * line_h(g, GF_SMALL);

	if (y + need > sd.y + sd.h)
		y = sd.y + sd.h - need;
	if (gv->mode == VIEW_MODE_OWNERS)
		draw_owner_legend(g, a, x, &y, w,
				  (sd.y + sd.h - y - line_h(g, GF_BODY)) / line_h(g, GF_SMALL));
	else
		draw_legend(g, x, &y, w);
}

/* ---- log, top bar, timeline ---------------------------------------------- */

static uint32_t log_rgb(enum view_log_kind k)
{
	switch (k) {
	case VIEW_LOG_ERROR: return view_ui_rgb(VC_ERR);
	case VIEW_LOG_INTERNAL: return view_ui_rgb(VC_DIM);
	case VIEW_LOG_WARNING: return view_ui_rgb(VC_WARN);
	case VIEW_LOG_VIOLATION: return 0xff5a6e;
	case VIEW_LOG_CAPTION: return view_ui_rgb(VC_ACCENT);
	case VIEW_LOG_EVENT: break;
	}
	return view_ui_rgb(VC_TEXT);
}

static void draw_log(struct gui *g, const struct view_run *r, struct view_rect area)
{
	int lh = line_h(g, GF_BODY), n = area.h / lh, tw = g->lay.font * 5;
	char t[32];

	fill_rect(g, area.x, area.y, area.w, area.h, view_ui_rgb(VC_PANEL), 255);
	for (int i = 0; i < n; i++) {
		const struct view_log_line *ln = view_run_log_line(r, (uint64_t)(n - 1 - i));
		int y = area.y + i * lh + 2;

		if (!ln)
			continue;
		view_format_time(ln->at, t, sizeof(t));
		text(g, GF_BODY, view_ui_rgb(VC_DIM), area.x + tw - g->lay.pad, y, AL_RIGHT, t);
		text_fit(g, GF_BODY, log_rgb((enum view_log_kind)ln->kind), area.x + tw, y,
			 area.w - tw - g->lay.pad, ln->text);
	}
}

static const char *view_mode_title(enum view_mode m)
{
	switch (m) {
	case VIEW_MODE_OWNERS: return "view: pages by owner";
	case VIEW_MODE_OBJECTS: return "view: objects";
	default: return "view: pages by state";
	}
}

static void draw_top(struct gui *g, struct view_run *a, struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	int y = (l->top.h - line_h(g, GF_BIG)) / 2, x = l->pad, rx;
	char buf[256], t[32], sp[32];
	struct sim *s = a->s;

	fill_rect(g, 0, 0, l->w, l->top.h, view_ui_rgb(VC_PANEL), 255);
	view_format_time(a->t, t, sizeof(t));
	view_format_time(gv->speed, sp, sizeof(sp));
	snprintf(buf, sizeof(buf), "%s  %s/s", gv->playing ? "\xe2\x96\xb6 playing" : "paused", sp);
	rx = l->w - l->pad;
	rx -= text(g, GF_BODY, view_ui_rgb(VC_DIM), rx, y + (line_h(g, GF_BIG) - line_h(g, GF_BODY)) / 2,
		   AL_RIGHT, buf) + l->pad * 2;
	snprintf(buf, sizeof(buf), "t = %s", t);
	rx -= text(g, GF_BIG, view_ui_rgb(VC_TEXT), rx, y, AL_RIGHT, buf) + l->pad * 2;
	/* the view is named: a room cannot see which key was pressed */
	rx -= text(g, GF_BOLD, view_ui_rgb(VC_ACCENT), rx,
		   y + (line_h(g, GF_BIG) - line_h(g, GF_BODY)) / 2, AL_RIGHT,
		   view_mode_title(gv->mode)) + l->pad * 2;
	if (s->violations || s->warnings) {
		snprintf(buf, sizeof(buf), "%" PRIu64 " violation%s  %" PRIu64 " warning%s",
			 s->violations, s->violations == 1 ? "" : "s", s->warnings,
			 s->warnings == 1 ? "" : "s");
		rx -= text(g, GF_BOLD, s->violations ? 0xff5a6e : view_ui_rgb(VC_WARN), rx,
			   y + (line_h(g, GF_BIG) - line_h(g, GF_BODY)) / 2, AL_RIGHT, buf) + l->pad * 2;
	}
	x += text(g, GF_BIG, view_ui_rgb(VC_TEXT), x, y, AL_LEFT, a->sc->name) + l->pad * 2;
	/* the kernel modelled: the same scenario answers differently under each */
	snprintf(buf, sizeof(buf), "kernel %s", sim_kernel_names[s->cfg.kernel]);
	x += text(g, GF_BOLD, view_ui_rgb(VC_ACCENT), x,
		  y + (line_h(g, GF_BIG) - line_h(g, GF_BODY)) / 2, AL_LEFT, buf) + l->pad * 2;
	if (gv->status)
		snprintf(buf, sizeof(buf), "%s", gv->status);
	else if (gv->b)
		snprintf(buf, sizeof(buf), "compare: %s  vs  %s", gv->label_a, gv->label_b);
	else
		snprintf(buf, sizeof(buf), "%s", a->sc->description ? a->sc->description : "");
	text_fit(g, GF_BODY, view_ui_rgb(VC_DIM), x, y + (line_h(g, GF_BIG) - line_h(g, GF_BODY)) / 2,
		 rx - x, buf);
}

static int time_x(const struct view_rect *tl, sim_ns t, sim_ns end)
{
	if (!end)
		return tl->x;
	if (t > end)
		t = end;
	return tl->x + (int)((double)t / (double)end * (tl->w - 1));
}

static void draw_timeline(struct gui *g, struct view_run *a, struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	struct view_rect tl = l->timeline;
	sim_ns end = a->end ? a->end : 1;
	int bar_y = tl.y + tl.h / 2 - l->pad / 2, bar_h = l->pad, cx = time_x(&tl, a->t, end);
	char buf[32];

	fill_rect(g, tl.x, bar_y, tl.w, bar_h, view_ui_rgb(VC_PANEL), 255);
	fill_rect(g, tl.x, bar_y, cx - tl.x, bar_h, view_ui_rgb(VC_ACCENT), 255);
	for (uint32_t i = 0; i < a->sc->ncaptions; i++) {
		int x = time_x(&tl, a->sc->captions[i].at, end);

		fill_rect(g, x - 1, tl.y + 2, 3, tl.h / 2 - 2, view_ui_rgb(VC_TEXT), 255);
	}
	for (uint32_t i = 0; i < a->nviol_at; i++) {
		int x = time_x(&tl, a->viol_at[i], end);

		fill_rect(g, x - 2, bar_y - 2, 5, bar_h + tl.h / 3, view_ui_rgb(VC_BAD), 255);
	}
	if (gv->b && gv->diverge != SIM_NONE) {
		int x = time_x(&tl, gv->diverge_at, end);

		fill_rect(g, x - 2, tl.y, 5, tl.h, view_ui_rgb(VC_DIVERGE), 255);
	}
	fill_rect(g, cx - 2, tl.y, 5, tl.h, view_ui_rgb(VC_TEXT), 255);
	view_format_time(end, buf, sizeof(buf));
	text(g, GF_SMALL, view_ui_rgb(VC_DIM), tl.x + tl.w, tl.y + tl.h - line_h(g, GF_SMALL),
	     AL_RIGHT, buf);
	text(g, GF_SMALL, view_ui_rgb(VC_DIM), tl.x, tl.y + tl.h - line_h(g, GF_SMALL), AL_LEFT, "0");
}

sim_ns gui_timeline_time(const struct gui *g, const struct view_run *a, int x, int y,
			 bool dragging)
{
	const struct view_rect *tl = &g->lay.timeline;

	if (!dragging && (y < tl->y - 4 || y > tl->y + tl->h + 4 || x < tl->x - 4 ||
			  x > tl->x + tl->w + 4))
		return UINT64_MAX;
	if (x < tl->x)
		x = tl->x;
	if (x > tl->x + tl->w - 1)
		x = tl->x + tl->w - 1;
	return (sim_ns)((double)(x - tl->x) / (double)(tl->w > 1 ? tl->w - 1 : 1) *
			(double)(a->end ? a->end : 1));
}

/* ---- overlays ------------------------------------------------------------ */

static void draw_caption(struct gui *g, struct view_run *a, bool above_strip)
{
	const struct sim_caption *c = view_run_caption(a);
	const struct view_layout *l = &g->lay;
	struct gui_text *t;
	int wrap = l->main.w * 85 / 100;

	if (!c)
		return;
	t = text_get(g, GF_BIG, 0xffffff, c->text, wrap);
	if (!t)
		return;

	int x = l->main.x + (l->main.w - t->w) / 2;
	int top = g->banner.w && g->banner.y < l->log.y ? g->banner.y : l->log.y;
	int y = top - t->h - l->pad * 3 - (above_strip ? line_h(g, GF_BOLD) + l->pad * 2 : 0);
	SDL_Rect r = { x, y, t->w, t->h };

	fill_rect(g, x - l->pad * 2, y - l->pad, t->w + l->pad * 4, t->h + l->pad * 2, 0x000000, 215);
	frame_rect(g, x - l->pad * 2, y - l->pad, t->w + l->pad * 4, t->h + l->pad * 2, 2,
		   view_ui_rgb(VC_ACCENT));
	SDL_RenderCopy(g->ren, t->tex, NULL, &r);
}

static void draw_banner(struct gui *g, struct view_run *a, struct view_rect area)
{
	const struct view_layout *l = &g->lay;
	const struct sim_report *rp;
	struct gui_text *msg;
	char head[300], where[300], t[32];
	int lh = line_h(g, GF_BODY), h, tw = area.w - l->pad * 4;

	if (a->banner < 0 || (uint32_t)a->banner >= a->s->nr_reports)
		return;
	rp = &a->s->reports[a->banner];
	view_format_time(rp->at, t, sizeof(t));
	snprintf(head, sizeof(head), "VIOLATION of invariant %u at t = %s", rp->invariant, t);
	view_run_report_where(a, (uint32_t)a->banner, where, sizeof(where));
	/* the message wraps: what broke is the point of the banner */
	msg = text_get(g, GF_BOLD, 0xffffff, rp->msg, tw > 50 ? tw : 50);
	h = line_h(g, GF_BIG) + (msg ? msg->h : lh) + lh + 2 * l->pad;
	int hf = text_w(g, GF_BIG, head) <= tw ? GF_BIG : GF_BOLD;

	/* over the bottom of @area (the log), growing up when taller */
	area.y += area.h - h;

	if (!g->banner.w)
		g->banner = (struct view_rect){ area.x, area.y, area.w, h };
	fill_rect(g, area.x, area.y, area.w, h, view_ui_rgb(VC_BAD), 255);
	frame_rect(g, area.x, area.y, area.w, h, 3, 0xffffff);
	text_fit(g, hf, 0xffffff, area.x + l->pad * 2, area.y + l->pad, tw, head);
	if (msg) {
		SDL_Rect r = { area.x + l->pad * 2, area.y + l->pad + line_h(g, GF_BIG), msg->w, msg->h };

		SDL_RenderCopy(g->ren, msg->tex, NULL, &r);
	}
	text_fit(g, GF_BODY, 0xffffff, area.x + l->pad * 2,
		 area.y + l->pad + line_h(g, GF_BIG) + (msg ? msg->h : lh), tw, where);
}

static void draw_diverge(struct gui *g, struct view_run *a, struct gui_view *gv,
			 struct view_rect area)
{
	const struct view_layout *l = &g->lay;
	char buf[400], what[96], t[32];
	const struct sim_event *e;
	int lh = line_h(g, GF_BOLD);

	if (!gv->b || gv->diverge == SIM_NONE || a->t < gv->diverge_at)
		return;
	if (gv->diverge >= a->sc->nevents)
		return;
	e = &a->sc->events[gv->diverge];
	sim_describe_event(a->sc, gv->diverge, what, sizeof(what));
	view_format_time(e->at, t, sizeof(t));

	const char *ra = gv->diverge < a->nrec ? (a->rets[gv->diverge] >= 0 ? "ok" :
					      sim_strerror(a->rets[gv->diverge])) : "-";
	const char *rb = gv->diverge < gv->b->nrec ? (gv->b->rets[gv->diverge] >= 0 ? "ok" :
						   sim_strerror(gv->b->rets[gv->diverge])) : "-";

	snprintf(buf, sizeof(buf), "first divergence at t = %s: %s (%s:%u:%u)  A: %s  B: %s%s",
		 t, what, a->sc->file, e->line, e->col, ra, rb,
		 strcmp(ra, rb) ? "" : "  (residency differs)");
	fill_rect(g, area.x, area.y + area.h - lh - l->pad, area.w, lh + l->pad,
		  view_ui_rgb(VC_DIVERGE), 235);
	text_fit(g, GF_BOLD, 0x0f1218, area.x + l->pad, area.y + area.h - lh - l->pad / 2,
		 area.w - 2 * l->pad, buf);
}

static const char *const help_lines[][2] = {
	{ "space", "play / pause (also dismisses the violation banner)" },
	{ "n  or  \xe2\x86\x92", "step one event" },
	{ "+  /  -", "faster / slower (1-2-5 steps of simulated time per second)" },
	{ "click, drag timeline", "seek (back: from the last checkpoint behind the clock)" },
	{ "\xe2\x86\x90  /  Home", "seek back a tenth / to the start" },
	{ "r", "restart" },
	{ "v  or  Tab", "next view: frames by state, frames by owner, objects" },
	{ "click a cell or row", "zoom into that object (Esc or click again: back)" },
	{ "mouse wheel", "scroll the object rows" },
	{ "f", "fullscreen" },
	{ "s", "screenshot to gemsim-TIME.png" },
	{ "h  or  ?", "this help" },
	{ "q  or  Esc", "quit" },
};

static void draw_help(struct gui *g)
{
	const struct view_layout *l = &g->lay;
	int lh = line_h(g, GF_BODY), n = (int)(sizeof(help_lines) / sizeof(help_lines[0]));
	int w = l->w * 2 / 3, h = (n + 3) * lh + 2 * l->pad, x = (l->w - w) / 2, y = (l->h - h) / 2;

	fill_rect(g, x, y, w, h, 0x000000, 235);
	frame_rect(g, x, y, w, h, 2, view_ui_rgb(VC_ACCENT));
	text(g, GF_BIG, view_ui_rgb(VC_TEXT), x + l->pad * 2, y + l->pad, AL_LEFT, "Keys");
	for (int i = 0; i < n; i++) {
		int ty = y + l->pad + (i + 2) * lh;

		text(g, GF_BOLD, view_ui_rgb(VC_ACCENT), x + l->pad * 2, ty, AL_LEFT, help_lines[i][0]);
		text_fit(g, GF_BODY, view_ui_rgb(VC_TEXT), x + w / 3, ty, w * 2 / 3 - l->pad * 2,
			 help_lines[i][1]);
	}
}

/* ---- the picture --------------------------------------------------------- */

static void draw_pane(struct gui *g, struct view_run *r, struct view_model *m, int gi,
		      struct view_rect area, struct gui_view *gv)
{
	if (gv->mode == VIEW_MODE_OBJECTS)
		draw_objects(g, r, m, area, gv);
	else
		draw_maps(g, r, m, gi, area, gv);
}

int gui_draw(struct gui *g, struct view_run *a, struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;

	if (!g->model_a.fstate && view_model_init(&g->model_a, a->s))
		return -1;
	if (view_model_update(&g->model_a, a->s))
		return -1;
	if (gv->b) {
		if (!g->model_b.fstate && view_model_init(&g->model_b, gv->b->s))
			return -1;
		if (view_model_update(&g->model_b, gv->b->s))
			return -1;
	}
	memset(g->grid, 0, sizeof(g->grid));
	g->banner = (struct view_rect){ 0, 0, 0, 0 };
	fill_rect(g, 0, 0, g->w, g->h, view_ui_rgb(VC_BG), 255);
	draw_top(g, a, gv);
	if (gv->b) {
		struct view_rect m = l->main, pa = m, pb = m, la = l->log, lb = l->log;
		int lh = line_h(g, GF_BOLD);

		pa.w = pb.w = (m.w - l->pad * 2) / 2;
		pb.x = m.x + pa.w + l->pad * 2;
		pa.y = pb.y = m.y + lh;
		pa.h = pb.h = m.h - lh;
		text_fit(g, GF_BOLD, view_ui_rgb(VC_ACCENT), pa.x, m.y, pa.w, gv->label_a);
		text_fit(g, GF_BOLD, view_ui_rgb(VC_DIVERGE), pb.x, m.y, pb.w, gv->label_b);
		fill_rect(g, m.x + pa.w + l->pad - 1, m.y, 2, m.h, view_ui_rgb(VC_DIM), 255);
		draw_pane(g, a, &g->model_a, 0, pa, gv);
		draw_pane(g, gv->b, &g->model_b, 1, pb, gv);
		la.w = lb.w = (l->log.w - l->pad) / 2;
		lb.x = la.x + la.w + l->pad;
		draw_log(g, a, la);
		draw_log(g, gv->b, lb);
		draw_diverge(g, a, gv, m);
		/* each run's banner over its own log: the maps stay in sight */
		if (gv->banner) {
			draw_banner(g, a, la);
			draw_banner(g, gv->b, lb);
		}
	} else {
		draw_pane(g, a, &g->model_a, 0, l->main, gv);
		draw_log(g, a, l->log);
		if (gv->banner)
			draw_banner(g, a, l->log);
	}
	draw_side(g, a, gv);
	draw_timeline(g, a, gv);
	draw_caption(g, a, gv->b && gv->diverge != SIM_NONE && a->t >= gv->diverge_at);
	if (gv->help)
		draw_help(g);
	return 0;
}

/* ---- mouse --------------------------------------------------------------- */

/* Which run and which cell is under @x,@y: returns the object slot, fills *page. */
static uint32_t object_at(struct gui *g, struct view_run *a, struct gui_view *gv, int x, int y,
			  uint64_t *page, uint64_t *cell, int *kind, struct view_run **run)
{
	for (int gi = 0; gi < (gv->b ? 2 : 1); gi++) {
		struct view_run *r = gi ? gv->b : a;

		for (int k = 0; k < 2; k++) {
			uint64_t i = view_grid_hit(&g->grid[gi][k], x, y);
			const uint32_t *own;
			uint32_t bo;

			if (i == UINT64_MAX)
				continue;
			own = k ? pg_slot_owners(r->s) : pg_frame_owners(r->s);
			bo = own[i];
			*cell = i;
			*kind = k;
			*run = r;
			*page = UINT64_MAX;
			if (bo < PG_OWNER_OTHER) {
				const struct shm_object *o = shm_get(r->s, bo);

				/* the page index: a walk of one object's page array */
				for (uint64_t p = 0; o && o->pages && p < o->npages; p++)
					if (o->pages[p] == i && o->evicted == (k == 1)) {
						*page = p;
						break;
					}
			}
			return bo;
		}
	}
	*run = NULL;
	return SIM_NONE;
}

bool gui_hover_text(struct gui *g, struct view_run *a, struct gui_view *gv, char *buf, size_t len)
{
	uint64_t page, cell;
	int kind;
	struct view_run *r;
	uint32_t bo;

	if (gv->mode == VIEW_MODE_OBJECTS || gv->mouse_x < 0)
		return false;
	bo = object_at(g, a, gv, gv->mouse_x, gv->mouse_y, &page, &cell, &kind, &r);
	if (!r)
		return false;
	if (bo == PG_OWNER_FREE) {
		snprintf(buf, len, "%s %" PRIu64 ": free", kind ? "swap slot" : "frame", cell);
		return true;
	}
	if (bo == PG_OWNER_OTHER) {
		snprintf(buf, len, "frame %" PRIu64 ": taken by another consumer (pressure)", cell);
		return true;
	}

	const struct shm_object *o = shm_get(r->s, bo);
	char counts[120] = "";
	enum view_state st = kind ? VS_SWAP : (enum view_state)g->model_a.fstate[cell];

	if (r != a)
		st = kind ? VS_SWAP : (enum view_state)g->model_b.fstate[cell];
	if (o)
		obj_counts(o, counts, sizeof(counts));
	snprintf(buf, len, "%s page %" PRIu64 "  \xc2\xb7  %s %" PRIu64 "  \xc2\xb7  %s  \xc2\xb7  %s",
		 sim_name(r->s, SIM_K_BO, bo), page, kind ? "swap slot" : "frame", cell,
		 view_state_name(st), counts);
	return true;
}

void gui_draw_tooltip(struct gui *g, int mx, int my, const char *s)
{
	int pad = g->font_px[GF_BODY] / 2, w = text_w(g, GF_BODY, s) + 2 * pad;
	int h = g->font_px[GF_BODY] + 2 * pad, x = mx + 18, y = my + 22;

	/* keep it on the picture: flip left of / above the pointer at the edges */
	if (x + w > g->w)
		x = mx - 12 - w > 0 ? mx - 12 - w : 0;
	if (y + h > g->h)
		y = my - 12 - h > 0 ? my - 12 - h : 0;
	fill_rect(g, x, y, w, h, 0x0b0e14, 240);
	frame_rect(g, x, y, w, h, 2, 0x56b4e9);
	text(g, GF_BODY, 0xf4f6fa, x + pad, y + pad - 2, AL_LEFT, s);
}

uint32_t gui_click_object(struct gui *g, struct view_run *a, struct gui_view *gv, int x, int y)
{
	uint64_t page, cell;
	int kind;
	struct view_run *r;

	if (gv->mode == VIEW_MODE_OBJECTS) {
		uint32_t n = shm_slot_count(a->s);
		int row, skip;

		if (gv->zoom != SIM_NONE || g->row_h <= 0 || y < g->obj_rows.y ||
		    x < g->obj_rows.x || x > g->obj_rows.x + g->obj_rows.w)
			return SIM_NONE;
		row = (y - g->obj_rows.y) / g->row_h;
		skip = gv->scroll + row;
		for (uint32_t bo = 0; bo < n; bo++)
			if (shm_get(a->s, bo) && skip-- == 0)
				return bo;
		return SIM_NONE;
	}
	uint32_t bo = object_at(g, a, gv, x, y, &page, &cell, &kind, &r);

	return bo < PG_OWNER_OTHER ? bo : SIM_NONE;
}

bool gui_locate(struct gui *g, struct view_run *a, uint32_t bo, uint64_t page, int *x, int *y)
{
	const struct shm_object *o = shm_get(a->s, bo);
	int cx, cy, cw, ch;

	if (!o || !o->pages || page >= o->npages || o->pages[page] == PG_OWNER_FREE)
		return false;
	if (!view_grid_cell_rect(&g->grid[0][o->evicted ? 1 : 0], o->pages[page], &cx, &cy, &cw, &ch))
		return false;
	*x = cx + cw / 2;
	*y = cy + ch / 2;
	return true;
}
