// SPDX-License-Identifier: MIT
/*
 * cli/cli_batch.c - what sweep, compare, mrc and report share: --seeds
 * lists, the batch of runs in forked children, and the metrics a run's
 * struct cli_result can be asked for.
 *
 * cli_run_batch() forks one child per run, at most -j at once; each loads
 * and runs its scenario and sends its struct cli_result back through a
 * pipe, and the results land in run order whatever finished first.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "base/ofile.h"
#include "base/stats.h"
#include "base/suggest.h"
#include "base/units.h"

bool cli_split_jobs(const char **a, const char **val)
{
	if (strncmp(*a, "-j", 2) || !(*a)[2])
		return false;
	*val = *a + 2;
	*a = "-j";
	return true;
}

int cli_parse_jobs(const char *val, long *jobs)
{
	char *end;
	long n = strtol(val, &end, 10);

	if (!*val || *end || n < 1 || n > 1024)
		return -1;
	*jobs = n;
	return 0;
}

const char *cli_seeds_why(int ret)
{
	return ret == -2 ? "--seeds names more than 100000 runs (the limit):" :
			   "--seeds needs A..B or a list such as 1,2,3:";
}

int cli_parse_seeds(const char *arg, uint64_t **seeds, size_t *nseeds)
{
	const char *dots = strstr(arg, "..");

	if (dots) {
		char first[32];
		uint64_t a, b;

		if ((size_t)(dots - arg) >= sizeof(first))
			return -1;
		memcpy(first, arg, (size_t)(dots - arg));
		first[dots - arg] = '\0';
		if (units_count_str(first, UNITS_NUM_MAX, &a) ||
		    units_count_str(dots + 2, UNITS_NUM_MAX, &b) || b < a)
			return -1;
		if (b - a >= CLI_MAX_RUNS)
			return -2;
		*nseeds = (size_t)(b - a + 1);
		*seeds = calloc(*nseeds, sizeof(**seeds));
		if (!*seeds)
			return -1;
		for (size_t i = 0; i < *nseeds; i++)
			(*seeds)[i] = a + i;
		return 0;
	}

	size_t n = 1;

	for (const char *p = arg; *p; p++)
		n += *p == ',';
	if (n > CLI_MAX_RUNS)
		return -2;
	*seeds = calloc(n, sizeof(**seeds));
	if (!*seeds)
		return -1;
	*nseeds = 0;
	for (const char *p = arg;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char one[32];

		if (len >= sizeof(one))
			return -1;
		memcpy(one, p, len);
		one[len] = '\0';
		if (units_count_str(one, UNITS_NUM_MAX, &(*seeds)[(*nseeds)++]))
			return -1;
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

/* Value index of vary @k in run @run (seeds vary fastest). */
/* In a child: run @run and write its result to @fd, then exit. */
static void run_child(const struct cli_batch *b, size_t run, int fd)
{
	struct cli_result *r = calloc(1, sizeof(*r));
	const char *p;
	size_t left;

	if (!r)
		_exit(3);
	b->run(b->ctx, run, r);
	p = (const char *)r;
	left = sizeof(*r);
	while (left) {
		ssize_t w = write(fd, p, left);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(3);
		p += w;
		left -= (size_t)w;
	}
	_exit(0);
}

static void progress(size_t done, size_t total, bool show)
{
	if (!show)
		return;

	int width = 40, fill = (int)(done * (size_t)width / (total ? total : 1));

	fprintf(stderr, "\r[%.*s%*s] %zu/%zu", fill, "########################################",
		width - fill, "", done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

struct slot {
	pid_t pid;
	int fd;
	size_t run;
	size_t got;
};

/*
 * The running children, for the signal handler: a SIGTERM or SIGINT to the
 * sweep takes its children with it (base/ofile.c calls this, then removes
 * the temporary CSV and chart, then lets the signal kill us).
 */
static volatile pid_t child_pid[1024];

static void kill_children(void)
{
	for (size_t i = 0; i < sizeof(child_pid) / sizeof(child_pid[0]); i++)
		if (child_pid[i] > 0)
			kill(child_pid[i], SIGTERM);
}

/* A batch under way: its children's slots and how far it got. */
struct batch {
	struct cli_batch *b;
	struct slot *slots;
	unsigned jobs, active;
	size_t next, done;
	pid_t parent;
	bool stop, show;
};

/* Fork the child of the next run into a free slot.  Returns: 0, or -1 with errno. */
static int batch_spawn(struct batch *bt)
{
	int p[2];
	pid_t pid;
	unsigned i;

	for (i = 0; bt->slots[i].pid; i++)
		;
	if (pipe(p))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* the parent's temporaries and handlers are not ours; die with the
		 * parent, whatever kills it */
		ofile_child();
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != bt->parent)
			_exit(3);
		close(p[0]);
		run_child(bt->b, bt->next, p[1]);
	}
	close(p[1]);
	child_pid[i] = pid;
	bt->slots[i] = (struct slot){ pid, p[0], bt->next, 0 };
	bt->next++;
	bt->active++;
	return 0;
}

/*
 * Child @pid ended with @status: read its result (a child that died or
 * sent less is a failed run), free its slot, and stop the batch when the
 * run could not load its scenario.
 */
static void batch_reap(struct batch *bt, pid_t pid, int status)
{
	struct cli_batch *b = bt->b;

	for (unsigned i = 0; i < bt->jobs; i++) {
		struct slot *sl = &bt->slots[i];
		char *dst = (char *)&b->res[sl->run];

		if (sl->pid != pid)
			continue;
		while (sl->got < sizeof(struct cli_result)) {
			ssize_t r =
				read(sl->fd, dst + sl->got, sizeof(struct cli_result) - sl->got);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			sl->got += (size_t)r;
		}
		close(sl->fd);
		if (sl->got != sizeof(struct cli_result) || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			b->res[sl->run].code = CLI_EXIT_USAGE;
			snprintf(b->res[sl->run].error, sizeof(b->res[0].error),
				 "run %zu died (%s %d)", sl->run,
				 WIFSIGNALED(status) ? "signal" : "status",
				 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
		}
		sl->pid = 0;
		child_pid[i] = 0;
		bt->active--;
		bt->done++;
		progress(bt->done, b->nruns, bt->show);
		if (!bt->stop && b->res[sl->run].code == CLI_EXIT_USAGE) {
			/* a run that cannot load its scenario stops the sweep now: the
			 * others would fail the same way, or be thrown away */
			bt->stop = true;
			b->stopped_by = sl->run;
			for (unsigned k = 0; k < bt->jobs; k++)
				if (bt->slots[k].pid)
					kill(bt->slots[k].pid, SIGTERM);
		}
	}
}

int cli_run_batch(struct cli_batch *b, unsigned jobs, bool show)
{
	struct batch bt = { .b = b,
			    .slots = calloc(jobs, sizeof(struct slot)),
			    .jobs = jobs,
			    .parent = getpid(),
			    .show = show };
	int ret = -1;

	if (!bt.slots)
		return -1;
	b->stopped_by = SIZE_MAX;
	ofile_on_signal(kill_children);
	fflush(NULL);
	progress(0, b->nruns, show);
	while (bt.active || (!bt.stop && bt.done < b->nruns)) {
		int status;
		pid_t pid;

		while (!bt.stop && bt.active < jobs && bt.next < b->nruns)
			if (batch_spawn(&bt))
				goto out;
		/* Read whichever child has data; results are small, so a child
		 * never blocks on a full pipe before its parent reads. */
		pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		batch_reap(&bt, pid, status);
	}
	if (show && bt.stop)
		fputc('\n', stderr);
	ret = 0;
out:
	ofile_on_signal(NULL);
	free(bt.slots);
	return ret;
}

/* ---- metrics ------------------------------------------------------------- */

int cli_metric(const struct cli_result *r, const char *name, uint64_t *out)
{
	static const struct {
		const char *name;
		size_t off;
	} top[] = {
		{ "violations", offsetof(struct cli_result, violations) },
		{ "warnings", offsetof(struct cli_result, warnings) },
		{ "expectations_failed", offsetof(struct cli_result, failed) },
		{ "error_results", offsetof(struct cli_result, errors) },
		{ "events", offsetof(struct cli_result, events) },
		{ "end_time_ns", offsetof(struct cli_result, end) },
	};
	const char *n = strncmp(name, "stats.", 6) ? name : name + 6;
	const struct stats_desc *d = stats_find(n);

	if (!strncmp(n, "violations.", 11)) {
		/* one invariant's count: violations.11 */
		char *end;
		unsigned long inv = strtoul(n + 11, &end, 10);

		if (n[11] < '1' || n[11] > '9' || *end || inv >= CLI_INVARIANTS)
			return -1;
		*out = r->violations_by_inv[inv];
		return 0;
	}

	if (d) {
		*out = sim_stat_get(&r->stats, d);
		return 0;
	}
	for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++) {
		if (!strcmp(n, top[i].name)) {
			*out = *(const uint64_t *)(const void *)((const char *)r + top[i].off);
			return 0;
		}
	}
	for (int l = 0; l < SIM_LAT_COUNT; l++) {
		size_t len = strlen(sim_lat_names[l]);

		if (strncmp(n, sim_lat_names[l], len) || n[len] != '_')
			continue;
		for (int k = 0; k < CLI_LAT_FIELDS; k++) {
			if (!strcmp(n + len + 1, cli_lat_fields[k])) {
				*out = r->lat[l][k];
				return 0;
			}
		}
	}
	return -1;
}

void cli_metric_near(const char *name, char *near, size_t len)
{
	static const char *const top[] = { "violations",    "warnings", "expectations_failed",
					   "error_results", "events",   "end_time_ns" };
	size_t n = sizeof(top) / sizeof(top[0]) + sim_stat_count + SIM_LAT_COUNT * CLI_LAT_FIELDS,
	       k = 0;
	const char **names = calloc(n, sizeof(*names));
	char(*lat)[64] = calloc(SIM_LAT_COUNT * CLI_LAT_FIELDS, sizeof(*lat));

	if (names && lat) {
		for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++)
			names[k++] = top[i];
		for (size_t i = 0; i < sim_stat_count; i++)
			names[k++] = sim_stat_descs[i].name;
		for (int l = 0; l < SIM_LAT_COUNT; l++)
			for (int f = 0; f < CLI_LAT_FIELDS; f++) {
				char *b = lat[l * CLI_LAT_FIELDS + f];

				snprintf(b, sizeof(lat[0]), "%s_%s", sim_lat_names[l],
					 cli_lat_fields[f]);
				names[k++] = b;
			}
		suggest_nearest(name, "metrics", names, k, near, len);
	} else {
		snprintf(near, len, "see `gemsim help sweep`");
	}
	free(names);
	free(lat);
}

/* Colour-blind-safe palette (Okabe-Ito). */
const char *const cli_colours[CLI_COLOURS] = { "#0072B2", "#E69F00", "#009E73", "#CC79A7",
					       "#56B4E9", "#D55E00", "#F0E442", "#000000" };

double cli_nice_max(double v)
{
	double p = 1;

	if (v <= 0)
		return 1;
	while (p * 10 <= v)
		p *= 10;
	while (p > v)
		p /= 10;
	if (v <= p)
		return p;
	if (v <= 2 * p)
		return 2 * p;
	if (v <= 5 * p)
		return 5 * p;
	return 10 * p;
}
