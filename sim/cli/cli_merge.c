/*
 * sim/cli/cli_merge.c - `gemsim sweep --merge DIR`: the JSON summaries that the
 * runs of a --jobs-list wrote (`gemsim run ... --json > DIR/RUN.json`), read
 * back into the sweep's results, each checked to be the run it claims to be,
 * so the CSV and chart are a local sweep's, byte for byte (docs/sweep.md).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sim/cli/cli_sweep.h"
#include "sim/driver/load.h"

/* ---- merge: per-run JSON summaries into the sweep's results ---------------- */

/* A whole number member @key of @obj, or -1. */
static int json_u64(const cJSON *obj, const char *key, uint64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 18446744073709549568.0 ||
	    v->valuedouble != (double)(uint64_t)v->valuedouble)
		return -1;
	*out = (uint64_t)v->valuedouble;
	return 0;
}

/*
 * Fill @r from @path, the `gemsim run --json` summary of run @run: the
 * fields the CSV has, and a check that it is the right run (the scenario's
 * file and seed).  Returns 0, or -1 with @err set.
 */
static int merge_one(const struct sweep *sw, size_t run, const char *path, struct cli_result *r,
		     struct sim_error *err)
{
	size_t len;
	char *text = load_read_file(path, &len, err);
	cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;
	const cJSON *st, *lat, *ex, *inv, *res, *file;
	uint64_t seed = 0;
	const char *bad = NULL;
	bool read = text != NULL;

	free(text);
	memset(r, 0, sizeof(*r));
	if (!root) {
		if (read) /* (else err says why it could not be read) */
			sim_error_set(err, 0, 0, "not JSON: not the output of `gemsim run --json`");
		return -1;
	}
	st = cJSON_GetObjectItemCaseSensitive(root, "stats");
	lat = cJSON_GetObjectItemCaseSensitive(root, "latency");
	ex = cJSON_GetObjectItemCaseSensitive(root, "expectations");
	inv = cJSON_GetObjectItemCaseSensitive(root, "violations_by_invariant");
	res = cJSON_GetObjectItemCaseSensitive(root, "result");
	file = cJSON_GetObjectItemCaseSensitive(root, "file");
	if (!cJSON_IsObject(st) || !cJSON_IsObject(lat) || !cJSON_IsObject(ex) ||
	    !cJSON_IsObject(inv) || !cJSON_IsString(res) || !cJSON_IsString(file) ||
	    json_u64(root, "seed", &seed) || json_u64(root, "events", &r->events) ||
	    json_u64(root, "end_time_ns", &r->end) || json_u64(root, "violations", &r->violations) ||
	    json_u64(root, "warnings", &r->warnings) || json_u64(root, "errors", &r->errors) ||
	    json_u64(ex, "passed", &r->passed) || json_u64(ex, "failed", &r->failed))
		bad = "not a `gemsim run --json` summary (a field is missing)";
	else if (strcmp(file->valuestring, sweep_run_file(sw, run)))
		bad = "is the summary of another scenario file";
	else if (!sw->scenario_seed && seed != sweep_seed_of(sw, run))
		bad = "has another seed than this run of the sweep";
	for (size_t i = 0; !bad && i < sim_stat_count; i++) {
		uint64_t v;

		if (json_u64(st, sim_stat_descs[i].name, &v))
			bad = "lacks a counter: written by another gemsim version?";
		else
			*(uint64_t *)(void *)((char *)&r->stats + sim_stat_descs[i].offset) = v;
	}
	for (int l = 0; !bad && l < SIM_LAT_COUNT; l++) {
		const cJSON *one = cJSON_GetObjectItemCaseSensitive(lat, sim_lat_names[l]);

		for (int k = 0; !bad && k < CLI_LAT_FIELDS; k++)
			if (json_u64(one, cli_lat_fields[k], &r->lat[l][k]))
				bad = "lacks a latency figure: written by another gemsim version?";
	}
	for (unsigned i = 1; !bad && i < CLI_INVARIANTS; i++) {
		char k[8];

		snprintf(k, sizeof(k), "%u", i);
		if (cJSON_GetObjectItemCaseSensitive(inv, k) &&
		    json_u64(inv, k, &r->violations_by_inv[i]))
			bad = "has a bad violations_by_invariant";
	}
	if (bad) {
		sim_error_set(err, 0, 0, "%s", bad);
		if (strstr(bad, "seed"))
			sim_error_set(err, 0, 0, "has seed %" PRIu64 ", but run %zu of this sweep has "
				      "seed %" PRIu64 ": a --merge with other --seeds or --vary than "
				      "the --jobs-list?", seed, run, sweep_seed_of(sw, run));
		cJSON_Delete(root);
		return -1;
	}
	if (cJSON_GetObjectItemCaseSensitive(root, "error")) {
		const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");

		r->code = 2;
		snprintf(r->error, sizeof(r->error), "%s",
			 cJSON_IsString(e) ? e->valuestring : "the run stopped");
	} else {
		r->code = strcmp(res->valuestring, "ok") ? 1 : 0;
	}
	if (r->code == 1) {
		snprintf(r->why[0], sizeof(r->why[0]), "(its summary: %s)", path);
		r->nwhy = 1;
	}
	cJSON_Delete(root);
	return 0;
}

/* Every run's summary from DIR/RUN.json; the first bad one stops with @err. */
int sweep_merge_all(struct sweep *sw, const char *dir, char **path_out, struct sim_error *err)
{
	size_t len = strlen(dir) + 32;
	char *path = malloc(len);

	*path_out = path;
	if (!path) {
		sim_error_set(err, 0, 0, "out of memory");
		return -1;
	}
	for (size_t run = 0; run < sw->nruns; run++) {
		snprintf(path, len, "%s/%zu.json", dir, run);
		memset(err, 0, sizeof(*err));
		if (merge_one(sw, run, path, &sw->res[run], err)) {
			err->file = path;
			return -1;
		}
	}
	return 0;
}
