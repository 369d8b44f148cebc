/* SPDX-License-Identifier: MIT */
/*
 * base/ofile.h - output files that never destroy data: every file gemsim or
 * gemsim-view writes (time series, trace, sweep CSV and chart, PNGs) goes
 * through here.
 *
 *   ofile_check()   before anything is written: refuse an output that is
 *                   one of the inputs or another output (same file by
 *                   device and inode when it exists, else the same
 *                   normalised path); a character device such as
 *                   /dev/null may take several outputs
 *   ofile_open()    a regular or new file: a temporary ".NAME.XXXXXX" in
 *                   the same folder, so a failure to write shows before
 *                   the run and the old file stays whole until...
 *   ofile_commit()  ...the temporary is flushed, checked and renamed over
 *                   the path: readers see the old file or the new one,
 *                   never a part (two concurrent writers: the last rename
 *                   wins, both files whole)
 *   ofile_abort()   the temporary is removed, the path untouched
 *
 * A device or a path under /dev/ or /proc/ (/dev/stdout) is written in
 * place: never renamed over, never removed.  A FIFO elsewhere is refused
 * (with no reader, opening it blocks).  A symbolic link is followed, to the
 * end of its chain: the temporary goes beside the file it names, which a
 * dangling link makes; the link stays a link.
 *
 * SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT, SIGXCPU, SIGALRM, SIGUSR1,
 * SIGUSR2, SIGVTALRM and SIGPROF remove the temporaries still open, then
 * kill the process as they would have (a disposition of "ignore" is kept);
 * only paths this module created are ever removed.  SIGXFSZ is ignored, so
 * a file past `ulimit -f` is a failed write ("File too large") as on a full
 * disk.
 */
#ifndef GEMSIM_SIM_OFILE_H
#define GEMSIM_SIM_OFILE_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

/** struct ofile - one output being written. */
struct ofile {
	FILE *f;          /* write here */
	const char *path; /* as given; borrowed */
	char *target;     /* what commit renames onto (path, or a link's target) */
	char *tmp;        /* the temporary, or NULL when written in place */
	int slot;         /* index in the signal table, or -1 */
};

/**
 * ofile_check() - refuse outputs that would overwrite an input or each other.
 * @ins: input paths (NULL entries skipped); @nin how many.
 * @outs: output paths (NULL entries skipped); @nout how many.
 * @opts: the option naming each output ("--trace"), for the message; may be NULL.
 * @err: on refusal, err->file is the output path and the message says why.
 * Returns: 0, or -1 with @err set.
 */
int ofile_check(const char *const *ins, size_t nin, const char *const *outs,
		const char *const *opts, size_t nout, struct sim_error *err);

/**
 * ofile_open() - start writing @path (see the header comment).
 * Returns: 0, or -1 with @err set ("cannot write: REASON"), @of cleared.
 */
int ofile_open(struct ofile *of, const char *path, struct sim_error *err);

/**
 * ofile_commit() - finish: flush, close and (for a temporary) rename.
 * Returns: 0, or -1 with @err set (the write error, say "No space left on
 * device"); the temporary is removed then and the path left as it was.
 */
int ofile_commit(struct ofile *of, struct sim_error *err);

/**
 * ofile_abort() - close and remove the temporary; @path untouched.
 * Idempotent, and a no-op on a zeroed (never opened) struct ofile.
 */
void ofile_abort(struct ofile *of);

/**
 * ofile_on_signal() - @hook runs first in the signal handler (it must be
 * async-signal-safe): sweep's kills its children.  NULL removes it.
 */
void ofile_on_signal(void (*hook)(void));

/**
 * ofile_child() - in a forked child: forget the parent's temporaries and
 * give the signals their default actions back.
 */
void ofile_child(void);

/**
 * ofile_flush_stdout() - flush standard output and look for a write error
 * (a full disk, a closed pipe).
 * Returns: 0, or the errno of the failure (EIO when unknown).
 */
int ofile_flush_stdout(void);

#endif
