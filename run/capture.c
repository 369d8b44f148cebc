// SPDX-License-Identifier: MIT
/*
 * run/capture.c - a kernel capture into a scenario (see capture.h).
 *
 * Two passes: every line is parsed into a record (so a bad line anywhere
 * is reported before anything is written), the records are put in call
 * order (entry time, then depth: a nested call's line is printed before
 * its caller's, when it returns), and then turned into events.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/amap.h"
#include "base/text.h"
#include "run/capture.h"

#define LINE_MAX_BYTES 4096
#define MAX_KEYS 10

/* The events of the line format, and the keys each must carry. */
enum cev {
	CE_CREATE,
	CE_FREE,
	CE_GET_PAGES,
	CE_PUT_PAGES,
	CE_PIN,
	CE_UNPIN,
	CE_VMAP,
	CE_VUNMAP,
	CE_SGT,
	CE_MADVISE,
	CE_PURGE,
	CE_EVICT,
	CE_SWAPIN,
	CE_MMAP,
	CE_MUNMAP,
	CE_FAULT,
	CE_SCAN,
	CE_SLAB_START,
	CE_SLAB_END,
	CE_COUNT
};

/* keys: the bits of a record's fields */
enum ckey {
	K_OBJ,
	K_SIZE,
	K_RET,
	K_MADV,
	K_VMA,
	K_PAGE,
	K_SHRINKER,
	K_NR,
	K_FREED,
	K_FN,
	K_NID,
	K_CACHE,
	K_DELTA,
	K_TOTAL,
	K_PRIORITY,
	K_UNUSED,
	K_NEW,
	K_DRIVER,
	K_COUNT
};

static const char *const key_names[K_COUNT] = {
	"obj", "size", "ret",   "madv",  "vma",   "page",     "shrinker", "nr",  "freed",
	"fn",  "nid",  "cache", "delta", "total", "priority", "unused",   "new", "driver",
};

#define B(k) (1u << (k))

static const struct {
	const char *name;
	const char *op; /* the scenario op it replays as, or NULL */
	unsigned keys;  /* the keys it must have, and may have */
} cevs[CE_COUNT] = {
	[CE_CREATE] = { "create", "create", B(K_OBJ) | B(K_SIZE) | B(K_RET) },
	[CE_FREE] = { "free", "free", B(K_OBJ) | B(K_SIZE) },
	[CE_GET_PAGES] = { "get_pages", "get_pages", B(K_OBJ) | B(K_SIZE) | B(K_RET) },
	[CE_PUT_PAGES] = { "put_pages", "put_pages", B(K_OBJ) | B(K_SIZE) },
	[CE_PIN] = { "pin", "pin", B(K_OBJ) | B(K_SIZE) | B(K_RET) },
	[CE_UNPIN] = { "unpin", "unpin", B(K_OBJ) | B(K_SIZE) },
	[CE_VMAP] = { "vmap", "vmap", B(K_OBJ) | B(K_SIZE) | B(K_RET) },
	[CE_VUNMAP] = { "vunmap", "vunmap", B(K_OBJ) | B(K_SIZE) },
	[CE_SGT] = { "get_pages_sgt", "get_pages_sgt", B(K_OBJ) | B(K_SIZE) | B(K_RET) },
	[CE_MADVISE] = { "madvise", "madvise", B(K_OBJ) | B(K_SIZE) | B(K_MADV) | B(K_RET) },
	[CE_PURGE] = { "purge", "purge", B(K_OBJ) | B(K_SIZE) },
	[CE_EVICT] = { "evict", "evict", B(K_OBJ) | B(K_SIZE) | B(K_RET) },
	[CE_SWAPIN] = { "swapin", "swapin", B(K_OBJ) | B(K_SIZE) | B(K_RET) },
	[CE_MMAP] = { "mmap", "mmap", B(K_OBJ) | B(K_SIZE) | B(K_VMA) | B(K_RET) },
	[CE_MUNMAP] = { "munmap", "munmap", B(K_OBJ) | B(K_SIZE) | B(K_VMA) },
	[CE_FAULT] = { "fault", "cpu_access",
		       B(K_OBJ) | B(K_SIZE) | B(K_VMA) | B(K_PAGE) | B(K_RET) },
	[CE_SCAN] = { "scan", "shrink", B(K_DRIVER) | B(K_NR) | B(K_FREED) },
	[CE_SLAB_START] = { "slab_start", NULL,
			    B(K_SHRINKER) | B(K_FN) | B(K_NID) | B(K_CACHE) | B(K_DELTA) |
				    B(K_TOTAL) | B(K_PRIORITY) },
	[CE_SLAB_END] = { "slab_end", NULL,
			  B(K_SHRINKER) | B(K_FN) | B(K_NID) | B(K_FREED) | B(K_UNUSED) | B(K_NEW) |
				  B(K_TOTAL) },
};

/* One line of the capture. */
struct crec {
	uint64_t t, obj, size, vma, page, nr, shr;
	int64_t ret, madv, total;
	uint32_t tid, depth, line;
	uint8_t ev;
	bool gpu; /* slab lines: a GPU driver's shrinker */
};

/* An object of the scenario; addresses map to the live one. */
struct cbo {
	uint64_t addr, pages;
	uint32_t pins, vmaps, gets;
	bool live;
};

struct cmap {
	uint64_t vma;
	uint32_t bo;
};

struct cev_out {
	uint64_t at;
	uint32_t bo, map; /* indexes, or UINT32_MAX */
	int64_t arg;      /* pages (create), advice, page, nr */
	uint8_t ev;
};

struct imp {
	const char *path;
	struct sim_error *err;
	struct crec *recs;
	size_t nrecs, cap_recs;
	struct cbo *bos;
	uint32_t nbos, cap_bos;
	struct cmap *maps;
	uint32_t nmaps, cap_maps;
	struct amap bo_at, map_at; /* obj address -> live bo, vma -> live map */
	struct cev_out *evs;
	size_t nevs, cap_evs;
	uint64_t page_size;
	uint64_t live_pages, peak_pages;
	bool has_scan; /* the capture has scan lines: slab lines are context */
	struct capture_sum *sum;
};

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;

	size_t c = *cap ? *cap * 2 : 256;
	void *q = realloc(*p, c * size);

	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

/* ---- parsing -------------------------------------------------------------- */

static int parse_u64(const char *s, int base, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, base);
	return errno || *end ? -1 : 0;
}

static int parse_i64(const char *s, int64_t *v)
{
	char *end;

	if (!*s || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno || *end ? -1 : 0;
}

static int parse_hex(const char *s, uint64_t *v)
{
	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return -1;
	return parse_u64(s + 2, 16, v);
}

/* A GPU driver's shrinker, by its scan function (ksym of shrinker->scan_objects). */
static bool gpu_shrinker(const char *fn)
{
	return strstr(fn, "gem") && strstr(fn, "shrink");
}

static int bad(struct imp *im, unsigned line, unsigned col, const char *what, const char *v)
{
	struct text_clip c;

	error_set(im->err, line, col, "%s '%s'", what, text_clip(&c, v));
	return -1;
}

/* One KEY=VALUE of record @r. */
static int parse_kv(struct imp *im, struct crec *r, char *kv, unsigned col, unsigned *seen)
{
	char *eq = strchr(kv, '=');
	int k;
	uint64_t u;
	int64_t i;

	if (!eq)
		return bad(im, r->line, col, "expected KEY=VALUE, not", kv);
	*eq = '\0';
	for (k = 0; k < K_COUNT && strcmp(key_names[k], kv); k++)
		;
	if (k == K_COUNT || !(cevs[r->ev].keys & B(k))) {
		struct text_clip c;

		error_set(im->err, r->line, col, "unknown key '%s' for %s", text_clip(&c, kv),
			  cevs[r->ev].name);
		return -1;
	}
	if (*seen & B(k)) {
		error_set(im->err, r->line, col, "%s= given twice", key_names[k]);
		return -1;
	}
	*seen |= B(k);
	col += (unsigned)(eq - kv) + 1;
	eq++;
	switch (k) {
	case K_OBJ:
	case K_VMA:
	case K_SHRINKER:
		if (parse_hex(eq, &u))
			return bad(im, r->line, col, "expected an address (0x...), not", eq);
		if (k == K_OBJ)
			r->obj = u;
		else if (k == K_VMA)
			r->vma = u;
		else
			r->shr = u;
		return 0;
	case K_FN:
	case K_DRIVER:
		if (!*eq)
			return bad(im, r->line, col, "expected a name, not", eq);
		r->gpu = k == K_FN && gpu_shrinker(eq);
		return 0;
	case K_SIZE:
	case K_PAGE:
	case K_NR:
	case K_NID:
	case K_CACHE:
	case K_DELTA:
	case K_PRIORITY:
		if (parse_u64(eq, 10, &u))
			return bad(im, r->line, col, "expected a whole number, not", eq);
		if (k == K_SIZE)
			r->size = u;
		else if (k == K_PAGE)
			r->page = u;
		else if (k == K_NR)
			r->nr = u;
		return 0;
	default: /* ret, madv, freed, total, unused, new: signed */
		if (parse_i64(eq, &i))
			return bad(im, r->line, col, "expected a number, not", eq);
		if (k == K_RET)
			r->ret = i;
		else if (k == K_MADV)
			r->madv = i;
		else if (k == K_TOTAL)
			r->total = i;
		return 0;
	}
}

/* Split off the next space-separated field of *@s; its column in *@col. */
static char *field(char **s, const char *line, unsigned *col)
{
	char *p = *s;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return NULL;
	*col = (unsigned)(p - line) + 1;

	char *f = p;

	while (*p && *p != ' ' && *p != '\t')
		p++;
	if (*p)
		*p++ = '\0';
	*s = p;
	return f;
}

static int parse_line(struct imp *im, char *text, unsigned line)
{
	char *copy = text, *s = text, *f;
	unsigned col = 1, seen = 0, missing;
	struct crec r = { .line = line };
	uint64_t u;
	int e;

	f = field(&s, copy, &col);
	if (!f || parse_u64(f, 10, &r.t))
		return bad(im, line, col, "expected TIME_NS TID DEPTH EVENT KEY=VALUE..., not",
			   f ? f : "");
	f = field(&s, copy, &col);
	if (!f || parse_u64(f, 10, &u) || u > UINT32_MAX)
		return bad(im, line, f ? col : 0, "expected a thread id, not",
			   f ? f : "(end of line)");
	r.tid = (uint32_t)u;
	f = field(&s, copy, &col);
	if (!f || parse_u64(f, 10, &u) || u > 1000)
		return bad(im, line, f ? col : 0, "expected a call depth (0..1000), not",
			   f ? f : "(end of line)");
	r.depth = (uint32_t)u;
	f = field(&s, copy, &col);
	if (!f)
		return bad(im, line, 0, "expected an event, not", "(end of line)");
	for (e = 0; e < CE_COUNT && strcmp(cevs[e].name, f); e++)
		;
	if (e == CE_COUNT) {
		struct text_clip c;

		error_set(im->err, line, col,
			  "unknown event '%s' (create, free, get_pages, "
			  "put_pages, pin, unpin, vmap, vunmap, get_pages_sgt, madvise, purge, "
			  "evict, swapin, mmap, munmap, fault, scan, slab_start, slab_end)",
			  text_clip(&c, f));
		return -1;
	}
	r.ev = (uint8_t)e;
	while ((f = field(&s, copy, &col)))
		if (parse_kv(im, &r, f, col, &seen))
			return -1;
	missing = cevs[e].keys & ~seen;
	if (missing) {
		int k = 0;

		while (!(missing & B(k)))
			k++;
		error_set(im->err, line, 0, "%s needs %s= (the line was cut short?)", cevs[e].name,
			  key_names[k]);
		return -1;
	}
	if ((seen & B(K_SIZE)) && !r.size && !(e == CE_CREATE && r.ret < 0)) {
		error_set(im->err, line, 0, "%s: size=0 (an object has at least one page)",
			  cevs[e].name);
		return -1;
	}
	if (e == CE_SCAN)
		im->has_scan = true;
	if (grow((void **)&im->recs, &im->cap_recs, im->nrecs, sizeof(r))) {
		error_set(im->err, 0, 0, "out of memory");
		return -1;
	}
	im->recs[im->nrecs++] = r;
	return 0;
}

/* The first line: "# gemsim-capture 1 [page_size=N]". */
static int parse_header(struct imp *im, char *text, unsigned line)
{
	char *s = text + 1, *f;
	unsigned col;
	uint64_t v;

	if (text[0] != '#')
		goto not_ours;
	f = field(&s, text, &col);
	if (!f || strcmp(f, "gemsim-capture"))
		goto not_ours;
	f = field(&s, text, &col);
	if (!f || parse_u64(f, 10, &v))
		goto not_ours;
	if (v != 1) {
		error_set(im->err, line, col,
			  "capture format %" PRIu64 "; this gemsim reads "
			  "format 1",
			  v);
		return -1;
	}
	while ((f = field(&s, text, &col))) {
		if (!strncmp(f, "page_size=", 10) && !parse_u64(f + 10, 10, &v) && v >= 512 &&
		    v <= 65536 && !(v & (v - 1)))
			im->page_size = v;
		else if (strncmp(f, "kernel=", 7))
			return bad(im, line, col,
				   "expected page_size=N (a power of two) or "
				   "kernel=RELEASE, not",
				   f);
	}
	return 0;
not_ours:
	error_set(im->err, line, 0,
		  "not a gemsim capture: the first line must be "
		  "'# gemsim-capture 1' (tools/capture/gemsim-capture.bt writes it)");
	return -1;
}

static int read_all(struct imp *im, FILE *in)
{
	char buf[LINE_MAX_BYTES + 2];
	unsigned line = 0;
	bool header = false;

	while (fgets(buf, sizeof(buf), in)) {
		size_t n = strlen(buf);
		bool nl = n && buf[n - 1] == '\n';

		line++;
		if (!nl && n == sizeof(buf) - 1) {
			error_set(im->err, line, 0, "line longer than %d bytes", LINE_MAX_BYTES);
			return -1;
		}
		if (nl)
			buf[--n] = '\0';
		if (n && buf[n - 1] == '\r')
			buf[--n] = '\0';
		if (memchr(buf, '\0', n)) {
			error_set(im->err, line, 0, "a NUL byte: not a text capture");
			return -1;
		}
		if (!header) {
			if (!n)
				continue;
			if (parse_header(im, buf, line))
				return -1;
			header = true;
			continue;
		}
		if (!n || buf[0] == '#' || !strncmp(buf, "Attaching ", 10))
			continue; /* a comment, or bpftrace's own line without -q */
		if (parse_line(im, buf, line)) {
			if (!nl)
				snprintf(im->err->msg + strlen(im->err->msg),
					 sizeof(im->err->msg) - strlen(im->err->msg),
					 "; the last line has no newline: the capture was cut "
					 "while it was written?");
			return -1;
		}
	}
	if (ferror(in)) {
		error_set(im->err, 0, 0, "read error: %s", strerror(errno));
		return -1;
	}
	if (!header) {
		error_set(im->err, 0, 0, "empty: not a gemsim capture");
		return -1;
	}
	im->sum->lines = im->nrecs;
	return 0;
}

/* ---- conversion ----------------------------------------------------------- */

/* Call order: entry time, then the outer call first, then file order. */
static int rec_cmp(const void *a, const void *b)
{
	const struct crec *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int emit(struct imp *im, const struct crec *r, uint8_t ev, uint32_t bo, uint32_t map,
		int64_t arg)
{
	if (grow((void **)&im->evs, &im->cap_evs, im->nevs, sizeof(*im->evs)))
		return -1;
	im->evs[im->nevs++] = (struct cev_out){
		.at = r->t - im->recs[0].t, .bo = bo, .map = map, .arg = arg, .ev = ev
	};
	return 0;
}

static uint32_t bo_new(struct imp *im, const struct crec *r)
{
	uint64_t pages = (r->size + im->page_size - 1) / im->page_size;
	size_t cap = im->cap_bos;

	if (grow((void **)&im->bos, &cap, im->nbos, sizeof(*im->bos)))
		return UINT32_MAX;
	im->cap_bos = (uint32_t)cap;
	im->bos[im->nbos] = (struct cbo){ .addr = r->obj, .pages = pages, .live = true };
	if (emit(im, r, CE_CREATE, im->nbos, UINT32_MAX, (int64_t)pages) ||
	    amap_put(&im->bo_at, r->obj, im->nbos))
		return UINT32_MAX;
	im->live_pages += pages;
	if (im->live_pages > im->peak_pages)
		im->peak_pages = im->live_pages;
	return im->nbos++;
}

/* A VMA holds a reference: its munmap comes before the object's free, and
 * a VMA of a freed object is one the capture missed the end of. */
static void bo_gone(struct imp *im, uint32_t bo)
{
	im->bos[bo].live = false;
	im->live_pages -= im->bos[bo].pages;
	amap_del(&im->bo_at, im->bos[bo].addr);
}

/* The live mapping at @vma of object @bo, or UINT32_MAX. */
static uint32_t map_find(struct imp *im, uint64_t vma, uint32_t bo)
{
	uint32_t m = amap_get(&im->map_at, vma);

	return m != UINT32_MAX && im->maps[m].bo == bo ? m : UINT32_MAX;
}

static uint32_t map_new(struct imp *im, const struct crec *r, uint32_t bo)
{
	size_t cap = im->cap_maps;

	if (grow((void **)&im->maps, &cap, im->nmaps, sizeof(*im->maps)))
		return UINT32_MAX;
	im->cap_maps = (uint32_t)cap;
	im->maps[im->nmaps] = (struct cmap){ .vma = r->vma, .bo = bo };
	if (emit(im, r, CE_MMAP, bo, im->nmaps, 0) || amap_put(&im->map_at, r->vma, im->nmaps))
		return UINT32_MAX;
	return im->nmaps++;
}

/* A release: replayed only when the capture saw the matching take. */
static int release(struct imp *im, const struct crec *r, uint32_t *count, uint32_t bo)
{
	if (!*count) {
		im->sum->unbalanced++;
		return 0;
	}
	(*count)--;
	return emit(im, r, r->ev, bo, UINT32_MAX, 0);
}

/* A shrinker's slab call: the scan it made (slab_start's total_scan less
 * what slab_end left) when the capture has no scan lines of its own. */
static int slab(struct imp *im, const struct crec *r, size_t i)
{
	if (!r->gpu) {
		im->sum->other_slab += r->ev == CE_SLAB_END;
		return 0;
	}
	if (r->ev != CE_SLAB_END || im->has_scan)
		return 0;
	for (size_t k = i; k-- > 0;) {
		const struct crec *s = &im->recs[k];

		if (s->ev == CE_SLAB_START && s->tid == r->tid && s->shr == r->shr) {
			if (s->total > r->total) {
				im->sum->scans++;
				return emit(im, r, CE_SCAN, UINT32_MAX, UINT32_MAX,
					    s->total - r->total);
			}
			return 0;
		}
	}
	return 0;
}

static int convert_one(struct imp *im, const struct crec *r, size_t i)
{
	uint32_t bo, m;

	if (r->ev == CE_SCAN) {
		if (!r->nr)
			return 0;
		im->sum->scans++;
		return emit(im, r, CE_SCAN, UINT32_MAX, UINT32_MAX, (int64_t)r->nr);
	}
	if (r->ev == CE_SLAB_START || r->ev == CE_SLAB_END)
		return slab(im, r, i);
	if (r->depth) {
		im->sum->nested++;
		return 0;
	}
	if (cevs[r->ev].keys & B(K_RET) && r->ev != CE_FAULT && r->ret < 0) {
		im->sum->failed++;
		return 0;
	}
	bo = amap_get(&im->bo_at, r->obj);
	if (r->ev == CE_CREATE) {
		if (bo != UINT32_MAX)
			bo_gone(im, bo); /* its free was not seen: the address is new again */
		return bo_new(im, r) == UINT32_MAX ? -1 : 0;
	}
	if (bo == UINT32_MAX) {
		bo = bo_new(im, r);
		if (bo == UINT32_MAX)
			return -1;
		im->sum->seen_first++;
	}
	switch (r->ev) {
	case CE_FREE: bo_gone(im, bo); return emit(im, r, CE_FREE, bo, UINT32_MAX, 0);
	case CE_PIN: im->bos[bo].pins++; break;
	case CE_VMAP: im->bos[bo].vmaps++; break;
	case CE_GET_PAGES: im->bos[bo].gets++; break;
	case CE_UNPIN: return release(im, r, &im->bos[bo].pins, bo);
	case CE_VUNMAP: return release(im, r, &im->bos[bo].vmaps, bo);
	case CE_PUT_PAGES: return release(im, r, &im->bos[bo].gets, bo);
	case CE_MADVISE:
		return emit(im, r, CE_MADVISE, bo, UINT32_MAX,
			    r->madv > 127  ? 127 :
			    r->madv < -128 ? -128 :
					     r->madv);
	case CE_MMAP: return map_new(im, r, bo) == UINT32_MAX ? -1 : 0;
	case CE_MUNMAP:
		m = map_find(im, r->vma, bo);
		if (m == UINT32_MAX) {
			im->sum->unbalanced++;
			return 0;
		}
		amap_del(&im->map_at, r->vma);
		return emit(im, r, CE_MUNMAP, bo, m, 0);
	case CE_FAULT:
		m = map_find(im, r->vma, bo);
		if (m == UINT32_MAX) {
			/* mapped before the capture began */
			m = map_new(im, r, bo);
			if (m == UINT32_MAX)
				return -1;
		}
		return emit(im, r, CE_FAULT, bo, m, (int64_t)r->page);
	default: break;
	}
	return emit(im, r, r->ev, bo, UINT32_MAX, 0);
}

/* ---- writing -------------------------------------------------------------- */

static void write_event(FILE *out, const struct cev_out *e, bool last)
{
	fprintf(out, "    { \"at\": \"%" PRIu64 "ns\", \"op\": \"%s\"", e->at, cevs[e->ev].op);
	if (e->ev == CE_SCAN)
		fprintf(out, ", \"nr\": %" PRId64, e->arg);
	else if (e->ev == CE_FAULT)
		fprintf(out, ", \"map\": \"m%" PRIu32 "\", \"page\": %" PRId64, e->map, e->arg);
	else if (e->ev == CE_MUNMAP)
		fprintf(out, ", \"map\": \"m%" PRIu32 "\"", e->map);
	else
		fprintf(out, ", \"bo\": \"bo%" PRIu32 "\"", e->bo);
	if (e->ev == CE_CREATE)
		fprintf(out, ", \"pages\": %" PRId64, e->arg);
	else if (e->ev == CE_MMAP)
		fprintf(out, ", \"map\": \"m%" PRIu32 "\"", e->map);
	else if (e->ev == CE_MADVISE)
		fprintf(out, ", \"advice\": %" PRId64, e->arg);
	fprintf(out, " }%s\n", last ? "" : ",");
}

static void write_scenario(struct imp *im, FILE *out, const struct capture_opts *opts)
{
	struct capture_sum *sum = im->sum;

	fputs("{\n  \"version\": 1,\n  \"name\": ", out);
	text_json(out, opts->name ? opts->name : "capture");
	fputs(",\n  \"description\": ", out);
	{
		char d[600];

		snprintf(d, sizeof(d),
			 "Replays the kernel capture %s (gemsim import bpftrace): "
			 "%" PRIu64 " objects, %" PRIu64 " events over %" PRIu64 " ns.",
			 im->path, sum->objects, sum->replayed, sum->span_ns);
		text_json(out, d);
	}
	fprintf(out,
		",\n  \"x-capture\": { \"lines\": %" PRIu64 ", \"replayed\": %" PRIu64
		", \"nested\": %" PRIu64 ", \"failed\": %" PRIu64 ", \"unbalanced\": %" PRIu64
		", \"seen_first\": %" PRIu64 ", \"scans\": %" PRIu64 ", \"other_slab\": %" PRIu64
		",\n    \"objects\": {",
		sum->lines, sum->replayed, sum->nested, sum->failed, sum->unbalanced,
		sum->seen_first, sum->scans, sum->other_slab);
	for (uint32_t i = 0; i < im->nbos; i++)
		fprintf(out, "%s \"bo%" PRIu32 "\": \"0x%" PRIx64 "\"", i ? "," : "", i,
			im->bos[i].addr);
	/* the helpers the script probes are mainline's (6.15 and later) */
	fprintf(out,
		" } },\n  \"model\": { \"kernel\": \"mainline\" },\n  \"memory\": { \"ram_pages\": %" PRIu64
		", \"swap_pages\": %" PRIu64 ", \"page_size\": %" PRIu64 " },\n  \"events\": [\n",
		sum->ram_pages, sum->ram_pages, im->page_size);
	for (size_t i = 0; i < im->nevs; i++)
		write_event(out, &im->evs[i], i + 1 == im->nevs);
	fputs("  ]\n}\n", out);
}

int capture_import(FILE *in, const char *path, FILE *out, const struct capture_opts *opts,
		   struct capture_sum *sum, struct sim_error *err)
{
	struct imp im = { .path = path, .err = err, .page_size = 4096, .sum = sum };
	int ret = -1;

	memset(sum, 0, sizeof(*sum));
	memset(err, 0, sizeof(*err));
	err->file = path;
	if (read_all(&im, in))
		goto out;
	if (!im.nrecs) {
		error_set(err, 0, 0,
			  "no calls in the capture (did anything use a shmem "
			  "GEM driver while it ran? docs/capture.md)");
		goto out;
	}
	qsort(im.recs, im.nrecs, sizeof(*im.recs), rec_cmp);
	for (size_t i = 0; i < im.nrecs; i++) {
		if (convert_one(&im, &im.recs[i], i)) {
			error_set(err, 0, 0, "out of memory");
			goto out;
		}
	}
	if (!im.nevs) {
		error_set(err, 0, 0,
			  "nothing to replay: every call was nested, failed or "
			  "released a reference taken before the capture");
		goto out;
	}
	sum->replayed = im.nevs;
	sum->objects = im.nbos;
	sum->span_ns = im.recs[im.nrecs - 1].t - im.recs[0].t;
	if (opts->ram_bytes)
		sum->ram_pages = (opts->ram_bytes + im.page_size - 1) / im.page_size;
	else
		sum->ram_pages = im.peak_pages ? im.peak_pages : 1;
	write_scenario(&im, out, opts);
	ret = 0;
out:
	free(im.recs);
	free(im.bos);
	free(im.maps);
	free(im.evs);
	amap_free(&im.bo_at);
	amap_free(&im.map_at);
	return ret;
}
