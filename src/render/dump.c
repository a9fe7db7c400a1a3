/* dump.c - the display list as JSON (--layout-dump): for tests, goldens and
 * people who post-process charts. */
#include "render/layout_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *kind_name(enum pl_item_kind k)
{
	switch (k) {
	case PL_ITEM_RECT: return "rect";
	case PL_ITEM_LINE: return "line";
	case PL_ITEM_MARKER: return "marker";
	default: return "text";
	}
}

/* Two decimals: stable across runs, finer than any device pixel at 2x. */
static void num(struct pl_buf *b, const char *key, double v)
{
	if (!isfinite(v))
		v = 0;
	double r = round(v * 100) / 100;
	if (r == 0)
		r = 0; /* no "-0" */
	pl_buf_printf(b, ",\"%s\":%.2f", key, r);
}

static void str(struct pl_buf *b, const char *key, const char *s)
{
	if (!s)
		return;
	pl_buf_printf(b, ",\"%s\":", key);
	pl_buf_json_str(b, s, strlen(s));
}

static void color(struct pl_buf *b, const char *key, struct pl_color c)
{
	pl_buf_printf(b, ",\"%s\":\"#%06X", key, (unsigned)(c.rgb & 0xFFFFFF));
	if (c.alpha < 1)
		pl_buf_printf(b, "%02X", (unsigned)lround(c.alpha * 255));
	pl_buf_putc(b, '"');
}

static void item(struct pl_buf *b, const struct pl_item *it)
{
	pl_buf_printf(b, "{\"kind\":\"%s\"", kind_name(it->kind));
	str(b, "role", it->role);
	str(b, "text", it->text);
	num(b, "x", it->x);
	num(b, "y", it->y);
	num(b, "w", it->w);
	num(b, "h", it->h);
	if (it->kind == PL_ITEM_LINE) {
		num(b, "x2", it->x2);
		num(b, "y2", it->y2);
	}
	if (it->page)
		pl_buf_printf(b, ",\"page\":%d", it->page);
	if (it->event_id)
		pl_buf_printf(b, ",\"event\":%lld", (long long)it->event_id);
	if (it->lane >= 0)
		pl_buf_printf(b, ",\"lane\":%d", it->lane);
	if (it->kind == PL_ITEM_TEXT) {
		str(b, "font", it->font);
		if (it->align)
			pl_buf_printf(b, ",\"align\":%d", it->align);
		if (it->rtl)
			pl_buf_puts(b, ",\"rtl\":true");
	}
	if (it->kind == PL_ITEM_MARKER) {
		str(b, "shape", shape_name(it->shape));
		if (it->hollow)
			pl_buf_puts(b, ",\"hollow\":true");
		if (it->struck)
			pl_buf_puts(b, ",\"struck\":true");
	}
	if (it->has_fill)
		color(b, "fill", it->fill);
	if (it->has_stroke) {
		color(b, "stroke", it->stroke);
		num(b, "stroke_width", it->stroke_width);
	}
	if (it->dashed)
		pl_buf_puts(b, ",\"dashed\":true");
	str(b, "link", it->link);
	str(b, "tooltip", it->tooltip);
	pl_buf_putc(b, '}');
}

void pl_display_dump_json(const struct pl_display *dl, struct pl_buf *out)
{
	pl_buf_puts(out, "{\"version\":1");
	num(out, "width", dl->width);
	num(out, "height", dl->height);
	pl_buf_printf(out, ",\"pages\":%d", dl->npages);
	str(out, "title", dl->title);
	str(out, "desc", dl->desc);
	pl_buf_puts(out, ",\"lanes\":");
	pl_buf_json_strv(out, (const char *const *)dl->lanes, dl->nlanes);
	pl_buf_printf(out, ",\"placed\":%ld,\"shortened\":%ld,\"clustered\":%ld,\"undated\":%ld",
		      dl->nplaced, dl->nshortened, dl->nclustered, dl->nundated);
	pl_buf_puts(out, ",\"notes\":");
	pl_buf_json_strv(out, (const char *const *)dl->notes, dl->nnotes);
	pl_buf_puts(out, ",\n\"items\":[\n");
	for (size_t i = 0; i < dl->nitems; i++) {
		item(out, &dl->items[i]);
		pl_buf_puts(out, i + 1 < dl->nitems ? ",\n" : "\n");
	}
	pl_buf_puts(out, "]}\n");
}
