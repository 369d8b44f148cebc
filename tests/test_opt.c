// SPDX-License-Identifier: MIT
/*
 * tests/test_opt.c - the command-line parser every command uses
 * (base/opt.c): both value forms, flags, glued -jN, "--", "-", and the
 * messages for an unknown option, a missing value and a value on a flag.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/opt.h"
#include "base/paths.h"

enum { T_SEED = 1, T_JOBS, T_PAIR };

/* What a parse saw: the flag, the string, the handled values and operands. */
struct seen {
	bool json;
	const char *out;
	const char *seed, *jobs, *pair[2];
	const char *operands[8];
	int noperands;
};

static int handle(void *ctx, int id, const char *val, struct opt_parser *p)
{
	struct seen *s = ctx;

	switch (id) {
	case OPT_OPERAND: s->operands[s->noperands++] = val; return 0;
	case T_SEED: s->seed = val; return strcmp(val, "stop") ? 0 : 7;
	case T_JOBS: s->jobs = val; return 0;
	default:
		s->pair[0] = val;
		s->pair[1] = opt_take(p);
		return 0;
	}
}

/* Parse @argv (NULL-terminated, argv[0] the command) into @s with the test table. */
static int parse(struct seen *s, struct opt_parser *p, char **argv)
{
	static struct opt opts[] = {
		{ "--json", NULL, NULL, "a flag", .flag = NULL },
		{ "--out", "-o", "FILE", "a string", .str = NULL },
		{ "--seed", NULL, "N", "a handled value", .id = T_SEED },
		{ "--jobs", "-j", "N", "a glued value", .id = T_JOBS },
		{ "--probe", NULL, "PNG X,Y", "two values", .id = T_PAIR },
	};
	int argc = 0;

	while (argv[argc])
		argc++;
	memset(s, 0, sizeof(*s));
	opts[0].flag = &s->json;
	opts[1].str = &s->out;
	*p = (struct opt_parser){ .opts = opts, .nopts = 5, .handle = handle, .ctx = s };
	return opt_parse(p, argc, argv);
}

START_TEST(test_an_option_value_may_follow_or_be_joined_by_equals)
{
	struct opt_parser p;
	struct seen s;

	ck_assert_int_eq(parse(&s, &p, (char *[]){ "x", "--out", "a.csv", "--seed=5", NULL }), 0);
	ck_assert_str_eq(s.out, "a.csv");
	ck_assert_str_eq(s.seed, "5");
	ck_assert_int_eq(parse(&s, &p, (char *[]){ "x", "--out=b=c", "-o", "d", NULL }), 0);
	ck_assert_str_eq(s.out, "d");
	ck_assert_int_eq(parse(&s, &p, (char *[]){ "x", "--out=", NULL }), 0);
	ck_assert_str_eq(s.out, "");
}
END_TEST

START_TEST(test_a_flag_is_set_and_refuses_a_value)
{
	struct opt_parser p;
	struct seen s;

	ck_assert_int_eq(parse(&s, &p, (char *[]){ "x", "--json", NULL }), 0);
	ck_assert(s.json);
	ck_assert_int_eq(parse(&s, &p, (char *[]){ "x", "--json=out.json", NULL }), -1);
	ck_assert_str_eq(p.msg, "--json takes no value ('--json=out.json')");
}
END_TEST

START_TEST(test_a_one_letter_option_takes_a_glued_value)
{
	struct opt_parser p;
	struct seen s;

	ck_assert_int_eq(parse(&s, &p, (char *[]){ "x", "-j4", "-ofile", NULL }), 0);
	ck_assert_str_eq(s.jobs, "4");
	ck_assert_str_eq(s.out, "file");
	ck_assert_int_eq(parse(&s, &p, (char *[]){ "x", "-j", "8", NULL }), 0);
	ck_assert_str_eq(s.jobs, "8");
}
END_TEST

START_TEST(test_double_dash_ends_the_options_and_dash_is_an_operand)
{
	struct opt_parser p;
	struct seen s;

	ck_assert_int_eq(parse(&s, &p,
			       (char *[]){ "x", "-", "--json", "--", "--out", "-j4", "--", NULL }),
			 0);
	ck_assert(s.json);
	ck_assert_ptr_null(s.out);
	ck_assert_int_eq(s.noperands, 4);
	ck_assert_str_eq(s.operands[0], "-");
	ck_assert_str_eq(s.operands[1], "--out");
	ck_assert_str_eq(s.operands[2], "-j4");
	ck_assert_str_eq(s.operands[3], "--");
	/* a value that looks like an option is still the value */
	ck_assert_int_eq(parse(&s, &p, (char *[]){ "x", "--out", "--", NULL }), 0);
	ck_assert_str_eq(s.out, "--");
	ck_assert_int_eq(s.noperands, 0);
}
END_TEST

START_TEST(test_an_unknown_option_says_what_was_meant)
{
	struct opt_parser p;
	struct seen s;

	ck_assert_int_eq(parse(&s, &p, (char *[]){ "x", "--jsn", NULL }), -1);
	ck_assert_str_eq(p.msg, "unknown option '--jsn' (did you mean \"--json\"? options: --json, "
				"--out, -o, --seed, --jobs, -j, --probe)");
	ck_assert_int_eq(parse(&s, &p, (char *[]){ "x", "--sed=1", NULL }), -1);
	ck_assert_ptr_nonnull(strstr(p.msg, "unknown option '--sed' (did you mean \"--seed\"?"));
	ck_assert_int_eq(parse(&s, &p, (char *[]){ "x", "-q", NULL }), -1);
	ck_assert_ptr_nonnull(strstr(p.msg, "unknown option '-q'"));
}
END_TEST

START_TEST(test_a_missing_value_names_the_option)
{
	struct opt_parser p;
	struct seen s;

	ck_assert_int_eq(parse(&s, &p, (char *[]){ "x", "--json", "--out", NULL }), -1);
	ck_assert_str_eq(p.msg, "--out needs a value (FILE)");
	ck_assert_int_eq(parse(&s, &p, (char *[]){ "x", "-o", NULL }), -1);
	ck_assert_str_eq(p.msg, "--out needs a value (FILE)");
}
END_TEST

START_TEST(test_a_handler_takes_more_values_and_can_stop_the_parse)
{
	struct opt_parser p;
	struct seen s;

	ck_assert_int_eq(parse(&s, &p, (char *[]){ "x", "--probe", "a.png", "3,4", "f", NULL }), 0);
	ck_assert_str_eq(s.pair[0], "a.png");
	ck_assert_str_eq(s.pair[1], "3,4");
	ck_assert_int_eq(s.noperands, 1);
	ck_assert_int_eq(parse(&s, &p, (char *[]){ "x", "--seed", "stop", "--bogus", NULL }), 7);
}
END_TEST

START_TEST(test_help_texts_name_the_folders_where_they_are)
{
	struct paths p = { .docs = "/usr/share/doc/gemsim/docs/",
			   .scenarios = "/usr/share/gemsim/scenarios/" };
	char *t = paths_expand("see docs/cli.md (docs/model.md)\n"
			       "scenarios/a.json \"docs/x\" mydocs/ tools/docs/",
			       &p);

	ck_assert_str_eq(t, "see /usr/share/doc/gemsim/docs/cli.md "
			    "(/usr/share/doc/gemsim/docs/model.md)\n"
			    "/usr/share/gemsim/scenarios/a.json \"/usr/share/doc/gemsim/docs/x\" "
			    "mydocs/ tools/docs/");
	free(t);
}
END_TEST

Suite *opt_suite(void);

Suite *opt_suite(void)
{
	Suite *s = suite_create("opt");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_an_option_value_may_follow_or_be_joined_by_equals);
	tcase_add_test(tc, test_a_flag_is_set_and_refuses_a_value);
	tcase_add_test(tc, test_a_one_letter_option_takes_a_glued_value);
	tcase_add_test(tc, test_double_dash_ends_the_options_and_dash_is_an_operand);
	tcase_add_test(tc, test_an_unknown_option_says_what_was_meant);
	tcase_add_test(tc, test_a_missing_value_names_the_option);
	tcase_add_test(tc, test_a_handler_takes_more_values_and_can_stop_the_parse);
	tcase_add_test(tc, test_help_texts_name_the_folders_where_they_are);
	suite_add_tcase(s, tc);
	return s;
}
