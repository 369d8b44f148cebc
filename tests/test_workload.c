// SPDX-License-Identifier: MIT
/*
 * tests/test_workload.c - workload generators: determinism, patterns,
 * pressure waves, churn, trace replay and its errors, and the loader's
 * checks of the "workloads" block.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gem/pg.h"
#include "gem/shm.h"
#include "run/load.h"
#include "run/run.h"

struct ran {
	struct scenario *sc;
	struct sim *s;
	struct run_result r;
	int code;
};

static void run_text(struct ran *x, const char *json)
{
	struct sim_error err;

	memset(x, 0, sizeof(*x));
	x->sc = scenario_load_text("t.json", json, strlen(json), NULL, &err);
	if (!x->sc)
		ck_abort_msg("load failed: %d:%d: %s", err.line, err.col, err.msg);
	x->s = run_setup(x->sc);
	ck_assert_ptr_nonnull(x->s);
	x->code = run_scenario(x->s, x->sc, &x->r);
}

static void done(struct ran *x)
{
	gem_sim_destroy(x->s);
	scenario_free(x->sc);
}

/* Load errors: the message, and where. */
static void load_fails(const char *json, unsigned line, const char *msg_part)
{
	struct sim_error err;
	struct scenario *sc = scenario_load_text("t.json", json, strlen(json), NULL, &err);

	ck_assert_ptr_null(sc);
	if (!strstr(err.msg, msg_part))
		ck_abort_msg("message \"%s\" lacks \"%s\"", err.msg, msg_part);
	ck_assert_uint_eq(err.line, line);
}

#define HEAD "{\"version\":1,\"memory\":{\"ram_pages\":256,\"swap_pages\":4096},"

/* A CPU workload over 16 objects; %s: more top-level keys, %s: the pattern. */
#define CPU_FMT                                                              \
	HEAD "%s\"objects\":[{\"name\":\"o\",\"count\":16,\"pages\":32}],\n" \
	     "\"workloads\":[{\"type\":\"cpu_access\",\"objects\":\"o*\",%s" \
	     "\"rate\":100000,\"count\":5000}]}"
#define ZIPF "\"pattern\":\"zipf\",\"zipf_s\":1.2,"

static char cpu_zipf[512];

static void cpu_text(char *buf, size_t len, const char *extra, const char *pattern)
{
	snprintf(buf, len, CPU_FMT, extra, pattern);
}

START_TEST(test_same_seed_gives_the_same_run)
{
	struct ran a, b;

	cpu_text(cpu_zipf, sizeof(cpu_zipf), "", ZIPF);
	run_text(&a, cpu_zipf);
	run_text(&b, cpu_zipf);
	ck_assert_int_eq(memcmp(&a.s->stats, &b.s->stats, sizeof(a.s->stats)), 0);
	ck_assert_uint_eq(a.r.workloads[0].actions, 5000);
	ck_assert_uint_eq(a.s->now, b.s->now);
	done(&a);
	done(&b);
}
END_TEST

START_TEST(test_another_seed_gives_another_run)
{
	struct ran a, b;
	char other[512];

	cpu_text(cpu_zipf, sizeof(cpu_zipf), "", ZIPF);
	cpu_text(other, sizeof(other), "\"seed\":99,", ZIPF);
	run_text(&a, cpu_zipf);
	run_text(&b, other);
	ck_assert_uint_ne(a.s->stats.pages_swapped_in, b.s->stats.pages_swapped_in);
	done(&a);
	done(&b);
}
END_TEST

START_TEST(test_count_and_rate_set_actions_and_end_time)
{
	struct ran a;

	cpu_text(cpu_zipf, sizeof(cpu_zipf), "", ZIPF);
	run_text(&a, cpu_zipf);
	/* 5000 actions 10us apart: the last at 49.99ms */
	ck_assert_uint_eq(a.s->now, 4999 * 10000ull);
	done(&a);
}
END_TEST

START_TEST(test_loop_over_more_than_ram_swaps_every_object_in)
{
	struct ran a;

	run_text(&a, HEAD
		 "\"objects\":[{\"name\":\"o\",\"count\":10,\"pages\":32}],"
		 "\"workloads\":[{\"type\":\"cpu_access\",\"objects\":\"o*\",\"pattern\":\"loop\","
		 "\"interval\":1,\"count\":3200}]}");
	/* 10 objects x 32 pages = 320 > 256 frames: each pass swaps all in. */
	ck_assert_uint_eq(a.s->stats.cpu_faults, 3200);
	ck_assert_uint_ge(a.s->stats.objects_swapped_in, 9 * 9);
	done(&a);
}
END_TEST

/*
 * A loop once over every page of objects of one size reaches each page of
 * each object once: the object of a page is found by a shift (sizes 1, 4,
 * 8), a division (3) or a search (mixed sizes).
 */
START_TEST(test_loop_touches_each_page_of_each_object_once)
{
	static const char *const objects[] = {
		"{\"name\":\"o\",\"count\":5,\"pages\":1}",
		"{\"name\":\"o\",\"count\":5,\"pages\":3}",
		"{\"name\":\"o\",\"count\":5,\"pages\":4}",
		"{\"name\":\"o\",\"count\":5,\"pages\":8}",
		"{\"name\":\"o0\",\"pages\":2},{\"name\":\"o1\",\"pages\":5},"
		"{\"name\":\"o2\",\"pages\":1},{\"name\":\"o3\",\"pages\":7}",
	};
	static const unsigned total[] = { 5, 15, 20, 40, 15 };

	for (unsigned k = 0; k < sizeof(objects) / sizeof(objects[0]); k++) {
		char json[1024];
		struct ran a;
		uint64_t mapped = 0;

		snprintf(json, sizeof(json),
			 HEAD "\"objects\":[%s],\"workloads\":[{\"type\":"
			      "\"cpu_access\",\"objects\":\"o*\",\"pattern\":\"loop\","
			      "\"interval\":1,\"count\":%u}]}",
			 objects[k], total[k]);
		run_text(&a, json);
		ck_assert_uint_eq(a.r.workloads[0].errors, 0);
		ck_assert_uint_eq(a.s->stats.cpu_faults, total[k]);
		for (uint32_t bo = 0; bo < shm_slot_count(a.s); bo++) {
			const struct shm_object *o = shm_get(a.s, bo);

			for (uint64_t p = 0; o && p < o->npages; p++)
				mapped += shm_page_cpu_mapped(a.s, bo, p);
		}
		ck_assert_uint_eq(mapped, total[k]);
		done(&a);
	}
}
END_TEST

START_TEST(test_zipf_is_kinder_than_uniform_to_lru)
{
	struct ran z, u;
	char uni[512];

	cpu_text(cpu_zipf, sizeof(cpu_zipf), "", ZIPF);
	cpu_text(uni, sizeof(uni), "", "\"pattern\":\"uniform\",");
	run_text(&z, cpu_zipf);
	run_text(&u, uni);
	ck_assert_uint_lt(z.s->stats.pages_swapped_in, u.s->stats.pages_swapped_in);
	done(&z);
	done(&u);
}
END_TEST

START_TEST(test_phases_move_the_working_set)
{
	struct ran a;

	/* 4 objects per 10ms phase among 16: each phase brings new ones in. */
	run_text(
		&a, HEAD
		"\"objects\":[{\"name\":\"o\",\"count\":16,\"pages\":32}],"
		"\"workloads\":[{\"type\":\"cpu_access\",\"objects\":\"o*\",\"pattern\":\"phases\","
		"\"working_set\":128,\"phase\":\"10ms\",\"rate\":100000,\"end\":\"40ms\"}]}");
	ck_assert_uint_gt(a.s->stats.objects_swapped_in, 0);
	ck_assert_uint_eq(a.r.workloads[0].errors, 0);
	done(&a);
}
END_TEST

/* Found by fuzz-load: a job could never find per_job distinct objects. */
START_TEST(test_gpu_jobs_find_distinct_objects_whatever_the_pattern)
{
	static const char *const patterns[] = {
		"\"pattern\":\"zipf\",\"zipf_s\":10,",
		"\"pattern\":\"phases\",\"working_set\":2,\"phase\":\"1ms\",",
		"\"pattern\":\"loop\",",
		"",
	};

	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		char json[1024];
		struct ran a;

		snprintf(
			json, sizeof(json),
			HEAD
			"\"vms\":[{\"name\":\"vm0\"}],"
			"\"objects\":[{\"name\":\"o\",\"count\":8,\"pages\":4}],"
			"\"workloads\":[{\"type\":\"gpu_jobs\",\"vm\":\"vm0\",\"objects\":\"o*\",%s"
			"\"per_job\":8,\"duration\":\"10us\",\"interval\":\"20us\",\"count\":50}]}",
			patterns[i]);
		run_text(&a, json);
		ck_assert_uint_eq(a.r.workloads[0].actions, 50);
		ck_assert_uint_eq(a.r.workloads[0].errors, 0);
		ck_assert_uint_eq(a.s->stats.jobs_completed, 50);
		done(&a);
	}
}
END_TEST

START_TEST(test_pressure_square_wave_holds_then_gives_back)
{
	struct ran a;

	run_text(
		&a, HEAD
		"\"events\":[],\"workloads\":[{\"type\":\"pressure\",\"shape\":\"square\","
		"\"low\":10,\"high\":100,\"period\":\"10ms\",\"interval\":\"1ms\",\"end\":\"20ms\"}]}");
	/* low 10, up to 100, down to 10, up to 100: 190 taken in all */
	ck_assert_uint_eq(a.s->stats.pressure_pages, 190);
	/* given back when the workload ends */
	ck_assert_uint_eq(pg_other_frames(a.s), 0);
	done(&a);
}
END_TEST

START_TEST(test_pressure_sine_peaks_at_high)
{
	struct ran a;

	run_text(
		&a, HEAD
		"\"events\":[],\"workloads\":[{\"type\":\"pressure\",\"shape\":\"sine\","
		"\"low\":0,\"high\":200,\"period\":\"100ms\",\"interval\":\"1ms\",\"count\":51}]}");
	/* 0 at the start, 200 exactly at half a period (the 51st action) */
	ck_assert_uint_eq(a.s->stats.pressure_pages, 200);
	done(&a);
}
END_TEST

START_TEST(test_churn_frees_everything_it_made)
{
	struct ran a;

	run_text(&a, HEAD "\"events\":[],\"workloads\":[{\"type\":\"churn\",\"min_size\":\"4KiB\","
			  "\"max_size\":\"64KiB\",\"size_dist\":\"log\",\"lifetime\":\"3ms\","
			  "\"interval\":\"1ms\",\"count\":50}]}");
	ck_assert_uint_eq(a.s->stats.objects_created, 50);
	ck_assert_uint_eq(a.s->stats.objects_freed, 50);
	ck_assert_uint_eq(a.s->warnings, 0);
	ck_assert_uint_eq(pg_free_frames(a.s), 256);
	/* the last object dies 3ms after the 50th creation */
	ck_assert_uint_eq(a.s->now, 49 * 1000000ull + 3000000ull);
	done(&a);
}
END_TEST

/* Churn objects are named after the workload that made them and their number. */
START_TEST(test_churn_objects_are_named_by_workload_and_number)
{
	struct ran a;

	run_text(
		&a, HEAD
		"\"events\":[],\"workloads\":[{\"type\":\"pressure\",\"low\":1,"
		"\"high\":1,\"period\":\"2ms\",\"interval\":\"1ms\",\"count\":1},{\"type\":\"churn\","
		"\"min_size\":\"4KiB\",\"max_size\":\"4KiB\",\"lifetime\":\"10ms\","
		"\"interval\":\"1ms\",\"count\":3}]}");
	ck_assert_uint_eq(a.s->stats.objects_created, 3);
	ck_assert_str_eq(sim_name(a.s, SIM_K_BO, 0), "churn1.0");
	ck_assert_str_eq(sim_name(a.s, SIM_K_BO, 2), "churn1.2");
	ck_assert_str_eq(sim_name(a.s, SIM_K_BO, 3), "bo#3"); /* never made */
	done(&a);
}
END_TEST

START_TEST(test_poisson_arrivals_keep_the_mean_rate)
{
	struct ran a;

	run_text(
		&a, HEAD
		"\"objects\":[{\"name\":\"o\",\"pages\":8}],"
		"\"workloads\":[{\"type\":\"cpu_access\",\"objects\":[\"o\"],\"arrival\":\"poisson\","
		"\"interval\":\"10us\",\"count\":20000}]}");
	/* 20000 gaps of mean 10us: within 5% of 200ms */
	ck_assert_uint_gt(a.s->now, 190000000ull);
	ck_assert_uint_lt(a.s->now, 210000000ull);
	done(&a);
}
END_TEST

static char tmpdir[64];

static char *write_trace_n(const char *name, const char *text, size_t len)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	fclose(f);
	return path;
}

static char *write_trace(const char *name, const char *text)
{
	return write_trace_n(name, text, strlen(text));
}

static void trace_setup(void)
{
	strcpy(tmpdir, "/tmp/gemsim-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void trace_teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

static void run_trace(struct ran *x, const char *trace, const char *fmt)
{
	char json[512];

	snprintf(json, sizeof(json),
		 HEAD "\"objects\":[{\"name\":\"named\",\"pages\":4}],"
		      "\"workloads\":[{\"type\":\"trace\",\"file\":\"%s\"%s}]}",
		 trace, fmt);
	run_text(x, json);
}

START_TEST(test_csv_trace_replays_ops_at_their_times)
{
	struct ran a;
	const char *p = write_trace("t.csv",
				    "# a comment\n\n0,create,x,8\n10,access,x,3\n"
				    "20us,pin,x\n1ms,evict,named\n 2ms , get_pages , named\n"
				    "3ms,pressure,16\n4ms,release,16\n5ms,unpin,x\n");

	run_trace(&a, p, "");
	ck_assert_int_eq(a.code, 0);
	ck_assert_uint_eq(a.r.workloads[0].actions, 8);
	ck_assert_uint_eq(a.s->now, 5000000);
	ck_assert_uint_eq(a.s->stats.cpu_faults, 1);
	ck_assert_uint_eq(a.s->stats.pressure_pages, 16);
	/* evict of "named" without pages is an error result, not a stop */
	ck_assert_uint_ge(a.r.workloads[0].errors, 1);
	done(&a);
}
END_TEST

START_TEST(test_ids_trace_is_an_lru_cache)
{
	struct ran a;
	/* RAM 256 pages; ids 0..299 in a loop of 2 passes: every access misses. */
	char *buf = malloc(300 * 2 * 8 + 1), *q = buf;

	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < 300; i++)
			q += sprintf(q, "id%d\n", i);
	run_trace(&a, write_trace("ids.txt", buf), ",\"format\":\"ids\"");
	ck_assert_uint_eq(a.r.workloads[0].actions, 600);
	ck_assert_uint_eq(a.s->stats.cpu_faults, 600);
	ck_assert_uint_eq(a.s->stats.objects_created, 301);
	done(&a);
	free(buf);
}
END_TEST

static void trace_stops_n(const char *text, size_t len, const char *want)
{
	struct ran a;

	run_trace(&a, write_trace_n("bad.csv", text, len), "");
	ck_assert_int_eq(a.code, 2);
	ck_assert(a.r.has_fatal);
	if (!strstr(a.r.fatal, want))
		ck_abort_msg("fatal \"%s\" lacks \"%s\"", a.r.fatal, want);
	done(&a);
}

static void trace_stops(const char *text, const char *want)
{
	trace_stops_n(text, strlen(text), want);
}

START_TEST(test_bad_trace_lines_stop_the_run_naming_the_line)
{
	trace_stops("0,create,x,8\n5,frob,x\n", "bad.csv:2: unknown trace op \"frob\"");
	trace_stops("10,pin,named\n5,unpin,named\n", "bad.csv:2: time goes backwards");
	trace_stops("0,pin,nobody\n", "bad.csv:1: unknown object \"nobody\"");
	trace_stops("abc,pin,named\n", "bad.csv:1: bad time \"abc\"");
	trace_stops("0,create,x\n", "bad.csv:1: create takes a size in pages");
	trace_stops("0\n", "bad.csv:1: expected TIME,OP[,NAME[,ARG]], got 1 fields");
	trace_stops("0,pin,named,1,2\n", "bad.csv:1: expected TIME,OP");
	trace_stops_n("0,pin,na\0med\n", 13, "bad.csv:1: NUL byte");
}
END_TEST

/* One oracleGeneral record: {u32 time; u64 id; u32 size; i64 next}, little-endian. */
static size_t oracle_rec(unsigned char *p, uint32_t t, uint64_t id, uint32_t size)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(t >> (8 * i));
	for (int i = 0; i < 8; i++)
		p[4 + i] = (unsigned char)(id >> (8 * i));
	for (int i = 0; i < 4; i++)
		p[12 + i] = (unsigned char)(size >> (8 * i));
	memset(p + 16, 0xff, 8); /* next_access_vtime -1: never again */
	return 24;
}

/*
 * The same 700 requests (ids 0..299 twice round, then 100 over the last
 * 100: 600 misses and 100 hits in 256 pages) as an ids file, an
 * oracleGeneral file and a libcachesim_csv file: the same cache.
 */
START_TEST(test_request_trace_formats_replay_the_same_cache)
{
	const char *fmts[] = { ",\"format\":\"ids\"", ",\"format\":\"oracleGeneral\"",
			       ",\"format\":\"libcachesim_csv\",\"obj_id_col\":2,"
			       "\"has_header\":true,\"delimiter\":\";\"" };
	char *ids = malloc(700 * 8 + 1), *csv = malloc(700 * 32 + 64), *q = ids, *c = csv;
	unsigned char *bin = malloc(701 * 24), *b = bin;
	struct ran a;

	c += sprintf(c, "time;obj_id;obj_size\n");
	for (int k = 0; k < 700; k++) {
		int id = k < 600 ? k % 300 : 200 + k % 100;

		q += sprintf(q, "%d\n", id);
		c += sprintf(c, "%d; %d ;4096\n", k, id);
		b += oracle_rec(b, (uint32_t)k, (uint64_t)id, 4096);
		if (k == 10) /* size 0: skipped, as libCacheSim's reader skips it */
			b += oracle_rec(b, (uint32_t)k, 999, 0);
	}
	for (int f = 0; f < 3; f++) {
		const char *path = f == 0 ? write_trace("r.ids", ids) :
				   f == 1 ? write_trace_n("r.bin", (char *)bin, (size_t)(b - bin)) :
					    write_trace("r.csv", csv);

		run_trace(&a, path, fmts[f]);
		ck_assert_int_eq(a.code, 0);
		ck_assert_uint_eq(a.r.workloads[0].actions, 700);
		ck_assert_uint_eq(a.r.workloads[0].errors, 0);
		ck_assert_uint_eq(a.s->stats.cpu_faults, 600);
		ck_assert_uint_eq(a.s->stats.objects_created, 301); /* and "named" */
		ck_assert_uint_eq(a.s->now, 700000);                /* 1 us apart */
		done(&a);
	}
	free(ids);
	free(csv);
	free(bin);
}
END_TEST

/*
 * Integer ids go through the id table, other ids through the name table:
 * "7" and "007" are two objects, "7" is one object whether an ids line or
 * a csv line names it, and an id the scenario names is the scenario's.
 */
START_TEST(test_integer_ids_keep_their_names)
{
	struct ran a;
	char json[768];
	const char *ids = write_trace("m.ids", "7\n007\n7\nx7\n3\n18446744073709551616\n");
	char idpath[128];

	strcpy(idpath, ids);
	snprintf(json, sizeof(json),
		 HEAD "\"objects\":[{\"name\":\"3\",\"pages\":4}],"
		      "\"workloads\":[{\"type\":\"trace\",\"file\":\"%s\",\"format\":\"ids\"},"
		      "{\"type\":\"trace\",\"file\":\"%s\",\"start\":\"1ms\"}]}",
		 idpath, write_trace("m.csv", "0,access,7,0\n1,access,3,2\n"));
	run_text(&a, json);
	ck_assert_int_eq(a.code, 0);
	ck_assert_uint_eq(a.r.workloads[0].actions, 6);
	ck_assert_uint_eq(a.r.workloads[1].actions, 2);
	ck_assert_uint_eq(a.r.workloads[1].errors, 0);
	/* "3" (the scenario's, which the trace uses), 7, 007, x7, 2^64 */
	ck_assert_uint_eq(a.s->stats.objects_created, 5);
	ck_assert_str_eq(sim_name(a.s, SIM_K_BO, 1), "7");
	ck_assert_str_eq(sim_name(a.s, SIM_K_BO, 2), "007");
	ck_assert_str_eq(sim_name(a.s, SIM_K_BO, 4), "18446744073709551616");
	done(&a);
}
END_TEST

/*
 * An ids line is read by a fast path when it is a plain integer and a
 * newline, by the general reader otherwise (CRLF, blanks, comments, 20
 * digits, no newline at the end): both must make the same cache.
 */
START_TEST(test_ids_lines_in_any_layout_make_the_same_cache)
{
	const char *plain = "5\n0\n12345678901234567890\n5\n7\n0\n9";
	const char *odd = "5\r\n 0\n# c\n\n12345678901234567890\r\n5 \n7\n0\r\n9\n";
	uint64_t faults[2], made[2];
	struct ran a;

	for (int k = 0; k < 2; k++) {
		run_trace(&a, write_trace("l.ids", k ? odd : plain), ",\"format\":\"ids\"");
		ck_assert_int_eq(a.code, 0);
		ck_assert_uint_eq(a.r.workloads[0].actions, 7);
		faults[k] = a.s->stats.cpu_faults;
		made[k] = a.s->stats.objects_created;
		ck_assert_str_eq(sim_name(a.s, SIM_K_BO, 3), "12345678901234567890");
		done(&a);
	}
	ck_assert_uint_eq(faults[0], 5);
	ck_assert_uint_eq(faults[1], faults[0]);
	ck_assert_uint_eq(made[1], made[0]);
}
END_TEST

/*
 * An ids trace's lines are read ahead into a ring (run/workload_ids.h) that
 * the next requests are then taken from: over 120k lines (the 64 KiB read
 * buffer refilled and moved many times), with ids written with a leading
 * zero (names, not integers) and ids that are not numbers among them, the
 * same requests as the general reader takes them from a libcachesim_csv
 * file of the same lines.
 */
START_TEST(test_ids_read_ahead_takes_the_same_requests_as_the_reader)
{
	const char *fmts[] = { ",\"format\":\"ids\"",
			       ",\"format\":\"libcachesim_csv\",\"obj_id_col\":1" };
	const int n = 120000;
	char *ids = malloc((size_t)n * 8 + 1), *q = ids;
	uint64_t faults[2], made[2];
	struct ran a;

	for (int k = 0; k < n; k++) {
		int id = (int)(((long)k * 7919) % 1000);

		if (k % 101 == 0)
			q += sprintf(q, "x%d\n", id);
		else if (k % 17 == 0 && id)
			q += sprintf(q, "0%d\n", id);
		else
			q += sprintf(q, "%d\n", id);
	}
	for (int f = 0; f < 2; f++) {
		run_trace(&a, write_trace(f ? "a.csv" : "a.ids", ids), fmts[f]);
		ck_assert_int_eq(a.code, 0);
		ck_assert_uint_eq(a.r.workloads[0].actions, (uint64_t)n);
		ck_assert_uint_eq(a.r.workloads[0].errors, 0);
		faults[f] = a.s->stats.cpu_faults;
		made[f] = a.s->stats.objects_created;
		done(&a);
	}
	ck_assert_uint_eq(faults[0], faults[1]);
	ck_assert_uint_eq(made[0], made[1]);
	/* 1000 integers, the zero-prefixed and x-prefixed names, "named" (RAM 256, swap 4096) */
	ck_assert_uint_gt(made[0], 1000 + 1);
	free(ids);
}
END_TEST

static void request_trace_stops(const char *name, const void *data, size_t len, const char *fmt,
				const char *want)
{
	struct ran a;

	run_trace(&a, write_trace_n(name, data, len), fmt);
	ck_assert_int_eq(a.code, 2);
	ck_assert(a.r.has_fatal);
	if (!strstr(a.r.fatal, want))
		ck_abort_msg("fatal \"%s\" lacks \"%s\"", a.r.fatal, want);
	done(&a);
}

START_TEST(test_bad_request_traces_stop_the_run)
{
	unsigned char bin[48 + 10];
	const char *lcs = ",\"format\":\"libcachesim_csv\",\"obj_id_col\":3";

	oracle_rec(bin, 0, 1, 1);
	oracle_rec(bin + 24, 1, 2, 1);
	request_trace_stops("t.bin", bin, sizeof(bin), ",\"format\":\"oracleGeneral\"",
			    "t.bin: record 3 (byte 48): truncated, 10 of 24 bytes");
	request_trace_stops("one.bin", bin, 1, ",\"format\":\"oracleGeneral\"",
			    "one.bin: record 1 (byte 0): truncated, 1 of 24 bytes");
	request_trace_stops("t.csv", "1,2,3\n1,2\n", 10, lcs,
			    "t.csv:2: expected at least 3 columns (obj_id_col), got 2");
	request_trace_stops("t.csv", "1,2, \n", 6, lcs, "t.csv:1: empty object id in column 3");
	request_trace_stops("t.ids", "1 2\n", 4, ",\"format\":\"ids\"",
			    "t.ids:1: an ids trace has one id per line");
}
END_TEST

START_TEST(test_request_trace_options_are_validated)
{
	load_fails(HEAD "\"workloads\":[{\"type\":\"trace\",\"file\":\"x\",\"format\":\"bin\"}]}",
		   1,
		   "\"format\" must be \"csv\", \"ids\", \"oracleGeneral\" or \"libcachesim_csv\"");
	load_fails(HEAD "\"workloads\":[{\"type\":\"trace\",\"file\":\"x\","
			"\"format\":\"libcachesim_csv\"}]}",
		   1, "needs \"obj_id_col\"");
	load_fails(HEAD "\"workloads\":[{\"type\":\"trace\",\"file\":\"x\",\"format\":\"ids\","
			"\"obj_id_col\":2}]}",
		   1, "\"obj_id_col\" is for \"format\": \"libcachesim_csv\"");
	load_fails(HEAD "\"workloads\":[{\"type\":\"trace\",\"file\":\"x\","
			"\"format\":\"libcachesim_csv\",\"obj_id_col\":0}]}",
		   1, "\"obj_id_col\"");
	load_fails(HEAD "\"workloads\":[{\"type\":\"trace\",\"file\":\"x\","
			"\"format\":\"libcachesim_csv\",\"obj_id_col\":1,\"delimiter\":\"::\"}]}",
		   1, "\"delimiter\" must be one character");
}
END_TEST

START_TEST(test_missing_trace_file_stops_the_run)
{
	struct ran a;

	run_trace(&a, "/nonexistent/trace.csv", "");
	ck_assert_int_eq(a.code, 2);
	ck_assert(strstr(a.r.fatal, "cannot open trace"));
	done(&a);
}
END_TEST

START_TEST(test_workload_blocks_are_validated)
{
	load_fails(HEAD "\"workloads\":[{\"type\":\"cpu\"}]}", 1, "unknown workload type \"cpu\"");
	load_fails(HEAD "\"objects\":[{\"name\":\"o\",\"pages\":1}],\n\"workloads\":[\n"
			"{\"type\":\"cpu_access\",\"objects\":[\"o\"],\"rate\":10}]}",
		   3, "needs \"end\" or \"count\"");
	load_fails(HEAD "\"objects\":[{\"name\":\"o\",\"pages\":1}],\"workloads\":[{\"type\":"
			"\"cpu_access\",\"objects\":[\"o\"],\"count\":10}]}",
		   1, "needs \"interval\"");
	load_fails(HEAD "\"objects\":[{\"name\":\"o\",\"pages\":1}],\"workloads\":[{\"type\":"
			"\"cpu_access\",\"objects\":\"x*\",\"count\":1,\"rate\":1}]}",
		   1, "no object matches \"x*\"");
	load_fails(HEAD "\"objects\":[{\"name\":\"o\",\"pages\":1}],\"workloads\":[{\"type\":"
			"\"cpu_access\",\"objects\":[\"o\",\"o\"],\"count\":1,\"rate\":1}]}",
		   1, "listed twice");
	load_fails(HEAD "\"objects\":[{\"name\":\"o\",\"pages\":1}],\"workloads\":[{\"type\":"
			"\"cpu_access\",\"objects\":[\"o\"],\"count\":1,\"rate\":1,\"zipf_s\":2}]}",
		   1, "\"zipf_s\" goes with");
	load_fails(HEAD "\"workloads\":[{\"type\":\"pressure\",\"high\":9999,\"period\":1,"
			"\"count\":1,\"rate\":1}]}",
		   1, "\"high\" must be at most 256");
	load_fails(HEAD "\"workloads\":[{\"type\":\"churn\",\"min_size\":\"8KiB\","
			"\"max_size\":\"4KiB\",\"lifetime\":1,\"count\":1,\"rate\":1}]}",
		   1, "\"min_size\" is above \"max_size\"");
	load_fails(HEAD "\"workloads\":[{\"type\":\"trace\"}]}", 1, "needs \"file\"");
	load_fails(HEAD "\"workloads\":[{\"type\":\"pressure\",\"high\":1,\"period\":1,"
			"\"count\":1,\"rate\":1,\"bogus\":1}]}",
		   1, "unknown key \"bogus\"");
	load_fails(HEAD
		   "\"objects\":[{\"name\":\"o\",\"pages\":1}],\"workloads\":[{\"type\":"
		   "\"cpu_access\",\"objects\":[\"o\"],\"count\":1,\"rate\":1,\"interval\":1}]}",
		   1, "not both");
}
END_TEST

START_TEST(test_objects_count_makes_numbered_objects)
{
	struct ran a;

	run_text(
		&a, HEAD
		"\"objects\":[{\"name\":\"t\",\"count\":3,\"pages\":2}],\"events\":["
		"{\"at\":0,\"op\":\"pin\",\"bo\":\"t2\",\"ret\":\"ok\"}],"
		"\"expect\":[{\"at\":\"end\",\"that\":{\"t0.size_pages\":2,\"t2.pages_pin_count\":1}}]}");
	ck_assert_int_eq(a.code, 0);
	ck_assert_uint_eq(a.r.passed, 3);
	done(&a);
	load_fails(HEAD "\"objects\":[{\"name\":\"t\",\"count\":3,\"pages\":2},"
			"{\"name\":\"t1\",\"pages\":1}],\"events\":[]}",
		   1, "defined twice");
}
END_TEST

/* Per-commit vmaps under pressure: weak and unlocked is a use-after-reclaim. */
static void vmap_commits(struct ran *x, bool pins, bool locked, const char *hold)
{
	char json[1400];

	snprintf(json, sizeof(json),
		 "{\"version\":1,\"memory\":{\"ram_pages\":1024,\"swap_pages\":4096},"
		 "\"policy\":{\"vmap_pins\":%s},\"vms\":[{\"name\":\"vm0\"}],"
		 "\"objects\":[{\"name\":\"c\",\"count\":32,\"pages\":16}],"
		 "\"workloads\":["
		 "{\"type\":\"gpu_jobs\",\"vm\":\"vm0\",\"objects\":\"c*\",\"per_job\":2,"
		 "\"duration\":\"1ms\",\"rate\":500,\"end\":\"1s\"},"
		 "{\"type\":\"vmap\",\"objects\":\"c*\",\"hold\":%s,\"pages\":2,"
		 "\"locked\":%s,\"rate\":1000,\"end\":\"1s\"},"
		 "{\"type\":\"pressure\",\"shape\":\"square\",\"high\":800,"
		 "\"period\":\"50ms\",\"interval\":\"1ms\",\"end\":\"1s\"}]}",
		 pins ? "true" : "false", hold, locked ? "true" : "false");
	run_text(x, json);
}

START_TEST(test_vmap_workload_weak_unlocked_vmaps_are_used_after_reclaim)
{
	struct ran x;

	vmap_commits(&x, false, false, "\"2ms\"");
	ck_assert_uint_gt(x.s->violations_by_inv[11], 0);
	ck_assert_uint_eq(x.s->stats.vmap_accesses, 4000); /* 2 at the start, 2 at the end */
	ck_assert_uint_eq(x.r.workloads[1].errors, 0);
	done(&x);
	/* the lock held across the commit: the shrinker's trylock fails */
	vmap_commits(&x, false, true, "\"2ms\"");
	ck_assert_uint_eq(x.s->violations, 0);
	ck_assert_uint_gt(x.s->stats.shrinker_skipped_locked, 0);
	ck_assert_uint_eq(x.s->stats.vmap_accesses, 4000);
	ck_assert_uint_eq(x.s->warnings, 0);
	done(&x);
	/* pins: never reclaimed while mapped */
	vmap_commits(&x, true, false, "\"2ms\"");
	ck_assert_uint_eq(x.s->violations, 0);
	done(&x);
}
END_TEST

/*
 * A long-lived vmap (fbdev, a cursor) cannot hold the resv lock for its
 * life: the lock covers the vmap only, so where it saves a per-commit
 * mapping it does not save this one; a pin does.
 */
START_TEST(test_vmap_workload_long_lived_needs_a_pin_not_the_lock)
{
	struct ran x;

	vmap_commits(&x, false, true, "\"forever\"");
	ck_assert_uint_gt(x.s->violations_by_inv[11], 0);
	ck_assert_uint_eq(x.r.workloads[1].errors, 0);
	for (uint32_t bo = 0; bo < 32; bo++)
		ck_assert(!shm_get(x.s, bo)->resv_held);
	done(&x);
	vmap_commits(&x, true, true, "\"forever\"");
	ck_assert_uint_eq(x.s->violations, 0);
	done(&x);
}
END_TEST

START_TEST(test_vmap_workload_held_forever_maps_each_object_once)
{
	struct ran x;

	vmap_commits(&x, true, false, "\"forever\"");
	ck_assert_uint_eq(x.r.workloads[1].actions, 1000);
	ck_assert_uint_eq(x.s->stats.vmap_accesses, 2000);
	for (uint32_t bo = 0; bo < 32; bo++) {
		const struct shm_object *o = shm_get(x.s, bo);

		ck_assert_int_le(o->vmap_use_count, 1); /* mapped once, used many times */
		ck_assert_int_eq(o->pages_pin_count, o->vmap_use_count);
	}
	ck_assert_uint_eq(x.s->violations, 0);
	done(&x);
	load_fails(HEAD
		   "\"objects\":[{\"name\":\"o\",\"pages\":1}],\"workloads\":[{"
		   "\"type\":\"vmap\",\"objects\":[\"o\"],\"hold\":0,\"rate\":1,\"count\":1}]}",
		   1, "\"hold\" must be longer than 0");
}
END_TEST

/* dma-buf sharing: each attach maps for "hold", then unmaps and detaches. */
START_TEST(test_dmabuf_workload_attaches_maps_and_lets_go)
{
	struct ran x;

	run_text(&x, "{\"version\":1,\"memory\":{\"ram_pages\":1024,\"swap_pages\":1024},"
		     "\"devices\":[{\"name\":\"gpu0\"},{\"name\":\"display\"}],"
		     "\"objects\":[{\"name\":\"fb\",\"count\":4,\"pages\":64}],"
		     "\"workloads\":[{\"type\":\"dmabuf\",\"objects\":\"fb*\",\"device\":"
		     "\"display\",\"hold\":\"16ms\",\"rate\":100,\"end\":\"1s\"}]}");
	ck_assert_int_eq(x.code, 0);
	ck_assert_uint_eq(x.r.workloads[0].actions, 100);
	ck_assert_uint_eq(x.r.workloads[0].errors, 0);
	ck_assert_uint_eq(x.s->stats.dmabuf_exports, 4);
	ck_assert_uint_eq(x.s->stats.dmabuf_attaches, 100);
	ck_assert_uint_eq(x.s->stats.dmabuf_maps, 100);
	/* every attachment's pin (attach_pins) given back: the pages went with it */
	for (uint32_t bo = 0; bo < 4; bo++) {
		ck_assert_int_eq(shm_get(x.s, bo)->pages_pin_count, 0);
		ck_assert(!shm_has_pages(shm_get(x.s, bo)));
	}
	ck_assert_uint_eq(x.s->violations + x.s->warnings, 0);
	done(&x);
	load_fails(HEAD "\"objects\":[{\"name\":\"o\",\"pages\":1}],\"workloads\":[{"
			"\"type\":\"dmabuf\",\"objects\":[\"o\"],\"device\":\"gpu0\","
			"\"rate\":1,\"count\":1}]}",
		   1, "needs \"hold\"");
	load_fails(HEAD "\"objects\":[{\"name\":\"o\",\"pages\":1}],\"workloads\":[{"
			"\"type\":\"dmabuf\",\"objects\":[\"o\"],\"device\":\"gpu9\","
			"\"hold\":1,\"rate\":1,\"count\":1}]}",
		   1, "unknown device \"gpu9\"");
}
END_TEST

extern Suite *workload_suite(void);
Suite *workload_suite(void)
{
	Suite *s = suite_create("workload");
	TCase *tc = tcase_create("generators");

	tcase_add_test(tc, test_same_seed_gives_the_same_run);
	tcase_add_test(tc, test_another_seed_gives_another_run);
	tcase_add_test(tc, test_count_and_rate_set_actions_and_end_time);
	tcase_add_test(tc, test_loop_over_more_than_ram_swaps_every_object_in);
	tcase_add_test(tc, test_loop_touches_each_page_of_each_object_once);
	tcase_add_test(tc, test_zipf_is_kinder_than_uniform_to_lru);
	tcase_add_test(tc, test_phases_move_the_working_set);
	tcase_add_test(tc, test_gpu_jobs_find_distinct_objects_whatever_the_pattern);
	tcase_add_test(tc, test_pressure_square_wave_holds_then_gives_back);
	tcase_add_test(tc, test_pressure_sine_peaks_at_high);
	tcase_add_test(tc, test_churn_frees_everything_it_made);
	tcase_add_test(tc, test_churn_objects_are_named_by_workload_and_number);
	tcase_add_test(tc, test_vmap_workload_weak_unlocked_vmaps_are_used_after_reclaim);
	tcase_add_test(tc, test_vmap_workload_long_lived_needs_a_pin_not_the_lock);
	tcase_add_test(tc, test_vmap_workload_held_forever_maps_each_object_once);
	tcase_add_test(tc, test_dmabuf_workload_attaches_maps_and_lets_go);
	tcase_add_test(tc, test_poisson_arrivals_keep_the_mean_rate);
	suite_add_tcase(s, tc);
	tc = tcase_create("trace");
	tcase_add_checked_fixture(tc, trace_setup, trace_teardown);
	tcase_add_test(tc, test_csv_trace_replays_ops_at_their_times);
	tcase_add_test(tc, test_ids_trace_is_an_lru_cache);
	tcase_add_test(tc, test_bad_trace_lines_stop_the_run_naming_the_line);
	tcase_add_test(tc, test_missing_trace_file_stops_the_run);
	tcase_add_test(tc, test_request_trace_formats_replay_the_same_cache);
	tcase_add_test(tc, test_integer_ids_keep_their_names);
	tcase_add_test(tc, test_ids_lines_in_any_layout_make_the_same_cache);
	tcase_add_test(tc, test_ids_read_ahead_takes_the_same_requests_as_the_reader);
	tcase_add_test(tc, test_bad_request_traces_stop_the_run);
	tcase_add_test(tc, test_request_trace_options_are_validated);
	suite_add_tcase(s, tc);
	tc = tcase_create("loading");
	tcase_add_test(tc, test_workload_blocks_are_validated);
	tcase_add_test(tc, test_objects_count_makes_numbered_objects);
	suite_add_tcase(s, tc);
	return s;
}
