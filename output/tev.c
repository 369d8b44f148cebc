// SPDX-License-Identifier: MIT
/*
 * output/tev.c - trace-event JSON pieces (see tev.h).
 */
#include <inttypes.h>
#include <stdio.h>

#include "base/version.h"
#include "output/tev.h"
#include "sim/scenario.h"

void tev_open(struct jsonw *w, const struct sim *s, const struct scenario *sc,
	      const char *const *sides, unsigned nsides)
{
	jsonw_obj_open(w);
	jsonw_key(w, "displayTimeUnit");
	jsonw_str(w, "ns");
	jsonw_key(w, "otherData");
	jsonw_obj_open(w);
	jsonw_key(w, "generator");
	jsonw_str(w, "gemsim");
	jsonw_key(w, "version");
	jsonw_str(w, GEMSIM_VERSION);
	jsonw_key(w, "scenario");
	jsonw_str(w, sc->name);
	jsonw_key(w, "file");
	jsonw_str(w, sc->file);
	jsonw_key(w, "seed");
	jsonw_u64(w, s->cfg.seed);
	jsonw_key(w, "kernel");
	jsonw_str(w, sim_kernel_names[s->cfg.kernel]);
	if (nsides) {
		jsonw_key(w, "processes");
		jsonw_arr_open(w);
		for (unsigned i = 0; i < nsides; i++)
			jsonw_str(w, sides[i]);
		jsonw_arr_close(w);
	}
	jsonw_obj_close(w);
	jsonw_key(w, "traceEvents");
	jsonw_arr_open(w);
}

void tev_close(struct jsonw *w)
{
	jsonw_arr_close(w);
	jsonw_obj_close(w);
	jsonw_end(w);
}

void tev_ts(struct tev *e, const char *key, sim_ns t)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "%" PRIu64 ".%03" PRIu64, t / 1000, t % 1000);
	jsonw_key(e->w, key);
	jsonw_raw(e->w, buf);
}

void tev_begin(struct tev *e, const char *ph, const char *name, uint32_t tid, sim_ns t)
{
	jsonw_obj_open(e->w);
	jsonw_key(e->w, "ph");
	jsonw_str(e->w, ph);
	jsonw_key(e->w, "name");
	jsonw_str(e->w, name);
	jsonw_key(e->w, "pid");
	jsonw_u64(e->w, e->pid);
	jsonw_key(e->w, "tid");
	jsonw_u64(e->w, tid);
	tev_ts(e, "ts", t);
}

/* A metadata event: @name with one argument @key = @str or @num. */
static void meta(struct tev *e, const char *name, uint32_t tid, const char *key, const char *str,
		 uint64_t num)
{
	tev_begin(e, "M", name, tid, 0);
	jsonw_key(e->w, "args");
	jsonw_obj_open(e->w);
	jsonw_key(e->w, key);
	if (str)
		jsonw_str(e->w, str);
	else
		jsonw_u64(e->w, num);
	jsonw_obj_close(e->w);
	jsonw_obj_close(e->w);
}

void tev_process(struct tev *e, const char *name)
{
	meta(e, "process_name", 0, "name", name, 0);
	meta(e, "process_sort_index", 0, "sort_index", NULL, e->pid);
}

void tev_thread(struct tev *e, uint32_t tid, const char *name, uint32_t sort)
{
	meta(e, "thread_name", tid, "name", name, 0);
	meta(e, "thread_sort_index", tid, "sort_index", NULL, sort);
}

void tev_flow(struct tev *e, const char *ph, const char *name, uint32_t tid, sim_ns t, uint64_t id)
{
	tev_begin(e, ph, name, tid, t);
	jsonw_key(e->w, "cat");
	jsonw_str(e->w, "gemsim");
	jsonw_key(e->w, "id");
	jsonw_u64(e->w, id);
	if (ph[0] == 'f') {
		/* bind to the slice that encloses the end, not the next one */
		jsonw_key(e->w, "bp");
		jsonw_str(e->w, "e");
	}
	jsonw_obj_close(e->w);
}
