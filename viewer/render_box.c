// SPDX-License-Identifier: MIT
/*
 * viewer/render_box.c - the box recorder: every part of a picture that
 * gui_draw() lays out (a map, the legend, the caption band, the banner, a
 * panel, each line of text) is written down as a box with a role, an id,
 * its rectangle, its text, whether the text was cut, and the box it sits
 * in.  `gemsim-view --headless --layout FILE.json` writes the list, and
 * tests/layout.sh checks it: nothing covers anything it does not belong to,
 * no key label is cut, everything is on the picture.
 *
 * Drawing code opens a parent with gui_box_begin() and closes it with
 * gui_box_end(); gui_print() and gui_text_fit() record a "text" box inside
 * the open parent by themselves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonw.h"
#include "viewer/render.h"

void gui_boxes_reset(struct gui *g)
{
	g->nbox = 0;
	g->box_ntext = 0;
	g->box_depth = 0;
	g->box_deep = 0;
}

/* Keep @s in the text arena. Returns: its offset, or UINT32_MAX. */
static uint32_t keep_text(struct gui *g, const char *s)
{
	size_t n = strlen(s) + 1;

	if (g->box_ntext + n > g->box_text_cap) {
		size_t cap = g->box_text_cap ? g->box_text_cap : 4096;
		char *p;

		while (cap < g->box_ntext + n)
			cap *= 2;
		p = realloc(g->box_text, cap);
		if (!p) {
			g->box_oom = true;
			return UINT32_MAX;
		}
		g->box_text = p;
		g->box_text_cap = cap;
	}
	memcpy(g->box_text + g->box_ntext, s, n);
	g->box_ntext += n;
	return (uint32_t)(g->box_ntext - n);
}

static struct gui_box *add_box(struct gui *g, const char *role, const char *id, int x, int y, int w,
			       int h)
{
	struct gui_box *b;

	if (g->nbox == g->box_cap) {
		uint32_t cap = g->box_cap ? g->box_cap * 2 : 256;
		struct gui_box *p = realloc(g->box, cap * sizeof(*p));

		if (!p) {
			g->box_oom = true;
			return NULL;
		}
		g->box = p;
		g->box_cap = cap;
	}
	b = &g->box[g->nbox];
	*b = (struct gui_box){ .x = x,
			       .y = y,
			       .w = w,
			       .h = h,
			       .text = UINT32_MAX,
			       .parent = g->box_depth ? g->box_stack[g->box_depth - 1] : -1 };
	snprintf(b->role, sizeof(b->role), "%s", role);
	if (id)
		snprintf(b->id, sizeof(b->id), "%s", id);
	else
		snprintf(b->id, sizeof(b->id), "%s%u", role, g->nbox);
	g->nbox++;
	return b;
}

void gui_box_begin(struct gui *g, const char *role, const char *id, int x, int y, int w, int h)
{
	struct gui_box *b = add_box(g, role, id, x, y, w, h);
	/* a parent that could not be kept still nests: its children go to its parent */
	int idx = b ? (int)(b - g->box) : g->box_depth ? g->box_stack[g->box_depth - 1] : -1;

	if (g->box_depth < GUI_BOX_DEPTH)
		g->box_stack[g->box_depth++] = idx;
	else
		g->box_deep++;
}

void gui_box_end(struct gui *g)
{
	if (g->box_deep)
		g->box_deep--;
	else if (g->box_depth > 0)
		g->box_depth--;
}

void gui_box(struct gui *g, const char *role, const char *id, int x, int y, int w, int h,
	     const char *text, bool clipped)
{
	struct gui_box *b = add_box(g, role, id, x, y, w, h);

	if (!b)
		return;
	b->clipped = clipped;
	if (text)
		b->text = keep_text(g, text);
}

int gui_boxes_write(const struct gui *g, FILE *f)
{
	struct jsonw w;

	if (g->box_oom)
		return -1;
	jsonw_init(&w, f, true);
	jsonw_obj_open(&w);
	jsonw_key(&w, "width");
	jsonw_i64(&w, g->w);
	jsonw_key(&w, "height");
	jsonw_i64(&w, g->h);
	jsonw_key(&w, "boxes");
	jsonw_arr_open(&w);
	for (uint32_t i = 0; i < g->nbox; i++) {
		const struct gui_box *b = &g->box[i];

		jsonw_obj_open(&w);
		jsonw_key(&w, "id");
		jsonw_str(&w, b->id);
		jsonw_key(&w, "role");
		jsonw_str(&w, b->role);
		jsonw_key(&w, "x");
		jsonw_i64(&w, b->x);
		jsonw_key(&w, "y");
		jsonw_i64(&w, b->y);
		jsonw_key(&w, "w");
		jsonw_i64(&w, b->w);
		jsonw_key(&w, "h");
		jsonw_i64(&w, b->h);
		jsonw_key(&w, "text");
		jsonw_str(&w, b->text == UINT32_MAX ? "" : g->box_text + b->text);
		jsonw_key(&w, "clipped");
		jsonw_bool(&w, b->clipped);
		jsonw_key(&w, "parent");
		if (b->parent >= 0)
			jsonw_str(&w, g->box[b->parent].id);
		else
			jsonw_raw(&w, "null");
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	jsonw_end(&w);
	return ferror(f) ? -1 : 0;
}
