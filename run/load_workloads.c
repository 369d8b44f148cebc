// SPDX-License-Identifier: MIT
/*
 * run/load_workloads.c - the scenario loader's "workloads": the objects
 * each one uses, its access pattern, its timing and trace replay options.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/load_int.h"
#include "base/units.h"

/* ---- workloads ----------------------------------------------------------- */

/* "objects": ["a", "b"], or "prefix*" for every object whose name starts so. */
static int load_wl_objects(struct ld *L, const cJSON *wl, struct sim_workload *w, bool required)
{
	struct scenario *sc = L->sc;
	const cJSON *v = load_member(wl, "objects");
	uint32_t cap = sc->nwl_objs;

	w->first = sc->nwl_objs;
	w->n = 0;
	if (!v)
		return required ? load_fail(L, wl, "this workload needs \"objects\": [names] or "
					    "\"prefix*\"") : 0;

	/* Collect into a temporary list, then append. */
	uint32_t n = 0, max = sc->nnames[SIM_K_BO];
	uint32_t *tmp = calloc(max ? max : 1, sizeof(*tmp));

	if (!tmp)
		return load_fail(L, v, "out of memory");
	if (cJSON_IsString(v)) {
		const char *pat = v->valuestring;
		size_t len = strlen(pat);

		if (!len || pat[len - 1] != '*') {
			free(tmp);
			return load_fail(L, v, "\"objects\" must be a list of names or a \"prefix*\" "
					 "pattern");
		}
		for (uint32_t i = 0; i < max; i++)
			if (!strncmp(sc->names[SIM_K_BO][i], pat, len - 1))
				tmp[n++] = i;
		if (!n) {
			free(tmp);
			return load_fail(L, v, "no object matches \"%s\"", pat);
		}
	} else if (cJSON_IsArray(v)) {
		const cJSON *e;

		cJSON_ArrayForEach(e, v) {
			const char *name;
			uint32_t slot;

			if (load_get_string(L, e, "objects[]", &name)) {
				free(tmp);
				return -1;
			}
			slot = scenario_find(sc, SIM_K_BO, name);
			if (slot == SIM_NONE) {
				char near[240];

				free(tmp);
				return load_fail(L, e, "unknown object \"%s\" (%s)", name,
						 load_near_names(L, SIM_K_BO, name, near, sizeof(near)));
			}
			if (n >= max) {
				free(tmp);
				return load_fail(L, e, "object \"%s\" is listed twice", name);
			}
			for (uint32_t i = 0; i < n; i++) {
				if (tmp[i] == slot) {
					free(tmp);
					return load_fail(L, e, "object \"%s\" is listed twice", name);
				}
			}
			tmp[n++] = slot;
		}
		if (!n) {
			free(tmp);
			return load_fail(L, v, "\"objects\" is empty");
		}
	} else {
		free(tmp);
		return load_fail(L, v, "\"objects\" must be a list of names or a \"prefix*\" pattern, "
				 "got %s", load_type_name(v));
	}

	uint32_t *all = realloc(sc->wl_objs, ((size_t)cap + n) * sizeof(*all));

	if (!all) {
		free(tmp);
		return load_fail(L, v, "out of memory");
	}
	memcpy(all + cap, tmp, n * sizeof(*tmp));
	free(tmp);
	sc->wl_objs = all;
	sc->nwl_objs = cap + n;
	w->n = n;
	return 0;
}

static int load_wl_pattern(struct ld *L, const cJSON *wl, struct sim_workload *w)
{
	static const char *const names[] = { "uniform", "zipf", "loop", "phases" };
	const cJSON *v = load_member(wl, "pattern");
	const char *p;

	w->pattern = SIM_PAT_UNIFORM;
	w->zipf_s = 1.0;
	if (v) {
		size_t i;

		if (load_get_string(L, v, "pattern", &p))
			return -1;
		for (i = 0; i < 4 && strcmp(names[i], p); i++)
			;
		if (i == 4)
			return load_fail(L, v, "unknown pattern \"%s\" (expected uniform, zipf, loop or "
					 "phases)", p);
		w->pattern = (uint8_t)i;
	}
	if ((v = load_member(wl, "zipf_s"))) {
		if (w->pattern != SIM_PAT_ZIPF)
			return load_fail_key(L, v, "\"zipf_s\" goes with \"pattern\": \"zipf\"");
		if (!cJSON_IsNumber(v) || !(v->valuedouble > 0 && v->valuedouble <= 10))
			return load_fail(L, v, "\"zipf_s\" must be a number in (0, 10]");
		w->zipf_s = v->valuedouble;
	}
	if (w->pattern == SIM_PAT_PHASES) {
		if (!load_member(wl, "working_set") || !load_member(wl, "phase"))
			return load_fail(L, wl, "\"pattern\": \"phases\" needs \"working_set\" (how many "
					 "objects or pages per phase) and \"phase\" (its length)");
		if (load_get_uint(L, load_member(wl, "working_set"), "working_set", 1, LOAD_MAX_PAGES,
				  &w->working_set) ||
		    load_get_time(L, load_member(wl, "phase"), "phase", &w->phase))
			return -1;
		if (!w->phase)
			return load_fail(L, load_member(wl, "phase"), "\"phase\" must be longer than 0");
	} else {
		if ((v = load_member(wl, "working_set")) || (v = load_member(wl, "phase")))
			return load_fail_key(L, v, "\"%s\" goes with \"pattern\": \"phases\"",
					     v->string);
	}
	return 0;
}

/* When it fires: start, interval or rate, arrival, end and/or count. */
static int load_wl_timing(struct ld *L, const cJSON *wl, struct sim_workload *w,
			  bool need_rate, bool need_stop)
{
	const cJSON *v, *iv = load_member(wl, "interval"), *rv = load_member(wl, "rate");

	if ((v = load_member(wl, "start")) && load_get_time(L, v, "start", &w->start))
		return -1;
	if ((v = load_member(wl, "end"))) {
		if (load_get_time(L, v, "end", &w->end))
			return -1;
		if (w->end <= w->start)
			return load_fail(L, v, "\"end\" must be after \"start\"");
	}
	if ((v = load_member(wl, "count")) && load_get_uint(L, v, "count", 1, UNITS_NUM_MAX, &w->count))
		return -1;
	if (need_stop && !w->end && !w->count)
		return load_fail(L, wl, "a workload needs \"end\" or \"count\" so that it stops");
	if (iv && rv)
		return load_fail_key(L, rv, "give \"interval\" or \"rate\", not both");
	if (iv) {
		if (load_get_time(L, iv, "interval", &w->interval))
			return -1;
	} else if (rv) {
		if (!cJSON_IsNumber(rv) || !(rv->valuedouble > 0 && rv->valuedouble <= 1e9))
			return load_fail(L, rv, "\"rate\" must be a number of actions per second in "
					 "(0, 1e9]");
		w->interval = (sim_ns)(1e9 / rv->valuedouble + 0.5);
	} else if (need_rate) {
		return load_fail(L, wl, "a workload needs \"interval\" (time between actions) or "
				 "\"rate\" (actions per second)");
	}
	if ((iv || rv) && !w->interval)
		return load_fail(L, iv ? iv : rv, "the time between actions must be at least 1ns");
	if ((v = load_member(wl, "arrival"))) {
		const char *a;

		if (load_get_string(L, v, "arrival", &a))
			return -1;
		if (!strcmp(a, "poisson"))
			w->poisson = 1;
		else if (strcmp(a, "fixed"))
			return load_fail(L, v, "\"arrival\" must be \"fixed\" or \"poisson\"");
	}
	return 0;
}

/*
 * The columns of a libcachesim_csv trace, named as libCacheSim's csv reader
 * names them (obj-id-col, has-header, delimiter): only that format takes them.
 */
static int load_trace_csv_opts(struct ld *L, const cJSON *wl, struct sim_workload *w)
{
	const cJSON *v;
	uint64_t col = 0;

	w->delimiter = ',';
	if (w->trace_fmt != SIM_TRACE_LCS_CSV) {
		static const char *const opts[] = { "obj_id_col", "has_header", "delimiter" };

		for (size_t i = 0; i < 3; i++)
			if ((v = load_member(wl, opts[i])))
				return load_fail(L, v, "\"%s\" is for \"format\": \"libcachesim_csv\"",
						 opts[i]);
		return 0;
	}
	if (!(v = load_member(wl, "obj_id_col")))
		return load_fail(L, wl, "a libcachesim_csv trace needs \"obj_id_col\" (the object id's "
				 "column, from 1)");
	if (load_get_uint(L, v, "obj_id_col", 1, 64, &col))
		return -1;
	w->id_col = (uint32_t)col;
	if ((v = load_member(wl, "has_header")) && load_get_bool(L, v, "has_header", &w->has_header))
		return -1;
	if ((v = load_member(wl, "delimiter"))) {
		const char *d;

		if (load_get_string(L, v, "delimiter", &d))
			return -1;
		if (strlen(d) != 1 || d[0] == '\n' || d[0] == '\r' || d[0] == '#')
			return load_fail(L, v, "\"delimiter\" must be one character (not a newline or '#')");
		w->delimiter = d[0];
	}
	return 0;
}

static int load_workload(struct ld *L, const cJSON *wl, struct sim_workload *w)
{
	static const char *const k_gpu[] = { "type", "start", "end", "count", "interval", "rate",
		"arrival", "vm", "objects", "pattern", "zipf_s", "working_set", "phase",
		"per_job", "duration", NULL };
	static const char *const k_cpu[] = { "type", "start", "end", "count", "interval", "rate",
		"arrival", "objects", "pattern", "zipf_s", "working_set", "phase", "write",
		NULL };
	static const char *const k_pressure[] = { "type", "start", "end", "count", "interval",
		"rate", "shape", "low", "high", "period", NULL };
	static const char *const k_churn[] = { "type", "start", "end", "count", "interval",
		"rate", "arrival", "min_size", "max_size", "size_dist", "lifetime", "madvise", NULL };
	static const char *const k_trace[] = { "type", "file", "format", "start", "interval",
		"rate", "obj_id_col", "has_header", "delimiter", NULL };
	static const char *const k_dmabuf[] = { "type", "start", "end", "count", "interval",
		"rate", "arrival", "objects", "pattern", "zipf_s", "working_set", "phase", "device",
		"hold", NULL };
	static const char *const k_vmap[] = { "type", "start", "end", "count", "interval", "rate",
		"arrival", "objects", "pattern", "zipf_s", "working_set", "phase", "hold", "pages",
		"locked", NULL };
	const cJSON *tv = load_member(wl, "type"), *v;
	const char *type;
	unsigned line = 0, col = 0;

	if (load_want_object(L, wl, "a workload"))
		return -1;
	if (!tv)
		return load_fail(L, wl, "a workload needs a \"type\": gpu_jobs, cpu_access, pressure, "
				 "churn, vmap, dmabuf or trace");
	if (load_get_string(L, tv, "type", &type))
		return -1;
	jpos_where(L->doc, wl, &line, &col);
	w->line = line;
	w->col = col;

	if (!strcmp(type, "gpu_jobs")) {
		uint64_t k = 1;

		w->type = SIM_WL_GPU_JOBS;
		if (load_check_keys(L, wl, "a gpu_jobs workload", k_gpu) ||
		    load_wl_timing(L, wl, w, true, true) || load_resolve(L, wl, "vm", SIM_K_VM, &w->vm) ||
		    load_wl_objects(L, wl, w, true) || load_wl_pattern(L, wl, w))
			return -1;
		if ((v = load_member(wl, "per_job")) &&
		    load_get_uint(L, v, "per_job", 1, LOAD_MAX_SUBMIT_BOS, &k))
			return -1;
		if (k > w->n)
			return load_fail(L, v, "\"per_job\" (%llu) is more than the %u objects",
					 (unsigned long long)k, w->n);
		w->per_job = (uint32_t)k;
		if (!load_member(wl, "duration"))
			return load_fail(L, wl, "a gpu_jobs workload needs \"duration\" (of each job)");
		if (load_get_time(L, load_member(wl, "duration"), "duration", &w->duration))
			return -1;
	} else if (!strcmp(type, "cpu_access")) {
		w->type = SIM_WL_CPU_ACCESS;
		if (load_check_keys(L, wl, "a cpu_access workload", k_cpu) ||
		    load_wl_timing(L, wl, w, true, true) || load_wl_objects(L, wl, w, true) ||
		    load_wl_pattern(L, wl, w))
			return -1;
		if ((v = load_member(wl, "write"))) {
			bool b;

			if (load_get_bool(L, v, "write", &b))
				return -1;
			w->write = b;
		}
	} else if (!strcmp(type, "pressure")) {
		static const char *const shapes[] = { "step", "square", "sine", "sawtooth" };
		const char *shape = "square";
		size_t i;

		w->type = SIM_WL_PRESSURE;
		if (load_check_keys(L, wl, "a pressure workload", k_pressure) ||
		    load_wl_timing(L, wl, w, true, true))
			return -1;
		if ((v = load_member(wl, "shape")) && load_get_string(L, v, "shape", &shape))
			return -1;
		for (i = 0; i < 4 && strcmp(shapes[i], shape); i++)
			;
		if (i == 4)
			return load_fail(L, v, "unknown shape \"%s\" (expected step, square, sine or "
					 "sawtooth)", shape);
		w->shape = (uint8_t)i;
		if (!load_member(wl, "high") || !load_member(wl, "period"))
			return load_fail(L, wl, "a pressure workload needs \"high\" (frames held at the "
					 "peak) and \"period\"");
		if ((v = load_member(wl, "low")) &&
		    load_get_uint(L, v, "low", 0, L->sc->cfg.ram_pages, &w->low))
			return -1;
		if (load_get_uint(L, load_member(wl, "high"), "high", 0, L->sc->cfg.ram_pages, &w->high) ||
		    load_get_time(L, load_member(wl, "period"), "period", &w->period))
			return -1;
		if (w->low > w->high)
			return load_fail(L, load_member(wl, "low"), "\"low\" is above \"high\"");
		if (!w->period)
			return load_fail(L, load_member(wl, "period"), "\"period\" must be longer than 0");
	} else if (!strcmp(type, "churn")) {
		const char *dist = "uniform";

		w->type = SIM_WL_CHURN;
		if (load_check_keys(L, wl, "a churn workload", k_churn) ||
		    load_wl_timing(L, wl, w, true, true))
			return -1;
		if (!load_member(wl, "min_size") || !load_member(wl, "max_size") || !load_member(wl, "lifetime"))
			return load_fail(L, wl, "a churn workload needs \"min_size\", \"max_size\" and "
					 "\"lifetime\"");
		if (load_get_size_value(L, load_member(wl, "min_size"), "min_size", LOAD_MAX_OBJECT_PAGES,
					&w->size_min) ||
		    load_get_size_value(L, load_member(wl, "max_size"), "max_size", LOAD_MAX_OBJECT_PAGES,
					&w->size_max))
			return -1;
		if (w->size_min > w->size_max)
			return load_fail(L, load_member(wl, "min_size"), "\"min_size\" is above \"max_size\"");
		if ((v = load_member(wl, "size_dist")) && load_get_string(L, v, "size_dist", &dist))
			return -1;
		if (!strcmp(dist, "log"))
			w->size_log = true;
		else if (strcmp(dist, "uniform"))
			return load_fail(L, v, "\"size_dist\" must be \"uniform\" or \"log\"");
		if (load_get_time(L, load_member(wl, "lifetime"), "lifetime", &w->lifetime))
			return -1;
		if ((v = load_member(wl, "madvise"))) {
			static const char *const adv[] = { "willneed", "dontneed" };
			unsigned a;

			if (load_get_enum(L, v, "madvise", adv, 2, &a))
				return -1;
			w->dontneed = a == 1;
		}
	} else if (!strcmp(type, "vmap")) {
		uint64_t k = 1;

		w->type = SIM_WL_VMAP;
		if (load_check_keys(L, wl, "a vmap workload", k_vmap) ||
		    load_wl_timing(L, wl, w, true, true) || load_wl_objects(L, wl, w, true) ||
		    load_wl_pattern(L, wl, w))
			return -1;
		/* "hold": a time, or "forever" (fbdev, cursors): vmapped once, never unmapped */
		if ((v = load_member(wl, "hold")) &&
		    !(cJSON_IsString(v) && !strcmp(v->valuestring, "forever")) &&
		    load_get_time(L, v, "hold", &w->lifetime))
			return -1;
		if (v && !cJSON_IsString(v) && !w->lifetime)
			return load_fail(L, v, "\"hold\" must be longer than 0 (or \"forever\")");
		if ((v = load_member(wl, "pages")) && load_get_uint(L, v, "pages", 1, 1024, &k))
			return -1;
		w->touch_pages = (uint32_t)k;
		if ((v = load_member(wl, "locked"))) {
			bool b;

			if (load_get_bool(L, v, "locked", &b))
				return -1;
			w->locked = b;
		}
	} else if (!strcmp(type, "dmabuf")) {
		w->type = SIM_WL_DMABUF;
		if (load_check_keys(L, wl, "a dmabuf workload", k_dmabuf) ||
		    load_wl_timing(L, wl, w, true, true) || load_wl_objects(L, wl, w, true) ||
		    load_wl_pattern(L, wl, w) || load_resolve(L, wl, "device", SIM_K_DEVICE, &w->vm))
			return -1;
		if (!(v = load_member(wl, "hold")))
			return load_fail(L, wl, "a dmabuf workload needs \"hold\" (how long an importer "
					 "keeps its mapping)");
		if (load_get_time(L, v, "hold", &w->lifetime))
			return -1;
		if (!w->lifetime)
			return load_fail(L, v, "\"hold\" must be longer than 0");
	} else if (!strcmp(type, "trace")) {
		const char *file, *fmt = "csv";

		w->type = SIM_WL_TRACE;
		if (load_check_keys(L, wl, "a trace workload", k_trace) ||
		    load_wl_timing(L, wl, w, false, false))
			return -1;
		if (!(v = load_member(wl, "file")))
			return load_fail(L, wl, "a trace workload needs \"file\"");
		if (load_get_string(L, v, "file", &file))
			return -1;
		if ((v = load_member(wl, "format")) && load_get_string(L, v, "format", &fmt))
			return -1;
		if (!strcmp(fmt, "ids")) {
			w->trace_fmt = SIM_TRACE_IDS;
		} else if (!strcmp(fmt, "oracleGeneral")) {
			w->trace_fmt = SIM_TRACE_ORACLE;
		} else if (!strcmp(fmt, "libcachesim_csv")) {
			w->trace_fmt = SIM_TRACE_LCS_CSV;
		} else if (strcmp(fmt, "csv")) {
			return load_fail(L, v, "\"format\" must be \"csv\", \"ids\", \"oracleGeneral\" or "
					 "\"libcachesim_csv\"");
		}
		/* request traces: one access per record, "interval" apart */
		if (w->trace_fmt != SIM_TRACE_CSV && !w->interval)
			w->interval = 1000;
		if (load_trace_csv_opts(L, wl, w))
			return -1;
		/* Relative paths are relative to the scenario file's folder. */
		const char *slash = strrchr(L->file, '/');

		if (file[0] != '/' && slash) {
			size_t n = (size_t)(slash - L->file) + 1;

			w->trace = malloc(n + strlen(file) + 1);
			if (w->trace) {
				memcpy(w->trace, L->file, n);
				strcpy(w->trace + n, file);
			}
		} else {
			w->trace = strdup(file);
		}
		if (!w->trace)
			return load_fail(L, v, "out of memory");
	} else {
		return load_fail(L, tv, "unknown workload type \"%s\" (expected gpu_jobs, cpu_access, "
				 "pressure, churn, vmap, dmabuf or trace)", type);
	}
	return 0;
}

int load_workloads(struct ld *L, const cJSON *d)
{
	struct scenario *sc = L->sc;
	const cJSON *e;
	int n;

	if (!d)
		return 0;
	if (load_want_array(L, d, "\"workloads\""))
		return -1;
	n = cJSON_GetArraySize(d);
	if (n > 1024)
		return load_fail(L, d, "too many workloads (limit 1024)");
	sc->workloads = calloc((size_t)(n ? n : 1), sizeof(*sc->workloads));
	if (!sc->workloads)
		return load_fail(L, d, "out of memory");
	cJSON_ArrayForEach(e, d) {
		if (load_workload(L, e, &sc->workloads[sc->nworkloads]))
			return -1;
		sc->nworkloads++;
	}
	return 0;
}
