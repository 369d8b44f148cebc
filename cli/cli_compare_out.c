// SPDX-License-Identifier: MIT
/*
 * cli/cli_compare_out.c - what `gemsim compare` writes besides its
 * table: the comparison as JSON (--json) and one trace-event file with each
 * side as a process of its own (--trace).
 */
#include <stdlib.h>
#include <string.h>

#include "base/jsonw.h"
#include "base/ofile.h"
#include "cli/cli.h"
#include "cli/cli_compare.h"
#include "run/load.h"
#include "output/tev.h"
#include "sim/scenario.h"

int cmp_trace_open(struct cmp_trace *t, const char *file, const char *path)
{
	struct sim_error err;
	struct scenario *sc = scenario_load(file, NULL, &err);
	const char *ins[64];
	size_t nins;
	int ret;

	memset(t, 0, sizeof(*t));
	if (!sc)
		goto err; /* the runs report it, with its position */
	nins = scenario_inputs(sc, ins, 64);
	ret = ofile_check(ins, nins, &path, (const char *const[]){ "--trace" }, 1, &err);
	scenario_free(sc);
	if (ret || ofile_open(&t->of, path, &err))
		goto err;
	jsonw_init(&t->w, t->of.f, false);
	t->tr.w = &t->w;
	t->side_names[0] = t->sides[0];
	t->side_names[1] = t->sides[1];
	t->tr.sides = t->side_names;
	t->tr.nsides = 2;
	t->on = true;
	return 0;
err:
	if (sc) {
		cli_print_error(NULL, &err);
		return -1;
	}
	return 0;
}

void cmp_trace_names(struct cmp_trace *t, const char *const *const sets[2], const size_t nsets[2])
{
	for (int k = 0; k < 2; k++) {
		size_t n = (size_t)snprintf(t->sides[k], sizeof(t->sides[k]), "%c:", 'A' + k);

		if (!nsets[k])
			snprintf(t->sides[k] + n, sizeof(t->sides[k]) - n, " (as written)");
		for (size_t i = 0; i < nsets[k] && n < sizeof(t->sides[k]); i++)
			n += (size_t)snprintf(t->sides[k] + n, sizeof(t->sides[k]) - n, " %s",
					      sets[k][i]);
	}
}

struct cli_trace *cmp_trace_side(struct cmp_trace *t, int k)
{
	if (!t->on)
		return NULL;
	t->tr.pid = (uint32_t)k + 1;
	t->tr.process = t->sides[k];
	return &t->tr;
}

int cmp_trace_finish(struct cmp_trace *t)
{
	struct sim_error err;

	if (!t->on)
		return 0;
	t->on = false;
	if (!t->tr.opened) {
		ofile_abort(&t->of);
		return 0;
	}
	tev_close(&t->w);
	if (ofile_commit(&t->of, &err)) {
		cli_print_error(NULL, &err);
		return -1;
	}
	return 0;
}

void cmp_trace_abort(struct cmp_trace *t)
{
	if (t->on)
		ofile_abort(&t->of);
	t->on = false;
}

static void lat_json(struct jsonw *w, const struct cli_result *r)
{
	jsonw_key(w, "latency");
	jsonw_obj_open(w);
	for (int l = 0; l < SIM_LAT_COUNT; l++) {
		jsonw_key(w, sim_lat_names[l]);
		jsonw_obj_open(w);
		for (int k = 0; k < CLI_LAT_FIELDS; k++) {
			jsonw_key(w, cli_lat_fields[k]);
			jsonw_u64(w, r->lat[l][k]);
		}
		jsonw_obj_close(w);
	}
	jsonw_obj_close(w);
}

void cmp_json(FILE *f, const char *file, const char *const *const sets[2], const size_t nsets[2],
	      const struct cli_result r[2])
{
	struct jsonw w;

	jsonw_init(&w, f, true);
	jsonw_obj_open(&w);
	jsonw_key(&w, "file");
	jsonw_str(&w, file);
	jsonw_key(&w, "sides");
	jsonw_arr_open(&w);
	for (int k = 0; k < 2; k++) {
		jsonw_obj_open(&w);
		jsonw_key(&w, "side");
		jsonw_str(&w, k ? "B" : "A");
		jsonw_key(&w, "sets");
		jsonw_arr_open(&w);
		for (size_t i = 0; i < nsets[k]; i++)
			jsonw_str(&w, sets[k][i]);
		jsonw_arr_close(&w);
		jsonw_key(&w, "result");
		jsonw_str(&w, r[k].code ? "failed" : "ok");
		jsonw_key(&w, "exit_code");
		jsonw_u64(&w, (uint64_t)r[k].code);
		jsonw_key(&w, "seed");
		jsonw_u64(&w, r[k].seed);
		jsonw_key(&w, "kernel");
		jsonw_str(&w, r[k].kernel);
		jsonw_key(&w, "end_time_ns");
		jsonw_u64(&w, r[k].end);
		jsonw_key(&w, "events");
		jsonw_u64(&w, r[k].events);
		jsonw_key(&w, "expectations");
		jsonw_obj_open(&w);
		jsonw_key(&w, "passed");
		jsonw_u64(&w, r[k].passed);
		jsonw_key(&w, "failed");
		jsonw_u64(&w, r[k].failed);
		jsonw_obj_close(&w);
		jsonw_key(&w, "violations");
		jsonw_u64(&w, r[k].violations);
		jsonw_key(&w, "warnings");
		jsonw_u64(&w, r[k].warnings);
		jsonw_key(&w, "stats");
		jsonw_obj_open(&w);
		for (size_t i = 0; i < sim_stat_count; i++) {
			jsonw_key(&w, sim_stat_descs[i].name);
			jsonw_u64(&w, sim_stat_get(&r[k].stats, &sim_stat_descs[i]));
		}
		jsonw_obj_close(&w);
		lat_json(&w, &r[k]);
		jsonw_key(&w, "failures");
		jsonw_arr_open(&w);
		for (uint32_t i = 0; i < r[k].nwhy; i++)
			jsonw_str(&w, r[k].why[i]);
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	jsonw_end(&w);
}
