// SPDX-License-Identifier: MIT
/*
 * fuzz/fuzz_json.c - libFuzzer target: the position scanner
 * (base/jsonpos*.c) and cJSON never disagree.
 *
 * Input: any bytes, up to the first NUL, as the loader reads a file.  A
 * text the scanner accepts is one cJSON accepts, with a position for every
 * node of cJSON's tree; a text the scanner refuses while cJSON takes it is
 * refused for one of the stricter rules jpos_stricter() names.  Anything
 * else aborts: the input is a disagreement to fix (jpos_agree(),
 * docs/reliability.md).  tests/test_jsonpos_agree.c holds the same rule
 * over the corpus.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonpos.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char why[SIM_ERROR_MSG + 200];

	if (jpos_agree(text, strnlen(text, size), why, sizeof(why)) == JPOS_DISAGREE) {
		fprintf(stderr, "fuzz-json: %s\n", why);
		abort();
	}
	return 0;
}
