/* SPDX-License-Identifier: MIT */
/*
 * units.h - the units of a scenario file: times, sizes and addresses
 * (docs/format.md, "Units"), parsed to exact integers and formatted back.
 *
 * Representation: every quantity is a uint64_t of the smallest unit the
 * simulator uses:
 *
 *   time     nanoseconds   "250ns" "40us" "1.5ms" "2s";  a number is in us
 *   size     bytes         "4096" "4096B" "64KiB" "1.5MiB" ... "1EiB"
 *   address  bytes         "0x100000" (1..16 hex digits) or "1048576"
 *
 * Strings are parsed with integer arithmetic only, so "1.5ms" is exactly
 * 1500000 ns and "0.1s" exactly 100000000 ns; a value that is not a whole
 * number of the base unit ("0.5ns", "0.3KiB") is an error, never rounded.
 * Numbers come from JSON and so are doubles: they are accepted when they
 * are the double nearest to a whole number of the base unit.
 *
 * Invariants: a successful parse gives time <= UNITS_TIME_MAX and
 * size <= UNITS_SIZE_MAX; units_format_*() output parses back to the same
 * value. No function here allocates or prints.
 *
 * Error messages: each parser returns 0, or -1 with *why pointing to a
 * human message. Most are string literals; the ones that quote the
 * offending unit ("unknown time unit 'sec' (use ns, us, ms, s)") live in a
 * per-thread buffer that the next failing units_*() call in the same
 * thread overwrites, so copy the message before parsing again.
 */
#ifndef SIM_UNITS_H
#define SIM_UNITS_H

#include <stddef.h>
#include <stdint.h>

#define UNITS_TIME_MAX ((uint64_t)1 << 62)     /* ns, about 146 years */
#define UNITS_SIZE_MAX ((uint64_t)1 << 60)     /* bytes, 1EiB */
#define UNITS_NUM_MAX ((uint64_t)1 << 53)      /* largest exact integer in a double */
#define UNITS_TIME_NUM_MAX ((uint64_t)1 << 51) /* ns as a JSON number, about 26 days */
#define UNITS_FORMAT_LEN 32                    /* buffer that fits any units_format_*() */

/**
 * units_time_str() - parse a time string with a unit
 * @s: NUL-terminated text: digits, an optional '.' and digits, then one of
 *     the units ns, us, ms, s; no sign, exponent or spaces
 * @ns: on success, the time in nanoseconds
 * @why: on failure, the reason (see the header comment for its lifetime)
 *
 * Returns: 0, or -1 if @s is not an exact time of at most UNITS_TIME_MAX ns.
 */
int units_time_str(const char *s, uint64_t *ns, const char **why);

/**
 * units_count_str() - a whole number from the command line (a seed, a
 * count): decimal digits only, so no sign, no "0x", no octal, no spaces.
 * @max: the largest value accepted.
 * Returns: 0, or -1 when @s is not such a number or is above @max.
 */
int units_count_str(const char *s, uint64_t max, uint64_t *out);

/**
 * units_pair_str() - two such numbers joined by @sep: "320x200", "10,20"
 * (the viewer's --size and --probe).  Nothing else around or between them.
 * Returns: 0, or -1 when either is not a number of units_count_str() up to
 * @max.
 */
int units_pair_str(const char *s, char sep, uint64_t max, uint64_t *a, uint64_t *b);

/**
 * units_time_num() - convert a JSON number of microseconds
 * @us: the number; 0.25 is 250 ns
 * @ns: on success, the time in nanoseconds
 * @why: on failure, the reason
 *
 * @us must be the double nearest to a whole number of nanoseconds: 0.001 is
 * accepted as 1 ns, 0.0005 is rejected. Up to UNITS_TIME_NUM_MAX (not
 * UNITS_TIME_MAX) every whole nanosecond comes back exactly and a text
 * that is half a nanosecond or more off a whole one is always rejected; a
 * smaller fraction is seen only as far as a double can see it
 * (0.0010000000001 is 1 ns). Longer or finer times must be strings.
 *
 * Returns: 0, or -1 for NaN, infinity, a negative value, a value above
 * UNITS_TIME_NUM_MAX ns, or a fraction of a nanosecond.
 */
int units_time_num(double us, uint64_t *ns, const char **why);

/**
 * units_size_str() - parse a size string
 * @s: NUL-terminated text: digits, an optional '.' and digits, then
 *     nothing, B, KiB, MiB, GiB, TiB, PiB or EiB; decimal units (KB, MB, ...)
 *     are refused because they are ambiguous
 * @bytes: on success, the size in bytes
 * @why: on failure, the reason
 *
 * A fraction is fine when the result is whole bytes ("1.5KiB" is 1536).
 *
 * Returns: 0, or -1 if @s is not an exact size of at most UNITS_SIZE_MAX.
 */
int units_size_str(const char *s, uint64_t *bytes, const char **why);

/**
 * units_size_num() - convert a JSON number of bytes
 * @bytes: the number
 * @out: on success, the size in bytes
 * @why: on failure, the reason
 *
 * Returns: 0, or -1 unless @bytes is a whole number in [0, UNITS_NUM_MAX].
 */
int units_size_num(double bytes, uint64_t *out, const char **why);

/**
 * units_addr_str() - parse an address string
 * @s: "0x" or "0X" and 1 to 16 hex digits, or decimal digits
 * @addr: on success, the address
 * @why: on failure, the reason
 *
 * Returns: 0, or -1 if @s is not an address that fits in 64 bits.
 */
int units_addr_str(const char *s, uint64_t *addr, const char **why);

/**
 * units_addr_num() - convert a JSON number used as an address
 * @v: the number
 * @addr: on success, the address
 * @why: on failure, the reason
 *
 * Returns: 0, or -1 unless @v is a whole number in [0, UNITS_NUM_MAX].
 */
int units_addr_num(double v, uint64_t *addr, const char **why);

/**
 * units_format_time() - write a time the way a human would
 * @ns: the time in nanoseconds
 * @buf: where to write; may be NULL when @len is 0
 * @len: size of @buf; UNITS_FORMAT_LEN is always enough
 *
 * Among the units in which @ns is at least 1 (ns always qualifies), the
 * one giving the shortest exact text wins, the larger unit on a tie:
 * "0ns", "250ns", "1.5us", "1ms", "1.5s", "1001ns". The text parses back
 * to @ns with units_time_str().
 *
 * Returns: the length of the full text, as snprintf() does.
 */
int units_format_time(uint64_t ns, char *buf, size_t len);

/**
 * units_format_size() - write a size the way a human would
 * @bytes: the size
 * @buf: where to write; may be NULL when @len is 0
 * @len: size of @buf; UNITS_FORMAT_LEN is always enough
 *
 * The largest binary unit (KiB to EiB) in which the size is at least 1 and
 * exact with at most three decimals is used ("64KiB", "1.5MiB",
 * "1.125GiB"); otherwise plain bytes with a B ("4097B", "0B"). The text
 * parses back to @bytes with units_size_str().
 *
 * Returns: the length of the full text, as snprintf() does.
 */
int units_format_size(uint64_t bytes, char *buf, size_t len);

#endif /* SIM_UNITS_H */
