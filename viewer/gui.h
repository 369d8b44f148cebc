/* SPDX-License-Identifier: MIT */
/*
 * viewer/gui.h - the SDL half of gemsim-view: drawing a picture of one or
 * two runs (render.c, render_map.c, render_panel.c), PNG files (png.c),
 * driven by main.c, loop.c and headless.c.
 *
 * One struct gui holds the renderer and everything cached between
 * pictures: fonts at the sizes the layout asked for, rendered strings, the
 * streaming texture the maps are rasterised into.  The same code draws
 * into a window (interactive) or into an SDL_Surface through SDL's
 * software renderer (headless: no display, no window, same pixels).
 */
#ifndef GEMSIM_VIEWER_GUI_H
#define GEMSIM_VIEWER_GUI_H

#include <stdio.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "viewer/view.h"

enum gui_font {
	GF_BODY,
	GF_BOLD,
	GF_BIG,
	GF_SMALL,
	GF_LABEL, /* object names on map cells: the small size at font scale 1 */
	GF_COUNT
};

#define GUI_TEXT_CACHE 2048

struct gui_text {
	uint64_t key; /* hash of font, colour, wrap and string; 0 = empty */
	SDL_Texture *tex;
	int w, h;
};

/* What the picture shows besides the runs themselves. */
struct gui_view {
	enum view_mode mode;
	sim_ns speed;    /* simulated ns per wall second */
	sim_ns fx_extra; /* effects run this far past the clock (paused, interactive) */
	bool playing;
	bool help;
	bool banner;          /* show the violation banner */
	uint32_t zoom;        /* object shown alone in the objects view, or SIM_NONE */
	int scroll;           /* objects view: first row */
	int mouse_x, mouse_y; /* -1: not over the picture */
	bool talk;
	const char *status; /* a short message in the top bar, or NULL */
	/* compare mode */
	struct view_run *b; /* the second run, or NULL */
	const char *label_a, *label_b;
	uint32_t diverge; /* first diverging event, or SIM_NONE */
	sim_ns diverge_at;
};

#define GUI_BOX_DEPTH 16

/*
 * struct gui_box - one laid-out part of the picture (render_box.c): a map,
 * the legend, the caption band, the banner, a panel, a line of text.
 */
struct gui_box {
	char id[48];   /* unique in the picture: "ram", "A.swap", "legend", "t17" */
	char role[12]; /* map, caption, legend, banner, text, log, headline, panel, ... */
	int x, y, w, h;
	int parent;    /* index of the box it sits in, or -1 */
	bool clipped;  /* its text was cut (ellipsis or cropped) */
	uint32_t text; /* offset in gui.box_text, or UINT32_MAX */
};

struct gui {
	SDL_Window *win; /* NULL headless */
	SDL_Renderer *ren;
	SDL_Surface *surf; /* headless target */
	int w, h;          /* picture size in pixels */
	double font_scale; /* user's --font-scale times display DPI scale */
	char font_path[512], bold_path[512];
	TTF_Font *font[GF_COUNT];
	int font_px[GF_COUNT];
	struct view_layout lay;
	bool laid;            /* lay measured for this size (gui_layout()) */
	int cap_font;         /* the captions' font: GF_BIG, or GF_BOLD when long */
	SDL_Texture *map_tex; /* streaming, lay.main (or a pane) sized */
	int map_w, map_h;
	uint32_t *map_px;
	struct gui_text cache[GUI_TEXT_CACHE];
	uint32_t ncache;
	struct view_model model_a, model_b;
	/* the grids of the last picture, for mouse hits: [run][ram, swap] */
	struct view_grid grid[2][2];
	struct view_rect obj_rows; /* objects view: where rows start */
	struct view_rect banner;   /* the violation banner of the last picture, or w = 0 */
	/* holders view: the cards of the last picture, [run][card], for --locate */
	struct gui_card {
		uint32_t bo;
		struct view_rect box;                /* the card */
		int strip_x, strip_y, strip_h, cell; /* its page strip; cell 0: a bar */
	} cards[2][64];
	unsigned ncards[2];
	struct view_lists_pic *lists_pic[2]; /* the list view's rows, per run (render_list.c) */
	/* the list view of run A: where --locate's object and the scan cursor went */
	uint32_t list_bo;             /* the object to find (set before drawing), or SIM_NONE */
	int list_gi;                  /* the run being drawn: 0 = A */
	struct view_rect list_hit;    /* its block in the list now (w = 0: not drawn) */
	struct view_rect list_cursor; /* the scan cursor (w = 0: none) */
	/* where each list's blocks went, per run, for the mouse (render_list.c) */
	struct gui_list_strip {
		int x, y, per, bw, bh, pitch, lines;
		int row; /* index in lists_pic[run]->rows, -1: none */
	} list_strips[2][VIEW_LIST_ROWS];
	int row_h;
	/* the box recorder (render_box.c): every box of the last picture */
	struct gui_box *box;
	uint32_t nbox, box_cap;
	char *box_text;
	size_t box_ntext, box_text_cap;
	int box_stack[GUI_BOX_DEPTH];
	int box_depth, box_deep;
	bool box_oom;
};

/** gui_find_font() - find DejaVu Sans (or $GEMSIM_FONT). Returns: 0 or -1 (message printed). */
int gui_find_font(struct gui *g);

/** gui_init_window() - a resizable window of @w x @h. Returns: 0 or -1 (message printed). */
int gui_init_window(struct gui *g, int w, int h, const char *title);

/** gui_init_headless() - a @w x @h software target, no display. Returns: 0 or -1. */
int gui_init_headless(struct gui *g, int w, int h);

/** gui_fini() - free everything. */
void gui_fini(struct gui *g);

/** gui_resize() - the picture is now @w x @h: re-layout, re-open fonts. Returns: 0 or -1. */
int gui_resize(struct gui *g, int w, int h, const struct view_run *a);

/** gui_draw() - draw the picture of @a (and gv->b) at a->t. Returns: 0 or -1 on host OOM. */
int gui_draw(struct gui *g, struct view_run *a, struct gui_view *gv);

/** gui_present() - show the picture (window) or nothing (headless). */
void gui_present(struct gui *g);

/** gui_read_pixels() - the picture as ARGB8888, w*h, malloc'd. Returns: NULL on failure. */
uint32_t *gui_read_pixels(struct gui *g);

/** gui_draw_tooltip() - @s in a box beside the pointer at (@mx, @my), on the picture. */
void gui_draw_tooltip(struct gui *g, int mx, int my, const char *s);

/** gui_hover_text() - describe what is under the mouse. Returns: false when nothing. */
bool gui_hover_text(struct gui *g, struct view_run *a, struct gui_view *gv, char *buf, size_t len);

/** gui_click() - Returns: the object slot at picture point @x,@y, or SIM_NONE. */
uint32_t gui_click_object(struct gui *g, struct view_run *a, struct gui_view *gv, int x, int y);

/** gui_timeline_time() - Returns: the time at picture x @x on the timeline, or UINT64_MAX
 * when @x,@y is not on it. */
sim_ns gui_timeline_time(const struct gui *g, const struct view_run *a, int x, int y,
			 bool dragging);

/** gui_locate() - the picture point at the centre of page @page of object @bo in
 * the RAM map (or swap map when evicted). Returns: false when not shown. */
bool gui_locate(struct gui *g, struct view_run *a, uint32_t bo, uint64_t page, int *x, int *y);

/** gui_list_hover() - describe the list view's block under @mx,@my.
 * Returns: false when there is none. */
bool gui_list_hover(struct gui *g, struct view_run *a, struct gui_view *gv, int mx, int my,
		    char *buf, size_t len);

/**
 * gui_list_locate() - --locate for the list view: "list:BO" (a point of BO's
 * block in the list now, below its name), "list-edge:BO" (a point just inside the top
 * edge of that block, where a rotated object's outline is) or "scan" (a
 * point of the scan cursor).  @seek_draw(@ctx) seeks to the picture's time
 * and draws it; then prints "X,Y".
 * Returns: 0; 1 when it is not in the picture (or the picture failed); 2 for
 * an unknown object or outside the list view; -1 when @what is none of these
 * (another --locate).
 */
int gui_list_locate(struct gui *g, struct view_run *a, struct gui_view *gv, const char *what,
		    int (*seek_draw)(void *ctx), void *ctx);
/* render_box.c: the box recorder */

/**
 * gui_box_begin() - record a box that others sit in (a panel, a map, the
 * legend) and open it: boxes recorded until gui_box_end() name it as parent.
 * @role: map, caption, legend, banner, log, headline, panel, ...
 * @id: unique in the picture ("ram", "A.swap"), or NULL for role + number.
 */
void gui_box_begin(struct gui *g, const char *role, const char *id, int x, int y, int w, int h);

/** gui_box_end() - close the box gui_box_begin() opened last. */
void gui_box_end(struct gui *g);

/**
 * gui_box() - record a box with no children inside the open parent.
 * @text: what it says, or NULL; @clipped: the text was cut to fit.
 * gui_print() and gui_text_fit() call it for every string ("text").
 */
void gui_box(struct gui *g, const char *role, const char *id, int x, int y, int w, int h,
	     const char *text, bool clipped);

/** gui_boxes_reset() - forget the boxes: a new picture starts. */
void gui_boxes_reset(struct gui *g);

/** gui_boxes_write() - the boxes as --layout JSON to @f. Returns: 0 or -1. */
int gui_boxes_write(const struct gui *g, FILE *f);

/* png.c */

/** view_png_write() - write ARGB8888 pixels to @path. Returns: 0 or -1 (message printed). */
int view_png_write(const char *path, const uint32_t *argb, int w, int h);

/** view_png_probe() - Returns: 0 and the colour (0xRRGGBB) of pixel @x,@y of @path, or -1. */
int view_png_probe(const char *path, int x, int y, uint32_t *rgb);

#endif
