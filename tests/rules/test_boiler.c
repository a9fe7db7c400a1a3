/* test_boiler.c - the shipped boilerplate rules on articles written for this
 * test (fixtures/boiler/NAME.txt -> NAME.golden: the kept body, then the
 * captions), and the shipped rules' own examples. */
#include "parley/ingest.h"
#include "parley/rules.h"

#include "../check.h"
#include "golden.h"

#include <unistd.h>

static char fixdir[4096];
static const char *rules_dir;

static void run_case(const struct pl_boiler *b, const char *name)
{
	struct pl_buf path = PL_BUF_INIT, text = PL_BUF_INIT, out = PL_BUF_INIT;
	struct pl_diags d;
	struct pl_article a = { 0 };
	pl_diags_init(&d);
	check_current_ = name;
	pl_buf_printf(&path, "%s/%s", fixdir, name);
	CHECK(pl_read_file(path.p, 1 << 20, &text, &d) == 0);
	a.body_len = text.len;
	a.body = pl_buf_steal(&text);
	long removed = pl_boiler_apply(b, &a);
	CHECK(removed >= 0);
	pl_buf_printf(&out, "%s\n", a.body);
	pl_buf_printf(&out, "--- removed or moved: %ld lines; captions: %zu\n", removed, a.ncaptions);
	for (size_t i = 0; i < a.ncaptions; i++)
		pl_buf_printf(&out, "%s\n", a.captions[i]);
	pl_buf_reset(&path);
	pl_buf_printf(&path, "%s/%.*s.golden", fixdir, (int)(strlen(name) - 4), name);
	CHECK(golden_compare(path.p, out.p, out.len));
	pl_article_free(&a);
	pl_diags_finish(&d);
	pl_buf_free(&path);
	pl_buf_free(&out);
}

/* Every example in the shipped boilerplate rules passes. */
static void test_examples(void)
{
	struct pl_diags d;
	pl_diags_init(&d);
	const char *const prefixes[] = { "common", "boilerplate" };
	struct pl_ruleset *rs = pl_rules_load_prefixed(rules_dir, NULL, 0, prefixes, 2, &d);
	long failed = -1, run = rs ? pl_rules_test(rs, "boilerplate", NULL, NULL, &failed, &d) : -1;
	CHECK(rs != NULL);
	CHECK(run >= 20);
	CHECK_INT(failed, 0);
	CHECK_INT(d.nerrors, 0);
	struct pl_buf out = PL_BUF_INIT;
	for (size_t i = 0; i < d.n; i++)
		pl_diag_format(&d, &d.v[i], &out);
	if (out.p)
		fputs(out.p, stderr);
	pl_buf_free(&out);
	pl_rules_destroy(rs);
	pl_diags_finish(&d);
}

/* A fresh directory in tmpl holding one rules file `name` with `text`; the
 * file's path goes to file[].  NULL (after a failed CHECK) when impossible. */
static char *rules_dir_with(char *tmpl, const char *name, const char *text, char *file, size_t n)
{
	char *dir = mkdtemp(tmpl);
	CHECK(dir != NULL);
	if (!dir)
		return NULL;
	snprintf(file, n, "%s/%s", dir, name);
	FILE *f = fopen(file, "w");
	CHECK(f != NULL);
	if (!f) {
		rmdir(dir);
		return NULL;
	}
	fputs(text, f);
	fclose(f);
	return dir;
}

/* A user directory replaces a shipped rule by id and adds its own. */
static void test_user_override(void)
{
	char tmpl[] = "/tmp/parley-boiler-XXXXXX", file[4200];
	/* replace the outlet rule with one that keeps "Financial Post" lines, add a new phrase */
	char *dir = rules_dir_with(tmpl, "boilerplate-local.rules",
		"rule boiler.outlet-line\n  kind boilerplate\n  match ^\\s*Daily Planet\\s*$\nend\n"
		"rule local.promo\n  kind boilerplate\n  action drop\n  match ^Buy the book\\b\nend\n",
		file, sizeof file);
	if (!dir)
		return;
	const char *dirs[] = { rules_dir, dir };
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_boiler *b = pl_boiler_load(dirs, 2, &d);
	CHECK(b != NULL);
	CHECK_INT(d.nerrors, 0);
	struct pl_article a = { 0 };
	a.body = pl_strdup("Financial Post\n\nDaily Planet\n\nBuy the book now\n\nThe talks ended.");
	a.body_len = strlen(a.body);
	CHECK_INT(pl_boiler_apply(b, &a), 2);
	CHECK_STR(a.body, "Financial Post\n\nThe talks ended.");
	pl_article_free(&a);
	pl_boiler_destroy(b);
	pl_diags_finish(&d);
	remove(file);
	rmdir(dir);
}

/* Bad attribute values are load errors, and the filter is not used. */
static void test_bad_attributes(void)
{
	char tmpl[] = "/tmp/parley-boiler-XXXXXX", file[4200];
	char *dir = rules_dir_with(tmpl, "boilerplate.rules",
		"attribute heading\nrule x\n  kind boilerplate\n  scope page\n  action hide\n"
		"  max-length many\n  context before\n  heading maybe\n  match x\nend\n", file, sizeof file);
	if (!dir)
		return;
	const char *dirs[] = { dir };
	struct pl_diags d;
	pl_diags_init(&d);
	CHECK(pl_boiler_load(dirs, 1, &d) == NULL);
	CHECK_INT(d.nerrors, 5);
	struct pl_buf out = PL_BUF_INIT;
	for (size_t i = 0; i < d.n; i++)
		pl_buf_printf(&out, "%s\n", d.v[i].msg);
	CHECK_STR(out.p, "rule 'x': scope must be 'line' or 'paragraph', not 'page'\n"
			 "rule 'x': action must be 'drop' or 'caption', not 'hide'\n"
			 "rule 'x': max-length must be a positive number, not 'many'\n"
			 "rule 'x': context must be 'after-drop' or 'after-heading', not 'before'\n"
			 "rule 'x': heading must be 'no' or 'yes', not 'maybe'\n");
	pl_buf_free(&out);
	pl_diags_finish(&d);
	remove(file);
	rmdir(dir);
}

int main(void)
{
	const char *src = getenv("PARLEY_SRC");
	rules_dir = getenv("PARLEY_RULES_DIR");
	if (!src || !rules_dir)
		SKIP("PARLEY_SRC and PARLEY_RULES_DIR must be set (meson test sets them)");
	snprintf(fixdir, sizeof fixdir, "%s/tests/rules/fixtures/boiler", src);
	struct pl_diags d;
	pl_diags_init(&d);
	const char *dirs[] = { rules_dir };
	struct pl_boiler *b = pl_boiler_load(dirs, 1, &d);
	CHECK(b != NULL);
	if (b) {
		char **names;
		size_t n = golden_list(fixdir, ".txt", &names);
		CHECK(n >= 2);
		for (size_t i = 0; i < n; i++) {
			run_case(b, names[i]);
			free(names[i]);
		}
		free(names);
	}
	pl_boiler_destroy(b);
	pl_diags_finish(&d);
	RUN(test_examples);
	RUN(test_user_override);
	RUN(test_bad_attributes);
	return check_done();
}
