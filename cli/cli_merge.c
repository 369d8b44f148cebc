// SPDX-License-Identifier: MIT
/*
 * cli/cli_merge.c - `gemsim sweep --merge DIR`: the JSON summaries that the
 * runs of a --jobs-list wrote (`gemsim run ... --json > DIR/RUN.json`), read
 * back into the sweep's results, each checked to be the run it claims to be,
 * so the CSV and chart are a local sweep's, byte for byte (docs/sweep.md).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli/cli_sweep.h"
#include "run/load.h"

/* ---- merge: per-run JSON summaries into the sweep's results ---------------- */

/*
 * A whole number member @key of @obj into *@out.  Returns 0; -1 when it
 * is missing; -2 when it is there but no count: negative, fractional, not
 * a number, or 2^64 and above.
 */
static int json_u64(const cJSON *obj, const char *key, uint64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v)
		return -1;
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble >= 18446744073709551616.0 ||
	    v->valuedouble != (double)(uint64_t)v->valuedouble)
		return -2;
	*out = (uint64_t)v->valuedouble;
	return 0;
}

/* A member name that @obj, or an object inside it, holds twice, or NULL. */
static const char *json_duplicate(const cJSON *obj)
{
	for (const cJSON *a = obj ? obj->child : NULL; a; a = a->next) {
		const char *in;

		if (cJSON_IsObject(obj))
			for (const cJSON *b = a->next; b; b = b->next)
				if (!strcmp(a->string, b->string))
					return a->string;
		if ((cJSON_IsObject(a) || cJSON_IsArray(a)) && (in = json_duplicate(a)))
			return in;
	}
	return NULL;
}

static bool known_kernel(const char *name)
{
	for (int i = 0; i < SIM_KERNEL_COUNT; i++)
		if (!strcmp(sim_kernel_names[i], name))
			return true;
	return false;
}

/* Whether the summary's "set" is @sets, in order. */
static bool same_sets(const cJSON *arr, const char *const *sets, size_t n)
{
	const cJSON *v;
	size_t i = 0;

	cJSON_ArrayForEach(v, arr)
	{
		if (i == n || !cJSON_IsString(v) || strcmp(v->valuestring, sets[i]))
			return false;
		i++;
	}
	return i == n;
}

/* The run's overrides as "--set A --set B" (or "no --set") into @buf. */
static void sets_text(char *buf, size_t len, const cJSON *arr, const char *const *sets, size_t n)
{
	size_t at = 0;
	const cJSON *v;

	buf[0] = '\0';
	if (arr) {
		cJSON_ArrayForEach(v, arr) if (at < len)
			at += (size_t)snprintf(buf + at, len - at, "%s--set %s", at ? " " : "",
					       cJSON_IsString(v) ? v->valuestring : "?");
	} else {
		for (size_t i = 0; i < n && at < len; i++)
			at += (size_t)snprintf(buf + at, len - at, "%s--set %s", at ? " " : "",
					       sets[i]);
	}
	if (!at)
		snprintf(buf, len, "no --set");
}

/*
 * A summary's fields, where they are not what `gemsim run --json` writes:
 * the name of the first bad one (-2 from json_u64()), or of the missing one.
 */
static int json_field(const cJSON *obj, const char *key, uint64_t *out, char *why, size_t len)
{
	int rc = json_u64(obj, key, out);

	if (rc == -1)
		snprintf(why, len,
			 "lacks \"%s\": not a `gemsim run --json` summary of this "
			 "gemsim version",
			 key);
	else if (rc == -2)
		snprintf(why, len,
			 "has a bad \"%s\": a count is a whole number from 0 to "
			 "2^64-1",
			 key);
	return rc;
}

/* @path read and parsed as JSON.  Returns: the document, or NULL with @err set. */
static cJSON *merge_parse(const char *path, struct sim_error *err)
{
	size_t len;
	char *text = load_read_file(path, &len, err);
	cJSON *root;

	if (!text)
		return NULL; /* err says why it could not be read */
	/* a NUL, raw or escaped, would cut a name short where cJSON reads it */
	if (memchr(text, '\0', len) || strstr(text, "\\u0000")) {
		free(text);
		error_set(err, 0, 0, "holds a NUL byte: not the output of `gemsim run --json`");
		return NULL;
	}
	root = cJSON_ParseWithLength(text, len);
	free(text);
	if (!root)
		error_set(err, 0, 0, "not JSON: not the output of `gemsim run --json`");
	return root;
}

/* The counters, latencies and per-invariant violations into @r; @why names a bad one. */
static void merge_figures(const cJSON *st, const cJSON *lat, const cJSON *inv, struct cli_result *r,
			  char *why, size_t len)
{
	for (size_t i = 0; !why[0] && i < sim_stat_count; i++)
		json_field(st, sim_stat_descs[i].name,
			   (uint64_t *)(void *)((char *)&r->stats + sim_stat_descs[i].offset), why,
			   len);
	for (int l = 0; !why[0] && l < SIM_LAT_COUNT; l++) {
		const cJSON *one = cJSON_GetObjectItemCaseSensitive(lat, sim_lat_names[l]);

		for (int k = 0; !why[0] && k < CLI_LAT_FIELDS; k++)
			if (json_u64(one, cli_lat_fields[k], &r->lat[l][k]))
				snprintf(why, len, "lacks or has a bad latency figure %s.%s",
					 sim_lat_names[l], cli_lat_fields[k]);
	}
	for (unsigned i = 1; !why[0] && i < CLI_INVARIANTS; i++) {
		char k[8];

		snprintf(k, sizeof(k), "%u", i);
		if (cJSON_GetObjectItemCaseSensitive(inv, k))
			json_field(inv, k, &r->violations_by_inv[i], why, len);
	}
}

/* The run's exit code (and error, or where its summary is) from @root's "error" and @res. */
static void merge_outcome(const cJSON *root, const cJSON *res, const char *path,
			  struct cli_result *r)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");

	if (e) {
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
}

/* Is this run @run of @sw (its file, seed and settings)?  If not, @why says how. */
static void merge_check_run(const struct sweep *sw, size_t run, const char *file, uint64_t seed,
			    const cJSON *sets, const char **want, size_t nsets, char *why,
			    size_t len)
{
	if (strcmp(file, sweep_run_file(sw, run))) {
		snprintf(why, len, "is the summary of another scenario file");
	} else if (!sw->scenario_seed && seed != sweep_seed_of(sw, run)) {
		snprintf(why, len,
			 "has seed %" PRIu64 ", but run %zu of this sweep has "
			 "seed %" PRIu64 ": a --merge with other --seeds or --vary than the "
			 "--jobs-list?",
			 seed, run, sweep_seed_of(sw, run));
	} else if (!same_sets(sets, want, nsets)) {
		char got[300], exp[300];

		sets_text(got, sizeof(got), sets, NULL, 0);
		sets_text(exp, sizeof(exp), NULL, want, nsets);
		snprintf(why, len,
			 "was run with %.150s, but run %zu of this sweep has "
			 "%.150s: a --merge with other --set or --vary (or their values in another "
			 "order) than the --jobs-list?",
			 got, run, exp);
	}
}

/*
 * Fill @r from @path, the `gemsim run --json` summary of run @run: the
 * fields the CSV has, and a check that it is the right run (the scenario's
 * file and seed).  Returns 0, or -1 with @err set.
 */
static int merge_one(const struct sweep *sw, size_t run, const char *path, struct cli_result *r,
		     struct sim_error *err)
{
	size_t nsets = 0;
	char *setbuf = NULL;
	cJSON *root;
	const cJSON *st, *lat, *ex, *inv, *res, *file, *ver, *sets, *kern;
	const char **want = NULL, *dup;
	uint64_t seed = 0;
	char why[SIM_ERROR_MSG] = "";

	memset(r, 0, sizeof(*r));
	root = merge_parse(path, err);
	if (!root)
		return -1;
	st = cJSON_GetObjectItemCaseSensitive(root, "stats");
	lat = cJSON_GetObjectItemCaseSensitive(root, "latency");
	ex = cJSON_GetObjectItemCaseSensitive(root, "expectations");
	inv = cJSON_GetObjectItemCaseSensitive(root, "violations_by_invariant");
	res = cJSON_GetObjectItemCaseSensitive(root, "result");
	file = cJSON_GetObjectItemCaseSensitive(root, "file");
	ver = cJSON_GetObjectItemCaseSensitive(root, "gemsim");
	sets = cJSON_GetObjectItemCaseSensitive(root, "set");
	kern = cJSON_GetObjectItemCaseSensitive(root, "kernel");
	want = sweep_run_sets(sw, run, &setbuf, &nsets);
	if (!want) {
		snprintf(why, sizeof(why), "out of memory");
	} else if ((dup = json_duplicate(root))) {
		snprintf(why, sizeof(why),
			 "has \"%.64s\" twice: not the output of `gemsim run "
			 "--json`",
			 dup);
	} else if (!cJSON_IsObject(st) || !cJSON_IsObject(lat) || !cJSON_IsObject(ex) ||
		   !cJSON_IsObject(inv) || !cJSON_IsString(res) || !cJSON_IsString(file) ||
		   !cJSON_IsString(kern)) {
		snprintf(why, sizeof(why),
			 "not a `gemsim run --json` summary (a field is missing)");
	} else if (!cJSON_IsString(ver) || !cJSON_IsArray(sets)) {
		snprintf(why, sizeof(why),
			 "has no \"gemsim\" version or \"set\" list: written by "
			 "an older gemsim, whose summaries a merge cannot check; run the jobs "
			 "again");
	} else if (strcmp(ver->valuestring, GEMSIM_VERSION)) {
		snprintf(why, sizeof(why),
			 "written by gemsim %.32s, this is gemsim %s: run the "
			 "jobs with one version",
			 ver->valuestring, GEMSIM_VERSION);
	} else if (!known_kernel(kern->valuestring)) {
		snprintf(why, sizeof(why), "has an unknown kernel \"%.32s\"", kern->valuestring);
	} else if (json_field(root, "seed", &seed, why, sizeof(why)) ||
		   json_field(root, "events", &r->events, why, sizeof(why)) ||
		   json_field(root, "end_time_ns", &r->end, why, sizeof(why)) ||
		   json_field(root, "violations", &r->violations, why, sizeof(why)) ||
		   json_field(root, "warnings", &r->warnings, why, sizeof(why)) ||
		   json_field(root, "errors", &r->errors, why, sizeof(why)) ||
		   json_field(ex, "passed", &r->passed, why, sizeof(why)) ||
		   json_field(ex, "failed", &r->failed, why, sizeof(why))) {
		/* why names the field */
	} else {
		merge_check_run(sw, run, file->valuestring, seed, sets, want, nsets, why,
				sizeof(why));
	}
	merge_figures(st, lat, inv, r, why, sizeof(why));
	free(want);
	free(setbuf);
	if (why[0])
		error_set(err, 0, 0, "%s", why);
	else
		merge_outcome(root, res, path, r);
	cJSON_Delete(root);
	return why[0] ? -1 : 0;
}

/* Every run's summary from DIR/RUN.json; the first bad one stops with @err. */
int merge_all(struct sweep *sw, const char *dir, char **path_out, struct sim_error *err)
{
	size_t len = strlen(dir) + 32;
	char *path = malloc(len);

	*path_out = path;
	if (!path) {
		error_set(err, 0, 0, "out of memory");
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
