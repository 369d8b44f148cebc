// SPDX-License-Identifier: MIT
/*
 * run/load_helpers.c - the scenario loader's shared helpers: error
 * messages that name file:line:col (or the --set a value came from), key
 * checks, scalar values (whole numbers, booleans, strings, enums, times,
 * sizes, addresses) and the name tables that the two passes define and
 * resolve.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/load_int.h"
#include "base/suggest.h"
#include "base/text.h"
#include "base/units.h"

/* ---- error helpers ------------------------------------------------------ */

bool load_subtree_has(const cJSON *top, const cJSON *node)
{
	if (top == node)
		return true;
	for (const cJSON *c = top->child; c; c = c->next)
		if (load_subtree_has(c, node))
			return true;
	return false;
}

/* The --set whose value holds @node, or NULL. */
static const char *set_origin(const struct ld *L, const cJSON *node)
{
	for (size_t i = L->nsets; i-- > 0;)
		if (load_subtree_has(L->sets[i].node, node))
			return L->sets[i].set;
	return NULL;
}

/*
 * A whole number as written (in the file, or a --set value that is the
 * whole of @node), or NULL when that is unknown or not digits only.
 */
static const char *written(const struct ld *L, const cJSON *node)
{
	const char *big = jpos_big_int(L->doc, node);

	if (big)
		return big;
	for (size_t i = L->nsets; i-- > 0;) {
		const char *text = strchr(L->sets[i].set, '=') + 1;

		if (L->sets[i].node == node && text[strspn(text, "0123456789")] == '\0')
			return text;
	}
	return NULL;
}

__attribute__((format(printf, 4, 0))) static int vfail_at(struct ld *L, const cJSON *node, bool key,
							  const char *fmt, va_list ap)
{
	unsigned line = 0, col = 0;
	char msg[SIM_ERROR_MSG];

	if (node) {
		if (key)
			jpos_key_where(L->doc, node, &line, &col);
		else
			jpos_where(L->doc, node, &line, &col);
	}
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (node && !line) {
		/* Not from the file: a --set put it there, so name the --set. */
		const char *set = set_origin(L, node);

		struct text_clip c;

		if (set)
			error_set(L->err, 0, 0, "--set %s: %s", text_clip_bare(&c, set), msg);
		else
			error_set(L->err, 0, 0, "%s (value from --set)", msg);
	} else {
		error_set(L->err, line, col, "%s", msg);
	}
	return -1;
}

__attribute__((format(printf, 3, 4))) int load_fail(struct ld *L, const cJSON *node,
						    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail_at(L, node, false, fmt, ap);
	va_end(ap);
	return -1;
}

__attribute__((format(printf, 3, 4))) int load_fail_key(struct ld *L, const cJSON *node,
							const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail_at(L, node, true, fmt, ap);
	va_end(ap);
	return -1;
}

const char *load_type_name(const cJSON *v)
{
	if (cJSON_IsObject(v))
		return "an object";
	if (cJSON_IsArray(v))
		return "an array";
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsNull(v))
		return "null";
	return "an invalid value";
}

/* ---- key checking -------------------------------------------------------- */

/*
 * Every object in the format has a fixed set of keys; anything else is a
 * typo to report, except "x-..." keys which carry the user's own notes.
 */
int load_check_keys(struct ld *L, const cJSON *obj, const char *where, const char *const *allowed)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, obj)
	{
		bool ok = !strncmp(m->string, "x-", 2);

		for (const char *const *a = allowed; !ok && *a; a++)
			ok = !strcmp(*a, m->string);
		if (ok)
			continue;

		char list[400];
		size_t n = 0;
		struct text_clip c;

		while (allowed[n])
			n++;
		/* "did you mean "reclaim"? expected one of: reclaim, vmap_pins, ..." */
		suggest_nearest(m->string, "expected one of", allowed, n, list, sizeof(list));
		return load_fail_key(L, m, "unknown key \"%s\" in %s (%s)",
				     text_clip(&c, m->string), where, list);
	}
	return 0;
}

int load_want_object(struct ld *L, const cJSON *v, const char *what)
{
	if (!cJSON_IsObject(v))
		return load_fail(L, v, "%s must be an object, got %s", what, load_type_name(v));
	return 0;
}

int load_want_array(struct ld *L, const cJSON *v, const char *what)
{
	if (!cJSON_IsArray(v))
		return load_fail(L, v, "%s must be an array, got %s", what, load_type_name(v));
	return 0;
}

const cJSON *load_member(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* ---- scalar values ------------------------------------------------------- */

const char *load_num(struct numtext *t, double d)
{
	snprintf(t->s, sizeof(t->s), "%.15g", d);
	if (strtod(t->s, NULL) != d)
		snprintf(t->s, sizeof(t->s), "%.17g", d);
	return t->s;
}

int load_get_uint(struct ld *L, const cJSON *v, const char *what, uint64_t min, uint64_t max,
		  uint64_t *out)
{
	struct numtext t;

	if (!cJSON_IsNumber(v))
		return load_fail(L, v, "\"%s\" must be a whole number, got %s", what,
				 load_type_name(v));

	double d = v->valuedouble;

	/* Range first: converting a double beyond 2^64 to an integer is undefined. */
	if (d != d)
		return load_fail(L, v, "\"%s\" must be a whole number", what);
	if (d < 0)
		return load_fail(L, v, "\"%s\" must not be negative, got %s", what,
				 load_num(&t, d));
	/* past 2^53 the double is not the number written (2^53 + 1 reads as 2^53) */
	const char *big = d >= 0x1p53 ? written(L, v) : NULL;
	uint64_t exact;

	if (big && units_count_str(big, max, &exact))
		return load_fail(L, v, "\"%s\" must be at most %llu, got %s", what,
				 (unsigned long long)max, big);
	if (d > (double)max)
		return load_fail(L, v, "\"%s\" must be at most %llu, got %s", what,
				 (unsigned long long)max, load_num(&t, d));
	if (d != (double)(uint64_t)d)
		return load_fail(L, v, "\"%s\" must be a whole number, got %s", what,
				 load_num(&t, d));
	if ((uint64_t)d < min)
		return load_fail(L, v, "\"%s\" must be at least %llu, got %s", what,
				 (unsigned long long)min, load_num(&t, d));
	*out = (uint64_t)d;
	return 0;
}

int load_get_bool(struct ld *L, const cJSON *v, const char *what, bool *out)
{
	*out = false;
	if (!cJSON_IsBool(v))
		return load_fail(L, v, "\"%s\" must be true or false, got %s", what,
				 load_type_name(v));
	*out = cJSON_IsTrue(v);
	return 0;
}

int load_opt_bool(struct ld *L, const cJSON *obj, const char *key, bool *out)
{
	const cJSON *v = load_member(obj, key);

	return v ? load_get_bool(L, v, key, out) : 0;
}

int load_opt_flag(struct ld *L, const cJSON *obj, const char *key, bool when, uint8_t flag,
		  uint8_t *flags)
{
	const cJSON *v = load_member(obj, key);
	bool b;

	if (!v)
		return 0;
	if (load_get_bool(L, v, key, &b))
		return -1;
	if (b == when)
		*flags |= flag;
	return 0;
}

int load_get_string(struct ld *L, const cJSON *v, const char *what, const char **out)
{
	*out = NULL;
	if (!cJSON_IsString(v))
		return load_fail(L, v, "\"%s\" must be a string, got %s", what, load_type_name(v));
	*out = v->valuestring;
	return 0;
}

/* A time, size or address the units parser refused: the key, the text, why. */
static int fail_units(struct ld *L, const cJSON *v, const char *what, const char *why,
		      const char *hint)
{
	struct text_clip c;

	if (cJSON_IsString(v)) {
		if (!strncmp(why, "not a number", 12) && !why[12])
			return load_fail(L, v, "\"%s\": \"%s\": not a number (%s)", what,
					 text_clip(&c, v->valuestring), hint);
		return load_fail(L, v, "\"%s\": \"%s\": %s", what, text_clip(&c, v->valuestring),
				 why);
	}

	struct numtext t;

	return load_fail(L, v, "\"%s\": %s: %s", what, load_num(&t, v->valuedouble), why);
}

/* A string that must be one of @names[0..@n): its index in @out. */
int load_get_enum(struct ld *L, const cJSON *v, const char *what, const char *const *names,
		  unsigned n, unsigned *out)
{
	char list[160] = "";
	const char *name;
	size_t len = 0;
	struct text_clip c;

	if (load_get_string(L, v, what, &name))
		return -1;
	for (unsigned i = 0; i < n; i++) {
		if (!strcmp(names[i], name)) {
			*out = i;
			return 0;
		}
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
					names[i]);
	}
	return load_fail(L, v, "unknown %s \"%s\" (expected one of: %s)", what, text_clip(&c, name),
			 list);
}

int load_get_time(struct ld *L, const cJSON *v, const char *what, sim_ns *out)
{
	const char *why = NULL;
	uint64_t ns;
	int r;

	if (cJSON_IsNumber(v))
		r = units_time_num(v->valuedouble, &ns, &why);
	else if (cJSON_IsString(v))
		r = units_time_str(v->valuestring, &ns, &why);
	else
		return load_fail(L, v,
				 "\"%s\" must be a time (microseconds, or a string such as "
				 "\"1.5ms\"), got %s",
				 what, load_type_name(v));
	if (r)
		return fail_units(L, v, what, why, HINT_TIME);
	*out = ns;
	return 0;
}

int load_get_addr(struct ld *L, const cJSON *v, const char *what, uint64_t *out)
{
	const char *why = NULL;
	int r;

	if (cJSON_IsNumber(v))
		r = units_addr_num(v->valuedouble, out, &why);
	else if (cJSON_IsString(v))
		r = units_addr_str(v->valuestring, out, &why);
	else
		return load_fail(L, v,
				 "\"%s\" must be an address (a number or a hex string such as "
				 "\"0x100000\"), got %s",
				 what, load_type_name(v));
	if (r)
		return fail_units(L, v, what, why, HINT_ADDR);
	return 0;
}

/* One size value: bytes as a number, or a string such as "64KiB"; in pages. */
int load_get_size_value(struct ld *L, const cJSON *sv, const char *what, uint64_t max_pages,
			uint64_t *out)
{
	uint64_t pg = L->sc->cfg.page_size;
	uint64_t bytes;
	const char *why = NULL;
	int r;

	if (cJSON_IsNumber(sv))
		r = units_size_num(sv->valuedouble, &bytes, &why);
	else if (cJSON_IsString(sv))
		r = units_size_str(sv->valuestring, &bytes, &why);
	else
		return load_fail(L, sv,
				 "\"%s\" must be bytes or a string such as \"64KiB\", got %s", what,
				 load_type_name(sv));
	if (r)
		return fail_units(L, sv, what, why, HINT_SIZE);
	if (bytes == 0)
		return load_fail(L, sv, "\"%s\" must be at least one byte", what);
	uint64_t pages = bytes / pg + (bytes % pg != 0);

	if (pages > max_pages)
		return load_fail(L, sv, "\"%s\" is %llu pages, more than the limit of %llu", what,
				 (unsigned long long)pages, (unsigned long long)max_pages);
	*out = pages;
	return 0;
}

/*
 * A size is "pages": N, or "size": bytes or "64KiB"; exactly one of them.
 * Rounded up to whole pages; zero and sizes past max_pages are errors.
 */
int load_get_size_pages(struct ld *L, const cJSON *obj, const char *where, uint64_t max_pages,
			bool required, uint64_t *out)
{
	const cJSON *pv = load_member(obj, "pages"), *sv = load_member(obj, "size");

	if (pv && sv)
		return load_fail_key(L, sv, "%s: give \"size\" or \"pages\", not both", where);
	if (!pv && !sv) {
		if (required)
			return load_fail(L, obj, "%s needs \"size\" or \"pages\"", where);
		*out = 0;
		return 0;
	}
	if (pv) {
		if (load_get_uint(L, pv, "pages", 1, max_pages, out))
			return -1;
		return 0;
	}

	return load_get_size_value(L, sv, "size", max_pages, out);
}

/* ---- names --------------------------------------------------------------- */

static const char *const kind_word[SIM_K_COUNT] = {
	[SIM_K_BO] = "object", [SIM_K_MAP] = "mapping", [SIM_K_DEVICE] = "device",
	[SIM_K_VM] = "VM",     [SIM_K_BUF] = "dma-buf", [SIM_K_ATT] = "attachment",
	[SIM_K_JOB] = "job",
};

/* Where a name of each kind is defined, for "unknown name" messages. */
const char *const load_kind_defined[SIM_K_COUNT] = {
	[SIM_K_BO] = "in \"objects\" or by a \"create\" or \"import\" event",
	[SIM_K_MAP] = "by an \"mmap\" or \"fork\" event",
	[SIM_K_DEVICE] = "in \"devices\"",
	[SIM_K_VM] = "in \"vms\"",
	[SIM_K_BUF] = "by an \"export\" event",
	[SIM_K_ATT] = "by an \"attach\" event",
	[SIM_K_JOB] = "by a \"submit\" event",
};

/* "did you mean" and the known names of @kind, for an unknown @name. */
const char *load_near_names(const struct ld *L, enum sim_kind kind, const char *name, char *buf,
			    size_t len)
{
	static const char *const plural[SIM_K_COUNT] = {
		[SIM_K_BO] = "objects", [SIM_K_MAP] = "mappings", [SIM_K_DEVICE] = "devices",
		[SIM_K_VM] = "VMs",     [SIM_K_BUF] = "dma-bufs", [SIM_K_ATT] = "attachments",
		[SIM_K_JOB] = "jobs",
	};

	return suggest_nearest(name, plural[kind], (const char *const *)L->sc->names[kind],
			       L->sc->nnames[kind], buf, len);
}

int load_check_name(struct ld *L, const cJSON *v, const char *what, const char **out)
{
	struct text_clip c;

	if (load_get_string(L, v, what, out))
		return -1;

	size_t n = strlen(*out);

	if (n == 0)
		return load_fail(L, v,
				 "\"%s\" is empty; a name is 1 to %d letters, digits, '_' or '-'",
				 what, LOAD_MAX_NAME_LEN);
	if (n > LOAD_MAX_NAME_LEN)
		return load_fail(L, v,
				 "\"%s\": name \"%s\" is %zu bytes long, more than the limit "
				 "of %d",
				 what, text_clip(&c, *out), n, LOAD_MAX_NAME_LEN);
	if (!text_name_valid(*out))
		return load_fail(L, v,
				 "\"%s\": name \"%s\" may hold only letters, digits, "
				 "'_' and '-'",
				 what, text_clip(&c, *out));
	return 0;
}

/* Define a name (first pass). */
int load_define(struct ld *L, const cJSON *v, enum sim_kind kind, const char *what, uint32_t *slot)
{
	const char *name;

	if (load_check_name(L, v, what, &name))
		return -1;
	if (L->sc->nnames[kind] >= LOAD_MAX_NAMES && scenario_find(L->sc, kind, name) == SIM_NONE)
		return load_fail(L, v, "too many %s names (limit %u)", kind_word[kind],
				 LOAD_MAX_NAMES);
	*slot = scenario_slot(L->sc, kind, name);
	if (*slot == SIM_NONE)
		return load_fail(L, v, "out of memory");
	return 0;
}

/*
 * Define the name of entry @e of a block array (@arr: "devices", "vms",
 * "objects"), where each name may appear once: a second entry with the
 * same name is an error that points at both.
 */
int load_define_entry(struct ld *L, const cJSON *arr, const cJSON *e, enum sim_kind kind,
		      uint32_t *slot)
{
	const cJSON *v = load_member(e, "name");
	const char *name;
	unsigned line = 0, col = 0;
	struct text_clip c;

	if (load_check_name(L, v, "name", &name))
		return -1;
	if (scenario_find(L->sc, kind, name) == SIM_NONE)
		return load_define(L, v, kind, "name", slot);
	for (const cJSON *o = arr->child; o && o != e; o = o->next) {
		const cJSON *n = load_member(o, "name");

		if (cJSON_IsString(n) && !strcmp(n->valuestring, name)) {
			jpos_where(L->doc, n, &line, &col);
			break;
		}
	}
	if (line)
		return load_fail(L, v, "%s \"%s\" is defined twice (first at line %u, column %u)",
				 kind_word[kind], text_clip(&c, name), line, col);
	return load_fail(L, v, "%s \"%s\" is defined twice", kind_word[kind], text_clip(&c, name));
}

/* Resolve a reference (second pass): the name must be defined somewhere. */
int load_resolve(struct ld *L, const cJSON *obj, const char *key, enum sim_kind kind,
		 uint32_t *slot)
{
	const cJSON *v = load_member(obj, key);
	const char *name;
	struct text_clip c;

	if (!v)
		return load_fail(L, obj, "%s needs \"%s\"", L->where, key);
	if (load_get_string(L, v, key, &name))
		return -1;
	*slot = scenario_find(L->sc, kind, name);
	if (*slot == SIM_NONE) {
		char near[240];

		return load_fail(L, v,
				 "unknown %s \"%s\" in \"%s\" (no %s of that name is defined "
				 "%s; %s)",
				 kind_word[kind], text_clip(&c, name), key, kind_word[kind],
				 load_kind_defined[kind],
				 load_near_names(L, kind, name, near, sizeof(near)));
	}
	return 0;
}
