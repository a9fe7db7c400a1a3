/* test_axis.c - dates as periods (precision, BCE, years 0-99, no zone
 * shifts), gap wording, axis breaks and the tick ladder's choices. */
#include "check.h"
#include "render/layout_int.h"
#include "lsan_fonts.h"

#include <math.h>

static double day(int y, int m, int d)
{
	return (double)pl_days_from_civil(y, m, d);
}

static void test_when_parse(void)
{
	struct when w;
	CHECK(when_parse("2025-12-15", &w));
	CHECK(w.prec == PL_PREC_DAY && w.t0 == day(2025, 12, 15) && w.t1 == w.t0 + 1);
	CHECK(when_parse("2025-12", &w));
	CHECK(w.prec == PL_PREC_MONTH && w.t0 == day(2025, 12, 1) && w.t1 == day(2026, 1, 1));
	CHECK(when_parse("2024", &w));
	CHECK(w.prec == PL_PREC_YEAR && w.t1 - w.t0 == 366); /* leap year */
	/* The clock time as written: a zone never moves the day. */
	CHECK(when_parse("2025-12-15T23:30+05:00", &w));
	CHECK(w.prec == PL_PREC_MINUTE && floor(w.t0) == day(2025, 12, 15));
	CHECK(fabs((w.t0 - floor(w.t0)) * 1440 - (23 * 60 + 30)) < 1e-6);
	/* Years 0-99 and BCE (ISO expanded, astronomical numbering). */
	CHECK(when_parse("0050-03-01", &w) && w.t0 == day(50, 3, 1));
	CHECK(when_parse("-0043-03-15", &w) && w.t0 == day(-43, 3, 15));
	CHECK(!when_parse("2025-02-29", &w));
	CHECK(when_parse("2024-02-29", &w));
	CHECK(!when_parse("25-12-15", &w));
	CHECK(!when_parse("", &w));
	CHECK(!when_parse(NULL, &w));
	CHECK(!when_parse("2025-13", &w));
}

static void test_formats(void)
{
	struct pl_buf b = PL_BUF_INIT;
	when_format(day(2025, 12, 15), PL_PREC_DAY, &b);
	CHECK_STR(b.p, "15 Dec 2025");
	pl_buf_reset(&b);
	when_format(day(-43, 3, 15), PL_PREC_YEAR, &b);
	CHECK_STR(b.p, "44 BCE");
	pl_buf_reset(&b);
	when_format(day(0, 6, 1), PL_PREC_MONTH, &b);
	CHECK_STR(b.p, "Jun 1 BCE");
	pl_buf_reset(&b);
	gap_format(day(2025, 11, 23) - day(2022, 2, 25), &b);
	CHECK_STR(b.p, "4 yrs");
	pl_buf_reset(&b);
	gap_format(100, &b);
	CHECK_STR(b.p, "3 mos");
	pl_buf_reset(&b);
	gap_format(20, &b);
	CHECK_STR(b.p, "3 wks");
	pl_buf_free(&b);
}

static void test_breaks(void)
{
	/* One day in 2022, then ten days of December 2025. */
	struct when w[11];
	when_parse("2022-02-24", &w[0]);
	for (int i = 1; i < 11; i++) {
		char s[16];
		snprintf(s, sizeof s, "2025-12-%02d", 5 + i);
		when_parse(s, &w[i]);
	}
	struct axis ax;
	CHECK(axis_build(&ax, w, 11, 0, 1000, 40) == 0);
	CHECK_INT(ax.nseg, 2);
	if (ax.nseg == 2) {
		CHECK_INT(ax.seg[1].first, 1);
		CHECK(fabs(ax.seg[1].x0 - ax.seg[0].x1 - 40) < 1e-9);
		CHECK(ax.seg[1].x1 - ax.seg[1].x0 > 500); /* the talks get most of the width */
		CHECK(axis_x(&ax, w[0].t0) < axis_x(&ax, w[1].t0));
	}
	axis_free(&ax);
	/* Evenly spread: no break. */
	for (int i = 0; i < 11; i++) {
		w[i].t0 = day(1950 + 7 * i, 1, 1);
		w[i].t1 = w[i].t0 + 1;
	}
	CHECK(axis_build(&ax, w, 11, 0, 1000, 40) == 0);
	CHECK_INT(ax.nseg, 1);
	axis_free(&ax);
}

/* The interval the ladder picks for a domain over a pixel width. */
static const char *pick(struct measurer *m, double t0, double t1, double px)
{
	static char buf[24];
	struct axis_seg s = { t0, t1, 0, px, 0, 0 };
	struct tick_set ts;
	if (axis_ticks(&s, m, "DejaVu Sans 10.5px", 8, &ts) != 0)
		return "oom";
	snprintf(buf, sizeof buf, "%s", ts.interval);
	for (size_t i = 1; i < ts.nminor; i++)
		CHECK(ts.minor[i].t > ts.minor[i - 1].t && ts.minor[i].label[0]);
	tick_set_free(&ts);
	return buf;
}

static void test_ladder(void)
{
	struct measurer *m = measure_create();
	CHECK(m != NULL);
	if (!m)
		return;
	CHECK_STR(pick(m, day(2025, 12, 1), day(2025, 12, 15), 1000), "1 day");
	CHECK_STR(pick(m, day(2025, 12, 1), day(2025, 12, 15), 200), "2 day"); /* 7 labels, 28 px apart */
	CHECK_STR(pick(m, day(2025, 10, 1), day(2025, 12, 15), 300), "1 week");
	CHECK_STR(pick(m, day(2025, 1, 1), day(2026, 1, 1), 1000), "1 month");
	CHECK_STR(pick(m, day(2025, 1, 1), day(2026, 1, 1), 200), "3 month");
	CHECK_STR(pick(m, day(1945, 1, 1), day(2025, 1, 1), 1000), "5 year");
	CHECK_STR(pick(m, day(1945, 1, 1), day(2025, 1, 1), 300), "10 year"); /* "1950" is 26 px, 37 px apart */
	CHECK_STR(pick(m, day(1945, 1, 1), day(2025, 1, 1), 160), "20 year");
	CHECK_STR(pick(m, day(2025, 12, 15), day(2025, 12, 16), 1000), "1 h");
	CHECK_STR(pick(m, day(2025, 12, 15), day(2025, 12, 15) + 0.02, 1000), "5 min"); /* 1 min: 34 px for 28 px labels + gap */
	CHECK_STR(pick(m, day(2025, 12, 15), day(2025, 12, 15) + 0.01, 1000), "1 min");
	CHECK_STR(pick(m, day(-300, 1, 1), day(50, 1, 1), 1000), "20 year");
	measure_destroy(m);
}

int main(void)
{
	RUN(test_when_parse);
	RUN(test_formats);
	RUN(test_breaks);
	RUN(test_ladder);
	return check_done();
}
