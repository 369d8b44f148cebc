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

int session_interactive(struct session *ss)
{
	struct opts *o = ss->o;
	struct gui *g = &ss->g;
	struct gui_view *gv = &ss->gv;
	int w = o->w ? o->w : 1600, h = o->h ? o->h : 900, ow, oh;
	double last = wall_now_s(), paused_at = last;
	bool quit = false, dragging = false, full = false, shot = false;
	const struct sim_caption *shown_caption = NULL;
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
	gv->playing = !o->at_set && !o->slides;
	if (o->slides && !o->at_set && ss->a->sc->ncaptions) {
		if (session_show_slide(ss, 0))
			return 1;
		paused_at = last - 1e6;
	}
	while (!quit) {
		SDL_Event e;
		double t = wall_now_s(), dt = t - last;
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

					if (session_seek(ss, tt))
						return 1;
				}
				break;
			case SDL_MOUSEBUTTONDOWN: {
				int mx = (int)(e.button.x * sx), my = (int)(e.button.y * sy);
				sim_ns tt = gui_timeline_time(g, ss->a, mx, my, false);

				if (tt != UINT64_MAX) {
					dragging = true;
					gv->playing = false;
					if (session_seek(ss, tt))
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
				case SDLK_PAGEDOWN:
				case SDLK_PAGEUP: {
					uint32_t idx;

					if (session_caption_step(ss, e.key.keysym.sym == SDLK_PAGEDOWN ? 1 : -1,
								 &idx)) {
						gv->status = "no more captions that way";
						break;
					}
					if (session_show_slide(ss, idx))
						return 1;
					paused_at = t - 1e6; /* settled at once */
					break;
				}
				case SDLK_n:
				case SDLK_RIGHT:
					if (o->slides) {
						uint32_t idx;

						if (!session_caption_step(ss, 1, &idx)) {
							if (session_show_slide(ss, idx))
								return 1;
							paused_at = t - 1e6;
						}
						break;
					}
					gv->playing = false;
					view_run_step(ss->a);
					if (ss->b)
						view_run_seek(ss->b, ss->a->t);
					paused_at = t;
					break;
				case SDLK_LEFT: {
					sim_ns back = ss->a->end / 10;
					uint32_t idx;

					if (o->slides) {
						if (!session_caption_step(ss, -1, &idx)) {
							if (session_show_slide(ss, idx))
								return 1;
							paused_at = t - 1e6;
						}
						break;
					}

					if (session_seek(ss, ss->a->t > back ? ss->a->t - back : 0))
						return 1;
					break;
				}
				case SDLK_HOME:
					if (session_seek(ss, 0))
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
					if (session_restart(ss))
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
		/* a caption that names a view switches to it as it appears */
		{
			const struct sim_caption *c = view_run_caption(ss->a);

			if (c != shown_caption) {
				shown_caption = c;
				session_follow_caption(ss);
			}
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
		double spent = wall_now_s() - t;

		if (spent < 0.016)
			SDL_Delay((Uint32)((0.016 - spent) * 1000));
	}
	return 0;
}
