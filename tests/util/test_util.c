/* test_util.c - buffers, JSON escaping, UTF-8, diagnostics formatting, arenas, growth. */
#include "parley/util.h"
#include "../check.h"

static void test_buf(void)
{
	struct pl_buf b = PL_BUF_INIT;
	pl_buf_puts(&b, "abc");
	pl_buf_printf(&b, "-%d-", 42);
	pl_buf_putc(&b, 'z');
	CHECK_STR(b.p, "abc-42-z");
	CHECK_INT(b.len, 8);
	char *s = pl_buf_steal(&b);
	CHECK_STR(s, "abc-42-z");
	CHECK(b.p == NULL && b.len == 0);
	free(s);
	s = pl_buf_steal(&b); /* empty healthy buffer gives "" not NULL */
	CHECK_STR(s, "");
	free(s);
}

static void test_json(void)
{
	struct pl_buf b = PL_BUF_INIT;
	const char in[] = "a\"b\\c\n\x01</script>\xc3\xa9";
	pl_buf_json_str(&b, in, sizeof in - 1);
	CHECK_STR(b.p, "\"a\\\"b\\\\c\\n\\u0001</script>\xc3\xa9\"");
	pl_buf_reset(&b);
	const char *v[] = { "x", NULL, "q\"" };
	pl_buf_json_strv(&b, v, 3);
	pl_buf_json_strv(&b, v, 0);
	CHECK_STR(b.p, "[\"x\",\"\",\"q\\\"\"][]");
	pl_buf_free(&b);
}

static void test_utf8(void)
{
	CHECK(pl_utf8_valid("h\xc3\xa9llo", 6));
	CHECK(!pl_utf8_valid("\xc3", 1));          /* truncated */
	CHECK(!pl_utf8_valid("\xc0\xaf", 2));      /* overlong */
	CHECK(!pl_utf8_valid("\xed\xa0\x80", 3));  /* surrogate */
	CHECK_INT(pl_utf8_valid_prefix("ab\xff", 3), 2);
	uint32_t cp;
	CHECK_INT(pl_utf8_decode("\xe2\x80\x99", 3, &cp), 3);
	CHECK_INT(cp, 0x2019);
	struct pl_buf b = PL_BUF_INIT;
	pl_utf8_put(&b, 0x0417); /* З */
	pl_utf8_put(&b, 0x1F600);
	CHECK_STR(b.p, "\xd0\x97\xf0\x9f\x98\x80");
	CHECK_INT(pl_utf8_count(b.p, b.len), 2);
	CHECK_INT(pl_utf8_count("", 0), 0);
	CHECK(pl_utf8_is_cont(b.p[1]) && !pl_utf8_is_cont(b.p[2]) && !pl_utf8_is_cont('a'));
	pl_buf_free(&b);
}

static void test_diag(void)
{
	struct pl_diags d;
	pl_diags_init(&d);
	const char src[] = "rule a\n  match (abc\nend\n";
	pl_diags_source(&d, "rules/x.rules", src, sizeof src - 1);
	pl_error_at(&d, "rules/x.rules", 15, 4, "missing closing parenthesis");
	pl_error(&d, "in.txt", "cannot open: No such file or directory");
	CHECK_INT(d.nerrors, 2);
	struct pl_buf b = PL_BUF_INIT;
	pl_diag_format(&d, &d.v[0], &b);
	CHECK_STR(b.p, "rules/x.rules:2:9: error: missing closing parenthesis\n"
		       "      match (abc\n"
		       "            ^~~~\n");
	pl_buf_reset(&b);
	pl_diag_format(&d, &d.v[1], &b);
	CHECK_STR(b.p, "in.txt: error: cannot open: No such file or directory\n");
	pl_buf_free(&b);
	pl_diags_finish(&d);
}

static void test_arena(void)
{
	struct pl_arena *a = pl_arena_create(64);
	char *p = pl_arena_strndup(a, "hello", 5);
	CHECK_STR(p, "hello");
	void *big = pl_arena_alloc(a, 1000); /* larger than a block */
	CHECK(big != NULL && ((size_t)big & 15) == 0);
	pl_arena_clear(a);
	CHECK(pl_arena_alloc(a, 8) != NULL);
	pl_arena_destroy(a);
	pl_arena_destroy(NULL);
}

/* pl_grow: doubles from 8, keeps contents, refuses a size that overflows. */
static void test_grow(void)
{
	int *v = NULL;
	size_t n = 0, cap = 0;
	for (int i = 0; i < 100; i++) {
		if (!pl_grow(&v, &cap, n, sizeof *v))
			break;
		v[n++] = i;
	}
	CHECK_INT(n, 100);
	CHECK_INT(cap, 128);
	CHECK(v && v[0] == 0 && v[99] == 99);
	int *before = v;
	CHECK(pl_grow(&v, &cap, 5, sizeof *v) && v == before); /* room already */
	size_t huge = (size_t)-1 / 4;
	CHECK(!pl_grow(&v, &huge, huge, 4) && v == before && huge == (size_t)-1 / 4);
	free(v);
}

/* Only errors count in nerrors; a file may be NULL; finish empties the list. */
static void test_diag_counts(void)
{
	struct pl_diags d;
	pl_diags_init(&d);
	pl_diags_add(&d, PL_WARNING, "f", false, 0, 0, "w");
	pl_diags_add(&d, PL_NOTE, NULL, false, 0, 0, "n");
	CHECK_INT(d.nerrors, 0);
	CHECK_INT(d.n, 2);
	CHECK(d.v[1].file == NULL);
	pl_diags_finish(&d);
	CHECK(d.n == 0 && d.v == NULL);
}

int main(void)
{
	RUN(test_buf);
	RUN(test_json);
	RUN(test_utf8);
	RUN(test_diag);
	RUN(test_arena);
	RUN(test_grow);
	RUN(test_diag_counts);
	return check_done();
}
