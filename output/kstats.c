// SPDX-License-Identifier: MIT
/*
 * output/kstats.c - fdinfo and vmstat figures (see kstats.h).
 *
 * Kernel code modelled: drm_show_memory_stats() and print_size() in
 * drivers/gpu/drm/drm_file.c, panfrost_gem_status() / panfrost_gem_rss()
 * for what a shmem driver calls resident and purgeable.
 */
#include <inttypes.h>

#include "gem/shm.h"
#include "output/kstats.h"

const char *const kstats_fdinfo_names[KSTATS_FDINFO] = {
	"drm-total-memory",    "drm-shared-memory",    "drm-active-memory",
	"drm-resident-memory", "drm-purgeable-memory",
};

void kstats_get(struct sim *s, struct kstats *k)
{
	uint64_t ps = s->cfg.page_size;
	uint32_t n = shm_slot_count(s);

	*k = (struct kstats){ .pswpin = s->stats.pages_swapped_in,
			      .pswpout = s->stats.pages_evicted };
	for (uint32_t bo = 0; bo < n; bo++) {
		const struct shm_object *o = shm_get(s, bo);
		uint64_t size;

		if (!o)
			continue;
		size = o->npages * ps;
		k->total += size;
		if (o->imported || o->dma_buf != SIM_NONE)
			k->shared += size;
		if (o->nr_fences)
			k->active += size;
		/* an import's pages are the exporter's: its shmem->pages is NULL */
		if (o->imported || !shm_has_pages(o))
			continue; /* drm_show_memory_stats: not resident, so not purgeable */
		/* panfrost_gem_rss(): a heap counts what it has grown to */
		k->resident += o->heap ? shm_resident_pages(o) * ps : size;
		if (o->madv > 0)
			k->purgeable += o->heap ? shm_resident_pages(o) * ps : size;
	}
}

uint64_t kstats_fdinfo_value(const struct kstats *k, int i)
{
	const uint64_t v[KSTATS_FDINFO] = { k->total, k->shared, k->active, k->resident,
					    k->purgeable };

	return v[i];
}

/* print_size(): units "", " KiB", " MiB"; divide while whole and non-zero */
void kstats_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "", " KiB", " MiB" };
	unsigned u;

	for (u = 0; u < 2; u++) {
		if (bytes == 0 || bytes % 1024)
			break;
		bytes /= 1024;
	}
	snprintf(buf, len, "%" PRIu64 "%s", bytes, units[u]);
}

void kstats_text(const struct kstats *k, FILE *f, const char *indent)
{
	char sz[32];

	for (int i = 0; i < KSTATS_FDINFO; i++) {
		kstats_size(kstats_fdinfo_value(k, i), sz, sizeof(sz));
		fprintf(f, "%s%s:\t%s\n", indent, kstats_fdinfo_names[i], sz);
	}
	fprintf(f, "%spswpin %" PRIu64 "\n%spswpout %" PRIu64 "\n", indent, k->pswpin, indent,
		k->pswpout);
}

void kstats_json(const struct kstats *k, struct jsonw *w)
{
	char sz[32];

	jsonw_key(w, "fdinfo");
	jsonw_obj_open(w);
	for (int i = 0; i < KSTATS_FDINFO; i++) {
		kstats_size(kstats_fdinfo_value(k, i), sz, sizeof(sz));
		jsonw_key(w, kstats_fdinfo_names[i]);
		jsonw_str(w, sz);
	}
	jsonw_obj_close(w);
	jsonw_key(w, "vmstat");
	jsonw_obj_open(w);
	jsonw_key(w, "pswpin");
	jsonw_u64(w, k->pswpin);
	jsonw_key(w, "pswpout");
	jsonw_u64(w, k->pswpout);
	jsonw_obj_close(w);
}
