// SPDX-License-Identifier: MIT
/*
 * viewer/args.c - gemsim-view's command line: the usage text and the
 * options into struct opts, every conflict refused with exit code 2.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/units.h"
#include "viewer/session.h"

static const char usage[] =
	"Usage: gemsim-view FILE [--set KEY=VALUE]... [--seed N] [OPTIONS]\n"
	"\n"
	"Animate a gemsim scenario: every RAM frame and swap slot coloured by the state of\n"
	"the page in it, object rows with their counts, the shrinker's lists in order with\n"
	"what its last scan visited, counters and sparklines, the event log, captions for\n"
	"talks.  Keys: press h in the window (docs/viewer.md).\n"
	"\n"
	"Options:\n"
	"  --set KEY=VALUE     override a scenario value (as gemsim run); repeatable\n"
	"  --seed N            override the seed (decimal, 0 to 2^53)\n"
	"  --speed TIME        simulated time per wall second (default: the run in ~20 s)\n"
	"  --at TIME           start at (interactive) or picture (--screenshot) this time:\n"
	"                      \"1.5ms\", a number of microseconds, \"end\", or a fraction\n"
	"                      of the run such as \"50%\"; past the end is an error\n"
	"  --view NAME         frames (default), owners, objects, holders (who holds\n"
	"                      each object's pages: pins, vmap, VMAs, GPU VMs, dma-buf) or\n"
	"                      lists (the shrinker's lists head to tail, what its last\n"
	"                      scan visited and rotated)\n"
	"  --zoom BO           show object BO alone (objects view)\n"
	"  --talk              pause at every caption\n"
	"  --slides            slide mode: the arrow keys (and PageDown/PageUp, as\n"
	"                      always) step from caption to caption, the state settled\n"
	"  --size WxH          window or picture size (default 1600x900, headless 1920x1080)\n"
	"  --font-scale X      text size multiplier (default 1)\n"
	"  --no-check          do not check invariants after every event\n"
	"\n"
	"Compare two configurations of the same scenario, side by side, one clock:\n"
	"  --compare [--set KEY=VALUE]... [--seed N] --vs [--set KEY=VALUE]... [--seed N]\n"
	"                      options before --compare apply to both; the first event\n"
	"                      whose result or residency differs is marked (for runs of\n"
	"                      generated workloads: the first time their memory differs)\n"
	"  --headline METRIC   a counter of `gemsim run --json` (stats.NAME, violations or\n"
	"                      warnings) shown large for A and B, with A - B and its\n"
	"                      running chart; default: the scenario's \"headline\"\n"
	"\n"
	"Headless (no display needed):\n"
	"  --headless          draw into memory, never open a window\n"
	"  --screenshot FILE   write the picture at --at as a PNG (not over the\n"
	"                      scenario; the old FILE stays until the new one is whole);\n"
	"                      a picture shows the settled state: effects played out\n"
	"  --layout FILE       write where every box of the picture at --at is, as JSON:\n"
	"                      {\"width\",\"height\",\"boxes\":[{\"id\",\"role\",\"x\",\"y\",\"w\",\n"
	"                      \"h\",\"text\",\"clipped\",\"parent\"}]} (docs/viewer.md)\n"
	"  --frames DIR        write DIR/frame-000000.png ... from --from to --to, one per\n"
	"                      speed/fps of simulated time, and DIR/movie.mp4 when ffmpeg is\n"
	"                      installed\n"
	"  --record FILE       a movie (FILE.mp4: H.264, FILE.webm: VP9) of --from..--to\n"
	"                      through ffmpeg; without ffmpeg, PNG frames in FILE.frames/\n"
	"  --deck DIR          every caption a slide: DIR/slide-01.png ..., the state\n"
	"                      settled, in the caption's \"view\"; DIR/slides.md the notes\n"
	"  --fps N             frames per second of the movie (default 30)\n"
	"  --from TIME         first frame's time (default 0)\n"
	"  --to TIME           last frame's time (default end)\n"
	"\n"
	"Tools (tests, slides):\n"
	"  --probe PNG X,Y     print the colour of a pixel of a PNG as #rrggbb\n"
	"  --locate BO:PAGE    with --headless --at: print the X Y of that page's cell\n"
	"                      (in its card with --view holders); card:BO a point of\n"
	"                      BO's card border; banner a point of the violation banner\n"
	"  --locate list:BO    with --view lists: a point of BO's block in its list;\n"
	"                      list-edge:BO a point inside its top edge; scan the cursor\n"
	"  --color STATE       print a page state's colour (free, pinned, swap, ...)\n"
	"  --bench             animate 1 Mi pages headless and print frame times\n"
	"  --pages N           --bench: RAM pages (default 1048576)\n"
	"  --bench-frames N    --bench: pictures to time (default 300)\n"
	"\n"
	"Exit codes: 0 ok; 1 a picture could not be made; 2 bad input (file:line:col).\n";


/* ---- arguments ----------------------------------------------------------- */

__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("gemsim-view: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'gemsim-view --help'.\n", stderr);
	return EXIT_USAGE;
}

static int parse_time(const char *s, sim_ns *out, bool *is_end)
{
	const char *why;
	char *end;

	if (is_end)
		*is_end = false;
	if (is_end && !strcmp(s, "end")) {
		*is_end = true;
		return 0;
	}
	if (!units_time_str(s, out, &why))
		return 0;
	errno = 0;
	double us = strtod(s, &end);

	if (!errno && end != s && !*end && !units_time_num(us, out, &why))
		return 0;
	return -1;
}

/* "50%": a fraction of the run, 0% to 100%. Returns: 0 or -1 (not one). */
static int parse_frac(const char *s, double *out)
{
	size_t n = strlen(s);
	char *end;
	double v;

	if (n < 2 || s[n - 1] != '%')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end != s + n - 1 || !(v >= 0 && v <= 100))
		return -1;
	*out = v / 100;
	return 0;
}

/* decimal digits only, at most 2^53 (a seed as `gemsim run` takes it) */
static int parse_u64(const char *s, uint64_t *out)
{
	return units_count_str(s, UNITS_NUM_MAX, out);
}

int opts_parse(int argc, char **argv, struct opts *o)
{
	int sec = 0;

	o->check = true;
	o->at_frac = -1;
	o->fps = 30;
	o->font_scale = 1.0;
	o->zoom = NULL;
	o->bench_pages = 1u << 20;
	o->bench_frames = 300;
	for (int k = 0; k < 3; k++) {
		o->sets[k] = calloc((size_t)argc + 1, sizeof(char *));
		if (!o->sets[k])
			return usage_error("out of memory");
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

#define NEEDV(what) do { if (!v) return usage_error("%s needs %s", a, what); i++; } while (0)
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 1;
		} else if (!strcmp(a, "--version")) {
			puts("gemsim-view 0.1.0");
			return 1;
		} else if (!strcmp(a, "--set")) {
			NEEDV("KEY=VALUE");
			if (!strchr(v, '='))
				return usage_error("--set needs KEY=VALUE");
			o->sets[sec][o->nsets[sec]++] = v;
		} else if (!strcmp(a, "--seed")) {
			NEEDV("a number");
			if (parse_u64(v, &o->seed[sec]))
				return usage_error("--seed needs a whole number from 0 to 2^53 in "
						   "decimal digits");
			o->has_seed[sec] = true;
		} else if (!strcmp(a, "--compare")) {
			if (sec)
				return usage_error("--compare once, before --vs");
			sec = 1;
			o->compare = true;
		} else if (!strcmp(a, "--vs")) {
			if (sec != 1)
				return usage_error("--vs comes after --compare");
			sec = 2;
		} else if (!strcmp(a, "--speed")) {
			NEEDV("a time");
			if (parse_time(v, &o->speed, NULL) || !o->speed)
				return usage_error("--speed needs a time greater than 0, such as 1ms");
		} else if (!strcmp(a, "--at")) {
			NEEDV("a time");
			o->at_frac = -1;
			if (parse_frac(v, &o->at_frac) && parse_time(v, &o->at, &o->at_end))
				return usage_error("--at needs a time such as 2.5ms, end, or a "
						   "fraction of the run from 0%% to 100%%");
			o->at_set = true;
		} else if (!strcmp(a, "--from")) {
			NEEDV("a time");
			if (parse_time(v, &o->from, NULL))
				return usage_error("--from needs a time such as 2.5ms");
		} else if (!strcmp(a, "--to")) {
			NEEDV("a time");
			if (parse_time(v, &o->to, &o->to_end))
				return usage_error("--to needs a time such as 2.5ms, or end");
		} else if (!strcmp(a, "--view")) {
			NEEDV("frames, owners, objects, holders or lists");
			if (!strcmp(v, "frames"))
				o->mode = VIEW_MODE_FRAMES;
			else if (!strcmp(v, "owners"))
				o->mode = VIEW_MODE_OWNERS;
			else if (!strcmp(v, "objects"))
				o->mode = VIEW_MODE_OBJECTS;
			else if (!strcmp(v, "holders"))
				o->mode = VIEW_MODE_HOLDERS;
			else if (!strcmp(v, "lists"))
				o->mode = VIEW_MODE_LISTS;
			else
				return usage_error("--view: frames, owners, objects, holders or lists, "
						   "not '%s'", v);
			o->mode_set = true;
		} else if (!strcmp(a, "--headline")) {
			NEEDV("a counter name");
			o->headline = v;
		} else if (!strcmp(a, "--zoom")) {
			NEEDV("an object name");
			o->zoom = v;
		} else if (!strcmp(a, "--talk")) {
			o->talk = true;
		} else if (!strcmp(a, "--size")) {
			uint64_t w, h;

			NEEDV("WxH");
			if (units_pair_str(v, 'x', 16384, &w, &h) || w < 320 || h < 200)
				return usage_error("--size needs WxH, from 320x200 to 16384x16384");
			o->w = (int)w;
			o->h = (int)h;
		} else if (!strcmp(a, "--font-scale")) {
			char *end;

			NEEDV("a number");
			o->font_scale = strtod(v, &end);
			if (end == v || *end || !(o->font_scale >= 0.25 && o->font_scale <= 8))
				return usage_error("--font-scale needs a number from 0.25 to 8");
		} else if (!strcmp(a, "--no-check")) {
			o->check = false;
		} else if (!strcmp(a, "--headless")) {
			o->headless = true;
		} else if (!strcmp(a, "--screenshot")) {
			NEEDV("a file name");
			o->screenshot = v;
		} else if (!strcmp(a, "--layout")) {
			NEEDV("a file name");
			o->layout = v;
		} else if (!strcmp(a, "--frames")) {
			NEEDV("a directory");
			o->frames = v;
		} else if (!strcmp(a, "--record")) {
			NEEDV("a file name (.mp4 or .webm)");
			o->record = v;
		} else if (!strcmp(a, "--deck")) {
			NEEDV("a directory");
			o->deck = v;
		} else if (!strcmp(a, "--slides")) {
			o->slides = true;
		} else if (!strcmp(a, "--fps")) {
			uint64_t n;

			NEEDV("a number");
			if (parse_u64(v, &n) || !n || n > 240)
				return usage_error("--fps needs a number from 1 to 240");
			o->fps = (int)n;
		} else if (!strcmp(a, "--locate")) {
			NEEDV("BO:PAGE");
			o->locate = v;
		} else if (!strcmp(a, "--probe")) {
			NEEDV("PNG X,Y");
			o->probe = v;
			if (i + 1 >= argc)
				return usage_error("--probe needs PNG X,Y");
			o->probe_at = argv[++i];
		} else if (!strcmp(a, "--color")) {
			NEEDV("a state name");
			o->color = v;
		} else if (!strcmp(a, "--bench")) {
			o->bench = true;
		} else if (!strcmp(a, "--pages")) {
			NEEDV("a number");
			if (parse_u64(v, &o->bench_pages) || o->bench_pages < 1024 ||
			    o->bench_pages > LOAD_MAX_PAGES)
				return usage_error("--pages needs a number from 1024 to %llu",
						   (unsigned long long)LOAD_MAX_PAGES);
		} else if (!strcmp(a, "--bench-frames")) {
			NEEDV("a number");
			if (parse_u64(v, &o->bench_frames) || !o->bench_frames ||
			    o->bench_frames > 100000)
				return usage_error("--bench-frames needs a number from 1 to 100000");
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option '%s'", a);
		} else if (o->file) {
			return usage_error("one scenario file at a time ('%s' is extra)", a);
		} else {
			o->file = a;
		}
#undef NEEDV
	}
	if (o->headline && !o->compare)
		return usage_error("--headline shows in compare mode: add --compare [A's --set...] "
				   "--vs [B's --set...]");
	if (o->compare && sec != 2)
		return usage_error("--compare needs --vs: --compare [A's --set...] --vs [B's --set...]");
	if (o->probe || o->color)
		return 0;
	if (!o->file && !o->bench)
		return usage_error("no scenario file given");
	if ((o->screenshot || o->frames || o->locate || o->layout || o->deck || o->record) &&
	    !o->headless)
		o->headless = true;
	if (!!o->screenshot + !!o->frames + !!o->deck + !!o->record > 1)
		return usage_error("one of --screenshot, --frames, --deck and --record at a time");
	if (o->layout && (o->frames || o->deck || o->record))
		return usage_error("--layout goes with --screenshot (or alone), not with --frames, "
				   "--deck or --record");
	if (o->headless && !o->screenshot && !o->frames && !o->locate && !o->layout && !o->deck &&
	    !o->record)
		return usage_error("--headless needs --screenshot FILE, --layout FILE, --frames DIR, "
				   "--deck DIR or --record FILE");
	return 0;
}
