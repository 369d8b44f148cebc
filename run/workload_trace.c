// SPDX-License-Identifier: MIT
/*
 * run/workload_trace.c - trace replay (docs/workloads.md): a trace
 * workload's file streamed through a block buffer, one line (or binary
 * record) per firing.
 *
 * Request traces (ids, libCacheSim's oracleGeneral binary and its csv)
 * make a CPU access per request of a one-page object, created on first
 * sight; their integer ids map to object slots in an open-addressing
 * table, never through a name hash.  The per-request path (wl_fire(), the
 * readers, the id table, the touch) is all in this file, so the compiler
 * sees it whole.  gemsim's own csv trace is parsed in run/workload_csv.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gem/shm.h"
#include "run/run.h"
#include "run/workload.h"
#include "run/workload_int.h"
#include "run/workload_ids.h"
#include "base/grow.h"
#include "base/hugemem.h"

/* ---- trace --------------------------------------------------------------- */

/* cold: kept out of line, so the request path carries no va_list set-up */
__attribute__((format(printf, 3, 4), cold, noinline)) int
wl_trace_fail(struct wl_set *ws, struct wl_run *r, const char *fmt, ...)
{
	char msg[SIM_ERROR_MSG];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(ws->error, sizeof(ws->error), "%s:%" PRIu64 ": %s", r->w->trace, r->line, msg);
	return -1;
}

/*
 * Make at least @want bytes readable at r->rb + r->rpos, unless the file
 * ends first.  Returns 0, or -1 on a read error.
 */
static int trace_fill(struct wl_run *r, size_t want)
{
	while (r->rlen - r->rpos < want && !r->reof) {
		if (r->rpos) {
			memmove(r->rb, r->rb + r->rpos, r->rlen - r->rpos);
			r->rlen -= r->rpos;
			r->rpos = 0;
			r->rgen++; /* the read-ahead's positions are stale */
		}

		size_t got = fread(r->rb + r->rlen, 1, WL_TRACE_BLOCK - r->rlen, r->trace);

		r->rlen += got;
		if (got == 0) {
			if (ferror(r->trace))
				return -1;
			r->reof = true;
		}
	}
	return 0;
}

/*
 * Read one line of at most WL_TRACE_LINE - 2 bytes into r->buf, without its
 * newline.  Returns the length, -1 at end of file, -2 when the line is too
 * long (the rest of it is not read: a file without newlines, /dev/zero
 * say, must not be pulled into memory), -3 on a read error.  *nul is set
 * when the line holds a NUL byte.
 */
static long trace_getline(struct wl_run *r, bool *nul)
{
	const size_t max = WL_TRACE_LINE - 2;
	const unsigned char *p, *nl;
	size_t avail, n;

	for (;;) {
		p = r->rb + r->rpos;
		avail = r->rlen - r->rpos;
		nl = memchr(p, '\n', avail < max + 1 ? avail : max + 1);
		if (nl || avail > max || r->reof)
			break;
		if (trace_fill(r, avail + 1))
			return -3;
	}
	n = nl ? (size_t)(nl - p) : avail;
	if (n > max)
		return -2;
	if (!nl && n == 0)
		return -1;
	memcpy(r->buf, p, n);
	r->buf[n] = '\0';
	*nul = memchr(p, '\0', n) != NULL;
	r->rpos += n + (nl != NULL);
	return (long)n;
}

/*
 * Read the next non-empty, non-comment line into r->buf; 0 at end of file,
 * -1 on error.  The reader counts bytes itself, so a NUL byte inside a line
 * is seen rather than silently cutting it, and a line is never longer
 * than the buffer.
 */
int wl_trace_read(struct wl_set *ws, struct wl_run *r, char **out)
{
	if (!r->buf && !(r->buf = malloc(WL_TRACE_LINE)))
		return wl_trace_fail(ws, r, "out of memory");
	if (!r->rb && !(r->rb = malloc(WL_TRACE_BLOCK)))
		return wl_trace_fail(ws, r, "out of memory");
	for (;;) {
		bool nul;
		long n = trace_getline(r, &nul);

		if (n == -1)
			return 0;
		if (n == -3)
			return wl_trace_fail(ws, r, "read error");
		r->line++;
		if (n == -2)
			return wl_trace_fail(ws, r, "line longer than %d bytes", WL_TRACE_LINE - 2);
		if (nul)
			return wl_trace_fail(ws, r, "NUL byte in line");

		char *buf = r->buf;

		/* a UTF-8 byte order mark (Windows editors write one) opens the file */
		if (r->line == 1 && n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
			buf += 3;
			n -= 3;
		}
		/* trailing blanks, a tab as a space (leading ones go below) */
		while (n && (buf[n - 1] == '\r' || buf[n - 1] == ' ' || buf[n - 1] == '\t'))
			buf[--n] = '\0';
		while (*buf == ' ' || *buf == '\t')
			buf++;
		if (*buf && *buf != '#') {
			*out = buf;
			return 1;
		}
	}
}

/*
 * Whether @name is an integer in canonical decimal ("0", "17"; not "007",
 * "+1" or past UINT64_MAX), and its value: such names go through the id
 * table, every other through the name table, so one name always finds one
 * object whichever trace format said it.
 */
bool wl_trace_int_name(const char *name, size_t len, uint64_t *id)
{
	uint64_t v = 0;

	if (len == 0 || len > 20 || (name[0] == '0' && len > 1))
		return false;
	/* 19 digits cannot overflow; only the 20th is checked */
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned)(unsigned char)name[i] - '0';

		if (d > 9)
			return false;
		if (i < 19)
			v = v * 10 + d;
		else if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, d, &v))
			return false;
	}
	*id = v;
	return true;
}

/* @id in decimal into @out (24 bytes): snprintf costs ~700 instructions a call. */
static const char *u64_text(uint64_t id, char out[24])
{
	char *p = out + 23;

	*p = '\0';
	do {
		*--p = (char)('0' + id % 10);
		id /= 10;
	} while (id);
	return p;
}

/* Add @id -> @slot (@id not present); 0, or -1 when out of memory. */
static int idmap_add(struct idmap *m, uint64_t id, uint32_t slot)
{
	if (2 * (m->n + 1) > m->cap) {
		struct idmap g = { .cap = m->cap ? 2 * m->cap : 1024,
				   .shift = m->cap ? m->shift - 1 : 64 - 10 };

		if (g.cap < m->cap)
			return -1;
		g.ents = hugemem_realloc(NULL, 0, g.cap * sizeof(*g.ents));
		if (!g.ents)
			return -1;
		for (uint32_t i = 0; i < g.cap; i++)
			g.ents[i].slot = SIM_NONE;
		for (uint32_t i = 0; i < m->cap; i++)
			if (m->ents[i].slot != SIM_NONE)
				*idmap_bucket(&g, m->ents[i].key) = m->ents[i];
		g.n = m->n;
		free(m->ents);
		*m = g;
	}

	struct idmap_ent *e = idmap_bucket(m, id);

	SIM_ASSERT(e->slot == SIM_NONE);
	*e = (struct idmap_ent){ .key = id, .slot = slot, .map = SIM_NONE };
	m->n++;
	return 0;
}

/*
 * Slot of the object a trace names by integer @id (@name its decimal text,
 * or NULL to have it written here): the scenario's, else the trace's own,
 * created when @create (named after @id for messages, traces, the viewer).
 */
static uint32_t trace_bo_id(struct sim *s, struct wl_set *ws, uint64_t id, const char *name,
			    bool create)
{
	char text[24];
	uint32_t slot;

	if (ws->sc_int_names) {
		if (!name)
			name = u64_text(id, text);
		slot = scenario_find(ws->sc, SIM_K_BO, name);
		if (slot != SIM_NONE)
			return slot;
	}
	slot = idmap_find(&ws->ids, id);
	if (slot != SIM_NONE || !create)
		return slot;
	if (!name)
		name = u64_text(id, text);
	slot = new_bo_slot(ws);
	if (idmap_add(&ws->ids, id, slot) || sim_set_bo_name(s, slot, name))
		return SIM_NONE;
	return slot;
}

/* Slot of an object named in a trace: the scenario's, else the trace's own. */
uint32_t wl_trace_bo(struct sim *s, struct wl_set *ws, const char *name, bool create)
{
	uint64_t id;

	if (wl_trace_int_name(name, strlen(name), &id))
		return trace_bo_id(s, ws, id, name, create);

	uint32_t slot = scenario_find(ws->sc, SIM_K_BO, name);

	if (slot != SIM_NONE)
		return slot;
	slot = scenario_find(ws->dyn, SIM_K_BO, name);
	if (slot != SIM_NONE)
		return ws->dyn_slot[slot];
	if (!create)
		return SIM_NONE;
	slot = scenario_slot(ws->dyn, SIM_K_BO, name);
	if (slot == SIM_NONE)
		return SIM_NONE;
	if (grow_array(ws->dyn_slot, ws->cap_dyn_slot, (uint64_t)slot + 1, 64))
		return SIM_NONE;
	ws->dyn_slot[slot] = new_bo_slot(ws);
	/* so traces, messages and the viewer say "tex3", not "bo#41" */
	if (sim_set_bo_name(s, ws->dyn_slot[slot], name))
		return SIM_NONE;
	return ws->dyn_slot[slot];
}

/* The implicit mapping a trace's "access" goes through, made on first use. */
int wl_trace_touch(struct sim *s, struct wl_set *ws, uint32_t bo, uint64_t page)
{
	if (bo >= ws->cap_dyn_map) {
		uint32_t old = ws->cap_dyn_map;

		if (grow_array(ws->dyn_map, ws->cap_dyn_map, (uint64_t)bo + 1, 64))
			return GEMSIM_ENOMEM;
		for (uint32_t i = old; i < ws->cap_dyn_map; i++)
			ws->dyn_map[i] = SIM_NONE;
	}
	if (ws->dyn_map[bo] == SIM_NONE) {
		uint32_t map = ws->next_map++;
		int ret = shm_mmap(s, bo, map, false);

		if (ret < 0)
			return ret;
		ws->dyn_map[bo] = map;
	}
	return shm_cpu_access(s, ws->dyn_map[bo], page, page, false);
}

/*
 * One request of a request trace (ids, oracleGeneral, libcachesim_csv): a
 * CPU access of a one-page object, created on first sight.  The object is
 * named by integer @id when @is_int, else by @name.
 */
static __attribute__((noinline)) void trace_request(struct sim *s, struct wl_set *ws,
						    struct wl_run *r, bool is_int, uint64_t id,
						    const char *name, int *oom)
{
	/* the common case inline: an integer id no scenario object is named after */
	uint32_t bo = !is_int          ? wl_trace_bo(s, ws, name, false) :
		      ws->sc_int_names ? trace_bo_id(s, ws, id, name, false) :
					 idmap_find(&ws->ids, id);
	int ret = 0;

	*oom = 0;
	if (bo == SIM_NONE) {
		bo = is_int ? trace_bo_id(s, ws, id, name, true) : wl_trace_bo(s, ws, name, true);
		if (bo == SIM_NONE) {
			*oom = 1;
			return;
		}
		ret = shm_create(s, bo, 1, 0);
	}
	if (ret == 0)
		ret = wl_trace_touch(s, ws, bo, 0);
	r->st.actions++;
	if (ret < 0)
		r->st.errors++;
	/* the mapping made (or found), for trace_request_int() next time */
	if (is_int && !ws->sc_int_names && bo < ws->cap_dyn_map) {
		struct idmap_ent *e = idmap_get(&ws->ids, id);

		if (e && e->slot == bo)
			e->map = ws->dyn_map[bo];
	}
}

/*
 * A request for integer @id: when the id was met before and its mapping
 * made (its entry knows the mapping: ws->dyn_map[slot], which never
 * changes once set), the access alone, which is what trace_request()
 * would do; else trace_request().  Millions a run: one hash probe and one
 * call into the model for most requests.
 */
static inline __attribute__((always_inline)) void
trace_request_int(struct sim *s, struct wl_set *ws, struct wl_run *r, uint64_t id, int *oom)
{
	const struct idmap_ent *e;

	if (!ws->sc_int_names && (e = idmap_get(&ws->ids, id)) && e->map != SIM_NONE) {
		*oom = 0;
		r->st.actions++;
		if (shm_cpu_access(s, e->map, 0, 0, false) < 0)
			r->st.errors++;
		return;
	}
	trace_request(s, ws, r, true, id, NULL, oom);
}

/*
 * The id of an ids line or a libcachesim_csv column, @len bytes at @p
 * (NUL-terminated there): a request, or -1 with the reason in ws->error.
 */
static int trace_request_text(struct sim *s, struct wl_set *ws, struct wl_run *r, const char *p,
			      size_t len)
{
	uint64_t id = 0;
	int oom;

	if (len > 64)
		return wl_trace_fail(ws, r, "id longer than 64 characters");
	bool is_int = wl_trace_int_name(p, len, &id);

	trace_request(s, ws, r, is_int, id, p, &oom);
	return oom ? wl_trace_fail(ws, r, "out of memory") : 0;
}

/*
 * The next line of an ids trace, read straight from the block buffer when
 * it is an integer in canonical decimal of at most 19 digits ending in a
 * newline, the usual line: 1 with *@id set and the line consumed.  0 for
 * anything else (blank, comment, name, CRLF, a line the buffer does not
 * hold whole), the buffer untouched: wl_trace_read() then takes it, with every
 * check.
 */
static int trace_ids_fast(struct wl_run *r, uint64_t *id)
{
	size_t pos;

	if (!r->rb)
		return 0;
	/* read ahead already (trace_prefetch_ids()), by the same rules */
	if (r->pf_pos && r->pf_gen == r->rgen && r->line == r->pf_line && r->rpos == r->pf_rpos) {
		*id = r->pf_ids[r->pf_head];
		r->rpos = r->pf_end[r->pf_head];
		r->line++;
		return 1;
	}
	if (r->rlen - r->rpos < 21 && (r->reof || trace_fill(r, 21)))
		return 0;
	pos = r->rpos;
	if (!ids_peek(r, &pos, id))
		return 0;
	r->rpos = pos;
	r->line++;
	return 1;
}

/*
 * The next libCacheSim oracleGeneral record (wl_oracle_id() has its
 * layout) with a non-zero size: 1 with its id, 0 at the end of the file,
 * -1 on error.
 * Records of size 0 are skipped, as libCacheSim's reader does by default.
 */
static int trace_oracle_next(struct wl_set *ws, struct wl_run *r, uint64_t *id)
{
	if (!r->rb && !(r->rb = malloc(WL_TRACE_BLOCK)))
		return wl_trace_fail(ws, r, "out of memory");
	for (;;) {
		if (r->rlen - r->rpos < WL_ORACLE_REC && trace_fill(r, WL_ORACLE_REC))
			return wl_trace_fail(ws, r, "read error");

		size_t avail = r->rlen - r->rpos;
		const unsigned char *p = r->rb + r->rpos;

		if (avail == 0)
			return 0;
		r->line++;
		if (avail < WL_ORACLE_REC) {
			snprintf(ws->error, sizeof(ws->error),
				 "%s: record %" PRIu64 " (byte %" PRIu64
				 "): truncated, %zu of %d bytes (not an oracleGeneral trace?)",
				 r->w->trace, r->line, (r->line - 1) * WL_ORACLE_REC, avail,
				 WL_ORACLE_REC);
			return -1;
		}
		r->rpos += WL_ORACLE_REC;
		if (wl_oracle_size(p)) {
			*id = wl_oracle_id(p);
			return 1;
		}
	}
}

/* trace_oracle_next(), a whole record of non-zero size in the buffer inline. */
static inline __attribute__((always_inline)) int trace_oracle_get(struct wl_set *ws,
								  struct wl_run *r, uint64_t *id)
{
	if (r->rlen - r->rpos >= WL_ORACLE_REC && wl_oracle_size(r->rb + r->rpos)) {
		*id = wl_oracle_id(r->rb + r->rpos);
		r->rpos += WL_ORACLE_REC;
		r->line++;
		return 1;
	}
	return trace_oracle_next(ws, r, id);
}

/*
 * The object id of a libcachesim_csv line: column w->id_col (from 1) of
 * @line split at w->delimiter, blanks around it dropped.  Returns its
 * length (the id NUL-terminated in place at *out), or -1 on error.
 */
static long trace_lcs_field(struct wl_set *ws, struct wl_run *r, char *line, char **out)
{
	const struct sim_workload *w = r->w;
	char *p = line, *end;
	uint32_t col = 1;

	for (; col < w->id_col; col++) {
		p = strchr(p, w->delimiter);
		if (!p)
			return wl_trace_fail(ws, r,
					     "expected at least %u columns (obj_id_col), got %u",
					     w->id_col, col);
		p++;
	}
	end = strchr(p, w->delimiter);
	if (!end)
		end = p + strlen(p);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == p)
		return wl_trace_fail(ws, r, "empty object id in column %u", w->id_col);
	*end = '\0';
	*out = p;
	return end - p;
}

/*
 * Fire a request trace (ids, oracleGeneral, libcachesim_csv): one request,
 * the next "interval" later.  Kept apart from the csv reader, whose 4 KiB
 * line copy on the stack every request would otherwise pay for.
 */
static int trace_fire_requests(struct sim *s, struct wl_set *ws, struct wl_run *r, sim_ns *next)
{
	const struct sim_workload *w = r->w;
	uint64_t id = 0;
	int oom, got;

	if (w->trace_fmt == SIM_TRACE_ORACLE) {
		got = trace_oracle_get(ws, r, &id);
		if (got <= 0) {
			*next = UINT64_MAX;
			return got;
		}
		trace_prefetch_oracle(s, ws, r);
		trace_request_int(s, ws, r, id, &oom);
		if (oom)
			return wl_trace_fail(ws, r, "out of memory");
		*next = sim_time_add(s->now, w->interval);
		return 0;
	}
	if (w->trace_fmt == SIM_TRACE_IDS && trace_ids_fast(r, &id)) {
		trace_prefetch_ids(s, ws, r);
		trace_request_int(s, ws, r, id, &oom);
		if (oom)
			return wl_trace_fail(ws, r, "out of memory");
		*next = sim_time_add(s->now, w->interval);
		return 0;
	}
	for (;;) {
		char *line = NULL, *p = NULL;
		long len = 0;

		got = wl_trace_read(ws, r, &line);
		if (got <= 0) {
			*next = UINT64_MAX;
			return got;
		}
		if (w->trace_fmt == SIM_TRACE_IDS) {
			/* one pass: the length, and no separator inside */
			for (p = line; p[len]; len++)
				if (p[len] == ' ' || p[len] == '\t' || p[len] == ',')
					return wl_trace_fail(ws, r,
							     "an ids trace has one id per line");
		} else {
			if (w->has_header && !r->header_done) {
				r->header_done = true;
				continue;
			}
			len = trace_lcs_field(ws, r, line, &p);
			if (len < 0)
				return -1;
		}
		if (trace_request_text(s, ws, r, p, (size_t)len))
			return -1;
		*next = sim_time_add(s->now, w->interval);
		return 0;
	}
}

/*
 * The trace part of wl_fire(): one firing of trace workload @r, then its
 * next firing scheduled (or the workload finished), or run at once when
 * the engine lets it run ahead (sim_run_ahead(): nothing else due first).
 * Apart from wl_fire() so that a request, a million times a run, does not
 * pay the general firing's frame.
 */
int wl_trace_step(struct sim *s, struct wl_set *ws, struct wl_run *r, uint32_t idx)
{
	for (;;) {
		sim_ns next = UINT64_MAX;
		int ret = r->w->trace_fmt == SIM_TRACE_CSV ? wl_trace_fire_csv(s, ws, r, &next) :
							     trace_fire_requests(s, ws, r, &next);

		if (ret)
			return -1;
		if (next == UINT64_MAX || out_of_time(r->w, next)) {
			r->finished = true;
			return 0;
		}
		if (next > SIM_TIME_MAX)
			return wl_time_past(s, r, next);
		if (!sim_run_ahead(s, next)) {
			sim_schedule(s, next, SIM_Q_WORKLOAD, idx);
			return 0;
		}
	}
}

/*
 * A trace file must be a regular file: a FIFO with no writer would block
 * the run forever in open(), a directory or a device is no trace.  The
 * check is on the open descriptor (O_NONBLOCK so the open itself cannot
 * block), so the file cannot change between the check and the reads.
 * Returns: the stream, or NULL with errno set.
 */
FILE *wl_open_trace(const char *path)
{
	struct stat st;
	FILE *f;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st)) {
		int e = errno;

		close(fd);
		errno = e;
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL; /* "not a regular file" below */
		return NULL;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	f = fdopen(fd, "r");
	if (!f)
		close(fd);
	return f;
}

static volatile uint64_t wl_parse_sink;

/*
 * The reader of trace_fire_requests() without the model: each request's id decoded
 * (integer or name) and summed, so none of the work can be left out.
 */
int wl_trace_parse_only(const struct sim_workload *w, uint64_t *requests, char *err, size_t errlen)
{
	struct wl_set ws = { 0 };
	struct wl_run r = { .w = w };
	uint64_t n = 0, sum = 0, id = 0;
	int ret = 0;

	*requests = 0;
	if (w->type != SIM_WL_TRACE || w->trace_fmt == SIM_TRACE_CSV) {
		snprintf(err, errlen, "not a request trace");
		return -1;
	}
	r.trace = wl_open_trace(w->trace);
	if (!r.trace) {
		snprintf(err, errlen, "%s: cannot open trace: %s", w->trace, strerror(errno));
		return -1;
	}
	for (;;) {
		char *line = NULL, *p;
		long len;
		int got;

		if (w->trace_fmt == SIM_TRACE_ORACLE) {
			got = trace_oracle_next(&ws, &r, &id);
			if (got <= 0) {
				ret = got;
				break;
			}
			sum += id;
			n++;
			continue;
		}
		got = wl_trace_read(&ws, &r, &line);
		if (got <= 0) {
			ret = got;
			break;
		}
		if (w->trace_fmt == SIM_TRACE_LCS_CSV) {
			if (w->has_header && !r.header_done) {
				r.header_done = true;
				continue;
			}
			len = trace_lcs_field(&ws, &r, line, &p);
			if (len < 0) {
				ret = -1;
				break;
			}
		} else {
			p = line;
			len = (long)strlen(line);
		}
		sum += wl_trace_int_name(p, (size_t)len, &id) ? id : (uint64_t)(unsigned char)p[0];
		n++;
	}
	if (ret < 0)
		snprintf(err, errlen, "%s", ws.error);
	fclose(r.trace);
	free(r.buf);
	free(r.rb);
	wl_parse_sink = sum; /* so the decoding cannot be left out */
	*requests = n;
	return ret < 0 ? -1 : 0;
}

int wl_fire(struct sim *s, struct wl_set *ws, uint32_t idx)
{
	struct wl_run *r = &ws->runs[idx];

	if (r->w->type == SIM_WL_TRACE && r->set_up && !r->finished)
		return wl_trace_step(s, ws, r, idx);
	return wl_fire_general(s, ws, idx);
}
