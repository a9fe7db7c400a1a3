/* test_golden.c - every fixture under tests/formats/fixtures/ is ingested and its
 * articles and diagnostics, as text, must equal NAME.expected beside it.
 * UPDATE_GOLDEN=1 rewrites the .expected files (review them with git diff). */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "dump.h"

static int collect(struct pl_article *a, void *ud)
{
	if (a->format == PL_FMT_HTML || a->format == PL_FMT_TEXT) {
		/* The HTML and plain-text extractors have goldens of their own (tests/html,
		 * tests/text); here only what decoding and dispatch decide is pinned: the
		 * format and the decoded text. */
		pl_buf_printf(ud, "=== %s\nformat: %s\nbody:\n%s\n", a->origin,
			      pl_format_name(a->format), a->body);
		pl_article_free(a);
		free(a);
		return 0;
	}
	dump_article(ud, a);
	pl_article_free(a);
	free(a);
	return 0;
}

static int cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void run_case(const char *dir, const char *name, bool update)
{
	struct pl_buf pb = PL_BUF_INIT, eb = PL_BUF_INIT;
	pl_buf_printf(&pb, "%s/%s", dir, name);
	pl_buf_printf(&eb, "%s/%s.expected", dir, name);
	const char *path = pb.p, *exp_path = eb.p;
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_buf in = PL_BUF_INIT, got = PL_BUF_INIT, want = PL_BUF_INIT;
	struct pl_ingest_opts opts = { 0 };
	check_current_ = name;
	CHECK(pl_read_file(path, PL_MAX_INPUT, &in, &d) == 0);
	/* origin is the bare name so the golden text does not depend on where the tree is */
	long n = pl_ingest_buffer(name, in.p ? in.p : "", in.len, &opts, collect, &got, &d);
	pl_buf_printf(&got, "--- %ld article(s)\n", n);
	dump_diags(&got, &d);
	if (update) {
		FILE *f = fopen(exp_path, "wb");
		CHECK(f != NULL);
		if (f) {
			fwrite(got.p, 1, got.len, f);
			fclose(f);
		}
	} else {
		struct pl_diags d2;
		pl_diags_init(&d2);
		if (pl_read_file(exp_path, PL_MAX_INPUT, &want, &d2) != 0)
			fprintf(stderr, "%s: missing %s (run with UPDATE_GOLDEN=1)\n", name, exp_path);
		pl_diags_finish(&d2);
		bool same = want.p && got.p && want.len == got.len && memcmp(want.p, got.p, got.len) == 0;
		if (!same)
			fprintf(stderr, "---- %s: got ----\n%s---- want (%s) ----\n%s----\n", name,
				got.p ? got.p : "", exp_path, want.p ? want.p : "");
		CHECK(same);
	}
	pl_buf_free(&in);
	pl_buf_free(&got);
	pl_buf_free(&want);
	pl_diags_finish(&d);
	pl_buf_free(&pb);
	pl_buf_free(&eb);
}

int main(void)
{
	const char *src = getenv("PARLEY_SRC");
	if (!src)
		SKIP("PARLEY_SRC not set (run through meson test)");
	struct pl_buf db = PL_BUF_INIT;
	pl_buf_printf(&db, "%s/tests/formats/fixtures", src);
	const char *dir = db.p;
	bool update = getenv("UPDATE_GOLDEN") && strcmp(getenv("UPDATE_GOLDEN"), "1") == 0;
	DIR *dp = opendir(dir);
	if (!dp) {
		fprintf(stderr, "cannot open %s\n", dir);
		return 1;
	}
	char *names[256];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(dp)) && n < 256) {
		size_t k = strlen(e->d_name);
		if (e->d_name[0] == '.' || (k > 9 && strcmp(e->d_name + k - 9, ".expected") == 0))
			continue;
		names[n++] = pl_strdup(e->d_name);
	}
	closedir(dp);
	qsort(names, n, sizeof names[0], cmp_names);
	for (size_t i = 0; i < n; i++) {
		run_case(dir, names[i], update);
		free(names[i]);
	}
	pl_buf_free(&db);
	CHECK(n >= 8); /* one fixture per format at least */
	return check_done();
}
