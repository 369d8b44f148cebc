// SPDX-License-Identifier: MIT
/*
 * viewer/loop.c - gemsim-view's window: the event loop that advances the
 * picture's clock by speed x wall time, stopping at violations, pausing at
 * captions and where two runs diverge, and the keys and mouse.
 */
#include <stdio.h>
#include <time.h>

#include "viewer/session.h"

/* ---- interactive --------------------------------------------------------- */

double wall_now_s(void)
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
			session_seek(ss, ss->b->t);
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
	if (!session_save_picture(ss, name))
		snprintf(msg, sizeof(msg), "saved %s", name);
	else
		snprintf(msg, sizeof(msg), "could not save %s", name);
	ss->gv.status = msg;
}

/* The interactive loop's state between two pictures. */
struct loop {
	double now;       /* wall time of this picture */
	double paused_at; /* wall time the clock stopped: effects finish after */
	bool quit, dragging, full, shot;
	const struct sim_caption *shown_caption;
};

/* To the caption @dir away (slides); @say: tell when there is none. Returns: 0 or 1. */
static int slide_step(struct session *ss, struct loop *lp, int dir, bool say)
{
	uint32_t idx;

	if (session_caption_step(ss, dir, &idx)) {
		if (say)
			ss->gv.status = "no more captions that way";
		return 0;
	}
	if (session_show_slide(ss, idx))
		return 1;
	lp->paused_at = lp->now - 1e6; /* settled at once */
	return 0;
}

/* n, right arrow: the next slide, or one event. Returns: 0 or 1. */
static int key_forward(struct session *ss, struct loop *lp)
{
	if (ss->o->slides)
		return slide_step(ss, lp, 1, false);
	ss->gv.playing = false;
	view_run_step(ss->a);
	if (ss->b)
		view_run_seek(ss->b, ss->a->t);
	lp->paused_at = lp->now;
	return 0;
}

/* Left arrow: the slide before, or a tenth of the run back. Returns: 0 or 1. */
static int key_back(struct session *ss, struct loop *lp)
{
	sim_ns back = ss->a->end / 10;

	if (ss->o->slides)
		return slide_step(ss, lp, -1, false);
	return session_seek(ss, ss->a->t > back ? ss->a->t - back : 0) ? 1 : 0;
}

/* The keys that only set something. */
static void key_toggle(struct session *ss, struct loop *lp, SDL_Keycode k)
{
	struct gui_view *gv = &ss->gv;

	switch (k) {
	case SDLK_q: lp->quit = true; break;
	case SDLK_ESCAPE:
		if (gv->help)
			gv->help = false;
		else if (gv->zoom != SIM_NONE)
			gv->zoom = SIM_NONE;
		else
			lp->quit = true;
		break;
	case SDLK_SPACE:
		gv->playing = !gv->playing;
		gv->banner = false;
		if (gv->playing && ss->a->rn.done)
			gv->playing = false;
		break;
	case SDLK_PLUS:
	case SDLK_EQUALS:
	case SDLK_KP_PLUS: gv->speed = view_speed_step(gv->speed, 1); break;
	case SDLK_MINUS:
	case SDLK_KP_MINUS: gv->speed = view_speed_step(gv->speed, -1); break;
	case SDLK_v:
	case SDLK_TAB: gv->mode = (enum view_mode)((gv->mode + 1) % VIEW_MODE_COUNT); break;
	case SDLK_f:
		lp->full = !lp->full;
		SDL_SetWindowFullscreen(ss->g.win, lp->full ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
		break;
	case SDLK_s: lp->shot = true; break;
	case SDLK_h:
	case SDLK_QUESTION:
	case SDLK_SLASH: gv->help = !gv->help; break;
	default: break;
	}
}

/* A key pressed. Returns: 0, or 1 when the run cannot go on. */
static int on_key(struct session *ss, struct loop *lp, SDL_Keycode k)
{
	ss->gv.status = NULL;
	switch (k) {
	case SDLK_PAGEDOWN:
	case SDLK_PAGEUP: return slide_step(ss, lp, k == SDLK_PAGEDOWN ? 1 : -1, true);
	case SDLK_n:
	case SDLK_RIGHT: return key_forward(ss, lp);
	case SDLK_LEFT: return key_back(ss, lp);
	case SDLK_HOME: return session_seek(ss, 0) ? 1 : 0;
	case SDLK_r:
		if (session_restart(ss))
			return 1;
		ss->gv.banner = true;
		ss->gv.playing = true;
		return 0;
	default: key_toggle(ss, lp, k); return 0;
	}
}

/* A click: on the timeline, seek (and drag); on an object, zoom to it. Returns: 0 or 1. */
static int on_click(struct session *ss, struct loop *lp, int mx, int my)
{
	struct gui_view *gv = &ss->gv;
	sim_ns tt = gui_timeline_time(&ss->g, ss->a, mx, my, false);
	uint32_t bo;

	if (tt != UINT64_MAX) {
		lp->dragging = true;
		gv->playing = false;
		return session_seek(ss, tt) ? 1 : 0;
	}
	bo = gui_click_object(&ss->g, ss->a, gv, mx, my);
	if (bo != SIM_NONE && bo != gv->zoom) {
		gv->zoom = bo;
		gv->mode = VIEW_MODE_OBJECTS;
	} else if (gv->zoom != SIM_NONE) {
		gv->zoom = SIM_NONE;
	}
	return 0;
}

/* One window event; @sx, @sy: window to picture pixels. Returns: 0 or 1. */
static int on_event(struct session *ss, struct loop *lp, const SDL_Event *e, double sx, double sy)
{
	struct gui *g = &ss->g;
	struct gui_view *gv = &ss->gv;
	int ow, oh;

	switch (e->type) {
	case SDL_QUIT: lp->quit = true; break;
	case SDL_WINDOWEVENT:
		if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
			SDL_GetRendererOutputSize(g->ren, &ow, &oh);
			if (gui_resize(g, ow, oh, ss->a))
				return 1;
		} else if (e->window.event == SDL_WINDOWEVENT_LEAVE) {
			gv->mouse_x = gv->mouse_y = -1;
		}
		break;
	case SDL_MOUSEMOTION:
		gv->mouse_x = (int)(e->motion.x * sx);
		gv->mouse_y = (int)(e->motion.y * sy);
		if (lp->dragging &&
		    session_seek(ss, gui_timeline_time(g, ss->a, gv->mouse_x, gv->mouse_y, true)))
			return 1;
		break;
	case SDL_MOUSEBUTTONDOWN:
		return on_click(ss, lp, (int)(e->button.x * sx), (int)(e->button.y * sy));
	case SDL_MOUSEBUTTONUP: lp->dragging = false; break;
	case SDL_MOUSEWHEEL:
		gv->scroll -= e->wheel.y;
		if (gv->scroll < 0)
			gv->scroll = 0;
		break;
	case SDL_KEYDOWN: return on_key(ss, lp, e->key.keysym.sym);
	default: break;
	}
	return 0;
}

/* The clock: played on by speed x @dt seconds, or stopped with the effects finishing. */
static void tick(struct session *ss, struct loop *lp, double dt)
{
	struct gui_view *gv = &ss->gv;

	if (gv->playing) {
		sim_ns adv = (sim_ns)(dt * (double)gv->speed);
		enum view_stop st = advance_all(ss, ss->a->t + adv);

		gv->fx_extra = 0;
		if (st != VIEW_STOP_NONE) {
			gv->playing = false;
			gv->banner = st == VIEW_STOP_VIOLATION || gv->banner;
			lp->paused_at = lp->now;
		}
		if (ss->a->rn.done && ss->a->t >= ss->a->end)
			gv->playing = false;
	} else {
		/* let the last step's effects finish while paused */
		double since = lp->now - lp->paused_at;
		sim_ns win = gv->speed * 6 / 10;

		gv->fx_extra = since * (double)gv->speed > (double)win ?
				       win :
				       (sim_ns)(since * (double)gv->speed);
	}
}

/* The picture: drawn, hovered, saved when asked, shown. Returns: 0 or 1. */
static int picture(struct session *ss, struct loop *lp)
{
	struct gui *g = &ss->g;
	struct gui_view *gv = &ss->gv;
	const struct sim_caption *c = view_run_caption(ss->a);
	char hover[400];

	/* a caption that names a view switches to it as it appears */
	if (c != lp->shown_caption) {
		lp->shown_caption = c;
		session_follow_caption(ss);
	}
	if (gui_draw(g, ss->a, gv))
		return 1;
	/* on the picture (readable on a projector, and in screenshots of
	 * a pointed-at cell), and in the window title */
	if (gui_hover_text(g, ss->a, gv, hover, sizeof(hover))) {
		gv->status = NULL;
		SDL_SetWindowTitle(g->win, hover);
		gui_draw_tooltip(g, gv->mouse_x, gv->mouse_y, hover);
	}
	if (lp->shot) {
		screenshot(ss);
		lp->shot = false;
	}
	gui_present(g);
	/* keep a checkpoint behind the clock, so seeking back is quick */
	view_run_tend(ss->a);
	if (ss->b)
		view_run_tend(ss->b);
	return 0;
}

/* The window, its fonts, and where the clock starts. Returns: 0 or the exit code. */
static int loop_open(struct session *ss, struct loop *lp)
{
	struct opts *o = ss->o;
	struct gui *g = &ss->g;
	int w = o->w ? o->w : 1600, h = o->h ? o->h : 900, ow, oh;
	char title[256];

	snprintf(title, sizeof(title), "gemsim-view: %s", ss->a->sc->name);
	if (gui_find_font(g) || gui_init_window(g, w, h, title))
		return 1;
	SDL_GetRendererOutputSize(g->ren, &ow, &oh);
	g->font_scale = o->font_scale;
	if (gui_resize(g, ow, oh, ss->a))
		return 1;
	if (o->at_set) {
		sim_ns t;
		int r = session_at(ss, &t);

		if (r)
			return r;
		if (session_seek(ss, t))
			return 1;
	}
	ss->gv.playing = !o->at_set && !o->slides;
	if (o->slides && !o->at_set && ss->a->sc->ncaptions) {
		if (session_show_slide(ss, 0))
			return 1;
		lp->paused_at = lp->now - 1e6;
	}
	return 0;
}

int session_interactive(struct session *ss)
{
	struct loop lp = { .now = wall_now_s() };
	double last = lp.now;
	int r;

	lp.paused_at = lp.now;
	if ((r = loop_open(ss, &lp)))
		return r;
	while (!lp.quit) {
		SDL_Event e;
		double dt, spent;
		int ww, wh;

		lp.now = wall_now_s();
		dt = lp.now - last;
		last = lp.now;
		SDL_GetWindowSize(ss->g.win, &ww, &wh);
		while (SDL_PollEvent(&e)) {
			double sx = ww ? (double)ss->g.w / ww : 1,
			       sy = wh ? (double)ss->g.h / wh : 1;

			if (on_event(ss, &lp, &e, sx, sy))
				return 1;
		}
		tick(ss, &lp, dt);
		if (picture(ss, &lp))
			return 1;
		/* without vsync, do not spin: about 60 pictures a second */
		spent = wall_now_s() - lp.now;
		if (spent < 0.016)
			SDL_Delay((Uint32)((0.016 - spent) * 1000));
	}
	return 0;
}
