/* SPDX-License-Identifier: MIT */
/*
 * jsonpos_int.h - what the two halves of jsonpos share, for base/jsonpos*.c
 * only: the scanner's state and records (base/jsonpos_scan.c fills them),
 * which jpos_parse() in base/jsonpos.c sets up, pairs with the cJSON tree
 * and frees.  Not for other callers: use base/jsonpos.h.
 */
#ifndef SIM_JSONPOS_INT_H
#define SIM_JSONPOS_INT_H

#include <stddef.h>

#include "base/jsonpos.h"

#define JPOS_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* One value as the scanner saw it. */
struct jpos_rec {
	unsigned line, col;         /* first character of the value */
	unsigned key_line, key_col; /* opening quote of its key, or 0 */
	unsigned char type;         /* the cJSON_* type it must parse to */
	unsigned char big;          /* a whole number past 2^53: its text in bigs[] */
};

/* A key of an object that is still open. */
struct jpos_key {
	size_t off, len;    /* decoded bytes, in scan->arena */
	size_t order;       /* index in keys[]: order of appearance */
	const char *bytes;  /* arena + off, set only while sorting */
	unsigned line, col; /* opening quote */
};

/* An array or object that is still open. */
struct jpos_frame {
	int is_object;
	size_t first_key;  /* its keys are keys[first_key..nkeys) */
	size_t arena_mark; /* and their bytes arena[arena_mark..] */
};

struct jpos_scan {
	const unsigned char *p;   /* next byte */
	const unsigned char *end; /* one past the last byte */
	unsigned line, col;       /* position of p */
	struct sim_error *err;

	struct jpos_rec *recs; /* one per value, pre-order */
	size_t nrecs, cap_recs;
	unsigned key_line, key_col; /* key of the next value, or 0 */

	struct jpos_key *keys; /* keys of open objects */
	size_t nkeys, cap_keys;
	char *arena; /* their decoded bytes */
	size_t narena, cap_arena;

	struct jpos_frame stack[JPOS_MAX_DEPTH];
	unsigned depth; /* open containers */

	char point; /* the locale's decimal point, for strtod() */

	char **bigs; /* the text of each record with .big, in order */
	size_t nbigs, cap_bigs;
};

/**
 * jpos_scan_text() - validate a whole JSON text, recording its values
 * @s: zeroed, then p/end set to the text (byte order mark already skipped),
 *     line = col = 1, err and point set; recs, keys and arena are the
 *     caller's to free afterwards, whatever the result
 *
 * Returns: 0 if the text is good JSON (s->recs holds one record per value,
 * in pre-order), or -1 with s->err filled.
 */
int jpos_scan_text(struct jpos_scan *s);

/**
 * jpos_offset_pos() - line and column of a byte offset, as the scanner
 *                     counts them (code points, '\n' ends a line)
 * @text: the text
 * @off: an offset into it
 * @line: its 1-based line
 * @col: its 1-based column
 *
 * Returns: nothing.
 */
void jpos_offset_pos(const unsigned char *text, size_t off, unsigned *line, unsigned *col);

#endif /* SIM_JSONPOS_INT_H */
