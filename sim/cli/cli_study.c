/*
 * sim/cli/cli_study.c - loading a study file for `gemsim report`: every key
 * checked, each error with the study's file:line:col (docs/studies.md).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cli/cli.h"
#include "sim/cli/cli_study.h"
#include "sim/base/jsonpos.h"
#include "sim/driver/load.h"
#include "sim/base/suggest.h"
#include "sim/base/text.h"

__attribute__((format(printf, 4, 5)))
static int st_fail(struct study *st, const cJSON *node, bool at_key, const char *fmt, ...)
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
	sim_error_set(st->err, line, col, "%s", msg);
	return -1;
}

/* Unknown keys are typos, except "x-..." notes (as in scenarios). */
static int st_keys(struct study *st, const cJSON *obj, const char *where,
		   const char *const *allowed)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, obj) {
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
		sim_suggest(m->string, "expected one of", allowed, n, list, sizeof(list));
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
		snprintf(near, sizeof(near), "`gemsim help sweep` lists the columns; "
			 "violations.N counts invariant N");
	return st_fail(st, v, false, "unknown metric \"%s\" (%s)", text_clip(&c, *out), near);
}

static int st_metric(struct study *st, const cJSON *v, struct metric *m)
{
	static const char *const keys[] = { "of", "per", "name", "unit", NULL };
	const cJSON *k;

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
		if ((k = cJSON_GetObjectItemCaseSensitive(v, "unit")) &&
		    st_string(st, k, "\"unit\"", REPORT_MAX_NAME, &m->unit))
			return -1;
	} else {
		return st_fail(st, v, false, "a metric is a column name (\"pages_swapped_in\") or "
			       "an object {\"of\": ..., \"per\": ...}");
	}
	if (!m->label) {
		snprintf(m->buf, sizeof(m->buf), m->per ? "%s per %s" : "%s", m->of,
			 m->per ? m->per : "");
		m->label = m->buf;
	}
	if (!m->unit) {
		size_t n = strlen(m->of);

		m->unit = m->per ? "ratio" : n > 3 && !strcmp(m->of + n - 3, "_ns") ? "ns" :
			  "count";
	}
	/* nanoseconds read badly on a slide at these sizes: show microseconds */
	m->scale = 1;
	if (!strcmp(m->unit, "ns")) {
		m->scale = 1e-3;
		m->unit = "\u00b5s";
	}
	return 0;
}

/* An array of "KEY=VALUE" strings into @c->sets after @ncommon common ones. */
static int st_sets(struct study *st, const cJSON *arr, const char *what, const char ***sets,
		   size_t *n)
{
	const cJSON *v;

	if (!cJSON_IsArray(arr))
		return st_fail(st, arr, false, "%s must be an array of \"KEY=VALUE\" strings", what);
	cJSON_ArrayForEach(v, arr) {
		const char *s;
		const char **grown;

		if (st_string(st, v, "an override", 4096, &s))
			return -1;
		if (!strchr(s, '=') || s[0] == '=')
			return st_fail(st, v, false, "an override is \"KEY=VALUE\" (a --set), not "
				       "\"%s\"", s);
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
		return st_fail(st, arr, false, "\"configurations\" must be a non-empty array of "
			       "objects");
	cJSON_ArrayForEach(v, arr) {
		struct config *c = &st->cfg[st->ncfg];
		const cJSON *k;

		if (st->ncfg == REPORT_MAX_CONFIGS)
			return st_fail(st, v, false, "more than %d configurations", REPORT_MAX_CONFIGS);
		if (!cJSON_IsObject(v))
			return st_fail(st, v, false, "a configuration is an object {\"name\": ..., "
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
				return st_fail(st, k, false, "a second baseline (\"%s\" is already "
					       "the baseline)", st->cfg[st->base].name);
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
	free(st->scenario);
	jpos_free(st->doc);
}

/* Read, parse and check @path into @st; on failure @err says where and why. */
int study_load(struct study *st, const char *path, struct sim_error *err)
{
	static const char *const keys[] = { "question", "scenario", "seeds", "first_seed", "set",
					    "configurations", "metrics", NULL };
	const cJSON *root, *v;
	const char **common = NULL;
	size_t ncommon = 0, len;
	char *text;
	uint64_t n;
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
	if (!cJSON_IsObject(root))
		return st_fail(st, root, false, "a study is a JSON object (docs/studies.md)");
	if (st_keys(st, root, "the study", keys))
		return -1;
	for (const char *const *k = keys; *k; k++) {
		if (!strcmp(*k, "set") || !strcmp(*k, "first_seed") ||
		    cJSON_GetObjectItemCaseSensitive(root, *k))
			continue;
		return st_fail(st, root, false, "the study needs \"%s\" (docs/studies.md)", *k);
	}
	if (st_string(st, cJSON_GetObjectItemCaseSensitive(root, "question"), "\"question\"",
		      1000, &st->question) ||
	    st_string(st, cJSON_GetObjectItemCaseSensitive(root, "scenario"), "\"scenario\"",
		      4096, &st->scenario_text) ||
	    st_count(st, cJSON_GetObjectItemCaseSensitive(root, "seeds"), "\"seeds\"", 1,
		     REPORT_MAX_SEEDS, &n))
		return -1;
	st->nseeds = (size_t)n;
	st->first_seed = 1;
	if ((v = cJSON_GetObjectItemCaseSensitive(root, "first_seed")) &&
	    st_count(st, v, "\"first_seed\"", 0, 9007199254740992.0 - REPORT_MAX_SEEDS,
		     &st->first_seed))
		return -1;
	if ((v = cJSON_GetObjectItemCaseSensitive(root, "set")) &&
	    st_sets(st, v, "\"set\"", &common, &ncommon))
		goto out;
	if (st_configs(st, cJSON_GetObjectItemCaseSensitive(root, "configurations"), common,
		       ncommon))
		goto out;
	v = cJSON_GetObjectItemCaseSensitive(root, "metrics");
	if (!cJSON_IsArray(v) || !cJSON_GetArraySize(v)) {
		st_fail(st, v, false, "\"metrics\" must be a non-empty array");
		goto out;
	}
	{
		const cJSON *m;

		cJSON_ArrayForEach(m, v) {
			if (st->nmet == REPORT_MAX_METRICS) {
				st_fail(st, m, false, "more than %d metrics", REPORT_MAX_METRICS);
				goto out;
			}
			if (st_metric(st, m, &st->met[st->nmet++]))
				goto out;
		}
	}
	/* the scenario path is relative to the study's folder */
	{
		const char *slash = strrchr(path, '/');
		size_t dlen = slash && st->scenario_text[0] != '/' ? (size_t)(slash - path) + 1 : 0;

		st->scenario = malloc(dlen + strlen(st->scenario_text) + 1);
		if (!st->scenario) {
			sim_error_set(err, 0, 0, "out of memory");
			goto out;
		}
		memcpy(st->scenario, path, dlen);
		strcpy(st->scenario + dlen, st->scenario_text);
	}
	rc = 0;
out:
	free(common);
	return rc;
}
