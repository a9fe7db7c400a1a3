/* fuzz_sentences.c - the sentence and paragraph splitters on arbitrary UTF-8
 * text, with their offset invariants asserted.
 *
 * Input that is not UTF-8 is cut to its valid prefix (bodies are UTF-8 after
 * ingest).  Paragraphs: inside the text, sorted, disjoint, never empty.
 * Sentences: inside the text, sorted, disjoint, non-empty, no surrounding
 * whitespace, on character boundaries, never crossing a blank line, and all
 * non-blank text (blank: ASCII white space and U+00A0) is in some paragraph. */
#include "fuzz.h"

#include "parley/ingest.h"

#include <string.h>

static bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* A blank line inside [a, b): "\n", optional blanks, "\n". */
static bool has_blank_line(const char *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		if (s[i] != '\n')
			continue;
		size_t j = i + 1;
		while (j < b && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
			j++;
		if (j < b && s[j] == '\n')
			return true;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > (1u << 20))
		return 0;
	const char *s = (const char *)data;
	size_t n = pl_utf8_valid_prefix(s, size);
	struct pl_range *p = NULL, *r = NULL;

	long np = pl_paragraphs(s, n, &p);
	FUZZ_CHECK(np >= 0, "pl_paragraphs failed");
	for (long i = 0; i < np; i++) {
		FUZZ_CHECK(p[i].start < p[i].end && p[i].end <= n, "paragraph %ld [%zu,%zu) of %zu", i,
			   p[i].start, p[i].end, n);
		FUZZ_CHECK(i == 0 || p[i - 1].end <= p[i].start, "paragraph %ld overlaps", i);
		FUZZ_CHECK(fuzz_on_boundary(s, n, p[i].start) && fuzz_on_boundary(s, n, p[i].end),
			   "paragraph %ld splits a character", i);
	}

	long ns = pl_sentences(s, n, &r);
	FUZZ_CHECK(ns >= 0, "pl_sentences failed");
	for (long i = 0; i < ns; i++) {
		size_t a = r[i].start, b = r[i].end;
		FUZZ_CHECK(a < b && b <= n, "sentence %ld [%zu,%zu) of %zu", i, a, b, n);
		FUZZ_CHECK(i == 0 || r[i - 1].end <= a, "sentence %ld overlaps the one before", i);
		FUZZ_CHECK(!is_ws((unsigned char)s[a]) && !is_ws((unsigned char)s[b - 1]),
			   "sentence %ld [%zu,%zu) has surrounding whitespace", i, a, b);
		FUZZ_CHECK(fuzz_on_boundary(s, n, a) && fuzz_on_boundary(s, n, b), "sentence %ld splits a character",
			   i);
		FUZZ_CHECK(!has_blank_line(s, a, b), "sentence %ld [%zu,%zu) crosses a blank line", i,
			   a, b);
	}
	/* every non-whitespace byte lies in some paragraph */
	long pi = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_ws((unsigned char)s[i]))
			continue;
		if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
			i++; /* U+00A0 is trimmed like a space */
			continue;
		}
		while (pi < np && p[pi].end <= i)
			pi++;
		FUZZ_CHECK(pi < np && p[pi].start <= i, "byte %zu (0x%02x) is in no paragraph", i,
			   (unsigned char)s[i]);
	}
	free(p);
	free(r);
	return 0;
}
