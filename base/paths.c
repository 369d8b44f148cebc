// SPDX-License-Identifier: MIT
/*
 * base/paths.c - the documents' and scenarios' folders for the help
 * texts (base/paths.h): a source tree around the executable, else the
 * installed folders under the PREFIX baked in at build time
 * (build/gen/prefix.h, which the Makefile rewrites when PREFIX changes).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/gen/prefix.h"
#include "base/paths.h"

/* Whether @dir holds the tree's docs/cli.md, scenarios/ and Makefile. */
static bool is_tree(const char *dir)
{
	static const char *const need[] = { "docs/cli.md", "scenarios", "Makefile" };
	char path[PATHS_MAX + 32];
	struct stat st;

	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, need[i]);
		if (stat(path, &st))
			return false;
	}
	return true;
}

/*
 * The tree the executable is in: its folder or up to two above it
 * (build/release/gemsim; ./gemsim is a link to it).  Returns: true with
 * @root filled, or false.
 */
static bool find_tree(char *root, size_t len)
{
	char self[PATHS_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return false;
	self[n] = '\0';
	for (int up = 0; up < 3; up++) {
		char *slash = strrchr(self, '/');

		if (!slash || slash == self)
			return false;
		*slash = '\0';
		if (is_tree(self)) {
			snprintf(root, len, "%s", self);
			return true;
		}
	}
	return false;
}

void paths_find(struct paths *p)
{
	char root[PATHS_MAX], cwd[PATHS_MAX];

	p->tree = find_tree(root, sizeof(root));
	if (!p->tree) {
		snprintf(p->docs, sizeof(p->docs), "%s/share/doc/gemsim/docs/", GEMSIM_PREFIX);
		snprintf(p->scenarios, sizeof(p->scenarios), "%s/share/gemsim/scenarios/",
			 GEMSIM_PREFIX);
		return;
	}
	/* from the tree's root the short names are the ones a user types */
	if (getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, root))
		root[0] = '\0';
	snprintf(p->docs, sizeof(p->docs), "%s%sdocs/", root, root[0] ? "/" : "");
	snprintf(p->scenarios, sizeof(p->scenarios), "%s%sscenarios/", root, root[0] ? "/" : "");
}

/* The folder @s starts with ("docs/" or "scenarios/"), its length in *@n, or NULL. */
static const char *folder_at(const char *s, const struct paths *p, size_t *n)
{
	if (!strncmp(s, "docs/", 5)) {
		*n = 5;
		return p->docs;
	}
	if (!strncmp(s, "scenarios/", 10)) {
		*n = 10;
		return p->scenarios;
	}
	return NULL;
}

char *paths_expand(const char *text, const struct paths *p)
{
	size_t extra = strlen(p->docs) > strlen(p->scenarios) ? strlen(p->docs) :
								strlen(p->scenarios);
	size_t words = 1;
	char *out, *o;

	for (const char *s = text; (s = strchr(s, '/')); s++)
		words++;
	out = malloc(strlen(text) + words * extra + 1);
	if (!out)
		return NULL;
	o = out;
	for (const char *s = text; *s;) {
		bool start = s == text || strchr(" (\"'\n", s[-1]);
		size_t n;
		const char *dir = start ? folder_at(s, p, &n) : NULL;

		if (dir) {
			o = stpcpy(o, dir);
			s += n;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

char *paths_help(const char *usage, const char *doc)
{
	struct paths p;
	char *text, *out;
	size_t len;

	paths_find(&p);
	text = paths_expand(usage, &p);
	if (!text)
		return NULL;
	len = strlen(text) + strlen(p.docs) + strlen(doc) + strlen(p.scenarios) + 64;
	out = malloc(len);
	if (out)
		snprintf(out, len, "%s\nDocs: %s (%s); scenarios: %s\n", text, p.docs, doc,
			 p.scenarios);
	free(text);
	return out;
}
