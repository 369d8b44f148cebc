/* SPDX-License-Identifier: MIT */
/*
 * base/jsonw.h - a small streaming JSON writer for gemsim's outputs (the
 * run summary, traces).  It tracks nesting to place commas, escapes strings
 * per RFC 8259, and prints integers exactly: no floating point in the
 * output unless asked, so the same run gives the same bytes everywhere.
 */
#ifndef GEMSIM_SIM_JSONW_H
#define GEMSIM_SIM_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH 32

struct jsonw {
	FILE *f;                     /* where it goes */
	int depth;                   /* open objects/arrays */
	bool first[JSONW_MAX_DEPTH]; /* nothing written yet at this level */
	bool pretty;                 /* newlines and indentation */
	bool after_key;              /* a key was written, its value comes next */
};

void jsonw_init(struct jsonw *w, FILE *f, bool pretty);
void jsonw_obj_open(struct jsonw *w);
void jsonw_obj_close(struct jsonw *w);
void jsonw_arr_open(struct jsonw *w);
void jsonw_arr_close(struct jsonw *w);
/** jsonw_key() - the key of the next member; the value follows with any jsonw_* call. */
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_str(struct jsonw *w, const char *s);
void jsonw_u64(struct jsonw *w, uint64_t v);
void jsonw_i64(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, bool v);
/** jsonw_double() - a number with up to @decimals decimals ("%.*f", C locale). */
void jsonw_double(struct jsonw *w, double v, int decimals);
/** jsonw_raw() - a value written as given (a number the caller formatted). */
void jsonw_raw(struct jsonw *w, const char *token);
/** jsonw_end() - finish the document with a newline. */
void jsonw_end(struct jsonw *w);

#endif
