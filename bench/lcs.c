// SPDX-License-Identifier: MIT
/*
 * bench/lcs.c - the side by side of docs/performance.md: gemsim's trace replay against
 * libCacheSim (github.com/1a1a11a/libCacheSim) on one machine, the same
 * trace, the same cache size.
 *
 * The trace: a zipf(1.0) stream of ids, written once per size into $TMPDIR
 * as an `ids` text file and as libCacheSim's oracleGeneral binary records
 * (libCacheSim/traceReader/generalReader/oracleGeneral: u32 clock time,
 * u64 id, u32 size, i64 next access time).
 *
 * libCacheSim's side: its `cachesim` program, run as a child (fork and
 * exec, no shell) with `TRACE oracleGeneral LRU SIZE --ignore-obj-size=true`;
 * its result line (libCacheSim/bin/cachesim/sim.c, simulate()) gives the
 * miss ratio and the throughput, timed from its first request to its last,
 * the trace reader included, as gemsim's run time includes its reader.
 * Nothing here fails the bench: a cachesim that is missing, fails or prints
 * something else is reported and the bench goes on.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/lcs.h"

/* ---- the trace ---------------------------------------------------------- */

void lcs_trace_path(uint64_t objs, uint64_t events, bool oracle, char *out, size_t len)
{
	const char *dir = getenv("TMPDIR");

	snprintf(out, len, "%s/gemsim-bench-zipf-%" PRIu64 "-%" PRIu64 ".%s",
		 dir && *dir ? dir : "/tmp", objs, events, oracle ? "oracleGeneral" : "ids");
}

static void put_le(FILE *f, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		putc((int)(v >> (8 * i) & 0xff), f);
}

void lcs_make_trace(uint64_t objs, uint64_t events, bool oracle, const char *path)
{
	char tmp[600];
	double *cdf;
	uint64_t x = 15;
	FILE *f;

	if (access(path, R_OK) == 0)
		return;
	snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid());
	cdf = malloc(objs * sizeof(*cdf));
	f = fopen(tmp, "w");
	if (!cdf || !f) {
		fprintf(stderr, "gemsim-bench: cannot write %s\n", tmp);
		exit(2);
	}
	for (uint64_t k = 0; k < objs; k++)
		cdf[k] = (k ? cdf[k - 1] : 0) + 1.0 / (double)(k + 1);
	for (uint64_t t = 0; t < events; t++) {
		double u;
		uint64_t lo = 0, hi = objs - 1;

		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		u = (double)((x * 0x2545f4914f6cdd1dull) >> 11) * 0x1p-53 * cdf[objs - 1];
		while (lo < hi) {
			uint64_t mid = (lo + hi) / 2;

			if (cdf[mid] < u)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (oracle) {
			put_le(f, t / 1000, 4);
			put_le(f, lo, 8);
			put_le(f, 4096, 4);
			put_le(f, UINT64_MAX, 8); /* next_access_vtime -1: not computed */
		} else {
			fprintf(f, "%" PRIu64 "\n", lo);
		}
	}
	free(cdf);
	if (fclose(f) || rename(tmp, path)) {
		fprintf(stderr, "gemsim-bench: cannot write %s\n", path);
		exit(2);
	}
}

/* ---- cachesim's output -------------------------------------------------- */

int lcs_parse(const char *text, struct lcs_line *out)
{
	static const char key[] = " cache size ";
	const char *p = text;
	int found = -1;

	while ((p = strstr(p, key))) {
		struct lcs_line l;
		int end = 0;

		p += sizeof(key) - 1;
		if (sscanf(p, "%" SCNu64 ", %" SCNu64 " req, miss ratio %lf, throughput %lf MQPS%n",
			   &l.cache_size, &l.req, &l.miss_ratio, &l.mqps, &end) == 4 &&
		    end > 0 && l.req > 0 && l.miss_ratio >= 0 && l.miss_ratio <= 1 &&
		    isfinite(l.mqps) && l.mqps > 0) {
			*out = l;
			found = 0;
		}
	}
	return found;
}

/* The last line of @text with something in it, control characters (the
 * colour escapes of libCacheSim's log lines) dropped, cut to fit @out. */
static void last_line(const char *text, char *out, size_t len)
{
	const char *e = text + strlen(text), *s;
	size_t n = 0;

	while (e > text && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' '))
		e--;
	for (s = e; s > text && s[-1] != '\n'; s--)
		;
	for (; s < e && n + 1 < len; s++) {
		if (*s == '\033') {
			while (s + 1 < e && !(s[1] >= '@' && s[1] <= '~' && s[1] != '['))
				s++;
			s++;
		} else if ((unsigned char)*s >= ' ') {
			out[n++] = *s;
		}
	}
	out[n] = '\0';
	if (!n)
		snprintf(out, len, "(no output)");
}

/* ---- running it --------------------------------------------------------- */

#define OUT_MAX (64 * 1024)

/*
 * How long a cachesim run may take before the bench gives up on it (it
 * takes seconds on the bench's traces): $GEMSIM_BENCH_LCS_TIMEOUT seconds,
 * else 300.
 */
static double lcs_timeout_s(void)
{
	const char *e = getenv("GEMSIM_BENCH_LCS_TIMEOUT");
	double t = e && *e ? strtod(e, NULL) : 0;

	return t > 0 ? t : 300;
}

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/*
 * Read @fd to its end into @out, keeping the last half when it fills up.
 * Returns: false when @timeout seconds passed first (the rest unread).
 */
static bool read_all(int fd, char *out, double timeout)
{
	double end = mono_s() + timeout;
	size_t len = 0;
	bool ok = true;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		double left = end - mono_s();
		ssize_t got;

		if (len == OUT_MAX - 1) {
			memmove(out, out + OUT_MAX / 2, len - OUT_MAX / 2);
			len -= OUT_MAX / 2;
		}
		if (left <= 0) {
			ok = false;
			break;
		}
		got = poll(&p, 1, left > 1000 ? 1000000 : (int)(left * 1000) + 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got == 0)
			continue;
		got = read(fd, out + len, OUT_MAX - 1 - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += (size_t)got;
	}
	out[len] = '\0';
	return ok;
}

/* Empty and remove the scratch directory cachesim ran in. */
static void remove_scratch(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				unlinkat(dirfd(d), e->d_name, 0);
		closedir(d);
	}
	rmdir(dir);
}

/* The child: stdin from /dev/null, stdout and stderr into the pipe, in @dir. */
static void exec_child(int fd, const char *dir, char **argv)
{
	int null = open("/dev/null", O_RDONLY);

	setpgid(0, 0); /* its own group: a timeout kills whatever it started too */
	if (null >= 0)
		dup2(null, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (chdir(dir))
		dprintf(2, "cannot enter %s: %s\n", dir, strerror(errno));
	else
		execv(argv[0], argv);
	dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Run @argv in a fresh scratch directory; its output into @out.
 * Returns: the wait status, or -1 (with @why set) when it could not start
 * or did not finish in lcs_timeout_s() (then it is killed). */
static int run_child(char **argv, char *out, char *why, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	char dir[512];
	int fd[2], st = -1;
	pid_t pid;

	snprintf(dir, sizeof(dir), "%s/gemsim-bench-lcs-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		snprintf(why, len, "cannot make a scratch directory %s: %s", dir, strerror(errno));
		return -1;
	}
	if (pipe(fd)) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		rmdir(dir);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		snprintf(why, len, "fork: %s", strerror(errno));
		close(fd[0]);
		close(fd[1]);
		rmdir(dir);
		return -1;
	}
	if (pid == 0) {
		close(fd[0]);
		exec_child(fd[1], dir, argv);
	}
	close(fd[1]);
	bool done = read_all(fd[0], out, lcs_timeout_s());

	if (!done) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		snprintf(why, len, "%s did not finish in %.0f s (GEMSIM_BENCH_LCS_TIMEOUT); killed",
			 argv[0], lcs_timeout_s());
	}
	close(fd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	remove_scratch(dir);
	return done ? st : -1;
}

void lcs_measure(struct lcs_runs *l, const char *trace, uint64_t cache_size)
{
	char bin[PATH_MAX], path[PATH_MAX], size[32], msg[160];
	char fmt[] = "oracleGeneral", algo[] = "LRU", opt[] = "--ignore-obj-size=true";
	char *argv[] = { bin, path, fmt, algo, size, opt, NULL };
	static char out[OUT_MAX];
	struct lcs_line line;
	int st;

	if (!l->bin || l->why[0] || l->n >= LCS_MAX_RUNS)
		return;
	if (access(l->bin, X_OK)) {
		snprintf(l->why, sizeof(l->why), "%s: %s", l->bin, strerror(errno));
		return;
	}
	/* absolute: the child runs in its scratch directory */
	if (!realpath(l->bin, bin) || !realpath(trace, path)) {
		snprintf(l->why, sizeof(l->why), "%s or %s: %s", l->bin, trace, strerror(errno));
		return;
	}
	snprintf(size, sizeof(size), "%" PRIu64, cache_size);
	st = run_child(argv, out, l->why, sizeof(l->why));
	if (st == -1)
		return;
	last_line(out, msg, sizeof(msg));
	if (WIFSIGNALED(st))
		snprintf(l->why, sizeof(l->why), "%s was killed by signal %d; its last line: %s",
			 l->bin, WTERMSIG(st), msg);
	else if (!WIFEXITED(st) || WEXITSTATUS(st))
		snprintf(l->why, sizeof(l->why), "%s exited %d; its last line: %s", l->bin,
			 WIFEXITED(st) ? WEXITSTATUS(st) : -1, msg);
	else if (lcs_parse(out, &line))
		snprintf(l->why, sizeof(l->why),
			 "%s printed no result line of the shape "
			 "\"... cache size N, N req, miss ratio R, throughput T MQPS\"; its last "
			 "line: %s",
			 l->bin, msg);
	else {
		l->mqps[l->n++] = line.mqps;
		l->last = line;
	}
}

/* ---- what the bench prints ---------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double lcs_median(double *t, int n)
{
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* cachesim's best and median MQPS. */
static void lcs_figures(struct lcs_runs *l, double *best, double *med)
{
	*med = lcs_median(l->mqps, l->n);
	*best = l->mqps[l->n - 1];
}

void lcs_report(struct lcs_runs *l, const struct lcs_gemsim *g)
{
	char ours[16], theirs[16];
	double best, med;

	if (!l->bin) {
		printf("  %9s libCacheSim: not measured; to run its cachesim on this trace, "
		       "side by side: --libcachesim PATH (or LIBCACHESIM=PATH), a cachesim that "
		       "tools/libcachesim.sh builds (make bench-lcs does both)\n",
		       "");
		return;
	}
	if (l->why[0])
		printf("  %9s libCacheSim: not measured: %s\n", "", l->why);
	if (!l->n)
		return;
	lcs_figures(l, &best, &med);
	printf("  %9s libCacheSim measured%s: %.2f MQPS, miss ratio %.4f; gemsim %.2f M "
	       "requests/s = %.2fx",
	       "", g->twin ? " (on the oracleGeneral twin of this trace)" : "", best,
	       l->last.miss_ratio, g->best_rps / 1e6, g->best_rps / 1e6 / best);
	if (g->n > 1 || l->n > 1) {
		if (l->n == g->n)
			printf(" (best of %d runs each, alternating)\n", g->n);
		else
			printf(" (best of %d libCacheSim runs and %d gemsim runs, alternating)\n",
			       l->n, g->n);
		printf("  %9s medians: libCacheSim %.2f MQPS; gemsim %.2f M requests/s = %.2fx\n",
		       "", med, g->med_rps / 1e6, g->med_rps / 1e6 / med);
	} else {
		printf("\n");
	}
	snprintf(ours, sizeof(ours), "%.4f", (double)g->misses / (double)g->requests);
	snprintf(theirs, sizeof(theirs), "%.4f", l->last.miss_ratio);
	if (strcmp(ours, theirs) || l->last.req != g->requests || l->last.cache_size != g->cache)
		printf("  %9s MISMATCH: libCacheSim's miss ratio %s over %" PRIu64 " requests in "
		       "%" PRIu64 " entries, gemsim's %s (cpu_faults / requests) over %" PRIu64
		       " in %" PRIu64 " pages: not the same trace, size or LRU\n",
		       "", theirs, l->last.req, l->last.cache_size, ours, g->requests, g->cache);
}

void lcs_target(struct lcs_runs *l, const struct lcs_gemsim *g)
{
	double best, med;

	printf("  %9s target >= 1x libCacheSim's throughput: ", "");
	if (!l->n) {
		printf("not measured (see the libCacheSim line above)\n");
		return;
	}
	lcs_figures(l, &best, &med);
	printf("best %.2fx %s", g->best_rps / 1e6 / best,
	       g->best_rps / 1e6 >= best ? "holds" : "misses");
	if (g->n > 1 || l->n > 1)
		printf(", median %.2fx %s", g->med_rps / 1e6 / med,
		       g->med_rps / 1e6 >= med ? "holds" : "misses");
	printf("\n");
}

/* cachesim's time for its @l runs' best throughput on @req requests; 0: no figure. */
static double lcs_best_s(const struct lcs_runs *l, uint64_t req)
{
	double best = 0;

	for (int i = 0; i < l->n; i++)
		best = l->mqps[i] > best ? l->mqps[i] : best;
	return best > 0 ? (double)req / (best * 1e6) : 0;
}

/* @n requests in @s seconds as millions per second, or why not. */
static void mrate(double n, double s, char *out, size_t len)
{
	if (s > 0)
		snprintf(out, len, "%.2fM", n / s / 1e6);
	else
		snprintf(out, len, "(not measurable)");
}

void lcs_steady_report(const struct lcs_steady *st)
{
	uint64_t dn = st->n[0] - st->n[1];
	double d[2], dl;
	char a[24], b[24];

	for (int chk = 0; chk < 2; chk++)
		d[chk] = st->t[chk][0] && st->t[chk][1] ? st->t[chk][0] - st->t[chk][1] : 0;
	mrate((double)dn, d[0], a, sizeof(a));
	mrate((double)dn, d[1], b, sizeof(b));
	printf("  %9s steady state, requests %" PRIu64 "..%" PRIu64 " (the difference of two "
	       "runs, best of %d): gemsim --no-check %s requests/s, checked %s",
	       "", st->n[1], st->n[0], st->repeat, a, b);
	mrate((double)st->n[0], st->t[0][0], a, sizeof(a));
	mrate((double)st->n[0], st->t[1][0], b, sizeof(b));
	printf("; whole run %s and %s\n", a, b);
	dl = lcs_best_s(&st->l[0], st->n[0]) - lcs_best_s(&st->l[1], st->n[1]);
	if (!st->l[0].n || !st->l[1].n || dl <= 0 || d[0] <= 0 || d[1] <= 0) {
		printf("  %9s steady state against libCacheSim: not measured (%s)\n", "",
		       st->l[0].bin ? "no figure from cachesim on both lengths, or no difference" :
				      "--libcachesim PATH");
		return;
	}
	mrate((double)dn, dl, a, sizeof(a));
	printf("  %9s steady state against libCacheSim (%s requests/s): gemsim --no-check %.2fx "
	       "(target >= 1.5x), checked %.2fx (target >= 1x); whole run %.2fx and %.2fx\n",
	       "", a, dl / d[0], dl / d[1], lcs_best_s(&st->l[0], st->n[0]) / st->t[0][0],
	       lcs_best_s(&st->l[0], st->n[0]) / st->t[1][0]);
}
