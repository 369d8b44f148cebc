// SPDX-License-Identifier: MIT
/*
 * tests/layout_check.c - check a picture's layout, as written by
 * `gemsim-view --headless --layout FILE.json`, for a room: nothing covers
 * what it does not belong to, no key label is cut, all is on the picture.
 *
 *   gemsim-layout-check [--want ROLE,ROLE...] FILE...
 *
 * The file is {"width","height","boxes":[{"id","role","x","y","w","h",
 * "text","clipped","parent"}]} (docs/viewer.md).  Checks:
 *   - the shape: every member there with its type, ids unique, a parent
 *     names a box listed before it;
 *   - every box inside the picture, and inside its parent;
 *   - no two boxes overlap unless one sits (at any depth) in the other:
 *     no text over a map, the legend, the banner or another text;
 *   - no key label is clipped: a caption, banner or headline box, or a
 *     text box in a map (object names), the legend, a banner, a caption or
 *     a headline;
 *   - every role given with --want is there.
 * Prints one line per problem (at most 20 per file) and exits 1 if any.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#define MAX_REPORTS 20

struct box {
	const char *id, *role, *text;
	int x, y, w, h;
	int parent;
	bool clipped;
};

struct checker {
	const char *file;
	unsigned problems;
};

__attribute__((format(printf, 2, 3))) static void problem(struct checker *c, const char *fmt, ...)
{
	va_list ap;

	if (c->problems++ >= MAX_REPORTS)
		return;
	printf("%s: ", c->file);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			char *p = realloc(buf, cap = cap ? cap * 2 : 65536);

			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);

		n += got;
		if (!got)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static bool get_int(const cJSON *o, const char *k, int *v)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);

	if (!cJSON_IsNumber(x) || x->valuedouble != (double)(int)x->valuedouble)
		return false;
	*v = (int)x->valuedouble;
	return true;
}

static bool inside(const struct box *a, int x, int y, int w, int h)
{
	return a->x >= x && a->y >= y && a->x + a->w <= x + w && a->y + a->h <= y + h;
}

static bool overlap(const struct box *a, const struct box *b)
{
	return a->w > 0 && a->h > 0 && b->w > 0 && b->h > 0 && a->x < b->x + b->w &&
	       b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* Whether @anc is @b or one of the boxes it sits in. */
static bool encloses(const struct box *bx, int anc, int b)
{
	for (; b >= 0; b = bx[b].parent)
		if (b == anc)
			return true;
	return false;
}

static bool key_role(const char *r)
{
	return !strcmp(r, "caption") || !strcmp(r, "banner") || !strcmp(r, "headline");
}

static bool is_key(const struct box *bx, const struct box *b)
{
	const char *pr = b->parent >= 0 ? bx[b->parent].role : "";

	return key_role(b->role) || (!strcmp(b->role, "text") &&
				     (key_role(pr) || !strcmp(pr, "map") || !strcmp(pr, "legend")));
}

static void check_file(struct checker *c, const char *want)
{
	char *text = slurp(c->file);
	cJSON *root = text ? cJSON_Parse(text) : NULL;
	const cJSON *arr, *it;
	struct box *bx = NULL;
	int W, H, n = 0, i;

	free(text);
	if (!root) {
		problem(c, "cannot read it as JSON");
		return;
	}
	arr = cJSON_GetObjectItemCaseSensitive(root, "boxes");
	if (!get_int(root, "width", &W) || !get_int(root, "height", &H) || W <= 0 || H <= 0 ||
	    !cJSON_IsArray(arr)) {
		problem(c, "needs integer \"width\", \"height\" and an array \"boxes\"");
		goto out;
	}
	bx = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*bx));
	if (!bx) {
		problem(c, "out of memory");
		goto out;
	}
	cJSON_ArrayForEach(it, arr)
	{
		struct box *b = &bx[n];
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
		const cJSON *role = cJSON_GetObjectItemCaseSensitive(it, "role");
		const cJSON *tx = cJSON_GetObjectItemCaseSensitive(it, "text");
		const cJSON *cl = cJSON_GetObjectItemCaseSensitive(it, "clipped");
		const cJSON *pa = cJSON_GetObjectItemCaseSensitive(it, "parent");

		if (!cJSON_IsString(id) || !cJSON_IsString(role) || !cJSON_IsString(tx) ||
		    !cJSON_IsBool(cl) || !(cJSON_IsString(pa) || cJSON_IsNull(pa)) ||
		    !get_int(it, "x", &b->x) || !get_int(it, "y", &b->y) ||
		    !get_int(it, "w", &b->w) || !get_int(it, "h", &b->h) || b->w < 0 || b->h < 0) {
			problem(c,
				"box %d: needs string id, role, text, integer x, y, w, h >= 0, "
				"boolean clipped and parent a string or null",
				n);
			goto out;
		}
		b->id = id->valuestring;
		b->role = role->valuestring;
		b->text = tx->valuestring;
		b->clipped = cJSON_IsTrue(cl);
		b->parent = -1;
		for (i = 0; i < n; i++) {
			if (!strcmp(bx[i].id, b->id))
				problem(c, "two boxes with id \"%s\"", b->id);
			if (cJSON_IsString(pa) && !strcmp(bx[i].id, pa->valuestring))
				b->parent = i;
		}
		if (cJSON_IsString(pa) && b->parent < 0)
			problem(c, "%s: its parent \"%s\" is not listed before it", b->id,
				pa->valuestring);
		n++;
	}
	for (i = 0; i < n; i++) {
		const struct box *b = &bx[i];

		if (!inside(b, 0, 0, W, H))
			problem(c, "%s (%s \"%s\") at %d,%d %dx%d is not inside the %dx%d picture",
				b->id, b->role, b->text, b->x, b->y, b->w, b->h, W, H);
		else if (b->parent >= 0 && !inside(b, bx[b->parent].x, bx[b->parent].y,
						   bx[b->parent].w, bx[b->parent].h))
			problem(c, "%s (%s \"%s\") at %d,%d %dx%d sticks out of %s", b->id, b->role,
				b->text, b->x, b->y, b->w, b->h, bx[b->parent].id);
		if (b->clipped && is_key(bx, b))
			problem(c, "%s: key label cut: \"%s\"", b->id, b->text);
		for (int j = i + 1; j < n; j++)
			if (overlap(b, &bx[j]) && !encloses(bx, i, j) && !encloses(bx, j, i))
				problem(c, "%s (%s \"%s\") overlaps %s (%s \"%s\")", b->id, b->role,
					b->text, bx[j].id, bx[j].role, bx[j].text);
	}
	for (const char *w = want; w && *w;) {
		size_t len = strcspn(w, ",");
		bool found = false;

		for (i = 0; i < n && !found; i++)
			found = strlen(bx[i].role) == len && !strncmp(bx[i].role, w, len);
		if (!found)
			problem(c, "no box with role \"%.*s\"", (int)len, w);
		w += len + (w[len] == ',');
	}
out:
	free(bx);
	cJSON_Delete(root);
}

int main(int argc, char **argv)
{
	const char *want = NULL;
	unsigned bad = 0;
	int i = 1;

	if (argc > 2 && !strcmp(argv[1], "--want")) {
		want = argv[2];
		i = 3;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: gemsim-layout-check [--want ROLE,...] FILE.json...\n");
		return 2;
	}
	for (; i < argc; i++) {
		struct checker c = { .file = argv[i] };

		check_file(&c, want);
		if (c.problems > MAX_REPORTS)
			printf("%s: and %u more\n", c.file, c.problems - MAX_REPORTS);
		bad += c.problems != 0;
	}
	return bad ? 1 : 0;
}
