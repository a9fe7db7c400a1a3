/* test_sample.c - the sample article ($PARLEY_SHARED/samples) as a plain-text input:
 * title, "11 hours ago" resolved against --saved-at, paragraph structure. */
#include "ingest/formats.h"
#include "../check.h"

#include <stdio.h>

static struct pl_buf text = PL_BUF_INIT;

/* Does some paragraph of body equal / start with s? */
static bool has_paragraph(const char *body, const char *s, bool prefix)
{
	struct pl_range *r = NULL;
	long n = pl_paragraphs(body, strlen(body), &r);
	bool found = false;
	size_t k = strlen(s);
	for (long i = 0; i < n && !found; i++) {
		size_t len = r[i].end - r[i].start;
		found = (prefix ? len >= k : len == k) && memcmp(body + r[i].start, s, k) == 0;
	}
	free(r);
	return found;
}

static void test_sample(void)
{
	struct pl_ingest_opts opts;
	memset(&opts, 0, sizeof opts);
	CHECK(pl_datetime_parse("2025-12-15T23:00Z", 17, &opts.saved_at));
	struct pl_article a;
	memset(&a, 0, sizeof a);
	struct pl_diags d;
	pl_diags_init(&d);
	CHECK_INT(pl_plaintext_extract("sample.txt", text.p, text.len, &opts, &a, &d), 0);
	CHECK_STR(a.title, "US Offers Security Deal in Ukraine Talks But Territory Still Key");
	struct pl_buf iso = PL_BUF_INIT;
	pl_datetime_format(&a.published, &iso);
	CHECK_STR(iso.p, "2025-12-15T12:00Z");
	CHECK_INT(a.published.prec, PL_PREC_HOUR);
	CHECK_STR(a.published_how, "byline-relative");
	CHECK_STR(a.dateline, "(Bloomberg) \xe2\x80\x94");
	CHECK_STR(a.language, "en");
	CHECK(a.body && strlen(a.body) == a.body_len);
	CHECK(!strstr(a.body, "hours ago"));
	CHECK(!strstr(a.body, a.title));
	/* page furniture stays, one line per paragraph, for the boilerplate rules */
	CHECK(has_paragraph(a.body, "Article content", false));
	CHECK(has_paragraph(a.body, "Financial Post", false));
	CHECK(has_paragraph(a.body, "Read Entire Article", true));
	CHECK(has_paragraph(a.body, "(Bloomberg) \xe2\x80\x94 US negotiators offered", true));
	/* the bullet list is one paragraph, one item a line */
	CHECK(strstr(a.body, "\n\n\xe2\x80\xa2 Exclusive articles from Barbara Shecter") != NULL);
	CHECK(strstr(a.body, "and others.\n\xe2\x80\xa2 Daily content") != NULL);
	/* the NBSP at the end of a paragraph is gone */
	CHECK(strstr(a.body, "officials.\xc2\xa0") == NULL);
	/* news paragraphs are intact and never merged with furniture */
	CHECK(has_paragraph(a.body, "Even as he lauded the progress on guarantees", true));
	struct pl_range *p = NULL, *s = NULL;
	long np = pl_paragraphs(a.body, a.body_len, &p);
	long ns = pl_sentences(a.body, a.body_len, &s);
	fprintf(stderr, "sample: %zu bytes of body, %ld paragraphs, %ld sentences\n", a.body_len, np, ns);
	CHECK(np >= 30);
	CHECK(ns > np);
	free(p);
	free(s);
	/* without --saved-at the relative date is not resolved, and still dropped */
	struct pl_article b;
	memset(&b, 0, sizeof b);
	memset(&opts, 0, sizeof opts);
	CHECK_INT(pl_plaintext_extract("sample.txt", text.p, text.len, &opts, &b, &d), 0);
	CHECK_INT(b.published.prec, PL_PREC_NONE);
	CHECK(b.body && !strstr(b.body, "hours ago"));
	pl_article_free(&b);
	pl_buf_free(&iso);
	pl_article_free(&a);
	pl_diags_finish(&d);
}

int main(void)
{
	const char *shared = getenv("PARLEY_SHARED");
	char path[4096];
	snprintf(path, sizeof path, "%s/samples/berlin-talks-2025-12-15.txt", shared ? shared : "../shared");
	FILE *f = fopen(path, "rb");
	if (!f)
		SKIP("sample article %s not found (set PARLEY_SHARED)", path);
	char buf[8192];
	size_t k;
	while ((k = fread(buf, 1, sizeof buf, f)) > 0)
		pl_buf_append(&text, buf, k);
	fclose(f);
	RUN(test_sample);
	pl_buf_free(&text);
	return check_done();
}
