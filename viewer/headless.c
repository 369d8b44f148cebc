// SPDX-License-Identifier: MIT
/*
 * viewer/headless.c - gemsim-view without a display: a picture at one time
 * (--screenshot, --locate), a picture per frame time and a movie
 * (--frames), and the frame-time benchmark (--bench).  Same pictures as the
 * window, drawn by SDL's software renderer into a surface.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/ofile.h"
#include "base/units.h"
#include "viewer/session.h"

/* ---- headless ------------------------------------------------------------ */

/*
 * Refuse a picture path that is the scenario or a trace it replays (the
 * picture would replace it).  Returns: 0, or EXIT_USAGE after saying why
 * (1 when out of memory).
 */
int session_check_output(struct session *ss, const char *path, const char *opt)
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
	error_format(&err, msg, sizeof(msg));
	fprintf(stderr, "gemsim-view: %s\n", msg);
	return EXIT_USAGE;
}

int session_save_picture(struct session *ss, const char *path)
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

/* The boxes of the last picture as JSON at @path (output-file rules as a PNG's). */
static int save_layout(struct session *ss, const char *path)
{
	struct sim_error err = { 0 };
	struct ofile of;
	char msg[SIM_ERROR_MSG + 300];

	if (ofile_open(&of, path, &err))
		goto fail;
	if (gui_boxes_write(&ss->g, of.f)) {
		ofile_abort(&of);
		fprintf(stderr, "gemsim-view: %s: out of memory or write error\n", path);
		return -1;
	}
	if (!ofile_commit(&of, &err))
		return 0;
fail:
	error_format(&err, msg, sizeof(msg));
	fprintf(stderr, "gemsim-view: %s\n", msg);
	return -1;
}

bool session_have_ffmpeg(void)
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

	if (!session_have_ffmpeg()) {
		printf("gemsim-view: ffmpeg is not installed: no %s/movie.mp4 (the PNG frames are "
		       "there; apt-get install ffmpeg to get a movie)\n",
		       dir);
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

struct seek_draw {
	struct session *ss;
	sim_ns t;
};

static int seek_draw(void *ctx)
{
	struct seek_draw *sd = ctx;

	return session_seek(sd->ss, sd->t) || gui_draw(&sd->ss->g, sd->ss->a, &sd->ss->gv);
}

/* --locate: where a page, a card or the banner is in the picture drawn. Returns: the exit code. */
static int locate(struct session *ss)
{
	const char *what = ss->o->locate;
	char name[LOAD_MAX_NAME_LEN + 1];
	uint64_t page;
	uint32_t bo;
	int x, y;

	if (!strcmp(what, "banner")) {
		/* a point of the banner's red fill, clear of its text */
		if (!ss->g.banner.w) {
			fprintf(stderr, "gemsim-view: no violation banner at that time\n");
			return 1;
		}
		printf("%d,%d\n", ss->g.banner.x + 6, ss->g.banner.y + ss->g.banner.h - 6);
		return 0;
	}
	if (!strncmp(what, "card:", 5) && strlen(what + 5) <= LOAD_MAX_NAME_LEN) {
		/* holders view: a point of the object's card border */
		strcpy(name, what + 5);
		page = UINT64_MAX;
	} else {
		/* BO:PAGE, the page in decimal digits alone (units_count_str) */
		const char *colon = strrchr(what, ':');
		size_t n = colon ? (size_t)(colon - what) : 0;

		if (!colon || !n || n > LOAD_MAX_NAME_LEN ||
		    units_count_str(colon + 1, LOAD_MAX_PAGES, &page)) {
			fprintf(stderr,
				"gemsim-view: --locate needs BO:PAGE (PAGE in "
				"decimal digits), card:BO or banner, not '%s'\n",
				what);
			return EXIT_USAGE;
		}
		memcpy(name, what, n);
		name[n] = '\0';
	}
	bo = scenario_find(ss->a->sc, SIM_K_BO, name);
	if (bo == SIM_NONE || !gui_locate(&ss->g, ss->a, bo, page, &x, &y)) {
		fprintf(stderr,
			"gemsim-view: %s page %" PRIu64 " is not on the map "
			"at that time\n",
			name, page);
		return 1;
	}
	printf("%d,%d\n", x, y);
	return 0;
}

int session_headless(struct session *ss)
{
	struct opts *o = ss->o;
	struct view_run *a = ss->a;
	int w = o->w ? o->w : 1920, h = o->h ? o->h : 1080, r;

	if (gui_find_font(&ss->g) || gui_init_headless(&ss->g, w, h))
		return 1;
	ss->g.font_scale = o->font_scale;
	if (gui_resize(&ss->g, w, h, a))
		return 1;
	if (o->screenshot && (r = session_check_output(ss, o->screenshot, "--screenshot")))
		return r;
	if (o->layout && (r = session_check_output(ss, o->layout, "--layout")))
		return r;
	if (o->screenshot || o->locate || o->layout) {
		sim_ns t;

		if ((r = session_at(ss, &t)))
			return r;
		/* a picture for a slide is settled: every effect has played out,
		 * never a flash or a page caught half way to swap */
		ss->gv.fx_extra = ss->gv.speed * 6 / 10;
		if (o->locate && (r = gui_list_locate(&ss->g, a, &ss->gv, o->locate, seek_draw,
						      &(struct seek_draw){ ss, t })) >= 0)
			return r;
		if (session_seek(ss, t))
			return 1;
		session_follow_caption(ss);
		if (gui_draw(&ss->g, a, &ss->gv))
			return 1;
		if (o->screenshot && session_save_picture(ss, o->screenshot))
			return EXIT_USAGE; /* an output that cannot be written, as in gemsim */
		if (o->layout && save_layout(ss, o->layout))
			return EXIT_USAGE;
		if (o->locate)
			return locate(ss);
		return 0;
	}
	if (o->deck)
		return session_deck(ss);
	if (o->record)
		return session_record(ss);
	return session_frames(ss, true);
}

int session_span(struct session *ss, sim_ns *from, sim_ns *to, sim_ns *step)
{
	const struct opts *o = ss->o;

	*from = o->from;
	*to = o->to_end || !o->to ? ss->a->end : o->to;
	*step = ss->gv.speed / (sim_ns)o->fps;
	if (!*step)
		*step = 1;
	if (*to < *from) {
		fprintf(stderr, "gemsim-view: --to is before --from\n");
		return EXIT_USAGE;
	}
	if ((*to - *from) / *step > 100000) {
		fprintf(stderr, "gemsim-view: that is more than 100000 frames; raise --speed or "
				"narrow --from/--to\n");
		return EXIT_USAGE;
	}
	return 0;
}

int session_frames(struct session *ss, bool movie)
{
	struct opts *o = ss->o;
	struct view_run *a = ss->a;
	int r;
	sim_ns from, to, step;
	char path[1200];
	uint64_t n = 0;

	if ((r = session_span(ss, &from, &to, &step)))
		return r;
	if (mkdir(o->frames, 0777) && errno != EEXIST) {
		fprintf(stderr, "gemsim-view: %s: cannot make the folder: %s\n", o->frames,
			strerror(errno));
		return EXIT_USAGE;
	}
	for (sim_ns t = from;; t += step) {
		if (t > to)
			t = to;
		if (session_seek(ss, t))
			return 1;
		session_follow_caption(ss);
		if (gui_draw(&ss->g, a, &ss->gv))
			return 1;
		snprintf(path, sizeof(path), "%s/frame-%06" PRIu64 ".png", o->frames, n++);
		if ((r = session_check_output(ss, path, "--frames")))
			return r;
		if (session_save_picture(ss, path))
			return EXIT_USAGE;
		if (t >= to)
			break;
	}
	printf("gemsim-view: wrote %" PRIu64 " frames to %s/\n", n, o->frames);
	return movie && make_movie(o->frames, o->fps) ? 1 : 0;
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
		P("%s{\"at\":%" PRIu64 ",\"op\":\"get_pages\",\"bo\":\"bo%" PRIu64 "\"}",
		  i ? "," : "", i * 5, i);
		if (i % 8 == 0)
			P(",{\"at\":%" PRIu64 ",\"op\":\"pin\",\"bo\":\"bo%" PRIu64 "\"}",
			  i * 5 + 1, i);
		if (i % 5 == 1)
			P(",{\"at\":%" PRIu64 ",\"op\":\"madvise\",\"bo\":\"bo%" PRIu64
			  "\",\"advice\":\"dontneed\"}",
			  i * 5 + 2, i);
	}
	for (int k = 0; k < 20; k++)
		P(",{\"at\":%d,\"op\":\"pressure\",\"pages\":%" PRIu64 "}"
		  ",{\"at\":%d,\"op\":\"release\",\"pages\":%" PRIu64 "}",
		  1000 + k * 500, pages / 8, 1250 + k * 500, pages / 8);
	P("]}");
#undef P
	return s;
}

/* The bench's scenario over @pages frames, loaded into ss->a. Returns: 0 or -1. */
static int bench_open(struct session *ss, uint64_t pages)
{
	char *text = bench_scenario(pages);
	char path[] = "/tmp/gemsim-bench-XXXXXX";
	int fd = mkstemp(path), r;
	struct sim_error err;
	struct load_opts lo = { 0 };

	if (!text || fd < 0) {
		free(text);
		if (fd >= 0)
			close(fd);
		fprintf(stderr, "gemsim-view: --bench: cannot write its scenario\n");
		return -1;
	}
	r = write(fd, text, strlen(text)) == (ssize_t)strlen(text) ? 0 : -1;
	close(fd);
	free(text);
	ss->a = r ? NULL : calloc(1, sizeof(*ss->a));
	if (!ss->a || view_run_open(ss->a, path, &lo, false, false, &err)) {
		unlink(path);
		fprintf(stderr, "gemsim-view: --bench: cannot load its scenario\n");
		return -1;
	}
	unlink(path);
	return 0;
}

/* The bench's figures from @nf picture times @ft (ms) and the simulation's @sim_s seconds. */
static void bench_report(const struct opts *o, int w, int h, const double *ft, uint64_t nf,
			 double sim_s)
{
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
	       "%" PRIu64 " pictures (simulation included)\n",
	       o->bench_pages, o->bench_pages, w, h, nf);
	printf("  frame time: mean %.2f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms -> %.0f frames/s\n",
	       sum / (double)nf, sorted ? sorted[nf / 2] : 0,
	       sorted ? sorted[(nf * 99) / 100 < nf ? (nf * 99) / 100 : nf - 1] : 0,
	       sorted ? sorted[nf - 1] : 0, 1000.0 / (sum / (double)nf));
	printf("  of which the simulation: mean %.2f ms per picture\n",
	       sim_s * 1000.0 / (double)nf);
	free(sorted);
}

int session_bench(struct session *ss)
{
	struct opts *o = ss->o;
	int w = o->w ? o->w : 1920, h = o->h ? o->h : 1080;
	uint64_t nf = o->bench_frames;
	double *ft, sim_total = 0;

	if (bench_open(ss, o->bench_pages))
		return 1;
	ft = calloc(nf, sizeof(*ft));
	if (!ft)
		return 1;
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
	for (uint64_t i = 0; i < nf; i++) {
		double t0 = wall_now_s();

		view_run_advance(ss->a, ss->a->end * (i + 1) / nf, 0);
		sim_total += wall_now_s() - t0;
		if (gui_draw(&ss->g, ss->a, &ss->gv)) {
			free(ft);
			return 1;
		}
		gui_present(&ss->g);
		ft[i] = (wall_now_s() - t0) * 1000.0;
	}
	bench_report(o, w, h, ft, nf, sim_total);
	free(ft);
	return 0;
}
