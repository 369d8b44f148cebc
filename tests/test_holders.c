// SPDX-License-Identifier: MIT
/*
 * tests/test_holders.c - the holders view's model (viewer/holders.c): who
 * holds an object's pages, which holder is hard, which is stale, and which
 * objects get a card.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/load.h"
#include "run/run.h"
#include "sim/scenario.h"
#include "sim/sim.h"
#include "viewer/holders.h"
#include "viewer/view.h"

#define MS 1000000ull

static const char holders_json[] =
	"{ \"version\": 1, \"memory\": { \"ram_pages\": 64, \"swap_pages\": 64 },\n"
	"  \"objects\": [ { \"name\": \"fb\", \"pages\": 8 }, { \"name\": \"cmd\", \"pages\": 4 },\n"
	"                 { \"name\": \"tex\", \"pages\": 8 }, { \"name\": \"idle\", \"pages\": 2 } ],\n"
	"  \"events\": [\n"
	"    { \"at\": \"1ms\", \"op\": \"pin\", \"bo\": \"fb\" },\n"
	"    { \"at\": \"1ms\", \"op\": \"vmap\", \"bo\": \"cmd\" },\n"
	"    { \"at\": \"1ms\", \"op\": \"get_pages\", \"bo\": \"tex\" },\n"
	"    { \"at\": \"1ms\", \"op\": \"mmap\", \"bo\": \"tex\", \"map\": \"m\" },\n"
	"    { \"at\": \"1ms\", \"op\": \"cpu_access\", \"map\": \"m\", \"pages\": [0, 3] },\n"
	"    { \"at\": \"2ms\", \"op\": \"shrink\", \"nr\": 64 },\n"
	"    { \"at\": \"3ms\", \"op\": \"vmap_access\", \"bo\": \"cmd\", \"page\": 1 }\n"
	"  ],\n"
	"  \"expect\": [ { \"at\": \"end\", \"that\": { \"violations\": { \"min\": 0 } } } ]\n"
	"}\n";

struct held {
	struct view_run *v;
	struct sim *s;
	const struct scenario *sc;
};

static void advance(struct held *h, sim_ns t);

/* Load the scenario with @set (or none) and run it to @t. */
static void run_to(struct held *h, const char *set, sim_ns t)
{
	const char *sets[1] = { set };
	struct load_opts o = { .sets = sets, .nsets = set ? 1 : 0 };
	struct sim_error err;
	char path[64] = "/tmp/gemsim-test-holders-XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, holders_json, strlen(holders_json)), (int)strlen(holders_json));
	close(fd);
	h->v = calloc(1, sizeof(*h->v));
	ck_assert_ptr_nonnull(h->v);
	ck_assert_int_eq(view_run_open(h->v, path, &o, true, false, &err), 0);
	unlink(path);
	advance(h, t);
}

static void advance(struct held *h, sim_ns t)
{
	view_run_advance(h->v, t, 0);
	h->s = h->v->s;
	h->sc = h->v->sc;
}

static void held_free(struct held *h)
{
	view_run_close(h->v);
	free(h->v);
}

static const struct view_holder *find(const struct view_holder *hs, unsigned n, int kind)
{
	for (unsigned i = 0; i < n; i++)
		if (hs[i].kind == kind)
			return &hs[i];
	return NULL;
}

START_TEST(test_a_pin_is_a_hard_holder_and_a_weak_vmap_goes_stale_after_reclaim)
{
	struct held h;
	struct view_holder hs[VIEW_HOLDERS_MAX];
	const struct view_holder *x;
	unsigned n;

	run_to(&h, "policy.vmap_pins=false", 1 * MS);
	n = view_holders(h.s, h.sc, 0, hs, VIEW_HOLDERS_MAX);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(hs[0].kind, VH_PIN);
	ck_assert(hs[0].hard && !hs[0].stale);
	n = view_holders(h.s, h.sc, 1, hs, VIEW_HOLDERS_MAX);
	x = find(hs, n, VH_VMAP);
	ck_assert_ptr_nonnull(x);
	ck_assert(!x->hard && !x->stale);
	ck_assert_str_eq(x->note, "weak: no pin");
	ck_assert(find(hs, n, VH_USE) == NULL); /* the vmap's use is the vmap's */
	advance(&h, 2 * MS);
	n = view_holders(h.s, h.sc, 1, hs, VIEW_HOLDERS_MAX);
	x = find(hs, n, VH_VMAP);
	ck_assert_ptr_nonnull(x);
	ck_assert_msg(x->stale, "the shrinker took the pages the vmap points at");
	ck_assert(view_holder_stale_any(h.s, h.sc, 1));
	ck_assert(!view_holder_stale_any(h.s, h.sc, 0)); /* the pin kept fb */
	held_free(&h);
}
END_TEST

START_TEST(test_a_pinning_vmap_is_hard_and_never_stale)
{
	struct held h;
	struct view_holder hs[VIEW_HOLDERS_MAX];
	const struct view_holder *x;
	unsigned n;

	run_to(&h, "policy.vmap_pins=true", 2 * MS);
	n = view_holders(h.s, h.sc, 1, hs, VIEW_HOLDERS_MAX);
	x = find(hs, n, VH_VMAP);
	ck_assert_ptr_nonnull(x);
	ck_assert(x->hard && !x->stale);
	/* the vmap's pin is the vmap's, not a driver pin of its own */
	ck_assert(find(hs, n, VH_PIN) == NULL);
	held_free(&h);
}
END_TEST

START_TEST(test_a_vma_and_a_get_pages_hold_tex_and_the_vma_counts_its_ptes)
{
	struct held h;
	struct view_holder hs[VIEW_HOLDERS_MAX];
	const struct view_holder *vma, *use;
	unsigned n;

	run_to(&h, NULL, 1 * MS);
	n = view_holders(h.s, h.sc, 2, hs, VIEW_HOLDERS_MAX);
	vma = find(hs, n, VH_VMA);
	use = find(hs, n, VH_USE);
	ck_assert_ptr_nonnull(vma);
	ck_assert_ptr_nonnull(use);
	ck_assert_uint_eq(vma->pages, 4);
	ck_assert_str_eq(vma->label, "VMA m (mmap)");
	ck_assert_uint_eq(use->count, 1);
	ck_assert(!vma->hard && !vma->stale && !use->hard);
	/* reclaim zaps the VMA's PTEs: it faults back in, it is never stale */
	advance(&h, 2 * MS);
	n = view_holders(h.s, h.sc, 2, hs, VIEW_HOLDERS_MAX);
	vma = find(hs, n, VH_VMA);
	ck_assert_ptr_nonnull(vma);
	ck_assert(!vma->stale);
	ck_assert_uint_eq(vma->pages, 0);
	ck_assert_uint_eq(view_holders(h.s, h.sc, 3, hs, VIEW_HOLDERS_MAX), 0);
	held_free(&h);
}
END_TEST

/* The export holds frame after the display detaches; its attachments do not. */
START_TEST(test_the_export_is_a_holder_apart_from_its_attachments)
{
	struct held h = { calloc(1, sizeof(*h.v)), NULL, NULL };
	struct view_holder hs[VIEW_HOLDERS_MAX];
	struct load_opts o = { 0 };
	struct sim_error err;
	const struct view_holder *x;
	uint32_t frame;
	unsigned n;

	ck_assert_ptr_nonnull(h.v);
	ck_assert_int_eq(
		view_run_open(h.v, "scenarios/talk-dmabuf-pinned.json", &o, true, false, &err), 0);
	advance(&h, 4 * MS);
	frame = scenario_find(h.sc, SIM_K_BO, "frame");
	n = view_holders(h.s, h.sc, frame, hs, VIEW_HOLDERS_MAX);
	x = find(hs, n, VH_EXPORT);
	ck_assert_ptr_nonnull(x);
	ck_assert(x->hard && !x->stale);
	ck_assert_str_eq(x->brief, "export frame_buf");
	x = find(hs, n, VH_DMABUF);
	ck_assert_ptr_nonnull(x);
	ck_assert(x->hard); /* the attachment's pin */
	ck_assert_uint_eq(x->count, 1);
	advance(&h, 12 * MS);
	n = view_holders(h.s, h.sc, frame, hs, VIEW_HOLDERS_MAX);
	ck_assert_ptr_null(find(hs, n, VH_DMABUF));
	x = find(hs, n, VH_EXPORT);
	ck_assert_ptr_nonnull(x);
	ck_assert(x->hard && !x->stale);
	held_free(&h);
}
END_TEST

START_TEST(test_cards_keep_the_telling_objects_when_not_all_fit)
{
	struct held h;
	uint32_t bos[4], more;
	unsigned n;

	run_to(&h, "policy.vmap_pins=false", 2 * MS);
	n = view_cards_pick(h.s, h.sc, bos, 4, &more);
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(more, 0);
	/* two cards: the stale cmd first in rank, then a held one; slot order kept */
	n = view_cards_pick(h.s, h.sc, bos, 2, &more);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(more, 2);
	ck_assert_uint_eq(bos[0], 0);
	ck_assert_uint_eq(bos[1], 1);
	n = view_cards_pick(h.s, h.sc, bos, 1, &more);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(bos[0], 1);
	held_free(&h);
}
END_TEST

extern Suite *holders_suite(void);

Suite *holders_suite(void)
{
	Suite *s = suite_create("holders");
	TCase *tc = tcase_create("holders");

	tcase_add_test(tc, test_a_pin_is_a_hard_holder_and_a_weak_vmap_goes_stale_after_reclaim);
	tcase_add_test(tc, test_a_pinning_vmap_is_hard_and_never_stale);
	tcase_add_test(tc, test_a_vma_and_a_get_pages_hold_tex_and_the_vma_counts_its_ptes);
	tcase_add_test(tc, test_the_export_is_a_holder_apart_from_its_attachments);
	tcase_add_test(tc, test_cards_keep_the_telling_objects_when_not_all_fit);
	suite_add_tcase(s, tc);
	return s;
}
