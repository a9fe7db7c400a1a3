/* test_textdate.c - dates written in text: datelines, bylines, relative dates (fixtures/textdate.cases). */
#include "ingest/formats.h"
#include "golden.h"

static const char *const prec_names[] = {"none", "year", "month", "day", "hour", "minute", "second"};

/* Input: optional "[saved=ISO] [default=ISO] [year=N]" settings, then the text
 * with "\n" standing for a line break.  Output: "ISO (precision) how" or
 * "none", then the dateline span when there is one. */
static void date_case(const char *in, size_t n, struct pl_buf *out)
{
	struct pl_ingest_opts opts;
	memset(&opts, 0, sizeof opts);
	int year = 0;
	size_t i = 0;
	while (i < n && in[i] == '[') {
		const char *close = memchr(in + i, ']', n - i);
		if (!close)
			break;
		size_t e = (size_t)(close - in);
		if (e - i > 7 && memcmp(in + i, "[saved=", 7) == 0)
			CHECK(pl_datetime_parse(in + i + 7, e - i - 7, &opts.saved_at));
		else if (e - i > 9 && memcmp(in + i, "[default=", 9) == 0)
			CHECK(pl_datetime_parse(in + i + 9, e - i - 9, &opts.default_date));
		else if (e - i > 6 && memcmp(in + i, "[year=", 6) == 0)
			year = atoi(in + i + 6);
		i = e + 1;
		while (i < n && in[i] == ' ')
			i++;
	}
	struct pl_buf text = PL_BUF_INIT;
	for (; i < n; i++) {
		if (in[i] == '\\' && i + 1 < n && in[i + 1] == 'n') {
			pl_buf_putc(&text, '\n');
			i++;
		} else {
			pl_buf_putc(&text, in[i]);
		}
	}
	const char *t = text.p ? text.p : "";
	struct pl_datetime dt;
	const char *how = NULL;
	if (pl_text_date(t, text.len, &opts, year, &dt, &how)) {
		pl_datetime_format(&dt, out);
		pl_buf_printf(out, " (%s) %s", prec_names[dt.prec], how);
	} else {
		pl_buf_puts(out, "none");
	}
	size_t dl = pl_text_dateline(t, text.len);
	if (dl)
		pl_buf_printf(out, " [dateline: %.*s]", (int)dl, t);
	pl_buf_free(&text);
}

static void test_golden(void)
{
	golden_run("textdate.cases", date_case);
}

static void test_edges(void)
{
	struct pl_datetime dt;
	const char *how;
	CHECK(!pl_text_date(NULL, 0, NULL, 2025, &dt, &how));
	CHECK(!pl_text_date("", 0, NULL, 2025, &dt, &how));
	/* no options at all: relative dates are recognised but never resolved */
	CHECK(!pl_text_date("11 hours ago", 12, NULL, 2025, &dt, &how));
	/* not NUL-terminated: the date ends exactly at the buffer's end */
	char raw[13] = {'D', 'e', 'c', '.', ' ', '1', '5', ',', ' ', '2', '0', '2', '5'};
	CHECK(pl_text_date(raw, sizeof raw, NULL, 0, &dt, &how) && dt.day == 15 && dt.year == 2025);
	/* a long text: only its head is searched */
	struct pl_buf b = PL_BUF_INIT;
	for (int k = 0; k < 500; k++)
		pl_buf_puts(&b, "The talks went on and on without a result.\n");
	pl_buf_puts(&b, "Published Dec. 15, 2025\n");
	CHECK(!pl_text_date(b.p, b.len, NULL, 0, &dt, &how));
	pl_buf_free(&b);
}

int main(void)
{
	RUN(test_golden);
	RUN(test_edges);
	return check_done();
}
