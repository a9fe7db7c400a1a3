/* axis.c - event dates as periods of days, a date axis broken at long gaps,
 * and two tiers of ticks from d3-time's interval ladder. */
#include "render/layout_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* Read exactly `len` digits at *p into *v. */
static bool digits(const char **p, int len, int *v)
{
	int x = 0;
	for (int i = 0; i < len; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return false;
		x = x * 10 + ((*p)[i] - '0');
	}
	*p += len;
	*v = x;
	return true;
}

bool when_parse(const char *s, struct when *w)
{
	if (!s)
		return false;
	const char *p = s;
	int sign = 1;
	if (*p == '-' || *p == '+') {
		sign = *p == '-' ? -1 : 1; /* ISO 8601 expanded years: -0043 is 44 BCE */
		p++;
	}
	/* Years of 4 to 6 digits (astronomical numbering: year 0 is 1 BCE). */
	int nd = 0;
	while (p[nd] >= '0' && p[nd] <= '9')
		nd++;
	if (nd < 4 || nd > 6)
		return false;
	int y = 0, mo = 1, d = 1, hh = 0, mi = 0, ss = 0;
	digits(&p, nd, &y);
	y *= sign;
	enum pl_precision prec = PL_PREC_YEAR;
	if (*p == '-') {
		p++;
		if (!digits(&p, 2, &mo) || mo < 1 || mo > 12)
			return false;
		prec = PL_PREC_MONTH;
		if (*p == '-') {
			p++;
			if (!digits(&p, 2, &d) || d < 1 || d > pl_days_in_month(y, mo))
				return false;
			prec = PL_PREC_DAY;
			if (*p == 'T' || *p == ' ') {
				p++;
				if (!digits(&p, 2, &hh) || hh > 23)
					return false;
				prec = PL_PREC_HOUR;
				if (*p == ':') {
					p++;
					if (!digits(&p, 2, &mi) || mi > 59)
						return false;
					prec = PL_PREC_MINUTE;
					if (*p == ':') {
						p++;
						if (!digits(&p, 2, &ss) || ss > 60)
							return false;
						prec = PL_PREC_SECOND;
					}
				}
			}
		}
	}
	/* Whatever follows (fractions, Z, +01:00) is not used: the clock time as
	 * written is the time shown, and no zone may move an event to another day. */
	int64_t day = pl_days_from_civil(y, mo, d);
	double t0 = (double)day + (hh * 3600.0 + mi * 60.0 + ss) / 86400.0, t1;
	switch (prec) {
	case PL_PREC_YEAR: t1 = (double)pl_days_from_civil(y + 1, 1, 1); break;
	case PL_PREC_MONTH: t1 = (double)pl_days_from_civil(mo == 12 ? y + 1 : y, mo == 12 ? 1 : mo + 1, 1); break;
	case PL_PREC_DAY: t1 = t0 + 1; break;
	case PL_PREC_HOUR: t1 = t0 + 1.0 / 24; break;
	case PL_PREC_MINUTE: t1 = t0 + 1.0 / 1440; break;
	default: t1 = t0 + 1.0 / 86400; break;
	}
	w->t0 = t0;
	w->t1 = t1;
	w->prec = prec;
	return true;
}

static void put_year(struct pl_buf *out, int y)
{
	if (y <= 0)
		pl_buf_printf(out, "%d BCE", 1 - y);
	else
		pl_buf_printf(out, "%d", y);
}

void when_format(double t, enum pl_precision p, struct pl_buf *out)
{
	double fl = floor(t);
	int y, m, d;
	pl_civil_from_days((int64_t)fl, &y, &m, &d);
	int secs = (int)lround((t - fl) * 86400);
	if (p >= PL_PREC_DAY)
		pl_buf_printf(out, "%d ", d);
	if (p >= PL_PREC_MONTH)
		pl_buf_printf(out, "%s ", month_abbr[m - 1]);
	put_year(out, y);
	if (p >= PL_PREC_HOUR)
		pl_buf_printf(out, " %02d:%02d", secs / 3600, secs / 60 % 60);
}

void gap_format(double days, struct pl_buf *out)
{
	if (days >= 365.2425 * 1.5)
		pl_buf_printf(out, "%.0f yrs", days / 365.2425);
	else if (days >= 60)
		pl_buf_printf(out, "%.0f mos", days / 30.436875);
	else if (days >= 14)
		pl_buf_printf(out, "%.0f wks", days / 7);
	else
		pl_buf_printf(out, "%.0f days", days < 1 ? 1.0 : days);
}

/* ---- Segments ------------------------------------------------------------ */

/* A gap breaks the axis when it is this many times the typical (median)
 * spacing of event dates and at least this share of the whole range: a
 * lone 2022 event before a December 2025 cluster, not the quiet week inside
 * a month of talks.  At most MAX_BREAKS breaks (the widest gaps). */
#define BREAK_K 8.0
#define BREAK_SHARE 0.2
#define MAX_BREAKS 3
/* Inside a segment left by a wider break, a gap breaks it again when it is
 * this share of the segment and at least two weeks: October's lone meeting
 * before the late-November talks, once 2022 is cut away. */
#define BREAK_SHARE_NESTED 0.4
#define BREAK_NESTED_MIN_DAYS 14.0

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct gap { double start, len; size_t at; }; /* [start, start+len) empty before sorted event `at` */

static int cmp_gap_len_desc(const void *a, const void *b)
{
	const struct gap *x = a, *y = b;
	return x->len > y->len ? -1 : x->len < y->len;
}

static int cmp_gap_at(const void *a, const void *b)
{
	const struct gap *x = a, *y = b;
	return x->at < y->at ? -1 : x->at > y->at;
}

int axis_build(struct axis *ax, const struct when *w, size_t n, double x0, double x1,
	       double break_w)
{
	memset(ax, 0, sizeof *ax);
	ax->break_w = break_w;
	if (n == 0)
		return -1;
	double *sp = malloc(n * sizeof *sp);
	struct gap *gaps = malloc(n * sizeof *gaps);
	if (!sp || !gaps) {
		free(sp);
		free(gaps);
		return -1;
	}
	/* Gaps between what is covered so far (running max end) and the next start. */
	size_t nsp = 0, ngap = 0;
	double end = w[0].t1, lo = w[0].t0, hi = w[0].t1;
	for (size_t i = 1; i < n; i++) {
		double mid_prev = (w[i - 1].t0 + w[i - 1].t1) / 2, mid = (w[i].t0 + w[i].t1) / 2;
		if (mid > mid_prev)
			sp[nsp++] = mid - mid_prev;
		if (w[i].t0 > end) {
			gaps[ngap].start = end;
			gaps[ngap].len = w[i].t0 - end;
			gaps[ngap].at = i;
			ngap++;
		}
		if (w[i].t1 > end)
			end = w[i].t1;
		if (w[i].t1 > hi)
			hi = w[i].t1;
	}
	double typical = 0;
	if (nsp) {
		qsort(sp, nsp, sizeof *sp, cmp_double);
		typical = sp[nsp / 2];
	}
	size_t nbreak = 0;
	if (ngap && typical > 0) {
		qsort(gaps, ngap, sizeof *gaps, cmp_gap_len_desc);
		/* Widest first; each is judged against the segment the breaks
		 * chosen so far leave around it.  Chosen gaps move to the front. */
		for (size_t g = 0; g < ngap && nbreak < MAX_BREAKS; g++) {
			struct gap cand = gaps[g];
			double slo = lo, shi = hi;
			for (size_t j = 0; j < nbreak; j++) {
				if (gaps[j].at < cand.at && gaps[j].start + gaps[j].len > slo)
					slo = gaps[j].start + gaps[j].len;
				if (gaps[j].at > cand.at && gaps[j].start < shi)
					shi = gaps[j].start;
			}
			bool nested = slo > lo || shi < hi;
			bool ok = nested ? cand.len > BREAK_SHARE_NESTED * (shi - slo) &&
					   cand.len >= BREAK_NESTED_MIN_DAYS
					 : cand.len > BREAK_K * typical && cand.len > BREAK_SHARE * (hi - lo);
			if (ok)
				gaps[nbreak++] = cand;
		}
		qsort(gaps, nbreak, sizeof *gaps, cmp_gap_at);
	}
	ax->seg = calloc(nbreak + 1, sizeof *ax->seg);
	if (!ax->seg) {
		free(sp);
		free(gaps);
		return -1;
	}
	ax->nseg = nbreak + 1;
	double total = 0;
	for (size_t s = 0; s < ax->nseg; s++) {
		size_t a = s == 0 ? 0 : gaps[s - 1].at, b = s < nbreak ? gaps[s].at : n;
		struct axis_seg *g = &ax->seg[s];
		g->first = a;
		g->n = b - a;
		g->t0 = w[a].t0;
		g->t1 = w[a].t1;
		for (size_t i = a; i < b; i++)
			if (w[i].t1 > g->t1)
				g->t1 = w[i].t1;
		total += g->t1 - g->t0;
	}
	/* Pad every segment; a lone day among years still gets a readable span
	 * (a tenth of the data's duration, at least one day). */
	double min_dur = total * 0.1 < 1 ? 1 : total * 0.1;
	if (ax->nseg == 1)
		min_dur = total;
	for (size_t s = 0; s < ax->nseg; s++) {
		struct axis_seg *g = &ax->seg[s];
		double dur = g->t1 - g->t0, want = min_dur;
		/* A segment of year- or month-only dates spans at least that period:
		 * "2025" alone gets month ticks, not hours around 2 July. */
		for (size_t i = g->first; i < g->first + g->n; i++) {
			if (w[i].prec == PL_PREC_YEAR && want < 365.2425)
				want = 365.2425;
			else if (w[i].prec == PL_PREC_MONTH && want < 30.436875)
				want = 30.436875;
		}
		if (dur < want) {
			double c = (g->t0 + g->t1) / 2;
			g->t0 = c - want / 2;
			g->t1 = c + want / 2;
			dur = want;
		}
		double pad = dur * 0.04;
		g->t0 -= pad;
		g->t1 += pad;
	}
	/* Pixels: breaks are fixed width; segments share the rest in proportion to
	 * the events they hold (the space goes where the labels are: one 2022
	 * event does not take a third of a chart about December 2025), each with
	 * a floor so a lone event keeps a readable stretch of axis. */
	double avail = (x1 - x0) - (double)nbreak * break_w;
	double minw = avail / (2.0 * (double)ax->nseg);
	if (minw > 160)
		minw = 160;
	double x = x0;
	for (size_t s = 0; s < ax->nseg; s++) {
		struct axis_seg *g = &ax->seg[s];
		double wpx = minw + (avail - minw * (double)ax->nseg) * (double)g->n / (double)n;
		g->x0 = x;
		g->x1 = x + wpx;
		x = g->x1 + break_w;
	}
	ax->seg[ax->nseg - 1].x1 = x1; /* absorb rounding */
	free(sp);
	free(gaps);
	return 0;
}

void axis_free(struct axis *ax)
{
	free(ax->seg);
	memset(ax, 0, sizeof *ax);
}

static size_t seg_of(const struct axis *ax, double t)
{
	size_t s = 0;
	while (s + 1 < ax->nseg && t >= (ax->seg[s].t1 + ax->seg[s + 1].t0) / 2)
		s++;
	return s;
}

double axis_x(const struct axis *ax, double t)
{
	return axis_x_in(ax, t, t);
}

double axis_x_in(const struct axis *ax, double anchor, double t)
{
	const struct axis_seg *g = &ax->seg[seg_of(ax, anchor)];
	if (t < g->t0)
		t = g->t0;
	if (t > g->t1)
		t = g->t1;
	return g->x0 + (g->x1 - g->x0) * (t - g->t0) / (g->t1 - g->t0);
}

/* ---- Ticks ----------------------------------------------------------------- */

enum unit { U_SEC, U_MIN, U_HOUR, U_DAY, U_WEEK, U_MONTH, U_YEAR };

struct interval {
	enum unit u;
	long step;
};

/* d3-time's ladder; years continue in 1/2/5 x 10^k steps (computed). */
static const struct interval ladder[] = {
	{ U_SEC, 1 }, { U_SEC, 5 }, { U_SEC, 15 }, { U_SEC, 30 },
	{ U_MIN, 1 }, { U_MIN, 5 }, { U_MIN, 15 }, { U_MIN, 30 },
	{ U_HOUR, 1 }, { U_HOUR, 3 }, { U_HOUR, 6 }, { U_HOUR, 12 },
	{ U_DAY, 1 }, { U_DAY, 2 }, { U_WEEK, 1 }, { U_MONTH, 1 }, { U_MONTH, 3 },
};

static double approx_days(struct interval iv)
{
	switch (iv.u) {
	case U_SEC: return (double)iv.step / 86400;
	case U_MIN: return (double)iv.step / 1440;
	case U_HOUR: return (double)iv.step / 24;
	case U_DAY: return (double)iv.step;
	case U_WEEK: return 7.0 * (double)iv.step;
	case U_MONTH: return 30.436875 * (double)iv.step;
	default: return 365.2425 * (double)iv.step;
	}
}

static long floordiv(long a, long b)
{
	long q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* First tick of `iv` at or after t, or the next one after tick t (t exact). */
static double tick_next(struct interval iv, double t, bool strictly_after)
{
	int y, m, d;
	if (iv.u <= U_HOUR) {
		double unit = iv.u == U_SEC ? 1 : iv.u == U_MIN ? 60 : 3600;
		double s = unit * (double)iv.step;
		double secs = t * 86400;
		/* Tolerance 1e-6 of a step: day numbers times 86400 leave ~1e-8 of
		 * rounding, enough to make a tick its own successor. */
		double k = strictly_after ? floor(secs / s + 1e-6) + 1 : ceil(secs / s - 1e-6);
		return k * s / 86400;
	}
	int64_t day = (int64_t)floor(t + 1e-9);
	bool exact = fabs(t - (double)day) < 1e-9;
	if (!exact || strictly_after)
		day++;
	for (;;) {
		pl_civil_from_days(day, &y, &m, &d);
		switch (iv.u) {
		case U_DAY:
			if ((d - 1) % iv.step == 0 && (iv.step == 1 || d + iv.step - 1 <= pl_days_in_month(y, m)))
				return (double)day;
			day++;
			break;
		case U_WEEK: {
			/* Mondays: 1970-01-05 (day 4) was a Monday. */
			long r = (long)((day - 4) % 7);
			if (r < 0)
				r += 7;
			if (r == 0)
				return (double)day;
			day += 7 - r;
			break;
		}
		case U_MONTH:
			if (d == 1 && (m - 1) % iv.step == 0)
				return (double)day;
			m++;
			if (m > 12) {
				m = 1;
				y++;
			}
			day = pl_days_from_civil(y, m, 1);
			break;
		default: {
			long yy = y;
			if (!(d == 1 && m == 1 && yy % iv.step == 0))
				yy = (floordiv(yy, iv.step) + 1) * iv.step;
			return (double)pl_days_from_civil((int)yy, 1, 1);
		}
		}
	}
}

static void tick_label(struct interval iv, double t, char *buf, size_t cap)
{
	double fl = floor(t + 1e-9);
	int y, m, d;
	pl_civil_from_days((int64_t)fl, &y, &m, &d);
	long secs = lround((t - fl) * 86400);
	switch (iv.u) {
	case U_SEC: snprintf(buf, cap, "%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60); break;
	case U_MIN:
	case U_HOUR: snprintf(buf, cap, "%02ld:%02ld", secs / 3600, secs / 60 % 60); break;
	case U_DAY:
	case U_WEEK: snprintf(buf, cap, "%d", d); break;
	case U_MONTH: snprintf(buf, cap, "%s", month_abbr[m - 1]); break;
	default:
		if (y <= 0)
			snprintf(buf, cap, "%d BCE", 1 - y);
		else
			snprintf(buf, cap, "%d", y);
		break;
	}
}

/* The context tier above each minor interval: days above hours, months above
 * days and weeks, years above months; none above years. */
static bool context_of(struct interval iv, struct interval *ctx)
{
	switch (iv.u) {
	case U_SEC: case U_MIN: case U_HOUR: ctx->u = U_DAY; ctx->step = 1; return true;
	case U_DAY: case U_WEEK: ctx->u = U_MONTH; ctx->step = 1; return true;
	case U_MONTH: ctx->u = U_YEAR; ctx->step = 1; return true;
	default: return false;
	}
}

static void context_label(struct interval ctx, double t, char *buf, size_t cap)
{
	struct pl_buf b = PL_BUF_INIT;
	when_format(t, ctx.u == U_DAY ? PL_PREC_DAY : ctx.u == U_MONTH ? PL_PREC_MONTH : PL_PREC_YEAR, &b);
	snprintf(buf, cap, "%s", b.p ? b.p : "");
	pl_buf_free(&b);
}

static void interval_name(struct interval iv, char *buf, size_t cap)
{
	static const char *const names[] = { "s", "min", "h", "day", "week", "month", "year" };
	snprintf(buf, cap, "%ld %s", iv.step, names[iv.u]);
}

static int push_tick(struct tick **v, size_t *n, size_t *cap, double t, double x)
{
	if (!pl_grow(v, cap, *n, sizeof **v))
		return -1;
	struct tick *k = &(*v)[(*n)++];
	memset(k, 0, sizeof *k);
	k->t = t;
	k->x = x;
	return 0;
}

static double seg_x(const struct axis_seg *s, double t)
{
	return s->x0 + (s->x1 - s->x0) * (t - s->t0) / (s->t1 - s->t0);
}

/* Minor ticks of iv in the segment; labels must fit between neighbours and
 * inside the segment.  Returns 1 if they all fit, 0 if not, -1 on OOM. */
static int try_interval(const struct axis_seg *s, struct interval iv, struct measurer *m,
			const char *font, double min_gap, struct tick **v, size_t *n, size_t *cap)
{
	*n = 0;
	double px = s->x1 - s->x0;
	double count = (s->t1 - s->t0) / approx_days(iv);
	if (count > px / 12 + 2) /* cannot fit: not even a two-digit label per tick */
		return 0;
	double prev_right = -1e300;
	for (double t = tick_next(iv, s->t0, false); t <= s->t1; t = tick_next(iv, t, true)) {
		double x = seg_x(s, t);
		char lab[40];
		tick_label(iv, t, lab, sizeof lab);
		struct text_ext e;
		measure_text(m, font, lab, strlen(lab), &e);
		double left = x - e.w / 2;
		if (left < s->x0 || x + e.w / 2 > s->x1)
			continue; /* its label would cross into a break: no tick here */
		if (left < prev_right + min_gap)
			return 0;
		prev_right = x + e.w / 2;
		if (push_tick(v, n, cap, t, x) < 0)
			return -1;
		memcpy((*v)[*n - 1].label, lab, sizeof lab);
	}
	return 1;
}

int axis_ticks(const struct axis_seg *s, struct measurer *m, const char *font, double min_gap,
	       struct tick_set *out)
{
	memset(out, 0, sizeof *out);
	size_t cap = 0, n = 0;
	struct tick *v = NULL;
	struct interval chosen = { U_YEAR, 1 };
	bool found = false;
	for (size_t i = 0; i < sizeof ladder / sizeof *ladder && !found; i++) {
		if (approx_days(ladder[i]) < s->min_step * 0.999)
			continue; /* "12:00" ticks on a chart of whole days */
		int r = try_interval(s, ladder[i], m, font, min_gap, &v, &n, &cap);
		if (r < 0)
			goto oom;
		if (r == 1 && n >= 1) {
			chosen = ladder[i];
			found = true;
		}
	}
	/* Years: 1, 2, 5 x 10^k until the labels fit (at most one tick then). */
	for (long k = 1; !found && k <= 1000000000L; k *= 10) {
		static const long mult[] = { 1, 2, 5 };
		for (size_t j = 0; j < 3 && !found; j++) {
			struct interval iv = { U_YEAR, mult[j] * k };
			int r = try_interval(s, iv, m, font, min_gap, &v, &n, &cap);
			if (r < 0)
				goto oom;
			if (r == 1) {
				chosen = iv;
				found = true;
			}
		}
	}
	out->minor = v;
	out->nminor = n;
	interval_name(chosen, out->interval, sizeof out->interval);
	struct interval ctx;
	if (!context_of(chosen, &ctx))
		return 0;
	/* Context row: the period containing the segment start, then every new
	 * period that starts inside the segment (labels left-aligned at it). */
	size_t ccap = 0;
	double t = s->t0;
	bool first = true;
	while (t <= s->t1) {
		if (push_tick(&out->context, &out->ncontext, &ccap, t, first ? s->x0 : seg_x(s, t)) < 0)
			return -1;
		struct tick *k = &out->context[out->ncontext - 1];
		context_label(ctx, t, k->label, sizeof k->label);
		k->major = !first;
		first = false;
		t = tick_next(ctx, t, true);
		if (out->ncontext > 100000)
			break;
	}
	return 0;
oom:
	free(v);
	return -1;
}

void tick_set_free(struct tick_set *ts)
{
	free(ts->minor);
	free(ts->context);
	memset(ts, 0, sizeof *ts);
}
