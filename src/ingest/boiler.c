/* boiler.c - drop page furniture from article bodies with the phrase rules of
 * rules/boilerplate*.rules (kind boilerplate), and move photo captions apart.
 *
 * Each rule says what it looks at (`scope line` or `scope paragraph`), what
 * happens on a match (`action drop` or `action caption`), optionally how long
 * a line may be to qualify (`max-length N`, in characters: long lines are
 * news, not furniture), and `context after-drop` for rules that only apply
 * right after dropped text (the bullet list under a "Subscribe now" line, a
 * lone "or" between two sign-in blocks).  A rule with `heading yes` drops the
 * heading of a block of links ("Recommended for you"); `context after-heading`
 * rules apply only inside such a block, which goes on while lines are dropped
 * and ends at the first kept one (the teaser headlines under the heading).
 * No phrase lives in this file. */
#include "ingest/fmtutil.h"
#include "parley/ingest.h"
#include "parley/rules.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

enum scope { SCOPE_LINE, SCOPE_PARAGRAPH };
enum action { ACT_DROP, ACT_CAPTION };
enum context { CTX_AFTER_DROP, CTX_AFTER_HEADING, CTX_ANY };

/* What boiler.c reads from one rule's attributes, parsed once at load. */
struct brule {
	const struct pl_rule *rule;
	enum scope scope;
	enum action action;
	size_t max_len; /* characters; SIZE_MAX when unlimited */
	enum context context;
	bool heading; /* what it drops heads a block of links */
};

/* Where the scan stands: what came right before the text being decided. */
struct state {
	bool after_drop; /* the previous line or paragraph was dropped */
	bool in_links;   /* inside a block of links opened by a heading */
};

struct pl_boiler {
	struct pl_ruleset *rs;
	struct brule *br; /* sorted by rule pointer, for lookup from a match */
	size_t n;
	/* Scratch for matching, made once at load: creating PCRE2 match data and
	 * a JIT stack per article cost mmap/munmap pairs that were ~40% of the
	 * time of a feed with 100,000 small items.  It makes a pl_boiler usable
	 * by one thread at a time (load one per thread to share the work). */
	struct pl_matcher *m;
};

static int cmp_brule(const void *a, const void *b)
{
	const struct pl_rule *x = ((const struct brule *)a)->rule, *y = ((const struct brule *)b)->rule;
	return x < y ? -1 : x > y;
}

/* Set *out to the index in `names` (NULL-terminated) of r's attribute `attr`,
 * when r has it; false after a diagnostic listing the names. */
static bool choice(const struct pl_rule *r, const char *attr, const char *const *names, int *out,
		   struct pl_diags *d)
{
	const char *v = pl_rule_attr(r, attr);
	if (!v)
		return true;
	size_t n = 0;
	for (; names[n]; n++)
		if (strcmp(v, names[n]) == 0) {
			*out = (int)n;
			return true;
		}
	struct pl_buf b = PL_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		pl_buf_printf(&b, "%s'%s'", i == 0 ? "" : i + 1 == n ? " or " : ", ", names[i]);
	pl_error_at(d, pl_rule_file(r), pl_rule_offset(r), 0, "rule '%s': %s must be %s, not '%s'",
		    pl_rule_id(r), attr, b.p ? b.p : "", v);
	pl_buf_free(&b);
	return false;
}

/* Parse the boilerplate attributes of r into *o; false after a diagnostic. */
static bool read_rule(const struct pl_rule *r, struct brule *o, struct pl_diags *d)
{
	/* in enum order */
	static const char *const scopes[] = { "line", "paragraph", NULL };
	static const char *const actions[] = { "drop", "caption", NULL };
	static const char *const contexts[] = { "after-drop", "after-heading", NULL };
	static const char *const yes_no[] = { "no", "yes", NULL };
	int scope = SCOPE_LINE, action = ACT_DROP, context = CTX_ANY, heading = 0;
	bool ok = choice(r, "scope", scopes, &scope, d);
	ok &= choice(r, "action", actions, &action, d);
	*o = (struct brule){ r, SCOPE_LINE, ACT_DROP, SIZE_MAX, CTX_ANY, false };
	const char *ml = pl_rule_attr(r, "max-length");
	if (ml) {
		char *end = NULL;
		long v = strtol(ml, &end, 10);
		if (!*ml || *end || v <= 0) {
			pl_error_at(d, pl_rule_file(r), pl_rule_offset(r), 0,
				    "rule '%s': max-length must be a positive number, not '%s'",
				    pl_rule_id(r), ml);
			ok = false;
		} else {
			o->max_len = (size_t)v;
		}
	}
	ok &= choice(r, "context", contexts, &context, d);
	ok &= choice(r, "heading", yes_no, &heading, d);
	o->scope = (enum scope)scope;
	o->action = (enum action)action;
	o->context = (enum context)context;
	o->heading = heading == 1;
	return ok;
}

struct pl_boiler *pl_boiler_load(const char *const *dirs, size_t ndirs, struct pl_diags *d)
{
	static const char *const prefixes[] = { "common", "boilerplate" };
	struct pl_boiler *b = calloc(1, sizeof *b);
	if (!b) {
		pl_error(d, ndirs ? dirs[0] : NULL, "out of memory");
		return NULL;
	}
	size_t errs = d->nerrors;
	b->rs = pl_rules_load_prefixed(ndirs ? dirs[0] : NULL, ndirs ? dirs + 1 : NULL,
				       ndirs ? ndirs - 1 : 0, prefixes, 2, d);
	if (!b->rs)
		goto fail;
	const struct pl_rule *const *rules;
	size_t n = pl_rules_of_kind(b->rs, "boilerplate", &rules);
	b->br = calloc(n ? n : 1, sizeof *b->br);
	b->m = pl_matcher_create(b->rs);
	if (!b->br || !b->m) {
		pl_error(d, ndirs ? dirs[0] : NULL, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < n; i++)
		if (read_rule(rules[i], &b->br[b->n], d))
			b->n++;
	qsort(b->br, b->n, sizeof *b->br, cmp_brule);
	if (d->nerrors != errs)
		goto fail; /* a half-working furniture filter would silently keep junk */
	return b;
fail:
	pl_boiler_destroy(b);
	return NULL;
}

void pl_boiler_destroy(struct pl_boiler *b)
{
	if (!b)
		return;
	pl_matcher_destroy(b->m);
	pl_rules_destroy(b->rs);
	free(b->br);
	free(b);
}

static const struct brule *find_brule(const struct pl_boiler *b, const struct pl_rule *r)
{
	struct brule key = { .rule = r };
	return bsearch(&key, b->br, b->n, sizeof *b->br, cmp_brule);
}

/* Index of the first '\n' in s[at..len), else len (memchr: every body is
 * walked line by line a few times). */
static size_t eol_of(const char *s, size_t at, size_t len)
{
	const char *nl = at < len ? memchr(s + at, '\n', len - at) : NULL;
	return nl ? (size_t)(nl - s) : len;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

static bool context_holds(enum context c, const struct state *st)
{
	return c == CTX_ANY || (c == CTX_AFTER_DROP && st->after_drop) ||
	       (c == CTX_AFTER_HEADING && st->in_links);
}

/* The rules that decide text s[0..n) seen as a paragraph (best[SCOPE_PARAGRAPH])
 * and as a line (best[SCOPE_LINE]); NULL: none.  Among qualifying matches the
 * highest priority wins, then the earliest.  One matching pass serves both.
 *
 * Rules that cannot qualify here (the text is longer than their max-length,
 * or their context does not hold) are left out of the matching when their
 * priority is below that of every rule that can: overlaps are resolved
 * greedily by priority first, so such rules only ever lose to the others and
 * leaving them out changes no qualifying match.  That spares the teaser rule
 * of link blocks, which has no literal to prefilter on and backtracks over
 * every paragraph of every article, outside such blocks. */
static void decide(const struct pl_boiler *b, struct pl_matcher *m, const char *s, size_t n,
		   const struct state *st, const struct brule *best[2], bool *oom)
{
	best[0] = best[1] = NULL;
	size_t chars = pl_utf8_count(s, n);
	int floor = INT_MAX;
	for (size_t i = 0; i < b->n; i++) {
		const struct brule *br = &b->br[i];
		if (!pl_rule_is_veto(br->rule) && chars <= br->max_len &&
		    context_holds(br->context, st) && pl_rule_priority(br->rule) < floor)
			floor = pl_rule_priority(br->rule);
	}
	if (floor == INT_MAX)
		return; /* no rule can qualify */
	struct pl_match *mv = NULL;
	pl_matcher_set_min_priority(m, floor);
	long k = pl_match_all(m, "boilerplate", s, n, &mv, NULL);
	if (k < 0)
		*oom = true;
	for (long i = 0; i < k; i++) {
		const struct brule *br = find_brule(b, mv[i].rule);
		if (!br || chars > br->max_len || !context_holds(br->context, st))
			continue;
		if (!best[br->scope] || pl_rule_priority(br->rule) > pl_rule_priority(best[br->scope]->rule))
			best[br->scope] = br;
	}
	free(mv);
}

/* The scan moves past text that rule `br` (NULL: none) decided. */
static void advance(struct state *st, const struct brule *br)
{
	bool drop = br && br->action == ACT_DROP;
	st->in_links = drop && (br->heading || st->in_links);
	st->after_drop = drop;
}

static bool add_caption(struct pl_article *a, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return pl_fmt_add_caption(&a->captions, &a->ncaptions, pl_strndup(s, n));
}

long pl_boiler_apply(const struct pl_boiler *b, struct pl_article *a)
{
	if (!b || !a->body || b->n == 0)
		return 0;
	struct pl_matcher *m = b->m;
	const char *s = a->body;
	size_t len = a->body_len, pos = 0;
	struct pl_buf out = PL_BUF_INIT, para = PL_BUF_INIT;
	long removed = 0;
	bool oom = false;
	struct state st = { false, false };
	while (pos < len && !oom) {
		/* skip blank lines, then one paragraph: lines up to the next blank line */
		for (;;) {
			size_t eol = eol_of(s, pos, len);
			if (eol >= len || !blank(s + pos, eol - pos))
				break;
			pos = eol + 1;
		}
		size_t pstart = pos, pend = pos;
		while (pend < len) {
			size_t eol = eol_of(s, pend, len);
			if (blank(s + pend, eol - pend) && pend > pstart)
				break;
			pend = eol < len ? eol + 1 : eol;
		}
		pos = pend;
		size_t pn = pend - pstart;
		while (pn && (s[pstart + pn - 1] == '\n' || s[pstart + pn - 1] == '\r'))
			pn--;
		if (blank(s + pstart, pn))
			continue;
		size_t nlines = 1;
		for (size_t i = eol_of(s, pstart, pstart + pn); i < pstart + pn;
		     i = eol_of(s, i + 1, pstart + pn))
			nlines++;
		const struct brule *best[2];
		decide(b, m, s + pstart, pn, &st, best, &oom);
		const struct brule *pr = best[SCOPE_PARAGRAPH];
		if (!pr && nlines == 1)
			pr = best[SCOPE_LINE];
		if (pr) {
			if (pr->action == ACT_CAPTION && !add_caption(a, s + pstart, pn))
				oom = true;
			removed += (long)nlines;
			advance(&st, pr);
			continue;
		}
		/* line by line */
		pl_buf_reset(&para);
		for (size_t ls = pstart; ls < pstart + pn && !oom;) {
			size_t le = eol_of(s, ls, pstart + pn);
			const struct brule *lr = NULL;
			if (nlines > 1) {
				decide(b, m, s + ls, le - ls, &st, best, &oom);
				lr = best[SCOPE_LINE];
			}
			if (lr && lr->action == ACT_CAPTION && !add_caption(a, s + ls, le - ls))
				oom = true;
			if (lr) {
				removed++;
			} else {
				if (para.len)
					pl_buf_putc(&para, '\n');
				pl_buf_append(&para, s + ls, le - ls);
			}
			advance(&st, lr);
			ls = le + 1;
		}
		if (para.len) {
			if (out.len)
				pl_buf_puts(&out, "\n\n");
			pl_buf_append(&out, para.p, para.len);
		}
	}
	pl_buf_free(&para);
	if (oom || out.oom) {
		pl_buf_free(&out);
		return -1;
	}
	if (removed > 0) {
		size_t n = out.len;
		char *body = n ? pl_buf_steal(&out) : pl_strdup("");
		if (!body) {
			pl_buf_free(&out);
			return -1;
		}
		free(a->body);
		a->body = body;
		a->body_len = n;
	}
	pl_buf_free(&out);
	return removed;
}
