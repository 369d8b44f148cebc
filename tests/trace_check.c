// SPDX-License-Identifier: MIT
/*
 * tests/trace_check.c - validate a `gemsim run --trace` file against the
 * Chrome trace-event format that Perfetto and chrome://tracing read.
 *
 *   gemsim-trace-check FILE...
 *
 * Checks, per the trace-event format document ("Trace Event Format",
 * Google, the JSON Object Format):
 *   - the file is one JSON object with a "traceEvents" array (and, when
 *     present, "displayTimeUnit" "ms" or "ns" and an object "otherData");
 *   - every event is an object with a string "name", "ph" one of X i C M B
 *     E, integer "pid" and "tid" >= 0, a number "ts" >= 0 (M may omit it);
 *   - X has a number "dur" >= 0; i has "s" one of g p t; C has an object
 *     "args" whose every value is a number; M is process_name or
 *     thread_name with args.name a string, or process_sort_index or
 *     thread_sort_index with args.sort_index an integer;
 *   - "args", where present, is an object;
 *   - B and E nest per (pid, tid): every E closes an open B, none is left
 *     open at the end, and an E is not earlier than its B;
 *   - flow events s, t and f have a string "cat" and an integer "id"; every
 *     t and f continues a flow an s of the same cat and id started, not
 *     earlier than it; "bp", where present, is "e";
 *   - when otherData says "generator": "gemsim", it names the "version",
 *     "scenario" and "kernel" (strings) and the "seed" (an integer);
 *   - X slices and instants of one track are written in time order is NOT
 *     required (viewers sort), but every ts and dur is finite.
 * Prints one line per problem (at most 20 per file) and exits 1 if any.
 */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#define MAX_REPORTS 20
#define MAX_OPEN 4096

/* one end of a flow: matched by (cat, id) when the file is read */
struct flow_end {
	char cat[32];
	double id, ts;
	int idx;
	char ph;
};

struct checker {
	const char *file;
	unsigned problems;
	struct flow_end *flows;
	size_t nflows, cap_flows;
	/* open B slices: (pid, tid, ts) */
	double open_pid[MAX_OPEN], open_tid[MAX_OPEN], open_ts[MAX_OPEN];
	unsigned nopen;
};

__attribute__((format(printf, 3, 4))) static void problem(struct checker *c, int idx,
							  const char *fmt, ...)
{
	va_list ap;

	if (c->problems++ >= MAX_REPORTS)
		return;
	if (idx >= 0)
		fprintf(stderr, "%s: traceEvents[%d]: ", c->file, idx);
	else
		fprintf(stderr, "%s: ", c->file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static bool is_int(const cJSON *v)
{
	return cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble >= 0 &&
	       v->valuedouble == floor(v->valuedouble) && v->valuedouble < 9007199254740992.0;
}

static bool is_time(const cJSON *v)
{
	return cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble >= 0;
}

static void check_meta(struct checker *c, int i, const char *name, const cJSON *args)
{
	if (!strcmp(name, "process_name") || !strcmp(name, "thread_name")) {
		if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(args, "name")))
			problem(c, i, "M %s needs args.name, a string", name);
	} else if (!strcmp(name, "process_sort_index") || !strcmp(name, "thread_sort_index")) {
		if (!is_int(cJSON_GetObjectItemCaseSensitive(args, "sort_index")))
			problem(c, i, "M %s needs args.sort_index, an integer", name);
	} else {
		problem(c, i, "M event with unknown name \"%s\"", name);
	}
}

static void check_flow(struct checker *c, int i, char p, const cJSON *e, const cJSON *ts)
{
	const cJSON *cat = cJSON_GetObjectItemCaseSensitive(e, "cat");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");
	const cJSON *bp = cJSON_GetObjectItemCaseSensitive(e, "bp");
	struct flow_end *f;

	if (!cJSON_IsString(cat) || !is_int(id) || !is_time(ts)) {
		problem(c, i, "flow %c needs a string \"cat\" and an integer \"id\"", p);
		return;
	}
	if (bp && (!cJSON_IsString(bp) || strcmp(bp->valuestring, "e")))
		problem(c, i, "flow %c: \"bp\" must be \"e\"", p);
	if (c->nflows == c->cap_flows) {
		size_t cap = c->cap_flows ? c->cap_flows * 2 : 256;
		struct flow_end *n = realloc(c->flows, cap * sizeof(*n));

		if (!n) {
			problem(c, i, "out of memory");
			return;
		}
		c->flows = n;
		c->cap_flows = cap;
	}
	f = &c->flows[c->nflows++];
	snprintf(f->cat, sizeof(f->cat), "%s", cat->valuestring);
	f->id = id->valuedouble;
	f->ts = ts->valuedouble;
	f->idx = i;
	f->ph = p;
}

static int flow_cmp(const void *a, const void *b)
{
	const struct flow_end *x = a, *y = b;
	int k = strcmp(x->cat, y->cat);

	if (k)
		return k;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if ((x->ph == 's') != (y->ph == 's'))
		return x->ph == 's' ? -1 : 1; /* the start first */
	return x->idx - y->idx;
}

/* Every t and f continues a flow that an s of the same (cat, id) began. */
static void check_flows(struct checker *c)
{
	if (!c->nflows)
		return;
	qsort(c->flows, c->nflows, sizeof(*c->flows), flow_cmp);
	for (size_t k = 0; k < c->nflows; k++) {
		const struct flow_end *f = &c->flows[k];
		const struct flow_end *s = k ? &c->flows[k - 1] : NULL;

		if (f->ph == 's') {
			if (s && s->ph == 's' && s->id == f->id && !strcmp(s->cat, f->cat))
				problem(c, f->idx, "flow s: id %.0f started twice", f->id);
			continue;
		}
		while (s && s->ph != 's' && s > c->flows && s[-1].id == f->id &&
		       !strcmp(s[-1].cat, f->cat))
			s--;
		if (!s || s->ph != 's' || s->id != f->id || strcmp(s->cat, f->cat))
			problem(c, f->idx, "flow %c: no s started flow %.0f", f->ph, f->id);
		else if (f->ts < s->ts)
			problem(c, f->idx, "flow %c: earlier than its s", f->ph);
	}
}

/* A gemsim trace says what made it. */
static void check_other(struct checker *c, const cJSON *v)
{
	static const char *const strs[] = { "version", "scenario", "kernel" };
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(v, "generator");

	if (!cJSON_IsString(g) || strcmp(g->valuestring, "gemsim"))
		return;
	for (size_t k = 0; k < sizeof(strs) / sizeof(strs[0]); k++)
		if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, strs[k])))
			problem(c, -1, "otherData of a gemsim trace needs \"%s\", a string",
				strs[k]);
	if (!is_int(cJSON_GetObjectItemCaseSensitive(v, "seed")))
		problem(c, -1, "otherData of a gemsim trace needs \"seed\", an integer");
}

static void check_event(struct checker *c, int i, const cJSON *e)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "name");
	const cJSON *ph = cJSON_GetObjectItemCaseSensitive(e, "ph");
	const cJSON *pid = cJSON_GetObjectItemCaseSensitive(e, "pid");
	const cJSON *tid = cJSON_GetObjectItemCaseSensitive(e, "tid");
	const cJSON *ts = cJSON_GetObjectItemCaseSensitive(e, "ts");
	const cJSON *args = cJSON_GetObjectItemCaseSensitive(e, "args");
	char p;

	if (!cJSON_IsObject(e)) {
		problem(c, i, "not an object");
		return;
	}
	if (!cJSON_IsString(name)) {
		problem(c, i, "no \"name\" string");
		return;
	}
	if (!cJSON_IsString(ph) || strlen(ph->valuestring) != 1 ||
	    !strchr("XiCMBEstf", ph->valuestring[0])) {
		problem(c, i, "\"ph\" is not one of X i C M B E s t f");
		return;
	}
	p = ph->valuestring[0];
	if (!is_int(pid) || !is_int(tid))
		problem(c, i, "%c \"%s\": pid and tid must be integers >= 0", p, name->valuestring);
	if (p != 'M' && !is_time(ts))
		problem(c, i, "%c \"%s\": \"ts\" must be a number >= 0", p, name->valuestring);
	if (p == 'M' && ts && !is_time(ts))
		problem(c, i, "M \"%s\": \"ts\" must be a number >= 0", name->valuestring);
	if (args && !cJSON_IsObject(args))
		problem(c, i, "%c \"%s\": \"args\" must be an object", p, name->valuestring);
	switch (p) {
	case 'X':
		if (!is_time(cJSON_GetObjectItemCaseSensitive(e, "dur")))
			problem(c, i, "X \"%s\": \"dur\" must be a number >= 0", name->valuestring);
		break;
	case 'i': {
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(e, "s");

		if (!cJSON_IsString(s) || strlen(s->valuestring) != 1 ||
		    !strchr("gpt", s->valuestring[0]))
			problem(c, i, "i \"%s\": \"s\" must be \"g\", \"p\" or \"t\"",
				name->valuestring);
		break;
	}
	case 'C': {
		const cJSON *a;

		if (!cJSON_IsObject(args) || !args->child) {
			problem(c, i, "C \"%s\": needs an \"args\" object of numbers",
				name->valuestring);
			break;
		}
		cJSON_ArrayForEach(a, args) if (!cJSON_IsNumber(a) || !isfinite(a->valuedouble))
			problem(c, i, "C \"%s\": args.%s is not a number", name->valuestring,
				a->string);
		break;
	}
	case 's':
	case 't':
	case 'f': check_flow(c, i, p, e, ts); break;
	case 'M':
		if (!cJSON_IsObject(args))
			problem(c, i, "M \"%s\": needs \"args\"", name->valuestring);
		else
			check_meta(c, i, name->valuestring, args);
		break;
	case 'B':
		if (c->nopen == MAX_OPEN) {
			problem(c, i, "more than %d B slices open", MAX_OPEN);
			break;
		}
		if (is_int(pid) && is_int(tid) && is_time(ts)) {
			c->open_pid[c->nopen] = pid->valuedouble;
			c->open_tid[c->nopen] = tid->valuedouble;
			c->open_ts[c->nopen] = ts->valuedouble;
			c->nopen++;
		}
		break;
	case 'E': {
		unsigned k = c->nopen;

		if (!is_int(pid) || !is_int(tid) || !is_time(ts))
			break;
		while (k > 0 && (c->open_pid[k - 1] != pid->valuedouble ||
				 c->open_tid[k - 1] != tid->valuedouble))
			k--;
		if (!k) {
			problem(c, i, "E \"%s\" closes no open B on its track", name->valuestring);
			break;
		}
		if (ts->valuedouble < c->open_ts[k - 1])
			problem(c, i, "E \"%s\" ends before its B begins", name->valuestring);
		memmove(&c->open_pid[k - 1], &c->open_pid[k], (c->nopen - k) * sizeof(double));
		memmove(&c->open_tid[k - 1], &c->open_tid[k], (c->nopen - k) * sizeof(double));
		memmove(&c->open_ts[k - 1], &c->open_ts[k], (c->nopen - k) * sizeof(double));
		c->nopen--;
		break;
	}
	default: break;
	}
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n + 65536 + 1 > cap) {
			char *p;

			cap = cap ? cap * 2 : 1 << 20;
			p = realloc(buf, cap);
			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		size_t got = fread(buf + n, 1, 65536, f);

		n += got;
		if (got < 65536)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int check_file(const char *path)
{
	static struct checker c;
	size_t len;
	char *text = read_file(path, &len);
	cJSON *root, *evs, *e, *v;
	int i = 0;

	memset(&c, 0, sizeof(c));
	c.file = path;
	if (!text) {
		perror(path);
		return 1;
	}
	root = cJSON_ParseWithLength(text, len);
	free(text);
	if (!root || !cJSON_IsObject(root)) {
		problem(&c, -1, "not a JSON object");
		cJSON_Delete(root);
		return 1;
	}
	evs = cJSON_GetObjectItemCaseSensitive(root, "traceEvents");
	if (!cJSON_IsArray(evs))
		problem(&c, -1, "no \"traceEvents\" array");
	v = cJSON_GetObjectItemCaseSensitive(root, "displayTimeUnit");
	if (v &&
	    (!cJSON_IsString(v) || (strcmp(v->valuestring, "ms") && strcmp(v->valuestring, "ns"))))
		problem(&c, -1, "\"displayTimeUnit\" must be \"ms\" or \"ns\"");
	v = cJSON_GetObjectItemCaseSensitive(root, "otherData");
	if (v && !cJSON_IsObject(v))
		problem(&c, -1, "\"otherData\" must be an object");
	else if (v)
		check_other(&c, v);
	if (cJSON_IsArray(evs)) {
		cJSON_ArrayForEach(e, evs) check_event(&c, i++, e);
		if (i == 0)
			problem(&c, -1, "no events");
	}
	if (c.nopen)
		problem(&c, -1, "%u B slice(s) never closed", c.nopen);
	check_flows(&c);
	free(c.flows);
	cJSON_Delete(root);
	if (c.problems > MAX_REPORTS)
		fprintf(stderr, "%s: %u more problems\n", path, c.problems - MAX_REPORTS);
	return c.problems ? 1 : 0;
}

int main(int argc, char **argv)
{
	int bad = 0;

	if (argc < 2) {
		fputs("usage: gemsim-trace-check FILE...\n", stderr);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		bad |= check_file(argv[i]);
	return bad;
}
