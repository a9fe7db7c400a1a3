/* test_layout.c - layout invariants over generated inputs: no two text boxes
 * overlap on a page, every box inside the canvas, ticks increasing and
 * labelled, every event placed or counted (cluster or undated), labels valid
 * UTF-8 and shortened only with an ellipsis. */
#include "check.h"
#include "gen.h"
#include "lsan_fonts.h"

#include <math.h>

#define EPS 0.51 /* dump precision and float noise */

struct box { double x0, y0, x1, y1; size_t i; };

static int cmp_box(const void *a, const void *b)
{
	const struct box *x = a, *y = b;
	return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/* Every pair of text boxes on one page: sweep by x. Reports the first few. */
static long overlaps(const struct pl_display *dl, int page, const char *name)
{
	struct box *b = malloc((dl->nitems + 1) * sizeof *b);
	size_t n = 0;
	for (size_t i = 0; i < dl->nitems; i++) {
		const struct pl_item *it = &dl->items[i];
		if (it->kind != PL_ITEM_TEXT || it->page != page)
			continue;
		b[n].x0 = it->x;
		b[n].y0 = it->y;
		b[n].x1 = it->x + it->w;
		b[n].y1 = it->y + it->h;
		b[n].i = i;
		n++;
	}
	qsort(b, n, sizeof *b, cmp_box);
	long bad = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n && b[j].x0 < b[i].x1 - EPS; j++) {
			if (b[j].y0 < b[i].y1 - EPS && b[i].y0 < b[j].y1 - EPS) {
				if (bad++ < 3) {
					const struct pl_item *p = &dl->items[b[i].i], *q = &dl->items[b[j].i];
					fprintf(stderr, "%s: page %d: '%.40s' (%s %.1f,%.1f %.1fx%.1f) overlaps '%.40s' (%s %.1f,%.1f %.1fx%.1f)\n",
						name, page, p->text, p->role, p->x, p->y, p->w, p->h,
						q->text, q->role, q->x, q->y, q->w, q->h);
				}
			}
		}
	free(b);
	return bad;
}

static bool valid_utf8(const char *s)
{
	return pl_utf8_valid(s, strlen(s));
}

/* Check every invariant of one display list. */
static void check_display(const struct pl_display *dl, size_t nev, const struct pl_chart_spec *sp,
			  const char *name)
{
	check_current_ = name;
	CHECK(dl->width > 0 && dl->height > 0 && dl->npages >= 1);
	CHECK(dl->height <= 16000); /* 2x PNG stays under cairo's 32767 px */
	long outside = 0, bad_text = 0, bad_short = 0;
	for (size_t i = 0; i < dl->nitems; i++) {
		const struct pl_item *it = &dl->items[i];
		double x0 = it->x, y0 = it->y, x1 = it->x + it->w, y1 = it->y + it->h;
		if (it->kind == PL_ITEM_LINE) {
			x0 = fmin(it->x, it->x2);
			x1 = fmax(it->x, it->x2);
			y0 = fmin(it->y, it->y2);
			y1 = fmax(it->y, it->y2);
		}
		if (x0 < -EPS || y0 < -EPS || x1 > dl->width + EPS || y1 > dl->height + EPS ||
		    it->page < 0 || it->page >= dl->npages || !isfinite(x0 + x1 + y0 + y1)) {
			if (outside++ < 3)
				fprintf(stderr, "%s: item %zu (%s '%.30s') outside the %gx%g canvas: %.1f,%.1f-%.1f,%.1f\n",
					name, i, it->role, it->text ? it->text : "", dl->width, dl->height, x0, y0, x1, y1);
		}
		if (it->kind == PL_ITEM_TEXT) {
			if (!it->text || !*it->text || !valid_utf8(it->text) || it->w <= 0 || it->h <= 0 || !it->font)
				bad_text++;
			/* Control characters never reach a back-end. */
			for (const char *p = it->text; p && *p; p++)
				if ((unsigned char)*p < 0x20)
					bad_text++;
		}
		if (it->kind == PL_ITEM_TEXT && it->text && strcmp(it->role, "event-label") == 0 &&
		    strlen(it->text) > 2000)
			bad_short++;
	}
	CHECK_INT(outside, 0);
	CHECK_INT(bad_text, 0);
	CHECK_INT(bad_short, 0);
	for (int p = 0; p < dl->npages; p++)
		CHECK_INT(overlaps(dl, p, name), 0);
	/* Ticks: increasing within a segment, each labelled; segments left to
	 * right, so the whole sequence of tick labels increases. */
	double prev = -1e300;
	long ticks = 0, bad_ticks = 0;
	for (size_t i = 0; i < dl->nitems; i++) {
		const struct pl_item *it = &dl->items[i];
		if (it->kind != PL_ITEM_TEXT || strcmp(it->role, "axis-tick") != 0)
			continue;
		ticks++;
		if (it->x <= prev || !it->text[0])
			bad_ticks++;
		prev = it->x;
	}
	CHECK_INT(bad_ticks, 0);
	bool timeline = sp->layout == PL_LAYOUT_TIMELINE;
	if (timeline && dl->nundated < (long)nev)
		CHECK(ticks >= 1);
	/* Accounting: every event placed, clustered or (timeline) undated. */
	CHECK_INT(dl->nplaced + dl->nclustered + dl->nundated, (long)nev);
	/* Event markers on the chart page: one per placed event. */
	long markers = 0, cluster_sum = 0;
	for (size_t i = 0; i < dl->nitems; i++) {
		const struct pl_item *it = &dl->items[i];
		if (it->page != 0 && timeline)
			continue;
		if (it->kind == PL_ITEM_MARKER && it->role && strcmp(it->role, "event") == 0)
			markers++;
		if (it->kind == PL_ITEM_TEXT && strcmp(it->role, "cluster") == 0)
			cluster_sum += atol(it->text + 1);
	}
	CHECK_INT(markers, dl->nplaced);
	CHECK_INT(cluster_sum, dl->nclustered);
	if (dl->nclustered)
		CHECK(dl->nnotes > 0);
}

struct tcase {
	const char *name;
	struct gen g;
	enum pl_layout_kind layout;
	enum pl_theme theme;
	enum pl_lanes_by lanes;
};

static void run_case(const struct tcase *tc)
{
	struct pl_events ev = { 0 };
	gen_events(&ev, &tc->g);
	struct pl_chart_spec sp = { 0 };
	sp.layout = tc->layout;
	sp.theme = tc->theme;
	sp.lanes = tc->lanes;
	sp.title = "Peace talks: a test chart with a long enough title";
	sp.subtitle = "Generated events";
	sp.generated = "2026-11-27";
	sp.data_dir = getenv("PARLEY_DATA_DIR");
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_display *dl = pl_layout(&ev, &sp, &d);
	check_current_ = tc->name;
	CHECK(dl != NULL);
	if (!dl)
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s: %s\n", tc->name, d.v[i].msg);
	if (dl) {
		check_display(dl, ev.n, &sp, tc->name);
		fprintf(stderr, "%-28s %6zu events: %ld placed, %ld shortened, %ld clustered, %ld undated, %zu items, %d pages, %.0fx%.0f\n",
			tc->name, ev.n, dl->nplaced, dl->nshortened, dl->nclustered, dl->nundated, dl->nitems,
			dl->npages, dl->width, dl->height);
	}
	pl_display_destroy(dl);
	pl_diags_finish(&d);
	gen_free(&ev);
}

#define TL PL_LAYOUT_TIMELINE
#define CH PL_LAYOUT_CHRONOLOGY
#define EX PL_THEME_EXPLAINER
#define HO PL_THEME_HANDOUT
#define SL PL_THEME_SLIDE

static const struct tcase cases[] = {
	{ "one-event", { .n = 1, .y = 2025, .m = 12, .d = 15, .nlanes = 1 }, TL, EX, PL_LANES_ACTOR },
	{ "two-events", { .n = 2, .y = 2025, .m = 12, .d = 14, .spread_days = 2, .nlanes = 2 }, TL, EX, PL_LANES_ACTOR },
	{ "fifty", { .n = 50, .y = 2025, .m = 11, .d = 1, .spread_days = 60, .nlanes = 4, .fuzzy = true }, TL, EX, PL_LANES_ACTOR },
	{ "five-hundred", { .n = 500, .y = 2025, .m = 1, .d = 1, .spread_days = 365, .nlanes = 6, .fuzzy = true }, TL, EX, PL_LANES_ACTOR },
	{ "ten-thousand", { .n = 10000, .y = 2022, .m = 1, .d = 1, .spread_days = 1500, .nlanes = 8 }, TL, EX, PL_LANES_ACTOR },
	{ "one-day", { .n = 200, .y = 2025, .m = 12, .d = 15, .nlanes = 3 }, TL, EX, PL_LANES_ACTOR },
	{ "one-day-hours", { .n = 60, .y = 2025, .m = 12, .d = 15, .nlanes = 2, .hours = true }, TL, EX, PL_LANES_NONE },
	{ "eighty-years", { .n = 500, .y = 1945, .m = 5, .d = 8, .spread_days = 80 * 365.25, .nlanes = 5, .fuzzy = true }, TL, EX, PL_LANES_COUNTRY },
	{ "long-labels", { .n = 50, .y = 2025, .m = 12, .d = 1, .spread_days = 20, .nlanes = 3, .label_words = 40 }, TL, EX, PL_LANES_ACTOR },
	{ "thirty-lanes", { .n = 300, .y = 2025, .m = 6, .d = 1, .spread_days = 200, .nlanes = 30 }, TL, EX, PL_LANES_ACTOR },
	{ "three-hundred-lanes", { .n = 600, .y = 2025, .m = 6, .d = 1, .spread_days = 200, .nlanes = 300 }, TL, EX, PL_LANES_ACTOR },
	{ "hostile", { .n = 50, .y = 2025, .m = 12, .d = 1, .spread_days = 30, .nlanes = 3, .hostile = true, .big_label = 10240 }, TL, EX, PL_LANES_ACTOR },
	{ "scripts", { .n = 60, .y = 2025, .m = 12, .d = 1, .spread_days = 30, .nlanes = 3, .scripts = true }, TL, EX, PL_LANES_PLACE },
	{ "undated", { .n = 80, .y = 2025, .m = 12, .d = 1, .spread_days = 30, .nlanes = 3, .undated = true }, TL, EX, PL_LANES_TYPE },
	{ "bce-and-year-50", { .n = 40, .y = -200, .m = 1, .d = 1, .spread_days = 300 * 365.25, .nlanes = 2, .fuzzy = true }, TL, EX, PL_LANES_TOPIC },
	{ "slide", { .n = 120, .y = 2025, .m = 11, .d = 1, .spread_days = 60, .nlanes = 4 }, TL, SL, PL_LANES_ACTOR },
	{ "slide-thirty-lanes-none", { .n = 300, .y = 2025, .m = 6, .d = 1, .spread_days = 200, .nlanes = 30 }, TL, SL, PL_LANES_NONE },
	{ "handout", { .n = 200, .y = 2025, .m = 11, .d = 1, .spread_days = 60, .nlanes = 4, .fuzzy = true, .undated = true }, TL, HO, PL_LANES_ACTOR },
	{ "chronology", { .n = 50, .y = 2022, .m = 2, .d = 24, .spread_days = 1400, .nlanes = 3, .fuzzy = true }, CH, EX, PL_LANES_ACTOR },
	{ "chronology-10k", { .n = 10000, .y = 2022, .m = 1, .d = 1, .spread_days = 1500, .nlanes = 8, .undated = true }, CH, EX, PL_LANES_ACTOR },
	{ "chronology-handout", { .n = 500, .y = 2025, .m = 1, .d = 1, .spread_days = 300, .nlanes = 4, .hostile = true, .scripts = true }, CH, HO, PL_LANES_ACTOR },
	{ "chronology-slide", { .n = 40, .y = 2025, .m = 1, .d = 1, .spread_days = 300, .nlanes = 4 }, CH, SL, PL_LANES_ACTOR },
};

static void test_generated(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		run_case(&cases[i]);
}

/* Lanes that cannot all be shown: the smallest fold into "Others" (named in a
 * note) and every lane drawn keeps room for labels; an actor with only
 * undated events gets no lane, and the note lists those events. */
struct lane_case {
	const char *name;
	int nlanes;
	enum pl_theme theme;
	size_t max_lanes; /* at most this many lanes drawn */
	double min_placed; /* share of the events drawn with their own label */
};

static long count_role(const struct pl_display *dl, enum pl_item_kind k, const char *role, const char *text)
{
	long n = 0;
	for (size_t i = 0; i < dl->nitems; i++) {
		const struct pl_item *it = &dl->items[i];
		if (it->kind == k && it->role && !strcmp(it->role, role) && (!text || (it->text && !strcmp(it->text, text))))
			n++;
	}
	return n;
}

static bool has_note(const struct pl_display *dl, const char *needle)
{
	for (size_t i = 0; i < dl->nnotes; i++)
		if (strstr(dl->notes[i], needle))
			return true;
	return false;
}

static void test_lanes(void)
{
	static const struct lane_case lc[] = {
		{ "explainer-300-lanes", 300, PL_THEME_EXPLAINER, 12, 0.2 },
		{ "slide-30-lanes", 30, PL_THEME_SLIDE, 30, 0.2 },
		{ "handout-23-lanes", 23, PL_THEME_HANDOUT, 23, 0.3 },
		{ "slide-10-lanes", 10, PL_THEME_SLIDE, 10, 0.3 },
	};
	for (size_t k = 0; k < sizeof lc / sizeof *lc; k++) {
		struct pl_events ev = { 0 };
		struct gen g = { .n = 300, .y = 2025, .m = 11, .d = 1, .spread_days = 50, .nlanes = lc[k].nlanes, .seed = 3 };
		gen_events(&ev, &g);
		struct pl_chart_spec sp = { 0 };
		sp.theme = lc[k].theme;
		sp.data_dir = getenv("PARLEY_DATA_DIR");
		sp.generated = "2026-11-27";
		struct pl_diags d;
		pl_diags_init(&d);
		struct pl_display *dl = pl_layout(&ev, &sp, &d);
		check_current_ = lc[k].name;
		CHECK(dl != NULL);
		if (dl) {
			check_display(dl, ev.n, &sp, lc[k].name);
			long headers = count_role(dl, PL_ITEM_TEXT, "lane-header", NULL);
			CHECK(headers >= 2 && headers <= (long)lc[k].max_lanes);
			if (headers < lc[k].nlanes) {
				CHECK_INT(count_role(dl, PL_ITEM_TEXT, "lane-header", "Others"), 1);
				CHECK(has_note(dl, "folded into \"Others\""));
			}
			CHECK(dl->nplaced >= (long)(lc[k].min_placed * (double)ev.n));
			fprintf(stderr, "%-22s %ld lanes drawn, %ld placed, %ld clustered\n", lc[k].name, headers,
				dl->nplaced, dl->nclustered);
		}
		pl_display_destroy(dl);
		pl_diags_finish(&d);
		gen_free(&ev);
	}
	/* An actor with undated events only: no lane, a note names its events. */
	struct pl_events ev = { 0 };
	struct gen g = { .n = 12, .y = 2025, .m = 12, .d = 1, .spread_days = 10, .nlanes = 3 };
	gen_events(&ev, &g);
	for (size_t i = 0; i < 2; i++) {
		struct pl_event *e = &ev.v[i];
		free(e->date);
		e->date = NULL;
		free(e->date_end);
		e->date_end = NULL;
		free(e->actors[0].name);
		e->actors[0].name = gen_dup("Only Undated");
		free(e->label);
		e->label = gen_dup(i ? "Second undated thing" : "First undated thing");
		for (size_t a = 1; a < e->nactors; a++) {
			free(e->actors[a].name);
			e->actors[a].name = gen_dup("Only Undated");
		}
	}
	struct pl_chart_spec sp = { 0 };
	sp.data_dir = getenv("PARLEY_DATA_DIR");
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_display *dl = pl_layout(&ev, &sp, &d);
	check_current_ = "undated-actor";
	CHECK(dl != NULL);
	if (dl) {
		check_display(dl, ev.n, &sp, "undated-actor");
		CHECK_INT(count_role(dl, PL_ITEM_TEXT, "lane-header", "Only Undated"), 0);
		CHECK_INT(dl->nundated, 2);
		CHECK(has_note(dl, "First undated thing; Second undated thing"));
	}
	pl_display_destroy(dl);
	pl_diags_finish(&d);
	gen_free(&ev);
}

/* Feb 2022 and December 2025 on one chart: a break, no blank middle. */
static void test_break(void)
{
	struct pl_events ev = { 0 };
	struct gen g = { .n = 30, .y = 2025, .m = 12, .d = 1, .spread_days = 20, .nlanes = 3 };
	gen_events(&ev, &g);
	free(ev.v[0].date);
	ev.v[0].date = gen_dup("2022-02-24");
	free(ev.v[0].date_end);
	ev.v[0].date_end = NULL;
	struct pl_chart_spec sp = { 0 };
	sp.data_dir = getenv("PARLEY_DATA_DIR");
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_display *dl = pl_layout(&ev, &sp, &d);
	CHECK(dl != NULL);
	if (dl) {
		const struct pl_item *brk = NULL;
		double first_x = 1e300, last_x = -1e300;
		for (size_t i = 0; i < dl->nitems; i++) {
			const struct pl_item *it = &dl->items[i];
			if (it->kind == PL_ITEM_TEXT && strcmp(it->role, "break") == 0)
				brk = it;
			if (it->kind == PL_ITEM_MARKER && strcmp(it->role, "event") == 0) {
				first_x = fmin(first_x, it->x);
				last_x = fmax(last_x, it->x);
			}
		}
		CHECK(brk != NULL);
		if (brk)
			CHECK(strstr(brk->text, "yrs") != NULL);
		/* The December cluster gets most of the width, not 2% of it. */
		CHECK(last_x - first_x > dl->width * 0.5);
		check_display(dl, ev.n, &sp, "break");
	}
	pl_display_destroy(dl);
	pl_diags_finish(&d);
	gen_free(&ev);
}

/* Bad input is a diagnostic, not a crash. */
static void test_errors(void)
{
	struct pl_events none = { 0 };
	struct pl_chart_spec sp = { 0 };
	sp.data_dir = getenv("PARLEY_DATA_DIR");
	struct pl_diags d;
	pl_diags_init(&d);
	CHECK(pl_layout(&none, &sp, &d) == NULL);
	CHECK(d.nerrors == 1);
	struct pl_events ev = { 0 };
	struct gen g = { .n = 5, .y = 2025, .m = 12, .d = 1, .spread_days = 5, .nlanes = 2 };
	gen_events(&ev, &g);
	sp.width = 10;
	CHECK(pl_layout(&ev, &sp, &d) == NULL);
	sp.width = 0;
	sp.theme = PL_THEME_HANDOUT;
	sp.page = "B5";
	CHECK(pl_layout(&ev, &sp, &d) == NULL);
	sp.page = "Letter";
	struct pl_display *dl = pl_layout(&ev, &sp, &d);
	CHECK(dl && fabs(dl->width - 612) < 0.01 && fabs(dl->height - 792) < 0.01);
	pl_display_destroy(dl);
	sp.data_dir = "/nonexistent";
	CHECK(pl_layout(&ev, &sp, &d) == NULL);
	CHECK_INT(d.nerrors, 4);
	/* Thirty actor lanes fold into "Others" on a slide, but a 200-pixel-high
	 * slide has no room for even two lanes: say so and how. */
	struct pl_events many = { 0 };
	struct gen g30 = { .n = 300, .y = 2025, .m = 6, .d = 1, .spread_days = 200, .nlanes = 30 };
	gen_events(&many, &g30);
	sp.data_dir = getenv("PARLEY_DATA_DIR");
	sp.theme = PL_THEME_SLIDE;
	sp.page = NULL;
	sp.height = 200;
	CHECK(pl_layout(&many, &sp, &d) == NULL);
	sp.height = 0;
	CHECK(d.n == 5 && strstr(d.v[4].msg, "--lanes none") != NULL);
	gen_free(&many);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "  diag: %s\n", d.v[i].msg);
	pl_diags_finish(&d);
	gen_free(&ev);
}

/* --lane-order, distinct shapes per type, --font, RTL runs, unknown glyphs. */
static void test_spec_options(void)
{
	struct pl_events ev = { 0 };
	struct gen g = { .n = 40, .y = 2025, .m = 12, .d = 1, .spread_days = 20, .nlanes = 4, .scripts = true };
	gen_events(&ev, &g);
	free(ev.v[1].label);
	ev.v[1].label = gen_dup("private use \xF4\x8F\xBF\xBD glyph");
	static const char *const order[] = { "Actor 03", "nobody", "actor 01" };
	struct pl_chart_spec sp = { 0 };
	sp.data_dir = getenv("PARLEY_DATA_DIR");
	sp.lane_order = order;
	sp.nlane_order = 3;
	sp.font = "Noto Sans";
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_display *dl = pl_layout(&ev, &sp, &d);
	CHECK(dl != NULL);
	if (dl) {
		CHECK(dl->nlanes >= 2);
		CHECK_STR(dl->lanes[0], "Actor 03");
		CHECK_STR(dl->lanes[1], "Actor 01");
		int used[16] = { 0 };
		long legend_types = 0, rtl = 0, wrong_font = 0;
		for (size_t i = 0; i < dl->nitems; i++) {
			const struct pl_item *it = &dl->items[i];
			if (it->kind == PL_ITEM_MARKER && !strcmp(it->role, "legend-marker") && it->has_fill &&
			    !it->struck && (unsigned)it->shape < 16) {
				used[it->shape]++;
				legend_types++;
			}
			if (it->kind == PL_ITEM_TEXT && it->rtl)
				rtl++;
			if (it->kind == PL_ITEM_TEXT && strncmp(it->font, "Noto Sans ", 10) != 0)
				wrong_font++;
		}
		/* Up to ten types, no two share a shape. */
		for (int k = 0; k < 16 && legend_types <= 10; k++)
			CHECK(used[k] <= 1);
		CHECK(rtl > 0);
		CHECK_INT(wrong_font, 0);
		bool glyph_note = false;
		for (size_t i = 0; i < dl->nnotes; i++)
			glyph_note |= strstr(dl->notes[i], "no glyph") != NULL;
		CHECK(glyph_note);
		check_display(dl, ev.n, &sp, "spec-options");
	}
	pl_display_destroy(dl);
	pl_diags_finish(&d);
	gen_free(&ev);
}

int main(void)
{
	RUN(test_spec_options);
	RUN(test_errors);
	RUN(test_break);
	RUN(test_lanes);
	RUN(test_generated);
	return check_done();
}
