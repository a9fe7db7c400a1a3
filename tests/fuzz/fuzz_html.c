/* fuzz_html.c - the HTML reader on arbitrary pages: pl_html_extract (main text,
 * metadata, date cascade, JSON-LD) and pl_html_fragment_text (feed content).
 *
 * The input is decoded first, as ingest does (pl_decode_text), because both
 * functions take UTF-8; undecodable (binary) inputs go to the fragment reader
 * as their valid UTF-8 prefix.  The first byte picks whether a saved-at time
 * is known ("11 hours ago").  Results must be valid UTF-8, a failure must come
 * with an error naming the page. */
#include "fuzz.h"

#include "ingest/formats.h"
#include "ingest/html.h"
#include "parley/ingest.h"

#include <string.h>

static void fragment(const char *s, size_t n)
{
	struct pl_buf out = PL_BUF_INIT;
	char **caps = NULL;
	size_t ncaps = 0;
	pl_html_fragment_text(s, n, &out, &caps, &ncaps);
	FUZZ_CHECK(!out.oom, "fragment oom");
	if (out.p) {
		FUZZ_CHECK(strlen(out.p) == out.len, "fragment text has a NUL byte");
		FUZZ_CHECK(pl_utf8_valid(out.p, out.len), "fragment text is not valid UTF-8");
	}
	for (size_t i = 0; i < ncaps; i++) {
		FUZZ_CHECK_UTF8("fragment caption", caps[i]);
		free(caps[i]);
	}
	free(caps);
	pl_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > PL_MAX_INPUT)
		return 0;
	const char *in = (const char *)data + 1;
	size_t len = size - 1;
	struct pl_ingest_opts opts;
	memset(&opts, 0, sizeof opts);
	if (data[0] & 1)
		opts.saved_at = (struct pl_datetime){ 2025, 12, 15, 18, 0, 0, 0, true, PL_PREC_MINUTE };
	struct pl_diags d;
	struct pl_buf text = PL_BUF_INIT;
	pl_diags_init(&d);
	pl_xml_init();
	if (!pl_decode_text("page.html", in, len, &text, &d)) {
		fragment(in, pl_utf8_valid_prefix(in, len));
		goto out;
	}
	const char *t = text.p ? text.p : "";
	struct pl_article a;
	memset(&a, 0, sizeof a);
	if (pl_html_extract("page.html", t, text.len, &opts, &a, &d) == 0) {
		FUZZ_CHECK(a.body != NULL, "success without a body");
		FUZZ_CHECK(strlen(a.body) == a.body_len, "body_len %zu but strlen %zu", a.body_len,
			   strlen(a.body));
		FUZZ_CHECK_UTF8("body", a.body);
		FUZZ_CHECK_UTF8("title", a.title);
		FUZZ_CHECK_UTF8("url", a.url);
		FUZZ_CHECK_UTF8("source", a.source);
		FUZZ_CHECK_UTF8("byline", a.byline);
		FUZZ_CHECK_UTF8("language", a.language);
		FUZZ_CHECK_UTF8("published_how", a.published_how);
		for (size_t i = 0; i < a.ncaptions; i++)
			FUZZ_CHECK_UTF8("caption", a.captions[i]);
		if (a.published.prec >= PL_PREC_DAY)
			FUZZ_CHECK(a.published.month >= 1 && a.published.month <= 12 &&
					   a.published.day >= 1 && a.published.day <= 31,
				   "impossible date %d-%d-%d", a.published.year, a.published.month,
				   a.published.day);
	} else {
		FUZZ_CHECK(d.nerrors > 0, "failure without an error");
		bool named = false;
		for (size_t i = 0; i < d.n; i++)
			named |= d.v[i].severity == PL_ERROR && d.v[i].file &&
				 strcmp(d.v[i].file, "page.html") == 0;
		FUZZ_CHECK(named, "no error names the page");
	}
	pl_article_free(&a);
	fragment(t, text.len);
out:
	pl_buf_free(&text);
	pl_diags_finish(&d);
	return 0;
}
