// SPDX-License-Identifier: MIT
/*
 * cli/cli_plot.c - `gemsim plot TS.csv`: columns of a `run --timeseries`
 * CSV over time, as a line chart for slides (cli/cli_chart.c).
 *
 * The CSV is read whole (at most LOAD_MAX_FILE_BYTES), its first column is
 * the time in ns, every other cell a whole number.  More rows than
 * PLOT_MAX_POINTS are folded into buckets of consecutive rows, each drawn
 * as its minimum and its maximum in time order, so a one-row spike still
 * shows.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "run/load.h"
#include "base/ofile.h"
#include "base/suggest.h"
#include "base/text.h"

#define PLOT_MAX_COLUMNS 16
#define PLOT_MAX_POINTS 2000 /* per line: buckets of 2 points beyond this */

const char cli_usage_plot[] =
	"Usage: gemsim plot TS.csv --columns NAME,NAME,... [--svg OUT.svg] [--title TEXT]\n"
	"\n"
	"Draw columns of a `gemsim run --timeseries` CSV over time: one line per\n"
	"column (colour and dash pattern), time in ms on the x axis, the legend\n"
	"right of the plot.  Long series are folded to 2000 points per line, each\n"
	"fold keeping the minimum and the maximum, so spikes stay visible.\n"
	"\n"
	"Options:\n"
	"  --columns A,B,...  the columns to draw (1 to 16), by their header names\n"
	"                     (default: free_frames,object_pages,swapped_pages)\n"
	"  --svg FILE         where the chart goes (default: standard output);\n"
	"                     never the CSV, replaced only when whole\n"
	"  --title TEXT       the chart's title (default: the CSV's name)\n"
	"  -h, --help         this help\n"
	"\n"
	"Exit code: 0 when the chart is written, 2 on bad input (the CSV's\n"
	"file:line:col, or an unknown column with the nearest names).\n";

struct plot {
	char *text;     /* the CSV, split in place */
	char *head[64]; /* header names */
	size_t nhead;
	size_t want[PLOT_MAX_COLUMNS];
	size_t nwant;
	double *x; /* rows: time in ms */
	double *y; /* rows x nwant, row-major */
	size_t nrows;
};

static int plot_usage(const char *msg, const char *arg)
{
	return cli_usage_msg("plot", msg, arg);
}

/*
 * End the line at @s: its newline, and a carriage return before it (a CSV
 * saved on Windows, as scenarios and traces may be), become NULs.
 * Returns: the newline, or NULL on the last line.
 */
static char *cut_line(char *s)
{
	char *nl = strchr(s, '\n'), *end = nl ? nl : s + strlen(s);

	if (nl)
		*nl = '\0';
	if (end > s && end[-1] == '\r')
		end[-1] = '\0';
	return nl;
}

/* Split the header line at @p into p->head; returns the next line or NULL. */
static char *read_header(struct plot *p, char *s, struct sim_error *err)
{
	char *nl = cut_line(s);

	if (!nl) {
		error_set(err, 1, 1, "no header line: not a --timeseries CSV");
		return NULL;
	}
	for (char *save = NULL, *tok = strtok_r(s, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (p->nhead == sizeof(p->head) / sizeof(p->head[0])) {
			error_set(err, 1, 1, "more than 64 columns");
			return NULL;
		}
		p->head[p->nhead++] = tok;
	}
	if (!p->nhead || strcmp(p->head[0], "time_ns")) {
		error_set(err, 1, 1, "the first column is not time_ns: not a --timeseries CSV");
		return NULL;
	}
	return nl + 1;
}

static int pick_columns(struct plot *p, char *list, const char *file)
{
	for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		size_t k;

		for (k = 1; k < p->nhead && strcmp(p->head[k], tok); k++)
			;
		if (k == p->nhead) {
			char near[1024];
			struct text_clip c;

			suggest_nearest(tok, "columns", (const char *const *)p->head + 1,
					p->nhead - 1, near, sizeof(near));
			fprintf(stderr, "gemsim: plot: %s has no column \"%s\" (%s)\n", file,
				text_clip(&c, tok), near);
			return -1;
		}
		if (p->nwant == PLOT_MAX_COLUMNS) {
			fprintf(stderr, "gemsim: plot: at most %d columns\n", PLOT_MAX_COLUMNS);
			return -1;
		}
		p->want[p->nwant++] = k;
	}
	if (!p->nwant) {
		fputs("gemsim: plot: --columns names no column\n", stderr);
		return -1;
	}
	return 0;
}

/* The rows from @s on: every cell a whole number, as many as the header. */
static int read_rows(struct plot *p, char *s, struct sim_error *err)
{
	size_t cap = 0;
	unsigned line = 1;
	uint64_t *cells = calloc(p->nhead, sizeof(*cells));

	if (!cells) {
		error_set(err, 0, 0, "out of memory");
		return -1;
	}
	while (*s) {
		char *nl = cut_line(s), *c = s;
		size_t k = 0;

		line++;
		while (k < p->nhead) {
			char *end;

			errno = 0;
			if (*c < '0' || *c > '9' || (cells[k] = strtoull(c, &end, 10), errno) ||
			    (*end != ',' && *end)) {
				error_set(err, line, (unsigned)(c - s) + 1,
					  "%s: not a whole number", p->head[k]);
				free(cells);
				return -1;
			}
			k++;
			c = end + (*end == ',');
			if (!*end)
				break;
		}
		if (k != p->nhead || *c) {
			error_set(err, line, (unsigned)(c - s) + 1, "%zu cells, the header has %zu",
				  k + (*c != '\0'), p->nhead);
			free(cells);
			return -1;
		}
		if (p->nrows == cap) {
			size_t ncap = cap ? cap * 2 : 1024;
			double *nx = realloc(p->x, ncap * sizeof(*nx));
			double *ny = nx ? realloc(p->y, ncap * p->nwant * sizeof(*ny)) : NULL;

			if (nx)
				p->x = nx;
			if (!ny) {
				error_set(err, 0, 0, "out of memory");
				free(cells);
				return -1;
			}
			p->y = ny;
			cap = ncap;
		}
		p->x[p->nrows] = (double)cells[0] / 1e6;
		for (size_t w = 0; w < p->nwant; w++)
			p->y[p->nrows * p->nwant + w] = (double)cells[p->want[w]];
		p->nrows++;
		if (!nl)
			break;
		s = nl + 1;
	}
	free(cells);
	if (!p->nrows) {
		error_set(err, 2, 1, "no rows under the header");
		return -1;
	}
	return 0;
}

/*
 * Column @w as at most PLOT_MAX_POINTS points into @x, @y: every row, or
 * per bucket of rows its minimum and maximum, in time order.
 */
static size_t fold(const struct plot *p, size_t w, double *x, double *y)
{
	size_t per = (p->nrows + PLOT_MAX_POINTS / 2 - 1) / (PLOT_MAX_POINTS / 2), n = 0;

	if (p->nrows <= PLOT_MAX_POINTS) {
		for (size_t r = 0; r < p->nrows; r++) {
			x[n] = p->x[r];
			y[n++] = p->y[r * p->nwant + w];
		}
		return n;
	}
	for (size_t r0 = 0; r0 < p->nrows; r0 += per) {
		size_t lo = r0, hi = r0, end = r0 + per < p->nrows ? r0 + per : p->nrows;

		for (size_t r = r0; r < end; r++) {
			if (p->y[r * p->nwant + w] < p->y[lo * p->nwant + w])
				lo = r;
			if (p->y[r * p->nwant + w] > p->y[hi * p->nwant + w])
				hi = r;
		}
		if (lo > hi) {
			size_t t = lo;

			lo = hi;
			hi = t;
		}
		x[n] = p->x[lo];
		y[n++] = p->y[lo * p->nwant + w];
		if (hi != lo) {
			x[n] = p->x[hi];
			y[n++] = p->y[hi * p->nwant + w];
		}
	}
	return n;
}

static int draw(FILE *f, const struct plot *p, const char *file, const char *title)
{
	double *xs = calloc(p->nwant * PLOT_MAX_POINTS, sizeof(*xs));
	double *ys = calloc(p->nwant * PLOT_MAX_POINTS, sizeof(*ys));
	struct cli_series *s = calloc(p->nwant, sizeof(*s));
	char sub[SIM_ERROR_MSG];

	if (!xs || !ys || !s) {
		free(xs);
		free(ys);
		free(s);
		return -1;
	}
	for (size_t w = 0; w < p->nwant; w++) {
		double *x = xs + w * PLOT_MAX_POINTS, *y = ys + w * PLOT_MAX_POINTS;

		s[w] = (struct cli_series){
			p->head[p->want[w]], x, y, NULL, NULL, fold(p, w, x, y)
		};
	}
	snprintf(sub, sizeof(sub), "%.300s: %zu rows%s", file, p->nrows,
		 p->nrows > PLOT_MAX_POINTS ? ", folded to min and max per bucket" : "");
	cli_line_chart(f, &(struct cli_line_chart){ title, sub, "time (ms)",
						    "value (pages, or as the column says)", s,
						    p->nwant, NULL, 0, false });
	free(xs);
	free(ys);
	free(s);
	return 0;
}

/* plot's command line. */
struct plot_args {
	const char *file, *svg, *title, *columns;
};

static int plot_operand(void *ctx, int id, const char *v, struct opt_parser *p)
{
	struct plot_args *a = ctx;

	(void)id;
	(void)p;
	if (a->file)
		return plot_usage("one CSV at a time; extra:", v);
	a->file = v;
	return 0;
}

/* Parse plot's arguments.  Returns: false, or true to stop with *@code. */
static bool plot_parse(struct plot_args *a, int argc, char **argv, int *code)
{
	const struct opt opts[] = {
		CLI_OPT_HELP_ENTRY,
		{ "--columns", NULL, "A,B,...", "the columns to draw", .str = &a->columns },
		{ "--svg", NULL, "FILE", "where the chart goes", .str = &a->svg },
		{ "--title", NULL, "TEXT", "the chart's title", .str = &a->title },
	};

	if (cli_parse("plot", cli_usage_plot, opts, CLI_NOPTS(opts), plot_operand, a, argc, argv,
		      code))
		return true;
	if (!a->file) {
		*code = plot_usage("no CSV file given", NULL);
		return true;
	}
	return false;
}

int cli_plot(int argc, char **argv)
{
	struct plot p = { 0 };
	struct plot_args a = { .columns = "free_frames,object_pages,swapped_pages" };
	const char *file, *svg, *title;
	char *cols = NULL;
	struct ofile of = { .slot = -1 };
	struct sim_error err = { 0 };
	size_t len;
	char *rows;
	int code = CLI_EXIT_USAGE;

	if (plot_parse(&a, argc, argv, &code))
		return code;
	code = CLI_EXIT_USAGE;
	file = a.file;
	svg = a.svg;
	title = a.title;
	cols = strdup(a.columns);
	p.text = load_read_file(file, &len, &err);
	if (!cols || !p.text)
		goto fail;
	if (strlen(p.text) != len) {
		error_set(&err, 0, 0, "has a NUL byte: not a --timeseries CSV");
		goto fail;
	}
	rows = read_header(&p, p.text, &err);
	if (!rows)
		goto fail;
	if (pick_columns(&p, cols, file))
		goto out;
	if (read_rows(&p, rows, &err))
		goto fail;
	{
		const char *ins[1] = { file }, *outs[1] = { svg };
		static const char *const opts[1] = { "--svg" };

		if (svg && (ofile_check(ins, 1, outs, opts, 1, &err) || ofile_open(&of, svg, &err)))
			goto fail;
	}
	if (draw(svg ? of.f : stdout, &p, file, title ? title : file)) {
		err.file = svg;
		error_set(&err, 0, 0, "out of memory drawing the chart");
		goto fail;
	}
	if (svg && ofile_commit(&of, &err))
		goto fail;
	code = 0;
	goto out;
fail:
	if (!err.file)
		err.file = file;
	cli_print_error("gemsim: plot: ", &err);
out:
	ofile_abort(&of);
	free(cols);
	free(p.text);
	free(p.x);
	free(p.y);
	return code;
}
