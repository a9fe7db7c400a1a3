/* test_prefilter.c - the literal prefilter must never change what matches:
 * random paragraphs made of the words the shipped rules look for (month and
 * weekday names, numbers, units, curly quotes, non-ASCII digits and letters,
 * case-mangled) are matched with the prefilter on and off, for every kind,
 * and the results must be identical.  A fixed seed makes failures repeat. */
#include "parley/rules.h"
#include "rules/rules_impl.h"

#include "../check.h"

static unsigned long long seed = 0xD1B54A32D192ED03ull;

static unsigned rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

static const char *const words[] = {
	"on", "Monday", "last", "Friday", "next", "Thursday", "Dec.", "December", "14", "2025", "1998",
	"the", "second", "day", "five", "hours", "twenty-one", "a", "an", "year", "ago", "earlier",
	"this", "coming", "weekend", "by", "Christmas", "Easter", "from", "January", "to", "March",
	"between", "2014", "and", "2022", "314", "prisoners", "2,000", "troops", "every", "weekly",
	"quarter", "first", "half", "10:30", "a.m.", "p.m.", "12/14/2025", "2025-12-14", "’90s",
	"1990s", "century", "21st", "tonight", "yesterday", "today", "Article", "content",
	"Subscribe", "now", "sign", "in", "newsletter", "“", "”", "\"", ",", ".", "-", "–", "(", ")",
	"\xD9\xA3", /* ARABIC-INDIC DIGIT THREE: \d under UCP */ "\xC3\xA9t\xC3\xA9", "MONDAY", "dEc",
	"KYIV,", "Feb", "5", "(Reuters)", "per", "cent", "%", "times", "once", "twice", "later",
	"Photographer:", "Getty", "Images", "11", "ago", "2", "\n", "\n\n", "  ", "\t",
	/* general punctuation is part of literals (no case): curly quotes, dashes */
	"wonât", "âll", "heâll", "â" "98", "'98", "â",
	"â¦", "â", "will", "said", "ended", "been", "old", "years-old", "No.",
	"$", "1500", "people", "May", "march", "Theresa", "today's", "todayâs", "of",
	/* white space runs are one ' ' to the literal scan: every kind PCRE2's \s takes */
	"the\xC2\xA0next", "day", "that\tday", "the\n\nfollowing", "\xE2\x80\x89", "\xC2\xA0", "\r\n",
	"\xE3\x80\x80", "\xC2\x85", "\v", "\f", "more\xE2\x80\xAFthan", "at least", "a\xE2\x80\x83" "few",
	"from now", "up to", "the day after", "as soon as", "year-end", "soon",
	/* extraction layers: placeholders after articles and titles, which the
	 * prefilter joins ("a PERSON", "the talks") into selective first literals */
	"PERSON", "COUNTRY", "GROUP", "DEMONYM", "ORG", "PLACE", "Person", "a", "the", "his", "their",
	"Mr", "Mr.", "Dr", "Canada", "talks", "discussions", "met", "with", "and", "visited",
	"in", "held", "stern", "warning", "a\tPERSON", "the\xC2\xA0talks", "aPERSON", "-", "–",
};

static void random_text(struct pl_buf *b)
{
	unsigned n = 3 + rnd(40);
	for (unsigned i = 0; i < n; i++) {
		const char *w = words[rnd(sizeof words / sizeof *words)];
		if (i && rnd(5))
			pl_buf_putc(b, ' ');
		pl_buf_puts(b, w);
	}
}

static bool same(const struct pl_match *a, long na, const struct pl_match *b, long nb)
{
	if (na != nb)
		return false;
	for (long i = 0; i < na; i++)
		if (a[i].rule != b[i].rule || a[i].start != b[i].start || a[i].end != b[i].end)
			return false;
	return true;
}

/* Every code point from `from` up, encoded in UTF-8 and matched against
 * `pat` (UTF, UCP, caseless); `agree` says whether the prefilter's own table
 * agrees with PCRE2's answer.  Returns how many matched; *wrong gets the
 * disagreements (the first three are printed). */
static long sweep(const char *pat, uint32_t from, bool (*agree)(const struct pl_buf *b, bool matched),
		  long *wrong)
{
	int err;
	PCRE2_SIZE eoff;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
				      PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &eoff, NULL);
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	long matched = 0;
	*wrong = 0;
	for (uint32_t cp = from; c && md && cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		struct pl_buf b = PL_BUF_INIT;
		pl_utf8_put(&b, cp);
		bool m = b.p && pcre2_match(c, (PCRE2_SPTR)b.p, b.len, 0, 0, md, NULL) > 0;
		matched += m;
		if (b.p && !agree(&b, m) && (*wrong)++ < 3)
			fprintf(stderr, "U+%04X: PCRE2 %s %s, the prefilter's table disagrees\n",
				(unsigned)cp, m ? "matches" : "does not match", pat);
		pl_buf_free(&b);
	}
	pcre2_match_data_free(md);
	pcre2_code_free(c);
	return matched;
}

/* Every non-ASCII character PCRE2 takes for \d starts with a byte of
 * rules_nd_lead (the prefilter relies on it). */
static bool nd_agrees(const struct pl_buf *b, bool matched)
{
	return !matched || memchr(rules_nd_lead, (unsigned char)b->p[0], RULES_ND_LEAD);
}

static void test_nd_lead(void)
{
	long wrong;
	CHECK(sweep("\\d", 0x80, nd_agrees, &wrong) > 0);
	CHECK_INT(wrong, 0);
}

/* rules_space_len knows every character PCRE2 takes for \s under UCP and
 * nothing else (the literal scan reads each run of them as one ' '). */
static bool space_agrees(const struct pl_buf *b, bool matched)
{
	return matched == (rules_space_len((const unsigned char *)b->p, b->len) == b->len);
}

static void test_space_len(void)
{
	long wrong;
	CHECK(sweep("^\\s$", 1, space_agrees, &wrong) > 6);
	CHECK_INT(wrong, 0);
}

/* fixtures/prefilter/cases.rules: every example passes with the prefilter on,
 * and each example's text matches the same with it off. */
static void test_cases(void)
{
	const char *src = getenv("PARLEY_SRC");
	if (!src)
		return;
	struct pl_buf path = PL_BUF_INIT, text = PL_BUF_INIT;
	pl_buf_printf(&path, "%s/tests/rules/fixtures/prefilter/cases.rules", src);
	FILE *f = fopen(path.p, "rb");
	CHECK(f != NULL);
	char chunk[4096];
	size_t k;
	while (f && (k = fread(chunk, 1, sizeof chunk, f)) > 0)
		pl_buf_append(&text, chunk, k);
	if (f)
		fclose(f);
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_ruleset *rs = pl_rules_load_text(path.p, text.p ? text.p : "", text.len, &d);
	CHECK(rs != NULL && pl_rules_count(rs) == 6);
	long failed = -1;
	long ran = rs ? pl_rules_test(rs, NULL, NULL, NULL, &failed, &d) : 0;
	CHECK_INT(ran, 18);
	CHECK_INT(failed, 0);
	for (size_t i = 0; failed && i < d.n; i++) /* which example, and what it got */
		fprintf(stderr, "%s@%zu: %s\n", d.v[i].file ? d.v[i].file : "", d.v[i].offset, d.v[i].msg);
	pl_rules_destroy(rs);
	pl_diags_finish(&d);
	pl_buf_free(&path);
	pl_buf_free(&text);
}

int main(void)
{
	RUN(test_nd_lead);
	RUN(test_space_len);
	RUN(test_cases);
	const char *dir = getenv("PARLEY_RULES_DIR");
	int rounds = getenv("ROUNDS") ? atoi(getenv("ROUNDS")) : 3000;
	if (!dir)
		SKIP("PARLEY_RULES_DIR is not set (meson test sets it)");
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_ruleset *rs = pl_rules_load(dir, NULL, 0, &d);
	CHECK(rs != NULL);
	if (!rs)
		return check_done();
	struct pl_matcher *on = pl_matcher_create(rs), *off = pl_matcher_create(rs);
	rules_matcher_prefilter(off, false);
	long total = 0, diff = 0;
	for (int i = 0; i < rounds; i++) {
		struct pl_buf t = PL_BUF_INIT;
		random_text(&t);
		for (size_t k = 0; pl_rules_kind_at(rs, k); k++) {
			const char *kind = pl_rules_kind_at(rs, k);
			struct pl_match *a = NULL, *b = NULL;
			long na = pl_match_all(on, kind, t.p, t.len, &a, NULL);
			long nb = pl_match_all(off, kind, t.p, t.len, &b, NULL);
			total += na > 0 ? na : 0;
			if (!same(a, na, b, nb)) {
				if (diff++ < 5)
					fprintf(stderr, "kind %s differs (%ld vs %ld matches) on: %s\n", kind, na,
						nb, t.p);
			}
			free(a);
			free(b);
		}
		/* parts of the text (the time tagger's sentences and windows): the
		 * matcher reuses the scan of the whole for those starting at a word
		 * boundary, scans the others again */
		for (int part = 0; part < 4 && t.len > 1; part++) {
			size_t a0 = rnd((unsigned)t.len), a1 = a0 + rnd((unsigned)(t.len - a0) + 1);
			while (a0 < t.len && (t.p[a0] & 0xC0) == 0x80)
				a0++; /* whole characters: a part is valid UTF-8 */
			while (a1 < t.len && (t.p[a1] & 0xC0) == 0x80)
				a1++;
			if (a1 < a0)
				a1 = a0;
			for (size_t k = 0; pl_rules_kind_at(rs, k); k++) {
				const char *kind = pl_rules_kind_at(rs, k);
				struct pl_match *a = NULL, *b = NULL;
				long na = pl_match_all(on, kind, t.p + a0, a1 - a0, &a, NULL);
				long nb = pl_match_all(off, kind, t.p + a0, a1 - a0, &b, NULL);
				total += na > 0 ? na : 0;
				if (!same(a, na, b, nb) && diff++ < 5)
					fprintf(stderr, "kind %s differs on part [%zu, %zu) of: %s\n", kind,
						a0, a1, t.p);
				free(a);
				free(b);
			}
			/* the whole again: its scan is still the last one unless the
			 * part was scanned on its own */
			struct pl_match *w = NULL;
			if (pl_match_all(on, pl_rules_kind_at(rs, 0), t.p, t.len, &w, NULL) < 0)
				diff++;
			free(w);
		}
		pl_buf_free(&t);
	}
	fprintf(stderr, "%d texts, %ld matches, %ld differences\n", rounds, total, diff);
	CHECK(total > 0);
	CHECK_INT(diff, 0);
	pl_matcher_destroy(on);
	pl_matcher_destroy(off);
	pl_rules_destroy(rs);
	pl_diags_finish(&d);
	return check_done();
}
