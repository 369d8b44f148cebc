// SPDX-License-Identifier: MIT
/*
 * tests/test_jsonpos_agree.c - the position scanner (sim/base/jsonpos*.c)
 * and cJSON never disagree: over the fuzz target's load corpus (every
 * scenario, every bad input, the fuzz regressions, and the grown corpus in
 * $GEMSIM_JSON_CORPUS when set), a text the scanner accepts is one cJSON
 * accepts, and every node of cJSON's tree has the scanner's position; a
 * text the scanner refuses while cJSON takes it is refused for one of the
 * stricter rules jsonpos.h names, never for something else.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/base/jsonpos.h"
#include "sim/driver/load.h"

/* the rules the scanner holds and cJSON does not (jsonpos.h) */
static const char *const stricter[] = {
	"duplicate key", "\\u0000 is not allowed", "number out of range",
	"nesting deeper than", "string longer than", "number longer than",
	"lone surrogate", "invalid UTF-8", "NUL byte", "more than",
	"leading zeros", "control character", "empty file", "after the top-level value",
	"comments are not allowed", "invalid number", NULL,
};

static bool is_stricter(const char *msg)
{
	for (unsigned i = 0; stricter[i]; i++)
		if (strstr(msg, stricter[i]))
			return true;
	return false;
}

/* Every node of @n has a position in @d. Returns: nodes seen, -1 on a miss. */
static long walk(const struct jpos_doc *d, const cJSON *n)
{
	unsigned line, col;
	long total = 1;

	if (jpos_where(d, n, &line, &col) || !line || !col)
		return -1;
	for (const cJSON *c = n->child; c; c = c->next) {
		long k = walk(d, c);

		if (k < 0)
			return -1;
		total += k;
	}
	return total;
}

static unsigned files, accepted, stricter_refusals;

static void agree(const char *path)
{
	struct sim_error e = { .file = path };
	size_t len;
	char *text = load_read_file(path, &len, &e);
	struct jpos_doc *d;
	cJSON *c;

	if (!text)
		return; /* unreadable or too big: not a JSON question */
	files++;
	len = strnlen(text, len); /* as the load fuzz target: the JSON ends at a NUL */
	d = jpos_parse(text, len, &e);
	c = cJSON_ParseWithLengthOpts(text, len, NULL, 0);
	if (d) {
		accepted++;
		ck_assert_msg(c != NULL, "%s: the scanner accepts it, cJSON does not", path);
		ck_assert_msg(walk(d, jpos_root(d)) > 0,
			      "%s: a node of the tree has no position", path);
		jpos_free(d);
	} else if (c) {
		ck_assert_msg(is_stricter(e.msg), "%s: refused for \"%s\", which cJSON accepts and "
			      "jsonpos.h does not name as a stricter rule", path, e.msg);
		stricter_refusals++;
	}
	cJSON_Delete(c);
	free(text);
}

static void agree_dir(const char *dir, const char *suffix)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char path[1024];

	if (!dp)
		return;
	while ((de = readdir(dp))) {
		size_t n = strlen(de->d_name), m = strlen(suffix);

		if (de->d_name[0] == '.' || n < m || strcmp(de->d_name + n - m, suffix))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		agree(path);
	}
	closedir(dp);
}

START_TEST(test_the_scanner_and_cjson_agree_on_the_load_corpus)
{
	const char *grown = getenv("GEMSIM_JSON_CORPUS");

	files = accepted = stricter_refusals = 0;
	agree_dir("scenarios", ".json");
	agree_dir("scenarios/kunit", ".json");
	agree_dir("scenarios/presets", ".json");
	agree_dir("studies", ".json");
	agree_dir("tests/bad", ".json");
	agree_dir("tests/fuzz-regress", ".json");
	if (grown)
		agree_dir(grown, "");
	/* the corpus is there and has both kinds */
	ck_assert_uint_gt(files, 100);
	ck_assert_uint_gt(accepted, 50);
	ck_assert_uint_lt(accepted, files);
}
END_TEST

START_TEST(test_a_stricter_refusal_is_told_apart)
{
	ck_assert(is_stricter("duplicate key \"a\""));
	ck_assert(!is_stricter("unexpected character 'x'"));
}
END_TEST

extern Suite *jsonpos_agree_suite(void);

Suite *jsonpos_agree_suite(void)
{
	Suite *s = suite_create("jsonpos_agree");
	TCase *tc = tcase_create("corpus");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_the_scanner_and_cjson_agree_on_the_load_corpus);
	tcase_add_test(tc, test_a_stricter_refusal_is_told_apart);
	suite_add_tcase(s, tc);
	return s;
}
