// SPDX-License-Identifier: MIT
/*
 * run/load_policy.c - the scenario loader's "memory", "model", "policy"
 * and "costs" blocks: the machine and the kernel baseline it follows.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gem/lru.h"
#include "run/load_int.h"
#include "base/text.h"
#include "base/units.h"

/* ---- blocks -------------------------------------------------------------- */

int load_memory(struct ld *L, const cJSON *root)
{
	const cJSON *m = load_member(root, "memory");
	static const char *const keys[] = { "ram_pages", "swap_pages", "page_size",
					    "ram",       "swap",       NULL };
	struct sim_config *cfg = &L->sc->cfg;
	uint64_t v;

	if (!m)
		return load_fail(L, root,
				 "the scenario needs a \"memory\" block with \"ram_pages\"");
	if (load_want_object(L, m, "\"memory\"") || load_check_keys(L, m, "memory", keys))
		return -1;
	/* "ram": "1GiB" and "swap": "512M" are sizes, rounded up to pages */
	if (load_member(m, "ram") && load_member(m, "ram_pages"))
		return load_fail(L, load_member(m, "ram"),
				 "\"memory\" has \"ram\" and \"ram_pages\": "
				 "give one");
	if (load_member(m, "swap") && load_member(m, "swap_pages"))
		return load_fail(L, load_member(m, "swap"),
				 "\"memory\" has \"swap\" and "
				 "\"swap_pages\": give one");
	if (!load_member(m, "ram_pages") && !load_member(m, "ram"))
		return load_fail(L, m, "\"memory\" needs \"ram_pages\" (or \"ram\", a size)");
	if (load_member(m, "page_size")) {
		if (load_get_uint(L, load_member(m, "page_size"), "page_size", 0, UNITS_NUM_MAX,
				  &v))
			return -1;
		if (v != 4096)
			return load_fail(L, load_member(m, "page_size"),
					 "\"page_size\" must be 4096 (the only "
					 "page size gemsim models), got %llu",
					 (unsigned long long)v);
		cfg->page_size = (uint32_t)v;
	}
	/* a bare number would be bytes: too easily meant as pages, so a unit is needed */
	if (load_member(m, "ram") && !cJSON_IsString(load_member(m, "ram")))
		return load_fail(L, load_member(m, "ram"),
				 "\"ram\" is a size with its unit, such "
				 "as \"1GiB\" (a number of pages goes in \"ram_pages\")");
	if (load_member(m, "swap") && !cJSON_IsString(load_member(m, "swap")) &&
	    !(cJSON_IsNumber(load_member(m, "swap")) && load_member(m, "swap")->valuedouble == 0))
		return load_fail(L, load_member(m, "swap"),
				 "\"swap\" is a size with its unit, such "
				 "as \"512MiB\", or 0 (a number of pages goes in \"swap_pages\")");
	if (load_member(m, "ram") ? load_get_size_value(L, load_member(m, "ram"), "ram",
							LOAD_MAX_PAGES, &cfg->ram_pages) :
				    load_get_uint(L, load_member(m, "ram_pages"), "ram_pages", 1,
						  LOAD_MAX_PAGES, &cfg->ram_pages))
		return -1;
	cfg->swap_pages = cfg->ram_pages;
	if (load_member(m, "swap_pages") &&
	    load_get_uint(L, load_member(m, "swap_pages"), "swap_pages", 0, LOAD_MAX_PAGES,
			  &cfg->swap_pages))
		return -1;
	/* no swap at all is "swap": 0 */
	if (load_member(m, "swap")) {
		const cJSON *sw = load_member(m, "swap");

		if (cJSON_IsNumber(sw) && sw->valuedouble == 0)
			cfg->swap_pages = 0;
		else if (load_get_size_value(L, sw, "swap", LOAD_MAX_PAGES, &cfg->swap_pages))
			return -1;
	}
	return 0;
}

/* The index of kernel baseline @name, or -1. */
static int kernel_find(const char *name)
{
	for (int i = 0; i < SIM_KERNEL_COUNT; i++)
		if (!strcmp(sim_kernel_names[i], name))
			return i;
	return -1;
}

static int get_kernel(struct ld *L, const cJSON *v, const char *what, unsigned *out)
{
	const char *name;
	struct text_clip c;
	int k;

	if (load_get_string(L, v, what, &name))
		return -1;
	k = kernel_find(name);
	if (k < 0)
		return load_fail(L, v,
				 "unknown kernel \"%s\" in \"%s\" (expected mainline or v19; "
				 "`gemsim list kernels` describes them)",
				 text_clip(&c, name), what);
	*out = (unsigned)k;
	return 0;
}

/*
 * A kernel timeout: a time, or "N jiffies" ("1 jiffy") at model.hz, as the
 * kernel writes it (msm_gem_shrinker.c waits 10 jiffies); rounded to the
 * nearest nanosecond.
 */
static int get_jiffies_or_time(struct ld *L, const cJSON *v, const char *what, sim_ns *out)
{
	const char *s = cJSON_IsString(v) ? v->valuestring : NULL, *unit;
	uint64_t n = 0, hz = L->sc->cfg.hz;
	size_t digits;

	if (!s || !strstr(s, "jiff"))
		return load_get_time(L, v, what, out);
	digits = strspn(s, "0123456789");
	unit = s + digits + strspn(s + digits, " ");
	if (!digits || digits > 9 || (strcmp(unit, "jiffies") && strcmp(unit, "jiffy")))
		return load_fail(L, v,
				 "\"%s\": \"%s\": a time in jiffies is a whole number and "
				 "\"jiffies\" (\"10 jiffies\"), at model.hz (%" PRIu64 ")",
				 what, s, hz);
	for (size_t i = 0; i < digits; i++)
		n = n * 10 + (uint64_t)(s[i] - '0');
	*out = (n * 1000000000u + hz / 2) / hz;
	return 0;
}

/*
 * "model": {"kernel": NAME, "kernels": [NAME, ...], "hz": N}: the kernel this run
 * models, and the baselines the file's expectations are written for (the
 * test suite runs the file under each; `gemsim list kernels FILE`).
 */
int load_model(struct ld *L, const cJSON *m)
{
	static const char *const keys[] = { "kernel", "kernels", "hz", NULL };
	struct scenario *sc = L->sc;
	const cJSON *v, *e;
	unsigned k;

	sc->kernels = 0;
	if (m) {
		if (load_want_object(L, m, "\"model\"") || load_check_keys(L, m, "model", keys))
			return -1;
		if ((v = load_member(m, "kernel")) && get_kernel(L, v, "kernel", &sc->cfg.kernel))
			return -1;
		if ((v = load_member(m, "hz"))) {
			uint64_t hz;

			if (load_get_uint(L, v, "hz", 1, 10000, &hz))
				return -1;
			sc->cfg.hz = (unsigned)hz;
		}
		if ((v = load_member(m, "kernels"))) {
			if (load_want_array(L, v, "\"kernels\""))
				return -1;
			if (!cJSON_GetArraySize(v))
				return load_fail(L, v,
						 "\"kernels\" is empty (name mainline and/or v19)");
			cJSON_ArrayForEach(e, v)
			{
				if (get_kernel(L, e, "kernels", &k))
					return -1;
				sc->kernels |= 1u << k;
			}
		}
	}
	sc->kernels |= 1u << sc->cfg.kernel;
	return 0;
}

/*
 * A value that may differ by kernel: {"mainline": X, "v19": Y} gives the
 * run's kernel's X or Y (NULL, no value, when the run's kernel is not
 * named); any other value is the same for both.  An object is read this
 * way only when its first key names a kernel, so {"min", "max"} ranges
 * keep their meaning.
 */
int load_pick_kernel(struct ld *L, const cJSON *v, const cJSON **out)
{
	const cJSON *m;

	*out = v;
	if (!cJSON_IsObject(v) || !v->child || kernel_find(v->child->string) < 0)
		return 0;
	cJSON_ArrayForEach(m, v)
	{
		struct text_clip c;

		if (kernel_find(m->string) < 0)
			return load_fail_key(L, m,
					     "unknown kernel \"%s\" in a per-kernel value "
					     "(expected mainline or v19)",
					     text_clip(&c, m->string));
	}
	*out = load_member(v, sim_kernel_names[L->sc->cfg.kernel]);
	return 0;
}

/*
 * "policy.vmscan": {"batch", "seeks", "def_priority", "swap_cluster_max"}:
 * the vmscan driver's constants (gem/vmscan.h; mm/shrinker.c, mm/vmscan.c).
 */
static int load_vmscan(struct ld *L, const cJSON *v, struct sim_vmscan *k)
{
	static const char *const keys[] = { "batch", "seeks", "def_priority", "swap_cluster_max",
					    NULL };
	const cJSON *e;
	uint64_t prio;

	if (load_want_object(L, v, "\"vmscan\"") || load_check_keys(L, v, "policy.vmscan", keys))
		return -1;
	/* shrinker->batch: 0 is SHRINK_BATCH, as in the kernel */
	if ((e = load_member(v, "batch")) &&
	    load_get_uint(L, e, "batch", 0, LOAD_MAX_PAGES, &k->batch))
		return -1;
	/* shrinker->seeks: 0 trims freeable / 2 at every priority, as in the kernel */
	if ((e = load_member(v, "seeks")) && load_get_uint(L, e, "seeks", 0, 1000, &k->seeks))
		return -1;
	if ((e = load_member(v, "def_priority"))) {
		if (load_get_uint(L, e, "def_priority", 0, SIM_MAX_PRIORITY, &prio))
			return -1;
		k->def_priority = (unsigned)prio;
	}
	if ((e = load_member(v, "swap_cluster_max")) &&
	    load_get_uint(L, e, "swap_cluster_max", 1, LOAD_MAX_PAGES, &k->swap_cluster_max))
		return -1;
	return 0;
}

/* "policy.reclaim": a policy of gem/policy.c by name. */
static int load_reclaim(struct ld *L, const cJSON *v, unsigned *out)
{
	char list[256] = "";
	struct text_clip c;
	const char *name;
	size_t n = 0;
	int idx;

	if (load_get_string(L, v, "reclaim", &name))
		return -1;
	idx = lru_policy_find(name);
	if (idx >= 0) {
		*out = (unsigned)idx;
		return 0;
	}
	for (unsigned i = 0; i < lru_policy_count() && n < sizeof(list) - 32; i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "",
				      lru_policy_name(i));
	return load_fail(L, v, "unknown reclaim policy \"%s\" (expected one of: %s)",
			 text_clip(&c, name), list);
}

/* "policy.watermarks": {"low", "high"}, frames of RAM. */
static int load_watermarks(struct ld *L, const cJSON *v, struct sim_policy *pol)
{
	static const char *const wkeys[] = { "low", "high", NULL };
	uint64_t ram = L->sc->cfg.ram_pages;

	if (load_want_object(L, v, "\"watermarks\"") ||
	    load_check_keys(L, v, "policy.watermarks", wkeys))
		return -1;
	if (!load_member(v, "low") || !load_member(v, "high"))
		return load_fail(L, v, "\"watermarks\" needs both \"low\" and \"high\"");
	if (load_get_uint(L, load_member(v, "low"), "low", 0, ram, &pol->wm_low) ||
	    load_get_uint(L, load_member(v, "high"), "high", 0, ram, &pol->wm_high))
		return -1;
	if (pol->wm_low > pol->wm_high)
		return load_fail(L, load_member(v, "low"),
				 "watermark \"low\" (%llu) is above "
				 "\"high\" (%llu)",
				 (unsigned long long)pol->wm_low, (unsigned long long)pol->wm_high);
	return 0;
}

/* "policy.evict", and what the mainline helper, which cannot evict, refuses. */
static int load_evict(struct ld *L, const cJSON *p, struct sim_policy *pol)
{
	const cJSON *v;

	if ((v = load_member(p, "evict")) && load_get_bool(L, v, "evict", &pol->evict))
		return -1;
	/* drm_gem_shmem_helper.c has no eviction before the v19 series */
	if (v && pol->evict && L->sc->cfg.kernel == SIM_KERNEL_MAINLINE)
		return load_fail(L, v,
				 "\"evict\": true needs model.kernel v19: the mainline helper "
				 "cannot evict (drm_gem_shmem_evict_locked() comes with the v19 "
				 "shrinker series)");
	if (L->sc->cfg.kernel != SIM_KERNEL_MAINLINE)
		return 0;
	pol->evict = false;
	if (pol->shrinker == SIM_SHRINKER_MSM)
		return load_fail(L, load_member(p, "shrinker"),
				 "\"shrinker\": \"msm\" needs "
				 "model.kernel v19 (msm swaps objects out; the mainline shmem "
				 "helper has no eviction)");
	return 0;
}

int load_policy(struct ld *L, const cJSON *p)
{
	static const char *const keys[] = {
		"reclaim",      "vmap_pins",      "attach_pins",    "purge_first", "evict",
		"busy_wait",    "watermarks",     "reclaim_pinned", "shrinker",    "touch",
		"clock_insert", "reclaim_driver", "vmscan",         NULL
	};
	static const char *const ins[] = { "unreferenced", "referenced" };
	struct sim_policy *pol = &L->sc->cfg.policy;
	const cJSON *v;
	unsigned i;

	if (!p)
		return 0;
	if (load_want_object(L, p, "\"policy\"") || load_check_keys(L, p, "policy", keys))
		return -1;
	if ((v = load_member(p, "reclaim")) && load_reclaim(L, v, &pol->reclaim))
		return -1;
	if ((v = load_member(p, "shrinker")) &&
	    load_get_enum(L, v, "shrinker", sim_shrinker_names, SIM_SHRINKER_COUNT, &pol->shrinker))
		return -1;
	if ((v = load_member(p, "touch")) &&
	    load_get_enum(L, v, "touch", sim_touch_names, SIM_TOUCH_COUNT, &pol->touch))
		return -1;
	if ((v = load_member(p, "reclaim_driver")) &&
	    load_get_enum(L, v, "reclaim_driver", sim_reclaim_driver_names,
			  SIM_RECLAIM_DRIVER_COUNT, &pol->reclaim_driver))
		return -1;
	if ((v = load_member(p, "vmscan")) && load_vmscan(L, v, &pol->vmscan))
		return -1;
	if ((v = load_member(p, "clock_insert"))) {
		if (load_get_enum(L, v, "clock_insert", ins, 2, &i))
			return -1;
		pol->clock_insert_referenced = i == 1;
	}
	if (load_opt_bool(L, p, "vmap_pins", &pol->vmap_pins) ||
	    load_opt_bool(L, p, "attach_pins", &pol->attach_pins) ||
	    load_opt_bool(L, p, "purge_first", &pol->purge_first) || load_evict(L, p, pol) ||
	    load_opt_bool(L, p, "reclaim_pinned", &pol->reclaim_pinned))
		return -1;
	if ((v = load_member(p, "busy_wait")) &&
	    get_jiffies_or_time(L, v, "busy_wait", &pol->busy_wait))
		return -1;
	if ((v = load_member(p, "watermarks")) && load_watermarks(L, v, pol))
		return -1;
	return 0;
}

int load_costs(struct ld *L, const cJSON *c)
{
	static const char *const keys[] = { "page_alloc", "swap_out", "swap_in",     "zap",
					    "tlb_flush",  "fault",    "scan_object", NULL };
	struct sim_costs *k = &L->sc->cfg.costs;
	sim_ns *field[] = { &k->page_alloc, &k->swap_out, &k->swap_in,    &k->zap,
			    &k->tlb_flush,  &k->fault,    &k->scan_object };
	const cJSON *v;

	if (!c)
		return 0;
	if (load_want_object(L, c, "\"costs\"") || load_check_keys(L, c, "costs", keys))
		return -1;
	for (size_t i = 0; keys[i]; i++)
		if ((v = load_member(c, keys[i])) && load_get_time(L, v, keys[i], field[i]))
			return -1;
	return 0;
}
