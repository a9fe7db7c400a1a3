/* display_fixture.h - display lists built by hand for the back-end tests and
 * benchmark: every item kind and marker shape, hollow/struck/dashed markers,
 * hostile text (markup, entities, quotes, "]]>", bidi overrides, 10 KB),
 * Arabic and Cyrillic, links (good and hostile), tooltips, two pages. */
#ifndef PARLEY_TEST_DISPLAY_FIXTURE_H
#define PARLEY_TEST_DISPLAY_FIXTURE_H

#include "parley/render.h"

#include <stdlib.h>
#include <string.h>

static char *fx_dup(const char *s)
{
	return s ? pl_strdup(s) : NULL;
}

static struct pl_item *fx_add(struct pl_display *dl, enum pl_item_kind k, double x, double y,
			      double w, double h, const char *role)
{
	if (dl->nitems == dl->cap) {
		dl->cap = dl->cap ? 2 * dl->cap : 64;
		dl->items = realloc(dl->items, dl->cap * sizeof *dl->items);
		if (!dl->items)
			abort();
	}
	struct pl_item *it = &dl->items[dl->nitems++];
	memset(it, 0, sizeof *it);
	it->kind = k;
	it->x = x, it->y = y, it->w = w, it->h = h;
	it->lane = -1;
	it->stroke_width = 1;
	it->fill = (struct pl_color){ 0x000000, 1 };
	it->stroke = (struct pl_color){ 0x333333, 1 };
	it->role = fx_dup(role);
	return it;
}

static struct pl_item *fx_text(struct pl_display *dl, double x, double y, double w, double h,
			       const char *text, const char *font, const char *role)
{
	struct pl_item *it = fx_add(dl, PL_ITEM_TEXT, x, y, w, h, role);
	it->text = fx_dup(text);
	it->font = fx_dup(font);
	it->has_fill = true;
	it->fill = (struct pl_color){ 0x222222, 1 };
	it->align = -1;
	return it;
}

static struct pl_item *fx_line(struct pl_display *dl, double x, double y, double x2, double y2,
			       const char *role)
{
	struct pl_item *it = fx_add(dl, PL_ITEM_LINE, x, y, x2 - x, y2 > y ? y2 - y : y - y2, role);
	it->x2 = x2, it->y2 = y2;
	it->has_stroke = true;
	return it;
}

static char **fx_strv(const char *const *v, size_t n)
{
	char **r = calloc(n ? n : 1, sizeof *r);
	for (size_t i = 0; i < n; i++)
		r[i] = fx_dup(v[i]);
	return r;
}

/* Free what the fx_* builders made (the same fields pl_display_destroy frees). */
static void fx_free(struct pl_display *dl)
{
	if (!dl)
		return;
	for (size_t i = 0; i < dl->nitems; i++) {
		free(dl->items[i].text);
		free(dl->items[i].font);
		free(dl->items[i].role);
		free(dl->items[i].link);
		free(dl->items[i].tooltip);
	}
	for (size_t i = 0; i < dl->nlanes; i++)
		free(dl->lanes[i]);
	for (size_t i = 0; i < dl->nnotes; i++)
		free(dl->notes[i]);
	free(dl->lanes);
	free(dl->notes);
	free(dl->items);
	free(dl->title);
	free(dl->desc);
	free(dl->author);
	free(dl->subject);
	free(dl);
}

#define FX_FONT "DejaVu Sans 12px"
#define FX_BOLD "DejaVu Sans Bold 20px"
#define FX_HOSTILE "<script>alert(\"x&y\")</script> 'quoted' ]]> \x01" "\xE2\x80\xAE" "evil"
/* FX_HOSTILE as XML 1.0 can carry it: the control character dropped */
#define FX_HOSTILE_XML "<script>alert(\"x&y\")</script> 'quoted' ]]> \xE2\x80\xAE" "evil"
#define FX_ARABIC "\xD9\x85\xD8\xAD\xD8\xA7\xD8\xAF\xD8\xAB\xD8\xA7\xD8\xAA \xD8\xA8\xD8\xB1\xD9\x84\xD9\x8A\xD9\x86" /* محادثات برلين */
#define FX_CYRILLIC "\xD0\x9F\xD0\xB5\xD1\x80\xD0\xB5\xD0\xB3\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x80\xD1\x8B \xD0\xB2 \xD0\x91\xD0\xB5\xD1\x80\xD0\xBB\xD0\xB8\xD0\xBD\xD0\xB5" /* Переговоры в Берлине */

/* The kitchen-sink display: 900 x 500, two pages, three lanes. */
static struct pl_display *fx_display(void)
{
	struct pl_display *dl = calloc(1, sizeof *dl);
	static const char *const lanes[] = { "Ukraine", "United States & \"allies\"", FX_ARABIC };
	dl->width = 900;
	dl->height = 500;
	dl->npages = 2;
	dl->title = fx_dup("Berlin talks & <after>");
	dl->desc = fx_dup("Timeline of 12 events, 14-15 December 2025");
	dl->author = fx_dup("parley test");
	dl->subject = fx_dup("Peace negotiations");
	dl->lanes = fx_strv(lanes, 3);
	dl->nlanes = 3;

	struct pl_item *it = fx_add(dl, PL_ITEM_RECT, 0, 0, 900, 500, "background");
	it->has_fill = true;
	it->fill = (struct pl_color){ 0xFFFFFF, 1 };
	for (int l = 0; l < 3; l++) {
		it = fx_add(dl, PL_ITEM_RECT, 0, 80 + 100 * l, 900, 100, "lane-band");
		it->has_fill = l % 2 == 0;
		it->fill = (struct pl_color){ 0xF2F2F2, 1 };
		it->lane = l;
	}
	fx_line(dl, 20, 400, 880, 400, "axis");
	for (int t = 0; t < 8; t++)
		fx_line(dl, 60 + 110 * t, 400, 60 + 110 * t, 406, "tick");
	it = fx_text(dl, 20, 10, 400, 24, "Berlin talks & <after>", FX_BOLD, "title");
	it = fx_text(dl, 20, 410, 60, 15, "14 Dec", FX_FONT, "axis-tick");
	it->align = 0;
	for (int l = 0; l < 3; l++) {
		it = fx_text(dl, 20, 85 + 100 * l, 200, 15, lanes[l], "DejaVu Sans Bold 12px", "lane-header");
		it->lane = l;
		it->rtl = l == 2;
	}
	/* one marker per shape, alternating lanes; event ids 101.. */
	static const char *const colors[] = { "E69F00", "56B4E9", "009E73" };
	for (int s = 0; s <= PL_SHAPE_CHEVRON; s++) {
		int lane = s % 3;
		int64_t id = 101 + s;
		double x = 60 + 78 * s, y = 120 + 100 * lane;
		if (s == 3) {
			it = fx_add(dl, PL_ITEM_RECT, x, y + 2, 120, 10, "span");
			it->has_fill = true;
			it->fill = (struct pl_color){ 0x56B4E9, 0.35 };
			it->event_id = id;
			it->lane = lane;
		}
		/* the hollow one is big enough (radius >= 6) for a dashed outline */
		double size = s == 4 ? 18 : 14;
		it = fx_add(dl, PL_ITEM_MARKER, x, y, size, size, "marker");
		it->shape = (enum pl_marker_shape)s;
		it->has_fill = s != 4;
		it->fill = (struct pl_color){ (uint32_t)strtoul(colors[lane], NULL, 16), 1 };
		it->has_stroke = true;
		it->hollow = s == 4;   /* planned */
		it->dashed = s == 4;
		it->struck = s == 6;   /* negated */
		it->event_id = id;
		it->lane = lane;
		it->tooltip = fx_dup(s == 0 ? "2025-12-14: Witkoff and Zelensky meet in Berlin (Reuters, AP)"
					    : "2025-12-15: talks continue & \"progress\" <claimed>");
		it->link = fx_dup(s == 0 ? "https://example.org/a?x=1&y='2'" :
				  s == 1 ? "javascript:alert(1)" : NULL);
		const char *label = s == 0 ? "Witkoff meets Zelensky" : s == 1 ? FX_HOSTILE :
				    s == 2 ? FX_ARABIC : s == 5 ? FX_CYRILLIC : "talks";
		it = fx_text(dl, x + 18, y, 60, 15, label, FX_FONT, "event-label");
		it->event_id = id;
		it->lane = lane;
		it->rtl = s == 2;
		it->link = fx_dup(s == 0 ? "https://example.org/a?x=1&y='2'" : NULL);
	}
	it = fx_line(dl, 67, 127, 145, 227, "connector");
	it->dashed = true;
	it->event_id = 101;
	it->lane = 0;
	/* a 10 KB label in a box wider than the page would allow: back-ends must cope */
	char *big = malloc(10241);
	for (int i = 0; i < 10240; i++)
		big[i] = "abcdefghij "[i % 11];
	big[10240] = '\0';
	it = fx_text(dl, 20, 440, 860, 15, big, FX_FONT, "note");
	free(big);
	it = fx_text(dl, 20, 470, 860, 15, "Sources: Reuters, AP, \xD0\x9A\xD0\xBE\xD0\xBC\xD0\xBC\xD0\xB5\xD1\x80\xD1\x81\xD0\xB0\xD0\xBD\xD1\x82\xD1\x8A\n2nd line", FX_FONT, "footer");
	it->align = 1;
	/* page 2: a chronology line */
	it = fx_text(dl, 40, 40, 300, 15, "Page two: 14 Dec 2025 \xE2\x80\x94 Witkoff meets Zelensky", FX_FONT, "chronology");
	it->page = 1;
	it->event_id = 101;
	it->lane = 0;
	return dl;
}

#endif
