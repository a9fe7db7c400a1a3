/* textdate.c - publication dates written in article text: datelines, bylines, "N hours ago". */
#include "formats.h"
#include "textutil.h"

#include <stdlib.h>
#include <string.h>

/* The words of the language live in rules/text/ (months.list,
 * textdate.list), read at run time (textlists.c); the grammar of date
 * phrases lives here. */

/* Bylines sit at the top of an article: later dates are the story's own
 * ("talks on Dec. 14, 2025") and must never be taken for the publication. */
#define SCAN_LIMIT 4096
/* A line that holds a date and little else is a byline date; longer text
 * around a date makes it part of a sentence. */
#define BARE_LINE_REST 40
/* Longest line searched for "Published"/"Updated" past its first word. */
#define BYLINE_MAX 200

/* ---- Character classes and list lookup ---------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Blanks inside a line: space, tab, NBSP.  Returns its length at s[i] or 0. */
static size_t blank_at(const char *s, size_t n, size_t i)
{
	if (i < n && (s[i] == ' ' || s[i] == '\t'))
		return 1;
	if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
		return 2;
	return 0;
}

static size_t skip_blanks(const char *s, size_t n, size_t i)
{
	size_t k;
	while ((k = blank_at(s, n, i)) > 0)
		i += k;
	return i;
}

/* Dashes of datelines: "-", "--", en dash, em dash.  Length or 0. */
static size_t dash_at(const char *s, size_t n, size_t i)
{
	if (i < n && s[i] == '-')
		return i + 1 < n && s[i + 1] == '-' ? 2 : 1;
	if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94))
		return 3;
	return 0;
}


/* Does `phrase` (plen bytes) match s[i..) ignoring case, a space in it
 * matching a run of blanks, and ending at a word boundary?  Length or 0. */
static size_t phrase_at(const char *s, size_t n, size_t i, const char *phrase, size_t plen)
{
	size_t j = i;
	for (size_t p = 0; p < plen; p++) {
		if (phrase[p] == ' ') {
			size_t k = skip_blanks(s, n, j);
			if (k == j)
				return 0;
			j = k;
		} else if (j >= n || lower(s[j]) != lower(phrase[p])) {
			return 0;
		} else {
			j++;
		}
	}
	/* "Mon" must not match the start of "Monument"; "a.m." ends with a
	 * period, after which anything may follow. */
	if (plen && is_alpha(phrase[plen - 1]) && j < n && (is_alpha(s[j]) || is_digit(s[j])))
		return 0;
	return j - i;
}

/* Longest entry of `kind` in textdate.list matching at s[i]; its length (0:
 * none) and its value field in *val (may be NULL). */
static size_t match_kind(const struct pl_textlists *tl, const char *s, size_t n, size_t i,
			 const char *kind, const char **val, size_t *vlen)
{
	size_t best = 0, count;
	const struct pl_tl_phrase *v = pl_textlists_phrases(tl, kind, &count);
	if (i >= n)
		return 0;
	for (size_t e = 0; e < count; e++) {
		/* a cheap rejection first: this runs at every word of a byline */
		if (!v[e].plen || lower(v[e].phrase[0]) != lower(s[i]))
			continue;
		size_t m = phrase_at(s, n, i, v[e].phrase, v[e].plen);
		if (m > best) {
			best = m;
			if (val) {
				*val = v[e].value;
				*vlen = v[e].vlen;
			}
		}
	}
	return best;
}

/* Month name (months.list) at s[i], with an optional period: "Dec.", "December". */
static size_t match_month(const struct pl_textlists *tl, const char *s, size_t n, size_t i,
			  int *month)
{
	size_t best = 0, months_count;
	const struct pl_tl_phrase *months = pl_textlists_months(tl, &months_count);
	for (size_t e = 0; e < months_count; e++) {
		const struct pl_tl_phrase *p = &months[e];
		size_t m = i < n && p->plen && lower(p->phrase[0]) == lower(s[i])
				   ? phrase_at(s, n, i, p->phrase, p->plen)
				   : 0;
		long x;
		if (m > best && pl_list_int(p->value, p->vlen, 1, 12, &x)) { /* checked at load */
			best = m;
			*month = (int)x;
		}
	}
	if (best && i + best < n && s[i + best] == '.')
		best++;
	return best;
}

/* Unsigned number of 1..maxd digits at s[i], not followed by another digit. */
static size_t number_at(const char *s, size_t n, size_t i, int maxd, int *v)
{
	size_t j = i;
	int x = 0;
	while (j < n && is_digit(s[j]) && (int)(j - i) < maxd)
		x = x * 10 + (s[j++] - '0');
	if (j == i || (j < n && is_digit(s[j])))
		return 0;
	*v = x;
	return j - i;
}

/* ---- Calendar helpers ---------------------------------------------------- */

static bool valid_date(int y, int m, int d)
{
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	int yy, mm, dd;
	pl_civil_from_days(pl_days_from_civil(y, m, d), &yy, &mm, &dd);
	return yy == y && mm == m && dd == d;
}

/* 0 = Sunday.  1970-01-01 was a Thursday. */
static int weekday(int64_t days)
{
	int64_t w = (days + 4) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

/* Day number of the k-th (1-based; -1: last) Sunday of month m of year y. */
static int64_t nth_sunday(int y, int m, int k)
{
	if (k > 0) {
		int64_t first = pl_days_from_civil(y, m, 1);
		return first + (7 - weekday(first)) % 7 + 7 * (k - 1);
	}
	int64_t last = pl_days_from_civil(y, m + 1 > 12 ? 1 : m + 1, 1) - 1;
	if (m == 12)
		last = pl_days_from_civil(y + 1, 1, 1) - 1;
	return last - weekday(last);
}

/* UTC offset of zone value "us:-300" / "eu:60" / "-300" on a given date
 * (textlists.c checked the form at load; anything else counts as UTC).
 * Daylight time is decided by the date alone: the hours around the switch
 * (2 a.m. on a Sunday) are too rare in bylines to matter. */
static int zone_offset(const char *v, size_t vlen, int y, int m, int d)
{
	long base = 0;
	if (vlen > 3 && (memcmp(v, "us:", 3) == 0 || memcmp(v, "eu:", 3) == 0)) {
		if (!pl_list_int(v + 3, vlen - 3, -1440, 1440, &base))
			return 0;
		int64_t day = pl_days_from_civil(y, m, d), start, end;
		if (v[0] == 'u') { /* second Sunday of March to first Sunday of November */
			start = nth_sunday(y, 3, 2);
			end = nth_sunday(y, 11, 1);
		} else { /* last Sunday of March to last Sunday of October */
			start = nth_sunday(y, 3, -1);
			end = nth_sunday(y, 10, -1);
		}
		return (int)base + (day >= start && day < end ? 60 : 0);
	}
	return pl_list_int(v, vlen, -1440, 1440, &base) ? (int)base : 0;
}

/* A reference date for year guessing: saved_at, else the default date. */
static const struct pl_datetime *reference(const struct pl_ingest_opts *opts)
{
	if (!opts)
		return NULL;
	if (opts->saved_at.prec >= PL_PREC_DAY)
		return &opts->saved_at;
	if (opts->default_date.prec >= PL_PREC_DAY)
		return &opts->default_date;
	return NULL;
}

/* Year of a date written without one ("Feb 5"): year_hint, or the year
 * before when that would put the date well after the reference date (a
 * "Dec 31" dateline on a page saved on Jan 2).  0 when unknown. */
static int guess_year(int m, int d, int year_hint, const struct pl_ingest_opts *opts)
{
	if (year_hint <= 0)
		return 0;
	const struct pl_datetime *ref = reference(opts);
	if (ref && ref->year == year_hint) {
		int64_t r = pl_days_from_civil(ref->year, ref->month, ref->day);
		/* a week's slack: datelines of scheduled stories run slightly ahead */
		if (pl_days_from_civil(year_hint, m, d) > r + 7)
			return year_hint - 1;
	}
	return year_hint;
}

/* ---- Date phrases ------------------------------------------------------- */

/* "[,] 2025" after the day and month: its length, and the year in *y (0
 * and length 0 when absent; years before 1900 are other numbers). */
static size_t year_after(const char *s, size_t n, size_t j, int *y)
{
	size_t c = skip_blanks(s, n, j < n && s[j] == ',' ? j + 1 : j), k;
	if ((k = number_at(s, n, c, 4, y)) == 4 && *y >= 1900)
		return c + k - j;
	*y = 0;
	return 0;
}

/* Calendar date at s[i]: "[Mon[,]] Dec. 15[th][,] [2025]", "[Monday,] 15
 * December [2025]", "2025-12-15".  Fills y/m/d of *dt (prec DAY) and returns
 * its length, or 0.  A missing year comes from guess_year; when that has
 * none, the phrase is not accepted. */
static size_t calendar_at(const char *s, size_t n, size_t i, int year_hint,
			  const struct pl_ingest_opts *opts, struct pl_datetime *dt)
{
	const struct pl_textlists *tl = pl_textlists_of(opts);
	size_t start = i, k;
	int y = 0, m = 0, d = 0;
	if ((k = match_kind(tl, s, n, i, "weekday", NULL, NULL)) > 0) {
		size_t j = i + k;
		if (j < n && s[j] == '.')
			j++;
		if (j < n && s[j] == ',')
			j++;
		j = skip_blanks(s, n, j);
		if (j > i + k)
			i = j; /* a weekday must be followed by a blank: "Mon December 15" */
	}
	/* ISO date in running text */
	if (i + 10 <= n && is_digit(s[i]) && s[i + 4] == '-' && s[i + 7] == '-') {
		struct pl_datetime t;
		if (pl_datetime_parse(s + i, 10, &t) && t.prec == PL_PREC_DAY &&
		    !(i + 10 < n && (is_digit(s[i + 10]) || s[i + 10] == 'T'))) {
			*dt = t;
			return i + 10 - start;
		}
		return 0;
	}
	size_t j;
	if ((k = match_month(tl, s, n, i, &m)) > 0) {
		/* Month Day[suffix][,] [Year] */
		j = skip_blanks(s, n, i + k);
		if (!(k = number_at(s, n, j, 2, &d)))
			return 0;
		j += k;
		j += match_kind(tl, s, n, j, "suffix", NULL, NULL);
		j += year_after(s, n, j, &y);
	} else if ((k = number_at(s, n, i, 2, &d)) > 0) {
		/* Day[suffix] Month[,] [Year] */
		j = i + k;
		j += match_kind(tl, s, n, j, "suffix", NULL, NULL);
		j = skip_blanks(s, n, j);
		if (!(k = match_month(tl, s, n, j, &m)))
			return 0;
		j += k;
		j += year_after(s, n, j, &y);
	} else {
		return 0;
	}
	if (y == 0)
		y = guess_year(m, d, year_hint, opts);
	if (y == 0 || !valid_date(y, m, d))
		return 0;
	memset(dt, 0, sizeof *dt);
	dt->year = y;
	dt->month = m;
	dt->day = d;
	dt->prec = PL_PREC_DAY;
	return j - start;
}

/* Clock time at s[i]: "10:30", "10.30 GMT", "10:30 a.m. ET", "2:15 PM EST",
 * "10 a.m.".  Sets hour/minute, and the zone value (to be applied once the
 * date is known) in *zv and *zvlen.  Length or 0. */
static size_t clock_at(const struct pl_textlists *tl, const char *s, size_t n, size_t i, int *hour,
		       int *minute, const char **zv, size_t *zvlen)
{
	int h, mi = 0;
	size_t k = number_at(s, n, i, 2, &h), j;
	if (!k)
		return 0;
	j = i + k;
	bool sep_dot = false;
	if (j + 2 < n && (s[j] == ':' || s[j] == '.') && is_digit(s[j + 1]) && is_digit(s[j + 2]) &&
	    !(j + 3 < n && is_digit(s[j + 3]))) {
		sep_dot = s[j] == '.';
		mi = (s[j + 1] - '0') * 10 + (s[j + 2] - '0');
		j += 3;
	} else {
		sep_dot = true; /* "10 a.m.": a bare hour needs a suffix or a zone */
	}
	size_t a = skip_blanks(s, n, j);
	bool suffix = false;
	if ((k = match_kind(tl, s, n, a, "am", NULL, NULL)) > 0) {
		if (h < 1 || h > 12)
			return 0;
		h %= 12;
		j = a + k;
		suffix = true;
	} else if ((k = match_kind(tl, s, n, a, "pm", NULL, NULL)) > 0) {
		if (h < 1 || h > 12)
			return 0;
		h = h % 12 + 12;
		j = a + k;
		suffix = true;
	}
	*zv = NULL;
	size_t z = skip_blanks(s, n, j);
	if ((k = match_kind(tl, s, n, z, "zone", zv, zvlen)) > 0)
		j = z + k;
	if (sep_dot && !suffix && !*zv)
		return 0; /* "3.5" is a number, not a time */
	if (h > 23 || mi > 59)
		return 0;
	*hour = h;
	*minute = mi;
	return j - i;
}

/* Separators between the parts of a byline date: blanks, commas, "at",
 * "|", "·", dashes. */
static size_t glue_at(const struct pl_textlists *tl, const char *s, size_t n, size_t i)
{
	size_t j = i, k;
	for (;;) {
		size_t b = skip_blanks(s, n, j);
		if (b > j) {
			j = b;
		} else if (j < n && (s[j] == ',' || s[j] == '|')) {
			j++;
		} else if (j + 1 < n && (unsigned char)s[j] == 0xC2 && (unsigned char)s[j + 1] == 0xB7) {
			j += 2; /* middle dot */
		} else if ((k = dash_at(s, n, j)) > 0) {
			j += k;
		} else if ((k = match_kind(tl, s, n, j, "connector", NULL, NULL)) > 0) {
			j += k;
		} else {
			return j - i;
		}
	}
}

/* Put a clock time (and its zone, if any) on a calendar date. */
static void set_clock(struct pl_datetime *dt, int hour, int minute, const char *zv, size_t zl)
{
	dt->hour = hour;
	dt->minute = minute;
	dt->prec = PL_PREC_MINUTE;
	if (zv) {
		dt->has_tz = true;
		dt->tz_min = zone_offset(zv, zl, dt->year, dt->month, dt->day);
	}
}

/* A full byline date at s[i]: calendar [glue clock] or clock glue calendar. */
static size_t datetime_at(const char *s, size_t n, size_t i, int year_hint,
			  const struct pl_ingest_opts *opts, struct pl_datetime *dt)
{
	const struct pl_textlists *tl = pl_textlists_of(opts);
	int h, mi;
	const char *zv = NULL;
	size_t zl = 0, k, c;
	size_t len = calendar_at(s, n, i, year_hint, opts, dt);
	if (len) {
		size_t g = i + len + glue_at(tl, s, n, i + len);
		if ((c = clock_at(tl, s, n, g, &h, &mi, &zv, &zl)) > 0)
			len = g + c - i;
		else
			return len;
	} else {
		if (!(c = clock_at(tl, s, n, i, &h, &mi, &zv, &zl)))
			return 0;
		size_t g = i + c + glue_at(tl, s, n, i + c);
		if (!(k = calendar_at(s, n, g, year_hint, opts, dt)))
			return 0;
		len = g + k - i;
	}
	set_clock(dt, h, mi, zv, zl);
	return len;
}

/* Shift a date-time by `minutes` (negative: earlier) on its own wall clock;
 * the offset is kept as it is. */
static void shift_minutes(struct pl_datetime *dt, int64_t minutes)
{
	int64_t t = pl_days_from_civil(dt->year, dt->month, dt->day) * 1440 + dt->hour * 60 + dt->minute;
	t += minutes;
	int64_t days = t >= 0 ? t / 1440 : -((-t + 1439) / 1440);
	int64_t rem = t - days * 1440;
	pl_civil_from_days(days, &dt->year, &dt->month, &dt->day);
	dt->hour = (int)(rem / 60);
	dt->minute = (int)(rem % 60);
}

/* "11 hours ago", "an hour ago", "3 days ago", "yesterday [at 10:30 am]"
 * at s[i], resolved against opts->saved_at.  Without a saving time precise
 * enough for the unit, the phrase is recognised (length returned) but *ok
 * stays false: a relative date is never resolved against today. */
static size_t relative_at(const char *s, size_t n, size_t i, const struct pl_ingest_opts *opts,
			  struct pl_datetime *dt, bool *ok)
{
	const struct pl_textlists *tl = pl_textlists_of(opts);
	const struct pl_datetime *saved = opts && opts->saved_at.prec != PL_PREC_NONE ? &opts->saved_at : NULL;
	const char *v = NULL;
	size_t vl = 0, k, j;
	int count;
	*ok = false;
	if ((k = match_kind(tl, s, n, i, "dayword", &v, &vl)) > 0) {
		j = i + k;
		long back = 0;
		pl_list_int(v, vl, 0, 9999, &back); /* checked at load */
		if (!saved || saved->prec < PL_PREC_DAY)
			return j - i;
		*dt = *saved;
		dt->hour = dt->minute = dt->second = 0;
		dt->prec = PL_PREC_DAY;
		shift_minutes(dt, -(int64_t)back * 1440);
		int h, mi;
		const char *zv = NULL;
		size_t zl = 0;
		size_t g = j + glue_at(tl, s, n, j);
		if ((k = clock_at(tl, s, n, g, &h, &mi, &zv, &zl)) > 0) {
			set_clock(dt, h, mi, zv, zl);
			j = g + k;
		}
		*ok = true;
		return j - i;
	}
	long cv = 0;
	if ((k = number_at(s, n, i, 4, &count)) == 0 && (k = match_kind(tl, s, n, i, "count", &v, &vl)) > 0) {
		if (!pl_list_int(v, vl, 0, 9999, &cv)) /* checked at load */
			return 0;
		count = (int)cv;
	}
	if (k == 0)
		return 0;
	j = skip_blanks(s, n, i + k);
	if (j == i + k && !(j < n && is_alpha(s[j])))
		return 0;
	if (!(k = match_kind(tl, s, n, j, "unit", &v, &vl)) || !v)
		return 0;
	j = skip_blanks(s, n, j + k);
	if (!(k = match_kind(tl, s, n, j, "ago", NULL, NULL)))
		return 0;
	j += k;
	enum pl_precision need = PL_PREC_DAY;
	int64_t minutes = 0;
	if (vl == 6 && memcmp(v, "second", 6) == 0)
		need = PL_PREC_MINUTE, minutes = 0;
	else if (vl == 6 && memcmp(v, "minute", 6) == 0)
		need = PL_PREC_MINUTE, minutes = count;
	else if (vl == 4 && memcmp(v, "hour", 4) == 0)
		need = PL_PREC_HOUR, minutes = (int64_t)count * 60;
	else if (vl == 3 && memcmp(v, "day", 3) == 0)
		minutes = (int64_t)count * 1440;
	else if (vl == 4 && memcmp(v, "week", 4) == 0)
		minutes = (int64_t)count * 7 * 1440;
	else if (vl == 5 && memcmp(v, "month", 5) == 0)
		need = PL_PREC_MONTH;
	else
		return 0;
	if (!saved || saved->prec < need)
		return j - i;
	*dt = *saved;
	dt->second = 0;
	if (need == PL_PREC_MONTH) {
		int mm = dt->year * 12 + (dt->month - 1) - count;
		dt->year = mm / 12;
		dt->month = mm % 12 + 1;
		dt->day = dt->hour = dt->minute = 0;
		dt->prec = PL_PREC_MONTH;
	} else {
		shift_minutes(dt, -minutes);
		if (need == PL_PREC_DAY) {
			dt->hour = dt->minute = 0;
			dt->prec = PL_PREC_DAY;
		} else if (need == PL_PREC_HOUR) {
			/* "11 hours ago" is a whole hour: the minutes are noise */
			dt->minute = 0;
			dt->prec = PL_PREC_HOUR;
		} else {
			dt->prec = PL_PREC_MINUTE;
		}
	}
	*ok = true;
	return j - i;
}

/* ---- Datelines ---------------------------------------------------------- */

/* Upper-case place name: "KYIV", "WASHINGTON", "ST. PETERSBURG", "RIO DE
 * JANEIRO" is mixed-case and not taken.  ASCII capitals, blanks, '.', '-',
 * '\'' and non-ASCII letters; at least two capitals and no lower case. */
static size_t place_at(const char *s, size_t n, size_t i)
{
	size_t j = i, caps = 0;
	while (j < n && j - i < 48) {
		unsigned char c = (unsigned char)s[j];
		if (is_upper((char)c)) {
			caps++;
			j++;
		} else if (c == ' ' || c == '.' || c == '-' || c == '\'') {
			if (c == '-' && j + 1 < n && s[j + 1] == ' ')
				break; /* "BERLIN - " : the dash of the dateline */
			j++;
		} else if (c >= 0xC0) {
			/* multi-byte letter (É, Cyrillic capitals): copied as a unit */
			uint32_t cp;
			int k = pl_utf8_decode(s + j, n - j, &cp);
			/* capitals only: Latin-1, Latin Extended-A (even code
			 * points), Greek, Cyrillic; a dash or quote ends the name */
			bool cap = (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
				   (cp >= 0x100 && cp <= 0x17F && !(cp & 1)) || (cp >= 0x391 && cp <= 0x3A9) ||
				   (cp >= 0x400 && cp <= 0x42F);
			if (k == 0 || !cap)
				break;
			j += (size_t)k;
			caps++;
		} else {
			break;
		}
	}
	while (j > i && (s[j - 1] == ' ' || s[j - 1] == '-'))
		j--;
	return caps >= 2 ? j - i : 0;
}

/* Dateline at the start of text: "KYIV, Feb 5 (Reuters) -", "WASHINGTON,
 * Dec. 14 (AP) —", "BERLIN —", "LONDON (Reuters) -", "(Bloomberg) —",
 * "KYIV, Ukraine, Feb 5 (AP) —", or a date alone ("Dec. 15, 2025 -").  Returns
 * the length through the dash; *dt gets the date when it has one. */
static size_t dateline(const char *s, size_t n, int year_hint, const struct pl_ingest_opts *opts,
		       struct pl_datetime *dt, bool *dated)
{
	size_t i = skip_blanks(s, n, 0), k;
	*dated = false;
	if ((k = calendar_at(s, n, i, year_hint, opts, dt)) > 0) {
		/* a date alone: needs its year and a dash or the line's end */
		size_t j = skip_blanks(s, n, i + k);
		size_t d = dash_at(s, n, j);
		bool eol = j >= n || s[j] == '\n' || s[j] == '\r';
		if (!d && !eol)
			return 0;
		*dated = true;
		return j + d;
	}
	size_t j = i;
	if ((k = place_at(s, n, i)) > 0) {
		j = i + k;
		/* ", Region" parts and ", Date" */
		for (int parts = 0; parts < 3 && j < n && s[j] == ','; parts++) {
			size_t p = skip_blanks(s, n, j + 1);
			if ((k = calendar_at(s, n, p, year_hint, opts, dt)) > 0) {
				*dated = true;
				j = p + k;
				break;
			}
			size_t q = p;
			while (q < n && q - p < 32 && (is_alpha(s[q]) || s[q] == ' ' || s[q] == '.'))
				q++;
			if (q == p || !is_upper(s[p]))
				return 0;
			j = q;
			while (j > p && s[j - 1] == ' ')
				j--;
		}
	} else if (i >= n || s[i] != '(') {
		return 0;
	}
	j = skip_blanks(s, n, j);
	bool agency = false;
	if (j < n && s[j] == '(') {
		/* agency: "(Reuters)", "(AP)", "(Meridian Wire)" */
		size_t q = j + 1;
		while (q < n && q - j < 40 && s[q] != ')' && s[q] != '\n' && s[q] != '(')
			q++;
		if (q >= n || s[q] != ')' || q == j + 1 || !is_upper(s[j + 1]))
			return 0;
		j = skip_blanks(s, n, q + 1);
		agency = true;
	}
	if (!(k = dash_at(s, n, j)))
		return 0;
	/* A bare place and a hyphen ("US - Russia talks", "NATO - the
	 * alliance") is no dateline: without a date or an agency, only the
	 * typographic dash of AP style ("BERLIN —") marks one. */
	if (!*dated && !agency && s[j] == '-')
		return 0;
	size_t after = skip_blanks(s, n, j + k);
	if (after < n && s[after] >= 'a' && s[after] <= 'z')
		return 0;
	return j + k;
}

size_t pl_text_dateline(const char *text, size_t len)
{
	struct pl_datetime dt;
	bool dated;
	/* The year does not matter for the span: 2000 admits Feb 29. */
	return dateline(text, len, 2000, NULL, &dt, &dated);
}

/* ---- The finder ---------------------------------------------------------- */

bool pl_text_date(const char *text, size_t len, const struct pl_ingest_opts *opts, int year_hint,
		  struct pl_datetime *dt, const char **how)
{
	struct pl_datetime t, best;
	bool dated, have = false;
	int best_rank = 0; /* 4 published, 3 bare date line, 2 relative line, 1 updated */
	const char *best_how = NULL;
	const struct pl_textlists *tl = pl_textlists_of(opts);
	if (!text)
		return false;
	if (dateline(text, len, year_hint, opts, &t, &dated) > 0 && dated) {
		*dt = t;
		*how = "dateline";
		return true;
	}
	size_t n = len < SCAN_LIMIT ? len : SCAN_LIMIT;
	size_t ls = 0;
	while (ls < n) {
		const char *nl = memchr(text + ls, '\n', n - ls);
		size_t le = nl ? (size_t)(nl - text) : n;
		size_t i = skip_blanks(text, le, ls), k;
		bool ok;
		/* a line that starts with a relative date: "11 hours ago 2" */
		if (best_rank < 2 && (k = relative_at(text, le, i, opts, &t, &ok)) > 0 && ok) {
			best = t, best_rank = 2, best_how = "byline-relative", have = true;
		}
		/* a line that is a date: "December 15, 2025", "Dec. 15, 2025 10:30 AM ET" */
		if (best_rank < 3 && (k = datetime_at(text, le, i, 0, opts, &t)) > 0 &&
		    le - skip_blanks(text, le, i + k) <= BARE_LINE_REST) {
			best = t, best_rank = 3, best_how = "byline", have = true;
		}
		/* "Published ...", "Updated ..." anywhere in the line */
		for (size_t w = i; w < le && best_rank < 4; w++) {
			/* Only a capitalised word of a short line or at a line's start:
			 * "the report, published Dec. 15, 2025, said" is a sentence. */
			if (!is_upper(text[w]) || (w > i && (is_alpha(text[w - 1]) || le - i > BYLINE_MAX)))
				continue;
			const char *kind = NULL;
			if ((k = match_kind(tl, text, le, w, "published", NULL, NULL)) > 0)
				kind = "published";
			else if (best_rank < 1 && (k = match_kind(tl, text, le, w, "updated", NULL, NULL)) > 0)
				kind = "updated";
			if (!kind)
				continue;
			size_t p = w + k;
			if (p < le && text[p] == ':')
				p++;
			p = skip_blanks(text, le, p);
			int rank = kind[0] == 'p' ? 4 : 1;
			if ((k = datetime_at(text, le, p, year_hint, opts, &t)) > 0) {
				best = t, best_rank = rank, have = true;
				best_how = rank == 4 ? "byline" : "byline-updated";
			} else if ((k = relative_at(text, le, p, opts, &t, &ok)) > 0 && ok) {
				best = t, best_rank = rank, have = true;
				best_how = rank == 4 ? "byline-relative" : "byline-updated";
			}
		}
		ls = nl ? le + 1 : n;
	}
	if (!have)
		return false;
	*dt = best;
	*how = best_how;
	return true;
}
