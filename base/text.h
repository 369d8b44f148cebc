/* SPDX-License-Identifier: MIT */
/*
 * base/text.h - text from outside (scenario strings, trace lines, command
 * line arguments) made safe for where it is printed.
 *
 * Every printer walks the text as UTF-8 through text_utf8_next(), which
 * returns the length of one well-formed character or 0 for a byte that
 * does not start one (overlong forms, surrogates and code points past
 * U+10FFFF are ill-formed).  Each printer then decides what a control
 * character or an ill-formed byte becomes:
 *
 *   printer        control characters         ill-formed byte
 *   text_clip()    \xNN (and \" \\), cut at   \xNN
 *                  TEXT_CLIP_MAX bytes + "..."
 *   text_clip_bare() as text_clip(), quotes       \xNN
 *                  and backslashes kept
 *   text_term()    \xNN (C0, DEL and C1)      \xNN
 *   text_xml()     U+FFFD (XML 1.0 forbids    U+FFFD
 *                  them even escaped)
 *   text_csv()     U+FFFD                     U+FFFD
 *   text_json()    \n \r \t or \u00NN         \ufffd
 *
 * so a terminal never sees an escape sequence from a file, an SVG is
 * well-formed XML and a JSON file is valid UTF-8, whatever the input.
 */
#ifndef GEMSIM_SIM_TEXT_H
#define GEMSIM_SIM_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TEXT_CLIP_MAX 64 /* bytes of outside text quoted in one message */

/**
 * text_utf8_next() - the UTF-8 character at @p.
 * @cp: its code point, when well-formed.
 * Returns: its length in bytes (1 to 4), or 0 when @p does not start a
 * well-formed character (or is the terminating NUL).
 */
size_t text_utf8_next(const char *p, uint32_t *cp);

/** struct text_clip - room for one clipped text (escapes take 4 bytes a byte). */
struct text_clip {
	char s[TEXT_CLIP_MAX * 4 + 4];
};

/**
 * text_clip() - @text made fit for a one-line message: control characters,
 * ill-formed bytes, quotes and backslashes escaped, cut after TEXT_CLIP_MAX
 * bytes (at a character boundary) with "...".
 * Returns: @c->s.
 */
const char *text_clip(struct text_clip *c, const char *text);

/**
 * text_clip_bare() - text_clip() with quotes and backslashes as they are:
 * for text not quoted in the message (a --set override, JSON and all).
 * Returns: @c->s.
 */
const char *text_clip_bare(struct text_clip *c, const char *text);

/* The longest name of a thing in a scenario (object, device, VM), in bytes. */
#define TEXT_NAME_MAX 64

/**
 * text_name_valid() - whether @name is a scenario name: 1 to
 * TEXT_NAME_MAX bytes of A-Z a-z 0-9 '_' '-'.
 */
bool text_name_valid(const char *name);

/** text_term() - write @s for a terminal: controls and ill-formed bytes as \xNN. */
void text_term(FILE *f, const char *s);

/**
 * text_csv() - write @s as one CSV field (RFC 4180): quoted when it holds a
 * comma or a quote (quotes doubled); controls, newlines included, and
 * ill-formed bytes as U+FFFD, so a row stays one line of valid UTF-8.
 */
void text_csv(FILE *f, const char *s);

/** text_xml() - write @s as XML character data or an attribute value. */
void text_xml(FILE *f, const char *s);

/** text_json() - write @s as a JSON string, quotes included. */
void text_json(FILE *f, const char *s);

#endif
