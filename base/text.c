// SPDX-License-Identifier: MIT
/*
 * base/text.c - printing text from outside safely (base/text.h).
 */
#include <string.h>

#include "base/text.h"

size_t text_utf8_next(const char *p, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)p;
	uint32_t c, min;
	size_t n;

	if (u[0] < 0x80) {
		*cp = u[0];
		return u[0] ? 1 : 0;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		n = 2, c = u[0] & 0x1f, min = 0x80;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		n = 3, c = u[0] & 0x0f, min = 0x800;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		n = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* C0, DEL and C1: what a terminal may act on. */
static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

static const char *clip(struct text_clip *c, const char *text, bool quotes)
{
	size_t n = 0, i = 0;

	while (text[i] && i < TEXT_CLIP_MAX) {
		uint32_t cp;
		size_t len = text_utf8_next(text + i, &cp);

		if (len && i + len > TEXT_CLIP_MAX)
			break; /* cut at a character boundary */
		if (quotes && len == 1 && (cp == '"' || cp == '\\')) {
			c->s[n++] = '\\';
			c->s[n++] = (char)cp;
		} else if (!len || is_control(cp)) {
			/* the byte (or the bytes of a C1 character) as \xNN */
			for (size_t k = 0; k < (len ? len : 1); k++)
				n += (size_t)snprintf(c->s + n, sizeof(c->s) - n, "\\x%02x",
						      (unsigned char)text[i + k]);
		} else {
			memcpy(c->s + n, text + i, len);
			n += len;
		}
		i += len ? len : 1;
	}
	if (text[i]) {
		memcpy(c->s + n, "...", 3);
		n += 3;
	}
	c->s[n] = '\0';
	return c->s;
}

const char *text_clip(struct text_clip *c, const char *text)
{
	return clip(c, text, true);
}

const char *text_clip_bare(struct text_clip *c, const char *text)
{
	return clip(c, text, false);
}

bool text_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (!n || n > TEXT_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

void text_term(FILE *f, const char *s)
{
	while (*s) {
		uint32_t cp;
		size_t len = text_utf8_next(s, &cp);

		if (len && !is_control(cp))
			fwrite(s, 1, len, f);
		else
			for (size_t k = 0; k < (len ? len : 1); k++)
				fprintf(f, "\\x%02x", (unsigned char)s[k]);
		s += len ? len : 1;
	}
}

void text_csv(FILE *f, const char *s)
{
	bool quote = strpbrk(s, ",\"") != NULL;

	if (quote)
		fputc('"', f);
	while (*s) {
		uint32_t cp;
		size_t len = text_utf8_next(s, &cp);

		if (!len || is_control(cp))
			fputs("\xef\xbf\xbd", f); /* U+FFFD: one line, valid UTF-8 */
		else if (cp == '"')
			fputs("\"\"", f);
		else
			fwrite(s, 1, len, f);
		s += len ? len : 1;
	}
	if (quote)
		fputc('"', f);
}

void text_xml(FILE *f, const char *s)
{
	while (*s) {
		uint32_t cp;
		size_t len = text_utf8_next(s, &cp);

		if (!len || (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f ||
		    (cp >= 0x80 && cp <= 0x9f) || cp == 0xfffe || cp == 0xffff)
			fputs("\xef\xbf\xbd", f); /* U+FFFD */
		else if (cp == '<')
			fputs("&lt;", f);
		else if (cp == '>')
			fputs("&gt;", f);
		else if (cp == '&')
			fputs("&amp;", f);
		else if (cp == '"')
			fputs("&quot;", f);
		else
			fwrite(s, 1, len, f);
		s += len ? len : 1;
	}
}

void text_json(FILE *f, const char *s)
{
	fputc('"', f);
	while (*s) {
		uint32_t cp;
		size_t len = text_utf8_next(s, &cp);

		if (!len)
			fputs("\\ufffd", f);
		else if (cp == '"')
			fputs("\\\"", f);
		else if (cp == '\\')
			fputs("\\\\", f);
		else if (cp == '\n')
			fputs("\\n", f);
		else if (cp == '\r')
			fputs("\\r", f);
		else if (cp == '\t')
			fputs("\\t", f);
		else if (cp < 0x20)
			fprintf(f, "\\u%04x", (unsigned)cp);
		else
			fwrite(s, 1, len, f);
		s += len ? len : 1;
	}
	fputc('"', f);
}
