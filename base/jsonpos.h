/* SPDX-License-Identifier: MIT */
/*
 * jsonpos.h - JSON parsing that remembers where each value was written, so
 * the scenario loader can say "file:line:col: unknown key" for a semantic
 * error found long after parsing.
 *
 * cJSON keeps no positions, so parsing runs in two passes over the text:
 *
 *   text --(1) validating scanner--> recs[]: one record per value, in
 *      |                             document pre-order: line, col, the
 *      |                             key's line and col, the cJSON type
 *      +--(2) cJSON_ParseWithLengthOpts--> tree
 *
 *   (3) a pre-order walk of the tree pairs the i-th node with recs[i]
 *       (cJSON keeps member and element order) and files the pair in an
 *       index keyed by node address:
 *
 *   index: open addressing, linear probing, load <= 1/2, power-of-2 size
 *   +------------+------+-----+----------+---------+
 *   | cJSON *    | line | col | key_line | key_col |   key_* = 0 for
 *   +------------+------+-----+----------+---------+   array elements and
 *   | NULL (free)|                                 |   the root
 *   +------------+------+-----+----------+---------+
 *
 * The scanner is the only judge of syntax: it is strict RFC 8259 JSON plus
 * the limits below, reports the first error with its exact position and a
 * specific message, and also refuses what cJSON would accept silently
 * (duplicate keys, "\u0000", a "\u" escape without four hex digits, which
 * cJSON reads as "\u0000", numbers that overflow a double, data after the
 * value); jpos_stricter() names them all. cJSON then parses text already known to be good; if it still
 * fails (out of memory) that is reported as an error, never a crash.
 *
 * Positions: lines and columns are 1-based; a column counts UTF-8 code
 * points, so a tab or an 'é' is one column; a UTF-8 byte order mark at the
 * start is skipped and not counted; only '\n' ends a line ('\r' is one
 * column of whitespace, which leaves CRLF files right).
 *
 * Robustness: the scanner is a loop with an explicit stack bounded by
 * JPOS_MAX_DEPTH, so hostile input cannot exhaust the C stack; memory is
 * bounded by JPOS_MAX_VALUES, whatever the file holds; all work is
 * linear in the input except duplicate-key detection, which sorts the keys
 * of each object once (n log n).
 *
 * Mutation: the tree may be changed after parsing (the CLI's --set). A node
 * that was not in the parsed text has no position (jpos_where() returns
 * -1). Because the index is keyed by address, call jpos_forget() on a parsed
 * node before deleting or replacing it, or a node allocated later at the
 * same address would inherit its position.
 */
#ifndef SIM_JSONPOS_H
#define SIM_JSONPOS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "base/error.h"

#define JPOS_MAX_DEPTH 64                 /* nested arrays/objects */
#define JPOS_MAX_STRING 65536             /* bytes of one decoded string */
#define JPOS_MAX_NUMBER 1024              /* characters of one number */
#define JPOS_MAX_FILE ((size_t)256 << 20) /* bytes of input */
/*
 * Values in one document.  Each costs about 150 bytes of memory (its
 * record, its cJSON node, its index slot), and "0," is two bytes of text:
 * without a cap 256 MiB of "0,0,..." took more than 10 GB.  4 Mi values
 * hold a scenario of some 800k scripted events and cost at most ~600 MB.
 */
#define JPOS_MAX_VALUES (4u << 20)

struct jpos_doc;

/**
 * jpos_parse() - validate and parse a JSON text, recording positions
 * @text: the bytes; need not be NUL-terminated
 * @len: how many; at most JPOS_MAX_FILE
 * @err: on failure, the line, column and message; err->file is untouched
 *
 * The text must be one JSON value in UTF-8 (an optional byte order mark
 * first), with no NUL byte, no duplicate key in an object, no "\u0000" and
 * no lone surrogate escape, no number outside the range of a double, and
 * within the JPOS_MAX_* limits.
 *
 * Returns: a document to free with jpos_free(), or NULL with @err filled.
 * Position 0:0 in @err means the error has no place in the text (too
 * large, out of memory).
 */
struct jpos_doc *jpos_parse(const char *text, size_t len, struct sim_error *err);

/**
 * jpos_root() - the parsed tree
 * @d: the document
 *
 * Returns: the root value, owned by @d.
 */
const cJSON *jpos_root(const struct jpos_doc *d);

/**
 * jpos_root_mut() - the parsed tree, for changing it
 * @d: the document
 *
 * Values may be added, replaced or removed below the root (call
 * jpos_forget() before freeing a parsed node); the root itself stays owned
 * by @d and must not be deleted.
 *
 * Returns: the root value, owned by @d.
 */
cJSON *jpos_root_mut(struct jpos_doc *d);

/**
 * jpos_where() - where a value was written
 * @d: the document
 * @node: a value of the tree
 * @line: on success, its 1-based line
 * @col: on success, its 1-based column (the first character of the value:
 *       the quote of a string, the bracket of an array)
 *
 * Returns: 0, or -1 (outputs untouched) if @node did not come from the
 * parsed text: added after parsing, forgotten, or NULL.
 */
int jpos_where(const struct jpos_doc *d, const cJSON *node, unsigned *line, unsigned *col);

/**
 * jpos_big_int() - a whole number written with no fraction or exponent and
 * at least 2^53, as written: cJSON holds it as a double, which rounds
 * 2^53 + 1 to 2^53, so a check of the double alone would let it pass.
 * Returns: its text, owned by @d, or NULL for any other value.
 */
const char *jpos_big_int(const struct jpos_doc *d, const cJSON *node);

/**
 * jpos_key_where() - where the key of an object member was written
 * @d: the document
 * @node: a value of the tree
 * @line: on success, the 1-based line of the key's opening quote
 * @col: on success, its 1-based column
 *
 * For a value that is not an object member (an array element, the root)
 * this gives the value's own position, like jpos_where().
 *
 * Returns: 0, or -1 (outputs untouched) if @node has no position.
 */
int jpos_key_where(const struct jpos_doc *d, const cJSON *node, unsigned *line, unsigned *col);

/**
 * jpos_forget() - drop the positions of a node and everything below it
 * @d: the document
 * @node: a node about to be deleted or replaced; NULL does nothing
 *
 * Only @node and its children are dropped, not its siblings. Nodes without
 * a position are skipped.
 *
 * Returns: 0, or -1 if memory ran out while walking a very deep subtree;
 * the positions already dropped stay dropped.
 */
int jpos_forget(struct jpos_doc *d, const cJSON *node);

/**
 * jpos_stricter() - whether a refusal is one cJSON would not make
 * @msg: the message of a jpos_parse() error
 *
 * The scanner holds rules cJSON does not (duplicate keys, "\u0000" and a
 * "\u" escape without hex digits, lone surrogates, comments, leading zeros,
 * numbers cJSON's strtod takes but JSON does not, data after the value, the
 * JPOS_MAX_* limits...).  The agreement test (tests/test_jsonpos_agree.c)
 * and the json fuzz target hold the scanner to this list: any other
 * refusal of a text cJSON accepts is a bug in one of the two.
 *
 * Returns: true when @msg is one of those rules.
 */
bool jpos_stricter(const char *msg);

/** enum jpos_verdict - how the scanner and cJSON judged one text */
enum jpos_verdict {
	JPOS_BOTH_ACCEPT, /* and every node of cJSON's tree has a position */
	JPOS_BOTH_REFUSE,
	JPOS_STRICTER, /* cJSON accepts what a stricter rule refuses */
	JPOS_DISAGREE, /* anything else: a bug in one of the two */
};

/**
 * jpos_agree() - judge @text with both parsers and compare
 * @text: the bytes (need not be NUL-terminated)
 * @len: how many
 * @why: on JPOS_DISAGREE and JPOS_STRICTER, what happened (the scanner's
 *       message, or which parser took what the other refused)
 * @whylen: size of @why
 *
 * cJSON accepts a value followed by anything ("truex" is true to it);
 * that is the "data after the top-level value" rule whatever the scanner
 * names the trailing bytes.  Used by tests/test_jsonpos_agree.c over the
 * fuzz corpus and by the json fuzz target (fuzz/fuzz_json.c).
 *
 * Returns: the verdict.
 */
enum jpos_verdict jpos_agree(const char *text, size_t len, char *why, size_t whylen);

/**
 * jpos_free() - free a document and its tree
 * @d: the document, or NULL
 *
 * Returns: nothing.
 */
void jpos_free(struct jpos_doc *d);

#endif /* SIM_JSONPOS_H */
