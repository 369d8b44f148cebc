// SPDX-License-Identifier: MIT
/*
 * jsonpos.c - jpos_parse() and the rest of the public API: the scanner
 * (jsonpos_scan.c) judges the text, cJSON builds the tree, and an index
 * from node to position answers jpos_where() (see jsonpos.h for the passes
 * and the layout).
 */
#include "base/jsonpos.h"

#include <assert.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonpos_int.h"

/* A parsed node and where it was written; node == NULL is a free slot. */
struct jpos_slot {
	const cJSON *node;
	unsigned line, col;
	unsigned key_line, key_col;
};

struct jpos_big {
	const cJSON *node;
	char *text; /* as written */
};

struct jpos_doc {
	cJSON *root;             /* the tree; freed with the doc */
	struct jpos_slot *slots; /* the index, cap entries */
	size_t cap;              /* a power of two, >= 2 * count */
	size_t count;            /* nodes with a position */
	struct jpos_big *bigs;   /* whole numbers written past 2^53 */
	size_t nbigs;
};

/* ---- index ------------------------------------------------------------ */

static size_t jpos_hash(const cJSON *node, size_t mask)
{
	uint64_t h = (uint64_t)(uintptr_t)node;

	/* murmur3's finaliser: heap addresses differ mostly in middle bits */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return (size_t)h & mask;
}

static const struct jpos_slot *jpos_find(const struct jpos_doc *d, const cJSON *node)
{
	size_t mask, i;

	if (!d || !node || !d->slots)
		return NULL;
	mask = d->cap - 1;
	for (i = jpos_hash(node, mask); d->slots[i].node; i = (i + 1) & mask)
		if (d->slots[i].node == node)
			return &d->slots[i];
	return NULL;
}

/* Remove node by shifting later entries of its probe run back. */
static void jpos_remove(struct jpos_doc *d, const cJSON *node)
{
	const struct jpos_slot *found = jpos_find(d, node);
	size_t mask = d->cap - 1, i, j;

	if (!found)
		return;
	i = (size_t)(found - d->slots);
	for (j = (i + 1) & mask; d->slots[j].node; j = (j + 1) & mask) {
		size_t home = jpos_hash(d->slots[j].node, mask);

		/* j may fill the hole at i unless its home lies in (i, j]. */
		if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
			d->slots[i] = d->slots[j];
			i = j;
		}
	}
	d->slots[i].node = NULL;
	d->count--;
}

static void jpos_insert(struct jpos_doc *d, const cJSON *node, const struct jpos_rec *r)
{
	size_t mask = d->cap - 1, i;

	for (i = jpos_hash(node, mask); d->slots[i].node; i = (i + 1) & mask)
		assert(d->slots[i].node != node);
	d->slots[i].node = node;
	d->slots[i].line = r->line;
	d->slots[i].col = r->col;
	d->slots[i].key_line = r->key_line;
	d->slots[i].key_col = r->key_col;
	d->count++;
}

/* Pair the tree with the records, in pre-order. */
static int jpos_build_index(struct jpos_doc *d, struct jpos_scan *s, struct sim_error *err)
{
	const cJSON *stack[JPOS_MAX_DEPTH + 1];
	const cJSON *node = d->root;
	size_t sp = 0, i = 0, cap = 2;

	while (cap < s->nrecs * 2) {
		if (cap > SIZE_MAX / 4 / sizeof(*d->slots))
			goto oom;
		cap *= 2;
	}
	d->slots = calloc(cap, sizeof(*d->slots));
	if (!d->slots)
		goto oom;
	d->cap = cap;

	if (s->nbigs && !(d->bigs = calloc(s->nbigs, sizeof(*d->bigs))))
		goto oom;
	for (;;) {
		if (i == s->nrecs || ((unsigned)node->type & 0xFF) != s->recs[i].type)
			goto mismatch;
		if (s->recs[i].big) {
			if (d->nbigs == s->nbigs)
				goto mismatch;
			d->bigs[d->nbigs].node = node;
			d->bigs[d->nbigs].text = s->bigs[d->nbigs];
			s->bigs[d->nbigs++] = NULL; /* the doc's now */
		}
		jpos_insert(d, node, &s->recs[i++]);
		if (node->child) {
			if (sp == JPOS_ARRAY_SIZE(stack))
				goto mismatch;
			stack[sp++] = node;
			node = node->child;
			continue;
		}
		while (!node->next) {
			if (sp == 0)
				goto done;
			node = stack[--sp];
		}
		node = node->next;
	}
done:
	if (i != s->nrecs)
		goto mismatch;
	return 0;

mismatch:
	if (i == s->nrecs) /* the tree has more nodes than the text */
		i--;
	error_set(err, s->recs[i].line, s->recs[i].col,
		  "internal error: cJSON and the scanner disagree about this value");
	return -1;
oom:
	error_set(err, 0, 0, "out of memory");
	return -1;
}

/* ---- public API -------------------------------------------------------- */

struct jpos_doc *jpos_parse(const char *text, size_t len, struct sim_error *err)
{
	const unsigned char *t = (const unsigned char *)text;
	struct jpos_scan s;
	struct jpos_doc *d = NULL;
	const char *parse_end = NULL;
	size_t bom = 0;

	assert(err && (text || len == 0));
	if (len > JPOS_MAX_FILE) {
		error_set(err, 0, 0, "file larger than %zu MiB", JPOS_MAX_FILE >> 20);
		return NULL;
	}
	if (len == 0) {
		error_set(err, 1, 1, "empty file");
		return NULL;
	}
	if (len >= 3 && t[0] == 0xEF && t[1] == 0xBB && t[2] == 0xBF)
		bom = 3;
	else if (len >= 2 && ((t[0] == 0xFF && t[1] == 0xFE) || (t[0] == 0xFE && t[1] == 0xFF))) {
		error_set(err, 1, 1, "file is UTF-16; save it as UTF-8");
		return NULL;
	}

	memset(&s, 0, sizeof(s));
	s.p = t + bom;
	s.end = t + len;
	s.line = 1;
	s.col = 1;
	s.err = err;
	/* strtod() reads the locale's decimal point, as cJSON's parser does. */
	s.point = '.';
	if (localeconv()->decimal_point && localeconv()->decimal_point[0])
		s.point = localeconv()->decimal_point[0];
	if (jpos_scan_text(&s) < 0)
		goto out;

	d = calloc(1, sizeof(*d));
	if (!d) {
		error_set(err, 0, 0, "out of memory");
		goto out;
	}
	d->root = cJSON_ParseWithLengthOpts(text + bom, len - bom, &parse_end, 0);
	if (!d->root) {
		unsigned line = 0, col = 0;
		size_t off = parse_end && parse_end >= text + bom && parse_end <= text + len ?
				     (size_t)(parse_end - (text + bom)) :
				     0;

		jpos_offset_pos(t + bom, off, &line, &col);
		error_set(err, line, col,
			  "internal error: cJSON could not parse valid JSON (out of memory?)");
		goto fail;
	}
	if (jpos_build_index(d, &s, err) < 0)
		goto fail;
	goto out;

fail:
	jpos_free(d);
	d = NULL;
out:
	for (size_t i = 0; i < s.nbigs; i++)
		free(s.bigs[i]);
	free(s.bigs);
	free(s.recs);
	free(s.keys);
	free(s.arena);
	return d;
}

const cJSON *jpos_root(const struct jpos_doc *d)
{
	return d->root;
}

cJSON *jpos_root_mut(struct jpos_doc *d)
{
	return d->root;
}

int jpos_where(const struct jpos_doc *d, const cJSON *node, unsigned *line, unsigned *col)
{
	const struct jpos_slot *e = jpos_find(d, node);

	if (!e)
		return -1;
	*line = e->line;
	*col = e->col;
	return 0;
}

const char *jpos_big_int(const struct jpos_doc *d, const cJSON *node)
{
	for (size_t i = 0; d && i < d->nbigs; i++)
		if (d->bigs[i].node == node)
			return d->bigs[i].text;
	return NULL;
}

int jpos_key_where(const struct jpos_doc *d, const cJSON *node, unsigned *line, unsigned *col)
{
	const struct jpos_slot *e = jpos_find(d, node);

	if (!e)
		return -1;
	*line = e->key_line ? e->key_line : e->line;
	*col = e->key_line ? e->key_col : e->col;
	return 0;
}

int jpos_forget(struct jpos_doc *d, const cJSON *node)
{
	const cJSON *local[JPOS_MAX_DEPTH + 1];
	const cJSON **stack = local, **big = NULL;
	size_t sp = 0, cap = JPOS_ARRAY_SIZE(local);
	int ret = 0;

	if (!d || !node)
		return 0;
	jpos_remove(d, node);
	if (node->child)
		stack[sp++] = node->child;
	/* Each popped node pushes its next sibling and its first child. */
	while (sp > 0) {
		const cJSON *n = stack[--sp];

		jpos_remove(d, n);
		if (sp + 2 > cap) {
			const cJSON **nb;

			if (cap > SIZE_MAX / 2 / sizeof(*stack) ||
			    !(nb = realloc(big, cap * 2 * sizeof(*stack)))) {
				ret = -1;
				break;
			}
			if (!big)
				memcpy(nb, local, sp * sizeof(*stack));
			big = nb;
			stack = big;
			cap *= 2;
		}
		if (n->next)
			stack[sp++] = n->next;
		if (n->child)
			stack[sp++] = n->child;
	}
	free(big);
	return ret;
}

void jpos_free(struct jpos_doc *d)
{
	if (!d)
		return;
	cJSON_Delete(d->root);
	free(d->slots);
	for (size_t i = 0; i < d->nbigs; i++)
		free(d->bigs[i].text);
	free(d->bigs);
	free(d);
}

/* the rules jpos_parse() holds and cJSON does not: a word of each message */
bool jpos_stricter(const char *msg)
{
	static const char *const stricter[] = {
		"duplicate key",
		"\\u0000 is not allowed",
		"invalid \\u escape",
		"number out of range",
		"nesting deeper than",
		"string longer than",
		"number longer than",
		"lone surrogate",
		"invalid UTF-8",
		"NUL byte",
		"more than",
		"leading zeros",
		"control character",
		"empty file",
		"after the top-level value",
		"comments are not allowed",
		"invalid number",
		"line break inside a string",
	};

	for (size_t i = 0; i < sizeof(stricter) / sizeof(stricter[0]); i++)
		if (strstr(msg, stricter[i]))
			return true;
	return false;
}

/* Every node under @n has a position in @d. */
static bool jpos_all_placed(const struct jpos_doc *d, const cJSON *n)
{
	unsigned line, col;

	if (jpos_where(d, n, &line, &col) || !line || !col)
		return false;
	for (const cJSON *c = n->child; c; c = c->next)
		if (!jpos_all_placed(d, c))
			return false;
	return true;
}

enum jpos_verdict jpos_agree(const char *text, size_t len, char *why, size_t whylen)
{
	struct sim_error e;
	struct jpos_doc *d;
	const char *end = NULL;
	enum jpos_verdict v;
	cJSON *c;

	memset(&e, 0, sizeof(e));
	d = jpos_parse(text, len, &e);
	/* as jpos_parse() gives cJSON the text: after a byte order mark */
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
	}
	c = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (d) {
		v = c && jpos_all_placed(d, jpos_root(d)) ? JPOS_BOTH_ACCEPT : JPOS_DISAGREE;
		snprintf(why, whylen, "%s",
			 c ? "a node of the tree has no position" :
			     "the scanner accepts it, cJSON does not");
	} else if (!c) {
		v = JPOS_BOTH_REFUSE;
		snprintf(why, whylen, "%s", e.msg);
	} else {
		/* cJSON stops after the value; it skips bytes <= 0x20 as space */
		while (end && end < text + len && (unsigned char)*end <= 0x20)
			end++;
		v = jpos_stricter(e.msg) || (end && end < text + len) ? JPOS_STRICTER :
									JPOS_DISAGREE;
		snprintf(why, whylen,
			 "refused for \"%s\", which cJSON accepts and jsonpos.h "
			 "does not name as a stricter rule",
			 e.msg);
	}
	jpos_free(d);
	cJSON_Delete(c);
	return v;
}
