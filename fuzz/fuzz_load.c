// SPDX-License-Identifier: MIT
/*
 * fuzz/fuzz_load.c - libFuzzer target: the scenario loader, and the run of
 * whatever it accepts.
 *
 * Input: JSON text, optionally followed by a NUL byte and NUL-separated
 * --set overrides ("KEY=VALUE"), so the fuzzer also reaches apply_set().
 * The loader must answer every input with a scenario or a positioned
 * error; an accepted scenario small enough for the caps of fuzz_run.h is
 * run (invariant checks on, outputs to /dev/null, traces unreadable).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_run.h"
#include "run/load.h"

#define FUZZ_MAX_SETS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const uint8_t *nul = memchr(data, 0, size);
	size_t len = nul ? (size_t)(nul - data) : size;
	char *sets_buf = NULL;
	const char *sets[FUZZ_MAX_SETS];
	struct load_opts opts = { .sets = sets };
	struct sim_error err;
	struct scenario *sc;
	char msg[SIM_ERROR_MSG + 300];

	if (nul) {
		/* The overrides, each NUL-terminated in a copy of the rest. */
		size_t rest = size - len - 1;

		sets_buf = malloc(rest + 1);
		if (!sets_buf)
			return 0;
		memcpy(sets_buf, nul + 1, rest);
		sets_buf[rest] = '\0';
		for (char *p = sets_buf; p < sets_buf + rest && opts.nsets < FUZZ_MAX_SETS;
		     p += strlen(p) + 1)
			if (strchr(p, '='))
				sets[opts.nsets++] = p;
	}
	memset(&err, 0, sizeof(err));
	sc = scenario_load_text("fuzz.json", text, len, &opts, &err);
	if (!sc) {
		/* Every refusal says something, NUL-terminated, and formats. */
		if (!memchr(err.msg, 0, sizeof(err.msg)) || !err.msg[0])
			abort();
		error_format(&err, msg, sizeof(msg));
	} else {
		fuzz_run(sc, fuzz_open_none, NULL);
		scenario_free(sc);
	}
	free(sets_buf);
	return 0;
}
