// SPDX-License-Identifier: MIT
/*
 * output/dump.c - the state of every object at one moment (see dump.h).
 */
#include <inttypes.h>

#include "gem/gem.h"
#include "gem/lru.h"
#include "gem/pg.h"
#include "gem/shm.h"
#include "base/text.h"
#include "output/dump.h"
#include "output/kstats.h"

/* The object's state in one word: what a kernel reader would call it. */
static const char *state_of(const struct shm_object *o)
{
	if (o->imported)
		return "imported";
	if (o->madv < 0)
		return "purged";
	if (o->evicted)
		return "evicted";
	if (!o->pages)
		return "no-pages";
	if (o->pages_pin_count > 0)
		return "pinned";
	return "resident";
}

static const char *madv_of(const struct shm_object *o)
{
	return o->madv > 0 ? "dontneed" : o->madv < 0 ? "purged" : "willneed";
}

void dump_text(struct sim *s, FILE *f, sim_ns at)
{
	uint32_t n = shm_slot_count(s);

	fprintf(f,
		"state at t=%" PRIu64 "ns (kernel %s): %" PRIu64 " free frames, %" PRIu64
		" free swap slots, %" PRIu64 " frames held by others",
		at, sim_kernel_names[s->cfg.kernel], pg_free_frames(s), pg_free_slots(s),
		pg_other_frames(s));
	if (pg_leaked(s, false) || pg_leaked(s, true))
		fprintf(f, ", %" PRIu64 " frames and %" PRIu64 " swap slots of leaked objects",
			pg_leaked(s, false), pg_leaked(s, true));
	fputc('\n', f);
	fprintf(f, "  %-16s %-9s %8s %8s %8s %4s %4s %4s %-8s %-3s %-9s %4s %4s %s\n", "object",
		"state", "pages", "resident", "swapped", "use", "pin", "vmap", "madv", "sgt",
		"list", "vmas", "gpu", "flags");
	for (uint32_t bo = 0; bo < n; bo++) {
		const struct shm_object *o = shm_get(s, bo);
		struct text_clip name; /* a trace's names are any text: escaped */

		if (!o)
			continue;
		fprintf(f,
			"  %-16s %-9s %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %4d %4d %4d %-8s %-3s "
			"%-9s %4u %4u%s%s%s%s%s%s\n",
			text_clip(&name, sim_name(s, SIM_K_BO, bo)), state_of(o), o->npages,
			shm_resident_pages(o), shm_swapped_pages(o), o->pages_use_count,
			o->pages_pin_count, o->vmap_use_count, madv_of(o), o->sgt ? "yes" : "no",
			lru_list_name(o->lru), o->nr_vmas, o->nr_gpu_maps,
			o->nr_fences ? " busy" : "", o->resv_held ? " locked" : "",
			o->dma_buf != SIM_NONE ? " exported" : "", o->heap ? " heap" : "",
			shm_purgeable(s, o) ? " purgeable" : "",
			shm_evictable(s, o) ? " evictable" : "");
	}

	struct kstats k;

	kstats_get(s, &k);
	fputs("  as the kernel prints it (fdinfo of one DRM file holding every object; "
	      "/proc/vmstat):\n",
	      f);
	kstats_text(&k, f, "    ");
}

void dump_json(struct sim *s, struct jsonw *w, sim_ns at)
{
	uint32_t n = shm_slot_count(s);

	jsonw_obj_open(w);
	jsonw_key(w, "at_ns");
	jsonw_u64(w, at);
	jsonw_key(w, "kernel");
	jsonw_str(w, sim_kernel_names[s->cfg.kernel]);
	jsonw_key(w, "free_frames");
	jsonw_u64(w, pg_free_frames(s));
	jsonw_key(w, "free_swap_slots");
	jsonw_u64(w, pg_free_slots(s));
	jsonw_key(w, "other_frames");
	jsonw_u64(w, pg_other_frames(s));
	jsonw_key(w, "leaked_frames");
	jsonw_u64(w, pg_leaked(s, false));
	jsonw_key(w, "leaked_swap_slots");
	jsonw_u64(w, pg_leaked(s, true));
	jsonw_key(w, "objects");
	jsonw_arr_open(w);
	for (uint32_t bo = 0; bo < n; bo++) {
		const struct shm_object *o = shm_get(s, bo);

		if (!o)
			continue;
		jsonw_obj_open(w);
		jsonw_key(w, "name");
		jsonw_str(w, sim_name(s, SIM_K_BO, bo));
		jsonw_key(w, "state");
		jsonw_str(w, state_of(o));
		jsonw_key(w, "size_pages");
		jsonw_u64(w, o->npages);
		jsonw_key(w, "resident_pages");
		jsonw_u64(w, shm_resident_pages(o));
		jsonw_key(w, "swapped_pages");
		jsonw_u64(w, shm_swapped_pages(o));
		jsonw_key(w, "pages_use_count");
		jsonw_i64(w, o->pages_use_count);
		jsonw_key(w, "pages_pin_count");
		jsonw_i64(w, o->pages_pin_count);
		jsonw_key(w, "vmap_use_count");
		jsonw_i64(w, o->vmap_use_count);
		jsonw_key(w, "madv");
		jsonw_str(w, madv_of(o));
		jsonw_key(w, "has_sgt");
		jsonw_bool(w, o->sgt);
		jsonw_key(w, "list");
		jsonw_str(w, lru_list_name(o->lru));
		jsonw_key(w, "vmas");
		jsonw_u64(w, o->nr_vmas);
		jsonw_key(w, "gpu_mappings");
		jsonw_u64(w, o->nr_gpu_maps);
		jsonw_key(w, "busy");
		jsonw_bool(w, o->nr_fences > 0);
		jsonw_key(w, "locked");
		jsonw_bool(w, o->resv_held);
		jsonw_key(w, "purgeable");
		jsonw_bool(w, shm_purgeable(s, o));
		jsonw_key(w, "evictable");
		jsonw_bool(w, shm_evictable(s, o));
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);

	struct kstats k;

	kstats_get(s, &k);
	kstats_json(&k, w);
	jsonw_obj_close(w);
}
