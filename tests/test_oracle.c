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

#define OBJ(use_, pin_, pages_) { .nobj = 1, .obj = { { .slot = 0, .use = use_, .pin = pin_, \
						       .pages = pages_ } } }

static void run_script(const struct oracle_state *st, unsigned n, struct oracle_result *res,
		       struct script *script)
{
	struct sim_error err = { 0 };
	struct scenario *s = scenario_load_text("t.json", pin_json, sizeof(pin_json) - 1, NULL, &err);
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
	suite_add_tcase(s, tc);
	tc = tcase_create("lockstep");
	tcase_add_test(tc, test_a_kernel_that_agrees_op_by_op_is_the_same);
	tcase_add_test(tc, test_the_first_difference_stops_the_run_with_both_states);
	tcase_add_test(tc, test_an_oops_the_model_also_flags_is_an_agreed_misuse);
	tcase_add_test(tc, test_a_silent_warn_once_is_the_warn_every_time_choice);
	tcase_add_test(tc, test_the_fuzzer_draws_the_same_sequence_from_the_same_seed_and_it_loads);
	suite_add_tcase(s, tc);
	return s;
}
