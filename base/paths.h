/* SPDX-License-Identifier: MIT */
/*
 * base/paths.h - where gemsim's documents and scenarios are, for the
 * help texts to name: the source tree's docs/ and scenarios/ when the
 * program runs from a tree (./gemsim, build/VARIANT/gemsim), else the
 * installed ones under the PREFIX it was built for ($PREFIX/share/doc/
 * gemsim/docs/, $PREFIX/share/gemsim/scenarios/; `make install`).
 *
 *   tree, run from its root    docs/                  scenarios/
 *   tree, run from elsewhere   /path/to/tree/docs/    /path/to/tree/scenarios/
 *   installed                  PREFIX/share/doc/gemsim/docs/
 *                              PREFIX/share/gemsim/scenarios/
 *
 * Library code: it finds and rewrites, the caller prints.
 */
#ifndef GEMSIM_SIM_PATHS_H
#define GEMSIM_SIM_PATHS_H

#include <stdbool.h>

#define PATHS_MAX 4096

/** struct paths - the folders, each ending in '/'. */
struct paths {
	char docs[PATHS_MAX + 32];
	char scenarios[PATHS_MAX + 32];
	bool tree; /* a source tree's, not the installed ones */
};

/** paths_find() - fill @p for the running program (see the header comment). */
void paths_find(struct paths *p);

/**
 * paths_expand() - @text with every "docs/" and "scenarios/" that starts a
 * word (after a space, '(', '"', '\'' or a line's start) replaced by @p's
 * folders: a help text that names the files where they are.
 * Returns: a malloc'd string, or NULL out of memory.
 */
char *paths_expand(const char *text, const struct paths *p);

/**
 * paths_help() - a help text as printed: @usage through paths_expand(),
 * then "Docs: DOCS (@doc); scenarios: SCENARIOS".
 * Returns: a malloc'd string, or NULL out of memory.
 */
char *paths_help(const char *usage, const char *doc);

#endif
