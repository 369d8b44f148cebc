/* SPDX-License-Identifier: MIT */
/*
 * error.h - a positioned error message, filled by library code and printed
 * by the caller.
 *
 * Library code never prints: a function that can fail for a reason the user
 * should see (a bad scenario file, a bad --set value) fills a struct
 * sim_error and returns; the CLI formats it as "file:line:col: msg".
 *
 *   struct sim_error
 *   +------+------+-----+---------------------------+
 *   | file | line | col | msg[SIM_ERROR_MSG] (NUL)  |
 *   +------+------+-----+---------------------------+
 *     |      0 = no position known
 *     +-> borrowed, never freed here
 *
 * Invariant: msg is always NUL-terminated; a message too long for the
 * buffer is truncated, never overflowed.
 */
#ifndef SIM_ERROR_H
#define SIM_ERROR_H

#include <stddef.h>

#define SIM_ERROR_MSG 512

/* Assertions on internal invariants: compiled in unless NDEBUG.  A failed one
 * is a bug in gemsim, not in the user's input: it prints and aborts. */
#ifdef NDEBUG
#define SIM_ASSERT(cond) ((void)0)
#else
#define SIM_ASSERT(cond) ((cond) ? (void)0 : sim_assert_fail(#cond, __FILE__, __LINE__))
#endif
_Noreturn void sim_assert_fail(const char *cond, const char *file, int line);

struct sim_error {
	const char *file;   /* file name, owned by the caller (may be NULL) */
	unsigned line, col; /* 1-based; 0 = no position known */
	char msg[SIM_ERROR_MSG];
};

/**
 * error_set() - record a position and a formatted message
 * @e: the error to fill; e->file is left as it is
 * @line: 1-based line, or 0 when no position is known
 * @col: 1-based column (in code points), or 0 when unknown
 * @fmt: printf-style format of the message, without a trailing newline
 *
 * A message longer than SIM_ERROR_MSG - 1 bytes is truncated.
 *
 * Returns: nothing.
 */
void error_set(struct sim_error *e, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/**
 * error_format() - render an error for a human
 * @e: the error
 * @buf: where to write; may be NULL when @len is 0
 * @len: size of @buf in bytes
 *
 * The form is "file:line:col: msg", "file:line: msg" when the column is
 * unknown, or "file: msg" when the line is 0. Without a file name the
 * "file:" part is left out ("line:col: msg", or just "msg").
 *
 * Returns: the length the full string has (not counting the NUL), as
 * snprintf() does; the output was truncated if this is >= @len.
 */
int error_format(const struct sim_error *e, char *buf, size_t len);

#endif /* SIM_ERROR_H */
