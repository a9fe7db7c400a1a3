/* dates.c - ISO 8601 and RFC 822 date-times with their precision, civil-day arithmetic. */
#include "parley/ingest.h"

#include <string.h>

/* ---- Civil-day arithmetic (Howard Hinnant, "chrono-Compatible Low-Level
 * Date Algorithms").  Proleptic Gregorian, day 0 = 1970-01-01; valid for
 * every year an int holds.  No time zone and no local time is ever involved. */

int64_t pl_days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;                                 /* [0, 399] */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

void pl_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;                                       /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
	int64_t mp = (5 * doy + 2) / 153;                                     /* [0, 11] */
	int64_t dd = doy - (153 * mp + 2) / 5 + 1;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

int pl_days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

/* ---- Tables of the RFC 822/1123 format (English by definition of the
 * format, not a language resource): month and zone names. */

static const char *const month_abbr[12] = {"jan", "feb", "mar", "apr", "may", "jun",
					   "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const month_full[12] = {"january", "february", "march",     "april",
					   "may",     "june",     "july",      "august",
					   "september", "october", "november", "december"};

/* Zone names seen in feeds, UTC offset in minutes.  Ambiguous names (IST,
 * CST-as-China) are left out on purpose: a wrong zone is worse than none. */
static const struct {
	const char *name;
	int min;
} zones[] = {
	{"gmt", 0},     {"ut", 0},      {"utc", 0},     {"z", 0},       {"est", -300},
	{"edt", -240},  {"cst", -360},  {"cdt", -300},  {"mst", -420},  {"mdt", -360},
	{"pst", -480},  {"pdt", -420},  {"cet", 60},    {"cest", 120},  {"bst", 60},
	{"eet", 120},   {"eest", 180},  {"wet", 0},     {"west", 60},   {"msk", 180},
};

/* ---- A tiny cursor over the input. */

struct cur {
	const char *s;
	size_t n, i;
};

static bool at_end(const struct cur *c)
{
	return c->i >= c->n;
}

static char peek(const struct cur *c)
{
	return c->i < c->n ? c->s[c->i] : '\0';
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static bool is_alpha(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static char lower(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

static void skip_space(struct cur *c)
{
	while (!at_end(c) && (peek(c) == ' ' || peek(c) == '\t' || peek(c) == '\n' || peek(c) == '\r'))
		c->i++;
}

/* Exactly `k` digits; -1 (cursor unchanged) otherwise. */
static int digits(struct cur *c, int k)
{
	if (c->n - c->i < (size_t)k)
		return -1;
	int v = 0;
	for (int j = 0; j < k; j++) {
		char ch = c->s[c->i + (size_t)j];
		if (!is_digit(ch))
			return -1;
		v = v * 10 + (ch - '0');
	}
	c->i += (size_t)k;
	return v;
}

/* Length of the run of digits at the cursor. */
static size_t digit_run(const struct cur *c)
{
	size_t k = 0;
	while (c->i + k < c->n && is_digit(c->s[c->i + k]))
		k++;
	return k;
}

/* The run of ASCII letters at the cursor, lower-cased into w (truncated to
 * wcap-1); returns its full length and advances past it. */
static size_t word(struct cur *c, char *w, size_t wcap)
{
	size_t k = 0;
	while (!at_end(c) && is_alpha(peek(c))) {
		if (k + 1 < wcap)
			w[k] = lower(peek(c));
		k++;
		c->i++;
	}
	w[k < wcap ? k : wcap - 1] = '\0';
	return k;
}

static int month_from_name(const char *w)
{
	for (int m = 0; m < 12; m++)
		if (strcmp(w, month_abbr[m]) == 0 || strcmp(w, month_full[m]) == 0)
			return m + 1;
	if (strcmp(w, "sept") == 0)
		return 9;
	return 0;
}

/* A numeric UTC offset: sign, hours (exactly two, or one or two when
 * `loose`, as in "GMT+1"), then optional [:]MM.  Minutes into *min. */
static bool offset(struct cur *c, int *min, bool loose)
{
	size_t save = c->i;
	int sign;
	if (peek(c) == '+' || peek(c) == '-') {
		sign = peek(c) == '-' ? -1 : 1;
		c->i++;
	} else if (c->n - c->i >= 3 && memcmp(c->s + c->i, "\xe2\x88\x92", 3) == 0) {
		sign = -1; /* U+2212 MINUS SIGN, which ISO 8601 prefers */
		c->i += 3;
	} else {
		return false;
	}
	size_t k = digit_run(c);
	int hh = k >= 2 ? digits(c, 2) : (loose && k == 1) ? digits(c, 1) : -1;
	int mm = 0;
	if (hh >= 0 && peek(c) == ':')
		c->i++, mm = digits(c, 2);
	else if (hh >= 0 && digit_run(c) >= 2)
		mm = digits(c, 2);
	if (hh < 0 || mm < 0 || hh > 23 || mm > 59 || digit_run(c) > 0) {
		c->i = save;
		return false;
	}
	*min = sign * (hh * 60 + mm);
	return true;
}

/* Zone: Z, +HH:MM, +HHMM, +HH, or (with `names`) a name from `zones`,
 * possibly followed by an offset ("GMT+01:00", "UTC-5"). */
static bool zone(struct cur *c, struct pl_datetime *dt, bool names)
{
	int min;
	char ch = peek(c);
	if ((ch == 'Z' || ch == 'z') && !(c->i + 1 < c->n && is_alpha(c->s[c->i + 1]))) {
		c->i++;
		dt->has_tz = true;
		dt->tz_min = 0;
		return true;
	}
	if (offset(c, &min, false)) {
		dt->has_tz = true;
		dt->tz_min = min;
		return true;
	}
	if (!names || !is_alpha(ch))
		return false;
	size_t save = c->i;
	char w[8];
	size_t k = word(c, w, sizeof w);
	for (size_t z = 0; k < sizeof w && z < sizeof zones / sizeof zones[0]; z++) {
		if (strcmp(w, zones[z].name) != 0)
			continue;
		dt->has_tz = true;
		dt->tz_min = zones[z].min;
		if (offset(c, &min, true))
			dt->tz_min += min;
		return true;
	}
	c->i = save;
	return false;
}

static bool valid(const struct pl_datetime *dt)
{
	if (dt->prec >= PL_PREC_MONTH && (dt->month < 1 || dt->month > 12))
		return false;
	if (dt->prec >= PL_PREC_DAY && (dt->day < 1 || dt->day > pl_days_in_month(dt->year, dt->month)))
		return false;
	if (dt->hour > 23 || dt->minute > 59 || dt->second > 60) /* 60: a leap second */
		return false;
	return true;
}

/* hh[:mm[:ss[.fff]]] (extended) or hh[mm[ss[.fff]]] (basic), then a zone. */
static bool iso_time(struct cur *c, struct pl_datetime *dt, bool basic)
{
	dt->hour = digits(c, 2);
	if (dt->hour < 0)
		return false;
	dt->prec = PL_PREC_HOUR;
	bool colon = !basic && peek(c) == ':';
	if (colon || (basic && digit_run(c) >= 2)) {
		c->i += colon;
		if ((dt->minute = digits(c, 2)) < 0)
			return false;
		dt->prec = PL_PREC_MINUTE;
		colon = !basic && peek(c) == ':';
		if (colon || (basic && digit_run(c) >= 2)) {
			c->i += colon;
			if ((dt->second = digits(c, 2)) < 0)
				return false;
			dt->prec = PL_PREC_SECOND;
			if ((peek(c) == '.' || peek(c) == ',') && c->i + 1 < c->n && is_digit(c->s[c->i + 1])) {
				c->i++; /* fractions of a second are below our finest precision */
				c->i += digit_run(c);
			}
		}
	}
	size_t save = c->i;
	skip_space(c); /* "2025-12-15 10:30:00 +01:00", "... UTC" */
	if (!zone(c, dt, c->i > save))
		c->i = save;
	return true;
}

static bool parse_iso(struct cur *c, struct pl_datetime *dt)
{
	if (digit_run(c) == 8) {
		/* Basic format: 20251215[T103000[Z]], as NITF writes it. */
		dt->year = digits(c, 4);
		dt->month = digits(c, 2);
		dt->day = digits(c, 2);
		dt->prec = PL_PREC_DAY;
		if (peek(c) == 'T' || peek(c) == 't') {
			c->i++;
			return iso_time(c, dt, true);
		}
		return true;
	}
	if (digit_run(c) != 4)
		return false;
	dt->year = digits(c, 4);
	dt->prec = PL_PREC_YEAR;
	if (peek(c) != '-')
		return true;
	c->i++;
	if ((dt->month = digits(c, 2)) < 0)
		return false;
	dt->prec = PL_PREC_MONTH;
	if (peek(c) != '-')
		return true;
	c->i++;
	if ((dt->day = digits(c, 2)) < 0)
		return false;
	dt->prec = PL_PREC_DAY;
	char ch = peek(c);
	if (ch == 'T' || ch == 't' ||
	    (ch == ' ' && c->i + 2 < c->n && is_digit(c->s[c->i + 1]) && is_digit(c->s[c->i + 2]))) {
		c->i++;
		return iso_time(c, dt, false);
	}
	/* A date alone may still carry a zone ("2025-12-15Z" is rare but legal). */
	zone(c, dt, false);
	return true;
}

/* [Day,] DD Mon YYYY [HH:MM[:SS]] [zone] [(comment)] */
static bool parse_rfc822(struct cur *c, struct pl_datetime *dt)
{
	char w[16];
	if (is_alpha(peek(c))) {
		word(c, w, sizeof w); /* day of the week: not checked against the date */
		if (peek(c) == ',')
			c->i++;
		skip_space(c);
	}
	size_t k = digit_run(c);
	if (k < 1 || k > 2)
		return false;
	dt->day = digits(c, (int)k);
	skip_space(c);
	if (peek(c) == '-')
		c->i++; /* "15-Dec-2025" */
	if (word(c, w, sizeof w) == 0 || !(dt->month = month_from_name(w)))
		return false;
	if (peek(c) == '.')
		c->i++;
	skip_space(c);
	if (peek(c) == '-')
		c->i++;
	k = digit_run(c);
	if (k == 4) {
		dt->year = digits(c, 4);
	} else if (k == 2) {
		/* RFC 2822 section 4.3: 00-49 are 20xx, 50-99 are 19xx. */
		int yy = digits(c, 2);
		dt->year = yy < 50 ? 2000 + yy : 1900 + yy;
	} else {
		return false;
	}
	dt->prec = PL_PREC_DAY;
	size_t save = c->i;
	skip_space(c);
	if (digit_run(c) == 0 || digit_run(c) > 2) {
		c->i = save;
		return true;
	}
	k = digit_run(c);
	dt->hour = digits(c, (int)k);
	if (peek(c) != ':')
		return false;
	c->i++;
	if ((dt->minute = digits(c, 2)) < 0)
		return false;
	dt->prec = PL_PREC_MINUTE;
	if (peek(c) == ':') {
		c->i++;
		if ((dt->second = digits(c, 2)) < 0)
			return false;
		dt->prec = PL_PREC_SECOND;
	}
	save = c->i;
	skip_space(c);
	if (!zone(c, dt, true))
		c->i = save;
	save = c->i;
	skip_space(c);
	if (peek(c) == '(') {
		/* "+0000 (UTC)": a comment, as RFC 822 allows. */
		while (!at_end(c) && peek(c) != ')')
			c->i++;
		if (at_end(c))
			return false;
		c->i++;
	} else {
		c->i = save;
	}
	return true;
}

bool pl_datetime_parse(const char *s, size_t n, struct pl_datetime *dt)
{
	struct pl_datetime t;
	memset(&t, 0, sizeof t);
	if (!s)
		return false;
	struct cur c = {s, n, 0};
	skip_space(&c);
	bool ok = is_digit(peek(&c)) && digit_run(&c) >= 4 ? parse_iso(&c, &t) : parse_rfc822(&c, &t);
	skip_space(&c);
	if (!ok || !at_end(&c) || !valid(&t))
		return false;
	*dt = t;
	return true;
}

void pl_datetime_format(const struct pl_datetime *dt, struct pl_buf *out)
{
	switch (dt->prec) {
	case PL_PREC_NONE:
		return;
	case PL_PREC_YEAR:
		pl_buf_printf(out, "%04d", dt->year);
		return;
	case PL_PREC_MONTH:
		pl_buf_printf(out, "%04d-%02d", dt->year, dt->month);
		return;
	case PL_PREC_DAY:
		pl_buf_printf(out, "%04d-%02d-%02d", dt->year, dt->month, dt->day);
		return;
	case PL_PREC_HOUR:
	case PL_PREC_MINUTE:
		/* Hour precision is written with ":00" minutes: "T12" alone is legal
		 * ISO 8601 but few readers accept it; the precision is kept apart. */
		pl_buf_printf(out, "%04d-%02d-%02dT%02d:%02d", dt->year, dt->month, dt->day, dt->hour,
			      dt->minute);
		break;
	case PL_PREC_SECOND:
		pl_buf_printf(out, "%04d-%02d-%02dT%02d:%02d:%02d", dt->year, dt->month, dt->day, dt->hour,
			      dt->minute, dt->second);
		break;
	}
	if (!dt->has_tz)
		return;
	if (dt->tz_min == 0) {
		pl_buf_putc(out, 'Z');
		return;
	}
	int a = dt->tz_min < 0 ? -dt->tz_min : dt->tz_min;
	pl_buf_printf(out, "%c%02d:%02d", dt->tz_min < 0 ? '-' : '+', a / 60, a % 60);
}
