// SPDX-License-Identifier: MIT
/*
 * viewer/render_panel.c - everything around the maps: the side panel
 * (counters, sparklines, VMs, legends), the event log, the top bar, the
 * timeline, and the overlays (caption, violation banner, where two runs
 * diverge, help).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gem/pg.h"
#include "gem/shm.h"
#include "gpu/gpu.h"
#include "gpu/mmu.h"
#include "viewer/render.h"

/* ---- side panel ---------------------------------------------------------- */

#define NCOUNTERS 4

static const char *const counter_names[NCOUNTERS] = {
	"free frames",
	"pages in swap",
	"evicted + purged",
	"faults",
};

/* The sparkline's box, then run @r's line in it. */
static void sparkline(struct gui *g, const struct view_run *r, int which, int x, int y, int w,
		      int h, uint32_t rgb)
{
	uint32_t n = r->nsampled;
	double vmax = 1;
	SDL_Point pts[VIEW_SAMPLES];
	double val[VIEW_SAMPLES];

	if (n < 2)
		return;
	for (uint32_t i = 0; i < n; i++) {
		const struct view_sample *a = &r->samples[i], *b = i ? &r->samples[i - 1] : a;

		/* the last two are bursts per bucket: a shape, no number */
		switch (which) {
		case 0: val[i] = (double)a->free_frames; break;
		case 1: val[i] = (double)a->swap_used; break;
		case 2: val[i] = (double)(a->evicted - b->evicted); break;
		default: val[i] = (double)(a->faults - b->faults); break;
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
	SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_NONE);
	SDL_SetRenderDrawColor(g->ren, (uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb,
			       255);
	/* two pixels thick at 1080 lines, thicker on larger pictures */
	for (int k = 0; k < 2 + g->lay.font / 26; k++) {
		SDL_RenderDrawLines(g->ren, pts, (int)n);
		for (uint32_t i = 0; i < n; i++)
			pts[i].y--;
	}
}

static void counter_value(const struct view_run *r, int i, char *buf, size_t len)
{
	const struct sim *s = r->s;
	uint64_t v[NCOUNTERS] = {
		pg_free_frames(s),
		s->cfg.swap_pages - pg_free_slots(s),
		s->stats.pages_evicted + s->stats.pages_purged,
		view_faults(s),
	};

	view_format_count(v[i], buf, len);
}

/* Counters, each with its sparkline when @spark; in compare mode a column per run. */
static void draw_counters(struct gui *g, const struct view_run *a, const struct view_run *b, int x,
			  int *y, int w, bool spark)
{
	const struct view_layout *l = &g->lay;
	int lh = gui_line_h(g, GF_BODY), sh = l->font * 3 / 2;
	int colw = gui_text_w(g, GF_BOLD, "999.9k") + l->pad * 2;
	static const uint32_t col[NCOUNTERS] = { 0x56b4e9, 0xd55e00, 0xe69f00, 0xffffff };
	char v[32];

	if (b) {
		gui_print(g, GF_BOLD, view_ui_rgb(VC_ACCENT), x + w - colw, *y, AL_RIGHT, "A");
		gui_print(g, GF_BOLD, view_ui_rgb(VC_DIVERGE), x + w, *y, AL_RIGHT, "B");
		*y += lh;
	}
	for (int i = 0; i < NCOUNTERS; i++) {
		gui_print(g, GF_BODY, view_ui_rgb(VC_DIM), x, *y, AL_LEFT, counter_names[i]);
		counter_value(a, i, v, sizeof(v));
		gui_print(g, GF_BOLD, view_ui_rgb(VC_TEXT), x + w - (b ? colw : 0), *y, AL_RIGHT,
			  v);
		if (b) {
			counter_value(b, i, v, sizeof(v));
			gui_print(g, GF_BOLD, view_ui_rgb(VC_TEXT), x + w, *y, AL_RIGHT, v);
		}
		*y += lh;
		if (!spark)
			continue;
		gui_fill_rect(g, x, *y, w, sh, view_ui_rgb(VC_BG), 255);
		sparkline(g, a, i, x, *y, w, sh, b ? view_ui_rgb(VC_ACCENT) : col[i]);
		if (b)
			sparkline(g, b, i, x, *y, w, sh, view_ui_rgb(VC_DIVERGE));
		*y += sh + l->pad / 2;
	}
}

/* The GPU VMs that fit above @ybot. */
static void draw_vms(struct gui *g, const struct view_run *r, int x, int *y, int w, int ybot)
{
	const struct scenario *sc = r->sc;
	int lh = gui_line_h(g, GF_BODY), ls = gui_line_h(g, GF_SMALL);
	uint64_t ram = r->s->cfg.ram_pages ? r->s->cfg.ram_pages : 1;
	uint32_t i, n = sc->nnames[SIM_K_VM];
	char buf[160], a[32], b[32];

	/* the heading only with what it heads: a VM, or "none" */
	if (*y + lh + (n && r->s->gpu ? lh + ls : lh) > ybot)
		return;
	gui_print(g, GF_BOLD, view_ui_rgb(VC_TEXT), x, *y, AL_LEFT, "GPU VMs");
	*y += lh;
	if (!n || !r->s->gpu) {
		gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), x, *y, AL_LEFT,
			  "none in this scenario");
		*y += lh;
		return;
	}
	for (i = 0; i < n && i < 4 && *y + lh + ls * (i + 1 < n ? 2 : 1) <= ybot; i++) {
		uint64_t mapped = gpu_vm_mapped_pages(r->s, i);
		struct mmu *m = gpu_vm_mmu(r->s, i);
		int bw = w * 45 / 100, bx = x + w - bw;

		gui_text_fit(g, GF_BODY, view_ui_rgb(VC_TEXT), x, *y, w - bw - g->lay.pad,
			     scenario_name(sc, SIM_K_VM, i));
		/* the bar: translatable pages against all of RAM */
		gui_fill_rect(g, bx, *y + lh / 4, bw, lh / 2, view_ui_rgb(VC_BG), 255);
		gui_fill_rect(
			g, bx, *y + lh / 4,
			(int)((double)bw * (double)(mapped > ram ? ram : mapped) / (double)ram),
			lh / 2, view_state_rgb(VS_GPU), 255);
		*y += lh;
		view_format_count(mapped, a, sizeof(a));
		view_format_count(m ? mmu_table_pages(m) : 0, b, sizeof(b));
		/* whole words: "active" only where it fits */
		snprintf(buf, sizeof(buf), "%s pages mapped, %s table pages%s", a, b,
			 gpu_vm_active(r->s, i) ? ", active" : "");
		if (gui_text_w(g, GF_SMALL, buf) > w)
			snprintf(buf, sizeof(buf), "%s pages, %s table pages", a, b);
		gui_text_fit(g, GF_SMALL, view_ui_rgb(VC_DIM), x, *y, w, buf);
		*y += ls;
	}
	if (i < n) {
		snprintf(buf, sizeof(buf), "and %u more", n - i);
		gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), x, *y, AL_LEFT, buf);
		*y += ls;
	}
}

static const enum view_state legend_order[] = {
	VS_FREE,     VS_OTHER,  VS_RESIDENT, VS_GPU,  VS_MMAPPED,
	VS_DONTNEED, VS_PINNED, VS_VMAPPED,  VS_SWAP, VS_PURGED,
};
#define NLEGEND ((int)(sizeof(legend_order) / sizeof(legend_order[0])))
#define NEFFECTS 2
static const char *const effect_names[NEFFECTS] = { "fault, swap-in", "shrinker visit" };

/* The widest legend entry: swatch, gap and name. */
static int legend_entry_w(struct gui *g)
{
	int sw = g->font_px[GF_SMALL], w = 0;

	for (int i = 0; i < NLEGEND + NEFFECTS; i++) {
		const char *s = i < NLEGEND ? view_state_name(legend_order[i]) :
					      effect_names[i - NLEGEND];
		int x = gui_text_w(g, GF_SMALL, s);

		w = x > w ? x : w;
	}
	return sw + sw / 2 + w + g->lay.pad;
}

/* Columns of the legend in @w pixels, and its height. */
static int legend_h(struct gui *g, int w, int *cols)
{
	int c = w / legend_entry_w(g);

	*cols = c < 1 ? 1 : c > 2 ? 2 : c;
	return gui_line_h(g, GF_BODY) +
	       (NLEGEND + NEFFECTS + *cols - 1) / *cols * gui_line_h(g, GF_SMALL);
}

/* A swatch: filled, outlined (purged) or an effect's mark. */
static void swatch(struct gui *g, int i, int x, int y, int sw)
{
	int t = sw / 7 > 2 ? sw / 7 : 2;

	if (i >= NLEGEND) {
		/* the two effects differ in shape, not only colour: a white ring, a blue frame */
		if (i == NLEGEND)
			gui_frame_rect(g, x, y, sw, sw, t, view_ui_rgb(VC_FLASH));
		else
			gui_frame_rect(g, x, y, sw, sw, t, view_ui_rgb(VC_SCAN));
		return;
	}
	if (legend_order[i] == VS_PURGED) {
		uint32_t c = view_state_rgb(VS_PURGED);

		/* gone for good: an empty, crossed-out frame */
		gui_frame_rect(g, x, y, sw, sw, t, c);
		SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_NONE);
		SDL_SetRenderDrawColor(g->ren, (uint8_t)(c >> 16), (uint8_t)(c >> 8), (uint8_t)c,
				       255);
		for (int d = 0; d < t; d++) {
			SDL_RenderDrawLine(g->ren, x + d, y, x + sw - 1, y + sw - 1 - d);
			SDL_RenderDrawLine(g->ren, x + sw - 1 - d, y, x, y + sw - 1 - d);
		}
	} else {
		gui_fill_rect(g, x, y, sw, sw, view_state_rgb(legend_order[i]), 255);
	}
}

static void draw_legend(struct gui *g, int x, int *y, int w)
{
	int lh = gui_line_h(g, GF_SMALL), sw = g->font_px[GF_SMALL], cols, col_w;
	int h = legend_h(g, w, &cols);

	col_w = w / cols;
	gui_box_begin(g, "legend", "legend", x, *y, w, h);
	gui_print(g, GF_BOLD, view_ui_rgb(VC_TEXT), x, *y, AL_LEFT, "Legend");
	*y += gui_line_h(g, GF_BODY);
	for (int i = 0; i < NLEGEND + NEFFECTS; i++) {
		int cx = x + (i % cols) * col_w, cy = *y + (i / cols) * lh;

		swatch(g, i, cx, cy + (lh - sw) / 2, sw);
		gui_print(g, GF_SMALL, view_ui_rgb(VC_TEXT), cx + sw + sw / 2, cy, AL_LEFT,
			  i < NLEGEND ? view_state_name(legend_order[i]) :
					effect_names[i - NLEGEND]);
	}
	*y += (NLEGEND + NEFFECTS + cols - 1) / cols * lh;
	gui_box_end(g);
}

/*
 * The owners view colours pages by object: its legend names the objects
 * with the most frames, in their colours, instead of the states.
 */
static void draw_owner_legend(struct gui *g, const struct view_run *r, int x, int *y, int w,
			      int rows)
{
	int lh = gui_line_h(g, GF_SMALL), sw = g->font_px[GF_SMALL], col_w = w / 2, shown = 0;
	uint32_t n = shm_slot_count(r->s), best[16];
	uint64_t pages[16];
	int nbest = 0, max = rows * 2 - 2 < 16 ? rows * 2 - 2 : 16;
	char buf[120], cnt[32];

	gui_box_begin(g, "legend", "legend", x, *y, w, gui_line_h(g, GF_BODY) + rows * lh);
	gui_print(g, GF_BOLD, view_ui_rgb(VC_TEXT), x, *y, AL_LEFT, "Owners (most frames)");
	*y += gui_line_h(g, GF_BODY);
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
		gui_fill_rect(g, cx, cy + 2, sw, sw, view_owner_rgb(best[i]), 255);
		gui_text_fit(g, GF_SMALL, view_ui_rgb(VC_TEXT), cx + sw + sw / 2, cy,
			     col_w - sw * 2, buf);
	}
	for (int k = 0; k < 2; k++, shown++) {
		int cx = x + (shown % 2) * col_w, cy = *y + (shown / 2) * lh;
		enum view_state st = k ? VS_OTHER : VS_FREE;

		gui_fill_rect(g, cx, cy + 2, sw, sw, view_state_rgb(st), 255);
		gui_text_fit(g, GF_SMALL, view_ui_rgb(VC_TEXT), cx + sw + sw / 2, cy,
			     col_w - sw * 2, view_state_name(st));
	}
	*y += (shown + 1) / 2 * lh;
	gui_box_end(g);
}

int gui_side_width(struct gui *g, const struct gui_view *gv)
{
	int pad = g->lay.pad, name = 0, val = gui_text_w(g, GF_BOLD, "999.9k") + pad * 2;

	for (int i = 0; i < NCOUNTERS; i++) {
		int x = gui_text_w(g, GF_BODY, counter_names[i]);

		name = x > name ? x : name;
	}
	name += val * (gv->b ? 2 : 1);
	val = legend_entry_w(g) * 2;
	return (name > val ? name : val) + 2 * pad;
}

bool gui_side_fits(struct gui *g, const struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	int cols, rows = NCOUNTERS + (gv->b ? 1 : 0);

	return legend_h(g, l->side.w - 2 * l->pad, &cols) + rows * gui_line_h(g, GF_BODY) +
		       4 * l->pad <=
	       l->side.h;
}

/*
 * Top down: the counters (with sparklines when there is room), the GPU VMs
 * that fit, then the legend, which always fits: the layout made the panel
 * wide enough for it.
 */
void gui_draw_side(struct gui *g, struct view_run *a, struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	struct view_rect sd = l->side;
	int x = sd.x + l->pad, w = sd.w - 2 * l->pad, y = sd.y + l->pad, cols;
	int bottom = sd.y + sd.h - l->pad, lh = gui_line_h(g, GF_BODY);
	int leg = gv->mode == VIEW_MODE_OWNERS || gv->mode == VIEW_MODE_LISTS ?
			  lh + 6 * gui_line_h(g, GF_SMALL) :
			  legend_h(g, w, &cols);
	int ybot = bottom - leg - l->pad, rows = NCOUNTERS + (gv->b ? 1 : 0);
	int spark = rows * lh + NCOUNTERS * (l->font * 3 / 2 + l->pad / 2);

	gui_fill_rect(g, sd.x, sd.y, sd.w, sd.h, view_ui_rgb(VC_PANEL), 255);
	gui_box_begin(g, "panel", "side", sd.x, sd.y, sd.w, sd.h);
	if (y + rows * lh <= ybot)
		draw_counters(g, a, gv->b, x, &y, w, y + spark <= ybot);
	if (!gv->b) {
		y += l->pad;
		draw_vms(g, a, x, &y, w, ybot);
	}
	y += l->pad;
	if (gv->mode == VIEW_MODE_LISTS) {
		gui_box_begin(g, "legend", "legend", x, y, w, leg);
		gui_draw_list_legend(g, x, &y, w);
		gui_box_end(g);
	} else if (gv->mode == VIEW_MODE_OWNERS)
		draw_owner_legend(g, a, x, &y, w, (bottom - y - lh) / gui_line_h(g, GF_SMALL));
	else
		draw_legend(g, x, &y, w);
	gui_box_end(g);
}

/* ---- log, banner --------------------------------------------------------- */

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

/*
 * The log's entries, newest at the bottom, each wrapped onto at most two
 * lines (a room reads the whole of "shrinker freed 56 pages: purged cache
 * 40, evicted cmdbuf 16"), whole lines only: what does not fit is left out
 * from the top.
 */
static void draw_log_lines(struct gui *g, const struct view_run *r, struct view_rect area,
			   const char *id)
{
	int lh = gui_line_h(g, GF_BODY), tw = g->lay.font * 5, y = area.y + area.h;
	int wrap = area.w - tw - g->lay.pad;
	char t[32];

	gui_fill_rect(g, area.x, area.y, area.w, area.h, view_ui_rgb(VC_PANEL), 255);
	gui_box_begin(g, "log", id, area.x, area.y, area.w, area.h);
	for (uint64_t back = 0; wrap > 0; back++) {
		const struct view_log_line *ln = view_run_log_line(r, back);
		uint32_t rgb;
		struct gui_text *tx;
		int h;

		if (!ln)
			break;
		rgb = log_rgb((enum view_log_kind)ln->kind);
		tx = gui_text_get(g, GF_BODY, rgb, ln->text, wrap);
		if (!tx)
			break;
		/* two lines at most, else one cut with an ellipsis */
		h = tx->h <= lh * 3 / 2 ? lh : 2 * lh;
		if (y - h < area.y + 2 || tx->h > lh * 5 / 2)
			h = lh;
		if (y - h < area.y + 2)
			break;
		y -= h;
		view_format_time(ln->at, t, sizeof(t));
		gui_print(g, GF_BODY, view_ui_rgb(VC_DIM), area.x + tw - g->lay.pad, y, AL_RIGHT,
			  t);
		if (h == lh && tx->h > lh * 3 / 2) {
			gui_text_fit(g, GF_BODY, rgb, area.x + tw, y, wrap, ln->text);
		} else {
			int ch = tx->h < h ? tx->h : h;
			SDL_Rect src = { 0, 0, tx->w, ch }, dst = { area.x + tw, y, tx->w, ch };

			SDL_RenderCopy(g->ren, tx->tex, &src, &dst);
			gui_box(g, "text", NULL, dst.x, dst.y, dst.w, dst.h, ln->text, ch < tx->h);
		}
	}
	gui_box_end(g);
}

/* The banner's fonts, largest first: head, message, where. */
static const int banner_fonts[][3] = {
	{ GF_BIG, GF_BOLD, GF_BODY },
	{ GF_BOLD, GF_BOLD, GF_SMALL },
	{ GF_BOLD, GF_SMALL, GF_SMALL },
	{ GF_SMALL, GF_SMALL, GF_SMALL },
};
#define NBANNER_FONTS ((int)(sizeof(banner_fonts) / sizeof(banner_fonts[0])))

int gui_banner_need(struct gui *g, int panes, int side_w)
{
	(void)side_w;
	return gui_line_h(g, GF_BIG) + (panes > 1 ? 3 : 2) * gui_line_h(g, GF_BOLD) +
	       gui_line_h(g, GF_BODY) + 2 * g->lay.pad;
}

/* A wrapped text of the banner at @x,@y, cropped at @bottom. Returns: its height. */
static int banner_text(struct gui *g, int font, const char *s, int x, int y, int wrap, int bottom)
{
	struct gui_text *t = gui_text_get(g, font, 0xffffff, s, wrap);
	int h;

	if (!t)
		return 0;
	h = t->h < bottom - y ? t->h : bottom - y;
	if (h > 0) {
		SDL_Rect r = { x, y, t->w, h }, src = { 0, 0, t->w, h };

		SDL_RenderCopy(g->ren, t->tex, &src, &r);
	}
	gui_box(g, "text", NULL, x, y, t->w, h > 0 ? h : 0, s, h < t->h);
	return t->h;
}

/*
 * The violation banner at the bottom of @area, in the largest fonts that
 * let it fit (every part wraps, none is cut); the log keeps the whole lines
 * above it.  Nothing shows through: a half line of log peeking over the
 * banner reads as noise.
 */
void gui_draw_log(struct gui *g, struct view_run *r, struct view_rect area, bool banner,
		  const char *pre)
{
	const struct view_layout *l = &g->lay;
	const struct sim_report *rp;
	char head[300], where[300], t[32], bid[48], id[48];
	int h = 0, tw = area.w - l->pad * 4, k, x, y;
	const int *f = banner_fonts[0];

	snprintf(id, sizeof(id), "%slog", pre);
	if (!banner || r->banner < 0 || (uint32_t)r->banner >= r->s->nr_reports) {
		draw_log_lines(g, r, area, id);
		return;
	}
	rp = &r->s->reports[r->banner];
	view_format_time(rp->at, t, sizeof(t));
	snprintf(head, sizeof(head), "VIOLATION of invariant %u at t = %s", rp->invariant, t);
	view_run_report_where(r, (uint32_t)r->banner, where, sizeof(where));
	if (tw < 50)
		tw = 50;
	for (k = 0; k < NBANNER_FONTS; k++) {
		f = banner_fonts[k];
		/* the message wraps: what broke is the point of the banner */
		h = gui_text_h(g, f[0], head, tw) + gui_text_h(g, f[1], rp->msg, tw) +
		    gui_text_h(g, f[2], where, tw) + 2 * l->pad;
		if (h <= area.h)
			break;
	}
	if (h > area.h)
		h = area.h;
	if (area.h - h - l->pad >= gui_line_h(g, GF_BODY))
		draw_log_lines(g, r,
			       (struct view_rect){ area.x, area.y, area.w, area.h - h - l->pad },
			       id);
	area.y += area.h - h;
	area.h = h;
	if (!g->banner.w)
		g->banner = area;
	gui_fill_rect(g, area.x, area.y, area.w, h, view_ui_rgb(VC_BAD), 255);
	gui_frame_rect(g, area.x, area.y, area.w, h, 3, 0xffffff);
	snprintf(bid, sizeof(bid), "%sbanner", pre);
	gui_box_begin(g, "banner", bid, area.x, area.y, area.w, h);
	x = area.x + l->pad * 2;
	y = area.y + l->pad;
	y += banner_text(g, f[0], head, x, y, tw, area.y + h - l->pad);
	y += banner_text(g, f[1], rp->msg, x, y, tw, area.y + h - l->pad);
	banner_text(g, f[2], where, x, y, tw, area.y + h - l->pad);
	gui_box_end(g);
}

static const char *const help_lines[][2] = {
	{ "space", "play / pause (also dismisses the violation banner)" },
	{ "n  or  \xe2\x86\x92", "step one event (--slides: the next caption)" },
	{ "PageDown / PageUp", "next / previous caption, as a settled slide" },
	{ "+  /  -", "faster / slower (1-2-5 steps of simulated time per second)" },
	{ "click, drag timeline", "seek (back: from the last checkpoint behind the clock)" },
	{ "\xe2\x86\x90  /  Home", "seek back a tenth / to the start" },
	{ "r", "restart" },
	{ "v  or  Tab", "next view: frames by state, by owner, objects, holders, lists" },
	{ "click a cell or row", "zoom into that object (Esc or click again: back)" },
	{ "mouse wheel", "scroll the object rows" },
	{ "f", "fullscreen" },
	{ "s", "screenshot to gemsim-TIME.png" },
	{ "h  or  ?", "this help" },
	{ "q  or  Esc", "quit" },
};

void gui_draw_help(struct gui *g)
{
	const struct view_layout *l = &g->lay;
	int lh = gui_line_h(g, GF_BODY), n = (int)(sizeof(help_lines) / sizeof(help_lines[0]));
	int w = l->w * 2 / 3, h = (n + 3) * lh + 2 * l->pad, x = (l->w - w) / 2, y = (l->h - h) / 2;

	gui_fill_rect(g, x, y, w, h, 0x000000, 235);
	gui_frame_rect(g, x, y, w, h, 2, view_ui_rgb(VC_ACCENT));
	gui_print(g, GF_BIG, view_ui_rgb(VC_TEXT), x + l->pad * 2, y + l->pad, AL_LEFT, "Keys");
	for (int i = 0; i < n; i++) {
		int ty = y + l->pad + (i + 2) * lh;

		gui_print(g, GF_BOLD, view_ui_rgb(VC_ACCENT), x + l->pad * 2, ty, AL_LEFT,
			  help_lines[i][0]);
		gui_text_fit(g, GF_BODY, view_ui_rgb(VC_TEXT), x + w / 3, ty,
			     w * 2 / 3 - l->pad * 2, help_lines[i][1]);
	}
}
