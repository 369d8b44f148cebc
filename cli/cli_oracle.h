/* SPDX-License-Identifier: MIT */
/*
 * cli/cli_oracle.h - `gemsim oracle` (docs/oracle.md): the kernel side
 * built from a tree and run as a child process (cli_oracle_proc.c), the
 * scenarios and the fuzzer driven through it (cli_oracle.c).
 */
#ifndef GEMSIM_SIM_CLI_ORACLE_H
#define GEMSIM_SIM_CLI_ORACLE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "oracle/oracle.h"

/** struct oracle_file - one stand-in, embedded (tools/embed.sh writes the table). */
struct oracle_file {
	const char *path; /* under oracle/stand/ */
	const char *text;
};

/* the stand-ins, ending with { NULL, NULL } */
extern const struct oracle_file oracle_stand_files[];

/** struct oracle_proc - the kernel side: a built program and its process. */
struct oracle_proc {
	char dir[4096];  /* where it was built */
	char exe[4200];  /* the program */
	pid_t pid;       /* 0 when not running */
	int to, from;    /* pipes to its stdin, from its stdout */
	char buf[65536]; /* what was read and not yet used */
	size_t have;
	uint64_t starts;    /* processes started: 1 + one per oops */
	FILE *log;          /* --log: every line to and from the kernel side, or NULL */
	bool lru;           /* the tree's drm_gem_lru_* are built in (klru.c) */
	char lru_skip[512]; /* --lru on a tree without drm_gem_lru: why it is skipped */
};

/**
 * oracle_proc_build() - write the stand-ins into @dir (made if missing),
 * a driver including @ksrc's drivers/gpu/drm/drm_gem_shmem_helper.c (and,
 * with @lru, the drm_gem_lru_* of its drm_gem.c: p->lru, or p->lru_skip
 * when the tree has none), and compile it with @cc.  On failure prints why
 * (the compiler's last lines) to stderr.  Returns: 0, or -1.
 */
int oracle_proc_build(struct oracle_proc *p, const char *ksrc, const char *dir, const char *cc,
		      bool lru);

/**
 * oracle_lru_extract() - write to @out the drm_gem_lru_* definitions of
 * @ksrc's drivers/gpu/drm/drm_gem.c, cut out by name (cli_oracle_extract.c).
 * Returns: 1 written; 0 the tree has no drm_gem_lru (@why says so); -1 an
 * error (@why, @len bytes, says which: no file, a function not found).
 */
int oracle_lru_extract(const char *ksrc, const char *out, char *why, size_t len);

/** oracle_proc_kernel() - @p as the oracle's kernel side. */
struct oracle_kernel oracle_proc_kernel(struct oracle_proc *p);

/** oracle_proc_stop() - end the process, if running (by its pid). */
void oracle_proc_stop(struct oracle_proc *p);

/** oracle_proc_clean() - remove what oracle_proc_build() wrote, and its
 * folder if that is then empty. */
void oracle_proc_clean(const struct oracle_proc *p);

/** struct cli_oracle_lru_args - `gemsim oracle --lru`'s fuzz campaign. */
struct cli_oracle_lru_args {
	uint64_t n, secs, seed; /* --fuzz, --fuzz-for, --seed */
	uint32_t ops, objs;     /* --ops, --objects */
	const char *out;        /* --out, or NULL */
};

/**
 * cli_oracle_lru() - @a->n random LRU sequences on @k and the model
 * (cli_oracle_lru.c); the first that differs is shrunk and printed.
 * Returns: 0 no difference, 1 a difference, 2 an error.
 */
int cli_oracle_lru(const struct cli_oracle_lru_args *a, const struct oracle_kernel *k);

/**
 * cli_oracle_shrink() - drop the ops @keep marks (of @nops), one at a time
 * from the last, while @differs(@ctx, @keep) still holds; runs it once more
 * on the result, so its last run is the shrunk sequence's.
 */
void cli_oracle_shrink(uint32_t nops, bool *keep, bool (*differs)(void *ctx, const bool *keep),
		       void *ctx);

/** cli_oracle_now() - a monotonic clock in seconds, for --fuzz-for (not the model's). */
double cli_oracle_now(void);

/** cli_oracle() - `gemsim oracle`; cli_usage_oracle its help. */
int cli_oracle(int argc, char **argv);
extern const char cli_usage_oracle[];

#endif
