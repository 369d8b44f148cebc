// SPDX-License-Identifier: MIT
/*
 * viewer/slides.c - talk tooling: captions as slides.
 *
 *   --deck DIR       every caption a settled picture: DIR/slide-01.png ...,
 *                    and DIR/slides.md with each slide's time and caption
 *                    (speaker notes, a table of contents)
 *   --record FILE    a movie of --from..--to through ffmpeg (.mp4 H.264 or
 *                    .webm VP9); without ffmpeg, the PNG frames beside FILE
 *   PageDown/PageUp  (and the arrows with --slides) step from caption to
 *                    caption in the window, the state settled
 *
 * A caption's slide is the picture at the caption's time, after the events
 * at that time ran and their effects played out (docs/viewer.md "Slides"),
 * in the caption's "view" when it names one (docs/format.md).
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/ofile.h"
#include "viewer/session.h"

int session_caption_step(const struct session *ss, int dir, uint32_t *idx)
{
	const struct scenario *sc = ss->a->sc;
	sim_ns t = ss->a->t;

	if (dir > 0) {
		for (uint32_t i = 0; i < sc->ncaptions; i++)
			if (sc->captions[i].at > t) {
				*idx = i;
				return 0;
			}
		return -1;
	}
	for (uint32_t i = sc->ncaptions; i-- > 0;)
		if (sc->captions[i].at < t) {
			/* the first caption at that time: its slide is the same picture */
			while (i > 0 && sc->captions[i - 1].at == sc->captions[i].at)
				i--;
			*idx = i;
			return 0;
		}
	return -1;
}

void session_follow_caption(struct session *ss)
{
	const struct sim_caption *c = view_run_caption(ss->a);

	if (ss->o->mode_set || !c || c->view < 0)
		return;
	ss->gv.mode = (enum view_mode)c->view;
}

int session_show_slide(struct session *ss, uint32_t idx)
{
	const struct sim_caption *c = &ss->a->sc->captions[idx];

	if (session_seek(ss, c->at))
		return -1;
	ss->gv.playing = false;
	/* settled: every effect of the events at this time has played out */
	ss->gv.fx_extra = ss->gv.speed * 6 / 10;
	ss->gv.banner = true;
	if (!ss->o->mode_set && c->view >= 0)
		ss->gv.mode = (enum view_mode)c->view;
	return 0;
}

/* Markdown text of a caption: no line breaks, | and * escaped enough for a table-free list. */
static void notes_line(FILE *f, uint32_t n, const struct sim_caption *c)
{
	char t[32];

	view_format_time(c->at, t, sizeof(t));
	fprintf(f, "%u. **t = %s** (slide-%02u.png): %s\n", n, t, n, c->text);
}

int session_deck(struct session *ss)
{
	const struct scenario *sc = ss->a->sc;
	const char *dir = ss->o->deck;
	char path[1200];
	FILE *notes;
	int r;

	if (!sc->ncaptions) {
		fprintf(stderr,
			"gemsim-view: --deck: %s has no captions (docs/format.md "
			"\"captions\"): nothing to make slides of\n",
			sc->file);
		return EXIT_USAGE;
	}
	if (mkdir(dir, 0777) && errno != EEXIST) {
		fprintf(stderr, "gemsim-view: cannot make %s: %s\n", dir, strerror(errno));
		return 2;
	}
	snprintf(path, sizeof(path), "%s/slides.md", dir);
	if ((r = session_check_output(ss, path, "--deck")))
		return r;
	notes = fopen(path, "w");
	if (!notes) {
		fprintf(stderr, "gemsim-view: cannot write %s: %s\n", path, strerror(errno));
		return 2;
	}
	fprintf(notes, "# %s\n\n%s\n\nSlides made by `gemsim-view %s --deck %s` at %dx%d.\n\n",
		sc->name, sc->description ? sc->description : "", sc->file, dir, ss->g.w, ss->g.h);
	for (uint32_t i = 0; i < sc->ncaptions; i++) {
		snprintf(path, sizeof(path), "%s/slide-%02u.png", dir, i + 1);
		if ((r = session_check_output(ss, path, "--deck")))
			break;
		if (session_show_slide(ss, i) || gui_draw(&ss->g, ss->a, &ss->gv) ||
		    session_save_picture(ss, path)) {
			r = 1;
			break;
		}
		notes_line(notes, i + 1, &sc->captions[i]);
	}
	if (fclose(notes) && !r) {
		fprintf(stderr, "gemsim-view: cannot write %s/slides.md: %s\n", dir,
			strerror(errno));
		r = 2;
	}
	if (!r)
		printf("gemsim-view: wrote %u slides to %s/ (slide-01.png ..., slides.md)\n",
		       sc->ncaptions, dir);
	return r;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* ffmpeg reading raw BGRA pictures on its standard input into @out. */
static FILE *ffmpeg_open(const char *out, int w, int h, int fps, pid_t *pid)
{
	char size[32], rate[16];
	int fd[2];
	bool webm = ends_with(out, ".webm");

	if (pipe(fd))
		return NULL;
	snprintf(size, sizeof(size), "%dx%d", w, h);
	snprintf(rate, sizeof(rate), "%d", fps);
	*pid = fork();
	if (*pid == 0) {
		dup2(fd[0], 0);
		close(fd[0]);
		close(fd[1]);
		if (webm)
			execlp("ffmpeg", "ffmpeg", "-loglevel", "error", "-y", "-f", "rawvideo",
			       "-pix_fmt", "bgra", "-s", size, "-framerate", rate, "-i", "-",
			       "-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "32", "-pix_fmt",
			       "yuv420p", out, (char *)NULL);
		else
			execlp("ffmpeg", "ffmpeg", "-loglevel", "error", "-y", "-f", "rawvideo",
			       "-pix_fmt", "bgra", "-s", size, "-framerate", rate, "-i", "-",
			       "-c:v", "libx264", "-pix_fmt", "yuv420p", "-vf",
			       "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-movflags", "+faststart", out,
			       (char *)NULL);
		_exit(127);
	}
	close(fd[0]);
	if (*pid < 0) {
		close(fd[1]);
		return NULL;
	}
	return fdopen(fd[1], "w");
}

/* Frames @from..@to every @step into ffmpeg's @pipe_f; *@n counts them.  Returns: 0 or 1. */
static int record_frames(struct session *ss, FILE *pipe_f, sim_ns from, sim_ns to, sim_ns step,
			 uint64_t *n)
{
	size_t bytes = (size_t)ss->g.w * (size_t)ss->g.h * 4;

	for (sim_ns t = from;; t += step) {
		uint32_t *px;

		if (t > to)
			t = to;
		if (session_seek(ss, t))
			return 1;
		session_follow_caption(ss);
		if (gui_draw(&ss->g, ss->a, &ss->gv) || !(px = gui_read_pixels(&ss->g)))
			return 1;
		/* ARGB8888 words are B, G, R, A bytes on a little-endian host */
		if (fwrite(px, 1, bytes, pipe_f) != bytes) {
			free(px);
			fprintf(stderr, "gemsim-view: ffmpeg stopped reading (see its message)\n");
			return 1;
		}
		free(px);
		(*n)++;
		if (t >= to)
			return 0;
	}
}

int session_record(struct session *ss)
{
	struct opts *o = ss->o;
	const char *out = o->record;
	static char frames_dir[1200];
	sim_ns from, to, step;
	FILE *pipe_f = NULL;
	pid_t pid = -1;
	int r = 0, st;
	uint64_t n = 0;
	char tmp[1200];

	if (!ends_with(out, ".mp4") && !ends_with(out, ".webm")) {
		fprintf(stderr,
			"gemsim-view: --record %s: the movie is .mp4 (H.264) or .webm (VP9)\n",
			out);
		return EXIT_USAGE;
	}
	if ((r = session_check_output(ss, out, "--record")) ||
	    (r = session_span(ss, &from, &to, &step)))
		return r;
	if (!session_have_ffmpeg()) {
		/* said once, clearly: the frames instead of the movie */
		snprintf(frames_dir, sizeof(frames_dir), "%s.frames", out);
		printf("gemsim-view: ffmpeg is not installed, so no %s: writing PNG frames to %s/ "
		       "instead (make deps, or apt-get install ffmpeg, for a movie)\n",
		       out, frames_dir);
		o->frames = frames_dir;
		return session_frames(ss, false);
	}
	/* write beside the target, rename into place when whole (docs/cli.md) */
	snprintf(tmp, sizeof(tmp), "%s.part%s", out, ends_with(out, ".webm") ? ".webm" : ".mp4");
	signal(SIGPIPE, SIG_IGN);
	pipe_f = ffmpeg_open(tmp, ss->g.w, ss->g.h, o->fps, &pid);
	if (!pipe_f) {
		fprintf(stderr, "gemsim-view: cannot start ffmpeg: %s\n", strerror(errno));
		return 1;
	}
	r = record_frames(ss, pipe_f, from, to, step, &n);
	if (fclose(pipe_f) && !r)
		r = 1;
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "gemsim-view: ffmpeg failed to make %s\n", out);
		r = 1;
	}
	if (!r && rename(tmp, out)) {
		fprintf(stderr, "gemsim-view: cannot write %s: %s\n", out, strerror(errno));
		r = 2;
	}
	if (r)
		unlink(tmp);
	else
		printf("gemsim-view: wrote %s (%" PRIu64 " frames at %d fps)\n", out, n, o->fps);
	return r;
}
