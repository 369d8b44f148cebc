/* SPDX-License-Identifier: MIT */
/*
 * output/dump.h - the state of every object at one moment (`gemsim run
 * --dump-at TIME`): counts, madv, residency, list, mappings, as a text
 * table or as JSON.
 */
#ifndef GEMSIM_SIM_DUMP_H
#define GEMSIM_SIM_DUMP_H

#include <stdio.h>

#include "base/jsonw.h"
#include "sim/sim.h"

/** dump_text() - print the memory totals and one line per live object to
 * @f, as of time @at (everything due at or before it has run). */
void dump_text(struct sim *s, FILE *f, sim_ns at);

/** dump_json() - write the same as one JSON object to @w. */
void dump_json(struct sim *s, struct jsonw *w, sim_ns at);

#endif
