// SPDX-License-Identifier: MIT
/*
 * error.c - filling and rendering struct sim_error (see error.h).
 */
#include "base/error.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void error_set(struct sim_error *e, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	assert(e && fmt);
	e->line = line;
	e->col = col;
	va_start(ap, fmt);
	if (vsnprintf(e->msg, sizeof(e->msg), fmt, ap) < 0)
		e->msg[0] = '\0';
	va_end(ap);
}

int error_format(const struct sim_error *e, char *buf, size_t len)
{
	const char *file = e->file ? e->file : "";
	const char *colon = e->file ? ":" : "";

	assert(buf || len == 0);
	if (e->line == 0)
		return snprintf(buf, len, "%s%s%s", file, e->file ? ": " : "", e->msg);
	if (e->col == 0)
		return snprintf(buf, len, "%s%s%u: %s", file, colon, e->line, e->msg);
	return snprintf(buf, len, "%s%s%u:%u: %s", file, colon, e->line, e->col, e->msg);
}

_Noreturn void sim_assert_fail(const char *cond, const char *file, int line)
{
	fprintf(stderr, "gemsim: internal error: %s:%d: assertion failed: %s\n", file, line, cond);
	abort();
}
