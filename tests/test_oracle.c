// SPDX-License-Identifier: MIT
/*
 * tests/test_oracle.c - the differential oracle without a kernel tree: its
 * stand-ins (oracle/stand/kstand_core.c, compiled in here) keep the kernel
 * behaviour the helper can observe, and the lockstep comparison
 * (oracle/oracle.c) finds a difference, a misuse both flag and a
 * documented modelling choice, driven by a scripted kernel side.
 */
#include <check.h>
#include <setjmp.h>
#include <string.h>

#include "oracle/oracle.h"
#include "oracle/stand/kstand_core.c"
#include "base/error.h"
#include "run/load.h"

/* ---- the hooks kstand_core.c wants ---- */
static jmp_buf oops_jump;
static char last_warn[256], last_oops[256];
static unsigned once_again;

void oracle_report_warn(const char *file, int line, const char *cond)
{
	(void)file;
	(void)line;
	snprintf(last_warn, sizeof(last_warn), "%s", cond);
}

void oracle_report_warn_once_again(const char *file, int line, const char *cond)
{
	(void)file;
	(void)line;
	(void)cond;
	once_again++;
}

void oracle_report_oops(const char *file, int line, const char *what)
{
	(void)file;
	(void)line;
	snprintf(last_oops, sizeof(last_oops), "%s", what);
	longjmp(oops_jump, 1);
}

static void setup(void)
{
	oracle_warns = 0;
	oracle_generation++;
	once_again = 0;
	last_warn[0] = last_oops[0] = 0;
}

START_TEST(test_refcount_dec_and_test_on_zero_saturates_and_warns_as_lib_refcount)
{
	refcount_t r;

	refcount_set(&r, 0);
	ck_assert(!refcount_dec_and_test(&r));
	ck_assert_int_eq(refcount_read(&r), REFCOUNT_SATURATED);
	ck_assert_uint_eq(oracle_warns, 1);
	ck_assert_str_eq(last_warn, "refcount_t: underflow; use-after-free.");
	/* a saturated count never reaches zero again */
	ck_assert(!refcount_dec_and_test(&r));
}
END_TEST

START_TEST(test_refcount_inc_not_zero_leaves_zero_alone)
{
	refcount_t r;

	refcount_set(&r, 0);
	ck_assert(!refcount_inc_not_zero(&r));
	ck_assert_int_eq(refcount_read(&r), 0);
	refcount_set(&r, 2);
	ck_assert(refcount_inc_not_zero(&r));
	ck_assert_int_eq(refcount_read(&r), 3);
	ck_assert_uint_eq(oracle_warns, 0);
}
END_TEST

START_TEST(test_refcount_dec_not_one_warns_once_per_run_then_only_tells_the_oracle)
{
	refcount_t r;

	refcount_set(&r, 1);
	ck_assert(!refcount_dec_not_one(&r)); /* the last one is the caller's to drop */
	refcount_set(&r, 3);
	ck_assert(refcount_dec_not_one(&r));
	ck_assert_int_eq(refcount_read(&r), 2);
	refcount_set(&r, 0);
	ck_assert(refcount_dec_not_one(&r)); /* underflow: a WARN_ONCE, count unchanged */
	ck_assert_int_eq(refcount_read(&r), 0);
	ck_assert_uint_eq(oracle_warns, 1);
	ck_assert(refcount_dec_not_one(&r));
	ck_assert_uint_eq(oracle_warns, 1);
	ck_assert_uint_eq(once_again, 1);
	oracle_generation++; /* a new run: the WARN_ONCE fires again */
	ck_assert(refcount_dec_not_one(&r));
	ck_assert_uint_eq(oracle_warns, 2);
}
END_TEST

START_TEST(test_taking_a_held_reservation_lock_is_an_oops_not_a_hang)
{
	struct dma_resv resv;

	dma_resv_init(&resv);
	ck_assert_int_eq(dma_resv_lock(&resv, NULL), 0);
	ck_assert(!dma_resv_trylock(&resv));
	if (!setjmp(oops_jump)) {
		dma_resv_lock(&resv, NULL);
		ck_abort_msg("a second lock returned");
	}
	ck_assert_ptr_nonnull(strstr(last_oops, "deadlock"));
	dma_resv_unlock(&resv);
	ck_assert(dma_resv_trylock(&resv));
	dma_resv_unlock(&resv);
	if (!setjmp(oops_jump)) {
		dma_resv_unlock(&resv);
		ck_abort_msg("unlocking a free lock returned");
	}
	ck_assert_ptr_nonnull(strstr(last_oops, "not held"));
}
END_TEST

START_TEST(test_sg_table_reads_every_page_and_dma_mapping_is_recorded)
{
	struct page *pages[3];
	struct sg_table *sgt;
	unsigned long mapped = oracle_dma_mapped;

	for (int i = 0; i < 3; i++)
		pages[i] = oracle_page_alloc();
	sgt = oracle_pages_to_sg(pages, 3);
	ck_assert(!IS_ERR(sgt));
	ck_assert_uint_eq(sgt->orig_nents, 3);
	ck_assert_uint_eq(sgt->sgl[2].page_link, page_to_pfn(pages[2]));
	ck_assert_int_eq(dma_map_sgtable(NULL, sgt, DMA_BIDIRECTIONAL, 0), 0);
	ck_assert_uint_eq(oracle_dma_mapped, mapped + 1);
	dma_unmap_sgtable(NULL, sgt, DMA_BIDIRECTIONAL, 0);
	ck_assert_uint_eq(oracle_dma_mapped, mapped);
	sg_free_table(sgt);
	ck_assert_ptr_null(sgt->sgl);
	kfree(sgt);
	for (int i = 0; i < 3; i++)
		oracle_page_free(pages[i]);
}
END_TEST

START_TEST(test_vmf_insert_pfn_sets_the_pte_of_its_page_only)
{
	unsigned char pte[4] = { 0 };
	struct vm_area_struct vma = { .vm_start = 1ul << 32, .pte = pte, .npages = 4 };

	ck_assert_uint_eq(vmf_insert_pfn(&vma, vma.vm_start + 2 * PAGE_SIZE, 7), VM_FAULT_NOPAGE);
	ck_assert_uint_eq(pte[2], 1);
	ck_assert_uint_eq(pte[0] + pte[1] + pte[3], 0);
	ck_assert_uint_eq(vmf_insert_pfn(&vma, vma.vm_start + 4 * PAGE_SIZE, 7), VM_FAULT_SIGBUS);
}
END_TEST

START_TEST(test_shmem_truncate_range_empties_the_page_cache)
{
	struct page *store[3] = { oracle_page_alloc(), NULL, oracle_page_alloc() };
	struct inode ino = { .store = store, .npages = 3 };

	shmem_truncate_range(&ino, 0, (loff_t)-1);
	for (int i = 0; i < 3; i++)
		ck_assert_ptr_null(store[i]);
}
END_TEST

START_TEST(test_a_cow_mapping_is_private_and_writable)
{
	ck_assert(is_cow_mapping(VM_MAYWRITE));
	ck_assert(!is_cow_mapping(VM_MAYWRITE | VM_SHARED));
}
END_TEST

START_TEST(test_list_splice_tail_puts_the_entries_behind_and_list_splice_before)
{
	struct list_head a, b, e[4];
	struct list_head *order[4], *it;
	int n = 0;

	INIT_LIST_HEAD(&a);
	INIT_LIST_HEAD(&b);
	ck_assert_ptr_null(list_first_entry_or_null(&a, struct list_head, next));
	list_add_tail(&e[0], &a);
	list_add_tail(&e[1], &b);
	list_add_tail(&e[2], &b);
	list_splice_tail(&b, &a); /* a: 0 1 2 */
	list_add_tail(&e[3], &b);
	INIT_LIST_HEAD(&b);
	list_add_tail(&e[3], &b);
	list_splice(&b, &a); /* a: 3 0 1 2 */
	for (it = a.next; it != &a && n < 4; it = it->next)
		order[n++] = it;
	ck_assert_int_eq(n, 4);
	ck_assert(order[0] == &e[3] && order[1] == &e[0] && order[2] == &e[1] && order[3] == &e[2]);
	ck_assert_ptr_eq(a.prev, &e[2]);
	list_del(&e[0]); /* a: 3 1 2, e[0] poisoned as the kernel does */
	ck_assert_ptr_eq(e[3].next, &e[1]);
	ck_assert_ptr_eq(e[1].prev, &e[3]);
	ck_assert_ptr_eq(e[0].next, (struct list_head *)(uintptr_t)0x100);
}
END_TEST

START_TEST(test_a_mutex_taken_twice_is_an_oops_and_lockdep_warns_once_when_not_held)
{
	struct mutex m;

	mutex_init(&m);
	for (int i = 0; i < 2; i++) /* one site, twice: a WARN, then silence */
		lockdep_assert_held_once(&m);
	ck_assert_uint_eq(oracle_warns, 1);
	ck_assert_uint_eq(once_again, 1);
	mutex_lock(&m);
	lockdep_assert_held_once(&m);
	ck_assert_uint_eq(oracle_warns, 1);
	if (!setjmp(oops_jump)) {
		mutex_lock(&m);
		ck_abort_msg("a second mutex_lock returned");
	}
	ck_assert_ptr_nonnull(strstr(last_oops, "deadlock"));
	mutex_unlock(&m);
	if (!setjmp(oops_jump)) {
		mutex_unlock(&m);
		ck_abort_msg("unlocking a free mutex returned");
	}
	ck_assert_ptr_nonnull(strstr(last_oops, "not held"));
}
END_TEST

START_TEST(test_ww_mutex_trylock_is_the_reservation_lock_bit)
{
	struct dma_resv resv;
	struct ww_acquire_ctx ticket;
	struct kref k;

	dma_resv_init(&resv);
	ww_acquire_init(&ticket, &reservation_ww_class);
	ck_assert(ww_mutex_trylock(&resv.lock, &ticket));
	ck_assert(dma_resv_held(&resv)); /* drm_gem_lru_scan() then dma_resv_unlock()s it */
	ck_assert(!ww_mutex_trylock(&resv.lock, &ticket));
	dma_resv_unlock(&resv);
	ck_assert_int_eq(dma_resv_lock(&resv, NULL), 0);
	ck_assert(!ww_mutex_trylock(&resv.lock, NULL)); /* held elsewhere: the scan skips it */
	dma_resv_unlock(&resv);
	ww_acquire_fini(&ticket);
	kref_init(&k);
	ck_assert(kref_get_unless_zero(&k));
	ck_assert_uint_eq(kref_read(&k), 2);
	refcount_set(&k.refcount, 0);
	ck_assert(!kref_get_unless_zero(&k)); /* an object being freed */
	ck_assert_uint_eq(oracle_warns, 0);
}
END_TEST

/* ---- the lockstep comparison, against a scripted kernel side ---- */

/* a kernel side that answers every op with the next of its script */
struct script {
	const struct oracle_state *steps;
	unsigned n, next;
	char sent[16][96];
};

static int script_op(void *ctx, const char *line, struct oracle_state *st)
{
	struct script *sc = ctx;

	if (sc->next >= sc->n)
		return -1;
	snprintf(sc->sent[sc->next], sizeof(sc->sent[0]), "%s", line);
	*st = sc->steps[sc->next++];
	return st->oops ? -1 : 0;
}

static int script_reset(void *ctx, uint64_t frames)
{
	(void)ctx;
	(void)frames;
	return 0;
}

static const char pin_json[] =
	"{\"version\": 1, \"name\": \"t\", \"description\": \"d\","
	" \"memory\": {\"ram_pages\": 64, \"swap_pages\": 64},"
	" \"model\": {\"kernel\": \"mainline\"},"
	" \"objects\": [{\"name\": \"a\", \"pages\": 2, \"shrinker\": false}],"
	" \"events\": [{\"at\": 1, \"op\": \"pin\", \"bo\": \"a\"},"
	"              {\"at\": 2, \"op\": \"unpin\", \"bo\": \"a\"},"
	"              {\"at\": 3, \"op\": \"unpin\", \"bo\": \"a\"}],"
	" \"expect\": [{\"at\": \"end\", \"that\": {\"violations\": 0}}]}";

#define OBJ(use_, pin_, pages_)                                                                \
	{                                                                                      \
		.nobj = 1, .obj = { { .slot = 0, .use = use_, .pin = pin_, .pages = pages_ } } \
	}

static void run_script(const struct oracle_state *st, unsigned n, struct oracle_result *res,
		       struct script *script)
{
	struct sim_error err = { 0 };
	struct scenario *s =
		scenario_load_text("t.json", pin_json, sizeof(pin_json) - 1, NULL, &err);
	struct oracle_kernel k = { script_op, script_reset, script };

	ck_assert_ptr_nonnull(s);
	*script = (struct script){ st, n, 0, { { 0 } } };
	ck_assert_int_eq(oracle_run(s, SIM_KERNEL_MAINLINE, &k, res), 0);
	scenario_free(s);
}

/* the kernel's answers to create, pin, unpin as the model gives them;
 * each test writes the fourth, the second unpin's (both sides' misuse) */
static struct oracle_state steps[4];
static struct oracle_result r;
static struct script sc;

static void agreeing_steps(void)
{
	memset(steps, 0, sizeof(steps));
	steps[0] = (struct oracle_state)OBJ(0, 0, false);
	steps[1] = (struct oracle_state)OBJ(1, 1, true);
	steps[2] = (struct oracle_state)OBJ(0, 0, false);
	steps[2].ret = ORACLE_VOID;
	steps[3] = steps[2];
}

START_TEST(test_a_kernel_that_agrees_op_by_op_is_the_same)
{
	agreeing_steps();
	steps[3].warns = 1; /* the second unpin: both sides flag it (the refcount WARN) */
	run_script(steps, 4, &r, &sc);
	ck_assert_int_eq(r.outcome, ORACLE_SAME);
	ck_assert_uint_eq(r.ops, 4);
	ck_assert_str_eq(sc.sent[0], "create 0 2");
	ck_assert_str_eq(sc.sent[1], "pin 0");
}
END_TEST

START_TEST(test_the_first_difference_stops_the_run_with_both_states)
{
	agreeing_steps();
	steps[1] = (struct oracle_state)OBJ(1, 0, true); /* a helper whose pin takes no pin */
	steps[2] = steps[3] = steps[1];
	run_script(steps, 4, &r, &sc);
	ck_assert_int_eq(r.outcome, ORACLE_DIFF);
	ck_assert_uint_eq(r.ops, 2);
	ck_assert_str_eq(r.op, "pin 0");
	ck_assert_ptr_nonnull(strstr(r.text, "pages_pin_count differs after `pin 0`"));
	ck_assert_ptr_nonnull(strstr(r.text, "use 1   pin 0"));
	ck_assert_ptr_nonnull(strstr(r.text, "use 1   pin 1"));
}
END_TEST

START_TEST(test_an_oops_the_model_also_flags_is_an_agreed_misuse)
{
	agreeing_steps();
	steps[3].oops = true; /* the second unpin: the model warns */
	snprintf(steps[3].msg, sizeof(steps[3].msg), "kernel oops: SIGSEGV\n");
	run_script(steps, 4, &r, &sc);
	ck_assert_int_eq(r.outcome, ORACLE_MISUSE);
	ck_assert_ptr_nonnull(strstr(r.text, "the kernel oopses at `unpin 0`"));
}
END_TEST

START_TEST(test_a_silent_warn_once_is_the_warn_every_time_choice)
{
	agreeing_steps();
	steps[3].once_again = 1; /* the WARN_ONCE fired in an earlier run */
	run_script(steps, 4, &r, &sc);
	ck_assert_int_eq(r.outcome, ORACLE_CHOICE);
	ck_assert_str_eq(r.choice, "warn-every-time");
}
END_TEST

START_TEST(test_the_fuzzer_draws_the_same_sequence_from_the_same_seed_and_it_loads)
{
	static struct oracle_fuzz_seq a, b;
	static char json[1 << 15];
	struct sim_rng r1, r2;
	struct sim_error err = { 0 };
	struct scenario *s;
	size_t n;

	rng_seed(&r1, 42);
	rng_seed(&r2, 42);
	oracle_fuzz_make(&a, &r1, 3, 4, 60);
	oracle_fuzz_make(&b, &r2, 3, 4, 60);
	ck_assert_int_eq(memcmp(&a, &b, sizeof(a)), 0);
	n = oracle_fuzz_json(&a, NULL, "mainline", "fuzz", json, sizeof(json));
	ck_assert_uint_gt(n, 0);
	s = scenario_load_text("fuzz.json", json, n, NULL, &err);
	ck_assert_msg(s != NULL, "%s", err.msg);
	ck_assert_uint_eq(s->nevents, 60 + 3); /* and the objects' creates */
	scenario_free(s);
	ck_assert_uint_eq(oracle_fuzz_json(&a, NULL, "mainline", "fuzz", json, 64), 0);
}
END_TEST

/* ---- the LRU check (oracle/lru.c), against a scripted kernel side ---- */

/* bo#0 (2 pages) and bo#1 (1 page) to willneed (list 3), then a scan of it
 * for 1 page: bo#0's lock is held, bo#1 is freed to pinned (list 0) */
static void lru_seq(struct oracle_lru_seq *q)
{
	memset(q, 0, sizeof(*q));
	q->nobj = 2;
	q->pages[0] = 2;
	q->pages[1] = 1;
	q->nops = 3;
	q->ops[0] = (struct oracle_lru_op){ .kind = ORACLE_LRU_MOVE, .bo = 0, .list = 3 };
	q->ops[1] = (struct oracle_lru_op){ .kind = ORACLE_LRU_MOVE, .bo = 1, .list = 3 };
	q->ops[2] = (struct oracle_lru_op){ .kind = ORACLE_LRU_SCAN, .list = 3, .nr = 1 };
	q->ops[2].verdict[0] = ORACLE_LRU_LOCKED;
	q->ops[2].verdict[1] = ORACLE_LRU_FREE;
	q->ops[2].to[1] = 0;
}

/* the kernel's answers: two creates, two moves, two verdicts and the scan */
static void lru_steps(struct oracle_state *st)
{
	memset(st, 0, 7 * sizeof(*st));
	for (int i = 2; i < 7; i++) {
		st[i].ret = ORACLE_VOID;
		st[i].lru.seen = true;
	}
	st[2].lru.count[3] = 2, st[2].lru.n[3] = 1;
	st[3].lru.count[3] = 3, st[3].lru.n[3] = 2, st[3].lru.slot[3][1] = 1;
	st[4] = st[5] = st[3];
	/* the scan: bo#0 skipped on its lock and put back, bo#1 freed to pinned */
	st[6].ret = 1;
	st[6].lru.remaining = 2;
	st[6].lru.count[3] = 2, st[6].lru.n[3] = 1;
	st[6].lru.count[0] = 1, st[6].lru.n[0] = 1, st[6].lru.slot[0][0] = 1;
	st[6].lru.noffered = 1, st[6].lru.offered[0] = 1;
}

START_TEST(test_the_lru_check_finds_a_kernel_that_lists_as_the_model_the_same)
{
	static struct oracle_lru_seq q;
	static struct oracle_state st[7];
	struct oracle_kernel k = { script_op, script_reset, &sc };
	char text[512];

	lru_seq(&q);
	lru_steps(st);
	sc = (struct script){ st, 7, 0, { { 0 } } };
	ck_assert_int_eq(oracle_lru_run(&q, NULL, &k, &r), 0);
	ck_assert_msg(r.outcome == ORACLE_SAME, "%s", r.text);
	ck_assert_uint_eq(r.ops, 3);
	ck_assert_str_eq(sc.sent[0], "lcreate 0 2");
	ck_assert_str_eq(sc.sent[4], "lverdict 0 1 0");
	ck_assert_str_eq(sc.sent[5], "lverdict 1 2 0");
	ck_assert_str_eq(sc.sent[6], "lscan 3 1");
	ck_assert_uint_gt(oracle_lru_text(&q, NULL, text, sizeof(text)), 0);
	ck_assert_ptr_nonnull(strstr(text, "lmove 1 3\nlverdict 0 1 0\n"));
}
END_TEST

START_TEST(test_the_lru_check_stops_at_a_scan_that_splices_in_another_order)
{
	static struct oracle_lru_seq q;
	static struct oracle_state st[7];
	struct oracle_kernel k = { script_op, script_reset, &sc };

	lru_seq(&q);
	lru_steps(st);
	st[6].lru.remaining = 0; /* a scan that forgets what it skipped on a lock */
	sc = (struct script){ st, 7, 0, { { 0 } } };
	ck_assert_int_eq(oracle_lru_run(&q, NULL, &k, &r), 0);
	ck_assert_int_eq(r.outcome, ORACLE_DIFF);
	ck_assert_str_eq(r.op, "lscan 3 1");
	ck_assert_ptr_nonnull(strstr(r.text, "*remaining differs after `lscan 3 1`"));
	lru_steps(st);
	st[3].lru.slot[3][0] = 1, st[3].lru.slot[3][1] = 0; /* a move_tail to the head */
	sc = (struct script){ st, 7, 0, { { 0 } } };
	ck_assert_int_eq(oracle_lru_run(&q, NULL, &k, &r), 0);
	ck_assert_int_eq(r.outcome, ORACLE_DIFF);
	ck_assert_str_eq(r.op, "lmove 1 3");
	ck_assert_ptr_nonnull(strstr(r.text, "list 3's order differs"));
	ck_assert_ptr_nonnull(strstr(r.text, "[3p] bo#1 bo#0"));
}
END_TEST

START_TEST(test_the_lru_fuzzer_draws_the_same_sequence_from_the_same_seed)
{
	static struct oracle_lru_seq a, b;
	struct sim_rng r1, r2;

	rng_seed(&r1, 7);
	rng_seed(&r2, 7);
	oracle_lru_make(&a, &r1, 5, 100);
	oracle_lru_make(&b, &r2, 5, 100);
	ck_assert_int_eq(memcmp(&a, &b, sizeof(a)), 0);
	for (uint32_t i = 0; i < a.nops;
	     i++) /* a freed object never goes back to the scanned list */
		for (uint32_t o = 0; o < a.nobj && a.ops[i].kind == ORACLE_LRU_SCAN; o++)
			ck_assert_uint_ne(a.ops[i].to[o], a.ops[i].list);
}
END_TEST

extern Suite *oracle_suite(void);
Suite *oracle_suite(void)
{
	Suite *s = suite_create("oracle");
	TCase *tc = tcase_create("stand-ins");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_refcount_dec_and_test_on_zero_saturates_and_warns_as_lib_refcount);
	tcase_add_test(tc, test_refcount_inc_not_zero_leaves_zero_alone);
	tcase_add_test(tc, test_refcount_dec_not_one_warns_once_per_run_then_only_tells_the_oracle);
	tcase_add_test(tc, test_taking_a_held_reservation_lock_is_an_oops_not_a_hang);
	tcase_add_test(tc, test_sg_table_reads_every_page_and_dma_mapping_is_recorded);
	tcase_add_test(tc, test_vmf_insert_pfn_sets_the_pte_of_its_page_only);
	tcase_add_test(tc, test_shmem_truncate_range_empties_the_page_cache);
	tcase_add_test(tc, test_a_cow_mapping_is_private_and_writable);
	tcase_add_test(tc, test_list_splice_tail_puts_the_entries_behind_and_list_splice_before);
	tcase_add_test(tc,
		       test_a_mutex_taken_twice_is_an_oops_and_lockdep_warns_once_when_not_held);
	tcase_add_test(tc, test_ww_mutex_trylock_is_the_reservation_lock_bit);
	suite_add_tcase(s, tc);
	tc = tcase_create("lockstep");
	tcase_add_test(tc, test_a_kernel_that_agrees_op_by_op_is_the_same);
	tcase_add_test(tc, test_the_first_difference_stops_the_run_with_both_states);
	tcase_add_test(tc, test_an_oops_the_model_also_flags_is_an_agreed_misuse);
	tcase_add_test(tc, test_a_silent_warn_once_is_the_warn_every_time_choice);
	tcase_add_test(tc, test_the_fuzzer_draws_the_same_sequence_from_the_same_seed_and_it_loads);
	tcase_add_test(tc, test_the_lru_check_finds_a_kernel_that_lists_as_the_model_the_same);
	tcase_add_test(tc, test_the_lru_check_stops_at_a_scan_that_splices_in_another_order);
	tcase_add_test(tc, test_the_lru_fuzzer_draws_the_same_sequence_from_the_same_seed);
	suite_add_tcase(s, tc);
	return s;
}
