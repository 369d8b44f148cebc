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
#include "sim/units.h"

struct ld {
	const char *file;
	struct jpos_doc *doc;
	struct sim_error *err;
	struct scenario *sc;
	uint32_t nevents_cap;
	uint32_t nlists_cap;
	uint32_t nchecks_cap;
	uint32_t name_cap_bo;    /* capacity of the per-bo arrays */
};

/* ---- error helpers ------------------------------------------------------ */

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
	if (node && !line)
		sim_error_set(L->err, 0, 0, "%s (value from --set)", msg);
	else
		sim_error_set(L->err, line, col, "%s", msg);
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

		char list[400] = "";
		size_t n = 0;

		for (const char *const *a = allowed; *a && n < sizeof(list) - 40; a++)
			n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
					      a == allowed ? "" : ", ", *a);
		return fail_key(L, m, "unknown key \"%s\" in %s (expected one of: %s)",
				m->string, where, list);
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

static int get_uint(struct ld *L, const cJSON *v, const char *what, uint64_t min, uint64_t max,
		    uint64_t *out)
{
	if (!cJSON_IsNumber(v))
		return fail(L, v, "\"%s\" must be a whole number, got %s", what, type_name(v));

	double d = v->valuedouble;

	if (d != d || d < 0 || d != (double)(uint64_t)d || d > 9007199254740992.0) {
		if (d < 0)
			return fail(L, v, "\"%s\" must not be negative", what);
		return fail(L, v, "\"%s\" must be a whole number", what);
	}
	uint64_t u = (uint64_t)d;

	if (u < min || u > max)
		return fail(L, v, "\"%s\" is %llu, outside %llu..%llu", what,
			    (unsigned long long)u, (unsigned long long)min,
			    (unsigned long long)max);
	*out = u;
	return 0;
}

static int get_bool(struct ld *L, const cJSON *v, const char *what, bool *out)
{
	if (!cJSON_IsBool(v))
		return fail(L, v, "\"%s\" must be true or false, got %s", what, type_name(v));
	*out = cJSON_IsTrue(v);
	return 0;
}

static int get_string(struct ld *L, const cJSON *v, const char *what, const char **out)
{
	if (!cJSON_IsString(v))
		return fail(L, v, "\"%s\" must be a string, got %s", what, type_name(v));
	*out = v->valuestring;
	return 0;
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
		return fail(L, v, "\"%s\": %s", what, why);
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
		return fail(L, v, "\"%s\": %s", what, why);
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
	uint64_t pg = L->sc->cfg.page_size;

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

	uint64_t bytes;
	const char *why = NULL;
	int r;

	if (cJSON_IsNumber(sv))
		r = units_size_num(sv->valuedouble, &bytes, &why);
	else if (cJSON_IsString(sv))
		r = units_size_str(sv->valuestring, &bytes, &why);
	else
		return fail(L, sv, "\"size\" must be bytes or a string such as \"64KiB\", got %s",
			    type_name(sv));
	if (r)
		return fail(L, sv, "\"size\": %s", why);
	if (bytes == 0)
		return fail(L, sv, "\"size\" must be at least one byte");
	uint64_t pages = bytes / pg + (bytes % pg != 0);

	if (pages > max_pages)
		return fail(L, sv, "\"size\" is %llu pages, more than the limit of %llu",
			    (unsigned long long)pages, (unsigned long long)max_pages);
	*out = pages;
	return 0;
}

/* ---- names --------------------------------------------------------------- */

static const char *const kind_word[SIM_K_COUNT] = {
	[SIM_K_BO] = "object", [SIM_K_MAP] = "mapping", [SIM_K_DEVICE] = "device",
	[SIM_K_VM] = "VM", [SIM_K_BUF] = "dma-buf", [SIM_K_ATT] = "attachment",
	[SIM_K_JOB] = "job",
};

static int check_name(struct ld *L, const cJSON *v, const char *what, const char **out)
{
	if (get_string(L, v, what, out))
		return -1;

	size_t n = strlen(*out);

	if (n == 0 || n > LOAD_MAX_NAME_LEN)
		return fail(L, v, "\"%s\" must be 1 to %d characters long", what,
			    LOAD_MAX_NAME_LEN);
	for (size_t i = 0; i < n; i++) {
		char c = (*out)[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return fail(L, v, "\"%s\": name \"%s\" may hold only letters, digits, "
				    "'_' and '-'", what, *out);
	}
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

/* Resolve a reference (second pass): the name must be defined somewhere. */
static int resolve(struct ld *L, const cJSON *obj, const char *key, enum sim_kind kind,
		   uint32_t *slot)
{
	const cJSON *v = member(obj, key);
	const char *name;

	if (!v)
		return fail(L, obj, "missing \"%s\"", key);
	if (get_string(L, v, key, &name))
		return -1;
	*slot = scenario_find(L->sc, kind, name);
	if (*slot == SIM_NONE)
		return fail(L, v, "unknown %s \"%s\"", kind_word[kind], name);
	return 0;
}

/* ---- --set overrides ----------------------------------------------------- */

/*
 * KEY is a dotted path: "policy.reclaim", "memory.ram_pages",
 * "objects.bo0.size" (an array of named entries is indexed by name) or
 * "events.3.at" (or by position).  VALUE is JSON when it parses as JSON,
 * else a string, so --set policy.reclaim=fifo needs no quotes.
 */
static int apply_set(struct ld *L, cJSON *root, const char *set)
{
	const char *eq = strchr(set, '=');
	char path[512];

	if (!eq || eq == set)
		return fail(L, NULL, "--set \"%s\": expected KEY=VALUE", set);
	if ((size_t)(eq - set) >= sizeof(path))
		return fail(L, NULL, "--set: key too long");
	memcpy(path, set, (size_t)(eq - set));
	path[eq - set] = '\0';

	cJSON *val = cJSON_Parse(eq + 1);

	if (!val)
		val = cJSON_CreateString(eq + 1);
	if (!val)
		return fail(L, NULL, "out of memory");

	cJSON *cur = root;
	char *save = NULL, *seg = strtok_r(path, ".", &save);

	while (seg) {
		char *next = strtok_r(NULL, ".", &save);
		cJSON *child = NULL;

		if (cJSON_IsArray(cur)) {
			char *end;
			long idx = strtol(seg, &end, 10);

			if (*end == '\0' && end != seg && idx >= 0)
				child = cJSON_GetArrayItem(cur, (int)idx);
			for (cJSON *e = cur->child; !child && e; e = e->next) {
				const cJSON *n = member(e, "name");

				if (cJSON_IsString(n) && !strcmp(n->valuestring, seg))
					child = e;
			}
			if (!child) {
				cJSON_Delete(val);
				return fail(L, NULL, "--set %.*s: no element \"%s\"",
					    (int)(eq - set), set, seg);
			}
		} else if (cJSON_IsObject(cur)) {
			child = cJSON_GetObjectItemCaseSensitive(cur, seg);
			if (!child && next) {
				child = cJSON_CreateObject();
				if (!child || !cJSON_AddItemToObject(cur, seg, child)) {
					cJSON_Delete(child);
					cJSON_Delete(val);
					return fail(L, NULL, "out of memory");
				}
			}
		} else {
			cJSON_Delete(val);
			return fail(L, NULL, "--set %.*s: \"%s\" is not inside an object or array",
				    (int)(eq - set), set, seg);
		}
		if (!next) {
			bool ok;

			/* The old value is freed: its address must not keep a position. */
			if (child)
				jpos_forget(L->doc, child);
			if (cJSON_IsArray(cur))
				ok = cJSON_ReplaceItemViaPointer(cur, child, val);
			else if (child)
				ok = cJSON_ReplaceItemInObjectCaseSensitive(cur, seg, val);
			else
				ok = cJSON_AddItemToObject(cur, seg, val);
			if (!ok) {
				cJSON_Delete(val);
				return fail(L, NULL, "out of memory");
			}
			return 0;
		}
		cur = child;
		seg = next;
	}
	cJSON_Delete(val);
	return fail(L, NULL, "--set \"%s\": empty key", set);
}

/* ---- blocks -------------------------------------------------------------- */

static int load_memory(struct ld *L, const cJSON *m)
{
	static const char *const keys[] = { "ram_pages", "swap_pages", "page_size", NULL };
	struct sim_config *cfg = &L->sc->cfg;
	uint64_t v;

	if (!m)
		return fail(L, NULL, "missing \"memory\" block (it needs \"ram_pages\")");
	if (want_object(L, m, "\"memory\"") || check_keys(L, m, "memory", keys))
		return -1;
	if (!member(m, "ram_pages"))
		return fail(L, m, "\"memory\" needs \"ram_pages\"");
	if (member(m, "page_size")) {
		if (get_uint(L, member(m, "page_size"), "page_size", 4096, 4096, &v))
			return -1;
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

static int load_policy(struct ld *L, const cJSON *p)
{
	static const char *const keys[] = { "reclaim", "vmap_pins", "attach_pins", "purge_first",
					    "evict", "busy_wait", "watermarks", "reclaim_pinned",
					    NULL };
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
			return fail(L, v, "unknown reclaim policy \"%s\" (expected one of: %s)",
				    name, list);
		}
		pol->reclaim = (unsigned)idx;
	}
	if ((v = member(p, "vmap_pins")) && get_bool(L, v, "vmap_pins", &pol->vmap_pins))
		return -1;
	if ((v = member(p, "attach_pins")) && get_bool(L, v, "attach_pins", &pol->attach_pins))
		return -1;
	if ((v = member(p, "purge_first")) && get_bool(L, v, "purge_first", &pol->purge_first))
		return -1;
	if ((v = member(p, "evict")) && get_bool(L, v, "evict", &pol->evict))
		return -1;
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
					    "tlb_flush", "fault", NULL };
	struct sim_costs *k = &L->sc->cfg.costs;
	sim_ns *field[] = { &k->page_alloc, &k->swap_out, &k->swap_in, &k->zap, &k->tlb_flush,
			    &k->fault };
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
		if (define(L, member(e, "name"), SIM_K_DEVICE, "name", &slot))
			return -1;
		if (slot != sc->nnames[SIM_K_DEVICE] - 1)
			return fail(L, member(e, "name"), "device \"%s\" is defined twice",
				    member(e, "name")->valuestring);
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
		if (define(L, member(e, "name"), SIM_K_VM, "name", &slot))
			return -1;
		if (slot != sc->nnames[SIM_K_VM] - 1)
			return fail(L, member(e, "name"), "VM \"%s\" is defined twice",
				    member(e, "name")->valuestring);
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

	bool *h = realloc(sc->bo_heap, cap * sizeof(*h));

	if (!h)
		return -1;
	sc->bo_heap = h;
	for (uint32_t i = L->name_cap_bo; i < cap; i++) {
		sc->bo_pages[i] = 0;
		sc->bo_heap[i] = false;
	}
	L->name_cap_bo = cap;
	return 0;
}

static int load_objects(struct ld *L, const cJSON *d)
{
	static const char *const keys[] = { "name", "size", "pages", "heap", NULL };
	struct scenario *sc = L->sc;
	const cJSON *e;

	if (!d)
		return 0;
	if (want_array(L, d, "\"objects\""))
		return -1;
	cJSON_ArrayForEach(e, d) {
		uint32_t slot;
		uint64_t pages;
		bool heap = false;

		if (want_object(L, e, "an object") || check_keys(L, e, "an object", keys))
			return -1;
		if (!member(e, "name"))
			return fail(L, e, "an object needs a \"name\"");
		if (define(L, member(e, "name"), SIM_K_BO, "name", &slot))
			return -1;
		if (slot != sc->nnames[SIM_K_BO] - 1)
			return fail(L, member(e, "name"), "object \"%s\" is defined twice",
				    member(e, "name")->valuestring);
		if (grow_bo_arrays(L))
			return fail(L, e, "out of memory");
		if (get_size_pages(L, e, "an object", LOAD_MAX_OBJECT_PAGES, true, &pages))
			return -1;
		if (member(e, "heap") && get_bool(L, member(e, "heap"), "heap", &heap))
			return -1;
		sc->bo_pages[slot] = pages;
		sc->bo_heap[slot] = heap;
	}
	return 0;
}

/* ---- events -------------------------------------------------------------- */

/* Keys each op takes besides "at", "op" and "ret". */
static const char *const *op_keys(enum sim_op op)
{
	static const char *const k_bo[] = { "bo", NULL };
	static const char *const k_create[] = { "bo", "size", "pages", "heap", NULL };
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
	return fail(L, v, "unknown op \"%s\" (see docs/format.md for the list)", name);
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
	return fail(L, v, "unknown result \"%s\" (expected ok, ENOMEM, EBUSY, EINVAL, SIGBUS, "
		    "VM_FAULT_OOM, ENOENT, EFAULT, ENOSPC, or true/false for madvise)",
		    v->valuestring);
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
		return fail_key(L, ps, "give \"page\" or \"pages\", not both");
	if (p) {
		if (get_uint(L, p, "page", 0, LOAD_MAX_OBJECT_PAGES, &e->x))
			return -1;
		e->y = e->x;
		return 0;
	}
	if (!ps)
		return fail(L, ev, "cpu_access needs \"page\" or \"pages\": [first, last]");
	if (!cJSON_IsArray(ps) || cJSON_GetArraySize(ps) != 2)
		return fail(L, ps, "\"pages\" must be [first, last]");
	if (get_uint(L, ps->child, "pages[0]", 0, LOAD_MAX_OBJECT_PAGES, &e->x) ||
	    get_uint(L, ps->child->next, "pages[1]", 0, LOAD_MAX_OBJECT_PAGES, &e->y))
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
		return fail(L, ev, "submit needs \"bos\": [names]");
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

		if (get_string(L, b, "bos[]", &name))
			return -1;
		slot = scenario_find(sc, SIM_K_BO, name);
		if (slot == SIM_NONE)
			return fail(L, b, "unknown object \"%s\"", name);
		for (uint32_t i = e->list; i < sc->nbo_lists; i++)
			if (sc->bo_lists[i] == slot)
				return fail(L, b, "object \"%s\" is listed twice in one job", name);
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

	char where[48];

	snprintf(where, sizeof(where), "a \"%s\" event", sim_op_names[op]);
	if (check_keys(L, ev, where, allowed))
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
		return fail(L, ev, "an event needs \"at\"");
	if (get_time(L, member(ev, "at"), "at", &e->at))
		return -1;
	if ((v = member(ev, "ret")) && parse_ret(L, v, op, &e->ret))
		return -1;

	switch (op) {
	case SIM_OP_CREATE:
		if (resolve(L, ev, "bo", SIM_K_BO, &e->a) ||
		    get_size_pages(L, ev, "create", LOAD_MAX_OBJECT_PAGES, true, &e->x))
			return -1;
		if ((v = member(ev, "heap"))) {
			if (get_bool(L, v, "heap", &b))
				return -1;
			if (b)
				e->flags |= SIM_EV_HEAP;
		}
		break;
	case SIM_OP_VMAP_ACCESS:
		if (resolve(L, ev, "bo", SIM_K_BO, &e->a))
			return -1;
		if (!member(ev, "page"))
			return fail(L, ev, "vmap_access needs \"page\"");
		if (get_uint(L, member(ev, "page"), "page", 0, LOAD_MAX_OBJECT_PAGES, &e->x))
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
			return fail(L, member(ev, "child"), "fork: \"child\" must differ from \"map\"");
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

		if (resolve(L, ev, "bo", SIM_K_BO, &e->a))
			return -1;
		if (!(v = member(ev, "advice")))
			return fail(L, ev, "madvise needs \"advice\": \"willneed\" or \"dontneed\"");
		if (get_string(L, v, "advice", &adv))
			return -1;
		if (!strcmp(adv, "dontneed"))
			e->flags |= SIM_EV_DONTNEED;
		else if (strcmp(adv, "willneed"))
			return fail(L, v, "\"advice\" must be \"willneed\" or \"dontneed\", got "
				    "\"%s\"", adv);
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
			return fail(L, ev, "submit needs \"duration\"");
		if (get_time(L, member(ev, "duration"), "duration", &e->y))
			return -1;
		if (member(ev, "name") && resolve(L, ev, "name", SIM_K_JOB, &e->c))
			return -1;
		break;
	case SIM_OP_GPU_ACCESS:
		if (resolve(L, ev, "vm", SIM_K_VM, &e->b))
			return -1;
		if (!member(ev, "va"))
			return fail(L, ev, "gpu_access needs \"va\"");
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
			return fail(L, ev, "%s needs \"pages\"", sim_op_names[op]);
		if (get_uint(L, member(ev, "pages"), "pages", 1, LOAD_MAX_PAGES, &e->x))
			return -1;
		break;
	case SIM_OP_SHRINK:
		if (!member(ev, "nr"))
			return fail(L, ev, "shrink needs \"nr\" (pages to scan for)");
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
};

static int parse_madv(struct ld *L, const cJSON *v, int64_t *out)
{
	if (cJSON_IsString(v)) {
		if (!strcmp(v->valuestring, "willneed"))
			*out = 0;
		else if (!strcmp(v->valuestring, "dontneed"))
			*out = 1;
		else if (!strcmp(v->valuestring, "purged"))
			*out = -1;
		else
			return fail(L, v, "madv must be \"willneed\", \"dontneed\" or \"purged\", "
				    "got \"%s\"", v->valuestring);
		return 0;
	}
	return fail(L, v, "madv must be \"willneed\", \"dontneed\" or \"purged\", got %s",
		    type_name(v));
}

static int parse_number(struct ld *L, const cJSON *v, const char *key, bool boolean,
			int64_t *out)
{
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

	if (d != d || d != (double)(int64_t)d || d > 9.2e18 || d < -9.2e18)
		return fail(L, v, "\"%s\" must be compared with a whole number", key);
	*out = (int64_t)d;
	return 0;
}

static int parse_check_value(struct ld *L, const cJSON *v, const char *key, bool boolean,
			     bool madv, struct sim_check *c)
{
	static const char *const rkeys[] = { "min", "max", NULL };

	if (cJSON_IsObject(v) && !boolean && !madv) {
		if (check_keys(L, v, "a range", rkeys))
			return -1;
		if (!member(v, "min") && !member(v, "max"))
			return fail(L, v, "a range needs \"min\" and/or \"max\"");
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
			return fail(L, v, "range min %lld is above max %lld", (long long)c->min,
				    (long long)c->max);
		return 0;
	}
	if (madv ? parse_madv(L, v, &c->min) : parse_number(L, v, key, boolean, &c->min))
		return -1;
	c->max = c->min;
	c->has_min = c->has_max = 1;
	return 0;
}

static int parse_check(struct ld *L, const cJSON *m, struct sim_check *c)
{
	struct scenario *sc = L->sc;
	const char *key = m->string;
	const char *dot = strchr(key, '.');
	bool boolean = false, madv = false;

	if (!strcmp(key, "violations") || !strcmp(key, "warnings")) {
		c->key = key[0] == 'v' ? SIM_KEY_VIOLATIONS : SIM_KEY_WARNINGS;
		if (key[0] == 'v')
			sc->expects_violations = true;
		else
			sc->expects_warnings = true;
	} else if (!dot || dot == key) {
		return fail_key(L, m, "unknown expectation key \"%s\" (expected OBJECT.FIELD, "
				"VM.mapped_pages, stats.NAME, violations or warnings)", key);
	} else if (!strncmp(key, "stats.", 6)) {
		const struct sim_stat_desc *d = sim_stat_find(key + 6);

		if (!d)
			return fail_key(L, m, "unknown counter \"%s\" (`gemsim list stats` "
					"lists them)", key + 6);
		c->key = SIM_KEY_STAT;
		c->slot = (uint32_t)(d - sim_stat_descs);
	} else {
		char name[LOAD_MAX_NAME_LEN + 1];
		size_t n = (size_t)(dot - key);
		const char *field = dot + 1;

		if (n > LOAD_MAX_NAME_LEN)
			return fail_key(L, m, "unknown name in \"%s\"", key);
		memcpy(name, key, n);
		name[n] = '\0';

		uint32_t bo = scenario_find(sc, SIM_K_BO, name);
		uint32_t vm = scenario_find(sc, SIM_K_VM, name);

		if (bo != SIM_NONE) {
			size_t i;

			for (i = 0; i < sizeof(bo_fields) / sizeof(bo_fields[0]); i++)
				if (!strcmp(bo_fields[i].field, field))
					break;
			if (i == sizeof(bo_fields) / sizeof(bo_fields[0]))
				return fail_key(L, m, "unknown object field \"%s\" (expected size_pages, "
						"pages_use_count, pages_pin_count, vmap_use_count, "
						"madv, evicted, has_pages, has_sgt, resident_pages, "
						"swapped_pages)", field);
			c->key = (uint16_t)bo_fields[i].key;
			boolean = bo_fields[i].boolean;
			madv = bo_fields[i].key == SIM_KEY_BO_MADV;
			c->slot = bo;
		} else if (vm != SIM_NONE) {
			if (strcmp(field, "mapped_pages"))
				return fail_key(L, m, "unknown VM field \"%s\" (expected mapped_pages)",
						field);
			c->key = SIM_KEY_VM_MAPPED_PAGES;
			c->slot = vm;
		} else {
			return fail_key(L, m, "\"%s\": no object or VM is named \"%s\"", key, name);
		}
	}
	c->text = strdup(key);
	if (!c->text)
		return fail(L, m, "out of memory");
	jpos_key_where(L->doc, m, &c->line, &c->col);
	return parse_check_value(L, m, key, boolean, madv, c);
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
		return fail(L, d, "too many expectations");
	sc->expects = calloc((size_t)(n ? n : 1), sizeof(*sc->expects));
	if (!sc->expects)
		return fail(L, d, "out of memory");
	cJSON_ArrayForEach(e, d) {
		struct sim_expect *x = &sc->expects[sc->nexpects];
		const cJSON *at, *that, *m;

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
		else if (get_time(L, at, "at", &x->at))
			return -1;
		if (want_object(L, that, "\"that\""))
			return -1;
		jpos_where(L->doc, e, &x->line, &x->col);
		x->first = sc->nchecks;
		cJSON_ArrayForEach(m, that) {
			if (!strncmp(m->string, "x-", 2))
				continue;
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
			if (parse_check(L, m, &sc->checks[sc->nchecks - 1]))
				return -1;
		}
		x->count = sc->nchecks - x->first;
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
		if (sc->bo_heap[i])
			e->flags |= SIM_EV_HEAP;
	}
	return 0;
}

static int load_root(struct ld *L, const cJSON *root)
{
	static const char *const keys[] = { "version", "name", "description", "seed", "memory",
					    "policy", "costs", "devices", "vms", "objects",
					    "events", "workloads", "expect", "end", "captions",
					    NULL };
	struct scenario *sc = L->sc;
	const cJSON *v, *events, *e;

	if (want_object(L, root, "the scenario") || check_keys(L, root, "the scenario", keys))
		return -1;
	if (!(v = member(root, "version")))
		return fail(L, root, "missing \"version\": 1");
	if (!cJSON_IsNumber(v) || v->valuedouble != 1)
		return fail(L, v, "unsupported \"version\" (this gemsim reads version 1)");
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
	if (load_costs(L, member(root, "costs")))
		return -1;
	if ((v = member(root, "workloads")) && (!cJSON_IsArray(v) || cJSON_GetArraySize(v)))
		return fail_key(L, v, "\"workloads\" are not supported by this version of gemsim "
				"yet");

	events = member(root, "events");
	if (!events && !member(root, "workloads"))
		return fail(L, root, "a scenario needs \"events\" or \"workloads\"");
	if (events && want_array(L, events, "\"events\""))
		return -1;

	if (load_memory(L, member(root, "memory")) || load_policy(L, member(root, "policy")) ||
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
	if (load_expect(L, member(root, "expect")))
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
	jpos_free(L.doc);
	return sc;

err_free:
	jpos_free(L.doc);
	scenario_free(sc);
	return NULL;
}

struct scenario *scenario_load(const char *path, const struct load_opts *opts,
			       struct sim_error *err)
{
	struct stat st;
	FILE *f;
	char *buf;
	size_t len;
	struct scenario *sc;

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
	len = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		sim_error_set(err, 0, 0, "read error");
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	sc = scenario_load_text(path, buf, len, opts, err);
	free(buf);
	return sc;
}
