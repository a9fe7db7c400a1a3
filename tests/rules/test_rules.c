/* test_rules.c - unit tests of the rule engine where golden files do not
 * reach: overlap resolution, vetoes, `not` lines, captures, value templates,
 * list lookup, directory loading and replacement, run-time match limits. */
#include "parley/rules.h"

#include "../check.h"

#include <unistd.h>

static struct pl_ruleset *load(const char *text, struct pl_diags *d)
{
	pl_diags_init(d);
	struct pl_ruleset *rs = pl_rules_load_text("t.rules", text, strlen(text), d);
	if (d->nerrors) {
		struct pl_buf o = PL_BUF_INIT;
		for (size_t i = 0; i < d->n; i++)
			pl_diag_format(d, &d->v[i], &o);
		fprintf(stderr, "%s", o.p ? o.p : "");
		pl_buf_free(&o);
	}
	return rs;
}

/* Matches of `kind` in `s` as "id:text|id:text". */
static char *matches(struct pl_ruleset *rs, const char *kind, const char *s)
{
	struct pl_matcher *m = pl_matcher_create(rs);
	struct pl_match *mv = NULL;
	struct pl_buf out = PL_BUF_INIT;
	long n = pl_match_all(m, kind, s, strlen(s), &mv, NULL);
	for (long i = 0; i < n; i++)
		pl_buf_printf(&out, "%s%s:%.*s", i ? "|" : "", pl_rule_id(mv[i].rule),
			      (int)(mv[i].end - mv[i].start), s + mv[i].start);
	free(mv);
	pl_matcher_destroy(m);
	if (n == 0)
		pl_buf_puts(&out, "");
	return pl_buf_steal(&out);
}

#define CHECK_MATCHES(rs, kind, s, want) do { char *g__ = matches(rs, kind, s); \
	CHECK_STR(g__, want); free(g__); } while (0)

static void test_overlaps(void)
{
	struct pl_diags d;
	struct pl_ruleset *rs = load(
		"rule short\n kind k\n match Dec\\.? \\d+\nend\n"
		"rule long\n kind k\n match Dec\\.? \\d+, \\d{4}\nend\n"
		"rule high\n kind k\n priority 5\n match \\d{4} troops\nend\n"
		"rule other\n kind other\n match Dec\nend\n", &d);
	CHECK_INT(d.nerrors, 0);
	/* longer wins at equal priority; priority beats length; kinds are separate */
	CHECK_MATCHES(rs, "k", "on Dec. 14, 2025 and Dec 3", "long:Dec. 14, 2025|short:Dec 3");
	CHECK_MATCHES(rs, "k", "Dec 2025 troops", "high:2025 troops");
	CHECK_MATCHES(rs, "other", "Dec. 14", "other:Dec");
	CHECK_MATCHES(rs, "nosuchkind", "Dec. 14", "");
	CHECK_INT(pl_rules_count(rs), 4);
	const struct pl_rule *const *v;
	CHECK_INT(pl_rules_of_kind(rs, "k", &v), 3);
	CHECK_STR(pl_rule_id(v[0]), "high"); /* priority order, then file order */
	CHECK_STR(pl_rule_id(v[1]), "short");
	pl_rules_destroy(rs);
	pl_diags_finish(&d);
}

static void test_veto_and_not(void)
{
	struct pl_diags d;
	struct pl_ruleset *rs = load(
		"rule year\n kind t\n match \\b\\d{4}\\b\n not \\b\\d{4}\\s+prisoners\nend\n"
		"rule no-troops\n kind t\n veto\n match [\\d,]+\\s+troops\nend\n"
		"rule word\n kind t\n match \\btroops\\b\nend\n", &d);
	CHECK_INT(d.nerrors, 0);
	CHECK_MATCHES(rs, "t", "in 2014 and 2022", "year:2014|year:2022");
	CHECK_MATCHES(rs, "t", "1000 prisoners in 2019", "year:2019");
	/* the veto cancels every overlapping match of the kind, its own never shows */
	CHECK_MATCHES(rs, "t", "2000 troops in 2019", "year:2019");
	/* vetoes run after the other rules, as far as the last candidate reaches
	 * (match.c): one starting before a candidate it overlaps still counts */
	CHECK_MATCHES(rs, "t", "in 2019, then 300 troops and 400 troops", "year:2019");
	CHECK_MATCHES(rs, "t", "2019 and 300 troops, 2020 and 500 troops", "year:2019|year:2020");
	CHECK_MATCHES(rs, "t", "2019 and 300 troops", "year:2019");
	CHECK_MATCHES(rs, "t", "2019,2020 troops", "");
	CHECK_MATCHES(rs, "t", "2019 and 30", "year:2019");
	pl_rules_destroy(rs);
	pl_diags_finish(&d);
}

static void test_captures_and_values(void)
{
	struct pl_diags d;
	struct pl_ruleset *rs = load(
		"list MONTH\n January = 1\n Sept. = 9\n Sept = 9\n New  Year = 1\nend\n"
		"list NUMBER\n a = 1\n one = 1\n five = 5\n twenty = 20\n hundred = 100\n thousand = 1000\nend\n"
		"define DAY = (?:[12]\\d|3[01]|0?[1-9])\n"
		"rule date\n kind t\n match (?<d>%DAY) (?<m>%MONTH)(?: (?<y>\\d{4}))?\n"
		" value {y|XXXX}-{m:MONTH:02}-{d:03}\nend\n"
		"rule alt\n kind u\n match (?<n>\\d+) days\n match (?<n>%NUMBER(?:-%NUMBER)?) days\n"
		" value P{n:num}D\nend\n"
		"rule case\n kind c\n case sensitive\n match (?<w>[A-Z]+) %MONTH\n value {w:lower}/{w}\nend\n", &d);
	CHECK_INT(d.nerrors, 0);
	struct pl_matcher *m = pl_matcher_create(rs);
	struct pl_match *mv = NULL;
	struct pl_buf v = PL_BUF_INIT;
	const char *s = "on 5 sept 2025 and 14 January";
	long n = pl_match_all(m, "t", s, strlen(s), &mv, NULL);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(mv[0].ncap, 3);
		CHECK(pl_rule_expand(rs, &mv[0], pl_rule_attr(mv[0].rule, "value"), s, &v));
		CHECK_STR(v.p, "2025-09-005");
		pl_buf_reset(&v);
		CHECK(pl_rule_expand(rs, &mv[1], pl_rule_attr(mv[1].rule, "value"), s, &v));
		CHECK_STR(v.p, "XXXX-01-014");
		pl_buf_reset(&v);
		CHECK(!pl_rule_expand(rs, &mv[1], "{y}", s, &v));
		CHECK_STR(v.p, "capture 'y' is not set");
		pl_buf_reset(&v);
		CHECK(!pl_rule_expand(rs, &mv[1], "{d:MONTH}", s, &v));
		CHECK_STR(v.p, "'14' is not in list MONTH");
		pl_buf_reset(&v);
		CHECK(pl_rule_expand(rs, &mv[1], "{{{d}}}", s, &v));
		CHECK_STR(v.p, "{14}");
	}
	free(mv);
	/* number words through list NUMBER; several `match` lines share capture names */
	const char *u = "for twenty-five days, then 12 days, then a hundred days";
	n = pl_match_all(m, "u", u, strlen(u), &mv, NULL);
	CHECK_INT(n, 3);
	const char *want[] = { "P25D", "P12D", "P100D" };
	for (long i = 0; i < n && i < 3; i++) {
		pl_buf_reset(&v);
		CHECK(pl_rule_expand(rs, &mv[i], pl_rule_attr(mv[i].rule, "value"), u, &v));
		CHECK_STR(v.p, want[i]);
	}
	free(mv);
	/* a case-sensitive rule still matches list entries in any case */
	const char *c = "NATO january, nato January";
	n = pl_match_all(m, "c", c, strlen(c), &mv, NULL);
	CHECK_INT(n, 1);
	if (n == 1) {
		pl_buf_reset(&v);
		CHECK(pl_rule_expand(rs, &mv[0], pl_rule_attr(mv[0].rule, "value"), c, &v));
		CHECK_STR(v.p, "nato/NATO");
	}
	free(mv);
	/* list lookup: case-insensitive, whitespace folded, value or the entry itself */
	CHECK_STR(pl_rules_list_lookup(rs, "MONTH", "SEPT.", 5), "9");
	CHECK_STR(pl_rules_list_lookup(rs, "MONTH", "new\n year", 9), "1");
	CHECK(pl_rules_list_lookup(rs, "MONTH", "Sep", 3) == NULL);
	CHECK(pl_rules_list_lookup(rs, "NOLIST", "a", 1) == NULL);
	pl_buf_free(&v);
	pl_matcher_destroy(m);
	pl_rules_destroy(rs);
	pl_diags_finish(&d);
}

/* A pattern with catastrophic backtracking hits the match limit: a warning
 * naming the rule, and the other rules still match. */
static void test_match_limit(void)
{
	struct pl_diags d;
	struct pl_ruleset *rs = load("rule slow\n kind t\n match ^(a+)+$\nend\n"
				     "rule fine\n kind t\n match b\nend\n", &d);
	struct pl_matcher *m = pl_matcher_create(rs);
	pl_matcher_set_limits(m, 10000, 1000);
	char s[64];
	memset(s, 'a', 40);
	strcpy(s + 40, "!b");
	struct pl_match *mv = NULL;
	long n = pl_match_all(m, "t", s, strlen(s), &mv, &d);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(pl_rule_id(mv[0].rule), "fine");
	CHECK_INT(d.nerrors, 0);
	CHECK_INT(d.n, 1);
	if (d.n == 1) {
		CHECK(d.v[0].severity == PL_WARNING);
		CHECK_STR(d.v[0].msg, "rule 'slow' hit the match limit at byte 0; its matches in this text are dropped");
	}
	free(mv);
	pl_matcher_destroy(m);
	pl_rules_destroy(rs);
	pl_diags_finish(&d);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void remove_file(const char *dir, const char *name)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	remove(path);
}

/* Shipped dir then user dir: same id replaces, same list name replaces, files
 * in name order, lists usable across files, prefix filter. */
static void test_dirs(void)
{
	char t1[] = "/tmp/parley-rules-XXXXXX", t2[] = "/tmp/parley-rules-XXXXXX";
	char *shipped = mkdtemp(t1), *user = mkdtemp(t2);
	CHECK(shipped && user);
	if (!shipped || !user)
		return;
	write_file(shipped, "b-rules.rules", "rule r.one\n kind k\n match %WORD\nend\n"
					     "rule r.two\n kind k\n match two\nend\n");
	write_file(shipped, "a-lists.rules", "list WORD\n one\nend\n");
	write_file(shipped, "notes.txt", "not a rules file\n");
	write_file(user, "mine.rules", "list WORD\n uno\nend\n"
				       "rule r.two\n kind k\n match dos\nend\n");
	struct pl_diags d;
	pl_diags_init(&d);
	const char *users[] = { user };
	struct pl_ruleset *rs = pl_rules_load(shipped, users, 1, &d);
	CHECK_INT(d.nerrors, 0);
	CHECK_INT(pl_rules_count(rs), 2);
	CHECK_MATCHES(rs, "k", "one two uno dos", "r.one:uno|r.two:dos");
	pl_rules_destroy(rs);
	const char *pre[] = { "a-" };
	rs = pl_rules_load_prefixed(shipped, NULL, 0, pre, 1, &d);
	CHECK_INT(pl_rules_count(rs), 0);
	CHECK_STR(pl_rules_list_lookup(rs, "WORD", "ONE", 3), "one");
	pl_rules_destroy(rs);
	/* an unreadable directory is an error naming it; nothing loaded -> NULL */
	const char *missing[] = { "/nonexistent/parley-rules" };
	rs = pl_rules_load(NULL, missing, 1, &d);
	CHECK(rs == NULL);
	CHECK_INT(d.nerrors, 1);
	if (d.n)
		CHECK_STR(d.v[d.n - 1].msg, "cannot open rules directory: No such file or directory");
	pl_diags_finish(&d);
	remove_file(shipped, "b-rules.rules");
	remove_file(shipped, "a-lists.rules");
	remove_file(shipped, "notes.txt");
	remove_file(user, "mine.rules");
	rmdir(shipped);
	rmdir(user);
}

/* value_fn and the @context of examples. */
static bool ctx_value(const struct pl_ruleset *rs, const struct pl_match *mt, const char *subject,
		      size_t len, struct pl_buf *value, void *ud)
{
	int *calls = ud;
	const char *ctx = pl_rules_example_context(rs);
	(*calls)++;
	pl_buf_printf(value, "%s+%.*s", ctx ? ctx : "none", (int)(mt->end - mt->start),
		      subject + mt->start);
	return len > 0;
}

static void test_examples_value_fn(void)
{
	struct pl_diags d;
	struct pl_ruleset *rs = load("rule w\n kind t\n match Monday\n"
				     " example @2025-12-15 \"on Monday\" -> \"Monday\" = 2025-12-15+Monday\n"
				     " example \"Monday\" -> \"Monday\" = none+Monday\n"
				     " example \"Monday\" -> \"Monday\" = \"wrong value\"\nend\n", &d);
	int calls = 0;
	long failed = 0;
	CHECK_INT(pl_rules_test(rs, "t", ctx_value, &calls, &failed, &d), 3);
	CHECK_INT(failed, 1);
	CHECK_INT(calls, 3);
	CHECK(pl_rules_example_context(rs) == NULL);
	CHECK_INT(d.nerrors, 1);
	if (d.n)
		CHECK_STR(d.v[d.n - 1].msg,
			  "example failed: expected \"Monday\" = wrong value, got \"Monday\" = none+Monday");
	CHECK_INT(pl_rules_test(rs, "other-kind", ctx_value, &calls, &failed, &d), 0);
	pl_rules_destroy(rs);
	pl_diags_finish(&d);
}

int main(void)
{
	RUN(test_overlaps);
	RUN(test_veto_and_not);
	RUN(test_captures_and_values);
	RUN(test_match_limit);
	RUN(test_dirs);
	RUN(test_examples_value_fn);
	return check_done();
}
