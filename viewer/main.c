/*
 * viewer/main.c - gemsim-view: animate a scenario's residency for a room.
 *
 *   gemsim-view FILE [--set KEY=VALUE]... [--seed N] [OPTIONS]
 *   gemsim-view FILE [common options] --compare [A's --set/--seed] --vs [B's]
 *   gemsim-view FILE --headless --screenshot OUT.png --at TIME [--size WxH]
 *   gemsim-view FILE --headless --frames DIR --fps N --from T --to T [--size WxH]
 *   gemsim-view --bench [--pages N] [--bench-frames N] [--size WxH]
 *
 * The interactive loop advances the picture's clock by speed x wall time,
 * stopping at violations and pausing captions; headless mode computes the
 * same pictures at exact simulated times, with no display (SDL's software
 * renderer into a surface).  docs/viewer.md describes every key and option.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim/ofile.h"
#include "sim/text.h"
#include "sim/units.h"
#include "viewer/gui.h"

#define EXIT_USAGE 2

static const char usage[] =
	"Usage: gemsim-view FILE [--set KEY=VALUE]... [--seed N] [OPTIONS]\n"
	"\n"
	"Animate a gemsim scenario: every RAM frame and swap slot coloured by the state of\n"
	"the page in it, object rows with their counts, counters and sparklines, the event\n"
	"log, captions for talks.  Keys: press h in the window (docs/viewer.md).\n"
	"\n"
	"Options:\n"
	"  --set KEY=VALUE     override a scenario value (as gemsim run); repeatable\n"
	"  --seed N            override the seed (decimal, 0 to 2^53)\n"
	"  --speed TIME        simulated time per wall second (default: the run in ~20 s)\n"
	"  --at TIME           start at (interactive) or picture (--screenshot) this time;\n"
	"                      TIME is \"1.5ms\", a number of microseconds, or \"end\"\n"
	"  --view NAME         frames (default), owners or objects\n"
	"  --zoom BO           show object BO alone (objects view)\n"
	"  --talk              pause at every caption\n"
	"  --size WxH          window or picture size (default 1600x900, headless 1920x1080)\n"
	"  --font-scale X      text size multiplier (default 1)\n"
	"  --no-check          do not check invariants after every event\n"
	"\n"
	"Compare two configurations of the same scenario, side by side, one clock:\n"
	"  --compare [--set KEY=VALUE]... [--seed N] --vs [--set KEY=VALUE]... [--seed N]\n"
	"                      options before --compare apply to both; the first event\n"
	"                      whose result or residency differs is marked\n"
	"\n"
	"Headless (no display needed):\n"
	"  --headless          draw into memory, never open a window\n"
	"  --screenshot FILE   write the picture at --at as a PNG (not over the\n"
	"                      scenario; the old FILE stays until the new one is whole)\n"
	"  --frames DIR        write DIR/frame-000000.png ... from --from to --to, one per\n"
	"                      speed/fps of simulated time, and DIR/movie.mp4 when ffmpeg is\n"
	"                      installed\n"
	"  --fps N             frames per second of the movie (default 30)\n"
	"  --from TIME         first frame's time (default 0)\n"
	"  --to TIME           last frame's time (default end)\n"
	"\n"
	"Tools (tests, slides):\n"
	"  --probe PNG X,Y     print the colour of a pixel of a PNG as #rrggbb\n"
	"  --locate BO:PAGE    with --headless --at: print the X Y of that page's cell\n"
	"  --color STATE       print a page state's colour (free, pinned, swap, ...)\n"
	"  --bench             animate 1 Mi pages headless and print frame times\n"
	"  --pages N           --bench: RAM pages (default 1048576)\n"
	"  --bench-frames N    --bench: pictures to time (default 300)\n"
	"\n"
	"Exit codes: 0 ok; 1 a picture could not be made; 2 bad input (file:line:col).\n";

struct opts {
	const char *file;
	const char **sets[3];    /* common, A, B */
	size_t nsets[3];
	bool has_seed[3];
	uint64_t seed[3];
	bool compare;
	sim_ns speed;
	sim_ns at, from, to;
	bool at_set, at_end, to_end;
	enum view_mode mode;
	const char *zoom;
	bool talk, check, headless, bench;
	int w, h;
	double font_scale;
	const char *screenshot, *frames, *locate;
	const char *probe, *probe_at, *color;
	int fps;
	uint64_t bench_pages, bench_frames;
};

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

/* decimal digits only, at most 2^53 (a seed as `gemsim run` takes it) */
static int parse_u64(const char *s, uint64_t *out)
{
	return units_count_str(s, UNITS_NUM_MAX, out);
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	int sec = 0;

	o->check = true;
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
			if (parse_time(v, &o->at, &o->at_end))
				return usage_error("--at needs a time such as 2.5ms, or end");
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
			NEEDV("frames, owners or objects");
			if (!strcmp(v, "frames"))
				o->mode = VIEW_MODE_FRAMES;
			else if (!strcmp(v, "owners"))
				o->mode = VIEW_MODE_OWNERS;
			else if (!strcmp(v, "objects"))
				o->mode = VIEW_MODE_OBJECTS;
			else
				return usage_error("--view: frames, owners or objects, not '%s'", v);
		} else if (!strcmp(a, "--zoom")) {
			NEEDV("an object name");
			o->zoom = v;
		} else if (!strcmp(a, "--talk")) {
			o->talk = true;
		} else if (!strcmp(a, "--size")) {
			NEEDV("WxH");
			if (sscanf(v, "%dx%d", &o->w, &o->h) != 2 || o->w < 320 || o->h < 200 ||
			    o->w > 16384 || o->h > 16384)
				return usage_error("--size needs WxH, from 320x200 to 16384x16384");
		} else if (!strcmp(a, "--font-scale")) {
			NEEDV("a number");
			o->font_scale = strtod(v, NULL);
			if (!(o->font_scale >= 0.25 && o->font_scale <= 8))
				return usage_error("--font-scale needs a number from 0.25 to 8");
		} else if (!strcmp(a, "--no-check")) {
			o->check = false;
		} else if (!strcmp(a, "--headless")) {
			o->headless = true;
		} else if (!strcmp(a, "--screenshot")) {
			NEEDV("a file name");
			o->screenshot = v;
		} else if (!strcmp(a, "--frames")) {
			NEEDV("a directory");
			o->frames = v;
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
	if (o->compare && sec != 2)
		return usage_error("--compare needs --vs: --compare [A's --set...] --vs [B's --set...]");
	if (o->probe || o->color)
		return 0;
	if (!o->file && !o->bench)
		return usage_error("no scenario file given");
	if ((o->screenshot || o->frames || o->locate) && !o->headless)
		o->headless = true;
	if (o->screenshot && o->frames)
		return usage_error("--screenshot or --frames, not both");
	if (o->headless && !o->screenshot && !o->frames && !o->locate)
		return usage_error("--headless needs --screenshot FILE or --frames DIR");
	return 0;
}

/* The options for run @k (0 = A or the only one, 1 = B): common, then its own. */
static struct load_opts run_opts(const struct opts *o, int k, const char **buf)
{
	struct load_opts lo = { .sets = buf };
	size_t n = 0;

	for (size_t i = 0; i < o->nsets[0]; i++)
		buf[n++] = o->sets[0][i];
	if (o->compare)
		for (size_t i = 0; i < o->nsets[1 + k]; i++)
			buf[n++] = o->sets[1 + k][i];
	lo.nsets = n;
	lo.has_seed = o->has_seed[0];
	lo.seed = o->seed[0];
	if (o->compare && o->has_seed[1 + k]) {
		lo.has_seed = true;
		lo.seed = o->seed[1 + k];
	}
	return lo;
}

static char *run_label(const struct opts *o, int k)
{
	size_t len = 16;
	char *s;

	for (size_t i = 0; i < o->nsets[1 + k]; i++)
		len += strlen(o->sets[1 + k][i]) + 2;
	s = malloc(len + 32);
	if (!s)
		return NULL;
	strcpy(s, k ? "B: " : "A: ");
	for (size_t i = 0; i < o->nsets[1 + k]; i++) {
		strcat(s, o->sets[1 + k][i]);
		if (i + 1 < o->nsets[1 + k])
			strcat(s, "  ");
	}
	if (o->has_seed[1 + k])
		sprintf(s + strlen(s), "%sseed=%" PRIu64, o->nsets[1 + k] ? "  " : "", o->seed[1 + k]);
	if (!o->nsets[1 + k] && !o->has_seed[1 + k])
		strcat(s, "as written");
	return s;
}

/* ---- the session: one or two runs and what the picture shows -------------- */

struct session {
	struct opts *o;
	struct view_run *a, *b;
	struct gui g;
	struct gui_view gv;
	char *label_a, *label_b;
};

static int open_runs(struct session *ss)
{
	struct opts *o = ss->o;
	const char **buf = calloc(o->nsets[0] + o->nsets[1] + o->nsets[2] + 1, sizeof(char *));
	struct sim_error err;
	int ret = 0;

	ss->a = calloc(1, sizeof(*ss->a));
	ss->b = o->compare ? calloc(1, sizeof(*ss->b)) : NULL;
	if (!buf || !ss->a || (o->compare && !ss->b)) {
		free(buf);
		fprintf(stderr, "gemsim-view: out of memory\n");
		return 1;
	}
	for (int k = 0; k < (o->compare ? 2 : 1) && !ret; k++) {
		struct load_opts lo = run_opts(o, k, buf);
		int r = view_run_open(k ? ss->b : ss->a, o->file, &lo, o->check, o->compare, &err);

		if (r == -1) {
			char msg[SIM_ERROR_MSG + 300];

			sim_error_format(&err, msg, sizeof(msg));
			text_term(stderr, msg);
			fputc('\n', stderr);
			ret = EXIT_USAGE;
		} else if (r) {
			fprintf(stderr, "gemsim-view: %s: out of memory\n", o->file);
			ret = 1;
		}
	}
	free(buf);
	if (ret)
		return ret;

	struct gui_view *gv = &ss->gv;

	gv->mode = o->mode;
	gv->zoom = SIM_NONE;
	gv->mouse_x = gv->mouse_y = -1;
	gv->talk = o->talk;
	gv->diverge = SIM_NONE;
	gv->banner = true;
	gv->speed = o->speed ? o->speed : view_default_speed(ss->a->end);
	if (o->zoom) {
		gv->zoom = scenario_find(ss->a->sc, SIM_K_BO, o->zoom);
		if (gv->zoom == SIM_NONE) {
			fprintf(stderr, "gemsim-view: --zoom: no object named '%s' in %s\n", o->zoom,
				o->file);
			return EXIT_USAGE;
		}
		gv->mode = VIEW_MODE_OBJECTS;
	}
	if (o->compare) {
		ss->label_a = run_label(o, 0);
		ss->label_b = run_label(o, 1);
		gv->b = ss->b;
		gv->label_a = ss->label_a ? ss->label_a : "A";
		gv->label_b = ss->label_b ? ss->label_b : "B";
		gv->diverge = view_first_divergence(ss->a, ss->b);
		if (gv->diverge != SIM_NONE && gv->diverge < ss->a->sc->nevents)
			gv->diverge_at = ss->a->sc->events[gv->diverge].at;
		else if (gv->diverge != SIM_NONE)
			gv->diverge_at = ss->a->end;
		if (ss->b->end > ss->a->end)
			ss->a->end = ss->b->end;
	}
	return 0;
}

static void close_session(struct session *ss)
{
	gui_fini(&ss->g);
	if (ss->a)
		view_run_close(ss->a);
	if (ss->b)
		view_run_close(ss->b);
	free(ss->a);
	free(ss->b);
	free(ss->label_a);
	free(ss->label_b);
	for (int k = 0; k < 3; k++)
		free(ss->o->sets[k]);
}

static int seek_all(struct session *ss, sim_ns t)
{
	if (view_run_seek(ss->a, t))
		return -1;
	if (ss->b && view_run_seek(ss->b, t))
		return -1;
	return 0;
}

static int restart_all(struct session *ss)
{
	if (view_run_restart(ss->a) || (ss->b && view_run_restart(ss->b)))
		return -1;
	return 0;
}

/* ---- headless ------------------------------------------------------------ */

/*
 * Refuse a picture path that is the scenario or a trace it replays (the
 * picture would replace it).  Returns: 0, or EXIT_USAGE after saying why
 * (1 when out of memory).
 */
static int check_output(struct session *ss, const char *path, const char *opt)
{
	const struct scenario *sc = ss->a->sc;
	size_t max = sc->nworkloads + 1u;
	const char **ins = calloc(max, sizeof(*ins));
	struct sim_error err = { 0 };
	char msg[SIM_ERROR_MSG + 300];
	int bad;

	if (!ins) {
		fprintf(stderr, "gemsim-view: out of memory\n");
		return 1;
	}
	bad = ofile_check(ins, scenario_inputs(sc, ins, max), &path, &opt, 1, &err);
	free(ins);
	if (!bad)
		return 0;
	sim_error_format(&err, msg, sizeof(msg));
	fprintf(stderr, "gemsim-view: %s\n", msg);
	return EXIT_USAGE;
}

static int save_picture(struct session *ss, const char *path)
{
	uint32_t *px = gui_read_pixels(&ss->g);
	int r;

	if (!px) {
		fprintf(stderr, "gemsim-view: cannot read the picture back: %s\n", SDL_GetError());
		return -1;
	}
	r = view_png_write(path, px, ss->g.w, ss->g.h);
	free(px);
	return r;
}

static bool have_ffmpeg(void)
{
	const char *path = getenv("PATH");
	char buf[1024];

	if (!path)
		return false;
	while (*path) {
		const char *c = strchr(path, ':');
		size_t n = c ? (size_t)(c - path) : strlen(path);

		snprintf(buf, sizeof(buf), "%.*s/ffmpeg", (int)n, path);
		if (!access(buf, X_OK))
			return true;
		path += n + (c ? 1 : 0);
	}
	return false;
}

static int make_movie(const char *dir, int fps)
{
	char rate[16], in[1024], out[1024];
	pid_t pid;
	int st;

	if (!have_ffmpeg()) {
		printf("gemsim-view: ffmpeg is not installed: no %s/movie.mp4 (the PNG frames are "
		       "there; apt-get install ffmpeg to get a movie)\n", dir);
		return 0;
	}
	snprintf(rate, sizeof(rate), "%d", fps);
	snprintf(in, sizeof(in), "%s/frame-%%06d.png", dir);
	snprintf(out, sizeof(out), "%s/movie.mp4", dir);
	pid = fork();
	if (pid == 0) {
		execlp("ffmpeg", "ffmpeg", "-loglevel", "error", "-y", "-framerate", rate, "-i", in,
		       "-c:v", "libx264", "-pix_fmt", "yuv420p", "-vf",
		       "pad=ceil(iw/2)*2:ceil(ih/2)*2", out, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "gemsim-view: ffmpeg failed to make %s\n", out);
		return -1;
	}
	printf("gemsim-view: wrote %s\n", out);
	return 0;
}

static int headless(struct session *ss)
{
	struct opts *o = ss->o;
	struct view_run *a = ss->a;
	int w = o->w ? o->w : 1920, h = o->h ? o->h : 1080, r;

	if (gui_find_font(&ss->g) || gui_init_headless(&ss->g, w, h))
		return 1;
	ss->g.font_scale = o->font_scale;
	if (gui_resize(&ss->g, w, h, a))
		return 1;
	if (o->screenshot && (r = check_output(ss, o->screenshot, "--screenshot")))
		return r;
	if (o->screenshot || o->locate) {
		sim_ns t = o->at_end ? a->end : o->at;

		/* the end is a settled picture, never a flash caught half way */
		if (o->at_end)
			ss->gv.fx_extra = ss->gv.speed * 6 / 10;
		if (seek_all(ss, t) || gui_draw(&ss->g, a, &ss->gv))
			return 1;
		if (o->screenshot && save_picture(ss, o->screenshot))
			return 1;
		if (o->locate) {
			char name[LOAD_MAX_NAME_LEN + 1];
			uint64_t page;
			uint32_t bo;
			int x, y;

			if (!strcmp(o->locate, "banner")) {
				/* a point of the banner's red fill, clear of its text */
				if (!ss->g.banner.w) {
					fprintf(stderr, "gemsim-view: no violation banner at that time\n");
					return 1;
				}
				printf("%d,%d\n", ss->g.banner.x + 6,
				       ss->g.banner.y + ss->g.banner.h - 6);
				return 0;
			}
			if (sscanf(o->locate, "%64[^:]:%" SCNu64, name, &page) != 2) {
				fprintf(stderr, "gemsim-view: --locate needs BO:PAGE or banner\n");
				return EXIT_USAGE;
			}
			bo = scenario_find(a->sc, SIM_K_BO, name);
			if (bo == SIM_NONE || !gui_locate(&ss->g, a, bo, page, &x, &y)) {
				fprintf(stderr, "gemsim-view: %s page %" PRIu64 " is not on the map "
					"at that time\n", name, page);
				return 1;
			}
			printf("%d,%d\n", x, y);
		}
		return 0;
	}
	/* frames */
	sim_ns from = o->from, to = o->to_end || !o->to ? a->end : o->to;
	sim_ns step = ss->gv.speed / (sim_ns)o->fps;
	char path[1200];
	uint64_t n = 0;

	if (mkdir(o->frames, 0777) && errno != EEXIST) {
		fprintf(stderr, "gemsim-view: cannot make %s: %s\n", o->frames, strerror(errno));
		return 1;
	}
	if (!step)
		step = 1;
	if (to < from) {
		fprintf(stderr, "gemsim-view: --to is before --from\n");
		return EXIT_USAGE;
	}
	if ((to - from) / step > 100000) {
		fprintf(stderr, "gemsim-view: that is more than 100000 frames; raise --speed or "
			"narrow --from/--to\n");
		return EXIT_USAGE;
	}
	for (sim_ns t = from;; t += step) {
		if (t > to)
			t = to;
		if (seek_all(ss, t) || gui_draw(&ss->g, a, &ss->gv))
			return 1;
		snprintf(path, sizeof(path), "%s/frame-%06" PRIu64 ".png", o->frames, n++);
		if ((r = check_output(ss, path, "--frames")))
			return r;
		if (save_picture(ss, path))
			return 1;
		if (t >= to)
			break;
	}
	printf("gemsim-view: wrote %" PRIu64 " frames to %s/\n", n, o->frames);
	return make_movie(o->frames, o->fps) ? 1 : 0;
}

/* ---- interactive --------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Advance both runs to @target, stopping where either asks to. */
static enum view_stop advance_all(struct session *ss, sim_ns target)
{
	unsigned fl = VIEW_ADV_STOPS | (ss->gv.talk ? VIEW_ADV_TALK : 0);
	struct gui_view *gv = &ss->gv;
	enum view_stop st, stb = VIEW_STOP_NONE;

	if (ss->b && gv->diverge != SIM_NONE && ss->a->t < gv->diverge_at &&
	    target >= gv->diverge_at) {
		target = gv->diverge_at;
		stb = VIEW_STOP_DIVERGE;
	}
	st = view_run_advance(ss->a, target, fl);
	if (ss->b) {
		enum view_stop s2 = view_run_advance(ss->b, ss->a->t, fl & ~VIEW_ADV_TALK);

		if (s2 == VIEW_STOP_VIOLATION && ss->b->t < ss->a->t)
			seek_all(ss, ss->b->t);
		if (s2 == VIEW_STOP_VIOLATION)
			st = s2;
	}
	return st != VIEW_STOP_NONE ? st : stb;
}

static void screenshot(struct session *ss)
{
	char name[64], t[32];
	static char msg[128];

	view_format_time(ss->a->t, t, sizeof(t));
	snprintf(name, sizeof(name), "gemsim-%s.png", t);
	if (!save_picture(ss, name))
		snprintf(msg, sizeof(msg), "saved %s", name);
	else
		snprintf(msg, sizeof(msg), "could not save %s", name);
	ss->gv.status = msg;
}

static int interactive(struct session *ss)
{
	struct opts *o = ss->o;
	struct gui *g = &ss->g;
	struct gui_view *gv = &ss->gv;
	int w = o->w ? o->w : 1600, h = o->h ? o->h : 900, ow, oh;
	double last = now_s(), paused_at = last;
	bool quit = false, dragging = false, full = false, shot = false;
	char title[256];

	snprintf(title, sizeof(title), "gemsim-view: %s", ss->a->sc->name);
	if (gui_find_font(g) || gui_init_window(g, w, h, title))
		return 1;
	SDL_GetRendererOutputSize(g->ren, &ow, &oh);
	g->font_scale = o->font_scale;
	if (gui_resize(g, ow, oh, ss->a))
		return 1;
	if (o->at_set && seek_all(ss, o->at_end ? ss->a->end : o->at))
		return 1;
	gv->playing = !o->at_set;
	while (!quit) {
		SDL_Event e;
		double t = now_s(), dt = t - last;
		int ww, wh;

		last = t;
		SDL_GetWindowSize(g->win, &ww, &wh);
		while (SDL_PollEvent(&e)) {
			double sx = ww ? (double)g->w / ww : 1, sy = wh ? (double)g->h / wh : 1;

			switch (e.type) {
			case SDL_QUIT:
				quit = true;
				break;
			case SDL_WINDOWEVENT:
				if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
					SDL_GetRendererOutputSize(g->ren, &ow, &oh);
					if (gui_resize(g, ow, oh, ss->a))
						return 1;
				} else if (e.window.event == SDL_WINDOWEVENT_LEAVE) {
					gv->mouse_x = gv->mouse_y = -1;
				}
				break;
			case SDL_MOUSEMOTION:
				gv->mouse_x = (int)(e.motion.x * sx);
				gv->mouse_y = (int)(e.motion.y * sy);
				if (dragging) {
					sim_ns tt = gui_timeline_time(g, ss->a, gv->mouse_x, gv->mouse_y, true);

					if (seek_all(ss, tt))
						return 1;
				}
				break;
			case SDL_MOUSEBUTTONDOWN: {
				int mx = (int)(e.button.x * sx), my = (int)(e.button.y * sy);
				sim_ns tt = gui_timeline_time(g, ss->a, mx, my, false);

				if (tt != UINT64_MAX) {
					dragging = true;
					gv->playing = false;
					if (seek_all(ss, tt))
						return 1;
					break;
				}
				uint32_t bo = gui_click_object(g, ss->a, gv, mx, my);

				if (bo != SIM_NONE && bo != gv->zoom) {
					gv->zoom = bo;
					gv->mode = VIEW_MODE_OBJECTS;
				} else if (gv->zoom != SIM_NONE) {
					gv->zoom = SIM_NONE;
				}
				break;
			}
			case SDL_MOUSEBUTTONUP:
				dragging = false;
				break;
			case SDL_MOUSEWHEEL:
				gv->scroll -= e.wheel.y;
				if (gv->scroll < 0)
					gv->scroll = 0;
				break;
			case SDL_KEYDOWN:
				gv->status = NULL;
				switch (e.key.keysym.sym) {
				case SDLK_q:
					quit = true;
					break;
				case SDLK_ESCAPE:
					if (gv->help)
						gv->help = false;
					else if (gv->zoom != SIM_NONE)
						gv->zoom = SIM_NONE;
					else
						quit = true;
					break;
				case SDLK_SPACE:
					gv->playing = !gv->playing;
					gv->banner = false;
					if (gv->playing && ss->a->rn.done)
						gv->playing = false;
					break;
				case SDLK_n:
				case SDLK_RIGHT:
					gv->playing = false;
					view_run_step(ss->a);
					if (ss->b)
						view_run_seek(ss->b, ss->a->t);
					paused_at = t;
					break;
				case SDLK_LEFT: {
					sim_ns back = ss->a->end / 10;

					if (seek_all(ss, ss->a->t > back ? ss->a->t - back : 0))
						return 1;
					break;
				}
				case SDLK_HOME:
					if (seek_all(ss, 0))
						return 1;
					break;
				case SDLK_PLUS:
				case SDLK_EQUALS:
				case SDLK_KP_PLUS:
					gv->speed = view_speed_step(gv->speed, 1);
					break;
				case SDLK_MINUS:
				case SDLK_KP_MINUS:
					gv->speed = view_speed_step(gv->speed, -1);
					break;
				case SDLK_r:
					if (restart_all(ss))
						return 1;
					gv->banner = true;
					gv->playing = true;
					break;
				case SDLK_v:
				case SDLK_TAB:
					gv->mode = (enum view_mode)((gv->mode + 1) % VIEW_MODE_COUNT);
					break;
				case SDLK_f:
					full = !full;
					SDL_SetWindowFullscreen(g->win, full ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
					break;
				case SDLK_s:
					shot = true;
					break;
				case SDLK_h:
				case SDLK_QUESTION:
				case SDLK_SLASH:
					gv->help = !gv->help;
					break;
				default:
					break;
				}
				break;
			default:
				break;
			}
		}
		if (gv->playing) {
			sim_ns adv = (sim_ns)(dt * (double)gv->speed);
			enum view_stop st = advance_all(ss, ss->a->t + adv);

			gv->fx_extra = 0;
			if (st != VIEW_STOP_NONE) {
				gv->playing = false;
				gv->banner = st == VIEW_STOP_VIOLATION || gv->banner;
				paused_at = t;
			}
			if (ss->a->rn.done && ss->a->t >= ss->a->end)
				gv->playing = false;
		} else {
			/* let the last step's effects finish while paused */
			double since = t - paused_at;
			sim_ns win = gv->speed * 6 / 10;

			gv->fx_extra = since * (double)gv->speed > (double)win ? win
				: (sim_ns)(since * (double)gv->speed);
		}
		if (gui_draw(g, ss->a, gv))
			return 1;
		char hover[400];

		/* on the picture (readable on a projector, and in screenshots of
		 * a pointed-at cell), and in the window title */
		if (gui_hover_text(g, ss->a, gv, hover, sizeof(hover))) {
			gv->status = NULL;
			SDL_SetWindowTitle(g->win, hover);
			gui_draw_tooltip(g, gv->mouse_x, gv->mouse_y, hover);
		}
		if (shot) {
			screenshot(ss);
			shot = false;
		}
		gui_present(g);
		/* keep a checkpoint behind the clock, so seeking back is quick */
		view_run_tend(ss->a);
		if (ss->b)
			view_run_tend(ss->b);
		/* without vsync, do not spin: about 60 pictures a second */
		double spent = now_s() - t;

		if (spent < 0.016)
			SDL_Delay((Uint32)((0.016 - spent) * 1000));
	}
	return 0;
}

/* ---- benchmark ----------------------------------------------------------- */

/*
 * A synthetic scenario over @pages frames: objects fill three quarters of
 * RAM, some pinned, some purgeable, and pressure waves make the shrinker
 * evict and purge all the time, so every picture has changes and effects.
 */
static char *bench_scenario(uint64_t pages)
{
	uint64_t per = pages / 256, nobj = 192;
	size_t cap = 4096 + nobj * 400, n = 0;
	char *s = malloc(cap);

	if (!s)
		return NULL;
#define P(...) (n += (size_t)snprintf(s + n, cap - n, __VA_ARGS__))
	P("{\"version\":1,\"name\":\"bench\",\"description\":\"%" PRIu64 " pages under pressure\","
	  "\"memory\":{\"ram_pages\":%" PRIu64 ",\"swap_pages\":%" PRIu64 "},\"objects\":[",
	  pages, pages, pages);
	for (uint64_t i = 0; i < nobj; i++)
		P("%s{\"name\":\"bo%" PRIu64 "\",\"pages\":%" PRIu64 "}", i ? "," : "", i, per);
	P("],\"events\":[");
	for (uint64_t i = 0; i < nobj; i++) {
		P("%s{\"at\":%" PRIu64 ",\"op\":\"get_pages\",\"bo\":\"bo%" PRIu64 "\"}", i ? "," : "",
		  i * 5, i);
		if (i % 8 == 0)
			P(",{\"at\":%" PRIu64 ",\"op\":\"pin\",\"bo\":\"bo%" PRIu64 "\"}", i * 5 + 1, i);
		if (i % 5 == 1)
			P(",{\"at\":%" PRIu64 ",\"op\":\"madvise\",\"bo\":\"bo%" PRIu64
			  "\",\"advice\":\"dontneed\"}", i * 5 + 2, i);
	}
	for (int k = 0; k < 20; k++)
		P(",{\"at\":%d,\"op\":\"pressure\",\"pages\":%" PRIu64 "}"
		  ",{\"at\":%d,\"op\":\"release\",\"pages\":%" PRIu64 "}",
		  1000 + k * 500, pages / 8, 1250 + k * 500, pages / 8);
	P("]}");
#undef P
	return s;
}

static int bench(struct session *ss)
{
	struct opts *o = ss->o;
	int w = o->w ? o->w : 1920, h = o->h ? o->h : 1080;
	char *text = bench_scenario(o->bench_pages);
	char path[] = "/tmp/gemsim-bench-XXXXXX";
	int fd = mkstemp(path);
	double *ft;
	uint64_t nf = o->bench_frames;
	struct sim_error err;
	struct load_opts lo = { 0 };

	if (!text || fd < 0) {
		free(text);
		fprintf(stderr, "gemsim-view: --bench: cannot write its scenario\n");
		return 1;
	}
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		close(fd);
		unlink(path);
		free(text);
		return 1;
	}
	close(fd);
	free(text);
	ss->a = calloc(1, sizeof(*ss->a));
	ft = calloc(nf, sizeof(*ft));
	if (!ss->a || !ft || view_run_open(ss->a, path, &lo, false, false, &err)) {
		unlink(path);
		free(ft);
		fprintf(stderr, "gemsim-view: --bench: cannot load its scenario\n");
		return 1;
	}
	unlink(path);
	ss->gv.zoom = SIM_NONE;
	ss->gv.diverge = SIM_NONE;
	ss->gv.mouse_x = ss->gv.mouse_y = -1;
	ss->gv.speed = ss->a->end / (nf / 60 + 1) + 1;
	ss->gv.playing = true;
	if (gui_find_font(&ss->g) || gui_init_headless(&ss->g, w, h) ||
	    gui_resize(&ss->g, w, h, ss->a)) {
		free(ft);
		return 1;
	}
	double sim_total = 0;

	for (uint64_t i = 0; i < nf; i++) {
		double t0 = now_s();

		view_run_advance(ss->a, ss->a->end * (i + 1) / nf, 0);
		sim_total += now_s() - t0;
		if (gui_draw(&ss->g, ss->a, &ss->gv)) {
			free(ft);
			return 1;
		}
		gui_present(&ss->g);
		ft[i] = (now_s() - t0) * 1000.0;
	}

	double sum = 0, *sorted = malloc(nf * sizeof(double));

	for (uint64_t i = 0; i < nf; i++)
		sum += ft[i];
	if (sorted) {
		memcpy(sorted, ft, nf * sizeof(double));
		for (uint64_t i = 1; i < nf; i++) /* insertion sort: a few hundred values */
			for (uint64_t j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
				double x = sorted[j];

				sorted[j] = sorted[j - 1];
				sorted[j - 1] = x;
			}
	}
	printf("gemsim-view bench: %" PRIu64 " RAM pages + %" PRIu64 " swap slots at %dx%d, "
	       "%" PRIu64 " pictures (simulation included)\n", o->bench_pages, o->bench_pages, w, h,
	       nf);
	printf("  frame time: mean %.2f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms -> %.0f frames/s\n",
	       sum / (double)nf, sorted ? sorted[nf / 2] : 0, sorted ? sorted[(nf * 99) / 100 < nf ?
	       (nf * 99) / 100 : nf - 1] : 0, sorted ? sorted[nf - 1] : 0, 1000.0 / (sum / (double)nf));
	printf("  of which the simulation: mean %.2f ms per picture\n",
	       sim_total * 1000.0 / (double)nf);
	free(sorted);
	free(ft);
	return 0;
}

static int view_main(int argc, char **argv);

/* A full disk or closed pipe on standard output (--locate, --color) is a failure. */
int main(int argc, char **argv)
{
	int r = view_main(argc, argv), e = ofile_flush_stdout();

	if (!e)
		return r;
	fprintf(stderr, "gemsim-view: standard output: write error: %s\n", strerror(e));
	return EXIT_USAGE;
}

static int view_main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct session ss = { .o = &o };
	int r = parse_args(argc, argv, &o);

	if (r) {
		for (int k = 0; k < 3; k++)
			free(o.sets[k]);
		return r == 1 ? 0 : r;
	}
	if (o.probe || o.color) {
		uint32_t rgb = 0;
		int x, y, st;

		for (int k = 0; k < 3; k++)
			free(o.sets[k]);
		if (o.color) {
			if ((st = view_state_find(o.color)) < 0) {
				fprintf(stderr, "gemsim-view: no page state named '%s'\n", o.color);
				return EXIT_USAGE;
			}
			printf("#%06x\n", view_state_rgb((enum view_state)st));
			return 0;
		}
		if (sscanf(o.probe_at, "%d,%d", &x, &y) != 2) {
			fprintf(stderr, "gemsim-view: --probe needs PNG X,Y\n");
			return EXIT_USAGE;
		}
		if (view_png_probe(o.probe, x, y, &rgb))
			return 1;
		printf("#%06x\n", rgb);
		return 0;
	}
	if (o.bench) {
		r = bench(&ss);
		close_session(&ss);
		return r;
	}
	if (!o.bench && (r = open_runs(&ss))) {
		close_session(&ss);
		return r;
	}
	r = o.headless ? headless(&ss) : interactive(&ss);
	close_session(&ss);
	return r;
}
