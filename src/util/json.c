/* json.c - strict RFC 8259 JSON reader into an arena-allocated tree. */
#include "parley/json.h"

#include <stdlib.h>
#include <string.h>

/* Parser state.  Recursion depth is bounded by PL_JSON_MAX_DEPTH, so a hostile
 * document can never exhaust the C stack. */
struct parser {
	const char *s;
	size_t n, i;
	struct pl_arena *a;
	int depth;
	const char *err;  /* static message of the first error */
	size_t err_off;
	struct pl_buf tmp; /* scratch for decoding strings and numbers */
};

static void *fail(struct parser *p, size_t off, const char *msg)
{
	if (!p->err) {
		p->err = msg;
		p->err_off = off;
	}
	return NULL;
}

static void skip_ws(struct parser *p)
{
	while (p->i < p->n) {
		char c = p->s[p->i];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->i++;
	}
}

static struct pl_json *node(struct parser *p, enum pl_json_type t)
{
	struct pl_json *j = pl_arena_alloc(p->a, sizeof *j);
	if (!j)
		return fail(p, p->i, "out of memory");
	memset(j, 0, sizeof *j);
	j->type = t;
	return j;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at p->i; -1 (and an error) when they are not. */
static long hex4(struct parser *p)
{
	long v = 0;
	for (size_t k = 0; k < 4; k++) {
		if (p->i + k >= p->n) {
			fail(p, p->i, "truncated \\u escape");
			return -1;
		}
		int h = hexval(p->s[p->i + k]);
		if (h < 0) {
			fail(p, p->i + k, "invalid \\u escape");
			return -1;
		}
		v = v * 16 + h;
	}
	p->i += 4;
	return v;
}

/* Decode the string starting at the opening quote p->s[p->i] into the arena.
 * Sets *len to its byte length (it may hold NUL bytes from \u0000). */
static char *parse_string(struct parser *p, size_t *len)
{
	size_t start = p->i++;
	pl_buf_reset(&p->tmp);
	for (;;) {
		/* Copy the run of plain bytes in one go. */
		size_t run = p->i;
		while (p->i < p->n) {
			unsigned char c = (unsigned char)p->s[p->i];
			if (c == '"' || c == '\\' || c < 0x20)
				break;
			p->i++;
		}
		if (p->i > run) {
			size_t ok = pl_utf8_valid_prefix(p->s + run, p->i - run);
			/* A multi-byte sequence can't straddle '"' or '\\' (ASCII never
			 * appears inside one), so validating the run alone is exact. */
			if (ok != p->i - run)
				return fail(p, run + ok, "invalid UTF-8 in string");
			pl_buf_append(&p->tmp, p->s + run, p->i - run);
		}
		if (p->i >= p->n)
			return fail(p, start, "unterminated string");
		unsigned char c = (unsigned char)p->s[p->i];
		if (c == '"') {
			p->i++;
			break;
		}
		if (c < 0x20)
			return fail(p, p->i, "control character in string");
		/* backslash */
		size_t esc = p->i++;
		if (p->i >= p->n)
			return fail(p, start, "unterminated string");
		char e = p->s[p->i++];
		switch (e) {
		case '"': pl_buf_putc(&p->tmp, '"'); break;
		case '\\': pl_buf_putc(&p->tmp, '\\'); break;
		case '/': pl_buf_putc(&p->tmp, '/'); break;
		case 'b': pl_buf_putc(&p->tmp, '\b'); break;
		case 'f': pl_buf_putc(&p->tmp, '\f'); break;
		case 'n': pl_buf_putc(&p->tmp, '\n'); break;
		case 'r': pl_buf_putc(&p->tmp, '\r'); break;
		case 't': pl_buf_putc(&p->tmp, '\t'); break;
		case 'u': {
			long cp = hex4(p);
			if (cp < 0)
				return NULL;
			if (cp >= 0xDC00 && cp <= 0xDFFF)
				return fail(p, esc, "lone low surrogate");
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				/* A high surrogate must be followed by \u and a low one. */
				if (p->n - p->i < 2 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
					return fail(p, esc, "lone high surrogate");
				p->i += 2;
				long lo = hex4(p);
				if (lo < 0)
					return NULL;
				if (lo < 0xDC00 || lo > 0xDFFF)
					return fail(p, esc, "lone high surrogate");
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			pl_utf8_put(&p->tmp, (uint32_t)cp);
			break;
		}
		default:
			return fail(p, esc, "invalid escape");
		}
	}
	if (p->tmp.oom)
		return fail(p, start, "out of memory");
	char *out = pl_arena_strndup(p->a, p->tmp.p ? p->tmp.p : "", p->tmp.len);
	if (!out)
		return fail(p, start, "out of memory");
	*len = p->tmp.len;
	return out;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 8259 number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
 * Values beyond double range become +-HUGE_VAL (strtod), never an error:
 * the grammar, not the magnitude, decides validity. */
static struct pl_json *parse_number(struct parser *p)
{
	size_t start = p->i;
	if (p->s[p->i] == '-')
		p->i++;
	if (p->i >= p->n || !is_digit(p->s[p->i]))
		return fail(p, p->i, "invalid number");
	if (p->s[p->i] == '0') {
		p->i++;
		if (p->i < p->n && is_digit(p->s[p->i]))
			return fail(p, p->i, "leading zero in number");
	} else {
		while (p->i < p->n && is_digit(p->s[p->i]))
			p->i++;
	}
	if (p->i < p->n && p->s[p->i] == '.') {
		p->i++;
		if (p->i >= p->n || !is_digit(p->s[p->i]))
			return fail(p, p->i, "digit expected after '.'");
		while (p->i < p->n && is_digit(p->s[p->i]))
			p->i++;
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		if (p->i >= p->n || !is_digit(p->s[p->i]))
			return fail(p, p->i, "digit expected in exponent");
		while (p->i < p->n && is_digit(p->s[p->i]))
			p->i++;
	}
	/* strtod needs a NUL-terminated copy: the input need not be terminated. */
	pl_buf_reset(&p->tmp);
	pl_buf_append(&p->tmp, p->s + start, p->i - start);
	if (p->tmp.oom)
		return fail(p, start, "out of memory");
	struct pl_json *j = node(p, PL_JSON_NUMBER);
	if (!j)
		return NULL;
	j->num = strtod(p->tmp.p, NULL);
	return j;
}

static bool literal(struct parser *p, const char *word)
{
	size_t k = strlen(word);
	if (p->n - p->i < k || memcmp(p->s + p->i, word, k) != 0)
		return false;
	p->i += k;
	return true;
}

/* Growable pointer list for the members of one array/object, copied into
 * the arena once its size is known. */
struct plist {
	void **v;
	size_t n, cap;
};

static bool plist_push(struct plist *l, void *x)
{
	if (!pl_grow(&l->v, &l->cap, l->n, sizeof *l->v))
		return false;
	l->v[l->n++] = x;
	return true;
}

static void **plist_to_arena(struct parser *p, const struct plist *l)
{
	if (l->n == 0)
		return NULL;
	void **v = pl_arena_alloc(p->a, l->n * sizeof *v);
	if (v)
		memcpy(v, l->v, l->n * sizeof *v);
	return v;
}

static struct pl_json *parse_value(struct parser *p);

/* After a member of an array or object: 1 when ',' says another follows,
 * 0 at the closing bracket, -1 (error set) otherwise. */
static int after_member(struct parser *p, char close, const char *unterminated, const char *expected)
{
	skip_ws(p);
	if (p->i >= p->n) {
		fail(p, p->i, unterminated);
		return -1;
	}
	char c = p->s[p->i];
	if (c != ',' && c != close) {
		fail(p, p->i, expected);
		return -1;
	}
	p->i++;
	return c == ',';
}

static struct pl_json *parse_array(struct parser *p)
{
	struct plist items = {0};
	struct pl_json *j = NULL;
	p->i++; /* '[' */
	skip_ws(p);
	if (p->i < p->n && p->s[p->i] == ']') {
		p->i++;
		return node(p, PL_JSON_ARRAY);
	}
	for (;;) {
		struct pl_json *v = parse_value(p);
		if (!v)
			goto out;
		if (!plist_push(&items, v)) {
			fail(p, p->i, "out of memory");
			goto out;
		}
		int next = after_member(p, ']', "unterminated array", "',' or ']' expected");
		if (next < 0)
			goto out;
		if (next == 0)
			break;
	}
	j = node(p, PL_JSON_ARRAY);
	if (j) {
		j->items = (struct pl_json **)plist_to_arena(p, &items);
		j->len = items.n;
		if (!j->items) {
			j = NULL;
			fail(p, p->i, "out of memory");
		}
	}
out:
	free(items.v);
	return j;
}

static struct pl_json *parse_object(struct parser *p)
{
	struct plist keys = {0}, vals = {0};
	struct pl_json *j = NULL;
	p->i++; /* '{' */
	skip_ws(p);
	if (p->i < p->n && p->s[p->i] == '}') {
		p->i++;
		return node(p, PL_JSON_OBJECT);
	}
	for (;;) {
		skip_ws(p);
		if (p->i >= p->n) {
			fail(p, p->i, "unterminated object");
			goto out;
		}
		if (p->s[p->i] != '"') {
			fail(p, p->i, "string key expected");
			goto out;
		}
		size_t klen;
		char *k = parse_string(p, &klen);
		if (!k)
			goto out;
		skip_ws(p);
		if (p->i >= p->n) {
			fail(p, p->i, "unterminated object");
			goto out;
		}
		if (p->s[p->i] != ':') {
			fail(p, p->i, "':' expected");
			goto out;
		}
		p->i++;
		struct pl_json *v = parse_value(p);
		if (!v)
			goto out;
		if (!plist_push(&keys, k) || !plist_push(&vals, v)) {
			fail(p, p->i, "out of memory");
			goto out;
		}
		int next = after_member(p, '}', "unterminated object", "',' or '}' expected");
		if (next < 0)
			goto out;
		if (next == 0)
			break;
	}
	j = node(p, PL_JSON_OBJECT);
	if (j) {
		j->keys = (const char **)plist_to_arena(p, &keys);
		j->items = (struct pl_json **)plist_to_arena(p, &vals);
		j->len = vals.n;
		if (!j->keys || !j->items) {
			j = NULL;
			fail(p, p->i, "out of memory");
		}
	}
out:
	free(keys.v);
	free(vals.v);
	return j;
}

static struct pl_json *parse_value(struct parser *p)
{
	skip_ws(p);
	if (p->i >= p->n)
		return fail(p, p->i, "unexpected end of input");
	char c = p->s[p->i];
	struct pl_json *j;
	switch (c) {
	case '{':
	case '[':
		if (++p->depth > PL_JSON_MAX_DEPTH)
			return fail(p, p->i, "nesting too deep");
		j = c == '{' ? parse_object(p) : parse_array(p);
		p->depth--;
		return j;
	case '"': {
		size_t len;
		char *s = parse_string(p, &len);
		if (!s)
			return NULL;
		j = node(p, PL_JSON_STRING);
		if (j) {
			j->str = s;
			j->len = len;
		}
		return j;
	}
	case 't':
	case 'f':
		if (literal(p, "true") || literal(p, "false")) {
			j = node(p, PL_JSON_BOOL);
			if (j)
				j->b = c == 't';
			return j;
		}
		return fail(p, p->i, "unexpected character");
	case 'n':
		if (literal(p, "null"))
			return node(p, PL_JSON_NULL);
		return fail(p, p->i, "unexpected character");
	default:
		if (c == '-' || is_digit(c))
			return parse_number(p);
		return fail(p, p->i, "unexpected character");
	}
}

struct pl_json *pl_json_parse(const char *s, size_t n, struct pl_arena *a, size_t *err_off,
			      const char **err_msg)
{
	struct parser p = {.s = s, .n = n, .a = a};
	struct pl_json *j = parse_value(&p);
	if (j) {
		skip_ws(&p);
		if (p.i < p.n) {
			fail(&p, p.i, "trailing characters after JSON value");
			j = NULL;
		}
	}
	pl_buf_free(&p.tmp);
	if (!j) {
		if (err_off)
			*err_off = p.err_off;
		if (err_msg)
			*err_msg = p.err ? p.err : "invalid JSON";
	}
	return j;
}

const struct pl_json *pl_json_get(const struct pl_json *obj, const char *key)
{
	if (!obj || obj->type != PL_JSON_OBJECT || !key)
		return NULL;
	for (size_t i = 0; i < obj->len; i++) {
		/* A key decoded from "\u0000" compares up to its first NUL: a C-string
		 * lookup cannot name the rest anyway. */
		if (strcmp(obj->keys[i], key) == 0)
			return obj->items[i];
	}
	return NULL;
}

const char *pl_json_get_str(const struct pl_json *obj, const char *key)
{
	const struct pl_json *v = pl_json_get(obj, key);
	return v && v->type == PL_JSON_STRING ? v->str : NULL;
}
