// SPDX-License-Identifier: MIT
/*
 * run/load_events.c - the scenario loader's "events" (the names they
 * define, then each event with its names resolved) and "expect" (the
 * checks a run must pass).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/load_int.h"
#include "run/ops.h"
#include "base/grow.h"
#include "base/suggest.h"
#include "base/text.h"
#include "base/units.h"

/* ---- events -------------------------------------------------------------- */

static int find_op(struct ld *L, const cJSON *ev, enum sim_op *op)
{
	const cJSON *v = load_member(ev, "op");
	const char *names[SIM_OP_COUNT];
	const char *name;
	struct text_clip c;
	char near[400];
	int i;

	if (!v)
		return load_fail(L, ev, "an event needs an \"op\"");
	if (load_get_string(L, v, "op", &name))
		return -1;
	i = ops_find(name);
	if (i >= 0) {
		*op = (enum sim_op)i;
		return 0;
	}
	ops_names(names);
	return load_fail(L, v, "unknown op \"%s\" (%s)", text_clip(&c, name),
			 suggest_nearest(name, "ops", names, SIM_OP_COUNT, near, sizeof(near)));
}

/* First pass: names that events define. */
int load_define_event_names(struct ld *L, const cJSON *ev)
{
	enum sim_op op;
	uint32_t slot;

	if (load_want_object(L, ev, "an event") || find_op(L, ev, &op))
		return -1;

	const struct ops_desc *d = &ops_table[op];
	const cJSON *v;

	if (!d->defines || !(v = load_member(ev, d->defines)))
		return 0;
	if (load_define(L, v, d->defines_kind, d->defines, &slot))
		return -1;
	if (d->defines_kind == SIM_K_BO && load_grow_bo_arrays(L))
		return load_fail(L, v, "out of memory");
	return 0;
}

static int parse_ret(struct ld *L, const cJSON *v, enum sim_op op, uint8_t *ret)
{
	if (cJSON_IsBool(v)) {
		if (!ops_table[op].ret_bool)
			return load_fail(L, v,
					 "\"ret\": true/false is only for madvise; use \"ok\" "
					 "or an error name");
		*ret = cJSON_IsTrue(v) ? SIM_RET_TRUE : SIM_RET_FALSE;
		return 0;
	}
	if (!cJSON_IsString(v))
		return load_fail(L, v,
				 "\"ret\" must be a result name such as \"ok\" or \"ENOMEM\", "
				 "got %s",
				 load_type_name(v));
	for (int i = SIM_RET_OK; i < SIM_RET_COUNT; i++) {
		if (i == SIM_RET_TRUE || i == SIM_RET_FALSE)
			continue;
		if (!strcmp(v->valuestring, sim_ret_names[i])) {
			*ret = (uint8_t)i;
			return 0;
		}
	}
	struct text_clip c;

	return load_fail(L, v,
			 "unknown result \"%s\" (expected ok, ENOMEM, EBUSY, EINVAL, SIGBUS, "
			 "VM_FAULT_OOM, ENOENT, EFAULT, ENOSPC, or true/false for madvise)",
			 text_clip(&c, v->valuestring));
}

int load_add_event(struct ld *L, struct sim_event **out)
{
	struct scenario *sc = L->sc;

	if (sc->nevents >= LOAD_MAX_EVENTS)
		return -1;
	if (grow_array(sc->events, L->nevents_cap, (uint64_t)sc->nevents + 1, 64))
		return -1;
	*out = &sc->events[sc->nevents];
	memset(*out, 0, sizeof(**out));
	sc->nevents++;
	return 0;
}

/* Second pass: one event, names resolved. */
int load_event(struct ld *L, const cJSON *ev)
{
	static const char *const common[] = { "at", "op", "ret" };
	struct sim_event *e;
	enum sim_op op;
	const char *const *keys;
	const char *allowed[16];
	size_t n = 0;
	unsigned line = 0, col = 0;
	const cJSON *v;

	if (find_op(L, ev, &op))
		return -1;
	keys = ops_table[op].keys;
	for (size_t i = 0; i < 3; i++)
		allowed[n++] = common[i];
	for (; *keys && n < 15; keys++)
		allowed[n++] = *keys;
	allowed[n] = NULL;

	snprintf(L->where, sizeof(L->where), "a \"%s\" event", ops_table[op].name);
	if (load_check_keys(L, ev, L->where, allowed))
		return -1;
	if (load_add_event(L, &e))
		return load_fail(L, ev, "too many events (limit %u) or out of memory",
				 LOAD_MAX_EVENTS);
	e->op = (uint16_t)op;
	e->ret = SIM_RET_ANY;
	e->a = e->b = e->c = SIM_NONE;
	jpos_where(L->doc, ev, &line, &col);
	e->line = line;
	e->col = col;

	if (!load_member(ev, "at"))
		return load_fail(L, ev, "%s needs \"at\"", L->where);
	if (load_get_time(L, load_member(ev, "at"), "at", &e->at))
		return -1;
	if ((v = load_member(ev, "ret")) &&
	    (load_pick_kernel(L, v, &v) || (v && parse_ret(L, v, op, &e->ret))))
		return -1;

	return ops_table[op].load(L, ev, e);
}

/* ---- expectations -------------------------------------------------------- */

#define EXPECT_STAT_NAMES_MAX 256 /* more than the counters of base/stats.h */

static const struct {
	const char *field;
	enum sim_key key;
	bool boolean;
} bo_fields[] = {
	{ "size_pages", SIM_KEY_BO_SIZE_PAGES, false },
	{ "pages_use_count", SIM_KEY_BO_PAGES_USE_COUNT, false },
	{ "pages_pin_count", SIM_KEY_BO_PAGES_PIN_COUNT, false },
	{ "vmap_use_count", SIM_KEY_BO_VMAP_USE_COUNT, false },
	{ "madv", SIM_KEY_BO_MADV, false },
	{ "evicted", SIM_KEY_BO_EVICTED, true },
	{ "has_pages", SIM_KEY_BO_HAS_PAGES, true },
	{ "has_sgt", SIM_KEY_BO_HAS_SGT, true },
	{ "resident_pages", SIM_KEY_BO_RESIDENT_PAGES, false },
	{ "swapped_pages", SIM_KEY_BO_SWAPPED_PAGES, false },
	{ "purgeable", SIM_KEY_BO_PURGEABLE, true },
	{ "evictable", SIM_KEY_BO_EVICTABLE, true },
};

static int parse_madv(struct ld *L, const cJSON *v, const char *key, int64_t *out)
{
	struct text_clip c;

	if (cJSON_IsString(v)) {
		if (!strcmp(v->valuestring, "willneed"))
			*out = 0;
		else if (!strcmp(v->valuestring, "dontneed"))
			*out = 1;
		else if (!strcmp(v->valuestring, "purged"))
			*out = -1;
		else
			return load_fail(L, v,
					 "\"%s\" must be \"willneed\", \"dontneed\" or \"purged\", "
					 "got \"%s\"",
					 key, text_clip(&c, v->valuestring));
		return 0;
	}
	return load_fail(L, v, "\"%s\" must be \"willneed\", \"dontneed\" or \"purged\", got %s",
			 key, load_type_name(v));
}

/*
 * Every numeric key counts something (pages, references, events), so a
 * negative or fractional value could never match: refuse it here rather
 * than let the expectation fail at run time for a reason nobody sees.
 */
static int parse_number(struct ld *L, const cJSON *v, const char *key, bool boolean, int64_t *out)
{
	struct numtext t;

	if (boolean) {
		if (!cJSON_IsBool(v))
			return load_fail(L, v, "\"%s\" must be compared with true or false, got %s",
					 key, load_type_name(v));
		*out = cJSON_IsTrue(v);
		return 0;
	}
	if (!cJSON_IsNumber(v))
		return load_fail(L, v,
				 "\"%s\" must be compared with a number or {\"min\", \"max\"}, "
				 "got %s",
				 key, load_type_name(v));

	double d = v->valuedouble;

	/* Range first: converting an out-of-range double to an integer is undefined. */
	if (d != d || d < 0 || d > (double)UNITS_NUM_MAX || d != (double)(int64_t)d)
		return load_fail(L, v,
				 "\"%s\" is a count: compare it with a whole number from 0 to "
				 "2^53, not %s",
				 key, load_num(&t, d));
	*out = (int64_t)d;
	return 0;
}

static int parse_check_value(struct ld *L, const cJSON *v, const char *key, bool boolean, bool madv,
			     struct sim_check *c)
{
	static const char *const rkeys[] = { "min", "max", NULL };

	if (cJSON_IsObject(v) && !boolean && !madv) {
		char where[TEXT_CLIP_MAX * 4 + 32];

		snprintf(where, sizeof(where), "the range of \"%s\"", key);
		if (load_check_keys(L, v, where, rkeys))
			return -1;
		if (!load_member(v, "min") && !load_member(v, "max"))
			return load_fail(L, v, "%s needs \"min\" and/or \"max\"", where);
		if (load_member(v, "min")) {
			if (parse_number(L, load_member(v, "min"), key, false, &c->min))
				return -1;
			c->has_min = 1;
		}
		if (load_member(v, "max")) {
			if (parse_number(L, load_member(v, "max"), key, false, &c->max))
				return -1;
			c->has_max = 1;
		}
		if (c->has_min && c->has_max && c->min > c->max)
			return load_fail(L, v, "\"%s\": range min %lld is above max %lld", key,
					 (long long)c->min, (long long)c->max);
		return 0;
	}
	if (madv ? parse_madv(L, v, key, &c->min) : parse_number(L, v, key, boolean, &c->min))
		return -1;
	c->max = c->min;
	c->has_min = c->has_max = 1;
	return 0;
}

/* "stats.NAME": a counter of base/stats.h. */
static int parse_stat_key(struct ld *L, const cJSON *m, const char *key, struct sim_check *c)
{
	const struct stats_desc *d = stats_find(key + 6);
	const char *names[EXPECT_STAT_NAMES_MAX];
	struct text_clip ck, cn;
	char near[512];
	size_t k;

	if (d) {
		c->key = SIM_KEY_STAT;
		c->slot = (uint32_t)(d - sim_stat_descs);
		return 0;
	}
	for (k = 0; k < sim_stat_count && k < EXPECT_STAT_NAMES_MAX; k++)
		names[k] = sim_stat_descs[k].name;
	suggest_nearest(key + 6, "counters", names, k, near, sizeof(near));
	/* the near name only: `gemsim list stats` has them all */
	if (strncmp(near, "did you mean", 12) || !strchr(near, '?'))
		near[0] = '\0';
	else
		strcpy(strchr(near, '?') + 1, " ");
	return load_fail_key(L, m,
			     "unknown counter \"%s\" in \"%s\" (%s`gemsim list "
			     "stats` lists them)",
			     text_clip(&cn, key + 6), text_clip(&ck, key), near);
}

#define NBO_FIELDS (sizeof(bo_fields) / sizeof(bo_fields[0]))

/* OBJECT.FIELD or VM.FIELD whose name part is @n bytes; a wrong one is named in the error. */
static int parse_thing_key(struct ld *L, const cJSON *m, const char *key, size_t n,
			   struct sim_check *c, bool *boolean, bool *madv)
{
	struct scenario *sc = L->sc;
	const char *field = key + n + 1;
	char name[LOAD_MAX_NAME_LEN + 1], near[512];
	uint32_t bo = SIM_NONE, vm = SIM_NONE;
	const char *names[NBO_FIELDS];
	struct text_clip ck, cn;
	size_t i = NBO_FIELDS;

	/* A name longer than any name can be is simply not defined. */
	if (n <= LOAD_MAX_NAME_LEN) {
		memcpy(name, key, n);
		name[n] = '\0';
		bo = scenario_find(sc, SIM_K_BO, name);
		vm = scenario_find(sc, SIM_K_VM, name);
	}
	if (bo != SIM_NONE)
		for (i = 0; i < NBO_FIELDS && strcmp(bo_fields[i].field, field); i++)
			;
	if (bo != SIM_NONE && i < NBO_FIELDS) {
		c->key = (uint16_t)bo_fields[i].key;
		*boolean = bo_fields[i].boolean;
		*madv = bo_fields[i].key == SIM_KEY_BO_MADV;
		c->slot = bo;
		return 0;
	}
	if (vm != SIM_NONE && !strcmp(field, "mapped_pages")) {
		c->key = SIM_KEY_VM_MAPPED_PAGES;
		c->slot = vm;
		return 0;
	}
	if (bo != SIM_NONE) {
		for (i = 0; i < NBO_FIELDS; i++)
			names[i] = bo_fields[i].field;
		suggest_nearest(field, "expected one of", names, i, near, sizeof(near));
		return load_fail_key(L, m, "unknown object field \"%s\" in \"%s\" (%s)",
				     text_clip(&cn, field), text_clip(&ck, key), near);
	}
	if (vm != SIM_NONE)
		return load_fail_key(L, m,
				     "unknown VM field \"%s\" in \"%s\" (expected "
				     "mapped_pages)",
				     text_clip(&cn, field), text_clip(&ck, key));

	/* Print the name part only: text_clip() of the whole key would cut it. */
	char part[TEXT_CLIP_MAX + 1];

	snprintf(part, sizeof(part), "%.*s", (int)(n < TEXT_CLIP_MAX ? n : TEXT_CLIP_MAX), key);
	text_clip(&cn, part);
	return load_fail_key(L, m, "\"%s\": no object or VM is named \"%s%s\" (%s)",
			     text_clip(&ck, key), cn.s, n > TEXT_CLIP_MAX ? "..." : "",
			     load_near_names(L, SIM_K_BO, part, near, 240));
}

static int parse_check(struct ld *L, const cJSON *m, const cJSON *val, struct sim_check *c)
{
	struct scenario *sc = L->sc;
	const char *key = m->string;
	const char *dot = strchr(key, '.');
	bool boolean = false, madv = false;
	struct text_clip ck;

	if (!strcmp(key, "violations") || !strcmp(key, "warnings")) {
		c->key = key[0] == 'v' ? SIM_KEY_VIOLATIONS : SIM_KEY_WARNINGS;
		if (key[0] == 'v')
			sc->expects_violations = true;
		else
			sc->expects_warnings = true;
	} else if (!dot || dot == key) {
		return load_fail_key(L, m,
				     "unknown expectation key \"%s\" (expected OBJECT.FIELD, "
				     "VM.mapped_pages, stats.NAME, violations or warnings)",
				     text_clip(&ck, key));
	} else if (!strncmp(key, "stats.", 6)) {
		if (parse_stat_key(L, m, key, c))
			return -1;
	} else if (parse_thing_key(L, m, key, (size_t)(dot - key), c, &boolean, &madv)) {
		return -1;
	}
	c->text = strdup(key);
	if (!c->text)
		return load_fail(L, m, "out of memory");
	jpos_key_where(L->doc, m, &c->line, &c->col);
	return parse_check_value(L, val, text_clip(&ck, key), boolean, madv, c);
}

/* An expectation's "at": a time, or "end" (handled by the caller). */
static int get_expect_time(struct ld *L, const cJSON *at, sim_ns *out)
{
	const char *why = NULL;
	uint64_t ns;
	struct text_clip c;

	if (cJSON_IsNumber(at))
		return load_get_time(L, at, "at", out);
	if (!cJSON_IsString(at))
		return load_fail(L, at, "\"at\" must be a time or \"end\", got %s",
				 load_type_name(at));
	if (units_time_str(at->valuestring, &ns, &why))
		return load_fail(L, at, "\"at\" must be a time or \"end\", got \"%s\": %s%s",
				 text_clip(&c, at->valuestring), why,
				 strcmp(why, "not a number") ? "" : " (" HINT_TIME ")");
	*out = ns;
	return 0;
}

int load_expect(struct ld *L, const cJSON *d)
{
	static const char *const keys[] = { "at", "that", NULL };
	struct scenario *sc = L->sc;
	const cJSON *e;

	if (!d)
		return 0;
	if (load_want_array(L, d, "\"expect\""))
		return -1;

	int n = cJSON_GetArraySize(d);

	if ((unsigned)n > LOAD_MAX_EVENTS)
		return load_fail(L, d, "too many expectations (limit %u)", LOAD_MAX_EVENTS);
	sc->expects = calloc((size_t)(n ? n : 1), sizeof(*sc->expects));
	if (!sc->expects)
		return load_fail(L, d, "out of memory");
	cJSON_ArrayForEach(e, d)
	{
		struct sim_expect *x = &sc->expects[sc->nexpects];
		const cJSON *at, *that, *m;

		memset(x, 0, sizeof(*x)); /* may hold one skipped for the other kernel */
		if (load_want_object(L, e, "an expectation") ||
		    load_check_keys(L, e, "an expectation", keys))
			return -1;
		at = load_member(e, "at");
		that = load_member(e, "that");
		if (!at)
			return load_fail(L, e, "an expectation needs \"at\" (a time or \"end\")");
		if (!that)
			return load_fail(L, e, "an expectation needs \"that\": {KEY: VALUE}");
		if (cJSON_IsString(at) && !strcmp(at->valuestring, "end"))
			x->at_end = true;
		else if (get_expect_time(L, at, &x->at))
			return -1;
		if (load_want_object(L, that, "\"that\""))
			return -1;
		jpos_where(L->doc, e, &x->line, &x->col);
		x->first = sc->nchecks;
		bool other_kernel = false;

		cJSON_ArrayForEach(m, that)
		{
			const cJSON *val;

			if (!strncmp(m->string, "x-", 2))
				continue;
			if (load_pick_kernel(L, m, &val))
				return -1;
			if (!val) {
				/* a value for the other kernel only */
				other_kernel = true;
				continue;
			}
			if (grow_array(sc->checks, L->nchecks_cap, (uint64_t)sc->nchecks + 1, 32))
				return load_fail(L, m, "out of memory");
			memset(&sc->checks[sc->nchecks], 0, sizeof(sc->checks[0]));
			sc->nchecks++;
			if (parse_check(L, m, val, &sc->checks[sc->nchecks - 1]))
				return -1;
		}
		x->count = sc->nchecks - x->first;
		if (!x->count && other_kernel)
			continue;
		if (!x->count)
			return load_fail(L, that, "\"that\" is empty");
		sc->nexpects++;
	}
	return 0;
}
