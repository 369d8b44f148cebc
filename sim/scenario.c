// SPDX-License-Identifier: MIT
/*
 * sim/scenario.c - the loaded scenario: name tables, result names,
 * freeing.  The JSON loader itself is run/load.c.
 */
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "sim/scenario.h"

const char *const sim_ret_names[SIM_RET_COUNT] = {
	[SIM_RET_ANY] = "any",
	[SIM_RET_OK] = "ok",
	[SIM_RET_ENOMEM] = "ENOMEM",
	[SIM_RET_EBUSY] = "EBUSY",
	[SIM_RET_EINVAL] = "EINVAL",
	[SIM_RET_SIGBUS] = "SIGBUS",
	[SIM_RET_VM_FAULT_OOM] = "VM_FAULT_OOM",
	[SIM_RET_TRUE] = "true",
	[SIM_RET_FALSE] = "false",
	[SIM_RET_ENOENT] = "ENOENT",
	[SIM_RET_EFAULT] = "EFAULT",
	[SIM_RET_ENOSPC] = "ENOSPC",
};

const char *scenario_name(const struct scenario *sc, enum sim_kind kind, uint32_t idx)
{
	if (!sc || idx >= sc->nnames[kind])
		return NULL;
	return sc->names[kind][idx];
}

/* FNV-1a: names are short, and the table only needs a decent spread. */
static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

uint32_t scenario_find(const struct scenario *sc, enum sim_kind kind, const char *name)
{
	uint32_t cap = sc->hash_cap[kind];

	if (!cap)
		return SIM_NONE;
	for (uint32_t i = name_hash(name) & (cap - 1);; i = (i + 1) & (cap - 1)) {
		uint32_t v = sc->name_hash[kind][i];

		if (!v)
			return SIM_NONE;
		if (!strcmp(sc->names[kind][v - 1], name))
			return v - 1;
	}
}

static void hash_insert(struct scenario *sc, enum sim_kind kind, uint32_t slot)
{
	uint32_t cap = sc->hash_cap[kind];
	uint32_t i = name_hash(sc->names[kind][slot]) & (cap - 1);

	while (sc->name_hash[kind][i])
		i = (i + 1) & (cap - 1);
	sc->name_hash[kind][i] = slot + 1;
}

static int hash_grow(struct scenario *sc, enum sim_kind kind)
{
	uint32_t cap = sc->hash_cap[kind] ? sc->hash_cap[kind] * 2 : 64;
	uint32_t *h = calloc(cap, sizeof(*h));

	if (!h)
		return -1;
	free(sc->name_hash[kind]);
	sc->name_hash[kind] = h;
	sc->hash_cap[kind] = cap;
	for (uint32_t i = 0; i < sc->nnames[kind]; i++)
		hash_insert(sc, kind, i);
	return 0;
}

uint32_t scenario_slot(struct scenario *sc, enum sim_kind kind, const char *name)
{
	uint32_t i = scenario_find(sc, kind, name);

	if (i != SIM_NONE)
		return i;
	if (grow_array(sc->names[kind], sc->cap_names[kind], (uint64_t)sc->nnames[kind] + 1, 16))
		return SIM_NONE;
	/* Keep the table at most half full. */
	if (2 * (sc->nnames[kind] + 1) > sc->hash_cap[kind] && hash_grow(sc, kind))
		return SIM_NONE;

	char *copy = strdup(name);

	if (!copy)
		return SIM_NONE;
	sc->names[kind][sc->nnames[kind]] = copy;
	hash_insert(sc, kind, sc->nnames[kind]);
	return sc->nnames[kind]++;
}

size_t scenario_inputs(const struct scenario *sc, const char **out, size_t max)
{
	size_t n = 0;

	if (n < max)
		out[n++] = sc->file;
	for (uint32_t i = 0; i < sc->nworkloads && n < max; i++)
		if (sc->workloads[i].trace)
			out[n++] = sc->workloads[i].trace;
	return n;
}

void scenario_free(struct scenario *sc)
{
	if (!sc)
		return;
	for (int k = 0; k < SIM_K_COUNT; k++) {
		for (uint32_t i = 0; i < sc->nnames[k]; i++)
			free(sc->names[k][i]);
		free(sc->names[k]);
		free(sc->name_hash[k]);
	}
	for (uint32_t i = 0; i < sc->nchecks; i++)
		free(sc->checks[i].text);
	for (uint32_t i = 0; i < sc->ncaptions; i++)
		free(sc->captions[i].text);
	free(sc->captions);
	free(sc->file);
	free(sc->name);
	free(sc->description);
	free(sc->headline);
	free(sc->bo_pages);
	free(sc->bo_flags);
	free(sc->events);
	free(sc->bo_lists);
	free(sc->expects);
	free(sc->checks);
	for (uint32_t i = 0; i < sc->nworkloads; i++)
		free(sc->workloads[i].trace);
	free(sc->workloads);
	free(sc->wl_objs);
	free(sc->devices);
	free(sc->vms);
	free(sc);
}
