// SPDX-License-Identifier: MIT
/*
 * run/load_objects.c - the scenario loader's "devices", "vms" and
 * "objects" blocks, and the per-object arrays that follow the BO names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/load_int.h"
#include "base/grow.h"
#include "base/text.h"

int load_devices(struct ld *L, const cJSON *d)
{
	static const char *const keys[] = { "name",     "va_bits", "tlb_entries",
					    "as_slots", "queues",  NULL };
	struct scenario *sc = L->sc;
	const cJSON *e;
	int n;

	if (d && load_want_array(L, d, "\"devices\""))
		return -1;
	n = d ? cJSON_GetArraySize(d) : 0;
	if (n > LOAD_MAX_DEVICES)
		return load_fail(L, d, "too many devices (limit %d)", LOAD_MAX_DEVICES);
	sc->devices = calloc((size_t)(n ? n : 1), sizeof(*sc->devices));
	if (!sc->devices)
		return load_fail(L, d, "out of memory");
	if (!n) {
		/* No "devices": one default GPU, so "vms" may omit "device". */
		sc->devices[0] = (struct sim_device_cfg){ 48, 64, 8, 1 };
		if (scenario_slot(sc, SIM_K_DEVICE, "gpu0") == SIM_NONE)
			return load_fail(L, d, "out of memory");
		return 0;
	}
	cJSON_ArrayForEach(e, d)
	{
		struct sim_device_cfg *dev;
		uint32_t slot;
		uint64_t v;

		if (load_want_object(L, e, "a device") || load_check_keys(L, e, "a device", keys))
			return -1;
		if (!load_member(e, "name"))
			return load_fail(L, e, "a device needs a \"name\"");
		if (load_define_entry(L, d, e, SIM_K_DEVICE, &slot))
			return -1;
		dev = &sc->devices[slot];
		*dev = (struct sim_device_cfg){ 48, 64, 8, 1 };
		if (load_member(e, "va_bits")) {
			if (load_get_uint(L, load_member(e, "va_bits"), "va_bits", 32, 48, &v))
				return -1;
			dev->va_bits = (uint32_t)v;
		}
		if (load_member(e, "tlb_entries")) {
			if (load_get_uint(L, load_member(e, "tlb_entries"), "tlb_entries", 1, 65536,
					  &v))
				return -1;
			dev->tlb_entries = (uint32_t)v;
		}
		if (load_member(e, "as_slots")) {
			if (load_get_uint(L, load_member(e, "as_slots"), "as_slots", 1, 64, &v))
				return -1;
			dev->as_slots = (uint32_t)v;
		}
		if (load_member(e, "queues")) {
			if (load_get_uint(L, load_member(e, "queues"), "queues", 1, 64, &v))
				return -1;
			dev->queues = (uint32_t)v;
		}
	}
	return 0;
}

int load_vms(struct ld *L, const cJSON *d)
{
	static const char *const keys[] = { "name", "device", NULL };
	struct scenario *sc = L->sc;
	const cJSON *e;
	int n;

	if (!d)
		return 0;
	if (load_want_array(L, d, "\"vms\""))
		return -1;
	n = cJSON_GetArraySize(d);
	if ((unsigned)n > LOAD_MAX_NAMES)
		return load_fail(L, d, "too many VMs (limit %u)", LOAD_MAX_NAMES);
	sc->vms = calloc((size_t)(n ? n : 1), sizeof(*sc->vms));
	if (!sc->vms)
		return load_fail(L, d, "out of memory");
	cJSON_ArrayForEach(e, d)
	{
		uint32_t slot, dev = 0;

		if (load_want_object(L, e, "a VM") || load_check_keys(L, e, "a VM", keys))
			return -1;
		if (!load_member(e, "name"))
			return load_fail(L, e, "a VM needs a \"name\"");
		if (load_define_entry(L, d, e, SIM_K_VM, &slot))
			return -1;
		snprintf(L->where, sizeof(L->where), "a VM");
		if (load_member(e, "device") && load_resolve(L, e, "device", SIM_K_DEVICE, &dev))
			return -1;
		sc->vms[slot].device = dev;
	}
	return 0;
}

/* Per-object arrays follow the BO namespace as it grows. */
int load_grow_bo_arrays(struct ld *L)
{
	struct scenario *sc = L->sc;
	uint32_t need = sc->nnames[SIM_K_BO];

	uint32_t cap = L->name_cap_bo;

	/* two arrays, one capacity: it is the pages' that is kept */
	if (grow_array_zero(sc->bo_flags, cap, need, 16) ||
	    grow_array_zero(sc->bo_pages, L->name_cap_bo, need, 16))
		return -1;
	return 0;
}

/* Does entry @o of "objects" define @name (itself, or NAME<i> with "count")? */
static bool entry_defines(const cJSON *o, const char *name)
{
	const cJSON *n = load_member(o, "name"), *c = load_member(o, "count");
	size_t len;

	if (!cJSON_IsString(n))
		return false;
	if (!c)
		return !strcmp(n->valuestring, name);
	len = strlen(n->valuestring);
	if (strncmp(n->valuestring, name, len) || !name[len])
		return false;

	const char *p = name + len;
	char *end;
	unsigned long long i = strtoull(p, &end, 10);

	return !*end && (p[0] != '0' || !p[1]) && cJSON_IsNumber(c) && (double)i < c->valuedouble;
}

/* A second definition of object @name: point at both. */
static int dup_object(struct ld *L, const cJSON *arr, const cJSON *e, const char *name)
{
	unsigned line = 0, col = 0;
	struct text_clip c;

	for (const cJSON *o = arr->child; o && o != e; o = o->next) {
		if (entry_defines(o, name)) {
			jpos_where(L->doc, load_member(o, "name"), &line, &col);
			break;
		}
	}
	if (line)
		return load_fail(L, load_member(e, "name"),
				 "object \"%s\" is defined twice (first at "
				 "line %u, column %u)",
				 text_clip(&c, name), line, col);
	return load_fail(L, load_member(e, "name"), "object \"%s\" is defined twice",
			 text_clip(&c, name));
}

/*
 * "heap" and "shrinker" of an object or a create event: a heap object
 * (panfrost), and whether the driver hands the object to the shrinker
 * (v19: drm_gem_object_funcs.evict is set; "shrinker": false is an object
 * like the KUnit suite's, with the helper's default funcs).
 */
int load_get_create_flags(struct ld *L, const cJSON *e, uint8_t *flags)
{
	*flags = 0;
	return load_opt_flag(L, e, "heap", true, SIM_EV_HEAP, flags) ||
			       load_opt_flag(L, e, "shrinker", false, SIM_EV_NO_SHRINKER, flags) ?
		       -1 :
		       0;
}

/*
 * An entry of "objects" defines one object, or with "count": N the objects
 * NAME0 .. NAME<N-1>, all of the same size.
 */
int load_objects(struct ld *L, const cJSON *d)
{
	static const char *const keys[] = { "name",     "size",  "pages", "heap",
					    "shrinker", "count", NULL };
	struct scenario *sc = L->sc;
	const cJSON *e;

	if (!d)
		return 0;
	if (load_want_array(L, d, "\"objects\""))
		return -1;
	cJSON_ArrayForEach(e, d)
	{
		const cJSON *nv;
		uint64_t pages, count = 0;
		uint8_t flags;
		const char *name;

		if (load_want_object(L, e, "an object") || load_check_keys(L, e, "an object", keys))
			return -1;
		if (!(nv = load_member(e, "name")))
			return load_fail(L, e, "an object needs a \"name\"");
		if (load_check_name(L, nv, "name", &name))
			return -1;
		snprintf(L->where, sizeof(L->where), "object \"%s\"", name);
		if (load_get_size_pages(L, e, L->where, LOAD_MAX_OBJECT_PAGES, true, &pages))
			return -1;
		if (load_get_create_flags(L, e, &flags))
			return -1;
		if (load_member(e, "count") &&
		    load_get_uint(L, load_member(e, "count"), "count", 1,
				  LOAD_MAX_NAMES - sc->nnames[SIM_K_BO], &count))
			return -1;
		if (count) {
			/* the last name, NAME<count-1>, must fit the limit too */
			int n = snprintf(NULL, 0, "%s%llu", name, (unsigned long long)(count - 1));

			if (n > LOAD_MAX_NAME_LEN)
				return load_fail(L, load_member(e, "count"),
						 "\"count\": %llu makes "
						 "names of up to %d bytes (\"%s\" and a number to "
						 "%llu), more than the limit of %d",
						 (unsigned long long)count, n, name,
						 (unsigned long long)(count - 1),
						 LOAD_MAX_NAME_LEN);
		}
		for (uint64_t i = 0; i < (count ? count : 1); i++) {
			char buf[LOAD_MAX_NAME_LEN + 24];
			uint32_t slot;

			if (count)
				snprintf(buf, sizeof(buf), "%s%llu", name, (unsigned long long)i);
			else
				snprintf(buf, sizeof(buf), "%s", name);
			if (scenario_find(sc, SIM_K_BO, buf) != SIM_NONE)
				return dup_object(L, d, e, buf);
			slot = scenario_slot(sc, SIM_K_BO, buf);
			if (slot == SIM_NONE || load_grow_bo_arrays(L))
				return load_fail(L, e, "out of memory");
			sc->bo_pages[slot] = pages;
			sc->bo_flags[slot] = flags;
		}
	}
	return 0;
}
