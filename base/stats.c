// SPDX-License-Identifier: MIT
/*
 * base/stats.c - the counter table generated from SIM_STATS.
 */
#include <string.h>

#include "base/stats.h"

const struct stats_desc sim_stat_descs[] = {
#define SIM_STAT_DESC(name, doc) { #name, doc, offsetof(struct sim_stats, name) },
	SIM_STATS(SIM_STAT_DESC)
#undef SIM_STAT_DESC
};

const size_t sim_stat_count = sizeof(sim_stat_descs) / sizeof(sim_stat_descs[0]);

const struct stats_desc *stats_find(const char *name)
{
	for (size_t i = 0; i < sim_stat_count; i++)
		if (!strcmp(sim_stat_descs[i].name, name))
			return &sim_stat_descs[i];
	return NULL;
}
