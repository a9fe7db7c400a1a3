/* fuzz_rules.c - the rule engine on arbitrary rule text: parsing, list and macro
 * expansion, PCRE2 compilation, overlap resolution, value templates, examples
 * and the diagnostics printer.
 *
 * pl_rules_load_text reads the input as one rules file; every kind that
 * compiled is matched (with low PCRE2 limits so runaway patterns stop fast)
 * against a fixed news sentence and against the rule text itself; each match
 * expands its rule's value template; the examples run; every diagnostic is
 * formatted with line:col and caret.  Matches must lie inside the subject,
 * sorted by start, with captures inside it. */
#include "fuzz.h"

#include "parley/rules.h"

#include <string.h>

static const char subject[] =
	"BERLIN, Dec. 15, 2025 (Meridian Wire) - Foreign ministers met on Monday in Berlin "
	"and agreed to resume talks next week; 2,000 troops left on 3 March 2024, "
	"five hours later. \xC2\xAB\xC3\xA9t\xC3\xA9\xC2\xBB \xE2\x80\x94 Kyiv said.";

static void match_kind(struct pl_matcher *m, const struct pl_ruleset *rs, const char *kind,
		       const char *s, size_t n, struct pl_diags *d)
{
	struct pl_match *mt = NULL;
	long k = pl_match_all(m, kind, s, n, &mt, d);
	FUZZ_CHECK(k >= 0, "pl_match_all failed");
	struct pl_buf v = PL_BUF_INIT;
	for (long i = 0; i < k; i++) {
		FUZZ_CHECK(mt[i].start <= mt[i].end && mt[i].end <= n, "match %ld [%zu,%zu) of %zu", i,
			   mt[i].start, mt[i].end, n);
		FUZZ_CHECK(i == 0 || mt[i - 1].start <= mt[i].start, "matches not sorted");
		FUZZ_CHECK(mt[i].ncap >= 0 && mt[i].ncap <= PL_MAX_CAPTURES, "ncap %d", mt[i].ncap);
		FUZZ_CHECK(!pl_rule_is_veto(mt[i].rule), "a veto's match was reported");
		for (int c = 0; c < mt[i].ncap; c++) {
			const struct pl_capture *cp = &mt[i].cap[c];
			FUZZ_CHECK((cp->start == SIZE_MAX && cp->end == SIZE_MAX) ||
					   (cp->start <= cp->end && cp->end <= n),
				   "capture %d [%zu,%zu) of %zu", c, cp->start, cp->end, n);
		}
		const char *tmpl = pl_rule_attr(mt[i].rule, "value");
		if (tmpl) {
			pl_buf_reset(&v);
			(void)pl_rule_expand(rs, &mt[i], tmpl, s, &v);
			FUZZ_CHECK(!v.oom, "expand oom");
		}
	}
	pl_buf_free(&v);
	free(mt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > (1u << 16))
		return 0; /* rule files are small; big inputs only slow the search down */
	const char *text = (const char *)data;
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_ruleset *rs = pl_rules_load_text("fuzz.rules", text, size, &d);
	if (rs) {
		struct pl_matcher *m = pl_matcher_create(rs);
		FUZZ_CHECK(m != NULL, "no matcher");
		pl_matcher_set_limits(m, 20000, 1000);
		const char *kind;
		/* the rule text itself is a subject only when it is UTF-8 (patterns are UTF mode) */
		bool text_ok = pl_utf8_valid(text, size);
		for (size_t i = 0; (kind = pl_rules_kind_at(rs, i)) != NULL; i++) {
			const struct pl_rule *const *rules;
			size_t nr = pl_rules_of_kind(rs, kind, &rules);
			for (size_t r = 0; r < nr; r++) {
				FUZZ_CHECK(pl_rule_id(rules[r]) != NULL, "rule without id");
				FUZZ_CHECK(pl_rule_offset(rules[r]) <= size, "rule offset past the file");
				if (r > 0)
					FUZZ_CHECK(pl_rule_priority(rules[r - 1]) >=
							   pl_rule_priority(rules[r]),
						   "rules of '%s' not in priority order", kind);
			}
			match_kind(m, rs, kind, subject, sizeof subject - 1, &d);
			if (text_ok)
				match_kind(m, rs, kind, text, size, &d);
		}
		(void)pl_rules_list_lookup(rs, "MONTH", "Dec", 3);
		long nfailed = 0;
		long nrun = pl_rules_test(rs, NULL, NULL, NULL, &nfailed, &d);
		FUZZ_CHECK(nrun >= 0 && nfailed >= 0 && nfailed <= nrun, "examples %ld failed of %ld",
			   nfailed, nrun);
		pl_matcher_destroy(m);
		pl_rules_destroy(rs);
	}
	for (size_t i = 0; i < d.n; i++) {
		const struct pl_diag *g = &d.v[i];
		if (g->has_pos && g->file && strcmp(g->file, "fuzz.rules") == 0)
			FUZZ_CHECK(g->offset <= size, "diagnostic at %zu past the file (%zu)", g->offset,
				   size);
		struct pl_buf b = PL_BUF_INIT;
		pl_diag_format(&d, g, &b);
		FUZZ_CHECK(!b.oom, "diag format oom");
		pl_buf_free(&b);
	}
	pl_diags_finish(&d);
	return 0;
}
