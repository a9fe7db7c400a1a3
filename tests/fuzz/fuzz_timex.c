/* fuzz_timex.c - the temporal tagger with the shipped time rules on arbitrary
 * UTF-8 text, against a fixed document creation time (2025-12-15T10:30).
 *
 * Input that is not UTF-8 is cut to its valid prefix (the tagger's contract
 * says valid UTF-8, as ingest guarantees).  The first byte chooses the DCT
 * (day, minute, none) so grounding and the unresolved notation both run.
 * Every expression must lie inside the text on character boundaries, sorted
 * and not overlapping, with a value and a rule id; pl_timex_tag_article with
 * the splitter's sentences must agree on the count. */
#include "fuzz.h"

#include "parley/ingest.h"
#include "parley/time.h"

#include <string.h>

static struct pl_tagger *tagger(void)
{
	static struct pl_ruleset *rs;
	static struct pl_tagger *tg;
	if (!rs) {
		static const char *const prefixes[] = { "common", "time" };
		struct pl_diags d;
		pl_diags_init(&d);
		rs = pl_rules_load_prefixed(fuzz_rules_dir(), NULL, 0, prefixes, 2, &d);
		if (!rs || d.nerrors) {
			fprintf(stderr, "fuzz_timex: cannot load the time rules of %s\n",
				fuzz_rules_dir());
			abort();
		}
		pl_diags_finish(&d);
		tg = pl_tagger_create(rs);
		FUZZ_CHECK(tg != NULL, "no tagger");
	}
	return tg;
}

static void check(const char *s, size_t n, const struct pl_timexes *x)
{
	for (size_t i = 0; i < x->n; i++) {
		const struct pl_timex *t = &x->v[i];
		FUZZ_CHECK(t->start < t->end && t->end <= n, "timex %zu [%zu,%zu) of %zu", i,
			   t->start, t->end, n);
		FUZZ_CHECK(fuzz_on_boundary(s, n, t->start) && fuzz_on_boundary(s, n, t->end),
			   "timex %zu [%zu,%zu) splits a character", i, t->start, t->end);
		FUZZ_CHECK(i == 0 || x->v[i - 1].end <= t->start, "timex %zu overlaps the one before",
			   i);
		FUZZ_CHECK(t->value && *t->value, "timex %zu without value", i);
		FUZZ_CHECK(t->rule_id != NULL, "timex %zu without rule", i);
		FUZZ_CHECK(pl_utf8_valid(t->value, strlen(t->value)), "value not UTF-8");
		FUZZ_CHECK(pl_timex_type_name(t->type) != NULL, "bad type");
		FUZZ_CHECK(pl_timex_anchor_name(t->anchor) != NULL, "bad anchor");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > (1u << 18))
		return 0;
	const char *s = (const char *)data + 1;
	size_t n = pl_utf8_valid_prefix(s, size - 1);
	struct pl_datetime dct;
	const struct pl_datetime *dp = &dct;
	switch (data[0] % 3) {
	case 0: FUZZ_CHECK(pl_timex_parse_dct("2025-12-15", &dct), "dct"); break;
	case 1: FUZZ_CHECK(pl_timex_parse_dct("2025-12-15T10:30", &dct), "dct"); break;
	default: dp = NULL; break;
	}
	struct pl_tagger *tg = tagger();
	struct pl_diags d;
	struct pl_timexes x = { 0 }, y = { 0 };
	pl_diags_init(&d);
	long k = pl_timex_tag(tg, s, n, dp, &x, &d);
	FUZZ_CHECK(k >= 0 && (size_t)k == x.n, "tag returned %ld for %zu", k, x.n);
	check(s, n, &x);
	if (data[0] & 0x80) {
		struct pl_range *sents = NULL;
		long ns = pl_sentences(s, n, &sents);
		FUZZ_CHECK(ns >= 0, "pl_sentences failed");
		long k2 = pl_timex_tag_article(tg, s, n, sents, (size_t)ns, dp, &y, &d);
		FUZZ_CHECK(k2 >= 0 && (size_t)k2 == y.n, "tag_article returned %ld", k2);
		check(s, n, &y);
		free(sents);
	}
	pl_timexes_free(&x);
	pl_timexes_free(&y);
	pl_diags_finish(&d);
	return 0;
}
