/* fuzz_ingest.c - the whole ingest stage on arbitrary bytes: decoding, format
 * detection, each parser, the text-date finder and the boilerplate rules.
 *
 * The first byte picks how: pl_ingest_buffer with an origin whose extension
 * hints a format (".txt", ".html", ".rss", ...), or one per-format parser
 * called directly on the decoded text so every parser sees every input, not
 * only those detection sends it.  Every article delivered must keep the
 * contract of struct pl_article: valid UTF-8 strings, a non-empty body without
 * surrounding whitespace whose length is body_len, then sentences and
 * paragraphs split cleanly. */
#include "fuzz.h"

#include "ingest/formats.h"
#include "ingest/html.h"
#include "parley/ingest.h"

#include <string.h>

static const char *const origins[] = {
	"fuzz", "fuzz.txt", "fuzz.html", "fuzz.xhtml", "fuzz.rss", "fuzz.atom",
	"fuzz.nitf", "fuzz.jsonl", "fuzz.xml", "fuzz.html.gz",
};
#define NORIGINS (sizeof origins / sizeof origins[0])
/* Modes after the origins: the parsers called directly. */
enum { DIRECT_TEXT, DIRECT_HTML, DIRECT_RSS, DIRECT_ATOM, DIRECT_NITF, DIRECT_NEWSML,
       DIRECT_JSONL, NDIRECT };

static bool is_ws(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* The article contract, then the sentence splitter on its body. */
static void check_article(const struct pl_article *a, bool finished)
{
	FUZZ_CHECK(a->body != NULL, "article without body");
	FUZZ_CHECK(strlen(a->body) == a->body_len, "body_len %zu but strlen %zu", a->body_len,
		   strlen(a->body));
	FUZZ_CHECK_UTF8("body", a->body);
	FUZZ_CHECK_UTF8("origin", a->origin);
	FUZZ_CHECK_UTF8("url", a->url);
	FUZZ_CHECK_UTF8("title", a->title);
	FUZZ_CHECK_UTF8("source", a->source);
	FUZZ_CHECK_UTF8("byline", a->byline);
	FUZZ_CHECK_UTF8("dateline", a->dateline);
	FUZZ_CHECK_UTF8("language", a->language);
	FUZZ_CHECK_UTF8("published_how", a->published_how);
	for (size_t i = 0; i < a->ncaptions; i++)
		FUZZ_CHECK_UTF8("caption", a->captions[i]);
	if (a->published.prec != PL_PREC_NONE) {
		FUZZ_CHECK(a->published.month >= 0 && a->published.month <= 12, "month %d",
			   a->published.month);
		FUZZ_CHECK(a->published.day >= 0 && a->published.day <= 31, "day %d",
			   a->published.day);
		struct pl_buf b = PL_BUF_INIT;
		pl_datetime_format(&a->published, &b);
		FUZZ_CHECK(!b.oom, "format oom");
		pl_buf_free(&b);
	}
	if (!finished)
		return; /* a parser's raw article: the finishing steps trim it */
	FUZZ_CHECK(a->body_len > 0, "empty body delivered");
	FUZZ_CHECK(!is_ws(a->body[0]) && !is_ws(a->body[a->body_len - 1]),
		   "body has surrounding whitespace");
	struct pl_range *r = NULL;
	long n = pl_sentences(a->body, a->body_len, &r);
	FUZZ_CHECK(n >= 0, "pl_sentences failed");
	size_t prev = 0;
	for (long i = 0; i < n; i++) {
		FUZZ_CHECK(r[i].start < r[i].end && r[i].end <= a->body_len,
			   "sentence %ld [%zu,%zu) of %zu", i, r[i].start, r[i].end, a->body_len);
		FUZZ_CHECK(r[i].start >= prev, "sentence %ld overlaps the one before", i);
		prev = r[i].end;
	}
	free(r);
}

static int on_article(struct pl_article *a, void *ud)
{
	size_t *count = ud;
	check_article(a, true);
	(*count)++;
	pl_article_free(a);
	free(a);
	return 0;
}

/* Parsers called directly deliver raw articles: check what holds before finishing. */
static int on_raw_article(struct pl_article *a, void *ud)
{
	size_t *count = ud;
	if (a->body)
		check_article(a, false);
	(*count)++;
	pl_article_free(a);
	free(a);
	return 0;
}

static struct pl_boiler *boiler(void)
{
	static struct pl_boiler *b;
	static bool tried;
	if (!tried) {
		tried = true;
		const char *dirs[] = { fuzz_rules_dir() };
		struct pl_diags d;
		pl_diags_init(&d);
		b = pl_boiler_load(dirs, 1, &d);
		if (!b || d.nerrors) {
			fprintf(stderr, "fuzz_ingest: cannot load the boilerplate rules of %s\n",
				dirs[0]);
			abort();
		}
		pl_diags_finish(&d);
	}
	return b;
}

static void run_direct(int mode, const char *data, size_t len, const struct pl_ingest_opts *opts)
{
	struct pl_diags d;
	struct pl_buf text = PL_BUF_INIT;
	size_t count = 0;
	pl_diags_init(&d);
	pl_xml_init();
	if (!pl_decode_text("fuzz", data, len, &text, &d))
		goto out;
	FUZZ_CHECK(pl_utf8_valid(text.p ? text.p : "", text.len), "decoded text not UTF-8");
	const char *t = text.p ? text.p : "";
	switch (mode) {
	case DIRECT_TEXT:
	case DIRECT_HTML: {
		struct pl_article a;
		memset(&a, 0, sizeof a);
		int rc = mode == DIRECT_TEXT ? pl_plaintext_extract("fuzz", t, text.len, opts, &a, &d)
					     : pl_html_extract("fuzz", t, text.len, opts, &a, &d);
		if (rc == 0)
			check_article(&a, false);
		else
			FUZZ_CHECK(d.nerrors > 0, "extractor failed without an error");
		pl_article_free(&a);
		break;
	}
	case DIRECT_RSS:
	case DIRECT_ATOM:
		pl_feed_parse("fuzz", t, text.len, mode == DIRECT_RSS ? PL_FMT_RSS : PL_FMT_ATOM, opts,
			      on_raw_article, &count, &d);
		break;
	case DIRECT_NITF:
	case DIRECT_NEWSML:
		pl_newsxml_parse("fuzz", t, text.len, mode == DIRECT_NITF ? PL_FMT_NITF : PL_FMT_NEWSML,
				 opts, on_raw_article, &count, &d);
		break;
	case DIRECT_JSONL:
		pl_jsonl_parse("fuzz", t, text.len, opts, on_raw_article, &count, &d);
		break;
	default:
		break;
	}
out:
	pl_buf_free(&text);
	pl_diags_finish(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > PL_MAX_INPUT)
		return 0;
	unsigned sel = data[0] % (NORIGINS + NDIRECT);
	const char *in = (const char *)data + 1;
	size_t len = size - 1;
	struct pl_ingest_opts opts;
	memset(&opts, 0, sizeof opts);
	opts.boiler = boiler();
	/* A saved-at time for "N hours ago" on odd selectors, none on even ones. */
	if (data[0] & 0x80) {
		opts.saved_at = (struct pl_datetime){ 2025, 12, 15, 18, 0, 0, 60, true, PL_PREC_MINUTE };
		opts.default_date = (struct pl_datetime){ 2025, 12, 15, 0, 0, 0, 0, false, PL_PREC_DAY };
	}
	if (sel >= NORIGINS) {
		run_direct((int)(sel - NORIGINS), in, len, &opts);
		return 0;
	}
	struct pl_diags d;
	size_t count = 0;
	pl_diags_init(&d);
	long n = pl_ingest_buffer(origins[sel], in, len, &opts, on_article, &count, &d);
	if (n < 0)
		FUZZ_CHECK(d.nerrors > 0, "failed without an error");
	else
		FUZZ_CHECK((size_t)n == count, "returned %ld but delivered %zu", n, count);
	for (size_t i = 0; i < d.n; i++) {
		struct pl_buf b = PL_BUF_INIT;
		pl_diag_format(&d, &d.v[i], &b);
		FUZZ_CHECK(!b.oom, "diag format oom");
		pl_buf_free(&b);
	}
	pl_diags_finish(&d);
	return 0;
}
