// SPDX-License-Identifier: MIT
/*
 * test_jsonpos.c - tests of base/jsonpos*.c (positions of values and keys,
 * every syntax and encoding error with its exact line:col, the limits,
 * hostile and truncated input, mutation after parsing) and of base/error.c
 * (error_suite), which renders those errors.
 */
#include <check.h>
#include <stdlib.h>

#include "base/error.h"
#include "base/jsonpos.h"

extern Suite *jsonpos_suite(void);
extern Suite *error_suite(void);

/* Parse a string literal, NULs included; fails the test if it fails. */
#define PARSE_OK(lit) parse_ok((lit), sizeof(lit) - 1, __LINE__)

/* Parse a string literal and expect exactly this error. */
#define PARSE_BAD(lit, l, c, m) parse_bad((lit), sizeof(lit) - 1, (l), (c), (m), __LINE__)

/* jpos_where / jpos_key_where give exactly l:c. */
#define AT(d, node, l, c) at(jpos_where, (d), (node), (l), (c), __LINE__)
#define KEY_AT(d, node, l, c) at(jpos_key_where, (d), (node), (l), (c), __LINE__)

static struct jpos_doc *parse_ok(const char *text, size_t len, int line)
{
	struct sim_error e = { .file = "t.json" };
	struct jpos_doc *d = jpos_parse(text, len, &e);

	ck_assert_msg(d != NULL, "line %d: parse failed at %u:%u: %s", line, e.line, e.col, e.msg);
	ck_assert_ptr_nonnull(jpos_root(d));
	return d;
}

static void parse_bad(const char *text, size_t len, unsigned l, unsigned c, const char *msg,
		      int line)
{
	struct sim_error e = { .file = "t.json", .line = 99, .col = 99 };
	struct jpos_doc *d = jpos_parse(text, len, &e);

	ck_assert_msg(d == NULL, "line %d: parse succeeded, expected \"%s\"", line, msg);
	ck_assert_msg(strcmp(e.msg, msg) == 0, "line %d: message \"%s\", expected \"%s\"", line,
		      e.msg, msg);
	ck_assert_msg(e.line == l && e.col == c, "line %d: \"%s\" at %u:%u, expected %u:%u", line,
		      msg, e.line, e.col, l, c);
	ck_assert_str_eq(e.file, "t.json");
}

typedef int (*where_fn)(const struct jpos_doc *, const cJSON *, unsigned *, unsigned *);

static void at(where_fn fn, const struct jpos_doc *d, const cJSON *node, unsigned l, unsigned c,
	       int line)
{
	unsigned got_l = 0, got_c = 0;

	ck_assert_msg(node != NULL, "line %d: no such node", line);
	ck_assert_msg(fn(d, node, &got_l, &got_c) == 0, "line %d: node has no position", line);
	ck_assert_msg(got_l == l && got_c == c, "line %d: at %u:%u, expected %u:%u", line, got_l,
		      got_c, l, c);
}

static void has_no_position(const struct jpos_doc *d, const cJSON *node)
{
	unsigned l = 77, c = 77;

	ck_assert_int_eq(jpos_where(d, node, &l, &c), -1);
	ck_assert_int_eq(jpos_key_where(d, node, &l, &c), -1);
	ck_assert_uint_eq(l, 77);
	ck_assert_uint_eq(c, 77);
}

static const cJSON *get(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	ck_assert_msg(v != NULL, "no member \"%s\"", key);
	return v;
}

/* Fill buf with n copies of s, NUL-terminated; returns the end. */
static char *repeat(char *buf, const char *s, size_t n)
{
	size_t len = strlen(s), i;

	for (i = 0; i < n; i++, buf += len)
		memcpy(buf, s, len);
	*buf = '\0';
	return buf;
}

static char *append(char *buf, const char *s)
{
	return repeat(buf, s, 1);
}

/* ---- positions ------------------------------------------------------- */

static const char nested_doc[] = "{\n"
				 "\t\"name\": \"vm-test\",\n"
				 "\t\"memory\": {\n"
				 "\t\t\"ram_pages\": 1024,\n"
				 "\t\t\"swap\": [1, 2, {\"x\": null}]\n"
				 "\t},\n"
				 "\t\"\xc3\xa9\": \"\xc3\xbc\", \"after\": true\n"
				 "}\n";

START_TEST(test_positions_of_nested_values_and_keys)
{
	struct jpos_doc *d = PARSE_OK(nested_doc);
	const cJSON *root = jpos_root(d);
	const cJSON *mem = get(root, "memory");
	const cJSON *swap = get(mem, "swap");
	const cJSON *x = cJSON_GetArrayItem(swap, 2);

	AT(d, root, 1, 1);
	KEY_AT(d, get(root, "name"), 2, 2);
	AT(d, get(root, "name"), 2, 10);
	KEY_AT(d, mem, 3, 2);
	AT(d, mem, 3, 12);
	KEY_AT(d, get(mem, "ram_pages"), 4, 3);
	AT(d, get(mem, "ram_pages"), 4, 16);
	KEY_AT(d, swap, 5, 3);
	AT(d, swap, 5, 11);
	AT(d, cJSON_GetArrayItem(swap, 0), 5, 12);
	AT(d, cJSON_GetArrayItem(swap, 1), 5, 15);
	AT(d, x, 5, 18);
	KEY_AT(d, get(x, "x"), 5, 19);
	AT(d, get(x, "x"), 5, 24);
	jpos_free(d);
}
END_TEST

START_TEST(test_columns_count_code_points_not_bytes)
{
	struct jpos_doc *d = PARSE_OK(nested_doc);
	const cJSON *root = jpos_root(d);

	/* "\t\"é\": \"ü\", \"after\": true": é and ü are one column each. */
	KEY_AT(d, get(root, "\xc3\xa9"), 7, 2);
	AT(d, get(root, "\xc3\xa9"), 7, 7);
	KEY_AT(d, get(root, "after"), 7, 12);
	AT(d, get(root, "after"), 7, 21);
	jpos_free(d);

	/* 3-byte and 4-byte characters, then an escape (6 columns). */
	d = PARSE_OK("[\"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\", 5, \"\xf0\x9f\x98\x80\", 6,"
		     " \"\\u00e9\", 7]");
	root = jpos_root(d);
	AT(d, cJSON_GetArrayItem(root, 1), 1, 9);
	AT(d, cJSON_GetArrayItem(root, 2), 1, 12);
	AT(d, cJSON_GetArrayItem(root, 3), 1, 17);
	AT(d, cJSON_GetArrayItem(root, 4), 1, 20);
	AT(d, cJSON_GetArrayItem(root, 5), 1, 30);
	jpos_free(d);
}
END_TEST

START_TEST(test_key_position_falls_back_to_value_outside_objects)
{
	struct jpos_doc *d = PARSE_OK("  [10,\n   20]");
	const cJSON *root = jpos_root(d);

	KEY_AT(d, root, 1, 3);
	KEY_AT(d, cJSON_GetArrayItem(root, 0), 1, 4);
	KEY_AT(d, cJSON_GetArrayItem(root, 1), 2, 4);
	jpos_free(d);
}
END_TEST

START_TEST(test_byte_order_mark_is_skipped_and_not_counted)
{
	struct jpos_doc *d = PARSE_OK("\xef\xbb\xbf{\"a\": 1}");

	AT(d, jpos_root(d), 1, 1);
	KEY_AT(d, get(jpos_root(d), "a"), 1, 2);
	AT(d, get(jpos_root(d), "a"), 1, 7);
	jpos_free(d);
	PARSE_BAD("\xef\xbb\xbf[1,]", 1, 3, "trailing comma is not allowed");
}
END_TEST

START_TEST(test_crlf_line_endings_count_one_line_each)
{
	struct jpos_doc *d = PARSE_OK("{\r\n\"a\": 1,\r\n\r\n  \"b\": [true]\r\n}\r\n");
	const cJSON *root = jpos_root(d);

	KEY_AT(d, get(root, "a"), 2, 1);
	AT(d, get(root, "a"), 2, 6);
	KEY_AT(d, get(root, "b"), 4, 3);
	AT(d, cJSON_GetArrayItem(get(root, "b"), 0), 4, 9);
	jpos_free(d);
}
END_TEST

START_TEST(test_parsed_tree_has_the_decoded_values)
{
	struct jpos_doc *d =
		PARSE_OK("{\"s\": \"a\\tb\\u00e9\\ud83d\\ude00\\/\", \"n\": -1.5e2,"
			 " \"t\": true, \"f\": false, \"z\": null, \"o\": {}, \"a\": []}");
	const cJSON *root = jpos_root(d);

	ck_assert_str_eq(get(root, "s")->valuestring, "a\tb\xc3\xa9\xf0\x9f\x98\x80/");
	ck_assert_double_eq(get(root, "n")->valuedouble, -150.0);
	ck_assert(cJSON_IsTrue(get(root, "t")));
	ck_assert(cJSON_IsFalse(get(root, "f")));
	ck_assert(cJSON_IsNull(get(root, "z")));
	ck_assert(cJSON_IsObject(get(root, "o")));
	ck_assert(cJSON_IsArray(get(root, "a")));
	AT(d, get(root, "a"), 1, 96);
	ck_assert_ptr_eq(jpos_root_mut(d), jpos_root(d));
	jpos_free(d);
}
END_TEST

START_TEST(test_every_value_of_a_large_array_has_its_position)
{
	static char buf[2 * 200000 + 8];
	struct jpos_doc *d;
	const cJSON *v;
	char *p = buf;
	int i;

	p = append(p, "[");
	p = repeat(p, "0,", 199999);
	append(p, "0]");
	d = parse_ok(buf, strlen(buf), __LINE__);
	for (i = 0, v = jpos_root(d)->child; v; v = v->next, i++)
		AT(d, v, 1, 2 + 2 * (unsigned)i);
	ck_assert_int_eq(i, 200000);
	jpos_free(d);
}
END_TEST

/* ---- mutation -------------------------------------------------------- */

START_TEST(test_value_added_after_parse_has_no_position)
{
	struct jpos_doc *d = PARSE_OK("{\"a\": 1, \"b\": [2]}");
	cJSON *root = jpos_root_mut(d);
	cJSON *added = cJSON_AddNumberToObject(root, "c", 3);
	cJSON *elem = cJSON_CreateString("x");

	ck_assert_ptr_nonnull(added);
	ck_assert(cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(root, "b"), elem));
	has_no_position(d, added);
	has_no_position(d, elem);
	has_no_position(d, NULL);
	AT(d, get(root, "a"), 1, 7);
	AT(d, get(root, "b")->child, 1, 16);
	jpos_free(d);
}
END_TEST

START_TEST(test_replaced_value_has_no_position_and_siblings_keep_theirs)
{
	struct jpos_doc *d = PARSE_OK("{\"a\": 1, \"b\": {\"c\": [2, 3]}, \"d\": 4}");
	cJSON *root = jpos_root_mut(d);
	cJSON *b = cJSON_GetObjectItemCaseSensitive(root, "b");
	cJSON *fresh = cJSON_CreateNumber(512);

	ck_assert_int_eq(jpos_forget(d, b), 0);
	ck_assert(cJSON_ReplaceItemInObjectCaseSensitive(root, "b", fresh));
	has_no_position(d, fresh);
	has_no_position(d, get(root, "b"));
	AT(d, get(root, "a"), 1, 7);
	KEY_AT(d, get(root, "d"), 1, 30);
	AT(d, get(root, "d"), 1, 35);
	AT(d, root, 1, 1);
	jpos_free(d);
}
END_TEST

START_TEST(test_forget_drops_a_subtree_but_not_its_siblings)
{
	struct jpos_doc *d = PARSE_OK("[[1, [2]], 3, {\"k\": [4]}]");
	const cJSON *root = jpos_root(d);
	const cJSON *first = cJSON_GetArrayItem(root, 0);
	const cJSON *obj = cJSON_GetArrayItem(root, 2);

	ck_assert_int_eq(jpos_forget(d, first), 0);
	has_no_position(d, first);
	has_no_position(d, first->child);
	has_no_position(d, first->child->next);
	has_no_position(d, first->child->next->child);
	AT(d, cJSON_GetArrayItem(root, 1), 1, 12);
	AT(d, obj, 1, 15);
	AT(d, get(obj, "k")->child, 1, 22);
	ck_assert_int_eq(jpos_forget(d, first), 0); /* twice is harmless */
	ck_assert_int_eq(jpos_forget(d, NULL), 0);
	ck_assert_int_eq(jpos_forget(d, obj), 0);
	has_no_position(d, get(obj, "k")->child);
	AT(d, root, 1, 1);
	jpos_free(d);
	jpos_free(NULL);
}
END_TEST

/* ---- syntax errors --------------------------------------------------- */

START_TEST(test_empty_input_is_rejected)
{
	struct sim_error e = { 0 };

	PARSE_BAD("", 1, 1, "empty file");
	PARSE_BAD(" \n\t\r\n", 1, 1, "empty file");
	PARSE_BAD("\xef\xbb\xbf", 1, 1, "empty file");
	ck_assert_ptr_null(jpos_parse(NULL, 0, &e));
	ck_assert_str_eq(e.msg, "empty file");
}
END_TEST

START_TEST(test_objects_report_missing_punctuation)
{
	PARSE_BAD("{\"a\" 1}", 1, 6, "expected ':' after key");
	PARSE_BAD("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected ',' or '}' after object member");
	PARSE_BAD("{\"a\": 1]", 1, 8, "expected ',' or '}' after object member");
	PARSE_BAD("{a: 1}", 1, 2, "expected a key in double quotes");
	PARSE_BAD("{\"a\": 1, 2: 3}", 1, 10, "expected a key in double quotes");
	PARSE_BAD("{'a': 1}", 1, 2, "strings need double quotes, not single quotes");
	PARSE_BAD("{\"a\": }", 1, 7, "expected a value, found '}'");
	PARSE_BAD("{\"a\":: 1}", 1, 6, "expected a value, found ':'");
}
END_TEST

START_TEST(test_arrays_report_missing_punctuation)
{
	PARSE_BAD("[1 2]", 1, 4, "expected ',' or ']' after array element");
	PARSE_BAD("[1}", 1, 3, "expected ',' or ']' after array element");
	PARSE_BAD("[,1]", 1, 2, "expected a value, found ','");
	PARSE_BAD("[1,,2]", 1, 4, "expected a value, found ','");
	PARSE_BAD("]", 1, 1, "expected a value, found ']'");
}
END_TEST

START_TEST(test_trailing_comma_is_reported_at_the_comma)
{
	PARSE_BAD("[1, 2,]", 1, 6, "trailing comma is not allowed");
	PARSE_BAD("{\"a\": 1,}", 1, 8, "trailing comma is not allowed");
	PARSE_BAD("{\n\t\"a\": [1,\n\t\t2,\n\t]\n}", 3, 4, "trailing comma is not allowed");
}
END_TEST

START_TEST(test_strings_report_their_errors)
{
	PARSE_BAD("[\"abc", 1, 2, "unterminated string");
	PARSE_BAD("{\"a\": \"abc\n}", 1, 7,
		  "unterminated string (a line break inside a string is written \\n)");
	PARSE_BAD("[\"abc\\", 1, 2, "unterminated string");
	PARSE_BAD("[\"a\\qb\"]", 1, 4, "invalid escape '\\q'");
	PARSE_BAD("[\"a\\\xc3\xa9\"]", 1, 4, "invalid escape '\\\xc3\xa9'");
	PARSE_BAD("[\"a\\\x01\"]", 1, 4, "invalid escape: '\\' before control character 0x01");
	PARSE_BAD("[\"a\tb\"]", 1, 4, "control character in string");
	PARSE_BAD("[\"a\x1f\"]", 1, 4, "control character in string");
	PARSE_BAD("\"\\u12\"", 1, 2, "invalid \\u escape (expected 4 hex digits)");
	PARSE_BAD("\"\\u12g4\"", 1, 2, "invalid \\u escape (expected 4 hex digits)");
	PARSE_BAD("\"\\u0000\"", 1, 2, "\\u0000 is not allowed in a string");
}
END_TEST

START_TEST(test_lone_surrogate_escapes_are_rejected)
{
	struct jpos_doc *d;

	PARSE_BAD("[\"\\ud800\"]", 1, 3, "lone surrogate \\uD800 in string");
	PARSE_BAD("[\"ab\\udbff\\u0041\"]", 1, 5, "lone surrogate \\uDBFF in string");
	PARSE_BAD("[\"\\ud800\\ud800\"]", 1, 3, "lone surrogate \\uD800 in string");
	PARSE_BAD("[\"\\udc00\"]", 1, 3, "lone surrogate \\uDC00 in string");
	PARSE_BAD("[\"\\ud83d\"", 1, 3, "lone surrogate \\uD83D in string");
	d = PARSE_OK("[\"\\uD83D\\uDE00\"]");
	ck_assert_str_eq(jpos_root(d)->child->valuestring, "\xf0\x9f\x98\x80");
	jpos_free(d);
}
END_TEST

START_TEST(test_numbers_report_their_errors)
{
	struct jpos_doc *d;

	PARSE_BAD("[01]", 1, 2, "leading zeros are not allowed in a number");
	PARSE_BAD("[-007]", 1, 2, "leading zeros are not allowed in a number");
	PARSE_BAD("[1.]", 1, 2, "invalid number");
	PARSE_BAD("[-]", 1, 2, "invalid number");
	PARSE_BAD("[1e]", 1, 2, "invalid number");
	PARSE_BAD("[1e+]", 1, 2, "invalid number");
	PARSE_BAD("[1.2.3]", 1, 2, "invalid number");
	PARSE_BAD("[0x10]", 1, 2, "invalid number");
	PARSE_BAD("[12abc]", 1, 2, "invalid number");
	PARSE_BAD("[+1]", 1, 2, "invalid number");
	PARSE_BAD("[.5]", 1, 2, "invalid number");
	PARSE_BAD("[-Infinity]", 1, 2, "invalid number");
	PARSE_BAD("{\"n\":\n  1e400}", 2, 3, "number out of range");
	PARSE_BAD("-1e309", 1, 1, "number out of range");
	d = PARSE_OK("[-0, 0.5, 1E+2, 1e-400, 1.7976931348623157e308]");
	ck_assert_double_eq(cJSON_GetArrayItem(jpos_root(d), 2)->valuedouble, 100.0);
	ck_assert_double_eq(cJSON_GetArrayItem(jpos_root(d), 3)->valuedouble, 0.0);
	jpos_free(d);
}
END_TEST

START_TEST(test_bare_words_other_than_literals_are_rejected)
{
	PARSE_BAD("[True]", 1, 2,
		  "invalid literal 'True' (expected true, false, null or a \"string\")");
	PARSE_BAD("{\"a\": nulls}", 1, 7,
		  "invalid literal 'nulls' (expected true, false, null or a \"string\")");
	PARSE_BAD("{\"vm\": vm0}", 1, 8,
		  "invalid literal 'vm0' (expected true, false, null or a \"string\")");
	PARSE_BAD("[NaN]", 1, 2,
		  "invalid literal 'NaN' (expected true, false, null or a \"string\")");
	PARSE_BAD("[abcdefghijklmnopqrstuvwxyzabcdefghij]", 1, 2,
		  "invalid literal 'abcdefghijklmnopqrstuvwxyzabcdef...' "
		  "(expected true, false, null or a \"string\")");
}
END_TEST

START_TEST(test_unexpected_characters_are_named)
{
	PARSE_BAD("[1, #]", 1, 5, "unexpected character '#'");
	PARSE_BAD("[\xc3\xa9]", 1, 2, "unexpected character '\xc3\xa9'");
	PARSE_BAD("[\x01]", 1, 2, "unexpected control character 0x01");
	PARSE_BAD("[\x7f]", 1, 2, "unexpected control character 0x7F");
	PARSE_BAD("{\"a\": 1, // note\n}", 1, 10, "comments are not allowed in JSON");
	PARSE_BAD("{\"a\": 1 // note\n}", 1, 9, "comments are not allowed in JSON");
	PARSE_BAD("[1 /* note */]", 1, 4, "comments are not allowed in JSON");
	PARSE_BAD("{} // note", 1, 4, "comments are not allowed in JSON");
	PARSE_BAD("['a']", 1, 2, "strings need double quotes, not single quotes");
}
END_TEST

START_TEST(test_data_after_the_top_level_value_is_rejected)
{
	PARSE_BAD("[1] [2]", 1, 5, "extra data after the top-level value");
	PARSE_BAD("{}\n\n  x", 3, 3, "extra data after the top-level value");
	PARSE_BAD("1 2", 1, 3, "extra data after the top-level value");
	PARSE_BAD("[1]\xff", 1, 4, "invalid UTF-8 byte 0xFF");
}
END_TEST

START_TEST(test_truncated_input_reports_end_of_file)
{
	PARSE_BAD("{\"a\": [1, 2", 1, 12, "unexpected end of file (truncated?)");
	PARSE_BAD("{\"a\"", 1, 5, "unexpected end of file (truncated?)");
	PARSE_BAD("{\"a\":\n", 2, 1, "unexpected end of file (truncated?)");
	PARSE_BAD("{\"a\": 1,\n  ", 2, 3, "unexpected end of file (truncated?)");
	PARSE_BAD("[tru", 1, 5, "unexpected end of file (truncated?)");
	PARSE_BAD("[1, fals", 1, 9, "unexpected end of file (truncated?)");
	PARSE_BAD("{", 1, 2, "unexpected end of file (truncated?)");
	PARSE_BAD("[\"abc", 1, 2, "unterminated string");
}
END_TEST

/* ---- encoding -------------------------------------------------------- */

START_TEST(test_nul_bytes_are_rejected_wherever_they_are)
{
	PARSE_BAD("[1,\0 2]", 1, 4, "NUL byte in file");
	PARSE_BAD("{\"a\": \"x\0y\"}", 1, 9, "NUL byte in file");
	PARSE_BAD("[1]\n\0", 2, 1, "NUL byte in file");
	PARSE_BAD("[\"\\\0\"]", 1, 4, "NUL byte in file");
	PARSE_BAD("\0", 1, 1, "NUL byte in file");
}
END_TEST

START_TEST(test_invalid_utf8_is_rejected_with_the_bad_byte)
{
	PARSE_BAD("[\"ok\", \"\xff\"]", 1, 9, "invalid UTF-8 byte 0xFF");
	PARSE_BAD("[\"\x80\"]", 1, 3, "invalid UTF-8 byte 0x80");
	PARSE_BAD("[\"\xc3(\"]", 1, 3, "invalid UTF-8 byte 0xC3");
	PARSE_BAD("[\"\xc0\xaf\"]", 1, 3, "invalid UTF-8 byte 0xC0");
	PARSE_BAD("[\"\xe0\x80\xaf\"]", 1, 3, "invalid UTF-8 byte 0xE0");
	PARSE_BAD("[\"\xed\xa0\x80\"]", 1, 3, "invalid UTF-8 byte 0xED");
	PARSE_BAD("[\"\xf4\x90\x80\x80\"]", 1, 3, "invalid UTF-8 byte 0xF4");
	PARSE_BAD("[\"\xf8\x88\x80\x80\x80\"]", 1, 3, "invalid UTF-8 byte 0xF8");
	PARSE_BAD("[\"\xe2\x82", 1, 3, "invalid UTF-8 byte 0xE2");
	PARSE_BAD("{\n \"\xc3\xa9\xc3\xa9\": \"\xe2\x82\xac\xe2\x82\"}", 2, 10,
		  "invalid UTF-8 byte 0xE2");
	PARSE_BAD("[\"\\\xff\"]", 1, 4, "invalid UTF-8 byte 0xFF");
	PARSE_BAD("\x89PNG", 1, 1, "invalid UTF-8 byte 0x89");
}
END_TEST

START_TEST(test_utf16_input_is_recognised)
{
	PARSE_BAD("\xff\xfe[\0]\0", 1, 1, "file is UTF-16; save it as UTF-8");
	PARSE_BAD("\xfe\xff\0[\0]", 1, 1, "file is UTF-16; save it as UTF-8");
}
END_TEST

/* ---- duplicate keys -------------------------------------------------- */

START_TEST(test_duplicate_key_is_reported_at_the_second_key)
{
	PARSE_BAD("{\"name\": 1,\n \"name\": 2}", 2, 2, "duplicate key \"name\"");
	PARSE_BAD("{\"a\": 1, \"\\u0061\": 2}", 1, 10, "duplicate key \"a\"");
	PARSE_BAD("{\"b\":1,\"a\":1,\"b\":2,\"a\":2}", 1, 14, "duplicate key \"b\"");
	PARSE_BAD("{\"a\":1,\"a\":2,\"a\":3}", 1, 8, "duplicate key \"a\"");
	PARSE_BAD("{\"\\\"q\\n\":1,\"\\\"q\\n\":2}", 1, 12, "duplicate key \"\\\"q\\u000A\"");
}
END_TEST

START_TEST(test_duplicate_keys_are_per_object)
{
	struct jpos_doc *d = PARSE_OK("[{\"a\": 1}, {\"a\": 2, \"b\": {\"a\": 3}}, {\"A\": 4,"
				      " \"a\": 5, \"a \": 6, \"\": 7}]");

	jpos_free(d);
	PARSE_BAD("{\"a\": {\"b\": {\"a\": 1, \"b\": 2, \"b\": 3}}, \"a\": 0}", 1, 30,
		  "duplicate key \"b\"");
	PARSE_BAD("[{\"x\": 1}, {\"y\": {}, \"y\": []}]", 1, 22, "duplicate key \"y\"");
}
END_TEST

START_TEST(test_duplicate_found_among_many_keys)
{
	static char buf[11 * 20000 + 64];
	char key[8] = "\"k00000";
	char *p = buf;
	int i, j;

	p = append(p, "{");
	for (i = 0; i < 20000; i++) {
		int v = i;

		for (j = 6; j >= 2; j--, v /= 10)
			key[j] = (char)('0' + v % 10);
		p = append(p, key);
		p = append(p, "\":0,");
	}
	append(p, "\"k00007\":1}");
	parse_bad(buf, strlen(buf), 1, 2 + 11 * 20000, "duplicate key \"k00007\"", __LINE__);
	append(p, "\"k20000\":1}");
	jpos_free(parse_ok(buf, strlen(buf), __LINE__));
}
END_TEST

START_TEST(test_long_duplicate_key_is_shortened_in_the_message)
{
	static char buf[2 * 100 + 64];
	char *p = buf;

	p = append(p, "{\"");
	p = repeat(p, "x", 100);
	p = append(p, "\":1,\"");
	p = repeat(p, "x", 100);
	append(p, "\":2}");
	parse_bad(buf, strlen(buf), 1, 107,
		  "duplicate key \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		  "...\"",
		  __LINE__);
}
END_TEST

/* ---- limits ---------------------------------------------------------- */

START_TEST(test_nesting_up_to_64_levels_is_accepted)
{
	static char buf[2 * 64 + 8];
	char *p = buf;

	p = repeat(p, "[", 64);
	repeat(p, "]", 64);
	jpos_free(parse_ok(buf, strlen(buf), __LINE__));
}
END_TEST

START_TEST(test_nesting_deeper_than_64_levels_is_rejected)
{
	static char buf[5 * 100000 + 8];
	char *p = buf;

	p = repeat(p, "[", 65);
	repeat(p, "]", 65);
	parse_bad(buf, strlen(buf), 1, 65, "nesting deeper than 64 levels", __LINE__);

	p = repeat(buf, "{\"a\":", 65);
	repeat(p, "}", 65);
	parse_bad(buf, strlen(buf), 1, 1 + 5 * 64, "nesting deeper than 64 levels", __LINE__);

	/* hostile: far deeper than the limit, never closed */
	repeat(buf, "[", 100000);
	parse_bad(buf, strlen(buf), 1, 65, "nesting deeper than 64 levels", __LINE__);
}
END_TEST

START_TEST(test_string_of_65536_bytes_is_the_longest_accepted)
{
	static char buf[6 * 32768 + 64];
	struct jpos_doc *d;
	char *p = buf;

	p = append(p, "[\n  \"");
	p = repeat(p, "a", 65536);
	append(p, "\"]");
	d = parse_ok(buf, strlen(buf), __LINE__);
	ck_assert_uint_eq(strlen(jpos_root(d)->child->valuestring), 65536);
	jpos_free(d);

	/* the limit is on decoded bytes: each \u00e9 is two */
	p = append(buf, "[\"");
	p = repeat(p, "\\u00e9", 32768);
	append(p, "\"]");
	jpos_free(parse_ok(buf, strlen(buf), __LINE__));
}
END_TEST

START_TEST(test_string_longer_than_65536_bytes_is_rejected)
{
	static char buf[6 * 32768 + 64];
	char *p = buf;

	p = append(p, "[\n  \"");
	p = repeat(p, "a", 65537);
	append(p, "\"]");
	parse_bad(buf, strlen(buf), 2, 3, "string longer than 65536 bytes", __LINE__);

	p = append(buf, "{\"");
	p = repeat(p, "\\u00e9", 32768);
	append(p, "b\": 1}");
	parse_bad(buf, strlen(buf), 1, 2, "string longer than 65536 bytes", __LINE__);

	/* never terminated: still the length, found before the end */
	p = append(buf, "\"");
	repeat(p, "a", 70000);
	parse_bad(buf, strlen(buf), 1, 1, "string longer than 65536 bytes", __LINE__);
}
END_TEST

START_TEST(test_number_longer_than_1024_characters_is_rejected)
{
	static char buf[1100];
	char *p = buf;

	p = append(p, "[0.");
	p = repeat(p, "1", 1022);
	append(p, "]");
	jpos_free(parse_ok(buf, strlen(buf), __LINE__));

	p = append(buf, "[0.");
	p = repeat(p, "1", 1023);
	append(p, "]");
	parse_bad(buf, strlen(buf), 1, 2, "number longer than 1024 characters", __LINE__);
}
END_TEST

START_TEST(test_input_larger_than_the_file_limit_is_rejected_unread)
{
	struct sim_error e = { .file = "big.json" };
	const char tiny[] = "[]";

	/* only the length is looked at: the bytes past tiny are never read */
	ck_assert_ptr_null(jpos_parse(tiny, JPOS_MAX_FILE + 1, &e));
	ck_assert_str_eq(e.msg, "file larger than 256 MiB");
	ck_assert_uint_eq(e.line, 0);
	ck_assert_uint_eq(e.col, 0);
	ck_assert_str_eq(e.file, "big.json");
}
END_TEST

START_TEST(test_values_past_the_limit_are_refused_where_the_first_extra_starts)
{
	/* "[0,0,...]": JPOS_MAX_VALUES values with the array, then one more */
	size_t n = JPOS_MAX_VALUES, len = 2 * n + 1;
	char *text = malloc(len + 1);
	struct sim_error e = { 0 };

	ck_assert_ptr_nonnull(text);
	text[0] = '[';
	for (size_t i = 0; i < n; i++) {
		text[1 + 2 * i] = '0';
		text[2 + 2 * i] = i + 1 < n ? ',' : ']';
	}
	text[len] = '\0';
	ck_assert_ptr_null(jpos_parse(text, len, &e));
	ck_assert_str_eq(e.msg, "more than 4194304 values (numbers, strings, arrays, objects) "
				"in the file");
	ck_assert_uint_eq(e.line, 1);
	ck_assert_uint_eq(e.col, 2 * (JPOS_MAX_VALUES - 1) + 2);
	free(text);
}
END_TEST

/* ---- cJSON running out of memory ------------------------------------- */

/* A bump allocator with a budget, installed as cJSON's hooks. */
static _Alignas(16) unsigned char pool[1 << 16];
static size_t pool_used;
static int pool_budget;

static void *pool_malloc(size_t n)
{
	void *p;

	if (pool_budget-- <= 0 || n > sizeof(pool) - pool_used)
		return NULL;
	p = pool + pool_used;
	pool_used += (n + 15) & ~(size_t)15;
	return p;
}

static void pool_free(void *p)
{
	(void)p;
}

START_TEST(test_cjson_out_of_memory_is_an_error_not_a_crash)
{
	static const char text[] = "{\"a\": [1, 2, {\"b\": \"str\"}], \"c\": null}";
	cJSON_Hooks hooks = { pool_malloc, pool_free };
	int budget, failed = 0, parsed = 0;

	cJSON_InitHooks(&hooks);
	for (budget = 0; budget < 40; budget++) {
		struct sim_error e = { 0 };
		struct jpos_doc *d;

		pool_used = 0;
		pool_budget = budget;
		d = jpos_parse(text, sizeof(text) - 1, &e);
		if (d) {
			AT(d, get(jpos_root(d), "c"), 1, 34);
			jpos_free(d);
			parsed++;
			continue;
		}
		ck_assert_str_eq(e.msg, "internal error: cJSON could not parse valid JSON"
					" (out of memory?)");
		ck_assert_uint_ge(e.line, 1);
		ck_assert_uint_ge(e.col, 1);
		failed++;
	}
	cJSON_InitHooks(NULL);
	ck_assert_int_gt(failed, 0);
	ck_assert_int_gt(parsed, 0);
}
END_TEST

Suite *jsonpos_suite(void)
{
	Suite *s = suite_create("jsonpos");
	TCase *tc;

	tc = tcase_create("positions");
	tcase_add_test(tc, test_positions_of_nested_values_and_keys);
	tcase_add_test(tc, test_columns_count_code_points_not_bytes);
	tcase_add_test(tc, test_key_position_falls_back_to_value_outside_objects);
	tcase_add_test(tc, test_byte_order_mark_is_skipped_and_not_counted);
	tcase_add_test(tc, test_crlf_line_endings_count_one_line_each);
	tcase_add_test(tc, test_parsed_tree_has_the_decoded_values);
	tcase_add_test(tc, test_every_value_of_a_large_array_has_its_position);
	suite_add_tcase(s, tc);

	tc = tcase_create("mutation");
	tcase_add_test(tc, test_value_added_after_parse_has_no_position);
	tcase_add_test(tc, test_replaced_value_has_no_position_and_siblings_keep_theirs);
	tcase_add_test(tc, test_forget_drops_a_subtree_but_not_its_siblings);
	suite_add_tcase(s, tc);

	tc = tcase_create("syntax");
	tcase_add_test(tc, test_empty_input_is_rejected);
	tcase_add_test(tc, test_objects_report_missing_punctuation);
	tcase_add_test(tc, test_arrays_report_missing_punctuation);
	tcase_add_test(tc, test_trailing_comma_is_reported_at_the_comma);
	tcase_add_test(tc, test_strings_report_their_errors);
	tcase_add_test(tc, test_lone_surrogate_escapes_are_rejected);
	tcase_add_test(tc, test_numbers_report_their_errors);
	tcase_add_test(tc, test_bare_words_other_than_literals_are_rejected);
	tcase_add_test(tc, test_unexpected_characters_are_named);
	tcase_add_test(tc, test_data_after_the_top_level_value_is_rejected);
	tcase_add_test(tc, test_truncated_input_reports_end_of_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("encoding");
	tcase_add_test(tc, test_nul_bytes_are_rejected_wherever_they_are);
	tcase_add_test(tc, test_invalid_utf8_is_rejected_with_the_bad_byte);
	tcase_add_test(tc, test_utf16_input_is_recognised);
	suite_add_tcase(s, tc);

	tc = tcase_create("duplicates");
	tcase_add_test(tc, test_duplicate_key_is_reported_at_the_second_key);
	tcase_add_test(tc, test_duplicate_keys_are_per_object);
	tcase_add_test(tc, test_duplicate_found_among_many_keys);
	tcase_add_test(tc, test_long_duplicate_key_is_shortened_in_the_message);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_nesting_up_to_64_levels_is_accepted);
	tcase_add_test(tc, test_nesting_deeper_than_64_levels_is_rejected);
	tcase_add_test(tc, test_string_of_65536_bytes_is_the_longest_accepted);
	tcase_add_test(tc, test_string_longer_than_65536_bytes_is_rejected);
	tcase_add_test(tc, test_number_longer_than_1024_characters_is_rejected);
	tcase_add_test(tc, test_input_larger_than_the_file_limit_is_rejected_unread);
	tcase_add_test(tc, test_values_past_the_limit_are_refused_where_the_first_extra_starts);
	tcase_add_test(tc, test_cjson_out_of_memory_is_an_error_not_a_crash);
	suite_add_tcase(s, tc);

	return s;
}

/* ---- sim_error ------------------------------------------------------- */

#define FORMATS_AS(e, want)                                 \
	do {                                                \
		char b_[SIM_ERROR_MSG + 64];                \
		int n_ = error_format((e), b_, sizeof(b_)); \
		ck_assert_str_eq(b_, (want));               \
		ck_assert_int_eq(n_, (int)strlen(want));    \
	} while (0)

START_TEST(test_error_formats_file_line_and_column)
{
	struct sim_error e = { .file = "s.json" };

	error_set(&e, 3, 7, "unknown key \"%s\"", "rampages");
	FORMATS_AS(&e, "s.json:3:7: unknown key \"rampages\"");
	ck_assert_str_eq(e.file, "s.json");
	ck_assert_uint_eq(e.line, 3);
	ck_assert_uint_eq(e.col, 7);
}
END_TEST

START_TEST(test_error_without_position_formats_file_and_message)
{
	struct sim_error e = { .file = "s.json" };

	error_set(&e, 0, 0, "cannot open: %s", "No such file or directory");
	FORMATS_AS(&e, "s.json: cannot open: No such file or directory");
	error_set(&e, 4, 0, "bad");
	FORMATS_AS(&e, "s.json:4: bad");
}
END_TEST

START_TEST(test_error_without_file_leaves_the_file_out)
{
	struct sim_error e = { .file = NULL };

	error_set(&e, 2, 5, "%d problems", 2);
	FORMATS_AS(&e, "2:5: 2 problems");
	error_set(&e, 0, 0, "plain");
	FORMATS_AS(&e, "plain");
	ck_assert_ptr_null(e.file);
}
END_TEST

START_TEST(test_error_message_is_truncated_not_overflowed)
{
	static char longmsg[SIM_ERROR_MSG * 2];
	struct sim_error e = { .file = "f" };
	char small[8];

	repeat(longmsg, "m", sizeof(longmsg) - 1);
	error_set(&e, 1, 1, "%s", longmsg);
	ck_assert_uint_eq(strlen(e.msg), SIM_ERROR_MSG - 1);
	ck_assert_int_eq(error_format(&e, small, sizeof(small)), 7 + SIM_ERROR_MSG - 1);
	ck_assert_str_eq(small, "f:1:1: ");
	ck_assert_int_eq(error_format(&e, NULL, 0), 7 + SIM_ERROR_MSG - 1);
}
END_TEST

Suite *error_suite(void)
{
	Suite *s = suite_create("error");
	TCase *tc = tcase_create("format");

	tcase_add_test(tc, test_error_formats_file_line_and_column);
	tcase_add_test(tc, test_error_without_position_formats_file_and_message);
	tcase_add_test(tc, test_error_without_file_leaves_the_file_out);
	tcase_add_test(tc, test_error_message_is_truncated_not_overflowed);
	suite_add_tcase(s, tc);
	return s;
}
