/* SPDX-License-Identifier: MIT */
/*
 * base/suggest.h - "did you mean" for an unknown name: the nearest known
 * name by edit distance, and the list of known names, as text to append to
 * an error message.  Library code: it formats, the caller prints.
 *
 *   unknown op "pinn" (did you mean "pin"? ops: create, free, ...)
 *
 * A name is suggested when it is within 1 + len/3 edits (insertions,
 * deletions, substitutions, ignoring case) of the unknown one, so "pinn"
 * finds "pin" and "tx" finds "tex", but "zzz" finds nothing; failing that,
 * the first known name that contains it ("swapped_in": "pages_swapped_in").  The list
 * stops at what fits in the buffer and says how many it left out.
 */
#ifndef GEMSIM_SIM_SUGGEST_H
#define GEMSIM_SIM_SUGGEST_H

#include <stddef.h>

/**
 * suggest_nearest() - describe the known names near an unknown one
 * @word: the unknown name
 * @what: what the names are, plural ("ops", "objects")
 * @names: the known names; NULL entries are skipped
 * @n: how many
 * @buf: where to write "did you mean \"X\"? WHAT: a, b, c" (or only the
 *       list when nothing is near, or "no WHAT are defined" when @n is 0)
 * @len: size of @buf; the text is cut at a name boundary to fit
 *
 * Returns: @buf.
 */
char *suggest_nearest(const char *word, const char *what, const char *const *names, size_t n,
		      char *buf, size_t len);

/**
 * suggest_distance() - the edit distance of two names, ignoring case
 * (names longer than 63 bytes are compared on their first 63).
 */
unsigned suggest_distance(const char *a, const char *b);

#endif
