// SPDX-License-Identifier: MIT
/*
 * base/jsonw.c - streaming JSON writer.
 */
#include "base/jsonw.h"
#include "base/error.h"
#include "base/text.h"

void jsonw_init(struct jsonw *w, FILE *f, bool pretty)
{
	w->f = f;
	w->depth = 0;
	w->first[0] = true;
	w->pretty = pretty;
	w->after_key = false;
}

static void indent(struct jsonw *w)
{
	if (!w->pretty)
		return;
	fputc('\n', w->f);
	for (int i = 0; i < w->depth; i++)
		fputs("  ", w->f);
}

/* Separator before a value or a key at the current level. */
static void sep(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth])
		fputc(',', w->f);
	w->first[w->depth] = false;
	if (w->depth > 0)
		indent(w);
}

static void open_(struct jsonw *w, char c)
{
	sep(w);
	fputc(c, w->f);
	SIM_ASSERT(w->depth + 1 < JSONW_MAX_DEPTH);
	w->first[++w->depth] = true;
}

static void close_(struct jsonw *w, char c)
{
	bool empty = w->first[w->depth];

	SIM_ASSERT(w->depth > 0);
	w->depth--;
	if (!empty)
		indent(w);
	fputc(c, w->f);
}

void jsonw_obj_open(struct jsonw *w)
{
	open_(w, '{');
}
void jsonw_obj_close(struct jsonw *w)
{
	close_(w, '}');
}
void jsonw_arr_open(struct jsonw *w)
{
	open_(w, '[');
}
void jsonw_arr_close(struct jsonw *w)
{
	close_(w, ']');
}

void jsonw_key(struct jsonw *w, const char *key)
{
	sep(w);
	text_json(w->f, key);
	fputs(w->pretty ? ": " : ":", w->f);
	w->after_key = true;
}

void jsonw_str(struct jsonw *w, const char *s)
{
	sep(w);
	text_json(w->f, s);
}

void jsonw_u64(struct jsonw *w, uint64_t v)
{
	sep(w);
	fprintf(w->f, "%llu", (unsigned long long)v);
}

void jsonw_i64(struct jsonw *w, int64_t v)
{
	sep(w);
	fprintf(w->f, "%lld", (long long)v);
}

void jsonw_bool(struct jsonw *w, bool v)
{
	sep(w);
	fputs(v ? "true" : "false", w->f);
}

void jsonw_double(struct jsonw *w, double v, int decimals)
{
	sep(w);
	if (v != v || v > 1e300 || v < -1e300)
		fputs("null", w->f);
	else
		fprintf(w->f, "%.*f", decimals, v);
}

void jsonw_raw(struct jsonw *w, const char *token)
{
	sep(w);
	fputs(token, w->f);
}

void jsonw_end(struct jsonw *w)
{
	fputc('\n', w->f);
}
