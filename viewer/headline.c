// SPDX-License-Identifier: MIT
/*
 * viewer/headline.c - compare mode's headline and divergence: a counter of
 * `gemsim run --json` by name, its value now and at the end of a run, and
 * the first time two runs' memory differs when no scenario event tells
 * (runs of generated workloads only).  No SDL.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "viewer/view.h"

int view_headline_find(const char *name, struct view_headline *h)
{
	const char *n = strncmp(name, "stats.", 6) ? name : name + 6;
	const struct stats_desc *d = stats_find(n);
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

/* 13296 as "13 296": the exact count, grouped for a room. */
void view_format_grouped(uint64_t n, char *buf, size_t len)
{
	char d[32];
	size_t nd = (size_t)snprintf(d, sizeof(d), "%" PRIu64, n), o = 0;

	for (size_t i = 0; i < nd && o + 4 < len; i++) {
		if (i && (nd - i) % 3 == 0) {
			/* a thin space (U+2009) */
			memcpy(buf + o, "\xe2\x80\x89", 3);
			o += 3;
		}
		buf[o++] = d[i];
	}
	buf[o] = '\0';
}

/* "+1 085 (+36%)", "-12 (-3.1%)", "0", "+5 (B is 0)" */
void view_format_diff(uint64_t a, uint64_t b, char *buf, size_t len)
{
	char n[48];
	uint64_t d = a > b ? a - b : b - a;
	const char *sign = a > b ? "+" : a < b ? "\xe2\x88\x92" : "";

	view_format_grouped(d, n, sizeof(n));
	if (a == b)
		snprintf(buf, len, "0");
	else if (!b)
		snprintf(buf, len, "%s%s", sign, n);
	else {
		double pct = (double)d * 100.0 / (double)b;

		snprintf(buf, len, pct < 10 ? "%s%s (%s%.1f%%)" : "%s%s (%s%.0f%%)", sign, n, sign,
			 pct);
	}
}

static sim_ns next_time(struct view_run *v)
{
	return v->rn.done ? UINT64_MAX : run_next_time(&v->rn);
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
