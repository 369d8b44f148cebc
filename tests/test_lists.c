// SPDX-License-Identifier: MIT
/*
 * tests/test_lists.c - the list view's model (viewer/lists.c) and what it
 * reads from gem/: walks of the shrinker's lists in order, the scan's pass
 * and splice events, the record of the last scan, the rows of a picture;
 * and compare mode's headline and divergence (viewer/headline.c).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gem/gem_int.h"
#include "gem/shrink.h"
#include "tests/gem_fixture.h"
#include "viewer/view.h"

/* Objects a..e of 4 pages in list order a b c d e; c and e DONTNEED. */
static struct sim *five_objects(const struct sim_policy *p)
{
	struct sim *s = fx_sim_policy(256, 256, p);

	for (uint32_t bo = 0; bo < 5; bo++) {
		fx_bo_with_pages(s, bo, 4);
		if (bo == 2 || bo == 4)
			ck_assert_int_eq(shm_madvise(s, bo, true), 1);
	}
	return s;
}

static void assert_walk(struct sim *s, unsigned id, const uint32_t *want, uint32_t n)
{
	const struct shm_object *o = lru_walk_first(s, id);
	uint32_t i = 0;

	for (; o; o = lru_walk_next(s, o), i++) {
		ck_assert_uint_lt(i, n);
		ck_assert_uint_eq(o->slot, want[i]);
	}
	ck_assert_uint_eq(i, n);
	/* and back from the tail */
	for (o = lru_walk_last(s, id); o; o = lru_walk_prev(s, o))
		ck_assert_uint_eq(o->slot, want[--i]);
	ck_assert_uint_eq(i, 0);
	ck_assert_uint_eq(lru_walk_count(s, id, NULL), n);
}

START_TEST(test_a_walk_gives_the_list_from_head_to_tail)
{
	struct sim_policy p = fx_policy();
	struct sim *s = five_objects(&p);
	static const uint32_t order[] = { 0, 1, 2, 3, 4 }, after[] = { 1, 2, 3, 4, 0 };
	uint64_t pages;

	assert_walk(s, LRU_EVICTABLE, order, 5);
	ck_assert_uint_eq(lru_walk_count(s, LRU_EVICTABLE, &pages), 5);
	ck_assert_uint_eq(pages, 20);
	/* a state change moves a to the tail */
	ck_assert_int_eq(shm_madvise(s, 0, true), 1);
	assert_walk(s, LRU_EVICTABLE, after, 5);
	ck_assert_ptr_null(lru_walk_first(s, LRU_PINNED));
	ck_assert_ptr_null(lru_walk_first(s, LRU_NONE));
	fx_finish(s);
}
END_TEST

START_TEST(test_a_walk_takes_the_size_queues_in_the_scans_order)
{
	struct sim_policy p = fx_policy();
	struct sim *s;
	/* the size policy scans the largest class first */
	static const uint32_t want[] = { 1, 3, 0, 2 };

	p.reclaim = (unsigned)lru_policy_find("size");
	s = fx_sim_policy(256, 256, &p);
	fx_bo_with_pages(s, 0, 2);
	fx_bo_with_pages(s, 1, 32);
	fx_bo_with_pages(s, 2, 2);
	fx_bo_with_pages(s, 3, 32);
	assert_walk(s, LRU_EVICTABLE, want, 4);
	fx_finish(s);
}
END_TEST

/* An observer counting the pass and splice events. */
struct heard {
	unsigned passes, splices;
	uint32_t list[4];
	uint64_t mode[4], rotated;
};

static void hear(void *ctx, struct sim *s, enum sim_obs what, uint32_t a, uint64_t b)
{
	struct heard *h = ctx;

	(void)s;
	if (what == SIM_OBS_SCAN_PASS && h->passes < 4) {
		h->list[h->passes] = a;
		h->mode[h->passes++] = b;
	} else if (what == SIM_OBS_SCAN_SPLICE) {
		h->splices++;
		h->rotated += b;
	}
}

START_TEST(test_the_scan_tells_its_passes_and_what_it_rotated)
{
	struct sim_policy p = fx_policy();
	struct sim *s = five_objects(&p);
	struct heard h = { 0 };

	ck_assert_int_eq(sim_observe_add(s, hear, &h), 0);
	/* a purge pass wanting c's 4 pages: keeps a and b, purges c, stops */
	ck_assert_int_eq(fx_scan(s, 4), 4); /* v19 returns STOP: frames freed */
	ck_assert_uint_eq(h.passes, 1);
	ck_assert_uint_eq(h.list[0], LRU_EVICTABLE);
	ck_assert_uint_eq(h.mode[0], LRU_PASS_PURGE);
	ck_assert_uint_eq(h.splices, 1);
	ck_assert_uint_eq(h.rotated, 2);
	ck_assert_uint_eq(s->stats.shrinker_rotated, 2);
	/* wanting more: purge pass to the end (no rotation), then the evict pass */
	h = (struct heard){ 0 };
	ck_assert_int_gt(fx_scan(s, 8), 0);
	ck_assert_uint_eq(h.passes, 2);
	ck_assert_uint_eq(h.mode[1], LRU_PASS_EVICT);
	ck_assert_uint_eq(h.rotated, 0);
	fx_finish(s);
}
END_TEST

static struct view_lists *recorder(struct sim *s)
{
	struct view_lists *vl = calloc(1, sizeof(*vl));

	ck_assert_ptr_nonnull(vl);
	view_lists_reset(vl);
	ck_assert_int_eq(sim_observe_add(s, view_lists_observe, vl), 0);
	return vl;
}

START_TEST(test_the_record_keeps_each_visit_and_what_became_of_it)
{
	struct sim_policy p = fx_policy();
	struct sim *s = five_objects(&p);
	struct view_lists *vl = recorder(s);
	const struct view_scan_rec *r;

	ck_assert_ptr_null(view_lists_last(vl));
	s->now = 7000;
	shrink_scan(s, 4);
	r = view_lists_last(vl);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->at, 7000);
	ck_assert_uint_eq(r->nr, 4);
	ck_assert_uint_eq(r->npasses, 1);
	ck_assert_uint_eq(r->nvisits, 3);
	ck_assert_uint_eq(r->visits[0].bo, 0);
	ck_assert_uint_eq(r->visits[0].what, VV_KEPT);
	ck_assert_uint_eq(r->visits[1].what, VV_KEPT);
	ck_assert_uint_eq(r->visits[2].bo, 2);
	ck_assert_uint_eq(r->visits[2].what, VV_PURGED);
	ck_assert_uint_eq(r->visits[2].state, VS_DONTNEED);
	ck_assert_uint_eq(r->pass[0].rotated, 2);
	ck_assert_uint_eq(r->pass[0].unvisited, 2);
	/* the next scan replaces it, and says when the one before was */
	s->now = 9000;
	shrink_scan(s, 1u << 20);
	r = view_lists_last(vl);
	ck_assert_uint_eq(r->at, 9000);
	ck_assert(r->have_prev);
	ck_assert_uint_eq(r->prev_at, 7000);
	/* d e a b: the purge pass takes e, the evict pass d, a and b */
	ck_assert_uint_eq(r->pass[0].n[VV_PURGED], 1);
	ck_assert_uint_eq(r->pass[1].n[VV_EVICTED], 3);
	ck_assert_uint_eq(vl->scans, 2);
	fx_finish(s);
	free(vl);
}
END_TEST

START_TEST(test_the_size_queues_of_one_pass_are_recorded_as_one_pass)
{
	struct sim_policy p = fx_policy();
	struct sim *s;
	struct view_lists *vl;
	const struct view_scan_rec *r;

	p.reclaim = (unsigned)lru_policy_find("size");
	s = fx_sim_policy(256, 256, &p);
	vl = recorder(s);
	fx_bo_with_pages(s, 0, 32);
	fx_bo_with_pages(s, 1, 2);
	fx_bo_with_pages(s, 2, 2);
	ck_assert_int_eq(shm_madvise(s, 2, true), 1);
	shrink_scan(s, 1u << 20);
	r = view_lists_last(vl);
	/* purge: bo0 (large class), then bo1, bo2 (purged); evict: bo0, bo1 */
	ck_assert_uint_eq(r->npasses, 2);
	ck_assert_uint_eq(r->pass[0].mode, LRU_PASS_PURGE);
	ck_assert_uint_eq(r->pass[0].nvisits, 3);
	ck_assert_uint_eq(r->pass[0].n[VV_PURGED], 1);
	ck_assert_uint_eq(r->pass[1].mode, LRU_PASS_EVICT);
	ck_assert_uint_eq(r->pass[1].nvisits, 2);
	ck_assert_uint_eq(r->pass[1].n[VV_EVICTED], 2);
	fx_finish(s);
	free(vl);
}
END_TEST

static struct view_lists_pic *picture(struct view_lists *vl, struct sim *s)
{
	struct view_lists_pic *pic = malloc(sizeof(*pic));

	ck_assert_ptr_nonnull(pic);
	view_lists_build(pic, vl, s, VIEW_LIST_ITEMS);
	return pic;
}

START_TEST(test_a_row_shows_the_visits_then_the_list_with_the_rotated_outlined)
{
	struct sim_policy p = fx_policy();
	struct sim *s = five_objects(&p);
	struct view_lists *vl = recorder(s);
	struct view_lists_pic *pic;
	const struct view_list_row *row;
	/* ghosts a b c(purged), then the list now: d e a b, a and b rotated */
	static const uint32_t bo[] = { 0, 1, 2, 3, 4, 0, 1 };
	static const uint8_t fl[] = {
		VLI_GHOST | VLI_PASS, VLI_GHOST,  VLI_GHOST | VLI_PURGED, 0, 0,
		VLI_ROTATED,          VLI_ROTATED
	};

	shrink_scan(s, 4);
	pic = picture(vl, s);
	ck_assert_uint_eq(pic->nrows, 3); /* v19: evictable, evicted, pinned */
	row = &pic->rows[0];
	ck_assert_str_eq(row->name, "evictable");
	ck_assert(row->scanned);
	ck_assert(!pic->rows[1].scanned && !pic->rows[2].scanned);
	ck_assert_uint_eq(row->nitems, 7);
	ck_assert_uint_eq(row->nghosts, 3);
	for (uint32_t i = 0; i < 7; i++) {
		ck_assert_uint_eq(row->items[i].bo, bo[i]);
		ck_assert_uint_eq(row->items[i].flags, fl[i]);
	}
	ck_assert_uint_eq(row->rotated, 2);
	ck_assert_str_eq(row->rotation, "2 objects rotated behind 2 objects it never reached");
	ck_assert_str_eq(row->summary, "purge pass: visited 3, purged 1, 2 kept, back to the tail");
	ck_assert_uint_eq(pic->rotated_total, 2);
	/* what the mouse is told about a ghost and a block */
	char buf[200];

	view_lists_describe(pic, row, 2, "c", buf, sizeof(buf));
	ck_assert_str_eq(buf, "c: visited by the purge pass of the scan at 0ns, purged");
	view_lists_describe(pic, row, 0, "a", buf, sizeof(buf));
	ck_assert_str_eq(buf, "a: visited by the purge pass of the scan at 0ns, kept: back to the "
			      "tail");
	view_lists_describe(pic, row, 6, "b", buf, sizeof(buf));
	ck_assert_str_eq(buf, "b: 4 of 4 on evictable from the head, willneed, rotated by the last "
			      "scan");
	view_lists_describe(pic, row, 4, "e", buf, sizeof(buf));
	ck_assert_str_eq(buf, "e: 2 of 4 on evictable from the head, purgeable");
	fx_finish(s);
	free(pic);
	free(vl);
}
END_TEST

START_TEST(test_msm_lists_purge_without_touching_the_willneed_order)
{
	struct sim_policy p = fx_policy();
	struct sim *s;
	struct view_lists *vl;
	struct view_lists_pic *pic;

	p.shrinker = SIM_SHRINKER_MSM;
	s = five_objects(&p);
	vl = recorder(s);
	shrink_scan(s, 4);
	pic = picture(vl, s);
	ck_assert_uint_eq(pic->nrows, 4); /* dontneed, willneed, evicted, pinned */
	ck_assert_str_eq(pic->rows[0].name, "dontneed");
	ck_assert_str_eq(pic->rows[1].name, "willneed");
	/* dontneed: c purged, e left */
	ck_assert_uint_eq(pic->rows[0].nghosts, 1);
	ck_assert_uint_eq(pic->rows[0].items[0].flags, VLI_GHOST | VLI_PASS | VLI_PURGED);
	ck_assert_uint_eq(pic->rows[0].nitems, 2);
	ck_assert_uint_eq(pic->rows[0].items[1].bo, 4);
	/* willneed: a b d in order, never visited, nothing rotated */
	ck_assert_uint_eq(pic->rows[1].nghosts, 0);
	ck_assert_uint_eq(pic->rows[1].nitems, 3);
	ck_assert_uint_eq(pic->rows[1].items[0].bo, 0);
	ck_assert_uint_eq(pic->rows[1].items[2].bo, 3);
	ck_assert_str_eq(pic->rows[1].rotation, "");
	ck_assert_uint_eq(s->stats.shrinker_rotated, 0);
	fx_finish(s);
	free(pic);
	free(vl);
}
END_TEST

START_TEST(test_a_pass_to_the_end_shows_only_what_it_took)
{
	struct sim_policy p = fx_policy();
	struct sim *s = five_objects(&p);
	struct view_lists *vl = recorder(s);
	struct view_lists_pic *pic;
	const struct view_list_row *row;

	/* purge pass over all five takes c and e; the evict pass then takes a */
	shrink_scan(s, 12);
	pic = picture(vl, s);
	row = &pic->rows[0];
	/* purge pass: a b kept (one gap), c purged, d kept (a gap), e purged;
	 * evict pass: a evicted */
	ck_assert_uint_eq(row->items[0].flags, VLI_ELIDED | VLI_GHOST | VLI_PASS);
	ck_assert_uint_eq(row->items[0].count, 2);
	ck_assert_uint_eq(row->items[1].bo, 2);
	ck_assert(row->items[1].flags & VLI_PURGED);
	ck_assert_uint_eq(row->items[2].count, 1);
	ck_assert_uint_eq(row->items[3].bo, 4);
	ck_assert_uint_eq(row->items[4].bo, 0);
	ck_assert(row->items[4].flags & VLI_EVICTED);
	ck_assert_uint_eq(row->nghosts, 5);
	ck_assert_uint_eq(row->rotated, 0);
	ck_assert_str_eq(row->rotation, "");
	/* the evicted object is on the evicted list */
	ck_assert_uint_eq(pic->rows[1].nitems, 1);
	ck_assert_uint_eq(pic->rows[1].items[0].state, VS_SWAP);
	fx_finish(s);
	free(pic);
	free(vl);
}
END_TEST

START_TEST(test_a_long_list_keeps_its_head_and_tail)
{
	struct sim *s = fx_sim(4096, 4096);
	struct view_lists *vl = recorder(s);
	struct view_lists_pic *pic = malloc(sizeof(*pic));
	const struct view_list_row *row;

	ck_assert_ptr_nonnull(pic);
	for (uint32_t bo = 0; bo < 1000; bo++)
		fx_bo_with_pages(s, bo, 1);
	view_lists_build(pic, vl, s, 101);
	row = &pic->rows[0];
	ck_assert_uint_eq(row->nobjs, 1000);
	ck_assert_uint_eq(row->nitems, 101);
	ck_assert_uint_eq(row->items[0].bo, 0);
	ck_assert_uint_eq(row->items[49].bo, 49);
	ck_assert_uint_eq(row->items[50].flags, VLI_ELIDED);
	ck_assert_uint_eq(row->items[50].count, 900);
	ck_assert_uint_eq(row->items[51].bo, 950);
	ck_assert_uint_eq(row->items[100].bo, 999);
	fx_finish(s);
	free(pic);
	free(vl);
}
END_TEST

START_TEST(test_the_cursor_walks_the_visits_then_stays_where_the_scan_stopped)
{
	struct view_lists_pic *pic = calloc(1, sizeof(*pic));
	struct view_list_row *row;

	ck_assert_ptr_nonnull(pic);
	row = &pic->rows[0];
	row->nghosts = 10;
	pic->scan_at = 1000;
	/* a window of 1000: the walk takes its first 600 */
	ck_assert_uint_eq(view_lists_cursor(row, pic, 1000, 1000), 0);
	ck_assert_uint_eq(view_lists_cursor(row, pic, 1300, 1000), 5);
	ck_assert_uint_eq(view_lists_cursor(row, pic, 1600, 1000), 10);
	ck_assert_uint_eq(view_lists_cursor(row, pic, 99999, 1000), 10);
	/* the scan before was 100 earlier: the walk is over in 100 */
	pic->scan_has_prev = true;
	pic->scan_prev_at = 900;
	ck_assert_uint_eq(view_lists_cursor(row, pic, 1050, 1000), 5);
	ck_assert_uint_eq(view_lists_cursor(row, pic, 1100, 1000), 10);
	free(pic);
}
END_TEST

/* ---- compare mode's headline and divergence ---------------------------------- */

/* Generated workloads only: a pool of objects, jobs over them, pressure. */
static const char gen_json[] =
	"{ \"version\": 1, \"seed\": 3, \"headline\": \"pages_swapped_in\",\n"
	"  \"memory\": { \"ram_pages\": 512, \"swap_pages\": 2048 },\n"
	/* exact-shortfall reclaim: small requests, so msm's lists and the one
	 * list part early (128-page batches take both objects alike here) */
	"  \"policy\": { \"reclaim_driver\": \"exact\" },\n"
	"  \"devices\": [ { \"name\": \"gpu0\" } ], \"vms\": [ { \"name\": \"vm0\", "
	"\"device\": \"gpu0\" } ],\n"
	"  \"objects\": [ { \"name\": \"t\", \"count\": 40, \"pages\": 16 } ],\n"
	"  \"workloads\": [\n"
	"    { \"type\": \"gpu_jobs\", \"vm\": \"vm0\", \"objects\": \"t*\", \"pattern\": \"zipf\",\n"
	"      \"per_job\": 2, \"duration\": \"1ms\", \"rate\": 1000, \"end\": \"200ms\" },\n"
	"    { \"type\": \"churn\", \"min_size\": \"16KiB\", \"max_size\": \"64KiB\", \"lifetime\": "
	"\"30ms\",\n      \"madvise\": \"dontneed\", \"rate\": 200, \"end\": \"200ms\" },\n"
	"    { \"type\": \"pressure\", \"shape\": \"sine\", \"low\": 0, \"high\": 300, \"period\": "
	"\"50ms\",\n      \"interval\": \"1ms\", \"end\": \"200ms\" } ] }\n";

static struct view_run *open_gen(const char *const *sets, size_t nsets)
{
	struct view_run *v = calloc(1, sizeof(*v));
	struct load_opts o = { .sets = sets, .nsets = nsets };
	struct sim_error err;
	char path[] = "/tmp/gemsim-test-lists-XXXXXX";
	int fd = mkstemp(path);

	ck_assert_ptr_nonnull(v);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, gen_json, strlen(gen_json)), (int)strlen(gen_json));
	close(fd);
	ck_assert_int_eq(view_run_open(v, path, &o, true, true, &err), 0);
	unlink(path);
	return v;
}

static void close_run(struct view_run *v)
{
	view_run_close(v);
	free(v);
}

static void assert_same_rows(struct view_run *a, struct view_run *b)
{
	struct view_lists_pic *pa = malloc(sizeof(*pa)), *pb = malloc(sizeof(*pb));

	ck_assert_ptr_nonnull(pa);
	ck_assert_ptr_nonnull(pb);
	view_lists_build(pa, &a->lists, a->s, VIEW_LIST_ITEMS);
	view_lists_build(pb, &b->lists, b->s, VIEW_LIST_ITEMS);
	ck_assert_uint_eq(pa->scan_at, pb->scan_at);
	ck_assert_uint_eq(pa->nrows, pb->nrows);
	for (unsigned k = 0; k < pa->nrows; k++) {
		ck_assert_uint_eq(pa->rows[k].nitems, pb->rows[k].nitems);
		ck_assert_uint_eq(pa->rows[k].nghosts, pb->rows[k].nghosts);
		ck_assert(!memcmp(pa->rows[k].items, pb->rows[k].items,
				  pa->rows[k].nitems * sizeof(pa->rows[k].items[0])));
		ck_assert_str_eq(pa->rows[k].summary, pb->rows[k].summary);
	}
	free(pa);
	free(pb);
}

START_TEST(test_the_rows_are_the_same_played_or_seeked_back)
{
	struct view_run *a = open_gen(NULL, 0), *b = open_gen(NULL, 0);
	sim_ns t = 150 * 1000000ull, back;
	struct sim *kept;

	/* a keeps a checkpoint behind its clock, plays on, then seeks back to
	 * after the checkpoint: it goes on from the kept run; b goes straight */
	view_run_advance(a, 100 * 1000000ull, 0);
	ck_assert_int_eq(view_run_tend(a), 0);
	kept = a->keep->s;
	back = a->keep->t + 1000000;
	ck_assert_uint_lt(back, 100 * 1000000ull);
	view_run_advance(a, t, 0);
	ck_assert_int_eq(view_run_seek(a, back), 0);
	ck_assert_ptr_eq(a->s, kept);
	view_run_advance(b, back, 0);
	ck_assert(view_lists_last(&b->lists) != NULL);
	assert_same_rows(a, b);
	view_run_advance(a, t, 0);
	view_run_advance(b, t, 0);
	assert_same_rows(a, b);
	close_run(a);
	close_run(b);
}
END_TEST

START_TEST(test_a_headline_names_a_counter_of_the_json_summary)
{
	struct view_headline h;

	ck_assert_int_eq(view_headline_find("stats.pages_swapped_in", &h), 0);
	ck_assert_str_eq(view_headline_label(&h), "pages_swapped_in");
	ck_assert_int_eq(view_headline_find("shrinker_rotated", &h), 0);
	ck_assert_int_eq(view_headline_find("violations", &h), 0);
	ck_assert_int_eq(h.top, 1);
	ck_assert_int_eq(view_headline_find("stats.swap_ins", &h), -1);
	ck_assert_int_eq(view_headline_find("", &h), -1);
}
END_TEST

START_TEST(test_the_headline_difference_reads_as_a_room_says_it)
{
	char buf[64];

	view_format_grouped(13296, buf, sizeof(buf));
	ck_assert_str_eq(buf, "13\xe2\x80\x89"
			      "296");
	view_format_grouped(999, buf, sizeof(buf));
	ck_assert_str_eq(buf, "999");
	view_format_grouped(1234567, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1\xe2\x80\x89"
			      "234\xe2\x80\x89"
			      "567");
	/* the finding: 13296 against 9728 swap-ins */
	view_format_diff(13296, 9728, buf, sizeof(buf));
	ck_assert_str_eq(buf, "+3\xe2\x80\x89"
			      "568 (+37%)");
	view_format_diff(9728, 13296, buf, sizeof(buf));
	ck_assert_str_eq(buf, "\xe2\x88\x92"
			      "3\xe2\x80\x89"
			      "568 (\xe2\x88\x92"
			      "27%)");
	view_format_diff(103, 100, buf, sizeof(buf));
	ck_assert_str_eq(buf, "+3 (+3.0%)");
	view_format_diff(3, 0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "+3");
	view_format_diff(5, 5, buf, sizeof(buf));
	ck_assert_str_eq(buf, "0");
}
END_TEST

START_TEST(test_the_headline_is_sampled_and_known_at_the_end)
{
	struct view_run *v = open_gen(NULL, 0);
	uint64_t end;

	ck_assert_ptr_nonnull(v->hl.name); /* the scenario's own */
	end = view_headline_end(v);
	ck_assert_uint_gt(end, 0);
	ck_assert_uint_eq(end, v->end_stats.pages_swapped_in);
	view_run_advance(v, v->end, 0);
	ck_assert_uint_eq(view_headline_value(&v->hl, v->s), end);
	ck_assert_uint_eq(v->samples[v->nsampled - 1].headline, end);
	/* it grows over the run */
	ck_assert_uint_le(v->samples[v->nsampled / 2].headline, end);
	close_run(v);
}
END_TEST

START_TEST(test_runs_of_generated_workloads_diverge_at_the_first_state_that_differs)
{
	static const char *const msm[] = { "policy.shrinker=msm" };
	struct view_run *a = open_gen(NULL, 0), *b = open_gen(msm, 1), *c = open_gen(NULL, 0);
	sim_ns at, again;

	/* no scenario events: the event-by-event comparison cannot tell */
	ck_assert_uint_eq(view_first_divergence(a, b), SIM_NONE);
	ck_assert_int_eq(view_first_state_divergence(a, b, &at), 0);
	ck_assert_uint_ne(at, UINT64_MAX);
	ck_assert_uint_eq(a->t, 0);
	/* just before it they agree, at it they do not */
	view_run_advance(a, at - 1, 0);
	view_run_advance(b, at - 1, 0);
	ck_assert_uint_eq(view_residency_sig(a->s), view_residency_sig(b->s));
	view_run_advance(a, at, 0);
	view_run_advance(b, at, 0);
	ck_assert_uint_ne(view_residency_sig(a->s), view_residency_sig(b->s));
	/* the same again gives the same time; the same configuration never differs */
	ck_assert_int_eq(view_first_state_divergence(a, b, &again), 0);
	ck_assert_uint_eq(again, at);
	ck_assert_int_eq(view_first_state_divergence(a, c, &again), 0);
	ck_assert_uint_eq(again, UINT64_MAX);
	close_run(a);
	close_run(b);
	close_run(c);
}
END_TEST

extern Suite *lists_suite(void);

Suite *lists_suite(void)
{
	Suite *su = suite_create("lists");
	TCase *tc = tcase_create("model");

	tcase_add_test(tc, test_a_walk_gives_the_list_from_head_to_tail);
	tcase_add_test(tc, test_a_walk_takes_the_size_queues_in_the_scans_order);
	tcase_add_test(tc, test_the_scan_tells_its_passes_and_what_it_rotated);
	tcase_add_test(tc, test_the_record_keeps_each_visit_and_what_became_of_it);
	tcase_add_test(tc, test_the_size_queues_of_one_pass_are_recorded_as_one_pass);
	tcase_add_test(tc, test_a_row_shows_the_visits_then_the_list_with_the_rotated_outlined);
	tcase_add_test(tc, test_msm_lists_purge_without_touching_the_willneed_order);
	tcase_add_test(tc, test_a_pass_to_the_end_shows_only_what_it_took);
	tcase_add_test(tc, test_a_long_list_keeps_its_head_and_tail);
	tcase_add_test(tc, test_the_cursor_walks_the_visits_then_stays_where_the_scan_stopped);
	suite_add_tcase(su, tc);
	tc = tcase_create("compare");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_the_rows_are_the_same_played_or_seeked_back);
	tcase_add_test(tc, test_a_headline_names_a_counter_of_the_json_summary);
	tcase_add_test(tc, test_the_headline_difference_reads_as_a_room_says_it);
	tcase_add_test(tc, test_the_headline_is_sampled_and_known_at_the_end);
	tcase_add_test(tc,
		       test_runs_of_generated_workloads_diverge_at_the_first_state_that_differs);
	suite_add_tcase(su, tc);
	return su;
}
