/* cal.h - calendar arithmetic on day numbers for the time resolver (private).
 *
 * A day number is days since 1970-01-01 in the proleptic Gregorian calendar.
 * No time zones, no local clock: a date is a pure function of its fields.
 */
#ifndef PARLEY_TIME_CAL_H
#define PARLEY_TIME_CAL_H

#include <stdbool.h>
#include <stdint.h>

int64_t cal_days(int y, int m, int d);
void cal_civil(int64_t z, int *y, int *m, int *d);
int cal_month_len(int y, int m);
bool cal_valid(int y, int m, int d);
int cal_weekday(int64_t z);                /* ISO: 1 = Monday .. 7 = Sunday */
void cal_iso_week(int64_t z, int *wy, int *w); /* ISO week-numbering year and week */
int64_t cal_iso_monday(int wy, int w);     /* Monday of ISO week w of year wy */
int64_t cal_easter(int y);                 /* Western (Gregorian) Easter Sunday */
int64_t cal_orthodox_easter(int y);        /* Orthodox (Julian computus) Easter, as Gregorian */
/* The n-th (1..5) ISO weekday `wd` of month m, or the last one when n < 0. */
int64_t cal_nth_weekday(int y, int m, int wd, int n);

#endif
