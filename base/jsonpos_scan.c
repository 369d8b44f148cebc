// SPDX-License-Identifier: MIT
/*
 * jsonpos_scan.c - the validating JSON scanner behind jpos_parse(): syntax,
 * limits and error messages, one position record per value (see jsonpos.h
 * for the passes, jsonpos.c for the index and the public API).
 *
 * The scanner is a state machine over the raw bytes (jpos_scan_text): no
 * recursion, one frame per open array or object in a fixed stack. Each
 * value gets a record when its first byte is seen, so records come out in
 * document pre-order, the order in which a pre-order walk of the cJSON tree
 * meets the nodes.
 *
 * Keys of the open objects are kept decoded on a stack (keys[] and the
 * bytes in arena[]); when an object closes, its keys are sorted and
 * neighbours compared, so duplicate detection is n log n whatever the
 * input, and the stack shrinks back.
 */
#include "base/jsonpos_int.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- scanner: errors and small helpers ------------------------------- */

__attribute__((format(printf, 4, 5))) static int jpos_fail(struct jpos_scan *s, unsigned line,
							   unsigned col, const char *fmt, ...)
{
	va_list ap;

	s->err->line = line;
	s->err->col = col;
	va_start(ap, fmt);
	if (vsnprintf(s->err->msg, sizeof(s->err->msg), fmt, ap) < 0)
		s->err->msg[0] = '\0';
	va_end(ap);
	return -1;
}

static int jpos_oom(struct jpos_scan *s)
{
	return jpos_fail(s, 0, 0, "out of memory");
}

/*
 * Room for need elements of size el in buf, which has room for *cap.
 * Returns buf or its reallocation, or NULL (buf untouched) if impossible.
 */
static void *jpos_reserve(void *buf, size_t *cap, size_t need, size_t el)
{
	size_t n = *cap ? *cap : 64;
	void *nb;

	if (need <= *cap)
		return buf;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return NULL;
		n *= 2;
	}
	if (n > SIZE_MAX / el)
		return NULL;
	nb = realloc(buf, n * el);
	if (nb)
		*cap = n;
	return nb;
}

static int jpos_is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Length of the valid UTF-8 sequence at p (1 for ASCII), or 0. */
static size_t jpos_utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t avail = (size_t)(end - p);
	unsigned char c = p[0];

	assert(avail > 0);
	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0; /* continuation byte or overlong */
	if (c < 0xE0)
		return avail >= 2 && jpos_is_cont(p[1]) ? 2 : 0;
	if (c < 0xF0) {
		if (avail < 3 || !jpos_is_cont(p[1]) || !jpos_is_cont(p[2]))
			return 0;
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F))
			return 0; /* overlong, or a UTF-16 surrogate */
		return 3;
	}
	if (c < 0xF5) {
		if (avail < 4 || !jpos_is_cont(p[1]) || !jpos_is_cont(p[2]) || !jpos_is_cont(p[3]))
			return 0;
		if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
			return 0; /* overlong, or above U+10FFFF */
		return 4;
	}
	return 0;
}

/*
 * Report the byte at s->p as unexpected. End of file, a NUL and a bad UTF-8
 * byte say so whatever was expected; anything else gets @what, or names
 * the character when @what is NULL; a control character is named either way.
 */
static int jpos_fail_here(struct jpos_scan *s, const char *what)
{
	unsigned char c;
	size_t n;

	if (s->p == s->end)
		return jpos_fail(s, s->line, s->col, "unexpected end of file (truncated?)");
	c = *s->p;
	if (c == 0)
		return jpos_fail(s, s->line, s->col, "NUL byte in file");
	n = jpos_utf8_len(s->p, s->end);
	if (n == 0)
		return jpos_fail(s, s->line, s->col, "invalid UTF-8 byte 0x%02X", c);
	/* named first: cJSON skips any byte up to 0x20 as whitespace */
	if (c < 0x20 || c == 0x7F)
		return jpos_fail(s, s->line, s->col, "unexpected control character 0x%02X%s%s%s", c,
				 what ? " (" : "", what ? what : "", what ? ")" : "");
	if (what)
		return jpos_fail(s, s->line, s->col, "%s", what);
	return jpos_fail(s, s->line, s->col, "unexpected character '%.*s'", (int)n,
			 (const char *)s->p);
}

static int jpos_peek(const struct jpos_scan *s)
{
	return s->p < s->end ? *s->p : -1;
}

/* Step over one ASCII character that is not a newline. */
static void jpos_step(struct jpos_scan *s)
{
	assert(s->p < s->end && *s->p != '\n' && *s->p < 0x80);
	s->p++;
	s->col++;
}

static void jpos_skip_ws(struct jpos_scan *s)
{
	while (s->p < s->end) {
		unsigned char c = *s->p;

		if (c == '\n') {
			s->line++;
			s->col = 1;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			s->col++;
		} else {
			break;
		}
		s->p++;
	}
}

static int jpos_record(struct jpos_scan *s, unsigned char type, unsigned line, unsigned col)
{
	struct jpos_rec *r;

	if (s->nrecs == JPOS_MAX_VALUES)
		return jpos_fail(s, line, col,
				 "more than %u values (numbers, strings, arrays, "
				 "objects) in the file",
				 JPOS_MAX_VALUES);
	r = jpos_reserve(s->recs, &s->cap_recs, s->nrecs + 1, sizeof(*r));
	if (!r)
		return jpos_oom(s);
	s->recs = r;
	r += s->nrecs++;
	r->line = line;
	r->col = col;
	r->key_line = s->key_line;
	r->key_col = s->key_col;
	r->type = type;
	r->big = 0;
	s->key_line = s->key_col = 0;
	return 0;
}

/* ---- scanner: strings ------------------------------------------------ */

static int jpos_hex4(const unsigned char *p, const unsigned char *end, unsigned *out)
{
	unsigned v = 0;
	int i;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		unsigned char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10u;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10u;
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t jpos_utf8_put(unsigned cp, unsigned char *out)
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xC0 | cp >> 6);
		out[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xE0 | cp >> 12);
		out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (unsigned char)(0xF0 | cp >> 18);
	out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* s->p is a backslash, and the byte after it starts no escape. */
static int jpos_bad_escape(struct jpos_scan *s)
{
	unsigned line = s->line, col = s->col;
	unsigned char c;
	size_t n;

	assert(s->end - s->p >= 2);
	s->p++; /* judge the byte after the backslash, one column on */
	s->col++;
	c = *s->p;
	n = jpos_utf8_len(s->p, s->end);
	if (c == 0 || n == 0)
		return jpos_fail_here(s, NULL);
	if (c < 0x20 || c == 0x7F)
		return jpos_fail(s, line, col,
				 "invalid escape: '\\' before control character 0x%02X", c);
	return jpos_fail(s, line, col, "invalid escape '\\%.*s'", (int)n, (const char *)s->p);
}

/*
 * An escape at s->p (the backslash). Decodes it into out[], sets *n to its
 * length and steps over it. @line0/@col0 is the string's opening quote.
 */
static int jpos_escape(struct jpos_scan *s, unsigned line0, unsigned col0, unsigned char *out,
		       size_t *n)
{
	static const char simple[] = "\"\\/bfnrt";
	static const char decoded[] = "\"\\/\b\f\n\r\t";
	const unsigned char *p = s->p;
	const char *hit;
	unsigned cp, lo;

	if (s->end - p < 2)
		return jpos_fail(s, line0, col0, "unterminated string");
	if (p[1] != 'u') {
		hit = p[1] ? strchr(simple, p[1]) : NULL;
		if (!hit)
			return jpos_bad_escape(s);
		out[0] = (unsigned char)decoded[hit - simple];
		*n = 1;
		s->p += 2;
		s->col += 2;
		return 0;
	}

	if (jpos_hex4(p + 2, s->end, &cp) < 0)
		return jpos_fail(s, s->line, s->col, "invalid \\u escape (expected 4 hex digits)");
	if (cp == 0)
		return jpos_fail(s, s->line, s->col, "\\u0000 is not allowed in a string");
	if (cp >= 0xDC00 && cp <= 0xDFFF)
		return jpos_fail(s, s->line, s->col, "lone surrogate \\u%04X in string", cp);
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (s->end - p < 12 || p[6] != '\\' || p[7] != 'u' ||
		    jpos_hex4(p + 8, s->end, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
			return jpos_fail(s, s->line, s->col, "lone surrogate \\u%04X in string",
					 cp);
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		s->p += 6;
		s->col += 6;
	}
	*n = jpos_utf8_put(cp, out);
	s->p += 6;
	s->col += 6;
	return 0;
}

/* A string at s->p (the quote); its decoded bytes go to the arena if @key. */
static int jpos_string(struct jpos_scan *s, int key)
{
	unsigned line0 = s->line, col0 = s->col;
	size_t decoded = 0;

	assert(jpos_peek(s) == '"');
	jpos_step(s);
	for (;;) {
		unsigned char buf[4];
		const unsigned char *bytes;
		size_t n = 0;
		unsigned char c;

		if (s->p == s->end)
			return jpos_fail(s, line0, col0, "unterminated string");
		c = *s->p;
		if (c == '"') {
			jpos_step(s);
			return 0;
		}
		if (c == '\\') {
			if (jpos_escape(s, line0, col0, buf, &n) < 0)
				return -1;
			bytes = buf;
		} else if (c < 0x20) {
			if (c == 0)
				return jpos_fail(s, s->line, s->col, "NUL byte in file");
			if (c == '\n' || c == '\r') /* a raw newline: the quote is missing */
				return jpos_fail(s, line0, col0,
						 "unterminated string (a line break "
						 "inside a string is written \\n)");
			return jpos_fail(s, s->line, s->col, "control character in string");
		} else {
			n = c < 0x80 ? 1 : jpos_utf8_len(s->p, s->end);
			if (n == 0)
				return jpos_fail_here(s, NULL);
			bytes = s->p;
			s->p += n;
			s->col++;
		}
		decoded += n;
		if (decoded > JPOS_MAX_STRING)
			return jpos_fail(s, line0, col0, "string longer than %d bytes",
					 JPOS_MAX_STRING);
		if (key) {
			char *arena = jpos_reserve(s->arena, &s->cap_arena, s->narena + n, 1);

			if (!arena)
				return jpos_oom(s);
			s->arena = arena;
			memcpy(s->arena + s->narena, bytes, n);
			s->narena += n;
		}
	}
}

/* ---- scanner: numbers and literals ----------------------------------- */

static int jpos_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int jpos_is_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || jpos_is_digit(c) || c == '_';
}

/*
 * A whole number written past 2^53 (a double from 2^53 up, so 2^53 + 1,
 * which rounds to 2^53, is caught too): keep its text for jpos_big_int().
 */
static int jpos_keep_big(struct jpos_scan *s, const char *text)
{
	char **b = jpos_reserve(s->bigs, &s->cap_bigs, s->nbigs + 1, sizeof(*b));

	if (!b)
		return -1;
	s->bigs = b;
	if (!(b[s->nbigs] = strdup(text)))
		return -1;
	s->nbigs++;
	s->recs[s->nrecs - 1].big = 1;
	return 0;
}

/* A number at s->p: strict JSON grammar, and it must fit a double. */
static int jpos_number(struct jpos_scan *s)
{
	const unsigned char *q = s->p, *e = s->end;
	char buf[JPOS_MAX_NUMBER + 1];
	size_t n, i;
	double v;

#define JPOS_AT(c) (q < e && *q == (c))
#define JPOS_DIGIT() (q < e && jpos_is_digit(*q))
	if (JPOS_AT('-'))
		q++;
	if (!JPOS_DIGIT())
		goto invalid;
	/* "064": JSON has no octal and no leading zeros; name the rule. */
	if (*q == '0' && q + 1 < e && jpos_is_digit(q[1]))
		return jpos_fail(s, s->line, s->col, "leading zeros are not allowed in a number");
	if (*q == '0')
		q++;
	else
		while (JPOS_DIGIT())
			q++;
	if (JPOS_AT('.')) {
		q++;
		if (!JPOS_DIGIT())
			goto invalid;
		while (JPOS_DIGIT())
			q++;
	}
	if (JPOS_AT('e') || JPOS_AT('E')) {
		q++;
		if (JPOS_AT('+') || JPOS_AT('-'))
			q++;
		if (!JPOS_DIGIT())
			goto invalid;
		while (JPOS_DIGIT())
			q++;
	}
	/* "01", "1.2.3", "0x10", "12abc": one bad token, not two good ones. */
	if (q < e && (jpos_is_word(*q) || *q == '.' || *q == '+' || *q == '-'))
		goto invalid;
#undef JPOS_AT
#undef JPOS_DIGIT

	n = (size_t)(q - s->p);
	if (n > JPOS_MAX_NUMBER)
		return jpos_fail(s, s->line, s->col, "number longer than %d characters",
				 JPOS_MAX_NUMBER);
	for (i = 0; i < n; i++)
		buf[i] = s->p[i] == '.' ? s->point : (char)s->p[i];
	buf[n] = '\0';
	v = strtod(buf, NULL);
	if (isinf(v))
		return jpos_fail(s, s->line, s->col, "number out of range");
	if (!memchr(buf, s->point, n) && !memchr(buf, 'e', n) && !memchr(buf, 'E', n) &&
	    fabs(v) >= 0x1p53 && jpos_keep_big(s, buf) < 0)
		return jpos_oom(s);
	s->p = q;
	s->col += (unsigned)n;
	return 0;

invalid:
	return jpos_fail(s, s->line, s->col, "invalid number");
}

/* A bare word at s->p: true, false or null. */
static int jpos_literal(struct jpos_scan *s)
{
	static const struct {
		const char *word;
		unsigned char type;
	} lit[] = { { "true", cJSON_True }, { "false", cJSON_False }, { "null", cJSON_NULL } };
	const unsigned char *q = s->p;
	size_t n, i;

	while (q < s->end && jpos_is_word(*q))
		q++;
	n = (size_t)(q - s->p);
	for (i = 0; i < JPOS_ARRAY_SIZE(lit); i++) {
		if (n == strlen(lit[i].word) && memcmp(s->p, lit[i].word, n) == 0) {
			if (jpos_record(s, lit[i].type, s->line, s->col) < 0)
				return -1;
			s->p = q;
			s->col += (unsigned)n;
			return 0;
		}
		/* "tru" at the very end: the file was cut, not misspelt. */
		if (q == s->end && n < strlen(lit[i].word) && memcmp(s->p, lit[i].word, n) == 0) {
			s->p = q;
			s->col += (unsigned)n;
			return jpos_fail_here(s, NULL);
		}
	}
	return jpos_fail(s, s->line, s->col,
			 "invalid literal '%.*s%s' (expected true, false, null or a \"string\")",
			 n > 32 ? 32 : (int)n, (const char *)s->p, n > 32 ? "..." : "");
}

/* ---- scanner: objects ------------------------------------------------ */

static int jpos_key_cmp(const void *a, const void *b)
{
	const struct jpos_key *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->bytes, y->bytes, n);

	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* "name", for a message: at most 64 bytes, cut at a character boundary. */
static void jpos_quote_key(const struct jpos_key *k, char *out, size_t outlen)
{
	size_t n = k->len, i, o = 0;

	assert(outlen >= 64 * 6 + 8);
	if (n > 64) {
		n = 64;
		while (n > 0 && jpos_is_cont((unsigned char)k->bytes[n]))
			n--;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)k->bytes[i];

		if (c == '"' || c == '\\')
			o += (size_t)snprintf(out + o, outlen - o, "\\%c", c);
		else if (c < 0x20 || c == 0x7F)
			o += (size_t)snprintf(out + o, outlen - o, "\\u%04X", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
	if (n < k->len)
		snprintf(out + o, outlen - o, "...");
}

/*
 * The object on top of the stack closes: report its first duplicate key
 * (in file order), then drop its keys.
 */
static int jpos_close_object(struct jpos_scan *s)
{
	struct jpos_frame *f = &s->stack[s->depth - 1];
	size_t n = s->nkeys - f->first_key, i;
	/* No key yet: s->keys may still be NULL, and NULL + 0 is undefined. */
	struct jpos_key *k = n ? s->keys + f->first_key : NULL;
	const struct jpos_key *dup = NULL;

	assert(f->is_object);
	if (n > 1) {
		/* Only empty keys so far: no arena yet, and NULL + 0 is undefined. */
		for (i = 0; i < n; i++)
			k[i].bytes = s->arena ? s->arena + k[i].off : "";
		qsort(k, n, sizeof(*k), jpos_key_cmp);
		for (i = 1; i < n; i++)
			if (k[i].len == k[i - 1].len &&
			    memcmp(k[i].bytes, k[i - 1].bytes, k[i].len) == 0 &&
			    (!dup || k[i].order < dup->order))
				dup = &k[i];
	}
	if (dup) {
		char q[64 * 6 + 8];

		jpos_quote_key(dup, q, sizeof(q));
		return jpos_fail(s, dup->line, dup->col, "duplicate key \"%s\"", q);
	}
	s->nkeys = f->first_key;
	s->narena = f->arena_mark;
	s->depth--;
	return 0;
}

/* A key at s->p (the quote), then the ':' after it. */
static int jpos_member_key(struct jpos_scan *s)
{
	unsigned line = s->line, col = s->col;
	size_t mark = s->narena;
	struct jpos_key *k;

	if (jpos_peek(s) == '\'')
		return jpos_fail(s, s->line, s->col,
				 "strings need double quotes, not single quotes");
	if (jpos_peek(s) == '/')
		return jpos_fail(s, s->line, s->col, "comments are not allowed in JSON");
	if (jpos_peek(s) != '"')
		return jpos_fail_here(s, "expected a key in double quotes");
	if (jpos_string(s, 1) < 0)
		return -1;
	k = jpos_reserve(s->keys, &s->cap_keys, s->nkeys + 1, sizeof(*k));
	if (!k)
		return jpos_oom(s);
	s->keys = k;
	k += s->nkeys;
	k->off = mark;
	k->len = s->narena - mark;
	k->order = s->nkeys++;
	k->bytes = NULL;
	k->line = line;
	k->col = col;

	jpos_skip_ws(s);
	if (jpos_peek(s) != ':')
		return jpos_fail_here(s, "expected ':' after key");
	jpos_step(s);
	s->key_line = line;
	s->key_col = col;
	return 0;
}

/* ---- scanner: the document ------------------------------------------- */

enum jpos_state {
	JPOS_VALUE, /* a value comes next */
	JPOS_KEY,   /* a member key comes next (whitespace skipped) */
	JPOS_AFTER, /* a value just ended */
};

/* '[' or '{' at s->p: record it, open a frame. */
static int jpos_open(struct jpos_scan *s, int is_object)
{
	struct jpos_frame *f;

	if (s->depth == JPOS_MAX_DEPTH)
		return jpos_fail(s, s->line, s->col, "nesting deeper than %d levels",
				 JPOS_MAX_DEPTH);
	if (jpos_record(s, is_object ? cJSON_Object : cJSON_Array, s->line, s->col) < 0)
		return -1;
	f = &s->stack[s->depth++];
	f->is_object = is_object;
	f->first_key = s->nkeys;
	f->arena_mark = s->narena;
	jpos_step(s);
	jpos_skip_ws(s);
	return 0;
}

/* Where a value must start; returns the next state or -1. */
static int jpos_value(struct jpos_scan *s)
{
	int c;

	jpos_skip_ws(s);
	c = jpos_peek(s);
	switch (c) {
	case '{':
		if (jpos_open(s, 1) < 0)
			return -1;
		if (jpos_peek(s) != '}')
			return JPOS_KEY;
		jpos_step(s);
		return jpos_close_object(s) < 0 ? -1 : JPOS_AFTER;
	case '[':
		if (jpos_open(s, 0) < 0)
			return -1;
		if (jpos_peek(s) != ']')
			return JPOS_VALUE;
		jpos_step(s);
		s->depth--;
		return JPOS_AFTER;
	case '"':
		if (jpos_record(s, cJSON_String, s->line, s->col) < 0 || jpos_string(s, 0) < 0)
			return -1;
		return JPOS_AFTER;
	case '\'':
		return jpos_fail(s, s->line, s->col,
				 "strings need double quotes, not single quotes");
	case '/': return jpos_fail(s, s->line, s->col, "comments are not allowed in JSON");
	case '+':
	case '.': return jpos_fail(s, s->line, s->col, "invalid number");
	case ']':
	case '}':
	case ',':
	case ':': return jpos_fail(s, s->line, s->col, "expected a value, found '%c'", c);
	default: break;
	}
	if (c == '-' || jpos_is_digit(c)) {
		if (jpos_record(s, cJSON_Number, s->line, s->col) < 0 || jpos_number(s) < 0)
			return -1;
		return JPOS_AFTER;
	}
	if (c >= 0 && jpos_is_word(c))
		return jpos_literal(s) < 0 ? -1 : JPOS_AFTER;
	return jpos_fail_here(s, NULL);
}

/* After a value inside a container: ',' or the closing bracket. */
static int jpos_after(struct jpos_scan *s)
{
	int is_object = s->stack[s->depth - 1].is_object;
	char close = is_object ? '}' : ']';
	unsigned line, col;

	jpos_skip_ws(s);
	if (jpos_peek(s) == ',') {
		line = s->line;
		col = s->col;
		jpos_step(s);
		jpos_skip_ws(s);
		if (jpos_peek(s) == close)
			return jpos_fail(s, line, col, "trailing comma is not allowed");
		return is_object ? JPOS_KEY : JPOS_VALUE;
	}
	if (jpos_peek(s) == close) {
		jpos_step(s);
		if (is_object)
			return jpos_close_object(s) < 0 ? -1 : JPOS_AFTER;
		s->depth--;
		return JPOS_AFTER;
	}
	/* "1, // note" is the usual way a comment turns up: say so. */
	if (jpos_peek(s) == '/')
		return jpos_fail(s, s->line, s->col, "comments are not allowed in JSON");
	return jpos_fail_here(s, is_object ? "expected ',' or '}' after object member" :
					     "expected ',' or ']' after array element");
}

/* Scan the whole text (BOM already skipped); 0 if it is good JSON. */
int jpos_scan_text(struct jpos_scan *s)
{
	int state = JPOS_VALUE;

	jpos_skip_ws(s);
	if (s->p == s->end)
		return jpos_fail(s, 1, 1, "empty file");
	for (;;) {
		switch (state) {
		case JPOS_VALUE: state = jpos_value(s); break;
		case JPOS_KEY: state = jpos_member_key(s) < 0 ? -1 : JPOS_VALUE; break;
		case JPOS_AFTER:
			if (s->depth == 0) {
				jpos_skip_ws(s);
				if (s->p == s->end)
					return 0;
				if (jpos_peek(s) == '/')
					return jpos_fail(s, s->line, s->col,
							 "comments are not allowed in JSON");
				return jpos_fail_here(s, "extra data after the top-level value");
			}
			state = jpos_after(s);
			break;
		default: assert(state == -1); return -1;
		}
	}
}

/* ---- positions ------------------------------------------------------- */

/* Line and column of text offset off, for errors cJSON reports. */
void jpos_offset_pos(const unsigned char *text, size_t off, unsigned *line, unsigned *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (!jpos_is_cont(text[i])) {
			(*col)++;
		}
	}
}
