/* test_sentences.c - paragraph and sentence splitting (fixtures/sentences.cases). */
#include "parley/ingest.h"
#include "golden.h"

/* One sentence per line, a blank line where a new paragraph starts; also
 * checks the invariants every caller relies on. */
static void split_case(const char *in, size_t n, struct pl_buf *out)
{
	struct pl_range *para = NULL, *sent = NULL;
	long np = pl_paragraphs(in, n, &para);
	long ns = pl_sentences(in, n, &sent);
	CHECK(np >= 0 && ns >= 0);
	long p = 0;
	for (long i = 0; i < ns; i++) {
		struct pl_range s = sent[i];
		/* inside one paragraph, in order, trimmed */
		while (p < np && para[p].end <= s.start)
			p++;
		bool inside = p < np && para[p].start <= s.start && s.end <= para[p].end;
		CHECK(inside);
		CHECK(i == 0 || sent[i - 1].end <= s.start);
		CHECK(s.end > s.start && in[s.start] != ' ' && in[s.end - 1] != ' ');
		if (i > 0 && p < np && sent[i - 1].end <= para[p].start)
			pl_buf_putc(out, '\n');
		for (size_t k = s.start; k < s.end; k++) {
			if (in[k] == '\n')
				pl_buf_puts(out, "\\n"); /* never expected: shows a bug plainly */
			else
				pl_buf_putc(out, in[k]);
		}
		pl_buf_putc(out, '\n');
	}
	free(para);
	free(sent);
}

static void test_golden(void)
{
	golden_run("sentences.cases", split_case);
}

static void test_paragraphs(void)
{
	const char body[] = "  First para\nline two. \n\n \t \nSecond.\r\n\r\nThird\n\n\n";
	struct pl_range *r = NULL;
	long n = pl_paragraphs(body, sizeof body - 1, &r);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(r[0].start, 2);
		CHECK(memcmp(body + r[0].start, "First para\nline two.", r[0].end - r[0].start) == 0);
		CHECK(memcmp(body + r[1].start, "Second.", r[1].end - r[1].start) == 0);
		CHECK(memcmp(body + r[2].start, "Third", r[2].end - r[2].start) == 0);
	}
	free(r);
	CHECK_INT(pl_paragraphs("", 0, &r), 0);
	free(r);
	CHECK_INT(pl_sentences(" \n\n ", 4, &r), 0);
	free(r);
}

/* pl_range_find: inside, on both edges, in the gaps, before and after. */
static void test_range_find(void)
{
	const struct pl_range v[] = { { 2, 5 }, { 7, 9 }, { 9, 12 } };
	const size_t want_at[] = { 0, 1, 2, 4, 5, 6, 7, 8, 9, 11, 12, 40 };
	const long want[] = { -1, -1, 0, 0, -1, -1, 1, 1, 2, 2, -1, -1 };
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		CHECK_INT(pl_range_find(v, 3, want_at[i]), want[i]);
	CHECK_INT(pl_range_find(v, 0, 3), -1);
	CHECK_INT(pl_range_find(NULL, 0, 0), -1);
}

int main(void)
{
	RUN(test_golden);
	RUN(test_paragraphs);
	RUN(test_range_find);
	return check_done();
}
