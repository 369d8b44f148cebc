/* SPDX-License-Identifier: MIT */
/*
 * oracle/oracle.h - the differential oracle (docs/oracle.md): a scenario's
 * helper-level ops run on a kernel tree's own drm_gem_shmem_helper.c and on
 * gemsim's model in lockstep, compared after every op.
 *
 * Layer 5 (beside output/): it reads loaded scenarios (layer 4) and the
 * model (layer 3).  The kernel side is a process the front end builds and
 * starts (cli/cli_oracle*.c); this layer only speaks to it through
 * struct oracle_kernel, one op line out, one state back, so it never forks
 * or prints.
 */
#ifndef GEMSIM_ORACLE_H
#define GEMSIM_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rng.h"
#include "sim/scenario.h"

#define ORACLE_MAX_OBJS 64     /* objects compared per op */
#define ORACLE_VOID 0x7fffffff /* the kernel function returns nothing */

/** struct oracle_obj - what is compared of one object, either side. */
struct oracle_obj {
	uint32_t slot;
	int32_t use, pin, vmap; /* pages_use_count, pages_pin_count, vmap_use_count */
	bool pages, sgt, evicted;
	int madv; /* as stored; compared by sign */
};

/* ---- the LRU check (oracle/lru.c): sizes ---- */
#define ORACLE_LRU_LISTS 4    /* msm's lists: pinned, evicted, dontneed, willneed */
#define ORACLE_LRU_OBJS 16    /* objects of a sequence */
#define ORACLE_LRU_OFFERS 128 /* offers recorded per scan */
#define ORACLE_LRU_MAX_OPS 256
#define ORACLE_LRU_MAX_NR 64 /* pages a scan asks for, at most */

/** struct oracle_lru_state - the lists after an LRU op, either side. */
struct oracle_lru_state {
	bool seen;                                       /* lists were reported */
	int64_t count[ORACLE_LRU_LISTS];                 /* each list's count (pages) */
	uint32_t n[ORACLE_LRU_LISTS];                    /* objects on it */
	uint8_t slot[ORACLE_LRU_LISTS][ORACLE_LRU_OBJS]; /* ... head first */
	int64_t remaining;                               /* the scan's *remaining; -1: none */
	uint32_t noffered;                               /* the shrink callback's calls */
	uint8_t offered[ORACLE_LRU_OFFERS];              /* ... the objects, in order */
};

/** struct oracle_state - one side after an op. */
struct oracle_state {
	int ret;        /* 0, a negative code (GEMSIM_E* numbering), 1/0 for madvise, ORACLE_VOID */
	uint64_t warns; /* WARNs since the run began */
	bool oops;      /* the kernel side oopsed, deadlocked or BUG()ed */
	uint32_t once_again; /* WARN_ONCE conditions that held again, silently */
	uint64_t lingering;  /* bit b: bo#b's handle is gone, a CPU mapping still
				 * holds the object (kernel side; slots < 64) */
	char msg[512];       /* the kernel's WARN sites and oops text of this op */
	uint32_t nobj;
	struct oracle_obj obj[ORACLE_MAX_OBJS];
	struct oracle_lru_state lru; /* after an LRU op (oracle/lru.c) */
};

/**
 * struct oracle_kernel - the kernel side, as the front end runs it.
 * @op: send one op line ("pin 3"), fill @st with the answer.  Returns 0,
 *      or -1 when the process is gone (an oops also fills @st->oops).
 * @reset: start a new run with @frames page frames (0: as many as asked).
 */
struct oracle_kernel {
	int (*op)(void *ctx, const char *line, struct oracle_state *st);
	int (*reset)(void *ctx, uint64_t frames);
	void *ctx;
};

enum oracle_outcome {
	ORACLE_SAME,    /* every op compared agreed */
	ORACLE_DIFF,    /* a difference: see the result's text */
	ORACLE_MISUSE,  /* both sides flagged the same op as a misuse (a WARN or
			    * an oops in the kernel, a warning in the model): the
			    * run stops there, agreed */
	ORACLE_PARTIAL, /* agreed up to an op the oracle cannot run on the kernel */
	ORACLE_CHOICE,  /* a difference that is a named, documented modelling
			    * choice (docs/oracle.md): the run stops there */
	ORACLE_ERROR,   /* the kernel side could not be run */
};

/** struct oracle_result - what one run found. */
struct oracle_result {
	enum oracle_outcome outcome;
	uint64_t ops;       /* ops compared */
	uint32_t event;     /* the scenario event that stopped the run, or SIM_NONE */
	uint32_t line;      /* its line in the file */
	char op[96];        /* its op, as sent to the kernel */
	const char *choice; /* ORACLE_CHOICE: its name (docs/oracle.md) */
	char text[4096];    /* the difference, both states side by side */
};

/**
 * oracle_run() - run scenario @sc's helper-level ops on @k and on a model
 * of kernel @kernel (enum sim_kernel), comparing after each.
 * The kernel side gets the scenario's memory.ram_pages frames for page arrays.
 * Returns: 0, or -1 when the model cannot be set up (host memory).
 */
int oracle_run(const struct scenario *sc, unsigned kernel, const struct oracle_kernel *k,
	       struct oracle_result *res);

/** oracle_op_supported() - whether op @op (enum sim_op) has a kernel side. */
bool oracle_op_supported(unsigned op);

/* ---- the differential fuzzer (oracle/fuzz.c) ---- */

#define ORACLE_FUZZ_MAX_OPS 256
#define ORACLE_FUZZ_MAX_OBJS 8
#define ORACLE_FUZZ_MISUSE 50 /* one op in 50 may be any op, a misuse maybe */

/** struct oracle_fuzz_op - one op of a random sequence. */
struct oracle_fuzz_op {
	uint8_t op;             /* enum sim_op */
	uint8_t bo, map, child; /* object, mapping, fork's child mapping */
	int8_t advice;          /* madvise: 0 willneed, 1 dontneed */
	uint8_t first, last;    /* cpu_access pages; create: size in pages (first) */
};

/** struct oracle_fuzz_seq - a random sequence of helper ops on a few objects. */
struct oracle_fuzz_seq {
	uint32_t nobj, nmap;                  /* objects and CPU mappings named */
	uint32_t pages[ORACLE_FUZZ_MAX_OBJS]; /* each object's size in pages */
	uint32_t nops;
	struct oracle_fuzz_op ops[ORACLE_FUZZ_MAX_OPS];
};

/**
 * oracle_fuzz_make() - a random sequence of @nops ops (at most
 * ORACLE_FUZZ_MAX_OPS) on @nobj objects (at most ORACLE_FUZZ_MAX_OBJS)
 * and @nmap mappings, drawn from @rng: the same stream, the same sequence.
 */
void oracle_fuzz_make(struct oracle_fuzz_seq *q, struct sim_rng *rng, uint32_t nobj, uint32_t nmap,
		      uint32_t nops);

/** struct oracle_out - text growing in a fixed buffer; @full once it did not fit. */
struct oracle_out {
	char *buf;
	size_t len, used;
	bool full;
};

/** oracle_out() - append printf-style text to @w (nothing once it is full). */
void oracle_out(struct oracle_out *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/**
 * oracle_fuzz_json() - the ops of @q that @keep marks (NULL: all) as a
 * scenario file for kernel @kernel, with @description; ready for
 * scenarios/ (it carries an expect block of no violations).
 * Returns: its length, or 0 if @buf (@len bytes) is too small.
 */
size_t oracle_fuzz_json(const struct oracle_fuzz_seq *q, const bool *keep, const char *kernel,
			const char *description, char *buf, size_t len);

/* ---- the LRU check (oracle/lru.c) ---- */

enum oracle_lru_kind { ORACLE_LRU_MOVE, ORACLE_LRU_REMOVE, ORACLE_LRU_SCAN };
enum oracle_lru_verdict { ORACLE_LRU_KEEP, ORACLE_LRU_LOCKED, ORACLE_LRU_FREE };

/** struct oracle_lru_op - one op of an LRU sequence. */
struct oracle_lru_op {
	uint8_t kind;                     /* enum oracle_lru_kind */
	uint8_t bo, list;                 /* move: object, list; scan: the list */
	uint8_t nr;                       /* scan: pages to free */
	uint8_t verdict[ORACLE_LRU_OBJS]; /* scan: per object, enum oracle_lru_verdict */
	uint8_t to[ORACLE_LRU_OBJS];      /* FREE: the list it goes to, ORACLE_LRU_LISTS: none */
};

/** struct oracle_lru_seq - objects and the LRU ops on them. */
struct oracle_lru_seq {
	uint32_t nobj;
	uint8_t pages[ORACLE_LRU_OBJS];
	uint32_t nops;
	struct oracle_lru_op ops[ORACLE_LRU_MAX_OPS];
};

/**
 * oracle_lru_make() - a random sequence of @nops LRU ops on @nobj objects
 * (at most ORACLE_LRU_MAX_OPS, ORACLE_LRU_OBJS), drawn from @rng.
 */
void oracle_lru_make(struct oracle_lru_seq *q, struct sim_rng *rng, uint32_t nobj, uint32_t nops);

/**
 * oracle_lru_run() - the ops of @q that @keep marks (NULL: all) on the
 * kernel's drm_gem_lru_* (@k) and on gemsim's lists (gem/lru.c, lru_scan())
 * of an msm model, compared after each: every list's order and count, a
 * scan's freed, *remaining and the objects its callback was offered.
 * Returns: 0, or -1 when the model cannot be set up.
 */
int oracle_lru_run(const struct oracle_lru_seq *q, const bool *keep, const struct oracle_kernel *k,
		   struct oracle_result *res);

/**
 * oracle_lru_text() - the kept ops of @q as the kernel side's op lines
 * (the shrunk sequence a failing fuzz run prints).
 * Returns: its length, or 0 if @buf (@len bytes) is too small.
 */
size_t oracle_lru_text(const struct oracle_lru_seq *q, const bool *keep, char *buf, size_t len);

#endif
