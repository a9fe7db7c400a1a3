/* display.c - the display list's memory: destroy, and the append helpers the layout uses. */
#include "render/layout_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

char *dl_strdup(struct pl_display *dl, const char *s)
{
	char *p = pl_strdup(s);
	if (s && !p)
		dl->oom = true;
	return p;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void pl_display_destroy(struct pl_display *dl)
{
	if (!dl)
		return;
	for (size_t i = 0; i < dl->nitems; i++) {
		struct pl_item *it = &dl->items[i];
		free(it->text);
		free(it->font);
		free(it->role);
		free(it->link);
		free(it->tooltip);
	}
	free(dl->items);
	free(dl->title);
	free(dl->desc);
	free(dl->author);
	free(dl->subject);
	free_strv(dl->lanes, dl->nlanes);
	free_strv(dl->notes, dl->nnotes);
	free(dl);
}

struct pl_item *dl_add(struct pl_display *dl, enum pl_item_kind k, int page)
{
	if (!pl_grow(&dl->items, &dl->cap, dl->nitems, sizeof *dl->items)) {
		dl->oom = true;
		return NULL;
	}
	struct pl_item *it = &dl->items[dl->nitems++];
	memset(it, 0, sizeof *it);
	it->kind = k;
	it->lane = -1;
	it->page = page;
	it->stroke_width = 1;
	it->fill.alpha = it->stroke.alpha = 1;
	return it;
}

struct pl_item *dl_text(struct pl_display *dl, int page, double x, double y,
			const struct text_ext *e, const char *text, const char *font,
			uint32_t rgb, const char *role)
{
	struct pl_item *it = dl_add(dl, PL_ITEM_TEXT, page);
	if (!it)
		return NULL;
	it->x = x;
	it->y = y;
	it->w = e->w;
	it->h = e->h;
	it->rtl = e->rtl;
	it->align = -1;
	it->fill = rgb_col(rgb, 1);
	it->has_fill = true;
	it->text = dl_strdup(dl, text);
	it->font = dl_strdup(dl, font);
	it->role = dl_strdup(dl, role);
	return it;
}

struct pl_item *dl_line(struct pl_display *dl, int page, double x, double y, double x2,
			double y2, uint32_t rgb, double width, const char *role)
{
	struct pl_item *it = dl_add(dl, PL_ITEM_LINE, page);
	if (!it)
		return NULL;
	/* Lines have no direction: store them left to right so w >= 0; h is the
	 * vertical extent (the box is min/max of the two points). */
	if (x2 < x || (x2 == x && y2 < y)) {
		double tx = x, ty = y;
		x = x2;
		y = y2;
		x2 = tx;
		y2 = ty;
	}
	it->x = x;
	it->y = y;
	it->x2 = x2;
	it->y2 = y2;
	it->w = x2 - x;
	it->h = y2 > y ? y2 - y : y - y2;
	it->stroke = rgb_col(rgb, 1);
	it->has_stroke = true;
	it->stroke_width = width;
	it->role = dl_strdup(dl, role);
	return it;
}

struct pl_item *dl_rect(struct pl_display *dl, int page, double x, double y, double w,
			double h, const char *role)
{
	struct pl_item *it = dl_add(dl, PL_ITEM_RECT, page);
	if (!it)
		return NULL;
	it->x = x;
	it->y = y;
	it->w = w;
	it->h = h;
	it->role = dl_strdup(dl, role);
	return it;
}

int dl_note(struct pl_display *dl, const char *fmt, ...)
{
	struct pl_buf b = PL_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	pl_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char *s = pl_buf_steal(&b);
	char **v = s ? realloc(dl->notes, (dl->nnotes + 1) * sizeof *v) : NULL;
	if (!v) {
		free(s);
		dl->oom = true;
		return -1;
	}
	dl->notes = v;
	v[dl->nnotes++] = s;
	return 0;
}
