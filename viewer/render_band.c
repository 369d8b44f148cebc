// SPDX-License-Identifier: MIT
/*
 * viewer/render_band.c - the full-width bands of a picture and the layout
 * that makes room for them: the title bar, the caption band (the caption
 * of the moment, or the scenario's description before the first one),
 * compare mode's divergence strip and the timeline.  gui_layout() measures
 * the text these bands (and the side panel, and the banner) need with the
 * real fonts, then lays the picture out with view_layout_compute(), so no
 * band covers another and no key label is cut.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "viewer/render.h"

/* ---- measuring ----------------------------------------------------------- */

static const char *view_mode_title(enum view_mode m)
{
	switch (m) {
	case VIEW_MODE_OWNERS: return "view: pages by owner";
	case VIEW_MODE_OBJECTS: return "view: objects";
	case VIEW_MODE_HOLDERS: return "view: who holds what";
	case VIEW_MODE_LISTS: return "view: shrinker lists";
	default: return "view: pages by state";
	}
}

/* The widest view title, so the bar's rows do not change with the view. */
static int mode_title_w(struct gui *g)
{
	int w = 0;

	for (int m = 0; m < VIEW_MODE_COUNT; m++) {
		int x = gui_text_w(g, GF_BOLD, view_mode_title((enum view_mode)m));

		w = x > w ? x : w;
	}
	return w;
}

/* "t = 12.5ms", and interactively "▶ playing  1ms/s" */
static void clock_text(const struct gui *g, const struct view_run *a, const struct gui_view *gv,
		       char *t, size_t tlen, char *play, size_t plen)
{
	char a1[32], sp[32];

	view_format_time(a->t, a1, sizeof(a1));
	snprintf(t, tlen, "t = %s", a1);
	*play = '\0';
	/* a picture for a slide shows the time, never the playback speed */
	if (g->win) {
		view_format_time(gv->speed, sp, sizeof(sp));
		snprintf(play, plen, "%s  %s/s", gv->playing ? "\xe2\x96\xb6 playing" : "paused",
			 sp);
	}
}

/* Whether the title bar's items all fit one row. */
static bool top_one_row(struct gui *g, const struct view_run *a, const struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	char t[64], play[64], buf[96];
	int need;

	clock_text(g, a, gv, t, sizeof(t), play, sizeof(play));
	snprintf(buf, sizeof(buf), "t = %s", "999.9ms");
	need = gui_text_w(g, GF_BIG, a->sc->name) + gui_text_w(g, GF_BOLD, "kernel mainline") +
	       mode_title_w(g) + gui_text_w(g, GF_BIG, buf) +
	       (*play ? gui_text_w(g, GF_BODY, "\xe2\x96\xb6 playing  500ms/s") : 0) + 10 * l->pad;
	/* room for the violation count where the run has one */
	if (a->nviol_at || (gv->b && gv->b->nviol_at))
		need += gui_text_w(g, GF_BOLD, "9 violations  9 warnings") + 2 * l->pad;
	return need <= l->w;
}

/* The text of the divergence strip, or false when there is none. */
static bool diverge_text(const struct view_run *a, const struct gui_view *gv, char *buf, size_t len)
{
	char what[96], t[32];
	const struct sim_event *e;

	if (!gv->b || gv->diverge == SIM_NONE)
		return false;
	if (gv->diverge == VIEW_DIVERGE_STATE) {
		/* runs of generated workloads: the first time their memory differs */
		view_format_time(gv->diverge_at, t, sizeof(t));
		snprintf(buf, len,
			 "first divergence at t = %s: the runs' memory differs from here "
			 "(generated workloads)",
			 t);
		return true;
	}
	if (gv->diverge >= a->sc->nevents)
		return false;
	e = &a->sc->events[gv->diverge];
	run_describe_event(a->sc, gv->diverge, what, sizeof(what));
	view_format_time(e->at, t, sizeof(t));

	const char *ra =
		gv->diverge < a->nrec ?
			(a->rets[gv->diverge] >= 0 ? "ok" : sim_strerror(a->rets[gv->diverge])) :
			"-";
	const char *rb = gv->diverge < gv->b->nrec ?
				 (gv->b->rets[gv->diverge] >= 0 ?
					  "ok" :
					  sim_strerror(gv->b->rets[gv->diverge])) :
				 "-";

	snprintf(buf, len, "first divergence at t = %s: %s (%s:%u:%u)   A: %s   B: %s%s", t, what,
		 a->sc->file, e->line, e->col, ra, rb,
		 strcmp(ra, rb) ? "" : "   (residency differs)");
	return true;
}

/* Measure the bands with the fonts open now and lay out. */
static void lay_out(struct gui *g, const struct view_run *a, const struct gui_view *gv,
		    double scale)
{
	const struct view_layout *l = &g->lay;
	struct view_layout_need need = { 0 };
	int wrap = l->w - 4 * l->pad, capmax = 0, lbig = gui_line_h(g, GF_BIG);
	char buf[400];

	need.top_h = top_one_row(g, a, gv) ? lbig + l->pad :
					     lbig + gui_line_h(g, GF_BOLD) + l->pad * 3 / 2;
	/* the caption band holds the longest caption: the maps never jump */
	g->cap_font = GF_BIG;
	for (int pass = 0; pass < 2; pass++) {
		capmax = 0;
		for (uint32_t i = 0; i < a->sc->ncaptions; i++) {
			int h = gui_text_h(g, g->cap_font, a->sc->captions[i].text, wrap);

			capmax = h > capmax ? h : capmax;
		}
		if (capmax <= 3 * lbig)
			break;
		g->cap_font = GF_BOLD; /* four lines of big text would eat the maps */
	}
	if (a->sc->description) {
		int h = gui_text_h(g, GF_BODY, a->sc->description, wrap);

		/* the description shows until the first caption, in what room there is */
		if (!capmax || h <= capmax)
			capmax = h > capmax ? h : capmax;
	}
	need.caption_h = capmax;
	if (diverge_text(a, gv, buf, sizeof(buf)))
		need.strip_h = gui_text_h(g, GF_BOLD, buf, wrap);
	need.side_w = gui_side_width(g, gv);
	if (a->nviol_at || (gv->b && gv->b->nviol_at))
		need.log_min_h = gui_banner_need(g, gv->b ? 2 : 1, need.side_w);
	view_layout_compute(&g->lay, g->w, g->h, scale, a->s->cfg.ram_pages, a->s->cfg.swap_pages,
			    &need);
}

/*
 * The text the picture needs at the asked font scale; when that leaves the
 * maps less than two fifths of the body, or the side panel cannot hold its
 * legend, the text shrinks in steps of a tenth until it fits: a picture
 * for a room shows its evidence first.
 */
int gui_layout(struct gui *g, const struct view_run *a, const struct gui_view *gv)
{
	double scale = g->font_scale;

	for (int i = 0; i < 12; i++, scale *= 0.9) {
		const struct view_layout *l = &g->lay;
		int body;

		view_layout_compute(&g->lay, g->w, g->h, scale, a->s->cfg.ram_pages,
				    a->s->cfg.swap_pages, NULL);
		if (gui_open_fonts(g))
			return -1;
		lay_out(g, a, gv, scale);
		body = l->timeline.y - l->top.h;
		if (l->main.h * 5 >= body * 2 && gui_side_fits(g, gv))
			break;
	}
	g->laid = true;
	return 0;
}

/* ---- the title bar ------------------------------------------------------- */

void gui_draw_top(struct gui *g, struct view_run *a, struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	bool one = l->top.h < gui_line_h(g, GF_BIG) + gui_line_h(g, GF_BOLD);
	int lbig = gui_line_h(g, GF_BIG), y = l->pad / 2, x = l->pad, rx = l->w - l->pad;
	/* the top of bold text centred on the big line */
	int by = y + (lbig - gui_line_h(g, GF_BOLD)) / 2, y2 = one ? by : y + lbig + l->pad / 2;
	int x2 = one ? 0 : l->pad;
	char buf[256], t[64], play[64];
	struct sim *s = a->s;

	gui_fill_rect(g, 0, 0, l->w, l->top.h, view_ui_rgb(VC_PANEL), 255);
	gui_box_begin(g, "panel", "top", 0, 0, l->w, l->top.h);
	clock_text(g, a, gv, t, sizeof(t), play, sizeof(play));
	if (*play)
		rx -= gui_print(g, GF_BODY, view_ui_rgb(VC_DIM), rx, by, AL_RIGHT, play) +
		      l->pad * 2;
	rx -= gui_print(g, GF_BIG, view_ui_rgb(VC_TEXT), rx, y, AL_RIGHT, t) + l->pad * 2;
	x += gui_print(g, GF_BIG, view_ui_rgb(VC_TEXT), x, y, AL_LEFT, a->sc->name) + l->pad * 2;
	/* the kernel modelled: the same scenario answers differently under each */
	snprintf(buf, sizeof(buf), "kernel %s", sim_kernel_names[s->cfg.kernel]);
	x += gui_print(g, GF_BOLD, view_ui_rgb(VC_ACCENT), x, by, AL_LEFT, buf) + l->pad * 2;
	if (one)
		x2 = x;
	/* the view is named: a room cannot see which key was pressed */
	x2 += gui_print(g, GF_BOLD, view_ui_rgb(VC_ACCENT), x2, y2, AL_LEFT,
			view_mode_title(gv->mode)) +
	      l->pad * 2;
	if (s->violations || s->warnings) {
		snprintf(buf, sizeof(buf), "%" PRIu64 " violation%s  %" PRIu64 " warning%s",
			 s->violations, s->violations == 1 ? "" : "s", s->warnings,
			 s->warnings == 1 ? "" : "s");
		x2 += gui_text_fit(g, GF_BOLD, s->violations ? 0xff5a6e : view_ui_rgb(VC_WARN), x2,
				   y2, (one ? rx : l->w) - x2 - l->pad, buf) +
		      l->pad * 2;
	}
	if (gv->status)
		gui_text_fit(g, GF_BODY, view_ui_rgb(VC_DIM), x2, y2,
			     (one ? rx : l->w) - x2 - l->pad, gv->status);
	gui_box_end(g);
}

/* ---- the caption band and the divergence strip --------------------------- */

void gui_draw_caption(struct gui *g, struct view_run *a)
{
	const struct sim_caption *c = view_run_caption(a);
	const struct view_layout *l = &g->lay;
	struct view_rect b = l->caption;
	const char *s = c ? c->text : a->sc->description;
	int font = c ? g->cap_font : GF_BODY;
	struct gui_text *t;

	if (!b.h)
		return;
	gui_fill_rect(g, b.x, b.y, b.w, b.h, 0x07090d, 255);
	gui_fill_rect(g, b.x, b.y + b.h - 2, b.w, 2, view_ui_rgb(VC_PANEL), 255);
	t = s && *s ? gui_text_get(g, font, c ? 0xffffff : view_ui_rgb(VC_DIM), s,
				   l->w - 4 * l->pad) :
		      NULL;
	if (!t) {
		gui_box(g, "caption", "caption", b.x, b.y, b.w, b.h, "", false);
		return;
	}

	/* centred in the band, which holds the longest caption */
	int ty = t->h < b.h - 2 * l->pad ? b.y + (b.h - t->h) / 2 : b.y + l->pad;
	SDL_Rect r = { b.x + 2 * l->pad, ty, t->w, t->h < b.y + b.h - ty ? t->h : b.y + b.h - ty };
	SDL_Rect src = { 0, 0, r.w, r.h };

	SDL_RenderCopy(g->ren, t->tex, &src, &r);
	gui_box(g, "caption", "caption", b.x, b.y, b.w, b.h, s, r.h < t->h);
}

void gui_draw_diverge(struct gui *g, struct view_run *a, struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	struct view_rect b = l->strip;
	struct gui_text *t;
	char buf[400];

	if (!b.h || !diverge_text(a, gv, buf, sizeof(buf)))
		return;
	if (a->t < gv->diverge_at) {
		/* the strip's place says so until then: the maps never move */
		gui_fill_rect(g, b.x, b.y, b.w, b.h, view_ui_rgb(VC_PANEL), 255);
		gui_box_begin(g, "panel", "strip", b.x, b.y, b.w, b.h);
		gui_print(g, GF_BOLD, view_ui_rgb(VC_DIM), b.x + l->pad, b.y + l->pad / 2, AL_LEFT,
			  "A and B agree so far");
		gui_box_end(g);
		return;
	}
	t = gui_text_get(g, GF_BOLD, 0x0f1218, buf, l->w - 4 * l->pad);
	if (!t)
		return;
	gui_fill_rect(g, b.x, b.y, b.w, b.h, view_ui_rgb(VC_DIVERGE), 255);

	SDL_Rect r = { b.x + l->pad, b.y + l->pad / 2, t->w, t->h < b.h ? t->h : b.h };
	SDL_Rect src = { 0, 0, r.w, r.h };

	SDL_RenderCopy(g->ren, t->tex, &src, &r);
	gui_box_begin(g, "panel", "strip", b.x, b.y, b.w, b.h);
	gui_box(g, "text", "diverge", r.x, r.y, r.w, r.h, buf, r.h < t->h);
	gui_box_end(g);
}

/* ---- the timeline -------------------------------------------------------- */

static int time_x(const struct view_rect *tl, sim_ns t, sim_ns end)
{
	if (!end)
		return tl->x;
	if (t > end)
		t = end;
	return tl->x + (int)((double)t / (double)end * (tl->w - 1));
}

/*
 * Ticks over the bar (captions white, violations red, the divergence
 * magenta), the bar with the clock's marker, and under the bar the start and
 * the end: the marker never runs into a label.
 */
void gui_draw_timeline(struct gui *g, struct view_run *a, struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	struct view_rect tl = l->timeline;
	sim_ns end = a->end ? a->end : 1;
	int bar_h = l->pad * 2 / 3, bar_y = tl.y + l->pad, cx = time_x(&tl, a->t, end);
	int ly = bar_y + bar_h + 2;
	char buf[32];

	gui_box_begin(g, "panel", "timeline", tl.x, tl.y, tl.w, tl.h);
	gui_fill_rect(g, tl.x, bar_y, tl.w, bar_h, view_ui_rgb(VC_PANEL), 255);
	gui_fill_rect(g, tl.x, bar_y, cx - tl.x, bar_h, view_ui_rgb(VC_ACCENT), 255);
	for (uint32_t i = 0; i < a->sc->ncaptions; i++) {
		int x = time_x(&tl, a->sc->captions[i].at, end);

		gui_fill_rect(g, x - 1, tl.y, 3, l->pad - 2, view_ui_rgb(VC_TEXT), 255);
	}
	for (uint32_t i = 0; i < a->nviol_at; i++) {
		int x = time_x(&tl, a->viol_at[i], end);

		gui_fill_rect(g, x - 2, tl.y, 5, bar_y + bar_h - tl.y, view_ui_rgb(VC_BAD), 255);
	}
	if (gv->b && gv->diverge != SIM_NONE) {
		int x = time_x(&tl, gv->diverge_at, end);

		gui_fill_rect(g, x - 2, tl.y, 5, bar_y + bar_h - tl.y, view_ui_rgb(VC_DIVERGE),
			      255);
	}
	gui_fill_rect(g, cx - 2, tl.y, 5, bar_y + bar_h + 2 - tl.y, view_ui_rgb(VC_TEXT), 255);
	view_format_time(end, buf, sizeof(buf));
	gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), tl.x + tl.w, ly, AL_RIGHT, buf);
	gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), tl.x, ly, AL_LEFT, "0");
	gui_box_end(g);
}

sim_ns gui_timeline_time(const struct gui *g, const struct view_run *a, int x, int y, bool dragging)
{
	const struct view_rect *tl = &g->lay.timeline;

	if (!dragging &&
	    (y < tl->y - 4 || y > tl->y + tl->h + 4 || x < tl->x - 4 || x > tl->x + tl->w + 4))
		return UINT64_MAX;
	if (x < tl->x)
		x = tl->x;
	if (x > tl->x + tl->w - 1)
		x = tl->x + tl->w - 1;
	return (sim_ns)((double)(x - tl->x) / (double)(tl->w > 1 ? tl->w - 1 : 1) *
			(double)(a->end ? a->end : 1));
}
