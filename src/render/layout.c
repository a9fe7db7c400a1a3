/* layout.c - pl_layout: events and a chart spec -> display list (timeline
 * and chronology layouts, lanes, legend, notes, footer, handout pages).
 * Nothing here draws; every text box is measured with pango (text_measure.c). */
#include "render/layout_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ELLIPSIS "\xE2\x80\xA6"

/* One dated (or undated) event being laid out. */
struct ev {
	const struct pl_event *e;
	struct when w;      /* whole period: date .. end of date_end */
	struct when first;  /* the period `date` names */
	bool dated, span;
	double tmark;       /* where the marker sits, days */
	double tsort;       /* order on the axis: start, or tmark for month/year dates */
	int lane;
	int type;           /* index into chart types */
	double x;           /* marker x */
	char *label;        /* sanitised full label (owned) */
	bool placed;        /* drawn with its own marker and label */
};

struct chart {
	const struct pl_chart_spec *spec;
	struct pl_diags *d;
	struct theme th;
	struct measurer *m;
	struct pl_display *dl;
	struct ev *ev;        /* dated, by time */
	size_t n;
	struct ev *und;       /* undated, in input order */
	size_t nund;
	char **keys;          /* lane keys as events name them (actor, code, place...) */
	size_t nkeys;
	int *keymap;          /* key -> display lane (folded keys -> the "Others" lane) */
	char **lanes;         /* display lane names; owned by dl->lanes at the end */
	size_t nlanes;
	size_t nexplicit;     /* lanes 0..nexplicit-1 were named by --lane-order */
	int others;           /* the "Others" lane, -1 if none */
	char **types;         /* distinct types in order of first appearance (borrowed) */
	int *tshape;
	size_t ntypes;
	double W, H, left, right;
	char f_label[128], f_bold[128], f_small[128], f_small_bold[128], f_italic[128],
	     f_title[128], f_sub[128];
	double h_label, h_small; /* line heights */
	bool color_by_type;
	uint32_t halo_rgb;    /* background under the labels being placed (lane band or paper) */
	bool any_planned, any_negated, any_span, any_fuzzy, any_badge;
	bool any_connector;   /* a meeting connector was drawn (timeline) */
	bool key_connector, key_cluster; /* the legend explains connectors, "+N" */
	bool key_bands;       /* ... and bars and shaded periods (a timeline draws them) */
	char *src_lines[2];   /* footer: "Sources: ..." lines, made once (footer_sources) */
	int nsrc_lines;
};

/* ---- Small helpers ---------------------------------------------------------- */

static uint32_t darker(uint32_t rgb)
{
	uint32_t r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
	return ((r * 6 / 10) << 16) | ((g * 6 / 10) << 8) | (b * 6 / 10);
}

/* A lane's colour: the palette in order; the "Others" lane is neutral. */
static uint32_t lane_color(const struct chart *c, int lane)
{
	if (lane < 0 || lane == c->others)
		return c->th.muted_rgb;
	return c->th.palette[(size_t)lane % c->th.npalette];
}

/* Light enough to vanish as a thin line on white (relative luminance). */
static bool light(uint32_t rgb)
{
	double r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
	return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255.0 > 0.75;
}

static uint32_t ev_color(const struct chart *c, const struct ev *v)
{
	if (c->color_by_type)
		return c->th.palette[(size_t)v->type % c->th.npalette];
	return lane_color(c, v->lane);
}

/* Copy of s with control characters as spaces and invalid bytes as U+FFFD
 * (text is valid UTF-8 after ingest, but labels reach us from callers too). */
static char *sanitize(const char *s)
{
	struct pl_buf b = PL_BUF_INIT;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = pl_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			pl_utf8_put(&b, 0xFFFD);
			i++;
			continue;
		}
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			pl_buf_putc(&b, ' ');
		else
			pl_buf_append(&b, s + i, (size_t)k);
		i += (size_t)k;
	}
	char *r = pl_buf_steal(&b);
	return r ? r : pl_strdup("");
}

static void text_ext_of(struct chart *c, const char *font, const char *s, struct text_ext *e)
{
	measure_text(c->m, font, s, strlen(s), e);
}

/* Add text fitted into max_w (shortened with an ellipsis if needed).  Returns
 * the item or NULL when nothing fits; *shortened tells whether it was cut. */
static struct pl_item *fit_text(struct chart *c, int page, double x, double y, const char *s,
				const char *font, double max_w, uint32_t rgb, const char *role,
				bool *shortened)
{
	struct text_ext e;
	char *t = measure_shorten(c->m, font, s, max_w, &e);
	if (!t)
		return NULL;
	if (shortened)
		*shortened = strcmp(t, s) != 0;
	struct pl_item *it = dl_text(c->dl, page, x, y, &e, t, font, rgb, role);
	free(t);
	return it;
}

static const char *lane_key(const struct chart *c, const struct pl_event *e, size_t actor)
{
	switch (c->spec->lanes) {
	case PL_LANES_ACTOR:
		return actor < e->nactors && e->actors[actor].name ? e->actors[actor].name : "Unattributed";
	case PL_LANES_COUNTRY:
		if (actor < e->nactors)
			return e->actors[actor].country ? e->actors[actor].country :
			       e->actors[actor].name ? e->actors[actor].name : "Unattributed";
		return "Unattributed";
	case PL_LANES_PLACE:
		return e->location && e->location->name ? e->location->name : "No place given";
	case PL_LANES_TYPE:
		return e->type ? e->type : "Other";
	case PL_LANES_TOPIC:
		return e->ntopics && e->topics[0] ? e->topics[0] : "No topic";
	default:
		return "";
	}
}

/* The actor whose lane holds the event: the first "source", else the first. */
static size_t primary_actor(const struct pl_event *e)
{
	for (size_t i = 0; i < e->nactors; i++)
		if (e->actors[i].role && strcmp(e->actors[i].role, "source") == 0)
			return i;
	return 0;
}

/* Index of a lane key, added when `add` (while preparing); -1 if absent. */
static int key_index(struct chart *c, const char *key, bool add)
{
	for (size_t i = 0; i < c->nkeys; i++)
		if (strcmp(c->keys[i], key) == 0)
			return (int)i;
	if (!add)
		return -1;
	char **v = realloc(c->keys, (c->nkeys + 1) * sizeof *v);
	if (!v)
		return -1;
	c->keys = v;
	v[c->nkeys] = pl_strdup(key);
	if (!v[c->nkeys])
		return -1;
	return (int)c->nkeys++;
}

/* The display lane of actor `a` of e (a participant's lane), -1 if none. */
static int lane_of_actor(struct chart *c, const struct pl_event *e, size_t a)
{
	int k = key_index(c, lane_key(c, e, a), false);
	return k < 0 ? -1 : c->keymap[k];
}

/* The shape fewest types of the chart use so far (the first of equals). */
static int least_used(const int use[NSHAPES_ALL])
{
	int best = 0;
	for (int k = 1; k < NSHAPES_ALL; k++)
		if (use[k] < use[best])
			best = k;
	return best;
}

static int type_index(struct chart *c, const char *type)
{
	const char *t = type ? type : "EVENT";
	for (size_t i = 0; i < c->ntypes; i++)
		if (strcasecmp(c->types[i], t) == 0)
			return (int)i;
	char **v = realloc(c->types, (c->ntypes + 1) * sizeof *v);
	if (!v)
		return -1;
	c->types = v;
	int *s = realloc(c->tshape, (c->ntypes + 1) * sizeof *s);
	if (!s)
		return -1;
	c->tshape = s;
	/* The table's shape unless another type of this chart has it; then the
	 * least used shape, so shape keeps encoding type within the chart. */
	int use[NSHAPES_ALL] = { 0 };
	for (size_t i = 0; i < c->ntypes; i++)
		use[c->tshape[i]]++;
	int sh = theme_shape(&c->th, t);
	if (sh < 0 || use[sh] > 0) {
		int best = least_used(use);
		if (sh < 0 || use[best] < use[sh])
			sh = best;
	}
	v[c->ntypes] = (char *)t;
	s[c->ntypes] = sh;
	return (int)c->ntypes++;
}

static int cmp_ev_time(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;
	if (x->tsort != y->tsort)
		return x->tsort < y->tsort ? -1 : 1;
	if (x->e->id != y->e->id)
		return x->e->id < y->e->id ? -1 : 1;
	return 0;
}

/* "15 Dec 2025", "14–15 Dec 2025", "by Dec 2025" for an event. */
static void event_date_text(const struct ev *v, struct pl_buf *out)
{
	const char *mod = v->e->date_mod;
	if (mod) {
		if (strcasecmp(mod, "BEFORE") == 0 || strcasecmp(mod, "ON_OR_BEFORE") == 0)
			pl_buf_puts(out, "by ");
		else if (strcasecmp(mod, "AFTER") == 0 || strcasecmp(mod, "ON_OR_AFTER") == 0)
			pl_buf_puts(out, "after ");
		else if (strcasecmp(mod, "APPROX") == 0)
			pl_buf_puts(out, "c. ");
	}
	struct when e;
	if (!v->span || !when_parse(v->e->date_end, &e)) {
		when_format(v->first.t0, v->first.prec, out);
		return;
	}
	/* Spans as editors write them: "14–15 Dec 2025", "28 Nov – 3 Dec 2025". */
	int y0, m0, d0, y1, m1, d1;
	pl_civil_from_days((int64_t)floor(v->first.t0), &y0, &m0, &d0);
	pl_civil_from_days((int64_t)floor(e.t0), &y1, &m1, &d1);
	if (v->first.prec == PL_PREC_DAY && e.prec == PL_PREC_DAY && y0 == y1) {
		if (m0 == m1)
			pl_buf_printf(out, "%d\xE2\x80\x93", d0);
		else {
			struct pl_buf t = PL_BUF_INIT;
			when_format(v->first.t0, PL_PREC_DAY, &t);
			/* drop the year: "28 Nov" */
			char *sp = t.p ? strrchr(t.p, ' ') : NULL;
			pl_buf_append(out, t.p ? t.p : "", sp ? (size_t)(sp - t.p) : t.len);
			pl_buf_puts(out, " \xE2\x80\x93 ");
			pl_buf_free(&t);
		}
		when_format(e.t0, PL_PREC_DAY, out);
		return;
	}
	when_format(v->first.t0, v->first.prec, out);
	pl_buf_puts(out, " \xE2\x80\x93 "); /* en dash */
	when_format(e.t0, e.prec, out);
}

/* Distinct outlets cited by the events, most cited first. */
struct outlet { const char *name; long n; };

static int cmp_outlet(const void *a, const void *b)
{
	const struct outlet *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->name, y->name);
}

static size_t collect_outlets(const struct ev *v, size_t n, struct outlet **out)
{
	size_t cap = 0, k = 0;
	struct outlet *o = NULL;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < v[i].e->nsources; j++) {
			const char *s = v[i].e->sources[j].source;
			if (!s || !*s)
				continue;
			size_t q = 0;
			while (q < k && strcmp(o[q].name, s) != 0)
				q++;
			if (q < k) {
				o[q].n++;
				continue;
			}
			if (k == cap) {
				cap = cap ? cap * 2 : 8;
				struct outlet *no = realloc(o, cap * sizeof *no);
				if (!no)
					break;
				o = no;
			}
			o[k].name = s;
			o[k].n = 1;
			k++;
		}
	if (k)
		qsort(o, k, sizeof *o, cmp_outlet);
	*out = o;
	return k;
}

static void event_tooltip(const struct ev *v, struct pl_buf *b)
{
	event_date_text(v, b);
	pl_buf_printf(b, " \xE2\x80\x94 %s", v->label);
	if (v->e->location && v->e->location->name)
		pl_buf_printf(b, " (%s)", v->e->location->name);
	pl_buf_printf(b, " [%s]", pl_event_status_name(v->e->status));
	for (size_t j = 0; j < v->e->nsources && j < 8; j++) {
		const struct pl_event_source *s = &v->e->sources[j];
		pl_buf_printf(b, "\n%s%s%s", s->source ? s->source : "",
			      s->source ? ": " : "", s->title ? s->title : s->article ? s->article : "");
	}
	if (v->e->nsources > 8)
		pl_buf_printf(b, "\n+%zu more sources", v->e->nsources - 8);
}

static const char *event_link(const struct pl_event *e)
{
	for (size_t j = 0; j < e->nsources; j++) {
		const char *a = e->sources[j].article;
		if (a && (strncmp(a, "http://", 7) == 0 || strncmp(a, "https://", 8) == 0))
			return a;
	}
	return NULL;
}

static void attach(struct pl_item *it, const struct ev *v)
{
	if (!it)
		return;
	it->event_id = v->e->id;
	it->lane = v->lane;
}

/* attach, plus the tooltip and source link (markers and event labels). */
static void attach_details(struct pl_display *dl, struct pl_item *it, const struct ev *v)
{
	if (!it)
		return;
	attach(it, v);
	struct pl_buf b = PL_BUF_INIT;
	event_tooltip(v, &b);
	if (!(it->tooltip = pl_buf_steal(&b)))
		dl->oom = true;
	it->link = dl_strdup(dl, event_link(v->e));
}

/* A marker for event v centred at (cx, cy). */
static struct pl_item *add_marker(struct chart *c, int page, const struct ev *v, double cx,
				  double cy, double size, const char *role)
{
	struct pl_item *it = dl_add(c->dl, PL_ITEM_MARKER, page);
	if (!it)
		return NULL;
	uint32_t col = ev_color(c, v);
	it->x = cx - size / 2;
	it->y = cy - size / 2;
	it->w = it->h = size;
	it->shape = (enum pl_marker_shape)c->tshape[v->type];
	enum pl_event_status st = v->e->status;
	it->hollow = st == PL_STATUS_PLANNED || st == PL_STATUS_HYPOTHETICAL;
	it->dashed = it->hollow;
	it->struck = st == PL_STATUS_NEGATED;
	it->fill = rgb_col(col, 1);
	it->has_fill = !it->hollow;
	/* a hollow marker is its outline: a light colour (Okabe-Ito yellow) would
	 * vanish on paper, so it takes the darker shade the filled ones use */
	it->stroke = rgb_col(it->hollow && !light(col) ? col : darker(col), 1);
	it->has_stroke = true;
	it->stroke_width = it->hollow ? 1.6 : 0.8;
	it->role = dl_strdup(c->dl, role);
	attach_details(c->dl, it, v);
	return it;
}

/* ---- Lanes ------------------------------------------------------------------- */

/* Display lanes from the keys: --lane-order first (a key or its shown name,
 * any case), then first appearance.  Country codes show as country names.
 * Sets keymap and turns every event's key index into its display lane. */
static int order_lanes(struct chart *c)
{
	const struct pl_chart_spec *sp = c->spec;
	size_t n = c->nkeys;
	char **names = calloc(n ? n : 1, sizeof *names);
	size_t *order = malloc((n ? n : 1) * sizeof *order);
	bool *taken = calloc(n ? n : 1, sizeof *taken);
	c->keymap = malloc((n ? n : 1) * sizeof *c->keymap);
	c->lanes = calloc(n ? n : 1, sizeof *c->lanes);
	int rc = -1;
	if (!names || !order || !taken || !c->keymap || !c->lanes)
		goto out;
	if (sp->lanes == PL_LANES_COUNTRY)
		country_names(sp->data_dir ? sp->data_dir : PARLEY_SRC_DATA_DIR, c->keys, n, names);
	size_t k = 0;
	for (size_t o = 0; o < sp->nlane_order; o++)
		for (size_t i = 0; i < n; i++)
			if (!taken[i] && sp->lane_order[o] &&
			    (strcasecmp(sp->lane_order[o], c->keys[i]) == 0 ||
			     (names[i] && strcasecmp(sp->lane_order[o], names[i]) == 0))) {
				taken[i] = true;
				order[k++] = i;
			}
	c->nexplicit = k;
	for (size_t i = 0; i < n; i++)
		if (!taken[i])
			order[k++] = i;
	for (size_t p = 0; p < n; p++) {
		size_t i = order[p];
		c->keymap[i] = (int)p;
		c->lanes[p] = names[i] ? names[i] : pl_strdup(c->keys[i]);
		names[i] = NULL;
		if (!c->lanes[p])
			goto out;
	}
	c->nlanes = n;
	for (size_t i = 0; i < c->n; i++)
		c->ev[i].lane = c->keymap[c->ev[i].lane];
	for (size_t i = 0; i < c->nund; i++)
		c->und[i].lane = c->keymap[c->und[i].lane];
	rc = 0;
out:
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	free(order);
	free(taken);
	return rc;
}

/* Fold lanes into one "Others" lane so that `keep` lanes remain (keep - 1 of
 * them real): the lanes named by --lane-order stay, then those with the most
 * events of their own on the axis (meetings they only join break ties: a
 * lane of participant dots goes before a lane with labels).
 * `shown` marks the lanes with anything on the axis.  A note names the
 * folded lanes.  -1 on OOM. */
static int fold_lanes(struct chart *c, const bool *shown, size_t keep)
{
	size_t n = c->nlanes;
	double *score = calloc(n, sizeof *score);
	int *newidx = malloc(n * sizeof *newidx);
	bool *kept = calloc(n, sizeof *kept);
	char **nl = calloc(keep, sizeof *nl);
	int rc = -1;
	if (!score || !newidx || !kept || !nl)
		goto out;
	bool multi = c->spec->lanes == PL_LANES_ACTOR || c->spec->lanes == PL_LANES_COUNTRY;
	for (size_t i = 0; i < c->n; i++) {
		const struct pl_event *e = c->ev[i].e;
		score[c->ev[i].lane] += 1000;
		for (size_t a = 0; multi && a < e->nactors; a++) {
			int L = lane_of_actor(c, e, a);
			if (L >= 0 && L != c->ev[i].lane)
				score[L] += 1;
		}
	}
	for (size_t L = 0; L < c->nexplicit && L < n; L++)
		score[L] += 1e12;
	/* keep - 1 best lanes (ties: the earlier lane) */
	for (size_t q = 0; q + 1 < keep; q++) {
		size_t best = n;
		for (size_t L = 0; L < n; L++)
			if (shown[L] && !kept[L] && (best == n || score[L] > score[best]))
				best = L;
		if (best == n)
			break;
		kept[best] = true;
	}
	size_t k = 0, nfold = 0;
	for (size_t L = 0; L < n; L++)
		if (kept[L]) {
			newidx[L] = (int)k;
			nl[k++] = c->lanes[L];
		}
	int others = (int)k;
	struct pl_buf b = PL_BUF_INIT;
	for (size_t L = 0; L < n; L++) {
		if (kept[L])
			continue;
		newidx[L] = others;
		if (shown[L]) {
			if (nfold < 8)
				pl_buf_printf(&b, "%s%s", nfold ? ", " : "", c->lanes[L]);
			nfold++;
		}
		free(c->lanes[L]);
	}
	if (nfold > 8)
		pl_buf_printf(&b, " and %zu more", nfold - 8);
	nl[k] = pl_strdup("Others");
	if (!nl[k]) {
		pl_buf_free(&b);
		for (size_t L = 0; L < n; L++)
			c->lanes[L] = NULL; /* moved into nl or freed */
		for (size_t j = 0; j < k; j++)
			free(nl[j]);
		goto out;
	}
	free(c->lanes);
	c->lanes = nl;
	nl = NULL;
	c->nlanes = k + 1;
	c->others = others;
	c->nexplicit = c->nexplicit < k ? c->nexplicit : k;
	for (size_t i = 0; i < c->nkeys; i++)
		c->keymap[i] = newidx[c->keymap[i]];
	for (size_t i = 0; i < c->n; i++)
		c->ev[i].lane = newidx[c->ev[i].lane];
	for (size_t i = 0; i < c->nund; i++)
		c->und[i].lane = newidx[c->und[i].lane];
	if (!b.oom)
		dl_note(c->dl, "%zu lanes with few events are folded into \"Others\" (grey): %s.", nfold, b.p);
	pl_buf_free(&b);
	rc = 0;
out:
	free(score);
	free(newidx);
	free(kept);
	free(nl);
	return rc;
}

/* ---- Preparing events ------------------------------------------------------ */

static int prepare(struct chart *c, const struct pl_events *in)
{
	c->ev = calloc(in->n, sizeof *c->ev);
	c->und = calloc(in->n ? in->n : 1, sizeof *c->und);
	if (!c->ev || !c->und)
		return -1;
	for (size_t i = 0; i < in->n; i++) {
		const struct pl_event *e = &in->v[i];
		struct ev v = { 0 };
		v.e = e;
		v.dated = when_parse(e->date, &v.w);
		v.first = v.w;
		if (v.dated) {
			struct when end;
			if (e->date_end && when_parse(e->date_end, &end) && end.t1 > v.w.t1) {
				v.w.t1 = end.t1;
				v.span = true;
			}
			v.tmark = v.first.prec >= PL_PREC_HOUR ? v.first.t0 : (v.first.t0 + v.first.t1) / 2;
			v.tsort = v.first.prec <= PL_PREC_MONTH && !v.span ? v.tmark : v.w.t0;
		}
		const char *lab = e->label && *e->label ? e->label : e->type ? e->type : "event";
		v.label = sanitize(lab);
		if (!v.label)
			return -1;
		if (v.dated)
			c->ev[c->n++] = v;
		else
			c->und[c->nund++] = v;
	}
	qsort(c->ev, c->n, sizeof *c->ev, cmp_ev_time);
	/* Lanes: the explicit order first (only lanes that occur), then first
	 * appearance in time; types in first appearance. */
	const struct pl_chart_spec *sp = c->spec;
	for (size_t k = 0; k < c->n + c->nund; k++) {
		struct ev *v = k < c->n ? &c->ev[k] : &c->und[k - c->n];
		const struct pl_event *e = v->e;
		bool multi = sp->lanes == PL_LANES_ACTOR || sp->lanes == PL_LANES_COUNTRY;
		size_t na = multi && e->nactors ? e->nactors : 1, pa = primary_actor(e);
		/* The primary actor's lane holds the event; the other participants'
		 * lanes exist too, for the meeting connectors. */
		for (size_t a = 0; a < na; a++) {
			size_t actor = a == 0 ? pa : (a <= pa ? a - 1 : a);
			int li = key_index(c, lane_key(c, e, actor), true);
			if (li < 0)
				return -1;
			if (a == 0)
				v->lane = li; /* a key index until the lanes are ordered */
		}
		if ((v->type = type_index(c, e->type)) < 0)
			return -1;
	}
	if (order_lanes(c) < 0)
		return -1;
	/* More types than shapes: distinct shapes cannot last, so the table's
	 * families decide (Offer and Proposal both triangles, Demand and Reject
	 * both downward), and the key names the types of each shape together. */
	if (c->ntypes > NSHAPES_ALL) {
		int use[NSHAPES_ALL] = { 0 };
		for (size_t i = 0; i < c->ntypes; i++)
			if ((c->tshape[i] = theme_shape(&c->th, c->types[i])) >= 0)
				use[c->tshape[i]]++;
		for (size_t i = 0; i < c->ntypes; i++)
			if (c->tshape[i] < 0) {
				c->tshape[i] = least_used(use);
				use[c->tshape[i]]++;
			}
	}
	for (size_t i = 0; i < c->n; i++) {
		const struct ev *v = &c->ev[i];
		c->any_planned |= v->e->status == PL_STATUS_PLANNED || v->e->status == PL_STATUS_HYPOTHETICAL;
		c->any_negated |= v->e->status == PL_STATUS_NEGATED;
		c->any_span |= v->span;
		c->any_fuzzy |= v->first.prec <= PL_PREC_MONTH;
		c->any_badge |= v->e->noutlets > 0 || v->e->narticles > 0;
	}
	return 0;
}

/* ---- Legend, notes, footer -------------------------------------------------- */

/* "MEET" -> "Meet", "PEACE_PLAN" -> "Peace plan": codes read as words in a key. */
static void type_word(const char *t, struct pl_buf *b)
{
	for (size_t i = 0; t[i]; i++) {
		char ch = t[i] == '_' ? ' ' : i > 0 && t[i] >= 'A' && t[i] <= 'Z' ? (char)(t[i] + 32) : t[i];
		pl_buf_putc(b, ch);
	}
}

/* Flow the legend entries from (left, y); returns the height used.  With
 * emit false, only measures. */
static double legend(struct chart *c, int page, double y, bool emit)
{
	const double ms = c->th.marker * 0.9, gap = c->th.label_size;
	double x = c->left, line_h = fmax(c->h_small, ms) + 4, y0 = y;
	struct pl_buf b = PL_BUF_INIT;
	/* entry kinds: 0..ntypes-1 types, then planned, negated, span, fuzzy,
	 * badge, connector, cluster: the last two as the caller says
	 * (key_connector, key_cluster; a timeline reserves room for them before
	 * its lanes decide). */
	bool connector = c->key_connector, cluster = c->key_cluster;
	size_t nent = c->ntypes + 7;
	for (size_t k = 0; k < nent; k++) {
		pl_buf_reset(&b);
		if (k < c->ntypes) {
			/* More types than shapes: types sharing a shape share one entry
			 * ("Demand, Reject"), so the key never shows one symbol twice.
			 * (Coloured by type, colour tells them apart: one entry each.) */
			bool seen = false;
			for (size_t j = 0; j < k && !c->color_by_type; j++)
				seen |= c->tshape[j] == c->tshape[k];
			if (seen)
				continue;
			for (size_t j = k; j < c->ntypes; j++) {
				if (j > k && (c->color_by_type || c->tshape[j] != c->tshape[k]))
					continue;
				if (j > k)
					pl_buf_puts(&b, ", ");
				type_word(c->types[j], &b);
			}
		} else {
			size_t s = k - c->ntypes;
			if ((s == 0 && !c->any_planned) || (s == 1 && !c->any_negated) ||
			    (s == 2 && !(c->any_span && c->key_bands)) || (s == 3 && !(c->any_fuzzy && c->key_bands)) ||
			    (s == 4 && !c->any_badge) ||
			    (s == 5 && !connector) || (s == 6 && !cluster))
				continue;
			static const char *const keys[] = {
				"hollow: planned or hypothetical", "struck: did not happen",
				"bar: several days", "shaded: month or year only", "number: outlets reporting",
				"dot and line: other participants", "events grouped, listed in the notes",
			};
			pl_buf_puts(&b, keys[s]);
		}
		if (b.oom)
			break;
		struct text_ext e, en = { 0 };
		text_ext_of(c, c->f_small, b.p, &e);
		double sym_w = ms; /* the symbol before the words */
		if (k == c->ntypes + 6) {
			text_ext_of(c, c->f_small_bold, "+N", &en);
			sym_w = en.w + 8;
		}
		double ew = sym_w + 4 + e.w;
		if (x > c->left && x + ew > c->right) {
			x = c->left;
			y += line_h;
		}
		if (ew > c->right - c->left)
			ew = c->right - c->left;
		if (emit) {
			double cy = y + line_h / 2;
			if (k < c->ntypes) {
				struct pl_item *it = dl_add(c->dl, PL_ITEM_MARKER, page);
				if (it) {
					it->x = x;
					it->y = cy - ms / 2;
					it->w = it->h = ms;
					it->shape = (enum pl_marker_shape)c->tshape[k];
					uint32_t col = c->color_by_type ? c->th.palette[k % c->th.npalette] : c->th.muted_rgb;
					it->fill = rgb_col(col, 1);
					it->has_fill = true;
					it->stroke = rgb_col(darker(col), 1);
					it->has_stroke = true;
					it->stroke_width = 0.8;
					it->role = dl_strdup(c->dl, "legend-marker");
				}
			} else {
				size_t s = k - c->ntypes;
				struct pl_item *it;
				if (s <= 1) {
					it = dl_add(c->dl, PL_ITEM_MARKER, page);
					if (it) {
						it->x = x;
						it->y = cy - ms / 2;
						it->w = it->h = ms;
						it->shape = PL_SHAPE_CIRCLE;
						it->hollow = s == 0;
						it->dashed = s == 0;
						it->struck = s == 1;
						it->fill = rgb_col(c->th.muted_rgb, 1);
						it->has_fill = s == 1;
						it->stroke = rgb_col(c->th.text_rgb, 1);
						it->has_stroke = true;
						it->stroke_width = 1;
						it->role = dl_strdup(c->dl, "legend-marker");
					}
				} else if (s == 5) {
					/* a participant's dot on a connector, as in the lanes */
					if ((it = dl_line(c->dl, page, x + ms / 2, cy - ms / 2 - 1, x + ms / 2, cy + ms / 2 + 1,
							  c->th.muted_rgb, 1.5, "connector")))
						it->stroke.alpha = 0.5;
					if ((it = dl_add(c->dl, PL_ITEM_MARKER, page))) {
						it->x = x + ms * 0.2;
						it->y = cy - ms * 0.3;
						it->w = it->h = ms * 0.6;
						it->shape = PL_SHAPE_CIRCLE;
						it->fill = rgb_col(c->th.muted_rgb, 1);
						it->has_fill = true;
						it->stroke = rgb_col(c->th.text_rgb, 1);
						it->has_stroke = true;
						it->stroke_width = 0.6;
						it->role = dl_strdup(c->dl, "participant"); /* not a type's key */
					}
				} else if (s == 6) {
					/* a "+N" box as the lanes draw it */
					if ((it = dl_rect(c->dl, page, x, cy - en.h / 2, sym_w, en.h, "badge"))) {
						it->fill = rgb_col(0xFFFFFF, 1);
						it->has_fill = true;
						it->stroke = rgb_col(c->th.muted_rgb, 1);
						it->has_stroke = true;
						it->stroke_width = 0.8;
					}
					dl_text(c->dl, page, x + 4, cy - en.h / 2, &en, "+N", c->f_small_bold,
						c->th.text_rgb, "legend");
				} else if ((it = dl_rect(c->dl, page, x, cy - (s == 2 ? ms / 4 : ms / 2), ms,
							 s == 2 ? ms / 2 : ms, s == 2 ? "span" : s == 3 ? "fuzzy" : "badge"))) {
					it->fill = rgb_col(c->th.muted_rgb, s == 2 ? 0.5 : s == 3 ? 0.2 : 0.15);
					it->has_fill = true;
					it->stroke = rgb_col(c->th.muted_rgb, 1);
					it->has_stroke = s != 2;
					it->dashed = s == 3;
					it->stroke_width = 0.8;
				}
			}
			fit_text(c, page, x + sym_w + 4, cy - e.h / 2, b.p, c->f_small, c->right - x - sym_w - 4,
				 c->th.text_rgb, "legend", NULL);
		}
		x += ew + gap;
	}
	pl_buf_free(&b);
	return y - y0 + line_h;
}

/* The footer's source lines: the outlets cited, most cited first, wrapped
 * over at most 2 lines ("and N more").  Made once per chart: a 300-page
 * handout repeats them on every page. */
static void footer_sources(struct chart *c)
{
	if (c->nsrc_lines)
		return;
	struct outlet *o = NULL;
	size_t no = collect_outlets(c->ev, c->n, &o);
	struct pl_buf line = PL_BUF_INIT;
	double maxw = c->right - c->left;
	size_t i = 0;
	pl_buf_puts(&line, no ? "Sources: " : "Sources: none named");
	while (c->nsrc_lines < 2) {
		/* add outlets while the line fits */
		bool added = false;
		while (i < no) {
			size_t mark = line.len;
			pl_buf_printf(&line, "%s%s", o[i].name, i + 1 < no ? ", " : "");
			struct text_ext e;
			if (line.oom)
				break;
			text_ext_of(c, c->f_small, line.p, &e);
			if (e.w > maxw - (c->nsrc_lines == 1 ? 80 : 0) && added) {
				line.len = mark;
				line.p[mark] = '\0';
				break;
			}
			added = true;
			i++;
		}
		if (c->nsrc_lines == 1 && i < no)
			pl_buf_printf(&line, "and %zu more", no - i);
		c->src_lines[c->nsrc_lines++] = line.oom ? pl_strdup("") : pl_buf_steal(&line);
		if (i >= no)
			break;
		pl_buf_reset(&line);
	}
	pl_buf_free(&line);
	free(o);
}

/* Footer lines: the sources (footer_sources) and the generation date, plus
 * `extra` ("page 2 of 9").  Returns the height; emits when `emit`. */
static double footer(struct chart *c, int page, double y, bool emit, const char *extra)
{
	double h = 0, maxw = c->right - c->left;
	footer_sources(c);
	for (int k = 0; k < c->nsrc_lines; k++) {
		if (emit && c->src_lines[k])
			fit_text(c, page, c->left, y + h, c->src_lines[k], c->f_small, maxw, c->th.muted_rgb,
				 "footer", NULL);
		h += c->h_small;
	}
	struct pl_buf line = PL_BUF_INIT;
	if (c->spec->generated)
		pl_buf_printf(&line, "Generated %s with parley %s", c->spec->generated, PARLEY_VERSION);
	else
		pl_buf_printf(&line, "Made with parley %s", PARLEY_VERSION);
	if (extra)
		pl_buf_printf(&line, " \xC2\xB7 %s", extra);
	if (emit && !line.oom)
		fit_text(c, page, c->left, y + h, line.p, c->f_small, maxw, c->th.muted_rgb, "footer", NULL);
	h += c->h_small;
	pl_buf_free(&line);
	return h;
}

/* Bytes of the longest prefix of s that ends before a space and fits max_w
 * in `font` (0 when not even the first word fits). */
static size_t wrap_at(struct chart *c, const char *font, const char *s, double max_w)
{
	size_t best = 0;
	for (size_t i = 0;; i++) {
		if (s[i] != ' ' && s[i] != '\0')
			continue;
		struct text_ext e;
		measure_text(c->m, font, s, i, &e);
		if (e.w > max_w)
			break;
		best = i;
		if (!s[i])
			break;
	}
	return best;
}

/* Draw the notes from index `from`, wrapped at spaces, in at most max_lines
 * lines; the last line says how many notes it had no room for.  Returns the
 * height. */
static double draw_notes(struct chart *c, int page, double y, size_t from, int max_lines)
{
	double h = 0, maxw = c->right - c->left;
	size_t n = c->dl->nnotes;
	for (size_t i = from; i < n && max_lines > 0; i++) {
		const char *s = c->dl->notes[i];
		while (*s && max_lines > 0) {
			size_t len = strlen(s), cut = max_lines > 1 ? wrap_at(c, c->f_small, s, maxw) : 0;
			struct pl_item *it;
			if (cut == len || (cut > 0 && max_lines > 1)) {
				char *line = pl_strndup(s, cut);
				it = line ? fit_text(c, page, c->left, y + h, line, c->f_small, maxw,
						     c->th.muted_rgb, "note", NULL) : NULL;
				free(line);
				s += cut;
				while (*s == ' ')
					s++;
			} else {
				/* The last line (or one word wider than the chart): cut with
				 * an ellipsis, keeping the count of notes left out whole. */
				struct pl_buf more = PL_BUF_INIT;
				struct text_ext em = { 0 };
				size_t left = n - i - 1;
				if (max_lines == 1 && left > 0) {
					pl_buf_printf(&more, " (and %zu more note%s)", left, left == 1 ? "" : "s");
					if (!more.oom)
						text_ext_of(c, c->f_small, more.p, &em);
				}
				struct text_ext e;
				char *t = measure_shorten(c->m, c->f_small, s, maxw - em.w, &e);
				if (t && more.len && !more.oom) {
					size_t tl = strlen(t);
					char *u = realloc(t, tl + more.len + 1);
					if (u) {
						memcpy(u + tl, more.p, more.len + 1);
						t = u;
					}
				}
				it = t ? fit_text(c, page, c->left, y + h, t, c->f_small, maxw, c->th.muted_rgb,
						  "note", NULL) : NULL;
				free(t);
				pl_buf_free(&more);
				s += len;
				if (max_lines == 1)
					max_lines = 0; /* the count covers the rest */
			}
			h += it ? fmax(it->h, c->h_small) : c->h_small;
			if (max_lines > 0)
				max_lines--;
		}
	}
	return h;
}

static double title_block(struct chart *c, int page, double y)
{
	const char *title = c->spec->title ? c->spec->title : c->dl->title;
	char *t = sanitize(title ? title : "Timeline");
	struct pl_item *it = fit_text(c, page, c->left, y, t, c->f_title, c->right - c->left,
				      c->th.text_rgb, "title", NULL);
	free(t);
	if (it)
		y += it->h + 2;
	if (c->spec->subtitle && *c->spec->subtitle) {
		char *s = sanitize(c->spec->subtitle);
		it = fit_text(c, page, c->left, y, s, c->f_sub, c->right - c->left, c->th.muted_rgb,
			      "subtitle", NULL);
		free(s);
		if (it)
			y += it->h;
	}
	return y + c->th.label_size * 0.8;
}

/* ---- Timeline --------------------------------------------------------------- */

struct lane_geo {
	double top, band_y, rows_y, bottom;
	int rows_used;
	bool banded;    /* drawn on the alternate band colour */
};

/* Label content of one event: label (+ place) (+ badge). */
struct content {
	char *label;          /* owned, possibly shortened */
	struct text_ext el;
	const char *place;    /* borrowed, NULL if none shown */
	struct text_ext ep;
	char badge[24];
	struct text_ext eb;
	double w;             /* total box width */
	double budget;        /* the max_w it was made for */
	bool shortened;
};

static double content_width(const struct content *k, double gap)
{
	double w = k->el.w;
	if (k->place)
		w += gap + k->ep.w;
	if (k->badge[0])
		w += gap + k->eb.w + 6;
	return w;
}

/* Fill k with v's label content no wider than max_w.  lazy: a label that
 * must be cut is not cut yet (k->label NULL, its width the bound it will be
 * cut to): most cut labels of a dense chart end up in clusters, and cutting
 * costs several pango calls; set_content again without lazy to cut it. */
static int set_content(struct chart *c, const struct ev *v, struct content *k, double max_w,
		       bool with_place, bool lazy)
{
	double gap = c->th.label_size * 0.4;
	free(k->label);
	memset(k, 0, sizeof *k);
	k->budget = max_w;
	long nb = v->e->noutlets > 0 ? v->e->noutlets : v->e->narticles;
	if (nb > 0) {
		snprintf(k->badge, sizeof k->badge, "%ld", nb);
		text_ext_of(c, c->f_small, k->badge, &k->eb);
		max_w -= gap + k->eb.w + 6;
	}
	struct text_ext full;
	measure_text(c->m, c->f_label, v->label, strnlen(v->label, 400), &full);
	const char *place = v->e->location && v->e->location->name ? v->e->location->name : NULL;
	if (with_place && place && c->spec->lanes != PL_LANES_PLACE) {
		/* The place comes along only when the whole label fits beside it:
		 * a place never costs the label characters. */
		text_ext_of(c, c->f_italic, place, &k->ep);
		if (full.w + gap + k->ep.w <= max_w) {
			k->place = place;
			max_w -= gap + k->ep.w;
		}
	}
	if (max_w < c->th.label_size * 2)
		max_w = c->th.label_size * 2;
	if (lazy && (full.w > max_w || strlen(v->label) > 400)) {
		k->el = full;
		k->el.w = max_w;
		k->shortened = true;
		k->w = content_width(k, gap);
		return 0;
	}
	k->label = measure_shorten(c->m, c->f_label, v->label, max_w, &k->el);
	if (!k->label)
		k->label = pl_strdup(ELLIPSIS), text_ext_of(c, c->f_label, ELLIPSIS, &k->el);
	if (!k->label)
		return -1;
	k->shortened = strcmp(k->label, v->label) != 0;
	k->w = content_width(k, gap);
	return 0;
}

static int cmp_lbl(const void *a, const void *b)
{
	const struct lbl *x = a, *y = b;
	if (x->ideal != y->ideal)
		return x->ideal < y->ideal ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

struct cluster { double x0, x1; size_t first, n; }; /* over the lane's failed list */

/* A "+N" marker: its text in a white box with a thin outline, at (x, y). */
static void cluster_badge(struct chart *c, int page, double x, double y, const struct text_ext *e,
			  const char *text, int lane)
{
	struct pl_item *it = dl_rect(c->dl, page, x, y, e->w + 8, e->h, "cluster");
	if (it) {
		it->fill = rgb_col(0xFFFFFF, 1);
		it->has_fill = true;
		it->stroke = rgb_col(c->th.muted_rgb, 1);
		it->has_stroke = true;
		it->stroke_width = 0.8;
		it->lane = lane;
	}
	if ((it = dl_text(c->dl, page, x + 4, y, e, text, c->f_small_bold, c->th.text_rgb, "cluster")))
		it->lane = lane;
}

/* Emit the items of one placed label. */
static void emit_label(struct chart *c, int page, const struct ev *v, const struct content *k,
		       double x, double y, double mark_y, double ideal)
{
	double gap = c->th.label_size * 0.4;
	/* Stem from the marker (timeline: mark_y is its box top; NAN for none) to
	 * the label's left edge; dashed when the label was displaced. */
	struct pl_item *it;
	bool displaced = fabs(x - ideal) > 1.5, left = x + k->w / 2 < v->x;
	double end = left ? x + k->w : displaced ? x : v->x; /* labels left of their marker: right end */
	if (!isnan(mark_y) && (it = dl_line(c->dl, page, v->x, mark_y + c->th.marker / 2,
					     end, y + 1, c->th.rule_rgb, 0.7, "stem"))) {
		it->dashed = displaced;
		attach(it, v);
	}
	/* An opaque halo in the lane's own background: stems, connectors and grid
	 * lines of other events pass behind the label, not through it.  (The
	 * chronology, mark_y NAN, has no lines behind its labels.) */
	if (!isnan(mark_y) && (it = dl_rect(c->dl, page, x - 2, y, k->w + 4, k->el.h, "label-bg"))) {
		it->fill = rgb_col(c->halo_rgb, 1);
		it->has_fill = true;
		attach(it, v);
	}
	attach_details(c->dl, dl_text(c->dl, page, x, y, &k->el, k->label, c->f_label, c->th.text_rgb, "event-label"), v);
	double px = x + k->el.w + gap;
	if (k->place) {
		double py = y + (k->el.h - k->ep.h) / 2;
		if (py < y)
			py = y;
		attach(dl_text(c->dl, page, px, py, &k->ep, k->place, c->f_italic, c->th.muted_rgb, "place"), v);
		px += k->ep.w + gap;
	}
	if (k->badge[0]) {
		double by = y + (k->el.h - k->eb.h) / 2;
		if (by < y)
			by = y;
		if ((it = dl_rect(c->dl, page, px, by, k->eb.w + 6, k->eb.h, "badge"))) {
			it->fill = rgb_col(c->th.band_rgb, 1);
			it->has_fill = true;
			it->stroke = rgb_col(c->th.rule_rgb, 1);
			it->has_stroke = true;
			it->stroke_width = 0.5;
			attach(it, v);
		}
		if ((it = dl_text(c->dl, page, px + 3, by, &k->eb, k->badge, c->f_small, c->th.muted_rgb, "badge")))
			attach(it, v);
	}
}

/* Lay out one lane's labels; returns the rows used or -1 on OOM.  Placed
 * events get marker + label; the rest become "+N" clusters in the band. */
static int lane_labels(struct chart *c, int page, int lane, const struct lane_geo *g, int rows,
		       double *row_h_io)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++)
		n += c->ev[i].lane == lane;
	if (n == 0)
		return 0;
	struct ev **lv = malloc(n * sizeof *lv);
	struct content *k = calloc(n, sizeof *k), *k2 = calloc(n, sizeof *k2);
	struct lbl *l = malloc(n * sizeof *l), *l2 = malloc(n * sizeof *l2);
	bool *ok = calloc(n, sizeof *ok);
	double *fail = malloc(n * sizeof *fail);
	int rc = -1, used = 0;
	struct cluster *cl = NULL;
	if (!lv || !k || !k2 || !l || !l2 || !ok || !fail)
		goto out;
	n = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->ev[i].lane == lane)
			lv[n++] = &c->ev[i];
	double gap = c->th.label_size * 0.6, lo = c->left, hi = c->right;
	double max_shift = c->th.label_size * 8;
	/* A label cut below this is no longer worth reading: cluster instead. */
	double min_w = c->th.label_size * 9;
	/* Pass 1: full labels (up to the theme's maximum width). */
	double maxh = 0;
	for (size_t i = 0; i < n; i++) {
		if (set_content(c, lv[i], &k[i], c->th.max_label_w, true, true) < 0)
			goto out;
		/* Right of the marker, or left of it where the canvas ends first. */
		l[i].ideal = lv[i]->x + 3;
		if (l[i].ideal + k[i].w > hi)
			l[i].ideal = fmax(lo, lv[i]->x - 3 - k[i].w);
		l[i].w = k[i].w;
		l[i].idx = i;
		maxh = fmax(maxh, fmax(k[i].el.h, fmax(k[i].ep.h, k[i].eb.h)));
	}
	/* Rows are as tall as the lane's tallest label (emoji and some scripts
	 * come from fonts with taller lines); in a fixed height the cap shrinks. */
	double row_h = *row_h_io;
	if (maxh + c->th.row_gap > row_h) {
		double taller = maxh + c->th.row_gap;
		int fewer = (int)floor((double)rows * row_h / taller);
		rows = rows > 0 && fewer < 1 ? 1 : fewer;
		row_h = taller;
	}
	*row_h_io = row_h;
	qsort(l, n, sizeof *l, cmp_lbl);
	long placed = labels_place(l, n, rows, lo, hi, gap, max_shift);
	if (placed < 0)
		goto out;
	if ((size_t)placed < n && rows > 0) {
		/* Pass 2, only near labels that did not fit: no place names, and
		 * labels cut to the room a round-robin over the rows leaves them
		 * (up to the marker `rows` later), never below min_w. */
		size_t nfail = 0;
		for (size_t j = 0; j < n; j++)
			if (l[j].row < 0)
				fail[nfail++] = l[j].ideal;
		double reach = c->th.max_label_w + max_shift;
		size_t f = 0;
		for (size_t j = 0; j < n; j++) {
			size_t i = l[j].idx;
			l2[j] = l[j];
			while (f < nfail && fail[f] < l[j].ideal - reach)
				f++;
			if (f == nfail || fail[f] > l[j].ideal + reach)
				continue; /* far from any trouble: keep it whole */
			double budget = c->th.max_label_w;
			if (j + (size_t)rows < n)
				budget = l[j + (size_t)rows].ideal - l[j].ideal - gap;
			budget = fmin(fmax(budget, min_w), c->th.max_label_w);
			/* Width without the place; when the label must be cut, the
			 * budget is an upper bound, and only labels that get placed are
			 * cut and measured (pango calls are the layout's main cost). */
			double badge = k[i].badge[0] ? c->th.label_size * 0.4 + k[i].eb.w + 6 : 0;
			double whole = k[i].el.w + badge;
			if (whole <= budget && !k[i].place)
				continue;
			l2[j].w = whole <= budget ? whole : budget;
			k2[i].w = -l2[j].w; /* "pass-2 content wanted", at most this wide */
		}
		long placed2 = labels_place(l2, n, rows, lo, hi, gap, max_shift);
		if (placed2 < 0)
			goto out;
		if (placed2 > placed) {
			placed = placed2;
			for (size_t j = 0; j < n; j++) {
				size_t i = l2[j].idx;
				if (k2[i].w >= 0 || l2[j].row < 0)
					continue;
				if (set_content(c, lv[i], &k2[i], -k2[i].w, false, false) < 0)
					goto out;
				struct content t = k[i];
				k[i] = k2[i];
				k2[i] = t;
			}
			memcpy(l, l2, n * sizeof *l);
			/* Give back what pass 2 took wherever the row has room after
			 * all (right to left: only the label itself grows, rightwards). */
			double *next = malloc((size_t)rows * sizeof *next);
			if (!next)
				goto out;
			for (int r = 0; r < rows; r++)
				next[r] = hi + gap;
			for (size_t j = n; j-- > 0;) {
				size_t i = l[j].idx;
				int r = l[j].row;
				if (r < 0)
					continue;
				if (k2[i].label && k2[i].w > k[i].w && l[j].x + k2[i].w <= next[r] - gap) {
					struct content t = k[i];
					k[i] = k2[i];
					k2[i] = t;
					l[j].w = k[i].w;
				}
				next[r] = l[j].x;
			}
			free(next);
		}
	}
	double mark_y = g->band_y + c->th.marker * 0.3;
	for (size_t j = 0; j < n; j++) {
		size_t i = l[j].idx;
		if (l[j].row < 0)
			continue;
		if (!k[i].label && set_content(c, lv[i], &k[i], k[i].budget, true, false) < 0)
			goto out; /* a lazily bounded label: cut it now (never wider) */
		ok[i] = true;
		lv[i]->placed = true;

		double y = g->rows_y + l[j].row * row_h + c->th.row_gap / 2;
		emit_label(c, page, lv[i], &k[i], l[j].x, y, mark_y, l[j].ideal);
		if (l[j].row + 1 > used)
			used = l[j].row + 1;
		c->dl->nplaced++;
		c->dl->nshortened += k[i].shortened;
	}
	/* Markers (after stems and halos: drawn on top of them). */
	for (size_t i = 0; i < n; i++)
		if (ok[i])
			add_marker(c, page, lv[i], lv[i]->x, mark_y + c->th.marker / 2, c->th.marker, "event");
	/* Clusters: consecutive unplaced events; their "+N" boxes may not
	 * overlap, so neighbours merge (a stack, left to right). */
	cl = malloc(n * sizeof *cl);
	size_t ncl = 0;
	if (!cl)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (ok[i])
			continue;
		struct cluster cur = { lv[i]->x, lv[i]->x, i, 1 };
		while (ncl > 0) {
			struct cluster *p = &cl[ncl - 1];
			char a[24], b2[24];
			snprintf(a, sizeof a, "+%zu", p->n);
			snprintf(b2, sizeof b2, "+%zu", cur.n);
			struct text_ext ea, eb;
			text_ext_of(c, c->f_small_bold, a, &ea);
			text_ext_of(c, c->f_small_bold, b2, &eb);
			double pr = (p->x0 + p->x1) / 2 + ea.w / 2 + 4, cl_ = (cur.x0 + cur.x1) / 2 - eb.w / 2 - 4;
			if (pr + 4 < cl_)
				break;
			cur.x0 = p->x0;
			cur.n += p->n;
			cur.first = p->first;
			ncl--;
		}
		cl[ncl++] = cur;
	}
	for (size_t q = 0; q < ncl; q++) {
		char a[24];
		snprintf(a, sizeof a, "+%zu", cl[q].n);
		struct text_ext e;
		text_ext_of(c, c->f_small_bold, a, &e);
		double cx = (cl[q].x0 + cl[q].x1) / 2, bw = e.w + 8;
		double bx = cx - bw / 2;
		if (bx < c->left)
			bx = c->left;
		if (bx + bw > c->right)
			bx = c->right - bw;
		double by = g->band_y + (c->th.marker * 1.6 - e.h) / 2;
		cluster_badge(c, page, bx, by, &e, a, lane);
		/* The note lists what the marker stands for. */
		struct pl_buf b = PL_BUF_INIT, d0 = PL_BUF_INIT, d1 = PL_BUF_INIT;
		size_t members = 0;
		for (size_t i = cl[q].first; i < n && members < cl[q].n; i++) {
			if (ok[i])
				continue;
			if (members == 0)
				when_format(lv[i]->first.t0, lv[i]->first.prec, &d0);
			pl_buf_reset(&d1);
			when_format(lv[i]->first.t0, lv[i]->first.prec, &d1);
			if (members < 6)
				pl_buf_printf(&b, "%s%s", members ? "; " : "", lv[i]->label);
			members++;
		}
		if (members > 6)
			pl_buf_printf(&b, "; and %zu more", members - 6);
		bool range = !d0.oom && !d1.oom && strcmp(d0.p, d1.p) != 0;
		if (!b.oom && !d0.oom && !d1.oom)
			dl_note(c->dl, "+%zu %s %s%s%s%s%s%s: %s", cl[q].n, range ? "from" : "on", d0.p,
				range ? " to " : "", range ? d1.p : "", c->lanes[lane][0] ? " (" : "",
				c->lanes[lane], c->lanes[lane][0] ? ")" : "", b.p);
		pl_buf_free(&b);
		pl_buf_free(&d0);
		pl_buf_free(&d1);
		c->dl->nclustered += (long)cl[q].n;
	}
	rc = used;
out:
	free(cl);
	for (size_t i = 0; i < n; i++) {
		if (k)
			free(k[i].label);
		if (k2)
			free(k2[i].label);
	}
	free(lv);
	free(k);
	free(k2);
	free(fail);
	free(l);
	free(l2);
	free(ok);
	return rc;
}

/* Spans, fuzzy bands and meeting connectors (the final layer sort puts
 * them under markers and text). */
static void lane_shapes(struct chart *c, int page, const struct lane_geo *geo, const struct axis *ax)
{
	double ms = c->th.marker;
	bool multi = c->spec->lanes == PL_LANES_ACTOR || c->spec->lanes == PL_LANES_COUNTRY;
	for (size_t i = 0; i < c->n; i++) {
		const struct ev *v = &c->ev[i];
		const struct lane_geo *g = &geo[v->lane];
		double cy = g->band_y + ms * 0.3 + ms / 2;
		uint32_t col = ev_color(c, v);
		bool planned = v->e->status == PL_STATUS_PLANNED || v->e->status == PL_STATUS_HYPOTHETICAL;
		struct pl_item *it;
		if (!v->placed)
			continue; /* a cluster's "+N" stands for it; hundreds of bands would be a solid bar */
		if (v->first.prec <= PL_PREC_MONTH) {
			double x0 = axis_x_in(ax, v->tmark, v->first.t0), x1 = axis_x_in(ax, v->tmark, v->first.t1);
			if (x1 - x0 >= ms && (it = dl_rect(c->dl, page, x0, cy - ms * 0.6, x1 - x0, ms * 1.2, "fuzzy"))) {
				it->fill = rgb_col(col, 0.15);
				it->has_fill = true;
				it->stroke = rgb_col(col, 0.8);
				it->has_stroke = true;
				it->dashed = true;
				it->stroke_width = 0.8;
				attach(it, v);
			}
		}
		if (v->span) {
			double x0 = axis_x_in(ax, v->tmark, v->w.t0), x1 = axis_x_in(ax, v->tmark, v->w.t1);
			if (x1 - x0 >= ms * 0.5 && (it = dl_rect(c->dl, page, x0, cy - ms * 0.22, x1 - x0, ms * 0.44, "span"))) {
				it->fill = rgb_col(col, planned ? 0.15 : 0.45);
				it->has_fill = true;
				it->stroke = rgb_col(darker(col), 1);
				it->has_stroke = true;
				it->dashed = planned;
				it->stroke_width = 0.7;
				attach(it, v);
			}
		}
		if (!multi || v->e->nactors < 2)
			continue;
		/* Meeting connectors: a line through the lanes of every participant. */
		double ymin = cy, ymax = cy;
		for (size_t a = 0; a < v->e->nactors; a++) {
			int L = lane_of_actor(c, v->e, a);
			if (L < 0 || L == v->lane)
				continue;
			double py = geo[L].band_y + ms * 0.3 + ms / 2;
			ymin = fmin(ymin, py);
			ymax = fmax(ymax, py);
			if ((it = dl_add(c->dl, PL_ITEM_MARKER, page))) {
				it->x = v->x - ms * 0.3;
				it->y = py - ms * 0.3;
				it->w = it->h = ms * 0.6;
				it->shape = PL_SHAPE_CIRCLE;
				it->fill = rgb_col(c->color_by_type ? col : lane_color(c, L), 1);
				it->has_fill = true;
				it->stroke = rgb_col(c->th.text_rgb, 1);
				it->has_stroke = true;
				it->stroke_width = 0.6;
				it->role = dl_strdup(c->dl, "participant");
				attach(it, v);
				it->lane = L;
			}
		}
		/* In the event's colour and thicker than stems, so a meeting reads
		 * as one bar across its participants' lanes. */
		if (ymax > ymin && (it = dl_line(c->dl, page, v->x, ymin, v->x, ymax, col, 1.5, "connector"))) {
			it->stroke.alpha = 0.5;
			attach(it, v);
			c->any_connector = true;
		}
	}
}

/* What the axis must show of each event: spans and exact dates whole, but a
 * month- or year-precision date only at its middle, so one "2025" does not
 * stretch a chart of two December weeks to a year (its band is clipped). */
static void axis_periods(const struct chart *c, struct when *w)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct ev *v = &c->ev[i];
		w[i] = v->w;
		if (v->first.prec <= PL_PREC_MONTH && !v->span)
			w[i].t0 = w[i].t1 = v->tmark;
	}
}

/* Which lanes have anything on the time axis: a dated event of their own or a
 * meeting they join.  NULL on OOM. */
static bool *lanes_shown(struct chart *c)
{
	bool *shown = calloc(c->nlanes ? c->nlanes : 1, sizeof *shown);
	bool multi = c->spec->lanes == PL_LANES_ACTOR || c->spec->lanes == PL_LANES_COUNTRY;
	for (size_t i = 0; shown && i < c->n; i++) {
		const struct pl_event *e = c->ev[i].e;
		shown[c->ev[i].lane] = true;
		for (size_t a = 0; multi && a < e->nactors; a++) {
			int L = lane_of_actor(c, e, a);
			if (L >= 0)
				shown[L] = true;
		}
	}
	return shown;
}

/* Label rows each of n lanes gets from `avail` units (fixed part `lane_h`). */
static double lane_rows(double avail, size_t n, double lane_h, double row_h)
{
	double per = avail / (double)(n ? n : 1) - lane_h;
	return per < 0 ? -1 : floor(per / row_h);
}

static int timeline(struct chart *c, int page, double y, double bottom_limit, bool fixed,
		    bool draw_footer)
{
	struct pl_display *dl = c->dl;
	struct when *w = malloc((c->n ? c->n : 1) * sizeof *w);
	struct lane_geo *geo = NULL;
	bool *shown = NULL;
	int *lrows = NULL;
	struct tick_set *ts = NULL;
	struct axis ax = { 0 };
	int rc = -1;
	if (!w)
		goto out;
	y = title_block(c, page, y);
	if (c->n == 0) {
		dl_note(dl, "No event has a date: nothing to place on a time axis.");
		draw_notes(c, page, y, 0, 1);
		rc = 0;
		goto out;
	}
	axis_periods(c, w);
	struct text_ext eb;
	text_ext_of(c, c->f_small, "\xE2\x89\x88 88 yrs", &eb);
	if (axis_build(&ax, w, c->n, c->left, c->right, eb.w + 12) < 0)
		goto out;
	ts = calloc(ax.nseg, sizeof *ts);
	if (!ts)
		goto out;
	bool clock = false; /* any time of day: else the ticks stop at days */
	for (size_t i = 0; i < c->n && !clock; i++)
		clock = c->ev[i].first.prec >= PL_PREC_HOUR;
	for (size_t s = 0; s < ax.nseg; s++) {
		ax.seg[s].min_step = clock ? 0 : 1;
		if (axis_ticks(&ax.seg[s], c->m, c->f_small, c->th.small_size * 0.8, &ts[s]) < 0)
			goto out;
	}
	for (size_t i = 0; i < c->n; i++)
		c->ev[i].x = axis_x(&ax, c->ev[i].tmark);

	/* Axis rows: context labels, minor labels, then the axis line. */
	double y_ctx = y, y_min = y + c->h_small + 1, y_axis = y_min + c->h_small + 4;
	double lanes_top = y_axis + c->th.label_size * 0.8;
	/* Vertical budget per lane. */
	double ms = c->th.marker;
	double header_h = c->spec->lanes == PL_LANES_NONE ? 0 : c->h_small + 2;
	double band_h = ms * 1.6, row_h = c->h_label + c->th.row_gap, pad = c->th.label_size * 0.5;
	int rows = c->th.rows_per_lane;
	/* Lanes only undated events use have nothing on a time axis: no band. */
	if (!(shown = lanes_shown(c)))
		goto out;
	size_t nshown = 0;
	for (size_t L = 0; L < c->nlanes; L++)
		nshown += shown[L];
	c->key_connector = c->spec->lanes == PL_LANES_ACTOR || c->spec->lanes == PL_LANES_COUNTRY;
	c->key_cluster = true;
	c->key_bands = true;
	double legend_h = legend(c, page, 0, false);
	double foot_h = draw_footer ? footer(c, page, 0, false, NULL) : 0;
	/* Fixed height: the rows that fit.  Growing canvases still stop at the
	 * theme's max_height (PNG surfaces end at 32767 px, at 2x). */
	double notes_h = (fixed ? 2 : 6) * c->h_small;
	double y_limit = fixed ? bottom_limit : c->th.max_height - c->th.margin;
	double avail = y_limit - lanes_top - legend_h - foot_h - notes_h - 3 * c->th.label_size;
	/* Too many lanes: beyond the theme's cap, or (fixed canvases) when they
	 * would leave a lane fewer than two label rows, the lanes with the fewest
	 * events fold into "Others".  One row per lane is the floor. */
	size_t cap = nshown;
	if (c->th.max_lanes > 1 && cap > (size_t)c->th.max_lanes)
		cap = (size_t)c->th.max_lanes;
	double want = fixed && c->th.rows_per_lane >= 2 ? 2 : 1;
	while (cap > 2 && lane_rows(avail, cap, header_h + band_h + pad, row_h) < want)
		cap--;
	if (lane_rows(avail, cap, header_h + band_h + pad, row_h) < 1) {
		pl_error(c->d, NULL, "the lanes do not fit a %.0f-unit-high chart: use --lanes none, "
			 "a larger --height or --layout chronology", fixed ? c->H : c->th.max_height);
		goto out;
	}
	if (cap < nshown) {
		if (fold_lanes(c, shown, cap) < 0)
			goto out;
		free(shown);
		if (!(shown = lanes_shown(c)))
			goto out;
		nshown = 0;
		for (size_t L = 0; L < c->nlanes; L++)
			nshown += shown[L];
	}
	if (!(geo = calloc(c->nlanes ? c->nlanes : 1, sizeof *geo)))
		goto out;
	for (size_t L = 0; L < c->nlanes; L++)
		geo[L].rows_used = shown[L];
	/* Label rows go where the events are: each lane may use as many rows as
	 * it has events (up to the cap), the shared budget filled level by level
	 * (a quiet lane's unused rows go to the busy ones). */
	if (!(lrows = calloc(c->nlanes ? c->nlanes : 1, sizeof *lrows)))
		goto out;
	{
		int rcap = fixed ? 12 : rows;
		double room = (avail - (double)nshown * (header_h + band_h + pad)) / row_h;
		long budget = room > 0 ? (long)floor(room) : 0, sum = 0;
		for (size_t i = 0; i < c->n; i++)
			if (lrows[c->ev[i].lane] < rcap)
				lrows[c->ev[i].lane]++; /* demand first */
		for (size_t L = 0; L < c->nlanes; L++)
			sum += lrows[L];
		if (sum > budget) {
			int level = 0;
			for (;;) {
				long need = 0;
				for (size_t L = 0; L < c->nlanes; L++)
					need += lrows[L] < level + 1 ? lrows[L] : level + 1;
				if (need > budget || level >= rcap)
					break;
				level++;
			}
			long left = budget;
			for (size_t L = 0; L < c->nlanes; L++) {
				if (lrows[L] > level)
					lrows[L] = level;
				left -= lrows[L];
			}
			/* what the level leaves goes to the busiest lanes first, top down */
			for (size_t L = 0; L < c->nlanes && left > 0; L++)
				if (lrows[L] == level && level < rcap && shown[L]) {
					lrows[L]++;
					left--;
				}
		}
	}
	/* Undated events have no place on the axis: a note names them (before
	 * the cluster notes, which are many in a dense chart). */
	if (c->nund) {
		struct pl_buf b = PL_BUF_INIT;
		for (size_t i = 0; i < c->nund && i < 12; i++)
			pl_buf_printf(&b, "%s%s", i ? "; " : "", c->und[i].label);
		if (c->nund > 12)
			pl_buf_printf(&b, "; and %zu more", c->nund - 12);
		if (!b.oom)
			dl_note(dl, "Undated, not on the axis (%zu): %s.", c->nund, b.p);
		pl_buf_free(&b);
		dl->nundated = (long)c->nund;
	}
	/* Every other shown lane sits on a band (the halos take its colour). */
	for (size_t L = 0, nband = 0; L < c->nlanes; L++)
		if (geo[L].rows_used)
			geo[L].banded = nband++ % 2 == 1;
	/* Lanes, top to bottom: geometry first (labels decide the rows used). */
	double ly = lanes_top;
	for (size_t L = 0; L < c->nlanes; L++) {
		struct lane_geo *g = &geo[L];
		if (!g->rows_used) {
			g->top = g->band_y = g->rows_y = g->bottom = ly;
			g->rows_used = -1; /* not drawn */
			continue;
		}
		g->top = ly;
		g->band_y = ly + header_h;
		g->rows_y = g->band_y + band_h;
		double lane_row_h = row_h;
		c->halo_rgb = g->banded ? c->th.band_rgb : 0xFFFFFF;
		int used = lane_labels(c, page, (int)L, g, lrows[L], &lane_row_h);
		if (used < 0)
			goto out;
		g->rows_used = used;
		g->bottom = g->rows_y + used * lane_row_h + pad;
		ly = g->bottom;
	}
	double lanes_bottom = ly;
	/* Lane headers and bands. */
	for (size_t L = 0; L < c->nlanes; L++) {
		struct lane_geo *g = &geo[L];
		struct pl_item *it;
		if (g->rows_used < 0)
			continue;
		if (g->banded && (it = dl_rect(dl, page, c->left - 4, g->top, c->right - c->left + 8,
						 g->bottom - g->top, "lane-band"))) {
			it->fill = rgb_col(c->th.band_rgb, 1);
			it->has_fill = true;
			it->lane = (int)L;
		}
		if (header_h > 0) {
			double sw = c->h_small * 0.6;
			uint32_t col = c->color_by_type ? c->th.muted_rgb : lane_color(c, (int)L);
			if (!c->color_by_type && (it = dl_rect(dl, page, c->left, g->top + (c->h_small - sw) / 2, sw, sw, "swatch"))) {
				it->fill = rgb_col(col, 1);
				it->has_fill = true;
				it->lane = (int)L;
			}
			double hx = c->left + (c->color_by_type ? 0 : sw + 4);
			it = fit_text(c, page, hx, g->top, c->lanes[L], c->f_small_bold, c->right - hx,
				      c->th.text_rgb, "lane-header", NULL);
			if (it)
				it->lane = (int)L;
		}
	}
	/* Axis: segments, ticks, context row, breaks, grid lines. */
	for (size_t s = 0; s < ax.nseg; s++) {
		const struct axis_seg *g = &ax.seg[s];
		dl_line(dl, page, g->x0, y_axis, g->x1, y_axis, c->th.text_rgb, 1, "axis");
		for (size_t k = 0; k < ts[s].nminor; k++) {
			const struct tick *t = &ts[s].minor[k];
			dl_line(dl, page, t->x, y_axis - 4, t->x, y_axis, c->th.text_rgb, 1, "tick");
			dl_line(dl, page, t->x, y_axis, t->x, lanes_bottom, c->th.band_rgb, 0.8, "grid");
			struct text_ext e;
			text_ext_of(c, c->f_small, t->label, &e);
			dl_text(dl, page, t->x - e.w / 2, y_min, &e, t->label, c->f_small, c->th.muted_rgb, "axis-tick");
		}
		/* Context row: each label stays left of the next period's boundary;
		 * the first, partial period is cut (or dropped) rather than letting
		 * its name sit over the next period's ticks. */
		double prev_right = -1e300;
		for (size_t k = 0; k < ts[s].ncontext; k++) {
			const struct tick *t = &ts[s].context[k];
			double x = t->major ? t->x + 3 : g->x0;
			if (t->major) {
				/* The boundary rule stops short of a minor label centred on it
				 * ("1" under "Dec 2025", "00:00" under "15 Dec"). */
				bool under = false;
				for (size_t q = 0; q < ts[s].nminor && !under; q++)
					under = fabs(ts[s].minor[q].x - t->x) < 1;
				if (under) {
					dl_line(dl, page, t->x, y_ctx, t->x, y_min - 1, c->th.text_rgb, 1, "tick-major");
					dl_line(dl, page, t->x, y_min + c->h_small, t->x, y_axis, c->th.text_rgb, 1, "tick-major");
				} else
					dl_line(dl, page, t->x, y_ctx, t->x, y_axis, c->th.text_rgb, 1, "tick-major");
			}
			if (x < prev_right + 6)
				continue;
			double limit = k + 1 < ts[s].ncontext ? fmin(g->x1, ts[s].context[k + 1].x - 6) : g->x1;
			struct text_ext e;
			text_ext_of(c, c->f_small_bold, t->label, &e);
			struct pl_item *it = NULL;
			/* Whole or not at all: "13…" says less than nothing (the next
			 * boundary's label names the period). */
			if (e.w <= limit - x)
				it = dl_text(dl, page, x, y_ctx, &e, t->label, c->f_small_bold, c->th.text_rgb, "axis-context");
			if (it)
				prev_right = x + it->w;
		}
		if (s + 1 < ax.nseg) {
			const struct axis_seg *h = &ax.seg[s + 1];
			double bx0 = g->x1, bx1 = h->x0;
			double end = -1e300;
			for (size_t i = g->first; i < g->first + g->n; i++)
				if (w[i].t1 > end)
					end = w[i].t1;
			struct pl_buf b = PL_BUF_INIT;
			pl_buf_puts(&b, "\xE2\x89\x88 "); /* ≈ */
			gap_format(w[h->first].t0 - end, &b);
			struct text_ext e;
			if (!b.oom) {
				text_ext_of(c, c->f_small, b.p, &e);
				struct pl_item *it = dl_text(dl, page, (bx0 + bx1 - e.w) / 2, y_min, &e, b.p, c->f_small,
							     c->th.text_rgb, "break");
				if (it)
					it->align = 0;
			}
			pl_buf_free(&b);
			/* zigzag marks at both ends of the break, and a band across the lanes */
			dl_line(dl, page, bx0 + 2, y_axis + 4, bx0 + 6, y_axis - 4, c->th.text_rgb, 1, "break");
			dl_line(dl, page, bx1 - 6, y_axis + 4, bx1 - 2, y_axis - 4, c->th.text_rgb, 1, "break");
			struct pl_item *it = dl_rect(dl, page, bx0 + 4, lanes_top, bx1 - bx0 - 8, lanes_bottom - lanes_top, "break-band");
			if (it) {
				it->fill = rgb_col(0xFFFFFF, 1);
				it->has_fill = true;
				it->stroke = rgb_col(c->th.rule_rgb, 1);
				it->has_stroke = true;
				it->dashed = true;
				it->stroke_width = 0.6;
			}
		}
	}
	lane_shapes(c, page, geo, &ax);
	/* Below the lanes: legend, notes, footer. */
	y = lanes_bottom + c->th.label_size;
	c->key_connector = c->any_connector;
	c->key_cluster = dl->nclustered > 0;
	y += legend(c, page, y, true) + c->th.label_size * 0.5;
	y += draw_notes(c, page, y, 0, fixed ? 2 : 6);
	double fy = fixed ? bottom_limit - foot_h : y + c->th.label_size * 0.5;
	if (fy < y)
		fy = y;
	if (draw_footer)
		footer(c, page, fy, true, NULL);
	if (!fixed)
		c->H = fy + foot_h + c->th.margin;
	rc = 0;
out:
	if (ts)
		for (size_t s = 0; s < ax.nseg; s++)
			tick_set_free(&ts[s]);
	free(ts);
	axis_free(&ax);
	free(w);
	free(geo);
	free(shown);
	free(lrows);
	return rc;
}

/* ---- Chronology ------------------------------------------------------------- */

/* One row of the chronology: event v (or a group starting at it). */
static void chrono_row(struct chart *c, int page, const struct ev *v, double y, double spine,
		       double date_w, bool citations, size_t group, double line_h)
{
	double ms = c->th.marker, tx = spine + ms / 2 + c->th.label_size * 0.6;
	struct pl_buf b = PL_BUF_INIT;
	if (v->dated)
		event_date_text(v, &b);
	else
		pl_buf_puts(&b, "undated");
	if (!b.oom) {
		struct pl_item *it = fit_text(c, page, 0, y, b.p, c->f_small_bold, date_w, c->th.text_rgb,
					      "event-date", NULL);
		if (it) {
			it->x = spine - ms / 2 - 6 - it->w; /* right-aligned against the spine */
			it->y = y + (line_h - it->h) / 2;
			it->align = 1;
			attach(it, v);
		}
	}
	pl_buf_free(&b);
	struct pl_item *mk = add_marker(c, page, v, spine, y + line_h / 2, ms, "event");
	if (mk && citations) {
		/* the label and the citation beside it link to the source: a third
		 * link per row costs a 300-page handout a tenth of its time */
		free(mk->link);
		mk->link = NULL;
	}
	double max_w = c->right - tx;
	char more[32] = "";
	struct text_ext em = { 0 };
	if (group > 1) {
		snprintf(more, sizeof more, "+%zu", group - 1);
		text_ext_of(c, c->f_small_bold, more, &em);
		max_w -= em.w + 14;
	}
	struct content k = { 0 };
	if (set_content(c, v, &k, max_w, true, false) == 0) {
		emit_label(c, page, v, &k, tx, y, NAN, tx);
		c->dl->nshortened += k.shortened;
		if (group > 1) {
			cluster_badge(c, page, c->right - em.w - 8, y, &em, more, v->lane);
		}
	}
	free(k.label);
	if (citations) {
		/* Line 2: the outlets and titles the event rests on. */
		struct pl_buf cb = PL_BUF_INIT;
		for (size_t j = 0; j < v->e->nsources && j < 6; j++) {
			const struct pl_event_source *s = &v->e->sources[j];
			pl_buf_printf(&cb, "%s%s%s%s%s", j ? "; " : "", s->source ? s->source : "",
				      s->source && s->title ? ", " : "",
				      s->title ? "\xE2\x80\x9C" : "", s->title ? s->title : "");
			if (s->title)
				pl_buf_puts(&cb, "\xE2\x80\x9D");
			if (!s->source && !s->title && s->article)
				pl_buf_puts(&cb, s->article);
		}
		if (v->e->nsources > 6)
			pl_buf_printf(&cb, "; +%zu more", v->e->nsources - 6);
		if (!cb.oom && cb.len) {
			char *t = sanitize(cb.p);
			struct pl_item *it = fit_text(c, page, tx, y + line_h, t, c->f_small, c->right - tx,
						      c->th.muted_rgb, "citation", NULL);
			free(t);
			if (it) {
				attach(it, v);
				it->link = dl_strdup(c->dl, event_link(v->e));
			}
		}
		pl_buf_free(&cb);
	}
}

/* Chronology rows from `page0`; paged: new pages as needed (page height H),
 * else one page that grows (rows grouped beyond the theme's max height). */
static int chronology(struct chart *c, int page0, bool paged, bool with_title, bool citations,
		      bool count)
{
	struct pl_display *dl = c->dl;
	int page = page0;
	double y = c->th.margin;
	if (with_title)
		y = title_block(c, page, y);
	else {
		struct pl_item *it = fit_text(c, page, c->left, y, "Chronology", c->f_title, c->right - c->left,
					      c->th.text_rgb, "title", NULL);
		y += (it ? it->h : c->h_label) + c->th.label_size * 0.8;
	}
	size_t total = c->n + c->nund;
	double row_h = c->h_label + (citations ? c->h_small : 0) + c->th.label_size * 0.6;
	double foot_h = paged ? c->h_small * 2 : footer(c, page, 0, false, NULL);
	double page_bottom = c->H - c->th.margin - foot_h - c->th.label_size;
	/* Date column: as wide as the widest date, at most a third of the width. */
	double date_w = 0;
	struct pl_buf b = PL_BUF_INIT;
	for (size_t i = 0; i < total; i++) {
		const struct ev *v = i < c->n ? &c->ev[i] : &c->und[i - c->n];
		pl_buf_reset(&b);
		if (v->dated)
			event_date_text(v, &b);
		else
			pl_buf_puts(&b, "undated");
		struct text_ext e;
		if (!b.oom)
			measure_text(c->m, c->f_small_bold, b.p, b.len, &e);
		if (!b.oom && e.w > date_w)
			date_w = e.w;
	}
	pl_buf_free(&b);
	if (date_w > (c->right - c->left) / 3)
		date_w = (c->right - c->left) / 3;
	double spine = c->left + date_w + 6 + c->th.marker / 2;
	/* Breaks where the timeline's axis would break. */
	struct axis ax = { 0 };
	bool *brk = calloc(total + 1, sizeof *brk);
	struct when *w = malloc((c->n ? c->n : 1) * sizeof *w);
	if (!brk || !w) {
		free(brk);
		free(w);
		return -1;
	}
	axis_periods(c, w);
	if (c->n && axis_build(&ax, w, c->n, 0, 1000, 0) == 0)
		for (size_t s = 1; s < ax.nseg; s++)
			brk[ax.seg[s].first] = true;
	/* A single growing page has a height limit (PNG surfaces stop at 32767
	 * px and 2x is the explainer default): beyond it, rows group events. */
	size_t group = 1;
	bool grouped = false; /* some row stands for several events ("+N") */
	if (!paged) {
		double room = c->th.max_height - y - foot_h - 3 * c->th.margin;
		size_t max_rows = room > row_h ? (size_t)(room / (row_h * 1.05)) : 1;
		if (total > max_rows)
			group = (total + max_rows - 1) / max_rows;
	}
	double seg_top = y;
	for (size_t i = 0; i < total;) {
		const struct ev *v = i < c->n ? &c->ev[i] : &c->und[i - c->n];
		bool first_undated = i == c->n && c->nund;
		/* Rows keep equal spacing, except where a label's font has taller
		 * lines (emoji, some scripts): that row grows by the difference. */
		struct text_ext le;
		measure_text(c->m, c->f_label, v->label, strnlen(v->label, 400), &le);
		double line_h = fmax(c->h_label, le.h);
		double this_h = row_h + (line_h - c->h_label);
		double need = this_h + (brk[i] || first_undated ? c->h_small + 6 : 0);
		if (paged && y + need > page_bottom && y > c->th.margin + row_h) {
			dl_line(dl, page, spine, seg_top, spine, y, c->th.rule_rgb, 1.2, "spine");
			page++;
			y = c->th.margin;
			fit_text(c, page, c->left, y, "Chronology (continued)", c->f_small_bold,
				 c->right - c->left, c->th.muted_rgb, "running-head", NULL);
			y += c->h_small + c->th.label_size;
			seg_top = y;
		}
		if (brk[i] || first_undated) {
			dl_line(dl, page, spine, seg_top, spine, y, c->th.rule_rgb, 1.2, "spine");
			struct pl_buf g = PL_BUF_INIT;
			if (first_undated)
				pl_buf_puts(&g, "Undated");
			else {
				double end = -1e300;
				for (size_t j = 0; j < i; j++)
					end = fmax(end, w[j].t1);
				pl_buf_puts(&g, "\xE2\x89\x88 ");
				gap_format(w[i].t0 - end, &g);
				pl_buf_puts(&g, " later");
			}
			struct pl_item *it = dl_line(dl, page, spine, y, spine, y + c->h_small + 6, c->th.rule_rgb, 1.2, "spine");
			if (it)
				it->dashed = true;
			if (!g.oom)
				fit_text(c, page, spine + c->th.marker, y + 3, g.p, c->f_small_bold,
					 c->right - spine - c->th.marker, c->th.muted_rgb, "break", NULL);
			pl_buf_free(&g);
			y += c->h_small + 6;
			seg_top = y;
		}
		/* a group never crosses a break or the dated/undated boundary */
		size_t gsz = 1;
		while (gsz < group && i + gsz < total && !brk[i + gsz] && (i + gsz != c->n))
			gsz++;
		chrono_row(c, page, v, y, spine, date_w, citations, gsz, line_h);
		grouped |= gsz > 1;
		dl->nplaced += count;
		if (gsz > 1) {
			struct pl_buf nb = PL_BUF_INIT;
			for (size_t j = i + 1; j < i + gsz && j < i + 7; j++) {
				const struct ev *u = j < c->n ? &c->ev[j] : &c->und[j - c->n];
				pl_buf_printf(&nb, "%s%s", j > i + 1 ? "; " : "", u->label);
			}
			if (gsz > 7)
				pl_buf_printf(&nb, "; and %zu more", gsz - 7);
			struct pl_buf db = PL_BUF_INIT;
			if (v->dated)
				event_date_text(v, &db);
			if (!nb.oom && !db.oom)
				dl_note(dl, "+%zu with %s%s%s: %s", gsz - 1, v->label, db.len ? ", " : "",
					db.len ? db.p : "", nb.p);
			pl_buf_free(&nb);
			pl_buf_free(&db);
			dl->nclustered += count ? (long)(gsz - 1) : 0;
		}
		y += this_h;
		i += gsz;
	}
	dl_line(dl, page, spine, seg_top, spine, y - row_h + c->h_label, c->th.rule_rgb, 1.2, "spine");
	/* The key: shapes are types here too (on the last page if it fits). */
	c->key_connector = false; /* a list has no lanes to connect, and dates as words */
	c->key_cluster = grouped;
	c->key_bands = false;
	double lh = legend(c, page, 0, false);
	if (!paged || y + c->th.label_size + lh <= page_bottom) {
		y += c->th.label_size;
		y += legend(c, page, y, true);
	}
	if (!paged) {
		y += c->th.label_size * 0.5;
		y += draw_notes(c, page, y, 0, 6);
		y += c->th.label_size * 0.5;
		footer(c, page, y, true, NULL);
		c->H = y + foot_h + c->th.margin;
	}
	c->dl->npages = page + 1;
	axis_free(&ax);
	free(brk);
	free(w);
	return 0;
}

/* ---- Drawing order ----------------------------------------------------------- */

static int layer_of(const struct pl_item *it)
{
	const char *r = it->role ? it->role : "";
	switch (it->kind) {
	case PL_ITEM_RECT:
		if (!strcmp(r, "lane-band"))
			return 0;
		if (!strcmp(r, "break-band"))
			return 1;
		if (!strcmp(r, "fuzzy") || !strcmp(r, "span"))
			return 2;
		if (!strcmp(r, "label-bg"))
			return 3;
		return 5;
	case PL_ITEM_LINE:
		return !strcmp(r, "grid") ? 1 : 2;
	case PL_ITEM_MARKER:
		return 4;
	default:
		return 6;
	}
}

struct order { int layer; size_t i; };

static int cmp_order(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	if (x->layer != y->layer)
		return x->layer < y->layer ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Stable sort of the items by layer (backgrounds first, text last), per page. */
static int sort_layers(struct pl_display *dl)
{
	struct order *o = malloc((dl->nitems ? dl->nitems : 1) * sizeof *o);
	struct pl_item *v = malloc((dl->nitems ? dl->nitems : 1) * sizeof *v);
	if (!o || !v) {
		free(o);
		free(v);
		return -1;
	}
	for (size_t i = 0; i < dl->nitems; i++) {
		o[i].layer = dl->items[i].page * 8 + layer_of(&dl->items[i]);
		o[i].i = i;
	}
	qsort(o, dl->nitems, sizeof *o, cmp_order);
	for (size_t i = 0; i < dl->nitems; i++)
		v[i] = dl->items[o[i].i];
	memcpy(dl->items, v, dl->nitems * sizeof *v);
	free(v);
	free(o);
	return 0;
}

/* ---- Entry point ---------------------------------------------------------------- */

static void page_footers(struct chart *c)
{
	for (int p = 0; p < c->dl->npages; p++) {
		char extra[48];
		snprintf(extra, sizeof extra, "page %d of %d", p + 1, c->dl->npages);
		double h = footer(c, p, 0, false, extra);
		footer(c, p, c->H - c->th.margin - h, true, extra);
	}
}

struct pl_display *pl_layout(const struct pl_events *ev, const struct pl_chart_spec *spec,
			     struct pl_diags *d)
{
	static const char *const theme_names[] = { "explainer", "handout", "slide" };
	struct chart c = { 0 };
	struct pl_display *dl = NULL;
	bool ok = false;
	if (!ev || ev->n == 0) {
		pl_error(d, NULL, "no events to lay out");
		return NULL;
	}
	c.spec = spec;
	c.d = d;
	c.others = -1;
	c.halo_rgb = 0xFFFFFF;
	const char *tn = (size_t)spec->theme < 3 ? theme_names[spec->theme] : "explainer";
	if (theme_load(&c.th, spec->data_dir ? spec->data_dir : PARLEY_SRC_DATA_DIR, tn, d) < 0)
		return NULL;
	c.W = c.th.width;
	c.H = c.th.height;
	if (spec->theme == PL_THEME_HANDOUT) {
		const char *pg = spec->page ? spec->page : "A4";
		if (strcasecmp(pg, "A4") == 0) {
			c.W = 595.28; /* 210 x 297 mm in points */
			c.H = 841.89;
		} else if (strcasecmp(pg, "Letter") == 0) {
			c.W = 612;
			c.H = 792;
		} else {
			pl_error(d, NULL, "unknown page size '%s' (A4 or Letter)", pg);
			goto out;
		}
	}
	if (spec->width > 0)
		c.W = spec->width;
	if (spec->height > 0)
		c.H = spec->height;
	bool fixed = c.H > 0;
	if (c.W < 240 || (fixed && c.H < 200) || c.W > 100000 || c.H > 100000) {
		pl_error(d, NULL, "impossible chart size %.0f x %.0f (width at least 240, height 200)", c.W, c.H);
		goto out;
	}
	c.left = c.th.margin;
	c.right = c.W - c.th.margin;
	if (c.th.max_label_w > (c.right - c.left) * 0.6)
		c.th.max_label_w = (c.right - c.left) * 0.6;
	const char *fam = spec->font && *spec->font ? spec->font : c.th.font;
	snprintf(c.f_label, sizeof c.f_label, "%s %gpx", fam, c.th.label_size);
	snprintf(c.f_italic, sizeof c.f_italic, "%s Italic %gpx", fam, c.th.label_size * 0.92);
	snprintf(c.f_small, sizeof c.f_small, "%s %gpx", fam, c.th.small_size);
	snprintf(c.f_small_bold, sizeof c.f_small_bold, "%s Bold %gpx", fam, c.th.small_size);
	snprintf(c.f_bold, sizeof c.f_bold, "%s Bold %gpx", fam, c.th.label_size);
	snprintf(c.f_title, sizeof c.f_title, "%s Bold %gpx", fam, c.th.title_size);
	snprintf(c.f_sub, sizeof c.f_sub, "%s %gpx", fam, c.th.subtitle_size);
	c.m = measure_create();
	if (!c.m) {
		pl_error(d, NULL, "pango could not start (fonts)");
		goto out;
	}
	dl = calloc(1, sizeof *dl);
	if (!dl || prepare(&c, ev) < 0)
		goto oom;
	c.dl = dl;
	/* A chronology alone shows no lanes to name its colours: they follow the
	 * type there (the handout's list keeps the colours of its page-1 lanes). */
	c.color_by_type = spec->lanes == PL_LANES_TYPE || spec->lanes == PL_LANES_NONE ||
			  spec->layout == PL_LAYOUT_CHRONOLOGY;
	struct text_ext e;
	text_ext_of(&c, c.f_label, "Ag", &e);
	c.h_label = e.h;
	text_ext_of(&c, c.f_small, "Ag", &e);
	c.h_small = e.h;
	/* Metadata. */
	struct pl_buf b = PL_BUF_INIT;
	if (c.n) {
		pl_buf_printf(&b, "%zu events, ", c.n + c.nund);
		when_format(c.ev[0].first.t0, c.ev[0].first.prec, &b);
		pl_buf_puts(&b, " to ");
		const struct ev *last = &c.ev[c.n - 1];
		when_format(last->w.t1 - 1e-6, last->first.prec, &b);
	} else
		pl_buf_printf(&b, "%zu undated events", c.nund);
	char *desc = pl_buf_steal(&b);
	dl->title = sanitize(spec->title ? spec->title : "Timeline");
	dl->desc = spec->subtitle ? sanitize(spec->subtitle) : desc;
	if (spec->subtitle)
		free(desc);
	dl->author = dl_strdup(dl, "parley");
	dl->subject = dl_strdup(dl, "Timeline of diplomatic events from news reports");
	if (!dl->title || !dl->desc)
		dl->oom = true;
	dl->width = c.W;
	dl->npages = 1;
	int rc;
	if (spec->layout == PL_LAYOUT_CHRONOLOGY) {
		rc = chronology(&c, 0, fixed, true, spec->theme == PL_THEME_HANDOUT, true);
		if (rc == 0 && fixed)
			page_footers(&c);
	} else if (spec->theme == PL_THEME_HANDOUT) {
		rc = timeline(&c, 0, c.th.margin, c.H - c.th.margin - 3 * c.h_small, true, false);
		if (rc == 0)
			rc = chronology(&c, 1, true, false, true, false);
		if (rc == 0)
			page_footers(&c);
	} else
		rc = timeline(&c, 0, c.th.margin, fixed ? c.H - c.th.margin : 0, fixed, true);
	if (rc < 0) {
		if (d->nerrors == 0)
			goto oom;
		goto out;
	}
	long unk = measure_unknown_total(c.m);
	if (unk > 0)
		dl_note(dl, "%ld character%s ha%s no glyph in the fonts available (drawn as boxes).", unk,
			unk == 1 ? "" : "s", unk == 1 ? "s" : "ve");
	dl->height = c.H;
	if (dl->oom || sort_layers(dl) < 0)
		goto oom; /* an item or string went missing: a chart with holes is no chart */
	dl->lanes = c.lanes;
	dl->nlanes = c.nlanes;
	c.lanes = NULL;
	ok = true;
	goto out;
oom:
	pl_error(d, NULL, "out of memory laying out %zu events", ev->n);
out:
	for (size_t i = 0; i < c.n; i++)
		free(c.ev[i].label);
	for (size_t i = 0; i < c.nund; i++)
		free(c.und[i].label);
	free(c.ev);
	free(c.und);
	for (size_t i = 0; c.lanes && i < c.nlanes; i++)
		free(c.lanes[i]);
	free(c.lanes);
	for (size_t i = 0; i < c.nkeys; i++)
		free(c.keys[i]);
	free(c.keys);
	free(c.keymap);
	for (int k = 0; k < c.nsrc_lines; k++)
		free(c.src_lines[k]);
	free(c.types);
	free(c.tshape);
	measure_destroy(c.m);
	theme_free(&c.th);
	if (!ok) {
		pl_display_destroy(dl);
		return NULL;
	}
	return dl;
}
