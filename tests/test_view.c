// SPDX-License-Identifier: MIT
/*
 * tests/test_view.c - the viewer's SDL-free half (viewer/model.c,
 * viewer/raster.c, viewer/drive.c) and the "captions" block of the loader:
 * page states, palette, grid, rasterised pixels, effects on simulated time,
 * seeking, stops at violations and captions, compare mode's first
 * divergence.
 * The SDL half is checked pixel by pixel from PNGs by tests/view.sh.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gem/pg.h"
#include "gem/shm.h"
#include "run/load.h"
#include "viewer/view.h"

/* A pin-then-shrink story: a (pinned) survives, b is evicted, c purged. */
static const char shrink_json[] =
	"{ \"version\": 1, \"memory\": { \"ram_pages\": 64, \"swap_pages\": 64 },\n"
	"  \"objects\": [ { \"name\": \"a\", \"pages\": 8 }, { \"name\": \"b\", \"pages\": 8 },\n"
	"               { \"name\": \"c\", \"pages\": 8 } ],\n"
	"  \"events\": [\n"
	"    { \"at\": \"1ms\", \"op\": \"pin\", \"bo\": \"a\" },\n"
	"    { \"at\": \"1ms\", \"op\": \"get_pages\", \"bo\": \"b\" },\n"
	"    { \"at\": \"1ms\", \"op\": \"get_pages\", \"bo\": \"c\" },\n"
	"    { \"at\": \"2ms\", \"op\": \"madvise\", \"bo\": \"c\", \"advice\": \"dontneed\" },\n"
	"    { \"at\": \"3ms\", \"op\": \"mmap\", \"bo\": \"b\", \"map\": \"m\" },\n"
	"    { \"at\": \"3ms\", \"op\": \"cpu_access\", \"map\": \"m\", \"page\": 2 },\n"
	"    { \"at\": \"5ms\", \"op\": \"shrink\", \"nr\": 64 }\n"
	"  ],\n"
	"  \"captions\": [ { \"at\": \"4ms\", \"text\": \"shrink next\", \"pause\": true },\n"
	"                  { \"at\": \"2ms\", \"text\": \"dontneed\" } ]\n"
	"}\n";

/* vmap without a pin, then reclaim and a CPU access: violation 11 at 4ms. */
static const char vmap_json[] =
	"{ \"version\": 1, \"memory\": { \"ram_pages\": 32, \"swap_pages\": 32 },\n"
	"  \"policy\": { \"vmap_pins\": false },\n"
	"  \"objects\": [ { \"name\": \"v\", \"pages\": 8 } ],\n"
	"  \"events\": [\n"
	"    { \"at\": \"1ms\", \"op\": \"vmap\", \"bo\": \"v\" },\n"
	"    { \"at\": \"2ms\", \"op\": \"shrink\", \"nr\": 32 },\n"
	"    { \"at\": \"4ms\", \"op\": \"vmap_access\", \"bo\": \"v\", \"page\": 1 },\n"
	"    { \"at\": \"6ms\", \"op\": \"vunmap\", \"bo\": \"v\" }\n"
	"  ],\n"
	"  \"expect\": [ { \"at\": \"end\", \"that\": { \"violations\": { \"min\": 1 } } } ]\n"
	"}\n";

#define MS 1000000ull

/* Write @text to a temporary file; the caller unlinks @path. */
static void temp_file(char *path, const char *text)
{
	int fd;

	strcpy(path, "/tmp/gemsim-test-view-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
}

static struct view_run *open_text(const char *text, const char *const *sets, size_t nsets,
				  bool record)
{
	struct view_run *v = calloc(1, sizeof(*v));
	struct load_opts o = { .sets = sets, .nsets = nsets };
	struct sim_error err;
	char path[64];

	ck_assert_ptr_nonnull(v);
	temp_file(path, text);
	ck_assert_int_eq(view_run_open(v, path, &o, true, record, &err), 0);
	unlink(path);
	return v;
}

static void close_run(struct view_run *v)
{
	view_run_close(v);
	free(v);
}

static struct scenario *load(const char *text, struct sim_error *err)
{
	return scenario_load_text("t.json", text, strlen(text), NULL, err);
}

/* ---- palette ------------------------------------------------------------- */

START_TEST(test_state_colours_are_distinct_and_read_on_the_background)
{
	uint32_t bg = view_ui_rgb(VC_BG);

	for (int i = 0; i < VS_COUNT; i++) {
		for (int j = i + 1; j < VS_COUNT; j++)
			ck_assert_uint_ne(view_state_rgb((enum view_state)i),
					  view_state_rgb((enum view_state)j));
		/* free is meant to recede; everything else stands out at least 3:1 */
		if (i != VS_FREE && i != VS_PURGED)
			ck_assert_uint_ge(view_contrast(view_state_rgb((enum view_state)i), bg),
					  300);
	}
	ck_assert_uint_ge(view_contrast(view_ui_rgb(VC_TEXT), bg), 700);
	ck_assert_uint_ge(view_contrast(view_ui_rgb(VC_DIM), bg), 450);
	ck_assert_uint_ge(view_contrast(0xffffff, view_ui_rgb(VC_BAD)), 450);
}
END_TEST

START_TEST(test_effects_and_purged_read_from_the_back_of_the_room)
{
	uint32_t bg = view_ui_rgb(VC_BG), panel = view_ui_rgb(VC_PANEL);

	/* a fault and a shrinker visit are different marks, not both white rings */
	ck_assert_uint_ne(view_ui_rgb(VC_SCAN), view_ui_rgb(VC_FLASH));
	ck_assert_uint_ge(view_contrast(view_ui_rgb(VC_SCAN), view_ui_rgb(VC_FLASH)), 150);
	ck_assert_uint_ge(view_contrast(view_ui_rgb(VC_SCAN), bg), 300);
	/* the purged outline is seen on the background and the panel */
	ck_assert_uint_ge(view_contrast(view_state_rgb(VS_PURGED), bg), 450);
	ck_assert_uint_ge(view_contrast(view_state_rgb(VS_PURGED), panel), 450);
}
END_TEST

START_TEST(test_state_names_and_aliases_are_found)
{
	ck_assert_int_eq(view_state_find("pinned"), VS_PINNED);
	ck_assert_int_eq(view_state_find("evicted to swap"), VS_SWAP);
	ck_assert_int_eq(view_state_find("swap"), VS_SWAP);
	ck_assert_int_eq(view_state_find("other"), VS_OTHER);
	ck_assert_int_eq(view_state_find("leaked"), VS_LEAKED);
	ck_assert_int_eq(view_state_find("nonsense"), -1);
	for (int i = 0; i < VS_COUNT; i++)
		ck_assert_int_eq(view_state_find(view_state_name((enum view_state)i)), i);
}
END_TEST

START_TEST(test_mix_goes_from_one_colour_to_the_other)
{
	ck_assert_uint_eq(view_mix(0x102030, 0xffffff, 0), 0x102030);
	ck_assert_uint_eq(view_mix(0x102030, 0xffffff, 256), 0xffffff);
	ck_assert_uint_eq(view_mix(0x000000, 0xfefefe, 128), 0x7f7f7f);
	ck_assert_uint_ne(view_owner_rgb(1), view_owner_rgb(2));
	ck_assert_uint_ge(view_contrast(view_owner_rgb(7), view_ui_rgb(VC_BG)), 300);
}
END_TEST

/* ---- grid and layout ----------------------------------------------------- */

START_TEST(test_few_cells_get_big_squares_that_fit)
{
	struct view_grid g;
	int x, y, w, h;

	view_grid_fit(&g, 10, 20, 800, 400, 256);
	ck_assert_int_ge(g.cell, 20);
	ck_assert_int_gt(g.gap, 0);
	ck_assert_int_le(g.cols * g.cell, 800);
	ck_assert_int_le(g.rows * g.cell, 400);
	ck_assert(view_grid_cell_rect(&g, 255, &x, &y, &w, &h));
	ck_assert_int_le(y + h, 20 + 400);
	ck_assert_uint_eq(view_grid_hit(&g, x + 1, y + 1), 255);
	ck_assert(!view_grid_cell_rect(&g, 256, &x, &y, &w, &h));
}
END_TEST

START_TEST(test_a_million_cells_aggregate_into_pixels)
{
	struct view_grid g;
	int x, y, w, h;

	view_grid_fit(&g, 0, 0, 1000, 500, 1u << 20);
	ck_assert_int_eq(g.cell, 0);
	ck_assert_uint_eq(g.per, 3);
	ck_assert_int_le(g.rows, 500);
	ck_assert(view_grid_cell_rect(&g, (1u << 20) - 1, &x, &y, &w, &h));
	ck_assert_int_lt(y, 500);
	ck_assert_uint_eq(view_grid_hit(&g, 1, 0), 3);
	view_grid_fit(&g, 0, 0, 1024, 1024, 1u << 20);
	ck_assert_int_eq(g.cell, 1); /* exactly one pixel each */
}
END_TEST

START_TEST(test_layout_keeps_panes_apart_and_text_grows_with_height)
{
	struct view_layout a, b;

	view_layout_compute(&a, 1920, 1080, 1.0, 1024, 512, NULL);
	/* from the back of a room: body 26 px, nothing under 22 px at 1080p */
	ck_assert_int_ge(a.font, 25);
	ck_assert_int_ge(a.font_small, 21);
	ck_assert_int_le(a.main.x + a.main.w, a.side.x);
	ck_assert_int_le(a.main.y + a.main.h, a.log.y);
	ck_assert_int_le(a.log.y + a.log.h, a.timeline.y);
	ck_assert_int_le(a.side.x + a.side.w, 1920);
	ck_assert_int_le(a.timeline.y + a.timeline.h, 1080);
	ck_assert_int_le(a.ram.y + a.ram.h, a.swap.y);
	view_layout_compute(&b, 3840, 2160, 1.0, 1024, 512, NULL);
	ck_assert_int_ge(b.font, a.font * 2 - 1);
	view_layout_compute(&b, 1920, 1080, 1.5, 1024, 512, NULL);
	ck_assert_int_gt(b.font, a.font);
}
END_TEST

static bool rects_overlap(struct view_rect a, struct view_rect b)
{
	return a.w > 0 && a.h > 0 && b.w > 0 && b.h > 0 && a.x < b.x + b.w && b.x < a.x + a.w &&
	       a.y < b.y + b.h && b.y < a.y + a.h;
}

START_TEST(test_the_caption_gets_its_own_band_and_bands_never_overlap)
{
	static const int sizes[][2] = { { 1280, 720 }, { 1920, 1080 }, { 3840, 2160 } };
	struct view_layout l;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int w = sizes[i][0], h = sizes[i][1];
		struct view_layout_need need = { .top_h = h / 12,
						 .caption_h = h / 10,
						 .strip_h = h / 30,
						 .side_w = w * 2 / 5,
						 .log_min_h = h / 6 };

		view_layout_compute(&l, w, h, 1.5, 256, 128, &need);
		struct view_rect r[] = { l.top,  l.caption, l.strip,   l.main,
					 l.side, l.log,     l.timeline };
		int n = (int)(sizeof(r) / sizeof(r[0]));

		ck_assert_int_ge(l.caption.h, need.caption_h);
		ck_assert_int_ge(l.strip.h, need.strip_h);
		ck_assert_int_ge(l.side.w, need.side_w);
		ck_assert_int_ge(l.log.h, need.log_min_h);
		for (int a = 0; a < n; a++) {
			ck_assert_int_ge(r[a].x, 0);
			ck_assert_int_ge(r[a].y, 0);
			ck_assert_int_le(r[a].x + r[a].w, w);
			ck_assert_int_le(r[a].y + r[a].h, h);
			for (int b = a + 1; b < n; b++)
				ck_assert_msg(!rects_overlap(r[a], r[b]),
					      "%dx%d: bands %d and %d overlap", w, h, a, b);
		}
		/* the caption sits between the title bar and the maps */
		ck_assert_int_eq(l.caption.y, l.top.y + l.top.h);
		ck_assert_int_le(l.caption.y + l.caption.h, l.main.y);
	}
	/* without a caption or strip there is no band for them */
	view_layout_compute(&l, 1920, 1080, 1.0, 256, 128, NULL);
	ck_assert_int_eq(l.caption.h, 0);
	ck_assert_int_eq(l.strip.h, 0);
}
END_TEST

/* ---- states, rasterised pixels ------------------------------------------- */

START_TEST(test_pinned_frames_stay_pinned_after_a_shrink)
{
	struct view_run *v = open_text(shrink_json, NULL, 0, false);
	struct view_model m;
	const struct shm_object *a, *b, *c;

	view_run_seek(v, 10 * MS);
	ck_assert_int_eq(view_model_init(&m, v->s), 0);
	ck_assert_int_eq(view_model_update(&m, v->s), 0);
	a = shm_get(v->s, scenario_find(v->sc, SIM_K_BO, "a"));
	b = shm_get(v->s, scenario_find(v->sc, SIM_K_BO, "b"));
	c = shm_get(v->s, scenario_find(v->sc, SIM_K_BO, "c"));
	ck_assert(a && b && c);
	for (uint64_t i = 0; i < a->npages; i++)
		ck_assert_uint_eq(m.fstate[a->pages[i]], VS_PINNED);
	ck_assert(b->evicted);
	ck_assert_uint_eq(view_object_state(v->s, b->slot), VS_SWAP);
	ck_assert_uint_eq(m.sstate[b->pages[0]], VS_SWAP);
	ck_assert_uint_eq(view_object_state(v->s, c->slot), VS_PURGED);
	ck_assert_uint_eq(view_page_state(v->s, c->slot, 0), VS_PURGED);
	ck_assert_uint_eq(m.count[VS_PINNED], 8);
	ck_assert_uint_eq(m.count[VS_SWAP], 8);
	ck_assert_uint_eq(m.count[VS_FREE], 64 - 8);
	view_model_fini(&m);
	close_run(v);
}
END_TEST

START_TEST(test_states_before_the_shrink_show_mmap_and_purgeable)
{
	struct view_run *v = open_text(shrink_json, NULL, 0, false);
	struct view_model m;
	uint32_t b = scenario_find(v->sc, SIM_K_BO, "b"), c = scenario_find(v->sc, SIM_K_BO, "c");
	const struct shm_object *ob, *oc;

	view_run_seek(v, 4 * MS);
	ck_assert_int_eq(view_model_init(&m, v->s), 0);
	ck_assert_int_eq(view_model_update(&m, v->s), 0);
	ob = shm_get(v->s, b);
	oc = shm_get(v->s, c);
	ck_assert_uint_eq(m.fstate[ob->pages[2]], VS_MMAPPED); /* faulted in */
	ck_assert_uint_eq(m.fstate[ob->pages[3]], VS_RESIDENT);
	ck_assert_uint_eq(view_page_state(v->s, b, 2), VS_MMAPPED);
	ck_assert_uint_eq(m.fstate[oc->pages[0]], VS_DONTNEED);
	ck_assert_uint_eq(m.count[VS_FREE], 64 - 24);
	view_model_fini(&m);
	close_run(v);
}
END_TEST

/* Draw the RAM map of @v at its time into a fresh buffer (caller frees). */
static uint32_t *raster(struct view_run *v, struct view_model *m, struct view_grid *g,
			sim_ns window)
{
	uint32_t *px = calloc(400 * 300, sizeof(uint32_t));
	struct view_paint p = { .s = v->s,
				.m = m,
				.fx = &v->fx,
				.now = v->t,
				.window = window,
				.by = VIEW_BY_STATE,
				.highlight = SIM_NONE };

	ck_assert_ptr_nonnull(px);
	ck_assert_int_eq(view_model_update(m, v->s), 0);
	view_grid_fit(g, 0, 0, 400, 300, v->s->cfg.ram_pages);
	view_raster_frames(&p, g, px, 400);
	return px;
}

/* The colour at the centre of frame @f's cell on @v's RAM map, at its time. */
static uint32_t cell_colour(struct view_run *v, uint64_t f)
{
	struct view_model m;
	struct view_grid g;
	uint32_t *px, c;
	int x, y, w, h;

	ck_assert_int_eq(view_model_init(&m, v->s), 0);
	px = raster(v, &m, &g, 1);
	ck_assert(view_grid_cell_rect(&g, f, &x, &y, &w, &h));
	c = px[(y + h / 2) * 400 + x + w / 2];
	free(px);
	view_model_fini(&m);
	return c;
}

START_TEST(test_the_cell_of_a_pinned_page_has_the_pinned_colour)
{
	struct view_run *v = open_text(shrink_json, NULL, 0, false);

	view_run_seek(v, 10 * MS);
	const struct shm_object *a = shm_get(v->s, scenario_find(v->sc, SIM_K_BO, "a"));

	ck_assert_uint_eq(cell_colour(v, a->pages[3]), VIEW_ARGB(view_state_rgb(VS_PINNED)));
	/* a frame the shrinker emptied is free again */
	ck_assert_uint_eq(cell_colour(v, 63), VIEW_ARGB(view_state_rgb(VS_FREE)));
	close_run(v);
}
END_TEST

/* v19: a vmapped object freed leaks; its frames are drawn leaked, not free. */
START_TEST(test_a_leaked_object_s_frames_are_drawn_leaked)
{
	static const char leak_json[] =
		"{ \"version\": 1, \"memory\": { \"ram_pages\": 64, \"swap_pages\": 64 },\n"
		"  \"objects\": [ { \"name\": \"a\", \"pages\": 8 } ],\n"
		"  \"events\": [ { \"at\": \"1ms\", \"op\": \"vmap\", \"bo\": \"a\" },\n"
		"                { \"at\": \"2ms\", \"op\": \"free\", \"bo\": \"a\" } ] }\n";
	struct view_run *v = open_text(leak_json, NULL, 0, false);

	view_run_seek(v, 3 * MS);
	ck_assert_uint_eq(cell_colour(v, 7), VIEW_ARGB(view_state_rgb(VS_LEAKED)));
	ck_assert_uint_eq(cell_colour(v, 8), VIEW_ARGB(view_state_rgb(VS_FREE)));
	close_run(v);
}
END_TEST

START_TEST(test_an_evicted_frame_fades_over_the_window_then_is_free)
{
	struct view_run *v = open_text(shrink_json, NULL, 0, false);
	struct view_model m;
	struct view_grid g;
	uint32_t *px, frame, was, c;
	int x, y, w, h;

	/* b's first frame, before it goes */
	view_run_seek(v, 4 * MS);
	frame = shm_get(v->s, scenario_find(v->sc, SIM_K_BO, "b"))->pages[0];
	ck_assert_int_eq(view_model_init(&m, v->s), 0);
	view_run_seek(v, 5 * MS + 500000); /* half of a 1 ms window after the shrink */
	px = raster(v, &m, &g, 1 * MS);
	ck_assert(view_grid_cell_rect(&g, frame, &x, &y, &w, &h));
	c = px[(y + 1) * 400 + x + 1] & 0xffffff;
	was = view_state_rgb(VS_RESIDENT);
	ck_assert_uint_ne(c, was);
	ck_assert_uint_ne(c, view_state_rgb(VS_FREE));
	ck_assert_uint_eq(c, view_mix(was, view_state_rgb(VS_FREE), 128));
	free(px);
	view_run_seek(v, 7 * MS);
	px = raster(v, &m, &g, 1 * MS);
	ck_assert_uint_eq(px[(y + 1) * 400 + x + 1], VIEW_ARGB(view_state_rgb(VS_FREE)));
	free(px);
	view_model_fini(&m);
	close_run(v);
}
END_TEST

/* Two runs show the same time the same way: pixels, log, counters, effects. */
static void assert_same_picture(struct view_run *a, struct view_run *b)
{
	struct view_model ma, mb;
	struct view_grid g;
	uint32_t *pa, *pb;

	ck_assert_uint_eq(a->t, b->t);
	ck_assert_int_eq(memcmp(&a->s->stats, &b->s->stats, sizeof(a->s->stats)), 0);
	ck_assert_uint_eq(a->nlog, b->nlog);
	for (uint64_t i = 0; view_run_log_line(a, i); i++)
		ck_assert_str_eq(view_run_log_line(a, i)->text, view_run_log_line(b, i)->text);
	ck_assert_uint_eq(a->nsampled, b->nsampled);
	ck_assert_uint_eq(a->fx.nfaults, b->fx.nfaults);
	ck_assert_int_eq(view_model_init(&ma, a->s), 0);
	ck_assert_int_eq(view_model_init(&mb, b->s), 0);
	pa = raster(a, &ma, &g, 1 * MS);
	pb = raster(b, &mb, &g, 1 * MS);
	ck_assert_int_eq(memcmp(pa, pb, 400 * 300 * sizeof(uint32_t)), 0);
	free(pa);
	free(pb);
	view_model_fini(&ma);
	view_model_fini(&mb);
}

START_TEST(test_same_time_gives_same_pixels_played_or_seeked)
{
	struct view_run *a = open_text(shrink_json, NULL, 0, false);
	struct view_run *b = open_text(shrink_json, NULL, 0, false);

	/* a plays in small steps and past the target and back; b seeks once */
	for (sim_ns t = 0; t <= 8 * MS; t += 137000)
		view_run_advance(a, t, 0);
	view_run_seek(a, 5 * MS + 300000);
	view_run_seek(b, 5 * MS + 300000);
	assert_same_picture(a, b);
	close_run(a);
	close_run(b);
}
END_TEST

START_TEST(test_seeking_back_goes_on_from_the_kept_checkpoint)
{
	struct view_run *a = open_text(shrink_json, NULL, 0, false);
	struct view_run *b = open_text(shrink_json, NULL, 0, false);
	struct sim *kept;
	sim_ns target;

	/* a plays past the shrink and keeps a checkpoint behind its clock */
	view_run_advance(a, 5 * MS + 900000, 0);
	ck_assert_int_eq(view_run_tend(a), 0);
	ck_assert_ptr_nonnull(a->keep);
	ck_assert_uint_gt(a->keep->t, 0);
	ck_assert_uint_le(a->keep->t, a->t);
	ck_assert_uint_ge(a->keep->t + a->end / VIEW_CHECKPOINTS + 1, a->t);
	kept = a->keep->s;
	/* a seek back to after the checkpoint goes on from it: no re-run */
	target = a->keep->t + (a->t - a->keep->t) / 2;
	ck_assert_int_eq(view_run_seek(a, target), 0);
	ck_assert_ptr_eq(a->s, kept);
	view_run_seek(b, target);
	assert_same_picture(a, b);
	/* the run goes on as a fresh one would (its observers followed it) */
	view_run_advance(a, 8 * MS, 0);
	view_run_advance(b, 8 * MS, 0);
	assert_same_picture(a, b);
	/* the left-behind run is kept again; before the checkpoint: from 0 */
	ck_assert_int_eq(view_run_tend(a), 0);
	ck_assert_uint_le(a->keep->t, a->t);
	ck_assert_int_eq(view_run_seek(a, 3 * MS), 0);
	view_run_seek(b, 3 * MS);
	assert_same_picture(a, b);
	close_run(a);
	close_run(b);
}
END_TEST

START_TEST(test_observer_hears_faults_and_shrinker_visits)
{
	struct view_run *v = open_text(shrink_json, NULL, 0, false);
	uint32_t b = scenario_find(v->sc, SIM_K_BO, "b"), a = scenario_find(v->sc, SIM_K_BO, "a");

	view_run_seek(v, 6 * MS);
	ck_assert_uint_eq(v->fx.nfaults, 1);
	ck_assert_uint_eq(v->fx.faults[0].bo, b);
	ck_assert_uint_eq(v->fx.faults[0].page, 2);
	ck_assert_uint_eq(v->fx.scan_at[b], 5 * MS + 1);
	/* pinned, but v19's pin leaves it on the evictable list (22/30): visited */
	ck_assert_uint_eq(v->fx.scan_at[a], 5 * MS + 1);
	ck_assert_uint_eq(v->fx.evict_at[b], 5 * MS + 1);
	ck_assert_uint_ge(v->fx.nmovers, 8);
	ck_assert_uint_ne(v->fx.movers[0].slot, SIM_NONE);
	close_run(v);
}
END_TEST

START_TEST(test_a_gpu_fault_flashes_the_page_it_touched)
{
	struct view_run *v = calloc(1, sizeof(*v));
	struct load_opts o = { 0 };
	struct sim_error err;
	const char *f = "scenarios/gpu-evict-swapin-on-submit.json";

	ck_assert_int_eq(view_run_open(v, f, &o, true, false, &err), 0);
	view_run_seek(v, v->end);
	ck_assert_uint_eq(v->s->stats.gpu_faults, 1);
	ck_assert_uint_eq(v->s->stats.cpu_faults, 0);
	/* the fault lands in the flash ring, on the object mapped at the address */
	ck_assert_uint_eq(v->fx.nfaults, 1);
	ck_assert_ptr_nonnull(shm_get(v->s, v->fx.faults[0].bo));
	ck_assert_uint_lt(v->fx.faults[0].page, shm_get(v->s, v->fx.faults[0].bo)->npages);
	close_run(v);
}
END_TEST

/* The panel's faults count the GPU faults a heap's growth serves. */
START_TEST(test_a_heap_growth_fault_counts_as_a_fault)
{
	struct view_run *v = calloc(1, sizeof(*v));
	struct load_opts o = { 0 };
	struct sim_error err;

	ck_assert_int_eq(view_run_open(v, "scenarios/talk-heap-growth.json", &o, true, false, &err),
			 0);
	view_run_seek(v, v->end);
	ck_assert_uint_eq(v->s->stats.heap_grows, 2);
	ck_assert_uint_eq(v->s->stats.gpu_faults + v->s->stats.cpu_faults, 0);
	ck_assert_uint_eq(view_faults(v->s), 2);
	ck_assert_uint_eq(v->samples[v->nsampled - 1].faults, 2);
	close_run(v);
}
END_TEST

/* ---- the clock: stops, captions, log ------------------------------------- */

START_TEST(test_the_log_says_what_the_shrinker_did_to_each_object)
{
	struct view_run *v = open_text(shrink_json, NULL, 0, false);
	bool found = false;

	view_run_seek(v, 6 * MS);
	for (uint64_t i = 0; view_run_log_line(v, i); i++)
		if (strstr(view_run_log_line(v, i)->text,
			   "shrink nr=64: shrinker freed 16 pages: purged c 8, evicted b 8"))
			found = true;
	ck_assert(found);
	close_run(v);
}
END_TEST

START_TEST(test_play_stops_the_clock_at_a_violation)
{
	struct view_run *v = open_text(vmap_json, NULL, 0, false);

	ck_assert_uint_eq(v->end, 6 * MS);
	ck_assert_uint_eq(v->nviol_at, 1);
	ck_assert_uint_eq(v->viol_at[0], 4 * MS);
	ck_assert_int_eq(view_run_advance(v, 10 * MS, VIEW_ADV_STOPS), VIEW_STOP_VIOLATION);
	ck_assert_uint_eq(v->t, 4 * MS);
	ck_assert_int_ge(v->banner, 0);
	ck_assert_uint_eq(v->s->reports[v->banner].invariant, 11);

	char where[200];

	view_run_report_where(v, (uint32_t)v->banner, where, sizeof(where));
	ck_assert_ptr_nonnull(strstr(where, ":7:5 (vmap_access v)"));
	ck_assert_int_eq(view_run_log_line(v, 0)->kind, VIEW_LOG_VIOLATION);
	/* going on runs to the end without stopping again */
	ck_assert_int_eq(view_run_advance(v, 10 * MS, VIEW_ADV_STOPS), VIEW_STOP_NONE);
	ck_assert(v->rn.done);
	close_run(v);
}
END_TEST

START_TEST(test_seeking_does_not_stop_at_violations)
{
	struct view_run *v = open_text(vmap_json, NULL, 0, false);

	ck_assert_int_eq(view_run_seek(v, 5 * MS), 0);
	ck_assert_uint_eq(v->t, 5 * MS);
	ck_assert_uint_eq(v->s->violations, 1);
	ck_assert_int_eq(view_run_seek(v, 1 * MS), 0); /* back: re-run */
	ck_assert_uint_eq(v->s->violations, 0);
	ck_assert_uint_eq(v->s->now, 1 * MS);
	close_run(v);
}
END_TEST

START_TEST(test_a_pausing_caption_stops_before_its_events)
{
	struct view_run *v = open_text(shrink_json, NULL, 0, false);
	const struct sim_caption *c;

	/* no pause at 2ms ("dontneed" has no pause); --talk would stop there */
	ck_assert_int_eq(view_run_advance(v, 10 * MS, VIEW_ADV_STOPS), VIEW_STOP_CAPTION);
	ck_assert_uint_eq(v->t, 4 * MS);
	c = view_run_caption(v);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->text, "shrink next");
	ck_assert_uint_eq(v->s->stats.shrinker_scans, 0);
	ck_assert_int_eq(view_run_advance(v, 10 * MS, VIEW_ADV_STOPS), VIEW_STOP_NONE);
	ck_assert_uint_eq(v->s->stats.shrinker_scans, 1);

	view_run_restart(v);
	ck_assert_int_eq(view_run_advance(v, 10 * MS, VIEW_ADV_STOPS | VIEW_ADV_TALK),
			 VIEW_STOP_CAPTION);
	ck_assert_uint_eq(v->t, 2 * MS);
	ck_assert_str_eq(view_run_caption(v)->text, "dontneed");
	close_run(v);
}
END_TEST

START_TEST(test_stepping_runs_one_event_at_a_time)
{
	struct view_run *v = open_text(vmap_json, NULL, 0, false);
	uint64_t n = 0;

	while (view_run_step(v))
		n++;
	ck_assert_uint_eq(n, v->total_events);
	ck_assert_uint_eq(v->t, 6 * MS);
	ck_assert_ptr_nonnull(strstr(view_run_log_line(v, 0)->text, "vunmap v"));
	close_run(v);
}
END_TEST

START_TEST(test_sparkline_samples_follow_the_counters)
{
	struct view_run *v = open_text(shrink_json, NULL, 0, false);

	view_run_seek(v, v->end);
	ck_assert_uint_eq(v->samples[0].free_frames, 64);
	ck_assert_uint_eq(v->nsampled, VIEW_SAMPLES);
	ck_assert_uint_eq(v->samples[VIEW_SAMPLES / 2].free_frames, 64 - 24);
	/* the last sample is the end: only the pinned a is left, b is in swap */
	ck_assert_uint_eq(v->samples[v->nsampled - 1].free_frames, 64 - 8);
	ck_assert_uint_eq(v->samples[v->nsampled - 1].swap_used, 8);
	ck_assert_uint_eq(v->samples[v->nsampled - 1].evicted, 16);
	close_run(v);
}
END_TEST

/* ---- compare ------------------------------------------------------------- */

START_TEST(test_compare_finds_the_first_diverging_event)
{
	static const char *const pins[] = { "policy.vmap_pins=true" };
	struct view_run *a = open_text(vmap_json, NULL, 0, true);
	struct view_run *b = open_text(vmap_json, pins, 1, true);
	struct view_run *c = open_text(vmap_json, NULL, 0, true);
	uint32_t d = view_first_divergence(a, b);

	/* vmap pins in B, so the shrink at 2ms frees nothing there */
	ck_assert_uint_ne(d, SIM_NONE);
	ck_assert_uint_eq(a->sc->events[d].op, SIM_OP_SHRINK);
	ck_assert_uint_eq(a->sc->events[d].at, 2 * MS);
	ck_assert_uint_eq(view_first_divergence(a, c), SIM_NONE);
	close_run(a);
	close_run(b);
	close_run(c);
}
END_TEST

/* ---- formats and speeds -------------------------------------------------- */

START_TEST(test_speeds_step_on_a_1_2_5_scale)
{
	ck_assert_uint_eq(view_speed_step(1000000, 1), 2000000);
	ck_assert_uint_eq(view_speed_step(2000000, 1), 5000000);
	ck_assert_uint_eq(view_speed_step(5000000, 1), 10000000);
	ck_assert_uint_eq(view_speed_step(10000000, -1), 5000000);
	ck_assert_uint_eq(view_speed_step(5000000, -1), 2000000);
	ck_assert_uint_eq(view_speed_step(1, -1), 1);
	ck_assert_uint_eq(view_default_speed(14 * MS), 1 * MS);
	ck_assert_uint_eq(view_default_speed(0), 1 * MS);
}
END_TEST

START_TEST(test_times_and_counts_format_for_labels)
{
	char b[32];

	view_format_time(12 * MS, b, sizeof(b));
	ck_assert_str_eq(b, "12ms");
	view_format_time(1500000, b, sizeof(b));
	ck_assert_str_eq(b, "1.5ms");
	view_format_time(0, b, sizeof(b));
	ck_assert_str_eq(b, "0ns");
	view_format_time(999700000, b, sizeof(b)); /* not "1e+03ms" */
	ck_assert_str_eq(b, "1s");
	view_format_time(999400, b, sizeof(b));
	ck_assert_str_eq(b, "999us");
	view_format_count(1048576, b, sizeof(b));
	ck_assert_str_eq(b, "1.05M");
	view_format_count(812, b, sizeof(b));
	ck_assert_str_eq(b, "812");
}
END_TEST

/* ---- the loader's captions block ----------------------------------------- */

START_TEST(test_captions_load_sorted_by_time)
{
	struct sim_error err;
	struct scenario *sc = load(shrink_json, &err);

	ck_assert_ptr_nonnull(sc);
	ck_assert_uint_eq(sc->ncaptions, 2);
	ck_assert_uint_eq(sc->captions[0].at, 2 * MS);
	ck_assert_str_eq(sc->captions[0].text, "dontneed");
	ck_assert(!sc->captions[0].pause);
	ck_assert(sc->captions[1].pause);
	ck_assert_uint_eq(sc->captions[1].line, 13);
	ck_assert_uint_eq(sc->captions[1].col, 17);
	scenario_free(sc);
}
END_TEST

static void expect_error(const char *captions, unsigned line, unsigned col, const char *msg)
{
	char text[1024];
	struct sim_error err;
	struct scenario *sc;

	snprintf(text, sizeof(text),
		 "{ \"version\": 1, \"memory\": { \"ram_pages\": 8 },\n"
		 "  \"events\": [ { \"at\": 0, \"op\": \"shrink\", \"nr\": 1 } ],\n"
		 "  \"captions\": %s }\n",
		 captions);
	sc = load(text, &err);
	ck_assert_ptr_null(sc);
	ck_assert_uint_eq(err.line, line);
	ck_assert_uint_eq(err.col, col);
	ck_assert_msg(strstr(err.msg, msg), "got \"%s\", wanted \"%s\"", err.msg, msg);
}

START_TEST(test_bad_captions_are_refused_with_their_position)
{
	expect_error("{}", 3, 15, "\"captions\" must be an array");
	expect_error("[ { \"text\": \"x\" } ]", 3, 17, "a caption needs \"at\"");
	expect_error("[ { \"at\": 0 } ]", 3, 17, "a caption needs \"text\"");
	expect_error("[ { \"at\": 0, \"text\": \"\" } ]", 3, 36, "is empty");
	expect_error("[ { \"at\": 0, \"text\": \"x\", \"pause\": 1 } ]", 3, 50,
		     "\"pause\" must be true or false");
	expect_error("[ { \"at\": 0, \"text\": \"x\", \"paws\": true } ]", 3, 41,
		     "unknown key \"paws\" in a caption");
	expect_error("[ { \"at\": \"1ks\", \"text\": \"x\" } ]", 3, 25, "\"at\"");
	expect_error("[ { \"at\": 0, \"text\": \"a\\nb\" } ]", 3, 36, "one line");
}
END_TEST

START_TEST(test_captions_can_be_set_from_the_command_line)
{
	static const char *const sets[] = { "captions=[{\"at\":5,\"text\":\"hi\"}]" };
	struct load_opts o = { .sets = sets, .nsets = 1 };
	struct sim_error err;
	struct scenario *sc = scenario_load_text("t.json", vmap_json, strlen(vmap_json), &o, &err);

	ck_assert_ptr_nonnull(sc);
	ck_assert_uint_eq(sc->ncaptions, 1);
	ck_assert_uint_eq(sc->captions[0].at, 5000);
	scenario_free(sc);
}
END_TEST

extern Suite *view_suite(void);

Suite *view_suite(void)
{
	Suite *s = suite_create("view");
	TCase *tc = tcase_create("palette");

	tcase_add_test(tc, test_state_colours_are_distinct_and_read_on_the_background);
	tcase_add_test(tc, test_state_names_and_aliases_are_found);
	tcase_add_test(tc, test_effects_and_purged_read_from_the_back_of_the_room);
	tcase_add_test(tc, test_mix_goes_from_one_colour_to_the_other);
	suite_add_tcase(s, tc);
	tc = tcase_create("layout");
	tcase_add_test(tc, test_few_cells_get_big_squares_that_fit);
	tcase_add_test(tc, test_a_million_cells_aggregate_into_pixels);
	tcase_add_test(tc, test_layout_keeps_panes_apart_and_text_grows_with_height);
	tcase_add_test(tc, test_the_caption_gets_its_own_band_and_bands_never_overlap);
	suite_add_tcase(s, tc);
	tc = tcase_create("pixels");
	tcase_add_test(tc, test_pinned_frames_stay_pinned_after_a_shrink);
	tcase_add_test(tc, test_states_before_the_shrink_show_mmap_and_purgeable);
	tcase_add_test(tc, test_the_cell_of_a_pinned_page_has_the_pinned_colour);
	tcase_add_test(tc, test_a_leaked_object_s_frames_are_drawn_leaked);
	tcase_add_test(tc, test_an_evicted_frame_fades_over_the_window_then_is_free);
	tcase_add_test(tc, test_same_time_gives_same_pixels_played_or_seeked);
	tcase_add_test(tc, test_seeking_back_goes_on_from_the_kept_checkpoint);
	tcase_add_test(tc, test_observer_hears_faults_and_shrinker_visits);
	tcase_add_test(tc, test_a_gpu_fault_flashes_the_page_it_touched);
	tcase_add_test(tc, test_a_heap_growth_fault_counts_as_a_fault);
	suite_add_tcase(s, tc);
	tc = tcase_create("clock");
	tcase_add_test(tc, test_play_stops_the_clock_at_a_violation);
	tcase_add_test(tc, test_the_log_says_what_the_shrinker_did_to_each_object);
	tcase_add_test(tc, test_seeking_does_not_stop_at_violations);
	tcase_add_test(tc, test_a_pausing_caption_stops_before_its_events);
	tcase_add_test(tc, test_stepping_runs_one_event_at_a_time);
	tcase_add_test(tc, test_sparkline_samples_follow_the_counters);
	tcase_add_test(tc, test_compare_finds_the_first_diverging_event);
	tcase_add_test(tc, test_speeds_step_on_a_1_2_5_scale);
	tcase_add_test(tc, test_times_and_counts_format_for_labels);
	suite_add_tcase(s, tc);
	tc = tcase_create("captions");
	tcase_add_test(tc, test_captions_load_sorted_by_time);
	tcase_add_test(tc, test_bad_captions_are_refused_with_their_position);
	tcase_add_test(tc, test_captions_can_be_set_from_the_command_line);
	suite_add_tcase(s, tc);
	return s;
}
