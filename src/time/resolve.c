/* resolve.c - pass 2 of the temporal tagger: ground underspecified values.
 *
 * The notation the rules emit is documented in docs/TIME.md.  Values are
 * grounded against the DCT (with the sentence tense) or against the running
 * reference time, with calendar arithmetic on day numbers (cal.c) only.
 */
#include "parley/time.h"

#include "cal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Granularities, coarse to fine: a larger number is finer. */
enum gran {
	G_NONE = 0,
	G_CENTURY,
	G_DECADE,
	G_YEAR,
	G_HALF,
	G_SEASON,
	G_QUARTER,
	G_MONTH,
	G_WEEK,
	G_WEEKEND,
	G_DAY,
};

/* A resolved point at some granularity.  Fields used per granularity:
 * DAY y,m,d; MONTH y,m; QUARTER/HALF y,sub (1-based); SEASON y,sub (0 SP,
 * 1 SU, 2 FA, 3 WI); WEEK/WEEKEND y = ISO year, sub = ISO week; YEAR,
 * DECADE, CENTURY y. */
struct tv {
	int g;
	int y, m, d, sub;
};

static const char *const season_code[4] = { "SP", "SU", "FA", "WI" };
static const int season_month[4] = { 3, 6, 9, 12 }; /* first month of each season */

static struct tv tv_day(int64_t z)
{
	struct tv v = { G_DAY, 0, 0, 0, 0 };
	cal_civil(z, &v.y, &v.m, &v.d);
	return v;
}

/* The point of granularity g that contains day z. */
static struct tv tv_at(int64_t z, int g)
{
	struct tv v = tv_day(z);
	switch (g) {
	case G_WEEK:
	case G_WEEKEND:
		cal_iso_week(z, &v.y, &v.sub);
		break;
	case G_QUARTER:
		v.sub = (v.m - 1) / 3 + 1;
		break;
	case G_HALF:
		v.sub = (v.m - 1) / 6 + 1;
		break;
	case G_SEASON:
		/* December belongs to the winter of its own year (TimeML: 1998-WI
		 * runs from December 1998); January and February to the previous. */
		if (v.m <= 2) {
			v.y--;
			v.sub = 3;
		} else {
			v.sub = (v.m - 3) / 3;
		}
		break;
	default:
		break;
	}
	v.g = g;
	return v;
}

static int64_t tv_start(const struct tv *v)
{
	switch (v->g) {
	case G_DAY: return cal_days(v->y, v->m, v->d);
	case G_MONTH: return cal_days(v->y, v->m, 1);
	case G_QUARTER: return cal_days(v->y, 3 * (v->sub - 1) + 1, 1);
	case G_HALF: return cal_days(v->y, 6 * (v->sub - 1) + 1, 1);
	case G_SEASON: return cal_days(v->y, season_month[v->sub], 1);
	case G_WEEK: return cal_iso_monday(v->y, v->sub);
	case G_WEEKEND: return cal_iso_monday(v->y, v->sub) + 5;
	case G_YEAR: return cal_days(v->y, 1, 1);
	case G_DECADE: return cal_days(v->y - ((v->y % 10) + 10) % 10, 1, 1);
	case G_CENTURY: return cal_days(v->y - ((v->y % 100) + 100) % 100, 1, 1);
	default: return 0;
	}
}

static int64_t tv_end(const struct tv *v)
{
	struct tv n = *v;
	switch (v->g) {
	case G_DAY: return tv_start(v);
	case G_MONTH: return cal_days(v->y, v->m, cal_month_len(v->y, v->m));
	case G_QUARTER: n.m = 3 * v->sub; return cal_days(v->y, n.m, cal_month_len(v->y, n.m));
	case G_HALF: n.m = 6 * v->sub; return cal_days(v->y, n.m, cal_month_len(v->y, n.m));
	case G_SEASON: return cal_days(v->y, season_month[v->sub], 1) + 91;
	case G_WEEK: return tv_start(v) + 6;
	case G_WEEKEND: return tv_start(v) + 1;
	case G_YEAR: return cal_days(v->y, 12, 31);
	case G_DECADE: return tv_start(v) + 3652;
	case G_CENTURY: return tv_start(v) + 36524;
	default: return 0;
	}
}

/* Append v zero-padded to `width` digits, as "%0*d" does: every value the
 * tagger writes goes through here, and vsnprintf was 5% of tagging. */
static void put_num(struct pl_buf *out, int v, int width)
{
	if (v < 0)
		pl_buf_printf(out, "%0*d", width, v);
	else
		pl_buf_put_padded(out, (unsigned long long)v, width);
}

static void tv_format(const struct tv *v, struct pl_buf *out)
{
	if (v->g == G_DECADE || v->g == G_CENTURY) {
		put_num(out, v->g == G_DECADE ? v->y / 10 : v->y / 100, v->g == G_DECADE ? 3 : 2);
		return;
	}
	if (v->g < G_CENTURY || v->g > G_DAY)
		return; /* nothing to write (as before) */
	put_num(out, v->y, 4);
	switch (v->g) {
	case G_DAY:
	case G_MONTH:
		pl_buf_putc(out, '-');
		put_num(out, v->m, 2);
		if (v->g == G_DAY) {
			pl_buf_putc(out, '-');
			put_num(out, v->d, 2);
		}
		break;
	case G_QUARTER:
	case G_HALF:
		pl_buf_puts(out, v->g == G_QUARTER ? "-Q" : "-H");
		put_num(out, v->sub, 1);
		break;
	case G_SEASON:
		pl_buf_putc(out, '-');
		pl_buf_puts(out, season_code[v->sub]);
		break;
	case G_WEEK:
	case G_WEEKEND:
		pl_buf_puts(out, "-W");
		put_num(out, v->sub, 2);
		if (v->g == G_WEEKEND)
			pl_buf_puts(out, "-WE");
		break;
	default: /* G_YEAR */
		break;
	}
}

/* Months since year 0, for comparing points at month granularity. */
static long month_index(int y, int m)
{
	return (long)y * 12 + (m - 1);
}

/* How much further a date without a year may lie against the tense than with
 * it: "Nov. 17" in a past-tense report published Oct. 27 is still the coming
 * one (21 days ahead beats 344 back), "April" the past one. */
#define TENSE_BIAS 4
/* Days with a month ("Feb. 1", "June 1") point forward more often than
 * months alone do: schedules, effective dates.  Same idea, less bias. */
#define TENSE_BIAS_DAY 3

/* ---- small parsing helpers ---------------------------------------------- */

static bool lit(const char **p, const char *s)
{
	size_t n = strlen(s);
	if (strncmp(*p, s, n) != 0)
		return false;
	*p += n;
	return true;
}

/* Parse exactly `n` digits (n > 0) or, with n == 0, one or more. */
static bool digits(const char **p, int n, int *val)
{
	const char *s = *p;
	int v = 0, k = 0;
	while (isdigit((unsigned char)s[k]) && (n == 0 || k < n)) {
		if (v > 100000000)
			return false;
		v = v * 10 + (s[k] - '0');
		k++;
	}
	if (k == 0 || (n && k != n))
		return false;
	*val = v;
	*p = s + k;
	return true;
}

/* ---- context -------------------------------------------------------------- */

void pl_timex_ctx_init(struct pl_timex_ctx *c, const struct pl_datetime *dct)
{
	memset(c, 0, sizeof *c);
	if (!dct || dct->prec == PL_PREC_NONE || dct->prec < PL_PREC_DAY)
		return;
	c->has_dct = true;
	c->dct_year = dct->year;
	c->dct_month = dct->month;
	c->dct_day = dct->day;
	if (dct->prec >= PL_PREC_HOUR) {
		c->dct_has_time = true;
		c->dct_hour = dct->hour;
		c->dct_minute = dct->minute;
	}
	c->refc_gran = G_YEAR;
	c->refc_year = dct->year;
	c->refd_year = dct->year;
	c->refd_month = dct->month;
	c->refd_day = dct->day;
	c->ref_gran = G_DAY;
	c->ref_year = dct->year;
	c->ref_month = dct->month;
	c->ref_day = dct->day;
}

static int64_t dct_z(const struct pl_timex_ctx *c)
{
	return cal_days(c->dct_year, c->dct_month, c->dct_day);
}

static struct tv ref_tv(const struct pl_timex_ctx *c)
{
	struct tv v = { c->ref_gran, c->ref_year, c->ref_month, c->ref_day, c->ref_sub };
	return v;
}

static struct tv refc_tv(const struct pl_timex_ctx *c)
{
	struct tv v = { c->refc_gran, c->refc_year, c->refc_month, 0, c->refc_sub };
	return v;
}

static void set_ref(struct pl_timex_ctx *c, const struct tv *v)
{
	if (v->g == G_DAY) {
		c->refd_year = v->y;
		c->refd_month = v->m;
		c->refd_day = v->d;
	}
	if (v->g > G_YEAR && v->g <= G_MONTH) {
		c->refc_gran = v->g;
		c->refc_year = v->y;
		c->refc_month = v->m;
		c->refc_sub = v->sub;
	} else if (v->g == G_DAY && v->y != c->refc_year) {
		/* a day in another year: that year ("signed on March 3, 2014 ...
		 * a year earlier") */
		c->refc_gran = G_YEAR;
		c->refc_year = v->y;
	}
	c->ref_gran = v->g;
	c->ref_year = v->y;
	c->ref_month = v->m;
	c->ref_day = v->d;
	c->ref_sub = v->sub;
}

/* ---- durations ------------------------------------------------------------ */

/* "P5Y", "P5H" (an hour unit without T), "P1DE", "PXW", "P2.5H", "PT5H". */
static bool resolve_duration(const char *s, struct pl_buf *out)
{
	const char *p = s + 1;
	if (*p == 'T') { /* already TimeML: copy */
		pl_buf_puts(out, s);
		return p[1] != '\0';
	}
	const char *num = p;
	bool unknown = false;
	if (*p == 'X') {
		unknown = true;
		p++;
	} else {
		while (isdigit((unsigned char)*p) || *p == '.')
			p++;
	}
	if (p == num)
		return false;
	int nlen = (int)(p - num);
	double n = unknown ? 0 : strtod(num, NULL);
	struct { const char *u; const char *t; double mul; } units[] = {
		{ "MIN", "TM", 1 }, { "DE", "Y", 10 }, { "CE", "Y", 100 }, { "HY", "M", 6 },
		{ "Y", "Y", 1 }, { "M", "M", 1 }, { "W", "W", 1 }, { "D", "D", 1 },
		{ "H", "TH", 1 }, { "S", "TS", 1 }, { "Q", "Q", 1 },
	};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strcmp(p, units[i].u) != 0)
			continue;
		const char *t = units[i].t;
		pl_buf_putc(out, 'P');
		if (t[0] == 'T') {
			pl_buf_putc(out, 'T');
			t++;
		}
		if (unknown && units[i].mul != 1) { /* TimeML has its own units for these */
			pl_buf_puts(out, units[i].mul == 10 ? "XDE" : units[i].mul == 100 ? "XCE" : "XM");
			return true;
		}
		if (unknown)
			pl_buf_putc(out, 'X');
		else if (units[i].mul == 1)
			pl_buf_append(out, num, (size_t)nlen);
		else
			pl_buf_printf(out, "%g", n * units[i].mul);
		pl_buf_puts(out, t);
		return true;
	}
	/* a compound TimeML duration written out by the rule ("P2Y6M"): as is */
	bool compound = !unknown && isupper((unsigned char)*p);
	for (const char *q = p; *q && compound; q++)
		compound = isupper((unsigned char)*q) || isdigit((unsigned char)*q) || *q == '.';
	if (compound && *p == 'T') /* "P5TH30M": the T goes before the number */
		pl_buf_printf(out, "PT%.*s%s", nlen, num, p + 1);
	else if (compound)
		pl_buf_puts(out, s);
	return compound;
}

/* ---- pieces shared by the date forms -------------------------------------- */

/* Part of day or clock time after 'T': appended as TimeML. */
static bool time_suffix(const char *p, struct pl_buf *out)
{
	static const char *const parts[] = { "MO", "MI", "AF", "EV", "NI", "DT" };
	for (size_t i = 0; i < 6; i++)
		if (strcmp(p, parts[i]) == 0) {
			pl_buf_printf(out, "T%s", parts[i]);
			return true;
		}
	int h, mi = 0;
	if (!digits(&p, 0, &h))
		return false;
	if (*p == ':' && !(p++, digits(&p, 2, &mi)))
		return false;
	if (lit(&p, "pm")) {
		if (h < 12)
			h += 12;
	} else if (lit(&p, "am")) {
		if (h == 12)
			h = 0;
	}
	if (*p || h > 24 || mi > 59)
		return false;
	pl_buf_printf(out, "T%02d:%02d", h, mi);
	return true;
}

/* The sub-year part of a partial date ("12", "12-14", "Q3", "H1", "SU",
 * "W07", holiday keys) in year y.  Returns false when malformed. */
static bool parse_rest(const char **pp, int y, struct tv *v)
{
	const char *p = *pp;
	int a, b;
	v->y = y;
	if (lit(&p, "easter") || lit(&p, "oeaster")) {
		bool orth = (*pp)[0] == 'o';
		int sign = *p == '-' ? -1 : 1, off = 0;
		if ((*p == '+' || *p == '-') && (p++, !digits(&p, 0, &off)))
			return false;
		*v = tv_day((orth ? cal_orthodox_easter(y) : cal_easter(y)) + sign * off);
	} else if (*p == 'Q' || *p == 'H') {
		v->g = *p == 'Q' ? G_QUARTER : G_HALF;
		p++;
		if (!digits(&p, 1, &v->sub) || v->sub < 1 || v->sub > (v->g == G_QUARTER ? 4 : 2))
			return false;
	} else if (*p == 'W' && isdigit((unsigned char)p[1])) {
		p++;
		v->g = G_WEEK;
		if (!digits(&p, 0, &v->sub) || v->sub < 1 || v->sub > 53)
			return false;
		if (lit(&p, "-WE"))
			v->g = G_WEEKEND;
	} else if (isdigit((unsigned char)*p)) {
		if (!digits(&p, 2, &a) || a < 1 || a > 12)
			return false;
		v->g = G_MONTH;
		v->m = a;
		if (*p == '-' && p[1] == 'D') { /* MM-D<wd>N<n|L>: n-th weekday of the month */
			p += 2;
			if (!digits(&p, 1, &b) || b < 1 || b > 7 || *p++ != 'N')
				return false;
			int n = -1;
			if (!lit(&p, "L") && !digits(&p, 1, &n))
				return false;
			*v = tv_day(cal_nth_weekday(y, a, b, n));
		} else if (*p == '-' && isdigit((unsigned char)p[1])) {
			p++;
			if (!digits(&p, 2, &b) || b < 1 || b > 31)
				return false;
			v->g = G_DAY;
			v->d = b;
		}
	} else {
		for (int i = 0; i < 4; i++)
			if (lit(&p, season_code[i])) {
				v->g = G_SEASON;
				v->sub = i;
				break;
			}
		if (v->g != G_SEASON)
			return false;
	}
	*pp = p;
	return true;
}

/* Recompute a holiday or other rest for another year (the rest is parsed again). */
static bool rest_in_year(const char *rest, int y, struct tv *v)
{
	const char *p = rest;
	memset(v, 0, sizeof *v);
	return parse_rest(&p, y, v);
}

/* ---- relative units ------------------------------------------------------- */

static const struct {
	const char *name;
	int g;
} unit_names[] = {
	{ "weekend", G_WEEKEND }, { "week", G_WEEK }, { "day", G_DAY }, { "month", G_MONTH },
	{ "quarter", G_QUARTER }, { "half", G_HALF }, { "year", G_YEAR },
	{ "decade", G_DECADE }, { "century", G_CENTURY }, { "hour", -1 }, { "minute", -2 },
};

/* Shift base by n units of granularity ug; the result has granularity `g`
 * (finer of the two for a reference anchor, the unit's for the DCT). */
static struct tv shift(struct tv base, int ug, long n, int g)
{
	struct tv v = base;
	int64_t z = tv_start(&base);
	switch (ug) {
	case G_DAY:
		return tv_at(z + n, g > G_DAY ? G_DAY : g);
	case G_WEEK:
	case G_WEEKEND:
		return tv_at(z + 7 * n, g);
	case G_MONTH:
	case G_QUARTER:
	case G_HALF: {
		long months = n * (ug == G_MONTH ? 1 : ug == G_QUARTER ? 3 : 6);
		if (base.g == G_QUARTER || base.g == G_HALF) {
			int per = base.g == G_QUARTER ? 3 : 6;
			long idx = month_index(base.y, (base.sub - 1) * per + 1) + months;
			v.y = (int)(idx / 12);
			v.sub = (int)(idx % 12) / per + 1;
			if (g == base.g)
				return v;
			v.m = (int)(idx % 12) + 1;
			v.d = 1;
			v.g = G_DAY;
			return tv_at(tv_start(&v), g);
		}
		int bm = base.m ? base.m : 1, bd = base.d ? base.d : 1;
		if (base.g == G_WEEK || base.g == G_WEEKEND || base.g == G_SEASON) {
			struct tv d = tv_day(z);
			bm = d.m;
			bd = d.d;
			v.y = d.y;
		}
		long idx = month_index(v.y, bm) + months;
		v.y = (int)(idx / 12);
		v.m = (int)(idx % 12) + 1;
		v.d = bd > cal_month_len(v.y, v.m) ? cal_month_len(v.y, v.m) : bd;
		v.g = G_DAY;
		return tv_at(tv_start(&v), g);
	}
	case G_YEAR:
	case G_DECADE:
	case G_CENTURY: {
		long years = n * (ug == G_YEAR ? 1 : ug == G_DECADE ? 10 : 100);
		if (g <= G_YEAR || base.g <= G_YEAR) {
			v.y = (int)(base.y + years);
			v.g = g < G_YEAR ? g : G_YEAR;
			if (base.g <= G_YEAR || g <= G_YEAR)
				return v;
		}
		if (base.g == G_WEEK || base.g == G_WEEKEND) {
			v.y = (int)(base.y + years);
			return v;
		}
		v = base;
		v.y = (int)(base.y + years);
		if (v.g == G_DAY && v.d > cal_month_len(v.y, v.m))
			v.d = cal_month_len(v.y, v.m);
		if (g != v.g)
			return tv_at(tv_start(&v), g);
		return v;
	}
	default:
		return base;
	}
}

/* "day-1", "year+0-Q3", "hour-11", "weekend+1" (after an optional "ref:"). */
static bool resolve_relative(struct pl_timex_ctx *c, const char *p, bool from_ref, bool coarse,
			     struct pl_buf *out, struct tv *res, const char **tod)
{
	int ug = 0;
	for (size_t i = 0; i < sizeof unit_names / sizeof unit_names[0]; i++)
		if (lit(&p, unit_names[i].name)) {
			ug = unit_names[i].g;
			break;
		}
	if (!ug || (*p != '+' && *p != '-'))
		return false;
	int sign = *p++ == '-' ? -1 : 1, n = 0;
	if (*p == 'X') {
		p++;
		if (*p)
			return false;
		pl_buf_puts(out, sign < 0 ? "PAST_REF" : "FUTURE_REF");
		return true;
	}
	if (!digits(&p, 0, &n))
		return false;
	long sn = (long)sign * n;
	if (ug < 0) { /* hour / minute: clock arithmetic on the DCT */
		if (from_ref || *p)
			return false;
		if (!c->dct_has_time) { /* no clock: the day, assuming noon */
			long mins = 12 * 60 + sn * (ug == -1 ? 60 : 1);
			int64_t dz = dct_z(c) + (mins >= 0 ? mins / 1440 : -((-mins + 1439) / 1440));
			*res = tv_day(dz);
			return true;
		}
		long mins = c->dct_hour * 60L + c->dct_minute + sn * (ug == -1 ? 60 : 1);
		int64_t dz = dct_z(c) + (mins >= 0 ? mins / 1440 : -((-mins + 1439) / 1440));
		mins = ((mins % 1440) + 1440) % 1440;
		struct tv d = tv_day(dz);
		tv_format(&d, out);
		pl_buf_printf(out, "T%02ld:%02ld", mins / 60, mins % 60);
		return true;
	}
	struct tv base;
	int g = ug;
	if (from_ref && ug >= G_WEEK && c->ref_gran < G_DAY && c->refd_year) {
		/* "noon", "that day" after "in 1990": the last day mentioned (at
		 * first the DCT) */
		base = tv_day(cal_days(c->refd_year, c->refd_month, c->refd_day));
	} else if (from_ref) {
		base = coarse ? refc_tv(c) : ref_tv(c);
		if (ug <= G_YEAR && base.g > g)
			g = base.g; /* "a year earlier" after "the third quarter": 1988-Q3 */
		if (ug == G_DAY && base.g < G_DAY)
			g = G_DAY;
	} else {
		base = tv_day(dct_z(c));
	}
	*res = shift(base, ug, sn, g);
	if (*p == '-' && ug == G_YEAR && res->g == G_YEAR) { /* year+0-Q3, year-1-SU, year+1-03 */
		p++;
		struct tv v = { 0, 0, 0, 0, 0 };
		if (!parse_rest(&p, res->y, &v))
			return false;
		*res = v;
	}
	if (*p == 'T') {
		*tod = p + 1;
		p += strlen(p);
	}
	return *p == '\0';
}

/* "XXXX-12-14", "<XXXX-WXX-5", ">XXXX-WXX-WE", "XXXX-easter+0": the year (or
 * the week) comes from the DCT and the direction: `dir` -1 strictly before,
 * +1 strictly after, 0 by tense. */
static bool resolve_partial(struct pl_timex_ctx *c, const char *rest, int dir, struct tv *res,
			    const char **tod)
{
	int64_t dz = dct_z(c);
	int tense = c->tense > 0 ? 1 : -1;
	const char *p = rest;
	if (lit(&p, "WXX-")) {
		int wd = 0;
		int64_t z;
		bool weekend = lit(&p, "WE");
		if (!weekend && (!digits(&p, 1, &wd) || wd < 1 || wd > 7))
			return false;
		if (weekend) {
			/* Saturday of the DCT's ISO week; weekends are Saturday+Sunday. */
			int64_t satw = dz - cal_weekday(dz) + 6;
			if (dir < 0)
				z = satw - 7; /* Sunday before the DCT: always last week's */
			else if (dir > 0)
				z = satw > dz ? satw : satw + 7; /* Saturday after the DCT */
			else if (tense > 0)
				z = satw; /* its Sunday is on or after the DCT */
			else
				z = cal_weekday(dz) >= 6 ? satw : satw - 7; /* Saturday on or before */
			*res = tv_at(z, G_WEEKEND);
		} else {
			int back = (cal_weekday(dz) - wd + 7) % 7; /* days back to the latest such day */
			int fwd = (wd - cal_weekday(dz) + 7) % 7;
			if (dir < 0)
				z = dz - (back ? back : 7);
			else if (dir > 0)
				z = dz + (fwd ? fwd : 7);
			else if (tense > 0)
				z = dz + fwd;
			else
				z = dz - back;
			*res = tv_day(z);
		}
	} else {
		struct tv v = { 0, 0, 0, 0, 0 };
		int y = c->dct_year;
		const char *q = p;
		if (!parse_rest(&q, y, &v))
			return false;
		size_t restlen = (size_t)(q - p);
		char restbuf[64];
		if (restlen >= sizeof restbuf)
			return false;
		memcpy(restbuf, p, restlen);
		restbuf[restlen] = '\0';
		p = q;
		if (dir != 0) {
			for (int tries = 0; tries < 3; tries++) {
				int64_t s = tv_start(&v), e = tv_end(&v);
				if (dir < 0 && e >= dz)
					y--;
				else if (dir > 0 && s <= dz)
					y++;
				else
					break;
				if (!rest_in_year(restbuf, y, &v))
					return false;
			}
		} else if (v.g != G_DAY && v.g != G_MONTH) {
			/* quarters, halves, seasons: this year's, unless the tense
			 * says it cannot be (a past one not begun yet, a future one over) */
			struct tv sd = tv_day(tv_start(&v)), ed = tv_day(tv_end(&v));
			long dm = month_index(c->dct_year, c->dct_month);
			int k = 0;
			if (tense < 0 && month_index(sd.y, sd.m) > dm)
				k = -1;
			else if (tense > 0 && month_index(ed.y, ed.m) < dm)
				k = 1;
			if (k && !rest_in_year(restbuf, c->dct_year + k, &v))
				return false;
		} else {
			/* The candidate (last, this or next year) nearest the DCT, a
			 * distance against the tense counting TENSE_BIAS times. */
			struct tv best = v;
			int64_t bestd = INT64_MAX;
			const int bias = v.g == G_DAY ? TENSE_BIAS_DAY : TENSE_BIAS;
			for (int k = -1; k <= 1; k++) {
				struct tv cand;
				if (!rest_in_year(restbuf, c->dct_year + k, &cand))
					return false;
				int64_t s = tv_start(&cand), e = tv_end(&cand), dist = 0;
				if (e < dz)
					dist = (dz - e) * (tense > 0 ? bias : 1);
				else if (s > dz)
					dist = (s - dz) * (tense > 0 ? 1 : bias);
				if (dist < bestd) {
					bestd = dist;
					best = cand;
				}
			}
			v = best;
		}
		if (v.g == G_DAY && !cal_valid(v.y, v.m, v.d))
			return false;
		*res = v;
	}
	if (*p == 'T') {
		*tod = p + 1;
		return true;
	}
	return *p == '\0';
}

/* A literal TimeML value, or an explicit year with a computed rest. */
static bool resolve_absolute(const char *s, struct pl_buf *out, struct tv *res, const char **tod,
			     const struct pl_timex_ctx *c)
{
	const char *p = s;
	int y;
	if (*p == '\'') { /* two-digit year: the one nearest the DCT (else 19xx) */
		p++;
		if (!digits(&p, 2, &y))
			return false;
		int base = c->has_dct ? c->dct_year : 1950;
		int cand = (base / 100) * 100 + y;
		if (cand > base + 20)
			cand -= 100;
		y = cand;
	} else if (!(isdigit((unsigned char)p[0]) && digits(&p, 4, &y))) {
		pl_buf_puts(out, s); /* other TimeML forms ("199", "19", "XXXX-WXX-1"): as written */
		return true;
	}
	if (*p == '\0') {
		res->g = G_YEAR;
		res->y = y;
		return true;
	}
	if (*p == 'T') {
		res->g = G_YEAR;
		res->y = y;
		*tod = p + 1;
		return true;
	}
	if (*p++ != '-')
		return false;
	memset(res, 0, sizeof *res);
	if (!parse_rest(&p, y, res))
		return false;
	if (res->g == G_DAY && !cal_valid(res->y, res->m, res->d))
		return false;
	if (*p == 'T')
		*tod = p + 1;
	else if (*p)
		return false;
	return true;
}

/* A value this file formatted, read back (not decades or centuries). */
static bool parse_value(const char *s, struct tv *v)
{
	const char *p = s;
	int y;
	memset(v, 0, sizeof *v);
	if (!s || !digits(&p, 4, &y))
		return false;
	if (*p == '\0') {
		v->g = G_YEAR;
		v->y = y;
		return true;
	}
	if (*p++ != '-' || !parse_rest(&p, y, v))
		return false;
	return *p == '\0';
}

bool pl_timex_resolve(struct pl_timex_ctx *c, const char *raw, bool move_ref,
		      struct pl_buf *out, enum pl_timex_anchor *anchor)
{
	pl_buf_reset(out);
	*anchor = PL_ANCHOR_NONE;
	while (*raw == ' ')
		raw++;
	if (!*raw)
		return false;
	if (strstr(raw, "_REF")) {
		pl_buf_puts(out, raw);
		return true;
	}
	if (raw[0] == 'P' && (isdigit((unsigned char)raw[1]) || raw[1] == 'X' || raw[1] == 'T'))
		return resolve_duration(raw, out);

	/* "ref(quarter):quarter+0|quarter-1": the coarse reference when it
	 * is a quarter, else the alternative (against the DCT). */
	if (strncmp(raw, "ref(", 4) == 0) {
		const char *close = strchr(raw, ')'), *bar = strchr(raw, '|');
		if (!close || !bar || close[1] != ':' || bar < close)
			return false;
		int want = 0;
		for (size_t i = 0; i < sizeof unit_names / sizeof unit_names[0]; i++)
			if (strlen(unit_names[i].name) == (size_t)(close - raw - 4) &&
			    strncmp(raw + 4, unit_names[i].name, (size_t)(close - raw - 4)) == 0)
				want = unit_names[i].g;
		if (!want)
			return false;
		char sub[128];
		if (c->refc_gran == want) {
			size_t n = (size_t)(bar - close - 2);
			if (n + 6 > sizeof sub)
				return false;
			memcpy(sub, "refc:", 5);
			memcpy(sub + 5, close + 2, n);
			sub[5 + n] = '\0';
		} else {
			if (strlen(bar + 1) >= sizeof sub)
				return false;
			memcpy(sub, bar + 1, strlen(bar + 1) + 1);
		}
		return pl_timex_resolve(c, sub, move_ref, out, anchor);
	}

	/* "ref:<XXXX-WXX-5" ("the previous Friday"): a directed partial value
	 * taken from the last day mentioned instead of the DCT */
	if (strncmp(raw, "ref:", 4) == 0 && (raw[4] == '<' || raw[4] == '>')) {
		if (!c->refd_year) {
			*anchor = PL_ANCHOR_UNRESOLVED;
			pl_buf_puts(out, raw);
			return !out->oom;
		}
		struct pl_timex_ctx rc = *c;
		rc.has_dct = true;
		rc.dct_year = c->refd_year;
		rc.dct_month = c->refd_month;
		rc.dct_day = c->refd_day;
		if (!pl_timex_resolve(&rc, raw + 4, false, out, anchor))
			return false;
		*anchor = PL_ANCHOR_REF;
		return !out->oom;
	}

	/* "ref:year+0@year": the result coarsened to a granularity */
	const char *at = strrchr(raw, '@');
	if (at) {
		int g = 0;
		for (size_t i = 0; i < sizeof unit_names / sizeof unit_names[0]; i++)
			if (strcmp(at + 1, unit_names[i].name) == 0)
				g = unit_names[i].g;
		char sub[128];
		size_t n = (size_t)(at - raw);
		if (g <= 0 || n >= sizeof sub)
			return false;
		memcpy(sub, raw, n);
		sub[n] = '\0';
		struct pl_timex_ctx saved = *c;
		if (!pl_timex_resolve(c, sub, false, out, anchor))
			return false;
		if (*anchor == PL_ANCHOR_UNRESOLVED) {
			pl_buf_reset(out);
			pl_buf_puts(out, raw);
			return !out->oom;
		}
		struct tv v;
		if (!parse_value(out->p, &v))
			return true; /* PAST_REF, a clock time...: as it is */
		if (v.g > g)
			v = tv_at(tv_start(&v), g);
		pl_buf_reset(out);
		tv_format(&v, out);
		*c = saved;
		if (move_ref)
			set_ref(c, &v);
		return !out->oom;
	}

	struct tv res = { 0, 0, 0, 0, 0 };
	const char *tod = NULL;
	bool ok;
	int dir = raw[0] == '<' ? -1 : raw[0] == '>' ? 1 : 0;
	const char *body = raw + (dir != 0);
	bool coarse = strncmp(body, "refc:", 5) == 0;
	bool from_ref = coarse || strncmp(body, "ref:", 4) == 0;
	bool partial = strncmp(body, "XXXX-", 5) == 0;
	bool relative = !partial && !from_ref && isalpha((unsigned char)body[0]) &&
			islower((unsigned char)body[0]);

	if (from_ref || partial || relative) {
		bool can = coarse ? c->refc_gran != G_NONE : from_ref ? c->ref_gran != G_NONE : c->has_dct;
		if (!can) {
			*anchor = PL_ANCHOR_UNRESOLVED;
			pl_buf_puts(out, raw);
			return true;
		}
		*anchor = from_ref ? PL_ANCHOR_REF : PL_ANCHOR_DCT;
		if (partial)
			ok = resolve_partial(c, body + 5, dir, &res, &tod);
		else
			ok = resolve_relative(c, body + (coarse ? 5 : from_ref ? 4 : 0), from_ref, coarse,
					      out, &res, &tod);
		if (!ok)
			return false;
		if (out->len) /* PAST_REF or a clock time already written */
			return true;
	} else {
		ok = resolve_absolute(body, out, &res, &tod, c);
		if (!ok)
			return false;
		if (out->len)
			return true;
	}
	if (res.g == G_NONE)
		return false;
	tv_format(&res, out);
	if (tod && !time_suffix(tod, out))
		return false;
	if (move_ref)
		set_ref(c, &res);
	return !out->oom;
}

bool pl_timex_parse_dct(const char *s, struct pl_datetime *dt)
{
	const char *p = s;
	memset(dt, 0, sizeof *dt);
	if (!digits(&p, 4, &dt->year))
		return false;
	dt->prec = PL_PREC_YEAR;
	if (lit(&p, "-")) {
		if (!digits(&p, 2, &dt->month) || dt->month < 1 || dt->month > 12)
			return false;
		dt->prec = PL_PREC_MONTH;
		if (lit(&p, "-")) {
			if (!digits(&p, 2, &dt->day) || !cal_valid(dt->year, dt->month, dt->day))
				return false;
			dt->prec = PL_PREC_DAY;
		}
	} else if (isdigit((unsigned char)*p)) { /* 19980108 */
		if (!digits(&p, 2, &dt->month) || !digits(&p, 2, &dt->day) ||
		    !cal_valid(dt->year, dt->month, dt->day))
			return false;
		dt->prec = PL_PREC_DAY;
	}
	if ((*p == 'T' || *p == ' ') && dt->prec == PL_PREC_DAY) {
		p++;
		if (!digits(&p, 2, &dt->hour) || dt->hour > 23)
			return false;
		dt->prec = PL_PREC_HOUR;
		if (lit(&p, ":")) {
			if (!digits(&p, 2, &dt->minute) || dt->minute > 59)
				return false;
			dt->prec = PL_PREC_MINUTE;
			if (lit(&p, ":")) {
				if (!digits(&p, 2, &dt->second) || dt->second > 60)
					return false;
				dt->prec = PL_PREC_SECOND;
			}
		}
	}
	return *p == '\0' || *p == 'Z' || *p == '+' || *p == '-' || *p == '.';
}
