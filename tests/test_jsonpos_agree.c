// SPDX-License-Identifier: MIT
/*
 * tests/test_jsonpos_agree.c - the position scanner (base/jsonpos*.c)
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

#include "base/jsonpos.h"
#include "run/load.h"

static unsigned files, accepted, stricter_refusals;

static void agree(const char *path)
{
	struct sim_error e = { .file = path };
	size_t len;
	char *text = load_read_file(path, &len, &e);
	char why[SIM_ERROR_MSG + 200];

	if (!text)
		return; /* unreadable or too big: not a JSON question */
	files++;
	len = strnlen(text, len); /* as the load fuzz target: the JSON ends at a NUL */
	switch (jpos_agree(text, len, why, sizeof(why))) {
	case JPOS_BOTH_ACCEPT: accepted++; break;
	case JPOS_STRICTER: stricter_refusals++; break;
	case JPOS_BOTH_REFUSE: break;
	case JPOS_DISAGREE: ck_abort_msg("%s: %s", path, why);
	}
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
	char why[SIM_ERROR_MSG + 200];

	ck_assert(jpos_stricter("duplicate key \"a\""));
	ck_assert(jpos_stricter("invalid \\u escape (expected 4 hex digits)"));
	ck_assert(!jpos_stricter("unexpected character 'x'"));
	/* cJSON takes a value and ignores what follows: "truex" is true */
	ck_assert_int_eq(jpos_agree("truex", 5, why, sizeof(why)), JPOS_STRICTER);
	ck_assert_int_eq(jpos_agree("[truex]", 7, why, sizeof(why)), JPOS_BOTH_REFUSE);
	ck_assert_int_eq(jpos_agree("{\"a\": 1}", 8, why, sizeof(why)), JPOS_BOTH_ACCEPT);
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
