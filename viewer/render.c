// SPDX-License-Identifier: MIT
/*
 * viewer/render.c - the frame of a picture: fonts, the window or headless
 * target, the drawing primitives (rectangles, a cache of rendered strings
 * so a picture costs a few hundred blits, not re-renders), gui_draw()
 * putting one picture together from viewer/render_map.c (maps, object rows)
 * and viewer/render_panel.c (side panel, log, top bar, timeline, overlays),
 * and what the mouse is over.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gem/pg.h"
#include "gem/shm.h"
#include "viewer/render.h"

/* ---- fonts --------------------------------------------------------------- */

static const char *const font_dirs[] = {
	"/usr/share/fonts/truetype/dejavu", /* Debian, Ubuntu: fonts-dejavu-core */
	"/usr/share/fonts/dejavu",          /* Fedora, Arch */
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
			fprintf(stderr, "gemsim-view: GEMSIM_FONT=%s: cannot read that file\n",
				env);
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
		snprintf(g->bold_path, sizeof(g->bold_path), "%s/DejaVuSans-Bold.ttf",
			 font_dirs[i]);
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
	fprintf(stderr,
		"gemsim-view: cannot find the DejaVu Sans font (DejaVuSans.ttf).\n"
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

int gui_open_fonts(struct gui *g)
{
	const struct view_layout *l = &g->lay;
	int px[GF_COUNT] = { [GF_BODY] = l->font,
			     [GF_BOLD] = l->font,
			     [GF_BIG] = l->font_big,
			     [GF_SMALL] = l->font_small,
			     [GF_LABEL] = l->font_label };

	cache_clear(g);
	for (int i = 0; i < GF_COUNT; i++) {
		const char *path = i == GF_BODY || i == GF_SMALL || i == GF_LABEL ? g->font_path :
										    g->bold_path;

		if (g->font[i] && g->font_px[i] == px[i])
			continue;
		if (g->font[i])
			TTF_CloseFont(g->font[i]);
		g->font[i] = TTF_OpenFont(path, px[i]);
		if (!g->font[i]) {
			fprintf(stderr, "gemsim-view: cannot open font %s: %s\n", path,
				TTF_GetError());
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
	/* fonts first; gui_layout() measures text with them before the first picture */
	view_layout_compute(&g->lay, w, h, g->font_scale, a->s->cfg.ram_pages, nslots, NULL);
	g->laid = false;
	if (gui_open_fonts(g))
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
	bool x11 = getenv("DISPLAY") && *getenv("DISPLAY");
	bool wl = getenv("WAYLAND_DISPLAY") && *getenv("WAYLAND_DISPLAY");

	/*
	 * No display at all: say so before SDL probes for one, since its
	 * Wayland probe prints "XDG_RUNTIME_DIR is invalid" noise of its own
	 * first.  With only X11, Wayland is not tried for the same reason.
	 */
	if (!asked && !x11 && !wl) {
		fprintf(stderr, "gemsim-view: no display to open a window on (DISPLAY and "
				"WAYLAND_DISPLAY are unset)\n"
				"For pictures without a display: gemsim view FILE --headless "
				"--screenshot OUT.png --at end\n");
		return -1;
	}
	if (!asked && !wl)
		SDL_SetHint(SDL_HINT_VIDEODRIVER, "x11");
	if (SDL_Init(SDL_INIT_VIDEO)) {
		fprintf(stderr,
			"gemsim-view: cannot open a display: %s\n"
			"(for pictures without a display use --headless)\n",
			SDL_GetError());
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
		fprintf(stderr,
			"gemsim-view: no display to open a window on (SDL found only its "
			"'%s' video driver; DISPLAY and WAYLAND_DISPLAY are %s)\n"
			"For pictures without a display: gemsim view FILE --headless "
			"--screenshot OUT.png --at end\n",
			drv,
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
	g->ren = SDL_CreateRenderer(g->win, -1,
				    SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
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
	free(g->box);
	free(g->box_text);
	view_model_fini(&g->model_a);
	view_model_fini(&g->model_b);
	free(g->lists_pic[0]);
	free(g->lists_pic[1]);
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

void gui_fill_rect(struct gui *g, int x, int y, int w, int h, uint32_t rgb, uint8_t a)
{
	SDL_Rect r = { x, y, w, h };

	/* opaque fills skip the (software) blender: most of the picture is opaque */
	SDL_SetRenderDrawBlendMode(g->ren, a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(g->ren, (uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb, a);
	SDL_RenderFillRect(g->ren, &r);
}

void gui_frame_rect(struct gui *g, int x, int y, int w, int h, int t, uint32_t rgb)
{
	gui_fill_rect(g, x, y, w, t, rgb, 255);
	gui_fill_rect(g, x, y + h - t, w, t, rgb, 255);
	gui_fill_rect(g, x, y, t, h, rgb, 255);
	gui_fill_rect(g, x + w - t, y, t, h, rgb, 255);
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

struct gui_text *gui_text_get(struct gui *g, int font, uint32_t rgb, const char *s, int wrap)
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
	surf = wrap > 0 ? TTF_RenderUTF8_Blended_Wrapped(g->font[font], s, c, (Uint32)wrap) :
			  TTF_RenderUTF8_Blended(g->font[font], s, c);
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

/* Draw @s (cached) with its top at @y, aligned at @x; record its box. */
static int print_box(struct gui *g, int font, uint32_t rgb, int x, int y, int align, const char *s,
		     const char *full)
{
	struct gui_text *t;
	SDL_Rect r;

	if (!*s || !(t = gui_text_get(g, font, rgb, s, 0)))
		return 0;
	r = (SDL_Rect){ align == AL_LEFT   ? x :
			align == AL_CENTRE ? x - t->w / 2 :
					     x - t->w,
			y, t->w, t->h };
	SDL_RenderCopy(g->ren, t->tex, NULL, &r);
	gui_box(g, "text", NULL, r.x, r.y, r.w, r.h, full, full != s);
	return t->w;
}

int gui_print(struct gui *g, int font, uint32_t rgb, int x, int y, int align, const char *s)
{
	return print_box(g, font, rgb, x, y, align, s, s);
}

int gui_text_w(struct gui *g, int font, const char *s)
{
	int w = 0, h;

	if (TTF_SizeUTF8(g->font[font], s, &w, &h))
		return 0;
	return w;
}

/* Draw @s cut to @maxw pixels with an ellipsis (the box says it was cut). */
int gui_text_fit(struct gui *g, int font, uint32_t rgb, int x, int y, int maxw, const char *s)
{
	char buf[512];
	size_t n;

	if (maxw <= 0)
		return 0;
	if (gui_text_w(g, font, s) <= maxw)
		return gui_print(g, font, rgb, x, y, AL_LEFT, s);
	snprintf(buf, sizeof(buf) - 4, "%s", s);
	n = strlen(buf);
	while (n > 0) {
		/* cut whole UTF-8 sequences */
		do
			n--;
		while (n > 0 && ((unsigned char)buf[n] & 0xc0) == 0x80);
		memcpy(buf + n, "\xe2\x80\xa6", 4);
		if (gui_text_w(g, font, buf) <= maxw)
			break;
	}
	if (!n) {
		gui_box(g, "text", NULL, x, y, 0, 0, s, true);
		return 0;
	}
	return print_box(g, font, rgb, x, y, AL_LEFT, buf, s);
}

int gui_text_h(struct gui *g, int font, const char *s, int wrap)
{
	struct gui_text *t = s && *s ? gui_text_get(g, font, 0xffffff, s, wrap) : NULL;

	return t ? t->h : 0;
}

int gui_line_h(const struct gui *g, int font)
{
	return g->font_px[font] * 13 / 10;
}

/* Black or white, whichever reads better on @bg. */
uint32_t gui_ink_on(uint32_t bg)
{
	return view_contrast(bg, 0x000000) >= view_contrast(bg, 0xffffff) ? 0x0f1218 : 0xffffff;
}

/* ---- the picture --------------------------------------------------------- */

static void draw_pane(struct gui *g, struct view_run *r, struct view_model *m, int gi,
		      struct view_rect area, struct gui_view *gv)
{
	if (gv->mode == VIEW_MODE_OBJECTS)
		gui_draw_objects(g, r, m, area, gv);
	else if (gv->mode == VIEW_MODE_HOLDERS)
		gui_draw_holders(g, r, m, gi, area, gv);
	else if (gv->mode == VIEW_MODE_LISTS)
		gui_draw_lists(g, r, gi, area, gv);
	else
		gui_draw_maps(g, r, m, gi, area, gv);
}

/* A pane's label ("A: policy.vmap_pins=false"): bold, or small when bold would not fit. */
static void pane_label(struct gui *g, int x, int y, int w, uint32_t rgb, const char *s)
{
	int font = gui_text_w(g, GF_BOLD, s) <= w ? GF_BOLD : GF_SMALL;

	gui_text_fit(g, font, rgb, x, y, w, s);
}

/* Compare mode: the divergence strip, the headline, A's and B's panes and logs. */
static void draw_compare(struct gui *g, struct view_run *a, struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	struct view_rect m = l->main, pa, pb, la = l->log, lb = l->log;
	int lh = gui_line_h(g, GF_BOLD);

	gui_draw_diverge(g, a, gv);
	if (a->hl.name) {
		/* the headline across the top, the panes below it */
		struct view_rect hr = { m.x, m.y, m.w, gui_headline_h(g) };

		gui_box_begin(g, "headline", "headline", hr.x, hr.y, hr.w, hr.h);
		gui_draw_headline(g, a, gv, hr);
		gui_box_end(g);
		m.y += hr.h + l->pad;
		m.h -= hr.h + l->pad;
	}
	pa = pb = m;
	if (gv->mode == VIEW_MODE_LISTS) {
		/* lists run head to tail across: one run above the other */
		pa.h = pb.h = (m.h - l->pad * 2) / 2;
		pb.y = m.y + pa.h + l->pad * 2;
		gui_fill_rect(g, m.x, pb.y - l->pad - 1, m.w, 2, view_ui_rgb(VC_DIM), 255);
	} else {
		pa.w = pb.w = (m.w - l->pad * 2) / 2;
		pb.x = m.x + pa.w + l->pad * 2;
		gui_fill_rect(g, m.x + pa.w + l->pad - 1, m.y, 2, m.h, view_ui_rgb(VC_DIM), 255);
	}
	for (int k = 0; k < 2; k++) {
		struct view_rect p = k ? pb : pa, in = p;

		in.y += lh;
		in.h -= lh;
		gui_box_begin(g, "panel", k ? "B" : "A", p.x, p.y, p.w, p.h);
		pane_label(g, p.x, p.y, p.w, view_ui_rgb(k ? VC_DIVERGE : VC_ACCENT),
			   k ? gv->label_b : gv->label_a);
		draw_pane(g, k ? gv->b : a, k ? &g->model_b : &g->model_a, k, in, gv);
		gui_box_end(g);
	}
	la.w = lb.w = (l->log.w - l->pad) / 2;
	lb.x = la.x + la.w + l->pad;
	/* each run's banner over its own log: the maps stay in sight; a
	 * run's banner alone takes the whole band (the other log waits) */
	if (gv->banner && (a->banner >= 0) != (gv->b->banner >= 0)) {
		gui_draw_log(g, a->banner >= 0 ? a : gv->b, l->log, true,
			     a->banner >= 0 ? "A." : "B.");
	} else {
		gui_draw_log(g, a, la, gv->banner, "A.");
		gui_draw_log(g, gv->b, lb, gv->banner, "B.");
	}
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
	gui_boxes_reset(g);
	if (!g->laid && gui_layout(g, a, gv))
		return -1;
	memset(g->grid, 0, sizeof(g->grid));
	g->ncards[0] = g->ncards[1] = 0;
	g->banner = (struct view_rect){ 0, 0, 0, 0 };
	gui_fill_rect(g, 0, 0, g->w, g->h, view_ui_rgb(VC_BG), 255);
	gui_draw_top(g, a, gv);
	gui_draw_caption(g, a);
	if (gv->b) {
		draw_compare(g, a, gv);
	} else {
		draw_pane(g, a, &g->model_a, 0, l->main, gv);
		gui_draw_log(g, a, l->log, gv->banner, "");
	}
	gui_draw_side(g, a, gv);
	gui_draw_timeline(g, a, gv);
	if (gv->help)
		gui_draw_help(g);
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
			if (bo < PG_OWNER_LEAKED) {
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

	if (gv->mode == VIEW_MODE_LISTS)
		return gv->mouse_x >= 0 &&
		       gui_list_hover(g, a, gv, gv->mouse_x, gv->mouse_y, buf, len);
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
	if (bo == PG_OWNER_LEAKED) {
		snprintf(buf, len,
			 "%s %" PRIu64 ": leaked: its object was freed while still "
			 "referenced (v19), nothing gives it back",
			 kind ? "swap slot" : "frame", cell);
		return true;
	}

	const struct shm_object *o = shm_get(r->s, bo);
	char counts[120] = "";
	enum view_state st = kind ? VS_SWAP : (enum view_state)g->model_a.fstate[cell];

	if (r != a)
		st = kind ? VS_SWAP : (enum view_state)g->model_b.fstate[cell];
	if (o)
		gui_obj_counts(o, counts, sizeof(counts));
	snprintf(buf, len,
		 "%s page %" PRIu64 "  \xc2\xb7  %s %" PRIu64 "  \xc2\xb7  %s  \xc2\xb7  %s",
		 sim_name(r->s, SIM_K_BO, bo), page, kind ? "swap slot" : "frame", cell,
		 view_state_name(st), counts);
	return true;
}

void gui_draw_tooltip(struct gui *g, int mx, int my, const char *s)
{
	int pad = g->font_px[GF_BODY] / 2, w = gui_text_w(g, GF_BODY, s) + 2 * pad;
	int h = g->font_px[GF_BODY] + 2 * pad, x = mx + 18, y = my + 22;

	/* keep it on the picture: flip left of / above the pointer at the edges */
	if (x + w > g->w)
		x = mx - 12 - w > 0 ? mx - 12 - w : 0;
	if (y + h > g->h)
		y = my - 12 - h > 0 ? my - 12 - h : 0;
	gui_fill_rect(g, x, y, w, h, 0x0b0e14, 240);
	gui_frame_rect(g, x, y, w, h, 2, 0x56b4e9);
	gui_print(g, GF_BODY, 0xf4f6fa, x + pad, y + pad - 2, AL_LEFT, s);
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

	return bo < PG_OWNER_LEAKED ? bo : SIM_NONE;
}

bool gui_locate(struct gui *g, struct view_run *a, uint32_t bo, uint64_t page, int *x, int *y)
{
	const struct shm_object *o = shm_get(a->s, bo);
	int cx, cy, cw, ch;

	if (g->lay.w && g->ncards[0] && (page == UINT64_MAX || (o && page < o->npages)) &&
	    gui_locate_card(g, bo, page, x, y))
		return true;
	if (page == UINT64_MAX)
		return false;
	if (!o || !o->pages || page >= o->npages || o->pages[page] == PG_OWNER_FREE)
		return false;
	if (!view_grid_cell_rect(&g->grid[0][o->evicted ? 1 : 0], o->pages[page], &cx, &cy, &cw,
				 &ch))
		return false;
	*x = cx + cw / 2;
	*y = cy + ch / 2;
	return true;
}
