/* test_json.c - the JSON reader: golden cases (fixtures/json.cases) and hostile input. */
#include "parley/json.h"
#include "golden.h"

#include <math.h>

/* Canonical compact form of a tree: what the golden file expects. */
static void dump(const struct pl_json *j, struct pl_buf *out)
{
	switch (j->type) {
	case PL_JSON_NULL: pl_buf_puts(out, "null"); break;
	case PL_JSON_BOOL: pl_buf_puts(out, j->b ? "true" : "false"); break;
	case PL_JSON_NUMBER:
		if (isinf(j->num))
			pl_buf_puts(out, j->num > 0 ? "inf" : "-inf");
		else
			pl_buf_printf(out, "%.17g", j->num);
		break;
	case PL_JSON_STRING: pl_buf_json_str(out, j->str, j->len); break;
	case PL_JSON_ARRAY:
		pl_buf_putc(out, '[');
		for (size_t i = 0; i < j->len; i++) {
			if (i)
				pl_buf_putc(out, ',');
			dump(j->items[i], out);
		}
		pl_buf_putc(out, ']');
		break;
	case PL_JSON_OBJECT:
		pl_buf_putc(out, '{');
		for (size_t i = 0; i < j->len; i++) {
			if (i)
				pl_buf_putc(out, ',');
			pl_buf_json_str(out, j->keys[i], strlen(j->keys[i]));
			pl_buf_putc(out, ':');
			dump(j->items[i], out);
		}
		pl_buf_putc(out, '}');
		break;
	}
}

static void parse_case(const char *in, size_t n, struct pl_buf *out)
{
	struct pl_arena *a = pl_arena_create(0);
	size_t off = 0;
	const char *msg = NULL;
	struct pl_json *j = pl_json_parse(in, n, a, &off, &msg);
	if (j)
		dump(j, out);
	else
		pl_buf_printf(out, "error at %zu: %s", off, msg);
	pl_arena_destroy(a);
}

static void test_golden(void)
{
	golden_run("json.cases", parse_case);
}

/* Parse s[0..n) and return the error message, or NULL when it parsed. */
static const char *parse_err(const char *s, size_t n, size_t *off)
{
	struct pl_arena *a = pl_arena_create(0);
	const char *msg = NULL;
	struct pl_json *j = pl_json_parse(s, n, a, off, &msg);
	pl_arena_destroy(a);
	return j ? NULL : msg;
}

static void test_deep_nesting(void)
{
	/* 100,000 levels: must fail cleanly, not overflow the stack. */
	size_t n = 100000;
	char *s = malloc(2 * n);
	memset(s, '[', n);
	memset(s + n, ']', n);
	size_t off = 0;
	CHECK_STR(parse_err(s, 2 * n, &off), "nesting too deep");
	CHECK_INT(off, PL_JSON_MAX_DEPTH);
	/* Exactly the limit is fine. */
	memset(s, '[', PL_JSON_MAX_DEPTH);
	memset(s + PL_JSON_MAX_DEPTH, ']', PL_JSON_MAX_DEPTH);
	CHECK(parse_err(s, 2 * PL_JSON_MAX_DEPTH, &off) == NULL);
	/* Objects count too. */
	struct pl_buf b = PL_BUF_INIT;
	for (int i = 0; i <= PL_JSON_MAX_DEPTH; i++)
		pl_buf_puts(&b, "{\"a\":");
	CHECK_STR(parse_err(b.p, b.len, &off), "nesting too deep");
	pl_buf_free(&b);
	free(s);
}

static void test_invalid_utf8(void)
{
	size_t off = 0;
	CHECK_STR(parse_err("\"ab\xff\"", 5, &off), "invalid UTF-8 in string");
	CHECK_INT(off, 3);
	CHECK_STR(parse_err("\"\xc3\"", 3, &off), "invalid UTF-8 in string");       /* truncated */
	CHECK_STR(parse_err("\"\xc0\xaf\"", 4, &off), "invalid UTF-8 in string");   /* overlong */
	CHECK_STR(parse_err("\"\xed\xa0\x80\"", 5, &off), "invalid UTF-8 in string"); /* raw surrogate */
	CHECK(parse_err("\"\xe2\x80\x99\"", 5, &off) == NULL);
	CHECK_STR(parse_err("\xff", 1, &off), "unexpected character");
}

static void test_embedded_nul(void)
{
	/* "\u0000" decodes to a NUL byte: len says so; raw NUL is a control char. */
	struct pl_arena *a = pl_arena_create(0);
	size_t off;
	const char *msg;
	struct pl_json *j = pl_json_parse("\"a\\u0000b\"", 10, a, &off, &msg);
	CHECK(j && j->type == PL_JSON_STRING && j->len == 3 && memcmp(j->str, "a\0b", 4) == 0);
	pl_arena_destroy(a);
	CHECK_STR(parse_err("\"a\0b\"", 5, &off), "control character in string");
	/* Input need not be NUL-terminated: a number at the very end of the buffer. */
	char num[3] = {'1', '2', '3'};
	CHECK(parse_err(num, 2, &off) == NULL);
}

static void test_truncated(void)
{
	/* Every proper prefix of a valid document is an error, never a crash. */
	const char *doc = "{\"a\": [1, -2.5e+3, \"x\\u00e9\\ud83d\\ude00\", true, false, null], \"b\": {}}";
	size_t n = strlen(doc), off;
	for (size_t k = 0; k < n; k++) {
		if (parse_err(doc, k, &off) == NULL) {
			check_count_++;
			check_failures_++;
			fprintf(stderr, "prefix of length %zu parsed\n", k);
		}
	}
	CHECK(parse_err(doc, n, &off) == NULL);
}

static void test_huge(void)
{
	/* A number of 100,000 digits is valid JSON that overflows double. */
	size_t n = 100000;
	char *s = malloc(n);
	memset(s, '9', n);
	struct pl_arena *a = pl_arena_create(0);
	size_t off;
	const char *msg;
	struct pl_json *j = pl_json_parse(s, n, a, &off, &msg);
	CHECK(j && j->type == PL_JSON_NUMBER && isinf(j->num));
	/* A long array: members are collected without quadratic growth. */
	struct pl_buf b = PL_BUF_INIT;
	pl_buf_putc(&b, '[');
	for (int i = 0; i < 200000; i++)
		pl_buf_puts(&b, i ? ",1" : "1");
	pl_buf_putc(&b, ']');
	j = pl_json_parse(b.p, b.len, a, &off, &msg);
	CHECK(j && j->type == PL_JSON_ARRAY && j->len == 200000);
	pl_buf_free(&b);
	pl_arena_destroy(a);
	free(s);
}

static void test_get(void)
{
	struct pl_arena *a = pl_arena_create(0);
	size_t off;
	const char *msg;
	const char *doc = "{\"@type\": \"NewsArticle\", \"n\": 3, \"@type\": \"second\"}";
	struct pl_json *j = pl_json_parse(doc, strlen(doc), a, &off, &msg);
	CHECK_STR(pl_json_get_str(j, "@type"), "NewsArticle"); /* first match */
	CHECK(pl_json_get_str(j, "n") == NULL);                /* not a string */
	CHECK(pl_json_get(j, "n") && pl_json_get(j, "n")->num == 3);
	CHECK(pl_json_get(j, "missing") == NULL);
	CHECK(pl_json_get(NULL, "x") == NULL);
	CHECK(pl_json_get(j->items[0], "x") == NULL); /* not an object */
	pl_arena_destroy(a);
}

int main(void)
{
	RUN(test_golden);
	RUN(test_deep_nesting);
	RUN(test_invalid_utf8);
	RUN(test_embedded_nul);
	RUN(test_truncated);
	RUN(test_huge);
	RUN(test_get);
	return check_done();
}
