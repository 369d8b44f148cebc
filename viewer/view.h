/* SPDX-License-Identifier: MIT */
/*
 * viewer/view.h - the SDL-free half of gemsim-view: what a picture shows.
 *
 * gemsim-view is split in two so the test runner (which links libgemsim.a
 * and no SDL) can check what the viewer computes:
 *
 *   libgemsim.a (no SDL)                      gemsim-view (SDL2, SDL2_ttf, libpng)
 *   +------------------------------------+    +----------------------------------+
 *   | model.c  palette, page states,     |    | main.c     the runs, dispatch    |
 *   |          effects, layout of panes  |    | args.c     options               |
 *   | raster.c map grid and rasteriser   | -> | loop.c     window, event loop    |
 *   | drive.c  running a scenario to a   |    | headless.c frames, --bench       |
 *   |          time: seek, log, samples, |    | render*.c  maps, panes, text,    |
 *   |          captions, compare         |    |            overlays              |
 *   +------------------------------------+    | png.c      PNG write and probe   |
 *                                             +----------------------------------+
 *
 * Page states.  Every RAM frame and swap slot gets one state per picture,
 * the strongest that applies to its page (VS_* order below is the legend's
 * order; for a frame of an object the first that holds wins):
 *
 *   vmapped    vmap_use_count > 0 (hard with vmap_pins, weak without)
 *   pinned     pages_pin_count > 0 (pin, dma-buf attach)
 *   purgeable  madv = DONTNEED: the shrinker may drop it
 *   mmapped    this page is in a CPU page table (faulted in)
 *   GPU-mapped the object is mapped in a GPU VM
 *   resident   held by weak references only
 *
 * Effects (fades, flashes, highlights) are recorded with the *simulated*
 * time they happened, by the model's observer hook (sim.h, enum sim_obs),
 * and drawn as a function of (picture time - event time) / window, so the
 * same scenario at the same time always gives the same pixels, however the
 * clock got there (played, stepped, or seeked by re-running).
 */
#ifndef GEMSIM_VIEWER_VIEW_H
#define GEMSIM_VIEWER_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "run/load.h"
#include "run/run.h"
#include "sim/scenario.h"
#include "sim/sim.h"
#include "viewer/lists.h"

/* ---- colours and states -------------------------------------------------- */

enum view_state {
	VS_FREE,     /* free frame or slot */
	VS_OTHER,    /* taken by another consumer (pressure) */
	VS_RESIDENT, /* resident, weak references only */
	VS_GPU,      /* resident, mapped in a GPU VM */
	VS_MMAPPED,  /* resident, in a CPU page table */
	VS_DONTNEED, /* resident, madv DONTNEED: purgeable */
	VS_PINNED,   /* resident, pinned */
	VS_VMAPPED,  /* resident, vmapped */
	VS_SWAP,     /* evicted: in a swap slot */
	VS_PURGED,   /* purged: gone for good (object rows only) */
	VS_LEAKED,   /* a leaked object's frame or slot (v19 free of a referenced object) */
	VS_COUNT
};

/* Colours are 0xRRGGBB; view_argb() adds the alpha the pixel buffers use. */
#define VIEW_ARGB(rgb) (0xff000000u | (uint32_t)(rgb))

/* Named colours of the interface (everything that is not a page state). */
enum view_ui {
	VC_BG,      /* window background */
	VC_PANEL,   /* panel background */
	VC_TEXT,    /* main text */
	VC_DIM,     /* secondary text, axes */
	VC_ACCENT,  /* highlights, the timeline's cursor */
	VC_SCAN,    /* an object the shrinker visits */
	VC_FLASH,   /* a fault */
	VC_BAD,     /* violation banner */
	VC_WARN,    /* warnings in the log */
	VC_ERR,     /* error results in the log */
	VC_DIVERGE, /* compare mode: first divergence */
	VC_COUNT
};

/** view_state_rgb() - Returns: the colour (0xRRGGBB) of page state @st. */
uint32_t view_state_rgb(enum view_state st);

/** view_state_name() - Returns: the legend's name of @st ("pinned"). */
const char *view_state_name(enum view_state st);

/** view_state_find() - Returns: the state named @name, or -1. */
int view_state_find(const char *name);

/** view_ui_rgb() - Returns: the colour of interface element @c. */
uint32_t view_ui_rgb(enum view_ui c);

/** view_owner_rgb() - Returns: a colour for object slot @bo in the owner
 * view: hues spread by the golden angle, light enough for a dark screen. */
uint32_t view_owner_rgb(uint32_t bo);

/** view_mix() - Returns: @a blended toward @b by @t in 0..256 (0 = @a). */
uint32_t view_mix(uint32_t a, uint32_t b, unsigned t);

/** view_contrast() - Returns: the WCAG contrast ratio of two colours, x100. */
unsigned view_contrast(uint32_t a, uint32_t b);

/* ---- effects: what the observer heard ------------------------------------ */

#define VIEW_FAULTS 1024 /* recent faults kept */
#define VIEW_MOVERS 2048 /* recent page moves RAM -> swap kept for the flight */

struct view_fault {
	uint32_t bo;
	uint64_t page;
	sim_ns at;
};

struct view_mover {
	uint32_t bo;
	uint64_t page;  /* page index: its swap slot is looked up after the step */
	uint32_t frame; /* where it was */
	uint32_t slot;  /* where it went (SIM_NONE until known) */
	uint8_t state;  /* its colour before the move */
	sim_ns at;
};

/**
 * struct view_fx - effects recorded by the observer, by simulated time.
 *
 * Per frame: when it was last emptied by evict/purge, and the state it had
 * (for the fade); per object: when the shrinker last visited it, when it
 * was last swapped in; rings of recent faults and page flights.
 */
struct view_fx {
	uint64_t nframes;
	sim_ns *gone_at;     /* per frame: when evict/purge emptied it, or 0 (never) */
	uint8_t *gone_state; /* per frame: its state then; VS_SWAP bit 7 = purge */
	sim_ns gone_last;    /* latest gone_at: skip the fade pass when old */
	uint32_t nobjs;      /* capacity of the per-object arrays */
	sim_ns *scan_at;     /* per object slot: shrinker visit + 1, 0 = never */
	sim_ns *swapin_at;   /* per object slot: swap-in time + 1, 0 = never */
	sim_ns *evict_at;    /* per object slot: eviction time + 1, 0 = never */
	struct view_fault faults[VIEW_FAULTS];
	uint32_t nfaults; /* total recorded; ring index = n % VIEW_FAULTS */
	struct view_mover movers[VIEW_MOVERS];
	uint32_t nmovers;         /* total recorded */
	uint32_t movers_resolved; /* movers below this index have their slot */
	sim_ns obj_last;          /* latest per-object effect (scan, swap-in, evict) */
	bool oom;                 /* host memory ran out: effects are incomplete */
};

/** view_fx_init() - size @fx for @s (all effects off). Returns: 0 or GEMSIM_ENOMEM. */
int view_fx_init(struct view_fx *fx, const struct sim *s);

/** view_fx_fini() - free @fx's arrays. */
void view_fx_fini(struct view_fx *fx);

/** view_fx_observe() - the observer to register with sim_observe_add(), its
 * context the struct view_fx to fill. */
void view_fx_observe(void *ctx, struct sim *s, enum sim_obs what, uint32_t bo, uint64_t arg);

/** view_fx_resolve() - after a step: find the swap slot each new page
 * flight landed in (the observer hears of an eviction before it happens). */
void view_fx_resolve(struct view_fx *fx, struct sim *s);

/* ---- the picture's model ------------------------------------------------- */

/**
 * struct view_model - per-picture state of every frame and slot.
 *
 * view_model_update() recomputes it from the run in O(frames + slots +
 * object pages), with no allocation once sized.
 */
struct view_model {
	uint64_t nframes, nslots;
	uint8_t *fstate; /* per RAM frame: enum view_state */
	uint8_t *sstate; /* per swap slot: VS_FREE or VS_SWAP */
	uint32_t nobjs;
	uint8_t *ostate;          /* per object slot: its class (state of its pages) */
	uint64_t count[VS_COUNT]; /* frames (and slots, for VS_SWAP) per state */
};

/** view_model_init() - size @m for @s. Returns: 0 or GEMSIM_ENOMEM. */
int view_model_init(struct view_model *m, const struct sim *s);

/** view_model_fini() - free what view_model_init() and updates allocated. */
void view_model_fini(struct view_model *m);

/** view_object_state() - Returns: the state class of object @bo (the state
 * its resident pages have unless a page is mmapped), VS_SWAP when evicted,
 * VS_PURGED when purged, VS_FREE when it has no pages or does not exist. */
enum view_state view_object_state(struct sim *s, uint32_t bo);

/** view_page_state() - Returns: the state of page @page of object @bo. */
enum view_state view_page_state(struct sim *s, uint32_t bo, uint64_t page);

/**
 * view_model_update() - recompute every frame's and slot's state.
 * @m: sized by view_model_init() for @s.
 * @s: the run.
 * Returns: 0, or GEMSIM_ENOMEM when the per-object array could not grow.
 */
int view_model_update(struct view_model *m, struct sim *s);

/* ---- the map rasteriser -------------------------------------------------- */

/**
 * struct view_grid - how N cells fit a w x h box.
 *
 * cell >= 1: every cell is cell x cell pixels (gap pixels included), cols
 * per row; cell == 0: aggregate mode, each pixel summarises per cells, in
 * row-major order.
 */
struct view_grid {
	int x, y, w, h; /* the box, in picture pixels */
	uint64_t n;     /* cells */
	int cell;       /* pixels per cell side, 0 = aggregate */
	int gap;        /* background pixels between cells */
	int cols, rows; /* cells (or pixels, when aggregate) per row; rows used */
	uint64_t per;   /* aggregate: cells per pixel */
};

/** view_grid_fit() - lay @n cells out in the box @x,@y,@w,@h (largest cells that fit). */
void view_grid_fit(struct view_grid *g, int x, int y, int w, int h, uint64_t n);

/** view_grid_cell_rect() - the pixel rectangle of cell @i (cell mode), or the
 * pixel holding it (aggregate).  Returns: false when @i is out of range. */
bool view_grid_cell_rect(const struct view_grid *g, uint64_t i, int *x, int *y, int *w, int *h);

/** view_grid_hit() - Returns: the first cell at picture pixel @px,@py, or
 * UINT64_MAX when the pixel shows no cell. */
uint64_t view_grid_hit(const struct view_grid *g, int px, int py);

/* How the map colours cells. */
enum view_colour_by {
	VIEW_BY_STATE, /* page state (the legend) */
	VIEW_BY_OWNER, /* owner object's hue */
};

/** struct view_paint - what view_raster_*() need besides the grid. */
struct view_paint {
	struct sim *s;
	const struct view_model *m;
	const struct view_fx *fx; /* NULL: no effects */
	sim_ns now;               /* the picture's time */
	sim_ns window;            /* effects last this long (simulated ns), > 0 */
	enum view_colour_by by;
	uint32_t highlight; /* object slot to outline, or SIM_NONE */
};

/**
 * view_raster_frames() - draw the RAM map into a pixel buffer.
 * @p: what to draw.
 * @g: the grid (picture coordinates).
 * @px: ARGB8888 pixels of the whole picture; @pitch in pixels.
 */
void view_raster_frames(const struct view_paint *p, const struct view_grid *g, uint32_t *px,
			int pitch);

/** view_raster_slots() - the same for the swap map. */
void view_raster_slots(const struct view_paint *p, const struct view_grid *g, uint32_t *px,
		       int pitch);

/** view_frame_rgb() - Returns: the colour frame @f has in the picture @p
 * (state, owner and effects), as the rasteriser paints a whole cell. */
uint32_t view_frame_rgb(const struct view_paint *p, uint64_t f);

/* ---- layout -------------------------------------------------------------- */

struct view_rect {
	int x, y, w, h;
};

enum view_mode {
	VIEW_MODE_FRAMES,  /* RAM and swap maps, coloured by state */
	VIEW_MODE_OWNERS,  /* the same, coloured by owner */
	VIEW_MODE_OBJECTS, /* one row per object */
	VIEW_MODE_HOLDERS, /* object cards and who holds their pages */
	VIEW_MODE_LISTS,   /* the shrinker's lists, head to tail (viewer/lists.h) */
	VIEW_MODE_COUNT
};

/** struct view_layout - where every pane goes in a w x h picture. */
struct view_layout {
	int w, h;
	int font;                  /* body text size, pixels */
	int font_big;              /* titles, caption */
	int font_small;            /* legend, axes */
	int font_label;            /* names on map cells: font_small at scale 1, no larger */
	int pad;                   /* spacing unit */
	struct view_rect top;      /* title, time */
	struct view_rect caption;  /* the caption band under the title bar (h 0: none) */
	struct view_rect strip;    /* compare mode: where the runs diverge (h 0: none) */
	struct view_rect main;     /* maps or object rows */
	struct view_rect ram;      /* RAM map (inside main, below its label) */
	struct view_rect swap;     /* swap map */
	struct view_rect side;     /* counters, sparklines, VMs, legend */
	struct view_rect log;      /* event log (and the violation banner) */
	struct view_rect timeline; /* seek bar */
};

/**
 * struct view_layout_need - what the text of a picture needs, measured by
 * the drawing code with the fonts of a first view_layout_compute().
 */
struct view_layout_need {
	int top_h;     /* the title bar's height (0: one big line) */
	int caption_h; /* the caption band's text (0: no band) */
	int strip_h;   /* the divergence strip's text (0: no strip) */
	int side_w;    /* the side panel at least this wide (legend, counters) */
	int log_min_h; /* the log band at least this tall (the violation banner) */
};

/**
 * view_layout_compute() - lay out a @w x @h picture in bands: title bar,
 * caption band, divergence strip, then the maps (with the log under them)
 * beside the side panel, and the timeline; nothing overlaps.
 * @l: out.
 * @w, @h: picture size in pixels (>= 320 x 200).
 * @scale: font scale (1.0 = sized for the picture height; DPI and the
 *         user's --font-scale multiply it).
 * @nframes, @nslots: RAM and swap sizes (the maps share main by these).
 * @need: measured text sizes, or NULL (fonts only: a first pass).
 */
void view_layout_compute(struct view_layout *l, int w, int h, double scale, uint64_t nframes,
			 uint64_t nslots, const struct view_layout_need *need);

/* ---- the headline metric of compare mode (headline.c) -------------------- */

/** struct view_headline - a counter of `gemsim run --json` by name. */
struct view_headline {
	const char *name;              /* as given, NULL: no headline */
	const struct stats_desc *stat; /* a stats counter, or NULL for @top */
	int top;                       /* 1 violations, 2 warnings */
};

/**
 * view_headline_find() - look a metric up: NAME or stats.NAME of the stats
 * block, violations or warnings.
 * @name: kept by pointer.
 * Returns: 0, or -1 when there is no such counter (@h untouched).
 */
int view_headline_find(const char *name, struct view_headline *h);

/** view_headline_value() - Returns: the metric's value in @s now (0 without one). */
uint64_t view_headline_value(const struct view_headline *h, const struct sim *s);

/** view_headline_label() - "pages_swapped_in" (the name without "stats."). */
const char *view_headline_label(const struct view_headline *h);

/* ---- running a scenario for the picture (drive.c) ------------------------ */

#define VIEW_LOG 512 /* log lines kept */
#define VIEW_LOG_LEN 200
#define VIEW_SAMPLES 480 /* sparkline buckets over the whole run */

enum view_log_kind {
	VIEW_LOG_EVENT,     /* a scenario event and its result */
	VIEW_LOG_ERROR,     /* ... that returned an error without "ret" */
	VIEW_LOG_INTERNAL,  /* background reclaim, a job completing */
	VIEW_LOG_WARNING,   /* a WARN report */
	VIEW_LOG_VIOLATION, /* an invariant violation */
	VIEW_LOG_CAPTION,   /* a caption shown */
};

struct view_log_line {
	sim_ns at;
	uint8_t kind; /* enum view_log_kind */
	char text[VIEW_LOG_LEN];
};

/** struct view_sample - counters at one sparkline bucket's end. */
struct view_sample {
	uint64_t free_frames;
	uint64_t swap_used;
	uint64_t evicted;  /* cumulative pages_evicted + pages_purged */
	uint64_t faults;   /* cumulative view_faults() */
	uint64_t headline; /* the headline metric (view_run.hl), 0 without one */
	bool set;
};

/*
 * view_faults() - the side panel's "faults": CPU faults and GPU faults,
 * the GPU faults a heap's growth serves (stats.heap_grows) included.
 */
static inline uint64_t view_faults(const struct sim *s)
{
	return s->stats.cpu_faults + s->stats.gpu_faults + s->stats.heap_grows;
}

/* Why view_run_advance() stopped before its target. */
enum view_stop {
	VIEW_STOP_NONE,      /* reached the target (or the end) */
	VIEW_STOP_VIOLATION, /* a violation happened: the clock stops there */
	VIEW_STOP_CAPTION,   /* a caption asks for a pause */
	VIEW_STOP_DIVERGE,   /* compare mode: the first divergence */
};

/* view_run_advance() flags */
#define VIEW_ADV_STOPS 0x1u /* stop at violations and pausing captions */
#define VIEW_ADV_TALK 0x2u  /* every caption pauses (--talk) */

/**
 * struct view_run - one scenario being shown: its run, what the picture
 * needs from it, and the clock.
 */
/**
 * struct view_scan - what the shrinker did to each object during one step,
 * for the log: "purged scratch 40, evicted cmdbuf 16, skipped tex (busy)".
 */
struct view_scan {
	uint32_t visited;        /* object the scan looks at, or SIM_NONE */
	bool acted;              /* ... and evicted or purged it */
	uint64_t locked, busy;   /* skip counters when it was visited */
	char text[VIEW_LOG_LEN]; /* what it evicted and purged, so far */
	unsigned items, more;    /* listed, and left out for room */
	unsigned skipped[2];     /* objects skipped: busy, locked */
	uint32_t skip_bo[2];     /* the first of each */
};

struct view_run {
	struct scenario *sc; /* owned */
	struct sim *s;       /* the current run, owned */
	struct sim_runner rn;
	struct run_result *r;    /* owned */
	struct view_fx fx;       /* effects heard so far */
	struct view_scan scan;   /* the shrinker's work in the current step */
	struct view_lists lists; /* the shrinker's last scan, for the list view */
	bool check;              /* check invariants (as gemsim run --check) */

	sim_ns t;                 /* the picture's time */
	sim_ns end;               /* time the run ends (from a first run) */
	uint64_t total_events;    /* events of the whole run */
	uint32_t next_caption;    /* first caption not yet reached */
	uint64_t seen_violations; /* violations already stopped for */
	uint32_t seen_reports;    /* reports already logged */
	int banner;               /* report index of the latest violation, or -1 */

	struct view_log_line log[VIEW_LOG];
	uint64_t nlog; /* total lines logged; ring index = n % VIEW_LOG */

	sim_ns bucket; /* sparkline bucket width, simulated ns */
	struct view_sample samples[VIEW_SAMPLES];
	uint32_t nsampled; /* buckets filled so far */

	/* from the first run: its counters at the end (the headline's final value) */
	struct sim_stats end_stats;
	uint64_t end_violations, end_warnings;
	struct view_headline hl; /* compare mode's headline metric (name NULL: none) */

	/* from the first run: where violations happen (timeline ticks) */
	sim_ns viol_at[64];
	uint32_t nviol_at;

	/* compare mode: per scenario event, result and residency signature */
	int32_t *rets; /* NULL unless view_run_record() asked for them */
	uint64_t *sigs;
	uint32_t nrec;  /* events recorded */
	bool recording; /* the first run fills rets and sigs */

	/* seeking back: a second run kept at a checkpoint behind this one */
	struct view_run *keep; /* owned, NULL until view_run_tend() */
	bool sc_borrowed;      /* a kept run shares its owner's scenario */
};

/**
 * view_run_open() - load @file with @opts and prepare its run at time 0.
 * @v: zeroed by the call.
 * @err: the loader's error (file:line:col) on failure.
 * @check: check invariants after every event.
 * @record: keep per-event results and signatures (compare mode).
 *
 * Runs the scenario once to the end to learn its length and where its
 * violations are, then starts over.
 * Returns: 0; -1 with @err set (bad file, or a run that cannot go on: a
 * bad trace line); GEMSIM_ENOMEM.
 */
int view_run_open(struct view_run *v, const char *file, const struct load_opts *opts, bool check,
		  bool record, struct sim_error *err);

/** view_run_close() - free everything of @v. */
void view_run_close(struct view_run *v);

/** view_run_restart() - back to time 0 with a fresh run. Returns: 0 or GEMSIM_ENOMEM. */
int view_run_restart(struct view_run *v);

/**
 * view_run_advance() - run every event at or before @target.
 * @flags: VIEW_ADV_*.
 * Returns: why it stopped; v->t is @target, or the stop's time.
 */
enum view_stop view_run_advance(struct view_run *v, sim_ns target, unsigned flags);

/**
 * view_run_seek() - show time @target: runs forward; when @target is
 * earlier, goes on from the kept checkpoint (view_run_tend()) when it is
 * at or before @target, else re-runs from the start.  Deterministic: the
 * same pixels, log and counters every way.
 * Returns: 0 or GEMSIM_ENOMEM.
 */
int view_run_seek(struct view_run *v, sim_ns target);

#define VIEW_CHECKPOINTS 16 /* checkpoint spacing: the run's length / this */

/**
 * view_run_tend() - keep a second run at the latest checkpoint (a multiple
 * of end / VIEW_CHECKPOINTS) at or before v->t, so that seeking back goes
 * on from there instead of from time 0.  Call it between pictures; it runs
 * at most what the current run ran since the last call, plus one
 * checkpoint's span after a seek.  Doubles the memory of the run.
 * Returns: 0 or GEMSIM_ENOMEM (then seeking back re-runs from the start).
 */
int view_run_tend(struct view_run *v);

/** view_run_step() - run exactly one event (scenario or internal).
 * Returns: false when the run is over. */
bool view_run_step(struct view_run *v);

/** view_run_caption() - Returns: the caption showing at v->t, or NULL. */
const struct sim_caption *view_run_caption(const struct view_run *v);

/** view_run_log_line() - Returns: the @back-th latest log line (0 = newest), or NULL. */
const struct view_log_line *view_run_log_line(const struct view_run *v, uint64_t back);

/** view_run_report_where() - "file:line:col (pin bo0)" of report @i. */
void view_run_report_where(const struct view_run *v, uint32_t i, char *buf, size_t len);

/** view_default_speed() - Returns: simulated ns per wall second that shows
 * a run of length @end in about 20 seconds, on a 1-2-5 scale. */
sim_ns view_default_speed(sim_ns end);

/** view_speed_step() - Returns: the next (@dir > 0) or previous speed of the 1-2-5 scale. */
sim_ns view_speed_step(sim_ns speed, int dir);

/* gui_view.diverge when no scenario event differs but the memory does */
#define VIEW_DIVERGE_STATE (SIM_NONE - 1)

/**
 * view_first_divergence() - compare two recorded runs event by event.
 * Returns: the first scenario event index where the result or the
 * residency differs, or SIM_NONE when they agree as far as both went.
 */
uint32_t view_first_divergence(const struct view_run *a, const struct view_run *b);

/** view_residency_sig() - Returns: a hash of what is resident, in swap and
 * purged per object, and the free frames: equal states, equal hashes. */
uint64_t view_residency_sig(struct sim *s);

/** view_format_grouped() - 13296 as "13 296" (a thin space between thousands). */
void view_format_grouped(uint64_t n, char *buf, size_t len);

/** view_format_diff() - "+1 085 (+36%)": @a - @b, and its percent of @b unless @b is 0. */
void view_format_diff(uint64_t a, uint64_t b, char *buf, size_t len);

/** view_headline_end() - Returns: @v's headline metric at the end of its run. */
uint64_t view_headline_end(const struct view_run *v);

/**
 * view_first_state_divergence() - the first time the memory of @a and @b
 * differs (view_residency_sig()), for runs no scenario event tells apart:
 * runs of generated workloads.  Runs both to the first sparkline bucket
 * where they differ, then again event time by event time within it.
 * @at: out: that time, or UINT64_MAX when they never differ.
 * Returns: 0 (both runs back at time 0), or GEMSIM_ENOMEM.
 */
int view_first_state_divergence(struct view_run *a, struct view_run *b, sim_ns *at);

/** view_format_time() - "12.5ms" style time for labels. */
void view_format_time(sim_ns t, char *buf, size_t len);

/** view_format_count() - "1.2M" style count for labels. */
void view_format_count(uint64_t n, char *buf, size_t len);

#endif
