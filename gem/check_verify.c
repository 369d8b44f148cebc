// SPDX-License-Identifier: MIT
/*
 * gem/check_verify.c - the marks that tell gem/check.c what changed
 * (gem_mark_dirty(), inline in gem_int.h, and its slow way here), and
 * whether they miss a change (gem_check_verify()): a fingerprint of
 * everything the incremental check reads of each object, taken after its
 * check, compared with the object as it is; the soak asks after every
 * call (docs/reliability.md).
 */
#include <stdio.h>
#include <stdlib.h>

#include "gem/gem.h"
#include "gem/gem_int.h"
#include "gem/lru.h"
#include "gem/shm.h"
#include "base/grow.h"

#define list_name lru_list_name

void gem_mark_dirty_slow(struct sim *s, struct shm_object *o, unsigned bits)
{
	struct gem *g = s->gem;

	if (!o)
		return;
	if (bits & (SHM_D_STATE | SHM_D_BUSY))
		sim_observe(s, SIM_OBS_STATE, o->slot, 0);
	if (!s->check) {
		/* Nobody checks: keep no list.  Should checking be switched on
		 * later, its first check walks everything instead. */
		g->dirty_overflow = true;
		return;
	}
	if (bits == SHM_D_BUSY && !gem_busy_checked(s, o))
		return; /* nothing the checker reads changed, nobody observes */
	if (!o->dirty) {
		if (g->ndirty >= g->cap_dirty &&
		    grow_array(g->dirty, g->cap_dirty, (uint64_t)g->ndirty + 1, 64)) {
			/* no room to remember it: the next check walks everything */
			g->dirty_overflow = true;
			o->dirty |= (uint8_t)bits;
			return;
		}
		g->dirty[g->ndirty++] = o->slot;
	}
	o->dirty |= (uint8_t)bits;
}

void gem_mark_gpu(struct sim *s, uint32_t bo)
{
	struct shm_object *o = shm_get(s, bo);

	if (o)
		gem_mark_dirty(s, o, SHM_D_GPU);
}

static inline void fp_mix(uint64_t *h, uint64_t v)
{
	*h ^= v;
	*h *= UINT64_C(0x100000001b3); /* FNV-1a, a word at a time */
}

/*
 * What the incremental check of @o reads: counts, flags, list, page
 * locations, CPU and GPU PTEs.  Left out: fences and locks (SHM_D_BUSY and
 * shm_lock(): no per-object invariant reads them), the place on the list
 * and the CLOCK bit (an LRU touch), the count of GPU mappings (a
 * mapping matters by its PTEs), and TLB entries.
 */
static uint64_t fingerprint(struct sim *s, struct shm_object *o)
{
	struct gem *g = s->gem;
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	fp_mix(&h, o->alive);
	if (!o->alive)
		return h;
	fp_mix(&h, o->npages);
	fp_mix(&h, o->nr_present);
	fp_mix(&h, (uint64_t)(uint32_t)o->pages_use_count << 32 | (uint32_t)o->pages_pin_count);
	fp_mix(&h, (uint64_t)(uint32_t)o->vmap_use_count << 32 | o->dma_buf);
	fp_mix(&h, (uint64_t)o->exporter << 32 | o->import_buf);
	fp_mix(&h, o->nr_vmas);
	fp_mix(&h, (uint64_t)o->lru << 56 | (uint64_t)(uint8_t)o->madv << 48 |
			   (uint64_t)o->pending_inv << 40 | (uint64_t)lru_target(s, o) << 32);
	fp_mix(&h, (uint64_t)o->evicted | (uint64_t)o->no_shrinker << 1 |
			   (uint64_t)o->imported << 2 | (uint64_t)o->heap << 3 |
			   (uint64_t)o->resv_held << 4 | (uint64_t)o->sgt << 5 |
			   (uint64_t)o->vmap_stale << 6 | (uint64_t)o->heap_ref << 7 |
			   (uint64_t)o->purge_counted << 8 | (uint64_t)o->import_pinned << 9 |
			   (uint64_t)o->madv_listed << 10 | (uint64_t)o->evicted_flag << 11 |
			   (uint64_t)o->lru_unplaced << 12 | (uint64_t)o->no_mmap_offset << 13 |
			   (uint64_t)(o->pages != NULL) << 14 |
			   (uint64_t)shm_is_purgeable(s, o) << 15);
	if (o->dma_buf != SIM_NONE)
		fp_mix(&h, g->bufs[o->dma_buf].nr_maps);
	for (uint64_t i = 0; o->pages && i < o->npages; i++)
		fp_mix(&h, o->pages[i]);
	for (uint32_t m = o->vma_head; m != SIM_NONE; m = g->vmas[m].next) {
		struct shm_vma *v = &g->vmas[m];
		const uint32_t *pte = shm_vma_ptes(v, o);

		fp_mix(&h, m);
		for (uint64_t i = 0; shm_vma_bits(v, o) && i < o->npages; i++)
			fp_mix(&h, pte[i]);
	}
	if (s->gpu_hash_bo)
		fp_mix(&h, s->gpu_hash_bo(s, o->slot));
	return h;
}

/*
 * After its check: remember what @o looked like (its slot is in the
 * record).  @state_marked: a mark of its counts, flags or list came since
 * its last check (STATE_BITS in gem/check.c); without one, what state_ok()
 * reads must be what that check saw, or gem_check_verify() says so.
 */
void gem_check_record(struct sim *s, struct shm_object *o, bool state_marked)
{
	struct gem *g = s->gem;
	uint64_t st = gem_check_state_word(s, o);

	if (!state_marked && o->alive && st != g->fp[2 * o->slot + 1] && !g->fp_unmarked)
		g->fp_unmarked = o->slot + 1;
	g->fp[2 * o->slot] = fingerprint(s, o);
	g->fp[2 * o->slot + 1] = st;
}

int gem_check_verify(struct sim *s, char *what, size_t len)
{
	struct gem *g = s->gem;
	uint32_t old = g->fp ? g->nfp : 0;

	if (g->nobjs > g->nfp || !g->fp) {
		uint32_t n = g->nobjs ? g->nobjs : 1;
		uint64_t *p = realloc(g->fp, 2 * (size_t)n * sizeof(*p));

		if (!p)
			return GEMSIM_ENOMEM;
		g->fp = p;
		g->nfp = n;
		/* slots new to the record: what they are now is the baseline */
		for (uint32_t b = old; b < n; b++) {
			if (b < g->nobjs && g->objs[b]) {
				p[2 * b] = fingerprint(s, g->objs[b]);
				p[2 * b + 1] = gem_check_state_word(s, g->objs[b]);
			}
		}
		if (!old) {
			gem_check_all(s);
			return 0;
		}
	}
	if (g->fp_unmarked) {
		snprintf(what, len,
			 "%s: its counts or flags changed under a mark of its CPU PTEs alone",
			 sim_name(s, SIM_K_BO, g->fp_unmarked - 1));
		g->fp_unmarked = 0;
		return 1;
	}
	for (uint32_t b = 0; b < old && b < g->nobjs; b++) {
		if (g->objs[b] && g->fp[2 * b] != fingerprint(s, g->objs[b])) {
			snprintf(what, len, "%s changed since its last check without being marked",
				 sim_name(s, SIM_K_BO, b));
			return 1;
		}
	}
	for (unsigned id = LRU_PINNED; id < LRU_NR_LISTS; id++) {
		if (g->lists[id].count != g->chk_count[id]) {
			snprintf(what, len,
				 "the %s list changed (%llu pages, %llu at its last check) "
				 "without being marked",
				 list_name(id), (unsigned long long)g->lists[id].count,
				 (unsigned long long)g->chk_count[id]);
			return 1;
		}
	}
	return 0;
}
