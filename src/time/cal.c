/* cal.c - Gregorian calendar arithmetic on day numbers (days since 1970-01-01). */
#include "cal.h"

#include "parley/ingest.h"

/* Day numbers come from the ingest date code (Hinnant's algorithms), so the
 * whole program shares one calendar. */
int64_t cal_days(int y, int m, int d)
{
	return pl_days_from_civil(y, m, d);
}

void cal_civil(int64_t z, int *y, int *m, int *d)
{
	pl_civil_from_days(z, y, m, d);
}

int cal_month_len(int y, int m)
{
	return pl_days_in_month(y, m);
}

bool cal_valid(int y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= cal_month_len(y, m);
}

int cal_weekday(int64_t z)
{
	/* 1970-01-01 was a Thursday (ISO 4). */
	int64_t r = (z + 3) % 7;
	if (r < 0)
		r += 7;
	return (int)r + 1;
}

void cal_iso_week(int64_t z, int *wy, int *w)
{
	int64_t thu = z - cal_weekday(z) + 4; /* the week's Thursday decides its year */
	int y, m, d;
	cal_civil(thu, &y, &m, &d);
	*wy = y;
	*w = (int)((thu - cal_days(y, 1, 1)) / 7 + 1);
}

int64_t cal_iso_monday(int wy, int w)
{
	int64_t jan4 = cal_days(wy, 1, 4); /* 4 January is always in week 1 */
	return jan4 - (cal_weekday(jan4) - 1) + 7 * (int64_t)(w - 1);
}

int64_t cal_easter(int y)
{
	/* Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
	return cal_days(y, month, day);
}

int64_t cal_orthodox_easter(int y)
{
	/* Meeus' Julian algorithm gives a Julian-calendar date; the Julian
	 * calendar lags the Gregorian by y/100 - y/400 - 2 days (13 in 1900-2099). */
	int a = y % 4, b = y % 7, c = y % 19;
	int d = (19 * c + 15) % 30, e = (2 * a + 4 * b - d + 34) % 7;
	int month = (d + e + 114) / 31, day = (d + e + 114) % 31 + 1;
	int lag = y / 100 - y / 400 - 2;
	/* cal_days on the Julian fields is the same day count shifted by `lag`. */
	return cal_days(y, month, day) + lag;
}

int64_t cal_nth_weekday(int y, int m, int wd, int n)
{
	if (n > 0) {
		int64_t first = cal_days(y, m, 1);
		int off = (wd - cal_weekday(first) + 7) % 7;
		return first + off + 7 * (n - 1);
	}
	int64_t last = cal_days(y, m, cal_month_len(y, m));
	int off = (cal_weekday(last) - wd + 7) % 7;
	return last - off;
}
