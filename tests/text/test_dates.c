/* test_dates.c - date-time parsing and formatting (fixtures/dates.cases), civil-day arithmetic. */
#include "parley/ingest.h"
#include "golden.h"

static const char *const prec_names[] = {"none", "year", "month", "day", "hour", "minute", "second"};

/* "ISO (precision)" or "invalid". */
static void parse_case(const char *in, size_t n, struct pl_buf *out)
{
	struct pl_datetime dt;
	if (!pl_datetime_parse(in, n, &dt)) {
		pl_buf_puts(out, "invalid");
		return;
	}
	pl_datetime_format(&dt, out);
	pl_buf_printf(out, " (%s)", prec_names[dt.prec]);
}

static void test_golden(void)
{
	golden_run("dates.cases", parse_case);
}

static void test_civil(void)
{
	CHECK_INT(pl_days_from_civil(1970, 1, 1), 0);
	CHECK_INT(pl_days_from_civil(2000, 3, 1), 11017);
	CHECK_INT(pl_days_from_civil(2025, 12, 15), 20437);
	CHECK_INT(pl_days_from_civil(1969, 12, 31), -1);
	CHECK_INT(pl_days_from_civil(0, 3, 1), -719468);
	CHECK_INT(pl_days_from_civil(-1, 12, 31), -719529); /* 1 BCE ends the day before 0000-01-01 */
	/* Round trip and continuity over 1600..2400 (leap rules of 1700/1900/2000/2100). */
	int64_t first = pl_days_from_civil(1600, 1, 1), last = pl_days_from_civil(2400, 12, 31);
	int bad = 0, py = 1599, pm = 12, pd = 31;
	for (int64_t z = first; z <= last; z++) {
		int y, m, d;
		pl_civil_from_days(z, &y, &m, &d);
		if (pl_days_from_civil(y, m, d) != z)
			bad++;
		/* each day is the successor of the previous */
		bool next = (y == py && m == pm && d == pd + 1) || (y == py && m == pm + 1 && d == 1) ||
			    (y == py + 1 && m == 1 && d == 1 && pm == 12);
		if (!next)
			bad++;
		py = y, pm = m, pd = d;
	}
	CHECK_INT(bad, 0);
	int y, m, d;
	pl_civil_from_days(pl_days_from_civil(2024, 2, 28) + 1, &y, &m, &d);
	CHECK(y == 2024 && m == 2 && d == 29);
	pl_civil_from_days(pl_days_from_civil(2100, 2, 28) + 1, &y, &m, &d);
	CHECK(y == 2100 && m == 3 && d == 1);
}

static void test_format(void)
{
	struct pl_buf b = PL_BUF_INIT;
	struct pl_datetime dt = {2025, 12, 15, 10, 30, 5, -330, true, PL_PREC_SECOND};
	pl_datetime_format(&dt, &b);
	CHECK_STR(b.p, "2025-12-15T10:30:05-05:30");
	pl_buf_reset(&b);
	dt.prec = PL_PREC_NONE;
	pl_datetime_format(&dt, &b);
	CHECK_INT(b.len, 0);
	pl_buf_free(&b);
	/* not NUL-terminated input and NULL */
	char raw[10] = {'2', '0', '2', '5', '-', '1', '2', '-', '1', '5'};
	CHECK(pl_datetime_parse(raw, sizeof raw, &dt) && dt.day == 15);
	CHECK(!pl_datetime_parse(NULL, 0, &dt));
}

int main(void)
{
	RUN(test_golden);
	RUN(test_civil);
	RUN(test_format);
	return check_done();
}
