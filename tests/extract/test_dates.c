/* test_dates.c - the hand-written readers and writers of event dates
 * (dates.c) agree with the sscanf/printf readings they replaced: every value
 * of fixtures/dates/values.txt parses as sscanf would read it, and every date
 * string prints as "%04d-%02d-%02d" would, over negative, small and large years. */
#include "../check.h"
#include "../../src/extract/extract_int.h"

#include <ctype.h>
#include <stdio.h>

/* extract_parse_value as it was written with sscanf (the reference). */
static bool ref_parse(const char *v, struct edate *e)
{
	memset(e, 0, sizeof *e);
	if (!v || strlen(v) < 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)v[i]))
			return false;
	int y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
	const char *p = v + 4;
	if (*p == '\0') {
		e->day = pl_days_from_civil(y, 1, 1);
		e->end_day = pl_days_from_civil(y, 12, 31);
		e->prec = PL_PREC_YEAR;
		return e->ok = true;
	}
	if (p[0] == '-' && p[1] == 'W')
		return extract_parse_value(v, e); /* weeks never used sscanf */
	int m = 0, dd = 0, h = 0, mi = 0;
	if (sscanf(p, "-%2d", &m) != 1 || m < 1 || m > 12 || !isdigit((unsigned char)p[1]) ||
	    !isdigit((unsigned char)p[2]))
		return false;
	if (p[3] == '\0') {
		int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
		e->day = pl_days_from_civil(y, m, 1);
		e->end_day = pl_days_from_civil(ny, nm, 1) - 1;
		e->prec = PL_PREC_MONTH;
		return e->ok = true;
	}
	if (sscanf(p + 3, "-%2d", &dd) != 1 || dd < 1 || dd > 31 || !isdigit((unsigned char)p[4]) ||
	    !isdigit((unsigned char)p[5]))
		return false;
	e->day = e->end_day = pl_days_from_civil(y, m, dd);
	e->prec = PL_PREC_DAY;
	if (p[6] == 'T' && sscanf(p + 7, "%2d:%2d", &h, &mi) == 2) {
		if (h == 24) {
			h = 0;
			e->day = e->end_day = e->day + 1;
		}
		e->prec = PL_PREC_MINUTE;
		e->hour = h;
		e->minute = mi;
	} else if (p[6] == 'T' && (!strcmp(p + 7, "MO") || !strcmp(p + 7, "AF") ||
				   !strcmp(p + 7, "EV") || !strcmp(p + 7, "NI") || !strcmp(p + 7, "DT"))) {
	} else if (p[6] != '\0') {
		return false;
	}
	return e->ok = true;
}

static void test_parse_values(void)
{
	const char *src = getenv("PARLEY_SRC");
	if (!src)
		SKIP("PARLEY_SRC is not set");
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/extract/fixtures/dates/values.txt", src);
	FILE *f = fopen(path, "r");
	CHECK(f != NULL);
	if (!f)
		return;
	char line[256];
	int n = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		struct edate got, want;
		bool g = extract_parse_value(line, &got), w = ref_parse(line, &want);
		check_current_ = line;
		CHECK_INT(g, w);
		if (g && w) {
			CHECK_INT(got.day, want.day);
			CHECK_INT(got.end_day, want.end_day);
			CHECK_INT(got.prec, want.prec);
			CHECK_INT(got.hour, want.hour);
			CHECK_INT(got.minute, want.minute);
		}
		n++;
	}
	fclose(f);
	check_current_ = "test_parse_values";
	CHECK(n >= 30);
}

/* extract_date_str against printf at each precision, days from year -20 to 12000. */
static void test_date_str(void)
{
	static const enum pl_precision precs[] = { PL_PREC_YEAR, PL_PREC_MONTH, PL_PREC_DAY,
						   PL_PREC_NONE, PL_PREC_MINUTE };
	int64_t lo = pl_days_from_civil(-20, 1, 1), hi = pl_days_from_civil(12000, 1, 1);
	int bad = 0;
	for (int64_t day = lo; day < hi; day += 37) {
		int y, m, d;
		pl_civil_from_days(day, &y, &m, &d);
		for (size_t k = 0; k < sizeof precs / sizeof *precs; k++) {
			struct edate e = { day, day + 1, precs[k], 7, 5, NULL, true };
			for (int end = 0; end < 2; end++) {
				char want[64];
				int yy, mm, dd;
				pl_civil_from_days(end ? day + 1 : day, &yy, &mm, &dd);
				if (precs[k] == PL_PREC_YEAR)
					snprintf(want, sizeof want, "%04d", yy);
				else if (precs[k] == PL_PREC_MONTH)
					snprintf(want, sizeof want, "%04d-%02d", yy, mm);
				else if (precs[k] == PL_PREC_MINUTE && !end)
					snprintf(want, sizeof want, "%04d-%02d-%02dT07:05", yy, mm, dd);
				else
					snprintf(want, sizeof want, "%04d-%02d-%02d", yy, mm, dd);
				char *got = extract_date_str(&e, end);
				if (!got || strcmp(got, want) != 0) {
					if (bad++ < 5)
						CHECK_STR(got, want);
				}
				free(got);
			}
		}
	}
	CHECK_INT(bad, 0);
}

int main(void)
{
	RUN(test_parse_values);
	RUN(test_date_str);
	return check_done();
}
