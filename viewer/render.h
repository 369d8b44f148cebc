/* SPDX-License-Identifier: MIT */
/*
 * viewer/render.h - inside the drawing code (render.c, render_map.c,
 * render_panel.c): the primitives render.c provides (rectangles, cached
 * text) and the parts of the picture gui_draw() puts together.  Not for
 * main.c: it uses viewer/gui.h.
 */
#ifndef GEMSIM_VIEWER_RENDER_H
#define GEMSIM_VIEWER_RENDER_H

#include "viewer/gui.h"

struct shm_object;

/* text alignment for gui_print(): @x is the left edge, the centre, the right edge */
enum { AL_LEFT, AL_CENTRE, AL_RIGHT };

/* render.c: primitives */

/** gui_open_fonts() - open the fonts at the sizes g->lay asks for. Returns: 0 or -1. */
int gui_open_fonts(struct gui *g);

/** gui_fill_rect() - fill a rectangle with @rgb at opacity @a (255: opaque). */
void gui_fill_rect(struct gui *g, int x, int y, int w, int h, uint32_t rgb, uint8_t a);

/** gui_frame_rect() - a @t pixel border just inside the rectangle. */
void gui_frame_rect(struct gui *g, int x, int y, int w, int h, int t, uint32_t rgb);

/** gui_text_get() - @s rendered (wrapped at @wrap pixels when > 0), from the cache.
 * Returns: NULL on failure. */
struct gui_text *gui_text_get(struct gui *g, int font, uint32_t rgb, const char *s, int wrap);

/** gui_print() - draw @s with its top at @y, aligned at @x. Returns: its width. */
int gui_print(struct gui *g, int font, uint32_t rgb, int x, int y, int align, const char *s);

/** gui_text_w() - Returns: the width of @s in @font. */
int gui_text_w(struct gui *g, int font, const char *s);

/** gui_text_fit() - draw @s cut to @maxw pixels with an ellipsis. Returns: its width. */
int gui_text_fit(struct gui *g, int font, uint32_t rgb, int x, int y, int maxw, const char *s);

/** gui_text_h() - Returns: the height of @s wrapped at @wrap pixels in @font (0: none). */
int gui_text_h(struct gui *g, int font, const char *s, int wrap);

/** gui_line_h() - Returns: the height of a line of @font. */
int gui_line_h(const struct gui *g, int font);

/** gui_ink_on() - Returns: black or white, whichever reads better on @bg. */
uint32_t gui_ink_on(uint32_t bg);

/* render_map.c: maps and the objects view */

/**
 * gui_cell_fn - draws page @page of a strip in the column @x, @w wide.
 */
typedef void gui_cell_fn(struct gui *g, void *ctx, uint64_t page, int x, int w);

/**
 * gui_page_strip() - a strip of @n pages @w wide and @h high from @x: a cell
 * a page when cells of @gap + 1 pixels fit (at most @h wide, @gap pixels
 * between cells wider than @gap + 2, else one less), else a pixel column
 * each, showing the page at its start.
 * @g: the window.
 * @x, @w, @h: the strip's left edge, width and height.
 * @n: pages.
 * @gap: 1 (the maps) or 2 (the object card).
 * @cell: draws each cell.
 * @ctx: for @cell.
 *
 * Returns: the cell's width, or 0 when the strip is drawn a column a pixel.
 */
int gui_page_strip(struct gui *g, int x, int w, int h, uint64_t n, int gap, gui_cell_fn *cell,
		   void *ctx);

/** gui_obj_counts() - an object's pin, vmap, madvise and mapping counts as text. */
void gui_obj_counts(const struct shm_object *o, char *buf, size_t len);

/** gui_draw_maps() - the RAM and swap maps of @r in @area; fills g->grid[@gi]. */
void gui_draw_maps(struct gui *g, struct view_run *r, struct view_model *m, int gi,
		   struct view_rect area, struct gui_view *gv);

/** gui_draw_objects() - the objects view of @r in @area. */
void gui_draw_objects(struct gui *g, struct view_run *r, struct view_model *m,
		      struct view_rect area, struct gui_view *gv);

/* render_cards.c: the holders view */

/** gui_draw_holders() - object cards of @r with their holders in @area (maps
 * beside them when @area is wide); fills g->grid[@gi] when it draws maps. */
void gui_draw_holders(struct gui *g, struct view_run *r, struct view_model *m, int gi,
		      struct view_rect area, struct gui_view *gv);

/** gui_locate_card() - the centre of page @page's cell in @bo's card of the
 * last holders picture, or with @page UINT64_MAX a point of the card's
 * border.  Returns: false when @bo has no card (or its strip is a bar). */
bool gui_locate_card(struct gui *g, uint32_t bo, uint64_t page, int *x, int *y);
/* render_list.c: the list view */

/** gui_draw_lists() - the shrinker's lists of @r (run @gi: 0 = A, 1 = B) in @area. */
void gui_draw_lists(struct gui *g, struct view_run *r, int gi, struct view_rect area,
		    struct gui_view *gv);

/** gui_draw_list_legend() - the list view's legend at @x, *@y (moved past it), @w wide. */
void gui_draw_list_legend(struct gui *g, int x, int *y, int w);

/* render_headline.c: compare mode's headline */

/** gui_headline_h() - Returns: the height of the headline band. */
int gui_headline_h(const struct gui *g);

/** gui_draw_headline() - the headline metric of A and gv->b, their difference and its
 * running chart, in @r. */
void gui_draw_headline(struct gui *g, struct view_run *a, struct gui_view *gv, struct view_rect r);

/* render_panel.c: around the maps */

/** gui_side_width() - Returns: the side panel's width its counters and legend need. */
int gui_side_width(struct gui *g, const struct gui_view *gv);

/** gui_side_fits() - Returns: whether the legend and the counters fit the side panel. */
bool gui_side_fits(struct gui *g, const struct gui_view *gv);

/** gui_banner_need() - Returns: the height the violation banner needs in a log band
 * shared by @panes panes. */
int gui_banner_need(struct gui *g, int panes, int side_w);

/** gui_draw_side() - the side panel: counters, sparklines, VMs, legend. */
void gui_draw_side(struct gui *g, struct view_run *a, struct gui_view *gv);

/**
 * gui_draw_log() - the last lines of @r's event log in @area, and the
 * violation banner at its bottom when @banner and there is one (sets g->banner).
 * @pre: the box ids' prefix: "" or, in compare mode, "A." and "B.".
 */
void gui_draw_log(struct gui *g, struct view_run *r, struct view_rect area, bool banner,
		  const char *pre);

/** gui_draw_help() - the keys. */
void gui_draw_help(struct gui *g);

/* render_band.c: the full-width bands */

/** gui_layout() - measure the text the bands need and lay the picture out. Returns: 0. */
int gui_layout(struct gui *g, const struct view_run *a, const struct gui_view *gv);

/** gui_draw_top() - the title bar: scenario, kernel, view, violations, time. */
void gui_draw_top(struct gui *g, struct view_run *a, struct gui_view *gv);

/** gui_draw_caption() - the caption band: the caption of the moment, or the description. */
void gui_draw_caption(struct gui *g, struct view_run *a);

/** gui_draw_diverge() - compare mode's strip: where the two runs diverge. */
void gui_draw_diverge(struct gui *g, struct view_run *a, struct gui_view *gv);

/** gui_draw_timeline() - the timeline with captions, violations and divergence marked. */
void gui_draw_timeline(struct gui *g, struct view_run *a, struct gui_view *gv);

#endif
