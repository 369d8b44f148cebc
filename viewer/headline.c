/*
 * viewer/headline.c - compare mode's headline and divergence: a counter of
 * `gemsim run --json` by name, its value now and at the end of a run, and
 * the first time two runs' memory differs when no scenario event tells
 * (runs of generated workloads only).  No SDL.
 */
#include <string.h>

#include "viewer/view.h"

int view_headline_find(const char *name, struct view_headline *h)
{
	const char *n = strncmp(name, "stats.", 6) ? name : name + 6;
	const struct sim_stat_desc *d = sim_stat_find(n);
	int top = !strcmp(name, "violations") ? 1 : !strcmp(name, "warnings") ? 2 : 0;

	if (!d && !top)
		return -1;
	*h = (struct view_headline){ .name = name, .stat = d, .top = top };
	return 0;
}

const char *view_headline_label(const struct view_headline *h)
{
	if (!h->name)
		return "";
	return strncmp(h->name, "stats.", 6) ? h->name : h->name + 6;
}

uint64_t view_headline_value(const struct view_headline *h, const struct sim *s)
{
	if (!h->name)
		return 0;
	if (h->stat)
		return sim_stat_get(&s->stats, h->stat);
	return h->top == 1 ? s->violations : s->warnings;
}

uint64_t view_headline_end(const struct view_run *v)
{
	const struct view_headline *h = &v->hl;

	if (!h->name)
		return 0;
	if (h->stat)
		return sim_stat_get(&v->end_stats, h->stat);
	return h->top == 1 ? v->end_violations : v->end_warnings;
}

static sim_ns next_time(struct view_run *v)
{
	return v->rn.done ? UINT64_MAX : sim_runner_next_time(&v->rn);
}

static bool differ(const struct view_run *a, const struct view_run *b)
{
	return view_residency_sig(a->s) != view_residency_sig(b->s);
}

int view_first_state_divergence(struct view_run *a, struct view_run *b, sim_ns *at)
{
	sim_ns end = a->end > b->end ? a->end : b->end, span = end / VIEW_SAMPLES + 1;
	sim_ns lo = 0, hi = UINT64_MAX, t;

	*at = UINT64_MAX;
	if (view_run_restart(a) || view_run_restart(b))
		return GEMSIM_ENOMEM;
	/* where, to a sparkline bucket: the first bucket end where they differ */
	for (t = span;; t += span) {
		view_run_advance(a, t, 0);
		view_run_advance(b, t, 0);
		if (differ(a, b)) {
			hi = t;
			break;
		}
		lo = t;
		if (t >= end)
			break;
	}
	if (hi != UINT64_MAX) {
		/* then event time by event time from the bucket before */
		if (view_run_restart(a) || view_run_restart(b))
			return GEMSIM_ENOMEM;
		view_run_advance(a, lo, 0);
		view_run_advance(b, lo, 0);
		for (;;) {
			sim_ns na = next_time(a), nb = next_time(b), n = na < nb ? na : nb;

			if (n > hi)
				n = hi;
			view_run_advance(a, n, 0);
			view_run_advance(b, n, 0);
			if (differ(a, b) || n == hi) {
				*at = n;
				break;
			}
		}
	}
	if (view_run_restart(a) || view_run_restart(b))
		return GEMSIM_ENOMEM;
	return 0;
}
