// SPDX-License-Identifier: MIT
/*
 * viewer/render_headline.c - compare mode's headline band: the chosen
 * metric (the scenario's "headline" or --headline) large for A and B, the
 * difference and percent, and a small chart of the running difference
 * A - B over the run, with the first divergence marked.
 *
 *   pages_swapped_in so far      A 4 102   B 3 017   A - B  +1 085 (+36%)   [~~~chart~~~]
 *   at the end: A 13 296, B 9 728 (+37%)
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gem/shm.h"
#include "viewer/render.h"

/* The running difference A - B over the whole run, zero in the middle. */
static void diff_chart(struct gui *g, const struct view_run *a, const struct view_run *b,
		       const struct gui_view *gv, struct view_rect c)
{
	uint32_t n = a->nsampled < b->nsampled ? a->nsampled : b->nsampled;
	double vmax = 1, val[VIEW_SAMPLES];
	int mid = c.y + c.h / 2;
	sim_ns end = a->end ? a->end : 1;

	gui_fill_rect(g, c.x, c.y, c.w, c.h, view_ui_rgb(VC_BG), 255);
	gui_fill_rect(g, c.x, mid, c.w, 1, view_ui_rgb(VC_DIM), 255);
	for (uint32_t i = 0; i < n; i++) {
		val[i] = (double)a->samples[i].headline - (double)b->samples[i].headline;
		if (val[i] > vmax || -val[i] > vmax)
			vmax = val[i] > 0 ? val[i] : -val[i];
	}
	/* bars from the zero line: above when A has more */
	for (uint32_t i = 0; i < n; i++) {
		int x0 = c.x + (int)((int64_t)i * c.w / VIEW_SAMPLES);
		int x1 = c.x + (int)((int64_t)(i + 1) * c.w / VIEW_SAMPLES);
		int h = (int)(val[i] / vmax * (c.h / 2 - 2));

		if (h > 0)
			gui_fill_rect(g, x0, mid - h, x1 - x0 > 0 ? x1 - x0 : 1, h,
				      view_ui_rgb(VC_ACCENT), 255);
		else if (h < 0)
			gui_fill_rect(g, x0, mid + 1, x1 - x0 > 0 ? x1 - x0 : 1, -h,
				      view_ui_rgb(VC_DIVERGE), 255);
	}
	if (gv->diverge != SIM_NONE) {
		int x = c.x + (int)((double)gv->diverge_at / (double)end * (c.w - 1));

		gui_fill_rect(g, x - 1, c.y, 3, c.h, view_ui_rgb(VC_DIVERGE), 255);
	}
	gui_fill_rect(g, c.x + (int)((double)a->t / (double)end * (c.w - 1)), c.y, 2, c.h,
		      view_ui_rgb(VC_TEXT), 255);
	gui_frame_rect(g, c.x, c.y, c.w, c.h, 1, view_ui_rgb(VC_PANEL));
}

int gui_headline_h(const struct gui *g)
{
	return gui_line_h(g, GF_BIG) + gui_line_h(g, GF_SMALL) + g->lay.pad;
}

void gui_draw_headline(struct gui *g, struct view_run *a, struct gui_view *gv, struct view_rect r)
{
	struct view_run *b = gv->b;
	uint64_t va = view_headline_value(&a->hl, a->s), vb = view_headline_value(&b->hl, b->s);
	uint64_t ea = view_headline_end(a), eb = view_headline_end(b);
	int lb = gui_line_h(g, GF_BIG), pad = g->lay.pad, x = r.x, cw = r.w * 28 / 100;
	int by = r.y + gui_line_h(g, GF_SMALL);
	char buf[256], na[48], nb[48], d[64];

	SDL_RenderSetClipRect(g->ren, &(SDL_Rect){ r.x, r.y, r.w, r.h });
	gui_fill_rect(g, r.x, r.y, r.w, r.h, view_ui_rgb(VC_PANEL), 255);
	x += pad;
	/* what the number is, so far or at the end, and where it ends */
	view_format_grouped(ea, na, sizeof(na));
	view_format_grouped(eb, nb, sizeof(nb));
	view_format_diff(ea, eb, d, sizeof(d));
	if (a->t < a->end)
		snprintf(buf, sizeof(buf), "%s so far   \xc2\xb7   at the end: A %s, B %s, %s",
			 view_headline_label(&a->hl), na, nb, d);
	else if (a->hl.stat)
		snprintf(buf, sizeof(buf), "%s at the end: %s", view_headline_label(&a->hl),
			 a->hl.stat->doc);
	else
		snprintf(buf, sizeof(buf), "%s at the end", view_headline_label(&a->hl));
	/* never cut: the counter's meaning, then "at the end", go first when it is narrow */
	if (gui_text_w(g, GF_SMALL, buf) > r.w - cw - 3 * pad)
		snprintf(buf, sizeof(buf), "%s%s", view_headline_label(&a->hl),
			 a->t < a->end ? " so far" : " at the end");
	if (gui_text_w(g, GF_SMALL, buf) > r.w - cw - 3 * pad)
		snprintf(buf, sizeof(buf), "%s", view_headline_label(&a->hl));
	gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), x, r.y, AL_LEFT, buf);
	view_format_grouped(va, na, sizeof(na));
	view_format_grouped(vb, nb, sizeof(nb));
	x += gui_print(g, GF_BIG, view_ui_rgb(VC_ACCENT), x, by, AL_LEFT, "A ");
	x += gui_print(g, GF_BIG, view_ui_rgb(VC_TEXT), x, by, AL_LEFT, na) + pad * 3;
	x += gui_print(g, GF_BIG, view_ui_rgb(VC_DIVERGE), x, by, AL_LEFT, "B ");
	x += gui_print(g, GF_BIG, view_ui_rgb(VC_TEXT), x, by, AL_LEFT, nb) + pad * 3;
	view_format_diff(va, vb, d, sizeof(d));
	snprintf(buf, sizeof(buf), "A \xe2\x88\x92 B  %s", d);
	if (x + gui_text_w(g, GF_BIG, buf) < r.x + r.w - cw - 2 * pad) {
		gui_print(g, GF_BIG, view_ui_rgb(VC_TEXT), x, by, AL_LEFT, buf);
	} else {
		/* the difference alone, in the largest font it fits, never cut */
		static const int fonts[] = { GF_BOLD, GF_BODY, GF_SMALL };

		for (unsigned i = 0; i < sizeof(fonts) / sizeof(fonts[0]); i++)
			if (x + gui_text_w(g, fonts[i], d) < r.x + r.w - cw - 2 * pad) {
				gui_print(g, fonts[i], view_ui_rgb(VC_TEXT), x,
					  by + (lb - gui_line_h(g, fonts[i])) / 2, AL_LEFT, d);
				break;
			}
	}
	gui_print(g, GF_SMALL, view_ui_rgb(VC_DIM), r.x + r.w - cw - pad, r.y, AL_LEFT,
		  "A \xe2\x88\x92 B over the run");
	diff_chart(g, a, b, gv,
		   (struct view_rect){ r.x + r.w - cw - pad, by + 4, cw,
				       r.y + r.h - by - 4 - pad / 2 });
	SDL_RenderSetClipRect(g->ren, NULL);
}
