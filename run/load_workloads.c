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

/* "objects": "prefix*": every object whose name starts so, into @slots. */
static int wl_objects_prefix(struct ld *L, const cJSON *v, uint32_t *slots, uint32_t *n)
{
	struct scenario *sc = L->sc;
	const char *pat = v->valuestring;
	size_t len = strlen(pat);

	if (!len || pat[len - 1] != '*')
		return load_fail(L, v,
				 "\"objects\" must be a list of names or a \"prefix*\" "
				 "pattern");
	for (uint32_t i = 0; i < sc->nnames[SIM_K_BO]; i++)
		if (!strncmp(sc->names[SIM_K_BO][i], pat, len - 1))
			slots[(*n)++] = i;
	if (!*n)
		return load_fail(L, v, "no object matches \"%s\"", pat);
	return 0;
}

/* "objects": ["a", "b"]: each a defined object, once, into @slots. */
static int wl_objects_list(struct ld *L, const cJSON *v, uint32_t *slots, uint32_t *n)
{
	struct scenario *sc = L->sc;
	const cJSON *e;

	cJSON_ArrayForEach(e, v)
	{
		const char *name;
		uint32_t slot;
		char near[240];

		if (load_get_string(L, e, "objects[]", &name))
			return -1;
		slot = scenario_find(sc, SIM_K_BO, name);
		if (slot == SIM_NONE)
			return load_fail(L, e, "unknown object \"%s\" (%s)", name,
					 load_near_names(L, SIM_K_BO, name, near, sizeof(near)));
		for (uint32_t i = 0; i < *n; i++)
			if (slots[i] == slot)
				return load_fail(L, e, "object \"%s\" is listed twice", name);
		slots[(*n)++] = slot;
	}
	if (!*n)
		return load_fail(L, v, "\"objects\" is empty");
	return 0;
}

/* "objects": ["a", "b"], or "prefix*" for every object whose name starts so. */
static int load_wl_objects(struct ld *L, const cJSON *wl, struct sim_workload *w, bool required)
{
	struct scenario *sc = L->sc;
	const cJSON *v = load_member(wl, "objects");
	uint32_t n = 0, max = sc->nnames[SIM_K_BO];
	uint32_t *tmp, *all;
	int ret = -1;

	w->first = sc->nwl_objs;
	w->n = 0;
	if (!v)
		return required ? load_fail(L, wl,
					    "this workload needs \"objects\": [names] or "
					    "\"prefix*\"") :
				  0;
	if (!cJSON_IsString(v) && !cJSON_IsArray(v))
		return load_fail(L, v,
				 "\"objects\" must be a list of names or a \"prefix*\" pattern, "
				 "got %s",
				 load_type_name(v));
	/* Collect into a temporary list (each object at most once), then append. */
	tmp = calloc(max ? max : 1, sizeof(*tmp));
	if (!tmp)
		return load_fail(L, v, "out of memory");
	if (cJSON_IsString(v) ? wl_objects_prefix(L, v, tmp, &n) : wl_objects_list(L, v, tmp, &n))
		goto out;
	all = realloc(sc->wl_objs, ((size_t)sc->nwl_objs + n) * sizeof(*all));
	if (!all) {
		load_fail(L, v, "out of memory");
		goto out;
	}
	memcpy(all + sc->nwl_objs, tmp, n * sizeof(*tmp));
	sc->wl_objs = all;
	sc->nwl_objs += n;
	w->n = n;
	ret = 0;
out:
	free(tmp);
	return ret;
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
			return load_fail(L, v,
					 "unknown pattern \"%s\" (expected uniform, zipf, loop or "
					 "phases)",
					 p);
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
			return load_fail(L, wl,
					 "\"pattern\": \"phases\" needs \"working_set\" (how many "
					 "objects or pages per phase) and \"phase\" (its length)");
		if (load_get_uint(L, load_member(wl, "working_set"), "working_set", 1,
				  LOAD_MAX_PAGES, &w->working_set) ||
		    load_get_time(L, load_member(wl, "phase"), "phase", &w->phase))
			return -1;
		if (!w->phase)
			return load_fail(L, load_member(wl, "phase"),
					 "\"phase\" must be longer than 0");
	} else {
		if ((v = load_member(wl, "working_set")) || (v = load_member(wl, "phase")))
			return load_fail_key(L, v, "\"%s\" goes with \"pattern\": \"phases\"",
					     v->string);
	}
	return 0;
}

/* When it fires: start, interval or rate, arrival, end and/or count. */
static int load_wl_timing(struct ld *L, const cJSON *wl, struct sim_workload *w, bool need_rate,
			  bool need_stop)
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
	if ((v = load_member(wl, "count")) &&
	    load_get_uint(L, v, "count", 1, UNITS_NUM_MAX, &w->count))
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
			return load_fail(L, rv,
					 "\"rate\" must be a number of actions per second in "
					 "(0, 1e9]");
		w->interval = (sim_ns)(1e9 / rv->valuedouble + 0.5);
	} else if (need_rate) {
		return load_fail(L, wl,
				 "a workload needs \"interval\" (time between actions) or "
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
				return load_fail(L, v,
						 "\"%s\" is for \"format\": \"libcachesim_csv\"",
						 opts[i]);
		return 0;
	}
	if (!(v = load_member(wl, "obj_id_col")))
		return load_fail(L, wl,
				 "a libcachesim_csv trace needs \"obj_id_col\" (the object id's "
				 "column, from 1)");
	if (load_get_uint(L, v, "obj_id_col", 1, 64, &col))
		return -1;
	w->id_col = (uint32_t)col;
	if ((v = load_member(wl, "has_header")) &&
	    load_get_bool(L, v, "has_header", &w->has_header))
		return -1;
	if ((v = load_member(wl, "delimiter"))) {
		const char *d;

		if (load_get_string(L, v, "delimiter", &d))
			return -1;
		if (strlen(d) != 1 || d[0] == '\n' || d[0] == '\r' || d[0] == '#')
			return load_fail(
				L, v, "\"delimiter\" must be one character (not a newline or '#')");
		w->delimiter = d[0];
	}
	return 0;
}

static int load_wl_gpu_jobs(struct ld *L, const cJSON *wl, struct sim_workload *w)
{
	const cJSON *v;
	uint64_t k = 1;

	if (load_wl_timing(L, wl, w, true, true) || load_resolve(L, wl, "vm", SIM_K_VM, &w->vm) ||
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
	return load_get_time(L, load_member(wl, "duration"), "duration", &w->duration);
}

static int load_wl_cpu_access(struct ld *L, const cJSON *wl, struct sim_workload *w)
{
	bool b = false;

	if (load_wl_timing(L, wl, w, true, true) || load_wl_objects(L, wl, w, true) ||
	    load_wl_pattern(L, wl, w) || load_opt_bool(L, wl, "write", &b))
		return -1;
	w->write = b;
	return 0;
}

static int load_wl_pressure(struct ld *L, const cJSON *wl, struct sim_workload *w)
{
	static const char *const shapes[] = { "step", "square", "sine", "sawtooth" };
	const char *shape = "square";
	const cJSON *v;
	size_t i;

	if (load_wl_timing(L, wl, w, true, true))
		return -1;
	if ((v = load_member(wl, "shape")) && load_get_string(L, v, "shape", &shape))
		return -1;
	for (i = 0; i < 4 && strcmp(shapes[i], shape); i++)
		;
	if (i == 4)
		return load_fail(L, v,
				 "unknown shape \"%s\" (expected step, square, sine or "
				 "sawtooth)",
				 shape);
	w->shape = (uint8_t)i;
	if (!load_member(wl, "high") || !load_member(wl, "period"))
		return load_fail(L, wl,
				 "a pressure workload needs \"high\" (frames held at the "
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
	return 0;
}

static int load_wl_churn(struct ld *L, const cJSON *wl, struct sim_workload *w)
{
	static const char *const adv[] = { "willneed", "dontneed" };
	const char *dist = "uniform";
	const cJSON *v;
	unsigned a;

	if (load_wl_timing(L, wl, w, true, true))
		return -1;
	if (!load_member(wl, "min_size") || !load_member(wl, "max_size") ||
	    !load_member(wl, "lifetime"))
		return load_fail(L, wl,
				 "a churn workload needs \"min_size\", \"max_size\" and "
				 "\"lifetime\"");
	if (load_get_size_value(L, load_member(wl, "min_size"), "min_size", LOAD_MAX_OBJECT_PAGES,
				&w->size_min) ||
	    load_get_size_value(L, load_member(wl, "max_size"), "max_size", LOAD_MAX_OBJECT_PAGES,
				&w->size_max))
		return -1;
	if (w->size_min > w->size_max)
		return load_fail(L, load_member(wl, "min_size"),
				 "\"min_size\" is above \"max_size\"");
	if ((v = load_member(wl, "size_dist")) && load_get_string(L, v, "size_dist", &dist))
		return -1;
	if (!strcmp(dist, "log"))
		w->size_log = true;
	else if (strcmp(dist, "uniform"))
		return load_fail(L, v, "\"size_dist\" must be \"uniform\" or \"log\"");
	if (load_get_time(L, load_member(wl, "lifetime"), "lifetime", &w->lifetime))
		return -1;
	if ((v = load_member(wl, "madvise"))) {
		if (load_get_enum(L, v, "madvise", adv, 2, &a))
			return -1;
		w->dontneed = a == 1;
	}
	return 0;
}

static int load_wl_vmap(struct ld *L, const cJSON *wl, struct sim_workload *w)
{
	const cJSON *v;
	uint64_t k = 1;
	bool b = false;

	if (load_wl_timing(L, wl, w, true, true) || load_wl_objects(L, wl, w, true) ||
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
	if (load_opt_bool(L, wl, "locked", &b))
		return -1;
	w->locked = b;
	return 0;
}

static int load_wl_dmabuf(struct ld *L, const cJSON *wl, struct sim_workload *w)
{
	const cJSON *v;

	if (load_wl_timing(L, wl, w, true, true) || load_wl_objects(L, wl, w, true) ||
	    load_wl_pattern(L, wl, w) || load_resolve(L, wl, "device", SIM_K_DEVICE, &w->vm))
		return -1;
	if (!(v = load_member(wl, "hold")))
		return load_fail(L, wl,
				 "a dmabuf workload needs \"hold\" (how long an importer "
				 "keeps its mapping)");
	if (load_get_time(L, v, "hold", &w->lifetime))
		return -1;
	if (!w->lifetime)
		return load_fail(L, v, "\"hold\" must be longer than 0");
	return 0;
}

/* The trace's path: a relative one is relative to the scenario file's folder. */
static char *trace_path(const struct ld *L, const char *file)
{
	const char *slash = strrchr(L->file, '/');
	size_t n;
	char *p;

	if (file[0] == '/' || !slash)
		return strdup(file);
	n = (size_t)(slash - L->file) + 1;
	p = malloc(n + strlen(file) + 1);
	if (p) {
		memcpy(p, L->file, n);
		strcpy(p + n, file);
	}
	return p;
}

static int load_wl_trace(struct ld *L, const cJSON *wl, struct sim_workload *w)
{
	const char *file, *fmt = "csv";
	const cJSON *v;

	if (load_wl_timing(L, wl, w, false, false))
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
		return load_fail(L, v,
				 "\"format\" must be \"csv\", \"ids\", \"oracleGeneral\" or "
				 "\"libcachesim_csv\"");
	}
	/* request traces: one access per record, "interval" apart */
	if (w->trace_fmt != SIM_TRACE_CSV && !w->interval)
		w->interval = 1000;
	if (load_trace_csv_opts(L, wl, w))
		return -1;
	w->trace = trace_path(L, file);
	if (!w->trace)
		return load_fail(L, v, "out of memory");
	return 0;
}

#define WL_KEYS(...) ((const char *const[]){ "type", __VA_ARGS__, NULL })
#define WL_GEN_KEYS "start", "end", "count", "interval", "rate", "arrival"
#define WL_PICK_KEYS "objects", "pattern", "zipf_s", "working_set", "phase"

/* Each workload type: its keys (in the order errors list them) and its loader. */
static const struct {
	const char *name;
	enum sim_wl_type type;
	const char *const *keys;
	int (*load)(struct ld *L, const cJSON *wl, struct sim_workload *w);
} wl_types[] = {
	{ "gpu_jobs", SIM_WL_GPU_JOBS,
	  WL_KEYS(WL_GEN_KEYS, "vm", WL_PICK_KEYS, "per_job", "duration"), load_wl_gpu_jobs },
	{ "cpu_access", SIM_WL_CPU_ACCESS, WL_KEYS(WL_GEN_KEYS, WL_PICK_KEYS, "write"),
	  load_wl_cpu_access },
	{ "pressure", SIM_WL_PRESSURE,
	  WL_KEYS("start", "end", "count", "interval", "rate", "shape", "low", "high", "period"),
	  load_wl_pressure },
	{ "churn", SIM_WL_CHURN,
	  WL_KEYS(WL_GEN_KEYS, "min_size", "max_size", "size_dist", "lifetime", "madvise"),
	  load_wl_churn },
	{ "vmap", SIM_WL_VMAP, WL_KEYS(WL_GEN_KEYS, WL_PICK_KEYS, "hold", "pages", "locked"),
	  load_wl_vmap },
	{ "dmabuf", SIM_WL_DMABUF, WL_KEYS(WL_GEN_KEYS, WL_PICK_KEYS, "device", "hold"),
	  load_wl_dmabuf },
	{ "trace", SIM_WL_TRACE,
	  WL_KEYS("file", "format", "start", "interval", "rate", "obj_id_col", "has_header",
		  "delimiter"),
	  load_wl_trace },
};

static int load_workload(struct ld *L, const cJSON *wl, struct sim_workload *w)
{
	const cJSON *tv = load_member(wl, "type");
	unsigned line = 0, col = 0;
	char where[40];
	const char *type;

	if (load_want_object(L, wl, "a workload"))
		return -1;
	if (!tv)
		return load_fail(L, wl,
				 "a workload needs a \"type\": gpu_jobs, cpu_access, pressure, "
				 "churn, vmap, dmabuf or trace");
	if (load_get_string(L, tv, "type", &type))
		return -1;
	jpos_where(L->doc, wl, &line, &col);
	w->line = line;
	w->col = col;
	for (size_t i = 0; i < sizeof(wl_types) / sizeof(wl_types[0]); i++) {
		if (strcmp(type, wl_types[i].name))
			continue;
		w->type = (uint8_t)wl_types[i].type;
		snprintf(where, sizeof(where), "a %s workload", type);
		if (load_check_keys(L, wl, where, wl_types[i].keys))
			return -1;
		return wl_types[i].load(L, wl, w);
	}
	return load_fail(L, tv,
			 "unknown workload type \"%s\" (expected gpu_jobs, cpu_access, "
			 "pressure, churn, vmap, dmabuf or trace)",
			 type);
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
	cJSON_ArrayForEach(e, d)
	{
		if (load_workload(L, e, &sc->workloads[sc->nworkloads]))
			return -1;
		sc->nworkloads++;
	}
	return 0;
}
