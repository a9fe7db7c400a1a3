/* svg_out.c - the SVG back-end, written by hand: labels stay real <text>
 * (cairo's SVG surface turns glyphs into paths), with <title>/<desc>, a group
 * per lane and per event, per-event <title> tooltips and <a> links.
 *
 * Structure (docs/RENDER.md):
 *   <svg role="img" aria-labelledby="chart-title chart-desc">
 *     <title id="chart-title"/> <desc id="chart-desc"/>
 *     <g id="background">  rects and lines drawn before the first event (bands, grid, axis)
 *     <g id="frame">       other items of no lane and no event (title, ticks, legend, footer)
 *     <g id="underlay">    event stems, connectors, leaders and spans, each with data-event
 *     <g id="lane-N" class="lane" data-lane="NAME">   lane header, then
 *       <g id="event-ID" class="event" data-event="ID"><title>tooltip</title> ...items </g>
 *     <g id="events">      events of no lane (--lanes none)
 * Pages stack vertically.  Text is escaped for XML 1.0: & < > quotes, and
 * characters XML 1.0 forbids are dropped (no CDATA is ever written).
 */
#include "render/output.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

/* Per font description: its SVG attributes and the baseline of one line. */
struct font_info {
	char *desc;     /* pango description string, the key */
	char *attrs;    /* ' font-family="..." font-size="..."...' */
	double baseline; /* top of the line box to the baseline, output units (ASCII text) */
};

struct svg {
	struct pl_buf out;
	const struct pl_display *dl;
	bool tag_event;  /* elements carry data-event (the underlay, outside event groups) */
	PangoContext *ctx;
	PangoLayout *lay;
	struct font_info *fonts;
	size_t nfonts, capfonts;
};

/* ---- Escaping ------------------------------------------------------------- */

/* Code points XML 1.0 does not allow (or that no text should carry): C0
 * controls but tab/newline/CR, C1 controls, U+FFFE/U+FFFF. */
static bool xml_forbidden(uint32_t cp)
{
	return (cp < 0x20 && cp != 0x9 && cp != 0xA && cp != 0xD) || (cp >= 0x7F && cp <= 0x9F) ||
	       cp == 0xFFFE || cp == 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF);
}

/* Append s (n bytes) escaped for element content (attr false) or a
 * double-quoted attribute (attr true; newlines and tabs become references so
 * attribute normalisation keeps them). */
static void esc(struct pl_buf *b, const char *s, size_t n, bool attr)
{
	size_t i = 0, run = 0; /* run: start of bytes that need no escaping */
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			uint32_t cp;
			int k = pl_utf8_decode(s + i, n - i, &cp);
			if (k > 0 && !xml_forbidden(cp)) {
				i += (size_t)k;
				continue;
			}
			pl_buf_append(b, s + run, i - run);
			if (k == 0)
				pl_buf_puts(b, "\xEF\xBF\xBD"); /* invalid UTF-8: U+FFFD */
			i += k > 0 ? (size_t)k : 1;
			run = i;
			continue;
		}
		const char *rep = NULL;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break; /* also defuses "]]>" */
		case '"': rep = attr ? "&quot;" : NULL; break;
		case '\'': rep = attr ? "&apos;" : NULL; break;
		case '\n': rep = attr ? "&#10;" : NULL; break;
		case '\t': rep = attr ? "&#9;" : NULL; break;
		case '\r': rep = "&#13;"; break;
		default:
			if (c < 0x20 || c == 0x7F)
				rep = ""; /* forbidden in XML 1.0: dropped */
		}
		if (rep) {
			pl_buf_append(b, s + run, i - run);
			pl_buf_puts(b, rep);
			run = i + 1;
		}
		i++;
	}
	pl_buf_append(b, s + run, i - run);
}

static void esc_attr(struct pl_buf *b, const char *s)
{
	esc(b, s, strlen(s), true);
}

/* Coordinates with at most 2 decimals and no trailing zeros (0.01 px is
 * below any renderer's precision and keeps 10,000-event files small). */
static void num(struct pl_buf *b, double v)
{
	char tmp[48];
	if (!isfinite(v))
		v = 0;
	long long c = llround(v * 100);
	int k = snprintf(tmp, sizeof tmp, "%s%lld", c < 0 ? "-" : "", (c < 0 ? -c : c) / 100);
	int frac = (int)((c < 0 ? -c : c) % 100);
	if (frac && k > 0 && k < (int)sizeof tmp - 4) {
		tmp[k++] = '.';
		tmp[k++] = (char)('0' + frac / 10);
		if (frac % 10)
			tmp[k++] = (char)('0' + frac % 10);
		tmp[k] = '\0';
	}
	if (strcmp(tmp, "-0") == 0)
		tmp[0] = '0', tmp[1] = '\0';
	pl_buf_puts(b, tmp);
}

static void attr_num(struct pl_buf *b, const char *name, double v)
{
	pl_buf_printf(b, " %s=\"", name);
	num(b, v);
	pl_buf_putc(b, '"');
}

static void color(struct pl_buf *b, const char *what, struct pl_color c)
{
	pl_buf_printf(b, " %s=\"#%06X\"", what, (unsigned)(c.rgb & 0xFFFFFF));
	if (c.alpha < 1) {
		pl_buf_printf(b, " %s-opacity=\"", what);
		num(b, c.alpha < 0 ? 0 : c.alpha);
		pl_buf_putc(b, '"');
	}
}

static void stroke_attrs(struct pl_buf *b, const struct pl_item *it, struct pl_color c, double w)
{
	color(b, "stroke", c);
	attr_num(b, "stroke-width", w);
	if (render_dashed(it)) {
		double pat[2];
		render_dash(it, w, pat);
		pl_buf_puts(b, " stroke-dasharray=\"");
		num(b, pat[0]);
		pl_buf_putc(b, ' ');
		num(b, pat[1]);
		pl_buf_putc(b, '"');
	}
}

static void role_class(struct svg *g, const struct pl_item *it)
{
	struct pl_buf *b = &g->out;
	if (g->tag_event && it->event_id)
		pl_buf_printf(b, " data-event=\"%lld\"", (long long)it->event_id);
	/* Markers are class "marker ROLE": a marker's role may be "event", which
	 * must not read as the event groups' class in a stylesheet. */
	bool marker = it->kind == PL_ITEM_MARKER;
	bool role = it->role && *it->role && !(marker && strcmp(it->role, "marker") == 0);
	if (marker || role) {
		pl_buf_puts(b, marker ? " class=\"marker" : " class=\"");
		if (role) {
			if (marker)
				pl_buf_putc(b, ' ');
			esc_attr(b, it->role);
		}
		pl_buf_putc(b, '"');
	}
}

/* ---- Fonts ---------------------------------------------------------------- */

static const char *css_style(PangoStyle s)
{
	return s == PANGO_STYLE_ITALIC ? "italic" : s == PANGO_STYLE_OBLIQUE ? "oblique" : NULL;
}

static const char *css_stretch(PangoStretch s)
{
	static const char *names[] = { "ultra-condensed", "extra-condensed", "condensed",
				       "semi-condensed", NULL, "semi-expanded", "expanded",
				       "extra-expanded", "ultra-expanded" };
	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : NULL;
}

/* The first line's baseline of `text` in the layout's current font. */
static double layout_baseline(struct svg *g, const char *text, int n)
{
	pango_layout_set_text(g->lay, text, n);
	return (double)pango_layout_get_baseline(g->lay) / PANGO_SCALE;
}

static struct font_info *font_get(struct svg *g, const char *desc)
{
	for (size_t i = 0; i < g->nfonts; i++)
		if (strcmp(g->fonts[i].desc, desc) == 0)
			return &g->fonts[i];
	if (!pl_grow(&g->fonts, &g->capfonts, g->nfonts, sizeof *g->fonts))
		return NULL;
	PangoFontDescription *fd = pango_font_description_from_string(desc);
	struct pl_buf a = PL_BUF_INIT;
	const char *fam = pango_font_description_get_family(fd);
	/* Each family quoted; a generic family last so viewers without the font
	 * still pick the right kind. */
	pl_buf_puts(&a, " font-family=\"");
	bool serif = false, mono = false;
	for (const char *p = fam ? fam : "sans-serif"; *p;) {
		size_t k = strcspn(p, ",");
		while (k && *p == ' ')
			p++, k--;
		if (k) {
			pl_buf_puts(&a, "&apos;");
			esc(&a, p, k, true);
			pl_buf_puts(&a, "&apos;, ");
			serif |= strstr(p, "Serif") && strstr(p, "Serif") < p + k && !strstr(p, "Sans");
			mono |= strstr(p, "Mono") && strstr(p, "Mono") < p + k;
		}
		p += k + (p[k] == ',');
	}
	pl_buf_puts(&a, mono ? "monospace\"" : serif ? "serif\"" : "sans-serif\"");
	/* Sizes: px when absolute; points at 72 dpi equal output units (RENDER_PANGO_DPI). */
	double size = (double)pango_font_description_get_size(fd) / PANGO_SCALE;
	if (size > 0)
		attr_num(&a, "font-size", size * (pango_font_description_get_size_is_absolute(fd) ?
						   1 : RENDER_PANGO_DPI / 72.0));
	int wt = (int)pango_font_description_get_weight(fd);
	if (wt != PANGO_WEIGHT_NORMAL)
		pl_buf_printf(&a, " font-weight=\"%d\"", wt);
	if (css_style(pango_font_description_get_style(fd)))
		pl_buf_printf(&a, " font-style=\"%s\"", css_style(pango_font_description_get_style(fd)));
	if (css_stretch(pango_font_description_get_stretch(fd)))
		pl_buf_printf(&a, " font-stretch=\"%s\"",
			      css_stretch(pango_font_description_get_stretch(fd)));
	pango_layout_set_font_description(g->lay, fd);
	pango_font_description_free(fd);
	struct font_info *fi = &g->fonts[g->nfonts];
	fi->desc = pl_strdup(desc);
	fi->attrs = pl_buf_steal(&a);
	fi->baseline = layout_baseline(g, "Hg", 2);
	if (!fi->desc || !fi->attrs) {
		free(fi->desc);
		free(fi->attrs);
		return NULL;
	}
	g->nfonts++;
	return fi;
}

static bool all_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* ---- Items ---------------------------------------------------------------- */

static void link_open(struct svg *g, const struct pl_item *it)
{
	if (!render_link_ok(it->link))
		return;
	pl_buf_puts(&g->out, "<a href=\"");
	esc_attr(&g->out, it->link);
	pl_buf_puts(&g->out, "\" xlink:href=\"");
	esc_attr(&g->out, it->link);
	pl_buf_puts(&g->out, "\">");
}

static void link_close(struct svg *g, const struct pl_item *it)
{
	if (render_link_ok(it->link))
		pl_buf_puts(&g->out, "</a>");
}

static void put_rect(struct svg *g, const struct pl_item *it, double yoff)
{
	struct pl_buf *b = &g->out;
	pl_buf_puts(b, "<rect");
	role_class(g, it);
	attr_num(b, "x", it->x);
	attr_num(b, "y", it->y + yoff);
	attr_num(b, "width", it->w > 0 ? it->w : 0);
	attr_num(b, "height", it->h > 0 ? it->h : 0);
	if (it->has_fill)
		color(b, "fill", it->fill);
	else
		pl_buf_puts(b, " fill=\"none\"");
	if (it->has_stroke && it->stroke_width > 0)
		stroke_attrs(b, it, it->stroke, it->stroke_width);
	pl_buf_puts(b, "/>\n");
}

static void put_line(struct svg *g, const struct pl_item *it, double yoff)
{
	if (!it->has_stroke || it->stroke_width <= 0)
		return;
	struct pl_buf *b = &g->out;
	pl_buf_puts(b, "<line");
	role_class(g, it);
	attr_num(b, "x1", it->x);
	attr_num(b, "y1", it->y + yoff);
	attr_num(b, "x2", it->x2);
	attr_num(b, "y2", it->y2 + yoff);
	stroke_attrs(b, it, it->stroke, it->stroke_width);
	pl_buf_puts(b, "/>\n");
}

static void put_marker(struct svg *g, const struct pl_item *it, double yoff)
{
	struct pl_buf *b = &g->out;
	double pts[2 * RENDER_MARKER_MAXPTS];
	double r = render_marker_radius(it), cx = it->x + it->w / 2, cy = it->y + yoff + it->h / 2;
	size_t n = render_marker_polygon(it->shape, cx, cy, r, pts);
	if (n == 0) {
		pl_buf_puts(b, "<circle");
		role_class(g, it);
		attr_num(b, "cx", cx);
		attr_num(b, "cy", cy);
		attr_num(b, "r", r);
	} else {
		pl_buf_puts(b, "<polygon");
		role_class(g, it);
		pl_buf_puts(b, " points=\"");
		for (size_t i = 0; i < n; i++) {
			if (i)
				pl_buf_putc(b, ' ');
			num(b, pts[2 * i]);
			pl_buf_putc(b, ',');
			num(b, pts[2 * i + 1]);
		}
		pl_buf_putc(b, '"');
	}
	/* Same policy as the cairo back-end: hollow = paper fill, lane-colour outline. */
	struct pl_color stroke = it->has_stroke ? it->stroke : it->fill;
	double sw = it->stroke_width > 0 ? it->stroke_width : 1;
	if (it->hollow && sw < 1.5)
		sw = 1.5;
	if (it->hollow)
		color(b, "fill", (struct pl_color){ RENDER_HOLLOW_FILL, 1 });
	else if (it->has_fill)
		color(b, "fill", it->fill);
	else
		pl_buf_puts(b, " fill=\"none\"");
	if (it->has_stroke || it->hollow) {
		stroke_attrs(b, it, stroke, sw);
		pl_buf_puts(b, " stroke-linejoin=\"round\"");
	}
	pl_buf_puts(b, "/>\n");
	if (it->struck) {
		double x0, y0, x1, y1, w = render_strike_width(it);
		render_marker_strike(it, yoff, &x0, &y0, &x1, &y1);
		for (int pass = 0; pass < 2; pass++) {
			pl_buf_puts(b, "<line class=\"strike\"");
			attr_num(b, "x1", x0);
			attr_num(b, "y1", y0);
			attr_num(b, "x2", x1);
			attr_num(b, "y2", y1);
			/* first a paper-coloured halo, then the strike */
			if (pass == 0)
				color(b, "stroke", (struct pl_color){ 0xFFFFFF, 1 });
			else
				color(b, "stroke", (struct pl_color){ RENDER_STRIKE_RGB, 1 });
			attr_num(b, "stroke-width", pass == 0 ? w + RENDER_STRIKE_HALO : w);
			pl_buf_puts(b, " stroke-linecap=\"round\"/>\n");
		}
	}
}

static void put_text(struct svg *g, const struct pl_item *it, double yoff)
{
	if (!it->text || !*it->text)
		return;
	struct font_info *fi = font_get(g, it->font ? it->font : "sans-serif 12px");
	if (!fi)
		return;
	struct pl_buf *b = &g->out;
	/* Anchor by alignment so a viewer with other fonts keeps the alignment;
	 * with direction="rtl", "start" is the right edge. */
	double x = it->x;
	const char *anchor = it->rtl ? "end" : "start";
	if (it->align == 0) {
		x += it->w / 2;
		anchor = "middle";
	} else if (it->align > 0) {
		x += it->w;
		anchor = it->rtl ? "start" : "end";
	}
	bool multi = strchr(it->text, '\n') != NULL;
	/* Baselines: ASCII text in a known font shares one; anything else (other
	 * scripts, fallback fonts, several lines) is measured as pango will draw it. */
	double base = fi->baseline;
	PangoLayoutIter *iter = NULL;
	if (multi || !all_ascii(it->text)) {
		PangoFontDescription *fd = pango_font_description_from_string(fi->desc);
		pango_layout_set_font_description(g->lay, fd);
		pango_font_description_free(fd);
		base = layout_baseline(g, it->text, -1);
		if (multi)
			iter = pango_layout_get_iter(g->lay);
	}
	pl_buf_puts(b, "<text");
	role_class(g, it);
	attr_num(b, "x", x);
	attr_num(b, "y", it->y + yoff + base);
	pl_buf_puts(b, fi->attrs);
	color(b, "fill", it->has_fill ? it->fill : (struct pl_color){ 0, 1 });
	if (strcmp(anchor, "start") != 0)
		pl_buf_printf(b, " text-anchor=\"%s\"", anchor);
	if (it->rtl)
		pl_buf_puts(b, " direction=\"rtl\"");
	pl_buf_putc(b, '>');
	if (!multi) {
		esc(b, it->text, strlen(it->text), false);
	} else {
		const char *line = it->text;
		for (bool more = true; more;) {
			const char *nl = strchr(line, '\n');
			size_t len = nl ? (size_t)(nl - line) : strlen(line);
			double lb = base;
			if (iter)
				lb = (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
			pl_buf_puts(b, "<tspan");
			attr_num(b, "x", x);
			attr_num(b, "y", it->y + yoff + lb);
			pl_buf_putc(b, '>');
			esc(b, line, len, false);
			pl_buf_puts(b, "</tspan>");
			more = nl != NULL;
			line = nl ? nl + 1 : line;
			if (iter && more && !pango_layout_iter_next_line(iter)) {
				pango_layout_iter_free(iter);
				iter = NULL;
			}
		}
	}
	if (iter)
		pango_layout_iter_free(iter);
	pl_buf_puts(b, "</text>\n");
}

static void put_item(struct svg *g, const struct pl_item *it)
{
	double yoff = it->page > 0 ? it->page * g->dl->height : 0;
	/* boxes, markers and labels may link to the event's source; lines never do */
	bool link = it->kind != PL_ITEM_LINE;
	if (link)
		link_open(g, it);
	switch (it->kind) {
	case PL_ITEM_RECT: put_rect(g, it, yoff); break;
	case PL_ITEM_LINE: put_line(g, it, yoff); break;
	case PL_ITEM_MARKER: put_marker(g, it, yoff); break;
	case PL_ITEM_TEXT: put_text(g, it, yoff); break;
	}
	if (link)
		link_close(g, it);
}

/* ---- Grouping --------------------------------------------------------------- */

/* One event's items: indices into dl->items in drawing order. */
struct ev_ref {
	int64_t id;
	size_t idx;
};

static int cmp_ref(const void *a, const void *b)
{
	const struct ev_ref *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

struct ev_group {
	size_t first, n; /* run in the sorted refs */
	int lane;        /* home lane: the lane of its first item that has one */
	size_t order;    /* index of its first item */
};

static int cmp_group(const void *a, const void *b)
{
	const struct ev_group *x = a, *y = b;
	if (x->lane != y->lane)
		return x->lane < y->lane ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void put_event(struct svg *g, const struct ev_group *eg, const struct ev_ref *refs)
{
	const struct pl_display *dl = g->dl;
	const char *tip = NULL;
	for (size_t k = 0; k < eg->n && !tip; k++)
		tip = dl->items[refs[eg->first + k].idx].tooltip;
	long long id = (long long)refs[eg->first].id;
	pl_buf_printf(&g->out, "<g id=\"event-%lld\" class=\"event\" data-event=\"%lld\">", id, id);
	if (tip) {
		pl_buf_puts(&g->out, "<title>");
		esc(&g->out, tip, strlen(tip), false);
		pl_buf_puts(&g->out, "</title>");
	}
	pl_buf_putc(&g->out, '\n');
	for (size_t k = 0; k < eg->n; k++)
		put_item(g, &dl->items[refs[eg->first + k].idx]);
	pl_buf_puts(&g->out, "</g>\n");
}

static void put_head(struct svg *g)
{
	const struct pl_display *dl = g->dl;
	struct pl_buf *b = &g->out;
	double h = dl->height * (dl->npages > 0 ? dl->npages : 1);
	pl_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		       "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		       "xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\"");
	attr_num(b, "width", dl->width);
	attr_num(b, "height", h);
	pl_buf_puts(b, " viewBox=\"0 0 ");
	num(b, dl->width);
	pl_buf_putc(b, ' ');
	num(b, h);
	pl_buf_puts(b, "\" role=\"img\" aria-labelledby=\"chart-title chart-desc\">\n");
	/* Text runs were measured as whole paragraphs; isolate them so a stray
	 * bidi override in a label cannot reorder anything around it. */
	pl_buf_puts(b, "<style>text{unicode-bidi:isolate;white-space:pre}</style>\n");
	pl_buf_puts(b, "<title id=\"chart-title\">");
	if (dl->title)
		esc(b, dl->title, strlen(dl->title), false);
	pl_buf_puts(b, "</title>\n<desc id=\"chart-desc\">");
	if (dl->desc)
		esc(b, dl->desc, strlen(dl->desc), false);
	pl_buf_puts(b, "</desc>\n");
	if (dl->author) {
		pl_buf_puts(b, "<metadata><dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">");
		esc(b, dl->author, strlen(dl->author), false);
		pl_buf_puts(b, "</dc:creator></metadata>\n");
	}
}

/* Event items drawn under every event's labels and markers: stems,
 * connectors and leader lines cross other events' rows, spans and fuzzy
 * spans run under other markers.  The layout draws them before every halo,
 * marker and label; the SVG keeps that order by drawing them in one group
 * before the lanes (each with data-event), not inside their event's group. */
static bool underlay(const struct pl_item *it)
{
	return it->event_id && (it->kind == PL_ITEM_LINE ||
				(it->kind == PL_ITEM_RECT && it->role &&
				 (strcmp(it->role, "span") == 0 || strcmp(it->role, "fuzzy") == 0)));
}

static int build(struct svg *g)
{
	const struct pl_display *dl = g->dl;
	size_t nev = 0, first_ev = dl->nitems;
	int maxlane = (int)dl->nlanes - 1;
	for (size_t i = 0; i < dl->nitems; i++) {
		if (dl->items[i].event_id && !underlay(&dl->items[i]))
			nev++;
		if (dl->items[i].event_id) {
			if (first_ev == dl->nitems)
				first_ev = i;
		}
		if (dl->items[i].lane > maxlane)
			maxlane = dl->items[i].lane;
	}
	struct ev_ref *refs = malloc((nev ? nev : 1) * sizeof *refs);
	struct ev_group *grp = malloc((nev ? nev : 1) * sizeof *grp);
	size_t ngrp = 0;
	if (!refs || !grp) {
		free(refs);
		free(grp);
		return -1;
	}
	for (size_t i = 0, k = 0; i < dl->nitems; i++)
		if (dl->items[i].event_id && !underlay(&dl->items[i]))
			refs[k++] = (struct ev_ref){ dl->items[i].event_id, i };
	qsort(refs, nev, sizeof *refs, cmp_ref);
	for (size_t k = 0; k < nev;) {
		size_t e = k;
		int lane = -1;
		for (; e < nev && refs[e].id == refs[k].id; e++)
			if (lane < 0 && dl->items[refs[e].idx].lane >= 0)
				lane = dl->items[refs[e].idx].lane;
		grp[ngrp++] = (struct ev_group){ k, e - k, lane, refs[k].idx };
		k = e;
	}
	qsort(grp, ngrp, sizeof *grp, cmp_group);

	put_head(g);
	struct pl_buf *b = &g->out;
	/* background: what lies under every event */
	pl_buf_puts(b, "<g id=\"background\">\n");
	for (size_t i = 0; i < first_ev; i++) {
		const struct pl_item *it = &dl->items[i];
		if (it->kind == PL_ITEM_RECT || it->kind == PL_ITEM_LINE)
			put_item(g, it);
	}
	for (int p = 1; p < dl->npages; p++) {
		pl_buf_puts(b, "<line class=\"page-break\" x1=\"0\"");
		attr_num(b, "y1", p * dl->height);
		attr_num(b, "x2", dl->width);
		attr_num(b, "y2", p * dl->height);
		pl_buf_puts(b, " stroke=\"#999999\" stroke-width=\"1\" stroke-dasharray=\"6 4\"/>\n");
	}
	pl_buf_puts(b, "</g>\n<g id=\"frame\">\n");
	for (size_t i = 0; i < dl->nitems; i++) {
		const struct pl_item *it = &dl->items[i];
		bool bg = i < first_ev && (it->kind == PL_ITEM_RECT || it->kind == PL_ITEM_LINE);
		if (!it->event_id && it->lane < 0 && !bg)
			put_item(g, it);
	}
	pl_buf_puts(b, "</g>\n<g id=\"underlay\">\n");
	g->tag_event = true;
	for (size_t i = 0; i < dl->nitems; i++)
		if (underlay(&dl->items[i]))
			put_item(g, &dl->items[i]);
	g->tag_event = false;
	pl_buf_puts(b, "</g>\n");
	size_t gi = 0;
	while (gi < ngrp && grp[gi].lane < 0)
		gi++;
	size_t unlaned = gi;
	for (int lane = 0; lane <= maxlane; lane++) {
		pl_buf_printf(b, "<g id=\"lane-%d\" class=\"lane\" data-lane=\"", lane);
		if ((size_t)lane < dl->nlanes && dl->lanes[lane])
			esc_attr(b, dl->lanes[lane]);
		pl_buf_puts(b, "\">\n");
		for (size_t i = 0; i < dl->nitems; i++) {
			const struct pl_item *it = &dl->items[i];
			bool bg = i < first_ev && (it->kind == PL_ITEM_RECT || it->kind == PL_ITEM_LINE);
			if (!it->event_id && it->lane == lane && !bg)
				put_item(g, it);
		}
		for (; gi < ngrp && grp[gi].lane == lane; gi++)
			put_event(g, &grp[gi], refs);
		pl_buf_puts(b, "</g>\n");
	}
	if (unlaned) {
		pl_buf_puts(b, "<g id=\"events\">\n");
		for (size_t k = 0; k < unlaned; k++)
			put_event(g, &grp[k], refs);
		pl_buf_puts(b, "</g>\n");
	}
	pl_buf_puts(b, "</svg>\n");
	free(refs);
	free(grp);
	return b->oom ? -1 : 0;
}

int render_svg(const struct pl_display *dl, FILE *f, const char *path, struct pl_diags *d)
{
	struct svg g = { .out = PL_BUF_INIT, .dl = dl };
	int rc = -1;
	PangoFontMap *fm = pango_cairo_font_map_new();
	if (fm) {
		g.ctx = pango_font_map_create_context(fm);
		g_object_unref(fm);
	}
	if (!g.ctx) {
		pl_error(d, path, "pango could not start (fonts)");
		goto out;
	}
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(g.ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(g.ctx, RENDER_PANGO_DPI);
	g.lay = pango_layout_new(g.ctx);
	pango_layout_set_auto_dir(g.lay, TRUE);
	if (build(&g) < 0) {
		pl_error(d, path, "out of memory");
		goto out;
	}
	if (fwrite(g.out.p, 1, g.out.len, f) != g.out.len) {
		pl_error(d, path, "write failed");
		goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < g.nfonts; i++) {
		free(g.fonts[i].desc);
		free(g.fonts[i].attrs);
	}
	free(g.fonts);
	if (g.lay)
		g_object_unref(g.lay);
	if (g.ctx)
		g_object_unref(g.ctx);
	pl_buf_free(&g.out);
	return rc;
}
