// SPDX-License-Identifier: MIT
/*
 * api/gemsim.c - the library's public face (api/gemsim.h) over the loader
 * (run/load.h) and the runner (run/run.h), as `gemsim run`
 * drives them: the scenario is loaded again with every key set so far when
 * the first run starts, so a bad key is reported as --set would report it.
 */
#include "api/gemsim.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gem/shm.h"
#include "base/version.h"
#include "base/stats.h"
#include "run/load.h"
#include "run/run.h"
#include "sim/scenario.h"
#include "sim/sim.h"
#include "run/ops.h"

#define GEMSIM_MAX_SETS 4096

struct gemsim {
	char *name; /* file name for messages */
	char *text; /* the scenario's JSON */
	size_t len;
	char **sets; /* "KEY=VALUE", in order */
	size_t nsets;
	bool has_seed;
	uint64_t seed;
	struct scenario *sc; /* loaded with the sets, at the first run */
	struct sim *s;
	struct run_result *r;
	struct sim_runner rn;
	bool started, done;
	int code;
	gemsim_event_fn fn;
	void *ctx;
	char err[SIM_ERROR_MSG + 256];
};

const char *gemsim_version(void)
{
	return GEMSIM_VERSION;
}

static void say(char *buf, size_t len, const struct sim_error *e)
{
	if (buf && len)
		error_format(e, buf, len);
}

/* Load g->text with the sets; on failure the message goes to @buf. */
static struct scenario *load(struct gemsim *g, char *buf, size_t len)
{
	struct load_opts o = {
		.sets = (const char *const *)g->sets,
		.nsets = g->nsets,
		.has_seed = g->has_seed,
		.seed = g->seed,
	};
	struct sim_error e = { 0 };
	struct scenario *sc = scenario_load_text(g->name, g->text, g->len, &o, &e);

	if (!sc)
		say(buf, len, &e);
	return sc;
}

static struct gemsim *open_text(char *text, size_t len, const char *name, char *err, size_t errlen)
{
	struct gemsim *g = calloc(1, sizeof(*g));

	if (!g || !(g->name = strdup(name))) {
		free(g);
		free(text);
		if (err && errlen)
			snprintf(err, errlen, "out of memory");
		return NULL;
	}
	g->text = text;
	g->len = len;
	/* a first load checks the file now, so a bad one fails at open */
	g->sc = load(g, err, errlen);
	if (!g->sc) {
		gemsim_close(g);
		return NULL;
	}
	return g;
}

struct gemsim *gemsim_open_file(const char *path, char *err, size_t errlen)
{
	struct sim_error e = { .file = path };
	size_t len;
	char *text = load_read_file(path, &len, &e);

	if (!text) {
		say(err, errlen, &e);
		return NULL;
	}
	return open_text(text, len, path, err, errlen);
}

struct gemsim *gemsim_open_string(const char *json, size_t len, const char *name, char *err,
				  size_t errlen)
{
	char *text = malloc(len + 1);

	if (!text) {
		if (err && errlen)
			snprintf(err, errlen, "out of memory");
		return NULL;
	}
	memcpy(text, json, len);
	text[len] = 0;
	return open_text(text, len, name ? name : "<string>", err, errlen);
}

void gemsim_close(struct gemsim *g)
{
	if (!g)
		return;
	if (g->started && !g->done)
		run_finish(&g->rn); /* frees the workloads' state */
	if (g->s)
		gem_sim_destroy(g->s);
	free(g->r);
	scenario_free(g->sc);
	for (size_t i = 0; i < g->nsets; i++)
		free(g->sets[i]);
	free(g->sets);
	free(g->text);
	free(g->name);
	free(g);
}

const char *gemsim_error(const struct gemsim *g)
{
	return g->err;
}

int gemsim_set(struct gemsim *g, const char *kv)
{
	char **p;

	if (g->started) {
		snprintf(g->err, sizeof(g->err), "gemsim_set(\"%.80s\") after the run started", kv);
		return -EBUSY;
	}
	if (!strncmp(kv, "seed=", 5)) {
		char *end;
		unsigned long long v;

		errno = 0;
		v = strtoull(kv + 5, &end, 10);
		if (errno || *end || end == kv + 5 || kv[5] == '-' || v > (1ull << 53)) {
			snprintf(g->err, sizeof(g->err),
				 "seed: a whole number from 0 to 2^53, not "
				 "\"%.80s\"",
				 kv + 5);
			return -EINVAL;
		}
		g->has_seed = true;
		g->seed = v;
		return 0;
	}
	if (!strchr(kv, '=') || g->nsets >= GEMSIM_MAX_SETS) {
		snprintf(g->err, sizeof(g->err), "gemsim_set() needs KEY=VALUE, not \"%.80s\"", kv);
		return -EINVAL;
	}
	p = realloc(g->sets, (g->nsets + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	g->sets = p;
	if (!(g->sets[g->nsets] = strdup(kv)))
		return -ENOMEM;
	g->nsets++;
	/* checked now, as --set is, so the caller hears of a bad key at once */
	{
		struct scenario *sc = load(g, g->err, sizeof(g->err));

		if (!sc) {
			free(g->sets[--g->nsets]);
			return -EINVAL;
		}
		scenario_free(g->sc);
		g->sc = sc;
	}
	return 0;
}

static int start(struct gemsim *g)
{
	if (g->started)
		return 0;
	g->s = run_setup(g->sc);
	g->r = malloc(sizeof(*g->r));
	if (!g->s || !g->r) {
		snprintf(g->err, sizeof(g->err), "out of memory");
		return -ENOMEM;
	}
	run_init(&g->rn, g->s, g->sc, g->r);
	g->started = true;
	return 0;
}

/* One step, and the event callback when it ran a scenario event. */
static bool step(struct gemsim *g)
{
	uint64_t before = g->s->step;
	bool more = run_step(&g->rn);

	/* a step that only ended the run ran no event */
	if (g->fn && g->s->step != before && g->rn.last_event != SIM_NONE) {
		const struct sim_event *e = &g->sc->events[g->rn.last_event];
		char what[160];
		struct gemsim_event ev = {
			.at_ns = e->at,
			.op = ops_table[e->op].name,
			.what = what,
			.result = g->rn.last_ret,
			.line = e->line,
			.col = e->col,
		};

		run_describe_event(g->sc, g->rn.last_event, what, sizeof(what));
		g->fn(g->ctx, &ev);
	}
	return more;
}

static void finish(struct gemsim *g)
{
	g->done = true;
	g->code = run_finish(&g->rn);
	if (g->r->has_fatal) {
		g->code = 2;
		snprintf(g->err, sizeof(g->err), "%s", g->r->fatal);
	}
}

int gemsim_run(struct gemsim *g)
{
	int ret = start(g);

	if (ret)
		return ret;
	while (!g->done && step(g))
		;
	if (!g->done)
		finish(g);
	return g->code;
}

int gemsim_run_until(struct gemsim *g, uint64_t t)
{
	int ret = start(g);

	if (ret)
		return ret;
	while (!g->done && run_next_time(&g->rn) <= t)
		if (!step(g))
			finish(g);
	if (!g->done && run_next_time(&g->rn) == UINT64_MAX)
		finish(g);
	return g->done;
}

uint64_t gemsim_now(const struct gemsim *g)
{
	return g->s ? g->s->now : 0;
}

size_t gemsim_stat_count(void)
{
	return sim_stat_count;
}

const char *gemsim_stat_name(size_t i)
{
	return i < sim_stat_count ? sim_stat_descs[i].name : NULL;
}

int gemsim_stat(const struct gemsim *g, const char *name, uint64_t *value)
{
	const struct stats_desc *d = stats_find(name);

	if (!d)
		return -ENOENT;
	*value = g->s ? sim_stat_get(&g->s->stats, d) : 0;
	return 0;
}

const char *gemsim_latency_name(size_t i)
{
	return i < SIM_LAT_COUNT ? sim_lat_names[i] : NULL;
}

int gemsim_latency(const struct gemsim *g, const char *name, struct gemsim_latency *out)
{
	for (size_t i = 0; i < SIM_LAT_COUNT; i++) {
		const struct sim_hist *h;

		if (strcmp(sim_lat_names[i], name))
			continue;
		*out = (struct gemsim_latency){ 0 };
		if (!g->s)
			return 0;
		h = &g->s->lat[i];
		out->count = h->count;
		out->mean_ns = h->count ? (double)h->sum / (double)h->count : 0;
		out->p50_ns = hist_percentile(h, 50);
		out->p99_ns = hist_percentile(h, 99);
		out->max_ns = h->max;
		return 0;
	}
	return -ENOENT;
}

uint32_t gemsim_object_slots(const struct gemsim *g)
{
	return g->s ? shm_slot_count(g->s) : 0;
}

int gemsim_object(const struct gemsim *g, uint32_t slot, struct gemsim_object *out)
{
	const struct shm_object *o = g->s ? shm_get(g->s, slot) : NULL;

	if (!o)
		return -ENOENT;
	*out = (struct gemsim_object){
		.name = sim_name(g->s, SIM_K_BO, slot),
		.size_pages = o->npages,
		.pages_use_count = o->pages_use_count,
		.pages_pin_count = o->pages_pin_count,
		.vmap_use_count = o->vmap_use_count,
		.madv = o->madv,
		.evicted = o->evicted,
		.resident_pages = shm_resident_pages(o),
		.swapped_pages = shm_swapped_pages(o),
	};
	return 0;
}

void gemsim_on_event(struct gemsim *g, gemsim_event_fn fn, void *ctx)
{
	g->fn = fn;
	g->ctx = ctx;
}
