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

#include "base/opt.h"
#include "base/paths.h"
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
	"  -h, --help          this help\n"
	"  --version           print the version\n"
	"                      (a value follows its option or joins it with =: --at=5ms;\n"
	"                      -- ends the options; - as FILE is standard input, as an\n"
	"                      output standard output: --screenshot -, --layout -)\n"
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

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
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

/* The help, its docs/ and scenarios/ where they are (base/paths.h). */
static void print_usage(void)
{
	char *text = paths_help(usage, "viewer.md: the viewer, its keys and views");

	fputs(text ? text : usage, stdout);
	free(text);
}

/* The parse's state: the options, and which --set list is being filled. */
struct args {
	struct opts *o;
	int sec; /* 0 common, 1 after --compare (A), 2 after --vs (B) */
};

enum {
	ARG_SET = 1,
	ARG_SEED,
	ARG_COMPARE,
	ARG_VS,
	ARG_SPEED,
	ARG_AT,
	ARG_FROM,
	ARG_TO,
	ARG_VIEW,
	ARG_SIZE,
	ARG_FONT_SCALE,
	ARG_FPS,
	ARG_PROBE,
	ARG_PAGES,
	ARG_BENCH_FRAMES,
	ARG_HELP,
	ARG_VERSION,
};

static int view_mode_arg(struct opts *o, const char *v)
{
	static const char *const names[] = { "frames", "owners", "objects", "holders", "lists" };
	static const enum view_mode modes[] = { VIEW_MODE_FRAMES, VIEW_MODE_OWNERS,
						VIEW_MODE_OBJECTS, VIEW_MODE_HOLDERS,
						VIEW_MODE_LISTS };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(v, names[i])) {
			o->mode = modes[i];
			o->mode_set = true;
			return 0;
		}
	}
	return usage_error("--view: frames, owners, objects, holders or lists, not '%s'", v);
}

/* The options that set a number or a time. */
static int value_arg(struct opts *o, int id, const char *v)
{
	uint64_t w, h, n;
	char *end;

	switch (id) {
	case ARG_SPEED:
		if (parse_time(v, &o->speed, NULL) || !o->speed)
			return usage_error("--speed needs a time greater than 0, such as 1ms");
		return 0;
	case ARG_AT:
		o->at_frac = -1;
		if (parse_frac(v, &o->at_frac) && parse_time(v, &o->at, &o->at_end))
			return usage_error("--at needs a time such as 2.5ms, end, or a fraction of "
					   "the run from 0%% to 100%%");
		o->at_set = true;
		return 0;
	case ARG_FROM:
		return parse_time(v, &o->from, NULL) ?
			       usage_error("--from needs a time such as 2.5ms") :
			       0;
	case ARG_TO:
		return parse_time(v, &o->to, &o->to_end) ?
			       usage_error("--to needs a time such as 2.5ms, or end") :
			       0;
	case ARG_SIZE:
		if (units_pair_str(v, 'x', 16384, &w, &h) || w < 320 || h < 200)
			return usage_error("--size needs WxH, from 320x200 to 16384x16384");
		o->w = (int)w;
		o->h = (int)h;
		return 0;
	case ARG_FONT_SCALE:
		o->font_scale = strtod(v, &end);
		if (end == v || *end || !(o->font_scale >= 0.25 && o->font_scale <= 8))
			return usage_error("--font-scale needs a number from 0.25 to 8");
		return 0;
	case ARG_FPS:
		if (parse_u64(v, &n) || !n || n > 240)
			return usage_error("--fps needs a number from 1 to 240");
		o->fps = (int)n;
		return 0;
	case ARG_PAGES:
		if (parse_u64(v, &o->bench_pages) || o->bench_pages < 1024 ||
		    o->bench_pages > LOAD_MAX_PAGES)
			return usage_error("--pages needs a number from 1024 to %llu",
					   (unsigned long long)LOAD_MAX_PAGES);
		return 0;
	default:
		if (parse_u64(v, &o->bench_frames) || !o->bench_frames || o->bench_frames > 100000)
			return usage_error("--bench-frames needs a number from 1 to 100000");
		return 0;
	}
}

static int arg(void *ctx, int id, const char *v, struct opt_parser *p)
{
	struct args *g = ctx;
	struct opts *o = g->o;

	switch (id) {
	case OPT_OPERAND:
		if (o->file)
			return usage_error("one scenario file at a time ('%s' is extra)", v);
		o->file = v;
		return 0;
	case ARG_HELP: print_usage(); return 1;
	case ARG_VERSION: puts("gemsim-view 0.1.0"); return 1;
	case ARG_SET:
		if (!strchr(v, '='))
			return usage_error("--set needs KEY=VALUE");
		o->sets[g->sec][o->nsets[g->sec]++] = v;
		return 0;
	case ARG_SEED:
		if (parse_u64(v, &o->seed[g->sec]))
			return usage_error("--seed needs a whole number from 0 to 2^53 in decimal "
					   "digits");
		o->has_seed[g->sec] = true;
		return 0;
	case ARG_COMPARE:
		if (g->sec)
			return usage_error("--compare once, before --vs");
		g->sec = 1;
		o->compare = true;
		return 0;
	case ARG_VS:
		if (g->sec != 1)
			return usage_error("--vs comes after --compare");
		g->sec = 2;
		return 0;
	case ARG_VIEW: return view_mode_arg(o, v);
	case ARG_PROBE:
		o->probe = v;
		o->probe_at = opt_take(p);
		return o->probe_at ? 0 : usage_error("--probe needs PNG X,Y");
	default: return value_arg(o, id, v);
	}
}

/* Options that go together, and those that do not.  Returns: 0 or EXIT_USAGE. */
static int opts_settle(struct opts *o, int sec)
{
	if (o->headline && !o->compare)
		return usage_error("--headline shows in compare mode: add --compare [A's --set...] "
				   "--vs [B's --set...]");
	if (o->compare && sec != 2)
		return usage_error(
			"--compare needs --vs: --compare [A's --set...] --vs [B's --set...]");
	if (o->probe || o->color)
		return 0;
	if (!o->file && !o->bench)
		return usage_error("no scenario file given");
	if (o->screenshot || o->frames || o->locate || o->layout || o->deck || o->record)
		o->headless = true;
	if (!!o->screenshot + !!o->frames + !!o->deck + !!o->record > 1)
		return usage_error("one of --screenshot, --frames, --deck and --record at a time");
	if (o->layout && (o->frames || o->deck || o->record))
		return usage_error("--layout goes with --screenshot (or alone), not with --frames, "
				   "--deck or --record");
	if (o->headless && !o->screenshot && !o->frames && !o->locate && !o->layout && !o->deck &&
	    !o->record)
		return usage_error(
			"--headless needs --screenshot FILE, --layout FILE, --frames DIR, "
			"--deck DIR or --record FILE");
	return 0;
}

int opts_parse(int argc, char **argv, struct opts *o)
{
	struct args g = { .o = o };
	bool no_check = false;
	const struct opt opts[] = {
		{ "--help", "-h", NULL, "this help", .id = ARG_HELP },
		{ "--version", NULL, NULL, "print the version", .id = ARG_VERSION },
		{ "--set", NULL, "KEY=VALUE", "override a scenario value", .id = ARG_SET },
		{ "--seed", NULL, "N", "override the seed", .id = ARG_SEED },
		{ "--speed", NULL, "TIME", "simulated time per wall second", .id = ARG_SPEED },
		{ "--at", NULL, "TIME", "start or picture at this time", .id = ARG_AT },
		{ "--view", NULL, "NAME", "frames, owners, objects, holders or lists",
		  .id = ARG_VIEW },
		{ "--zoom", NULL, "BO", "show object BO alone", .str = &o->zoom },
		{ "--talk", NULL, NULL, "pause at every caption", .flag = &o->talk },
		{ "--slides", NULL, NULL, "step from caption to caption", .flag = &o->slides },
		{ "--size", NULL, "WxH", "window or picture size", .id = ARG_SIZE },
		{ "--font-scale", NULL, "X", "text size multiplier", .id = ARG_FONT_SCALE },
		{ "--no-check", NULL, NULL, "do not check invariants", .flag = &no_check },
		{ "--compare", NULL, NULL, "two configurations side by side", .id = ARG_COMPARE },
		{ "--vs", NULL, NULL, "ends configuration A", .id = ARG_VS },
		{ "--headline", NULL, "METRIC", "a counter shown large", .str = &o->headline },
		{ "--headless", NULL, NULL, "never open a window", .flag = &o->headless },
		{ "--screenshot", NULL, "FILE", "the picture at --at as a PNG",
		  .str = &o->screenshot },
		{ "--layout", NULL, "FILE", "where every box is, as JSON", .str = &o->layout },
		{ "--frames", NULL, "DIR", "PNG frames from --from to --to", .str = &o->frames },
		{ "--record", NULL, "FILE", "a movie of --from..--to", .str = &o->record },
		{ "--deck", NULL, "DIR", "every caption a slide", .str = &o->deck },
		{ "--fps", NULL, "N", "frames per second", .id = ARG_FPS },
		{ "--from", NULL, "TIME", "first frame's time", .id = ARG_FROM },
		{ "--to", NULL, "TIME", "last frame's time", .id = ARG_TO },
		{ "--probe", NULL, "PNG X,Y", "the colour of a pixel", .id = ARG_PROBE },
		{ "--locate", NULL, "BO:PAGE", "the X Y of a page's cell", .str = &o->locate },
		{ "--color", NULL, "STATE", "a page state's colour", .str = &o->color },
		{ "--bench", NULL, NULL, "time frames of 1 Mi pages", .flag = &o->bench },
		{ "--pages", NULL, "N", "--bench: RAM pages", .id = ARG_PAGES },
		{ "--bench-frames", NULL, "N", "--bench: pictures to time",
		  .id = ARG_BENCH_FRAMES },
	};
	struct opt_parser p = {
		.opts = opts, .nopts = sizeof(opts) / sizeof(opts[0]), .handle = arg, .ctx = &g
	};
	int r;

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
	r = opt_parse(&p, argc, argv);
	if (r < 0)
		return usage_error("%s", p.msg);
	if (r)
		return r;
	o->check = !no_check;
	return opts_settle(o, g.sec);
}
