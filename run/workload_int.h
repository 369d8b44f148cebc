/* SPDX-License-Identifier: MIT */
/*
 * run/workload_int.h - the workload set's state, shared by the files that
 * make it up (not for callers outside them: run/workload.h is the API).
 *
 *   run/workload.c        the set: creation, the general firing, the
 *                                generators (gpu_jobs, cpu_access, pressure,
 *                                churn, vmap, dmabuf) and their patterns
 *   run/workload_trace.c  trace replay: the block reader, request traces
 *                                (ids, oracleGeneral, libcachesim_csv), the id and
 *                                name tables, wl_fire() and its request fast path
 *   run/workload_csv.c    gemsim's own csv trace (TIME,OP,NAME[,ARG])
 */
#ifndef GEMSIM_SIM_WORKLOAD_INT_H
#define GEMSIM_SIM_WORKLOAD_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>

#include "sim/scenario.h"
#include "sim/sim.h"
#include "run/workload.h"
#include "base/zipf.h"

#define WL_TRACE_LINE 4096
#define WL_TRACE_BLOCK 65536 /* read buffer; holds a longest line whole */
#define WL_ORACLE_REC 24     /* libCacheSim oracleGeneral record, bytes */
/*
 * A request trace's prefetch (run/workload_ids.h) works in three stages,
 * WL_PF_STEP requests apart: the id's bucket WL_PF_AHEAD requests ahead,
 * what the bucket names two steps ahead, what that names one step ahead.
 */
#define WL_PF_STEP 2
#define WL_PF_AHEAD (3 * WL_PF_STEP)
#define WL_PF_RING (WL_PF_AHEAD + 1) /* an ids trace's lines read ahead, the next one too */

/*
 * The fields of the oracleGeneral record at @p (packed little-endian
 * {uint32 clock_time; uint64 obj_id; uint32 obj_size; int64
 * next_access_vtime}, as libCacheSim's oracleGeneralBin.h reads it).
 */
static inline uint64_t wl_oracle_id(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p + 4, sizeof(v));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline uint32_t wl_oracle_size(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p + 12, sizeof(v));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

struct death {
	sim_ns at;
	uint32_t bo;
};

struct wl_run {
	const struct sim_workload *w;
	struct sim_rng rng;
	struct wl_stats st;
	bool set_up; /* first firing done (mappings made) */
	bool finished;
	uint64_t cursor;       /* loop pattern position */
	struct sim_zipf zipf;  /* zipf: the draw's tables over nitems ranks */
	uint64_t nitems;       /* what the pattern picks from: objects or pages */
	uint64_t *page_base;   /* cpu_access: first global page of object i (n+1 entries) */
	uint64_t stride;       /* cpu_access: page_base[i] == i * stride for all i (0: not so) */
	unsigned stride_shift; /* stride is 1 << stride_shift (else 64) */
	uint32_t *maps;        /* cpu_access: map slot of object i; dmabuf: its buf slot */
	uint32_t *pick;        /* gpu_jobs: objects of the job being made */
	uint32_t *picked;      /* gpu_jobs: per object slot, the job (counted from 1) that took it;
			       * vmap: per object slot, the vmaps this workload holds on it */
	uint32_t npicked;      /* gpu_jobs: entries of picked[]: highest slot + 1 */
	uint32_t job;          /* gpu_jobs: jobs made, the stamp of the one being made */
	uint64_t held;         /* pressure: frames held now */
	sim_ns next_create;    /* churn: next creation */
	uint64_t made;         /* churn: objects created, the next one's number */
	struct death *deaths;  /* churn: min-heap by time */
	uint32_t ndeaths, cap_deaths;
	FILE *trace;       /* trace: the open file */
	uint64_t line;     /* trace: lines read */
	sim_ns last_at;    /* trace: time of the previous line */
	char *pending;     /* trace: the line read ahead, waiting for its time */
	char *buf;         /* trace: the current line, WL_TRACE_LINE bytes */
	unsigned char *rb; /* trace: read buffer, WL_TRACE_BLOCK bytes */
	size_t rpos, rlen; /* trace: unread bytes are rb[rpos..rlen) */
	bool reof;         /* trace: the file has no more bytes to give */
	bool header_done;  /* libcachesim_csv: the header line is skipped */
	/* ids trace read-ahead (trace_prefetch_ids()): the WL_PF_RING lines
	 * from r->pf_rpos on, oldest at pf_head: their ids, where each ends
	 * (the next line's start), and where the line after them starts
	 * (pf_pos; 0: none).  Valid while reading went on one line at a time
	 * and the buffer's bytes did not move (pf_gen == rgen). */
	uint64_t pf_ids[WL_PF_RING];
	size_t pf_end[WL_PF_RING];
	unsigned pf_head;
	uint32_t pf_gen, rgen; /* rgen: bumped when trace_fill() moves the bytes */
	size_t pf_pos, pf_rpos;
	uint64_t pf_line;
};

/*
 * Integer id -> object slot, open addressing with linear probing.  A
 * request trace's ids are integers (libCacheSim's obj_id); hashing their
 * decimal text through the name table cost a strlen, a string hash and a
 * strcmp per request.  Empty buckets hold slot SIM_NONE; the table is at
 * most half full, so a probe ends soon.  An entry keeps the key, the slot
 * and the object's implicit mapping (ws->dyn_map[slot], once made) in one
 * 16-byte bucket: a request that hits reads one cache line.
 */
struct idmap_ent {
	uint64_t key;
	uint32_t slot; /* SIM_NONE: an empty bucket */
	uint32_t map;  /* ws->dyn_map[slot] once set, else SIM_NONE */
};

struct idmap {
	struct idmap_ent *ents;
	uint32_t cap; /* a power of two, or 0 */
	uint32_t n;
	unsigned shift; /* 64 - log2(cap): Fibonacci hashing takes the top bits */
};

struct wl_set {
	const struct scenario *sc;
	struct wl_run *runs;
	uint32_t n;
	uint32_t next_bo;    /* first free dynamic object slot */
	uint32_t next_map;   /* first free dynamic map slot */
	uint32_t next_buf;   /* first free dynamic dma-buf slot */
	uint32_t next_att;   /* first free dynamic attachment slot */
	uint32_t *free_atts; /* dynamic attachment slots to reuse */
	uint32_t nfree_atts, cap_free_atts;
	uint32_t *free_bos; /* dynamic object slots to reuse */
	uint32_t nfree_bos, cap_free_bos;
	struct scenario *dyn; /* names a trace makes: a name table only */
	uint32_t *dyn_slot;   /* trace name index -> object slot */
	uint32_t cap_dyn_slot;
	uint32_t *dyn_map; /* trace "access": map slot per dynamic or named object */
	uint32_t cap_dyn_map;
	struct idmap ids;  /* trace ids in canonical decimal -> object slot */
	bool sc_int_names; /* the scenario names an object with such an id */
	wl_open_fn open;   /* opens trace files (NULL: fopen) */
	void *open_ctx;
	char error[SIM_ERROR_MSG + 64];
};

/* ---- shared helpers ------------------------------------------------------ */

/* A free object slot: one given back, else the next never used. */
static inline uint32_t new_bo_slot(struct wl_set *ws)
{
	if (ws->nfree_bos)
		return ws->free_bos[--ws->nfree_bos];
	return ws->next_bo++;
}

/* Whether @t is at or past the workload's "end" (0: none). */
static inline bool out_of_time(const struct sim_workload *w, sim_ns t)
{
	return w->end && t >= w->end;
}

/* run/workload.c */

/*
 * The next firing of @r, at @next, is past SIM_TIME_MAX: the workload is
 * finished and the run stops (sim_time_past(): not when "end" comes first).
 * Returns: 0.
 */
int wl_time_past(struct sim *s, struct wl_run *r, sim_ns next);

/* Every firing but a trace's after its first: set-up, generators, the end. */
int wl_fire_general(struct sim *s, struct wl_set *ws, uint32_t idx);

/* run/workload_trace.c */

/* Set ws->error to "file:line: message" for the line just read; returns -1. */
__attribute__((format(printf, 3, 4), cold)) int wl_trace_fail(struct wl_set *ws, struct wl_run *r,
							      const char *fmt, ...);
/* The next non-empty, non-comment line at *@out: 1, 0 at end of file, -1 on error. */
int wl_trace_read(struct wl_set *ws, struct wl_run *r, char **out);
/* Whether @name (@len bytes) is an integer in canonical decimal, its value at *@id. */
bool wl_trace_int_name(const char *name, size_t len, uint64_t *id);
/* Slot of an object named in a trace (SIM_NONE: none, or out of memory). */
uint32_t wl_trace_bo(struct sim *s, struct wl_set *ws, const char *name, bool create);
/* A CPU touch of page @page of @bo through the trace's implicit mmap. */
int wl_trace_touch(struct sim *s, struct wl_set *ws, uint32_t bo, uint64_t page);
/* One firing of trace workload @r, then its next firing scheduled. */
int wl_trace_step(struct sim *s, struct wl_set *ws, struct wl_run *r, uint32_t idx);
/* A trace file, opened only when it is a regular file; NULL with errno set. */
FILE *wl_open_trace(const char *path);

/* run/workload_csv.c */

/* Fire a gemsim csv trace: every line due now; *@next the next line's time. */
int wl_trace_fire_csv(struct sim *s, struct wl_set *ws, struct wl_run *r, sim_ns *next);

#endif
