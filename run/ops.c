// SPDX-License-Identifier: MIT
/*
 * run/ops.c - every scenario op: how it is read and how it runs, and
 * its row in ops_table[].
 *
 * Adding an op touches this file and the model only: add its SIM_OP_ id to
 * enum sim_op (sim/scenario.h), write its loader and runner here, add a row.
 * The loader's key checks, `gemsim list ops`, the schema (tools/schema.py
 * reads both) and event descriptions follow from the row; docs/format.md
 * "Events" describes it for people.
 */
#include <string.h>

#include "gem/dmabuf.h"
#include "gem/pg.h"
#include "gem/shm.h"
#include "gem/shrink.h"
#include "gpu/gpu.h"
#include "base/grow.h"
#include "base/text.h"
#include "run/load_int.h"
#include "run/ops.h"

/* ---- loaders: the op's keys into the event -------------------------------- */

static int load_bo(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	return load_resolve(L, ev, "bo", SIM_K_BO, &e->a);
}

/* A required whole number in [@min, @max] into e->x. */
static int load_count(struct ld *L, const cJSON *ev, const char *key, const char *needs,
		      uint64_t min, uint64_t max, uint64_t *out)
{
	const cJSON *v = load_member(ev, key);

	if (!v)
		return load_fail(L, ev, "%s needs %s", L->where, needs);
	return load_get_uint(L, v, key, min, max, out);
}

static int load_create(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	if (load_bo(L, ev, e) ||
	    load_get_size_pages(L, ev, L->where, LOAD_MAX_OBJECT_PAGES, true, &e->x))
		return -1;
	return load_get_create_flags(L, ev, &e->flags);
}

static int load_vmap_access(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	if (load_bo(L, ev, e))
		return -1;
	return load_count(L, ev, "page", "\"page\"", 0, LOAD_MAX_OBJECT_PAGES - 1, &e->x);
}

static int load_mmap(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	if (load_bo(L, ev, e) || load_resolve(L, ev, "map", SIM_K_MAP, &e->b))
		return -1;
	return load_opt_flag(L, ev, "private", true, SIM_EV_PRIVATE, &e->flags);
}

static int load_map(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	return load_resolve(L, ev, "map", SIM_K_MAP, &e->b);
}

static int load_fork(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	if (load_map(L, ev, e) || load_resolve(L, ev, "child", SIM_K_MAP, &e->c))
		return -1;
	if (e->b == e->c)
		return load_fail(L, load_member(ev, "child"),
				 "%s: \"child\" must differ from \"map\"", L->where);
	return 0;
}

/* cpu_access: "page": N or "pages": [first, last] into e->x, e->y. */
static int load_page_range(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	const cJSON *p = load_member(ev, "page"), *ps = load_member(ev, "pages");

	if (p && ps)
		return load_fail_key(L, ps, "%s: give \"page\" or \"pages\", not both", L->where);
	if (p) {
		if (load_get_uint(L, p, "page", 0, LOAD_MAX_OBJECT_PAGES - 1, &e->x))
			return -1;
		e->y = e->x;
		return 0;
	}
	if (!ps)
		return load_fail(L, ev, "%s needs \"page\" or \"pages\": [first, last]", L->where);
	if (!cJSON_IsArray(ps) || cJSON_GetArraySize(ps) != 2)
		return load_fail(L, ps, "\"pages\" must be [first, last]");
	if (load_get_uint(L, ps->child, "pages[0]", 0, LOAD_MAX_OBJECT_PAGES - 1, &e->x) ||
	    load_get_uint(L, ps->child->next, "pages[1]", 0, LOAD_MAX_OBJECT_PAGES - 1, &e->y))
		return -1;
	if (e->y < e->x)
		return load_fail(L, ps, "\"pages\": last (%llu) is before first (%llu)",
				 (unsigned long long)e->y, (unsigned long long)e->x);
	return 0;
}

static int load_cpu_access(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	if (load_map(L, ev, e) || load_page_range(L, ev, e))
		return -1;
	return load_opt_flag(L, ev, "write", true, SIM_EV_WRITE, &e->flags);
}

static int load_madvise(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	const cJSON *v;
	const char *adv;
	struct text_clip c;

	if (load_bo(L, ev, e))
		return -1;
	if (!(v = load_member(ev, "advice")))
		return load_fail(L, ev, "%s needs \"advice\": \"willneed\" or \"dontneed\"",
				 L->where);
	/*
	 * drm_gem_shmem_madvise_locked() stores the driver's int: a number
	 * gives it as is (positive values are driver-specific DONTNEEDs; the
	 * KUnit suite sets -1 directly).
	 */
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;

		if (d != (double)(int)d || d < -128 || d > 127)
			return load_fail(L, v,
					 "\"advice\" as a number is the driver's madv "
					 "value, a whole number from -128 to 127");
		e->x = (uint64_t)(int64_t)d;
		return 0;
	}
	if (load_get_string(L, v, "advice", &adv))
		return -1;
	if (!strcmp(adv, "dontneed"))
		e->x = 1;
	else if (!strcmp(adv, "willneed"))
		e->x = 0;
	else
		return load_fail(L, v,
				 "\"advice\" must be \"willneed\", \"dontneed\" or the "
				 "driver's madv number, got \"%s\"",
				 text_clip(&c, adv));
	return 0;
}

static int load_vm_bo(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	return load_resolve(L, ev, "vm", SIM_K_VM, &e->b) || load_bo(L, ev, e) ? -1 : 0;
}

static int load_gpu_map(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	const cJSON *v;

	if (load_vm_bo(L, ev, e))
		return -1;
	if (!(v = load_member(ev, "va")))
		return 0;
	if (load_get_addr(L, v, "va", &e->x))
		return -1;
	if (e->x % L->sc->cfg.page_size)
		return load_fail(L, v, "\"va\" 0x%llx is not page aligned",
				 (unsigned long long)e->x);
	e->flags |= SIM_EV_VA;
	return 0;
}

/* submit's "bos": object names into sc->bo_lists[e->list..+e->nlist). */
static int load_submit_bos(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	struct scenario *sc = L->sc;
	const cJSON *bos = load_member(ev, "bos"), *b;
	int n;

	if (!bos)
		return load_fail(L, ev, "%s needs \"bos\": [names]", L->where);
	if (load_want_array(L, bos, "\"bos\""))
		return -1;
	n = cJSON_GetArraySize(bos);
	if (n > LOAD_MAX_SUBMIT_BOS)
		return load_fail(L, bos, "a job may use at most %d objects", LOAD_MAX_SUBMIT_BOS);
	if (grow_array(sc->bo_lists, L->nlists_cap, (uint64_t)sc->nbo_lists + (uint32_t)n, 64))
		return load_fail(L, bos, "out of memory");
	e->list = sc->nbo_lists;
	e->nlist = (uint32_t)n;
	cJSON_ArrayForEach(b, bos)
	{
		struct text_clip c;
		uint32_t slot;

		if (!cJSON_IsString(b))
			return load_fail(L, b, "\"bos\" must list object names, got %s",
					 load_type_name(b));
		slot = scenario_find(sc, SIM_K_BO, b->valuestring);
		if (slot == SIM_NONE) {
			char near[240];

			return load_fail(
				L, b,
				"unknown object \"%s\" in \"bos\" (no object of that name is "
				"defined %s; %s)",
				text_clip(&c, b->valuestring), load_kind_defined[SIM_K_BO],
				load_near_names(L, SIM_K_BO, b->valuestring, near, sizeof(near)));
		}
		for (uint32_t i = e->list; i < sc->nbo_lists; i++)
			if (sc->bo_lists[i] == slot)
				return load_fail(L, b, "object \"%s\" is listed twice in one job",
						 text_clip(&c, b->valuestring));
		sc->bo_lists[sc->nbo_lists++] = slot;
	}
	return 0;
}

static int load_submit(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	if (load_resolve(L, ev, "vm", SIM_K_VM, &e->b) || load_submit_bos(L, ev, e))
		return -1;
	if (!load_member(ev, "duration"))
		return load_fail(L, ev, "%s needs \"duration\"", L->where);
	if (load_get_time(L, load_member(ev, "duration"), "duration", &e->y))
		return -1;
	if (load_member(ev, "name") && load_resolve(L, ev, "name", SIM_K_JOB, &e->c))
		return -1;
	return 0;
}

static int load_gpu_access(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	if (load_resolve(L, ev, "vm", SIM_K_VM, &e->b))
		return -1;
	if (!load_member(ev, "va"))
		return load_fail(L, ev, "%s needs \"va\"", L->where);
	if (load_get_addr(L, load_member(ev, "va"), "va", &e->x))
		return -1;
	return load_opt_flag(L, ev, "write", true, SIM_EV_WRITE, &e->flags);
}

static int load_bo_buf(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	return load_bo(L, ev, e) || load_resolve(L, ev, "buf", SIM_K_BUF, &e->b) ? -1 : 0;
}

static int load_attach(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	if (load_resolve(L, ev, "buf", SIM_K_BUF, &e->b) ||
	    load_resolve(L, ev, "att", SIM_K_ATT, &e->c) ||
	    load_resolve(L, ev, "device", SIM_K_DEVICE, &e->a))
		return -1;
	return 0;
}

static int load_att(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	return load_resolve(L, ev, "att", SIM_K_ATT, &e->c);
}

static int load_pages(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	return load_count(L, ev, "pages", "\"pages\"", 1, LOAD_MAX_PAGES, &e->x);
}

static int load_shrink(struct ld *L, const cJSON *ev, struct sim_event *e)
{
	return load_count(L, ev, "nr", "\"nr\" (pages to scan for)", 1, LOAD_MAX_PAGES, &e->x);
}

/* ---- runners: the event against the model ---------------------------------- */

/* The ops that take one object and nothing else. */
#define OPS_RUN_BO(fn)                                                                           \
	static int run_##fn(struct sim *s, const struct scenario *sc, const struct sim_event *e) \
	{                                                                                        \
		(void)sc;                                                                        \
		return shm_##fn(s, e->a);                                                        \
	}
OPS_RUN_BO(free)
OPS_RUN_BO(get_pages)
OPS_RUN_BO(put_pages)
OPS_RUN_BO(pin)
OPS_RUN_BO(unpin)
OPS_RUN_BO(vmap)
OPS_RUN_BO(vunmap)
OPS_RUN_BO(get_pages_sgt)
OPS_RUN_BO(get_sg_table)
OPS_RUN_BO(purge)
OPS_RUN_BO(evict)
OPS_RUN_BO(swapin)
OPS_RUN_BO(resv_lock)
OPS_RUN_BO(resv_unlock)
#undef OPS_RUN_BO

static int run_create(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return shm_create(s, e->a, e->x,
			  (e->flags & SIM_EV_HEAP ? SHM_CREATE_HEAP : 0u) |
				  (e->flags & SIM_EV_NO_SHRINKER ? SHM_CREATE_NO_SHRINKER : 0u));
}

static int run_vmap_access(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return shm_vmap_access(s, e->a, e->x);
}

static int run_mmap(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return shm_mmap(s, e->a, e->b, e->flags & SIM_EV_PRIVATE);
}

static int run_munmap(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return shm_munmap(s, e->b);
}

static int run_fork(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return shm_fork(s, e->b, e->c);
}

static int run_cpu_access(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return shm_cpu_access(s, e->b, e->x, e->y, e->flags & SIM_EV_WRITE);
}

static int run_madvise(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return shm_madvise(s, e->a, (int)(int64_t)e->x);
}

static int run_export(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return dmabuf_export(s, e->a, e->b);
}

static int run_import(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return dmabuf_import(s, e->b, e->a);
}

static int run_attach(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return dmabuf_attach(s, e->b, e->c, e->a);
}

static int run_detach(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return dmabuf_detach(s, e->c);
}

static int run_map_attachment(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return dmabuf_map_attachment(s, e->c);
}

static int run_unmap_attachment(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return dmabuf_unmap_attachment(s, e->c);
}

static int run_pressure(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return pg_pressure(s, e->x);
}

static int run_release(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return pg_release(s, e->x);
}

static int run_shrink(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	/* Pages freed or SHRINK_STOP are in the stats; the call itself succeeds. */
	shrink_scan(s, e->x);
	return 0;
}

static int run_gpu_map(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return gpu_map(s, e->b, e->a, e->flags & SIM_EV_VA, e->x);
}

static int run_gpu_unmap(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return gpu_unmap(s, e->b, e->a);
}

static int run_submit(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	return gpu_submit(s, e->b, sc->bo_lists + e->list, e->nlist, e->y, e->c);
}

static int run_gpu_access(struct sim *s, const struct scenario *sc, const struct sim_event *e)
{
	(void)sc;
	return gpu_access(s, e->b, e->x, e->flags & SIM_EV_WRITE);
}

/* ---- the table ------------------------------------------------------------- */

#define KEYS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define BO_OP(op, fn, what, results)          \
	[SIM_OP_##op] = { .name = #fn,        \
			  .doc = what,        \
			  .keys = KEYS("bo"), \
			  .rets = results,    \
			  .load = load_bo,    \
			  .run = run_##fn }
#define R(r) OPS_RET(r)
/* every call on an object: done, or no such object */
#define BASE (R(OK) | R(ENOENT))

const struct ops_desc ops_table[SIM_OP_COUNT] = {
	[SIM_OP_CREATE] = {
		.name = "create", .doc = "a new object (drm_gem_shmem_create); heap: grown on GPU fault",
		.keys = KEYS("bo", "size", "pages", "heap", "shrinker"),
		.defines = "bo", .defines_kind = SIM_K_BO, .load = load_create, .run = run_create,
		.rets = R(OK) | R(EINVAL) | R(ENOMEM),
	},
	BO_OP(FREE, free, "the last reference to the object goes",
	      BASE | R(EBUSY)),
	BO_OP(GET_PAGES, get_pages, "a weak page reference (drm_gem_shmem_get_pages)",
	      BASE | R(ENOMEM) | R(EINVAL)),
	BO_OP(PUT_PAGES, put_pages, "drops a weak page reference",
	      BASE | R(EINVAL)),
	BO_OP(PIN, pin, "a hard page reference (drm_gem_shmem_pin)",
	      BASE | R(ENOMEM) | R(EINVAL)),
	BO_OP(UNPIN, unpin, "drops a hard page reference",
	      BASE | R(EINVAL)),
	BO_OP(VMAP, vmap, "the kernel CPU mapping (drm_gem_shmem_vmap)",
	      BASE | R(ENOMEM) | R(EINVAL)),
	BO_OP(VUNMAP, vunmap, "drops the kernel CPU mapping",
	      BASE | R(EINVAL)),
	[SIM_OP_VMAP_ACCESS] = {
		.name = "vmap_access", .doc = "the CPU touches a page through the kernel mapping",
		.keys = KEYS("bo", "page"), .load = load_vmap_access, .run = run_vmap_access,
		.rets = BASE | R(EINVAL),
	},
	[SIM_OP_MMAP] = {
		.name = "mmap", .doc = "a userspace mapping (VMA) of the object, named by map",
		.keys = KEYS("bo", "map", "private"), .defines = "map", .defines_kind = SIM_K_MAP,
		.subject = OPS_NAMES_BO, .load = load_mmap, .run = run_mmap,
		.rets = BASE | R(EINVAL) | R(ENOMEM) | R(EBUSY),
	},
	[SIM_OP_MUNMAP] = {
		.name = "munmap", .doc = "the mapping goes",
		.keys = KEYS("map"), .subject = OPS_NAMES_MAP, .load = load_map, .run = run_munmap,
		.rets = BASE | R(EBUSY),
	},
	[SIM_OP_FORK] = {
		.name = "fork", .doc = "the process forks: the child's VMA holds its own reference",
		.keys = KEYS("map", "child"), .defines = "child", .defines_kind = SIM_K_MAP,
		.subject = OPS_NAMES_MAP, .load = load_fork, .run = run_fork,
		.rets = BASE | R(EINVAL) | R(EBUSY),
	},
	[SIM_OP_CPU_ACCESS] = {
		.name = "cpu_access", .doc = "touches pages of a mapping; missing pages fault in",
		.keys = KEYS("map", "page", "pages", "write"), .subject = OPS_NAMES_MAP,
		.load = load_cpu_access, .run = run_cpu_access,
		.rets = BASE | R(SIGBUS) | R(VM_FAULT_OOM) | R(EINVAL) | R(EBUSY),
	},
	[SIM_OP_MADVISE] = {
		.name = "madvise", .doc = "willneed, dontneed or the driver's madv number; true/false",
		.keys = KEYS("bo", "advice"), .ret_bool = true,
		.load = load_madvise, .run = run_madvise,
		.rets = R(TRUE) | R(FALSE) | R(ENOENT) | R(EINVAL),
	},
	BO_OP(GET_PAGES_SGT, get_pages_sgt, "build or return the stored scatter table",
	      BASE | R(EBUSY) | R(ENOMEM) | R(EINVAL)),
	BO_OP(PURGE, purge, "drops a purgeable object's pages, as a driver does",
	      BASE | R(EINVAL) | R(EBUSY)),
	BO_OP(EVICT, evict, "writes an evictable object's pages to swap",
	      BASE | R(EINVAL) | R(EBUSY) | R(ENOSPC)),
	BO_OP(SWAPIN, swapin, "reads an evicted object's pages back",
	      BASE | R(ENOMEM)),
	BO_OP(RESV_LOCK, resv_lock, "the scenario (driver code) takes the object's lock",
	      BASE | R(EBUSY)),
	BO_OP(RESV_UNLOCK, resv_unlock, "the scenario releases the object's lock",
	      BASE | R(EINVAL)),
	[SIM_OP_GPU_MAP] = {
		.name = "gpu_map", .doc = "maps the object into a GPU VM, at va or where it fits",
		.keys = KEYS("vm", "bo", "va"), .load = load_gpu_map, .run = run_gpu_map,
		.rets = BASE | R(EINVAL) | R(ENOSPC) | R(ENOMEM),
	},
	[SIM_OP_GPU_UNMAP] = {
		.name = "gpu_unmap", .doc = "unmaps the object from the GPU VM",
		.keys = KEYS("vm", "bo"), .load = load_vm_bo, .run = run_gpu_unmap,
		.rets = BASE | R(EINVAL),
	},
	[SIM_OP_SUBMIT] = {
		.name = "submit", .doc = "a GPU job on the objects, for a duration",
		.keys = KEYS("vm", "bos", "duration", "name"), .defines = "name",
		.defines_kind = SIM_K_JOB, .subject = OPS_NAMES_VM,
		.load = load_submit, .run = run_submit,
		.rets = BASE | R(EINVAL) | R(ENOMEM),
	},
	[SIM_OP_GPU_ACCESS] = {
		.name = "gpu_access", .doc = "a GPU memory access through the MMU",
		.keys = KEYS("vm", "va", "write"), .subject = OPS_NAMES_VM,
		.load = load_gpu_access, .run = run_gpu_access,
		.rets = BASE | R(EFAULT) | R(ENOMEM) | R(EBUSY),
	},
	[SIM_OP_EXPORT] = {
		.name = "export", .doc = "dma-buf export of the object, named by buf",
		.keys = KEYS("bo", "buf"), .defines = "buf", .defines_kind = SIM_K_BUF,
		.load = load_bo_buf, .run = run_export,
		.rets = BASE | R(EINVAL) | R(ENOMEM),
	},
	[SIM_OP_IMPORT] = {
		.name = "import", .doc = "another driver imports the dma-buf as a new object bo",
		.keys = KEYS("bo", "buf"), .defines = "bo", .defines_kind = SIM_K_BO,
		.load = load_bo_buf, .run = run_import,
		.rets = BASE | R(EINVAL) | R(ENOMEM),
	},
	[SIM_OP_ATTACH] = {
		.name = "attach", .doc = "an importing device attaches to the dma-buf",
		.keys = KEYS("buf", "device", "att"), .defines = "att", .defines_kind = SIM_K_ATT,
		.subject = OPS_NAMES_BUF, .load = load_attach, .run = run_attach,
		.rets = BASE | R(EINVAL) | R(ENOMEM),
	},
	[SIM_OP_DETACH] = {
		.name = "detach", .doc = "the importer detaches",
		.keys = KEYS("att"), .subject = OPS_NAMES_ATT, .load = load_att, .run = run_detach,
		.rets = BASE,
	},
	[SIM_OP_MAP_ATTACHMENT] = {
		.name = "map_attachment", .doc = "the importer maps the attachment",
		.keys = KEYS("att"), .subject = OPS_NAMES_ATT,
		.load = load_att, .run = run_map_attachment,
		.rets = BASE | R(EINVAL) | R(ENOMEM),
	},
	[SIM_OP_UNMAP_ATTACHMENT] = {
		.name = "unmap_attachment", .doc = "the importer unmaps the attachment",
		.keys = KEYS("att"), .subject = OPS_NAMES_ATT,
		.load = load_att, .run = run_unmap_attachment,
		.rets = BASE | R(EINVAL),
	},
	[SIM_OP_PRESSURE] = {
		.name = "pressure", .doc = "another consumer takes pages frames",
		.keys = KEYS("pages"), .subject = OPS_NAMES_PAGES,
		.load = load_pages, .run = run_pressure,
		.rets = R(OK) | R(ENOMEM),
	},
	[SIM_OP_RELEASE] = {
		.name = "release", .doc = "the other consumer gives pages frames back",
		.keys = KEYS("pages"), .subject = OPS_NAMES_PAGES,
		.load = load_pages, .run = run_release,
		.rets = R(OK) | R(EINVAL),
	},
	[SIM_OP_SHRINK] = {
		.name = "shrink", .doc = "an explicit shrinker scan for nr pages",
		.keys = KEYS("nr"), .subject = OPS_NAMES_NR, .load = load_shrink, .run = run_shrink,
		.rets = R(OK),
	},
	BO_OP(GET_SG_TABLE, get_sg_table,
	      "a table of the pages for the caller, not stored (drm_gem_shmem_get_sg_table)",
	      BASE | R(EINVAL) | R(ENOMEM)),
};

enum sim_ret ops_result(enum sim_op op, int r)
{
	if (ops_table[op].ret_bool && r >= 0)
		return r ? SIM_RET_TRUE : SIM_RET_FALSE;
	switch (r) {
	case GEMSIM_ENOMEM: return SIM_RET_ENOMEM;
	case GEMSIM_EBUSY: return SIM_RET_EBUSY;
	case GEMSIM_EINVAL: return SIM_RET_EINVAL;
	case GEMSIM_SIGBUS: return SIM_RET_SIGBUS;
	case GEMSIM_VM_FAULT_OOM: return SIM_RET_VM_FAULT_OOM;
	case GEMSIM_ENOENT: return SIM_RET_ENOENT;
	case GEMSIM_EFAULT: return SIM_RET_EFAULT;
	case GEMSIM_ENOSPC: return SIM_RET_ENOSPC;
	default: return r >= 0 ? SIM_RET_OK : SIM_RET_EINVAL;
	}
}

int ops_find(const char *name)
{
	for (int i = 0; i < SIM_OP_COUNT; i++)
		if (!strcmp(ops_table[i].name, name))
			return i;
	return -1;
}

void ops_names(const char *names[SIM_OP_COUNT])
{
	for (int i = 0; i < SIM_OP_COUNT; i++)
		names[i] = ops_table[i].name;
}
