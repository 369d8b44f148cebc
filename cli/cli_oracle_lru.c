// SPDX-License-Identifier: MIT
/*
 * cli/cli_oracle_lru.c - `gemsim oracle --lru --fuzz N`: random LRU
 * sequences on the tree's drm_gem_lru_* and on gemsim's lists
 * (oracle/lru.c), the first that differs shrunk and printed as the kernel
 * side's op lines (docs/oracle.md).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/rng.h"
#include "cli/cli_oracle.h"

/* run @q keeping @keep; Returns: its outcome, -1 when the model cannot be set up */
static int lru_one(const struct oracle_lru_seq *q, const bool *keep, const struct oracle_kernel *k,
		   struct oracle_result *r)
{
	return oracle_lru_run(q, keep, k, r) ? -1 : (int)r->outcome;
}

struct lru_ctx {
	const struct oracle_lru_seq *q;
	const struct oracle_kernel *k;
	struct oracle_result *r;
};

static bool lru_differs(void *ctx, const bool *keep)
{
	struct lru_ctx *c = ctx;

	return lru_one(c->q, keep, c->k, c->r) == ORACLE_DIFF;
}

/* print (or write to @out) the shrunk sequence; Returns: 0, or 2 */
static int lru_report(const struct oracle_lru_seq *q, const bool *keep, const char *out)
{
	static char text[1 << 16];
	size_t len = oracle_lru_text(q, keep, text, sizeof(text));
	FILE *f;

	if (!out) {
		fwrite(text, 1, len, stdout);
		return 0;
	}
	f = fopen(out, "w");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "gemsim: oracle: cannot write %s\n", out);
		return 2;
	}
	printf("lru: the sequence is in %s\n", out);
	return 0;
}

int cli_oracle_lru(const struct cli_oracle_lru_args *a, const struct oracle_kernel *k)
{
	double start = cli_oracle_now();
	static struct oracle_lru_seq q;
	static bool keep[ORACLE_LRU_MAX_OPS];
	struct oracle_result *r = calloc(1, sizeof(*r));
	uint64_t runs = 0, ops = 0, i;
	struct sim_rng rng;
	int code = 0;

	if (!r)
		return 2;
	rng_seed(&rng, a->seed);
	for (i = 0; i < a->n; i++) {
		if (a->secs && cli_oracle_now() - start >= (double)a->secs)
			break;
		oracle_lru_make(&q, &rng, a->objs, a->ops);
		if (lru_one(&q, NULL, k, r) < 0) {
			fprintf(stderr, "gemsim: oracle: --lru: the model could not be set up\n");
			code = 2;
			break;
		}
		runs++;
		ops += r->ops;
		if (r->outcome == ORACLE_SAME)
			continue;
		for (uint32_t j = 0; j < q.nops; j++)
			keep[j] = true;
		printf("lru: sequence %" PRIu64 " (seed %" PRIu64 ") differs at `%s`; shrinking\n",
		       i, a->seed, r->op);
		{
			struct lru_ctx c = { &q, k, r };

			cli_oracle_shrink(q.nops, keep, lru_differs, &c);
		}
		printf("lru: shrunk to `%s`:\n%s", r->op, r->text);
		code = lru_report(&q, keep, a->out);
		if (!code)
			code = 1;
		break;
	}
	printf("lru: seed %" PRIu64 ", %" PRIu64 " sequences of %" PRIu32 " ops on %" PRIu32
	       " objects: %" PRIu64 " ops compared, %d differences\n",
	       a->seed, runs, a->ops, a->objs, ops, code == 1);
	free(r);
	return code;
}
