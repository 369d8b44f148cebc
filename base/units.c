// SPDX-License-Identifier: MIT
/*
 * units.c - exact parsing and formatting of times, sizes and addresses
 * (see units.h for the representation and the error message lifetime).
 *
 * A unit string is split into a decimal part (integer digits, optional
 * fraction digits) and a unit suffix. The value is then the integer part
 * times the unit plus the fraction times the unit, each computed exactly in
 * 64-bit integers with overflow checks:
 *
 *   "1.25ms"  ->  int "1", frac "25", unit ms = 10^6 ns
 *             ->  1 * 10^6 + 25 * 10^(6-2) = 1250000 ns
 *
 * Binary sizes multiply the fraction by 2^k instead; that is done on the
 * decimal digits themselves (repeated doubling) because a fraction such as
 * "0.0009765625" (= 2^-10) does not fit a machine integer scaled by 2^k.
 */
#include "base/units.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Why-messages that quote user text; see "Error messages" in units.h. */
static _Thread_local char units_why_buf[128];

/* A decimal number split out of a unit string; spans point into it. */
struct units_dec {
	const char *ip;   /* integer digits */
	size_t ni;        /* how many (>= 1) */
	const char *fp;   /* fraction digits, after the '.' */
	size_t nf;        /* how many, trailing zeros removed */
	const char *unit; /* the rest of the string */
};

enum units_kind { UNITS_TIME, UNITS_SIZE, UNITS_ADDR };

enum units_scan {
	UNITS_SCAN_OK,
	UNITS_SCAN_EMPTY, /* "" */
	UNITS_SCAN_SPACE, /* whitespace anywhere */
	UNITS_SCAN_MINUS, /* leading '-' */
	UNITS_SCAN_PLUS,  /* leading '+' */
	UNITS_SCAN_NAN,   /* no digits, or '.' not followed by digits */
	UNITS_SCAN_EXP,   /* "1e3" */
};

static int units_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int units_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Split @s into a struct units_dec; nothing is converted yet. */
static enum units_scan units_scan_decimal(const char *s, struct units_dec *d)
{
	const char *p;

	if (!s || !*s)
		return UNITS_SCAN_EMPTY;
	for (p = s; *p; p++)
		if (units_is_space(*p))
			return UNITS_SCAN_SPACE;
	if (*s == '-')
		return UNITS_SCAN_MINUS;
	if (*s == '+')
		return UNITS_SCAN_PLUS;

	d->ip = s;
	for (p = s; units_is_digit(*p); p++)
		;
	d->ni = (size_t)(p - s);
	if (d->ni == 0)
		return UNITS_SCAN_NAN;

	d->fp = p;
	d->nf = 0;
	if (*p == '.') {
		d->fp = ++p;
		while (units_is_digit(*p))
			p++;
		d->nf = (size_t)(p - d->fp);
		if (d->nf == 0)
			return UNITS_SCAN_NAN;
		while (d->nf > 0 && d->fp[d->nf - 1] == '0')
			d->nf--;
	}
	if ((*p == 'e' || *p == 'E') && (units_is_digit(p[1]) || p[1] == '+' || p[1] == '-'))
		return UNITS_SCAN_EXP;
	d->unit = p;
	return UNITS_SCAN_OK;
}

/* Integer digits to a value; -1 if it does not fit in 64 bits. */
static int units_digits(const char *p, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned dig = (unsigned)(p[i] - '0');

		assert(dig <= 9);
		if (v > (UINT64_MAX - dig) / 10)
			return -1;
		v = v * 10 + dig;
	}
	*out = v;
	return 0;
}

/* a * b + c <= max, or -1. */
static int units_mul_add(uint64_t a, uint64_t b, uint64_t c, uint64_t max, uint64_t *out)
{
	if (b != 0 && a > max / b)
		return -1;
	a *= b;
	if (c > max - a)
		return -1;
	*out = a + c;
	return 0;
}

/* Copy a unit for a message: printable ASCII, at most 16 characters. */
static void units_quote(const char *unit, char *q, size_t qlen)
{
	size_t i, n = 0;

	(void)qlen;
	assert(qlen > 20);
	/* bytes outside printable ASCII as \xNN: a stray byte must be seen */
	for (i = 0; unit[i] && n < 16; i++) {
		unsigned char c = (unsigned char)unit[i];

		if (c > ' ' && c < 127) {
			q[n++] = (char)c;
		} else if (n + 4 <= 16) {
			snprintf(q + n, qlen - n, "\\x%02x", c);
			n += 4;
		} else {
			break;
		}
	}
	if (unit[i]) {
		memcpy(q + n, "...", 3);
		n += 3;
	}
	q[n] = '\0';
}

/* The shared messages for a failed units_scan_decimal(). */
static const char *units_scan_why(enum units_scan r, enum units_kind k)
{
	static const char *const msg[][3] = {
		/* [UNITS_TIME], [UNITS_SIZE], [UNITS_ADDR] */
		[UNITS_SCAN_EMPTY] = { "empty time", "empty size", "empty address" },
		[UNITS_SCAN_SPACE] = { "spaces are not allowed in a time",
				       "spaces are not allowed in a size",
				       "spaces are not allowed in an address" },
		[UNITS_SCAN_MINUS] = { "negative time", "negative size", "negative address" },
		[UNITS_SCAN_PLUS] = { "a time takes no sign", "a size takes no sign",
				      "an address takes no sign" },
		[UNITS_SCAN_NAN] = { "not a number", "not a number", "not a number" },
		[UNITS_SCAN_EXP] = { "exponents are not allowed in a time",
				     "exponents are not allowed in a size",
				     "exponents are not allowed in an address" },
	};

	assert(r != UNITS_SCAN_OK);
	return msg[r][k];
}

/* ---- time ------------------------------------------------------------ */

static const struct units_time_unit {
	const char *name;
	unsigned exp10; /* the unit is 10^exp10 ns */
} units_time_units[] = {
	{ "s", 9 },
	{ "ms", 6 },
	{ "us", 3 },
	{ "ns", 0 },
	/* microseconds as people write them: the micro sign and the Greek mu */
	{ "\xc2\xb5s", 3 },
	{ "\xce\xbcs", 3 },
};

#define UNITS_TIME_TOO_LARGE "time too large (max 4611686018.427387904s, about 146 years)"

static uint64_t units_pow10(unsigned e)
{
	uint64_t v = 1;

	assert(e <= 19);
	while (e--)
		v *= 10;
	return v;
}

int units_time_str(const char *s, uint64_t *ns, const char **why)
{
	const struct units_time_unit *u = NULL;
	struct units_dec d;
	enum units_scan r;
	uint64_t ip, fp = 0, mult;
	size_t i;

	r = units_scan_decimal(s, &d);
	if (r != UNITS_SCAN_OK) {
		*why = units_scan_why(r, UNITS_TIME);
		return -1;
	}
	if (!*d.unit) {
		*why = "missing time unit (use ns, us, ms, s)";
		return -1;
	}
	for (i = 0; i < sizeof(units_time_units) / sizeof(units_time_units[0]); i++)
		if (strcmp(d.unit, units_time_units[i].name) == 0) {
			u = &units_time_units[i];
			break;
		}
	if (!u) {
		char q[24];

		units_quote(d.unit, q, sizeof(q));
		snprintf(units_why_buf, sizeof(units_why_buf),
			 "unknown time unit '%s' (use ns, us, ms, s)", q);
		*why = units_why_buf;
		return -1;
	}

	/* Fraction digits past the unit's exponent would be parts of a ns. */
	if (d.nf > u->exp10) {
		*why = "time is below nanosecond resolution";
		return -1;
	}
	if (d.nf > 0) {
		(void)units_digits(d.fp, d.nf, &fp); /* <= 9 digits: fits */
		fp *= units_pow10(u->exp10 - (unsigned)d.nf);
	}
	mult = units_pow10(u->exp10);
	if (units_digits(d.ip, d.ni, &ip) < 0 ||
	    units_mul_add(ip, mult, fp, UNITS_TIME_MAX, ns) < 0) {
		*why = UNITS_TIME_TOO_LARGE;
		return -1;
	}
	return 0;
}

int units_time_num(double us, uint64_t *ns, const char **why)
{
	double p, r;
	int k;

	if (isnan(us)) {
		*why = "not a number";
		return -1;
	}
	if (us < 0) {
		*why = "negative time";
		return -1;
	}
	p = us * 1000.0;
	if (!(p <= (double)UNITS_TIME_NUM_MAX)) {
		*why = "time too large for a JSON number (max 2^51 ns, about 26 days; "
		       "use a string with a unit)";
		return -1;
	}
	/*
	 * Below 2^51 ns the spacing of doubles near @us is under 0.5 ns, so
	 * each decimal with whole nanoseconds has its own double, and the
	 * rounded product is within one of the right count. Division is
	 * correctly rounded: c / 1000.0 is the double nearest the decimal
	 * c/1000, which is what the JSON parser made of "c/1000" written out.
	 * So @us is c ns exactly when c / 1000.0 == @us (0.001 -> 1 ns), and
	 * no c matches when the text had a fraction of a ns (0.0005).
	 */
	r = round(p);
	for (k = -1; k <= 1; k++) {
		double c = r + k;

		if (c >= 0 && c / 1000.0 == us) {
			*ns = (uint64_t)c;
			return 0;
		}
	}
	*why = "time is below nanosecond resolution";
	return -1;
}

/* ---- size ------------------------------------------------------------ */

static const struct units_size_unit {
	const char *name;
	unsigned shift; /* the unit is 2^shift bytes */
} units_size_units[] = {
	{ "EiB", 60 },
	{ "PiB", 50 },
	{ "TiB", 40 },
	{ "GiB", 30 },
	{ "MiB", 20 },
	{ "KiB", 10 },
	{ "B", 0 },
	{ "", 0 },
	/* the kernel's memparse() suffixes: binary, either case (lib/cmdline.c) */
	{ "E", 60 },
	{ "P", 50 },
	{ "T", 40 },
	{ "G", 30 },
	{ "M", 20 },
	{ "K", 10 },
	{ "e", 60 },
	{ "p", 50 },
	{ "t", 40 },
	{ "g", 30 },
	{ "m", 20 },
	{ "k", 10 },
};

#define UNITS_SIZE_TOO_LARGE "size too large (max 1EiB)"
#define UNITS_SIZE_UNITS "use B, KiB, MiB, GiB, TiB, PiB, EiB, or memparse's K, M, G, T, P, E"

/* "kB", "MB", "gb", ...: a decimal (1000-based) unit, never memparse's. */
static int units_is_si_size(const char *u)
{
	const char *prefixes = "kKmMgGtTpPeE";

	if (!u[0] || !strchr(prefixes, u[0]))
		return 0;
	return (u[1] == 'B' || u[1] == 'b') && u[2] == '\0';
}

/*
 * The fraction 0.<fp[0..nf)> times 2^shift, if that is a whole number.
 * Works on the digits so that any fraction that can be whole is handled.
 */
static int units_frac_pow2(const char *fp, size_t nf, unsigned shift, uint64_t *out)
{
	unsigned char dig[64];
	uint64_t whole = 0;
	size_t i;
	unsigned k;

	/*
	 * x = F / 10^nf with F not a multiple of 10 (trailing zeros are gone).
	 * x * 2^shift whole needs 5^nf | F, so F is odd, so nf <= shift.
	 */
	if (nf > shift)
		return -1;
	assert(nf <= sizeof(dig));
	for (i = 0; i < nf; i++)
		dig[i] = (unsigned char)(fp[i] - '0');
	for (k = 0; k < shift; k++) {
		unsigned carry = 0;

		for (i = nf; i-- > 0;) {
			unsigned v = dig[i] * 2u + carry;

			dig[i] = (unsigned char)(v % 10);
			carry = v / 10;
		}
		whole = whole * 2 + carry; /* < 2^shift <= 2^60 */
	}
	for (i = 0; i < nf; i++)
		if (dig[i])
			return -1;
	*out = whole;
	return 0;
}

int units_size_str(const char *s, uint64_t *bytes, const char **why)
{
	const struct units_size_unit *u = NULL;
	struct units_dec d;
	enum units_scan r;
	uint64_t ip, fp = 0;
	size_t i;

	r = units_scan_decimal(s, &d);
	if (r != UNITS_SCAN_OK) {
		*why = units_scan_why(r, UNITS_SIZE);
		return -1;
	}
	for (i = 0; i < sizeof(units_size_units) / sizeof(units_size_units[0]); i++)
		if (strcmp(d.unit, units_size_units[i].name) == 0) {
			u = &units_size_units[i];
			break;
		}
	if (!u) {
		char q[24];

		units_quote(d.unit, q, sizeof(q));
		if (units_is_si_size(d.unit))
			snprintf(units_why_buf, sizeof(units_why_buf),
				 "ambiguous size unit '%s' "
				 "(use KiB, MiB, GiB, TiB or K, M, G, T: powers of 1024)",
				 q);
		else
			snprintf(units_why_buf, sizeof(units_why_buf),
				 "unknown size unit '%s' (" UNITS_SIZE_UNITS ")", q);
		*why = units_why_buf;
		return -1;
	}

	if (d.nf > 0 && units_frac_pow2(d.fp, d.nf, u->shift, &fp) < 0) {
		*why = "size is not a whole number of bytes";
		return -1;
	}
	if (units_digits(d.ip, d.ni, &ip) < 0 ||
	    units_mul_add(ip, (uint64_t)1 << u->shift, fp, UNITS_SIZE_MAX, bytes) < 0) {
		*why = UNITS_SIZE_TOO_LARGE;
		return -1;
	}
	return 0;
}

/* A JSON number that must be a whole number in [0, UNITS_NUM_MAX]. */
static int units_whole_num(double v, uint64_t *out, const char **why, const char *negative,
			   const char *too_large, const char *fraction)
{
	if (isnan(v)) {
		*why = "not a number";
		return -1;
	}
	if (v < 0) {
		*why = negative;
		return -1;
	}
	if (!(v <= (double)UNITS_NUM_MAX)) {
		*why = too_large;
		return -1;
	}
	if (floor(v) != v) {
		*why = fraction;
		return -1;
	}
	*out = (uint64_t)v;
	return 0;
}

int units_size_num(double bytes, uint64_t *out, const char **why)
{
	return units_whole_num(bytes, out, why, "negative size",
			       "size too large for a JSON number "
			       "(max 2^53; use a string such as \"8PiB\")",
			       "size is not a whole number of bytes");
}

/* ---- address --------------------------------------------------------- */

static int units_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int units_addr_str(const char *s, uint64_t *addr, const char **why)
{
	uint64_t v = 0;
	size_t n;

	if (!s || !*s || s[0] == '-' || s[0] == '+' || strpbrk(s, " \t\n\r\v\f")) {
		*why = units_scan_why(!s || !*s                 ? UNITS_SCAN_EMPTY :
				      strpbrk(s, " \t\n\r\v\f") ? UNITS_SCAN_SPACE :
				      s[0] == '-'               ? UNITS_SCAN_MINUS :
								  UNITS_SCAN_PLUS,
				      UNITS_ADDR);
		return -1;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		if (!*s) {
			*why = "missing hex digits after 0x";
			return -1;
		}
		for (n = 0; s[n]; n++) {
			int h = units_hex_value(s[n]);

			if (h < 0) {
				*why = "invalid hex digit in address";
				return -1;
			}
			v = v << 4 | (uint64_t)h;
		}
		if (n > 16) {
			*why = "address too large (max 16 hex digits)";
			return -1;
		}
		*addr = v;
		return 0;
	}
	for (n = 0; s[n]; n++)
		if (!units_is_digit(s[n])) {
			*why = "not a number (use decimal digits or 0x-prefixed hex)";
			return -1;
		}
	if (units_digits(s, n, &v) < 0) {
		*why = "address too large (max 18446744073709551615)";
		return -1;
	}
	*addr = v;
	return 0;
}

int units_addr_num(double v, uint64_t *addr, const char **why)
{
	return units_whole_num(v, addr, why, "negative address",
			       "address too large for a JSON number (max 2^53; use a hex string)",
			       "address is not a whole number");
}

/* ---- formatting ------------------------------------------------------ */

/* @ns in a unit of 10^exp10 ns: "1", "1.5", "0.25"; returns the length. */
static size_t units_time_text(uint64_t ns, unsigned exp10, char *out, size_t outlen)
{
	uint64_t mult = units_pow10(exp10);
	uint64_t ip = ns / mult, fp = ns % mult;
	char frac[24];
	int n;

	if (fp == 0) {
		n = snprintf(out, outlen, "%" PRIu64, ip);
	} else {
		size_t nf = exp10;

		snprintf(frac, sizeof(frac), "%0*" PRIu64, (int)exp10, fp);
		while (frac[nf - 1] == '0')
			nf--;
		n = snprintf(out, outlen, "%" PRIu64 ".%.*s", ip, (int)nf, frac);
	}
	assert(n > 0 && (size_t)n < outlen);
	return (size_t)n;
}

int units_format_time(uint64_t ns, char *buf, size_t len)
{
	char best[UNITS_FORMAT_LEN] = "", cand[UNITS_FORMAT_LEN];
	size_t best_len = SIZE_MAX, i;

	assert(buf || len == 0);
	for (i = 0; i < sizeof(units_time_units) / sizeof(units_time_units[0]); i++) {
		const struct units_time_unit *u = &units_time_units[i];
		size_t n;

		if (u->exp10 > 0 && ns < units_pow10(u->exp10))
			continue;
		n = units_time_text(ns, u->exp10, cand, sizeof(cand) - 2);
		memcpy(cand + n, u->name, strlen(u->name) + 1);
		n += strlen(u->name);
		if (n < best_len) {
			best_len = n;
			memcpy(best, cand, n + 1);
		}
	}
	return snprintf(buf, len, "%s", best);
}

int units_format_size(uint64_t bytes, char *buf, size_t len)
{
	size_t i;

	assert(buf || len == 0);
	for (i = 0; units_size_units[i].shift >= 10; i++) {
		const struct units_size_unit *u = &units_size_units[i];
		uint64_t ip = bytes >> u->shift;
		uint64_t rem = bytes & (((uint64_t)1 << u->shift) - 1);
		char frac[4];
		size_t nf = 0;

		if (ip == 0)
			continue;
		/* rem < 2^60, so rem * 10 < 2^64. */
		while (rem && nf < 3) {
			rem *= 10;
			frac[nf++] = (char)('0' + (rem >> u->shift));
			rem &= ((uint64_t)1 << u->shift) - 1;
		}
		if (rem)
			continue;
		if (nf)
			return snprintf(buf, len, "%" PRIu64 ".%.*s%s", ip, (int)nf, frac, u->name);
		return snprintf(buf, len, "%" PRIu64 "%s", ip, u->name);
	}
	return snprintf(buf, len, "%" PRIu64 "B", bytes);
}

int units_count_str(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

int units_pair_str(const char *s, char sep, uint64_t max, uint64_t *a, uint64_t *b)
{
	const char *p = strchr(s, sep);
	char first[24];
	size_t n;

	if (!p || (n = (size_t)(p - s)) >= sizeof(first))
		return -1;
	memcpy(first, s, n);
	first[n] = '\0';
	return units_count_str(first, max, a) || units_count_str(p + 1, max, b) ? -1 : 0;
}
