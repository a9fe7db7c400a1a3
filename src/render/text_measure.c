/* text_measure.c - text extents with pango on the cairo font map (fontconfig
 * fonts), shared by every layout decision so boxes match what back-ends draw. */
#include "render/layout_int.h"

#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

/* Extents are cached per (font, text) for short strings: tick labels, places,
 * badge numbers and lane names repeat thousands of times in big charts. */
#define CACHE_MAX_KEY 256

struct measurer {
	PangoContext *ctx;
	PangoLayout *layout;
	char *cur_font;               /* description currently set on layout */
	GHashTable *cache;            /* "font\1text" -> struct text_ext */
	long unknown;
};

struct measurer *measure_create(void)
{
	struct measurer *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	/* A private font map: the default one is per thread and lives forever. */
	PangoFontMap *fm = pango_cairo_font_map_new();
	if (!fm) {
		free(m);
		return NULL;
	}
	m->ctx = pango_font_map_create_context(fm);
	g_object_unref(fm); /* the context holds it */
	/* Hint metrics off: advances are then linear in the scale, so a PNG at 2x
	 * and a PDF in points keep the boxes measured here. */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(m->ctx, fo);
	cairo_font_options_destroy(fo);
	/* Sizes are written in px ("DejaVu Sans 12px"), so resolution does not
	 * enter; 72 makes point sizes equal output units too. */
	pango_cairo_context_set_resolution(m->ctx, 72);
	m->layout = pango_layout_new(m->ctx);
	pango_layout_set_auto_dir(m->layout, TRUE); /* base direction from the first strong character */
	m->cache = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
	return m;
}

void measure_destroy(struct measurer *m)
{
	if (!m)
		return;
	if (m->cache)
		g_hash_table_destroy(m->cache);
	if (m->layout)
		g_object_unref(m->layout);
	if (m->ctx)
		g_object_unref(m->ctx);
	free(m->cur_font);
	free(m);
}

static void set_font(struct measurer *m, const char *font)
{
	if (m->cur_font && strcmp(m->cur_font, font) == 0)
		return;
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(m->layout, fd);
	pango_font_description_free(fd);
	free(m->cur_font);
	m->cur_font = pl_strdup(font);
}

static void measure_raw(struct measurer *m, const char *font, const char *text, size_t n,
			struct text_ext *out)
{
	set_font(m, font);
	pango_layout_set_text(m->layout, text, (int)n);
	PangoRectangle log;
	pango_layout_get_extents(m->layout, NULL, &log);
	out->w = (double)log.width / PANGO_SCALE;
	out->h = (double)log.height / PANGO_SCALE;
	PangoLayoutLine *line = pango_layout_get_line_readonly(m->layout, 0);
	out->rtl = line && line->resolved_dir == PANGO_DIRECTION_RTL;
	out->unknown = pango_layout_get_unknown_glyphs_count(m->layout);
}

void measure_text(struct measurer *m, const char *font, const char *text, size_t n,
		  struct text_ext *out)
{
	size_t fl = strlen(font);
	if (fl + n + 2 > CACHE_MAX_KEY) {
		measure_raw(m, font, text, n, out);
		m->unknown += out->unknown;
		return;
	}
	char key[CACHE_MAX_KEY];
	memcpy(key, font, fl);
	key[fl] = '\1';
	memcpy(key + fl + 1, text, n);
	key[fl + 1 + n] = '\0';
	const struct text_ext *hit = g_hash_table_lookup(m->cache, key);
	if (hit) {
		*out = *hit;
		return;
	}
	measure_raw(m, font, text, n, out);
	m->unknown += out->unknown;
	struct text_ext *v = malloc(sizeof *v);
	char *k = pl_strdup(key);
	if (v && k) {
		*v = *out;
		g_hash_table_insert(m->cache, k, v);
	} else {
		free(v);
		free(k);
	}
}

long measure_unknown_total(const struct measurer *m)
{
	return m->unknown;
}

/* Start of the code point before byte i (i > 0). */
static size_t prev_cp(const char *s, size_t i)
{
	do
		i--;
	while (i > 0 && pl_utf8_is_cont(s[i]));
	return i;
}

/* Byte length of the first k code points of s (n bytes). */
static size_t cp_bytes(const char *s, size_t n, size_t k)
{
	size_t i = 0;
	while (i < n && k > 0) {
		i++;
		while (i < n && pl_utf8_is_cont(s[i]))
			i++;
		k--;
	}
	return i;
}

/* True if the code point at s[i] combines with what precedes it (a cut there
 * would strand an accent or a joiner): combining marks, ZWJ/ZWNJ, variation
 * selectors. */
static bool combining_at(const char *s, size_t n, size_t i)
{
	uint32_t cp;
	if (i >= n || pl_utf8_decode(s + i, n - i, &cp) == 0)
		return false;
	return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	       (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xFE20 && cp <= 0xFE2F) ||
	       cp == 0x200C || cp == 0x200D || (cp >= 0x610 && cp <= 0x61A) ||
	       (cp >= 0x64B && cp <= 0x65F) || cp == 0x670;
}

/* Measure prefix s[0..len) + "…"; the candidate is built in *b. */
static double try_prefix(struct measurer *m, const char *font, const char *s, size_t len,
			 struct pl_buf *b, struct text_ext *e)
{
	while (len > 0 && s[len - 1] == ' ')
		len--;
	pl_buf_reset(b);
	pl_buf_append(b, s, len);
	pl_buf_puts(b, "\xE2\x80\xA6"); /* U+2026 HORIZONTAL ELLIPSIS */
	if (b->oom)
		return 1e300;
	measure_raw(m, font, b->p, b->len, e);
	return e->w;
}

char *measure_shorten(struct measurer *m, const char *font, const char *text, double max_w,
		      struct text_ext *out)
{
	size_t n = strlen(text);
	struct text_ext full;
	/* Nobody reads 400 code points in one label: measure a bounded prefix. */
	size_t cap = cp_bytes(text, n, 400);
	measure_text(m, font, text, cap, &full);
	if (cap == n && full.w <= max_w) {
		*out = full;
		return pl_strdup(text);
	}
	size_t ncp = pl_utf8_count(text, cap);
	/* Search on the number of code points from the proportional guess:
	 * advances vary little within a label, so the answer is usually a step or
	 * two away; fall back to bisection when it is not. */
	struct pl_buf b = PL_BUF_INIT;
	struct text_ext e, best = { 0 };
	size_t lo = 0, hi = ncp; /* prefix lo fits (0 trivially); prefix hi does not */
	size_t guess = full.w > 0 ? (size_t)((double)ncp * max_w / full.w) : ncp;
	if (guess >= ncp)
		guess = ncp ? ncp - 1 : 0;
	for (int step = 0; step < 4 && hi - lo > 1 && guess > lo && guess < hi; step++) {
		if (try_prefix(m, font, text, cp_bytes(text, cap, guess), &b, &e) <= max_w) {
			lo = guess;
			best = e;
			guess++;
		} else {
			hi = guess;
			guess--;
		}
	}
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (try_prefix(m, font, text, cp_bytes(text, cap, mid), &b, &e) <= max_w) {
			lo = mid;
			best = e;
		} else
			hi = mid;
	}
	char *res = NULL;
	size_t len = cp_bytes(text, cap, lo), len0 = len;
	while (len > 0 && combining_at(text, cap, len))
		len = prev_cp(text, len);
	if (len > 0 && len == len0) {
		/* rebuild the winning candidate without measuring it again */
		while (len > 0 && text[len - 1] == ' ')
			len--;
		pl_buf_reset(&b);
		pl_buf_append(&b, text, len);
		pl_buf_puts(&b, "\xE2\x80\xA6");
		m->unknown += best.unknown;
		*out = best;
		res = pl_buf_steal(&b);
	} else if (len > 0 && try_prefix(m, font, text, len, &b, &e) <= max_w) {
		m->unknown += e.unknown;
		*out = e;
		res = pl_buf_steal(&b);
	}
	pl_buf_free(&b);
	return res;
}
