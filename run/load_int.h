/* SPDX-License-Identifier: MIT */
/*
 * run/load_int.h - the scenario loader's insides, shared by its parts (not
 * for the rest of gemsim, which uses run/load.h):
 *
 *   run/load.c            entry points, --set overrides, the top-level walk
 *                                of the document, captions and the final sort;
 *   run/load_helpers.c    error messages with positions, key checks,
 *                                scalar values (numbers, times, sizes, addresses)
 *                                and the name tables (define, resolve);
 *   run/load_policy.c     "memory", "model", "policy" and "costs";
 *   run/load_objects.c    "devices", "vms" and "objects";
 *   run/load_events.c     "events" and "expect";
 *   run/ops.c             each op's keys, read into its event (and
 *                                how it runs: its row of ops_table[]);
 *   run/load_workloads.c  "workloads".
 */
#ifndef SIM_LOAD_INT_H
#define SIM_LOAD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "base/jsonpos.h"
#include "run/load.h"

/* A value that a --set put into the tree, and the --set that put it there. */
struct ld_set {
	const cJSON *node;
	const char *set;
};

struct ld {
	const char *file;
	struct jpos_doc *doc;
	struct sim_error *err;
	struct scenario *sc;
	uint32_t nevents_cap;
	uint32_t nlists_cap;
	uint32_t nchecks_cap;
	uint32_t name_cap_bo; /* capacity of the per-bo arrays */
	char where[96];       /* the event being loaded, for messages: a "pin" event */
	struct ld_set *sets;  /* values added by --set, to name them in errors */
	size_t nsets;
};

/* A JSON number as short as it can be written and still read back the same. */
struct numtext {
	char s[32];
};

/* How to write each kind of quantity, for a text that is not a number at all. */
#define HINT_TIME "a time is a number and a unit, such as \"1.5ms\""
#define HINT_SIZE "a size is bytes, or a number and a unit, such as \"64KiB\""
#define HINT_ADDR "an address is decimal digits or a hex string such as \"0x100000\""

/* load_helpers.c */
bool load_subtree_has(const cJSON *top, const cJSON *node);
__attribute__((format(printf, 3, 4))) int load_fail(struct ld *L, const cJSON *node,
						    const char *fmt, ...);
__attribute__((format(printf, 3, 4))) int load_fail_key(struct ld *L, const cJSON *node,
							const char *fmt, ...);
const char *load_type_name(const cJSON *v);
int load_check_keys(struct ld *L, const cJSON *obj, const char *where, const char *const *allowed);
int load_want_object(struct ld *L, const cJSON *v, const char *what);
int load_want_array(struct ld *L, const cJSON *v, const char *what);
const cJSON *load_member(const cJSON *obj, const char *key);
const char *load_num(struct numtext *t, double d);
int load_get_uint(struct ld *L, const cJSON *v, const char *what, uint64_t min, uint64_t max,
		  uint64_t *out);
int load_get_bool(struct ld *L, const cJSON *v, const char *what, bool *out);
/* an optional true/false @key of @obj into *@out (left alone when absent) */
int load_opt_bool(struct ld *L, const cJSON *obj, const char *key, bool *out);
/* Optional boolean @key of @obj: when present and equal to @when, @flag is
 * or'ed into *@flags; absent, *@flags is left alone. */
int load_opt_flag(struct ld *L, const cJSON *obj, const char *key, bool when, uint8_t flag,
		  uint8_t *flags);
int load_get_string(struct ld *L, const cJSON *v, const char *what, const char **out);
int load_get_enum(struct ld *L, const cJSON *v, const char *what, const char *const *names,
		  unsigned n, unsigned *out);
int load_get_time(struct ld *L, const cJSON *v, const char *what, sim_ns *out);
int load_get_addr(struct ld *L, const cJSON *v, const char *what, uint64_t *out);
int load_get_size_value(struct ld *L, const cJSON *sv, const char *what, uint64_t max_pages,
			uint64_t *out);
int load_get_size_pages(struct ld *L, const cJSON *obj, const char *where, uint64_t max_pages,
			bool required, uint64_t *out);
extern const char *const load_kind_defined[SIM_K_COUNT];
const char *load_near_names(const struct ld *L, enum sim_kind kind, const char *name, char *buf,
			    size_t len);
int load_check_name(struct ld *L, const cJSON *v, const char *what, const char **out);
int load_define(struct ld *L, const cJSON *v, enum sim_kind kind, const char *what, uint32_t *slot);
int load_define_entry(struct ld *L, const cJSON *arr, const cJSON *e, enum sim_kind kind,
		      uint32_t *slot);
int load_resolve(struct ld *L, const cJSON *obj, const char *key, enum sim_kind kind,
		 uint32_t *slot);

/* load_policy.c */
int load_memory(struct ld *L, const cJSON *root);
int load_model(struct ld *L, const cJSON *m);
int load_pick_kernel(struct ld *L, const cJSON *v, const cJSON **out);
int load_policy(struct ld *L, const cJSON *p);
int load_costs(struct ld *L, const cJSON *c);

/* load_objects.c */
int load_devices(struct ld *L, const cJSON *d);
int load_vms(struct ld *L, const cJSON *d);
int load_grow_bo_arrays(struct ld *L);
int load_get_create_flags(struct ld *L, const cJSON *e, uint8_t *flags);
int load_objects(struct ld *L, const cJSON *d);

/* load_events.c */
int load_define_event_names(struct ld *L, const cJSON *ev);
int load_add_event(struct ld *L, struct sim_event **out);
int load_event(struct ld *L, const cJSON *ev);
int load_expect(struct ld *L, const cJSON *d);

/* load_workloads.c */
int load_workloads(struct ld *L, const cJSON *d);

#endif /* SIM_LOAD_INT_H */
