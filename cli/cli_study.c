// SPDX-License-Identifier: MIT
/*
 * cli/cli_study.c - loading a study file for `gemsim report`: every key
 * checked, each error with the study's file:line:col (docs/studies.md).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_study.h"
#include "base/jsonpos.h"
#include "run/load.h"
#include "base/suggest.h"
#include "base/text.h"

__attribute__((format(printf, 4, 5))) static int st_fail(struct study *st, const cJSON *node,
							 bool at_key, const char *fmt, ...)
{
	unsigned line = 0, col = 0;
	char msg[SIM_ERROR_MSG];
	va_list ap;

	if (at_key)
		jpos_key_where(st->doc, node, &line, &col);
	else
		jpos_where(st->doc, node, &line, &col);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	st->err->file = st->path;
	error_set(st->err, line, col, "%s", msg);
	return -1;
}

/* Unknown keys are typos, except "x-..." notes (as in scenarios). */
static int st_keys(struct study *st, const cJSON *obj, const char *where,
		   const char *const *allowed)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, obj)
	{
		bool ok = !strncmp(m->string, "x-", 2);
		size_t n = 0;
		char list[400];
		struct text_clip c;

		for (const char *const *a = allowed; !ok && *a; a++)
			ok = !strcmp(*a, m->string);
		if (ok)
			continue;
		while (allowed[n])
			n++;
		suggest_nearest(m->string, "expected one of", allowed, n, list, sizeof(list));
		return st_fail(st, m, true, "unknown key \"%s\" in %s (%s)",
			       text_clip(&c, m->string), where, list);
	}
	return 0;
}

/* A non-empty string of at most @max bytes, or an error at @v. */
static int st_string(struct study *st, const cJSON *v, const char *what, size_t max,
		     const char **out)
{
	if (!cJSON_IsString(v))
		return st_fail(st, v, false, "%s must be a string", what);
	if (!v->valuestring[0] || strlen(v->valuestring) > max)
		return st_fail(st, v, false, "%s must be 1 to %zu bytes", what, max);
	*out = v->valuestring;
	return 0;
}

/* A column name that cli_metric() knows, or an error naming the near ones. */
static int st_column(struct study *st, const cJSON *v, const char *what, const char **out)
{
	struct cli_result probe = { 0 };
	uint64_t dummy;
	char near[2048];
	struct text_clip c;

	if (st_string(st, v, what, 128, out))
		return -1;
	if (!cli_metric(&probe, *out, &dummy))
		return 0;
	cli_metric_near(*out, near, sizeof(near));
	/* the full list would not fit a message: the near name, or where to look */
	if (!strncmp(near, "did you mean", 12) && strchr(near, '?'))
		strchr(near, '?')[1] = '\0';
	else
		snprintf(near, sizeof(near),
			 "`gemsim help sweep` lists the columns; "
			 "violations.N counts invariant N");
	return st_fail(st, v, false, "unknown metric \"%s\" (%s)", text_clip(&c, *out), near);
}

double study_unit(const char *unit, const char **shown)
{
	static const struct {
		const char *name, *shown;
		double scale;
	} units[] = {
		{ "ns", "ns", 1 },    { "us", "\u00b5s", 1e-3 }, { "\u00b5s", "\u00b5s", 1e-3 },
		{ "ms", "ms", 1e-6 }, { "s", "s", 1e-9 },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(unit, units[i].name)) {
			*shown = units[i].shown;
			return units[i].scale;
		}
	return 0;
}

static bool ends_ns(const char *col)
{
	size_t n = strlen(col);

	return n > 3 && !strcmp(col + n - 3, "_ns");
}

/* "N%" with 0 < N <= 100, as a fraction into *@out. */
static int st_percent(struct study *st, const cJSON *v, const char *what, double *out)
{
	char *end;
	double d;

	if (!cJSON_IsString(v) || (d = strtod(v->valuestring, &end), strcmp(end, "%")) ||
	    !(d > 0 && d <= 100))
		return st_fail(st, v, false,
			       "%s is a percentage of the baseline's mean, "
			       "\"0.5%%\" to \"100%%\"",
			       what);
	*out = d / 100;
	return 0;
}

/*
 * The unit of @m: a time column (of *_ns, per none or not a time) is shown
 * in "unit" converted from nanoseconds (ns, us, ms, s; default us); any
 * other column keeps its values, so a time unit there would mislabel them
 * and is refused, as is any unit a time column cannot be converted into.
 */
static int st_unit(struct study *st, const cJSON *v, struct metric *m)
{
	bool time = ends_ns(m->of) && !(m->per && ends_ns(m->per));
	const char *shown = NULL;
	double scale;

	m->scale = 1;
	if (!m->unit) {
		m->unit = time ? "\u00b5s" : m->per ? "ratio" : "count";
		m->scale = time ? 1e-3 : 1;
		return 0;
	}
	scale = study_unit(m->unit, &shown);
	if (time && !scale)
		return st_fail(st, v, false,
			       "\"unit\": \"%s\" for %s, a time in nanoseconds: give "
			       "ns, us (\u00b5s), ms or s, which the values are converted into",
			       m->unit, m->of);
	if (!time && scale)
		return st_fail(st, v, false,
			       "\"unit\": \"%s\" is a time, but %s%s%s is not one "
			       "(only a *_ns column converts into %s)",
			       m->unit, m->of, m->per ? " per " : "", m->per ? m->per : "",
			       m->unit);
	if (time) {
		m->unit = shown;
		m->scale = scale;
	}
	return 0;
}

static int st_metric(struct study *st, const cJSON *v, struct metric *m)
{
	static const char *const keys[] = { "of",     "per",        "name", "unit",
					    "better", "min_effect", NULL };
	const cJSON *k, *unit = v;
	size_t n;

	m->min_effect = -1;
	if (cJSON_IsString(v)) {
		if (st_column(st, v, "a metric", &m->of))
			return -1;
	} else if (cJSON_IsObject(v)) {
		if (st_keys(st, v, "a metric", keys))
			return -1;
		k = cJSON_GetObjectItemCaseSensitive(v, "of");
		if (!k)
			return st_fail(st, v, false, "a metric object needs \"of\" (a column)");
		if (st_column(st, k, "\"of\"", &m->of))
			return -1;
		if ((k = cJSON_GetObjectItemCaseSensitive(v, "per")) &&
		    st_column(st, k, "\"per\"", &m->per))
			return -1;
		if ((k = cJSON_GetObjectItemCaseSensitive(v, "name")) &&
		    st_string(st, k, "\"name\"", REPORT_MAX_NAME, &m->label))
			return -1;
		if ((k = cJSON_GetObjectItemCaseSensitive(v, "unit"))) {
			if (st_string(st, k, "\"unit\"", REPORT_MAX_NAME, &m->unit))
				return -1;
			unit = k;
		}
		if ((k = cJSON_GetObjectItemCaseSensitive(v, "better"))) {
			if (!cJSON_IsString(k) ||
			    (strcmp(k->valuestring, "lower") && strcmp(k->valuestring, "higher") &&
			     strcmp(k->valuestring, "neither")))
				return st_fail(st, k, false,
					       "\"better\" is \"lower\" (the default), "
					       "\"higher\" or \"neither\"");
			m->higher_better = !strcmp(k->valuestring, "higher");
			m->no_better = !strcmp(k->valuestring, "neither");
		}
		if ((k = cJSON_GetObjectItemCaseSensitive(v, "min_effect")) &&
		    st_percent(st, k, "\"min_effect\"", &m->min_effect))
			return -1;
	} else {
		return st_fail(st, v, false,
			       "a metric is a column name (\"pages_swapped_in\") or "
			       "an object {\"of\": ..., \"per\": ...}");
	}
	if (!m->label) {
		snprintf(m->buf, sizeof(m->buf), m->per ? "%s per %s" : "%s", m->of,
			 m->per ? m->per : "");
		m->label = m->buf;
	}
	n = strlen(m->of);
	/* a histogram's percentile is its bucket's top: known to 1/16 */
	m->bucketed = !m->per && n > 7 &&
		      (!strcmp(m->of + n - 7, "_p50_ns") || !strcmp(m->of + n - 7, "_p99_ns"));
	return st_unit(st, unit, m);
}

/* An array of "KEY=VALUE" strings into @c->sets after @ncommon common ones. */
static int st_sets(struct study *st, const cJSON *arr, const char *what, const char ***sets,
		   size_t *n)
{
	const cJSON *v;

	if (!cJSON_IsArray(arr))
		return st_fail(st, arr, false, "%s must be an array of \"KEY=VALUE\" strings",
			       what);
	cJSON_ArrayForEach(v, arr)
	{
		const char *s;
		const char **grown;

		if (st_string(st, v, "an override", 4096, &s))
			return -1;
		if (!strchr(s, '=') || s[0] == '=')
			return st_fail(st, v, false,
				       "an override is \"KEY=VALUE\" (a --set), not "
				       "\"%s\"",
				       s);
		grown = realloc(*sets, (*n + 1) * sizeof(**sets));
		if (!grown)
			return st_fail(st, v, false, "out of memory");
		*sets = grown;
		(*sets)[(*n)++] = s;
	}
	return 0;
}

static int st_configs(struct study *st, const cJSON *arr, const char **common, size_t ncommon)
{
	static const char *const keys[] = { "name", "set", "baseline", NULL };
	const cJSON *v;
	bool have_base = false;

	if (!cJSON_IsArray(arr) || !cJSON_GetArraySize(arr))
		return st_fail(st, arr, false,
			       "\"configurations\" must be a non-empty array of "
			       "objects");
	cJSON_ArrayForEach(v, arr)
	{
		struct config *c = &st->cfg[st->ncfg];
		const cJSON *k;

		if (st->ncfg == REPORT_MAX_CONFIGS)
			return st_fail(st, v, false, "more than %d configurations",
				       REPORT_MAX_CONFIGS);
		if (!cJSON_IsObject(v))
			return st_fail(st, v, false,
				       "a configuration is an object {\"name\": ..., "
				       "\"set\": [...]}");
		if (st_keys(st, v, "a configuration", keys))
			return -1;
		jpos_where(st->doc, v, &c->line, &c->col);
		k = cJSON_GetObjectItemCaseSensitive(v, "name");
		if (!k)
			return st_fail(st, v, false, "a configuration needs a \"name\"");
		if (st_string(st, k, "\"name\"", REPORT_MAX_NAME, &c->name))
			return -1;
		for (size_t i = 0; i < st->ncfg; i++)
			if (!strcmp(st->cfg[i].name, c->name))
				return st_fail(st, k, false, "configuration \"%s\" is named twice",
					       c->name);
		st->ncfg++;
		for (size_t i = 0; i < ncommon; i++) {
			const char **grown = realloc(c->sets, (c->nsets + 1) * sizeof(*c->sets));

			if (!grown)
				return st_fail(st, v, false, "out of memory");
			c->sets = grown;
			c->sets[c->nsets++] = common[i];
		}
		if ((k = cJSON_GetObjectItemCaseSensitive(v, "set")) &&
		    st_sets(st, k, "\"set\"", &c->sets, &c->nsets))
			return -1;
		if ((k = cJSON_GetObjectItemCaseSensitive(v, "baseline"))) {
			if (!cJSON_IsBool(k))
				return st_fail(st, k, false, "\"baseline\" must be true or false");
			if (cJSON_IsTrue(k) && have_base)
				return st_fail(st, k, false,
					       "a second baseline (\"%s\" is already "
					       "the baseline)",
					       st->cfg[st->base].name);
			if (cJSON_IsTrue(k)) {
				have_base = true;
				st->base = st->ncfg - 1;
			}
		}
	}
	if (!have_base)
		return st_fail(st, arr, false, "no configuration is marked \"baseline\": true");
	return 0;
}

/* A whole number in [lo, hi] at @v. */
static int st_count(struct study *st, const cJSON *v, const char *what, double lo, double hi,
		    uint64_t *out)
{
	if (!cJSON_IsNumber(v) || v->valuedouble != (double)(uint64_t)v->valuedouble ||
	    v->valuedouble < lo || v->valuedouble > hi)
		return st_fail(st, v, false, "%s must be a whole number from %.0f to %.0f", what,
			       lo, hi);
	*out = (uint64_t)v->valuedouble;
	return 0;
}

void study_free(struct study *st)
{
	for (size_t i = 0; i < REPORT_MAX_CONFIGS; i++)
		free(st->cfg[i].sets);
	for (size_t i = 0; i < st->nnotes; i++)
		free(st->notes[i].text);
	free(st->scenario);
	jpos_free(st->doc);
}

/* The top level's "x-..." notes, kept for the page's caveats. */
static int st_notes(struct study *st, const cJSON *root)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, root)
	{
		struct note *n = &st->notes[st->nnotes];

		if (strncmp(m->string, "x-", 2))
			continue;
		if (st->nnotes == REPORT_MAX_NOTES)
			return st_fail(st, m, true, "more than %d \"x-\" notes", REPORT_MAX_NOTES);
		n->key = m->string + 2;
		n->text = cJSON_IsString(m) ? strdup(m->valuestring) : cJSON_PrintUnformatted(m);
		if (!n->text)
			return st_fail(st, m, true, "out of memory");
		st->nnotes++;
	}
	return 0;
}

int study_add_sets(struct study *st, const char *const *sets, size_t n)
{
	for (size_t c = 0; c < st->ncfg && n; c++) {
		struct config *cf = &st->cfg[c];
		const char **grown = realloc(cf->sets, (cf->nsets + n) * sizeof(*cf->sets));

		if (!grown)
			return -1;
		cf->sets = grown;
		memmove(cf->sets + st->ncommon + n, cf->sets + st->ncommon,
			(cf->nsets - st->ncommon) * sizeof(*cf->sets));
		memcpy(cf->sets + st->ncommon, sets, n * sizeof(*sets));
		cf->nsets += n;
	}
	st->ncommon += n;
	return 0;
}

/* Read, parse and check @path into @st; on failure @err says where and why. */
/* The top level's keys and single values: question, scenario, seeds and the rest. */
static int st_head(struct study *st, const cJSON *root)
{
	static const char *const keys[] = { "question",   "scenario",     "seeds",
					    "first_seed", "set",          "configurations",
					    "metrics",    "expectations", "min_effect",
					    NULL };
	const cJSON *v;
	uint64_t n;

	if (!cJSON_IsObject(root))
		return st_fail(st, root, false, "a study is a JSON object (docs/studies.md)");
	if (st_keys(st, root, "the study", keys))
		return -1;
	for (const char *const *k = keys; *k; k++) {
		if (!strcmp(*k, "set") || !strcmp(*k, "first_seed") ||
		    !strcmp(*k, "expectations") || !strcmp(*k, "min_effect") ||
		    cJSON_GetObjectItemCaseSensitive(root, *k))
			continue;
		return st_fail(st, root, false, "the study needs \"%s\" (docs/studies.md)", *k);
	}
	if (st_string(st, cJSON_GetObjectItemCaseSensitive(root, "question"), "\"question\"", 1000,
		      &st->question) ||
	    st_string(st, cJSON_GetObjectItemCaseSensitive(root, "scenario"), "\"scenario\"", 4096,
		      &st->scenario_text) ||
	    st_count(st, cJSON_GetObjectItemCaseSensitive(root, "seeds"), "\"seeds\"", 1,
		     REPORT_MAX_SEEDS, &n))
		return -1;
	st->nseeds = (size_t)n;
	st->first_seed = 1;
	if ((v = cJSON_GetObjectItemCaseSensitive(root, "first_seed")) &&
	    st_count(st, v, "\"first_seed\"", 0, 9007199254740992.0 - REPORT_MAX_SEEDS,
		     &st->first_seed))
		return -1;
	if ((v = cJSON_GetObjectItemCaseSensitive(root, "expectations"))) {
		if (!cJSON_IsString(v) ||
		    (strcmp(v->valuestring, "on") && strcmp(v->valuestring, "off")))
			return st_fail(
				st, v, false,
				"\"expectations\" is \"off\" (the default: the "
				"scenario's expect block is not part of the study) or \"on\" "
				"(the page lists each run that fails it)");
		st->expectations = !strcmp(v->valuestring, "on");
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(root, "min_effect")) &&
	    st_percent(st, v, "\"min_effect\"", &st->min_effect))
		return -1;
	return st_notes(st, root);
}

/* "metrics": a non-empty array of at most REPORT_MAX_METRICS. */
static int st_metrics(struct study *st, const cJSON *v)
{
	const cJSON *m;

	if (!cJSON_IsArray(v) || !cJSON_GetArraySize(v))
		return st_fail(st, v, false, "\"metrics\" must be a non-empty array");
	cJSON_ArrayForEach(m, v)
	{
		if (st->nmet == REPORT_MAX_METRICS)
			return st_fail(st, m, false, "more than %d metrics", REPORT_MAX_METRICS);
		if (st_metric(st, m, &st->met[st->nmet++]))
			return -1;
	}
	return 0;
}

/* The scenario's path: relative to the study's folder.  Returns: 0, or -1. */
static int st_scenario_path(struct study *st, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dlen = slash && st->scenario_text[0] != '/' ? (size_t)(slash - path) + 1 : 0;

	st->scenario = malloc(dlen + strlen(st->scenario_text) + 1);
	if (!st->scenario) {
		error_set(st->err, 0, 0, "out of memory");
		return -1;
	}
	memcpy(st->scenario, path, dlen);
	strcpy(st->scenario + dlen, st->scenario_text);
	return 0;
}

int study_load(struct study *st, const char *path, struct sim_error *err)
{
	const cJSON *root, *v;
	const char **common = NULL;
	size_t ncommon = 0, len;
	char *text;
	int rc = -1;

	memset(st, 0, sizeof(*st));
	st->path = path;
	st->err = err;
	text = load_read_file(path, &len, err);
	if (!text)
		return -1;
	st->doc = jpos_parse(text, len, err);
	free(text);
	err->file = path;
	if (!st->doc)
		return -1;
	root = jpos_root(st->doc);
	if (st_head(st, root))
		return -1;
	if ((v = cJSON_GetObjectItemCaseSensitive(root, "set")) &&
	    st_sets(st, v, "\"set\"", &common, &ncommon))
		goto out;
	st->ncommon = ncommon;
	if (st_configs(st, cJSON_GetObjectItemCaseSensitive(root, "configurations"), common,
		       ncommon) ||
	    st_metrics(st, cJSON_GetObjectItemCaseSensitive(root, "metrics")) ||
	    st_scenario_path(st, path))
		goto out;
	rc = 0;
out:
	free(common);
	return rc;
}
