// SPDX-License-Identifier: MIT
/*
 * base/ofile.c - output files written beside their path and renamed into
 * place at success only (base/ofile.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/ofile.h"

/* ---- the temporaries a signal must remove -------------------------------- */

#define OFILE_SLOTS 16

static char sig_path[OFILE_SLOTS][PATH_MAX];
static volatile sig_atomic_t sig_used[OFILE_SLOTS];
static void (*volatile sig_hook)(void);
static bool sig_installed;
/* every signal whose default kills the process, but those of a fault (the
 * state is not to be trusted then) and SIGXFSZ (ignored: see install()) */
static const int sig_list[] = { SIGINT,  SIGTERM, SIGHUP,  SIGPIPE,   SIGQUIT, SIGXCPU,
				SIGALRM, SIGUSR1, SIGUSR2, SIGVTALRM, SIGPROF };

static void on_signal(int sig)
{
	void (*hook)(void) = sig_hook;

	if (hook)
		hook();
	for (int i = 0; i < OFILE_SLOTS; i++)
		if (sig_used[i])
			unlink(sig_path[i]);
	/* die of the signal, as without this handler (it is blocked until we return) */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install(void)
{
	struct sigaction ign;

	if (sig_installed)
		return;
	sig_installed = true;
	/*
	 * A file past `ulimit -f` is a full disk: the write fails (EFBIG, "File
	 * too large"), the run says so and exits 2 with the old file kept,
	 * instead of dying of SIGXFSZ with the temporary left.
	 */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGXFSZ, &ign, NULL);
	for (size_t i = 0; i < sizeof(sig_list) / sizeof(sig_list[0]); i++) {
		struct sigaction sa, old;

		if (sigaction(sig_list[i], NULL, &old) || old.sa_handler == SIG_IGN)
			continue; /* nohup and friends: keep ignoring */
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(sig_list[i], &sa, NULL);
	}
}

static int slot_take(const char *path)
{
	if (strlen(path) >= PATH_MAX)
		return -1;
	for (int i = 0; i < OFILE_SLOTS; i++) {
		if (sig_used[i])
			continue;
		strcpy(sig_path[i], path);
		sig_used[i] = 1;
		return i;
	}
	return -1; /* no room: the file is still written safely, a signal may leave it */
}

static void slot_drop(int i)
{
	if (i >= 0)
		sig_used[i] = 0;
}

void ofile_on_signal(void (*hook)(void))
{
	sig_hook = hook;
	install();
}

void ofile_child(void)
{
	for (int i = 0; i < OFILE_SLOTS; i++)
		sig_used[i] = 0;
	sig_hook = NULL;
	if (!sig_installed)
		return;
	for (size_t i = 0; i < sizeof(sig_list) / sizeof(sig_list[0]); i++) {
		struct sigaction old;

		if (!sigaction(sig_list[i], NULL, &old) && old.sa_handler == on_signal)
			signal(sig_list[i], SIG_DFL);
	}
	sig_installed = false;
}

/* ---- paths --------------------------------------------------------------- */

/* The folder part of @path ("." when none) and where its last part starts. */
static char *dir_of(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (!slash) {
		*base = path;
		return strdup(".");
	}
	*base = slash + 1;
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* @path with its folder resolved (the file itself need not exist). */
static char *normalise(const char *path)
{
	const char *base;
	char *dir = dir_of(path, &base), *real, *out;
	size_t n;

	if (!dir)
		return NULL;
	real = realpath(dir, NULL);
	free(dir);
	if (!real)
		return strdup(path);
	n = strlen(real) + strlen(base) + 2;
	out = malloc(n);
	if (out)
		snprintf(out, n, "%s%s%s", real, strcmp(real, "/") ? "/" : "", base);
	free(real);
	return out;
}

/*
 * The path a write to @path makes: @path itself, or for a symbolic link the
 * file at the end of its chain of links, which need not exist (a dangling
 * link: the file is made and the link stays).  Links relative to the
 * folder they are in are resolved against it.  Returns: a malloc'd path,
 * or NULL with errno set (ELOOP past 40 links).
 */
static char *link_end(const char *path)
{
	char *cur = strdup(path);

	for (int hops = 0; cur; hops++) {
		char buf[PATH_MAX], *next;
		ssize_t n = readlink(cur, buf, sizeof(buf) - 1);
		const char *base;

		if (n < 0)
			return errno == EINVAL || errno == ENOENT ? cur : (free(cur), NULL);
		if (hops == 40) {
			free(cur);
			errno = ELOOP;
			return NULL;
		}
		buf[n] = '\0';
		if (buf[0] == '/' || !strchr(cur, '/')) {
			next = strdup(buf);
		} else {
			char *dir = dir_of(cur, &base);
			size_t len = dir ? strlen(dir) + (size_t)n + 2 : 0;

			next = dir ? malloc(len) : NULL;
			if (next)
				snprintf(next, len, "%s/%s", dir, buf);
			free(dir);
		}
		free(cur);
		cur = next;
	}
	errno = ENOMEM;
	return NULL;
}

/* Written in place: the system's own files, never renamed over. */
static bool system_path(const char *path)
{
	return !strncmp(path, "/dev/", 5) || !strncmp(path, "/proc/", 6);
}

struct ident {
	bool exists, chr;
	dev_t dev;
	ino_t ino;
	char *norm; /* when it does not exist */
};

static int ident_of(const char *path, struct ident *id)
{
	struct stat st;

	memset(id, 0, sizeof(*id));
	if (!stat(path, &st)) {
		id->exists = true;
		id->chr = S_ISCHR(st.st_mode);
		id->dev = st.st_dev;
		id->ino = st.st_ino;
		return 0;
	}
	/* a dangling link: the file it would make */
	char *end = link_end(path);

	id->norm = normalise(end ? end : path);
	free(end);
	return id->norm ? 0 : -1;
}

static bool same(const struct ident *a, const struct ident *b)
{
	if (a->exists != b->exists)
		return false;
	if (a->exists)
		return a->dev == b->dev && a->ino == b->ino;
	return !strcmp(a->norm, b->norm);
}

int ofile_check(const char *const *ins, size_t nin, const char *const *outs,
		const char *const *opts, size_t nout, struct sim_error *err)
{
	struct ident *id = calloc(nout + 1, sizeof(*id)), in;
	int ret = -1;

	if (!id) {
		error_set(err, 0, 0, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < nout; i++) {
		const char *opt = opts && opts[i] ? opts[i] : "output";

		if (!outs[i])
			continue;
		err->file = outs[i];
		if (!strcmp(outs[i], "-")) {
			/* standard output: never an input file, but only once */
			for (size_t k = 0; k < i; k++) {
				if (outs[k] && !strcmp(outs[k], "-")) {
					error_set(err, 0, 0,
						  "%s and %s both name standard "
						  "output (-); give one a file",
						  opts && opts[k] ? opts[k] : "output", opt);
					goto out;
				}
			}
			continue;
		}
		if (ident_of(outs[i], &id[i])) {
			error_set(err, 0, 0, "out of memory");
			goto out;
		}
		for (size_t k = 0; k < nin; k++) {
			if (!ins[k] || !strcmp(ins[k], "-"))
				continue;
			if (ident_of(ins[k], &in)) {
				error_set(err, 0, 0, "out of memory");
				goto out;
			}

			bool hit = same(&id[i], &in) && !in.chr;

			free(in.norm);
			if (hit) {
				error_set(err, 0, 0,
					  "%s would overwrite the input %s; write it "
					  "to another file",
					  opt, ins[k]);
				goto out;
			}
		}
		for (size_t k = 0; k < i; k++) {
			/* /dev/null (any character device) may take them all */
			if (outs[k] && strcmp(outs[k], "-") && same(&id[i], &id[k]) && !id[i].chr) {
				error_set(err, 0, 0,
					  "%s and %s name the same file; give each "
					  "its own",
					  opts && opts[k] ? opts[k] : "output", opt);
				goto out;
			}
		}
	}
	ret = 0;
out:
	for (size_t i = 0; i < nout; i++)
		free(id[i].norm);
	free(id);
	return ret;
}

/* ---- writing ------------------------------------------------------------- */

static int fail(struct ofile *of, struct sim_error *err, int e)
{
	err->file = of->path;
	error_set(err, 0, 0, "cannot write: %s", strerror(e));
	return -1;
}

/*
 * A device, /dev/stdout, a FIFO: written in place.  A FIFO outside /dev/
 * is refused, as a trace input is: with no reader the open would block the
 * run forever.  The open itself never blocks (O_NONBLOCK, cleared after),
 * and the check is on the open descriptor, so the file cannot change
 * between the two.
 */
static int open_in_place(struct ofile *of, const char *path, struct sim_error *err)
{
	struct stat st;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0666);
	int e;

	if (fd < 0) {
		e = errno;
		if (e != ENXIO || stat(path, &st) || !S_ISFIFO(st.st_mode))
			return fail(of, err, e);
		/* ENXIO: a FIFO no one reads */
	} else if (fstat(fd, &st) || (S_ISFIFO(st.st_mode) && !system_path(path))) {
		close(fd);
	} else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) ||
		   !(of->f = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
		return fail(of, err, e);
	} else {
		return 0;
	}
	err->file = of->path;
	error_set(err, 0, 0,
		  "cannot write: a FIFO, not a file (with no reader it would "
		  "block the run); give a file, or /dev/stdout and a pipe");
	return -1;
}

/*
 * "-": standard output, through a descriptor of its own (committing closes
 * that one, not stdout); what stdout holds so far goes out first.
 */
static int open_stdout(struct ofile *of, struct sim_error *err)
{
	int fd;

	if (fflush(stdout) == EOF)
		return fail(of, err, errno ? errno : EIO);
	fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 0);
	if (fd < 0 || !(of->f = fdopen(fd, "w"))) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		return fail(of, err, e);
	}
	return 0;
}

int ofile_open(struct ofile *of, const char *path, struct sim_error *err)
{
	struct stat st;
	mode_t mode;
	const char *base;
	char *dir;
	sigset_t block, old;
	size_t n;
	int fd, e;

	memset(of, 0, sizeof(*of));
	of->path = path;
	of->slot = -1;
	if (!strcmp(path, "-"))
		return open_stdout(of, err);
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return fail(of, err, EISDIR);
	if (system_path(path) || (!stat(path, &st) && !S_ISREG(st.st_mode)))
		return open_in_place(of, path, err);
	if (!stat(path, &st)) {
		if (access(path, W_OK))
			return fail(of, err, errno); /* a file made read-only stays so */
		of->target = realpath(path, NULL);   /* a link: replace what it names */
		mode = st.st_mode & 07777;
	} else if (errno == ENOENT) {
		mode_t mask = umask(0);

		umask(mask);
		errno = 0;
		of->target = link_end(path); /* a dangling link stays: its file is made */
		mode = 0666 & ~mask;
	} else {
		return fail(of, err, errno);
	}
	if (!of->target)
		return fail(of, err, errno ? errno : ENOMEM);
	dir = dir_of(of->target, &base);
	n = (dir ? strlen(dir) : 0) + strlen(base) + 16;
	of->tmp = dir ? malloc(n) : NULL;
	if (!of->tmp) {
		free(dir);
		free(of->target);
		of->target = NULL;
		return fail(of, err, ENOMEM);
	}
	/* ".NAME.XXXXXX" beside it (a generic name when NAME is too long) */
	snprintf(of->tmp, n, "%s/.%s.XXXXXX", dir, strlen(base) < 200 ? base : "gemsim-out");
	free(dir);
	/* no signal between making the temporary and noting it for removal */
	install();
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof(sig_list) / sizeof(sig_list[0]); i++)
		sigaddset(&block, sig_list[i]);
	sigprocmask(SIG_BLOCK, &block, &old);
	fd = mkstemp(of->tmp);
	if (fd >= 0)
		of->slot = slot_take(of->tmp);
	e = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		free(of->tmp);
		free(of->target);
		of->tmp = of->target = NULL;
		return fail(of, err, e);
	}
	if (fchmod(fd, mode) || !(of->f = fdopen(fd, "w"))) {
		e = errno;
		if (!of->f)
			close(fd);
		ofile_abort(of);
		return fail(of, err, e);
	}
	return 0;
}

int ofile_commit(struct ofile *of, struct sim_error *err)
{
	int e = 0;

	if (!of->f)
		return 0;
	errno = 0;
	if (fflush(of->f) == EOF || ferror(of->f))
		e = errno ? errno : EIO;
	errno = 0;
	if (fclose(of->f) && !e)
		e = errno ? errno : EIO;
	of->f = NULL;
	if (!e && of->tmp && rename(of->tmp, of->target))
		e = errno;
	if (e) {
		ofile_abort(of);
		return fail(of, err, e);
	}
	if (of->tmp)
		slot_drop(of->slot);
	free(of->tmp);
	free(of->target);
	of->tmp = of->target = NULL;
	of->slot = -1;
	return 0;
}

void ofile_abort(struct ofile *of)
{
	if (of->f)
		fclose(of->f);
	of->f = NULL;
	if (of->tmp) {
		unlink(of->tmp);
		slot_drop(of->slot); /* only a temporary holds a slot */
	}
	of->slot = -1;
	free(of->tmp);
	free(of->target);
	of->tmp = of->target = NULL;
}

int ofile_flush_stdout(void)
{
	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout))
		return errno ? errno : EIO;
	return 0;
}
