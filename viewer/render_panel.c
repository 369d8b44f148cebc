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

static void sparkline(struct gui *g, const struct view_run *r, int which, int x, int y, int w,
		      int h, uint32_t rgb)
{
	uint32_t n = r->nsampled;
	double vmax = 1, bucket_s = (double)r->bucket / 1e9;
	SDL_Point pts[VIEW_SAMPLES];

	gui_fill_rect(g, x, y, w, h, view_ui_rgb(VC_BG), 255);
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
	int lh = gui_line_h(g, GF_BODY), sh = l->font * 3 / 2;
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
		gui_print(g, GF_BODY, view_ui_rgb(VC_DIM), x, *y, AL_LEFT, names[i]);
		gui_print(g, GF_BOLD, view_ui_rgb(VC_TEXT), x + w, *y, AL_RIGHT, v[i]);
		*y += lh;
		sparkline(g, r, i, x, *y, w, sh, col[i]);
		*y += sh + l->pad / 2;
	}
}

static void draw_vms(struct gui *g, const struct view_run *r, int x, int *y, int w)
{
	const struct scenario *sc = r->sc;
	int lh = gui_line_h(g, GF_BODY), ls = gui_line_h(g, GF_SMALL);
	uint64_t ram = r->s->cfg.ram_pages ? r->s->cfg.ram_pages : 1;
	char buf[160], a[32], b[32];

	gui_print(g, GF_BOLD, view_ui_rgb(VC_TEXT), x, *y, AL_LEFT, "GPU VMs");
	*y += lh;
	if (!sc->nnames[SIM_K_VM] || !r->s->gpu) {
		gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), x, *y, AL_LEFT, "none in this scenario");
		*y += lh;
		return;
	}
	for (uint32_t i = 0; i < sc->nnames[SIM_K_VM] && i < 4; i++) {
		uint64_t mapped = gpu_vm_mapped_pages(r->s, i);
		struct mmu *m = gpu_vm_mmu(r->s, i);
		int bw = w * 45 / 100, bx = x + w - bw;

		gui_text_fit(g, GF_BODY, view_ui_rgb(VC_TEXT), x, *y, w - bw - g->lay.pad,
			     scenario_name(sc, SIM_K_VM, i));
		/* the bar: translatable pages against all of RAM */
		gui_fill_rect(g, bx, *y + lh / 4, bw, lh / 2, view_ui_rgb(VC_BG), 255);
		gui_fill_rect(g, bx, *y + lh / 4, (int)((double)bw * (double)(mapped > ram ? ram : mapped) /
						     (double)ram), lh / 2, view_state_rgb(VS_GPU), 255);
		*y += lh;
		view_format_count(mapped, a, sizeof(a));
		view_format_count(m ? mmu_table_pages(m) : 0, b, sizeof(b));
		snprintf(buf, sizeof(buf), "%s pages mapped   %s page-table pages%s", a, b,
			 gpu_vm_active(r->s, i) ? "   active" : "");
		gui_text_fit(g, GF_SMALL, view_ui_rgb(VC_DIM), x, *y, w, buf);
		*y += ls;
	}
	if (sc->nnames[SIM_K_VM] > 4) {
		snprintf(buf, sizeof(buf), "and %u more", sc->nnames[SIM_K_VM] - 4);
		gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), x, *y, AL_LEFT, buf);
		*y += ls;
	}
}

static void draw_legend(struct gui *g, int x, int *y, int w)
{
	int lh = gui_line_h(g, GF_SMALL), sw = g->font_px[GF_SMALL], col_w = w / 2;
	static const enum view_state order[] = {
		VS_FREE, VS_OTHER, VS_RESIDENT, VS_GPU, VS_MMAPPED,
		VS_DONTNEED, VS_PINNED, VS_VMAPPED, VS_SWAP, VS_PURGED,
	};

	gui_print(g, GF_BOLD, view_ui_rgb(VC_TEXT), x, *y, AL_LEFT, "Legend");
	*y += gui_line_h(g, GF_BODY);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		int cx = x + (int)(i % 2) * col_w, cy = *y + (int)(i / 2) * lh;
		uint32_t c = view_state_rgb(order[i]);

		if (order[i] == VS_PURGED)
			gui_frame_rect(g, cx, cy + 2, sw, sw, 2, c);
		else
			gui_fill_rect(g, cx, cy + 2, sw, sw, c, 255);
		gui_text_fit(g, GF_SMALL, view_ui_rgb(VC_TEXT), cx + sw + sw / 2, cy, col_w - sw * 2,
			     view_state_name(order[i]));
	}
	*y += (int)((sizeof(order) / sizeof(order[0]) + 1) / 2) * lh;
	gui_frame_rect(g, x, *y + 2, sw, sw, 2, view_ui_rgb(VC_FLASH));
	gui_print(g, GF_SMALL, view_ui_rgb(VC_TEXT), x + sw + sw / 2, *y, AL_LEFT, "fault, swap-in");
	gui_frame_rect(g, x + col_w, *y + 2, sw, sw, 2, view_ui_rgb(VC_SCAN));
	gui_print(g, GF_SMALL, view_ui_rgb(VC_TEXT), x + col_w + sw + sw / 2, *y, AL_LEFT,
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
	int lh = gui_line_h(g, GF_SMALL), sw = g->font_px[GF_SMALL], col_w = w / 2, shown = 0;
	uint32_t n = shm_slot_count(r->s), best[16];
	uint64_t pages[16];
	int nbest = 0, max = rows * 2 - 2 < 16 ? rows * 2 - 2 : 16;
	char buf[120], cnt[32];

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
		gui_text_fit(g, GF_SMALL, view_ui_rgb(VC_TEXT), cx + sw + sw / 2, cy, col_w - sw * 2, buf);
	}
	for (int k = 0; k < 2; k++, shown++) {
		int cx = x + (shown % 2) * col_w, cy = *y + (shown / 2) * lh;
		enum view_state st = k ? VS_OTHER : VS_FREE;

		gui_fill_rect(g, cx, cy + 2, sw, sw, view_state_rgb(st), 255);
		gui_text_fit(g, GF_SMALL, view_ui_rgb(VC_TEXT), cx + sw + sw / 2, cy, col_w - sw * 2,
			     view_state_name(st));
	}
	*y += (shown + 1) / 2 * lh;
}

void gui_draw_side(struct gui *g, struct view_run *a, struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	struct view_rect sd = l->side;
	int x = sd.x + l->pad, w = sd.w - 2 * l->pad, y = sd.y + l->pad;

	gui_fill_rect(g, sd.x, sd.y, sd.w, sd.h, view_ui_rgb(VC_PANEL), 255);
	if (gv->b) {
		gui_print(g, GF_BOLD, view_ui_rgb(VC_TEXT), x, y, AL_LEFT, "A");
		y += gui_line_h(g, GF_BODY);
		draw_counters(g, a, x, &y, w);
		gui_print(g, GF_BOLD, view_ui_rgb(VC_TEXT), x, y, AL_LEFT, "B");
		y += gui_line_h(g, GF_BODY);
		draw_counters(g, gv->b, x, &y, w);
	} else {
		draw_counters(g, a, x, &y, w);
		y += l->pad;
		draw_vms(g, a, x, &y, w);
	}
	y += l->pad;
	int need = gui_line_h(g, GF_BODY) + 6 * gui_line_h(g, GF_SMALL);

	if (y + need > sd.y + sd.h)
		y = sd.y + sd.h - need;
	if (gv->mode == VIEW_MODE_LISTS)
		gui_draw_list_legend(g, x, &y, w);
	else if (gv->mode == VIEW_MODE_OWNERS)
		draw_owner_legend(g, a, x, &y, w,
				  (sd.y + sd.h - y - gui_line_h(g, GF_BODY)) / gui_line_h(g, GF_SMALL));
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

void gui_draw_log(struct gui *g, const struct view_run *r, struct view_rect area)
{
	int lh = gui_line_h(g, GF_BODY), n = area.h / lh, tw = g->lay.font * 5;
	char t[32];

	gui_fill_rect(g, area.x, area.y, area.w, area.h, view_ui_rgb(VC_PANEL), 255);
	for (int i = 0; i < n; i++) {
		const struct view_log_line *ln = view_run_log_line(r, (uint64_t)(n - 1 - i));
		int y = area.y + i * lh + 2;

		if (!ln)
			continue;
		view_format_time(ln->at, t, sizeof(t));
		gui_print(g, GF_BODY, view_ui_rgb(VC_DIM), area.x + tw - g->lay.pad, y, AL_RIGHT, t);
		gui_text_fit(g, GF_BODY, log_rgb((enum view_log_kind)ln->kind), area.x + tw, y,
			     area.w - tw - g->lay.pad, ln->text);
	}
}

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

void gui_draw_top(struct gui *g, struct view_run *a, struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	int y = (l->top.h - gui_line_h(g, GF_BIG)) / 2, x = l->pad, rx;
	/* the top of body text centred on the big line */
	int by = y + (gui_line_h(g, GF_BIG) - gui_line_h(g, GF_BODY)) / 2;
	char buf[256], t[32], sp[32];
	struct sim *s = a->s;

	gui_fill_rect(g, 0, 0, l->w, l->top.h, view_ui_rgb(VC_PANEL), 255);
	view_format_time(a->t, t, sizeof(t));
	view_format_time(gv->speed, sp, sizeof(sp));
	snprintf(buf, sizeof(buf), "%s  %s/s", gv->playing ? "\xe2\x96\xb6 playing" : "paused", sp);
	rx = l->w - l->pad;
	rx -= gui_print(g, GF_BODY, view_ui_rgb(VC_DIM), rx, by, AL_RIGHT, buf) + l->pad * 2;
	snprintf(buf, sizeof(buf), "t = %s", t);
	rx -= gui_print(g, GF_BIG, view_ui_rgb(VC_TEXT), rx, y, AL_RIGHT, buf) + l->pad * 2;
	/* the view is named: a room cannot see which key was pressed */
	rx -= gui_print(g, GF_BOLD, view_ui_rgb(VC_ACCENT), rx, by, AL_RIGHT,
			view_mode_title(gv->mode)) + l->pad * 2;
	if (s->violations || s->warnings) {
		snprintf(buf, sizeof(buf), "%" PRIu64 " violation%s  %" PRIu64 " warning%s",
			 s->violations, s->violations == 1 ? "" : "s", s->warnings,
			 s->warnings == 1 ? "" : "s");
		rx -= gui_print(g, GF_BOLD, s->violations ? 0xff5a6e : view_ui_rgb(VC_WARN), rx, by,
				AL_RIGHT, buf) + l->pad * 2;
	}
	x += gui_print(g, GF_BIG, view_ui_rgb(VC_TEXT), x, y, AL_LEFT, a->sc->name) + l->pad * 2;
	/* the kernel modelled: the same scenario answers differently under each */
	snprintf(buf, sizeof(buf), "kernel %s", sim_kernel_names[s->cfg.kernel]);
	x += gui_print(g, GF_BOLD, view_ui_rgb(VC_ACCENT), x, by, AL_LEFT, buf) + l->pad * 2;
	if (gv->status)
		snprintf(buf, sizeof(buf), "%s", gv->status);
	else if (gv->b)
		snprintf(buf, sizeof(buf), "compare: %s  vs  %s", gv->label_a, gv->label_b);
	else
		snprintf(buf, sizeof(buf), "%s", a->sc->description ? a->sc->description : "");
	gui_text_fit(g, GF_BODY, view_ui_rgb(VC_DIM), x, by, rx - x, buf);
}

static int time_x(const struct view_rect *tl, sim_ns t, sim_ns end)
{
	if (!end)
		return tl->x;
	if (t > end)
		t = end;
	return tl->x + (int)((double)t / (double)end * (tl->w - 1));
}

void gui_draw_timeline(struct gui *g, struct view_run *a, struct gui_view *gv)
{
	const struct view_layout *l = &g->lay;
	struct view_rect tl = l->timeline;
	sim_ns end = a->end ? a->end : 1;
	int bar_y = tl.y + tl.h / 2 - l->pad / 2, bar_h = l->pad, cx = time_x(&tl, a->t, end);
	char buf[32];

	gui_fill_rect(g, tl.x, bar_y, tl.w, bar_h, view_ui_rgb(VC_PANEL), 255);
	gui_fill_rect(g, tl.x, bar_y, cx - tl.x, bar_h, view_ui_rgb(VC_ACCENT), 255);
	for (uint32_t i = 0; i < a->sc->ncaptions; i++) {
		int x = time_x(&tl, a->sc->captions[i].at, end);

		gui_fill_rect(g, x - 1, tl.y + 2, 3, tl.h / 2 - 2, view_ui_rgb(VC_TEXT), 255);
	}
	for (uint32_t i = 0; i < a->nviol_at; i++) {
		int x = time_x(&tl, a->viol_at[i], end);

		gui_fill_rect(g, x - 2, bar_y - 2, 5, bar_h + tl.h / 3, view_ui_rgb(VC_BAD), 255);
	}
	if (gv->b && gv->diverge != SIM_NONE) {
		int x = time_x(&tl, gv->diverge_at, end);

		gui_fill_rect(g, x - 2, tl.y, 5, tl.h, view_ui_rgb(VC_DIVERGE), 255);
	}
	gui_fill_rect(g, cx - 2, tl.y, 5, tl.h, view_ui_rgb(VC_TEXT), 255);
	view_format_time(end, buf, sizeof(buf));
	gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), tl.x + tl.w, tl.y + tl.h - gui_line_h(g, GF_SMALL),
		  AL_RIGHT, buf);
	gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), tl.x, tl.y + tl.h - gui_line_h(g, GF_SMALL),
		  AL_LEFT, "0");
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

void gui_draw_caption(struct gui *g, struct view_run *a, bool above_strip)
{
	const struct sim_caption *c = view_run_caption(a);
	const struct view_layout *l = &g->lay;
	struct gui_text *t;
	int wrap = l->main.w * 85 / 100;

	if (!c)
		return;
	t = gui_text_get(g, GF_BIG, 0xffffff, c->text, wrap);
	if (!t)
		return;

	int x = l->main.x + (l->main.w - t->w) / 2;
	int top = g->banner.w && g->banner.y < l->log.y ? g->banner.y : l->log.y;
	int y = top - t->h - l->pad * 3 - (above_strip ? gui_line_h(g, GF_BOLD) + l->pad * 2 : 0);
	SDL_Rect r = { x, y, t->w, t->h };

	gui_fill_rect(g, x - l->pad * 2, y - l->pad, t->w + l->pad * 4, t->h + l->pad * 2, 0x000000, 215);
	gui_frame_rect(g, x - l->pad * 2, y - l->pad, t->w + l->pad * 4, t->h + l->pad * 2, 2,
		       view_ui_rgb(VC_ACCENT));
	SDL_RenderCopy(g->ren, t->tex, NULL, &r);
}

void gui_draw_banner(struct gui *g, struct view_run *a, struct view_rect area)
{
	const struct view_layout *l = &g->lay;
	const struct sim_report *rp;
	struct gui_text *msg;
	char head[300], where[300], t[32];
	int lh = gui_line_h(g, GF_BODY), h, tw = area.w - l->pad * 4;

	if (a->banner < 0 || (uint32_t)a->banner >= a->s->nr_reports)
		return;
	rp = &a->s->reports[a->banner];
	view_format_time(rp->at, t, sizeof(t));
	snprintf(head, sizeof(head), "VIOLATION of invariant %u at t = %s", rp->invariant, t);
	view_run_report_where(a, (uint32_t)a->banner, where, sizeof(where));
	/* the message wraps: what broke is the point of the banner */
	msg = gui_text_get(g, GF_BOLD, 0xffffff, rp->msg, tw > 50 ? tw : 50);
	h = gui_line_h(g, GF_BIG) + (msg ? msg->h : lh) + lh + 2 * l->pad;
	int hf = gui_text_w(g, GF_BIG, head) <= tw ? GF_BIG : GF_BOLD;

	/* over the bottom of @area (the log), growing up when taller */
	area.y += area.h - h;

	if (!g->banner.w)
		g->banner = (struct view_rect){ area.x, area.y, area.w, h };
	gui_fill_rect(g, area.x, area.y, area.w, h, view_ui_rgb(VC_BAD), 255);
	gui_frame_rect(g, area.x, area.y, area.w, h, 3, 0xffffff);
	gui_text_fit(g, hf, 0xffffff, area.x + l->pad * 2, area.y + l->pad, tw, head);
	if (msg) {
		SDL_Rect r = { area.x + l->pad * 2, area.y + l->pad + gui_line_h(g, GF_BIG), msg->w, msg->h };

		SDL_RenderCopy(g->ren, msg->tex, NULL, &r);
	}
	gui_text_fit(g, GF_BODY, 0xffffff, area.x + l->pad * 2,
		     area.y + l->pad + gui_line_h(g, GF_BIG) + (msg ? msg->h : lh), tw, where);
}

void gui_draw_diverge(struct gui *g, struct view_run *a, struct gui_view *gv,
			 struct view_rect area)
{
	const struct view_layout *l = &g->lay;
	char buf[400], what[96], t[32];
	const struct sim_event *e;
	int lh = gui_line_h(g, GF_BOLD);

	if (!gv->b || gv->diverge == SIM_NONE || a->t < gv->diverge_at)
		return;
	if (gv->diverge == VIEW_DIVERGE_STATE) {
		view_format_time(gv->diverge_at, t, sizeof(t));
		snprintf(buf, sizeof(buf), "first divergence at t = %s: the runs' memory differs "
			 "from here (generated workloads)", t);
		goto draw;
	}
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
draw:
	gui_fill_rect(g, area.x, area.y + area.h - lh - l->pad, area.w, lh + l->pad,
		      view_ui_rgb(VC_DIVERGE), 235);
	gui_text_fit(g, GF_BOLD, 0x0f1218, area.x + l->pad, area.y + area.h - lh - l->pad / 2,
		     area.w - 2 * l->pad, buf);
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

		gui_print(g, GF_BOLD, view_ui_rgb(VC_ACCENT), x + l->pad * 2, ty, AL_LEFT, help_lines[i][0]);
		gui_text_fit(g, GF_BODY, view_ui_rgb(VC_TEXT), x + w / 3, ty, w * 2 / 3 - l->pad * 2,
			     help_lines[i][1]);
	}
}
