/*
 * sim/load.c - the scenario loader (SCENARIO.md, version 1).
 *
 * Three steps:
 *   1. read the file and parse it with positions (sim/jsonpos.c), so every
 *      later complaint can name file:line:col;
 *   2. apply the command line's --set overrides to the JSON tree;
 *   3. validate block by block into struct scenario.  Names are collected
 *      in a first pass over "objects" and the events that define things
 *      (create, import, mmap, fork, export, attach, submit), then every
 *      reference is resolved in a second pass, so an event may use a name a
 *      later line defines (events are sorted by time, not file order).
 *
 * The first error stops loading: one clear message beats a cascade.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "gem/lru.h"
#include "sim/jsonpos.h"
#include "sim/load.h"
#include "sim/suggest.h"
#include "sim/text.h"
#include "sim/units.h"

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
	uint32_t name_cap_bo;    /* capacity of the per-bo arrays */
	char where[96];          /* the event being loaded, for messages: a "pin" event */
	struct ld_set *sets;     /* values added by --set, to name them in errors */
	size_t nsets;
};

/* ---- error helpers ------------------------------------------------------ */

static bool subtree_has(const cJSON *top, const cJSON *node)
{
	if (top == node)
		return true;
	for (const cJSON *c = top->child; c; c = c->next)
		if (subtree_has(c, node))
			return true;
	return false;
}

/* The --set whose value holds @node, or NULL. */
static const char *set_origin(const struct ld *L, const cJSON *node)
{
	for (size_t i = L->nsets; i-- > 0;)
		if (subtree_has(L->sets[i].node, node))
			return L->sets[i].set;
	return NULL;
}

__attribute__((format(printf, 4, 0)))
static int vfail_at(struct ld *L, const cJSON *node, bool key, const char *fmt, va_list ap)
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

		if (set)
			sim_error_set(L->err, 0, 0, "--set %.100s%s: %s", set,
				      strlen(set) > 100 ? "..." : "", msg);
		else
			sim_error_set(L->err, 0, 0, "%s (value from --set)", msg);
	} else {
		sim_error_set(L->err, line, col, "%s", msg);
	}
	return -1;
}

__attribute__((format(printf, 3, 4)))
static int fail(struct ld *L, const cJSON *node, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail_at(L, node, false, fmt, ap);
	va_end(ap);
	return -1;
}

__attribute__((format(printf, 3, 4)))
static int fail_key(struct ld *L, const cJSON *node, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail_at(L, node, true, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *type_name(const cJSON *v)
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
static int check_keys(struct ld *L, const cJSON *obj, const char *where,
		      const char *const *allowed)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, obj) {
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
		sim_suggest(m->string, "expected one of", allowed, n, list, sizeof(list));
		return fail_key(L, m, "unknown key \"%s\" in %s (%s)", text_clip(&c, m->string), where,
				list);
	}
	return 0;
}

static int want_object(struct ld *L, const cJSON *v, const char *what)
{
	if (!cJSON_IsObject(v))
		return fail(L, v, "%s must be an object, got %s", what, type_name(v));
	return 0;
}

static int want_array(struct ld *L, const cJSON *v, const char *what)
{
	if (!cJSON_IsArray(v))
		return fail(L, v, "%s must be an array, got %s", what, type_name(v));
	return 0;
}

static const cJSON *member(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* ---- scalar values ------------------------------------------------------- */

/* A JSON number as short as it can be written and still read back the same. */
struct numtext {
	char s[32];
};

static const char *num(struct numtext *t, double d)
{
	snprintf(t->s, sizeof(t->s), "%.15g", d);
	if (strtod(t->s, NULL) != d)
		snprintf(t->s, sizeof(t->s), "%.17g", d);
	return t->s;
}

static int get_uint(struct ld *L, const cJSON *v, const char *what, uint64_t min, uint64_t max,
		    uint64_t *out)
{
	struct numtext t;

	if (!cJSON_IsNumber(v))
		return fail(L, v, "\"%s\" must be a whole number, got %s", what, type_name(v));

	double d = v->valuedouble;

	/* Range first: converting a double beyond 2^64 to an integer is undefined. */
	if (d != d)
		return fail(L, v, "\"%s\" must be a whole number", what);
	if (d < 0)
		return fail(L, v, "\"%s\" must not be negative, got %s", what, num(&t, d));
	if (d > (double)max)
		return fail(L, v, "\"%s\" must be at most %llu, got %s", what,
			    (unsigned long long)max, num(&t, d));
	if (d != (double)(uint64_t)d)
		return fail(L, v, "\"%s\" must be a whole number, got %s", what, num(&t, d));
	if ((uint64_t)d < min)
		return fail(L, v, "\"%s\" must be at least %llu, got %s", what,
			    (unsigned long long)min, num(&t, d));
	*out = (uint64_t)d;
	return 0;
}

static int get_bool(struct ld *L, const cJSON *v, const char *what, bool *out)
{
	*out = false;
	if (!cJSON_IsBool(v))
		return fail(L, v, "\"%s\" must be true or false, got %s", what, type_name(v));
	*out = cJSON_IsTrue(v);
	return 0;
}

static int get_string(struct ld *L, const cJSON *v, const char *what, const char **out)
{
	*out = NULL;
	if (!cJSON_IsString(v))
		return fail(L, v, "\"%s\" must be a string, got %s", what, type_name(v));
	*out = v->valuestring;
	return 0;
}

/* How to write each kind of quantity, for a text that is not a number at all. */
#define HINT_TIME "a time is a number and a unit, such as \"1.5ms\""
#define HINT_SIZE "a size is bytes, or a number and a unit, such as \"64KiB\""
#define HINT_ADDR "an address is decimal digits or a hex string such as \"0x100000\""

/* A time, size or address the units parser refused: the key, the text, why. */
static int fail_units(struct ld *L, const cJSON *v, const char *what, const char *why,
		      const char *hint)
{
	struct text_clip c;

	if (cJSON_IsString(v)) {
		if (!strncmp(why, "not a number", 12) && !why[12])
			return fail(L, v, "\"%s\": \"%s\": not a number (%s)", what,
				    text_clip(&c, v->valuestring), hint);
		return fail(L, v, "\"%s\": \"%s\": %s", what, text_clip(&c, v->valuestring), why);
	}

	struct numtext t;

	return fail(L, v, "\"%s\": %s: %s", what, num(&t, v->valuedouble), why);
}

/* A string that must be one of @names[0..@n): its index in @out. */
static int get_enum(struct ld *L, const cJSON *v, const char *what, const char *const *names,
		    unsigned n, unsigned *out)
{
	char list[160] = "";
	const char *name;
	size_t len = 0;
	struct text_clip c;

	if (get_string(L, v, what, &name))
		return -1;
	for (unsigned i = 0; i < n; i++) {
		if (!strcmp(names[i], name)) {
			*out = i;
			return 0;
		}
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
					names[i]);
	}
	return fail(L, v, "unknown %s \"%s\" (expected one of: %s)", what, text_clip(&c, name), list);
}

static int get_time(struct ld *L, const cJSON *v, const char *what, sim_ns *out)
{
	const char *why = NULL;
	uint64_t ns;
	int r;

	if (cJSON_IsNumber(v))
		r = units_time_num(v->valuedouble, &ns, &why);
	else if (cJSON_IsString(v))
		r = units_time_str(v->valuestring, &ns, &why);
	else
		return fail(L, v, "\"%s\" must be a time (microseconds, or a string such as "
			    "\"1.5ms\"), got %s", what, type_name(v));
	if (r)
		return fail_units(L, v, what, why, HINT_TIME);
	*out = ns;
	return 0;
}

static int get_addr(struct ld *L, const cJSON *v, const char *what, uint64_t *out)
{
	const char *why = NULL;
	int r;

	if (cJSON_IsNumber(v))
		r = units_addr_num(v->valuedouble, out, &why);
	else if (cJSON_IsString(v))
		r = units_addr_str(v->valuestring, out, &why);
	else
		return fail(L, v, "\"%s\" must be an address (a number or a hex string such as "
			    "\"0x100000\"), got %s", what, type_name(v));
	if (r)
		return fail_units(L, v, what, why, HINT_ADDR);
	return 0;
}

/* One size value: bytes as a number, or a string such as "64KiB"; in pages. */
static int get_size_value(struct ld *L, const cJSON *sv, const char *what, uint64_t max_pages,
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
		return fail(L, sv, "\"%s\" must be bytes or a string such as \"64KiB\", got %s",
			    what, type_name(sv));
	if (r)
		return fail_units(L, sv, what, why, HINT_SIZE);
	if (bytes == 0)
		return fail(L, sv, "\"%s\" must be at least one byte", what);
	uint64_t pages = bytes / pg + (bytes % pg != 0);

	if (pages > max_pages)
		return fail(L, sv, "\"%s\" is %llu pages, more than the limit of %llu", what,
			    (unsigned long long)pages, (unsigned long long)max_pages);
	*out = pages;
	return 0;
}

/*
 * A size is "pages": N, or "size": bytes or "64KiB"; exactly one of them.
 * Rounded up to whole pages; zero and sizes past max_pages are errors.
 */
static int get_size_pages(struct ld *L, const cJSON *obj, const char *where, uint64_t max_pages,
			  bool required, uint64_t *out)
{
	const cJSON *pv = member(obj, "pages"), *sv = member(obj, "size");

	if (pv && sv)
		return fail_key(L, sv, "%s: give \"size\" or \"pages\", not both", where);
	if (!pv && !sv) {
		if (required)
			return fail(L, obj, "%s needs \"size\" or \"pages\"", where);
		*out = 0;
		return 0;
	}
	if (pv) {
		if (get_uint(L, pv, "pages", 1, max_pages, out))
			return -1;
		return 0;
	}

	return get_size_value(L, sv, "size", max_pages, out);
}

/* ---- names --------------------------------------------------------------- */

static const char *const kind_word[SIM_K_COUNT] = {
	[SIM_K_BO] = "object", [SIM_K_MAP] = "mapping", [SIM_K_DEVICE] = "device",
	[SIM_K_VM] = "VM", [SIM_K_BUF] = "dma-buf", [SIM_K_ATT] = "attachment",
	[SIM_K_JOB] = "job",
};

/* Where a name of each kind is defined, for "unknown name" messages. */
static const char *const kind_defined[SIM_K_COUNT] = {
	[SIM_K_BO] = "in \"objects\" or by a \"create\" or \"import\" event",
	[SIM_K_MAP] = "by an \"mmap\" or \"fork\" event",
	[SIM_K_DEVICE] = "in \"devices\"",
	[SIM_K_VM] = "in \"vms\"",
	[SIM_K_BUF] = "by an \"export\" event",
	[SIM_K_ATT] = "by an \"attach\" event",
	[SIM_K_JOB] = "by a \"submit\" event",
};

/* "did you mean" and the known names of @kind, for an unknown @name. */
static const char *near_names(const struct ld *L, enum sim_kind kind, const char *name,
			      char *buf, size_t len)
{
	static const char *const plural[SIM_K_COUNT] = {
		[SIM_K_BO] = "objects", [SIM_K_MAP] = "mappings", [SIM_K_DEVICE] = "devices",
		[SIM_K_VM] = "VMs", [SIM_K_BUF] = "dma-bufs", [SIM_K_ATT] = "attachments",
		[SIM_K_JOB] = "jobs",
	};

	return sim_suggest(name, plural[kind], (const char *const *)L->sc->names[kind],
			   L->sc->nnames[kind], buf, len);
}

static int check_name(struct ld *L, const cJSON *v, const char *what, const char **out)
{
	struct text_clip c;

	if (get_string(L, v, what, out))
		return -1;

	size_t n = strlen(*out);

	if (n == 0)
		return fail(L, v, "\"%s\" is empty; a name is 1 to %d letters, digits, '_' or '-'",
			    what, LOAD_MAX_NAME_LEN);
	if (n > LOAD_MAX_NAME_LEN)
		return fail(L, v, "\"%s\": name \"%s\" is %zu bytes long, more than the limit "
			    "of %d", what, text_clip(&c, *out), n, LOAD_MAX_NAME_LEN);
	if (!text_name_valid(*out))
		return fail(L, v, "\"%s\": name \"%s\" may hold only letters, digits, "
			    "'_' and '-'", what, text_clip(&c, *out));
	return 0;
}

/* Define a name (first pass). */
static int define(struct ld *L, const cJSON *v, enum sim_kind kind, const char *what,
		  uint32_t *slot)
{
	const char *name;

	if (check_name(L, v, what, &name))
		return -1;
	if (L->sc->nnames[kind] >= LOAD_MAX_NAMES && scenario_find(L->sc, kind, name) == SIM_NONE)
		return fail(L, v, "too many %s names (limit %u)", kind_word[kind], LOAD_MAX_NAMES);
	*slot = scenario_slot(L->sc, kind, name);
	if (*slot == SIM_NONE)
		return fail(L, v, "out of memory");
	return 0;
}

/*
 * Define the name of entry @e of a block array (@arr: "devices", "vms",
 * "objects"), where each name may appear once: a second entry with the
 * same name is an error that points at both.
 */
static int define_entry(struct ld *L, const cJSON *arr, const cJSON *e, enum sim_kind kind,
			uint32_t *slot)
{
	const cJSON *v = member(e, "name");
	const char *name;
	unsigned line = 0, col = 0;
	struct text_clip c;

	if (check_name(L, v, "name", &name))
		return -1;
	if (scenario_find(L->sc, kind, name) == SIM_NONE)
		return define(L, v, kind, "name", slot);
	for (const cJSON *o = arr->child; o && o != e; o = o->next) {
		const cJSON *n = member(o, "name");

		if (cJSON_IsString(n) && !strcmp(n->valuestring, name)) {
			jpos_where(L->doc, n, &line, &col);
			break;
		}
	}
	if (line)
		return fail(L, v, "%s \"%s\" is defined twice (first at line %u, column %u)",
			    kind_word[kind], text_clip(&c, name), line, col);
	return fail(L, v, "%s \"%s\" is defined twice", kind_word[kind], text_clip(&c, name));
}

/* Resolve a reference (second pass): the name must be defined somewhere. */
static int resolve(struct ld *L, const cJSON *obj, const char *key, enum sim_kind kind,
		   uint32_t *slot)
{
	const cJSON *v = member(obj, key);
	const char *name;
	struct text_clip c;

	if (!v)
		return fail(L, obj, "%s needs \"%s\"", L->where, key);
	if (get_string(L, v, key, &name))
		return -1;
	*slot = scenario_find(L->sc, kind, name);
	if (*slot == SIM_NONE) {
		char near[240];

		return fail(L, v, "unknown %s \"%s\" in \"%s\" (no %s of that name is defined "
			    "%s; %s)", kind_word[kind], text_clip(&c, name), key, kind_word[kind],
			    kind_defined[kind], near_names(L, kind, name, near, sizeof(near)));
	}
	return 0;
}

/* ---- --set overrides ----------------------------------------------------- */

/*
 * KEY is a dotted path: "policy.reclaim", "memory.ram_pages",
 * "objects.bo0.size" (an array of named entries is indexed by name) or
 * "events.3.at" (or by position).  VALUE is JSON when it parses as JSON,
 * else a string, so --set policy.reclaim=fifo needs no quotes.
 */
/* Remember that @node came from --set @set, for error messages. */
static int note_set(struct ld *L, const cJSON *node, const char *set)
{
	struct ld_set *n = realloc(L->sets, (L->nsets + 1) * sizeof(*n));

	if (!n)
		return -1;
	L->sets = n;
	L->sets[L->nsets].node = node;
	L->sets[L->nsets].set = set;
	L->nsets++;
	return 0;
}

/* @node is about to be freed: drop what points into it. */
static void forget_node(struct ld *L, const cJSON *node)
{
	size_t j = 0;

	jpos_forget(L->doc, node);
	for (size_t i = 0; i < L->nsets; i++)
		if (!subtree_has(node, L->sets[i].node))
			L->sets[j++] = L->sets[i];
	L->nsets = j;
}

/* The child of array @cur named @seg: an index, or an element's "name". */
static cJSON *array_child(cJSON *cur, const char *seg)
{
	char *end;
	long idx;

	errno = 0;
	idx = strtol(seg, &end, 10);
	if (*end == '\0' && end != seg && !errno && idx >= 0 && idx < cJSON_GetArraySize(cur))
		return cJSON_GetArrayItem(cur, (int)idx);
	for (cJSON *e = cur->child; e; e = e->next) {
		const cJSON *n = member(e, "name");

		if (cJSON_IsString(n) && !strcmp(n->valuestring, seg))
			return e;
	}
	return NULL;
}

/*
 * KEY is a dotted path: "policy.reclaim", "memory.ram_pages",
 * "objects.bo0.size" (an array of named entries is indexed by name) or
 * "events.3.at" (or by position).  VALUE is JSON when it parses as JSON,
 * else a string, so --set policy.reclaim=fifo needs no quotes.  Missing
 * objects on the way are created ("foo.bar=1" makes "foo"), so that the
 * validation that follows reports the unknown key.
 */
static int apply_set(struct ld *L, cJSON *root, const char *set)
{
	const char *eq = strchr(set, '=');
	char path[512];
	int keylen;
	bool append;
	struct text_clip c;

	if (!eq || eq == set)
		return fail(L, NULL, "--set \"%s\": expected KEY=VALUE", text_clip(&c, set));
	if ((size_t)(eq - set) >= sizeof(path))
		return fail(L, NULL, "--set: key longer than %zu bytes", sizeof(path) - 1);
	/* KEY+=VALUE appends VALUE to the array at KEY (made if missing) */
	append = eq - set > 1 && eq[-1] == '+';
	keylen = (int)(eq - set) - append;
	memcpy(path, set, (size_t)keylen);
	path[keylen] = '\0';

	/* No empty segment: "memory..ram_pages" or ".x" is a typo, not a path. */
	if (path[0] == '.' || path[keylen - 1] == '.' || strstr(path, ".."))
		return fail(L, NULL, "--set %s: empty name in the key (two dots, or a dot at "
			    "an end)", path);

	cJSON *cur = root, *child;
	char *seg = path;

	for (;;) {
		char *dot = strchr(seg, '.');

		child = NULL;
		if (dot)
			*dot = '\0';
		if (cJSON_IsArray(cur)) {
			child = array_child(cur, seg);
			if (!child)
				return fail(L, NULL, "--set %.*s: no element \"%s\" (give an index "
					    "from 0 to %d or an entry's name)", keylen, set, seg,
					    cJSON_GetArraySize(cur) - 1);
		} else if (cJSON_IsObject(cur)) {
			/*
			 * Keys may hold dots themselves (an expectation's
			 * "bo0.size_pages"): a member named by the whole rest of
			 * the path is the one meant.
			 */
			if (dot) {
				*dot = '.';
				child = cJSON_GetObjectItemCaseSensitive(cur, seg);
				if (child)
					break;
				*dot = '\0';
			}
			child = cJSON_GetObjectItemCaseSensitive(cur, seg);
			if (!child && dot) {
				child = cJSON_CreateObject();
				if (!child || !cJSON_AddItemToObject(cur, seg, child)) {
					cJSON_Delete(child);
					return fail(L, NULL, "out of memory");
				}
				if (note_set(L, child, set))
					return fail(L, NULL, "out of memory");
			}
		} else {
			return fail(L, NULL, "--set %.*s: \"%s\" is inside %s, not an object or "
				    "array", keylen, set, seg, type_name(cur));
		}
		if (!dot)
			break;
		cur = child;
		seg = dot + 1;
	}

	/*
	 * The whole VALUE must be JSON: plain cJSON_Parse() stops at the end of
	 * the first value, so "2ms" would read as the number 2 (microseconds).
	 */
	cJSON *val = cJSON_ParseWithOpts(eq + 1, NULL, true);

	if (!val)
		val = cJSON_CreateString(eq + 1);
	if (!val || note_set(L, val, set)) {
		cJSON_Delete(val);
		return fail(L, NULL, "out of memory");
	}

	bool ok;

	if (append) {
		if (!child && cJSON_IsObject(cur)) {
			child = cJSON_CreateArray();
			if (!child || !cJSON_AddItemToObject(cur, seg, child)) {
				cJSON_Delete(child);
				L->nsets--;
				cJSON_Delete(val);
				return fail(L, NULL, "out of memory");
			}
		}
		if (!cJSON_IsArray(child)) {
			L->nsets--;
			cJSON_Delete(val);
			return fail(L, NULL, "--set %.*s+=: \"%s\" is %s, not an array to append to",
				    keylen, set, seg, child ? type_name(child) : "missing");
		}
		if (!cJSON_AddItemToArray(child, val)) {
			L->nsets--;
			cJSON_Delete(val);
			return fail(L, NULL, "out of memory");
		}
		return 0;
	}

	/* The old value is freed: its address must not keep a position. */
	if (child)
		forget_node(L, child);
	if (cJSON_IsArray(cur))
		ok = cJSON_ReplaceItemViaPointer(cur, child, val);
	else if (child)
		ok = cJSON_ReplaceItemInObjectCaseSensitive(cur, seg, val);
	else
		ok = cJSON_AddItemToObject(cur, seg, val);
	if (!ok) {
		L->nsets--;
		cJSON_Delete(val);
		return fail(L, NULL, "out of memory");
	}
	return 0;
}

/* ---- blocks -------------------------------------------------------------- */

static int load_memory(struct ld *L, const cJSON *root)
{
	const cJSON *m = member(root, "memory");
	static const char *const keys[] = { "ram_pages", "swap_pages", "page_size", NULL };
	struct sim_config *cfg = &L->sc->cfg;
	uint64_t v;

	if (!m)
		return fail(L, root, "the scenario needs a \"memory\" block with \"ram_pages\"");
	if (want_object(L, m, "\"memory\"") || check_keys(L, m, "memory", keys))
		return -1;
	if (!member(m, "ram_pages"))
		return fail(L, m, "\"memory\" needs \"ram_pages\"");
	if (member(m, "page_size")) {
		if (get_uint(L, member(m, "page_size"), "page_size", 0, UNITS_NUM_MAX, &v))
			return -1;
		if (v != 4096)
			return fail(L, member(m, "page_size"), "\"page_size\" must be 4096 (the only "
				    "page size gemsim models), got %llu", (unsigned long long)v);
		cfg->page_size = (uint32_t)v;
	}
	if (get_uint(L, member(m, "ram_pages"), "ram_pages", 1, LOAD_MAX_PAGES, &cfg->ram_pages))
		return -1;
	cfg->swap_pages = cfg->ram_pages;
	if (member(m, "swap_pages") &&
	    get_uint(L, member(m, "swap_pages"), "swap_pages", 0, LOAD_MAX_PAGES, &cfg->swap_pages))
		return -1;
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

	if (get_string(L, v, what, &name))
		return -1;
	k = kernel_find(name);
	if (k < 0)
		return fail(L, v, "unknown kernel \"%s\" in \"%s\" (expected mainline or v19; "
			    "`gemsim list kernels` describes them)", text_clip(&c, name), what);
	*out = (unsigned)k;
	return 0;
}

/*
 * "model": {"kernel": NAME, "kernels": [NAME, ...]}: the kernel this run
 * models, and the baselines the file's expectations are written for (the
 * test suite runs the file under each; `gemsim list kernels FILE`).
 */
static int load_model(struct ld *L, const cJSON *m)
{
	static const char *const keys[] = { "kernel", "kernels", NULL };
	struct scenario *sc = L->sc;
	const cJSON *v, *e;
	unsigned k;

	sc->kernels = 0;
	if (m) {
		if (want_object(L, m, "\"model\"") || check_keys(L, m, "model", keys))
			return -1;
		if ((v = member(m, "kernel")) && get_kernel(L, v, "kernel", &sc->cfg.kernel))
			return -1;
		if ((v = member(m, "kernels"))) {
			if (want_array(L, v, "\"kernels\""))
				return -1;
			if (!cJSON_GetArraySize(v))
				return fail(L, v, "\"kernels\" is empty (name mainline and/or v19)");
			cJSON_ArrayForEach(e, v) {
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
static int pick_kernel(struct ld *L, const cJSON *v, const cJSON **out)
{
	const cJSON *m;

	*out = v;
	if (!cJSON_IsObject(v) || !v->child || kernel_find(v->child->string) < 0)
		return 0;
	cJSON_ArrayForEach(m, v) {
		struct text_clip c;

		if (kernel_find(m->string) < 0)
			return fail_key(L, m, "unknown kernel \"%s\" in a per-kernel value "
					"(expected mainline or v19)", text_clip(&c, m->string));
	}
	*out = member(v, sim_kernel_names[L->sc->cfg.kernel]);
	return 0;
}

static int load_policy(struct ld *L, const cJSON *p)
{
	static const char *const keys[] = { "reclaim", "vmap_pins", "attach_pins", "purge_first",
					    "evict", "busy_wait", "watermarks", "reclaim_pinned",
					    "shrinker", "touch", "clock_insert", NULL };
	static const char *const wkeys[] = { "low", "high", NULL };
	struct sim_policy *pol = &L->sc->cfg.policy;
	const cJSON *v;

	if (!p)
		return 0;
	if (want_object(L, p, "\"policy\"") || check_keys(L, p, "policy", keys))
		return -1;
	if ((v = member(p, "reclaim"))) {
		const char *name;
		int idx;

		if (get_string(L, v, "reclaim", &name))
			return -1;
		idx = lru_policy_find(name);
		if (idx < 0) {
			char list[256] = "";
			size_t n = 0;

			for (unsigned i = 0; i < lru_policy_count() && n < sizeof(list) - 32; i++)
				n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
						      i ? ", " : "", lru_policy_name(i));
			struct text_clip c;

			return fail(L, v, "unknown reclaim policy \"%s\" (expected one of: %s)",
				    text_clip(&c, name), list);
		}
		pol->reclaim = (unsigned)idx;
	}
	if ((v = member(p, "shrinker")) &&
	    get_enum(L, v, "shrinker", sim_shrinker_names, SIM_SHRINKER_COUNT, &pol->shrinker))
		return -1;
	if ((v = member(p, "touch")) &&
	    get_enum(L, v, "touch", sim_touch_names, SIM_TOUCH_COUNT, &pol->touch))
		return -1;
	if ((v = member(p, "clock_insert"))) {
		static const char *const ins[] = { "unreferenced", "referenced" };
		unsigned i;

		if (get_enum(L, v, "clock_insert", ins, 2, &i))
			return -1;
		pol->clock_insert_referenced = i == 1;
	}
	if ((v = member(p, "vmap_pins")) && get_bool(L, v, "vmap_pins", &pol->vmap_pins))
		return -1;
	if ((v = member(p, "attach_pins")) && get_bool(L, v, "attach_pins", &pol->attach_pins))
		return -1;
	if ((v = member(p, "purge_first")) && get_bool(L, v, "purge_first", &pol->purge_first))
		return -1;
	if ((v = member(p, "evict")) && get_bool(L, v, "evict", &pol->evict))
		return -1;
	/* drm_gem_shmem_helper.c has no eviction before the v19 series */
	if (v && pol->evict && L->sc->cfg.kernel == SIM_KERNEL_MAINLINE)
		return fail(L, v, "\"evict\": true needs model.kernel v19: the mainline helper "
			    "cannot evict (drm_gem_shmem_evict_locked() comes with the v19 "
			    "shrinker series)");
	if (L->sc->cfg.kernel == SIM_KERNEL_MAINLINE) {
		pol->evict = false;
		if (pol->shrinker == SIM_SHRINKER_MSM)
			return fail(L, member(p, "shrinker"), "\"shrinker\": \"msm\" needs "
				    "model.kernel v19 (msm swaps objects out; the mainline shmem "
				    "helper has no eviction)");
	}
	if ((v = member(p, "reclaim_pinned")) &&
	    get_bool(L, v, "reclaim_pinned", &pol->reclaim_pinned))
		return -1;
	if ((v = member(p, "busy_wait")) && get_time(L, v, "busy_wait", &pol->busy_wait))
		return -1;
	if ((v = member(p, "watermarks"))) {
		uint64_t ram = L->sc->cfg.ram_pages;

		if (want_object(L, v, "\"watermarks\"") ||
		    check_keys(L, v, "policy.watermarks", wkeys))
			return -1;
		if (!member(v, "low") || !member(v, "high"))
			return fail(L, v, "\"watermarks\" needs both \"low\" and \"high\"");
		if (get_uint(L, member(v, "low"), "low", 0, ram, &pol->wm_low) ||
		    get_uint(L, member(v, "high"), "high", 0, ram, &pol->wm_high))
			return -1;
		if (pol->wm_low > pol->wm_high)
			return fail(L, member(v, "low"), "watermark \"low\" (%llu) is above "
				    "\"high\" (%llu)", (unsigned long long)pol->wm_low,
				    (unsigned long long)pol->wm_high);
	}
	return 0;
}

static int load_costs(struct ld *L, const cJSON *c)
{
	static const char *const keys[] = { "page_alloc", "swap_out", "swap_in", "zap",
					    "tlb_flush", "fault", "scan_object", NULL };
	struct sim_costs *k = &L->sc->cfg.costs;
	sim_ns *field[] = { &k->page_alloc, &k->swap_out, &k->swap_in, &k->zap, &k->tlb_flush,
			    &k->fault, &k->scan_object };
	const cJSON *v;

	if (!c)
		return 0;
	if (want_object(L, c, "\"costs\"") || check_keys(L, c, "costs", keys))
		return -1;
	for (size_t i = 0; keys[i]; i++)
		if ((v = member(c, keys[i])) && get_time(L, v, keys[i], field[i]))
			return -1;
	return 0;
}

static int load_devices(struct ld *L, const cJSON *d)
{
	static const char *const keys[] = { "name", "va_bits", "tlb_entries", "as_slots", "queues",
					    NULL };
	struct scenario *sc = L->sc;
	const cJSON *e;
	int n;

	if (d && want_array(L, d, "\"devices\""))
		return -1;
	n = d ? cJSON_GetArraySize(d) : 0;
	if (n > LOAD_MAX_DEVICES)
		return fail(L, d, "too many devices (limit %d)", LOAD_MAX_DEVICES);
	sc->devices = calloc((size_t)(n ? n : 1), sizeof(*sc->devices));
	if (!sc->devices)
		return fail(L, d, "out of memory");
	if (!n) {
		/* No "devices": one default GPU, so "vms" may omit "device". */
		sc->devices[0] = (struct sim_device_cfg){ 48, 64, 8, 1 };
		if (scenario_slot(sc, SIM_K_DEVICE, "gpu0") == SIM_NONE)
			return fail(L, d, "out of memory");
		return 0;
	}
	cJSON_ArrayForEach(e, d) {
		struct sim_device_cfg *dev;
		uint32_t slot;
		uint64_t v;

		if (want_object(L, e, "a device") || check_keys(L, e, "a device", keys))
			return -1;
		if (!member(e, "name"))
			return fail(L, e, "a device needs a \"name\"");
		if (define_entry(L, d, e, SIM_K_DEVICE, &slot))
			return -1;
		dev = &sc->devices[slot];
		*dev = (struct sim_device_cfg){ 48, 64, 8, 1 };
		if (member(e, "va_bits")) {
			if (get_uint(L, member(e, "va_bits"), "va_bits", 32, 48, &v))
				return -1;
			dev->va_bits = (uint32_t)v;
		}
		if (member(e, "tlb_entries")) {
			if (get_uint(L, member(e, "tlb_entries"), "tlb_entries", 1, 65536, &v))
				return -1;
			dev->tlb_entries = (uint32_t)v;
		}
		if (member(e, "as_slots")) {
			if (get_uint(L, member(e, "as_slots"), "as_slots", 1, 64, &v))
				return -1;
			dev->as_slots = (uint32_t)v;
		}
		if (member(e, "queues")) {
			if (get_uint(L, member(e, "queues"), "queues", 1, 64, &v))
				return -1;
			dev->queues = (uint32_t)v;
		}
	}
	return 0;
}

static int load_vms(struct ld *L, const cJSON *d)
{
	static const char *const keys[] = { "name", "device", NULL };
	struct scenario *sc = L->sc;
	const cJSON *e;
	int n;

	if (!d)
		return 0;
	if (want_array(L, d, "\"vms\""))
		return -1;
	n = cJSON_GetArraySize(d);
	if ((unsigned)n > LOAD_MAX_NAMES)
		return fail(L, d, "too many VMs (limit %u)", LOAD_MAX_NAMES);
	sc->vms = calloc((size_t)(n ? n : 1), sizeof(*sc->vms));
	if (!sc->vms)
		return fail(L, d, "out of memory");
	cJSON_ArrayForEach(e, d) {
		uint32_t slot, dev = 0;

		if (want_object(L, e, "a VM") || check_keys(L, e, "a VM", keys))
			return -1;
		if (!member(e, "name"))
			return fail(L, e, "a VM needs a \"name\"");
		if (define_entry(L, d, e, SIM_K_VM, &slot))
			return -1;
		snprintf(L->where, sizeof(L->where), "a VM");
		if (member(e, "device") && resolve(L, e, "device", SIM_K_DEVICE, &dev))
			return -1;
		sc->vms[slot].device = dev;
	}
	return 0;
}

/* Per-object arrays follow the BO namespace as it grows. */
static int grow_bo_arrays(struct ld *L)
{
	struct scenario *sc = L->sc;
	uint32_t need = sc->nnames[SIM_K_BO];

	if (need <= L->name_cap_bo)
		return 0;

	uint32_t cap = L->name_cap_bo ? L->name_cap_bo : 16;

	while (cap < need)
		cap *= 2;

	uint64_t *p = realloc(sc->bo_pages, cap * sizeof(*p));

	if (!p)
		return -1;
	sc->bo_pages = p;

	uint8_t *h = realloc(sc->bo_flags, cap * sizeof(*h));

	if (!h)
		return -1;
	sc->bo_flags = h;
	for (uint32_t i = L->name_cap_bo; i < cap; i++) {
		sc->bo_pages[i] = 0;
		sc->bo_flags[i] = 0;
	}
	L->name_cap_bo = cap;
	return 0;
}

/* Does entry @o of "objects" define @name (itself, or NAME<i> with "count")? */
static bool entry_defines(const cJSON *o, const char *name)
{
	const cJSON *n = member(o, "name"), *c = member(o, "count");
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
			jpos_where(L->doc, member(o, "name"), &line, &col);
			break;
		}
	}
	if (line)
		return fail(L, member(e, "name"), "object \"%s\" is defined twice (first at "
			    "line %u, column %u)", text_clip(&c, name), line, col);
	return fail(L, member(e, "name"), "object \"%s\" is defined twice", text_clip(&c, name));
}

/*
 * "heap" and "shrinker" of an object or a create event: a heap object
 * (panfrost), and whether the driver hands the object to the shrinker
 * (v19: drm_gem_object_funcs.evict is set; "shrinker": false is an object
 * like the KUnit suite's, with the helper's default funcs).
 */
static int get_create_flags(struct ld *L, const cJSON *e, uint8_t *flags)
{
	const cJSON *v;
	bool b;

	*flags = 0;
	if ((v = member(e, "heap"))) {
		if (get_bool(L, v, "heap", &b))
			return -1;
		if (b)
			*flags |= SIM_EV_HEAP;
	}
	if ((v = member(e, "shrinker"))) {
		if (get_bool(L, v, "shrinker", &b))
			return -1;
		if (!b)
			*flags |= SIM_EV_NO_SHRINKER;
	}
	return 0;
}

/*
 * An entry of "objects" defines one object, or with "count": N the objects
 * NAME0 .. NAME<N-1>, all of the same size.
 */
static int load_objects(struct ld *L, const cJSON *d)
{
	static const char *const keys[] = { "name", "size", "pages", "heap", "shrinker", "count",
					    NULL };
	struct scenario *sc = L->sc;
	const cJSON *e;

	if (!d)
		return 0;
	if (want_array(L, d, "\"objects\""))
		return -1;
	cJSON_ArrayForEach(e, d) {
		const cJSON *nv;
		uint64_t pages, count = 0;
		uint8_t flags;
		const char *name;

		if (want_object(L, e, "an object") || check_keys(L, e, "an object", keys))
			return -1;
		if (!(nv = member(e, "name")))
			return fail(L, e, "an object needs a \"name\"");
		if (check_name(L, nv, "name", &name))
			return -1;
		snprintf(L->where, sizeof(L->where), "object \"%s\"", name);
		if (get_size_pages(L, e, L->where, LOAD_MAX_OBJECT_PAGES, true, &pages))
			return -1;
		if (get_create_flags(L, e, &flags))
			return -1;
		if (member(e, "count") &&
		    get_uint(L, member(e, "count"), "count", 1,
			     LOAD_MAX_NAMES - sc->nnames[SIM_K_BO], &count))
			return -1;
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
			if (slot == SIM_NONE || grow_bo_arrays(L))
				return fail(L, e, "out of memory");
			sc->bo_pages[slot] = pages;
			sc->bo_flags[slot] = flags;
		}
	}
	return 0;
}

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
	const cJSON *v = member(ev, "op");
	const char *name;

	if (!v)
		return fail(L, ev, "an event needs an \"op\"");
	if (get_string(L, v, "op", &name))
		return -1;
	for (int i = 0; i < SIM_OP_COUNT; i++) {
		if (!strcmp(sim_op_names[i], name)) {
			*op = (enum sim_op)i;
			return 0;
		}
	}
	struct text_clip c;
	char near[400];

	return fail(L, v, "unknown op \"%s\" (%s)", text_clip(&c, name),
		    sim_suggest(name, "ops", sim_op_names, SIM_OP_COUNT, near, sizeof(near)));
}

/* First pass: names that events define. */
static int define_event_names(struct ld *L, const cJSON *ev)
{
	enum sim_op op;
	uint32_t slot;

	if (want_object(L, ev, "an event") || find_op(L, ev, &op))
		return -1;

	static const struct { enum sim_op op; const char *key; enum sim_kind kind; } defs[] = {
		{ SIM_OP_CREATE, "bo", SIM_K_BO },    { SIM_OP_IMPORT, "bo", SIM_K_BO },
		{ SIM_OP_MMAP, "map", SIM_K_MAP },    { SIM_OP_FORK, "child", SIM_K_MAP },
		{ SIM_OP_EXPORT, "buf", SIM_K_BUF },  { SIM_OP_ATTACH, "att", SIM_K_ATT },
		{ SIM_OP_SUBMIT, "name", SIM_K_JOB },
	};
	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		const cJSON *v;

		if (defs[i].op != op || !(v = member(ev, defs[i].key)))
			continue;
		if (define(L, v, defs[i].kind, defs[i].key, &slot))
			return -1;
		if (defs[i].kind == SIM_K_BO && grow_bo_arrays(L))
			return fail(L, v, "out of memory");
	}
	return 0;
}

static int parse_ret(struct ld *L, const cJSON *v, enum sim_op op, uint8_t *ret)
{
	if (cJSON_IsBool(v)) {
		if (op != SIM_OP_MADVISE)
			return fail(L, v, "\"ret\": true/false is only for madvise; use \"ok\" "
				    "or an error name");
		*ret = cJSON_IsTrue(v) ? SIM_RET_TRUE : SIM_RET_FALSE;
		return 0;
	}
	if (!cJSON_IsString(v))
		return fail(L, v, "\"ret\" must be a result name such as \"ok\" or \"ENOMEM\", "
			    "got %s", type_name(v));
	for (int i = SIM_RET_OK; i < SIM_RET_COUNT; i++) {
		if (i == SIM_RET_TRUE || i == SIM_RET_FALSE)
			continue;
		if (!strcmp(v->valuestring, sim_ret_names[i])) {
			*ret = (uint8_t)i;
			return 0;
		}
	}
	struct text_clip c;

	return fail(L, v, "unknown result \"%s\" (expected ok, ENOMEM, EBUSY, EINVAL, SIGBUS, "
		    "VM_FAULT_OOM, ENOENT, EFAULT, ENOSPC, or true/false for madvise)",
		    text_clip(&c, v->valuestring));
}

static int add_event(struct ld *L, struct sim_event **out)
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
	const cJSON *p = member(ev, "page"), *ps = member(ev, "pages");

	if (p && ps)
		return fail_key(L, ps, "%s: give \"page\" or \"pages\", not both", L->where);
	if (p) {
		if (get_uint(L, p, "page", 0, LOAD_MAX_OBJECT_PAGES - 1, &e->x))
			return -1;
		e->y = e->x;
		return 0;
	}
	if (!ps)
		return fail(L, ev, "%s needs \"page\" or \"pages\": [first, last]", L->where);
	if (!cJSON_IsArray(ps) || cJSON_GetArraySize(ps) != 2)
		return fail(L, ps, "\"pages\" must be [first, last]");
	if (get_uint(L, ps->child, "pages[0]", 0, LOAD_MAX_OBJECT_PAGES - 1, &e->x) ||
	    get_uint(L, ps->child->next, "pages[1]", 0, LOAD_MAX_OBJECT_PAGES - 1, &e->y))
		return -1;
	if (e->y < e->x)
		return fail(L, ps, "\"pages\": last (%llu) is before first (%llu)",
			    (unsigned long long)e->y, (unsigned long long)e->x);
	return 0;
}

static int load_submit_bos(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	struct scenario *sc = L->sc;
	const cJSON *bos = member(ev, "bos"), *b;
	int n;

	if (!bos)
		return fail(L, ev, "%s needs \"bos\": [names]", L->where);
	if (want_array(L, bos, "\"bos\""))
		return -1;
	n = cJSON_GetArraySize(bos);
	if (n > LOAD_MAX_SUBMIT_BOS)
		return fail(L, bos, "a job may use at most %d objects", LOAD_MAX_SUBMIT_BOS);
	if (sc->nbo_lists + (uint32_t)n > L->nlists_cap) {
		uint32_t cap = L->nlists_cap ? L->nlists_cap : 64;

		while (cap < sc->nbo_lists + (uint32_t)n)
			cap *= 2;

		uint32_t *l = realloc(sc->bo_lists, cap * sizeof(*l));

		if (!l)
			return fail(L, bos, "out of memory");
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
			return fail(L, b, "\"bos\" must list object names, got %s", type_name(b));
		name = b->valuestring;
		slot = scenario_find(sc, SIM_K_BO, name);
		if (slot == SIM_NONE) {
			char near[240];

			return fail(L, b, "unknown object \"%s\" in \"bos\" (no object of that name is "
				    "defined %s; %s)", text_clip(&c, name), kind_defined[SIM_K_BO],
				    near_names(L, SIM_K_BO, name, near, sizeof(near)));
		}
		for (uint32_t i = e->list; i < sc->nbo_lists; i++)
			if (sc->bo_lists[i] == slot)
				return fail(L, b, "object \"%s\" is listed twice in one job",
					    text_clip(&c, name));
		sc->bo_lists[sc->nbo_lists++] = slot;
	}
	return 0;
}

/* Second pass: one event, names resolved. */
static int load_event(struct ld *L, const cJSON *ev)
{
	static const char *const common[] = { "at", "op", "ret" };
	struct sim_event *e;
	enum sim_op op;
	const char *const *keys;
	const char *allowed[16];
	size_t n = 0;
	unsigned line = 0, col = 0;
	const cJSON *v;
	bool b;

	if (find_op(L, ev, &op))
		return -1;
	keys = op_keys(op);
	for (size_t i = 0; i < 3; i++)
		allowed[n++] = common[i];
	for (; *keys && n < 15; keys++)
		allowed[n++] = *keys;
	allowed[n] = NULL;

	snprintf(L->where, sizeof(L->where), "a \"%s\" event", sim_op_names[op]);
	if (check_keys(L, ev, L->where, allowed))
		return -1;
	if (add_event(L, &e))
		return fail(L, ev, "too many events (limit %u) or out of memory", LOAD_MAX_EVENTS);
	e->op = (uint16_t)op;
	e->ret = SIM_RET_ANY;
	e->a = e->b = e->c = SIM_NONE;
	jpos_where(L->doc, ev, &line, &col);
	e->line = line;
	e->col = col;

	if (!member(ev, "at"))
		return fail(L, ev, "%s needs \"at\"", L->where);
	if (get_time(L, member(ev, "at"), "at", &e->at))
		return -1;
	if ((v = member(ev, "ret")) && (pick_kernel(L, v, &v) || (v && parse_ret(L, v, op, &e->ret))))
		return -1;

	switch (op) {
	case SIM_OP_CREATE:
		if (resolve(L, ev, "bo", SIM_K_BO, &e->a) ||
		    get_size_pages(L, ev, L->where, LOAD_MAX_OBJECT_PAGES, true, &e->x))
			return -1;
		if (get_create_flags(L, ev, &e->flags))
			return -1;
		break;
	case SIM_OP_VMAP_ACCESS:
		if (resolve(L, ev, "bo", SIM_K_BO, &e->a))
			return -1;
		if (!member(ev, "page"))
			return fail(L, ev, "%s needs \"page\"", L->where);
		if (get_uint(L, member(ev, "page"), "page", 0, LOAD_MAX_OBJECT_PAGES - 1, &e->x))
			return -1;
		break;
	case SIM_OP_MMAP:
		if (resolve(L, ev, "bo", SIM_K_BO, &e->a) ||
		    resolve(L, ev, "map", SIM_K_MAP, &e->b))
			return -1;
		if ((v = member(ev, "private"))) {
			if (get_bool(L, v, "private", &b))
				return -1;
			if (b)
				e->flags |= SIM_EV_PRIVATE;
		}
		break;
	case SIM_OP_MUNMAP:
		if (resolve(L, ev, "map", SIM_K_MAP, &e->b))
			return -1;
		break;
	case SIM_OP_FORK:
		if (resolve(L, ev, "map", SIM_K_MAP, &e->b) ||
		    resolve(L, ev, "child", SIM_K_MAP, &e->c))
			return -1;
		if (e->b == e->c)
			return fail(L, member(ev, "child"), "%s: \"child\" must differ from \"map\"",
				    L->where);
		break;
	case SIM_OP_CPU_ACCESS:
		if (resolve(L, ev, "map", SIM_K_MAP, &e->b) || get_page_range(L, ev, e))
			return -1;
		if ((v = member(ev, "write"))) {
			if (get_bool(L, v, "write", &b))
				return -1;
			if (b)
				e->flags |= SIM_EV_WRITE;
		}
		break;
	case SIM_OP_MADVISE: {
		const char *adv;
		struct text_clip c;

		if (resolve(L, ev, "bo", SIM_K_BO, &e->a))
			return -1;
		if (!(v = member(ev, "advice")))
			return fail(L, ev, "%s needs \"advice\": \"willneed\" or \"dontneed\"",
				    L->where);
		/*
		 * drm_gem_shmem_madvise_locked() stores the driver's int: a
		 * number gives it as is (positive values are driver-specific
		 * DONTNEEDs; the KUnit suite sets -1 directly).
		 */
		if (cJSON_IsNumber(v)) {
			double d = v->valuedouble;

			if (d != (double)(int)d || d < -128 || d > 127)
				return fail(L, v, "\"advice\" as a number is the driver's madv "
					    "value, a whole number from -128 to 127");
			e->x = (uint64_t)(int64_t)d;
			break;
		}
		if (get_string(L, v, "advice", &adv))
			return -1;
		if (!strcmp(adv, "dontneed"))
			e->x = 1;
		else if (!strcmp(adv, "willneed"))
			e->x = 0;
		else
			return fail(L, v, "\"advice\" must be \"willneed\", \"dontneed\" or the "
				    "driver's madv number, got \"%s\"", text_clip(&c, adv));
		break;
	}
	case SIM_OP_GPU_MAP:
		if (resolve(L, ev, "vm", SIM_K_VM, &e->b) || resolve(L, ev, "bo", SIM_K_BO, &e->a))
			return -1;
		if ((v = member(ev, "va"))) {
			if (get_addr(L, v, "va", &e->x))
				return -1;
			if (e->x % L->sc->cfg.page_size)
				return fail(L, v, "\"va\" 0x%llx is not page aligned",
					    (unsigned long long)e->x);
			e->flags |= SIM_EV_VA;
		}
		break;
	case SIM_OP_GPU_UNMAP:
		if (resolve(L, ev, "vm", SIM_K_VM, &e->b) || resolve(L, ev, "bo", SIM_K_BO, &e->a))
			return -1;
		break;
	case SIM_OP_SUBMIT:
		if (resolve(L, ev, "vm", SIM_K_VM, &e->b) || load_submit_bos(L, ev, e))
			return -1;
		if (!member(ev, "duration"))
			return fail(L, ev, "%s needs \"duration\"", L->where);
		if (get_time(L, member(ev, "duration"), "duration", &e->y))
			return -1;
		if (member(ev, "name") && resolve(L, ev, "name", SIM_K_JOB, &e->c))
			return -1;
		break;
	case SIM_OP_GPU_ACCESS:
		if (resolve(L, ev, "vm", SIM_K_VM, &e->b))
			return -1;
		if (!member(ev, "va"))
			return fail(L, ev, "%s needs \"va\"", L->where);
		if (get_addr(L, member(ev, "va"), "va", &e->x))
			return -1;
		if ((v = member(ev, "write"))) {
			if (get_bool(L, v, "write", &b))
				return -1;
			if (b)
				e->flags |= SIM_EV_WRITE;
		}
		break;
	case SIM_OP_EXPORT:
	case SIM_OP_IMPORT:
		if (resolve(L, ev, "bo", SIM_K_BO, &e->a) || resolve(L, ev, "buf", SIM_K_BUF, &e->b))
			return -1;
		break;
	case SIM_OP_ATTACH:
		if (resolve(L, ev, "buf", SIM_K_BUF, &e->b) ||
		    resolve(L, ev, "att", SIM_K_ATT, &e->c) ||
		    resolve(L, ev, "device", SIM_K_DEVICE, &e->a))
			return -1;
		break;
	case SIM_OP_DETACH:
	case SIM_OP_MAP_ATTACHMENT:
	case SIM_OP_UNMAP_ATTACHMENT:
		if (resolve(L, ev, "att", SIM_K_ATT, &e->c))
			return -1;
		break;
	case SIM_OP_PRESSURE:
	case SIM_OP_RELEASE:
		if (!member(ev, "pages"))
			return fail(L, ev, "%s needs \"pages\"", L->where);
		if (get_uint(L, member(ev, "pages"), "pages", 1, LOAD_MAX_PAGES, &e->x))
			return -1;
		break;
	case SIM_OP_SHRINK:
		if (!member(ev, "nr"))
			return fail(L, ev, "%s needs \"nr\" (pages to scan for)", L->where);
		if (get_uint(L, member(ev, "nr"), "nr", 1, LOAD_MAX_PAGES, &e->x))
			return -1;
		break;
	default:
		if (resolve(L, ev, "bo", SIM_K_BO, &e->a))
			return -1;
		break;
	}
	return 0;
}

/* ---- workloads ----------------------------------------------------------- */

/* "objects": ["a", "b"], or "prefix*" for every object whose name starts so. */
static int load_wl_objects(struct ld *L, const cJSON *wl, struct sim_workload *w, bool required)
{
	struct scenario *sc = L->sc;
	const cJSON *v = member(wl, "objects");
	uint32_t cap = sc->nwl_objs;

	w->first = sc->nwl_objs;
	w->n = 0;
	if (!v)
		return required ? fail(L, wl, "this workload needs \"objects\": [names] or "
				       "\"prefix*\"") : 0;

	/* Collect into a temporary list, then append. */
	uint32_t n = 0, max = sc->nnames[SIM_K_BO];
	uint32_t *tmp = calloc(max ? max : 1, sizeof(*tmp));

	if (!tmp)
		return fail(L, v, "out of memory");
	if (cJSON_IsString(v)) {
		const char *pat = v->valuestring;
		size_t len = strlen(pat);

		if (!len || pat[len - 1] != '*') {
			free(tmp);
			return fail(L, v, "\"objects\" must be a list of names or a \"prefix*\" "
				    "pattern");
		}
		for (uint32_t i = 0; i < max; i++)
			if (!strncmp(sc->names[SIM_K_BO][i], pat, len - 1))
				tmp[n++] = i;
		if (!n) {
			free(tmp);
			return fail(L, v, "no object matches \"%s\"", pat);
		}
	} else if (cJSON_IsArray(v)) {
		const cJSON *e;

		cJSON_ArrayForEach(e, v) {
			const char *name;
			uint32_t slot;

			if (get_string(L, e, "objects[]", &name)) {
				free(tmp);
				return -1;
			}
			slot = scenario_find(sc, SIM_K_BO, name);
			if (slot == SIM_NONE) {
				char near[240];

				free(tmp);
				return fail(L, e, "unknown object \"%s\" (%s)", name,
					    near_names(L, SIM_K_BO, name, near, sizeof(near)));
			}
			if (n >= max) {
				free(tmp);
				return fail(L, e, "object \"%s\" is listed twice", name);
			}
			for (uint32_t i = 0; i < n; i++) {
				if (tmp[i] == slot) {
					free(tmp);
					return fail(L, e, "object \"%s\" is listed twice", name);
				}
			}
			tmp[n++] = slot;
		}
		if (!n) {
			free(tmp);
			return fail(L, v, "\"objects\" is empty");
		}
	} else {
		free(tmp);
		return fail(L, v, "\"objects\" must be a list of names or a \"prefix*\" pattern, "
			    "got %s", type_name(v));
	}

	uint32_t *all = realloc(sc->wl_objs, ((size_t)cap + n) * sizeof(*all));

	if (!all) {
		free(tmp);
		return fail(L, v, "out of memory");
	}
	memcpy(all + cap, tmp, n * sizeof(*tmp));
	free(tmp);
	sc->wl_objs = all;
	sc->nwl_objs = cap + n;
	w->n = n;
	return 0;
}

static int load_wl_pattern(struct ld *L, const cJSON *wl, struct sim_workload *w)
{
	static const char *const names[] = { "uniform", "zipf", "loop", "phases" };
	const cJSON *v = member(wl, "pattern");
	const char *p;

	w->pattern = SIM_PAT_UNIFORM;
	w->zipf_s = 1.0;
	if (v) {
		size_t i;

		if (get_string(L, v, "pattern", &p))
			return -1;
		for (i = 0; i < 4 && strcmp(names[i], p); i++)
			;
		if (i == 4)
			return fail(L, v, "unknown pattern \"%s\" (expected uniform, zipf, loop or "
				    "phases)", p);
		w->pattern = (uint8_t)i;
	}
	if ((v = member(wl, "zipf_s"))) {
		if (w->pattern != SIM_PAT_ZIPF)
			return fail_key(L, v, "\"zipf_s\" goes with \"pattern\": \"zipf\"");
		if (!cJSON_IsNumber(v) || !(v->valuedouble > 0 && v->valuedouble <= 10))
			return fail(L, v, "\"zipf_s\" must be a number in (0, 10]");
		w->zipf_s = v->valuedouble;
	}
	if (w->pattern == SIM_PAT_PHASES) {
		if (!member(wl, "working_set") || !member(wl, "phase"))
			return fail(L, wl, "\"pattern\": \"phases\" needs \"working_set\" (how many "
				    "objects or pages per phase) and \"phase\" (its length)");
		if (get_uint(L, member(wl, "working_set"), "working_set", 1, LOAD_MAX_PAGES,
			     &w->working_set) ||
		    get_time(L, member(wl, "phase"), "phase", &w->phase))
			return -1;
		if (!w->phase)
			return fail(L, member(wl, "phase"), "\"phase\" must be longer than 0");
	} else {
		if ((v = member(wl, "working_set")) || (v = member(wl, "phase")))
			return fail_key(L, v, "\"%s\" goes with \"pattern\": \"phases\"",
					v->string);
	}
	return 0;
}

/* When it fires: start, interval or rate, arrival, end and/or count. */
static int load_wl_timing(struct ld *L, const cJSON *wl, struct sim_workload *w,
			  bool need_rate, bool need_stop)
{
	const cJSON *v, *iv = member(wl, "interval"), *rv = member(wl, "rate");

	if ((v = member(wl, "start")) && get_time(L, v, "start", &w->start))
		return -1;
	if ((v = member(wl, "end"))) {
		if (get_time(L, v, "end", &w->end))
			return -1;
		if (w->end <= w->start)
			return fail(L, v, "\"end\" must be after \"start\"");
	}
	if ((v = member(wl, "count")) && get_uint(L, v, "count", 1, UNITS_NUM_MAX, &w->count))
		return -1;
	if (need_stop && !w->end && !w->count)
		return fail(L, wl, "a workload needs \"end\" or \"count\" so that it stops");
	if (iv && rv)
		return fail_key(L, rv, "give \"interval\" or \"rate\", not both");
	if (iv) {
		if (get_time(L, iv, "interval", &w->interval))
			return -1;
	} else if (rv) {
		if (!cJSON_IsNumber(rv) || !(rv->valuedouble > 0 && rv->valuedouble <= 1e9))
			return fail(L, rv, "\"rate\" must be a number of actions per second in "
				    "(0, 1e9]");
		w->interval = (sim_ns)(1e9 / rv->valuedouble + 0.5);
	} else if (need_rate) {
		return fail(L, wl, "a workload needs \"interval\" (time between actions) or "
			    "\"rate\" (actions per second)");
	}
	if ((iv || rv) && !w->interval)
		return fail(L, iv ? iv : rv, "the time between actions must be at least 1ns");
	if ((v = member(wl, "arrival"))) {
		const char *a;

		if (get_string(L, v, "arrival", &a))
			return -1;
		if (!strcmp(a, "poisson"))
			w->poisson = 1;
		else if (strcmp(a, "fixed"))
			return fail(L, v, "\"arrival\" must be \"fixed\" or \"poisson\"");
	}
	return 0;
}

/*
 * The columns of a libcachesim_csv trace, named as libCacheSim's csv reader
 * names them (obj-id-col, has-header, delimiter): only that format takes them.
 */
static int load_trace_csv_opts(struct ld *L, const cJSON *wl, struct sim_workload *w)
{
	const cJSON *v;
	uint64_t col = 0;

	w->delimiter = ',';
	if (w->trace_fmt != SIM_TRACE_LCS_CSV) {
		static const char *const opts[] = { "obj_id_col", "has_header", "delimiter" };

		for (size_t i = 0; i < 3; i++)
			if ((v = member(wl, opts[i])))
				return fail(L, v, "\"%s\" is for \"format\": \"libcachesim_csv\"",
					    opts[i]);
		return 0;
	}
	if (!(v = member(wl, "obj_id_col")))
		return fail(L, wl, "a libcachesim_csv trace needs \"obj_id_col\" (the object id's "
			    "column, from 1)");
	if (get_uint(L, v, "obj_id_col", 1, 64, &col))
		return -1;
	w->id_col = (uint32_t)col;
	if ((v = member(wl, "has_header")) && get_bool(L, v, "has_header", &w->has_header))
		return -1;
	if ((v = member(wl, "delimiter"))) {
		const char *d;

		if (get_string(L, v, "delimiter", &d))
			return -1;
		if (strlen(d) != 1 || d[0] == '\n' || d[0] == '\r' || d[0] == '#')
			return fail(L, v, "\"delimiter\" must be one character (not a newline or '#')");
		w->delimiter = d[0];
	}
	return 0;
}

static int load_workload(struct ld *L, const cJSON *wl, struct sim_workload *w)
{
	static const char *const k_gpu[] = { "type", "start", "end", "count", "interval", "rate",
		"arrival", "vm", "objects", "pattern", "zipf_s", "working_set", "phase",
		"per_job", "duration", NULL };
	static const char *const k_cpu[] = { "type", "start", "end", "count", "interval", "rate",
		"arrival", "objects", "pattern", "zipf_s", "working_set", "phase", "write",
		NULL };
	static const char *const k_pressure[] = { "type", "start", "end", "count", "interval",
		"rate", "shape", "low", "high", "period", NULL };
	static const char *const k_churn[] = { "type", "start", "end", "count", "interval",
		"rate", "arrival", "min_size", "max_size", "size_dist", "lifetime", "madvise", NULL };
	static const char *const k_trace[] = { "type", "file", "format", "start", "interval",
		"rate", "obj_id_col", "has_header", "delimiter", NULL };
	static const char *const k_dmabuf[] = { "type", "start", "end", "count", "interval",
		"rate", "arrival", "objects", "pattern", "zipf_s", "working_set", "phase", "device",
		"hold", NULL };
	static const char *const k_vmap[] = { "type", "start", "end", "count", "interval", "rate",
		"arrival", "objects", "pattern", "zipf_s", "working_set", "phase", "hold", "pages",
		"locked", NULL };
	const cJSON *tv = member(wl, "type"), *v;
	const char *type;
	unsigned line = 0, col = 0;

	if (want_object(L, wl, "a workload"))
		return -1;
	if (!tv)
		return fail(L, wl, "a workload needs a \"type\": gpu_jobs, cpu_access, pressure, "
			    "churn, vmap, dmabuf or trace");
	if (get_string(L, tv, "type", &type))
		return -1;
	jpos_where(L->doc, wl, &line, &col);
	w->line = line;
	w->col = col;

	if (!strcmp(type, "gpu_jobs")) {
		uint64_t k = 1;

		w->type = SIM_WL_GPU_JOBS;
		if (check_keys(L, wl, "a gpu_jobs workload", k_gpu) ||
		    load_wl_timing(L, wl, w, true, true) || resolve(L, wl, "vm", SIM_K_VM, &w->vm) ||
		    load_wl_objects(L, wl, w, true) || load_wl_pattern(L, wl, w))
			return -1;
		if ((v = member(wl, "per_job")) &&
		    get_uint(L, v, "per_job", 1, LOAD_MAX_SUBMIT_BOS, &k))
			return -1;
		if (k > w->n)
			return fail(L, v, "\"per_job\" (%llu) is more than the %u objects",
				    (unsigned long long)k, w->n);
		w->per_job = (uint32_t)k;
		if (!member(wl, "duration"))
			return fail(L, wl, "a gpu_jobs workload needs \"duration\" (of each job)");
		if (get_time(L, member(wl, "duration"), "duration", &w->duration))
			return -1;
	} else if (!strcmp(type, "cpu_access")) {
		w->type = SIM_WL_CPU_ACCESS;
		if (check_keys(L, wl, "a cpu_access workload", k_cpu) ||
		    load_wl_timing(L, wl, w, true, true) || load_wl_objects(L, wl, w, true) ||
		    load_wl_pattern(L, wl, w))
			return -1;
		if ((v = member(wl, "write"))) {
			bool b;

			if (get_bool(L, v, "write", &b))
				return -1;
			w->write = b;
		}
	} else if (!strcmp(type, "pressure")) {
		static const char *const shapes[] = { "step", "square", "sine", "sawtooth" };
		const char *shape = "square";
		size_t i;

		w->type = SIM_WL_PRESSURE;
		if (check_keys(L, wl, "a pressure workload", k_pressure) ||
		    load_wl_timing(L, wl, w, true, true))
			return -1;
		if ((v = member(wl, "shape")) && get_string(L, v, "shape", &shape))
			return -1;
		for (i = 0; i < 4 && strcmp(shapes[i], shape); i++)
			;
		if (i == 4)
			return fail(L, v, "unknown shape \"%s\" (expected step, square, sine or "
				    "sawtooth)", shape);
		w->shape = (uint8_t)i;
		if (!member(wl, "high") || !member(wl, "period"))
			return fail(L, wl, "a pressure workload needs \"high\" (frames held at the "
				    "peak) and \"period\"");
		if ((v = member(wl, "low")) &&
		    get_uint(L, v, "low", 0, L->sc->cfg.ram_pages, &w->low))
			return -1;
		if (get_uint(L, member(wl, "high"), "high", 0, L->sc->cfg.ram_pages, &w->high) ||
		    get_time(L, member(wl, "period"), "period", &w->period))
			return -1;
		if (w->low > w->high)
			return fail(L, member(wl, "low"), "\"low\" is above \"high\"");
		if (!w->period)
			return fail(L, member(wl, "period"), "\"period\" must be longer than 0");
	} else if (!strcmp(type, "churn")) {
		const char *dist = "uniform";

		w->type = SIM_WL_CHURN;
		if (check_keys(L, wl, "a churn workload", k_churn) ||
		    load_wl_timing(L, wl, w, true, true))
			return -1;
		if (!member(wl, "min_size") || !member(wl, "max_size") || !member(wl, "lifetime"))
			return fail(L, wl, "a churn workload needs \"min_size\", \"max_size\" and "
				    "\"lifetime\"");
		if (get_size_value(L, member(wl, "min_size"), "min_size", LOAD_MAX_OBJECT_PAGES,
				   &w->size_min) ||
		    get_size_value(L, member(wl, "max_size"), "max_size", LOAD_MAX_OBJECT_PAGES,
				   &w->size_max))
			return -1;
		if (w->size_min > w->size_max)
			return fail(L, member(wl, "min_size"), "\"min_size\" is above \"max_size\"");
		if ((v = member(wl, "size_dist")) && get_string(L, v, "size_dist", &dist))
			return -1;
		if (!strcmp(dist, "log"))
			w->size_log = true;
		else if (strcmp(dist, "uniform"))
			return fail(L, v, "\"size_dist\" must be \"uniform\" or \"log\"");
		if (get_time(L, member(wl, "lifetime"), "lifetime", &w->lifetime))
			return -1;
		if ((v = member(wl, "madvise"))) {
			static const char *const adv[] = { "willneed", "dontneed" };
			unsigned a;

			if (get_enum(L, v, "madvise", adv, 2, &a))
				return -1;
			w->dontneed = a == 1;
		}
	} else if (!strcmp(type, "vmap")) {
		uint64_t k = 1;

		w->type = SIM_WL_VMAP;
		if (check_keys(L, wl, "a vmap workload", k_vmap) ||
		    load_wl_timing(L, wl, w, true, true) || load_wl_objects(L, wl, w, true) ||
		    load_wl_pattern(L, wl, w))
			return -1;
		/* "hold": a time, or "forever" (fbdev, cursors): vmapped once, never unmapped */
		if ((v = member(wl, "hold")) &&
		    !(cJSON_IsString(v) && !strcmp(v->valuestring, "forever")) &&
		    get_time(L, v, "hold", &w->lifetime))
			return -1;
		if (v && !cJSON_IsString(v) && !w->lifetime)
			return fail(L, v, "\"hold\" must be longer than 0 (or \"forever\")");
		if ((v = member(wl, "pages")) && get_uint(L, v, "pages", 1, 1024, &k))
			return -1;
		w->touch_pages = (uint32_t)k;
		if ((v = member(wl, "locked"))) {
			bool b;

			if (get_bool(L, v, "locked", &b))
				return -1;
			w->locked = b;
		}
	} else if (!strcmp(type, "dmabuf")) {
		w->type = SIM_WL_DMABUF;
		if (check_keys(L, wl, "a dmabuf workload", k_dmabuf) ||
		    load_wl_timing(L, wl, w, true, true) || load_wl_objects(L, wl, w, true) ||
		    load_wl_pattern(L, wl, w) || resolve(L, wl, "device", SIM_K_DEVICE, &w->vm))
			return -1;
		if (!(v = member(wl, "hold")))
			return fail(L, wl, "a dmabuf workload needs \"hold\" (how long an importer "
				    "keeps its mapping)");
		if (get_time(L, v, "hold", &w->lifetime))
			return -1;
		if (!w->lifetime)
			return fail(L, v, "\"hold\" must be longer than 0");
	} else if (!strcmp(type, "trace")) {
		const char *file, *fmt = "csv";

		w->type = SIM_WL_TRACE;
		if (check_keys(L, wl, "a trace workload", k_trace) ||
		    load_wl_timing(L, wl, w, false, false))
			return -1;
		if (!(v = member(wl, "file")))
			return fail(L, wl, "a trace workload needs \"file\"");
		if (get_string(L, v, "file", &file))
			return -1;
		if ((v = member(wl, "format")) && get_string(L, v, "format", &fmt))
			return -1;
		if (!strcmp(fmt, "ids")) {
			w->trace_fmt = SIM_TRACE_IDS;
		} else if (!strcmp(fmt, "oracleGeneral")) {
			w->trace_fmt = SIM_TRACE_ORACLE;
		} else if (!strcmp(fmt, "libcachesim_csv")) {
			w->trace_fmt = SIM_TRACE_LCS_CSV;
		} else if (strcmp(fmt, "csv")) {
			return fail(L, v, "\"format\" must be \"csv\", \"ids\", \"oracleGeneral\" or "
				    "\"libcachesim_csv\"");
		}
		/* request traces: one access per record, "interval" apart */
		if (w->trace_fmt != SIM_TRACE_CSV && !w->interval)
			w->interval = 1000;
		if (load_trace_csv_opts(L, wl, w))
			return -1;
		/* Relative paths are relative to the scenario file's folder. */
		const char *slash = strrchr(L->file, '/');

		if (file[0] != '/' && slash) {
			size_t n = (size_t)(slash - L->file) + 1;

			w->trace = malloc(n + strlen(file) + 1);
			if (w->trace) {
				memcpy(w->trace, L->file, n);
				strcpy(w->trace + n, file);
			}
		} else {
			w->trace = strdup(file);
		}
		if (!w->trace)
			return fail(L, v, "out of memory");
	} else {
		return fail(L, tv, "unknown workload type \"%s\" (expected gpu_jobs, cpu_access, "
			    "pressure, churn, vmap, dmabuf or trace)", type);
	}
	return 0;
}

static int load_workloads(struct ld *L, const cJSON *d)
{
	struct scenario *sc = L->sc;
	const cJSON *e;
	int n;

	if (!d)
		return 0;
	if (want_array(L, d, "\"workloads\""))
		return -1;
	n = cJSON_GetArraySize(d);
	if (n > 1024)
		return fail(L, d, "too many workloads (limit 1024)");
	sc->workloads = calloc((size_t)(n ? n : 1), sizeof(*sc->workloads));
	if (!sc->workloads)
		return fail(L, d, "out of memory");
	cJSON_ArrayForEach(e, d) {
		if (load_workload(L, e, &sc->workloads[sc->nworkloads]))
			return -1;
		sc->nworkloads++;
	}
	return 0;
}

/* ---- expectations -------------------------------------------------------- */

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
			return fail(L, v, "\"%s\" must be \"willneed\", \"dontneed\" or \"purged\", "
				    "got \"%s\"", key, text_clip(&c, v->valuestring));
		return 0;
	}
	return fail(L, v, "\"%s\" must be \"willneed\", \"dontneed\" or \"purged\", got %s",
		    key, type_name(v));
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
			return fail(L, v, "\"%s\" must be compared with true or false, got %s",
				    key, type_name(v));
		*out = cJSON_IsTrue(v);
		return 0;
	}
	if (!cJSON_IsNumber(v))
		return fail(L, v, "\"%s\" must be compared with a number or {\"min\", \"max\"}, "
			    "got %s", key, type_name(v));

	double d = v->valuedouble;

	/* Range first: converting an out-of-range double to an integer is undefined. */
	if (d != d || d < 0 || d > (double)UNITS_NUM_MAX || d != (double)(int64_t)d)
		return fail(L, v, "\"%s\" is a count: compare it with a whole number from 0 to "
			    "2^53, not %s", key, num(&t, d));
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
		if (check_keys(L, v, where, rkeys))
			return -1;
		if (!member(v, "min") && !member(v, "max"))
			return fail(L, v, "%s needs \"min\" and/or \"max\"", where);
		if (member(v, "min")) {
			if (parse_number(L, member(v, "min"), key, false, &c->min))
				return -1;
			c->has_min = 1;
		}
		if (member(v, "max")) {
			if (parse_number(L, member(v, "max"), key, false, &c->max))
				return -1;
			c->has_max = 1;
		}
		if (c->has_min && c->has_max && c->min > c->max)
			return fail(L, v, "\"%s\": range min %lld is above max %lld", key,
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
		return fail_key(L, m, "unknown expectation key \"%s\" (expected OBJECT.FIELD, "
				"VM.mapped_pages, stats.NAME, violations or warnings)",
				text_clip(&ck, key));
	} else if (!strncmp(key, "stats.", 6)) {
		const struct sim_stat_desc *d = sim_stat_find(key + 6);

		if (!d)
			return fail_key(L, m, "unknown counter \"%s\" in \"%s\" (`gemsim list stats` "
					"lists them)", text_clip(&cn, key + 6), text_clip(&ck, key));
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
			return fail_key(L, m, "unknown object field \"%s\" in \"%s\" (expected "
					"size_pages, pages_use_count, pages_pin_count, "
					"vmap_use_count, madv, evicted, has_pages, has_sgt, "
					"resident_pages, swapped_pages, purgeable, evictable)", text_clip(&cn, field),
					text_clip(&ck, key));
		} else if (vm != SIM_NONE) {
			return fail_key(L, m, "unknown VM field \"%s\" in \"%s\" (expected "
					"mapped_pages)", text_clip(&cn, field), text_clip(&ck, key));
		} else {
			/* Print the name part only: text_clip() of the whole key would cut it. */
			char part[TEXT_CLIP_MAX + 1];

			snprintf(part, sizeof(part), "%.*s", (int)(n < TEXT_CLIP_MAX ? n : TEXT_CLIP_MAX), key);
			text_clip(&cn, part);
			char near[240];

			return fail_key(L, m, "\"%s\": no object or VM is named \"%s%s\" (%s)",
					text_clip(&ck, key), cn.s, n > TEXT_CLIP_MAX ? "..." : "",
					near_names(L, SIM_K_BO, part, near, sizeof(near)));
		}
	}
	c->text = strdup(key);
	if (!c->text)
		return fail(L, m, "out of memory");
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
		return get_time(L, at, "at", out);
	if (!cJSON_IsString(at))
		return fail(L, at, "\"at\" must be a time or \"end\", got %s", type_name(at));
	if (units_time_str(at->valuestring, &ns, &why))
		return fail(L, at, "\"at\" must be a time or \"end\", got \"%s\": %s%s", text_clip(&c,
			    at->valuestring), why, strcmp(why, "not a number") ? "" :
			    " (" HINT_TIME ")");
	*out = ns;
	return 0;
}

static int load_expect(struct ld *L, const cJSON *d)
{
	static const char *const keys[] = { "at", "that", NULL };
	struct scenario *sc = L->sc;
	const cJSON *e;

	if (!d)
		return 0;
	if (want_array(L, d, "\"expect\""))
		return -1;

	int n = cJSON_GetArraySize(d);

	if ((unsigned)n > LOAD_MAX_EVENTS)
		return fail(L, d, "too many expectations (limit %u)", LOAD_MAX_EVENTS);
	sc->expects = calloc((size_t)(n ? n : 1), sizeof(*sc->expects));
	if (!sc->expects)
		return fail(L, d, "out of memory");
	cJSON_ArrayForEach(e, d) {
		struct sim_expect *x = &sc->expects[sc->nexpects];
		const cJSON *at, *that, *m;

		memset(x, 0, sizeof(*x)); /* may hold one skipped for the other kernel */
		if (want_object(L, e, "an expectation") || check_keys(L, e, "an expectation", keys))
			return -1;
		at = member(e, "at");
		that = member(e, "that");
		if (!at)
			return fail(L, e, "an expectation needs \"at\" (a time or \"end\")");
		if (!that)
			return fail(L, e, "an expectation needs \"that\": {KEY: VALUE}");
		if (cJSON_IsString(at) && !strcmp(at->valuestring, "end"))
			x->at_end = true;
		else if (get_expect_time(L, at, &x->at))
			return -1;
		if (want_object(L, that, "\"that\""))
			return -1;
		jpos_where(L->doc, e, &x->line, &x->col);
		x->first = sc->nchecks;
		bool other_kernel = false;

		cJSON_ArrayForEach(m, that) {
			const cJSON *val;

			if (!strncmp(m->string, "x-", 2))
				continue;
			if (pick_kernel(L, m, &val))
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
					return fail(L, m, "out of memory");
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
			return fail(L, that, "\"that\" is empty");
		sc->nexpects++;
	}
	return 0;
}

/* ---- captions (for the viewer; the run ignores them) -------------------- */

static int cmp_caption(const void *a, const void *b)
{
	const struct sim_caption *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	/* file order breaks ties: line, then column, are unique per entry */
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

static int load_captions(struct ld *L, const cJSON *d)
{
	static const char *const keys[] = { "at", "text", "pause", NULL };
	struct scenario *sc = L->sc;
	const cJSON *e;

	if (!d)
		return 0;
	if (want_array(L, d, "\"captions\""))
		return -1;

	int n = cJSON_GetArraySize(d);

	if (n > LOAD_MAX_CAPTIONS)
		return fail(L, d, "too many captions (at most %d)", LOAD_MAX_CAPTIONS);
	sc->captions = calloc((size_t)(n ? n : 1), sizeof(*sc->captions));
	if (!sc->captions)
		return fail(L, d, "out of memory");
	cJSON_ArrayForEach(e, d) {
		struct sim_caption *c = &sc->captions[sc->ncaptions];
		const cJSON *at, *text, *pause;
		const char *t = NULL;
		size_t len;

		if (want_object(L, e, "a caption") || check_keys(L, e, "a caption", keys))
			return -1;
		if (!(at = member(e, "at")))
			return fail(L, e, "a caption needs \"at\" (a time)");
		if (!(text = member(e, "text")))
			return fail(L, e, "a caption needs \"text\"");
		if (get_time(L, at, "at", &c->at) || get_string(L, text, "text", &t))
			return -1;
		len = strlen(t);
		if (!len)
			return fail(L, text, "\"text\" of a caption is empty");
		if (len > LOAD_MAX_CAPTION_LEN)
			return fail(L, text, "\"text\" of a caption is %zu bytes, at most %d",
				    len, LOAD_MAX_CAPTION_LEN);
		if (strchr(t, '\n'))
			return fail(L, text, "\"text\" of a caption must be one line");
		if ((pause = member(e, "pause")) && get_bool(L, pause, "pause", &c->pause))
			return -1;
		jpos_where(L->doc, e, &c->line, &c->col);
		if (!(c->text = strdup(t)))
			return fail(L, e, "out of memory");
		sc->ncaptions++;
	}
	if (sc->ncaptions > 1)
		qsort(sc->captions, sc->ncaptions, sizeof(*sc->captions), cmp_caption);
	return 0;
}

/* ---- sorting ------------------------------------------------------------- */

static int cmp_pair(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

static int cmp_expect(const void *a, const void *b)
{
	const struct sim_expect *x = a, *y = b;

	if (x->at_end != y->at_end)
		return x->at_end ? 1 : -1;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* ---- top level ----------------------------------------------------------- */

static int add_initial_creates(struct ld *L)
{
	struct scenario *sc = L->sc;

	for (uint32_t i = 0; i < sc->nnames[SIM_K_BO]; i++) {
		struct sim_event *e;

		if (!sc->bo_pages[i])
			continue;
		if (add_event(L, &e))
			return -1;
		e->at = 0;
		e->op = SIM_OP_CREATE;
		e->ret = SIM_RET_ANY;
		e->a = i;
		e->b = e->c = SIM_NONE;
		e->x = sc->bo_pages[i];
		e->flags = sc->bo_flags[i];
	}
	return 0;
}

static int load_root(struct ld *L, const cJSON *root)
{
	static const char *const keys[] = { "version", "name", "description", "seed", "model",
					    "memory", "policy", "costs", "devices", "vms", "objects",
					    "events", "workloads", "expect", "end", "captions",
					    NULL };
	struct scenario *sc = L->sc;
	const cJSON *v, *events, *e;

	if (want_object(L, root, "the scenario") || check_keys(L, root, "the scenario", keys))
		return -1;
	if (!(v = member(root, "version")))
		return fail(L, root, "missing \"version\": 1");
	if (!cJSON_IsNumber(v))
		return fail(L, v, "\"version\" must be the number 1, got %s", type_name(v));
	if (v->valuedouble != 1) {
		struct numtext t;

		return fail(L, v, "unsupported \"version\" %s (this gemsim reads version 1)",
			    num(&t, v->valuedouble));
	}
	if ((v = member(root, "name"))) {
		const char *s;

		if (get_string(L, v, "name", &s) || !(sc->name = strdup(s)))
			return -1;
	}
	if ((v = member(root, "description"))) {
		const char *s;

		if (get_string(L, v, "description", &s) || !(sc->description = strdup(s)))
			return -1;
	}
	if ((v = member(root, "seed")) &&
	    get_uint(L, v, "seed", 0, UNITS_NUM_MAX, &sc->cfg.seed))
		return -1;
	if ((v = member(root, "end")) && get_time(L, v, "end", &sc->end))
		return -1;
	if (load_model(L, member(root, "model")) || load_costs(L, member(root, "costs")))
		return -1;

	events = member(root, "events");
	if (!events && !member(root, "workloads"))
		return fail(L, root, "a scenario needs \"events\" or \"workloads\"");
	if (events && want_array(L, events, "\"events\""))
		return -1;

	if (load_memory(L, root) || load_policy(L, member(root, "policy")) ||
	    load_devices(L, member(root, "devices")) || load_vms(L, member(root, "vms")) ||
	    load_objects(L, member(root, "objects")))
		return -1;

	cJSON_ArrayForEach(e, events)
		if (define_event_names(L, e))
			return -1;
	if (grow_bo_arrays(L))
		return fail(L, NULL, "out of memory");
	if (add_initial_creates(L))
		return fail(L, NULL, "out of memory");
	cJSON_ArrayForEach(e, events)
		if (load_event(L, e))
			return -1;
	if (load_workloads(L, member(root, "workloads")) || load_expect(L, member(root, "expect")))
		return -1;
	if (load_captions(L, member(root, "captions")))
		return -1;

	/* Stable sort of events by time, file order breaking ties. */
	uint32_t n = sc->nevents;

	if (n > 1) {
		uint64_t *key = malloc((size_t)n * 2 * sizeof(*key));
		struct sim_event *sorted = malloc((size_t)n * sizeof(*sorted));

		if (!key || !sorted) {
			free(key);
			free(sorted);
			return fail(L, NULL, "out of memory");
		}
		for (uint32_t i = 0; i < n; i++) {
			key[2 * i] = sc->events[i].at;
			key[2 * i + 1] = i;
		}
		qsort(key, n, 2 * sizeof(*key), cmp_pair);
		for (uint32_t i = 0; i < n; i++)
			sorted[i] = sc->events[key[2 * i + 1]];
		free(key);
		free(sc->events);
		sc->events = sorted;
	}
	if (sc->nexpects > 1)
		qsort(sc->expects, sc->nexpects, sizeof(*sc->expects), cmp_expect);
	return 0;
}

static char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	const char *s = b ? b + 1 : path;
	size_t n = strlen(s);

	if (n > 5 && !strcmp(s + n - 5, ".json"))
		n -= 5;
	return strndup(s, n);
}

struct scenario *scenario_load_text(const char *file, const char *text, size_t len,
				    const struct load_opts *opts, struct sim_error *err)
{
	struct ld L = { .file = file, .err = err };
	struct scenario *sc = calloc(1, sizeof(*sc));

	err->file = file;
	if (!sc) {
		sim_error_set(err, 0, 0, "out of memory");
		return NULL;
	}
	L.sc = sc;
	sim_config_defaults(&sc->cfg);
	sc->file = strdup(file);
	if (!sc->file) {
		sim_error_set(err, 0, 0, "out of memory");
		goto err_free;
	}
	L.doc = jpos_parse(text, len, err);
	if (!L.doc)
		goto err_free;
	for (size_t i = 0; opts && i < opts->nsets; i++)
		if (apply_set(&L, jpos_root_mut(L.doc), opts->sets[i]))
			goto err_free;
	if (load_root(&L, jpos_root(L.doc)))
		goto err_free;
	if (opts && opts->has_seed)
		sc->cfg.seed = opts->seed;
	if (!sc->name && !(sc->name = base_name(file))) {
		sim_error_set(err, 0, 0, "out of memory");
		goto err_free;
	}
	free(L.sets);
	jpos_free(L.doc);
	return sc;

err_free:
	free(L.sets);
	jpos_free(L.doc);
	scenario_free(sc);
	return NULL;
}

char *load_read_file(const char *path, size_t *len, struct sim_error *err)
{
	struct stat st;
	FILE *f;
	char *buf;

	err->file = path;
	if (stat(path, &st)) {
		sim_error_set(err, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		sim_error_set(err, 0, 0, "is a directory, not a scenario file");
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		sim_error_set(err, 0, 0, "not a regular file");
		return NULL;
	}
	if ((uint64_t)st.st_size > LOAD_MAX_FILE_BYTES) {
		sim_error_set(err, 0, 0, "file is %llu bytes, more than the limit of %u",
			      (unsigned long long)st.st_size, LOAD_MAX_FILE_BYTES);
		return NULL;
	}
	f = fopen(path, "rb");
	if (!f) {
		sim_error_set(err, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		fclose(f);
		sim_error_set(err, 0, 0, "out of memory");
		return NULL;
	}
	*len = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		sim_error_set(err, 0, 0, "read error");
		return NULL;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

struct scenario *scenario_load(const char *path, const struct load_opts *opts,
			       struct sim_error *err)
{
	size_t len;
	char *buf = load_read_file(path, &len, err);
	struct scenario *sc;

	if (!buf)
		return NULL;
	sc = scenario_load_text(path, buf, len, opts, err);
	free(buf);
	return sc;
}
