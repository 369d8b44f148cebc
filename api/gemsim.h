/* SPDX-License-Identifier: MIT */
/*
 * gemsim.h - gemsim as a library: load a scenario, set keys, run it, read
 * its counters, latencies and objects, hear its events.
 *
 * The one public header of libgemsim (installed with `make install`;
 * `pkg-config --cflags --libs gemsim`).  Every name it exports starts with
 * gemsim_; nothing else of the library is visible (api/gemsim.map).  The
 * semantics are `gemsim run`'s (docs/cli.md): the same scenario, keys and
 * seed give the same numbers.
 *
 *   struct gemsim *g = gemsim_open_file("scenarios/talk-vmap-weak.json", err, sizeof(err));
 *   gemsim_set(g, "policy.vmap_pins=true");        // before the first run or step
 *   int code = gemsim_run(g);                       // 0 ok, 1 expectations failed
 *   uint64_t ev; gemsim_stat(g, "pages_evicted", &ev);
 *   gemsim_close(g);
 *
 * Errors: functions returning int give 0 or a negative errno-style code
 * (-EINVAL: bad input, the message in gemsim_error(); -ENOENT: no such
 * name; -ENOMEM).  Nothing prints.
 */
#ifndef GEMSIM_H
#define GEMSIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GEMSIM_API_VERSION 1

struct gemsim;

/** gemsim_version() - Returns: the library's version, "0.1.0". */
const char *gemsim_version(void);

/**
 * gemsim_open_file() - load the scenario at @path (docs/format.md).
 * @err: where a load error goes ("file:line:col: message"), or NULL.
 * Returns: the handle, or NULL (the message in @err).
 */
struct gemsim *gemsim_open_file(const char *path, char *err, size_t errlen);

/**
 * gemsim_open_string() - the same from JSON text @json of @len bytes;
 * @name names it in messages ("<string>" when NULL).
 */
struct gemsim *gemsim_open_string(const char *json, size_t len, const char *name, char *err,
				  size_t errlen);

/** gemsim_close() - free @g (NULL is fine). */
void gemsim_close(struct gemsim *g);

/**
 * gemsim_set() - override a scenario value, as `--set KEY=VALUE`
 * ("policy.reclaim=clock", "memory.ram_pages=512"), or "seed=N".
 * Only before the first gemsim_run()/gemsim_run_until().
 * Returns: 0; -EINVAL (message in gemsim_error()); -EBUSY once running.
 */
int gemsim_set(struct gemsim *g, const char *key_value);

/** gemsim_error() - Returns: the last error's message, "" when none. */
const char *gemsim_error(const struct gemsim *g);

/**
 * gemsim_run() - run the scenario to its end (or on from where
 * gemsim_run_until() stopped), checking invariants and expectations.
 * Returns: 0 every expectation held, 1 one failed or an unexpected
 * violation happened, 2 the run could not go on (gemsim_error() says why),
 * -EINVAL when a gemsim_set() made the scenario invalid.
 */
int gemsim_run(struct gemsim *g);

/**
 * gemsim_run_until() - run every event at or before @t_ns (simulated ns).
 * Returns: 0 while more is left, 1 when the run is over; negative on error.
 */
int gemsim_run_until(struct gemsim *g, uint64_t t_ns);

/** gemsim_now() - Returns: the simulated time, ns. */
uint64_t gemsim_now(const struct gemsim *g);

/* ---- counters and latencies ---------------------------------------------- */

/** gemsim_stat_count() - Returns: how many counters there are. */
size_t gemsim_stat_count(void);

/** gemsim_stat_name() - Returns: counter @i's name ("pages_evicted"), or NULL. */
const char *gemsim_stat_name(size_t i);

/** gemsim_stat() - counter @name now. Returns: 0, or -ENOENT. */
int gemsim_stat(const struct gemsim *g, const char *name, uint64_t *value);

struct gemsim_latency {
	uint64_t count;
	double mean_ns;                  /* exact mean */
	uint64_t p50_ns, p99_ns, max_ns; /* from the log2 histogram, bucket upper bounds */
};

/** gemsim_latency_name() - Returns: latency @i's name ("fault_service"), or NULL. */
const char *gemsim_latency_name(size_t i);

/** gemsim_latency() - latency figures @name. Returns: 0, or -ENOENT. */
int gemsim_latency(const struct gemsim *g, const char *name, struct gemsim_latency *out);

/* ---- objects ------------------------------------------------------------- */

struct gemsim_object {
	const char *name; /* valid until gemsim_close() */
	uint64_t size_pages;
	int32_t pages_use_count, pages_pin_count, vmap_use_count;
	int madv;    /* 0 WILLNEED, 1 DONTNEED, -1 PURGED */
	int evicted; /* pages in swap */
	uint64_t resident_pages, swapped_pages;
};

/** gemsim_object_slots() - Returns: object slots to ask about (some may be free). */
uint32_t gemsim_object_slots(const struct gemsim *g);

/** gemsim_object() - the state of object slot @slot. Returns: 0, or
 * -ENOENT when the slot holds no live object. */
int gemsim_object(const struct gemsim *g, uint32_t slot, struct gemsim_object *out);

/* ---- events -------------------------------------------------------------- */

struct gemsim_event {
	uint64_t at_ns;
	const char *op;     /* "pin", "pressure", ... */
	const char *what;   /* "pin bo0" */
	int result;         /* 0 or a negative errno; madvise: 1 retained, 0 purged */
	uint32_t line, col; /* where the event stands in its file */
};

/** gemsim_event_fn - called after each scenario event runs. */
typedef void (*gemsim_event_fn)(void *ctx, const struct gemsim_event *ev);

/** gemsim_on_event() - call @fn(@ctx, ...) after every scenario event (NULL: stop). */
void gemsim_on_event(struct gemsim *g, gemsim_event_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif

#endif
