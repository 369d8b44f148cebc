// SPDX-License-Identifier: MIT
/*
 * run/workload_csv.c - gemsim's own csv trace: TIME,OP,NAME[,ARG] lines
 * (docs/workloads.md), each a scenario op on an object run at its time.
 * The reader, the object names and the implicit mmap of "access" are
 * run/workload_trace.c's.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gem/pg.h"
#include "gem/shm.h"
#include "run/load.h"
#include "run/run.h"
#include "base/text.h"
#include "base/units.h"
#include "run/workload.h"
#include "run/workload_int.h"
#include "run/ops.h"

static int parse_trace_time(const char *tok, sim_ns *out, const char **why)
{
	const char *p = tok;

	while (isdigit((unsigned char)*p) || *p == '.')
		p++;
	if (*p)
		return units_time_str(tok, out, why);

	char *end;
	double us = strtod(tok, &end);

	if (*end || end == tok) {
		*why = "not a time";
		return -1;
	}
	return units_time_num(us, out, why);
}

/*
 * One CSV line: TIME,OP,NAME[,ARG].  OP is a scenario op on an object
 * (create NAME PAGES, free, get_pages, put_pages, pin, unpin, vmap, vunmap,
 * madvise NAME dontneed|willneed, get_pages_sgt, purge, evict, swapin),
 * "access NAME [PAGE]" (a CPU touch through an implicit mmap), or
 * "pressure|release PAGES" and "shrink NR" with no name.
 */
static int trace_csv_parse(struct wl_set *ws, struct wl_run *r, char *line, sim_ns *at, char **op,
			   char **name, char **arg)
{
	char *tok[5] = { 0 };
	int n = 0;
	const char *why;
	struct text_clip c;

	for (char *p = line; n < 5; n++) {
		while (*p == ' ' || *p == '\t')
			p++;
		tok[n] = p;
		p = strchr(p, ',');
		if (!p) {
			n++;
			break;
		}
		*p++ = '\0';
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(tok[i]);

		while (len && (tok[i][len - 1] == ' ' || tok[i][len - 1] == '\t'))
			tok[i][--len] = '\0';
	}
	if (n < 2 || n > 4)
		return wl_trace_fail(ws, r, "expected TIME,OP[,NAME[,ARG]], got %d fields", n);
	if (parse_trace_time(tok[0], at, &why))
		return wl_trace_fail(ws, r, "bad time \"%s\": %s", text_clip(&c, tok[0]), why);
	*op = tok[1];
	*name = n > 2 ? tok[2] : NULL;
	*arg = n > 3 ? tok[3] : NULL;
	return 0;
}

static int parse_count(const char *s, uint64_t *out)
{
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	*out = strtoull(s, &end, 10);
	return *end || *out > (1ull << 40) ? -1 : 0;
}

static int trace_csv_run(struct sim *s, struct wl_set *ws, struct wl_run *r, char *op, char *name,
			 char *arg)
{
	static const enum sim_op simple[] = { SIM_OP_FREE,   SIM_OP_GET_PAGES,     SIM_OP_PUT_PAGES,
					      SIM_OP_PIN,    SIM_OP_UNPIN,         SIM_OP_VMAP,
					      SIM_OP_VUNMAP, SIM_OP_GET_PAGES_SGT, SIM_OP_PURGE,
					      SIM_OP_EVICT,  SIM_OP_SWAPIN };
	uint64_t n = 0;
	struct text_clip c;
	size_t k = 0;
	int ret;

	/* the op first: "0,frob,x" is an unknown op, whatever x names */
	while (k < sizeof(simple) / sizeof(simple[0]) && strcmp(op, ops_table[simple[k]].name))
		k++;
	if (k == sizeof(simple) / sizeof(simple[0]) && strcmp(op, "pressure") &&
	    strcmp(op, "release") && strcmp(op, "shrink") && strcmp(op, "create") &&
	    strcmp(op, "access") && strcmp(op, "madvise"))
		return wl_trace_fail(ws, r, "unknown trace op \"%s\"", text_clip(&c, op));
	if (!strcmp(op, "pressure") || !strcmp(op, "release") || !strcmp(op, "shrink")) {
		if (!name || arg || parse_count(name, &n) || !n)
			return wl_trace_fail(ws, r, "%s takes one count, e.g. \"%s,64\"", op,
					     text_clip(&c, op));
		if (op[0] == 'p')
			ret = pg_pressure(s, n);
		else if (op[0] == 'r')
			ret = pg_release(s, n);
		else
			ret = run_dispatch(s, ws->sc,
					   &(struct sim_event){ .op = SIM_OP_SHRINK, .x = n });
		return ret < 0 ? 1 : 0;
	}
	if (!name || !*name)
		return wl_trace_fail(ws, r, "%s needs an object name", text_clip(&c, op));
	if (!strcmp(op, "create")) {
		if (parse_count(arg, &n) || !n || n > (1ull << 27))
			return wl_trace_fail(ws, r,
					     "create takes a size in pages, e.g. "
					     "\"0,create,bo9,16\"");
		if (!text_name_valid(name))
			return wl_trace_fail(ws, r,
					     "create: name \"%s\" is not 1 to %d letters, "
					     "digits, '_' or '-'",
					     text_clip(&c, name), LOAD_MAX_NAME_LEN);
		uint32_t bo = wl_trace_bo(s, ws, name, true);

		if (bo == SIM_NONE)
			return wl_trace_fail(ws, r, "out of memory");
		return shm_create(s, bo, n, 0) < 0;
	}

	uint32_t bo = wl_trace_bo(s, ws, name, false);

	if (bo == SIM_NONE)
		return wl_trace_fail(ws, r,
				     "unknown object \"%s\" (define it in the scenario or with "
				     "a create line)",
				     text_clip(&c, name));
	if (!strcmp(op, "access")) {
		if (arg && parse_count(arg, &n))
			return wl_trace_fail(ws, r, "access takes a page number");
		return wl_trace_touch(s, ws, bo, n) < 0;
	}
	if (!strcmp(op, "madvise")) {
		if (!arg || (strcmp(arg, "dontneed") && strcmp(arg, "willneed")))
			return wl_trace_fail(ws, r, "madvise takes dontneed or willneed");
		return shm_madvise(s, bo, arg[0] == 'd') < 0;
	}
	/* one of simple[], found above */
	if (arg)
		return wl_trace_fail(ws, r, "%s takes only an object name", text_clip(&c, op));
	return run_dispatch(s, ws->sc, &(struct sim_event){ .op = (uint16_t)simple[k], .a = bo }) <
	       0;
}

/*
 * Fire a gemsim csv trace: run every line whose time has come, then
 * schedule the next.  Times are relative to the workload's start and must
 * not go backwards.
 */
int wl_trace_fire_csv(struct sim *s, struct wl_set *ws, struct wl_run *r, sim_ns *next)
{
	const struct sim_workload *w = r->w;

	for (;;) {
		char *line = NULL;
		int got;

		if (r->pending) {
			line = r->pending;
		} else {
			got = wl_trace_read(ws, r, &line);
			if (got < 0)
				return -1;
			if (got == 0) {
				*next = UINT64_MAX;
				return 0;
			}
		}

		/* CSV: parse a copy, so a line not yet due can wait as it is. */
		char work[WL_TRACE_LINE], *op = NULL, *name = NULL, *arg = NULL;
		sim_ns at = 0;

		strcpy(work, line);
		if (trace_csv_parse(ws, r, work, &at, &op, &name, &arg))
			return -1;
		if (at < r->last_at)
			return wl_trace_fail(ws, r, "time goes backwards (a trace must be sorted)");
		r->last_at = at;
		if (sim_time_add(w->start, at) > s->now) {
			if (!r->pending && !(r->pending = strdup(line)))
				return wl_trace_fail(ws, r, "out of memory");
			*next = sim_time_add(w->start, at);
			return 0;
		}
		free(r->pending);
		r->pending = NULL;

		int ret = trace_csv_run(s, ws, r, op, name, arg);

		if (ret < 0)
			return -1;
		r->st.actions++;
		r->st.errors += (uint64_t)ret;
	}
}
