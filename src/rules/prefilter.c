/* prefilter.c - skip rules that cannot match a text before running PCRE2.
 *
 * At load time each rule's expanded pattern is read (a light regex parse) for
 * a set of literal strings one of which every match must contain: a literal
 * run ("ago"), a list expansion (all month names), alternatives of literals.
 * All such strings of the set are compiled into one Aho-Corasick automaton
 * over ASCII-lower-cased bytes.  At match time one pass over the text marks
 * the strings present, and a rule whose set has none of them is skipped.
 *
 * Soundness: literals are compared ASCII-case-insensitively, so the filter
 * never rejects a text a caseless rule could match; bytes >= 0x80 are never
 * part of a literal (their other case is other bytes), zero-width items
 * (\b, lookarounds) do not break a run (they consume nothing), and anything
 * the parser does not understand makes the rule unfiltered. */
#include "rules_impl.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SET 128    /* more alternatives than this: not worth a filter */
#define MAX_LIT 24     /* longer literals are cut (a prefix is still required) */
#define NEXT_OUT 0x80000000u   /* in rlits.next: the target state has outputs */
#define NEXT_MAYBE 0x40000000u /* in rlits.next: the byte may start a multi-byte space */
#define NEXT_ROW (NEXT_MAYBE - 1)

/* A set of literal strings, or "top" (no requirement known).  Only the
 * first n entries (and their lengths) are ever read: sets are emptied and
 * copied through their header and used entries, never zeroed or copied whole
 * (a set is 3 KiB, most hold a handful of strings). */
struct lset {
	bool top;
	size_t n;
	uint8_t len[MAX_SET];
	char s[MAX_SET][MAX_LIT + 1];
};

static void set_top(struct lset *l)
{
	l->top = true;
	l->n = 0;
}

static void set_empty(struct lset *l)
{
	l->top = false;
	l->n = 0;
}

/* *dst = *src, touching only the used entries. */
static void set_copy(struct lset *dst, const struct lset *src)
{
	if (dst == src)
		return;
	dst->top = src->top;
	dst->n = src->n;
	memcpy(dst->len, src->len, src->n);
	for (size_t i = 0; i < src->n; i++)
		memcpy(dst->s[i], src->s[i], (size_t)src->len[i] + 1);
}

static size_t min_len(const struct lset *l)
{
	size_t m = SIZE_MAX;
	for (size_t i = 0; i < l->n; i++)
		if (l->len[i] < m)
			m = l->len[i];
	return m;
}

/* Is a better requirement than b (longer shortest string, then fewer)? */
static bool better(const struct lset *a, const struct lset *b)
{
	if (a->top || a->n == 0)
		return false;
	if (b->top || b->n == 0)
		return true;
	size_t ma = min_len(a), mb = min_len(b);
	if (ma != mb)
		return ma > mb;
	return a->n < b->n;
}

static void add_str(struct lset *l, const char *s, size_t n)
{
	if (l->top)
		return;
	if (n > MAX_LIT)
		n = MAX_LIT;
	for (size_t i = 0; i < l->n; i++)
		if (l->len[i] == n && memcmp(l->s[i], s, n) == 0)
			return;
	if (l->n == MAX_SET) {
		set_top(l);
		return;
	}
	memcpy(l->s[l->n], s, n);
	l->s[l->n][n] = '\0';
	l->len[l->n] = (uint8_t)n;
	l->n++;
}

#define POOL 32 /* sets kept for reuse by one parse (nesting depth x 2 is far less) */

struct px {
	const char *p;
	size_t n, i;
	bool giveup; /* something not understood: the whole rule goes unfiltered */
	struct lset *pool[POOL]; /* released sets, reused before malloc */
	size_t npool;
};

static struct lset *get_set(struct px *x)
{
	struct lset *l = x->npool ? x->pool[--x->npool] : malloc(sizeof *l);
	if (l)
		set_empty(l);
	return l;
}

static void put_set(struct px *x, struct lset *l)
{
	if (l && x->npool < POOL)
		x->pool[x->npool++] = l;
	else
		free(l);
}

/* Two fresh empty sets (the parser always needs them in pairs); on OOM both
 * are NULL and the parse gives up, which only means "no filter". */
static bool new_sets(struct px *x, struct lset **a, struct lset **b)
{
	*a = get_set(x);
	*b = get_set(x);
	if (*a && *b)
		return true;
	put_set(x, *a);
	put_set(x, *b);
	*a = *b = NULL;
	x->giveup = true;
	return false;
}

struct reqs;
static void parse_alt(struct px *x, struct lset *out, struct lset *first, bool *nullable,
		      bool *wstart, struct lset *exact, struct reqs *rq);

/* Skip a quantifier at x->i; returns its minimum (1 when there is none). */
static unsigned quant(struct px *x)
{
	if (x->i >= x->n)
		return 1;
	char c = x->p[x->i];
	unsigned min = 1;
	if (c == '?' || c == '*') {
		min = 0;
		x->i++;
	} else if (c == '+') {
		x->i++;
	} else if (c == '{') {
		size_t k = x->i + 1;
		unsigned v = 0;
		bool digits = false;
		while (k < x->n && x->p[k] >= '0' && x->p[k] <= '9') {
			v = v * 10 + (unsigned)(x->p[k] - '0');
			k++;
			digits = true;
		}
		if (!digits && k < x->n && x->p[k] == ',')
			digits = true, v = 0; /* {,n} is "0 to n" in PCRE2 10.43+, literal before */
		size_t e = k;
		while (e < x->n && x->p[e] != '}' && (x->p[e] == ',' || (x->p[e] >= '0' && x->p[e] <= '9')))
			e++;
		if (!digits || e >= x->n || x->p[e] != '}')
			return 1; /* a literal '{' (PCRE2 treats a non-quantifier brace as text) */
		min = v;
		x->i = e + 1;
	} else {
		return 1;
	}
	if (x->i < x->n && (x->p[x->i] == '?' || x->p[x->i] == '+'))
		x->i++; /* lazy / possessive */
	return min;
}

static bool is_quant_start(const struct px *x)
{
	if (x->i >= x->n)
		return false;
	char c = x->p[x->i];
	return c == '?' || c == '*' || c == '+' || c == '{';
}

/* Skip a [...] class starting at x->i ('['). */
static void skip_class(struct px *x)
{
	size_t k = x->i + 1;
	if (k < x->n && x->p[k] == '^')
		k++;
	if (k < x->n && x->p[k] == ']')
		k++;
	while (k < x->n && x->p[k] != ']') {
		if (x->p[k] == '\\')
			k++;
		else if (x->p[k] == '[' && k + 1 < x->n && x->p[k + 1] == ':') {
			const char *e = strstr(x->p + k + 2, ":]");
			if (e)
				k = (size_t)(e - x->p) + 1;
		}
		k++;
	}
	if (k >= x->n)
		x->giveup = true;
	x->i = k + 1;
}

/* Skip to the ')' closing the group whose '(' was at x->i - 1. */
static void skip_group(struct px *x)
{
	int depth = 1;
	while (x->i < x->n && depth > 0) {
		char c = x->p[x->i];
		if (c == '\\') {
			x->i += 2;
			continue;
		}
		if (c == '[') {
			skip_class(x);
			continue;
		}
		if (c == '(')
			depth++;
		else if (c == ')')
			depth--;
		x->i++;
	}
	if (depth)
		x->giveup = true;
}

static void unite(struct lset *out, const struct lset *b);

/* Add a·b to out, where a is an exact string (what an item matches, white
 * space as one ' ') and b a string a match of what follows starts with:
 * white space meeting white space is one ' ', as the scan reads it.  With
 * `exact`, false when the result would pass MAX_LIT (it would no longer be
 * the whole of a·b); otherwise it is cut there (still a prefix of a match). */
static bool join_add(struct lset *out, const char *a, size_t an, const char *b, size_t bn,
		     bool exact)
{
	char buf[2 * MAX_LIT + 2];
	if (an && bn && a[an - 1] == ' ' && b[0] == ' ')
		b++, bn--;
	if (exact && an + bn > MAX_LIT)
		return false;
	memcpy(buf, a, an);
	memcpy(buf + an, b, bn);
	add_str(out, buf, an + bn);
	return true;
}

/* out gets every p·f, p of `pre` (exact strings of optional items a match
 * may start with) and f of `f` (what the item after them starts with):
 * "a"/"the" followed by "person" is the selective "a person". */
static void unite_joined(struct lset *out, const struct lset *pre, const struct lset *f)
{
	if (pre->n == 0 || out->top)
		return;
	if (f->top) {
		set_top(out);
		return;
	}
	if (out->n + pre->n * f->n > MAX_SET) {
		unite(out, pre); /* too many joined: the strings of pre as they are */
		return;
	}
	for (size_t i = 0; i < pre->n; i++)
		for (size_t k = 0; k < f->n; k++)
			join_add(out, pre->s[i], pre->len[i], f->s[k], f->len[k], false);
}

/* Exact sets (every string a sequence can match, white space runs as one
 * ' '): ex·c for a literal character; top when a string would pass MAX_LIT. */
static void ex_char(struct lset *ex, char c)
{
	if (ex->top)
		return;
	for (size_t i = 0; i < ex->n; i++) {
		if (ex->len[i] >= MAX_LIT) {
			set_top(ex);
			return;
		}
		ex->s[i][ex->len[i]++] = c;
		ex->s[i][ex->len[i]] = '\0';
	}
}

/* ex·' ' for white space (\s, \s+, a space): one ' ' after a string not
 * already ending with one; a string it would start makes the set top (a
 * literal never starts with white space). */
static void ex_space(struct lset *ex)
{
	for (size_t i = 0; !ex->top && i < ex->n; i++) {
		if (ex->len[i] == 0)
			set_top(ex);
		else if (ex->s[i][ex->len[i] - 1] != ' ' && ex->len[i] >= MAX_LIT)
			set_top(ex);
		else if (ex->s[i][ex->len[i] - 1] != ' ') {
			ex->s[i][ex->len[i]++] = ' ';
			ex->s[i][ex->len[i]] = '\0';
		}
	}
}

/* White space whose quantifier started at x->p[qat]: one ' ' for none or
 * '+' (a run, however long, is one ' ' to the scan), else not exact. */
static void space_exact(const struct px *x, struct lset *ex, size_t qat)
{
	if (x->i == qat || x->p[qat] == '+')
		ex_space(ex);
	else
		set_top(ex);
}

/* ex = ex·e, or ex·(e + the empty string) when `opt` (a group with `?`). */
static void ex_product(struct px *x, struct lset *ex, const struct lset *e, bool opt)
{
	if (ex->top)
		return;
	if (!e || e->top) {
		set_top(ex);
		return;
	}
	struct lset *t = get_set(x);
	if (!t) {
		set_top(ex);
		return;
	}
	for (size_t i = 0; i < ex->n && !t->top; i++) {
		if (opt)
			add_str(t, ex->s[i], ex->len[i]);
		for (size_t k = 0; k < e->n && !t->top; k++)
			if (!join_add(t, ex->s[i], ex->len[i], e->s[k], e->len[k], true))
				set_top(t);
	}
	set_copy(ex, t);
	put_set(x, t);
}

/* An optional item at the start that matches exactly one of e (all
 * non-empty, none starting with white space): pre = pre + pre·e + e, the
 * exact strings a match may start with before its next item.  When that
 * would not fit, the strings of pre so far go to acc as they are (a match
 * through them starts with one) and pre restarts as e. */
static bool pre_usable(const struct lset *e)
{
	if (!e || e->top || e->n == 0)
		return false;
	for (size_t i = 0; i < e->n; i++)
		if (e->len[i] == 0 || e->s[i][0] == ' ')
			return false;
	return true;
}

static void add_pre(struct lset *pre, struct lset *acc, const struct lset *e)
{
	size_t n0 = pre->n;
	bool fits = n0 + n0 * e->n + e->n <= MAX_SET;
	for (size_t i = 0; fits && i < n0; i++)
		for (size_t k = 0; fits && k < e->n; k++)
			fits = (size_t)pre->len[i] + e->len[k] <= MAX_LIT;
	if (!fits) {
		unite(acc, pre);
		set_copy(pre, e);
		return;
	}
	for (size_t i = 0; i < n0; i++)
		for (size_t k = 0; k < e->n; k++)
			join_add(pre, pre->s[i], pre->len[i], e->s[k], e->len[k], true);
	unite(pre, e);
}

static bool weak(const struct lset *l, size_t letters);

/* Sets of literals a match of a sequence contains one of each (a
 * conjunction): the literal runs and required groups along it.  Any of
 * them is a sound requirement, so only the NREQ best are kept. */
#define NREQ 4
struct reqs {
	struct lset *v[NREQ];
	size_t n;
};

static bool same_set(const struct lset *a, const struct lset *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->len[i] != b->len[i] || memcmp(a->s[i], b->s[i], a->len[i]) != 0)
			return false;
	return true;
}

/* Add a copy of l to rq (NULL: not collected), dropping the worst when full. */
static void req_add(struct px *x, struct reqs *rq, const struct lset *l)
{
	if (!rq || l->top || l->n == 0 || weak(l, 0))
		return;
	size_t at = rq->n;
	for (size_t i = 0; i < rq->n; i++)
		if (same_set(rq->v[i], l))
			return;
	if (at == NREQ) {
		size_t worst = 0;
		for (size_t i = 1; i < NREQ; i++)
			if (better(rq->v[worst], rq->v[i]))
				worst = i;
		if (!better(l, rq->v[worst]))
			return;
		at = worst;
	} else if (!(rq->v[at] = get_set(x))) {
		return; /* one requirement fewer: still sound */
	} else {
		rq->n++;
	}
	set_copy(rq->v[at], l);
}

static void req_clear(struct px *x, struct reqs *rq)
{
	while (rq && rq->n)
		put_set(x, rq->v[--rq->n]);
}

/* End the current literal run: it is a requirement; keep it if it is the
 * best.  When it is the first required item, a match starts with it or with
 * one of the optional items before it (`acc`). */
static void flush(struct px *x, struct reqs *rq, const char *run, size_t *rn, struct lset *tmp,
		  struct lset *best, struct lset *first, const struct lset *acc, const struct lset *pre,
		  bool *run_first)
{
	if (!*rn)
		return;
	set_empty(tmp);
	add_str(tmp, run, *rn);
	req_add(x, rq, tmp);
	if (better(tmp, best))
		set_copy(best, tmp);
	if (*run_first) {
		set_copy(first, acc);
		unite(first, tmp);
		unite_joined(first, pre, tmp);
	}
	*run_first = false;
	*rn = 0;
}

/* Sequence up to '|' or ')': the best requirement among its items (`best`),
 * and the literals a match of the sequence starts with (`first`; top when the
 * first consuming item is not a known literal). */
/* The characters a simple class can match, as one-byte strings: ASCII
 * characters and ranges, and \d (ASCII digits plus the UTF-8 lead bytes of
 * the other scripts' decimal digits, which \d matches under UCP).  False (top) for
 * negated classes, \w \s \p..., and non-ASCII members (their other case is
 * other bytes). */
const unsigned char rules_nd_lead[RULES_ND_LEAD] = { 0xD9, 0xDB, 0xDF, 0xE0, 0xE1, 0xEA, 0xEF, 0xF0 };

static void add_digits(struct lset *l)
{
	for (char c = '0'; c <= '9'; c++)
		add_str(l, &c, 1);
	for (size_t i = 0; i < RULES_ND_LEAD; i++) {
		char c = (char)rules_nd_lead[i];
		add_str(l, &c, 1);
	}
}

/* Length of the UTF-8 character at p when it is General Punctuation
 * (U+2000..U+206F: ’ “ ” – — …): no case, so caseless matching compares its
 * bytes as they are and they may be part of a literal; 0 otherwise. */
static size_t punct_len(const char *p, size_t left)
{
	const unsigned char *u = (const unsigned char *)p;
	if (left < 3 || u[0] != 0xE2 || (u[2] & 0xC0) != 0x80 || rules_space_len(u, left))
		return 0; /* the spaces among them are scanned as ' ' */
	return u[1] == 0x80 || (u[1] == 0x81 && u[2] <= 0xAF) ? 3 : 0;
}

size_t rules_space_len(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	switch (s[0]) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
		return 1;
	case 0xC2: /* U+0085, U+00A0 */
		return n >= 2 && (s[1] == 0x85 || s[1] == 0xA0) ? 2 : 0;
	case 0xE1: /* U+1680, U+180E */
		return n >= 3 && ((s[1] == 0x9A && s[2] == 0x80) || (s[1] == 0xA0 && s[2] == 0x8E)) ? 3 : 0;
	case 0xE2: /* U+2000..U+200A, U+2028, U+2029, U+202F, U+205F */
		if (n < 3)
			return 0;
		if (s[1] == 0x80)
			return (s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF ? 3 : 0;
		return s[1] == 0x81 && s[2] == 0x9F ? 3 : 0;
	case 0xE3: /* U+3000 */
		return n >= 3 && s[1] == 0x80 && s[2] == 0x80 ? 3 : 0;
	default:
		return 0;
	}
}

static bool ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static bool class_chars(const struct px *x, struct lset *l)
{
	size_t k = x->i + 1;
	set_empty(l);
	if (k < x->n && x->p[k] == '^')
		return false;
	bool firstc = true;
	while (k < x->n && (x->p[k] != ']' || firstc)) {
		unsigned char c = (unsigned char)x->p[k];
		firstc = false;
		if (c == '[')
			return false; /* [:posix:] */
		if (c == '\\') {
			if (k + 1 >= x->n)
				return false;
			char e = x->p[k + 1];
			if (e == 'd') {
				add_digits(l);
				k += 2;
				continue;
			}
			if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9'))
				return false;
			c = (unsigned char)e;
			k++;
		}
		if (ascii_space((char)c))
			return false; /* whitespace is one ' ' per run in the scan: never a first literal */
		if (c >= 0x80) {
			size_t pl = punct_len(x->p + k, x->n - k);
			if (!pl || (k + pl < x->n && x->p[k + pl] == '-'))
				return false; /* other letters have cases; ranges are not followed */
			add_str(l, x->p + k, pl);
			k += pl;
			continue;
		}
		unsigned char hi = c;
		if (k + 2 < x->n && x->p[k + 1] == '-' && x->p[k + 2] != ']') {
			hi = (unsigned char)x->p[k + 2];
			if (hi >= 0x80 || hi == '\\' || hi < c)
				return false;
			k += 2;
		}
		for (unsigned v = c; v <= hi; v++) {
			char ch = (char)(v >= 'A' && v <= 'Z' ? v + 32 : v);
			add_str(l, &ch, 1);
		}
		k++;
	}
	return !l->top && l->n > 0;
}

/* *wstart: the sequence begins with \b before anything that consumes. */
/* A positive assertion ((?=...) or (?<=...), x->i at its '?', `skip` bytes
 * before its body): the text holds what it holds wherever the sequence
 * matches, so its required sets are requirements too (not of the match's
 * own literals).  Not when a quantifier follows (it may be skipped), nor
 * when its body is not understood: then it is only skipped, as before. */
static void look_reqs(struct px *x, struct reqs *rq, size_t skip)
{
	size_t at = x->i;
	struct lset *inner, *ifirst;
	struct reqs irq = { 0 };
	bool inull = false, iws = false;
	if (!new_sets(x, &inner, &ifirst)) {
		x->giveup = false; /* only this assertion goes unused */
		skip_group(x);
		return;
	}
	x->i += skip;
	parse_alt(x, inner, ifirst, &inull, &iws, NULL, &irq);
	if (!x->giveup && x->i < x->n && x->p[x->i] == ')') {
		x->i++;
		if (!is_quant_start(x)) {
			for (size_t k = 0; k < irq.n; k++)
				req_add(x, rq, irq.v[k]);
			req_add(x, rq, inner);
		}
	} else {
		x->giveup = false;
		x->i = at;
		skip_group(x);
	}
	req_clear(x, &irq);
	put_set(x, inner);
	put_set(x, ifirst);
}

/* rq (may be NULL): gets the sets every match of the sequence contains one of each. */
static void parse_seq(struct px *x, struct lset *best, struct lset *first, bool *nullable,
		      bool *wstart, struct lset *exact, struct reqs *rq)
{
	char run[MAX_LIT + 1] = { 0 }; /* zeroed: GCC cannot see that flush reads only rn bytes */
	size_t rn = 0;
	bool pristine = true; /* only zero-width items so far */
	*wstart = false;
	/* at_start: no required consuming item yet; acc: what the optional
	 * items so far start with (a match starts with one of those or with
	 * the first required item) */
	bool at_start = true, run_first = false;
	/* pre: exact strings of the optional items so far, which a match may
	 * start with and then go on with the next item (joined to its firsts);
	 * ex: every string the sequence can match, while known (for `exact`) */
	struct lset *tmp, *acc, *pre, *ex;
	if (!new_sets(x, &tmp, &acc))
		return;
	if (!new_sets(x, &pre, &ex)) {
		put_set(x, tmp);
		put_set(x, acc);
		return;
	}
	if (exact)
		add_str(ex, "", 0);
	else
		set_top(ex);
	set_top(best);
	set_top(first);
#define FLUSH() flush(x, rq, run, &rn, tmp, best, first, acc, pre, &run_first)
	while (x->i < x->n && !x->giveup) {
		char c = x->p[x->i];
		if (c == '|' || c == ')')
			break;
		if (c == '(') {
			x->i++;
			const char *g = x->p + x->i;
			size_t left = x->n - x->i;
			bool look = false;
			if (left >= 1 && g[0] == '*') { /* (*VERB) */
				if (left >= 7 && memcmp(g, "*ACCEPT", 7) == 0) {
					/* ends the match at once: what follows is not required */
					x->giveup = true;
					break;
				}
				skip_group(x);
				continue;
			}
			if (left >= 2 && g[0] == '?') {
				char k = g[1];
				if (k == ':' || k == '>' || k == '|') {
					x->i += 2;
				} else if (k == '=' || k == '!') {
					look = true;
				} else if (k == '<' && left >= 3 && (g[2] == '=' || g[2] == '!')) {
					look = true;
				} else if (k == '<' || k == '\'' || (k == 'P' && left >= 3 && g[2] == '<')) {
					const char *e = memchr(g, k == '\'' ? '\'' : '>', left);
					if (!e || (k == '\'' && e == g + 1)) {
						x->giveup = true;
						break;
					}
					if (k == '\'') {
						e = memchr(g + 2, '\'', left - 2);
						if (!e) {
							x->giveup = true;
							break;
						}
					}
					x->i += (size_t)(e - g) + 1;
				} else if (k == '#') {
					skip_group(x);
					continue;
				} else {
					/* option settings (?i) (?-i) (?i:...) are fine; (?x) changes
					 * what whitespace means, recursion and conditionals are not
					 * followed: give up on those. */
					size_t k2 = 1;
					while (k2 < left && ((g[k2] >= 'a' && g[k2] <= 'z') || g[k2] == '-' ||
							     g[k2] == '^'))
						k2++;
					if (k2 == 1 || k2 >= left || memchr(g, 'x', k2)) {
						x->giveup = true;
						break;
					}
					if (g[k2] == ')') { /* (?i): a zero-width setting */
						x->i += k2 + 1;
						continue;
					}
					if (g[k2] != ':') {
						x->giveup = true;
						break;
					}
					x->i += k2 + 1;
				}
			}
			if (look) { /* zero-width: consumes nothing, the run goes on */
				if (rq && (g[1] == '=' || (g[1] == '<' && g[2] == '=')))
					look_reqs(x, rq, g[1] == '<' ? 3 : 2);
				else
					skip_group(x);
				quant(x); /* "(?=...)?": a quantified assertion, not a literal '?' */
				continue;
			}
			FLUSH();
			struct lset *inner, *ifirst, *iex = NULL;
			if (!new_sets(x, &inner, &ifirst))
				break;
			/* its exact strings: for ours, or to join at the start */
			if ((!ex->top || at_start) && !(iex = get_set(x))) {
				x->giveup = true;
				put_set(x, inner);
				put_set(x, ifirst);
				break;
			}
			bool inull = false, iws = false;
			struct reqs irq = { 0 };
			parse_alt(x, inner, ifirst, &inull, &iws, iex, rq ? &irq : NULL);
			if (x->i >= x->n || x->p[x->i] != ')') {
				x->giveup = true;
				put_set(x, inner);
				put_set(x, ifirst);
				put_set(x, iex);
				req_clear(x, &irq);
				break;
			}
			x->i++;
			size_t qat = x->i;
			unsigned q = quant(x);
			if (q > 0) { /* required: so is what all its matches contain */
				for (size_t k = 0; k < irq.n; k++)
					req_add(x, rq, irq.v[k]);
				req_add(x, rq, inner);
			}
			req_clear(x, &irq);
			bool qnone = x->i == qat, qopt = !qnone && x->p[qat] == '?';
			if (qnone || qopt)
				ex_product(x, ex, iex, qopt);
			else
				set_top(ex);
			if (q == 0)
				set_top(inner);
			if (better(inner, best))
				set_copy(best, inner);
			if (pristine && q > 0 && !inull && iws)
				*wstart = true;
			pristine = false;
			if (at_start && qopt && pre_usable(iex)) {
				add_pre(pre, acc, iex); /* "(?:the\s+)?": joined to what follows */
			} else if (at_start && (q == 0 || inull)) {
				unite(acc, ifirst); /* optional: the match may start here or later */
				unite_joined(acc, pre, ifirst);
			} else if (at_start) {
				set_copy(first, acc);
				unite(first, ifirst);
				unite_joined(first, pre, ifirst);
				at_start = false;
			}
			put_set(x, inner);
			put_set(x, ifirst);
			put_set(x, iex);
			continue;
		}
		if (c == '[') {
			FLUSH();
			pristine = false;
			bool simple = at_start && class_chars(x, tmp);
			skip_class(x);
			unsigned q = quant(x);
			set_top(ex);
			if (at_start && !simple)
				set_top(acc);
			if (at_start && simple && q == 0) {
				unite(acc, tmp);
				unite_joined(acc, pre, tmp);
			} else if (at_start) {
				set_copy(first, acc);
				unite(first, simple ? tmp : acc);
				if (simple)
					unite_joined(first, pre, tmp);
				at_start = false;
			}
			continue;
		}
		if (c == '.') {
			FLUSH();
			set_top(ex);
			pristine = false;
			if (at_start)
				set_top(acc);
			at_start = false;
			x->i++;
			quant(x);
			continue;
		}
		if (c == '^' || c == '$') {
			x->i++;
			continue;
		}
		char lit = 0;
		if (c == '\\') {
			if (x->i + 1 >= x->n) {
				x->giveup = true;
				break;
			}
			char e = x->p[x->i + 1];
			if (strchr("bBAzZGK", e)) { /* zero-width */
				if (e == 'b' && pristine)
					*wstart = true;
				x->i += 2;
				continue;
			}
			pristine = false;
			if (e == 's' && rn > 0) {
				/* whitespace inside a run: the scan reads every run of
				 * white space as one ' ', so \s+ (or \s) is a ' ' here */
				x->i += 2;
				size_t qat = x->i;
				unsigned smin = quant(x);
				space_exact(x, ex, qat);
				if (smin > 0) {
					if (run[rn - 1] != ' ') {
						if (rn < MAX_LIT)
							run[rn++] = ' ';
						else
							FLUSH();
					}
				} else {
					FLUSH(); /* optional: the run ends */
				}
				continue;
			}
			if (e == 'Q' || e == 'E' || (e >= '1' && e <= '9') || e == 'g' || e == 'k') {
				x->giveup = true; /* quoting and back references: not followed */
				break;
			}
			if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || e == '0') {
				/* a class or a char escape (\d \s \w \p{..} \x{..} \n ...): not a literal */
				FLUSH();
				if (e != 's')
					set_top(ex);
				if (at_start && e == 'd') {
					/* \d: digits (and other scripts' digits) start the match */
					set_empty(tmp);
					add_digits(tmp);
					x->i += 2;
					if (quant(x) == 0) {
						unite(acc, tmp);
						unite_joined(acc, pre, tmp);
					} else {
						set_copy(first, acc);
						unite(first, tmp);
						unite_joined(first, pre, tmp);
						at_start = false;
					}
					continue;
				}
				if (at_start)
					set_top(acc); /* whatever follows, a match may start with this */
				at_start = false;
				x->i += 2;
				if (x->i < x->n && x->p[x->i] == '{' && strchr("pPxNo", e)) {
					const char *b = memchr(x->p + x->i, '}', x->n - x->i);
					x->i = b ? (size_t)(b - x->p) + 1 : x->n;
				} else if ((e == 'p' || e == 'P' || e == 'c') && x->i < x->n) {
					x->i++; /* \pL, \cX */
				} else if (e == 'x') { /* \xHH: up to two hex digits */
					for (int k = 0; k < 2 && x->i < x->n && strchr("0123456789abcdefABCDEF", x->p[x->i]); k++)
						x->i++;
				} else if (e == '0') { /* \0oo: up to two more octal digits */
					for (int k = 0; k < 2 && x->i < x->n && x->p[x->i] >= '0' && x->p[x->i] <= '7'; k++)
						x->i++;
				}
				size_t qat = x->i;
				quant(x);
				if (e == 's')
					space_exact(x, ex, qat);
				continue;
			}
			lit = e;
			x->i += 2;
		} else {
			size_t pl = (unsigned char)c >= 0x80 ? punct_len(x->p + x->i, x->n - x->i) : 0;
			pristine = false;
			if (pl) {
				set_top(ex); /* not followed in exact strings */
				size_t save = x->i;
				x->i += pl;
				if (!is_quant_start(x)) { /* its bytes go into the run */
					if (rn + pl > MAX_LIT)
						FLUSH();
					if (at_start)
						run_first = true;
					at_start = false;
					memcpy(run + rn, x->p + save, pl);
					rn += pl;
					continue;
				}
				x->i = save; /* quantified: as any other multi-byte character */
			}
			lit = c;
			x->i++;
		}
		if ((unsigned char)lit >= 0x80) {
			/* a multi-byte character: not part of any literal (case folding
			 * outside ASCII changes the bytes); skip its continuation bytes */
			FLUSH();
			set_top(ex);
			if (at_start)
				set_top(acc);
			at_start = false;
			while (x->i < x->n && pl_utf8_is_cont(x->p[x->i]))
				x->i++;
			quant(x);
			continue;
		}
		if (ascii_space(lit)) {
			/* as \s above: one ' ' inside a run; never a run's first char */
			size_t qat = x->i;
			unsigned min = is_quant_start(x) ? quant(x) : 1;
			space_exact(x, ex, qat);
			if (min > 0 && rn > 0) {
				if (run[rn - 1] != ' ') {
					if (rn < MAX_LIT)
						run[rn++] = ' ';
					else
						FLUSH();
				}
				continue;
			}
			FLUSH();
			if (at_start)
				set_top(acc);
			at_start = false;
			continue;
		}
		if (lit >= 'A' && lit <= 'Z')
			lit = (char)(lit + 32);
		if (is_quant_start(x))
			set_top(ex);
		else
			ex_char(ex, lit);
		if (is_quant_start(x)) {
			unsigned min = quant(x);
			if (min == 0) {
				FLUSH();
				if (at_start) { /* an optional first char */
					set_empty(tmp);
					add_str(tmp, &lit, 1);
					unite(acc, tmp);
					unite_joined(acc, pre, tmp);
				}
				continue;
			}
			if (at_start)
				run_first = true;
			at_start = false;
			/* required, but repeats: it ends the contiguous run */
			if (rn < MAX_LIT)
				run[rn++] = lit;
			FLUSH();
			continue;
		}
		if (at_start)
			run_first = true;
		at_start = false;
		if (rn < MAX_LIT)
			run[rn++] = lit;
		else
			FLUSH();
	}
	FLUSH();
#undef FLUSH
	/* Nothing required: the sequence may match empty, so a match starts with
	 * one of its optional items or with whatever follows it (the caller's). */
	*nullable = at_start;
	if (at_start) {
		set_copy(first, acc);
		unite(first, pre);
	}
	if (exact)
		set_copy(exact, ex);
	put_set(x, tmp);
	put_set(x, acc);
	put_set(x, pre);
	put_set(x, ex);
}

/* Union b into out (top absorbs). */
static void unite(struct lset *out, const struct lset *b)
{
	if (b->top || out->top) {
		set_top(out);
		return;
	}
	for (size_t k = 0; k < b->n; k++)
		add_str(out, b->s[k], b->len[k]);
}

/* `exact` (may be NULL): every string the alternation can match, or top.
 * rq (may be NULL): what every match contains one of each, for a single
 * alternative (with several, the caller's union `out` stands for them). */
static void parse_alt(struct px *x, struct lset *out, struct lset *first, bool *nullable,
		      bool *wstart, struct lset *exact, struct reqs *rq)
{
	struct lset *b, *bf, *bex = NULL;
	if (!new_sets(x, &b, &bf))
		return;
	if (exact && !(bex = get_set(x))) {
		x->giveup = true;
		put_set(x, b);
		put_set(x, bf);
		return;
	}
	bool bnull = false, bws = false;
	parse_seq(x, out, first, nullable, wstart, exact, rq);
	if (x->i < x->n && x->p[x->i] == '|')
		req_clear(x, rq);
	while (!x->giveup && x->i < x->n && x->p[x->i] == '|') {
		x->i++;
		/* always parsed through, to find the closing ')' */
		parse_seq(x, b, bf, &bnull, &bws, bex, NULL);
		unite(out, b);
		unite(first, bf);
		if (exact)
			unite(exact, bex);
		*nullable = *nullable || bnull;
		*wstart = *wstart && bws;
	}
	put_set(x, b);
	put_set(x, bf);
	put_set(x, bex);
}

/* ---- The automaton ------------------------------------------------------ */

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Make room in the intern hash (open addressing, id + 1 per slot, 0 empty)
 * for one more literal: kept at most half full.  False on OOM. */
static bool intern_room(struct rlits *L)
{
	if ((L->n + 1) * 2 <= L->hcap)
		return true;
	size_t cap = L->hcap ? L->hcap * 2 : 1024;
	uint32_t *h = calloc(cap, sizeof *h);
	if (!h)
		return false;
	for (size_t i = 0; i < L->n; i++) {
		size_t k = str_hash(L->s[i]) & (cap - 1);
		while (h[k])
			k = (k + 1) & (cap - 1);
		h[k] = (uint32_t)i + 1;
	}
	free(L->hash);
	L->hash = h;
	L->hcap = cap;
	return true;
}

/* Intern `s` in the set's literal table; returns its id or -1 on OOM.  Ids
 * are given in order of first appearance. */
static long intern(struct pl_ruleset *rs, const char *s)
{
	struct rlits *L = &rs->lits;
	if (!intern_room(L))
		return -1;
	size_t k = str_hash(s) & (L->hcap - 1);
	for (; L->hash[k]; k = (k + 1) & (L->hcap - 1))
		if (strcmp(L->s[L->hash[k] - 1], s) == 0)
			return (long)L->hash[k] - 1;
	if (!pl_grow(&L->s, &L->cap, L->n, sizeof *L->s))
		return -1;
	L->s[L->n] = pl_arena_strndup(rs->arena, s, strlen(s));
	if (!L->s[L->n])
		return -1;
	L->hash[k] = (uint32_t)L->n + 1;
	return (long)L->n++;
}

/* Intern every string of l; *ids (malloc'd) gets their ids.  False on OOM. */
static bool intern_set(struct pl_ruleset *rs, const struct lset *l, uint32_t **ids, size_t *n)
{
	*ids = malloc(l->n * sizeof **ids);
	*n = 0;
	if (!*ids)
		return false;
	for (size_t i = 0; i < l->n; i++) {
		long id = intern(rs, l->s[i]);
		if (id < 0) {
			free(*ids);
			*ids = NULL;
			*n = 0;
			return false;
		}
		(*ids)[(*n)++] = (uint32_t)id;
	}
	return true;
}

/* A set with one-letter strings occurs in nearly every text and at nearly
 * every position: filtering or anchoring on it costs more than it saves.
 * Allowed (`letters`) is how many one-letter strings are still worth it: a
 * rule starting with \b is tried only at word starts ("a" in "a year"). */
static bool weak(const struct lset *l, size_t letters)
{
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->len[i] == 1 && l->s[i][0] >= 'a' && l->s[i][0] <= 'z')
			k++;
	return k > letters;
}

static int cmp_u32(const void *a, const void *b);

#define MAX_LINES 32 /* a rule with more `match` lines gets no per-line requirements */

/* The top level, whose alternatives are the rule's `match` lines
 * ((?:a)|(?:b)): parse_alt keeping each line's requirements in lines[k].
 * Returns the number of lines (more than MAX_LINES: not all kept). */
static size_t parse_top(struct px *x, struct lset *out, struct lset *first, bool *nullable,
			bool *wstart, struct reqs *lines)
{
	struct lset *b, *bf;
	size_t k = 0;
	if (!new_sets(x, &b, &bf))
		return 0;
	bool bnull = false, bws = false;
	parse_seq(x, out, first, nullable, wstart, NULL, &lines[k++]);
	while (!x->giveup && x->i < x->n && x->p[x->i] == '|') {
		x->i++;
		parse_seq(x, b, bf, &bnull, &bws, NULL, k < MAX_LINES ? &lines[k] : NULL);
		k++;
		unite(out, b);
		unite(first, bf);
		*nullable = *nullable || bnull;
		*wstart = *wstart && bws;
	}
	put_set(x, b);
	put_set(x, bf);
	return k;
}

/* pf's per-line requirements (struct prefilter: lreq, lat) from lines[0..n),
 * each set interned as one of rs->reqs.  None when a line has no requirement
 * (it could match wherever the rest of the filter lets it). */
static void store_lines(struct pl_ruleset *rs, struct prefilter *pf, const struct reqs *lines,
			size_t n)
{
	size_t total = 0;
	if (n == 0 || n > MAX_LINES)
		return;
	for (size_t k = 0; k < n; k++) {
		if (lines[k].n == 0)
			return;
		total += lines[k].n;
	}
	uint32_t *lat = pl_arena_alloc(rs->arena, (n + 1) * sizeof *lat);
	uint32_t *lreq = pl_arena_alloc(rs->arena, total * sizeof *lreq);
	if (!lat || !lreq)
		return;
	size_t t = 0;
	for (size_t k = 0; k < n; k++) {
		lat[k] = (uint32_t)t;
		for (size_t j = 0; j < lines[k].n; j++) {
			uint32_t *ids;
			size_t nids, same = 0;
			if (!pl_grow(&rs->reqs, &rs->reqscap, rs->nreqs, sizeof *rs->reqs) ||
			    !intern_set(rs, lines[k].v[j], &ids, &nids))
				return;
			/* one entry per distinct set (the placeholders' set is required by
			 * most event lines): the scan marks each once */
			qsort(ids, nids, sizeof *ids, cmp_u32);
			while (same < rs->nreqs && !(rs->reqs[same].nlit == nids &&
						     memcmp(rs->reqs[same].lit, ids, nids * sizeof *ids) == 0))
				same++;
			if (same < rs->nreqs) {
				free(ids);
				lreq[t++] = (uint32_t)same;
				continue;
			}
			struct rreq *q = &rs->reqs[rs->nreqs];
			q->lit = pl_arena_alloc(rs->arena, nids * sizeof *q->lit);
			if (q->lit)
				memcpy(q->lit, ids, nids * sizeof *ids);
			free(ids);
			if (!q->lit)
				return;
			q->nlit = nids;
			lreq[t++] = (uint32_t)rs->nreqs++;
		}
	}
	lat[n] = (uint32_t)t;
	pf->lreq = lreq;
	pf->lat = lat;
	pf->nline = n;
}

void rules_literals_extract(struct pl_ruleset *rs, struct prefilter *pf, const char *pat, size_t n)
{
	struct px x = { .p = pat, .n = n };
	struct lset *l, *f;
	struct reqs lines[MAX_LINES] = { 0 };
	size_t nlines = 0;
	if (!new_sets(&x, &l, &f))
		return;
	bool nullable = false, wstart = false;
	nlines = parse_top(&x, l, f, &nullable, &wstart, lines);
	if (nullable)
		set_top(f); /* it can match the empty string: anywhere */
	if (x.i != n)
		x.giveup = true; /* an unbalanced ')' or a parse we did not follow */
	if (x.giveup)
		goto out;
	if (!l->top && l->n > 0 && !weak(l, 0))
		intern_set(rs, l, &pf->lit, &pf->nlit);
	if (!f->top && f->n > 0 && !weak(f, wstart ? 2 : 0)) {
		intern_set(rs, f, &pf->first, &pf->nfirst);
		pf->wordstart = wstart;
	}
	store_lines(rs, pf, lines, nlines);
out:
	for (size_t k = 0; k < nlines && k < MAX_LINES; k++)
		req_clear(&x, &lines[k]);
	free(l);
	free(f);
	while (x.npool)
		free(x.pool[--x.npool]);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The i-th prefilter of the set: every rule's, then every `not` line's
 * (NULL past the end of a rule's lines; *more false past the last rule). */
static struct prefilter *nth_pf(struct pl_ruleset *rs, size_t rule, size_t line)
{
	struct pl_rule *r = &rs->rules[rule];
	if (line == 0)
		return &r->pf;
	return r->notpf && line <= r->nnot ? &r->notpf[line - 1] : NULL;
}

/* Group rules (and `not` lines) by identical first-literal sets (sorted id
 * lists), and mark the literals whose positions the matcher records. */
static bool build_startsets(struct pl_ruleset *rs)
{
	size_t cap = 0;
	struct rlits *L = &rs->lits;
	for (size_t i = 0; i < rs->nrules; i++) {
		struct prefilter *pf;
		for (size_t line = 0; (pf = nth_pf(rs, i, line)) != NULL; line++) {
			if (!pf->nfirst)
				continue;
			qsort(pf->first, pf->nfirst, sizeof *pf->first, cmp_u32);
			for (size_t k = 0; k < pf->nfirst; k++) /* WANT_ALL wins over WANT_WORD */
				if (!pf->wordstart || L->wantpos[pf->first[k]] != WANT_ALL)
					L->wantpos[pf->first[k]] = pf->wordstart ? WANT_WORD : WANT_ALL;
			size_t k = 0;
			while (k < rs->nstarts &&
			       !(rs->starts[k].n == pf->nfirst &&
				 memcmp(rs->starts[k].ids, pf->first, pf->nfirst * sizeof *pf->first) == 0))
				k++;
			if (k == rs->nstarts) {
				if (!pl_grow(&rs->starts, &cap, rs->nstarts, sizeof *rs->starts))
					return false;
				uint64_t *member = NULL;
				if (pf->nfirst > STARTSET_LARGE) {
					member = calloc(L->n / 64 + 1, sizeof *member);
					if (!member)
						return false;
					for (size_t j = 0; j < pf->nfirst; j++)
						member[pf->first[j] / 64] |= (uint64_t)1 << (pf->first[j] % 64);
				}
				rs->starts[rs->nstarts++] = (struct rstartset){ pf->first, pf->nfirst, member };
			}
			pf->startset = k;
		}
	}
	return true;
}

/* Number the prefilters with required literals and index them by literal. */
static bool build_users(struct pl_ruleset *rs)
{
	struct rlits *L = &rs->lits;
	size_t total = 0;
	L->usersat = calloc(L->n + 1, sizeof *L->usersat);
	if (!L->usersat)
		return false;
	L->npf = 0;
	for (size_t i = 0; i < rs->nrules; i++) {
		struct prefilter *pf;
		for (size_t line = 0; (pf = nth_pf(rs, i, line)) != NULL; line++) {
			if (!pf->nlit)
				continue;
			pf->id = L->npf++;
			for (size_t k = 0; k < pf->nlit; k++)
				L->usersat[pf->lit[k] + 1]++;
			total += pf->nlit;
		}
	}
	for (size_t i = 0; i < rs->nreqs; i++) { /* the sets of match lines, numbered after */
		struct rreq *q = &rs->reqs[i];
		q->id = L->npf++;
		for (size_t k = 0; k < q->nlit; k++)
			L->usersat[q->lit[k] + 1]++;
		total += q->nlit;
	}
	for (size_t id = 0; id < L->n; id++)
		L->usersat[id + 1] += L->usersat[id];
	L->users = malloc((total ? total : 1) * sizeof *L->users);
	uint32_t *fill = malloc((L->n ? L->n : 1) * sizeof *fill);
	if (!L->users || !fill) {
		free(fill);
		return false;
	}
	memcpy(fill, L->usersat, L->n * sizeof *fill);
	for (size_t i = 0; i < rs->nrules; i++) {
		struct prefilter *pf;
		for (size_t line = 0; (pf = nth_pf(rs, i, line)) != NULL; line++)
			for (size_t k = 0; k < pf->nlit; k++)
				L->users[fill[pf->lit[k]]++] = pf->id;
	}
	for (size_t i = 0; i < rs->nreqs; i++)
		for (size_t k = 0; k < rs->reqs[i].nlit; k++)
			L->users[fill[rs->reqs[i].lit[k]]++] = rs->reqs[i].id;
	free(fill);
	return true;
}

/* A trie state as made: its parent and the byte (a literal's, lower case)
 * that leads there from it (building only). */
struct tnode {
	uint32_t parent;
	unsigned char byte;
};

static bool ascii_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Flatten the output chains into per-state ranges for the scan (after
 * build_startsets: wantpos decides which outputs go to `want`), in chain
 * order, so the scan marks and records in the order it always did. */
static bool build_outputs(struct rlits *L, const struct tnode *tn)
{
	size_t ns = L->nstates, nout = 0, nwant = 0;
	for (size_t st = 0; st < ns; st++)
		for (uint32_t k = L->outfirst[st]; k; k = L->outcell[k].next) {
			nout++;
			nwant += L->wantpos[L->outcell[k].id] != 0;
		}
	uint32_t *depth = calloc(ns, sizeof *depth);
	if (!depth)
		return false;
	for (size_t st = 1; st < ns; st++) /* parents are made before their children */
		depth[st] = depth[tn[st].parent] + 1;
	L->outid = malloc((nout ? nout : 1) * sizeof *L->outid);
	L->want = malloc((nwant ? nwant : 1) * sizeof *L->want);
	if (!L->outid || !L->want) {
		free(depth);
		return false;
	}
	nout = nwant = 0;
	for (size_t st = 0; st < ns; st++) {
		uint32_t *S = L->next + st * (L->nscls + RS_WORDS) + L->nscls;
		uint32_t so = (uint32_t)nout, sw = (uint32_t)nwant, key = 0;
		for (uint32_t k = L->outfirst[st]; k; k = L->outcell[k].next) {
			uint32_t id = L->outcell[k].id;
			if (nout == so || L->len[id] > L->len[key])
				key = id;
			L->outid[nout++] = id;
			if (!L->wantpos[id])
				continue;
			/* the text's first byte of an occurrence has the class of the
			 * literal's: a word character exactly when it is one */
			bool word = L->wantpos[id] == WANT_WORD && ascii_word((unsigned char)L->s[id][0]);
			if (word && depth[st] > L->len[id]) {
				/* the state's string goes back past the occurrence: the
				 * character before it is known here (one of its class,
				 * ' ' a run of white space), and so is the \b check */
				uint32_t a = (uint32_t)st;
				for (uint32_t j = 0; j < L->len[id]; j++)
					a = tn[a].parent;
				if (ascii_word(tn[a].byte))
					continue; /* never recorded */
				word = false;
			}
			bool inner = memchr(L->s[id], ' ', L->len[id] - 1) != NULL;
			L->want[nwant++] = (struct rwant){ id, (uint8_t)L->len[id], word, inner };
		}
		/* a state has at most one output per length (<= MAX_LIT) */
		S[RS_OUT] = so;
		S[RS_WANT] = sw;
		S[RS_KEY] = key;
		S[RS_N] = (uint32_t)(nout - so) | (uint32_t)(nwant - sw) << 16;
	}
	free(depth);
	free(L->outcell);
	L->outcell = NULL;
	return true;
}

/* Build the Aho-Corasick DFA over byte classes: the bytes used by some literal
 * (upper-case letters share their lower-case class), everything else class 0. */
bool rules_literals_build(struct pl_ruleset *rs)
{
	struct rlits *L = &rs->lits;
	if (L->n == 0)
		return true;
	/* positions are recorded only for literals that start some rule or `not`
	 * line (build_startsets sets wantpos) */
	L->wantpos = calloc(L->n, 1);
	L->len = malloc(L->n * sizeof *L->len);
	if (!L->wantpos || !L->len)
		return false;
	for (size_t i = 0; i < L->n; i++)
		L->len[i] = (uint32_t)strlen(L->s[i]);
	memset(L->cls, 0, sizeof L->cls);
	uint32_t nc = 1;
	for (size_t i = 0; i < L->n; i++)
		for (const unsigned char *p = (const unsigned char *)L->s[i]; *p; p++)
			if (!L->cls[*p])
				L->cls[*p] = (uint8_t)nc++;
	for (int c = 'A'; c <= 'Z'; c++)
		L->cls[c] = L->cls[c + 32];
	L->ncls = nc;
	/* the scan's classes: white space is ' '; a byte that may start a
	 * multi-byte space gets a class of its own when it has none (no other
	 * byte shares a class it has: only letters do) */
	uint32_t nsc = nc;
	for (int c = 0; c < 256; c++)
		L->scls[c] = L->cls[c];
	for (const char *p = "\t\n\v\f\r"; *p; p++)
		L->scls[(unsigned char)*p] = L->cls[' '];
	for (const char *p = "\xC2\xE1\xE2\xE3"; *p; p++)
		if (!L->cls[(unsigned char)*p])
			L->scls[(unsigned char)*p] = (uint16_t)nsc++;
	L->nscls = nsc;
	/* trie */
	size_t total = 1;
	for (size_t i = 0; i < L->n; i++)
		total += strlen(L->s[i]);
	L->delta = calloc(total * nc, sizeof *L->delta);
	L->fail = calloc(total, sizeof *L->fail);
	L->outfirst = calloc(total, sizeof *L->outfirst);
	size_t *queue = calloc(total, sizeof *queue);
	struct tnode *tn = calloc(total, sizeof *tn); /* per state: where the trie made it */
	/* output lists: per state a chain of (id, next) cells */
	L->outcell = calloc(total + L->n * 8 + 1, sizeof *L->outcell);
	size_t cells = 1, cellcap = total + L->n * 8 + 1, nstates = 1;
	bool ok = L->delta && L->fail && L->outfirst && queue && L->outcell && tn;
	for (size_t i = 0; ok && i < L->n; i++) {
		uint32_t st = 0;
		for (const unsigned char *p = (const unsigned char *)L->s[i]; *p; p++) {
			uint32_t *t = &L->delta[st * nc + L->cls[*p]];
			if (!*t) {
				tn[nstates] = (struct tnode){ st, *p };
				*t = (uint32_t)nstates++;
			}
			st = *t;
		}
		L->outcell[cells] = (struct rcell){ (uint32_t)i, L->outfirst[st] };
		L->outfirst[st] = (uint32_t)cells++;
	}
	/* BFS: failure links and the full transition table */
	size_t qh = 0, qt = 0;
	for (uint32_t c = 0; ok && c < nc; c++) {
		uint32_t t = L->delta[c];
		if (t) {
			L->fail[t] = 0;
			queue[qt++] = t;
		}
	}
	while (ok && qh < qt) {
		size_t s = queue[qh++];
		/* inherit the outputs of the failure state (copy its chain) */
		for (uint32_t k = L->outfirst[L->fail[s]]; k; k = L->outcell[k].next) {
			if (cells == cellcap) {
				void *p = realloc(L->outcell, cellcap * 2 * sizeof *L->outcell);
				if (!p) {
					ok = false;
					break;
				}
				L->outcell = p;
				cellcap *= 2;
			}
			L->outcell[cells] = (struct rcell){ L->outcell[k].id, L->outfirst[s] };
			L->outfirst[s] = (uint32_t)cells++;
		}
		for (uint32_t c = 0; c < nc; c++) {
			uint32_t *t = &L->delta[s * nc + c];
			uint32_t f = L->delta[L->fail[s] * nc + c];
			if (*t) {
				L->fail[*t] = f;
				queue[qt++] = *t;
			} else {
				*t = f;
			}
		}
	}
	free(queue);
	L->nstates = nstates;
	if (!ok) {
		free(tn);
		return false;
	}
	/* rows of nsc transitions and the state's outputs (build_outputs) */
	size_t w = nsc + RS_WORDS;
	if ((uint64_t)nstates * w > NEXT_ROW) {
		free(tn);
		return false;
	}
	L->next = calloc(nstates * w, sizeof *L->next);
	if (!L->next) {
		free(tn);
		return false;
	}
	bool maybe[256 + 4] = { false }; /* per scan class (four may be new) */
	for (const char *p = "\xC2\xE1\xE2\xE3"; *p; p++)
		maybe[L->scls[(unsigned char)*p]] = true;
	for (size_t st = 0; st < nstates; st++)
		for (size_t c = 0; c < nsc; c++) {
			/* a class of the scan's own is one of no literal: class 0's */
			uint32_t t = L->delta[st * nc + (c < nc ? c : 0)];
			L->next[st * w + c] = (uint32_t)(t * w) |
						      (L->outfirst[t] ? NEXT_OUT : 0) |
						      (maybe[c] ? NEXT_MAYBE : 0);
		}
	/* More white space after a ' ' is the same ' ': stay, without outputs
	 * (they were reported at the run's first character).  Reading a ' '
	 * always ends in such a state, or in the root when no literal has one
	 * (the root's ' ' then leads back to it). */
	for (size_t st = 1; st < nstates; st++)
		if (tn[st].byte == ' ')
			L->next[st * w + L->cls[' ']] = (uint32_t)(st * w);
	bool done = build_startsets(rs) && build_users(rs) && build_outputs(L, tn);
	free(tn);
	return done;
}

void rules_literals_free(struct pl_ruleset *rs)
{
	struct rlits *L = &rs->lits;
	free(L->s);
	free(L->hash);
	free(L->delta);
	free(L->next);
	for (size_t i = 0; i < rs->nstarts; i++)
		free(rs->starts[i].member);
	free(rs->starts);
	free(rs->reqs);
	free(L->fail);
	free(L->outfirst);
	free(L->outcell);
	free(L->outid);
	free(L->want);
	free(L->wantpos);
	free(L->len);
	free(L->usersat);
	free(L->users);
}

/* Length of the white space character that ends just before p, 0 none. */
static size_t space_before(const unsigned char *u, size_t p)
{
	if (p >= 1 && rules_space_len(u + p - 1, 1) == 1)
		return 1;
	if (p >= 2 && rules_space_len(u + p - 2, 2) == 2)
		return 2;
	return p >= 3 && rules_space_len(u + p - 3, 3) == 3 ? 3 : 0;
}

/* Where an occurrence of `w` whose last character was read at `end`
 * starts.  Every character of a literal is one byte of the text but ' ',
 * which is a whole run of white space (its offset: the run's first byte).
 * A ' ' is never followed by another in an occurrence (a run reads as one),
 * so the character before a ' ' is one byte, and a run before a character
 * is the longest one ending there: the walk back needs no memory of the
 * scan.  White space characters are found back from their ends the same as
 * forwards (their first bytes are never inside another one). */
static size_t occ_start_inner(const struct rlits *L, const struct rwant *w, const unsigned char *u,
			      size_t end)
{
	const char *lit = L->s[w->id];
	size_t p = end;
	for (size_t k = w->len - 1; k > 0; k--) {
		if (lit[k - 1] != ' ') {
			p--;
			continue;
		}
		for (size_t b; (b = space_before(u, p));)
			p -= b;
	}
	return p;
}

static size_t occ_start(const struct rlits *L, const struct rwant *w, const unsigned char *u,
			size_t end)
{
	return !w->inner ? end + 1 - w->len : occ_start_inner(L, w, u, end);
}

/* First visit of a state with outputs in this text: mark its literals
 * present, and the prefilters using them passed (off the scan's common
 * path). */
__attribute__((noinline)) static void mark_present(const struct rlits *L, const uint32_t *S,
						   struct rfound *f)
{
	for (const uint32_t *o = L->outid + S[RS_OUT], *e = o + (S[RS_N] & 0xFFFF); o < e; o++) {
		uint32_t id = *o;
		if (f->present[id] == f->pgen)
			continue;
		f->present[id] = f->pgen;
		f->touched[f->ntouched++] = id; /* each id once: L->n entries suffice */
		for (uint32_t k = L->usersat[id]; k < L->usersat[id + 1]; k++)
			f->pfseen[L->users[k]] = f->gen;
	}
}

/* Record that wanted literal `id` starts at `at` (the list grows off the
 * common path). */
static bool add_pos(struct rfound *f, uint32_t id, size_t at)
{
	struct rposv *v = &f->pos[id];
	if (__builtin_expect(v->n == v->cap, 0) && !pl_grow(&v->v, &v->cap, v->n, sizeof *v->v))
		return false;
	if (v->n == 0)
		f->posids[f->nposids++] = id; /* each id once, like touched */
	v->v[v->n++] = at;
	return true;
}

bool rules_literals_scan(const struct pl_ruleset *rs, const char *s, size_t n, struct rfound *f)
{
	const struct rlits *L = &rs->lits;
	uint32_t row = 0, nsc = L->nscls, spc = L->cls[' '];
	const uint32_t *next = L->next;
	const uint16_t *scls = L->scls;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < f->nposids; i++) /* what the previous text found */
		f->pos[f->posids[i]].n = 0;
	if (++f->pgen == 0) { /* wrapped: old stamps could look current */
		memset(f->present, 0, L->n);
		f->pgen = 1;
	}
	uint8_t pgen = f->pgen;
	f->ntouched = 0;
	f->nposids = 0;
	if (++f->gen == 0) { /* wrapped: old stamps could look current */
		memset(f->pfseen, 0, L->npf * sizeof *f->pfseen);
		f->gen = 1;
	}
	/* The automaton reads the text with every run of white space (what \s
	 * matches) as one ' ', so "the next day" is one literal for the\s+next\s+day:
	 * ASCII white space is classed as ' ' and the states after a ' ' ignore
	 * more of it (rlits.next); a multi-byte space is read whole, as ' '. */
	const struct rwant *want = L->want;
	const uint8_t *present = f->present;
	for (const unsigned char *p = u, *e = u + n; p < e; p++) {
		uint32_t t = next[row + scls[*p]];
		if (__builtin_expect(t <= NEXT_ROW, 1)) {
			row = t;
			continue;
		}
		const unsigned char *at = p;
		if (t & NEXT_MAYBE) {
			size_t w = rules_space_len(p, (size_t)(e - p));
			if (w) {
				p += w - 1;
				t = next[row + spc];
			}
		}
		row = t & NEXT_ROW;
		if (!(t & NEXT_OUT))
			continue;
		/* a state with outputs: its literals are present (marked at its
		 * first visit: a visit of any state where its key ends marks them
		 * all), and the wanted ones start somewhere */
		const uint32_t *S = next + row + nsc;
		if (__builtin_expect(present[S[RS_KEY]] != pgen, 0))
			mark_present(L, S, f);
		for (const struct rwant *w = want + S[RS_WANT], *we = w + (S[RS_N] >> 16); w < we; w++) {
			size_t start = occ_start(L, w, u, (size_t)(at - u));
			/* \b cannot hold between two ASCII word characters (u[start]
			 * is one when w->word) */
			if (w->word && start > 0 && ascii_word(u[start - 1]))
				continue;
			if (!add_pos(f, w->id, start))
				return false;
		}
	}
	return true;
}
