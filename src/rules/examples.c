/* examples.c - run the `example` lines of rule files: each example text goes
 * through the whole rule set of its kind (so priorities and vetoes count) and
 * must yield the expected match of its rule, and the expected value. */
#include "rules_impl.h"

#include <stdlib.h>
#include <string.h>

const char *pl_rules_example_context(const struct pl_ruleset *rs)
{
	return rs ? rs->example_ctx : NULL;
}

/* The value of match mt as the stage computes it (value_fn) or as the rule's
 * `value` template expands.  On failure `val` holds "(no value: reason)". */
static void match_value(const struct pl_ruleset *rs, const struct pl_match *mt, const char *text,
			pl_example_value_fn value_fn, void *ud, struct pl_buf *val)
{
	pl_buf_reset(val);
	if (value_fn) {
		struct pl_buf tmp = PL_BUF_INIT;
		if (!value_fn(rs, mt, text, strlen(text), &tmp, ud))
			pl_buf_printf(val, "(no value: %s)", tmp.p ? tmp.p : "");
		else
			pl_buf_append(val, tmp.p ? tmp.p : "", tmp.len);
		pl_buf_free(&tmp);
		return;
	}
	const char *tmpl = pl_rule_attr(mt->rule, "value");
	if (!tmpl) {
		pl_buf_puts(val, "(no value: the rule has no 'value')");
		return;
	}
	struct pl_buf tmp = PL_BUF_INIT;
	if (pl_rule_expand(rs, mt, tmpl, text, &tmp))
		pl_buf_append(val, tmp.p ? tmp.p : "", tmp.len);
	else
		pl_buf_printf(val, "(no value: %s)", tmp.p ? tmp.p : "");
	pl_buf_free(&tmp);
}

static bool text_is(const struct pl_match *mt, const char *text, const char *want)
{
	size_t n = strlen(want);
	return mt->end - mt->start == n && memcmp(text + mt->start, want, n) == 0;
}

/* Run one example; false (after a diagnostic) when it fails. */
static bool run_example(const struct pl_ruleset *rs, struct pl_matcher *m, const struct pl_rule *r,
			const struct rexample *ex, pl_example_value_fn value_fn, void *ud,
			struct pl_diags *d)
{
	const char *path = rules_diag_file(rs, r->file, d);
	const char *text = ex->text;
	size_t len = strlen(text);
	struct pl_match *mv = NULL;
	struct pl_buf val = PL_BUF_INIT;
	long n = r->veto ? rules_scan_rule(m, r, text, len, &mv, d)
			 : pl_match_all(m, r->kind, text, len, &mv, d);
	bool ok = false;
	if (n < 0) {
		pl_error_at(d, path, ex->off, 0, "example failed: out of memory");
		goto out;
	}
	if (!ex->expect) {
		ok = n == 0;
		if (!ok)
			pl_error_at(d, path, ex->off, 0, "example failed: expected no match, got \"%.*s\" (rule %s)",
				    (int)(mv[0].end - mv[0].start), text + mv[0].start, mv[0].rule->id);
		goto out;
	}
	const struct pl_match *hit = NULL, *other = NULL;
	const char *at = strstr(text, ex->expect);
	size_t es = at ? (size_t)(at - text) : 0, ee = es + strlen(ex->expect);
	for (long i = 0; i < n; i++) {
		if (mv[i].rule == r && text_is(&mv[i], text, ex->expect) && !hit)
			hit = &mv[i];
		if (!other && mv[i].start < ee && es < mv[i].end)
			other = &mv[i]; /* what took the expected place instead */
	}
	if (!other)
		for (long i = 0; i < n && !other; i++)
			if (mv[i].rule == r)
				other = &mv[i];
	if (!hit) {
		if (!other)
			pl_error_at(d, path, ex->off, 0, "example failed: expected \"%s\", got no match",
				    ex->expect);
		else if (other->rule == r)
			pl_error_at(d, path, ex->off, 0, "example failed: expected \"%s\", got \"%.*s\"",
				    ex->expect, (int)(other->end - other->start), text + other->start);
		else
			pl_error_at(d, path, ex->off, 0,
				    "example failed: expected \"%s\", got \"%.*s\" (rule %s)", ex->expect,
				    (int)(other->end - other->start), text + other->start, other->rule->id);
		goto out;
	}
	if (!ex->value || r->veto) {
		ok = true;
		goto out;
	}
	match_value(rs, hit, text, value_fn, ud, &val);
	ok = val.p && strcmp(val.p, ex->value) == 0;
	if (!ok)
		pl_error_at(d, path, ex->off, 0, "example failed: expected \"%s\" = %s, got \"%s\" = %s",
			    ex->expect, ex->value, ex->expect, val.p ? val.p : "");
out:
	pl_buf_free(&val);
	free(mv);
	return ok;
}

long pl_rules_test(const struct pl_ruleset *rs, const char *kind, pl_example_value_fn value_fn,
		   void *ud, long *nfailed, struct pl_diags *d)
{
	long run = 0, failed = 0;
	struct pl_matcher *m = pl_matcher_create(rs);
	/* The context is published through the (otherwise read-only) set for
	 * value_fn; the set was malloc'd, so writing this one field is sound. */
	struct pl_ruleset *mut = (struct pl_ruleset *)rs;
	if (!m) {
		pl_error(d, NULL, "out of memory running examples");
		if (nfailed)
			*nfailed = 0;
		return -1;
	}
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct pl_rule *r = &rs->rules[i];
		if (r->dead || r->broken || !r->code || (kind && strcmp(kind, r->kind) != 0))
			continue;
		for (size_t e = 0; e < r->nex; e++) {
			mut->example_ctx = r->ex[e].ctx;
			run++;
			if (!run_example(rs, m, r, &r->ex[e], value_fn, ud, d))
				failed++;
		}
	}
	mut->example_ctx = NULL;
	pl_matcher_destroy(m);
	if (nfailed)
		*nfailed = failed;
	return run;
}
