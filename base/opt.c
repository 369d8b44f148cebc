// SPDX-License-Identifier: MIT
/*
 * base/opt.c - the table-driven command-line parser of every command
 * (base/opt.h): look each argument up in the table, split "--opt=value"
 * and "-jN", take the value, and hand it to its target or handler.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/opt.h"
#include "base/suggest.h"

const struct opt *opt_find(const struct opt *opts, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(opts[i].name, name) || (opts[i].alias && !strcmp(opts[i].alias, name)))
			return &opts[i];
	return NULL;
}

const char *opt_take(struct opt_parser *p)
{
	return p->i + 1 < p->argc ? p->argv[++p->i] : NULL;
}

/* "unknown option '--jsn' (did you mean "--json"? options: --json, ...)" */
static int unknown(struct opt_parser *p, const char *a)
{
	const char **names = calloc(p->nopts * 2 + 1, sizeof(*names));
	char near[OPT_MSG - 128];
	size_t n = 0;

	for (size_t i = 0; names && i < p->nopts; i++) {
		names[n++] = p->opts[i].name;
		if (p->opts[i].alias)
			names[n++] = p->opts[i].alias;
	}
	if (names)
		suggest_nearest(a, "options", names, n, near, sizeof(near));
	else
		near[0] = '\0';
	snprintf(p->msg, sizeof(p->msg), "unknown option '%.80s'%s%s%s", a, near[0] ? " (" : "",
		 near, near[0] ? ")" : "");
	free(names);
	return -1;
}

/* One option argument @a: its entry, its value, then its target or handler. */
static int one(struct opt_parser *p, const char *a)
{
	const char *eq = strncmp(a, "--", 2) ? NULL : strchr(a, '=');
	const struct opt *o;
	const char *val = NULL;
	char name[128];

	if (eq) {
		/* "--opt=value" */
		snprintf(name, sizeof(name), "%.*s", (int)(eq - a < 127 ? eq - a : 127), a);
		val = eq + 1;
	} else if (a[1] != '-' && a[2]) {
		/* "-jN": a one-letter name glued to its value */
		snprintf(name, sizeof(name), "%.2s", a);
		o = opt_find(p->opts, p->nopts, name);
		if (!o || !o->arg)
			return unknown(p, a);
		val = a + 2;
	} else {
		snprintf(name, sizeof(name), "%s", a);
	}
	o = opt_find(p->opts, p->nopts, name);
	if (!o)
		return unknown(p, eq ? name : a);
	if (!o->arg && val) {
		snprintf(p->msg, sizeof(p->msg), "%s takes no value ('%.80s')", o->name, a);
		return -1;
	}
	if (o->arg && !val && !(val = opt_take(p))) {
		snprintf(p->msg, sizeof(p->msg), "%s needs a value (%s)", o->name, o->arg);
		return -1;
	}
	if (o->flag) {
		*o->flag = true;
		return 0;
	}
	if (o->str) {
		*o->str = val;
		return 0;
	}
	return p->handle ? p->handle(p->ctx, o->id, val, p) : 0;
}

int opt_parse(struct opt_parser *p, int argc, char **argv)
{
	bool operands = false;
	int ret = 0;

	p->msg[0] = '\0';
	p->argc = argc;
	p->argv = argv;
	for (p->i = 1; p->i < argc && !ret; p->i++) {
		const char *a = argv[p->i];

		if (!operands && !strcmp(a, "--"))
			operands = true;
		else if (!operands && a[0] == '-' && a[1])
			ret = one(p, a);
		else if (p->handle)
			ret = p->handle(p->ctx, OPT_OPERAND, a, p);
		else
			ret = (snprintf(p->msg, sizeof(p->msg), "unexpected argument '%.80s'", a),
			       -1);
	}
	return ret;
}
