/* compile.c - expand %LIST / %MACRO references and compile rule patterns with
 * PCRE2 (UTF + UCP, caseless unless `case sensitive`, JIT when available),
 * mapping compile errors back to the position in the rule file. */
#include "rules_impl.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* The expanded pattern plus, for each expanded byte, the file offset it came
 * from.  Bytes produced by a %NAME expansion map to the %NAME use in the
 * pattern as written, with `uselen` its length, so errors inside a macro point
 * at where it was used. */
struct expansion {
	struct pl_buf pat;
	size_t *map, *uselen;
	size_t mapcap;
	const char *use_name; /* name of the %NAME being expanded at top level, per byte */
	const char **usenames;
	bool oom;
};

static void emit(struct expansion *x, const char *s, size_t n, size_t off, size_t uselen,
		 const char *usename, bool direct)
{
	size_t need = x->pat.len + n + 1;
	if (need > x->mapcap) {
		size_t cap = x->mapcap ? x->mapcap : 64;
		while (cap < need)
			cap *= 2;
		size_t *m = realloc(x->map, cap * sizeof *m);
		if (m)
			x->map = m;
		size_t *u = realloc(x->uselen, cap * sizeof *u);
		if (u)
			x->uselen = u;
		const char **un = realloc(x->usenames, cap * sizeof *un);
		if (un)
			x->usenames = un;
		if (!m || !u || !un) {
			x->oom = true;
			return;
		}
		x->mapcap = cap;
	}
	for (size_t i = 0; i < n; i++) {
		size_t k = x->pat.len + i;
		x->map[k] = direct ? off + i : off;
		x->uselen[k] = uselen;
		x->usenames[k] = usename;
	}
	pl_buf_append(&x->pat, s, n);
}

static void expansion_free(struct expansion *x)
{
	pl_buf_free(&x->pat);
	free(x->map);
	free(x->uselen);
	free(x->usenames);
}

static bool name_start(char c)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

static int cmp_len_desc(const void *a, const void *b)
{
	const struct lentry *x = *(const struct lentry *const *)a, *y = *(const struct lentry *const *)b;
	size_t lx = strlen(x->text), ly = strlen(y->text);
	if (lx != ly)
		return lx < ly ? 1 : -1;
	return strcmp(x->text, y->text);
}

/* A list as a regex: (?i:longest|...|shortest), metacharacters escaped,
 * spaces in entries matching any whitespace run. */
static void list_regex(const struct rlist *li, struct pl_buf *out)
{
	const struct lentry **v = malloc((li->n ? li->n : 1) * sizeof *v);
	if (!v) {
		out->oom = true;
		return;
	}
	for (size_t i = 0; i < li->n; i++)
		v[i] = &li->e[i];
	qsort(v, li->n, sizeof *v, cmp_len_desc);
	pl_buf_puts(out, li->case_sensitive ? "(?-i:" : "(?i:");
	for (size_t i = 0; i < li->n; i++) {
		if (i && strcmp(v[i]->text, v[i - 1]->text) == 0)
			continue; /* same text, different value: one alternative is enough */
		if (i)
			pl_buf_putc(out, '|');
		for (const char *s = v[i]->text; *s; s++) {
			if (*s == ' ') {
				pl_buf_puts(out, "\\s+");
				continue;
			}
			if (strchr("\\^$.[]|()?*+{}#/-", *s))
				pl_buf_putc(out, '\\');
			pl_buf_putc(out, *s);
		}
	}
	if (li->n == 0)
		pl_buf_puts(out, "(*FAIL)"); /* an empty list matches nothing */
	pl_buf_putc(out, ')');
	free(v);
}

/* An error inside a macro body would repeat once per rule using the macro:
 * report each (file, offset, message) once. */
static bool already_reported(const struct pl_diags *d, const char *file, size_t off)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].has_pos && d->v[i].offset == off && d->v[i].file && file &&
		    strcmp(d->v[i].file, file) == 0)
			return true;
	return false;
}

struct expander {
	struct pl_ruleset *rs;
	struct pl_diags *d;
	struct expansion *x;
	bool failed;
	int depth;
	bool for_rule; /* expanding a rule's pattern (marks macros used) */
};

/* Expand `src` (from file `file` at offset `off`).  At top level (depth 0)
 * every byte maps to its own position; inside a macro, every byte maps to the
 * top-level %NAME use (use_off/use_len). */
static void expand(struct expander *e, const char *src, size_t file, size_t off, size_t use_off,
		   size_t use_len, const char *use_name)
{
	struct pl_ruleset *rs = e->rs;
	bool top = e->depth == 0, in_class = false;
	size_t n = strlen(src), i = 0;
	while (i < n) {
		size_t run = i;
		while (i < n && src[i] != '%') {
			if (src[i] == '\\' && i + 1 < n) {
				i += 2; /* \% and any escaped byte stay as written */
			} else if (!in_class && src[i] == '[') {
				in_class = true; /* a leading ] or ^] is a member, not the end */
				i++;
				if (i < n && src[i] == '^')
					i++;
				if (i < n && src[i] == ']')
					i++;
			} else if (in_class && src[i] == '[' && i + 1 < n && src[i + 1] == ':') {
				const char *e2 = strstr(src + i + 2, ":]");
				i = e2 ? (size_t)(e2 - src) + 2 : i + 1;
			} else {
				if (in_class && src[i] == ']')
					in_class = false;
				i++;
			}
		}
		if (i > run)
			emit(e->x, src + run, i - run, top ? off + run : use_off, use_len, use_name, top);
		if (i >= n)
			break;
		/* src[i] == '%' */
		size_t ns, ne, tokend;
		if (i + 1 < n && src[i + 1] == '%') {
			emit(e->x, "%", 1, top ? off + i : use_off, use_len, use_name, top);
			i += 2;
			continue;
		}
		if (i + 1 < n && src[i + 1] == '{') {
			ns = i + 2;
			ne = ns;
			while (ne < n && name_char(src[ne]))
				ne++;
			if (ne >= n || src[ne] != '}' || ne == ns) {
				emit(e->x, "%", 1, top ? off + i : use_off, use_len, use_name, top);
				i++;
				continue;
			}
			tokend = ne + 1;
		} else if (i + 1 < n && name_start(src[i + 1])) {
			ns = i + 1;
			ne = ns;
			while (ne < n && name_char(src[ne]))
				ne++;
			tokend = ne;
		} else {
			emit(e->x, "%", 1, top ? off + i : use_off, use_len, use_name, top);
			i++;
			continue;
		}
		if (in_class) {
			pl_error_at(e->d, rules_diag_file(rs, file, e->d), off + i, tokend - i,
				    "%%%.*s inside a character class: a list or macro is a pattern, "
				    "not a set of characters", (int)(ne - ns), src + ns);
			e->failed = true;
			i = tokend;
			continue;
		}
		size_t here_off = top ? off + i : use_off, here_len = top ? tokend - i : use_len;
		const char *here_name = top ? NULL : use_name;
		const struct rlist *li = rules_find_list(rs, src + ns, ne - ns);
		struct rmacro *m = li ? NULL : rules_find_macro(rs, src + ns, ne - ns);
		if (!li && !m) {
			/* Report where the unknown name is written: in the rule, or in the
			 * macro body that uses it. */
			const char *path = rules_diag_file(rs, file, e->d);
			if (!already_reported(e->d, path, off + i))
				pl_error_at(e->d, path, off + i, tokend - i,
					    "unknown list or macro '%.*s'", (int)(ne - ns), src + ns);
			e->failed = true;
		} else if (li) {
			struct pl_buf lr = PL_BUF_INIT;
			list_regex(li, &lr);
			if (lr.oom)
				e->x->oom = true;
			else
				emit(e->x, lr.p, lr.len, here_off, here_len,
				     here_name ? here_name : li->name, false);
			pl_buf_free(&lr);
		} else if (m->bad) {
			e->failed = true; /* reported where the macro is defined */
		} else if (m->state == 1) {
			const char *path = rules_diag_file(rs, file, e->d);
			if (!already_reported(e->d, path, off + i))
				pl_error_at(e->d, path, off + i, tokend - i,
					    "macro '%s' refers to itself", m->name);
			m->bad = true;
			e->failed = true;
		} else {
			const char *nm = here_name ? here_name : m->name;
			if (e->for_rule)
				m->used = true;
			m->state = 1;
			e->depth++;
			emit(e->x, "(?:", 3, here_off, here_len, nm, false);
			expand(e, m->body, m->file, m->body_off, here_off, here_len, nm);
			emit(e->x, ")", 1, here_off, here_len, nm, false);
			e->depth--;
			m->state = 0;
		}
		i = tokend;
	}
}

/* Compile one pattern source (or several, as alternatives) for rule r.
 * Returns NULL after a diagnostic. */
/* Report a PCRE2 error of a rule pattern at file offset fo (len ul); `un` is
 * the top-level %NAME whose expansion holds the error, or NULL. */
static void pattern_error(struct pl_ruleset *rs, size_t file, size_t fo, size_t ul, const char *un,
			  const char *msg, struct pl_diags *d)
{
	const struct rmacro *m = un ? rules_find_macro(rs, un, strlen(un)) : NULL;
	if (m && m->suspect) { /* the macro is wrong in itself: say so where it is */
		const char *path = rules_diag_file(rs, m->file, d);
		if (!already_reported(d, path, m->err_off))
			pl_error_at(d, path, m->err_off, m->err_len, "%s", m->err);
	} else if (un) {
		pl_error_at(d, rules_diag_file(rs, file, d), fo, ul, "bad pattern: %s (inside %%%s)", msg,
			    un);
	} else {
		pl_error_at(d, rules_diag_file(rs, file, d), fo, ul, "bad pattern: %s", msg);
	}
}

/* Expand and compile pattern lines (several: as alternatives).  For a rule
 * (`as_macro` NULL) errors are reported; for a macro compiled on its own they
 * are kept in the macro (see struct rmacro).  NULL on error. */
static pcre2_code *compile_pats(struct pl_ruleset *rs, size_t file, bool case_sensitive,
				const struct rpat *pats, size_t npats, struct pl_buf *expanded,
				struct rmacro *as_macro, struct pl_diags *d)
{
	struct expansion x = { 0 };
	struct expander e = { rs, d, &x, false, 0, as_macro == NULL };
	pcre2_code *code = NULL;
	for (size_t k = 0; k < npats; k++) {
		/* Several `match` lines become (?:a)|(?:b): the wrappers map to the
		 * start of the line they belong to. */
		if (npats > 1)
			emit(&x, k ? "|(?:" : "(?:", k ? 4 : 3, pats[k].off, 0, NULL, false);
		expand(&e, pats[k].src, file, pats[k].off, 0, 0, NULL);
		if (npats > 1)
			emit(&x, ")", 1, pats[k].off + strlen(pats[k].src), 0, NULL, false);
	}
	if (x.oom || x.pat.oom) {
		pl_error(d, rules_diag_file(rs, file, d), "out of memory compiling a pattern");
		goto out;
	}
	if (e.failed)
		goto out;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES;
	if (!case_sensitive)
		opts |= PCRE2_CASELESS;
	int err;
	PCRE2_SIZE eoff;
	code = pcre2_compile((PCRE2_SPTR)(x.pat.p ? x.pat.p : ""), x.pat.len, opts, &err, &eoff, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(err, msg, sizeof msg);
		size_t fo, ul = 0;
		const char *un = NULL;
		if (x.pat.len == 0) {
			fo = pats[0].off;
		} else if (eoff < x.pat.len) {
			fo = x.map[eoff];
			ul = x.uselen[eoff];
			un = x.usenames[eoff];
		} else { /* error at the end ("missing )"): just after the pattern as written */
			fo = pats[npats - 1].off + strlen(pats[npats - 1].src);
		}
		if (as_macro) {
			struct pl_buf t = PL_BUF_INIT;
			if (un)
				pl_buf_printf(&t, "bad pattern: %s (inside %%%s)", (const char *)msg, un);
			else
				pl_buf_printf(&t, "bad pattern: %s", (const char *)msg);
			as_macro->err = pl_arena_strndup(rs->arena, t.p ? t.p : "", t.len);
			as_macro->err_off = fo;
			as_macro->err_len = ul;
			as_macro->suspect = as_macro->err != NULL;
			pl_buf_free(&t);
		} else {
			pattern_error(rs, file, fo, ul, un, (const char *)msg, d);
		}
		goto out;
	}
	/* JIT-compiled when first run (rules_prepare); macros compiled on their
	 * own for their errors never are. */
	if (expanded)
		pl_buf_append(expanded, x.pat.p, x.pat.len);
out:
	expansion_free(&x);
	return code;
}

/* Fill r->capname/capgroups from the name table (DUPNAMES: a name may map to
 * several groups; the table is sorted by name so duplicates are adjacent). */
static bool read_names(struct pl_ruleset *rs, struct pl_rule *r, struct pl_diags *d)
{
	uint32_t count = 0, esize = 0;
	PCRE2_SPTR table = NULL;
	pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &r->ngroups);
	pcre2_pattern_info(r->code, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(r->code, PCRE2_INFO_NAMEENTRYSIZE, &esize);
	pcre2_pattern_info(r->code, PCRE2_INFO_NAMETABLE, &table);
	r->ncap = 0;
	for (uint32_t i = 0; i < count; i++) {
		PCRE2_SPTR ent = table + (size_t)i * esize;
		uint16_t grp = (uint16_t)((ent[0] << 8) | ent[1]);
		const char *name = (const char *)(ent + 2);
		if (r->ncap > 0 && strcmp(r->capname[r->ncap - 1], name) == 0) {
			int c = r->ncap - 1;
			if (r->capngroups[c] < 4)
				r->capgroups[c][r->capngroups[c]++] = grp;
			continue;
		}
		if (r->ncap == PL_MAX_CAPTURES) {
			pl_error_at(d, rules_diag_file(rs, r->file, d), r->match[0].off, 0,
				    "too many named captures in rule '%s' (at most %d)", r->id,
				    PL_MAX_CAPTURES);
			return false;
		}
		char *nm = pl_arena_strndup(rs->arena, name, strlen(name));
		if (!nm)
			return false;
		r->capname[r->ncap] = nm;
		r->capgroups[r->ncap][0] = grp;
		r->capngroups[r->ncap] = 1;
		r->ncap++;
	}
	return true;
}


/* Compiled to machine code: then pcre2_jit_match runs it without
 * pcre2_match's per-call checks (the results are the same). */
static bool is_jit(const pcre2_code *c)
{
	size_t size = 0;
	return c && pcre2_pattern_info(c, PCRE2_INFO_JITSIZE, &size) == 0 && size > 0;
}

/* The rule's pattern again, anchored, for trying it only where one of its
 * first literals occurs; NULL (then the rule scans) if that fails. */
static pcre2_code *compile_anchored(const struct pl_rule *r, const char *pat, size_t n)
{
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES | PCRE2_ANCHORED;
	int err;
	PCRE2_SIZE eoff;
	if (!r->case_sensitive)
		opts |= PCRE2_CASELESS;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, n, opts, &err, &eoff, NULL);
	if (c)
		(void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
	return c;
}

/* JIT is an optimization: when unavailable the interpreter runs the same
 * pattern.  Returns whether `c` now runs as machine code. */
static bool jit(pcre2_code *c)
{
	if (c)
		(void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
	return is_jit(c);
}

/* One lock for every set: preparing is rare (once per rule and form). */
static pthread_mutex_t prepare_lock = PTHREAD_MUTEX_INITIALIZER;

void rules_prepare(const struct pl_rule *cr, unsigned what)
{
	if ((atomic_load_explicit(&cr->ready, memory_order_acquire) & what) == what)
		return;
	struct pl_rule *r = (struct pl_rule *)cr; /* a cache of the rule: see rules_impl.h */
	pthread_mutex_lock(&prepare_lock);
	unsigned have = atomic_load_explicit(&r->ready, memory_order_relaxed);
	if ((what & RULE_READY_ANCHORED) && !(have & RULE_READY_ANCHORED)) {
		if (r->apat && !r->acode)
			r->acode = compile_anchored(r, r->apat, r->apatlen);
		r->ajit = is_jit(r->acode);
		bool plain = !r->acode; /* no anchored form: the prefilter scans */
		for (size_t k = 0; k < r->nnot; k++) {
			if (r->notapat[k] && !r->notacode[k])
				r->notacode[k] = compile_anchored(r, r->notapat[k], r->notapatlen[k]);
			r->notjit[k] = (uint8_t)((r->notjit[k] & 1) | is_jit(r->notacode[k]) << 1);
			plain = plain || !r->notacode[k];
		}
		if (plain)
			what |= RULE_READY_PLAIN;
		have |= RULE_READY_ANCHORED;
	}
	if ((what & RULE_READY_PLAIN) && !(have & RULE_READY_PLAIN)) {
		r->jit = jit(r->code);
		for (size_t k = 0; k < r->nnot; k++)
			r->notjit[k] = (uint8_t)((r->notjit[k] & 2) | jit(r->notcode[k]));
		have |= RULE_READY_PLAIN;
	}
	atomic_store_explicit(&r->ready, (unsigned char)have, memory_order_release);
	pthread_mutex_unlock(&prepare_lock);
}

void rules_compile_all(struct pl_ruleset *rs, struct pl_diags *d)
{
	/* Macros first, each on its own, so a bad macro is reported once where it
	 * is defined (rules using it then fail quietly). */
	for (size_t i = 0; i < rs->nmacros; i++) {
		struct rmacro *m = &rs->macros[i];
		if (m->dead || m->bad)
			continue;
		struct rpat p = { m->body, m->body_off };
		m->state = 1;
		pcre2_code *c = compile_pats(rs, m->file, false, &p, 1, NULL, m, d);
		m->state = 0;
		pcre2_code_free(c);
	}
	/* Rules with syntax errors are still compiled, so all their problems are
	 * reported in one run; they stay out of the index. */
	for (size_t i = 0; i < rs->nrules; i++) {
		struct pl_rule *r = &rs->rules[i];
		if (r->dead || r->nmatch == 0)
			continue;
		struct pl_buf exp = PL_BUF_INIT;
		r->code = compile_pats(rs, r->file, r->case_sensitive, r->match, r->nmatch, &exp, NULL, d);
		if (r->code && !exp.oom && exp.p) {
			rules_literals_extract(rs, &r->pf, exp.p, exp.len);
			if (r->pf.nfirst && (r->apat = pl_arena_strndup(rs->arena, exp.p, exp.len)))
				r->apatlen = exp.len;
		}
		pl_buf_free(&exp);
		if (!r->code || !read_names(rs, r, d)) {
			r->broken = true;
			continue;
		}
		if (r->nnot) {
			r->notcode = calloc(r->nnot, sizeof *r->notcode);
			r->notacode = calloc(r->nnot, sizeof *r->notacode);
			r->notpf = calloc(r->nnot, sizeof *r->notpf);
			r->notjit = calloc(r->nnot, sizeof *r->notjit);
			r->notapat = calloc(r->nnot, sizeof *r->notapat);
			r->notapatlen = calloc(r->nnot, sizeof *r->notapatlen);
			if (!r->notcode || !r->notacode || !r->notpf || !r->notjit || !r->notapat ||
			    !r->notapatlen) {
				r->broken = true;
				continue;
			}
			for (size_t k = 0; k < r->nnot; k++) {
				struct pl_buf nexp = PL_BUF_INIT;
				r->notcode[k] = compile_pats(rs, r->file, r->case_sensitive, &r->nots[k], 1,
							     &nexp, NULL, d);
				if (!r->notcode[k])
					r->broken = true;
				else if (!nexp.oom && nexp.p) {
					/* a `not` line is tried where its first literals occur, as a rule is */
					rules_literals_extract(rs, &r->notpf[k], nexp.p, nexp.len);
					if (r->notpf[k].nfirst &&
					    (r->notapat[k] = pl_arena_strndup(rs->arena, nexp.p, nexp.len)))
						r->notapatlen[k] = nexp.len;
				}
				pl_buf_free(&nexp);
			}
		}
		for (size_t k = 0; k < r->nattr; k++)
			if (strcmp(r->attr[k].name, "value") == 0) {
				size_t before = d->nerrors;
				size_t voff = r->attr[k].off + 5;
				const char *t = rs->files[r->file].text;
				while (t[voff] == ' ' || t[voff] == '\t')
					voff++;
				rules_check_template(rs, r, r->attr[k].val, voff, d);
				if (d->nerrors != before)
					r->broken = true;
			}
		if (r->ngroups + 1 > rs->maxgroups)
			rs->maxgroups = r->ngroups + 1;
		rules_prefilter_build(rs, r);
	}
	/* A macro that fails on its own and that no rule uses has no context
	 * that could make it right: report it. */
	for (size_t i = 0; i < rs->nmacros; i++) {
		struct rmacro *m = &rs->macros[i];
		if (m->dead || !m->suspect || m->used)
			continue;
		const char *path = rules_diag_file(rs, m->file, d);
		if (!already_reported(d, path, m->err_off))
			pl_error_at(d, path, m->err_off, m->err_len, "%s", m->err);
	}
}

static int cmp_rule(const void *a, const void *b)
{
	const struct pl_rule *x = *(struct pl_rule *const *)a, *y = *(struct pl_rule *const *)b;
	if (x->prio != y->prio)
		return x->prio > y->prio ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

bool rules_index_kinds(struct pl_ruleset *rs)
{
	for (size_t i = 0; i < rs->nrules; i++) {
		struct pl_rule *r = &rs->rules[i];
		if (r->dead || r->broken || !r->code || !r->kind)
			continue;
		struct kindidx *k = NULL;
		for (size_t j = 0; j < rs->nkinds; j++)
			if (strcmp(rs->kinds[j].kind, r->kind) == 0)
				k = &rs->kinds[j];
		if (!k) {
			void *p = realloc(rs->kinds, (rs->nkinds + 1) * sizeof *rs->kinds);
			if (!p)
				return false;
			rs->kinds = p;
			k = &rs->kinds[rs->nkinds++];
			*k = (struct kindidx){ r->kind, NULL, 0, 0 };
		}
		void *p = realloc(k->rules, (k->n + 1) * sizeof *k->rules);
		if (!p)
			return false;
		k->rules = p;
		k->rules[k->n++] = r;
		k->nveto += r->veto;
	}
	for (size_t j = 0; j < rs->nkinds; j++)
		qsort(rs->kinds[j].rules, rs->kinds[j].n, sizeof *rs->kinds[j].rules, cmp_rule);
	return true;
}

const struct kindidx *rules_kind(const struct pl_ruleset *rs, const char *kind)
{
	for (size_t j = 0; j < rs->nkinds; j++)
		if (strcmp(rs->kinds[j].kind, kind) == 0)
			return &rs->kinds[j];
	return NULL;
}

/* ---- Accessors ------------------------------------------------------------- */

size_t pl_rules_of_kind(const struct pl_ruleset *rs, const char *kind,
			const struct pl_rule *const **out)
{
	const struct kindidx *k = rs ? rules_kind(rs, kind) : NULL;
	*out = k ? (const struct pl_rule *const *)k->rules : NULL;
	return k ? k->n : 0;
}

size_t pl_rules_count(const struct pl_ruleset *rs)
{
	size_t n = 0;
	for (size_t j = 0; rs && j < rs->nkinds; j++)
		n += rs->kinds[j].n;
	return n;
}

const char *pl_rules_kind_at(const struct pl_ruleset *rs, size_t i)
{
	return rs && i < rs->nkinds ? rs->kinds[i].kind : NULL;
}

const char *pl_rule_id(const struct pl_rule *r) { return r->id; }
int pl_rule_priority(const struct pl_rule *r) { return r->prio; }
bool pl_rule_is_veto(const struct pl_rule *r) { return r->veto; }
size_t pl_rule_offset(const struct pl_rule *r) { return r->off; }
const char *pl_rule_file(const struct pl_rule *r) { return r->path; }

const char *pl_rule_attr(const struct pl_rule *r, const char *name)
{
	for (size_t i = 0; i < r->nattr; i++)
		if (strcmp(r->attr[i].name, name) == 0)
			return r->attr[i].val;
	return NULL;
}
