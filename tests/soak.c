// SPDX-License-Identifier: MIT
/*
 * tests/soak.c - a long randomized soak of the object model.
 *
 * Random sequences of API calls go straight to gem/ and gpu/ (through
 * run_dispatch(), the same entry the engine uses), with simulated time
 * moving on so jobs complete and background reclaim runs, and the
 * invariant checker on: gem_check_dirty() after every call,
 * gem_check_all() every CHECK_ALL_EVERY calls and at the end of each
 * episode.  After every incremental check, gem_check_verify() tests the
 * dirty tracking: an object or list the model changed without marking it
 * (so the incremental check did not look at it) is a failure too.  The
 * API is misused on purpose (warnings are fine); a violation of
 * docs/model.md's invariants under a sound policy is a bug, and so is
 * an assertion failure or a result code the API does not document.
 *
 * The run is split into episodes: a fresh machine (memory sizes, devices,
 * VMs and, with --random-policy, the policy knobs drawn at random), then
 * up to EPISODE_OPS calls.  Episode E of seed S is reproducible on its
 * own (--seed S --episode E).  When an episode fails, its calls are
 * shrunk (delta debugging, each candidate replayed in a child process)
 * and written as a scenario file that gemsim can run (--out FILE), with
 * the violation it shows expected.
 *
 *   gemsim-soak [--events N] [--seed S] [--episode E] [--random-policy]
 *               [--out FILE] [--quiet]
 *
 * Sound policies: reclaim_pinned is never set.  --random-policy draws
 * the other knobs; two of them are the alternatives docs/model.md says can
 * break an invariant, and may break that one only: vmap_pins=false,
 * invariant 11 (use-after-reclaim through a weak vmap); attach_pins=false,
 * invariant 5 on an exported or imported object (an importer's table or
 * GPU mapping outlives the exporter's pages).  Both are counted and
 * printed.
 *
 * Exit: 0 clean, 1 a failure (printed, with its reproducer), 2 usage.
 */
#include <inttypes.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gem/gem.h"
#include "gem/shm.h"
#include "gpu/gpu.h"
#include "run/load.h"
#include "sim/queue.h"
#include "base/rng.h"
#include "run/run.h"
#include "sim/scenario.h"
#include "sim/sim.h"
#include "run/ops.h"

#define EPISODE_OPS 2000
#define CHECK_ALL_EVERY 64
#define NBO 16    /* object slots made by create */
#define NIMPORT 6 /* object slots made by import, after the created ones */
#define NMAP 24
#define NBUF 6
#define NATT 12
#define NDEV 2
#define NVM 3
#define MAX_JOB_BOS 4

/* One episode: its machine (as scenario JSON) and the calls made. */
struct episode {
	uint64_t seed;
	char json[2048]; /* the machine: memory, policy, devices, VMs */
	bool vmap_pins;
	bool attach_pins;
	struct sim_event ev[EPISODE_OPS];
	uint32_t nev;
	uint32_t lists[EPISODE_OPS * MAX_JOB_BOS]; /* submit's objects */
	uint32_t nlists;
};

/* What a replay found. */
struct outcome {
	unsigned inv;   /* first invariant broken, 0 = none */
	uint32_t at_op; /* index (in the replayed list) of the call that showed it */
	char msg[256];
	bool bad_ret; /* a result code the API does not document */
	bool unseen;  /* a change the dirty tracking missed (gem_check_verify()) */
};

static bool quiet;
static volatile uint64_t cur_seed;
static volatile int64_t cur_episode = -1;

static uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* ---- the machine ----------------------------------------------------------- */

static void make_machine(struct episode *ep, struct sim_rng *r, bool random_policy)
{
	static const char *const reclaim[] = { "lru", "fifo", "clock", "size" };
	/* mostly tight; sometimes room for a heap's 2 MiB chunks */
	uint64_t ram = sim_rng_below(r, 4) ? 32 + sim_rng_below(r, 480) :
					     600 + sim_rng_below(r, 1500);
	uint64_t swap = sim_rng_below(r, 2) ? ram : sim_rng_below(r, 600);
	char policy[512] = "";
	int n = 0;

	ep->vmap_pins = true;
	ep->attach_pins = true;
	if (random_policy) {
		static const char *const touch[] = { "driver", "jobs", "state", "all" };
		uint64_t low = sim_rng_below(r, 4) ? 0 : sim_rng_below(r, ram / 4);
		uint64_t high = low ? low + sim_rng_below(r, ram / 4) : 0;
		/* a third of the episodes model mainline: no eviction there */
		bool mainline = sim_rng_below(r, 3) == 0;
		bool msm = !mainline && sim_rng_below(r, 3) == 0;
		/* who asks the shrinker: mostly the kernel's driver, its constants varied */
		bool exact = sim_rng_below(r, 4) == 0;
		uint64_t batch = sim_rng_below(r, 2) ? 0 : 1 + sim_rng_below(r, 256);
		uint64_t seeks = sim_rng_below(r, 4);
		uint64_t prio = sim_rng_below(r, 13);
		uint64_t scm = 1 + sim_rng_below(r, 64);

		ep->vmap_pins = sim_rng_below(r, 3) != 0;
		ep->attach_pins = sim_rng_below(r, 4) != 0;
		n = snprintf(policy, sizeof(policy),
			     ",\"model\":{\"kernel\":\"%s\"}"
			     ",\"policy\":{\"reclaim\":\"%s\",\"vmap_pins\":%s,\"attach_pins\":%s,"
			     "\"purge_first\":%s,\"evict\":%s,\"busy_wait\":\"%" PRIu64 "us\","
			     "\"shrinker\":\"%s\",\"touch\":\"%s\","
			     "\"watermarks\":{\"low\":%" PRIu64 ",\"high\":%" PRIu64 "},"
			     "\"reclaim_driver\":\"%s\",\"vmscan\":{\"batch\":%" PRIu64
			     ",\"seeks\":%" PRIu64 ",\"def_priority\":%" PRIu64
			     ",\"swap_cluster_max\":%" PRIu64 "}}",
			     mainline ? "mainline" : "v19", reclaim[sim_rng_below(r, 4)],
			     ep->vmap_pins ? "true" : "false", ep->attach_pins ? "true" : "false",
			     sim_rng_below(r, 2) ? "true" : "false",
			     !mainline && sim_rng_below(r, 4) ? "true" : "false",
			     sim_rng_below(r, 2) ? sim_rng_below(r, 3000) : 0,
			     msm ? "msm" : "generic", touch[sim_rng_below(r, 4)], low, high,
			     exact ? "exact" : "vmscan", batch, seeks, prio, scm);
	}
	(void)n;
	snprintf(
		ep->json, sizeof(ep->json),
		"\"memory\":{\"ram_pages\":%" PRIu64 ",\"swap_pages\":%" PRIu64 "}%s,"
		"\"devices\":[{\"name\":\"gpu0\",\"tlb_entries\":%" PRIu64 ",\"as_slots\":%" PRIu64
		",\"queues\":%" PRIu64 "},{\"name\":\"gpu1\",\"va_bits\":32,\"as_slots\":1}],"
		"\"vms\":[{\"name\":\"vm0\",\"device\":\"gpu0\"},{\"name\":\"vm1\",\"device\":\"gpu0\"},"
		"{\"name\":\"vm2\",\"device\":\"gpu1\"}]",
		ram, swap, policy, 1 + sim_rng_below(r, 16), 1 + sim_rng_below(r, 2),
		1 + sim_rng_below(r, 2));
}

static struct scenario *load_machine(const struct episode *ep)
{
	char text[2400];
	struct sim_error err;
	struct scenario *sc;

	snprintf(text, sizeof(text),
		 "{\"version\":1,%s,\"events\":[{\"at\":0,\"op\":\"shrink\","
		 "\"nr\":1}]}",
		 ep->json);
	sc = scenario_load_text("soak.json", text, strlen(text), NULL, &err);
	if (!sc) {
		char msg[SIM_ERROR_MSG + 300];

		error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "soak: internal error: machine does not load: %s\n%s\n", msg, text);
		exit(1);
	}
	return sc;
}

/* ---- generating calls ------------------------------------------------------ */

static uint32_t any_bo(struct sim_rng *r)
{
	return (uint32_t)sim_rng_below(r, NBO + NIMPORT);
}

static uint64_t bo_pages(struct sim *s, uint32_t bo)
{
	const struct shm_object *o = shm_get(s, bo);

	return o ? o->npages : 8;
}

/* An object mapped in @vm (a few tries), else any. */
static uint32_t mapped_bo(struct sim *s, struct sim_rng *r, uint32_t vm)
{
	uint64_t va;

	for (int i = 0; i < 8; i++) {
		uint32_t bo = any_bo(r);

		if (gpu_vm_va(s, vm, bo, &va) == 0)
			return bo;
	}
	return any_bo(r);
}

/* A VA in or near the mapping of some object in @vm, or anywhere near the start. */
static uint64_t some_va(struct sim *s, struct sim_rng *r, uint32_t vm)
{
	uint64_t va;
	uint32_t bo = mapped_bo(s, r, vm);

	if (sim_rng_below(r, 8) && gpu_vm_va(s, vm, bo, &va) == 0)
		return va + 4096 * sim_rng_below(r, bo_pages(s, bo) + 1);
	return GPU_VA_START + 4096 * sim_rng_below(r, 4096);
}

/* How often each call is drawn, relative to the others. */
static const uint8_t op_weight[SIM_OP_COUNT] = {
	[SIM_OP_CREATE] = 4,
	[SIM_OP_FREE] = 1,
	[SIM_OP_GET_PAGES] = 2,
	[SIM_OP_PUT_PAGES] = 2,
	[SIM_OP_PIN] = 2,
	[SIM_OP_UNPIN] = 2,
	[SIM_OP_VMAP] = 2,
	[SIM_OP_VUNMAP] = 2,
	[SIM_OP_VMAP_ACCESS] = 2,
	[SIM_OP_MMAP] = 3,
	[SIM_OP_MUNMAP] = 1,
	[SIM_OP_FORK] = 1,
	[SIM_OP_CPU_ACCESS] = 4,
	[SIM_OP_MADVISE] = 2,
	[SIM_OP_GET_PAGES_SGT] = 1,
	[SIM_OP_PURGE] = 1,
	[SIM_OP_EVICT] = 2,
	[SIM_OP_SWAPIN] = 1,
	[SIM_OP_RESV_LOCK] = 1,
	[SIM_OP_RESV_UNLOCK] = 1,
	[SIM_OP_GPU_MAP] = 4,
	[SIM_OP_GPU_UNMAP] = 1,
	[SIM_OP_SUBMIT] = 5,
	[SIM_OP_GPU_ACCESS] = 4,
	[SIM_OP_EXPORT] = 1,
	[SIM_OP_IMPORT] = 1,
	[SIM_OP_ATTACH] = 1,
	[SIM_OP_DETACH] = 1,
	[SIM_OP_MAP_ATTACHMENT] = 1,
	[SIM_OP_UNMAP_ATTACHMENT] = 1,
	[SIM_OP_PRESSURE] = 2,
	[SIM_OP_RELEASE] = 2,
	[SIM_OP_SHRINK] = 2,
	[SIM_OP_GET_SG_TABLE] = 1,
};

static enum sim_op pick_op(struct sim_rng *r)
{
	unsigned total = 0, x;

	for (int i = 0; i < SIM_OP_COUNT; i++)
		total += op_weight[i];
	x = (unsigned)sim_rng_below(r, total);
	for (int i = 0; i < SIM_OP_COUNT; i++) {
		if (x < op_weight[i])
			return (enum sim_op)i;
		x -= op_weight[i];
	}
	return SIM_OP_SHRINK;
}

/* Draw the next call; state is read only to aim the arguments. */
static void gen_event(struct sim *s, struct episode *ep, struct sim_rng *r, struct sim_event *e)
{
	memset(e, 0, sizeof(*e));
	e->op = (uint16_t)pick_op(r);
	e->a = any_bo(r);
	e->b = e->c = SIM_NONE;
	switch ((enum sim_op)e->op) {
	case SIM_OP_CREATE:
		e->a = (uint32_t)sim_rng_below(r, NBO);
		if (sim_rng_below(r, 16) == 0) {
			e->flags = SIM_EV_HEAP;
			e->x = 512 * (1 + sim_rng_below(r, 2));
		} else {
			e->x = 1 + sim_rng_below(r, sim_rng_below(r, 4) ? 16 : 96);
		}
		if (sim_rng_below(r, 8) == 0)
			e->flags |= SIM_EV_NO_SHRINKER; /* no funcs->evict */
		break;
	case SIM_OP_VMAP_ACCESS: e->x = sim_rng_below(r, bo_pages(s, e->a) + 1); break;
	case SIM_OP_MMAP:
		e->b = (uint32_t)sim_rng_below(r, NMAP);
		if (sim_rng_below(r, 32) == 0)
			e->flags = SIM_EV_PRIVATE;
		break;
	case SIM_OP_MUNMAP: e->b = (uint32_t)sim_rng_below(r, NMAP); break;
	case SIM_OP_FORK:
		e->b = (uint32_t)sim_rng_below(r, NMAP);
		e->c = (uint32_t)sim_rng_below(r, NMAP);
		break;
	case SIM_OP_CPU_ACCESS:
		e->b = (uint32_t)sim_rng_below(r, NMAP);
		e->x = sim_rng_below(r, 24);
		e->y = e->x + (sim_rng_below(r, 4) ? 0 : sim_rng_below(r, 8));
		if (sim_rng_below(r, 2))
			e->flags = SIM_EV_WRITE;
		break;
	case SIM_OP_MADVISE:
		e->x = sim_rng_below(r, 2); /* willneed or dontneed */
		break;
	case SIM_OP_EXPORT: e->b = (uint32_t)sim_rng_below(r, NBUF); break;
	case SIM_OP_IMPORT:
		e->b = (uint32_t)sim_rng_below(r, NBUF);
		e->a = NBO + (uint32_t)sim_rng_below(r, NIMPORT);
		break;
	case SIM_OP_ATTACH:
		e->b = (uint32_t)sim_rng_below(r, NBUF);
		e->c = (uint32_t)sim_rng_below(r, NATT);
		e->a = (uint32_t)sim_rng_below(r, NDEV);
		break;
	case SIM_OP_DETACH:
	case SIM_OP_MAP_ATTACHMENT:
	case SIM_OP_UNMAP_ATTACHMENT: e->c = (uint32_t)sim_rng_below(r, NATT); break;
	case SIM_OP_PRESSURE:
	case SIM_OP_RELEASE: e->x = 1 + sim_rng_below(r, sim_rng_below(r, 4) ? 32 : 256); break;
	case SIM_OP_SHRINK: e->x = 1 + sim_rng_below(r, 256); break;
	case SIM_OP_GPU_MAP:
		e->b = (uint32_t)sim_rng_below(r, NVM);
		if (sim_rng_below(r, 4) == 0) {
			e->flags = SIM_EV_VA;
			e->x = GPU_VA_START + 4096 * sim_rng_below(r, 1024);
			if (sim_rng_below(r, 4) == 0)
				e->x = GPU_VA_START + (2u << 20) * sim_rng_below(r, 8);
		}
		break;
	case SIM_OP_GPU_UNMAP: e->b = (uint32_t)sim_rng_below(r, NVM); break;
	case SIM_OP_SUBMIT: {
		uint32_t n = 1 + (uint32_t)sim_rng_below(r, MAX_JOB_BOS);

		e->b = (uint32_t)sim_rng_below(r, NVM);
		e->list = ep->nlists;
		e->nlist = n;
		for (uint32_t i = 0; i < n; i++)
			ep->lists[ep->nlists++] = sim_rng_below(r, 8) ? mapped_bo(s, r, e->b) :
									any_bo(r);
		e->y = 1000 * (1 + sim_rng_below(r, 2000));
		break;
	}
	case SIM_OP_GPU_ACCESS:
		e->b = (uint32_t)sim_rng_below(r, NVM);
		e->x = some_va(s, r, e->b);
		if (sim_rng_below(r, 2))
			e->flags = SIM_EV_WRITE;
		break;
	default: break;
	}
}

/* Time to the next call: mostly soon, sometimes long enough for jobs to end. */
static sim_ns gen_gap(struct sim_rng *r)
{
	switch (sim_rng_below(r, 20)) {
	case 0: return 1000 * sim_rng_below(r, 20000);
	case 1:
	case 2:
	case 3:
	case 4: return 1000 * sim_rng_below(r, 2000);
	default: return 1000 * sim_rng_below(r, 50);
	}
}

/* ---- running calls --------------------------------------------------------- */

/* A value the model's calls return at all: 0, true, or a GEMSIM_E* code. */
static bool known_ret(int ret)
{
	switch (ret) {
	case 0:
	case 1:
	case GEMSIM_ENOENT:
	case GEMSIM_ENOMEM:
	case GEMSIM_EFAULT:
	case GEMSIM_EBUSY:
	case GEMSIM_EINVAL:
	case GEMSIM_ENOSPC:
	case GEMSIM_SIGBUS:
	case GEMSIM_VM_FAULT_OOM: return true;
	default: return false;
	}
}

/*
 * Whether @ret is a result op @op may give: one its row of ops_table[]
 * lists (from the kernel-doc of gem/ and gpu/), true only from a
 * true/false call.
 */
static bool ret_allowed(enum sim_op op, int ret)
{
	const struct ops_desc *d = &ops_table[op];

	if (!known_ret(ret) || (ret > 0 && !d->ret_bool))
		return false;
	return d->rets & (1u << ops_result(op, ret));
}

/* A run in progress: the model, and what counts as a failure. */
struct soak_run {
	struct scenario *sc;  /* the machine */
	struct scenario fake; /* the same, with submit's lists pointing at the episode's */
	struct sim *s;
	bool vmap_pins;
	bool attach_pins;
	uint64_t ops, inv11, inv5;
	struct outcome out;
	uint32_t op_index; /* of the call being run */
};

static void run_open(struct soak_run *sr, struct episode *ep)
{
	memset(sr, 0, sizeof(*sr));
	sr->sc = load_machine(ep);
	sr->fake = *sr->sc;
	sr->fake.bo_lists = ep->lists;
	sr->fake.nbo_lists = ep->nlists;
	sr->vmap_pins = ep->vmap_pins;
	sr->attach_pins = ep->attach_pins;
	sr->s = run_setup(sr->sc);
	if (!sr->s) {
		fprintf(stderr, "soak: out of memory\n");
		exit(1);
	}
	sr->s->check = true;
}

static void run_close(struct soak_run *sr)
{
	gem_sim_destroy(sr->s);
	scenario_free(sr->sc);
}

/*
 * Whether the object a report names ("bo#N: ...") is exported or imported:
 * with attach_pins=false an importer's mappings (its sg table, its GPU
 * PTEs) may outlive the exporter's pages.
 */
static bool shared_bo(struct sim *s, const char *msg)
{
	unsigned slot;
	const struct shm_object *o;

	if (sscanf(msg, "bo#%u:", &slot) != 1 || !(o = shm_get(s, slot)))
		return false;
	return o->imported || o->dma_buf != SIM_NONE;
}

/* Look at what the last call or check reported; forget the reports. */
static void harvest(struct soak_run *sr)
{
	struct sim *s = sr->s;

	for (uint32_t i = 0; i < s->nr_reports; i++) {
		const struct sim_report *rp = &s->reports[i];

		if (!rp->invariant)
			continue;
		if (rp->invariant == 11 && !sr->vmap_pins) {
			sr->inv11++;
			continue;
		}
		if (rp->invariant == 5 && !sr->attach_pins && shared_bo(s, rp->msg)) {
			sr->inv5++;
			continue;
		}
		if (!sr->out.inv) {
			sr->out.inv = rp->invariant;
			sr->out.at_op = sr->op_index;
			snprintf(sr->out.msg, sizeof(sr->out.msg), "%s", rp->msg);
		}
	}
	s->nr_reports = 0;
}

/* The incremental check, then whether it saw every change (gem_check_verify()). */
static void check_dirty(struct soak_run *sr)
{
	char what[200];
	int r;

	gem_check_dirty(sr->s);
	r = gem_check_verify(sr->s, what, sizeof(what));
	if (r < 0) {
		fprintf(stderr, "soak: out of memory\n");
		exit(1);
	}
	if (r && !sr->out.inv && !sr->out.bad_ret && !sr->out.unseen) {
		sr->out.unseen = true;
		sr->out.at_op = sr->op_index;
		snprintf(sr->out.msg, sizeof(sr->out.msg), "dirty tracking: %s", what);
	}
}

/* Run the model's own timed events due strictly before @t, then move to @t. */
static void advance(struct soak_run *sr, sim_ns t)
{
	struct sim *s = sr->s;
	struct sim_qev q;

	while (sim_queue_peek_time(s->queue) < t && sim_queue_pop(s->queue, &q)) {
		s->now = q.at;
		s->cur_event = SIM_NONE;
		if (q.kind == SIM_Q_RECLAIM)
			gem_background_reclaim(s);
		else if (q.kind == SIM_Q_JOB_DONE)
			gpu_job_done(s, q.arg);
		else
			SIM_ASSERT(!"soak: unexpected internal event");
		check_dirty(sr);
		harvest(sr);
	}
	if (t != UINT64_MAX)
		s->now = t;
}

static void run_call(struct soak_run *sr, const struct sim_event *e)
{
	struct sim *s = sr->s;
	int ret;

	advance(sr, e->at);
	s->cur_event = SIM_NONE;
	ret = run_dispatch(s, &sr->fake, e);
	if (!ret_allowed((enum sim_op)e->op, ret) && !sr->out.bad_ret && !sr->out.inv) {
		sr->out.bad_ret = true;
		sr->out.at_op = sr->op_index;
		snprintf(sr->out.msg, sizeof(sr->out.msg),
			 "%s returned %d (%s), which its "
			 "documentation does not list",
			 ops_table[e->op].name, ret, sim_strerror(ret));
	}
	sr->ops++;
	check_dirty(sr);
	if (sr->ops % CHECK_ALL_EVERY == 0)
		gem_check_all(s);
	harvest(sr);
}

static void run_end(struct soak_run *sr)
{
	advance(sr, UINT64_MAX);
	gem_check_all(sr->s);
	harvest(sr);
}

static bool failed(const struct outcome *o)
{
	return o->inv || o->bad_ret || o->unseen;
}

/* ---- shrinking a failure ------------------------------------------------------ */

/* Names made by a list of calls. */
struct made {
	bool bo[NBO + NIMPORT], map[NMAP], buf[NBUF], att[NATT];
};

static void collect_made(const struct episode *ep, const uint32_t *idx, uint32_t n, struct made *m)
{
	memset(m, 0, sizeof(*m));
	for (uint32_t i = 0; i < n; i++) {
		const struct sim_event *e = &ep->ev[idx[i]];

		switch ((enum sim_op)e->op) {
		case SIM_OP_CREATE:
		case SIM_OP_IMPORT: m->bo[e->a] = true; break;
		case SIM_OP_MMAP: m->map[e->b] = true; break;
		case SIM_OP_FORK: m->map[e->c] = true; break;
		case SIM_OP_EXPORT: m->buf[e->b] = true; break;
		case SIM_OP_ATTACH: m->att[e->c] = true; break;
		default: break;
		}
	}
}

/* Whether every name call @e uses is in @m (the loader wants each defined). */
static bool uses_made(const struct episode *ep, const struct sim_event *e, const struct made *m)
{
	switch ((enum sim_op)e->op) {
	case SIM_OP_MUNMAP:
	case SIM_OP_CPU_ACCESS: return m->map[e->b];
	case SIM_OP_FORK: return m->map[e->b] && m->map[e->c];
	case SIM_OP_IMPORT: return m->buf[e->b] && m->bo[e->a];
	case SIM_OP_ATTACH: return m->buf[e->b] && m->att[e->c];
	case SIM_OP_DETACH:
	case SIM_OP_MAP_ATTACHMENT:
	case SIM_OP_UNMAP_ATTACHMENT: return m->att[e->c];
	case SIM_OP_SUBMIT:
		for (uint32_t k = 0; k < e->nlist; k++)
			if (!m->bo[ep->lists[e->list + k]])
				return false;
		return true;
	case SIM_OP_PRESSURE:
	case SIM_OP_RELEASE:
	case SIM_OP_SHRINK:
	case SIM_OP_GPU_ACCESS: return true;
	case SIM_OP_MMAP: return m->bo[e->a] && m->map[e->b];
	case SIM_OP_EXPORT: return m->bo[e->a] && m->buf[e->b];
	default: return m->bo[e->a];
	}
}

/* Whether every name the calls @idx use is made by one of them (so the
 * scenario written from them loads). */
static bool names_defined(const struct episode *ep, const uint32_t *idx, uint32_t n)
{
	struct made m;

	collect_made(ep, idx, n, &m);
	for (uint32_t i = 0; i < n; i++)
		if (!uses_made(ep, &ep->ev[idx[i]], &m))
			return false;
	return true;
}

/*
 * Keep only the calls whose names some kept call makes (random calls name
 * objects that were never created).  Returns: the number kept in @idx.
 */
static uint32_t defined_only(const struct episode *ep, uint32_t *idx, uint32_t n)
{
	for (;;) {
		struct made m;
		uint32_t k = 0;

		collect_made(ep, idx, n, &m);
		for (uint32_t i = 0; i < n; i++)
			if (uses_made(ep, &ep->ev[idx[i]], &m))
				idx[k++] = idx[i];
		if (k == n)
			return n;
		n = k;
	}
}

/* Replay calls @idx of @ep; Returns: a signature of the failure, 0 none. */
static int replay_sig(struct episode *ep, const uint32_t *idx, uint32_t n)
{
	struct soak_run sr;
	int sig;

	run_open(&sr, ep);
	for (uint32_t i = 0; i < n && !failed(&sr.out); i++) {
		sr.op_index = i;
		run_call(&sr, &ep->ev[idx[i]]);
	}
	if (!failed(&sr.out))
		run_end(&sr);
	sig = sr.out.inv ? 10 + (int)sr.out.inv : sr.out.bad_ret ? 3 : sr.out.unseen ? 4 : 0;
	run_close(&sr);
	return sig;
}

/* The same in a child process, so an assertion failure is a signature too. */
static int replay_child(struct episode *ep, const uint32_t *idx, uint32_t n)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("soak: fork");
		exit(1);
	}
	if (pid == 0) {
		signal(SIGABRT, SIG_DFL);
		/* Quiet child: an assertion's message is expected here. */
		if (!freopen("/dev/null", "w", stderr))
			_exit(99);
		_exit(replay_sig(ep, idx, n));
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("soak: waitpid");
		exit(1);
	}
	if (WIFSIGNALED(status))
		return 1000 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/*
 * ddmin over the calls: drop chunks while the failure (same signature)
 * still shows and the remaining calls still define every name they use.
 * Returns: the number of calls kept in @idx.
 */
static uint32_t shrink_calls(struct episode *ep, uint32_t *idx, uint32_t n, int sig)
{
	uint32_t *cand = malloc(n * sizeof(*cand));
	uint32_t chunk = n / 2 ? n / 2 : 1;

	if (!cand)
		return n;
	while (chunk >= 1) {
		bool progress = false;

		for (uint32_t start = 0; start < n;) {
			uint32_t m = 0;

			for (uint32_t i = 0; i < n; i++)
				if (i < start || i >= start + chunk)
					cand[m++] = idx[i];
			if (m < n && names_defined(ep, cand, m) &&
			    replay_child(ep, cand, m) == sig) {
				memcpy(idx, cand, m * sizeof(*idx));
				n = m;
				progress = true;
			} else {
				start += chunk;
			}
		}
		if (!progress) {
			if (chunk == 1)
				break;
			chunk /= 2;
		}
	}
	free(cand);
	return n;
}

/* ---- writing a reproducer ------------------------------------------------------ */

static void put_event(FILE *f, const struct episode *ep, const struct sim_event *e)
{
	const char *op = ops_table[e->op].name;

	fprintf(f, "    {\"at\": \"%" PRIu64 "ns\", \"op\": \"%s\"", e->at, op);
	switch ((enum sim_op)e->op) {
	case SIM_OP_CREATE:
		fprintf(f, ", \"bo\": \"bo%u\", \"pages\": %" PRIu64 "%s%s", e->a, e->x,
			e->flags & SIM_EV_HEAP ? ", \"heap\": true" : "",
			e->flags & SIM_EV_NO_SHRINKER ? ", \"shrinker\": false" : "");
		break;
	case SIM_OP_VMAP_ACCESS:
		fprintf(f, ", \"bo\": \"bo%u\", \"page\": %" PRIu64, e->a, e->x);
		break;
	case SIM_OP_MMAP:
		fprintf(f, ", \"bo\": \"bo%u\", \"map\": \"m%u\"%s", e->a, e->b,
			e->flags & SIM_EV_PRIVATE ? ", \"private\": true" : "");
		break;
	case SIM_OP_MUNMAP: fprintf(f, ", \"map\": \"m%u\"", e->b); break;
	case SIM_OP_FORK: fprintf(f, ", \"map\": \"m%u\", \"child\": \"m%u\"", e->b, e->c); break;
	case SIM_OP_CPU_ACCESS:
		fprintf(f, ", \"map\": \"m%u\", \"pages\": [%" PRIu64 ", %" PRIu64 "]%s", e->b,
			e->x, e->y, e->flags & SIM_EV_WRITE ? ", \"write\": true" : "");
		break;
	case SIM_OP_MADVISE:
		fprintf(f, ", \"bo\": \"bo%u\", \"advice\": \"%s\"", e->a,
			e->x ? "dontneed" : "willneed");
		break;
	case SIM_OP_EXPORT: fprintf(f, ", \"bo\": \"bo%u\", \"buf\": \"buf%u\"", e->a, e->b); break;
	case SIM_OP_IMPORT: fprintf(f, ", \"buf\": \"buf%u\", \"bo\": \"bo%u\"", e->b, e->a); break;
	case SIM_OP_ATTACH:
		fprintf(f, ", \"buf\": \"buf%u\", \"device\": \"gpu%u\", \"att\": \"att%u\"", e->b,
			e->a, e->c);
		break;
	case SIM_OP_DETACH:
	case SIM_OP_MAP_ATTACHMENT:
	case SIM_OP_UNMAP_ATTACHMENT: fprintf(f, ", \"att\": \"att%u\"", e->c); break;
	case SIM_OP_PRESSURE:
	case SIM_OP_RELEASE: fprintf(f, ", \"pages\": %" PRIu64, e->x); break;
	case SIM_OP_SHRINK: fprintf(f, ", \"nr\": %" PRIu64, e->x); break;
	case SIM_OP_GPU_MAP:
		fprintf(f, ", \"vm\": \"vm%u\", \"bo\": \"bo%u\"", e->b, e->a);
		if (e->flags & SIM_EV_VA)
			fprintf(f, ", \"va\": \"0x%" PRIx64 "\"", e->x);
		break;
	case SIM_OP_GPU_UNMAP:
		fprintf(f, ", \"vm\": \"vm%u\", \"bo\": \"bo%u\"", e->b, e->a);
		break;
	case SIM_OP_SUBMIT:
		fprintf(f, ", \"vm\": \"vm%u\", \"bos\": [", e->b);
		for (uint32_t k = 0; k < e->nlist; k++)
			fprintf(f, "%s\"bo%u\"", k ? ", " : "", ep->lists[e->list + k]);
		fprintf(f, "], \"duration\": \"%" PRIu64 "ns\"", e->y);
		break;
	case SIM_OP_GPU_ACCESS:
		fprintf(f, ", \"vm\": \"vm%u\", \"va\": \"0x%" PRIx64 "\"%s", e->b, e->x,
			e->flags & SIM_EV_WRITE ? ", \"write\": true" : "");
		break;
	default: fprintf(f, ", \"bo\": \"bo%u\"", e->a); break;
	}
	fputs("}", f);
}

static int write_repro(const char *path, const struct episode *ep, int64_t episode,
		       const uint32_t *idx, uint32_t n, const struct outcome *o)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		return -1;
	}
	fprintf(f,
		"{\n  \"version\": 1,\n  \"name\": \"soak-%" PRIu64 "-%" PRId64 "\",\n"
		"  \"description\": \"gemsim-soak --seed %" PRIu64 " --episode %" PRId64 ", shrunk "
		"to %u calls: ",
		ep->seed, episode, ep->seed, episode, n);
	for (const char *p = o->msg; *p; p++)
		if (*p != '"' && *p != '\\')
			fputc(*p, f);
	fprintf(f, "\",\n  %s,\n  \"events\": [\n", ep->json);
	for (uint32_t i = 0; i < n; i++) {
		put_event(f, ep, &ep->ev[idx[i]]);
		fputs(i + 1 < n ? ",\n" : "\n", f);
	}
	fprintf(f,
		"  ],\n  \"expect\": [\n    {\"at\": \"end\", \"that\": {\"violations\": %s}}\n"
		"  ]\n}\n",
		o->inv ? "{\"min\": 1}" : "0");
	return fclose(f);
}

/* ---- episodes ------------------------------------------------------------------ */

static void on_abort(int sig)
{
	char buf[160];
	int n = snprintf(buf, sizeof(buf),
			 "soak: aborted in episode %" PRId64 " of seed %" PRIu64
			 "; rerun with --seed %" PRIu64 " --episode %" PRId64 " --out FILE\n",
			 (int64_t)cur_episode, (uint64_t)cur_seed, (uint64_t)cur_seed,
			 (int64_t)cur_episode);

	if (n > 0 && write(2, buf, (size_t)n) < 0)
		_exit(3);
	signal(sig, SIG_DFL);
	raise(sig);
}

struct totals {
	uint64_t ops, episodes, warnings, inv11, inv11_episodes, inv5, inv5_episodes;
	struct sim_stats stats;
};

/*
 * Run episode @episode of @seed live: draw each call from the state, run
 * it, check.  Returns: true when it failed (then @ep holds its calls).
 */
static bool run_episode(struct episode *ep, uint64_t seed, int64_t episode, uint32_t nops,
			bool random_policy, struct totals *t, struct outcome *out)
{
	struct sim_rng r;
	struct soak_run sr;
	sim_ns now = 0;

	memset(ep, 0, offsetof(struct episode, ev));
	ep->nev = 0;
	ep->nlists = 0;
	ep->seed = seed;
	rng_seed(&r, splitmix(seed ^ splitmix((uint64_t)episode + 1)));
	make_machine(ep, &r, random_policy);
	run_open(&sr, ep);
	for (uint32_t i = 0; i < nops && !failed(&sr.out); i++) {
		struct sim_event *e = &ep->ev[ep->nev++];

		gen_event(sr.s, ep, &r, e);
		now += gen_gap(&r);
		e->at = now;
		sr.fake.nbo_lists = ep->nlists;
		sr.op_index = i;
		run_call(&sr, e);
	}
	if (!failed(&sr.out))
		run_end(&sr);
	t->ops += sr.ops;
	t->episodes++;
	t->warnings += sr.s->warnings;
	t->inv11 += sr.inv11;
	t->inv11_episodes += sr.inv11 > 0;
	t->inv5 += sr.inv5;
	t->inv5_episodes += sr.inv5 > 0;
	for (size_t k = 0; k < sim_stat_count; k++) {
		const struct stats_desc *d = &sim_stat_descs[k];
		uint64_t v = sim_stat_get(&sr.s->stats, d);

		*(uint64_t *)(void *)((char *)&t->stats + d->offset) += v;
	}
	*out = sr.out;
	run_close(&sr);
	return failed(out);
}

static int usage(void)
{
	fputs("usage: gemsim-soak [--events N] [--seed S] [--episode E] [--random-policy]\n"
	      "                   [--out FILE] [--quiet]\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	uint64_t events = 1000000, seed = 1;
	int64_t only = -1;
	bool random_policy = false;
	const char *outpath = "soak-repro.json";
	static struct episode ep;
	struct totals t;
	struct sigaction sa;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--random-policy")) {
			random_policy = true;
		} else if (!strcmp(a, "--quiet")) {
			quiet = true;
		} else if (v && !strcmp(a, "--events")) {
			events = strtoull(v, NULL, 0);
			i++;
		} else if (v && !strcmp(a, "--seed")) {
			seed = strtoull(v, NULL, 0);
			i++;
		} else if (v && !strcmp(a, "--episode")) {
			only = strtoll(v, NULL, 0);
			i++;
		} else if (v && !strcmp(a, "--out")) {
			outpath = v;
			i++;
		} else {
			return usage();
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_abort;
	sigaction(SIGABRT, &sa, NULL);
	memset(&t, 0, sizeof(t));

	uint64_t episodes = only >= 0 ? 1 : (events + EPISODE_OPS - 1) / EPISODE_OPS;

	for (uint64_t k = 0; k < episodes; k++) {
		int64_t e = only >= 0 ? only : (int64_t)k;
		uint32_t nops = only >= 0 || events - k * EPISODE_OPS >= EPISODE_OPS ?
					EPISODE_OPS :
					(uint32_t)(events - k * EPISODE_OPS);
		struct outcome o;

		cur_seed = seed;
		cur_episode = e;
		if (!run_episode(&ep, seed, e, nops, random_policy, &t, &o))
			continue;

		/* Shrink the failing calls and write them as a scenario. */
		uint32_t *idx = calloc(ep.nev ? ep.nev : 1, sizeof(*idx));
		uint32_t n = ep.nev;
		int sig;

		if (!idx)
			return 1;
		for (uint32_t i = 0; i < n; i++)
			idx[i] = i;
		n = defined_only(&ep, idx, n);
		printf("soak: FAILED in episode %" PRId64 " of seed %" PRIu64
		       " at call %u (%s): %s\n",
		       e, seed, o.at_op, ops_table[ep.ev[o.at_op].op].name,
		       o.inv    ? "invariant violation" :
		       o.unseen ? "a change the checker missed" :
				  "undocumented result");
		if (o.inv)
			printf("  invariant %u: %s\n", o.inv, o.msg);
		else
			printf("  %s\n", o.msg);
		sig = replay_child(&ep, idx, n);
		if (sig == (o.inv ? 10 + (int)o.inv : o.unseen ? 4 : 3)) {
			n = shrink_calls(&ep, idx, n, sig);
			printf("  shrunk to %u calls\n", n);
		} else {
			printf("  (does not replay the same way: %d; written unshrunk)\n", sig);
		}
		if (write_repro(outpath, &ep, e, idx, n, &o) == 0)
			printf("  reproducer: %s (gemsim run %s)\n", outpath, outpath);
		free(idx);
		return 1;
	}
	if (!quiet) {
		printf("soak: %" PRIu64 " calls in %" PRIu64 " episodes (seed %" PRIu64 "%s): no "
		       "violation; %" PRIu64 " warnings",
		       t.ops, t.episodes, seed, random_policy ? ", random policies" : "",
		       t.warnings);
		if (t.inv11)
			printf("; invariant 11 (vmap_pins=false) %" PRIu64 " times in %" PRIu64
			       " episodes",
			       t.inv11, t.inv11_episodes);
		if (t.inv5)
			printf("; invariant 5, importer's mappings (attach_pins=false) %" PRIu64
			       " times in %" PRIu64 " episodes",
			       t.inv5, t.inv5_episodes);
		printf("\n  pages_evicted=%" PRIu64 " pages_purged=%" PRIu64
		       " pages_swapped_in=%" PRIu64 " jobs_completed=%" PRIu64
		       " cpu_faults=%" PRIu64 " gpu_faults=%" PRIu64 " heap_grows=%" PRIu64
		       " dmabuf_attaches=%" PRIu64 " oom=%" PRIu64 "\n",
		       t.stats.pages_evicted, t.stats.pages_purged, t.stats.pages_swapped_in,
		       t.stats.jobs_completed, t.stats.cpu_faults, t.stats.gpu_faults,
		       t.stats.heap_grows, t.stats.dmabuf_attaches, t.stats.oom);
	}
	/* A soak that never reclaims or never runs a job tests nothing. */
	if (t.ops >= 20000 &&
	    (!t.stats.pages_evicted || !t.stats.pages_purged || !t.stats.pages_swapped_in ||
	     !t.stats.jobs_completed || !t.stats.cpu_faults || !t.stats.dmabuf_attaches)) {
		printf("soak: FAILED: the calls no longer exercise eviction, purge, swap-in, jobs, "
		       "faults and dma-buf (see the counts above)\n");
		return 1;
	}
	return 0;
}
