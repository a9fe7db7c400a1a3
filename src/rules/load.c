/* load.c - read rule files from directories and parse them into a ruleset:
 * lists, macros, attribute declarations and rule blocks, with every syntax
 * problem reported at its file position (all of them, not just the first). */
#include "rules_impl.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Attribute names every rule may carry without declaring them: the ones the
 * shipped stages read.  Others need `attribute NAME` so typos are caught. */
static const char *const builtin_attrs[] = {
	"type", "value", "mod", "quant", "freq", "anchor", "tense",
	"scope", "action", "context", "max-length", "note",
};

const char *rules_diag_file(const struct pl_ruleset *rs, size_t file, struct pl_diags *d)
{
	const struct rfile *f = &rs->files[file];
	if (d)
		pl_diags_source(d, f->path, f->text, f->len);
	return f->path;
}

/* ---- Case folding for list lookup --------------------------------------- */

static uint32_t fold_cp(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3A9) ||
	    (c >= 0x410 && c <= 0x42F))
		return c + 32;
	if (c >= 0x400 && c <= 0x40F)
		return c + 80;
	if (c >= 0x100 && c <= 0x17F && !(c & 1) && c != 0x130 && c != 0x138)
		return c + 1; /* Latin Extended-A: mostly even upper, odd lower */
	return c;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

void rules_fold(const char *s, size_t n, struct pl_buf *out)
{
	bool pending_space = false;
	size_t i = 0;
	while (i < n) {
		if (is_space(s[i])) {
			pending_space = out->len > 0;
			i++;
			continue;
		}
		/* U+00A0 no-break space folds like a space: news text is full of them. */
		if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
			pending_space = out->len > 0;
			i += 2;
			continue;
		}
		if (pending_space)
			pl_buf_putc(out, ' ');
		pending_space = false;
		uint32_t cp;
		int k = pl_utf8_decode(s + i, n - i, &cp);
		if (k <= 0) {
			pl_buf_putc(out, s[i]);
			i++;
			continue;
		}
		pl_utf8_put(out, fold_cp(cp));
		i += (size_t)k;
	}
}

/* rules_fold of pure ASCII s[0..n) into out[0..cap), NUL-terminated; false
 * (out unspecified) when s has a byte >= 0x80 or the result may not fit. */
static bool ascii_fold(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	bool pending_space = false;
	if (n >= cap)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if ((unsigned char)c >= 0x80)
			return false;
		if (is_space(c)) {
			pending_space = o > 0;
			continue;
		}
		if (pending_space)
			out[o++] = ' ';
		pending_space = false;
		out[o++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
	}
	out[o] = '\0';
	return true;
}

/* ---- Line scanning -------------------------------------------------------- */

struct line {
	const char *p; /* directive word */
	size_t n;
	const char *arg; /* rest after the word and blanks (may be empty) */
	size_t argn;
	size_t off, argoff; /* file offsets of the word and the argument */
};

/* Cut a trailing comment: '#' at the start or after a blank, outside "quotes"
 * when `quotes` (example lines), then trailing blanks. */
static size_t strip_comment(const char *s, size_t n, bool quotes)
{
	bool inq = false;
	for (size_t i = 0; i < n; i++) {
		if (quotes && s[i] == '\\' && inq) {
			i++;
			continue;
		}
		if (quotes && s[i] == '"')
			inq = !inq;
		else if (s[i] == '#' && !inq && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
			n = i;
			break;
		}
	}
	while (n > 0 && is_space(s[n - 1]))
		n--;
	return n;
}

static bool word_is(const struct line *l, const char *w)
{
	size_t n = strlen(w);
	return l->n == n && memcmp(l->p, w, n) == 0;
}

static bool is_name(const char *s, size_t n)
{
	if (n == 0 || !(s[0] == '_' || (s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

/* ---- Parser state --------------------------------------------------------- */

struct parser {
	struct pl_ruleset *rs;
	size_t file;
	const char *path;
	const char *text;
	struct pl_diags *d;
	struct rlist *list; /* open list block or NULL */
	struct pl_rule *rule; /* open rule block or NULL */
	bool skipping; /* after an unknown top-level directive: skip its block up to `end` */
	bool oom;
};

#define ERR(ps, off, n, ...) pl_error_at((ps)->d, (ps)->path, (off), (n), __VA_ARGS__)

static char *dup(struct parser *ps, const char *s, size_t n)
{
	char *r = pl_arena_strndup(ps->rs->arena, s, n);
	if (!r)
		ps->oom = true;
	return r;
}

static void close_rule(struct parser *ps)
{
	struct pl_rule *r = ps->rule;
	ps->rule = NULL;
	if (!r)
		return;
	if (!r->kind) {
		ERR(ps, r->off, 0, "rule '%s' has no 'kind'", r->id);
		r->broken = true;
	}
	if (r->nmatch == 0) {
		ERR(ps, r->off, 0, "rule '%s' has no 'match'", r->id);
		r->broken = true;
	}
}

static void missing_end(struct parser *ps)
{
	if (ps->rule) {
		ERR(ps, ps->rule->off, 0, "missing 'end' for rule '%s'", ps->rule->id);
		close_rule(ps);
	}
	if (ps->list) {
		ERR(ps, ps->list->off, 0, "missing 'end' for list '%s'", ps->list->name);
		ps->list = NULL;
	}
}

/* Parse a "quoted string" at s[*i] into out; false when malformed. */
static bool parse_quoted(const char *s, size_t n, size_t *i, struct pl_buf *out)
{
	if (*i >= n || s[*i] != '"')
		return false;
	for (size_t k = *i + 1; k < n; k++) {
		char c = s[k];
		if (c == '"') {
			*i = k + 1;
			return true;
		}
		if (c != '\\') {
			pl_buf_putc(out, c);
			continue;
		}
		if (++k >= n)
			return false;
		switch (s[k]) {
		case 'n': pl_buf_putc(out, '\n'); break;
		case 't': pl_buf_putc(out, '\t'); break;
		case '"': pl_buf_putc(out, '"'); break;
		case '\\': pl_buf_putc(out, '\\'); break;
		case 'u': {
			uint32_t cp = 0;
			if (k + 4 >= n)
				return false;
			for (int j = 1; j <= 4; j++) {
				char h = s[k + (size_t)j];
				cp = cp * 16 + (uint32_t)(h >= '0' && h <= '9' ? h - '0'
						: h >= 'a' && h <= 'f' ? h - 'a' + 10
						: h >= 'A' && h <= 'F' ? h - 'A' + 10 : 99);
				if (cp > 0xFFFF)
					return false;
			}
			pl_utf8_put(out, cp);
			k += 4;
			break;
		}
		default:
			return false;
		}
	}
	return false;
}

static void skip_blank(const char *s, size_t n, size_t *i)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
}

/* example [@CTX] "TEXT" -> "MATCH" [= VALUE]  |  example [@CTX] "TEXT" -> none */
static void parse_example(struct parser *ps, const struct line *l)
{
	struct pl_rule *r = ps->rule;
	const char *s = l->arg;
	size_t n = l->argn, i = 0;
	struct pl_buf text = PL_BUF_INIT, expect = PL_BUF_INIT, value = PL_BUF_INIT;
	struct rexample ex = { 0 };
	bool ok = false, none = false, has_value = false;
	if (i < n && s[i] == '@') {
		size_t b = ++i;
		while (i < n && !is_space(s[i]))
			i++;
		ex.ctx = dup(ps, s + b, i - b);
		skip_blank(s, n, &i);
	}
	size_t textpos = i;
	if (!parse_quoted(s, n, &i, &text))
		goto out;
	skip_blank(s, n, &i);
	if (i + 1 >= n || s[i] != '-' || s[i + 1] != '>')
		goto out;
	i += 2;
	skip_blank(s, n, &i);
	if (n - i >= 4 && memcmp(s + i, "none", 4) == 0 && (n - i == 4 || is_space(s[i + 4]))) {
		none = true;
		i += 4;
	} else if (!parse_quoted(s, n, &i, &expect)) {
		goto out;
	}
	skip_blank(s, n, &i);
	if (i < n && s[i] == '=' && !none) {
		i++;
		skip_blank(s, n, &i);
		if (i < n && s[i] == '"') {
			if (!parse_quoted(s, n, &i, &value))
				goto out;
		} else {
			pl_buf_append(&value, s + i, n - i);
			i = n;
		}
		has_value = true;
	}
	skip_blank(s, n, &i);
	ok = i == n;
out:
	if (!ok) {
		ERR(ps, l->argoff + i, 0,
		    "malformed example: expected \"TEXT\" -> \"MATCH\" [= VALUE] or \"TEXT\" -> none");
	} else if (!none && (!text.p || !expect.p || expect.len == 0 ||
			     !strstr(text.p, expect.p))) {
		ERR(ps, l->argoff + textpos, 0, "example match \"%s\" is not part of the example text",
		    expect.p ? expect.p : "");
	} else {
		ex.text = dup(ps, text.p ? text.p : "", text.len);
		ex.expect = none ? NULL : dup(ps, expect.p, expect.len);
		ex.value = has_value ? dup(ps, value.p ? value.p : "", value.len) : NULL;
		ex.off = l->argoff + textpos;
		void *p = realloc(r->ex, (r->nex + 1) * sizeof *r->ex);
		if (!p)
			ps->oom = true;
		else {
			r->ex = p;
			r->ex[r->nex++] = ex;
		}
	}
	pl_buf_free(&text);
	pl_buf_free(&expect);
	pl_buf_free(&value);
}

static bool add_pat(struct parser *ps, struct rpat **v, size_t *n, const struct line *l)
{
	if (l->argn == 0) {
		ERR(ps, l->off, l->n, "'%.*s' needs a pattern", (int)l->n, l->p);
		return false;
	}
	void *p = realloc(*v, (*n + 1) * sizeof **v);
	if (!p) {
		ps->oom = true;
		return false;
	}
	*v = p;
	(*v)[(*n)++] = (struct rpat){ dup(ps, l->arg, l->argn), l->argoff };
	return true;
}

static struct rattr *find_attr(struct pl_rule *r, const char *name, size_t n)
{
	for (size_t i = 0; i < r->nattr; i++)
		if (strlen(r->attr[i].name) == n && memcmp(r->attr[i].name, name, n) == 0)
			return &r->attr[i];
	return NULL;
}

static void rule_line(struct parser *ps, const struct line *l)
{
	struct pl_rule *r = ps->rule;
	if (word_is(l, "match")) {
		add_pat(ps, &r->match, &r->nmatch, l);
	} else if (word_is(l, "not")) {
		add_pat(ps, &r->nots, &r->nnot, l);
	} else if (word_is(l, "example")) {
		parse_example(ps, l);
	} else if (word_is(l, "kind")) {
		if (r->kind)
			ERR(ps, l->off, l->n, "duplicate 'kind' in rule '%s'", r->id);
		else if (l->argn == 0 || memchr(l->arg, ' ', l->argn) || memchr(l->arg, '\t', l->argn))
			ERR(ps, l->argoff, 0, "'kind' needs one word");
		else
			r->kind = dup(ps, l->arg, l->argn);
	} else if (word_is(l, "priority")) {
		char buf[24];
		char *end = NULL;
		long v = 0;
		if (l->argn > 0 && l->argn < sizeof buf) {
			memcpy(buf, l->arg, l->argn);
			buf[l->argn] = '\0';
			errno = 0;
			v = strtol(buf, &end, 10);
		}
		if (!end || *end || errno || v < -1000000 || v > 1000000)
			ERR(ps, l->argoff, (size_t)l->argn, "priority must be an integer, not '%.*s'",
			    (int)l->argn, l->arg);
		else
			r->prio = (int)v;
	} else if (word_is(l, "veto")) {
		if (l->argn == 0 || (l->argn == 3 && memcmp(l->arg, "yes", 3) == 0))
			r->veto = true;
		else if (l->argn == 2 && memcmp(l->arg, "no", 2) == 0)
			r->veto = false;
		else
			ERR(ps, l->argoff, l->argn, "'veto' takes 'yes' or 'no', not '%.*s'", (int)l->argn, l->arg);
	} else if (word_is(l, "case")) {
		if (l->argn == 9 && memcmp(l->arg, "sensitive", 9) == 0)
			r->case_sensitive = true;
		else if (l->argn == 11 && memcmp(l->arg, "insensitive", 11) == 0)
			r->case_sensitive = false;
		else
			ERR(ps, l->argoff, l->argn, "'case' takes 'sensitive' or 'insensitive', not '%.*s'",
			    (int)l->argn, l->arg);
	} else {
		/* An attribute; whether the name is known is checked after every file
		 * is read, so `attribute` declarations may come in any file. */
		if (find_attr(r, l->p, l->n)) {
			ERR(ps, l->off, l->n, "duplicate '%.*s' in rule '%s'", (int)l->n, l->p, r->id);
			return;
		}
		void *p = realloc(r->attr, (r->nattr + 1) * sizeof *r->attr);
		if (!p) {
			ps->oom = true;
			return;
		}
		r->attr = p;
		r->attr[r->nattr++] = (struct rattr){ dup(ps, l->p, l->n), dup(ps, l->arg, l->argn), l->off };
	}
}

/* One entry of the open list: s[0..n) ("Jan = 1"), at byte `off` of the file. */
static void list_line(struct parser *ps, const char *s, size_t n, size_t off)
{
	struct rlist *li = ps->list;
	const char *eq = memchr(s, '=', n);
	size_t en = eq ? (size_t)(eq - s) : n;
	while (en > 0 && is_space(s[en - 1]))
		en--;
	if (en == 0) {
		ERR(ps, off, 0, "empty entry in list '%s'", li->name);
		return;
	}
	const char *v = NULL;
	size_t vn = 0;
	if (eq) {
		v = eq + 1;
		vn = n - (size_t)(v - s);
		while (vn > 0 && is_space(*v)) {
			v++;
			vn--;
		}
	}
	struct pl_buf t = PL_BUF_INIT, k = PL_BUF_INIT;
	for (size_t i = 0; i < en; i++) { /* whitespace runs fold to one space */
		if (is_space(s[i])) {
			if (t.len && t.p[t.len - 1] != ' ')
				pl_buf_putc(&t, ' ');
		} else {
			pl_buf_putc(&t, s[i]);
		}
	}
	rules_fold(s, en, &k);
	if (!pl_grow(&li->e, &li->cap, li->n, sizeof *li->e) || t.oom || k.oom) {
		ps->oom = true;
	} else {
		li->e[li->n++] = (struct lentry){ dup(ps, t.p, t.len), dup(ps, k.p, k.len),
						   eq ? dup(ps, v, vn) : NULL, off };
	}
	pl_buf_free(&t);
	pl_buf_free(&k);
}

static void top_line(struct parser *ps, const struct line *l)
{
	struct pl_ruleset *rs = ps->rs;
	if (word_is(l, "rule")) {
		if (l->argn == 0 || memchr(l->arg, ' ', l->argn) || memchr(l->arg, '\t', l->argn)) {
			ERR(ps, l->argoff, 0, "'rule' needs one id (no spaces)");
			ps->skipping = true;
			return;
		}
		if (!pl_grow(&rs->rules, &rs->rulescap, rs->nrules, sizeof *rs->rules)) {
			ps->oom = true;
			return;
		}
		struct pl_rule *r = &rs->rules[rs->nrules];
		memset(r, 0, sizeof *r);
		r->id = dup(ps, l->arg, l->argn);
		r->file = ps->file;
		r->path = ps->path;
		r->off = l->off;
		r->order = rs->nrules++;
		ps->rule = r;
	} else if (word_is(l, "list")) {
		const char *s = l->arg;
		size_t nn = 0;
		while (nn < l->argn && !is_space(s[nn]))
			nn++;
		const char *rest = s + nn;
		size_t rn = l->argn - nn;
		while (rn > 0 && is_space(*rest)) {
			rest++;
			rn--;
		}
		bool cs = false;
		if (!is_name(s, nn)) {
			ERR(ps, l->argoff, nn, "bad list name '%.*s' (letters, digits, '_')", (int)nn, s);
		} else if (rn == 14 && memcmp(rest, "case sensitive", 14) == 0) {
			cs = true;
		} else if (rn != 0) {
			ERR(ps, (size_t)(rest - ps->text), rn, "unexpected '%.*s' after list name", (int)rn, rest);
		}
		if (!pl_grow(&rs->lists, &rs->listscap, rs->nlists, sizeof *rs->lists)) {
			ps->oom = true;
			return;
		}
		struct rlist *li = &rs->lists[rs->nlists++];
		memset(li, 0, sizeof *li);
		li->name = dup(ps, s, nn);
		li->case_sensitive = cs;
		li->file = ps->file;
		li->off = l->off;
		li->dead = !is_name(s, nn);
		ps->list = li;
	} else if (word_is(l, "define")) {
		const char *s = l->arg, *eq = memchr(s, '=', l->argn);
		size_t nn = 0;
		while (nn < l->argn && !is_space(s[nn]) && s[nn] != '=')
			nn++;
		if (!eq || !is_name(s, nn)) {
			ERR(ps, l->argoff, 0, "expected 'define NAME = PATTERN'");
			return;
		}
		const char *b = eq + 1, *e = l->arg + l->argn;
		while (b < e && is_space(*b))
			b++;
		if (b == e) {
			ERR(ps, (size_t)(eq - ps->text), 0, "macro '%.*s' has an empty pattern", (int)nn, s);
			return;
		}
		if (!pl_grow(&rs->macros, &rs->macroscap, rs->nmacros, sizeof *rs->macros)) {
			ps->oom = true;
			return;
		}
		struct rmacro *m = &rs->macros[rs->nmacros++];
		memset(m, 0, sizeof *m);
		m->name = dup(ps, s, nn);
		m->body = dup(ps, b, (size_t)(e - b));
		m->file = ps->file;
		m->off = l->off;
		m->body_off = (size_t)(b - ps->text);
	} else if (word_is(l, "attribute")) {
		const char *s = l->arg, *e = l->arg + l->argn;
		while (s < e) {
			const char *w = s;
			while (s < e && !is_space(*s))
				s++;
			if (!pl_grow(&rs->attrnames, &rs->attrnamescap, rs->nattrnames, sizeof(char *))) {
				ps->oom = true;
				return;
			}
			rs->attrnames[rs->nattrnames++] = dup(ps, w, (size_t)(s - w));
			while (s < e && is_space(*s))
				s++;
		}
		if (l->argn == 0)
			ERR(ps, l->off, l->n, "'attribute' needs one or more names");
	} else if (word_is(l, "end")) {
		ERR(ps, l->off, l->n, "'end' without 'rule' or 'list'");
	} else {
		ERR(ps, l->off, l->n, "unknown directive '%.*s'", (int)l->n, l->p);
		/* Probably a misspelt `list` or `rule`: its body would only add
		 * follow-on errors, so skip to its `end` or the next block. */
		ps->skipping = true;
	}
}

bool rules_parse(struct pl_ruleset *rs, size_t file, struct pl_diags *d)
{
	struct rfile *f = &rs->files[file];
	struct parser ps = { .rs = rs, .file = file, .path = f->path, .text = f->text, .d = d };
	const char *t = f->text;
	size_t len = f->len, pos = 0;
	while (pos < len) {
		size_t eol = pos;
		while (eol < len && t[eol] != '\n')
			eol++;
		size_t b = pos;
		while (b < eol && is_space(t[b]))
			b++;
		size_t we = b;
		while (we < eol && !is_space(t[we]))
			we++;
		bool is_example = we - b == 7 && memcmp(t + b, "example", 7) == 0;
		size_t n = strip_comment(t + b, eol - b, is_example);
		struct line l = { t + b, we - b < n ? we - b : n, NULL, 0, b, 0 };
		size_t a = b + l.n;
		while (a < b + n && is_space(t[a]))
			a++;
		l.arg = t + a;
		l.argn = b + n - a;
		l.argoff = a;
		pos = eol + 1;
		if (n == 0)
			continue;
		bool opener = word_is(&l, "rule") || word_is(&l, "list") || word_is(&l, "define");
		if (ps.skipping) {
			if (!opener && !word_is(&l, "attribute")) {
				ps.skipping = !word_is(&l, "end");
				continue;
			}
			ps.skipping = false;
		}
		if (ps.list) {
			if (word_is(&l, "end") && l.argn == 0) {
				ps.list = NULL;
				continue;
			}
			if (!opener) {
				list_line(&ps, t + b, n, b);
				continue;
			}
			missing_end(&ps);
		} else if (ps.rule) {
			if (word_is(&l, "end") && l.argn == 0) {
				close_rule(&ps);
				continue;
			}
			if (!opener) {
				rule_line(&ps, &l);
				continue;
			}
			missing_end(&ps);
		}
		top_line(&ps, &l);
	}
	missing_end(&ps);
	return !ps.oom;
}

/* ---- Duplicates and replacement ------------------------------------------ */

static bool attr_known(const struct pl_ruleset *rs, const char *name)
{
	for (size_t i = 0; i < sizeof builtin_attrs / sizeof *builtin_attrs; i++)
		if (strcmp(builtin_attrs[i], name) == 0)
			return true;
	for (size_t i = 0; i < rs->nattrnames; i++)
		if (strcmp(rs->attrnames[i], name) == 0)
			return true;
	return false;
}

/* Called for an earlier item `a` and a later one `b` with the same name:
 * a later directory replaces, the same directory is an error (first wins). */
static void dup_pair(struct pl_ruleset *rs, const char *what, const char *name, size_t fa,
		     size_t oa, bool *dead_a, size_t fb, size_t ob, bool *dead_b, struct pl_diags *d)
{
	if (rs->files[fa].dir != rs->files[fb].dir) {
		*dead_a = true;
		return;
	}
	pl_error_at(d, rules_diag_file(rs, fb, d), ob, 0, "duplicate %s '%s'", what, name);
	pl_diags_add(d, PL_NOTE, rules_diag_file(rs, fa, d), true, oa, 0, "first defined here");
	*dead_b = true;
}

/* A rule, list or macro seen through what duplicate checking needs. */
struct named {
	const char *name;
	size_t file, off;
	bool *dead;
};

/* Quadratic, but rule sets hold hundreds of entries, loaded once. */
static void dedupe(struct pl_ruleset *rs, const char *what, struct named *v, size_t n,
		   struct pl_diags *d)
{
	for (size_t j = 0; j < n; j++)
		for (size_t i = 0; i < j && !*v[j].dead; i++)
			if (!*v[i].dead && strcmp(v[i].name, v[j].name) == 0)
				dup_pair(rs, what, v[j].name, v[i].file, v[i].off, v[i].dead, v[j].file,
					 v[j].off, v[j].dead, d);
}

void rules_resolve_duplicates(struct pl_ruleset *rs, struct pl_diags *d)
{
	size_t most = rs->nrules > rs->nlists ? rs->nrules : rs->nlists;
	if (rs->nmacros > most)
		most = rs->nmacros;
	struct named *v = malloc((most ? most : 1) * sizeof *v);
	if (!v) {
		pl_error(d, NULL, "out of memory");
		return;
	}
	for (size_t i = 0; i < rs->nrules; i++) {
		struct pl_rule *r = &rs->rules[i];
		v[i] = (struct named){ r->id, r->file, r->off, &r->dead };
	}
	dedupe(rs, "rule id", v, rs->nrules, d);
	for (size_t i = 0; i < rs->nlists; i++) {
		struct rlist *l = &rs->lists[i];
		v[i] = (struct named){ l->name, l->file, l->off, &l->dead };
	}
	dedupe(rs, "list", v, rs->nlists, d);
	for (size_t i = 0; i < rs->nmacros; i++) {
		struct rmacro *m = &rs->macros[i];
		v[i] = (struct named){ m->name, m->file, m->off, &m->dead };
	}
	dedupe(rs, "macro", v, rs->nmacros, d);
	free(v);
	for (size_t j = 0; j < rs->nmacros; j++) {
		struct rmacro *b = &rs->macros[j];
		if (!b->dead && rules_find_list(rs, b->name, strlen(b->name))) {
			pl_error_at(d, rules_diag_file(rs, b->file, d), b->off, 0,
				    "'%s' is already a list", b->name);
			b->dead = true;
		}
	}
	for (size_t j = 0; j < rs->nrules; j++) {
		struct pl_rule *r = &rs->rules[j];
		if (r->dead)
			continue;
		for (size_t i = 0; i < r->nattr; i++)
			if (!attr_known(rs, r->attr[i].name)) {
				pl_error_at(d, rules_diag_file(rs, r->file, d), r->attr[i].off,
					    strlen(r->attr[i].name), "unknown directive '%s'", r->attr[i].name);
				r->broken = true;
			}
	}
}

/* ---- Loading --------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct lentry *)a)->key, ((const struct lentry *)b)->key);
}

static struct pl_ruleset *set_create(void)
{
	struct pl_ruleset *rs = calloc(1, sizeof *rs);
	if (!rs)
		return NULL;
	rs->arena = pl_arena_create(1 << 16);
	if (!rs->arena) {
		free(rs);
		return NULL;
	}
	return rs;
}

/* Take ownership of `text` as file `path` of directory `dir` and parse it. */
static bool add_file(struct pl_ruleset *rs, const char *path, char *text, size_t len, int dir,
		     struct pl_diags *d)
{
	if (!pl_grow(&rs->files, &rs->filescap, rs->nfiles, sizeof *rs->files)) {
		free(text);
		return false;
	}
	char *p = pl_arena_strndup(rs->arena, path, strlen(path));
	if (!p) {
		free(text);
		return false;
	}
	size_t fi = rs->nfiles++;
	rs->files[fi] = (struct rfile){ p, text, len, dir };
	pl_diags_source(d, p, text, len);
	size_t good = pl_utf8_valid_prefix(text, len);
	if (good != len) {
		pl_error_at(d, p, good, 0, "invalid UTF-8 in rules file");
		return true;
	}
	return rules_parse(rs, fi, d);
}

static bool has_prefix(const char *name, const char *const *prefixes, size_t np)
{
	if (!prefixes)
		return true;
	for (size_t i = 0; i < np; i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

/* Read and parse one rules file.  False on OOM; an unreadable file is a
 * diagnostic and sets *failed. */
static bool load_file(struct pl_ruleset *rs, const char *path, int dirno, bool *failed,
		      struct pl_diags *d)
{
	struct pl_buf text = PL_BUF_INIT;
	if (pl_read_file(path, PL_MAX_INPUT, &text, d) != 0) {
		pl_buf_free(&text);
		*failed = true;
		return true;
	}
	size_t tl = text.len;
	char *tp = pl_buf_steal(&text); /* add_file owns it from here */
	return tp && add_file(rs, path, tp, tl, dirno, d);
}

/* Read every matching *.rules file of `dir` in name order.  Returns false on
 * OOM; an unreadable directory or file is a diagnostic (and *failed). */
static bool load_dir(struct pl_ruleset *rs, const char *dir, int dirno, const char *const *prefixes,
		     size_t np, bool *failed, struct pl_diags *d)
{
	DIR *dh = opendir(dir);
	if (!dh) {
		pl_error(d, dir, "cannot open rules directory: %s", strerror(errno));
		*failed = true;
		return true;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;
	struct dirent *de;
	while ((de = readdir(dh)) != NULL) {
		size_t l = strlen(de->d_name);
		if (l <= 6 || de->d_name[0] == '.' || strcmp(de->d_name + l - 6, ".rules") != 0 ||
		    !has_prefix(de->d_name, prefixes, np))
			continue;
		char *s = pl_strdup(de->d_name);
		if (!s || !pl_grow(&names, &cap, n, sizeof *names)) {
			free(s);
			ok = false;
			break;
		}
		names[n++] = s;
	}
	closedir(dh);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n && ok; i++) {
		struct pl_buf path = PL_BUF_INIT;
		pl_buf_puts(&path, dir);
		if (path.len && path.p[path.len - 1] != '/')
			pl_buf_putc(&path, '/');
		pl_buf_puts(&path, names[i]);
		ok = !path.oom && load_file(rs, path.p, dirno, failed, d);
		pl_buf_free(&path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ok;
}

/* Diagnostics come from several passes (parse, duplicates, compile); users
 * read them best in file order.  A group is one diagnostic plus the notes
 * that follow it. */
struct dgroup {
	size_t first, n; /* range in d->v */
	size_t file;     /* load order of its file; SIZE_MAX when it has no position */
	size_t off;
};

static int cmp_group(const void *a, const void *b)
{
	const struct dgroup *x = a, *y = b;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

static void sort_diags(const struct pl_ruleset *rs, struct pl_diags *d, size_t from)
{
	size_t n = d->n - from, ng = 0;
	if (n < 2)
		return;
	struct dgroup *g = malloc((n ? n : 1) * sizeof *g);
	struct pl_diag *tmp = malloc((n ? n : 1) * sizeof *tmp);
	if (!g || !tmp)
		goto out; /* unsorted is still correct */
	for (size_t i = from; i < d->n; i++) {
		const struct pl_diag *v = &d->v[i];
		if (v->severity == PL_NOTE && ng > 0) {
			g[ng - 1].n++;
			continue;
		}
		size_t fi = SIZE_MAX;
		for (size_t f = 0; v->has_pos && v->file && f < rs->nfiles; f++)
			if (strcmp(rs->files[f].path, v->file) == 0)
				fi = f;
		/* unpositioned ones (unreadable directory...) first */
		g[ng++] = (struct dgroup){ i, 1, fi == SIZE_MAX ? 0 : fi + 1, v->offset };
	}
	qsort(g, ng, sizeof *g, cmp_group);
	size_t w = 0;
	for (size_t k = 0; k < ng; k++)
		for (size_t j = 0; j < g[k].n; j++)
			tmp[w++] = d->v[g[k].first + j];
	memcpy(d->v + from, tmp, n * sizeof *tmp);
out:
	free(g);
	free(tmp);
}

/* After all files are parsed: duplicates, list sorting, compiling, index. */
static uint32_t name_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Index the live lists by name (duplicates are resolved: one live list per
 * name).  Without the memory for it rules_find_list keeps scanning. */
static void index_lists(struct pl_ruleset *rs)
{
	size_t cap = 16;
	while (cap < rs->nlists * 2)
		cap *= 2;
	uint32_t *h = calloc(cap, sizeof *h);
	if (!h)
		return;
	for (size_t i = 0; i < rs->nlists; i++) {
		if (rs->lists[i].dead)
			continue;
		size_t k = name_hash(rs->lists[i].name, strlen(rs->lists[i].name)) & (cap - 1);
		while (h[k])
			k = (k + 1) & (cap - 1);
		h[k] = (uint32_t)i + 1;
	}
	rs->listhash = h;
	rs->listhcap = cap;
}

static bool finish(struct pl_ruleset *rs, struct pl_diags *d, size_t d0)
{
	rules_resolve_duplicates(rs, d);
	index_lists(rs);
	for (size_t i = 0; i < rs->nlists; i++)
		if (rs->lists[i].n)
			qsort(rs->lists[i].e, rs->lists[i].n, sizeof *rs->lists[i].e, cmp_entry);
	rules_compile_all(rs, d);
	sort_diags(rs, d, d0);
	return rules_index_kinds(rs) && rules_literals_build(rs);
}

/* The end of every load: NULL when nothing could be read (failed and no
 * file) or on OOM (d0 == SIZE_MAX), else the finished set. */
static struct pl_ruleset *finish_load(struct pl_ruleset *rs, bool failed, struct pl_diags *d,
				      size_t d0)
{
	if (d0 != SIZE_MAX && failed && rs->nfiles == 0) {
		pl_rules_destroy(rs);
		return NULL;
	}
	if (d0 == SIZE_MAX || !finish(rs, d, d0)) {
		pl_error(d, NULL, "out of memory loading rules");
		pl_rules_destroy(rs);
		return NULL;
	}
	return rs;
}

struct pl_ruleset *pl_rules_load_prefixed(const char *shipped, const char *const *user_dirs,
					  size_t nuser, const char *const *prefixes,
					  size_t nprefixes, struct pl_diags *d)
{
	struct pl_ruleset *rs = set_create();
	bool failed = false;
	size_t d0 = d->n;
	if (!rs)
		return NULL;
	if (shipped && !load_dir(rs, shipped, 0, prefixes, nprefixes, &failed, d))
		goto oom;
	for (size_t i = 0; i < nuser; i++)
		if (!load_dir(rs, user_dirs[i], (int)i + 1, prefixes, nprefixes, &failed, d))
			goto oom;
	return finish_load(rs, failed, d, d0);
oom:
	return finish_load(rs, true, d, SIZE_MAX);
}

struct pl_ruleset *pl_rules_load_paths(const char *shipped, const char *const *paths,
				       size_t npaths, struct pl_diags *d)
{
	struct pl_ruleset *rs = set_create();
	bool failed = false;
	size_t d0 = d->n;
	if (!rs)
		return NULL;
	if (shipped && !load_dir(rs, shipped, 0, NULL, 0, &failed, d))
		goto oom;
	for (size_t i = 0; i < npaths; i++) {
		DIR *dh = opendir(paths[i]);
		if (dh) {
			closedir(dh);
			if (!load_dir(rs, paths[i], 1, NULL, 0, &failed, d))
				goto oom;
			continue;
		}
		if (!load_file(rs, paths[i], 1, &failed, d))
			goto oom;
	}
	return finish_load(rs, failed, d, d0);
oom:
	return finish_load(rs, true, d, SIZE_MAX);
}

struct pl_ruleset *pl_rules_load(const char *shipped, const char *const *user_dirs, size_t nuser,
				 struct pl_diags *d)
{
	return pl_rules_load_prefixed(shipped, user_dirs, nuser, NULL, 0, d);
}

struct pl_ruleset *pl_rules_load_text(const char *file, const char *text, size_t len,
				      struct pl_diags *d)
{
	struct pl_ruleset *rs = set_create();
	char *copy = pl_strndup(text, len);
	size_t d0 = d->n;
	if (!rs || !copy || !add_file(rs, file, copy, len, 0, d) || !finish(rs, d, d0)) {
		if (!rs)
			free(copy);
		pl_error(d, file, "out of memory loading rules");
		pl_rules_destroy(rs);
		return NULL;
	}
	return rs;
}

void pl_rules_destroy(struct pl_ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->nfiles; i++)
		free(rs->files[i].text);
	free(rs->files);
	for (size_t i = 0; i < rs->nlists; i++)
		free(rs->lists[i].e);
	free(rs->lists);
	free(rs->listhash);
	free(rs->macros);
	for (size_t i = 0; i < rs->nrules; i++) {
		struct pl_rule *r = &rs->rules[i];
		free(r->match);
		free(r->nots);
		free(r->attr);
		free(r->ex);
		pcre2_code_free(r->code);
		for (size_t k = 0; r->notcode && k < r->nnot; k++)
			pcre2_code_free(r->notcode[k]);
		for (size_t k = 0; r->notacode && k < r->nnot; k++)
			pcre2_code_free(r->notacode[k]);
		for (size_t k = 0; r->notpf && k < r->nnot; k++) {
			free(r->notpf[k].lit);
			free(r->notpf[k].first);
		}
		free(r->notcode);
		free(r->notacode);
		free(r->notpf);
		free(r->notjit);
		free(r->notapat);
		free(r->notapatlen);
		free(r->pf.lit);
		free(r->pf.first);
		pcre2_code_free(r->acode);
	}
	free(rs->rules);
	free(rs->attrnames);
	for (size_t i = 0; i < rs->nkinds; i++) {
		free(rs->kinds[i].rules);
		free(rs->kinds[i].run);
	}
	free(rs->kinds);
	rules_literals_free(rs);
	pl_arena_destroy(rs->arena);
	free(rs);
}

/* ---- Lookups ----------------------------------------------------------------- */

struct rlist *rules_find_list(const struct pl_ruleset *rs, const char *name, size_t n)
{
	if (rs->listhash) {
		size_t k = name_hash(name, n) & (rs->listhcap - 1);
		for (; rs->listhash[k]; k = (k + 1) & (rs->listhcap - 1)) {
			struct rlist *li = &rs->lists[rs->listhash[k] - 1];
			if (!li->dead && strlen(li->name) == n && memcmp(li->name, name, n) == 0)
				return li;
		}
		return NULL;
	}
	for (size_t i = rs->nlists; i-- > 0;)
		if (!rs->lists[i].dead && strlen(rs->lists[i].name) == n &&
		    memcmp(rs->lists[i].name, name, n) == 0)
			return &rs->lists[i];
	return NULL;
}

struct rmacro *rules_find_macro(const struct pl_ruleset *rs, const char *name, size_t n)
{
	for (size_t i = rs->nmacros; i-- > 0;)
		if (!rs->macros[i].dead && strlen(rs->macros[i].name) == n &&
		    memcmp(rs->macros[i].name, name, n) == 0)
			return &rs->macros[i];
	return NULL;
}

const char *pl_rules_list_lookup(const struct pl_ruleset *rs, const char *list, const char *word,
				 size_t n)
{
	const struct rlist *li = rs ? rules_find_list(rs, list, strlen(list)) : NULL;
	if (!li || li->n == 0)
		return NULL;
	/* Most words are short ASCII: folded here into a stack buffer exactly
	 * as rules_fold does (spaces trimmed and runs made one, A-Z lowered),
	 * without a heap buffer per lookup. */
	char small[128];
	struct pl_buf k = PL_BUF_INIT;
	const char *key = small;
	if (!ascii_fold(word, n, small, sizeof small)) {
		rules_fold(word, n, &k);
		key = k.p ? k.p : "";
	}
	const char *res = NULL;
	if (!k.oom) {
		struct lentry ke = { .key = (char *)key };
		const struct lentry *e = bsearch(&ke, li->e, li->n, sizeof *li->e, cmp_entry);
		if (e)
			res = e->value ? e->value : e->text;
	}
	pl_buf_free(&k);
	return res;
}

/* ---- Numbers in rule data ------------------------------------------------------ */

bool pl_rules_int(const char *s, long min, long max, long *out)
{
	size_t i = 0, nd = 0;
	bool neg = false;
	long v = 0;
	if (!s)
		return false;
	if (s[i] == '-' || s[i] == '+')
		neg = s[i++] == '-';
	for (; s[i] >= '0' && s[i] <= '9'; i++, nd++) {
		if (nd == 18)
			return false; /* more digits than any value here needs; no overflow */
		v = v * 10 + (s[i] - '0');
	}
	if (nd == 0 || s[i] != '\0')
		return false;
	v = neg ? -v : v;
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

size_t pl_rules_list_check_int(const struct pl_ruleset *rs, const char *list, long min,
			       long max, const char *what, struct pl_diags *d)
{
	const struct rlist *li = rs && list ? rules_find_list(rs, list, strlen(list)) : NULL;
	size_t bad = 0;
	for (size_t i = 0; li && i < li->n; i++) {
		const struct lentry *e = &li->e[i];
		long v;
		if (pl_rules_int(e->value, min, max, &v))
			continue;
		bad++;
		pl_diags_add(d, PL_WARNING, rules_diag_file(rs, li->file, d), true, e->off,
			     strlen(e->text),
			     "list %s: '%s' needs an integer %s from %ld to %ld, not '%s'; entry ignored",
			     li->name, e->text, what, min, max, e->value ? e->value : "");
	}
	return bad;
}

void pl_rule_attr_diag(const struct pl_ruleset *rs, const struct pl_rule *r, const char *name,
		       enum pl_severity sev, const char *msg, struct pl_diags *d)
{
	size_t off = r->off, len = 0;
	for (size_t i = 0; i < r->nattr; i++)
		if (strcmp(r->attr[i].name, name) == 0) {
			/* the value: after the name and the blanks that follow it */
			const char *t = rs->files[r->file].text;
			off = r->attr[i].off + strlen(r->attr[i].name);
			while (t[off] == ' ' || t[off] == '\t')
				off++;
			len = strlen(r->attr[i].val);
			break;
		}
	pl_diags_add(d, sev, rules_diag_file(rs, r->file, d), true, off, len, "%s", msg);
}
