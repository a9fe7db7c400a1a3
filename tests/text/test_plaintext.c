/* test_plaintext.c - plain-text articles (fixtures/plaintext.cases). */
#include "ingest/formats.h"
#include "golden.h"

static const char *const prec_names[] = {"none", "year", "month", "day", "hour", "minute", "second"};

/* Input: optional leading "@saved=ISO" / "@default=ISO" lines and "@ingest"
 * (read through the dispatcher, pl_ingest_buffer, which adds what every
 * format gets: --date, the dateline's agency as source), then the file.
 * Output: the article's fields, then its body. */
static int take_one(struct pl_article *a, void *ud)
{
	struct pl_article *dst = ud;
	pl_article_free(dst);
	*dst = *a; /* the fields move; the shell is freed */
	free(a);
	return 0;
}

static void article_case(const char *in, size_t n, struct pl_buf *out)
{
	struct pl_ingest_opts opts;
	memset(&opts, 0, sizeof opts);
	bool dispatch = false;
	size_t i = 0;
	while (i < n && in[i] == '@') {
		const char *nl = memchr(in + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - in) : n;
		if (e - i > 7 && memcmp(in + i, "@saved=", 7) == 0)
			CHECK(pl_datetime_parse(in + i + 7, e - i - 7, &opts.saved_at));
		else if (e - i > 9 && memcmp(in + i, "@default=", 9) == 0)
			CHECK(pl_datetime_parse(in + i + 9, e - i - 9, &opts.default_date));
		else if (e - i == 7 && memcmp(in + i, "@ingest", 7) == 0)
			dispatch = true;
		i = nl ? e + 1 : n;
	}
	struct pl_article a;
	memset(&a, 0, sizeof a);
	struct pl_diags d;
	pl_diags_init(&d);
	int rc = dispatch ? (pl_ingest_buffer("case.txt", in + i, n - i, &opts, take_one, &a, &d) == 1 ? 0 : -1)
			  : pl_plaintext_extract("case.txt", in + i, n - i, &opts, &a, &d);
	if (rc != 0) {
		pl_buf_printf(out, "error: %s", d.n ? d.v[0].msg : "(no diagnostic)");
	} else {
		CHECK(a.body && strlen(a.body) == a.body_len && pl_utf8_valid(a.body, a.body_len));
		pl_buf_printf(out, "title: %s\nsource: %s\nbyline: %s\ndateline: %s\npublished: ",
			      a.title ? a.title : "-", a.source ? a.source : "-", a.byline ? a.byline : "-",
			      a.dateline ? a.dateline : "-");
		if (a.published.prec == PL_PREC_NONE) {
			pl_buf_puts(out, "-");
		} else {
			pl_datetime_format(&a.published, out);
			pl_buf_printf(out, " (%s) %s", prec_names[a.published.prec], a.published_how);
		}
		pl_buf_printf(out, "\nlanguage: %s\nbody:\n%s", a.language ? a.language : "-", a.body);
	}
	pl_article_free(&a);
	pl_diags_finish(&d);
}

static void test_golden(void)
{
	golden_run("plaintext.cases", article_case);
}

int main(void)
{
	RUN(test_golden);
	return check_done();
}
