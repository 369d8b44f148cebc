// SPDX-License-Identifier: MIT
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
 *
 * This file opens the runs of a session and dispatches; the command line is
 * viewer/args.c, the window's loop viewer/loop.c, the pictures without a
 * display viewer/headless.c, all sharing viewer/session.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/jsonpos.h"
#include "base/ofile.h"
#include "base/text.h"
#include "base/units.h"
#include "viewer/session.h"

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

/*
 * "policy.shrinker=generic": the value @root (the scenario as written)
 * gives the key of the --set @set, or "KEY as written" when the file does
 * not name it.
 */
static void written_value(const cJSON *root, const char *set, char *buf, size_t len)
{
	const cJSON *v = root;
	char key[128], *part, *save = NULL;
	size_t n = strcspn(set, "=");

	snprintf(key, sizeof(key), "%.*s", (int)(n < sizeof(key) ? n : sizeof(key) - 1), set);
	snprintf(buf, len, "%s as written", key);
	for (part = strtok_r(key, ".", &save); part && v; part = strtok_r(NULL, ".", &save))
		v = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, part) : NULL;
	snprintf(key, sizeof(key), "%.*s", (int)(n < sizeof(key) ? n : sizeof(key) - 1), set);
	if (cJSON_IsString(v))
		snprintf(buf, len, "%s=%s", key, v->valuestring);
	else if (cJSON_IsBool(v))
		snprintf(buf, len, "%s=%s", key, cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNumber(v))
		snprintf(buf, len, "%s=%.15g", key, v->valuedouble);
}

/* A side without its own --set: what the file gives the keys the other side sets. */
static void as_written(const struct opts *o, int k, char *buf, size_t len)
{
	size_t n = 0, flen;
	struct sim_error err;
	char *text = load_read_file(o->file, &flen, &err);
	struct jpos_doc *d = text ? jpos_parse(text, flen, &err) : NULL;

	buf[0] = '\0';
	for (size_t i = 0; d && i < o->nsets[2 - k] && i < 3 && n < len; i++) {
		char one[160];

		written_value(jpos_root(d), o->sets[2 - k][i], one, sizeof(one));
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? "  " : " (", one);
	}
	if (n && n < len)
		snprintf(buf + n, len - n, ")");
	if (d)
		jpos_free(d);
	free(text);
}

static char *run_label(const struct opts *o, int k)
{
	size_t len = 16;
	char *s, written[400] = "";

	for (size_t i = 0; i < o->nsets[1 + k]; i++)
		len += strlen(o->sets[1 + k][i]) + 2;
	if (!o->nsets[1 + k] && !o->has_seed[1 + k])
		as_written(o, k, written, sizeof(written));
	s = malloc(len + 32 + strlen(written));
	if (!s)
		return NULL;
	strcpy(s, k ? "B: " : "A: ");
	for (size_t i = 0; i < o->nsets[1 + k]; i++) {
		strcat(s, o->sets[1 + k][i]);
		if (i + 1 < o->nsets[1 + k])
			strcat(s, "  ");
	}
	if (o->has_seed[1 + k])
		sprintf(s + strlen(s), "%sseed=%" PRIu64, o->nsets[1 + k] ? "  " : "",
			o->seed[1 + k]);
	if (!o->nsets[1 + k] && !o->has_seed[1 + k]) {
		strcat(s, "as written");
		strcat(s, written);
	}
	return s;
}

/* ---- the session: one or two runs and what the picture shows -------------- */

/* Load the run (both, with --compare).  Returns: 0, or the exit code after saying why. */
static int load_runs(struct session *ss)
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

			error_format(&err, msg, sizeof(msg));
			text_term(stderr, msg);
			fputc('\n', stderr);
			ret = EXIT_USAGE;
		} else if (r) {
			fprintf(stderr, "gemsim-view: %s: out of memory\n", o->file);
			ret = 1;
		}
	}
	free(buf);
	return ret;
}

/* --compare: the headline, the labels, and where the two runs first differ. */
static int open_compare(struct session *ss)
{
	struct opts *o = ss->o;
	struct gui_view *gv = &ss->gv;
	const char *hl = o->headline ? o->headline : ss->a->sc->headline;

	if (hl && (view_headline_find(hl, &ss->a->hl) || view_headline_find(hl, &ss->b->hl))) {
		fprintf(stderr,
			"gemsim-view: --headline: no counter named '%s' (a stats name "
			"such as stats.pages_swapped_in, or violations or warnings; `gemsim "
			"list stats` lists them)\n",
			hl);
		return EXIT_USAGE;
	}
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
	if (gv->diverge == SIM_NONE) {
		/* no event tells them apart: when does their memory? */
		if (view_first_state_divergence(ss->a, ss->b, &gv->diverge_at)) {
			fprintf(stderr, "gemsim-view: %s: out of memory\n", o->file);
			return 1;
		}
		if (gv->diverge_at != UINT64_MAX)
			gv->diverge = VIEW_DIVERGE_STATE;
	}
	if (ss->b->end > ss->a->end)
		ss->a->end = ss->b->end;
	return 0;
}

static int open_runs(struct session *ss)
{
	struct opts *o = ss->o;
	struct gui_view *gv = &ss->gv;
	int ret = load_runs(ss);

	if (ret)
		return ret;
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
			fprintf(stderr, "gemsim-view: --zoom: no object named '%s' in %s\n",
				o->zoom, o->file);
			return EXIT_USAGE;
		}
		gv->mode = VIEW_MODE_OBJECTS;
	}
	return o->compare ? open_compare(ss) : 0;
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

int session_seek(struct session *ss, sim_ns t)
{
	if (view_run_seek(ss->a, t))
		return -1;
	if (ss->b && view_run_seek(ss->b, t))
		return -1;
	return 0;
}

int session_at(struct session *ss, sim_ns *t)
{
	const struct opts *o = ss->o;
	char a[32], e[32];

	if (o->at_end)
		*t = ss->a->end;
	else if (o->at_frac >= 0)
		*t = (sim_ns)((double)ss->a->end * o->at_frac + 0.5);
	else
		*t = o->at;
	if (*t <= ss->a->end)
		return 0;
	view_format_time(*t, a, sizeof(a));
	view_format_time(ss->a->end, e, sizeof(e));
	fprintf(stderr, "gemsim-view: --at %s is past the end of the run (%s); use --at end\n", a,
		e);
	return EXIT_USAGE;
}

int session_restart(struct session *ss)
{
	if (view_run_restart(ss->a) || (ss->b && view_run_restart(ss->b)))
		return -1;
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
	int r = opts_parse(argc, argv, &o);

	if (r) {
		for (int k = 0; k < 3; k++)
			free(o.sets[k]);
		return r == 1 ? 0 : r;
	}
	if (o.probe || o.color) {
		uint32_t rgb = 0;
		uint64_t x, y;
		int st;

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
		/* a PNG is at most 2^31 - 1 pixels a side */
		if (units_pair_str(o.probe_at, ',', INT32_MAX, &x, &y)) {
			struct text_clip c;

			fprintf(stderr,
				"gemsim-view: --probe needs PNG X,Y (decimal pixel "
				"coordinates), not \"%s\"\n",
				text_clip(&c, o.probe_at));
			return EXIT_USAGE;
		}
		if (view_png_probe(o.probe, (int)x, (int)y, &rgb))
			return EXIT_USAGE;
		printf("#%06x\n", rgb);
		return 0;
	}
	if (o.bench) {
		r = session_bench(&ss);
		close_session(&ss);
		return r;
	}
	if (!o.bench && (r = open_runs(&ss))) {
		close_session(&ss);
		return r;
	}
	sim_ns t;

	/* --at past the end is refused before any window or picture */
	if (o.at_set && (r = session_at(&ss, &t))) {
		close_session(&ss);
		return r;
	}
	r = o.headless ? session_headless(&ss) : session_interactive(&ss);
	close_session(&ss);
	return r;
}
