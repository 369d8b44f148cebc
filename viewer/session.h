/* SPDX-License-Identifier: MIT */
/*
 * viewer/session.h - inside gemsim-view's front end (main.c, args.c,
 * headless.c, loop.c): the command line's options, the session (one or two
 * runs and what the picture shows) and the ways of running it.
 */
#ifndef GEMSIM_VIEWER_SESSION_H
#define GEMSIM_VIEWER_SESSION_H

#include "viewer/gui.h"

#define EXIT_USAGE 2

struct opts {
	const char *file;
	const char **sets[3]; /* common, A, B */
	size_t nsets[3];
	bool has_seed[3];
	uint64_t seed[3];
	bool compare;
	sim_ns speed;
	sim_ns at, from, to;
	bool at_set, at_end, to_end;
	double at_frac; /* --at 50%: 0.5; negative when --at is not a fraction */
	enum view_mode mode;
	const char *zoom;
	const char *headline; /* --headline METRIC */
	bool talk, check, headless, bench;
	int w, h;
	double font_scale;
	const char *screenshot, *frames, *locate, *layout;
	const char *deck, *record; /* --deck DIR, --record FILE */
	bool mode_set;             /* --view given: captions do not switch the view */
	bool slides;               /* --slides: the arrows step caption to caption */
	const char *probe, *probe_at, *color;
	int fps;
	uint64_t bench_pages, bench_frames;
};

struct session {
	struct opts *o;
	struct view_run *a, *b;
	struct gui g;
	struct gui_view gv;
	char *label_a, *label_b;
};

/* args.c */

/** opts_parse() - the command line into @o. Returns: 0, 1 after --help, or EXIT_USAGE
 * (message printed). */
int opts_parse(int argc, char **argv, struct opts *o);

/* main.c */

/** session_seek() - both runs to @t. Returns: 0 or -1. */
int session_seek(struct session *ss, sim_ns t);

/** session_at() - the time --at names: a time, the end or a fraction of the run.
 * Returns: 0, or EXIT_USAGE after saying that it is past the end. */
int session_at(struct session *ss, sim_ns *t);

/** session_restart() - both runs back to the start. Returns: 0 or -1. */
int session_restart(struct session *ss);

/* headless.c */

/** session_save_picture() - the last picture as a PNG at @path. Returns: 0 or -1. */
int session_save_picture(struct session *ss, const char *path);

/** session_headless() - --screenshot, --frames or --locate. Returns: the exit code. */
int session_headless(struct session *ss);

/** session_check_output() - refuse @path when it is the scenario or a trace it
 * replays.  Returns: 0, or the exit code after saying why. */
int session_check_output(struct session *ss, const char *path, const char *opt);

/** session_have_ffmpeg() - Returns: whether ffmpeg is on PATH. */
bool session_have_ffmpeg(void);

/**
 * session_span() - the frames --frames and --record draw: --from to --to
 * (or the end) in steps of --speed / --fps.
 * @ss: the session.
 * @from, @to, @step: set.
 *
 * Returns: 0, or EXIT_USAGE after saying why (--to before --from, more
 * than 100000 frames).
 */
int session_span(struct session *ss, sim_ns *from, sim_ns *to, sim_ns *step);

/** session_frames() - --frames: PNGs from --from to --to, and a movie when
 * @movie and ffmpeg is there.  Returns: the exit code. */
int session_frames(struct session *ss, bool movie);

/* slides.c */

/** session_caption_step() - the caption after (@dir > 0) or before the
 * clock.  Returns: 0 and *@idx, or -1 when there is none. */
int session_caption_step(const struct session *ss, int dir, uint32_t *idx);

/** session_follow_caption() - switch to the current caption's "view"
 * (unless --view was given). */
void session_follow_caption(struct session *ss);

/** session_show_slide() - caption @idx's slide: its time, the events there
 * run and their effects played out, its view.  Returns: 0 or -1. */
int session_show_slide(struct session *ss, uint32_t idx);

/** session_deck() - --deck DIR: every caption's slide as DIR/slide-NN.png
 * and DIR/slides.md.  Returns: the exit code. */
int session_deck(struct session *ss);

/** session_record() - --record FILE: a movie through ffmpeg, or PNG frames
 * beside FILE without it.  Returns: the exit code. */
int session_record(struct session *ss);

/** session_bench() - --bench: time pictures of a synthetic scenario. Returns: the exit code. */
int session_bench(struct session *ss);

/* loop.c */

/** wall_now_s() - Returns: a monotonic wall clock in seconds. */
double wall_now_s(void);

/** session_interactive() - the window and its event loop. Returns: the exit code. */
int session_interactive(struct session *ss);

#endif
