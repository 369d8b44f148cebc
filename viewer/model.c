// SPDX-License-Identifier: MIT
/*
 * viewer/model.c - page states, colours, effects and the layout of
 * gemsim-view, with no SDL: the test runner checks them.  The map
 * rasteriser that paints them is viewer/raster.c.  See view.h for the
 * states and why effects run on simulated time.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gem/pg.h"
#include "gem/shm.h"
#include "gpu/gpu.h"
#include "viewer/view.h"

/* ---- palette -------------------------------------------------------------
 *
 * Built on the Okabe-Ito set (distinguishable with the common colour
 * vision deficiencies) on a near-black background.  The states that matter
 * in a reclaim story differ in lightness as well as hue, so they also read
 * in greyscale and on a washed-out projector: free is a dark slate, the
 * resident states are mid to light, and swap is a warm vermillion.
 */
static const struct {
	const char *name;
	uint32_t rgb;
} states[VS_COUNT] = {
	[VS_FREE] = { "free", 0x2b3240 },
	[VS_OTHER] = { "other consumer", 0x8a919e },
	[VS_RESIDENT] = { "resident (weak)", 0x56b4e9 },
	[VS_GPU] = { "GPU-mapped", 0x3b7dd8 },
	[VS_MMAPPED] = { "mmapped", 0x19b38a },
	[VS_DONTNEED] = { "purgeable", 0xf0e442 },
	[VS_PINNED] = { "pinned", 0xe69f00 },
	[VS_VMAPPED] = { "vmapped", 0xd783b5 },
	[VS_SWAP] = { "evicted to swap", 0xd55e00 },
	[VS_PURGED] = { "purged", 0xc8cdd6 }, /* an outline (crossed in the legend) */
	[VS_LEAKED] = { "leaked", 0xdc267f }, /* labelled on the map, never reclaimed */
};

static const uint32_t ui[VC_COUNT] = {
	[VC_BG] = 0x0f1218,      [VC_PANEL] = 0x181d26, [VC_TEXT] = 0xf2f4f8, [VC_DIM] = 0x9aa3b2,
	[VC_ACCENT] = 0x56b4e9,  [VC_SCAN] = 0xff4df0, /* magenta: not the fault's white, not a state */
	[VC_FLASH] = 0xffffff,   [VC_BAD] = 0xd7263d,   [VC_WARN] = 0xf0e442, [VC_ERR] = 0xe69f00,
	[VC_DIVERGE] = 0xcc79a7,
};

uint32_t view_state_rgb(enum view_state st)
{
	return (unsigned)st < VS_COUNT ? states[st].rgb : 0xff00ff;
}

const char *view_state_name(enum view_state st)
{
	return (unsigned)st < VS_COUNT ? states[st].name : "?";
}

int view_state_find(const char *name)
{
	for (int i = 0; i < VS_COUNT; i++)
		if (!strcmp(states[i].name, name))
			return i;
	/* one-word aliases for the command line and tests */
	static const char *const alias[VS_COUNT] = {
		"free",   "other",   "resident", "gpu",    "mmapped", "purgeable",
		"pinned", "vmapped", "swap",     "purged", "leaked",
	};
	for (int i = 0; i < VS_COUNT; i++)
		if (!strcmp(alias[i], name))
			return i;
	return -1;
}

uint32_t view_ui_rgb(enum view_ui c)
{
	return (unsigned)c < VC_COUNT ? ui[c] : 0xff00ff;
}

uint32_t view_mix(uint32_t a, uint32_t b, unsigned t)
{
	uint32_t r = 0;

	if (t > 256)
		t = 256;
	for (int sh = 0; sh <= 16; sh += 8) {
		unsigned ca = (a >> sh) & 0xff, cb = (b >> sh) & 0xff;

		r |= (uint32_t)((ca * (256 - t) + cb * t) >> 8) << sh;
	}
	return r;
}

static double lin(unsigned c)
{
	double x = c / 255.0;

	return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4);
}

static double luminance(uint32_t rgb)
{
	return 0.2126 * lin((rgb >> 16) & 0xff) + 0.7152 * lin((rgb >> 8) & 0xff) +
	       0.0722 * lin(rgb & 0xff);
}

unsigned view_contrast(uint32_t a, uint32_t b)
{
	double la = luminance(a), lb = luminance(b);

	if (la < lb) {
		double t = la;

		la = lb;
		lb = t;
	}
	return (unsigned)((la + 0.05) / (lb + 0.05) * 100.0 + 0.5);
}

uint32_t view_owner_rgb(uint32_t bo)
{
	/* golden-angle hues at fixed lightness: neighbours never look alike */
	double h = fmod(bo * 137.50776405, 360.0) / 60.0;
	double s = 0.6, l = 0.72 - 0.06 * (bo % 3);
	double c = (1 - fabs(2 * l - 1)) * s, x = c * (1 - fabs(fmod(h, 2) - 1)), m = l - c / 2;
	double r = 0, g = 0, b = 0;

	switch ((int)h) {
	case 0:
		r = c;
		g = x;
		break;
	case 1:
		r = x;
		g = c;
		break;
	case 2:
		g = c;
		b = x;
		break;
	case 3:
		g = x;
		b = c;
		break;
	case 4:
		r = x;
		b = c;
		break;
	default:
		r = c;
		b = x;
		break;
	}
	return (uint32_t)((r + m) * 255 + 0.5) << 16 | (uint32_t)((g + m) * 255 + 0.5) << 8 |
	       (uint32_t)((b + m) * 255 + 0.5);
}

/* ---- states -------------------------------------------------------------- */

/* Whether a GPU VM maps @o (its pages are translatable while resident). */
static bool gpu_mapped(const struct sim *s, const struct shm_object *o)
{
	uint32_t nvms = s->gpu && s->sc ? s->sc->nnames[SIM_K_VM] : 0;
	uint64_t va;

	for (uint32_t vm = 0; vm < nvms; vm++)
		if (!gpu_vm_va(s, vm, o->slot, &va))
			return true;
	return false;
}

static enum view_state object_class(const struct sim *s, const struct shm_object *o)
{
	if (o->madv < 0)
		return VS_PURGED;
	if (!o->pages || !o->nr_present)
		return VS_FREE;
	if (o->evicted)
		return VS_SWAP;
	if (o->vmap_use_count > 0)
		return VS_VMAPPED;
	if (o->pages_pin_count > 0)
		return VS_PINNED;
	if (o->madv > 0)
		return VS_DONTNEED;
	if (gpu_mapped(s, o))
		return VS_GPU;
	return VS_RESIDENT;
}

enum view_state view_object_state(struct sim *s, uint32_t bo)
{
	const struct shm_object *o = shm_get(s, bo);

	return o ? object_class(s, o) : VS_FREE;
}

/* mmapped wins over the weak states only: a pin or vmap says more */
static bool mmap_shows(enum view_state cls)
{
	return cls == VS_RESIDENT || cls == VS_GPU;
}

enum view_state view_page_state(struct sim *s, uint32_t bo, uint64_t page)
{
	const struct shm_object *o = shm_get(s, bo);
	enum view_state cls;

	if (!o)
		return VS_FREE;
	cls = object_class(s, o);
	if (cls == VS_PURGED)
		return cls;
	if (cls == VS_FREE || page >= o->npages || o->pages[page] == PG_OWNER_FREE)
		return VS_FREE;
	if (mmap_shows(cls) && o->nr_vmas && shm_page_cpu_mapped(s, bo, page))
		return VS_MMAPPED;
	return cls;
}

/* ---- the picture's model ------------------------------------------------- */

int view_model_init(struct view_model *m, const struct sim *s)
{
	memset(m, 0, sizeof(*m));
	m->nframes = s->cfg.ram_pages;
	m->nslots = s->cfg.swap_pages;
	m->fstate = calloc(m->nframes ? m->nframes : 1, 1);
	m->sstate = calloc(m->nslots ? m->nslots : 1, 1);
	if (!m->fstate || !m->sstate) {
		view_model_fini(m);
		return GEMSIM_ENOMEM;
	}
	return 0;
}

void view_model_fini(struct view_model *m)
{
	free(m->fstate);
	free(m->sstate);
	free(m->ostate);
	memset(m, 0, sizeof(*m));
}

int view_model_update(struct view_model *m, struct sim *s)
{
	const uint32_t *fo = pg_frame_owners(s), *so = pg_slot_owners(s);
	uint32_t nobjs = shm_slot_count(s);

	if (nobjs > m->nobjs) {
		uint8_t *p = realloc(m->ostate, nobjs);

		if (!p)
			return GEMSIM_ENOMEM;
		m->ostate = p;
		m->nobjs = nobjs;
	}
	for (uint32_t bo = 0; bo < nobjs; bo++) {
		const struct shm_object *o = shm_get(s, bo);

		m->ostate[bo] = o ? (uint8_t)object_class(s, o) : VS_FREE;
	}
	/* what an object's frames show: its class, resident ones only (an
	 * imported object's frames belong to its exporter) */
	for (uint32_t bo = 0; bo < nobjs; bo++)
		if (m->ostate[bo] < VS_RESIDENT || m->ostate[bo] > VS_VMAPPED)
			m->ostate[bo] |= 0x80;
	for (uint64_t f = 0; f < m->nframes; f++) {
		uint32_t ow = fo[f];
		uint8_t st;

		if (ow >= PG_OWNER_LEAKED)
			st = ow == PG_OWNER_FREE  ? VS_FREE :
			     ow == PG_OWNER_OTHER ? VS_OTHER :
						    VS_LEAKED;
		else if (ow < nobjs && !(m->ostate[ow] & 0x80))
			st = m->ostate[ow];
		else
			st = VS_RESIDENT;
		m->fstate[f] = st;
	}
	for (uint32_t bo = 0; bo < nobjs; bo++)
		m->ostate[bo] &= 0x7f;
	/* pages faulted into a CPU page table, object by object */
	for (uint32_t bo = 0; bo < nobjs; bo++) {
		const struct shm_object *o = shm_get(s, bo);

		if (!o || !o->nr_vmas || !mmap_shows((enum view_state)m->ostate[bo]))
			continue;
		for (uint64_t i = 0; i < o->npages; i++)
			if (o->pages[i] != PG_OWNER_FREE && o->pages[i] < m->nframes &&
			    shm_page_cpu_mapped(s, bo, i))
				m->fstate[o->pages[i]] = VS_MMAPPED;
	}
	/* four interleaved tallies: no store-to-load chain on long runs of one state */
	uint64_t c4[4][VS_COUNT] = { { 0 } };
	uint64_t f = 0;

	for (; f + 4 <= m->nframes; f += 4) {
		c4[0][m->fstate[f]]++;
		c4[1][m->fstate[f + 1]]++;
		c4[2][m->fstate[f + 2]]++;
		c4[3][m->fstate[f + 3]]++;
	}
	for (; f < m->nframes; f++)
		c4[0][m->fstate[f]]++;
	for (int st = 0; st < VS_COUNT; st++)
		m->count[st] = c4[0][st] + c4[1][st] + c4[2][st] + c4[3][st];
	for (uint64_t k = 0; k < m->nslots; k++)
		m->sstate[k] = (uint8_t)(so[k] == PG_OWNER_FREE   ? VS_FREE :
					 so[k] == PG_OWNER_LEAKED ? VS_LEAKED :
								    VS_SWAP);
	m->count[VS_SWAP] = m->nslots - pg_free_slots(s);
	return 0;
}

/* ---- effects ------------------------------------------------------------- */

int view_fx_init(struct view_fx *fx, const struct sim *s)
{
	memset(fx, 0, sizeof(*fx));
	fx->nframes = s->cfg.ram_pages;
	fx->gone_at = calloc(fx->nframes ? fx->nframes : 1, sizeof(*fx->gone_at));
	fx->gone_state = calloc(fx->nframes ? fx->nframes : 1, 1);
	if (!fx->gone_at || !fx->gone_state) {
		view_fx_fini(fx);
		return GEMSIM_ENOMEM;
	}
	return 0;
}

void view_fx_fini(struct view_fx *fx)
{
	free(fx->gone_at);
	free(fx->gone_state);
	free(fx->scan_at);
	free(fx->swapin_at);
	free(fx->evict_at);
	memset(fx, 0, sizeof(*fx));
}

static bool fx_grow(struct view_fx *fx, uint32_t bo)
{
	uint32_t n = fx->nobjs ? fx->nobjs : 64;
	sim_ns *a, *b, *c;

	if (bo < fx->nobjs)
		return true;
	while (n <= bo)
		n *= 2;
	a = realloc(fx->scan_at, n * sizeof(*a));
	if (a)
		fx->scan_at = a;
	b = realloc(fx->swapin_at, n * sizeof(*b));
	if (b)
		fx->swapin_at = b;
	c = realloc(fx->evict_at, n * sizeof(*c));
	if (c)
		fx->evict_at = c;
	if (!a || !b || !c) {
		fx->oom = true;
		return false;
	}
	memset(a + fx->nobjs, 0, (n - fx->nobjs) * sizeof(*a));
	memset(b + fx->nobjs, 0, (n - fx->nobjs) * sizeof(*b));
	memset(c + fx->nobjs, 0, (n - fx->nobjs) * sizeof(*c));
	fx->nobjs = n;
	return true;
}

/* The object's pages are about to leave RAM: remember each frame's colour. */
static void fx_gone(struct view_fx *fx, struct sim *s, const struct shm_object *o, bool purge)
{
	enum view_state cls = object_class(s, o);
	bool fly = !purge && o->nr_present <= VIEW_MOVERS / 4;

	for (uint64_t i = 0; i < o->npages; i++) {
		uint32_t f = o->pages[i];
		uint8_t st = (uint8_t)cls;

		if (f == PG_OWNER_FREE || f >= fx->nframes)
			continue;
		if (mmap_shows(cls) && o->nr_vmas && shm_page_cpu_mapped(s, o->slot, i))
			st = VS_MMAPPED;
		fx->gone_at[f] = s->now + 1;
		fx->gone_state[f] = (uint8_t)(st | (purge ? 0x80 : 0));
		if (fly) {
			struct view_mover *mv = &fx->movers[fx->nmovers++ % VIEW_MOVERS];

			*mv = (struct view_mover){ .bo = o->slot,
						   .page = i,
						   .frame = f,
						   .slot = SIM_NONE,
						   .state = st,
						   .at = s->now };
		}
	}
	fx->gone_last = s->now;
}

/*
 * A GPU fault names a VM and an address: find the object mapped there, so
 * the page flashes as a CPU fault's does.  Only on faults, so a scan of
 * the objects is fine.  Returns: false when nothing is mapped there.
 */
static bool gpu_fault_page(struct sim *s, uint32_t vm, uint64_t va, uint32_t *bo, uint64_t *page)
{
	uint32_t n = shm_slot_count(s);

	for (uint32_t b = 0; b < n; b++) {
		const struct shm_object *o = shm_get(s, b);
		uint64_t start;

		if (!o || gpu_vm_va(s, vm, b, &start) || va < start)
			continue;
		if ((va - start) / s->cfg.page_size < o->npages) {
			*bo = b;
			*page = (va - start) / s->cfg.page_size;
			return true;
		}
	}
	return false;
}

void view_fx_observe(void *ctx, struct sim *s, enum sim_obs what, uint32_t bo, uint64_t arg)
{
	struct view_fx *fx = ctx;
	const struct shm_object *o;

	if (fx && what == SIM_OBS_GPU_FAULT) {
		uint32_t fb;
		uint64_t page;

		if (gpu_fault_page(s, bo, arg, &fb, &page))
			fx->faults[fx->nfaults++ % VIEW_FAULTS] =
				(struct view_fault){ .bo = fb, .page = page, .at = s->now };
		return;
	}
	o = bo == SIM_NONE ? NULL : shm_get(s, bo);
	if (!fx || !o || !fx_grow(fx, bo))
		return;
	switch (what) {
	case SIM_OBS_EVICT:
		fx_gone(fx, s, o, false);
		fx->evict_at[bo] = s->now + 1;
		break;
	case SIM_OBS_PURGE:
		if (o->pages && !o->evicted)
			fx_gone(fx, s, o, true);
		break;
	case SIM_OBS_SWAPIN: fx->swapin_at[bo] = s->now + 1; break;
	case SIM_OBS_CPU_FAULT:
		fx->faults[fx->nfaults++ % VIEW_FAULTS] =
			(struct view_fault){ .bo = bo, .page = arg, .at = s->now };
		return;
	case SIM_OBS_SCAN_VISIT: fx->scan_at[bo] = s->now + 1; break;
	default: return;
	}
	fx->obj_last = s->now;
}

void view_fx_resolve(struct view_fx *fx, struct sim *s)
{
	uint32_t lo = fx->nmovers > VIEW_MOVERS ? fx->nmovers - VIEW_MOVERS : 0;

	if (fx->movers_resolved > lo)
		lo = fx->movers_resolved;
	for (uint32_t i = lo; i < fx->nmovers; i++) {
		struct view_mover *mv = &fx->movers[i % VIEW_MOVERS];
		const struct shm_object *o = shm_get(s, mv->bo);

		if (o && o->pages && o->evicted && mv->page < o->npages)
			mv->slot = o->pages[mv->page];
	}
	fx->movers_resolved = fx->nmovers;
}

/* ---- layout -------------------------------------------------------------- */

/*
 * The fonts for a @w x @h picture: 1080 lines give 26 px body text, 22 px
 * the smallest, readable from the back of a room; never so large that the
 * bands leave no map.
 */
static void layout_fonts(struct view_layout *l, int w, int h, double scale)
{
	int f = (int)(h / 42.0 * (scale > 0 ? scale : 1.0) + 0.5);

	if (f < 10)
		f = 10;
	if (f > 72)
		f = 72;
	if (f > w / 40)
		f = w / 40 > 10 ? w / 40 : 10;
	if (f > h / 24)
		f = h / 24 > 10 ? h / 24 : 10;
	l->font = f;
	l->font_big = f * 4 / 3;
	l->font_small = f * 17 / 20 > 9 ? f * 17 / 20 : 9;
	/* a larger --font-scale never costs the maps their names */
	l->font_label = (int)(h / 42.0 * 17 / 20 + 0.5);
	if (l->font_label > l->font_small)
		l->font_label = l->font_small;
	if (l->font_label < 9)
		l->font_label = 9;
	l->pad = f / 2 > 4 ? f / 2 : 4;
}

/* RAM and swap maps share main, each under a label line, by their sizes. */
static void layout_maps(struct view_layout *l, int line, uint64_t nframes, uint64_t nslots)
{
	int lo = l->main.h - 2 * line - l->pad, ram_h;

	if (lo < 2)
		lo = 2;
	ram_h = lo;
	if (nslots) {
		double share = (double)nframes / (double)(nframes + nslots);

		if (share < 0.55)
			share = 0.55;
		if (share > 0.78)
			share = 0.78;
		ram_h = (int)(lo * share);
	}
	l->ram = (struct view_rect){ l->main.x, l->main.y + line, l->main.w, ram_h };
	if (nslots)
		l->swap = (struct view_rect){ l->main.x, l->ram.y + ram_h + l->pad + line,
					      l->main.w, lo - ram_h };
}

void view_layout_compute(struct view_layout *l, int w, int h, double scale, uint64_t nframes,
			 uint64_t nslots, const struct view_layout_need *need)
{
	static const struct view_layout_need none;
	int f, pad, side_w, line, y, bottom, log_h, log_min;

	if (!need)
		need = &none;
	memset(l, 0, sizeof(*l));
	if (w < 320)
		w = 320;
	if (h < 200)
		h = 200;
	l->w = w;
	l->h = h;
	layout_fonts(l, w, h, scale);
	f = l->font;
	pad = l->pad;
	line = f * 13 / 10;

	/* bands from the top: title bar, caption band, divergence strip */
	l->top = (struct view_rect){ 0, 0, w, need->top_h ? need->top_h : l->font_big * 2 };
	y = l->top.h;
	if (need->caption_h) {
		l->caption = (struct view_rect){ 0, y, w, need->caption_h + 2 * pad };
		y += l->caption.h;
	}
	if (need->strip_h) {
		l->strip = (struct view_rect){ pad, y + pad, w - 2 * pad, need->strip_h + pad };
		y += l->strip.h + pad;
	}
	y += pad;
	/* the timeline at the bottom: ticks, bar, and its labels under the bar */
	l->timeline = (struct view_rect){ pad, h - pad - f * 2, w - 2 * pad, f * 2 };
	bottom = l->timeline.y - pad;

	side_w = w * 27 / 100;
	if (side_w < f * 12)
		side_w = f * 12;
	if (side_w < need->side_w)
		side_w = need->side_w;
	if (side_w > w / 2)
		side_w = w / 2;
	l->side = (struct view_rect){ w - side_w - pad, y, side_w, bottom - y };

	/* the log: five lines where there is room, never less than the banner
	 * needs, never more than a quarter of the body: the maps come first */
	log_h = line * 5 + pad;
	log_min = need->log_min_h > line * 2 + pad ? need->log_min_h : line * 2 + pad;
	if (log_h > (bottom - y) / 4)
		log_h = (bottom - y) / 4;
	if (log_h < log_min)
		log_h = log_min;
	l->log = (struct view_rect){ pad, bottom - log_h, l->side.x - 2 * pad, log_h };
	l->main = (struct view_rect){ pad, y, l->side.x - 2 * pad, l->log.y - pad - y };
	layout_maps(l, line, nframes, nslots);
}
