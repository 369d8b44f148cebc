// SPDX-License-Identifier: MIT
/*
 * tests/api/example.c - a program of a gemsim user's, built through
 * pkg-config against the installed library (tests/api.sh): every call of
 * api/gemsim.h, each answer checked.  Exits 0 when all hold.
 */
#include <errno.h>
#include <gemsim.h>
#include <stdio.h>
#include <string.h>

static int fails;

#define CHECK(c)                                                             \
	do {                                                                 \
		if (!(c)) {                                                  \
			fprintf(stderr, "example.c:%d: %s\n", __LINE__, #c); \
			fails++;                                             \
		}                                                            \
	} while (0)

static void count_event(void *ctx, const struct gemsim_event *ev)
{
	int *n = ctx;

	if (!strcmp(ev->op, "shrink"))
		(*n)++;
}

int main(int argc, char **argv)
{
	char err[512];
	struct gemsim *g;
	struct gemsim_object o;
	struct gemsim_latency lat;
	uint64_t v;
	int shrinks = 0, found = 0;

	if (argc != 2)
		return 2;
	CHECK(!strcmp(gemsim_version(), "0.1.0"));
	/* purge-before-evict: a purge of bo1, then an eviction of bo0 */
	g = gemsim_open_file(argv[1], err, sizeof(err));
	CHECK(g != NULL);
	if (!g)
		return 1;
	CHECK(gemsim_set(g, "policy.frobnicate=1") == -EINVAL);
	CHECK(strstr(gemsim_error(g), "frobnicate") != NULL);
	CHECK(gemsim_set(g, "seed=7") == 0);
	gemsim_on_event(g, count_event, &shrinks);
	CHECK(gemsim_run_until(g, 15000) == 0);
	CHECK(gemsim_stat(g, "pages_purged", &v) == 0 && v == 16);
	CHECK(gemsim_stat(g, "pages_evicted", &v) == 0 && v == 0);
	CHECK(gemsim_run(g) == 0);
	CHECK(gemsim_set(g, "memory.ram_pages=64") == -EBUSY);
	CHECK(gemsim_stat(g, "pages_evicted", &v) == 0 && v == 16);
	CHECK(gemsim_stat(g, "no_such_counter", &v) == -ENOENT);
	CHECK(shrinks == 2);
	for (uint32_t i = 0; i < gemsim_object_slots(g); i++)
		if (!gemsim_object(g, i, &o) && !strcmp(o.name, "bo1")) {
			found++;
			CHECK(o.madv == -1 && o.resident_pages == 0);
		}
	CHECK(found == 1);
	CHECK(gemsim_latency(g, "reclaim", &lat) == 0 && lat.count == 2);
	CHECK(gemsim_latency(g, "nope", &lat) == -ENOENT);
	gemsim_close(g);
	/* a bad scenario: the loader's file:line:col message */
	{
		static const char bad[] = "{\"version\": 1, \"events\": [],\n \"memory\": 3}";

		g = gemsim_open_string(bad, sizeof(bad) - 1, "bad.json", err, sizeof(err));
	}
	CHECK(g == NULL);
	CHECK(!strncmp(err, "bad.json:2:", 11));
	printf("api example: %s\n", fails ? "FAILED" : "ok");
	return fails != 0;
}
