// SPDX-License-Identifier: MIT
/*
 * run/load.c - the scenario loader (docs/format.md, version 1).
 *
 * Three steps:
 *   1. read the file and parse it with positions (base/jsonpos.c), so every
 *      later complaint can name file:line:col;
 *   2. apply the command line's --set overrides to the JSON tree;
 *   3. validate block by block into struct scenario.  Names are collected
 *      in a first pass over "objects" and the events that define things
 *      (create, import, mmap, fork, export, attach, submit), then every
 *      reference is resolved in a second pass, so an event may use a name a
 *      later line defines (events are sorted by time, not file order).
 *
 * The first error stops loading: one clear message beats a cascade.
 *
 * This file holds the entry points, the --set overrides, the top-level
 * walk of the document, captions and the final sort; the blocks are
 * loaded in the other run/load_*.c files (see run/load_int.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run/load_int.h"
#include "base/text.h"
#include "base/units.h"

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
		if (!load_subtree_has(node, L->sets[i].node))
			L->sets[j++] = L->sets[i];
	L->nsets = j;
}

/*
 * The child of array @cur named @seg: an index, an element's "name", or
 * the one element whose "type" is @seg (workloads.pressure.high); *@ntype
 * counts the elements of that type, so that two of them can be told apart
 * from none.
 */
static cJSON *array_child(cJSON *cur, const char *seg, int *ntype)
{
	cJSON *typed = NULL;
	char *end;
	long idx;

	errno = 0;
	idx = strtol(seg, &end, 10);
	if (*end == '\0' && end != seg && !errno && idx >= 0 && idx < cJSON_GetArraySize(cur))
		return cJSON_GetArrayItem(cur, (int)idx);
	*ntype = 0;
	for (cJSON *e = cur->child; e; e = e->next) {
		const cJSON *n = load_member(e, "name"), *t = load_member(e, "type");

		if (cJSON_IsString(n) && !strcmp(n->valuestring, seg))
			return e;
		if (cJSON_IsString(t) && !strcmp(t->valuestring, seg) && !(*ntype)++)
			typed = e;
	}
	return *ntype == 1 ? typed : NULL;
}

/* Where a --set lands: the member or element @child (NULL: not there yet)
 * named @seg inside @cur. */
struct set_place {
	cJSON *cur, *child;
	char *seg;
};

/* The child of object @cur named @seg, made when more of the path follows (@dot). */
static int set_member(struct ld *L, cJSON *cur, char *seg, char *dot, const char *set,
		      cJSON **child)
{
	/*
	 * Keys may hold dots themselves (an expectation's "bo0.size_pages"):
	 * a member named by the whole rest of the path is the one meant.
	 */
	if (dot) {
		*dot = '.';
		*child = cJSON_GetObjectItemCaseSensitive(cur, seg);
		if (*child)
			return 1;
		*dot = '\0';
	}
	*child = cJSON_GetObjectItemCaseSensitive(cur, seg);
	if (*child || !dot)
		return 0;
	*child = cJSON_CreateObject();
	if (!*child || !cJSON_AddItemToObject(cur, seg, *child)) {
		cJSON_Delete(*child);
		return load_fail(L, NULL, "out of memory");
	}
	if (note_set(L, *child, set))
		return load_fail(L, NULL, "out of memory");
	return 0;
}

/* Follow the dotted @path (cut up on the way) from @root to the place it names. */
static int set_walk(struct ld *L, cJSON *root, char *path, const char *set, int keylen,
		    const char *key, struct set_place *at)
{
	cJSON *cur = root, *child;
	char *seg = path;
	struct text_clip c;
	int ntype, r;

	for (;;) {
		char *dot = strchr(seg, '.');

		child = NULL;
		if (dot)
			*dot = '\0';
		if (cJSON_IsArray(cur)) {
			ntype = 0;
			child = array_child(cur, seg, &ntype);
			if (!child && ntype > 1)
				return load_fail(L, NULL,
						 "--set %.*s: %d entries have the type \"%s\" "
						 "(give an index from 0 to %d)",
						 keylen, set, ntype, seg,
						 cJSON_GetArraySize(cur) - 1);
			if (!child)
				return load_fail(
					L, NULL,
					"--set %s: no element \"%s\" (give an index "
					"from 0 to %d, an entry's name, or the type of the one "
					"workload of that type)",
					key, text_clip(&c, seg), cJSON_GetArraySize(cur) - 1);
		} else if (cJSON_IsObject(cur)) {
			r = set_member(L, cur, seg, dot, set, &child);
			if (r < 0)
				return -1;
			if (r > 0)
				break;
		} else {
			return load_fail(L, NULL,
					 "--set %s: \"%s\" is inside %s, not an object or "
					 "array",
					 key, text_clip(&c, seg), load_type_name(cur));
		}
		if (!dot)
			break;
		cur = child;
		seg = dot + 1;
	}
	at->cur = cur;
	at->child = child;
	at->seg = seg;
	return 0;
}

/* Put @val at @at: appended to the array there (@append), or in place of what is there. */
static int set_put(struct ld *L, struct set_place *at, cJSON *val, bool append, const char *key)
{
	struct text_clip c;
	bool ok;

	if (append) {
		if (!at->child && cJSON_IsObject(at->cur)) {
			at->child = cJSON_CreateArray();
			if (!at->child || !cJSON_AddItemToObject(at->cur, at->seg, at->child)) {
				cJSON_Delete(at->child);
				goto oom;
			}
		}
		if (!cJSON_IsArray(at->child)) {
			L->nsets--;
			cJSON_Delete(val);
			return load_fail(L, NULL,
					 "--set %s+=: \"%s\" is %s, not an array to append to", key,
					 text_clip(&c, at->seg),
					 at->child ? load_type_name(at->child) : "missing");
		}
		ok = cJSON_AddItemToArray(at->child, val);
	} else {
		/* The old value is freed: its address must not keep a position. */
		if (at->child)
			forget_node(L, at->child);
		if (cJSON_IsArray(at->cur))
			ok = cJSON_ReplaceItemViaPointer(at->cur, at->child, val);
		else if (at->child)
			ok = cJSON_ReplaceItemInObjectCaseSensitive(at->cur, at->seg, val);
		else
			ok = cJSON_AddItemToObject(at->cur, at->seg, val);
	}
	if (ok)
		return 0;
oom:
	L->nsets--;
	cJSON_Delete(val);
	return load_fail(L, NULL, "out of memory");
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
	struct text_clip c, ck;
	struct set_place at = { NULL, NULL, NULL };
	char path[512];
	const char *key;
	bool append;
	int keylen;
	cJSON *val;

	if (!eq || eq == set)
		return load_fail(L, NULL, "--set \"%s\": expected KEY=VALUE", text_clip(&c, set));
	if ((size_t)(eq - set) >= sizeof(path))
		return load_fail(L, NULL, "--set: key longer than %zu bytes", sizeof(path) - 1);
	/* KEY+=VALUE appends VALUE to the array at KEY (made if missing) */
	append = eq - set > 1 && eq[-1] == '+';
	keylen = (int)(eq - set) - append;
	memcpy(path, set, (size_t)keylen);
	path[keylen] = '\0';
	/* the key as messages quote it: escaped, before the walk cuts path up */
	key = text_clip_bare(&ck, path);
	/* No empty segment: "memory..ram_pages" or ".x" is a typo, not a path. */
	if (path[0] == '.' || path[keylen - 1] == '.' || strstr(path, ".."))
		return load_fail(L, NULL,
				 "--set %s: empty name in the key (two dots, or a dot at "
				 "an end)",
				 key);
	if (set_walk(L, root, path, set, keylen, key, &at))
		return -1;
	/*
	 * The whole VALUE must be JSON: plain cJSON_Parse() stops at the end of
	 * the first value, so "2ms" would read as the number 2 (microseconds).
	 */
	val = cJSON_ParseWithOpts(eq + 1, NULL, true);
	if (!val)
		val = cJSON_CreateString(eq + 1);
	if (!val || note_set(L, val, set)) {
		cJSON_Delete(val);
		return load_fail(L, NULL, "out of memory");
	}
	return set_put(L, &at, val, append, key);
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
	static const char *const keys[] = { "at", "text", "pause", "view", NULL };
	static const char *const views[] = SIM_CAPTION_VIEWS;
	struct scenario *sc = L->sc;
	const cJSON *e;

	if (!d)
		return 0;
	if (load_want_array(L, d, "\"captions\""))
		return -1;

	int n = cJSON_GetArraySize(d);

	if (n > LOAD_MAX_CAPTIONS)
		return load_fail(L, d, "too many captions (at most %d)", LOAD_MAX_CAPTIONS);
	sc->captions = calloc((size_t)(n ? n : 1), sizeof(*sc->captions));
	if (!sc->captions)
		return load_fail(L, d, "out of memory");
	cJSON_ArrayForEach(e, d)
	{
		struct sim_caption *c = &sc->captions[sc->ncaptions];
		const cJSON *at, *text, *pause, *view;
		const char *t = NULL, *vn = NULL;
		size_t len;

		if (load_want_object(L, e, "a caption") || load_check_keys(L, e, "a caption", keys))
			return -1;
		if (!(at = load_member(e, "at")))
			return load_fail(L, e, "a caption needs \"at\" (a time)");
		if (!(text = load_member(e, "text")))
			return load_fail(L, e, "a caption needs \"text\"");
		if (load_get_time(L, at, "at", &c->at) || load_get_string(L, text, "text", &t))
			return -1;
		len = strlen(t);
		if (!len)
			return load_fail(L, text, "\"text\" of a caption is empty");
		if (len > LOAD_MAX_CAPTION_LEN)
			return load_fail(L, text, "\"text\" of a caption is %zu bytes, at most %d",
					 len, LOAD_MAX_CAPTION_LEN);
		if (strchr(t, '\n'))
			return load_fail(L, text, "\"text\" of a caption must be one line");
		if ((pause = load_member(e, "pause")) &&
		    load_get_bool(L, pause, "pause", &c->pause))
			return -1;
		c->view = -1;
		if ((view = load_member(e, "view"))) {
			if (load_get_string(L, view, "view", &vn))
				return -1;
			for (int i = 0; i < SIM_CAPTION_NVIEWS; i++)
				if (!strcmp(vn, views[i]))
					c->view = (int8_t)i;
			if (c->view < 0)
				return load_fail(L, view,
						 "\"view\" of a caption: frames, owners, "
						 "objects, holders or lists, not \"%s\"",
						 vn);
		}
		jpos_where(L->doc, e, &c->line, &c->col);
		if (!(c->text = strdup(t)))
			return load_fail(L, e, "out of memory");
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
		if (load_add_event(L, &e))
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

/* "headline": a counter of the JSON summary, as expectations name them. */
static int load_headline(struct ld *L, const cJSON *v)
{
	struct text_clip c;
	const char *s;

	if (load_get_string(L, v, "headline", &s))
		return -1;
	if (!stats_find(strncmp(s, "stats.", 6) ? s : s + 6) && strcmp(s, "violations") &&
	    strcmp(s, "warnings"))
		return load_fail(L, v,
				 "unknown counter \"%s\" in \"headline\" (a stats name "
				 "such as \"stats.pages_swapped_in\", or violations or warnings; "
				 "`gemsim list stats` lists them)",
				 text_clip(&c, s));
	if (!(L->sc->headline = strdup(s)))
		return load_fail(L, v, "out of memory");
	return 0;
}

/* An optional string @key of @root, copied into *@out. */
static int load_text(struct ld *L, const cJSON *root, const char *key, char **out)
{
	const cJSON *v = load_member(root, key);
	const char *s;

	if (!v)
		return 0;
	if (load_get_string(L, v, key, &s) || !(*out = strdup(s)))
		return -1;
	return 0;
}

/* The scenario's own keys: "version", "name", "description", "headline", "seed", "end". */
static int load_header(struct ld *L, const cJSON *root)
{
	struct scenario *sc = L->sc;
	struct numtext t;
	const cJSON *v;

	if (!(v = load_member(root, "version")))
		return load_fail(L, root, "missing \"version\": 1");
	if (!cJSON_IsNumber(v))
		return load_fail(L, v, "\"version\" must be the number 1, got %s",
				 load_type_name(v));
	if (v->valuedouble != 1)
		return load_fail(L, v, "unsupported \"version\" %s (this gemsim reads version 1)",
				 load_num(&t, v->valuedouble));
	if (load_text(L, root, "name", &sc->name) ||
	    load_text(L, root, "description", &sc->description))
		return -1;
	if ((v = load_member(root, "headline")) && load_headline(L, v))
		return -1;
	if ((v = load_member(root, "seed")) &&
	    load_get_uint(L, v, "seed", 0, UNITS_NUM_MAX, &sc->cfg.seed))
		return -1;
	if ((v = load_member(root, "end")) && load_get_time(L, v, "end", &sc->end))
		return -1;
	return 0;
}

/* Events by time, file order breaking ties (a stable sort); expectations by time. */
static int sort_events(struct ld *L)
{
	struct scenario *sc = L->sc;
	uint32_t n = sc->nevents;
	struct sim_event *sorted;
	uint64_t *key;

	if (sc->nexpects > 1)
		qsort(sc->expects, sc->nexpects, sizeof(*sc->expects), cmp_expect);
	if (n < 2)
		return 0;
	key = malloc((size_t)n * 2 * sizeof(*key));
	sorted = malloc((size_t)n * sizeof(*sorted));
	if (!key || !sorted) {
		free(key);
		free(sorted);
		return load_fail(L, NULL, "out of memory");
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
	return 0;
}

static int load_root(struct ld *L, const cJSON *root)
{
	static const char *const keys[] = { "version",   "name",   "description", "seed",
					    "model",     "memory", "policy",      "costs",
					    "devices",   "vms",    "objects",     "events",
					    "workloads", "expect", "end",         "captions",
					    "headline",  NULL };
	const cJSON *events, *e;

	if (load_want_object(L, root, "the scenario") ||
	    load_check_keys(L, root, "the scenario", keys))
		return -1;
	if (load_header(L, root) || load_model(L, load_member(root, "model")) ||
	    load_costs(L, load_member(root, "costs")))
		return -1;

	events = load_member(root, "events");
	if (!events && !load_member(root, "workloads"))
		return load_fail(L, root, "a scenario needs \"events\" or \"workloads\"");
	if (events && load_want_array(L, events, "\"events\""))
		return -1;

	if (load_memory(L, root) || load_policy(L, load_member(root, "policy")) ||
	    load_devices(L, load_member(root, "devices")) ||
	    load_vms(L, load_member(root, "vms")) || load_objects(L, load_member(root, "objects")))
		return -1;

	cJSON_ArrayForEach(e, events) if (load_define_event_names(L, e)) return -1;
	if (load_grow_bo_arrays(L))
		return load_fail(L, NULL, "out of memory");
	if (add_initial_creates(L))
		return load_fail(L, NULL, "out of memory");
	cJSON_ArrayForEach(e, events) if (load_event(L, e)) return -1;
	if (load_workloads(L, load_member(root, "workloads")) ||
	    load_expect(L, load_member(root, "expect")) ||
	    load_captions(L, load_member(root, "captions")))
		return -1;
	return sort_events(L);
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
		error_set(err, 0, 0, "out of memory");
		return NULL;
	}
	L.sc = sc;
	sim_config_defaults(&sc->cfg);
	sc->file = strdup(file);
	if (!sc->file) {
		error_set(err, 0, 0, "out of memory");
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
		error_set(err, 0, 0, "out of memory");
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

/*
 * Read @f to its end, not st_size bytes: a file of /proc says 0 and holds
 * more (it read as "empty file"), a file may grow meanwhile, a pipe has no
 * size.  @cap: the first guess.  Returns: the bytes, NUL after them, or NULL
 * with @err set.
 */
static char *read_all(FILE *f, size_t cap, size_t *len, struct sim_error *err)
{
	char *buf = malloc(cap + 1);
	size_t n = 0;

	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap || ferror(f) || n > LOAD_MAX_FILE_BYTES)
			break;
		cap = cap * 2 < (size_t)LOAD_MAX_FILE_BYTES + 1 ? cap * 2 :
								  (size_t)LOAD_MAX_FILE_BYTES + 1;
		char *more = realloc(buf, cap + 1);

		if (!more)
			free(buf);
		buf = more;
	}
	if (!buf || ferror(f) || n > LOAD_MAX_FILE_BYTES) {
		if (!buf)
			error_set(err, 0, 0, "out of memory");
		else if (ferror(f))
			error_set(err, 0, 0, "read error");
		else
			error_set(err, 0, 0, "file is more than the limit of %u bytes",
				  LOAD_MAX_FILE_BYTES);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/*
 * "-": standard input, read once; every later read of "-" (compare's second
 * run, each run of a sweep) gets a copy of the same bytes.
 */
static char *read_stdin(size_t *len, struct sim_error *err)
{
	static char *text;
	static size_t text_len;
	char *copy;

	if (!text) {
		text = read_all(stdin, 4096, &text_len, err);
		if (!text)
			return NULL;
	}
	copy = malloc(text_len + 1);
	if (!copy) {
		error_set(err, 0, 0, "out of memory");
		return NULL;
	}
	memcpy(copy, text, text_len + 1);
	*len = text_len;
	return copy;
}

char *load_read_file(const char *path, size_t *len, struct sim_error *err)
{
	struct stat st;
	FILE *f;
	char *buf;

	err->file = path;
	if (!strcmp(path, "-"))
		return read_stdin(len, err);
	if (stat(path, &st)) {
		error_set(err, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		error_set(err, 0, 0, "is a directory, not a scenario file");
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		error_set(err, 0, 0, "not a regular file");
		return NULL;
	}
	if ((uint64_t)st.st_size > LOAD_MAX_FILE_BYTES) {
		error_set(err, 0, 0, "file is %llu bytes, more than the limit of %u",
			  (unsigned long long)st.st_size, LOAD_MAX_FILE_BYTES);
		return NULL;
	}
	f = fopen(path, "rb");
	if (!f) {
		error_set(err, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	buf = read_all(f, (size_t)st.st_size + 1, len, err);
	fclose(f);
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
