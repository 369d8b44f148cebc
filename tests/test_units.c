// SPDX-License-Identifier: MIT
/*
 * test_units.c - tests of base/units.c: every unit, every error message, the
 * limits, and that formatted values parse back to themselves.
 */
#include <check.h>

#include "base/units.h"

extern Suite *units_suite(void);

/* Each check leaves a sentinel in the output on failure: it must survive. */
#define SENTINEL ((uint64_t)0x5a5a5a5a)

#define CHECK_OK(fn, in, want)                                            \
	do {                                                              \
		uint64_t v_ = SENTINEL;                                   \
		const char *why_ = "(unset)";                             \
		int r_ = fn((in), &v_, &why_);                            \
		ck_assert_msg(r_ == 0, #fn "(" #in ") failed: %s", why_); \
		ck_assert_uint_eq(v_, (want));                            \
	} while (0)

#define CHECK_BAD(fn, in, msg)                              \
	do {                                                \
		uint64_t v_ = SENTINEL;                     \
		const char *why_ = NULL;                    \
		ck_assert_int_eq(fn((in), &v_, &why_), -1); \
		ck_assert_ptr_nonnull(why_);                \
		ck_assert_str_eq(why_, (msg));              \
		ck_assert_uint_eq(v_, SENTINEL);            \
	} while (0)

#define TIME_MAX_MSG "time too large (max 4611686018.427387904s, about 146 years)"
#define TIME_NUM_MAX_MSG \
	"time too large for a JSON number (max 2^51 ns, about 26 days; use a string with a unit)"
#define SIZE_UNITS_MSG "(use B, KiB, MiB, GiB, TiB, PiB, EiB, or memparse's K, M, G, T, P, E)"
#define SI_MSG "(use KiB, MiB, GiB, TiB or K, M, G, T: powers of 1024)"

/* ---- time strings ---------------------------------------------------- */

START_TEST(test_time_string_accepts_each_unit)
{
	CHECK_OK(units_time_str, "250ns", 250);
	CHECK_OK(units_time_str, "40us", 40000);
	CHECK_OK(units_time_str, "3ms", 3000000);
	CHECK_OK(units_time_str, "2s", 2000000000);
	CHECK_OK(units_time_str, "0ns", 0);
	CHECK_OK(units_time_str, "0s", 0);
	CHECK_OK(units_time_str, "007ms", 7000000);
}
END_TEST

START_TEST(test_time_string_keeps_fractions_exact)
{
	CHECK_OK(units_time_str, "1.5ms", 1500000);
	CHECK_OK(units_time_str, "0.1s", 100000000);
	CHECK_OK(units_time_str, "1.000000001s", 1000000001);
	CHECK_OK(units_time_str, "1.250ms", 1250000);
	CHECK_OK(units_time_str, "0.001us", 1);
	CHECK_OK(units_time_str, "0.25us", 250);
	CHECK_OK(units_time_str, "1.000000000000ns", 1);
	CHECK_OK(units_time_str, "12.000000000000000000000000000s", 12000000000);
}
END_TEST

START_TEST(test_time_string_rejects_fraction_of_a_nanosecond)
{
	CHECK_BAD(units_time_str, "0.5ns", "time is below nanosecond resolution");
	CHECK_BAD(units_time_str, "1.0001us", "time is below nanosecond resolution");
	CHECK_BAD(units_time_str, "0.0000000001s", "time is below nanosecond resolution");
	CHECK_BAD(units_time_str, "1.0000001ms", "time is below nanosecond resolution");
}
END_TEST

START_TEST(test_time_string_accepts_the_maximum)
{
	CHECK_OK(units_time_str, "4611686018427387904ns", UNITS_TIME_MAX);
	CHECK_OK(units_time_str, "4611686018.427387904s", UNITS_TIME_MAX);
	CHECK_OK(units_time_str, "4611686018427387.904us", UNITS_TIME_MAX);
}
END_TEST

START_TEST(test_time_string_rejects_overflow)
{
	CHECK_BAD(units_time_str, "4611686018427387905ns", TIME_MAX_MSG);
	CHECK_BAD(units_time_str, "4611686018.427387905s", TIME_MAX_MSG);
	CHECK_BAD(units_time_str, "4611686019s", TIME_MAX_MSG);
	CHECK_BAD(units_time_str, "99999999999999999999s", TIME_MAX_MSG);
	CHECK_BAD(units_time_str, "18446744073709551616ns", TIME_MAX_MSG);
	CHECK_BAD(units_time_str, "999999999999999999999999999999999999ns", TIME_MAX_MSG);
}
END_TEST

START_TEST(test_time_string_rejects_unknown_unit)
{
	CHECK_BAD(units_time_str, "100sec", "unknown time unit 'sec' (use ns, us, ms, s)");
	CHECK_BAD(units_time_str, "1MS", "unknown time unit 'MS' (use ns, us, ms, s)");
	CHECK_BAD(units_time_str, "1min", "unknown time unit 'min' (use ns, us, ms, s)");
	CHECK_BAD(units_time_str, "0x10ns", "unknown time unit 'x10ns' (use ns, us, ms, s)");
	CHECK_BAD(units_time_str, "1abcdefghijklmnopqrstuvwxyz",
		  "unknown time unit 'abcdefghijklmnop...' (use ns, us, ms, s)");
	/* a stray byte is shown as what it is */
	CHECK_BAD(units_time_str, "1\xc2s", "unknown time unit '\\xc2s' (use ns, us, ms, s)");
}
END_TEST

START_TEST(test_time_string_rejects_missing_unit)
{
	CHECK_BAD(units_time_str, "100", "missing time unit (use ns, us, ms, s)");
	CHECK_BAD(units_time_str, "1.5", "missing time unit (use ns, us, ms, s)");
}
END_TEST

START_TEST(test_time_string_rejects_empty_text)
{
	CHECK_BAD(units_time_str, "", "empty time");
	CHECK_BAD(units_time_str, NULL, "empty time");
}
END_TEST

START_TEST(test_time_string_rejects_a_sign)
{
	CHECK_BAD(units_time_str, "-1ms", "negative time");
	CHECK_BAD(units_time_str, "+1ms", "a time takes no sign");
}
END_TEST

START_TEST(test_time_string_rejects_an_exponent)
{
	CHECK_BAD(units_time_str, "1e3ns", "exponents are not allowed in a time");
	CHECK_BAD(units_time_str, "1E-3s", "exponents are not allowed in a time");
	CHECK_BAD(units_time_str, "1.5e+2us", "exponents are not allowed in a time");
}
END_TEST

START_TEST(test_time_string_rejects_spaces)
{
	CHECK_BAD(units_time_str, "1.5 ms", "spaces are not allowed in a time");
	CHECK_BAD(units_time_str, " 1ms", "spaces are not allowed in a time");
	CHECK_BAD(units_time_str, "1ms\n", "spaces are not allowed in a time");
	CHECK_BAD(units_time_str, "1\tms", "spaces are not allowed in a time");
}
END_TEST

START_TEST(test_time_string_rejects_text_that_is_not_a_number)
{
	CHECK_BAD(units_time_str, "ms", "not a number");
	CHECK_BAD(units_time_str, ".5ms", "not a number");
	CHECK_BAD(units_time_str, "1.ms", "not a number");
	CHECK_BAD(units_time_str, "1.", "not a number");
	CHECK_BAD(units_time_str, "abc", "not a number");
	CHECK_BAD(units_time_str, "NaNs", "not a number");
}
END_TEST

/* ---- time numbers ---------------------------------------------------- */

START_TEST(test_time_number_is_microseconds)
{
	CHECK_OK(units_time_num, 0.25, 250);
	CHECK_OK(units_time_num, 40.0, 40000);
	CHECK_OK(units_time_num, 1.5, 1500);
	CHECK_OK(units_time_num, 0.0, 0);
	CHECK_OK(units_time_num, -0.0, 0);
	CHECK_OK(units_time_num, 1e6, 1000000000);
}
END_TEST

START_TEST(test_time_number_accepts_whole_nanoseconds_written_in_decimal)
{
	CHECK_OK(units_time_num, 0.001, 1);
	CHECK_OK(units_time_num, 0.1, 100);
	CHECK_OK(units_time_num, 0.3, 300);
	CHECK_OK(units_time_num, 123.456, 123456);
	CHECK_OK(units_time_num, 2251799813685.123, 2251799813685123);
	CHECK_OK(units_time_num, 2251799813685.248, UNITS_TIME_NUM_MAX);
	CHECK_OK(units_time_num, 2251799813685.247, 2251799813685247);
	CHECK_OK(units_time_num, 2199023255551.999, 2199023255551999);
}
END_TEST

START_TEST(test_time_number_rejects_fraction_of_a_nanosecond)
{
	CHECK_BAD(units_time_num, 0.0005, "time is below nanosecond resolution");
	CHECK_BAD(units_time_num, 0.0015, "time is below nanosecond resolution");
	CHECK_BAD(units_time_num, 1e-300, "time is below nanosecond resolution");
	CHECK_BAD(units_time_num, 1.0001, "time is below nanosecond resolution");
	CHECK_BAD(units_time_num, 2251799813685.2475, "time is below nanosecond resolution");
}
END_TEST

START_TEST(test_time_number_rejects_nan_infinity_negative_and_too_large)
{
	CHECK_BAD(units_time_num, NAN, "not a number");
	CHECK_BAD(units_time_num, INFINITY, TIME_NUM_MAX_MSG);
	CHECK_BAD(units_time_num, -INFINITY, "negative time");
	CHECK_BAD(units_time_num, -1.0, "negative time");
	CHECK_BAD(units_time_num, -0.001, "negative time");
	CHECK_BAD(units_time_num, 2251799813685.249, TIME_NUM_MAX_MSG);
	CHECK_BAD(units_time_num, 5e15, TIME_NUM_MAX_MSG);
	CHECK_BAD(units_time_num, 1e300, TIME_NUM_MAX_MSG);
}
END_TEST

/* ---- size strings ---------------------------------------------------- */

START_TEST(test_size_string_accepts_each_unit)
{
	CHECK_OK(units_size_str, "4096", 4096);
	CHECK_OK(units_size_str, "4096B", 4096);
	CHECK_OK(units_size_str, "0", 0);
	CHECK_OK(units_size_str, "64KiB", 65536);
	CHECK_OK(units_size_str, "1MiB", 1048576);
	CHECK_OK(units_size_str, "2GiB", 2147483648);
	CHECK_OK(units_size_str, "1TiB", (uint64_t)1 << 40);
	CHECK_OK(units_size_str, "3PiB", (uint64_t)3 << 50);
	CHECK_OK(units_size_str, "1EiB", (uint64_t)1 << 60);
}
END_TEST

START_TEST(test_size_string_accepts_fractions_of_whole_bytes)
{
	CHECK_OK(units_size_str, "1.5KiB", 1536);
	CHECK_OK(units_size_str, "1.25MiB", 1310720);
	CHECK_OK(units_size_str, "0.0009765625KiB", 1);
	CHECK_OK(units_size_str, "0.5GiB", 536870912);
	CHECK_OK(units_size_str, "4096.000", 4096);
	CHECK_OK(units_size_str, "2.0B", 2);
	CHECK_OK(units_size_str, "0.5EiB", (uint64_t)1 << 59);
}
END_TEST

START_TEST(test_size_string_rejects_fraction_of_a_byte)
{
	CHECK_BAD(units_size_str, "1.5", "size is not a whole number of bytes");
	CHECK_BAD(units_size_str, "1.5B", "size is not a whole number of bytes");
	CHECK_BAD(units_size_str, "0.3KiB", "size is not a whole number of bytes");
	CHECK_BAD(units_size_str, "0.00048828125KiB", "size is not a whole number of bytes");
	CHECK_BAD(units_size_str,
		  "1.00000000000000000000000000000000000000000000000000000000000001EiB",
		  "size is not a whole number of bytes");
}
END_TEST

START_TEST(test_size_string_rejects_decimal_si_units)
{
	CHECK_BAD(units_size_str, "1MB", "ambiguous size unit 'MB' " SI_MSG);
	CHECK_BAD(units_size_str, "64KB", "ambiguous size unit 'KB' " SI_MSG);
	CHECK_BAD(units_size_str, "64kB", "ambiguous size unit 'kB' " SI_MSG);
	CHECK_BAD(units_size_str, "2gb", "ambiguous size unit 'gb' " SI_MSG);
}
END_TEST

START_TEST(test_size_string_takes_memparse_suffixes_as_binary)
{
	/* lib/cmdline.c memparse(): K, M, G, T, P, E in either case, powers of 1024 */
	CHECK_OK(units_size_str, "64K", 65536);
	CHECK_OK(units_size_str, "64k", 65536);
	CHECK_OK(units_size_str, "1G", 1073741824);
	CHECK_OK(units_size_str, "1.5m", 1572864);
	CHECK_OK(units_size_str, "2T", 2199023255552ull);
	CHECK_OK(units_size_str, "1E", 1ull << 60);
}
END_TEST

START_TEST(test_time_string_takes_the_micro_sign)
{
	CHECK_OK(units_time_str, "40\xc2\xb5s", 40000); /* U+00B5 MICRO SIGN */
	CHECK_OK(units_time_str, "1.5\xce\xbcs", 1500); /* U+03BC GREEK SMALL LETTER MU */
}
END_TEST

START_TEST(test_size_string_rejects_unknown_unit)
{
	CHECK_BAD(units_size_str, "1mib", "unknown size unit 'mib' " SIZE_UNITS_MSG);
	CHECK_BAD(units_size_str, "1KIB", "unknown size unit 'KIB' " SIZE_UNITS_MSG);
	CHECK_BAD(units_size_str, "4pages", "unknown size unit 'pages' " SIZE_UNITS_MSG);
	CHECK_BAD(units_size_str, "1Bytes", "unknown size unit 'Bytes' " SIZE_UNITS_MSG);
}
END_TEST

START_TEST(test_size_string_rejects_overflow)
{
	CHECK_OK(units_size_str, "1152921504606846976", UNITS_SIZE_MAX);
	CHECK_OK(units_size_str, "1048576TiB", UNITS_SIZE_MAX);
	CHECK_BAD(units_size_str, "1152921504606846977", "size too large (max 1EiB)");
	CHECK_BAD(units_size_str, "2EiB", "size too large (max 1EiB)");
	CHECK_BAD(units_size_str, "1024.5PiB", "size too large (max 1EiB)");
	CHECK_BAD(units_size_str, "99999999999999999999999KiB", "size too large (max 1EiB)");
}
END_TEST

START_TEST(test_size_string_rejects_malformed_numbers)
{
	CHECK_BAD(units_size_str, "", "empty size");
	CHECK_BAD(units_size_str, NULL, "empty size");
	CHECK_BAD(units_size_str, "-1KiB", "negative size");
	CHECK_BAD(units_size_str, "+1KiB", "a size takes no sign");
	CHECK_BAD(units_size_str, "1 KiB", "spaces are not allowed in a size");
	CHECK_BAD(units_size_str, "1e3", "exponents are not allowed in a size");
	CHECK_BAD(units_size_str, "KiB", "not a number");
	CHECK_BAD(units_size_str, ".5KiB", "not a number");
	CHECK_BAD(units_size_str, "1.KiB", "not a number");
}
END_TEST

/* ---- size numbers ---------------------------------------------------- */

START_TEST(test_size_number_accepts_whole_bytes_up_to_2_pow_53)
{
	CHECK_OK(units_size_num, 4096.0, 4096);
	CHECK_OK(units_size_num, 0.0, 0);
	CHECK_OK(units_size_num, 9007199254740992.0, UNITS_NUM_MAX);
}
END_TEST

START_TEST(test_size_number_rejects_bad_values)
{
	const char *big =
		"size too large for a JSON number (max 2^53; use a string such as \"8PiB\")";

	CHECK_BAD(units_size_num, 9007199254740994.0, big);
	CHECK_BAD(units_size_num, INFINITY, big);
	CHECK_BAD(units_size_num, -1.0, "negative size");
	CHECK_BAD(units_size_num, 1.5, "size is not a whole number of bytes");
	CHECK_BAD(units_size_num, NAN, "not a number");
}
END_TEST

/* ---- addresses ------------------------------------------------------- */

START_TEST(test_address_string_accepts_hex_and_decimal)
{
	CHECK_OK(units_addr_str, "0x100000", 0x100000);
	CHECK_OK(units_addr_str, "0X10", 16);
	CHECK_OK(units_addr_str, "0xdeadBEEF", 0xdeadbeef);
	CHECK_OK(units_addr_str, "0x0", 0);
	CHECK_OK(units_addr_str, "0xffffffffffffffff", UINT64_MAX);
	CHECK_OK(units_addr_str, "0x0000000000000001", 1);
	CHECK_OK(units_addr_str, "1048576", 1048576);
	CHECK_OK(units_addr_str, "0", 0);
	CHECK_OK(units_addr_str, "18446744073709551615", UINT64_MAX);
}
END_TEST

START_TEST(test_address_string_rejects_bad_hex)
{
	CHECK_BAD(units_addr_str, "0x", "missing hex digits after 0x");
	CHECK_BAD(units_addr_str, "0x10g", "invalid hex digit in address");
	CHECK_BAD(units_addr_str, "0x1.5", "invalid hex digit in address");
	CHECK_BAD(units_addr_str, "0x00000000000000001", "address too large (max 16 hex digits)");
	CHECK_BAD(units_addr_str, "0x10000000000000000", "address too large (max 16 hex digits)");
}
END_TEST

START_TEST(test_address_string_rejects_bad_decimal)
{
	const char *nan = "not a number (use decimal digits or 0x-prefixed hex)";

	CHECK_BAD(units_addr_str, "18446744073709551616",
		  "address too large (max 18446744073709551615)");
	CHECK_BAD(units_addr_str, "12ab", nan);
	CHECK_BAD(units_addr_str, "x10", nan);
	CHECK_BAD(units_addr_str, "1.5", nan);
	CHECK_BAD(units_addr_str, "", "empty address");
	CHECK_BAD(units_addr_str, NULL, "empty address");
	CHECK_BAD(units_addr_str, "-0x10", "negative address");
	CHECK_BAD(units_addr_str, "+16", "an address takes no sign");
	CHECK_BAD(units_addr_str, " 0x10", "spaces are not allowed in an address");
	CHECK_BAD(units_addr_str, "0x10 ", "spaces are not allowed in an address");
}
END_TEST

START_TEST(test_address_number_accepts_whole_values_up_to_2_pow_53)
{
	CHECK_OK(units_addr_num, 1048576.0, 1048576);
	CHECK_OK(units_addr_num, 0.0, 0);
	CHECK_OK(units_addr_num, 9007199254740992.0, UNITS_NUM_MAX);
}
END_TEST

START_TEST(test_address_number_rejects_bad_values)
{
	const char *big = "address too large for a JSON number (max 2^53; use a hex string)";

	CHECK_BAD(units_addr_num, -1.0, "negative address");
	CHECK_BAD(units_addr_num, 0.5, "address is not a whole number");
	CHECK_BAD(units_addr_num, 9007199254740994.0, big);
	CHECK_BAD(units_addr_num, INFINITY, big);
	CHECK_BAD(units_addr_num, NAN, "not a number");
}
END_TEST

/* ---- formatting ------------------------------------------------------ */

#define FORMAT_IS(fn, v, want)                           \
	do {                                             \
		char b_[UNITS_FORMAT_LEN];               \
		int n_ = fn((v), b_, sizeof(b_));        \
		ck_assert_str_eq(b_, (want));            \
		ck_assert_int_eq(n_, (int)strlen(want)); \
	} while (0)

START_TEST(test_format_time_picks_the_shortest_exact_unit)
{
	FORMAT_IS(units_format_time, 0, "0ns");
	FORMAT_IS(units_format_time, 250, "250ns");
	FORMAT_IS(units_format_time, 1000, "1us");
	FORMAT_IS(units_format_time, 1500, "1.5us");
	FORMAT_IS(units_format_time, 1001, "1001ns");
	FORMAT_IS(units_format_time, 1500000, "1.5ms");
	FORMAT_IS(units_format_time, 1234567, "1234567ns");
	FORMAT_IS(units_format_time, 500000000, "500ms");
	FORMAT_IS(units_format_time, 1500000000, "1.5s");
	FORMAT_IS(units_format_time, 2000000000, "2s");
	FORMAT_IS(units_format_time, 40000, "40us");
	FORMAT_IS(units_format_time, UNITS_TIME_MAX, "4611686018.427387904s");
	FORMAT_IS(units_format_time, UINT64_MAX, "18446744073.709551615s");
}
END_TEST

START_TEST(test_format_size_uses_exact_binary_units_else_bytes)
{
	FORMAT_IS(units_format_size, 0, "0B");
	FORMAT_IS(units_format_size, 1023, "1023B");
	FORMAT_IS(units_format_size, 1024, "1KiB");
	FORMAT_IS(units_format_size, 65536, "64KiB");
	FORMAT_IS(units_format_size, 1536, "1.5KiB");
	FORMAT_IS(units_format_size, 1572864, "1.5MiB");
	FORMAT_IS(units_format_size, 4097, "4097B");
	FORMAT_IS(units_format_size, 1088, "1088B");
	FORMAT_IS(units_format_size, ((uint64_t)9 << 30) / 8, "1.125GiB");
	FORMAT_IS(units_format_size, ((uint64_t)1 << 30) + ((uint64_t)1 << 20), "1025MiB");
	FORMAT_IS(units_format_size, (uint64_t)1 << 40, "1TiB");
	FORMAT_IS(units_format_size, UNITS_SIZE_MAX, "1EiB");
	FORMAT_IS(units_format_size, UINT64_MAX, "18446744073709551615B");
}
END_TEST

START_TEST(test_pair_takes_two_decimal_numbers_and_nothing_else)
{
	uint64_t a = 0, b = 0;

	ck_assert_int_eq(units_pair_str("320x200", 'x', 16384, &a, &b), 0);
	ck_assert_uint_eq(a, 320);
	ck_assert_uint_eq(b, 200);
	/* sscanf("%dx%d") took each of these (the first wrapped to 320) */
	ck_assert_int_eq(units_pair_str("4294967616x200", 'x', 16384, &a, &b), -1);
	ck_assert_int_eq(units_pair_str("320x200x3", 'x', 16384, &a, &b), -1);
	ck_assert_int_eq(units_pair_str(" 320x200", 'x', 16384, &a, &b), -1);
	ck_assert_int_eq(units_pair_str("320x 200", 'x', 16384, &a, &b), -1);
	ck_assert_int_eq(units_pair_str("99999999999999999999,0", ',', UINT32_MAX, &a, &b), -1);
	ck_assert_int_eq(units_pair_str("-1,0", ',', UINT32_MAX, &a, &b), -1);
	ck_assert_int_eq(units_pair_str("1,", ',', UINT32_MAX, &a, &b), -1);
	ck_assert_int_eq(units_pair_str("1", ',', UINT32_MAX, &a, &b), -1);
	ck_assert_int_eq(units_pair_str("0,4294967295", ',', UINT32_MAX, &a, &b), 0);
	ck_assert_uint_eq(b, UINT32_MAX);
}
END_TEST

START_TEST(test_format_truncates_like_snprintf)
{
	char b[4] = "zzz";

	ck_assert_int_eq(units_format_time(1500000, b, sizeof(b)), 5);
	ck_assert_str_eq(b, "1.5");
	ck_assert_int_eq(units_format_size(65536, b, sizeof(b)), 5);
	ck_assert_str_eq(b, "64K");
	ck_assert_int_eq(units_format_time(250, NULL, 0), 5);
	ck_assert_int_eq(units_format_size(1536, NULL, 0), 6);
}
END_TEST

/* A fixed xorshift stream, so the round trips cover many values. */
static uint64_t test_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

START_TEST(test_formatted_time_parses_back_to_the_same_value)
{
	static const uint64_t fixed[] = { 0,         1,          999,        1000,
					  1001,      1500,       999999,     1000000,
					  123456789, 1000000000, 1000000001, UNITS_TIME_MAX };
	uint64_t seed = 88172645463325252u;
	size_t i;

	for (i = 0; i < 2000 + sizeof(fixed) / sizeof(fixed[0]); i++) {
		uint64_t v = i < sizeof(fixed) / sizeof(fixed[0]) ?
				     fixed[i] :
				     test_next(&seed) >> (2 + i % 62);
		char b[UNITS_FORMAT_LEN];
		uint64_t back = SENTINEL;
		const char *why = "(unset)";

		ck_assert_int_lt(units_format_time(v, b, sizeof(b)), (int)sizeof(b));
		ck_assert_msg(units_time_str(b, &back, &why) == 0, "%s: %s", b, why);
		ck_assert_uint_eq(back, v);
	}
}
END_TEST

START_TEST(test_formatted_size_parses_back_to_the_same_value)
{
	static const uint64_t fixed[] = {
		0, 1, 1023, 1024, 1025, 1536, 4096, 1088, (uint64_t)1 << 50, UNITS_SIZE_MAX
	};
	uint64_t seed = 2463534242u;
	size_t i;

	for (i = 0; i < 2000 + sizeof(fixed) / sizeof(fixed[0]); i++) {
		uint64_t v = i < sizeof(fixed) / sizeof(fixed[0]) ?
				     fixed[i] :
				     test_next(&seed) >> (4 + i % 60);
		char b[UNITS_FORMAT_LEN];
		uint64_t back = SENTINEL;
		const char *why = "(unset)";

		if (i % 3 == 0) /* favour round multiples of units */
			v &= ~(((uint64_t)1 << (10 * (i % 6))) - 1);
		ck_assert_int_lt(units_format_size(v, b, sizeof(b)), (int)sizeof(b));
		ck_assert_msg(units_size_str(b, &back, &why) == 0, "%s: %s", b, why);
		ck_assert_uint_eq(back, v);
	}
}
END_TEST

Suite *units_suite(void)
{
	Suite *s = suite_create("units");
	TCase *tc;

	tc = tcase_create("time_string");
	tcase_add_test(tc, test_time_string_accepts_each_unit);
	tcase_add_test(tc, test_time_string_keeps_fractions_exact);
	tcase_add_test(tc, test_time_string_rejects_fraction_of_a_nanosecond);
	tcase_add_test(tc, test_time_string_accepts_the_maximum);
	tcase_add_test(tc, test_time_string_rejects_overflow);
	tcase_add_test(tc, test_time_string_rejects_unknown_unit);
	tcase_add_test(tc, test_time_string_rejects_missing_unit);
	tcase_add_test(tc, test_time_string_rejects_empty_text);
	tcase_add_test(tc, test_time_string_rejects_a_sign);
	tcase_add_test(tc, test_time_string_rejects_an_exponent);
	tcase_add_test(tc, test_time_string_rejects_spaces);
	tcase_add_test(tc, test_time_string_rejects_text_that_is_not_a_number);
	suite_add_tcase(s, tc);

	tc = tcase_create("time_number");
	tcase_add_test(tc, test_time_number_is_microseconds);
	tcase_add_test(tc, test_time_number_accepts_whole_nanoseconds_written_in_decimal);
	tcase_add_test(tc, test_time_number_rejects_fraction_of_a_nanosecond);
	tcase_add_test(tc, test_time_number_rejects_nan_infinity_negative_and_too_large);
	suite_add_tcase(s, tc);

	tc = tcase_create("size_string");
	tcase_add_test(tc, test_size_string_accepts_each_unit);
	tcase_add_test(tc, test_size_string_accepts_fractions_of_whole_bytes);
	tcase_add_test(tc, test_size_string_rejects_fraction_of_a_byte);
	tcase_add_test(tc, test_size_string_rejects_decimal_si_units);
	tcase_add_test(tc, test_size_string_takes_memparse_suffixes_as_binary);
	tcase_add_test(tc, test_time_string_takes_the_micro_sign);
	tcase_add_test(tc, test_size_string_rejects_unknown_unit);
	tcase_add_test(tc, test_size_string_rejects_overflow);
	tcase_add_test(tc, test_size_string_rejects_malformed_numbers);
	suite_add_tcase(s, tc);

	tc = tcase_create("size_number");
	tcase_add_test(tc, test_size_number_accepts_whole_bytes_up_to_2_pow_53);
	tcase_add_test(tc, test_size_number_rejects_bad_values);
	suite_add_tcase(s, tc);

	tc = tcase_create("address");
	tcase_add_test(tc, test_address_string_accepts_hex_and_decimal);
	tcase_add_test(tc, test_address_string_rejects_bad_hex);
	tcase_add_test(tc, test_address_string_rejects_bad_decimal);
	tcase_add_test(tc, test_address_number_accepts_whole_values_up_to_2_pow_53);
	tcase_add_test(tc, test_address_number_rejects_bad_values);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_test(tc, test_format_time_picks_the_shortest_exact_unit);
	tcase_add_test(tc, test_format_size_uses_exact_binary_units_else_bytes);
	tcase_add_test(tc, test_format_truncates_like_snprintf);
	tcase_add_test(tc, test_pair_takes_two_decimal_numbers_and_nothing_else);
	tcase_add_test(tc, test_formatted_time_parses_back_to_the_same_value);
	tcase_add_test(tc, test_formatted_size_parses_back_to_the_same_value);
	suite_add_tcase(s, tc);

	return s;
}
