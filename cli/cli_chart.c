// SPDX-License-Identifier: MIT
/*
 * cli/cli_chart.c - the line chart of `gemsim mrc` and `gemsim plot`: one
 * SVG for slides, one line per series (colour and dash pattern, so it
 * survives a black-and-white printer), an optional shaded band, axis
 * titles with units, and the legend right of the plot where it can never
 * cover a line.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "base/text.h"

static const char *const dashes[] = { "", "10 5", "3 4", "12 4 3 4" };

static void dash_attr(FILE *f, size_t i)
{
	if (dashes[i % 4][0])
		fprintf(f, " stroke-dasharray=\"%s\"", dashes[i % 4]);
}

#define LC_W 960
#define LC_H 540
#define LC_L 110
#define LC_R 190
#define LC_T 70
#define LC_B 80

/* The plot's scales: x from xmin to xmax, y from 0 to top. */
struct lc_scale {
	double pw, ph, top, xmin, xmax;
};

static double lc_x(const struct lc_scale *sc, double v)
{
	return LC_L + sc->pw * (v - sc->xmin) / (sc->xmax - sc->xmin);
}

static double lc_y(const struct lc_scale *sc, double v)
{
	return LC_H - LC_B - sc->ph * (v < 0 ? 0 : v) / sc->top;
}

/* The scales that hold every point of @c (and its bands). */
static void lc_range(const struct cli_line_chart *c, struct lc_scale *sc)
{
	bool first = true;

	*sc = (struct lc_scale){ .pw = LC_W - LC_L - LC_R, .ph = LC_H - LC_T - LC_B };
	for (size_t k = 0; k < c->ns; k++) {
		const struct cli_series *s = &c->s[k];

		for (size_t i = 0; i < s->n; i++) {
			double hi = s->hi ? s->hi[i] : s->y[i];

			if (hi > sc->top)
				sc->top = hi;
			if (first || s->x[i] < sc->xmin)
				sc->xmin = s->x[i];
			if (first || s->x[i] > sc->xmax)
				sc->xmax = s->x[i];
			first = false;
		}
	}
	sc->top = cli_nice_max(sc->top);
	if (!c->xticks) {
		/* from zero, to a readable end, unless the data start far from zero */
		if (sc->xmin >= 0 && sc->xmin <= sc->xmax / 2)
			sc->xmin = 0;
		sc->xmax = cli_nice_max(sc->xmax);
	}
	if (sc->xmax <= sc->xmin)
		sc->xmax = sc->xmin + 1;
}

/* The titles, the grid, the ticks and the axes' titles. */
static void lc_axes(FILE *f, const struct cli_line_chart *c, const struct lc_scale *sc)
{
	const int W = LC_W, H = LC_H, L = LC_L, R = LC_R, T = LC_T, B = LC_B;

	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, sans-serif\">\n",
		W, H, W, H);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
	fprintf(f, "<text x=\"%d\" y=\"34\" font-size=\"22\" font-weight=\"bold\">", L);
	text_xml(f, c->title);
	fprintf(f, "</text>\n<text x=\"%d\" y=\"58\" font-size=\"14\" fill=\"#555\">", L);
	text_xml(f, c->subtitle);
	fputs("</text>\n", f);
	for (int i = 0; i <= 5; i++) {
		double y = H - B - sc->ph * i / 5;

		fprintf(f,
			"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n"
			"<text x=\"%d\" y=\"%.1f\" font-size=\"14\" text-anchor=\"end\">%.6g</text>\n",
			L, y, W - R, y, L - 8, y + 5, sc->top * i / 5);
	}
	for (size_t i = 0; i < (c->xticks ? c->nxticks : 6); i++) {
		double v = c->xticks ? c->xticks[i] :
				       sc->xmin + (sc->xmax - sc->xmin) * (double)i / 5;

		fprintf(f,
			"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\"/>"
			"<text x=\"%.1f\" y=\"%d\" font-size=\"14\" text-anchor=\"middle\">%.6g</text>\n",
			lc_x(sc, v), H - B, lc_x(sc, v), H - B + 6, lc_x(sc, v), H - B + 24, v);
	}
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#222\"/>\n", L, H - B,
		W - R, H - B);
	fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"16\" text-anchor=\"middle\">",
		L + sc->pw / 2, H - B + 52);
	text_xml(f, c->xlabel);
	fprintf(f,
		"</text>\n<text transform=\"translate(24 %.1f) rotate(-90)\" font-size=\"16\" "
		"text-anchor=\"middle\">",
		T + sc->ph / 2);
	text_xml(f, c->ylabel);
	fputs("</text>\n", f);
}

/* Series @k: its band, its line, its points and its legend entry. */
static void lc_series(FILE *f, const struct cli_line_chart *c, const struct lc_scale *sc, size_t k)
{
	const struct cli_series *s = &c->s[k];
	const char *col = cli_colours[k % CLI_COLOURS];
	const int W = LC_W, R = LC_R, T = LC_T;

	if (s->lo && s->hi && s->n) {
		/* the band: along the high ends, back along the low ones */
		fprintf(f, "<path fill=\"%s\" fill-opacity=\"0.18\" stroke=\"none\" d=\"", col);
		for (size_t i = 0; i < s->n; i++)
			fprintf(f, "%c%.1f %.1f", i ? 'L' : 'M', lc_x(sc, s->x[i]),
				lc_y(sc, s->hi[i]));
		for (size_t i = s->n; i-- > 0;)
			fprintf(f, "L%.1f %.1f", lc_x(sc, s->x[i]), lc_y(sc, s->lo[i]));
		fputs("Z\"/>\n", f);
	}
	fprintf(f, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"", col,
		c->points ? "3" : "2");
	dash_attr(f, k);
	fputs(" d=\"", f);
	for (size_t i = 0; i < s->n; i++)
		fprintf(f, "%c%.1f %.1f", i ? 'L' : 'M', lc_x(sc, s->x[i]), lc_y(sc, s->y[i]));
	fputs("\"/>\n", f);
	for (size_t i = 0; c->points && i < s->n; i++) {
		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>",
			lc_x(sc, s->x[i]), lc_y(sc, s->y[i]), col);
		text_xml(f, s->name);
		fprintf(f, " at %.6g: %.6g", s->x[i], s->y[i]);
		if (s->lo && s->hi)
			fprintf(f, " (95%% CI %.6g to %.6g)", s->lo[i], s->hi[i]);
		fputs("</title></circle>\n", f);
	}
	/* the legend, right of the plot */
	fprintf(f,
		"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
		"stroke-width=\"3\"",
		W - R + 16, T + 10 + 24 * (int)k, W - R + 52, T + 10 + 24 * (int)k, col);
	dash_attr(f, k);
	fprintf(f, "/><text x=\"%d\" y=\"%d\" font-size=\"15\">", W - R + 60, T + 15 + 24 * (int)k);
	text_xml(f, s->name);
	fputs("</text>\n", f);
}

void cli_line_chart(FILE *f, const struct cli_line_chart *c)
{
	struct lc_scale sc;

	lc_range(c, &sc);
	lc_axes(f, c, &sc);
	for (size_t k = 0; k < c->ns; k++)
		lc_series(f, c, &sc, k);
	fputs("</svg>\n", f);
}
