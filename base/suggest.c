// SPDX-License-Identifier: MIT
/*
 * base/suggest.c - "did you mean": the nearest known name to an unknown
 * one (Levenshtein distance over two rows), and the list of known names.
 * Runs only on the error path, so a plain scan of every name is fine.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/suggest.h"

#define SUGGEST_MAXLEN 63

unsigned suggest_distance(const char *a, const char *b)
{
	unsigned row[2][SUGGEST_MAXLEN + 1];
	size_t la = strnlen(a, SUGGEST_MAXLEN), lb = strnlen(b, SUGGEST_MAXLEN);

	for (size_t j = 0; j <= lb; j++)
		row[0][j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned *prev = row[(i - 1) & 1], *cur = row[i & 1];

		cur[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned sub = prev[j - 1] + (tolower((unsigned char)a[i - 1]) !=
						      tolower((unsigned char)b[j - 1]));
			unsigned del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
	}
	return row[la & 1][lb];
}

char *suggest_nearest(const char *word, const char *what, const char *const *names, size_t n,
		      char *buf, size_t len)
{
	const char *best = NULL;
	unsigned best_d = 1 + (unsigned)strnlen(word, SUGGEST_MAXLEN) / 3 + 1;
	size_t used = 0, listed = 0, named = 0;
	int w;

	if (!len)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		unsigned d;

		if (!names[i])
			continue;
		named++;
		d = suggest_distance(word, names[i]);
		if (d < best_d) {
			best = names[i];
			best_d = d;
		}
	}
	/* "swapped_in" for "pages_swapped_in": a known name containing the word */
	for (size_t i = 0; i < n && !best && strlen(word) >= 3; i++)
		if (names[i] && strstr(names[i], word))
			best = names[i];
	if (!named) {
		snprintf(buf, len, "no %s are defined", what);
		return buf;
	}
	w = best ? snprintf(buf, len, "did you mean \"%.60s\"? %s: ", best, what) :
		   snprintf(buf, len, "%s: ", what);
	if (w < 0 || (size_t)w >= len)
		return buf;
	used = (size_t)w;
	for (size_t i = 0; i < n; i++) {
		size_t l, more = 24; /* room kept for ", ... (N more)" */

		if (!names[i])
			continue;
		l = strlen(names[i]);
		if (used + l + 2 + more >= len)
			break;
		used += (size_t)snprintf(buf + used, len - used, "%s%s", listed ? ", " : "",
					 names[i]);
		listed++;
	}
	if (listed < named)
		snprintf(buf + used, len - used, "%s... (%zu more)", listed ? ", " : "",
			 named - listed);
	return buf;
}
