/* cairo_out.c - the cairo back-end: a display list to PNG (image surface at a
 * scale) or PDF (vector pages, selectable pango text, metadata, source links). */
#include "render/output.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <cairo-pdf.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Pixels an image may hold: 2^28 (1 GiB of ARGB) is far beyond any chart. */
#define PNG_MAX_PIXELS (1.0 * (1 << 28))

struct painter {
	cairo_t *cr;
	PangoContext *ctx;
	PangoLayout *lay;
	char *cur_font; /* description set on lay (descriptions repeat: parse once) */
	bool pdf;       /* emit link tags */
};

static cairo_status_t write_fp(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void set_rgba(cairo_t *cr, struct pl_color c)
{
	cairo_set_source_rgba(cr, ((c.rgb >> 16) & 0xFF) / 255.0, ((c.rgb >> 8) & 0xFF) / 255.0,
			      (c.rgb & 0xFF) / 255.0, c.alpha);
}

/* Fonts are measured by the layout with these options (text_measure.c);
 * drawing with others would move glyphs out of their boxes. */
static int painter_init(struct painter *p, cairo_t *cr, bool pdf)
{
	memset(p, 0, sizeof *p);
	p->cr = cr;
	p->pdf = pdf;
	/* A private font map: pango's default one is per thread and never freed. */
	PangoFontMap *fm = pango_cairo_font_map_new();
	if (!fm)
		return -1;
	p->ctx = pango_font_map_create_context(fm);
	g_object_unref(fm);
	if (!p->ctx)
		return -1;
	pango_cairo_update_context(cr, p->ctx);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(p->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(p->ctx, RENDER_PANGO_DPI);
	p->lay = pango_layout_new(p->ctx);
	if (!p->lay)
		return -1;
	pango_layout_set_auto_dir(p->lay, TRUE); /* as the measurer does */
	return 0;
}

static void painter_finish(struct painter *p)
{
	if (p->lay)
		g_object_unref(p->lay);
	if (p->ctx)
		g_object_unref(p->ctx);
	free(p->cur_font);
}

static void dash(cairo_t *cr, const struct pl_item *it, double w)
{
	if (render_dashed(it)) {
		double pat[2];
		render_dash(it, w, pat);
		cairo_set_dash(cr, pat, 2, 0);
	} else {
		cairo_set_dash(cr, NULL, 0, 0);
	}
}

/* Start a link tag when the item has a link we allow; returns whether one began. */
static bool link_begin(struct painter *p, const struct pl_item *it)
{
	if (!p->pdf || !render_link_ok(it->link))
		return false;
	/* cairo's tag attribute syntax: uri='...' with \' and \\ escaped. */
	struct pl_buf a = PL_BUF_INIT;
	pl_buf_puts(&a, "uri='");
	for (const char *s = it->link; *s; s++) {
		if (*s == '\'' || *s == '\\')
			pl_buf_putc(&a, '\\');
		pl_buf_putc(&a, *s);
	}
	pl_buf_putc(&a, '\'');
	bool ok = !a.oom;
	if (ok)
		cairo_tag_begin(p->cr, CAIRO_TAG_LINK, a.p);
	pl_buf_free(&a);
	return ok;
}

static void draw_rect(cairo_t *cr, const struct pl_item *it, double yoff)
{
	cairo_rectangle(cr, it->x, it->y + yoff, it->w, it->h);
	if (it->has_fill) {
		set_rgba(cr, it->fill);
		cairo_fill_preserve(cr);
	}
	if (it->has_stroke && it->stroke_width > 0) {
		set_rgba(cr, it->stroke);
		cairo_set_line_width(cr, it->stroke_width);
		dash(cr, it, it->stroke_width);
		cairo_stroke_preserve(cr);
	}
	cairo_new_path(cr);
}

static void draw_line(cairo_t *cr, const struct pl_item *it, double yoff)
{
	if (!it->has_stroke || it->stroke_width <= 0)
		return;
	cairo_move_to(cr, it->x, it->y + yoff);
	cairo_line_to(cr, it->x2, it->y2 + yoff);
	set_rgba(cr, it->stroke);
	cairo_set_line_width(cr, it->stroke_width);
	dash(cr, it, it->stroke_width);
	cairo_stroke(cr);
}

static void draw_marker(cairo_t *cr, const struct pl_item *it, double yoff)
{
	double pts[2 * RENDER_MARKER_MAXPTS];
	double r = render_marker_radius(it), cx = it->x + it->w / 2, cy = it->y + yoff + it->h / 2;
	size_t n = render_marker_polygon(it->shape, cx, cy, r, pts);
	if (n == 0) {
		cairo_new_sub_path(cr);
		cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
	} else {
		cairo_move_to(cr, pts[0], pts[1]);
		for (size_t i = 1; i < n; i++)
			cairo_line_to(cr, pts[2 * i], pts[2 * i + 1]);
		cairo_close_path(cr);
	}
	/* Hollow (planned): paper-coloured inside, outline in the lane colour. */
	struct pl_color fill = it->hollow ? (struct pl_color){ RENDER_HOLLOW_FILL, 1 } : it->fill;
	struct pl_color stroke = it->has_stroke ? it->stroke : it->fill;
	double sw = it->stroke_width > 0 ? it->stroke_width : 1;
	if (it->hollow && sw < 1.5)
		sw = 1.5;
	if (it->has_fill || it->hollow) {
		set_rgba(cr, fill);
		cairo_fill_preserve(cr);
	}
	if (it->has_stroke || it->hollow) {
		set_rgba(cr, stroke);
		cairo_set_line_width(cr, sw);
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
		dash(cr, it, sw);
		cairo_stroke_preserve(cr);
	}
	cairo_new_path(cr);
	if (it->struck) {
		double x0, y0, x1, y1, w = render_strike_width(it);
		render_marker_strike(it, yoff, &x0, &y0, &x1, &y1);
		cairo_set_dash(cr, NULL, 0, 0);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		/* a thin paper-coloured halo keeps the strike visible on any fill */
		for (int pass = 0; pass < 2; pass++) {
			if (pass == 0)
				cairo_set_source_rgb(cr, 1, 1, 1);
			else
				set_rgba(cr, (struct pl_color){ RENDER_STRIKE_RGB, 1 });
			cairo_set_line_width(cr, pass == 0 ? w + RENDER_STRIKE_HALO : w);
			cairo_move_to(cr, x0, y0);
			cairo_line_to(cr, x1, y1);
			cairo_stroke(cr);
		}
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	}
}

static void draw_text(struct painter *p, const struct pl_item *it, double yoff)
{
	if (!it->text || !*it->text || !it->font)
		return;
	if (!p->cur_font || strcmp(p->cur_font, it->font) != 0) {
		PangoFontDescription *fd = pango_font_description_from_string(it->font);
		pango_layout_set_font_description(p->lay, fd);
		pango_font_description_free(fd);
		free(p->cur_font);
		p->cur_font = pl_strdup(it->font);
	}
	pango_layout_set_text(p->lay, it->text, -1);
	pango_layout_set_alignment(p->lay, it->align < 0 ? PANGO_ALIGN_LEFT :
					   it->align > 0 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER);
	PangoRectangle log;
	pango_layout_get_extents(p->lay, NULL, &log);
	double lw = (double)log.width / PANGO_SCALE;
	double tx = it->x - (double)log.x / PANGO_SCALE;
	if (it->align == 0)
		tx += (it->w - lw) / 2;
	else if (it->align > 0)
		tx += it->w - lw;
	double ty = it->y + yoff - (double)log.y / PANGO_SCALE;
	set_rgba(p->cr, it->has_fill ? it->fill : (struct pl_color){ 0, 1 });
	cairo_move_to(p->cr, tx, ty);
	pango_cairo_show_layout(p->cr, p->lay);
}

static void draw_item(struct painter *p, const struct pl_item *it, double yoff)
{
	/* boxes, markers and labels may link to the event's source; lines never do */
	bool linked = it->kind != PL_ITEM_LINE && link_begin(p, it);
	switch (it->kind) {
	case PL_ITEM_RECT: draw_rect(p->cr, it, yoff); break;
	case PL_ITEM_LINE: draw_line(p->cr, it, yoff); break;
	case PL_ITEM_MARKER: draw_marker(p->cr, it, yoff); break;
	case PL_ITEM_TEXT: draw_text(p, it, yoff); break;
	}
	if (linked)
		cairo_tag_end(p->cr, CAIRO_TAG_LINK);
}

int render_png(const struct pl_display *dl, double scale, FILE *f, const char *path,
	       struct pl_diags *d)
{
	/* Pages stack vertically (see output.h). */
	double full_h = dl->height * dl->npages;
	double fit = scale;
	if (dl->width * fit > RENDER_PNG_MAX)
		fit = RENDER_PNG_MAX / dl->width;
	if (full_h * fit > RENDER_PNG_MAX)
		fit = RENDER_PNG_MAX / full_h;
	if (dl->width * fit * full_h * fit > PNG_MAX_PIXELS)
		fit = sqrt(PNG_MAX_PIXELS / (dl->width * full_h));
	if (fit < scale)
		pl_diags_add(d, PL_WARNING, path, false, 0, 0,
			     "%.0f x %.0f units is too large for a PNG at scale %g; drawn at %.3g "
			     "(PDF and SVG have no such limit)", dl->width, full_h, scale, fit);
	/* ceil, but never past the limit the fit was computed for */
	int wpx = (int)fmin(ceil(dl->width * fit), RENDER_PNG_MAX);
	int hpx = (int)fmin(ceil(full_h * fit), RENDER_PNG_MAX);
	if (wpx < 1 || hpx < 1) {
		pl_error(d, path, "image of %d x %d pixels: nothing to draw", wpx, hpx);
		return -1;
	}
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, wpx, hpx);
	cairo_t *cr = cairo_create(s);
	struct painter p;
	int rc = -1;
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		pl_error(d, path, "cannot create a %d x %d image: %s", wpx, hpx,
			 cairo_status_to_string(cairo_status(cr)));
		memset(&p, 0, sizeof p);
		goto out;
	}
	cairo_set_source_rgb(cr, 1, 1, 1); /* paper: web pages in dark mode must not show through */
	cairo_paint(cr);
	cairo_scale(cr, fit, fit);
	if (painter_init(&p, cr, false) < 0) {
		pl_error(d, path, "pango could not start (fonts)");
		goto out;
	}
	for (size_t i = 0; i < dl->nitems; i++)
		draw_item(&p, &dl->items[i], dl->items[i].page * dl->height);
	/* stacked pages: a dashed rule where one ends (as the SVG has) */
	for (int pg = 1; pg < dl->npages; pg++) {
		double pat[2] = { 6, 4 };
		cairo_set_dash(cr, pat, 2, 0);
		cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
		cairo_set_line_width(cr, 1);
		cairo_move_to(cr, 0, pg * dl->height);
		cairo_line_to(cr, dl->width, pg * dl->height);
		cairo_stroke(cr);
	}
	cairo_surface_flush(s);
	cairo_status_t st = cairo_status(cr);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_write_to_png_stream(s, write_fp, f);
	if (st != CAIRO_STATUS_SUCCESS) {
		pl_error(d, path, "PNG: %s", cairo_status_to_string(st));
		goto out;
	}
	rc = 0;
out:
	painter_finish(&p);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return rc;
}

/* ISO 8601 date for the PDF's CreationDate: $SOURCE_DATE_EPOCH when set
 * (reproducible output), else now; UTC. */
static void create_date(char out[32])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end = NULL;
	long long v = sde ? strtoll(sde, &end, 10) : 0;
	time_t t = sde && end && end != sde && *end == '\0' ? (time_t)v : time(NULL);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}

int render_pdf(const struct pl_display *dl, FILE *f, const char *path, struct pl_diags *d)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_fp, f, dl->width, dl->height);
	cairo_t *cr = cairo_create(s);
	struct painter p;
	size_t *order = NULL;
	int rc = -1;
	memset(&p, 0, sizeof p);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		pl_error(d, path, "PDF: %s", cairo_status_to_string(cairo_status(cr)));
		goto out;
	}
	char date[32];
	create_date(date);
	if (dl->title)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, dl->title);
	if (dl->author)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, dl->author);
	if (dl->subject)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, dl->subject);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "parley " PARLEY_VERSION);
	if (date[0])
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	if (painter_init(&p, cr, true) < 0) {
		pl_error(d, path, "pango could not start (fonts)");
		goto out;
	}
	/* Items grouped by page, drawing order kept within a page (counting sort). */
	size_t np = (size_t)dl->npages;
	size_t *start = calloc(np + 1, sizeof *start);
	order = malloc((dl->nitems ? dl->nitems : 1) * sizeof *order);
	if (!start || !order) {
		free(start);
		pl_error(d, path, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < dl->nitems; i++) {
		int pg = dl->items[i].page;
		start[(pg >= 0 && (size_t)pg < np ? (size_t)pg : 0) + 1]++;
	}
	for (size_t k = 0; k < np; k++)
		start[k + 1] += start[k];
	for (size_t i = 0; i < dl->nitems; i++) {
		int pg = dl->items[i].page;
		order[start[pg >= 0 && (size_t)pg < np ? (size_t)pg : 0]++] = i;
	}
	/* start[k] now holds the end of page k; page k begins at start[k-1]. */
	size_t at = 0;
	for (size_t k = 0; k < np; k++) {
		for (; at < start[k]; at++)
			draw_item(&p, &dl->items[order[at]], 0);
		cairo_show_page(cr);
	}
	free(start);
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		pl_error(d, path, "PDF: %s", cairo_status_to_string(st));
		goto out;
	}
	rc = 0;
out:
	free(order);
	painter_finish(&p);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return rc;
}
