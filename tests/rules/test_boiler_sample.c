/* test_boiler_sample.c - the shipped boilerplate rules on the sample article
 * (../shared/samples, via $PARLEY_SHARED): every news paragraph kept, every
 * line of page furniture gone, the photo line kept apart as a caption.  Run
 * twice: the rules alone on the raw text, and through pl_ingest_buffer. */
#include "parley/ingest.h"
#include "parley/rules.h"

#include "../check.h"

/* Furniture lines of the sample (they must not survive, in any number). */
static const char *const furniture[] = {
	"Article content", "Financial Post", "THIS CONTENT IS RESERVED FOR SUBSCRIBERS ONLY",
	"Subscribe now to read", "Exclusive articles from", "Daily puzzles",
	"SUBSCRIBE TO UNLOCK MORE ARTICLES", "REGISTER / SIGN IN TO UNLOCK MORE ARTICLES",
	"Create an account or sign in", "Get email updates", "THIS ARTICLE IS FREE TO READ",
	"Sign In or Create an Account", "By signing up you consent", "Read Entire Article",
	"11 hours ago", "Photographer:",
};

static bool contains(const char *h, size_t hn, const char *n, size_t nn)
{
	for (size_t i = 0; i + nn <= hn; i++)
		if (memcmp(h + i, n, nn) == 0)
			return true;
	return false;
}

static bool has_line(const char *body, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = body; (p = strstr(p, line)) != NULL; p++)
		if ((p == body || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return true;
	return false;
}

/* News paragraphs of the raw sample: lines over 150 bytes (furniture lines,
 * bullets included, are shorter) except the photo line. */
static void check_article(const char *raw, const struct pl_article *a, const char *how)
{
	check_current_ = how;
	for (size_t i = 0; i < sizeof furniture / sizeof *furniture; i++)
		if (strstr(a->body, furniture[i])) {
			fprintf(stderr, "%s: furniture kept: %s\n", how, furniture[i]);
			CHECK(!"furniture kept");
		}
	CHECK(!has_line(a->body, "or"));
	CHECK(!strstr(a->body, "\u2022"));
	size_t kept = 0, news = 0;
	for (const char *p = raw; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && (p[n - 1] == ' ' || (unsigned char)p[n - 1] == 0xA0 || (unsigned char)p[n - 1] == 0xC2))
			n--; /* the sample ends paragraphs with a no-break space */
		if (n > 150 && !contains(p, n, "Photographer:", 13)) {
			news++;
			/* compare on the first 120 bytes: the extractor may trim the end */
			if (contains(a->body, a->body_len, p, 120))
				kept++;
			else
				fprintf(stderr, "%s: news paragraph lost: %.60s...\n", how, p);
		}
		p += e ? (size_t)(e - p) + 1 : strlen(p);
	}
	CHECK_INT(news, 9);
	CHECK_INT(kept, news);
	CHECK_INT(a->ncaptions, 1);
	if (a->ncaptions == 1) {
		CHECK(strstr(a->captions[0], "Photographer: Guido Bergmann") != NULL);
		CHECK(strstr(a->captions[0], "on Dec. 14, 2025") != NULL);
	}
}

static int keep_first(struct pl_article *a, void *ud)
{
	struct pl_article **slot = ud;
	if (!*slot)
		*slot = a;
	else {
		pl_article_free(a);
		free(a);
	}
	return 0;
}

int main(void)
{
	const char *shared = getenv("PARLEY_SHARED"), *rules = getenv("PARLEY_RULES_DIR");
	char path[4096];
	if (!shared || !rules)
		SKIP("PARLEY_SHARED and PARLEY_RULES_DIR must be set (meson test sets them)");
	snprintf(path, sizeof path, "%s/samples/berlin-talks-2025-12-15.txt", shared);
	struct pl_diags d;
	struct pl_buf raw = PL_BUF_INIT;
	pl_diags_init(&d);
	if (pl_read_file(path, 1 << 20, &raw, &d) != 0)
		SKIP("sample article %s is not available", path);
	const char *dirs[] = { rules };
	struct pl_boiler *b = pl_boiler_load(dirs, 1, &d);
	CHECK(b != NULL);

	/* 1. the rules alone: the raw text after its title line */
	struct pl_article a = { 0 };
	const char *body = strchr(raw.p, '\n');
	a.body = pl_strdup(body ? body + 1 : raw.p);
	a.body_len = strlen(a.body);
	CHECK(pl_boiler_apply(b, &a) > 30);
	check_article(raw.p, &a, "rules-alone");
	pl_article_free(&a);

	/* 2. the whole ingest path for plain text */
	struct pl_ingest_opts io = { .boiler = b };
	struct pl_article *got = NULL;
	CHECK_INT(pl_ingest_buffer(path, raw.p, raw.len, &io, keep_first, &got, &d), 1);
	if (got)
		check_article(raw.p, got, "ingest");
	pl_article_free(got);
	free(got);

	pl_boiler_destroy(b);
	pl_buf_free(&raw);
	pl_diags_finish(&d);
	return check_done();
}
