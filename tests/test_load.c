// SPDX-License-Identifier: MIT
/*
 * test_load.c - tests of run/load.c, the scenario loader: one TCase per
 * class of error, each test asserting the exact message and the exact
 * line:col, plus what a good scenario loads to (values, defaults, order,
 * resolved names).
 *
 * Scenario texts are written with single quotes for readability; q()
 * turns them into JSON double quotes before loading. Positions in the
 * assertions are 1-based line:col of that text (quotes count one column
 * either way).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gem/lru.h"
#include "run/load.h"
#include "run/ops.h"
#include "base/units.h"

extern Suite *load_suite(void);

/* A copy of @text with every ' turned into ", owned by the caller. */
static char *q(const char *text)
{
	char *s = strdup(text);

	ck_assert_ptr_nonnull(s);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	return s;
}

static struct scenario *load_q(const char *text, const struct load_opts *o, struct sim_error *e)
{
	char *s = q(text);
	struct scenario *sc;

	memset(e, 0, sizeof(*e));
	sc = scenario_load_text("t.json", s, strlen(s), o, e);
	free(s);
	return sc;
}

/* Loading @text fails at @line:@col with @msg. */
#define BAD_OPTS(text, opts, wl, wc, wmsg)                                                      \
	do {                                                                                    \
		struct sim_error e_;                                                            \
		struct scenario *sc_ = load_q((text), (opts), &e_);                             \
		ck_assert_msg(sc_ == NULL, "loaded, wanted: %s", (wmsg));                       \
		ck_assert_str_eq(e_.msg, (wmsg));                                               \
		ck_assert_msg(e_.line == (wl) && e_.col == (wc), "at %u:%u, wanted %u:%u (%s)", \
			      e_.line, e_.col, (unsigned)(wl), (unsigned)(wc), e_.msg);         \
		ck_assert_str_eq(e_.file, "t.json");                                            \
	} while (0)

#define BAD(text, wl, wc, wmsg) BAD_OPTS(text, NULL, wl, wc, wmsg)

/* Loading @text with the --set overrides @... fails with @msg (no position). */
#define BAD_SET(text, wmsg, ...)                                                     \
	do {                                                                         \
		const char *const sets_[] = { __VA_ARGS__ };                         \
		struct load_opts o_ = { .sets = sets_,                               \
					.nsets = sizeof(sets_) / sizeof(sets_[0]) }; \
		BAD_OPTS(text, &o_, 0, 0, wmsg);                                     \
	} while (0)

static struct scenario *good_opts(const char *text, const struct load_opts *o)
{
	struct sim_error e;
	struct scenario *sc = load_q(text, o, &e);

	ck_assert_msg(sc != NULL, "failed: %u:%u: %s", e.line, e.col, e.msg);
	return sc;
}

static struct scenario *good(const char *text)
{
	return good_opts(text, NULL);
}

/* The usual first line: 44 columns, so line 2 starts fresh. */
#define HEAD "{'version': 1, 'memory': {'ram_pages': 64},\n"
#define OBJ "'objects': [{'name': 'bo0', 'pages': 4}],\n"
#define NOEV "'events': []}"
/* Line 3 holds one event; the event object starts at 3:13. */
#define EV(ev) HEAD OBJ "'events': [" ev "]}"

/* ---- syntax (delegated to jsonpos) ---------------------------------------- */

START_TEST(test_syntax_error_is_reported_with_its_position)
{
	BAD(HEAD "'events': [{'at': 0 'op': 'pin'}]}", 2, 21,
	    "expected ',' or '}' after object member");
	BAD(HEAD "'events': [],}", 2, 13, "trailing comma is not allowed");
	BAD(HEAD "'events': []", 2, 13, "unexpected end of file (truncated?)");
	BAD(HEAD "'events': []} x", 2, 15, "extra data after the top-level value");
}
END_TEST

START_TEST(test_duplicate_key_and_empty_text_are_syntax_errors)
{
	BAD(HEAD "'version': 1, " NOEV, 2, 1, "duplicate key \"version\"");
	BAD("", 1, 1, "empty file");
	BAD("  \n ", 1, 1, "empty file");
}
END_TEST

/* ---- version --------------------------------------------------------------- */

START_TEST(test_version_must_be_one)
{
	BAD("{'version': 2, 'memory': {'ram_pages': 64}, " NOEV, 1, 13,
	    "unsupported \"version\" 2 (this gemsim reads version 1)");
	BAD("{'version': 1.5, 'memory': {'ram_pages': 64}, " NOEV, 1, 13,
	    "unsupported \"version\" 1.5 (this gemsim reads version 1)");
	BAD("{'version': '1', 'memory': {'ram_pages': 64}, " NOEV, 1, 13,
	    "\"version\" must be the number 1, got a string");
	BAD("{'memory': {'ram_pages': 64}, " NOEV, 1, 1, "missing \"version\": 1");
}
END_TEST

/* ---- required blocks and keys ---------------------------------------------- */

START_TEST(test_memory_and_ram_pages_are_required)
{
	BAD("{'version': 1, " NOEV, 1, 1,
	    "the scenario needs a \"memory\" block with \"ram_pages\"");
	BAD("{'version': 1, 'memory': {'swap_pages': 4}, " NOEV, 1, 26,
	    "\"memory\" needs \"ram_pages\" (or \"ram\", a size)");
}
END_TEST

START_TEST(test_events_or_workloads_are_required)
{
	BAD("{'version': 1, 'memory': {'ram_pages': 64}}", 1, 1,
	    "a scenario needs \"events\" or \"workloads\"");
}
END_TEST

START_TEST(test_an_event_needs_op_and_at)
{
	BAD(EV("{'at': 0, 'bo': 'bo0'}"), 3, 12, "an event needs an \"op\"");
	BAD(EV("{'op': 'pin', 'bo': 'bo0'}"), 3, 12, "a \"pin\" event needs \"at\"");
}
END_TEST

START_TEST(test_every_op_has_one_full_row_in_the_op_table)
{
	for (int i = 0; i < SIM_OP_COUNT; i++) {
		const struct ops_desc *d = &ops_table[i];
		bool defined = !d->defines;

		ck_assert_msg(d->name && d->doc && d->doc[0] && d->keys && d->load && d->run,
			      "op %d has no full row in ops_table[]", i);
		/* a call that can succeed, and says so as it says its errors */
		ck_assert_msg(d->rets & (OPS_RET(OK) | OPS_RET(TRUE)),
			      "%s lists no success among its results", d->name);
		ck_assert_int_eq(ops_find(d->name), i);
		for (const char *const *k = d->keys; *k; k++)
			defined |= !strcmp(*k, d->defines ? d->defines : "");
		ck_assert_msg(defined, "%s defines \"%s\", not one of its keys", d->name,
			      d->defines);
	}
	ck_assert_int_eq(ops_find("frob"), -1);
}
END_TEST

START_TEST(test_an_event_needs_its_arguments)
{
	BAD(EV("{'at': 0, 'op': 'pin'}"), 3, 12, "a \"pin\" event needs \"bo\"");
	BAD(EV("{'at': 0, 'op': 'shrink'}"), 3, 12,
	    "a \"shrink\" event needs \"nr\" (pages to scan for)");
	BAD(EV("{'at': 0, 'op': 'create', 'bo': 'b1'}"), 3, 12,
	    "a \"create\" event needs \"size\" or \"pages\"");
	BAD(EV("{'at': 0, 'op': 'madvise', 'bo': 'bo0'}"), 3, 12,
	    "a \"madvise\" event needs \"advice\": \"willneed\" or \"dontneed\"");
	BAD(EV("{'at': 0, 'op': 'pressure'}"), 3, 12, "a \"pressure\" event needs \"pages\"");
}
END_TEST

START_TEST(test_named_entries_need_a_name)
{
	BAD(HEAD "'objects': [{'pages': 1}], " NOEV, 2, 13, "an object needs a \"name\"");
	BAD(HEAD "'vms': [{'device': 'gpu0'}], " NOEV, 2, 9, "a VM needs a \"name\"");
	BAD(HEAD "'devices': [{'va_bits': 40}], " NOEV, 2, 13, "a device needs a \"name\"");
	BAD(HEAD "'objects': [{'name': 'b'}], " NOEV, 2, 13,
	    "object \"b\" needs \"size\" or \"pages\"");
}
END_TEST

/* ---- unknown keys ------------------------------------------------------------ */

START_TEST(test_ram_and_swap_may_be_sizes_with_memparse_suffixes)
{
	static const char text[] =
		"{\"version\": 1, \"memory\": {\"ram\": \"1G\", \"swap\": \"6K\"},"
		" \"events\": [{\"at\": \"2\u00b5s\", \"op\": \"shrink\", \"nr\": 1}]}";
	struct sim_error e;
	struct scenario *sc = scenario_load_text("t.json", text, sizeof(text) - 1, NULL, &e);

	ck_assert_msg(sc != NULL, "%s", e.msg);
	ck_assert_uint_eq(sc->cfg.ram_pages, 262144);
	ck_assert_uint_eq(sc->cfg.swap_pages, 2); /* rounded up to whole pages */
	ck_assert_uint_eq(sc->events[0].at, 2000);
	scenario_free(sc);
}
END_TEST

START_TEST(test_unknown_key_at_top_level_and_in_blocks)
{
	BAD(HEAD "'evnets': []}", 2, 1,
	    "unknown key \"evnets\" in the scenario (did you mean \"events\"? "
	    "expected one of: version, name, "
	    "description, seed, model, memory, policy, costs, devices, vms, objects, events, "
	    "workloads, expect, end, captions, headline)");
	BAD("{'version': 1, 'memory': {'ram_pages': 64, 'rm': 1}, " NOEV, 1, 44,
	    "unknown key \"rm\" in memory (did you mean \"ram\"? expected one of: "
	    "ram_pages, swap_pages, page_size, ram, swap)");
	BAD("{'version': 1, 'memory': {'ram_pages': 64, 'ram': 1}, " NOEV, 1, 51,
	    "\"memory\" has \"ram\" and \"ram_pages\": give one");
	BAD(HEAD "'policy': {'reclam': 'lru'}, " NOEV, 2, 12,
	    "unknown key \"reclam\" in policy (did you mean \"reclaim\"? expected one of: "
	    "reclaim, vmap_pins, "
	    "attach_pins, purge_first, evict, busy_wait, watermarks, reclaim_pinned, "
	    "shrinker, touch, clock_insert, reclaim_driver, vmscan)");
	BAD(HEAD "'policy': {'watermarks': {'lo': 1}}, " NOEV, 2, 27,
	    "unknown key \"lo\" in policy.watermarks (did you mean \"low\"? expected one of: low, high)");
	BAD(HEAD "'costs': {'zapp': 1}, " NOEV, 2, 11,
	    "unknown key \"zapp\" in costs (did you mean \"zap\"? expected one of: "
	    "page_alloc, swap_out, swap_in, "
	    "zap, tlb_flush, fault, scan_object)");
}
END_TEST

START_TEST(test_unknown_key_in_named_entries)
{
	BAD(HEAD "'devices': [{'name': 'g', 'vabits': 40}], " NOEV, 2, 27,
	    "unknown key \"vabits\" in a device (did you mean \"va_bits\"? expected one of: "
	    "name, va_bits, tlb_entries, "
	    "as_slots, queues)");
	BAD(HEAD "'vms': [{'name': 'v', 'dev': 'gpu0'}], " NOEV, 2, 23,
	    "unknown key \"dev\" in a VM (did you mean \"device\"? expected one of: name, device)");
	BAD(HEAD "'objects': [{'name': 'b', 'pages': 1, 'sz': 1}], " NOEV, 2, 39,
	    "unknown key \"sz\" in an object (expected one of: name, size, pages, heap, shrinker, count)");
}
END_TEST

START_TEST(test_unknown_key_in_events_of_several_ops)
{
	BAD(EV("{'at': 0, 'op': 'pin', 'bo': 'bo0', 'bos': 1}"), 3, 48,
	    "unknown key \"bos\" in a \"pin\" event (did you mean \"bo\"? expected one of: "
	    "at, op, ret, bo)");
	BAD(EV("{'at': 0, 'op': 'shrink', 'pages': 1}"), 3, 38,
	    "unknown key \"pages\" in a \"shrink\" event (expected one of: at, op, ret, nr)");
	BAD(EV("{'at': 0, 'op': 'gpu_map', 'vm': 'v', 'bo': 'bo0', 'size': 1}"), 3, 63,
	    "unknown key \"size\" in a \"gpu_map\" event (expected one of: at, op, ret, vm, "
	    "bo, va)");
	BAD(EV("{'at': 0, 'op': 'create', 'bo': 'b', 'pages': 1, 'heep': true}"), 3, 61,
	    "unknown key \"heep\" in a \"create\" event (did you mean \"heap\"? expected one "
	    "of: at, op, ret, bo, "
	    "size, pages, heap, shrinker)");
}
END_TEST

START_TEST(test_x_keys_are_accepted_everywhere)
{
	struct scenario *sc =
		good("{'version': 1, 'x-top': [1, {'any': 'thing'}],\n"
		     "'memory': {'ram_pages': 64, 'x-m': 1},\n"
		     "'policy': {'x-p': 1, 'watermarks': {'low': 1, 'high': 2, 'x-w': true}},\n"
		     "'costs': {'x-c': 'note'},\n"
		     "'devices': [{'name': 'g', 'x-d': null}],\n"
		     "'vms': [{'name': 'v', 'device': 'g', 'x-v': 1}],\n"
		     "'objects': [{'name': 'b', 'pages': 1, 'x-o': 1}],\n"
		     "'events': [{'at': 0, 'op': 'pin', 'bo': 'b', 'x-e': 'why'},\n"
		     "           {'at': 0, 'op': 'shrink', 'nr': 1, 'x-': 0}],\n"
		     "'expect': [{'at': 'end', 'x-x': 1,\n"
		     "            'that': {'x-t': 1, 'violations': {'min': 0, 'x-r': 1}}}]}");

	ck_assert_uint_eq(sc->nevents, 3); /* the object's create, pin, shrink */
	ck_assert_uint_eq(sc->nexpects, 1);
	ck_assert_uint_eq(sc->nchecks, 1); /* "x-t" is not a check */
	scenario_free(sc);
}
END_TEST

START_TEST(test_unknown_op)
{
	BAD(EV("{'at': 0, 'op': 'pinn', 'bo': 'bo0'}"), 3, 28,
	    "unknown op \"pinn\" (did you mean \"pin\"? ops: create, free, get_pages, "
	    "put_pages, pin, unpin, vmap, vunmap, vmap_access, mmap, munmap, fork, cpu_access, "
	    "madvise, get_pages_sgt, purge, evict, swapin, resv_lock, resv_unlock, gpu_map, "
	    "gpu_unmap, submit, gpu_access, export, import, attach, detach, map_attachment, "
	    "unmap_attachment, pressure, release, shrink, get_sg_table)");
}
END_TEST

/* ---- types ------------------------------------------------------------------- */

START_TEST(test_wrong_type_of_a_number)
{
	BAD("{'version': 1, 'memory': {'ram_pages': '64'}, " NOEV, 1, 40,
	    "\"ram_pages\" must be a whole number, got a string");
	BAD(EV("{'at': 0, 'op': 'shrink', 'nr': [1]}"), 3, 44,
	    "\"nr\" must be a whole number, got an array");
	BAD(HEAD "'seed': true, " NOEV, 2, 9, "\"seed\" must be a whole number, got a boolean");
}
END_TEST

START_TEST(test_wrong_type_of_a_bool)
{
	BAD(HEAD "'policy': {'evict': 1}, " NOEV, 2, 21,
	    "\"evict\" must be true or false, got a number");
	BAD(HEAD "'policy': {'vmap_pins': 'false'}, " NOEV, 2, 25,
	    "\"vmap_pins\" must be true or false, got a string");
	BAD(EV("{'at': 0, 'op': 'create', 'bo': 'b', 'pages': 1, 'heap': null}"), 3, 69,
	    "\"heap\" must be true or false, got null");
}
END_TEST

START_TEST(test_wrong_type_of_a_string)
{
	BAD(HEAD "'name': 5, " NOEV, 2, 9, "\"name\" must be a string, got a number");
	BAD(EV("{'at': 0, 'op': 5}"), 3, 28, "\"op\" must be a string, got a number");
	BAD(EV("{'at': 0, 'op': 'pin', 'bo': {}}"), 3, 41,
	    "\"bo\" must be a string, got an object");
	BAD(HEAD "'policy': {'reclaim': 1}, " NOEV, 2, 23,
	    "\"reclaim\" must be a string, got a number");
}
END_TEST

START_TEST(test_wrong_type_of_a_time)
{
	BAD(EV("{'at': true, 'op': 'pin', 'bo': 'bo0'}"), 3, 19,
	    "\"at\" must be a time (microseconds, or a string such as \"1.5ms\"), got a boolean");
	BAD(HEAD "'costs': {'zap': []}, " NOEV, 2, 18,
	    "\"zap\" must be a time (microseconds, or a string such as \"1.5ms\"), got an array");
}
END_TEST

START_TEST(test_wrong_type_of_a_size)
{
	BAD(HEAD "'objects': [{'name': 'b', 'size': true}], " NOEV, 2, 35,
	    "\"size\" must be bytes or a string such as \"64KiB\", got a boolean");
}
END_TEST

START_TEST(test_wrong_type_of_an_address)
{
	BAD(HEAD OBJ
	    "'vms': [{'name': 'v'}],\n"
	    "'events': [{'at': 0, 'op': 'gpu_map', 'vm': 'v', 'bo': 'bo0', 'va': [4096]}]}",
	    4, 69,
	    "\"va\" must be an address (a number or a hex string such as \"0x100000\"), got an array");
}
END_TEST

START_TEST(test_wrong_type_of_an_array)
{
	BAD(HEAD "'events': {}}", 2, 11, "\"events\" must be an array, got an object");
	BAD(HEAD "'objects': 'bo0', " NOEV, 2, 12, "\"objects\" must be an array, got a string");
	BAD(HEAD OBJ
	    "'vms': [{'name': 'v'}],\n"
	    "'events': [{'at': 0, 'op': 'submit', 'vm': 'v', 'bos': 'bo0', 'duration': 1}]}",
	    4, 56, "\"bos\" must be an array, got a string");
	BAD(HEAD OBJ "'vms': [{'name': 'v'}],\n"
		     "'events': [{'at': 0, 'op': 'submit', 'vm': 'v', 'bos': [1], 'duration': 1}]}",
	    4, 57, "\"bos\" must list object names, got a number");
}
END_TEST

START_TEST(test_wrong_type_of_an_object)
{
	BAD("{'version': 1, 'memory': 64, " NOEV, 1, 26,
	    "\"memory\" must be an object, got a number");
	BAD(HEAD "'policy': [], " NOEV, 2, 11, "\"policy\" must be an object, got an array");
	BAD(HEAD "'events': [1]}", 2, 12, "an event must be an object, got a number");
	BAD(HEAD "'objects': [[]], " NOEV, 2, 13, "an object must be an object, got an array");
	BAD("[]", 1, 1, "the scenario must be an object, got an array");
}
END_TEST

/* ---- names ------------------------------------------------------------------- */

START_TEST(test_undefined_names_of_each_kind)
{
	BAD(EV("{'at': 0, 'op': 'pin', 'bo': 'bo1'}"), 3, 41,
	    "unknown object \"bo1\" in \"bo\" (no object of that name is defined in "
	    "\"objects\" or by a \"create\" or \"import\" event; did you mean \"bo0\"? "
	    "objects: bo0)");
	BAD(EV("{'at': 0, 'op': 'munmap', 'map': 'm0'}"), 3, 45,
	    "unknown mapping \"m0\" in \"map\" (no mapping of that name is defined by an "
	    "\"mmap\" or \"fork\" event; no mappings are defined)");
	BAD(EV("{'at': 0, 'op': 'gpu_unmap', 'vm': 'vm0', 'bo': 'bo0'}"), 3, 47,
	    "unknown VM \"vm0\" in \"vm\" (no VM of that name is defined in \"vms\"; "
	    "no VMs are defined)");
	BAD(HEAD "'vms': [{'name': 'v', 'device': 'gpu1'}], " NOEV, 2, 33,
	    "unknown device \"gpu1\" in \"device\" (no device of that name is defined in "
	    "\"devices\"; did you mean \"gpu0\"? devices: gpu0)");
	BAD(EV("{'at': 0, 'op': 'attach', 'buf': 'x', 'device': 'gpu0', 'att': 'a'}"), 3, 45,
	    "unknown dma-buf \"x\" in \"buf\" (no dma-buf of that name is defined by an "
	    "\"export\" event; no dma-bufs are defined)");
	BAD(EV("{'at': 0, 'op': 'detach', 'att': 'a0'}"), 3, 45,
	    "unknown attachment \"a0\" in \"att\" (no attachment of that name is defined by "
	    "an \"attach\" event; no attachments are defined)");
}
END_TEST

START_TEST(test_a_name_may_be_used_before_the_line_that_defines_it)
{
	struct scenario *sc =
		good(HEAD "'events': [{'at': 2, 'op': 'cpu_access', 'map': 'm', 'page': 0},\n"
			  "           {'at': 1, 'op': 'mmap', 'bo': 'b', 'map': 'm'},\n"
			  "           {'at': 0, 'op': 'create', 'bo': 'b', 'size': '8KiB'}]}");

	ck_assert_uint_eq(sc->nevents, 3);
	ck_assert_uint_eq(sc->events[0].op, SIM_OP_CREATE);
	ck_assert_uint_eq(sc->events[0].x, 2);
	ck_assert_uint_eq(sc->events[1].op, SIM_OP_MMAP);
	ck_assert_uint_eq(sc->events[2].op, SIM_OP_CPU_ACCESS);
	ck_assert_uint_eq(sc->events[2].b, sc->events[1].b);
	scenario_free(sc);
}
END_TEST

START_TEST(test_duplicate_definitions_point_at_both)
{
	BAD(HEAD "'objects': [{'name': 'b', 'pages': 1},\n{'name': 'b', 'pages': 2}], " NOEV, 3, 10,
	    "object \"b\" is defined twice (first at line 2, column 22)");
	BAD(HEAD "'vms': [{'name': 'v'}, {'name': 'w'}, {'name': 'v'}], " NOEV, 2, 48,
	    "VM \"v\" is defined twice (first at line 2, column 18)");
	BAD(HEAD "'devices': [{'name': 'g'}, {'name': 'g'}], " NOEV, 2, 37,
	    "device \"g\" is defined twice (first at line 2, column 22)");
}
END_TEST

START_TEST(test_bad_names)
{
	BAD(HEAD "'objects': [{'name': 'b 0', 'pages': 1}], " NOEV, 2, 22,
	    "\"name\": name \"b 0\" may hold only letters, digits, '_' and '-'");
	BAD(HEAD "'objects': [{'name': 'b.0', 'pages': 1}], " NOEV, 2, 22,
	    "\"name\": name \"b.0\" may hold only letters, digits, '_' and '-'");
	BAD(HEAD "'objects': [{'name': '', 'pages': 1}], " NOEV, 2, 22,
	    "\"name\" is empty; a name is 1 to 64 letters, digits, '_' or '-'");
	BAD(EV("{'at': 0, 'op': 'create', 'pages': 1, 'bo': "
	       "'a123456789b123456789c123456789d123456789e123456789f123456789g1234'}"),
	    3, 56,
	    "\"bo\": name \"a123456789b123456789c123456789d123456789e123456789f123456789g123...\" "
	    "is 65 bytes long, more than the limit of 64");
	/* 64 is fine */
	scenario_free(
		good(EV("{'at': 0, 'op': 'create', 'pages': 1, 'bo': "
			"'a123456789b123456789c123456789d123456789e123456789f123456789g123'}")));
}
END_TEST

START_TEST(test_text_in_messages_is_escaped_and_clipped)
{
	BAD(EV("{'at': 0, 'op': 'pin', 'bo': 'bo0', 'b\\no': 1}"), 3, 48,
	    "unknown key \"b\\x0ao\" in a \"pin\" event (did you mean \"bo\"? expected one "
	    "of: at, op, ret, bo)");
	BAD(EV("{'at': 0, 'op': 'pin', 'bo': 'a\\\"b'}"), 3, 41,
	    "unknown object \"a\\\"b\" in \"bo\" (no object of that name is defined in "
	    "\"objects\" or by a \"create\" or \"import\" event; objects: bo0)");
}
END_TEST

/* ---- sizes ------------------------------------------------------------------- */

START_TEST(test_sizes_zero_and_negative)
{
	BAD(HEAD "'objects': [{'name': 'b', 'size': 0}], " NOEV, 2, 35,
	    "\"size\" must be at least one byte");
	BAD(HEAD "'objects': [{'name': 'b', 'pages': 0}], " NOEV, 2, 36,
	    "\"pages\" must be at least 1, got 0");
	BAD(HEAD "'objects': [{'name': 'b', 'size': -4096}], " NOEV, 2, 35,
	    "\"size\": -4096: negative size");
	BAD(HEAD "'objects': [{'name': 'b', 'size': '-1KiB'}], " NOEV, 2, 35,
	    "\"size\": \"-1KiB\": negative size");
	BAD("{'version': 1, 'memory': {'ram_pages': 0}, " NOEV, 1, 40,
	    "\"ram_pages\" must be at least 1, got 0");
	BAD("{'version': 1, 'memory': {'ram_pages': 8, 'swap_pages': -1}, " NOEV, 1, 57,
	    "\"swap_pages\" must not be negative, got -1");
}
END_TEST

START_TEST(test_sizes_past_the_limits)
{
	BAD("{'version': 1, 'memory': {'ram_pages': 134217729}, " NOEV, 1, 40,
	    "\"ram_pages\" must be at most 134217728, got 134217729");
	BAD("{'version': 1, 'memory': {'ram_pages': 8, 'swap_pages': 1e300}, " NOEV, 1, 57,
	    "\"swap_pages\" must be at most 134217728, got 1e+300");
	BAD(HEAD "'objects': [{'name': 'b', 'size': '1TiB'}], " NOEV, 2, 35,
	    "\"size\" is 268435456 pages, more than the limit of 134217728");
	BAD(HEAD "'objects': [{'name': 'b', 'pages': 134217729}], " NOEV, 2, 36,
	    "\"pages\" must be at most 134217728, got 134217729");
	BAD(HEAD "'objects': [{'name': 'b', 'size': '99999999999EiB'}], " NOEV, 2, 35,
	    "\"size\": \"99999999999EiB\": size too large (max 1EiB)");
	BAD(HEAD "'objects': [{'name': 'b', 'size': 1e300}], " NOEV, 2, 35,
	    "\"size\": 1e+300: size too large for a JSON number (max 2^53; use a string "
	    "such as \"8PiB\")");
	/* the limits themselves are fine */
	scenario_free(good("{'version': 1, 'memory': {'ram_pages': 134217728, "
			   "'swap_pages': 134217728}, 'objects': [{'name': 'b', "
			   "'size': '512GiB'}], " NOEV));
}
END_TEST

START_TEST(test_sizes_with_bad_units_or_both_forms)
{
	BAD(HEAD "'objects': [{'name': 'b', 'size': '1MB'}], " NOEV, 2, 35,
	    "\"size\": \"1MB\": ambiguous size unit 'MB' (use KiB, MiB, GiB, TiB or K, M, G, T: powers of 1024)");
	BAD(HEAD "'objects': [{'name': 'b', 'size': '1 MiB'}], " NOEV, 2, 35,
	    "\"size\": \"1 MiB\": spaces are not allowed in a size");
	BAD(HEAD "'objects': [{'name': 'b', 'size': '1parsec'}], " NOEV, 2, 35,
	    "\"size\": \"1parsec\": unknown size unit 'parsec' (use B, KiB, MiB, GiB, TiB, "
	    "PiB, EiB, or memparse's K, M, G, T, P, E)");
	BAD(HEAD "'objects': [{'name': 'b', 'size': '1MiB', 'pages': 4}], " NOEV, 2, 27,
	    "object \"b\": give \"size\" or \"pages\", not both");
	BAD(HEAD "'objects': [{'name': 'b', 'size': 1.5}], " NOEV, 2, 35,
	    "\"size\": 1.5: size is not a whole number of bytes");
}
END_TEST

START_TEST(test_sizes_round_up_to_whole_pages)
{
	struct scenario *sc =
		good(HEAD "'objects': [{'name': 'a', 'size': 1},\n"
			  "{'name': 'b', 'size': '64KiB'}, {'name': 'c', 'size': 4097},\n"
			  "{'name': 'd', 'pages': 3}, {'name': 'e', 'size': '1.5MiB'}], " NOEV);

	ck_assert_uint_eq(sc->bo_pages[0], 1);
	ck_assert_uint_eq(sc->bo_pages[1], 16);
	ck_assert_uint_eq(sc->bo_pages[2], 2);
	ck_assert_uint_eq(sc->bo_pages[3], 3);
	ck_assert_uint_eq(sc->bo_pages[4], 384);
	scenario_free(sc);
}
END_TEST

/* ---- times ------------------------------------------------------------------- */

START_TEST(test_times_with_bad_units_or_values)
{
	BAD(EV("{'at': '1sec', 'op': 'pin', 'bo': 'bo0'}"), 3, 19,
	    "\"at\": \"1sec\": unknown time unit 'sec' (use ns, us, ms, s)");
	BAD(EV("{'at': '5', 'op': 'pin', 'bo': 'bo0'}"), 3, 19,
	    "\"at\": \"5\": missing time unit (use ns, us, ms, s)");
	BAD(EV("{'at': -1, 'op': 'pin', 'bo': 'bo0'}"), 3, 19, "\"at\": -1: negative time");
	BAD(EV("{'at': '-1ms', 'op': 'pin', 'bo': 'bo0'}"), 3, 19,
	    "\"at\": \"-1ms\": negative time");
	BAD(EV("{'at': '0.5ns', 'op': 'pin', 'bo': 'bo0'}"), 3, 19,
	    "\"at\": \"0.5ns\": time is below nanosecond resolution");
	BAD(EV("{'at': 0.0005, 'op': 'pin', 'bo': 'bo0'}"), 3, 19,
	    "\"at\": 0.0005: time is below nanosecond resolution");
	BAD(HEAD "'end': 'forever', " NOEV, 2, 8,
	    "\"end\": \"forever\": not a number (a time is a number and a unit, such as "
	    "\"1.5ms\")");
	BAD(HEAD "'objects': [{'name': 'b', 'size': 'big'}], " NOEV, 2, 35,
	    "\"size\": \"big\": not a number (a size is bytes, or a number and a unit, such "
	    "as \"64KiB\")");
	BAD(HEAD "'policy': {'busy_wait': '1e3us'}, " NOEV, 2, 25,
	    "\"busy_wait\": \"1e3us\": exponents are not allowed in a time");
}
END_TEST

START_TEST(test_times_that_overflow)
{
	BAD(EV("{'at': '99999999999999999999s', 'op': 'pin', 'bo': 'bo0'}"), 3, 19,
	    "\"at\": \"99999999999999999999s\": time too large (max 4611686018.427387904s, "
	    "about 146 years)");
	BAD(EV("{'at': 1e20, 'op': 'pin', 'bo': 'bo0'}"), 3, 19,
	    "\"at\": 1e+20: time too large for a JSON number (max 2^51 ns, about 26 days; "
	    "use a string with a unit)");
	BAD(HEAD "'end': '4611686018.427387905s', " NOEV, 2, 8,
	    "\"end\": \"4611686018.427387905s\": time too large (max 4611686018.427387904s, "
	    "about 146 years)");
}
END_TEST

START_TEST(test_times_in_each_unit_load_as_nanoseconds)
{
	struct scenario *sc = good(HEAD OBJ "'events': [{'at': 1, 'op': 'pin', 'bo': 'bo0'},\n"
					    "{'at': '250ns', 'op': 'pin', 'bo': 'bo0'},\n"
					    "{'at': '1.5ms', 'op': 'pin', 'bo': 'bo0'},\n"
					    "{'at': '2s', 'op': 'pin', 'bo': 'bo0'}],\n"
					    "'end': '3s', 'policy': {'busy_wait': 0.5}}");

	ck_assert_uint_eq(sc->nevents, 5);
	ck_assert_uint_eq(sc->events[1].at, 250);
	ck_assert_uint_eq(sc->events[2].at, 1000);
	ck_assert_uint_eq(sc->events[3].at, 1500000);
	ck_assert_uint_eq(sc->events[4].at, 2000000000);
	ck_assert_uint_eq(sc->end, 3000000000);
	ck_assert_uint_eq(sc->cfg.policy.busy_wait, 500);
	scenario_free(sc);
}
END_TEST

/* msm waits 10 jiffies: a busy_wait in jiffies is that many ticks at model.hz */
START_TEST(test_busy_wait_in_jiffies_follows_model_hz)
{
	struct scenario *sc = good(HEAD OBJ "'events': [], 'policy': {'busy_wait': '10 jiffies'}}");

	ck_assert_uint_eq(sc->cfg.hz, 250);
	ck_assert_uint_eq(sc->cfg.policy.busy_wait, 40000000); /* 40 ms at HZ=250 */
	scenario_free(sc);
	sc = good(HEAD OBJ "'events': [], 'model': {'hz': 1000}, 'policy': {'busy_wait': "
			   "'10 jiffies'}}");
	ck_assert_uint_eq(sc->cfg.policy.busy_wait, 10000000);
	scenario_free(sc);
	sc = good(HEAD OBJ "'events': [], 'model': {'hz': 300}, 'policy': {'busy_wait': "
			   "'1 jiffy'}}");
	ck_assert_uint_eq(sc->cfg.policy.busy_wait, 3333333);
	scenario_free(sc);
	BAD(HEAD OBJ "'events': [], 'policy': {'busy_wait': '1.5 jiffies'}}", 3, 39,
	    "\"busy_wait\": \"1.5 jiffies\": a time in jiffies is a whole number and \"jiffies\" "
	    "(\"10 jiffies\"), at model.hz (250)");
	BAD(HEAD OBJ "'events': [], 'model': {'hz': 0}}", 3, 31,
	    "\"hz\" must be at least 1, got 0");
}
END_TEST

/* ---- addresses --------------------------------------------------------------- */

#define GPU_MAP(va)                          \
	HEAD OBJ "'vms': [{'name': 'v'}],\n" \
		 "'events': [{'at': 0, 'op': 'gpu_map', 'vm': 'v', 'bo': 'bo0', 'va': " va "}]}"

START_TEST(test_bad_addresses)
{
	BAD(GPU_MAP("'0xZZ'"), 4, 69, "\"va\": \"0xZZ\": invalid hex digit in address");
	BAD(GPU_MAP("'high'"), 4, 69,
	    "\"va\": \"high\": not a number (use decimal digits or "
	    "0x-prefixed hex)");
	BAD(GPU_MAP("'0x'"), 4, 69, "\"va\": \"0x\": missing hex digits after 0x");
	BAD(GPU_MAP("'0x12345678901234567'"), 4, 69,
	    "\"va\": \"0x12345678901234567\": address too large (max 16 hex digits)");
	BAD(GPU_MAP("-4096"), 4, 69, "\"va\": -4096: negative address");
	BAD(GPU_MAP("'1 000'"), 4, 69, "\"va\": \"1 000\": spaces are not allowed in an address");
}
END_TEST

START_TEST(test_unaligned_va)
{
	BAD(GPU_MAP("'0x1001'"), 4, 69, "\"va\" 0x1001 is not page aligned");
	BAD(GPU_MAP("4097"), 4, 69, "\"va\" 0x1001 is not page aligned");
}
END_TEST

START_TEST(test_good_addresses)
{
	struct scenario *sc = good(GPU_MAP("'0x100000'"));

	ck_assert_uint_eq(sc->events[1].x, 0x100000);
	ck_assert(sc->events[1].flags & SIM_EV_VA);
	scenario_free(sc);
	sc = good(GPU_MAP("8192"));
	ck_assert_uint_eq(sc->events[1].x, 8192);
	scenario_free(sc);
}
END_TEST

/* ---- ret --------------------------------------------------------------------- */

START_TEST(test_unknown_ret)
{
	BAD(EV("{'at': 0, 'op': 'pin', 'bo': 'bo0', 'ret': 'EPERM'}"), 3, 55,
	    "unknown result \"EPERM\" (expected ok, ENOMEM, EBUSY, EINVAL, SIGBUS, "
	    "VM_FAULT_OOM, ENOENT, EFAULT, ENOSPC, or true/false for madvise)");
	BAD(EV("{'at': 0, 'op': 'pin', 'bo': 'bo0', 'ret': 'enomem'}"), 3, 55,
	    "unknown result \"enomem\" (expected ok, ENOMEM, EBUSY, EINVAL, SIGBUS, "
	    "VM_FAULT_OOM, ENOENT, EFAULT, ENOSPC, or true/false for madvise)");
	BAD(EV("{'at': 0, 'op': 'pin', 'bo': 'bo0', 'ret': 0}"), 3, 55,
	    "\"ret\" must be a result name such as \"ok\" or \"ENOMEM\", got a number");
}
END_TEST

START_TEST(test_bool_ret_only_on_madvise)
{
	BAD(EV("{'at': 0, 'op': 'pin', 'bo': 'bo0', 'ret': true}"), 3, 55,
	    "\"ret\": true/false is only for madvise; use \"ok\" or an error name");

	struct scenario *sc = good(EV("{'at': 0, 'op': 'madvise', 'bo': 'bo0', "
				      "'advice': 'dontneed', 'ret': false}"));

	ck_assert_uint_eq(sc->events[1].ret, SIM_RET_FALSE);
	ck_assert_uint_eq(sc->events[1].x, 1);
	scenario_free(sc);
	sc = good(EV("{'at': 0, 'op': 'pin', 'bo': 'bo0', 'ret': 'ENOMEM'}"));
	ck_assert_uint_eq(sc->events[1].ret, SIM_RET_ENOMEM);
	ck_assert_uint_eq(sc->events[0].ret, SIM_RET_ANY);
	scenario_free(sc);
}
END_TEST

/* ---- expectations -------------------------------------------------------- */

/* Line 4 holds one expectation; its object starts at 4:12. */
#define EXPECT(x) HEAD OBJ "'events': [],\n'expect': [" x "]}"

START_TEST(test_expectation_unknown_keys)
{
	BAD(EXPECT("{'at': 0, 'that': {'violations': 0}, 'when': 1}"), 4, 49,
	    "unknown key \"when\" in an expectation (expected one of: at, that)");
	BAD(EXPECT("{'at': 0, 'that': {'violations': {'min': 0, 'mx': 1}}}"), 4, 56,
	    "unknown key \"mx\" in the range of \"violations\" (did you mean \"max\"? "
	    "expected one of: min, max)");
	BAD(EXPECT("{'at': 0, 'that': {'foo': 1}}"), 4, 31,
	    "unknown expectation key \"foo\" (expected OBJECT.FIELD, VM.mapped_pages, "
	    "stats.NAME, violations or warnings)");
	BAD(EXPECT("{'at': 0, 'that': {'bo1.size_pages': 1}}"), 4, 31,
	    "\"bo1.size_pages\": no object or VM is named \"bo1\" (did you mean \"bo0\"? "
	    "objects: bo0)");
}
END_TEST

START_TEST(test_expectation_unknown_field_or_stat)
{
	BAD(EXPECT("{'at': 0, 'that': {'bo0.pin_count': 1}}"), 4, 31,
	    "unknown object field \"pin_count\" in \"bo0.pin_count\" (did you mean "
	    "\"pages_pin_count\"? expected one of: size_pages, pages_use_count, pages_pin_count, "
	    "vmap_use_count, madv, evicted, has_pages, has_sgt, resident_pages, swapped_pages, "
	    "purgeable, evictable)");
	/* fb.resident: the field a reader guesses is near the one there is */
	BAD(EXPECT("{'at': 0, 'that': {'bo0.resident': 1}}"), 4, 31,
	    "unknown object field \"resident\" in \"bo0.resident\" (did you mean "
	    "\"resident_pages\"? expected one of: size_pages, pages_use_count, pages_pin_count, "
	    "vmap_use_count, madv, evicted, has_pages, has_sgt, resident_pages, swapped_pages, "
	    "purgeable, evictable)");
	BAD(HEAD "'vms': [{'name': 'v'}], 'events': [],\n'expect': [{'at': 0, 'that': "
		 "{'v.pages': 1}}]}",
	    3, 31, "unknown VM field \"pages\" in \"v.pages\" (expected mapped_pages)");
	BAD(EXPECT("{'at': 0, 'that': {'stats.pages_evict': 1}}"), 4, 31,
	    "unknown counter \"pages_evict\" in \"stats.pages_evict\" (did you mean "
	    "\"pages_evicted\"? `gemsim list stats` lists them)");
}
END_TEST

START_TEST(test_expectation_wrong_value_type)
{
	BAD(EXPECT("{'at': 0, 'that': {'bo0.size_pages': '4'}}"), 4, 49,
	    "\"bo0.size_pages\" must be compared with a number or {\"min\", \"max\"}, got a string");
	BAD(EXPECT("{'at': 0, 'that': {'bo0.evicted': 0}}"), 4, 46,
	    "\"bo0.evicted\" must be compared with true or false, got a number");
	BAD(EXPECT("{'at': 0, 'that': {'bo0.madv': 'free'}}"), 4, 43,
	    "\"bo0.madv\" must be \"willneed\", \"dontneed\" or \"purged\", got \"free\"");
	BAD(EXPECT("{'at': 0, 'that': {'violations': -1}}"), 4, 45,
	    "\"violations\" is a count: compare it with a whole number from 0 to 2^53, not -1");
	BAD(EXPECT("{'at': 0, 'that': {'warnings': 0.5}}"), 4, 43,
	    "\"warnings\" is a count: compare it with a whole number from 0 to 2^53, not 0.5");
}
END_TEST

START_TEST(test_expectation_bad_range)
{
	BAD(EXPECT("{'at': 0, 'that': {'bo0.size_pages': {'min': 4, 'max': 1}}}"), 4, 49,
	    "\"bo0.size_pages\": range min 4 is above max 1");
	BAD(EXPECT("{'at': 0, 'that': {'bo0.size_pages': {}}}"), 4, 49,
	    "the range of \"bo0.size_pages\" needs \"min\" and/or \"max\"");
	BAD(EXPECT("{'at': 0, 'that': {'bo0.has_pages': {'min': 1}}}"), 4, 48,
	    "\"bo0.has_pages\" must be compared with true or false, got an object");
}
END_TEST

START_TEST(test_expectation_at_and_that)
{
	BAD(EXPECT("{'at': 'ending', 'that': {'violations': 0}}"), 4, 19,
	    "\"at\" must be a time or \"end\", got \"ending\": not a number (a time is a "
	    "number and a unit, such as \"1.5ms\")");
	BAD(EXPECT("{'at': null, 'that': {'violations': 0}}"), 4, 19,
	    "\"at\" must be a time or \"end\", got null");
	BAD(EXPECT("{'that': {'violations': 0}}"), 4, 12,
	    "an expectation needs \"at\" (a time or \"end\")");
	BAD(EXPECT("{'at': 0}"), 4, 12, "an expectation needs \"that\": {KEY: VALUE}");
	BAD(EXPECT("{'at': 0, 'that': {}}"), 4, 30, "\"that\" is empty");
	BAD(EXPECT("{'at': 0, 'that': []}"), 4, 30, "\"that\" must be an object, got an array");
}
END_TEST

/* ---- watermarks and policy ---------------------------------------------- */

START_TEST(test_watermarks)
{
	BAD(HEAD "'policy': {'watermarks': {'low': 10, 'high': 5}}, " NOEV, 2, 34,
	    "watermark \"low\" (10) is above \"high\" (5)");
	BAD(HEAD "'policy': {'watermarks': {'low': 10, 'high': 65}}, " NOEV, 2, 46,
	    "\"high\" must be at most 64, got 65");
	BAD(HEAD "'policy': {'watermarks': {'low': 10}}, " NOEV, 2, 26,
	    "\"watermarks\" needs both \"low\" and \"high\"");

	struct scenario *sc = good(HEAD "'policy': {'watermarks': {'low': 0, 'high': 64}}, " NOEV);

	ck_assert_uint_eq(sc->cfg.policy.wm_high, 64);
	scenario_free(sc);
}
END_TEST

START_TEST(test_reclaim_driver_and_vmscan_knobs)
{
	BAD(HEAD "'policy': {'reclaim_driver': 'kernel'}, " NOEV, 2, 30,
	    "unknown reclaim_driver \"kernel\" (expected one of: vmscan, exact)");
	BAD(HEAD "'policy': {'vmscan': {'def_priority': 33}}, " NOEV, 2, 39,
	    "\"def_priority\" must be at most 32, got 33");
	BAD(HEAD "'policy': {'vmscan': {'swap_cluster_max': 0}}, " NOEV, 2, 43,
	    "\"swap_cluster_max\" must be at least 1, got 0");
	BAD(HEAD "'policy': {'vmscan': {'seeks': 1001}}, " NOEV, 2, 32,
	    "\"seeks\" must be at most 1000, got 1001");
	BAD(HEAD "'policy': {'vmscan': {'bach': 64}}, " NOEV, 2, 23,
	    "unknown key \"bach\" in policy.vmscan (did you mean \"batch\"? expected one of: "
	    "batch, seeks, def_priority, swap_cluster_max)");

	struct scenario *sc = good(HEAD "'policy': {'reclaim_driver': 'exact', 'vmscan': "
					"{'batch': 64, 'seeks': 0, 'def_priority': 0, "
					"'swap_cluster_max': 256}}, " NOEV);

	ck_assert_uint_eq(sc->cfg.policy.reclaim_driver, SIM_RECLAIM_EXACT);
	ck_assert_uint_eq(sc->cfg.policy.vmscan.batch, 64);
	ck_assert_uint_eq(sc->cfg.policy.vmscan.seeks, 0);
	ck_assert_uint_eq(sc->cfg.policy.vmscan.def_priority, 0);
	ck_assert_uint_eq(sc->cfg.policy.vmscan.swap_cluster_max, 256);
	scenario_free(sc);
}
END_TEST

START_TEST(test_policy_names)
{
	BAD(HEAD "'policy': {'reclaim': 'LRU'}, " NOEV, 2, 23,
	    "unknown reclaim policy \"LRU\" (expected one of: lru, fifo, clock, size)");

	struct scenario *sc = good(HEAD "'policy': {'reclaim': 'clock'}, " NOEV);

	ck_assert_int_eq((int)sc->cfg.policy.reclaim, lru_policy_find("clock"));
	scenario_free(sc);
}
END_TEST

/* ---- --set and --seed ---------------------------------------------------- */

#define SETBASE HEAD OBJ "'events': [{'at': 0, 'op': 'pin', 'bo': 'bo0'}]}"

START_TEST(test_set_values_are_validated_and_name_the_set)
{
	BAD_SET(SETBASE, "--set memory.ram_pages=0: \"ram_pages\" must be at least 1, got 0",
		"memory.ram_pages=0");
	BAD_SET(SETBASE,
		"--set policy.reclaim=nope: unknown reclaim policy \"nope\" "
		"(expected one of: lru, fifo, clock, size)",
		"policy.reclaim=nope");
	BAD_SET(SETBASE,
		"--set events.0.at=1sec: \"at\": \"1sec\": unknown time unit 'sec' "
		"(use ns, us, ms, s)",
		"events.0.at=1sec");
	BAD_SET(SETBASE,
		"--set policy.watermarks={\"low\":3,\"high\":2}: watermark \"low\" "
		"(3) is above \"high\" (2)",
		"policy.watermarks={\"low\":3,\"high\":2}");
	/* a key that does not exist is created, then refused as unknown */
	BAD_SET(SETBASE,
		"--set memory.ramm=1: unknown key \"ramm\" in memory (did you mean "
		"\"ram\"? expected one of: ram_pages, swap_pages, page_size, ram, swap)",
		"memory.ramm=1");
	BAD_SET(SETBASE,
		"--set foo.bar=1: unknown key \"foo\" in the scenario (expected one "
		"of: version, name, description, seed, model, memory, policy, costs, devices, vms, "
		"objects, events, workloads, expect, end, captions, headline)",
		"foo.bar=1");
	/* the second --set replaces the first one's value: the message names the second */
	BAD_SET(SETBASE,
		"--set policy.watermarks={\"lo\":1}: unknown key \"lo\" in "
		"policy.watermarks (did you mean \"low\"? expected one of: low, high)",
		"policy.watermarks={\"low\":1,\"high\":2}", "policy.watermarks={\"lo\":1}");
}
END_TEST

START_TEST(test_set_bad_paths)
{
	BAD_SET(SETBASE,
		"--set objects.bo1.size: no element \"bo1\" (give an index from 0 "
		"to 0, an entry's name, or the type of the one workload of that type)",
		"objects.bo1.size=1");
	BAD_SET(SETBASE,
		"--set events.3.at: no element \"3\" (give an index from 0 to 0, an "
		"entry's name, or the type of the one workload of that type)",
		"events.3.at=5");
	BAD_SET(SETBASE, "--set version.x: \"x\" is inside a number, not an object or array",
		"version.x=1");
	BAD_SET(SETBASE,
		"--set memory..ram_pages: empty name in the key (two dots, or a dot "
		"at an end)",
		"memory..ram_pages=5");
	BAD_SET(SETBASE, "--set \"=5\": expected KEY=VALUE", "=5");
}
END_TEST

#define PRESSURE_WL                                                              \
	"workloads+={\"type\": \"pressure\", \"high\": 8, \"period\": \"1ms\", " \
	"\"interval\": \"100us\", \"end\": \"2ms\"}"

/* workloads.pressure.high: the one workload of a type is named by its type */
START_TEST(test_set_names_a_workload_by_its_type)
{
	const char *const sets[] = { PRESSURE_WL, "workloads.pressure.high=16" };
	struct load_opts o = { .sets = sets, .nsets = 2 };
	struct scenario *sc = good_opts(SETBASE, &o);

	ck_assert_uint_eq(sc->nworkloads, 1);
	ck_assert_uint_eq(sc->workloads[0].high, 16);
	scenario_free(sc);
	BAD_SET(SETBASE,
		"--set workloads.pressure.high: 2 entries have the type \"pressure\" "
		"(give an index from 0 to 1)",
		PRESSURE_WL, PRESSURE_WL, "workloads.pressure.high=16");
}
END_TEST

/* KEY+=VALUE appends to an array: an event, a workload (the array made if missing) */
START_TEST(test_set_appends_to_arrays)
{
	const char *const sets[] = {
		"events+={\"at\": 5, \"op\": \"shrink\", \"nr\": 4}",
		"workloads+={\"type\": \"pressure\", \"high\": 8, \"period\": \"1ms\", "
		"\"interval\": \"100us\", \"end\": \"2ms\"}",
		"model.kernels+=\"mainline\"",
	};
	struct load_opts o = { .sets = sets, .nsets = 3 };
	struct scenario *sc = good_opts(SETBASE, &o);

	ck_assert_uint_eq(sc->nevents, 3); /* the create, the pin, the shrink */
	ck_assert_uint_eq(sc->events[2].op, SIM_OP_SHRINK);
	ck_assert_uint_eq(sc->events[2].x, 4);
	ck_assert_uint_eq(sc->nworkloads, 1);
	ck_assert_uint_eq(sc->workloads[0].type, SIM_WL_PRESSURE);
	ck_assert_uint_eq(sc->kernels, (1u << SIM_KERNEL_V19) | (1u << SIM_KERNEL_MAINLINE));
	scenario_free(sc);
	BAD_SET(SETBASE, "--set memory+=: \"memory\" is an object, not an array to append to",
		"memory+=1");
	BAD_SET(SETBASE, "--set events+={\"at\": 1}: an event needs an \"op\"",
		"events+={\"at\": 1}");
}
END_TEST

START_TEST(test_set_by_name_and_by_index_with_json_and_string_values)
{
	const char *const sets[] = {
		"objects.bo0.pages=8",                      /* array entry by name, JSON number */
		"events.0.at=2ms",                          /* by index, a string */
		"policy.reclaim=fifo",                      /* a string without quotes */
		"policy.evict=false",                       /* JSON false */
		"policy.watermarks={\"low\":1,\"high\":2}", /* JSON object */
		"memory.ram_pages=512",
		"name=\"quoted\"", /* a JSON string */
	};
	struct load_opts o = { .sets = sets, .nsets = 7 };
	struct scenario *sc = good_opts(SETBASE, &o);

	ck_assert_uint_eq(sc->bo_pages[0], 8);
	ck_assert_uint_eq(sc->events[1].at, 2000000);
	ck_assert_int_eq((int)sc->cfg.policy.reclaim, lru_policy_find("fifo"));
	ck_assert(!sc->cfg.policy.evict);
	ck_assert_uint_eq(sc->cfg.policy.wm_low, 1);
	ck_assert_uint_eq(sc->cfg.policy.wm_high, 2);
	ck_assert_uint_eq(sc->cfg.ram_pages, 512);
	ck_assert_str_eq(sc->name, "quoted");
	scenario_free(sc);
}
END_TEST

START_TEST(test_set_reaches_keys_that_hold_dots)
{
	const char *const sets[] = { "expect.0.that.bo0.size_pages={\"min\":2}" };
	struct load_opts o = { .sets = sets, .nsets = 1 };
	struct scenario *sc = good_opts(HEAD OBJ
					"'events': [],\n"
					"'expect': [{'at': 0, 'that': {'bo0.size_pages': 4}}]}",
					&o);

	ck_assert_uint_eq(sc->nchecks, 1);
	ck_assert_int_eq(sc->checks[0].min, 2);
	ck_assert(sc->checks[0].has_min && !sc->checks[0].has_max);
	scenario_free(sc);
}
END_TEST

START_TEST(test_set_error_in_a_file_value_keeps_its_position)
{
	const char *const sets[] = { "memory.swap_pages=4" };
	struct load_opts o = { .sets = sets, .nsets = 1 };

	/* the --set is fine; the file's own error is still reported at its place */
	BAD_OPTS(HEAD OBJ "'events': [{'at': 0, 'op': 'pin', 'bo': 'bo9'}]}", &o, 3, 41,
		 "unknown object \"bo9\" in \"bo\" (no object of that name is defined in "
		 "\"objects\" or by a \"create\" or \"import\" event; did you mean \"bo0\"? "
		 "objects: bo0)");
}
END_TEST

START_TEST(test_seed_override)
{
	struct load_opts o = { .has_seed = true, .seed = 42 };
	struct scenario *sc = good(HEAD "'seed': 7, " NOEV);

	ck_assert_uint_eq(sc->cfg.seed, 7);
	scenario_free(sc);
	sc = good_opts(HEAD "'seed': 7, " NOEV, &o);
	ck_assert_uint_eq(sc->cfg.seed, 42);
	scenario_free(sc);
	BAD(HEAD "'seed': -7, " NOEV, 2, 9, "\"seed\" must not be negative, got -7");
}
END_TEST

/* ---- files ---------------------------------------------------------------- */

static char tmpdir[64];

static void tmp_setup(void)
{
	strcpy(tmpdir, "/tmp/gemsim-test-load-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void tmp_teardown(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/empty.json", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/good.json", tmpdir);
	unlink(path);
	rmdir(tmpdir);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(test_missing_file)
{
	struct sim_error e;
	char path[128];

	snprintf(path, sizeof(path), "%s/none.json", tmpdir);
	ck_assert_ptr_null(scenario_load(path, NULL, &e));
	ck_assert_str_eq(e.msg, "cannot open: No such file or directory");
	ck_assert_uint_eq(e.line, 0);
	ck_assert_str_eq(e.file, path);
}
END_TEST

START_TEST(test_directory_instead_of_a_file)
{
	struct sim_error e;

	ck_assert_ptr_null(scenario_load(tmpdir, NULL, &e));
	ck_assert_str_eq(e.msg, "is a directory, not a scenario file");
	ck_assert_uint_eq(e.line, 0);
}
END_TEST

START_TEST(test_empty_file)
{
	struct sim_error e;
	char path[128];

	snprintf(path, sizeof(path), "%s/empty.json", tmpdir);
	write_file(path, "");
	ck_assert_ptr_null(scenario_load(path, NULL, &e));
	ck_assert_str_eq(e.msg, "empty file");
	ck_assert_uint_eq(e.line, 1);
	ck_assert_uint_eq(e.col, 1);
}
END_TEST

START_TEST(test_file_loads_and_is_named_after_its_base_name)
{
	struct sim_error e;
	char path[128];
	struct scenario *sc;

	snprintf(path, sizeof(path), "%s/good.json", tmpdir);
	write_file(path, "{\"version\": 1, \"memory\": {\"ram_pages\": 8}, \"events\": []}");
	sc = scenario_load(path, NULL, &e);
	ck_assert_ptr_nonnull(sc);
	ck_assert_str_eq(sc->name, "good");
	ck_assert_str_eq(sc->file, path);
	scenario_free(sc);
}
END_TEST

/* ---- good scenarios -------------------------------------------------------- */

START_TEST(test_full_scenario_loads_with_its_values)
{
	struct scenario *sc = good(
		"{'version': 1, 'name': 'full', 'description': 'all blocks', 'seed': 9,\n"
		"'memory': {'ram_pages': 1024, 'swap_pages': 4096, 'page_size': 4096},\n"
		"'policy': {'reclaim': 'size', 'vmap_pins': false, 'attach_pins': false,\n"
		"  'purge_first': false, 'evict': false, 'busy_wait': '10us',\n"
		"  'reclaim_pinned': true, 'watermarks': {'low': 64, 'high': 128}},\n"
		"'costs': {'page_alloc': '1us', 'swap_out': 20, 'swap_in': '30us', 'zap': '5ns',\n"
		"  'tlb_flush': 3, 'fault': '2us'},\n"
		"'devices': [{'name': 'gpu0', 'va_bits': 40, 'tlb_entries': 32, 'as_slots': 4,\n"
		"  'queues': 2}, {'name': 'gpu1'}],\n"
		"'vms': [{'name': 'vm0', 'device': 'gpu1'}, {'name': 'vm1'}],\n"
		"'objects': [{'name': 'bo0', 'size': '1MiB'}, {'name': 'heap0', 'size': '64KiB',\n"
		"  'heap': true}],\n"
		"'events': [{'at': 0, 'op': 'gpu_map', 'vm': 'vm0', 'bo': 'bo0'},\n"
		"  {'at': 1, 'op': 'submit', 'vm': 'vm1', 'bos': ['heap0', 'bo0'],\n"
		"   'duration': '1ms', 'name': 'job0'},\n"
		"  {'at': 2, 'op': 'export', 'bo': 'bo0', 'buf': 'buf0'},\n"
		"  {'at': 3, 'op': 'attach', 'buf': 'buf0', 'device': 'gpu1', 'att': 'att0'},\n"
		"  {'at': 4, 'op': 'cpu_access', 'map': 'm0', 'pages': [1, 3], 'write': true},\n"
		"  {'at': 4, 'op': 'mmap', 'bo': 'bo0', 'map': 'm0', 'private': true}],\n"
		"'end': '1s',\n"
		"'expect': [{'at': 'end', 'that': {'bo0.size_pages': 256,\n"
		"  'stats.pages_evicted': {'min': 1, 'max': 9}, 'vm0.mapped_pages': 256,\n"
		"  'bo0.madv': 'purged', 'bo0.evicted': true}}]}");
	const struct sim_config *c = &sc->cfg;

	ck_assert_str_eq(sc->name, "full");
	ck_assert_str_eq(sc->description, "all blocks");
	ck_assert_uint_eq(c->seed, 9);
	ck_assert_uint_eq(c->ram_pages, 1024);
	ck_assert_uint_eq(c->swap_pages, 4096);
	ck_assert_int_eq((int)c->policy.reclaim, lru_policy_find("size"));
	ck_assert(!c->policy.vmap_pins && !c->policy.attach_pins);
	ck_assert(!c->policy.purge_first && !c->policy.evict);
	ck_assert(c->policy.reclaim_pinned);
	ck_assert_uint_eq(c->policy.busy_wait, 10000);
	ck_assert_uint_eq(c->policy.wm_low, 64);
	ck_assert_uint_eq(c->policy.wm_high, 128);
	ck_assert_uint_eq(c->costs.page_alloc, 1000);
	ck_assert_uint_eq(c->costs.swap_out, 20000);
	ck_assert_uint_eq(c->costs.swap_in, 30000);
	ck_assert_uint_eq(c->costs.zap, 5);
	ck_assert_uint_eq(c->costs.tlb_flush, 3000);
	ck_assert_uint_eq(c->costs.fault, 2000);
	ck_assert_uint_eq(sc->end, 1000000000);

	ck_assert_uint_eq(sc->nnames[SIM_K_DEVICE], 2);
	ck_assert_uint_eq(sc->devices[0].va_bits, 40);
	ck_assert_uint_eq(sc->devices[0].tlb_entries, 32);
	ck_assert_uint_eq(sc->devices[0].as_slots, 4);
	ck_assert_uint_eq(sc->devices[0].queues, 2);
	ck_assert_uint_eq(sc->devices[1].va_bits, 48);
	ck_assert_uint_eq(sc->vms[0].device, 1);
	ck_assert_uint_eq(sc->vms[1].device, 0);

	ck_assert_uint_eq(sc->bo_pages[0], 256);
	ck_assert_uint_eq(sc->bo_pages[1], 16);
	ck_assert(!(sc->bo_flags[0] & SIM_EV_HEAP) && (sc->bo_flags[1] & SIM_EV_HEAP));

	/* 2 creates + 6 events, in time order */
	ck_assert_uint_eq(sc->nevents, 8);
	const struct sim_event *ev = sc->events;

	ck_assert_uint_eq(ev[2].op, SIM_OP_GPU_MAP);
	ck_assert_uint_eq(ev[2].b, 0);
	ck_assert_uint_eq(ev[2].a, 0);
	ck_assert_uint_eq(ev[3].op, SIM_OP_SUBMIT);
	ck_assert_uint_eq(ev[3].b, 1);
	ck_assert_uint_eq(ev[3].y, 1000000);
	ck_assert_uint_eq(ev[3].nlist, 2);
	ck_assert_uint_eq(sc->bo_lists[ev[3].list], 1);
	ck_assert_uint_eq(sc->bo_lists[ev[3].list + 1], 0);
	ck_assert_str_eq(scenario_name(sc, SIM_K_JOB, ev[3].c), "job0");
	ck_assert_uint_eq(ev[5].op, SIM_OP_ATTACH);
	ck_assert_uint_eq(ev[5].a, 1); /* gpu1 */
	ck_assert_str_eq(scenario_name(sc, SIM_K_BUF, ev[5].b), "buf0");
	ck_assert_str_eq(scenario_name(sc, SIM_K_ATT, ev[5].c), "att0");
	/* same time: file order */
	ck_assert_uint_eq(ev[6].op, SIM_OP_CPU_ACCESS);
	ck_assert_uint_eq(ev[6].x, 1);
	ck_assert_uint_eq(ev[6].y, 3);
	ck_assert(ev[6].flags & SIM_EV_WRITE);
	ck_assert_uint_eq(ev[7].op, SIM_OP_MMAP);
	ck_assert(ev[7].flags & SIM_EV_PRIVATE);
	ck_assert_uint_eq(ev[6].b, ev[7].b);

	ck_assert_uint_eq(sc->nexpects, 1);
	ck_assert_uint_eq(sc->nchecks, 5);
	ck_assert(sc->expects[0].at_end);
	ck_assert_uint_eq(sc->checks[0].key, SIM_KEY_BO_SIZE_PAGES);
	ck_assert_int_eq(sc->checks[0].min, 256);
	ck_assert_int_eq(sc->checks[0].max, 256);
	ck_assert_uint_eq(sc->checks[1].key, SIM_KEY_STAT);
	ck_assert_int_eq(sc->checks[1].min, 1);
	ck_assert_int_eq(sc->checks[1].max, 9);
	ck_assert_uint_eq(sc->checks[2].key, SIM_KEY_VM_MAPPED_PAGES);
	ck_assert_uint_eq(sc->checks[2].slot, 0);
	ck_assert_uint_eq(sc->checks[3].key, SIM_KEY_BO_MADV);
	ck_assert_int_eq(sc->checks[3].min, -1);
	ck_assert_uint_eq(sc->checks[4].key, SIM_KEY_BO_EVICTED);
	ck_assert_int_eq(sc->checks[4].min, 1);
	ck_assert_str_eq(sc->checks[4].text, "bo0.evicted");
	ck_assert_uint_eq(sc->checks[4].line, 23);
	ck_assert_uint_eq(sc->checks[4].col, 25);
	scenario_free(sc);
}
END_TEST

START_TEST(test_defaults)
{
	struct scenario *sc = good("{'version': 1, 'memory': {'ram_pages': 100}, 'events': []}");
	const struct sim_config *c = &sc->cfg;

	ck_assert_uint_eq(c->swap_pages, 100); /* swap = RAM */
	ck_assert_uint_eq(c->page_size, 4096);
	ck_assert_uint_eq(c->seed, 1);
	ck_assert_int_eq((int)c->policy.reclaim, lru_policy_find("lru"));
	ck_assert(c->policy.vmap_pins && c->policy.attach_pins);
	ck_assert(c->policy.purge_first && c->policy.evict);
	ck_assert(!c->policy.reclaim_pinned);
	ck_assert_uint_eq(c->policy.busy_wait, 0);
	ck_assert_uint_eq(c->policy.wm_low, 0);
	ck_assert_uint_eq(c->policy.wm_high, 0);
	/* the kernel's reclaim driver with the kernel's constants */
	ck_assert_uint_eq(c->policy.reclaim_driver, SIM_RECLAIM_VMSCAN);
	ck_assert_uint_eq(c->policy.vmscan.batch, 0);
	ck_assert_uint_eq(c->policy.vmscan.seeks, 2);
	ck_assert_uint_eq(c->policy.vmscan.def_priority, 12);
	ck_assert_uint_eq(c->policy.vmscan.swap_cluster_max, 32);
	ck_assert_uint_eq(c->costs.page_alloc, 250);
	ck_assert_uint_eq(sc->end, 0);
	ck_assert_str_eq(sc->name, "t"); /* the file's base name without .json */
	ck_assert_ptr_null(sc->description);
	/* one default device gpu0 */
	ck_assert_uint_eq(sc->nnames[SIM_K_DEVICE], 1);
	ck_assert_str_eq(scenario_name(sc, SIM_K_DEVICE, 0), "gpu0");
	ck_assert_uint_eq(sc->devices[0].va_bits, 48);
	ck_assert_uint_eq(sc->devices[0].tlb_entries, 64);
	ck_assert_uint_eq(sc->devices[0].as_slots, 8);
	ck_assert_uint_eq(sc->devices[0].queues, 1);
	ck_assert_uint_eq(sc->nevents, 0);
	ck_assert_uint_eq(sc->nexpects, 0);
	scenario_free(sc);

	sc = good("{'version': 1, 'memory': {'ram_pages': 100, 'swap_pages': 0}, 'events': []}");
	ck_assert_uint_eq(sc->cfg.swap_pages, 0);
	scenario_free(sc);
}
END_TEST

START_TEST(test_events_sort_by_time_with_file_order_on_ties)
{
	struct scenario *sc =
		good(HEAD "'objects': [{'name': 'a', 'pages': 1}, {'name': 'b', 'pages': 1}],\n"
			  "'events': [{'at': '3us', 'op': 'pin', 'bo': 'a'},\n"
			  "           {'at': 1, 'op': 'pin', 'bo': 'b'},\n"
			  "           {'at': 3, 'op': 'unpin', 'bo': 'a'},\n"
			  "           {'at': 0, 'op': 'vmap', 'bo': 'b'},\n"
			  "           {'at': '1000ns', 'op': 'unpin', 'bo': 'b'},\n"
			  "           {'at': 0, 'op': 'vunmap', 'bo': 'a'}]}");
	static const struct {
		uint16_t op;
		uint32_t bo;
		uint32_t line;
		sim_ns at;
	} want[] = {
		{ SIM_OP_CREATE, 0, 0, 0 }, { SIM_OP_CREATE, 1, 0, 0 },
		{ SIM_OP_VMAP, 1, 6, 0 },   { SIM_OP_VUNMAP, 0, 8, 0 },
		{ SIM_OP_PIN, 1, 4, 1000 }, { SIM_OP_UNPIN, 1, 7, 1000 },
		{ SIM_OP_PIN, 0, 3, 3000 }, { SIM_OP_UNPIN, 0, 5, 3000 },
	};

	ck_assert_uint_eq(sc->nevents, 8);
	for (unsigned i = 0; i < 8; i++) {
		ck_assert_uint_eq(sc->events[i].op, want[i].op);
		ck_assert_uint_eq(sc->events[i].a, want[i].bo);
		ck_assert_uint_eq(sc->events[i].at, want[i].at);
		ck_assert_uint_eq(sc->events[i].line, want[i].line);
	}
	ck_assert_uint_eq(sc->events[2].col, 12);
	scenario_free(sc);
}
END_TEST

START_TEST(test_objects_block_makes_create_events_at_time_zero)
{
	struct scenario *sc =
		good(HEAD "'objects': [{'name': 'big', 'size': '2MiB', 'heap': true},\n"
			  "            {'name': 'small', 'pages': 3}],\n"
			  "'events': [{'at': 0, 'op': 'pin', 'bo': 'small'},\n"
			  "           {'at': 0, 'op': 'create', 'bo': 'later', 'pages': 2}]}");

	ck_assert_uint_eq(sc->nevents, 4);
	ck_assert_uint_eq(sc->events[0].op, SIM_OP_CREATE);
	ck_assert_uint_eq(sc->events[0].at, 0);
	ck_assert_uint_eq(sc->events[0].a, 0);
	ck_assert_uint_eq(sc->events[0].x, 512);
	ck_assert(sc->events[0].flags & SIM_EV_HEAP);
	ck_assert_uint_eq(sc->events[1].op, SIM_OP_CREATE);
	ck_assert_uint_eq(sc->events[1].a, 1);
	ck_assert_uint_eq(sc->events[1].x, 3);
	ck_assert(!(sc->events[1].flags & SIM_EV_HEAP));
	/* the objects' creates come before the file's events at time 0 */
	ck_assert_uint_eq(sc->events[2].op, SIM_OP_PIN);
	ck_assert_uint_eq(sc->events[3].op, SIM_OP_CREATE);
	ck_assert_str_eq(scenario_name(sc, SIM_K_BO, sc->events[3].a), "later");
	ck_assert_uint_eq(sc->events[3].x, 2);
	ck_assert_uint_eq(sc->bo_pages[2], 0); /* made by an event, not the block */
	scenario_free(sc);
}
END_TEST

START_TEST(test_expectations_sort_by_time_with_end_last)
{
	struct scenario *sc = good(HEAD OBJ
				   "'events': [],\n'expect': [\n"
				   "{'at': 'end', 'that': {'violations': 0}},\n"
				   "{'at': '2ms', 'that': {'bo0.size_pages': 4}},\n"
				   "{'at': 5, 'that': {'warnings': 0, 'bo0.evicted': false}},\n"
				   "{'at': 5, 'that': {'stats.oom': 0}}]}");

	ck_assert_uint_eq(sc->nexpects, 4);
	ck_assert(!sc->expects[0].at_end);
	ck_assert_uint_eq(sc->expects[0].at, 5000);
	ck_assert_uint_eq(sc->expects[0].count, 2);
	ck_assert_uint_eq(sc->expects[0].line, 7);
	ck_assert_uint_eq(sc->expects[1].at, 5000);
	ck_assert_uint_eq(sc->expects[1].line, 8);
	ck_assert_uint_eq(sc->expects[2].at, 2000000);
	ck_assert(sc->expects[3].at_end);
	ck_assert_uint_eq(sc->expects[3].line, 5);
	ck_assert_uint_eq(sc->checks[sc->expects[3].first].key, SIM_KEY_VIOLATIONS);
	ck_assert(sc->expects_violations);
	ck_assert(sc->expects_warnings);
	scenario_free(sc);
}
END_TEST

START_TEST(test_names_resolve_to_slots)
{
	struct scenario *sc = good(
		HEAD "'devices': [{'name': 'd0'}, {'name': 'd1'}],\n"
		     "'vms': [{'name': 'va', 'device': 'd1'}, {'name': 'vb', 'device': 'd0'}],\n"
		     "'objects': [{'name': 'x', 'pages': 1}, {'name': 'y', 'pages': 1}],\n"
		     "'events': [{'at': 0, 'op': 'gpu_map', 'vm': 'vb', 'bo': 'y'},\n"
		     "           {'at': 0, 'op': 'fork', 'map': 'm', 'child': 'c'},\n"
		     "           {'at': 0, 'op': 'mmap', 'bo': 'x', 'map': 'm'},\n"
		     "           {'at': 0, 'op': 'import', 'buf': 'f', 'bo': 'z'},\n"
		     "           {'at': 0, 'op': 'export', 'bo': 'y', 'buf': 'f'}]}");
	const struct sim_event *ev = sc->events;

	ck_assert_uint_eq(sc->vms[0].device, 1);
	ck_assert_uint_eq(sc->vms[1].device, 0);
	ck_assert_uint_eq(ev[2].b, 1); /* vb */
	ck_assert_uint_eq(ev[2].a, 1); /* y */
	ck_assert_str_eq(scenario_name(sc, SIM_K_MAP, ev[3].b), "m");
	ck_assert_str_eq(scenario_name(sc, SIM_K_MAP, ev[3].c), "c");
	ck_assert_uint_eq(ev[4].b, ev[3].b);
	ck_assert_uint_eq(ev[4].a, 0); /* x */
	ck_assert_str_eq(scenario_name(sc, SIM_K_BO, ev[5].a), "z");
	ck_assert_uint_eq(ev[5].b, ev[6].b);
	ck_assert_uint_eq(scenario_find(sc, SIM_K_BO, "z"), 2);
	ck_assert_uint_eq(scenario_find(sc, SIM_K_BO, "nope"), SIM_NONE);
	scenario_free(sc);
}
END_TEST

/* ---- suite ------------------------------------------------------------------- */

Suite *load_suite(void)
{
	Suite *s = suite_create("load");
	TCase *tc;

	tc = tcase_create("syntax");
	tcase_add_test(tc, test_syntax_error_is_reported_with_its_position);
	tcase_add_test(tc, test_duplicate_key_and_empty_text_are_syntax_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("version");
	tcase_add_test(tc, test_version_must_be_one);
	suite_add_tcase(s, tc);

	tc = tcase_create("required");
	tcase_add_test(tc, test_memory_and_ram_pages_are_required);
	tcase_add_test(tc, test_events_or_workloads_are_required);
	tcase_add_test(tc, test_an_event_needs_op_and_at);
	tcase_add_test(tc, test_an_event_needs_its_arguments);
	tcase_add_test(tc, test_named_entries_need_a_name);
	suite_add_tcase(s, tc);

	tc = tcase_create("unknown_keys");
	tcase_add_test(tc, test_unknown_key_at_top_level_and_in_blocks);
	tcase_add_test(tc, test_ram_and_swap_may_be_sizes_with_memparse_suffixes);
	tcase_add_test(tc, test_unknown_key_in_named_entries);
	tcase_add_test(tc, test_unknown_key_in_events_of_several_ops);
	tcase_add_test(tc, test_x_keys_are_accepted_everywhere);
	tcase_add_test(tc, test_unknown_op);
	suite_add_tcase(s, tc);

	tc = tcase_create("types");
	tcase_add_test(tc, test_wrong_type_of_a_number);
	tcase_add_test(tc, test_wrong_type_of_a_bool);
	tcase_add_test(tc, test_wrong_type_of_a_string);
	tcase_add_test(tc, test_wrong_type_of_a_time);
	tcase_add_test(tc, test_wrong_type_of_a_size);
	tcase_add_test(tc, test_wrong_type_of_an_address);
	tcase_add_test(tc, test_wrong_type_of_an_array);
	tcase_add_test(tc, test_wrong_type_of_an_object);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_test(tc, test_undefined_names_of_each_kind);
	tcase_add_test(tc, test_a_name_may_be_used_before_the_line_that_defines_it);
	tcase_add_test(tc, test_duplicate_definitions_point_at_both);
	tcase_add_test(tc, test_bad_names);
	tcase_add_test(tc, test_text_in_messages_is_escaped_and_clipped);
	suite_add_tcase(s, tc);

	tc = tcase_create("sizes");
	tcase_add_test(tc, test_sizes_zero_and_negative);
	tcase_add_test(tc, test_sizes_past_the_limits);
	tcase_add_test(tc, test_sizes_with_bad_units_or_both_forms);
	tcase_add_test(tc, test_sizes_round_up_to_whole_pages);
	suite_add_tcase(s, tc);

	tc = tcase_create("times");
	tcase_add_test(tc, test_times_with_bad_units_or_values);
	tcase_add_test(tc, test_times_that_overflow);
	tcase_add_test(tc, test_times_in_each_unit_load_as_nanoseconds);
	suite_add_tcase(s, tc);

	tc = tcase_create("addresses");
	tcase_add_test(tc, test_bad_addresses);
	tcase_add_test(tc, test_unaligned_va);
	tcase_add_test(tc, test_good_addresses);
	suite_add_tcase(s, tc);

	tc = tcase_create("ret");
	tcase_add_test(tc, test_unknown_ret);
	tcase_add_test(tc, test_bool_ret_only_on_madvise);
	suite_add_tcase(s, tc);

	tc = tcase_create("expectations");
	tcase_add_test(tc, test_expectation_unknown_keys);
	tcase_add_test(tc, test_expectation_unknown_field_or_stat);
	tcase_add_test(tc, test_expectation_wrong_value_type);
	tcase_add_test(tc, test_expectation_bad_range);
	tcase_add_test(tc, test_expectation_at_and_that);
	suite_add_tcase(s, tc);

	tc = tcase_create("policy");
	tcase_add_test(tc, test_watermarks);
	tcase_add_test(tc, test_reclaim_driver_and_vmscan_knobs);
	tcase_add_test(tc, test_policy_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("overrides");
	tcase_add_test(tc, test_set_values_are_validated_and_name_the_set);
	tcase_add_test(tc, test_set_bad_paths);
	tcase_add_test(tc, test_set_names_a_workload_by_its_type);
	tcase_add_test(tc, test_busy_wait_in_jiffies_follows_model_hz);
	tcase_add_test(tc, test_set_by_name_and_by_index_with_json_and_string_values);
	tcase_add_test(tc, test_set_appends_to_arrays);
	tcase_add_test(tc, test_set_reaches_keys_that_hold_dots);
	tcase_add_test(tc, test_set_error_in_a_file_value_keeps_its_position);
	tcase_add_test(tc, test_seed_override);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_directory_instead_of_a_file);
	tcase_add_test(tc, test_empty_file);
	tcase_add_test(tc, test_file_loads_and_is_named_after_its_base_name);
	suite_add_tcase(s, tc);

	tc = tcase_create("good");
	tcase_add_test(tc, test_full_scenario_loads_with_its_values);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_events_sort_by_time_with_file_order_on_ties);
	tcase_add_test(tc, test_objects_block_makes_create_events_at_time_zero);
	tcase_add_test(tc, test_expectations_sort_by_time_with_end_last);
	tcase_add_test(tc, test_names_resolve_to_slots);
	tcase_add_test(tc, test_every_op_has_one_full_row_in_the_op_table);
	suite_add_tcase(s, tc);

	return s;
}
