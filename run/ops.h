/* SPDX-License-Identifier: MIT */
/*
 * run/ops.h - the scenario ops, one row each (run/ops.c): what
 * the loader, the runner, `gemsim list ops` and the schema know of an op.
 */
#ifndef GEMSIM_SIM_OPS_H
#define GEMSIM_SIM_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/scenario.h"
#include "sim/sim.h"

struct cJSON;
struct ld;

/* Which slot or number an event's one-line description names (run_describe_event()). */
enum ops_subject {
	OPS_NAMES_BO,    /* a: the object ("?" when unset) */
	OPS_NAMES_MAP,   /* b: the mapping */
	OPS_NAMES_BUF,   /* b: the dma-buf */
	OPS_NAMES_ATT,   /* c: the attachment */
	OPS_NAMES_VM,    /* b: the GPU VM */
	OPS_NAMES_PAGES, /* x: a number of pages */
	OPS_NAMES_NR,    /* x: the shrinker's nr_to_scan */
};

/**
 * struct ops_desc - one scenario op.
 * @name: its name in a scenario ("op": NAME).
 * @doc: what it models, one line (`gemsim list ops`, docs/format.md "Events").
 * @keys: the keys it takes besides "at", "op" and "ret", NULL-terminated.
 * @defines: the key that names a thing the event makes, or NULL.
 * @defines_kind: the namespace of that name.
 * @subject: what its description names.
 * @ret_bool: it returns true or false ("ret": true/false; madvise).
 * @rets: the results its model call may give (OPS_RET() bits of enum
 *        sim_ret, from the call's kernel-doc in gem/ and gpu/); the soak
 *        flags any other.
 * @load: read the op's keys into @e (run/load_events.c has set
 *        L->where and the common fields); names are resolved already.
 *        Returns 0 or -1 with the error filled.
 * @run: run @e against the model.  Returns what the model's call returns.
 */
struct ops_desc {
	const char *name;
	const char *doc;
	const char *const *keys;
	const char *defines;
	enum sim_kind defines_kind;
	enum ops_subject subject;
	bool ret_bool;
	unsigned rets;
	int (*load)(struct ld *L, const struct cJSON *ev, struct sim_event *e);
	int (*run)(struct sim *s, const struct scenario *sc, const struct sim_event *e);
};

#define OPS_RET(r) (1u << SIM_RET_##r)

/* Row i is the op SIM_OP_i (enum sim_op in sim/scenario.h). */
extern const struct ops_desc ops_table[SIM_OP_COUNT];

/**
 * ops_find() - the op called @name.
 * Returns: its enum sim_op, or -1 when no op has that name.
 */
int ops_find(const char *name);

/**
 * ops_result() - what the model's return value @r of op @op is as a "ret".
 * Returns: SIM_RET_TRUE or SIM_RET_FALSE for a true/false op, SIM_RET_OK for
 * another success, the error's name otherwise (SIM_RET_EINVAL for a code
 * "ret" cannot name).
 */
enum sim_ret ops_result(enum sim_op op, int r);

/** ops_names() - fill @names[SIM_OP_COUNT] with every op's name, in order. */
void ops_names(const char *names[SIM_OP_COUNT]);

#endif
