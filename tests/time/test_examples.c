/* test_examples.c - run every `example` line of rules/time*.rules (with the
 * tagger computing the values) and check that the rule files load cleanly. */
#include "parley/time.h"

#include "../check.h"

#include <stdlib.h>

static struct pl_ruleset *rs;
static struct pl_tagger *tg;

static void print_diags(const struct pl_diags *d)
{
	struct pl_buf b = PL_BUF_INIT;
	for (size_t i = 0; i < d->n; i++) {
		pl_buf_reset(&b);
		pl_diag_format(d, &d->v[i], &b);
		if (b.p)
			fputs(b.p, stderr);
	}
	pl_buf_free(&b);
}

static void test_load(void)
{
	const char *dir = getenv("PARLEY_RULES_DIR");
	static const char *const prefixes[] = { "common", "time" };
	struct pl_diags d;
	pl_diags_init(&d);
	rs = pl_rules_load_prefixed(dir ? dir : "rules", NULL, 0, prefixes, 2, &d);
	print_diags(&d);
	CHECK(rs != NULL);
	CHECK_INT(d.nerrors, 0);
	pl_diags_finish(&d);
	if (rs)
		tg = pl_tagger_create(rs);
	CHECK(tg != NULL);
}

/* Every kind the time stage uses, each with at least one example. */
static void test_kind(const char *kind, bool timex_values)
{
	struct pl_diags d;
	pl_diags_init(&d);
	long failed = 0;
	long n = pl_rules_test(rs, kind, timex_values ? pl_timex_example_value : NULL, tg, &failed, &d);
	print_diags(&d);
	fprintf(stderr, "%s: %ld examples, %ld failed\n", kind, n, failed);
	CHECK(n > 0);
	CHECK_INT(failed, 0);
	pl_diags_finish(&d);
}

static void test_timex(void) { test_kind("timex", true); }
static void test_tense(void) { test_kind("tense", false); }
static void test_before(void) { test_kind("timex-before", false); }

int main(void)
{
	RUN(test_load);
	if (!rs || !tg)
		return check_done();
	RUN(test_timex);
	RUN(test_tense);
	RUN(test_before);
	pl_tagger_destroy(tg);
	pl_rules_destroy(rs);
	return check_done();
}
