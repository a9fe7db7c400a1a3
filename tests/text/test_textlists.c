/* test_textlists.c - the word lists of rules/text/ are read at run time: the shipped
 * ones load, a user directory's text/NAME.list adds words that change what the
 * readers do (sentences, dates, bylines), bad entries and a missing list are
 * diagnostics naming the file and line, and the process default can be swapped. */
#include "ingest/formats.h"
#include "../check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *rules_dir;

/* A fresh directory with text/NAME.list holding `text`; the path is in tmpl. */
static bool user_dir(char *tmpl, const char *name, const char *text)
{
	if (!mkdtemp(tmpl))
		return false;
	char path[4200];
	snprintf(path, sizeof path, "%s/text", tmpl);
	if (mkdir(path, 0700) != 0)
		return false;
	snprintf(path, sizeof path, "%s/text/%s.list", tmpl, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	fputs(text, f);
	fclose(f);
	return true;
}

/* Load the lists of the shipped rules/ (when `shipped`) and of a fresh user
 * directory (its path left in tmpl) holding text/NAME.list = text. */
static struct pl_textlists *load_with(char *tmpl, const char *name, const char *text, bool shipped,
				      struct pl_diags *d)
{
	pl_diags_init(d);
	if (!user_dir(tmpl, name, text)) {
		CHECK(!"cannot make a temporary rules directory");
		return NULL;
	}
	const char *dirs[] = { rules_dir, tmpl };
	return shipped ? pl_textlists_load(dirs, 2, d) : pl_textlists_load(dirs + 1, 1, d);
}

static void remove_dir(const char *dir, const char *name)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/text/%s.list", dir, name);
	remove(path);
	snprintf(path, sizeof path, "%s/text", dir);
	rmdir(path);
	rmdir(dir);
}

/* The sentences of s, one a line, split with lists tl. */
static void split(const struct pl_textlists *tl, const char *s, struct pl_buf *out)
{
	struct pl_range *r = NULL;
	long n = pl_sentences_with(tl, s, strlen(s), &r);
	pl_buf_reset(out);
	for (long i = 0; i < n; i++)
		pl_buf_printf(out, "%.*s\n", (int)(r[i].end - r[i].start), s + r[i].start);
	free(r);
}

static void diags_text(const struct pl_diags *d, struct pl_buf *out)
{
	pl_buf_reset(out);
	for (size_t i = 0; i < d->n; i++)
		pl_diag_format(d, &d->v[i], out);
}

static void test_shipped(void)
{
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_textlists *tl = pl_textlists_load(&rules_dir, 1, &d);
	CHECK(tl != NULL);
	CHECK_INT(d.n, 0);
	struct pl_buf out = PL_BUF_INIT;
	split(tl, "Mr. Rubio met Gen. Syrskyi on Dec. 15 in the U.S. The talks went on.", &out);
	CHECK_STR(out.p, "Mr. Rubio met Gen. Syrskyi on Dec. 15 in the U.S.\nThe talks went on.\n");
	/* the default is the shipped lists, read from $PARLEY_RULES_DIR */
	split(NULL, "Mr. Rubio met Gen. Syrskyi on Dec. 15 in the U.S. The talks went on.", &out);
	CHECK_STR(out.p, "Mr. Rubio met Gen. Syrskyi on Dec. 15 in the U.S.\nThe talks went on.\n");
	pl_buf_free(&out);
	pl_textlists_destroy(tl);
	pl_diags_finish(&d);
}

/* Words a user adds in DIR/text/ change the readers, without a rebuild. */
static void test_user_words(void)
{
	char tmpl[] = "/tmp/parley-textlists-XXXXXX";
	struct pl_diags d;
	struct pl_textlists *tl = load_with(tmpl, "abbreviations",
					    "# ours\nKanzl.\ttitle\nSt.\ttitle   # a title here\n", true, &d);
	struct pl_textlists *base = pl_textlists_load(&rules_dir, 1, &d);
	CHECK(base && tl);
	CHECK_INT(d.n, 0);
	struct pl_buf out = PL_BUF_INIT;
	const char *s = "Kanzl. Merz lives on Elm St. The talks went on.";
	split(base, s, &out);
	CHECK_STR(out.p, "Kanzl.\nMerz lives on Elm St.\nThe talks went on.\n");
	split(tl, s, &out); /* a new abbreviation; St. moved from maybe to title */
	CHECK_STR(out.p, "Kanzl. Merz lives on Elm St. The talks went on.\n");
	/* the process default follows pl_textlists_use */
	pl_textlists_use(tl);
	split(NULL, s, &out);
	CHECK_STR(out.p, "Kanzl. Merz lives on Elm St. The talks went on.\n");
	pl_textlists_use(NULL);
	split(NULL, s, &out);
	CHECK_STR(out.p, "Kanzl.\nMerz lives on Elm St.\nThe talks went on.\n");
	pl_buf_free(&out);
	pl_textlists_destroy(base);
	pl_textlists_destroy(tl);
	pl_diags_finish(&d);
	remove_dir(tmpl, "abbreviations");
}

/* A month name added by the user, given through pl_ingest_opts. */
static void test_user_dates(void)
{
	char tmpl[] = "/tmp/parley-textlists-XXXXXX";
	struct pl_diags d;
	struct pl_textlists *tl = load_with(tmpl, "months", "Dezember\t12\n", true, &d);
	CHECK(tl != NULL);
	struct pl_ingest_opts opts = { 0 };
	struct pl_datetime dt;
	const char *how = NULL;
	static const char line[] = "15 Dezember 2025";
	CHECK(!pl_text_date(line, sizeof line - 1, &opts, 0, &dt, &how));
	opts.textlists = tl;
	CHECK(pl_text_date(line, sizeof line - 1, &opts, 0, &dt, &how));
	CHECK_INT(dt.year * 10000 + dt.month * 100 + dt.day, 20251215);
	pl_textlists_destroy(tl);
	pl_diags_finish(&d);
	remove_dir(tmpl, "months");
}

/* Bad entries are errors at their line; nothing is half loaded. */
static void test_bad_entries(void)
{
	char tmpl[] = "/tmp/parley-textlists-XXXXXX";
	struct pl_diags d;
	CHECK(load_with(tmpl, "textdate", "weekday\tMontag\nweekdy\tDienstag\nzone\n", true, &d) == NULL);
	CHECK_INT(d.nerrors, 2);
	struct pl_buf out = PL_BUF_INIT, want = PL_BUF_INIT;
	diags_text(&d, &out);
	pl_buf_printf(&want,
		      "%s/text/textdate.list:2:1: error: unknown kind 'weekdy' (kind, a tab, the phrase)\n"
		      "    weekdy\tDienstag\n    ^~~~~~\n"
		      "%s/text/textdate.list:3:1: error: 'zone' entry without a phrase after a tab\n"
		      "    zone\n    ^~~~\n", tmpl, tmpl);
	CHECK_STR(out.p, want.p);
	pl_buf_free(&out);
	pl_buf_free(&want);
	pl_diags_finish(&d);
	remove_dir(tmpl, "textdate");
}

/* The values textdate.c reads as numbers or unit names are checked at load
 * (a count without one crashed the byline reader). */
static void test_bad_values(void)
{
	char tmpl[] = "/tmp/parley-textlists-XXXXXX";
	struct pl_diags d;
	CHECK(load_with(tmpl, "textdate",
			"count\tdozen\n"
			"dayword\tanteayer\tdos\n"
			"zone\tXST\t99999\n"
			"zone\tYST\tus:-300\n"
			"unit\tfortnights\tfortnight\n"
			"count\tscore\t20\n",
			true, &d) == NULL);
	CHECK_INT(d.nerrors, 4);
	struct pl_buf out = PL_BUF_INIT, want = PL_BUF_INIT;
	diags_text(&d, &out);
	pl_buf_printf(&want,
		      "%s/text/textdate.list:1:1: error: 'count' needs a number 0-9999 after the phrase and a tab\n"
		      "    count\tdozen\n    ^~~~~~~~~~~\n"
		      "%s/text/textdate.list:2:18: error: 'dayword' needs a number 0-9999 after the phrase and a tab\n"
		      "    dayword\tanteayer\tdos\n           \t        \t^~~\n"
		      "%s/text/textdate.list:3:10: error: zone needs minutes east of UTC (-1440 to 1440, \"us:\" or "
		      "\"eu:\" before for daylight time) after the phrase and a tab\n"
		      "    zone\tXST\t99999\n        \t   \t^~~~~\n"
		      "%s/text/textdate.list:5:17: error: unit needs second, minute, hour, day, week or month after "
		      "the phrase and a tab\n"
		      "    unit\tfortnights\tfortnight\n        \t          \t^~~~~~~~~\n",
		      tmpl, tmpl, tmpl, tmpl);
	CHECK_STR(out.p, want.p);
	pl_buf_free(&out);
	pl_buf_free(&want);
	pl_diags_finish(&d);
	remove_dir(tmpl, "textdate");
}

/* Every list must be in the shipped directory: a missing one is named. */
static void test_missing_list(void)
{
	char tmpl[] = "/tmp/parley-textlists-XXXXXX";
	struct pl_diags d; /* the user directory alone, as if it were the shipped rules/ */
	CHECK(load_with(tmpl, "months", "Dezember\t12\n", false, &d) == NULL);
	CHECK_INT(d.nerrors, 5); /* the five lists other than months.list */
	struct pl_buf want = PL_BUF_INIT;
	pl_buf_printf(&want, "%s/text/abbreviations.list", tmpl);
	CHECK(d.n > 0 && d.v[0].file && strcmp(d.v[0].file, want.p) == 0);
	CHECK(d.n > 0 && strstr(d.v[0].msg, "cannot read word list: No such file or directory") != NULL);
	pl_buf_free(&want);
	pl_diags_finish(&d);
	remove_dir(tmpl, "months");
}

int main(void)
{
	rules_dir = getenv("PARLEY_RULES_DIR");
	if (!rules_dir)
		SKIP("PARLEY_RULES_DIR not set (run through meson test)");
	RUN(test_shipped);
	RUN(test_user_words);
	RUN(test_user_dates);
	RUN(test_bad_entries);
	RUN(test_bad_values);
	RUN(test_missing_list);
	return check_done();
}
