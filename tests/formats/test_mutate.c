/* test_mutate.c - every fixture, damaged in many deterministic ways (bytes flipped,
 * cut short, markup characters and NULs inserted, spans repeated), must still give
 * valid UTF-8 articles or diagnostics naming the input: never a crash (run it under
 * the sanitizer build) and never an article without a body. */
#include <dirent.h>
#include <string.h>

#include "check.h"
#include "parley/ingest.h"

static uint64_t rng = 0x9E3779B97F4A7C15u; /* fixed seed: failures reproduce */

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static long bad_articles, articles;

static int check_article(struct pl_article *a, void *ud)
{
	(void)ud;
	articles++;
	const char *fields[] = { a->origin, a->url, a->title, a->source, a->byline, a->dateline,
				 a->language, a->body };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (fields[i] && !pl_utf8_valid(fields[i], strlen(fields[i])))
			bad_articles++;
	if (!a->body || a->body_len == 0 || strlen(a->body) != a->body_len)
		bad_articles++;
	pl_article_free(a);
	free(a);
	return 0;
}

static void mutate(const struct pl_buf *in, struct pl_buf *out)
{
	static const char *const inserts[] = { "<", "&", "\0", "]]>", "<!--", "&amp;", "\xFF",
					       "\xC3", "</item>", "<p>", "\r", "&#0;", "&#xD800;" };
	pl_buf_reset(out);
	pl_buf_append(out, in->p, in->len);
	int edits = 1 + (int)(next() % 4);
	for (int e = 0; e < edits && out->len > 0; e++) {
		size_t at = (size_t)(next() % out->len);
		switch (next() % 4) {
		case 0: /* flip a byte */
			out->p[at] = (char)(out->p[at] ^ (char)(1u << (next() % 8)));
			break;
		case 1: /* cut short */
			out->len = at;
			out->p[at] = '\0';
			break;
		case 2: { /* insert something markup-ish */
			const char *ins = inserts[next() % (sizeof inserts / sizeof inserts[0])];
			size_t k = *ins ? strlen(ins) : 1;
			struct pl_buf t = PL_BUF_INIT;
			pl_buf_append(&t, out->p, at);
			pl_buf_append(&t, ins, k);
			pl_buf_append(&t, out->p + at, out->len - at);
			pl_buf_free(out);
			*out = t;
			break;
		}
		default: { /* repeat a span */
			size_t n = (size_t)(next() % 64);
			if (at + n > out->len)
				n = out->len - at;
			struct pl_buf t = PL_BUF_INIT;
			pl_buf_append(&t, out->p, at + n);
			pl_buf_append(&t, out->p + at, out->len - at);
			pl_buf_free(out);
			*out = t;
			break;
		}
		}
	}
}

int main(void)
{
	const char *src = getenv("PARLEY_SRC");
	if (!src)
		SKIP("PARLEY_SRC not set (run through meson test)");
	struct pl_buf dir = PL_BUF_INIT;
	pl_buf_printf(&dir, "%s/tests/formats/fixtures", src);
	DIR *dp = opendir(dir.p);
	if (!dp) {
		fprintf(stderr, "cannot open %s\n", dir.p);
		return 1;
	}
	struct dirent *e;
	long runs = 0;
	while ((e = readdir(dp))) {
		size_t k = strlen(e->d_name);
		if (e->d_name[0] == '.' || (k > 9 && strcmp(e->d_name + k - 9, ".expected") == 0))
			continue;
		struct pl_buf path = PL_BUF_INIT, in = PL_BUF_INIT, m = PL_BUF_INIT;
		struct pl_diags d;
		pl_diags_init(&d);
		pl_buf_printf(&path, "%s/%s", dir.p, e->d_name);
		CHECK(pl_read_file(path.p, PL_MAX_INPUT, &in, &d) == 0);
		pl_diags_finish(&d);
		for (int i = 0; i < 300; i++) {
			mutate(&in, &m);
			pl_diags_init(&d);
			struct pl_ingest_opts opts = { 0 };
			long n = pl_ingest_buffer(e->d_name, m.p ? m.p : "", m.len, &opts, check_article,
						  NULL, &d);
			/* a failure always says why, on this input */
			if (n < 0 && d.nerrors == 0) {
				fprintf(stderr, "%s mutation %d: failed without an error\n", e->d_name, i);
				bad_articles++;
			}
			if (getenv("MUTATE_DEBUG") && n < 0)
				for (size_t j = 0; j < d.n; j++)
					fprintf(stderr, "%s: %s\n", d.v[j].file, d.v[j].msg);
			/* every message names this input and is one line */
			for (size_t j = 0; j < d.n; j++)
				if (!d.v[j].file || strncmp(d.v[j].file, e->d_name, k) != 0 ||
				    strchr(d.v[j].msg, '\n'))
					bad_articles++;
			pl_diags_finish(&d);
			runs++;
		}
		pl_buf_free(&path);
		pl_buf_free(&in);
		pl_buf_free(&m);
	}
	closedir(dp);
	pl_buf_free(&dir);
	fprintf(stderr, "%ld mutated inputs, %ld articles from them\n", runs, articles);
	CHECK(runs >= 3000);
	CHECK(articles > runs / 3); /* much damage still leaves something to read */
	CHECK_INT(bad_articles, 0);
	return check_done();
}
