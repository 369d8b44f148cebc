// SPDX-License-Identifier: MIT
/*
 * fuzz/fuzz_trace.c - libFuzzer target: the trace reader of run/workload.c
 * (trace_read, trace_csv_parse, trace_fire) on hostile trace files.
 *
 * Input: one selector byte, then the trace.  The selector picks one of the
 * fixed scenarios below (csv, ids, oracleGeneral or libcachesim_csv format,
 * different memory sizes and policies); the trace is handed to the reader from memory through
 * wl_set_opener() and fmemopen(), never through the file system.  Every
 * scenario here has a sound policy, so any invariant violation is a crash
 * (fuzz_run.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_run.h"
#include "run/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const scenarios[] = {
	/* csv over named objects and the trace's own, with a GPU job stream */
	"{\"version\":1,\"memory\":{\"ram_pages\":64,\"swap_pages\":64},"
	"\"vms\":[{\"name\":\"vm0\"}],"
	"\"objects\":[{\"name\":\"bo\",\"count\":4,\"pages\":8},{\"name\":\"heap\",\"pages\":512,"
	"\"heap\":true}],"
	"\"workloads\":[{\"type\":\"trace\",\"file\":\"t.csv\"},"
	"{\"type\":\"gpu_jobs\",\"vm\":\"vm0\",\"objects\":\"bo*\",\"per_job\":2,"
	"\"duration\":\"50us\",\"interval\":\"100us\",\"count\":50}]}",
	/* ids: an LRU cache of 16 pages */
	"{\"version\":1,\"memory\":{\"ram_pages\":16,\"swap_pages\":16},"
	"\"workloads\":[{\"type\":\"trace\",\"file\":\"t.ids\",\"format\":\"ids\"}]}",
	/* csv, purge-only CLOCK shrinker, watermarks, busy wait, no swap */
	"{\"version\":1,\"memory\":{\"ram_pages\":32,\"swap_pages\":0},"
	"\"policy\":{\"reclaim\":\"clock\",\"evict\":false,\"busy_wait\":\"1ms\","
	"\"watermarks\":{\"low\":4,\"high\":8}},"
	"\"objects\":[{\"name\":\"bo\",\"count\":4,\"pages\":4}],"
	"\"workloads\":[{\"type\":\"trace\",\"file\":\"t.csv\",\"start\":\"1ms\"}]}",
	/* csv, size policy, no purge pass first, two traces in parallel */
	"{\"version\":1,\"memory\":{\"ram_pages\":128,\"swap_pages\":256},"
	"\"policy\":{\"reclaim\":\"size\",\"purge_first\":false},"
	"\"objects\":[{\"name\":\"bo\",\"count\":8,\"pages\":16}],"
	"\"workloads\":[{\"type\":\"trace\",\"file\":\"t.csv\"},"
	"{\"type\":\"trace\",\"file\":\"t.csv\",\"start\":\"10us\"}]}",
	/* libCacheSim's oracleGeneral binary: 24-byte records, cut anywhere */
	"{\"version\":1,\"memory\":{\"ram_pages\":16,\"swap_pages\":16},"
	"\"policy\":{\"touch\":\"all\"},"
	"\"workloads\":[{\"type\":\"trace\",\"file\":\"t.bin\",\"format\":\"oracleGeneral\"}]}",
	/* libCacheSim's csv: a header, the id in column 2 */
	"{\"version\":1,\"memory\":{\"ram_pages\":16,\"swap_pages\":16},"
	"\"workloads\":[{\"type\":\"trace\",\"file\":\"t.csv\",\"format\":\"libcachesim_csv\","
	"\"obj_id_col\":2,\"has_header\":true}]}",
};
#define NSCENARIOS (sizeof(scenarios) / sizeof(scenarios[0]))

struct mem {
	char *buf;
	size_t len;
};

static FILE *open_mem(void *ctx, const char *path)
{
	struct mem *m = ctx;

	(void)path;
	/* fmemopen of a zero-length buffer is refused by some libcs. */
	return m->len ? fmemopen(m->buf, m->len, "r") : fopen("/dev/null", "r");
}

static struct scenario *loaded[NSCENARIOS];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem m;
	unsigned which;

	if (size < 1)
		return 0;
	which = data[0] % NSCENARIOS;
	if (!loaded[which]) {
		struct sim_error err;

		loaded[which] = scenario_load_text("fuzz.json", scenarios[which],
						   strlen(scenarios[which]), NULL, &err);
		if (!loaded[which])
			abort(); /* the fixed scenarios are valid */
	}
	/* An exact-size copy, so ASan sees any read past the end. */
	m.len = size - 1;
	m.buf = malloc(m.len ? m.len : 1);
	if (!m.buf)
		return 0;
	memcpy(m.buf, data + 1, m.len);
	fuzz_run(loaded[which], open_mem, &m);
	free(m.buf);
	return 0;
}
