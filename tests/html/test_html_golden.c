/* test_html_golden.c - golden tests of the HTML extractor: every
 * tests/html/fixtures/NAME.html is extracted and printed as readable text
 * (metadata lines, captions, then the body) and compared with NAME.expected.
 * UPDATE_GOLDEN=1 rewrites the .expected files (review them with git diff).
 * Also: hostile shapes built in memory (100,000 nested elements, an
 * unterminated page, binary-looking junk) and pl_html_fragment_text. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "ingest/html.h"

static const char *fixtures;

/* The article as the .expected files show it. */
static void render(const struct pl_article *a, int rc, struct pl_buf *out)
{
	if (rc != 0) {
		pl_buf_puts(out, "error\n");
		return;
	}
	pl_buf_printf(out, "title: %s\n", a->title ? a->title : "-");
	pl_buf_printf(out, "url: %s\n", a->url ? a->url : "-");
	pl_buf_printf(out, "source: %s\n", a->source ? a->source : "-");
	pl_buf_printf(out, "byline: %s\n", a->byline ? a->byline : "-");
	pl_buf_printf(out, "language: %s\n", a->language ? a->language : "-");
	pl_buf_printf(out, "dateline: %s\n", a->dateline ? a->dateline : "-");
	pl_buf_puts(out, "published: ");
	if (a->published.prec == PL_PREC_NONE)
		pl_buf_puts(out, "none");
	else
		pl_datetime_format(&a->published, out);
	pl_buf_printf(out, " (%s)\n", a->published_how ? a->published_how : "-");
	pl_buf_puts(out, "modified: ");
	if (a->modified.prec == PL_PREC_NONE)
		pl_buf_puts(out, "none");
	else
		pl_datetime_format(&a->modified, out);
	pl_buf_putc(out, '\n');
	for (size_t i = 0; i < a->ncaptions; i++)
		pl_buf_printf(out, "caption: %s\n", a->captions[i]);
	pl_buf_printf(out, "--- body\n%s\n", a->body ? a->body : "");
}

/* A fixture may start with "<!-- saved-at: TIMESTAMP ... -->": the time the
 * page was saved, as --saved-at gives it, for relative dates. */
static int extract(const char *name, const char *html, size_t len, struct pl_article *a,
		   struct pl_diags *d)
{
	struct pl_ingest_opts opts;
	memset(&opts, 0, sizeof opts);
	memset(a, 0, sizeof *a);
	static const char tag[] = "<!-- saved-at: ";
	if (len > sizeof tag && memcmp(html, tag, sizeof tag - 1) == 0) {
		const char *v = html + sizeof tag - 1, *e = v;
		while (*e && *e != ' ' && *e != '\n')
			e++;
		CHECK(pl_datetime_parse(v, (size_t)(e - v), &opts.saved_at));
	}
	return pl_html_extract(name, html, len, &opts, a, d);
}

static void check_fixture(const char *name)
{
	char path[4096], want_path[4096];
	snprintf(path, sizeof path, "%s/%s", fixtures, name);
	snprintf(want_path, sizeof want_path, "%.*s.expected", (int)(strlen(path) - 5), path);
	struct pl_buf html = PL_BUF_INIT, got = PL_BUF_INIT, want = PL_BUF_INIT;
	struct pl_diags d;
	pl_diags_init(&d);
	check_current_ = name;
	if (pl_read_file(path, PL_MAX_INPUT, &html, &d) != 0) {
		CHECK(!"fixture readable");
		goto out;
	}
	struct pl_article a;
	int rc = extract(path, html.p, html.len, &a, &d);
	render(&a, rc, &got);
	pl_article_free(&a);
	if (getenv("UPDATE_GOLDEN")) {
		FILE *f = fopen(want_path, "w");
		CHECK(f != NULL);
		if (f) {
			fwrite(got.p, 1, got.len, f);
			fclose(f);
		}
		goto out;
	}
	if (pl_read_file(want_path, PL_MAX_INPUT, &want, &d) != 0) {
		fprintf(stderr, "%s: missing (run with UPDATE_GOLDEN=1 and review)\n", want_path);
		CHECK(!"expected file present");
		goto out;
	}
	if (got.len != want.len || memcmp(got.p, want.p, got.len) != 0) {
		fprintf(stderr, "%s: output differs from %s\n--- got:\n%s--- want:\n%s", name, want_path,
			got.p, want.p);
		CHECK(!"golden output matches");
	} else {
		CHECK(1);
	}
out:
	pl_buf_free(&html);
	pl_buf_free(&got);
	pl_buf_free(&want);
	pl_diags_finish(&d);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_fixtures(void)
{
	DIR *dir = opendir(fixtures);
	CHECK(dir != NULL);
	if (!dir)
		return;
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		size_t l = strlen(e->d_name);
		if (l > 5 && strcmp(e->d_name + l - 5, ".html") == 0) {
			names = realloc(names, (n + 1) * sizeof *names);
			names[n++] = strdup(e->d_name);
		}
	}
	closedir(dir);
	qsort(names, n, sizeof *names, by_name);
	CHECK(n >= 8);
	for (size_t i = 0; i < n; i++) {
		check_fixture(names[i]);
		free(names[i]);
	}
	free(names);
}

/* 100,000 nested elements: libxml2 stops at its depth limit and our walks are
 * iterative, so this must return (with the text before the limit) and not
 * overflow the stack. */
static void test_deep_nesting(void)
{
	struct pl_buf b = PL_BUF_INIT;
	pl_buf_puts(&b, "<html><body><p>Negotiators met again on Tuesday in the capital, "
			"officials said.</p>");
	for (int i = 0; i < 100000; i++)
		pl_buf_puts(&b, i % 2 ? "<div>" : "<span>");
	pl_buf_puts(&b, "deep text</body></html>");
	struct pl_article a;
	struct pl_diags d;
	pl_diags_init(&d);
	int rc = extract("deep.html", b.p, b.len, &a, &d);
	CHECK_INT(rc, 0);
	CHECK(a.body && strstr(a.body, "Negotiators met again"));
	pl_article_free(&a);
	pl_diags_finish(&d);
	pl_buf_free(&b);
}

/* Other hostile shapes at 100,000 repetitions: unclosed paragraphs, nested
 * links, unclosed tables, unclosed inline tags.  Each must give text back
 * (linear passes keep them fast; no time is asserted). */
static void test_hostile_shapes(void)
{
	static const char *const units[] = {
		"<p>Talks went on, with breaks, into the night. ",
		"<a href=x>link text ",
		"<table><tr><td>cell text, with a comma",
		"<b>bold ",
	};
	for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
		struct pl_buf b = PL_BUF_INIT;
		pl_buf_puts(&b, "<html><body><p>Delegations met in Vienna on Monday, a spokesman said.</p>");
		for (int i = 0; i < 100000; i++)
			pl_buf_puts(&b, units[u]);
		struct pl_article a;
		struct pl_diags d;
		pl_diags_init(&d);
		int rc = extract("shape.html", b.p, b.len, &a, &d);
		CHECK_INT(rc, 0);
		CHECK(a.body && a.body_len > 0 && pl_utf8_valid(a.body, a.body_len));
		pl_article_free(&a);
		pl_diags_finish(&d);
		pl_buf_free(&b);
	}
}

/* Pages with no text at all are an error naming the file, not a crash. */
static void test_no_text(void)
{
	static const char *const pages[] = {
		"", "<html></html>", "<html><body><script>var x = 1;</script></body></html>",
		"<<<<>>>>&&&&;;;;", "<html><body><div><div><p></p></div></div>",
	};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		struct pl_article a;
		struct pl_diags d;
		pl_diags_init(&d);
		int rc = extract("empty.html", pages[i], strlen(pages[i]), &a, &d);
		if (i == 3) {
			/* junk is text to an HTML parser: any outcome but a crash is fine */
			CHECK(rc == 0 || d.nerrors == 1);
		} else {
			CHECK_INT(rc, -1);
			CHECK_INT(d.nerrors, 1);
			CHECK(d.n && d.v[0].file && strcmp(d.v[0].file, "empty.html") == 0);
		}
		pl_article_free(&a);
		pl_diags_finish(&d);
	}
}

static void test_fragment(void)
{
	static const char frag[] =
		"<p>First &amp; foremost,\n   the talks.</p><script>alert(1)</script>"
		"<figure><img src=x><figcaption>Delegates in Oslo.</figcaption></figure>"
		"Loose text<br>after a break<ul><li>one</li><li>two</li></ul><style>p{}</style>";
	struct pl_buf out = PL_BUF_INIT;
	char **caps = NULL;
	size_t ncaps = 0;
	pl_html_fragment_text(frag, sizeof frag - 1, &out, &caps, &ncaps);
	CHECK_STR(out.p, "First & foremost, the talks.\n\nLoose text\nafter a break\n\none\n\ntwo");
	CHECK_INT(ncaps, 1);
	if (ncaps)
		CHECK_STR(caps[0], "Delegates in Oslo.");
	for (size_t i = 0; i < ncaps; i++)
		free(caps[i]);
	free(caps);
	pl_buf_free(&out);

	/* without a captions list the caption is simply left out */
	struct pl_buf o2 = PL_BUF_INIT;
	pl_html_fragment_text("<div>a <b>bold</b> word</div>", 29, &o2, NULL, NULL);
	CHECK_STR(o2.p, "a bold word");
	pl_buf_free(&o2);
}

int main(void)
{
	const char *src = getenv("PARLEY_SRC");
	static char dir[4096];
	snprintf(dir, sizeof dir, "%s/tests/html/fixtures", src ? src : ".");
	fixtures = dir;
	RUN(test_fixtures);
	RUN(test_deep_nesting);
	RUN(test_hostile_shapes);
	RUN(test_no_text);
	RUN(test_fragment);
	return check_done();
}
