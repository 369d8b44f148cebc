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
#include "base/suggest.h"
#include "base/text.h"
#include "base/units.h"

/* ---- events -------------------------------------------------------------- */

/* Keys each op takes besides "at", "op" and "ret". */
static const char *const *op_keys(enum sim_op op)
{
	static const char *const k_bo[] = { "bo", NULL };
	static const char *const k_create[] = { "bo", "size", "pages", "heap", "shrinker", NULL };
	static const char *const k_vmap_access[] = { "bo", "page", NULL };
	static const char *const k_mmap[] = { "bo", "map", "private", NULL };
	static const char *const k_map[] = { "map", NULL };
	static const char *const k_fork[] = { "map", "child", NULL };
	static const char *const k_cpu[] = { "map", "page", "pages", "write", NULL };
	static const char *const k_madvise[] = { "bo", "advice", NULL };
	static const char *const k_gpu_map[] = { "vm", "bo", "va", NULL };
	static const char *const k_gpu_unmap[] = { "vm", "bo", NULL };
	static const char *const k_submit[] = { "vm", "bos", "duration", "name", NULL };
	static const char *const k_gpu_access[] = { "vm", "va", "write", NULL };
	static const char *const k_export[] = { "bo", "buf", NULL };
	static const char *const k_attach[] = { "buf", "device", "att", NULL };
	static const char *const k_att[] = { "att", NULL };
	static const char *const k_pages[] = { "pages", NULL };
	static const char *const k_shrink[] = { "nr", NULL };

	switch (op) {
	case SIM_OP_CREATE: return k_create;
	case SIM_OP_VMAP_ACCESS: return k_vmap_access;
	case SIM_OP_MMAP: return k_mmap;
	case SIM_OP_MUNMAP: return k_map;
	case SIM_OP_FORK: return k_fork;
	case SIM_OP_CPU_ACCESS: return k_cpu;
	case SIM_OP_MADVISE: return k_madvise;
	case SIM_OP_GPU_MAP: return k_gpu_map;
	case SIM_OP_GPU_UNMAP: return k_gpu_unmap;
	case SIM_OP_SUBMIT: return k_submit;
	case SIM_OP_GPU_ACCESS: return k_gpu_access;
	case SIM_OP_EXPORT: return k_export;
	case SIM_OP_IMPORT: return k_export;
	case SIM_OP_ATTACH: return k_attach;
	case SIM_OP_DETACH:
	case SIM_OP_MAP_ATTACHMENT:
	case SIM_OP_UNMAP_ATTACHMENT: return k_att;
	case SIM_OP_PRESSURE:
	case SIM_OP_RELEASE: return k_pages;
	case SIM_OP_SHRINK: return k_shrink;
	default: return k_bo;
	}
}

static int find_op(struct ld *L, const cJSON *ev, enum sim_op *op)
{
	const cJSON *v = load_member(ev, "op");
	const char *name;

	if (!v)
		return load_fail(L, ev, "an event needs an \"op\"");
	if (load_get_string(L, v, "op", &name))
		return -1;
	for (int i = 0; i < SIM_OP_COUNT; i++) {
		if (!strcmp(sim_op_names[i], name)) {
			*op = (enum sim_op)i;
			return 0;
		}
	}
	struct text_clip c;
	char near[400];

	return load_fail(L, v, "unknown op \"%s\" (%s)", text_clip(&c, name),
			 suggest_nearest(name, "ops", sim_op_names, SIM_OP_COUNT, near, sizeof(near)));
}

/* First pass: names that events define. */
int load_define_event_names(struct ld *L, const cJSON *ev)
{
	enum sim_op op;
	uint32_t slot;

	if (load_want_object(L, ev, "an event") || find_op(L, ev, &op))
		return -1;

	static const struct { enum sim_op op; const char *key; enum sim_kind kind; } defs[] = {
		{ SIM_OP_CREATE, "bo", SIM_K_BO },    { SIM_OP_IMPORT, "bo", SIM_K_BO },
		{ SIM_OP_MMAP, "map", SIM_K_MAP },    { SIM_OP_FORK, "child", SIM_K_MAP },
		{ SIM_OP_EXPORT, "buf", SIM_K_BUF },  { SIM_OP_ATTACH, "att", SIM_K_ATT },
		{ SIM_OP_SUBMIT, "name", SIM_K_JOB },
	};
	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		const cJSON *v;

		if (defs[i].op != op || !(v = load_member(ev, defs[i].key)))
			continue;
		if (load_define(L, v, defs[i].kind, defs[i].key, &slot))
			return -1;
		if (defs[i].kind == SIM_K_BO && load_grow_bo_arrays(L))
			return load_fail(L, v, "out of memory");
	}
	return 0;
}

static int parse_ret(struct ld *L, const cJSON *v, enum sim_op op, uint8_t *ret)
{
	if (cJSON_IsBool(v)) {
		if (op != SIM_OP_MADVISE)
			return load_fail(L, v, "\"ret\": true/false is only for madvise; use \"ok\" "
					 "or an error name");
		*ret = cJSON_IsTrue(v) ? SIM_RET_TRUE : SIM_RET_FALSE;
		return 0;
	}
	if (!cJSON_IsString(v))
		return load_fail(L, v, "\"ret\" must be a result name such as \"ok\" or \"ENOMEM\", "
				 "got %s", load_type_name(v));
	for (int i = SIM_RET_OK; i < SIM_RET_COUNT; i++) {
		if (i == SIM_RET_TRUE || i == SIM_RET_FALSE)
			continue;
		if (!strcmp(v->valuestring, sim_ret_names[i])) {
			*ret = (uint8_t)i;
			return 0;
		}
	}
	struct text_clip c;

	return load_fail(L, v, "unknown result \"%s\" (expected ok, ENOMEM, EBUSY, EINVAL, SIGBUS, "
			 "VM_FAULT_OOM, ENOENT, EFAULT, ENOSPC, or true/false for madvise)",
		    text_clip(&c, v->valuestring));
}

int load_add_event(struct ld *L, struct sim_event **out)
{
	struct scenario *sc = L->sc;

	if (sc->nevents >= LOAD_MAX_EVENTS)
		return -1;
	if (sc->nevents == L->nevents_cap) {
		uint32_t cap = L->nevents_cap ? L->nevents_cap * 2 : 64;
		struct sim_event *e = realloc(sc->events, cap * sizeof(*e));

		if (!e)
			return -1;
		sc->events = e;
		L->nevents_cap = cap;
	}
	*out = &sc->events[sc->nevents];
	memset(*out, 0, sizeof(**out));
	sc->nevents++;
	return 0;
}

static int get_page_range(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	const cJSON *p = load_member(ev, "page"), *ps = load_member(ev, "pages");

	if (p && ps)
		return load_fail_key(L, ps, "%s: give \"page\" or \"pages\", not both", L->where);
	if (p) {
		if (load_get_uint(L, p, "page", 0, LOAD_MAX_OBJECT_PAGES - 1, &e->x))
			return -1;
		e->y = e->x;
		return 0;
	}
	if (!ps)
		return load_fail(L, ev, "%s needs \"page\" or \"pages\": [first, last]", L->where);
	if (!cJSON_IsArray(ps) || cJSON_GetArraySize(ps) != 2)
		return load_fail(L, ps, "\"pages\" must be [first, last]");
	if (load_get_uint(L, ps->child, "pages[0]", 0, LOAD_MAX_OBJECT_PAGES - 1, &e->x) ||
	    load_get_uint(L, ps->child->next, "pages[1]", 0, LOAD_MAX_OBJECT_PAGES - 1, &e->y))
		return -1;
	if (e->y < e->x)
		return load_fail(L, ps, "\"pages\": last (%llu) is before first (%llu)",
				 (unsigned long long)e->y, (unsigned long long)e->x);
	return 0;
}

static int load_submit_bos(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	struct scenario *sc = L->sc;
	const cJSON *bos = load_member(ev, "bos"), *b;
	int n;

	if (!bos)
		return load_fail(L, ev, "%s needs \"bos\": [names]", L->where);
	if (load_want_array(L, bos, "\"bos\""))
		return -1;
	n = cJSON_GetArraySize(bos);
	if (n > LOAD_MAX_SUBMIT_BOS)
		return load_fail(L, bos, "a job may use at most %d objects", LOAD_MAX_SUBMIT_BOS);
	if (sc->nbo_lists + (uint32_t)n > L->nlists_cap) {
		uint32_t cap = L->nlists_cap ? L->nlists_cap : 64;

		while (cap < sc->nbo_lists + (uint32_t)n)
			cap *= 2;

		uint32_t *l = realloc(sc->bo_lists, cap * sizeof(*l));

		if (!l)
			return load_fail(L, bos, "out of memory");
		sc->bo_lists = l;
		L->nlists_cap = cap;
	}
	e->list = sc->nbo_lists;
	e->nlist = (uint32_t)n;
	cJSON_ArrayForEach(b, bos) {
		const char *name;
		uint32_t slot;

		struct text_clip c;

		if (!cJSON_IsString(b))
			return load_fail(L, b, "\"bos\" must list object names, got %s", load_type_name(b));
		name = b->valuestring;
		slot = scenario_find(sc, SIM_K_BO, name);
		if (slot == SIM_NONE) {
			char near[240];

			return load_fail(L, b, "unknown object \"%s\" in \"bos\" (no object of that name is "
					 "defined %s; %s)", text_clip(&c, name), load_kind_defined[SIM_K_BO],
				    load_near_names(L, SIM_K_BO, name, near, sizeof(near)));
		}
		for (uint32_t i = e->list; i < sc->nbo_lists; i++)
			if (sc->bo_lists[i] == slot)
				return load_fail(L, b, "object \"%s\" is listed twice in one job",
						 text_clip(&c, name));
		sc->bo_lists[sc->nbo_lists++] = slot;
	}
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
	keys = op_keys(op);
	for (size_t i = 0; i < 3; i++)
		allowed[n++] = common[i];
	for (; *keys && n < 15; keys++)
		allowed[n++] = *keys;
	allowed[n] = NULL;

	snprintf(L->where, sizeof(L->where), "a \"%s\" event", sim_op_names[op]);
	if (load_check_keys(L, ev, L->where, allowed))
		return -1;
	if (load_add_event(L, &e))
		return load_fail(L, ev, "too many events (limit %u) or out of memory", LOAD_MAX_EVENTS);
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

	switch (op) {
	case SIM_OP_CREATE:
		if (load_resolve(L, ev, "bo", SIM_K_BO, &e->a) ||
		    load_get_size_pages(L, ev, L->where, LOAD_MAX_OBJECT_PAGES, true, &e->x))
			return -1;
		if (load_get_create_flags(L, ev, &e->flags))
			return -1;
		break;
	case SIM_OP_VMAP_ACCESS:
		if (load_resolve(L, ev, "bo", SIM_K_BO, &e->a))
			return -1;
		if (!load_member(ev, "page"))
			return load_fail(L, ev, "%s needs \"page\"", L->where);
		if (load_get_uint(L, load_member(ev, "page"), "page", 0, LOAD_MAX_OBJECT_PAGES - 1, &e->x))
			return -1;
		break;
	case SIM_OP_MMAP:
		if (load_resolve(L, ev, "bo", SIM_K_BO, &e->a) ||
		    load_resolve(L, ev, "map", SIM_K_MAP, &e->b))
			return -1;
		if (load_opt_flag(L, ev, "private", true, SIM_EV_PRIVATE, &e->flags))
			return -1;
		break;
	case SIM_OP_MUNMAP:
		if (load_resolve(L, ev, "map", SIM_K_MAP, &e->b))
			return -1;
		break;
	case SIM_OP_FORK:
		if (load_resolve(L, ev, "map", SIM_K_MAP, &e->b) ||
		    load_resolve(L, ev, "child", SIM_K_MAP, &e->c))
			return -1;
		if (e->b == e->c)
			return load_fail(L, load_member(ev, "child"), "%s: \"child\" must differ from \"map\"",
					 L->where);
		break;
	case SIM_OP_CPU_ACCESS:
		if (load_resolve(L, ev, "map", SIM_K_MAP, &e->b) || get_page_range(L, ev, e))
			return -1;
		if (load_opt_flag(L, ev, "write", true, SIM_EV_WRITE, &e->flags))
			return -1;
		break;
	case SIM_OP_MADVISE: {
		const char *adv;
		struct text_clip c;

		if (load_resolve(L, ev, "bo", SIM_K_BO, &e->a))
			return -1;
		if (!(v = load_member(ev, "advice")))
			return load_fail(L, ev, "%s needs \"advice\": \"willneed\" or \"dontneed\"",
					 L->where);
		/*
		 * drm_gem_shmem_madvise_locked() stores the driver's int: a
		 * number gives it as is (positive values are driver-specific
		 * DONTNEEDs; the KUnit suite sets -1 directly).
		 */
		if (cJSON_IsNumber(v)) {
			double d = v->valuedouble;

			if (d != (double)(int)d || d < -128 || d > 127)
				return load_fail(L, v, "\"advice\" as a number is the driver's madv "
						 "value, a whole number from -128 to 127");
			e->x = (uint64_t)(int64_t)d;
			break;
		}
		if (load_get_string(L, v, "advice", &adv))
			return -1;
		if (!strcmp(adv, "dontneed"))
			e->x = 1;
		else if (!strcmp(adv, "willneed"))
			e->x = 0;
		else
			return load_fail(L, v, "\"advice\" must be \"willneed\", \"dontneed\" or the "
					 "driver's madv number, got \"%s\"", text_clip(&c, adv));
		break;
	}
	case SIM_OP_GPU_MAP:
		if (load_resolve(L, ev, "vm", SIM_K_VM, &e->b) || load_resolve(L, ev, "bo", SIM_K_BO, &e->a))
			return -1;
		if ((v = load_member(ev, "va"))) {
			if (load_get_addr(L, v, "va", &e->x))
				return -1;
			if (e->x % L->sc->cfg.page_size)
				return load_fail(L, v, "\"va\" 0x%llx is not page aligned",
						 (unsigned long long)e->x);
			e->flags |= SIM_EV_VA;
		}
		break;
	case SIM_OP_GPU_UNMAP:
		if (load_resolve(L, ev, "vm", SIM_K_VM, &e->b) || load_resolve(L, ev, "bo", SIM_K_BO, &e->a))
			return -1;
		break;
	case SIM_OP_SUBMIT:
		if (load_resolve(L, ev, "vm", SIM_K_VM, &e->b) || load_submit_bos(L, ev, e))
			return -1;
		if (!load_member(ev, "duration"))
			return load_fail(L, ev, "%s needs \"duration\"", L->where);
		if (load_get_time(L, load_member(ev, "duration"), "duration", &e->y))
			return -1;
		if (load_member(ev, "name") && load_resolve(L, ev, "name", SIM_K_JOB, &e->c))
			return -1;
		break;
	case SIM_OP_GPU_ACCESS:
		if (load_resolve(L, ev, "vm", SIM_K_VM, &e->b))
			return -1;
		if (!load_member(ev, "va"))
			return load_fail(L, ev, "%s needs \"va\"", L->where);
		if (load_get_addr(L, load_member(ev, "va"), "va", &e->x))
			return -1;
		if (load_opt_flag(L, ev, "write", true, SIM_EV_WRITE, &e->flags))
			return -1;
		break;
	case SIM_OP_EXPORT:
	case SIM_OP_IMPORT:
		if (load_resolve(L, ev, "bo", SIM_K_BO, &e->a) || load_resolve(L, ev, "buf", SIM_K_BUF, &e->b))
			return -1;
		break;
	case SIM_OP_ATTACH:
		if (load_resolve(L, ev, "buf", SIM_K_BUF, &e->b) ||
		    load_resolve(L, ev, "att", SIM_K_ATT, &e->c) ||
		    load_resolve(L, ev, "device", SIM_K_DEVICE, &e->a))
			return -1;
		break;
	case SIM_OP_DETACH:
	case SIM_OP_MAP_ATTACHMENT:
	case SIM_OP_UNMAP_ATTACHMENT:
		if (load_resolve(L, ev, "att", SIM_K_ATT, &e->c))
			return -1;
		break;
	case SIM_OP_PRESSURE:
	case SIM_OP_RELEASE:
		if (!load_member(ev, "pages"))
			return load_fail(L, ev, "%s needs \"pages\"", L->where);
		if (load_get_uint(L, load_member(ev, "pages"), "pages", 1, LOAD_MAX_PAGES, &e->x))
			return -1;
		break;
	case SIM_OP_SHRINK:
		if (!load_member(ev, "nr"))
			return load_fail(L, ev, "%s needs \"nr\" (pages to scan for)", L->where);
		if (load_get_uint(L, load_member(ev, "nr"), "nr", 1, LOAD_MAX_PAGES, &e->x))
			return -1;
		break;
	default:
		if (load_resolve(L, ev, "bo", SIM_K_BO, &e->a))
			return -1;
		break;
	}
	return 0;
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
			return load_fail(L, v, "\"%s\" must be \"willneed\", \"dontneed\" or \"purged\", "
					 "got \"%s\"", key, text_clip(&c, v->valuestring));
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
static int parse_number(struct ld *L, const cJSON *v, const char *key, bool boolean,
			int64_t *out)
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
		return load_fail(L, v, "\"%s\" must be compared with a number or {\"min\", \"max\"}, "
				 "got %s", key, load_type_name(v));

	double d = v->valuedouble;

	/* Range first: converting an out-of-range double to an integer is undefined. */
	if (d != d || d < 0 || d > (double)UNITS_NUM_MAX || d != (double)(int64_t)d)
		return load_fail(L, v, "\"%s\" is a count: compare it with a whole number from 0 to "
				 "2^53, not %s", key, load_num(&t, d));
	*out = (int64_t)d;
	return 0;
}

static int parse_check_value(struct ld *L, const cJSON *v, const char *key, bool boolean,
			     bool madv, struct sim_check *c)
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

static int parse_check(struct ld *L, const cJSON *m, const cJSON *val, struct sim_check *c)
{
	struct scenario *sc = L->sc;
	const char *key = m->string;
	const char *dot = strchr(key, '.');
	bool boolean = false, madv = false;
	struct text_clip ck, cn;

	if (!strcmp(key, "violations") || !strcmp(key, "warnings")) {
		c->key = key[0] == 'v' ? SIM_KEY_VIOLATIONS : SIM_KEY_WARNINGS;
		if (key[0] == 'v')
			sc->expects_violations = true;
		else
			sc->expects_warnings = true;
	} else if (!dot || dot == key) {
		return load_fail_key(L, m, "unknown expectation key \"%s\" (expected OBJECT.FIELD, "
				     "VM.mapped_pages, stats.NAME, violations or warnings)",
				text_clip(&ck, key));
	} else if (!strncmp(key, "stats.", 6)) {
		const struct stats_desc *d = stats_find(key + 6);

		if (!d) {
			const char *names[EXPECT_STAT_NAMES_MAX];
			char near[512];
			size_t k;

			for (k = 0; k < sim_stat_count && k < EXPECT_STAT_NAMES_MAX; k++)
				names[k] = sim_stat_descs[k].name;
			suggest_nearest(key + 6, "counters", names, k, near, sizeof(near));
			/* the near name only: `gemsim list stats` has them all */
			if (strncmp(near, "did you mean", 12) || !strchr(near, '?'))
				near[0] = '\0';
			else
				strcpy(strchr(near, '?') + 1, " ");
			return load_fail_key(L, m, "unknown counter \"%s\" in \"%s\" (%s`gemsim list "
					     "stats` lists them)", text_clip(&cn, key + 6),
					     text_clip(&ck, key), near);
		}
		c->key = SIM_KEY_STAT;
		c->slot = (uint32_t)(d - sim_stat_descs);
	} else {
		char name[LOAD_MAX_NAME_LEN + 1];
		size_t n = (size_t)(dot - key);
		const char *field = dot + 1;
		uint32_t bo = SIM_NONE, vm = SIM_NONE;
		size_t i = sizeof(bo_fields) / sizeof(bo_fields[0]);

		/* A name longer than any name can be is simply not defined. */
		if (n <= LOAD_MAX_NAME_LEN) {
			memcpy(name, key, n);
			name[n] = '\0';
			bo = scenario_find(sc, SIM_K_BO, name);
			vm = scenario_find(sc, SIM_K_VM, name);
		}
		if (bo != SIM_NONE)
			for (i = 0; i < sizeof(bo_fields) / sizeof(bo_fields[0]); i++)
				if (!strcmp(bo_fields[i].field, field))
					break;

		if (bo != SIM_NONE && i < sizeof(bo_fields) / sizeof(bo_fields[0])) {
			c->key = (uint16_t)bo_fields[i].key;
			boolean = bo_fields[i].boolean;
			madv = bo_fields[i].key == SIM_KEY_BO_MADV;
			c->slot = bo;
		} else if (vm != SIM_NONE && !strcmp(field, "mapped_pages")) {
			c->key = SIM_KEY_VM_MAPPED_PAGES;
			c->slot = vm;
		} else if (bo != SIM_NONE) {
			const char *names[sizeof(bo_fields) / sizeof(bo_fields[0])];
			char near[512];

			for (i = 0; i < sizeof(bo_fields) / sizeof(bo_fields[0]); i++)
				names[i] = bo_fields[i].field;
			suggest_nearest(field, "expected one of", names, i, near, sizeof(near));
			return load_fail_key(L, m, "unknown object field \"%s\" in \"%s\" (%s)",
					     text_clip(&cn, field), text_clip(&ck, key), near);
		} else if (vm != SIM_NONE) {
			return load_fail_key(L, m, "unknown VM field \"%s\" in \"%s\" (expected "
					     "mapped_pages)", text_clip(&cn, field), text_clip(&ck, key));
		} else {
			/* Print the name part only: text_clip() of the whole key would cut it. */
			char part[TEXT_CLIP_MAX + 1];

			snprintf(part, sizeof(part), "%.*s", (int)(n < TEXT_CLIP_MAX ? n : TEXT_CLIP_MAX), key);
			text_clip(&cn, part);
			char near[240];

			return load_fail_key(L, m, "\"%s\": no object or VM is named \"%s%s\" (%s)",
					     text_clip(&ck, key), cn.s, n > TEXT_CLIP_MAX ? "..." : "",
					load_near_names(L, SIM_K_BO, part, near, sizeof(near)));
		}
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
		return load_fail(L, at, "\"at\" must be a time or \"end\", got %s", load_type_name(at));
	if (units_time_str(at->valuestring, &ns, &why))
		return load_fail(L, at, "\"at\" must be a time or \"end\", got \"%s\": %s%s", text_clip(&c,
			    at->valuestring), why, strcmp(why, "not a number") ? "" :
			    " (" HINT_TIME ")");
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
	cJSON_ArrayForEach(e, d) {
		struct sim_expect *x = &sc->expects[sc->nexpects];
		const cJSON *at, *that, *m;

		memset(x, 0, sizeof(*x)); /* may hold one skipped for the other kernel */
		if (load_want_object(L, e, "an expectation") || load_check_keys(L, e, "an expectation", keys))
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

		cJSON_ArrayForEach(m, that) {
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
			if (sc->nchecks == L->nchecks_cap) {
				uint32_t cap = L->nchecks_cap ? L->nchecks_cap * 2 : 32;
				struct sim_check *c = realloc(sc->checks, cap * sizeof(*c));

				if (!c)
					return load_fail(L, m, "out of memory");
				sc->checks = c;
				L->nchecks_cap = cap;
			}
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
