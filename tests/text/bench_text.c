/* bench_text.c - throughput of the sentence splitter, the plain-text reader and
 * the text-date finder on the sample article ($PARLEY_SHARED/samples).
 * Run: meson test -C build --benchmark --suite text  (not a test: no pass/fail on speed). */
#include "ingest/formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(void)
{
	const char *shared = getenv("PARLEY_SHARED");
	char path[4096];
	snprintf(path, sizeof path, "%s/samples/berlin-talks-2025-12-15.txt", shared ? shared : "../shared");
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "SKIP: sample article %s not found\n", path);
		return 77;
	}
	struct pl_buf one = PL_BUF_INIT, big = PL_BUF_INIT;
	char tmp[8192];
	size_t k;
	while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
		pl_buf_append(&one, tmp, k);
	fclose(f);
	/* ~20 MB of paragraphs for the splitter */
	while (big.len < (20u << 20)) {
		pl_buf_append(&big, one.p, one.len);
		pl_buf_puts(&big, "\n\n");
	}
	double t = now();
	struct pl_range *r = NULL;
	long ns = pl_sentences(big.p, big.len, &r);
	double dt = now() - t;
	printf("pl_sentences: %ld sentences in %.1f MB, %.0f MB/s\n", ns, (double)big.len / 1e6,
	       (double)big.len / 1e6 / dt);
	free(r);

	struct pl_ingest_opts opts;
	memset(&opts, 0, sizeof opts);
	pl_datetime_parse("2025-12-15T23:00Z", 17, &opts.saved_at);
	int reps = 2000;
	t = now();
	for (int i = 0; i < reps; i++) {
		struct pl_article a;
		struct pl_diags d;
		memset(&a, 0, sizeof a);
		pl_diags_init(&d);
		pl_plaintext_extract("sample", one.p, one.len, &opts, &a, &d);
		pl_article_free(&a);
		pl_diags_finish(&d);
	}
	dt = now() - t;
	printf("pl_plaintext_extract: %.0f articles/s, %.1f MB/s\n", reps / dt, (double)reps * (double)one.len / 1e6 / dt);
	t = now();
	for (int i = 0; i < reps; i++) {
		struct pl_datetime x;
		const char *how;
		pl_text_date(one.p, one.len, &opts, 2025, &x, &how);
	}
	dt = now() - t;
	printf("pl_text_date (4 KiB head): %.0f calls/s\n", reps / dt);
	pl_buf_free(&one);
	pl_buf_free(&big);
	return 0;
}
