/*
 * viewer/model.c - page states, colours, effects and the map rasteriser of
 * gemsim-view, with no SDL: the test runner checks them pixel by pixel.
 * See view.h for the states and why effects run on simulated time.
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
	[VS_PURGED] = { "purged", 0x5c2330 },
};

static const uint32_t ui[VC_COUNT] = {
	[VC_BG] = 0x0f1218,
	[VC_PANEL] = 0x181d26,
	[VC_TEXT] = 0xf2f4f8,
	[VC_DIM] = 0x9aa3b2,
	[VC_ACCENT] = 0x56b4e9,
	[VC_SCAN] = 0xffffff,
	[VC_FLASH] = 0xffffff,
	[VC_BAD] = 0xd7263d,
	[VC_WARN] = 0xf0e442,
	[VC_ERR] = 0xe69f00,
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
		"free", "other", "resident", "gpu", "mmapped", "purgeable", "pinned",
		"vmapped", "swap", "purged",
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
	case 0: r = c; g = x; break;
	case 1: r = x; g = c; break;
	case 2: g = c; b = x; break;
	case 3: g = x; b = c; break;
	case 4: r = x; b = c; break;
	default: r = c; b = x; break;
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

		if (ow >= PG_OWNER_OTHER)
			st = ow == PG_OWNER_FREE ? VS_FREE : VS_OTHER;
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
		m->sstate[k] = (uint8_t)(so[k] == PG_OWNER_FREE ? VS_FREE : VS_SWAP);
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

			*mv = (struct view_mover){ .bo = o->slot, .page = i, .frame = f,
						   .slot = SIM_NONE, .state = st, .at = s->now };
		}
	}
	fx->gone_last = s->now;
}

/*
 * A GPU fault names a VM and an address: find the object mapped there, so
 * the page flashes as a CPU fault's does.  Only on faults, so a scan of
 * the objects is fine.  Returns: false when nothing is mapped there.
 */
static bool gpu_fault_page(struct sim *s, uint32_t vm, uint64_t va, uint32_t *bo,
			   uint64_t *page)
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
	case SIM_OBS_SWAPIN:
		fx->swapin_at[bo] = s->now + 1;
		break;
	case SIM_OBS_CPU_FAULT:
		fx->faults[fx->nfaults++ % VIEW_FAULTS] =
			(struct view_fault){ .bo = bo, .page = arg, .at = s->now };
		return;
	case SIM_OBS_SCAN_VISIT:
		fx->scan_at[bo] = s->now + 1;
		break;
	default:
		return;
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

/* ---- grid ---------------------------------------------------------------- */

void view_grid_fit(struct view_grid *g, int x, int y, int w, int h, uint64_t n)
{
	memset(g, 0, sizeof(*g));
	g->x = x;
	g->y = y;
	g->w = w > 0 ? w : 0;
	g->h = h > 0 ? h : 0;
	g->n = n;
	if (!n || g->w < 1 || g->h < 1)
		return;

	uint64_t area = (uint64_t)g->w * (uint64_t)g->h;
	int c = (int)sqrt((double)area / (double)n) + 1;

	if (c > g->h)
		c = g->h;
	if (c > g->w)
		c = g->w;
	for (; c >= 1; c--) {
		uint64_t cols = (uint64_t)(g->w / c), rows = (n + cols - 1) / cols;

		if (rows * (uint64_t)c <= (uint64_t)g->h)
			break;
	}
	if (c >= 1) {
		g->cell = c;
		g->gap = c >= 14 ? 2 : c >= 5 ? 1 : 0;
		g->cols = g->w / c;
		g->rows = (int)((n + (uint64_t)g->cols - 1) / (uint64_t)g->cols);
		/* centre the used width in the box */
		g->x += (g->w - g->cols * c) / 2;
		return;
	}
	g->per = (n + area - 1) / area;
	g->cols = g->w;
	g->rows = (int)(((n + g->per - 1) / g->per + (uint64_t)g->w - 1) / (uint64_t)g->w);
}

bool view_grid_cell_rect(const struct view_grid *g, uint64_t i, int *x, int *y, int *w, int *h)
{
	if (i >= g->n || !g->cols)
		return false;
	if (g->cell) {
		*x = g->x + (int)(i % (uint64_t)g->cols) * g->cell;
		*y = g->y + (int)(i / (uint64_t)g->cols) * g->cell;
		*w = *h = g->cell - g->gap;
	} else {
		uint64_t p = i / g->per;

		*x = g->x + (int)(p % (uint64_t)g->cols);
		*y = g->y + (int)(p / (uint64_t)g->cols);
		*w = *h = 1;
	}
	return true;
}

uint64_t view_grid_hit(const struct view_grid *g, int px, int py)
{
	uint64_t i;

	if (!g->cols || px < g->x || py < g->y)
		return UINT64_MAX;
	if (g->cell) {
		int cx = (px - g->x) / g->cell, cy = (py - g->y) / g->cell;

		if (cx >= g->cols)
			return UINT64_MAX;
		i = (uint64_t)cy * (uint64_t)g->cols + (uint64_t)cx;
	} else {
		if (px - g->x >= g->cols)
			return UINT64_MAX;
		i = ((uint64_t)(py - g->y) * (uint64_t)g->cols + (uint64_t)(px - g->x)) * g->per;
	}
	return i < g->n ? i : UINT64_MAX;
}

/* ---- rasteriser ---------------------------------------------------------- */

/* How far into its effect an event at @at is: 0..256, or -1 when not active. */
static int fx_phase(const struct view_paint *p, sim_ns at_plus1)
{
	sim_ns at;

	if (!at_plus1)
		return -1;
	at = at_plus1 - 1;
	if (at > p->now || p->now - at >= p->window)
		return -1;
	return (int)((p->now - at) * 256 / p->window);
}

static uint32_t base_rgb(const struct view_paint *p, uint64_t f, uint32_t owner)
{
	enum view_state st = (enum view_state)p->m->fstate[f];

	if (p->by == VIEW_BY_OWNER && owner < PG_OWNER_OTHER)
		return view_owner_rgb(owner);
	return view_state_rgb(st);
}

uint32_t view_frame_rgb(const struct view_paint *p, uint64_t f)
{
	const uint32_t *fo = pg_frame_owners(p->s);
	const struct view_fx *fx = p->fx;
	uint32_t ow = fo[f], c = base_rgb(p, f, ow);
	int ph;

	if (!fx || f >= fx->nframes)
		return c;
	if (ow >= PG_OWNER_OTHER) {
		/* emptied by evict or purge: fade from what it was */
		if ((ph = fx_phase(p, fx->gone_at[f])) >= 0) {
			uint8_t gs = fx->gone_state[f];
			uint32_t was = view_state_rgb((enum view_state)(gs & 0x7f));

			if (gs & 0x80) /* purged: gone through black */
				return ph < 128 ? view_mix(was, 0x000000, (unsigned)ph * 2)
						: view_mix(0x000000, c, (unsigned)(ph - 128) * 2);
			return view_mix(was, c, (unsigned)ph);
		}
		return c;
	}
	if (ow < fx->nobjs) {
		/*
		 * Effects tint, never replace: under churn they run all the time,
		 * and the state colour must still read from the back of the room.
		 * A swap-in starts half way to white, a shrinker visit a fifth of
		 * the way to its blue.
		 */
		if ((ph = fx_phase(p, fx->swapin_at[ow])) >= 0)
			c = view_mix(c, view_ui_rgb(VC_FLASH), (unsigned)(256 - ph) / 2);
		if ((ph = fx_phase(p, fx->scan_at[ow])) >= 0)
			c = view_mix(c, view_ui_rgb(VC_SCAN), (unsigned)(256 - ph) / 5);
	}
	return c;
}

static void fill(uint32_t *px, int pitch, int x, int y, int w, int h, uint32_t argb)
{
	for (int j = 0; j < h; j++) {
		uint32_t *row = px + (size_t)(y + j) * (size_t)pitch + x;

		for (int i = 0; i < w; i++)
			row[i] = argb;
	}
}

static void outline(uint32_t *px, int pitch, int x, int y, int w, int h, int t, uint32_t argb)
{
	fill(px, pitch, x, y, w, t, argb);
	fill(px, pitch, x, y + h - t, w, t, argb);
	fill(px, pitch, x, y, t, h, argb);
	fill(px, pitch, x + w - t, y, t, h, argb);
}

static bool fx_active(const struct view_paint *p)
{
	const struct view_fx *fx = p->fx;

	return fx && (fx->gone_last + p->window > p->now || fx->obj_last + p->window > p->now);
}

/* Fault flashes: a few cells, drawn over the base picture. */
static void raster_faults(const struct view_paint *p, const struct view_grid *g, uint32_t *px,
			  int pitch)
{
	const struct view_fx *fx = p->fx;
	uint32_t n = fx->nfaults < VIEW_FAULTS ? fx->nfaults : VIEW_FAULTS;

	for (uint32_t k = 0; k < n; k++) {
		const struct view_fault *e = &fx->faults[(fx->nfaults - 1 - k) % VIEW_FAULTS];
		const struct shm_object *o;
		int ph = fx_phase(p, e->at + 1), x, y, w, h;

		if (ph < 0)
			continue;
		o = shm_get(p->s, e->bo);
		if (!o || !o->pages || o->evicted || e->page >= o->npages ||
		    o->pages[e->page] == PG_OWNER_FREE)
			continue;
		if (!view_grid_cell_rect(g, o->pages[e->page], &x, &y, &w, &h))
			continue;

		uint32_t c = view_mix(view_ui_rgb(VC_FLASH), view_frame_rgb(p, o->pages[e->page]),
				      (unsigned)ph);

		if (g->cell >= 5 && ph < 160) {
			/* a ring around the cell, so a flash reads even on a light state */
			int r = g->gap > 1 ? 2 : 1;

			if (x - r >= g->x && y - r >= g->y)
				outline(px, pitch, x - r, y - r, w + 2 * r, h + 2 * r, r,
					VIEW_ARGB(view_ui_rgb(VC_FLASH)));
		}
		fill(px, pitch, x, y, w, h, VIEW_ARGB(c));
	}
}

/*
 * The ring a swapped-in or visited object's cells get instead of a tint
 * (white for a swap-in, the scan's blue for a visit), or 0 when neither is
 * running: under churn these run all the time, and a tint would hide the
 * state colour a room reads the map by.
 */
static uint32_t obj_ring(const struct view_paint *p, uint32_t ow)
{
	const struct view_fx *fx = p->fx;

	if (ow >= fx->nobjs)
		return 0;
	if (fx_phase(p, fx->swapin_at[ow]) >= 0)
		return VIEW_ARGB(view_ui_rgb(VC_FLASH));
	if (fx_phase(p, fx->scan_at[ow]) >= 0)
		return VIEW_ARGB(view_ui_rgb(VC_SCAN));
	return 0;
}

/* Whether frame @f has an effect running (then view_frame_rgb() paints it). */
static inline bool frame_fx(const struct view_paint *p, bool gone, bool objs, const uint32_t *fo,
			    uint64_t f)
{
	const struct view_fx *fx = p->fx;

	if (p->m->fstate[f] <= VS_OTHER)
		return gone && fx_phase(p, fx->gone_at[f]) >= 0;
	if (objs) {
		uint32_t ow = fo[f];

		return ow < fx->nobjs &&
		       (fx_phase(p, fx->scan_at[ow]) >= 0 || fx_phase(p, fx->swapin_at[ow]) >= 0);
	}
	return false;
}

void view_raster_frames(const struct view_paint *p, const struct view_grid *g,
			uint32_t *px, int pitch)
{
	const struct view_model *m = p->m;
	const uint32_t *fo = pg_frame_owners(p->s);
	const uint8_t *fs = m->fstate;
	bool fx = fx_active(p), by_owner = p->by == VIEW_BY_OWNER;
	bool gone = fx && p->fx->gone_last + p->window > p->now;
	bool objs = fx && p->fx->obj_last + p->window > p->now;
	uint32_t pal[VS_COUNT];

	if (!g->cols)
		return;
	for (int i = 0; i < VS_COUNT; i++)
		pal[i] = VIEW_ARGB(view_state_rgb((enum view_state)i));
	if (g->cell) {
		int cw = g->cell - g->gap;
		uint32_t hl = VIEW_ARGB(view_ui_rgb(VC_TEXT));

		for (uint64_t f = 0; f < g->n; f++) {
			int x = g->x + (int)(f % (uint64_t)g->cols) * g->cell;
			int y = g->y + (int)(f / (uint64_t)g->cols) * g->cell;
			uint32_t c = by_owner ? VIEW_ARGB(base_rgb(p, f, fo[f])) : pal[fs[f]];
			uint32_t ring = 0;

			if (fx && frame_fx(p, gone, objs, fo, f)) {
				/*
				 * An object's cells keep their state colour: a ring on
				 * big cells, on small ones a light tint for a swap-in
				 * and nothing for a visit (rings would be all one saw).
				 */
				ring = fo[f] < PG_OWNER_OTHER ? obj_ring(p, fo[f]) : 0;
				if (!ring)
					c = VIEW_ARGB(view_frame_rgb(p, f));
				else if (cw < 10 && ring == VIEW_ARGB(view_ui_rgb(VC_FLASH)))
					c = VIEW_ARGB(view_mix(c & 0xffffff, view_ui_rgb(VC_FLASH), 64));
				if (cw < 10)
					ring = 0;
			}
			if (cw == 1)
				px[(size_t)y * (size_t)pitch + (size_t)x] = c;
			else
				fill(px, pitch, x, y, cw, cw, c);
			if (ring)
				outline(px, pitch, x, y, cw, cw, cw >= 16 ? 2 : 1, ring);
			if (p->highlight != SIM_NONE && fo[f] == p->highlight && cw >= 6)
				outline(px, pitch, x, y, cw, cw, cw >= 16 ? 2 : 1, hl);
		}
	} else {
		uint64_t per = g->per;
		uint64_t npx = (g->n + per - 1) / per;

		for (uint64_t i = 0; i < npx; i++) {
			uint64_t lo = i * per, hi = lo + per < g->n ? lo + per : g->n;
			unsigned best;
			uint32_t c;

			if (hi - lo <= 2) {
				/* one or two frames: the stronger state (the tie rule) */
				best = fs[lo];
				if (hi - lo == 2 && fs[lo + 1] > best)
					best = fs[lo + 1];
			} else {
				uint32_t cnt[VS_COUNT] = { 0 };

				best = VS_FREE;
				for (uint64_t f = lo; f < hi; f++)
					cnt[fs[f]]++;
				/* the most frequent state; a tie goes to the stronger one */
				for (unsigned st = 0; st < VS_COUNT; st++)
					if (cnt[st] >= cnt[best] && cnt[st])
						best = st;
			}
			c = pal[best];
			if (by_owner) {
				uint64_t f = lo;

				while (f < hi && fs[f] != best)
					f++;
				c = VIEW_ARGB(base_rgb(p, f < hi ? f : lo, fo[f < hi ? f : lo]));
			}
			if (fx)
				for (uint64_t f = lo; f < hi; f++)
					if (frame_fx(p, gone, objs, fo, f)) {
						c = VIEW_ARGB(view_frame_rgb(p, f));
						break;
					}
			px[(size_t)(g->y + (int)(i / (uint64_t)g->cols)) * (size_t)pitch +
			   (size_t)g->x + (size_t)(i % (uint64_t)g->cols)] = c;
		}
	}
	if (p->fx)
		raster_faults(p, g, px, pitch);
}

void view_raster_slots(const struct view_paint *p, const struct view_grid *g,
		       uint32_t *px, int pitch)
{
	const struct view_model *m = p->m;
	const uint32_t *so = pg_slot_owners(p->s);
	const struct view_fx *fx = p->fx;

	if (!g->cols || !so)
		return;
	for (uint64_t i = 0, npx = g->cell ? g->n : (g->n + g->per - 1) / g->per; i < npx; i++) {
		uint64_t k = g->cell ? i : i * g->per, hi = g->cell ? k + 1 : k + g->per;
		uint32_t ow = PG_OWNER_FREE, c;

		if (hi > g->n)
			hi = g->n;
		/* aggregate: a pixel shows swap if any slot under it is used */
		for (uint64_t j = k; j < hi && ow == PG_OWNER_FREE; j++)
			ow = so[j];
		if (ow == PG_OWNER_FREE)
			c = view_state_rgb(VS_FREE);
		else if (p->by == VIEW_BY_OWNER)
			c = view_owner_rgb(ow);
		else
			c = view_state_rgb(VS_SWAP);
		if (fx && ow < fx->nobjs) {
			int ph = fx_phase(p, fx->evict_at[ow]);

			if (ph >= 0) /* just arrived: glow from light to its colour */
				c = view_mix(view_ui_rgb(VC_FLASH), c, 128 + (unsigned)ph / 2);
		}
		(void)m;
		if (g->cell) {
			int x = g->x + (int)(i % (uint64_t)g->cols) * g->cell;
			int y = g->y + (int)(i / (uint64_t)g->cols) * g->cell;

			fill(px, pitch, x, y, g->cell - g->gap, g->cell - g->gap, VIEW_ARGB(c));
		} else {
			px[(size_t)(g->y + (int)(i / (uint64_t)g->cols)) * (size_t)pitch +
			   (size_t)g->x + (size_t)(i % (uint64_t)g->cols)] = VIEW_ARGB(c);
		}
	}
}

/* ---- layout -------------------------------------------------------------- */

void view_layout_compute(struct view_layout *l, int w, int h, double scale,
			 uint64_t nframes, uint64_t nslots)
{
	int f, pad, side_w, line, lo;

	memset(l, 0, sizeof(*l));
	if (w < 320)
		w = 320;
	if (h < 200)
		h = 200;
	l->w = w;
	l->h = h;
	/* 1080 lines: 26 px body text, 22 px the smallest, readable from the
	 * back of a room */
	f = (int)(h / 42.0 * (scale > 0 ? scale : 1.0) + 0.5);
	if (f < 10)
		f = 10;
	if (f > 72)
		f = 72;
	if (f > w / 40)
		f = w / 40 > 10 ? w / 40 : 10;
	l->font = f;
	l->font_big = f * 4 / 3;
	l->font_small = f * 17 / 20 > 9 ? f * 17 / 20 : 9;
	l->pad = pad = f / 2 > 4 ? f / 2 : 4;
	line = f * 13 / 10;

	l->top = (struct view_rect){ 0, 0, w, l->font_big * 2 };
	l->timeline = (struct view_rect){ pad, h - pad - f * 2, w - 2 * pad, f * 2 };
	side_w = w * 27 / 100;
	if (side_w < f * 15)
		side_w = f * 15;
	if (side_w > w * 45 / 100)
		side_w = w * 45 / 100;
	l->side = (struct view_rect){ w - side_w - pad, l->top.h,
				      side_w, l->timeline.y - pad - l->top.h };
	l->log = (struct view_rect){ pad, 0, l->side.x - 2 * pad, line * 5 + pad };
	l->log.y = l->timeline.y - pad - l->log.h;
	l->main = (struct view_rect){ pad, l->top.h, l->side.x - 2 * pad,
				      l->log.y - pad - l->top.h };

	/* RAM and swap maps share main, each under a label line */
	lo = l->main.h - 2 * line - pad;
	if (lo < 2)
		lo = 2;
	int ram_h = lo;

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
		l->swap = (struct view_rect){ l->main.x, l->ram.y + ram_h + pad + line,
					      l->main.w, lo - ram_h };
	l->caption = (struct view_rect){ l->main.x + l->main.w / 20,
					 l->main.y + l->main.h - l->font_big * 2 - pad,
					 l->main.w * 9 / 10, l->font_big * 2 };
}
