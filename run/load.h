/* SPDX-License-Identifier: MIT */
/*
 * run/load.h - the scenario loader: JSON text in, a validated struct
 * scenario out, or an error that names file, line, column and what is wrong.
 *
 * Loading is strict (docs/format.md): unknown keys are errors except "x-..."
 * keys, every name must be defined, every number must be in range, and all
 * limits are checked before anything is allocated from them.
 */
#ifndef GEMSIM_SIM_LOAD_H
#define GEMSIM_SIM_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "sim/scenario.h"
#include "base/text.h"

/* Limits: checked before any allocation that depends on them (docs/limits.md). */
#define LOAD_MAX_FILE_BYTES (256u << 20)   /* a scenario file */
#define LOAD_MAX_PAGES (1ull << 27)        /* ram_pages, swap_pages: 512 GiB of 4 KiB pages */
#define LOAD_MAX_OBJECT_PAGES (1ull << 27) /* one object */
#define LOAD_MAX_NAMES (1u << 22)          /* named things of one kind */
#define LOAD_MAX_EVENTS (1u << 26)         /* events in one file */
#define LOAD_MAX_SUBMIT_BOS 4096           /* objects in one job */
#define LOAD_MAX_DEVICES 64
#define LOAD_MAX_NAME_LEN TEXT_NAME_MAX /* base/text.h: text_name_valid() */
#define LOAD_MAX_CAPTIONS 4096          /* entries of "captions" */
#define LOAD_MAX_CAPTION_LEN 300        /* bytes of one caption's text */

/** struct load_opts - what the command line changes in a scenario. */
struct load_opts {
	const char *const *sets; /* "KEY=VALUE" overrides (--set), applied before validation */
	size_t nsets;
	bool has_seed; /* --seed given */
	uint64_t seed;
};

/**
 * scenario_load() - read, parse and validate a scenario file.
 * @path: the file.
 * @opts: overrides, or NULL.
 * @err: filled on failure; err->file points at @path.
 *
 * Returns: the scenario (free with scenario_free()), or NULL with @err set.
 */
struct scenario *scenario_load(const char *path, const struct load_opts *opts,
			       struct sim_error *err);

/**
 * scenario_load_text() - the same from text in memory.
 * @file: the name used in messages.
 * @text: the JSON text.
 * @len: its length in bytes.
 * @opts: overrides, or NULL.
 * @err: filled on failure.
 *
 * Returns: the scenario, or NULL with @err set.
 */
struct scenario *scenario_load_text(const char *file, const char *text, size_t len,
				    const struct load_opts *opts, struct sim_error *err);

/**
 * load_read_file() - read a whole input file (a scenario, a study) into
 * memory, refusing directories, devices and files over LOAD_MAX_FILE_BYTES.
 * @path: the file; "-" is standard input, read once (later reads of "-"
 *        get the same bytes).
 * @len: on success, its length in bytes.
 * @err: filled on failure; err->file points at @path.
 *
 * Returns: the bytes with a NUL after them (the caller frees), or NULL.
 */
char *load_read_file(const char *path, size_t *len, struct sim_error *err);

#endif
