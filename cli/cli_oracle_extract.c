// SPDX-License-Identifier: MIT
/*
 * cli/cli_oracle_extract.c - the drm_gem_lru_* functions of a kernel
 * tree's drivers/gpu/drm/drm_gem.c, cut out by name for the oracle's
 * kernel side (docs/oracle.md).  drm_gem.c as a whole needs far more of
 * the kernel than the stand-ins give, so only these functions are
 * compiled: each definition is found by its name, taken from its return
 * type's line to its closing brace, and written out under a #line naming
 * the tree's file, so a compile error points into the tree.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_oracle.h"

/* in the order the tree defines them; the _locked ones are static in some trees */
static const struct {
	const char *name;
	bool required;
} lru_fns[] = {
	{ "drm_gem_lru_init", true },      { "drm_gem_lru_remove_locked", false },
	{ "drm_gem_lru_remove", true },    { "drm_gem_lru_move_tail_locked", false },
	{ "drm_gem_lru_move_tail", true }, { "drm_gem_lru_scan", true },
};
#define NR_LRU_FNS (sizeof(lru_fns) / sizeof(lru_fns[0]))

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* past a comment, string or character literal starting at @p, else @p */
static const char *skip_lexeme(const char *p)
{
	char q;

	if (p[0] == '/' && p[1] == '*') {
		const char *e = strstr(p + 2, "*/");

		return e ? e + 2 : p + strlen(p);
	}
	if (p[0] == '/' && p[1] == '/') {
		const char *e = strchr(p, '\n');

		return e ? e : p + strlen(p);
	}
	if (*p != '"' && *p != '\'')
		return p;
	q = *p++;
	while (*p && *p != q)
		p += (*p == '\\' && p[1]) ? 2 : 1;
	return *p ? p + 1 : p;
}

/* the character closing the bracket at @p (( or {), or NULL */
static const char *match(const char *p)
{
	char open = *p, close = open == '(' ? ')' : '}';
	int depth = 0;

	while (*p) {
		const char *n = skip_lexeme(p);

		if (n != p) {
			p = n;
			continue;
		}
		if (*p == open)
			depth++;
		else if (*p == close && !--depth)
			return p;
		p++;
	}
	return NULL;
}

/*
 * The definition of @name in @text: [*start, *end) from the line of its
 * return type (the line before, in the kernel's "type\nname(" style) to its
 * closing brace.  Returns: true if found.
 */
static bool find_def(const char *text, const char *name, const char **start, const char **end)
{
	size_t n = strlen(name);

	for (const char *p = strstr(text, name); p; p = strstr(p + n, name)) {
		const char *q = p + n, *close, *body, *line;

		if ((p > text && is_ident(p[-1])) || is_ident(*q))
			continue;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '(' || !(close = match(q)))
			continue;
		for (body = close + 1; *body == ' ' || *body == '\t' || *body == '\n'; body++)
			;
		if (*body != '{' || !(*end = match(body)))
			continue;
		*end += 1;
		for (line = p; line > text && line[-1] != '\n'; line--)
			;
		if (line == p && line > text) { /* "type\nname(": take the type's line */
			const char *prev = line - 1;

			while (prev > text && prev[-1] != '\n')
				prev--;
			if (line - 1 > prev && !strchr(";}/)", line[-2]))
				line = prev;
		}
		*start = line;
		return true;
	}
	return false;
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (len = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET) &&
	    (buf = malloc((size_t)len + 1))) {
		if (fread(buf, 1, (size_t)len, f) != (size_t)len) {
			free(buf);
			buf = NULL;
		} else {
			buf[len] = 0;
		}
	}
	fclose(f);
	return buf;
}

static unsigned line_of(const char *text, const char *at)
{
	unsigned n = 1;

	for (const char *p = text; p < at; p++)
		n += *p == '\n';
	return n;
}

int oracle_lru_extract(const char *ksrc, const char *out, char *why, size_t len)
{
	char path[4200];
	const char *start[NR_LRU_FNS], *end[NR_LRU_FNS];
	char missing[256] = "";
	unsigned found = 0;
	char *text;
	FILE *f;
	int ret = -1;

	snprintf(path, sizeof(path), "%s/drivers/gpu/drm/drm_gem.c", ksrc);
	text = read_all(path);
	if (!text) {
		snprintf(why, len,
			 "cannot read %s: %s (the LRU check reads the tree's drm_gem_lru_*)", path,
			 strerror(errno));
		return -1;
	}
	for (unsigned i = 0; i < NR_LRU_FNS; i++) {
		if (find_def(text, lru_fns[i].name, &start[i], &end[i])) {
			found++;
		} else {
			start[i] = NULL;
			if (lru_fns[i].required)
				snprintf(missing + strlen(missing),
					 sizeof(missing) - strlen(missing), "%s%s()",
					 *missing ? ", " : "", lru_fns[i].name);
		}
	}
	if (!found && !strstr(text, "drm_gem_lru")) {
		snprintf(why, len, "%s has no drm_gem_lru (a tree older than Linux 6.2)", path);
		ret = 0;
		goto out;
	}
	if (*missing) {
		snprintf(why, len,
			 "%s: no definition of %s found (the LRU check compiles "
			 "drm_gem_lru_init, _remove, _move_tail and _scan)",
			 path, missing);
		goto out;
	}
	f = fopen(out, "w");
	if (!f) {
		snprintf(why, len, "cannot write %s: %s", out, strerror(errno));
		goto out;
	}
	fprintf(f,
		"/* generated by gemsim oracle: the drm_gem_lru_* functions of %s */\n"
		"#define ORACLE_LRU 1\n",
		path);
	{
		size_t n = (size_t)(end[5] - start[5]);
		char *scan = strndup(start[5], n);

		if (scan && strstr(scan, "remaining"))
			fprintf(f, "#define ORACLE_LRU_SCAN_REMAINING 1\n");
		if (scan && strstr(scan, "ticket"))
			fprintf(f, "#define ORACLE_LRU_SCAN_TICKET 1\n");
		free(scan);
	}
	for (unsigned i = 0; i < NR_LRU_FNS; i++)
		if (start[i])
			fprintf(f, "#line %u \"%s\"\n%.*s\n", line_of(text, start[i]), path,
				(int)(end[i] - start[i]), start[i]);
	ret = fclose(f) ? -1 : 1;
	if (ret < 0)
		snprintf(why, len, "cannot write %s: %s", out, strerror(errno));
out:
	free(text);
	return ret;
}
